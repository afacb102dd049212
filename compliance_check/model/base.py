"""The base model every file format shares, and how its validation errors become one line."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from types import UnionType
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from compliance_check.errors import ComplianceCheckError
from compliance_check.files.yamlio import KeyPath, YamlDocument, quoted_key

M = TypeVar("M", bound=BaseModel)


class StrictModel(BaseModel):
    """Base for every file format: an unknown key is an error, never silently ignored."""

    # defer_build: schemas are built on first use, so `--help` does not pay for them.
    model_config = ConfigDict(extra="forbid", defer_build=True)


class TextShorthand(StrictModel):
    """A model that may also be written as its text alone (an evidence reference): where YAML
    read that text as something else (- 2019, - no), the words written are what it gets."""


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


# A file typed by hand may hold many slips: this many are listed at once, then a count.
LISTED_PROBLEMS = 10


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
    if kind == "string_type":
        return f"{dotted} must be text; put it in quotes", key_path
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
    return (f"{dotted}: {message}" if dotted else message), key_path


def _is_text(annotation: Any) -> bool:
    """Whether a field declared as ``annotation`` holds free text (str, optionally None)."""
    if get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if annotation is str:
        return True
    if isinstance(annotation, type) and issubclass(annotation, TextShorthand):
        return True
    options = get_args(annotation) if get_origin(annotation) in (Union, UnionType) else ()
    return str in options and all(option in (str, type(None)) for option in options)


class PersonsText:
    """Marks text a person wrote (a note, a piece of evidence) in ``Annotated``.

    YAML's null written as a word there (`note: null`, `~`) is refused, not read as "no
    value": it may be what they meant to write, and dropping it would lose it without a word.
    Anywhere else an explicit null means the key is absent, as the JSON Schema says; that is
    what PyYAML's ``safe_dump`` writes for an empty optional field.
    """


PERSONS_TEXT = PersonsText()


def _is_persons_text(annotation: Any, field: FieldInfo | None) -> bool:
    metadata = [*(field.metadata if field is not None else ())]
    if get_origin(annotation) is Annotated:
        metadata += get_args(annotation)[1:]
    return any(isinstance(item, PersonsText) for item in metadata)


def _field(annotation: Any, key: str | int) -> FieldInfo | None:
    """The model field ``key`` of ``annotation``, when it is a model (or one, or None)."""
    if get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, UnionType):
        models = [
            a for a in get_args(annotation) if isinstance(a, type) and issubclass(a, BaseModel)
        ]
        annotation = models[0] if len(models) == 1 else None
    if isinstance(key, str) and isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation.model_fields.get(key)
    return None


class _NullText(Exception):
    """A text field holds YAML's null written as a word (~, null): meant as text, or as nothing?"""

    def __init__(self, key_path: KeyPath, token: str) -> None:
        dotted = ".".join(str(part) for part in key_path)
        super().__init__(
            f"{dotted} is {token!r}, which YAML reads as 'no value'; leave it blank for no "
            f'value, or put it in quotes ("{token}") to keep it as text'
        )
        self.key_path = key_path


def _descend(annotation: Any, value: Any, key: str | int) -> Any:
    """The annotation of ``value[key]``, or None where text is not restored below ``value``."""
    if get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    origin, arguments = get_origin(annotation), get_args(annotation)
    if origin in (Union, UnionType):
        models = [a for a in arguments if isinstance(a, type) and issubclass(a, BaseModel)]
        if len(models) != 1:
            return None
        annotation, origin = models[0], None
    if origin is list and isinstance(value, list):
        return arguments[0]
    if origin is dict and isinstance(value, dict):
        return arguments[1]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if not (isinstance(key, str) and isinstance(value, dict)):
            return None
        field = annotation.model_fields.get(key)
        return None if field is None else field.annotation
    return None


def _restore_text(model: type[BaseModel], data: Any, written: dict[KeyPath, str]) -> Any:
    """``data`` with each text field YAML read as a bool, number or date put back as the words
    written: `note: no` is the note "no", never False and never dropped. A null written out
    leaves an optional key absent, but is refused in a person's text (see PersonsText).

    Only the places YAML typed as something other than text are visited, and only the
    containers on their way are copied: the document itself is left as it was read.
    """
    restored = dict(data) if isinstance(data, dict) else data
    copied = {id(restored)}
    for key_path, token in written.items():
        annotation: Any = model
        container = restored
        for depth, key in enumerate(key_path):
            parent = annotation
            annotation = _descend(annotation, container, key)
            if annotation is None:
                break
            value = container[key]
            if depth == len(key_path) - 1:
                if value is None:
                    field = _field(parent, key)
                    if _is_persons_text(annotation, field):
                        raise _NullText(key_path, token)
                    if field is not None and not field.is_required():
                        del container[key]
                    break
                if not _is_text(annotation):
                    break
                if not isinstance(value, str):
                    container[key] = token
            elif isinstance(value, dict | list):
                if id(value) not in copied:
                    value = dict(value) if isinstance(value, dict) else list(value)
                    container[key] = value
                    copied.add(id(value))
                container = value
            else:
                break
    return restored


def validate_document(
    model: type[M], document: YamlDocument, error_type: type[ComplianceCheckError]
) -> M:
    """Validate ``document`` as ``model``; the first problem becomes one located error."""
    data = document.data
    if document.written:
        try:
            data = _restore_text(model, data, document.written)
        except _NullText as null:
            raise error_type(
                str(null), path=document.path, location=document.locate(null.key_path)
            ) from None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        # A misspelt key also makes the real one missing: the misspelling is the cause to show,
        # and the missing key it stands for is not listed again.
        problems = sorted(
            error.errors(include_url=False), key=lambda e: e["type"] != "extra_forbidden"
        )
        misspelt = {
            (tuple(e["loc"][:-1]), str(e["loc"][-1]))
            for e in problems
            if e["type"] == "extra_forbidden"
        }
        problems = [
            e
            for e in problems
            if e["type"] != "missing"
            or not any(
                parent == tuple(e["loc"][:-1])
                and difflib.get_close_matches(str(e["loc"][-1]), [key], n=1, cutoff=0.6)
                for parent, key in misspelt
            )
        ]
        described = [_describe(problem, model) for problem in problems[:LISTED_PROBLEMS]]
        (message, key_path), *others = described
        raise error_type(
            message,
            path=document.path,
            location=document.locate(key_path),
            others=tuple((text, document.locate(where)) for text, where in others),
            total=len(problems),
        ) from None


def without_fields(model: BaseModel, dumped: Any, names: frozenset[str]) -> Any:
    """``dumped`` (``model``'s JSON dump) without the fields ``names``, at every depth."""
    for name in type(model).model_fields:
        if name in names:
            dumped.pop(name, None)
            continue
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            without_fields(value, dumped[name], names)
        elif isinstance(value, list):
            for item, item_dump in zip(value, dumped[name], strict=True):
                if isinstance(item, BaseModel):
                    without_fields(item, item_dump, names)
    return dumped
