"""Alerts, admonitions, directives, tabs and blocks: one token form for them all, and their title labels in each language.

Each syntax reaches an edition in one form (markdown-it tokens
``admonition_open`` … ``admonition_close``, as mdit-py-plugins' ``admon``
plugin writes them, with ``meta["tag"]`` the kind and ``meta["collapse"]``
``""``, ``"closed"`` or ``"open"``):

- GitHub alerts, ``> [!NOTE]`` (markdown-it's ``alerts`` option gives
  ``alert_open``; :func:`normalise` renames them, the marker is not text);
- mkdocs / pymdown admonitions, ``!!! note "Title"``, and collapsible
  blocks, ``??? note`` (closed) and ``???+ note`` (open), read by ``admon``;
- MyST directives in a backtick or colon fence, ```` ```{note} ```` and
  ``:::{admonition} Title``, whose content is Markdown
  (:data:`pipeline.documents.markdown_containers.PROSE_DIRECTIVES`): the
  fence is replaced by its content, read as Markdown, in the same form;
- pymdown blocks, ``/// note | Title`` … ``///`` (mdit-py-plugins'
  ``container``; ``/// details`` is collapsible, its ``type:`` the kind), and
  mkdocs-material content tabs, ``=== "Tab"`` (:func:`tabs_plugin`): a box
  titled by the tab's label.

A box without a title of its own is titled by its kind's label
(:data:`LABELS`), translated for the edition's language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

#: The English label of each kind, and its Simplified Chinese translation (Traditional editions
#: convert it with the variant's OpenCC configuration). Sphinx's zh_CN catalog
#: (``sphinx/locale/zh_CN/LC_MESSAGES/sphinx.po``) gives attention, danger, error, hint,
#: important, note, see also, tip, warning and todo; Sphinx translates caution as 警告 like
#: warning, so caution is 小心 here (two kinds must not look the same). GitHub's five alert
#: kinds and mkdocs-material's admonition types are covered.
LABELS: dict[str, tuple[str, str]] = {
    "note": ("Note", "注解"),
    "tip": ("Tip", "小技巧"),
    "hint": ("Hint", "提示"),
    "important": ("Important", "重要"),
    "warning": ("Warning", "警告"),
    "caution": ("Caution", "小心"),
    "attention": ("Attention", "注意"),
    "danger": ("Danger", "危险"),
    "error": ("Error", "错误"),
    "seealso": ("See also", "也可以参考"),
    "todo": ("Todo", "待处理"),
    "abstract": ("Abstract", "摘要"),
    "summary": ("Summary", "摘要"),
    "info": ("Info", "信息"),
    "success": ("Success", "成功"),
    "question": ("Question", "问题"),
    "failure": ("Failure", "失败"),
    "bug": ("Bug", "缺陷"),
    "example": ("Example", "示例"),
    "quote": ("Quote", "引用"),
}

#: MyST directives shown as a box (an admonition, a dropdown); other prose directives (tabs, cards) show their content.
BOXED_DIRECTIVES = frozenset(LABELS) | {"admonition", "dropdown"}
#: pymdown blocks shown as a box; others (``html``, ``define``, ``caption``) show their content.
BOXED_PYMDOWN = frozenset(LABELS) | {"admonition", "details", "tab"}
_DIRECTIVE = re.compile(r"^\{([\w-]+)\}[ \t]*(.*?)[ \t]*$")
#: A colon fence's directive: braces optional (``:::{note}``, ``::: note``).
_NAMED = re.compile(r"^\{?([\w-]+)\}?[ \t]*(.*?)[ \t]*$")
_OPTION = re.compile(r"^[ \t]*:[\w-]+:.*$")


_TAB = re.compile(r'^(===\+?)[ \t]+"([^"\n]*)"[ \t]*$')


def tabs_plugin(md: Any) -> None:
    """mkdocs-material content tabs (``=== "Tab"``, the content indented four spaces) as admonition tokens."""
    md.block.ruler.before("fence", "content_tab", _tab, {"alt": ["paragraph", "reference", "blockquote", "list"]})


def _tab(state: Any, start_line: int, end_line: int, silent: bool) -> bool:
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False  # an indented code line
    start = state.bMarks[start_line] + state.tShift[start_line]
    m = _TAB.match(state.src[start : state.eMarks[start_line]])
    if m is None:
        return False
    if silent:
        return True
    old_parent, old_line_max, old_indent = state.parentType, state.lineMax, state.blkIndent
    state.parentType = "admonition"
    state.blkIndent = state.sCount[start_line] + 4
    next_line = start_line + 1
    while next_line < end_line and (state.isEmpty(next_line) or state.sCount[next_line] >= state.blkIndent):
        next_line += 1
    state.lineMax = next_line
    token = state.push("admonition_open", "div", 1)
    token.markup, token.meta, token.map = m.group(1), {"tag": "tab"}, [start_line, next_line]
    token = state.push("admonition_title_open", "p", 1)
    token = state.push("inline", "", 0)
    token.content, token.map, token.children = m.group(2), [start_line, start_line + 1], []
    state.push("admonition_title_close", "p", -1)
    state.md.block.tokenize(state, start_line + 1, next_line)
    state.push("admonition_close", "div", -1)
    state.parentType, state.lineMax, state.blkIndent = old_parent, old_line_max, old_indent
    state.line = next_line
    return True


def label(kind: str, lang: str) -> str:
    """The title a box of *kind* shows without a title of its own, in language *lang* (``en``, ``zh-Hans``, ``zh-TW``...).

    A kind without a label shows its own name, capitalised (as mkdocs does); a
    language without labels shows the English one.
    """
    english, chinese = LABELS.get(kind, (kind.replace("-", " ").capitalize(), ""))
    if not chinese or not lang.lower().startswith("zh"):
        return english
    from pipeline.languages.variants import resolve

    variant = resolve(lang)
    if variant.opencc_config is None:
        return chinese
    from pipeline.languages.convert import to_variant

    return to_variant(chinese, variant.code)


def _options_dropped(content: str) -> str:
    """A directive's content without its leading options (``:class: tip`` lines, or a ``---`` block)."""
    lines = content.split("\n")
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), -1)
        if end > 0:
            lines = lines[end + 1 :]
    while lines and _OPTION.match(lines[0]):
        lines.pop(0)
    return "\n".join(lines)


def _class_option(content: str) -> str:
    """The first class of a directive's ``:class:`` option that names a kind (:data:`LABELS`), else ``""``."""
    for line in content.split("\n"):
        if not _OPTION.match(line):
            break
        name, _, value = line.strip()[1:].partition(":")
        if name == "class":
            return next((c for c in value.split() if c in LABELS), "")
    return ""


def normalise(tokens: Sequence[Any], parse: Callable[[str], list[Any]], has_slots: Callable[[str], bool]) -> list[Any]:
    """*tokens* (markdown-it's, of a whole document) with alerts and directives in the admonition form.

    *parse* reads a directive's content (Markdown) into tokens. A fence is
    replaced by its content when that content is prose: a MyST prose
    directive (:data:`pipeline.documents.markdown_containers.PROSE_DIRECTIVES`),
    a colon fence that is not a code directive, or any fence or indented block
    whose text the reader made translatable (*has_slots*: a content tab, a
    pymdown block). A boxed directive (:data:`BOXED_DIRECTIVES`), or one whose
    argument is a translated title (a tab, a card), is wrapped as an admonition,
    its argument the title.
    """
    from markdown_it.token import Token
    from pipeline.documents.markdown_containers import CODE_DIRECTIVES, PROSE_DIRECTIVES

    out: list[Any] = []
    boxes: list[bool] = []  # each open pymdown block: whether it is a box
    for tok in tokens:
        if tok.type == "alert_open":
            tok = tok.copy(type="admonition_open", attrs={}, meta={"tag": str(tok.meta.get("kind", tok.info)).lower(), "collapse": ""})
        elif tok.type == "alert_close":
            tok = tok.copy(type="admonition_close")
        elif tok.type in ("alert_title_open", "alert_title_close"):
            tok = tok.copy(type=tok.type.replace("alert", "admonition"))
        elif tok.type == "admonition_open":
            collapse = {"???": "closed", "???+": "open"}.get(tok.markup, "")
            tok = tok.copy(meta={"tag": str(tok.meta.get("tag", "")), "collapse": collapse})
        elif tok.type == "container_pymdown_open":
            name, _, title = tok.info.strip().partition(" ")
            name, title = name.strip().lower(), title.strip().lstrip("|").strip()  # /// note | Title
            if name in BOXED_PYMDOWN:
                boxes.append(True)
                out.append(Token("admonition_open", "div", 1, meta={"tag": name, "collapse": "closed" if name == "details" else ""}))
                out.append(Token("admonition_title_open", "p", 1))
                out.append(Token("inline", "", 0, content=title, children=[Token("text", "", 0, content=title)]))
                out.append(Token("admonition_title_close", "p", -1))
            else:
                boxes.append(False)  # html, define, caption...: the content alone
            continue
        elif tok.type == "container_pymdown_close":
            if boxes and boxes.pop():
                out.append(Token("admonition_close", "div", -1))
            continue
        if tok.type == "code_block" and out and out[-1].type == "admonition_title_close" and not has_slots(tok.content):
            typed = re.search(r"^\s*type:\s*([\w-]+)", tok.content, re.M)  # a pymdown block's options
            box = next(t for t in reversed(out) if t.type == "admonition_open")
            if typed and box.meta.get("tag") in ("admonition", "details"):
                box.meta = {**box.meta, "tag": typed.group(1).lower()}
            continue
        if tok.type not in ("fence", "colon_fence", "code_block"):
            out.append(tok)
            continue
        m = (_DIRECTIVE if tok.type == "fence" else _NAMED).match(tok.info or "") if tok.type != "code_block" else None
        name, argument = (m.group(1), m.group(2)) if m else ("", "")
        prose = (name in PROSE_DIRECTIVES or (tok.type == "colon_fence" and bool(name) and name not in CODE_DIRECTIVES)
                 or has_slots(tok.content))
        if not prose:
            out.append(tok)
            continue
        inner = normalise(parse(_options_dropped(tok.content)), parse, has_slots)
        if name not in BOXED_DIRECTIVES and not has_slots(argument):
            out.extend(inner)  # a tab set, a card without a title: its content
            continue
        kind = _class_option(tok.content) if name == "admonition" else ""  # {admonition} Title + :class: tip
        out.append(Token("admonition_open", "div", 1, meta={"tag": kind or name, "collapse": "closed" if name == "dropdown" else ""}))
        out.append(Token("admonition_title_open", "p", 1))
        out.append(Token("inline", "", 0, content=argument, children=[Token("text", "", 0, content=argument)]))
        out.append(Token("admonition_title_close", "p", -1))
        out.extend(inner)
        out.append(Token("admonition_close", "div", -1))
    return out
