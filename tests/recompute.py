"""An attacker's tool: which withheld figures the published sums and means pin down, and to what.

Every published total or mean is a linear equation in the figures it is made of; the withheld
ones are the unknowns. Gauss-Jordan elimination in exact fractions finds each unknown that the
equations determine on their own (its unit vector lies in their row space) and its value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

Number = Fraction | float | int


@dataclass
class Equations:
    """Equations ``sum(coefficient * unknown) = value`` over named unknowns."""

    rows: list[tuple[dict[str, Fraction], Fraction]] = field(default_factory=list)

    def add(self, terms: Sequence[tuple[Number, str | Number]], value: Number) -> None:
        """Add ``sum(weight * term) = value``; a term is an unknown's name or a known number."""
        unknowns: dict[str, Fraction] = {}
        known = Fraction(0)
        for weight, term in terms:
            if isinstance(term, str):
                unknowns[term] = unknowns.get(term, Fraction(0)) + Fraction(weight)
            else:
                known += Fraction(weight) * Fraction(term)
        if unknowns:
            self.rows.append((unknowns, Fraction(value) - known))

    def solved(self) -> dict[str, Fraction]:
        """Every unknown the equations determine, with its value."""
        names = sorted({name for terms, _ in self.rows for name in terms})
        matrix = [[terms.get(name, Fraction(0)) for name in names] + [v] for terms, v in self.rows]
        pivots: list[tuple[int, int]] = []
        top = 0
        for column in range(len(names)):
            pivot = next((r for r in range(top, len(matrix)) if matrix[r][column]), None)
            if pivot is None:
                continue
            matrix[top], matrix[pivot] = matrix[pivot], matrix[top]
            lead = matrix[top][column]
            matrix[top] = [value / lead for value in matrix[top]]
            for r, row in enumerate(matrix):
                if r != top and row[column]:
                    factor = row[column]
                    matrix[r] = [a - factor * b for a, b in zip(row, matrix[top], strict=True)]
            pivots.append((top, column))
            top += 1
        return {
            names[column]: matrix[r][-1]
            for r, column in pivots
            if not any(matrix[r][c] for c in range(len(names)) if c != column)
        }


@dataclass
class Item:
    """What a cohort report publishes about one requirement."""

    asked: int
    percent_yes: float | None
    groups: dict[str, tuple[int, float | None]]  # role group -> (respondents, % yes)
    disconnect: float | None = None  # leadership % yes minus departmental


@dataclass
class Published:
    """The figures of a cohort report that sums and means tie together."""

    respondents: int
    mean: float | None
    authorities: dict[str, tuple[int, float | None]]  # name -> (respondents, mean score)
    items: dict[str, Item]

    def equations(self) -> Equations:
        """The cohort mean over the authorities, and each item's % yes over the role groups."""
        equations = Equations()
        if self.mean is not None:
            equations.add(
                [
                    (n, f"authority {name}" if score is None else score)
                    for name, (n, score) in self.authorities.items()
                ],
                self.respondents * Fraction(self.mean),
            )
        for rid, item in self.items.items():
            if item.percent_yes is None:
                continue
            terms: list[tuple[Number, str | Number]] = [
                (n, f"{rid} {group}" if percent is None else percent)
                for group, (n, percent) in item.groups.items()
            ]
            others = item.asked - sum(n for n, _ in item.groups.values())
            if others:
                terms.append((others, f"{rid} other roles"))
            equations.add(terms, item.asked * Fraction(item.percent_yes))
            if item.disconnect is not None:
                equations.add(
                    [(1, _term(rid, "leadership", item)), (-1, _term(rid, "departmental", item))],
                    item.disconnect,
                )
        return equations


def _term(rid: str, group: str, item: Item) -> str | Number:
    percent = item.groups[group][1]
    return f"{rid} {group}" if percent is None else percent


def recovered(published: Published, truth: Mapping[str, float]) -> dict[str, tuple[float, float]]:
    """The withheld figures named in ``truth`` that come back to within 1 point: (got, true)."""
    solved = published.equations().solved()
    return {
        name: (float(value), truth[name])
        for name, value in solved.items()
        if name in truth and abs(float(value) - truth[name]) <= 1
    }
