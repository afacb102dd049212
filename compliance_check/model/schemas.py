"""JSON Schemas of the file formats, generated from the pydantic models that define them."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from compliance_check.codes import SchemaKind
from compliance_check.model.answers import AnswersFile
from compliance_check.model.checklist import Checklist
from compliance_check.model.crosswalk import CrosswalkFile

_MODELS: dict[SchemaKind, type[BaseModel]] = {
    SchemaKind.ANSWERS: AnswersFile,
    SchemaKind.CHECKLIST: Checklist,
    SchemaKind.CROSSWALK: CrosswalkFile,
}


def json_schema(kind: SchemaKind) -> dict[str, Any]:
    """The Draft 2020-12 JSON Schema of one file format."""
    schema = _MODELS[kind].model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://compliance-check.invalid/schemas/{kind.value}.schema.json",
        **schema,
    }
