"""Bearer authentication: which tokens the mock accepts, with a reason for each refusal.

Accepted: tokens listed in the fixtures' ``tokens.json``, tokens given with ``--token``, and any
structurally valid JWT whose ``exp``, if present, is in the future (claims are read with PyJWT,
the signature is not checked: a mock has no key, and a real login flow should just work).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

import jwt

from mockserver.core.errors import WWW_AUTHENTICATE, RequestError

_INVALID = f'{WWW_AUTHENTICATE}, error="invalid_token"'


class BearerAuthenticator:
    def __init__(self, tokens: frozenset[str], accept_jwt: bool = True) -> None:
        self.tokens = tokens
        self.accept_jwt = accept_jwt

    def verify(self, authorization: str | None, now: float | None = None) -> dict[str, Any]:
        """Token info for an accepted ``Authorization`` header; RequestError(401) otherwise."""
        if authorization is None:
            raise RequestError("auth.missing")
        scheme, _, token = authorization.strip().partition(" ")
        if scheme.lower() != "bearer":
            raise RequestError("auth.scheme", {"WWW-Authenticate": _INVALID},
                               scheme=scheme[:20] or "(none)")
        token = token.strip()
        if not token:
            raise RequestError("auth.empty", {"WWW-Authenticate": _INVALID})
        if token in self.tokens:
            return {"sub": "fixture-token", "kind": "listed"}
        if self.accept_jwt:
            claims = _jwt_claims(token)
            if claims is not None:
                _check_expiry(claims, time.time() if now is None else now)
                return {"sub": str(claims.get("sub", "jwt")), "kind": "jwt"}
        raise RequestError("auth.unknown", {"WWW-Authenticate": _INVALID})


def _jwt_claims(token: str) -> dict[str, Any] | None:
    if token.count(".") != 2:
        return None
    try:
        claims = jwt.decode(token, options={"verify_signature": False, "verify_exp": False,
                                            "verify_nbf": False, "verify_iat": False})
    except (jwt.InvalidTokenError, ValueError, TypeError):
        return None
    return claims if isinstance(claims, dict) else None


def _check_expiry(claims: dict[str, Any], now: float) -> None:
    if "exp" not in claims:
        return
    exp = claims["exp"]
    if isinstance(exp, bool) or not isinstance(exp, (int, float)) or exp != exp:
        raise RequestError("auth.exp_invalid", {"WWW-Authenticate": _INVALID}, exp=_shown(exp))
    if exp > now:
        try:  # an exp past year 9999 (1e300, inf, a 400-digit int) is no date: refuse it
            dt.datetime.fromtimestamp(exp, dt.UTC)
        except (OverflowError, OSError, ValueError):
            raise RequestError("auth.exp_invalid", {"WWW-Authenticate": _INVALID},
                               exp=_shown(exp)) from None
        return
    try:
        when = dt.datetime.fromtimestamp(exp, dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
    except (OverflowError, OSError, ValueError):
        when = "a time long past"
    header = _INVALID + ', error_description="The access token expired"'
    raise RequestError("auth.expired", {"WWW-Authenticate": header}, expired=when)


def _shown(exp: object) -> str:
    text = repr(exp)
    return text if len(text) <= 40 else text[:40] + "…"


def security_map(authenticator: BearerAuthenticator) -> dict[str, type]:
    """Connexion ``security_map`` whose bearer handler asks ``authenticator``."""
    from connexion.security import BearerSecurityHandler

    class _Bearer(BearerSecurityHandler):  # type: ignore[misc]
        def get_fn(self, security_scheme: Any, required_scopes: Any) -> Callable[..., Any]:
            def verify(request: Any) -> dict[str, Any]:
                return authenticator.verify(request.headers.get("authorization"))

            return verify

    return {"bearer": _Bearer}
