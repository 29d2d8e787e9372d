"""Categories from a document's headings: file listings under the category their heading names,
or grow the taxonomy from the headings (``--create-categories``) as a person would draw it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ...core.identifiers import slugify
from ...core.taxonomy import Category, Taxonomy, fold
from ...core.years import YEAR_PATTERN, years_in
from . import Parsed

if TYPE_CHECKING:
    from ...ops.importing import ImportReport

SUMMARY_LEVEL = 7  # a <summary> inside one <details>: below every Markdown heading (one more per <details> nested)


class LeveledHeading(str):
    """A heading's text, as an entry's ``headings`` hold it, knowing its level: 1-6 for ``#``…``######``
    (and ``<h1>``…``<h6>``), 7 and more for a ``<summary>`` (see :data:`SUMMARY_LEVEL`)."""

    level: int

    def __new__(cls, text: str, level: int) -> LeveledHeading:
        self = super().__new__(cls, text)
        self.level = level
        return self


def level_of(heading: str) -> int | None:
    return heading.level if isinstance(heading, LeveledHeading) else None


# A table of contents' headings, and the sections of a README that are about the list, not part of it: what
# lies under them is no entry and they are no category. Compared as `front_matter_name` gives them.
CONTENTS = frozenset({"contents", "content", "table of contents", "toc", "overview of contents"})
FRONT_MATTER = CONTENTS | frozenset({
    "news", "latest news", "recent news", "news and updates", "updates", "update", "latest updates",
    "recent updates", "whats new", "what is new", "changelog", "change log", "release notes",
    "citation", "citations", "cite", "cite us", "how to cite", "citing", "bibtex", "reference", "citing us",
    "contact", "contact us", "contacts", "contact me", "acknowledgement", "acknowledgements", "acknowledgment",
    "acknowledgments", "license", "licence", "star history", "stars", "stargazers", "contributing",
    "contribute", "how to contribute", "contributors", "contribution", "contributions", "todo", "to do",
})
_WORDS = re.compile(r"[^\w]+")
_YEAR = YEAR_PATTERN
_YEAR_HEADING = re.compile(rf"(?:(?:before|after|since|until|pre|up to)\s+)?{_YEAR}s?"
                           rf"(?:\s*[-–]\s*(?:{_YEAR}|now|present))?"
                           r"(?:\s*(?:年|(?:and|&|or) (?:before|earlier|later|after)))?", re.I)


def front_matter_name(heading: str) -> str:
    return " ".join(_WORDS.sub(" ", heading.casefold().replace("&", " and ").replace("'", "")).split())


def is_front_matter(heading: str) -> bool:
    """Contents, News, Citation, Contact, License, Star History…: a section about the list itself."""
    return front_matter_name(heading) in FRONT_MATTER



def is_contents(heading: str) -> bool:
    """A table of contents' heading: links to the list's sections, and no section of its own."""
    return front_matter_name(heading) in CONTENTS


def is_year_heading(heading: str) -> bool:
    """``2025``, ``2023-2024``, ``Before 2023``: a list's arrangement by date, not a topic."""
    text = heading.strip()
    return _YEAR_HEADING.fullmatch(text) is not None and bool(years_in(text))


def is_category_heading(heading: str) -> bool:
    """Whether a heading can name a category a person would make: not a year, a ``<summary>``
    (a fold-out, not a topic) or a section about the list."""
    level = level_of(heading)
    return not (is_year_heading(heading) or is_front_matter(heading)
                or (level is not None and level >= SUMMARY_LEVEL))


@dataclass
class _Node:
    name: str
    level: int | None
    entries: int = 0  # listed right under this heading
    children: dict[str, _Node] = field(default_factory=dict)


def _outline(parsed: Parsed) -> tuple[_Node, list[tuple[str, ...]]]:
    """The tree of the headings that can be categories, and each entry's path in it."""
    root = _Node("", None)
    paths = []
    for e in parsed.entries:
        path = tuple(h for h in e.headings if is_category_heading(h))
        paths.append(path)
        node = root
        for h in path:
            node = node.children.setdefault(h, _Node(h, level_of(h)))
        node.entries += 1
    return root, paths


def _levels(root: _Node) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Each heading path -> the path of categories it stands for: a lone H1 (the document's title)
    is no level, and neither is a heading with one sub-heading and no entries of its own (a
    wrapper such as "Papers" over everything)."""
    out: dict[tuple[str, ...], tuple[str, ...]] = {}
    h1s = [c for c in root.children.values() if c.level == 1]

    def walk(node: _Node, path: tuple[str, ...], cats: tuple[str, ...], top: bool) -> None:
        kids = list(node.children.values())
        for child in kids:
            here = (*path, child.name)
            lone_title = top and child.level == 1 and len(h1s) == 1
            wrapper = not child.entries and len(child.children) == 1
            everything = top and len(kids) == 1 and not child.entries and not node.entries
            skip = lone_title or wrapper or everything
            mine = cats if skip else (*cats, child.name)
            out[here] = mine
            walk(child, here, mine, top and skip and len(kids) == 1)  # its headings are then the top ones

    walk(root, (), (), True)
    return out


def create_categories(taxonomy: Taxonomy, parsed: Parsed, report: ImportReport) -> Taxonomy:
    """A taxonomy grown from the headings, as a person would draw it from the document: each
    heading above an entry becomes a category under the heading above it, except a lone H1 (the
    document's title), a wrapper heading with a single sub-heading and no entries of its own, year
    headings, ``<summary>`` texts and sections about the list (Contents, News, Citation, Contact…).
    Each entry is filed under its innermost category. A heading that names a category already
    there (under the same parent, else anywhere, by name or alias) reuses it, so importing the
    same file twice creates nothing new. Headings with no entry beneath them make no category."""
    tax = Taxonomy([replace(c, aliases=list(c.aliases), extra=dict(c.extra)) for c in taxonomy],
                   title=taxonomy.title, extra=taxonomy.extra)
    root, paths = _outline(parsed)
    levels = _levels(root)
    by_path: dict[tuple[str, ...], str] = {}
    created: list[str] = []

    def category(path: tuple[str, ...]) -> str:
        if path in by_path:
            return by_path[path]
        parent = category(path[:-1]) if len(path) > 1 else None
        name = path[-1]
        # The one under the same parent, else one anywhere that this import did not make (two
        # sections of the document may hold sub-headings of one name: each is its own category).
        found = next((c for c in tax if c.parent == parent and fold(c.name) == fold(name)), None)
        if found is None and (elsewhere := tax.find(name)) is not None and elsewhere.slug not in created:
            found = elsewhere
        if found is not None:
            by_path[path] = found.slug
            return found.slug
        base = slugify(name, max_words=6)
        base = base if base[:1].isalnum() else "category"
        slug, n = base, 2
        while slug in tax:
            slug, n = f"{base}-{n}", n + 1
        tax.add(Category(slug, name, parent))
        created.append(slug)
        by_path[path] = slug
        return slug

    for e, path in zip(parsed.entries, paths, strict=True):
        cats = levels.get(path, ())
        if cats and not e.categories:
            e.categories = [category(cats)]
    if created:
        report.notes.append(f"categories created from the headings: {', '.join(created)}")
    return tax


def map_categories(taxonomy: Taxonomy, parsed: Parsed, report: ImportReport,
                   heading_map: dict[str, str] | None = None, extra: list[str] | None = None) -> set[str]:
    """Give each entry the category of its nearest heading that names one (by name, alias or --map).
    Returns the categories the document shows: those its headings name, with or without entries."""
    folded = {fold(k): v for k, v in (heading_map or {}).items()}

    def category(heading: str) -> str | None:
        found = taxonomy.find(heading)
        return folded.get(fold(heading)) or (found.slug if found else None)

    unmapped: dict[str, int] = {}
    for e in parsed.entries:
        if not e.categories:
            for heading in reversed(e.headings):
                slug = category(heading)
                if slug:
                    e.categories = [slug]
                    break
            else:
                if e.headings:
                    unmapped.setdefault(e.headings[-1], e.line)
        for slug in extra or []:
            if slug not in e.categories:
                e.categories.append(slug)
    for heading, line in unmapped.items():
        report.notes.append(f"line {line}: the heading above it, {heading!r}, matches no category; its papers "
                            f"have none (use --map '{heading}=SLUG')")
    named = {slug for heading in parsed.headings if (slug := category(heading))}
    return named | {slug for e in parsed.entries for slug in e.categories}
