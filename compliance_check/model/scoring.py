"""Pure scoring: a checklist and one set of answers in, an Assessment out. No I/O."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from compliance_check.model.answers import AnswersFile
from compliance_check.model.checklist import Answer, Checklist, Nation, Priority, Profile, RagBands
from compliance_check.model.evidence import Evidence, EvidenceAge, evidence_age


class Rag(StrEnum):
    """Red / amber / green rating; always shown as a word as well as a colour."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NOT_SCORED = "not scored"


class GapKind(StrEnum):
    """Why an item falls short of full compliance."""

    COMPLIANCE = "compliance"  # answered no or partly: the council knows it falls short
    ASSURANCE = "assurance"  # answered don't know: the council cannot say
    UNANSWERED = "unanswered"  # not answered yet


def rag_for(score: float | None, bands: RagBands) -> Rag:
    """The rating a score earns within the checklist's bands."""
    if score is None:
        return Rag.NOT_SCORED
    if score >= bands.green:
        return Rag.GREEN
    if score >= bands.amber:
        return Rag.AMBER
    return Rag.RED


def percent(earned: float, possible: float) -> float | None:
    """``earned`` as a percentage of ``possible``; None when nothing could be earned."""
    return 100.0 * earned / possible if possible > 0 else None


class ItemResult(NamedTuple):
    """How one requirement scored.

    A named tuple rather than a frozen dataclass: a batch makes one for every item of every
    file, and a tuple is made in a third of the time (benchmarks/README.md).
    """

    requirement_id: str
    section_id: str
    title: str
    priority: Priority
    weight: float
    answer: Answer | None
    earned: float  # weighted points earned
    possible: float  # weighted points available; 0 when not applicable
    note: str | None
    evidence: tuple[Evidence, ...]
    action: str
    order: int  # position in the checklist
    # For a yes answer, how recent the evidence it rests on is at the assessment date.
    evidence_age: EvidenceAge | None = None

    @property
    def lost(self) -> float:
        """Weighted points short of full marks."""
        return self.possible - self.earned

    @property
    def gap_kind(self) -> GapKind | None:
        """The kind of gap, or None when the item is fully met or not applicable."""
        if self.answer is None:
            return GapKind.UNANSWERED
        if self.answer is Answer.DONT_KNOW:
            return GapKind.ASSURANCE
        if self.answer in (Answer.NO, Answer.PARTLY) and self.lost > 0:
            return GapKind.COMPLIANCE
        return None


@dataclass(frozen=True)
class SectionScore:
    """The score of one section within the profile."""

    section_id: str
    title: str
    items: int
    answered: int
    met: int  # items earning every point they could
    earned: float
    possible: float
    score: float | None
    rag: Rag

    @property
    def gap(self) -> float | None:
        """Percentage points short of 100%."""
        return None if self.score is None else 100.0 - self.score


@dataclass(frozen=True)
class Assessment:
    """Everything a report needs about one answers file scored against its checklist."""

    checklist_id: str
    checklist_version: str
    checklist_title: str
    profile_id: str
    profile_title: str
    authority: str
    assessed_on: str
    earned: float
    possible: float
    score: float | None
    rag: Rag
    sections: tuple[SectionScore, ...]
    items: tuple[ItemResult, ...]
    # The nation the answers are for, and the profile's items that do not apply there: they
    # leave the score as a not-applicable answer does, and reports name them.
    nation: Nation | None = None
    not_in_nation: tuple[str, ...] = ()
    # Items whose only answer is a proposal carried across from another checklist.
    proposed: tuple[str, ...] = ()

    @property
    def gap(self) -> float | None:
        """Percentage points short of 100%."""
        return None if self.score is None else 100.0 - self.score

    @property
    def compliant(self) -> bool:
        """Fully compliant: only a score of exactly 100% counts."""
        return self.score is not None and self.score >= 100.0 and self.unanswered == 0

    @property
    def unanswered(self) -> int:
        """Items in the profile not answered yet."""
        return sum(1 for item in self.items if item.answer is None)

    @property
    def complete(self) -> bool:
        """Every item in the profile has an answer."""
        return self.unanswered == 0

    @property
    def answered_score(self) -> float | None:
        """The score over the answered items alone: what the answers so far add up to."""
        answered = [item for item in self.items if item.answer is not None]
        return percent(sum(i.earned for i in answered), sum(i.possible for i in answered))

    @property
    def gaps(self) -> tuple[ItemResult, ...]:
        """Items short of full compliance, in action order.

        Must before should, then by the weighted points lost (most first), then checklist
        order: the order an action plan should tackle them in.
        """
        short = [item for item in self.items if item.gap_kind is not None]
        return tuple(
            sorted(short, key=lambda i: (i.priority is not Priority.MUST, -i.lost, i.order))
        )

    def evidence_ages(self) -> dict[EvidenceAge, int]:
        """How many yes answers rest on current, stale, undated or no evidence."""
        counts = dict.fromkeys(EvidenceAge, 0)
        for item in self.items:
            if item.evidence_age is not None:
                counts[item.evidence_age] += 1
        return counts

    @property
    def evidence_to_check(self) -> tuple[ItemResult, ...]:
        """Yes answers on stale evidence or none, for internal audit: stale first."""
        wanted = (EvidenceAge.STALE, EvidenceAge.NONE)
        listed = [item for item in self.items if item.evidence_age in wanted]
        return tuple(sorted(listed, key=lambda i: (i.evidence_age is EvidenceAge.NONE, i.order)))

    def count(self, kind: GapKind) -> int:
        """How many items have a gap of this kind."""
        return sum(1 for item in self.items if item.gap_kind is kind)

    @property
    def must_not_met(self) -> int:
        """Must items with any gap."""
        return sum(
            1 for item in self.items if item.priority is Priority.MUST and item.gap_kind is not None
        )


def score(checklist: Checklist, answers: AnswersFile, profile: Profile | None = None) -> Assessment:
    """Score ``answers`` against ``checklist`` for ``profile`` (default: the answers' profile).

    The answers must already have been checked against the checklist (``check_against``).
    """
    chosen = profile or checklist.profile(answers.profile)
    points = checklist.scoring.points
    earned_share = {
        Answer.YES: points.yes,
        Answer.PARTLY: points.partly,
        Answer.NO: points.no,
        Answer.DONT_KNOW: points.dont_know,
    }
    nation = answers.effective_nation
    items: list[ItemResult] = []
    not_in_nation: list[str] = []
    proposed: list[str] = []
    for order, requirement in enumerate(checklist.in_profile(chosen)):
        if not requirement.applies_in(nation):
            not_in_nation.append(requirement.id)
            continue
        response = answers.responses.get(requirement.id)
        if response is not None and response.answer is None and response.proposal is not None:
            proposed.append(requirement.id)
        answer = response.answer if response is not None else None
        evidence = tuple(response.evidence) if response is not None else ()
        weight = checklist.weight_of(requirement)
        possible = 0.0 if answer is Answer.NOT_APPLICABLE else weight
        earned = weight * earned_share[answer] if answer in earned_share else 0.0
        items.append(
            ItemResult(
                requirement_id=requirement.id,
                section_id=checklist.section_of[requirement.id].id,
                title=requirement.title,
                priority=requirement.priority,
                weight=weight,
                answer=answer,
                earned=earned,
                possible=possible,
                note=response.note if response is not None else None,
                evidence=evidence,
                action=requirement.action,
                order=order,
                evidence_age=evidence_age(evidence, answers.assessed_on)
                if answer is Answer.YES
                else None,
            )
        )
    by_section: dict[str, list[ItemResult]] = {}
    for item in items:
        by_section.setdefault(item.section_id, []).append(item)
    sections: list[SectionScore] = []
    for section in checklist.sections:
        members = by_section.get(section.id)
        if not members:
            continue
        earned = sum(item.earned for item in members)
        possible = sum(item.possible for item in members)
        section_score = percent(earned, possible)
        sections.append(
            SectionScore(
                section_id=section.id,
                title=section.title,
                items=len(members),
                answered=sum(1 for item in members if item.answer is not None),
                met=sum(1 for item in members if 0 < item.possible <= item.earned),
                earned=earned,
                possible=possible,
                score=section_score,
                rag=rag_for(section_score, checklist.scoring.rag),
            )
        )
    total_earned = sum(item.earned for item in items)
    total_possible = sum(item.possible for item in items)
    overall = percent(total_earned, total_possible)
    return Assessment(
        checklist_id=checklist.id,
        checklist_version=checklist.version,
        checklist_title=checklist.title,
        profile_id=chosen.id,
        profile_title=chosen.title,
        authority=answers.authority,
        assessed_on=answers.assessed_on.isoformat(),
        earned=total_earned,
        possible=total_possible,
        score=overall,
        rag=rag_for(overall, checklist.scoring.rag),
        sections=tuple(sections),
        items=tuple(items),
        nation=nation,
        not_in_nation=tuple(not_in_nation),
        proposed=tuple(proposed),
    )
