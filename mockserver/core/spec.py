"""Load the OpenAPI document once; index its operations, parameters and declared responses.

Status keys are always strings ("200"), whatever YAML made of them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from mockserver.core import spec_cache, spec_yaml
from mockserver.core.defaults import HTTP_METHODS, set_aside, without
from mockserver.core.errors import ConfigError, Problem
from mockserver.core.untyped import relaxed

__all__ = ["HTTP_METHODS"]  # re-exported: callers read the methods from the spec module



@dataclasses.dataclass(frozen=True)
class Parameter:
    name: str
    location: str
    required: bool
    schema: dict[str, Any]
    description: str
    style: str = ""
    """As declared, or the location's default (form for query/cookie, simple for path/header)."""
    explode: bool = False
    allow_empty: bool = False
    """``allowEmptyValue`` (query only)."""


@dataclasses.dataclass(frozen=True)
class DeclaredResponse:
    status: str
    """"200", "4XX" or "default": always a string."""
    description: str
    schema: dict[str, Any] | None
    """The JSON schema of its JSON media type (``application/json`` or ``*+json``), if any."""
    examples: dict[str, Any]
    """Named examples; a lone ``example`` is stored under the name ``"default"``."""
    headers: tuple[str, ...]
    header_schemas: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)
    """Declared response header -> its schema (dereferenced)."""
    required_headers: tuple[str, ...] = ()
    media_types: tuple[str, ...] = ()
    """Every media type of ``content``, as declared (empty: a response without a body)."""


@dataclasses.dataclass(frozen=True)
class RequestBody:
    required: bool
    media_types: tuple[str, ...]
    schema: dict[str, Any] | None
    """The JSON schema of its JSON media type, if it declares one."""
    examples: dict[str, Any] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    path: str
    parameters: tuple[Parameter, ...]
    responses: dict[str, DeclaredResponse]
    request_body: RequestBody | None = None
    security: tuple[dict[str, list[str]], ...] = ()
    """The effective security requirements (the operation's, else the document's); empty: none.
    A requirement ``{}`` among them means anonymous access is allowed."""

    def query_parameters(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "query")

    def parameters_in(self, location: str) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == location)

    def response_for(self, status: int | str) -> DeclaredResponse | None:
        """The response declared for ``status``: exact, then ``4XX``-style range, then
        ``default``."""
        code = str(status)
        return (self.responses.get(code) or self.responses.get(f"{code[:1]}XX")
                or self.responses.get("default"))


@dataclasses.dataclass(frozen=True)
class Spec:
    path: Path
    raw: dict[str, Any]
    """The document as loaded (refs intact), handed to Connexion. (Its text is not kept: 8.5 MB
    for GitHub's, in every process the catalog is handed to.)"""
    operations: dict[str, Operation]
    """Every operation served: the document's, less those set aside."""
    set_aside: dict[tuple[str, str], Problem] = dataclasses.field(default_factory=dict)
    """(path, method) -> why Connexion would refuse that operation: not served, listed."""

    def served_document(self) -> dict[str, Any]:
        """The document for Connexion: ``raw`` without the operations set aside. A new top
        level (Connexion adds ``components`` to the one it is given); the rest is shared, and
        Connexion deep-copies what it keeps. Parameter and form-field schemas Connexion's parser
        cannot read are relaxed there (``core.untyped``); the guard checks them as written."""
        return relaxed(without(self.raw, self.set_aside))

    @functools.cached_property
    def base_path(self) -> str:
        """The path of the first ``servers`` URL (``/v1``), as Connexion serves it; "" if none."""
        servers = self.raw.get("servers") or [{}]
        url = str(servers[0].get("url", "")) if isinstance(servers[0], dict) else ""
        path = urlsplit(url).path if "://" in url else url
        return path.rstrip("/")

    def relative(self, path: str) -> str | None:
        """``path`` as the spec's ``paths`` write it (base path removed); None if outside it."""
        base = self.base_path
        if not base:
            return path
        if path.startswith(base) and (len(path) == len(base) or path[len(base)] == "/"):
            return path[len(base):] or "/"
        return None

    @functools.cached_property
    def _templates(self) -> dict[int, list[tuple[str, re.Pattern[str]]]]:
        """Templates by number of ``/`` (a ``{name}`` matches within one segment), in declared
        order: a request tries only those of its own depth (GitHub: ~100 of 720)."""
        found: dict[int, list[tuple[str, re.Pattern[str]]]] = {}
        for template in self.routes:
            pattern = re.compile(path_pattern(template).pattern)  # kept here, not in the LRU
            found.setdefault(template.count("/"), []).append((template, pattern))
        return found

    @functools.cached_property
    def _by_route(self) -> dict[tuple[str, str], Operation]:
        return {(op.path, op.method.upper()): op for op in self.operations.values()}

    def template_for(self, path: str) -> str | None:
        """The declared path template a served path (base path included) falls under."""
        relative = self.relative(path)
        if relative is None:
            return None
        if relative in self.routes:
            return relative
        candidates = self._templates.get(relative.count("/"), ())
        return next((t for t, pattern in candidates if pattern.fullmatch(relative)), None)

    def declares(self, path: str) -> bool:
        """Whether a served path (base path included) falls under a declared path template."""
        return self.template_for(path) is not None

    def find(self, method: str, path: str) -> tuple[Operation | None, dict[str, str]]:
        """The operation for ``method`` on a served path, and its path parameters' raw values."""
        template = self.template_for(path)
        relative = self.relative(path)
        op = self._by_route.get((template or "", method.upper()))
        if op is None or template is None or relative is None:
            return None, {}
        return op, path_values(template, relative)

    @functools.cached_property
    def served_routes(self) -> dict[str, list[str]]:
        """Like ``routes``, with the ``servers`` base path in front, as clients call them."""
        return {self.base_path + path: methods for path, methods in self.routes.items()}

    @functools.cached_property
    def routes(self) -> dict[str, list[str]]:
        """Path -> upper-case methods, as declared. Computed once: the latency layer asks for
        every request."""
        routes: dict[str, list[str]] = {}
        for op in self.operations.values():
            routes.setdefault(op.path, []).append(op.method.upper())
        return routes


@functools.lru_cache(maxsize=256)
def path_pattern(template: str) -> re.Pattern[str]:
    """A path template as a regex: each ``{name}`` matches one non-empty segment (a group)."""
    parts = re.split(r"(\{[^}/]+\})", template)
    return re.compile("".join("([^/]+)" if p.startswith("{") else re.escape(p) for p in parts))


def path_values(template: str, path: str) -> dict[str, str]:
    """The raw (percent-decoded) value of each ``{name}`` of ``template`` in ``path``."""
    match = path_pattern(template).fullmatch(path)
    if match is None:
        return {}
    names = re.findall(r"\{([^}/]+)\}", template)
    return dict(zip(names, match.groups(), strict=True))


def parse_document(path: Path) -> tuple[str, dict[str, Any]]:
    text = read_document(path)
    return text, parse_text(path, text)


def read_document(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([Problem(str(path), "$", "readable", str(exc))]) from exc


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a document is built: parsing creates no cycles, but
    each of the millions of new objects counts towards a collection that walks all the others
    (GitHub's document: 4.8 s with, 1.8 s without)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parse_text(path: Path, text: str) -> dict[str, Any]:
    try:
        with _gc_paused():
            doc = json.loads(text) if path.suffix == ".json" else spec_yaml.load(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise ConfigError([Problem(str(path), "$", "syntax", str(exc))]) from exc
    if not isinstance(doc, dict):
        raise ConfigError([Problem(str(path), "$", "type", "the document must be a mapping")])
    return doc


def validate_document(path: Path, doc: dict[str, Any]) -> list[Problem]:
    """openapi-spec-validator's findings, every one of them, as Problems."""
    if str(doc.get("openapi", "")).startswith("3.1"):
        return [
            Problem(
                str(path), "$.openapi", "version",
                "OpenAPI 3.1 is not supported by Connexion 3.3; write the document as 3.0.3",
            )
        ]
    # Imported here: it costs ~0.1 s and MBs that a serving process, whose spec was checked by a
    # helper process (mockserver.mock.preload), never needs.
    from mockserver.core.spec_validator import FastOpenAPIV30SpecValidator

    problems = []
    for err in FastOpenAPIV30SpecValidator(doc).iter_errors():
        where = "$" + "".join(f"[{p!r}]" if isinstance(p, int) else f".{p}" for p in err.path)
        problems.append(Problem(str(path), where, f"openapi:{err.validator}", err.message))
    return problems


def load_spec(path: Path, *, passed: bool = False) -> Spec:
    """Parse, validate and index the spec. Raises ConfigError listing every problem.

    ``passed``: these bytes passed openapi-spec-validator before (``core.verdicts``); skip it."""
    text = read_document(path)

    def check() -> tuple[dict[str, Any], list[Problem]]:
        doc = parse_text(path, text)
        return doc, [] if passed else validate_document(path, doc)

    doc, problems = spec_cache.cached(path, text, check)
    if problems:
        raise ConfigError(problems)
    return index_document(path, doc)


def index_document(path: Path, doc: dict[str, Any]) -> Spec:
    """Index a parsed document whose openapi-spec-validator findings are none (or, in
    ``mock.preload``, not known yet). Raises ConfigError for a problem that refuses it whole."""
    fatal, aside = set_aside(path, doc)
    if fatal:
        raise ConfigError(fatal)
    return Spec(path=path, raw=doc, operations=_index_operations(without(doc, aside)),
                set_aside=aside)


def deref(node: Any, root: dict[str, Any]) -> Any:
    """``node`` with every local ``$ref`` replaced by its target; see ``Dereferencer``."""
    return Dereferencer(root)(node)


class Dereferencer:
    """Replaces local ``$ref``s by their targets, each target resolved once and shared by
    every use (copying at every use takes Stripe's document past 8 GB). A schema that contains
    itself becomes a cyclic object, as JSON Schema means it: walk such schemas along a value
    (validation, generation, rules) or with a depth limit, never exhaustively.

    The results share objects: treat them as read-only and copy before changing one."""

    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self._done: dict[str, Any] = {}

    def __call__(self, node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/"):
                return self._resolve(ref)
            return {k: self(v) for k, v in node.items()}
        if isinstance(node, list):
            return [self(v) for v in node]
        return node

    def _resolve(self, ref: str) -> Any:
        if ref in self._done:
            return self._done[ref]
        target: Any = self.root
        for part in ref[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        if not isinstance(target, dict):
            self._done[ref] = self(target)
            return self._done[ref]
        resolved: dict[str, Any] = {}
        self._done[ref] = resolved  # before walking: a use inside the target finds it
        resolved.update(self(target))
        return resolved


def _index_operations(doc: dict[str, Any]) -> dict[str, Operation]:
    operations: dict[str, Operation] = {}
    default_security = tuple(doc.get("security") or ())
    for path, item in Dereferencer(doc)(doc.get("paths", {})).items():
        shared = item.get("parameters", [])
        for method in HTTP_METHODS:
            op = item.get(method)
            if not isinstance(op, dict) or "operationId" not in op:
                continue
            params = _merge_parameters(shared, op.get("parameters", []))
            responses = {
                str(status): _declared_response(str(status), resp)
                for status, resp in op.get("responses", {}).items()
            }
            security = tuple(op["security"]) if "security" in op else default_security
            operations[op["operationId"]] = Operation(
                op["operationId"], method, path, params, responses,
                _request_body(op.get("requestBody")), security,
            )
    return operations


def json_media(content: dict[str, Any]) -> dict[str, Any]:
    """The media type object of ``application/json`` or else the first ``*/*+json``; {}."""
    if "application/json" in content:
        media: dict[str, Any] = content["application/json"] or {}
        return media
    for name, media in content.items():
        if name.split(";")[0].strip().endswith("+json"):
            return media or {}
    return {}


def _examples(media: dict[str, Any]) -> dict[str, Any]:
    examples = {name: ex.get("value") for name, ex in (media.get("examples") or {}).items()
                if isinstance(ex, dict) and "value" in ex}
    if "example" in media:
        examples = {"default": media["example"], **examples}
    return examples


def _request_body(body: Any) -> RequestBody | None:
    if not isinstance(body, dict):
        return None
    content = body.get("content") or {}
    media = json_media(content)
    return RequestBody(required=bool(body.get("required", False)),
                       media_types=tuple(content), schema=media.get("schema"),
                       examples=_examples(media))


def _merge_parameters(shared: list[Any], own: list[Any]) -> tuple[Parameter, ...]:
    merged = {(p["name"], p["in"]): p for p in [*shared, *own]}
    return tuple(_parameter(p) for p in merged.values())


def _parameter(p: dict[str, Any]) -> Parameter:
    style = p.get("style") or ("form" if p["in"] in ("query", "cookie") else "simple")
    return Parameter(
        name=p["name"],
        location=p["in"],
        required=bool(p.get("required", False)),
        schema=p.get("schema", {}),
        description=p.get("description", ""),
        style=style,
        explode=bool(p.get("explode", style == "form")),
        allow_empty=bool(p.get("allowEmptyValue", False)),
    )


def _declared_response(status: str, resp: dict[str, Any]) -> DeclaredResponse:
    content = resp.get("content") or {}
    media = json_media(content)
    headers = {name: h for name, h in (resp.get("headers") or {}).items() if isinstance(h, dict)}
    return DeclaredResponse(
        status=status,
        description=resp.get("description", ""),
        schema=media.get("schema"),
        examples=_examples(media),
        headers=tuple(headers),
        header_schemas={name: h.get("schema") or {} for name, h in headers.items()},
        required_headers=tuple(name for name, h in headers.items() if h.get("required")),
        media_types=tuple(content),
    )
