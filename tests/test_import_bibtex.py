"""vla import bibtex: .bib files from Zotero, Scholar and arXiv, merged into the catalog."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import BUNDLED, ROOT, SEED, SITE_BIB, Invoke
from hypothesis import given
from hypothesis import strategies as st
from tools import requires

from vlacli import Catalog
from vlacli.core.names import from_bibtex as authors
from vlacli.core.paper import Paper
from vlacli.formats.importers.bibtex import parse_bibtex

CORRECTIONS = ROOT / "scripts" / "survey-corrections.toml"

SCHOLAR = r"""% a comment line
@article{shukor2025smolvla,
  title={Smolvla: A vision-language-action model for affordable and efficient robotics},
  author={Shukor, Mustafa and M{\"u}ller, J{\"o}rg and Pawe{\l} Budzianowski and others},
  journal={arXiv preprint arXiv:2506.01844},
  year={2025},
  abstract={Small \& fast: 10$\times$ smaller, \textit{SmolVLA} runs on a CPU.}
}

@inproceedings{liu2024robomamba,
  title = {{RoboMamba}: Efficient Vision-Language-Action Model},
  author = {Liu, Jiaming and Zhang, Renrui},
  booktitle = {Advances in Neural Information Processing Systems},
  year = 2024,
  url = {https://arxiv.org/abs/2406.04339v2},
  doi = {https://doi.org/10.5555/RoboMamba}
}

@misc{broken,
  title = {Unbalanced {brace,
  year = 2024
}

@misc{zotero2023,
  title = {A {Z}otero Export},
  author = {de la Cruz, Ana and Smith, Jr., John},
  year = {2023},
  eprint = {2301.00001},
  archivePrefix = {arXiv},
  primaryClass = {cs.RO}
}

@article{doi2022,
  title = {Robots \& Journals},
  author = {Quinn, Ann},
  journal = {IEEE Robotics and Automation Letters},
  year = {2022},
  doi = {10.1109/LRA.2022.1}
}

@misc{twice, title = {One}, title = {Two}}
"""


def test_parse_scholar_zotero_and_arxiv_forms() -> None:
    parsed = parse_bibtex(SCHOLAR)
    by_title = {e.title: e for e in parsed.entries}
    assert list(by_title) == [
        "Smolvla: A vision-language-action model for affordable and efficient robotics",
        "RoboMamba: Efficient Vision-Language-Action Model",
        "A Zotero Export",
        "Robots & Journals",
    ]
    smol = by_title["Smolvla: A vision-language-action model for affordable and efficient robotics"]
    assert (smol.arxiv, smol.venue, smol.year, smol.line) == ("2506.01844", "arXiv", 2025, 2)
    assert smol.authors == ["Mustafa Shukor", "Jörg Müller", "Paweł Budzianowski", "others"]
    assert smol.fields == {"abstract": "Small & fast: 10× smaller, SmolVLA runs on a CPU.",
                           "citekey": "shukor2025smolvla", "entry_type": "article"}
    robo = by_title["RoboMamba: Efficient Vision-Language-Action Model"]
    assert (robo.arxiv, robo.url, robo.venue, robo.year) == (
        "2406.04339", None, "Advances in Neural Information Processing Systems", 2024)
    assert robo.fields["doi"] == "10.5555/RoboMamba"
    zot = by_title["A Zotero Export"]
    assert (zot.arxiv, zot.venue, zot.fields["primary_category"]) == ("2301.00001", "arXiv", "cs.RO")
    assert zot.authors == ["Ana de la Cruz", "John Smith Jr."]
    journal = by_title["Robots & Journals"]
    assert (journal.arxiv, journal.venue, journal.fields["doi"]) == (
        None, "IEEE Robotics and Automation Letters", "10.1109/LRA.2022.1")
    assert [(u.line, u.text) for u in parsed.unreadable] == [(19, "@misc{broken,"), (41, "@misc{twice, title = {One}, "
                                                                                         "title = {Two}}")]
    assert parsed.unreadable[1].why == "a field given twice (title)"
    assert parsed.unreadable[0].why == ("not valid BibTeX: unexpected block start: `@misc`. "
                                        "Was still looking for field-value closing `}`")


def test_arxiv_doi_and_names() -> None:
    [e] = parse_bibtex("@article{a, title={T}, doi={10.48550/arXiv.2506.01844}, year={2025}}").entries
    assert e.arxiv == "2506.01844"
    assert authors(r"{\L}ukasz Kaiser and Kaiser, {\L}ukasz and {Barack and Obama} and others") == [
        "Łukasz Kaiser", "Łukasz Kaiser", "{Barack and Obama}", "others"]
    [untitled] = parse_bibtex("@misc{x, year = 2020}").entries  # kept: a key is a key, title or not
    assert (untitled.title, untitled.key) == ("", "x")
    assert untitled.notes == ["an entry with no title: kept with an empty title"]


def test_import_into_an_empty_catalog(vla: Invoke, empty_catalog: Path, tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(SCHOLAR, encoding="utf-8")
    res = vla("import", "bibtex", str(bib), "-C", str(empty_catalog))
    assert "unreadable (2):\n  line 19: not valid BibTeX: " in res.stdout
    assert "  line 41: a field given twice (title): @misc{twice, title = {One}, title = {Two}}\n" in res.stdout
    assert res.stdout.endswith(f"{bib}: 4 papers added, 0 repeats merged, 0 updated, 0 already up to date, "
                               "0 conflicts, 2 unreadable\n")
    cat = Catalog(empty_catalog)
    smol = cat.get("2506.01844")
    assert smol.authors == ["Mustafa Shukor", "Jörg Müller", "Paweł Budzianowski", "others"]
    assert smol.citekey == "shukor2025smolvla"
    assert cat.get("2406.04339").doi == "10.5555/RoboMamba"
    # Papers on arXiv are filed by their ID, the others by their citation key.
    assert {p.key for p in cat.papers()} == {"2506.01844", "2406.04339", "2301.00001", "doi2022"}
    assert {p.citekey for p in cat.papers()} == {"shukor2025smolvla", "liu2024robomamba", "zotero2023", "doi2022"}


def test_merge_fills_only_missing_fields(vla: Invoke, empty_catalog: Path, tmp_path: Path) -> None:
    cat = Catalog(empty_catalog)
    cat.add(Paper(key="2506.01844", arxiv="2506.01844", title="SmolVLA: A Vision-Language-Action Model",
                  year=2024, venue="CoRL", categories=["lightweight-component"], code="https://github.com/x/y"))
    bib = tmp_path / "refs.bib"
    bib.write_text(SCHOLAR, encoding="utf-8")
    before = (empty_catalog / "papers" / "2506.01844.toml").read_bytes()

    res = vla("import", "bibtex", str(bib), "-C", str(empty_catalog))  # without --merge: left alone
    assert res.exit_code == 0
    assert (empty_catalog / "papers" / "2506.01844.toml").read_bytes() == before

    res = vla("import", "bibtex", str(bib), "--merge", "-C", str(empty_catalog))
    assert res.exit_code == 0
    p = Catalog(empty_catalog).get("2506.01844")
    # Never the title (Scholar's is lower-cased), venue, year or categories; the rest is filled.
    assert (p.title, p.venue, p.year, p.categories, p.code) == (
        "SmolVLA: A Vision-Language-Action Model", "CoRL", 2024, ["lightweight-component"], "https://github.com/x/y")
    assert p.authors == ["Mustafa Shukor", "Jörg Müller", "Paweł Budzianowski", "others"]
    assert p.abstract == "Small & fast: 10× smaller, SmolVLA runs on a CPU."
    assert (p.citekey, p.entry_type) == ("shukor2025smolvla", None)  # the type goes with the venue, kept


def test_only_existing_adds_nothing_new(vla: Invoke, empty_catalog: Path, tmp_path: Path) -> None:
    Catalog(empty_catalog).add(Paper(key="2406.04339", arxiv="2406.04339", title="RoboMamba"))
    bib = tmp_path / "refs.bib"
    bib.write_text(SCHOLAR, encoding="utf-8")
    res = vla("import", "bibtex", str(bib), "--merge", "--only-existing", "-C", str(empty_catalog))
    assert res.exit_code == 0
    assert [p.key for p in Catalog(empty_catalog).papers()] == ["2406.04339"]
    assert Catalog(empty_catalog).get("2406.04339").authors == ["Jiaming Liu", "Renrui Zhang"]


def titles(root: Path) -> dict[str, str]:
    return {f.name: tomllib.loads(f.read_text(encoding="utf-8"))["title"] for f in (root / "papers").glob("*.toml")}


def test_bundled_catalog_has_authors_and_the_readme_titles(vla: Invoke, empty_catalog: Path) -> None:
    """The site .bib gave the bundled papers their authors and abstracts, and changed no title."""
    res = vla("import", "markdown", str(SEED), "--corrections", str(CORRECTIONS), "-C", str(empty_catalog))
    assert res.exit_code == 0
    assert titles(BUNDLED) == titles(empty_catalog)  # the titles the README (and its corrections) give
    papers = Catalog(BUNDLED).papers()
    with_authors = [p for p in papers if p.authors]
    assert len(papers) == 58
    assert len(with_authors) / len(papers) >= 0.95
    assert sum(1 for p in papers if p.abstract) >= 55
    assert Catalog(BUNDLED).get("2506.01844").citekey == "shukor2025smolvla"
    assert Catalog(BUNDLED).get("2507.14049").authors == ["Paweł Budzianowski", "others"]


@requires("bash")
def test_build_script_reproduces_the_bundled_papers(tmp_path: Path) -> None:
    out = tmp_path / "out"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("VLA_CATALOG", None)
    res = subprocess.run(["bash", str(ROOT / "scripts" / "build-survey-catalog.sh"), str(SEED), str(SITE_BIB),
                          str(out)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert res.stdout.endswith(f"catalog rebuilt: 58 papers in {out}/papers\n")
    built = {f.name: f.read_bytes() for f in (out / "papers").iterdir()}
    bundled = {f.name: f.read_bytes() for f in (BUNDLED / "papers").iterdir()}
    assert sorted(built) == sorted(bundled)
    assert built == bundled


def test_a_big_bib_parsed_on_two_cores_gives_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    import vlacli.formats.importers.bibtex as bib

    text = "".join(
        f"@misc{{k{i},\n  title={{Paper {i} on {{VLA}} robots}},\n  author={{Doe, Jane and M{{\\\"u}}ller, Kai}},\n"
        f"  year={{2024}},\n  eprint={{2401.{i:05d}}}\n}}\n" for i in range(1, 61)
    ) + "@misc{broken, title={no end\n"
    serial = bib._parse(text)
    monkeypatch.setattr(bib, "PARALLEL_FROM", 100)
    parallel = bib.parse_bibtex(text)
    assert parallel.entries == serial.entries and len(parallel.entries) == 60
    assert [u.line for u in parallel.unreadable] == [u.line for u in serial.unreadable] == [361]
    assert bib._halfway("@string{a = {b}}\n" + text) is None  # macros must stay with their users
    assert bib._halfway(text + "@comment{jabref-meta: x;}\n") is None  # kept with the file's first paper


def test_string_macros_and_concatenation_read_as_bibtex_reads_them(vla: Invoke, empty_catalog: Path,
                                                                    tmp_path: Path) -> None:
    bib = tmp_path / "macros.bib"
    bib.write_text(
        '@String{CoRL = "Conference on Robot Learning"}\n'
        '@string{corl24 = corl # " 2024"}\n'
        '@inproceedings{a, title = "Small " # {VLA} # " Policies", booktitle = corl24, year = "20" # "24",\n'
        '  author = "Doe, Jane" # " and " # {Roe, Rick}, month = jan, eprint = {2501.00001}}\n'
        '@inproceedings{b, title = {Keeps # inside braces}, booktitle = CORL # " (" # wrkshp # ")",\n'
        '  eprint = {2501.00002}}\n'
    )
    a, b = parse_bibtex(bib.read_text()).entries
    assert (a.title, a.venue, a.year, a.authors) == ("Small VLA Policies", "Conference on Robot Learning 2024", 2024,
                                                      ["Jane Doe", "Rick Roe"])
    assert a.notes == []
    assert (b.title, b.venue) == ("Keeps # inside braces", "Conference on Robot Learning ()")
    assert b.notes == ["@string 'wrkshp' in booktitle is not defined; read as empty"]
    res = vla("import", "bibtex", str(bib), "-c", "quantization", "-C", str(empty_catalog))
    assert res.exit_code == 0, res.output
    assert "  line 5: @string 'wrkshp' in booktitle is not defined; read as empty" in res.stdout


@given(st.lists(st.one_of(st.from_regex(r"\{[^{}]*\}", fullmatch=True), st.from_regex(r'"[^"{}]*"', fullmatch=True),
                          st.from_regex(r"[0-9]{1,4}", fullmatch=True)), min_size=1, max_size=6))
def test_a_chain_of_literals_joins_their_texts(pieces: list[str]) -> None:
    from vlacli.formats.importers.bibtex import Macros, expand

    notes: list[str] = []
    want = "".join(p[1:-1] if p[0] in '{"' else p for p in pieces)
    assert expand(" # ".join(pieces), Macros(10**6), notes) == want and notes == []


def test_macros_read_in_file_order() -> None:
    parsed = parse_bibtex(
        '@string{u = "A" # nope}\n@string{late = "L" # later}\n@string{later = "X"}\n'
        '@misc{y, title = {Y}, journal = u, booktitle = late, eprint = {2501.00002}}\n')
    (y,) = parsed.entries
    assert (y.title, y.venue) == ("Y", "L")  # as BibTeX reads it: `later` is not yet defined at `late`
    assert parsed.notes == ["line 1: @string 'nope' in @string u is not defined; read as empty",
                            "line 2: @string 'later' in @string late is not defined; read as empty"]


def test_macros_that_double_are_cut_and_the_file_has_a_budget() -> None:
    from vlacli.formats.importers.bibtex import MAX_EXPANSION

    doubling = "".join(f"@string{{s{i} = s{i - 1} # s{i - 1}}}\n" for i in range(1, 41))
    parsed = parse_bibtex('@string{s0 = "ab"}\n' + doubling +
                          '@misc{z, title = {Z}, note = s40 # "", eprint = {2501.00003}}\n')
    assert f"line 17: @string s16 is longer than {MAX_EXPANSION:,} characters once its @string macros are " \
           "expanded; cut there" in parsed.notes  # 2 ** 17 characters
    # Capped values still double the file's total: past its budget, macros read as empty.
    assert parsed.notes[-1] == ("line 26: the file's @string macros expand to too much text in all; the macros "
                                "read from here on (the @strings first, then the entries) are read as empty")
    assert [e.title for e in parsed.entries] == ["Z"] and len(parsed.notes) == 10


BIB_PIECES = ["@article{", "@misc{k,", "title = {", "}", "{", '"', ",", "author = ", " and ", "\n", "@string{a=",
              "#", "year=2020", "crossref={k}", "@comment{", "\\'", "%", "=", "@xdata{x,", "xdata={x}", "@",
              "eprint={2506.01844}", "doi={10.1/x}", "url={javascript:x}"]


@given(st.lists(st.sampled_from(BIB_PIECES), max_size=40).map("".join) | st.text())
def test_the_reader_never_raises_only_reports(text: str) -> None:
    """Any text, however broken: entries and unreadable lines, never an exception."""
    parsed = parse_bibtex(text)
    assert all(u.line >= 1 for u in parsed.unreadable)
