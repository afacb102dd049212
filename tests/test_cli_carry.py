"""Answers of an earlier version opened against a later one: crosswalk, template, assess."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compliance_check.cli import app
from compliance_check.model.answers import load_answers, save_answers
from compliance_check.model.checklist import Answer, load_checklist
from tests.conftest import answers_for
from tests.versions import CARRIED, NEWER, OLDER, ship_versions

ANSWERED = {"AA-01": "yes", "AA-02": "partly", "AA-03": "no", "BB-01": "yes", "BB-02": "no"}


@pytest.fixture
def earlier(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A 1.1 answers file, with 1.1 and 1.2 shipped."""
    ship_versions(monkeypatch, tmp_path / "shipped")
    path = tmp_path / "council.answers.yaml"
    save_answers(path, answers_for(load_checklist(OLDER), ANSWERED, authority_code="E07000112"))
    return path


def kept_and_proposed(path: Path) -> tuple[dict[str, Answer], dict[str, Answer | None]]:
    answers = load_answers(path, load_checklist(NEWER))
    return (
        {k: r.answer for k, r in answers.responses.items() if r.answer is not None},
        {k: r.proposal.answer for k, r in answers.responses.items() if r.proposal is not None},
    )


def test_crosswalk_to_the_same_checklist_carries_answers_to_its_newest_version(
    runner: CliRunner, earlier: Path
) -> None:
    out = earlier.with_name("2026.answers.yaml")
    result = runner.invoke(
        app, ["crosswalk", str(earlier), "--to", "carry-checklist", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == CARRIED
    kept, proposed = kept_and_proposed(out)
    assert kept == {"AA-01": Answer.YES, "AA-02": Answer.PARTLY, "BB-02": Answer.NO}
    assert proposed == {"AA-03": Answer.NO}
    scored = json.loads(runner.invoke(app, ["score", str(out), "--format", "json"]).stdout)
    assert scored["checklist"]["version"] == "1.2" and scored["counts"]["answered"] == 3
    assert scored["proposed_not_confirmed"] == ["AA-03"]


def test_crosswalk_carries_earlier_answers_through_a_crosswalk_of_the_newer_version(
    runner: CliRunner, earlier: Path
) -> None:
    out = earlier.with_name("mini.answers.yaml")
    args = ["crosswalk", str(earlier), "--to", "mini-checklist", "-o", str(out), "--format", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["crosswalk"] == "carry-to-mini"
    table = runner.invoke(app, [*args[:-2], "--force"])
    assert table.exit_code == 0, table.output
    assert table.stdout.splitlines()[0] == (
        "The crosswalk was judged against carry-checklist 1.2: 3 answers of carry-checklist 1.1 "
        "ask the same there and were carried on; the question changed for AA-03, so theirs were "
        "not."
    )
    assert data["version_carried"]["from"] == "carry-checklist 1.1"
    assert data["version_carried"]["proposed"] == ["AA-03"]
    answers = load_answers(
        out, load_checklist(Path(__file__).parent / "data" / "mini-checklist.yaml")
    )
    proposals = {k: r.proposal for k, r in answers.responses.items() if r.proposal is not None}
    # Answers whose question is unchanged flow on; a changed question's answer does not, until
    # a person confirms it.
    assert {k: p.answer for k, p in proposals.items()} == {"AA-01": Answer.YES, "BB-02": Answer.NO}
    assert proposals["AA-01"].provenance().startswith("from carry-checklist 1.2: AA-01 yes")


def test_template_from_an_earlier_file_fills_in_the_later_version(
    runner: CliRunner, earlier: Path
) -> None:
    form = earlier.with_name("review.xlsx")
    args = ["template", "-o", str(form), "--from", str(earlier), "--version", "1.2"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "The question changed for AA-03" in result.stderr
    assert "Re-graded in carry-checklist 1.2: AA-02 should to must." in result.stderr
    scored = json.loads(runner.invoke(app, ["score", str(form), "--format", "json"]).stdout)
    assert scored["checklist"]["version"] == "1.2"
    answers = {item["id"]: item["answer"] for item in scored["items"]}
    assert answers["AA-01"] == "yes" and answers["AA-02"] == "partly"
    assert answers["AA-03"] is None and answers["BB-03"] is None
    # Back to an earlier version is refused, and nothing is written.
    newer_file = earlier.with_name("new.answers.yaml")
    save_answers(newer_file, answers_for(load_checklist(NEWER), {}))
    back = runner.invoke(
        app,
        [
            "template",
            "-o",
            str(form.with_name("x.xlsx")),
            "--from",
            str(newer_file),
            "--version",
            "1.1",
        ],
    )
    assert back.exit_code == 3 and "carry forward only" in back.stderr
    assert not form.with_name("x.xlsx").exists()


def test_assess_resume_with_a_later_version_works_on_a_carried_copy(
    runner: CliRunner, earlier: Path
) -> None:
    before = earlier.read_text(encoding="utf-8")
    result = runner.invoke(
        app, ["assess", "--resume", str(earlier), "--version", "1.2"], input="q\n"
    )
    assert result.exit_code == 0, result.output
    carried = earlier.with_name("council.v1.2.answers.yaml")
    assert "The question changed for AA-03" in result.stderr
    assert f"Wrote {carried}, carried to carry-checklist 1.2; {earlier} is left as it was." in (
        " ".join(result.stderr.split())
    )
    assert earlier.read_text(encoding="utf-8") == before
    kept, proposed = kept_and_proposed(carried)
    assert set(kept) == {"AA-01", "AA-02", "BB-02"} and proposed == {"AA-03": Answer.NO}
    # The wizard opens at the proposal to confirm.
    assert "AA-03" in result.stdout and "Proposed: No" in result.stdout
    # Run again, the copy is not overwritten without --force.
    again = runner.invoke(
        app, ["assess", "--resume", str(earlier), "--version", "1.2"], input="q\n"
    )
    assert again.exit_code == 3 and "--force" in again.stderr
