"""`vla add` against the replay server: the acceptance of issue 3, batching, faults, cache, offline."""

from __future__ import annotations

import tomllib
from itertools import pairwise
from pathlib import Path

import pytest
from arxiv_server import ArxivReplay, FakeClock, Fault, closed_port_url
from conftest import Invoke

from vlacli import Catalog
from vlacli.ops.add import add_papers
from vlacli.sources.net import cache as cache_mod


def record(catalog: Path, key: str) -> dict[str, object]:
    return tomllib.loads((catalog / "papers" / (key.replace("/", "_") + ".toml")).read_text())


def files(catalog: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((catalog / "papers").glob("*.toml"))}


ACCEPT = ("add", "1605.08386", "astro-ph/0601001", "abc", "0000.0000", "--category", "quantization")


def test_acceptance_add_then_again(vla: Invoke, empty_catalog: Path, server: ArxivReplay) -> None:
    res = vla(*ACCEPT, "-C", str(empty_catalog))
    assert res.exit_code == 1
    assert res.stdout.splitlines() == [
        "added 1605.08386: Heat-bath random walks with Markov bases (2016) [quantization]",
        "added astro-ph/0601001: Frequency of Hot Jupiters and Very Hot Jupiters from the OGLE-III Transit "
        "Surveys Toward the Galactic Bulge and Carina (2006) [quantization]",
        f"2 added, 0 already in the catalog, 2 failed · {empty_catalog}",
    ]
    assert res.stderr.splitlines() == [
        "abc: not an arXiv identifier",
        "0000.0000: no such paper on arXiv (month 00 does not exist)",
    ]
    # One request for both good IDs; the impossible ones never left the machine.
    assert [r.id_list for r in server.requests] == [["1605.08386", "astro-ph/0601001"]]

    heat = record(empty_catalog, "1605.08386")
    assert heat["arxiv"] == "1605.08386" and heat["version"] == 1
    assert heat["title"] == "Heat-bath random walks with Markov bases"
    assert heat["authors"] == ["Caprice Stanley", "Tobias Windisch"]
    assert str(heat["abstract"]).startswith("Graphs on lattice points")
    assert heat["year"] == 2016 and heat["venue"] == "arXiv"
    assert heat["primary_category"] == "math.CO" and heat["arxiv_categories"] == ["math.CO", "math.ST"]
    assert heat["categories"] == ["quantization"]
    assert heat["published"] == "2016-05-26" and heat["comment"] == "20 pages, 3 figures"
    jup = record(empty_catalog, "astro-ph/0601001")
    assert jup["journal_ref"] == "ActaAstron.56:1-50,2006"
    assert jup["year"] == 2006 and jup["primary_category"] == "astro-ph"
    assert jup["affiliations"]["Andrew Gould"] == ["Ohio State"]  # type: ignore[index]
    assert str(jup["abstract"]).startswith("We derive")

    before = files(empty_catalog)
    again = vla(*ACCEPT, "-C", str(empty_catalog))
    assert again.exit_code == 1
    assert again.stdout.splitlines() == [
        "1605.08386: already in the catalog",
        "astro-ph/0601001: already in the catalog",
        f"0 added, 2 already in the catalog, 2 failed · {empty_catalog}",
    ]
    assert files(empty_catalog) == before
    assert len(server.requests) == 1  # nothing fetched the second time


def test_existing_paper_gets_new_categories(vla: Invoke, empty_catalog: Path, server: ArxivReplay) -> None:
    assert vla("add", "1605.08386", "-c", "quantization", "-C", str(empty_catalog)).exit_code == 0
    res = vla("add", "arXiv:1605.08386v1", "-c", "quantization", "-c", "layer-pruning", "-C", str(empty_catalog))
    assert res.exit_code == 0
    assert res.stdout.splitlines()[0] == "1605.08386: already in the catalog; updated [layer-pruning]"
    assert record(empty_catalog, "1605.08386")["categories"] == ["quantization", "layer-pruning"]


def test_id_arxiv_has_no_entry_for(vla: Invoke, empty_catalog: Path, server: ArxivReplay) -> None:
    res = vla("add", "https://arxiv.org/abs/1605.08386", "2501.99999", "-C", str(empty_catalog))
    assert res.exit_code == 1
    assert res.stderr == "2501.99999: no such paper on arXiv\n"
    assert "added 1605.08386" in res.stdout
    assert list(files(empty_catalog)) == ["1605.08386.toml"]


def test_options_are_stored_and_pinned(vla: Invoke, empty_catalog: Path, server: ArxivReplay) -> None:
    res = vla("add", "1605.08386", "--venue", "CoRL", "--year", "2017", "--website", "https://x.org",
              "--code", "https://github.com/x/y", "-C", str(empty_catalog))
    assert res.exit_code == 0, res.output
    r = record(empty_catalog, "1605.08386")
    assert (r["venue"], r["year"], r["website"], r["code"]) == ("CoRL", 2017, "https://x.org", "https://github.com/x/y")
    assert r["pinned"] == ["venue", "year", "website", "code"]  # every value a person gives is pinned


def test_bad_url_option_before_any_request(vla: Invoke, empty_catalog: Path, server: ArxivReplay) -> None:
    res = vla("add", "1605.08386", "--code", "github.com/x", "-C", str(empty_catalog))
    assert res.exit_code == 1 and res.stderr == "error: --code 'github.com/x' is not an http(s) URL\n"
    assert server.requests == []


def test_unknown_category_before_any_request(vla: Invoke, empty_catalog: Path, server: ArxivReplay) -> None:
    res = vla("add", "1605.08386", "-c", "nonsense-cat", "-C", str(empty_catalog))
    assert res.exit_code == 1 and res.stderr.startswith("error: unknown category 'nonsense-cat'")
    assert server.requests == []


def test_250_ids_from_file(vla: Invoke, empty_catalog: Path, server: ArxivReplay, tmp_path: Path) -> None:
    server.synthesize = True
    ids = [f"2501.{n:05d}" for n in range(1, 251)]
    lines = ["# my reading list", ""] + [f"https://arxiv.org/abs/{i}" if n % 2 else i for n, i in enumerate(ids)]
    lines[5] += "   # a comment"
    src = tmp_path / "ids.txt"
    src.write_text("\n".join(lines) + "\n")
    res = vla("add", "--from", str(src), "-C", str(empty_catalog))
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[-1] == f"250 added, 0 already in the catalog, 0 failed · {empty_catalog}"
    assert len(server.requests) <= 3
    times = [r.time for r in server.requests]
    assert all(b - a >= 3.0 for a, b in pairwise(times))
    assert sorted(i for r in server.requests for i in r.id_list) == ids
    assert len(files(empty_catalog)) == 250


def test_ids_from_stdin(vla: Invoke, empty_catalog: Path, server: ArxivReplay) -> None:
    res = vla("add", "--from", "-", "-C", str(empty_catalog), input="# list\n\n1605.08386\n")
    assert res.exit_code == 0 and "added 1605.08386" in res.stdout


def test_no_ids(vla: Invoke, empty_catalog: Path) -> None:
    res = vla("add", "-C", str(empty_catalog))
    assert res.exit_code == 1 and res.stderr.startswith("error: no arXiv IDs given")


def test_503_twice_then_added(vla: Invoke, empty_catalog: Path, server: ArxivReplay) -> None:
    server.script(503, 503)
    res = vla("add", "1605.08386", "-C", str(empty_catalog))
    assert res.exit_code == 0, res.output
    assert len(server.requests) == 3
    assert list(files(empty_catalog)) == ["1605.08386.toml"]


def test_always_503_one_line_and_unchanged(vla: Invoke, empty_catalog: Path, server: ArxivReplay) -> None:
    server.always = Fault(status=503)
    res = vla("add", "1605.08386", "astro-ph/0601001", "-C", str(empty_catalog))
    assert res.exit_code == 3
    assert res.stderr.splitlines() == [
        "arXiv answered HTTP 503; retrying in 3 s, attempt 2 of 4",
        "arXiv answered HTTP 503; retrying in 6 s, attempt 3 of 4",
        "arXiv answered HTTP 503; retrying in 12 s, attempt 4 of 4",
        f"error: arXiv is unavailable at {server.url}: HTTP 503 (4 attempts)",
    ]
    assert res.stdout == ""
    assert files(empty_catalog) == {}


def test_quiet_hides_retry_lines(vla: Invoke, empty_catalog: Path, server: ArxivReplay) -> None:
    server.script(503, Fault(status=429, retry_after="20"))
    res = vla("add", "1605.08386", "-C", str(empty_catalog))
    assert res.exit_code == 0, res.output
    assert res.stderr.splitlines() == [
        "arXiv answered HTTP 503; retrying in 3 s, attempt 2 of 4",
        "arXiv answered HTTP 429; retrying in 20 s, attempt 3 of 4",
    ]
    assert vla("remove", "1605.08386", "--yes", "-C", str(empty_catalog)).exit_code == 0
    (empty_catalog.parent / "cache" / "arxiv" / "1605.08386.json").unlink()
    server.script(503)
    quiet = vla("add", "1605.08386", "-q", "-C", str(empty_catalog))
    assert quiet.exit_code == 0 and quiet.stderr == "" and quiet.stdout == ""


def test_unreachable_one_line_exit_3(vla: Invoke, empty_catalog: Path, clock: FakeClock,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    url = closed_port_url()
    monkeypatch.setenv("VLA_ARXIV_URL", url)
    res = vla("add", "1605.08386", "-C", str(empty_catalog))
    assert res.exit_code == 3
    assert res.stderr.splitlines() == [
        "arXiv could not be reached (connection refused); retrying in 3 s, attempt 2 of 4",
        "arXiv could not be reached (connection refused); retrying in 6 s, attempt 3 of 4",
        "arXiv could not be reached (connection refused); retrying in 12 s, attempt 4 of 4",
        f"error: arXiv is unavailable at {url}: connection refused (4 attempts)",
    ]
    assert "Traceback" not in res.output and res.stdout == ""
    assert files(empty_catalog) == {}


@pytest.mark.parametrize("kind", ["html", "truncated", "bomb"])
def test_bad_body_is_an_error_never_a_record(vla: Invoke, empty_catalog: Path, server: ArxivReplay,
                                             kind: str) -> None:
    server.script(Fault(kind=kind))
    res = vla("add", "1605.08386", "-C", str(empty_catalog))
    assert res.exit_code == 3 and res.stderr.startswith("error: arXiv")
    assert len(res.stderr.splitlines()) == 1
    assert files(empty_catalog) == {}


def test_failure_midway_keeps_saved_and_names_the_rest(vla: Invoke, empty_catalog: Path, server: ArxivReplay,
                                                       tmp_path: Path) -> None:
    server.synthesize = True
    ids = [f"2501.{n:05d}" for n in range(1, 151)]
    server.script(Fault(kind="replay"), *[503] * 4)
    src = tmp_path / "ids.txt"
    src.write_text("\n".join(ids))
    res = vla("add", "--from", str(src), "-C", str(empty_catalog))
    assert res.exit_code == 3
    assert len(files(empty_catalog)) == 100
    assert res.stdout.splitlines()[-1] == f"100 added, 0 already in the catalog, 0 failed · {empty_catalog}"
    assert res.stderr.splitlines()[-2:] == [
        "not added: " + ", ".join(ids[100:]),
        f"error: arXiv is unavailable at {server.url}: HTTP 503 (4 attempts)",
    ]


def test_cache_reused_then_offline(vla: Invoke, empty_catalog: Path, server: ArxivReplay, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    assert vla("add", "1605.08386", "-C", str(empty_catalog)).exit_code == 0
    assert (tmp_path / "cache" / "arxiv" / "1605.08386.json").is_file()
    assert vla("remove", "1605.08386", "--yes", "-C", str(empty_catalog)).exit_code == 0
    # Within a day: from the cache, no request.
    assert vla("add", "1605.08386", "-C", str(empty_catalog)).exit_code == 0
    assert len(server.requests) == 1
    assert vla("remove", "1605.08386", "--yes", "-C", str(empty_catalog)).exit_code == 0
    # Two days later the cache is stale: fetched again.
    import time

    monkeypatch.setattr(cache_mod, "wall_clock", lambda: time.time() + 2 * 86400)
    assert vla("add", "1605.08386", "-C", str(empty_catalog)).exit_code == 0
    assert len(server.requests) == 2
    assert vla("remove", "1605.08386", "--yes", "-C", str(empty_catalog)).exit_code == 0
    # Offline: any cached entry, however old; no request; the rest named.
    monkeypatch.setenv("VLA_ARXIV_URL", closed_port_url())
    monkeypatch.setattr(cache_mod, "wall_clock", lambda: time.time() + 30 * 86400)
    res = vla("add", "1605.08386", "astro-ph/0601001", "--offline", "-C", str(empty_catalog))
    assert res.exit_code == 1
    assert "added 1605.08386" in res.stdout
    assert res.stderr == "astro-ph/0601001: not in the cache (--offline)\n"
    assert len(server.requests) == 2


def test_quiet_prints_only_errors(vla: Invoke, empty_catalog: Path, server: ArxivReplay) -> None:
    res = vla("add", "1605.08386", "abc", "-q", "-C", str(empty_catalog))
    assert res.exit_code == 1 and res.stdout == "" and res.stderr == "abc: not an arXiv identifier\n"


def test_adds_to_a_paper_filed_without_id(vla: Invoke, empty_catalog: Path, server: ArxivReplay) -> None:
    from vlacli.core.paper import Paper

    cat = Catalog.open(empty_catalog)
    cat.add(Paper(key="heat-bath", title="Heat-Bath Random Walks with Markov Bases", venue="Bernoulli",
                  year=2018, code="https://github.com/x/y", categories=["quantization"]))
    res = vla("add", "1605.08386", "-C", str(empty_catalog))
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[0].startswith("re-filed heat-bath under arXiv 1605.08386")
    assert list(files(empty_catalog)) == ["1605.08386.toml"]
    r = record(empty_catalog, "1605.08386")
    assert r["venue"] == "Bernoulli" and r["year"] == 2018 and r["code"] == "https://github.com/x/y"
    assert r["arxiv"] == "1605.08386" and r["authors"] == ["Caprice Stanley", "Tobias Windisch"]


def test_library_without_cli(empty_catalog: Path, server: ArxivReplay) -> None:
    report = add_papers(Catalog.open(empty_catalog), ["1605.08386", "nope"], categories=["quantization"])
    assert [d.action for d in report.done] == ["added"]
    assert report.failures == ["nope: not an arXiv identifier"] and report.requests == 1


def test_read_only_bundled_catalog(vla: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                   server: ArxivReplay) -> None:
    res = vla("add", "1605.08386")  # no catalog here: the bundled survey, read-only
    assert res.exit_code == 1 and "read-only" in res.stderr
    assert server.requests == []
