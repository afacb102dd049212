"""Comparing an assessment against checklist 1.0 with one against 1.1: re-graded items apart."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from compliance_check.checklist import Checklist, Priority
from compliance_check.cli import app
from compliance_check.compare import revisions
from tests.conftest import WriteAnswers, every

REGRADED = {
    "GOV-01", "GOV-02", "GOV-08", "RISK-04", "CLS-01", "ACC-04",
    "RET-01", "RET-02", "RET-03", "PUB-01", "SHR-02", "INC-04", "SEC-05", "TRF-01", "TRF-03",
    "TRF-05",
}  # fmt: skip


def test_revisions_are_the_items_whose_priority_changed(
    shipped: Checklist, shipped_1_0: Checklist
) -> None:
    found = {revision.requirement_id: revision for revision in revisions(shipped_1_0, shipped)}
    assert set(found) == REGRADED
    assert found["RET-01"].priority_before is Priority.SHOULD
    assert found["RET-01"].priority_after is Priority.MUST
    assert not any(revision.reworded for revision in found.values())
    assert all(revision.why for revision in found.values())
    assert revisions(shipped, shipped) == ()


def test_compare_of_a_1_0_and_a_1_1_file_reports_the_regraded_items_apart(
    runner: CliRunner, write_answers: WriteAnswers, shipped: Checklist, shipped_1_0: Checklist
) -> None:
    before = write_answers(shipped_1_0, every(shipped_1_0, "yes"), name="2025.answers.yaml")
    after = write_answers(shipped, every(shipped, "yes"), name="2026.answers.yaml")
    result = runner.invoke(app, ["compare", str(before), str(after), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["version_changed"] is True
    revised = {item["id"]: item for item in data["revised_between_versions"]}
    assert set(revised) == REGRADED
    assert (revised["GOV-01"]["priority_before"], revised["GOV-01"]["priority_after"]) == (
        "must",
        "should",
    )
    table = runner.invoke(app, ["compare", str(before), str(after)], env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    assert "Changed by the checklist, not by the council: v1.0 → v1.1 (16)" in table.stdout
    assert "re-graded between checklist v1.0 and v1.1" in " ".join(table.stderr.split())
