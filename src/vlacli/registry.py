"""Registries of formats: a name -> a :class:`Format` that says where its function lives (imported
only when the format is used) and carries the format's own policy. ``vla import FORMAT`` and
``vla export FORMAT`` look formats up here; adding one is a module and a line in its registry."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from .errors import InputError


@dataclass(frozen=True)
class Format:
    name: str
    target: str  # "package.module:function", relative to vlacli
    summary: str  # one line, for help texts and the README

    def load(self) -> Any:
        module, _, func = self.target.partition(":")
        return getattr(importlib.import_module(f"vlacli.{module}"), func)


F = TypeVar("F", bound=Format)


def lookup(registry: Mapping[str, F], name: str, what: str) -> F:
    """The format registered under ``name`` (any case); an unknown name is an error listing the known."""
    try:
        return registry[name.lower()]
    except KeyError:
        raise InputError(f"unknown {what} format {name!r}", "one of: " + ", ".join(sorted(registry))) from None


@dataclass(frozen=True)
class OptionsFormat(Format):
    options: frozenset[str] = frozenset()  # the format's own options, by their long name without "--"


OF = TypeVar("OF", bound=OptionsFormat)


def check_options(registry: Mapping[str, OF], fmt: OF, given: Mapping[str, object]) -> None:
    """An option only some formats take (``given``: long name -> value, unset ones None or False),
    given with one that does not take it, is an error naming the formats that do."""
    for option, value in given.items():
        if value in (None, False, (), []) or option in fmt.options:
            continue
        takers = [f.name for f in registry.values() if option in f.options]
        raise InputError(f"--{option} is for {' and '.join(takers) or 'no format'}, not {fmt.name}")
