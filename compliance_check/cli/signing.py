"""The sign-off commands: sign an answers file, and verify who signed it."""

from __future__ import annotations

from typing import Annotated

import typer

from compliance_check.cli.options import (
    AllowedSignersOption,
    AnswersArgument,
    ChecklistOption,
    MaxSizeOption,
    SignerOption,
    SignerRoleOption,
    SigningKeyOption,
    confirmed,
    max_bytes,
    tell,
    user_errors,
)
from compliance_check.errors import ExitCode


def sign(
    answers_path: AnswersArgument,
    name: SignerOption,
    role: SignerRoleOption,
    key: SigningKeyOption = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Sign if incomplete, unasked.")] = False,
    checklist_path: ChecklistOption = None,
    max_file_size: MaxSizeOption = 5.0,
) -> None:
    """Record that a named person stands behind the answers: who, role, when, and a digest of the
    answers; with --key, signed with their SSH key (ssh-keygen -Y sign). Changing an answer
    removes it; an incomplete assessment is asked about, and recorded as such.

    Example: compliance-check sign a.yaml --name "Jo Bloggs" --role SIRO --key id_ed25519
    """
    from compliance_check.signing.sign import SignRequest, sign_file

    request = SignRequest(answers_path, name, role, key, checklist_path, max_bytes(max_file_size))
    with user_errors():
        signed = sign_file(request, lambda question: yes or confirmed(question))
    for line in signed.lines(answers_path):
        tell(line)
    if not signed.recorded:
        raise typer.Exit(ExitCode.NOT_SIGNED)


def verify(
    answers_path: AnswersArgument,
    allowed_signers: AllowedSignersOption = None,
    checklist_path: ChecklistOption = None,
    max_file_size: MaxSizeOption = 5.0,
) -> None:
    """Check a sign-off, in one line: signed by NAME (ROLE) on DATE, unchanged since (exit 0);
    not signed (4); changed after sign-off (5); the signature does not verify (6); the key is
    not among the allowed signers (7).

    Example: compliance-check verify council.yaml --allowed-signers councils.allowed
    """
    from compliance_check.signing.verdict import verify_file
    from compliance_check.visible import visible

    with user_errors():
        verdict = verify_file(
            answers_path, checklist_path, allowed_signers, max_bytes(max_file_size)
        )
    typer.echo(visible(f"{answers_path}: {verdict.message}"))
    raise typer.Exit(verdict.status.exit_code)
