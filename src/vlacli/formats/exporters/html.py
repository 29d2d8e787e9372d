"""HTML: the catalog as a searchable static site, one self-contained ``index.html``.

``vla export html -o DIR`` writes ``DIR/index.html``: the page, its CSS, its JavaScript and the
papers (as JSON) in one file, so it works opened from the file system, on GitHub Pages and offline,
with nothing fetched at run time. The page shows the taxonomy as a tree with counts and a table per
category like the README's (year, venue, title, website, code), in the README's order; it searches
as you type over title, authors and abstract, filters by category (with everything beneath it), year
range, venue and "has code", sorts by year, venue or title, and keeps the filters in the URL's
fragment. A paper opens to its authors, abstract, links and BibTeX entry (from
:mod:`vlacli.formats.exporters.bibtex`, with the citation keys of a full export), with a copy button.

Safety: the data is JSON inside ``<script type="application/json">`` with every ``<``, ``>`` and
``&`` written as a ``\\u`` escape, so no value can close the element or open a comment; the script
sets every text with ``textContent``; only http(s) links are kept (others are left out, with a
warning, as in the Markdown); a Content-Security-Policy allows the page's own script and style only
(by hash) and no request anywhere. The same catalog gives the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ...core.paper import Paper
    from ...core.stats import Stats
    from ...core.taxonomy import Taxonomy
    from ...core.venues import VenueTable
    from ...storage.catalog import Catalog

ROLE_NAMES = {"website": "Website", "code": "Code"}

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")
_SLOT = re.compile(r"@(CSP|TITLE|CSS|SUMMARY|CHART|DATA|JS|TEXT)@")


def embed_json(value: Any) -> str:
    """JSON text that can sit inside a ``<script>`` element: nothing in it can end the element,
    open an HTML comment or a character reference (``JSON.parse`` reads the escapes back)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group(0)], text)


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("site", name).read_text(encoding="utf-8")


def _doi_url(doi: str | None) -> str | None:
    from urllib.parse import quote

    return "https://doi.org/" + quote(doi.strip(), safe="/:;()._-") if doi and doi.strip() else None


def site_data(taxonomy: Taxonomy, papers: list[Paper], citekeys: dict[str, str],
              root: str | None = None, venues: VenueTable | None = None) -> dict[str, Any]:
    """What the page's script reads: the categories of ``root``'s subtree (all by default) in the
    taxonomy's order; the papers in the README's order; and ``texts``, each paper's authors, abstract
    and BibTeX entry (:func:`fold_abstract`), in the same order. The page holds ``texts`` apart,
    after its script, so that the tables are drawn before the browser has read them."""
    from ...core.names import display
    from ...core.paper import DEFAULT_LABELS, web_url
    from .bibtex import to_bibtex
    from .markdown import sort_key

    slugs = taxonomy.subtree(root) if root else [c.slug for c in taxonomy]
    index = {slug: i for i, slug in enumerate(slugs)}
    filed = {slug for p in papers for slug in p.categories}
    top = taxonomy.depth(root) if root else 0
    categories = []
    for slug in slugs:
        c = taxonomy[slug]
        parent = index.get(c.parent) if c.parent and slug != root else None
        categories.append({"slug": slug, "name": c.name, "parent": parent, "depth": taxonomy.depth(slug) - top,
                           "table": taxonomy.is_leaf(slug) or slug in filed})
    records, texts = [], []
    for p in sorted(papers, key=sort_key):
        texts.append([[display(a) for a in p.authors], p.abstract or "",
                      fold_abstract(to_bibtex([p], citekeys, venues=venues, entries_only=True), p.abstract)])
        records.append({
            "key": p.key,
            "title": p.title,
            "year": p.year,
            "venue": p.venue or "",
            "categories": [index[s] for s in dict.fromkeys(p.categories) if s in index],
            "link": web_url(p.link),
            "website": [[label, url] for label, url in p.cell_links("website") if web_url(url)],
            "code": [[label, url] for label, url in p.cell_links("code") if web_url(url)],
            "doi": _doi_url(p.doi),
        })
    return {"labels": {ROLE_NAMES[r]: label for r, label in DEFAULT_LABELS.items()},
            "categories": categories, "papers": records, "texts": texts}


def fold_abstract(entry: str, abstract: str | None) -> str | list[str]:
    """A BibTeX entry as the page holds it: when the paper's abstract appears in it as it is (it
    needed no escape), the two pieces around it, ``[before, after]``; the page puts the abstract back
    between them, and is a third smaller. Otherwise the entry itself. :func:`unfold_abstract` undoes it."""
    if not abstract or entry.count(abstract) != 1:
        return entry
    before, _, after = entry.partition(abstract)
    return [before, after]


def unfold_abstract(entry: str | list[str], abstract: str) -> str:
    """What the page's script does to show an entry."""
    return entry if isinstance(entry, str) else entry[0] + abstract + entry[1]


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def summary(data: dict[str, Any]) -> str:
    """``58 papers in 19 categories``: the papers, and the categories that hold a table."""
    n, tables = len(data["papers"]), sum(1 for c in data["categories"] if c["table"])
    return f"{n} {'paper' if n == 1 else 'papers'} in {tables} {'category' if tables == 1 else 'categories'}"


def render_site(data: dict[str, Any], title: str, figures: Stats | None = None) -> str:
    """The page: ``data`` (from :func:`site_data`), the template, its CSS and script, in one text;
    with ``figures``, the papers-per-year chart above the tables, folded."""
    css, js = _asset("site.css"), _asset("site.js")
    chart = ""
    if figures is not None:
        from ...core.stats import CHART_ALT, describe, render_svg

        uri = "data:image/svg+xml;base64," + base64.b64encode(render_svg(figures).encode("utf-8")).decode()
        noun = "paper" if figures.papers == 1 else "papers"
        chart = (f'<details class="chart"><summary>{CHART_ALT} (all {figures.papers} {noun})</summary>'
                 f'<img src="{uri}" alt="{html.escape(describe(figures))}"></details>\n')
    csp = (f"default-src 'none'; script-src {_csp_hash(js)}; style-src {_csp_hash(css)}; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    head = {k: v for k, v in data.items() if k != "texts"}
    slots = {"CSP": csp, "TITLE": html.escape(title), "CSS": css, "SUMMARY": html.escape(summary(data)),
             "CHART": chart, "DATA": embed_json(head), "JS": js, "TEXT": embed_json(data["texts"])}
    return _SLOT.sub(lambda m: slots[m.group(1)], _asset("template.html"))


def export_html(catalog: Catalog, papers: list[Paper], options: dict[str, Any]) -> str:
    from ...core.citekeys import assign_citekeys
    from ...core.stats import compute

    for p in papers:
        for name, value in p.non_web_links():
            if value:
                catalog.warnings.append(f"{catalog.paper_path(p.key)}: {name} {value[:80]!r} is not an http(s) "
                                        "address; left out of the site")
    tax = catalog.taxonomy
    category = options.get("category")
    root = tax.resolve(category).slug if category else None
    from ...storage.venue_file import load_table

    data = site_data(tax, papers, assign_citekeys(catalog.papers()), root, load_table(catalog.root))
    title = tax[root].name if root else (tax.title or "Papers")
    return render_site(data, title, compute(tax, papers))
