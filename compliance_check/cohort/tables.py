"""The cohort report's tables as plain rows, shared by the workbook and the CSV writer."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

from compliance_check.cohort.disclosure import Band
from compliance_check.cohort.records import (
    ANSWER_CODE,
    DISCONNECT_FLAG,
    HISTOGRAM_EDGES,
    ROLE_GROUPS,
    Conflict,
    Rejected,
    Rejection,
    Scored,
)
from compliance_check.cohort.stats import AuthorityStats, CohortResult, RequirementStats
from compliance_check.model.answers import AuthorityType, RoleGroup
from compliance_check.model.baselines import (
    as_printed,
    brief,
    comparable_measure,
    measure_words,
    printed_figure,
    yes_share,
)
from compliance_check.pages.labels import (
    ANSWER_LABEL,
    AUTHORITY_TYPE_LABEL,
    RAG_LABEL,
    ROLE_GROUP_LABEL,
    ROLE_LABEL,
    plural,
    round_figure,
)
from compliance_check.signing.verdict import Standing
from compliance_check.visible import visible

# Statisticians' mark for a figure withheld to protect individuals (--min-group).
HIDDEN = "[c]"
REJECTION_LABEL = {
    Rejection.UNREADABLE: "Could not be read: missing, not a file, too large, not text or not YAML",
    Rejection.INVALID: "Not a valid answers file for this checklist",
}
PRIVATE_BANNER = "Personal data: for the regional body's own use. Do not publish (see Method)."
PRIVATE_WARNING = (
    "This workbook holds personal data: each respondent's name, role, answers and score. It is "
    "for the regional body's own use and must not be published; "
    "compliance-check batch --publish writes a version that can be."
)
ANSWERS = tuple(ANSWER_CODE)  # yes, partly, no, don't know, not applicable, not answered

DISCONNECT_GROUPS = (RoleGroup.LEADERSHIP, RoleGroup.DEPARTMENTAL)

Value = str | int | float | None


class Kind(StrEnum):
    """What a column holds, which decides its number format in a workbook."""

    TEXT = "text"
    COUNT = "count"
    PERCENT = "percent"
    POINTS = "points"  # a signed difference of percentages
    RAG = "rag"


@dataclass(frozen=True)
class Column:
    """A column's heading, kind and width in characters; ``heat`` asks for a colour scale."""

    title: str
    kind: Kind = Kind.TEXT
    width: float = 12
    heat: bool = False


@dataclass(frozen=True)
class Table:
    """A heading row and rows of values; ``rows`` may be a generator, read once."""

    columns: tuple[Column, ...]
    rows: Iterator[Sequence[Value]]


def _type_label(code: str | None) -> str | None:
    return None if code is None else AUTHORITY_TYPE_LABEL[AuthorityType(code)]


def figure(value: float | None, hidden: bool = False) -> Value:
    """A figure as reports show it: rounded, or the hidden mark."""
    return HIDDEN if hidden else round_figure(value)


def count(value: int | None, hidden: bool = False) -> Value:
    """A count, or the hidden mark."""
    return HIDDEN if hidden else value


def version_text(result: CohortResult) -> str:
    """The checklist and the versions of it the counted files answered."""
    versions = ", ".join(result.versions) or "none"
    return f"{result.checklist_title} ({result.checklist_id}), version {versions}"


def profile_text(result: CohortResult) -> str:
    """The profile the files were scored on."""
    return result.profile_id or "each file's own (default: the checklist's first)"


SIGN_OFF_LABEL = {
    Standing.VERIFIED: "Signed off, verified",
    Standing.UNVERIFIED: "Signed off, not verified",
    Standing.UNSIGNED: "Not signed off",
    Standing.CHANGED: "Changed after sign-off",
    Standing.BAD_SIGNATURE: "Bad signature",
}


def overview_figures(result: CohortResult) -> list[tuple[str, Value, Kind]]:
    """The Overview's headline figures: label, value, kind."""
    view = result.overview
    hidden = view.hidden
    single = result.respondents_hidden
    few = view.respondents > 0 and view.fully_compliant is None
    of = plural(view.respondents, "respondent")
    return [
        ("Files found", view.files, Kind.COUNT),
        ("Scored", view.scored, Kind.COUNT),
        ("Rejected", view.rejected, Kind.COUNT),
        ("Duplicates not counted", view.duplicates, Kind.COUNT),
        ("In conflict, not counted", view.conflicting, Kind.COUNT),
        ("Respondents counted", view.respondents, Kind.COUNT),
        ("Authorities", view.authorities, Kind.COUNT),
        # Over respondents, not authorities, and each says so with how many.
        (f"Mean score of the {of}", figure(view.mean, hidden), Kind.PERCENT),
        (f"Median score of the {of}", figure(view.median, hidden), Kind.PERCENT),
        ("Lowest respondent's score", figure(view.minimum, hidden or single), Kind.PERCENT),
        ("Highest respondent's score", figure(view.maximum, hidden or single), Kind.PERCENT),
        ("Fully compliant respondents", count(view.fully_compliant, few), Kind.COUNT),
        (
            "Share fully compliant",
            figure(view.percent_fully_compliant, few),
            Kind.PERCENT,
        ),
        *(
            (f"Submissions: {SIGN_OFF_LABEL[standing].lower()}", counted, Kind.COUNT)
            for standing, counted in result.sign_offs.items()
        ),
    ]


def band_label(band: Band) -> str:
    """'60 to <70%'; the last band includes 100%."""
    last = band.high == HISTOGRAM_EDGES[-1]
    return f"{band.low} to {band.high}%" if last else f"{band.low} to <{band.high}%"


def histogram_bands(result: CohortResult) -> tuple[Band, ...]:
    """The bands shown: merged where small; the plain bands, empty, when all are hidden."""
    if result.overview.histogram is not None:
        return result.overview.histogram
    return tuple(Band(low, high, 0) for low, high in pairwise(HISTOGRAM_EDGES))


def histogram_table(result: CohortResult) -> Table:
    """Respondents per band of overall score."""
    hidden = result.overview.histogram is None
    return Table(
        (Column("Overall score", width=16), Column("Respondents", Kind.COUNT)),
        iter(
            [
                (band_label(band), count(band.respondents, hidden))
                for band in histogram_bands(result)
            ]
        ),
    )


def survey_table(result: CohortResult) -> Table:
    """The cohort beside the 2009 survey, each figure in the measure the survey printed."""
    rows = []
    for item in result.survey_items:
        assert item.baseline is not None
        rows.append(
            (
                item.id,
                f"% {measure_words(item.baseline)}",
                item.title,
                printed_figure(item.baseline),
                figure(item.survey_share, item.hidden),
                figure(item.change, item.hidden),
                as_printed(item.baseline),
                yes_share(item.baseline),
                item.wording_version,
            )
        )
    return Table(
        (
            Column("Id", width=9),
            # Beside the Id, so the chart names each bar's measure under it.
            Column("Measure", width=18),
            Column("Requirement", width=36),
            Column("2009 figure", Kind.PERCENT),
            Column("Cohort, same measure", Kind.PERCENT),
            Column("Change (points)", Kind.POINTS),
            Column("2009 figure counts", width=30),
            Column("2009 yes", width=16),
            Column("Figure from checklist", width=10),
        ),
        iter(rows),
    )


def comparison_notes(result: CohortResult) -> list[str]:
    """How the 2009 comparison and a cohort of several checklist versions are to be read."""
    notes = [
        "2009 figures are shares of survey respondents (about two thirds departmental staff), "
        "not of councils; no sample size was published. Each is set beside this cohort's share "
        "in the same measure (for GOV-05, % no or don't know), so every change shown is exact. "
        "No change is taken against a ceiling such as 'at most 55% yes', and none is shown "
        "where the figure covers part of the question or is not comparable one to one.",
        *(
            f"{item.id}: {item.baseline.caveat}"
            for item in result.survey_items
            if item.baseline is not None
            and item.baseline.caveat
            and comparable_measure(item.baseline) is None
        ),
    ]
    if len(result.versions) > 1:
        regraded = [item.id for item in result.requirements if item.id in result.regraded]
        notes.append(
            f"Files answered checklist versions {', '.join(result.versions)}; each file is "
            "scored against its own version. Per-item figures pool the answers to the same id; "
            "titles, priorities and 2009 figures are those of version "
            f"{result.requirements[0].wording_version if result.requirements else ''}."
            + (f" Priority differs between versions for {', '.join(regraded)}." if regraded else "")
        )
    return notes


AUTHORITY_COLUMN = Column("Authority", width=30)
GAP_LIST_COLUMN = Column("Gap list (lowest answer given)", width=110)


def _gap_list(authority: AuthorityStats, hidden: bool) -> str:
    if hidden:
        return HIDDEN
    return "; ".join(f"{rid} {ANSWER_LABEL[answer]}" for rid, answer in authority.gaps)


# What a published cohort shows of a named authority: who it is and how it scores, never what
# its controls are (answers, gaps, sections): those name a council's security weaknesses.
PUBLISHED_AUTHORITY_COLUMNS = 6


def authorities_table(result: CohortResult, *, with_gap_list: bool = True) -> Table:
    """One row per authority: its respondents combined.

    ``with_gap_list=False`` leaves out the list of items not met, which the workbook prints on
    a sheet of its own (``authority_gaps_table``): beside the figures it made every row tall.
    Published, the table holds the first columns only (score and rating), and no row unless
    the authorities are named (``--name-authorities``).
    """
    columns = (
        AUTHORITY_COLUMN,
        Column("Type", width=19),
        Column("Respondents", Kind.COUNT, 12),
        Column("Mean score of its respondents", Kind.PERCENT, 12),
        Column("Gap to 100%", Kind.PERCENT, 10),
        Column("RAG", Kind.RAG, 10),
        Column("Must items not met", Kind.COUNT, 10),
        Column("Compliance gaps", Kind.COUNT, 11),
        Column("Assurance gaps", Kind.COUNT, 10),
        Column("Overdue actions", Kind.COUNT, 10),
        *(
            Column(f"{section_id} score", Kind.PERCENT, 9, heat=True)
            for section_id, _ in result.sections
        ),
        *((GAP_LIST_COLUMN,) if with_gap_list else ()),
    )
    shown = len(columns) if not result.published else PUBLISHED_AUTHORITY_COLUMNS

    def rows() -> Iterator[Sequence[Value]]:
        if not result.authorities_shown:
            return
        for authority in result.authorities:
            hide = authority.hidden
            row = (
                authority.name,
                _type_label(authority.authority_type),
                authority.respondents,
                figure(authority.score, hide),
                figure(authority.gap, hide),
                HIDDEN if hide else RAG_LABEL[authority.rag],
                count(authority.must_not_met, hide),
                count(authority.compliance_gaps, hide),
                count(authority.assurance_gaps, hide),
                count(authority.overdue_actions, hide),
                *(figure(value, hide) for value in authority.sections),
                *((_gap_list(authority, hide),) if with_gap_list else ()),
            )
            yield row[:shown]

    return Table(columns[:shown], rows())


def authority_gaps_table(result: CohortResult) -> Table:
    """Per authority, the items its respondents did not all meet, each with the lowest answer."""

    def rows() -> Iterator[Sequence[Value]]:
        for authority in result.authorities:
            yield authority.name, _gap_list(authority, authority.hidden)

    return Table((AUTHORITY_COLUMN, GAP_LIST_COLUMN), rows())


def requirements_table(result: CohortResult) -> Table:
    """Per requirement, the count and share of each answer, most often not met first."""
    columns = (
        Column("Rank", Kind.COUNT, 6),
        Column("Id", width=9),
        Column("Section", width=8),
        Column("Requirement", width=44),
        Column("Priority", width=9),
        Column("Asked", Kind.COUNT, 8),
        *(Column(ANSWER_LABEL[answer], Kind.COUNT, 9) for answer in ANSWERS),
        *(Column(f"% {ANSWER_LABEL[answer].lower()}", Kind.PERCENT, 9) for answer in ANSWERS),
        Column("% not met", Kind.PERCENT, 9),
        Column("2009 figure", width=24),
        Column("Change since 2009 (points, same measure)", Kind.POINTS),
        Column("Answered against", width=10),
    )

    def rows() -> Iterator[Sequence[Value]]:
        for rank, item in enumerate(result.ranked, start=1):
            hide = item.hidden
            yield (
                rank,
                item.id,
                item.section_id,
                item.title,
                item.priority.value,
                item.asked,
                *(count(item.counts[a] if item.counts else None, hide) for a in ANSWERS),
                *(figure(item.percents[a] if item.percents else None, hide) for a in ANSWERS),
                figure(item.percent_not_met, hide),
                "" if item.baseline is None else brief(item.baseline),
                figure(item.change, hide),
                ", ".join(item.versions),
            )

    return Table(columns, rows())


def roles_table(result: CohortResult) -> Table:
    """Per requirement, % yes in each group of roles and the disconnect."""
    columns = (
        Column("Id", width=9),
        Column("Requirement", width=36),
        *(
            column
            for group in ROLE_GROUPS
            for column in (
                Column(f"{ROLE_GROUP_LABEL[group]} % yes", Kind.PERCENT, 13),
                Column(f"{ROLE_GROUP_LABEL[group]} respondents", Kind.COUNT, 13),
            )
        ),
        Column("Disconnect (leadership minus departmental, points)", Kind.POINTS, 15),
        Column(f"Disconnect of {DISCONNECT_FLAG:g} points or more", width=12),
    )

    def rows() -> Iterator[Sequence[Value]]:
        for item in result.requirements:
            hide = any(item.roles[group].hidden for group in DISCONNECT_GROUPS)
            yield (
                item.id,
                item.title,
                *(
                    value
                    for group in ROLE_GROUPS
                    for value in (
                        figure(item.roles[group].percent_yes, item.roles[group].hidden),
                        item.roles[group].respondents,
                    )
                ),
                figure(item.disconnect, hide),
                HIDDEN if hide else _flag(item),
            )

    return Table(columns, rows())


def _flag(item: RequirementStats) -> str:
    if item.disconnect is None:
        return ""
    return "Yes" if item.disconnect_flagged else "No"


def disagreement_table(result: CohortResult) -> Table:
    """Authorities whose respondents answered the same items differently."""
    columns = (
        AUTHORITY_COLUMN,
        Column("Respondents", Kind.COUNT, 12),
        Column("Items answered by two or more", Kind.COUNT, 12),
        Column("Answered differently", Kind.COUNT, 12),
        Column("% answered differently", Kind.PERCENT, 12),
        Column("Which items", width=70),
    )

    def rows() -> Iterator[Sequence[Value]]:
        for authority in result.authorities:
            if authority.respondents < 2:
                continue
            hide = authority.hidden
            yield (
                authority.name,
                authority.respondents,
                count(authority.compared, hide),
                count(len(authority.differing), hide),
                figure(authority.percent_differing, hide),
                HIDDEN if hide else ", ".join(authority.differing),
            )

    return Table(columns, rows())


# One row per scored file, written as the files are scored. Figures derived from others in the
# row (the gap, full compliance) are left out: at ten thousand rows every column counts.
RESPONDENT_COLUMNS = (
    Column("File", width=30),
    Column("Authority", width=24),
    Column("Type", width=19),
    Column("Respondent", width=16),
    Column("Role", width=20),
    Column("Role group", width=14),
    Column("Assessed on", width=11),
    Column("Version", width=8),
    Column("Profile", width=10),
    Column("Overall score", Kind.PERCENT, 10),
    Column("RAG", Kind.RAG, 10),
    Column("Not answered", Kind.COUNT, 10),
    Column("Compliance gaps", Kind.COUNT, 11),
    Column("Assurance gaps", Kind.COUNT, 10),
    Column("Must items not met", Kind.COUNT, 10),
    Column("Sign-off", width=16),
    Column("Signed off by", width=24),
)
REJECTED_COLUMNS = (Column("File", width=50), Column("Reason", width=100))


def respondent_row(record: Scored) -> tuple[Value, ...]:
    """One scored file's row."""
    return (
        visible(record.path),
        record.authority,
        _type_label(record.authority_type),
        record.name,
        ROLE_LABEL[record.role],
        ROLE_GROUP_LABEL[record.role_group],
        record.assessed_on,
        record.version,
        record.profile,
        round_figure(record.score),
        RAG_LABEL[record.rag],
        record.unanswered,
        record.compliance_gaps,
        record.assurance_gaps,
        record.must_not_met,
        SIGN_OFF_LABEL[record.sign_off],
        record.signed_by,
    )


def rejected_row(item: Rejected) -> tuple[Value, ...]:
    """One rejected file's row."""
    return (visible(item.path), item.reason)


def rejected_counts_table(result: CohortResult) -> Table:
    """How many files were not scored, by reason: the published form of the Rejected sheet."""
    kinds = Counter(item.kind for item in result.rejected)
    return Table(
        (Column("Why not scored", width=70), Column("Files", Kind.COUNT)),
        iter(
            [(REJECTION_LABEL[kind], kinds[kind]) for kind in Rejection if kinds[kind]]
            or [("None: every file was scored", 0)]
        ),
    )


IDENTITY_RULE = (
    "An authority is its ONS/GSS code where its files give one, otherwise its name. Names are "
    "compared as they look: case, spacing and compatibility forms are ignored, letters from "
    "other scripts that look alike fold by Unicode's confusable skeleton (UTS #39), and every "
    "dash, hyphen and typographic apostrophe folds to the plain one; so a look-alike spelling "
    "counts with the name it imitates. Respondents' names fold the same way. The Conflicts "
    "sheet lists what was folded, names that mix scripts, and codes given with another name."
)
UNNAMED_NOTE = (
    "No authority is named: a council's answers describe its security controls (the Method "
    "sheet says why)."
)
UNNAMED_AUTHORITIES = (
    "No authority is named. A council's answers describe its security controls: a named "
    "council's gaps (laptops not encrypted, say) tell anyone where to look, and suppression, "
    "which protects people in small groups, does nothing for a council whose weakness is "
    "public. So a published cohort gives the sector picture, as the LGA's 2018 stocktake did, "
    "and does not benchmark councils against each other. With --name-authorities, for "
    "councils that agreed, each is named with its overall score and rating only."
)
NAMED_AUTHORITIES = (
    "Authorities are named (--name-authorities: the councils agreed), each with its overall "
    "score and rating only: never its answers, gap list, section scores or counts of gaps, "
    "which describe its security controls."
)
FIGURE_NOTES = (
    "Scores are each respondent's own (0-100%); an authority's score is the mean of its "
    "respondents'. % not met counts partly, no, don't know and not answered.",
    "Files from one respondent (same authority, name, role and date) with the same answers "
    "count once; with different answers they conflict, and count as --on-conflict says.",
    f"The disconnect is leadership % yes minus departmental % yes; {DISCONNECT_FLAG:g} points "
    "or more is flagged.",
)


def method_text(result: CohortResult) -> list[tuple[str, list[str]]]:
    """The Method sheet: how the figures are made and what is withheld, as headed paragraphs."""
    k, authorities = result.min_group, result.min_authorities
    view = result.overview
    sections = [
        (
            "What this report holds",
            [
                f"The self-assessments of {view.respondents} respondents from "
                f"{view.authorities} authorities against {version_text(result)}.",
                *FIGURE_NOTES,
                "Figures are rounded to one decimal place.",
            ],
        )
    ]
    sections.append(("Who is who", [IDENTITY_RULE]))
    if result.published:
        sections.append(
            (
                "Written for publication",
                [
                    "No respondent's own answers, name, role, score or file is shown, nor any "
                    "file's name or folder. Files that could not be scored are counted by "
                    "reason only.",
                    NAMED_AUTHORITIES if result.names_authorities else UNNAMED_AUTHORITIES,
                ],
            )
        )
    else:
        sections.append(("Personal data", [PRIVATE_WARNING]))
    if result.rule.active:
        group = f"at least {k} respondents"
        if authorities > 1:
            group += f" from at least {authorities} authorities"
        sections.append(
            (
                "Figures withheld to protect respondents",
                [
                    f"{HIDDEN} marks a figure withheld (confidential).",
                    f"Threshold: a figure is shown only when at least {k} respondents stand "
                    "behind it."
                    + (
                        f" A figure about several authorities (the whole cohort, one "
                        f"requirement, one group of roles) also needs respondents from at "
                        f"least {authorities} authorities."
                        if authorities > 1
                        else ""
                    ),
                    "A figure counts only the respondents who were asked it: those whose "
                    "profile holds the requirement, and for a score those with one. A profile "
                    "that leaves sections out cannot make a group of one of the respondent who "
                    "answered them.",
                    "Secondary suppression: the cohort's mean score is the mean over the "
                    "respondents, which is the authorities' means weighted by their numbers of "
                    "respondents; each requirement's % yes is likewise the groups of roles' "
                    "% yes weighted by theirs. A figure withheld on its own could be worked out "
                    "from such a total and the figures shown beside it. So other figures are "
                    "withheld with it, the smallest first, until the withheld figures of that "
                    f"line together rest on {group}, are at least two, and do not all stand "
                    "at 0% or all at 100% (which would give each of them away). The same rule "
                    "runs on every line: the overall score, each requirement and, where "
                    "authorities' section scores are shown, each section (among the "
                    "authorities asked it). Where even "
                    "every figure of a line withheld together would fail it, the line's total "
                    "is withheld as well (a requirement every respondent answered yes to, when "
                    "a group of roles on it is withheld). The withheld figures can then only be "
                    "worked out together, never one by one. An authority withheld this way has "
                    "all its figures withheld.",
                    "Each respondent's own figures are not shown, nor the lowest and highest "
                    "scores: each is one respondent's. The median is shown: it stands in the "
                    "middle of all the respondents counted, and says nothing of which one.",
                    f"Bands of the score histogram with fewer than {k} respondents are merged "
                    "with the next band (the top one with the band below it).",
                    f"The number of fully compliant respondents is shown only when it, and the "
                    f"number not fully compliant, are each none or at least {k}.",
                    "The counts of each answer to one requirement over the whole cohort are "
                    "shown in full: they describe the cohort, not a group of people that can be "
                    "named.",
                ],
            )
        )
    return sections


def duplicates_table(result: CohortResult) -> Table:
    """The scored files left out as duplicates, and the file counted in the place of each."""
    return Table(
        (Column("Duplicate, not counted", width=40), Column("Counted instead", width=36)),
        iter(sorted((visible(left), visible(kept)) for left, kept in result.duplicate_of.items())),
    )


CONFLICT_COLUMNS = (
    Column("Conflict", Kind.COUNT, 10),
    Column("File", width=50),
    AUTHORITY_COLUMN,
    Column("Respondent", width=20),
    Column("Role", width=24),
    Column("Assessed on", width=12),
    Column("Overall score", Kind.PERCENT, 14),
    Column("Counted", width=10),
)


def _conflict_rows(conflicts: Sequence[Conflict]) -> Iterator[tuple[Value, ...]]:
    for number, conflict in enumerate(conflicts, 1):
        for record in conflict.files:
            yield (
                number,
                visible(record.path),
                record.authority,
                record.name,
                ROLE_LABEL[record.role],
                record.assessed_on,
                round_figure(record.score),
                "yes" if record.path == conflict.counted else "no",
            )


def conflicts_table(result: CohortResult) -> Table:
    """Each file of each conflict, its names as written: one submission in versions that differ."""
    return Table(CONFLICT_COLUMNS, _conflict_rows(result.conflicts))


IDENTITY_COLUMNS = (
    Column("Identity check", width=44),
    Column("Names as written", width=40),
    Column("Codes", width=14),
    Column("Files", width=50),
)


def identity_table(result: CohortResult) -> Table:
    """Names folded as look-alikes, names mixing scripts, and names and codes that disagree."""
    return Table(
        IDENTITY_COLUMNS,
        iter(
            [
                (
                    conflict.label,
                    "; ".join(conflict.names),
                    ", ".join(conflict.codes),
                    "; ".join(visible(path) for path in conflict.files),
                )
                for conflict in result.identity_conflicts
            ]
        ),
    )


def identity_counts(result: CohortResult) -> str:
    """The identity checks by reason, as a published cohort gives them: names withheld."""
    reasons = Counter(conflict.reason.value for conflict in result.identity_conflicts)
    if not reasons:
        return "Names and codes: every authority's and respondent's agree."
    listed = ", ".join(f"{reason} {count}" for reason, count in sorted(reasons.items()))
    return (
        f"Names and codes to check ({listed}); the names are not published. The Method sheet "
        "says how names that look alike are counted."
    )
