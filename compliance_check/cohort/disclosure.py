"""Statistical disclosure control of cohort figures: primary and secondary suppression.

A figure is withheld when too few respondents, or too few authorities, stand behind it
(primary suppression). Where a line of figures is published with its total or mean, withholding
one figure is not enough: the total minus the figures shown gives it back. So more figures of
the line are withheld (secondary suppression), the smallest first, until the withheld figures
taken together meet the same rule as a published figure. What a reader can recompute from the
line is then only a figure of at least ``min_group`` respondents from at least
``min_authorities`` authorities, spread over at least two withheld figures, and never one at
0% or 100%: figures that together come to none or all give each of them away.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

# With --publish: a figure about a group of authorities needs at least this many of them, so that
# no one authority's figure can be read off a figure said to be about several.
PUBLISHED_MIN_AUTHORITIES = 3
PUBLISHED_MIN_GROUP = 5


@dataclass(frozen=True, slots=True)
class Rule:
    """The least a published figure must rest on."""

    min_group: int = 1  # respondents
    min_authorities: int = 1  # authorities, for a figure that describes a group of them

    @property
    def active(self) -> bool:
        """Whether anything can be withheld at all."""
        return self.min_group > 1 or self.min_authorities > 1

    def safe(self, respondents: int, authorities: int) -> bool:
        """Whether a figure of ``respondents`` from ``authorities`` may be published."""
        return respondents >= self.min_group and authorities >= self.min_authorities

    def small(self, respondents: int) -> bool:
        """Too few respondents for a figure; an empty group has no figure to hide."""
        return 0 < respondents < self.min_group

    def count_safe(self, count: int, total: int) -> bool:
        """Whether ``count`` of ``total`` respondents sharing a trait may be published.

        A count under the threshold singles out its few respondents; so does the complement
        (``total - count``), because the total is published beside it.
        """
        return not self.small(count) and not self.small(total - count)


@dataclass(frozen=True, slots=True)
class Cell:
    """One figure of a line: how many respondents, from which authorities, and whether the
    figure is at the floor (0%: no respondent says yes, or every score is 0) or the ceiling
    (100%) of what it can be."""

    respondents: int
    authorities: frozenset[str]
    floor: bool = False
    ceiling: bool = False


def complementary(cells: Sequence[Cell], unsafe: Iterable[int], rule: Rule) -> frozenset[int]:
    """The cells of a line to withhold when the line's total is published.

    ``unsafe`` are the cells withheld on their own account. If there are any, the smallest
    other cells (fewest respondents: the least information lost) are withheld with them until
    ``withheld_safe`` holds. If even all of them together do not, the line's total is itself
    unsafe, and the caller withholds it too.
    """
    hidden = set(unsafe)
    if not hidden:
        return frozenset()
    spare = sorted(
        (index for index, cell in enumerate(cells) if index not in hidden and cell.respondents),
        key=lambda index: (cells[index].respondents, index),
    )
    for index in spare:
        if withheld_safe(cells, hidden, rule):
            break
        hidden.add(index)
    return frozenset(hidden)


def withheld_safe(cells: Sequence[Cell], hidden: Collection[int], rule: Rule) -> bool:
    """Whether the ``hidden`` cells of a line stay hidden when its total is published.

    None hidden is safe. Otherwise they must be at least two, together rest on enough
    respondents and authorities, and not all stand at the floor nor all at the ceiling: the
    total minus the figures shown would then be 0% or 100% of the withheld respondents, and so
    would each withheld figure.
    """
    if not hidden:
        return True
    respondents = sum(cells[index].respondents for index in hidden)
    authorities = frozenset().union(*(cells[index].authorities for index in hidden))
    at_bound = all(cells[index].floor for index in hidden) or all(
        cells[index].ceiling for index in hidden
    )
    return len(hidden) >= 2 and rule.safe(respondents, len(authorities)) and not at_bound


@dataclass(frozen=True, slots=True)
class Band:
    """A band of overall scores, ``low`` to under ``high`` (the last includes 100%)."""

    low: int
    high: int
    respondents: int


def merge_bands(edges: Sequence[int], counts: Sequence[int], rule: Rule) -> tuple[Band, ...]:
    """Histogram bands, neighbours merged until each holds no respondents or enough of them.

    ``edges`` are the band limits (one more than ``counts``). Empty bands stay apart where they
    stand alone, so the shape of the spread survives; a remainder too small at the top joins
    the band below it.
    """
    bands: list[Band] = []
    start, held = edges[0], 0
    for (low, high), count in zip(pairwise(edges), counts, strict=True):
        if not held and not count:
            bands.append(Band(low, high, 0))
            start = high
            continue
        held += count
        if not rule.small(held):
            bands.append(Band(start, high, held))
            start, held = high, 0
    if held:
        # The band below takes the remainder, with any empty bands between them.
        last = max((index for index, band in enumerate(bands) if band.respondents), default=None)
        if last is None:
            bands.append(Band(start, edges[-1], held))
        else:
            bands[last:] = [Band(bands[last].low, edges[-1], bands[last].respondents + held)]
    return tuple(bands)
