"""batch --publish: nothing personal in the outputs, and no withheld figure comes back from them."""

from __future__ import annotations

import csv
import json
import random
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from compliance_check.model.answers import Answer, RoleGroup, load_answers, save_answers
from compliance_check.model.checklist import Checklist
from compliance_check.pages.labels import ROLE_GROUP_LABEL
from tests.cohort.test_batch import write, write_known_cohort
from tests.conftest import MINI_CHECKLIST, answers_for
from tests.recompute import Item, Published, recovered
from tests.test_cli_batch import SHEETS, rows_of, run, table_rows

HIDDEN = "[c]"
# Ten authorities, forty files: two authorities of 1 and 2 respondents (and, as forty files
# from ten authorities must have, a third under 5).
SIZES = {
    "Ashby": 1,
    "Bexford": 2,
    "Carrow": 3,
    "Dunmere": 5,
    "Elston": 5,
    "Fernley": 5,
    "Garth": 5,
    "Holbeck": 5,
    "Ingham": 4,
    "Kelso": 5,
}
# Four leaders (under 5) from four authorities, one of them Ashby's only respondent; no
# information governance staff, so the technology group must be withheld with leadership.
LEADERS = {"Ashby", "Dunmere", "Elston", "Fernley"}
TECHNOLOGY_EVERY = 4
ANSWERS = ("yes", "partly", "no", "dont_know")


def write_cohort(folder: Path, checklist: Checklist) -> list[str]:
    """Forty answers files with varied answers; returns the respondents' names."""
    rng = random.Random(11)
    names = []
    number = 0
    for place, size in SIZES.items():
        optimism = rng.uniform(0.2, 0.8)
        for member in range(size):
            number += 1
            if member == 0 and place in LEADERS:
                role = "chief_executive"
            elif number % TECHNOLOGY_EVERY == 0:
                role = "it_staff"
            else:
                role = "departmental_staff"
            name = f"Respondent Zq{number:02d}"
            names.append(name)
            responses = {
                rid: rng.choices(ANSWERS, weights=(optimism, 0.2, 1 - optimism, 0.1))[0]
                for rid in checklist.requirements
            }
            path = folder / place.lower() / f"{name.split()[-1].lower()}.yaml"
            path.parent.mkdir(parents=True, exist_ok=True)
            save_answers(
                path,
                answers_for(
                    checklist,
                    responses,
                    authority=f"{place} Council",
                    authority_type="district",
                    respondent={"name": name, "role": role},
                ),
            )
    return names


def from_json(data: dict[str, Any]) -> Published:
    """The tied figures of a cohort's JSON."""
    return Published(
        respondents=data["counts"]["respondents"],
        mean=data["scores"]["mean"],
        authorities={a["name"]: (a["respondents"], a["score"]) for a in data["authorities"]},
        items={
            item["id"]: Item(
                item["asked"],
                None if item["percents"] is None else item["percents"]["yes"],
                {
                    group: (figure["respondents"], figure["percent_yes"])
                    for group, figure in item["roles"].items()
                },
                item["disconnect"],
            )
            for item in data["requirements"]
        },
    )


def _shown(value: Any) -> Any:
    return None if value == HIDDEN else value


def _records(rows: list[list[Any]], first_heading: str) -> list[dict[str, Any]]:
    top = next(index for index, row in enumerate(rows) if row and row[0] == first_heading)
    return [
        dict(zip(rows[top], map(_shown, row), strict=False))
        for row in table_rows(rows, first_heading)
    ]


# An authority's score is the mean of its respondents' scores, as its heading says.
AUTHORITY_SCORE = "Mean score of its respondents"


def _authorities(records: list[dict[str, Any]]) -> dict[str, tuple[int, float | None]]:
    return {r["Authority"]: (int(r["Respondents"]), r[AUTHORITY_SCORE]) for r in records}


def from_workbook(path: Path, authorities_csv: Path | None = None) -> Published:
    """The tied figures of a cohort workbook; the authorities from the CSV when given."""
    overview = {row[0]: _shown(row[1]) for row in table_rows(rows_of(path, "Overview"), "Figure")}
    requirements = {r["Id"]: r for r in _records(rows_of(path, "Requirements"), "Rank")}
    roles = _records(rows_of(path, "Roles"), "Id")
    if authorities_csv is None:
        authorities = _authorities(_records(rows_of(path, "Authorities"), "Authority"))
    else:
        with authorities_csv.open(encoding="utf-8-sig", newline="") as handle:
            rows = [
                {key: _shown(value) for key, value in row.items()} for row in csv.DictReader(handle)
            ]
        authorities = {
            r["Authority"]: (
                int(r["Respondents"]),
                None if r[AUTHORITY_SCORE] is None else float(r[AUTHORITY_SCORE]),
            )
            for r in rows
        }
    return Published(
        respondents=overview["Respondents counted"],
        mean=overview[f"Mean score of the {overview['Respondents counted']} respondents"],
        authorities=authorities,
        items={
            row["Id"]: Item(
                requirements[row["Id"]]["Asked"],
                requirements[row["Id"]]["% yes"],
                {
                    group.value: (
                        row[f"{ROLE_GROUP_LABEL[group]} respondents"],
                        row[f"{ROLE_GROUP_LABEL[group]} % yes"],
                    )
                    for group in RoleGroup
                    if group is not RoleGroup.OTHER
                },
                row["Disconnect (leadership minus departmental, points)"],
            )
            for row in roles
        },
    )


def truth_of(private: dict[str, Any]) -> dict[str, float]:
    """Every figure an attacker would want, named as ``Published.equations`` names unknowns."""
    truth = {f"authority {a['name']}": a["score"] for a in private["authorities"]}
    for item in private["requirements"]:
        for group, figure in item["roles"].items():
            if figure["percent_yes"] is not None:
                truth[f"{item['id']} {group}"] = figure["percent_yes"]
    return truth


@pytest.fixture(scope="module")
def published(
    tmp_path_factory: pytest.TempPathFactory, shipped: Checklist
) -> tuple[Path, dict[str, Any], dict[str, Any], list[str]]:
    """A private run over the forty files and a published one naming the authorities, as
    much as is ever published: (folder, private JSON, published JSON, names)."""
    folder = tmp_path_factory.mktemp("publish")
    names = write_cohort(folder / "cohort", shipped)
    runner = CliRunner()
    private = run(runner, folder / "cohort", "-j", "1", "--json", folder / "private.json")
    assert private.exit_code == 0, private.output
    public = run(
        runner,
        folder / "cohort",
        "-j",
        "1",
        "--publish",
        "--name-authorities",
        "--min-group",
        "5",
        "-o",
        folder / "public.xlsx",
        "--json",
        folder / "public.json",
        "--csv",
        folder / "public.csv",
    )
    assert public.exit_code == 0, public.output
    return (
        folder,
        json.loads((folder / "private.json").read_text(encoding="utf-8")),
        json.loads((folder / "public.json").read_text(encoding="utf-8")),
        names,
    )


def test_the_small_authorities_and_role_groups_are_withheld_and_cannot_be_worked_out(
    published: tuple[Path, dict[str, Any], dict[str, Any], list[str]],
) -> None:
    folder, private, public, _ = published
    truth = truth_of(private)
    # The targets: Ashby's and Bexford's figures, and every role group under 5 respondents.
    targets = {"authority Ashby Council", "authority Bexford Council"}
    for item in private["requirements"]:
        targets |= {
            f"{item['id']} {group}"
            for group, figure in item["roles"].items()
            if 0 < figure["respondents"] < 5
        }
    assert len(targets) > 2  # leadership, four people, on every item
    # The attack works on figures withheld alone (primary suppression only)...
    primary_only = from_json(private)
    for name in ("Ashby Council", "Bexford Council"):
        primary_only.authorities[name] = (primary_only.authorities[name][0], None)
    first = primary_only.items[private["requirements"][0]["id"]]
    first.groups["leadership"] = (first.groups["leadership"][0], None)
    first.disconnect = None
    assert len(recovered(primary_only, truth)) == 1  # the two authorities only as a sum
    # ...and on nothing published.
    sources = {
        "json": from_json(public),
        "workbook": from_workbook(folder / "public.xlsx"),
        "csv": from_workbook(folder / "public.xlsx", folder / "public.csv"),
    }
    assert sources["workbook"] == sources["json"] == sources["csv"]
    for name, view in sources.items():
        shown = {f"authority {a}": score for a, (_, score) in view.authorities.items()}
        for rid, item in view.items.items():
            shown |= {f"{rid} {group}": percent for group, (_, percent) in item.groups.items()}
        assert {target: shown[target] for target in targets} == dict.fromkeys(targets), name
        assert view.mean is not None  # the totals an attacker needs are there
        assert recovered(view, {target: truth[target] for target in targets}) == {}, name
        # Nor does any other withheld figure come back.
        withheld = {key for key, value in shown.items() if value is None and key in truth}
        assert recovered(view, {key: truth[key] for key in withheld}) == {}, name


def test_every_figure_of_the_two_smallest_authorities_is_withheld(
    published: tuple[Path, dict[str, Any], dict[str, Any], list[str]],
) -> None:
    folder, _, public, _ = published
    for authority in public["authorities"]:
        if authority["respondents"] >= 5:
            continue
        assert authority["hidden"]
        figures = {key: value for key, value in authority.items() if key not in KEPT}
        assert set(figures.values()) == {None}, figures
    rows = table_rows(rows_of(folder / "public.xlsx", "Authorities"), "Authority")
    small = [row for row in rows if row[2] < 5]
    assert len(small) == 4 and all(set(row[3:]) == {HIDDEN} for row in small)


# What is shown of a withheld authority: who it is and how many answered.
KEPT = {"name", "code", "type", "respondents", "hidden"}
SCORE_ONLY = ["Authority", "Type", "Respondents", AUTHORITY_SCORE, "Gap to 100%", "RAG"]


def test_a_named_authority_is_published_with_its_score_and_rating_only(
    published: tuple[Path, dict[str, Any], dict[str, Any], list[str]],
) -> None:
    # A council's answers, gaps and section scores describe its security controls.
    folder, private, public, _ = published
    assert public["authorities_named"] is True
    assert {tuple(authority) for authority in public["authorities"]} == {
        ("name", "code", "type", "respondents", "hidden", "score", "gap", "rag")
    }
    shown = [a["name"] for a in public["authorities"] if not a["hidden"]]
    assert len(shown) == 6 and len(public["authorities"]) == len(private["authorities"])
    workbook = openpyxl.load_workbook(folder / "public.xlsx")
    # Every file scored and none in conflict: those two sheets, with nothing to show, left out.
    assert public["counts"]["rejected"] == public["counts"]["conflicting"] == 0
    left_out = {*PRIVATE_ONLY, "Rejected", "Conflicts"}
    assert workbook.sheetnames == [s for s in SHEETS if s not in left_out]
    assert rows_of(folder / "public.xlsx", "Authorities")[0] == SCORE_ONLY
    with (folder / "public.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert next(csv.reader(handle)) == SCORE_ONLY
    # No other sheet names an authority: no row of an authority's items or sections anywhere.
    for sheet in workbook:
        if sheet.title == "Authorities":
            continue
        text = " ".join(str(value) for row in sheet.values for value in row if value)
        assert not [name for name in shown if name in text], sheet.title


# Sheets of what councils and respondents answered, never published.
PRIVATE_ONLY = {"Respondents", "Authority gaps", "Disagreement"}


def test_nothing_personal_is_published(
    published: tuple[Path, dict[str, Any], dict[str, Any], list[str]], tmp_path: Path
) -> None:
    source, _, _, names = published
    folder = tmp_path / "secret-folder-name"
    shutil.copytree(source / "cohort", folder)
    # A file that cannot be scored is counted, never named.
    (folder / "kelso" / "broken.yaml").write_text("authority: [\n", encoding="utf-8")
    paths = [tmp_path / f"public.{suffix}" for suffix in ("xlsx", "json", "csv")]
    result = run(
        CliRunner(),
        folder,
        "-j",
        "1",
        "--publish",
        "-o",
        paths[0],
        "--json",
        paths[1],
        "--csv",
        paths[2],
        "--fail-under",
        "100",
    )
    assert result.exit_code == 3, result.output
    [below] = [line for line in result.stderr.splitlines() if line.startswith("Below")]
    assert "Dunmere Council (" in below and below.endswith(", 4 withheld authorities.")
    assert "Ashby" not in below
    workbook = openpyxl.load_workbook(paths[0])
    # By default a published cohort names no authority: it has no Authorities sheet; and no
    # Conflicts sheet where none was found (nothing to show).
    left_out = {*PRIVATE_ONLY, "Authorities", "Conflicts"}
    assert workbook.sheetnames == [s for s in SHEETS if s not in left_out]
    # Every page carries the published marking, and no personal-data warning.
    assert {sheet.oddHeader.center.text for sheet in workbook} == {"&BOFFICIAL&B"}
    assert {sheet.oddFooter.center.text for sheet in workbook} == {"&BOFFICIAL&B"}
    texts = [str(value) for sheet in workbook for row in sheet.values for value in row if value]
    texts += [paths[1].read_text(encoding="utf-8"), paths[2].read_text(encoding="utf-8-sig")]
    places = [f"{place} Council" for place in SIZES]
    for text in texts:
        assert not any(name in text or name.split()[-1].lower() in text for name in names)
        assert not [place for place in places if place in text or place.split()[0] in text]
        assert "secret-folder-name" not in text and ".yaml" not in text and ".yml" not in text
        assert "Chief executive" not in text and "chief_executive" not in text
    assert rows_of(paths[0], "Rejected") == [
        ["Why not scored", "Files"],
        ["Could not be read: missing, not a file, too large, not text or not YAML", 1],
    ]
    with paths[2].open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["Id"] for row in rows] == [
        item["Id"] for item in _records(rows_of(paths[0], "Requirements"), "Rank")
    ]  # no table of authorities to write: the CSV holds the requirements
    data = json.loads(paths[1].read_text(encoding="utf-8"))
    assert data["authorities_named"] is False and data["authorities"] == []
    assert data["counts"]["authorities"] == len(SIZES)
    assert data["published"] is True and (data["min_group"], data["min_authorities"]) == (5, 3)
    assert data["respondents"] == [] and data["rejected"] == []
    assert data["rejected_by_reason"] == {"unreadable": 1}
    assert data["scores"]["min"] is None and data["scores"]["max"] is None
    bands = [band["respondents"] for band in data["scores"]["histogram"]]
    assert sum(bands) == 40 and all(n == 0 or n >= 5 for n in bands)
    method = "\n".join(str(row[0]) for row in rows_of(paths[0], "Method") if row)
    assert "at least 5 respondents" in method and "at least 3 authorities" in method
    assert "Secondary suppression" in method


def test_the_min_group_2_attack_of_the_issue_fails(runner: CliRunner, tmp_path: Path) -> None:
    # The issue's finding: with --min-group 2 East Council's mean (its one respondent's score)
    # came back from the Overview mean and the other authorities' rows.
    from compliance_check.model.checklist import load_checklist

    write_known_cohort(tmp_path / "cohort", load_checklist(MINI_CHECKLIST))
    outputs = {}
    for min_group in ("1", "2"):
        target = tmp_path / f"min{min_group}.json"
        options = ("--min-group", min_group, "--json", target)
        result = run(runner, tmp_path / "cohort", "-c", MINI_CHECKLIST, *options)
        assert result.exit_code == 3, result.output  # the known cohort has one broken file
        outputs[min_group] = json.loads(target.read_text(encoding="utf-8"))
    truth = truth_of(outputs["1"])
    east = "authority East Council"
    # The attack works where only East's figure is withheld...
    only_east = from_json(outputs["1"])
    only_east.authorities["East Council"] = (1, None)
    [(name, (got, true))] = recovered(only_east, truth).items()
    assert name == east and true == 25.0 and got == pytest.approx(25.0, abs=0.05)
    # ...and fails on what --min-group 2 writes.
    view = from_json(outputs["2"])
    assert view.authorities["East Council"][1] is None and view.mean is not None
    assert recovered(view, truth) == {}


def test_the_private_workbook_says_n_beside_every_rate_and_warns_on_every_page(
    published: tuple[Path, dict[str, Any], dict[str, Any], list[str]], tmp_path: Path
) -> None:
    folder, _, _, _ = published
    path = tmp_path / "private.xlsx"
    assert run(CliRunner(), folder / "cohort", "-j", "1", "-o", path).exit_code == 0
    headings = rows_of(path, "Roles")[0]
    rates = [index for index, title in enumerate(headings) if title.endswith("% yes")]
    assert len(rates) == 4
    for index in rates:
        assert headings[index + 1] == headings[index].replace("% yes", "respondents")
    workbook = openpyxl.load_workbook(path)
    assert "Respondents" in workbook.sheetnames
    for sheet in workbook:
        assert "PERSONAL DATA" in sheet.oddFooter.center.text, sheet.title
    assert "Do not publish" in rows_of(path, "Overview")[1][0]
    method = " ".join(str(row[0]) for row in rows_of(path, "Method") if row)
    assert "must not be published" in method


def test_a_figure_about_fewer_than_3_authorities_is_withheld(
    runner: CliRunner, tmp_path: Path, mini: Checklist
) -> None:
    for place in ("North", "South"):
        for number in range(6):
            write(
                tmp_path / "cohort",
                f"{place}-{number}.yaml",
                mini,
                authority=f"{place} Council",
                respondent={"role": "departmental_staff", "name": f"{place} {number}"},
                responses=dict.fromkeys(mini.requirements, "yes" if number % 2 else "no"),
            )
    target = tmp_path / "public.json"
    result = run(runner, tmp_path / "cohort", "-c", MINI_CHECKLIST, "--publish", "--json", target)
    assert result.exit_code == 0, result.output
    data = json.loads(target.read_text(encoding="utf-8"))
    # Each authority's own figures rest on 6 respondents; the cohort's on only 2 authorities.
    assert all(authority["score"] == 50.0 for authority in data["authorities"])
    assert data["scores"]["hidden"] and data["scores"]["mean"] is None
    assert all(item["hidden"] and item["percents"] is None for item in data["requirements"])
    assert {item["roles"]["departmental"]["percent_yes"] for item in data["requirements"]} == {None}


def withheld_together(view: Published) -> dict[str, tuple[float, int]]:
    """Per item, the yes answers and respondents of its withheld role groups (other roles
    included), as the published total minus the groups shown gives them."""
    found = {}
    for rid, item in view.items.items():
        if item.percent_yes is None:
            continue
        shown = [(n, percent) for n, percent in item.groups.values() if percent is not None]
        respondents = item.asked - sum(n for n, _ in shown)
        if respondents and len(shown) < len(item.groups):
            yes = item.asked * item.percent_yes - sum(n * percent for n, percent in shown)
            found[rid] = (yes / 100, respondents)
    return found


def test_withheld_groups_that_all_answered_no_do_not_give_themselves_away(
    runner: CliRunner, tmp_path: Path, shipped: Checklist
) -> None:
    # Every leader and technologist answers no to the first item: withheld together, as 0 yes
    # of 13 they would still say what each answered.
    write_cohort(tmp_path / "cohort", shipped)
    first = next(iter(shipped.requirements))
    for path in sorted((tmp_path / "cohort").rglob("*.yaml")):
        answers = load_answers(path)
        if answers.respondent.role.value in {"chief_executive", "it_staff"}:
            answers.responses[first].answer = Answer.NO
            save_answers(path, answers, replace=True)
    done = run(
        runner, tmp_path / "cohort", "-j", "1", "--publish", "--json", tmp_path / "public.json"
    )
    assert done.exit_code == 0, done.output
    public = json.loads((tmp_path / "public.json").read_text(encoding="utf-8"))
    together = withheld_together(from_json(public))
    assert first in together
    for rid, (yes, respondents) in together.items():
        # Never none nor all of the withheld respondents (within the rounding of the figures).
        assert 0.5 < yes < respondents - 0.5, (rid, yes, respondents)


def test_naming_authorities_goes_with_publish(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, tmp_path, "--name-authorities", "--json", tmp_path / "c.json")
    assert result.exit_code == 2
    assert "--name-authorities: goes with --publish" in result.stderr
    assert not (tmp_path / "c.json").exists()
