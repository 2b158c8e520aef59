"""Broken implementations: the reference with ONE realistic defect each.

``DEFECTS`` maps a defect's name to (what went wrong, the ASGI app). Which contract check must
catch each one is the golden table in ``tests/contract/test_implementations.py`` and in
``docs/contract.md``.
"""

from __future__ import annotations

import dataclasses
import json
import math
from typing import Any, NamedTuple

from starlette.exceptions import HTTPException
from starlette.responses import Response

from tests.impls import reference as ref
from tests.impls.reference import MEETINGS, Behaviour, build_app

FOREIGN = "bad0bad0bad0bad0bad0bad0bad0bad0"
"""The hash each data defect adds (and the undocumented-403 defect refuses)."""
SOLO, SECOND, THIRD = (f"5d0a4c1e-6f5f-4f43-9a43-3bd1c8b0a00{i}" for i in (1, 2, 3))


class Defect(NamedTuple):
    description: str
    app: Any


def _with_meeting(shares: ref.Shares | None) -> Behaviour:
    """The reference, plus one meeting whose analytics output shows the defect."""
    return Behaviour(meetings={**MEETINGS, FOREIGN: shares})


def _problem_json(status: int, message: str, headers: Any = None) -> Response:
    body = {"type": "about:blank", "title": message, "status": status, "detail": message}
    return Response(
        json.dumps(body),
        status_code=status,
        media_type="application/problem+json",
        headers=dict(headers or {}),
    )


def _detail_json(status: int, message: str, headers: Any = None) -> Response:
    return Response(
        json.dumps({"detail": message}),
        status_code=status,
        media_type="application/json",
        headers=dict(headers or {}),
    )


def _forbidden_for_other_workspaces(meetings: Any, file_hash: str) -> Any:
    if file_hash == FOREIGN:
        raise HTTPException(403, "Forbidden: this meeting belongs to another workspace")
    return meetings.get(file_hash, ref.MISSING)


def _no_hash_validation(values: list[str]) -> str | None:
    return None if values else "file-hash is required"


def _decode_hash(meetings: Any, file_hash: str) -> Any:
    return meetings.get(bytes.fromhex(file_hash).hex(), ref.MISSING)


DEFECTS: dict[str, Defect] = {
    "string-percentage": Defect(
        "shares come from a Decimal column and are serialized as strings (DRF's default)",
        build_app(
            Behaviour(speaker_json=lambda i, s: {"id": i, "meeting_speaking_percentage": str(s)})
        ),
    ),
    "nan-share": Defect(
        "a zero-length meeting aggregates to NaN, and json.dumps writes NaN (allow_nan=True)",
        build_app(dataclasses.replace(_with_meeting([(SOLO, math.nan)]), dumps=json.dumps)),
    ),
    "missing-id": Defect(
        "the serializer followed an ORM rename and emits speaker_id instead of id",
        build_app(
            Behaviour(speaker_json=lambda i, s: {"speaker_id": i, "meeting_speaking_percentage": s})
        ),
    ),
    "share-over-100": Defect(
        "crosstalk is credited twice, so a solo speaker gets 104.5",
        build_app(_with_meeting([(SOLO, 104.5)])),
    ),
    "negative-share": Defect(
        "the last share is 100 minus the others after rounding up, which goes below zero",
        build_app(_with_meeting([(SOLO, 50.01), (SECOND, 50.01), (THIRD, -0.02)])),
    ),
    "duplicate-ids": Defect(
        "diarization merges two tracks of one speaker but keeps both rows",
        build_app(_with_meeting([(SOLO, 30.0), (SOLO, 20.0), (SECOND, 40.0)])),
    ),
    "sum-above-100": Defect(
        "overlapping speech is counted for both speakers: 60 + 55",
        build_app(_with_meeting([(SOLO, 60.0), (SECOND, 55.0)])),
    ),
    "speakers-null": Defect(
        "a meeting still being processed answers speakers: null instead of 404",
        build_app(_with_meeting(None)),
    ),
    "auth-not-enforced": Defect(
        "the auth middleware was left out of the route: any or no token gets data",
        build_app(Behaviour(authorized=lambda header: True)),
    ),
    "undocumented-403": Defect(
        "a meeting of another workspace gets 403 Forbidden, a status the contract does not declare",
        build_app(Behaviour(lookup=_forbidden_for_other_workspaces)),
    ),
    "403-for-bad-token": Defect(
        "a token the service does not know gets 403 Forbidden instead of 401",
        build_app(Behaviour(rejected_status=lambda header: 403 if header else 401)),
    ),
    "500-on-malformed-hash": Defect(
        "no format check: the hash is hex-decoded for the lookup and non-hex input raises",
        build_app(Behaviour(hash_problem=_no_hash_validation, lookup=_decode_hash)),
    ),
    "404-for-malformed-hash": Defect(
        "no format check: any hash that is not in the database, malformed or not, gets 404",
        build_app(Behaviour(hash_problem=_no_hash_validation)),
    ),
    "problem-json-errors": Defect(
        "errors use the framework's RFC 7807 application/problem+json shape",
        build_app(Behaviour(error=_problem_json)),
    ),
    "detail-errors": Defect(
        'errors are FastAPI-style {"detail": …}, without the contract\'s message',
        build_app(Behaviour(error=_detail_json)),
    ),
    "text-plain-200": Defect(
        "the handler returns the JSON text through a plain-text response (text/plain)",
        build_app(Behaviour(ok=lambda body: Response(body, media_type="text/plain"))),
    ),
}

COMBINED: dict[str, Defect] = {
    "duplicate-ids+403-for-bad-token": Defect(
        "two defects at once: duplicated speaker rows and 403 for an unknown token",
        build_app(
            dataclasses.replace(
                _with_meeting([(SOLO, 30.0), (SOLO, 20.0), (SECOND, 40.0)]),
                rejected_status=lambda header: 403 if header else 401,
            )
        ),
    ),
}
"""Implementations with more than one defect: the report must show each."""
