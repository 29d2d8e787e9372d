"""The registries of formats: name -> (module, function), the module imported only when asked for."""

from __future__ import annotations

import importlib
from typing import Any

from .errors import InputError


def lookup(registry: dict[str, tuple[str, str]], package: str, name: str, what: str) -> Any:
    """The function registered under ``name`` (any case); an unknown name is an error listing the known."""
    try:
        module, func = registry[name.lower()]
    except KeyError:
        raise InputError(f"unknown {what} format {name!r}", "one of: " + ", ".join(sorted(registry))) from None
    return getattr(importlib.import_module(f"{package}.{module}"), func)
