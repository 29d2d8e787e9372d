"""A survey repository on GitHub: the files ``vla init --github`` writes, and the add-paper issue form.

The files are package data (``vlacli/templates/github/``), with three words filled in: the catalog's
folder, the ``pip install`` argument that installs this version of vla, and the version itself.

- ``.github/workflows/vla.yml`` — ``vla lint --readme`` on pull requests; weekly, ``vla watch --save``,
  ``vla venues --all --apply``, ``vla export markdown --in-place README.md`` and a pull request;
- ``.github/workflows/vla-add-paper.yml`` — an issue made with the form becomes a pull request that
  runs ``vla add``, checked by ``vla lint``;
- ``.github/ISSUE_TEMPLATE/add-paper.yml`` — the form: arXiv ID or URL, categories, website, code.

An issue's body is whatever its author typed: :func:`read_issue_form` lets through only a valid arXiv
ID, categories of the taxonomy and single http(s) links, so nothing else reaches a workflow's shell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..core.identifiers import parse_arxiv_id
from ..core.paper import check_web_url
from ..errors import InputError

if TYPE_CHECKING:
    from ..core.taxonomy import Category, Taxonomy

# Where vla is installed from in the workflows: this very version.
PROJECT_URL = "https://github.com/vla-survey/vla"
INSTALL = f"vla @ git+{PROJECT_URL}@v{__version__}"

# File in the repository -> template under vlacli/templates/github.
FILES = {
    ".github/workflows/vla.yml": "workflows/vla.yml",
    ".github/workflows/vla-add-paper.yml": "workflows/vla-add-paper.yml",
    ".github/ISSUE_TEMPLATE/add-paper.yml": "ISSUE_TEMPLATE/add-paper.yml",
}

# A catalog folder that can stand in a workflow's YAML and shell as it is.
_PLAIN_PATH = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*(?:/[A-Za-z0-9_][A-Za-z0-9._-]*)*")


def template(name: str) -> str:
    from importlib.resources import files

    return (files("vlacli") / "templates" / "github" / name).read_text(encoding="utf-8")


def render(name: str, catalog: str = "catalog") -> str:
    """The file ``name`` (a key of :data:`FILES`) for a repository whose catalog is in ``catalog``."""
    if not _PLAIN_PATH.fullmatch(catalog):
        raise InputError(f"the catalog folder {catalog!r} cannot be named in a workflow",
                         "use letters, digits, '.', '_', '-' and '/' only")
    text = template(FILES[name])
    for token, value in (("@VLA_CATALOG@", catalog), ("@INSTALL_VLA@", INSTALL), ("@VLA_VERSION@", __version__)):
        text = text.replace(token, value)
    return text


def catalog_in_repository(repo: Path, catalog: Path) -> str:
    """The catalog's folder relative to the repository's root, as the workflows name it."""
    root, folder = repo.resolve(), (repo / catalog).resolve()
    try:
        rel = folder.relative_to(root)
    except ValueError:
        raise InputError(f"the catalog {catalog} is not inside the repository {repo}",
                         "run 'vla init --github' in the repository's root, with a catalog beneath it") from None
    return rel.as_posix() if rel.parts else "."


@dataclass
class GithubFile:
    path: str  # relative to the repository
    action: str  # "written", "overwritten" or "unchanged"
    text: str = ""


@dataclass
class InitReport:
    catalog_created: bool
    categories: int
    files: list[GithubFile]


def plan_github_files(repo: Path, catalog: Path, *, force: bool = False) -> list[GithubFile]:
    """What writing the GitHub files into ``repo`` would do to each. A file that exists with other
    content is an error unless ``force``; one that exists as it would be is left alone."""
    rel = catalog_in_repository(repo, catalog)
    planned, clashes = [], []
    for path in FILES:
        target, text = repo / path, render(path, rel)
        if target.is_dir():
            raise InputError(f"{target} is a folder")
        old = _read(target) if target.exists() else None
        if old == text:
            planned.append(GithubFile(path, "unchanged", text))
        elif target.exists():
            clashes.append(path)
            planned.append(GithubFile(path, "overwritten", text))
        else:
            planned.append(GithubFile(path, "written", text))
    if clashes and not force:
        raise InputError(f"{', '.join(clashes)} already exist{'s' if len(clashes) == 1 else ''}",
                         "pass --force to overwrite")
    return planned


def write_github_files(repo: Path, catalog: Path, *, force: bool = False) -> list[GithubFile]:
    """Write the workflows and the issue form into ``repo`` (see :func:`plan_github_files`)."""
    from ..storage.store import write_file

    planned = plan_github_files(repo, catalog, force=force)
    for f in planned:
        if f.action == "unchanged":
            continue
        target = repo / f.path
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise InputError(f"cannot create {target.parent}: {e.strerror or e}") from None
        write_file(target, f.text)
    return planned


def init_repository(repo: Path, catalog: Path, taxonomy: Taxonomy | None = None, *,
                    force: bool = False) -> InitReport:
    """``vla init --github``: the catalog (created unless it exists and no taxonomy is given), then the
    GitHub files. Nothing is written when a file would be overwritten without ``force``."""
    from ..storage.catalog import Catalog
    from ..storage.discovery import TAXONOMY_FILE

    plan_github_files(repo, catalog, force=force)  # refuse before creating anything
    created = taxonomy is not None or not (catalog / TAXONOMY_FILE).is_file()
    cat = Catalog.init(catalog, taxonomy) if created else Catalog(catalog)
    return InitReport(created, len(cat.taxonomy), write_github_files(repo, catalog, force=force))


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


# -- the add-paper issue form -------------------------------------------------------------------
# The labels of the form's fields (ISSUE_TEMPLATE/add-paper.yml): GitHub writes each as a "### " heading.
LABELS = {"arxiv": "arXiv ID or URL", "categories": "Categories", "website": "Website", "code": "Code"}
NO_RESPONSE = "_No response_"
_HEADING = re.compile(r"^###[ \t]+(?P<label>.*?)[ \t]*$")
_SPLIT = re.compile(r"[,;\n]+")


@dataclass
class PaperRequest:
    """What an add-paper issue asks for, every value checked."""

    arxiv: str
    categories: list[str] = field(default_factory=list)
    website: str | None = None
    code: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"arxiv": self.arxiv, "categories": list(self.categories), "website": self.website, "code": self.code}


def form_sections(body: str) -> dict[str, str]:
    """The issue body's answers by field: the text under each known ``### Label`` heading."""
    by_label = {label: name for name, label in LABELS.items()}
    out: dict[str, list[str]] = {}
    current: str | None = None
    for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        m = _HEADING.match(line)
        if m:
            current = by_label.get(m["label"])
            if current is not None:
                if current in out:
                    raise InputError(f"the issue form answers {LABELS[current]!r} twice")
                out[current] = []
            continue
        if current is not None:
            out[current].append(line)
    answers = {}
    for name, lines in out.items():
        text = "\n".join(lines).strip()
        answers[name] = "" if text == NO_RESPONSE else text
    return answers


def read_issue_form(body: str, taxonomy: Taxonomy) -> PaperRequest:
    """The paper an add-paper issue asks for. Raises InputError (or InvalidIdentifier,
    UnknownCategory) naming the first answer that is not acceptable."""
    answers = form_sections(body)
    raw_id = answers.get("arxiv", "")
    if not raw_id:
        raise InputError(f"the issue form gives no {LABELS['arxiv']!r}")
    if len(raw_id.split()) > 1 or "," in raw_id:
        raise InputError("the issue form gives several arXiv IDs", "one paper per issue")
    arxiv = parse_arxiv_id(raw_id.strip("<>")).id
    names = [n.strip() for n in _SPLIT.split(answers.get("categories", "")) if n.strip()]
    if not names:
        raise InputError(f"the issue form gives no {LABELS['categories']!r}")
    cats: list[Category] = [taxonomy.resolve(n) for n in names]
    links = {name: _link(name, answers.get(name, "")) for name in ("website", "code")}
    return PaperRequest(arxiv, list(dict.fromkeys(c.slug for c in cats)), links["website"], links["code"])


def _link(name: str, text: str) -> str | None:
    value = text.strip().strip("<>")
    if not value:
        return None
    if len(value.split()) > 1 or any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise InputError(f"the issue form's {LABELS[name]!r} is not one link: {value[:80]!r}")
    check_web_url(LABELS[name], value)
    return value

