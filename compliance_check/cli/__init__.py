"""The command line: parse options, call the core, choose a writer, map errors to exit codes."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer

from compliance_check import __version__
from compliance_check.cli import cohort, signing
from compliance_check.cli.help import HelpGroup
from compliance_check.cli.options import (
    AfterArgument,
    BeforeArgument,
    ChecklistAfterOption,
    ChecklistBeforeOption,
    ChecklistOption,
    CohortOption,
    FailOnRegressionOption,
    ForceOption,
    FormatOption,
    MarkingOption,
    MaxSizeOption,
    OwnChecklistOption,
    PlainOption,
    PreviousOption,
    ProfileOption,
    ProgressOutputOption,
    VersionOption,
    fail,
    layout_of,
    load,
    max_bytes,
    stdout,
    tell,
    user_errors,
    warn,
)
from compliance_check.codes import (
    AuthorityType,
    OutputFormat,
    Role,
    SchemaKind,
    TemplateFormat,
)
from compliance_check.errors import ComplianceCheckError, ExitCode

app = typer.Typer(
    name="compliance-check",
    cls=HelpGroup,
    help="Measure a UK council against the LGA Data Handling Guidelines for Local Government "
    "(2008), or against today's data protection duties, and see, item by item, the gap to 100% "
    "compliance.\n\n"
    "Exit codes: 0 ok; 1 below --fail-under, or a regression with --fail-on-regression; "
    "2 a mistake in the command; 3 a file that cannot be used; 4 to 7 what verify found.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)
checklist_app = typer.Typer(
    cls=HelpGroup,
    help="Show and validate checklists.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
app.add_typer(checklist_app, name="checklist")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"compliance-check {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Measure a UK council against the LGA Data Handling Guidelines for Local Government (2008)."""


@checklist_app.command("show")
def checklist_show(
    path: Annotated[
        Path | None,
        typer.Argument(help="Checklist file; default: the shipped LGA checklist."),
    ] = None,
    version: VersionOption = None,
    profile: ProfileOption = None,
    plain: PlainOption = False,
) -> None:
    """Show a checklist's sections and requirements as a tree, with each item's basis.

    Example: compliance-check checklist show --version 1.0 --profile core
    """
    from compliance_check.gap_report.console import checklist_tree
    from compliance_check.model.checklist import choose_profile, chosen_checklist

    with user_errors():
        checklist = chosen_checklist(path, version)
        console = stdout()
        chosen = choose_profile(checklist, profile)
        console.print(checklist_tree(checklist, chosen, layout_of(console, plain)))


@checklist_app.command("list")
def checklist_list() -> None:
    """List the checklists and crosswalks shipped with this release.

    Example: compliance-check checklist list
    """
    from compliance_check.model.checklist import load_checklist, shipped_checklist_paths
    from compliance_check.model.crosswalk import load_crosswalk, shipped_crosswalk_paths

    with user_errors():
        for path in shipped_checklist_paths():
            checklist = load_checklist(path)
            typer.echo(
                f"{checklist.id} {checklist.version}: {checklist.title} "
                f"({len(checklist.requirements)} requirements)"
            )
        for path in shipped_crosswalk_paths():
            crosswalk, _ = load_crosswalk(path)
            typer.echo(
                f"crosswalk {crosswalk.id}: {crosswalk.source.id} {crosswalk.source.version} to "
                f"{crosswalk.target.id} {crosswalk.target.version} ({len(crosswalk.links)} links)"
            )


@checklist_app.command("validate")
def checklist_validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Checklist or crosswalk files to check; default: every shipped one."),
    ] = None,
    max_file_size: MaxSizeOption = 5.0,
) -> None:
    """Check checklist and crosswalk files; exit 3 on the first problem.

    A checklist: format, unique ids, profiles, sources. A crosswalk: every id exists in the
    pinned versions of both checklists, and no item of either is left silently unmapped.

    Example: compliance-check checklist validate my-checklist.yaml
    """
    from compliance_check.model.checklist import shipped_checklist_paths
    from compliance_check.model.crosswalk import (
        CrosswalkFile,
        shipped_crosswalk_paths,
        validate_file,
    )

    with user_errors():
        for path in paths or [*shipped_checklist_paths(), *shipped_crosswalk_paths()]:
            checklist = validate_file(path, max_bytes=max_bytes(max_file_size))
            if isinstance(checklist, CrosswalkFile):
                typer.echo(
                    f"{path}: valid — crosswalk {checklist.id}, {len(checklist.links)} links "
                    f"from {checklist.source.id} {checklist.source.version} to "
                    f"{checklist.target.id} {checklist.target.version}"
                )
                continue
            typer.echo(
                f"{path}: valid — {checklist.id} v{checklist.version} (format "
                f"{checklist.format_version}), {len(checklist.requirements)} requirements in "
                f"{len(checklist.sections)} sections"
            )


@app.command("schema")
def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="Which file format.")],
) -> None:
    """Print the JSON Schema of the answers, checklist or crosswalk format, for editors.

    Example: compliance-check schema answers > answers.schema.json
    """
    import json

    from compliance_check.model.schemas import json_schema

    typer.echo(json.dumps(json_schema(kind), indent=2))


@app.command("score")
def score(
    answers_path: Annotated[
        Path,
        typer.Argument(
            metavar="ANSWERS",
            help="The answers file (YAML) or questionnaire workbook (.xlsx) to score.",
        ),
    ],
    checklist_path: ChecklistOption = None,
    profile: ProfileOption = None,
    output_format: FormatOption = OutputFormat.TABLE,
    fail_under: Annotated[
        float | None,
        typer.Option(
            help="Exit 1 when the overall score is below this percentage.", min=0, max=100
        ),
    ] = None,
    top: Annotated[int, typer.Option(help="How many gaps the table lists.", min=0)] = 10,
    max_file_size: MaxSizeOption = 5.0,
    plain: PlainOption = False,
) -> None:
    """Score an answers file: overall %, gap to 100%, sections, and the gaps in action order.

    Example: compliance-check score council.answers.yaml --fail-under 80
    """
    from compliance_check.gap_report.console import headline, score_summary
    from compliance_check.gap_report.json import assessment_to_data
    from compliance_check.model.actions import action_plan
    from compliance_check.model.scoring import score as score_answers
    from compliance_check.pages.json import render_json

    with user_errors():
        (checklist, answers), chosen = load(answers_path, checklist_path, profile, max_file_size)
        assessment = score_answers(checklist, answers, chosen)
        plan = action_plan(answers, date.today())
    if output_format is OutputFormat.JSON:
        typer.echo(render_json(assessment_to_data(checklist, answers, assessment, plan)), nl=False)
    else:
        console = stdout()
        console.print(score_summary(answers, assessment, top, layout_of(console, plain), plan))
        # Last, where the eye lands when the tables have scrolled the top away.
        console.print("\n" + "\n".join(headline(assessment)), markup=False, highlight=False)
    if fail_under is not None and (assessment.score is None or assessment.score < fail_under):
        typer.echo(
            f"Score {assessment.score or 0:.1f}% is below --fail-under {fail_under:g}%.", err=True
        )
        raise typer.Exit(ExitCode.BELOW_THRESHOLD)


@app.command("compare")
def compare(
    before_path: BeforeArgument,
    after_path: AfterArgument,
    output: ProgressOutputOption = None,
    output_format: FormatOption = OutputFormat.TABLE,
    fail_on_regression: FailOnRegressionOption = False,
    checklist_before: ChecklistBeforeOption = None,
    checklist_after: ChecklistAfterOption = None,
    profile: ProfileOption = None,
    force: ForceOption = False,
    max_file_size: MaxSizeOption = 5.0,
    marking: MarkingOption = None,
    plain: PlainOption = False,
) -> None:
    """Compare two assessments: scores then and now, and what improved, regressed or is still open.

    Example: compliance-check compare 2025.answers.yaml 2026.answers.yaml
    """
    from compliance_check.model.compare import Change
    from compliance_check.model.compare import compare as compare_assessments
    from compliance_check.pages.json import render_json
    from compliance_check.progress.console import comparison_summary, comparison_warnings
    from compliance_check.progress.json import comparison_to_data

    with user_errors():
        if output is not None:
            from compliance_check.pages.workbook import check_workbook_target

            check_workbook_target(
                output,
                writing="a progress workbook",
                replace=force,
                inputs=(before_path, after_path, checklist_before, checklist_after),
            )
        before, before_profile = load(before_path, checklist_before, profile, max_file_size)
        after, after_profile = load(after_path, checklist_after, profile, max_file_size)
        comparison = compare_assessments(
            before,
            after,
            before_profile=before_profile,
            after_profile=after_profile,
            today=date.today(),
        )
    for warning in comparison_warnings(comparison):
        tell(f"warning: {warning}", style="yellow")
    if output_format is OutputFormat.JSON:
        typer.echo(render_json(comparison_to_data(comparison)), nl=False)
    else:
        console = stdout()
        console.print(comparison_summary(comparison, layout_of(console, plain)))
    if output is not None:
        from compliance_check.pages.labels import MARKING_SENSITIVE
        from compliance_check.progress.workbook import write_progress

        with user_errors():
            write_progress(comparison, output, marking or MARKING_SENSITIVE, replace=force)
        tell(f"Wrote {output}")
    if fail_on_regression and comparison.regressed:
        regressed = comparison.count(Change.REGRESSED)
        tell(f"{regressed} item{'' if regressed == 1 else 's'} regressed (--fail-on-regression).")
        raise typer.Exit(ExitCode.BELOW_THRESHOLD)


@app.command("report")
def report(
    answers_path: Annotated[
        Path,
        typer.Argument(
            metavar="ANSWERS", help="The answers file (YAML) or questionnaire (.xlsx) to report on."
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="The workbook to write (.xlsx); default: ANSWERS' name with -gap-report.xlsx, "
            "beside it.",
            show_default=False,
        ),
    ] = None,
    checklist_path: ChecklistOption = None,
    profile: ProfileOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the workbook if it already exists.")
    ] = False,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            metavar="LAST.yaml",
            dir_okay=False,
            help="Last assessment's answers: its open actions carry forward into the plan.",
        ),
    ] = None,
    max_file_size: MaxSizeOption = 5.0,
    marking: MarkingOption = None,
) -> None:
    """Write the gap report workbook: summary and chart, action plan, responses, method.

    The action plan has owner, target date and status columns to fill in, so an existing
    workbook is only replaced with --force. They come back into the answers file with
    import; the next report shows them, and --previous carries last year's open ones.

    Example: compliance-check report council.answers.yaml -o council-gap-report.xlsx
    """
    from compliance_check.files.names import gap_report_for
    from compliance_check.gap_report.report import write_report

    with user_errors():
        written = write_report(
            answers_path,
            output or gap_report_for(answers_path),
            checklist_path=checklist_path,
            profile=profile,
            previous=previous,
            max_bytes=max_bytes(max_file_size),
            marking=marking,
            replace=force,
            warn=warn,
        )
    tell(written)


@app.command("brief")
def brief(
    answers_path: Annotated[
        Path, typer.Argument(metavar="ANSWERS", help="The answers file (YAML) to brief on.")
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            dir_okay=False,
            help="The page to write (.html); default: ANSWERS' name with -briefing.html, "
            "beside it.",
            show_default=False,
        ),
    ] = None,
    previous: PreviousOption = None,
    cohort: CohortOption = None,
    marking: MarkingOption = None,
    checklist_path: ChecklistOption = None,
    profile: ProfileOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the page if it already exists.")
    ] = False,
    max_file_size: MaxSizeOption = 5.0,
) -> None:
    """Write a briefing for members: one HTML page that prints on at most two A4 sheets.

    The headline, what needs doing, sections at a glance, the 2009 sector picture, a sign-off
    block and the method; with --previous the trend, with --cohort the council's position.
    The page has no script and makes no request: it opens from an email or a shared folder.

    Example: compliance-check brief council.answers.yaml --cohort cohort.json -o brief.html
    """
    from compliance_check.briefing.write import write_brief
    from compliance_check.files.names import briefing_for
    from compliance_check.pages.labels import MARKING_SENSITIVE

    output = output or briefing_for(answers_path)
    with user_errors():
        briefing = write_brief(
            answers_path,
            output,
            previous=previous,
            cohort=cohort,
            marking=marking or MARKING_SENSITIVE,
            checklist_path=checklist_path,
            profile=profile,
            replace=force,
            max_bytes=max_bytes(max_file_size),
            warn=warn,
        )
    for warning in briefing.trend.warnings if briefing.trend else ():
        warn(warning)
    tell(f"Wrote {output}: {briefing.headline}")


@app.command("assess")
def assess(
    authority: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="Name of the authority; asked when not given."),
    ] = None,
    authority_type: Annotated[
        AuthorityType | None,
        typer.Option(metavar="TYPE", help="Type of authority; asked when not given."),
    ] = None,
    role: Annotated[
        Role | None, typer.Option(metavar="ROLE", help="Your role; asked when not given.")
    ] = None,
    assessed_on: Annotated[
        datetime | None,
        typer.Option(
            "--date",
            formats=["%Y-%m-%d"],
            metavar="YYYY-MM-DD",
            help="Date of the assessment; asked, default today.",
        ),
    ] = None,
    profile: ProfileOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Answers file to write; default: AUTHORITY-DATE.answers.yaml in this folder.",
        ),
    ] = None,
    resume: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Carry on with FILE at its first unanswered item."),
    ] = None,
    review: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Walk through FILE and change earlier answers."),
    ] = None,
    section: Annotated[
        str | None,
        typer.Option(
            metavar="SECTION",
            help="Start at this section's first question, e.g. --section TRN.",
        ),
    ] = None,
    question: Annotated[
        str | None,
        typer.Option(metavar="ID", help="Start at this question, e.g. --question TRN-03."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Start again over an existing answers file.")
    ] = False,
    no_input: Annotated[
        bool,
        typer.Option("--no-input", help="Never ask; assess then refuses to run (exit 2)."),
    ] = False,
    report: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE.xlsx",
            help="At the end, also write the gap report workbook here (a new file).",
        ),
    ] = None,
    checklist_path: OwnChecklistOption = None,
    version: VersionOption = None,
    max_file_size: MaxSizeOption = 5.0,
    marking: MarkingOption = None,
    plain: PlainOption = False,
) -> None:
    """Answer the checklist's questions one by one; every answer is saved at once.

    Asks which checklist (the 2008 LGA guideline, lga-data-handling-2008, or today's duties,
    uk-council-data-duties) unless --checklist or --version says, then the authority, the
    date, your role and the profile unless given, then each question in turn. If the answers
    file is already there, offers to resume or review it.

    Type a letter, then Enter. At a question: ? guidance, b back, s skip, l lists the
    sections with what is left, g ID goes to a question or section, q (or Ctrl-D) saves and
    stops; --resume FILE carries on later (with a later --version, in a copy carried to it:
    answers kept where the question is unchanged, proposals where it changed). Ctrl-C stops too.

    Example: compliance-check assess --authority "Example BC" --profile core
    """
    if no_input:
        raise typer.BadParameter(
            "assess asks questions and --no-input forbids asking. To answer without prompts, "
            "write a blank file with `compliance-check template -o FILE`, fill it in, then run "
            "`compliance-check score FILE`.",
            param_hint="'--no-input'",
        )
    if sys.stdin is None or sys.stdin.closed:
        fail(
            ComplianceCheckError(
                "assess asks questions, but its standard input is closed; run it in a "
                "terminal, or fill in a file from `compliance-check template -o FILE`"
            )
        )
    existing = resume or review
    if resume and review:
        raise typer.BadParameter(
            "give either --resume or --review, not both", param_hint="'--review'"
        )
    if section and question:
        raise typer.BadParameter(
            "give either --section or --question, not both", param_hint="'--question'"
        )
    new_only = {
        "--authority": authority,
        "--authority-type": authority_type,
        "--role": role,
        "--date": assessed_on,
        # With a later --version the file is carried to a new one: -o and --force name it.
        "--output": None if version else output,
        "--force": None if version else force,
    }
    if existing and any(new_only.values()):
        given = ", ".join(f"'{name}'" for name, value in new_only.items() if value)
        raise typer.BadParameter(
            "describes a new answers file; --resume and --review use the file's own",
            param_hint=given,
        )
    from compliance_check.assess import wizard
    from compliance_check.assess.session import AssessRequest, Ending, run_assess
    from compliance_check.assess.terminal import TerminalPrompter

    console = stdout()
    prompter = TerminalPrompter(console, layout_of(console, plain))
    request = AssessRequest(
        existing=existing,
        review=review is not None,
        start_at=section or question,
        given=wizard.StartOptions(
            authority=authority,
            authority_type=authority_type,
            role=role,
            assessed_on=assessed_on.date() if assessed_on else None,
        ),
        output=output,
        force=force,
        report=report,
        marking=marking,
        checklist=checklist_path,
        version=version,
        profile=profile,
        max_bytes=max_bytes(max_file_size),
    )
    with user_errors():
        ended = run_assess(request, prompter, note=tell, warn=warn)
    codes = {Ending.INTERRUPTED: ExitCode.INTERRUPTED, Ending.INPUT_ENDED: ExitCode.INVALID_INPUT}
    if ended.how in codes:
        tell("")  # the prompt's line is left unfinished
    if ended.message:
        tell(ended.message)
    if ended.how in codes:
        raise typer.Exit(codes[ended.how])


@app.command("template")
def template(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write; default: print it."),
    ] = None,
    template_format: Annotated[
        TemplateFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="yaml (an answers file for an editor) or xlsx (a questionnaire workbook); "
            "default: from the -o name.",
        ),
    ] = None,
    profile: ProfileOption = None,
    from_path: Annotated[
        Path | None,
        typer.Option(
            "--from",
            metavar="ANSWERS",
            dir_okay=False,
            help="Fill the workbook in with this answers file's answers, e.g. for a review; "
            "with a later --version, those whose question is unchanged in it.",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    checklist_path: OwnChecklistOption = None,
    version: VersionOption = None,
    max_file_size: MaxSizeOption = 5.0,
) -> None:
    """Write a blank answers file (YAML) or a questionnaire workbook (xlsx) to fill in.

    The YAML file has each question and its guidance as comments. The workbook has a Start
    sheet for who is answering and a Questions sheet with an Answer list, Note and Evidence for
    each question; read it back with import, or score it as it is.

    Example: compliance-check template -o form.xlsx --from council.answers.yaml
    """
    from compliance_check.assess.template import render_template, template_source, write_template

    if template_format is None:
        suffix = output.suffix.lower() if output else ""
        template_format = TemplateFormat.XLSX if suffix == ".xlsx" else TemplateFormat.YAML
    if template_format is TemplateFormat.XLSX and output is None:
        raise typer.BadParameter(
            "a workbook needs a file name: add -o FILE.xlsx", param_hint="'-o'"
        )
    if from_path is not None and template_format is not TemplateFormat.XLSX:
        raise typer.BadParameter(
            "fills in a questionnaire workbook: add --format xlsx", param_hint="'--from'"
        )
    with user_errors():
        checklist, chosen, answers = template_source(
            from_path,
            checklist_path,
            version,
            profile,
            max_bytes=max_bytes(max_file_size),
            warn=warn,
            note=tell,
        )
        if output is None:
            typer.echo(render_template(checklist, chosen, date.today()), nl=False)
            return
        workbook = template_format is TemplateFormat.XLSX
        write_template(
            output, checklist, chosen, answers, workbook=workbook, force=force, source=from_path
        )
    count = len(checklist.in_profile(chosen))
    if template_format is TemplateFormat.XLSX:
        filled = f", filled in from {from_path}" if from_path else ""
        tell(
            f"Wrote a questionnaire workbook for {count} questions to {output}{filled}. Fill in "
            f"the shaded cells, then: compliance-check import {output} -o ANSWERS.yaml"
        )
    else:
        tell(
            f"Wrote a blank answers file for {count} questions to {output}. Fill it in, then: "
            f"compliance-check score {output}"
        )


@app.command("import")
def import_workbook(
    workbook_path: Annotated[
        Path,
        typer.Argument(
            metavar="WORKBOOK",
            help="A filled-in questionnaire, or a gap report whose action plan was filled in.",
            dir_okay=False,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            dir_okay=False,
            help="The answers file to write; for a gap report, the one it was made from. "
            "Default: WORKBOOK's name with .answers.yaml (without -gap-report), beside it.",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; write nothing.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Write the changes over an existing answers file.")
    ] = False,
    checklist_path: ChecklistOption = None,
    max_file_size: MaxSizeOption = 5.0,
) -> None:
    """Read a workbook back into an answers file, showing item by item what changes.

    A questionnaire (from template --format xlsx) gives its answers, notes and evidence.
    A gap report (from report) gives its action plan: owner, target date, status,
    comment and date completed of each item, kept as the item's actions. An existing answers
    file is only changed with --force; --dry-run shows the changes without writing.

    Example: compliance-check import form.xlsx -o council.answers.yaml --dry-run
    """
    from compliance_check.files.locking import AnswersLock
    from compliance_check.files.names import answers_for
    from compliance_check.questionnaire.importing import plan_import

    output = output or answers_for(workbook_path)
    with user_errors(), ExitStack() as held:
        if not dry_run:
            # Held from the read to the write, as assess holds it: neither loses the other's.
            held.enter_context(AnswersLock(output))
        planned = plan_import(
            workbook_path, output, checklist_path, max_bytes=max_bytes(max_file_size)
        )
        if planned.existing is not None and not planned.lines:
            tell(f"{output} already holds everything in {workbook_path}; nothing to change.")
            return
        for line in planned.lines:
            typer.echo(line)
        if planned.existing is not None and planned.layout:
            typer.echo(planned.layout)
        changed = (
            f"{len(planned.lines)} change(s)"
            if planned.existing is not None
            else f"a new answers file, {planned.answered} answer(s)"
        )
        if dry_run:
            tell(f"Dry run: {output} would get {changed}, shown above; nothing written.")
            return
        planned.write(force=force)
    tell(f"Wrote {output}: {changed} from {workbook_path}.")


@app.command("crosswalk")
def crosswalk(
    answers_path: Annotated[
        Path, typer.Argument(metavar="ANSWERS", help="The answers file to carry across.")
    ],
    to: Annotated[
        str,
        typer.Option(
            "--to", metavar="CHECKLIST", help="Id of the shipped checklist to carry them to."
        ),
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Answers file to write.")],
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Add proposals to an existing file; its answers are never changed."
        ),
    ] = False,
    output_format: FormatOption = OutputFormat.TABLE,
    max_file_size: MaxSizeOption = 5.0,
    version: VersionOption = None,
) -> None:
    """Carry answers to another checklist through the shipped crosswalk, or to a later version.

    Proposals are not answers: nothing is scored until a person confirms it with
    [bold]assess --review[/]. To a later version (--to the same checklist) answers are kept
    where the question is unchanged and become proposals where it changed. An answer already
    in the output file is never changed.

    Example: compliance-check crosswalk a.yaml --to uk-council-data-duties -o b.yaml
    """
    from compliance_check.model.answers import load_answers_and_checklist
    from compliance_check.model.crosswalk import carry_to

    with user_errors():
        source, answers = load_answers_and_checklist(
            answers_path, max_bytes=max_bytes(max_file_size)
        )
        carried = carry_to(source, answers, to, output, force=force, version=version)
    if output_format is OutputFormat.JSON:
        import json

        typer.echo(json.dumps(carried.to_data(), indent=2))
    else:
        typer.echo("\n".join(carried.sentences()))
    if carried.layout:
        tell(carried.layout)
    tell(carried.written())


app.command("batch")(cohort.batch)
app.command("sign")(signing.sign)
app.command("verify")(signing.verify)


def main() -> None:
    """Entry point of the ``compliance-check`` console script."""
    from compliance_check.files.atomic import Terminated, terminate_cleanly_on_signals

    terminate_cleanly_on_signals()
    try:
        app()
    except Terminated as stop:
        raise SystemExit(stop.exit_code) from None
