"""Assessments, previous years and cohorts for the briefing tests, built by rule (no randomness)."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from compliance_check.cli import app
from compliance_check.model.checklist import Checklist
from tests.conftest import WriteAnswers

AUTHORITY = "Example Borough Council"
GAP_ANSWERS = ("no", "partly", "dont_know", "partly", "no")
EVIDENCE = ["https://example.gov.uk/policies/data-handling", "Board minutes, March 2026"]


def with_gaps(checklist: Checklist, gaps: int, *, unanswered: int = 0) -> dict[str, Any]:
    """Every item answered yes except ``gaps`` items spread over the checklist (answers cycling
    through no, partly and don't know, with evidence), and the last ``unanswered`` left empty."""
    ids = list(checklist.requirements)
    step = len(ids) / gaps if gaps else 1
    gap_ids = {ids[int(index * step)] for index in range(gaps)}
    responses: dict[str, Any] = {}
    for number, requirement_id in enumerate(ids):
        if number >= len(ids) - unanswered:
            continue
        if requirement_id in gap_ids:
            answer = GAP_ANSWERS[len(responses) % len(GAP_ANSWERS)]
            responses[requirement_id] = {
                "answer": answer,
                "note": "Work under way",
                "evidence": EVIDENCE,
            }
        else:
            responses[requirement_id] = {"answer": "yes"}
    return responses


def a_year_earlier(checklist: Checklist, responses: dict[str, Any]) -> dict[str, Any]:
    """Last year's answers: six items now met were not met then, two now short were met."""
    earlier = dict(responses)
    met = [rid for rid, response in responses.items() if response["answer"] == "yes"]
    short = [rid for rid, response in responses.items() if response["answer"] in ("no", "partly")]
    for requirement_id in met[:6]:
        earlier[requirement_id] = {"answer": "no"}
    for requirement_id in short[:2]:
        earlier[requirement_id] = {"answer": "yes"}
    return earlier


def write_cohort(
    runner: CliRunner, write_answers: WriteAnswers, checklist: Checklist, folder: Path
) -> Path:
    """A real cohort JSON from `batch --json`: eight authorities of three respondents each, one
    of them this council, and one authority of a single respondent (hidden by --min-group 3)."""
    folder.mkdir()
    for number in range(8):
        name = AUTHORITY if number == 3 else f"Authority {number}"
        for respondent in range(3):
            responses = with_gaps(checklist, 6 + 4 * number + respondent)
            write_answers(
                checklist,
                responses,
                f"{folder.name}/a{number}-{respondent}.yaml",
                authority=name,
                respondent={"name": f"R{respondent}", "role": "information_governance"},
            )
    write_answers(
        checklist, with_gaps(checklist, 1), f"{folder.name}/lone.yaml", authority="Lone Council"
    )
    path = folder.parent / "cohort.json"
    result = runner.invoke(
        app, ["batch", str(folder), "--json", str(path), "--jobs", "1", "--min-group", "3"]
    )
    assert result.exit_code == 0, result.output
    return path


def json_of(runner: CliRunner, *args: str | Path) -> dict[str, Any]:
    """The JSON a command prints with --format json."""
    result = runner.invoke(app, [*map(str, args), "--format", "json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


class Page(HTMLParser):
    """An HTML page taken apart: every element with its attributes, and the text in each."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text_parts: list[str] = []
        self.texts_by_tag: dict[str, list[str]] = {}
        self._open: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag not in ("meta", "br", "img", "link", "input", "rect"):
            self._open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:
            while self._open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)
        if self._open:
            self.texts_by_tag.setdefault(self._open[-1], []).append(data)

    @property
    def text(self) -> str:
        """All the text, with runs of white space made one space."""
        return " ".join(" ".join(self.text_parts).split())

    def tags(self, name: str) -> list[dict[str, str | None]]:
        """The attributes of every element named ``name``."""
        return [attrs for tag, attrs in self.elements if tag == name]
