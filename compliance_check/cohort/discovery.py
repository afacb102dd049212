"""Finding the answers files under the folders and names a regional body gives batch."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from compliance_check.cohort.records import SUFFIXES, Rejected
from compliance_check.errors import (
    InputFileError,
)


def _is_answers_name(name: str) -> bool:
    return name.lower().endswith(SUFFIXES)


# The answers files found, and the folders that could not be listed.
Discovered = tuple[list[Path], list[Rejected]]


def discover(paths: Iterable[Path], *, follow_links: bool = False) -> Discovered:
    """The answers files named by ``paths``, and the folders that could not be listed.

    A folder is searched recursively for ``*.yaml``, ``*.yml`` and workbooks (``*.xlsx``, and
    ``*.xlsm`` and ``*.xls`` to refuse them); anything with such a name
    is taken as a submission, even a folder or a link, so that it is reported rather than
    silently skipped. A path named on the command line is taken as given. Links to folders
    are followed only with ``follow_links``, each folder once (links can loop). Each file is
    listed once, in name order within each folder.
    """
    found: list[Path] = []
    unreadable: list[Rejected] = []
    seen: set[str] = set()

    def add(path: Path) -> None:
        key = os.path.normpath(os.path.abspath(path))
        if key not in seen:
            seen.add(key)
            found.append(path)

    def report(error: OSError) -> None:
        problem = InputFileError(
            f"this folder cannot be listed: {error.strerror or error}", path=error.filename
        )
        unreadable.append(Rejected.of(str(error.filename), problem))

    for given in paths:
        if not _is_folder(given) or _is_answers_name(given.name):
            add(given)
            continue
        inside: list[Path] = []
        walked: set[tuple[int, int]] = set()
        _first_visit(given, walked)
        for root, folders, files in os.walk(given, onerror=report, followlinks=follow_links):
            # A folder named like an answers file is a submission (and is rejected as a folder).
            named = [name for name in folders if _is_answers_name(name)]
            folders[:] = [name for name in folders if not _is_answers_name(name)]
            if follow_links:
                folders[:] = [name for name in folders if _first_visit(Path(root, name), walked)]
            inside.extend(Path(root, name) for name in [*named, *files] if _is_answers_name(name))
        for path in sorted(inside):
            add(path)
    return found, unreadable


def _first_visit(folder: Path, walked: set[tuple[int, int]]) -> bool:
    try:
        status = folder.stat()
    except OSError:
        return False
    identity = (status.st_dev, status.st_ino)
    if identity in walked:
        return False
    walked.add(identity)
    return True


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # e.g. a name too long: read_yaml reports it as a rejected file
        return False
