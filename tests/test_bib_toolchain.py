"""The real toolchain: the .bib compiled by pdflatex + bibtex (plain, IEEEtran, natbib) and by biber +
biblatex, the CSL-JSON rendered by pandoc --citeproc. No error, no warning, arXiv IDs printed.

Each test names the tools it runs (tests/tools.py): where one is missing the test is skipped, naming
its Debian package, except under CI=true, where it fails (`.ci/run` installs TeX Live, biber and
pandoc when they are missing). A hostile catalog rides along with the bundled one: every LaTeX special,
names that start with an accent, CJK, quotes, ``@``, dashes that must not become ligatures.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from conftest import BUNDLED, Invoke
from tools import requires

from vlacli import Catalog
from vlacli.core.citekeys import assign_citekeys
from vlacli.core.latex import escape
from vlacli.core.paper import Paper
from vlacli.formats.exporters.bibtex import to_bibtex
from vlacli.formats.exporters.csljson import to_csl_json

CJK = "视觉语言动作模型王伟"

# Every LaTeX special, in a title, an abstract, a note; names that start with a non-ASCII letter.
HOSTILE = [
    Paper(key="h1", title="100% of $5 & #1_x ~ ^ \\ {braces} <b>|pipe|</b> `ticks` ?`! !`? \"quotes\" "
          "“curly” ‘single’ 'apos' @home -- --- a--b ,, ''",
          authors=["Łukasz Kaiser", "Émile Zola", "Özge Aksın", "Ñúñez Ávila", "José Müller", "Wei 王"],
          year=2024, venue="ICRA", abstract="Σ α ≤ β -- {x} \\y % & $ # _ ~ ^ | < >", doi="10.1/x_{y}",
          categories=["quantization"]),
    Paper(key="h2", title=f"{CJK}: a CJK title, and Ærø Œuvre", authors=["{Open X-Embodiment Collaboration}",
                                                                         "others"],
          year=2023, arxiv="2310.08864", venue="arXiv", primary_category="cs.RO", published="2023-10-13T00:00:00Z",
          categories=["quantization"]),
    Paper(key="h3", title="Über Straße: Maria Laura Delle Monache's von-Last names",
          authors=["Delle Monache, Maria Laura", "Martin Luther King Jr.", "Ludwig van Beethoven", "Ängel Øster"],
          editors=["Édith Piaf"], year=2010, venue="Computer Networks", entry_type="article", volume="54",
          number="15", pages="2787–2805", publisher="Elsevier", month=10, note="Note with @ and %",
          categories=["quantization"]),
]

BIB_STYLES = {"plain": "", "IEEEtran": "", "plainnat": "\\usepackage{natbib}\n"}


def _preamble() -> str:
    # pdflatex prints no CJK without a CJK package: the document maps the test's characters to
    # placeholders, as a real document would load CJKutf8 (the .bib is what is under test).
    return "".join(f"\\DeclareUnicodeCharacter{{{ord(c):04X}}}{{?}}\n" for c in CJK + "Σαβ≤")


def _bib(tmp: Path, ascii: bool = False) -> Path:
    papers = Catalog(BUNDLED).papers() + HOSTILE
    keys = assign_citekeys(papers)
    path = tmp / "refs.bib"
    path.write_text(to_bibtex(papers, keys, ascii=ascii), encoding="utf-8")
    return path


def _run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=120, errors="replace",
                          stdin=subprocess.DEVNULL)


def _latex_problems(log: str) -> list[str]:
    return [ln for ln in log.splitlines() if ln.startswith("!") or "Warning" in ln or "Missing character" in ln]


def _compile_bibtex(tmp: Path, style: str, engine: str = "pdflatex") -> str:
    (tmp / "doc.tex").write_text(
        "\\documentclass{article}\n\\usepackage[utf8]{inputenc}\n" + _preamble() + BIB_STYLES[style]
        + "\\usepackage{url}\n\\begin{document}\n\\nocite{*}\n\\bibliographystyle{" + style + "}\n"
        "\\bibliography{refs}\n\\end{document}\n")
    first = _run([engine, "-interaction=nonstopmode", "doc"], tmp)
    assert first.returncode == 0, first.stdout[-2000:]
    bib = _run(["bibtex", "doc"], tmp)
    blg = (tmp / "doc.blg").read_text(errors="replace")
    assert bib.returncode == 0, blg
    assert "Warning--" not in blg and "error message" not in blg, blg
    for _ in range(2):
        res = _run([engine, "-interaction=nonstopmode", "doc"], tmp)
    log = (tmp / "doc.log").read_text(errors="replace")
    assert res.returncode == 0 and _latex_problems(log) == [], _latex_problems(log)
    return (tmp / "doc.bbl").read_text(encoding="utf-8")


STYLE_FILES = {"plain": (), "IEEEtran": ("IEEEtran.bst",), "plainnat": ("plainnat.bst",)}  # beyond TeX Live's base


@pytest.mark.parametrize("style", [pytest.param(s, marks=requires("pdflatex", "bibtex", *STYLE_FILES[s]))
                                   for s in BIB_STYLES])
def test_bibtex_styles_compile_clean(tmp_path: Path, style: str) -> None:
    _bib(tmp_path)
    bbl = _compile_bibtex(tmp_path, style)
    if style == "plain":
        assert "arXiv:2506.01844" in bbl  # SmolVLA: a preprint shows its arXiv ID in a classic style
        assert "arXiv:2310.08864 [cs.RO]" in bbl
        assert "{\\em Computer Networks}, 54(15):2787--2805, October 2010" in bbl
        assert "{\\L}ukasz" in bbl and "{\\'E}mile" in bbl


@requires("pdflatex", "biber", "biblatex.sty")
def test_biber_biblatex_compiles_clean(tmp_path: Path) -> None:
    _bib(tmp_path)
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{article}\n\\usepackage[utf8]{inputenc}\n" + _preamble()
        + "\\usepackage[backend=biber]{biblatex}\n\\addbibresource{refs.bib}\n"
        "\\begin{document}\n\\nocite{*}\n\\printbibliography\n\\end{document}\n")
    assert _run(["pdflatex", "-interaction=nonstopmode", "doc"], tmp_path).returncode == 0
    biber = _run(["biber", "doc"], tmp_path)
    blg = (tmp_path / "doc.blg").read_text(errors="replace")
    assert biber.returncode == 0 and not re.search(r"\b(WARN|ERROR)\b", blg), blg
    for _ in range(2):
        res = _run(["pdflatex", "-interaction=nonstopmode", "doc"], tmp_path)
    log = (tmp_path / "doc.log").read_text(errors="replace")
    assert res.returncode == 0 and _latex_problems(log) == [], _latex_problems(log)
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    assert "\\verb 2506.01844\n" in bbl and "\\field{eprintclass}{cs.RO}" in bbl


@requires("lualatex")
def test_ligature_breaks_hold_in_luatex(tmp_path: Path) -> None:
    """LuaTeX ignores ``-{}-`` as a ligature break; the export's ``-\\/-`` holds there too."""
    pairs = [(escape("--"), "-\\/-"), (escape("''"), "'\\/'")]  # (OT1 has no ,, ligature; T1 has)
    checks = "".join(f"\\setbox0\\hbox{{{esc}}}\\setbox2\\hbox{{{raw[0]}{raw[0]}}}"
                     f"\\ifdim\\wd0=\\wd2 \\errmessage{{ligature in {raw}}}\\fi\n" for esc, raw in pairs)
    (tmp_path / "lig.tex").write_text("\\documentclass{article}\n\\begin{document}\n" + checks
                                      + "x\n\\end{document}\n")
    res = _run(["lualatex", "-interaction=nonstopmode", "lig"], tmp_path)
    assert res.returncode == 0, res.stdout[-2000:]
    assert [esc for esc, _ in pairs] == [raw for _, raw in pairs]


@requires("pandoc")
def test_pandoc_citeproc_renders_the_csl_json(tmp_path: Path) -> None:
    papers = Catalog(BUNDLED).papers() + HOSTILE
    (tmp_path / "refs.json").write_text(to_csl_json(papers, assign_citekeys(papers)), encoding="utf-8")
    (tmp_path / "doc.md").write_text("---\nnocite: '@*'\n---\n\nText [@shukor2025smolvla].\n")
    res = _run(["pandoc", "--citeproc", "--bibliography", "refs.json", "-t", "plain", "doc.md"], tmp_path)
    assert res.returncode == 0 and res.stderr == "", res.stderr
    out = " ".join(res.stdout.split())
    assert "(Shukor et al. 2025)" in out
    assert "SmolVLA: A Vision-Language-Action Model for Affordable and Efficient Robotics" in out
    assert "Robotics.” arXiv. https://doi.org/10.48550/arXiv.2506.01844." in out
    assert "Open X-Embodiment Collaboration" in out and "Delle Monache, Maria Laura" in out
    items = json.loads((tmp_path / "refs.json").read_text(encoding="utf-8"))
    assert len(items) == 61 and len({i["id"] for i in items}) == 61


# A .bib as people's tools write it, kept as written through an import and export: a @preamble whose
# macro a title uses, a @string in a `#` chain, non-ASCII keys, a crossref to its parent, a preprint and
# its published version under two keys.
KEPT = r"""@preamble{ "\providecommand{\noopsort}[1]{} " }
@string{procSPIE = "Proc. SPIE"}
@inproceedings{höllein2023_text2room, title = {Text2Room: {\noopsort{a}}Rooms}, author = {H{\"o}llein, Lukas and
  Cao, Ang}, booktitle = procSPIE # " 2023", year = 2023, month = oct, pages = {1--10}, publisher = {IEEE}}
@inproceedings{child, title = {Child Paper}, author = {Doe, Jane}, crossref = {whole}, pages = {5--6}}
@proceedings{whole, title = {Proceedings of the Whole Thing}, booktitle = {Proceedings of the Whole Thing},
  year = 2001, publisher = {ACM}, editor = {Roe, Rick}}
@article{O’Hearn2003, title = {On Bunched Typing}, author = {O'Hearn, Peter}, journal = {JFP}, year = 2003,
  volume = 13, number = 4, pages = {747--796}}
@misc{smith2019pre, title = {Deep Things}, author = {Smith, Ann}, year = 2019, doi = {10.1/deep},
  howpublished = {arXiv:1901.00001}}
@inproceedings{smith2020deep, title = {Deep Things}, author = {Smith, Ann}, year = 2020, booktitle = {NeurIPS},
  doi = {10.1/DEEP}, publisher = {Curran}}
"""


@requires("pdflatex", "bibtex", "biber", "biblatex.sty")
def test_a_kept_bib_compiles_clean(vla: Invoke, tmp_path: Path) -> None:
    """What a file said, written back: bibtex (plain) and biber read it with no error and no warning,
    and every key is cited."""
    root = tmp_path / "cat"
    assert vla("init", str(root)).exit_code == 0
    (tmp_path / "in.bib").write_text(KEPT, encoding="utf-8")
    assert vla("import", "bibtex", str(tmp_path / "in.bib"), "-C", str(root)).exit_code == 0
    assert vla("export", "bibtex", "-C", str(root), "-o", str(tmp_path / "refs.bib")).exit_code == 0
    bbl = _compile_bibtex(tmp_path, "plain")
    for key in ("höllein2023_text2room", "child", "whole", "O’Hearn2003", "smith2019pre", "smith2020deep"):
        assert f"\\bibitem{{{key}}}" in bbl, key
    assert "In {\\em Proc. SPIE 2023}, pages 1--10. IEEE, October 2023." in bbl  # the @string, as BibTeX reads it
    assert "In Roe \\cite{whole}, pages 5--6." in bbl  # the crossref, as BibTeX cites a parent
    (tmp_path / "biber.tex").write_text(
        "\\documentclass{article}\n\\usepackage[utf8]{inputenc}\n\\usepackage[backend=biber]{biblatex}\n"
        "\\addbibresource{refs.bib}\n\\begin{document}\n\\nocite{*}\n\\printbibliography\n\\end{document}\n")
    assert _run(["pdflatex", "-interaction=nonstopmode", "biber"], tmp_path).returncode == 0
    biber = _run(["biber", "biber"], tmp_path)
    blg = (tmp_path / "biber.blg").read_text(errors="replace")
    assert biber.returncode == 0 and not re.search(r"\b(WARN|ERROR)\b", blg), blg
    for _ in range(2):
        res = _run(["pdflatex", "-interaction=nonstopmode", "biber"], tmp_path)
    log = (tmp_path / "biber.log").read_text(errors="replace")
    assert res.returncode == 0 and _latex_problems(log) == [], _latex_problems(log)
