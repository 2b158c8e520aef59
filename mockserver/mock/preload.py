"""Load and check spec + fixtures in a helper process while the server imports Connexion.

Checking needs openapi-spec-validator and openapi-schema-validator (each with pydantic
settings): about 0.2 s of imports and ~15 MB that a serving process never uses again.
``mockserver serve`` (and each ``--workers`` process) starts this helper first, imports the
server meanwhile, then receives the checked ``Catalog`` (pickled, from our own child over a pipe)
or the ``ConfigError``'s problems, re-raised unchanged. Nothing is skipped: the same loaders
run, elsewhere. If the helper fails for any other reason, the caller loads in-process.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from typing import TYPE_CHECKING

from mockserver.core.errors import ConfigError
from mockserver.settings import ENV, Settings, settings_from_env, settings_to_env

if TYPE_CHECKING:
    from mockserver.mock.selection import Catalog

_TIMEOUT = 60.0


class PendingCatalog:
    """A catalog being loaded by a helper process."""

    def __init__(self, settings: Settings) -> None:
        self._proc = subprocess.Popen([sys.executable, "-m", "mockserver.mock.preload"],
                                      env={**os.environ, ENV: settings_to_env(settings)},
                                      stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)

    def result(self) -> Catalog | None:
        """The checked catalog; ConfigError if spec or fixtures are wrong; None if the helper
        failed otherwise (the caller then loads in-process and reports whatever it finds)."""
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


def load_checked(settings: Settings) -> Catalog:
    """The same two steps as ``mockserver.mock.app.load_catalog``, without importing Connexion."""
    from mockserver.core.fixtures import load_fixtures
    from mockserver.core.spec import load_spec
    from mockserver.mock.selection import Catalog

    spec = load_spec(settings.spec_path)
    return Catalog.build(spec, load_fixtures(settings.fixtures_dir, spec))


def _main() -> int:
    settings = settings_from_env(os.environ[ENV])
    try:
        answer: tuple[str, object] = ("catalog", load_checked(settings))
    except ConfigError as exc:
        answer = ("problems", exc.problems)
    sys.stdout.buffer.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_main())
