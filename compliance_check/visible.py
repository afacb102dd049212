"""Text shown to a person with its invisible characters made visible.

File names, keys and values come from users and may hold terminal escapes, line breaks,
zero-width or bidi-control characters. Printed raw they can recolour or rewrite a terminal,
split one error over two lines, or make two different names look the same.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\e"}


@lru_cache(maxsize=512)
def _shown(character: str) -> str:
    if character in _NAMED:
        return _NAMED[character]
    code = ord(character)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"<U+{code:04X}>"


def is_hidden(character: str) -> bool:
    """True for a character a terminal or reader would not show as itself."""
    # Cc: C0/C1 controls, ESC included; Cf: zero-width, BOM and bidi controls; Cs: a lone
    # surrogate (a byte that was not UTF-8); Zl/Zp: line and paragraph separators.
    return unicodedata.category(character) in {"Cc", "Cf", "Cs", "Zl", "Zp"}


def visible(text: str) -> str:
    """``text`` with every control, format and separator character written as an escape."""
    if text.isprintable():
        return text
    return "".join(_shown(c) if is_hidden(c) else c for c in text)


# Lone surrogates (an escape for half a character) and the 66 non-characters: no text a person
# wrote holds them, and a lone surrogate cannot even be written out as UTF-8, so every report
# of a value that holds one would fail. YAML and workbook text are checked alike.
_NO_CHARACTER = re.compile(
    "[\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
    + "]"
)


def no_character_at(text: str) -> int | None:
    """Where ``text`` holds a lone surrogate or a non-character (0-based), or None."""
    # Python knows without looking whether a text is all ASCII, as nearly every file is; the
    # search costs a batch worker a twentieth of its time (benchmarks/README.md, issue 25).
    if text.isascii():
        return None
    found = _NO_CHARACTER.search(text)
    return None if found is None else found.start()


def no_character(text: str, *, position: bool = True) -> str | None:
    """Why ``text`` is no text (it holds a lone surrogate or a non-character), or None.

    ``position`` says at which character, for a text whose location does not say it.
    """
    at = no_character_at(text)
    if at is None:
        return None
    code = ord(text[at])
    surrogate = 0xD800 <= code <= 0xDFFF
    kind = "half of a character (a lone surrogate)" if surrogate else "a non-character"
    where = f" at character {at + 1}" if position else ""
    return f"holds U+{code:04X}{where}, {kind}, which no text may hold; retype the text without it"
