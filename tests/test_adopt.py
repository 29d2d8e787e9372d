"""`vla adopt README.md`: a list's README taken into a catalog and marked, every line kept; then kept by
`vla export markdown --in-place`, `vla lint --readme` and `vla sync`, a changed paper's rows alone written anew."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import DATA, SEED, Invoke

from vlacli import Catalog

HISTORY = DATA / "survey-history"
BULLETS = HISTORY / "boboyoudiancai__Efficient-VLA-Survey__README@6c29614.md"  # the survey's 2025 bullets
BULLETS_2 = HISTORY / "boboyoudiancai__Efficient-VLA-Survey__README@6079e71.md"
TABLE = HISTORY / "boboyoudiancai__Efficient-VLA-Survey__README@a350ae0.md"  # its 2026 table
MARKER = re.compile(r"^\s*<!-- vla:(begin|end)\b.*-->$")

OTHER_TABLE = """# Awesome Things

Some prose, with a [link](https://example.org).

## Models

| Title | Venue | Date | Code | Demo |
|:------|:-----:|------|------|------|
{alpha}
| [**Beta: Another Model**](https://arxiv.org/abs/2402.00002) | arXiv | 2024-02 | - | - |
| [**Gamma: Third**](https://arxiv.org/abs/2403.00003) | ICLR 2024 | 2024-03 | [Code](https://github.com/c/gamma) | - |

![figure](assets/fig.png)

## Data

- Delta: A Data Set. <ins>NeurIPS, 2023</ins> [[Paper](https://arxiv.org/abs/2305.00004)]
- Epsilon: More Data. <ins>ICML, 2023</ins> [[Paper](https://arxiv.org/abs/2306.00005)] [[Code](https://github.com/e/eps)]

## Contact

Write to us.
""".format(alpha="| [**Alpha: A Model**](https://arxiv.org/abs/2401.00001) | CVPR 2024 | 2024-01 | "
                 "[Code](https://github.com/a/alpha) | [Demo](https://alpha.demo) |")


def adopted(vla: Invoke, tmp_path: Path, source: Path | str, name: str = "README.md") -> Path:
    folder = tmp_path / "list"
    folder.mkdir(parents=True, exist_ok=True)
    readme = folder / name
    if isinstance(source, Path):
        shutil.copyfile(source, readme)
    else:
        readme.write_text(source, encoding="utf-8")
    res = vla("adopt", str(readme))
    assert res.exit_code == 0, res.output
    return readme


def unmarked(text: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True) if not MARKER.match(line.rstrip("\r\n")))


def arxiv_ids(text: str) -> set[str]:
    return set(re.findall(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})", text))


@pytest.mark.parametrize("source", [BULLETS, BULLETS_2, TABLE, SEED], ids=["bullets", "bullets-2", "table", "seed"])
def test_the_surveys_own_readmes_are_kept_line_for_line(vla: Invoke, tmp_path: Path, source: Path) -> None:
    readme = adopted(vla, tmp_path, source)
    text = readme.read_text(encoding="utf-8")
    before = source.read_text(encoding="utf-8")
    assert unmarked(text) == before  # every line where it was: only marker lines added
    assert arxiv_ids(text) == arxiv_ids(before)
    assert text.count("<!-- vla:begin") >= 10
    again = vla("export", "markdown", "--in-place", str(readme), "-C", str(readme.parent / "catalog"))
    assert (again.exit_code, again.stderr) == (0, f"{readme}: already up to date\n")
    lint = vla("lint", "--readme", str(readme), "-C", str(readme.parent / "catalog"))
    assert "stale-readme" not in lint.stdout and "edited-readme" not in lint.stdout, lint.stdout


def test_the_bullets_read_as_the_bullets_style_and_the_table_as_the_table(vla: Invoke, tmp_path: Path) -> None:
    bullets = adopted(vla, tmp_path / "a", BULLETS).read_text(encoding="utf-8")
    assert "<!-- vla:begin --category quantization --style bullets --rows -->\n- BitVLA" in bullets
    table = adopted(vla, tmp_path / "b", TABLE).read_text(encoding="utf-8")
    assert "<!-- vla:begin --category efficient-attention --style table --rows -->\n| Year | Venue |" in table


def test_only_a_changed_papers_rows_are_written_anew(vla: Invoke, tmp_path: Path) -> None:
    readme = adopted(vla, tmp_path, BULLETS)
    catalog = readme.parent / "catalog"
    before = readme.read_text(encoding="utf-8")
    assert vla("set", "2406.04339", "--title", "RoboMamba: Renamed", "-C", str(catalog)).exit_code == 0
    lint = vla("lint", "--readme", str(readme), "-C", str(catalog))
    assert "stale-readme" in lint.stdout and "changed: 2406.04339 (title)" in lint.stdout
    assert vla("export", "markdown", "-i", str(readme), "-C", str(catalog)).exit_code == 0
    after = readme.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b]
    assert len(changed) == 2  # RoboMamba is listed twice, and only its two rows change
    for old, new in changed:
        assert "abs/2406.04339" in old
        assert new == "- RoboMamba: Renamed. <ins>arXiv, 2024</ins> [[Paper](https://arxiv.org/abs/2406.04339)]"


def test_a_new_paper_goes_where_the_sort_puts_it_and_an_untagged_one_goes(vla: Invoke, tmp_path: Path) -> None:
    readme = adopted(vla, tmp_path, TABLE)
    catalog = Catalog(readme.parent / "catalog")
    from vlacli.core.paper import Paper

    catalog.add(Paper(key="2501.99999", arxiv="2501.99999", title="A New Attention", year=2025, venue="arXiv",
                      categories=["efficient-attention"]))
    with catalog.edit("2312.01990") as p:  # SARA-RT leaves Efficient Attention
        p.categories = [c for c in p.categories if c != "efficient-attention"] or ["transformer-alternatives"]
    before = readme.read_text(encoding="utf-8")
    assert vla("export", "markdown", "-i", str(readme), "-C", str(catalog.root)).exit_code == 0
    after = readme.read_text(encoding="utf-8")
    block = after.split("--category efficient-attention --style table --rows -->\n", 1)[1].split("<!-- vla:end", 1)[0]
    lines = block.splitlines()
    assert lines[:2] == ["| Year | Venue | Paper | Website | Code |", "|------|-------|-------|---------|------|"]
    assert "SARA-RT" not in block
    assert lines[2] == "| 2025 | arXiv | [A New Attention](https://arxiv.org/abs/2501.99999) | - | - |"
    assert lines[3].startswith("| 2025 | arXiv | [Long-VLA")  # the rows that were there, as they were
    gone = set(before.splitlines()) - set(after.splitlines())
    assert all("2312.01990" in line for line in gone)


def test_a_table_with_other_columns_and_bullets(vla: Invoke, tmp_path: Path) -> None:
    readme = adopted(vla, tmp_path, OTHER_TABLE)
    text = readme.read_text(encoding="utf-8")
    assert unmarked(text) == OTHER_TABLE
    catalog = Catalog(readme.parent / "catalog")
    alpha = catalog.get("2401.00001")
    assert alpha.extra["cells"] == {"Date": "2024-01"}  # the Demo column is its website, with its label
    assert alpha.cell_links("website") == [("Demo", "https://alpha.demo")]
    [template] = (readme.parent / "catalog" / "templates").glob("models-*.md.j2")
    assert f"--template catalog/templates/{template.name}" in text
    assert "--category data --style bullets --rows" in text
    for key in ("2401.00001", "2305.00004"):  # a changed row is written in its block's own shape
        title = catalog.get(key).title
        assert vla("set", key, "--title", title.replace(":", " —"), "-C", str(catalog.root)).exit_code == 0
    assert vla("export", "markdown", "-i", str(readme), "-C", str(catalog.root)).exit_code == 0
    after = readme.read_text(encoding="utf-8")
    changed = sorted(set(after.splitlines()) - set(text.splitlines()))
    assert changed == [
        "- Delta — A Data Set. <ins>NeurIPS, 2023</ins> [[Paper](https://arxiv.org/abs/2305.00004)]",
        "| [**Alpha — A Model**](https://arxiv.org/abs/2401.00001) | CVPR 2024 | 2024-01 | "
        "[Code](https://github.com/a/alpha) | [Demo](https://alpha.demo) |",
    ]


@pytest.mark.parametrize("source", [BULLETS, TABLE, OTHER_TABLE], ids=["bullets", "table", "other-table"])
@pytest.mark.parametrize("bom", ["", "\ufeff"], ids=["crlf", "bom-crlf"])
def test_a_crlf_readme_is_adopted_as_its_lf_twin_with_crlf(vla: Invoke, tmp_path: Path, source: Path | str,
                                                            bom: str) -> None:
    text = source.read_text(encoding="utf-8") if isinstance(source, Path) else source
    lf = adopted(vla, tmp_path / "lf", text).read_bytes().decode("utf-8")
    readme = adopted(vla, tmp_path / "crlf", bom + text.replace("\n", "\r\n"))
    assert readme.read_bytes().decode("utf-8") == bom + lf.replace("\n", "\r\n")  # byte for byte, markers too
    again = vla("export", "markdown", "--in-place", str(readme), "-C", str(readme.parent / "catalog"))
    assert (again.exit_code, again.stderr) == (0, f"{readme}: already up to date\n")


def test_a_readme_with_lone_cr_line_ends_keeps_every_row(vla: Invoke, tmp_path: Path) -> None:
    """CommonMark reads a lone CR as a line end, and so does adopt: every row stays, where it was
    (the sections are written with LF line ends)."""
    text = OTHER_TABLE.replace("\n", "\r")
    readme = adopted(vla, tmp_path, text)
    after = readme.read_bytes().decode("utf-8")
    assert unmarked(after).replace("\r", "\n") == OTHER_TABLE
    assert after.count("<!-- vla:begin") == 2


def test_dry_run_shows_the_diff_and_writes_nothing(vla: Invoke, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    shutil.copyfile(BULLETS, readme)
    res = vla("adopt", str(readme), "--dry-run")
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith(f"--- {readme} (before)\n+++ {readme} (adopted)\n")
    assert "+<!-- vla:begin --category quantization --style bullets --rows -->" in res.stdout
    assert res.stdout.splitlines()[-1] == (f"{readme}: 118 papers in 17 sections, 139 of 139 rows would be kept as "
                                           f"written; catalog would be made: {tmp_path / 'catalog'} (dry run: "
                                           "nothing written)")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md", "work"]
    assert readme.read_bytes() == BULLETS.read_bytes()


def test_the_summary(vla: Invoke, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(OTHER_TABLE, encoding="utf-8")
    res = vla("adopt", str(readme))
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0] == "categories from the headings (2): models, data"
    assert lines[1].startswith("  lines 7-11: --category models (3 rows), template catalog/templates/models-7.md.j2: ")
    assert lines[2] == ("  lines 17-18: --category data (2 rows), style bullets: 2 of 2 rows as style bullets writes "
                        "them")
    assert lines[-1] == (f"{readme}: 5 papers in 2 sections, 5 of 5 rows kept as written; catalog made: "
                         f"{tmp_path / 'catalog'}")


def test_sync_takes_an_edited_row_in_and_keeps_it_as_written(vla: Invoke, tmp_path: Path) -> None:
    readme = adopted(vla, tmp_path, BULLETS)
    catalog = readme.parent / "catalog"
    text = readme.read_text(encoding="utf-8")
    old = "- HiRT: Enhancing Robotic Control with Hierarchical Robot Transformers. <ins>CoRL, 2024</ins>"
    new = "- HiRT: Enhancing Robotic Control with Hierarchical Robot Transformers. <ins>ICRA, 2025</ins>"
    readme.write_text(text.replace(old, new), encoding="utf-8")
    res = vla("sync", str(readme), "-C", str(catalog), "--offline")
    assert res.exit_code == 0, res.output
    assert "changed 2410.05273 venue: CoRL → ICRA" in res.stdout.splitlines()
    assert Catalog(catalog).get("2410.05273").year == 2025
    assert readme.read_text(encoding="utf-8") == text.replace(old, new)  # the edited row, as the person wrote it
    again = vla("export", "markdown", "-i", str(readme), "-C", str(catalog))
    assert again.stderr == f"{readme}: already up to date\n"


def test_without_the_record_the_readme_is_read_again(vla: Invoke, tmp_path: Path) -> None:
    readme = adopted(vla, tmp_path, BULLETS)
    catalog = readme.parent / "catalog"
    text = readme.read_text(encoding="utf-8")
    (catalog / "readme-base.toml").unlink()
    res = vla("export", "markdown", "-i", str(readme), "-C", str(catalog))
    assert res.exit_code == 0, res.output
    assert readme.read_text(encoding="utf-8") == text


def test_a_catalog_already_there_with_the_same_papers_is_used(vla: Invoke, tmp_path: Path) -> None:
    folder = tmp_path / "list"
    folder.mkdir()
    shutil.copyfile(BULLETS, folder / "README.md")
    assert vla("init", str(folder / "catalog")).exit_code == 0
    assert vla("import", "markdown", str(folder / "README.md"), "--create-categories", "-C",
               str(folder / "catalog"), "-q").exit_code == 0
    res = vla("adopt", str(folder / "README.md"))
    assert res.exit_code == 0, res.output
    assert "catalog used:" in res.stdout.splitlines()[-1]


# -- bad input: one line on stderr, exit 1, nothing written ------------------------------------------------
def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize(("name", "content", "message"), [
    ("missing.md", None, "{readme}: no such file"),
    ("README.rst", "Title\n=====\n\n- `Paper <https://arxiv.org/abs/2401.00001>`_\n",
     "{readme}: not a Markdown file (.rst) (give the list's README.md)"),
    ("README.md", "# A list\n\nNothing here yet.\n",
     "{readme}: no papers in it (no list, table or paragraph reads as a paper)"),
    ("README.md", "# A list\n\n<!-- vla:begin -->\n<!-- vla:end -->\n",
     "{readme}: already has vla markers (run 'vla export markdown --in-place {readme}')"),
])
def test_bad_input(vla: Invoke, tmp_path: Path, name: str, content: str | None, message: str) -> None:
    folder = tmp_path / "list"
    folder.mkdir()
    readme = folder / name
    if content is not None:
        readme.write_text(content, encoding="utf-8")
    before = listing(folder)
    res = vla("adopt", str(readme))
    assert (res.exit_code, res.stderr) == (1, "error: " + message.format(readme=readme) + "\n")
    assert res.stdout == ""
    assert listing(folder) == before


@pytest.mark.parametrize("folder", ["list", "what it has no"])
@pytest.mark.parametrize("marker", ["<!-- vla:begin --category papers -->", "<!--vla:begin-->", "<!-- vla:end -->"],
                         ids=["never-closed", "unspaced", "end-alone"])
def test_a_readme_with_a_marker_of_any_kind_is_refused(vla: Invoke, tmp_path: Path, folder: str, marker: str) -> None:
    """Whatever is wrong with the markers, and whatever the README's path says ("has no" in it too)."""
    readme = tmp_path / folder / "README.md"
    readme.parent.mkdir()
    readme.write_text(f"# A list\n\n{marker}\n\n- [A Paper](https://arxiv.org/abs/2401.00001)\n", encoding="utf-8")
    before = listing(readme.parent)
    res = vla("adopt", str(readme))
    assert (res.exit_code, res.stderr) == (1, f"error: {readme}: already has vla markers (run 'vla export markdown "
                                              f"--in-place {readme}')\n")
    assert listing(readme.parent) == before


def test_binary_is_not_markdown(vla: Invoke, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    res = vla("adopt", str(readme))
    assert res.exit_code == 1 and res.stderr.startswith(f"error: {readme}: ")


def test_a_catalog_of_other_papers_is_refused(vla: Invoke, tmp_path: Path, survey_catalog: Path) -> None:
    readme = tmp_path / "README.md"
    shutil.copyfile(BULLETS, readme)
    before = listing(survey_catalog)
    res = vla("adopt", str(readme), "-C", str(survey_catalog))
    assert res.exit_code == 1
    assert res.stderr.startswith(f"error: {survey_catalog}: the catalog has ")
    assert "papers the README does not list (such as " in res.stderr
    assert listing(survey_catalog) == before and readme.read_bytes() == BULLETS.read_bytes()


def test_a_read_only_folder_is_refused(vla: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import vlacli.ops.adopt as adopt_module

    readme = tmp_path / "README.md"
    shutil.copyfile(BULLETS, readme)
    access = adopt_module.os.access
    monkeypatch.setattr(adopt_module.os, "access", lambda path, mode: Path(path) != tmp_path and access(path, mode))
    res = vla("adopt", str(readme))
    assert (res.exit_code, res.stderr) == (1, f"error: {tmp_path}: cannot write in it (the README is rewritten "
                                              "there): the folder is read-only\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md", "work"]


def test_a_failed_write_leaves_nothing_half_written(vla: Invoke, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import vlacli.storage.store as store
    from vlacli.errors import InputError

    readme = tmp_path / "README.md"
    shutil.copyfile(BULLETS, readme)
    real = store.write_file

    def refuse(path: Path, *args: object, **kwargs: object) -> None:
        if Path(path).name == "README.md":
            raise InputError(f"{path}: cannot write it: No space left on device")
        real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "write_file", refuse)
    res = vla("adopt", str(readme))
    assert (res.exit_code, res.stderr) == (1, f"error: {readme}: cannot write it: No space left on device\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md", "work"]
    assert readme.read_bytes() == BULLETS.read_bytes()


def test_the_site_and_the_workflows_work_on_an_adopted_list(vla: Invoke, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    readme = adopted(vla, tmp_path, OTHER_TABLE)
    catalog = readme.parent / "catalog"
    res = vla("export", "html", "-o", str(tmp_path / "site"), "-C", str(catalog))
    assert res.exit_code == 0, res.output
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert all(title in page for title in ("Alpha: A Model", "Beta: Another Model", "Delta: A Data Set"))
    monkeypatch.chdir(readme.parent)
    res = vla("init", "--github")  # the workflows: vla lint --readme README.md, export --in-place
    assert res.exit_code == 0, res.output
    assert "vla lint --readme README.md" in (readme.parent / ".github" / "workflows" / "vla.yml").read_text()
    lint = vla("lint", "--readme", str(readme), "-C", str(catalog))
    assert lint.exit_code == 0, lint.stdout  # what the workflow runs on a pull request
