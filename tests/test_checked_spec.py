"""Connexion's verdict on a document is the same whether it checks it itself or we check it
first the fast way; a sound document skips Connexion's slow check."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import yaml
from connexion.spec import OpenAPISpecification

from mockserver.mock import checked_spec
from mockserver.mock.checked_spec import CheckedSpecification
from tests.support import ROOT


def petstore() -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load((ROOT / "tests/specs/petstore.yaml").read_text())
    return doc


def _server_default_outside_enum(doc: dict[str, Any]) -> None:
    doc["servers"] = [{"url": "/{v}", "variables": {"v": {"default": "x", "enum": ["a"]}}}]


def _schema_default_breaks_schema(doc: dict[str, Any]) -> None:
    doc["components"]["schemas"]["Pet"]["properties"]["tag"]["default"] = 5


def _operation_without_responses(doc: dict[str, Any]) -> None:
    del doc["paths"]["/pets"]["get"]["responses"]


def _yaml_date_example(doc: dict[str, Any]) -> None:
    doc["components"]["schemas"]["Pet"]["properties"]["tag"]["example"] = dt.date(2020, 1, 1)


def _nullable_default_none(doc: dict[str, Any]) -> None:
    tag = doc["components"]["schemas"]["Pet"]["properties"]["tag"]
    tag.update(nullable=True, default=None)


def _integer_status_keys(doc: dict[str, Any]) -> None:
    responses = doc["paths"]["/pets"]["get"]["responses"]
    responses[200] = responses.pop("200")


EDITS: list[Any] = [
    pytest.param(lambda doc: None, id="sound"),
    pytest.param(_server_default_outside_enum, id="server-variable-default-outside-enum"),
    pytest.param(_schema_default_breaks_schema, id="schema-default-breaks-schema"),
    pytest.param(_operation_without_responses, id="operation-without-responses"),
    pytest.param(_yaml_date_example, id="yaml-date-example"),
    pytest.param(_nullable_default_none, id="nullable-default-none"),
    pytest.param(_integer_status_keys, id="integer-status-keys"),
]


def verdict(build: Callable[[dict[str, Any]], object], doc: dict[str, Any]) -> str:
    try:
        build(copy.deepcopy(doc))
    except Exception as exc:  # the verdict is the exception, whatever it is
        return f"{type(exc).__name__}: {exc}"
    return "accepted"


@pytest.mark.parametrize("edit", EDITS)
def test_connexion_judges_as_it_would_alone(edit: Callable[[dict[str, Any]], None]) -> None:
    doc = petstore()
    edit(doc)
    alone = verdict(OpenAPISpecification.from_dict, doc)
    assert verdict(CheckedSpecification, doc) == alone


@pytest.mark.parametrize("edit", [_server_default_outside_enum, _schema_default_breaks_schema,
                                  _operation_without_responses])
def test_the_fast_check_finds_what_connexion_refuses(edit: Callable[[dict[str, Any]], None]
                                                     ) -> None:
    doc = petstore()
    edit(doc)
    fast_ok = (checked_spec._meta_schema_valid()(doc)
               and checked_spec._defaults_valid(doc))
    assert not fast_ok


def test_a_sound_document_skips_connexions_own_check(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(spec: object) -> None:
        raise AssertionError("Connexion's own check ran")

    monkeypatch.setattr(OpenAPISpecification, "_validate_spec", classmethod(
        lambda cls, spec: refuse(spec)))
    spec = CheckedSpecification(petstore())
    assert "/pets" in spec["paths"] and "200" in spec["paths"]["/pets"]["get"]["responses"]


def test_connexions_surface_is_what_checked_spec_relies_on() -> None:
    """On a Connexion upgrade, re-check mock/checked_spec.py if this fails: it overrides
    ``Specification._validate_spec`` (called by ``__init__``) and builds ``API`` objects as
    ``ConnexionMiddleware.add_api`` does, with ``options.replace``."""
    import inspect

    from connexion.middleware import ConnexionMiddleware
    from connexion.middleware.main import API
    from connexion.spec import Specification

    assert "self._validate_spec(raw_spec)" in inspect.getsource(Specification.__init__)
    add_api = inspect.getsource(ConnexionMiddleware.add_api)
    assert "self.options.replace(" in add_api and "self.apis.append(api)" in add_api
    assert list(inspect.signature(API).parameters)[:2] == ["specification", "base_path"]
