"""Rewriting a file a person wrote keeps its comments and layout and changes only the values."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from compliance_check.assess.template import render_template
from compliance_check.cli import app
from compliance_check.files.yamlio import parse_yaml
from compliance_check.files.yamlkeep import KeptDocument
from compliance_check.model.answers import load_answers
from compliance_check.model.checklist import Checklist
from tests.conftest import MINI_CHECKLIST


def filled_template(mini: Checklist, folder: Path) -> Path:
    text = render_template(mini, mini.profile("full"), date(2026, 11, 25))
    text = text.replace("\nauthority:\n", "\nauthority: Mini Town Council\n")
    text = text.replace("\n  role:\n", "\n  role: information_governance\n")
    # The user's own comment, among the tool's.
    text = text.replace("\nresponses:\n", "\nresponses:\n  # Checked with the SIRO on 3 Nov.\n")
    path = folder / "mini.answers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def comments(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.lstrip().startswith("#")]


def test_resuming_a_filled_in_template_keeps_every_comment_and_line(
    runner: CliRunner, mini: Checklist, tmp_path: Path
) -> None:
    path = filled_template(mini, tmp_path)
    before = path.read_text(encoding="utf-8")
    assert len(comments(before)) > 20
    typed = "y\nIn the IG policy, section 4\n\nn\n\n\nq\n"
    result = runner.invoke(
        app, ["assess", "--resume", str(path), "-c", str(MINI_CHECKLIST)], input=typed
    )
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8")
    assert comments(after) == comments(before)
    assert "  # Checked with the SIRO on 3 Nov." in after
    changed = [
        (old, new)
        for old, new in zip(before.splitlines(), after.splitlines(), strict=True)
        if old != new
    ]
    assert changed == [
        ("    answer:", '    answer: "yes"'),
        ("    note:", "    note: In the IG policy, section 4"),
        ("    answer:", '    answer: "no"'),
    ]
    saved = load_answers(path, mini)
    first, second = list(mini.requirements)[:2]
    assert saved.responses[first].answer == "yes" and saved.responses[second].answer == "no"


def test_values_the_reader_would_take_for_another_type_are_quoted() -> None:
    text = "# kept\nname: x\nitems:\n  A: 1\n"
    kept = KeptDocument(text, {"name": "x", "items": {"A": 1}})
    rendered = kept.render({"name": "2026-01-01", "items": {"A": 1, "B": "no"}, "more": "yes"})
    assert rendered == '# kept\nname: "2026-01-01"\nitems:\n  A: 1\n  B: "no"\nmore: "yes"\n'
    assert parse_yaml(rendered, Path("x.yaml")).data == {
        "name": "2026-01-01",
        "items": {"A": 1, "B": "no"},
        "more": "yes",
    }


def test_a_value_no_longer_given_is_emptied_and_the_next_comment_stays() -> None:
    text = "a:\n  note: old\n  evidence: [x]\n  # about b\nb: 1\n"
    kept = KeptDocument(text, {"a": {"note": "old", "evidence": ["x"]}, "b": 1})
    assert kept.render({"a": {}, "b": 1}) == "a:\n  note:\n  evidence: []\n  # about b\nb: 1\n"


def test_answers_sharing_an_anchor_are_saved_right(
    runner: CliRunner, mini: Checklist, tmp_path: Path
) -> None:
    first, second = list(mini.requirements)[:2]
    path = tmp_path / "shared.answers.yaml"
    path.write_text(
        "# my file\n"
        'checklist: mini-checklist\nchecklist_version: "2.1"\nauthority: A\n'
        "respondent: {role: it_staff}\nassessed_on: 2026-11-25\nresponses:\n"
        f"  {first}: &same {{answer: partly}}\n  {second}: *same\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app,
        ["assess", "--review", str(path), "-c", str(MINI_CHECKLIST)],
        input="y\n\n\nq\n",
    )
    assert result.exit_code == 0, result.output
    saved = load_answers(path, mini)
    assert saved.responses[first].answer == "yes"
    assert saved.responses[second].answer == "partly"
