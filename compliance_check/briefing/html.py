"""The briefing as one self-contained HTML page: no script, no request, styles inline."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import jinja2
from markupsafe import Markup

from compliance_check.briefing.model import (
    Briefing,
    SectionTrend,
    long_date,
    signed,
)
from compliance_check.files.atomic import write_text_atomic
from compliance_check.model.scoring import Rag
from compliance_check.pages.labels import RAG_LABEL, format_percent

# Bar colours keep at least 3:1 against white (WCAG 1.4.11); the figure beside each bar, not
# the colour, carries the meaning.
BAR_FILL = {
    Rag.GREEN: "#00703c",
    Rag.AMBER: "#a35a00",
    Rag.RED: "#a4141f",
    Rag.NOT_SCORED: "#505a5f",
}
ROW_HEIGHT = 15


@dataclass(frozen=True)
class Bar:
    """One section's bar in the chart."""

    id: str
    title: str
    shown: str
    y: int
    length: float
    fill: str


@dataclass(frozen=True)
class Chart:
    """The section chart's geometry, in SVG user units."""

    bars: tuple[Bar, ...]
    left: int = 34
    span: int = 120
    width: int = 196

    @property
    def height(self) -> int:
        """Tall enough for every bar."""
        return max(len(self.bars), 1) * ROW_HEIGHT + 2


def section_chart(briefing: Briefing) -> Chart:
    """Bars of each section's score against 100%."""
    span = Chart.span
    return Chart(
        bars=tuple(
            Bar(
                id=section.id,
                title=section.title,
                shown=section.shown,
                y=index * ROW_HEIGHT,
                length=round(span * (section.score or 0.0) / 100, 1),
                fill=BAR_FILL[section.rag],
            )
            for index, section in enumerate(briefing.sections)
        )
    )


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("compliance_check.briefing", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def stylesheet() -> str:
    """The page's only style sheet, inlined; the CSP admits exactly this text by its hash."""
    folder = resources.files("compliance_check.briefing").joinpath("templates")
    return folder.joinpath("brief.css").read_text(encoding="utf-8")


def style_source(css: str) -> str:
    """The Content-Security-Policy source that admits this style sheet and no other."""
    digest = hashlib.sha256(css.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string. Every character but an ASCII letter, digit or space is
    escaped, so user text can neither end the string nor the style element."""
    kept = (c if (c.isascii() and c.isalnum()) or c == " " else f"\\{ord(c):06x} " for c in text)
    return '"' + "".join(kept) + '"'


def page_style(briefing: Briefing) -> str:
    """The printed page: A4, its margins carrying the council and the date at the top, the page
    number at the foot, and the marking (when there is one) at both."""
    marking = css_string(briefing.marking) if briefing.marking else None
    boxes = {
        "top-left": css_string(briefing.authority),
        "top-center": marking,
        "top-right": css_string(f"Assessed {briefing.assessed_on}"),
        "bottom-left": css_string("Briefing for members: data handling"),
        "bottom-center": marking,
        "bottom-right": '"Page " counter(page) " of " counter(pages)',
    }
    rules = " ".join(
        f"@{box} {{ content: {content};{' font-weight: bold;' if 'center' in box else ''} }}"
        for box, content in boxes.items()
        if content
    )
    return (
        '\n@page { size: A4; margin: 15mm 11mm 14mm; font-family: Arial, "Liberation Sans", '
        f"sans-serif; font-size: 9pt; color: #0b0c0c; {rules} }}\n"
    )


def render_html(briefing: Briefing) -> str:
    """The briefing as an HTML document; every piece of user text is escaped."""
    css = stylesheet() + page_style(briefing)
    trends: dict[str, SectionTrend] = (
        {section.id: section for section in briefing.trend.sections} if briefing.trend else {}
    )
    return (
        _environment()
        .get_template("brief.html.j2")
        .render(
            b=briefing,
            # Our own file, not user text: inside <style> an escaped '>' would break the CSS.
            css=Markup(css),
            style_hash=style_source(css),
            chart=section_chart(briefing),
            rag_class=lambda rag: rag.value.replace(" ", "-"),
            rag_word=RAG_LABEL.__getitem__,
            trend_for=trends.get,
            percent=format_percent,
            signed=signed,
            long_date=long_date,
        )
    )


def write_briefing_html(path: Path, briefing: Briefing, *, replace: bool = False) -> None:
    """Render the briefing and write it to ``path`` at once, or not at all."""
    write_text_atomic(path, render_html(briefing), replace=replace)
