"""``yaml.load(text, CSafeLoader)`` of one document, built from libyaml's events as they come.

PyYAML first composes the whole document into a graph of nodes (each with its marks), then
constructs Python objects from it: for GitHub's 8.5 MB document the node graph costs ~150 MB at
the peak, on top of the ~35 MB document, and that memory stays fragmented after it is freed.
Here each event goes straight into the dict, list or scalar it stands for (scalars resolved
and constructed by PyYAML's own resolver and ``SafeConstructor``), and mapping keys are interned,
so only the document is ever held. Anything beyond plain mappings, sequences and scalars of the
default schema (an explicit non-scalar tag, a ``<<`` merge, a complex key, several documents)
and any error is handed to PyYAML's own loader, which gives its own result or its own error.
"""

from __future__ import annotations

import sys
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import ScalarNode

__all__ = ["load"]

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"


class _Unusual(Exception):
    """Something this loader leaves to PyYAML's."""


def load(text: str) -> Any:
    """What ``yaml.load(text, Loader=CSafeLoader)`` returns (or raises), with less memory."""
    try:
        return _Events(text).document()
    except (_Unusual, yaml.YAMLError, TypeError, ValueError):
        return yaml.load(text, Loader=_LOADER)  # its own result, or its own error


class _Events:
    def __init__(self, text: str) -> None:
        self.loader = _LOADER(text)
        self.anchors: dict[str, Any] = {}

    def document(self) -> Any:
        loader = self.loader
        try:
            if not isinstance(loader.get_event(), StreamStartEvent):
                raise _Unusual
            if not isinstance(loader.get_event(), DocumentStartEvent):
                raise _Unusual  # an empty stream: PyYAML's None
            value = self.value(loader.get_event())
            if not isinstance(loader.get_event(), DocumentEndEvent):
                raise _Unusual
            if not isinstance(loader.get_event(), StreamEndEvent):
                raise _Unusual  # more than one document: PyYAML's error
            return value
        finally:
            loader.dispose()

    def value(self, event: Any) -> Any:
        if isinstance(event, ScalarEvent):
            value = self.scalar(event)
        elif isinstance(event, MappingStartEvent):
            value = self.mapping(event)
        elif isinstance(event, SequenceStartEvent):
            value = self.sequence(event)
        elif isinstance(event, AliasEvent):
            if event.anchor not in self.anchors:
                raise _Unusual  # PyYAML's "found undefined alias"
            return self.anchors[event.anchor]
        else:
            raise _Unusual
        return value

    def _anchor(self, event: Any, value: Any) -> None:
        if event.anchor is not None:
            if event.anchor in self.anchors:
                raise _Unusual  # PyYAML's own word on a duplicate anchor
            self.anchors[event.anchor] = value

    def scalar(self, event: Any) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(ScalarNode, event.value, event.implicit)
        if tag == _STR:
            value: Any = event.value
        elif tag == _MERGE or tag not in self.loader.yaml_constructors:
            raise _Unusual
        else:
            node = ScalarNode(tag, event.value, style=event.style)
            value = self.loader.yaml_constructors[tag](self.loader, node)
        self._anchor(event, value)
        return value

    def mapping(self, event: Any) -> dict[Any, Any]:
        if event.tag not in (None, "!", _MAP):
            raise _Unusual  # !!omap, !!set, a local tag: PyYAML decides
        data: dict[Any, Any] = {}
        self._anchor(event, data)
        get = self.loader.get_event
        while not isinstance(event := get(), MappingEndEvent):
            if not isinstance(event, ScalarEvent):
                raise _Unusual  # a complex key, or an alias as key
            key = self.scalar(event)
            if isinstance(key, str):
                key = sys.intern(key)
            data[key] = self.value(get())
        return data

    def sequence(self, event: Any) -> list[Any]:
        if event.tag not in (None, "!", _SEQ):
            raise _Unusual
        data: list[Any] = []
        self._anchor(event, data)
        get = self.loader.get_event
        while not isinstance(event := get(), SequenceEndEvent):
            data.append(self.value(event))
        return data
