"""The regional body's command: batch scoring a cohort of answers files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from compliance_check.cli.options import (
    AllowedSignersOption,
    ForceOption,
    MarkingOption,
    MaxSizeOption,
    ProfileOption,
    RequireSignedOption,
    max_bytes,
    progress_bar,
    stdout,
    tell,
    user_errors,
)
from compliance_check.codes import (
    ConflictPolicy,
)
from compliance_check.errors import ExitCode


def batch(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATHS...",
            help="Answers files and questionnaire workbooks, and folders searched recursively "
            "for *.yaml, *.yml and *.xlsx.",
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the cohort workbook (.xlsx) here."),
    ] = None,
    json_path: Annotated[
        Path | None, typer.Option("--json", help="Write every figure of the workbook as JSON.")
    ] = None,
    csv_path: Annotated[
        Path | None,
        typer.Option(
            "--csv",
            help="Write the Authorities table as CSV (published without --name-authorities: "
            "the Requirements table).",
        ),
    ] = None,
    fail_under: Annotated[
        float | None,
        typer.Option(
            help="Exit 1 when any authority's mean score is below this percentage.",
            min=0,
            max=100,
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Worker processes; default: one per CPU; 1 scores in this process.",
        ),
    ] = None,
    profile: ProfileOption = None,
    checklist_paths: Annotated[
        list[Path] | None,
        typer.Option(
            "--checklist",
            "-c",
            help="A checklist version the files answer, besides the shipped ones; repeatable.",
        ),
    ] = None,
    min_group: Annotated[
        int | None,
        typer.Option(
            "--min-group",
            min=1,
            help="Hide every figure built from fewer respondents than this, and enough others "
            "that none can be worked out from the totals. Default: 1, or 5 with --publish.",
        ),
    ] = None,
    publish: Annotated[
        bool,
        typer.Option(
            "--publish",
            help="Write a workbook, JSON and CSV fit for a public report: the sector picture, "
            "naming no authority, respondent or file; every figure from --min-group "
            "respondents and, about several authorities, from at least 3 of them; the Method "
            "sheet says what was withheld.",
        ),
    ] = False,
    name_authorities: Annotated[
        bool,
        typer.Option(
            "--name-authorities",
            help="With --publish: name each authority, with its overall score and rating "
            "only (never its answers, gaps or section scores). Only for councils that agreed.",
        ),
    ] = False,
    force: ForceOption = False,
    max_file_size: MaxSizeOption = 5.0,
    name: Annotated[
        str,
        typer.Option(
            "--name",
            metavar="TEXT",
            help="The cohort's name, printed at the top of every page of the workbook.",
        ),
    ] = "Cohort",
    marking: MarkingOption = None,
    follow_links: Annotated[
        bool,
        typer.Option(
            "--follow-links",
            help="Read files and folders through symbolic links; by default a link is rejected.",
        ),
    ] = False,
    on_conflict: Annotated[
        ConflictPolicy,
        typer.Option(
            "--on-conflict",
            help="Files of one respondent (same authority, name, role, date) with different "
            "answers: reject counts none and exits 3; omit counts none; lowest counts the "
            "lowest score.",
        ),
    ] = ConflictPolicy.REJECT,
    allowed_signers: AllowedSignersOption = None,
    require_signed: RequireSignedOption = False,
) -> None:
    """Score many answers files as one cohort: authorities, requirements, roles, 2009 figures.

    Bad files and symbolic links are listed on stderr and left out; the others are still
    reported. A file sent twice (same authority, respondent, role and date, same answers)
    counts once; with different answers the files are a conflict, listed and counted as
    --on-conflict says. Exit 0 when every file was scored, 3 when any was rejected or a
    conflict is left unsettled (this wins over 1), 1 when --fail-under is given and any
    authority's mean score is below it.

    Each file's sign-off is checked as verify does (--allowed-signers for whose key it is):
    the summary counts them, the Respondents sheet and the JSON say where each stands.

    Without --publish the workbook holds personal data (each respondent's name, role and
    answers), for the regional body's own use.

    Example: compliance-check batch submissions/ -o cohort.xlsx --json cohort.json

    For a public report: compliance-check batch submissions/ --publish -o public.xlsx
    (docs/publishing.md says what it holds and withholds).
    """
    # The batch machinery (worker processes, the cohort reports) loads only for this command.
    from compliance_check.cohort.console import (
        below_threshold_line,
        cohort_summary,
        cohort_warnings,
        conflict_lines,
        unsettled_line,
    )
    from compliance_check.cohort.run import BatchRequest, check_batch, run_batch
    from compliance_check.cohort.workers import SignatureCheck, collect_rarely

    collect_rarely()

    if require_signed and allowed_signers is None:
        raise typer.BadParameter(
            "needs --allowed-signers: the keys a sign-off must be verified against",
            param_hint="--require-signed",
        )

    request = BatchRequest(
        paths,
        output=output,
        json_path=json_path,
        csv_path=csv_path,
        fail_under=fail_under,
        jobs=jobs,
        profile=profile,
        checklists=checklist_paths or [],
        min_group=_min_group(min_group, publish, name_authorities),
        publish=publish,
        name_authorities=name_authorities,
        force=force,
        max_bytes=max_bytes(max_file_size),
        name=name,
        marking=marking,
        follow_links=follow_links,
        on_conflict=on_conflict,
        signatures=SignatureCheck(allowed_signers, require_signed),
    )
    with user_errors():
        checked = check_batch(request)
        try:
            with progress_bar() as progress:
                result = run_batch(request, checked, progress)
        except KeyboardInterrupt:
            typer.echo("Interrupted; nothing written.", err=True)
            raise typer.Exit(ExitCode.INTERRUPTED) from None
    for rejected in result.rejected:
        tell(f"error: {rejected.reason}", style="red")
    for warning in cohort_warnings(result):
        tell(f"warning: {warning}", style="yellow")
    for line in conflict_lines(result):
        tell(f"conflict: {line}", style="red" if result.unsettled else "yellow")
    if result.unsettled:
        tell(f"error: {unsettled_line(result)}", style="red")
    for path in request.outputs:
        tell(f"Wrote {path}")
    stdout().print(cohort_summary(result))
    view = result.overview
    in_conflict = f"; {view.conflicting} in conflict, not counted" if view.conflicting else ""
    typer.echo(f"{view.files} files: {view.scored} scored, {view.rejected} rejected{in_conflict}")
    if fail_under is not None and result.below_threshold:
        tell(below_threshold_line(result, fail_under))
    # A rejected file wins over --fail-under: the threshold was judged on part of the cohort.
    if view.rejected or result.unsettled:
        raise typer.Exit(ExitCode.INVALID_INPUT)
    if result.below_threshold:
        raise typer.Exit(ExitCode.BELOW_THRESHOLD)


def _min_group(min_group: int | None, publish: bool, name_authorities: bool) -> int:
    """The --min-group a batch runs with; a usage error where the options do not fit."""
    from compliance_check.cohort.disclosure import PUBLISHED_MIN_GROUP

    if min_group is None:
        min_group = PUBLISHED_MIN_GROUP if publish else 1
    if publish and min_group < 2:
        raise typer.BadParameter(
            "a published cohort needs 2 or more: every figure of one respondent is theirs",
            param_hint="--min-group",
        )
    if name_authorities and not publish:
        raise typer.BadParameter(
            "goes with --publish: the private workbook names every authority already",
            param_hint="--name-authorities",
        )
    return min_group
