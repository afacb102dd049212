"""Write a synthetic cohort of answers files: deterministic, realistic answer mixes and roles.

Usage: python benchmarks/generate.py OUT_FOLDER --n 1000 [--seed 2009]
"""

from __future__ import annotations

import argparse
import random
import re
from datetime import date
from pathlib import Path
from typing import Any

from compliance_check.files.yamlio import dump_yaml
from compliance_check.model.answers import AuthorityType, Role
from compliance_check.model.checklist import (
    DEFAULT_CHECKLIST_ID,
    Answer,
    Baseline,
    Measure,
    find_shipped_checklist,
)

# The 2009 survey's respondents: about two thirds departmental, a quarter technology, the rest
# leadership (chief executives, councillors, senior corporate officers).
ROLE_SHARE = {
    Role.DEPARTMENTAL_STAFF: 8 / 18,
    Role.DEPARTMENTAL_MANAGER: 4 / 18,
    Role.IT_STAFF: 3 / 24,
    Role.HEAD_OF_IT: 3 / 24,
    Role.CHIEF_EXECUTIVE: 1 / 36,
    Role.SENIOR_CORPORATE_OFFICER: 1 / 36,
    Role.ELECTED_MEMBER: 1 / 36,
}
# Leaders answered "yes" more often than the frontline, which more often did not know.
ROLE_OPTIMISM = {"leadership": 0.2, "technology": 0.05, "departmental": -0.08}
ROLE_DOUBT = {"leadership": 0.1, "technology": 0.25, "departmental": 0.45}
GROUP_OF = {
    Role.DEPARTMENTAL_STAFF: "departmental",
    Role.DEPARTMENTAL_MANAGER: "departmental",
    Role.IT_STAFF: "technology",
    Role.HEAD_OF_IT: "technology",
    Role.CHIEF_EXECUTIVE: "leadership",
    Role.SENIOR_CORPORATE_OFFICER: "leadership",
    Role.ELECTED_MEMBER: "leadership",
}
KINDS = {
    AuthorityType.DISTRICT: "District Council",
    AuthorityType.COUNTY: "County Council",
    AuthorityType.UNITARY: "Council",
    AuthorityType.METROPOLITAN: "Metropolitan Borough Council",
    AuthorityType.LONDON_BOROUGH: "London Borough Council",
}
PLACES = [
    "Ashby",
    "Bexford",
    "Carrow",
    "Dunmere",
    "Elston",
    "Fernley",
    "Garth",
    "Holbeck",
    "Ingham",
    "Kelso",
    "Lydd",
]
NOTES = [
    "Agreed by management team; review due next year.",
    "In place for social care, not yet for revenues and benefits.",
    "Not sure: I have not seen this written down.",
    "Covered in the induction pack; no refresher since.",
    "Draft policy with legal services.",
    "Done for the main systems; the legacy housing system is outstanding.",
]
EVIDENCE = ["Intranet policy page", "Management team minutes", "Training records", "Audit report"]
NA_NOTE = "We do not do this at all, so it does not apply."


def clamp(value: float, low: float = 0.02, high: float = 0.98) -> float:
    return min(max(value, low), high)


def answer_for(
    rng: random.Random, p_yes: float, group: str, allow_na: bool
) -> tuple[Answer | None, str | None]:
    """One answer drawn for a respondent of ``group``, with the note it needs, if any."""
    if allow_na and rng.random() < 0.08:
        return Answer.NOT_APPLICABLE, NA_NOTE
    if rng.random() < 0.02:
        return None, None
    if rng.random() < clamp(p_yes + ROLE_OPTIMISM[group]):
        return Answer.YES, None
    doubt = ROLE_DOUBT[group]
    rest = [Answer.PARTLY, Answer.NO, Answer.DONT_KNOW]
    answer = rng.choices(rest, weights=[(1 - doubt) * 0.55, (1 - doubt) * 0.45, doubt])[0]
    return answer, None


def _yes_rate(baseline: Baseline | None, rng: random.Random) -> float:
    """A plausible share of yes for an item: its 2009 figure where it says one, else a draw."""
    if baseline is not None and baseline.percent_yes is not None:
        return baseline.percent_yes / 100
    if baseline is not None and baseline.figure is not None:
        if baseline.measures is Measure.YES:
            return baseline.figure / 100
        if baseline.measures is Measure.NO_OR_DONT_KNOW:
            return 1 - baseline.figure / 100
    return rng.uniform(0.35, 0.8)


def generate(out: Path, n: int, seed: int = 2009, version: str | None = None) -> list[Path]:
    """Write ``n`` answers files under ``out`` (one folder per authority) and return them,
    answering the shipped checklist's ``version`` (default: the newest)."""
    checklist = find_shipped_checklist(DEFAULT_CHECKLIST_ID, version)
    rng = random.Random(seed)
    requirements = list(checklist.requirements.values())
    base_yes = {req.id: _yes_rate(req.baseline, rng) for req in requirements}
    authorities = []
    for number in range(1, max(1, round(n / 6)) + 1):
        kind = rng.choice(list(KINDS))
        name = f"{rng.choice(PLACES)} {number:04d} {KINDS[kind]}"
        authorities.append((name, kind, rng.gauss(0, 0.12)))
    roles = list(ROLE_SHARE)
    written = []
    for index in range(1, n + 1):
        name, kind, maturity = rng.choice(authorities)
        role = rng.choices(roles, weights=list(ROLE_SHARE.values()))[0]
        group = GROUP_OF[role]
        responses: dict[str, Any] = {}
        for req in requirements:
            answer, note = answer_for(
                rng, base_yes[req.id] + maturity, group, req.allow_not_applicable
            )
            if answer is None:
                continue
            response: dict[str, Any] = {"answer": answer.value}
            if note is None and rng.random() < 0.25:
                note = rng.choice(NOTES)
            if note:
                response["note"] = note
            if answer is Answer.YES and rng.random() < 0.1:
                response["evidence"] = [rng.choice(EVIDENCE)]
            responses[req.id] = response
        data = {
            "checklist": checklist.id,
            "checklist_version": checklist.version,
            "checklist_sha256": checklist.content_sha256,
            "authority": name,
            "authority_type": kind.value,
            "respondent": {"name": f"R-{index:05d}", "role": role.value},
            "assessed_on": date(2026, rng.randint(9, 10), rng.randint(1, 28)),
            "responses": responses,
        }
        folder = out / re.sub(r"[^a-z0-9]+", "-", name.lower())
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{index:05d}-{role.value}.answers.yaml"
        path.write_text(dump_yaml(data), encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write into (created if missing)")
    parser.add_argument("--n", type=int, default=1000, help="number of answers files")
    parser.add_argument("--seed", type=int, default=2009, help="random seed")
    args = parser.parse_args()
    files = generate(args.out, args.n, args.seed)
    print(f"wrote {len(files)} answers files under {args.out}")


if __name__ == "__main__":
    main()
