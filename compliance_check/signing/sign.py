"""Recording a sign-off in an answers file: who, their role, when, and a digest of the answers."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from compliance_check.errors import AnswersError
from compliance_check.files.yamlio import DEFAULT_MAX_BYTES
from compliance_check.model.answers import AnswersFile
from compliance_check.model.checklist import Checklist
from compliance_check.model.signoff import NAMESPACE, STATEMENT, SignOff

# Names and roles are printed on the briefing and in verify's line: a short line of text.
LONGEST_NAME = 120


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class SignRequest:
    """What the command line asked `sign` to record."""

    answers: Path
    name: str
    role: str
    key: Path | None = None  # without one, the sign-off carries a digest and no signature
    checklist: Path | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    now: Callable[[], datetime] = field(default=_now)


def _incomplete_question(unanswered: int) -> str:
    questions = (
        "1 question of the profile is"
        if unanswered == 1
        else f"{unanswered} questions of the profile are"
    )
    return (
        f"{questions} not answered. Sign off an incomplete assessment? (the sign-off records "
        "that it was incomplete)"
    )


def signer_text(value: str, what: str) -> str:
    """A name or role fit to print: one line of printable text, spaces squeezed."""
    text = " ".join(value.split())
    if not text or len(text) > LONGEST_NAME or not text.isprintable():
        raise ValueError(f"give the {what} as 1 to {LONGEST_NAME} printable characters")
    return text


def sign_off(
    answers: AnswersFile, checklist: Checklist, request: SignRequest, *, complete: bool
) -> SignOff:
    """A sign-off of ``answers`` as they stand, signed with ``request.key`` when given."""
    from compliance_check.files import sshsig

    unsigned = SignOff(
        name=signer_text(request.name, "name"),
        role=signer_text(request.role, "role"),
        signed_at=request.now().astimezone(UTC).replace(microsecond=0),
        statement=STATEMENT,
        complete=complete,
        digest=answers.digest(checklist),
    )
    if request.key is None:
        return unsigned
    signature = sshsig.sign(unsigned.signed_message(), request.key.expanduser(), NAMESPACE)
    return unsigned.model_copy(update={"signature": signature})


@dataclass(frozen=True)
class Signed:
    """A sign-off recorded (None: the user declined), and the one it replaced."""

    sign_off: SignOff | None
    replaced: SignOff | None
    unanswered: int

    @property
    def recorded(self) -> bool:
        """Whether a sign-off was written."""
        return self.sign_off is not None

    def lines(self, path: Path) -> list[str]:
        """What `sign` tells the user it did."""
        if self.sign_off is None:
            return [f"Not signed; {path} is unchanged."]
        said = []
        if self.replaced is not None:
            said.append(
                f"The sign-off by {self.replaced.signer} of {self.replaced.signed_at:%Y-%m-%d} "
                "was replaced."
            )
        how = "signed with your SSH key" if self.sign_off.signature else "with no SSH signature"
        if self.unanswered:
            how += f", recorded as incomplete ({self.unanswered} unanswered)"
        said.append(
            f"Signed off {path} as {self.sign_off.signer}, {how}. Check it with: "
            f"compliance-check verify {path}"
        )
        return said


def sign_file(request: SignRequest, confirm_incomplete: Callable[[str], bool]) -> Signed:
    """Record a sign-off in the answers file, keeping its comments and layout.

    ``confirm_incomplete`` is asked whether to sign off an incomplete assessment; when it says
    no, nothing is written.
    """
    from compliance_check.assess.wizard import AnswersStore
    from compliance_check.files.atomic import check_rewritable
    from compliance_check.files.locking import AnswersLock
    from compliance_check.model.answers import load_answers_and_checklist
    from compliance_check.model.scoring import score
    from compliance_check.questionnaire.loading import is_workbook

    path = request.answers
    if is_workbook(path):
        raise AnswersError(
            "is a workbook, which cannot carry a sign-off; read it into an answers file with "
            f"`compliance-check import {path} -o ANSWERS.yaml`, then sign that",
            path=path,
        )
    with ExitStack() as session:
        check_rewritable(path)
        lock = session.enter_context(AnswersLock(path))
        from compliance_check.model.checklist import open_checklist

        given = open_checklist(request.checklist, request.max_bytes) if request.checklist else None
        checklist, answers = load_answers_and_checklist(path, given, max_bytes=request.max_bytes)
        unanswered = score(checklist, answers).unanswered
        replaced = answers.sign_off
        if unanswered and not confirm_incomplete(_incomplete_question(unanswered)):
            return Signed(None, replaced, unanswered)
        try:
            signed = sign_off(answers, checklist, request, complete=not unanswered)
        except ValueError as error:
            raise AnswersError(f"cannot record this sign-off: {error}", path=path) from None
        store = AnswersStore.of_existing(path, checklist, answers, lock.folder)
        store.answers.sign_off = signed
        store.save()
    return Signed(signed, replaced, unanswered)
