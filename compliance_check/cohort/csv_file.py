"""A cohort table as CSV (``batch --csv``), safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from compliance_check.cohort.stats import CohortResult
from compliance_check.cohort.tables import Table, authorities_table, requirements_table
from compliance_check.files.atomic import write_text_atomic
from compliance_check.pages.cells import csv_safe


def table_to_csv(table: Table) -> str:
    """The table as CSV text; text cells that a spreadsheet could run are defused.

    Every field is quoted, so that no importer splits one at a separator of its own choosing
    (a semicolon) and reads what follows as a new cell.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow([csv_safe(column.title) for column in table.columns])
    for row in table.rows:
        writer.writerow([csv_safe(value) if isinstance(value, str) else value for value in row])
    return buffer.getvalue()


def write_cohort_csv(result: CohortResult, path: Path, *, replace: bool = False) -> None:
    """Write the Authorities table to ``path`` atomically; published without named
    authorities, which has no such table, the Requirements table."""
    table = authorities_table(result) if result.authorities_shown else requirements_table(result)
    # A byte-order mark, or Excel reads UTF-8 as the local code page and garbles "Ynys Môn".
    write_text_atomic(path, "\ufeff" + table_to_csv(table), replace=replace)
