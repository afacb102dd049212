"""Rewriting a YAML file a person wrote: only changed values are replaced, comments and layout kept.

A filled-in template carries hundreds of comment lines (the questions, guidance, the user's own
notes); writing the data afresh would drop them all. The document is held in ruamel.yaml's
round-trip form and each change is applied to it in place.
"""

from __future__ import annotations

import io
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

_STR_TAG = "tag:yaml.org,2002:str"
# Wider than any line we write, so that values a person wrapped or not are left as they are.
_WIDTH = 4096


def _round_trip() -> YAML:
    keeper = YAML(typ="rt")
    keeper.preserve_quotes = True
    keeper.width = _WIDTH
    return keeper


def _as_text(value: str) -> str:
    # The reader is YAML 1.1 (PyYAML): a plain yes, no, on, 1.0 or 2026-01-01 would come back
    # as something other than this text, so such values are quoted.
    tag = yaml.resolver.Resolver().resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    return value if tag == _STR_TAG else DoubleQuotedScalarString(value)


def _node(value: Any) -> Any:
    """``value`` (plain data) as round-trip nodes."""
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[key] = _node(item)
        return mapping
    if isinstance(value, list):
        return CommentedSeq(_node(item) for item in value)
    if isinstance(value, str):
        return _as_text(value)
    return value


def _emptied(value: Any) -> Any:
    # A value no longer given is emptied in place rather than deleted: the comment lines that
    # follow a key belong to it in ruamel.yaml, and the next question's comments would go too.
    return CommentedSeq() if isinstance(value, list) else None


def _apply(node: CommentedMap, old: dict[str, Any], new: dict[str, Any]) -> None:
    for key in old:
        if key not in new and key in node:
            node[key] = _emptied(old[key])
    previous: str | None = None
    for key, value in new.items():
        before = old.get(key)
        if key in node and before == value:
            previous = key
            continue
        current = node.get(key)
        if key not in node:
            position = list(node).index(previous) + 1 if previous in node else len(node)
            node.insert(position, key, _node(value))
        elif (
            isinstance(value, dict)
            and isinstance(current, CommentedMap)
            # Changing an anchored mapping in place would change its aliases too.
            and current.anchor.value is None
        ):
            _apply(current, before if isinstance(before, dict) else {}, value)
        else:
            node[key] = _node(value)
        previous = key


class KeptDocument:
    """A YAML mapping as its author wrote it, rewritten with new data but its comments kept."""

    def __init__(self, text: str, data: dict[str, Any]) -> None:
        """``data`` is what ``text`` holds, as the tool reads it."""
        self._yaml = _round_trip()
        self._document = self._yaml.load(text)
        self._data = data

    def render(self, data: dict[str, Any]) -> str:
        """The text with every change from the last data to ``data`` applied."""
        _apply(self._document, self._data, data)
        self._data = data
        buffer = io.StringIO()
        self._yaml.dump(self._document, buffer)
        return buffer.getvalue()
