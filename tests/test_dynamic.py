"""Dynamic data: generated bodies are deterministic, valid against the spec and its rules."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from mockserver.core import rules
from mockserver.core.fixtures import load_fixtures, serialize
from mockserver.core.schemas import schema_findings
from mockserver.core.spec import load_spec
from mockserver.mock.dynamic import DYNAMIC_SCENARIO, generate
from mockserver.mock.selection import Catalog, Preferences, select
from tests.support import AUTH, BALANCED, ROOT, UNKNOWN, running_mock

SPEC = load_spec(ROOT / "openapi.yaml")
CATALOG = Catalog.build(SPEC, load_fixtures(ROOT / "fixtures", SPEC))
OP = "getSpeakersBalance"
SCHEMA = SPEC.operations[OP].responses["200"].schema or {}
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
HASHES = [hashlib.md5(str(i).encode()).hexdigest() for i in range(1500)]


def body_for(file_hash: str) -> Any:
    return generate(OP, (file_hash,))


def test_every_generated_body_obeys_the_schema_and_the_semantic_rules() -> None:
    problems = {}
    for file_hash in HASHES:
        body = body_for(file_hash)
        found = schema_findings(body, SCHEMA) + [
            (f.path, f.rule, f.message) for f in rules.check(SCHEMA, body)
        ]
        if found:
            problems[file_hash] = found
    assert problems == {}


def test_generated_speakers_have_uuid_ids_and_two_decimal_shares() -> None:
    for file_hash in HASHES[:300]:
        speakers = body_for(file_hash)["speakers"]
        assert 1 <= len(speakers) <= 12
        for speaker in speakers:
            assert UUID.match(speaker["id"]), speaker
            share = speaker["meeting_speaking_percentage"]
            assert round(share, 2) == share


def test_generated_meetings_cover_one_to_twelve_speakers() -> None:
    counts = {len(body_for(h)["speakers"]) for h in HASHES}
    assert counts == set(range(1, 13))


@pytest.mark.parametrize(("file_hash", "sha256_of_bytes"), [
    pytest.param(UNKNOWN, "075369f8d7067eb1c30cc2d770e07d7b1b8757bd9924f77cf27a84093f1788b8",
                 id="32-char-hash"),
    pytest.param("abcdef1234567890",
                 "03d20b22053bd2ce1afdad10ad7e1d92dde2c3b908aa17fc35d4bc6ded7755bf",
                 id="16-char-hash"),
])
def test_same_hash_gives_the_same_bytes_on_every_machine(file_hash: str,
                                                         sha256_of_bytes: str) -> None:
    """Pinned digests: a change of algorithm, float formatting or RNG would change them."""
    assert hashlib.sha256(serialize(body_for(file_hash))).hexdigest() == sha256_of_bytes


def test_different_hashes_give_different_meetings() -> None:
    bodies = {json.dumps(body_for(h)) for h in HASHES[:200]}
    assert len(bodies) == 200


def test_hash_case_matters_as_it_does_for_fixtures() -> None:
    assert body_for(UNKNOWN) != body_for(UNKNOWN.upper())


def test_an_operation_without_a_generator_gets_none() -> None:
    assert generate("noSuchOperation", (UNKNOWN,)) is None


@pytest.mark.parametrize(("hash_", "prefs", "status", "scenario"), [
    pytest.param(UNKNOWN, Preferences(), 404, None, id="default-stays-404"),
    pytest.param(UNKNOWN, Preferences(dynamic=False), 404, None, id="dynamic-false-404"),
    pytest.param(UNKNOWN, Preferences(dynamic=True), 200, DYNAMIC_SCENARIO, id="dynamic-200"),
    pytest.param(BALANCED, Preferences(dynamic=True), 200, "balanced-pair", id="fixture-wins"),
    pytest.param(UNKNOWN, Preferences(dynamic=True, code=404), 404, None, id="code-wins"),
])
def test_selection_uses_dynamic_data_only_when_no_fixture_answers(
        hash_: str, prefs: Preferences, status: int, scenario: str | None) -> None:
    reply = select(CATALOG, OP, {"file-hash": hash_}, prefs)
    assert (reply.status, reply.scenario) == (status, scenario)


def test_cli_default_is_overridden_by_prefer() -> None:
    assert Preferences(dynamic=False).over(Preferences(dynamic=True)).dynamic is False
    assert Preferences().over(Preferences(dynamic=True)).dynamic is True


@pytest.fixture(scope="module")
def dynamic_url() -> Iterator[str]:
    with running_mock("--dynamic", "--no-reload") as (url, _proc):
        yield url


def test_dynamic_flag_answers_unknown_hashes(dynamic_url: str) -> None:
    response = httpx.get(f"{dynamic_url}/speakers-balance?file-hash={UNKNOWN}", headers=AUTH)
    assert response.status_code == 200
    assert response.headers["x-mock-scenario"] == DYNAMIC_SCENARIO
    assert response.content == serialize(body_for(UNKNOWN))


def test_prefer_dynamic_false_turns_the_flag_off(dynamic_url: str) -> None:
    response = httpx.get(f"{dynamic_url}/speakers-balance?file-hash={UNKNOWN}",
                         headers={**AUTH, "Prefer": "dynamic=false"})
    assert response.status_code == 404


def test_dynamic_flag_never_hides_a_bad_hash(dynamic_url: str) -> None:
    response = httpx.get(f"{dynamic_url}/speakers-balance?file-hash=xyz", headers=AUTH)
    assert response.status_code == 400
