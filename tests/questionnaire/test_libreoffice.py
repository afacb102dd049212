"""A questionnaire saved again by LibreOffice Calc imports the same."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compliance_check.cli import app
from compliance_check.model.answers import AnswersFile, Response, load_answers
from compliance_check.model.checklist import Answer
from tests.workbooks import FORMULA_PAYLOADS, full_answers, questionnaire, shipped

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed"),
]


def resave(source: Path, folder: Path) -> Path:
    """``source`` opened and saved again as .xlsx by LibreOffice, with a profile of its own."""
    folder.mkdir()
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return folder / source.name


def without_carriage_returns(answers: AnswersFile) -> AnswersFile:
    """Text with CR and CR LF read as line breaks: LibreOffice turns most CRs into one."""

    def fold(text: str) -> str:
        return text.replace("\r\n", "\n").replace("\r", "\n")

    responses = {
        rid: Response(
            answer=response.answer,
            note=fold(response.note) if response.note else None,
            evidence=[
                line
                for item in response.evidence
                for line in fold(item.line()).split("\n")
                if line.strip()
            ],
        )
        for rid, response in answers.responses.items()
    }
    return answers.model_copy(update={"responses": responses})


def test_a_questionnaire_saved_by_libreoffice_imports_the_same(tmp_path: Path) -> None:
    checklist = shipped()
    answers = full_answers(checklist)
    # Every payload of the formula-injection corpus as a note and as evidence.
    ids = list(checklist.requirements)
    responses = dict(answers.responses)
    for index, payload in enumerate(FORMULA_PAYLOADS):
        rid = ids[index % len(ids)]
        responses[rid] = Response(answer=Answer.NO, note=payload, evidence=[payload, "Policy v2"])
    answers = answers.model_copy(update={"responses": responses})
    form = questionnaire(tmp_path, answers=answers)
    saved = resave(form, tmp_path / "libreoffice")

    runner = CliRunner()
    imported = {}
    for name, path in (("ours", form), ("libreoffice", saved)):
        target = tmp_path / f"{name}.answers.yaml"
        result = runner.invoke(app, ["import", str(path), "-o", str(target)])
        assert result.exit_code == 0, result.output
        imported[name] = load_answers(target)
    ours, theirs = imported["ours"], imported["libreoffice"]
    assert {k: v.answer for k, v in theirs.responses.items()} == {
        k: v.answer for k, v in ours.responses.items()
    }
    assert theirs.model_dump(exclude={"responses"}) == ours.model_dump(exclude={"responses"})
    # Every other character comes back, the OOXML escapes and control characters included.
    assert without_carriage_returns(theirs) == without_carriage_returns(ours)
    assert theirs != ours  # LibreOffice did drop carriage returns (measured: CR LF -> LF)
    scores = [runner.invoke(app, ["score", str(path), "-f", "json"]) for path in (form, saved)]
    assert all(result.exit_code == 0 for result in scores)
    figures = [json.loads(result.stdout) for result in scores]
    assert figures[0]["score"] == figures[1]["score"]
    assert figures[0]["sections"] == figures[1]["sections"]
    assert [(i["id"], i["answer"], i["earned"]) for i in figures[0]["items"]] == [
        (i["id"], i["answer"], i["earned"]) for i in figures[1]["items"]
    ]
