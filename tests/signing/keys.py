"""SSH keys made for a test with ssh-keygen, and an allowed_signers file naming them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def make_key(folder: Path, name: str) -> Path:
    """A new ed25519 private key without a passphrase at ``folder/name`` (and its .pub)."""
    if shutil.which("ssh-keygen") is None:
        pytest.skip("ssh-keygen is not installed (.ci/run installs openssh-client)")
    path = folder / name
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(path)], check=True
    )
    return path


def allowed_signers(path: Path, entries: dict[str, Path]) -> Path:
    """An allowed_signers file giving each principal its key's public half."""
    lines = []
    for principal, key in entries.items():
        kind, blob = key.with_suffix(".pub").read_text().split()[:2]
        lines.append(f'"{principal}" {kind} {blob}\n')
    path.write_text("".join(lines))
    return path
