"""A blank answers file for a checklist profile, each question and its guidance as comments."""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path

from compliance_check.files.atomic import check_output, write_text_atomic
from compliance_check.files.locking import AnswersLock
from compliance_check.model.answers import AnswersFile, AuthorityType, Role
from compliance_check.model.baselines import requirement_notes
from compliance_check.model.checklist import (
    Answer,
    Checklist,
    Profile,
    Requirement,
    choose_profile,
    chosen_checklist,
)
from compliance_check.model.upgrade import carried_forward
from compliance_check.questionnaire.loading import load_assessment

WIDTH = 100


def _comment(text: str, indent: str = "", hanging: str = "") -> list[str]:
    """``text`` as comment lines (wrapped; line breaks in the text cannot end the comment)."""
    return textwrap.wrap(
        " ".join(text.split()),
        WIDTH,
        initial_indent=f"{indent}# ",
        subsequent_indent=f"{indent}# {hanging}",
        break_on_hyphens=False,
    )


def _first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?])(\s|$)", " ".join(text.split()))
    return match.group(1) if match else text


def _quoted(value: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(value, ensure_ascii=False)


def _allowed(requirement: Requirement) -> str:
    codes = [_quoted(Answer.YES), Answer.PARTLY, _quoted(Answer.NO), Answer.DONT_KNOW]
    allowed = ", ".join(codes)
    if requirement.allow_not_applicable:
        allowed += ", or not_applicable with a note saying why"
    return f"Answer: {allowed}"


def _requirement(requirement: Requirement, checklist: Checklist) -> list[str]:
    lines = [
        "",
        *_comment(f"{requirement.id} ({requirement.priority}): {requirement.question}", "  ", "  "),
    ]
    lines += _comment(f"Guidance: {_first_sentence(requirement.guidance)}", "  ", "  ")
    lines += _comment(f"Evidence, e.g.: {'; '.join(requirement.evidence_examples)}", "  ", "  ")
    for label, said in requirement_notes(requirement, checklist):
        lines += _comment(f"{label}: {said}", "  ", "  ")
    lines += _comment(_allowed(requirement), "  ")
    lines += [f"  {requirement.id}:", "    answer:", "    note:", "    evidence: []"]
    return lines


def render_template(checklist: Checklist, profile: Profile, assessed_on: date) -> str:
    """The text of a blank answers file for ``profile``: header to fill in, answers empty."""
    questions = checklist.in_profile(profile)
    lines = _comment(
        f"Blank answers file: {checklist.title} v{checklist.version}, profile {profile.id} "
        f"({len(questions)} questions)."
    )
    lines += _comment(
        "Fill in the header, then an answer for each question. An answer left empty counts as "
        'not answered yet. Quote "yes" and "no": unquoted they read as true and false.'
    )
    lines += _comment("When it is filled in: compliance-check score FILE")
    lines += [
        'format_version: "1.0"',
        f"checklist: {_quoted(checklist.id)}",
        f"checklist_version: {_quoted(checklist.version)}",
        f"checklist_sha256: {_quoted(checklist.content_sha256)}",
        f"profile: {_quoted(profile.id)}",
        *_comment("authority, required: the authority's name, e.g. Example Borough Council"),
        "authority:",
        *_comment("authority_code, optional: its ONS/GSS code, e.g. E07000112 or W06000001"),
        "authority_code:",
        *_comment(
            "authority_type, optional, one of: " + ", ".join(kind for kind in AuthorityType),
            hanging="  ",
        ),
        "authority_type:",
        "respondent:",
        *_comment("name, optional: yours; it is personal data", "  "),
        "  name:",
        *_comment("role, required, one of: " + ", ".join(role for role in Role), "  ", "  "),
        "  role:",
        *_comment("assessed_on: the date of the assessment, YYYY-MM-DD"),
        f"assessed_on: {assessed_on.isoformat()}",
        "responses:",
    ]
    shown_section = None
    for requirement in questions:
        section = checklist.section_of[requirement.id]
        if section is not shown_section:
            lines += ["", *_comment(f"{section.id} {section.title}: {section.introduction}", "  ")]
            shown_section = section
        lines += _requirement(requirement, checklist)
    return "\n".join(lines) + "\n"


def template_source(
    from_path: Path | None,
    checklist_path: Path | None,
    version: str | None,
    profile: str | None,
    *,
    max_bytes: int,
    warn: Callable[[str], None],
    note: Callable[[str], None],
) -> tuple[Checklist, Profile, AnswersFile | None]:
    """The checklist and profile to ask, and the answers to fill in from ``from_path``;
    ``note`` is told what was carried when --version asks for a later version."""
    if from_path is None:
        checklist = chosen_checklist(checklist_path, version)
        return checklist, choose_profile(checklist, profile), None
    (checklist, answers), chosen = load_assessment(
        from_path, checklist_path, profile, max_bytes, warn
    )
    # Another --version fills the workbook in with the answers carried to that version: kept
    # where the question is unchanged, to answer again where it changed.
    upgrade = (
        None if version is None else carried_forward(checklist, answers, version, path=from_path)
    )
    if upgrade is not None:
        for line in upgrade.sentences():
            note(line)
        checklist, answers = upgrade.checklist, upgrade.answers
        chosen = choose_profile(checklist, profile or answers.profile)
    return checklist, chosen, answers


def write_template(
    output: Path,
    checklist: Checklist,
    profile: Profile,
    answers: AnswersFile | None,
    *,
    workbook: bool,
    force: bool,
    source: Path | None = None,
) -> None:
    """Write a questionnaire workbook (filled in from ``answers``, read from ``source``) or a
    blank answers file (under the answers file's lock, as every writer of one)."""
    if workbook:
        from compliance_check.pages.workbook import check_xlsx_path
        from compliance_check.questionnaire.workbook import write_questionnaire

        check_output(output, force=force, inputs=(source,))
        check_xlsx_path(output)
        write_questionnaire(output, checklist, profile, answers, source=source, replace=force)
        return
    with AnswersLock(output):
        check_output(output, force=force)
        write_text_atomic(output, render_template(checklist, profile, date.today()), replace=force)
