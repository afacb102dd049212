"""Score many answers files in worker processes and sum them up as a cohort."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from compliance_check.codes import ConflictPolicy
from compliance_check.cohort.discovery import Discovered, discover
from compliance_check.cohort.records import Rejected, Scored
from compliance_check.cohort.stats import CohortResult, summarise
from compliance_check.cohort.workers import Scorer, SignatureCheck, score_files
from compliance_check.errors import (
    InputFileError,
)
from compliance_check.files.yamlio import DEFAULT_MAX_BYTES
from compliance_check.model.checklist import (
    Checklist,
)


def score_many(
    paths: Sequence[Path],
    checklists: Sequence[Checklist],
    *,
    profile_id: str | None = None,
    jobs: int | None = None,
    min_group: int = 1,
    min_authorities: int = 1,
    published: bool = False,
    names_authorities: bool = True,
    fail_under: float | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    follow_links: bool = False,
    conflict_policy: ConflictPolicy = ConflictPolicy.REJECT,
    signatures: SignatureCheck | None = None,
    progress: Callable[[int, int], None] | None = None,
    each: Callable[[Scored | Rejected], None] | None = None,
    discovered: Discovered | None = None,
) -> CohortResult:
    """Find, read, check and score every answers file under ``paths``, and sum up the cohort.

    ``checklists`` are the versions available (see ``cohort_checklists``). A file that cannot
    be scored is rejected with its reason and the run goes on; so is a symbolic link, unless
    ``follow_links``. Conflicting submissions count as ``conflict_policy`` says; sign-offs are
    checked as ``signatures`` says. ``jobs``
    worker processes (default: 1, this process). As files are scored, ``each`` receives every
    outcome in the order found and ``progress(done, total)`` the count. ``discovered``: what
    ``discover`` already found under ``paths``. An InputFileError when no answers file is
    found at all.
    """
    files, unlisted = discovered or discover(paths, follow_links=follow_links)
    rejected = list(unlisted)
    if not files:
        named = ", ".join(str(path) for path in paths)
        raise InputFileError(
            f"no answers files (*.yaml, *.yml, *.xlsx) found in {named}; check the folder, or "
            "name the files"
        )
    scorer = Scorer(checklists, profile_id, max_bytes, follow_links, signatures=signatures)
    records: list[Scored] = []
    total = len(files)
    if each is not None:
        for folder in rejected:
            each(folder)
    if progress is not None:
        progress(0, total)
    for done, outcome in enumerate(
        score_files(scorer, [str(path) for path in files], jobs or 1), 1
    ):
        if isinstance(outcome, Scored):
            records.append(outcome)
        else:
            rejected.append(outcome)
        if each is not None:
            each(outcome)
        if progress is not None:
            progress(done, total)
    return summarise(
        records,
        rejected,
        checklists,
        profile_id=profile_id,
        min_group=min_group,
        min_authorities=min_authorities,
        published=published,
        names_authorities=names_authorities,
        fail_under=fail_under,
        conflict_policy=conflict_policy,
    )
