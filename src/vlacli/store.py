"""The one way vla reads and writes files.

Every write goes through :func:`atomic_write`: a temp file in the same folder, flush, fsync,
``os.replace``, then an fsync of the folder, so a reader sees the old file or the new one and
never half of either. Writers that read, change and write a catalog hold :func:`catalog_lock`
around the whole cycle, so two ``vla`` processes never lose each other's update.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ._lazy import lazy_re
from .errors import CatalogFormatError, VlaError

LOCK_NAME = ".vla.lock"
LOCK_TIMEOUT = 60.0


class LockTimeout(VlaError):
    pass


def atomic_write(path: str | os.PathLike[str], data: str | bytes | Iterable[str]) -> None:
    """Replace ``path`` with ``data`` (text, bytes, or pieces of text) atomically and durably."""
    pieces = [data] if isinstance(data, str | bytes) else data
    path = _target(os.fspath(path))
    fd, tmp = _create_temp(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            for piece in pieces:
                fh.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(os.path.dirname(path) or os.curdir)


def write_file(path: str | os.PathLike[str], data: str | bytes | Iterable[str]) -> None:
    """:func:`atomic_write` of a file the user named (an export, a README): a failure is one InputError."""
    from .errors import InputError

    try:
        atomic_write(path, data)
    except OSError as e:
        raise InputError(f"{os.fspath(path)}: cannot write it: {e.strerror or e}") from None


def atomic_write_many(items: list[tuple[str | os.PathLike[str], str | bytes]]) -> None:
    """Replace many files, each atomically, with one flush to disk for the whole batch.

    Every new content goes to a temp file beside its target; one ``os.sync()`` makes them all
    durable; then each is renamed over its target and the folders are fsynced. A crash leaves
    every file whole, old or new: a temp file left behind is never read (it is not ``*.toml``).
    A few files are written one by one with :func:`atomic_write`.
    """
    if len(items) <= 8 or not hasattr(os, "sync"):
        for path, data in items:
            atomic_write(path, data)
        return
    done: list[tuple[str, str]] = []
    try:
        for path, data in items:
            payload = data.encode("utf-8") if isinstance(data, str) else data
            target = _target(os.fspath(path))
            fd, tmp = _create_temp(target)
            done.append((tmp, target))
            try:
                view = memoryview(payload)
                while view:
                    view = view[os.write(fd, view):]
            finally:
                os.close(fd)
        os.sync()
        for tmp, path in done:
            os.replace(tmp, path)
    except BaseException:
        for tmp, _ in done:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        raise
    for folder in {(os.path.dirname(path) or os.curdir) for _, path in done}:
        _fsync_dir(folder)


_counter = itertools.count()


def _target(path: str) -> str:
    """The file a write replaces: through a symbolic link to the file it names."""
    return os.path.realpath(path) if os.path.islink(path) else path


def _create_temp(path: str) -> tuple[int, str]:
    """A new, empty temp file beside ``path``: ``.<name>.<pid>.<n>.tmp``, created exclusively, with
    the permissions of the file it will replace (or the umask's for a new one)."""
    folder, name = os.path.split(path)
    while True:
        tmp = os.path.join(folder, f".{name}.{os.getpid()}.{next(_counter)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
        except FileExistsError:  # left by a crashed process with our pid: take the next number
            continue
        with contextlib.suppress(OSError):  # FileNotFoundError for a new file
            os.fchmod(fd, os.stat(path).st_mode & 0o7777)
        return fd, tmp


def _fsync_dir(folder: str) -> None:
    try:
        dfd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(dfd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(dfd)


_TOML_POS = lazy_re(r"^(?P<why>.*?)\s*\(at line (?P<line>\d+), column (?P<col>\d+)\)$")
_TOML_EOF = lazy_re(r"^(?P<why>.*?)\s*\(at end of document\)$")


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file; a syntax error becomes CatalogFormatError with path, line and column."""
    try:
        raw = Path(path).read_bytes()
    except OSError as e:
        raise CatalogFormatError(path, e.strerror or str(e)) from None
    return parse_toml(raw, path)


def parse_toml(raw: bytes, path: Path) -> dict[str, Any]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise CatalogFormatError(path, "not valid UTF-8", line) from None
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        msg = str(e)
        m = _TOML_POS.match(msg)
        if m:
            raise CatalogFormatError(path, f"invalid TOML: {m['why']}", int(m["line"]), int(m["col"])) from None
        m = _TOML_EOF.match(msg)
        if m:
            raise CatalogFormatError(path, f"invalid TOML: {m['why']}", text.count("\n") + 1) from None
        raise CatalogFormatError(path, f"invalid TOML: {msg}") from None


def read_text(path: Path, encoding: str = "utf-8") -> str:
    """A text file the user named; a missing, unreadable or non-UTF-8 file is one clear InputError."""
    from .errors import InputError

    try:
        return Path(path).read_bytes().decode(encoding)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a file") from None
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not UTF-8 text (byte {e.start})") from None
    except OSError as e:
        raise InputError(f"{path}: {e.strerror}") from None


def line_of_key(path: Path, key: str) -> int | None:
    """The line where a top-level ``key = …`` stands, to point at a field with a bad value."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    pat = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    for i, line in enumerate(lines, 1):
        if pat.match(line):
            return i
    return None


_CONTROL = lazy_re(r"[\x00-\x08\x0a-\x1f\x7f]")
_CONTROL_BUT_NEWLINE = lazy_re(r"[\x00-\x08\x0b-\x1f\x7f]")
_BARE_KEY = lazy_re(r"[A-Za-z0-9_-]+")
_TRIPLE = "'" * 3


def toml_string(value: str) -> str:
    """A TOML string that reads back as ``value``, literal (``'...'``) whenever TOML allows it.

    Python's tomllib reads a literal string with one search, but a basic (double-quoted) string
    one character at a time: a 1.2 kB abstract parses ~10x faster written literally.
    """
    if "'" not in value and not _CONTROL.search(value):
        return f"'{value}'"
    if (_TRIPLE not in value and not value.endswith("'") and not value.startswith("\n") and "\r" not in value
            and not _CONTROL_BUT_NEWLINE.search(value)):
        return f"{_TRIPLE}{value}{_TRIPLE}"
    import tomli_w

    return tomli_w.dumps({"v": value})[len("v = "):-1]


def _simple(value: Any) -> bool:
    if isinstance(value, str | int):
        return True
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def dump_toml(data: dict[str, Any]) -> str:
    """TOML text for ``data``: top-level strings, integers and lists of strings first, in order, with
    literal strings where possible (see :func:`toml_string`); everything else after, by tomli_w."""
    import tomli_w

    lines: list[str] = []
    rest: dict[str, Any] = {}
    for key, value in data.items():
        if not _simple(value) or not _BARE_KEY.fullmatch(key):
            rest[key] = value
        elif isinstance(value, str):
            lines.append(f"{key} = {toml_string(value)}\n")
        elif isinstance(value, bool):
            lines.append(f"{key} = {'true' if value else 'false'}\n")
        elif isinstance(value, int):
            lines.append(f"{key} = {value}\n")
        elif value:
            lines.append(f"{key} = [\n" + "".join(f"    {toml_string(v)},\n" for v in value) + "]\n")
        else:
            lines.append(f"{key} = []\n")
    head = "".join(lines)
    if not rest:
        return head
    tail = tomli_w.dumps(rest)
    return head + ("\n" if head and tail.startswith("[") else "") + tail
