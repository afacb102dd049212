"""Every file the tool writes: one rule for where it may write, and all at once or not at all.

The rule, checked before the first question is asked or the first input file is read:
an existing file is replaced only when the user said ``--force``; a symbolic link is never
written through (``--force`` replaces the link itself, never the file it points to); a
read-only file is never replaced; and the folder must really take a new file.

A file is written to a temporary beside it (``.NAME.PID.XXXXXXXX.tmp``) and renamed into
place; without ``--force`` that rename never replaces a file, even one created since the
check. Several outputs written inside ``written_together`` are renamed only once all of them
have been written. SIGTERM and SIGHUP unwind the process so temporaries are removed, and
temporaries left by a process that died anyway are swept on the next run.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import signal
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import IO

from compliance_check.errors import OutputError

NAME_MAX = 255
# Room kept after a hidden sibling's base name: ".PID.XXXXXXXX.tmp" or ".lock".
SIBLING_TAIL_ROOM = 32
# A temporary this much older than now, whose process is gone, is another run's leftover.
STALE_AFTER_SECONDS = 60.0
_TEMPORARY_TAIL = re.compile(r"\.(?P<pid>[0-9]+)\.[0-9a-f]{8}\.tmp")


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: unwinds like Ctrl-C so that files and locks are cleaned up."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(f"terminated by signal {signum}")

    @property
    def exit_code(self) -> int:
        """The shell's convention for a process ended by a signal."""
        return 128 + self.signum


_staged: ContextVar[list[_Staged] | None] = ContextVar("staged", default=None)
_handler_pid: int | None = None


def _cannot(error: OSError, path: Path, doing: str = "cannot write") -> OutputError:
    return OutputError(f"{doing}: {error.strerror or error}", path=path)


def sibling_base(path: Path) -> Path:
    """``.NAME`` beside ``path``, shortened (with a hash) so any sibling tail still fits.

    Without this a 241 to 255-byte output name fails as "File name too long" only because
    of what a temporary or lock file adds to it.
    """
    name = os.fsencode(path.name)
    base = b"." + name
    if len(base) + SIBLING_TAIL_ROOM > NAME_MAX:
        digest = hashlib.sha256(name).hexdigest()[:8].encode()
        keep = NAME_MAX - SIBLING_TAIL_ROOM - len(digest) - 2
        base = b"." + name[:keep] + b"~" + digest
    # fsdecode keeps a multi-byte character cut in two as its raw bytes, as any name can be.
    return path.with_name(os.fsdecode(base))


def _temporary_name(path: Path) -> Path:
    base = sibling_base(path)
    return base.with_name(f"{base.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def sweep_stale_temporaries(path: Path) -> list[Path]:
    """Remove temporaries of ``path`` left by our own processes that have since died."""
    base = sibling_base(path).name
    swept: list[Path] = []
    with contextlib.suppress(OSError), os.scandir(path.parent) as entries:
        for entry in entries:
            tail = entry.name[len(base) :] if entry.name.startswith(base) else ""
            match = _TEMPORARY_TAIL.fullmatch(tail)
            if match is None:
                continue
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                mine = stat.S_ISREG(info.st_mode) and info.st_uid == os.geteuid()
                old = time.time() - info.st_mtime > STALE_AFTER_SECONDS
                if mine and old and not _running(int(match["pid"])):
                    os.unlink(entry.path)
                    swept.append(Path(entry.path))
    return swept


class HeldFolder:
    """The folder of a file, held open while a session writes the file again and again.

    Every write goes into this folder, relative to it: a folder renamed, or swapped for a link
    to another place while the session runs, never receives the file in its stead. ``moved``
    says whether the folder's name still leads here.
    """

    def __init__(self, path: Path) -> None:
        """Hold the folder ``path`` is in; OutputError when it cannot be opened."""
        self.path = path.parent
        flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            self.descriptor: int | None = os.open(self.path, flags)
        except OSError as error:
            raise _cannot(error, path, "cannot be used") from error
        info = os.fstat(self.descriptor)
        self._identity = (info.st_dev, info.st_ino)

    def moved(self) -> bool:
        """Whether the folder's name now leads elsewhere (moved, removed, replaced by a link)."""
        try:
            info = os.stat(self.path)
        except OSError:
            return True
        return (info.st_dev, info.st_ino) != self._identity

    def where_now(self) -> str:
        """Where the held folder is now, in words, as far as the system says."""
        try:  # Linux names the folder an open descriptor leads to
            now = os.readlink(f"/proc/self/fd/{self.descriptor}")
        except OSError:
            return "when the session started"
        return f"when the session started, now {now}"

    def close(self) -> None:
        """Let go of the folder."""
        if self.descriptor is not None:
            os.close(self.descriptor)
            self.descriptor = None


@dataclass(frozen=True)
class _Name:
    """A file's name as the system calls take it: the path, or its name in a held folder."""

    path: Path
    folder: int | None = None

    @property
    def name(self) -> str | Path:
        return self.path if self.folder is None else self.path.name


def _held(path: Path, folder: HeldFolder | None) -> _Name:
    return _Name(path, None if folder is None else folder.descriptor)


def _open_temporary(path: Path, folder: HeldFolder | None = None) -> tuple[_Name, int]:
    temporary = _held(_temporary_name(path), folder)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    return temporary, os.open(temporary.name, flags, 0o600, dir_fd=temporary.folder)


def _remove_temporary(temporary: _Name) -> None:
    with contextlib.suppress(OSError):
        os.unlink(temporary.name, dir_fd=temporary.folder)


# A file system that has no hard links (some network shares) says so with one of these.
_NO_LINKS = {errno.EPERM, errno.EMLINK, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP}


def _move_into_place(temporary: _Name, target: _Name, *, replace: bool) -> None:
    """Rename ``temporary`` to ``target``; without ``replace``, never over a file there now.

    The rule is kept at the moment of the rename: a file that appeared since the check at the
    start (another run's output, a file saved meanwhile) fails with EEXIST. Linking the
    temporary to its name creates the name only if it is free; POSIX has no rename that does.
    """
    folder = temporary.folder
    if replace:
        os.replace(temporary.name, target.name, src_dir_fd=folder, dst_dir_fd=folder)
        return
    try:
        os.link(temporary.name, target.name, src_dir_fd=folder, dst_dir_fd=folder)
    except OSError as error:
        if error.errno not in _NO_LINKS:
            raise
        # Without hard links only a check just before the rename is left.
        with contextlib.suppress(FileNotFoundError):
            os.lstat(target.name, dir_fd=folder)
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST)) from None
        os.replace(temporary.name, target.name, src_dir_fd=folder, dst_dir_fd=folder)
        return
    _remove_temporary(temporary)


def _appeared(path: Path) -> OutputError:
    return OutputError(
        "appeared while this command ran (another program or run wrote it) and is left as it "
        "was; run the command again with another name, or with --force to replace it",
        path=path,
    )


def check_folder_of(path: Path) -> None:
    """Raise OutputError unless the folder ``path`` is in exists and takes a new file."""
    folder = path.parent
    try:
        info = os.stat(folder)
    except (FileNotFoundError, NotADirectoryError):
        raise OutputError(
            f"folder {folder} does not exist; create it first or choose another place", path=path
        ) from None
    except OSError as error:
        raise _cannot(error, path, "cannot be used") from error
    if not stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{folder} is a file, not a folder; choose another place", path=path)
    sweep_stale_temporaries(path)
    # Creating a file is the only honest test: permission bits say nothing to root, nor about
    # a read-only mount, and a folder found unwritable later would lose the user's work.
    try:
        temporary, handle = _open_temporary(path)
    except OSError as error:
        raise _cannot(error, path, f"cannot write into folder {folder}") from error
    os.close(handle)
    _remove_temporary(temporary)


def _read_only(info: os.stat_result, path: Path) -> bool:
    return not info.st_mode & 0o222 or not os.access(path, os.W_OK)


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:  # e.g. a name too long for the file system
        raise _cannot(error, path, "cannot be used") from error


def output_exists(path: Path) -> bool:
    """Whether anything, a link included, is already at ``path``."""
    return _lstat(path) is not None


def _check_kind(info: os.stat_result, path: Path) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise OutputError("is a folder, not a file", path=path)
    if not stat.S_ISREG(info.st_mode):
        raise OutputError("is not a regular file (a device, pipe or socket)", path=path)
    if _read_only(info, path):
        raise OutputError(
            "is read-only, so it is not replaced; make it writable first if it should be",
            path=path,
        )


REPLACE_ADVICE = "choose another name, or pass --force to replace it"


def check_output(
    path: Path,
    *,
    force: bool,
    instead: str = REPLACE_ADVICE,
    inputs: Iterable[Path | None] = (),
) -> None:
    """Raise OutputError unless a new file may be written at ``path``; call it before any work.

    ``force`` allows replacing an existing file, or a symbolic link itself (never the file
    the link points to); ``instead`` tells the user what to do about an existing file. The
    command's ``inputs`` are never replaced, ``force`` or not.
    """
    check_not_input(path, [given for given in inputs if given is not None])
    info = _lstat(path)
    if info is not None and stat.S_ISLNK(info.st_mode):
        if not force:
            raise OutputError(
                f"is a symbolic link to {os.readlink(path)}, which is never written through; "
                "choose another name, or pass --force to replace the link itself",
                path=path,
            )
    elif info is not None:
        _check_kind(info, path)
        if not force:
            raise OutputError(f"already exists; {instead}", path=path)
    check_folder_of(path)


def check_not_input(path: Path, inputs: Iterable[Path]) -> None:
    """Raise OutputError when the output ``path`` is one of the run's ``inputs``, whatever the
    name it is given by: another relative path, a link, a hard link."""
    # A batch checks one output against thousands of inputs: one stat each, no path resolved
    # unless an input leads nowhere yet.
    output = path.parent.resolve() / path.name
    try:
        mine = os.lstat(path)
    except OSError:
        mine = None
    for given in inputs:
        try:
            theirs = os.stat(given)
        except OSError:
            # An input that does not exist (yet) is the output if its name leads to the
            # output's place. An output that is a link is replaced itself, never followed
            # (see check_output): its own name counts, in the folder it resolves to.
            same = given.resolve() == output
        else:  # also a hard link, or a name the file system folds (B.xlsx and b.xlsx)
            same = mine is not None and (mine.st_dev, mine.st_ino) == (
                theirs.st_dev,
                theirs.st_ino,
            )
        if same:
            raise OutputError(
                f"is also an input of this command ({given}), which an output never replaces, "
                "not even with --force; choose another name",
                path=path,
            )


def check_rewritable(path: Path) -> None:
    """Raise OutputError unless the existing file at ``path`` may be rewritten in place.

    For a file the tool works on (an answers file being resumed), not a new output.
    """
    info = _lstat(path)
    if info is not None and stat.S_ISLNK(info.st_mode):
        raise OutputError(
            f"is a symbolic link to {os.readlink(path)}, which is never written through; "
            "work on the file itself",
            path=path,
        )
    if info is not None:
        _check_kind(info, path)
    check_folder_of(path)


def _mode_for(path: Path) -> int:
    info = _lstat(path)
    if info is not None and stat.S_ISREG(info.st_mode):
        return info.st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(
    path: Path,
    write: Callable[[IO[bytes]], None],
    *,
    replace: bool = False,
    folder: HeldFolder | None = None,
) -> None:
    """Call ``write`` on a temporary file next to ``path`` and move it into place on success.

    A failure at any point leaves ``path`` as it was (absent, or the previous version intact).
    An existing file is replaced only with ``replace`` (the user's --force, or a file this run
    owns), whatever appeared since the checks at the start. With ``folder`` the file is
    written into that held folder. Inside ``written_together`` the move waits until every
    output has been written.
    """
    mode = _mode_for(path)
    try:
        temporary, descriptor = _open_temporary(path, folder)
    except OSError as error:
        check_folder_of(path)  # names the cause when it is the folder
        raise _cannot(error, path) from error
    try:
        with os.fdopen(descriptor, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
            os.fchmod(handle.fileno(), mode)
        staged = _staged.get()
        target = _held(path, folder)
        if staged is None:
            _move_into_place(temporary, target, replace=replace)
        else:
            staged.append(_Staged(temporary, target, replace))
    except BaseException as error:
        _remove_temporary(temporary)
        if isinstance(error, FileExistsError):
            raise _appeared(path) from error
        if isinstance(error, OSError):
            raise _cannot(error, path) from error
        raise


def write_text_atomic(
    path: Path, text: str, *, replace: bool = False, folder: HeldFolder | None = None
) -> None:
    """Write ``text`` as UTF-8 to ``path`` atomically (see ``write_atomic``)."""
    data = text.encode("utf-8")

    def write(handle: IO[bytes]) -> None:
        handle.write(data)

    write_atomic(path, write, replace=replace, folder=folder)


@dataclass(frozen=True)
class _Staged:
    temporary: _Name
    target: _Name
    replace: bool


@contextlib.contextmanager
def written_together() -> Iterator[None]:
    """Files written inside appear together at the end, or none of them does.

    So a failure part-way (a full disk) never leaves a new workbook beside an old JSON file.
    """
    staged: list[_Staged] = []
    token = _staged.set(staged)
    try:
        yield
    except BaseException:
        for move in staged:
            _remove_temporary(move.temporary)
        raise
    finally:
        _staged.reset(token)
    for index, move in enumerate(staged):
        try:
            _move_into_place(move.temporary, move.target, replace=move.replace)
        except OSError as error:
            for later in staged[index:]:
                _remove_temporary(later.temporary)
            written = ", ".join(str(done.target.path) for done in staged[:index]) or "none"
            stale = ", ".join(str(left.target.path) for left in staged[index:])
            cause = (
                "it appeared while this command ran (another program or run wrote it); pass "
                "--force to replace it"
                if isinstance(error, FileExistsError)
                else f"cannot write: {error.strerror or error}"
            )
            raise OutputError(
                f"{cause}; written: {written}; left as they were (stale): {stale}",
                path=move.target.path,
            ) from error


def _terminate(signum: int, frame: FrameType | None) -> None:
    if os.getpid() != _handler_pid:
        # A forked worker: die the ordinary way and leave cleaning up to the parent.
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    raise Terminated(signum)


def terminate_cleanly_on_signals() -> None:
    """Make SIGTERM and SIGHUP raise Terminated in this process, so cleanup code runs."""
    global _handler_pid
    _handler_pid = os.getpid()
    for name in ("SIGTERM", "SIGHUP"):
        if (signum := getattr(signal, name, None)) is not None:
            signal.signal(signum, _terminate)
