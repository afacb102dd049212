"""report, brief and import name their output after their input when -o is not given."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compliance_check.cli import app
from compliance_check.files.names import answers_for, briefing_for, gap_report_for
from compliance_check.model.answers import load_answers
from tests.conftest import EXAMPLE_ANSWERS
from tests.test_cli_import import filled_form
from tests.workbooks import full_answers, shipped


@pytest.mark.parametrize(
    ("given", "report", "briefing", "answers"),
    [
        ("council.answers.yaml", "council-gap-report.xlsx", "council-briefing.html", None),
        ("Kent 2026.yml", "Kent 2026-gap-report.xlsx", "Kent 2026-briefing.html", None),
        ("form.xlsx", "form-gap-report.xlsx", "form-briefing.html", "form.answers.yaml"),
        ("kent-gap-report.xlsx", None, None, "kent.answers.yaml"),
        ("NOTES", "NOTES-gap-report.xlsx", "NOTES-briefing.html", "NOTES.answers.yaml"),
    ],
)
def test_names_follow_the_input_beside_it(
    given: str, report: str | None, briefing: str | None, answers: str | None
) -> None:
    folder = Path("some/folder")
    for made, wanted in (
        (gap_report_for, report),
        (briefing_for, briefing),
        (answers_for, answers),
    ):
        if wanted is not None:
            assert made(folder / given) == folder / wanted


@pytest.mark.parametrize(
    ("command", "made"), [("report", "c-gap-report.xlsx"), ("brief", "c-briefing.html")]
)
def test_report_and_brief_write_beside_the_answers_and_never_over_a_file(
    runner: CliRunner, tmp_path: Path, command: str, made: str
) -> None:
    answers = tmp_path / "c.answers.yaml"
    shutil.copy(EXAMPLE_ANSWERS, answers)
    first = runner.invoke(app, [command, str(answers)])
    assert first.exit_code == 0, first.output
    written = tmp_path / made
    assert f"Wrote {written}" in first.stderr
    before = written.read_bytes()

    again = runner.invoke(app, [command, str(answers)])
    assert again.exit_code == 3 and "--force" in again.stderr
    assert again.stderr.count("\n") == 1 and written.read_bytes() == before
    forced = runner.invoke(app, [command, str(answers), "--force"])
    assert forced.exit_code == 0, forced.output
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["c.answers.yaml", made])


def test_import_writes_form_answers_and_a_dry_run_shows_a_new_file(
    runner: CliRunner, tmp_path: Path
) -> None:
    answers = full_answers(shipped())
    form = filled_form(tmp_path, answers)
    target = tmp_path / "filled.answers.yaml"

    dry = runner.invoke(app, ["import", str(form), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    answered = sum(r.answer is not None for r in answers.responses.values())
    assert dry.stdout.startswith(f"new file: {answers.authority}, ")
    # Every answer the new file would hold is listed, not just that there is one.
    assert sum(" answer: " in line for line in dry.stdout.splitlines()) == answered
    assert dry.stderr == (
        f"Dry run: {target} would get a new answers file, {answered} answer(s), shown above; "
        "nothing written.\n"
    )
    assert not target.exists()

    done = runner.invoke(app, ["import", str(form)])
    assert done.exit_code == 0, done.output
    assert load_answers(target).responses.keys() <= answers.responses.keys()
    before = target.read_bytes()
    changed = runner.invoke(app, ["import", str(form)])
    assert changed.exit_code == 0 and "nothing to change" in changed.stderr
    assert target.read_bytes() == before
