"""Connexion is handed the document ``core.spec.load_spec`` already checked, and does not spend
seconds checking it again.

Connexion 3.3 validates every document it is given against its OpenAPI 3.0 meta-schema with
the pure-Python ``jsonschema``, checking each ``default`` against the schema it sits in: 6-13 s
on GitHub's document, after our own load has run openapi-spec-validator and ``core.defaults``.
``CheckedSpecification`` keeps Connexion's verdict and words while skipping that cost: its meta-
schema is checked with jsonschema-rs, and every ``default`` of the document (a superset of those
Connexion checks) with the very validator Connexion uses; only if either finds something does
Connexion's own check run, so a document it refuses is refused as before, with its error.

Connexion's ``add_api`` only builds a ``Specification`` from a dict, path or URL, always its own
class; ``CheckedMiddleware`` is the ``ConnexionMiddleware`` that also takes a ready one (all of
Connexion's options still apply, as in ``add_api``). ``connexion_app`` wraps Connexion's own
``AsyncASGIApp`` with it, which is what ``connexion.AsyncApp`` does.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from connexion.apps.asynchronous import AsyncASGIApp
from connexion.json_schema import NullableTypeValidator
from connexion.middleware import ConnexionMiddleware
from connexion.middleware.main import API
from connexion.spec import OpenAPISpecification, Specification

from mockserver.core.schemas import valid_as_json

__all__ = ["CheckedMiddleware", "CheckedSpecification", "connexion_app"]


class CheckedSpecification(OpenAPISpecification):  # type: ignore[misc]
    """Connexion's ``Specification`` of an OpenAPI 3.0 document, built from a dict as its
    ``Specification.from_dict`` does (keys as strings), checked the fast way above."""

    def __init__(self, raw_spec: dict[str, Any], *, base_uri: str = "") -> None:
        super().__init__(_string_keys(raw_spec), base_uri=base_uri)

    @classmethod
    def _validate_spec(cls, spec: dict[str, Any]) -> None:
        if not (_meta_schema_valid()(spec) and _defaults_valid(spec)):
            super()._validate_spec(spec)  # Connexion's own verdict, in its own words


def _string_keys(node: Any) -> Any:
    """As Connexion's ``from_dict`` does: YAML's integer keys (``200:``) become strings; like
    it, lists are left as they are."""
    if isinstance(node, dict):
        return {str(key): _string_keys(value) for key, value in node.items()}
    return node


@functools.cache
def _meta_schema_valid() -> Callable[[Any], bool]:
    """``is_valid`` of Connexion's meta-schema in jsonschema-rs (draft 4, as Connexion reads
    it); "not valid" for a document jsonschema-rs cannot read (a YAML date is no JSON)."""
    import jsonschema_rs

    validator = jsonschema_rs.Draft4Validator(OpenAPISpecification.openapi_schema)

    return functools.partial(valid_as_json, validator.is_valid)


def _defaults_valid(document: dict[str, Any]) -> bool:
    """Whether every mapping holding a ``default`` accepts it as a schema would, validated as
    Connexion validates a schema's default (draft 4, ``nullable``); "no" if one cannot even be
    read as a schema. Connexion checks only the schemas among these mappings."""
    from jsonschema import Draft4Validator
    from jsonschema.validators import extend

    validator = extend(Draft4Validator, {"type": NullableTypeValidator})(document)
    try:
        return all(validator.evolve(schema=node).is_valid(node["default"])
                   for node in _with_default(document))
    except Exception:  # a mapping that is no schema at all: let Connexion judge it
        return False


def _with_default(node: Any) -> Any:
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "default" in node:
                yield node
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


class CheckedMiddleware(ConnexionMiddleware):  # type: ignore[misc]
    """``ConnexionMiddleware`` whose ``add_api`` also takes a ready ``Specification``, and
    whose middleware stack can be built before the first request (``build``)."""

    app: Any
    middleware_stack: Any

    def add_api(self, specification: Any, *, base_path: str | None = None,
                name: str | None = None, **options: Any) -> None:
        if not isinstance(specification, Specification):
            super().add_api(specification, base_path=base_path, name=name, **options)
            return
        if self.middleware_stack is not None:
            raise RuntimeError("Cannot add api after an application has started")
        arguments = self.options.replace(**options)
        self.apis.append(API(specification, base_path=base_path, name=name,
                             **arguments.__dict__))


    def build(self) -> None:
        """Build the middleware stack now, exactly as Connexion's ``__call__`` does on the first
        request (each middleware takes every operation: ~0.4 s on GitHub's document), so that a
        start pays it before serving, while the preload helper may still be checking."""
        if self.middleware_stack is None:
            self.app, self.middleware_stack = self._build_middleware_stack()


def connexion_app(**options: Any) -> CheckedMiddleware:
    """What ``connexion.AsyncApp(import_name, **options)`` builds, with ``CheckedMiddleware``."""
    return CheckedMiddleware(AsyncASGIApp(), **options)
