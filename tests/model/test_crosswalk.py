"""Crosswalk rules: proposals never overwrite, never exceed their link, never invent a yes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compliance_check.errors import ChecklistError
from compliance_check.model.checklist import Answer, Checklist
from compliance_check.model.crosswalk import (
    Confidence,
    Coverage,
    CrosswalkFile,
    Link,
    Relationship,
    proposals,
    propose_through,
    shipped_crosswalk_paths,
    steps,
    validate_file,
)
from tests.conftest import MINI_CHECKLIST

RANK = {Answer.NO: 0, Answer.PARTLY: 1, Answer.YES: 2}
SOURCE_IDS = [f"T-AAA-{n:02d}" for n in range(1, 6)]
TARGET_IDS = [f"BBB-{n:02d}" for n in range(1, 6)]
ANSWERS = st.sampled_from([*Answer, None])


def crosswalk_of(links: list[Link]) -> CrosswalkFile:
    return CrosswalkFile.model_validate(
        {
            "format_version": "1.0",
            "id": "test-crosswalk",
            "title": "Test",
            "description": "Test links.",
            "source": {"id": "today", "version": "1.0"},
            "target": {"id": "old", "version": "1.0"},
            "matching_rationale": "semantic",
            "links": [link.model_dump() for link in links],
        }
    )


@st.composite
def link_sets(draw: st.DrawFn) -> CrosswalkFile:
    count = draw(st.integers(min_value=1, max_value=8))
    links = [
        Link(
            id=f"X-{index:03d}",
            sources=draw(
                st.lists(st.sampled_from(SOURCE_IDS), min_size=1, max_size=2, unique=True)
            ),
            targets=draw(
                st.lists(st.sampled_from(TARGET_IDS), min_size=1, max_size=2, unique=True)
            ),
            relationship=draw(st.sampled_from(Relationship)),
            confidence=Confidence.MEDIUM,
            rationale="generated",
        )
        for index in range(1, count + 1)
    ]
    return crosswalk_of(links)


def answers_for(ids: list[str]) -> st.SearchStrategy[dict[str, Answer | None]]:
    return st.fixed_dictionaries(dict.fromkeys(ids, ANSWERS))


@given(relationship=st.sampled_from(Relationship), answer=st.sampled_from(Answer))
def test_a_proposal_is_never_stronger_than_its_source_answer(
    relationship: Relationship, answer: Answer
) -> None:
    proposed = propose_through(relationship, answer)
    if proposed is None:
        return
    assert answer in RANK and RANK[proposed] <= RANK[answer]
    if proposed is Answer.YES:
        assert relationship in {Relationship.EQUIVALENT_TO, Relationship.SUPERSET_OF}


def test_the_rules_per_relationship() -> None:
    table = {
        Relationship.EQUIVALENT_TO: (Answer.YES, Answer.PARTLY, Answer.NO, None),
        Relationship.SUPERSET_OF: (Answer.YES, None, None, None),
        Relationship.SUBSET_OF: (Answer.PARTLY, None, Answer.NO, None),
        Relationship.INTERSECTS_WITH: (Answer.PARTLY, None, None, None),
    }
    for relationship, expected in table.items():
        given_answers = (Answer.YES, Answer.PARTLY, Answer.NO, Answer.DONT_KNOW)
        got = tuple(propose_through(relationship, answer) for answer in given_answers)
        assert got == expected, relationship


@settings(max_examples=300)
@given(crosswalk=link_sets(), source=answers_for(SOURCE_IDS), existing=answers_for(TARGET_IDS))
def test_a_proposal_never_overwrites_an_answer_a_person_gave(
    crosswalk: CrosswalkFile,
    source: dict[str, Answer | None],
    existing: dict[str, Answer | None],
) -> None:
    result = proposals(steps(crosswalk, "today"), source, existing)
    assert all(existing[item] is None for item in result)


@settings(max_examples=300)
@given(crosswalk=link_sets(), source=answers_for(SOURCE_IDS))
def test_every_proposal_is_allowed_by_one_of_its_links(
    crosswalk: CrosswalkFile, source: dict[str, Answer | None]
) -> None:
    for proposed in proposals(steps(crosswalk, "today"), source, {}).values():
        for reason in proposed.reasons:
            weakest = min((a for _, a in reason.sources), key=RANK.__getitem__)
            assert propose_through(reason.relationship, weakest) is reason.proposes
        if proposed.answer is not None:
            assert proposed.answer in {reason.proposes for reason in proposed.reasons}


@settings(max_examples=300)
@given(crosswalk=link_sets(), original=answers_for(TARGET_IDS))
def test_mapping_and_mapping_back_never_invents_a_yes(
    crosswalk: CrosswalkFile, original: dict[str, Answer | None]
) -> None:
    # Answers of the 2008-like side flow to today's side through the derived inverse, then
    # back through the links as stored.
    there = proposals(steps(crosswalk, "old"), original, {})
    carried = {item: p.answer for item, p in there.items()}
    back = proposals(steps(crosswalk, "today"), carried, original)
    for item, proposed in back.items():
        assert original[item] is None
        if proposed.answer is Answer.YES:
            assert Answer.YES in original.values()
    if Answer.YES not in original.values():
        assert Answer.YES not in carried.values()


def test_an_equivalent_link_that_disagrees_is_flagged_not_proposed() -> None:
    crosswalk = crosswalk_of(
        [
            Link(
                id="X-001",
                sources=["T-AAA-01"],
                targets=["BBB-01"],
                relationship=Relationship.EQUIVALENT_TO,
                confidence=Confidence.HIGH,
                rationale="same",
            ),
            Link(
                id="X-002",
                sources=["T-AAA-02"],
                targets=["BBB-01"],
                relationship=Relationship.SUBSET_OF,
                confidence=Confidence.MEDIUM,
                rationale="part",
            ),
        ]
    )
    result = proposals(
        steps(crosswalk, "today"), {"T-AAA-01": Answer.YES, "T-AAA-02": Answer.NO}, {}
    )
    assert result["BBB-01"].answer is None and result["BBB-01"].review is not None


def test_several_proposals_take_the_most_restrictive_and_a_group_stands_for_its_members() -> None:
    def link(number: int, sources: list[str], relationship: Relationship) -> Link:
        return Link(
            id=f"X-{number:03d}",
            sources=sources,
            targets=["BBB-01"],
            relationship=relationship,
            confidence=Confidence.MEDIUM,
            rationale="r",
        )

    crosswalk = crosswalk_of(
        [
            link(1, ["T-AAA-01"], Relationship.SUPERSET_OF),
            link(2, ["T-AAA-02"], Relationship.INTERSECTS_WITH),
        ]
    )
    both_yes = {"T-AAA-01": Answer.YES, "T-AAA-02": Answer.YES}
    assert proposals(steps(crosswalk, "today"), both_yes, {})["BBB-01"].answer is Answer.PARTLY
    grouped = crosswalk_of(
        [
            link(1, ["T-AAA-01"], Relationship.INTERSECTS_WITH),
            link(2, ["T-AAA-02"], Relationship.INTERSECTS_WITH),
            link(3, ["T-AAA-01", "T-AAA-02"], Relationship.EQUIVALENT_TO),
        ]
    )
    result = proposals(steps(grouped, "today"), both_yes, {})["BBB-01"]
    assert result.answer is Answer.YES and [r.link for r in result.reasons] == ["X-003"]


def test_coverage_counts_proposals_only_where_nobody_has_answered() -> None:
    coverage = Coverage.of(
        ["A-01", "A-02", "A-03", "A-04", "A-05"],
        answered={"A-01": Answer.YES, "A-02": None, "A-03": None},
        # A-01's proposal is stale: a person has answered it since.
        proposed={"A-01": Answer.NO, "A-02": Answer.PARTLY, "A-03": None},
    )

    assert coverage == Coverage(total=5, proposed=1, review=1, answered=1)
    assert coverage.sentence("old 1.0", "new") == (
        "Your old 1.0 answers give a starting point for 2 of the 5 items of new (1 proposed, "
        "1 to decide); 2 need new answers, and 1 were answered already."
    )


def test_validate_file_tells_a_checklist_from_a_crosswalk() -> None:
    assert isinstance(validate_file(MINI_CHECKLIST), Checklist)
    for shipped in shipped_crosswalk_paths():
        crosswalk = validate_file(shipped)
        assert isinstance(crosswalk, CrosswalkFile) and crosswalk.links


def test_a_crosswalk_pinning_a_version_not_shipped_is_refused_at_that_line(
    tmp_path: Path,
) -> None:
    shipped = shipped_crosswalk_paths()[0]
    text = shipped.read_text(encoding="utf-8")
    target = re.search(r"\ntarget:\n  id: \S+\n  version: '([\d.]+)'\n", text)
    assert target is not None, "the shipped crosswalk's layout changed; update this test"
    broken = tmp_path / "later.yaml"
    start, end = target.span(1)
    broken.write_text(text[:start] + "9.9" + text[end:], encoding="utf-8")
    with pytest.raises(ChecklistError) as raised:
        validate_file(broken)
    # The error points at the checklist the crosswalk pins: its `target:` line.
    line = text[: target.start()].count("\n") + 2
    assert str(raised.value).startswith(f"{broken}:{line}:")
    assert "version 9.9 is not shipped" in str(raised.value)
