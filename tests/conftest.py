"""Shared fixtures: the shipped and mini checklists, answers files written on demand, the CLI."""

from __future__ import annotations

import importlib
import os
import pkgutil
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from compliance_check.model.answers import AnswersFile, save_answers
from compliance_check.model.checklist import (
    DEFAULT_CHECKLIST_ID,
    Checklist,
    find_shipped_checklist,
    load_checklist,
)

# Hypothesis's default deadline (200 ms an example) fails tests on a busy machine: a timed test.
# Speed is measured by the benchmarks; here an example may take as long as the machine needs.
settings.register_profile("any-load", deadline=None)
settings.load_profile("any-load")

DATA = Path(__file__).parent / "data"
assert DATA.is_dir(), DATA

MINI_CHECKLIST = DATA / "mini-checklist.yaml"
EXAMPLE_ANSWERS = DATA / "example.answers.yaml"

WriteAnswers = Callable[..., Path]


@pytest.fixture(scope="session")
def shipped() -> Checklist:
    """The newest checklist: what assess, template and show use when no version is given."""
    return find_shipped_checklist(DEFAULT_CHECKLIST_ID)


@pytest.fixture(scope="session")
def shipped_1_1() -> Checklist:
    """Checklist 1.1, still shipped so that every answers file written against it scores."""
    return find_shipped_checklist(DEFAULT_CHECKLIST_ID, "1.1")


@pytest.fixture(scope="session")
def shipped_1_0() -> Checklist:
    """Checklist 1.0, still shipped so that every answers file written against it scores."""
    return find_shipped_checklist(DEFAULT_CHECKLIST_ID, "1.0")


@pytest.fixture(scope="session")
def mini() -> Checklist:
    return load_checklist(MINI_CHECKLIST)


def answers_for(checklist: Checklist, responses: dict[str, Any], **header: Any) -> AnswersFile:
    """An answers file for ``checklist`` with the given responses and header overrides."""
    data: dict[str, Any] = {
        "checklist": checklist.id,
        "checklist_version": checklist.version,
        "authority": "Test Borough Council",
        "authority_type": "district",
        "respondent": {"role": "information_governance"},
        "assessed_on": "2026-11-25",
        "responses": responses,
    }
    data.update(header)
    return AnswersFile.model_validate(data)


def every(checklist: Checklist, answer: str) -> dict[str, Any]:
    """The same answer to every requirement."""
    return {requirement_id: {"answer": answer} for requirement_id in checklist.requirements}


@pytest.fixture
def write_answers(tmp_path: Path) -> WriteAnswers:
    """Write an answers file for a checklist and return its path."""

    def write(
        checklist: Checklist,
        responses: dict[str, Any],
        name: str = "test.answers.yaml",
        **header: Any,
    ) -> Path:
        path = tmp_path / name
        save_answers(path, answers_for(checklist, responses, **header))
        return path

    return write


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


NOBODY = 65534
LOADED_LATE = ("_strptime", "encodings.utf_8_sig", "importlib.readers", "mimetypes")


def _our_modules() -> list[str]:
    import compliance_check

    found = pkgutil.walk_packages(compliance_check.__path__, "compliance_check.")
    return [module.name for module in found if module.name != "compliance_check.__main__"]


@pytest.fixture
def unprivileged() -> Iterator[Path]:
    """A folder to work in without root's power to write anywhere.

    As root (as CI runs) the test body runs as the user 'nobody', so that a folder's
    permissions count as they do for everyone else; for any other user it is a plain folder.
    """
    folder = Path(tempfile.mkdtemp(prefix="compliance-check-"))
    folder.chmod(0o777)
    as_root = os.geteuid() == 0
    # The working folder may be one 'nobody' cannot enter (CI runs from a private temporary
    # folder), and then every os.getcwd() would fail: work from the test's own folder.
    previous = os.getcwd()
    os.chdir(folder)
    if as_root:
        # Python, and in CI this checkout too, may live where 'nobody' cannot read: load now
        # what the commands import late.
        for module in (*LOADED_LATE, *_our_modules()):
            importlib.import_module(module)
        os.seteuid(NOBODY)
    try:
        yield folder
    finally:
        if as_root:
            os.seteuid(0)
        os.chdir(previous)
        shutil.rmtree(folder)
