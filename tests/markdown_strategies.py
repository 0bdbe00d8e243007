"""Hypothesis strategies that write random but valid Markdown in policykit's dialect.

Each strategy draws a :class:`Written`: the Markdown and, independently of any parser, the
words a reader must see once the dialect's documented transformations are applied (marks,
escapes and link targets gone, entities decoded, a soft break read as a space). Blocks:
paragraphs with soft and hard line breaks, headings of every level, nested bullet and
numbered lists (up to nine deep), tables with escaped pipes, fenced code, block quotes (up
to nine deep). Inline: emphasis runs, strikethrough, code spans, links and autolinks,
entities, escapes, emoji, right-to-left scripts, combining characters and very long words;
some bodies saved with CRLF line ends. Nothing the dialect warns about.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st


@dataclass(frozen=True)
class Written:
    """Markdown text and the words it must show, in reading order."""

    markdown: str
    words: tuple[str, ...]

    def __add__(self, other: Written) -> Written:
        return Written(self.markdown + other.markdown, self.words + other.words)


LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéßøåçñü"
SCRIPTS = [
    "שלום", "עולם", "مرحبا", "السلام", "Ελλάδα", "Привет", "日本語", "中文", "한국어", "हिन्दी",
]
EMOJI = ["🙂", "👍🏽", "👩‍💻", "🇬🇧", "✅", "🏛️"]
COMBINING = ["e\u0301", "a\u0308\u0323", "n\u0303", "o\u0302\u0301", "Z\u0335"]
# (as typed, as shown): entities and backslash escapes of Markdown's own characters.
ENTITIES = [("&amp;", "&"), ("&copy;", "©"), ("&#169;", "©"), ("&#x263A;", "☺"),
            ("&lt;b&gt;", "<b>"), ("&quot;", '"'), ("&nbsp;", "\u00a0")]
ESCAPES = [("\\*", "*"), ("\\_", "_"), ("\\#", "#"), ("\\[", "["), ("\\]", "]"),
           ("\\<", "<"), ("\\`", "`"), ("\\~", "~"), ("\\\\", "\\"), ("\\|", "|")]

# Words a council paper holds that the importer might mistake for something else.
COUNCIL = ["SECRET", "OFFICIAL", "OFFICIAL-SENSITIVE", "TOP", "Appendix", "Version", "Owner"]
plain_word = st.one_of(
    st.text(LATIN, min_size=1, max_size=12),
    st.sampled_from(COUNCIL),
    st.sampled_from(SCRIPTS),
    st.sampled_from(COMBINING).map(lambda c: "x" + c + "y"),
    st.text(LATIN, min_size=80, max_size=400),  # a very long word
)


def _word(drawn: str) -> Written:
    return Written(drawn, (drawn,))


word = st.one_of(
    plain_word.map(_word),
    plain_word.map(_word),
    st.sampled_from(EMOJI).map(_word),
    st.sampled_from(ENTITIES).map(lambda e: Written(e[0], (e[1],) if e[1].strip() else ())),
    st.tuples(st.text(LATIN, min_size=1, max_size=6), st.sampled_from(ESCAPES)).map(
        lambda t: Written(t[0] + t[1][0], (t[0] + t[1][1],))),
)


def _phrase(words: list[Written]) -> Written:
    return Written(" ".join(w.markdown for w in words), sum((w.words for w in words), ()))


phrase = st.lists(plain_word.map(_word), min_size=1, max_size=4).map(_phrase)
code_text = st.text(LATIN + "0123456789 *_<>#[]()!&;:=+-", min_size=1, max_size=20).filter(
    lambda s: s.strip() != "")


def _code(text: str) -> Written:
    return Written(f"`{text}`", tuple(text.split()))


def _wrap(mark: str) -> st.SearchStrategy[Written]:
    return phrase.map(lambda p: Written(f"{mark}{p.markdown}{mark}", p.words))


def _link(p: Written, path: str) -> Written:
    return Written(f"[{p.markdown}](https://www.example.gov.uk/{path})", p.words)


def _autolink(path: str) -> Written:
    url = f"https://www.example.gov.uk/{path}"
    return Written(f"<{url}>", (url,))


path = st.text("abcdefghijklmnopqrstuvwxyz0123456789-/", max_size=12)
item = st.one_of(
    word, word, word,
    _wrap("**"), _wrap("*"), _wrap("_"), _wrap("__"), _wrap("~~"),
    st.builds(lambda p, c, u: Written(f"[**{p.markdown}** {c.markdown}](https://"
                                      f"www.example.gov.uk/{u})", p.words + c.words),
              phrase, code_text.map(_code), path),
    phrase.map(lambda p: Written(f"**{p.markdown} *{p.markdown}***", p.words + p.words)),
    code_text.map(_code),
    st.builds(_link, phrase, path),
    path.map(_autolink),
)


@st.composite
def inline(draw: st.DrawFn, *, breaks: bool = True, indent: str = "") -> Written:
    """Draw one paragraph's inline text: items joined by spaces, soft and hard breaks."""
    items = draw(st.lists(item, min_size=1, max_size=12))
    out = items[0]
    for following in items[1:]:
        joiner = draw(st.sampled_from([" ", " ", " ", "\n", "  \n", "\\\n"]) if breaks
                      else st.just(" "))
        if "\n" in joiner:
            joiner += indent
        out = out + Written(joiner, ()) + following
    return out


@st.composite
def heading(draw: st.DrawFn) -> Written:
    level = draw(st.integers(1, 6))
    text = draw(inline(breaks=False))
    return Written(f"{'#' * level} {text.markdown}\n", text.words)


@st.composite
def paragraph(draw: st.DrawFn) -> Written:
    text = draw(inline())
    return Written(text.markdown + "\n", text.words)


@st.composite
def fenced(draw: st.DrawFn) -> Written:
    lines = draw(st.lists(st.text(LATIN + "0123456789 *_<>#|[]()`{}=+-;", max_size=30),
                          min_size=1, max_size=5))
    lines = [line for line in lines if not line.lstrip().startswith("```")]
    body = "".join(f"{line}\n" for line in lines)
    return Written(f"```\n{body}```\n", tuple(body.split()))


cell_item = st.one_of(
    plain_word.map(_word), _wrap("**"), st.builds(_link, phrase, path),
    st.tuples(st.text(LATIN, min_size=1, max_size=5), st.text(LATIN, min_size=1, max_size=5))
    .map(lambda t: Written(f"{t[0]} \\| {t[1]}", (t[0], "|", t[1]))),  # an escaped pipe
    code_text.filter(lambda s: "|" not in s).map(_code),
)


@st.composite
def table(draw: st.DrawFn) -> Written:
    columns = draw(st.integers(1, 4))
    rows = draw(st.integers(1, 4))
    cells = [[draw(cell_item) for _ in range(columns)] for _ in range(rows + 1)]
    align = [draw(st.sampled_from(["---", ":---", "---:", ":---:"])) for _ in range(columns)]
    lines = ["| " + " | ".join(c.markdown for c in cells[0]) + " |", "| " + " | ".join(align)
             + " |"]
    lines += ["| " + " | ".join(c.markdown for c in row) + " |" for row in cells[1:]]
    words = tuple(w for row in cells for c in row for w in c.words)
    return Written("\n".join(lines) + "\n", words)


@st.composite
def a_list(draw: st.DrawFn, indent: str = "", depth: int = 0) -> Written:
    """Draw a bullet or numbered list, its items maybe holding a nested list."""
    ordered = draw(st.booleans())
    # only a list starting at 1 may interrupt a paragraph: a nested list starts there
    start = draw(st.integers(1, 20)) if ordered and not depth else 1
    out = Written("", ())
    for index in range(draw(st.integers(1, 4))):
        marker = f"{start + index}. " if ordered else "- "
        inner = indent + " " * len(marker)
        text = draw(inline(indent=inner))
        out = out + Written(indent + marker + text.markdown + "\n", text.words)
        if draw(st.integers(0, 5)) == 0:  # a second paragraph in the item: a loose list
            more = draw(inline(indent=inner))
            out = out + Written("\n" + inner + more.markdown + "\n", more.words)
        if depth < 2 and draw(st.integers(0, 3)) == 0:
            out = out + draw(a_list(inner, depth + 1))
    return out


@st.composite
def deep_list(draw: st.DrawFn) -> Written:
    """Draw a list nested three to nine levels deep, one item a level."""
    out, indent = Written("", ()), ""
    for _ in range(draw(st.integers(3, 9))):
        marker = draw(st.sampled_from(["- ", "1. ", "* "]))
        text = draw(phrase)
        out = out + Written(indent + marker + text.markdown + "\n", text.words)
        indent += " " * len(marker)
    return out


@st.composite
def quote(draw: st.DrawFn) -> Written:
    prefix = "> " * draw(st.integers(1, 9))
    text = draw(inline(indent=prefix))
    return Written(prefix + text.markdown + "\n", text.words)


block = st.one_of(paragraph(), paragraph(), paragraph(), heading(), a_list(), table(),
                  fenced(), quote(), deep_list())


@st.composite
def body(draw: st.DrawFn, max_blocks: int = 8) -> Written:
    """Draw a Markdown body: blocks separated by blank lines."""
    blocks = draw(st.lists(block, min_size=1, max_size=max_blocks))
    out = Written("", ())
    for index, drawn in enumerate(blocks):
        out = out + Written("\n" if index else "", ()) + drawn
    if draw(st.integers(0, 4)) == 0:  # saved on Windows
        out = Written(out.markdown.replace("\n", "\r\n"), out.words)
    return out


__all__ = ["Written", "block", "body", "heading", "inline", "paragraph", "table"]
