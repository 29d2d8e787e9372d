"""vla watch, accept and reject against the loopback arXiv server: recorded search results served
newest first and paged by start/max_results, the requests ≥ 3 s apart by the server's fake clock."""

from __future__ import annotations

import re
import shlex
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from arxiv_server import DATA, RECORDED, ArxivReplay, Fault, restamped
from conftest import Invoke, page

from vlacli.core.paper import Paper
from vlacli.core.taxonomy import Category, Taxonomy
from vlacli.ops.inbox import read_inbox
from vlacli.ops.watch import watch_papers
from vlacli.sources.arxiv.client import ArxivClient
from vlacli.sources.arxiv.fetch import Fetcher
from vlacli.storage.catalog import Catalog

TESTING = "all:testing"


@pytest.fixture
def cat(tmp_path: Path) -> Catalog:
    return Catalog.init(tmp_path / "cat", Taxonomy([
        Category("testing", "Software Testing", aliases=["fuzzing"], watch=TESTING),
        Category("surveys", "Surveys"),
    ]))


def paged(page: int) -> Fetcher:
    return Fetcher(client=ArxivClient(page_size=page))


def spaced(server: ArxivReplay) -> list[float]:
    """Seconds between the end of each answer and the next request, by the server's (fake) clock."""
    reqs = server.requests
    return [b.time - (a.ended or a.time) for a, b in pairwise(reqs)]


def test_watch_proposes_exactly_what_is_newer_and_missing_in_pages(cat: Catalog, server: ArxivReplay) -> None:
    """The recorded search, served newest first: 5 entries since 2022-03-01, of which the catalog has
    one by arXiv ID and one by title (kept without an ID). Pages of 2: ⌈5/2⌉ = 3 requests, ≥ 3 s apart."""
    cat.add(Paper("2502.07719", "OpenCat", arxiv="2502.07719", categories=["testing"]))
    cat.add(Paper("rest", "Automated test generation for REST APIs: no time to rest yet", categories=["testing"]))
    r = watch_papers(cat, since=date(2022, 3, 1), save=True, searcher=paged(2))
    assert sorted(c.arxiv for c in r.candidates) == ["2302.03287", "2405.13786", "2503.05378"]
    assert (r.counts.found, r.counts.in_catalog) == (5, 2)
    assert len(server.requests) == 3 == r.requests
    assert [(q.search_query, q.start, q.max_results, q.sort_by, q.sort_order) for q in server.requests] == [
        (TESTING, 0, 2, "submittedDate", "descending"), (TESTING, 2, 2, "submittedDate", "descending"),
        (TESTING, 4, 2, "submittedDate", "descending")]
    assert all(gap >= 3.0 for gap in spaced(server)), spaced(server)
    assert [c.arxiv for c in read_inbox(cat).candidates] == [c.arxiv for c in r.candidates]
    # A second run proposes nothing; the third page again ended the paging.
    again = watch_papers(cat, since=date(2022, 3, 1), save=True, searcher=paged(2))
    assert again.candidates == [] and again.saved == [] and again.counts.in_inbox == 3
    assert len(server.requests) == 6 and all(gap >= 3.0 for gap in spaced(server))


def test_a_larger_feed_pages_until_since(cat: Catalog, server: ArxivReplay) -> None:
    """25 entries built from recorded ones, a day apart, and older ones after them: pages of 10
    take ⌈25/10⌉ = 3 requests and propose exactly the 25."""
    base = server.entries["2503.05378"]
    newer = [restamped(base, f"2503.{10000 + i:05d}", f"2025-03-{31 - i:02d}T10:00:00Z") for i in range(25)]
    older = [restamped(base, f"2502.{10000 + i:05d}", f"2025-02-{28 - i:02d}T10:00:00Z") for i in range(15)]
    server.search_results(TESTING, older + newer)
    r = watch_papers(cat, since=date(2025, 3, 7), save=True, searcher=paged(10))
    assert [c.arxiv for c in r.candidates] == [f"2503.{10000 + i:05d}" for i in range(25)]
    assert [q.start for q in server.requests] == [0, 10, 20]
    assert all(gap >= 3.0 for gap in spaced(server))
    # The next run starts 14 days before the newest submission: 2025-03-17, one page, nothing new.
    later = watch_papers(cat, save=True, searcher=paged(10))
    assert later.candidates == [] and [q.start for q in server.requests[3:]] == [0, 10]
    assert len(later.runs) == 1 and later.runs[0].since == date(2025, 3, 17)


def test_a_bad_query_is_one_line_and_exit_1(cat: Catalog, server: ArxivReplay, vla: Invoke) -> None:
    server.script(Fault(kind="body", status=400, body=(DATA / RECORDED["abc"][0]).read_bytes()))
    res = vla("watch", "--query", "ti:(", "-C", str(cat.root))
    assert res.exit_code == 1
    assert res.stderr == "error: arXiv refused the query 'ti:(': incorrect id format for abc\n"


def test_arxiv_down_is_exit_3_and_names_the_searches_not_run(cat: Catalog, server: ArxivReplay,
                                                            vla: Invoke) -> None:
    server.always = Fault(status=503)
    res = vla("watch", "-C", str(cat.root), "--since", "2025-01-01", "-q")
    assert (res.exit_code, res.stdout) == (3, "")
    assert res.stderr == f"error: arXiv is unavailable at {server.url}: HTTP 503 (4 attempts)\n"
    # Two searches, the second one failing: the first one's papers are shown and saved.
    tax = cat.taxonomy
    tax["surveys"].watch = "abs:survey"
    cat.write_taxonomy(tax)
    server.always = None
    server.script(Fault(kind="replay"), *[Fault(status=503)] * 4)
    res = vla("watch", "-C", str(cat.root), "--since", "2025-01-01", "--save", "-q")
    assert res.exit_code == 3
    assert res.stderr.splitlines() == [
        "not run: surveys", f"error: arXiv is unavailable at {server.url}: HTTP 503 (4 attempts)"]
    assert [c.arxiv for c in read_inbox(cat).candidates] == ["2503.05378", "2502.07719"]


def saved(vla: Invoke, cat: Catalog, since: str = "2022-03-01") -> list[str]:
    res = vla("watch", "--since", since, "--save", "--format", "json", "-C", str(cat.root))
    assert res.exit_code == 0, res.output
    return [c.arxiv for c in read_inbox(cat).candidates]


def test_accept_files_full_metadata_and_empties_the_inbox(cat: Catalog, server: ArxivReplay, vla: Invoke) -> None:
    inbox = saved(vla, cat)
    # The one whose abstract names "software testing" first, then newest first.
    assert inbox == ["2302.03287", "2503.05378", "2502.07719", "2405.13786", "2204.08348"]
    asked = len(server.requests)
    res = vla("accept", "2503.05378", "https://arxiv.org/abs/2502.07719v2", "-C", str(cat.root))
    assert res.exit_code == 0, res.output
    assert len(server.requests) == asked  # the search's entries were cached: no request
    assert res.stdout.splitlines()[-1] == f"2 accepted, 0 failed · {cat.root}"
    p = Catalog(cat.root).get("2503.05378")
    assert p.categories == ["testing"] and p.authors and p.abstract and p.published == "2025-03-07"
    assert p.venue == "arXiv" and p.version == 2
    assert [c.arxiv for c in read_inbox(cat).candidates] == ["2302.03287", "2405.13786", "2204.08348"]
    res = vla("accept", "2405.13786", "-c", "surveys", "-C", str(cat.root))
    assert res.exit_code == 0 and Catalog(cat.root).get("2405.13786").categories == ["surveys"]
    # Accepted papers are in the catalog now: a new run does not propose them.
    (cat.root / "watch.toml").unlink()
    res = vla("watch", "--since", "2022-03-01", "-C", str(cat.root), "--format", "json")
    assert res.stdout.strip() == "[]"


def test_accept_what_is_not_in_the_inbox_fails_alone(cat: Catalog, server: ArxivReplay, vla: Invoke) -> None:
    saved(vla, cat)
    vla("reject", "2302.03287", "-C", str(cat.root))
    res = vla("accept", "2302.03287", "1605.08386", "2204.08348", "-C", str(cat.root))
    assert res.exit_code == 1
    assert res.stderr == ("2302.03287: rejected earlier (vla add files any paper)\n"
                          "1605.08386: not in the inbox (vla add files any paper)\n")
    assert "2204.08348" in Catalog(cat.root) and "1605.08386" not in Catalog(cat.root)
    # Accepted already: the catalog has it, and the message says so rather than 'vla add files any paper'.
    res = vla("accept", "2204.08348", "-C", str(cat.root))
    assert res.exit_code == 1 and res.stderr == (
        "2204.08348: already in the catalog as 2204.08348, not in the inbox (vla tag files it under more categories)\n")


def test_accepted_under_a_title_kept_without_an_id_is_refiled_not_doubled(cat: Catalog, server: ArxivReplay,
                                                                          vla: Invoke) -> None:
    saved(vla, cat)
    title = next(c.title for c in read_inbox(cat).candidates if c.arxiv == "2204.08348")
    # Filed meanwhile by hand, without its arXiv ID, under the same title in other words' case.
    cat.add(Paper("rest-api-testing", title.lower(), venue="ICSE", year=2023, categories=["surveys"],
                  code="https://github.com/x/y"))
    res = vla("accept", "2204.08348", "-C", str(cat.root))
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[0].startswith("accepted 2204.08348: re-filed rest-api-testing under it:")
    after = Catalog(cat.root)
    assert len(after) == 1 and not after.paper_path("rest-api-testing").exists()
    assert after.get("rest-api-testing").key == "2204.08348"  # the old key still finds it
    p = after.get("2204.08348")
    assert (p.venue, p.year, p.code, p.title) == ("ICSE", 2023, "https://github.com/x/y", title.lower())
    assert p.categories == ["surveys", "testing"] and p.authors and p.abstract


def test_accept_needs_a_category(cat: Catalog, server: ArxivReplay, vla: Invoke) -> None:
    res = vla("watch", "--query", "all:testing", "--since", "2025-01-01", "--save", "-C", str(cat.root))
    assert res.exit_code == 0, res.output
    res = vla("accept", "2503.05378", "-C", str(cat.root))
    assert (res.exit_code, res.stderr) == (1, "2503.05378: no category to file it under (pass -c CATEGORY)\n")
    res = vla("accept", "2503.05378", "-c", "nope", "-C", str(cat.root))
    assert (res.exit_code, res.stderr) == (1, "error: unknown category 'nope'\n")
    assert [c.arxiv for c in read_inbox(cat).candidates] == ["2503.05378", "2502.07719"]


def test_a_candidate_under_a_category_since_removed_fails_alone(cat: Catalog, server: ArxivReplay,
                                                                vla: Invoke) -> None:
    saved(vla, cat, since="2025-01-01")
    text = (cat.root / "inbox.toml").read_text().replace("'testing'", "'gone'", 1)
    (cat.root / "inbox.toml").write_text(text)
    first, second = (c.arxiv for c in read_inbox(cat).candidates)
    res = vla("accept", first, second, "-C", str(cat.root))
    assert res.exit_code == 1
    assert res.stderr == f"{first}: unknown category 'gone'\n"
    assert [c.arxiv for c in read_inbox(cat).candidates] == [first] and second in Catalog(cat.root)


def test_the_readmes_example(tmp_path: Path, server: ArxivReplay, vla: Invoke,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The guide's `vla watch` console block (docs/guides/watch.md), run as it says: its output, line for line."""
    readme = page("guides/watch.md")
    block = re.search(r"```console\n(\$ vla watch --since 2022-01-01\n.*?)```", readme, re.S)
    assert block is not None
    repo = tmp_path / "repo"
    cat = Catalog.init(repo / "catalog", Taxonomy([
        Category("testing", "Software Testing", aliases=["test generation"], watch="all:testing"),
        Category("deep-learning", "Deep Learning", watch='abs:"deep learning"')]))
    cat.add(Paper("2503.05378", "A Survey on Web Testing", arxiv="2503.05378", categories=["testing"]))
    server.search_results('abs:"deep learning"', [server.entries["2202.12139"], server.entries["2204.08348"]])
    monkeypatch.chdir(repo)
    shown: list[str] = []
    for line in block.group(1).splitlines():
        if line.startswith("$ "):
            res = vla(*shlex.split(line[2:])[1:])
            assert res.exit_code == 0 and res.stderr == "", res.output
            shown += [f"{line}", *res.stdout.splitlines()]
    assert shown == block.group(1).splitlines()
