"""Categories from a document's headings: file listings under the category their heading names,
or grow the taxonomy from the headings (``--create-categories``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..identifiers import slugify
from ..taxonomy import Category, Taxonomy, fold
from . import Parsed

if TYPE_CHECKING:
    from .merge import ImportReport


def create_categories(taxonomy: Taxonomy, parsed: Parsed, report: ImportReport) -> Taxonomy:
    """A taxonomy grown from the headings: each heading above an entry becomes a category under the
    heading above it (one that the taxonomy already names is reused), and each entry is filed
    under its innermost heading. Headings with no entry beneath them (a table of contents,
    "Contact") make no category."""
    tax = Taxonomy([Category(c.slug, c.name, c.parent, list(c.aliases), c.figure, c.caption, dict(c.extra))
                    for c in taxonomy], title=taxonomy.title, extra=taxonomy.extra)
    by_path: dict[tuple[str, ...], str] = {}
    created: list[str] = []
    for e in parsed.entries:
        parent: str | None = None
        for depth in range(len(e.headings)):
            path = tuple(e.headings[: depth + 1])
            if path not in by_path:
                heading = path[-1]
                found = tax.find(heading)
                if found is not None and found.parent == parent:
                    by_path[path] = found.slug
                else:
                    base = slugify(heading, max_words=6)
                    base = base if base[:1].isalnum() else "category"
                    slug, n = base, 2
                    while slug in tax:
                        slug, n = f"{base}-{n}", n + 1
                    tax.add(Category(slug, heading, parent))
                    by_path[path] = slug
                    created.append(slug)
            parent = by_path[path]
        if parent is not None and not e.categories:
            e.categories = [parent]
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
        report.notes.append(f"line {line}: heading {heading!r} matches no category; its papers have none "
                            f"(use --map '{heading}=SLUG')")
    named = {slug for heading in parsed.headings if (slug := category(heading))}
    return named | {slug for e in parsed.entries for slug in e.categories}
