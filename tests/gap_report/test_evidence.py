"""What the yes answers rest on, beside the score: in score, its JSON, the gap report, the brief."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
from typer.testing import CliRunner

from compliance_check.briefing.html import render_html
from compliance_check.briefing.model import build_briefing
from compliance_check.cli import app
from compliance_check.model.answers import save_answers
from compliance_check.model.checklist import Checklist
from compliance_check.model.scoring import score
from tests.conftest import MINI_CHECKLIST, answers_for, every

RESPONSES = {
    "AA-01": {"answer": "yes", "evidence": [{"reference": "audit", "dated": "2026-06-01"}]},
    "AA-02": {"answer": "yes", "evidence": [{"reference": "policy", "dated": "2019-04-01"}]},
    "BB-01": {"answer": "yes", "evidence": ["minutes"]},
}


def invoke(*args: Any) -> Any:
    return CliRunner().invoke(app, [str(arg) for arg in args])


def answers_file(tmp_path: Path, mini: Checklist) -> Path:
    path = tmp_path / "council.answers.yaml"
    save_answers(path, answers_for(mini, {**every(mini, "yes"), **RESPONSES}))
    return path


def test_score_says_what_the_yes_answers_rest_on(tmp_path: Path, mini: Checklist) -> None:
    path = answers_file(tmp_path, mini)
    table = invoke("score", path, "-c", MINI_CHECKLIST, "--plain")
    assert table.exit_code == 0, table.output
    words = " ".join(table.stdout.split())
    assert (
        "Of the 4 yes answers, 1 rests on evidence dated within 12 months before the assessment, "
        "1 on older evidence (or evidence past its review date), 1 on undated references and 1 "
        "on no evidence at all." in words
    )
    data = json.loads(invoke("score", path, "-c", MINI_CHECKLIST, "-f", "json").stdout)
    assert data["yes_evidence"] == {"current": 1, "stale": 1, "undated": 1, "none": 1}
    ages = {item["id"]: item["evidence_age"] for item in data["items"]}
    assert ages == {"AA-01": "current", "AA-02": "stale", "BB-01": "undated", "BB-02": "none"}


def test_the_gap_report_lists_the_stale_and_missing(tmp_path: Path, mini: Checklist) -> None:
    path = answers_file(tmp_path, mini)
    report = tmp_path / "gap.xlsx"
    result = invoke("report", path, "-c", MINI_CHECKLIST, "-o", report)
    assert result.exit_code == 0, result.output
    rows = list(openpyxl.load_workbook(report)["Evidence to check"].iter_rows(values_only=True))
    assert [row[:3] for row in rows[1:]] == [
        ("AA-02", mini.requirements["AA-02"].title, "Older than 12 months at the assessment"),
        ("BB-02", mini.requirements["BB-02"].title, "Answered yes with no evidence"),
    ]
    summary = openpyxl.load_workbook(report)["Summary"]
    facts = {row[0]: row[1] for row in summary.iter_rows(max_col=2, values_only=True)}
    assert facts["Yes answers' evidence"] == "1 current, 1 stale, 1 undated, 1 none"


def test_the_briefing_says_it_too(mini: Checklist) -> None:
    answers = answers_for(mini, {**every(mini, "yes"), **RESPONSES})
    page = render_html(build_briefing(mini, answers, score(mini, answers)))
    assert "Of the 4 yes answers, 1 rests on evidence dated within 12 months" in page
