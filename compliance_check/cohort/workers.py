"""Reading, checking and scoring each answers file, in this process or in worker processes."""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from compliance_check.cohort.records import (
    ANSWER_CODE,
    NOT_ASKED,
    WORKBOOK_SUFFIXES,
    NotVerifiedError,
    Rejected,
    Scored,
)
from compliance_check.errors import (
    AnswersError,
    ChecklistError,
    ComplianceCheckError,
    InputFileError,
)
from compliance_check.files.yamlio import quoted, read_yaml
from compliance_check.model.actions import action_plan
from compliance_check.model.answers import (
    AnswersFile,
    check_against,
    parse_answers,
)
from compliance_check.model.checklist import (
    DEFAULT_CHECKLIST_ID,
    Checklist,
    load_checklist,
    shipped_checklist_paths,
    version_key,
)
from compliance_check.model.scoring import GapKind, score
from compliance_check.signing.verdict import Standing, verify_answers


def cohort_checklists(given: Sequence[Checklist]) -> list[Checklist]:
    """Every version available to a batch: the checklists given, and the shipped ones.

    The batch scores the checklist of the files given with --checklist, or the shipped LGA
    checklist; a given file replaces a shipped one of the same version.
    """
    cohort_id = given[0].id if given else DEFAULT_CHECKLIST_ID
    by_version: dict[str, Checklist] = {}
    for path in shipped_checklist_paths():
        shipped = load_checklist(path)
        if shipped.id == cohort_id:
            by_version[shipped.version] = shipped
    chosen: dict[str, Checklist] = {}
    for checklist in given:
        if checklist.id != cohort_id:
            raise ChecklistError(
                f"--checklist files must all be versions of one checklist: {checklist.id!r} "
                f"and {cohort_id!r} differ; run one batch per checklist"
            )
        if checklist.version in chosen:
            raise ChecklistError(
                f"two --checklist files give version {checklist.version} of {cohort_id}; keep one"
            )
        chosen[checklist.version] = checklist
    by_version.update(chosen)
    return sorted(by_version.values(), key=lambda checklist: version_key(checklist.version))


# ---------------------------------------------------------------------------------------------
# Scoring one file (in a worker process)


@dataclass(frozen=True)
class SignatureCheck:
    """How batch checks sign-offs: against whose keys, and whether unverified files count."""

    allowed_signers: Path | None = None  # OpenSSH allowed_signers; None: keys not checked
    required: bool = False  # --require-signed: only verified sign-offs are counted


class Scorer:
    """Reads, checks and scores one file into a compact record; picklable for workers."""

    def __init__(
        self,
        checklists: Sequence[Checklist],
        profile_id: str | None,
        max_bytes: int,
        follow_links: bool = False,
        today: date | None = None,
        signatures: SignatureCheck | None = None,
    ) -> None:
        # Actions are overdue as of one date for the whole batch, whatever the hour it ends.
        self.today = today or date.today()
        self.checklist_id = checklists[0].id
        self.checklists = {checklist.version: checklist for checklist in checklists}
        self.profile_id = profile_id
        self.max_bytes = max_bytes
        self.follow_links = follow_links
        self.signatures = signatures or SignatureCheck()
        for checklist in checklists:
            # Computed once here, before worker processes fork, rather than once per worker.
            _ = checklist.content_sha256, checklist.requirements, checklist.section_of

    def __call__(self, path: str) -> Scored | Rejected:
        try:
            return self.score(Path(path))
        except ComplianceCheckError as error:
            return Rejected.of(path, error)
        except Exception as error:  # one file must never end the batch, whatever it holds
            # The exception's text could quote the file: only its kind is named.
            problem = InputFileError(
                f"could not be read: an unexpected {type(error).__name__} in compliance-check; "
                "the other files are still scored. Please report this file's case",
                path=path,
            )
            return Rejected.of(path, problem)

    def _resolve(self, checklist_id: str, version: str) -> Checklist:
        if checklist_id != self.checklist_id:
            raise AnswersError(
                f"answers checklist {quoted(checklist_id)}, but this batch scores "
                f"{self.checklist_id!r}; score each checklist in a batch of its own"
            )
        checklist = self.checklists.get(version)
        if checklist is None:
            available = ", ".join(self.checklists)
            raise AnswersError(
                f"answers version {version} of {self.checklist_id}, which this batch does not "
                f"have (it has {available}); pass the version {version} checklist file with "
                "--checklist"
            )
        return checklist

    def _read(self, path: Path) -> tuple[Checklist, AnswersFile]:
        if path.suffix.lower() in WORKBOOK_SUFFIXES:
            from compliance_check.questionnaire.importing import load_workbook_answers

            return load_workbook_answers(
                path, self._resolve, max_bytes=self.max_bytes, follow_links=self.follow_links
            )
        document = read_yaml(path, max_bytes=self.max_bytes, follow_links=self.follow_links)
        answers = parse_answers(document)
        try:
            checklist = self._resolve(answers.checklist, answers.checklist_version)
        except AnswersError as error:
            key = "checklist" if answers.checklist != self.checklist_id else "checklist_version"
            raise AnswersError(error.message, path=path, location=document.locate((key,))) from None
        check_against(answers, checklist, document)
        return checklist, answers

    def score(self, path: Path) -> Scored:
        """The record of one file; a ComplianceCheckError when it cannot be scored."""
        checklist, answers = self._read(path)
        profile_id = self.profile_id or answers.profile
        try:
            profile = checklist.profile(profile_id)
        except KeyError:
            raise AnswersError(
                f"version {checklist.version} of {checklist.id} has no profile {profile_id!r}; "
                "score this file without --profile, or in a batch of its own",
                path=path,
            ) from None
        verdict = verify_answers(answers, checklist, self.signatures.allowed_signers)
        if self.signatures.required and verdict.standing is not Standing.VERIFIED:
            raise NotVerifiedError(f"not counted (--require-signed): {verdict.message}", path=path)
        assessment = score(checklist, answers, profile)
        gaps = Counter(item.gap_kind for item in assessment.items)
        given = {item.requirement_id: item.answer for item in assessment.items}
        section_scores = {section.section_id: section.score for section in assessment.sections}
        return Scored(
            path=str(path),
            authority=answers.authority,
            authority_code=answers.authority_code,
            authority_type=answers.authority_type.value if answers.authority_type else None,
            name=answers.respondent.name,
            role=answers.respondent.role,
            assessed_on=answers.assessed_on.isoformat(),
            version=checklist.version,
            profile=profile.id,
            score=assessment.score,
            rag=assessment.rag,
            compliant=assessment.compliant,
            unanswered=gaps[GapKind.UNANSWERED],
            compliance_gaps=gaps[GapKind.COMPLIANCE],
            assurance_gaps=gaps[GapKind.ASSURANCE],
            must_not_met=assessment.must_not_met,
            overdue_actions=len(action_plan(answers, self.today).overdue),
            answers="".join(
                ANSWER_CODE[given[rid]] if rid in given else NOT_ASKED
                for rid in checklist.requirements
            ),
            sections=tuple(section_scores.get(section.id) for section in checklist.sections),
            sign_off=verdict.standing,
            signed_by=verdict.sign_off.signer if verdict.sign_off else None,
        )


_worker_scorer: Scorer | None = None


# prctl(2) option: the signal a process receives when its parent dies.
_PR_SET_PDEATHSIG = 1
_ORPHAN_POLL_SECONDS = 1.0
_GC_THRESHOLD = 100_000


def _die_with(parent: int) -> None:
    """End this worker when ``parent`` ends, even by SIGKILL, which it cannot pass on."""
    import ctypes  # only worker processes need it

    # The C library's symbols are already loaded: looking its file up would run ldconfig.
    libc = ctypes.CDLL(None) if sys.platform.startswith("linux") else None
    if libc is not None and libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL) == 0:
        # The parent may have died before prctl took effect: then nothing would signal us.
        if os.getppid() != parent:
            os._exit(1)
        return

    def watch() -> None:  # elsewhere: notice being orphaned (re-parented) and leave
        while os.getppid() == parent:
            time.sleep(_ORPHAN_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def collect_rarely() -> None:
    """Collect this process's youngest generation every 100,000 allocations, not every 700.

    A file's parse makes tens of thousands of short-lived objects, freed as it ends, and none
    in cycles; a batch's parent keeps a record of every file. Collecting every 700 allocations
    cost a worker about a tenth of its time, and the parent as much (benchmarks/README.md).
    Cycles (an error's traceback) are still collected.
    """
    gc.set_threshold(_GC_THRESHOLD, *gc.get_threshold()[1:])


def _start_worker(scorer: Scorer, parent: int) -> None:
    global _worker_scorer  # one scorer per worker process, set once
    _worker_scorer = scorer
    _die_with(parent)
    collect_rarely()
    # Ctrl-C is the parent's to handle: it stops the pool without a traceback per worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _score_in_worker(path: str) -> Scored | Rejected:
    assert _worker_scorer is not None, "worker started without _start_worker"
    return _worker_scorer(path)


def score_files(scorer: Scorer, paths: Sequence[str], jobs: int) -> Iterator[Scored | Rejected]:
    """Records in the order of ``paths``, from ``jobs`` worker processes (1: this process)."""
    if jobs <= 1 or len(paths) <= 1:
        yield from map(scorer, paths)
        return
    from concurrent.futures.process import BrokenProcessPool  # only a batch with workers

    done = 0
    while done < len(paths):
        try:
            for outcome in _pooled(scorer, paths[done:], jobs):
                yield outcome
                done += 1
        except BrokenProcessPool:
            # A worker died (killed, out of memory, a crash inside C code) on a file we cannot
            # name: the first unfinished one is scored alone, then a new pool goes on.
            try:
                [outcome] = _pooled(scorer, paths[done : done + 1], 1)
            except BrokenProcessPool:
                problem = InputFileError(
                    "could not be read: the process reading it ended abruptly (killed, or out "
                    "of memory); the other files are still scored",
                    path=paths[done],
                )
                outcome = Rejected(paths[done], str(problem))
            yield outcome
            done += 1


def _pooled(scorer: Scorer, paths: Sequence[str], jobs: int) -> Iterator[Scored | Rejected]:
    # Chunks amortise the cost of sending work across; small enough to keep the bar moving.
    chunk = max(1, min(100, len(paths) // (jobs * 20)))
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(
        jobs, initializer=_start_worker, initargs=(scorer, os.getpid())
    ) as pool:
        try:
            yield from pool.map(_score_in_worker, paths, chunksize=chunk)
        except BaseException:
            # Ctrl-C, SIGTERM or a dead worker: stop the others now rather than wait for their
            # chunks (a hundred files each), so nothing outlives the batch.
            for process in list(pool._processes.values()):
                process.kill()
            pool.shutdown(wait=True, cancel_futures=True)
            raise


# ---------------------------------------------------------------------------------------------
# The cohort
