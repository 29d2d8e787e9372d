"""Registries of formats: a name -> an entry that says where its function lives (imported only when
the format is used) and carries the format's own policy. ``vla import FORMAT`` and ``vla export
FORMAT`` look formats up here; adding one is a module and a line in its registry.

The entries are ``NamedTuple`` classes (:class:`~vlacli.formats.exporters.ExportFormat`,
:class:`~vlacli.formats.importers.ImportFormat`): ``vla list`` reads the export registry at start-up, and a
named tuple class costs a seventh of a dataclass to create."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any, Protocol, TypeVar

from ..errors import FieldValueError, InputError


class Registered(Protocol):
    """What every registry entry has."""

    @property
    def name(self) -> str: ...

    @property
    def options(self) -> frozenset[str]: ...  # the format's own options, by their long name without "--"


def load_target(target: str) -> Any:
    """The function a registry entry names, ``"package.module:function"`` relative to vlacli."""
    module, _, func = target.partition(":")
    return getattr(importlib.import_module(f"vlacli.{module}"), func)


F = TypeVar("F", bound=Registered)


def lookup(registry: Mapping[str, F], name: str, what: str) -> F:
    """The format registered under ``name`` (any case); an unknown name is an error listing the known."""
    try:
        return registry[name.lower()]
    except KeyError:
        raise InputError(f"unknown {what} format {name!r}", "one of: " + ", ".join(sorted(registry))) from None


def check_options(registry: Mapping[str, F], fmt: F, given: Mapping[str, object]) -> None:
    """An option only some formats take (``given``: long name -> value, unset ones None or False),
    given with one that does not take it, is an error naming the formats that do."""
    for option, value in given.items():
        if value in (None, False, (), []) or option in fmt.options:
            continue
        takers = [f.name for f in registry.values() if option in f.options]
        raise FieldValueError(option, f"is for {' and '.join(takers) or 'no format'}, not {fmt.name}")
