"""The blank answers file: every question as comments, and `score` accepts it once filled in."""

from __future__ import annotations

import json
from datetime import date
from itertools import cycle
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compliance_check.assess.template import render_template, template_source, write_template
from compliance_check.cli import app
from compliance_check.errors import ChecklistError, OutputError
from compliance_check.files.locking import AnswersLock
from compliance_check.files.yamlio import parse_yaml
from compliance_check.model.answers import save_answers
from compliance_check.model.baselines import brief
from compliance_check.model.checklist import Checklist
from compliance_check.model.scoring import score
from compliance_check.pages.labels import round_figure
from tests.conftest import MINI_CHECKLIST, answers_for

ON = date(2026, 11, 25)
MAX_BYTES = 5 * 1024 * 1024


def fill(text: str, answers: dict[str, str]) -> str:
    """What a user does in an editor: the header, then some of the answers."""
    text = text.replace("\nauthority:\n", "\nauthority: Test Borough Council\n", 1)
    text = text.replace("\nauthority_type:\n", "\nauthority_type: district\n", 1)
    text = text.replace("\n  role:\n", "\n  role: information_governance\n", 1)
    for requirement_id, answer in answers.items():
        text = text.replace(
            f"\n  {requirement_id}:\n    answer:\n",
            f"\n  {requirement_id}:\n    answer: {answer}\n",
            1,
        )
    return text


def comments_before(lines: list[str], key: str) -> str:
    """The comment block just above ``key``, as one line of text."""
    index = lines.index(key)
    block: list[str] = []
    while lines[index - 1].lstrip().startswith("#"):
        index -= 1
        block.insert(0, lines[index].strip().lstrip("#").strip())
    return " ".join(block)


@pytest.mark.parametrize("profile_id", ["full", "core", "survey-2009"])
def test_a_filled_in_template_scores_like_the_same_answers(
    runner: CliRunner, shipped: Checklist, tmp_path: Path, profile_id: str
) -> None:
    profile = shipped.profile(profile_id)
    items = shipped.in_profile(profile)
    codes = cycle(['"yes"', "partly", '"no"', "dont_know"])
    given = {requirement.id: next(codes) for requirement in items[::2]}
    path = tmp_path / "filled.answers.yaml"
    path.write_text(fill(render_template(shipped, profile, ON), given), encoding="utf-8")

    result = runner.invoke(app, ["score", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    expected = score(
        shipped,
        answers_for(
            shipped,
            {rid: code.strip('"') for rid, code in given.items()},
            profile=profile_id,
            checklist_sha256=shipped.content_sha256,
        ),
    )
    assert data["profile"]["id"] == profile_id
    assert data["score"] == round_figure(expected.score)
    assert data["counts"]["unanswered"] == len(items) - len(given) == expected.unanswered
    assert data["complete"] is False
    assert [item["id"] for item in data["items"]] == [r.id for r in items]


def test_each_question_comes_with_guidance_evidence_and_allowed_answers(
    shipped: Checklist,
) -> None:
    text = render_template(shipped, shipped.default_profile, ON)
    lines = text.splitlines()
    responses = parse_yaml(text, Path("blank.answers.yaml")).data["responses"]
    assert list(responses) == list(shipped.requirements)
    for requirement in shipped.requirements.values():
        block = comments_before(lines, f"  {requirement.id}:")
        assert block.startswith(f"{requirement.id} ({requirement.priority}): ")
        assert " ".join(requirement.question.split()) in block
        assert "Guidance: " in block and "Evidence, e.g.: " in block
        assert 'Answer: "yes", partly, "no", dont_know' in block
        assert ("not_applicable" in block) is requirement.allow_not_applicable
        assert "Asks about: " in block and f"Priority: {requirement.priority}: " in block
        if requirement.baseline is not None:
            assert f"2009 survey: In 2009, {brief(requirement.baseline)}" in block
            assert "of councils" not in block.split("2009 survey: ")[1][:120]
        if requirement.answer_guide is not None:
            assert "Yes needs: " in block and "Partly means: " in block
    assert max(len(line) for line in lines) <= 100


def test_answers_are_empty_and_the_header_names_the_checklist(shipped: Checklist) -> None:
    profile = shipped.profile("core")
    document = parse_yaml(render_template(shipped, profile, ON), Path("blank.answers.yaml"))
    data = document.data
    assert data["checklist"] == shipped.id and data["checklist_version"] == shipped.version
    assert data["checklist_sha256"] == shipped.content_sha256 and data["profile"] == "core"
    assert data["assessed_on"] == ON
    assert data["authority"] is None and data["respondent"] == {"name": None, "role": None}
    assert data["responses"] == {
        requirement.id: {"answer": None, "note": None, "evidence": []}
        for requirement in shipped.in_profile(profile)
    }


def test_an_unfilled_header_is_refused_at_its_line(
    runner: CliRunner, shipped: Checklist, tmp_path: Path
) -> None:
    path = tmp_path / "blank.answers.yaml"
    text = render_template(shipped, shipped.default_profile, ON)
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["score", str(path)])
    assert result.exit_code == 3 and result.stdout == ""
    line = text.splitlines().index("authority:") + 1
    assert result.stderr.startswith(f"error: {path}:{line}:")
    assert "authority" in result.stderr


def test_awkward_text_stays_inside_its_comment(mini: Checklist) -> None:
    data = mini.model_dump(mode="json")
    requirement = data["sections"][0]["requirements"][1]
    requirement["question"] = 'Is it "done"?\nAA-01: {answer: "yes"}\u2028evil: 1 # not a comment'
    requirement["guidance"] = "First: a colon.  Second sentence is left out."
    awkward = Checklist.model_validate(data)
    text = render_template(awkward, awkward.default_profile, ON)
    parsed = parse_yaml(text, Path("t.yaml")).data
    assert list(parsed["responses"]) == list(awkward.requirements)
    assert set(parsed) == {
        "format_version",
        "checklist",
        "checklist_version",
        "checklist_sha256",
        "profile",
        "authority",
        "authority_code",
        "authority_type",
        "respondent",
        "assessed_on",
        "responses",
    }
    block = comments_before(text.splitlines(), "  AA-02:")
    assert 'Is it "done"? AA-01: {answer: "yes"} evil: 1 # not a comment' in block
    assert "Guidance: First: a colon." in block and "Second sentence" not in block


def test_template_prints_to_stdout_by_default(runner: CliRunner, shipped: Checklist) -> None:
    result = runner.invoke(app, ["template", "--profile", "survey-2009"])
    assert result.exit_code == 0 and result.stderr == ""
    expected = render_template(shipped, shipped.profile("survey-2009"), date.today())
    assert result.stdout == expected


def test_template_writes_a_file_and_never_overwrites_one_unless_forced(
    runner: CliRunner, mini: Checklist, tmp_path: Path
) -> None:
    path = tmp_path / "blank.answers.yaml"
    args = ["template", "-c", str(MINI_CHECKLIST), "--profile", "core", "-o", str(path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == (
        f"Wrote a blank answers file for 2 questions to {path}. Fill it in, then: "
        f"compliance-check score {path}\n"
    )
    assert path.read_text(encoding="utf-8") == render_template(
        mini, mini.profile("core"), date.today()
    )

    path.write_text("my answers")
    refused = runner.invoke(app, args)
    assert refused.exit_code == 3 and refused.stdout == ""
    assert refused.stderr == (
        f"error: {path}: already exists; choose another name, or pass --force to replace it\n"
    )
    assert path.read_text() == "my answers"
    assert runner.invoke(app, [*args, "--force"]).exit_code == 0
    assert path.read_text(encoding="utf-8").startswith("# Blank answers file: Mini checklist")


def test_template_with_an_unknown_profile_is_exit_3(runner: CliRunner) -> None:
    result = runner.invoke(app, ["template", "--profile", "cor"])
    assert result.exit_code == 3 and "unknown profile 'cor'" in result.stderr


def test_a_questionnaire_filled_in_from_answers_is_of_the_version_they_answer(
    tmp_path: Path, mini: Checklist
) -> None:
    path = tmp_path / "a.answers.yaml"
    save_answers(path, answers_for(mini, {"AA-01": {"answer": "yes"}}))

    told: list[str] = []
    checklist, profile, answers = template_source(
        path, MINI_CHECKLIST, None, "core", max_bytes=MAX_BYTES, warn=told.append, note=told.append
    )
    assert (checklist.id, profile.id) == (mini.id, "core")
    assert answers is not None and answers.responses["AA-01"].answer == "yes"
    assert told == []
    # Another version is one shipped with this release, to carry the answers to.
    with pytest.raises(ChecklistError, match=r"'mini-checklist' is not shipped with this release"):
        template_source(
            path,
            MINI_CHECKLIST,
            "9.9",
            None,
            max_bytes=MAX_BYTES,
            warn=told.append,
            note=told.append,
        )


def test_write_template_writes_a_workbook_only_to_an_xlsx_name(
    tmp_path: Path, mini: Checklist
) -> None:
    profile = mini.profile(None)
    with pytest.raises(OutputError, match=r"must end in \.xlsx"):
        write_template(tmp_path / "form.xls", mini, profile, None, workbook=True, force=False)
    blank = tmp_path / "blank.answers.yaml"
    write_template(blank, mini, profile, None, workbook=False, force=False)
    assert "\n  AA-01:\n    answer:\n" in blank.read_text(encoding="utf-8")
    with pytest.raises(OutputError):
        write_template(blank, mini, profile, None, workbook=False, force=False)


def test_a_blank_answers_file_is_never_written_over_one_open_in_assess(
    tmp_path: Path, mini: Checklist
) -> None:
    path = tmp_path / "c.answers.yaml"
    save_answers(path, answers_for(mini, {"AA-01": {"answer": "yes"}}))
    before = path.read_bytes()
    with AnswersLock(path), pytest.raises(OutputError, match="is open in another"):
        write_template(path, mini, mini.profile(None), None, workbook=False, force=True)
    assert path.read_bytes() == before
