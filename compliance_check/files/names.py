"""Default names of the files made from an answers file or a workbook: beside it, named after it."""

from __future__ import annotations

from pathlib import Path

# What each kind of file adds to the name it shares with the answers file it comes from.
GAP_REPORT = "-gap-report.xlsx"
BRIEFING = "-briefing.html"
ANSWERS = ".answers.yaml"
_KNOWN_ENDINGS = (".answers.yaml", ".answers.yml", ".yaml", ".yml", ".xlsx", GAP_REPORT)


def base_name(path: Path) -> str:
    """``path``'s name without what marks its kind: council.answers.yaml gives council."""
    name = path.name
    for ending in sorted(_KNOWN_ENDINGS, key=len, reverse=True):
        if name.lower().endswith(ending) and len(name) > len(ending):
            return name[: -len(ending)]
    return name


def gap_report_for(answers: Path) -> Path:
    """council.answers.yaml gives council-gap-report.xlsx, in the same folder."""
    return answers.with_name(base_name(answers) + GAP_REPORT)


def briefing_for(answers: Path) -> Path:
    """council.answers.yaml gives council-briefing.html, in the same folder."""
    return answers.with_name(base_name(answers) + BRIEFING)


def answers_for(workbook: Path) -> Path:
    """form.xlsx gives form.answers.yaml; council-gap-report.xlsx, the file it was made from."""
    return workbook.with_name(base_name(workbook) + ANSWERS)
