"""Each semantic check, on hand-made responses: what it lets through and what it reports."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests
import schemathesis
from schemathesis import Response

from mockserver.contract import checks
from mockserver.contract.checks import ContractViolation
from tests.support import BALANCED, ROOT

JSON = "application/json"


@pytest.fixture(scope="module")
def case() -> Any:
    schema = schemathesis.openapi.from_path(ROOT / "openapi.yaml")
    return schema["/speakers-balance"]["GET"].Case(query={"file-hash": BALANCED})


def response(status: int, body: str | bytes, content_type: str = JSON) -> Response:
    request = requests.Request("GET", "http://127.0.0.1/speakers-balance").prepare()
    content = body.encode() if isinstance(body, str) else body
    return Response(
        status_code=status,
        headers={"Content-Type": [content_type]},
        content=content,
        request=request,
        elapsed=0.01,
        verify=True,
    )


def speakers(*shares: tuple[str, Any]) -> str:
    return json.dumps(
        {"speakers": [{"id": i, "meeting_speaking_percentage": s} for i, s in shares]}
    )


PASSING = [
    pytest.param(
        checks.spec_rules, response(200, speakers(("a", 50), ("b", 50))), id="ids-distinct"
    ),
    pytest.param(
        checks.spec_rules, response(200, '{"speakers": []}'), id="ids-empty-meeting"
    ),
    pytest.param(checks.spec_rules, response(404, '{"message": "x"}'), id="ids-not-a-200"),
    pytest.param(
        checks.spec_rules,
        response(200, speakers(("a", 33.33), ("b", 33.33), ("c", 33.34))),
        id="sum-100",
    ),
    pytest.param(
        checks.spec_rules,
        response(200, speakers(("a", 50.01), ("b", 50.0))),
        id="sum-rounding-tolerance",
    ),
    pytest.param(checks.spec_rules, response(200, "not json"), id="sum-not-json"),
    pytest.param(checks.strict_json, response(200, speakers(("a", 1e-3))), id="strict-exponent"),
    pytest.param(
        checks.strict_json,
        response(200, '{"speakers": [], "note": "NaN"}'),
        id="strict-nan-inside-a-string",
    ),
    pytest.param(checks.strict_json, response(200, "NaN", "text/plain"), id="strict-not-json-type"),
    pytest.param(
        checks.strict_json, response(200, "{broken", JSON), id="strict-invalid-json-not-ours"
    ),
]

FAILING = [
    pytest.param(
        checks.spec_rules,
        response(200, speakers(("a", 30), ("b", 20), ("a", 10))),
        "$.speakers[2].id",
        id="ids-duplicate",
    ),
    pytest.param(
        checks.spec_rules,
        response(200, speakers(("a", 60), ("b", 55))),
        "sum to 115.0",
        id="sum-115",
    ),
    pytest.param(
        checks.spec_rules,
        response(200, speakers(("a", 50.01), ("b", 50.01))),
        "sum to 100.02",
        id="sum-just-over-tolerance",
    ),
    pytest.param(
        checks.strict_json,
        response(200, '{"speakers": [{"id": "a", "meeting_speaking_percentage": NaN}]}'),
        "NaN",
        id="strict-nan",
    ),
    pytest.param(
        checks.strict_json,
        response(200, '{"x": -Infinity}'),
        "-Infinity",
        id="strict-negative-infinity",
    ),
    pytest.param(
        checks.strict_json,
        response(400, '{"message": Infinity}', "application/problem+json"),
        "Infinity",
        id="strict-infinity-in-a-json-subtype",
    ),
]


@pytest.mark.parametrize(("check", "resp"), PASSING)
def test_check_lets_a_conforming_response_through(check: Any, resp: Response, case: Any) -> None:
    check(None, resp, case)


@pytest.mark.parametrize(("check", "resp", "detail"), FAILING)
def test_check_reports_a_violation(check: Any, resp: Response, detail: str, case: Any) -> None:
    with pytest.raises(ContractViolation) as caught:
        check(None, resp, case)
    violation = caught.value
    assert isinstance(violation, AssertionError)
    assert violation.check == check.__name__
    assert detail in violation.detail
    assert f"Spec clause: {violation.clause}" in str(violation)


def test_spec_rules_quote_the_rule_from_the_spec(case: Any) -> None:
    with pytest.raises(ContractViolation) as caught:
        checks.spec_rules(None, response(200, speakers(("a", 1), ("a", 2))), case)
    assert caught.value.clause == (
        "paths./speakers-balance.get.responses.200.content.application/json.schema "
        '#/properties/speakers: x-unique-by: "id"'
    )
    assert "$.speakers[1].id" in caught.value.detail


def test_spec_rules_apply_only_the_rules_of_the_status_schema(case: Any) -> None:
    # The 404's Error schema declares no rule: a body that would break the 200's passes.
    checks.spec_rules(None, response(404, speakers(("a", 1), ("a", 2))), case)


def test_the_hooks_module_registers_every_semantic_check() -> None:
    from schemathesis.checks import CHECKS

    import mockserver.contract.hooks  # noqa: F401

    assert {c.__name__ for c in checks.SEMANTIC_CHECKS} <= set(CHECKS.get_all_names())


def _live(url: str, *, status: int = 200, token: str = "impl-token") -> Response:
    """A real response from an implementation, as Schemathesis records it."""
    sent = requests.get(
        f"{url}/speakers-balance",
        params={"file-hash": "fedcba9876543210"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert sent.status_code == status
    return Response.from_requests(sent, verify=True)


def test_rejected_token_check_passes_an_implementation_answering_401(
    impl_urls: dict[str, str], case: Any
) -> None:
    check = checks.rejected_token_gets_401()
    check.after_response(None, _live(impl_urls["reference"]), case)
    assert check.probed == {"GET /speakers-balance"}


def test_rejected_token_check_reports_a_403(impl_urls: dict[str, str], case: Any) -> None:
    with pytest.raises(ContractViolation) as caught:
        checks.rejected_token_gets_401().after_response(
            None, _live(impl_urls["403-for-bad-token"]), case
        )
    assert caught.value.check == "rejected_token_gets_401"
    assert "an invalid token got 403, not 401" in caught.value.detail


@pytest.mark.parametrize("already_probed", [False, True])
def test_rejected_token_check_probes_only_after_a_success_and_once(
    impl_urls: dict[str, str], case: Any, already_probed: bool
) -> None:
    check = checks.rejected_token_gets_401()
    if already_probed:
        check.probed.add("GET /speakers-balance")
        check.after_response(None, _live(impl_urls["403-for-bad-token"]), case)  # no second probe
    else:
        failed = _live(impl_urls["403-for-bad-token"], status=403, token="wrong")
        check.after_response(None, failed, case)  # not a 2xx: nothing to replay
        assert check.probed == set()
