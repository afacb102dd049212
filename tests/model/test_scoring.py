"""Scoring rules: points, weights, not applicable, gap kinds, action order, RAG, profiles."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from compliance_check.model.checklist import Answer, Checklist, RagBands, load_checklist
from compliance_check.model.scoring import GapKind, Rag, rag_for, score
from tests.conftest import MINI_CHECKLIST, answers_for, every

MINI = load_checklist(MINI_CHECKLIST)


def scored(checklist: Checklist, responses: dict[str, Any], profile: str | None = None) -> Any:
    chosen = checklist.profile(profile) if profile else None
    return score(checklist, answers_for(checklist, responses), chosen)


def test_all_yes_scores_100_and_is_compliant(shipped: Checklist) -> None:
    result = scored(shipped, every(shipped, "yes"))
    assert result.score == 100 and result.gap == 0
    assert result.compliant and result.rag is Rag.GREEN and not result.gaps


def test_all_no_scores_0_with_compliance_gaps(shipped: Checklist) -> None:
    result = scored(shipped, every(shipped, "no"))
    assert result.score == 0 and result.rag is Rag.RED
    assert result.count(GapKind.COMPLIANCE) == len(shipped.requirements)


def test_all_dont_know_scores_0_and_every_gap_is_an_assurance_gap(shipped: Checklist) -> None:
    result = scored(shipped, every(shipped, "dont_know"))
    assert result.score == 0
    assert {item.gap_kind for item in result.gaps} == {GapKind.ASSURANCE}
    assert len(result.gaps) == len(shipped.requirements)
    assert result.count(GapKind.COMPLIANCE) == 0


def test_not_applicable_leaves_the_denominator(shipped: Checklist) -> None:
    allowed = next(r.id for r in shipped.requirements.values() if r.allow_not_applicable)
    responses = every(shipped, "yes")
    responses[allowed] = {"answer": "not_applicable", "note": "We have no such system"}
    result = scored(shipped, responses)
    assert result.score == 100 and result.compliant


def test_weights_and_partial_points(mini: Checklist) -> None:
    # must = 2, should = 1, BB-01 weight 3: possible = 2 + 1 + 3 + 2 = 8
    result = scored(mini, {"AA-01": "yes", "AA-02": "partly", "BB-01": "no", "BB-02": "yes"})
    assert result.possible == 8 and result.earned == 4.5
    assert result.score == 100 * 4.5 / 8
    sections = {section.section_id: section for section in result.sections}
    assert sections["AA"].score == 100 * 2.5 / 3 and sections["AA"].rag is Rag.AMBER
    assert sections["BB"].score == 40 and sections["BB"].rag is Rag.RED


def test_unanswered_items_score_zero_and_mark_the_assessment_incomplete(mini: Checklist) -> None:
    result = scored(mini, {"AA-01": "yes", "AA-02": "yes", "BB-01": "yes"})
    assert not result.complete and result.unanswered == 1
    assert result.score == 100 * 6 / 8
    assert [item.gap_kind for item in result.gaps] == [GapKind.UNANSWERED]


def test_gaps_come_in_action_order(mini: Checklist) -> None:
    result = scored(mini, {"AA-01": "partly", "AA-02": "no", "BB-01": "no", "BB-02": "no"})
    # musts first (BB-02 loses 2 points, AA-01 loses 1), then shoulds (BB-01 loses 3, AA-02 1)
    assert [item.requirement_id for item in result.gaps] == ["BB-02", "AA-01", "BB-01", "AA-02"]
    assert result.must_not_met == 2


def test_a_profile_scores_only_its_items(mini: Checklist) -> None:
    result = scored(mini, {"AA-01": "yes", "BB-02": "yes", "AA-02": "no"}, profile="core")
    assert [item.requirement_id for item in result.items] == ["AA-01", "BB-02"]
    assert result.score == 100 and result.complete


def test_not_applicable_removes_the_item_weight_from_its_section(mini: Checklist) -> None:
    responses = {"AA-01": "yes", "AA-02": {"answer": "not_applicable", "note": "no such service"}}
    section = scored(mini, responses).sections[0]
    assert (section.possible, section.earned, section.score) == (2, 2, 100)


def test_rag_bands() -> None:
    bands = RagBands(green=100, amber=75)
    assert rag_for(100, bands) is Rag.GREEN
    assert rag_for(99.99, bands) is Rag.AMBER
    assert rag_for(75, bands) is Rag.AMBER
    assert rag_for(74.9, bands) is Rag.RED
    assert rag_for(None, bands) is Rag.NOT_SCORED


SCORED_ANSWERS = st.sampled_from(["yes", "partly", "no", "dont_know", None])


@given(st.lists(SCORED_ANSWERS, min_size=4, max_size=4))
def test_scores_stay_between_0_and_100_and_gap_is_the_rest(answers: list[str | None]) -> None:
    mini = MINI
    result = scored(mini, dict(zip(mini.requirements, answers, strict=True)))
    assert result.score is not None and 0 <= result.score <= 100
    assert result.gap == 100 - result.score
    assert result.compliant == all(answer == "yes" for answer in answers)


@given(st.data())
def test_improving_one_answer_never_lowers_the_score(data: st.DataObject) -> None:
    mini = MINI
    ladder = ["no", "partly", "yes"]
    before = {rid: data.draw(st.sampled_from(ladder)) for rid in mini.requirements}
    target = data.draw(st.sampled_from(list(mini.requirements)))
    after = dict(before)
    after[target] = ladder[min(ladder.index(before[target]) + 1, 2)]
    assert scored(mini, after).score >= scored(mini, before).score


def test_answer_enum_covers_every_scoring_key(mini: Checklist) -> None:
    assert set(type(mini.scoring.points).model_fields) == {a.value for a in Answer} - {
        "not_applicable"
    }
