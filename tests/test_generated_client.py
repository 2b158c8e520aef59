"""A consumer nobody here wrote: a Python client generated from openapi.yaml by
openapi-python-client, used against the running mock.

Generation reads only the local spec, inside a network namespace with no network where
``unshare -n`` works; ``--meta none`` writes a bare package (no install step) into a temporary
directory, which is put on ``sys.path`` for the module's tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.servers import running_asgi
from tests.support import BALANCED, DEV_TOKEN, ROOT, UNKNOWN

PACKAGE = "meetra_client"
CONFIG = f"package_name_override: {PACKAGE}\nproject_name_override: meetra-client\npost_hooks: []\n"


def fixture_body(name: str) -> Any:
    return json.loads((ROOT / "fixtures" / f"{name}.json").read_text())["response"]["body"]


def _offline_prefix() -> list[str]:
    """``unshare -n`` (a network namespace with no network) where it works, to prove that
    generation needs no network; nothing where it does not (e.g. without root)."""
    try:
        probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return []
    return ["unshare", "-n"] if probe.returncode == 0 else []


def generate(target: Path) -> subprocess.CompletedProcess[str]:
    config = target / "config.yaml"
    config.write_text(CONFIG)
    return subprocess.run(
        [*_offline_prefix(), sys.executable, "-m", "openapi_python_client", "generate", "--path",
         str(ROOT / "openapi.yaml"), "--meta", "none", "--output-path", str(target / PACKAGE),
         "--config", str(config)],
        capture_output=True, text=True, timeout=120,
    )


@pytest.fixture(scope="module")
def client_package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, ModuleType]]:
    """The generated package, imported: its api module and its models."""
    target = tmp_path_factory.mktemp("generated")
    result = generate(target)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout + result.stderr, result.stdout + result.stderr
    sys.path.insert(0, str(target))
    try:
        import importlib

        yield {
            "client": importlib.import_module(f"{PACKAGE}.client"),
            "api": importlib.import_module(f"{PACKAGE}.api.speakers.get_speakers_balance"),
            "models": importlib.import_module(f"{PACKAGE}.models"),
        }
    finally:
        sys.path.remove(str(target))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
            del sys.modules[name]


def call(package: dict[str, ModuleType], base_url: str, token: str, file_hash: str) -> Any:
    client = package["client"].AuthenticatedClient(base_url=base_url, token=token,
                                                    raise_on_unexpected_status=True)
    with client:
        return package["api"].sync_detailed(client=client, file_hash=file_hash)


def test_a_200_is_parsed_into_the_generated_models(
    client_package: dict[str, ModuleType], mock_url: str
) -> None:
    response = call(client_package, mock_url, DEV_TOKEN, BALANCED)
    models = client_package["models"]
    assert response.status_code == 200
    assert isinstance(response.parsed, models.SpeakersBalance)
    assert all(isinstance(s, models.SpeakerShare) for s in response.parsed.speakers)
    assert [(s.id, s.meeting_speaking_percentage) for s in response.parsed.speakers] == [
        (s["id"], s["meeting_speaking_percentage"])
        for s in fixture_body("balanced-pair")["speakers"]
    ]


@pytest.mark.parametrize(("token", "file_hash", "status", "starts"), [
    pytest.param(DEV_TOKEN, UNKNOWN, 404, "Meeting not found", id="404-unknown-meeting"),
    pytest.param("not-a-real-token", BALANCED, 401, "Unauthorized", id="401-unknown-token"),
    pytest.param(DEV_TOKEN, "zz", 400, "Query parameter 'file-hash' is invalid", id="400-bad-hash"),
])
def test_an_error_is_parsed_into_the_error_model(
    client_package: dict[str, ModuleType], mock_url: str, token: str, file_hash: str,
    status: int, starts: str,
) -> None:
    response = call(client_package, mock_url, token, file_hash)
    assert response.status_code == status
    assert isinstance(response.parsed, client_package["models"].Error)
    assert response.parsed.message.startswith(starts)


def test_the_generated_client_breaks_on_an_error_without_message(
    client_package: dict[str, ModuleType], tmp_path: Path
) -> None:
    """The control case: the same client against an upstream whose 404 breaks the contract."""
    with running_asgi("tests.broken_upstream:app", tmp_path / "broken.log") as url, \
            pytest.raises(KeyError, match="message"):
        call(client_package, url, DEV_TOKEN, "b0000000000000000000000000000007")
