"""Fixtures match any part of a request: path, query, headers (names in any case), JSON body;
the most specific match wins, a fixture without ``request`` is the fallback. Selection-level,
in-process, on tests/specs/meetra-plus."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from mockserver.core.errors import ConfigError
from mockserver.core.fixtures import load_fixtures
from mockserver.core.requests import RequestValues
from mockserver.core.spec import load_spec
from mockserver.mock.selection import Catalog, Preferences, select
from tests.support import BALANCED, ROOT, UNKNOWN

PLUS = ROOT / "tests/specs/meetra-plus"
SPEC = load_spec(PLUS / "openapi.yaml")
FIXTURES = load_fixtures(PLUS / "fixtures", SPEC)
CATALOG = Catalog.build(SPEC, FIXTURES)
WORKSPACE = "0f8fad5b-d9cb-469f-a165-70867728950e"
PAIR = ["1c2ee2da-e2f6-433d-b554-248707c2491c", "8b3c1e7b-64da-4320-b699-0dc3cff03aae"]


def scenario(operation_id: str, values: RequestValues) -> tuple[int, str | None]:
    reply = select(CATALOG, operation_id, values, Preferences())
    return reply.status, reply.scenario


@pytest.mark.parametrize(("operation_id", "values", "expected"), [
    pytest.param("getDetectedSpeakers", RequestValues(path={"file-hash": BALANCED}),
                 (200, "detected-pair"), id="path"),
    pytest.param("getDetectedSpeakers", RequestValues(path={"file-hash": UNKNOWN}),
                 (404, None), id="path-unknown-declared-404"),
    pytest.param("getBalanceScore", RequestValues(query={"file-hash": BALANCED},
                                                   headers={"X-Workspace-Id": WORKSPACE}),
                 (200, "workspace-score"), id="query-and-header"),
    pytest.param("getBalanceScore", RequestValues(query={"file-hash": BALANCED},
                                                   headers={"x-workspace-id": WORKSPACE}),
                 (200, "workspace-score"), id="header-name-any-case"),
    pytest.param("getBalanceScore", RequestValues(query={"file-hash": BALANCED},
                                                   headers={"X-Workspace-Id": WORKSPACE.upper()}),
                 (200, "any-score"), id="header-value-exact-else-default"),
    pytest.param("getBalanceScore", RequestValues(query={"file-hash": UNKNOWN}),
                 (200, "any-score"), id="default-fixture"),
    pytest.param("createSpeakerSummaries", RequestValues(body={
        "max_words": 50.0, "speaker_ids": PAIR, "file_hash": BALANCED}),
                 (200, "pair-summaries"), id="body-json-equality"),
    pytest.param("createSpeakerSummaries", RequestValues(body={
        "file_hash": BALANCED, "speaker_ids": PAIR}), (404, None), id="body-differs"),
    pytest.param("createSpeakerSummaries", RequestValues(body={
        "file_hash": UNKNOWN, "speaker_ids": PAIR[:1]}),
                 (404, "summaries-unknown-meeting"), id="body-404-fixture"),
    pytest.param("getSpeakersBalance", RequestValues(query={"file-hash": BALANCED}),
                 (200, "balanced-pair"), id="old-format-query"),
])
def test_a_fixture_matches_when_every_part_it_gives_is_equal(
        operation_id: str, values: RequestValues, expected: tuple[int, str | None]) -> None:
    assert scenario(operation_id, values) == expected


def test_a_fixture_response_header_is_sent() -> None:
    reply = select(CATALOG, "createSpeakerSummaries", RequestValues(body={
        "file_hash": BALANCED, "speaker_ids": PAIR, "max_words": 50}), Preferences())
    assert ("X-Request-Id", "5b1f2a9e-3c4d-4e5f-8a6b-7c8d9e0f1a2b") in reply.headers


def test_an_unmatched_body_names_the_body_in_the_404() -> None:
    reply = select(CATALOG, "createSpeakerSummaries",
                   RequestValues(body={"file_hash": BALANCED, "speaker_ids": PAIR}), Preferences())
    message = json.loads(reply.body)["message"]
    assert message.startswith("Meeting not found: no fixture has body=")
    assert set(json.loads(reply.body)) == {"message"}


def write(directory: Path, name: str, doc: dict[str, Any]) -> None:
    directory.mkdir(exist_ok=True)
    (directory / f"{name}.json").write_text(json.dumps(doc))


def fixture(name: str, operation_id: str, request: dict[str, Any] | None,
            response: dict[str, Any] | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = {"scenario": name, "description": name, "operationId": operation_id,
                           "response": response or {"status": 200, "body": {"balance_score": 1}}}
    if request is not None:
        doc["request"] = request
    return doc


def test_the_most_specific_fixture_wins(tmp_path: Path) -> None:
    query = {"file-hash": BALANCED}
    write(tmp_path, "a", fixture("by-query", "getBalanceScore", {"query": query}))
    write(tmp_path, "b", fixture("by-both", "getBalanceScore",
                                 {"query": query, "headers": {"X-Workspace-Id": WORKSPACE}}))
    write(tmp_path, "c", fixture("default", "getBalanceScore", None))
    catalog = Catalog.build(SPEC, load_fixtures(tmp_path, SPEC))
    both = RequestValues(query=query, headers={"X-Workspace-Id": WORKSPACE})
    assert select(catalog, "getBalanceScore", both, Preferences()).scenario == "by-both"
    only = RequestValues(query=query, headers={"X-Workspace-Id": PAIR[0]})
    assert select(catalog, "getBalanceScore", only, Preferences()).scenario == "by-query"
    other = RequestValues(query={"file-hash": UNKNOWN})
    assert select(catalog, "getBalanceScore", other, Preferences()).scenario == "default"


def test_matching_cost_does_not_grow_with_the_number_of_fixtures(tmp_path: Path) -> None:
    for index in range(3000):
        write(tmp_path, f"f{index}", fixture(f"f{index}", "getBalanceScore",
                                             {"query": {"file-hash": f"{index:016x}"}}))
    many = load_fixtures(tmp_path, SPEC)
    values = RequestValues(query={"file-hash": UNKNOWN})

    def cost(fixture_set: Any) -> float:
        start = time.perf_counter()
        for _ in range(2000):
            fixture_set.find("getBalanceScore", values)
        return time.perf_counter() - start

    assert cost(many) < 5 * cost(FIXTURES) + 0.01


def problems(tmp_path: Path, *docs: dict[str, Any]) -> list[tuple[str, str, str]]:
    for index, doc in enumerate(docs):
        write(tmp_path, f"x{index}", doc)
    with pytest.raises(ConfigError) as caught:
        load_fixtures(tmp_path, SPEC)
    return [(Path(p.file).name, p.path, p.rule) for p in caught.value.problems]


SUMMARY = {"status": 200, "body": {"summaries": []}}
DETECTED = {"status": 200, "body": {"speakers": []}}
BAD = [
    pytest.param(fixture("p", "getDetectedSpeakers", {"path": {"hash": BALANCED}}, DETECTED),
                 ("$.request.path.hash", "fixture:declared-parameter"), id="undeclared-path-name"),
    pytest.param(fixture("p", "getDetectedSpeakers", {"path": {"file-hash": "zz"}}, DETECTED),
                 ("$.request.path.file-hash", "fixture:parameter-schema"), id="path-value"),
    pytest.param(fixture("p", "getBalanceScore", {"headers": {"X-Workspace-Id": "nope"}}),
                 ("$.request.headers.X-Workspace-Id", "fixture:parameter-schema"),
                 id="header-value"),
    pytest.param(fixture("p", "getBalanceScore", {"query": {"file-hash": "zz"}}),
                 ("$.request.query.file-hash", "fixture:parameter-schema"), id="query-value"),
    pytest.param(fixture("p", "createSpeakerSummaries", {"body": {"file_hash": BALANCED}},
                         SUMMARY), ("$.request.body", "schema:required"), id="body-schema"),
    pytest.param(fixture("p", "getBalanceScore", {"body": {"a": 1}}),
                 ("$.request.body", "fixture:declared-body"), id="body-undeclared"),
    pytest.param(fixture("p", "getBalanceScore", None, {"status": 404, "body": {"message": "x"}}),
                 ("$.response.status", "fixture:declared-status"), id="status-undeclared"),
    pytest.param(fixture("p", "createSpeakerSummaries", None,
                         {**SUMMARY, "headers": {"X-Other": "1"}}),
                 ("$.response.headers.X-Other", "fixture:declared-header"), id="header-undeclared"),
    pytest.param(fixture("p", "createSpeakerSummaries", None,
                         {**SUMMARY, "headers": {"x-request-id": 1}}),
                 ("$.response.headers.x-request-id", "format:type"), id="header-not-a-string"),
    pytest.param(fixture("p", "getBalanceScore", None, {"status": 200}),
                 ("$.response", "fixture:response-body"), id="body-missing"),
    pytest.param(fixture("p", "getBalanceScore", None,
                         {"status": 200, "body": {"balance_score": 101}}),
                 ("$.response.body.balance_score", "schema:maximum"), id="body-maximum"),
    pytest.param(fixture("p", "createSpeakerSummaries", None, {"status": 200, "body": {
        "summaries": [{"speaker_id": PAIR[0], "summary": "a"},
                      {"speaker_id": PAIR[0], "summary": "b"}]}}),
                 ("$.response.body.summaries[1].speaker_id", "semantic:x-unique-by"),
                 id="body-rule"),
]


@pytest.mark.parametrize(("doc", "expected"), BAD)
def test_a_bad_fixture_is_refused_with_path_and_rule(
        tmp_path: Path, doc: dict[str, Any], expected: tuple[str, str]) -> None:
    found = problems(tmp_path, doc)
    assert [(path, rule) for _f, path, rule in found] == [expected]


def test_a_response_header_value_is_checked_against_its_schema(tmp_path: Path) -> None:
    found = problems(tmp_path, fixture("p", "createSpeakerSummaries", None,
                                       {**SUMMARY, "headers": {"X-Request-Id": "not-a-uuid"}}))
    assert [(p, rule) for _f, p, rule in found] == [
        ("$.response.headers.X-Request-Id", "fixture:header-schema")]


@pytest.mark.parametrize("request_part", [
    pytest.param(None, id="two-defaults"),
    pytest.param({"query": {"file-hash": BALANCED}}, id="same-query"),
    pytest.param({"headers": {"X-Workspace-Id": WORKSPACE}}, id="same-header-any-case"),
])
def test_the_same_request_twice_is_refused(tmp_path: Path, request_part: Any) -> None:
    other = request_part
    if request_part and "headers" in request_part:
        other = {"headers": {"x-workspace-id": WORKSPACE}}
    found = problems(tmp_path, fixture("one", "getBalanceScore", request_part),
                     fixture("two", "getBalanceScore", other))
    assert [rule for _f, _p, rule in found] == ["fixture:unique-request"]


def test_the_same_body_in_another_key_order_is_the_same_request(tmp_path: Path) -> None:
    body = {"file_hash": BALANCED, "speaker_ids": PAIR}
    found = problems(tmp_path,
                     fixture("one", "createSpeakerSummaries", {"body": body}, SUMMARY),
                     fixture("two", "createSpeakerSummaries", {"body": dict(reversed(
                         body.items()))}, SUMMARY))
    assert [(p, rule) for _f, p, rule in found] == [("$.request.body", "fixture:unique-request")]


def test_a_required_response_header_without_a_fixture_value_is_generated(tmp_path: Path) -> None:
    import uuid

    import yaml

    doc = yaml.safe_load((PLUS / "openapi.yaml").read_text())
    response = doc["paths"]["/speaker-summaries"]["post"]["responses"]["200"]
    response["headers"]["X-Request-Id"]["required"] = True
    spec_path = tmp_path / "openapi.yaml"
    spec_path.write_text(yaml.safe_dump(doc))
    spec = load_spec(spec_path)
    write(tmp_path / "fixtures", "s", fixture("s", "createSpeakerSummaries", None, SUMMARY))
    catalog = Catalog.build(spec, load_fixtures(tmp_path / "fixtures", spec))
    reply = select(catalog, "createSpeakerSummaries", RequestValues(body={"a": 1}), Preferences())
    [(name, value)] = reply.headers
    assert name == "X-Request-Id"
    assert str(uuid.UUID(value)) == value


def test_without_a_404_or_a_fixture_the_spec_example_answers(tmp_path: Path) -> None:
    (tmp_path / "fixtures").mkdir()
    catalog = Catalog.build(SPEC, load_fixtures(tmp_path / "fixtures", SPEC))
    values = RequestValues(query={"file-hash": UNKNOWN}, headers={"X-Workspace-Id": WORKSPACE})
    reply = select(catalog, "getBalanceScore", values, Preferences())
    assert (reply.status, reply.scenario, json.loads(reply.body)) == (
        200, "(example)", {"balance_score": 87.5})
    generated = select(catalog, "getDetectedSpeakers", RequestValues(path={"file-hash": UNKNOWN}),
                       Preferences())
    assert (generated.status, generated.scenario) == (404, None)
    assert "no fixture has file-hash=" in json.loads(generated.body)["message"]


def test_without_fixtures_an_unmatched_body_is_named_in_the_404(tmp_path: Path) -> None:
    (tmp_path / "fixtures").mkdir()
    catalog = Catalog.build(SPEC, load_fixtures(tmp_path / "fixtures", SPEC))
    reply = select(catalog, "createSpeakerSummaries", RequestValues(body={"a": 1}), Preferences())
    assert reply.status == 404
    assert "no fixture has body=" in json.loads(reply.body)["message"]
