"""Regular expressions compiled on first use: start-up pays only for the patterns a command uses."""

from __future__ import annotations

import re
from typing import Any, cast


class _LazyPattern:
    __slots__ = ("_args", "_compiled")

    def __init__(self, pattern: str, flags: int) -> None:
        self._args = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = re.compile(*self._args)
        return getattr(self._compiled, name)


def lazy_re(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Like ``re.compile``, but compiled when first used."""
    return cast("re.Pattern[str]", _LazyPattern(pattern, flags))
