"""Whether an answers file's sign-off still holds, and whose key signed it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, StrEnum
from pathlib import Path

from compliance_check.errors import ExitCode
from compliance_check.files.yamlio import DEFAULT_MAX_BYTES
from compliance_check.model.answers import AnswersFile
from compliance_check.model.checklist import Checklist
from compliance_check.model.signoff import NAMESPACE, SignOff


class Status(Enum):
    """What verify found."""

    VERIFIED = "verified"  # with a key the allowed signers give the authority, unchanged since
    SIGNED = "signed"  # unchanged since sign-off; whose key it was not asked (no allowed signers)
    NOT_SIGNED = "not signed"
    CHANGED = "changed after sign-off"  # the answers differ from those signed
    BAD_SIGNATURE = "bad signature"  # not a sound signature over this sign-off
    UNKNOWN_SIGNER = "unknown signer"  # sound, but not the authority's key in allowed signers

    @property
    def exit_code(self) -> ExitCode:
        """The exit code verify ends with: one per finding, 0 when the sign-off holds."""
        return _EXIT_CODES[self]


class Standing(StrEnum):
    """Where a submission's sign-off stands, as a cohort counts it."""

    VERIFIED = "verified"  # signed with the authority's key in the allowed signers, unchanged
    UNVERIFIED = "unverified"  # signed and unchanged, but whose key it is was not shown
    UNSIGNED = "unsigned"
    CHANGED = "changed after sign-off"
    BAD_SIGNATURE = "bad signature"


_STANDING = {
    Status.VERIFIED: Standing.VERIFIED,
    Status.SIGNED: Standing.UNVERIFIED,
    Status.UNKNOWN_SIGNER: Standing.UNVERIFIED,
    Status.NOT_SIGNED: Standing.UNSIGNED,
    Status.CHANGED: Standing.CHANGED,
    Status.BAD_SIGNATURE: Standing.BAD_SIGNATURE,
}
_EXIT_CODES = {
    Status.VERIFIED: ExitCode.OK,
    Status.SIGNED: ExitCode.OK,
    Status.NOT_SIGNED: ExitCode.NOT_SIGNED,
    Status.CHANGED: ExitCode.CHANGED_AFTER_SIGN_OFF,
    Status.BAD_SIGNATURE: ExitCode.BAD_SIGNATURE,
    Status.UNKNOWN_SIGNER: ExitCode.UNKNOWN_SIGNER,
}


@dataclass(frozen=True)
class Verdict:
    """What verify says of one answers file."""

    status: Status
    sign_off: SignOff | None
    message: str

    @property
    def standing(self) -> Standing:
        """The verdict as a cohort counts it."""
        return _STANDING[self.status]


def _when(sign_off: SignOff) -> str:
    return f"on {sign_off.signed_at:%Y-%m-%d %H:%M} UTC"


def _identities(answers: AnswersFile) -> list[str]:
    # The principal names the authority: its ONS/GSS code, or the name the regional body chose.
    return [name for name in (answers.authority_code, answers.authority) if name]


def verify_answers(
    answers: AnswersFile, checklist: Checklist, allowed_signers: Path | None = None
) -> Verdict:
    """Whether ``answers`` carry a sign-off that still holds, and, given ``allowed_signers``
    (OpenSSH's allowed_signers file), whether the key is the one listed for the authority."""
    from compliance_check.files import sshsig

    sign_off = answers.sign_off
    if sign_off is None:
        return Verdict(Status.NOT_SIGNED, None, "not signed")
    who, when = sign_off.signer, _when(sign_off)
    message = sign_off.signed_message()
    checked = None
    if sign_off.signature is not None:
        checked = sshsig.check(message, sign_off.signature, NAMESPACE)
        if checked is None:
            return Verdict(
                Status.BAD_SIGNATURE,
                sign_off,
                f"the signature does not verify: the sign-off by {who} {when} was altered "
                "after signing, or the signature was not made over it",
            )
    if answers.digest(checklist) != sign_off.digest:
        return Verdict(
            Status.CHANGED,
            sign_off,
            f"changed after sign-off: the answers differ from those {who} signed off {when}",
        )
    unchanged = f"signed by {who} {when}, unchanged since"
    if allowed_signers is None:
        held = (
            f"; key {checked.fingerprint}, not checked against allowed signers"
            if checked is not None
            else "; no SSH signature, so nothing shows who recorded the sign-off"
        )
        return Verdict(Status.SIGNED, sign_off, unchanged + held)
    if checked is None or sign_off.signature is None:
        return Verdict(
            Status.UNKNOWN_SIGNER,
            sign_off,
            f"{unchanged}, but without an SSH signature to check against {allowed_signers}",
        )
    identities = _identities(answers)
    principal = sshsig.allowed(message, sign_off.signature, NAMESPACE, allowed_signers, identities)
    if principal is None:
        others = sshsig.principals_of(sign_off.signature, allowed_signers)
        listed = f" (it is listed for {', '.join(others)})" if others else ""
        return Verdict(
            Status.UNKNOWN_SIGNER,
            sign_off,
            f"{unchanged}, but the key {checked.fingerprint} is not among the allowed signers "
            f"for {' or '.join(identities)} in {allowed_signers}{listed}",
        )
    return Verdict(
        Status.VERIFIED, sign_off, f"{unchanged}; the key is {principal}'s allowed signer"
    )


def verify_file(
    path: Path,
    checklist: Path | None = None,
    allowed_signers: Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Verdict:
    """verify_answers() of the answers file at ``path``, read with the checklist it names."""
    from compliance_check.files.yamlio import read_text
    from compliance_check.questionnaire.loading import read_answers

    if allowed_signers is not None:
        # Read here for the errors a user can act on (missing, unreadable, not text); OpenSSH
        # reads it again to check each signature.
        read_text(allowed_signers, max_bytes=max_bytes)
    answered_checklist, answers = read_answers(path, checklist, max_bytes)
    return verify_answers(answers, answered_checklist, allowed_signers)
