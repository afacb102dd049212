"""The briefing in a real browser (headless Chromium): axe finds nothing, it prints on at most two
A4 sheets (four pages) whose text carries the JSON's figures, every page marked and numbered, it
makes no request, and it reflows on a phone and at 200% zoom. Screenshots land in the test's
temporary folder, to be looked at."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from base64 import b64decode
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from compliance_check.cli import app
from compliance_check.model.answers import save_answers
from compliance_check.model.checklist import Checklist
from compliance_check.pages.labels import format_percent
from tests.briefing.briefing_data import AUTHORITY, a_year_earlier, json_of, with_gaps
from tests.conftest import answers_for

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
POPPLER = shutil.which("pdfinfo") and shutil.which("pdftotext")
MISSING = [
    name
    for name, found in (
        ("chromium", CHROMIUM),
        ("chromium-driver", CHROMEDRIVER),
        ("poppler-utils", POPPLER),
    )
    if not found
]
if MISSING:
    pytest.skip(
        f"{', '.join(MISSING)} not installed (.ci/run installs them with apt-get as root)",
        allow_module_level=True,
    )

from axe_selenium_python import Axe  # noqa: E402 - only where a browser can run
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.print_page_options import PrintOptions  # noqa: E402

# axe-selenium-python ships axe-core 3.1, which predates WCAG 2.1 and 2.2 rules; the axe-core 4
# inside axe-playwright-python knows them. Both run; only the script file is used of the second.
AXE_4 = resources.files("axe_playwright_python").joinpath("axe.min.js")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture(scope="module")
def driver() -> Iterator[webdriver.Chrome]:
    """One headless Chromium for the module, logging every network event."""
    options = webdriver.ChromeOptions()
    assert CHROMIUM is not None and CHROMEDRIVER is not None
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    browser = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory, shipped: Checklist) -> dict[str, Any]:
    """A full, a partial, and a cohort-and-trend briefing, with the JSON of each assessment."""
    folder = tmp_path_factory.mktemp("briefings")
    runner = CliRunner()

    def answers(name: str, responses: dict[str, Any], **header: Any) -> Path:
        path = folder / name
        save_answers(path, answers_for(shipped, responses, authority=AUTHORITY, **header))
        return path

    full = answers("council.answers.yaml", with_gaps(shipped, 30))
    partial = answers("partial.answers.yaml", with_gaps(shipped, 12, unanswered=25))
    last = answers(
        "last.answers.yaml",
        a_year_earlier(shipped, with_gaps(shipped, 30)),
        assessed_on="2025-11-20",
    )
    submissions = folder / "cohort"
    submissions.mkdir()
    for number in range(6):
        for respondent in range(3):
            path = submissions / f"a{number}-{respondent}.yaml"
            name = AUTHORITY if number == 2 else f"Authority {number}"
            role = {"name": f"R{respondent}", "role": "information_governance"}
            responses = with_gaps(shipped, 8 + 5 * number + respondent)
            save_answers(path, answers_for(shipped, responses, authority=name, respondent=role))
    cohort = folder / "cohort.json"
    batch = ["batch", str(submissions), "--json", str(cohort), "--jobs", "1", "--min-group", "3"]
    assert runner.invoke(app, batch).exit_code == 0
    made: dict[str, Any] = {"folder": folder}
    trend = ["--previous", str(last), "--cohort", str(cohort), "--marking", "OFFICIAL"]
    # The full and the partial briefing take the default marking, as the workbooks do.
    for name, source, extra in (
        ("full", full, []),
        ("partial", partial, []),
        ("cohort-and-trend", full, trend),
    ):
        output = folder / f"{name}.html"
        result = runner.invoke(app, ["brief", str(source), "-o", str(output), *extra])
        assert result.exit_code == 0, result.output
        made[name] = output
    made["json"] = json_of(runner, "score", full)
    made["compare"] = json_of(runner, "compare", last, full)
    return made


def load(driver: webdriver.Chrome, page: Path) -> None:
    driver.get_log("performance")  # drop the events of earlier pages
    driver.get(page.as_uri())


@pytest.mark.parametrize("name", ["full", "partial", "cohort-and-trend"])
def test_axe_finds_no_violation(driver: webdriver.Chrome, pages: dict[str, Any], name: str) -> None:
    load(driver, pages[name])
    old = Axe(driver)
    old.inject()
    found = old.run()["violations"]
    assert found == [], old.report(found)
    new = Axe(driver, script_url=str(AXE_4))
    new.inject()
    assert driver.execute_script("return axe.version").startswith("4.")
    options = json.dumps({"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    results = new.run(options=options)
    assert results["violations"] == [], new.report(results["violations"])
    assert len(results["passes"]) > 20  # the rules really ran


def test_no_network_request(driver: webdriver.Chrome, pages: dict[str, Any]) -> None:
    page = pages["cohort-and-trend"]
    load(driver, page)
    requested = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requested.append(message["params"]["request"]["url"])
    assert requested == [page.as_uri()]


def printed(driver: webdriver.Chrome, pages: dict[str, Any], name: str) -> tuple[Path, int]:
    """The briefing ``name`` as Chromium prints it on A4, and its page count."""
    load(driver, pages[name])
    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7
    pdf = pages["folder"] / f"{name}.pdf"
    pdf.write_bytes(b64decode(driver.print_page(options)))
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info
    count = next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1]
    return pdf, int(count)


def test_prints_on_at_most_two_a4_sheets_with_the_json_figures(
    driver: webdriver.Chrome, pages: dict[str, Any]
) -> None:
    pdf, count = printed(driver, pages, "cohort-and-trend")
    assert 1 <= count <= 4  # two sheets, printed on both sides
    layout = subprocess.run(
        ["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True
    ).stdout
    text = " ".join(layout.split())
    data, trend = pages["json"], pages["compare"]
    assert len(data["items"]) == 61 and len(data["gaps"]) == 30
    assert f"meets {format_percent(data['score'])} of the 2008 guideline" in text
    must = sum(1 for item in data["items"] if item["priority"] == "must")
    assert f"{data['counts']['must_not_met']} of {must} must items are not met" in text
    assert f"for {data['counts']['dont_know']} items the council does not know" in text
    for section in data["sections"]:
        # The table's row: the id, the title's first word, and the score on one printed line.
        score = re.escape(format_percent(section["score"]))
        row = rf"{section['id']} {section['title'].split()[0]} .*{score}"
        assert re.search(row, layout), row
    assert f"from {format_percent(trend['score']['before'])} to" in text
    assert data["checklist"]["sha256"] in text.replace(" ", "")


@pytest.mark.parametrize(
    ("name", "marking"), [("cohort-and-trend", "OFFICIAL"), ("full", "OFFICIAL-SENSITIVE")]
)
def test_every_printed_page_is_marked_at_top_and_foot_with_the_council_and_its_number(
    driver: webdriver.Chrome, pages: dict[str, Any], name: str, marking: str
) -> None:
    pdf, count = printed(driver, pages, name)
    for number in range(1, count + 1):
        text = subprocess.run(
            ["pdftotext", "-layout", "-f", str(number), "-l", str(number), pdf, "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        lines = [line.split() for line in text.splitlines() if line.strip()]
        top, foot = " ".join(lines[0]), lines[-1]
        assert top.startswith(AUTHORITY) and marking in lines[0], (number, top)
        assert marking in foot and foot[-4:] == ["Page", str(number), "of", str(count)], foot


def test_prints_body_text_at_10_points_and_notes_at_9_or_more(
    driver: webdriver.Chrome, pages: dict[str, Any]
) -> None:
    load(driver, pages["cohort-and-trend"])
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        # Every element holding text of its own, with its printed size in points (0.75 of a
        # px); a chart's text is scaled with its drawing.
        sizes = driver.execute_script(
            """const scale = e => e.ownerSVGElement
                  ? e.ownerSVGElement.getBoundingClientRect().width
                    / e.ownerSVGElement.viewBox.baseVal.width
                  : 1;
               return [...document.body.querySelectorAll('*')]
                .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.data.trim()))
                .filter(e => e.getClientRects().length)
                .map(e => [e.tagName + ' ' + e.getAttribute('class'),
                           Math.round(parseFloat(getComputedStyle(e).fontSize) * scale(e)
                                      * 7.5) / 10])"""
        )
        body = driver.execute_script(
            "return Math.round(parseFloat(getComputedStyle(document.body).fontSize) * 7.5) / 10"
        )
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert body >= 10
    smallest = sorted(sizes, key=lambda found: found[1])[:5]
    assert len(sizes) > 100 and smallest[0][1] >= 9, smallest


@pytest.mark.parametrize(
    ("name", "width"), [("desktop", 1280), ("zoom-200", 640), ("phone", 390), ("zoom-400", 320)]
)
def test_reflows_and_is_photographed(
    driver: webdriver.Chrome, pages: dict[str, Any], name: str, width: int
) -> None:
    load(driver, pages["cohort-and-trend"])
    driver.set_window_size(width, 900)
    # The viewport is what the page lays out in: 640 CSS pixels is a 1280 pixel window at 200%.
    frame = width - driver.execute_script("return window.innerWidth")
    driver.set_window_size(width + frame, 900)
    assert driver.execute_script("return window.innerWidth") == width
    shown, wide = driver.execute_script(
        "const root = document.documentElement; return [root.clientWidth, root.scrollWidth]"
    )
    assert wide <= shown, f"the page scrolls sideways at {width} px ({wide} px wide)"
    scrolling = driver.execute_script(
        "return [...document.querySelectorAll('.scroll')]"
        ".filter(box => box.scrollWidth > box.clientWidth).length"
    )
    # At 400% (320 px) a data table may scroll inside its own box, as WCAG 1.4.10 allows.
    assert width == 320 or scrolling == 0, f"{scrolling} tables scroll at {width} px"
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width + frame, min(height + 200, 12000))
    shot = pages["folder"] / f"screenshot-{name}-{width}.png"
    assert driver.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
