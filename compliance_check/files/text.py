"""Names as people type them, made safe to compare: NFC, no hidden characters, one identity."""

from __future__ import annotations

import functools
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


# A cohort folds each authority's name once per file: the same few names, many times over.
@functools.lru_cache(maxsize=1 << 16)
def identity_fold(text: str | None) -> str | None:
    """``text`` as compared for identity: look-alike letters, dashes, case and spacing ignored.

    "KENT   county  council" and "Kent County Council" fold alike; so do full-width letters,
    a Cyrillic "e" (U+0435) for a Latin one, a dotless i for an i, "rn" for "m" (Unicode's
    confusable skeleton, UTS #39), any dash or hyphen, and the typographic apostrophe.
    """
    if text is None:
        return None
    folded = unicodedata.normalize("NFKC", text)
    # Skeletons and case folding each bring out characters the other maps: a few rounds settle.
    for _ in range(_ROUNDS):
        again = _fold_once(folded)
        if again == folded:
            break
        folded = again
    return " ".join(folded.split())


_ROUNDS = 4
# Every dash and hyphen (Unicode's category Pd) is the hyphen of a name: UTS #39 draws some as
# other marks (an em dash as a katakana bar), and councils' names are typed with all of them.
_DASH = "Pd"
# Right-to-left characters in the confusables data carry direction marks around them.
_DIRECTION_MARKS = "\u200e\u200f"


def _fold_once(text: str) -> str:
    # The only dash in ASCII is the hyphen-minus itself.
    dashed = text if text.isascii() else "".join(_dash(ch) for ch in text)
    # A skeleton is case-sensitive: a capital I looks like an l, a small i does not, and a
    # Cyrillic capital Ve looks like B while its small letter looks like no b. So it is taken
    # in capitals first, where case no longer tells spellings apart, then in small letters.
    capitals = skeleton(dashed.upper())
    folded = unicodedata.normalize("NFKC", capitals.casefold())
    return unicodedata.normalize("NFKC", skeleton(folded))


def _dash(character: str) -> str:
    return "-" if unicodedata.category(character) == _DASH else character


def skeleton(text: str) -> str:
    """UTS #39's skeleton of ``text``: each character as the prototype it is confusable with."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFD", decomposed.translate(_prototypes()))


@functools.cache
def _prototypes() -> dict[int, str]:
    """Each confusable character's prototype, from Unicode's confusables data.

    confusable-homoglyphs ships the data (no download) as, for each prototype, the characters
    confusable with it, and for each of those, its prototype. A prototype with a single such
    character reads the same both ways round: the two fold to the lesser, which serves
    identity as well as the prototype would.
    """
    from confusable_homoglyphs.confusables import confusables_data

    def glyph(entry: dict[str, str]) -> str:
        return entry["c"].strip(_DIRECTION_MARKS)

    prototypes: dict[int, str] = {}
    for character, entries in confusables_data.items():
        if len(character) != 1 or len(entries) != 1:
            continue
        target = glyph(entries[0])
        back = confusables_data.get(target, [])
        if len(back) == 1 and glyph(back[0]) == character:
            target = min(target, character)
        if target != character:
            prototypes[ord(character)] = target
    return prototypes


def name_order(text: str) -> str:
    """``text`` as names are sorted: case, compatibility forms and spacing ignored."""
    # Casefolding can undo a normal form ("\u0345" folds to a Greek iota): normalise again.
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    return " ".join(folded.split())
