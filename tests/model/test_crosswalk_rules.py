"""Crosswalk format 1.1: links judged against each other, and links that hold in some nations."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from compliance_check.cli import app
from compliance_check.errors import ChecklistError
from compliance_check.files.yamlio import read_yaml
from compliance_check.model.answers import AnswersFile
from compliance_check.model.base import validate_document
from compliance_check.model.checklist import Answer, load_checklist
from compliance_check.model.crosswalk import CrosswalkFile, carry_answers, check_crosswalk
from tests.conftest import answers_for

VERSIONS = Path(__file__).parents[1] / "data" / "versions"
CROSSWALK = VERSIONS / "carry-crosswalk.yaml"
NEWER = load_checklist(VERSIONS / "carry-1.2.yaml")
OLDER = load_checklist(VERSIONS / "carry-1.1.yaml")


def check(path: Path) -> CrosswalkFile:
    document = read_yaml(path)
    crosswalk = validate_document(CrosswalkFile, document, ChecklistError)
    check_crosswalk(crosswalk, NEWER, OLDER, document)
    return crosswalk


def test_links_that_agree_pass() -> None:
    assert len(check(CROSSWALK).links) == 6


def refusal(tmp_path: Path, *changes: tuple[str, str], at: str | None = None) -> tuple[str, int]:
    """The error for the fixture crosswalk with each (old, new) made, and the line of ``at``
    (default: the last new text), where the error should point."""
    text = CROSSWALK.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ChecklistError) as caught:
        check(path)
    error = caught.value
    assert error.path == path and error.location is not None
    return str(error), text[: text.index(at or changes[-1][1])].count("\n") + 1


def related(before: str, after: str, beside: str) -> tuple[str, str]:
    """The change of a link's relationship from ``before`` to ``after``; ``beside`` is the text
    after it that tells the link apart."""
    return f"relationship: {before}\n    {beside}", f"relationship: {after}\n    {beside}"


GROUP = "confidence: medium\n    rationale: Together"
X_002 = "confidence: medium\n    rationale: The new question"
X_003 = "confidence: low"
X_005 = "confidence: medium\n    rationale: The connection"


def fan_out_as(relationship: str) -> list[tuple[str, str]]:
    """The changes that make both of AA-03's pairwise links (X-002, X-003) ``relationship``."""
    return [
        related("subset-of", relationship, X_002),
        related("intersects-with", relationship, X_003),
    ]


@pytest.mark.parametrize(
    ("changes", "expected", "at"),
    [
        # A group said to put both old items inside the new AA-03, which X-002 says the old
        # AA-03 covers.
        (
            [related("subset-of", "superset-of", GROUP)],
            "X-006 says AA-03 superset-of AA-03 + BB-01, but X-002 says AA-03 subset-of AA-03: "
            "the group puts AA-03 within AA-03, so AA-03 is its superset; correct one of the two",
            None,
        ),
        # A member that alone covers the item: the group cannot merely overlap it.
        (
            [related("subset-of", "intersects-with", GROUP)],
            "AA-03 alone covers AA-03, so AA-03 + BB-01 together cover it too",
            None,
        ),
        # Members each within the item make a group within it.
        (
            fan_out_as("superset-of"),
            "X-006 says AA-03 subset-of AA-03 + BB-01, but X-002, X-003 put each of AA-03 + "
            "BB-01 within AA-03, so together they lie within it too",
            related("subset-of", "subset-of", GROUP)[1],
        ),
        (
            fan_out_as("equivalent-to"),
            "AA-03 is equivalent-to both AA-03 (X-002) and BB-01 (X-003), which makes those two "
            "the same; in a fan-out mark an edge equivalent-to only where that pair alone is "
            "equivalent",
            None,
        ),
        (
            [related("intersects-with", "equivalent-to", X_005)],
            "X-005 makes AA-02 (required_where_connected) equivalent-to AA-02 (good_practice): "
            "equivalent items bind a council alike; correct the tier that is wrong",
            None,
        ),
    ],
    ids=["group-narrower", "group-overlaps", "group-within", "fan-out", "tiers"],
)
def test_links_that_contradict_each_other_are_refused_at_their_line(
    tmp_path: Path, changes: list[tuple[str, str]], expected: str, at: str | None
) -> None:
    message, line = refusal(tmp_path, *changes, at=at)
    assert expected in message
    assert f"bad.yaml:{line}:" in message


def test_a_link_names_only_nations_where_its_items_apply(tmp_path: Path) -> None:
    message, line = refusal(tmp_path, ("nations: [E, W]", "nations: [E, NI]"))
    assert f"bad.yaml:{line}:" in message
    assert "X-001 holds in NI, where none of its sources (AA-01) applies" in message


def test_nations_on_a_link_need_format_1_1(tmp_path: Path) -> None:
    message, _ = refusal(tmp_path, ('format_version: "1.1"', 'format_version: "1.0"'))
    assert "X-001 names nations, which format 1.0 does not have; set format_version to '1.1'" in (
        message
    )


def test_checklist_validate_reports_a_broken_rule_on_one_line(tmp_path: Path) -> None:
    # The crosswalk the second review read (today's duties 1.0 to 2008 1.1), read as format
    # 1.1: its links are judged, and the contradictions the review found are refused.
    from compliance_check.model.crosswalk import shipped_crosswalk_paths

    texts = [path.read_text(encoding="utf-8") for path in shipped_crosswalk_paths()]
    reviewed = "id: uk-council-data-duties-to-lga-2008\n"
    text = next((text for text in texts if reviewed in text), None)
    if text is None:
        pytest.skip("the crosswalk the review read is no longer shipped")
    path = tmp_path / "as-1.1.yaml"
    path.write_text(text.replace("format_version: '1.0'", "format_version: '1.1'"))
    result = CliRunner().invoke(app, ["checklist", "validate", str(path)])
    assert result.exit_code == 3 and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {path}:") and "equivalent-to" in line


def carried(nation: str | None) -> dict[str, Answer | None]:
    """The proposals on 1.1 items from a 1.2 answer of yes to every item, for a council in
    ``nation``."""
    crosswalk = check(CROSSWALK)
    header = {"nation": nation} if nation else {}
    given = answers_for(NEWER, dict.fromkeys(NEWER.requirements, "yes"), **header)
    into = AnswersFile.model_validate(
        {**answers_for(OLDER, {}, **header).model_dump(), "responses": {}}
    )
    result, _ = carry_answers(crosswalk, NEWER, given, OLDER, into)
    return {
        item: response.proposal.answer
        for item, response in result.responses.items()
        if response.proposal is not None
    }


def test_a_link_that_holds_in_some_nations_proposes_only_there() -> None:
    assert carried("W")["AA-01"] is Answer.YES
    assert "AA-01" not in carried("S")
    # Where the council's nation is not known, the link proposes nothing rather than guess.
    assert "AA-01" not in carried(None)
    # Links without nations propose everywhere.
    assert carried("S")["BB-02"] is Answer.YES


def test_the_generated_schema_takes_a_link_s_nations() -> None:
    result = CliRunner().invoke(app, ["schema", "crosswalk"])
    assert result.exit_code == 0, result.output
    validator = jsonschema.Draft202012Validator(json.loads(result.stdout))
    data = json.loads(json.dumps(read_yaml(CROSSWALK).data, default=str))
    assert list(validator.iter_errors(data)) == []
    data["links"][0]["nations"] = ["E", "X"]
    assert not validator.is_valid(data)
