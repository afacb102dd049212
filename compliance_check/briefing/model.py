"""The briefing's content: every sentence and figure, built once from the core's results.

Figures are taken at the precision ``score --format json`` and ``compare --format json`` give
(``round_figure``), so what a member reads is what the JSON says. Renderers (HTML today, perhaps
Word later) only lay this model out.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from compliance_check import __version__
from compliance_check.briefing.cohort import CohortAuthority, CohortFile
from compliance_check.model import baselines
from compliance_check.model.actions import ActionPlan, action_plan
from compliance_check.model.answers import AnswersFile
from compliance_check.model.checklist import Answer, Baseline, Checklist, Priority, Profile
from compliance_check.model.compare import Change, Comparison, compare
from compliance_check.model.evidence import yes_evidence_sentence
from compliance_check.model.scoring import Assessment, GapKind, ItemResult, Rag, score
from compliance_check.pages.labels import (
    ANSWER_LABEL,
    AUTHORITY_TYPE_LABEL,
    RAG_LABEL,
    ROLE_LABEL,
    format_percent,
    like_for_like_sentence,
    plan_sentence,
    plural,
    round_figure,
    standing_words,
)
from compliance_check.progress.console import comparison_warnings

# The 2009 survey's governance questions: the article's "should have been 100%" is about these.
GOVERNANCE_ITEMS = ("GOV-04", "GOV-05", "INC-01", "TRN-01")
LINK_SCHEMES = frozenset({"https", "http", "mailto"})


# Spelt out here rather than by strftime, which follows the machine's locale.
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def long_date(iso: str) -> str:
    """25 November 2026, as a UK reader writes it."""
    day = date.fromisoformat(iso)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def signed(change: float | None) -> str:
    """A change in percentage points with its sign: '+8.0', '-2.5', 'n/a'."""
    return "n/a" if change is None else f"{change:+.1f}"


@dataclass(frozen=True)
class Link:
    """An evidence reference: a link only for a web or mail address, otherwise plain text."""

    text: str
    href: str | None


def evidence_link(reference: str) -> Link:
    """The reference as text, with a link only when it is a plain http(s) or mailto address."""
    plain = all(
        not character.isspace() and unicodedata.category(character)[0] != "C"
        for character in reference
    )
    try:
        parts = urlsplit(reference)
    except ValueError:
        return Link(reference, None)
    scheme = parts.scheme.lower()
    addressed = bool(parts.netloc) if scheme in ("http", "https") else bool(parts.path)
    if plain and scheme in LINK_SCHEMES and addressed:
        return Link(reference, reference)
    return Link(reference, None)


@dataclass(frozen=True)
class GapLine:
    """One item on the list of what needs doing."""

    id: str
    title: str
    priority: Priority
    answer: str
    action: str
    owner: str | None
    target_date: str | None
    standing: str | None  # where the plan's action stands, as every output words it
    note: str | None
    evidence: tuple[Link, ...]


@dataclass(frozen=True)
class SectionLine:
    """One section's score, as the JSON gives it."""

    id: str
    title: str
    items: int
    answered: int
    score: float | None
    rag: Rag

    @property
    def shown(self) -> str:
        """The score as people read it."""
        return format_percent(self.score)


@dataclass(frozen=True)
class SurveyLine:
    """This council's answer beside the 2009 sector figure, worded as the checklist states it."""

    id: str
    title: str
    answer: str
    sector: str
    source: str


@dataclass(frozen=True)
class SectionTrend:
    """A section's score then and now."""

    id: str
    title: str
    before: float | None
    after: float | None
    change: float | None


@dataclass(frozen=True)
class TrendItem:
    """An item that regressed, with its answers then and now."""

    id: str
    title: str
    before: str
    after: str


@dataclass(frozen=True)
class Trend:
    """The change since the previous assessment, from ``compare``'s own figures."""

    before_on: str
    before: float | None
    after: float | None
    change: float | None
    sentence: str
    sections: tuple[SectionTrend, ...]
    counts: dict[str, int]
    regressed: tuple[TrendItem, ...]
    warnings: tuple[str, ...]
    actions_done: tuple[str, ...] = ()  # open in the action plan last time, done now
    like_for_like: str | None = None  # across checklist versions: the council's own change


@dataclass(frozen=True)
class Position:
    """Where the council stands in a cohort: only figures the cohort file publishes."""

    sentences: tuple[str, ...]
    median: float | None
    mean: float | None
    authorities: int | None
    cohort_score: float | None
    rank: int | None
    ranked: int


@dataclass(frozen=True)
class Method:
    """How the figures were made, for the footnote."""

    scoring_rule: str
    rating_rule: str
    checklist: str
    checklist_sha256: str
    profile: str
    tool_version: str
    guideline: str
    marking: str | None


@dataclass(frozen=True)
class SignOffLine:
    """The sign-off recorded in the answers file, as the briefing's sign-off block shows it."""

    name: str
    role: str
    signed_on: str  # ISO, as the page's other dates
    statement: str
    complete: bool
    ssh_signed: bool
    holds: bool  # False when the answers changed after it: the page says so, not the name


@dataclass(frozen=True)
class Briefing:
    """Everything the members' briefing says, in reading order."""

    authority: str
    authority_type: str | None
    assessed_on: str
    measured_against: str  # as the page's title names it
    score: float | None
    rag: Rag
    rating: str
    complete: bool
    incomplete: str | None
    headline: str
    items: int
    must_items: int
    must_not_met: int
    dont_know: int
    unanswered: int
    should_not_met: int
    must_gaps: tuple[GapLine, ...]
    unknown: tuple[GapLine, ...]
    sections: tuple[SectionLine, ...]
    survey: tuple[SurveyLine, ...]
    trend: Trend | None
    position: Position | None
    prepared_by: str | None
    prepared_role: str
    sign_off: SignOffLine | None
    yes_evidence: str | None  # what the yes answers rest on: beside the score, not in it
    method: Method
    marking: str | None
    plan: str | None  # the action plan in one sentence, as every output words it
    overdue: tuple[str, ...]  # the items whose action is overdue

    @property
    def shown_score(self) -> str:
        """The overall score as people read it."""
        return format_percent(self.score)

    @property
    def has_plan(self) -> bool:
        """Whether any listed item has an action in the plan."""
        return any(line.standing for line in self.must_gaps + self.unknown)


def _gap_line(plan: ActionPlan, checklist: Checklist, item: ItemResult) -> GapLine:
    entry = plan.get(item.requirement_id)
    action = entry.action if entry is not None else None
    target = action.target_date if action is not None else None
    return GapLine(
        id=item.requirement_id,
        title=item.title,
        priority=item.priority,
        answer=ANSWER_LABEL[item.answer],
        action=checklist.requirements[item.requirement_id].action,
        owner=action.owner if action is not None else None,
        target_date=long_date(target.isoformat()) if target is not None else None,
        standing=standing_words(entry) if entry is not None else None,
        note=item.note,
        evidence=tuple(evidence_link(entry.reference) for entry in item.evidence),
    )


def sector_figure(baseline: Baseline) -> str:
    """The 2009 figure as printed, what it says about yes, and of whom: never a ceiling as a
    measured share ('45% no or don't know: at most 55% yes (of respondents, not councils; ...)')."""
    if not baseline.is_measured:
        return baselines.brief(baseline)
    return f"{baselines.brief(baseline)} ({baselines.population_words(baseline)})"


def _survey(checklist: Checklist, assessment: Assessment) -> tuple[SurveyLine, ...]:
    lines: list[SurveyLine] = []
    answered = {item.requirement_id: item for item in assessment.items}
    for requirement_id in GOVERNANCE_ITEMS:
        requirement = checklist.requirements.get(requirement_id)
        if requirement is None or requirement.baseline is None:
            continue
        item = answered.get(requirement_id)
        lines.append(
            SurveyLine(
                id=requirement_id,
                title=requirement.title,
                answer=ANSWER_LABEL[item.answer] if item else "Not in this profile",
                sector=sector_figure(requirement.baseline),
                source=f"{requirement.baseline.source}, {requirement.baseline.year}",
            )
        )
    return tuple(lines)


def _headline(
    authority: str, measure: str, score: float | None, must: tuple[int, int], dont_know: int
) -> str:
    not_met, total = must
    meets = (
        f"{authority} meets {format_percent(score)} of {measure}"
        if score is not None
        else f"{authority} cannot be scored yet against {measure}"
    )
    verb = "is" if not_met == 1 else "are"
    return (
        f"{meets}; {not_met} of {plural(total, 'must item')} {verb} not met; "
        f"for {plural(dont_know, 'item')} the council does not know."
    )


def _trend(comparison: Comparison) -> Trend:
    before, after = comparison.before, comparison.after
    change = round_figure(comparison.score_change)
    counts = {group.value: comparison.count(group) for group in Change}
    if change is None:
        moved = "the score cannot be compared"
    elif change == 0:
        moved = f"the score is unchanged at {format_percent(round_figure(after.score))}"
    else:
        direction = "rose" if change > 0 else "fell"
        moved = (
            f"the score {direction} {abs(change):.1f} points, from "
            f"{format_percent(round_figure(before.score))} to "
            f"{format_percent(round_figure(after.score))}"
        )
    sentence = (
        f"Since the assessment of {long_date(before.assessed_on)} {moved}: "
        f"{plural(counts[Change.IMPROVED], 'item')} improved, "
        f"{counts[Change.REGRESSED]} regressed and {counts[Change.NEWLY_KNOWN]} became known."
    )
    return Trend(
        before_on=before.assessed_on,
        before=round_figure(before.score),
        after=round_figure(after.score),
        change=change,
        sentence=sentence,
        sections=tuple(
            SectionTrend(
                id=section.section_id,
                title=section.title,
                before=round_figure(section.score_before),
                after=round_figure(section.score_after),
                change=round_figure(section.change),
            )
            for section in comparison.sections
        ),
        counts=counts,
        regressed=tuple(
            TrendItem(
                id=item.requirement_id,
                title=item.title,
                before=ANSWER_LABEL[item.answer_before],
                after=ANSWER_LABEL[item.answer_after],
            )
            for item in comparison.group(Change.REGRESSED)
        ),
        warnings=tuple(comparison_warnings(comparison)),
        actions_done=comparison.actions.done,
        like_for_like=like_for_like_sentence(comparison),
    )


def _position(cohort: CohortFile, assessment: Assessment, code: str | None) -> Position:
    """Where the council stands, using only figures the cohort file publishes.

    A hidden row or total is never shown, and nothing is computed from it: the rank counts only
    authorities whose score the file publishes, and says so.
    """
    scores = cohort.scores
    median = None if scores.hidden else scores.median
    mean = None if scores.hidden else scores.mean
    published: list[CohortAuthority] = [
        row for row in cohort.authorities if not row.hidden and row.score is not None
    ]
    here = cohort.find(assessment.authority, code)
    own = here if here is not None and here in published else None
    authorities = cohort.counts.authorities
    size = (
        f"The cohort holds {plural(authorities, 'authority', 'authorities')}"
        if authorities is not None
        else "The cohort file does not publish how many authorities it holds"
    )
    # The cohort's median is over respondents, not authorities: the sentence says so.
    respondents = cohort.counts.respondents
    over = (
        plural(respondents, "respondent's", "respondents'")
        if respondents is not None
        else "respondents'"
    )
    middle = (
        f"; the median of its {over} scores is {format_percent(median)}"
        if median is not None
        else "; it does not publish a median score"
    )
    sentences = [f"{size}{middle}."]
    rank: int | None = None
    cohort_score: float | None = None
    if not cohort.authorities_named:
        sentences.append(
            "The cohort file names no authority (a published cohort names councils only where "
            "they agreed), so it gives no place for this council."
        )
    elif here is None:
        sentences.append(f"{assessment.authority} is not in this cohort file.")
    elif own is None:
        sentences.append(
            f"The cohort file withholds {assessment.authority}'s figures (fewer than "
            f"{cohort.min_group} respondents, or to protect another figure)."
        )
    else:
        assert own.score is not None
        cohort_score = own.score
        rank = 1 + sum(1 for row in published if row.score is not None and row.score > own.score)
        sentences.append(
            f"In the cohort {assessment.authority} scores {format_percent(own.score)}"
            + (
                f" (the mean of its {plural(own.respondents, 'respondent')})"
                if own.respondents
                else ""
            )
            + f": {ordinal(rank)} of the {len(published)} authorities whose score is published."
        )
    if cohort.checklist.id != assessment.checklist_id or (
        cohort.profile is not None and cohort.profile != assessment.profile_id
    ):
        sentences.append(
            "The cohort answered a different checklist or profile, so its scores compare "
            "only roughly with this one."
        )
    return Position(
        sentences=tuple(sentences),
        median=median,
        mean=mean,
        authorities=authorities,
        cohort_score=cohort_score,
        rank=rank,
        ranked=len(published),
    )


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def _method(checklist: Checklist, assessment: Assessment, marking: str | None) -> Method:
    scoring = checklist.scoring
    share = scoring.points
    weights = scoring.weights
    bands = scoring.rag
    guideline = checklist.guideline
    return Method(
        scoring_rule=(
            f"Each answer earns a share of its item's weight (yes {share.yes:g}, partly "
            f"{share.partly:g}, no {share.no:g}, don't know {share.dont_know:g}, not answered 0; "
            f"must items weigh {weights.must:g}, should items {weights.should:g}); not applicable "
            "items are left out. The score is the points earned as a percentage of the points "
            "available."
        ),
        rating_rule=(f"GREEN at {bands.green:g}% or more, AMBER from {bands.amber:g}%, RED below."),
        checklist=f"{checklist.title} ({checklist.id}) version {checklist.version}",
        checklist_sha256=checklist.content_sha256,
        profile=assessment.profile_title,
        tool_version=__version__,
        guideline=f"{guideline.title}, {guideline.publisher}, {guideline.published}",
        marking=marking,
    )


def _sign_off(checklist: Checklist, answers: AnswersFile) -> SignOffLine | None:
    signed = answers.sign_off
    if signed is None:
        return None
    return SignOffLine(
        name=signed.name,
        role=signed.role,
        signed_on=signed.signed_at.date().isoformat(),
        statement=signed.statement,
        complete=signed.complete,
        ssh_signed=signed.signature is not None,
        holds=answers.digest(checklist) == signed.digest,
    )


def build_briefing(
    checklist: Checklist,
    answers: AnswersFile,
    assessment: Assessment,
    *,
    comparison: Comparison | None = None,
    cohort: CohortFile | None = None,
    marking: str | None = None,
    plan: ActionPlan | None = None,
) -> Briefing:
    """The briefing's content for one scored assessment, with its trend and cohort position.

    ``plan``: the action plan (default: the comparison's, else the file's own on its date).
    """
    if plan is None:
        plan = comparison.actions if comparison is not None else action_plan(answers)
    score = round_figure(assessment.score)
    must = [item for item in assessment.items if item.priority is Priority.MUST]
    must_items = sum(1 for item in must if item.answer is not Answer.NOT_APPLICABLE)
    gaps = assessment.gaps
    year = checklist.guideline.published[:4]
    dont_know = assessment.count(GapKind.ASSURANCE)
    incomplete = None
    if not assessment.complete:
        answered = len(assessment.items) - assessment.unanswered
        incomplete = (
            f"This assessment is incomplete: {assessment.unanswered} of "
            f"{plural(len(assessment.items), 'item')} have no answer yet, and count as not met "
            f"until they are answered. Over the {plural(answered, 'answered item')} the score "
            f"is {format_percent(round_figure(assessment.answered_score))}."
        )
    return Briefing(
        authority=answers.authority,
        authority_type=AUTHORITY_TYPE_LABEL[answers.authority_type]
        if answers.authority_type
        else None,
        assessed_on=long_date(assessment.assessed_on),
        score=score,
        rag=assessment.rag,
        rating=RAG_LABEL[assessment.rag],
        complete=assessment.complete,
        incomplete=incomplete,
        headline=_headline(
            answers.authority,
            checklist.guideline.called or f"the {year} guideline",
            score,
            (assessment.must_not_met, must_items),
            dont_know,
        ),
        measured_against=checklist.guideline.called or f"the {year} data handling guideline",
        items=len(assessment.items),
        must_items=must_items,
        must_not_met=assessment.must_not_met,
        dont_know=dont_know,
        unanswered=assessment.unanswered,
        should_not_met=sum(1 for item in gaps if item.priority is Priority.SHOULD),
        must_gaps=tuple(
            _gap_line(plan, checklist, item) for item in gaps if item.priority is Priority.MUST
        ),
        unknown=tuple(
            _gap_line(plan, checklist, item) for item in gaps if item.gap_kind is GapKind.ASSURANCE
        ),
        sections=tuple(
            SectionLine(
                id=section.section_id,
                title=section.title,
                items=section.items,
                answered=section.answered,
                score=round_figure(section.score),
                rag=section.rag,
            )
            for section in assessment.sections
        ),
        survey=_survey(checklist, assessment),
        trend=_trend(comparison) if comparison is not None else None,
        position=_position(cohort, assessment, answers.authority_code)
        if cohort is not None
        else None,
        prepared_by=answers.respondent.name,
        prepared_role=ROLE_LABEL[answers.respondent.role],
        sign_off=_sign_off(checklist, answers),
        yes_evidence=yes_evidence_sentence(assessment.evidence_ages()),
        method=_method(checklist, assessment, marking),
        marking=marking,
        plan=plan_sentence(plan) if plan.recorded else None,
        overdue=plan.overdue,
    )


Scored = tuple[tuple[Checklist, AnswersFile], Profile]


def briefing_for(
    current: tuple[Checklist, AnswersFile],
    profile: Profile,
    *,
    previous: Scored | None = None,
    cohort: CohortFile | None = None,
    marking: str | None = None,
    today: date | None = None,
) -> Briefing:
    """Score ``current`` (compared with ``previous`` when given) and build its briefing, its
    action plan as it stands ``today`` (default: the assessment date)."""
    checklist, answers = current
    comparison = None
    if previous is not None:
        before, before_profile = previous
        comparison = compare(
            before, current, before_profile=before_profile, after_profile=profile, today=today
        )
        assessment = comparison.after
        plan = comparison.actions
    else:
        assessment = score(checklist, answers, profile)
        plan = action_plan(answers, today)
    return build_briefing(
        checklist,
        answers,
        assessment,
        comparison=comparison,
        cohort=cohort,
        marking=marking,
        plan=plan,
    )
