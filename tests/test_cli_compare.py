"""`compliance-check compare`: exit codes, both streams, JSON, warnings, the progress workbook."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner, Result

from compliance_check.cli import app
from compliance_check.files.yamlio import write_yaml
from compliance_check.model.checklist import Checklist, Priority
from compliance_check.model.compare import Change
from compliance_check.pages.labels import ANSWER_LABEL, CHANGE_LABEL
from tests.conftest import MINI_CHECKLIST, WriteAnswers, every
from tests.model.test_compare import NA_NOTE, next_version


def run(runner: CliRunner, *args: str | Path) -> Result:
    return runner.invoke(app, ["compare", *map(str, args)])


def first_must(checklist: Checklist) -> str:
    return next(r.id for r in checklist.requirements.values() if r.priority is Priority.MUST)


@pytest.fixture
def newer_checklist(tmp_path: Path, mini: Checklist) -> Path:
    """The mini checklist's next version (AA-02 removed, BB-03 and CC-01 added) as a file."""
    path = tmp_path / "mini-2.2.yaml"
    write_yaml(path, next_version(mini).model_dump(mode="json", exclude_none=True))
    return path


@pytest.fixture
def two_versions(
    write_answers: WriteAnswers, mini: Checklist, newer_checklist: Path
) -> tuple[Path, Path]:
    """Answers to version 2.1 and to version 2.2, with notes that changed, one a formula."""
    newer = next_version(mini)
    before = write_answers(
        mini,
        {
            "AA-01": {"answer": "no", "note": "Drafting [bold]policy[/]"},
            "AA-02": {"answer": "not_applicable", "note": NA_NOTE},
            "BB-01": {"answer": "dont_know"},
            "BB-02": {"answer": "yes", "note": "In place"},
        },
        "2025.answers.yaml",
        assessed_on="2025-11-20",
    )
    after = write_answers(
        newer,
        {
            "AA-01": {"answer": "yes", "note": "=1+1"},
            "BB-01": {"answer": "partly"},
            "BB-02": {"answer": "dont_know", "note": "In place"},
            "BB-03": {"answer": "no", "note": "@SUM(A1)"},
        },
        "2026.answers.yaml",
    )
    return before, after


def checklist_options(newer_checklist: Path) -> list[str]:
    return ["--checklist-before", str(MINI_CHECKLIST), "--checklist-after", str(newer_checklist)]


def test_help_has_an_example(runner: CliRunner) -> None:
    result = run(runner, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout and "compliance-check compare" in result.stdout


def test_a_file_compared_with_itself_reports_no_change(
    runner: CliRunner, write_answers: WriteAnswers, shipped: Checklist
) -> None:
    path = write_answers(shipped, {**every(shipped, "yes"), first_must(shipped): "partly"})
    result = run(runner, path, path, "--fail-on-regression")
    assert result.exit_code == 0, result.output
    assert "No change: every item has the same answer" in result.stdout
    assert "Regressed: 0" in result.stdout and "Improved: 0" in result.stdout
    assert "(+0.0 pts)" in result.stdout
    assert result.stderr == ""


def test_one_must_item_from_yes_to_no_is_exactly_one_regression(
    runner: CliRunner, write_answers: WriteAnswers, shipped: Checklist
) -> None:
    must = first_must(shipped)
    before = write_answers(shipped, every(shipped, "yes"), "2025.answers.yaml")
    after = write_answers(shipped, {**every(shipped, "yes"), must: "no"}, "2026.answers.yaml")

    plain = run(runner, before, after)
    assert plain.exit_code == 0, plain.output
    assert "Regressed (1)" in plain.stdout and must in plain.stdout
    assert plain.stderr == ""

    result = run(runner, before, after, "--fail-on-regression", "--format", "json")
    assert result.exit_code == 1, result.output
    assert result.stderr == "1 item regressed (--fail-on-regression).\n"
    data = json.loads(result.stdout)
    (item,) = data["groups"]["regressed"]
    assert (item["id"], item["answer_before"], item["answer_after"]) == (must, "yes", "no")
    assert item["points_change"] == -shipped.weight_of(shipped.requirements[must])
    others = {name: items for name, items in data["groups"].items() if name != "regressed"}
    assert len(others.pop("unchanged")) == len(shipped.requirements) - 1
    assert all(items == [] for items in others.values())
    assert data["score"]["before"] == 100.0
    assert data["score"]["change"] == round(data["score"]["after"] - 100.0, 2)


def test_different_authorities_are_compared_with_a_warning(
    runner: CliRunner, write_answers: WriteAnswers, mini: Checklist
) -> None:
    ours = write_answers(mini, {"AA-01": "yes"}, "ours.yaml")
    theirs = write_answers(mini, {"AA-01": "no"}, "theirs.yaml", authority="Other County Council")
    result = run(
        runner,
        ours,
        theirs,
        "--checklist-before",
        MINI_CHECKLIST,
        "--checklist-after",
        MINI_CHECKLIST,
    )
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("warning: BEFORE is from 'Test Borough Council' and AFTER ")
    assert "two different authorities" in " ".join(result.stderr.split())
    assert "Regressed (1)" in result.stdout


def test_files_the_wrong_way_round_are_warned_about(
    runner: CliRunner, write_answers: WriteAnswers, mini: Checklist
) -> None:
    old = write_answers(mini, {}, "old.yaml", assessed_on="2025-01-01")
    new = write_answers(mini, {}, "new.yaml", assessed_on="2026-01-01")
    options = ["--checklist-before", MINI_CHECKLIST, "--checklist-after", MINI_CHECKLIST]
    assert run(runner, old, new, *options).stderr == ""
    result = run(runner, new, old, *options)
    assert result.exit_code == 0
    assert "wrong way round" in " ".join(result.stderr.split())


def test_profile_applies_to_both_files(
    runner: CliRunner, write_answers: WriteAnswers, mini: Checklist
) -> None:
    core = write_answers(mini, every(mini, "yes"), "core.yaml", profile="core")
    full = write_answers(mini, every(mini, "yes"), "full.yaml")
    options = ["--checklist-before", MINI_CHECKLIST, "--checklist-after", MINI_CHECKLIST]
    mixed = run(runner, core, full, *options, "-f", "json")
    assert mixed.exit_code == 0, mixed.output
    assert "pass --profile" in " ".join(mixed.stderr.split())
    assert json.loads(mixed.stdout)["counts"]["added"] == 2
    same = run(runner, core, full, *options, "-f", "json", "--profile", "core")
    assert same.exit_code == 0 and same.stderr == ""
    assert json.loads(same.stdout)["no_change"] is True


def test_a_new_checklist_version_lists_added_and_removed_items(
    runner: CliRunner, two_versions: tuple[Path, Path], newer_checklist: Path
) -> None:
    result = run(runner, *two_versions, *checklist_options(newer_checklist))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Mini checklist v2.1 → v2.2" in out
    assert "Removed (only in BEFORE) (1)" in out and "Added (only in AFTER) (2)" in out
    assert "Newly known (1)" in out and "Regressed (1)" in out and "Improved (1)" in out
    # A note is shown as written: brackets are not read as Rich markup.
    assert "Drafting [bold]policy[/]" in out and "=1+1" in out


def test_json_has_a_stable_shape_and_every_figure(
    runner: CliRunner, two_versions: tuple[Path, Path], newer_checklist: Path
) -> None:
    result = run(runner, *two_versions, *checklist_options(newer_checklist), "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["format"], data["format_version"]) == ("compliance-check/comparison", "1.0")
    assert list(data["groups"]) == list(data["counts"]) == [change.value for change in Change]
    assert {name: len(items) for name, items in data["groups"].items()} == data["counts"]
    assert (data["before"]["checklist"]["version"], data["after"]["checklist"]["version"]) == (
        "2.1",
        "2.2",
    )
    assert data["version_changed"] is True and data["no_change"] is False
    assert [s["id"] for s in data["sections"]] == ["AA", "BB", "CC"]
    assert data["sections"][2]["before"] is None and data["sections"][2]["change"] is None
    assert [item["id"] for item in data["groups"]["removed"]] == ["AA-02"]
    assert data["groups"]["removed"][0]["in_after"] is False
    assert data["notes_changed"] == ["AA-01"]


def test_two_different_checklists_are_invalid_input(
    runner: CliRunner, write_answers: WriteAnswers, mini: Checklist, shipped: Checklist
) -> None:
    ours = write_answers(mini, {}, "mini.yaml")
    lga = write_answers(shipped, {}, "lga.yaml")
    result = run(runner, ours, lga, "--checklist-before", MINI_CHECKLIST)
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "same checklist" in result.stderr


@pytest.mark.parametrize("name", ["progress.csv", "missing-folder/progress.xlsx"])
def test_a_bad_output_path_is_refused_before_any_work(
    runner: CliRunner,
    two_versions: tuple[Path, Path],
    newer_checklist: Path,
    tmp_path: Path,
    name: str,
) -> None:
    target = tmp_path / name
    result = run(runner, *two_versions, *checklist_options(newer_checklist), "-o", target)
    assert result.exit_code == 3
    assert result.stdout == "" and result.stderr.startswith("error: ")
    assert not target.exists()


def test_a_failed_run_leaves_an_existing_workbook_alone(
    runner: CliRunner, two_versions: tuple[Path, Path], tmp_path: Path
) -> None:
    target = tmp_path / "progress.xlsx"
    target.write_bytes(b"last year's workbook")
    # Without --checklist-after the 2.2 answers name a checklist version that is not shipped.
    result = run(runner, *two_versions, "--checklist-before", MINI_CHECKLIST, "-o", target)
    assert result.exit_code == 3, result.output
    assert target.read_bytes() == b"last year's workbook"


def _rows(path: Path, name: str) -> tuple[list[list[Any]], list[list[Any]]]:
    """A sheet's rows read by openpyxl and by calamine, empty cells as ''."""
    sheet = openpyxl.load_workbook(path)[name]
    by_openpyxl = [
        ["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)
    ]
    by_calamine = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()
    return by_openpyxl, by_calamine


def test_the_workbook_holds_every_item_the_scores_and_a_chart(
    runner: CliRunner, two_versions: tuple[Path, Path], newer_checklist: Path, tmp_path: Path
) -> None:
    target = tmp_path / "progress.xlsx"
    options = [*checklist_options(newer_checklist), "-f", "json", "-o", str(target)]
    result = run(runner, *two_versions, *options)
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Wrote {target}\n"
    data = json.loads(result.stdout)

    workbook = openpyxl.load_workbook(target)
    assert workbook.sheetnames == ["Summary", "Progress"]
    for sheet in workbook.worksheets:
        assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)

    def answer(item: dict[str, Any], side: str) -> str:
        if not item[f"in_{side}"]:
            return ""
        return ANSWER_LABEL[item[f"answer_{side}"]]

    # Worse first: regressed (to unknown apart), still open, then better, then the rest.
    groups = [
        "Regressed", "Newly unknown", "Still open", "Improved", "Newly known",
        "No longer not applicable", "Newly not applicable", "Unchanged",
        CHANGE_LABEL[Change.ADDED], CHANGE_LABEL[Change.REMOVED],
    ]  # fmt: skip

    def group(item: dict[str, Any]) -> str:
        label = CHANGE_LABEL[Change(item["change"])]
        unknown = item["in_after"] and item["answer_after"] in (None, "dont_know")
        return "Newly unknown" if label == "Regressed" and unknown else label

    items = [item for items in data["groups"].values() for item in items]
    items.sort(key=lambda item: groups.index(group(item)))
    expected = [
        [
            item["id"],
            item["section"],
            item["title"],
            item["priority"].capitalize(),
            answer(item, "before"),
            answer(item, "after"),
            group(item),
            item["points_change"] if item["points_change"] is not None else "",
            item["note_before"] or "",
            item["note_after"] or "",
        ]
        for item in items
    ]
    for rows in _rows(target, "Progress"):
        assert rows[0][:4] == ["Id", "Section", "Title", "Priority"]
        # The answers and notes are headed by their dates.
        assert rows[0][4:6] == ["Answer 20 Nov 2025", "Answer 25 Nov 2026"]
        assert rows[1:] == expected
    assert {"=1+1", "@SUM(A1)"} <= {value for row in expected for value in row}
    progress = workbook["Progress"]
    assert progress.oddFooter.right.text == "Page &P of &N" and "Progress" in progress.tables

    for rows in _rows(target, "Summary"):
        figures = {row[0]: row[2:5] for row in rows if row[0] in {"Overall", "AA", "BB", "CC"}}

        def shown(figure: float | None) -> float | str:
            return "" if figure is None else round(figure / 100, 4)

        before, after, change = (data["score"][key] for key in ("before", "after", "change"))
        assert figures["Overall"] == [shown(before), shown(after), change]
        for section in data["sections"]:
            values = [shown(section["before"]), shown(section["after"]), section["change"]]
            assert figures[section["id"]] == ["" if v is None else v for v in values]
        counts = {row[0]: row[1] for row in rows if row[0] in groups}
        assert sum(counts.values()) == len(items)
        assert counts["Improved"] == data["counts"]["improved"]
        assert counts["Regressed"] + counts["Newly unknown"] == data["counts"]["regressed"]

    (chart,) = workbook["Summary"]._charts
    assert chart.tagname == "barChart" and len(chart.series) == 2


def test_an_existing_workbook_is_replaced_only_with_force(
    runner: CliRunner, two_versions: tuple[Path, Path], newer_checklist: Path, tmp_path: Path
) -> None:
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"owners and dates typed in")
    args = [*two_versions, *checklist_options(newer_checklist), "-o", target]
    refused = run(runner, *args)
    assert refused.exit_code == 3 and refused.stdout == ""
    assert "already exists" in refused.stderr and "--force" in refused.stderr
    assert target.read_bytes() == b"owners and dates typed in"
    replaced = run(runner, *args, "--force")
    assert replaced.exit_code == 0, replaced.output
    assert openpyxl.load_workbook(target).sheetnames


def test_across_versions_every_output_splits_the_change_and_gives_the_plan(
    runner: CliRunner,
    write_answers: WriteAnswers,
    shipped_1_0: Checklist,
    shipped_1_1: Checklist,
    tmp_path: Path,
) -> None:
    # The same answers to 1.0 and 1.1: every point of change is the checklist's re-grading.
    regraded = [
        rid
        for rid, item in shipped_1_1.requirements.items()
        if item.priority is not shipped_1_0.requirements[rid].priority
    ]
    responses: dict[str, Any] = {
        rid: {"answer": "no" if rid in regraded else "yes"} for rid in shipped_1_0.requirements
    }
    late = {"owner": "SIRO", "target_date": "2026-01-31", "status": "in_progress"}
    before = write_answers(
        shipped_1_0,
        {**responses, regraded[0]: {"answer": "no", "actions": late}},
        "2025.answers.yaml",
        assessed_on="2025-11-20",
    )
    after = write_answers(shipped_1_1, responses, "2026.answers.yaml")
    target = tmp_path / "progress.xlsx"

    shown = run(runner, before, after, "-o", target)
    data = json.loads(run(runner, before, after, "-f", "json").stdout)

    assert shown.exit_code == 0, shown.output
    score_data = data["score"]
    like = score_data["like_for_like"]
    assert (like["scored_under_version"], like["items"]) == ("1.1", len(shipped_1_1.requirements))
    assert like["change"] == 0 and score_data["council_change"] == 0
    assert score_data["checklist_change"] == score_data["change"] != 0
    text = " ".join(shown.stdout.split())
    assert (
        f"Like for like (the {like['items']} items both versions hold, both scored under v1.1)"
        in text
    )
    assert (
        f"Of the headline's {score_data['change']:+.1f} points, the council's change is +0.0 "
        f"and the checklist's change {score_data['checklist_change']:+.1f}." in text
    )
    assert data["actions"]["overdue"] == [regraded[0]]
    assert data["actions"]["carried_forward"] == [regraded[0]]
    for rows in _rows(target, "Summary"):
        first_page = {row[0]: row[1:5] for row in rows if row[0]}
        assert first_page["Like for like"][1:4] == [
            round(like["before"] / 100, 4),
            round(like["after"] / 100, 4),
            0,
        ]
        assert first_page["The council's change"][3] == 0
        assert first_page["The checklist's change"][3] == score_data["checklist_change"]
        rag = {"red": "RED", "amber": "AMBER", "green": "GREEN"}
        assert first_page["Rating"][0] == (
            f"{rag[score_data['rag_before']]} → {rag[score_data['rag_after']]}"
        )
        # The terminal's sentence, word for word.
        assert first_page["Action plan"][0].startswith("Action plan on ")
        assert first_page["Action plan"][0] in text
        assert first_page["Overdue"][0] == regraded[0]


def test_a_comparison_without_actions_says_so_on_the_workbook(
    runner: CliRunner, two_versions: tuple[Path, Path], newer_checklist: Path, tmp_path: Path
) -> None:
    target = tmp_path / "progress.xlsx"
    result = run(runner, *two_versions, *checklist_options(newer_checklist), "-o", target)
    assert result.exit_code == 0, result.output
    assert "Action plan" not in result.stdout
    for rows in _rows(target, "Summary"):
        first_page = {row[0]: row[1] for row in rows if row[0]}
        assert first_page["Action plan"] == "No action is recorded in either file."
        assert "Overdue" not in first_page
