"""Numbers for the data generator: OAS 3.0 bounds, ``multipleOf`` and the integer formats.

``exclusiveMinimum``/``exclusiveMaximum`` are OAS 3.0 booleans (a 3.1-style number is read too).
``number_ok`` mirrors jsonschema's arithmetic (a float ``multipleOf`` is checked by division),
so a value it accepts, the validator accepts.
"""

from __future__ import annotations

import math
from random import Random
from typing import Any

DEFAULT_SPAN = 1000
"""Width of the range drawn from where the schema sets no (or a huge) range."""
INT_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}


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
        first, last = math.ceil(low), math.floor(high)
        candidates = [rnd.randint(first, last) if first <= last else first]
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
