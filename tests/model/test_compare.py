"""The pure comparison: every grouping, version changes, scores then and now, ranking."""

from __future__ import annotations

from typing import Any

import pytest

from compliance_check.errors import AnswersError
from compliance_check.model.checklist import Checklist
from compliance_check.model.compare import Change, Comparison, classify, compare
from compliance_check.model.scoring import score
from tests.conftest import answers_for, every

NA_NOTE = "Handled by the county"


def next_version(checklist: Checklist) -> Checklist:
    """The mini checklist's next version: AA-02 removed, BB-03 and a section CC added."""
    data: dict[str, Any] = checklist.model_dump(mode="json", exclude_none=True)
    data["version"] = "2.2"
    first, second = data["sections"]
    first["requirements"] = [r for r in first["requirements"] if r["id"] != "AA-02"]
    added = dict(second["requirements"][0], id="BB-03", title="New should", weight=1)
    second["requirements"].append(added)
    data["sections"].append(
        dict(first, id="CC", title="Third section", requirements=[dict(added, id="CC-01")])
    )
    return Checklist.model_validate(data)


def response(answer: str | None) -> dict[str, Any]:
    if answer == "not_applicable":
        return {"answer": answer, "note": NA_NOTE}
    return {"answer": answer}


def compare_one(mini: Checklist, then: str | None, now: str | None) -> Comparison:
    """Compare two assessments that differ only in AA-02 (the item that allows not applicable)."""
    rest = every(mini, "yes")
    before = answers_for(mini, {**rest, "AA-02": response(then)})
    after = answers_for(mini, {**rest, "AA-02": response(now)})
    return compare((mini, before), (mini, after))


# The grouping rules, one row per (answer before, answer after); None is not answered.
GROUPING = [
    ("partly", "yes", Change.IMPROVED),
    ("no", "partly", Change.IMPROVED),
    ("no", "yes", Change.IMPROVED),
    ("yes", "partly", Change.REGRESSED),
    ("partly", "no", Change.REGRESSED),
    ("yes", "dont_know", Change.REGRESSED),
    ("partly", "dont_know", Change.REGRESSED),
    ("no", "dont_know", Change.REGRESSED),
    ("yes", None, Change.REGRESSED),
    ("dont_know", "no", Change.NEWLY_KNOWN),
    ("dont_know", "partly", Change.NEWLY_KNOWN),
    ("dont_know", "yes", Change.NEWLY_KNOWN),
    (None, "no", Change.NEWLY_KNOWN),
    ("no", "no", Change.STILL_OPEN),
    ("partly", "partly", Change.STILL_OPEN),
    ("dont_know", "dont_know", Change.STILL_OPEN),
    (None, "dont_know", Change.STILL_OPEN),
    (None, None, Change.STILL_OPEN),
    ("yes", "not_applicable", Change.NEWLY_NOT_APPLICABLE),
    ("dont_know", "not_applicable", Change.NEWLY_NOT_APPLICABLE),
    ("not_applicable", "no", Change.NO_LONGER_NOT_APPLICABLE),
    ("not_applicable", None, Change.NO_LONGER_NOT_APPLICABLE),
    ("yes", "yes", Change.UNCHANGED),
    ("not_applicable", "not_applicable", Change.UNCHANGED),
]


@pytest.mark.parametrize(("then", "now", "expected"), GROUPING)
def test_every_grouping(
    mini: Checklist, then: str | None, now: str | None, expected: Change
) -> None:
    comparison = compare_one(mini, then, now)
    (item,) = (item for item in comparison.items if item.requirement_id == "AA-02")
    assert item.change is expected
    assert comparison.regressed is (expected is Change.REGRESSED)
    # The other items are yes both times.
    assert comparison.count(Change.UNCHANGED) == 3 + (expected is Change.UNCHANGED)


def test_grouping_table_covers_every_group_of_items_in_both() -> None:
    assert {row[2] for row in GROUPING} == set(Change) - {Change.ADDED, Change.REMOVED}


def test_dont_know_to_no_is_never_a_regression(mini: Checklist) -> None:
    comparison = compare_one(mini, "dont_know", "no")
    (item,) = comparison.group(Change.NEWLY_KNOWN)
    assert item.points_change == 0
    assert not comparison.regressed


def test_improvement_follows_the_checklist_points_not_the_answer_words(mini: Checklist) -> None:
    data = mini.model_dump(mode="json", exclude_none=True)
    data["scoring"]["points"]["partly"] = 0
    no_credit_for_partly = Checklist.model_validate(data)
    assert compare_one(no_credit_for_partly, "no", "partly").group(Change.STILL_OPEN)
    assert compare_one(mini, "no", "partly").group(Change.IMPROVED)


def test_points_change_is_the_weighted_points_difference(mini: Checklist) -> None:
    before = answers_for(mini, every(mini, "partly"))
    after = answers_for(mini, every(mini, "yes"))
    comparison = compare((mini, before), (mini, after))
    for item in comparison.items:
        assert item.points_change == mini.weight_of(mini.requirements[item.requirement_id]) / 2


def test_a_file_compared_with_itself_has_no_change(mini: Checklist) -> None:
    answers = answers_for(
        mini,
        {
            "AA-01": {"answer": "yes", "note": "Done"},
            "AA-02": response("not_applicable"),
            "BB-01": {"answer": "partly"},
            "BB-02": {"answer": "dont_know"},
        },
    )
    comparison = compare((mini, answers), (mini, answers))
    assert comparison.no_change
    assert not comparison.regressed and not comparison.notes_changed
    assert comparison.score_change == 0
    assert all(section.change == 0 for section in comparison.sections)
    assert {item.change for item in comparison.items} == {Change.UNCHANGED, Change.STILL_OPEN}


def test_scores_then_now_and_change_come_from_scoring_each_side(mini: Checklist) -> None:
    before = answers_for(mini, {"AA-01": "no", "AA-02": "partly", "BB-01": "yes"})
    after = answers_for(mini, {"AA-01": "yes", "AA-02": "no", "BB-01": "yes", "BB-02": "yes"})
    comparison = compare((mini, before), (mini, after))
    then, now = score(mini, before), score(mini, after)
    assert comparison.before == then and comparison.after == now
    assert then.score is not None and now.score is not None
    assert comparison.score_change == pytest.approx(now.score - then.score)
    assert [s.section_id for s in comparison.sections] == [s.id for s in mini.sections]
    for change, earlier, later in zip(
        comparison.sections, then.sections, now.sections, strict=True
    ):
        assert earlier.score is not None and later.score is not None
        assert change.change == pytest.approx(later.score - earlier.score)


def test_changed_notes_are_kept_side_by_side(mini: Checklist) -> None:
    before = answers_for(
        mini,
        {"AA-01": {"answer": "no", "note": "Drafting"}, "BB-01": {"answer": "no", "note": "x"}},
    )
    after = answers_for(
        mini,
        {"AA-01": {"answer": "yes", "note": "Adopted"}, "BB-01": {"answer": "no", "note": "x"}},
    )
    comparison = compare((mini, before), (mini, after))
    (item,) = comparison.notes_changed
    assert (item.requirement_id, item.note_before, item.note_after) == (
        "AA-01",
        "Drafting",
        "Adopted",
    )


def test_a_new_checklist_version_lists_added_and_removed_items_apart(mini: Checklist) -> None:
    newer = next_version(mini)
    before = answers_for(mini, every(mini, "yes"))
    after = answers_for(newer, every(newer, "yes"))
    comparison = compare((mini, before), (newer, after))
    assert comparison.version_changed
    assert [item.requirement_id for item in comparison.group(Change.REMOVED)] == ["AA-02"]
    assert [item.requirement_id for item in comparison.group(Change.ADDED)] == ["BB-03", "CC-01"]
    assert [item.requirement_id for item in comparison.group(Change.UNCHANGED)] == [
        "AA-01",
        "BB-02",
        "BB-01",
    ]
    # Never silently dropped: every item of either version appears exactly once.
    ids = [item.requirement_id for item in comparison.items]
    assert sorted(ids) == sorted(set(mini.requirements) | set(newer.requirements))
    (removed,) = comparison.group(Change.REMOVED)
    assert removed.answer_before == "yes" and removed.after is None
    assert removed.points_change is None and not removed.note_changed
    third = comparison.sections[-1]
    assert (third.section_id, third.before, third.score_after, third.change) == (
        "CC",
        None,
        100.0,
        None,
    )


def test_items_are_grouped_in_change_order_and_ranked_within_a_group(mini: Checklist) -> None:
    before = answers_for(mini, every(mini, "yes"))
    after = answers_for(mini, {**every(mini, "no"), "AA-02": "yes"})
    comparison = compare((mini, before), (mini, after))
    # Must before should; then the bigger loss (BB-01 weighs 3); then checklist order.
    assert [item.requirement_id for item in comparison.group(Change.REGRESSED)] == [
        "AA-01",
        "BB-02",
        "BB-01",
    ]
    order = list(Change)
    positions = [order.index(item.change) for item in comparison.items]
    assert positions == sorted(positions)


def test_still_open_items_rank_like_an_action_plan(mini: Checklist) -> None:
    answers = answers_for(mini, {"AA-01": "partly", "AA-02": "no", "BB-01": "no", "BB-02": "no"})
    comparison = compare((mini, answers), (mini, answers))
    assert [item.requirement_id for item in comparison.group(Change.STILL_OPEN)] == [
        "BB-02",
        "AA-01",
        "BB-01",
        "AA-02",
    ]


def test_authority_check_ignores_case_and_spacing(mini: Checklist) -> None:
    before = answers_for(mini, {}, authority="Test  Borough Council")
    same = answers_for(mini, {}, authority="test borough council")
    other = answers_for(mini, {}, authority="Other District Council")
    assert not compare((mini, before), (mini, same)).authority_differs
    assert compare((mini, before), (mini, other)).authority_differs


def test_files_given_the_wrong_way_round_are_flagged(mini: Checklist) -> None:
    older = answers_for(mini, {}, assessed_on="2025-11-01")
    newer = answers_for(mini, {}, assessed_on="2026-11-01")
    assert not compare((mini, older), (mini, newer)).dates_reversed
    assert compare((mini, newer), (mini, older)).dates_reversed


def test_different_profiles_list_the_extra_items_as_added(mini: Checklist) -> None:
    before = answers_for(mini, every(mini, "yes"), profile="core")
    after = answers_for(mini, every(mini, "yes"))
    comparison = compare((mini, before), (mini, after))
    assert comparison.profile_differs
    assert [item.requirement_id for item in comparison.group(Change.ADDED)] == ["AA-02", "BB-01"]


def test_two_different_checklists_are_refused(mini: Checklist, shipped: Checklist) -> None:
    with pytest.raises(AnswersError, match="same checklist"):
        compare(
            (mini, answers_for(mini, {})),
            (shipped, answers_for(shipped, {})),
        )


def test_classify_reverses_with_its_arguments(mini: Checklist) -> None:
    before = answers_for(mini, {"AA-01": "partly"})
    after = answers_for(mini, {"AA-01": "yes"})
    then, now = score(mini, before).items[0], score(mini, after).items[0]
    assert classify(then, now) is Change.IMPROVED
    assert classify(now, then) is Change.REGRESSED


def test_across_versions_the_council_s_change_is_like_for_like(
    shipped_1_0: Checklist, shipped_1_1: Checklist
) -> None:
    # The same answers to both versions: the council changed nothing, the checklist re-graded.
    regraded = {
        rid
        for rid, item in shipped_1_1.requirements.items()
        if item.priority is not shipped_1_0.requirements[rid].priority
    }
    responses = {
        rid: {"answer": "no" if rid in regraded else "yes"} for rid in shipped_1_0.requirements
    }
    before = answers_for(shipped_1_0, responses, assessed_on="2025-11-20")
    after = answers_for(shipped_1_1, responses)

    comparison = compare((shipped_1_0, before), (shipped_1_1, after))

    like = comparison.like_for_like
    assert like is not None and like.version == "1.1"
    assert like.items == len(shipped_1_1.requirements)
    assert like.before == pytest.approx(comparison.after.score)
    assert like.change == pytest.approx(0.0) and comparison.council_change == pytest.approx(0.0)
    assert comparison.score_change is not None and abs(comparison.score_change) > 1
    assert comparison.checklist_change == pytest.approx(comparison.score_change)


def test_within_one_version_all_of_the_change_is_the_council_s(mini: Checklist) -> None:
    comparison = compare_one(mini, "no", "yes")
    assert comparison.like_for_like is None
    assert comparison.council_change == comparison.score_change
    assert comparison.checklist_change == 0
