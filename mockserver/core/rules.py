"""Semantic rules of the contract that JSON Schema cannot express.

Shared by fixture loading, the validating proxy and the contract checks, so the three never
disagree. Each rule takes a decoded 2xx body and returns ``(json_path, message)`` findings.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from typing import Any

SUM_TOLERANCE = 0.01
MAX_SUM = 100.0 + SUM_TOLERANCE

Finding = tuple[str, str]


@dataclasses.dataclass(frozen=True)
class Rule:
    name: str
    clause: str
    """The spec clause the rule enforces, quoted in every report."""
    check: Callable[[Any], list[Finding]]


def _speakers(body: Any) -> list[Any]:
    speakers = body.get("speakers") if isinstance(body, dict) else None
    return list(speakers) if isinstance(speakers, list) else []


def unique_speaker_ids(body: Any) -> list[Finding]:
    seen: dict[str, int] = {}
    findings = []
    for index, speaker in enumerate(_speakers(body)):
        speaker_id = speaker.get("id") if isinstance(speaker, dict) else None
        if not isinstance(speaker_id, str):
            continue
        if speaker_id in seen:
            findings.append(
                (
                    f"$.speakers[{index}].id",
                    f"id {speaker_id!r} is also the id of speakers[{seen[speaker_id]}]",
                )
            )
        else:
            seen[speaker_id] = index
    return findings


def shares_sum_at_most_100(body: Any) -> list[Finding]:
    shares = [
        s["meeting_speaking_percentage"]
        for s in _speakers(body)
        if isinstance(s, dict)
        and isinstance(s.get("meeting_speaking_percentage"), (int, float))
        and not isinstance(s.get("meeting_speaking_percentage"), bool)
    ]
    total = math.fsum(shares)
    if total > MAX_SUM:
        return [
            (
                "$.speakers",
                f"meeting_speaking_percentage values sum to {round(total, 6)}, "
                f"more than {MAX_SUM} (100 plus {SUM_TOLERANCE} for rounding)",
            )
        ]
    return []


UNIQUE_IDS = Rule(
    "unique-speaker-ids",
    "SpeakersBalance: speaker ids are unique within a meeting",
    unique_speaker_ids,
)
SUM_AT_MOST_100 = Rule(
    "shares-sum-at-most-100",
    "SpeakersBalance: meeting_speaking_percentage values sum to at most 100 (+0.01 rounding)",
    shares_sum_at_most_100,
)

# operationId -> rules applied to its 2xx bodies.
RULES: dict[str, tuple[Rule, ...]] = {"getSpeakersBalance": (UNIQUE_IDS, SUM_AT_MOST_100)}


def check_body(operation_id: str, body: Any) -> list[tuple[Rule, str, str]]:
    """Every semantic finding for a 2xx body: (rule, json_path, message)."""
    return [
        (rule, path, message)
        for rule in RULES.get(operation_id, ())
        for path, message in rule.check(body)
    ]
