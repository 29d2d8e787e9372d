"""Row styles: the built-in ones, --style and --template, the marker that records them, the sandbox."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Invoke

from vlacli.core.paper import Paper
from vlacli.formats.exporters.rowstyles import STYLES, builtin_style, template_text_style

PAPER = Paper(key="2506.01844", arxiv="2506.01844", title="SmolVLA: A [Small] VLA | for *All*", year=2025,
              venue="CoRL", authors=["Mustafa Shukor", "Dana Aubakirova"], website="https://smolvla.github.io",
              code="https://github.com/huggingface/lerobot")


@pytest.mark.parametrize(("name", "row"), [
    ("table", "| 2025 | CoRL | [SmolVLA: A &#91;Small&#93; VLA \\| for &#42;All&#42;]"
              "(https://arxiv.org/abs/2506.01844) | [🌐](https://smolvla.github.io) | "
              "[💻](https://github.com/huggingface/lerobot) |\n"),
    ("bullets", "- SmolVLA: A &#91;Small&#93; VLA \\| for &#42;All&#42;. <ins>CoRL, 2025</ins> "
                "[[Paper](https://arxiv.org/abs/2506.01844)] [[Website](https://smolvla.github.io)] "
                "[[Code](https://github.com/huggingface/lerobot)]\n"),
    ("bold", "- **SmolVLA: A &#91;Small&#93; VLA \\| for &#42;All&#42;** [[paper](https://arxiv.org/abs/2506.01844)] "
             "[[website](https://smolvla.github.io)] [[code](https://github.com/huggingface/lerobot)]\n"),
    ("numbered", "1. **SmolVLA: A &#91;Small&#93; VLA \\| for &#42;All&#42;**. *Mustafa Shukor, Dana Aubakirova*. "
                 "CoRL 2025. [[pdf](https://arxiv.org/pdf/2506.01844)] [[website](https://smolvla.github.io)] "
                 "[[code](https://github.com/huggingface/lerobot)]\n"),
])
def test_each_built_in_style(name: str, row: str) -> None:
    assert builtin_style(name).row(PAPER) == row


def test_a_paper_without_links_venue_or_year() -> None:
    bare = Paper(key="notes", title="Notes")
    assert [builtin_style(s).row(bare) for s in STYLES] == [
        "| - | - | Notes | - | - |\n", "- Notes.\n", "- **Notes**\n", "1. **Notes**.\n"]


def test_the_digest_follows_what_a_style_shows() -> None:
    table, numbered = builtin_style("table"), builtin_style("numbered")
    other = PAPER.copy()
    other.authors = ["Someone Else"]
    assert table.digest(PAPER) == table.digest(other)  # the table shows no authors
    assert numbered.digest(PAPER) != numbered.digest(other)
    other.title = "Another"
    assert table.digest(PAPER) != table.digest(other)


def test_style_and_template_on_the_command_line(vla: Invoke, survey_catalog: Path, tmp_path: Path) -> None:
    res = vla("export", "markdown", "-C", str(survey_catalog), "-c", "quantization", "--style", "bullets")
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("##### Quantization\n\n- ")
    template = tmp_path / "row.md.j2"
    template.write_text("* {{ paper.title|text }} ({{ paper.year }})\n", encoding="utf-8")
    res = vla("export", "markdown", "-C", str(survey_catalog), "-c", "quantization", "--template", str(template))
    assert res.exit_code == 0, res.output
    assert "\n* SP-VLA: A Joint Model Scheduling and Token Pruning Approach for VLA Model Acceleration (2025)\n" in \
        res.stdout
    for args, message in [
        (("--style", "nope"), "unknown style 'nope' (one of: table, bullets, bold, numbered; or --template FILE)"),
        (("--style", "bold", "--template", str(template)), "--style and --template cannot be used together"),
    ]:
        res = vla("export", "markdown", "-C", str(survey_catalog), *args)
        assert (res.exit_code, res.stderr) == (1, f"error: {message}\n")
    res = vla("export", "bibtex", "-C", str(survey_catalog), "--style", "bold")
    assert (res.exit_code, res.stderr) == (1, "error: --style is for markdown, not bibtex\n")


def test_the_marker_records_the_style_and_lint_and_sync_use_it(vla: Invoke, survey_catalog: Path,
                                                               tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# List\n\n<!-- vla:begin -->\n<!-- vla:end -->\n", encoding="utf-8")
    res = vla("export", "markdown", "-C", str(survey_catalog), "-i", str(readme), "--style", "numbered")
    assert res.exit_code == 0, res.output
    text = readme.read_text(encoding="utf-8")
    assert "<!-- vla:begin --style numbered -->\n### Efficient Model Design\n" in text
    again = vla("export", "markdown", "-C", str(survey_catalog), "-i", str(readme))
    assert again.stderr == f"{readme}: already up to date\n"
    lint = vla("lint", "-C", str(survey_catalog), "--readme", str(readme))
    assert "readme" not in lint.stdout, lint.stdout
    sync = vla("sync", str(readme), "-C", str(survey_catalog), "--offline")
    assert sync.stdout.splitlines()[-1].startswith(f"{readme}: 0 edits taken in; sections already up to date")


def test_a_template_in_a_marker_lies_in_the_readmes_folder(vla: Invoke, survey_catalog: Path,
                                                           tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    readme = tmp_path / "docs" / "README.md"
    outside = tmp_path / "row.md.j2"
    outside.write_text("- {{ paper.title }}\n", encoding="utf-8")
    readme.write_text("<!-- vla:begin -->\n<!-- vla:end -->\n", encoding="utf-8")
    res = vla("export", "markdown", "-C", str(survey_catalog), "-i", str(readme), "--template", str(outside))
    assert res.exit_code == 1 and "a README's marker can only name a template in the README's folder" in res.stderr
    readme.write_text("<!-- vla:begin --template ../row.md.j2 -->\n<!-- vla:end -->\n", encoding="utf-8")
    res = vla("export", "markdown", "-C", str(survey_catalog), "-i", str(readme))
    assert (res.exit_code, res.stderr) == (1, f"error: {readme}:1: template '../row.md.j2': give a template file "
                                              "(.j2, .jinja, .jinja2, .md, .txt) inside the README's folder\n")


@pytest.mark.parametrize(("text", "message"), [
    ("{{ paper.__class__.__mro__[1].__subclasses__() }}",
     "access to attribute '__class__' of 'dict' object is unsafe."),
    ("{{ links.website.append(1) }}", "access to attribute 'append' of 'list' object is unsafe."),
])
def test_templates_run_in_the_sandbox(text: str, message: str) -> None:
    from vlacli.errors import InputError

    assert "class" not in template_text_style("- {{ paper.__class__ }}", "peek.md.j2").row(PAPER)
    with pytest.raises(InputError, match="unsafe"):
        template_text_style(text, "evil.md.j2").row(PAPER)
    try:
        template_text_style(text, "evil.md.j2").row(PAPER)
    except InputError as e:
        assert e.message == f"template evil.md.j2: {message}"


def test_a_template_that_does_not_parse_names_its_line(vla: Invoke, survey_catalog: Path, tmp_path: Path) -> None:
    template = tmp_path / "bad.md.j2"
    template.write_text("- {{ paper.title }}\n{% for x in %}\n", encoding="utf-8")
    res = vla("export", "markdown", "-C", str(survey_catalog), "--template", str(template))
    assert res.exit_code == 1
    assert res.stderr.startswith(f"error: {template}:2: Expected an expression")
