"""Every file of the bad-input corpus is refused cleanly: exit 3, one line, no traceback."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compliance_check.cli import app

CORPUS = Path(__file__).parent / "corpus"
FOLDERS = ("yaml-invalid", "yaml-wrong-shape", "hostile")
# git keeps no folders, so the folder-shaped case is made by the fixture (recreate-fs-cases.sh).
FILESYSTEM_CASES = ("hostile/is-a-directory.yaml",)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A writable copy of the corpus with its filesystem cases recreated."""
    copy = tmp_path_factory.mktemp("corpus")
    for folder in FOLDERS:
        shutil.copytree(CORPUS / folder, copy / folder, symlinks=True)
    for path in copy.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    subprocess.run(["sh", str(copy / "hostile" / "recreate-fs-cases.sh")], check=True)
    return copy


def corpus_cases() -> list[str]:
    stored = {
        str(path.relative_to(CORPUS))
        for folder in FOLDERS
        for path in (CORPUS / folder).iterdir()
        if path.suffix in {".yaml", ".yml"}
    }
    return sorted(stored | set(FILESYSTEM_CASES))


def test_the_corpus_is_all_there() -> None:
    assert len(corpus_cases()) >= 100


@pytest.mark.parametrize("case", corpus_cases())
def test_corpus_file_is_refused_cleanly(corpus: Path, case: str) -> None:
    path = corpus / case
    started = time.perf_counter()
    result = CliRunner().invoke(app, ["score", str(path)])
    elapsed = time.perf_counter() - started
    assert result.exit_code == 3, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {path}")
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert elapsed < 2, f"{case} took {elapsed:.2f}s"


def test_python_tags_never_run_code(corpus: Path) -> None:
    canaries = set(Path("/tmp").glob("yaml_rce_canary_*"))
    for path in (corpus / "hostile").glob("python-*.yaml"):
        CliRunner().invoke(app, ["score", str(path)])
    assert set(Path("/tmp").glob("yaml_rce_canary_*")) == canaries


def test_a_50_mb_file_is_refused_by_the_size_cap(corpus: Path, tmp_path: Path) -> None:
    big = tmp_path / "huge.yaml"
    [generator] = (corpus / "hostile").glob("gen-50mb-*.py")
    subprocess.run([sys.executable, str(generator), str(big)], check=True, capture_output=True)
    assert big.stat().st_size > 40_000_000
    result = CliRunner().invoke(app, ["score", str(big)])
    assert result.exit_code == 3
    assert "over the 5 MB limit" in result.stderr and "--max-file-size" in result.stderr
