"""The catalog: a folder with ``taxonomy.toml`` and ``papers/<key>.toml``, one file a paper.

``from vlacli import Catalog`` is all a script needs::

    cat = Catalog.open()                       # --catalog, VLA_CATALOG, ./catalog, bundled
    for p in cat.query(category="quantization"):
        print(p.year, p.title)
    cat.tag("2506.01844", ["token-optimization"])

The TOML files are the truth. Reads go through the read index (:mod:`vlacli.index`); every
change re-reads the one file it touches under the catalog lock and writes it atomically.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import (
    CatalogFormatError,
    CatalogNotFound,
    InputError,
    InvalidIdentifier,
    PaperExists,
    PaperNotFound,
    ReadOnlyCatalog,
)
from .identifiers import filename_to_key, key_to_filename, parse_arxiv_id
from .model import FieldError, Paper
from .store import (
    LOCK_NAME,
    LOCK_TIMEOUT,
    LockTimeout,
    atomic_write,
    atomic_write_many,
    dump_toml,
    line_of_key,
    read_toml,
)
from .taxonomy import Taxonomy

TAXONOMY_FILE = "taxonomy.toml"
PAPERS_DIR = "papers"
ENV_CATALOG = "VLA_CATALOG"


def bundled_catalog_path() -> Path | None:
    """The survey catalog shipped inside the package (or, in a source checkout, the repo's)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_bundled", here.parents[1] / "catalog"):
        if (candidate / TAXONOMY_FILE).is_file():
            return candidate
    return None


def discover(path: str | Path | None = None, cwd: Path | None = None) -> tuple[Path, bool]:
    """Find the catalog: ``path``, else ``$VLA_CATALOG``, else the nearest ``catalog/`` walking
    up from ``cwd``, else the bundled survey. Returns (folder, read_only)."""
    explicit = path if path not in (None, "") else os.environ.get(ENV_CATALOG) or None
    if explicit is not None:
        root = Path(explicit).expanduser()
        if not (root / TAXONOMY_FILE).is_file() and not (root / PAPERS_DIR).is_dir():
            why = "does not exist" if not root.exists() else "is not a vla catalog (no taxonomy.toml)"
            raise CatalogNotFound(f"catalog {root} {why}", f"create one with 'vla init {root}'")
        return root, False
    start = (cwd or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        candidate = folder / "catalog"
        if (candidate / TAXONOMY_FILE).is_file():
            return candidate, False
    bundled = bundled_catalog_path()
    if bundled is None:
        raise CatalogNotFound("no catalog found", "run 'vla init DIR' or pass --catalog DIR")
    return bundled, True


def name_key(file_name: str) -> str:
    return filename_to_key(file_name[: -len(".toml")])


@dataclass
class Query:
    category: str | None = None
    year: str | None = None
    venue: str | None = None
    search: str | None = None
    sort: str = "year"
    reverse: bool = False
    abstracts: bool = True  # False: the papers may come without their abstracts (faster, less memory)

    @classmethod
    def of(cls, filters: dict[str, str], **kwargs: Any) -> Query:
        """A query from filters by name (category, year, venue, search), as a README marker records them."""
        return cls(category=filters.get("category"), year=filters.get("year"), venue=filters.get("venue"),
                   search=filters.get("search"), **kwargs)


SORTS: dict[str, Callable[[Paper], Any]] = {
    "year": lambda p: (p.year or 0, p.key),
    "title": lambda p: (p.title.casefold(), p.key),
    "venue": lambda p: ((p.venue or "").casefold(), p.year or 0, p.key),
    "key": lambda p: p.key,
    "updated": lambda p: (p.updated or p.published or "", p.key),
}


class Catalog:
    def __init__(self, root: str | Path, *, read_only: bool = False, use_index: bool = True) -> None:
        self.root = Path(root)
        self.read_only = read_only
        self.use_index = use_index
        self._taxonomy: Taxonomy | None = None
        self._papers: dict[str, Paper] | None = None
        self._abstracts = False
        self._lock: Any = None
        self._citekeys: set[str] | None = None
        self.warnings: list[str] = []

    def __repr__(self) -> str:
        return f"Catalog({str(self.root)!r}{', read_only=True' if self.read_only else ''})"

    # -- opening --------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path | None = None, **kwargs: Any) -> Catalog:
        root, read_only = discover(path)
        return cls(root, read_only=read_only, **kwargs)

    @classmethod
    def init(cls, root: str | Path, taxonomy: Taxonomy | None = None) -> Catalog:
        root = Path(root)
        if (root / TAXONOMY_FILE).exists():
            raise InputError(f"{root} already holds a catalog ({TAXONOMY_FILE} exists)")
        try:
            (root / PAPERS_DIR).mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise InputError(f"cannot create {root}: {e.strerror}") from None
        cat = cls(root)
        with cat.locked():
            gitignore = root / ".gitignore"
            if not gitignore.exists():
                atomic_write(gitignore, f"{LOCK_NAME}\n")
            cat.write_taxonomy(taxonomy or Taxonomy())
        return cat

    @property
    def papers_dir(self) -> Path:
        return self.root / PAPERS_DIR

    @property
    def taxonomy_path(self) -> Path:
        return self.root / TAXONOMY_FILE

    # -- reading --------------------------------------------------------------------------
    @property
    def taxonomy(self) -> Taxonomy:
        if self._taxonomy is None:
            if not self.taxonomy_path.is_file():
                self._taxonomy = Taxonomy()
            else:
                from .index import load_toml_cached

                data = load_toml_cached(self.taxonomy_path, "taxonomy") if self.use_index else read_toml(
                    self.taxonomy_path)
                try:
                    self._taxonomy = Taxonomy.from_dict(data, str(self.taxonomy_path))
                except InputError as e:
                    raise CatalogFormatError(self.taxonomy_path, e.message.split(": ", 1)[-1]) from None
        return self._taxonomy

    def paper_path(self, key: str) -> Path:
        return self.papers_dir / key_to_filename(key)

    def paper_from_table(self, name: str, table: dict[str, Any]) -> Paper:
        key = name_key(name)
        try:
            return Paper.from_dict(key, table)
        except FieldError as e:
            path = self.papers_dir / name
            raise CatalogFormatError(path, str(e), line_of_key(path, e.name)) from None

    def _load(self, abstracts: bool = True) -> dict[str, Paper]:
        """Every paper by key. ``abstracts=False`` may leave ``abstract`` unset, to save time and memory."""
        if self._papers is None or (abstracts and not self._abstracts):
            from .index import load_tables

            records, _ = load_tables(self.papers_dir, use_index=self.use_index, abstracts=abstracts, kind="papers",
                                     convert=lambda name, table: self.paper_from_table(name, table).attributes())
            # Every record is a checked paper's attributes, from its file or from the index.
            papers = {}
            for record in records.values():
                p = Paper.adopt(record)
                papers[p.key] = p
            self._papers = papers
            self._abstracts = abstracts
            self.warnings = list(self._check_categories(papers.values()))
        return self._papers

    def _check_categories(self, papers: Iterable[Paper]) -> Iterator[str]:
        tax = self.taxonomy
        for p in papers:
            for slug in p.categories:
                if slug not in tax:
                    yield f"{self.paper_path(p.key)}: {tax.not_in_taxonomy(slug)}"

    def papers(self) -> list[Paper]:
        """Every paper, in key order."""
        return list(self._load().values())

    def __len__(self) -> int:
        return len(self._load())

    def __iter__(self) -> Iterator[Paper]:
        return iter(self.papers())

    def __contains__(self, ref: object) -> bool:
        return isinstance(ref, str) and self.find(ref) is not None

    def _read_paper_file(self, key: str) -> Paper | None:
        path = self.paper_path(key)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as e:
            raise CatalogFormatError(path, e.strerror or str(e)) from None
        from .store import parse_toml

        return self.paper_from_table(path.name, parse_toml(raw, path))

    def key_for(self, ref: str) -> str:
        """The key a reference names: a key as is, or any pasted form of an arXiv ID."""
        ref = ref.strip()
        try:
            return parse_arxiv_id(ref).id
        except InvalidIdentifier:
            return ref

    def find(self, ref: str) -> Paper | None:
        """The paper a key, arXiv ID (any form) or citation key names, or None."""
        key = self.key_for(ref)
        if self._papers is not None:
            hit = self._papers.get(key)
        else:
            hit = self._read_paper_file(key) if key else None
        if hit is not None:
            return hit
        for p in self._load().values():
            if p.citekey == ref or p.arxiv == key:
                return p
        return None

    def get(self, ref: str) -> Paper:
        hit = self.find(ref)
        if hit is None:
            papers = self._load().values()
            names = [p.key for p in papers] + [p.citekey for p in papers if p.citekey]
            import difflib  # only when a paper is not found

            close = difflib.get_close_matches(ref.strip(), names, n=3, cutoff=0.6)
            raise PaperNotFound(ref.strip(), close)
        return hit

    def query(self, q: Query | None = None, **kwargs: Any) -> list[Paper]:
        q = q or Query(**kwargs)
        return select(self._load(abstracts=q.abstracts or bool(q.search)).values(), q, self.taxonomy)

    def counts(self) -> dict[str, int]:
        """Papers per category slug, each paper counted once in every node above its categories."""
        tax = self.taxonomy
        out = {c.slug: 0 for c in tax}
        for p in self._load(abstracts=False).values():
            seen: set[str] = set()
            for slug in p.categories:
                if slug in tax:
                    seen.update(c.slug for c in tax.path(slug))
            for slug in seen:
                out[slug] += 1
        return out

    # -- writing --------------------------------------------------------------------------
    def _check_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyCatalog(self.root)

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the catalog's write lock; re-entrant within this Catalog object."""
        self._check_writable()
        from filelock import FileLock, Timeout

        if self._lock is None:
            self._lock = FileLock(str(self.root / LOCK_NAME), timeout=LOCK_TIMEOUT)
        try:
            self._lock.acquire()
        except Timeout:
            raise LockTimeout(
                f"{self.root}: another vla process has held the catalog lock for {LOCK_TIMEOUT:.0f} s",
                f"if none is running, delete {self.root / LOCK_NAME}",
            ) from None
        try:
            yield
        finally:
            self._lock.release()

    def use_taxonomy(self, taxonomy: Taxonomy) -> None:
        """Use this taxonomy from now on, in memory only (:meth:`write_taxonomy` saves it)."""
        self._taxonomy = taxonomy

    def write_taxonomy(self, taxonomy: Taxonomy) -> None:
        with self.locked():
            atomic_write(self.taxonomy_path, dump_toml(taxonomy.to_dict()))
            self._taxonomy = taxonomy

    def _give_citekey(self, paper: Paper) -> None:
        """A paper with authors but no citation key gets one, unique in the catalog, for good."""
        if paper.citekey is not None or not paper.authors:
            return
        from .citekeys import make_citekey

        if self._citekeys is None:
            self._citekeys = {p.citekey for p in self._load().values() if p.citekey}
        paper.citekey = make_citekey(paper, self._citekeys)
        self._citekeys.add(paper.citekey)

    def save(self, paper: Paper) -> None:
        """Write one paper's file (atomically, under the lock)."""
        self.save_many([paper])

    def save_many(self, papers: Iterable[Paper]) -> None:
        """Write papers' files, each atomically, with one flush to disk for the batch, under the lock."""
        papers = list(papers)
        with self.locked():
            for paper in papers:
                self._give_citekey(paper)
            self.papers_dir.mkdir(parents=True, exist_ok=True)
            atomic_write_many([(self.paper_path(p.key), dump_toml(p.to_dict())) for p in papers])
            if self._papers is not None:
                for paper in papers:
                    self._papers[paper.key] = paper

    def add(self, paper: Paper) -> None:
        with self.locked():
            if self.paper_path(paper.key).exists():
                raise PaperExists(paper.key)
            self.save(paper)

    @contextlib.contextmanager
    def edit(self, ref: str) -> Iterator[Paper]:
        """Lock, re-read the paper from its file, let the caller change it, write it if changed."""
        with self.locked():
            key = self.get(ref).key
            paper = self._read_paper_file(key)
            if paper is None:
                raise PaperNotFound(ref)
            before = paper.to_dict()
            yield paper
            if paper.to_dict() != before:
                self.save(paper)

    def remove(self, ref: str) -> Paper:
        with self.locked():
            paper = self.get(ref)
            self.paper_path(paper.key).unlink()
            if self._papers is not None:
                self._papers.pop(paper.key, None)
            return paper

    def rekey(self, ref: str, new_key: str) -> Paper:
        """Give a paper a new key (and file name), e.g. the arXiv ID of a paper filed by slug."""
        with self.locked():
            paper = self.get(ref)
            if new_key == paper.key:
                return paper
            if self.paper_path(new_key).exists():
                raise PaperExists(new_key)
            old_path = self.paper_path(paper.key)
            fresh = self._read_paper_file(paper.key) or paper
            fresh.key = new_key
            self.save(fresh)
            old_path.unlink()
            if self._papers is not None:
                self._papers.pop(paper.key, None)
            return fresh

    def resolve_categories(self, names: Iterable[str]) -> list[str]:
        return [self.taxonomy.resolve(n).slug for n in names]

    def tag(self, ref: str, categories: Iterable[str]) -> tuple[Paper, list[str]]:
        slugs = self.resolve_categories(categories)
        with self.edit(ref) as paper:
            added = [s for s in dict.fromkeys(slugs) if s not in paper.categories]
            paper.categories.extend(added)
        return paper, added

    def untag(self, ref: str, categories: Iterable[str]) -> tuple[Paper, list[str]]:
        names = list(categories)
        with self.edit(ref) as paper:
            slugs = []
            for n in names:
                # A slug the taxonomy no longer has can still be taken off the paper.
                slugs.append(n if n in paper.categories else self.taxonomy.resolve(n).slug)
            removed = [s for s in dict.fromkeys(slugs) if s in paper.categories]
            paper.categories = [c for c in paper.categories if c not in removed]
        return paper, removed


def select(papers: Iterable[Paper], q: Query, taxonomy: Taxonomy) -> list[Paper]:
    """The papers a query's filters keep, in its order: what `vla list` shows."""
    if q.category is not None:
        wanted = set(taxonomy.subtree(taxonomy.resolve(q.category).slug))
        papers = [p for p in papers if wanted.intersection(p.categories)]
    if q.year:
        lo, hi = parse_year_range(q.year)
        papers = [p for p in papers if p.year is not None and lo <= p.year <= hi]
    if q.venue:
        v = q.venue.casefold()
        papers = [p for p in papers if p.venue and (p.venue.casefold() == v or v in p.venue.casefold().split())]
    if q.search:
        papers = [p for p in papers if p.matches(q.search)]
    if q.sort not in SORTS:
        raise InputError(f"unknown sort {q.sort!r}", "one of: " + ", ".join(SORTS))
    return sorted(papers, key=SORTS[q.sort], reverse=q.reverse)


def parse_year_range(text: str) -> tuple[int, int]:
    """``2024`` or ``2023-2025`` or ``2023-`` or ``-2024``."""
    t = text.strip()
    try:
        if "-" in t.strip("-") or t.startswith("-") or t.endswith("-"):
            lo_s, _, hi_s = t.partition("-")
            lo, hi = (int(lo_s) if lo_s else 0, int(hi_s) if hi_s else 9999)
        else:
            lo = hi = int(t)
    except ValueError:
        raise InputError(f"year {text!r} is not a year or a range like 2023-2025") from None
    if lo > hi:
        raise InputError(f"year range {text!r} ends before it starts")
    return lo, hi
