"""The reference page's reading of the OpenAPI document: operations per tag with their
parameters, request body and responses, and the fields of every schema they use, in a shape
a template can lay out without knowing OpenAPI. The page never says more than the document.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape

METHODS = ("get", "post", "put", "patch", "delete")
REF = "#/components/"


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    schema: str | None  # the schema it refers to, for a link
    required: bool
    description: str
    location: str | None = None  # of a parameter: path, query, header


@dataclass(frozen=True)
class Response:
    status: str
    description: str
    media_type: str | None
    schema: str | None


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    description: str
    token: bool
    parameters: list[Field]
    body: str | None
    body_media_type: str | None
    body_fields: list[Field]
    responses: list[Response]

    @property
    def anchor(self) -> str:
        return f"{self.method}-{anchor(self.path)}"


@dataclass
class Section:
    tag: str
    description: str
    operations: list[Operation] = field(default_factory=list)


@dataclass(frozen=True)
class Schema:
    name: str
    description: str
    fields: list[Field]


def anchor(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


_CODE = re.compile(r"`([^`]+)`")


def inline_code(text: str) -> Markup:
    """The document's text with its `code` spans as <code> (everything else escaped)."""
    parts = _CODE.split(text or "")  # text, code, text, code, … text
    return Markup("").join(Markup("<code>{}</code>").format(part) if odd else escape(part)
                           for odd, part in ((i % 2, p) for i, p in enumerate(parts)))


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def describe_type(schema: dict) -> tuple[str, str | None]:
    """A schema's type in words ("integer, 1 to 100", "array of Reply", "string or null") and
    the component schema it names, if any."""
    if "$ref" in schema:
        name = _ref_name(schema["$ref"])
        return name, name
    for combined in ("allOf", "anyOf", "oneOf"):
        if combined in schema:
            parts = [describe_type(part) for part in schema[combined]
                     if part.get("type") != "object" or "$ref" in part or part.get("properties")]
            words = " or ".join(word for word, _ in parts) or "object"
            if schema.get("nullable") or any(p.get("nullable") for p in schema[combined]):
                words += " or null"
            return words, next((name for _, name in parts if name), None)
    kind = schema.get("type", "any")
    named = None
    if kind == "array":
        inner, named = describe_type(schema.get("items", {}))
        words = f"array of {inner}"
    else:
        words = kind
        if schema.get("format"):
            words += f" ({schema['format']})"
    if "enum" in schema:
        words += ": " + ", ".join(str(value) for value in schema["enum"] if value is not None)
    limits = [(schema.get("minimum"), schema.get("maximum")),
              (schema.get("minLength"), schema.get("maxLength"))]
    for low, high in limits:
        if low is not None and high is not None:
            words += f", {low} to {high}"
        elif high is not None:
            words += f", at most {high}"
        elif low is not None:
            words += f", at least {low}"
    if "default" in schema:
        words += f", default {json.dumps(schema['default'])}"
    if schema.get("nullable"):
        words += " or null"
    return words, named


def _field(name: str, schema: dict, required: bool, location: str | None = None) -> Field:
    words, named = describe_type(schema)
    return Field(name, words, named, required, schema.get("description", ""), location)


def _response(status: str, response: dict, components: dict) -> Response:
    if "$ref" in response:
        response = components["responses"][_ref_name(response["$ref"])]
    for media_type, content in (response.get("content") or {}).items():
        named = describe_type(content.get("schema", {}))[1]
        return Response(status, response.get("description", ""), media_type, named)
    return Response(status, response.get("description", ""), None, None)


def _operation(path: str, method: str, operation: dict, shared: list, spec: dict) -> Operation:
    components = spec.get("components", {})
    parameters = [_field(p["name"], {**p.get("schema", {}),
                                     "description": p.get("description", "")},
                         p.get("required", False), p["in"])
                  for p in [*shared, *operation.get("parameters", [])]]
    body, body_media_type = None, None
    for media_type, content in (operation.get("requestBody", {}).get("content") or {}).items():
        body, body_media_type = describe_type(content.get("schema", {}))[1], media_type
    responses = sorted((_response(status, response, components)
                        for status, response in operation.get("responses", {}).items()),
                       key=lambda r: r.status)
    token = bool(operation.get("security", spec.get("security")))
    body_fields = _fields(components.get("schemas", {}).get(body, {})) if body else []
    return Operation(method, path, operation.get("summary", ""),
                     operation.get("description", ""), token, parameters, body,
                     body_media_type, body_fields, responses)


def _fields(schema: dict) -> list[Field]:
    required = set(schema.get("required", []))
    return [_field(key, value, key in required)
            for key, value in schema.get("properties", {}).items()]


def sections(spec: dict) -> list[Section]:
    """The operations under the tags of the document, in its order."""
    by_tag = {tag["name"]: Section(tag["name"], tag.get("description", ""))
              for tag in spec.get("tags", [])}
    for path, item in spec.get("paths", {}).items():
        shared = item.get("parameters", [])
        for method in METHODS:
            if method not in item:
                continue
            operation = item[method]
            tag = (operation.get("tags") or ["other"])[0]
            section = by_tag.setdefault(tag, Section(tag, ""))
            section.operations.append(_operation(path, method, operation, shared, spec))
    return [section for section in by_tag.values() if section.operations]


def schemas(spec: dict) -> list[Schema]:
    """Every schema the operations use (directly or inside another), by name."""
    found = spec.get("components", {}).get("schemas", {})
    used: set[str] = set()

    def visit(node) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith(REF + "schemas/") and _ref_name(ref) not in used:
                used.add(_ref_name(ref))
                visit(found.get(_ref_name(ref), {}))
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(spec.get("paths", {}))
    visit(spec.get("components", {}).get("responses", {}))
    result = []
    for name in sorted(used):
        schema = found.get(name, {})
        result.append(Schema(name, schema.get("description", ""), _fields(schema)))
    return result
