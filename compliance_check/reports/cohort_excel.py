"""The cohort workbook: Overview, Authorities, Requirements, Roles, Respondents and Rejected.

The workbook is written in openpyxl's write-only mode: rows stream to disk as they are added,
so memory stays flat however many files the cohort has.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from compliance_check import __version__
from compliance_check.batch import DISCONNECT_FLAG, CohortResult
from compliance_check.reports.cohort_tables import (
    HIDDEN,
    Kind,
    Table,
    authorities_table,
    disagreement_table,
    histogram_table,
    overview_figures,
    profile_text,
    rejected_table,
    requirements_table,
    respondents_table,
    roles_table,
    survey_table,
    version_text,
)
from compliance_check.reports.labels import RAG_LABEL
from compliance_check.reports.workbook import (
    BOLD,
    PERCENT_FORMAT,
    RAG_FILL,
    TITLE_FONT,
    cell,
    header_cells,
    print_setup,
    save_workbook,
    set_widths,
)

POINTS_FORMAT = "+0.0;-0.0;0.0"
FORMAT = {Kind.PERCENT: PERCENT_FORMAT, Kind.POINTS: POINTS_FORMAT}
RAG_OF_LABEL = {label: rag for rag, label in RAG_LABEL.items()}
# Red through yellow to green over 0-100%, the usual heat map for scores.
SCORE_SCALE = ColorScaleRule(
    start_type="num",
    start_value=0,
    start_color="F8696B",
    mid_type="num",
    mid_value=50,
    mid_color="FFEB84",
    end_type="num",
    end_value=100,
    end_color="63BE7B",
)


class _Sheet:
    """A write-only sheet that knows which row it is on, so charts and filters can point back."""

    def __init__(self, workbook: Workbook, title: str, widths: Sequence[float]) -> None:
        self.sheet: Worksheet = workbook.create_sheet(title)
        self.row = 0
        # Widths and frozen panes go before the first row in write-only mode.
        set_widths(self.sheet, widths)
        print_setup(self.sheet, title_rows="1:1")

    def append(self, values: Sequence[Any]) -> int:
        self.sheet.append(values)
        self.row += 1
        return self.row

    def text(self, value: str, **style: Any) -> int:
        return self.append([cell(self.sheet, value, **style)])

    def table(self, table: Table) -> tuple[int, int]:
        """Write a heading row and the rows; return the heading's row and the last row."""
        kinds = [column.kind for column in table.columns]
        top = self.append(header_cells(self.sheet, [column.title for column in table.columns]))
        for values in table.rows:
            self.append(
                [self.value_cell(value, kind) for value, kind in zip(values, kinds, strict=True)]
            )
        return top, self.row

    def value_cell(self, value: Any, kind: Kind) -> Any:
        """A cell formatted for its column's kind."""
        if kind is Kind.RAG and value in RAG_OF_LABEL:
            return cell(self.sheet, value, fill=RAG_FILL[RAG_OF_LABEL[value]])
        if kind in FORMAT and isinstance(value, int | float):
            return cell(self.sheet, value, number_format=FORMAT[kind])
        return cell(self.sheet, value)

    def filter(self, top: int, bottom: int, columns: int) -> None:
        self.sheet.auto_filter.ref = f"A{top}:{get_column_letter(columns)}{max(bottom, top)}"


def _bar_chart(title: str, y_title: str, x_title: str) -> BarChart:
    chart = BarChart()
    chart.type = "col"
    chart.title = title
    chart.y_axis.title = y_title
    chart.x_axis.title = x_title
    # openpyxl 3.1 marks axes deleted unless told otherwise; Excel then draws none.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.height = 7.5
    chart.width = 16
    return chart


def _overview(workbook: Workbook, result: CohortResult) -> None:
    page = _Sheet(workbook, "Overview", [34, 44, 12, 13, 16])
    page.text("Cohort report", font=TITLE_FONT)
    page.append([cell(page.sheet, "Checklist"), cell(page.sheet, version_text(result))])
    page.append([cell(page.sheet, "Profile"), cell(page.sheet, profile_text(result))])
    page.append([])
    page.append(header_cells(page.sheet, ["Figure", "Value"]))
    for label, value, kind in overview_figures(result):
        page.append([cell(page.sheet, label), page.value_cell(value, kind)])
    page.append([])

    page.text("Overall scores of the respondents counted", font=BOLD)
    top, bottom = page.table(histogram_table(result))
    chart = _bar_chart("Respondents by overall score", "Respondents", "Overall score")
    chart.add_data(
        Reference(page.sheet, min_col=2, min_row=top, max_row=bottom), titles_from_data=True
    )
    chart.set_categories(Reference(page.sheet, min_col=1, min_row=top + 1, max_row=bottom))
    chart.legend = None
    page.sheet.add_chart(chart, "G2")
    page.append([])

    page.text("The items the 2009 survey measured: % yes then and in this cohort", font=BOLD)
    top, bottom = page.table(survey_table(result))
    chart = _bar_chart("% yes: 2009 survey and this cohort", "% yes", "Requirement")
    chart.add_data(
        Reference(page.sheet, min_col=3, max_col=4, min_row=top, max_row=bottom),
        titles_from_data=True,
    )
    chart.set_categories(Reference(page.sheet, min_col=1, min_row=top + 1, max_row=bottom))
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 100
    page.sheet.add_chart(chart, "G20")
    page.append([])

    notes = [
        "Scores are each file's own (0-100%); an authority's score is the mean of its "
        "respondents'. % not met counts partly, no, don't know and not answered.",
        "Duplicates (same authority, respondent name and role, and date) count once: the file "
        "modified last.",
        f"The disconnect is leadership % yes minus departmental % yes; {DISCONNECT_FLAG:g} "
        "points or more is flagged.",
    ]
    if result.min_group > 1:
        notes.append(
            f"{HIDDEN}: hidden because fewer than {result.min_group} respondents stand behind "
            "the figure (--min-group)."
        )
    for note in [*notes, f"Written by compliance-check {__version__}."]:
        page.text(note)


def _table_sheet(workbook: Workbook, title: str, table: Table, freeze: str = "A2") -> _Sheet:
    page = _Sheet(workbook, title, [column.width for column in table.columns])
    page.sheet.freeze_panes = freeze
    top, bottom = page.table(table)
    page.filter(top, bottom, len(table.columns))
    heat = [
        f"{get_column_letter(number)}{top + 1}:{get_column_letter(number)}{bottom}"
        for number, column in enumerate(table.columns, start=1)
        if column.heat
    ]
    if heat and bottom > top:
        page.sheet.conditional_formatting.add(" ".join(heat), SCORE_SCALE)
    return page


def _roles(workbook: Workbook, result: CohortResult) -> None:
    roles = roles_table(result)
    page = _Sheet(workbook, "Roles", [column.width for column in roles.columns])
    page.sheet.freeze_panes = "C2"
    page.table(roles)
    page.append([])
    page.text("Authorities whose respondents answered the same items differently", font=BOLD)
    page.table(disagreement_table(result))


def build_cohort_workbook(result: CohortResult) -> Workbook:
    """The whole cohort workbook, not yet saved."""
    workbook = Workbook(write_only=True)
    _overview(workbook, result)
    _table_sheet(workbook, "Authorities", authorities_table(result), freeze="B2")
    _table_sheet(workbook, "Requirements", requirements_table(result), freeze="E2")
    _roles(workbook, result)
    respondents = _table_sheet(workbook, "Respondents", respondents_table(result), freeze="B2")
    if result.respondents_hidden:
        respondents.text(
            f"{HIDDEN}: each row would show one respondent, fewer than --min-group "
            f"{result.min_group}."
        )
    _table_sheet(workbook, "Rejected", rejected_table(result))
    return workbook


def write_cohort_workbook(result: CohortResult, path: Path) -> None:
    """Save the cohort workbook to ``path`` atomically."""
    save_workbook(build_cohort_workbook(result), path)
