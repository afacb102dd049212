"""The checklist format's rules, and the shipped LGA checklist's faithfulness to the research."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from compliance_check.errors import ChecklistError
from compliance_check.model.baselines import brief
from compliance_check.model.checklist import (
    DEFAULT_CHECKLIST_ID,
    LATER_FIELDS,
    ChangeKind,
    Checklist,
    Comparability,
    Measure,
    Population,
    Priority,
    Tier,
    choose_profile,
    chosen_checklist,
    find_shipped_checklist,
    load_checklist,
    open_checklist,
    shipped_checklist_paths,
)
from tests.conftest import MINI_CHECKLIST

RESEARCH_SECTIONS = {
    "GOV": 9, "RISK": 4, "INC": 5, "TRN": 6, "CLS": 3, "SEC": 6, "TRF": 5,
    "SHR": 3, "TP": 3, "ACC": 4, "RET": 3, "AUD": 4, "PUB": 3,
}  # fmt: skip
# Each 2009 figure as printed, what it counts, and how it compares with a share of yes.
SURVEY_2009 = {
    "GOV-04": (40, Measure.YES, Comparability.DIRECT),
    "GOV-05": (45, Measure.NO_OR_DONT_KNOW, Comparability.UPPER_BOUND),
    "INC-01": (41, Measure.DONT_KNOW, Comparability.UPPER_BOUND),
    "TRN-01": (66, Measure.YES, Comparability.DIRECT),
    "TRF-01": (61.9, Measure.YES, Comparability.PARTIAL),
    "TRF-02": (44, Measure.OTHER, Comparability.DERIVED),
}
# What checklist 1.0 recorded, and the content hash its answers files carry.
SURVEY_2009_AS_1_0 = {
    "GOV-04": 40,
    "GOV-05": 55,
    "INC-01": 59,
    "TRN-01": 66,
    "TRF-01": 61.9,
    "TRF-02": 56,
}
HASH_1_0 = "6b69093d1855170ccd2e5d5e99272d25e0ee2c93940bf492a5f261b98ca86ea3"
# The review's cases: statute today, and measures that bound central government only.
ON_STATUTE = {"RET-01", "PUB-01", "SHR-02"}
CENTRAL_GOVERNMENT_ONLY = {"GOV-08", "RISK-04", "CLS-01"}
STATUTE = re.compile(r"UK GDPR|DPA 2018|Act \d{4}|FOIA|Regulations \d{4}|\bs\d+")


def test_both_versions_ship_and_are_found_as_package_data(
    shipped: Checklist, shipped_1_1: Checklist, shipped_1_0: Checklist
) -> None:
    names = [path.name for path in shipped_checklist_paths()]
    assert names == [
        "lga-data-handling-2008-1.1.yaml",
        "lga-data-handling-2008-1.2.yaml",
        "lga-data-handling-2008.yaml",
        "uk-council-data-duties-1.1.yaml",
        "uk-council-data-duties.yaml",
    ]
    assert (shipped.version, shipped.format_version) == ("1.2", "1.2")
    assert (shipped_1_1.version, shipped_1_1.format_version) == ("1.1", "1.1")
    assert (shipped_1_0.version, shipped_1_0.format_version) == ("1.0", "1.0")


def test_checklist_1_0_keeps_the_hash_its_answers_files_recorded(shipped_1_0: Checklist) -> None:
    assert shipped_1_0.content_sha256 == HASH_1_0
    assert {
        rid: req.baseline.percent_yes
        for rid, req in shipped_1_0.requirements.items()
        if req.baseline is not None
    } == SURVEY_2009_AS_1_0


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_every_researched_requirement_is_in_each_version(version: str) -> None:
    checklist = find_shipped_checklist(DEFAULT_CHECKLIST_ID, version)
    counts = {section.id: len(section.requirements) for section in checklist.sections}
    assert counts == RESEARCH_SECTIONS
    assert len(checklist.requirements) == 58


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_survey_figures_are_recorded_as_printed(version: str) -> None:
    checklist = find_shipped_checklist(DEFAULT_CHECKLIST_ID, version)
    measured = {
        rid: (req.baseline.figure, req.baseline.measures, req.baseline.comparable)
        for rid, req in checklist.requirements.items()
        if req.baseline is not None
    }
    assert measured == SURVEY_2009
    for requirement in checklist.requirements.values():
        if (baseline := requirement.baseline) is not None:
            assert baseline.year == 2009 and baseline.n is None
            assert baseline.population is Population.RESPONDENTS
            assert baseline.caveat
    trf01 = checklist.requirements["TRF-01"].baseline
    assert trf01 is not None and "central government only" in (trf01.caveat or "")


def test_survey_figures_are_worded_as_what_they_measure(shipped: Checklist) -> None:
    said = {rid: brief(req.baseline) for rid, req in shipped.requirements.items() if req.baseline}
    assert said == {
        "GOV-04": "40% yes",
        "GOV-05": "45% no or don't know: at most 55% yes",
        "INC-01": "41% don't know: at most 59% yes",
        "TRN-01": "66% yes",
        "TRF-01": "61.9% yes, for part of the question",
        "TRF-02": "44% regularly send sensitive data by post or courier "
        "(not comparable one to one)",
    }


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
        assert requirement.asks_about is not None, requirement.id


def test_no_item_is_must_without_a_law_or_connection_basis(shipped: Checklist) -> None:
    rule = shipped.priority_rule
    assert rule is not None and set(rule.must) == {Tier.LAW_TODAY, Tier.REQUIRED_WHERE_CONNECTED}
    for requirement in shipped.requirements.values():
        assert requirement.tier is not None and requirement.basis, requirement.id
        if requirement.priority is Priority.MUST:
            assert requirement.tier in rule.must, requirement.id
        if requirement.tier is Tier.LAW_TODAY:
            assert STATUTE.search(requirement.basis), requirement.id
        if requirement.tier is Tier.REQUIRED_WHERE_CONNECTED:
            assert re.search(r"PSN|DWP|DSPT|Classifications", requirement.basis), requirement.id


def test_every_item_with_a_statutory_basis_is_must(shipped: Checklist) -> None:
    for requirement in shipped.requirements.values():
        if requirement.tier is Tier.LAW_TODAY:
            assert requirement.priority is Priority.MUST, requirement.id
        if requirement.tier is Tier.GOOD_PRACTICE:
            assert requirement.priority is Priority.SHOULD, requirement.id
    tiers = {rid: shipped.requirements[rid].tier for rid in ON_STATUTE | CENTRAL_GOVERNMENT_ONLY}
    assert {rid for rid, tier in tiers.items() if tier is Tier.LAW_TODAY} == ON_STATUTE
    assert all(tiers[rid] is Tier.GOOD_PRACTICE for rid in CENTRAL_GOVERNMENT_ONLY)


def test_a_priority_against_the_rule_is_refused(tmp_path: Path) -> None:
    [path] = [p for p in shipped_checklist_paths() if p.name == "lga-data-handling-2008-1.1.yaml"]
    text = path.read_text(encoding="utf-8")
    at = text.index("id: RET-01")
    changed = text[:at] + text[at:].replace("priority: must", "priority: should", 1)
    bad = tmp_path / "bad.yaml"
    bad.write_text(changed, encoding="utf-8")
    with pytest.raises(
        ChecklistError, match="RET-01 is law_today, so the priority rule makes it must"
    ):
        load_checklist(bad)


def test_the_changelog_lists_every_item_that_changed(
    shipped_1_1: Checklist, shipped_1_0: Checklist
) -> None:
    listed: dict[ChangeKind, set[str]] = {kind: set() for kind in ChangeKind}
    for release in shipped_1_1.changelog:
        for change in release.changes:
            listed[change.kind].update(change.items)
    later = set(LATER_FIELDS)
    for rid, now in shipped_1_1.requirements.items():
        then = shipped_1_0.requirements[rid]
        if now.priority is not then.priority:
            assert rid in listed[ChangeKind.PRIORITY], rid
        if now.baseline != then.baseline:
            assert rid in listed[ChangeKind.BASELINE], rid
        if now.crosswalk != then.crosswalk:
            assert rid in listed[ChangeKind.CROSSWALK], rid
        if now.sources.evidence != then.sources.evidence:
            assert rid in listed[ChangeKind.EVIDENCE], rid
        if now.guidance != then.guidance or now.today or now.answer_guide:
            assert rid in listed[ChangeKind.GUIDANCE], rid
        if now.profiles != then.profiles:
            assert rid in listed[ChangeKind.PROFILES], rid
        kept = now.model_dump(
            exclude=later | {"priority", "baseline", "crosswalk", "sources", "guidance", "profiles"}
        )
        assert kept == then.model_dump(
            exclude=later | {"priority", "baseline", "crosswalk", "sources", "guidance", "profiles"}
        ), rid


def test_frameworks_are_pinned_and_say_where_they_apply(shipped: Checklist) -> None:
    pinned = {framework.crosswalk: framework for framework in shipped.frameworks}
    assert pinned["caf_lg"].version == "CAF v3.2"
    assert "voluntary" in pinned["caf_lg"].applies.lower() and "England" in pinned["caf_lg"].applies
    assert "NHS" in pinned["dspt"].applies
    assert "as amended" in pinned["uk_gdpr"].version
    sec06 = shipped.requirements["SEC-06"].crosswalk.other
    assert sec06 == [
        "Minimum Cyber Security Standard (2018): withdrawn; it bound central departments only"
    ]


def test_support_programme_templates_have_their_own_tag(shipped: Checklist) -> None:
    tagged = {rid for rid, req in shipped.requirements.items() if "PROG" in req.sources.evidence}
    assert tagged == {"CLS-01", "CLS-03", "SHR-01"}
    assert "LGA" not in shipped.requirements["AUD-01"].sources.evidence
    assert "not the guideline itself" in shipped.evidence_levels["PROG"]


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


def test_a_checklist_is_opened_by_file_or_by_shipped_id(
    mini: Checklist, shipped: Checklist, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert open_checklist(MINI_CHECKLIST).id == mini.id
    assert open_checklist(None).version == shipped.version == "1.2"
    assert open_checklist(Path(DEFAULT_CHECKLIST_ID)).version == shipped.version
    # A file of that name in the folder is read as the file, not taken for the id.
    monkeypatch.chdir(tmp_path)
    Path(DEFAULT_CHECKLIST_ID).write_text(MINI_CHECKLIST.read_text(encoding="utf-8"))
    assert open_checklist(Path(DEFAULT_CHECKLIST_ID)).id == mini.id


def test_a_checklist_file_and_a_version_are_refused_together(shipped_1_0: Checklist) -> None:
    assert chosen_checklist(None, "1.0").version == shipped_1_0.version
    with pytest.raises(ChecklistError, match="give a checklist file or --version, not both"):
        chosen_checklist(MINI_CHECKLIST, "1.0")


def test_an_unknown_profile_names_the_closest_and_every_one(mini: Checklist) -> None:
    assert choose_profile(mini, None).id == "full"
    with pytest.raises(ChecklistError) as raised:
        choose_profile(mini, "cor")
    assert str(raised.value) == (
        "unknown profile 'cor' (did you mean 'core'?); choose one of: full, core"
    )


@pytest.mark.parametrize(
    ("checklist_id", "before", "after"),
    [("lga-data-handling-2008", "1.1", "1.2"), ("uk-council-data-duties", "1.0", "1.1")],
)
def test_each_release_lists_every_item_it_changed_under_each_kind_of_change(
    checklist_id: str, before: str, after: str
) -> None:
    then_checklist = find_shipped_checklist(checklist_id, before)
    now_checklist = find_shipped_checklist(checklist_id, after)
    [release] = [r for r in now_checklist.changelog if r.version == after]
    listed: dict[ChangeKind, set[str]] = {kind: set() for kind in ChangeKind}
    for change in release.changes:
        listed[change.kind].update(change.items)
    for rid, now in now_checklist.requirements.items():
        then = then_checklist.requirements.get(rid)
        if then is None:
            assert rid in listed[ChangeKind.ADDED], rid
            continue
        changed = {
            ChangeKind.PRIORITY: (now.priority, now.tier) != (then.priority, then.tier),
            ChangeKind.WORDING: (now.question, now.title) != (then.question, then.title),
            ChangeKind.GUIDANCE: (
                (now.expectation, now.guidance, now.today, now.answer_guide, now.action)
                != (then.expectation, then.guidance, then.today, then.answer_guide, then.action)
            ),
            ChangeKind.CROSSWALK: now.crosswalk != then.crosswalk,
            ChangeKind.EVIDENCE: now.sources != then.sources,
            ChangeKind.PROFILES: now.profiles != then.profiles,
            ChangeKind.NATIONS: (now.nations, now.allow_not_applicable)
            != (then.nations, then.allow_not_applicable),
            ChangeKind.PROVISIONS: now.basis != then.basis,
        }
        for kind, differs in changed.items():
            if differs:
                assert rid in listed[kind], f"{rid} changed its {kind.value}"
    assert set(now_checklist.requirements) >= set(then_checklist.requirements)


def test_no_item_of_today_s_duties_speaks_of_2008() -> None:
    duties = find_shipped_checklist("uk-council-data-duties")
    for requirement in duties.requirements.values():
        words = [
            requirement.title, requirement.question, requirement.expectation,
            requirement.guidance, requirement.basis or "", requirement.today or "",
            requirement.action, requirement.extent_note or "",
            *(requirement.answer_guide.model_dump().values() if requirement.answer_guide else ()),
        ]  # fmt: skip
        assert not any("2008" in text for text in words), requirement.id
