"""The questionnaire's logic through a scripted prompter: every path a user can take."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from compliance_check.assess.terminal import TerminalPrompter
from compliance_check.assess.wizard import (
    AnswersStore,
    Command,
    Outcome,
    QuestionView,
    SectionView,
    StartOptions,
    choices,
    default_answers_path,
    parse_choice,
    run_wizard,
    slug,
    start,
)
from compliance_check.errors import OutputError
from compliance_check.model.answers import (
    AuthorityType,
    Response,
    Role,
    load_answers,
    load_answers_and_checklist,
)
from compliance_check.model.checklist import Answer, Checklist, Requirement
from compliance_check.model.scoring import Assessment, score
from compliance_check.pages.labels import RAG_LABEL, format_percent
from tests.conftest import answers_for

INTERRUPT = "<Ctrl-C>"
# What a user types to give an answer and pass the note and evidence prompts.
Y, P, N, D = (["y", "", ""], ["p", "", ""], ["n", "", ""], ["d", "", ""])


class Scripted:
    """A prompter that types the given lines and records everything shown."""

    def __init__(self, inputs: list[str], store: AnswersStore | None = None) -> None:
        self.inputs = list(inputs)
        self.store = store
        self.prompts: list[str] = []
        self.said: list[str] = []
        self.shown: list[QuestionView] = []
        self.sections: list[SectionView] = []
        self.guidance: list[str] = []
        self.reminders: list[str] = []
        self.summaries: list[Assessment] = []
        # What the answers file on disk held each time a question was shown.
        self.on_disk: list[dict[str, Answer | None]] = []

    def ask(self, prompt: str) -> str:
        self.prompts.append(prompt)
        if not self.inputs:
            raise EOFError
        typed = self.inputs.pop(0)
        if typed == INTERRUPT:
            raise KeyboardInterrupt
        return typed

    def say(self, message: str) -> None:
        self.said.append(message)

    def show_section(self, view: SectionView) -> None:
        self.sections.append(view)

    def show_question(self, view: QuestionView) -> None:
        self.shown.append(view)
        if self.store is not None:
            saved = load_answers(self.store.path, self.store.checklist)
            self.on_disk.append({rid: r.answer for rid, r in saved.responses.items()})

    def show_guidance(self, requirement: Requirement, checklist: Checklist) -> None:
        self.guidance.append(requirement.id)

    def show_reminder(self, view: QuestionView) -> None:
        self.reminders.append(view.requirement.id)

    def show_summary(self, assessment: Assessment, below: list[str]) -> None:
        self.summaries.append(assessment)

    @property
    def questions(self) -> list[str]:
        return [view.requirement.id for view in self.shown]

    @property
    def all_said(self) -> str:
        return "\n".join(self.said)


def new_store(
    tmp_path: Path, checklist: Checklist, responses: dict[str, Any] | None = None
) -> AnswersStore:
    store = AnswersStore(
        tmp_path / "test.answers.yaml", checklist, answers_for(checklist, responses or {})
    )
    store.save()
    return store


def run(
    store: AnswersStore, inputs: list[str], *, review: bool = False
) -> tuple[Outcome, Scripted]:
    prompter = Scripted(inputs, store)
    outcome = run_wizard(store, prompter, review=review)
    assert prompter.inputs == [], f"not all input was read: {prompter.inputs}"
    return outcome, prompter


def saved(store: AnswersStore) -> dict[str, Response]:
    """The responses in the file on disk, checked against the checklist."""
    return load_answers(store.path, store.checklist).responses


def test_every_answer_is_on_disk_before_the_next_question(tmp_path: Path, mini: Checklist) -> None:
    store = new_store(tmp_path, mini)
    outcome, prompter = run(
        store,
        [*Y, "p", "half done", "minutes.pdf", "https://example.org/x", "", *N, "d", "", ""],
    )
    assert outcome is Outcome.FINISHED
    assert prompter.questions == ["AA-01", "AA-02", "BB-01", "BB-02"]
    assert prompter.on_disk == [
        {},
        {"AA-01": Answer.YES},
        {"AA-01": Answer.YES, "AA-02": Answer.PARTLY},
        {"AA-01": Answer.YES, "AA-02": Answer.PARTLY, "BB-01": Answer.NO},
    ]
    responses = saved(store)
    assert responses["AA-02"] == Response(
        answer=Answer.PARTLY, note="half done", evidence=["minutes.pdf", "https://example.org/x"]
    )
    assert responses["BB-02"] == Response(answer=Answer.DONT_KNOW)
    assert list(responses) == list(mini.requirements)
    assert store.path.read_text().count("checklist_sha256: " + mini.content_sha256) == 1


def test_the_end_shows_the_score_of_the_saved_file_and_the_next_commands(
    tmp_path: Path, mini: Checklist
) -> None:
    store = new_store(tmp_path, mini)
    _, prompter = run(store, [*Y, *P, *N, *Y])
    [assessment] = prompter.summaries
    checklist, answers = load_answers_and_checklist(store.path, mini)
    assert assessment == score(checklist, answers)
    assert f"compliance-check report {store.path}\n" in prompter.all_said + "\n"
    assert f"compliance-check assess --review {store.path}" in prompter.all_said
    # The headline is the last thing said: score, rating, complete or not, the file.
    assert prompter.said[-3:] == [
        f"Overall score: {format_percent(assessment.score)}, rating {RAG_LABEL[assessment.rag]}.",
        f"Complete: all 4 questions answered. Must items not met: {assessment.must_not_met}.",
        f"Answers file: {store.path}",
    ]


def test_progress_counts_sections_questions_and_answers(tmp_path: Path, mini: Checklist) -> None:
    store = new_store(tmp_path, mini)
    _, prompter = run(store, [*Y, *Y, *Y, *Y])
    assert [(v.section_number, v.sections, v.number, v.questions) for v in prompter.shown] == [
        (1, 2, 1, 2),
        (1, 2, 2, 2),
        (2, 2, 1, 2),
        (2, 2, 2, 2),
    ]
    assert [view.percent_answered for view in prompter.shown] == [0, 25, 50, 75]
    assert [(s.section.id, s.number, s.questions) for s in prompter.sections] == [
        ("AA", 1, 2),
        ("BB", 2, 2),
    ]


def test_back_returns_to_the_previous_question_to_change_it(
    tmp_path: Path, mini: Checklist
) -> None:
    store = new_store(tmp_path, mini)
    _, prompter = run(store, [*Y, "b", "n", "no policy", "", *Y, *Y, *Y])
    assert prompter.questions == ["AA-01", "AA-02", "AA-01", "AA-02", "BB-01", "BB-02"]
    assert prompter.shown[2].current == Response(answer=Answer.YES)
    assert saved(store)["AA-01"] == Response(answer=Answer.NO, note="no policy")
    # The section header is shown again only when the section changes.
    assert [view.section.id for view in prompter.sections] == ["AA", "BB"]


def test_back_twice_then_forward_passes_through_the_answered_questions(
    tmp_path: Path, mini: Checklist
) -> None:
    store = new_store(tmp_path, mini)
    _, prompter = run(store, [*Y, *Y, "b", "b", "", "", *Y, *Y])
    assert prompter.questions == [
        "AA-01",
        "AA-02",
        "BB-01",
        "AA-02",
        "AA-01",
        "AA-02",
        "BB-01",
        "BB-02",
    ]


def test_back_on_the_first_question_says_so_and_asks_again(tmp_path: Path, mini: Checklist) -> None:
    store = new_store(tmp_path, mini)
    _, prompter = run(store, ["b", *Y, *Y, *Y, *Y])
    assert "This is the first question; there is none before it." in prompter.said
    assert prompter.questions == ["AA-01", "AA-01", "AA-02", "BB-01", "BB-02"]


def test_enter_keeps_an_answer_without_asking_for_its_note_again(
    tmp_path: Path, mini: Checklist
) -> None:
    store = new_store(tmp_path, mini)
    _, prompter = run(store, ["p", "some", "doc", "", "b", "", *Y, *Y, *Y])
    assert saved(store)["AA-01"] == Response(answer=Answer.PARTLY, note="some", evidence=["doc"])
    assert prompter.prompts.count("Your answer: ") == 6


def test_skipped_questions_are_offered_again_at_the_end(tmp_path: Path, mini: Checklist) -> None:
    store = new_store(tmp_path, mini)
    _, prompter = run(store, [*Y, "s", *Y, "s", "y", *N, "s", "n"])
    assert prompter.questions == ["AA-01", "AA-02", "BB-01", "BB-02", "AA-02", "BB-02"]
    assert [prompt for prompt in prompter.prompts if "not answered yet" in prompt] == [
        "2 questions not answered yet (AA-02, BB-02). Answer them now? [y] yes  [n] no, "
        "finish now: ",
        "1 question not answered yet (BB-02). Answer them now? [y] yes  [n] no, finish now: ",
    ]
    assert saved(store)["AA-02"].answer is Answer.NO and "BB-02" not in saved(store)


def test_skipped_questions_can_stay_unanswered(tmp_path: Path, mini: Checklist) -> None:
    store = new_store(tmp_path, mini)
    outcome, prompter = run(store, [*Y, "s", *Y, *Y, "maybe", "n"])
    assert outcome is Outcome.FINISHED
    assert "Type y or n, then Enter." in prompter.said
    [assessment] = prompter.summaries
    assert assessment.unanswered == 1 and not assessment.complete
    assert "AA-02" not in saved(store)


def test_quit_saves_and_says_how_to_resume(tmp_path: Path, mini: Checklist) -> None:
    store = new_store(tmp_path, mini)
    outcome, prompter = run(store, [*Y, "q"])
    assert outcome is Outcome.QUIT
    assert prompter.said[-1] == (
        f"Saved 1 answer to {store.path}. "
        f"Resume with: compliance-check assess --resume {store.path}"
    )
    assert prompter.summaries == []
    assert list(saved(store)) == ["AA-01"]


def test_ctrl_c_keeps_the_answer_whose_note_was_being_typed(
    tmp_path: Path, mini: Checklist
) -> None:
    store = new_store(tmp_path, mini)
    prompter = Scripted([*Y, "p", INTERRUPT], store)
    with pytest.raises(KeyboardInterrupt):
        run_wizard(store, prompter)
    assert {rid: r.answer for rid, r in saved(store).items()} == {
        "AA-01": Answer.YES,
        "AA-02": Answer.PARTLY,
    }
    assert store.resume_message().startswith(f"Saved 2 answers to {store.path}.")


def test_not_applicable_is_refused_where_the_item_does_not_allow_it(
    tmp_path: Path, mini: Checklist
) -> None:
    store = new_store(tmp_path, mini)
    _, prompter = run(store, ["x", *Y, *Y, *Y, *Y])
    assert "Not applicable is not offered for AA-01" in prompter.all_said
    assert saved(store)["AA-01"].answer is Answer.YES
    assert "not applicable" not in " ".join(prompter.shown[0].choices)
    assert "[x] not applicable" in prompter.shown[1].choices[0]


def test_not_applicable_needs_a_note_and_is_saved_only_with_it(
    tmp_path: Path, mini: Checklist
) -> None:
    store = new_store(tmp_path, mini)
    prompter = Scripted([*Y, "x", "", "-", INTERRUPT], store)
    with pytest.raises(KeyboardInterrupt):
        run_wizard(store, prompter)
    assert (
        prompter.said.count(
            "A note is needed for not applicable: say why the question does not apply."
        )
        == 2
    )
    assert prompter.prompts[-1] == "Why does it not apply? (required): "
    assert "AA-02" not in saved(store)

    _, prompter = run(store, ["x", "Done by the county", "", *Y, *Y])
    assert saved(store)["AA-02"] == Response(
        answer=Answer.NOT_APPLICABLE, note="Done by the county"
    )


def test_invalid_keys_are_asked_again_with_a_hint(tmp_path: Path, mini: Checklist) -> None:
    store = new_store(tmp_path, mini)
    _, prompter = run(store, ["maybe", "", "yy", "  P  ", "", "", *Y, *Y, *Y])
    assert (
        "'maybe' is not one of the choices. Type y, p, n, d, ?, b, s, l, g or q, then Enter."
        in (prompter.said)
    )
    assert "'yy' is not one of the choices. Type y, p, n, d, ?, b, s, l, g or q, then Enter." in (
        prompter.said
    )
    assert "Type a letter, then Enter; s skips this question for now." in prompter.said
    assert prompter.questions == ["AA-01", "AA-02", "BB-01", "BB-02"]
    assert saved(store)["AA-01"].answer is Answer.PARTLY


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("y", Answer.YES),
        ("Yes", Answer.YES),
        ("partly", Answer.PARTLY),
        ("N", Answer.NO),
        ("don't know", Answer.DONT_KNOW),
        ("dont_know", Answer.DONT_KNOW),
        ("Not applicable", Answer.NOT_APPLICABLE),
        ("x", Answer.NOT_APPLICABLE),
        ("?", Command.GUIDANCE),
        (" b ", Command.BACK),
        ("skip", Command.SKIP),
        ("Q", Command.QUIT),
        ("", Command.KEEP),
        ("maybe", None),
        ("yn", None),
    ],
)
def test_keys_and_words(typed: str, expected: Answer | Command | None) -> None:
    assert parse_choice(typed) is expected


def test_guidance_is_shown_and_the_question_asked_again(tmp_path: Path, mini: Checklist) -> None:
    store = new_store(tmp_path, mini)
    _, prompter = run(store, ["?", *Y, *Y, "?", "?", *Y, *Y])
    assert prompter.guidance == ["AA-01", "BB-01", "BB-01"]
    # After guidance the question is put again in brief: it may have scrolled away.
    assert prompter.reminders == ["AA-01", "BB-01", "BB-01"]
    assert prompter.questions == ["AA-01", "AA-02", "BB-01", "BB-02"]


def test_review_walks_every_question_showing_and_keeping_answers(
    tmp_path: Path, mini: Checklist
) -> None:
    store = new_store(
        tmp_path,
        mini,
        {
            "AA-01": {"answer": "yes", "evidence": ["policy.pdf"]},
            "AA-02": {"answer": "partly", "note": "drafted"},
            "BB-01": {"answer": "no", "note": "old note"},
            "BB-02": {"answer": "yes"},
        },
    )
    _, prompter = run(store, ["", "n", "", "", "p", "-", "-", "", ""], review=True)
    assert prompter.questions == ["AA-01", "AA-02", "BB-01", "BB-02"]
    assert [view.current.answer for view in prompter.shown if view.current] == [
        Answer.YES,
        Answer.PARTLY,
        Answer.NO,
        Answer.YES,
    ]
    assert "Current note: drafted" in prompter.said
    responses = saved(store)
    assert responses["AA-01"] == Response(answer=Answer.YES, evidence=["policy.pdf"])
    assert responses["AA-02"] == Response(answer=Answer.NO, note="drafted")
    assert responses["BB-01"] == Response(answer=Answer.PARTLY)
    assert len(prompter.summaries) == 1


def test_evidence_can_be_added_to_and_cleared(tmp_path: Path, mini: Checklist) -> None:
    store = new_store(tmp_path, mini, {"AA-01": {"answer": "yes", "evidence": ["a"]}})
    run(store, ["p", "", "b.pdf", "", "q"], review=True)
    assert [entry.reference for entry in saved(store)["AA-01"].evidence] == ["a", "b.pdf"]
    _, prompter = run(store, ["y", "", "-", "c", "", "q"], review=True)
    assert "Evidence recorded: a; b.pdf" in prompter.said
    assert [entry.reference for entry in saved(store)["AA-01"].evidence] == ["c"]


def test_resume_starts_at_the_first_unanswered_question(tmp_path: Path, mini: Checklist) -> None:
    store = new_store(tmp_path, mini, {"AA-01": "yes", "BB-01": "no"})
    _, prompter = run(store, [*P, "b", "", *D])
    # BB-01 was answered before: passed over going forward, shown when going back.
    assert prompter.questions == ["AA-02", "BB-02", "BB-01", "BB-02"]
    assert prompter.shown[0].percent_answered == 50


def test_resume_with_every_answer_given_goes_to_the_summary(
    tmp_path: Path, mini: Checklist
) -> None:
    store = new_store(tmp_path, mini, dict.fromkeys(mini.requirements, "yes"))
    before = store.path.read_bytes()
    outcome, prompter = run(store, [])
    assert outcome is Outcome.FINISHED and prompter.shown == []
    assert "to change answers use --review" in prompter.all_said
    assert prompter.summaries[0].score == 100
    assert store.path.read_bytes() == before


def test_a_profile_asks_only_its_own_questions(tmp_path: Path, mini: Checklist) -> None:
    store = new_store(tmp_path, mini)
    store.answers.profile = "core"
    _, prompter = run(store, [*Y, *N])
    assert prompter.questions == ["AA-01", "BB-02"]
    assert prompter.summaries[0].profile_id == "core"


def test_start_asks_for_what_the_options_leave_out(
    tmp_path: Path, shipped: Checklist, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    prompter = Scripted(
        ["", "Ynys Môn County Council", "2026-13-01", "", "99", "welsh unitary", "8", "2"]
    )
    store = start(shipped, prompter, StartOptions()).store
    assert "The authority's name is needed: it heads every report." in prompter.said
    assert prompter.said.count("Type a number from 1 to 9, or the name, then Enter.") == 1
    assert "'2026-13-01' is not a date like" in prompter.all_said
    today = date.today()
    path = Path(f"ynys-mon-county-council-{today}.answers.yaml")
    assert store.path == path and path.exists()
    assert prompter.said[-1] == (
        f"Your answers will be saved after every question to:\n  {path.absolute()}"
    )
    answers = load_answers(path, shipped)
    assert answers.authority == "Ynys Môn County Council"
    assert answers.authority_type is AuthorityType.WELSH_UNITARY
    assert answers.respondent.role is Role.INFORMATION_GOVERNANCE
    assert answers.assessed_on == today
    assert answers.profile == shipped.profiles[1].id
    assert answers.checklist_sha256 == shipped.content_sha256
    assert answers.responses == {}


def test_start_with_every_option_asks_nothing(tmp_path: Path, mini: Checklist) -> None:
    prompter = Scripted([])
    given = StartOptions(
        authority="Test BC",
        authority_type=AuthorityType.DISTRICT,
        role=Role.IT_STAFF,
        assessed_on=date(2026, 11, 25),
        profile=mini.profile("core"),
    )
    store = start(mini, prompter, given, tmp_path / "a.yaml").store
    assert prompter.prompts == []
    assert load_answers(tmp_path / "a.yaml", mini).profile == "core"
    assert store.answers.respondent.role is Role.IT_STAFF


def test_start_leaves_out_the_optional_type_and_takes_the_default_profile(
    tmp_path: Path, mini: Checklist
) -> None:
    prompter = Scripted(["2026-11-25", "", "it staff", ""])
    store = start(mini, prompter, StartOptions(authority="Test BC"), tmp_path / "a.yaml").store
    assert store.answers.authority_type is None
    assert store.answers.profile == mini.default_profile.id


def test_start_never_overwrites_an_existing_file_unless_forced(
    tmp_path: Path, mini: Checklist
) -> None:
    path = tmp_path / "test-bc-2026-11-25.answers.yaml"
    path.write_text("precious")
    given = StartOptions(
        "Test BC", AuthorityType.COUNTY, Role.OTHER, date(2026, 11, 25), mini.default_profile
    )
    with pytest.raises(OutputError, match="already exists; carry on with --resume"):
        start(mini, Scripted([]), given, path)
    assert path.read_text() == "precious"
    store = start(mini, Scripted([]), given, path, force=True).store
    assert load_answers(path, mini) == store.answers


@pytest.mark.parametrize(
    ("authority", "expected"),
    [
        ("Example Borough Council", "example-borough-council"),
        ("  St. Helens (MBC) ", "st-helens-mbc"),
        ("Rhondda Cynon Taf / Rhondda Cynon Tâf", "rhondda-cynon-taf-rhondda-cynon-taf"),
        ("../../etc", "etc"),
        ("???", "authority"),
    ],
)
def test_default_path_is_a_safe_slug_and_the_date(authority: str, expected: str) -> None:
    assert slug(authority) == expected
    path = default_answers_path(authority, date(2026, 11, 25))
    assert path == Path(f"{expected}-2026-11-25.answers.yaml")


def render(view: QuestionView) -> list[str]:
    buffer = io.StringIO()
    TerminalPrompter(Console(file=buffer, width=80, color_system=None)).show_question(view)
    return buffer.getvalue().splitlines()


def test_terminal_question_fits_80_columns_and_offers_not_applicable_only_where_allowed(
    shipped: Checklist,
) -> None:
    longest = max(shipped.requirements.values(), key=lambda r: len(r.question))
    allowing = next(r for r in shipped.requirements.values() if r.allow_not_applicable)
    for requirement in (longest, allowing):
        view = QuestionView(requirement, 1, 13, 1, 5, 40.0, None, choices(requirement))
        lines = render(view)
        assert max(len(line) for line in lines) <= 80
        assert ("[x] not applicable" in "\n".join(lines)) is requirement.allow_not_applicable
        assert requirement.id in lines[2]
        assert "Section 1 of 13, question 1 of 5. 40% of all questions answered." in lines


def test_skip_and_back_are_acknowledged_in_words(tmp_path: Path, mini: Checklist) -> None:
    store = new_store(tmp_path, mini)
    _, prompter = run(store, ["s", "b", *Y, *Y, *Y, *Y])
    assert "Skipped AA-01 for now; it is offered again at the end." in prompter.said
    assert "Back to AA-01." in prompter.said


def test_dont_know_asks_what_would_need_to_be_found_out(tmp_path: Path, mini: Checklist) -> None:
    store = new_store(tmp_path, mini)
    _, prompter = run(store, [*D, "q"])
    assert "What would you need to find out? (optional; Enter to skip): " in prompter.prompts


def test_l_lists_sections_with_what_is_left_and_g_goes_there(
    tmp_path: Path, mini: Checklist
) -> None:
    store = new_store(tmp_path, mini)
    _, prompter = run(store, [*Y, "l", "g bb-02", "g", "aa", "", "g AA-1", "q"])
    # The section of the question at hand lists its open ids; the others only how far they are.
    assert "  AA First section: 1 of 2; open here: AA-02" in prompter.said
    assert "  BB Second section: 0 of 2" in prompter.said
    assert "Go to which question or section (its id)? " in prompter.prompts
    # Enter keeps AA-01's answer; going on passes to the first question not answered.
    assert prompter.questions == ["AA-01", "AA-02", "BB-02", "AA-01", "AA-02"]
    assert prompter.reminders == ["AA-02", "AA-02"]
    said = prompter.all_said
    assert "There is no question or section 'AA-1' (did you mean 'AA-01'?)." in said


def test_a_question_outside_the_profile_is_named_as_such(tmp_path: Path, mini: Checklist) -> None:
    store = new_store(tmp_path, mini)
    store.answers.profile = "core"
    _, prompter = run(store, ["g AA-02", "q"])
    assert "AA-02 is not in profile core." in prompter.said


def test_resume_greets_with_the_progress(tmp_path: Path, mini: Checklist) -> None:
    store = new_store(tmp_path, mini, {"AA-01": "yes"})
    _, prompter = run(store, ["q"])
    assert prompter.said[0] == "Welcome back: 1 of 4 answered; carrying on at AA-02."


def test_review_can_start_at_a_question_and_says_how_many_answers_changed(
    tmp_path: Path, mini: Checklist
) -> None:
    store = new_store(tmp_path, mini, dict.fromkeys(mini.requirements, "yes"))
    prompter = Scripted([*N, "q"], store)
    assert run_wizard(store, prompter, review=True, start_at="bb-01") is Outcome.QUIT
    assert prompter.questions == ["BB-01", "BB-02"]
    assert "1 answer changed in this review." in prompter.said


def test_start_lists_roles_and_types_in_peoples_words(tmp_path: Path, mini: Checklist) -> None:
    prompter = Scripted(["2026-11-25", "", "head of it", ""])
    store = start(mini, prompter, StartOptions(authority="Test BC"), tmp_path / "a.yaml").store
    listing = prompter.all_said
    assert (
        "Head of IT" in listing and "IT staff" in listing and "Welsh unitary authority" in listing
    )
    assert store.answers.respondent.role is Role.HEAD_OF_IT


def test_an_existing_file_is_offered_before_the_other_start_questions(
    tmp_path: Path, mini: Checklist, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "test-bc-2026-11-25.answers.yaml"
    existing = new_store(tmp_path, mini, {"AA-01": "yes"})
    existing.path.rename(path)
    prompter = Scripted(["2026-11-25", "maybe", "v"])

    def open_existing(found: Path) -> AnswersStore:
        return AnswersStore(found, mini, load_answers(found, mini))

    opened = start(mini, prompter, StartOptions(authority="Test BC"), open_existing=open_existing)
    assert opened.review and opened.store.path.absolute() == path
    assert prompter.prompts == [
        f"Date of the assessment, YYYY-MM-DD (Enter for {date.today()}): ",
        "Your choice (r, v or q): ",
        "Your choice (r, v or q): ",
    ]
    assert "1 of 4 questions answered (profile full)." in prompter.said


def test_a_note_given_with_another_kind_of_answer_is_dropped_unless_kept(
    tmp_path: Path, mini: Checklist
) -> None:
    store = new_store(
        tmp_path,
        mini,
        {
            "AA-01": {"answer": "dont_know", "note": "ask the records manager"},
            "AA-02": {"answer": "dont_know", "note": "check the contract"},
            "BB-01": {"answer": "no", "note": "no policy yet"},
            "BB-02": {"answer": "yes"},
        },
    )
    # Don't know becomes yes (Enter: the stale note goes), then yes with + (kept); no becomes
    # partly (the same question, what is missing?, so Enter keeps it as before).
    typed = ["y", "", "", "y", "+", "", "p", "", "", ""]
    _, prompter = run(store, typed, review=True)
    assert "Note given with Don't know: ask the records manager" in prompter.said
    assert "Note (Enter removes it, + keeps it): " in prompter.prompts
    responses = saved(store)
    assert responses["AA-01"] == Response(answer=Answer.YES)
    assert responses["AA-02"] == Response(answer=Answer.YES, note="check the contract")
    assert responses["BB-01"] == Response(answer=Answer.PARTLY, note="no policy yet")
