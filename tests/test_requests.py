"""The request checks of the core, pure: every parameter location, typed values, arrays, bodies.

Each row is one value and the message fragment it must get (or None: accepted). The mock's guard
and the proxy both call these functions, so these rows hold for both.
"""

from __future__ import annotations

from typing import Any

import pytest

from mockserver.core.bodies import check_body
from mockserver.core.errors import CATALOGUE, RequestError
from mockserver.core.requests import (
    check_cookies,
    check_headers,
    check_path,
    check_query,
)
from mockserver.core.spec import Operation, Parameter, RequestBody, load_spec, path_values
from tests.support import ROOT

PLUS = load_spec(ROOT / "tests" / "specs" / "meetra-plus" / "openapi.yaml")
PETS = load_spec(ROOT / "tests" / "specs" / "petstore.yaml")
UUID = "1c2ee2da-e2f6-433d-b554-248707c2491c"


def op_with(*params: Parameter) -> Operation:
    return Operation("op", "get", "/x", params, {})


def param(location: str, schema: dict[str, Any], name: str = "p", **extra: Any) -> Parameter:
    return Parameter(name, location, True, schema, "", **extra)


def refusal(call: Any) -> str | None:
    """The message of the RequestError ``call()`` raises; None if it accepts."""
    try:
        call()
    except RequestError as exc:
        assert exc.code in CATALOGUE
        return f"{exc.status} {exc.message}"
    return None


INTEGER = {"type": "integer", "minimum": 1, "maximum": 100, "multipleOf": 2}
NUMBER = {"type": "number", "minimum": 0, "exclusiveMaximum": True, "maximum": 1}
VALUES = [
    pytest.param(INTEGER, "42", None, id="integer-ok"),
    pytest.param(INTEGER, "abc", "'abc' is not an integer. Allowed: integer >= 1, <= 100, a "
                 "multiple of 2", id="integer-not-a-number"),
    pytest.param(INTEGER, "1.0", "'1.0' is not an integer", id="integer-with-decimals"),
    pytest.param(INTEGER, " 4", "' 4' is not an integer", id="integer-with-space"),
    pytest.param(INTEGER, "102", "102 is above the maximum", id="integer-above-maximum"),
    pytest.param(INTEGER, "0", "0 is below the minimum", id="integer-below-minimum"),
    pytest.param(INTEGER, "7", "7 is not a multiple of 2", id="integer-multiple-of"),
    pytest.param(NUMBER, "0.5", None, id="number-ok"),
    pytest.param(NUMBER, "1", "1 is above the maximum. Allowed: number >= 0, < 1",
                 id="number-exclusive-maximum"),
    pytest.param(NUMBER, "NaN", "'NaN' is not a number", id="number-nan"),
    pytest.param({"type": "boolean"}, "true", None, id="boolean-ok"),
    pytest.param({"type": "boolean"}, "1", "'1' is not true or false. Allowed: boolean (true "
                 "or false)", id="boolean-one"),
    pytest.param({"type": "string", "enum": ["a", "b"]}, "c", "'c' is not one of the allowed "
                 "values. Allowed: string one of a, b", id="enum"),
    pytest.param({"type": "integer", "enum": [1, 2]}, "3", "'3' is not one of the allowed",
                 id="integer-enum"),
    pytest.param({"type": "string", "format": "uuid"}, UUID, None, id="uuid-ok"),
    pytest.param({"type": "string", "format": "uuid"}, "nope", "'nope' is not a valid uuid. "
                 "Allowed: string in format uuid", id="uuid"),
    pytest.param({"type": "string", "format": "date"}, "2024-02-30", "not a valid date",
                 id="date"),
    pytest.param({"type": "string", "format": "date-time"}, "2024-01-01", "not a valid "
                 "date-time", id="date-time"),
    pytest.param({"type": "string", "format": "email"}, "nobody", "not a valid email",
                 id="email"),
    pytest.param({"type": "string", "pattern": "^a+$"}, "aa\n", "line break (%0A) at "
                 "position 2", id="trailing-newline"),
    pytest.param({"type": "string", "pattern": "^[a-z]+$"}, "a\x00",
                 "NUL character (%00) at position 1", id="nul"),
    # The schema decides: a free-form string allows a line break (the contract sends them).
    pytest.param({"type": "string"}, "a\nb", None, id="free-string-line-break"),
    pytest.param({"type": "string", "maxLength": 2}, "a\rb", "line break (%0D)",
                 id="carriage-return"),
]


@pytest.mark.parametrize(("schema", "value", "says"), VALUES)
@pytest.mark.parametrize("location", ["path", "query", "header", "cookie"])
def test_every_location_checks_values_by_their_schema(
    location: str, schema: dict[str, Any], value: str, says: str | None
) -> None:
    operation = op_with(param(location, schema))
    checks = {"path": lambda: check_path(operation, {"p": value}),
              "query": lambda: check_query(operation, [("p", value)]),
              "header": lambda: check_headers(operation, [("P", value)]),
              "cookie": lambda: check_cookies(operation, [("p", value)])}
    message = refusal(checks[location])
    if says is None:
        assert message is None
    else:
        label = {"path": "Path parameter", "query": "Query parameter", "header": "Header",
                 "cookie": "Cookie"}[location]
        assert message is not None and message.startswith(f"400 {label} 'p' is invalid: ")
        assert says in message


@pytest.mark.parametrize(("location", "pairs", "says"), [
    pytest.param("query", [], "400 Missing required query parameter 'p'.", id="query-missing"),
    pytest.param("header", [], "400 Missing required header 'p'.", id="header-missing"),
    pytest.param("cookie", [], "400 Missing required cookie 'p'.", id="cookie-missing"),
    pytest.param("query", [("p", "")], "400 Query parameter 'p' is empty.", id="query-empty"),
    pytest.param("header", [("p", "")], "400 Header 'p' is empty.", id="header-empty"),
    pytest.param("header", [("p", "a"), ("P", "b")], "400 Header 'p' was given 2 times",
                 id="header-repeated-any-case"),
    pytest.param("query", [("p", "a"), ("p", "a")], "400 Query parameter 'p' was given 2 times",
                 id="query-repeated"),
])
def test_missing_empty_and_repeated_values(location: str, pairs: list[tuple[str, str]],
                                           says: str) -> None:
    operation = op_with(param(location, {"type": "string"}))
    check = {"query": check_query, "header": check_headers, "cookie": check_cookies}[location]
    message = refusal(lambda: check(operation, pairs))
    assert message is not None and message.startswith(says)


def test_header_values_are_keyed_by_the_declared_name() -> None:
    operation = PLUS.operations["getBalanceScore"]
    assert check_headers(operation, [("x-WORKSPACE-id", UUID), ("X-Other", "1")]) == {
        "X-Workspace-Id": UUID}


ITEMS = {"type": "array", "items": {"type": "integer", "maximum": 9}, "maxItems": 3}


@pytest.mark.parametrize(("explode", "pairs", "value", "says"), [
    pytest.param(True, [("p", "1"), ("p", "2")], "1,2", None, id="exploded-repeated"),
    pytest.param(False, [("p", "1,2")], "1,2", None, id="comma-separated"),
    pytest.param(False, [("p", "1"), ("p", "2")], None, "was given 2 times", id="not-exploded"),
    pytest.param(True, [("p", "1"), ("p", "x")], None, "item 1: 'x' is not an integer",
                 id="bad-item"),
    pytest.param(False, [("p", "1,2,3,4")], None, "4 items given, at most 3 allowed",
                 id="too-many"),
])
def test_query_arrays_in_form_style(explode: bool, pairs: list[tuple[str, str]],
                                    value: str | None, says: str | None) -> None:
    operation = op_with(param("query", ITEMS, style="form", explode=explode))
    if says is None:
        assert check_query(operation, pairs) == {"p": value}
    else:
        message = refusal(lambda: check_query(operation, pairs))
        assert message is not None and says in message and "Allowed: a list of integer" in message


def test_path_values_come_from_the_template() -> None:
    assert path_values("/meetings/{file-hash}/speakers", "/meetings/ab%2/speakers") == {
        "file-hash": "ab%2"}
    operation, values = PETS.find("GET", "/v1/pets/7")
    assert operation is not None and operation.operation_id == "showPetById"
    assert values == {"petId": "7"}
    assert PETS.find("GET", "/pets/7") == (None, {})


SUMMARIES = PLUS.operations["createSpeakerSummaries"]
GOOD = b'{"file_hash": "abcdef1234567890", "speaker_ids": ["' + UUID.encode() + b'"]}'
BODIES = [
    pytest.param("application/json", GOOD, None, id="valid"),
    pytest.param("application/json; charset=utf-8", GOOD, None, id="valid-with-charset"),
    pytest.param(None, b"", "400 Missing required request body.", id="missing"),
    pytest.param("text/plain", GOOD, "400 Unsupported Content-Type 'text/plain'", id="text"),
    pytest.param(None, GOOD, "400 Unsupported Content-Type '(none)'", id="no-content-type"),
    pytest.param("application/json", b"\xff{}", "400 The request body is not UTF-8: byte 0xff "
                 "at position 0", id="not-utf8"),
    pytest.param("application/json", b"{", "400 The request body is not valid JSON", id="json"),
    pytest.param("application/json", b'{"a": NaN}', "not valid JSON: NaN is not JSON",
                 id="nan"),
    pytest.param("application/json", b"null", "the body is JSON null", id="null"),
    pytest.param("application/json", b"[]", "invalid at $: [] is not of type 'object' [type]",
                 id="type"),
    pytest.param("application/json", b'{"speaker_ids": ["' + UUID.encode() + b'"]}',
                 "at $: 'file_hash' is a required property [required]. Allowed: an object "
                 "with 'file_hash', 'speaker_ids'", id="required"),
    pytest.param("application/json", GOOD[:-1] + b', "x": 1}', "('x' was unexpected) "
                 "[additionalProperties]. Allowed: only the declared properties: file_hash, "
                 "language, max_words, speaker_ids", id="additional-properties"),
    pytest.param("application/json", GOOD[:-1] + b', "max_words": 5}', "at $.max_words: 5 is "
                 "less than the minimum of 10 [minimum]. Allowed: integer >= 10, <= 500",
                 id="minimum"),
    pytest.param("application/json", GOOD[:-1] + b', "language": "es"}', "at $.language: 'es' "
                 "is not one of ['en', 'de', 'fr'] [enum]. Allowed: string one of en, de, fr",
                 id="enum"),
    pytest.param("application/json", b'{"file_hash": "abcdef1234567890", "speaker_ids": ["x"]}',
                 "at $.speaker_ids[0]: 'x' is not a 'uuid' [format]", id="format"),
    pytest.param("application/json", b'{"file_hash": "abcdef1234567890", "speaker_ids": []}',
                 "at $.speaker_ids: [] should be non-empty [minItems]", id="min-items"),
]


@pytest.mark.parametrize(("content_type", "raw", "says"), BODIES)
def test_json_bodies(content_type: str | None, raw: bytes, says: str | None) -> None:
    message = refusal(lambda: check_body(SUMMARIES, content_type, raw))
    if says is None:
        assert message is None
    else:
        assert message is not None and says in message, message


def test_a_declared_415_is_the_answer_to_a_wrong_media_type() -> None:
    operation = Operation("op", "post", "/x", (), {"415": SUMMARIES.responses["400"]},
                          SUMMARIES.request_body)
    assert (refusal(lambda: check_body(operation, "text/plain", b"{}")) or "").startswith("415 ")


def test_an_optional_body_may_be_left_out() -> None:
    assert PETS.operations["createPets"].request_body is not None
    operation = Operation("op", "post", "/x", (), {}, RequestBody(
        required=False, media_types=("application/json",), schema={"type": "object"}))
    assert check_body(operation, None, b"") is None


def test_every_catalogue_code_is_in_the_readme_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("### Error catalogue"):readme.index("### Exit codes")]
    assert [code for code in CATALOGUE if f"`{code}`" not in table] == []


SCOPE = {"type": "object", "required": ["type"], "properties": {
    "type": {"type": "string", "enum": ["account", "user"]}, "user": {"type": "string"},
    "limit": {"type": "integer"}}}


@pytest.mark.parametrize(("pairs", "expected"), [
    pytest.param([("scope[type]", "user")], None, id="required-field"),
    pytest.param([("scope[type]", "account"), ("scope[limit]", "3")], None, id="typed-field"),
    pytest.param([("scope[user]", "u1")], "the field 'type' is required", id="missing-field"),
    pytest.param([("scope[type]", "team")], "type:", id="field-breaks-its-schema"),
    pytest.param([("scope[type]", "user"), ("scope[limit]", "x")], "limit:", id="not-integer"),
    pytest.param([], "scope", id="absent"),
])
def test_a_deep_object_query_parameter_is_read_field_by_field(
        pairs: list[tuple[str, str]], expected: str | None) -> None:
    op = op_with(param("query", SCOPE, name="scope", style="deepObject", explode=True))
    message = refusal(lambda: check_query(op, pairs))
    assert message is None if expected is None else expected in (message or "")


def test_a_deep_object_value_is_what_fixtures_match() -> None:
    op = op_with(param("query", SCOPE, name="scope", style="deepObject", explode=True))
    assert check_query(op, [("scope[type]", "user"), ("scope[user]", "u1")]) == {
        "scope": "type=user&user=u1"}
