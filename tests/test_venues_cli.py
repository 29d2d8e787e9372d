"""vla venues end to end on the bundled survey, against loopback stand-ins of Semantic Scholar and DBLP.

The issue's acceptance: a stand-in places 17 preprints at conferences and one at a workshop, and one of
the 17 had its venue set by hand; `vla venues --all` proposes the 16 conference moves with the survey's
short names in one request; `--apply` changes exactly those (venue and year), nothing else but the
citation counts, which are stored; a second run makes no request.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import Invoke
from scholarly_server import (
    SURVEY_PINNED,
    SURVEY_PLACEMENTS,
    SURVEY_UNKNOWN_TO_S2,
    SURVEY_WORKSHOP,
    DblpStandIn,
    Fault,
    S2StandIn,
    dblp_info,
    survey_records,
)

from vlacli.storage.catalog import Catalog

MOVES = {k: (short, year) for k, (_, kind, _, year, short) in SURVEY_PLACEMENTS.items()
         if kind == "conference" and k != SURVEY_PINNED}


@pytest.fixture
def survey(survey_catalog: Path, s2: S2StandIn, vla: Invoke) -> Path:
    """The bundled survey with SmolVLA's venue set by hand, and the stand-in's records for it."""
    res = vla("set", SURVEY_PINNED, "--venue", "arXiv", "-C", str(survey_catalog))
    assert res.exit_code == 0, res.output
    s2.records = survey_records(Catalog(survey_catalog).papers())
    return survey_catalog


def files(root: Path) -> dict[str, dict[str, Any]]:
    return {p.key: p.to_dict() for p in Catalog(root, use_index=False).papers()}


def test_the_survey_proposals_in_one_request(survey: Path, s2: S2StandIn, vla: Invoke) -> None:
    assert len(MOVES) == 16
    before = files(survey)
    res = vla("venues", "--all", "-C", str(survey))
    assert res.exit_code == 0, res.output
    assert res.stderr == ""
    lines = res.stdout.splitlines()
    moves = [line for line in lines if re.match(r"^\S+\s+arXiv → ", line)]
    got = {}
    for line in moves:
        m = re.match(r"^(\S+)\s+arXiv → (.+?) (\d{4})  \((.+)\)$", line)
        assert m is not None, line
        got[m[1]] = (m[2], int(m[3]))
    assert {k: v for k, v in got.items() if k in MOVES} == MOVES
    assert set(got) == set(MOVES) | {SURVEY_PINNED, SURVEY_WORKSHOP}
    assert "2508.19958  arXiv → CoRL 2025  (DBLP conf/corl, Semantic Scholar)" in lines
    assert "2410.15549  arXiv → IROS 2025  (Semantic Scholar)" in lines
    i = lines.index(f"{SURVEY_PINNED}  arXiv → NeurIPS 2025  (Semantic Scholar)")
    assert lines[i + 1] == "  note: venue set by hand: kept"
    i = lines.index(f"{SURVEY_WORKSHOP}  arXiv → CoRL Workshop on Making Sense of Data in Robotics 2025  "
                    "(Semantic Scholar)")
    assert lines[i + 1] == "  note: a workshop, not the conference: not applied (--workshops applies it)"
    assert lines[-2] == "not looked up (no arXiv ID or DOI; --dblp searches DBLP by title): minivla"
    assert lines[-1] == ("58 papers checked: 16 to move, 1 at workshops, 1 kept (venue set by hand), 0 not in the "
                         "venue table, 0 with sources that disagree; 55 citation counts (55 new); --apply writes them; "
                         f"1 request (Semantic Scholar 1, DBLP 0) · {survey}")
    assert len(s2.requests) == 1 and len(s2.requests[0].ids) == 57  # MiniVLA has no arXiv ID nor DOI
    assert files(survey) == before  # proposals only


def test_apply_changes_exactly_those_and_a_second_run_makes_no_request(survey: Path, s2: S2StandIn,
                                                                       vla: Invoke) -> None:
    before = files(survey)
    res = vla("venues", "--all", "--apply", "-C", str(survey))
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[-1].endswith(
        f"55 citation counts (55 new); 16 moved, 55 citation counts stored; 1 request (Semantic Scholar 1, DBLP 0) "
        f"· {survey}")
    after = files(survey)
    for key in before:
        changed = {f for f in set(before[key]) | set(after[key]) if before[key].get(f) != after[key].get(f)}
        cited = {"citations", "citations_date"} if key not in SURVEY_UNKNOWN_TO_S2 and key != "minivla" else set()
        if key in MOVES:
            short, year = MOVES[key]
            assert (after[key]["venue"], after[key]["year"]) == (short, year)
            assert changed <= {"venue", "year"} | cited and "venue" in changed, key
        else:
            assert changed == cited, key
    assert after[SURVEY_PINNED]["venue"] == after[SURVEY_WORKSHOP]["venue"] == "arXiv"
    assert isinstance(after["2508.19958"]["citations"], int)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", after["2508.19958"]["citations_date"])
    # a second run: from the cache, nothing left to move
    res = vla("venues", "--all", "-C", str(survey))
    assert res.exit_code == 0 and len(s2.requests) == 1
    assert res.stdout.splitlines()[-1] == (
        "58 papers checked: 0 to move, 1 at workshops, 1 kept (venue set by hand), 0 not in the venue table, 0 with "
        f"sources that disagree; 55 citation counts (0 new); 0 requests (Semantic Scholar 0, DBLP 0) · {survey}")
    res = vla("venues", "--all", "--apply", "-C", str(survey))
    assert files(survey) == after and len(s2.requests) == 1


def test_workshops_when_asked_and_ids(survey: Path, s2: S2StandIn, vla: Invoke) -> None:
    res = vla("venues", SURVEY_WORKSHOP, "arXiv:2508.19958v2", "--apply", "--workshops", "-C", str(survey))
    assert res.exit_code == 0, res.output
    cat = Catalog(survey)
    assert cat.get(SURVEY_WORKSHOP).venue == "CoRL Workshop on Making Sense of Data in Robotics"
    assert cat.get("2508.19958").venue == "CoRL"
    assert s2.requests[0].ids == [f"ARXIV:{SURVEY_WORKSHOP}", "ARXIV:2508.19958"]


def test_json(survey: Path, vla: Invoke) -> None:
    res = vla("venues", "2508.19958", "--format", "json", "-C", str(survey))
    [p] = json.loads(res.stdout)
    assert p["action"] == "move" and p["proposed"]["venue"] == "CoRL" and p["proposed"]["year"] == 2025
    assert p["proposed"]["sources"] == ["DBLP conf/corl", "Semantic Scholar"] and p["applied"] is False


def test_dblp_title_match_with_the_wrong_authors(survey: Path, s2: S2StandIn, dblp: DblpStandIn,
                                                 vla: Invoke) -> None:
    """With --dblp, DBLP is searched for the preprints nothing placed: a hit whose title matches but
    whose first author does not is never taken; one that agrees on both is."""
    cat = Catalog(survey)
    fast, hamster = cat.get("2505.18793"), cat.get("minivla")
    dblp.hits = [
        dblp_info(key="conf/icra/SomeoneX25", title=fast.title, authors=["Someone Else", fast.authors[0]],
                  venue="ICRA", year=2025),
        dblp_info(key="conf/corl/BelkhaleS25", title=hamster.title, authors=hamster.authors, venue="CoRL",
                  year=2025, pages="1-12"),
    ]
    res = vla("venues", "2505.18793", "minivla", "--dblp", "--apply", "-C", str(survey))
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines() == [
        "2505.18793  arXiv: no venue found",
        f"  note: DBLP conf/icra/SomeoneX25 (ICRA 2025) has the title, but its first author is Someone Else, "
        f"not {fast.authors[0]}: not taken",
        "minivla     arXiv → CoRL 2025  (DBLP conf/corl)",
        "2 papers checked: 1 to move, 0 at workshops, 0 kept (venue set by hand), 0 not in the venue table, 0 with "
        "sources that disagree; 1 citation count (1 new); 1 moved, 1 citation count stored; 3 requests (Semantic "
        f"Scholar 1, DBLP 2) · {survey}",
    ], res.stdout
    assert Catalog(survey).get("minivla").venue == "CoRL" and Catalog(survey).get("2505.18793").venue == "arXiv"
    assert Catalog(survey).get("minivla").pages == "1-12"
    assert len(dblp.requests) == 2 and dblp.requests[1].time - dblp.requests[0].time >= 2.0


# -- bad paths ----------------------------------------------------------------------------------------

def test_network_failure_is_one_line_exit_3(survey: Path, s2: S2StandIn, vla: Invoke) -> None:
    s2.script(*[Fault(status=503)] * 4)
    before = files(survey)
    res = vla("venues", "--all", "--apply", "-C", str(survey))
    assert res.exit_code == 3 and res.stdout == ""
    assert res.stderr.splitlines() == [
        "Semantic Scholar answered HTTP 503; retrying in 3 s, attempt 2 of 4",
        "Semantic Scholar answered HTTP 503; retrying in 6 s, attempt 3 of 4",
        "Semantic Scholar answered HTTP 503; retrying in 12 s, attempt 4 of 4",
        f"error: Semantic Scholar is unavailable at {s2.url}/paper/batch: HTTP 503 (4 attempts)",
    ]
    assert files(survey) == before


def test_html_body_exit_3_quiet_has_no_retry_lines(survey: Path, s2: S2StandIn, vla: Invoke) -> None:
    s2.script(503, Fault(kind="html"))
    res = vla("venues", "--all", "-q", "-C", str(survey))
    assert (res.exit_code, res.stdout) == (3, "")
    assert res.stderr == "error: Semantic Scholar answered with an HTML page (HTTP 200), not JSON\n"


def test_dblp_failure_keeps_what_was_done(survey: Path, s2: S2StandIn, dblp: DblpStandIn, vla: Invoke) -> None:
    dblp.script(*[Fault(status=500)] * 4)
    res = vla("venues", "2508.19958", "2505.18793", "--dblp", "--apply", "-q", "-C", str(survey))
    assert res.exit_code == 3
    assert res.stderr.splitlines() == ["not checked: 2505.18793",
                                       f"error: DBLP is unavailable at {dblp.url}/search/publ/api: HTTP 500 (4 "
                                       "attempts)"]
    assert Catalog(survey).get("2508.19958").venue == "CoRL"


def test_offline(survey: Path, s2: S2StandIn, vla: Invoke) -> None:
    res = vla("venues", "2508.19958", "--offline", "-C", str(survey))
    assert res.exit_code == 1
    assert res.stderr == "2508.19958: Semantic Scholar: not in the cache (--offline)\n"
    assert vla("venues", "2508.19958", "-C", str(survey)).exit_code == 0
    res = vla("venues", "2508.19958", "--offline", "-C", str(survey))
    assert res.exit_code == 0 and "2508.19958  arXiv → CoRL 2025" in res.stdout and len(s2.requests) == 1


@pytest.mark.parametrize(("args", "code", "message"), [
    ((), 1, "error: nothing to look up (give paper IDs, or --all)\n"),
    (("2508.19958", "--all"), 1, "error: give paper IDs or --all, not both\n"),
    (("2599.99999",), 1, "error: no paper '2599.99999' in the catalog (closest: 2509.22199)\n"),
    (("--format", "xml"), 2, None),
])
def test_usage(survey: Path, vla: Invoke, args: tuple[str, ...], code: int, message: str | None) -> None:
    res = vla("venues", *args, "-C", str(survey))
    assert res.exit_code == code
    if message is not None:
        assert res.stderr == message


def test_bundled_catalog_is_read_only(vla: Invoke, s2: S2StandIn) -> None:
    res = vla("venues", "--all", "--apply")
    assert res.exit_code == 1 and "read-only" in res.stderr and s2.requests == []


def test_bad_venue_table(survey: Path, vla: Invoke) -> None:
    (survey / "venues.toml").write_text("[[venue]]\nshort = 'X'\nfull = 'X'\nkind = 'symposium'\n", encoding="utf-8")
    res = vla("venues", "--all", "-C", str(survey))
    assert res.exit_code == 1
    assert res.stderr == (f"error: {survey / 'venues.toml'}: venue 'X' has kind 'symposium' (one of: conference, "
                          "journal, workshop)\n")


def test_the_readme_shows_what_vla_venues_prints(survey: Path, vla: Invoke, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's `vla venues` console block, run against the stand-in in a survey's repository
    (its catalog/ found from the working directory): every line it shows is printed, in order ("…"
    stands for what it leaves out, a line of its own for any lines)."""
    import shlex
    import shutil

    from conftest import page

    repo = tmp_path / "survey-repo"
    shutil.copytree(survey, repo / "catalog")
    monkeypatch.chdir(repo)

    block = re.search(r"```console\n(\$ vla venues --all\n.*?)```", page("guides/venues.md"), re.S)
    assert block is not None
    commands: list[tuple[str, list[str]]] = []
    for line in block.group(1).splitlines():
        if line.startswith("$ "):
            commands.append((line[2:], []))
        else:
            commands[-1][1].append(line)
    for command, shown in commands:
        res = vla(*shlex.split(command)[1:])
        assert res.exit_code == 0, res.output
        printed = iter(res.stdout.splitlines())
        for want in shown:
            if want == "…":
                continue
            pattern = ".*?".join(map(re.escape, want.split("…")))
            assert any(re.fullmatch(pattern, line) for line in printed), (command, want)
