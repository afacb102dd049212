"""`compliance-check batch`: exit codes, both streams, the workbook, JSON and CSV, acceptance."""

from __future__ import annotations

import csv
import errno
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner, Result

from compliance_check.cli import app
from compliance_check.cohort.tables import SIGN_OFF_LABEL
from compliance_check.model.answers import AuthorityType, Role, RoleGroup, save_answers
from compliance_check.model.checklist import Answer, Checklist
from compliance_check.model.scoring import Rag
from compliance_check.pages.labels import (
    ANSWER_LABEL,
    AUTHORITY_TYPE_LABEL,
    ROLE_GROUP_LABEL,
    ROLE_LABEL,
)
from compliance_check.pages.workbook import RAG_FILL
from compliance_check.signing.verdict import Standing
from tests.cohort.test_batch import SCORES, mini_version, write, write_known_cohort
from tests.conftest import MINI_CHECKLIST, answers_for
from tests.test_corpus import FOLDERS, corpus  # noqa: F401 - a fixture, taken by name

SHEETS = [
    "Overview",
    "Survey",
    "Authorities",
    "Authority gaps",
    "Requirements",
    "Roles",
    "Disagreement",
    "Respondents",
    "Rejected",
    "Conflicts",
    "Method",
]
ANSWER_KEYS = ["yes", "partly", "no", "dont_know", "not_applicable", "unanswered"]
GROUPS = ["leadership", "technology", "departmental", "information_governance"]


def run(runner: CliRunner, *args: str | Path) -> Result:
    return runner.invoke(app, ["batch", *map(str, args)])


def rows_of(path: Path, name: str) -> list[list[Any]]:
    """A sheet's rows, read by openpyxl and by calamine, which must agree; empty cells None.

    Percentages are stored as fractions under a % format; they come back as the percentages
    the JSON and CSV give (50.0 for 0.5), so that the figures compare.
    """

    def tidy(rows: list[list[Any]]) -> list[list[Any]]:
        tidied = []
        for row in rows:
            values = [None if value == "" else value for value in row]
            while values and values[-1] is None:
                values.pop()
            tidied.append(values)
        while tidied and not tidied[-1]:
            tidied.pop()
        return tidied

    sheet = openpyxl.load_workbook(path)[name]
    by_openpyxl = tidy([list(row) for row in sheet.iter_rows(values_only=True)])
    by_calamine = tidy(CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python())
    assert by_openpyxl == by_calamine, name
    percent = [
        [isinstance(c.value, int | float) and c.number_format.endswith("%") for c in row]
        for row in sheet.iter_rows()
    ]
    return [
        [round(v * 100, 2) if percent[r][c] else v for c, v in enumerate(row)]
        for r, row in enumerate(by_openpyxl)
    ]


def table_rows(rows: list[list[Any]], first_heading: str) -> list[list[Any]]:
    """The data rows of the table whose heading row starts with ``first_heading``."""
    top = next(index for index, row in enumerate(rows) if row and row[0] == first_heading)
    data = []
    for row in rows[top + 1 :]:
        if not row:
            break
        data.append(row)
    return data


@pytest.fixture
def cohort(tmp_path: Path, mini: Checklist) -> dict[str, Path]:
    return write_known_cohort(tmp_path / "cohort", mini)


@pytest.fixture
def outputs(
    runner: CliRunner, cohort: dict[str, Path], tmp_path: Path
) -> tuple[Result, Path, dict[str, Any], Path]:
    """The known cohort scored into a workbook, JSON and CSV."""
    workbook, json_path, csv_path = tmp_path / "c.xlsx", tmp_path / "c.json", tmp_path / "c.csv"
    result = run(
        runner,
        tmp_path / "cohort",
        "--checklist",
        MINI_CHECKLIST,
        "-o",
        workbook,
        "--json",
        json_path,
        "--csv",
        csv_path,
        "--fail-under",
        "60",
    )
    return result, workbook, json.loads(json_path.read_text(encoding="utf-8")), csv_path


def test_streams_and_exit_code_with_a_rejected_file(
    runner: CliRunner, outputs: tuple[Result, Path, dict[str, Any], Path], cohort: dict[str, Path]
) -> None:
    result, workbook, _, csv_path = outputs
    assert result.exit_code == 3, result.output
    assert result.stdout.endswith("\n7 files: 6 scored, 1 rejected\n")
    assert "Respondents counted" in result.stdout and "Most often not met: BB-02" in result.stdout
    alone = runner.invoke(app, ["score", str(cohort["broken.yaml"])])
    lines = result.stderr.splitlines()
    assert lines[0] == alone.stderr.rstrip("\n")  # the same line `score` prints
    assert lines[1].startswith("warning: 1 duplicate file not counted")
    assert lines[2:5] == [
        f"Wrote {workbook}",
        f"Wrote {workbook.with_suffix('.json')}",
        f"Wrote {csv_path}",
    ]
    # --fail-under is still judged and reported; the rejected file decides the exit code.
    assert lines[5] == "Below --fail-under 60%: East Council (25.0%), South Council (56.2%)."
    assert len(lines) == 6 and "Scoring" not in result.stderr


def test_the_json_carries_the_known_figures(
    outputs: tuple[Result, Path, dict[str, Any], Path],
) -> None:
    _, _, data, _ = outputs
    assert data["format"] == "compliance-check/cohort"
    assert data["counts"] == {
        "files": 7,
        "scored": 6,
        "rejected": 1,
        "duplicates": 1,
        "conflicting": 0,
        "respondents": 5,
        "authorities": 3,
    }
    scores = data["scores"]
    assert (scores["mean"], scores["median"], scores["min"], scores["max"]) == (
        round(sum(SCORES.values()) / 5, 2),
        62.5,
        25.0,
        100.0,
    )
    assert (scores["fully_compliant"], scores["percent_fully_compliant"]) == (1, 20.0)
    assert [band["respondents"] for band in scores["histogram"]] == [0, 0, 1, 0, 0, 1, 2, 0, 0, 1]
    assert data["survey_2009"] == [
        {
            "id": "AA-01",
            "title": "First must",
            "figure_from_version": "2.1",
            "baseline": {
                "source": "Test survey",
                "year": 2009,
                "figure": 40.0,
                "measures": "yes",
                "measures_text": None,
                "population": None,
                "n": None,
                "comparable": "direct",
                "yes": "40%",
                "caveat": None,
            },
            "cohort_same_measure": 60.0,
            "percent_yes": 60.0,
            "change": 20.0,
            "hidden": False,
        }
    ]
    bb02 = data["requirements"][3]
    assert (bb02["id"], bb02["rank"], bb02["percent_not_met"]) == ("BB-02", 1, 60.0)
    assert bb02["counts"] == dict(zip(ANSWER_KEYS, [2, 0, 1, 1, 0, 1], strict=True))
    assert bb02["percents"] == dict(zip(ANSWER_KEYS, [40.0, 0, 20.0, 20.0, 0, 20.0], strict=True))
    assert {group: figure["percent_yes"] for group, figure in bb02["roles"].items()} == dict(
        zip(GROUPS, [100.0, 0.0, 50.0, 0.0], strict=True)
    )
    assert (bb02["disconnect"], bb02["disconnect_flagged"]) == (50.0, True)
    north = data["authorities"][1]
    assert north["name"] == "North Council" and north["score"] == 84.38
    assert north["sections"] == {"AA": round(100 * (1 + 0.5 / 3) / 2, 2), "BB": 100.0}
    assert north["gaps"] == [
        {"id": "AA-01", "lowest_answer": "no"},
        {"id": "AA-02", "lowest_answer": "partly"},
    ]
    assert (north["items_differing"], north["percent_differing"]) == (["AA-01", "AA-02"], 50.0)
    assert [a["below_threshold"] for a in data["authorities"]] == [True, False, True]
    counted = {Path(r["file"]).name: (r["score"], r["counted"]) for r in data["respondents"]}
    assert counted == {
        **{Path(name).name: (score, True) for name, score in SCORES.items()},
        "di-first-try.yaml": (SCORES["south/deep/di.yaml"], False),
    }


def test_every_workbook_figure_matches_the_json(
    outputs: tuple[Result, Path, dict[str, Any], Path],
) -> None:
    _, workbook, data, _ = outputs
    # No file in conflict: the Conflicts sheet, with nothing to show, is left out.
    assert data["conflicts"] == []
    assert openpyxl.load_workbook(workbook).sheetnames == [s for s in SHEETS if s != "Conflicts"]

    overview = rows_of(workbook, "Overview")
    figures = {row[0]: row[1] for row in table_rows(overview, "Figure")}
    counts, scores = data["counts"], data["scores"]
    assert figures == {
        "Files found": counts["files"],
        "Scored": counts["scored"],
        "Rejected": counts["rejected"],
        "Duplicates not counted": counts["duplicates"],
        "In conflict, not counted": counts["conflicting"],
        "Respondents counted": counts["respondents"],
        "Authorities": counts["authorities"],
        # Over respondents, saying how many, as the JSON says.
        f"Mean score of the {scores['respondents']} respondents": scores["mean"],
        f"Median score of the {scores['respondents']} respondents": scores["median"],
        "Lowest respondent's score": scores["min"],
        "Highest respondent's score": scores["max"],
        "Fully compliant respondents": scores["fully_compliant"],
        "Share fully compliant": scores["percent_fully_compliant"],
        "Submissions: signed off, verified": data["sign_offs"]["verified"],
        "Submissions: signed off, not verified": data["sign_offs"]["unverified"],
        "Submissions: not signed off": data["sign_offs"]["unsigned"],
        "Submissions: changed after sign-off": data["sign_offs"]["changed after sign-off"],
        "Submissions: bad signature": data["sign_offs"]["bad signature"],
    }
    assert table_rows(overview, "Overall score") == [
        [band["band"], band["respondents"]] for band in scores["histogram"]
    ]
    assert (scores["over"], scores["respondents"]) == ("respondents", counts["respondents"])
    assert table_rows(rows_of(workbook, "Survey"), "Id") == [
        [
            i["id"],
            "% yes",
            i["title"],
            i["baseline"]["figure"],
            i["cohort_same_measure"],
            i["change"],
            "40% yes",
            i["baseline"]["yes"],
            i["figure_from_version"],
        ]
        for i in data["survey_2009"]
    ]

    labels = {
        key: ANSWER_LABEL[None if key == "unanswered" else Answer(key)] for key in ANSWER_KEYS
    }

    def gap_list(authority: dict[str, Any]) -> str:
        return "; ".join(f"{gap['id']} {labels[gap['lowest_answer']]}" for gap in authority["gaps"])

    authorities = rows_of(workbook, "Authorities")
    assert authorities[0][:4] == [
        "Authority",
        "Type",
        "Respondents",
        "Mean score of its respondents",
    ]
    assert authorities[1:] == [
        [
            a["name"],
            AUTHORITY_TYPE_LABEL[AuthorityType(a["type"])],
            a["respondents"],
            a["score"],
            a["gap"],
            a["rag"].upper(),
            a["must_not_met"],
            a["compliance_gaps"],
            a["assurance_gaps"],
            a["overdue_actions"],
            *a["sections"].values(),
        ]
        for a in data["authorities"]
    ]
    assert rows_of(workbook, "Authority gaps")[1:] == [
        [a["name"], gap_list(a)] for a in data["authorities"]
    ]

    requirements = rows_of(workbook, "Requirements")
    assert requirements[1:] == [
        [
            r["rank"],
            r["id"],
            r["section"],
            r["title"],
            r["priority"],
            r["asked"],
            *(r["counts"][key] for key in ANSWER_KEYS),
            *(r["percents"][key] for key in ANSWER_KEYS),
            r["percent_not_met"],
            *([None, None] if r["baseline"] is None else ["40% yes", r["change"]]),
            ", ".join(r["checklist_versions"]),
        ]
        for r in sorted(data["requirements"], key=lambda r: r["rank"])
    ]

    roles = rows_of(workbook, "Roles")

    def role_row(r: dict[str, Any]) -> list[Any]:
        figures = [
            value
            for group in GROUPS
            for value in (r["roles"][group]["percent_yes"], r["roles"][group]["respondents"])
        ]
        flag = "Yes" if r["disconnect_flagged"] else "No"
        return [r["id"], r["title"], *figures, r["disconnect"], flag]

    assert table_rows(roles, "Id") == [role_row(r) for r in data["requirements"]]
    assert table_rows(rows_of(workbook, "Disagreement"), "Authority") == [
        [
            a["name"],
            a["respondents"],
            a["items_compared"],
            len(a["items_differing"]),
            a["percent_differing"],
            *([", ".join(a["items_differing"])] if a["items_differing"] else []),
        ]
        for a in data["authorities"]
        if a["respondents"] >= 2
    ]

    respondents = rows_of(workbook, "Respondents")
    assert table_rows(respondents, "File") == [
        [
            r["file"],
            r["authority"],
            AUTHORITY_TYPE_LABEL[AuthorityType(r["authority_type"])],
            r["respondent"],
            ROLE_LABEL[Role(r["role"])],
            ROLE_GROUP_LABEL[RoleGroup(r["role_group"])],
            r["assessed_on"],
            r["checklist_version"],
            r["profile"],
            r["score"],
            r["rag"].upper(),
            r["unanswered"],
            r["compliance_gaps"],
            r["assurance_gaps"],
            r["must_not_met"],
            SIGN_OFF_LABEL[Standing(r["sign_off"])],
            # A trailing empty cell is not read back.
            *([r["signed_by"]] if r["signed_by"] else []),
        ]
        for r in data["respondents"]
    ]
    assert table_rows(respondents, "Duplicate, not counted") == [
        [r["file"], r["duplicate_of"]] for r in data["respondents"] if not r["counted"]
    ]
    assert rows_of(workbook, "Rejected")[1:] == [[r["file"], r["reason"]] for r in data["rejected"]]


def test_the_workbook_has_its_charts_filters_and_colour_scale(
    outputs: tuple[Result, Path, dict[str, Any], Path],
) -> None:
    _, path, _, _ = outputs
    workbook = openpyxl.load_workbook(path)
    [histogram] = workbook["Overview"]._charts
    [survey] = workbook["Survey"]._charts
    assert histogram.tagname == survey.tagname == "barChart"
    assert (len(histogram.series), len(survey.series)) == (1, 2)
    authorities = workbook["Authorities"]
    assert authorities.auto_filter.ref == "A1:L4"
    # Each section score is filled as the checklist's bands rate it (GREEN at 100%, AMBER
    # from 75%): 62.5% is never green while its rating says RED.
    formats = {str(each.sqref): each.rules for each in authorities.conditional_formatting}
    assert set(formats) == {"K2:K4", "L2:L4"}
    fills = {rule.formula[0]: rule.dxf.fill.fgColor.rgb[-6:] for rule in formats["K2:K4"]}
    assert fills == {
        "AND(ISNUMBER(K2),K2>=1)": RAG_FILL[Rag.GREEN].fgColor.rgb[-6:],
        "AND(ISNUMBER(K2),K2>=0.75,K2<1)": RAG_FILL[Rag.AMBER].fgColor.rgb[-6:],
        "AND(ISNUMBER(K2),K2<0.75)": RAG_FILL[Rag.RED].fgColor.rgb[-6:],
    }
    assert authorities.freeze_panes == "B2"
    for sheet in workbook.worksheets:
        assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_the_csv_is_the_authorities_sheet(
    outputs: tuple[Result, Path, dict[str, Any], Path],
) -> None:
    _, workbook, _, csv_path = outputs

    def value(text: str) -> Any:
        try:
            return float(text)
        except ValueError:
            return text or None

    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        table = [[value(text) for text in row] for row in csv.reader(handle)]
    # The workbook prints each authority's gap list on a sheet of its own.
    gaps = rows_of(workbook, "Authority gaps")
    assert [row[0] for row in gaps] == [row[0] for row in table]
    assert table == [
        figures + gap[1:]
        for figures, gap in zip(rows_of(workbook, "Authorities"), gaps, strict=True)
    ]


def test_text_that_looks_like_a_formula_stays_text(
    runner: CliRunner, tmp_path: Path, mini: Checklist
) -> None:
    write(tmp_path / "in", "a.yaml", mini, authority='=HYPERLINK("http://x.example")')
    result = run(
        runner,
        tmp_path / "in",
        "-c",
        MINI_CHECKLIST,
        "-o",
        tmp_path / "c.xlsx",
        "--csv",
        tmp_path / "c.csv",
    )
    assert result.exit_code == 0, result.output
    assert rows_of(tmp_path / "c.xlsx", "Authorities")[1][0] == '=HYPERLINK("http://x.example")'
    assert openpyxl.load_workbook(tmp_path / "c.xlsx")["Authorities"]["A2"].data_type == "s"
    [_, row] = list(csv.reader((tmp_path / "c.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert row[0] == '\'=HYPERLINK("http://x.example")'


def test_all_scored_exits_0_and_fail_under_exits_1(
    runner: CliRunner, tmp_path: Path, mini: Checklist
) -> None:
    write(tmp_path / "in", "a.yaml", mini, responses={"AA-01": "yes", "BB-01": "yes"})
    ok = run(runner, tmp_path / "in", "-c", MINI_CHECKLIST)
    assert ok.exit_code == 0, ok.output
    assert ok.stdout.endswith("\n1 files: 1 scored, 0 rejected\n") and ok.stderr == ""
    below = run(runner, tmp_path / "in", "-c", MINI_CHECKLIST, "--fail-under", "70")
    assert below.exit_code == 1
    assert below.stderr == "Below --fail-under 70%: Test Borough Council (62.5%).\n"


def test_an_empty_folder_is_a_clear_error_and_writes_nothing(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "empty").mkdir()
    result = run(
        runner, tmp_path / "empty", "-o", tmp_path / "c.xlsx", "--json", tmp_path / "c.json"
    )
    assert result.exit_code == 3 and result.stdout == ""
    assert result.stderr == (
        f"error: no answers files (*.yaml, *.yml, *.xlsx) found in {tmp_path / 'empty'}; check "
        "the folder, or name the files\n"
    )
    assert list(tmp_path.iterdir()) == [tmp_path / "empty"]


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["-o", "cohort.txt"], "cohort.txt: must end in .xlsx (an Excel workbook)"),
        (["--json", "missing/c.json"], "missing/c.json: folder missing does not exist"),
        (["--profile", "cor"], "unknown profile 'cor' (did you mean 'core'?)"),
        (["-c", "nowhere.yaml"], "nowhere.yaml: does not exist"),
    ],
)
def test_bad_options_fail_before_any_work(
    runner: CliRunner,
    cohort: dict[str, Path],
    tmp_path: Path,
    option: list[str],
    message: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(runner, "cohort", *option)
    assert result.exit_code == 3 and result.stdout == ""
    assert result.stderr.startswith(f"error: {message}") and result.stderr.count("\n") == 1


def test_min_group_hides_small_groups_everywhere(
    runner: CliRunner, cohort: dict[str, Path], tmp_path: Path
) -> None:
    workbook, json_path = tmp_path / "c.xlsx", tmp_path / "c.json"
    result = run(
        runner,
        tmp_path / "cohort",
        "-c",
        MINI_CHECKLIST,
        "--min-group",
        "2",
        "-o",
        workbook,
        "--json",
        json_path,
    )
    assert result.exit_code == 3, result.output
    authorities = rows_of(workbook, "Authorities")
    east = authorities[1]
    assert east[:3] == ["East Council", "Unitary authority", 1]
    assert set(east[3:]) == {"[c]"}
    assert set(authorities[2][3:]) == {"[c]"}  # North, withheld so East's cannot be worked out
    assert "[c]" not in authorities[3]
    roles = table_rows(rows_of(workbook, "Roles"), "Id")
    assert roles[0][2:4] == ["[c]", 1] and roles[0][6:8] == [50.0, 2]
    assert roles[0][10:] == ["[c]", "[c]"]
    respondents = rows_of(workbook, "Respondents")
    assert respondents[1:] == [
        ["[c]: each row would show one respondent, fewer than --min-group 2."]
    ]
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["respondents"] == [] and data["respondents_hidden"] is True
    assert data["authorities"][0]["hidden"] and data["authorities"][0]["score"] is None
    assert "[c]: withheld to protect respondents: fewer than 2 behind it" in result.stdout


def test_checklist_versions_are_given_with_repeated_options(
    runner: CliRunner, tmp_path: Path, mini: Checklist
) -> None:
    newer = mini_version(tmp_path, "2.2", drop_bb02=True)
    write(tmp_path / "in", "old.yaml", mini)
    write(tmp_path / "in", "new.yaml", newer, respondent={"role": "it_staff"})
    only_old = run(runner, tmp_path / "in", "-c", MINI_CHECKLIST)
    assert only_old.exit_code == 3
    assert (
        "new.yaml:3:1: answers version 2.2 of mini-checklist, which this batch does not have"
        in only_old.stderr
    )
    both = run(runner, tmp_path / "in", "-c", MINI_CHECKLIST, "-c", tmp_path / "mini-2.2.yaml")
    assert both.exit_code == 0, both.output
    assert "mini-checklist), version 2.1, 2.2" in both.stdout


def test_worker_processes_write_the_same_json(
    runner: CliRunner, cohort: dict[str, Path], tmp_path: Path
) -> None:
    texts = []
    for jobs in ("1", "2"):
        target = tmp_path / f"jobs-{jobs}.json"
        run(runner, tmp_path / "cohort", "-c", MINI_CHECKLIST, "--jobs", jobs, "--json", target)
        texts.append(target.read_text(encoding="utf-8"))
    assert texts[0] == texts[1]


def test_help_has_an_example(runner: CliRunner) -> None:
    result = runner.invoke(app, ["batch", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout and "compliance-check batch" in result.stdout


@pytest.mark.slow
def test_a_progress_bar_on_a_terminal_only(cohort: dict[str, Path], tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    command = [
        sys.executable,
        "-m",
        "compliance_check",
        "batch",
        str(tmp_path / "cohort"),
        "-c",
        str(MINI_CHECKLIST),
    ]
    child = pexpect.spawn(
        command[0], command[1:], encoding="utf-8", timeout=60, dimensions=(24, 120)
    )
    child.expect("Scoring")
    child.expect(r"7 files: 6 scored, 1 rejected")
    child.expect(pexpect.EOF)
    # Closing a child still running its exit would hang it up (SIGHUP) and change its status.
    child.wait()
    child.close()
    assert child.exitstatus == 3
    piped = subprocess.run(command, capture_output=True, text=True, check=False)
    assert piped.returncode == 3 and "Scoring" not in piped.stderr
    assert piped.stdout.endswith("7 files: 6 scored, 1 rejected\n")


# ---------------------------------------------------------------------------------------------
# Acceptance

# The 2009 figures as printed, what each counts, and the share answering yes it leaves.
SURVEY_2009 = {
    "GOV-04": (40, "yes", "40%", 40),
    "GOV-05": (45, "no or don't know", "at most 55%", 55),
    "INC-01": (41, "don't know", "at most 59%", 59),
    "TRN-01": (66, "yes", "66%", 66),
}


def test_a_cohort_reproducing_the_2009_survey_shows_its_figures(
    runner: CliRunner, tmp_path: Path, shipped: Checklist
) -> None:
    # 100 respondents as in 2009: 8 leaders, 25 technology, 67 departmental. Leaders come first,
    # so as in 2009 none of them answers no; the rest answer no or don't know (INC-01: don't
    # know only, since the survey printed only that share).
    roles = ["chief_executive"] * 8 + ["head_of_it"] * 25 + ["departmental_staff"] * 67
    for index, role in enumerate(roles):
        responses: dict[str, Any] = dict.fromkeys(shipped.requirements, "partly")
        for rid, (_, _, _, yes) in SURVEY_2009.items():
            not_yes = "dont_know" if index % 2 or rid == "INC-01" else "no"
            responses[rid] = "yes" if index < yes else not_yes
        path = tmp_path / "survey" / f"council-{index % 12}" / f"{index:03d}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        save_answers(
            path,
            answers_for(
                shipped,
                responses,
                authority=f"Council {index % 12}",
                respondent={"name": f"R{index}", "role": role},
            ),
        )
    workbook, json_path = tmp_path / "survey.xlsx", tmp_path / "survey.json"
    result = run(runner, tmp_path / "survey", "-o", workbook, "--json", json_path)
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("100 files: 100 scored, 0 rejected\n")
    survey = {row[0]: row[3:9] for row in table_rows(rows_of(workbook, "Survey"), "Id")}
    for rid, (figure, counts, yes_2009, _) in SURVEY_2009.items():
        # Each cohort figure in the survey's own measure, beside the figure it compares to.
        assert survey[rid] == [figure, figure, 0, f"{figure}% {counts}", yes_2009, shipped.version]
    # TRF-01 covers part of the question and TRF-02 is not comparable: no change is shown.
    assert survey["TRF-01"][1:3] == [None, None] and survey["TRF-02"][1:3] == [None, None]
    assert survey["TRF-02"][4] == "not comparable"
    requirements = rows_of(workbook, "Requirements")
    percent_yes = requirements[0].index("% yes")
    by_id = {row[1]: row for row in requirements[1:]}
    for rid, (_, _, _, yes) in SURVEY_2009.items():
        assert by_id[rid][percent_yes] == yes
        assert by_id[rid][-2:] == [0, shipped.version]
    data = json.loads(json_path.read_text(encoding="utf-8"))
    items = {item["id"]: item for item in data["survey_2009"]}
    for rid, (figure, _, yes_2009, yes) in SURVEY_2009.items():
        assert items[rid]["cohort_same_measure"] == figure
        assert items[rid]["baseline"]["figure"] == figure
        assert items[rid]["baseline"]["yes"] == yes_2009
        assert items[rid]["percent_yes"] == yes
    assert items["GOV-05"]["baseline"]["comparable"] == "upper_bound"
    assert items["TRF-02"]["baseline"]["comparable"] == "derived"
    assert all("percent_yes" not in item["baseline"] for item in items.values())


def test_twenty_good_files_and_the_whole_corpus(
    runner: CliRunner,
    tmp_path: Path,
    shipped: Checklist,
    corpus: Path,  # noqa: F811 - test_corpus's fixture: a copy with the folder cases recreated
) -> None:
    folder = tmp_path / "submissions"
    shutil.copytree(corpus, folder / "corpus", symlinks=True)
    for index in range(20):
        path = folder / f"good-{index:02d}.answers.yaml"
        save_answers(
            path,
            answers_for(
                shipped,
                {"GOV-04": "yes"},
                authority=f"Council {index % 4}",
                respondent={"name": f"R{index}", "role": "it_staff"},
            ),
        )
    corpus_files = sorted(
        path
        for name in FOLDERS
        for path in (folder / "corpus" / name).iterdir()
        if path.suffix in {".yaml", ".yml"}
    )
    workbook = tmp_path / "cohort.xlsx"
    result = run(runner, folder, "-o", workbook)
    assert result.exit_code == 3
    total = 20 + len(corpus_files)
    assert result.stdout.endswith(f"\n{total} files: 20 scored, {len(corpus_files)} rejected\n")
    assert len(rows_of(workbook, "Respondents")) == 1 + 20
    rejected = dict(row for row in rows_of(workbook, "Rejected")[1:])
    assert sorted(rejected) == [str(path) for path in corpus_files]
    # Each reason is the line `score` prints for that file on its own.
    for path in corpus_files:
        alone = runner.invoke(app, ["score", str(path)])
        # (Further problems in the file follow that line; the batch counts them in it.)
        assert f"error: {rejected[str(path)]}" == alone.stderr.splitlines()[0], path
    assert result.stderr.count("error: ") == len(corpus_files)


def test_hidden_overview_figures_show_as_c_in_the_terminal(
    runner: CliRunner, cohort: dict[str, Path], tmp_path: Path
) -> None:
    result = run(runner, tmp_path / "cohort", "-c", MINI_CHECKLIST, "--min-group", "1000")
    mean = next(line for line in result.stdout.splitlines() if "Mean score of the" in line)
    assert mean.split()[-1] == "[c]"


@pytest.mark.parametrize(("option", "name"), [("--json", "a.yaml"), ("--csv", "out.json")])
def test_an_output_with_the_wrong_suffix_is_refused_and_nothing_is_touched(
    runner: CliRunner, cohort: dict[str, Path], tmp_path: Path, option: str, name: str
) -> None:
    target = tmp_path / name
    target.write_text("checklist: kept\n")
    result = run(runner, tmp_path / "cohort", "-c", MINI_CHECKLIST, option, target)
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1 and "must end in" in result.stderr
    assert target.read_text() == "checklist: kept\n"


@pytest.mark.parametrize("option", ["-o", "--json", "--csv"])
def test_an_output_that_is_a_link_is_never_written_through(
    runner: CliRunner, cohort: dict[str, Path], tmp_path: Path, option: str
) -> None:
    submission = next(iter(cohort.values()))
    before = submission.read_bytes()
    suffix = {"-o": ".xlsx", "--json": ".json", "--csv": ".csv"}[option]
    link = tmp_path / f"out{suffix}"
    link.symlink_to(submission)
    refused = run(runner, tmp_path / "cohort", "-c", MINI_CHECKLIST, option, link)
    assert refused.exit_code == 3 and refused.stdout == ""
    assert "symbolic link" in refused.stderr and refused.stderr.count("\n") == 1
    forced = run(runner, tmp_path / "cohort", "-c", MINI_CHECKLIST, option, link, "--force")
    assert forced.exit_code == 3, forced.output  # the cohort has a rejected file
    assert not link.is_symlink() and link.stat().st_size > 0
    assert submission.read_bytes() == before


def test_existing_outputs_are_replaced_only_with_force(
    runner: CliRunner, cohort: dict[str, Path], tmp_path: Path
) -> None:
    json_path = tmp_path / "c.json"
    json_path.write_text("last year's figures")
    args = [tmp_path / "cohort", "-c", MINI_CHECKLIST, "--json", json_path]
    refused = run(runner, *args)
    assert refused.exit_code == 3 and "already exists" in refused.stderr
    assert json_path.read_text() == "last year's figures"
    assert "authorities" in json.loads((run(runner, *args, "--force"), json_path.read_text())[1])


def test_a_disk_filling_after_the_workbook_leaves_every_old_output_as_it_was(
    runner: CliRunner, cohort: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = {name: f"last run's {name}" for name in ("c.xlsx", "c.json", "c.csv")}
    for name, text in old.items():
        (tmp_path / name).write_text(text)
    real_fsync = os.fsync
    written: list[int] = []

    def fills_up(descriptor: int) -> None:
        written.append(descriptor)
        if len(written) == 3:  # the workbook and the JSON are written, the CSV is not
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", fills_up)
    result = run(
        runner,
        tmp_path / "cohort",
        "-c",
        MINI_CHECKLIST,
        "-o",
        tmp_path / "c.xlsx",
        "--json",
        tmp_path / "c.json",
        "--csv",
        tmp_path / "c.csv",
        "--force",
    )
    assert result.exit_code == 3
    assert "No space left on device" in result.stderr
    assert {name: (tmp_path / name).read_text() for name in old} == old
    assert not [path.name for path in tmp_path.iterdir() if path.name.endswith(".tmp")]


SIGNAL_DURING_OUTPUT = """
import os, signal, sys
from compliance_check import cli

real_fsync = os.fsync
signum = getattr(signal, sys.argv[1])
def terminated(descriptor):
    real_fsync(descriptor)
    os.kill(os.getpid(), signum)

os.fsync = terminated
sys.argv = ["compliance-check", *sys.argv[2:]]
cli.main()
"""


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_a_termination_signal_while_writing_leaves_no_temporary(
    cohort: dict[str, Path], tmp_path: Path, name: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    command = [
        sys.executable,
        "-c",
        SIGNAL_DURING_OUTPUT,
        name,
        "batch",
        str(tmp_path / "cohort"),
        "-c",
        str(MINI_CHECKLIST),
        "-o",
        str(out / "c.xlsx"),
        "--json",
        str(out / "c.json"),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 128 + getattr(signal, name), done.stderr
    assert list(out.iterdir()) == []


@pytest.mark.parametrize(
    "given",
    ["subs/B.xlsx", "subs/../subs/./B.xlsx", "linked/B.xlsx", "subs/hard-link.xlsx"],
    ids=["as found", "another relative path", "through a linked folder", "a hard link"],
)
def test_an_output_is_never_one_of_the_submissions_it_read(
    runner: CliRunner, tmp_path: Path, given: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.workbooks import full_answers, questionnaire, shipped

    subs = tmp_path / "subs"
    subs.mkdir()
    submission = questionnaire(subs, "B.xlsx", full_answers(shipped()))
    before = submission.read_bytes()
    (tmp_path / "linked").symlink_to(subs)
    os.link(submission, subs / "hard-link.xlsx")
    monkeypatch.chdir(tmp_path)
    result = run(runner, "subs", "-o", given, "--force", "--follow-links")
    assert result.exit_code == 3, result.output
    assert result.stderr.startswith(f"error: {Path(given)}: is also an input of this command (")
    assert "not even with --force" in result.stderr
    assert submission.read_bytes() == before


def test_a_report_is_never_written_over_the_questionnaire_it_reads(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.workbooks import full_answers, questionnaire, shipped

    form = questionnaire(tmp_path, "B.xlsx", full_answers(shipped()))
    before = form.read_bytes()
    monkeypatch.chdir(tmp_path)
    for command in (["report", "B.xlsx", "-o", "./B.xlsx"], ["compare", "B.xlsx", "B.xlsx"]):
        arguments = command if command[0] == "report" else [*command, "-o", "./B.xlsx"]
        result = run(runner, *arguments, "--force")
        assert result.exit_code == 3, result.output
        assert "is also an input of this command (B.xlsx)" in result.stderr
    assert form.read_bytes() == before


@pytest.mark.parametrize(
    "command",
    [
        ["batch", "subs", "-o", "form.xlsx"],
        ["report", "subs/a.answers.yaml", "-o", "form.xlsx"],
        ["compare", "subs/a.answers.yaml", "subs/a.answers.yaml", "-o", "form.xlsx"],
    ],
    ids=lambda command: command[0],
)
def test_a_questionnaire_someone_filled_in_is_never_replaced_by_another_kind_of_workbook(
    runner: CliRunner,
    shipped: Checklist,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
) -> None:
    from tests.workbooks import full_answers, questionnaire

    (tmp_path / "subs").mkdir()
    save_answers(tmp_path / "subs" / "a.answers.yaml", answers_for(shipped, {}))
    form = questionnaire(tmp_path, "form.xlsx", full_answers(shipped))
    before = form.read_bytes()
    monkeypatch.chdir(tmp_path)
    result = run(runner, *command[1:], "--force") if command[0] == "batch" else None
    if result is None:
        result = runner.invoke(app, [*command, "--force"])
    assert result.exit_code == 3, result.output
    assert result.stderr.startswith(
        "error: form.xlsx: is a questionnaire, which compliance-check reads as answers; "
        "another kind of workbook never replaces it, not even with --force"
    )
    assert form.read_bytes() == before
