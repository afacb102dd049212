"""One session at a time on an answers file: an advisory lock on a hidden file beside it.

The operating system lets go of the lock when its process ends, however it ends, so a lock
left by a killed session is taken over by the next one; the holder's host, process and start
time are written into the lock file so that a refused session can say who holds it.
"""

from __future__ import annotations

import contextlib
import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from filelock import FileLock, Timeout

from compliance_check.errors import OutputError
from compliance_check.files.atomic import sibling_base

RECORD_BYTES = 512


@dataclass(frozen=True)
class Holder:
    """Who holds, or held, a lock."""

    host: str
    pid: int
    since: datetime

    def record(self) -> bytes:
        """The lines written into the lock file."""
        return f"host={self.host}\npid={self.pid}\nsince={self.since.isoformat()}\n".encode()

    @classmethod
    def parse(cls, raw: bytes) -> Holder | None:
        """The holder recorded in ``raw``; None when there is no whole record."""
        lines = raw.decode("utf-8", "replace").splitlines()
        fields = dict(line.split("=", 1) for line in lines if "=" in line)
        try:
            # Shown on a terminal: a planted record must not bring control characters.
            host = "".join(c if c.isprintable() else "?" for c in fields["host"][:100])
            return cls(host, int(fields["pid"]), datetime.fromisoformat(fields["since"]))
        except (KeyError, ValueError):
            return None

    def __str__(self) -> str:
        since = self.since.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
        return f"process {self.pid} on host {self.host}, since {since}"


def lock_path(path: Path) -> Path:
    """The lock file of the answers file ``path``: ``.NAME.lock`` beside it."""
    base = sibling_base(path)
    return base.with_name(f"{base.name}.lock")


class AnswersLock:
    """An exclusive lock on an answers file for a whole session; use it in a ``with`` block.

    Entering raises OutputError at once, naming the holder, when another session has it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock_path = lock_path(path)
        # A session that ended without letting go (killed), whose lock this one took over.
        self.taken_over: Holder | None = None
        self._descriptor: int | None = None
        self._lock = FileLock(self.lock_path, timeout=0, on_acquired=self._claim)

    def _claim(self, descriptor: int) -> None:
        self.taken_over = Holder.parse(os.pread(descriptor, RECORD_BYTES, 0))
        me = Holder(socket.gethostname(), os.getpid(), datetime.now(UTC))
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, me.record(), 0)
        self._descriptor = descriptor

    def _holder(self) -> Holder | None:
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            descriptor = os.open(self.lock_path, flags)
        except OSError:
            return None
        try:
            return Holder.parse(os.read(descriptor, RECORD_BYTES))
        finally:
            os.close(descriptor)

    def __enter__(self) -> AnswersLock:
        try:
            self._lock.acquire()
        except Timeout:
            holder = self._holder()
            who = f" ({holder})" if holder else ""
            raise OutputError(
                f"is open in another compliance-check session{who}; finish or quit that "
                "session first, so that neither overwrites the other's answers",
                path=self.path,
            ) from None
        except OSError as error:
            raise OutputError(
                f"cannot be locked for this session: {error.strerror or error} ({self.lock_path})",
                path=self.path,
            ) from error
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        # An empty lock file after a session means "ended cleanly": only a killed session
        # leaves its record behind for the next one to report as taken over.
        if self._descriptor is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self._descriptor, 0)
            self._descriptor = None
        self._lock.release()
