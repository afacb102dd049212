"""The checklist format's rules, and the shipped LGA checklist's faithfulness to the research."""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance_check.checklist import (
    Checklist,
    Priority,
    load_checklist,
    shipped_checklist_paths,
)
from compliance_check.errors import ChecklistError
from tests.conftest import MINI_CHECKLIST

RESEARCH_SECTIONS = {
    "GOV": 9, "RISK": 4, "INC": 5, "TRN": 6, "CLS": 3, "SEC": 6, "TRF": 5,
    "SHR": 3, "TP": 3, "ACC": 4, "RET": 3, "AUD": 4, "PUB": 3,
}  # fmt: skip
SURVEY_2009 = {"GOV-04": 40, "GOV-05": 55, "INC-01": 59, "TRN-01": 66, "TRF-01": 61.9, "TRF-02": 56}


def test_exactly_one_checklist_ships_and_it_is_found_as_package_data() -> None:
    [path] = shipped_checklist_paths()
    assert path.name == "lga-data-handling-2008.yaml"


def test_every_researched_requirement_is_in_the_shipped_checklist(shipped: Checklist) -> None:
    counts = {section.id: len(section.requirements) for section in shipped.sections}
    assert counts == RESEARCH_SECTIONS
    assert len(shipped.requirements) == 58


def test_survey_items_carry_the_2009_figures(shipped: Checklist) -> None:
    measured = {
        rid: req.baseline.percent_yes
        for rid, req in shipped.requirements.items()
        if req.baseline is not None
    }
    assert measured == SURVEY_2009
    assert all(req.baseline.year == 2009 for req in shipped.requirements.values() if req.baseline)


def test_profiles_select_what_their_names_promise(shipped: Checklist) -> None:
    assert [profile.id for profile in shipped.profiles] == ["full", "core", "survey-2009"]
    selected = {p.id: {r.id for r in shipped.in_profile(p)} for p in shipped.profiles}
    musts = {rid for rid, req in shipped.requirements.items() if req.priority is Priority.MUST}
    assert selected["full"] == set(shipped.requirements)
    assert selected["survey-2009"] == set(SURVEY_2009)
    assert selected["core"] == musts | set(SURVEY_2009)


def test_every_requirement_is_sourced_and_actionable(shipped: Checklist) -> None:
    for requirement in shipped.requirements.values():
        assert requirement.sources.references, requirement.id
        assert requirement.question.endswith("?"), requirement.id
        assert requirement.evidence_examples, requirement.id


def test_must_only_where_a_mandatory_regime_says_so(shipped: Checklist) -> None:
    # The domain's rule of evidence: must only under HMG measures, the Code of Connection or
    # statute; an item resting only on the guideline, later editions or practice is should.
    for requirement in shipped.requirements.values():
        tags = set(requirement.sources.evidence)
        if requirement.priority is Priority.MUST:
            framing = requirement.sources.framing.lower()
            assert (
                tags & {"HMG", "CoCo"}
                or "statut" in framing
                or ("fOIA".lower() in framing or "dpa" in framing or "gdpr" in framing)
            ), requirement.id


def test_the_content_hash_ignores_layout(tmp_path: Path, mini: Checklist) -> None:
    relaid = tmp_path / "relaid.yaml"
    relaid.write_text("# a comment\n\n" + MINI_CHECKLIST.read_text(), encoding="utf-8")
    assert load_checklist(relaid).content_sha256 == mini.content_sha256
    changed = tmp_path / "changed.yaml"
    changed.write_text(MINI_CHECKLIST.read_text().replace("It matters.", "It matters!"))
    assert load_checklist(changed).content_sha256 != mini.content_sha256


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("id: AA-02", "id: AA-01", "requirement id 'AA-01' is used twice"),
        ("id: BB-01", "id: AA-09", "must start with its section id BB-"),
        ("profiles: [core]", "profiles: [cor]", "names profile 'cor', which is not declared"),
        ("profiles: [core]", "profiles: [full]", "already takes every requirement"),
        ("priority: must", "priority: essential", "'must' or 'should'"),
        ("guidance: It matters.", "guidnce: It matters.", "unknown key 'guidnce'"),
        ("  - id: BB\n", "  - id: AA\n", "section id 'AA' is used twice"),
        ("amber: 75", "amber: 101", "less than or equal to 100"),
        ("  LGA: Stated in the guideline.\n", "", "evidence_levels must explain every tag"),
        ("weights: {must: 2,", "weights: {must: .inf,", "finite number"),
        ("weight: 3", "weight: 1e308", "less than or equal to 1000"),
        ("title: First must", "title: '   '", "is blank"),
        (
            "  - id: core\n",
            "  - id: empty\n    title: Empty\n    description: Nothing.\n  - id: core\n",
            "profile 'empty' selects no requirement",
        ),
    ],
)
def test_invalid_checklists_name_the_problem_and_its_line(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    text = MINI_CHECKLIST.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "bad.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ChecklistError) as caught:
        load_checklist(path)
    assert expected in str(caught.value)
    assert caught.value.location is not None
