"""Tables for every reader: boxed on a wide terminal, stacked when narrow, plain lines otherwise."""

from __future__ import annotations

import io
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner

from compliance_check.cli import app
from compliance_check.gap_report.console import score_summary, section_line
from compliance_check.model.checklist import Checklist
from compliance_check.model.scoring import score
from compliance_check.pages.layout import Layout, choose_layout
from tests.conftest import EXAMPLE_ANSWERS, answers_for

BOX = set("─│┃━┏┓┗┛┡┩╇┼┬┴├┤╭╮╰╯═║")


def terminal(width: int) -> Console:
    return Console(file=io.StringIO(), width=width, force_terminal=True, color_system=None)


@pytest.mark.parametrize(
    ("width", "plain", "term", "expected"),
    [
        (100, False, "xterm", Layout.TABLE),
        (80, False, "xterm", Layout.TABLE),
        (79, False, "xterm", Layout.STACKED),
        (60, False, "xterm", Layout.STACKED),
        (100, True, "xterm", Layout.PLAIN),
        (100, False, "dumb", Layout.PLAIN),
    ],
)
def test_the_layout_follows_the_terminal_and_the_option(
    monkeypatch: pytest.MonkeyPatch, width: int, plain: bool, term: str, expected: Layout
) -> None:
    monkeypatch.setenv("TERM", term)
    assert choose_layout(terminal(width), plain=plain) is expected


def test_without_a_terminal_tables_are_plain_lines() -> None:
    assert choose_layout(Console(file=io.StringIO())) is Layout.PLAIN


def responses(shipped: Checklist) -> dict[str, Any]:
    cycle = ["yes", "no", "partly", "dont_know"]
    return {
        item.id: cycle[n % 4] for n, item in enumerate(shipped.in_profile(shipped.default_profile))
    }


@pytest.mark.parametrize(("layout", "width"), [(Layout.STACKED, 60), (Layout.PLAIN, 80)])
def test_narrow_and_plain_summaries_draw_no_boxes_and_fit(
    shipped: Checklist, layout: Layout, width: int
) -> None:
    answers = answers_for(shipped, responses(shipped))
    assessment = score(shipped, answers)
    console = terminal(width)
    console.print(score_summary(answers, assessment, layout=layout))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert not BOX & set(text)
    assert all(len(line) <= width for line in text.splitlines())
    for section in assessment.sections:
        assert section_line(section) in " ".join(text.split())


def test_a_section_reads_as_one_line_of_words(shipped: Checklist) -> None:
    answers = answers_for(shipped, responses(shipped))
    section = score(shipped, answers).sections[0]
    assert section_line(section) == (
        f"{section.section_id} {section.title}: {section.score:.1f}%, "
        f"{section.rag.value.upper()}, {section.met} of {section.items} met"
    )


def test_score_in_a_pipe_prints_plain_lines_and_ends_with_the_headline() -> None:
    result = CliRunner().invoke(app, ["score", str(EXAMPLE_ANSWERS), "--plain"])
    assert result.exit_code == 0, result.output
    assert not BOX & set(result.stdout)
    lines = result.stdout.splitlines()
    assert lines[-2].startswith("Overall score: ") and ", rating " in lines[-2]
    assert lines[-1].startswith(("Complete: ", "Incomplete: "))
    assert "Must items not met: " in lines[-1]
    assert any(line.startswith("1. ") and "(must)" in line for line in lines)


def wrapped_cells(text: str) -> list[str]:
    """The cells of the boxed tables in ``text`` that carry on a value from the row above."""
    carried = []
    for line in text.splitlines():
        cells = line.strip()[1:-1].split("│") if line.strip().startswith("│") else []
        if cells and not cells[0].strip():  # a value wrapped onto a line of its own
            carried += [cell for cell in cells if cell.strip()]
    return carried


@pytest.mark.parametrize("width", [80, 100, 120, 160])
def test_no_boxed_table_squeezes_a_column_below_30_characters_it_stacks_instead(
    shipped: Checklist, width: int
) -> None:
    answers = answers_for(shipped, responses(shipped))
    assessment = score(shipped, answers)
    console = terminal(width)
    console.print(score_summary(answers, assessment, layout=Layout.TABLE))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert all(len(line) <= width for line in text.splitlines())
    # A column may be narrow where its values fit it; a value broken over lines has 30 or more.
    assert all(len(cell) - 2 >= 30 for cell in wrapped_cells(text)), wrapped_cells(text)
    first = assessment.gaps[0]
    if f"│ {first.requirement_id} " not in text:  # stacked: each gap a whole line of words
        assert f"1. {first.requirement_id} {first.title} ({first.priority.value})" in text
    assert "gaps, in action order" in text


def test_the_gap_table_is_boxed_where_its_action_column_has_room(shipped: Checklist) -> None:
    answers = answers_for(shipped, responses(shipped))
    assessment = score(shipped, answers)
    for width, boxed in ((80, False), (200, True)):
        console = terminal(width)
        console.print(score_summary(answers, assessment, layout=Layout.TABLE))
        text = console.file.getvalue()  # type: ignore[attr-defined]
        assert (f"│ {assessment.gaps[0].requirement_id} " in text) is boxed
