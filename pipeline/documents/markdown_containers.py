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
and a footnote's ``[^1]:`` stay as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: MyST directives whose content is Markdown prose (admonitions, tabs, dropdowns, version notes, ...).
PROSE_DIRECTIVES = frozenset(
    {"admonition", "attention", "caution", "danger", "error", "hint", "important", "note", "seealso", "tip",
     "warning", "tab", "tab-item", "tab-set", "dropdown", "card", "grid-item-card", "versionadded",
     "versionchanged", "deprecated", "sidebar", "topic", "epigraph", "margin", "div", "rubric", "todo"}
)  # fmt: skip

#: MyST directives whose content is code or data, not prose: kept as they are (and listed).
CODE_DIRECTIVES = frozenset(
    {"code", "code-block", "code-cell", "sourcecode", "literalinclude", "include", "math", "eval-rst", "toctree",
     "list-table", "csv-table", "table", "raw", "mermaid", "graphviz", "glossary", "autodoc", "automodule",
     "autoclass", "autofunction", "image", "figure", "contents"}
)  # fmt: skip
#: MyST directives whose argument is a title (translated); others' arguments are versions, paths, ...
TITLED_DIRECTIVES = frozenset({"admonition", "dropdown", "tab", "tab-item", "card", "grid-item-card", "sidebar", "topic", "rubric"})

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
#: ``!!! note "Title"``, ``??? tip``, ``???+ info``, ``=== "Tab"``: content indented four more spaces.
_INDENTED = re.compile(r"^( *)(?:!!!|\?\?\?\+?|===\+?)[ \t]+\S")
#: ``:::{note}`` / ``::: note`` (MyST colon fence), ``/// note`` (pymdown block): closed by the same run.
_COLON_OPEN = re.compile(r"^( *)(:{3,}|/{3,})[ \t]*\{?([A-Za-z][\w-]*)\}?[ \t]*(.*?)[ \t]*$")
#: ``!!! note "Title"``: a quoted title.
_QUOTED_TITLE = re.compile(r'"([^"\n]+)"')
#: ``[^label]: text``: a footnote definition; its further paragraphs are indented four spaces.
_FOOTNOTE = re.compile(r"^( {0,3})\[\^[^\]\s]+\]:[ \t]*")
_OPTION = re.compile(r"^[ \t]*:[\w-]+:")


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
        if (m := _COLON_OPEN.match(line)) is not None:
            run = m.group(2)
            close = re.compile(rf"^ *{re.escape(run[0])}{{{len(run)},}}[ \t]*$")
            end = next((k for k in range(i + 1, len(lines)) if close.match(lines[k])), -1)
            if end > i:
                name, argument = m.group(3), m.group(4)
                title = (m.start(4), m.end(4), "md-heading") if argument and name in TITLED_DIRECTIVES else None
                content = _options_skipped(lines, i + 1, end - 1, len(m.group(1)))
                kept = f":::{{{name}}}" if name in CODE_DIRECTIVES else ""
                regions.append(Region(i, end, content, "fence", title, kept))
                i = end + 1
                continue
        if (m := _FOOTNOTE.match(line)) is not None:
            last = i
            k = i + 1
            while k < len(lines) and lines[k].strip() and not _FOOTNOTE.match(lines[k]):
                last = k  # lazy continuation lines of its first paragraph
                k += 1
            last = max(last, _indented_block(lines, last, 4)) if last + 1 < len(lines) else last
            lines_of = [(i, m.end())] + [(k, min(_indent(lines[k]), 4)) for k in range(i + 1, last + 1)]
            regions.append(Region(i, last, tuple(lines_of), "footnote"))
            i = last + 1
            continue
        i += 1
    return regions


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
    """The content of a MyST directive in a backtick fence (lines ``first..last`` with the fences),
    when the directive holds prose; None otherwise."""
    m = re.match(r"^\{([\w-]+)\}[ \t]*(.*?)[ \t]*$", info.strip())
    if m is None or m.group(1) not in PROSE_DIRECTIVES:
        return None
    closing = last if last > first and _FENCE.match(lines[last]) else last + 1
    if closing - 1 < first + 1:
        return None
    indent = _indent(lines[first])
    title = None
    if m.group(2) and m.group(1) in TITLED_DIRECTIVES:
        at = lines[first].rfind(m.group(2))
        title = (at, at + len(m.group(2)), "md-heading") if at >= 0 else None
    content = _options_skipped(lines, first + 1, closing - 1, indent)
    return Region(first, min(last, len(lines) - 1), content, "directive", title)
