"""The README stays short and the reference in docs/ names every command and option."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main

from compliance_check.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
COMMANDS = DOCS / "commands.md"
README_MOST_LINES = 300


def commands() -> dict[str, list[str]]:
    """Every command a user can run, as typed ("checklist show"), with its options' names."""
    found: dict[str, list[str]] = {}
    pending = [("", typer.main.get_command(app))]
    while pending:
        prefix, command = pending.pop()
        names = [
            name
            for param in command.params
            for name in [*param.opts, *param.secondary_opts]
            if name.startswith("-")
        ]
        subcommands = getattr(command, "commands", {})
        if not subcommands or names:
            found[prefix] = names
        pending += [(f"{prefix} {name}".strip(), sub) for name, sub in subcommands.items()]
    return found


def sections(text: str) -> list[tuple[str, str]]:
    """Each second-level section of a Markdown page: (its heading, the text under it)."""
    parts = re.split(r"^## (.*)$", text, flags=re.MULTILINE)
    return list(zip(parts[1::2], parts[2::2], strict=True))


def mentions(text: str, name: str) -> bool:
    """Whether ``name`` (an option such as -o or --max-file-size) appears as a whole word."""
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text) is not None


COMMANDS_FOUND = commands()


def test_every_command_is_found() -> None:
    # The walk is what the tests below trust: it must see the commands a user sees.
    assert {"", "assess", "score", "batch", "checklist show", "checklist list"} <= set(
        COMMANDS_FOUND
    )
    assert "--max-file-size" in COMMANDS_FOUND["batch"]


@pytest.mark.parametrize("command", [c for c in COMMANDS_FOUND if c])
def test_every_command_has_a_section_naming_each_of_its_options(command: str) -> None:
    own = [body for heading, body in sections(COMMANDS.read_text()) if f"`{command}`" in heading]
    assert own, f"docs/commands.md has no section whose heading names `{command}`"
    text = "\n".join(own)
    missing = [name for name in COMMANDS_FOUND[command] if not mentions(text, name)]
    assert not missing, f"docs/commands.md, section on `{command}`, does not name {missing}"


def test_the_programs_own_options_are_in_the_docs() -> None:
    text = COMMANDS.read_text()
    assert all(mentions(text, name) for name in COMMANDS_FOUND[""])


def test_the_mention_check_sees_whole_options_only() -> None:
    assert mentions("`--output/-o FILE`", "-o")
    assert not mentions("`--output FILE`", "-o")
    assert not mentions("--checklist-before", "--checklist")


def test_the_readme_is_short_and_leads_to_every_reference_page() -> None:
    assert len(README.read_text().splitlines()) <= README_MOST_LINES
    reached, pending = set(), [README.resolve()]
    while pending:
        page = pending.pop()
        for target in re.findall(r"\]\(([^)#:]+\.md)", page.read_text()):
            linked = (page.parent / target).resolve()
            if linked not in reached and linked.is_file():
                reached.add(linked)
                pending.append(linked)
    pages = {page.resolve() for page in DOCS.glob("*.md")}
    unreached = sorted(page.name for page in pages - reached)
    assert not unreached, f"no link from the README leads to docs/{unreached}"


@pytest.mark.parametrize("page", [README, *sorted(DOCS.glob("*.md"))], ids=lambda p: p.name)
def test_links_between_pages_lead_to_a_file_and_a_heading_there(page: Path) -> None:
    for target, anchor in re.findall(r"\]\(([^)#:]+\.(?:md|png))(?:#([^)]+))?\)", page.read_text()):
        linked = (page.parent / target).resolve()
        assert linked.is_file(), f"{page.name} links {target}, which is not there"
        if anchor:
            slugs = {slug(h) for h in re.findall(r"^#+ (.*)$", linked.read_text(), re.MULTILINE)}
            assert anchor in slugs, f"{page.name} links {target}#{anchor}: no such heading"
    for anchor in re.findall(r"\]\(#([^)]+)\)", page.read_text()):
        slugs = {slug(h) for h in re.findall(r"^#+ (.*)$", page.read_text(), re.MULTILINE)}
        assert anchor in slugs, f"{page.name} links #{anchor}: no such heading"


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    kept = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return kept.replace(" ", "-")
