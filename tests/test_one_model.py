"""One model of a paper, end to end: who may change a field (a value a person set or cleared is theirs),
which records are one paper (a DOI in any form, another key and title case), and what a year is."""

from __future__ import annotations

import json
import time
import tomllib
from pathlib import Path

import pytest
from arxiv_server import ArxivReplay
from conftest import Invoke
from scholarly_server import SURVEY_PLACEMENTS, S2StandIn, survey_records

from vlacli import Catalog
from vlacli.sources.net import cache as cache_mod

# arXiv's answer for 1605.08386 once its authors named a project page and a repository in the comment.
WITH_LINKS = b"""<entry><id>http://arxiv.org/abs/1605.08386v2</id>
<title>Heat-bath random walks with Markov bases</title>
<updated>2017-03-01T10:00:00Z</updated><published>2016-05-26T17:59:46Z</published>
<summary>Abstract.</summary>
<author><name>Caprice Stanley</name></author><author><name>Tobias Windisch</name></author>
<arxiv:comment>Project page: https://heat-bath.github.io/walks. Code: https://github.com/heat/bath</arxiv:comment>
<arxiv:primary_category term="math.CO"/><category term="math.CO"/></entry>"""


def record(catalog: Path, key: str) -> dict[str, object]:
    return tomllib.loads((catalog / "papers" / f"{key}.toml").read_text(encoding="utf-8"))


@pytest.fixture
def filed(vla: Invoke, empty_catalog: Path, server: ArxivReplay, monkeypatch: pytest.MonkeyPatch) -> Path:
    """1605.08386 filed (v1, no links); arXiv now answers with a comment naming both links; the cache is old."""
    res = vla("add", "1605.08386", "-c", "quantization", "-C", str(empty_catalog))
    assert res.exit_code == 0, res.output
    server.add_entry("1605.08386", WITH_LINKS)
    monkeypatch.setattr(cache_mod, "wall_clock", lambda: time.time() + 2 * 86400)
    return empty_catalog


def test_refresh_fills_links_nobody_cleared(vla: Invoke, filed: Path) -> None:
    res = vla("refresh", "1605.08386", "-C", str(filed))
    assert res.exit_code == 0, res.output
    r = record(filed, "1605.08386")
    assert (r["website"], r["code"]) == ("https://heat-bath.github.io/walks", "https://github.com/heat/bath")


def test_links_a_person_cleared_stay_cleared_after_refresh(vla: Invoke, filed: Path) -> None:
    res = vla("set", "1605.08386", "--website", "", "--code", "", "-C", str(filed))
    assert res.exit_code == 0, res.output
    res = vla("refresh", "1605.08386", "-C", str(filed))
    assert res.exit_code == 0, res.output
    r = record(filed, "1605.08386")
    assert "website" not in r and "code" not in r
    assert set(r["pinned"]) == {"website", "code"}  # type: ignore[arg-type]
    assert r["version"] == 2  # what arXiv owns was refreshed


def test_links_vla_add_gives_a_paper_already_filed_are_pinned(vla: Invoke, filed: Path) -> None:
    """`vla add ID --website/--code` on a paper already filed is a person's value, as for a new paper."""
    res = vla("add", "1605.08386", "--website", "", "--code", "https://github.com/mine/fork", "-C", str(filed))
    assert res.exit_code == 0, res.output
    assert set(record(filed, "1605.08386")["pinned"]) == {"website", "code"}  # type: ignore[arg-type]
    res = vla("refresh", "1605.08386", "-C", str(filed))
    assert res.exit_code == 0, res.output
    r = record(filed, "1605.08386")
    assert "website" not in r and r["code"] == "https://github.com/mine/fork"  # not arXiv's comment's page


def test_a_link_cleared_in_the_readme_stays_cleared_after_sync_and_refresh(vla: Invoke, filed: Path,
                                                                          tmp_path: Path) -> None:
    """A person who deletes a row's link and syncs the README cleared it, as `vla set --website ''` does."""
    from test_round_trip import edit_row

    res = vla("refresh", "1605.08386", "-C", str(filed))  # the links of arXiv's comment filled in
    assert res.exit_code == 0 and record(filed, "1605.08386")["website"] == "https://heat-bath.github.io/walks"
    readme = tmp_path / "README.md"
    readme.write_text("# Survey\n\n<!-- vla:begin -->\n<!-- vla:end -->\n", encoding="utf-8")
    res = vla("export", "markdown", "--in-place", str(readme), "-C", str(filed))
    assert res.exit_code == 0, res.output
    text = readme.read_text(encoding="utf-8")
    edited = edit_row(text, "1605.08386", 3, "-")  # the website cell emptied
    assert edited != text
    readme.write_text(edited, encoding="utf-8")
    res = vla("sync", str(readme), "--offline", "-C", str(filed))
    assert res.exit_code == 0 and "changed 1605.08386 website" in res.stdout, res.output
    assert "website" not in record(filed, "1605.08386")
    res = vla("refresh", "1605.08386", "--offline", "-C", str(filed))
    assert res.exit_code == 0, res.output
    r = record(filed, "1605.08386")
    assert "website" not in r and r["code"] == "https://github.com/heat/bath"
    assert "website" in r["pinned"]  # type: ignore[operator]


def test_a_new_paper_added_with_an_empty_link_has_none_and_keeps_none(vla: Invoke, empty_catalog: Path,
                                                                       server: ArxivReplay) -> None:
    """`vla add ID --website ''`: no project page, even the one arXiv's comment names; not a link ''."""
    server.add_entry("1605.08386", WITH_LINKS)
    res = vla("add", "1605.08386", "-c", "quantization", "--website", "", "-C", str(empty_catalog))
    assert res.exit_code == 0, res.output
    r = record(empty_catalog, "1605.08386")
    assert "website" not in r and r["code"] == "https://github.com/heat/bath" and r["pinned"] == ["website"]
    res = vla("lint", "-C", str(empty_catalog))
    assert "bad-url" not in res.stdout, res.stdout


def test_a_cleared_venue_and_year_stay_cleared_after_refresh(vla: Invoke, filed: Path) -> None:
    res = vla("set", "1605.08386", "--venue", "", "--year", "", "-C", str(filed))
    assert res.exit_code == 0, res.output
    assert "venue" not in record(filed, "1605.08386") and "year" not in record(filed, "1605.08386")
    res = vla("refresh", "1605.08386", "--take", "doi", "-C", str(filed))
    assert res.exit_code == 0, res.output
    r = record(filed, "1605.08386")
    assert "venue" not in r and "year" not in r  # not "arXiv", not the year of v1


def test_a_cleared_title_stays_cleared_after_refresh(vla: Invoke, filed: Path) -> None:
    """A title cleared in the paper's file by hand (vla set refuses an empty title: a paper has one)."""
    import tomli_w

    path = filed / "papers" / "1605.08386.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    path.write_text(tomli_w.dumps({**data, "title": "", "pinned": ["title"]}), encoding="utf-8")
    res = vla("refresh", "1605.08386", "-C", str(filed))
    assert res.exit_code == 0, res.output
    assert record(filed, "1605.08386")["title"] == ""
    res = vla("set", "1605.08386", "--title", "", "-C", str(filed))
    assert res.exit_code == 1 and res.stderr == "error: --title cannot be empty (a paper has a title)\n"


def test_set_year_takes_a_year_or_nothing(vla: Invoke, filed: Path) -> None:
    res = vla("set", "1605.08386", "--year", "soon", "-C", str(filed))
    assert res.exit_code == 2 and "'soon' is not a year from 1000 to" in res.stderr
    res = vla("set", "1605.08386", "--year", "1790", "-C", str(filed))
    assert res.exit_code == 0 and record(filed, "1605.08386")["year"] == 1790
    for digits in ("²⁰²⁴", "2024.0", "+2024"):  # digits int() does not take, or that are no year's form
        res = vla("set", "1605.08386", "--year", digits, "-C", str(filed))
        assert res.exit_code == 2 and f"{digits!r} is not a year from 1000 to" in res.stderr, res.output
        assert "Traceback" not in res.output


def test_a_cleared_venue_and_year_stay_cleared_after_venues_apply(survey_catalog: Path, s2: S2StandIn,
                                                                  vla: Invoke) -> None:
    key = next(k for k, (_, kind, _, _, _) in SURVEY_PLACEMENTS.items() if kind == "conference")
    other = next(k for k, (_, kind, _, _, _) in SURVEY_PLACEMENTS.items() if kind == "conference" and k != key)
    res = vla("set", key, "--venue", "", "--year", "", "-C", str(survey_catalog))
    assert res.exit_code == 0, res.output
    s2.records = survey_records(Catalog(survey_catalog).papers())
    res = vla("venues", "--all", "--apply", "-C", str(survey_catalog))
    assert res.exit_code == 0, res.output
    r = record(survey_catalog, key)
    assert "venue" not in r and "year" not in r
    assert record(survey_catalog, other)["venue"] == SURVEY_PLACEMENTS[other][4]  # the others moved


def test_a_cleared_doi_stays_cleared_after_venues_apply_and_a_service_s_doi_is_stored_bare(
        survey_catalog: Path, s2: S2StandIn, vla: Invoke) -> None:
    key, other = [k for k, (_, kind, _, _, _) in SURVEY_PLACEMENTS.items() if kind == "conference"][:2]
    res = vla("set", key, "--doi", "", "-C", str(survey_catalog))
    assert res.exit_code == 0, res.output
    s2.records = survey_records(Catalog(survey_catalog).papers())
    for k in (key, other):
        s2.records[f"ARXIV:{k}"]["externalIds"]["DOI"] = f"https://doi.org/10.1109/ICRA.2025.{k}"  # type: ignore[index]
    res = vla("venues", "--all", "--apply", "-C", str(survey_catalog))
    assert res.exit_code == 0, res.output
    r = record(survey_catalog, key)
    assert "doi" not in r and r["venue"] == SURVEY_PLACEMENTS[key][4]  # the venue moved; the DOI stayed cleared
    assert record(survey_catalog, other)["doi"] == f"10.1109/ICRA.2025.{other}"


# -- one paper, whatever the format ------------------------------------------------------------------

CSL = [{"id": "ITEM-1", "type": "article-journal", "title": "Fast Robot Grasping with Diffusion",
        "DOI": "https://doi.org/10.1109/LRA.2025.3544909", "container-title": "IEEE Robotics and Automation Letters",
        "author": [{"family": "Zhang", "given": "Wei"}], "issued": {"date-parts": [[2025]]}}]
BIB = """@article{zhang2025fast,
  title = {Fast robot grasping with diffusion},
  author = {Zhang, Wei},
  journal = {IEEE Robotics and Automation Letters},
  year = {2025},
  doi = {10.1109/lra.2025.3544909}
}
"""


def test_the_same_doi_from_csl_json_and_bibtex_is_one_paper(vla: Invoke, empty_catalog: Path,
                                                             tmp_path: Path) -> None:
    (tmp_path / "items.json").write_text(json.dumps(CSL), encoding="utf-8")
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    for fmt, name in (("csl-json", "items.json"), ("bibtex", "refs.bib")):
        res = vla("import", fmt, str(tmp_path / name), "-C", str(empty_catalog))
        assert res.exit_code == 0, res.output
    papers = Catalog(empty_catalog).papers()
    assert len(papers) == 1
    assert papers[0].doi == "10.1109/LRA.2025.3544909"  # bare, as the first source spelled it


def test_a_bib_of_1790_and_a_readme_row_of_1975_keep_their_years(vla: Invoke, empty_catalog: Path,
                                                                 tmp_path: Path) -> None:
    (tmp_path / "old.bib").write_text("@book{smith1790,\n  title = {An Inquiry},\n  author = {Smith, Adam},\n"
                                      "  year = {1790}\n}\n", encoding="utf-8")
    (tmp_path / "README.md").write_text(
        "## Classics\n\n| Year | Venue | Paper | Website | Code |\n|---|---|---|---|---|\n"
        "| 1975 | CACM | [The Mythical Paper](https://example.org/mythical) | | |\n", encoding="utf-8")
    res = vla("import", "bibtex", str(tmp_path / "old.bib"), "-C", str(empty_catalog))
    assert res.exit_code == 0 and "left out" not in res.output, res.output
    res = vla("import", "markdown", str(tmp_path / "README.md"), "-C", str(empty_catalog))
    assert res.exit_code == 0, res.output
    years = {p.title: p.year for p in Catalog(empty_catalog).papers()}
    assert years == {"An Inquiry": 1790, "The Mythical Paper": 1975}
