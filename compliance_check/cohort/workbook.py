"""The cohort workbook: Overview, Authorities, Requirements, Roles, Respondents, Rejected,
Conflicts and Method.

Published (``batch --publish``) it has no Respondents, Authority gaps or Disagreement sheet,
an Authorities sheet (scores and ratings only) where the authorities are named, and Rejected and
Conflicts are counts. Rejected and Conflicts are left out when there is nothing to show.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from compliance_check import __version__
from compliance_check.codes import ConflictPolicy
from compliance_check.cohort.records import Rejected, Scored
from compliance_check.cohort.stats import CohortResult, hides_respondents
from compliance_check.cohort.tables import (
    CONFLICT_COLUMNS,
    HIDDEN,
    PRIVATE_BANNER,
    REJECTED_COLUMNS,
    RESPONDENT_COLUMNS,
    UNNAMED_NOTE,
    Column,
    Kind,
    Table,
    Value,
    authorities_table,
    authority_gaps_table,
    comparison_notes,
    conflicts_table,
    disagreement_table,
    duplicates_table,
    histogram_table,
    identity_counts,
    identity_table,
    method_text,
    overview_figures,
    profile_text,
    rejected_counts_table,
    rejected_row,
    requirements_table,
    respondent_row,
    roles_table,
    survey_table,
    version_text,
)
from compliance_check.model.checklist import RagBands
from compliance_check.model.scoring import Rag
from compliance_check.pages.cells import cell_text
from compliance_check.pages.labels import MARKING_PUBLIC, MARKING_SENSITIVE, RAG_LABEL
from compliance_check.pages.measure import pages_wide, row_points, wrapped_lines
from compliance_check.pages.rows import RowCell, RowStream, row_cell
from compliance_check.pages.workbook import (
    BOLD,
    FONT_NAME,
    NOTE_COLUMNS,
    NOTES,
    PERCENT_FORMAT,
    RAG_FILL,
    TITLE_FONT,
    TOP,
    WRAP,
    Letterhead,
    Notes,
    cell,
    fraction,
    header_cells,
    percent_chart,
    print_setup,
    save_workbook,
    set_widths,
)

SHEETS = (
    "Overview",
    "Survey",
    "Authorities",
    "Authority gaps",
    "Requirements",
    "Roles",
    "Disagreement",
    "Respondents",
    "Rejected",
    "Conflicts",
    "Method",
)
# A published workbook shows no one's answers: no respondent, and no authority's gaps or
# disagreement; its Authorities sheet only where the authorities are named.
PUBLISHED_SHEETS = tuple(
    title for title in SHEETS if title not in {"Respondents", "Authority gaps", "Disagreement"}
)


def sheet_titles(*, published: bool, named: bool) -> tuple[str, ...]:
    """The workbook's sheets, in order."""
    if not published:
        return SHEETS
    return tuple(title for title in PUBLISHED_SHEETS if named or title != "Authorities")


# At the foot of every printed page of the private workbook, beside the protective marking.
PRIVATE_WARNING = "PERSONAL DATA: NOT FOR PUBLICATION"
POINTS_FORMAT = "+0.0;-0.0;0.0"
FORMAT = {Kind.PERCENT: PERCENT_FORMAT, Kind.POINTS: POINTS_FORMAT}
RAG_OF_LABEL = {label: rag for rag, label in RAG_LABEL.items()}
WARNING_FONT = Font(name=FONT_NAME, bold=True, color="C00000")
HIDDEN_FIGURE = Alignment(horizontal="right", vertical="top")
# A rating word centred in its fill, clear of the figure beside it.
RATING = Alignment(horizontal="center", vertical="top")
METHOD_WIDTH = 90  # characters a line on the Method sheet
# Characters a line of a note under a table: about the width of the table it explains.
NOTE_WIDTH = 130


def rating_rules(first: str, bands: RagBands) -> list[tuple[str, Rag]]:
    """Conditional formulas (relative to the range's ``first`` cell) colouring a score the way
    the checklist's bands rate it: never a colour that contradicts the rating word."""
    green, amber = bands.green / 100, bands.amber / 100
    number = f"ISNUMBER({first})"
    return [
        (f"AND({number},{first}>={green:g})", Rag.GREEN),
        (f"AND({number},{first}>={amber:g},{first}<{green:g})", Rag.AMBER),
        (f"AND({number},{first}<{amber:g})", Rag.RED),
    ]


# Text as long as a name or a label (a long note is seldom written twice), and no more texts
# than the labels that repeat, met in the first rows; names met once are not kept.
_REMEMBERED_CHARS = 80
_REMEMBERED = 4096


class _Styled(NamedTuple):
    """A cell's value as written, its style's index in the workbook, and how its text sits."""

    value: Value
    style: int | None
    wraps: bool = False
    bold: bool = False


class _Sheet:
    """A write-only sheet that knows which row it is on, so charts and filters can point back.

    Text too long for Excel's tallest row goes on in the workbook's Notes sheet.
    """

    def __init__(self, sheet: Worksheet, notes: Notes) -> None:
        self.sheet = sheet
        self.notes = notes
        self.rows = RowStream(sheet)
        self._texts: dict[tuple[str, Kind, float], _Styled] = {}
        self.widths: Sequence[float] = ()
        self.key_columns: str | None = None
        self.landscape = True
        self.pages_across: int | None = None
        self.one_page = False

    def start(
        self,
        widths: Sequence[float],
        freeze: str | None = None,
        key_columns: str | None = None,
        *,
        landscape: bool = True,
        pages_across: int | None = None,
        one_page: bool = False,
    ) -> None:
        """Set widths and frozen panes: write-only mode takes them before any row.

        ``key_columns`` (e.g. 'A:B') are printed on every page when the sheet needs more than
        one page across; ``pages_across`` overrides the count worked out from the widths (a
        chart beside narrow columns is wider than they are). A ``one_page`` sheet is printed
        on one page, scaled to fit: a summary with a chart, which a page break would part.
        """
        self.widths, self.key_columns, self.landscape = widths, key_columns, landscape
        self.pages_across, self.one_page = pages_across, one_page
        set_widths(self.sheet, widths)
        # Written with the sheet's first row, so it must be set now for print's fit to width
        # to take effect.
        self.sheet.sheet_properties.pageSetUpPr.fitToPage = True
        if freeze is not None:
            self.sheet.freeze_panes = freeze

    def print(self, letterhead: Letterhead) -> None:
        """Page setup, header and footer: written with the sheet's end, so set last."""
        across = self.pages_across or (
            pages_wide(self.widths) if self.landscape and not self.one_page else 1
        )
        print_setup(
            self.sheet,
            letterhead,
            landscape=self.landscape,
            # Repeated over a chart, the header row would print across it.
            title_rows=None if self.one_page else "1:1",
            one_page=self.one_page,
            pages_across=across,
        )
        if across > 1 and self.key_columns:
            self.sheet.print_title_cols = self.key_columns

    @property
    def row(self) -> int:
        """The last row written (0 before the first)."""
        return self.rows.rows

    def append(self, cells: Sequence[Cell | _Styled]) -> int:
        """A row of cells: openpyxl's (``cell``) or already styled (``value_cell``)."""
        row: list[RowCell] = []
        lines = 1
        for index, item in enumerate(cells):
            styled = item if isinstance(item, _Styled) else self._styled_cell(item)
            row.append((styled.value, styled.style))
            if styled.wraps and isinstance(styled.value, str) and index < len(self.widths):
                needed = wrapped_lines(styled.value, self.widths[index], bold=styled.bold)
                lines = max(lines, needed)
        # Rows of wrapped text get a height LibreOffice and Excel refit (see AutoHeightRow):
        # written without one, LibreOffice leaves them one line high.
        return self.rows.append(row, row_points(lines) if lines > 1 else None)

    def _styled_cell(self, item: Cell) -> _Styled:
        return _Styled(*row_cell(item), bool(item.alignment.wrap_text), bool(item.font.b))

    def text(self, value: str, **style: Any) -> int:
        return self.append([cell(self.sheet, value, **style)])

    def paragraph(self, text: str, width: int) -> None:
        """``text`` one line a row, each running on over the empty cells to its right.

        A write-only sheet cannot merge cells for a paragraph across a table's columns, and a
        wrapped cell in the first column would be as narrow as that column.
        """
        for line in textwrap.wrap(text, width):
            self.text(line)

    def header(self, columns: Sequence[Column]) -> int:
        return self.append(header_cells(self.sheet, [column.title for column in columns]))

    def values(self, values: Sequence[Value], columns: Sequence[Column]) -> int:
        """A row of values, each formatted for its column's kind."""
        item = str(values[0])
        return self.append(
            [
                self._text_cell(value, column, item)
                if isinstance(value, str)
                else self.value_cell(value, column.kind)
                for value, column in zip(values, columns, strict=True)
            ]
        )

    def _text_cell(self, text: str, column: Column, item: str) -> _Styled:
        # Most of a cohort's text repeats from row to row (types, roles, labels, dates): each
        # is fitted and made safe for a cell once a sheet and column, when it fits its row.
        key = (text, column.kind, column.width)
        found = self._texts.get(key)
        if found is None:
            fitted = self._fit(text, column, item)
            found = self.value_cell(fitted, column.kind)
            if fitted is text and len(text) <= _REMEMBERED_CHARS and len(self._texts) < _REMEMBERED:
                self._texts[key] = found
        return found

    def _fit(self, text: str, column: Column, item: str) -> str:
        return self.notes.fit(
            text, column.width, sheet=self.sheet.title, item=item, column=column.title
        )

    def value_cell(self, value: Value, kind: Kind) -> _Styled:
        """A cell formatted for its column's kind.

        The cohort's rows are most of the workbook: each style is looked up once a sheet
        (``RowStream.style_id``), not once a cell.
        """
        style = self.rows.style_id
        if not isinstance(value, str):
            if kind is Kind.PERCENT and value is not None:
                number = fraction(value)
                return _Styled(number, style(kind, number_format=PERCENT_FORMAT, alignment=TOP))
            if kind in FORMAT and value is not None:
                return _Styled(value, style(kind, number_format=FORMAT[kind], alignment=TOP))
            return _Styled(value, style(None, alignment=TOP))
        stored, quoted = cell_text(value)
        # Text a spreadsheet could take for a formula keeps Excel's quote prefix (see set_value).
        marks = {"quotePrefix": True} if quoted else {}
        if kind is Kind.RAG and value in RAG_OF_LABEL:
            rag = RAG_OF_LABEL[value]
            return _Styled(
                stored, style(("rag", rag, quoted), fill=RAG_FILL[rag], alignment=RATING, **marks)
            )
        if value == HIDDEN and kind is not Kind.TEXT:
            # Where the figure would be.
            return _Styled(stored, style(("hidden", quoted), alignment=HIDDEN_FIGURE, **marks))
        return _Styled(stored, style(("text", quoted), alignment=WRAP, **marks), wraps=True)

    def table(self, table: Table) -> tuple[int, int]:
        """Write a heading row and the rows; return the heading's row and the last row."""
        top = self.header(table.columns)
        for values in table.rows:
            self.values(values, table.columns)
        return top, self.row

    def filter(
        self, top: int, bottom: int, columns: Sequence[Column], bands: RagBands | None = None
    ) -> None:
        """An autofilter over a table, and its ``heat`` columns filled by the rating ``bands``."""
        self.sheet.auto_filter.ref = f"A{top}:{get_column_letter(len(columns))}{max(bottom, top)}"
        if bands is None or bottom <= top:
            return
        for number, column in enumerate(columns, start=1):
            if column.heat:
                letter = get_column_letter(number)
                first = f"{letter}{top + 1}"
                for formula, rag in rating_rules(first, bands):
                    # A conditional format's solid fill takes its colour from the background.
                    colour = RAG_FILL[rag].fgColor
                    fill = PatternFill("solid", fgColor=colour, bgColor=colour)
                    rule = FormulaRule(formula=[formula], fill=fill)
                    self.sheet.conditional_formatting.add(f"{first}:{letter}{bottom}", rule)


def _histogram_chart(page: _Sheet, top: int, bottom: int) -> BarChart:
    chart = BarChart()
    chart.type = "col"
    chart.title = "Respondents by overall score"
    chart.y_axis.title = "Respondents"
    chart.x_axis.title = "Overall score"
    # openpyxl marks both axes deleted unless told otherwise, and Excel then hides them.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend = None
    chart.width, chart.height = CHART_WIDTH, CHART_HEIGHT
    chart.add_data(
        Reference(page.sheet, min_col=2, min_row=top, max_row=bottom), titles_from_data=True
    )
    chart.set_categories(Reference(page.sheet, min_col=1, min_row=top + 1, max_row=bottom))
    return chart


def _survey_chart(page: _Sheet, top: int, bottom: int) -> BarChart:
    chart = percent_chart(
        "The 2009 survey and this cohort, each item in the survey's measure",
        width=CHART_WIDTH,
        height=SURVEY_CHART_HEIGHT,
    )
    # Items differ in what the survey counted (% yes, % no or don't know): each bar is
    # labelled with its measure, and the axis says it is each item's own.
    chart.y_axis.title = "% in each item's measure"
    chart.x_axis.title = "Requirement and the measure the 2009 survey printed"
    chart.add_data(
        Reference(page.sheet, min_col=4, max_col=5, min_row=top, max_row=bottom),
        titles_from_data=True,
    )
    chart.set_categories(
        Reference(page.sheet, min_col=1, max_col=2, min_row=top + 1, max_row=bottom)
    )
    return chart


CHART_WIDTH, CHART_HEIGHT = 16, 7.5  # centimetres
# The survey chart is taller: under its bars each item names its measure, on up to four lines.
# The rows are those of the default height (15 points, about 0.53 cm) it covers, and one more.
SURVEY_CHART_HEIGHT, SURVEY_CHART_ROWS = 10.5, 21


def _overview(page: _Sheet, result: CohortResult) -> None:
    # The histogram chart stands beside the figures, in the columns after C, on the same page.
    page.start([34, 14, 3], pages_across=1, one_page=True)
    page.text("Cohort report", font=TITLE_FONT)
    if not result.published:
        page.text(PRIVATE_BANNER, font=WARNING_FONT)
    page.text(f"Checklist: {version_text(result)}")
    page.text(f"Profile: {profile_text(result)}")
    page.append([])
    chart_row = page.append(header_cells(page.sheet, ["Figure", "Value"]))
    for label, value, kind in overview_figures(result):
        page.append([cell(page.sheet, label), page.value_cell(value, kind)])
    page.append([])

    page.text("Overall scores of the respondents counted", font=BOLD)
    top, bottom = page.table(histogram_table(result))
    page.sheet.add_chart(_histogram_chart(page, top, bottom), f"D{chart_row}")
    page.append([])

    notes = ["How the figures are made, and what is withheld: see the Method sheet."]
    if not result.authorities_shown:
        notes.append(UNNAMED_NOTE)
    if result.rule.active:
        notes.append(f"{HIDDEN}: withheld to protect respondents; the Method sheet says why.")
    for note in [*notes, f"Written by compliance-check {__version__}."]:
        page.text(note)


def _survey(page: _Sheet, result: CohortResult) -> None:
    table = survey_table(result)
    # A handful of rows, their notes and the chart under them: one page, the chart whole.
    page.start([column.width for column in table.columns], freeze="A2", one_page=True)
    if not result.survey_items:
        page.text("This checklist has no figures from the 2009 sector survey to compare with.")
        return
    top, bottom = page.table(table)
    page.append([])
    page.text(
        "The items the 2009 survey measured, each in the measure it printed (e.g. % no or "
        "don't know)",
        font=BOLD,
    )
    for note in comparison_notes(result):
        page.paragraph(note, NOTE_WIDTH)
    page.append([])
    page.sheet.add_chart(_survey_chart(page, top, bottom), f"A{page.row + 1}")
    # Rows under the chart keep it inside the printed area.
    for _ in range(SURVEY_CHART_ROWS):
        page.append([])


def _table_sheet(
    page: _Sheet,
    table: Table,
    freeze: str,
    key_columns: str = "A:A",
    bands: RagBands | None = None,
) -> None:
    page.start([column.width for column in table.columns], freeze, key_columns)
    top, bottom = page.table(table)
    page.filter(top, bottom, table.columns, bands)


def _method(page: _Sheet, result: CohortResult) -> None:
    page.start([METHOD_WIDTH + 5], landscape=False)
    page.text("Method", font=TITLE_FONT)
    for heading, paragraphs in method_text(result):
        page.append([])
        page.text(heading, font=BOLD)
        for number, paragraph in enumerate(paragraphs):
            if number:
                page.append([])
            page.paragraph(paragraph, METHOD_WIDTH)


def _disagreement(page: _Sheet, result: CohortResult) -> None:
    table = disagreement_table(result)
    page.start([column.width for column in table.columns], freeze="B2", key_columns="A:A")
    top, bottom = page.table(table)
    if bottom == top:
        page.text("No authority has two or more respondents who answered the same items.")
    page.append([])
    page.paragraph(
        "Authorities whose respondents answered the same items differently: a sign that what "
        "one officer believes is not what another sees.",
        NOTE_WIDTH,
    )


def _conflicts(page: _Sheet, result: CohortResult, hide_respondents: bool) -> None:
    identities = identity_table(result)
    shown = not hide_respondents and bool(result.conflicts)
    tables = [*([CONFLICT_COLUMNS] if shown else []), identities.columns]
    # One sheet, two tables: each column as wide as the wider of the two needs.
    page.start(
        [
            max(c[i].width if i < len(c) else 0 for c in tables)
            for i in range(max(map(len, tables)))
        ],
        freeze="A2" if shown else None,
    )
    if hide_respondents:
        page.paragraph(
            f"{len(result.conflicts)} conflicts. {HIDDEN}: each row would show one respondent, "
            f"fewer than --min-group {result.min_group}.",
            METHOD_WIDTH,
        )
    elif not result.conflicts:
        page.text("None: no two files from one respondent differ.")
    else:
        top, bottom = page.table(conflicts_table(result))
        page.filter(top, bottom, CONFLICT_COLUMNS)
        page.append([])
        counted = (
            "the one with the lowest score is counted"
            if result.conflict_policy is ConflictPolicy.LOWEST
            else "none of them is counted"
        )
        page.paragraph(
            "Files from one respondent (authority, name, role and date) whose answers differ. "
            f"When a file was modified is no evidence of which is genuine: {counted} "
            f"(--on-conflict {result.conflict_policy.value}).",
            # The table prints on more than one page across: the note stays on the first.
            METHOD_WIDTH,
        )
    page.append([])
    if result.published:
        page.paragraph(identity_counts(result), METHOD_WIDTH)
        return
    page.text("Names and codes to check", font=BOLD)
    if not result.identity_conflicts:
        page.text("None: every authority's and respondent's names and codes agree.")
        return
    page.table(identities)
    page.append([])
    page.text("How names are compared: see the Method sheet.")


def _notes(page: _Sheet, notes: Notes) -> None:
    """The Notes sheet: text continued from rows too short for it, each piece already fitted."""
    page.start([column.width for column in NOTE_COLUMNS], freeze="A2", pages_across=1)
    page.append(header_cells(page.sheet, [column.title for column in NOTE_COLUMNS]))
    for row in notes.rows:
        page.append([cell(page.sheet, value, alignment=WRAP) for value in row])


class CohortWorkbook:
    """The cohort workbook, written while the files are scored.

    Respondents and Rejected rows go to disk as each file is scored (openpyxl's write-only
    mode), so memory stays flat and the writing overlaps the scoring in worker processes; the
    sheets of cohort figures are written at the end.
    """

    def __init__(
        self,
        min_group: int = 1,
        *,
        published: bool = False,
        named: bool = False,
        name: str = "Cohort",
        marking: str | None = None,
    ) -> None:
        """``marking``: the protective marking on every page; by default OFFICIAL-SENSITIVE
        for the private workbook, which holds personal data, and OFFICIAL published.
        ``named``: published, the authorities are named (with their scores only)."""
        self.name = name
        self.marking = marking or (MARKING_PUBLIC if published else MARKING_SENSITIVE)
        self.workbook = Workbook(write_only=True)
        self.published = published
        self.notes = Notes()
        # Sheets appear in the order they are created, whenever their rows are written.
        self.pages = {
            title: _Sheet(self.workbook.create_sheet(title), self.notes)
            for title in sheet_titles(published=published, named=named)
        }
        self.hide_respondents = published or hides_respondents(min_group)
        self.rejected = self.pages["Rejected"]
        self.respondents = self.pages.get("Respondents")
        if self.respondents is not None:
            self.respondents.start(
                [column.width for column in RESPONDENT_COLUMNS], freeze="B2", key_columns="A:B"
            )
            self.respondents.header(RESPONDENT_COLUMNS)
        if not published:
            self.rejected.start([column.width for column in REJECTED_COLUMNS], freeze="A2")
            self.rejected.header(REJECTED_COLUMNS)

    def __enter__(self) -> CohortWorkbook:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        """Finish the sheets' temporary files; after ``save`` there is nothing left to do.

        A run that fails half way must still close them: a row stream left open is cut off
        mid-file when Python collects it.
        """
        for page in self.pages.values():
            page.rows.close()
            if not page.sheet.closed:
                page.sheet.close()

    def add(self, outcome: Scored | Rejected) -> None:
        """The row of one file, as soon as it is scored or rejected."""
        if self.published:
            return  # only counts are published, written with the cohort figures
        if isinstance(outcome, Rejected):
            self.rejected.values(rejected_row(outcome), REJECTED_COLUMNS)
        elif not self.hide_respondents and self.respondents is not None:
            self.respondents.values(respondent_row(outcome), RESPONDENT_COLUMNS)

    def save(self, result: CohortResult, path: Path, *, replace: bool = False) -> None:
        """Write the cohort figures of ``result`` and save the workbook to ``path`` atomically;
        an existing file is replaced only with ``replace``."""
        _overview(self.pages["Overview"], result)
        _survey(self.pages["Survey"], result)
        if "Authorities" in self.pages:
            _table_sheet(
                self.pages["Authorities"],
                authorities_table(result, with_gap_list=False),
                freeze="B2",
                bands=result.rag_bands,
            )
        if "Authority gaps" in self.pages:
            _table_sheet(self.pages["Authority gaps"], authority_gaps_table(result), freeze="B2")
        _table_sheet(self.pages["Requirements"], requirements_table(result), freeze="E2")
        _table_sheet(self.pages["Roles"], roles_table(result), freeze="C2", key_columns="A:B")
        if "Disagreement" in self.pages:
            _disagreement(self.pages["Disagreement"], result)
        if self.respondents is not None:
            self._respondents(self.respondents, result)
        # A sheet with nothing to show is left out, not printed blank: the Overview gives the
        # counts of files rejected and in conflict, naught included.
        if not result.rejected:
            self._leave_out("Rejected")
        elif self.published:
            _table_sheet(self.rejected, rejected_counts_table(result), freeze="A2")
        else:
            self.rejected.filter(1, self.rejected.row, REJECTED_COLUMNS)
        if result.conflicts or result.identity_conflicts:
            _conflicts(self.pages["Conflicts"], result, self.hide_respondents)
        else:
            self._leave_out("Conflicts")
        _method(self.pages["Method"], result)
        if self.notes.rows:
            self.pages[NOTES] = _Sheet(self.workbook.create_sheet(NOTES), self.notes)
            _notes(self.pages[NOTES], self.notes)
        letterhead = self.letterhead(result)
        for page in self.pages.values():
            page.print(letterhead)
        streams = [page.rows for page in self.pages.values()]
        save_workbook(self.workbook, path, replace=replace, streams=streams)

    def _leave_out(self, title: str) -> None:
        page = self.pages.pop(title)
        page.rows.close()
        page.sheet.close()
        self.workbook.remove(page.sheet)

    def letterhead(self, result: CohortResult) -> Letterhead:
        """The cohort's name, the span of its assessment dates, the marking and, on the private
        workbook, that it holds personal data."""
        dates = sorted(date.fromisoformat(record.assessed_on) for record in result.scored)
        span = f"{dates[0]:%d %b %Y} to {dates[-1]:%d %b %Y}" if dates else "no file scored"
        dated = f"Assessed {dates[0]:%d %b %Y}" if dates and dates[0] == dates[-1] else span
        warning = None if self.published else PRIVATE_WARNING
        return Letterhead(self.name, dated, self.marking, warning)

    def _respondents(self, page: _Sheet, result: CohortResult) -> None:
        page.filter(1, page.row, RESPONDENT_COLUMNS)
        if self.hide_respondents:
            page.text(
                f"{HIDDEN}: each row would show one respondent, fewer than --min-group "
                f"{result.min_group}."
            )
        elif result.duplicate_of:
            page.append([])
            page.text(
                "Duplicates (same authority, respondent, role, date and answers): counted once",
                font=BOLD,
            )
            page.table(duplicates_table(result))
