"""Markdown containers that CommonMark does not know, whose content is Markdown: found by their lines, read as documents of their own.

CommonMark reads the content of a mkdocs admonition (``!!! note``), a
collapsible block (``???``, ``???+``), a content tab (``=== "Tab"``), a
pymdown block (``/// note`` … ``///``), a MyST colon fence (``:::{note}`` …
``:::``) or a footnote's indented paragraphs as an indented code block, or
joins it to the line before. :func:`find_containers` finds them line by
line (skipping fenced code); the reader blanks their lines for CommonMark and
reads each content as a document of its own (:class:`Region` says where
each of its lines starts in the source). A MyST directive in a backtick fence
(```` ```{note} ````) is a fence for CommonMark: :func:`directive_region`
gives its content when the directive holds prose (:data:`PROSE_DIRECTIVES`).
The marker lines, a directive's options (``:class: tip``, a ``---`` block)
and a footnote's ``[^1]:`` stay as they are. A template block whose body is
code or no text (:data:`TEMPLATE_CODE_BLOCKS`: Liquid ``{% highlight ruby %}``
… ``{% endhighlight %}``, Hugo ``{{< highlight go >}}`` … ``{{< /highlight >}}``)
is a region kept as it is, line for line, and listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: MyST directives whose content is Markdown prose (admonitions, tabs, dropdowns, version notes, ...).
PROSE_DIRECTIVES = frozenset(
    {"admonition", "attention", "caution", "danger", "error", "hint", "important", "note", "seealso", "tip",
     "warning", "tab", "tab-item", "tab-set", "dropdown", "card", "grid-item-card", "versionadded",
     "versionchanged", "deprecated", "sidebar", "topic", "epigraph", "margin", "div", "rubric", "todo",
     "table", "list-table", "figure", "grid", "container", "versionremoved"}
)  # fmt: skip

#: MyST directives whose content is code or data, not prose: kept as they are (and listed).
CODE_DIRECTIVES = frozenset(
    {"code", "code-block", "code-cell", "sourcecode", "literalinclude", "include", "math", "eval-rst", "toctree",
     "csv-table", "raw", "mermaid", "graphviz", "glossary", "autodoc", "automodule",
     "autoclass", "autofunction", "image", "contents"}
)  # fmt: skip
#: MyST directives whose argument is a title (translated); others' arguments are versions, paths, ...
TITLED_DIRECTIVES = frozenset(
    {"admonition", "dropdown", "tab", "tab-item", "card", "grid-item-card", "sidebar", "topic", "rubric", "table", "list-table"}
)
#: MyST admonitions that take no argument: text after the name starts the content (``{note} Read this.``).
UNTITLED_ADMONITIONS = frozenset(
    {"attention", "caution", "danger", "error", "hint", "important", "note", "seealso", "tip", "warning", "todo"}
)
#: Sphinx version notes: the argument is a version, then an optional explanation (translated).
VERSION_DIRECTIVES = frozenset({"versionadded", "versionchanged", "deprecated", "versionremoved"})
#: pymdown blocks whose argument (``/// html | div.result``) is not a title; every other block's is.
UNTITLED_PYMDOWN_BLOCKS = frozenset({"html", "caption", "figure-caption", "table-caption", "define"})

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
#: ``!!! note "Title"``, ``??? tip``, ``???+ info``, ``=== "Tab"`` (``===+``, ``===!``): content indented four more spaces.
_INDENTED = re.compile(r"^( *)(?:!!!|\?\?\?\+?|===[+!]{0,2})[ \t]+\S")
#: ``:::{note}`` / ``::: note`` (MyST colon fence), ``/// note`` (pymdown block): closed by the same run.
_COLON_OPEN = re.compile(r"^( *)(:{3,}|/{3,})[ \t]*\{?([A-Za-z][\w-]*)\}?[ \t]*(.*?)[ \t]*$")
#: ``!!! note "Title"``: a quoted title.
_QUOTED_TITLE = re.compile(r'"([^"\n]+)"')
#: ``[^label]: text``: a footnote definition; its further paragraphs are indented four spaces.
_FOOTNOTE = re.compile(r"^( {0,3})\[\^[^\]\s]+\]:[ \t]*")
_OPTION = re.compile(r"^[ \t]*:[\w-]+:")
#: Template block tags whose body is code or no text at all: kept as they are (and listed). Liquid (Jekyll)
#: ``{% highlight ruby %}`` … ``{% endhighlight %}``, ``{% comment %}``, Octopress ``{% codeblock %}``; Hugo
#: ``{{< highlight go >}}`` … ``{{< /highlight >}}`` (and ``{{% … %}}``). ``{% raw %}`` is not here: its body is
#: Markdown rendered as usual (only Liquid is off), so it is read as prose and its tag lines stay out of the slots.
TEMPLATE_CODE_BLOCKS = {
    "liquid": frozenset({"highlight", "comment", "codeblock"}),
    "hugo": frozenset({"highlight", "code", "code-toggle"}),
}
#: A line that opens a template block: ``{% name …%}`` (Liquid, ``{%-`` too) or ``{{< name … >}}`` / ``{{% name … %}}`` (Hugo).
_TEMPLATE_OPEN = re.compile(r"^[ \t]*(?:\{%-?[ \t]*(?P<liquid>[\w-]+)[^\n]*?-?%\}|\{\{[<%][ \t]*(?P<hugo>[\w-]+)[^\n]*?[>%]\}\})[ \t]*$")
#: ``:   The meaning`` (Python-Markdown, PHP Markdown Extra, MyST): a definition; its further paragraphs are indented four spaces.
_DEFINITION = re.compile(r"^( {0,3}):[ \t]+(?=\S)")


@dataclass(frozen=True)
class Region:
    """A container: source lines ``first..last`` (0-based, inclusive) blanked for CommonMark,
    and its content as ``(line, column)`` pairs: where each content line starts in the source."""

    first: int
    last: int
    content: tuple[tuple[int, int], ...]
    kind: str
    #: The title on the marker line, as ``(column, end column, escape)``, when it is translated.
    title: tuple[int, int, str] | None = None
    #: The directive whose content is code or data (kept, listed as untranslated); empty for prose.
    kept: str = ""
    #: A directive's argument that is neither a title nor content (an unknown directive's), as
    #: ``(column, end column)`` on the marker line: kept and listed.
    argument: tuple[int, int] | None = None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _indented_block(lines: list[str], start: int, indent: int) -> int:
    """The last line of the block indented at least *indent* that follows line *start* (blank lines inside)."""
    last = start
    i = start + 1
    while i < len(lines):
        line = lines[i]
        if line.strip():
            if _indent(line) < indent:
                break
            last = i
        i += 1
    return last


def find_containers(lines: list[str], first: int = 0) -> list[Region]:
    """The containers of a document's *lines* (from line *first*), outermost only, in order."""
    regions: list[Region] = []
    fence = ""
    i = first
    first_text = next((k for k in range(first, len(lines)) if lines[k].strip()), len(lines))
    while i < len(lines):
        line = lines[i]
        m = _FENCE.match(line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not line.strip(" `~"):
                fence = ""
            i += 1
            continue
        if m:
            fence = m.group(1)
            i += 1
            continue
        if (m := _INDENTED.match(line)) is not None:
            indent = len(m.group(1)) + 4
            last = _indented_block(lines, i, indent)
            if last > i:
                t = _QUOTED_TITLE.search(line, m.end() - 1)
                title = (t.start(1), t.end(1), 'md-title"') if t else None
                regions.append(Region(i, last, tuple((k, indent) for k in range(i + 1, last + 1)), "indented", title))
            i = last + 1
            continue
        if (m := _TEMPLATE_OPEN.match(line)) is not None and (region := _template_block(lines, i, m)) is not None:
            regions.append(region)
            i = region.last + 1
            continue
        if (m := _COLON_OPEN.match(line)) is not None:
            run = m.group(2)
            # a colon fence closes with as many colons or more; a pymdown block with as many slashes
            # (its children take more: "/// settings" holds "//// tab")
            count = f"{{{len(run)}}}" if run[0] == "/" else f"{{{len(run)},}}"
            close = re.compile(rf"^ *{re.escape(run[0])}{count}[ \t]*$")
            end = next((k for k in range(i + 1, len(lines)) if close.match(lines[k])), -1)
            if end > i:
                name, at = m.group(3), m.start(4)
                pymdown = run[0] == "/"
                if pymdown:
                    content = _pymdown_options_skipped(lines, i + 1, end - 1, len(m.group(1)))
                    title = _pymdown_title(line, name, at)
                    regions.append(Region(i, end, content, "fence", title))
                elif "{" not in line[: m.start(4)]:  # Docusaurus: ":::note Title", ":::note[Title]"
                    content = _options_skipped(lines, i + 1, end - 1, len(m.group(1)))
                    regions.append(Region(i, end, content, "fence", _docusaurus_title(line, at)))
                else:
                    content = _options_skipped(lines, i + 1, end - 1, len(m.group(1)))
                    kept = f":::{{{name}}}" if name in CODE_DIRECTIVES else ""
                    title, first_content, argument = _directive_argument(line, name, at)
                    if first_content is not None and not kept:
                        content = ((i, first_content),) + content
                    regions.append(Region(i, end, content, "fence", title, kept, argument))
                i = end + 1
                continue
        # A ":" line after a block is a definition (Python-Markdown takes whatever block is before it as its term).
        footnote = _FOOTNOTE.match(line)
        m = footnote or (_DEFINITION.match(line) if i > first_text else None)
        if m is not None:
            marker = _FOOTNOTE if footnote else _DEFINITION
            last = i
            k = i + 1
            while k < len(lines) and lines[k].strip() and not marker.match(lines[k]):
                if not footnote and k + 1 < len(lines) and _DEFINITION.match(lines[k + 1]):
                    break  # the term of the next definition
                last = k  # lazy continuation lines of its first paragraph
                k += 1
            last = max(last, _indented_block(lines, last, 4)) if last + 1 < len(lines) else last
            lines_of = [(i, m.end())] + [(k, min(_indent(lines[k]), 4)) for k in range(i + 1, last + 1)]
            regions.append(Region(i, last, tuple(lines_of), "footnote" if footnote else "definition"))
            i = last + 1
            continue
        i += 1
    return regions


def _template_block(lines: list[str], first: int, opener: re.Match[str]) -> Region | None:
    """A template block whose body is code (:data:`TEMPLATE_CODE_BLOCKS`) opened at line *first*, up to the line
    that ends with its closing tag (``{% endhighlight %}``, ``{{< /highlight >}}``); None for any other tag, or one never closed."""
    if opener.group("liquid") is not None:
        name, style = opener.group("liquid"), "liquid"
        close = re.compile(rf"\{{%-?[ \t]*end{re.escape(name)}[ \t]*-?%\}}[ \t]*$")
        shown = f"{{% {name} %}}"
    else:
        name, style = opener.group("hugo"), "hugo"
        close = re.compile(rf"\{{\{{([<%])[ \t]*/[ \t]*{re.escape(name)}[ \t]*[>%]\}}\}}[ \t]*$")
        shown = f"{{{{< {name} >}}}}"
    if name not in TEMPLATE_CODE_BLOCKS[style]:
        return None
    end = next((k for k in range(first + 1, len(lines)) if close.search(lines[k])), -1)
    if end < 0:
        return None
    return Region(first, end, tuple((k, 0) for k in range(first + 1, end)), "template", kept=shown)


def _directive_argument(line: str, name: str, at: int) -> tuple[tuple[int, int, str] | None, int | None, tuple[int, int] | None]:
    """What a MyST directive's argument (from column *at* of its marker *line*) is:
    ``(title, content column, kept argument)``, at most one of them set."""
    argument = line[at:].rstrip()
    if not argument.strip():
        return None, None, None
    end = at + len(argument)
    if name in TITLED_DIRECTIVES:
        return (at, end, "md-heading"), None, None
    if name in UNTITLED_ADMONITIONS:
        return None, at, None
    if name in VERSION_DIRECTIVES:
        version = re.match(r"\S+[ \t]*", argument)
        start = at + (version.end() if version else 0)
        return ((start, end, "md-heading") if start < end else None), None, None
    if name in CODE_DIRECTIVES or name in PROSE_DIRECTIVES:
        return None, None, None  # a path, a class, a number of columns: not text
    return None, None, (at, end)


def _docusaurus_title(line: str, at: int) -> tuple[int, int, str] | None:
    """The title of a Docusaurus admonition (``:::note Title`` or ``:::note[Title]``) from column *at*."""
    m = re.match(r"\[(.*)\][ \t]*$|(.*?)[ \t]*$", line[at:])
    if m is None:
        return None
    group = 1 if m.group(1) is not None else 2
    if not m.group(group).strip():
        return None
    return at + m.start(group), at + m.end(group), "md-heading"


def _pymdown_title(line: str, name: str, at: int) -> tuple[int, int, str] | None:
    """The title of a pymdown block (``/// note | Title``): after the ``|``, for every block but
    :data:`UNTITLED_PYMDOWN_BLOCKS`."""
    m = re.match(r"\|[ \t]*(.*?)[ \t]*$", line[at:])
    if m is None or not m.group(1) or name in UNTITLED_PYMDOWN_BLOCKS:
        return None
    return at + m.start(1), at + m.end(1), "md-heading"


def _pymdown_options_skipped(lines: list[str], first: int, last: int, indent: int) -> tuple[tuple[int, int], ...]:
    """A pymdown block's content lines ``first..last``; its options (YAML indented four spaces right
    after the marker line: ``    type: warning``) are left out (an empty content line each)."""
    content: list[tuple[int, int]] = []
    k = first
    while k <= last and lines[k].strip() and _indent(lines[k]) >= indent + 4:
        content.append((k, len(lines[k])))
        k += 1
    content.extend((j, min(indent, _indent(lines[j]))) for j in range(k, last + 1))
    return tuple(content)


def _options_skipped(lines: list[str], first: int, last: int, indent: int) -> tuple[tuple[int, int], ...]:
    """Content lines ``first..last`` at *indent*; a directive's leading options (``:key: value`` lines,
    or a ``---`` block) are left out (an empty content line each)."""
    content: list[tuple[int, int]] = []
    k = first
    if k <= last and lines[k].strip() == "---":
        end = next((j for j in range(k + 1, last + 1) if lines[j].strip() == "---"), -1)
        if end > 0:
            content.extend((j, len(lines[j])) for j in range(k, end + 1))
            k = end + 1
    while k <= last and _OPTION.match(lines[k]):
        content.append((k, len(lines[k])))
        k += 1
    content.extend((j, min(indent, _indent(lines[j]))) for j in range(k, last + 1))
    return tuple(content)


def directive_region(info: str, first: int, last: int, lines: list[str]) -> Region | None:
    """A MyST directive in a backtick fence (lines ``first..last`` with the fences): its content
    when the directive holds prose, or the directive kept (code, data, a directive this reader
    does not know) with what it shows; None for a fence that is no directive."""
    m = re.match(r"^\{([\w:.-]+)\}", info.strip())
    if m is None:
        return None
    name = m.group(1)
    closing = last if last > first and _FENCE.match(lines[last]) else last + 1
    indent = _indent(lines[first])
    line = lines[first]
    at = line.find(m.group(0)) + len(m.group(0))
    at += len(line[at:]) - len(line[at:].lstrip(" \t"))
    content = _options_skipped(lines, first + 1, closing - 1, indent) if closing - 1 >= first + 1 else ()
    if name not in PROSE_DIRECTIVES:
        shown = ((first, at),) if line[at:].strip() else ()
        return Region(first, min(last, len(lines) - 1), shown + content, "directive", kept=f"```{{{name}}}")
    title, first_content, _ = _directive_argument(line, name, at)
    if first_content is not None:
        content = ((first, first_content),) + content
    if not content:
        return None
    return Region(first, min(last, len(lines) - 1), content, "directive", title)
