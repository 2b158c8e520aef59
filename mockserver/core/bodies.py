"""Request-body checks shared by the mock and the proxy: media type, UTF-8 JSON, the schema.

The schema is checked with openapi-schema-validator's ``OAS30WriteValidator`` (the request
direction: ``readOnly`` properties are not required) and its format checker, then the ``x-``
rules the spec declares; the first finding becomes a message naming the JSON path, the rule and
what the schema allows there.
"""

from __future__ import annotations

import json
from typing import Any

from mockserver.core import rules
from mockserver.core.errors import RequestError
from mockserver.core.params import allowed_by, echo
from mockserver.core.requests import NO_BODY
from mockserver.core.schemas import json_path
from mockserver.core.spec import Operation, RequestBody

MAX_BODY_BYTES = 1024 * 1024


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def is_json(media: str) -> bool:
    return media == "application/json" or media.endswith("+json")


def accepted(declared: tuple[str, ...], media: str) -> bool:
    """``media`` is one of the declared media types (``type/*`` and ``*/*`` ranges included)."""
    for name in declared:
        name = media_type(name)
        if name in (media, "*/*") or (name.endswith("/*") and media.startswith(name[:-1])):
            return True
    return False


def check_body(operation: Operation, content_type: str | None, raw: bytes) -> Any:
    """The decoded JSON body (``NO_BODY`` if none was sent); RequestError on the first fault."""
    body = operation.request_body
    if body is None:
        return NO_BODY
    if not raw:
        if body.required:
            raise RequestError("body.missing", allowed=_media_allowed(body))
        return NO_BODY
    if len(raw) > MAX_BODY_BYTES:
        raise RequestError("body.too_large", size=len(raw), limit=MAX_BODY_BYTES)
    media = media_type(content_type)
    if not accepted(body.media_types, media):
        code = "body.media_type" if "415" in operation.responses else "body.content_type"
        raise RequestError(code, given=repr(content_type or "(none)")[:80],
                           allowed=", ".join(body.media_types))
    if not is_json(media) or body.schema is None:
        return NO_BODY  # a media type we do not read: Connexion handles it
    return _checked(body.schema, _decoded(raw))


def _media_allowed(body: RequestBody) -> str:
    return "a body of Content-Type " + " or ".join(body.media_types)


def _decoded(raw: bytes) -> Any:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        reason = f"byte 0x{raw[exc.start]:02x} at position {exc.start} is not valid UTF-8"
        raise RequestError("body.encoding", reason=reason) from None
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except ValueError as exc:
        raise RequestError("body.json", reason=str(exc)[:200]) from None
    if value is None:
        raise RequestError("body.json", reason="the body is JSON null")
    return value


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _checked(schema: dict[str, Any], value: Any) -> Any:
    errors = sorted(_validator(schema).iter_errors(value),
                    key=lambda e: (len(e.path), list(map(str, e.path))))
    if errors:
        error = errors[0]
        raise RequestError("body.invalid", path=json_path(error.path), rule=error.validator,
                           reason=_reason(error), allowed=_allowed(error))
    findings = rules.check(schema, value)
    if findings:
        finding = findings[0]
        raise RequestError("body.invalid", path=finding.path, rule=finding.rule,
                           reason=finding.message, allowed=finding.clause)
    return value


_VALIDATORS: dict[int, tuple[dict[str, Any], Any]] = {}


def _validator(schema: dict[str, Any]) -> Any:
    """One validator per schema object, kept with it (its id stays its own). Keyed by identity,
    not by the schema's JSON: serializing it cost a json.dumps of the whole schema per request
    and failed (a 500) on a schema that contains itself, as GitHub's and Stripe's do."""
    hit = _VALIDATORS.get(id(schema))
    if hit is None or hit[0] is not schema:
        from openapi_schema_validator import OAS30WriteValidator, oas30_format_checker

        if len(_VALIDATORS) >= 4096:
            _VALIDATORS.clear()  # a reloaded spec's schemas: let them go
        hit = _VALIDATORS[id(schema)] = (
            schema, OAS30WriteValidator(schema, format_checker=oas30_format_checker))
    return hit[1]


def _reason(error: Any) -> str:
    message = str(error.message)
    return message if len(message) <= 160 else message[:157] + "..."


def _allowed(error: Any) -> str:
    """What the failing (sub)schema allows, in words, by the keyword that failed."""
    keyword, value, schema = error.validator, error.validator_value, error.schema
    if keyword == "required":
        return "an object with " + ", ".join(map(repr, value))
    if keyword == "additionalProperties":
        declared = sorted(schema.get("properties") or {})
        return "only the declared properties: " + (", ".join(declared) or "none")
    if keyword in ("minItems", "maxItems", "uniqueItems"):
        return (f"an array of {schema.get('minItems', 0)} to {schema.get('maxItems', '∞')}"
                + (" unique" if schema.get("uniqueItems") else "") + " items")
    if keyword in ("minProperties", "maxProperties"):
        return f"an object with {keyword} {value}"
    if keyword in ("oneOf", "anyOf", "allOf", "not"):
        return f"a value matching {keyword} of the schema"
    if schema.get("type") == "object":
        return "an object"
    if schema.get("type") == "array":
        return "an array"
    return allowed_by(schema) if isinstance(schema, dict) else echo(str(value))
