"""What a requirement stands on, said honestly: its tier, its time, and its sector figure.

Every place that shows a 2009 figure (wizard, template, reports, JSON, ``checklist show``)
words it through this module, so a ceiling never reads as a measured share of "yes" and a
figure of respondents never reads as one of councils.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from compliance_check.model.checklist import (
    Answer,
    Baseline,
    Checklist,
    Comparability,
    Measure,
    Population,
    Requirement,
    Tier,
    TimeFrame,
)

TIER_WORDS = {
    Tier.LAW_TODAY: "law today",
    Tier.REQUIRED_WHERE_CONNECTED: "required where connected",
    Tier.GOOD_PRACTICE: "good practice",
}


def time_words(time: TimeFrame, checklist: Checklist) -> str:
    """Which time a question asks about, against what the checklist in use measures."""
    if time is TimeFrame.LAST_12_MONTHS:
        return "what your council did in the last 12 months"
    return f"your council's arrangements now, against {expectation(checklist)}"


def expectation(checklist: Checklist) -> str:
    """What the checklist measures against: "today's data protection duties (November 2026)",
    or "the 2008 expectation" for a guideline of 2008 that names it no other way."""
    guideline = checklist.guideline
    return guideline.called or f"the {guideline.published[:4]} expectation"


MEASURE_WORDS = {
    Measure.YES: "yes",
    Measure.NO_OR_DONT_KNOW: "no or don't know",
    Measure.DONT_KNOW: "don't know",
}
# The answers whose share in a cohort counts the same thing as a published figure.
MEASURE_ANSWERS: dict[Measure, tuple[Answer, ...]] = {
    Measure.YES: (Answer.YES,),
    Measure.NO_OR_DONT_KNOW: (Answer.NO, Answer.DONT_KNOW),
    Measure.DONT_KNOW: (Answer.DONT_KNOW,),
}
# Kinds whose printed measure was asked as our question is: a cohort's share is comparable.
SAME_QUESTION = {Comparability.DIRECT, Comparability.UPPER_BOUND, Comparability.LOWER_BOUND}


def _percent(value: float) -> str:
    return f"{value:g}%"


def measure_words(baseline: Baseline) -> str:
    """What the figure counts: 'yes', 'no or don't know'."""
    if not baseline.is_measured:
        return MEASURE_WORDS[Measure.YES]
    assert baseline.measures is not None
    return baseline.measures_text or MEASURE_WORDS.get(baseline.measures, "")


def as_printed(baseline: Baseline) -> str:
    """The figure as the source printed it: '45% no or don't know'."""
    return f"{_percent(printed_figure(baseline))} {measure_words(baseline)}"


def yes_share(baseline: Baseline) -> str:
    """What the figure says about the share answering yes: '40%', 'at most 55%', or why not."""
    if not baseline.is_measured:
        return _percent(baseline.percent_yes or 0)
    assert baseline.figure is not None
    figure = baseline.figure
    if baseline.measures is not Measure.YES:
        figure = 100 - figure
    match baseline.comparable:
        case Comparability.DIRECT:
            return _percent(figure)
        case Comparability.UPPER_BOUND:
            return f"at most {_percent(figure)}"
        case Comparability.LOWER_BOUND:
            return f"at least {_percent(figure)}"
        case Comparability.PARTIAL:
            return f"{_percent(figure)} (part of the question)"
        case _:
            return "not comparable"


def brief(baseline: Baseline) -> str:
    """The figure as printed and what it says about yes: '45% no or don't know: at most 55% yes'."""
    printed = as_printed(baseline)
    match baseline.comparable:
        case Comparability.UPPER_BOUND | Comparability.LOWER_BOUND:
            return f"{printed}: {yes_share(baseline)} yes"
        case Comparability.PARTIAL:
            return f"{printed}, for part of the question"
        case Comparability.DERIVED:
            return f"{printed} (not comparable one to one)"
        case _:
            return printed


def population_words(baseline: Baseline) -> str:
    """Of whom, and how many: 'of respondents, not councils; n not published'."""
    if baseline.population is None:
        return "population not stated"
    whom = (
        "of respondents, not councils"
        if baseline.population is Population.RESPONDENTS
        else "of councils"
    )
    return f"{whom}; " + ("n not published" if baseline.n is None else f"n = {baseline.n}")


def sentence(baseline: Baseline) -> str:
    """One honest sentence for a reader: figure, what it means for yes, of whom, and caveat."""
    if not baseline.is_measured:
        note = f" {baseline.note}" if baseline.note else ""
        return f"In {baseline.year}, {as_printed(baseline)} ({baseline.source}).{note}"
    said = f"In {baseline.year}, {brief(baseline)} ({population_words(baseline)})."
    if baseline.caveat:
        said += f" {baseline.caveat}"
    return f"{said} Source: {baseline.source}."


def comparable_measure(baseline: Baseline) -> Measure | None:
    """The measure a cohort's answers can be counted in to compare like with like, if any."""
    if not baseline.is_measured:
        return Measure.YES
    if baseline.comparable in SAME_QUESTION and baseline.measures in MEASURE_ANSWERS:
        return baseline.measures
    return None


def printed_figure(baseline: Baseline) -> float:
    """The number to set a cohort's share beside (format 1.0: its percent_yes)."""
    value = baseline.figure if baseline.is_measured else baseline.percent_yes
    assert value is not None
    return value


def cohort_share(baseline: Baseline, percents: Mapping[Answer | None, float]) -> float | None:
    """A cohort's % in the figure's own measure (e.g. % no or don't know), when comparable."""
    measure = comparable_measure(baseline)
    if measure is None:
        return None
    return sum(percents[answer] for answer in MEASURE_ANSWERS[measure])


def as_json(baseline: Baseline) -> dict[str, Any]:
    """The figure and its kind for a JSON report; never a share of yes that was not measured."""
    return {
        "source": baseline.source,
        "year": baseline.year,
        "figure": printed_figure(baseline),
        "measures": baseline.measures.value if baseline.measures else Measure.YES.value,
        "measures_text": baseline.measures_text,
        "population": baseline.population.value if baseline.population else None,
        "n": baseline.n,
        "comparable": (
            baseline.comparable.value if baseline.comparable else Comparability.DIRECT.value
        ),
        "yes": yes_share(baseline),
        "caveat": baseline.caveat if baseline.is_measured else baseline.note,
    }


def standing(requirement: Requirement) -> str | None:
    """'must: law today (UK GDPR Art 33(1) ...)', or None for a format 1.0 item."""
    if requirement.tier is None:
        return None
    return f"{requirement.priority.value}: {TIER_WORDS[requirement.tier]} ({requirement.basis})"


def provisions_words(requirement: Requirement) -> str | None:
    """'UK GDPR Art 32(1)(a) (E, W, S, NI); ...', or None for an item without provisions."""
    if not requirement.provisions:
        return None
    return "; ".join(
        f"{p.instrument} {p.reference} ({', '.join(n.value for n in p.extent)})"
        for p in requirement.provisions
    )


def requirement_notes(requirement: Requirement, checklist: Checklist) -> list[tuple[str, str]]:
    """Labelled lines that go with a question of ``checklist`` wherever it is asked or shown;
    each label and its words come from that checklist, never from another."""
    notes: list[tuple[str, str]] = []
    if requirement.asks_about is not None:
        notes.append(("Asks about", time_words(requirement.asks_about, checklist)))
    if (said := standing(requirement)) is not None:
        notes.append(("Priority", said))
    if (named := provisions_words(requirement)) is not None:
        notes.append(("Provisions", named))
    if requirement.extent_note:
        notes.append(("Where it applies", requirement.extent_note))
    if requirement.today:
        notes.append(("Today's duty", requirement.today))
    if requirement.answer_guide is not None:
        notes.append(("Yes needs", requirement.answer_guide.yes))
        notes.append(("Partly means", requirement.answer_guide.partly))
    if requirement.baseline is not None:
        notes.append((f"{requirement.baseline.year} survey", sentence(requirement.baseline)))
    return notes
