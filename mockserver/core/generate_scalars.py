"""Strings, numbers and booleans for the data generator, from one seeded ``random.Random``.

Strings honour ``enum`` (in the caller), ``pattern`` (via rstr's seedable Xeger, made
order-stable), ``format``, ``minLength`` and ``maxLength``; numbers honour the OAS 3.0 bounds
(boolean ``exclusiveMinimum``/``exclusiveMaximum``), ``multipleOf`` and the integer formats.
"""

from __future__ import annotations

import base64
import functools
import math
import re
import string
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from random import Random
from typing import Any

from rstr.xeger import Xeger

WORDS = (
    "alpha", "bravo", "delta", "echo", "harbor", "island", "juniper", "kilo", "lima", "meadow",
    "nova", "orbit", "pixel", "quartz", "river", "sierra", "tango", "umbra", "vector", "willow",
)
PATTERN_TRIES = 12
REPEAT_SPAN = 8
"""An unbounded (or wide) repeat in a pattern yields at most this many more than its minimum."""
DEFAULT_SPAN = 1000
INT_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
_PLAIN = string.ascii_letters + string.digits + string.punctuation + " "
_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)


class _StableXeger(Xeger):
    """rstr's Xeger with choices drawn from sorted sequences (rstr builds negated classes and
    ``\\W`` from sets, whose order changes with PYTHONHASHSEED) and short repeats."""

    def __init__(self, rnd: Random) -> None:
        nonword = "".join(sorted(set(_PLAIN) - set(string.ascii_letters + string.digits + "_")))
        super().__init__(rnd, printable=_PLAIN, nonword=nonword)
        self.reach: int | None = None
        """If set, every repeat repeats this often, as far as its bounds allow (to meet
        minLength/maxLength)."""

    def xeger(self, string_or_regex: Any) -> str:
        result = self._build_string(_parsed(str(string_or_regex)))
        self._cache.clear()
        return result

    def _handle_in(self, value: Any) -> Any:
        candidates = [c for i in value for c in self._handle_state(i)]
        if candidates and candidates[0] is False:
            excluded = set(candidates[1:])
            candidates = [c for c in _PLAIN if c not in excluded] or sorted(
                set(string.printable) - excluded)
        return self._random.choice(candidates)

    def _handle_repeat(self, start_range: int, end_range: int, value: Any) -> str:
        if self.reach is None:
            times = self._random.randint(start_range, min(end_range, start_range + REPEAT_SPAN))
        else:
            times = min(max(start_range, self.reach), end_range)
        return "".join("".join(self._handle_state(i) for i in value) for _ in range(times))


@functools.lru_cache(maxsize=512)
def _parsed(pattern: str) -> Any:
    import re._parser as sre_parse  # the parser rstr itself uses

    return sre_parse.parse(pattern)


def _matches(pattern: str, value: str) -> bool:
    try:
        return re.search(pattern, value) is not None
    except re.error:
        return True  # a pattern Python cannot compile is not ours to enforce


def _length_ok(schema: dict[str, Any], value: str) -> bool:
    return (len(value) >= schema.get("minLength", 0)
            and ("maxLength" not in schema or len(value) <= schema["maxLength"]))


def text(rnd: Random, low: int = 0, high: int | None = None) -> str:
    """One to three words, padded or cut to ``low``..``high`` characters."""
    words = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(1, 3)))
    while len(words) < low:
        words += " " + rnd.choice(WORDS)
    if high is not None and len(words) > high:
        words = words[:high].rstrip()
        words += "x" * (low - len(words))
    return words


def _timestamp(rnd: Random) -> datetime:
    return _EPOCH + timedelta(seconds=rnd.randrange(10 * 365 * 86400))


def _ipv6(rnd: Random) -> str:
    return ":".join(f"{rnd.getrandbits(16):x}" for _ in range(8))


FORMATS: dict[str, Callable[[Random], str]] = {
    "uuid": lambda rnd: str(uuid.UUID(int=rnd.getrandbits(128), version=4)),
    "date": lambda rnd: _timestamp(rnd).date().isoformat(),
    "date-time": lambda rnd: _timestamp(rnd).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "time": lambda rnd: _timestamp(rnd).strftime("%H:%M:%SZ"),
    "email": lambda rnd: f"{rnd.choice(WORDS)}.{rnd.choice(WORDS)}@example.com",
    "hostname": lambda rnd: f"{rnd.choice(WORDS)}.example.com",
    "ipv4": lambda rnd: ".".join(str(rnd.randint(1, 254)) for _ in range(4)),
    "ipv6": _ipv6,
    "byte": lambda rnd: base64.b64encode(rnd.randbytes(rnd.randint(3, 12))).decode(),
    "binary": lambda rnd: base64.b64encode(rnd.randbytes(rnd.randint(3, 12))).decode(),
    "password": lambda rnd: "".join(rnd.choice(string.ascii_letters + string.digits)
                                    for _ in range(12)),
}
for _uri in ("uri", "url", "uri-reference", "iri"):
    FORMATS[_uri] = lambda rnd: f"https://example.com/{rnd.choice(WORDS)}/{rnd.choice(WORDS)}"


def generate_string(rnd: Random, schema: dict[str, Any], patterns: list[str]) -> str:
    """A string matching every pattern, the format and the length bounds (best effort)."""
    if patterns:
        return _from_patterns(rnd, schema, patterns)
    make = FORMATS.get(str(schema.get("format")))
    if make is not None:
        value = make(rnd)
        if _length_ok(schema, value):
            return value
    return text(rnd, schema.get("minLength", 0), schema.get("maxLength"))


def _from_patterns(rnd: Random, schema: dict[str, Any], patterns: list[str]) -> str:
    xeger = _StableXeger(rnd)
    candidate = ""
    least, most = schema.get("minLength", 0), schema.get("maxLength")
    low, high = 0, max(least, 1) * 2 if most is None else most
    for _ in range(PATTERN_TRIES):
        try:
            candidate = xeger.xeger(patterns[0])
        except Exception:  # rstr raises on regex features it does not know
            break
        if len(candidate) < least:  # bisect the repeat count between low and high
            low = 0 if xeger.reach is None else xeger.reach + 1
            high = max(high, low)
        elif most is not None and len(candidate) > most:
            high = max(low, (most if xeger.reach is None else xeger.reach) - 1)
        elif all(_matches(p, candidate) for p in patterns):
            return candidate
        else:
            continue
        xeger.reach = (low + high + 1) // 2 if xeger.reach is not None or low else least
    for fallback in (schema.get("example"), schema.get("default")):
        if (isinstance(fallback, str) and _length_ok(schema, fallback)
                and all(_matches(p, fallback) for p in patterns)):
            return fallback
    return candidate


def _bounds(schema: dict[str, Any]) -> tuple[float | None, bool, float | None, bool]:
    low, high = schema.get("minimum"), schema.get("maximum")
    low_ex, high_ex = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    if not isinstance(low_ex, bool) and isinstance(low_ex, (int, float)):  # 3.1 style
        low, low_ex = low_ex, True
    if not isinstance(high_ex, bool) and isinstance(high_ex, (int, float)):
        high, high_ex = high_ex, True
    return low, bool(low_ex), high, bool(high_ex)


def number_ok(schema: dict[str, Any], value: float) -> bool:
    """``value`` within the schema's bounds and a multiple of ``multipleOf`` (as jsonschema
    computes it)."""
    low, low_ex, high, high_ex = _bounds(schema)
    if low is not None and (value < low or (low_ex and value == low)):
        return False
    if high is not None and (value > high or (high_ex and value == high)):
        return False
    step = schema.get("multipleOf")
    if isinstance(step, float):
        quotient = value / step
        return math.isfinite(quotient) and int(quotient) == quotient
    if isinstance(step, int) and step:
        return not value % step
    return True


def _range(schema: dict[str, Any]) -> tuple[float, float]:
    """Where to draw from: the declared bounds, one-sided or huge ranges narrowed near 0."""
    declared_low, _, declared_high, _ = _bounds(schema)
    if declared_low is None:
        high = DEFAULT_SPAN if declared_high is None else declared_high
        low = 0 if high > 0 else high - DEFAULT_SPAN
    elif declared_high is None:
        low, high = declared_low, max(declared_low, 0) + DEFAULT_SPAN
    else:
        low, high = declared_low, declared_high
        if high - low > 10**6 and low <= 0 < high:
            low, high = 0, min(high, DEFAULT_SPAN)
        elif high - low > 10**6:
            high = low + DEFAULT_SPAN
    floor, ceiling = INT_RANGES.get(str(schema.get("format")), (low, high))
    return max(low, floor), min(high, ceiling)


def generate_number(rnd: Random, schema: dict[str, Any], integer: bool) -> int | float:
    """An integer or a float (two decimals where possible) the schema accepts."""
    low, high = _range(schema)
    step = schema.get("multipleOf")
    if isinstance(step, (int, float)) and not isinstance(step, bool) and step > 0:
        candidates = _multiples(rnd, low, high, step)
    elif integer:
        candidates = [rnd.randint(math.ceil(low), math.floor(high)) if low <= high else 0]
        candidates += [math.ceil(low) + 1, math.floor(high) - 1]
    else:
        raw = rnd.uniform(low, high)
        candidates = [round(raw, 2), raw, (low + high) / 2]
    for value in candidates:
        value = int(value) if integer and float(value).is_integer() else value
        if (not integer or isinstance(value, int)) and number_ok(schema, value):
            return value if integer else float(value)
    return int(candidates[0]) if integer else float(candidates[0])


def _multiples(rnd: Random, low: float, high: float, step: float) -> list[float]:
    first, last = math.ceil(low / step), math.floor(high / step)
    if first > last:
        return [first * step]
    picks = [rnd.randint(first, last) for _ in range(4)] + [first, last, first + 1, last - 1]
    decimals = max(0, -math.floor(math.log10(step))) + 2 if isinstance(step, float) else 0
    return [round(k * step, decimals) if decimals else k * step for k in picks]


def quantum(schema: dict[str, Any], integer: bool) -> float:
    """The step in which a generated number of this schema moves: multipleOf, 1 or 0.01."""
    step = schema.get("multipleOf")
    if isinstance(step, (int, float)) and not isinstance(step, bool) and step > 0:
        return step
    return 1 if integer else 0.01
