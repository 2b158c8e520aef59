"""Strings for the data generator: ``pattern``, ``format``, ``minLength``, ``maxLength``.

Patterns go through rstr's Xeger, which takes our seeded ``random.Random``; a subclass draws
from sorted sequences (rstr builds negated classes and ``\\W`` from sets, whose order changes
with PYTHONHASHSEED), keeps repeats short and bisects them towards the length bounds. A pattern
no try satisfies falls back to the schema's ``example``/``default`` if they match, else the
last try is returned (invalid: the one case the caller cannot rely on).
"""

from __future__ import annotations

import base64
import functools
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


def string_ok(schema: dict[str, Any], value: str) -> bool:
    """``value`` meets the schema's length bounds and every pattern (not its format)."""
    return _length_ok(schema, value) and all(_matches(p, value) for p in schema["_patterns"])


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
    fmt = str(schema.get("format"))
    if fmt in FORMATS:
        value = FORMATS[fmt](rnd)
        short = schema.get("minLength", 0) - len(value)
        if short > 0 and fmt in _LENGTHEN:
            value = _LENGTHEN[fmt](value, short)
        if _length_ok(schema, value):
            return value
    return text(rnd, schema.get("minLength", 0), schema.get("maxLength"))


def _longer_hostname(value: str, short: int) -> str:
    first, rest = value.split(".", 1)
    grow = min(short, 63 - len(first))
    first, short = first + "x" * grow, short - grow
    labels = []
    while short > 0:
        labels.append("x" * max(1, min(62, short - 1)))
        short -= len(labels[-1]) + 1
    return ".".join([*labels, first, rest])


def _longer_base64(value: str, short: int) -> str:
    data = base64.b64decode(value)
    wanted = 3 * -(-(len(value) + short) // 4)  # bytes whose encoding is long enough
    return base64.b64encode(data + bytes(wanted - len(data))).decode()


_LENGTHEN: dict[str, Callable[[str, int], str]] = {
    "email": lambda value, short: value.replace("@", "x" * short + "@", 1),
    "hostname": _longer_hostname,
    "password": lambda value, short: value + "x" * short,
    "byte": _longer_base64,
    "binary": _longer_base64,
    **{name: (lambda value, short: value + "x" * short)
       for name in ("uri", "url", "uri-reference", "iri")},
}
"""Formats whose values can grow to meet ``minLength`` and stay valid."""


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
