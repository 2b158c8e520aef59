"""openapi-spec-validator's OpenAPI 3.0 checks, the same findings in a fraction of the time.

Two costs of openapi-spec-validator 0.9.0 grow with the size of the document (GitHub's: 1,078
operations, ~3,000 schemas), and both are taken away through its own extension point (the
``keyword_validators`` a ``SpecValidator`` subclass declares), never by patching it:

- its schema walker remembers which schemas it has seen in *lists* (``id(schema) in list``),
  so every schema visit scans all earlier ones: quadratic, 60% of the time on GitHub. Here
  they are sets, with the same ``append``/``in`` its walker uses: the same visits, in order.
- it checks every schema against the JSON Schema draft 4 meta-schema with the pure-Python
  ``jsonschema``, building a validator each time: half of what is left. Here jsonschema-rs
  (already installed: Schemathesis depends on it) answers "valid" first, with the same
  ``regex`` format check; only a schema it finds wrong, or cannot read (a YAML date), goes
  through openapi-spec-validator's own check, so every finding keeps its exact message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, cast

from openapi_schema_validator import OAS30Validator
from openapi_schema_validator._format import is_regex
from openapi_spec_validator import OpenAPIV30SpecValidator
from openapi_spec_validator.schemas import openapi_v30_schema_validator, schema_v30
from openapi_spec_validator.schemas.backend.jsonschema import create_validator
from openapi_spec_validator.validation.keywords import OpenAPIV30SchemaValidator
from openapi_spec_validator.validation.registries import KeywordValidatorRegistry

from mockserver.core.schemas import valid_as_json

__all__ = ["FastOpenAPIV30SpecValidator"]


class _Seen(set[int]):
    """A set answering ``append`` as openapi-spec-validator's lists do: O(1) membership."""

    def append(self, item: int) -> None:
        self.add(item)


def _rust_meta_check() -> Callable[[Any], bool] | None:
    """``is_valid`` of the draft 4 meta-schema (as openapi-schema-validator checks schemas),
    in jsonschema-rs; None where it is not installed."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - Schemathesis requires it
        return None
    validator = jsonschema_rs.Draft4Validator(
        OAS30Validator.META_SCHEMA, formats={"regex": is_regex}, validate_formats=True)
    return validator.is_valid


class _SchemaValidator(OpenAPIV30SchemaValidator):
    _fast_valid: Callable[[Any], bool] | None = None

    def __init__(self, registry: KeywordValidatorRegistry) -> None:
        super().__init__(registry)
        # Its walker only asks ``in`` and ``append`` of these lists.
        self.visited_schema_ids = cast("list[int]", _Seen())
        self.meta_checked_schema_ids = cast("list[int]", _Seen())
        self._fast_valid = _rust_meta_check()

    def _get_schema_checker(self, schema: Any, schema_value: Any) -> Callable[[Any], None]:
        slow: Callable[[Any], None] = super()._get_schema_checker(schema, schema_value)
        fast = self._fast_valid
        if fast is None:
            return slow

        def check(value: Any) -> None:
            if not valid_as_json(fast, value):
                slow(value)  # raises the finding, worded as openapi-spec-validator words it

        return check


class _DocumentCheck:
    """openapi-spec-validator's whole-document check against the OpenAPI 3.0 meta-schema. Its
    own picks jsonschema-rs when installed, which raises on a value JSON cannot hold (an
    unquoted YAML date) wherever it reports a finding; such a document is checked with its
    pure-Python backend instead, so the finding is reported, never a traceback."""

    def iter_errors(self, instance: Any) -> Iterator[Any]:
        try:
            errors = list(openapi_v30_schema_validator.iter_errors(instance))
        except (ValueError, TypeError, OverflowError):
            errors = list(create_validator(schema_v30).iter_errors(instance))
        yield from errors


class FastOpenAPIV30SpecValidator(OpenAPIV30SpecValidator):
    """``OpenAPIV30SpecValidator`` with the two costs above removed, and YAML dates beside a
    finding reported rather than raised; the same findings."""

    schema_validator = _DocumentCheck()

    keyword_validators = {**OpenAPIV30SpecValidator.keyword_validators,
                          "schema": _SchemaValidator}
