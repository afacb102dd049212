"""What `batch` does around the scoring: its outputs checked first, its files written together."""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from compliance_check.codes import ConflictPolicy
from compliance_check.cohort.batch import score_many
from compliance_check.cohort.disclosure import PUBLISHED_MIN_AUTHORITIES
from compliance_check.cohort.discovery import Discovered, discover
from compliance_check.cohort.stats import CohortResult
from compliance_check.cohort.workers import SignatureCheck, cohort_checklists
from compliance_check.errors import OutputError
from compliance_check.files.atomic import (
    check_output,
    write_text_atomic,
    written_together,
)
from compliance_check.files.yamlio import DEFAULT_MAX_BYTES
from compliance_check.model.checklist import Checklist, choose_profile, open_checklist


@dataclass(frozen=True)
class BatchRequest:
    """What the command line asked `batch` to do."""

    paths: list[Path]
    output: Path | None = None  # the cohort workbook
    json_path: Path | None = None
    csv_path: Path | None = None
    fail_under: float | None = None
    jobs: int | None = None  # default: one per CPU
    profile: str | None = None
    checklists: list[Path] = field(default_factory=list)  # besides the shipped ones
    min_group: int = 1
    publish: bool = False
    name_authorities: bool = False  # published: name each authority, with its score only
    force: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    name: str = "Cohort"
    marking: str | None = None
    follow_links: bool = False
    on_conflict: ConflictPolicy = ConflictPolicy.REJECT
    signatures: SignatureCheck = field(default_factory=SignatureCheck)

    @property
    def outputs(self) -> list[Path]:
        """The files asked for, in the order the command names them."""
        return [path for path in (self.output, self.json_path, self.csv_path) if path is not None]


@dataclass(frozen=True)
class CheckedBatch:
    """What checking a batch found: the checklists the files may answer, and the files."""

    checklists: list[Checklist]
    # The answers files and the folders that could not be listed; None: not looked for yet.
    discovered: Discovered | None = None


def check_batch(request: BatchRequest) -> CheckedBatch:
    """Refuse, before any scoring, an output that may not be written, a checklist that cannot
    be read or a profile the newest checklist lacks."""
    inputs: list[Path] = []
    discovered = None
    if request.outputs:
        # Listing the folders is cheap; scoring a submission and then writing over it is not.
        discovered = discover(request.paths, follow_links=request.follow_links)
        signers = request.signatures.allowed_signers
        inputs = [*discovered[0], *request.checklists, *([signers] if signers else [])]
    if request.output is not None:
        from compliance_check.pages.workbook import check_workbook_target

        check_workbook_target(
            request.output, writing="a cohort workbook", replace=request.force, inputs=inputs
        )
    for target, suffix in ((request.json_path, ".json"), (request.csv_path, ".csv")):
        if target is None:
            continue
        # A required suffix means a forgotten file name (`--json subs/*.yaml`) cannot
        # make an answers file the output.
        if target.suffix.lower() != suffix:
            raise OutputError(f"must end in {suffix}", path=target)
        check_output(target, force=request.force, inputs=inputs)
    if request.signatures.allowed_signers is not None:
        from compliance_check.files.yamlio import read_text

        # Read now for a clear error before any file is scored; OpenSSH reads it again.
        read_text(request.signatures.allowed_signers, max_bytes=request.max_bytes)
    checklists = cohort_checklists(
        [open_checklist(path, request.max_bytes) for path in request.checklists]
    )
    if request.profile is not None:
        choose_profile(checklists[-1], request.profile)
    return CheckedBatch(checklists, discovered)


def run_batch(
    request: BatchRequest,
    checked: CheckedBatch,
    progress: Callable[[int, int], None] | None = None,
) -> CohortResult:
    """Score the cohort and write the files asked for: all of them, or none."""
    from compliance_check.cohort.csv_file import write_cohort_csv
    from compliance_check.cohort.json_file import cohort_to_data
    from compliance_check.pages.json import render_json

    with ExitStack() as stack:
        workbook = None
        if request.output is not None:
            from compliance_check.cohort.workbook import CohortWorkbook

            workbook = stack.enter_context(
                CohortWorkbook(
                    request.min_group,
                    published=request.publish,
                    named=request.name_authorities,
                    name=request.name,
                    marking=request.marking,
                )
            )
        result = score_many(
            request.paths,
            checked.checklists,
            discovered=checked.discovered,
            profile_id=request.profile,
            jobs=request.jobs or os.cpu_count() or 1,
            min_group=request.min_group,
            min_authorities=PUBLISHED_MIN_AUTHORITIES if request.publish else 1,
            published=request.publish,
            names_authorities=request.name_authorities or not request.publish,
            fail_under=request.fail_under,
            max_bytes=request.max_bytes,
            follow_links=request.follow_links,
            conflict_policy=request.on_conflict,
            signatures=request.signatures,
            progress=progress,
            each=workbook.add if workbook is not None else None,
        )
        # All or none: a full disk must not leave a new workbook beside last run's JSON.
        with written_together():
            if workbook is not None and request.output is not None:
                workbook.save(result, request.output, replace=request.force)
            if request.json_path is not None:
                write_text_atomic(
                    request.json_path,
                    render_json(cohort_to_data(result)),
                    replace=request.force,
                )
            if request.csv_path is not None:
                write_cohort_csv(result, request.csv_path, replace=request.force)
    return result
