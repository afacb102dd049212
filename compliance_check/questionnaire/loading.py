"""Answers a command names, opened: from YAML or a questionnaire workbook, with their checklist."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from compliance_check.model.checklist import Checklist, Profile, choose_profile, open_checklist

if TYPE_CHECKING:
    from compliance_check.model.answers import AnswersFile


def is_workbook(path: Path) -> bool:
    """True for a name Excel would give a workbook (each kind is read, or refused, as one)."""
    return path.suffix.lower() in (".xlsx", ".xlsm", ".xltm", ".xlam", ".xls", ".xlt")


def read_answers(
    path: Path, checklist_path: Path | None, max_bytes: int
) -> tuple[Checklist, AnswersFile]:
    """An answers file (YAML) or a questionnaire workbook, and the checklist it answers."""
    checklist = open_checklist(checklist_path, max_bytes) if checklist_path else None
    if is_workbook(path):
        from compliance_check.questionnaire.importing import load_workbook_answers, resolver

        return load_workbook_answers(path, resolver(checklist), max_bytes=max_bytes)
    from compliance_check.model.answers import load_answers_and_checklist

    return load_answers_and_checklist(path, checklist, max_bytes=max_bytes)


class Loaded(NamedTuple):
    """An answers file, the checklist it answers and the profile to score it for."""

    answered: tuple[Checklist, AnswersFile]
    profile: Profile


def load_assessment(
    answers_path: Path,
    checklist_path: Path | None,
    profile: str | None,
    max_bytes: int,
    warn: Callable[[str], None],
) -> Loaded:
    """Read answers to score for ``profile`` (default: the file's own); ``warn`` is told when
    the file's own profile leaves answered items out of the score."""
    checklist, answers = read_answers(answers_path, checklist_path, max_bytes)
    chosen = choose_profile(checklist, profile or answers.profile)
    # Said only when the file's own profile leaves answers out: a --profile given is deliberate.
    if profile is None and (outside := answers.outside(checklist, chosen)):
        listed = ", ".join(outside[:5]) + (", …" if len(outside) > 5 else "")
        warn(
            f"{answers_path}: {len(outside)} answered item(s) ({listed}) are not in "
            f"profile {chosen.id} and are not scored; --profile {checklist.default_profile.id} "
            "scores them"
        )
    return Loaded((checklist, answers), chosen)
