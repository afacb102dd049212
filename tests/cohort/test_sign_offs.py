"""batch knows who signed: each respondent's sign-off, the counts, and --require-signed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from compliance_check.cli import app
from compliance_check.model.answers import save_answers
from compliance_check.model.checklist import Checklist
from tests.conftest import MINI_CHECKLIST, answers_for, every
from tests.signing.keys import allowed_signers, make_key
from tests.test_cli_batch import rows_of

COUNCILS = {
    "signed.yaml": ("Ashford BC", "E07000105"),
    "unsigned.yaml": ("Bolsover DC", "E07000033"),
    "changed.yaml": ("Chorley BC", "E07000118"),
    "stranger.yaml": ("Dacorum BC", "E07000096"),
    "tampered.yaml": ("Eden DC", "E07000030"),
}


def invoke(*args: Any) -> Any:
    return CliRunner().invoke(app, [str(arg) for arg in args])


def sign(path: Path, key: Path) -> None:
    result = invoke(
        "sign", path, "-c", MINI_CHECKLIST, "--name", "Jo Bloggs", "--role", "SIRO", "--key", key
    )
    assert result.exit_code == 0, result.output


def submissions(folder: Path, mini: Checklist) -> Path:
    """Five councils: signed with its own key; unsigned; changed after signing; signed with a
    key the regional body does not list for it; a sign-off edited after signing."""
    keys = folder / "keys"
    keys.mkdir(parents=True)
    own = {name: make_key(keys, name.removesuffix(".yaml")) for name in COUNCILS}
    cohort = folder / "cohort"
    cohort.mkdir()
    for name, (authority, code) in COUNCILS.items():
        answers = answers_for(mini, every(mini, "yes"), authority=authority, authority_code=code)
        save_answers(cohort / name, answers)
        if name != "unsigned.yaml":
            sign(cohort / name, own[name] if name != "stranger.yaml" else make_key(keys, "x"))
    changed = cohort / "changed.yaml"
    changed.write_text(changed.read_text().replace("answer: 'yes'", "answer: 'no'", 1))
    tampered = cohort / "tampered.yaml"
    tampered.write_text(tampered.read_text().replace("role: SIRO", "role: Chief Executive"))
    listed = {code: own[name] for name, (_, code) in COUNCILS.items()}
    allowed_signers(folder / "allowed_signers", listed)
    return cohort


def test_each_respondent_and_the_counts_say_how_its_sign_off_stands(
    tmp_path: Path, mini: Checklist
) -> None:
    cohort = submissions(tmp_path, mini)
    allowed = tmp_path / "allowed_signers"
    workbook, data = tmp_path / "cohort.xlsx", tmp_path / "cohort.json"
    result = invoke(
        "batch",
        cohort,
        "-c",
        MINI_CHECKLIST,
        "-o",
        workbook,
        "--json",
        data,
        "--allowed-signers",
        allowed,
        "-j",
        "1",
    )
    assert result.exit_code == 0, result.output
    expected = {
        "signed.yaml": "verified",
        "unsigned.yaml": "unsigned",
        "changed.yaml": "changed after sign-off",
        "stranger.yaml": "unverified",
        "tampered.yaml": "bad signature",
    }
    cohort_data = json.loads(data.read_text())
    standing = {Path(r["file"]).name: r["sign_off"] for r in cohort_data["respondents"]}
    assert standing == expected
    counts = dict.fromkeys(expected.values(), 1)
    assert cohort_data["sign_offs"] == counts
    signers = {Path(r["file"]).name: r["signed_by"] for r in cohort_data["respondents"]}
    assert signers["signed.yaml"] == "Jo Bloggs (SIRO)" and signers["unsigned.yaml"] is None

    respondents = rows_of(workbook, "Respondents")
    column = respondents[0].index("Sign-off")
    shown = {Path(row[0]).name: row[column] for row in respondents[1:]}
    assert shown == {
        "signed.yaml": "Signed off, verified",
        "unsigned.yaml": "Not signed off",
        "changed.yaml": "Changed after sign-off",
        "stranger.yaml": "Signed off, not verified",
        "tampered.yaml": "Bad signature",
    }
    overview = {row[0]: row[1] for row in rows_of(workbook, "Overview") if len(row) > 1}
    assert overview["Submissions: signed off, verified"] == 1
    assert overview["Submissions: bad signature"] == 1
    assert "Submissions: changed after sign-off" in result.stdout


def test_require_signed_rejects_the_rest_each_with_its_reason(
    tmp_path: Path, mini: Checklist
) -> None:
    cohort = submissions(tmp_path, mini)
    data = tmp_path / "cohort.json"
    result = invoke(
        "batch",
        cohort,
        "-c",
        MINI_CHECKLIST,
        "--json",
        data,
        "--allowed-signers",
        tmp_path / "allowed_signers",
        "--require-signed",
        "-j",
        "1",
    )
    assert result.exit_code == 3
    assert "5 files: 1 scored, 4 rejected" in result.stdout
    reasons = {Path(r["file"]).name: r["reason"] for r in json.loads(data.read_text())["rejected"]}
    assert set(reasons) == {"unsigned.yaml", "changed.yaml", "stranger.yaml", "tampered.yaml"}
    assert reasons["unsigned.yaml"].endswith("not counted (--require-signed): not signed")
    assert "changed after sign-off" in reasons["changed.yaml"]
    assert "is not among the allowed signers for E07000096" in reasons["stranger.yaml"]
    assert "the signature does not verify" in reasons["tampered.yaml"]
    assert json.loads(data.read_text())["rejected_by_reason"] == {"not verified": 4}

    without = invoke("batch", cohort, "-c", MINI_CHECKLIST, "--require-signed")
    assert without.exit_code == 2 and "needs --allowed-signers" in without.output


def test_a_published_cohort_counts_verified_and_names_no_signer(
    tmp_path: Path, mini: Checklist
) -> None:
    cohort = submissions(tmp_path, mini)
    data, workbook = tmp_path / "public.json", tmp_path / "public.xlsx"
    result = invoke(
        "batch",
        cohort,
        "-c",
        MINI_CHECKLIST,
        "--publish",
        "--min-group",
        "2",
        "--json",
        data,
        "-o",
        workbook,
        "--allowed-signers",
        tmp_path / "allowed_signers",
        "-j",
        "1",
    )
    assert result.exit_code == 0, result.output
    text = data.read_text()
    assert json.loads(text)["sign_offs"]["verified"] == 1
    assert "Jo Bloggs" not in text and "SIRO" not in text
    overview = {row[0]: row[1] for row in rows_of(workbook, "Overview") if len(row) > 1}
    assert overview["Submissions: signed off, verified"] == 1
    for sheet in ("Overview", "Method"):
        assert not any("Jo Bloggs" in str(cell) for row in rows_of(workbook, sheet) for cell in row)
