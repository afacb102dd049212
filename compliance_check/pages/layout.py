"""How tables reach the reader: boxed, stacked for narrow terminals, or as plain lines."""

from __future__ import annotations

import os
from collections.abc import Sequence
from enum import Enum

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from compliance_check.model.actions import ActionPlan
from compliance_check.model.scoring import Rag
from compliance_check.pages.labels import RAG_LABEL, day_text, plan_sentence, standing_words

# Below this width a boxed table squeezes its cells into columns a word or two wide.
NARROW = 80
# A column narrower than this breaks its text every few words: the table is stacked instead.
NARROWEST_COLUMN = 30


class Layout(Enum):
    """The shape tables are printed in."""

    TABLE = "table"  # boxed columns, on a terminal at least NARROW wide
    STACKED = "stacked"  # one block per row, each value on its own line: narrow terminals
    PLAIN = "plain"  # one line per row, no box drawing: screen readers, TERM=dumb, pipes


def choose_layout(console: Console, *, plain: bool = False) -> Layout:
    """Plain when asked, under TERM=dumb or without a terminal; stacked when narrow."""
    if plain or os.environ.get("TERM") == "dumb" or not console.is_terminal:
        return Layout.PLAIN
    return Layout.STACKED if console.width < NARROW else Layout.TABLE


def cell_text(cell: object) -> str:
    """A table cell as the words it shows."""
    return cell.plain if isinstance(cell, Text) else str(cell)


def rows(table: Table) -> list[list[str]]:
    """The table's rows as text, column by column as added."""
    columns = [[cell_text(cell) for cell in column.cells] for column in table.columns]
    return [list(row) for row in zip(*columns, strict=True)]


def _title(table: Table) -> Text | None:
    return Text(cell_text(table.title), style="bold") if table.title else None


class _Fitted:
    """A boxed table that is stacked instead when its width would squeeze a column."""

    def __init__(self, table: Table, stacked: RenderableType) -> None:
        self.table = table
        self.stacked = stacked

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.stacked if squeezed(self.table, console, options) else self.table


def squeezed(table: Table, console: Console, options: ConsoleOptions) -> bool:
    """Whether some column of ``table`` would get less than NARROWEST_COLUMN characters
    (or its longest value, if shorter) at the width ``options`` allows."""
    # Rich gives no public way to ask for the widths it will use; this is what it renders with.
    widths = table._calculate_column_widths(console, options)
    for column, width in zip(table.columns, widths, strict=True):
        longest = max(
            Measurement.get(console, options, cell).maximum
            for cell in [column.header, *column.cells]
        )
        _, right, _, left = table.padding
        if width - left - right < min(NARROWEST_COLUMN, longest):
            return True
    return False


def lines(table: Table, layout: Layout, custom: Sequence[str] | None = None) -> RenderableType:
    """``table`` in ``layout``; ``custom`` gives the rows' plain lines where a table has them.

    A plain line reads "first cell: heading value, heading value"; a stacked row puts the
    first cell on a line and each other value, with its heading, on its own line below. A
    boxed table that would squeeze a column at the width it gets is stacked instead.
    """
    if layout is Layout.TABLE:
        return _Fitted(table, lines(table, Layout.STACKED, custom))
    headings = [cell_text(column.header) for column in table.columns]
    parts: list[RenderableType] = [title] if (title := _title(table)) else []
    if custom is not None:
        parts += [Text(line) for line in custom]
        return Group(*parts)
    for row in rows(table):
        pairs = [
            (heading, value)
            for heading, value in zip(headings[1:], row[1:], strict=True)
            if value.strip()
        ]
        if layout is Layout.PLAIN:
            parts.append(Text(f"{row[0]}: " + ", ".join(f"{h} {v}" for h, v in pairs)))
        else:
            parts.append(Text(row[0], style="bold"))
            parts += [Text(f"  {heading}: {value}") for heading, value in pairs]
    return Group(*parts)


RAG_STYLE = {
    Rag.GREEN: "bold green",
    Rag.AMBER: "bold yellow",
    Rag.RED: "bold red",
    Rag.NOT_SCORED: "dim",
}


def rag_text(rag: Rag) -> Text:
    """The rating as a coloured word: the word carries the meaning, the colour helps."""
    return Text(RAG_LABEL[rag], style=RAG_STYLE[rag])


def plan_table(plan: ActionPlan, ids: Sequence[str]) -> Table:
    """The actions of ``ids`` the plan holds, in that order: owner, target date and standing,
    under the plan's sentence."""
    table = Table(title=plan_sentence(plan), title_justify="left")
    table.add_column("Id")
    table.add_column("Owner", ratio=1)
    table.add_column("Target date")
    table.add_column("Standing", ratio=1)
    for requirement_id in ids:
        entry = plan.get(requirement_id)
        if entry is None:
            continue
        target = entry.action.target_date
        table.add_row(
            requirement_id,
            Text(entry.action.owner or "Not set"),
            day_text(target) if target is not None else "Not set",
            standing_words(entry),
        )
    return table
