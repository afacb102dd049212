"""Today's duties beside 2008: the second checklist, its crosswalk, proposals and nations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compliance_check.cli import app
from compliance_check.files.locking import AnswersLock
from compliance_check.model.answers import load_answers, save_answers
from compliance_check.model.checklist import Answer, Checklist, Nation, find_shipped_checklist
from compliance_check.model.crosswalk import shipped_crosswalk_paths
from tests.conftest import answers_for

DUTIES = "uk-council-data-duties"
LGA = "lga-data-handling-2008"


@pytest.fixture(scope="module")
def duties() -> Checklist:
    return find_shipped_checklist(DUTIES)


@pytest.fixture(scope="module")
def lga() -> Checklist:
    return find_shipped_checklist(LGA)


def newest_crosswalk() -> Path:
    """The crosswalk between the newest versions (today's duties 1.1, LGA 1.2)."""
    [path] = [p for p in shipped_crosswalk_paths() if "-1.1-to-lga-2008-1.2" in p.name]
    return path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_both_shipped_checklists_and_the_crosswalk_validate(
    runner: CliRunner, duties: Checklist, lga: Checklist
) -> None:
    paths = [str(path) for path in shipped_crosswalk_paths()]
    result = runner.invoke(app, ["checklist", "validate", *paths])
    assert result.exit_code == 0, result.output
    assert "valid — crosswalk uk-council-data-duties-to-lga-2008," in result.stdout
    assert "valid — crosswalk uk-council-data-duties-1-1-to-lga-2008-1-2," in result.stdout
    assert len(duties.requirements) == 74 and len(lga.requirements) == 61


def test_checklist_list_shows_what_is_shipped(runner: CliRunner) -> None:
    result = runner.invoke(app, ["checklist", "list"])
    assert result.exit_code == 0, result.output
    assert f"{DUTIES} 1.0" in result.stdout and f"{LGA} 1.1" in result.stdout
    assert f"{DUTIES} 1.1" in result.stdout and f"{LGA} 1.2" in result.stdout
    assert "crosswalk uk-council-data-duties-to-lga-2008:" in result.stdout
    assert "crosswalk uk-council-data-duties-1-1-to-lga-2008-1-2:" in result.stdout


def test_today_s_must_items_rest_on_law_or_a_connection(duties: Checklist) -> None:
    for requirement in duties.requirements.values():
        assert requirement.basis, requirement.id
        assert (requirement.priority.value == "must") == (
            requirement.tier is not None and requirement.tier.value != "good_practice"
        ), requirement.id


def test_a_crosswalk_naming_an_unknown_id_names_the_file_line_and_closest_id(
    runner: CliRunner, tmp_path: Path
) -> None:
    shipped = newest_crosswalk()
    broken = tmp_path / "broken.yaml"
    text = shipped.read_text(encoding="utf-8")
    broken.write_text(text.replace("- GOV-01\n", "- GOV-10\n", 1), encoding="utf-8")
    result = runner.invoke(app, ["checklist", "validate", str(broken)])
    assert result.exit_code == 3
    line = text[: text.index("- GOV-01\n")].count("\n") + 1
    assert result.stderr.startswith(f"error: {broken}:{line}:")
    assert "GOV-10 is not an item of lga-data-handling-2008 1.2" in result.stderr
    assert "did you mean" in result.stderr


def test_a_crosswalk_leaving_an_item_unmapped_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    shipped = newest_crosswalk()
    broken = tmp_path / "silent.yaml"
    text = shipped.read_text(encoding="utf-8")
    start = text.index("  - id: T-SPC-09\n")
    end = text.index("  - id:", start + 1) if "  - id:" in text[start + 1 :] else len(text)
    broken.write_text(text[:start] + text[end:], encoding="utf-8")
    result = runner.invoke(app, ["checklist", "validate", str(broken)])
    assert result.exit_code == 3
    assert "T-SPC-09" in result.stderr and "neither linked nor listed" in result.stderr


def full_2008_answers(lga: Checklist, tmp_path: Path, answer: Answer = Answer.YES) -> Path:
    responses = {
        item: {"answer": (Answer.NOT_APPLICABLE if answer is Answer.NOT_APPLICABLE else answer)}
        for item in lga.requirements
    }
    path = tmp_path / "c2008.answers.yaml"
    save_answers(path, answers_for(lga, responses, authority_code="E07000112"))
    return path


def test_2008_answers_become_proposals_that_are_not_scored_until_confirmed(
    runner: CliRunner, tmp_path: Path, lga: Checklist, duties: Checklist
) -> None:
    source = full_2008_answers(lga, tmp_path)
    out = tmp_path / "today.answers.yaml"
    result = runner.invoke(app, ["crosswalk", str(source), "--to", DUTIES, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "give a starting point for" in result.stdout and "need new answers" in result.stdout
    carried = load_answers(out, duties)
    proposals = {k: r.proposal for k, r in carried.responses.items() if r.proposal is not None}
    assert proposals and all(r.answer is None for r in carried.responses.values())
    dpo = proposals["T-GOV-03"]
    assert dpo is not None and dpo.answer is Answer.YES
    assert "GOV-01 yes + GOV-02 yes (equivalent-to, X-093)" in dpo.provenance()
    # Items linked only by an overlap get partly at most; nothing invents an answer for a
    # duty the 2008 guideline never asked about, nor for the DPO, whom a SIRO is not.
    assert proposals["T-GOV-05"] is not None and proposals["T-GOV-05"].answer is Answer.YES
    assert proposals["T-LAW-01"] is not None and proposals["T-LAW-01"].answer is Answer.PARTLY
    assert "T-RTS-04" not in proposals and "T-GOV-01" not in proposals
    scored = runner.invoke(app, ["score", str(out), "--format", "json"])
    data = json.loads(scored.stdout)
    assert data["counts"]["answered"] == 0 and data["complete"] is False
    assert set(data["proposed_not_confirmed"]) == set(proposals)
    table = runner.invoke(app, ["score", str(out)])
    assert f"{len(proposals)} proposed, not yet confirmed" in table.stdout


def test_the_crosswalk_never_overwrites_an_answer_and_needs_force(
    runner: CliRunner, tmp_path: Path, lga: Checklist, duties: Checklist
) -> None:
    source = full_2008_answers(lga, tmp_path, Answer.NO)
    out = tmp_path / "today.answers.yaml"
    save_answers(out, answers_for(duties, {"T-GOV-03": {"answer": "yes"}}))
    refused = runner.invoke(app, ["crosswalk", str(source), "--to", DUTIES, "-o", str(out)])
    assert refused.exit_code == 3 and "--force" in refused.stderr
    result = runner.invoke(
        app, ["crosswalk", str(source), "--to", DUTIES, "-o", str(out), "--force"]
    )
    assert result.exit_code == 0, result.output
    kept = load_answers(out, duties).responses["T-GOV-03"]
    assert kept.answer is Answer.YES and kept.proposal is None


def test_a_welsh_council_leaves_england_only_items_out_and_names_them(
    runner: CliRunner, tmp_path: Path, duties: Checklist
) -> None:
    every = {item: {"answer": "yes"} for item in duties.requirements}
    path = tmp_path / "wales.answers.yaml"
    save_answers(path, answers_for(duties, every, authority_code="W06000001"))
    data = json.loads(runner.invoke(app, ["score", str(path), "--format", "json"]).stdout)
    england_only = [
        r.id for r in duties.requirements.values() if [n.value for n in r.nations] == ["E"]
    ]
    assert england_only and set(england_only) <= set(data["not_in_nation"])
    assert data["nation"] == "W" and data["score"] == 100.0
    assert data["counts"]["items"] == len(duties.requirements) - len(data["not_in_nation"])
    table = runner.invoke(app, ["score", str(path)])
    assert "Not scored in Wales" in table.stdout and england_only[0] in table.stdout


def test_a_nation_that_contradicts_the_authority_code_is_refused(
    runner: CliRunner, tmp_path: Path, duties: Checklist
) -> None:
    path = tmp_path / "x.answers.yaml"
    save_answers(path, answers_for(duties, {}, authority_code="W06000001"))
    path.write_text(path.read_text() + "nation: E\n")
    result = runner.invoke(app, ["score", str(path)])
    assert result.exit_code == 3 and "authority in Wales" in result.stderr


def test_a_shipped_checklist_is_chosen_by_id(runner: CliRunner) -> None:
    result = runner.invoke(app, ["checklist", "show", DUTIES])
    assert result.exit_code == 0, result.output
    assert "T-RTS-04" in result.stdout
    template = runner.invoke(app, ["template", "--checklist", DUTIES])
    assert template.exit_code == 0 and "T-RTS-04" in template.stdout


def test_the_gap_report_of_a_proposals_file_shows_the_coverage_and_the_nation(
    runner: CliRunner, tmp_path: Path, lga: Checklist, duties: Checklist
) -> None:
    from openpyxl import load_workbook

    source = tmp_path / "c2008.answers.yaml"
    save_answers(
        source,
        answers_for(
            lga, {item: {"answer": "yes"} for item in lga.requirements}, authority_code="W06000001"
        ),
    )
    today = tmp_path / "today.answers.yaml"
    runner.invoke(app, ["crosswalk", str(source), "--to", DUTIES, "-o", str(today)])
    report = tmp_path / "r.xlsx"
    result = runner.invoke(app, ["report", str(today), "-o", str(report)])
    assert result.exit_code == 0, result.output
    workbook = load_workbook(report)
    rows = list(workbook["Proposals"].iter_rows(values_only=True))
    in_wales = sum(1 for r in duties.requirements.values() if r.applies_in(Nation.WALES))
    assert "give a starting point for" in str(rows[1][0])
    assert f"of the {in_wales} items" in str(rows[1][0])
    assert any(row[0] == "T-GOV-03" and row[2] == "Yes" for row in rows)
    method = {row[0]: row[1] for row in workbook["Method"].iter_rows(values_only=True)}
    assert str(method["Nation"]).startswith("Scored for Wales") and "T-GOV-08" in method["Nation"]


def filled_template(runner: CliRunner, path: Path) -> Path:
    """The duties checklist's blank answers file, its question comments and all, filled in."""
    made = runner.invoke(app, ["template", "-c", DUTIES, "-o", str(path)])
    assert made.exit_code == 0, made.output
    text = path.read_text(encoding="utf-8")
    text = text.replace("\nauthority:\n", "\nauthority: Example Borough Council\n", 1)
    text = text.replace("\n  role:\n", "\n  role: information_governance\n", 1)
    path.write_text(text.replace("    answer:\n", '    answer: "yes"\n', 1), encoding="utf-8")
    return path


def _comments(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if "#" in line]


def test_proposals_added_with_force_keep_every_comment_of_the_file(
    runner: CliRunner, tmp_path: Path, lga: Checklist, duties: Checklist
) -> None:
    source = full_2008_answers(lga, tmp_path, Answer.NO)
    out = filled_template(runner, tmp_path / "today.answers.yaml")
    comments = _comments(out)
    assert len(comments) > 500  # each question and its guidance
    result = runner.invoke(
        app, ["crosswalk", str(source), "--to", DUTIES, "-o", str(out), "--force"]
    )
    assert result.exit_code == 0, result.output
    assert f"{out}: its {len(comments)} comment lines and its layout are kept" in result.stderr
    assert _comments(out) == comments
    carried = load_answers(out, duties).responses
    assert carried["T-GOV-01"].answer is Answer.YES and carried["T-GOV-01"].proposal is None
    assert any(response.proposal for response in carried.values())


@pytest.mark.parametrize("existing", [True, False])
def test_proposals_are_never_written_into_a_file_open_in_assess(
    runner: CliRunner, tmp_path: Path, lga: Checklist, duties: Checklist, existing: bool
) -> None:
    source = full_2008_answers(lga, tmp_path)
    out = tmp_path / "today.answers.yaml"
    if existing:
        save_answers(out, answers_for(duties, {"T-GOV-03": {"answer": "no"}}))
    before = out.read_bytes() if existing else None
    with AnswersLock(out):
        result = runner.invoke(
            app, ["crosswalk", str(source), "--to", DUTIES, "-o", str(out), "--force"]
        )
    assert result.exit_code == 3
    assert result.stderr.startswith(f"error: {out}: is open in another compliance-check ")
    assert (out.read_bytes() if existing else out.exists()) == (before if existing else False)
