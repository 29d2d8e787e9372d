"""Every test gets its own catalog dir, cache dir and working directory, through the environment.

No test touches the user's files, another test's, or the network: VLA_ARXIV_URL, VLA_S2_URL and
VLA_DBLP_URL point at a closed local port unless a test starts its own replay server.
"""

from __future__ import annotations

import functools
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import tools
from arxiv_server import ArxivReplay, FakeClock
from loopback import serving
from scholarly_server import DblpStandIn, S2StandIn
from typer.testing import CliRunner, Result

from vlacli.cli import app as app_module
from vlacli.cli.app import app
from vlacli.sources.net import clock as clock_mod

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SEED = DATA / "survey" / "efficient-vlas-survey.README.md"
SITE_BIB = DATA / "survey" / "evla-site.bib"
ARXIV_FIXTURES = DATA / "arxiv"
TAXONOMY = ROOT / "catalog" / "taxonomy.toml"
BUNDLED = ROOT / "catalog"
DOCS = ROOT / "docs"
CLI_REFERENCE = DOCS / "reference" / "cli.md"  # generated whole by scripts/gen_docs.py
# The pages people write: the README and the docs site's pages (the CLI reference is generated).
PAGES = [ROOT / "README.md", *sorted(p for p in DOCS.rglob("*.md") if p != CLI_REFERENCE)]


def page(name: str) -> str:
    """The text of ``README.md`` or of a page of docs/ (``guides/arxiv.md``)."""
    return (ROOT / name if name == "README.md" else DOCS / name).read_text(encoding="utf-8")


def _tree(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")
            if p.is_file() and p.name != ".vla.lock"}


def numbered_bib(path: Path, n: int) -> Path:
    """Write a BibTeX file of ``n`` made-up preprints, one a line: ``k1`` "Paper number 1 about robots"
    (arXiv 2401.00001) to ``kn``."""
    path.write_text("".join(f"@misc{{k{i}, title={{Paper number {i} about robots}}, author={{Doe, Jane}}, "
                            f"year={{2024}}, eprint={{2401.{i:05d}}}}}\n" for i in range(1, n + 1)))
    return path


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "requires_tools(*names): the test runs these programs (tests/tools.py)")


def _missing_tools(item: pytest.Item) -> list[str]:
    return tools.missing([name for mark in item.iter_markers("requires_tools") for name in mark.args])


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test whose tools are missing is skipped, saying which and where they come from; under CI=true
    it is not (see pytest_runtest_setup)."""
    if tools.in_ci():
        return
    for item in items:
        missing = _missing_tools(item)
        if missing:
            item.add_marker(pytest.mark.skip(reason=tools.why(missing)))


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Under CI=true a missing tool is a failure: CI installs every tool, and never passes by skipping."""
    if tools.in_ci():
        missing = _missing_tools(item)
        if missing:
            pytest.fail(f"CI=true, and this test {tools.why(missing)}: .ci/run installs them", pytrace=False)


@pytest.fixture(autouse=True, scope="session")
def repository_catalog_untouched() -> Iterator[None]:
    """No test may write into the repository's own catalog (tests write to copies of it)."""
    before = _tree(BUNDLED)
    yield
    assert _tree(BUNDLED) == before, "a test changed the repository's catalog/"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "work"
    home.mkdir()
    monkeypatch.chdir(home)
    monkeypatch.setenv("VLA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("VLA_ARXIV_URL", "http://127.0.0.1:9/api/query")
    monkeypatch.setenv("VLA_S2_URL", "http://127.0.0.1:9/graph/v1")
    monkeypatch.setenv("VLA_DBLP_URL", "http://127.0.0.1:9")
    monkeypatch.delenv("S2_API_KEY", raising=False)
    monkeypatch.delenv("VLA_CATALOG", raising=False)
    monkeypatch.delenv("VLA_DEBUG", raising=False)
    return home


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


Invoke = Callable[..., Result]


@pytest.fixture
def vla(runner: CliRunner) -> Invoke:
    """Run ``vla ARGS…`` in-process; returns the Result (stdout, stderr, exit_code)."""

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def commands_parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Commands go through the real parser (options, arguments, types) but do not run: each one parsed
    adds its function's name to this list."""
    calls: list[str] = []

    def parse_only(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def stub(*args: Any, **kwargs: Any) -> None:
            calls.append(fn.__name__)

        return stub

    monkeypatch.setattr(app_module, "handle_errors", parse_only)
    return calls


@pytest.fixture
def empty_catalog(tmp_path: Path, vla: Invoke) -> Path:
    """A new catalog with the survey's taxonomy and no papers."""
    root = tmp_path / "cat"
    res = vla("init", str(root), "--taxonomy", str(TAXONOMY))
    assert res.exit_code == 0, res.output
    return root


@pytest.fixture
def survey_catalog(tmp_path: Path) -> Path:
    """A writable copy of the bundled survey catalog."""
    root = tmp_path / "survey"
    shutil.copytree(BUNDLED, root, ignore=shutil.ignore_patterns(".*"))  # not a lock or a temp file left here
    return root


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """The network layer's clock, faked: its sleeps advance it, and no test waits for real."""
    c = FakeClock()
    monkeypatch.setattr(clock_mod, "default_clock", c)
    return c


@pytest.fixture
def server(clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> Iterator[ArxivReplay]:
    """A real HTTP server on 127.0.0.1 replaying the recorded arXiv responses; VLA_ARXIV_URL points at it."""
    yield from serving(ArxivReplay(clock), "VLA_ARXIV_URL", monkeypatch)


@pytest.fixture
def s2(clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> Iterator[S2StandIn]:
    """A stand-in of Semantic Scholar's batch endpoint on 127.0.0.1; VLA_S2_URL points at it."""
    yield from serving(S2StandIn(clock), "VLA_S2_URL", monkeypatch)


@pytest.fixture
def dblp(clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> Iterator[DblpStandIn]:
    """A stand-in of DBLP's search on 127.0.0.1; VLA_DBLP_URL points at it."""
    yield from serving(DblpStandIn(clock), "VLA_DBLP_URL", monkeypatch)
