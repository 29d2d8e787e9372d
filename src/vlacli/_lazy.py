"""Regular expressions compiled on first use: start-up pays only for the patterns a command uses."""

from __future__ import annotations

import re
from typing import Any, cast


class _LazyPattern:
    """Compiles on the first attribute asked for, then keeps each attribute it hands out on itself,
    so later uses (``PAT.sub`` in a loop) are plain attribute reads, not a ``__getattr__`` call."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._args = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # copy/pickle probing: not a pattern attribute
            raise AttributeError(name)
        if self._compiled is None:
            self._compiled = re.compile(*self._args)
        value = getattr(self._compiled, name)
        setattr(self, name, value)
        return value


def lazy_re(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Like ``re.compile``, but compiled when first used."""
    return cast("re.Pattern[str]", _LazyPattern(pattern, flags))
