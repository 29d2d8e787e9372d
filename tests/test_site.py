"""vla export html: the static site's page, its data, its safety and its bytes (no browser here;
tests/test_site_browser.py drives the page in Chromium)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

from conftest import BUNDLED, Invoke
from hypothesis import given
from hypothesis import strategies as st

from vlacli import Catalog
from vlacli.core.citekeys import assign_citekeys
from vlacli.core.names import display
from vlacli.core.paper import Paper
from vlacli.formats.exporters.bibtex import to_bibtex
from vlacli.formats.exporters.html import embed_json, fold_abstract, render_site, site_data, unfold_abstract
from vlacli.storage.store import dump_toml

HOSTILE_TITLE = '</script><script>window.pwned = 1</script><!-- <img src=x onerror="window.pwned = 2">'


class Page(HTMLParser):
    """The elements of a page that matter here: the scripts' texts, and every tag seen."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self.tags: list[str] = []
        self.meta: list[dict[str, str | None]] = []
        self._in: tuple[str, dict[str, str | None]] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in ("script", "style"):
            self._in = (tag, dict(attrs))
        if tag == "meta":
            self.meta.append(dict(attrs))

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            tag, attrs = self._in
            (self.scripts.append((attrs, data)) if tag == "script" else self.styles.append(data))

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def json(self, id_: str) -> object:
        return json.loads(next(text for attrs, text in self.scripts if attrs.get("id") == id_))


def export(vla: Invoke, out: Path, *args: str) -> str:
    res = vla("export", "html", "-o", str(out), *args)
    assert res.exit_code == 0, res.output
    assert res.stderr == f"{out / 'index.html'}: written\n"
    return (out / "index.html").read_text(encoding="utf-8")


def test_export_writes_one_self_contained_page(vla: Invoke, tmp_path: Path) -> None:
    text = export(vla, tmp_path / "site" / "deep")  # folders created as needed
    assert sorted(os.listdir(tmp_path / "site" / "deep")) == ["index.html"]
    page = Page(text)
    assert [a.get("id") for a, _ in page.scripts] == ["vla-data", None, "vla-text"]
    # Nothing is fetched: no src, no href to a stylesheet, no URL but the data: chart.
    assert not re.search(r"\b(?:src|href)=\"(?!data:|#)", text)
    assert "<link" not in text and "@import" not in text
    data = page.json("vla-data")
    assert isinstance(data, dict)
    assert len(data["papers"]) == 58
    assert sum(c["table"] for c in data["categories"]) == 19
    assert "<p id=\"summary\">58 papers in 19 categories</p>" in text


def test_export_is_byte_stable(vla: Invoke, tmp_path: Path, survey_catalog: Path) -> None:
    first = export(vla, tmp_path / "a", "-C", str(survey_catalog))
    shutil.rmtree(Path(os.environ["VLA_CACHE_DIR"]), ignore_errors=True)  # a cold index too
    assert export(vla, tmp_path / "b", "-C", str(survey_catalog)) == first
    assert export(vla, tmp_path / "a", "-C", str(survey_catalog)) == first  # an existing folder: rewritten


def test_csp_allows_only_the_pages_own_script_and_style(tmp_path: Path, vla: Invoke) -> None:
    page = Page(export(vla, tmp_path))
    csp = next(m["content"] for m in page.meta if m.get("http-equiv") == "Content-Security-Policy")
    assert csp is not None

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    code = next(text for attrs, text in page.scripts if "type" not in attrs)
    assert csp == (f"default-src 'none'; script-src {digest(code)}; style-src {digest(page.styles[0])}; "
                   "img-src data:; base-uri 'none'; form-action 'none'")


def test_each_paper_carries_its_bibtex_entry_from_the_bibtex_exporter() -> None:
    cat = Catalog(BUNDLED)
    papers = cat.papers()
    keys = assign_citekeys(papers)
    data = site_data(cat.taxonomy, papers, keys)
    by_key = {p.key: p for p in papers}
    folded = 0
    for record, (authors, abstract, entry) in zip(data["papers"], data["texts"], strict=True):
        p = by_key[record["key"]]
        assert unfold_abstract(entry, abstract) == to_bibtex([p], keys)
        assert authors == [display(a) for a in p.authors] and abstract == (p.abstract or "")  # "others": et al.
        folded += isinstance(entry, list)
    assert folded > 20  # those that needed no escape are written once


def test_papers_come_in_the_readmes_order_and_links_are_web_only(tmp_path: Path) -> None:
    from vlacli.core.taxonomy import Category, Taxonomy

    tax = Taxonomy([Category("models", "Models"), Category("small", "Small", parent="models")])
    papers = [
        Paper(key="b", title="B", year=2025, categories=["small"], website="javascript:alert(1)",
              code="https://github.com/x/b", doi="10.1/a b<c>"),
        Paper(key="2401.00001", arxiv="2401.00001", title="A", year=2024, categories=["small", "small"],
              url="file:///etc/passwd"),
        Paper(key="c", title="C", url="ftp://x", categories=["gone"]),
    ]
    data = site_data(tax, papers, assign_citekeys(papers))
    assert [p["key"] for p in data["papers"]] == ["2401.00001", "b", "c"]
    a, b, c = data["papers"]
    assert a["link"] == "https://arxiv.org/abs/2401.00001" and a["categories"] == [1]
    assert b["website"] == [] and b["code"] == [["💻", "https://github.com/x/b"]]
    assert b["doi"] == "https://doi.org/10.1/a%20b%3Cc%3E"
    assert c["link"] is None and c["categories"] == []  # "gone" is not in the taxonomy
    assert data["categories"] == [
        {"slug": "models", "name": "Models", "parent": None, "depth": 0, "table": False},
        {"slug": "small", "name": "Small", "parent": 0, "depth": 1, "table": True},
    ]


def test_non_web_links_are_left_out_with_a_warning(vla: Invoke, survey_catalog: Path, tmp_path: Path) -> None:
    path = survey_catalog / "papers" / "2312.01990.toml"
    path.write_text(path.read_text(encoding="utf-8") + "website = 'javascript:alert(1)'\n", encoding="utf-8")
    res = vla("export", "html", "-C", str(survey_catalog), "-o", str(tmp_path / "out"))
    assert res.exit_code == 0
    assert res.stderr.splitlines() == [f"{tmp_path / 'out' / 'index.html'}: written",
                                       f"warning: {path}: website 'javascript:alert(1)' is not an http(s) "
                                       "address; left out of the site"]
    assert "javascript:" not in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_category_option_makes_a_site_of_one_subtree(vla: Invoke, tmp_path: Path) -> None:
    page = Page(export(vla, tmp_path, "--category", "model compression"))
    data = page.json("vla-data")
    assert isinstance(data, dict)
    assert [c["slug"] for c in data["categories"]] == ["model-compression", "layer-pruning", "quantization",
                                                        "token-optimization"]
    assert data["categories"][0]["parent"] is None and data["categories"][1]["depth"] == 1
    assert len(data["papers"]) == 3
    assert "<title>Model Compression</title>" in "".join(export(vla, tmp_path, "-c", "model-compression"))


def test_hostile_text_cannot_leave_its_element(tmp_path: Path, vla: Invoke, empty_catalog: Path) -> None:
    paper = Paper(key="evil", title=HOSTILE_TITLE, authors=['"><svg onload=alert(1)>', "Ann & Bob"], year=2025,
                  venue="<b>Venue</b>", categories=["quantization"],
                  abstract="</SCRIPT ><!--<script>alert(1)</script>\u2028&amp; \\u003c")
    (empty_catalog / "papers" / "evil.toml").write_text(dump_toml(paper.to_dict()), encoding="utf-8")
    text = export(vla, tmp_path / "out", "-C", str(empty_catalog))
    page = Page(text)
    assert page.tags.count("script") == 3 and page.tags.count("img") == 1 and "svg" not in page.tags  # the chart
    data, texts = page.json("vla-data"), page.json("vla-text")
    assert isinstance(data, dict) and isinstance(texts, list)
    assert data["papers"][0]["title"] == HOSTILE_TITLE and data["papers"][0]["venue"] == "<b>Venue</b>"
    assert texts[0][0] == paper.authors and texts[0][1] == paper.abstract


def test_a_title_of_the_taxonomy_is_escaped(tmp_path: Path) -> None:
    from vlacli.core.taxonomy import Taxonomy

    text = render_site(site_data(Taxonomy(), [], {}), "<script>alert(1)</script> & co")
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</title>" in text
    assert "<p id=\"summary\">0 papers in 0 categories</p>" in text


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
                    max_leaves=20))
def test_embedded_json_reads_back_and_cannot_end_its_script(value: object) -> None:
    text = embed_json(value)
    assert json.loads(text) == value
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}


@given(st.text(), st.text())
def test_a_folded_abstract_unfolds_to_the_entry(entry: str, abstract: str) -> None:
    folded = fold_abstract(entry, abstract)
    assert unfold_abstract(folded, abstract) == entry
    if isinstance(folded, list):  # the abstract is written once, outside the entry
        assert abstract and sum(map(len, folded)) == len(entry) - len(abstract)
    else:
        assert folded == entry


def test_html_needs_a_folder(vla: Invoke, tmp_path: Path) -> None:
    res = vla("export", "html")
    assert res.exit_code == 1
    assert res.stderr == "error: html writes a folder: name it with --output/-o DIR\n"
    (tmp_path / "file").write_text("x")
    res = vla("export", "html", "-o", str(tmp_path / "file"))
    assert res.exit_code == 1
    assert res.stderr == f"error: {tmp_path / 'file'}: is a file; html writes a folder (give --output a folder name)\n"
    res = vla("export", "html", "-o", str(tmp_path / "file" / "sub"))
    assert res.exit_code == 1
    assert res.stderr.startswith(f"error: {tmp_path / 'file' / 'sub'}: cannot create the folder: ")
    res = vla("export", "html", "--ascii", "-o", str(tmp_path / "x"))
    assert res.exit_code == 1 and res.stderr == "error: --ascii is for bibtex, not html\n"
    assert not (tmp_path / "x").exists()


def test_a_page_that_cannot_be_written_is_one_line(vla: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "index.html").mkdir(parents=True)  # in the way, as a read-only folder would be
    res = vla("export", "html", "-o", str(out))
    assert res.exit_code == 1
    assert res.stderr == f"error: {out / 'index.html'}: cannot write it: Is a directory\n"
    assert os.listdir(out / "index.html") == [] and os.listdir(out) == ["index.html"]  # no temp file left


def test_other_formats_still_want_a_file(vla: Invoke, tmp_path: Path) -> None:
    res = vla("export", "json", "-o", ".")
    assert res.exit_code == 1 and res.stderr == "error: --output needs a file name\n"
    res = vla("export", "json", "-o", str(tmp_path))
    assert res.exit_code == 1 and res.stderr.startswith(f"error: {tmp_path}: cannot write it: ")
