"""The catalog: a folder with ``taxonomy.toml`` and ``papers/<key>.toml``, one file a paper.

``from vlacli import Catalog`` is all a script needs::

    cat = Catalog.open()                       # --catalog, VLA_CATALOG, ./catalog, bundled
    for p in cat.query(category="quantization"):
        print(p.year, p.title)
    cat.tag("2506.01844", ["token-optimization"])

The TOML files are the truth. Reads go through the read index (:mod:`vlacli.storage.index`); every
change takes the catalog lock, forgets what was read before it, re-reads what it changes, and
writes through :func:`vlacli.storage.store.commit` (one file atomically, several as one change that an
interruption cannot leave half done). A paper file that cannot be read is left out of a lenient
read (``skip_unreadable``, as ``vla list`` reads) with a warning; anything that needs the whole
catalog (exports, imports) refuses instead of working from part of it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from ..core.fields import SETTABLE
from ..core.identifiers import filename_to_key, key_to_filename, parse_arxiv_id
from ..core.paper import LINK_FIELDS, FieldError, Paper, is_web_url
from ..core.query import Query, select
from ..core.taxonomy import Taxonomy
from ..core.years import is_year, year_bounds
from ..errors import (
    CatalogFormatError,
    CatalogWriteError,
    FieldValueError,
    InputError,
    InvalidIdentifier,
    LockTimeout,
    NothingToDo,
    PaperExists,
    PaperNotFound,
    ReadOnlyCatalog,
    UnsafeLink,
)
from .discovery import PAPERS_DIR, TAXONOMY_FILE, describe, discover
from .store import (
    JOURNAL_NAME,
    LOCK_NAME,
    LOCK_TIMEOUT,
    TEMP_GLOB,
    WRITING_NAME,
    commit,
    dump_toml,
    line_of_key,
    pause_point,
    pending,
    read_catalog_file,
    read_toml,
    recover,
    remove_stale_temps,
)

# The keys a paper was filed under before (a field of its file, kept as the model keeps fields it does not know).



def name_key(file_name: str) -> str:
    return filename_to_key(file_name[: -len(".toml")])


class Catalog:
    """A catalog folder. ``skip_unreadable=True`` (what ``vla list`` uses) leaves a paper file that
    cannot be read out of every read, with a line in :attr:`warnings`; by default such a file makes
    every read of the whole catalog raise its CatalogFormatError, so an export or an import never
    works from part of the catalog. :attr:`problems` holds them all, either way."""

    def __init__(self, root: str | Path, *, read_only: bool = False, use_index: bool = True,
                 skip_unreadable: bool = False) -> None:
        self.root = Path(root)
        self.read_only = read_only
        self.use_index = use_index
        self.skip_unreadable = skip_unreadable
        self._taxonomy: Taxonomy | None = None
        self._papers: dict[str, Paper] | None = None
        self._abstracts = False
        self._lock: Any = None
        self._held = 0  # how deep this object holds the lock
        self._citekeys: set[str] | None = None
        self.warnings: list[str] = []
        self.problems: list[CatalogFormatError] = []

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
            raise InputError(f"catalog {describe(root, read_only=False)} exists already ({TAXONOMY_FILE} is there)")
        try:
            (root / PAPERS_DIR).mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise InputError(f"cannot create {root}: {e.strerror}") from None
        cat = cls(root)
        with cat.locked():
            gitignore = root / ".gitignore"
            if not gitignore.exists():  # the lock, a writer's mark, an interrupted change's journal, temp files
                commit(root, [(gitignore, f"{LOCK_NAME}\n{WRITING_NAME}\n{JOURNAL_NAME}\n{TEMP_GLOB}\n")])
            cat.write_taxonomy(taxonomy or Taxonomy())
            from .venue_file import VENUES_FILE, write_table

            if not (root / VENUES_FILE).exists():
                write_table(root)
        return cat

    @property
    def papers_dir(self) -> Path:
        return self.root / PAPERS_DIR

    @property
    def taxonomy_path(self) -> Path:
        return self.root / TAXONOMY_FILE

    def reload(self) -> None:
        """Forget what was read: the next read sees the files as they are now (call it under the lock
        before a read-modify-write)."""
        self._taxonomy = None
        self._papers = None
        self._abstracts = False
        self._citekeys = None

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

    def _load(self, abstracts: bool = True, lenient: bool | None = None) -> dict[str, Paper]:
        """Every paper by key. ``abstracts=False`` may leave ``abstract`` unset, to save time and memory.
        A file that cannot be read raises, unless ``lenient`` (default: ``skip_unreadable``)."""
        if self._papers is None or (abstracts and not self._abstracts):
            from .index import load_tables

            problems: list[CatalogFormatError] = []
            records, _ = load_tables(self.papers_dir, use_index=self.use_index, abstracts=abstracts, kind="papers",
                                     convert=lambda name, table: self.paper_from_table(name, table).attributes(),
                                     problems=problems)
            # Every record is a checked paper's attributes, from its file or from the index.
            papers = {}
            for record in records.values():
                p = Paper.adopt(record)
                papers[p.key] = p
            self._papers = papers
            self._abstracts = abstracts
            self.problems = problems
            self.warnings = [f"{e.message}; left out" for e in problems]
            self.warnings.extend(self._check_categories(papers.values()))
            interrupted = self.interrupted_change()
            if interrupted:
                self.warnings.append(f"{self.root / JOURNAL_NAME}: {interrupted}")
        if self.problems and not (self.skip_unreadable if lenient is None else lenient):
            raise self._partial()
        return self._papers

    def _partial(self) -> CatalogFormatError:
        """The first unreadable paper file, saying that vla will not work from the rest alone."""
        from ..text import plural

        first, n = self.problems[0], len(self.problems)
        more = f"{plural(n - 1, 'other paper file')} cannot be read either; " if n > 1 else ""
        return CatalogFormatError(first.path, first.why, first.line, first.col,
                                  f"{more}fix {'them' if n > 1 else 'it'} first: vla does not export, import or "
                                  "write from part of the catalog ('vla lint' lists them, 'vla list' the rest)")

    def interrupted_change(self) -> str | None:
        """What an interrupted multi-file change was doing, if one left its journal; None if none did.
        The next vla command that writes finishes it (see :func:`vlacli.storage.store.recover`)."""
        journal = pending(self.root)
        if journal is None:
            return None
        moves = journal["note"].get("moves") or []
        if moves:
            what = ", ".join(f"re-filing {old!r} as {new!r}" for old, new in moves)
        else:
            what = f"writing {len(journal['renames'])} files and deleting {len(journal['deletes'])}"
        return f"an interrupted change ({what}): the next vla command that writes finishes it"

    def _check_categories(self, papers: Iterable[Paper]) -> Iterator[str]:
        tax = self.taxonomy
        for p in papers:
            for slug in p.categories:
                if slug not in tax:
                    yield f"{self.paper_path(p.key)}: {tax.not_in_taxonomy(slug)}"

    def papers(self, abstracts: bool = True, lenient: bool | None = None) -> list[Paper]:
        """Every paper, in key order; ``abstracts=False`` may leave their abstracts unread (faster).
        ``lenient`` (default: ``skip_unreadable``) leaves out files that cannot be read (see
        :attr:`problems`) instead of raising the first one's CatalogFormatError."""
        return list(self._load(abstracts, lenient).values())

    def __len__(self) -> int:
        return len(self._load())

    def __iter__(self) -> Iterator[Paper]:
        return iter(self.papers())

    def __contains__(self, ref: object) -> bool:
        return isinstance(ref, str) and self.find(ref) is not None

    def _read_paper_file(self, key: str) -> Paper | None:
        path = self.paper_path(key)
        raw = read_catalog_file(path)
        if raw is None:
            return None
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
        """The paper a key, arXiv ID (any form), citation key (or the key of another of its entries) or
        earlier key names, or None: the whole paper, even after a read without abstracts (a caller may
        change it and write it back)."""
        key = self.key_for(ref)
        if self._papers is not None and self._abstracts:
            hit = self._papers.get(key)
        else:
            hit = self._read_paper_file(key) if key else None
        if hit is not None:
            return hit
        papers = self._load(lenient=True).values()
        for p in papers:
            if p.citekey == ref or p.arxiv == key:
                return p
        for p in papers:  # re-filed under a new key (set --arxiv, resolve --apply): the old one still works
            if key in p.previous_keys or ref in p.entry_keys():
                return p
        return None

    def get(self, ref: str) -> Paper:
        hit = self.find(ref)
        if hit is None:
            if self.problems and not self.skip_unreadable:
                raise self._partial()  # it may be the paper that cannot be read
            papers = self._load(lenient=True).values()
            names = [p.key for p in papers] + [p.citekey for p in papers if p.citekey]
            import difflib  # only when a paper is not found

            close = difflib.get_close_matches(ref.strip(), names, n=3, cutoff=0.6)
            words = ref.strip().casefold()  # a title typed for a key ('vla show SmolVLA')
            titled = [p.key for p in papers if len(words) >= 3 and any(c.isalpha() for c in words)
                      and words in p.title.casefold()] if not close else []
            raise PaperNotFound(ref.strip(), close, titled)
        return hit

    def named(self, refs: Iterable[str], all_papers: bool, verb: str) -> list[Paper]:
        """The papers a command names (each once, in order), or with ``all_papers`` (``--all``) every paper;
        naming none, or both, is an InputError (``nothing to {verb}``)."""
        refs = list(refs)
        if all_papers and refs:
            raise InputError("give paper IDs or --all, not both")
        if not all_papers and not refs:
            raise InputError(f"nothing to {verb}", "give paper IDs, or --all")
        chosen = self.papers() if all_papers else [self.get(r) for r in refs]
        return list({p.key: p for p in chosen}.values())

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
        """Hold the catalog's write lock; re-entrant within this Catalog object.

        Taking it (not re-entering it) forgets everything read before, so what the holder reads
        next is the files as they are now; finishes a change an interrupted process left; and, when
        the last holder was killed (it left ``.vla.writing``), deletes the temp files it left. A lock
        file that cannot be created (a read-only catalog) raises CatalogWriteError; a linked one,
        UnsafeLink."""
        self._check_writable()
        if self._held:
            self._held += 1
            try:
                yield
            finally:
                self._held -= 1
            return
        pause_point("catalog.lock")
        path = self.root / LOCK_NAME
        if os.path.islink(path):
            raise UnsafeLink(path, os.readlink(path), "a lock file must be a plain file",
                             "delete it: vla makes a new one")
        from filelock import FileLock, Timeout

        if self._lock is None:
            self._lock = FileLock(str(path), timeout=LOCK_TIMEOUT)
        try:
            self._lock.acquire()
        except Timeout:
            raise LockTimeout(
                f"{self.root}: another vla process has held the catalog lock for {LOCK_TIMEOUT:.0f} s",
                f"if none is running, delete {path}",
            ) from None
        except OSError as e:
            raise CatalogWriteError(path, e.strerror or str(e)) from None
        self._held = 1
        writing = self.root / WRITING_NAME
        try:
            self.reload()
            recover(self.root)
            if writing.exists():  # the last holder was killed: it may have left temp files
                remove_stale_temps(self.papers_dir, self.root)
            with contextlib.suppress(OSError):
                writing.touch()
            pause_point("catalog.locked")
            yield
        except OSError as e:  # a write made directly under the lock (not through commit) that failed
            raise CatalogWriteError(e.filename or self.root, e.strerror or str(e), None) from None
        finally:
            with contextlib.suppress(OSError):
                writing.unlink()
            self._held = 0
            self._lock.release()

    def use_taxonomy(self, taxonomy: Taxonomy) -> None:
        """Use this taxonomy from now on, in memory only (:meth:`write_taxonomy` saves it)."""
        self._taxonomy = taxonomy

    def write_taxonomy(self, taxonomy: Taxonomy) -> None:
        self.save_many([], taxonomy)

    def _give_citekey(self, paper: Paper) -> None:
        """A paper with authors but no citation key gets one, unique in the catalog, for good."""
        if paper.citekey is not None or not paper.authors:
            return
        from ..core.citekeys import make_citekey

        if self._citekeys is None:
            self._citekeys = {k for p in self._load(lenient=True).values()
                              for k in ([p.citekey] if p.citekey else []) + p.entry_keys()}
        paper.citekey = make_citekey(paper, self._citekeys)
        self._citekeys.add(paper.citekey)

    def save(self, paper: Paper) -> None:
        """Write one paper's file (atomically, under the lock)."""
        self.save_many([paper])

    def save_many(self, papers: Iterable[Paper], taxonomy: Taxonomy | None = None,
                  also: Iterable[tuple[Path, str]] = ()) -> None:
        """Write papers' files (and the taxonomy, if given, and ``also``: other files of the catalog,
        such as its inbox) under the lock, as one change: a crash leaves all of it or none of it,
        once the next writer has run; a failure, none of it."""
        papers = list(papers)
        with self.locked():
            for paper in papers:
                self._give_citekey(paper)
            writes: list[tuple[Path, str]] = []
            if taxonomy is not None:
                writes.append((self.taxonomy_path, dump_toml(taxonomy.to_dict())))
            if papers:
                try:
                    self.papers_dir.mkdir(parents=True, exist_ok=True)
                except OSError as e:
                    raise CatalogWriteError(self.papers_dir, e.strerror or str(e)) from None
            writes.extend((self.paper_path(p.key), dump_toml(p.to_dict())) for p in papers)
            writes.extend(also)
            commit(self.root, writes)
            if taxonomy is not None:
                self._taxonomy = taxonomy
            if self._papers is not None:
                for paper in papers:
                    self._papers[paper.key] = paper

    def add(self, paper: Paper) -> None:
        with self.locked():
            if self.paper_path(paper.key).exists():
                raise PaperExists(paper.key)
            self.save(paper)

    def _reread(self, ref: str) -> Paper:
        """Under the lock: the paper ``ref`` names, read from its file now."""
        key = self.key_for(ref)
        paper = self._read_paper_file(key) if key else None
        if paper is None:
            paper = self._read_paper_file(self.get(ref).key)  # by citation key or arXiv field
            if paper is None:  # pragma: no cover - we hold the lock: nothing removes it meanwhile
                raise PaperNotFound(ref.strip())
        return paper

    @contextlib.contextmanager
    def edit(self, ref: str) -> Iterator[Paper]:
        """Lock, re-read the paper from its file, let the caller change it, write it if changed."""
        with self.locked():
            paper = self._reread(ref)
            before = paper.to_dict()
            yield paper
            if paper.to_dict() != before:
                self.save(paper)

    def remove(self, ref: str) -> Paper:
        with self.locked():
            paper = self._reread(ref)
            commit(self.root, [], [self.paper_path(paper.key)])
            if self._papers is not None:
                self._papers.pop(paper.key, None)
            return paper

    def rekey(self, ref: str, new_key: str, change: Callable[[Paper], object] | None = None) -> Paper:
        """Give a paper a new key (and file name), e.g. the arXiv ID of a paper filed by slug.
        ``change``, if given, changes the paper (already under its new key) in the same change: a crash
        leaves the paper as it was or re-filed and changed, never re-filed alone."""
        with self.locked():
            paper = self._reread(ref)
            if new_key != paper.key:
                self._move(paper, new_key, change)
            elif change is not None:  # re-filed already (by an earlier run, or another process)
                before = paper.to_dict()
                change(paper)
                if paper.to_dict() != before:
                    self.save(paper)
            return paper

    def _move(self, paper: Paper, new_key: str, change: Callable[[Paper], object] | None = None) -> None:
        """Write ``paper`` under ``new_key`` (changed by ``change``, if given) and delete its old file, as
        one change (see :func:`vlacli.storage.store.commit`): killed half-way, the next writer finishes it. The
        paper keeps its old key in ``previous_keys``, so the old key still finds it, and the same
        command run again once the change is done (by itself or by another writer) succeeds."""
        new_path = self.paper_path(new_key)
        if new_path.exists():
            raise PaperExists(new_key)
        old_key, old_path = paper.key, self.paper_path(paper.key)
        paper.previous_keys = [k for k in dict.fromkeys([*paper.previous_keys, old_key]) if k != new_key]
        paper.key = new_key
        if change is not None:
            change(paper)
        self._give_citekey(paper)
        commit(self.root, [(new_path, dump_toml(paper.to_dict()))], [old_path], note={"moves": [[old_key, new_key]]})
        if self._papers is not None:
            self._papers.pop(old_key, None)
            self._papers[new_key] = paper

    def set_fields(self, ref: str, values: dict[str, Any], arxiv: str | None = None) -> Paper:
        """Set fields by hand (``vla set``): each value checked, ``""`` clearing any but the title. Every
        field set or cleared this way is a person's, so it is pinned: nothing automatic changes it,
        and a cleared one stays empty (:func:`vlacli.core.fields.may_change`). ``arxiv`` re-files a
        paper kept by slug under that arXiv ID first. A bad value is a FieldValueError naming the
        field, raised before anything is written."""
        values = {k: v for k, v in values.items() if v is not None}
        if not values and arxiv is None:
            raise NothingToDo("nothing to set", [*SETTABLE, "arxiv"])
        unknown = set(values) - set(SETTABLE)
        if unknown:
            raise InputError(f"cannot set {', '.join(sorted(unknown))}", "one of: " + ", ".join(SETTABLE))
        for name in LINK_FIELDS:
            if values.get(name) and not is_web_url(values[name]):
                raise FieldValueError(name, f"{values[name]!r} is not an http(s) URL")
        if "title" in values and not str(values["title"]).strip():
            raise FieldValueError("title", "cannot be empty", "a paper has a title")
        if "venue" in values and values["venue"] != "" and not str(values["venue"]).strip():
            raise FieldValueError("venue", "cannot be blank", "'' clears it")
        if "year" in values and values["year"] != "" and not is_year(values["year"]):
            raise FieldValueError("year", f"must be a year from {year_bounds()}, not {values['year']!r}")
        if values.get("doi"):
            from ..core.matching import as_doi  # here: `vla list` has no DOI to read

            values["doi"] = as_doi(values["doi"])
        new = parse_arxiv_id(arxiv).id if arxiv is not None else None
        with self.locked():
            p = self._reread(ref)
            before = p.to_dict()
            for name, value in values.items():
                p.set_by_hand(name, value if value != "" else None)  # and pinned
            if new is not None:
                other = self.find(new)
                if other is not None and other.key != p.key:
                    raise InputError(f"arXiv {new} is already filed as {other.key!r}")
                p.arxiv = new
                if p.key != new:  # the new file with every change, then the old one gone: one change
                    self._move(p, new)
                    return p
            if p.to_dict() != before:
                self.save(p)
        return p

    def resolve_categories(self, names: Iterable[str]) -> list[str]:
        return [self.taxonomy.resolve(n).slug for n in names]

    def tag(self, ref: str, categories: Iterable[str]) -> tuple[Paper, list[str], list[str]]:
        """File a paper under categories: the paper, the slugs it was added to, those it was in already."""
        with self.locked(), self.edit(ref) as paper:
            slugs = list(dict.fromkeys(self.resolve_categories(categories)))  # with the taxonomy as it is now
            added = [s for s in slugs if s not in paper.categories]
            paper.categories.extend(added)
        return paper, added, [s for s in slugs if s not in added]

    def untag(self, ref: str, categories: Iterable[str]) -> tuple[Paper, list[str], list[str]]:
        """Take a paper out of categories: the paper, the slugs it was taken out of, those it was not in."""
        names = list(categories)
        with self.edit(ref) as paper:
            slugs = []
            for n in names:
                # A slug the taxonomy no longer has can still be taken off the paper.
                slugs.append(n if n in paper.categories else self.taxonomy.resolve(n).slug)
            slugs = list(dict.fromkeys(slugs))
            removed = [s for s in slugs if s in paper.categories]
            paper.categories = [c for c in paper.categories if c not in removed]
        return paper, removed, [s for s in slugs if s not in removed]
