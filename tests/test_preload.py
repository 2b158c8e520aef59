"""Spec + fixtures reach a serving process checked, without the validators in it: new bytes are
checked by a helper process, bytes that passed before are loaded as they are (core.verdicts), a
bad file is reported every time, and hot reloads keep the validators out too."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mockserver.core import verdicts
from mockserver.core.errors import ConfigError
from mockserver.mock.preload import PendingCatalog, load_passed
from mockserver.settings import Settings


def edit(settings: Settings, name: str, share: object) -> None:
    path = settings.fixtures_dir / f"{name}.json"
    doc = json.loads(path.read_text())
    doc["response"]["body"]["speakers"][0]["meeting_speaking_percentage"] = share
    path.write_text(json.dumps(doc))


def key(settings: Settings) -> str | None:
    return verdicts.key(settings.spec_path, settings.fixtures_dir)


def checks_anew(settings: Settings) -> bool:
    """Whether a start would check with the helper (which is then waited for)."""
    pending = PendingCatalog(settings)
    with contextlib.suppress(ConfigError):
        pending.result()
    return pending.checking


def test_new_bytes_are_checked_by_a_helper_and_a_pass_is_remembered(copy: Settings) -> None:
    first = PendingCatalog(copy)
    assert first.checking
    assert first.result() is not None
    assert verdicts.passed(copy.spec_path, copy.fixtures_dir, key(copy))
    second = PendingCatalog(copy)
    assert not second.checking
    catalog = second.result()
    assert catalog is not None and "balanced-pair" in catalog.fixtures.by_scenario


@pytest.mark.parametrize("change", [
    pytest.param(lambda s: edit(s, "balanced-pair", 40.0), id="a-fixture-edited"),
    pytest.param(lambda s: (s.fixtures_dir / "extra.json").write_text("{}"), id="a-file-added"),
    pytest.param(lambda s: (s.fixtures_dir / "tiny-share.json").unlink(), id="a-file-deleted"),
    pytest.param(lambda s: s.spec_path.write_text(s.spec_path.read_text() + "\n"),
                 id="the-spec-edited"),
])
def test_any_change_of_bytes_misses(copy: Settings, change: object) -> None:
    before = key(copy)
    verdicts.remember(copy.spec_path, copy.fixtures_dir, before)
    change(copy)  # type: ignore[operator]
    assert key(copy) != before
    assert not verdicts.passed(copy.spec_path, copy.fixtures_dir, key(copy))
    assert checks_anew(copy)


def test_a_bad_fixture_is_reported_after_an_earlier_pass(copy: Settings) -> None:
    assert PendingCatalog(copy).result() is not None  # passes, remembered
    edit(copy, "balanced-pair", "50")
    with pytest.raises(ConfigError) as caught:
        PendingCatalog(copy).result()
    assert [(p.path, p.rule) for p in caught.value.problems] == [
        ("$.response.body.speakers[0].meeting_speaking_percentage", "schema:type")]
    assert caught.value.problems[0].file.endswith("balanced-pair.json")


def test_a_failure_is_never_remembered(copy: Settings) -> None:
    edit(copy, "balanced-pair", "50")
    with pytest.raises(ConfigError):
        PendingCatalog(copy).result()
    assert not verdicts.directory().exists()


def test_bytes_changed_while_loading_are_not_trusted(copy: Settings) -> None:
    """``load_passed`` compares the key after loading: what was loaded may not be what passed."""
    found = key(copy)
    assert load_passed(copy, found) is not None
    assert load_passed(copy, "0" * 64) is None


def test_an_unwritable_cache_only_means_checking_every_time(copy: Settings,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))  # not a directory
    assert checks_anew(copy)
    assert checks_anew(copy)


SERVING = """
VALIDATORS = ("openapi_spec_validator", "openapi_schema_validator")
import asyncio, json, sys
from pathlib import Path
from mockserver.mock.preload import PendingCatalog
from mockserver.settings import Settings
settings = Settings(spec_path=Path(sys.argv[1]), fixtures_dir=Path(sys.argv[2]))
pending = PendingCatalog(settings)
from mockserver.mock.app import create_app
app = create_app(settings, pending.result())
edited = Path(sys.argv[2]) / "balanced-pair.json"
doc = json.loads(edited.read_text())
doc["description"] = "edited"
edited.write_text(json.dumps(doc))
assert asyncio.run(app.reload_in_background())
assert app.catalog.fixtures.by_scenario["balanced-pair"].description == "edited"
print(json.dumps({"helper": pending.checking,
                  "validators": sorted(m for m in sys.modules if m in VALIDATORS)}))
"""


@pytest.mark.parametrize("starts", [
    pytest.param(1, id="first-start-new-bytes"),
    pytest.param(2, id="second-start-known-bytes"),
])
def test_a_serving_process_never_imports_the_validators(copy: Settings, starts: int) -> None:
    """Start (checked by the helper, or known) and a hot reload of an edit: the validators
    (~20 MB) stay out of the serving process, so its memory stays flat through reloads."""
    for _ in range(starts - 1):
        assert PendingCatalog(copy).result() is not None
    out = subprocess.run([sys.executable, "-W", "ignore", "-c", SERVING, str(copy.spec_path),
                          str(copy.fixtures_dir)], capture_output=True, text=True,
                         env=os.environ.copy(), check=True, timeout=120).stdout
    assert json.loads(out) == {"helper": starts == 1, "validators": []}


def test_a_bad_reload_keeps_the_last_good_state(copy: Settings) -> None:
    from mockserver.mock.app import create_app

    app = create_app(copy)
    before = app.served
    edit(copy, "balanced-pair", "50")
    assert asyncio.run(app.reload_in_background()) is False
    assert app.served is before


HELPER = """
import json, sys
from pathlib import Path
from mockserver.mock.preload import check
from mockserver.settings import Settings
kind, _ = check(Settings(spec_path=Path(sys.argv[1]), fixtures_dir=Path(sys.argv[2])))
print(json.dumps([kind, "openapi_spec_validator" in sys.modules]))
"""


@pytest.mark.parametrize(("change", "spec_checked"), [
    pytest.param(lambda s: edit(s, "balanced-pair", 40.0), False, id="a-fixture-edit"),
    pytest.param(lambda s: s.spec_path.write_text(s.spec_path.read_text() + "\n"), True,
                 id="a-spec-edit"),
])
def test_the_helper_checks_a_spec_again_only_when_its_bytes_changed(
        copy: Settings, change: object, spec_checked: bool) -> None:
    """A hot reload of a fixture edit (the usual one) skips openapi-spec-validator."""
    assert PendingCatalog(copy).result() is not None  # both verdicts remembered
    change(copy)  # type: ignore[operator]
    out = subprocess.run([sys.executable, "-W", "ignore", "-c", HELPER, str(copy.spec_path),
                          str(copy.fixtures_dir)], capture_output=True, text=True,
                         env=os.environ.copy(), check=True, timeout=120).stdout
    assert json.loads(out) == ["catalog", spec_checked]


def test_old_verdicts_are_dropped_past_a_bound(copy: Settings, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(verdicts, "_KEEP", 4)
    specs = []
    for index in range(5):
        spec = tmp_path / f"spec-{index}.yaml"
        shutil.copy(copy.spec_path, spec)
        specs.append(spec)
        verdicts.remember(spec, None, verdicts.key(spec, None))
        os.utime(verdicts._entry(spec, None), (index, index))  # written in this order
    assert len(list(verdicts.directory().iterdir())) == 2
    assert verdicts.passed(specs[-1], None, verdicts.key(specs[-1], None))
    assert not verdicts.passed(specs[0], None, verdicts.key(specs[0], None))
