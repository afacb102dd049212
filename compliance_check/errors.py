"""The one family of errors a user can cause, each naming the file, the place and the fix."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path

from compliance_check.visible import visible


class ExitCode(IntEnum):
    """Process exit codes, shared by every command."""

    OK = 0
    BELOW_THRESHOLD = 1
    USAGE = 2
    INVALID_INPUT = 3
    # verify's findings (sign, too, ends with NOT_SIGNED when the user declines).
    NOT_SIGNED = 4
    CHANGED_AFTER_SIGN_OFF = 5
    BAD_SIGNATURE = 6
    UNKNOWN_SIGNER = 7
    INTERRUPTED = 130


@dataclass(frozen=True)
class Location:
    """A 1-based line and column in a file."""

    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.line}:{self.column}"


@dataclass(frozen=True)
class CellLocation:
    """A place in a workbook: a sheet, and a cell in it (A1 style) where known."""

    sheet: str
    cell: str | None = None

    def __str__(self) -> str:
        return f"sheet {self.sheet!r}" + (f", cell {self.cell}" if self.cell else "")


class ComplianceCheckError(Exception):
    """An error caused by the user's input or environment, reported as one line.

    ``str(error)`` is ``FILE:LINE:COLUMN: message`` (the location parts only where known), the
    format editors and terminals recognise as a jump target. File names and quoted values come
    from users, so their invisible characters are shown as escapes: the line stays one line.
    """

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        location: Location | CellLocation | None = None,
        others: tuple[tuple[str, Location | None], ...] = (),
        total: int = 1,
    ) -> None:
        self.message = " ".join(message.split())
        self.path = Path(path) if path is not None else None
        self.location = location
        # Further problems in the same file (message, location), listed after this one.
        self.others = others
        self.total = total
        super().__init__(str(self))

    def _line(self, message: str, location: Location | CellLocation | None) -> str:
        where = ""
        if self.path is not None:
            where = f"{visible(str(self.path))}:"
            if isinstance(location, CellLocation):
                where += f" {visible(str(location))}:"
            elif location is not None:
                where += f"{location}:"
            where += " "
        return f"{where}{visible(' '.join(message.split()))}"

    def __str__(self) -> str:
        line = self._line(self.message, self.location)
        return line + (f" ({self.total} problems in all)" if self.total > 1 else "")

    def lines(self) -> list[str]:
        """The first problem, each other one listed on its own line, then the count."""
        if self.total == 1:
            return [str(self)]
        listed = 1 + len(self.others)
        count = f"{self.total} problems in all" + (
            f"; the first {listed} are listed" if self.total > listed else ""
        )
        return [
            str(self),
            *(self._line(message, location) for message, location in self.others),
            count + ".",
        ]


class InputFileError(ComplianceCheckError):
    """A file could not be read, or is not well-formed YAML within our limits."""


class ChecklistError(ComplianceCheckError):
    """A checklist file does not describe a valid checklist."""


class AnswersError(ComplianceCheckError):
    """An answers file does not fit its checklist."""


class WorkbookError(ComplianceCheckError):
    """A workbook is unsafe to read, or is not a questionnaire or gap report this tool wrote."""


class OutputError(ComplianceCheckError):
    """An output file could not be written where the user asked."""
