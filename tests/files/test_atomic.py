"""The one writer rule: no writing through links or over work, whole files only, no leftovers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

import pytest

from compliance_check.errors import OutputError
from compliance_check.files.atomic import (
    NAME_MAX,
    HeldFolder,
    check_output,
    check_rewritable,
    sibling_base,
    sweep_stale_temporaries,
    write_atomic,
    write_text_atomic,
    written_together,
)


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(".tmp"))


def test_a_symbolic_link_is_refused_without_force(tmp_path: Path) -> None:
    real = tmp_path / "council.answers.yaml"
    real.write_text("answers\n")
    link = tmp_path / "report.xlsx"
    link.symlink_to(real)
    with pytest.raises(OutputError, match=r"symbolic link to .*council\.answers\.yaml.*--force"):
        check_output(link, force=False)


def test_with_force_the_link_itself_is_replaced_and_its_target_never_written(
    tmp_path: Path,
) -> None:
    real = tmp_path / "council.answers.yaml"
    real.write_text("answers\n")
    link = tmp_path / "out.json"
    link.symlink_to(real)
    check_output(link, force=True)
    write_text_atomic(link, "{}\n", replace=True)
    assert not link.is_symlink()
    assert link.read_text() == "{}\n"
    assert real.read_text() == "answers\n"


def test_the_file_being_worked_on_may_not_be_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("x: 1\n")
    (tmp_path / "link.yaml").symlink_to(real)
    with pytest.raises(OutputError, match="never written through; work on the file itself"):
        check_rewritable(tmp_path / "link.yaml")


def test_an_existing_file_is_replaced_only_with_force(tmp_path: Path) -> None:
    existing = tmp_path / "plan.xlsx"
    existing.write_bytes(b"typed-in work")
    with pytest.raises(OutputError, match="already exists; choose another name, or pass --force"):
        check_output(existing, force=False)
    check_output(existing, force=True)


@pytest.mark.parametrize("force", [False, True])
def test_a_read_only_file_is_refused_even_with_force(tmp_path: Path, force: bool) -> None:
    # Tests run as root in CI, where permission checks pass: the mode bits are what count.
    answers = tmp_path / "c.answers.yaml"
    answers.write_text("authority: A\n")
    answers.chmod(0o444)
    with pytest.raises(OutputError, match="is read-only, so it is not replaced"):
        check_output(answers, force=force)
    with pytest.raises(OutputError, match="is read-only"):
        check_rewritable(answers)


def test_a_name_too_long_for_the_file_system_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="File name too long"):
        check_output(tmp_path / ("x" * 300 + ".xlsx"), force=False)


def test_a_device_is_not_a_file_to_write() -> None:
    with pytest.raises(OutputError, match="not a regular file"):
        check_output(Path("/dev/null"), force=True)


@pytest.mark.parametrize("length", [241, 248, 255])
def test_names_up_to_the_file_system_limit_are_written(tmp_path: Path, length: int) -> None:
    # The temporary adds its own suffix; it once pushed these names over the limit.
    path = tmp_path / ("r" * (length - 5) + ".xlsx")
    assert len(os.fsencode(path.name)) == length
    check_output(path, force=False)
    write_text_atomic(path, "data")
    assert path.read_text() == "data"
    assert leftovers(tmp_path) == []


def test_a_shortened_sibling_name_cuts_multibyte_names_and_stays_distinct(
    tmp_path: Path,
) -> None:
    first = tmp_path / ("ŵ" * 120 + "a.yaml")
    second = tmp_path / ("ŵ" * 120 + "b.yaml")
    assert len(os.fsencode(sibling_base(first).name)) < NAME_MAX - 20
    assert sibling_base(first) != sibling_base(second)
    write_text_atomic(first, "one")
    assert first.read_text() == "one"


def test_a_folder_that_takes_no_new_file_is_found_before_any_work(unprivileged: Path) -> None:
    # os.access() says "writable" to a root-started process that has dropped its
    # privileges: only creating a file tells the truth.
    folder = unprivileged / "shared"
    folder.mkdir(mode=0o555)
    with pytest.raises(OutputError, match=r"cannot write into folder .*shared: Permission denied"):
        check_output(folder / "c.answers.yaml", force=False)


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_temporaries_left_by_a_dead_process_are_swept_on_the_next_run(tmp_path: Path) -> None:
    target = tmp_path / "cohort.xlsx"
    stale = tmp_path / f".cohort.xlsx.{dead_pid()}.0123abcd.tmp"
    live = tmp_path / f".cohort.xlsx.{os.getpid()}.0123abcd.tmp"
    young = tmp_path / f".cohort.xlsx.{dead_pid()}.4567abcd.tmp"
    others = tmp_path / f".other.xlsx.{dead_pid()}.0123abcd.tmp"
    for path in (stale, live, young, others):
        path.write_bytes(b"half a workbook")
    an_hour_ago = time.time() - 3600
    for path in (stale, live, others):
        os.utime(path, (an_hour_ago, an_hour_ago))
    check_output(target, force=False)
    assert leftovers(tmp_path) == sorted(path.name for path in (live, young, others))
    assert sweep_stale_temporaries(target) == []


def test_outputs_written_together_all_appear_or_none_does(tmp_path: Path) -> None:
    old = {name: f"old {name}" for name in ("c.xlsx", "c.json", "c.csv")}
    for name, text in old.items():
        (tmp_path / name).write_text(text)

    def disk_full(handle: IO[bytes]) -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError, match="No space left on device"), written_together():
        write_text_atomic(tmp_path / "c.xlsx", "new workbook")
        write_text_atomic(tmp_path / "c.json", "new json")
        write_atomic(tmp_path / "c.csv", disk_full)
    assert {name: (tmp_path / name).read_text() for name in old} == old
    assert leftovers(tmp_path) == []


def test_outputs_written_together_are_all_in_place_at_the_end(tmp_path: Path) -> None:
    with written_together():
        write_text_atomic(tmp_path / "a.json", "a")
        assert not (tmp_path / "a.json").exists()
        write_text_atomic(tmp_path / "b.csv", "b")
    assert (tmp_path / "a.json").read_text() + (tmp_path / "b.csv").read_text() == "ab"
    assert leftovers(tmp_path) == []


def test_a_file_that_appears_after_the_check_is_never_replaced_without_force(
    tmp_path: Path,
) -> None:
    target = tmp_path / "gap.xlsx"
    check_output(target, force=False)
    target.write_text("a plan typed in meanwhile")
    with pytest.raises(OutputError, match="appeared while this command ran"):
        write_text_atomic(target, "new report")
    assert target.read_text() == "a plan typed in meanwhile"
    assert leftovers(tmp_path) == []
    write_text_atomic(target, "new report", replace=True)  # --force
    assert target.read_text() == "new report"


def test_a_link_that_appears_after_the_check_is_not_replaced_either(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text("kept")
    target = tmp_path / "cohort.json"
    check_output(target, force=False)
    target.symlink_to(elsewhere)
    with pytest.raises(OutputError, match="appeared while this command ran"):
        write_text_atomic(target, "new")
    assert target.is_symlink() and elsewhere.read_text() == "kept"


def test_outputs_written_together_stop_at_one_that_appeared_and_say_which(
    tmp_path: Path,
) -> None:
    with pytest.raises(OutputError) as refused, written_together():
        write_text_atomic(tmp_path / "c.xlsx", "workbook")
        write_text_atomic(tmp_path / "c.json", "json")
        (tmp_path / "c.json").write_text("another run's json")
    assert str(refused.value) == (
        f"{tmp_path / 'c.json'}: it appeared while this command ran (another program or run "
        f"wrote it); pass --force to replace it; written: {tmp_path / 'c.xlsx'}; left as they "
        f"were (stale): {tmp_path / 'c.json'}"
    )
    assert (tmp_path / "c.json").read_text() == "another run's json"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("swap", ["link", "folder"])
def test_a_held_folder_keeps_receiving_the_file_when_its_name_is_swapped(
    tmp_path: Path, swap: str
) -> None:
    folder = tmp_path / "answers"
    folder.mkdir()
    path = folder / "c.answers.yaml"
    held = HeldFolder(path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    folder.rename(tmp_path / "moved")
    if swap == "link":
        folder.symlink_to(elsewhere)
    else:
        folder.mkdir()
    assert held.moved()
    write_text_atomic(path, "answers", folder=held)
    held.close()
    assert (tmp_path / "moved" / "c.answers.yaml").read_text() == "answers"
    assert list(elsewhere.iterdir()) == [] and not (folder / "c.answers.yaml").exists()


SIGNAL_DURING_WRITE = """
import os, signal, sys
from pathlib import Path
from compliance_check.files.atomic import (
    terminate_cleanly_on_signals, write_atomic, written_together,
)

terminate_cleanly_on_signals()
folder = Path(sys.argv[1])

def interrupted(handle):
    handle.write(b"half")
    os.kill(os.getpid(), getattr(signal, sys.argv[2]))

try:
    with written_together():
        write_atomic(folder / "first.json", lambda handle: handle.write(b"whole"))
        write_atomic(folder / "second.csv", interrupted)
except BaseException as stop:
    sys.exit(stop.exit_code)
"""


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_a_termination_signal_during_a_write_removes_every_temporary(
    tmp_path: Path, name: str
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", SIGNAL_DURING_WRITE, str(folder), name],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 128 + getattr(signal, name), done.stderr
    assert sorted(path.name for path in folder.iterdir()) == []
