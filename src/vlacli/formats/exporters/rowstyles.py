"""Row styles: how a paper's entry looks in a README, as a Jinja2 template.

A style is a template with up to three blocks: ``header`` (the lines before the rows, such as a
table's header), ``row`` (one paper's entry: a line, or several) and ``footer``; a template with no
``row`` block is all row. The built-in styles are such templates, shipped in ``styles/``:

- ``table`` (the default): the survey's ``| Year | Venue | Paper | Website | Code |``;
- ``bullets``: the survey's first README, ``- Title. <ins>Venue, Year</ins> [[Paper](…)]``;
- ``bold``: ``- **Title** [[paper](…)] [[code](…)]``;
- ``numbered``: ``1. **Title**. *Authors*. Venue Year. [[pdf](…)] [[code](…)]``.

``vla export markdown --template FILE`` renders any other. What a template sees (the context):

- ``paper``: ``key``, ``title``, ``year``, ``venue``, ``authors`` (a list), ``arxiv``, ``url``, ``link``
  (where the paper is read: its arXiv page, else its URL; http(s) only), ``pdf`` (arXiv's PDF),
  ``doi``, ``citations``, ``month``, ``note``, ``website``, ``code``, ``cells`` (the cells of a list's
  own columns, as the list wrote them: ``paper.cells["Date"]``) and ``fields`` (the paper's fields
  vla does not model);
- ``links``: ``links.website`` and ``links.code``, the paper's links for each, in order, each with
  its ``label`` and ``url``; ``links.all``, both, each with its ``role``;
- ``category``: the category whose heading the row is under (``slug``, ``name``), or none;
- ``columns``: the optional columns (``--columns citations,stars``), each with its ``header`` and
  this paper's ``cell``;
- ``index``: the row's place in its block, from 1 (for numbered lists).

Filters: ``text`` (escaped: renders as itself, cannot break a table or inject HTML), ``cell`` (as
``text``, a bare dash written so that it does not read as "none"), ``url`` (percent-encoded where it
could end the link), ``link(url)`` (``[text](url)``, or the text alone without a URL),
``cell_links`` (a cell's links, ``[label](url)`` joined by `` / ``), ``label(role)`` (a link's label,
the role's name for the default 🌐 / 💻). Nothing is escaped unless a filter says so.

Templates run in Jinja2's immutable sandbox: a README marker names its template, and a marker is
text anyone may edit (a template can read the values above, and do nothing else). jinja2 is
imported by this module only, which only the Markdown export imports.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import ChainableUndefined, Environment, TemplateError, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ...core.identifiers import pdf_url
from ...core.paper import DEFAULT_LABELS, web_url
from ...errors import InputError
from .mdtext import escape_cell, escape_text, escape_url

if TYPE_CHECKING:
    from jinja2 import Template

    from ...core.paper import Paper
    from ...core.taxonomy import Category

DEFAULT_STYLE = "table"
STYLES = ("table", "bullets", "bold", "numbered")  # the built-in ones, in the order help lists them


# -- filters ---------------------------------------------------------------------------------------
def _text(value: Any) -> str:
    return "" if value is None or isinstance(value, ChainableUndefined) else escape_text(str(value))


def _cell(value: Any) -> str:
    return "" if value is None or isinstance(value, ChainableUndefined) else escape_cell(str(value))


def _url(value: Any) -> str:
    return "" if not value or isinstance(value, ChainableUndefined) else escape_url(str(value))


def _link(text: Any, url: Any) -> str:
    shown = "" if text is None or isinstance(text, ChainableUndefined) else str(text)
    return f"[{shown}]({_url(url)})" if url and not isinstance(url, ChainableUndefined) else shown


def _cell_links(links: Any) -> str:
    if not links or isinstance(links, ChainableUndefined):
        return ""
    return " / ".join(f"[{_text(link['label'])}]({_url(link['url'])})" for link in links)


def _label(label: Any, role: str) -> str:
    text = "" if label is None or isinstance(label, ChainableUndefined) else str(label)
    return role if not text or text == DEFAULT_LABELS.get(role) else _text(text)


class _Probing(ImmutableSandboxedEnvironment):
    """The sandbox, telling which of a paper's values a template reads (:meth:`Style.reads`)."""

    reads: set[str]

    def getattr(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, _Probe):
            self.reads.add(f"{obj.name}.{attribute}")
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(obj, _Probe) and isinstance(argument, str):
            self.reads.add(f"{obj.name}.{argument}")
        return super().getitem(obj, argument)


class _Probe(dict[str, Any]):
    """A context value whose reads are recorded (see :meth:`Style.reads`)."""

    def __init__(self, name: str, values: dict[str, Any]) -> None:
        super().__init__(values)
        self.name = name


@cache
def _environment(probing: bool = False, trusted: bool = False) -> Environment:
    """Jinja2's environment for styles: sandboxed for a template a README or a person names (it is text
    anyone may edit), plain for vla's own built-in styles (the sandbox's checks on every attribute would
    double the time of an export); ``probing`` records what a template reads."""
    kind = _Probing if probing else Environment if trusted else ImmutableSandboxedEnvironment
    env = kind(undefined=ChainableUndefined, keep_trailing_newline=True, autoescape=False)
    env.filters.update(text=_text, cell=_cell, url=_url, link=_link, cell_links=_cell_links, label=_label)
    return env


# -- the context -----------------------------------------------------------------------------------
def paper_values(p: Paper) -> dict[str, Any]:
    """What a template's ``paper`` holds (see the module's docstring)."""
    cells = p.extra.get("cells")
    return {
        "key": p.key, "title": p.title, "year": p.year, "venue": p.venue, "authors": list(p.authors),
        "arxiv": p.arxiv, "url": web_url(p.url), "link": web_url(p.link), "pdf": pdf_url(p.arxiv) if p.arxiv else None,
        "doi": p.doi, "citations": p.citations, "month": p.month, "note": p.note, "website": web_url(p.website),
        "code": web_url(p.code), "cells": dict(cells) if isinstance(cells, dict) else {},
        "fields": {k: v for k, v in p.extra.items() if k != "cells"},
    }


def link_values(p: Paper) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {"all": []}
    for role in ("website", "code"):
        out[role] = [{"role": role, "label": label, "url": url} for label, url in p.cell_links(role) if web_url(url)]
        out["all"] += out[role]
    return out


def category_values(category: Category | None) -> dict[str, str] | None:
    return {"slug": category.slug, "name": category.name} if category is not None else None


Columns = tuple[tuple[str, str, Callable[["Paper"], str]], ...]  # (name, header, cell) of each optional column


def _columns(p: Paper | None, columns: Columns) -> list[dict[str, str]]:
    return [{"name": name, "header": head, "cell": cell(p) if p is not None else ""} for name, head, cell in columns]


# -- styles ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Style:
    """A row style: its name as a marker records it (``table``, or the template's file) and its template."""

    name: str
    template: Template
    builtin: bool = True
    source: str = ""

    def _render(self, block: str, values: dict[str, Any]) -> str:
        tpl = self.template
        try:
            if block in tpl.blocks:
                text = "".join(tpl.blocks[block](tpl.new_context(values)))
            elif block == "row":
                text = tpl.render(values)
            else:
                return ""
        except TemplateError as e:
            raise InputError(f"{self.describe()}: {e}") from None
        text = text.strip("\n")
        return text + "\n" if text else ""

    def describe(self) -> str:
        return f"style {self.name!r}" if self.builtin else f"template {self.name}"

    def header(self, columns: Columns = ()) -> str:
        return self._render("header", {"columns": _columns(None, columns), "category": None})

    def footer(self, columns: Columns = ()) -> str:
        return self._render("footer", {"columns": _columns(None, columns), "category": None})

    def row(self, p: Paper, category: Category | None = None, columns: Columns = (), index: int = 1) -> str:
        return self._render("row", {"paper": paper_values(p), "links": link_values(p),
                                    "category": category_values(category), "columns": _columns(p, columns),
                                    "index": index})

    def placed(self) -> bool:
        """Whether a row depends on where it is: the category it is under, or its number in the block."""
        return _placed(self)

    def reads(self) -> frozenset[str]:
        """The values its rows show (``paper.title``, ``links``, ``columns``…): a row written before is
        still right while these are unchanged (:meth:`digest`)."""
        return _reads(self)

    def digest(self, p: Paper, columns: Columns = ()) -> str:
        """A short fingerprint of the values this style's row of ``p`` shows."""
        values = paper_values(p)
        shown: dict[str, Any] = {}
        for name in sorted(self.reads()):
            if name.startswith("paper."):
                shown[name] = values.get(name[6:])
            elif name == "links":
                shown[name] = link_values(p)
            elif name == "columns":
                shown[name] = [c["cell"] for c in _columns(p, columns)]
        text = json.dumps(shown, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


@cache
def _placed(style: Style) -> bool:
    from jinja2 import meta

    return bool({"category", "index"} & meta.find_undeclared_variables(_environment().parse(style.source)))


@cache
def _reads(style: Style) -> frozenset[str]:
    """Render a row of a paper that has every value, recording which the template reads."""
    env = _environment(probing=True)
    assert isinstance(env, _Probing)
    full = {"key": "k", "title": "T", "year": 2000, "venue": "V", "authors": ["A"], "arxiv": "2501.00001",
            "url": "https://u", "link": "https://l", "pdf": "https://p", "doi": "10.1/x", "citations": 1,
            "month": 1, "note": "n", "website": "https://w", "code": "https://c", "cells": {}, "fields": {}}
    reads: set[str] = set()
    env.reads = reads
    try:
        tpl = env.from_string(style.source)
        no_links: dict[str, Any] = {"website": [], "code": [], "all": []}
        values: dict[str, Any] = {"paper": _Probe("paper", full), "links": _Probe("links", no_links),
                                  "category": None, "columns": [], "index": 1}
        if "row" in tpl.blocks:
            "".join(tpl.blocks["row"](tpl.new_context(values)))
        else:
            tpl.render(values)
    except TemplateError:
        pass
    out = {name for name in reads if name.startswith("paper.")}
    out |= {"links"} if any(name.startswith("links.") for name in reads) else set()
    out.add("columns")  # read by every row that has them
    return frozenset(out)


def _compile(text: str, where: str, trusted: bool = False) -> Template:
    try:
        return _environment(trusted=trusted).from_string(text)
    except TemplateSyntaxError as e:
        raise InputError(f"{where}:{e.lineno}: {e.message}",
                         "docs: Exporting, 'Row styles', says what a template sees") from None


@cache
def builtin_style(name: str) -> Style:
    """A built-in style by name; an unknown name is an InputError naming them."""
    if name not in STYLES:
        raise InputError(f"unknown style {name!r}", "one of: " + ", ".join(STYLES) + "; or --template FILE")
    text = resources.files(__package__).joinpath("styles", f"{name}.md.j2").read_text(encoding="utf-8")
    return Style(name, _compile(text, f"style {name}", trusted=True), source=text)


def template_style(path: Path, name: str | None = None) -> Style:
    """The style of a template file (``name``: how a marker records it, the path by default)."""
    from ...storage.store import read_text

    text = read_text(path)
    return _template(text, name or str(path))


def template_text_style(text: str, name: str) -> Style:
    """The style of a template's text (``name``: how a marker names its file)."""
    return _template(text, name)


@cache
def _template(text: str, name: str) -> Style:
    return Style(name, _compile(text, name), builtin=False, source=text)


def style_of(filters: dict[str, str], base: Path | None = None, known: dict[str, Style] | None = None) -> Style:
    """The style a section's filters (or the command's options) name: ``template`` (a file, relative
    to ``base`` when given: a README marker's is checked to lie inside the README's folder; one of
    ``known`` by its name, not read), else ``style``, else the default table."""
    template = filters.get("template")
    if template and known and template in known:
        return known[template]
    if template:
        return template_style(template_path(base, template) if base is not None else Path(template), template)
    return builtin_style(filters.get("style") or DEFAULT_STYLE)


TEMPLATE_SUFFIXES = (".j2", ".jinja", ".jinja2", ".md", ".txt")


def template_path(base: Path, target: str) -> Path:
    """Where a README marker's template is: ``target``, a relative path inside the README's folder
    (``base``). A marker is text anyone may edit: an absolute path or a ``..`` that leaves the
    folder is refused."""
    from pathlib import PurePosixPath

    parts = PurePosixPath(target.replace("\\", "/"))
    if (not target.strip() or parts.is_absolute() or ".." in parts.parts or ":" in target
            or any(c in target for c in "\n\r\0") or not parts.name.endswith(TEMPLATE_SUFFIXES)):
        raise InputError(f"template {target!r}: give a template file ({', '.join(TEMPLATE_SUFFIXES)}) inside the "
                         "README's folder")
    return base.joinpath(*parts.parts)


def relative_template(readme: Path, template: Path) -> str:
    """How a README's marker names a template file given on the command line: its path from the
    README's folder, which must hold it."""
    import os

    rel = os.path.relpath(template.resolve(), readme.resolve().parent).replace(os.sep, "/")
    if rel.startswith("../") or rel == "..":
        raise InputError(f"template {template}: a README's marker can only name a template in the README's folder "
                         f"({readme.resolve().parent}) or below it")
    template_path(readme.parent, rel)  # the checks a marker's template gets
    return rel


def rows(style: Style, papers: list[Paper], category: Category | None, columns: Columns,
         written: dict[str, str] | None = None) -> Iterator[str]:
    """A block of rows: the style's header, a row a paper, its footer. ``written``: the rows of papers
    written before in this export, by key — a paper filed in two categories is rendered once when its
    row depends on the paper alone (the style reads neither its category nor its place)."""
    yield style.header(columns)
    reuse = written is not None and not style.placed()
    for i, p in enumerate(papers, 1):
        if reuse and written is not None and (text := written.get(p.key)) is not None:
            yield text
            continue
        text = style.row(p, category, columns, i)
        if reuse and written is not None:
            written[p.key] = text
        yield text
    yield style.footer(columns)
