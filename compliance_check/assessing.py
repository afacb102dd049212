"""What `assess` does between the command line and the questions: open or start, run, end."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from compliance_check.checklist import Checklist
from compliance_check.scoring import Assessment
from compliance_check.wizard import (
    AnswersStore,
    LeftAsItWas,
    Opened,
    OpenExisting,
    Outcome,
    Prompter,
    QuitRequested,
    StartOptions,
    run_wizard,
    start,
)


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
    given: StartOptions = field(default_factory=StartOptions)
    output: Path | None = None
    force: bool = False
    report: Path | None = None


def run_assess(
    request: AssessRequest,
    prompter: Prompter,
    *,
    open_existing: OpenExisting,
    hold: Callable[[Path], None],
    new_checklist: Callable[[], Checklist],
    write_report: Callable[[Path, AnswersStore, Assessment], None],
) -> Ended:
    """Open the answers file (or start one), put the questions, and write the report asked for.

    Errors the user can cause propagate (ComplianceCheckError); every way of stopping is an
    Ended whose message says what was saved. ``open_existing`` and ``hold`` lock the answers
    file they are given for the session.
    """
    store: AnswersStore | None = None

    def saved() -> str:
        return store.resume_message() if store is not None else "Nothing was saved."

    try:
        if request.existing is not None:
            opened = Opened(open_existing(request.existing), review=request.review)
        else:
            opened = start(
                new_checklist(),
                prompter,
                request.given,
                request.output,
                force=request.force,
                open_existing=open_existing,
                hold=hold,
            )
        store = opened.store
        report = None
        if request.report is not None:
            target, answered = request.report, store

            def report(assessment: Assessment) -> Path:
                write_report(target, answered, assessment)
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
