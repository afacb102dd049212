"""What `assess` does between the command line and the questions: open or start, run, end."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path

from compliance_check.assess.wizard import (
    AnswersStore,
    LeftAsItWas,
    Opened,
    Outcome,
    Prompter,
    QuitRequested,
    StartOptions,
    choose_checklist,
    run_wizard,
    start,
)
from compliance_check.files.atomic import HeldFolder
from compliance_check.files.yamlio import DEFAULT_MAX_BYTES
from compliance_check.model.checklist import (
    DEFAULT_CHECKLIST_ID,
    Checklist,
    choose_profile,
    chosen_checklist,
    load_checklist,
    shipped_checklist_paths,
    version_key,
)
from compliance_check.model.scoring import Assessment
from compliance_check.questionnaire.loading import load_assessment


class Ending(Enum):
    """How a run of `assess` ended, which the command line turns into an exit code."""

    FINISHED = "finished"
    QUIT = "quit"  # q, or Ctrl-D at a terminal: everything answered is saved
    LEFT = "left"  # the user chose not to touch an existing answers file
    INTERRUPTED = "interrupted"  # Ctrl-C
    INPUT_ENDED = "input ended"  # the piped input ran out before the questions did


@dataclass(frozen=True)
class Ended:
    """The ending and what to tell the user about it on stderr ("" for nothing)."""

    how: Ending
    message: str = ""


@dataclass(frozen=True)
class AssessRequest:
    """What the command line asked `assess` to do."""

    existing: Path | None = None  # --resume FILE or --review FILE
    review: bool = False
    start_at: str | None = None  # --section or --question
    given: StartOptions = field(default_factory=StartOptions)  # its profile: from `profile`
    output: Path | None = None
    force: bool = False
    report: Path | None = None
    marking: str | None = None  # the report's
    checklist: Path | None = None  # --checklist: a file or a shipped id
    version: str | None = None
    profile: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES


def newest_shipped() -> list[Checklist]:
    """The newest version of each shipped checklist, the default one first."""
    newest: dict[str, Checklist] = {}
    for checklist in map(load_checklist, shipped_checklist_paths()):
        held = newest.get(checklist.id)
        if held is None or version_key(held.version) < version_key(checklist.version):
            newest[checklist.id] = checklist
    return sorted(newest.values(), key=lambda c: c.id != DEFAULT_CHECKLIST_ID)


def _hold_answers_file(
    path: Path, session: ExitStack, note: Callable[[str], None]
) -> HeldFolder | None:
    """Lock an answers file until ``session`` closes, after checking it may be rewritten; the
    folder to write it into."""
    from compliance_check.files.atomic import check_rewritable
    from compliance_check.files.locking import AnswersLock

    check_rewritable(path)
    lock = session.enter_context(AnswersLock(path))
    if lock.taken_over is not None:
        note(
            f"note: {path}: the session of {lock.taken_over} ended without closing the file; "
            "this session takes it over"
        )
    return lock.folder


def _carried_forward(existing: Path, request: AssessRequest, note: Callable[[str], None]) -> Path:
    """The answers file to open: ``existing``, or a new file of its answers carried to the
    later version --version asks for (``existing`` is left as it was)."""
    from compliance_check.files.atomic import check_output
    from compliance_check.model.answers import save_answers
    from compliance_check.model.upgrade import carried_forward, versioned_name
    from compliance_check.questionnaire.loading import read_answers

    assert request.version is not None
    checklist, answers = read_answers(existing, request.checklist, request.max_bytes)
    upgrade = carried_forward(checklist, answers, request.version, path=existing)
    if upgrade is None:
        return existing
    output = request.output or versioned_name(existing, request.version)
    check_output(output, force=request.force, instead="name another with -o, or pass --force")
    save_answers(output, upgrade.answers)
    for line in upgrade.sentences():
        note(line)
    note(f"Wrote {output}, carried to {upgrade.target}; {existing} is left as it was.")
    return output


def run_assess(
    request: AssessRequest,
    prompter: Prompter,
    *,
    note: Callable[[str], None],
    warn: Callable[[str], None],
) -> Ended:
    """Open the answers file (or start one), put the questions, and write the report asked for.

    Errors the user can cause propagate (ComplianceCheckError); every way of stopping is an
    Ended whose message says what was saved. The answers file is locked while the session
    runs. ``note`` is told of a lock taken over and of the report written; ``warn`` of answers
    outside the profile.
    """
    with ExitStack() as session:

        def hold(path: Path) -> HeldFolder | None:
            return _hold_answers_file(path, session, note)

        def open_existing(path: Path) -> AnswersStore:
            folder = hold(path)
            (checklist, answers), chosen = load_assessment(
                path, request.checklist, request.profile, request.max_bytes, warn
            )
            answers.profile = chosen.id
            return AnswersStore.of_existing(path, checklist, answers, folder)

        if request.report is not None:
            # Only now: openpyxl (and numpy with it, where installed, which starts a thread that
            # can take the Ctrl-C meant for the questions) loads for a report alone.
            from compliance_check.pages.workbook import check_workbook_target

            # Checked before the first question: the workbook may hold a plan typed into it.
            check_workbook_target(request.report, writing="a gap report", replace=False)
        if request.existing is not None:
            existing = request.existing
            if request.version is not None:
                existing = _carried_forward(existing, request, note)

            def begin() -> Opened:
                return Opened(open_existing(existing), review=request.review)

        else:
            # With more than one shipped, the user chooses, unless the command line did.
            offered = [] if request.checklist or request.version else newest_shipped()
            decided = None if len(offered) > 1 else chosen_checklist(None, request.version)
            if request.checklist:
                decided = chosen_checklist(request.checklist, request.version)

            def begin() -> Opened:
                chosen = decided or choose_checklist(prompter, offered)
                given = request.given
                if request.profile:
                    given = replace(given, profile=choose_profile(chosen, request.profile))
                return start(
                    chosen,
                    prompter,
                    given,
                    request.output,
                    force=request.force,
                    open_existing=open_existing,
                    hold=hold,
                )

        return _run(request, prompter, begin, note)


def _run(
    request: AssessRequest,
    prompter: Prompter,
    begin: Callable[[], Opened],
    note: Callable[[str], None],
) -> Ended:
    store: AnswersStore | None = None

    def saved() -> str:
        return store.resume_message() if store is not None else "Nothing was saved."

    try:
        opened = begin()
        store = opened.store
        report = None
        if request.report is not None:
            target, answered = request.report, store

            def report(assessment: Assessment) -> Path:
                from compliance_check.gap_report.report import write_scored_report

                note(
                    write_scored_report(
                        target, answered.checklist, answered.answers, assessment, request.marking
                    )
                )
                return target

        outcome = run_wizard(
            store, prompter, review=opened.review, start_at=request.start_at, report=report
        )
    except LeftAsItWas as left:
        return Ended(Ending.LEFT, str(left))
    except QuitRequested:
        return Ended(Ending.QUIT, saved())
    except KeyboardInterrupt:
        return Ended(Ending.INTERRUPTED, saved())
    except EOFError:
        return Ended(Ending.INPUT_ENDED, f"The input ended before the questionnaire did. {saved()}")
    if outcome is Outcome.FINISHED:
        return Ended(Ending.FINISHED)
    unwritten = (
        f"The gap report {request.report} was not written: the questionnaire is not finished."
        if request.report is not None
        else ""
    )
    return Ended(Ending.QUIT, unwritten)
