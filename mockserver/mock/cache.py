"""A response cache in front of Connexion: identical requests get the recorded bytes back.

The mock is deterministic (same request, same bytes), so once Connexion has routed,
authenticated, validated and selected an answer, the next identical request can be answered
from memory. "Identical" means equal on everything that changes the response:

- method, root path, path and the raw query string;
- the *auth outcome*, computed for every request with the same ``BearerAuthenticator`` Connexion
  asks (never the header string alone: a JWT whose ``exp`` passes must turn into a 401);
- every ``Prefer`` value, in order, and ``Origin`` (CORS headers depend on it);
- the value of every header parameter the spec declares.

Only paths the spec declares are cached (never the Swagger UI, the spec itself, or any other
route added beside the spec). Never cached either: preflights and other ``OPTIONS`` requests,
requests with a body, server errors (5xx), responses bigger than ``MAX_BODY``, requests with
huge keys. The cache is bounded (entries and bytes, oldest evicted first) and
lives inside one ``Served`` state, so a reload starts with an empty one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mockserver.core.errors import RequestError
from mockserver.mock.auth import BearerAuthenticator

MAX_ENTRIES = 2048
MAX_BYTES = 8 * 1024 * 1024
MAX_BODY = 64 * 1024
MAX_KEY = 4096
MAX_REMEMBERED = 1024
"""Paths and Authorization values whose lasting answers (declared? accepted?) are remembered."""
_AUTH_OK = ("accepted",)
_LASTING_REFUSALS = frozenset({"auth.missing", "auth.scheme", "auth.empty", "auth.unknown"})
"""Refusals that no passing of time changes (an expiry is read anew on every request)."""


class ResponseCache:
    """ASGI middleware: answer repeated identical requests from recorded response messages."""

    def __init__(self, app: ASGIApp, authenticator: BearerAuthenticator,
                 declared: Callable[[str], bool], header_params: Iterable[str] = (),
                 max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self.app = app
        self.authenticator = authenticator
        self.declared = declared
        """Whether a served path falls under a path the spec declares (``Spec.declares``)."""
        self.keyed = frozenset({b"prefer", b"origin"} | {h.lower().encode() for h in header_params})
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.entries: dict[tuple[Any, ...], tuple[Message, ...]] = {}
        self.size = 0
        self._declared_paths: dict[str, bool] = {}
        self._lasting_outcomes: dict[bytes | None, tuple[Any, ...]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = self._key(scope) if scope["type"] == "http" else None
        if key is None:
            await self.app(scope, receive, send)
            return
        recorded = self.entries.get(key)
        if recorded is not None:
            for message in recorded:
                await send(_copy(message))  # outer layers may edit the headers they are sent
            return
        messages: list[Message] = []

        async def recording_send(message: Message) -> None:
            messages.append(_copy(message))
            await send(message)

        await self.app(scope, receive, recording_send)
        self._store(key, messages)

    def _key(self, scope: Scope) -> tuple[Any, ...] | None:
        method = scope["method"]
        path = scope["path"]
        if method == "OPTIONS" or not self._declares(path):
            return None
        authorization: bytes | None = None
        keyed: list[tuple[bytes, bytes]] = []
        size = len(path) + len(scope.get("query_string", b""))
        for name, value in scope["headers"]:
            if name == b"authorization":
                if authorization is None:
                    authorization = value
            elif name in self.keyed:
                keyed.append((name, value))
                size += len(value)
            elif name == b"content-length" and value != b"0" or name == b"transfer-encoding":
                return None  # a request with a body
        if size > MAX_KEY:
            return None
        outcome = self._auth_outcome(authorization)
        return (method, scope.get("root_path", ""), path, scope.get("query_string", b""),
                outcome, tuple(keyed))

    def _declares(self, path: str) -> bool:
        declared = self._declared_paths.get(path)
        if declared is None:
            declared = self.declared(path)
            if len(self._declared_paths) < MAX_REMEMBERED and len(path) <= 256:
                self._declared_paths[path] = declared
        return declared

    def _auth_outcome(self, authorization: bytes | None) -> tuple[Any, ...]:
        """Accepted, or the exact refusal. Asked of the authenticator on every request, except
        for answers that cannot change while this cache lives: a listed token's acceptance and
        the refusals that do not depend on the time. A JWT is read anew every time."""
        outcome = self._lasting_outcomes.get(authorization)
        if outcome is not None:
            return outcome
        header = None if authorization is None else authorization.decode("latin-1")
        try:
            info = self.authenticator.verify(header)
        except RequestError as exc:
            outcome = ("refused", exc.status, exc.message, tuple(sorted(exc.headers.items())))
            lasting = exc.code in _LASTING_REFUSALS
        else:
            outcome, lasting = _AUTH_OK, info.get("kind") == "listed"
        if (lasting and len(self._lasting_outcomes) < MAX_REMEMBERED
                and (authorization is None or len(authorization) <= 256)):
            self._lasting_outcomes[authorization] = outcome
        return outcome

    def _store(self, key: tuple[Any, ...], messages: list[Message]) -> None:
        if not _complete(messages):
            return
        size = _size(messages)
        if size > MAX_BODY:
            return
        while self.entries and (len(self.entries) >= self.max_entries
                                or self.size + size > self.max_bytes):
            oldest = next(iter(self.entries))
            self.size -= _size(self.entries.pop(oldest))
        self.entries[key] = tuple(messages)
        self.size += size


def _complete(messages: list[Message]) -> bool:
    """A whole, non-5xx response made only of start + body messages."""
    if not messages or messages[0]["type"] != "http.response.start":
        return False
    if messages[0]["status"] >= 500:
        return False
    body = messages[1:]
    if not body or any(m["type"] != "http.response.body" for m in body):
        return False
    return not body[-1].get("more_body", False)


def _copy(message: Message) -> Message:
    copied = dict(message)
    if "headers" in copied:
        copied["headers"] = list(copied["headers"])
    return copied


def _size(messages: Iterable[Message]) -> int:
    """Bytes held for a response: bodies and headers, plus a fixed overhead per entry."""
    return 256 + sum(len(m.get("body", b"")) + sum(len(n) + len(v) for n, v in m.get("headers", ()))
                     for m in messages)
