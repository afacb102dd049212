"""batch: look-alike names fold to one identity, and what was folded reaches the workbook and JSON.

Each case is a spelling a council's files really arrive in, or a spoof: typographic apostrophes
and dashes, look-alike letters from Unicode's confusables (UTS #39), a code given with another
council's name. The regional body keeps the workbook and the JSON, not the terminal: each test
reads those.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from compliance_check.model.checklist import Checklist
from tests.cohort.test_batch import write
from tests.conftest import MINI_CHECKLIST
from tests.test_cli_batch import rows_of, run, table_rows

KENT = "E10000016"
MEDWAY = "E06000035"
ANSWERS = ("yes", "no", "partly", "dont_know")


def cohort(
    folder: Path, mini: Checklist, files: list[dict[str, Any]], *options: str
) -> tuple[dict[str, Any], list[list[Any]], int]:
    """Run batch over ``files`` (each the header of one answers file): the JSON, the Conflicts
    sheet's rows and the exit code."""
    for number, header in enumerate(files):
        header = {"respondent": {"name": f"Person {number}", "role": "it_staff"}} | header
        answer = ANSWERS[number % len(ANSWERS)]
        write(
            folder / "files",
            f"f{number}.yaml",
            mini,
            responses=dict.fromkeys(mini.requirements, answer),
            **header,
        )
    workbook, target = folder / "cohort.xlsx", folder / "cohort.json"
    result = run(
        CliRunner(),
        folder / "files",
        "-c",
        MINI_CHECKLIST,
        "-o",
        workbook,
        "--json",
        target,
        *options,
    )
    data = json.loads(target.read_text(encoding="utf-8"))
    return data, rows_of(workbook, "Conflicts"), result.exit_code


def identity_rows(rows: list[list[Any]]) -> list[dict[str, Any]]:
    """The Conflicts sheet's table of identities, as records by heading."""
    top = next(index for index, row in enumerate(rows) if row and row[0] == "Identity check")
    return [dict(zip(rows[top], row, strict=False)) for row in table_rows(rows, "Identity check")]


def folded_to_one(
    tmp_path: Path, mini: Checklist, spellings: list[str], reason: str = "look-alike"
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Files from one council spelt each of ``spellings``: one authority, and the conflict
    that says which spellings were folded (as it stands in the JSON and the workbook)."""
    data, rows, code = cohort(tmp_path, mini, [{"authority": name} for name in spellings])
    assert code == 0
    [authority] = data["authorities"]
    assert authority["respondents"] == len(spellings)
    [conflict] = [c for c in data["identity_conflicts"] if c["reason"] == reason]
    assert sorted(conflict["names"]) == sorted(set(spellings))
    [row] = [
        r for r in identity_rows(rows) if all(name in r["Names as written"] for name in spellings)
    ]
    assert row["Identity check"] == conflict["label"]
    assert all(f"f{n}.yaml" in row["Files"] for n in range(len(spellings)))
    return conflict, row


@pytest.mark.parametrize(
    "spellings",
    [
        # The apostrophe Word types, and the one on the keyboard.
        ["King\u2019s Lynn and West Norfolk", "King's Lynn and West Norfolk"],
        # An en dash and a non-breaking hyphen where the hyphen belongs.
        [
            "Stoke\u2013on\u2013Trent City Council",
            "Stoke\u2011on\u2011Trent City Council",
            "Stoke-on-Trent City Council",
        ],
        # A dotless i, and U+01C0 (a click letter, drawn as a bar) for the l of Council.
        ["Kent County Counc\u0131l", "Kent County Council"],
        ["Kent County Counci\u01c0", "Kent County Council"],
        # Three more from the UTS #39 data: "rn" for "m", a zero for a capital O, a Greek omicron.
        ["Birrningham City Council", "Birmingham City Council"],
        ["0ldham Council", "Oldham Council"],
    ],
)
def test_look_alike_spellings_are_one_authority_with_a_warning(
    tmp_path: Path, mini: Checklist, spellings: list[str]
) -> None:
    conflict, _ = folded_to_one(tmp_path, mini, spellings)
    assert conflict["subject"] == "authority" and "look alike" in conflict["label"]


def test_a_name_mixing_scripts_folds_into_the_council_it_imitates_and_is_listed(
    tmp_path: Path, mini: Checklist
) -> None:
    # A Cyrillic e in Kent, a Greek capital omicron in Oxfordshire.
    for spoof, genuine in [
        ("K\u0435nt County Council", "Kent County Council"),
        ("\u039fxfordshire County Council", "Oxfordshire County Council"),
    ]:
        folder = tmp_path / genuine.split()[0]
        folded_to_one(folder, mini, [spoof, genuine])
        data, rows, _ = cohort(
            folder / "again", mini, [{"authority": spoof}, {"authority": genuine}]
        )
        [mixed] = [c for c in data["identity_conflicts"] if c["reason"] == "mixed-scripts"]
        assert mixed["names"] == [spoof] and mixed["files"] == [
            str(folder / "again" / "files" / "f0.yaml")
        ]
        assert any(
            r["Names as written"] == spoof and "scripts" in r["Identity check"]
            for r in identity_rows(rows)
        )


def test_a_code_given_with_another_name_is_a_conflict_in_the_workbook_and_json(
    tmp_path: Path, mini: Checklist
) -> None:
    files = [
        {"authority": "Kent County Council", "authority_code": KENT},
        {"authority": "Kent County Council", "authority_code": KENT},
        # Kent's code under Medway's name: counted as Kent, and listed.
        {"authority": "Medway Council", "authority_code": KENT},
        {"authority": "Medway Council", "authority_code": MEDWAY},
    ]
    data, rows, code = cohort(tmp_path, mini, files)
    assert code == 0
    counted = {a["code"]: a["respondents"] for a in data["authorities"]}
    assert counted == {KENT: 3, MEDWAY: 1}
    reasons = {c["reason"]: c for c in data["identity_conflicts"]}
    assert sorted(reasons["code-names"]["names"]) == ["Kent County Council", "Medway Council"]
    assert reasons["code-names"]["codes"] == [KENT]
    assert sorted(reasons["name-codes"]["codes"]) == sorted([KENT, MEDWAY])
    table = identity_rows(rows)
    assert {r["Identity check"] for r in table} == {c["label"] for c in reasons.values()}
    [row] = [r for r in table if r["Identity check"] == reasons["code-names"]["label"]]
    assert KENT in row["Codes"] and "Medway Council" in row["Names as written"]


def test_a_respondent_spelt_with_a_look_alike_hyphen_is_one_respondent(
    tmp_path: Path, mini: Checklist
) -> None:
    files = [
        {"authority": "Kent County Council", "respondent": {"name": "R-000", "role": "it_staff"}},
        # The same respondent, a U+2010 hyphen: not a second person, but a conflict.
        {
            "authority": "Kent County Council",
            "respondent": {"name": "R\u2010000", "role": "it_staff"},
        },
    ]
    data, rows, code = cohort(tmp_path, mini, files)
    assert code == 3  # the two files answer differently: a conflict to settle
    assert data["counts"]["respondents"] == 0 and data["conflicts_count"] == 1
    [conflict] = [c for c in data["identity_conflicts"] if c["subject"] == "respondent"]
    assert conflict["reason"] == "look-alike" and sorted(conflict["names"]) == [
        "R-000",
        "R\u2010000",
    ]
    assert any("R\u2010000" in r["Names as written"] for r in identity_rows(rows))


def test_published_the_identity_checks_are_counted_not_named(
    tmp_path: Path, mini: Checklist
) -> None:
    spellings = ["K\u0435nt County Council", "Kent County Council", "Kent County Council"]
    data, rows, code = cohort(
        tmp_path, mini, [{"authority": name} for name in spellings], "--publish", "--min-group", "2"
    )
    assert code == 0
    assert data["identity_conflicts"] == []
    assert data["identity_conflicts_by_reason"] == {"look-alike": 1, "mixed-scripts": 1}
    text = json.dumps(data, ensure_ascii=False) + json.dumps(rows, ensure_ascii=False)
    assert "K\u0435nt" not in text and "Kent" not in text
