"""`vla verify` against a loopback arXiv: every paper is what it claims; and lint's warning before a README
outgrows what GitHub renders."""

from __future__ import annotations

import json
import math
import subprocess
from itertools import pairwise
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from arxiv_server import ArxivReplay, Fault
from conftest import Invoke
from scholarly_server import SURVEY_PINNED, SURVEY_PLACEMENTS, S2StandIn, survey_records
from tools import requires

from vlacli import Catalog, Paper
from vlacli.ops.verify import check_entry, is_withdrawn
from vlacli.sources.arxiv.atom import parse_feed

WRONG = "2501.99999"  # given to a paper it is not: arXiv has another paper under it
MISSING = "2502.99998"  # an ID arXiv does not have
FEED = b"<feed xmlns='http://www.w3.org/2005/Atom' xmlns:arxiv='http://arxiv.org/schemas/atom'>"
OTHER_TITLE = "RoboMamba: Multimodal State Space Model for Efficient Robot Reasoning and Manipulation"


def entry(arxiv_id: str, title: str, authors: list[str], comment: str | None = None) -> bytes:
    names = "".join(f"<author><name>{escape(a)}</name></author>" for a in authors) or "<author><name>A</name></author>"
    note = f"<arxiv:comment>{escape(comment)}</arxiv:comment>" if comment else ""
    return (f"<entry><id>http://arxiv.org/abs/{arxiv_id}v1</id><title>{escape(title)}</title>"
            f"<updated>2025-02-01T00:00:00Z</updated><published>2025-01-15T10:00:00Z</published>"
            f"<summary>About it.</summary>{names}{note}"
            f'<arxiv:primary_category term="cs.RO"/><category term="cs.RO"/></entry>').encode()


def plain(name: str) -> str:
    """A stored name as arXiv writes it ("Delle Monache, Maria Laura" -> "Maria Laura Delle Monache")."""
    name = name.strip("{}")
    if "," in name:
        last, first = name.split(",", 1)
        return f"{first.strip()} {last.strip()}"
    return name


def serve_catalog(server: ArxivReplay, root: Path) -> list[Paper]:
    """The loopback arXiv answers for every paper of the catalog with the paper itself."""
    papers = [p for p in Catalog(root).papers() if p.arxiv]
    for p in papers:
        assert p.arxiv is not None
        server.add_entry(p.arxiv, entry(p.arxiv, p.title, [plain(a) for a in p.authors if a != "others"]))
    return papers


@pytest.fixture
def survey(survey_catalog: Path, server: ArxivReplay, vla: Invoke) -> Path:
    """The bundled survey, arXiv answering for each of its papers, plus one paper under another paper's
    arXiv ID and one under an ID arXiv does not have."""
    serve_catalog(server, survey_catalog)
    cat = Catalog(survey_catalog)
    cat.add(Paper(key=WRONG, arxiv=WRONG, title="TinyVLA: Towards Fast, Data-Efficient Vision-Language-Action Models",
                  authors=["Junjie Wen"], year=2024, venue="arXiv", categories=["quantization"]))
    cat.add(Paper(key=MISSING, arxiv=MISSING, title="A Paper That Exists Nowhere", year=2025, venue="arXiv",
                  categories=["quantization"]))
    server.add_entry(WRONG, entry(WRONG, OTHER_TITLE, ["Jiaming Liu"]))
    return survey_catalog


def test_verify_all_flags_exactly_the_wrong_id_and_the_missing_one(survey: Path, vla: Invoke,
                                                                   server: ArxivReplay) -> None:
    res = vla("verify", "--all", "-C", str(survey))
    assert res.exit_code == 1, res.output
    lines = res.stdout.splitlines()
    assert lines[:-1] == [
        f"{WRONG}: error: arXiv {WRONG} is {OTHER_TITLE!r}, not 'TinyVLA: Towards Fast, Data-Efficient "
        f"Vision-Language-Action Models' [other-paper]",
        f"{MISSING}: error: arXiv has no paper {MISSING} [no-such-id]",
    ]
    n = sum(1 for p in Catalog(survey).papers() if p.arxiv)
    assert lines[-1] == f"{n - 1} papers checked: 2 errors, 0 warnings, 1 without an arXiv ID · {survey}"
    assert len(server.requests) == math.ceil(n / 100) == 1


def test_a_longer_revision_of_the_title_is_the_same_paper(survey: Path, vla: Invoke, server: ArxivReplay) -> None:
    p = Catalog(survey).get("2506.01844")
    server.add_entry("2506.01844", entry("2506.01844", p.title + ", Revised and Extended with Real Robots",
                                         [plain(a) for a in p.authors]))
    res = vla("verify", "2506.01844", "-C", str(survey))
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines() == [f"1 paper checked: 0 errors, 0 warnings · {survey}"]
    res = vla("verify", WRONG, "-C", str(survey))  # one paper, checked alone
    assert res.exit_code == 1 and res.stdout.splitlines()[0].startswith(f"{WRONG}: error: arXiv {WRONG} is")


def test_a_clean_catalog_exits_0_and_json_for_scripts(survey_catalog: Path, server: ArxivReplay,
                                                      vla: Invoke) -> None:
    serve_catalog(server, survey_catalog)
    res = vla("verify", "--all", "-C", str(survey_catalog))
    assert res.exit_code == 0, res.output
    res = vla("verify", "--all", "--format", "json", "-C", str(survey_catalog))
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["errors"] == 0 and data["problems"] == [] and data["without_arxiv_id"] == ["minivla"]
    assert data["checked"] == len(Catalog(survey_catalog).papers()) - 1


def test_withdrawn_papers_and_another_first_author_are_warnings(survey_catalog: Path, server: ArxivReplay,
                                                                vla: Invoke) -> None:
    serve_catalog(server, survey_catalog)
    p = Catalog(survey_catalog).get("2506.01844")
    server.add_entry("2506.01844", entry("2506.01844", p.title, ["Someone Else"],
                                         comment="This paper has been withdrawn by the authors"))
    res = vla("verify", "2506.01844", "-C", str(survey_catalog))
    assert res.exit_code == 0, res.output  # warnings only
    lines = res.stdout.splitlines()
    assert lines[0] == (f"2506.01844: warning: the first author is {p.authors[0]}, arXiv lists Someone Else first "
                        "[first-author]")
    assert lines[1].startswith("2506.01844: warning: arXiv 2506.01844 was withdrawn (This paper has been withdrawn")


def test_many_papers_take_one_request_a_hundred_three_seconds_apart(empty_catalog: Path, server: ArxivReplay,
                                                                    vla: Invoke) -> None:
    cat = Catalog(empty_catalog)
    ids = [f"2501.{n:05d}" for n in range(1, 251)]
    cat.save_many(Paper(key=i, arxiv=i, title=f"Paper number {i}", categories=["quantization"]) for i in ids)
    for i in ids:
        server.add_entry(i, entry(i, f"Paper number {i}", ["A B"]))
    res = vla("verify", "--all", "-C", str(empty_catalog))
    assert res.exit_code == 0, res.output
    assert len(server.requests) == 3 and sorted(len(r.id_list) for r in server.requests) == [50, 100, 100]
    for a, b in pairwise(server.requests):
        assert a.ended is not None and b.time - a.ended >= 3.0  # arXiv's spacing, as the server sees it


@requires("git")
def test_changed_since_checks_only_the_papers_a_branch_touched(survey: Path, vla: Invoke) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=survey, check=True,
                       capture_output=True)

    papers = survey / "papers"
    wrong = (papers / f"{WRONG}.toml").read_bytes()
    (papers / f"{WRONG}.toml").unlink()
    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "base")
    (papers / f"{WRONG}.toml").write_bytes(wrong)  # a pull request adds it
    res = vla("verify", "--changed-since", "main", "-C", str(survey))
    assert res.exit_code == 1, res.output
    assert res.stdout.splitlines()[-1] == f"1 paper checked: 1 error, 0 warnings · {survey}"
    res = vla("verify", "--changed-since", "nosuchbranch", "-C", str(survey))
    assert res.exit_code == 1 and res.stdout == ""
    assert res.stderr.startswith("error: cannot tell what changed since 'nosuchbranch': ")
    assert len(res.stderr.splitlines()) == 1
    res = vla("verify", "--changed-since", "main", "--all", "-C", str(survey))
    assert res.exit_code == 1 and res.stderr == "error: give paper IDs, --all or --changed-since, one of them\n"


def test_no_network_is_one_line_and_exit_3(survey: Path, vla: Invoke, server: ArxivReplay) -> None:
    server.script(*[Fault(status=503)] * 4)
    res = vla("verify", "--all", "-C", str(survey))
    assert res.exit_code == 3 and res.stdout == ""
    assert res.stderr.splitlines()[-1].startswith("error: arXiv ")


def test_nothing_named_is_a_usage_line(survey: Path, vla: Invoke) -> None:
    res = vla("verify", "-C", str(survey))
    assert res.exit_code == 1 and res.stderr == "error: nothing to verify (give paper IDs, or --all)\n"


def test_the_checks_are_pure() -> None:
    p = Paper(key="k", title="TinyVLA", aliases=["Old Name of It"], authors=["Junjie Wen"], arxiv="2409.12514")
    [e] = parse_feed(FEED + entry("2409.12514", "TinyVLA: Towards Fast Models", ["Junjie Wen"]) + b"</feed>").entries
    assert check_entry(p, e) == []  # a short name the title names
    e.title = "Old name of it, revisited"
    assert check_entry(p, e) == []  # an earlier title, revised
    e.title = OTHER_TITLE
    assert [x.code for x in check_entry(p, e)] == ["other-paper"]
    e.comment = "withdrawn"
    assert is_withdrawn(e)
    e.comment = "12 pages; withdrawal of the baseline discussed in Sec. 4"
    assert not is_withdrawn(e)


def test_a_first_author_is_compared_only_where_both_name_one() -> None:
    """"others" alone names no first author: no warning (the one rule of matching.same_first_author)."""
    [e] = parse_feed(FEED + entry("2409.12514", "TinyVLA", ["Junjie Wen"]) + b"</feed>").entries
    assert check_entry(Paper(key="k", title="TinyVLA", authors=["others"]), e) == []
    assert [x.code for x in check_entry(Paper(key="k", title="TinyVLA", authors=["Yichen Zhu"]), e)] == [
        "first-author"]


# -- a README that outgrows GitHub ------------------------------------------------------------------------

def test_lint_warns_of_a_readme_over_500_kb(survey_catalog: Path, tmp_path: Path, vla: Invoke) -> None:
    readme = tmp_path / "README.md"
    res = vla("export", "markdown", "-C", str(survey_catalog))
    assert res.exit_code == 0, res.output
    padding = "\n".join(f"Line {i} of a long introduction about efficient models." for i in range(13_095))
    readme.write_text(f"# A survey\n\n{padding}\n\n<!-- vla:begin -->\n{res.stdout}<!-- vla:end -->\n",
                      encoding="utf-8")
    size = readme.stat().st_size
    assert 764_000 < size < 766_000  # 765 KB
    res = vla("lint", "--readme", str(readme), "-C", str(survey_catalog))
    assert res.exit_code == 0, res.output  # a warning
    [line] = [x for x in res.stdout.splitlines() if "[big-readme]" in x]
    assert line == (f"{readme}: warning: the README has {size // 1000} KB; GitHub shows only its first 512 KB: put "
                    "sections in files of their own (vla export markdown -c CATEGORY -o FILE) or point readers at "
                    "the site (vla export html) [big-readme]")



def test_venues_offline_asks_semantic_scholar_nothing(survey: Path, vla: Invoke, server: ArxivReplay,
                                                      s2: S2StandIn) -> None:
    """--venues asks Semantic Scholar; with --offline it sends no request, to arXiv or to it, and says what
    the cache lacks."""
    s2.records = survey_records(Catalog(survey).papers())
    key = next(k for k, (_, kind, *_) in SURVEY_PLACEMENTS.items() if kind == "conference" and k != SURVEY_PINNED)
    assert vla("verify", key, "-C", str(survey)).exit_code == 0  # arXiv's record cached, Semantic Scholar not asked
    assert s2.requests == []
    res = vla("verify", key, "--venues", "--offline", "-C", str(survey))
    assert s2.requests == []
    assert res.exit_code == 1 and res.stderr == f"{key}: Semantic Scholar: not in the cache (--offline)\n", res.output
    res = vla("verify", key, "--venues", "-C", str(survey))
    assert res.exit_code == 0, res.output
    assert len(s2.requests) == 1
