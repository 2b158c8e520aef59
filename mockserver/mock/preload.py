"""Load spec + fixtures for a serving process without loading the validators into it.

Checking needs openapi-spec-validator and openapi-schema-validator (each with pydantic
settings): ~0.15 s of imports and ~20 MB that a serving process never uses again. So:

- bytes that passed every check before (``core.verdicts``) are loaded in this process without
  the validators (a few ms);
- other bytes are checked by a helper process (``python -m mockserver.mock.preload``), started
  first so that it runs while the server imports Connexion; the checked ``Catalog`` comes back
  pickled, from our own child over a pipe, or the ``ConfigError``'s problems, re-raised unchanged.
  A pass is remembered for the next start.

Nothing is skipped: the same loaders run, elsewhere, or ran on these very bytes before. Hot
reloads go the same way (``checked_catalog``), so RSS stays flat through edits. If the helper
fails for any other reason, the caller loads in-process.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from typing import TYPE_CHECKING

from mockserver.core import verdicts
from mockserver.core.errors import ConfigError
from mockserver.settings import ENV, Settings, settings_from_env, settings_to_env

if TYPE_CHECKING:
    from mockserver.mock.selection import Catalog

_TIMEOUT = 60.0


class PendingCatalog:
    """A catalog being loaded: known-good bytes here, at ``result()``; others by a helper."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._key = verdicts.key(settings.spec_path, settings.fixtures_dir)
        self._proc: subprocess.Popen[bytes] | None = None
        if not verdicts.passed(settings.spec_path, settings.fixtures_dir, self._key):
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "mockserver.mock.preload"],
                env={**os.environ, ENV: settings_to_env(settings)},
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)

    @property
    def checking(self) -> bool:
        """Whether a helper process checks the spec and fixtures (their bytes are new)."""
        return self._proc is not None

    def result(self) -> Catalog | None:
        """The checked catalog; ConfigError if spec or fixtures are wrong; None if the helper
        failed otherwise, or known-good bytes changed while loading (the caller then loads
        in-process and reports whatever it finds)."""
        if self._proc is None:
            return load_passed(self._settings, self._key)
        try:
            out, _ = self._proc.communicate(timeout=_TIMEOUT)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.communicate()
            return None
        if self._proc.returncode != 0:
            return None
        kind, value = pickle.loads(out)
        if kind == "problems":
            raise ConfigError(value)
        catalog: Catalog = value
        return catalog


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


def check(settings: Settings) -> tuple[str, object]:
    """The helper's work: ("catalog", checked Catalog) or ("problems", [Problem]). A spec whose
    bytes passed before is not run through openapi-spec-validator again (a fixture edit, the
    usual hot reload, needs only the fixture checks); passes are remembered."""
    spec, fixtures = settings.spec_path, settings.fixtures_dir
    spec_key, found = verdicts.key(spec, None), verdicts.key(spec, fixtures)
    known = verdicts.passed(spec, None, spec_key)
    try:
        catalog = load_checked(settings, spec_passed=known)
        if known and verdicts.key(spec, None) != spec_key:
            catalog = load_checked(settings)  # the spec changed while loading: check it too
    except ConfigError as exc:
        return "problems", exc.problems
    for where, before in ((None, spec_key), (fixtures, found)):
        if verdicts.key(spec, where) == before:
            verdicts.remember(spec, where, before)
    return "catalog", catalog


def _main() -> int:
    answer = check(settings_from_env(os.environ[ENV]))
    sys.stdout.buffer.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_main())
