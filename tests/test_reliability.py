"""Issue 11: what fault injection found, one regression test (at least) per finding. The races are
in test_races.py; here: the index that lied, links out of the catalog, tracebacks, one bad file,
and bad values (a bare CR in a CSV, Unicode digits in an arXiv ID)."""

from __future__ import annotations

import csv
import errno
import io
import os
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
import tools
from arxiv_server import ArxivReplay
from conftest import Invoke, numbered_bib
from hypothesis import given
from hypothesis import strategies as st
from tools import requires

from vlacli.core.identifiers import parse_arxiv_id
from vlacli.errors import InvalidIdentifier
from vlacli.storage.index import index_path, load_tables
from vlacli.storage.store import dump_toml

PY = [sys.executable, "-m", "vlacli"]


@pytest.fixture
def trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trust the files to the index at once: a test cannot wait the two seconds of the racy window."""
    import vlacli.storage.index

    monkeypatch.setattr(vlacli.storage.index, "RACY_NS", 0)


def age(folder: Path, seconds: float = 60) -> None:
    past = time.time() - seconds
    for p in folder.iterdir():
        os.utime(p, (past, past))


def same_size_edit(path: Path, old: str, new: str) -> None:
    """Edit ``path`` in place and put its times back, as ``touch -r``, ``cp -p``, tar and rsync leave a file."""
    assert len(old) == len(new)
    st_ = path.stat()
    path.write_text(path.read_text().replace(old, new))
    os.utime(path, ns=(st_.st_atime_ns, st_.st_mtime_ns))
    assert path.stat().st_size == st_.st_size and path.stat().st_mtime_ns == st_.st_mtime_ns


# -- 4. the read index ---------------------------------------------------------------------------

def test_a_same_size_edit_with_its_mtime_put_back_is_seen(vla: Invoke, survey_catalog: Path, trusted: None) -> None:
    age(survey_catalog / "papers")
    assert "SmolVLA:" in vla("list", "-C", str(survey_catalog)).stdout  # the index is built
    same_size_edit(survey_catalog / "papers" / "2506.01844.toml", "SmolVLA:", "SmolVLB:")
    out = vla("list", "-C", str(survey_catalog)).stdout
    assert "SmolVLB:" in out and "SmolVLA:" not in out
    assert vla("show", "2506.01844", "-C", str(survey_catalog)).stdout.count("SmolVLB") >= 1


def test_a_record_is_never_assembled_from_two_versions(survey_catalog: Path, trusted: None) -> None:
    """A lean load (no abstracts) keeps version 1; the file becomes version 2 with the same size and
    mtime; a full load reads version 2 for the abstract it lacks; the lean process writes its index
    last. The next full load assembled version 1's title with version 2's abstract."""
    papers = survey_catalog / "papers"
    age(papers)
    load_tables(papers, abstracts=False)
    main = index_path(papers, "-tables")
    lean_index = main.read_bytes()
    same_size_edit(papers / "2506.01844.toml", "SmolVLA", "SmolVLB")  # in the title and the abstract
    load_tables(papers, abstracts=True)
    main.write_bytes(lean_index)
    record = load_tables(papers, abstracts=True)[0]["2506.01844.toml"]
    assert record["title"].startswith("SmolVLB") and "SmolVLB" in record["abstract"]


# -- 7. links out of the catalog -----------------------------------------------------------------

def test_a_dangling_link_in_papers_never_makes_a_write_leave_the_catalog(vla: Invoke, survey_catalog: Path,
                                                                        tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    link = survey_catalog / "papers" / "2401.00001.toml"
    link.symlink_to(outside / "evil.toml")
    bib = tmp_path / "refs.bib"
    bib.write_text("@misc{a, title={A Paper About Robots}, author={Doe, Jane}, year={2024}, eprint={2401.00001}}\n")
    res = vla("import", "bibtex", str(bib), "-C", str(survey_catalog))
    assert res.exit_code == 1 and res.stderr.startswith(f"error: {link}: a symbolic link to {outside / 'evil.toml'}")
    assert not (outside / "evil.toml").exists()
    listing = vla("list", "-C", str(survey_catalog), "-f", "ids")  # a reader lists the rest and names the link
    assert listing.exit_code == 0 and len(listing.stdout.split()) == 58
    assert listing.stderr == f"warning: {link}: a symbolic link to {outside / 'evil.toml'}, which does not exist; " \
                             "left out\n"


def test_a_link_to_a_file_outside_the_catalog_is_read_but_never_written(vla: Invoke, survey_catalog: Path,
                                                                        tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    real = outside / "minivla.toml"
    link = survey_catalog / "papers" / "minivla.toml"
    shutil.move(link, real)
    link.symlink_to(real)
    before = real.read_bytes()
    assert "minivla" in vla("list", "-C", str(survey_catalog), "-f", "ids").stdout.split()
    res = vla("tag", "minivla", "quantization", "-C", str(survey_catalog))
    assert (res.exit_code, res.stderr) == (1, f"error: {link} is a symbolic link to {real}: it leads out of the "
                                              "catalog (vla does not write through it; put the file itself in its "
                                              "place)\n")
    assert real.read_bytes() == before


def test_a_link_inside_the_catalog_is_written_through(vla: Invoke, survey_catalog: Path) -> None:
    papers = survey_catalog / "papers"
    (papers / "keep").mkdir()
    shutil.move(papers / "minivla.toml", papers / "keep" / "minivla.toml")
    (papers / "minivla.toml").symlink_to(Path("keep") / "minivla.toml")
    assert vla("tag", "minivla", "quantization", "-C", str(survey_catalog)).exit_code == 0
    assert "quantization" in tomllib.loads((papers / "keep" / "minivla.toml").read_text())["categories"]


# -- 8. tracebacks become one line ---------------------------------------------------------------

BIB = "@misc{a, title={A Paper About Robots}, author={Doe, Jane}, year={2024}, eprint={2401.00001}}\n"
WRITES = [
    ["tag", "2506.01844", "quantization"],
    ["untag", "2506.01844", "lightweight-component"],
    ["set", "2506.01844", "--venue", "CoRL"],
    ["set", "minivla", "--arxiv", "2410.99999"],
    ["remove", "minivla", "--yes"],
    ["import", "bibtex", "BIB"],
]


def _args(args: list[str], catalog: Path, tmp_path: Path) -> list[str]:
    if "BIB" in args:
        bib = tmp_path / "refs.bib"
        bib.write_text(BIB)
        args = [str(bib) if a == "BIB" else a for a in args]
    return [*args, "-C", str(catalog)]


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != ".vla.lock"}


@pytest.mark.parametrize("args", WRITES, ids=lambda a: "-".join(a[:2]))
def test_a_read_only_catalog_is_one_line_in_every_write_command(vla: Invoke, survey_catalog: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              args: list[str]) -> None:
    real_open = os.open

    def read_only(path: object, flags: int, *rest: object, **kw: object) -> int:
        if str(path).endswith(".vla.lock"):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *rest, **kw)  # type: ignore[arg-type]

    before = snapshot(survey_catalog)
    monkeypatch.setattr(os, "open", read_only)
    res = vla(*_args(args, survey_catalog, tmp_path))
    monkeypatch.undo()
    lock = survey_catalog / ".vla.lock"
    assert (res.exit_code, res.stderr) == (1, f"error: cannot write {lock}: Read-only file system "
                                              "(nothing was changed)\n")
    assert snapshot(survey_catalog) == before


def test_add_to_a_read_only_catalog_is_one_line(vla: Invoke, empty_catalog: Path, server: ArxivReplay,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def read_only(path: object, flags: int, *rest: object, **kw: object) -> int:
        if str(path).endswith(".vla.lock"):
            raise OSError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *rest, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", read_only)
    res = vla("add", "1605.08386", "-C", str(empty_catalog))
    monkeypatch.undo()
    assert res.exit_code == 1 and "Traceback" not in res.stderr
    assert f"cannot write {empty_catalog / '.vla.lock'}: Permission denied (nothing was changed)" in res.stderr
    assert not list((empty_catalog / "papers").iterdir())


def in_namespace(script: str) -> subprocess.CompletedProcess[str]:
    """Run ``script`` in a mount namespace of its own (``unshare``): its mounts vanish with it."""
    unshare = tools.path("unshare")
    assert unshare is not None  # the tests that call this are marked requires("unshare")
    return subprocess.run([unshare, "-rm", "sh", "-ec", script], capture_output=True, text=True, timeout=300,
                          check=False)


@requires("unshare")
def test_a_read_only_mount_is_one_line(survey_catalog: Path, tmp_path: Path) -> None:
    bib, err = tmp_path / "refs.bib", tmp_path / "err"
    bib.write_text(BIB)
    before = snapshot(survey_catalog)
    cat = str(survey_catalog)
    res = in_namespace(f"""
mount --bind {cat} {cat}
mount -o remount,bind,ro {cat}
for args in "tag 2506.01844 quantization" "remove minivla --yes" "import bibtex {bib}"; do
  {" ".join(PY)} $args -C {cat} 2>>{err} || echo "exit $?" >>{err}
done
""")
    assert res.returncode == 0, res.stderr
    line = f"error: cannot write {survey_catalog / '.vla.lock'}: Read-only file system (nothing was changed)\n"
    assert err.read_text() == (line + "exit 1\n") * 3
    assert snapshot(survey_catalog) == before


@requires("unshare")
def test_a_full_disk_says_nothing_was_changed_and_nothing_was(survey_catalog: Path, tmp_path: Path) -> None:
    disk, out = tmp_path / "disk", tmp_path / "out"
    disk.mkdir()
    out.mkdir()
    bib = numbered_bib(tmp_path / "refs.bib", 40)
    md = tmp_path / "new.md"
    md.write_text("# List\n\n## Brand New Methods\n\n* **NewVLA**: \"NewVLA: a new model\", *CoRL 2025*. "
                  "[[Paper](https://arxiv.org/abs/2509.00001)]\n")
    cat = disk / "c"
    vla_ = " ".join(PY)
    res = in_namespace(f"""
mount -t tmpfs -o size=1m tmpfs {disk}
cp -r {survey_catalog} {cat}
{vla_} list -C {cat} >/dev/null
dd if=/dev/zero of={disk}/fill bs=4k 2>/dev/null || true
cd {cat}
find . -type f ! -name .vla.lock | sort | xargs sha256sum >{out}/before
n=0
for args in "tag 2506.01844 quantization" "set minivla --arxiv 2410.99999" "import bibtex {bib}" \
            "import markdown {md} --create-categories"; do
  n=$((n + 1))
  {vla_} $args -C {cat} >/dev/null 2>{out}/err$n || echo "exit $?" >>{out}/err$n
done
find . -type f ! -name .vla.lock | sort | xargs sha256sum >{out}/after
""")
    assert res.returncode == 0, res.stderr
    assert (out / "after").read_text() == (out / "before").read_text()  # no file changed, none added (no temp)
    assert (out / "err1").read_text() == (f"error: cannot write {cat}/papers/2506.01844.toml: No space left on "
                                          "device (nothing was changed)\nexit 1\n")
    assert (out / "err2").read_text() == (f"error: cannot write {cat}/papers/2410.99999.toml: No space left on "
                                          "device (nothing was changed)\nexit 1\n")
    err3 = (out / "err3").read_text()
    assert err3.startswith(f"error: cannot write {cat}/papers/2401.000") and err3.endswith(
        ": No space left on device (nothing was changed)\nexit 1\n")
    assert (out / "err4").read_text() == (f"error: cannot write {cat}/taxonomy.toml: No space left on device "
                                          "(nothing was changed)\nexit 1\n")


@pytest.mark.parametrize("args", [["list"], ["export", "bibtex"], ["categories"], ["--help"]])
def test_standard_output_on_a_full_disk_is_one_line(survey_catalog: Path, args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        res = subprocess.run([*PY, *args, *(["-C", str(survey_catalog)] if args != ["--help"] else [])],
                             stdout=full, stderr=subprocess.PIPE, text=True, timeout=60, check=False)
    assert (res.returncode, res.stderr) == (1, "error: cannot write to standard output: No space left on device\n")


def sh(command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["sh", "-c", command], capture_output=True, text=True, timeout=60, check=False)


def test_closed_standard_input_is_one_line(survey_catalog: Path) -> None:
    vla_ = " ".join(PY)
    for args in ("import markdown -", "add --from -"):
        res = sh(f"exec {vla_} {args} -C {survey_catalog} <&-")
        assert (res.returncode, res.stderr) == (1, "error: cannot read standard input: it is closed\n"), args


def test_standard_input_that_is_not_text_is_one_line(survey_catalog: Path) -> None:
    entry = '* **A**: "A\xff title", *CoRL 2024*. [[Paper](https://arxiv.org/abs/2401.00001)]\n'.encode("latin-1")
    for args in (["import", "markdown", "-"], ["add", "--from", "-"]):
        res = subprocess.run([*PY, *args, "-C", str(survey_catalog)], input=b"# L\n\n" + entry,
                             capture_output=True, timeout=60, check=False)
        assert (res.returncode, res.stderr) == (1, b"error: standard input: not UTF-8 text (byte 16)\n"), args


@pytest.mark.parametrize("args", [["list"], ["categories"], ["tag", "2506.01844", "quantization"]])
def test_closed_standard_output_is_one_line(survey_catalog: Path, args: list[str]) -> None:
    res = sh(f"exec {' '.join(PY)} {' '.join(args)} -C {survey_catalog} >&-")
    assert (res.returncode, res.stderr) == (1, "error: cannot write to standard output: it is closed\n")


@pytest.mark.parametrize("args", [["list"], ["categories"], ["export", "bibtex"], ["show", "2506.01844"]])
def test_a_reader_that_leaves_early_ends_the_command_quietly(survey_catalog: Path, args: list[str]) -> None:
    """`vla categories | head -1` exited 1 (rich's own broken-pipe handler) where the others exit 0."""
    r, w = os.pipe()
    os.close(r)  # the reader is gone before the first byte: every write fails with EPIPE
    try:
        res = subprocess.run([*PY, *args, "-C", str(survey_catalog)], stdout=w, stderr=subprocess.PIPE, text=True,
                             timeout=60, check=False)
    finally:
        os.close(w)
    assert (res.returncode, res.stderr) == (0, "")


def test_a_linked_lock_file_is_one_line(vla: Invoke, survey_catalog: Path, tmp_path: Path) -> None:
    lock = survey_catalog / ".vla.lock"
    lock.symlink_to(tmp_path / "elsewhere.lock")
    res = vla("tag", "2506.01844", "quantization", "-C", str(survey_catalog))
    assert (res.exit_code, res.stderr) == (1, f"error: {lock} is a symbolic link to {tmp_path / 'elsewhere.lock'}: "
                                              "a lock file must be a plain file (delete it: vla makes a new one)\n")
    assert not (tmp_path / "elsewhere.lock").exists()


def test_a_taxonomy_1000_levels_deep(vla: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "deep"
    assert vla("init", str(root)).exit_code == 0
    cats = [{"slug": f"level-{i}", "name": f"Level {i}", **({"parent": f"level-{i - 1}"} if i else {})}
            for i in range(1000)]
    (root / "taxonomy.toml").write_text(dump_toml({"category": cats}))
    (root / "papers" / "deep.toml").write_text("title = 'Deep'\ncategories = ['level-999']\n")
    for args in (["categories"], ["list"], ["list", "--category", "level-0"], ["export", "markdown"], ["lint"],
                 ["tag", "deep", "level-500"], ["untag", "deep", "level-500"], ["show", "deep"]):
        res = vla(*args, "-C", str(root))
        assert res.exit_code in (0, 1) and "Traceback" not in res.stderr, (args, res.stderr)
    assert vla("list", "--category", "level-0", "-C", str(root), "-f", "ids").stdout == "deep\n"


# -- 9. one bad file -----------------------------------------------------------------------------

def test_a_byte_order_mark_is_just_read(vla: Invoke, survey_catalog: Path) -> None:
    path = survey_catalog / "papers" / "2506.01844.toml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    res = vla("list", "-C", str(survey_catalog), "-f", "ids")
    assert (res.exit_code, res.stderr, len(res.stdout.split())) == (0, "", 58)
    assert vla("export", "bibtex", "-C", str(survey_catalog)).exit_code == 0
    assert vla("tag", "2506.01844", "quantization", "-C", str(survey_catalog)).exit_code == 0


def test_one_bad_file_does_not_hide_the_others(vla: Invoke, survey_catalog: Path, tmp_path: Path) -> None:
    path = survey_catalog / "papers" / "2506.01844.toml"
    path.write_text(path.read_text().replace("year = 2025", "year = 20 25"))
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if text.startswith("year"))
    listing = vla("list", "-C", str(survey_catalog), "-f", "ids")
    assert listing.exit_code == 0 and len(listing.stdout.split()) == 57
    assert listing.stderr.startswith(f"warning: {path}:{line}:") and listing.stderr.endswith("; left out\n")
    assert vla("categories", "-C", str(survey_catalog)).exit_code == 0
    assert vla("show", "minivla", "-C", str(survey_catalog)).exit_code == 0
    readme = tmp_path / "README.md"
    readme.write_text("# Papers\n\n<!-- vla:begin -->\n<!-- vla:end -->\n")
    for args in (["export", "bibtex"], ["export", "json"], ["export", "csv"], ["export", "markdown"],
                 ["export", "markdown", "--in-place", str(readme)], ["import", "bibtex", "BIB"]):
        res = vla(*_args(args, survey_catalog, tmp_path))
        assert res.exit_code == 1 and res.stdout == "", args
        assert res.stderr.startswith(f"error: {path}:{line}:"), args
        assert res.stderr.endswith("(fix it first: vla does not export, import or write from part of the catalog "
                                   "('vla lint' lists them, 'vla list' the rest))\n"), args
    assert readme.read_text() == "# Papers\n\n<!-- vla:begin -->\n<!-- vla:end -->\n"
    lint = vla("lint", "-C", str(survey_catalog))
    assert lint.exit_code == 1 and "papers/2506.01844.toml: error: invalid TOML" in lint.stdout


# -- 11. bad values ------------------------------------------------------------------------------

def test_a_bare_cr_in_a_title_does_not_split_a_csv_row(vla: Invoke, survey_catalog: Path) -> None:
    path = survey_catalog / "papers" / "2506.01844.toml"
    data = tomllib.loads(path.read_text())
    data["title"] = "SmolVLA:\rA model with a bare CR"
    path.write_text(dump_toml(data))
    out = vla("export", "csv", "-C", str(survey_catalog)).stdout_bytes.decode()  # .stdout turns CRLF into LF
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert len(rows) == 58
    assert next(r for r in rows if r["key"] == "2506.01844")["title"] == "SmolVLA:\rA model with a bare CR"
    assert out.count("\r") == 1  # only inside the quoted title


def test_unicode_digits_are_not_an_arxiv_id(vla: Invoke, survey_catalog: Path, tmp_path: Path) -> None:
    for text in ("٢٣١٢.٠١٩٩٠", "２３１２.０１９９０", "arXiv:٢٣١٢.٠١٩٩٠", "hep-th/٩٩٠١٠٠١", "2312.01990v١"):
        with pytest.raises(InvalidIdentifier):
            parse_arxiv_id(text)
    bib = tmp_path / "sara.bib"
    bib.write_text("@misc{sara, title={SARA-RT: Scaling up Robotics Transformers with Self-Adaptive Robust "
                   "Attention}, eprint={٢٣١٢.٠١٩٩٠}, archivePrefix={arXiv}}\n")
    res = vla("import", "bibtex", str(bib), "-C", str(survey_catalog))
    assert res.exit_code == 0, res.output
    assert len(list((survey_catalog / "papers").glob("*.toml"))) == 58  # no second copy of 2312.01990


DIGIT = st.characters(categories=["Nd"])  # every script's decimal digits, ASCII among them


@given(st.lists(DIGIT, min_size=4, max_size=4), st.lists(DIGIT, min_size=5, max_size=5),
       st.sampled_from(["", "arXiv:"]))
def test_an_arxiv_id_of_any_digits_parses_only_if_they_are_ascii(head: list[str], tail: list[str], prefix: str) -> None:
    text = f"{prefix}{''.join(head)}.{''.join(tail)}"
    try:
        aid = parse_arxiv_id(text)
    except InvalidIdentifier:
        return  # refused: Unicode digits, or no such month or number
    assert text.isascii() and aid.id == text.removeprefix("arXiv:")


def test_an_export_to_a_pipe_or_a_device_writes_to_it_and_never_replaces_it(vla: Invoke, survey_catalog: Path,
                                                                           tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    res = vla("export", "bibtex", "-o", str(fifo), "-C", str(survey_catalog))
    reader.join(timeout=60)
    assert res.exit_code == 0 and got and got[0].startswith(b"@")
    assert fifo.is_fifo() and not list(tmp_path.glob(".pipe.*"))
    res = vla("export", "bibtex", "-o", "/dev/full", "-C", str(survey_catalog))
    assert (res.exit_code, res.stderr) == (1, "error: /dev/full: cannot write it: No space left on device\n")
    assert Path("/dev/full").is_char_device()
