"""Names as people type them: NFC, no hidden characters, one identity whatever the spelling."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compliance_check.files.text import clean_name, identity_fold, mixed_scripts
from compliance_check.pages.cells import FORMULA_TRIGGERS, csv_safe
from compliance_check.visible import is_hidden

# Text rich in what hostile names use: controls, zero-width and bidi characters, accents.
HOSTILE = st.text(
    st.one_of(
        st.characters(),
        st.sampled_from("\x00\x1b\n\r\t\u200b\u200d\u202e\u2066\ufeff\u0302=+-@\uff1d "),
    ),
    max_size=30,
)


@given(HOSTILE)
def test_a_clean_name_is_nfc_with_nothing_hidden_or_is_refused(text: str) -> None:
    try:
        name = clean_name(text)
    except ValueError as error:
        assert "invisible character" in str(error)
        assert not any(is_hidden(ch) for ch in str(error))
        return
    if name is not None:
        assert name == unicodedata.normalize("NFC", name) == name.strip()
        assert not any(is_hidden(ch) for ch in name if ch != "\t")


@given(HOSTILE)
def test_identity_folding_is_stable(text: str) -> None:
    folded = identity_fold(text)
    assert folded is not None and identity_fold(folded) == folded


@given(HOSTILE)
def test_no_csv_cell_can_start_a_formula_or_hold_a_control_character(text: str) -> None:
    cell = csv_safe(text)
    assert not any(is_hidden(ch) for ch in cell)
    lead = cell.lstrip(" ")
    assert cell.startswith("'") or not lead.startswith((*FORMULA_TRIGGERS, "\x00"))


@pytest.mark.parametrize(
    ("spellings", "same"),
    [
        (["Kent County Council", "KENT   county  council", "kent county council "], True),
        (["Ynys M\u00f4n", "Ynys Mo\u0302n", "\uff39nys M\u00f4n"], True),
        # A digit one draws like an l (UTS #39): a look-alike, not another council.
        (["Kent County Council", "Kent County Counci1", "Kent County Counc\u0131l"], True),
        (["Kent County Council", "Kent District Council"], False),
    ],
)
def test_spellings_of_one_name_fold_alike(spellings: list[str], same: bool) -> None:
    folded = {identity_fold(clean_name(text)) for text in spellings}
    assert (len(folded) == 1) is same


def test_only_names_that_mix_scripts_are_warned_about() -> None:
    assert mixed_scripts("Ynys M\u00f4n") is None
    assert mixed_scripts("Cyngor Sir Ynys M\u00f4n / Isle of Anglesey 2") is None
    assert mixed_scripts("\u0421ounty") == (
        "'\u0421ounty' mixes Cyrillic and Latin letters, which can look alike; check how it was "
        "typed"
    )
