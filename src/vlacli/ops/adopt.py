"""``vla adopt README.md``: take a list's README as it is into a catalog, and mark it so that vla keeps it.

The README is imported (its taxonomy grown from its headings, as ``vla import markdown
--create-categories`` grows it). Each block of paper rows — a list, a table, a run of paragraphs that
are each a paper — becomes a generated section: a ``<!-- vla:begin --category SLUG --rows --style
NAME -->`` line before it and a ``<!-- vla:end -->`` line after it; every other line (prose,
headings, figures, badges) stays where it is, untouched. The section's rows are kept as the README
wrote them (:mod:`vlacli.readme.kept`), so ``vla export markdown --in-place`` right after changes
nothing, and once a paper changes only its rows are written anew, in the section's style: the
built-in style its rows read as, else a template inferred from them (for a table, from its header
and its cells; a list's own columns kept as the paper's ``cells``).

Nothing is written before everything is known: a new catalog is made in a folder of its own beside
the target and moved into place once whole; a README that cannot be adopted (no such file, not
Markdown, no papers, markers already there, a catalog of other papers, a folder vla cannot write) is
an error before anything is written.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError

if TYPE_CHECKING:
    from ..core.paper import Paper
    from ..formats.exporters.rowstyles import Style
    from ..formats.importers import Listing, Parsed
    from ..formats.mdblocks import Span
    from ..readme.kept import Rendered
    from ..storage.catalog import Catalog
    from .importing import ImportReport

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".txt", "")
TEMPLATES = "templates"  # where inferred templates go: in the catalog, when it is inside the README's folder


@dataclass
class Block:
    """A block of paper rows in the README: lines ``line``..``end`` (1-based), its entries, and
    what became of it."""

    line: int
    end: int
    entries: list[tuple[Listing, str, int, int]] = field(default_factory=list)  # (listing, key, first, last)
    kind: str = "item"
    depth: int = 0
    category: str | None = None
    style: str = ""  # a built-in style's name, or the template's path as the marker names it
    template: str | None = None  # an inferred template's text
    exact: int = 0  # rows the style writes as the README has them
    left: str | None = None  # why it stays as it is (not a section)
    differs: int = 0  # lines of the section that vla writes otherwise than the README had them
    cells: list[str] = field(default_factory=list)  # a table's columns kept as the papers' cells

    def filters(self) -> dict[str, str]:
        out = {"category": self.category} if self.category else {}
        out["rows"] = "yes"
        out["template" if self.template is not None else "style"] = self.style
        return out


@dataclass
class AdoptReport:
    readme: Path
    catalog: Path
    created: bool  # a new catalog
    papers: int = 0
    categories: list[str] = field(default_factory=list)  # created from the headings
    blocks: list[Block] = field(default_factory=list)
    before: str = ""
    after: str = ""
    templates: dict[Path, str] = field(default_factory=dict)
    imported: ImportReport | None = None
    rendered: list[Rendered] = field(default_factory=list)  # each section as vla writes it
    dry_run: bool = False

    @property
    def sections(self) -> list[Block]:
        return [b for b in self.blocks if b.left is None]

    def diff(self) -> str:
        import difflib

        return "".join(difflib.unified_diff(self.before.splitlines(keepends=True),
                                            self.after.splitlines(keepends=True),
                                            f"{self.readme} (before)", f"{self.readme} (adopted)"))


# -- checks before anything ------------------------------------------------------------------------
def read_readme(readme: Path) -> str:
    from ..storage.store import read_text

    if not readme.exists():
        raise InputError(f"{readme}: no such file")
    if readme.is_dir():
        raise InputError(f"{readme}: is a folder; give the README file")
    if readme.suffix.lower() not in MARKDOWN_SUFFIXES:
        raise InputError(f"{readme}: not a Markdown file ({readme.suffix})", "give the list's README.md")
    text = read_text(readme)
    if "\0" in text:
        raise InputError(f"{readme}: not a Markdown file (it holds binary data)")
    return text


def _writable(folder: Path, what: str) -> None:
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(f"{folder}: cannot write in it ({what}): the folder is read-only")


def catalog_folder(readme: Path, catalog: Path | None) -> Path:
    """The catalog ``-C`` names, else the one beside the README (``catalog/`` in its folder)."""
    from ..storage.discovery import CATALOG_DIR, is_catalog

    if catalog is not None:
        return catalog
    folder = readme.resolve().parent
    return folder if is_catalog(folder) else folder / CATALOG_DIR


# -- blocks of rows -----------------------------------------------------------------------------------
def find_blocks(text: str, parsed: Parsed, keys: list[str | None], lines: list[str] | None = None) -> list[Block]:
    """The blocks of paper rows: each entry's lines (from the Markdown's structure), grouped by the
    list, table or run of paragraphs they belong to. ``lines``: the text's, if the caller has them."""
    from ..formats.mdblocks import spans, split_lines

    where = spans(text)
    if lines is None:
        lines = split_lines(text.removeprefix("\ufeff"))
    starts = sorted(e.line for e in parsed.entries)
    by_block: dict[int, Block] = {}
    for e, key in zip(parsed.entries, keys, strict=True):
        if key is None:
            continue
        span: Span | None = where.get(e.line)
        end = span.end if span is not None else e.line
        later = [n for n in starts if n > e.line]
        if later and later[0] <= end:  # a nested entry is its own row
            end = later[0] - 1
            while end > e.line and not lines[end - 1].strip():
                end -= 1
        first_line = span.block if span is not None else e.line
        block = by_block.get(first_line)
        if block is None:
            block = by_block[first_line] = Block(first_line, span.block_end if span is not None else end,
                                                 kind=span.kind if span is not None else "paragraph",
                                                 depth=span.depth if span is not None else 0)
        block.entries.append((e, key, e.line, end))
    blocks = sorted(by_block.values(), key=lambda b: b.line)
    return _join_paragraphs(blocks, lines)


def _join_paragraphs(blocks: list[Block], lines: list[str]) -> list[Block]:
    """Paragraphs that are each a paper, one after another with blank lines only between them: one block."""
    out: list[Block] = []
    for b in blocks:
        prev = out[-1] if out else None
        if (prev is not None and prev.kind == b.kind == "paragraph"
                and all(not lines[n - 1].strip() for n in range(prev.end + 1, b.line))):
            prev.end = b.end
            prev.entries += b.entries
        else:
            out.append(b)
    return out


def _judge(blocks: list[Block], lines: list[str]) -> None:
    """Which blocks can be sections, with which category; why the others stay as they are."""
    taken: list[tuple[int, int]] = []
    for b in blocks:
        cat_of = {e.categories[0] if e.categories else None for e, _, _, _ in b.entries}
        indent = len(lines[b.line - 1]) - len(lines[b.line - 1].lstrip(" "))
        if b.kind == "paragraph" and b.depth == 0 and indent > 3:
            b.left = "indented: a marker cannot go before it"
        elif b.depth > 1 or (b.kind != "item" and b.depth > 0) or indent > 3:
            b.left = "a block inside a list item: a marker cannot go inside it"
        elif len(cat_of) != 1:
            b.left = "its rows fall under several categories"
        elif any(a <= b.line <= z or b.line <= a <= b.end for a, z in taken):
            b.left = "it overlaps another block"
        else:
            b.category = next(iter(cat_of))
            taken.append((b.line, b.end))


# -- styles ------------------------------------------------------------------------------------------
def _row_text(lines: list[str], first: int, last: int) -> str:
    return "".join(line + "\n" for line in lines[first - 1:last])


def infer_style(block: Block, papers: dict[str, Paper], catalog: Catalog, lines: list[str],
                name: str, keep_cells: Callable[[Block], None] | None = None) -> None:
    """The block's style: the built-in one that writes most of its rows as the README has them, else a
    template inferred from its rows, when that writes more of them."""
    from ..formats.exporters.rowstyles import STYLES, builtin_style, template_text_style

    category = catalog.taxonomy[block.category] if block.category else None

    def exact(style: Style) -> int:
        n = 0
        for i, (_, key, first, last) in enumerate(block.entries, 1):
            try:
                n += style.row(papers[key], category, (), i) == _row_text(lines, first, last)
            except InputError:
                return 0
        return n

    scores = [(exact(builtin_style(s)), s) for s in STYLES]
    best, style = max(scores, key=lambda t: t[0])
    block.style, block.exact = style, best
    if best == len(block.entries):
        return
    inferred = infer_template(block, papers, lines)
    if inferred is not None:
        template, cells = inferred
        block.cells = cells
        if keep_cells is not None:
            keep_cells(block)
        score = exact(template_text_style(template, name))
        if score > best:
            block.style, block.template, block.exact = name, template, score


def infer_template(block: Block, papers: dict[str, Paper], lines: list[str]) -> tuple[str, list[str]] | None:
    """A template of the block's rows, and the table's columns whose cells it writes as the list did."""
    if block.kind == "row":
        return _table_template(block, papers, lines)
    shape = _list_template(block, papers, lines)
    return (shape, []) if shape is not None else None


_SLOTS = (  # (value of a paper, placeholder): the longest first, each replaced once
    ("link", "{{ paper.link|url }}"), ("pdf", "{{ paper.pdf|url }}"), ("url", "{{ paper.url|url }}"),
    ("website", "{{ paper.website|url }}"), ("code", "{{ paper.code|url }}"),
)


def skeleton(text: str, p: Paper) -> str:
    """``text`` (a row or a cell) with the paper's values in it replaced by the template's placeholders;
    what is left is the row's shape. Braces of the text itself are escaped for Jinja2."""
    from ..formats.exporters.mdtext import escape_text
    from ..formats.exporters.rowstyles import paper_values

    values = paper_values(p)
    marks: list[tuple[str, str]] = []
    out = text

    def put(value: str | None, placeholder: str) -> None:
        nonlocal out
        if value and value in out:
            mark = f"\x00{len(marks)}\x00"
            marks.append((mark, placeholder))
            out = out.replace(value, mark, 1)

    for name, placeholder in _SLOTS:
        put(values[name], placeholder)
    for role, links in (("website", p.cell_links("website")), ("code", p.cell_links("code"))):
        for i, (_, url) in enumerate(links[1:], 1):
            put(url, f"{{{{ links.{role}[{i}].url|url }}}}")
    put(escape_text(p.title) if escape_text(p.title) in out else p.title, "{{ paper.title|text }}")
    if p.authors:
        put(", ".join(p.authors), '{{ paper.authors|join(", ")|text }}')
    if p.venue:
        put(p.venue, "{{ paper.venue|text }}")
    if p.year is not None:
        put(str(p.year), "{{ paper.year }}")
    out = _escape(out)
    for mark, placeholder in marks:
        out = out.replace(mark, placeholder)
    return out


def _list_template(block: Block, papers: dict[str, Paper], lines: list[str]) -> str | None:
    shapes = Counter(skeleton(_row_text(lines, first, last).rstrip("\n"), papers[key])
                     for _, key, first, last in block.entries)
    shape, _n = shapes.most_common(1)[0]
    if "paper.title" not in shape:
        return None
    number = re.match(r"(\s*)\d+([.)])", shape)
    if number:  # a numbered list counts its rows
        shape = f"{number.group(1)}{{{{ index }}}}{number.group(2)}" + shape[number.end():]
    return "{#- inferred by vla adopt from the rows of a list -#}\n{% block row -%}\n" + shape + "\n{%- endblock %}\n"


NONE = {"", "-", "—", "–", "n/a", "N/A", "/", "x", "✗"}
_VALUE = re.compile(r"\{\{ ((?:paper\.\w+|links\.\w+\[\d+\]\.url))")


def _table_template(block: Block, papers: dict[str, Paper], lines: list[str]) -> tuple[str, list[str]] | None:
    """A table's template: its header lines as they are, and each column's most common shape, written
    only when the paper has its value (else the column's way of saying none, such as ``-``). A column
    whose cells hold none of the paper's values, or no shape most of them share, is the paper's cell
    of that name as the list wrote it (those columns are returned: their cells are kept)."""
    table = _read_table(block, lines)
    if table is None:
        return None
    names, rows = table
    shapes: list[Counter[str]] = [Counter() for _ in names]
    nones: list[Counter[str]] = [Counter() for _ in names]
    for _, key, first, _ in block.entries:
        for i, cell in enumerate(rows.get(first, [])[:len(names)]):
            if cell.strip() in NONE:
                nones[i][cell.strip()] += 1
            else:
                shapes[i][skeleton(cell, papers[key])] += 1
    columns, kept = [], []
    for i, name in enumerate(names):
        none = nones[i].most_common(1)[0][0] if nones[i] else ""
        if not shapes[i]:
            columns.append(none)
            continue
        shape, n = shapes[i].most_common(1)[0]
        value = _VALUE.search(shape)
        if value is None or n * 2 < sum(shapes[i].values()):
            cells = "paper.cells[" + _quoted(name) + "]"
            columns.append("{{ " + cells + " or " + _quoted(none) + " }}" if none else "{{ " + cells + " }}")
            kept.append(name)
        elif nones[i]:
            columns.append("{% if " + value.group(1) + " %}" + shape + "{% else %}" + _escape(none) + "{% endif %}")
        else:
            columns.append(shape)
    header = _escape("".join(line + "\n" for line in lines[block.line - 1:block.line + 1]).rstrip("\n"))
    row = "| " + " | ".join(columns) + " |"
    return ("{#- inferred by vla adopt from a table's header and cells -#}\n{% block header -%}\n" + header +
            "\n{%- endblock %}\n{% block row -%}\n" + row + "\n{%- endblock %}\n", kept)


def _escape(text: str) -> str:
    """Text for a template that is only text: its braces and percent signs not read as Jinja2's."""
    return re.sub(r"(\{[{%#]|[}%#]\})", lambda m: "{{ " + _quoted(m.group(1)) + " }}", text)


def _quoted(name: str) -> str:
    return "'" + name.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _read_table(block: Block, lines: list[str]) -> tuple[list[str], dict[int, list[str]]] | None:
    """The table of a block of table rows: its columns' names (their header's text) and each row's
    cells by the row's line in the README; None if the block's lines read as no table."""
    from ..formats.importers.markdown import strip_markup
    from ..formats.mdblocks import Table, blocks

    text = "".join(line + "\n" for line in lines[block.line - 1:block.end])
    tables = [b for b in blocks(text) if isinstance(b, Table)]
    if not tables:
        return None
    table = tables[0]
    names = [" ".join(strip_markup(h).split()) or f"column {i + 1}" for i, h in enumerate(table.header)]
    return names, {block.line - 1 + r.line: r.cells for r in table.rows}


def table_cells(lines: list[str], block: Block, wanted: list[str]) -> dict[str, dict[str, str]]:
    """Each row's cells of the ``wanted`` columns (by their header's text), by paper key."""
    table = _read_table(block, lines) if wanted else None
    if table is None:
        return {}
    names, rows = table
    out: dict[str, dict[str, str]] = {}
    for _, key, first, _ in block.entries:
        cells = rows.get(first, [])
        own = {names[i]: cell for i, cell in enumerate(cells[:len(names)]) if names[i] in wanted and cell.strip()}
        if own:
            mine = out.setdefault(key, {})
            mine.update({k: v for k, v in own.items() if k not in mine})
    return out


def _keep_cells(lines: list[str], block: Block, papers: dict[str, Paper], report: AdoptReport) -> None:
    """A table's own columns (Date, Demo, Stars…) that its template writes as the list did: kept as each
    paper's ``cells`` (a paper in two tables keeps the first one's)."""
    for key, cells in table_cells(lines, block, block.cells).items():
        p = papers[key]
        kept = p.extra.get("cells")
        merged = dict(kept) if isinstance(kept, dict) else {}
        merged.update({k: v for k, v in cells.items() if k not in merged})
        if merged != kept:
            p.extra["cells"] = merged
            assert report.imported is not None
            report.imported.writes[key] = p


# -- the whole ------------------------------------------------------------------------------------------
def adopt(readme: Path, catalog: Path | None = None, *, dry_run: bool = False) -> AdoptReport:
    """Adopt the README: import it into the catalog beside it (made when missing) and mark its blocks of
    rows. With ``dry_run`` nothing is written: the report holds the README as it would be."""
    from ..formats.importers.markdown import parse_markdown
    from ..formats.mdblocks import split_lines
    from ..readme.markers import has_markers
    from ..storage.discovery import is_catalog

    text = read_readme(readme)
    if has_markers(text):
        raise InputError(f"{readme}: already has vla markers", f"run 'vla export markdown --in-place {readme}'")
    parsed = parse_markdown(text)
    if not parsed.entries:
        raise InputError(f"{readme}: no papers in it (no list, table or paragraph reads as a paper)",
                         str(parsed.unreadable[0]) if parsed.unreadable else None)
    folder = catalog_folder(readme, catalog)
    exists = is_catalog(folder)
    if not dry_run:
        _writable(readme.resolve().parent, "the README is rewritten there")
        if not exists:
            parent = folder.resolve().parent
            while not parent.exists():
                parent = parent.parent
            _writable(parent, "the catalog is made there")
    report = AdoptReport(readme, folder, created=not exists, before=text, dry_run=dry_run)
    work = Path(tempfile.mkdtemp(prefix=".vla-adopt-", dir=_scratch(folder, dry_run)))
    try:
        cat = _working_catalog(folder, work, exists)
        keys = _plan(cat, parsed, readme, report)
        lines = split_lines(text.removeprefix("\ufeff"))
        blocks = find_blocks(text, parsed, keys, lines)
        papers = {p.key: p for p in report.imported.writes.values()} if report.imported else {}
        papers.update({p.key: p for p in cat.papers(abstracts=False) if p.key not in papers})
        _judge(blocks, lines)
        templates_dir = _templates_dir(readme, folder)
        for block in (b for b in blocks if b.left is None):
            path = templates_dir / f"{block.category or 'rows'}-{block.line}.md.j2"
            name = os.path.relpath(path, readme.resolve().parent).replace(os.sep, "/")
            infer_style(block, papers, cat, lines, name, lambda b: _keep_cells(lines, b, papers, report))
            if block.template is not None:
                report.templates[path] = block.template
        report.blocks = blocks
        report.rendered = _render(blocks, lines, papers, cat, readme)
        report.after = _marked(text, lines, blocks, report.rendered)
        report.papers = len({k for k in keys if k})
        if not dry_run:
            _write(report, cat, work, folder, exists)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return report


def _scratch(folder: Path, dry_run: bool) -> str | None:
    """Where the catalog is made before it is moved into place: beside it (one file system), or for a
    dry run the system's temporary folder."""
    if dry_run:
        return None
    parent = folder.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    return str(parent)


def _working_catalog(folder: Path, work: Path, exists: bool) -> Catalog:
    """The catalog the import is planned against: the one there, or a new empty one (in ``work``)."""
    from ..storage.catalog import Catalog

    if exists:
        return Catalog(folder)
    return Catalog.init(work / "catalog")


def _plan(cat: Catalog, parsed: Parsed, readme: Path, report: AdoptReport) -> list[str | None]:
    """Plan the import: categories from the headings (a heading that names none, or none at all, still
    gives the papers under it a category), each entry's paper key."""
    from ..core.identifiers import slugify
    from ..core.taxonomy import Category
    from ..formats.importers import IMPORTERS
    from ..formats.importers.headings import create_categories, is_front_matter
    from .importing import ImportReport, plan

    before = {c.slug for c in cat.taxonomy}
    scratch = ImportReport(source=str(readme))
    tax = create_categories(cat.taxonomy, parsed, scratch)
    for e in parsed.entries:
        if e.categories:
            continue
        named = [h for h in e.headings if not is_front_matter(h)]
        name = named[-1] if named else "Papers"
        found = tax.find(name)
        if found is None:
            slug = slugify(name, max_words=6)
            slug = slug if slug[:1].isalnum() else "papers"
            base, n = slug, 2
            while slug in tax:
                slug, n = f"{base}-{n}", n + 1
            tax.add(Category(slug, name))
            found = tax[slug]
        e.categories = [found.slug]
    cat.use_taxonomy(tax)
    imported = plan(cat, parsed, str(readme), IMPORTERS["markdown"].policy)
    imported.taxonomy = tax
    report.imported = imported
    report.categories = [c.slug for c in tax if c.slug not in before]
    others = {p.key for p in cat.papers(abstracts=False)} - set(imported.keys)
    if others:
        raise InputError(f"{report.catalog}: the catalog has {len(others):,} papers the README does not list "
                         f"(such as {sorted(others)[0]})",
                         "vla adopt makes a catalog of the README's papers: give it another folder with -C DIR, "
                         "or use vla import markdown")
    return imported.keys


def _templates_dir(readme: Path, folder: Path) -> Path:
    base = readme.resolve().parent
    target = folder.resolve()
    inside = target == base or base in target.parents
    return (target / TEMPLATES) if inside else (base / "vla-templates")


def _render(blocks: list[Block], lines: list[str], papers: dict[str, Paper], cat: Catalog,
            readme: Path) -> list[Rendered]:
    """Each section as ``vla export markdown --in-place`` writes it from the new catalog: its rows
    kept, each with the digest of what it shows. A section that does not come out as the README has
    it (it should) is told in the report."""
    from ..formats.exporters.rowstyles import style_of, template_text_style
    from ..readme.kept import Memory, Slot
    from ..readme.sections import render_all

    sections = [b for b in blocks if b.left is None]
    styles = {b.style: template_text_style(b.template, b.style) for b in sections if b.template is not None}
    memories: list[Memory | None] = []
    for b in sections:
        style = style_of(b.filters(), known=styles)
        slots = [Slot(b.category or "", key, first - b.line, last - first + 1, style.digest(papers[key]))
                 for _, key, first, last in b.entries]
        memories.append(Memory(lines[b.line - 1:b.end], slots))
    rendered = render_all(cat, list(papers.values()), [b.filters() for b in sections], readme.resolve().parent,
                          memories, str(readme), styles=styles)
    for b, r in zip(sections, rendered, strict=True):
        was = "".join(line + "\n" for line in lines[b.line - 1:b.end])
        if r.text != was:
            b.differs = sum(1 for x, y in zip(was.splitlines(), r.text.splitlines(), strict=False) if x != y) or 1
    return rendered


def _marked(text: str, lines: list[str], blocks: list[Block], rendered: list[Rendered]) -> str:
    """The README (``text``, split into ``lines``) with a begin marker before each section's block and
    an end marker after it."""
    from ..formats.mdblocks import line_starts
    from ..readme.markers import END, begin_marker

    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom):]
    newline = "\r\n" if "\r\n" in body else "\n"
    starts = [*line_starts(body), len(body)]
    out, at = [bom], 0
    sections = [b for b in blocks if b.left is None]
    for b, r in zip(sections, rendered, strict=True):
        start = starts[b.line - 1]
        stop = starts[b.end] if b.end < len(lines) else len(body)
        indent = " " * (len(lines[b.line - 1]) - len(lines[b.line - 1].lstrip(" ")))
        chunk = body[start:stop]
        if not chunk.endswith(("\n", "\r")):
            chunk += newline
        if r.text != chunk.replace("\r\n", "\n"):
            chunk = r.text.replace("\n", newline)
        out += [body[at:start], indent + begin_marker(b.filters()) + newline, chunk, indent + END + newline]
        at = stop
    out.append(body[at:])
    return "".join(out)


def _write(report: AdoptReport, cat: Catalog, work: Path, folder: Path, exists: bool) -> None:
    """Write the catalog (a new one made whole in ``work``, then moved into place), the templates and
    the README; then the record of the sections, which ``vla export markdown --in-place`` reads."""
    from ..readme.record import record
    from ..storage.catalog import Catalog
    from ..storage.store import write_file
    from .importing import apply

    assert report.imported is not None
    apply(cat, report.imported)
    if not exists:
        os.replace(work / "catalog", folder)
    written: list[Path] = []
    try:
        for path, template in report.templates.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            write_file(path, template)
            written.append(path)
        write_file(report.readme, report.after)
        record(Catalog(folder), report.readme, ["\n" + r.text for r in report.rendered],
               [b.filters() for b in report.sections], [r.record() for r in report.rendered])
    except BaseException:
        if not exists:
            shutil.rmtree(folder, ignore_errors=True)
        for path in written:
            path.unlink(missing_ok=True)
        raise
