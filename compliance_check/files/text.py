"""Names as people type them, made safe to compare: NFC, no hidden characters, one identity."""

from __future__ import annotations

import re
import unicodedata

from compliance_check.files.yamlio import quoted
from compliance_check.visible import is_hidden, visible

# The scripts of letters are the first word of their Unicode names: LATIN, CYRILLIC, GREEK...
_SCRIPT_WORD = re.compile(r"^[A-Z]+")


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
                f"contains an invisible character ({visible(character)}, {label}) at character "
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
    # Casefolding can undo a normal form ("\u0345" folds to a Greek iota): normalise again.
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    return " ".join(folded.split())
