"""Reading a workbook printed to PDF as its reader would: page by page, with poppler's tools."""

from __future__ import annotations

import re
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

# A word's box in pdftotext -bbox is 1.30 times its font size in Carlito (the face LibreOffice
# prints Calibri in; measured on a sheet printed at 100%), and body text is 11 pt.
BOX_PER_POINT = 1.30
BODY_POINTS = 11
FOOTER = re.compile(r"^(?P<sheet>.+?)\s{2,}.*Page (?P<page>\d+) of (?P<pages>\d+)\s*$")


@dataclass(frozen=True)
class Page:
    """One printed page: its text, the sheet its footer names, and the scale it printed at."""

    number: int
    text: str
    sheet: str
    scale: float
    body_lines: int  # lines of text between the header and the footer


def pages(pdf: Path) -> list[Page]:
    """Every page of ``pdf``: footer read from the text, scale from the words' heights."""
    texts = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")[:-1]
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    # The -bbox output is XHTML; its namespace is dropped to keep the paths short.
    root = ElementTree.fromstring(re.sub(r'\sxmlns="[^"]+"', "", boxes, count=1))
    heights = [
        [float(word.get("yMax", 0)) - float(word.get("yMin", 0)) for word in page.iter("word")]
        for page in root.iter("page")
    ]
    found = []
    for number, (text, words) in enumerate(zip(texts, heights, strict=True), start=1):
        lines = [line for line in text.splitlines() if line.strip()]
        footer = FOOTER.match(lines[-1].strip()) if lines else None
        # The commonest word height is body text's: most of a sheet's words are.
        scale = statistics.mode(round(h, 1) for h in words) / (BODY_POINTS * BOX_PER_POINT)
        found.append(
            Page(
                number=number,
                text=text,
                sheet=footer.group("sheet") if footer else "",
                scale=scale,
                body_lines=max(len(lines) - 2, 0),
            )
        )
    return found
