"""`batch` around the scoring: outputs refused before any work, the files written together."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compliance_check.cohort.run import BatchRequest, check_batch, run_batch
from compliance_check.errors import ChecklistError, OutputError
from compliance_check.model.checklist import Checklist
from tests.conftest import MINI_CHECKLIST, WriteAnswers, every


def test_outputs_and_the_profile_are_checked_before_any_file_is_read(tmp_path: Path) -> None:
    nowhere = [tmp_path / "no-submissions-here"]
    with pytest.raises(OutputError, match=r"must end in \.json"):
        check_batch(BatchRequest(nowhere, json_path=tmp_path / "cohort.yaml"))
    taken = tmp_path / "cohort.csv"
    taken.write_text("last year's\n", encoding="utf-8")
    with pytest.raises(OutputError):
        check_batch(BatchRequest(nowhere, csv_path=taken))
    assert taken.read_text(encoding="utf-8") == "last year's\n"
    with pytest.raises(ChecklistError, match="unknown profile 'nonesuch'"):
        check_batch(BatchRequest(nowhere, profile="nonesuch"))


def test_the_cohort_is_scored_and_its_files_written(
    write_answers: WriteAnswers, mini: Checklist, tmp_path: Path
) -> None:
    write_answers(mini, every(mini, "yes"), name="a.answers.yaml", authority="Alpha Council")
    write_answers(mini, every(mini, "no"), name="b.answers.yaml", authority="Beta Council")
    request = BatchRequest(
        [tmp_path],
        json_path=tmp_path / "out" / "cohort.json",
        csv_path=tmp_path / "out" / "cohort.csv",
        jobs=1,
        checklists=[MINI_CHECKLIST],
    )
    (tmp_path / "out").mkdir()

    result = run_batch(request, check_batch(request))

    assert (result.overview.files, result.overview.scored) == (2, 2)
    assert request.outputs == [request.json_path, request.csv_path]
    data = json.loads((tmp_path / "out" / "cohort.json").read_text(encoding="utf-8"))
    scores = {authority["name"]: authority["score"] for authority in data["authorities"]}
    assert scores == {"Alpha Council": 100, "Beta Council": 0}
    csv = (tmp_path / "out" / "cohort.csv").read_text(encoding="utf-8")
    assert "Alpha Council" in csv and "Beta Council" in csv


@pytest.mark.parametrize("meanwhile", ["cohort.json", "cohort.xlsx"])
def test_an_output_another_run_wrote_meanwhile_is_not_replaced_without_force(
    write_answers: WriteAnswers, mini: Checklist, tmp_path: Path, meanwhile: str
) -> None:
    write_answers(mini, every(mini, "yes"), name="a.answers.yaml", authority="Alpha Council")
    out = tmp_path / "out"
    out.mkdir()
    request = BatchRequest(
        [tmp_path / "a.answers.yaml"],
        output=out / "cohort.xlsx",
        json_path=out / "cohort.json",
        jobs=1,
        checklists=[MINI_CHECKLIST],
    )
    checked = check_batch(request)
    (out / meanwhile).write_text("the other run's", encoding="utf-8")
    with pytest.raises(OutputError, match="it appeared while this command ran"):
        run_batch(request, checked)
    assert (out / meanwhile).read_text(encoding="utf-8") == "the other run's"
    assert not [path for path in out.iterdir() if path.name.endswith(".tmp")]
