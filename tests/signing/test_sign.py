"""sign and verify: a sign-off recorded, checked unchanged, changed, tampered, by a stranger."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from compliance_check.cli import app
from compliance_check.model.answers import load_answers
from compliance_check.model.checklist import Checklist
from compliance_check.model.signoff import STATEMENT
from tests.conftest import WriteAnswers, every
from tests.signing.keys import allowed_signers, make_key

CODE = "E07000112"


def invoke(runner: CliRunner, *args: Any, input: str | None = None) -> Any:
    return runner.invoke(app, [str(arg) for arg in args], input=input)


@pytest.fixture
def council(tmp_path: Path, write_answers: WriteAnswers, shipped: Checklist) -> Path:
    """A complete answers file of an authority with a GSS code, with a comment a person wrote."""
    path = write_answers(shipped, every(shipped, "yes"), authority_code=CODE)
    path.write_text("# Checked by the IG team\n" + path.read_text())
    return path


@pytest.fixture
def key(tmp_path: Path) -> Path:
    return make_key(tmp_path, "council_key")


def sign(runner: CliRunner, path: Path, key: Path | None, input: str | None = None) -> Any:
    keyed = ("--key", key) if key else ()
    who = ("--name", "Jo Bloggs", "--role", "SIRO")
    return invoke(runner, "sign", path, *who, *keyed, input=input)


def verify(runner: CliRunner, path: Path, *more: Any) -> Any:
    return invoke(runner, "verify", path, *more)


def test_signed_file_verifies_unchanged_and_keeps_its_comments(
    runner: CliRunner, council: Path, key: Path, tmp_path: Path
) -> None:
    signed = sign(runner, council, key)
    assert signed.exit_code == 0, signed.output
    assert "Signed off" in signed.stderr and "Jo Bloggs (SIRO)" in signed.stderr
    assert council.read_text().startswith("# Checked by the IG team\n")
    sign_off = load_answers(council).sign_off
    assert sign_off is not None
    assert (sign_off.name, sign_off.role, sign_off.statement) == ("Jo Bloggs", "SIRO", STATEMENT)
    assert sign_off.complete and sign_off.signature is not None

    result = verify(runner, council)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{council}: signed by Jo Bloggs (SIRO) on ")
    assert "unchanged since" in result.stdout and "not checked against allowed signers" in (
        result.stdout
    )
    allowed = allowed_signers(tmp_path / "allowed", {CODE: key})
    result = verify(runner, council, "--allowed-signers", allowed)
    assert result.exit_code == 0, result.output
    assert f"unchanged since; the key is {CODE}'s allowed signer" in result.stdout


def test_a_changed_answer_is_changed_after_sign_off(
    runner: CliRunner, council: Path, key: Path
) -> None:
    assert sign(runner, council, key).exit_code == 0
    text = council.read_text()
    council.write_text(text.replace("answer: 'yes'", "answer: 'no'", 1))
    result = verify(runner, council)
    assert result.exit_code == 5
    assert "changed after sign-off: the answers differ from those Jo Bloggs (SIRO)" in (
        result.stdout
    )
    # Layout and comments are not answers: rewriting them leaves the sign-off holding.
    council.write_text("# reformatted\n" + text.replace("answer: 'yes'", 'answer: "yes"'))
    assert verify(runner, council).exit_code == 0


def test_a_tampered_sign_off_or_signature_does_not_verify(
    runner: CliRunner, council: Path, key: Path
) -> None:
    assert sign(runner, council, key).exit_code == 0
    text = council.read_text()
    council.write_text(text.replace("name: Jo Bloggs", "name: Jo Bloggs-Smith"))
    result = verify(runner, council)
    assert result.exit_code == 6
    assert "the signature does not verify" in result.stdout
    signature = load_answers(council).sign_off.signature  # type: ignore[union-attr]
    assert signature is not None
    flipped = signature[:-8] + ("A" if signature[-8] != "A" else "B") + signature[-7:]
    council.write_text(text.replace(signature, flipped))
    result = verify(runner, council)
    assert result.exit_code == 6, result.output
    assert "the signature does not verify" in result.stdout


def test_a_key_not_among_the_allowed_signers(
    runner: CliRunner, council: Path, key: Path, tmp_path: Path
) -> None:
    stranger = make_key(tmp_path, "stranger")
    assert sign(runner, council, stranger).exit_code == 0
    # The regional body lists the council's own key for its code, the stranger for another.
    allowed = allowed_signers(tmp_path / "allowed", {CODE: key, "W06000001": stranger})
    result = verify(runner, council, "--allowed-signers", allowed)
    assert result.exit_code == 7, result.output
    assert "is not among the allowed signers for E07000112 or Test Borough Council" in (
        result.stdout
    )
    assert "(it is listed for W06000001)" in result.stdout


def test_principal_may_be_the_authority_name(
    runner: CliRunner, council: Path, key: Path, tmp_path: Path
) -> None:
    assert sign(runner, council, key).exit_code == 0
    allowed = allowed_signers(tmp_path / "allowed", {"Test Borough Council": key})
    result = verify(runner, council, "--allowed-signers", allowed)
    assert result.exit_code == 0, result.output
    assert "Test Borough Council's allowed signer" in result.stdout


def test_not_signed_and_signed_without_a_key(
    runner: CliRunner, council: Path, key: Path, tmp_path: Path
) -> None:
    result = verify(runner, council)
    assert (result.exit_code, result.stdout) == (4, f"{council}: not signed\n")
    assert sign(runner, council, None).exit_code == 0
    result = verify(runner, council)
    assert result.exit_code == 0
    assert "no SSH signature, so nothing shows who recorded the sign-off" in result.stdout
    allowed = allowed_signers(tmp_path / "allowed", {CODE: key})
    result = verify(runner, council, "--allowed-signers", allowed)
    assert result.exit_code == 7
    assert "without an SSH signature to check against" in result.stdout


def test_incomplete_assessment_asks_and_records_it(
    runner: CliRunner, write_answers: WriteAnswers, shipped: Checklist, key: Path
) -> None:
    path = write_answers(shipped, {"GOV-01": {"answer": "yes"}})
    before = path.read_bytes()
    declined = sign(runner, path, key, input="n\n")
    assert declined.exit_code == 4
    assert "not answered. Sign off an incomplete assessment?" in declined.stderr
    assert path.read_bytes() == before
    accepted = sign(runner, path, key, input="y\n")
    assert accepted.exit_code == 0, accepted.output
    assert "recorded as incomplete" in accepted.stderr
    sign_off = load_answers(path).sign_off
    assert sign_off is not None and not sign_off.complete
    assert verify(runner, path).exit_code == 0


def test_sign_refuses_what_it_cannot_sign(runner: CliRunner, council: Path, tmp_path: Path) -> None:
    missing_key = sign(runner, council, tmp_path / "no-such-key")
    assert missing_key.exit_code == 3
    assert "no-such-key: is not a key file" in missing_key.stderr
    not_a_key = tmp_path / "not-a-key"
    not_a_key.write_text("hello\n")
    result = sign(runner, council, not_a_key)
    assert result.exit_code == 3
    assert "ssh-keygen could not sign with this key" in result.stderr
    assert load_answers(council).sign_off is None
    blank = invoke(runner, "sign", council, "--name", " ", "--role", "SIRO")
    assert blank.exit_code == 3 and "give the name as 1 to 120" in blank.stderr
    workbook = tmp_path / "form.xlsx"
    workbook.write_bytes(b"")
    result = sign(runner, workbook, None)
    assert result.exit_code == 3 and "cannot carry a sign-off" in result.stderr


def test_resigning_replaces_the_sign_off(runner: CliRunner, council: Path, key: Path) -> None:
    assert sign(runner, council, key).exit_code == 0
    again = invoke(runner, "sign", council, "--name", "Sam Lee", "--role", "Chief Executive")
    assert again.exit_code == 0
    assert "The sign-off by Jo Bloggs (SIRO) of " in again.stderr
    assert load_answers(council).sign_off.name == "Sam Lee"  # type: ignore[union-attr]
