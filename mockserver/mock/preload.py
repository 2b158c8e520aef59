"""Load spec + fixtures for a serving process without loading the validators into it.

Checking needs openapi-spec-validator and openapi-schema-validator (each with pydantic
settings): ~0.15 s of imports and ~20 MB that a serving process never uses again. So:

- bytes that passed every check before (``core.verdicts``) are loaded in this process without
  the validators (a few ms);
- other bytes are checked by a helper process (``python -m mockserver.mock.preload``), started
  first so that it runs while the server imports Connexion; the checked ``Catalog`` comes back
  pickled, from our own child over a pipe, or the ``ConfigError``'s problems, re-raised unchanged.
  A pass is remembered for the next start.

For a spec openapi-spec-validator has not passed, the helper sends the catalog twice over: first
as soon as it is parsed and indexed (``early``), then, after the validator's seconds (on
GitHub's document ~3 s of a ~6.5 s cold start), its verdict: clean, or the problems. The
server builds its Connexion app from the early catalog meanwhile, and serves only after a clean
verdict; with findings it reports them and stops, exactly as if it had waited.

Nothing is skipped: the same loaders run, elsewhere, or ran on these very bytes before. Hot
reloads go the same way (``checked_catalog``), so RSS stays flat through edits. If the helper
fails for any other reason, the caller loads in-process.
"""

from __future__ import annotations

import os
import pickle
import struct
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

from mockserver.core import verdicts
from mockserver.core.errors import ConfigError, Problem
from mockserver.settings import ENV, Settings, settings_from_env, settings_to_env

if TYPE_CHECKING:
    from mockserver.mock.selection import Catalog

_TIMEOUT = 60.0
_HEADER = struct.Struct(">Q")
EARLY, CLEAN, CATALOG, PROBLEMS = "early", "clean", "catalog", "problems"
"""The helper's messages: (EARLY, unchecked Catalog) then (CLEAN, None) or (PROBLEMS, [Problem]);
or only (CATALOG, checked Catalog) or (PROBLEMS, [Problem])."""


class PendingCatalog:
    """A catalog being loaded: known-good bytes here, at ``result()``; others by a helper."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._key = verdicts.key(settings.spec_path, settings.fixtures_dir)
        self._proc: subprocess.Popen[bytes] | None = None
        self._early: Catalog | None = None
        self._final: tuple[str, object] | None = None
        if not verdicts.passed(settings.spec_path, settings.fixtures_dir, self._key):
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "mockserver.mock.preload"],
                env={**os.environ, ENV: settings_to_env(settings)},
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)
            self._timer = threading.Timer(_TIMEOUT, self._proc.kill)
            self._timer.daemon = True
            self._timer.start()

    @property
    def checking(self) -> bool:
        """Whether a helper process checks the spec and fixtures (their bytes are new)."""
        return self._proc is not None

    def first(self) -> Catalog | None:
        """The catalog as soon as there is one: perhaps before openapi-spec-validator's verdict
        on it (``result()`` waits for that; nothing may be served before). ConfigError and None
        as ``result()``."""
        if self._proc is None:
            return self.result()
        if self._early is None and self._final is None:
            message = self._read()
            if message is not None and message[0] == EARLY:
                self._early = message[1]  # type: ignore[assignment]
                return self._early
        return self._early or self.result()

    def result(self) -> Catalog | None:
        """The checked catalog; ConfigError if spec or fixtures are wrong; None if the helper
        failed otherwise, or known-good bytes changed while loading (the caller then loads
        in-process and reports whatever it finds)."""
        if self._proc is None:
            if self._final is None:
                self._final = (CATALOG, load_passed(self._settings, self._key))
            return self._final[1]  # type: ignore[return-value]
        while self._final is None:
            message = self._read()
            if message is None:
                return None
            if message[0] == EARLY:
                self._early = message[1]  # type: ignore[assignment]
        kind, value = self._final
        if kind == PROBLEMS:
            raise ConfigError(value)  # type: ignore[arg-type]
        catalog: Catalog | None = self._early if kind == CLEAN else value  # type: ignore[assignment]
        return catalog

    def _read(self) -> tuple[str, object] | None:
        """The helper's next message; None (and the helper ended) if it failed or timed out."""
        assert self._proc is not None and self._proc.stdout is not None
        if self._proc.stdout.closed:
            return None  # it ended without a (trusted) verdict
        header = self._proc.stdout.read(_HEADER.size)
        size = _HEADER.unpack(header)[0] if len(header) == _HEADER.size else 0
        body = self._proc.stdout.read(size) if size else b""
        if not size or len(body) != size:
            self._end()
            return None
        message: tuple[str, object] = pickle.loads(body)
        if message[0] != EARLY:
            self._final = message
            self._end()
        return message

    def _end(self) -> None:
        assert self._proc is not None and self._proc.stdout is not None
        self._proc.stdout.close()
        self._proc.wait()
        self._timer.cancel()
        if self._proc.returncode != 0 and self._final is not None:
            self._final = None  # a helper that failed after answering: do not trust it


def checked_catalog(settings: Settings) -> Catalog:
    """Spec + fixtures checked, without the validators in this process unless the helper
    fails. Blocking (a hot reload runs it in a worker thread). Raises ConfigError."""
    return PendingCatalog(settings).result() or load_checked(settings)


def load_checked(settings: Settings, spec_passed: bool = False) -> Catalog:
    """The same two steps as ``mockserver.mock.app.load_catalog``, without importing Connexion.
    ``spec_passed``: the spec's bytes passed openapi-spec-validator before; skip it."""
    from mockserver.core.fixtures import load_fixtures
    from mockserver.core.spec import load_spec
    from mockserver.mock.selection import Catalog

    spec = load_spec(settings.spec_path, passed=spec_passed)
    return Catalog.build(spec, load_fixtures(settings.fixtures_dir, spec))


def load_passed(settings: Settings, found: str | None) -> Catalog | None:
    """Bytes that gave ``found`` and passed before, loaded without the validators; None if
    they changed meanwhile (what was loaded may not be what passed)."""
    from mockserver.core.fixtures import load_fixtures
    from mockserver.core.spec import load_spec
    from mockserver.mock.selection import Catalog

    try:
        spec = load_spec(settings.spec_path, passed=True)
        catalog = Catalog.build(spec, load_fixtures(settings.fixtures_dir, spec, passed=True))
    except ConfigError:
        return None  # a file changed to something broken: the full check will say what
    if verdicts.key(settings.spec_path, settings.fixtures_dir) != found:
        return None
    return catalog


def check(settings: Settings,
          early: Callable[[Catalog], None] | None = None) -> tuple[str, object]:
    """The helper's work: (CATALOG, checked Catalog), or (CLEAN, None) after ``early`` was
    handed the catalog before openapi-spec-validator ran, or (PROBLEMS, [Problem]). A spec
    whose bytes passed before is not run through openapi-spec-validator again (a fixture edit,
    the usual hot reload, needs only the fixture checks); passes are remembered."""
    spec, fixtures = settings.spec_path, settings.fixtures_dir
    spec_key, found = verdicts.key(spec, None), verdicts.key(spec, fixtures)
    known = verdicts.passed(spec, None, spec_key)
    catalog: Catalog | None
    try:
        if known or early is None:
            catalog = load_checked(settings, spec_passed=known)
        else:
            catalog = _load_handing_early(settings, early)
        if known and verdicts.key(spec, None) != spec_key:
            catalog = load_checked(settings)  # the spec changed while loading: check it too
    except ConfigError as exc:
        return PROBLEMS, exc.problems
    for where, before in ((None, spec_key), (fixtures, found)):
        if verdicts.key(spec, where) == before:
            verdicts.remember(spec, where, before)
    return (CATALOG, catalog) if catalog is not None else (CLEAN, None)


def _load_handing_early(settings: Settings, early: Callable[[Catalog], None]) -> Catalog | None:
    """``load_checked``'s steps (``core.spec.load_spec``'s: parse, openapi-spec-validator,
    index; then the fixtures), the catalog handed to ``early`` between parse and validator.
    None: it was, and the verdict is clean. A document the early build trips on is checked
    the usual way, so its problems are those and in the order ``load_checked`` gives."""
    from mockserver.core import spec_cache
    from mockserver.core.spec import parse_text, read_document, validate_document

    path = settings.spec_path
    text = read_document(path)
    handed = []

    def parse_then_check() -> tuple[dict[str, Any], list[Problem]]:
        doc = parse_text(path, text)
        handed.append(_hand_early(settings, doc, early))  # the catalog is not kept here
        return doc, validate_document(path, doc)

    doc, problems = spec_cache.cached(path, text, parse_then_check)
    if problems:
        raise ConfigError(problems)
    return None if any(handed) else _catalog(settings, doc)


def _hand_early(settings: Settings, doc: dict[str, Any], early: Callable[[Catalog], None]) -> bool:
    """Whether the catalog of this unchecked document could be built, and was handed on."""
    try:
        catalog = _catalog(settings, doc)
    except Exception:  # unchecked yet: the validator's findings come first, then this again
        return False
    early(catalog)
    return True


def _catalog(settings: Settings, doc: dict[str, Any]) -> Catalog:
    from mockserver.core.fixtures import load_fixtures
    from mockserver.core.spec import index_document
    from mockserver.mock.selection import Catalog

    spec = index_document(settings.spec_path, doc)
    return Catalog.build(spec, load_fixtures(settings.fixtures_dir, spec))


def _main() -> int:
    out = sys.stdout.buffer
    writing: list[threading.Thread] = []

    def early(catalog: Catalog) -> None:  # written while openapi-spec-validator runs
        data = pickle.dumps((EARLY, catalog), protocol=pickle.HIGHEST_PROTOCOL)
        writing.append(threading.Thread(target=_send, args=(out, data)))
        writing[0].start()

    answer = check(settings_from_env(os.environ[ENV]), early)
    for thread in writing:
        thread.join()
    _send(out, pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    return 0


def _send(out: IO[bytes], data: bytes) -> None:
    out.write(_HEADER.pack(len(data)) + data)
    out.flush()


if __name__ == "__main__":
    sys.exit(_main())
