"""What a networked command shows while it waits: a progress bar on stderr (on a terminal, for more
than one step) and one line per retry (above the bar while it shows). Neither with ``--quiet``; a
line that cannot be written (stderr closed) is dropped, never a failure."""

from __future__ import annotations

import contextlib
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..sources.net import Retry


class Progress:
    """``progress(done, total)`` and ``retry(event)`` for the library to call; ``close()`` after."""

    def __init__(self, quiet: bool, label: str) -> None:
        self.quiet = quiet
        self.label = label  # what the bar counts: "arXiv requests", "DBLP searches"
        self.enabled = not quiet and sys.stderr.isatty()
        self._progress: Any = None
        self._task: Any = None

    def retry(self, event: Retry) -> None:
        """One line per retry on stderr."""
        if self.quiet:
            return
        with contextlib.suppress(OSError):
            if self._progress is not None:
                self._progress.console.print(str(event), markup=False, highlight=False)
            else:
                sys.stderr.write(f"{event}\n")
                sys.stderr.flush()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total <= 1:
            return
        if self._progress is None:
            from rich.progress import Progress as Bar

            from .render import err_console

            self._progress = Bar(console=err_console, transient=True)
            self._progress.start()
            self._task = self._progress.add_task(self.label, total=total)
        self._progress.update(self._task, completed=done, total=total)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
