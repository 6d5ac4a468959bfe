"""Site-generator template syntax in a Markdown article's HTML, EPUB and PDF editions.

A block that holds nothing but template syntax (Hugo's ``{{< … >}}`` and
``{{% … %}}`` shortcodes, Jekyll's Liquid ``{% … %}`` tags, ``{{ … }}``
expressions) is markup for a site generator: the reader keeps it out of the
PO and the Markdown edition keeps it byte for byte. A static edition cannot
run the generator's templates, so:

- Hugo's built-in ``figure`` shortcode (its documented parameters ``src``,
  ``alt``, ``caption``, ``title``, ``link``, ``width``, ``height``,
  ``class``) becomes a ``<figure>``: its ``<img>`` is settled like a Markdown
  image (:mod:`pipeline.publish.images`: copied, embedded, or warned about),
  its caption the translation when the reader translated it;
- any other template block is left out, and so is template syntax inside a
  text (:func:`without_templates`: a link to ``{{< ref … >}}`` keeps its text,
  code spans keep theirs); :func:`left_out_warning` names each one (with its
  line or sentence id) in one warning, rather than printing the template
  source as text.
"""

from __future__ import annotations

import dataclasses
import html
import re
from functools import lru_cache
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.documents.blocks import InlineSyntax, Skeleton
from pipeline.documents.markdown_containers import TEMPLATE_CODE_BLOCKS
from pipeline.documents.markdown_syntax import TEMPLATE as TEMPLATE_SYNTAX
from pipeline.publish.model import Edition, Sentence

#: One piece of template syntax: a Hugo shortcode (``{{< >}}``, ``{{% %}}``), a ``{{ }}`` expression, a Liquid ``{% %}`` tag.
TEMPLATE = re.compile(TEMPLATE_SYNTAX)
_ONLY_TEMPLATES = re.compile(rf"\s*(?:(?:{TEMPLATE.pattern})\s*)+", re.DOTALL)
#: A shortcode or tag's name: ``{{< figure …``, ``{{% /note``, ``{% include …``, ``{{ .Title }}``.
_NAME = re.compile(r"\{[{%][<%]?-?\s*/?\s*([^\s<>%}]+)")
_SHORTCODE = re.compile(r"\{\{([<%])\s*(.*?)\s*[>%]\}\}", re.DOTALL)
_PARAM = re.compile(r"""([A-Za-z_][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`|'([^']*)'|([^\s"'`]+))""")
#: The parameters of Hugo's ``figure`` shortcode that the edition writes (https://gohugo.io/shortcodes/figure/).
FIGURE_PARAMS = ("src", "alt", "caption", "title", "link", "width", "height", "class")
#: A template block whose body is code (the reader keeps it as code:
#: :data:`pipeline.documents.markdown_containers.TEMPLATE_CODE_BLOCKS`), with its language and body.
_SHOWN_AS_CODE = {style: "|".join(sorted(names - {"comment"})) for style, names in TEMPLATE_CODE_BLOCKS.items()}  # a comment: no text
_CODE_BLOCK = re.compile(
    rf"\{{%-?\s*(?P<name>{_SHOWN_AS_CODE['liquid']})\s*(?P<lang>[\w+#.-]*)[^%\n]*-?%\}}\n(?P<body>.*)\n\{{%-?\s*end(?P=name)\s*-?%\}}"
    rf"|\{{\{{[<%]\s*(?P<hname>{_SHOWN_AS_CODE['hugo']})\s*(?P<hlang>[\w+#.-]*)[^\n]*?[>%]\}}\}}\n(?P<hbody>.*)\n\{{\{{[<%]\s*/(?P=hname)\s*[>%]\}}\}}",
    re.DOTALL,
)
#: Invisible separators around the placeholder a template block leaves in the document the HTML is rendered from.
_MARK = "\u2063"


@dataclass(frozen=True)
class Template:
    """A top-level block of a Markdown article that is template syntax only, or a template block whose body is
    code (``{% highlight ruby %}`` … ``{% endhighlight %}``, Hugo's ``{{< highlight go >}}``: :attr:`code`)."""

    line: int  #: its first line, 1-based
    lines: int  #: how many lines it spans
    start: int  #: its offsets in the source
    end: int
    text: str

    @property
    def names(self) -> tuple[str, ...]:
        """The names of its shortcodes and tags (``figure``, ``include``)."""
        return tuple(m.group(1) for m in (_NAME.match(t.group(0)) for t in TEMPLATE.finditer(self.text)) if m)

    @property
    def code(self) -> tuple[str, str] | None:
        """``(language, body)`` of a template block whose body is code; None for any other."""
        found = _CODE_BLOCK.fullmatch(self.text.strip())
        if found is None:
            return None
        return found.group("lang") or found.group("hlang") or "", found.group("body") or found.group("hbody")

    @property
    def figure(self) -> dict[str, str] | None:
        """The parameters of Hugo's ``figure`` shortcode when the block is that one shortcode alone."""
        found = _SHORTCODE.fullmatch(self.text.strip())
        if found is None:
            return None
        name, _, rest = found.group(2).partition(" ")
        if name != "figure":
            return None
        params = {}
        for m in _PARAM.finditer(rest):
            value = next(v for v in m.groups()[1:] if v is not None)
            params[m.group(1).lower()] = re.sub(r"\\(.)", r"\1", value) if m.group(2) is not None else value
        return params if params.get("src") else None


@lru_cache(maxsize=8)
def _paragraphs(source: str, body_start: int) -> tuple[tuple[int, int, int, bool], ...]:
    """The body's paragraphs as markdown-it reads the document: ``(level, first line, end line, has text)``;
    parsed once per document for :func:`template_blocks` and :func:`tag_lines` (an edition asks both)."""
    from pipeline.publish.structure import blank_before, document_markdown

    tokens = document_markdown().parse(blank_before(source, body_start), {})
    return tuple(
        (tok.level, tok.map[0], tok.map[1], bool(tokens[i + 1].content.strip()))
        for i, tok in enumerate(tokens) if tok.type == "paragraph_open" and tok.map
    )


def _line_starts(source: str) -> list[int]:
    starts = [0]
    for line in source.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts


def template_blocks(skeleton: Skeleton) -> tuple[Template, ...]:
    """The top-level blocks of a Markdown article's body that hold nothing but template syntax, or whose body is code."""
    if "{" not in skeleton.source:
        return ()
    starts, found = _line_starts(skeleton.source), []
    for level, first, last, has_text in _paragraphs(skeleton.source, skeleton.body_start):
        if level != 0:
            continue
        start, end = starts[first], starts[min(last, len(starts) - 1)]
        text = skeleton.source[start:end].rstrip("\n")
        template = Template(first + 1, last - first, start, start + len(text), text)
        if (_ONLY_TEMPLATES.fullmatch(text) and has_text) or template.code is not None:
            found.append(template)
    return tuple(found)


def tag_lines(skeleton: Skeleton) -> list[tuple[int, int, str]]:
    """The lines of template tags only (``{% if page.x %}``, ``{% endif %}``, ``{{< /alert >}}``) inside the body's
    paragraphs, each as a span to blank (:func:`pipeline.publish.structure.marked_document`): they print nothing
    where they stand, and the reader keeps them out of every entry. Code blocks keep theirs."""
    if "{" not in skeleton.source:
        return []
    from pipeline.documents.markdown_syntax import TEMPLATE_LINE

    starts, found = _line_starts(skeleton.source), []
    for _, first, last, _ in _paragraphs(skeleton.source, skeleton.body_start):
        for number in range(first, min(last, len(starts) - 1)):
            line = skeleton.source[starts[number] : starts[number + 1]].rstrip("\n")
            if TEMPLATE_LINE.match(line):
                found.append((starts[number], starts[number] + len(line), ""))
    return found


def left_out_warning(templates: tuple[Template, ...], inline: tuple[tuple[str, str], ...] = ()) -> str | None:
    """One warning naming the template blocks, and the template syntax inside texts (*inline*: ``(name, where)``
    pairs, :func:`without_templates`), that an HTML, EPUB or PDF edition leaves out (None when there is none)."""
    left = [("/".join(t.names) or t.text[:20], f"line {t.line}") for t in templates if t.figure is None and t.code is None]
    left.extend(inline)
    if not left:
        return None
    named = ", ".join(f"{name} ({where})" for name, where in left)
    return (f"{len(left)} template tag{'s' if len(left) != 1 else ''} left out of the edition "
            f"(a static edition cannot run a site generator's templates; the Markdown edition keeps them): {named}")


_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
#: A Markdown link whose destination is template syntax (Hugo's ``[text]({{< ref "post.md" >}})``).
_TEMPLATE_LINK = re.compile(rf"(?<!!)\[((?:[^\[\]\\]|\\.)*)\]\(\s*(?:{TEMPLATE.pattern})[^)\n]*\)", re.DOTALL)


def without_templates(text: str) -> tuple[str, tuple[str, ...]]:
    """A Markdown *text* without its inline template syntax, and the names of what went: a link whose destination
    is a template is its text alone (no address to go to), any other template is left out; code spans are kept."""
    if "{" not in text:
        return text, ()
    names: list[str] = []

    def link(m: re.Match[str]) -> str:
        names.extend(n.group(1) for n in (_NAME.match(t.group(0)) for t in TEMPLATE.finditer(m.group(0))) if n)
        return m.group(1)

    def other(m: re.Match[str]) -> str:
        found = _NAME.match(m.group(0))
        names.append(found.group(1) if found else m.group(0)[:20])
        return ""

    out, at = [], 0
    for code in [*_CODE_SPAN.finditer(text), None]:
        end = code.start() if code is not None else len(text)
        part = TEMPLATE.sub(other, _TEMPLATE_LINK.sub(link, text[at:end]))
        out.append(re.sub(r"(?<=\S) {2,}(?=\S)", " ", part))
        if code is not None:
            out.append(code.group(0))
            at = code.end()
    return "".join(out).strip(), tuple(names)


def template_spans(templates: tuple[Template, ...]) -> list[tuple[int, int, str]]:
    """Each template block's offsets and the placeholder paragraph that stands for it (for
    :func:`pipeline.publish.structure.marked_document`; :func:`replace_marks` puts the block's HTML in its place)."""
    return [(t.start, t.end, _fenced(*t.code) if t.code is not None else f"{_MARK}template-{k}{_MARK}")
            for k, t in enumerate(templates)]


def _fenced(language: str, body: str) -> str:
    """A code template's body as a fenced code block (a fence longer than any backtick run in it)."""
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", body)), default=0))
    return f"{fence}{language}\n{body}\n{fence}"


def replace_marks(rows: list[str], templates: tuple[Template, ...], figure_html: Callable[[Template], str]) -> list[str]:
    """*rows* with each placeholder's row replaced by its figure (:func:`figure_html`) or left out."""
    if not templates:
        return rows
    out = []
    for row in rows:
        found = re.search(f"{_MARK}template-(\\d+){_MARK}", row)
        if found is None:
            out.append(row)
            continue
        template = templates[int(found.group(1))]
        if template.figure is not None:
            out.append(f'<div class="block shared">{figure_html(template)}</div>')
    return out


def figure(params: dict[str, str], caption_html: str) -> str:
    """Hugo's ``figure`` as HTML: the image (in its link), then the title and caption under it."""
    attrs = "".join(
        f' {name}="{html.escape(params[name])}"' for name in ("src", "alt", "width", "height") if params.get(name)
    )
    if "alt" not in params:
        attrs += ' alt=""'
    image = f"<img{attrs}>"
    if params.get("link"):
        image = f'<a href="{html.escape(params["link"])}">{image}</a>'
    klass = f' class="{html.escape(params["class"])}"' if params.get("class") else ""
    title = f"<strong>{html.escape(params['title'])}</strong> " if params.get("title") else ""
    caption = f"<figcaption>{title}{caption_html}</figcaption>" if title or caption_html else ""
    return f"<figure{klass}>{image}{caption}</figure>"


def inline_templates_left_out(edition: Edition) -> tuple[Edition, tuple[tuple[str, str], ...]]:
    """A Markdown article's *edition* with the template syntax inside its texts left out (:func:`without_templates`),
    for an HTML, EPUB or PDF edition; and what went, as ``(name, sentence id)`` pairs (counted from the sources)."""
    if edition.document.inline is not InlineSyntax.MARKDOWN:
        return edition, ()
    gone: list[tuple[str, str]] = []

    def sentence(s: Sentence) -> Sentence:
        source, names = without_templates(s.source)
        if not names:
            return s
        gone.extend((name, s.id) for name in names)
        return dataclasses.replace(s, source=source, target=without_templates(s.target)[0])

    blocks = tuple(
        dataclasses.replace(b, sentences=tuple(sentence(s) for s in b.sentences)) if "{" in b.source else b
        for b in edition.blocks
    )
    return (dataclasses.replace(edition, blocks=blocks) if gone else edition), tuple(gone)
