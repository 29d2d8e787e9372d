"""Where preprints were published: the matching rule, the weighing of sources, the ownership rule
and --apply, with the services replaced by in-process fakes (the HTTP side is in test_scholarly_*)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from vlacli.core.paper import Paper
from vlacli.core.venues import default_table
from vlacli.errors import InputError, ReadOnlyCatalog, ScholarlyError
from vlacli.ops.venues import (
    CONFLICT,
    MOVE,
    NONE,
    PINNED,
    PUBLISHED,
    UNKNOWN,
    WORKSHOP,
    Evidence,
    accepts,
    find_venues,
    from_arxiv_fields,
    from_s2,
    weigh,
)
from vlacli.sources.net import cache as cache_mod
from vlacli.sources.scholarly.dblp import DblpHit
from vlacli.sources.scholarly.fetch import Sources
from vlacli.sources.scholarly.s2 import S2Paper
from vlacli.storage.catalog import Catalog

T = default_table()


class FakeS2:
    def __init__(self, records: dict[str, dict[str, Any] | None], fail: Exception | None = None) -> None:
        self.records = records
        self.requests_made = 0
        self.asked: list[list[str]] = []
        self.fail = fail

    def batch(self, ids: Sequence[str]) -> list[dict[str, Any] | None]:
        self.requests_made += 1
        self.asked.append(list(ids))
        if self.fail is not None:
            raise self.fail
        return [self.records.get(i) for i in ids]

    def close(self) -> None:
        pass


class FakeDblp:
    def __init__(self, hits: dict[str, list[DblpHit]], fail_after: int | None = None) -> None:
        self.hits = hits
        self.requests_made = 0
        self.fail_after = fail_after

    def search(self, query: str) -> list[DblpHit]:
        if self.fail_after is not None and self.requests_made >= self.fail_after:
            self.requests_made += 1
            raise ScholarlyError("DBLP is unavailable at http://127.0.0.1:1: HTTP 503 (4 attempts)")
        self.requests_made += 1
        return self.hits.get(query, [])

    def close(self) -> None:
        pass


def s2_record(arxiv: str | None, title: str, first: str, *, venue: str = "arXiv.org", dblp: str | None = None,
              year: int = 2025, citations: int | None = 10, doi: str | None = None,
              journal: dict[str, Any] | None = None) -> dict[str, Any]:
    ext: dict[str, Any] = {"CorpusId": 1}
    if arxiv:
        ext["ArXiv"] = arxiv
    if dblp:
        ext["DBLP"] = dblp
    if doi:
        ext["DOI"] = doi
    return {"paperId": "p" + (arxiv or title), "externalIds": ext, "title": title,
            "authors": [{"authorId": "1", "name": first}, {"authorId": "2", "name": "Second Author"}],
            "year": year, "venue": venue, "publicationVenue": {"id": "v", "name": venue},
            "publicationDate": f"{year}-06-01", "journal": journal, "citationCount": citations}


def make_catalog(tmp_path: Path, papers: list[Paper]) -> Catalog:
    cat = Catalog.init(tmp_path / "cat")
    cat.save_many(papers)
    return cat


def paper(key: str, title: str, first: str = "Ada Lovelace", **kw: Any) -> Paper:
    return Paper(key=key, arxiv=key if key[0].isdigit() else None, title=title, authors=[first, "Bo Li"],
                 year=kw.pop("year", 2024), venue=kw.pop("venue", "arXiv"), categories=["x"], **kw)


# -- the matching rule --------------------------------------------------------------------------------

def test_family_names() -> None:
    from vlacli.core.matching import family_key as family_name

    assert family_name("Pengxiang Ding 0002") == "ding" and family_name("Ding, Pengxiang") == "ding"
    assert family_name("Ludwig van Beethoven") == "beethoven" and family_name("José Núñez") == "nunez"
    assert family_name("") == ""


def how(m: object) -> str | None:
    return getattr(m, "how", None)


def test_accepts() -> None:
    p = paper("2508.19958", "Long-VLA: Unleashing Long-Horizon Capability", "Yiguo Fan")
    assert how(accepts(p, arxiv="2508.19958")) == "arXiv ID"
    assert how(accepts(p, arxiv="arXiv:2508.19958v2")) == "arXiv ID"
    assert how(accepts(p, title="LONG-VLA unleashing long horizon capability.", authors=["Yiguo Fan 0001"])) \
        == "title"  # with the first author: a title alone is never enough
    # a title alone is never enough
    assert accepts(p, title="Long-VLA: Unleashing Long-Horizon Capability", authors=["Someone Else"]) is None
    assert accepts(p, title="Long-VLA: Unleashing Long-Horizon Capability") is None
    assert accepts(p, arxiv="2508.19959", title="Other", authors=["Yiguo Fan"]) is None
    p.doi = "10.1109/LRA.2025.1"
    assert how(accepts(p, doi="10.1109/lra.2025.1")) == "DOI"
    nobody = Paper(key="x", title="T")
    assert accepts(nobody, title="T", authors=["A B"]) is None


# -- findings and weighing ------------------------------------------------------------------------------

def test_arxiv_fields() -> None:
    p = paper("2501.00001", "T", journal_ref="Accepted at CoRL 2024, Munich", doi="10.1109/LRA.2025.3")
    [ref, doi] = from_arxiv_fields(p, T)
    assert (ref.name, ref.year, ref.source) == ("CoRL", 2024, "arXiv journal ref")
    assert (doi.name, doi.source) == ("RA-L", "arXiv DOI")
    assert from_arxiv_fields(paper("2501.00001", "T", journal_ref="Submitted to ICRA 2025"), T) == []


def test_s2_findings() -> None:
    rec = S2Paper(venue_name="Conference on Robot Learning", dblp="conf/corl/FanDW25", year=2024)
    dblp, s2 = from_s2(rec, T)
    assert (dblp.source, dblp.name, dblp.year) == ("DBLP conf/corl", "CoRL", 2025)
    assert (s2.source, s2.name, s2.year) == ("Semantic Scholar", "CoRL", 2024)
    placement = weigh([dblp, s2])
    assert placement is not None and placement.label() == "CoRL 2025"  # DBLP's year is surer
    assert placement.sources == ("DBLP conf/corl", "Semantic Scholar")
    assert from_s2(S2Paper(venue="arXiv.org", journal="ArXiv", dblp="journals/corr/abs-2506-01844"), T) == []
    [journal] = from_s2(S2Paper(venue_name="IEEE Robotics and Automation Letters", journal="IEEE Robotics and "
                                "Automation Letters", volume="10", pages="1-8", doi="10.1109/LRA.2025.1"), T)
    assert (journal.name, journal.volume, journal.pages, journal.doi) == ("RA-L", "10", "1-8", "10.1109/LRA.2025.1")
    [alt] = from_s2(S2Paper(venue_name="Some Odd Name", venue_alternates=["CoRL"]), T)
    assert alt.name == "CoRL"
    [unknown] = from_s2(S2Paper(venue_name="Journal of Irreproducible Results", year=2020), T)
    assert (unknown.name, unknown.kind, unknown.known) == ("Journal of Irreproducible Results", "unknown", False)


def test_weigh_disagreement() -> None:
    corl = Evidence("DBLP conf/corl", "CoRL", "conference", True, 2024)
    ws = Evidence("Semantic Scholar", "CoRL Workshop on X", "workshop", False, 2024)
    icra = Evidence("arXiv journal ref", "ICRA", "conference", True, 2025)
    assert weigh([corl, ws]) is None and weigh([corl, icra]) is None and weigh([]) is None


# -- find_venues: proposals, ownership, apply ------------------------------------------------------------

@pytest.fixture
def scenario(tmp_path: Path) -> tuple[Catalog, dict[str, dict[str, Any] | None]]:
    papers = [
        paper("2508.19958", "Long-VLA", "Yiguo Fan"),  # CoRL 2025 by S2 + DBLP
        paper("2507.02190", "cVLA", "Max Argus"),  # a workshop
        paper("2506.01844", "SmolVLA", "Mustafa Shukor", pinned=["venue"]),  # set by hand
        paper("2409.12514", "TinyVLA", "Junjie Wen", venue="RA-L", year=2025),  # published already, S2 agrees
        paper("2411.00508", "CLIP-RT", "Gi-Cheon Kang", venue="RSS"),  # published, S2 names another venue
        paper("2502.00001", "Odd", "Ann Odd"),  # a venue the table lacks
        paper("2502.00002", "Split", "Sam Split"),  # sources disagree
        paper("2502.00003", "Wrong", "Real Author"),  # S2's record is another paper
        paper("2502.00004", "Unknown to S2", "Nia Null"),  # null
        paper("2502.00005", "Still a preprint", "Pre Print"),
        paper("2502.00006", "Year pinned", "Yan Pin", year=2024, pinned=["year"]),
    ]
    records: dict[str, dict[str, Any] | None] = {
        "ARXIV:2508.19958": s2_record("2508.19958", "Long-VLA", "Yiguo Fan", venue="Conference on Robot Learning",
                                      dblp="conf/corl/FanDW25", year=2025, citations=14),
        "ARXIV:2507.02190": s2_record("2507.02190", "cVLA", "Max Argus",
                                      venue="CoRL 2025 Workshop on Making Sense of Data in Robotics"),
        "ARXIV:2506.01844": s2_record("2506.01844", "SmolVLA", "Mustafa Shukor",
                                      venue="Neural Information Processing Systems", citations=97),
        "ARXIV:2409.12514": s2_record("2409.12514", "TinyVLA", "Junjie Wen",
                                      venue="IEEE Robotics and Automation Letters", dblp="journals/ral/WenZ25"),
        "ARXIV:2411.00508": s2_record("2411.00508", "CLIP-RT", "Gi-Cheon Kang", venue="ICRA"),
        "ARXIV:2502.00001": s2_record("2502.00001", "Odd", "Ann Odd", venue="Symposium on Odd Robots"),
        "ARXIV:2502.00002": s2_record("2502.00002", "Split", "Sam Split", venue="ICRA", dblp="conf/iros/SplitX25"),
        "ARXIV:2502.00003": s2_record("2503.99999", "Another paper", "Someone Else", venue="ICRA"),
        "ARXIV:2502.00004": None,
        "ARXIV:2502.00005": s2_record("2502.00005", "Still a preprint", "Pre Print",
                                      dblp="journals/corr/abs-2502-00005", citations=0),
        "ARXIV:2502.00006": s2_record("2502.00006", "Year pinned", "Yan Pin", venue="ICML", year=2025,
                                      citations=None),
    }
    return make_catalog(tmp_path, papers), records


def by_key(report: Any) -> dict[str, Any]:
    return {p.key: p for p in report.proposals}


def test_proposals(scenario: tuple[Catalog, dict[str, Any]]) -> None:
    cat, records = scenario
    fake = FakeS2(records)
    before = {p.key: p.to_dict() for p in cat.papers()}
    report = find_venues(cat, all_papers=True, sources=Sources(s2_factory=lambda: fake))
    got = by_key(report)
    assert {k: p.action for k, p in got.items()} == {
        "2508.19958": MOVE, "2507.02190": WORKSHOP, "2506.01844": PINNED, "2409.12514": NONE,
        "2411.00508": PUBLISHED, "2502.00001": UNKNOWN, "2502.00002": CONFLICT, "2502.00003": NONE,
        "2502.00004": NONE, "2502.00005": NONE, "2502.00006": MOVE}
    assert got["2508.19958"].line(10) == "2508.19958  arXiv → CoRL 2025  (DBLP conf/corl, Semantic Scholar)"
    assert got["2508.19958"].citations == 14 and got["2508.19958"].citations_date is not None
    assert got["2507.02190"].notes == ["a workshop, not the conference: not applied (--workshops applies it)"]
    assert got["2506.01844"].notes == ["venue set by hand: kept"]
    assert got["2411.00508"].notes == ["already at RSS: kept"]
    assert got["2502.00001"].notes == ["'Symposium on Odd Robots' is not in the venue table: add it to venues.toml "
                                       "(short name, kind) to apply"]
    assert got["2502.00002"].notes == ["the sources disagree (DBLP conf/iros: IROS; Semantic Scholar: ICRA): "
                                       "not applied"]
    assert got["2502.00002"].line() == "2502.00002  arXiv → IROS 2025 | ICRA 2025  (DBLP conf/iros | Semantic Scholar)"
    assert got["2502.00003"].notes == ["Semantic Scholar's record for ARXIV:2502.00003 has another title ('Another "
                                       "paper'): not taken"]
    assert got["2502.00003"].citations is None and got["2502.00004"].citations is None
    assert fake.asked == [[f"ARXIV:{p.key}" for p in cat.papers()]]  # one request for all
    assert report.requests == {"Semantic Scholar": 1, "DBLP": 0} and not report.applied
    assert {p.key: p.to_dict() for p in Catalog(cat.root).papers()} == before  # nothing written
    assert report.summary() == (
        "11 papers checked: 2 to move, 1 at workshops, 1 kept (venue set by hand), 1 not in the venue table, "
        "1 with sources that disagree, 1 published elsewhere (kept); 8 citation counts (8 new); --apply writes them; "
        "1 request (Semantic Scholar 1, DBLP 0)")


def test_apply_changes_exactly_the_moves(scenario: tuple[Catalog, dict[str, Any]]) -> None:
    cat, records = scenario
    before = {p.key: p.to_dict() for p in cat.papers()}
    report = find_venues(cat, all_papers=True, apply=True, sources=Sources(s2_factory=lambda: FakeS2(records)))
    after = {p.key: p.to_dict() for p in Catalog(cat.root).papers()}
    diff = {k: {f for f in set(before[k]) | set(after[k]) if before[k].get(f) != after[k].get(f)} for k in before}
    assert diff["2508.19958"] == {"venue", "year", "citations", "citations_date"}
    assert after["2508.19958"]["venue"] == "CoRL" and after["2508.19958"]["year"] == 2025
    assert diff["2502.00006"] == {"venue"}  # its year is pinned, and S2 has no count for it
    assert after["2502.00006"]["year"] == 2024
    for key in ("2507.02190", "2506.01844", "2409.12514", "2411.00508", "2502.00001", "2502.00002", "2502.00005"):
        assert diff[key] <= {"citations", "citations_date"}, key
        assert after[key]["venue"] == before[key]["venue"]
    assert diff["2502.00003"] == diff["2502.00004"] == set()
    assert report.moved == ["2508.19958", "2502.00006"] and report.citations_stored == 8
    assert "2 moved, 8 citation counts stored" in report.summary()


def test_workshops_when_asked(scenario: tuple[Catalog, dict[str, Any]]) -> None:
    cat, records = scenario
    find_venues(cat, ["2507.02190"], apply=True, workshops=True, sources=Sources(s2_factory=lambda: FakeS2(records)))
    assert cat.get("2507.02190").venue == "CoRL Workshop on Making Sense of Data in Robotics"


def test_a_venue_set_meanwhile_is_kept(scenario: tuple[Catalog, dict[str, Any]],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Apply re-reads each paper under the lock and decides again on what its file says now."""
    cat, records = scenario
    import vlacli.ops.venues as published

    real = published.apply_proposals

    def meanwhile(*args: Any, **kwargs: Any) -> None:
        Catalog(cat.root).set_fields("2508.19958", {"venue": "ICRA"})
        real(*args, **kwargs)

    monkeypatch.setattr(published, "apply_proposals", meanwhile)
    report = find_venues(cat, ["2508.19958"], apply=True, sources=Sources(s2_factory=lambda: FakeS2(records)))
    fresh = Catalog(cat.root).get("2508.19958")
    assert fresh.venue == "ICRA" and fresh.citations == 14 and report.moved == []
    assert by_key(report)["2508.19958"].action == PUBLISHED


def test_second_run_is_answered_by_the_cache(scenario: tuple[Catalog, dict[str, Any]]) -> None:
    cat, records = scenario
    first = FakeS2(records)
    find_venues(cat, all_papers=True, sources=Sources(s2_factory=lambda: first))
    second = FakeS2(records)
    report = find_venues(cat, all_papers=True, sources=Sources(s2_factory=lambda: second))
    assert first.requests_made == 1 and second.requests_made == 0
    assert report.requests == {"Semantic Scholar": 0, "DBLP": 0} and by_key(report)["2508.19958"].action == MOVE


def test_cache_expires_after_a_week_and_offline_uses_any_age(scenario: tuple[Catalog, dict[str, Any]],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    cat, records = scenario
    now = [1_800_000_000.0]
    monkeypatch.setattr(cache_mod, "wall_clock", lambda: now[0])
    find_venues(cat, ["2508.19958"], sources=Sources(s2_factory=lambda: FakeS2(records)))
    now[0] += 8 * 24 * 3600
    offline = find_venues(cat, ["2508.19958"], sources=Sources(offline=True, s2_factory=lambda: FakeS2({})))
    assert by_key(offline)["2508.19958"].citations_date == "2027-01-15"  # the date it was counted
    again = FakeS2(records)
    find_venues(cat, ["2508.19958"], sources=Sources(s2_factory=lambda: again))
    assert again.requests_made == 1


def test_offline_without_cache(scenario: tuple[Catalog, dict[str, Any]]) -> None:
    cat, _ = scenario
    report = find_venues(cat, ["2508.19958"], sources=Sources(offline=True))
    assert report.failures == ["2508.19958: Semantic Scholar: not in the cache (--offline)"]
    assert report.requests == {"Semantic Scholar": 0, "DBLP": 0}


def test_500_ids_a_request(tmp_path: Path) -> None:
    papers = [paper(f"2501.{n:05d}", f"Paper {n}") for n in range(1, 1002)]
    cat = make_catalog(tmp_path, papers)
    fake = FakeS2({})
    report = find_venues(cat, all_papers=True, sources=Sources(s2_factory=lambda: fake))
    assert [len(a) for a in fake.asked] == [500, 500, 1] and report.checked == 1001


def test_service_failure_is_the_error(scenario: tuple[Catalog, dict[str, Any]]) -> None:
    cat, records = scenario
    fail = ScholarlyError("Semantic Scholar answered with something that is not JSON")
    report = find_venues(cat, all_papers=True, apply=True,
                         sources=Sources(s2_factory=lambda: FakeS2(records, fail=fail)))
    assert report.error is fail and report.checked == 0 and len(report.left) == 11


def test_dblp_for_what_nothing_places(tmp_path: Path) -> None:
    cat = make_catalog(tmp_path, [
        paper("2502.00004", "Unknown to Semantic Scholar", "Nia Null"),
        paper("2502.00007", "A Title Others Share", "Real Author"),
        paper("minivla", "MiniVLA: A Better VLA", "Suneel Belkhale"),
        paper("2508.19958", "Long-VLA", "Yiguo Fan"),
    ])
    hits = {
        "Unknown to Semantic Scholar": [
            DblpHit("journals/corr/abs-2502-00004", "Unknown to Semantic Scholar.", ["Nia Null"], "CoRR", 2025,
                    "Informal and Other Publications"),
            DblpHit("conf/icra/NullL25", "Unknown to Semantic Scholar.", ["Nia Null 0001", "Bo Li"], "ICRA", 2025,
                    "Conference and Workshop Papers", doi="10.1109/ICRA.2025.1", pages="1-7")],
        "A Title Others Share": [
            DblpHit("conf/corl/ElseX24", "A title others share.", ["Someone Else"], "CoRL", 2024,
                    "Conference and Workshop Papers")],
    }
    records = {"ARXIV:2508.19958": s2_record("2508.19958", "Long-VLA", "Yiguo Fan", venue="Conference on Robot "
                                             "Learning")}
    dblp = FakeDblp(hits)
    report = find_venues(cat, all_papers=True, apply=True, use_dblp=True,
                         sources=Sources(s2_factory=lambda: FakeS2(records), dblp_factory=lambda: dblp))
    got = by_key(report)
    assert got["2502.00004"].line() == "2502.00004  arXiv → ICRA 2025  (DBLP conf/icra)"
    assert got["2502.00007"].action == NONE
    assert got["2502.00007"].notes == ["DBLP conf/corl/ElseX24 (CoRL 2024) has the title, but its first author is "
                                       "Someone Else, not Real Author: not taken"]
    assert got["minivla"].action == NONE
    assert dblp.requests_made == 3  # not for Long-VLA: Semantic Scholar placed it
    moved = Catalog(cat.root).get("2502.00004")
    assert (moved.venue, moved.year, moved.doi, moved.pages) == ("ICRA", 2025, "10.1109/ICRA.2025.1", "1-7")
    again = FakeDblp(hits)
    find_venues(cat, all_papers=True, use_dblp=True,
                sources=Sources(s2_factory=lambda: FakeS2(records), dblp_factory=lambda: again))
    assert again.requests_made == 0


def test_dblp_failure_keeps_what_was_found(tmp_path: Path) -> None:
    cat = make_catalog(tmp_path, [paper("2502.00001", "First", "A One"), paper("2502.00002", "Second", "B Two"),
                                  paper("2502.00003", "Third", "C Three")])
    hits = {"First": [DblpHit("conf/icra/OneX25", "First.", ["A One"], "ICRA", 2025)]}
    report = find_venues(cat, all_papers=True, apply=True, use_dblp=True,
                         sources=Sources(s2_factory=lambda: FakeS2({}),
                                         dblp_factory=lambda: FakeDblp(hits, fail_after=1)))
    assert isinstance(report.error, ScholarlyError) and report.left == ["2502.00002", "2502.00003"]
    assert report.moved == ["2502.00001"] and Catalog(cat.root).get("2502.00001").venue == "ICRA"


def test_bad_arguments(scenario: tuple[Catalog, dict[str, Any]]) -> None:
    cat, _ = scenario
    with pytest.raises(InputError, match="nothing to look up"):
        find_venues(cat)
    with pytest.raises(InputError, match="not both"):
        find_venues(cat, ["2508.19958"], all_papers=True)
    with pytest.raises(ReadOnlyCatalog):
        find_venues(Catalog(cat.root, read_only=True), all_papers=True, apply=True)


def test_list_sorts_by_citations_and_show_prints_them(vla: Any, tmp_path: Path) -> None:
    cat = make_catalog(tmp_path, [paper("2501.00001", "Few", citations=3, citations_date="2026-12-01"),
                                  paper("2501.00002", "None yet"),
                                  paper("2501.00003", "Many", citations=120, citations_date="2026-12-01", volume="10",
                                        pages="1-8")])
    res = vla("list", "-C", str(cat.root), "--sort", "citations", "--format", "ids")
    assert res.stdout == "2501.00003\n2501.00001\n2501.00002\n"
    res = vla("list", "-C", str(cat.root), "--sort", "citations", "--reverse", "--format", "ids")
    assert res.stdout == "2501.00001\n2501.00003\n2501.00002\n"  # without a count: last either way
    shown = vla("show", "-C", str(cat.root), "2501.00003").stdout
    rows = [" ".join(line.split()) for line in shown.splitlines()]
    assert {"Citations 120 (on 2026-12-01)", "Volume 10", "Pages 1-8"} <= set(rows)


def test_a_record_under_an_earlier_title_is_the_paper_s_title_in_the_notes(tmp_path: Path) -> None:
    """A record is taken under the paper's title or an earlier one (aliases): the note on one not taken
    says so too, not "another title"."""
    renamed = paper("2502.00007", "A Title Renamed", "Real Author", aliases=["A Title Others Share"])
    cat = make_catalog(tmp_path, [renamed])
    hits = {"A Title Renamed": [DblpHit("conf/corl/ElseX24", "A title others share.", ["Someone Else"], "CoRL",
                                        2024, "Conference and Workshop Papers")]}
    records = {"ARXIV:2502.00007": s2_record(None, "A Title Others Share", "Someone Else", venue="CoRL")}
    report = find_venues(cat, all_papers=True, use_dblp=True,
                         sources=Sources(s2_factory=lambda: FakeS2(records), dblp_factory=lambda: FakeDblp(hits)))
    assert by_key(report)["2502.00007"].notes == [
        "Semantic Scholar's record for ARXIV:2502.00007 has the title, but its first author is Someone Else, not "
        "Real Author: not taken",
        "DBLP conf/corl/ElseX24 (CoRL 2024) has the title, but its first author is Someone Else, not Real Author: "
        "not taken"]


def test_a_preprint_s_entry_type_goes_with_its_venue(tmp_path: Path) -> None:
    """A preprint imported as @misc and moved to CoRL is exported as CoRL's type, not as @misc with a
    booktitle (which BibTeX's styles drop): the entry type is given, and replaced, with the venue."""
    from vlacli.formats.exporters.bibtex import to_bibtex

    corl = "Conference on Robot Learning"
    cat = make_catalog(tmp_path, [
        paper("2508.19958", "Long-VLA", "Yiguo Fan", entry_type="misc"),
        paper("2502.00006", "Kept", "Ada Lovelace", entry_type="misc", pinned=["entry_type"])])
    records = {"ARXIV:2508.19958": s2_record("2508.19958", "Long-VLA", "Yiguo Fan", venue=corl),
               "ARXIV:2502.00006": s2_record("2502.00006", "Kept", "Ada Lovelace", venue=corl)}
    report = find_venues(cat, all_papers=True, apply=True, sources=Sources(s2_factory=lambda: FakeS2(records)))
    assert report.moved == ["2508.19958", "2502.00006"]
    moved, kept = Catalog(cat.root).get("2508.19958"), Catalog(cat.root).get("2502.00006")
    assert (moved.venue, moved.entry_type) == ("CoRL", None) and kept.entry_type == "misc"
    assert to_bibtex([moved], {moved.key: "fan2025long"}).startswith("@inproceedings{fan2025long,")
