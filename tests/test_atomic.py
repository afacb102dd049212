"""Writing output files: through symbolic links, and refusing names the system cannot hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance_check.atomic import check_writable_target, write_text_atomic
from compliance_check.errors import OutputError


def test_writing_through_a_symbolic_link_updates_the_file_and_keeps_the_link(
    tmp_path: Path,
) -> None:
    real = tmp_path / "shared" / "council.answers.yaml"
    real.parent.mkdir()
    real.write_text("old\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    write_text_atomic(link, "new\n")
    assert link.is_symlink()
    assert real.read_text() == "new\n"
    assert sorted(p.name for p in real.parent.iterdir()) == ["council.answers.yaml"]


def test_a_name_too_long_for_the_file_system_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="File name too long"):
        check_writable_target(tmp_path / ("x" * 300 + ".xlsx"))


def test_a_device_is_not_a_file_to_write(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="not a regular file"):
        check_writable_target(Path("/dev/null"))
