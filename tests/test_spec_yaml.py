"""The event-built YAML load gives what PyYAML's safe load gives: the same value or the same
error, for every YAML feature a spec may use."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from mockserver.core import spec_yaml
from tests.support import ROOT

LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

CASES = {
    "mapping-and-sequence": "a: 1\nb: [x, 'y', \"z\"]\nc: {d: e}\n",
    "status-keys-as-ints": "responses:\n  200: {description: ok}\n  '404': {description: no}\n",
    "scalar-types": "i: 0x1f\no: 0o17\nf: 1.5e3\nn: ~\nb: yes\nt: 2020-01-01\n"
                    "ts: 2020-01-01T10:00:00Z\ninf: .inf\nnan_: .nan\nneg: -3\n",
    "explicit-scalar-tags": "s: !!str 5\ni: !!int '7'\nbin: !!binary aGVsbG8=\nf: !!float 1\n",
    "anchors-and-aliases": "base: &b {type: string}\nuse: *b\nlist: [*b, *b]\n",
    "recursive-alias": "node: &n\n  child: *n\n",
    "merge-key": "base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n",
    "duplicate-keys": "a: 1\na: 2\n",
    "set-tag": "s: !!set {a, b}\n",
    "omap-tag": "o: !!omap [{a: 1}, {b: 2}]\n",
    "complex-key": "? [a, b]\n: value\n",
    "alias-as-key": "k: &k name\n*k : v\n",
    "block-scalars": "d: |\n  line one\n  line two\nf: >\n  folded\n  text\n",
    "empty-document": "",
    "only-a-scalar": "just text\n",
    "two-documents": "a: 1\n---\nb: 2\n",
    "syntax-error": "a: [1, 2\nb: 3\n",
    "bad-indentation": "a:\n  b: 1\n c: 2\n",
    "undefined-alias": "a: *nowhere\n",
    "duplicate-anchor": "a: &x 1\nb: &x 2\nc: *x\n",
    "local-tag": "a: !custom 1\n",
    "unhashable-key": "? {a: 1}\n: v\n",
    "unicode": "name: \"caf\\u00e9 \\U0001F600\"\nplain: naïve\n",
}


def outcome(load: Any, text: str) -> Any:
    try:
        value = load(text)
    except yaml.YAMLError as exc:
        return ("error", type(exc).__name__, str(exc))
    return ("value", repr(value))


@pytest.mark.parametrize("text", list(CASES.values()), ids=list(CASES))
def test_the_same_as_pyyaml(text: str) -> None:
    assert outcome(spec_yaml.load, text) == outcome(lambda t: yaml.load(t, LOADER), text)


def test_aliases_are_one_object_as_in_pyyaml() -> None:
    doc = spec_yaml.load(CASES["anchors-and-aliases"])
    assert doc["use"] is doc["base"] and doc["list"][0] is doc["base"]
    node = spec_yaml.load(CASES["recursive-alias"])["node"]
    assert node["child"] is node


@pytest.mark.parametrize("path", ["openapi.yaml", "tests/specs/petstore.yaml",
                                  "tests/specs/meetra-plus/openapi.yaml"])
def test_the_repository_specs_load_the_same(path: str) -> None:
    text = (ROOT / path).read_text(encoding="utf-8")
    assert repr(spec_yaml.load(text)) == repr(yaml.load(text, LOADER))


FAST = ["mapping-and-sequence", "status-keys-as-ints", "scalar-types", "explicit-scalar-tags",
        "anchors-and-aliases", "recursive-alias", "duplicate-keys", "block-scalars", "unicode"]


@pytest.mark.parametrize("name", FAST)
def test_plain_yaml_is_built_from_events(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = outcome(lambda t: yaml.load(t, LOADER), CASES[name])

    def no_fallback(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("fell back to PyYAML's loader")

    monkeypatch.setattr(spec_yaml.yaml, "load", no_fallback)
    assert outcome(spec_yaml.load, CASES[name]) == expected
