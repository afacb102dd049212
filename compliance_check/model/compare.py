"""Pure year-on-year comparison: two scored assessments in, each item's change out. No I/O.

How an item is grouped, by its answer before and after:

- **improved** / **regressed**: both years have a real answer (yes, partly or no) and the share of
  the item's points it earns went up / down (yes > partly > no with the default points).
- **regressed** also covers a real answer now unknown (don't know, or left unanswered): a council
  that could say yes, partly or no last time and cannot now has lost assurance, and yes or partly
  also lose their points. This is what ``--fail-on-regression`` catches.
- **newly known**: don't know or unanswered before, a real answer now, whatever that answer is.
  ``dont_know`` to ``no`` scores the same 0 points but is progress in assurance, so it is never a
  regression; ``dont_know`` to ``yes`` shows its points gain in the points column.
- **still open**: not fully met either time with nothing better or worse: the same share of
  points short of full marks, or unknown both times.
- **newly not applicable** / **no longer not applicable**: not applicable in only one of the two.
- **unchanged**: fully met both times, or not applicable both times.
- **added** / **removed**: in only one of the two assessments (a new checklist version or another
  profile); listed apart, never compared and never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum, StrEnum

from compliance_check.errors import AnswersError
from compliance_check.model.actions import ActionPlan, action_plan
from compliance_check.model.answers import AnswersFile
from compliance_check.model.checklist import (
    Answer,
    ChangeKind,
    Checklist,
    Priority,
    Profile,
    version_key,
)
from compliance_check.model.scoring import Assessment, ItemResult, SectionScore, percent, score


class Change(StrEnum):
    """How an item moved between two assessments, in the order reports show the groups."""

    IMPROVED = "improved"
    REGRESSED = "regressed"
    NEWLY_KNOWN = "newly_known"
    STILL_OPEN = "still_open"
    NEWLY_NOT_APPLICABLE = "newly_not_applicable"
    NO_LONGER_NOT_APPLICABLE = "no_longer_not_applicable"
    UNCHANGED = "unchanged"
    ADDED = "added"
    REMOVED = "removed"


class _State(Enum):
    KNOWN = "known"  # yes, partly or no
    UNKNOWN = "unknown"  # don't know, or not answered
    NOT_APPLICABLE = "not applicable"


_STATE: dict[Answer | None, _State] = {
    Answer.YES: _State.KNOWN,
    Answer.PARTLY: _State.KNOWN,
    Answer.NO: _State.KNOWN,
    Answer.DONT_KNOW: _State.UNKNOWN,
    None: _State.UNKNOWN,
    Answer.NOT_APPLICABLE: _State.NOT_APPLICABLE,
}

# (before, after) -> group; a real answer both times is decided by the points share instead.
_BY_STATE: dict[tuple[_State, _State], Change] = {
    (_State.UNKNOWN, _State.KNOWN): Change.NEWLY_KNOWN,
    (_State.KNOWN, _State.UNKNOWN): Change.REGRESSED,
    (_State.UNKNOWN, _State.UNKNOWN): Change.STILL_OPEN,
    (_State.KNOWN, _State.NOT_APPLICABLE): Change.NEWLY_NOT_APPLICABLE,
    (_State.UNKNOWN, _State.NOT_APPLICABLE): Change.NEWLY_NOT_APPLICABLE,
    (_State.NOT_APPLICABLE, _State.KNOWN): Change.NO_LONGER_NOT_APPLICABLE,
    (_State.NOT_APPLICABLE, _State.UNKNOWN): Change.NO_LONGER_NOT_APPLICABLE,
    (_State.NOT_APPLICABLE, _State.NOT_APPLICABLE): Change.UNCHANGED,
}


def _share(item: ItemResult) -> float:
    return item.earned / item.possible


def classify(before: ItemResult, after: ItemResult) -> Change:
    """The group of an item present in both assessments (see the module docstring)."""
    states = (_STATE[before.answer], _STATE[after.answer])
    if states in _BY_STATE:
        return _BY_STATE[states]
    then, now = _share(before), _share(after)
    if now > then:
        return Change.IMPROVED
    if now < then:
        return Change.REGRESSED
    return Change.UNCHANGED if after.lost == 0 else Change.STILL_OPEN


@dataclass(frozen=True)
class ItemChange:
    """One requirement in either or both assessments, and how it moved."""

    before: ItemResult | None
    after: ItemResult | None
    change: Change

    @property
    def current(self) -> ItemResult:
        """The latest view of the item: after when assessed then, else before."""
        latest = self.after or self.before
        assert latest is not None, "an item is in at least one assessment"
        return latest

    @property
    def requirement_id(self) -> str:
        """The requirement's id."""
        return self.current.requirement_id

    @property
    def section_id(self) -> str:
        """The section holding the requirement (the latest checklist's)."""
        return self.current.section_id

    @property
    def title(self) -> str:
        """The requirement's title (the latest checklist's)."""
        return self.current.title

    @property
    def priority(self) -> Priority:
        """Must or should (the latest checklist's)."""
        return self.current.priority

    @property
    def answer_before(self) -> Answer | None:
        """The earlier answer; None when not answered or not in that assessment."""
        return self.before.answer if self.before else None

    @property
    def answer_after(self) -> Answer | None:
        """The later answer; None when not answered or not in that assessment."""
        return self.after.answer if self.after else None

    @property
    def note_before(self) -> str | None:
        """The earlier note."""
        return self.before.note if self.before else None

    @property
    def note_after(self) -> str | None:
        """The later note."""
        return self.after.note if self.after else None

    @property
    def note_changed(self) -> bool:
        """The note differs between two assessments that both hold the item."""
        both = self.before is not None and self.after is not None
        return both and self.note_before != self.note_after

    @property
    def points_change(self) -> float | None:
        """Weighted points earned now minus then; None when in only one assessment."""
        if self.before is None or self.after is None:
            return None
        return self.after.earned - self.before.earned

    @property
    def rank_key(self) -> tuple[bool, float, float, int]:
        """Order within a group: must first, biggest move, most still to gain, checklist order."""
        return (
            self.priority is not Priority.MUST,
            -abs(self.points_change or 0.0),
            -self.current.lost,
            self.current.order,
        )


def _change_in(then: float | None, now: float | None) -> float | None:
    return None if then is None or now is None else now - then


@dataclass(frozen=True)
class SectionChange:
    """A section's score then and now; either side is None when the section was not assessed."""

    section_id: str
    title: str
    before: SectionScore | None
    after: SectionScore | None

    @property
    def score_before(self) -> float | None:
        """The earlier score in percent."""
        return self.before.score if self.before else None

    @property
    def score_after(self) -> float | None:
        """The later score in percent."""
        return self.after.score if self.after else None

    @property
    def change(self) -> float | None:
        """Percentage points gained (negative: lost); None when either score is missing."""
        return _change_in(self.score_before, self.score_after)


def _same_authority(first: str, second: str) -> bool:
    return " ".join(first.split()).casefold() == " ".join(second.split()).casefold()


@dataclass(frozen=True)
class Revision:
    """An item asked in both assessments whose checklist versions word or grade it differently.

    Its score can move without the council changing anything: a re-graded item weighs more
    or less, a re-worded one may be answered differently. Reports list these apart.
    """

    requirement_id: str
    title: str
    priority_before: Priority
    priority_after: Priority
    reworded: bool
    why: tuple[str, ...]  # the newer checklist's changelog reasons for this item

    @property
    def regraded(self) -> bool:
        """must became should, or should became must."""
        return self.priority_before is not self.priority_after


_WORDING = ("title", "question", "expectation")


def revisions(before: Checklist, after: Checklist) -> tuple[Revision, ...]:
    """The items of both checklists that were re-graded or re-worded, in the newer's order."""
    if before.version == after.version:
        return ()
    older, newer = sorted((before, after), key=lambda checklist: version_key(checklist.version))
    found = []
    for rid, now in newer.requirements.items():
        then = older.requirements.get(rid)
        if then is None:
            continue
        reworded = any(getattr(then, name) != getattr(now, name) for name in _WORDING)
        if then.priority is now.priority and not reworded:
            continue
        why = tuple(
            change.why
            for release in newer.changelog
            for change in release.changes
            if rid in change.items and change.kind in (ChangeKind.PRIORITY, ChangeKind.WORDING)
        )
        found.append(
            Revision(
                requirement_id=rid,
                title=now.title,
                priority_before=before.requirements[rid].priority,
                priority_after=after.requirements[rid].priority,
                reworded=reworded,
                why=why,
            )
        )
    return tuple(found)


@dataclass(frozen=True)
class LikeForLike:
    """Both assessments over the items both versions hold, both scored under the newer one.

    The change in this score is the council's own: the same items, weights and points.
    """

    version: str  # the checklist version both are scored under
    items: int  # the items in both assessments
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        """Percentage points gained like for like (negative: lost)."""
        return _change_in(self.before, self.after)


def _score_over(assessment: Assessment, ids: set[str]) -> float | None:
    items = [item for item in assessment.items if item.requirement_id in ids]
    return percent(sum(item.earned for item in items), sum(item.possible for item in items))


def like_for_like(
    before: tuple[Checklist, AnswersFile, Assessment],
    after: tuple[Checklist, AnswersFile, Assessment],
) -> LikeForLike | None:
    """Score the side on the older checklist version again under the newer one, over the items
    both assessments hold; None when both answer the same version."""
    (old_checklist, old_answers, old), (new_checklist, new_answers, new) = before, after
    if old_checklist.version == new_checklist.version:
        return None
    if version_key(old_checklist.version) > version_key(new_checklist.version):
        rescored = score(old_checklist, new_answers, old_checklist.profile(old.profile_id))
        old, new, newer = old, rescored, old_checklist
    else:
        rescored = score(new_checklist, old_answers, new_checklist.profile(new.profile_id))
        old, new, newer = rescored, new, new_checklist
    held = {item.requirement_id for item in before[2].items} & {
        item.requirement_id for item in after[2].items
    }
    return LikeForLike(newer.version, len(held), _score_over(old, held), _score_over(new, held))


@dataclass(frozen=True)
class Comparison:
    """Two assessments of one council (usually a year apart) and every item's change."""

    before: Assessment
    after: Assessment
    sections: tuple[SectionChange, ...]
    items: tuple[ItemChange, ...]  # grouped in Change order, ranked within each group
    actions: ActionPlan  # AFTER's plan, with BEFORE's open actions carried forward
    revised: tuple[Revision, ...] = ()  # re-graded or re-worded between the two versions
    like_for_like: LikeForLike | None = None  # across checklist versions only

    @property
    def council_change(self) -> float | None:
        """The part of the score change the council made: the like-for-like change."""
        if self.like_for_like is None:
            return self.score_change
        return self.like_for_like.change

    @property
    def checklist_change(self) -> float | None:
        """The part of the score change the checklist made (0 within one version)."""
        return _change_in(self.council_change, self.score_change)

    @property
    def regraded(self) -> tuple[Revision, ...]:
        """The revised items whose priority changed between the versions."""
        return tuple(revision for revision in self.revised if revision.regraded)

    @property
    def score_change(self) -> float | None:
        """Overall percentage points gained (negative: lost)."""
        return _change_in(self.before.score, self.after.score)

    def group(self, change: Change) -> tuple[ItemChange, ...]:
        """The items in one group, ranked."""
        return tuple(item for item in self.items if item.change is change)

    def count(self, change: Change) -> int:
        """How many items are in one group."""
        return len(self.group(change))

    @property
    def regressed(self) -> bool:
        """Any item regressed: what ``--fail-on-regression`` fails on."""
        return self.count(Change.REGRESSED) > 0

    @property
    def notes_changed(self) -> tuple[ItemChange, ...]:
        """Items whose note differs between the two assessments, in checklist order."""
        changed = [item for item in self.items if item.note_changed]
        return tuple(sorted(changed, key=lambda item: item.current.order))

    @property
    def no_change(self) -> bool:
        """The same items with the same answers both times."""
        return all(
            item.before is not None
            and item.after is not None
            and item.answer_before is item.answer_after
            for item in self.items
        )

    @property
    def authority_differs(self) -> bool:
        """The two files are from different authorities (case and spacing aside)."""
        return not _same_authority(self.before.authority, self.after.authority)

    @property
    def version_changed(self) -> bool:
        """The two files answer different versions of the checklist."""
        return self.before.checklist_version != self.after.checklist_version

    @property
    def profile_differs(self) -> bool:
        """The two assessments cover different profiles, so different sets of items."""
        return self.before.profile_id != self.after.profile_id

    @property
    def dates_reversed(self) -> bool:
        """AFTER is dated before BEFORE: the files were probably given the wrong way round."""
        return self.after.assessed_on < self.before.assessed_on


def _pair_sections(before: Assessment, after: Assessment) -> tuple[SectionChange, ...]:
    earlier = {section.section_id: section for section in before.sections}
    later = {section.section_id: section for section in after.sections}
    # The later checklist's order first, then sections it no longer has.
    ids = list(later) + [section_id for section_id in earlier if section_id not in later]
    return tuple(
        SectionChange(
            section_id=section_id,
            title=(later.get(section_id) or earlier[section_id]).title,
            before=earlier.get(section_id),
            after=later.get(section_id),
        )
        for section_id in ids
    )


def _pair_items(before: Assessment, after: Assessment) -> tuple[ItemChange, ...]:
    earlier = {item.requirement_id: item for item in before.items}
    later = {item.requirement_id: item for item in after.items}
    changes = [
        ItemChange(
            before=earlier.get(item_id),
            after=later.get(item_id),
            change=classify(earlier[item_id], later[item_id])
            if item_id in earlier
            else Change.ADDED,
        )
        for item_id in later
    ]
    changes += [
        ItemChange(before=item, after=None, change=Change.REMOVED)
        for item_id, item in earlier.items()
        if item_id not in later
    ]
    order = list(Change)
    return tuple(sorted(changes, key=lambda item: (order.index(item.change), item.rank_key)))


def compare(
    before: tuple[Checklist, AnswersFile],
    after: tuple[Checklist, AnswersFile],
    *,
    before_profile: Profile | None = None,
    after_profile: Profile | None = None,
    today: date | None = None,
) -> Comparison:
    """Score both assessments (each against its own checklist) and group every item's change.

    Each side uses ``*_profile`` or, by default, the profile its answers name. Both must answer
    the same checklist (any versions); AnswersError otherwise. Actions are overdue when their
    target date is before ``today`` (default: AFTER's assessment date).
    """
    before_checklist, before_answers = before
    after_checklist, after_answers = after
    if before_checklist.id != after_checklist.id:
        raise AnswersError(
            f"BEFORE answers checklist {before_checklist.id!r} but AFTER answers "
            f"{after_checklist.id!r}; compare two assessments against the same checklist"
        )
    earlier = score(before_checklist, before_answers, before_profile)
    later = score(after_checklist, after_answers, after_profile)
    return Comparison(
        before=earlier,
        after=later,
        sections=_pair_sections(earlier, later),
        items=_pair_items(earlier, later),
        actions=action_plan(after_answers, today, previous=before_answers),
        revised=revisions(before_checklist, after_checklist),
        like_for_like=like_for_like(
            (before_checklist, before_answers, earlier), (after_checklist, after_answers, later)
        ),
    )
