"""`compliance-check batch` against a hostile submitter: spoofs, links, names, escapes, crashes."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compliance_check.cli import app
from compliance_check.cohort import workers
from compliance_check.files.yamlio import YamlDocument
from compliance_check.model.answers import AnswersFile, save_answers
from compliance_check.model.checklist import Checklist
from compliance_check.pages.cells import FORMULA_TRIGGERS
from tests.cohort.test_batch import spoofed, write, write_named
from tests.conftest import MINI_CHECKLIST, answers_for
from tests.test_cli_batch import rows_of, run, table_rows
from tests.test_corpus import FOLDERS, corpus  # noqa: F401 - a fixture, taken by name

SECRET = "root:$6$saltsalt$hashhashhash:19000:0:99999:7:::"
CORPUS = Path(__file__).parent / "corpus"


def test_a_spoof_is_a_conflict_on_every_output_and_exits_3(
    runner: CliRunner, tmp_path: Path, mini: Checklist
) -> None:
    real, spoof = spoofed(tmp_path / "in", mini)
    workbook, json_path = tmp_path / "c.xlsx", tmp_path / "c.json"
    result = run(runner, tmp_path / "in", "-c", MINI_CHECKLIST, "-o", workbook, "--json", json_path)
    assert result.exit_code == 3
    assert (
        f"conflict: Kent County Council, Alice Smith, information_governance, 2026-11-25: 2 "
        f"files with different answers ({real}, {spoof}); none counted\n"
    ) in result.stderr
    assert (
        "error: 1 conflict left unsettled, listed on the Conflicts sheet and in the JSON: settle "
        "them with the authorities, or choose --on-conflict omit or lowest\n"
    ) in result.stderr
    assert result.stdout.endswith("\n2 files: 2 scored, 0 rejected; 2 in conflict, not counted\n")
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["conflict_policy"] == "reject"
    assert data["conflicts"] == [
        {
            "role": "information_governance",
            "assessed_on": "2026-11-25",
            "files": [
                {
                    "file": str(real),
                    "authority": "Kent County Council",
                    "authority_code": None,
                    "respondent": "Alice Smith",
                    "score": 100.0,
                },
                {
                    "file": str(spoof),
                    "authority": "KENT   county  council",
                    "authority_code": None,
                    "respondent": "alice  SMITH",
                    "score": 0.0,
                },
            ],
            "counted": None,
        }
    ]
    assert data["authorities"] == []
    assert [r["counted"] for r in data["respondents"]] == [False, False]
    assert table_rows(rows_of(workbook, "Conflicts"), "Conflict") == [
        [1, str(real), "Kent County Council", "Alice Smith", "Information governance",
         "2026-11-25", 100, "no"],
        [1, str(spoof), "KENT   county  council", "alice  SMITH", "Information governance",
         "2026-11-25", 0, "no"],
    ]  # fmt: skip
    omitted = run(runner, tmp_path / "in", "-c", MINI_CHECKLIST, "--on-conflict", "omit")
    assert omitted.exit_code == 0 and "none counted" in omitted.stderr
    lowest = run(runner, tmp_path / "in", "-c", MINI_CHECKLIST, "--on-conflict", "lowest")
    assert lowest.exit_code == 0
    assert f"counted {spoof} (--on-conflict lowest)" in lowest.stderr


def test_score_through_a_link_quotes_no_line_of_its_target(
    runner: CliRunner, tmp_path: Path
) -> None:
    shadow = tmp_path / "shadow"
    shadow.write_text(f"{SECRET}\ndaemon:*:19000:0:99999:7:::\n", encoding="utf-8")
    link = tmp_path / "s.yaml"
    link.symlink_to(shadow)
    result = runner.invoke(app, ["score", str(link)])
    assert result.exit_code == 3 and result.stdout == ""
    first, *listed, count = result.stderr.splitlines()
    assert re.fullmatch(
        f"error: {re.escape(str(link))}:1:1: unknown key of [0-9]+ characters that no file of "
        r"this kind has \(not shown\); remove or correct it \([0-9]+ problems in all\)",
        first,
    )
    # The other problems are listed on their own lines, no more telling than the first.
    for line in listed:
        assert re.fullmatch(
            f"  {re.escape(str(link))}:[0-9]+:1: (missing required key '[a-z_]+'|unknown key of "
            r"[0-9]+ characters that no file of this kind has \(not shown\); remove or correct "
            "it)",
            line,
        ), line
    assert count == f"  {len(listed) + 1} problems in all."


def test_batch_reads_no_file_through_a_link(
    runner: CliRunner, tmp_path: Path, mini: Checklist
) -> None:
    shadow = tmp_path / "shadow"
    shadow.write_text(f"{SECRET}\n", encoding="utf-8")
    folder = tmp_path / "in"
    write(folder, "good.yaml", mini)
    (folder / "s.yaml").symlink_to(shadow)
    workbook, json_path = tmp_path / "c.xlsx", tmp_path / "c.json"
    result = run(runner, folder, "-c", MINI_CHECKLIST, "-o", workbook, "--json", json_path)
    assert result.exit_code == 3
    assert f"error: {folder / 's.yaml'}: is a symbolic link, which is not followed" in result.stderr
    for text in (result.stdout, result.stderr, json_path.read_text(encoding="utf-8")):
        assert "saltsalt" not in text and "19000" not in text
    assert "saltsalt" not in str(rows_of(workbook, "Rejected"))
    followed = run(runner, folder, "-c", MINI_CHECKLIST, "--follow-links")
    assert "saltsalt" not in followed.stderr and "is not followed" not in followed.stderr


def test_control_characters_in_names_never_reach_the_terminal_raw(
    runner: CliRunner, tmp_path: Path, mini: Checklist
) -> None:
    folder = tmp_path / "in"
    write(folder, "good\x1b]0;owned\x07.yaml", mini)
    broken = folder / "bad\x1b[2J\nerror: forged.yaml"
    broken.write_text("authority: [\n", encoding="utf-8")
    write_named(folder / "escape.yaml", mini, "Kent\x1b[31m County")
    json_path = tmp_path / "c.json"
    result = run(runner, folder, "-c", MINI_CHECKLIST, "--json", json_path)
    assert result.exit_code == 3
    assert "\x1b" not in result.stdout + result.stderr and "\x07" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [
        f"error: {folder}/bad\\e[2J\\nerror: forged.yaml:2:1: is not valid YAML: did not find "
        "expected node content",
        f"error: {folder}/escape.yaml:4:1: authority: contains an invisible character (\\e, a "
        "control character) at character 5; retype the name without it",
    ]
    assert "forged" not in result.stderr.replace("\\nerror: forged", "")
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert [r["file"] for r in data["respondents"]] == [f"{folder}/good\\e]0;owned\\x07.yaml"]


def test_a_file_name_that_is_not_utf8_is_shown_and_written(
    runner: CliRunner, tmp_path: Path, mini: Checklist
) -> None:
    folder = tmp_path / "in"
    good = write(folder, "good.yaml", mini)
    odd = os.fsdecode(os.fsencode(folder) + b"/caf\xe9.yaml")
    shutil.copy(good, odd)
    json_path, csv_path, workbook = tmp_path / "c.json", tmp_path / "c.csv", tmp_path / "c.xlsx"
    result = run(
        runner, folder, "-c", MINI_CHECKLIST, "--json", json_path, "--csv", csv_path, "-o", workbook
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert sorted(r["file"] for r in data["respondents"]) == [
        f"{folder}/caf\\xe9.yaml",
        str(good),
    ]
    cells = {cell for row in rows_of(workbook, "Respondents") for cell in row}
    assert f"{folder}/caf\\xe9.yaml" in cells


def test_the_csv_follows_owasp_for_every_corpus_payload(
    runner: CliRunner, tmp_path: Path, mini: Checklist
) -> None:
    payloads = json.loads((CORPUS / "formula-injection.json").read_text(encoding="utf-8"))
    texts = [item["payload"] if isinstance(item, dict) else item for item in payloads]
    texts += ["\x00=HYPERLINK(1)", "foo;=1+1", "\u200b=1+1", "\uff1d1+1", "\t@SUM(A1)"]
    folder = tmp_path / "in"
    for index, text in enumerate(texts):
        write_named(folder / f"{index:02d}.yaml", mini, text, authority_type="other")
    csv_path = tmp_path / "c.csv"
    result = run(runner, folder, "-c", MINI_CHECKLIST, "--csv", csv_path)
    assert result.exit_code in {0, 3}
    raw = csv_path.read_text(encoding="utf-8-sig")
    field = r'"(?:[^"]|"")*"'
    for line in raw.split("\r\n")[:-1]:
        assert re.fullmatch(f"{field}(?:,{field})*", line), line  # every field quoted
        assert not any(ch < " " or "\x7f" <= ch <= "\x9f" for ch in line)
    for delimiter in (",", ";"):
        for row in csv.reader(raw.splitlines(), delimiter=delimiter):
            for cell in row:
                lead = cell.strip(' "').lstrip("\u200b")
                assert not lead.startswith((*FORMULA_TRIGGERS, "\x00")), (delimiter, cell)
    names = [row[0] for row in csv.reader(raw.splitlines())][1:]
    assert "'=1+1" not in names or "=1+1" not in names  # shown with its apostrophe only
    assert "foo;=1+1" in names


def test_the_whole_corpus_with_files_that_break_the_parser(
    runner: CliRunner,
    tmp_path: Path,
    shipped: Checklist,
    monkeypatch: pytest.MonkeyPatch,
    corpus: Path,  # noqa: F811 - test_corpus's fixture: a copy with the folder cases recreated
) -> None:
    folder = tmp_path / "submissions"
    shutil.copytree(corpus, folder / "corpus", symlinks=True)
    for index in range(20):
        save_answers(
            folder / f"good-{index:02d}.yaml",
            answers_for(
                shipped,
                {"GOV-04": "yes"},
                authority=f"Council {index % 4}",
                respondent={"name": f"R{index}", "role": "it_staff"},
            ),
        )
    breaking = {"boom-1.yaml": RecursionError, "boom-2.yaml": KeyError, "boom-3.yaml": TypeError}
    for name in breaking:
        shutil.copy(folder / "good-00.yaml", folder / name)
    (folder / "link.yaml").symlink_to(folder / "good-01.yaml")
    parse = workers.parse_answers

    def fragile(document: YamlDocument) -> AnswersFile:
        if document.path.name in breaking:
            raise breaking[document.path.name]("inside the parser")
        return parse(document)

    monkeypatch.setattr(workers, "parse_answers", fragile)
    corpus_files = [
        path
        for name in FOLDERS
        for path in (folder / "corpus" / name).iterdir()
        if path.suffix in {".yaml", ".yml"}
    ]
    outputs = [tmp_path / "c.xlsx", tmp_path / "c.json", tmp_path / "c.csv"]
    result = run(runner, folder, "--jobs", "1", "-o", outputs[0], "--json", outputs[1],
                 "--csv", outputs[2])  # fmt: skip
    rejected = len(corpus_files) + len(breaking) + 1
    assert result.exit_code == 3
    assert result.stdout.endswith(f"\n{20 + rejected} files: 20 scored, {rejected} rejected\n")
    assert all(path.is_file() for path in outputs)
    for name, kind in breaking.items():
        assert (
            f"error: {folder / name}: could not be read: an unexpected {kind.__name__} in "
            "compliance-check"
        ) in result.stderr
    assert "inside the parser" not in result.stderr and "Traceback" not in result.stderr


WORKERS_SCRIPT = """
import os, sys, time
from pathlib import Path
from compliance_check.cohort import workers
from compliance_check.model.checklist import load_checklist

class Stuck(workers.Scorer):
    def __call__(self, path):
        # Renamed into place, so the test never reads a pid file half written.
        Path(path).with_suffix(".tmp").write_text(str(os.getpid()))
        os.replace(Path(path).with_suffix(".tmp"), Path(path).with_suffix(".pid"))
        time.sleep(120)

if sys.argv[3] == "cleanly":  # as the CLI does: SIGTERM raises, so cleanup code runs
    from compliance_check.files.atomic import terminate_cleanly_on_signals
    terminate_cleanly_on_signals()
folder = Path(sys.argv[1])
scorer = Stuck([load_checklist(Path(sys.argv[2]))], None, 1000)
list(workers.score_files(scorer, [str(folder / f"{n}.yaml") for n in range(2)], 2))
"""


@pytest.mark.parametrize(
    ("stop", "handling"),
    [(signal.SIGTERM, "cleanly"), (signal.SIGTERM, "default"), (signal.SIGKILL, "default")],
)
def test_workers_die_with_the_batch(tmp_path: Path, stop: signal.Signals, handling: str) -> None:
    script = textwrap.dedent(WORKERS_SCRIPT)
    parent = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path), str(MINI_CHECKLIST), handling]
    )
    try:
        # Deadlines only bound a hang: a loaded machine may take long to start the workers.
        deadline = time.monotonic() + 120
        # A worker creates its .pid file before it writes the number: wait for both numbers.
        written: list[str] = []
        while time.monotonic() < deadline:
            written = [path.read_text() for path in tmp_path.glob("*.pid")]
            if len(written) == 2 and all(written):
                break
            time.sleep(0.05)
        workers = [int(pid) for pid in written]
        assert len(workers) == 2
        parent.send_signal(stop)
        parent.wait(120)
        deadline = time.monotonic() + 120
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(pid) for pid in workers)
    finally:
        parent.kill()
        parent.wait()


def _alive(pid: int) -> bool:
    # A worker killed but not yet reaped by init is a zombie: gone for our purpose.
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return status.rsplit(")", 1)[1].split()[0] != "Z"
