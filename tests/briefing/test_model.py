"""The members' briefing: its figures equal the JSON, hidden cohort figures stay hidden, and no
user text becomes markup, script or an active link."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pydantic import ValidationError
from typer.testing import CliRunner, Result

from compliance_check.briefing.cohort import CohortFile
from compliance_check.briefing.html import page_style, render_html, stylesheet
from compliance_check.briefing.model import (
    GOVERNANCE_ITEMS,
    build_briefing,
    evidence_link,
    ordinal,
)
from compliance_check.cli import app
from compliance_check.model import baselines
from compliance_check.model.checklist import Checklist
from compliance_check.model.compare import compare
from compliance_check.model.scoring import score
from compliance_check.pages.labels import format_percent
from tests.briefing.briefing_data import (
    AUTHORITY,
    Page,
    a_year_earlier,
    json_of,
    with_gaps,
    write_cohort,
)
from tests.conftest import WriteAnswers, answers_for

CORPUS = Path(__file__).parent.parent / "corpus" / "formula-injection.json"
HTML_PAYLOADS = [
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.domain)",
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)' autofocus='",
    "<img src=x onerror=alert(1)>",
    "</title><script>alert(1)</script>",
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "</style><style>body{display:none}</style>",
    "<iframe src=https://evil.example/></iframe>",
    "{{ 7*7 }} {% raw %}",
]


def payloads() -> list[str]:
    corpus = [entry["payload"] for entry in json.loads(CORPUS.read_text(encoding="utf-8"))]
    return corpus + HTML_PAYLOADS


def brief(runner: CliRunner, *args: str | Path) -> Result:
    return runner.invoke(app, ["brief", *map(str, args)])


@pytest.fixture
def council(write_answers: WriteAnswers, shipped: Checklist) -> Path:
    """58 items, 30 gaps, answered by a named officer."""
    return write_answers(
        shipped,
        with_gaps(shipped, 30),
        "council.answers.yaml",
        authority=AUTHORITY,
        respondent={"name": "Jo Bloggs", "role": "information_governance"},
    )


@pytest.fixture
def last_year(write_answers: WriteAnswers, shipped: Checklist) -> Path:
    return write_answers(
        shipped,
        a_year_earlier(shipped, with_gaps(shipped, 30)),
        "last.answers.yaml",
        authority=AUTHORITY,
        assessed_on="2025-11-20",
    )


def written(runner: CliRunner, tmp_path: Path, *args: str | Path) -> tuple[str, Page]:
    output = tmp_path / "brief.html"
    result = brief(runner, *args, "-o", output)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert f"Wrote {output}: " in result.stderr
    html = output.read_text(encoding="utf-8")
    return html, Page(html)


def test_every_figure_equals_score_json(
    runner: CliRunner, tmp_path: Path, council: Path, shipped: Checklist
) -> None:
    data = json_of(runner, "score", council)
    html, page = written(runner, tmp_path, council)
    counts = data["counts"]
    must_items = sum(
        1
        for item in data["items"]
        if item["priority"] == "must" and item["answer"] != "not_applicable"
    )
    assert (
        f"{AUTHORITY} meets {format_percent(data['score'])} of the 2008 guideline; "
        f"{counts['must_not_met']} of {must_items} must items are not met; for "
        f"{counts['dont_know']} items the council does not know." in page.text
    )
    assert f"Rating {data['rag'].upper()}" in page.text
    for section in data["sections"]:
        row = f"{section['id']} {section['title']} {format_percent(section['score'])}"
        assert row in page.text
        # The chart's text alternative holds the same figure.
        assert f"{section['title']}: {format_percent(section['score'])}" in page.text
    must_gaps = [gap["id"] for gap in data["gaps"] if gap["priority"] == "must"]
    unknown = [gap["id"] for gap in data["gaps"] if gap["kind"] == "assurance"]
    assert len(must_gaps) == counts["must_not_met"]
    assert len(unknown) == counts["dont_know"]
    listed = re.findall(r"<th scope=\"row\" class=\"id\">([A-Z]+-\d\d)</th>", html)
    assert listed[: len(must_gaps)] == must_gaps
    for requirement_id in unknown:
        assert f"<strong>{requirement_id}</strong>" in html
    should = sum(1 for gap in data["gaps"] if gap["priority"] == "should")
    assert f"{should} should items are not fully met" in page.text
    # The method names what the JSON names.
    assert data["checklist"]["sha256"] in page.text
    assert f"compliance-check {data['tool_version']}" in page.text
    assert f"version {data['checklist']['version']}" in page.text


def test_the_trend_is_compares_own_figures(
    runner: CliRunner, tmp_path: Path, council: Path, last_year: Path
) -> None:
    data = json_of(runner, "compare", last_year, council)
    _, page = written(runner, tmp_path, council, "--previous", last_year)
    score_data = data["score"]
    assert (
        f"the score rose {score_data['change']:.1f} points, from "
        f"{format_percent(score_data['before'])} to {format_percent(score_data['after'])}"
        in page.text
    )
    counts = data["counts"]
    assert (
        f"{counts['improved']} items improved, {counts['regressed']} regressed and "
        f"{counts['newly_known']} became known" in page.text
    )
    for section in data["sections"]:
        change = "n/a" if section["change"] is None else f"{section['change']:+.1f}"
        assert f"{format_percent(section['before'])} {change}" in page.text
    regressed = data["groups"]["regressed"]
    assert regressed, "the fixture has regressions to name"
    assert f"Regressed ({len(regressed)})" in page.text
    for item in regressed:
        assert f"{item['id']} {item['title']}" in page.text


def test_position_uses_the_cohort_files_figures(
    runner: CliRunner,
    tmp_path: Path,
    council: Path,
    write_answers: WriteAnswers,
    shipped: Checklist,
) -> None:
    cohort = write_cohort(runner, write_answers, shipped, tmp_path / "cohort")
    data = json.loads(cohort.read_text(encoding="utf-8"))
    ours = next(row for row in data["authorities"] if row["name"] == AUTHORITY)
    # The disclosure rule may withhold this council to protect the lone one; published here by
    # hand with a figure no answers file gives, the page can only have it from the file.
    ours.update(hidden=False, score=71.25, gap=28.75, rag="red")
    cohort.write_text(json.dumps(data), encoding="utf-8")
    _, page = written(runner, tmp_path, council, "--cohort", cohort)
    published = [row for row in data["authorities"] if not row["hidden"]]
    rank = 1 + sum(1 for row in published if row["score"] > ours["score"])
    assert (
        f"The cohort holds {data['counts']['authorities']} authorities; the median of its "
        f"{data['counts']['respondents']} respondents' scores is "
        f"{format_percent(data['scores']['median'])}." in page.text
    )
    # The median is over respondents, not authorities, as the cohort file says.
    assert data["scores"]["over"] == "respondents"
    assert data["scores"]["respondents"] == data["counts"]["respondents"] > len(published)
    assert (
        f"In the cohort {AUTHORITY} scores {format_percent(ours['score'])} (the mean of its 3 "
        "respondents): "
        f"{ordinal(rank)} of the {len(published)} authorities whose score is published."
        in page.text
    )
    assert any(row["hidden"] for row in data["authorities"]), "the lone council is hidden"


def test_a_published_cohort_withholds_a_small_council(
    runner: CliRunner,
    tmp_path: Path,
    council: Path,
    write_answers: WriteAnswers,
    shipped: Checklist,
) -> None:
    """`batch --publish` hides an authority of two respondents: the briefing shows none of its
    figures, though this council's own assessment is still shown as its own."""
    folder = tmp_path / "submissions"
    folder.mkdir()
    for number in range(4):
        name = AUTHORITY if number == 0 else f"Authority {number}"
        for respondent in range(2 if number == 0 else 5):
            write_answers(
                shipped,
                with_gaps(shipped, 9 + 3 * number + respondent),
                f"submissions/a{number}-{respondent}.yaml",
                authority=name,
                respondent={"name": f"R{respondent}", "role": "information_governance"},
            )
    cohort = tmp_path / "public.json"
    result = runner.invoke(
        app,
        ["batch", str(folder), "--publish", "--name-authorities", "--json", str(cohort), "-j", "1"],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(cohort.read_text(encoding="utf-8"))
    ours = next(row for row in data["authorities"] if row["name"] == AUTHORITY)
    assert ours["hidden"] and ours["score"] is None
    own = json_of(runner, "score", council)
    _, page = written(runner, tmp_path, council, "--cohort", cohort)
    assert f"The cohort file withholds {AUTHORITY}'s figures" in page.text
    assert "whose score is published" not in page.text
    assert f"meets {format_percent(own['score'])}" in page.text
    if data["scores"]["median"] is not None:
        assert f"respondents' scores is {format_percent(data['scores']['median'])}" in page.text
    else:
        assert "does not publish a median score" in page.text


def cohort_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": "compliance-check/cohort",
        "format_version": "1.0",
        "checklist": {"id": "lga-data-handling-2008", "title": "LGA"},
        "profile": "full",
        "min_group": 5,
        "counts": {"authorities": 4, "respondents": 20},
        "scores": {"hidden": False, "mean": 61.11, "median": 62.22},
        "authorities": [
            {"name": "Authority A", "hidden": False, "respondents": 5, "score": 71.11},
            {"name": AUTHORITY, "hidden": False, "respondents": 5, "score": 57.77},
            {"name": "Authority C", "hidden": True, "respondents": None, "score": 93.33},
            {"name": "Authority D", "hidden": False, "respondents": 5, "score": 44.44},
        ],
    }
    data.update(changes)
    return data


def position_text(shipped: Checklist, data: dict[str, Any], **header: Any) -> str:
    answers = answers_for(shipped, with_gaps(shipped, 30), authority=AUTHORITY, **header)
    assessment = score(shipped, answers)
    cohort = CohortFile.model_validate(data)
    return Page(render_html(build_briefing(shipped, answers, assessment, cohort=cohort))).text


def test_a_hidden_row_is_neither_shown_nor_ranked(shipped: Checklist) -> None:
    text = position_text(shipped, cohort_data())
    assert "93.3" not in text  # Authority C's withheld score, even though the file holds it
    assert "2nd of the 3 authorities whose score is published" in text
    assert "62.2%" in text


def test_hidden_totals_and_a_hidden_council_show_nothing(shipped_1_1: Checklist) -> None:
    # Checklist 1.1: under 1.2 the council's own INC score happens to print as 61.1%.
    data = cohort_data(scores={"hidden": True, "mean": 61.11, "median": 62.22})
    data["authorities"][1]["hidden"] = True
    text = position_text(shipped_1_1, data)
    for withheld in ("61.1", "62.2", "57.8", "93.3"):
        assert withheld not in text
    assert "does not publish a median score" in text
    assert f"The cohort file withholds {AUTHORITY}'s figures" in text
    assert "whose score is published" not in text


def test_a_council_missing_from_the_cohort_is_said_so(shipped: Checklist) -> None:
    data = cohort_data()
    data["authorities"].pop(1)
    assert f"{AUTHORITY} is not in this cohort file." in position_text(shipped, data)


KENT = "E10000016"


def test_the_council_is_found_by_its_code_not_by_a_namesake(shipped: Checklist) -> None:
    # The case: a second council of the same name, with another code, scored 96.8%.
    data = cohort_data()
    data["authorities"][1]["code"] = KENT
    namesake = {"name": AUTHORITY, "code": "E10000099", "hidden": False, "score": 96.8}
    data["authorities"].insert(0, namesake | {"respondents": 5})
    text = position_text(shipped, data, authority_code=KENT)
    assert "scores 57.8% (the mean of its 5 respondents): 3rd of the 4 authorities" in text
    assert "96.8" not in text.split("In the cohort")[1]
    # By another code than any in the cohort, it is not there, whatever the names say.
    assert f"{AUTHORITY} is not in this cohort file." in position_text(
        shipped, data, authority_code="E06000035"
    )


def test_a_look_alike_spelling_of_the_name_finds_the_council(shipped: Checklist) -> None:
    data = cohort_data()
    # Cyrillic o's, as a cohort of files typed on another keyboard may hold.
    data["authorities"][1]["name"] = AUTHORITY.replace("o", "\u043e")
    assert data["authorities"][1]["name"] != AUTHORITY
    text = position_text(shipped, data)
    assert "scores 57.8%" in text


@pytest.mark.parametrize(
    ("codes", "answers_code", "refusal"),
    [
        # Two rows of the name and no code to tell them apart.
        ([None, None], None, "names 2 authorities"),
        # The cohort knows the council by code; the answers file gives none.
        ([KENT], None, f"with the code {KENT}, and the answers file gives none"),
        # The answers file gives a code; the cohort row of the name has none.
        ([None], KENT, "without a code, and the answers file gives E10000016"),
    ],
)
def test_a_match_that_is_not_certain_is_refused_with_the_reason(
    runner: CliRunner,
    tmp_path: Path,
    write_answers: WriteAnswers,
    shipped: Checklist,
    codes: list[str | None],
    answers_code: str | None,
    refusal: str,
) -> None:
    header = {} if answers_code is None else {"authority_code": answers_code}
    council = write_answers(
        shipped, with_gaps(shipped, 30), "c.yaml", authority=AUTHORITY, **header
    )
    data = cohort_data()
    data["authorities"] = [
        {"name": AUTHORITY, "code": code, "hidden": False, "respondents": 5, "score": 50.0}
        for code in codes
    ]
    cohort = tmp_path / "cohort.json"
    cohort.write_text(json.dumps(data), encoding="utf-8")
    result = brief(runner, council, "--cohort", cohort, "-o", tmp_path / "brief.html")
    assert result.exit_code == 3
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: {cohort}: ") and refusal in line, line
    assert not (tmp_path / "brief.html").exists()


def test_a_published_cohort_that_names_no_council_gives_no_place(shipped: Checklist) -> None:
    data = cohort_data(authorities_named=False, authorities=[], format_version="1.2")
    text = position_text(shipped, data)
    assert "names no authority" in text and "62.2%" in text
    assert "not in this cohort file" not in text


def assert_inert(page: Page) -> None:
    """No script, no event attribute, no active URL: links only to web and mail addresses."""
    assert not page.tags("script")
    assert not page.tags("iframe") and not page.tags("img") and not page.tags("object")
    assert len(page.tags("svg")) == 1 and len(page.tags("title")) == 2  # the page's and chart's
    assert len(page.tags("style")) == 1
    for tag, attrs in page.elements:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            if name in ("href", "src", "xlink:href", "action", "formaction"):
                assert tag == "a" and value is not None, (tag, name, value)
                assert value.split(":", 1)[0].lower() in ("https", "http", "mailto"), value
            assert "javascript:" not in (value or "").lower(), (tag, name, value)


@pytest.mark.parametrize("payload", payloads())
def test_hostile_text_stays_text(shipped: Checklist, payload: str) -> None:
    responses = with_gaps(shipped, 30)
    first_gap = next(rid for rid, r in responses.items() if r["answer"] == "no")
    responses[first_gap] = {"answer": "no", "note": payload, "evidence": [payload, payload]}
    authority = f"Council {payload}"
    try:
        answers = answers_for(
            shipped, responses, authority=authority, respondent={"name": payload, "role": "other"}
        )
        places = 5  # authority (headline and heading), name, marking, evidence
    except ValidationError:  # names refuse control characters; evidence and marking keep them
        authority = "Council"
        answers = answers_for(shipped, responses, authority=authority)
        places = 2
    html = render_html(
        build_briefing(shipped, answers, score(shipped, answers), marking=f"OFFICIAL {payload}")
    )
    page = Page(html)
    assert_inert(page)
    shown = " ".join(payload.split())
    assert f"Briefing for members: {' '.join(authority.split())}, data handling" == " ".join(
        page.texts_by_tag["title"][0].split()
    )
    assert page.text.count(shown) >= places


def css_strings(style: str) -> list[str]:
    """The string values of a style sheet's ``content`` properties, their escapes decoded."""
    return [
        re.sub(r"\\([0-9a-f]{6}) ", lambda hexa: chr(int(hexa.group(1), 16)), quoted)
        for quoted in re.findall(r'content: "((?:[^"\\]|\\.)*)"', style)
    ]


@pytest.mark.parametrize("payload", ['"; } body { display: none } </style><script>', "\\ 'é' €"])
def test_the_printed_margins_name_the_council_and_marking_as_inert_text(
    shipped: Checklist, payload: str
) -> None:
    answers = answers_for(shipped, with_gaps(shipped, 30), authority=f"Council {payload}")
    style = page_style(
        build_briefing(shipped, answers, score(shipped, answers), marking=f"OFFICIAL {payload}")
    )
    # No markup, and each string read back whole: user text cannot leave its string.
    assert "<" not in style
    assert css_strings(style)[:2] == [f"Council {payload}", f"OFFICIAL {payload}"]


def test_evidence_links_only_for_web_and_mail_addresses() -> None:
    linked = ["https://example.gov.uk/a?b=1&c=2", "http://intranet.example/x", "mailto:dpo@x.uk"]
    for reference in linked:
        assert evidence_link(reference).href == reference
    for reference in [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "java\tscript:alert(1)",
        " https://example.gov.uk",
        "https://exa mple.gov.uk",
        "https:",
        "https:///nohost",
        "mailto:",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox",
        "//evil.example/x",
        "file:///etc/passwd",
        "Policy folder, shelf 3",
        "https://example.gov.uk/\u202ereversed",
    ]:
        link = evidence_link(reference)
        assert link.href is None and link.text == reference, reference


def test_the_page_forbids_everything_but_its_own_style(
    runner: CliRunner, tmp_path: Path, council: Path
) -> None:
    html, page = written(runner, tmp_path, council)
    policy = next(
        attrs["content"]
        for attrs in page.tags("meta")
        if attrs.get("http-equiv") == "Content-Security-Policy"
    )
    assert policy is not None
    # The style sheet, and the printed page's margins naming the council (escaped).
    css = html[html.index("<style>") + len("<style>") : html.index("</style>")]
    assert css.startswith(stylesheet()) and css.count("@page") == 1
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    assert policy.startswith("default-src 'none'; ")
    assert f"style-src 'sha256-{digest}'" in policy
    assert html.index("Content-Security-Policy") < html.index("<style>")
    assert "</style" not in css.lower() and "url(" not in css and "@import" not in css
    # Nothing on the page can make a request: the only URLs are evidence links and the SVG
    # namespace name.
    for _, attrs in page.elements:
        for name, value in attrs.items():
            if name != "xmlns" and value and "://" in value:
                assert name == "href", (name, value)


def test_structure_for_assistive_technology(
    runner: CliRunner, tmp_path: Path, council: Path, last_year: Path
) -> None:
    html, page = written(runner, tmp_path, council, "--previous", last_year)
    assert page.tags("html") == [{"lang": "en-GB"}]
    assert len(page.tags("h1")) == 1
    levels = [int(tag[1]) for tag, _ in page.elements if re.fullmatch(r"h[1-6]", tag)]
    assert levels[0] == 1
    assert all(later <= earlier + 1 for earlier, later in pairwise(levels))
    assert all(attrs.get("scope") in ("col", "row") for attrs in page.tags("th"))
    svg = page.tags("svg")[0]
    assert svg["role"] == "img" and svg["aria-labelledby"] == "chart-title chart-desc"
    assert 'id="chart-title"' in html and 'id="chart-desc"' in html


def test_an_incomplete_assessment_says_so_first(
    runner: CliRunner, tmp_path: Path, write_answers: WriteAnswers, shipped_1_1: Checklist
) -> None:
    partial = write_answers(shipped_1_1, with_gaps(shipped_1_1, 10, unanswered=20), "partial.yaml")
    data = json_of(runner, "score", partial)
    _, page = written(runner, tmp_path, partial)
    notice = (
        f"This assessment is incomplete: {data['counts']['unanswered']} of 58 items have no "
        "answer yet"
    )
    assert notice in page.text
    answered = data["counts"]["answered"]
    assert (
        f"Over the {answered} answered items the score is "
        f"{format_percent(data['answered_score'])}." in page.text
    )
    assert page.text.index(notice) < page.text.index(" meets ")
    assert f"Items not answered {data['counts']['unanswered']}" in page.text


def test_the_governance_items_carry_the_checklists_own_wording(
    runner: CliRunner, tmp_path: Path, council: Path, shipped: Checklist
) -> None:
    _, page = written(runner, tmp_path, council)
    for requirement_id in GOVERNANCE_ITEMS:
        baseline = shipped.requirements[requirement_id].baseline
        assert baseline is not None
        assert f"{requirement_id} {shipped.requirements[requirement_id].title}" in page.text
        assert f"{baselines.brief(baseline)} (of respondents, not councils" in page.text
    # GOV-05's and INC-01's figures are ceilings, never a measured "55% yes".
    assert "45% no or don't know: at most 55% yes" in page.text
    assert "41% don't know: at most 59% yes" in page.text
    assert "count respondents, not councils" in page.text


def test_sign_off_names_only_the_answers_files_officer(
    runner: CliRunner, tmp_path: Path, write_answers: WriteAnswers, shipped: Checklist
) -> None:
    anonymous = write_answers(shipped, with_gaps(shipped, 5), "anon.yaml")
    html, page = written(runner, tmp_path, anonymous)
    assert "Role: Information governance" in page.text
    # The name line is blank, to be written by hand: no login or machine name fills it.
    assert '<p class="line"><span>Name</span><span></span></p>' in html
    assert html.count("<span>Signature</span><span></span>") == 2


def test_an_existing_page_is_replaced_only_with_force(
    runner: CliRunner, tmp_path: Path, council: Path
) -> None:
    output = tmp_path / "brief.html"
    output.write_text("kept", encoding="utf-8")
    refused = brief(runner, council, "-o", output)
    assert refused.exit_code == 3
    assert refused.stderr.strip().startswith(f"error: {output}: already exists")
    assert output.read_text(encoding="utf-8") == "kept"
    assert brief(runner, council, "-o", output, "--force").exit_code == 0
    assert "<!DOCTYPE html>" in output.read_text(encoding="utf-8")


def test_the_marking_defaults_to_the_workbooks_official_sensitive(
    runner: CliRunner, tmp_path: Path, council: Path
) -> None:
    output = tmp_path / "brief.html"
    assert brief(runner, council, "-o", output).exit_code == 0
    page = output.read_text(encoding="utf-8")
    assert '<p class="marking">OFFICIAL-SENSITIVE</p>' in page
    assert css_strings(page).count("OFFICIAL-SENSITIVE") == 2  # the margins' top and foot


def test_a_symbolic_link_is_never_written_through(
    runner: CliRunner, tmp_path: Path, council: Path
) -> None:
    target = tmp_path / "elsewhere.html"
    target.write_text("kept", encoding="utf-8")
    link = tmp_path / "brief.html"
    link.symlink_to(target)
    result = brief(runner, council, "-o", link)
    assert result.exit_code == 3
    assert "is a symbolic link" in result.stderr
    assert target.read_text(encoding="utf-8") == "kept" and link.is_symlink()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "cohort.json:1:2: is not valid JSON"),
        ('{"format": "compliance-check/assessment"}', "is not a cohort file"),
        ("[1, 2]", "is not a cohort file"),
        ("[" * 100_000 + "]" * 100_000, "cohort.json: "),
        (
            '{"format": "compliance-check/cohort", "format_version": "1.0", "checklist": {"id": '
            '"x"}, "scores": {"median": NaN}}',
            "NaN is not a number JSON allows",
        ),
        (
            '{"format": "compliance-check/cohort", "format_version": "1.0", "checklist": {"id": '
            '"x"}, "authorities": [{"name": "A", "score": 140}]}',
            "authorities.0.score",
        ),
    ],
)
def test_a_bad_cohort_file_is_one_line_and_nothing_is_written(
    runner: CliRunner, tmp_path: Path, council: Path, content: str, message: str
) -> None:
    cohort = tmp_path / "cohort.json"
    cohort.write_text(content, encoding="utf-8")
    output = tmp_path / "brief.html"
    result = brief(runner, council, "--cohort", cohort, "-o", output)
    assert result.exit_code == 3
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert not output.exists()
    assert list(tmp_path.glob(".brief.html*")) == []


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["-o", "brief.yaml"], 3, "must end in .html"),
        (["-o", "brief.html", "--marking", "OFFICIAL\nSENSITIVE"], 2, "printable"),
        (["-o", "brief.html", "--marking", "x" * 121], 2, "120"),
        (["-o", "brief.html", "--previous", "missing.yaml"], 3, "does not exist"),
    ],
)
def test_bad_options_fail_clearly(
    runner: CliRunner,
    tmp_path: Path,
    council: Path,
    args: list[str],
    code: int,
    message: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    result = brief(runner, council, *args)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert not (tmp_path / "brief.html").exists()


def test_ordinals() -> None:
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "101st",
        "111th",
    ]


def test_the_comparison_and_the_model_agree(shipped: Checklist) -> None:
    now = answers_for(shipped, with_gaps(shipped, 30))
    then = answers_for(shipped, a_year_earlier(shipped, with_gaps(shipped, 30)))
    comparison = compare((shipped, then), (shipped, now))
    briefing = build_briefing(shipped, now, comparison.after, comparison=comparison)
    assert briefing.trend is not None
    assert briefing.score == briefing.trend.after
    assert briefing.trend.counts["regressed"] == len(briefing.trend.regressed) == 2


def test_the_actions_match_the_gap_report_s(
    runner: CliRunner, tmp_path: Path, write_answers: WriteAnswers, shipped: Checklist
) -> None:
    # Last year's plan gave every gap an owner; this year's file has no plan of its own yet.
    this_year = with_gaps(shipped, 30)
    earlier = a_year_earlier(shipped, this_year)
    owners = ("Head of IT", "SIRO", "Data Protection Officer")
    for number, (requirement_id, response) in enumerate(earlier.items()):
        if response["answer"] != "yes":
            earlier[requirement_id] = {
                **response,
                "actions": {
                    "owner": owners[number % 3],
                    "target_date": f"202{5 + number % 3}-06-30",
                    "status": "done" if number % 4 == 0 else "in_progress",
                },
            }
    last = write_answers(shipped, earlier, "last.answers.yaml", assessed_on="2025-11-20")
    council = write_answers(shipped, this_year, "council.answers.yaml")
    report = tmp_path / "gaps.xlsx"
    made = runner.invoke(app, ["report", str(council), "--previous", str(last), "-o", str(report)])
    assert made.exit_code == 0, made.output
    sheet = load_workbook(report)["Action plan"]
    header = [cell.value for cell in sheet[1]]
    plan = {
        row[header.index("Id")]: (row[header.index("Owner")], row[header.index("Standing")])
        for row in sheet.iter_rows(min_row=2, values_only=True)
    }

    html, page = written(runner, tmp_path, council, "--previous", last)

    table = html[html.index("<h3>Must items not met") :].split("</table>")[0]
    musts = re.findall(r'<tr><th scope="row" class="id">([A-Z]+-\d\d)</th>(.*?)</tr>', table)
    assert musts
    carried = 0
    for requirement_id, cells in musts:
        cell = Page(cells.split('<td class="plan">')[1])
        owner = cell.texts_by_tag.get("span", [None])[0]
        standing = cell.texts_by_tag["strong"][0]
        expected_owner, expected_standing = plan[requirement_id]
        assert owner == (expected_owner or "No owner" if expected_standing else None)
        assert standing == (expected_standing or "Not in the plan")
        carried += "carried forward" in standing
    assert carried, "the fixture carries actions forward"
    overdue = [rid for rid, (_, standing) in plan.items() if str(standing).startswith("Overdue")]
    assert overdue
    compared = json_of(runner, "compare", last, council)
    assert compared["actions"]["overdue"] == sorted(overdue, key=list(shipped.requirements).index)
    assert f"Overdue: {', '.join(compared['actions']['overdue'])}." in page.text


def test_across_versions_the_trend_gives_the_council_s_own_change(
    runner: CliRunner,
    tmp_path: Path,
    write_answers: WriteAnswers,
    shipped_1_0: Checklist,
    shipped: Checklist,
) -> None:
    responses = with_gaps(shipped_1_0, 30)
    last = write_answers(shipped_1_0, responses, "last.answers.yaml", assessed_on="2025-11-20")
    council = write_answers(shipped_1_0, responses, "council.answers.yaml")
    data = json_of(runner, "compare", last, council)
    assert data["score"]["like_for_like"] is None
    _, page = written(runner, tmp_path, council, "--previous", last)
    assert "Like for like" not in page.text

    later = write_answers(shipped, responses, "newer.answers.yaml")
    data = json_of(runner, "compare", last, later)
    _, page = written(runner, tmp_path, later, "--previous", last, "--force")
    like = data["score"]["like_for_like"]
    assert (
        f"Like for like (the {like['items']} items both versions hold, both scored under "
        f"v{like['scored_under_version']})" in page.text
    )
    assert f"the council's change is {data['score']['council_change']:+.1f}" in page.text
