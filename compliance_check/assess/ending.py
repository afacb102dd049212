"""The end of a finished questionnaire: sections and must items not met, fitted to the screen."""

from __future__ import annotations

import textwrap

from compliance_check.model.checklist import Priority
from compliance_check.model.scoring import Assessment, ItemResult, SectionScore
from compliance_check.pages.labels import ANSWER_LABEL, RAG_LABEL, format_percent

# textwrap breaks only at ASCII whitespace: a no-break space keeps "GOV 50.0% RED" whole.
_KEEP = "\u00a0"
# Fewer than this many must items under a titled list of sections would hide what matters most.
MUST_ITEMS_WANTED = 3


def rows_of(lines: list[str], width: int) -> int:
    """The rows ``lines`` take on a screen ``width`` columns wide, long lines wrapping."""
    return sum(max(1, -(-len(line) // width)) for line in lines)


def _cut(text: str, width: int) -> str:
    """``text`` on one row of ``width`` columns: whole, or cut with an ellipsis."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _section_entry(section: SectionScore) -> str:
    return f"{section.section_id} {format_percent(section.score)} {RAG_LABEL[section.rag]}"


def _titled(section: SectionScore) -> str:
    return f"  {section.section_id} {section.title}: {_section_entry(section).split(' ', 1)[1]}"


def _must_line(item: ItemResult) -> str:
    return f"  {item.requirement_id} {item.title}: {ANSWER_LABEL[item.answer].lower()}"


def section_lines(assessment: Assessment, width: int, *, titled: bool) -> list[str]:
    """Every section's score and rating: one titled line each, or packed a few to a row."""
    if titled:
        return ["Sections:", *(_cut(_titled(s), width) for s in assessment.sections)]
    entries = [_section_entry(s).replace(" ", _KEEP) for s in assessment.sections]
    packed = textwrap.wrap(
        "Sections: " + ", ".join(entries), width, subsequent_indent="  ", break_long_words=False
    )
    return [line.replace(_KEEP, " ") for line in packed]


def must_lines(assessment: Assessment, width: int, rows: int | None) -> list[str]:
    """The must items not met with their titles, in action order, in at most ``rows`` rows."""
    musts = [item for item in assessment.gaps if item.priority is Priority.MUST]
    total = sum(1 for item in assessment.items if item.priority is Priority.MUST)
    if not musts:
        return [f"Must items: all {total} met."] if total else []
    lines = [f"Must items not met: {len(musts)} of {total}."]
    room = len(musts) if rows is None else max(rows - 1, 0)
    if room < len(musts):
        room = max(room - 1, 0)
        shown, more = musts[:room], len(musts) - room
        return [
            *lines,
            *(_cut(_must_line(item), width) for item in shown),
            _cut(f"  … and {more} more: compliance-check score lists every gap.", width),
        ]
    return [*lines, *(_cut(_must_line(item), width) for item in musts)]


def end_summary(assessment: Assessment, width: int, rows: int | None) -> list[str]:
    """What the officer sees above what to do next: sections, then the must items not met.

    ``rows`` is the room on screen (None: no screen to fit, as in a pipe). Sections keep
    their titles when that leaves room for a few must items; otherwise they are packed a
    few to a row, and the must items take what is left, the rest counted on the last line.
    """
    # One column is left free: a line exactly as wide as the terminal wraps on some of them.
    usable = max(width - 1, 20)
    titled = section_lines(assessment, usable, titled=True)
    musts_wanted = min(MUST_ITEMS_WANTED, assessment.must_not_met) + 1
    if rows is None or len(titled) + 1 + musts_wanted <= rows:
        sections = titled
    else:
        sections = section_lines(assessment, usable, titled=False)
    left = None if rows is None else rows - len(sections) - 1
    return [*sections, "", *must_lines(assessment, usable, left)]
