"""The rest of the tool honours a sign-off: review and import remove it when answers change,
the briefing shows it, and the end of assess names the sign command."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from compliance_check.assess.wizard import AnswersStore, next_steps, run_wizard
from compliance_check.briefing.html import render_html
from compliance_check.briefing.model import build_briefing
from compliance_check.cli import app
from compliance_check.model.answers import AnswersFile, load_answers, save_answers
from compliance_check.model.checklist import Answer, Checklist
from compliance_check.model.scoring import score
from compliance_check.signing.sign import SignRequest, sign_off
from tests.assess.test_wizard import Scripted
from tests.conftest import answers_for, every
from tests.test_cli_import import filled_form


def signed(checklist: Checklist, answers: AnswersFile, path: Path) -> AnswersFile:
    request = SignRequest(path, name="Jo Bloggs", role="SIRO", now=lambda: datetime.now(UTC))
    record = sign_off(answers, checklist, request, complete=True)
    return answers.model_copy(update={"sign_off": record})


def signed_store(tmp_path: Path, checklist: Checklist) -> AnswersStore:
    path = tmp_path / "council.answers.yaml"
    answers = signed(checklist, answers_for(checklist, every(checklist, "yes")), path)
    save_answers(path, answers)
    return AnswersStore.of_existing(path, checklist, load_answers(path, checklist))


def review(store: AnswersStore, typed: list[str]) -> Scripted:
    prompter = Scripted(typed, store)
    run_wizard(store, prompter, review=True)
    return prompter


def test_review_keeping_every_answer_keeps_the_sign_off(tmp_path: Path, mini: Checklist) -> None:
    store = signed_store(tmp_path, mini)
    prompter = review(store, ["", "", "", "", "q"])
    assert "Signed off by Jo Bloggs (SIRO): changing an answer removes the sign-off." in (
        prompter.said
    )
    assert load_answers(store.path).sign_off is not None


def test_review_changing_an_answer_removes_the_sign_off(tmp_path: Path, mini: Checklist) -> None:
    store = signed_store(tmp_path, mini)
    prompter = review(store, ["n", "", "", "q"])
    assert "The sign-off by Jo Bloggs (SIRO) no longer holds: it was removed." in prompter.said
    assert load_answers(store.path).sign_off is None


def test_the_end_of_assess_names_sign(tmp_path: Path, mini: Checklist) -> None:
    answers = answers_for(mini, every(mini, "yes"))
    steps = "\n".join(next_steps(tmp_path / "a.answers.yaml", score(mini, answers)))
    assert "signed off (compliance-check sign --help)" in steps


def invoke(runner: CliRunner, *args: Any) -> Any:
    return runner.invoke(app, [str(arg) for arg in args])


def test_import_into_a_signed_file_says_so_and_removes_it(
    tmp_path: Path, shipped: Checklist
) -> None:
    runner = CliRunner()
    path = tmp_path / "council.answers.yaml"
    answers = answers_for(shipped, every(shipped, "yes"))
    save_answers(path, signed(shipped, answers, path))
    same = filled_form(tmp_path, answers)
    unchanged = invoke(runner, "import", same, "-o", path, "--force")
    assert unchanged.exit_code == 0, unchanged.output
    assert load_answers(path).sign_off is not None
    first = next(iter(shipped.requirements))
    changed = answers.model_copy(
        update={
            "responses": {
                **answers.responses,
                first: answers.responses[first].model_copy(update={"note": "Reviewed again"}),
            }
        }
    )
    (tmp_path / "again").mkdir()
    form = filled_form(tmp_path / "again", changed)
    result = invoke(runner, "import", form, "-o", path, "--force")
    assert result.exit_code == 0, result.output
    assert "sign-off by Jo Bloggs (SIRO) on " in result.stdout
    assert "removed, as the answers it covered change" in result.stdout
    assert load_answers(path).sign_off is None


def test_briefing_shows_the_recorded_sign_off_or_blank_lines(
    tmp_path: Path, shipped: Checklist
) -> None:
    answers = answers_for(shipped, every(shipped, "yes"))
    assessment = score(shipped, answers)
    blank = render_html(build_briefing(shipped, answers, assessment))
    assert "Reviewed by (Senior Information Risk Owner)" in blank and "Jo Bloggs" not in blank
    with_sign_off = signed(shipped, answers, tmp_path / "a.yaml")
    page = render_html(build_briefing(shipped, with_sign_off, assessment))
    assert "<h3>Signed off by</h3>" in page and "<span>Jo Bloggs</span>" in page
    assert "Recorded without a signature" in page
    first = next(iter(shipped.requirements))
    edited = with_sign_off.model_copy(
        update={
            "responses": {
                **with_sign_off.responses,
                first: answers.responses[first].model_copy(update={"answer": Answer.NO}),
            }
        }
    )
    page = render_html(build_briefing(shipped, edited, score(shipped, edited)))
    assert "<h3>Signed off by</h3>" not in page
    assert "no longer holds: the answers changed after it" in page
