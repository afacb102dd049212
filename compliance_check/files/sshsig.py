"""OpenSSH signatures (SSHSIG) made and checked by ssh-keygen itself: no cryptography of our own.

ssh-keygen is on every machine with an OpenSSH client (Windows 10 and later, macOS, Linux), it
reads the keys councils already have (and ssh-agent's), and it is what git runs to sign and
verify commits. Checking with it too means the allowed signers file is read by OpenSSH's own
parser, with every option it documents (namespaces=, valid-after=, cert-authority), rather than
by a second implementation that might read a line differently.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import shutil
import subprocess
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

from compliance_check.errors import ComplianceCheckError

_BEGIN = "-----BEGIN SSH SIGNATURE-----"
_END = "-----END SSH SIGNATURE-----"
# ssh-keygen's armour wraps the base64 at 70 characters.
_ARMOUR_WIDTH = 70
_FINGERPRINT = re.compile(r"key (SHA256:[A-Za-z0-9+/=]+)")
# A signature is a few hundred bytes and ssh-keygen answers in milliseconds; this only stops a
# wedged process (a key's passphrase asked where no one can type it) holding a batch for ever.
_TIMEOUT_SECONDS = 60


class SigningError(ComplianceCheckError):
    """ssh-keygen is missing, or could not sign with the key given."""


@dataclass(frozen=True)
class Checked:
    """A signature that is sound for its message, made by the key with this fingerprint."""

    fingerprint: str


def _ssh_keygen() -> str:
    found = shutil.which("ssh-keygen")
    if found is None:
        raise SigningError(
            "ssh-keygen was not found: install the OpenSSH client (Debian and Ubuntu: apt-get "
            "install openssh-client; Windows: Settings > Apps > Optional features > OpenSSH "
            "Client)"
        )
    return found


def _run(arguments: list[str], message: bytes) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            [_ssh_keygen(), *arguments],
            input=message,
            capture_output=True,
            timeout=_TIMEOUT_SECONDS,
            check=False,
            # A fixed locale: the messages read below are OpenSSH's English ones.
            env={**os.environ, "LC_ALL": "C"},
        )
    except subprocess.TimeoutExpired:
        raise SigningError(
            f"ssh-keygen gave no answer in {_TIMEOUT_SECONDS} s; if the key has a passphrase, "
            "run this in a terminal or add the key to ssh-agent"
        ) from None


def _last_line(output: bytes) -> str:
    lines = [line for line in output.decode("utf-8", "replace").splitlines() if line.strip()]
    return lines[-1].strip() if lines else "no message"


def armoured(signature: str) -> str:
    """The base64 of a signature in the armour ssh-keygen writes and reads."""
    return "\n".join([_BEGIN, *textwrap.wrap(signature, _ARMOUR_WIDTH), _END, ""])


def sign(message: bytes, key: Path, namespace: str) -> str:
    """Sign ``message`` with the private key at ``key`` (or the agent's, given its .pub).

    Returns the signature's base64, without the armour. ssh-keygen asks for a passphrase on
    the terminal itself when the key has one.
    """
    if not key.is_file():
        raise SigningError("is not a key file; give the path of an SSH private key", path=key)
    done = _run(["-Y", "sign", "-f", str(key), "-n", namespace], message)
    text = done.stdout.decode("ascii", "replace")
    if done.returncode != 0 or _BEGIN not in text:
        raise SigningError(
            f"ssh-keygen could not sign with this key: {_last_line(done.stderr)}", path=key
        )
    body = text.split(_BEGIN, 1)[1].split(_END, 1)[0]
    return "".join(body.split())


def _with_signature_file(signature: str) -> tuple[tempfile.TemporaryDirectory[str], Path]:
    folder = tempfile.TemporaryDirectory(prefix="compliance-check-")
    path = Path(folder.name) / "answers.sig"
    path.write_text(armoured(signature), encoding="ascii")
    return folder, path


def check(message: bytes, signature: str, namespace: str) -> Checked | None:
    """The signer's key when ``signature`` is a sound signature of ``message``; else None.

    This says nothing of whose key it is: see allowed().
    """
    try:
        base64.b64decode(signature, validate=True)
    except binascii.Error:
        return None
    folder, path = _with_signature_file(signature)
    with folder:
        done = _run(["-Y", "check-novalidate", "-n", namespace, "-s", str(path)], message)
    found = _FINGERPRINT.search(done.stdout.decode("ascii", "replace"))
    if done.returncode != 0 or found is None:
        return None
    return Checked(found.group(1))


def allowed(
    message: bytes, signature: str, namespace: str, allowed_signers: Path, principals: list[str]
) -> str | None:
    """The first of ``principals`` that ``allowed_signers`` lets sign ``message`` with the key
    of ``signature``, or None."""
    folder, path = _with_signature_file(signature)
    with folder:
        for principal in principals:
            done = _run(
                [
                    "-Y",
                    "verify",
                    "-f",
                    str(allowed_signers),
                    "-I",
                    principal,
                    "-n",
                    namespace,
                    "-s",
                    str(path),
                ],
                message,
            )
            if done.returncode == 0:
                return principal
    return None


def principals_of(signature: str, allowed_signers: Path) -> list[str]:
    """The principals ``allowed_signers`` lists for the key of ``signature`` (none: [])."""
    folder, path = _with_signature_file(signature)
    with folder:
        done = _run(["-Y", "find-principals", "-f", str(allowed_signers), "-s", str(path)], b"")
    if done.returncode != 0:
        return []
    return [line for line in done.stdout.decode("utf-8", "replace").splitlines() if line]
