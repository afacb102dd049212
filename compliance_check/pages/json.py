"""The JSON text every output writes: indented, characters as they are, a final newline."""

from __future__ import annotations

import json
from typing import Any


def render_json(data: dict[str, Any]) -> str:
    """Indented JSON text ending in a newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
