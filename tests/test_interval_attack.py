"""batch --publish against an interval attacker: no withheld figure or answer is pinned.

Twenty generated cohorts, each published by the command line: mixed profiles (a lone respondent
answering ``full`` beside pairs answering ``survey-2009``), tiny authorities, sections and
groups of roles where every withheld respondent stands at 100% or 0%, and realistic spreads.
The attacker knows who took part (each respondent's authority, group of roles and profile:
the worst case) and reads every figure of the published JSON. Its unknowns:

- per item, the yes answers of each group of roles asked it (integers from 0 to the group's
  respondents), bound by the item's answer counts or % yes, each group's % yes and the
  disconnect;
- per respondent, the overall score (0 to 100), bound by the named authorities' scores, the
  cohort's mean, the histogram's bands and the median (as at least half at or below it, and
  half at or above), and the number fully compliant (at 100%).

It does not tie scores to answers through the scoring formula. A withheld % yes that no
consistent solution can move gives away the answers of the group behind it; a withheld score
that stays within 1 point gives the score away.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from compliance_check.model.answers import ROLE_GROUP, Role, save_answers
from compliance_check.model.checklist import Checklist
from compliance_check.model.scoring import score
from tests.conftest import answers_for
from tests.interval import Model
from tests.test_cli_batch import run

ANSWERS = ("yes", "partly", "no", "dont_know")
KINDS = ("mixed", "tiny", "section-at-bound", "group-at-bound", "realistic")
COHORTS = 20
MIN_GROUP = 5
OTHER = "other"
# Scores move in steps of half the lightest item's weight over the weights in play: 0.1 points
# is less than any step, so a score under 100% is at most this.
UNDER_100 = 0.1
# Most respondents are departmental, as in the 2009 survey; a few of every other kind.
ROLES = (
    (Role.DEPARTMENTAL_STAFF, 40),
    (Role.DEPARTMENTAL_MANAGER, 15),
    (Role.IT_STAFF, 15),
    (Role.HEAD_OF_IT, 5),
    (Role.INFORMATION_GOVERNANCE, 10),
    (Role.SENIOR_CORPORATE_OFFICER, 5),
    (Role.OTHER, 5),
)


@dataclass(frozen=True)
class Respondent:
    """What the attacker is assumed to know of one respondent, and the truth it is after."""

    authority: str
    group: str
    profile: str
    answers: dict[str, str]
    score: float


def _plan(kind: str, rng: random.Random) -> list[tuple[str, int, str]]:
    """(authority, respondents, profile) for a cohort of ``kind``."""
    places = [f"{name} Council" for name in ("Ashby", "Bexford", "Carrow", "Dunmere", "Elston")]
    places += [f"{name} Council" for name in ("Fernley", "Garth", "Holbeck", "Ingham", "Kelso")]
    if kind == "mixed":
        # The case: one respondent answering full beside pairs answering survey-2009.
        pairs = rng.randint(2, 4)
        return [
            (places[0], 1, "full"),
            *((places[1 + i], 2, "survey-2009") for i in range(pairs)),
            *((places[5 + i], rng.randint(5, 7), "full") for i in range(3)),
        ]
    if kind == "tiny":
        sizes = [1, 1, 2, 2, 3, rng.randint(1, 4), rng.randint(3, 6), rng.randint(5, 7)]
        return [(place, size, "full") for place, size in zip(places, sizes, strict=False)]
    sizes = [rng.randint(1, 7) for _ in range(rng.randint(6, 9))]
    profiles = ["full", "core"] if kind == "realistic" else ["full"]
    return [(place, size, rng.choice(profiles)) for place, size in zip(places, sizes, strict=False)]


def generate(folder: Path, checklist: Checklist, seed: int) -> list[Respondent]:
    """Write one generated cohort's answers files; each respondent as the attacker sees them."""
    rng = random.Random(seed)
    kind = KINDS[seed % len(KINDS)]
    plan = _plan(kind, rng)
    sections = [section.id for section in checklist.sections]
    at_bound = rng.choice(sections)
    bound_answer = "yes" if seed % 2 else "no"
    everyone_item = rng.choice(list(checklist.requirements))
    respondents = []
    number = 0
    for authority, size, profile_id in plan:
        optimism = rng.uniform(0.15, 0.85)
        profile = checklist.profile(profile_id)
        asked = [requirement.id for requirement in checklist.in_profile(profile)]
        for member in range(size):
            number += 1
            if member == 0 and rng.random() < 0.4:
                role = Role.CHIEF_EXECUTIVE
            else:
                role = rng.choices([r for r, _ in ROLES], weights=[w for _, w in ROLES])[0]
            weights = (optimism, 0.2, 1 - optimism, 0.1)
            answers = {rid: rng.choices(ANSWERS, weights=weights)[0] for rid in asked}
            group = ROLE_GROUP[role].value
            for rid in asked:
                section = checklist.section_of[rid].id
                if kind == "section-at-bound" and size < MIN_GROUP and section == at_bound:
                    # Every withheld authority stands at one bound in this section.
                    answers[rid] = bound_answer
                if kind == "group-at-bound" and group == "leadership" and section == at_bound:
                    answers[rid] = bound_answer
                if kind == "group-at-bound" and rid == everyone_item:
                    answers[rid] = "yes"
            header = {
                "authority": authority,
                "authority_type": "district",
                "respondent": {"name": f"Respondent {number:03d}", "role": role.value},
                "profile": profile_id,
            }
            document = answers_for(
                checklist, {rid: {"answer": a} for rid, a in answers.items()}, **header
            )
            save_answers(folder / f"r{number:03d}.yaml", document)
            overall = score(checklist, document, profile).score
            assert overall is not None
            respondents.append(Respondent(authority, group, profile_id, answers, overall))
    return respondents


def publish(folder: Path, *options: str) -> dict[str, Any]:
    """The JSON of ``batch --publish`` over ``folder``, with ``options``."""
    target = folder.parent / f"{folder.name}{''.join(options)}.json"
    result = run(CliRunner(), folder, "-j", "1", "--publish", "--force", "--json", target, *options)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(target.read_text(encoding="utf-8"))
    return data


@dataclass
class Attack:
    """The attacker's models of one published cohort, and what they must not pin.

    Answers and scores share no unknown (the scoring formula is not used), so they are two
    models: each solve is smaller.
    """

    answers: Model
    cells: dict[tuple[str, str], int]  # (item, group) -> its yes answers, for withheld figures
    scores: Model
    targets: dict[str, dict[int, float]]  # each withheld score, as terms over the unknowns


def _items(model: Model, public: dict[str, Any], people: list[Respondent]) -> dict[Any, int]:
    withheld: dict[tuple[str, str], int] = {}
    for item in public["requirements"]:
        rid = item["id"]
        asked: dict[str, list[Respondent]] = defaultdict(list)
        for person in people:
            if rid in person.answers:
                asked[person.group].append(person)
        assert sum(map(len, asked.values())) == item["asked"]
        yes = {
            group: model.unknown(
                0,
                len(members),
                sum(person.answers[rid] == "yes" for person in members),
                integer=True,
            )
            for group, members in asked.items()
        }
        everyone = dict.fromkeys(yes.values(), 1.0)
        if item["counts"] is not None:
            model.near(everyone, item["counts"]["yes"], 0)
        for group, figure in item["roles"].items():
            assert figure["respondents"] == len(asked.get(group, []))
            if group not in yes:
                continue
            n = figure["respondents"]
            if figure["percent_yes"] is None:
                withheld[rid, group] = yes[group]
            else:
                model.near({yes[group]: 100 / n}, figure["percent_yes"])
        others = asked.get(OTHER, [])
        if others and (0 < len(others) < MIN_GROUP or item["counts"] is None):
            withheld[rid, OTHER] = yes[OTHER]
        if item["counts"] is None:
            withheld[rid, "all"] = model.unknown(
                0, item["asked"], sum(model.truth[i] for i in yes.values()), integer=True
            )
            model.near({**everyone, withheld[rid, "all"]: -1.0}, 0, 0)
        if item["disconnect"] is not None:
            lead, front = item["roles"]["leadership"], item["roles"]["departmental"]
            model.near(
                {
                    yes["leadership"]: 100 / lead["respondents"],
                    yes["departmental"]: -100 / front["respondents"],
                },
                item["disconnect"],
            )
    return withheld


def _scores(model: Model, public: dict[str, Any], people: list[Respondent]) -> dict[Any, Any]:
    own = [model.unknown(0, 100, person.score) for person in people]
    n = len(people)
    targets: dict[str, dict[int, float]] = {}
    members: dict[str, list[int]] = defaultdict(list)
    for person, unknown in zip(people, own, strict=True):
        members[person.authority].append(unknown)
    named = {authority["name"]: authority for authority in public["authorities"]}
    for name, unknowns in members.items():
        mean = {unknown: 1 / len(unknowns) for unknown in unknowns}
        published = named.get(name)
        if published is not None and published["score"] is not None:
            model.near(mean, published["score"])
            continue
        targets[f"authority {name}"] = mean
        targets |= {f"a respondent of {name} ({i})": {u: 1.0} for i, u in enumerate(unknowns)}
    scores = public["scores"]
    if scores["mean"] is not None:
        model.near(dict.fromkeys(own, 1 / n), scores["mean"])
    if scores["median"] is not None:
        for side in (1, -1):
            # At least half the respondents stand at or below it (side 1), and at or above.
            flags = []
            for unknown, person in zip(own, people, strict=True):
                truth = side * (person.score - scores["median"]) <= 0.005
                flag = model.unknown(0, 1, float(truth), integer=True)
                flags.append(flag)
                # flag 1: side * (score - median) <= rounding; flag 0: free.
                model.constrain(
                    {unknown: side, flag: 100.0}, -200, side * scores["median"] + 100.005
                )
            model.constrain(dict.fromkeys(flags, 1.0), (n + 1) // 2, n)
    if scores["fully_compliant"] is not None:
        # Fully compliant is a score of exactly 100%: a flag per respondent, their count given.
        flags = []
        for unknown, person in zip(own, people, strict=True):
            flag = model.unknown(0, 1, float(person.score == 100), integer=True)
            flags.append(flag)
            # flag 1: the score is 100; flag 0: it is under 100 (by the least a score can be).
            model.constrain({unknown: 1.0, flag: -100.0}, 0, 100)
            model.constrain({unknown: 1.0, flag: -UNDER_100}, -100, 100 - UNDER_100)
        model.near(dict.fromkeys(flags, 1.0), scores["fully_compliant"], 0)
    bands = [band for band in scores["histogram"] if band["respondents"] is not None]
    if bands:
        top = max(band["to"] for band in bands)
        chosen: dict[int, list[int]] = defaultdict(list)
        for unknown, person in zip(own, people, strict=True):
            flags = []
            for number, band in enumerate(bands):
                inside = band["from"] <= person.score < band["to"] or (
                    band["to"] == top and person.score == top
                )
                flag = model.unknown(0, 1, float(inside), integer=True)
                flags.append(flag)
                chosen[number].append(flag)
            model.constrain(dict.fromkeys(flags, 1.0), 1, 1)
            # The score lies in the band its flag chooses: above the bottoms, below the tops.
            low = {unknown: 1.0} | {f: -float(b["from"]) for f, b in zip(flags, bands, strict=True)}
            model.constrain(low, 0, 100)
            high = {unknown: 1.0} | {
                f: -(b["to"] - (0 if b["to"] == top else 1e-6))
                for f, b in zip(flags, bands, strict=True)
            }
            model.constrain(high, -100, 0)
        for number, band in enumerate(bands):
            model.near(dict.fromkeys(chosen[number], 1.0), band["respondents"], 0)
    return targets


def attack(public: dict[str, Any], people: list[Respondent]) -> Attack:
    """The model of every figure ``public`` publishes, over what the attacker wants to know."""
    answers, scores = Model(), Model()
    cells = _items(answers, public, people)
    targets = _scores(scores, public, people)
    assert answers.broken_by_truth() == [] and scores.broken_by_truth() == []
    return Attack(answers, cells, scores, targets)


def given_away(found: Attack) -> list[str]:
    """Every withheld figure the attack pins: a group's yes answers, or a score within 1."""
    moved = found.answers.movable(list(found.cells.values()))
    pinned = [f"{rid} {group}" for (rid, group), t in found.cells.items() if t not in moved]
    seen: list[dict[int, float]] = []
    for name, terms in found.targets.items():
        if terms in seen:
            continue  # a lone respondent's score is their authority's
        seen.append(terms)
        if found.scores.moves(terms, 1):
            continue
        low, high = found.scores.span(terms)
        if high - low < 1:
            pinned.append(f"{name}: {low:.2f} to {high:.2f}")
    return pinned


@pytest.fixture(scope="module")
def cohorts(
    tmp_path_factory: pytest.TempPathFactory, shipped: Checklist
) -> dict[int, tuple[Path, list[Respondent]]]:
    """The generated cohorts, each in its folder, with the truth about each respondent."""
    made = {}
    for seed in range(COHORTS):
        folder = tmp_path_factory.mktemp(f"cohort{seed}") / "files"
        folder.mkdir()
        made[seed] = folder, generate(folder, shipped, seed)
    return made


@pytest.mark.parametrize("seed", range(COHORTS))
def test_the_interval_attack_pins_nothing_withheld(
    cohorts: dict[int, tuple[Path, list[Respondent]]], seed: int
) -> None:
    folder, people = cohorts[seed]
    public = publish(folder, "--name-authorities")
    found = attack(public, people)
    assert found.cells, "nothing withheld: the cohort tests nothing"
    assert given_away(found) == []


@pytest.mark.parametrize("seed", range(0, COHORTS, len(KINDS) - 1))
def test_unnamed_the_attack_pins_no_respondent_either(
    cohorts: dict[int, tuple[Path, list[Respondent]]], seed: int
) -> None:
    folder, people = cohorts[seed]
    public = publish(folder)
    assert public["authorities"] == []
    found = attack(public, people)
    # No authority is named: each respondent's score is a withheld figure.
    for number, person in enumerate(people):
        found.targets[f"respondent {number} of {person.authority}"] = {number: 1.0}
    assert given_away(found) == []


def test_the_attack_pins_figures_withheld_without_their_complements(
    cohorts: dict[int, tuple[Path, list[Respondent]]],
) -> None:
    # The attacker is not toothless: shown the figures withheld only to protect others, it
    # gives back the lone respondent of the mixed cohort and the withheld groups' answers.
    folder, people = cohorts[0]
    public = publish(folder, "--name-authorities")
    truth: dict[str, list[float]] = defaultdict(list)
    for person in people:
        truth[person.authority].append(person.score)
    for authority in public["authorities"]:
        if authority["name"] != "Ashby Council":
            scores = truth[authority["name"]]
            authority["score"] = sum(scores) / len(scores)
    for item in public["requirements"]:
        if item["counts"] is None:
            continue
        for group, figure in item["roles"].items():
            members = [p for p in people if p.group == group and item["id"] in p.answers]
            if figure["respondents"] >= MIN_GROUP:
                yes = sum(p.answers[item["id"]] == "yes" for p in members)
                figure["percent_yes"] = round(100 * yes / len(members), 2)
    pinned = given_away(attack(public, people))
    assert any(line.startswith("authority Ashby Council: ") for line in pinned)
    assert any(not line.startswith(("authority", "a respondent")) for line in pinned)
