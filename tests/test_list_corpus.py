"""scripts/list_corpus.py: the arXiv links it counts without vla's reader, and the titles it calls wrong."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("list_corpus", ROOT / "scripts" / "list_corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["list_corpus"] = module
    spec.loader.exec_module(module)
    return module


lc = _load()


def test_linked_counts_every_url_form_once_per_paper() -> None:
    text = "\n".join(
        [
            "- [A](https://arxiv.org/abs/2405.15223) [pdf](http://arxiv.org/pdf/2405.15223v2.pdf)",
            "- [B](https://www.arxiv.org/html/2409.03283v1) and www.arxiv.org/abs/2401.00001",
            "- [C](https://export.arxiv.org/abs/1706.03762) [D](https://browse.arxiv.org/pdf/2309.10020.pdf)",
            '<td><a href="https://arxiv.org/abs/1412.6572" target="_blank">FGSM</a></td>',
            "- [old](https://arxiv.org/abs/hep-th/9901001v3) [older](https://arxiv.org/abs/math.GT/0309136)",
            "- [no scheme](arxiv.org/pdf/2402.00525.pdf)",
            "[![arXiv](https://img.shields.io/badge/arXiv-2312.00752-b31b1b.svg)](https://github.com/x/y)",
        ]
    )
    assert lc.linked_ids(text) == {
        "2405.15223", "2409.03283", "2401.00001", "1706.03762", "2309.10020", "1412.6572",
        "hep-th/9901001", "math/0309136", "2402.00525", "2312.00752",
    }  # fmt: skip


def test_linked_skips_comments_code_and_plain_text() -> None:
    text = "\n".join(
        [
            "<!-- - [hidden](https://arxiv.org/abs/2001.00001) -->",
            "```bibtex",
            "url={https://arxiv.org/abs/2001.00002}",
            "```",
            "  ~~~~",
            "https://arxiv.org/abs/2001.00003",
            "  ~~~~",
            "see `https://arxiv.org/abs/2001.00004` and arXiv:2001.00005, arxiv.org/abs/2001.00006 in prose",
            "[author](https://arxiv.org/a/smith_j_1) [typo](https://arxiv.org/pdf/2408.082827)",
            "- [kept](https://arxiv.org/abs/2001.00007)",
        ]
    )
    assert lc.linked_ids(text) == {"2001.00007"}


@pytest.mark.parametrize(
    ("title", "reason"),
    [
        ("Paper", "a link label"),
        ("📄 Paper", "a link label"),
        ("[[Code]]", "a link label"),
        ("Project Page", "a link label"),
        ("\\[official code1\\", "a link label"),
        ("ICLR 2018", "a venue or a date"),
        ("ACM MM", "a venue or a date"),
        ("NeurIPS'24", "a venue or a date"),
        ("CVPR2023 workshop", "a venue or a date"),
        ("May 2024", "a venue or a date"),
        ("2023", "a number or a date"),
        ("2023.05", "a number or a date"),
        ("https://arxiv.org/abs/2405.15223", "a URL"),
        ("GitHub Repo stars", "a badge's text"),
        ("!", "fewer than 3 letters"),
        ("RT-2", "fewer than 3 letters"),
        ("Teaser figure", "an image's alt text"),
        ("A Title Nobody Wrote", "text the file does not hold"),
        ("Attention Is All You Need", None),
        ("BERT", None),
        ("LLaMA: Open and Efficient Foundation Language Models", None),
    ],
)
def test_wrong_title_rules(title: str, reason: str | None) -> None:
    text = (
        "- **Attention Is All\n  You Need**. [[Paper](https://arxiv.org/abs/1706.03762)] BERT\n"
        "- [*LLaMA*: Open and Efficient Foundation Language Models](https://arxiv.org/abs/2302.13971)\n"
        "![Teaser figure](teaser.png) RT-2 ! Paper Project Page 2023 May 2024 ICLR 2018 \\[official code1\\\n"
    )
    assert lc.wrong_reason(title, lc.FileTexts.of(text)) == reason


def test_measure_runs_vla_in_an_empty_catalog(tmp_path: Path) -> None:
    path = tmp_path / "list.md"
    path.write_text(
        "# Awesome\n\n## Models\n\n"
        "- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n"
        "- [Language Models are Few-Shot Learners](https://arxiv.org/abs/2005.14165v4)\n"
        "<!-- - [Hidden](https://arxiv.org/abs/2001.00001) -->\n",
        encoding="utf-8",
    )
    row = lc.measure(path, "dev", expected_sha=None)
    assert (row.linked, row.found, row.wrong, row.failed, row.status) == (2, 2, 0, False, "ok")
    assert row.seconds > 0


def test_measure_flags_a_changed_file(tmp_path: Path) -> None:
    path = tmp_path / "list.md"
    path.write_text("- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n", encoding="utf-8")
    row = lc.measure(path, "dev", expected_sha="0" * 64)
    assert "sha256 differs" in row.status
