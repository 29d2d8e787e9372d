"""mdblocks: a Markdown document's blocks, as CommonMark (with GitHub's tables) reads them, with their lines."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from vlacli.formats.mdblocks import Code, Heading, Html, Item, Paragraph, Row, Table, blocks, split_lines


def test_each_kind_of_block_with_its_lines() -> None:
    text = ("# Title\n"                                   # 1
            "\n"
            "Intro with a [link](https://e.org).\n"        # 3
            "\n"
            "## Section\n"                                 # 5
            "| Year | Paper |\n"                           # 6
            "|------|-------|\n"
            "| 2024 | [A](https://a.org) \\| B |\n"        # 8
            "| 2025 |\n"                                   # 9: a short row is padded
            "- first item\n"                               # 10: a list ends the table
            "  continued\n"
            "  - nested item\n"                            # 12
            "\n"
            "<details>\n"                                  # 14
            "<summary>More</summary>\n"
            "\n"
            "1. numbered\n"                                # 17
            "</details>\n"                                 # 18
            "\n"
            "    indented code\n"                          # 20
            "Setext\n"                                     # 21
            "======\n")
    assert blocks(text) == [
        Heading(1, 1, 1, "Title"),
        Paragraph(3, 3, "Intro with a [link](https://e.org)."),
        Heading(5, 5, 2, "Section"),
        Table(6, 9, ["Year", "Paper"], [Row(8, ["2024", "[A](https://a.org) | B"]), Row(9, ["2025", ""])]),
        Item(10, 11, "first item\ncontinued"),
        Item(12, 12, "nested item"),
        Html(14, 15, "<details>\n<summary>More</summary>\n"),
        Item(17, 17, "numbered"),  # an HTML block interrupts nothing: "</details>" on the next line is HTML
        Html(18, 18, "</details>\n"),
        Code(20, 20, "indented code\n", fenced=False),
        Heading(21, 22, 1, "Setext"),
    ]


def test_a_fence_of_four_backticks_holds_a_fence_of_three() -> None:
    text = "````markdown\n```\n- [Example](https://arxiv.org/abs/2501.00001)\n```\n````\n- [Real](https://e.org)\n"
    assert blocks(text) == [
        Code(1, 5, "```\n- [Example](https://arxiv.org/abs/2501.00001)\n```\n", fenced=True, info="markdown"),
        Item(6, 6, "[Real](https://e.org)"),
    ]


def test_a_fence_closes_only_with_its_own_kind_and_length() -> None:
    text = "~~~\n```\n~~\n~~~~\nafter\n"
    assert blocks(text) == [Code(1, 4, "```\n~~\n", fenced=True), Paragraph(5, 5, "after")]
    assert blocks("```\nnever closed\n")[0] == Code(1, 2, "never closed\n", fenced=True)


def test_comments_quotes_and_line_ends() -> None:
    text = "\ufeff<!-- a\ncomment -->\r\n> quoted\r\n> - item\rlast"
    assert split_lines(text) == ["\ufeff<!-- a", "comment -->", "> quoted", "> - item", "last"]
    assert blocks(text) == [Html(1, 2, "<!-- a\ncomment -->\n"), Paragraph(3, 3, "quoted"),
                            Item(4, 5, "item\nlast")]  # a lazy continuation line


def test_a_list_item_that_starts_with_something_else_has_no_item_block() -> None:
    assert blocks("- ## Heading\n-\n  late text\n") == [Heading(1, 1, 2, "Heading"), Item(3, 3, "late text")]


def test_deep_nesting_is_cut_not_crashed() -> None:
    deep = ">" * 200 + " [x](https://e.org)\n\nafter\n"
    got = blocks(deep)
    assert got[-1] == Paragraph(3, 3, "after")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["#", "##", "|", "-", "*", "1.", ">", "```", "````", "~~~", "    ", "\t", "<!--", "-->",
                                 "<details>", "<summary>x</summary>", "[a](https://e.org)", "text", " ", "\n",
                                 "\n\n", "\r\n", "\r", "---", "|---|", "\ufeff", "\\|", "`"]),
                max_size=60).map("".join) | st.text())
def test_blocks_never_raise_and_stay_in_the_document(text: str) -> None:
    n = len(split_lines(text))
    last = 0  # each block's first line
    for b in blocks(text):
        assert 1 <= b.line <= b.end <= n, b
        assert b.line > last, b  # in document order, none twice
        last = b.line
        if isinstance(b, Table):
            assert all(b.line < r.line <= b.end and len(r.cells) == len(b.header) for r in b.rows)


@given(st.text(alphabet=st.sampled_from(list("ab \n\r\t\x0b\x1c\u2028")), max_size=40))
def test_lines_and_where_they_start_agree(text: str) -> None:
    from vlacli.formats.mdblocks import line_starts

    lines, starts = split_lines(text), line_starts(text)
    assert len(lines) == len(starts) and starts[0] == 0
    assert all(text[s:s + len(line)] == line for s, line in zip(starts, lines, strict=True))
    assert "".join(lines) == text.replace("\r", "").replace("\n", "")  # only \n, \r\n and \r end a line


def test_outline_says_what_holds_each_block() -> None:
    from vlacli.formats.mdblocks import Container, outline

    text = ("- parent\n"                 # 1
            "  - child [x](https://e.org)\n"  # 2
            "\n"
            "1. numbered\n"              # 4
            "> - quoted\n")              # 5
    o = outline(text)
    assert o.blocks == [Item(1, 1, "parent"), Item(2, 2, "child [x](https://e.org)"), Item(4, 4, "numbered"),
                        Item(5, 5, "quoted")]
    outer, item = Container("list", 1, 3), Container("item", 1, 3)
    assert o.within[0] == (outer, item)
    assert o.within[1] == (outer, item, Container("list", 2, 3), Container("item", 2, 3))
    assert o.within[2] == (Container("list", 4, 4, True), Container("item", 4, 4, True))
    assert o.within[3] == (Container("quote", 5, 5), Container("list", 5, 5), Container("item", 5, 5))


def test_inline_reads_links_with_the_documents_references_and_keeps_addresses_as_written() -> None:
    from vlacli.formats.mdblocks import inline, outline

    o = outline("[a][ref] and [b](https://example.org/]x?a=1&b=2)\n\n[ref]: https://arxiv.org/abs/2401.00001\n")
    tokens = inline(o.blocks[0].text, o.references)
    hrefs = [t.attrs["href"] for t in tokens if t.type == "link_open"]
    assert hrefs == ["https://arxiv.org/abs/2401.00001", "https://example.org/]x?a=1&b=2"]  # not percent-encoded
    kinds = [t.type for t in inline("**Bold** *em* `code` ![alt](i.png) <ins>x</ins>") if t.content or t.type != "text"]
    assert kinds == ["strong_open", "text", "strong_close", "text", "em_open", "text", "em_close", "text",
                     "code_inline", "text", "image", "text", "html_inline", "text", "html_inline"]
    assert inline("") == []
