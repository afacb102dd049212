"""The cohort summed up: per requirement, per authority and overall, under disclosure control."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

from compliance_check.codes import ConflictPolicy
from compliance_check.cohort.disclosure import (
    Band,
    Cell,
    Rule,
    complementary,
    merge_bands,
    withheld_safe,
)
from compliance_check.cohort.identity import IdentityConflict, authority_keys, identity_conflicts
from compliance_check.cohort.records import (
    ANSWER_CODE,
    CODE_ANSWER,
    COMPLIANCE_GAP,
    DISCONNECT_FLAG,
    HISTOGRAM_BANDS,
    HISTOGRAM_EDGES,
    LOWEST_FIRST,
    NOT_ASKED,
    NOT_MET,
    ROLE_GROUPS,
    YES,
    Conflict,
    Identity,
    Rejected,
    Scored,
)
from compliance_check.files.text import identity_fold, name_order
from compliance_check.model.answers import (
    RoleGroup,
)
from compliance_check.model.baselines import cohort_share, printed_figure
from compliance_check.model.checklist import (
    Answer,
    Baseline,
    Checklist,
    Priority,
    RagBands,
    Requirement,
    version_key,
)
from compliance_check.model.scoring import Rag, rag_for
from compliance_check.signing.verdict import Standing


@dataclass(frozen=True)
class GroupFigure:
    """% yes to one item within one group of roles."""

    respondents: int
    percent_yes: float | None
    hidden: bool


@dataclass(frozen=True)
class RequirementStats:
    """How the cohort answered one requirement."""

    id: str
    section_id: str
    title: str
    priority: Priority
    versions: tuple[str, ...]  # the checklist versions whose counted files hold this item
    wording_version: str  # the version whose title, priority and sector figure are shown
    baseline: Baseline | None  # the sector figure of the wording version, where it has one
    asked: int  # respondents whose profile holds the item
    counts: dict[Answer | None, int] | None  # None key: not answered; None: hidden
    percents: dict[Answer | None, float] | None
    percent_not_met: float | None  # answered partly, no, don't know, or not answered
    roles: dict[RoleGroup, GroupFigure]
    disconnect: float | None  # leadership % yes minus departmental % yes
    disconnect_flagged: bool
    hidden: bool

    @property
    def percent_yes(self) -> float | None:
        """The share of respondents asked who answered yes."""
        return None if self.percents is None else self.percents[Answer.YES]

    @property
    def survey_share(self) -> float | None:
        """The cohort's % in the sector figure's own measure, where the two compare."""
        if self.baseline is None or self.percents is None:
            return None
        return cohort_share(self.baseline, self.percents)

    @property
    def change(self) -> float | None:
        """Points above (or below) the sector figure, in its own measure; None if not comparable.

        The change is taken in the measure the survey printed (for GOV-05, "no or don't know"),
        never against a ceiling derived from it, so it is exact where it is given at all.
        """
        share = self.survey_share
        if self.baseline is None or share is None:
            return None
        return share - printed_figure(self.baseline)


@dataclass(frozen=True)
class AuthorityStats:
    """The respondents of one authority combined."""

    name: str
    code: str | None  # its ONS/GSS code, when its files give one
    authority_type: str | None
    respondents: int
    score: float | None  # the mean of its respondents' scores
    rag: Rag
    sections: tuple[float | None, ...]  # mean section scores, in CohortResult.sections order
    lowest: dict[str, Answer | None]  # the lowest answer given to each item asked
    must_not_met: int | None
    overdue_actions: int | None  # of all its respondents' action plans
    compliance_gaps: int | None
    assurance_gaps: int | None
    compared: int | None  # items answered by two or more of its respondents
    differing: tuple[str, ...]  # of those, the items they answered differently
    hidden: bool
    below_threshold: bool  # under --fail-under, judged on the true figure even when hidden

    @property
    def gap(self) -> float | None:
        """Percentage points short of 100%."""
        return None if self.score is None else 100.0 - self.score

    @property
    def percent_differing(self) -> float | None:
        """The share of items answered by two or more that they answered differently."""
        if self.hidden or not self.compared:
            return None
        return 100.0 * len(self.differing) / self.compared

    @property
    def gaps(self) -> list[tuple[str, Answer | None]]:
        """Its gap list: the items whose lowest answer falls short, in checklist order."""
        return [
            (rid, answer) for rid, answer in self.lowest.items() if ANSWER_CODE[answer] in NOT_MET
        ]


@dataclass(frozen=True)
class Overview:
    """The cohort in a few figures."""

    files: int
    scored: int
    rejected: int
    duplicates: int
    conflicting: int  # files in conflict that are not counted
    respondents: int
    authorities: int
    mean: float | None
    median: float | None
    minimum: float | None
    maximum: float | None
    fully_compliant: int | None
    percent_fully_compliant: float | None
    histogram: tuple[Band, ...] | None  # bands of HISTOGRAM_BANDS points, merged when small
    hidden: bool


@dataclass(frozen=True)
class CohortResult:
    """Everything a cohort report shows. Figures built from too few respondents are None."""

    checklist_id: str
    checklist_title: str
    versions: tuple[str, ...]  # the checklist versions the counted files answered
    profile_id: str | None  # None: each file's own profile
    min_group: int
    min_authorities: int  # behind a figure about a group of authorities
    published: bool  # written for the public: no respondent, file or path at all
    sections: tuple[tuple[str, str], ...]  # (id, title)
    overview: Overview
    requirements: tuple[RequirementStats, ...]  # checklist order
    authorities: tuple[AuthorityStats, ...]  # name order
    role_respondents: dict[RoleGroup, int]
    scored: tuple[Scored, ...]  # every scored file, in the order found
    rejected: tuple[Rejected, ...]
    duplicate_of: dict[str, str]  # a duplicate's path -> the path counted in its place
    regraded: frozenset[str]  # items whose priority differs between the versions counted
    rag_bands: RagBands  # the newest checklist's: every rating and colour follows them
    conflicts: tuple[Conflict, ...] = ()
    conflict_policy: ConflictPolicy = ConflictPolicy.REJECT
    # Look-alike spellings folded, names mixing scripts, names and codes that disagree.
    identity_conflicts: tuple[IdentityConflict, ...] = ()
    # Published, whether authorities are named (--name-authorities), with their scores only.
    names_authorities: bool = True

    @property
    def authorities_shown(self) -> bool:
        """Whether the outputs list the authorities: privately always; published, if asked."""
        return not self.published or self.names_authorities

    @property
    def uncounted(self) -> frozenset[str]:
        """The paths of scored files left out: duplicates, and conflicts not counted."""
        return _left_out(self.conflicts).union(self.duplicate_of)

    @property
    def unsettled(self) -> bool:
        """Conflicts the policy leaves for the regional body to settle (exit 3)."""
        return bool(self.conflicts) and self.conflict_policy is ConflictPolicy.REJECT

    @property
    def sign_offs(self) -> dict[Standing, int]:
        """How the counted submissions' sign-offs stand: verified, unverified, and so on."""
        counts = dict.fromkeys(Standing, 0)
        left_out = self.uncounted
        for record in self.scored:
            if record.path not in left_out:
                counts[record.sign_off] += 1
        return counts

    @property
    def files(self) -> int:
        """Every file found: K scored + R rejected."""
        return len(self.scored) + len(self.rejected)

    @property
    def below_threshold(self) -> list[AuthorityStats]:
        """The authorities whose mean score is under --fail-under."""
        return [authority for authority in self.authorities if authority.below_threshold]

    @property
    def respondents_hidden(self) -> bool:
        """Whether each respondent's own figures are hidden."""
        return self.published or hides_respondents(self.min_group)

    @property
    def rule(self) -> Rule:
        """What every figure shown rests on."""
        return Rule(self.min_group, self.min_authorities)

    @property
    def survey_items(self) -> list[RequirementStats]:
        """The items with a 2009 figure to compare with."""
        return [item for item in self.requirements if item.baseline is not None]

    @property
    def ranked(self) -> list[RequirementStats]:
        """Requirements, most often not met first (hidden ones last), then checklist order."""
        order = {item.id: index for index, item in enumerate(self.requirements)}
        return sorted(
            self.requirements,
            key=lambda item: (
                item.percent_not_met is None,
                -(item.percent_not_met or 0.0),
                order[item.id],
            ),
        )


def hides_respondents(min_group: int) -> bool:
    """Each respondent's row is a group of one, hidden whenever suppression is on."""
    return min_group > 1


def _percent(part: int, whole: int) -> float | None:
    return 100.0 * part / whole if whole else None


def _mean(values: Sequence[float]) -> float | None:
    return statistics.fmean(values) if values else None


def _count_once(
    records: Sequence[Scored], authority_of: dict[str, str], policy: ConflictPolicy
) -> tuple[dict[str, str], tuple[Conflict, ...]]:
    """Files sent twice, each with the file counted in its place; and the conflicts.

    One identity (authority, respondent, role, date) with equal answers is one submission,
    counted once: the first file found. With different answers it is a conflict, counted as
    ``policy`` says. When a file was modified is no evidence of which is genuine.
    """
    groups: dict[Identity, list[Scored]] = defaultdict(list)
    for record in records:
        identity = (
            authority_of[record.path],
            identity_fold(record.name),
            record.role,
            record.assessed_on,
        )
        groups[identity].append(record)
    duplicate_of: dict[str, str] = {}
    conflicts: list[Conflict] = []
    for members in groups.values():
        if len({record.content for record in members}) == 1:
            duplicate_of.update({record.path: members[0].path for record in members[1:]})
            continue
        counted = None
        if policy is ConflictPolicy.LOWEST:
            # An unscored file (nothing answered) is the lowest of all.
            lowest = min(members, key=lambda record: (record.score is not None, record.score))
            counted = lowest.path
        conflicts.append(Conflict(tuple(members), counted))
    return duplicate_of, tuple(conflicts)


def _left_out(conflicts: Iterable[Conflict]) -> frozenset[str]:
    return frozenset(
        path for conflict in conflicts for path in conflict.paths if path != conflict.counted
    )


class _Catalogue:
    """The requirements and sections of every version scored, newest version's wording first."""

    def __init__(self, checklists: Sequence[Checklist]) -> None:
        newest_first = sorted(checklists, key=lambda c: version_key(c.version), reverse=True)
        self.newest = newest_first[0]
        self.requirements: dict[str, Requirement] = {}
        self.version_of: dict[str, str] = {}
        self.section_of: dict[str, str] = {}
        self.sections: dict[str, str] = {}
        for checklist in newest_first:
            for section in checklist.sections:
                self.sections.setdefault(section.id, section.title)
                for requirement in section.requirements:
                    self.requirements.setdefault(requirement.id, requirement)
                    self.version_of.setdefault(requirement.id, checklist.version)
                    self.section_of.setdefault(requirement.id, section.id)
        self.ids = {c.version: list(c.requirements) for c in checklists}
        priorities: dict[str, set[Priority]] = defaultdict(set)
        for checklist in checklists:
            for rid, requirement in checklist.requirements.items():
                priorities[rid].add(requirement.priority)
        self.regraded = frozenset(rid for rid, seen in priorities.items() if len(seen) > 1)
        self.section_ids = {c.version: [section.id for section in c.sections] for c in checklists}

    def columns(self, records: Iterable[Scored]) -> dict[str, list[str]]:
        """Each requirement's answer codes in ``records`` (NOT_ASKED where it was not asked)."""
        rows: dict[str, list[str]] = defaultdict(list)
        for record in records:
            rows[record.version].append(record.answers)
        columns: dict[str, list[str]] = defaultdict(list)
        for version, answer_rows in rows.items():
            # zip(*rows) turns the rows into columns at C speed, one item at a time.
            for rid, column in zip(self.ids[version], zip(*answer_rows, strict=True), strict=True):
                columns[rid].extend(column)
        return columns

    def authorities_asked(
        self, records: Iterable[Scored], authority_of: dict[str, str]
    ) -> dict[str, frozenset[str]]:
        """Each requirement's authorities (``authority_of`` a file) with a respondent asked it."""
        # Whether an item is asked depends only on the version and profile a file was scored
        # on, so one file of each stands for all.
        scopes: dict[tuple[str, str], tuple[str, set[str]]] = {}
        for record in records:
            _, names = scopes.setdefault((record.version, record.profile), (record.answers, set()))
            names.add(authority_of[record.path])
        asked: dict[str, set[str]] = defaultdict(set)
        for (version, _), (answers, names) in scopes.items():
            for rid, code in zip(self.ids[version], answers, strict=True):
                if code != NOT_ASKED:
                    asked[rid] |= names
        return {rid: frozenset(names) for rid, names in asked.items()}


def _group_cell(tally: Counter[str], authorities: frozenset[str] | None) -> Cell:
    """A group of roles' answers to one item, as a figure of its line (the item's % yes)."""
    asked = tally.total() - tally[NOT_ASKED]
    return Cell(
        asked,
        authorities or frozenset(),
        floor=tally[YES] == 0,
        ceiling=asked > 0 and tally[YES] == asked,
    )


def _requirement_stats(
    catalogue: _Catalogue, counted: Sequence[Scored], rule: Rule, authority_of: dict[str, str]
) -> list[RequirementStats]:
    totals: dict[str, Counter[str]] = defaultdict(Counter)
    by_group: dict[tuple[str, RoleGroup], Counter[str]] = defaultdict(Counter)
    groups: dict[RoleGroup, list[Scored]] = defaultdict(list)
    for record in counted:
        groups[record.role_group].append(record)
    group_authorities: dict[RoleGroup, dict[str, frozenset[str]]] = {}
    for group, records in groups.items():
        for rid, column in catalogue.columns(records).items():
            tally = Counter(column)
            totals[rid].update(tally)
            by_group[rid, group] = tally
        group_authorities[group] = catalogue.authorities_asked(records, authority_of)
    versions = sorted({record.version for record in counted}, key=version_key)
    stats = []
    for rid, requirement in catalogue.requirements.items():
        total = totals[rid]
        asked = total.total() - total[NOT_ASKED]
        cells = [
            _group_cell(by_group[rid, group], group_authorities.get(group, {}).get(rid))
            for group in (*ROLE_GROUPS, RoleGroup.OTHER)
        ]
        authorities = frozenset().union(*(cell.authorities for cell in cells))
        hidden = asked > 0 and not rule.safe(asked, len(authorities))
        # The item's % yes is the total of its groups' (weighted by their respondents): a
        # group withheld alone could be worked out from it and the others. Other roles are
        # never shown, so they count as withheld already.
        unsafe = [i for i, cell in enumerate(cells) if cell.respondents and not _safe(cell, rule)]
        if cells[-1].respondents and unsafe:
            unsafe.append(len(cells) - 1)
        withheld = complementary(cells, unsafe, rule)
        # Where even every group withheld together would give itself away (too few, or all
        # at 0% or 100% yes), so would the item's own figures: they are withheld too.
        hidden = hidden or not withheld_safe(cells, withheld, rule)
        if hidden:
            withheld = frozenset(range(len(cells)))
        roles: dict[RoleGroup, GroupFigure] = {}
        for index, (group, cell) in enumerate(zip(ROLE_GROUPS, cells[:-1], strict=True)):
            group_hidden = index in withheld and cell.respondents > 0
            roles[group] = GroupFigure(
                cell.respondents,
                None if group_hidden else _percent(by_group[rid, group][YES], cell.respondents),
                group_hidden,
            )
        leaders, frontline = roles[RoleGroup.LEADERSHIP], roles[RoleGroup.DEPARTMENTAL]
        disconnect = None
        if leaders.percent_yes is not None and frontline.percent_yes is not None:
            # In exact fractions: 2/3 - 7/15 is 20 points, which floating point puts just under.
            disconnect = Fraction(
                100 * by_group[rid, RoleGroup.LEADERSHIP][YES], leaders.respondents
            ) - Fraction(100 * by_group[rid, RoleGroup.DEPARTMENTAL][YES], frontline.respondents)
        counts = {answer: total[code] for answer, code in ANSWER_CODE.items()}
        shown = asked > 0 and not hidden
        stats.append(
            RequirementStats(
                id=rid,
                section_id=catalogue.section_of[rid],
                title=requirement.title,
                priority=requirement.priority,
                versions=tuple(v for v in versions if rid in catalogue.ids[v]),
                wording_version=catalogue.version_of[rid],
                baseline=requirement.baseline,
                asked=asked,
                counts=counts if not hidden else None,
                percents={a: 100.0 * n / asked for a, n in counts.items()} if shown else None,
                percent_not_met=(
                    _percent(sum(total[code] for code in NOT_MET), asked) if shown else None
                ),
                roles=roles,
                disconnect=None if disconnect is None else float(disconnect),
                disconnect_flagged=disconnect is not None and disconnect >= DISCONNECT_FLAG,
                hidden=hidden,
            )
        )
    return stats


def _safe(cell: Cell, rule: Rule) -> bool:
    return rule.safe(cell.respondents, len(cell.authorities))


def _authority_stats(
    catalogue: _Catalogue,
    respondents: Sequence[Scored],
    hidden: bool,
    fail_under: float | None,
) -> AuthorityStats:
    names = Counter(record.authority for record in respondents)
    kinds = Counter(record.authority_type for record in respondents if record.authority_type)
    codes = Counter(record.authority_code for record in respondents if record.authority_code)
    given = catalogue.columns(respondents)
    lowest: dict[str, Answer | None] = {}
    differing = []
    compared = 0
    unanswered = ANSWER_CODE[None]
    # Once for each item of each authority: sets and counts at C speed, no Counter.
    for rid in catalogue.requirements:
        column = given.get(rid, [])
        present = set(column)
        present.discard(NOT_ASKED)
        if not present:
            continue
        answered = present - {unanswered}
        lowest[rid] = CODE_ANSWER[min(answered, key=LOWEST_FIRST.index)] if answered else None
        if len(answered) > 1:  # two answers differ, so at least two were given
            compared += 1
            differing.append(rid)
        elif answered and len(column) - column.count(NOT_ASKED) - column.count(unanswered) >= 2:
            compared += 1
    section_scores: dict[str, list[float]] = defaultdict(list)
    for record in respondents:
        for section_id, value in zip(
            catalogue.section_ids[record.version], record.sections, strict=True
        ):
            if value is not None:
                section_scores[section_id].append(value)
    overall = _mean([record.score for record in respondents if record.score is not None])
    gap_codes = Counter(ANSWER_CODE[answer] for answer in lowest.values())
    must_not_met = sum(
        1
        for rid, answer in lowest.items()
        if ANSWER_CODE[answer] in NOT_MET and catalogue.requirements[rid].priority is Priority.MUST
    )
    return AuthorityStats(
        # The spelling most respondents used; ties go to the first file found.
        name=names.most_common(1)[0][0],
        code=codes.most_common(1)[0][0] if codes else None,
        authority_type=kinds.most_common(1)[0][0] if kinds else None,
        respondents=len(respondents),
        score=None if hidden else overall,
        rag=Rag.NOT_SCORED if hidden else rag_for(overall, catalogue.newest.scoring.rag),
        sections=tuple(
            None if hidden else _mean(section_scores.get(section_id, []))
            for section_id in catalogue.sections
        ),
        lowest={} if hidden else lowest,
        must_not_met=None if hidden else must_not_met,
        overdue_actions=None if hidden else sum(record.overdue_actions for record in respondents),
        compliance_gaps=None if hidden else sum(gap_codes[code] for code in COMPLIANCE_GAP),
        assurance_gaps=None if hidden else gap_codes[ANSWER_CODE[Answer.DONT_KNOW]],
        compared=None if hidden else compared,
        differing=() if hidden else tuple(differing),
        hidden=hidden,
        below_threshold=fail_under is not None and (overall is None or overall < fail_under),
    )


def _overview(
    counted: Sequence[Scored],
    scored: int,
    rejected: int,
    duplicates: int,
    authorities: int,
    rule: Rule,
) -> Overview:
    scores = sorted(record.score for record in counted if record.score is not None)
    hidden = bool(counted) and not rule.safe(len(counted), authorities)
    shown = bool(counted) and not hidden
    histogram = [0] * HISTOGRAM_BANDS
    for value in scores:
        histogram[min(int(value // (100 / HISTOGRAM_BANDS)), HISTOGRAM_BANDS - 1)] += 1
    compliant = sum(record.compliant for record in counted)
    compliant_shown = shown and rule.count_safe(compliant, len(counted))
    # The lowest and highest scores are each one respondent's own.
    extremes_shown = shown and bool(scores) and not hides_respondents(rule.min_group)
    return Overview(
        files=scored + rejected,
        scored=scored,
        rejected=rejected,
        duplicates=duplicates,
        conflicting=scored - len(counted) - duplicates,
        respondents=len(counted),
        authorities=authorities,
        mean=_mean(scores) if shown else None,
        median=statistics.median(scores) if shown and scores else None,
        minimum=scores[0] if extremes_shown else None,
        maximum=scores[-1] if extremes_shown else None,
        fully_compliant=compliant if compliant_shown else None,
        percent_fully_compliant=_percent(compliant, len(counted)) if compliant_shown else None,
        histogram=merge_bands(HISTOGRAM_EDGES, histogram, rule) if shown else None,
        hidden=hidden,
    )


def _score_cell(index: int, values: Sequence[float]) -> Cell:
    return Cell(
        len(values),
        frozenset({str(index)}),
        floor=all(value == 0 for value in values),
        ceiling=all(value == 100 for value in values),
    )


def _withheld_in_sections(
    catalogue: _Catalogue, members: Sequence[Sequence[Scored]], withheld: set[int], rule: Rule
) -> set[int]:
    """``withheld`` with more authorities, until it meets the rule in every section's line.

    A section's line counts only the authorities whose respondents were asked it, with their
    section scores: a profile that leaves the section out leaves them out of the line. Where
    even every authority asked cannot make it safe, nothing more is withheld for it.
    """
    lines = []
    for section_id in catalogue.sections:
        values: list[list[float]] = [[] for _ in members]
        for index, group in enumerate(members):
            for record in group:
                ids = catalogue.section_ids[record.version]
                if section_id not in ids:
                    continue
                value = record.sections[ids.index(section_id)]
                if value is not None:
                    values[index].append(value)
        lines.append([_score_cell(index, found) for index, found in enumerate(values)])
    hidden = set(withheld)
    grown = True
    while grown:
        grown = False
        for cells in lines:
            asked = {index for index in hidden if cells[index].respondents}
            more = complementary(cells, asked, rule) - hidden
            if more:
                hidden |= more
                grown = True
    return hidden


def summarise(
    records: Sequence[Scored],
    rejected: Sequence[Rejected],
    checklists: Sequence[Checklist],
    *,
    profile_id: str | None = None,
    min_group: int = 1,
    min_authorities: int = 1,
    published: bool = False,
    names_authorities: bool = True,
    fail_under: float | None = None,
    conflict_policy: ConflictPolicy = ConflictPolicy.REJECT,
) -> CohortResult:
    """The cohort figures of scored ``records`` (one checklist, any of its ``checklists``).

    Duplicates count once; conflicts as ``conflict_policy`` says. Every figure built from
    fewer than ``min_group`` respondents, or describing fewer than ``min_authorities``
    authorities, is hidden, with enough others that it cannot be worked out from the figures
    shown (see ``disclosure``).
    ``published`` leaves out every respondent and file, and every authority unless
    ``names_authorities``. ``fail_under`` lists the authorities
    whose true mean score is below it.
    """
    rule = Rule(min_group, min_authorities)
    authority_of = authority_keys(records)
    duplicate_of, conflicts = _count_once(records, authority_of, conflict_policy)
    left_out = _left_out(conflicts).union(duplicate_of)
    counted = [record for record in records if record.path not in left_out]
    used = {record.version for record in counted}
    catalogue = _Catalogue([c for c in checklists if c.version in used] or checklists)
    by_authority: dict[str, list[Scored]] = defaultdict(list)
    for record in counted:
        by_authority[authority_of[record.path]].append(record)
    overview = _overview(
        counted, len(records), len(rejected), len(duplicate_of), len(by_authority), rule
    )
    members = list(by_authority.values())
    # An authority's score is the mean of its respondents who have one: only they count.
    scores = [[record.score for record in group if record.score is not None] for group in members]
    withheld = {
        i for i, group in enumerate(members) if rule.small(len(group)) or rule.small(len(scores[i]))
    }
    if overview.mean is not None:
        # The cohort's mean is the authorities' means weighted by their respondents: one
        # authority withheld alone could be worked out from it and the others.
        cells = [_score_cell(i, values) for i, values in enumerate(scores)]
        withheld = set(complementary(cells, withheld, rule))
        if not withheld_safe(cells, withheld, rule):
            # Every authority withheld still gives itself away: so would the mean.
            overview = replace(overview, mean=None)
    if withheld and not published:
        # The private workbook shows each authority's section scores, and the item counts give
        # each section's total: every section is a line too, of the authorities asked it.
        withheld = _withheld_in_sections(catalogue, members, withheld, rule)
    authorities = sorted(
        (
            _authority_stats(catalogue, group, i in withheld, fail_under)
            for i, group in enumerate(members)
        ),
        key=lambda authority: (name_order(authority.name), authority.name),
    )
    groups = Counter(record.role_group for record in counted)
    return CohortResult(
        checklist_id=catalogue.newest.id,
        checklist_title=catalogue.newest.title,
        versions=tuple(sorted(used, key=version_key)),
        profile_id=profile_id,
        min_group=min_group,
        min_authorities=min_authorities,
        published=published,
        sections=tuple(catalogue.sections.items()),
        overview=overview,
        requirements=tuple(_requirement_stats(catalogue, counted, rule, authority_of)),
        authorities=tuple(authorities),
        role_respondents={group: groups[group] for group in ROLE_GROUPS},
        scored=tuple(records),
        rejected=tuple(rejected),
        duplicate_of=duplicate_of,
        regraded=catalogue.regraded,
        rag_bands=catalogue.newest.scoring.rag,
        conflicts=conflicts,
        conflict_policy=conflict_policy,
        identity_conflicts=identity_conflicts(records, authority_of),
        names_authorities=names_authorities,
    )
