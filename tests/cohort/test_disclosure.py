"""Primary and secondary suppression, and merged histogram bands, on any line of figures."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from compliance_check.cohort.disclosure import (
    Band,
    Cell,
    Rule,
    complementary,
    merge_bands,
    withheld_safe,
)
from compliance_check.cohort.records import HISTOGRAM_EDGES
from tests.recompute import Equations

rules = st.builds(Rule, st.integers(2, 6), st.integers(1, 3))
cells = st.lists(
    st.builds(
        Cell, st.integers(0, 12), st.frozensets(st.sampled_from("ABCDEF"), min_size=1, max_size=3)
    ),
    min_size=1,
    max_size=8,
)


@given(cells, rules)
def test_withheld_cells_of_a_line_come_back_only_together(line: list[Cell], rule: Rule) -> None:
    unsafe = [
        index
        for index, cell in enumerate(line)
        if cell.respondents and not rule.safe(cell.respondents, len(cell.authorities))
    ]
    hidden = complementary(line, unsafe, rule)
    assert set(unsafe) <= hidden
    total = sum(cell.respondents for cell in line)
    everyone = frozenset().union(*(cell.authorities for cell in line if cell.respondents))
    if not unsafe or not rule.safe(total, len(everyone)):
        return  # nothing to protect, or the line's total is withheld too
    together = [line[index] for index in hidden]
    assert len(hidden) >= 2
    assert rule.safe(
        sum(cell.respondents for cell in together),
        len(frozenset().union(*(cell.authorities for cell in together))),
    )
    # The total, with every other figure shown, pins none of the withheld ones down.
    equations = Equations()
    equations.add(
        [
            (cell.respondents, f"x{index}" if index in hidden else 50)
            for index, cell in enumerate(line)
        ],
        total * 50,
    )
    assert equations.solved() == {}


def test_withheld_cells_that_all_say_no_take_one_that_does_not_with_them() -> None:
    # Leaders (4) and technologists (9) all answered no; departmental staff (27) did not.
    line = [
        Cell(4, frozenset("AB"), floor=True),
        Cell(9, frozenset("ABC"), floor=True),
        Cell(27, frozenset("ABCD")),
    ]
    assert complementary(line, [0], Rule(5, 3)) == {0, 1, 2}
    # Likewise when all said yes.
    line = [Cell(4, frozenset("AB"), ceiling=True), Cell(9, frozenset("ABC"))]
    assert complementary(line, [0], Rule(5, 3)) == {0, 1}


@settings(max_examples=500)  # a line of several cells at one bound is a rare draw
@given(cells, rules, st.data())
def test_withheld_cells_never_come_to_none_or_all_while_others_could_join_them(
    line: list[Cell], rule: Rule, data: st.DataObject
) -> None:
    bounds = st.sampled_from([{}, {"floor": True}, {"ceiling": True}])
    line = [Cell(c.respondents, c.authorities, **data.draw(bounds)) for c in line]
    unsafe = [i for i, c in enumerate(line) if c.respondents and not rule.safe(c.respondents, 1)]
    hidden = complementary(line, unsafe, rule)
    counted = [i for i, c in enumerate(line) if c.respondents]
    for bound in ("floor", "ceiling"):
        if unsafe and not all(getattr(line[i], bound) for i in counted):
            assert not all(getattr(line[i], bound) for i in hidden), (bound, hidden)


def test_a_line_whose_cells_all_stand_at_one_bound_cannot_keep_any_withheld() -> None:
    # Everyone answered yes: whatever is withheld, the total less the rest says each said yes,
    # so the caller withholds the line's total too.
    line = [Cell(4, frozenset("AB"), ceiling=True), Cell(30, frozenset("ABCD"), ceiling=True)]
    hidden = complementary(line, [0], Rule(5, 3))
    assert hidden == {0, 1} and not withheld_safe(line, hidden, Rule(5, 3))
    mixed = [Cell(4, frozenset("AB"), ceiling=True), Cell(30, frozenset("ABCD"))]
    assert withheld_safe(mixed, complementary(mixed, [0], Rule(5, 3)), Rule(5, 3))
    assert withheld_safe(line, frozenset(), Rule(5, 3))  # nothing withheld


def test_the_smallest_cells_are_withheld_first() -> None:
    line = [Cell(1, frozenset("A")), Cell(9, frozenset("B")), Cell(3, frozenset("C"))]
    assert complementary(line, [0], Rule(2)) == {0, 2}
    assert complementary(line, [0], Rule(5)) == {0, 1, 2}
    assert complementary(line, [], Rule(5)) == frozenset()


@given(st.lists(st.integers(0, 8), min_size=10, max_size=10), st.integers(1, 6))
def test_histogram_bands_hold_none_or_enough(counts: list[int], k: int) -> None:
    rule = Rule(k)
    bands = merge_bands(HISTOGRAM_EDGES, counts, rule)
    assert bands[0].low == 0 and bands[-1].high == 100
    assert all(a.high == b.low for a, b in pairwise(bands))
    assert sum(band.respondents for band in bands) == sum(counts)
    if sum(counts) >= k:
        assert all(band.respondents == 0 or band.respondents >= k for band in bands)
    if k == 1:
        assert [band.respondents for band in bands] == counts


def test_small_bands_merge_upwards_and_the_top_remainder_downwards() -> None:
    counts = [0, 0, 2, 4, 0, 6, 1, 0, 0, 1]
    assert merge_bands(HISTOGRAM_EDGES, counts, Rule(5)) == (
        Band(0, 10, 0),
        Band(10, 20, 0),
        Band(20, 40, 6),
        Band(40, 50, 0),
        Band(50, 100, 8),
    )


def test_a_count_and_its_complement_must_both_be_none_or_enough() -> None:
    rule = Rule(5)
    assert rule.count_safe(0, 40) and rule.count_safe(5, 40) and rule.count_safe(40, 40)
    assert not rule.count_safe(1, 40) and not rule.count_safe(37, 40)
