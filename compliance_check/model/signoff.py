"""The sign-off an accountable person records in answers, and the digest of what they signed."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import Field, field_validator

from compliance_check.model.base import StrictModel
from compliance_check.model.checklist import Text

STATEMENT = "I have reviewed these answers and they are accurate to the best of my knowledge."
# The SSHSIG namespace: a signature made for git or for a login cannot be replayed as a sign-off.
NAMESPACE = "compliance-check"
# What the digest covers, named in it, so that a later tool can tell which rules made it.
DIGEST_FORM = "compliance-check answers digest 1"
# The fields of an answers file that describe the sign-off or are written by the tool on the
# way (the checklist hash is taken from the checklist itself), not what the signer vouched for.
_NOT_DIGESTED = frozenset({"sign_off", "checklist_sha256", "format_version", "profile"})
# The base64 of the SSHSIG magic preamble every OpenSSH signature blob starts with.
_SSHSIG_BASE64 = r"^U1NIU0lH[A-Za-z0-9+/]+={0,2}$"


class SignOff(StrictModel):
    """Who stood behind the answers, when, and a digest of the answers they saw."""

    name: Text = Field(description="The person who signed off.")
    role: Text = Field(description="Their role, e.g. Senior Information Risk Owner.")
    signed_at: datetime = Field(description="When, in UTC (YYYY-MM-DDTHH:MM:SSZ).")
    statement: Text = Field(description="What they agreed to.", examples=[STATEMENT])
    complete: bool = Field(
        description="False when questions of the profile were still unanswered at sign-off."
    )
    digest: Annotated[str, Field(pattern=r"^sha256:[0-9a-f]{64}$")] = Field(
        description="sha256 of the answers, notes, evidence and actions in canonical form, with "
        "the checklist's id, version and content hash, the authority and the date; the "
        "sign-off itself is left out. `compliance-check verify` recomputes it."
    )
    signature: Annotated[str, Field(pattern=_SSHSIG_BASE64)] | None = Field(
        default=None,
        description="An OpenSSH signature (SSHSIG, namespace compliance-check, as `ssh-keygen "
        "-Y sign` makes) over the other fields of the sign-off, base64 without the armour "
        "lines. Absent when the sign-off was recorded without a key.",
    )

    @field_validator("signed_at")
    @classmethod
    def _in_utc(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("needs a time zone; write it in UTC, e.g. 2026-03-31T14:05:00Z")
        return value.astimezone(UTC)

    @property
    def signer(self) -> str:
        """Who signed, in words: 'Jo Bloggs (SIRO)'."""
        return f"{self.name} ({self.role})"

    def signed_message(self) -> bytes:
        """The bytes the SSH signature is over: every field but the signature, canonically."""
        fields = self.model_dump(mode="json", exclude={"signature"})
        fields["signed_at"] = self.signed_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        return _canonical(fields)


def _canonical(data: Any) -> bytes:
    # Sorted keys, no spaces, UTF-8: the same answers always give the same bytes, however the
    # YAML was laid out, quoted or commented.
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def answers_digest(
    answers_data: dict[str, Any],
    checklist_id: str,
    version: str,
    checklist_sha256: str,
    profile: str,
) -> str:
    """The digest a sign-off records of ``answers_data`` (an answers file as plain data).

    Empty responses are left out: an item written as `GOV-04:` and an item not written at all
    are both unanswered.
    """
    content = {key: value for key, value in answers_data.items() if key not in _NOT_DIGESTED}
    content["responses"] = {
        item: response for item, response in content.get("responses", {}).items() if response
    }
    content["form"] = DIGEST_FORM
    content["checklist"] = {"id": checklist_id, "version": version, "sha256": checklist_sha256}
    content["profile"] = profile
    return "sha256:" + hashlib.sha256(_canonical(content)).hexdigest()
