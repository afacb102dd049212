"""What the commands share: the option declarations, their checks, and the streams they write to."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from compliance_check.codes import OutputFormat
from compliance_check.errors import ComplianceCheckError, ExitCode

if TYPE_CHECKING:
    from rich.console import Console

    from compliance_check.pages.layout import Layout
    from compliance_check.questionnaire.loading import Loaded

MEGABYTE = 1024 * 1024


def stdout() -> Console:
    """The console for results (stdout)."""
    from rich.console import Console

    return Console(highlight=False)


def stderr() -> Console:
    """The console for diagnostics (stderr)."""
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def layout_of(console: Console, plain: bool) -> Layout:
    """Tables as plain lines with --plain, TERM=dumb or no terminal; stacked when narrow."""
    from compliance_check.pages.layout import choose_layout

    return choose_layout(console, plain=plain)


def tell(message: str, style: str = "") -> None:
    """One diagnostic on stderr: no markup, never wrapped, invisible characters shown."""
    from compliance_check.visible import visible

    stderr().print(visible(message), style=style, markup=False, soft_wrap=True)


def fail(error: ComplianceCheckError, code: ExitCode = ExitCode.INVALID_INPUT) -> NoReturn:
    """Print the error on stderr (red on a colour terminal) and exit: one line per problem."""
    first, *rest = error.lines()
    tell(f"error: {first}", style="red")
    for line in rest:
        tell(f"  {line}", style="red")
    raise typer.Exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn any error the user can cause into one line on stderr and exit code 3."""
    try:
        yield
    except ComplianceCheckError as error:
        fail(error)


ChecklistOption = Annotated[
    Path | None,
    typer.Option(
        "--checklist",
        "-c",
        help="Checklist to use instead of the one the answers file names: a file, or the id "
        "of a shipped checklist (see checklist list).",
    ),
]
ProfileOption = Annotated[
    str | None,
    typer.Option(
        "--profile",
        "-p",
        metavar="PROFILE",
        help="Profile: full, core or survey-2009 (see checklist show).",
    ),
]
MAX_FILE_SIZE_RANGE = (0.001, 100.0)


def _file_size_limit(value: float) -> float:
    low, high = MAX_FILE_SIZE_RANGE
    # `not low <= value` also catches nan, which compares false with everything.
    if not low <= value <= high:
        raise typer.BadParameter(f"give a size in MB from {low:g} to {high:g}")
    return value


ForceOption = Annotated[
    bool,
    typer.Option(
        "--force", help="Replace output files that exist (a symbolic link itself, not its target)."
    ),
]
MaxSizeOption = Annotated[
    float,
    typer.Option(
        "--max-file-size",
        metavar="MB",
        help=f"Largest input file accepted, in MB (up to {MAX_FILE_SIZE_RANGE[1]:g}).",
        callback=_file_size_limit,
    ),
]
PlainOption = Annotated[
    bool,
    typer.Option(
        "--plain",
        help="Tables as plain lines, for screen readers; also under TERM=dumb or in a pipe.",
    ),
]
FormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="table (for people) or json.")
]
BeforeArgument = Annotated[
    Path,
    typer.Argument(
        metavar="BEFORE", help="The earlier answers file (YAML) or questionnaire (.xlsx)."
    ),
]
AfterArgument = Annotated[
    Path,
    typer.Argument(metavar="AFTER", help="The later answers file (YAML) or questionnaire (.xlsx)."),
]
ChecklistBeforeOption = Annotated[
    Path | None,
    typer.Option(help="Checklist file for BEFORE instead of the shipped one it names."),
]
ChecklistAfterOption = Annotated[
    Path | None,
    typer.Option(help="Checklist file for AFTER instead of the shipped one it names."),
]
PreviousOption = Annotated[
    Path | None,
    typer.Option(
        metavar="LAST.yaml",
        dir_okay=False,
        help="An earlier answers file of the same council: adds the trend since then.",
    ),
]
CohortOption = Annotated[
    Path | None,
    typer.Option(
        metavar="COHORT.json",
        dir_okay=False,
        help="A cohort written by batch --json: adds where the council stands in it. "
        "Figures the cohort file withholds stay withheld.",
    ),
]
ProgressOutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Also write a progress workbook (.xlsx) here."),
]
FailOnRegressionOption = Annotated[
    bool, typer.Option("--fail-on-regression", help="Exit 1 when any item regressed.")
]
RequireSignedOption = Annotated[
    bool,
    typer.Option(
        "--require-signed",
        help="Count only files whose sign-off verifies against --allowed-signers; reject the "
        "rest, each with its reason.",
    ),
]
SignerOption = Annotated[str, typer.Option("--name", help="Who signs off, e.g. Jo Bloggs.")]
SignerRoleOption = Annotated[str, typer.Option("--role", help="Their role, e.g. SIRO.")]
AnswersArgument = Annotated[
    Path, typer.Argument(metavar="ANSWERS", help="The answers file (YAML).", dir_okay=False)
]
SigningKeyOption = Annotated[
    Path | None,
    typer.Option(
        "--key",
        metavar="KEY",
        dir_okay=False,
        help="SSH private key to sign with, e.g. ~/.ssh/id_ed25519 (or its .pub to sign with "
        "ssh-agent). Without it the sign-off records the digest but no signature.",
    ),
]
AllowedSignersOption = Annotated[
    Path | None,
    typer.Option(
        "--allowed-signers",
        metavar="FILE",
        dir_okay=False,
        help="OpenSSH allowed_signers file: each line names an authority (its ONS/GSS code or "
        "name) and its public key. A signature counts only by the key listed for the file's "
        "own authority.",
    ),
]
MARKING_CHARACTERS = 120


def checked_marking(value: str | None) -> str | None:
    """A protective marking fit for a page header: short, one line, printable."""
    if value is None:
        return None
    text = value.strip()
    if not text or len(text) > MARKING_CHARACTERS or not text.isprintable():
        raise typer.BadParameter(
            f"give a marking of 1 to {MARKING_CHARACTERS} printable characters on one line, "
            "for example OFFICIAL or OFFICIAL-SENSITIVE"
        )
    return " ".join(text.split())


MarkingOption = Annotated[
    str | None,
    typer.Option(
        "--marking",
        metavar="TEXT",
        callback=checked_marking,
        help="Protective marking printed on every page "
        "[default: OFFICIAL-SENSITIVE for a council's gaps and respondents' details, "
        "OFFICIAL for a cohort published with --publish].",
    ),
]


def confirmed(question: str) -> bool:
    """The user's yes to ``question`` on stderr; no when they say no or the input ends."""
    try:
        return typer.confirm(question, default=False, err=True)
    except typer.Abort:
        return False


def max_bytes(megabytes: float) -> int:
    """A --max-file-size in bytes."""
    return int(megabytes * MEGABYTE)


def warn(message: str) -> None:
    """A warning on stderr (yellow on a colour terminal)."""
    tell(f"warning: {message}", style="yellow")


def load(
    answers_path: Path, checklist_path: Path | None, profile: str | None, max_file_size: float
) -> Loaded:
    """The answers at ``answers_path``, their checklist and the profile to score them for."""
    from compliance_check.questionnaire.loading import load_assessment

    return load_assessment(answers_path, checklist_path, profile, max_bytes(max_file_size), warn)


VersionOption = Annotated[
    str | None,
    typer.Option(
        "--version",
        "-V",
        metavar="X.Y",
        help="Shipped checklist version, e.g. 1.0 or 1.1; default: the newest.",
    ),
]


OwnChecklistOption = Annotated[
    Path | None,
    typer.Option(
        "--checklist",
        "-c",
        help="Checklist to use instead of the shipped LGA one: a file, or a shipped id "
        "(see checklist list).",
    ),
]


@contextmanager
def progress_bar() -> Iterator[Callable[[int, int], None] | None]:
    """A progress callback drawing a bar on stderr when it is a terminal; None in a pipe."""
    from rich.progress import MofNCompleteColumn, Progress

    console = stderr()
    if not console.is_terminal:
        yield None
        return
    columns = (*Progress.get_default_columns(), MofNCompleteColumn())
    # Refreshed from here rather than by Rich's thread: worker processes are forked while the
    # bar is up, and forking a process that runs threads can leave a lock held in the copy.
    with Progress(*columns, console=console, transient=True, auto_refresh=False) as bar:
        task = bar.add_task("Scoring", total=None)
        shown = 0.0

        def advance(done: int, total: int) -> None:
            nonlocal shown
            bar.update(task, completed=done, total=total)
            if time.monotonic() - shown > 0.1 or done == total:
                bar.refresh()
                shown = time.monotonic()

        yield advance
