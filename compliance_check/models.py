"""The base model every file format shares, and how its validation errors become one line."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError

from compliance_check.errors import ComplianceCheckError
from compliance_check.text import quoted_key
from compliance_check.yamlio import KeyPath, YamlDocument

M = TypeVar("M", bound=BaseModel)


class StrictModel(BaseModel):
    """Base for every file format: an unknown key is an error, never silently ignored."""

    # defer_build: schemas are built on first use, so `--help` does not pay for them.
    model_config = ConfigDict(extra="forbid", defer_build=True)


def located_error(message: str, key_path: Sequence[str | int]) -> PydanticCustomError:
    """A cross-field validation error that points at ``key_path`` in the source file."""
    return PydanticCustomError("consistency", message, {"key_path": tuple(key_path)})


def closest(word: str, candidates: Iterable[str]) -> str:
    """' (did you mean X?)' for the closest candidate, or an empty string."""
    match = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""


def _field_names(model: type[BaseModel]) -> set[str]:
    names: set[str] = set()
    pending: list[Any] = [model]
    seen: set[Any] = set()
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        for name, info in current.model_fields.items():
            names.add(name)
            for argument in (info.annotation, *getattr(info.annotation, "__args__", ())):
                pending.extend(
                    inner
                    for inner in (argument, *getattr(argument, "__args__", ()))
                    if isinstance(inner, type) and issubclass(inner, BaseModel)
                )
    return names


def _describe(error: Any, model: type[BaseModel]) -> tuple[str, KeyPath]:
    key_path: KeyPath = tuple(error["loc"])
    kind = error["type"]
    if kind == "consistency":
        return error["msg"], tuple(error["ctx"]["key_path"])
    dotted = ".".join(str(part) for part in key_path)
    if kind == "extra_forbidden":
        key = str(key_path[-1])
        hint = closest(key, _field_names(model))
        return f"unknown key {quoted_key(key)}{hint}; remove or correct it", key_path
    if kind == "missing":
        parent = ".".join(str(part) for part in key_path[:-1])
        within = f" in {parent}" if parent else ""
        return f"missing required key {str(key_path[-1])!r}{within}", key_path[:-1]
    if error.get("input", "") is None and dotted:
        return f"{dotted} is empty; fill it in", key_path
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
    return (f"{dotted}: {message}" if dotted else message), key_path


def validate_document(
    model: type[M], document: YamlDocument, error_type: type[ComplianceCheckError]
) -> M:
    """Validate ``document`` as ``model``; the first problem becomes one located error."""
    try:
        return model.model_validate(document.data)
    except ValidationError as error:
        # A misspelt key also makes the real one missing: the misspelling is the cause to show.
        problems = sorted(
            error.errors(include_url=False), key=lambda e: e["type"] != "extra_forbidden"
        )
        message, key_path = _describe(problems[0], model)
        if len(problems) > 1:
            others = len(problems) - 1
            message += f" (and {others} more problem{'s' if others > 1 else ''})"
        raise error_type(message, path=document.path, location=document.locate(key_path)) from None
