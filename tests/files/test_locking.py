"""One session at a time on an answers file: a second one is refused, a stale lock taken over."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from compliance_check.errors import OutputError
from compliance_check.files.locking import AnswersLock, lock_path
from compliance_check.model.answers import load_answers
from compliance_check.model.checklist import Checklist
from tests.assess.test_wizard_pty import QUESTION, finish, spawn, type_answer
from tests.conftest import WriteAnswers


def test_a_second_lock_on_the_same_file_is_refused_naming_the_holder(tmp_path: Path) -> None:
    path = tmp_path / "c.answers.yaml"
    with AnswersLock(path):
        with pytest.raises(OutputError) as refused, AnswersLock(path):
            pass
        message = str(refused.value)
        assert message.startswith(f"{path}: is open in another compliance-check session (")
        assert f"on host {socket.gethostname()}, since " in message
    with AnswersLock(path) as again:
        assert again.taken_over is None  # the first ended cleanly


def test_a_planted_record_cannot_put_control_characters_on_the_terminal(
    tmp_path: Path,
) -> None:
    path = tmp_path / "c.answers.yaml"
    with AnswersLock(path):
        lock_path(path).write_bytes(b"host=evil\x1b[2J\npid=1\nsince=2026-11-25T10:00:00+00:00\n")
        with pytest.raises(OutputError, match=r"process 1 on host evil\?\[2J, since"):
            AnswersLock(path).__enter__()


def test_a_long_answers_file_name_still_gets_a_lock(tmp_path: Path) -> None:
    path = tmp_path / ("a" * 250 + ".yaml")
    with AnswersLock(path) as lock:
        assert lock.lock_path.parent == tmp_path and lock.lock_path.exists()


def test_a_lock_file_that_is_a_hard_link_to_the_answers_file_leaves_it_whole(
    tmp_path: Path, shipped: Checklist, write_answers: WriteAnswers
) -> None:
    path = write_answers(shipped, {"GOV-01": "yes"})
    before = path.read_bytes()
    os.link(path, lock_path(path))
    with pytest.raises(OutputError) as refused, AnswersLock(path):
        pass
    assert path.read_bytes() == before
    assert "has another name (a hard link)" in str(refused.value)
    assert str(refused.value).startswith(f"{path}: cannot be locked for this session: ")


def test_a_lock_file_hard_linked_to_any_other_file_leaves_that_file_whole(tmp_path: Path) -> None:
    report = tmp_path / "plan.xlsx"
    report.write_bytes(b"a gap report with a plan typed into it")
    path = tmp_path / "c.answers.yaml"
    os.link(report, lock_path(path))
    with pytest.raises(OutputError, match="hard link"), AnswersLock(path):
        pass
    assert report.read_bytes() == b"a gap report with a plan typed into it"


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_a_lock_file_of_another_user_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "c.answers.yaml"
    planted = lock_path(path)
    planted.write_bytes(b"someone else's")
    os.chown(planted, 4242, -1)
    with pytest.raises(OutputError, match="belongs to another user"), AnswersLock(path):
        pass
    assert planted.read_bytes() == b"someone else's"


@pytest.mark.parametrize("kind", ["folder", "fifo", "symlink"])
def test_a_lock_file_that_is_not_a_regular_file_is_refused(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "c.answers.yaml"
    planted = lock_path(path)
    target = tmp_path / "target"
    target.write_bytes(b"kept")
    {"folder": planted.mkdir, "fifo": lambda: os.mkfifo(planted)}.get(
        kind, lambda: planted.symlink_to(target)
    )()
    with pytest.raises(OutputError, match="cannot be locked for this session"), AnswersLock(path):
        pass
    assert target.read_bytes() == b"kept"


def resume(path: Path) -> list[str]:
    return ["assess", "--resume", path.name]


def session(path: Path) -> pexpect.spawn:
    child = spawn(resume(path), path.parent)
    child.timeout = 30  # only stops a hung test
    return child


@pytest.mark.slow
def test_two_sessions_on_one_answers_file_cannot_both_write(
    tmp_path: Path, shipped: Checklist, write_answers: WriteAnswers
) -> None:
    path = write_answers(shipped, {}, profile="core")
    first = session(path)
    first.expect(QUESTION)
    first_item = first.match.group(1)

    second = subprocess.run(
        [sys.executable, "-m", "compliance_check", *resume(path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert second.returncode == 3 and second.stdout == ""
    assert second.stderr.count("\n") == 1
    assert f"is open in another compliance-check session (process {first.pid} on host " in (
        second.stderr
    )

    type_answer(first, "y\n\n\n")
    first.expect_exact("Your answer: ")
    first.sendline("q")
    finish(first)
    assert first.exitstatus == 0
    assert list(load_answers(path).responses) == [first_item]

    # Once the first session has ended, the file is free again.
    third = session(path)
    third.expect(QUESTION)
    assert third.match.group(1) != first_item
    third.expect_exact("Your answer: ")
    third.sendline("q")
    output = finish(third)
    assert third.exitstatus == 0 and "takes it over" not in output


@pytest.mark.slow
def test_the_lock_of_a_killed_session_is_taken_over(
    tmp_path: Path, shipped: Checklist, write_answers: WriteAnswers
) -> None:
    path = write_answers(shipped, {}, profile="core")
    killed = session(path)
    killed.expect(QUESTION)
    killed.expect_exact("Your answer: ")
    killed.kill(signal.SIGKILL)
    killed.close(force=True)

    taker = session(path)
    taker.expect(rf"the session of process {killed.pid} on host .*, since .* ended without closing")
    taker.expect(QUESTION)
    type_answer(taker, "n\n\n\n")
    taker.expect_exact("Your answer: ")
    taker.sendline("q")
    finish(taker)
    assert taker.exitstatus == 0
    assert len(load_answers(path).responses) == 1


@pytest.mark.slow
def test_sigterm_at_a_question_keeps_the_answers_and_frees_the_file(
    tmp_path: Path, shipped: Checklist, write_answers: WriteAnswers
) -> None:
    path = write_answers(shipped, {}, profile="core")
    child = session(path)
    type_answer(child, "y\n\n\n")
    child.expect_exact("Your answer: ")
    child.kill(signal.SIGTERM)
    finish(child)
    assert child.exitstatus == 128 + signal.SIGTERM
    assert len(load_answers(path).responses) == 1
    assert not lock_path(path).exists()  # released and removed: the next session is not told
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
