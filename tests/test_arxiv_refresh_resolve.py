"""`vla refresh` and `vla resolve` against the replay server."""

from __future__ import annotations

import time
import tomllib
from itertools import pairwise
from pathlib import Path

import pytest
from arxiv_server import ArxivReplay, Fault
from conftest import Invoke

from vlacli import Catalog, Paper
from vlacli.ops.refresh import refresh_papers
from vlacli.ops.resolve import resolve_papers
from vlacli.sources.arxiv.atom import parse_feed
from vlacli.sources.arxiv.convert import paper_from_entry, refresh_changes, refresh_notes
from vlacli.sources.net import cache as cache_mod

V2 = b"""<entry><id>http://arxiv.org/abs/1605.08386v2</id>
<title>Heat-bath random walks with Markov bases, revised</title>
<updated>2017-03-01T10:00:00Z</updated><published>2016-05-26T17:59:46Z</published>
<summary>New abstract.</summary>
<author><name>Caprice Stanley</name></author><author><name>Tobias Windisch</name></author>
<author><name>Third Author</name></author>
<arxiv:journal_ref>Bernoulli 24 (2018) 1-20</arxiv:journal_ref>
<arxiv:doi>10.3150/17-BEJ123</arxiv:doi>
<arxiv:primary_category term="math.CO"/><category term="math.CO"/><category term="math.ST"/></entry>"""


def record(catalog: Path, key: str) -> dict[str, object]:
    return tomllib.loads((catalog / "papers" / (key.replace("/", "_") + ".toml")).read_text())


def files(catalog: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((catalog / "papers").glob("*.toml"))}


@pytest.fixture
def added(vla: Invoke, empty_catalog: Path, server: ArxivReplay, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A catalog holding 1605.08386 (v1) with user fields; arXiv now serves a v2; the cache is a day old."""
    res = vla("add", "1605.08386", "-c", "quantization", "--website", "https://w.org", "--code",
              "https://github.com/c/d", "-C", str(empty_catalog))
    assert res.exit_code == 0, res.output
    server.add_entry("1605.08386", V2)
    monkeypatch.setattr(cache_mod, "wall_clock", lambda: time.time() + 2 * 86400)
    return empty_catalog


def test_refresh_dry_run_shows_and_writes_nothing(vla: Invoke, added: Path, server: ArxivReplay) -> None:
    before = files(added)
    res = vla("refresh", "1605.08386", "--dry-run", "-C", str(added))
    assert res.exit_code == 0, res.output
    out = res.stdout.splitlines()
    assert out[0] == "1605.08386:"
    assert "  version: v1 -> v2" in out
    assert not any(line.startswith("  title:") for line in out)  # the title is the people's
    assert ("  note: arXiv's title differs: 'Heat-bath random walks with Markov bases, revised' "
            "(take it with: vla refresh 1605.08386 --take title)") in out
    assert "  authors: Caprice Stanley, Tobias Windisch -> Caprice Stanley, Tobias Windisch, Third Author" in out
    assert "  journal_ref: (none) -> Bernoulli 24 (2018) 1-20" in out
    assert any(line.startswith("  note: journal ref 'Bernoulli 24 (2018) 1-20' now names a venue") for line in out)
    assert out[-1] == f"1 paper checked, 1 would change (dry run: nothing written) · {added}"
    assert files(added) == before
    assert [r.id_list for r in server.requests][-1] == ["1605.08386"]


def test_refresh_updates_arxiv_fields_only(vla: Invoke, added: Path) -> None:
    res = vla("refresh", "--all", "-C", str(added))
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[-1] == f"1 paper checked, 1 changed · {added}"
    r = record(added, "1605.08386")
    assert r["version"] == 2 and r["title"] == "Heat-bath random walks with Markov bases"
    assert r["authors"] == ["Caprice Stanley", "Tobias Windisch", "Third Author"]
    assert r["journal_ref"] == "Bernoulli 24 (2018) 1-20" and r["doi"] == "10.3150/17-BEJ123"
    assert r["abstract"] == "New abstract." and r["updated"] == "2017-03-01"
    assert r["categories"] == ["quantization"]
    assert (r["website"], r["code"]) == ("https://w.org", "https://github.com/c/d")
    assert (r["venue"], r["year"]) == ("arXiv", 2016)
    again = vla("refresh", "--all", "-C", str(added))
    assert again.stdout.splitlines() == [
        "1605.08386:", "  note: arXiv's title differs: 'Heat-bath random walks with Markov bases, revised' "
        "(take it with: vla refresh 1605.08386 --take title)", f"1 paper checked, 0 changed · {added}"]


def test_refresh_take_takes_arxivs_title_and_keeps_the_old_as_alias(vla: Invoke, added: Path) -> None:
    res = vla("refresh", "1605.08386", "--take", "title", "-C", str(added))
    assert res.exit_code == 0, res.output
    assert "  title: Heat-bath random walks with Markov bases -> Heat-bath random walks with Markov bases, " \
           "revised" in res.stdout.splitlines()
    r = record(added, "1605.08386")
    assert r["title"] == "Heat-bath random walks with Markov bases, revised"
    assert r["aliases"] == ["Heat-bath random walks with Markov bases"]
    bad = vla("refresh", "1605.08386", "--take", "venue", "-C", str(added))
    assert (bad.exit_code, bad.stderr) == (1, "error: --take 'venue': only arXiv's title, year, doi can be taken\n")


def test_refresh_never_overwrites_a_curated_title_or_year(vla: Invoke, empty_catalog: Path,
                                                          server: ArxivReplay) -> None:
    """A paper imported from a README (title and year the survey's, not arXiv's): a refresh fills
    authors and abstract, keeps the title and year, and notes arXiv's different title."""
    Catalog.open(empty_catalog).add(Paper(key="1605.08386", arxiv="1605.08386", title="Survey Title",
                                          venue="ICRA", year=2024, categories=["quantization"]))
    res = vla("refresh", "1605.08386", "-C", str(empty_catalog))
    assert res.exit_code == 0, res.output
    r = record(empty_catalog, "1605.08386")
    assert (r["title"], r["venue"], r["year"]) == ("Survey Title", "ICRA", 2024)
    assert r["authors"] == ["Caprice Stanley", "Tobias Windisch"] and r["abstract"]
    assert "  note: arXiv's title differs: 'Heat-bath random walks with Markov bases' (take it with: vla " \
           "refresh 1605.08386 --take title)" in res.stdout.splitlines()
    assert "year" not in res.stdout  # a published paper keeps its venue's year


def test_refresh_keeps_pinned_fields(vla: Invoke, added: Path) -> None:
    assert vla("set", "1605.08386", "--title", "My Title", "--venue", "NeurIPS", "--year", "2019",
               "-C", str(added)).exit_code == 0
    res = vla("refresh", "1605.08386", "-C", str(added))
    assert res.exit_code == 0, res.output
    assert "title:" not in res.stdout and "note:" not in res.stdout
    r = record(added, "1605.08386")
    assert (r["title"], r["venue"], r["year"]) == ("My Title", "NeurIPS", 2019)
    assert r["version"] == 2


def test_refresh_offline_uses_old_cache(vla: Invoke, added: Path, server: ArxivReplay) -> None:
    n = len(server.requests)
    res = vla("refresh", "--all", "--offline", "-C", str(added))
    assert res.exit_code == 0 and res.stdout.splitlines() == [f"1 paper checked, 0 changed · {added}"]
    assert len(server.requests) == n


def test_refresh_needs_ids_or_all(vla: Invoke, empty_catalog: Path) -> None:
    res = vla("refresh", "-C", str(empty_catalog))
    assert res.exit_code == 1 and res.stderr == "error: nothing to refresh (give paper IDs, or --all)\n"


def test_refresh_paper_without_arxiv_id(vla: Invoke, empty_catalog: Path, server: ArxivReplay) -> None:
    Catalog.open(empty_catalog).add(Paper(key="minivla", title="MiniVLA"))
    res = vla("refresh", "minivla", "-C", str(empty_catalog))
    assert res.exit_code == 1 and res.stderr == "minivla: has no arXiv ID (try vla resolve)\n"
    assert server.requests == []


def test_refresh_unavailable_leaves_catalog(vla: Invoke, added: Path, server: ArxivReplay) -> None:
    server.always = Fault(status=502)
    before = files(added)
    res = vla("refresh", "--all", "-C", str(added))
    assert res.exit_code == 3 and res.stdout == ""
    assert res.stderr.splitlines()[-1] == f"error: arXiv is unavailable at {server.url}: HTTP 502 (4 attempts)"
    assert res.stderr.splitlines()[:-1] == [f"arXiv answered HTTP 502; retrying in {s} s, attempt {n} of 4"
                                            for s, n in ((3, 2), (6, 3), (12, 4))]
    assert files(added) == before


def test_refresh_changes_pure() -> None:
    from arxiv_server import feed

    [old] = parse_feed(feed([V2.replace(b"v2</id>", b"v1</id>")])).entries
    [new] = parse_feed(feed([V2])).entries
    p = paper_from_entry(old, categories=["quantization"])
    assert [c.field for c in refresh_changes(p, new)] == ["version"]
    p.title = "0"  # a title, however short: arXiv's is only a note
    assert [c.field for c in refresh_changes(p, new)] == ["version"]
    assert refresh_notes(p, new) == ["arXiv's title differs: 'Heat-bath random walks with Markov bases, revised' "
                                     "(take it with: vla refresh 1605.08386 --take title)"]
    assert [c.field for c in refresh_changes(p, new, take=["title"])] == ["version", "title"]
    p.pinned = ["title"]
    assert refresh_notes(p, new) == []
    assert [c.field for c in refresh_changes(p, new, take=["title"])] == ["version", "title"]  # a person asks
    p.title = ""  # a person cleared it (pinned empty): it stays empty
    assert [c.field for c in refresh_changes(p, new)] == ["version"]
    p.pinned = []  # none at all, and no person said so: filled
    assert [c.field for c in refresh_changes(p, new)] == ["version", "title"]


def test_refresh_library(added: Path) -> None:
    report = refresh_papers(Catalog.open(added), ["1605.08386"], dry_run=True)
    assert [u.key for u in report.updates] == ["1605.08386"] and report.requests == 1


# -- resolve -------------------------------------------------------------------------------

EXACT = "testing deep learning models: a first comparative study of multiple testing techniques"


@pytest.fixture
def unresolved(empty_catalog: Path) -> Path:
    cat = Catalog.open(empty_catalog)
    cat.add(Paper(key="dl-testing", title=EXACT, venue="ICSTW", year=2022, categories=["quantization"],
                  code="https://github.com/a/b"))
    cat.add(Paper(key="heat-bath", title="Heat bath random walks with Markov base"))
    cat.add(Paper(key="nothing", title="A paper arXiv has never heard of"))
    return empty_catalog


def test_resolve_proposes(vla: Invoke, unresolved: Path, server: ArxivReplay) -> None:
    before = files(unresolved)
    res = vla("resolve", "-C", str(unresolved))
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines() == [
        "dl-testing: -> 2202.12139 'Testing Deep Learning Models: A First Comparative Study of Multiple Testing "
        "Techniques' (exact title)",
        "heat-bath: -> 1605.08386 'Heat-bath random walks with Markov bases' (close title (99%), not applied)",
        "nothing: no match on arXiv",
        f"3 papers searched: 1 exact, 1 close, 1 without a match · {unresolved}",
    ]
    assert files(unresolved) == before
    assert server.requests[0].search_query == (
        'ti:"testing deep learning models a first comparative study of multiple testing techniques"')
    times = [r.time for r in server.requests]
    assert len(times) == 3 and all(b - a >= 3.0 for a, b in pairwise(times))


def test_resolve_apply_only_exact(vla: Invoke, unresolved: Path, server: ArxivReplay) -> None:
    res = vla("resolve", "--apply", "-C", str(unresolved))
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[0].startswith("dl-testing: re-filed as 2202.12139")
    assert res.stdout.splitlines()[-1] == f"3 papers searched: 1 exact, 1 close, 1 without a match; 1 re-filed · " \
                                          f"{unresolved}"
    assert sorted(files(unresolved)) == ["2202.12139.toml", "heat-bath.toml", "nothing.toml"]
    r = record(unresolved, "2202.12139")
    assert r["arxiv"] == "2202.12139" and r["title"] == EXACT  # the paper's own title is kept
    assert (r["venue"], r["year"], r["code"], r["categories"]) == ("ICSTW", 2022, "https://github.com/a/b",
                                                                   ["quantization"])
    assert r["authors"] == ["Mohit Kumar Ahuja", "Arnaud Gotlieb", "Helge Spieker"]
    assert r["doi"] == "10.1109/ICSTW55395.2022.00035" and r["primary_category"] == "cs.SE"


def test_resolve_named_paper_with_id_is_an_error(vla: Invoke, added: Path) -> None:
    res = vla("resolve", "1605.08386", "-C", str(added))
    assert res.exit_code == 1 and res.stderr == "error: 1605.08386 already has an arXiv ID\n"


def test_resolve_library(unresolved: Path, server: ArxivReplay) -> None:
    report = resolve_papers(Catalog.open(unresolved), ["heat-bath"])
    [m] = report.matches
    assert m.entry is not None and m.entry.id == "1605.08386" and not m.exact and not m.applicable
