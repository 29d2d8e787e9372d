"""vla watch without the network: saved searches on categories, what a run proposes and remembers,
the ranking, the inbox file, accept and reject. The searches are answered by a fake Searcher built
from recorded arXiv entries; tests/test_watch_arxiv.py runs the same against the loopback arXiv."""

from __future__ import annotations

import threading
import tomllib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import ARXIV_FIXTURES, Invoke
from hypothesis import given
from hypothesis import strategies as st

from vlacli.core.paper import Paper
from vlacli.core.taxonomy import Category, Taxonomy
from vlacli.errors import CatalogFormatError, InputError, ReadOnlyCatalog
from vlacli.ops.inbox import Candidate, Inbox, Rejected, read_inbox, reject_papers
from vlacli.ops.watch import (
    FIRST_RUN,
    OVERLAP,
    Search,
    SearchResult,
    SearchState,
    WatchState,
    advance,
    decide,
    names_in,
    plan,
    read_state,
    watch_papers,
)
from vlacli.sources.arxiv.atom import ArxivEntry, parse_feed
from vlacli.storage.catalog import Catalog
from vlacli.storage.store import read_toml

SEARCH = ARXIV_FIXTURES / "arxivpy2026__search__testing_s0_m10__doi_journal_ref.xml"
RECORDED = parse_feed(SEARCH.read_bytes()).entries  # 10 entries, submitted 2012-02-21 .. 2025-03-07
NOW = datetime(2025, 3, 20, 6, 17, tzinfo=UTC)


def newest_first(entries: list[ArxivEntry]) -> list[ArxivEntry]:
    return sorted(entries, key=lambda e: (e.published or "", e.id), reverse=True)


def by_id(*ids: str) -> list[ArxivEntry]:
    return [e for e in RECORDED if e.id in ids]


class FakeSearcher:
    """Answers each query from a list of entries, as the paged arXiv search would (newest first,
    down to ``since``), counting one request per page of ``page`` results."""

    def __init__(self, results: dict[str, list[ArxivEntry]], page: int = 100) -> None:
        self.results = results
        self.page = page
        self.requests_made = 0
        self.asked: list[tuple[str, date]] = []
        self.closed = False

    def search_since(self, query: str, since: date, limit: int) -> tuple[list[ArxivEntry], bool]:
        self.asked.append((query, since))
        out = [e for e in newest_first(self.results.get(query, []))
               if e.published is None or date.fromisoformat(e.published) >= since]
        self.requests_made += len(out) // self.page + 1
        return out[:limit], len(out) > limit

    def close(self) -> None:
        self.closed = True


TESTING = 'all:testing'
DEEP = 'abs:"deep learning"'


def taxonomy() -> Taxonomy:
    return Taxonomy([
        Category("software", "Software"),
        Category("testing", "Software Testing", parent="software", aliases=["metamorphic testing"], watch=TESTING),
        Category("deep", "Deep Learning", parent="software", aliases=["DL"], watch=DEEP),
        Category("other", "Other"),
    ])


@pytest.fixture
def cat(tmp_path: Path) -> Catalog:
    return Catalog.init(tmp_path / "cat", taxonomy())


@pytest.fixture
def searcher() -> FakeSearcher:
    deep = [e for e in RECORDED if "deep" in (e.abstract or "").lower() or "deep" in e.title.lower()]
    return FakeSearcher({TESTING: list(RECORDED), DEEP: deep})


def ids(cands: list[Candidate]) -> list[str]:
    return [c.arxiv for c in cands]


# -- the taxonomy's field -------------------------------------------------------------------------
def test_a_category_carries_a_saved_search() -> None:
    data = {"category": [{"slug": "q", "name": "Q", "watch": 'abs:"vla" AND abs:quantization', "colour": "blue"}]}
    tax = Taxonomy.from_dict(data)
    assert tax["q"].watch == 'abs:"vla" AND abs:quantization'
    assert tax.to_dict() == data
    with pytest.raises(InputError) as err:
        Taxonomy.from_dict({"category": [{"slug": "q", "name": "Q", "watch": 3}]})
    assert str(err.value) == "taxonomy.toml: category 'q': 'watch' must be a string"


# -- planning -------------------------------------------------------------------------------------
def test_plan_every_saved_search_a_subtree_or_a_one_off_query() -> None:
    tax, state = taxonomy(), WatchState()
    today = NOW.date()
    assert [(s.name, s.since, s.remembered) for s in plan(tax, state, today=today)] == [
        ("testing", today - FIRST_RUN, True), ("deep", today - FIRST_RUN, True)]
    assert [s.name for s in plan(tax, state, ["Software Testing"], today=today)] == ["testing"]
    assert [s.name for s in plan(tax, state, ["software"], today=today)] == ["testing", "deep"]
    one = plan(tax, state, ["other", "testing"], query=" cat:cs.RO ", since=date(2025, 1, 1), today=today)
    assert [(s.name, s.query, s.categories, s.remembered) for s in one] == [
        ("--query", "cat:cs.RO", ["other", "testing"], False)]
    remembered = WatchState({"testing": SearchState(TESTING, since=date(2025, 2, 1)),
                             "deep": SearchState("an older query", since=date(2025, 2, 1))})
    assert [(s.name, s.since) for s in plan(tax, remembered, today=today)] == [
        ("testing", date(2025, 2, 1)), ("deep", today - FIRST_RUN)]  # a changed query starts afresh
    assert plan(tax, remembered, since=date(2020, 1, 1), today=today)[0].since == date(2020, 1, 1)


def test_plan_without_saved_searches_says_what_to_do() -> None:
    with pytest.raises(InputError) as err:
        plan(taxonomy(), WatchState(), ["other"], today=NOW.date())
    assert str(err.value) == ("no saved searches in other (add watch = '<arXiv query>' to a category in "
                              "taxonomy.toml, or pass --query)")
    with pytest.raises(InputError, match=r"^query is empty"):  # the library names the parameter; the CLI, its option
        plan(taxonomy(), WatchState(), query="  ", today=NOW.date())


# -- deciding -------------------------------------------------------------------------------------
def finding(name: str, entries: list[ArxivEntry], since: date = date(2000, 1, 1), cats: list[str] | None = None,
            remembered: bool = True) -> SearchResult:
    return SearchResult(Search(name, {"testing": TESTING, "deep": DEEP}.get(name, name), since,
                          [name] if cats is None else cats, remembered), newest_first(entries))


def test_decide_drops_what_the_catalog_has_and_what_was_rejected_or_saved() -> None:
    tax = taxonomy()
    papers = [Paper("2503.05378", "Anything", arxiv="2503.05378"),
              # kept without an arXiv ID, under another spelling of a recorded title
              Paper("dl-testing", RECORDED[0].title.upper() + "!")]
    inbox = Inbox([Candidate("2502.07719", "Waiting")], [Rejected("1202.4527")])
    d = decide([finding("testing", list(RECORDED))], papers, inbox, WatchState(), tax, NOW)
    n = d.counts
    assert (n.found, n.in_catalog, n.rejected, n.in_inbox) == (10, 2, 1, 1)
    assert set(ids(d.candidates)) == {"2405.13786", "2204.08348", "2005.14124", "2302.03287", "1205.1866",
                                      "1812.11470"}
    assert ids(d.in_inbox) == ["2502.07719"]


def test_ranking_reasons_first_then_newest() -> None:
    tax = taxonomy()
    deep = by_id("2202.12139", "2204.08348", "1812.11470")
    d = decide([finding("testing", list(RECORDED)), finding("deep", deep)], [], Inbox(), WatchState(), tax, NOW)
    first = d.candidates[: sum(1 for c in d.candidates if c.reasons)]
    assert all(c.reasons for c in first) and not any(c.reasons for c in d.candidates[len(first):])
    for group in (first, d.candidates[len(first):]):
        assert [c.published for c in group] == sorted((c.published for c in group), reverse=True)
    both = {c.arxiv: c for c in d.candidates}["2202.12139"]
    assert both.categories == ["testing", "deep"]
    assert both.reasons[0] == "matched 2 searches: testing, deep"
    assert 'abstract names "Deep Learning" (deep)' in both.reasons
    assert all(c.categories == ["testing"] for c in d.candidates if c.arxiv not in {e.id for e in deep})


def test_names_in_is_a_phrase_match_blind_to_case_and_punctuation() -> None:
    c = Category("q", "Quantization", aliases=["low-bit", "DL"])
    assert names_in("We study LOW BIT inference.", c) == "low-bit"
    assert names_in("Post-training quantization, at last", c) == "Quantization"
    assert names_in("Dlx is not DL-free", c) == "DL"
    assert names_in("quantizations and below-bit", c) is None
    assert names_in(None, c) is None


def test_advance_starts_the_next_run_an_overlap_before_the_newest_submission() -> None:
    f = finding("testing", by_id("2503.05378", "2502.07719"), since=date(2025, 2, 1))
    s = advance(SearchState(TESTING, extra={"note": "x"}), f, NOW)
    assert (s.since, s.last_run, s.extra) == (date(2025, 3, 7) - OVERLAP, NOW, {"note": "x"})
    # never earlier than before, even when a run with an early --since finds only old papers
    assert advance(s, finding("testing", by_id("2302.03287"), since=date(2023, 1, 1)), NOW).since == s.since
    assert advance(SearchState(TESTING), finding("testing", [], since=date(2025, 1, 1)), NOW).since == date(2025, 1, 1)


# -- runs -----------------------------------------------------------------------------------------
def test_a_saving_run_proposes_remembers_and_a_second_run_proposes_nothing(cat: Catalog,
                                                                           searcher: FakeSearcher) -> None:
    shown = watch_papers(cat, since=date(2022, 3, 1), searcher=searcher, now=NOW)
    newer = [e.id for e in newest_first(list(RECORDED)) if e.published and e.published >= "2022-03-01"]
    assert sorted(ids(shown.candidates)) == sorted(newer) and len(newer) == 5
    # 2302.03287's abstract names "software testing": it comes first, with the reason.
    assert shown.candidates[0].arxiv == "2302.03287"
    assert shown.candidates[0].reasons == ['abstract names "Software Testing" (testing)']
    assert ids(shown.candidates[1:]) == [i for i in newer if i != "2302.03287"]
    assert searcher.closed and shown.requests == 2 and shown.remembered  # a run that shows remembers too
    assert not (cat.root / "inbox.toml").exists()  # but saves nothing

    r = watch_papers(cat, since=date(2022, 3, 1), save=True, searcher=searcher, now=NOW)
    assert ids(r.candidates) == ids(shown.candidates) == r.saved and r.remembered
    state = read_state(cat)
    assert set(state.searches) == {"testing", "deep"}
    assert state.searches["testing"].since == date(2025, 3, 7) - OVERLAP
    assert state.searches["testing"].last_run == NOW
    assert state.searches["deep"].since == date(2022, 3, 1)  # it found nothing that new
    box = read_inbox(cat)
    assert ids(box.candidates) == r.saved
    text = (cat.root / "inbox.toml").read_text()
    assert text.startswith("# Papers proposed by `vla watch --save`")
    assert Inbox.from_dict(read_toml(cat.root / "inbox.toml"), cat.root / "inbox.toml").dumps() == text

    again = watch_papers(cat, since=date(2022, 3, 1), save=True, searcher=searcher, now=NOW)
    assert again.candidates == [] and again.saved == [] and again.counts.in_inbox == 5
    assert (cat.root / "inbox.toml").read_text() == text
    later = watch_papers(cat, save=True, searcher=searcher, now=NOW + timedelta(days=7))
    assert later.candidates == []
    assert searcher.asked[-2:] == [(TESTING, date(2025, 2, 21)), (DEEP, date(2022, 3, 1))]


def test_runs_that_only_show_remember_and_a_save_loses_nothing(cat: Catalog, searcher: FakeSearcher) -> None:
    """The issue: each run remembers its searches' last run, so the next one shows only what is new.
    A run that only showed leaves the --save place where it was: the papers it showed are saved by
    the next --save run, never lost between the two."""
    first = watch_papers(cat, since=date(2022, 3, 1), searcher=searcher, now=NOW)
    assert len(first.candidates) == 5 and first.remembered
    state = read_state(cat).searches["testing"]
    assert state.since is None and state.shown_since == date(2025, 3, 7) - OVERLAP
    assert set(state.shown) <= {c.arxiv for c in first.candidates} and state.shown  # those in its window
    again = watch_papers(cat, searcher=searcher, now=NOW + timedelta(days=1))  # no --since: where it left off
    assert again.candidates == []
    assert searcher.asked[-2][1] == date(2025, 3, 7) - OVERLAP
    saved = watch_papers(cat, since=date(2022, 3, 1), save=True, searcher=searcher, now=NOW + timedelta(days=1))
    assert sorted(saved.saved) == sorted(c.arxiv for c in first.candidates)  # nothing shown was lost
    after = read_state(cat).searches["testing"]
    assert after.since == date(2025, 3, 7) - OVERLAP and after.shown == []
    assert watch_papers(cat, searcher=searcher, now=NOW + timedelta(days=2)).candidates == []


def test_a_read_only_catalog_can_be_watched_not_saved(cat: Catalog, searcher: FakeSearcher) -> None:
    ro = Catalog(cat.root, read_only=True)
    assert len(watch_papers(ro, since=date(2022, 3, 1), searcher=searcher, now=NOW).candidates) == 5
    with pytest.raises(ReadOnlyCatalog):
        watch_papers(ro, save=True, searcher=searcher, now=NOW)
    one_off = watch_papers(ro, query=TESTING, since=date(2025, 1, 1), searcher=searcher, now=NOW)
    assert ids(one_off.candidates) == ["2503.05378", "2502.07719"] and one_off.candidates[0].categories == []


def test_reject_keeps_a_paper_out(cat: Catalog, searcher: FakeSearcher) -> None:
    r = watch_papers(cat, since=date(2022, 3, 1), save=True, searcher=searcher, now=NOW)
    assert len(r.saved) == 5
    rep = reject_papers(cat, ["arXiv:2503.05378", "2503.05378v2", "1202.4527", "nope"])
    assert (rep.rejected, rep.already) == (["2503.05378", "1202.4527"], [])
    assert rep.failures == ["nope: not an arXiv identifier"]
    box = read_inbox(cat)
    assert "2503.05378" not in ids(box.candidates)
    assert [(x.arxiv, x.title) for x in box.rejected] == [("1202.4527", None),
                                                          ("2503.05378", by_id("2503.05378")[0].title)]
    assert reject_papers(cat, ["2503.05378"]).already == ["2503.05378"]
    again = watch_papers(cat, since=date(2000, 1, 1), save=True, searcher=searcher, now=NOW)
    assert "2503.05378" not in ids(again.candidates) and "1202.4527" not in ids(again.candidates)
    assert again.counts.rejected == 2 and again.counts.in_inbox == 4 and len(again.saved) == 4


def test_a_paper_in_the_inbox_found_by_a_new_search_gains_its_category(cat: Catalog) -> None:
    first = FakeSearcher({TESTING: by_id("2202.12139")})
    watch_papers(cat, ["testing"], since=date(2022, 1, 1), save=True, searcher=first, now=NOW)
    both = FakeSearcher({DEEP: by_id("2202.12139")})
    r = watch_papers(cat, ["deep"], since=date(2022, 1, 1), save=True, searcher=both, now=NOW)
    assert r.candidates == [] and r.updated == ["2202.12139"]
    assert read_inbox(cat).candidates[0].categories == ["testing", "deep"]


def test_reject_refuses_a_paper_in_the_catalog(cat: Catalog) -> None:
    cat.add(Paper("2503.05378", "T", arxiv="2503.05378", categories=["testing"]))
    rep = reject_papers(cat, ["2503.05378"])
    assert rep.failures == ["2503.05378: already in the catalog as 2503.05378 (vla remove takes it out)"]
    with pytest.raises(InputError, match="no arXiv IDs given"):
        reject_papers(cat, [])


def test_a_network_error_keeps_the_searches_done_before_it(cat: Catalog) -> None:
    from vlacli.errors import ServiceUnavailable

    class Failing(FakeSearcher):
        def search_since(self, query: str, since: date, limit: int) -> tuple[list[ArxivEntry], bool]:
            if query == DEEP:
                raise ServiceUnavailable("arXiv is unavailable at http://x: connection refused (4 attempts)")
            return super().search_since(query, since, limit)

    r = watch_papers(cat, since=date(2025, 1, 1), save=True, searcher=Failing({TESTING: list(RECORDED)}), now=NOW)
    assert ids(r.candidates) == ["2503.05378", "2502.07719"] and r.left == ["deep"] and len(r.saved) == 2
    assert r.error is not None and set(read_state(cat).searches) == {"testing"}


def test_limit_cuts_a_search_and_says_so(cat: Catalog) -> None:
    r = watch_papers(cat, ["testing"], since=date(2000, 1, 1), limit=3,
                     searcher=FakeSearcher({TESTING: list(RECORDED)}), now=NOW)
    assert len(r.candidates) == 3 and r.runs[0].truncated
    with pytest.raises(InputError, match=r"^limit must be at least 1"):  # the CLI says --limit
        watch_papers(cat, limit=0, searcher=FakeSearcher({}), now=NOW)


def test_a_decision_is_made_under_the_lock_on_fresh_files(cat: Catalog, searcher: FakeSearcher, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A watch paused between its searches and its writes, while another process rejects a candidate
    and files another: the watch proposes neither, and the rejection is not lost."""
    gate = tmp_path / "gate"
    monkeypatch.setenv("VLA_TEST_PAUSE", f"watch.searched={gate}")
    out: dict[str, object] = {}
    t = threading.Thread(target=lambda: out.update(r=watch_papers(
        cat, since=date(2022, 3, 1), save=True, searcher=searcher, now=NOW)))
    t.start()
    for _ in range(2000):
        if Path(f"{gate}.waiting").exists():
            break
        threading.Event().wait(0.005)
    assert Path(f"{gate}.waiting").exists()
    other = Catalog(cat.root)  # another process's view
    reject_papers(other, ["2503.05378"])
    other.add(Paper("2502.07719", "Filed meanwhile", arxiv="2502.07719", categories=["testing"]))
    gate.touch()
    t.join(10)
    r = out["r"]
    assert "2503.05378" not in ids(r.candidates) and "2502.07719" not in ids(r.candidates)  # type: ignore[attr-defined]
    box = read_inbox(cat)
    assert [x.arxiv for x in box.rejected] == ["2503.05378"]
    assert not {"2503.05378", "2502.07719"} & set(ids(box.candidates))


# -- the files ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "message"), [
    ("candidate = 3", "'candidate' must be an array of tables ([[candidate]])"),
    ("[[candidate]]\ntitle = 'x'", "[[candidate]] #1 needs an 'arxiv' ID"),
    ("[[candidate]]\narxiv = 'abc'\ntitle = 'x'", "[[candidate]] #1: abc: not an arXiv identifier"),
    ("[[candidate]]\narxiv = '2503.05378'", "[[candidate]] #1 (2503.05378): 'title' must be a string"),
    ("[[candidate]]\narxiv = '2503.05378'\ntitle = 'x'\nauthors = 'A B'",
     "[[candidate]] #1 (2503.05378): 'authors' must be a list of strings"),
    ("[[candidate]]\narxiv = '2503.05378'\ntitle = 'x'\n[[candidate]]\narxiv = 'arXiv:2503.05378v1'\ntitle = 'y'",
     "[[candidate]] #2: 2503.05378 is proposed twice"),
    ("[[rejected]]\narxiv = '2503.05378'\ntitle = 1", "[[rejected]] #1 (2503.05378): 'title' must be a string"),
])
def test_a_broken_inbox_is_one_clear_error(cat: Catalog, vla: Invoke, text: str, message: str) -> None:
    (cat.root / "inbox.toml").write_text(text)
    with pytest.raises(CatalogFormatError) as err:
        read_inbox(cat)
    assert str(err.value) == f"{cat.root / 'inbox.toml'}: {message}"
    res = vla("inbox", "-C", str(cat.root))
    assert (res.exit_code, res.stderr) == (1, f"error: {cat.root / 'inbox.toml'}: {message}\n")


@pytest.mark.parametrize(("text", "message"), [
    ("search = 1", "'search' must be a table of tables ([search.SLUG])"),
    ("[search.testing]\nsince = 2025-01-01", "[search.testing] needs a 'query' string"),
    ("[search.testing]\nquery = 'q'\nsince = 'soon'",
     "[search.testing]: 'since' must be a date (2026-01-31), not 'soon'"),
    ("[search.testing]\nquery = 'q'\nlast_run = 3", "[search.testing]: 'last_run' must be a date and time"),
])
def test_a_broken_watch_file_is_one_clear_error(cat: Catalog, text: str, message: str) -> None:
    (cat.root / "watch.toml").write_text(text)
    with pytest.raises(CatalogFormatError) as err:
        read_state(cat)
    assert str(err.value) == f"{cat.root / 'watch.toml'}: {message}"


def test_unknown_fields_are_kept_and_the_bytes_are_stable(cat: Catalog, searcher: FakeSearcher) -> None:
    (cat.root / "inbox.toml").write_text("owner = 'me'\n[[candidate]]\narxiv = '2005.14124'\ntitle = 'x'\n"
                                         "note = 'looks good'\ncategories = ['testing']\n")
    (cat.root / "watch.toml").write_text("[search.testing]\nquery = 'all:testing'\nnote = 'weekly'\n")
    watch_papers(cat, since=date(2022, 3, 1), save=True, searcher=searcher, now=NOW)
    inbox = read_toml(cat.root / "inbox.toml")
    assert inbox["owner"] == "me" and inbox["candidate"][-1]["note"] == "looks good"
    assert read_toml(cat.root / "watch.toml")["search"]["testing"]["note"] == "weekly"
    text = (cat.root / "inbox.toml").read_text()
    assert read_inbox(cat).dumps() == text


# -- the commands, with the fake searcher -----------------------------------------------------------
@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch, searcher: FakeSearcher) -> FakeSearcher:
    monkeypatch.setattr("vlacli.sources.arxiv.fetch.Fetcher", lambda **_: searcher)  # as the command makes it
    return searcher


def test_watch_command_lists_and_saves(cat: Catalog, fake: FakeSearcher, vla: Invoke) -> None:
    res = vla("watch", "--since", "2025-01-01", "-C", str(cat.root))
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0] == f"2503.05378  2025-03-07  {by_id('2503.05378')[0].title}"
    assert lines[1] == "    testing"
    assert lines[-2:] == [
        f"2 new papers (2 found: 0 in the catalog, 0 rejected, 0 in the inbox); 2 searches, 2 requests · {cat.root}",
        "shown, not saved: the next run shows only newer papers; vla watch --save puts these in the inbox"]
    res = vla("watch", "--since", "2025-01-01", "-C", str(cat.root), "--save", "-q")
    assert (res.exit_code, res.stdout) == (0, "")
    res = vla("watch", "--since", "2025-01-01", "-C", str(cat.root), "--format", "json")
    assert res.exit_code == 0 and res.stdout.strip() == "[]"
    res = vla("watch", "--since", "2022-03-01", "--save", "-C", str(cat.root), "--format", "json")
    import json

    data = json.loads(res.stdout)
    assert list(data[0]) == ["arxiv", "link", "title", "authors", "published", "categories", "reasons", "abstract"]
    assert len(data) == 3 and data[0]["link"] == f"https://arxiv.org/abs/{data[0]['arxiv']}"
    res = vla("inbox", "--format", "ids", "-C", str(cat.root))
    assert sorted(res.stdout.split()) == sorted(["2503.05378", "2502.07719", *(d["arxiv"] for d in data)])
    res = vla("inbox", "-C", str(cat.root))
    assert res.stdout.splitlines()[-1] == f"5 candidates, 0 rejected · {cat.root}"
    res = vla("inbox", "-C", str(cat.root), "--format", "json")
    assert json.loads(res.stdout)[0] == data[0]  # the one with a reason, first in both


@pytest.mark.parametrize(("args", "message"), [
    (["--since", "last week"], "error: --since must be a date such as 2026-01-31, not 'last week'\n"),
    (["--format", "xml"],
     "error: Invalid value for '--format' / '-f': 'xml' is not one of 'text', 'json'. (see 'vla watch --help')\n"),
    (["nope"], "error: unknown category 'nope'\n"),
])
def test_watch_command_bad_input(cat: Catalog, fake: FakeSearcher, vla: Invoke, args: list[str], message: str) -> None:
    res = vla("watch", *args, "-C", str(cat.root))
    assert res.stderr == message and res.exit_code in (1, 2)


def test_reject_command(cat: Catalog, vla: Invoke) -> None:
    res = vla("reject", "2503.05378", "abc", "-C", str(cat.root))
    assert (res.exit_code, res.stdout, res.stderr) == (1, f"rejected 2503.05378 · {cat.root}\n",
                                                       "abc: not an arXiv identifier\n")
    res = vla("reject", "2503.05378", "-C", str(cat.root))
    assert (res.exit_code, res.stdout) == (0, f"2503.05378: rejected already · {cat.root}\n")
    res = vla("inbox", "--rejected", "-C", str(cat.root))
    assert res.stdout == "2503.05378\n"


# -- round trips ------------------------------------------------------------------------------------
_text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=40)
_ids = st.sampled_from(["2503.05378", "2502.07719", "hep-th/9901001", "1605.08386", "math.GT/0309136"])


@st.composite
def inboxes(draw: st.DrawFn) -> Inbox:
    cands = {}
    for aid in draw(st.lists(_ids, max_size=4, unique=True)):
        cands[aid] = Candidate(aid, draw(_text), draw(st.none() | _text), draw(st.lists(_text, max_size=3)),
                               draw(st.lists(_text, max_size=2)), draw(st.lists(_text, max_size=2)),
                               draw(st.none() | _text),
                               draw(st.dictionaries(st.sampled_from(["note", "x y", "score"]),
                                                    _text | st.integers() | st.dictionaries(_text, _text),
                                                    max_size=2)))
    rejected = [Rejected(aid, draw(st.none() | _text)) for aid in draw(st.lists(_ids, max_size=3, unique=True))]
    return Inbox(list(cands.values()), sorted(rejected, key=lambda r: r.arxiv),
                 draw(st.dictionaries(st.sampled_from(["owner", "list"]), _text | st.lists(_text), max_size=2)))


@given(inboxes())
def test_the_inbox_file_reads_back_as_written(inbox: Inbox) -> None:
    path = Path("inbox.toml")
    text = inbox.dumps()
    again = Inbox.from_dict(tomllib.loads(text), path)
    assert again.dumps() == text
    assert [c.to_dict() for c in again.candidates] == [c.to_dict() for c in inbox.candidates]
    assert [r.to_dict() for r in again.rejected] == [r.to_dict() for r in inbox.rejected]
    assert again.extra == {k: inbox.extra[k] for k in sorted(inbox.extra)}


@given(st.dictionaries(st.sampled_from(["testing", "deep", "a-b", "x y"]),
                       st.tuples(_text, st.none() | st.dates(), st.none() | st.datetimes(timezones=st.just(UTC)),
                                 st.dictionaries(st.sampled_from(["note", "every"]), _text, max_size=1)),
                       max_size=3))
def test_the_watch_file_reads_back_as_written(searches: dict[str, tuple[str, Any, Any, dict[str, Any]]]) -> None:
    state = WatchState({slug: SearchState(q, last_run=run.replace(microsecond=0) if run else None, since=since,
                                          extra=extra) for slug, (q, since, run, extra) in searches.items()})
    text = state.dumps()
    again = WatchState.from_dict(tomllib.loads(text), Path("watch.toml"))
    assert again.dumps() == text and again.searches == {k: state.searches[k] for k in sorted(state.searches)}
