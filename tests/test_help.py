"""`--help` for people: every command's help at 80 columns, in plain words and working order."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from compliance_check.cli import app
from compliance_check.cli.help import COMMAND_ORDER


def command_paths() -> list[list[str]]:
    """Every command and group, as the words typed before --help."""
    paths: list[list[str]] = [[]]
    pending = [([], typer.main.get_command(app))]
    while pending:
        prefix, group = pending.pop()
        for name, command in getattr(group, "commands", {}).items():
            paths.append([*prefix, name])
            pending.append(([*prefix, name], command))
    return paths


HELP_PAGES = {" ".join(path) or "(main)": path for path in command_paths()}


def help_text(words: list[str], columns: int) -> str:
    result = CliRunner().invoke(app, [*words, "--help"], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return result.stdout


@pytest.mark.parametrize("words", HELP_PAGES.values(), ids=HELP_PAGES.keys())
def test_help_at_80_columns_is_plain_whole_words_that_fit(words: list[str]) -> None:
    text = help_text(words, 80)
    assert [line for line in text.splitlines() if len(line) > 80] == []
    # Programmers' types and Click's metavar braces mean nothing to the people reading.
    assert not re.search(r"<[a-z][a-zA-Z_\[\]| ]*>", text), text
    assert not re.search(r"\{[A-Z.]+\}|\[x?[<>]=", text), text
    assert not re.search(r"[─│╭╮╰╯]", text)
    # Wrapping only ever moves whole words: the words are those of the unwrapped help.
    assert text.split() == help_text(words, 1000).split()


@pytest.mark.parametrize("words", [w for w in HELP_PAGES.values() if w and w != ["checklist"]])
def test_every_command_has_one_example_on_one_line(words: list[str]) -> None:
    lines = help_text(words, 80).splitlines()
    assert lines.count("Example:") == 1
    example = lines[lines.index("Example:") + 1]
    assert example.startswith(f"  compliance-check {' '.join(words)}")
    assert len(example) <= 80


def test_commands_are_listed_in_the_order_a_council_uses_them() -> None:
    text = help_text([], 80)
    listed = re.findall(r"^  ([a-z-]+)\s", text.split("Commands")[1], flags=re.MULTILINE)
    assert listed[: len(COMMAND_ORDER)] == list(COMMAND_ORDER)
    # The order for the commands a council uses; the others come after them.
    assert listed[:6] == ["assess", "template", "score", "report", "compare", "batch"]
    assert set(listed) == {path[0] for path in command_paths() if len(path) == 1}


def test_choices_bounds_and_defaults_are_said_in_words() -> None:
    text = " ".join(help_text(["assess"], 80).split())
    assert "--role ROLE Your role; asked when not given. One of: chief_executive," in text
    assert "--max-file-size MB Largest input file accepted, in MB (up to 100). Default: 5.0." in (
        text
    )
    assert "--force Start again over an existing answers file." in text
    score = " ".join(help_text(["score"], 80).split())
    assert "Exit 1 when the overall score is below this percentage. From 0 to 100." in score


BOXES = set("─│╭╮╰╯┃━")


@pytest.mark.parametrize("term", ["dumb", "xterm-256color"])
@pytest.mark.parametrize(
    ("words", "said"),
    [
        (
            ["score", "x.yaml", "--ouput", "out.xlsx"],
            "error: compliance-check score has no option --ouput, e.g. compliance-check score ",
        ),
        (
            ["score", "x.yaml", "--fail-under", "abc"],
            "error: --fail-under takes a number from 0 to 100, e.g. compliance-check score "
            "council.answers.yaml --fail-under 80 (more in compliance-check score --help)",
        ),
        (
            ["batch", "d", "--jobs", "0"],
            "error: --jobs takes a whole number of at least 1, e.g. compliance-check batch ",
        ),
        (["report"], "error: compliance-check report needs ANSWERS: the answers file"),
        (["scor"], "error: there is no command 'scor' (did you mean score?)"),
    ],
)
def test_a_mistake_in_the_command_is_one_plain_line_in_our_words(
    term: str, words: list[str], said: str
) -> None:
    done = subprocess.run(
        [str(Path(sys.executable).with_name("compliance-check")), *words],
        capture_output=True,
        text=True,
        env={**os.environ, "TERM": term, "COLUMNS": "80"},
        check=False,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(said), done.stderr
    assert not BOXES & set(done.stderr)
    for internal in ("{", "Input should", "Value error", "Usage:", "Try '"):
        assert internal not in done.stderr


def test_a_misspelt_option_is_offered_the_one_meant(runner: CliRunner) -> None:
    result = runner.invoke(app, ["report", "x.yaml", "--ouput", "r.xlsx"])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "error: compliance-check report has no option --ouput (did you mean --output?), e.g. "
    )
