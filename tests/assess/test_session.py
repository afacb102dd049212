"""`assess` around the questions: the answers file's folder and outputs that appear meanwhile."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from compliance_check.assess.session import AssessRequest, run_assess
from compliance_check.errors import OutputError
from compliance_check.model.answers import load_answers, save_answers
from compliance_check.model.checklist import Checklist
from tests.assess.test_wizard import Scripted, Y
from tests.conftest import MINI_CHECKLIST, WriteAnswers, answers_for


class Meddling(Scripted):
    """Types the answers, and does ``meddle`` just before the ``at``-th answer is typed."""

    def __init__(self, inputs: list[str], at: int, meddle: Callable[[], None]) -> None:
        super().__init__(inputs)
        self.at = at
        self.meddle = meddle
        self.answers = 0

    def ask(self, prompt: str) -> str:
        if prompt == "Your answer: ":
            self.answers += 1
            if self.answers == self.at:
                self.meddle()
        return super().ask(prompt)


def assess(request: AssessRequest, prompter: Scripted) -> None:
    run_assess(request, prompter, note=lambda _: None, warn=lambda _: None)


def test_a_gap_report_created_while_the_questions_are_answered_is_not_replaced(
    tmp_path: Path, mini: Checklist, write_answers: WriteAnswers
) -> None:
    path = write_answers(mini, {})
    report = tmp_path / "gap.xlsx"

    def save_a_plan_there() -> None:
        report.write_bytes(b"an action plan someone saved meanwhile")

    prompter = Meddling(Y * 4, 2, save_a_plan_there)
    request = AssessRequest(existing=path, report=report, checklist=MINI_CHECKLIST)
    with pytest.raises(OutputError, match="appeared while this command ran"):
        assess(request, prompter)
    assert report.read_bytes() == b"an action plan someone saved meanwhile"
    assert len(load_answers(path).responses) == 4  # every answer is kept all the same
    assert not [name for name in tmp_path.iterdir() if name.name.endswith(".tmp")]


@pytest.mark.parametrize("swap", ["a link to another folder", "another folder"])
def test_a_folder_swapped_half_way_never_receives_the_later_answers(
    tmp_path: Path, mini: Checklist, swap: str
) -> None:
    folder = tmp_path / "answers"
    folder.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    moved = tmp_path / "moved"
    path = folder / "c.answers.yaml"
    save_answers(path, answers_for(mini, {}))

    def swap_the_folder() -> None:
        folder.rename(moved)
        if swap == "another folder":
            folder.mkdir()
        else:
            folder.symlink_to(elsewhere)

    prompter = Meddling(Y * 4, 2, swap_the_folder)
    request = AssessRequest(existing=path, checklist=MINI_CHECKLIST)
    with pytest.raises(OutputError) as stopped:
        assess(request, prompter)
    assert str(stopped.value).startswith(
        f"{path}: its folder was moved or replaced during the session, so the answers are no "
        "longer where they were; every answer so far is saved in the folder as it was when "
        f"the session started, now {moved}; carry on with --resume there"
    )
    assert list(elsewhere.iterdir()) == []
    assert not (folder / "c.answers.yaml").exists()
    assert len(load_answers(moved / "c.answers.yaml").responses) == 2
