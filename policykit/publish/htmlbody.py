"""Write a content document's Markdown body as semantic HTML, numbered as in Word.

The Markdown is parsed by the content's own dialect (``policykit.content.markdown.parse``),
so the web page holds exactly the blocks the Word document holds. Section and paragraph
numbers come from :class:`policykit.render.labels.SectionNumbers`, the counter the Word
writer uses. Headings move down one level (the page's ``h1`` is the document title), table
header cells get ``scope``, and a link whose target is not http(s), mailto or tel keeps its
words but loses its target, as in Word. Raw HTML is never interpreted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import OptionsDict
from markupsafe import Markup, escape

from policykit.content.markdown import is_safe_link, parse
from policykit.render.labels import SectionNumbers

_CONTAINERS = {"bullet_list_open": 1, "ordered_list_open": 1, "blockquote_open": 1,
               "bullet_list_close": -1, "ordered_list_close": -1, "blockquote_close": -1}


class _Renderer(RendererHTML):
    """markdown-it's HTML renderer with the council's numbering, headings and tables."""

    def heading_open(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        token = tokens[idx]
        level = min(int(token.tag[1]) + 1, 6)
        label = ""
        if env["numbered"] and token.tag == "h1" and not env["depth"]:
            label = env["numbers"].heading()
            env["anchor"] += 1
            return f'<h{level} id="section-{env["anchor"]}"><span class="number">{label}</span> '
        return f"<h{level}>"

    def heading_close(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        return f"</h{min(int(tokens[idx].tag[1]) + 1, 6)}>\n"

    def paragraph_open(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        if tokens[idx].hidden:
            return ""
        if env["numbered"] and not env["depth"]:
            label = env["numbers"].next_paragraph()
            if label:
                return f'<p class="numbered"><span class="number">{label}</span> '
        return "<p>"

    def th_open(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        style = tokens[idx].attrGet("style")
        align = {"text-align:right": "right", "text-align:center": "center"}.get(str(style))
        return f'<th scope="col"{f" class={align!r}" if align else ""}>'.replace("'", '"')

    def td_open(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        style = tokens[idx].attrGet("style")
        align = {"text-align:right": "right", "text-align:center": "center"}.get(str(style))
        return f'<td class="{align}">' if align else "<td>"

    def table_open(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        return '<div class="table-wrap"><table>\n'

    def table_close(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        return "</table></div>\n"

    def link_open(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        href = str(tokens[idx].attrGet("href") or "")
        safe = is_safe_link(href)
        env["links"].append(safe)
        return f'<a href="{escape(href)}">' if safe else ""

    def link_close(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        return "</a>" if env["links"].pop() else ""

    def image(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        alt = "".join(child.content for child in tokens[idx].children or [])
        return str(escape(f"[{alt or 'image'}]"))

    def hr(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        return ""  # Word draws no rule either


def _track_depth(tokens: list[Token]) -> list[Token]:
    """Mark each block token with how many lists or quotes hold it (``meta["depth"]``)."""
    depth = 0
    for token in tokens:
        depth += max(_CONTAINERS.get(token.type, 0), 0)
        token.meta["depth"] = depth
        depth += min(_CONTAINERS.get(token.type, 0), 0)
    return tokens


class _DepthRenderer(_Renderer):
    """Keep ``env["depth"]`` in step with the token being rendered."""

    def render(self, tokens: Sequence[Token], options: Any, env: Any) -> str:
        out: list[str] = []
        for i, token in enumerate(tokens):
            env["depth"] = token.meta.get("depth", 0)
            if token.type == "inline":
                out.append(self.renderInline(token.children or [], options, env))
            elif token.type in self.rules:
                out.append(self.rules[token.type](tokens, i, options, env))
            else:
                out.append(self.renderToken(tokens, i, options, env))
        return "".join(out)


_RENDERER = _DepthRenderer()
_OPTIONS = OptionsDict({"xhtmlOut": False, "breaks": False, "langPrefix": "language-",
                        "highlight": None, "html": False, "linkify": False, "typographer": False,
                        "quotes": "\u201c\u201d\u2018\u2019", "maxNesting": 100})


def markdown_html(text: str, *, numbered: bool, numbers: SectionNumbers | None = None) -> Markup:
    """Return the HTML of a Markdown body, numbering sections and paragraphs when asked."""
    env = {"numbered": numbered, "numbers": numbers or SectionNumbers(), "links": [],
           "depth": 0, "anchor": 0}
    return Markup(_RENDERER.render(_track_depth(parse(text)), _OPTIONS, env))


def inline_html(text: str) -> Markup:
    """Return the HTML of one line of inline Markdown (a report paragraph, a heading)."""
    tokens = parse(text)
    inline = next((t for t in tokens if t.type == "inline"), None)
    if inline is None:
        return Markup("")
    env = {"numbered": False, "numbers": SectionNumbers(), "links": [], "depth": 0,
           "anchor": 0}
    return Markup(_RENDERER.renderInline(inline.children or [], _OPTIONS, env))


__all__ = ["inline_html", "markdown_html"]
