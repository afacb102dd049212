"""Answers carried to a newer version of their checklist: kept where the question is unchanged.

An answer is kept only where the newer version asks the same question (the same words, white
space aside) and still accepts it. Where the question changed, the earlier answer becomes a
proposal, as a crosswalk's are: not scored until a person confirms it. Nothing else changes:
notes, evidence and action plans stay with their item.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from compliance_check.errors import AnswersError
from compliance_check.model.answers import (
    AnswersFile,
    Proposal,
    ProposalReason,
    ProposalSource,
    Response,
)
from compliance_check.model.checklist import (
    Answer,
    Checklist,
    Requirement,
    find_shipped_checklist,
    version_key,
)
from compliance_check.model.compare import Revision, revisions

REWORDED = "question re-worded"
NOT_ALLOWED = "answer no longer allowed"


@dataclass(frozen=True)
class Upgrade:
    """Answers of one version carried to a newer one, and what a person should know of it."""

    checklist: Checklist  # the newer version
    answers: AnswersFile  # to it
    source: str  # "id version" of each checklist
    target: str
    kept: tuple[str, ...]  # answered items whose answers were kept
    proposed: tuple[str, ...]  # answered items whose question changed: now proposals
    regraded: tuple[Revision, ...]  # answered items whose priority changed
    dropped: tuple[str, ...]  # answered items the newer version no longer asks
    added: tuple[str, ...]  # items new in the newer version, to answer

    def sentences(self) -> list[str]:
        """What was carried, for a person, one sentence a line."""
        said = [f"Kept {len(self.kept)} answers from {self.source}: their questions are unchanged."]
        if self.regraded:
            changes = ", ".join(
                f"{r.requirement_id} {r.priority_before.value} to {r.priority_after.value}"
                for r in self.regraded
            )
            said.append(f"Re-graded in {self.target}: {changes}.")
        if self.proposed:
            said.append(
                f"The question changed for {', '.join(self.proposed)}: each earlier answer is a "
                "proposal to confirm (assess --review), not scored until then."
            )
        if self.added:
            said.append(f"New in {self.target}, to answer: {', '.join(self.added)}.")
        if self.dropped:
            said.append(
                f"Not asked in {self.target}, so not carried: {', '.join(self.dropped)} "
                "(the earlier file keeps them)."
            )
        return said

    def passed_on(self) -> str:
        """What went on through a crosswalk judged against the newer version, in a sentence."""
        said = (
            f"The crosswalk was judged against {self.target}: {len(self.kept)} answers of "
            f"{self.source} ask the same there and were carried on"
        )
        if self.proposed:
            said += f"; the question changed for {', '.join(self.proposed)}, so theirs were not"
        return said + "."

    def to_data(self) -> dict[str, object]:
        """What was carried, as plain data."""
        return {
            "from": self.source,
            "to": self.target,
            "kept": list(self.kept),
            "proposed": list(self.proposed),
            "regraded": [
                {
                    "id": r.requirement_id,
                    "priority_before": r.priority_before.value,
                    "priority_after": r.priority_after.value,
                }
                for r in self.regraded
            ],
            "added": list(self.added),
            "dropped": list(self.dropped),
        }


def same_question(before: Requirement, after: Requirement) -> bool:
    """Whether both ask the same question (line breaks and spacing aside)."""
    return before.question.split() == after.question.split()


def _proposal(item: str, answer: Answer, older: Checklist, newer: Checklist) -> Proposal:
    before, after = older.requirements[item], newer.requirements[item]
    allowed = answer is not Answer.NOT_APPLICABLE or after.allow_not_applicable
    why = (
        []
        if same_question(before, after)
        else [f"the question changed; {older.version} asked: {' '.join(before.question.split())}"]
    )
    if not allowed:
        why.append(
            f"answered not applicable in {older.version}, which {newer.version} does not allow"
        )
    return Proposal(
        answer=answer if allowed else None,
        review="; ".join(why),
        crosswalk=f"{older.id} {older.version} to {newer.version}",
        checklist=older.id,
        checklist_version=older.version,
        reasons=[
            ProposalReason(
                link=f"v{newer.version}",
                relationship=REWORDED if why[0].startswith("the question") else NOT_ALLOWED,
                sources=[ProposalSource(item=item, answer=answer)],
                proposes=answer,
            )
        ],
    )


def carry_to_version(
    older: Checklist, answers: AnswersFile, newer: Checklist, *, path: Path | None = None
) -> Upgrade:
    """``answers`` (to ``older``, read from ``path``) carried to ``newer``, a later version of
    the same checklist."""
    if older.id != newer.id or version_key(newer.version) <= version_key(older.version):
        raise AnswersError(
            f"answers {older.id} {older.version}, which carry forward only, to a later version "
            f"of {older.id}, not to {newer.id} {newer.version}",
            path=path,
        )
    responses: dict[str, Response] = {}
    kept: list[str] = []
    proposed: list[str] = []
    for item, response in answers.responses.items():
        after = newer.requirements.get(item)
        if after is None:
            continue
        answer = response.answer
        unchanged = same_question(older.requirements[item], after)
        if (
            answer is not None
            and unchanged
            and (answer is not Answer.NOT_APPLICABLE or after.allow_not_applicable)
        ):
            kept.append(item)
        elif answer is not None:
            proposed.append(item)
            response = response.model_copy(
                update={"answer": None, "proposal": _proposal(item, answer, older, newer)}
            )
        responses[item] = response
    answered = set(kept) | set(proposed)
    profile = answers.profile if answers.profile in {p.id for p in newer.profiles} else None
    carried = answers.model_copy(
        update={
            "checklist_version": newer.version,
            "checklist_sha256": newer.content_sha256,
            "profile": profile,
            "assessed_on": date.today(),
            "sign_off": None,  # what was signed was the earlier version's answers
            "responses": responses,
        }
    )
    return Upgrade(
        checklist=newer,
        answers=carried,
        source=f"{older.id} {older.version}",
        target=f"{newer.id} {newer.version}",
        kept=tuple(kept),
        proposed=tuple(proposed),
        regraded=tuple(
            r for r in revisions(older, newer) if r.regraded and r.requirement_id in answered
        ),
        dropped=tuple(
            item
            for item, response in answers.responses.items()
            if item not in newer.requirements and response.answer is not None
        ),
        added=tuple(item for item in newer.requirements if item not in older.requirements),
    )


def carried_forward(
    checklist: Checklist, answers: AnswersFile, version: str, *, path: Path | None = None
) -> Upgrade | None:
    """``answers`` carried to the shipped ``version`` of their checklist; None when they
    answer that version already."""
    if version == checklist.version:
        return None
    newer = find_shipped_checklist(checklist.id, version)
    return carry_to_version(checklist, answers, newer, path=path)


def versioned_name(path: Path, version: str) -> Path:
    """Where answers carried to ``version`` go beside ``path``: a.answers.yaml gives
    a.v1.2.answers.yaml."""
    suffix = ".answers.yaml" if path.name.endswith(".answers.yaml") else path.suffix
    return path.with_name(f"{path.name.removesuffix(suffix)}.v{version}{suffix}")
