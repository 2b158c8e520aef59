"""Which clause of openapi.yaml each check enforces, quoted next to every violation we report."""

from __future__ import annotations

from mockserver.contract.checks import (
    ERROR_MESSAGE_CLAUSE,
    REJECTED_TOKEN_CLAUSE,
    STRICT_JSON_CLAUSE,
)

CLAUSES: dict[str, str] = {
    # Schemathesis' built-in checks, tightened by the expected statuses in contract config.
    "not_a_server_error": "responses: only 200, 400, 401 and 404 are declared; a 5xx is never "
    "part of the contract",
    "status_code_conformance": "paths./speakers-balance.get.responses: the declared statuses are "
    "200, 400, 401 and 404, nothing else",
    "content_type_conformance": "responses.*.content: every response, errors included, is "
    "application/json (not problem+json, not text/plain)",
    "response_headers_conformance": "responses.*.headers: declared response headers match their "
    "schema (401: WWW-Authenticate)",
    "response_schema_conformance": "components.schemas: 200 is SpeakersBalance (speakers: array of "
    "{id: non-empty string, meeting_speaking_percentage: number 0-100}); 4xx is Error {message}",
    "negative_data_rejection": "parameters.file-hash (pattern ^[0-9a-fA-F]{16,128}$, required, "
    "once): a request the spec forbids gets 400 (or 401 without valid credentials)",
    "positive_data_acceptance": "a request the spec allows, with valid credentials, gets 200 "
    "(known meeting) or 404 (unknown meeting)",
    "missing_required_header": "security.bearerAuth: a request without Authorization gets 401",
    "ignored_auth": "security.bearerAuth: a request with missing or invalid credentials gets 401",
    "unsupported_method": "paths./speakers-balance: only GET is declared; other methods get 405 "
    "with an Allow header",
    "allow_header_conformance": "paths./speakers-balance: a 405 lists the declared methods "
    "in Allow",
    "use_after_free": "(stateful) a deleted resource stays gone",
    "ensure_resource_availability": "(stateful) a created resource is available",
    "object_level_authorization": "security: one user cannot read another user's objects",
    "max_response_time": "the configured response-time limit",
    # Our semantic checks (mockserver.contract.checks).
    "spec_rules": "the x- rules the spec declares on a response schema (x-unique-by, "
    "x-sum-at-most)",
    "strict_json": STRICT_JSON_CLAUSE,
    "error_has_message": ERROR_MESSAGE_CLAUSE,
    "rejected_token_gets_401": REJECTED_TOKEN_CLAUSE,
}


def clause_for(check: str) -> str:
    return CLAUSES.get(check, "(no clause recorded for this check)")
