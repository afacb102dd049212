"""User text made safe to show and to compare: visible control characters, names, identities."""

from __future__ import annotations

import re
import unicodedata

# Characters that move the cursor, change colours, reorder text or hide: C0 and C1 controls,
# DEL, format characters (zero-width, bidi controls, BOM), line and paragraph separators, and
# the lone surrogates a non-UTF-8 file name decodes to.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
# Shown by their usual escapes; the rest as \xNN, \uNNNN, and a surrogate as the byte it was.
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# The scripts that letters in a name may mix without looking alike, e.g. Latin with digits.
_SCRIPT_WORD = re.compile(r"^[A-Z]+")
QUOTE_LIMIT = 40
# A key worth quoting back looks like one: short words, digits, hyphens and underscores.
# Anything else (a line of a password file) is described, not quoted.
_KEY_LIKE = re.compile(r"[\w .\-]{1,40}")


def is_hidden(character: str) -> bool:
    """True for a character that a terminal or reader would not show as itself."""
    return unicodedata.category(character) in _HIDDEN_CATEGORIES


def _escape(character: str) -> str:
    code = ord(character)
    if character in _ESCAPES:
        return _ESCAPES[character]
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's surrogateescape of one undecodable byte
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def visible(text: str, keep: str = "") -> str:
    """``text`` with every hidden character written as an escape (``\\x1b``, ``\\u200b``).

    The result is one printable line (the characters in ``keep`` aside, e.g. line breaks in a
    note): nothing in it can move a terminal's cursor, change its colours, reorder the line or
    fail to encode as UTF-8.
    """
    if text.isprintable():
        return text
    return "".join(_escape(ch) if is_hidden(ch) and ch not in keep else ch for ch in text)


def quoted(text: str, limit: int = QUOTE_LIMIT) -> str:
    """``text`` in quotes for a message: hidden characters visible, cut at ``limit``."""
    shown = text if len(text) <= limit else text[:limit] + "…"
    return "'" + visible(shown).replace("'", "\\'") + "'"


def quoted_key(key: str) -> str:
    """A key for a message: quoted when it looks like a key, else only described.

    A file that is not an answers file at all (a link to a password file) must not have its
    lines copied into an error message, a workbook or a log.
    """
    if _KEY_LIKE.fullmatch("".join(ch for ch in key if not is_hidden(ch))):
        return quoted(key)
    return f"of {len(key)} characters that no file of this kind has (not shown)"


def clean_name(text: str) -> str | None:
    """A name as NFC text without spaces at its ends; None when nothing visible is left.

    A ValueError names any hidden character inside it: a zero-width space, a bidi control or
    an escape sequence would make two names that look the same differ.
    """
    name = unicodedata.normalize("NFC", text).strip()
    if not "".join(ch for ch in name if not is_hidden(ch)).strip():
        return None
    for position, character in enumerate(name, 1):
        if is_hidden(character) and character != "\t":
            label = unicodedata.name(character, "a control character")
            raise ValueError(
                f"contains an invisible character ({_escape(character)}, {label}) at character "
                f"{position}; retype the name without it"
            )
    return name


def scripts(text: str) -> list[str]:
    """The writing systems of the letters in ``text`` (LATIN, CYRILLIC, GREEK...), in order."""
    found: list[str] = []
    # Compatibility forms first: a full-width Latin letter is Latin.
    for character in unicodedata.normalize("NFKC", text):
        if not character.isalpha():
            continue
        match = _SCRIPT_WORD.match(unicodedata.name(character, ""))
        script = match.group() if match else "UNKNOWN"
        if script not in found:
            found.append(script)
    return found


def mixed_scripts(text: str) -> str | None:
    """A warning when ``text`` mixes letters of several scripts (Cyrillic in a Latin name)."""
    found = scripts(text)
    if len(found) < 2:
        return None
    named = " and ".join(script.title() for script in found)
    return f"{quoted(text)} mixes {named} letters, which can look alike; check how it was typed"


def identity_fold(text: str | None) -> str | None:
    """``text`` as compared for identity: compatibility forms, case and spacing ignored.

    "KENT   county  council" and "Kent County Council" fold alike; so do full-width letters.
    """
    if text is None:
        return None
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())
