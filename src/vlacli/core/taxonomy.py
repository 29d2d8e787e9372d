"""The taxonomy: an ordered tree of categories (pillars, groups, leaves) with stable slugs.

Stored in ``taxonomy.toml`` as a flat, ordered list of ``[[category]]`` tables, each naming
its ``parent`` (none for a pillar). File order is display order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from .._lazy import lazy_re
from ..errors import AmbiguousCategory, EmptyTaxonomy, InputError, UnknownCategory

_FOLD = lazy_re(r"[\s_\-]+")
_SLUG = lazy_re(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def fold(text: str) -> str:
    """How a category name is compared: case-blind, spaces, hyphens and underscores alike."""
    return _FOLD.sub("-", text.strip().casefold()).strip("-")


@dataclass
class Category:
    slug: str
    name: str
    parent: str | None = None
    aliases: list[str] = field(default_factory=list)
    figure: str | None = None
    caption: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # A saved arXiv search (arXiv's query syntax) that `vla watch` runs for this category.
    watch: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"slug": self.slug, "name": self.name}
        if self.parent:
            out["parent"] = self.parent
        if self.aliases:
            out["aliases"] = list(self.aliases)
        if self.figure:
            out["figure"] = self.figure
        if self.caption:
            out["caption"] = self.caption
        if self.watch:
            out["watch"] = self.watch
        out.update(self.extra)
        return out


_KNOWN = {"slug", "name", "parent", "aliases", "figure", "caption", "watch"}


class Taxonomy:
    def __init__(self, categories: Iterable[Category] = (), title: str | None = None,
                 extra: dict[str, Any] | None = None) -> None:
        self.title = title
        self.extra = dict(extra or {})
        self._cats: dict[str, Category] = {}
        self._children: dict[str | None, list[str]] = {None: []}
        for c in categories:
            self.add(c)

    # -- construction -------------------------------------------------------------------
    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str = "taxonomy.toml") -> Taxonomy:
        raw = data.get("category", [])
        if not isinstance(raw, list):
            raise InputError(f"{source}: 'category' must be an array of tables ([[category]])")
        if not isinstance(data.get("title", ""), str):
            raise InputError(f"{source}: 'title' must be a string")
        cats = []
        for i, item in enumerate(raw, 1):
            if not isinstance(item, dict) or not isinstance(item.get("slug"), str) \
                    or not isinstance(item.get("name"), str):
                raise InputError(f"{source}: category #{i} needs a 'slug' and a 'name'")
            what = f"{source}: category {item['slug']!r}"
            for key in ("parent", "figure", "caption", "watch"):
                if key in item and not isinstance(item[key], str):
                    raise InputError(f"{what}: {key!r} must be a string")
            aliases = item.get("aliases", [])
            if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                raise InputError(f"{what}: 'aliases' must be a list of strings")
            cats.append(Category(
                slug=item["slug"], name=item["name"], parent=item.get("parent"),
                aliases=list(item.get("aliases", [])), figure=item.get("figure"),
                caption=item.get("caption"), watch=item.get("watch"),
                extra={k: v for k, v in item.items() if k not in _KNOWN},
            ))
        extra = {k: v for k, v in data.items() if k not in {"category", "title"}}
        try:
            return cls(cats, title=data.get("title"), extra=extra)
        except InputError as e:
            raise InputError(f"{source}: {e.message}") from None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.title:
            out["title"] = self.title
        out.update(self.extra)
        out["category"] = [c.to_dict() for c in self]
        return out

    def add(self, cat: Category) -> None:
        if not _SLUG.match(cat.slug):
            raise InputError(f"category slug {cat.slug!r} must be lower-case words joined by hyphens")
        if cat.slug in self._cats:
            raise InputError(f"category {cat.slug!r} is defined twice")
        if cat.parent is not None and cat.parent not in self._cats:
            raise InputError(f"category {cat.slug!r} names parent {cat.parent!r}, which is not defined before it")
        self._cats[cat.slug] = cat
        self._children.setdefault(cat.parent, []).append(cat.slug)
        self._children.setdefault(cat.slug, [])

    # -- queries ------------------------------------------------------------------------
    def __iter__(self) -> Iterator[Category]:
        """Depth-first, in file order: the order of the survey's headings."""
        return (self._cats[slug] for slug in self._walk(None))

    def _walk(self, top: str | None) -> Iterator[str]:
        """The slugs beneath ``top``, depth-first in file order; with a stack, not recursion, so a
        taxonomy of any depth (1,000 levels) is walked."""
        stack = [iter(self._children.get(top, []))]
        while stack:
            slug = next(stack[-1], None)
            if slug is None:
                stack.pop()
                continue
            yield slug
            stack.append(iter(self._children.get(slug, [])))

    def __len__(self) -> int:
        return len(self._cats)

    def __contains__(self, slug: object) -> bool:
        return slug in self._cats

    def __getitem__(self, slug: str) -> Category:
        return self._cats[slug]

    def depth(self, slug: str) -> int:
        d, parent = 0, self._cats[slug].parent
        while parent is not None:
            d, parent = d + 1, self._cats[parent].parent
        return d

    def max_depth(self) -> int:
        return max((self.depth(s) for s in self._cats), default=0)

    def is_leaf(self, slug: str) -> bool:
        return not self._children.get(slug)

    def subtree(self, slug: str) -> list[str]:
        """The slug and every slug beneath it, in order."""
        return [slug, *self._walk(slug)]

    def path(self, slug: str) -> list[Category]:
        out = []
        node: str | None = slug
        while node is not None:
            out.append(self._cats[node])
            node = self._cats[node].parent
        return out[::-1]

    def resolve(self, query: str) -> Category:
        """Find a category by slug, display name, alias or unambiguous prefix, ignoring case. A slug
        names its category even where another category's name folds to it (two headings "Others"
        make ``others`` and ``others-2``: each slug is one category, as README markers record them)."""
        q = fold(query)
        if not q:
            raise UnknownCategory(query)
        if not self._cats:
            raise EmptyTaxonomy(query, q if _SLUG.match(q) else "SLUG")
        if query in self._cats:
            return self._cats[query]
        names: dict[str, set[str]] = {}
        for c in self._cats.values():
            for n in (c.slug, c.name, *c.aliases):
                names.setdefault(fold(n), set()).add(c.slug)
        exact = names.get(q)
        if exact:
            if len(exact) == 1:
                return self._cats[next(iter(exact))]
            raise AmbiguousCategory(query, sorted(exact))
        prefixed = {s for n, slugs in names.items() if n.startswith(q) for s in slugs}
        if len(prefixed) == 1:
            return self._cats[prefixed.pop()]
        if prefixed:
            raise AmbiguousCategory(query, [s for s in self._cats if s in prefixed])
        raise UnknownCategory(query, self.closest(query))

    def find(self, query: str) -> Category | None:
        """Like resolve, but exact names only (no prefixes) and None when nothing matches."""
        q = fold(query)
        for c in self._cats.values():
            if q in {fold(n) for n in (c.slug, c.name, *c.aliases)}:
                return c
        return None

    def not_in_taxonomy(self, slug: str) -> str:
        """What to say of a paper's category that the taxonomy lacks, with the nearest ones."""
        close = self.closest(slug)
        hint = f" (closest: {', '.join(close)})" if close else ""
        return f"category {slug!r} is not in the taxonomy{hint}"

    def closest(self, query: str, n: int = 3) -> list[str]:
        """The categories whose slug, name or alias is nearest to ``query``: the best few only."""
        import difflib  # only for the error messages

        q = fold(query)
        best: dict[str, float] = {}
        for c in self._cats.values():
            for name in (c.slug, c.name, *c.aliases):
                f = fold(name)
                score = difflib.SequenceMatcher(None, q, f).ratio()
                if f.startswith(q) or q.startswith(f):
                    score = max(score, 0.75)
                best[c.slug] = max(best.get(c.slug, 0.0), score)
        ranked = sorted((s for s in best.items() if s[1] >= 0.6), key=lambda kv: (-kv[1], kv[0]))
        if not ranked:
            return []
        top = ranked[0][1]
        return [slug for slug, score in ranked if score >= top - 0.12][:n]

    # -- editing (vla category): each returns a new Taxonomy and leaves this one as it is ------------
    def _rebuilt(self, categories: Iterable[Category]) -> Taxonomy:
        return Taxonomy(categories, title=self.title, extra=self.extra)

    def clash(self, words: Iterable[str], ignore: str | None = None) -> tuple[str, str] | None:
        """The slug of a category (other than ``ignore``) whose slug, name or alias reads as one of
        ``words``, with that word, or None: two categories answering to one word would make that word
        ambiguous."""
        wanted = {fold(w): w for w in reversed(list(words)) if fold(w)}  # the first word given of a fold
        for c in self._cats.values():
            if c.slug != ignore:
                for n in (c.slug, c.name, *c.aliases):
                    if fold(n) in wanted:
                        return c.slug, wanted[fold(n)]
        return None

    def with_category(self, cat: Category) -> Taxonomy:
        """This taxonomy and ``cat``, the last child of its parent (the last pillar without one)."""
        clash = self.clash((cat.slug, cat.name, *cat.aliases))
        if clash is not None:
            other, word = clash
            raise InputError(f"category {cat.slug!r} ({cat.name}) would answer to {word!r}, which already names "
                             f"{other!r}", "choose another slug, name or alias")
        out = self._rebuilt(self)
        out.add(replace(cat, aliases=list(cat.aliases)))
        return out

    def renamed(self, slug: str, new_slug: str | None = None, name: str | None = None) -> Taxonomy:
        """The category ``slug`` with a new slug and/or name, its old ones kept as aliases (so older
        lists and scripts still find it); its children follow it."""
        old = self._cats[slug]
        new_slug = new_slug or slug
        name = name or old.name
        aliases = [a for a in (*old.aliases, old.name, old.slug) if fold(a) not in {fold(new_slug), fold(name)}]
        aliases = list({fold(a): a for a in aliases}.values())
        clash = self.clash((new_slug, name), ignore=slug)
        if clash is not None:
            raise InputError(f"{new_slug!r} ({name}) already names category {clash[0]!r}")
        return self._rebuilt(
            replace(c, slug=new_slug, name=name, aliases=aliases) if c.slug == slug
            else replace(c, parent=new_slug) if c.parent == slug else c
            for c in self)

    def moved(self, slug: str, parent: str | None) -> Taxonomy:
        """The category ``slug``, with everything beneath it, as the last child of ``parent`` (or the
        last pillar, for None)."""
        if parent is not None and parent in self.subtree(slug):
            which = "itself" if parent == slug else "beneath it"
            raise InputError(f"cannot move {slug!r} under {parent!r}, which is {which}")
        moving = set(self.subtree(slug))
        rest = [c for c in self if c.slug not in moving]
        subtree = [replace(c, parent=parent) if c.slug == slug else c for c in self if c.slug in moving]
        return self._rebuilt([*rest, *subtree])

    def without(self, slug: str) -> Taxonomy:
        """This taxonomy without the category ``slug``, which must have no children."""
        if self._children.get(slug):
            raise InputError(f"category {slug!r} has subcategories ({', '.join(self._children[slug])})",
                             "move or remove them first")
        return self._rebuilt(c for c in self if c.slug != slug)
