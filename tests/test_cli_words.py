"""Words that fit the checklist in use: nothing about today's duties speaks of 2008."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from compliance_check.cli import app
from compliance_check.model.checklist import find_shipped_checklist

DUTIES = "uk-council-data-duties"
LGA = "lga-data-handling-2008"


def test_checklist_show_and_the_template_of_today_s_duties_never_say_2008(
    runner: CliRunner,
) -> None:
    shown = runner.invoke(app, ["checklist", "show", DUTIES], env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    assert "2008" not in shown.stdout
    duties = find_shipped_checklist(DUTIES)
    assert all(item.id in shown.stdout for item in duties.requirements.values())
    template = runner.invoke(app, ["template", "--checklist", DUTIES])
    assert template.exit_code == 0, template.output
    assert "2008" not in template.stdout
    assert "Asks about: your council's arrangements now, against today's" in template.stdout
    # The 2008 checklist's own words stay its own.
    lga = runner.invoke(app, ["template", "--checklist", LGA])
    assert "Asks about: your council's arrangements now, against the 2008 expectation" in (
        lga.stdout
    )


@pytest.mark.parametrize("plain", [False, True])
def test_the_wizard_s_guidance_for_today_s_duties_never_says_2008(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plain: bool
) -> None:
    monkeypatch.chdir(tmp_path)
    items = find_shipped_checklist(DUTIES).requirements
    args = [
        "assess", "--checklist", DUTIES, "--authority", "Test Borough Council",
        "--authority-type", "district", "--role", "information_governance",
        "--date", "2026-11-25", "--profile", "full", *(["--plain"] if plain else []),
    ]  # fmt: skip
    # At every question: ? for the guidance, then s to skip to the next.
    result = runner.invoke(app, args, input="?\ns\n" * len(items) + "n\n")
    assert result.exit_code == 0, result.output
    assert result.stdout.count("Guidance for ") == len(items)
    said = " ".join(result.stdout.split())
    assert "against today's data protection duties" in said
    # The labels and notes around each item's own words never speak of 2008 (the words are
    # the checklist's content, which its changelog answers for).
    for item in items.values():
        for words in (item.expectation, item.guidance, *item.evidence_examples):
            said = said.replace(" ".join(words.split()), "")
    assert "2008" not in said
