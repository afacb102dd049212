"""An attacker's tool: how far a published cohort's figures pin each withheld one, by MILP.

Exact recomputation (``recompute``) finds a withheld figure that the published sums give back
alone. An interval attacker goes further: every published figure, held to its rounding, bounds
the unknowns; counts are integers and scores lie between 0 and 100. Where the tightest bounds
that any answers consistent with the publication allow are narrower than a point, the figure
is given away, whether or not any one equation names it. scipy's ``milp`` (HiGHS) solves them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

# Published figures are rounded to two decimal places; a little more allows for the floating
# point of the sums.
ROUNDING = 0.005 + 1e-7
Terms = Mapping[int, float]


@dataclass
class Model:
    """Unknowns with bounds (integers or not) and linear constraints ``low <= terms <= high``.

    Each unknown carries its true value, so that the model can be checked to admit the truth:
    a constraint the truth breaks would be an attacker's mistake, not a finding.
    """

    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    integer: list[bool] = field(default_factory=list)
    truth: list[float] = field(default_factory=list)
    rows: list[tuple[Terms, float, float]] = field(default_factory=list)
    _built: tuple[int, list[LinearConstraint]] | None = field(default=None, repr=False)

    def unknown(self, low: float, high: float, truth: float, *, integer: bool = False) -> int:
        """A new unknown in ``[low, high]``; its index."""
        self.lower.append(low)
        self.upper.append(high)
        self.integer.append(integer)
        self.truth.append(truth)
        return len(self.truth) - 1

    def constrain(self, terms: Terms, low: float, high: float) -> None:
        """``low <= sum(coefficient * unknown) <= high``."""
        self.rows.append((dict(terms), low, high))

    def near(self, terms: Terms, value: float, tolerance: float = ROUNDING) -> None:
        """``terms`` equal ``value`` as published, to its rounding."""
        self.constrain(terms, value - tolerance, value + tolerance)

    def broken_by_truth(self) -> list[tuple[Terms, float, float]]:
        """The constraints the true values break (none, for a sound model)."""
        return [
            (terms, low, high)
            for terms, low, high in self.rows
            if not low - 1e-6 <= sum(c * self.truth[i] for i, c in terms.items()) <= high + 1e-6
        ]

    def _constraints(self) -> LinearConstraint:
        entries = [(r, i, c) for r, (terms, _, _) in enumerate(self.rows) for i, c in terms.items()]
        rows, columns, values = zip(*entries, strict=True)
        matrix = coo_array((values, (rows, columns)), shape=(len(self.rows), len(self.truth)))
        low, high = [row[1] for row in self.rows], [row[2] for row in self.rows]
        return LinearConstraint(matrix.tocsr(), low, high)

    def _solve(self, objective: Terms, *extra: LinearConstraint) -> np.ndarray | None:
        """A solution minimising ``objective``; None when the constraints admit none."""
        costs = np.zeros(len(self.truth))
        for index, coefficient in objective.items():
            costs[index] = coefficient
        if self._built is None or self._built[0] != len(self.rows):
            self._built = len(self.rows), self._constraints()
        result = milp(
            costs,
            constraints=[self._built[1], *extra],
            integrality=np.array(self.integer, dtype=int),
            bounds=Bounds(self.lower, self.upper),
        )
        assert result.status in (0, 2), result.message  # solved, or proven infeasible
        return np.asarray(result.x) if result.status == 0 else None

    def span(self, terms: Terms) -> tuple[float, float]:
        """The least and the greatest value of ``terms`` over every consistent solution."""
        low = self._solve(terms)
        high = self._solve({index: -c for index, c in terms.items()})
        assert low is not None and high is not None, "the truth is a solution: never infeasible"
        return _value(terms, low), _value(terms, high)

    def moves(self, terms: Terms, distance: float) -> bool:
        """Whether a consistent solution puts ``terms`` ``distance`` or more from the truth.

        A question of feasibility, one way then the other: quicker than the full span.
        """
        true = _value(terms, np.array(self.truth))
        row = np.zeros((1, len(self.truth)))
        for index, coefficient in terms.items():
            row[0, index] = coefficient
        up = LinearConstraint(row, true + distance, np.inf)
        down = LinearConstraint(row, -np.inf, true - distance)
        return self._solve({}, up) is not None or self._solve({}, down) is not None

    def movable(self, targets: Sequence[int]) -> set[int]:
        """The integer ``targets`` that some consistent solution sets apart from the truth.

        One solve pushes every target away from its true value at once (up where it can go
        up); only those that did not move are then tried one by one.
        """
        push = {t: 1.0 if self.truth[t] < self.upper[t] else -1.0 for t in targets}
        solution = self._solve({t: -sign for t, sign in push.items()})
        assert solution is not None, "the truth is a solution: never infeasible"
        moved = {t for t in targets if round(solution[t]) != round(self.truth[t])}
        return moved | {t for t in set(targets) - moved if self.moves({t: 1.0}, 1)}


def _value(terms: Terms, solution: np.ndarray) -> float:
    return float(sum(c * solution[i] for i, c in terms.items()))
