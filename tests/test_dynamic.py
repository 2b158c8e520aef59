"""Dynamic data: a body generated from the request alone, for any operation, same bytes for the
same request; used only when no fixture answers."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import httpx
import pytest

from mockserver.core import rules
from mockserver.core.fixtures import load_fixtures
from mockserver.core.generate import generate as real_generate
from mockserver.core.requests import RequestValues
from mockserver.core.schemas import schema_findings
from mockserver.core.spec import load_spec
from mockserver.mock.dynamic import DYNAMIC_SCENARIO, seed_for
from mockserver.mock.selection import Catalog, Preferences, select
from tests.support import AUTH, BALANCED, ROOT, UNKNOWN, running_mock

SPEC = load_spec(ROOT / "openapi.yaml")
CATALOG = dataclasses.replace(Catalog.build(SPEC, load_fixtures(ROOT / "fixtures", SPEC)),
                              generate=real_generate)
OP = "getSpeakersBalance"
SCHEMA = SPEC.operations[OP].responses["200"].schema or {}


def query(file_hash: str) -> RequestValues:
    return RequestValues(query={"file-hash": file_hash})


def test_the_seed_is_pinned_on_every_machine() -> None:
    """A change of canonical form or hash function would change every generated body."""
    assert seed_for(OP, query(UNKNOWN)) == (
        "92557dfd63a1d9bd75b5b39d924b357fc52ae62b12648f9ba4d11753441cba9e")


@pytest.mark.parametrize(("one", "other"), [
    pytest.param(RequestValues(headers={"X-Workspace-Id": "a"}),
                 RequestValues(headers={"x-workspace-id": "a"}), id="header-name-case"),
    pytest.param(RequestValues(body={"a": 1, "b": [1.0]}), RequestValues(body={"b": [1], "a": 1}),
                 id="body-key-order-and-1.0"),
])
def test_equal_requests_give_the_same_seed(one: RequestValues, other: RequestValues) -> None:
    assert seed_for(OP, one) == seed_for(OP, other)


@pytest.mark.parametrize("other", [
    pytest.param(query(UNKNOWN.upper()), id="hash-case-matters"),
    pytest.param(RequestValues(path={"file-hash": UNKNOWN}), id="same-value-other-part"),
    pytest.param(RequestValues(query={"file-hash": UNKNOWN}, body={"a": 1}), id="a-body"),
])
def test_different_requests_give_different_seeds(other: RequestValues) -> None:
    assert seed_for(OP, query(UNKNOWN)) != seed_for(OP, other)


def test_the_operation_is_part_of_the_seed() -> None:
    assert seed_for(OP, query(UNKNOWN)) != seed_for("otherOperation", query(UNKNOWN))


@pytest.mark.parametrize(("hash_", "prefs", "status", "scenario"), [
    pytest.param(UNKNOWN, Preferences(), 404, None, id="default-stays-404"),
    pytest.param(UNKNOWN, Preferences(dynamic=False), 404, None, id="dynamic-false-404"),
    pytest.param(UNKNOWN, Preferences(dynamic=True), 200, DYNAMIC_SCENARIO, id="dynamic-200"),
    pytest.param(BALANCED, Preferences(dynamic=True), 200, "balanced-pair", id="fixture-wins"),
    pytest.param(UNKNOWN, Preferences(dynamic=True, code=404), 404, None, id="code-wins"),
])
def test_selection_uses_dynamic_data_only_when_no_fixture_answers(
        hash_: str, prefs: Preferences, status: int, scenario: str | None) -> None:
    reply = select(CATALOG, OP, query(hash_), prefs)
    assert (reply.status, reply.scenario) == (status, scenario)


def test_a_dynamic_body_is_generated_from_the_lowest_2xx_schema() -> None:
    reply = select(CATALOG, OP, query(UNKNOWN), Preferences(dynamic=True))
    assert reply.body == select(CATALOG, OP, query(UNKNOWN), Preferences(dynamic=True)).body
    import json

    body = json.loads(reply.body)
    assert schema_findings(body, SCHEMA) == []
    assert rules.check(SCHEMA, body) == []


def test_without_a_generator_dynamic_falls_back_to_the_declared_404() -> None:
    catalog = dataclasses.replace(CATALOG, generate=None)
    assert select(catalog, OP, query(UNKNOWN), Preferences(dynamic=True)).status == 404


def test_cli_default_is_overridden_by_prefer() -> None:
    assert Preferences(dynamic=False).over(Preferences(dynamic=True)).dynamic is False
    assert Preferences().over(Preferences(dynamic=True)).dynamic is True


@pytest.fixture(scope="module")
def dynamic_url() -> Iterator[str]:
    with running_mock("--dynamic", "--no-reload") as (url, _proc):
        yield url


def test_dynamic_flag_answers_unknown_hashes_with_the_same_bytes(dynamic_url: str) -> None:
    url = f"{dynamic_url}/speakers-balance?file-hash={UNKNOWN}"
    first, second = httpx.get(url, headers=AUTH), httpx.get(url, headers=AUTH)
    assert first.status_code == 200
    assert first.headers["x-mock-scenario"] == DYNAMIC_SCENARIO
    assert first.content == second.content
    assert schema_findings(first.json(), SCHEMA) == []
    assert rules.check(SCHEMA, first.json()) == []


def test_prefer_dynamic_false_turns_the_flag_off(dynamic_url: str) -> None:
    response = httpx.get(f"{dynamic_url}/speakers-balance?file-hash={UNKNOWN}",
                         headers={**AUTH, "Prefer": "dynamic=false"})
    assert response.status_code == 404


def test_dynamic_flag_never_hides_a_bad_hash(dynamic_url: str) -> None:
    response = httpx.get(f"{dynamic_url}/speakers-balance?file-hash=xyz", headers=AUTH)
    assert response.status_code == 400
