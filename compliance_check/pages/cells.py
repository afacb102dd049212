"""Making user text safe for spreadsheet cells and CSV: never a formula, never a corrupt file."""

from __future__ import annotations

import re

from compliance_check.visible import is_hidden, visible

# xlsx cells cannot hold most C0 control characters (the format is XML 1.0); tab, line feed and
# carriage return are allowed. They are shown as their Unicode "control picture" instead, so a
# reader sees that something was there.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_LOOKALIKE = "\uff1d\uff0b\uff0d\uff20"  # full-width = + - @, which some apps normalise
# Characters a spreadsheet may read as the start of a formula or a DDE command.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", *_LOOKALIKE)
_CSV_TRIGGERS = (*FORMULA_TRIGGERS, "\0")
MAX_CELL_CHARS = 32_767
_TRUNCATED = " … [truncated]"
# XML turns a raw carriage return into a line feed, so OOXML spells it _x000D_, and spells a
# literal "_xHHHH_" with its underscore escaped (_x005F_) so that it is not decoded in turn.
_OOXML_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)|\r")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def clean_text(value: str) -> str:
    """``value`` with characters a workbook cannot hold made visible, and cut to a cell's size."""
    cleaned = _ILLEGAL.sub(_picture, value)
    # Excel counts UTF-16 code units, two for a character beyond U+FFFF (most emoji); no text
    # shorter than half the limit can reach it.
    if len(cleaned) > MAX_CELL_CHARS // 2 and _utf16_units(cleaned) > MAX_CELL_CHARS:
        budget = MAX_CELL_CHARS - len(_TRUNCATED)
        kept = cleaned[:budget]
        while _utf16_units(kept) > budget:
            kept = kept[: budget - (_utf16_units(kept) - len(kept))]
        cleaned = kept + _TRUNCATED
    return cleaned


def _utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def ooxml_escape(value: str) -> str:
    """``value`` as OOXML stores cell text, so Excel and other readers get it back exactly."""
    return _OOXML_ESCAPE.sub(lambda match: "_x005F_" if match.group() == "_" else "_x000D_", value)


def cell_text(value: str) -> tuple[str, bool]:
    """``value`` as a report's cell stores it (``clean_text``, then ``ooxml_escape``), and whether
    the cell needs Excel's quote prefix so that the text stays text when edited."""
    text = clean_text(value)
    return ooxml_escape(text), looks_like_formula(text)


def looks_like_formula(value: str) -> bool:
    """True when a spreadsheet could take ``value`` for a formula if typed or imported."""
    return value.lstrip(" ").startswith(FORMULA_TRIGGERS)


def csv_safe(value: str) -> str:
    """Text for a CSV cell that no spreadsheet will run, following OWASP's CSV-injection advice.

    Risky text gets a leading apostrophe: text starting with = + - @, tab, carriage return or
    NUL, or their full-width forms, also behind spaces or invisible characters (a zero-width
    space) that an importer may drop. Control and invisible characters are then shown as
    escapes (\\x00, \\u200b), so none can reach a spreadsheet or a terminal.
    """
    lead = value.lstrip(" ")
    while lead and is_hidden(lead[0]) and not lead.startswith(_CSV_TRIGGERS):
        lead = lead[1:].lstrip(" ")
    risky = lead.startswith(_CSV_TRIGGERS)
    return ("'" if risky else "") + visible(value)


# Characters XML 1.0 cannot carry, spelt as OOXML escapes where text must come back exactly.
_EXACT_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)|[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")


def ooxml_escape_exact(value: str) -> str:
    """``value`` as OOXML cell text that decodes to exactly ``value``, control characters too.

    Report cells show control characters as pictures (``clean_text``); cells read back in (a
    questionnaire's notes) spell them ``_xHHHH_`` instead, so nothing typed is changed.
    """
    return _EXACT_ESCAPE.sub(lambda match: f"_x{ord(match.group()):04X}_", value)
