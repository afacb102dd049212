"""One session at a time on an answers file: an advisory lock on a hidden file beside it.

The operating system lets go of the lock when its process ends, however it ends, so a lock
left by a killed session is taken over by the next one; the holder's host, process and start
time are written into the lock file so that a refused session can say who holds it.

The lock file is written, so it must be one the tool made: a regular file of this user with
no other name. A hard link planted as the lock would otherwise have the record written into
(and first emptied) whatever file it shares with, the answers file itself included.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import socket
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from compliance_check.errors import OutputError
from compliance_check.files.atomic import HeldFolder, check_folder_of, sibling_base

RECORD_BYTES = 512
# Opening and locking again after the holder removed its lock file: once is the rule.
_ATTEMPTS = 5


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


def _not_ours(info: os.stat_result) -> str | None:
    """Why the file ``info`` describes is not a lock file this tool made, or None."""
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file"
    if info.st_nlink != 1:
        return "has another name (a hard link), so writing it would change another file"
    if info.st_uid != os.geteuid():
        return "belongs to another user"
    return None


class AnswersLock:
    """An exclusive lock on an answers file for a whole session; use it in a ``with`` block.

    Entering raises OutputError at once, naming the holder, when another session has it, and
    when the lock file is not one the tool made. The answers file's folder is held open
    (``folder``) for the session: write the answers file relative to it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock_path = lock_path(path)
        # A session that ended without letting go (killed), whose lock this one took over.
        self.taken_over: Holder | None = None
        self.folder: HeldFolder | None = None
        self._descriptor: int | None = None
        self._made = False

    def _refused(self, problem: str) -> OutputError:
        return OutputError(
            f"cannot be locked for this session: its lock file {self.lock_path} {problem}",
            path=self.path,
        )

    def _open(self, folder: HeldFolder) -> tuple[int, bool] | None:
        """The lock file, opened, and whether this call made it; None when it vanished."""
        # Never O_TRUNC: the file is checked before anything is written into it.
        flags = (
            os.O_RDWR
            | getattr(os, "O_NOFOLLOW", 0)
            | getattr(os, "O_NONBLOCK", 0)
            | getattr(os, "O_CLOEXEC", 0)
        )
        name, at = self.lock_path.name, folder.descriptor
        try:
            try:
                descriptor, made = (
                    os.open(name, flags | os.O_CREAT | os.O_EXCL, 0o600, dir_fd=at),
                    True,
                )
            except FileExistsError:
                descriptor, made = os.open(name, flags, dir_fd=at), False
        except FileNotFoundError:
            return None  # its last holder removed it between the two opens
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise self._refused("is a symbolic link; remove it") from None
            raise OutputError(
                f"cannot be locked for this session: {error.strerror or error} ({self.lock_path})",
                path=self.path,
            ) from error
        problem = _not_ours(os.fstat(descriptor))
        if problem is not None:
            os.close(descriptor)
            raise self._refused(f"{problem}; remove it (the tool makes a new one)")
        return descriptor, made

    def _is_named(self, descriptor: int, folder: HeldFolder) -> bool:
        """Whether the locked file still has the lock file's name (its holder may remove it)."""
        try:
            named = os.stat(self.lock_path.name, dir_fd=folder.descriptor, follow_symlinks=False)
        except FileNotFoundError:
            return False
        held = os.fstat(descriptor)
        return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)

    def _lock(self, folder: HeldFolder) -> tuple[int, bool]:
        for _ in range(_ATTEMPTS):
            opened = self._open(folder)
            if opened is None:
                continue
            descriptor, made = opened
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as error:
                os.close(descriptor)
                if error.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    raise self._refused(f"cannot be locked: {error.strerror}") from error
                holder = self._holder()
                who = f" ({holder})" if holder else ""
                raise OutputError(
                    f"is open in another compliance-check session{who}; finish or quit that "
                    "session first, so that neither overwrites the other's answers",
                    path=self.path,
                ) from None
            if self._is_named(descriptor, folder):
                return descriptor, made
            os.close(descriptor)  # locked a file its holder had just removed: try the new one
        raise self._refused("keeps being replaced; try again")

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
        check_folder_of(self.path)
        folder = HeldFolder(self.path)
        try:
            descriptor, self._made = self._lock(folder)
        except BaseException:
            folder.close()
            raise
        self.taken_over = Holder.parse(os.pread(descriptor, RECORD_BYTES, 0))
        me = Holder(socket.gethostname(), os.getpid(), datetime.now(UTC))
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, me.record(), 0)
        self._descriptor = descriptor
        self.folder = folder
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        # A lock file this session made goes with it (removed while still locked: whoever
        # opened it meanwhile sees it gone and makes a new one). One it found is emptied: an
        # empty lock file means "ended cleanly", and only a killed session leaves its record
        # behind for the next one to report as taken over.
        if self._descriptor is not None and self.folder is not None:
            with contextlib.suppress(OSError):
                if self._made:
                    os.unlink(self.lock_path.name, dir_fd=self.folder.descriptor)
                else:
                    os.ftruncate(self._descriptor, 0)
            # Closing the file lets go of the lock.
            os.close(self._descriptor)
            self._descriptor = None
        if self.folder is not None:
            self.folder.close()
            self.folder = None
