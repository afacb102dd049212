"""Write a file all at once or not at all: a temporary file beside it, then one rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from compliance_check.errors import OutputError


def check_writable_target(path: Path) -> None:
    """Raise OutputError early if ``path`` cannot be written, before any work is done."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise OutputError("is a folder; give a file name to write", path=path)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder} is a file, not a folder; choose another place", path=path)
    if not folder.is_dir():
        raise OutputError(
            f"folder {folder} does not exist; create it first or choose another place", path=path
        )
    if not os.access(folder, os.W_OK):
        raise OutputError(f"cannot write into folder {folder}: permission denied", path=path)


def write_atomic(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Call ``write`` on a temporary file next to ``path`` and move it into place on success.

    A failure at any point leaves ``path`` as it was (absent, or the previous version intact).
    """
    check_writable_target(path)
    folder = path.parent if str(path.parent) else Path(".")
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
