"""Checklist format 1.2: every must names the provisions that place it, and their extent."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from compliance_check.cli import app
from compliance_check.files.yamlio import read_yaml
from compliance_check.model.checklist import Nation, Tier, load_checklist

VERSIONS = Path(__file__).parents[1] / "data" / "versions"
FORMAT_1_1 = VERSIONS / "carry-1.1.yaml"
FORMAT_1_2 = VERSIONS / "carry-1.2.yaml"


def test_a_format_1_2_checklist_keeps_each_provision_as_written() -> None:
    checklist = load_checklist(FORMAT_1_2)
    item = checklist.requirements["AA-01"]
    act, devolved = item.provisions
    assert (act.instrument, act.reference) == ("Test Act 2020", "s 1(1)")
    assert act.extent == [Nation.ENGLAND, Nation.WALES] and devolved.extent == [Nation.SCOTLAND]
    assert act.in_force == date(2020, 4, 1) and act.checked == date(2026, 6, 1)
    assert devolved.note == "The devolved route in Scotland."
    assert item.extent_note == "Northern Ireland's equivalent is not confirmed."
    # A good practice item needs none.
    assert checklist.requirements["AA-03"].tier is Tier.GOOD_PRACTICE
    assert checklist.requirements["AA-03"].provisions == []


def test_format_1_1_files_load_as_before_without_provisions() -> None:
    checklist = load_checklist(FORMAT_1_1)
    assert checklist.requirements["AA-01"].tier is Tier.LAW_TODAY
    assert all(not item.provisions for item in checklist.requirements.values())


def refused(tmp_path: Path, old: str, new: str) -> tuple[str, int]:
    """The one line `checklist validate` prints for the 1.2 fixture with ``old`` made ``new``,
    and the line of the file where ``new`` stands."""
    text = FORMAT_1_2.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "bad.yaml"
    changed = text.replace(old, new, 1)
    path.write_text(changed, encoding="utf-8")
    result = CliRunner().invoke(app, ["checklist", "validate", str(path)])
    assert result.exit_code == 3 and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {path}:")
    return line, changed[: changed.index(new)].count("\n") + 1


TIER_AA_02 = "        tier: required_where_connected\n"
PROVISIONS_AA_02 = (
    "        provisions:\n"
    "          - instrument: Test network Code of Connection\n"
    "            reference: condition 4\n"
    "            extent: [E, W, S, NI]\n"
    "            in_force: 2019-01-01\n"
    "            source: https://example.org/code-of-connection\n"
    "            checked: 2026-06-01\n"
)


def test_a_must_without_a_provision_is_refused_with_its_line_and_the_fix(
    tmp_path: Path,
) -> None:
    line, at = refused(tmp_path, TIER_AA_02 + PROVISIONS_AA_02, TIER_AA_02)
    assert f":{at}:" in line
    assert "AA-02 is required_where_connected but names no provision" in line
    assert "add provisions (instrument, reference, extent, in_force, source, checked)" in line
    assert "or make it good_practice (should) if none does" in line


def test_nations_beyond_the_provisions_extent_are_refused(tmp_path: Path) -> None:
    line, at = refused(tmp_path, "        nations: [E, W, S]\n", "        nations: [E, W, S, NI]\n")
    assert f":{at}:" in line
    assert "AA-01 applies in NI, but its provisions extend only to E, W, S" in line
    assert "add the provision that makes it a duty in NI (a devolved route)" in line
    assert "or remove NI from nations" in line
    # Without the devolved route, Scotland is not reached either.
    start = FORMAT_1_2.read_text(encoding="utf-8").index("          - instrument: Test (Scotland)")
    text = FORMAT_1_2.read_text(encoding="utf-8")
    devolved = text[start : text.index("        basis:", start)]
    line, _ = refused(tmp_path, devolved, "")
    assert "AA-01 applies in S, but its provisions extend only to E, W" in line


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "source: https://example.org/code-of-connection",
            "source: http://example.org/code-of-connection",
            "should match pattern '^https://",
        ),
        ("checked: 2026-06-01", f"checked: {date.today() + timedelta(days=1)}", "in the future"),
        ("reference: condition 4", "reference: ''", "at least 1 character"),
        ("extent: [E, W, S, NI]", "extent: [E, X]", "'E', 'W', 'S' or 'NI'"),
        ("extent: [E, W, S, NI]", "extent: []", "at least 1 item"),
        ("            checked: 2026-06-01\n", "", "missing required key 'checked'"),
    ],
)
def test_a_provision_must_be_whole_and_checked(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    line, _ = refused(tmp_path, PROVISIONS_AA_02, PROVISIONS_AA_02.replace(old, new))
    assert expected in line


def test_the_generated_schema_takes_provisions_and_refuses_a_misspelt_key() -> None:
    result = CliRunner().invoke(app, ["schema", "checklist"])
    assert result.exit_code == 0, result.output
    validator = jsonschema.Draft202012Validator(json.loads(result.stdout))
    for path in (FORMAT_1_1, FORMAT_1_2):
        data = json.loads(json.dumps(read_yaml(path).data, default=str))
        assert list(validator.iter_errors(data)) == [], path
    provision = data["sections"][0]["requirements"][0]["provisions"][0]
    provision["extend"] = provision.pop("extent")
    assert not validator.is_valid(data)
