"""vla in a subprocess, held at a named pause point (``VLA_TEST_PAUSE``), to reproduce a race exactly.

    with Held(["list", "-C", str(cat)], "index.listed", tmp_path) as reader:
        ...                      # the reader has listed the folder and waits: act now
        done = reader.release()  # it goes on; its exit code, stdout and stderr

``Held`` starts the process and returns once the process stands at the point (it writes
``<gate>.waiting`` there, see :func:`vlacli.storage.store.pause_point`); it waits on that file, not on
time. ``kill()`` is ``kill -9`` while it waits: a crash at exactly that moment.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

_n = itertools.count()


class Held:
    def __init__(self, args: list[str], point: str, where: Path, env: dict[str, str] | None = None,
                 timeout: float = 60) -> None:
        self.args = args
        self.point = point
        self.gate = where / f"gate-{point}-{os.getpid()}-{next(_n)}"
        full_env = {**os.environ, **(env or {}), "VLA_TEST_PAUSE": f"{point}={self.gate}"}
        self.proc = subprocess.Popen([sys.executable, "-m", "vlacli", *args], env=full_env, text=True,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        marker = Path(f"{self.gate}.waiting")
        deadline = time.monotonic() + timeout
        while not marker.exists():
            if self.proc.poll() is not None:
                out, err = self.proc.communicate()
                raise AssertionError(f"vla {' '.join(args)} ended (exit {self.proc.returncode}) before reaching "
                                     f"{point}:\n{out}{err}")
            if time.monotonic() > deadline:
                self.kill()
                raise AssertionError(f"vla {' '.join(args)} did not reach {point} in {timeout} s")
            time.sleep(0.005)

    def release(self, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        self.gate.touch()
        out, err = self.proc.communicate(timeout=timeout)
        return subprocess.CompletedProcess(self.args, self.proc.returncode, out, err)

    def kill(self) -> None:
        """``kill -9`` while it waits at the point."""
        self.proc.kill()
        self.proc.communicate()

    def __enter__(self) -> Held:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self.proc.poll() is None:
            self.kill()
