"""One headless LibreOffice for every test that works a workbook through Calc."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

DRIVER = Path(__file__).with_name("calc_driver.py")
# The UNO bridge is importable only by the system interpreter that LibreOffice was built for.
SYSTEM_PYTHON = "/usr/bin/python3"


class Calc:
    """Runs calc_driver.py tasks against one running soffice."""

    def __init__(self, port: int) -> None:
        self.port = port

    def run(self, task: dict[str, Any]) -> dict[str, Any]:
        done = subprocess.run(
            [SYSTEM_PYTHON, str(DRIVER), str(self.port)],
            input=json.dumps(task),
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        result: dict[str, Any] = json.loads(done.stdout)
        return result


# Where Debian (fonts-crosextra-carlito) and other systems put Carlito, Calibri's metric twin.
FONT_FOLDERS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts")
FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>{folder}</dir>
  <cachedir>{cache}</cachedir>
  <alias binding="same"><family>Calibri</family><accept><family>Carlito</family></accept></alias>
</fontconfig>
"""


def carlito_folder() -> Path | None:
    """The folder holding Carlito Regular, if the machine has it."""
    for root in FONT_FOLDERS:
        for found in sorted(root.glob("**/Carlito-Regular.ttf")) if root.is_dir() else ():
            return found.parent
    return None


def font_set(folder: Path) -> dict[str, str]:
    """The environment for a program that sees no font but Carlito: the pages print in
    Calibri's widths, whatever else the machine has (a wider fallback face would turn every
    row and page count)."""
    carlito = carlito_folder()
    assert carlito is not None
    conf = folder / "fonts.conf"
    conf.write_text(FONTS_CONF.format(folder=carlito, cache=folder / "cache"), encoding="utf-8")
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


def _missing() -> str | None:
    if carlito_folder() is None:
        return (
            "Carlito (Calibri's widths, which the printed pages are measured in) is not "
            "installed: apt-get install fonts-crosextra-carlito"
        )
    if shutil.which("soffice") is None:
        return "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc"
    if shutil.which("pdftotext") is None:
        return "poppler's pdftotext is not installed: apt-get install poppler-utils"
    probe = (
        subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True, check=False)
        if Path(SYSTEM_PYTHON).exists()
        else None
    )
    if probe is None or probe.returncode != 0:
        return "LibreOffice's Python bridge is not installed: apt-get install python3-uno"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("localhost", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def calc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Calc]:
    """A private headless LibreOffice that knows no font but Carlito, started once, closed at
    the end of the session."""
    reason = _missing()
    if reason:
        pytest.skip(reason)
    profile = tmp_path_factory.mktemp("libreoffice-profile")
    fonts = font_set(tmp_path_factory.mktemp("fonts"))
    port = _free_port()
    process = subprocess.Popen(
        [
            "soffice",
            "--headless",
            "--invisible",
            "--norestore",
            f"-env:UserInstallation={profile.as_uri()}",
            f"--accept=socket,host=localhost,port={port};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=fonts,
    )
    office = Calc(port)
    try:
        yield office
    finally:
        try:
            office.run({"task": "quit"})
        finally:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
