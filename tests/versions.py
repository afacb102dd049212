"""Two versions of a small checklist, shipped in place of the real ones for a test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from compliance_check.model import checklist, crosswalk
from tests.conftest import DATA, MINI_CHECKLIST

VERSIONS = DATA / "versions"
OLDER = VERSIONS / "carry-1.1.yaml"
NEWER = VERSIONS / "carry-1.2.yaml"
# What a person is told when answers to AA-01, AA-02, AA-03, BB-01 and BB-02 of 1.1 are
# carried to 1.2.
CARRIED = [
    "Kept 3 answers from carry-checklist 1.1: their questions are unchanged.",
    "Re-graded in carry-checklist 1.2: AA-02 should to must.",
    "The question changed for AA-03: each earlier answer is a proposal to confirm "
    "(assess --review), not scored until then.",
    "New in carry-checklist 1.2, to answer: BB-03.",
    "Not asked in carry-checklist 1.2, so not carried: BB-01 (the earlier file keeps them).",
]


def ship_versions(monkeypatch: pytest.MonkeyPatch, folder: Path) -> Path:
    """Make ``folder`` the shipped checklists: carry-checklist 1.1 and 1.2, the mini
    checklist, and a crosswalk from carry-checklist 1.2 to the mini checklist."""
    (folder / "crosswalks").mkdir(parents=True)
    for path in (OLDER, NEWER, MINI_CHECKLIST):
        shutil.copy(path, folder / path.name)
    shutil.copy(VERSIONS / "crosswalks" / "carry-to-mini.yaml", folder / "crosswalks")
    for module in (checklist, crosswalk):
        monkeypatch.setattr(module, "shipped_checklists_folder", lambda: folder)
    return folder
