"""ssh-keygen as the signer and checker: its signature read back, its absence explained."""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance_check.files import sshsig
from tests.signing.keys import make_key

NAMESPACE = "compliance-check"


def test_a_signature_checks_for_its_message_and_namespace_only(tmp_path: Path) -> None:
    key = make_key(tmp_path, "k")
    signature = sshsig.sign(b"answers", key, NAMESPACE)
    checked = sshsig.check(b"answers", signature, NAMESPACE)
    assert checked is not None and checked.fingerprint.startswith("SHA256:")
    assert sshsig.check(b"answerz", signature, NAMESPACE) is None
    # A signature made for git cannot stand in for a sign-off.
    assert sshsig.check(b"answers", signature, "git") is None
    assert sshsig.check(b"answers", "not base64!", NAMESPACE) is None


def test_without_ssh_keygen_the_error_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = tmp_path / "key"
    key.write_text("a key\n")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(sshsig.SigningError, match="install the OpenSSH client"):
        sshsig.sign(b"answers", key, NAMESPACE)
