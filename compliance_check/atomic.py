"""Write a file all at once or not at all: a temporary file beside it, then one rename."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from compliance_check.errors import OutputError


def _probe(path: Path) -> os.stat_result | None:
    """``os.stat`` of ``path``, None when nothing is there; any other failure is an OutputError."""
    try:
        return os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:  # e.g. a name too long for the file system
        raise OutputError(f"cannot be used: {error.strerror or error}", path=path) from error


def _through_links(path: Path) -> Path:
    """The file a symbolic link names, so that writing replaces it and keeps the link."""
    try:
        return path.resolve() if path.is_symlink() else path
    except OSError as error:
        raise OutputError(f"cannot be used: {error.strerror or error}", path=path) from error


def output_exists(path: Path) -> bool:
    """Whether writing ``path`` would replace something already there."""
    return _probe(_through_links(path)) is not None


def check_writable_target(path: Path) -> None:
    """Raise OutputError early if ``path`` cannot be written, before any work is done."""
    target = _through_links(path)
    info = _probe(target)
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError("is a folder; give a file name to write", path=path)
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise OutputError("is not a regular file (a device, pipe or socket)", path=path)
    folder = target.parent
    folder_info = _probe(folder)
    if folder_info is None:
        raise OutputError(
            f"folder {folder} does not exist; create it first or choose another place", path=path
        )
    if not stat.S_ISDIR(folder_info.st_mode):
        raise OutputError(f"{folder} is a file, not a folder; choose another place", path=path)
    if not os.access(folder, os.W_OK):
        raise OutputError(f"cannot write into folder {folder}: permission denied", path=path)


def write_atomic(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Call ``write`` on a temporary file next to ``path`` and move it into place on success.

    A failure at any point leaves ``path`` as it was (absent, or the previous version intact).
    """
    check_writable_target(path)
    path = _through_links(path)
    folder = path.parent
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    try:
        # Closed by the `with` below; opened here so that failing to create it is an OutputError.
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115
            "wb", dir=folder, prefix=f".{path.name}.", suffix=".tmp", delete=False
        )
    except OSError as error:
        raise OutputError(f"cannot write: {error.strerror or error}", path=path) from error
    temporary = Path(handle.name)
    try:
        with handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        if isinstance(error, OSError):
            raise OutputError(f"cannot write: {error.strerror or error}", path=path) from error
        raise


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` atomically."""
    data = text.encode("utf-8")

    def write(handle: IO[bytes]) -> None:
        handle.write(data)

    write_atomic(path, write)
