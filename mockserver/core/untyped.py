"""Parameter and form-field schemas Connexion 3.3 cannot parse, relaxed in the copy it is given.

Connexion's URI and form parsers read ``schema["type"]`` (``uri_parsing.resolve_params`` and
``resolve_form``), ``schema["items"]["type"]`` of an array and ``["type"]`` of each property of
an object (``utils.coerce_type``): a schema that leaves ``type`` out (Stripe's
``anyOf: [{type: object, …}, {type: integer}]`` for ``created``, ``anyOf`` form fields on most of
its POSTs) is a ``KeyError``, so a 500 for every request that sends that value. The document is
valid OpenAPI; the gap is Connexion's.

Its form parser also reads no ``deepObject`` field (``components[buy_button][enabled]=true``
stays a key of its own), so a form field encoded ``style: deepObject`` is never present to it, and
a required one refuses every valid request (Stripe's ``POST /v1/customer_sessions``).

So the document handed to Connexion has each such schema replaced by ``{}`` (anything; a
deepObject form field is also no longer ``required`` there), and the
spec as written still decides: the request guard checks every parameter against its declared
schema before Connexion sees it (``core.params`` reads ``anyOf``/``oneOf`` branches), and the
handler answers from the guard's values, never from Connexion's parse. Only the copy changes:
``Spec.raw`` and the served ``/openapi.json`` keep the document as written.
"""

from __future__ import annotations

from typing import Any

from mockserver.core.defaults import HTTP_METHODS

FORM_MEDIA = ("application/x-www-form-urlencoded", "multipart/form-data")
_DEPTH = 8


def relaxed(doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` with unparseable parameter and form-field schemas relaxed to ``{}``; a new top
    level, ``paths`` and changed path items and operations, everything else shared."""
    paths = dict(doc.get("paths") or {})
    for path, item in paths.items():
        if isinstance(item, dict):
            paths[path] = _item(doc, item)
    return {**doc, "paths": paths}


def _item(doc: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    new = {**item, "parameters": _parameters(doc, item.get("parameters"))}
    if "parameters" not in item:
        del new["parameters"]
    for method in HTTP_METHODS:
        op = item.get(method)
        if isinstance(op, dict):
            new[method] = {**op, "parameters": _parameters(doc, op.get("parameters"))}
            if "parameters" not in op:
                del new[method]["parameters"]
            if "requestBody" in op:
                new[method]["requestBody"] = _body(doc, op["requestBody"])
    return new


def _parameters(doc: dict[str, Any], params: Any) -> Any:
    if not isinstance(params, list):
        return params
    relaxed_params = []
    for param in params:
        target = _resolved(doc, param)
        if isinstance(target, dict) and unparseable(doc, target.get("schema")):
            param = {**target, "schema": {}}
        relaxed_params.append(param)
    return relaxed_params


def _body(doc: dict[str, Any], body: Any) -> Any:
    target = _resolved(doc, body)
    content = target.get("content") if isinstance(target, dict) else None
    if not isinstance(content, dict) or not any(m in content for m in FORM_MEDIA):
        return body
    new_content = dict(content)
    for media in FORM_MEDIA:
        media_object = content.get(media)
        if not isinstance(media_object, dict):
            continue
        schema = _resolved(doc, media_object.get("schema"))
        props = schema.get("properties") if isinstance(schema, dict) else None
        if not isinstance(props, dict):
            continue
        deep = {name for name, enc in (media_object.get("encoding") or {}).items()
                if isinstance(enc, dict) and enc.get("style") == "deepObject"}
        new_props = {name: {} if name in deep or unparseable(doc, prop) else prop
                     for name, prop in props.items()}
        if new_props != props:
            required = [n for n in schema.get("required") or [] if n not in deep]
            new_content[media] = {**media_object, "schema": {
                **schema, "properties": new_props, **({"required": required} if required else {})}}
            if not required:
                new_content[media]["schema"].pop("required", None)
    return {**target, "content": new_content}


def unparseable(doc: dict[str, Any], schema: Any, depth: int = 0) -> bool:
    """Whether Connexion's parser would look up a ``type`` this schema (or the items or
    properties it coerces) does not have."""
    schema = _resolved(doc, schema)
    if not isinstance(schema, dict) or not schema or depth > _DEPTH:
        return False
    kind = schema.get("type")
    if kind is None:
        return True
    if kind == "array":
        items = _resolved(doc, schema.get("items"))
        return not isinstance(items, dict) or "type" not in items
    if kind == "object" and isinstance(schema.get("properties"), dict):
        return any(unparseable(doc, prop, depth + 1) or not _resolved(doc, prop)
                   for prop in schema["properties"].values())
    return False


def _resolved(doc: dict[str, Any], node: Any) -> Any:
    """``node``, or what its local ``$ref`` (chain) points at; {} where it points nowhere."""
    for _ in range(_DEPTH):
        ref = node.get("$ref") if isinstance(node, dict) else None
        if not isinstance(ref, str) or not ref.startswith("#/"):
            return node
        target: Any = doc
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            target = target.get(part, {}) if isinstance(target, dict) else {}
        node = target
    return node
