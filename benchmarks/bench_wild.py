"""Documents from the wild through the CLI: identity round trip, structure after a word-for-word run, visible text.

Usage: ``python benchmarks/bench_wild.py [--only NAME ...] [--no-model] [--plain] [--details] [--json FILE]``

Each file of ``tests/data/wild/`` (real Markdown files and saved news pages, see
its README) goes through the commands a user runs, as subprocesses:

1. ``mtpipe translate FILE --engine none --no-memory --report R -o DIR``; every
   msgstr is set to its msgid and every fuzzy flag cleared (with polib: a
   reviewer who accepts the English as it is), then ``mtpipe build PO --format
   md|html --layout target-only -o OUT``.

   **identity**: Markdown comes back byte-identical; an HTML page gives the
   same sequence of (start tag, whitespace-normalised text) in its body.
2. The same with the word-for-word test model (``python -m
   pipeline.testing.lexical_model``, installed with ``mtpipe models install``
   into a private ``ARGOS_PACKAGES_DIR``) instead of ``--engine none``; the
   drafts are accepted as they are (fuzzy cleared) and built.

   **structure**: an HTML page keeps its sequence of start tags; Markdown keeps
   its sequence of block tokens (markdown-it-py with front matter, footnotes,
   definition and task lists, dollar math, admonitions, colon fences and GitHub
   alerts) and of inline tokens other than text, code and math content compared
   (an HTML block by its start tags and the text no reader sees in it, a MyST
   role by its name and target).
3. **visible**: every visible text run of the source is in the PO's msgids or
   in the report's list of what was left untranslated. HTML: the text of the
   page outside ``script``, ``style``, ``template``, ``noscript``, ``svg``,
   ``iframe``, ``head`` (its ``title`` counts), ``pre``, ``code``, ``hidden``
   and ``translate="no"``. Markdown: the text of the page rendered by
   markdown-it-py as in 2, with mkdocs admonitions and content tabs, and a
   definition whose term is no paragraph read as Python-Markdown reads it (its
   content is Markdown); a Docusaurus admonition (``:::note Title``,
   ``:::note[Title]``) by its title and body. MyST directives by kind: a titled one's argument and
   body count, a note-like one's argument is the start of its body, a version
   note's explanation (after the version) counts, code, math and raw ones are
   not text. A directive this measure does not know is *left*: in a backtick
   fence its argument and body, in a colon fence its argument (its body is
   prose); the report must list each at its line (or by the start of its
   text), else it counts as missing. Front matter, code and math are not
   visible text. Runs without a letter (``|``, ``•``, ``2017``) are not
   counted. A msgid is compared as rendered Markdown and, for the text of an
   HTML block, as HTML.

Timed: the wall time of each ``translate`` subprocess (end to end: interpreter
start, reading, segmenting, engine, writing). Engine inputs per segment come
from the ``--report`` JSON of the word-for-word run (recovery rounds included).
The test model is not a translator: it maps words through a small lexicon and
copies the rest, so the figures say what the pipeline does around an engine,
not how fast a real model is.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "wild"
SUFFIXES = {".md": "md", ".html": "html"}


def corpus_files() -> list[Path]:
    """The corpus: Markdown files first, then the news pages, each sorted by name."""
    files = [p for folder in ("markdown", "news") for p in (CORPUS / folder).iterdir() if p.suffix in SUFFIXES]
    return sorted(files, key=lambda p: (p.suffix != ".md", p.name))


# --- running the CLI ------------------------------------------------------------


def cli(args: list[str], *, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``mtpipe ARGS`` (as ``python -m pipeline``) and return what it did."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=900
    )


def cli_env(home: Path) -> dict[str, str]:
    """An environment whose user folders and Argos packages are under *home*, with no package index."""
    env = dict(os.environ)
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        ARGOS_PACKAGES_DIR=str(home / "argos-packages"),
        ARGOS_PACKAGE_INDEX="http://127.0.0.1:9/",
        COLUMNS="200",
    )
    return env


def install_test_model(env: dict[str, str], workdir: Path, *, model_file: Path | None = None) -> None:
    """Build the word-for-word test model (unless given) and install it where *env* points."""
    if model_file is None:
        model_file = workdir / "mtpipe-test-en_zh.argosmodel"
        done = subprocess.run(
            [sys.executable, "-m", "pipeline.testing.lexical_model", str(model_file)],
            env=env, capture_output=True, text=True,
        )
        if done.returncode:
            raise RuntimeError(f"building the test model failed: {done.stderr}")
    done = cli(["models", "install", str(model_file)], env=env, cwd=workdir)
    if done.returncode:
        raise RuntimeError(f"installing the test model failed: {done.stdout}{done.stderr}")


def accept_all(po_path: Path, *, identity: bool) -> int:
    """Mark every entry reviewed (fuzzy cleared); with *identity*, msgstr = msgid. Returns the entry count."""
    import polib

    po = polib.pofile(str(po_path), wrapwidth=0)
    for entry in po:
        if identity:
            if entry.msgid_plural:
                entry.msgstr_plural = {0: entry.msgid}
            else:
                entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = None
        entry.previous_msgctxt = None
    po.save(str(po_path))
    return len(po)


@dataclass
class Run:
    """One translate + accept + build."""

    ok: bool
    output: str = ""
    error: str = ""
    report: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0
    po: Path | None = None
    msgids: list[str] = field(default_factory=list)
    warnings: str = ""


def translate_and_build(source: Path, workdir: Path, *, env: dict[str, str], engine: bool) -> Run:
    """``translate`` *source* (with the installed model or ``--engine none``), accept every entry, ``build`` it."""
    import polib

    fmt = SUFFIXES[source.suffix]
    out = workdir / ("w4w" if engine else "identity")
    report = out / "report.json"
    out.mkdir(parents=True, exist_ok=True)
    args = ["translate", str(source), "-o", str(out), "--no-memory", "--report", str(report)]
    args += ["--offline"] if engine else ["--engine", "none"]
    started = time.perf_counter()
    done = cli(args, env=env, cwd=workdir)
    seconds = time.perf_counter() - started
    if done.returncode:
        return Run(ok=False, error=f"translate exit {done.returncode}: {_tail(done.stdout + done.stderr)}", seconds=seconds)
    data = json.loads(report.read_text(encoding="utf-8"))
    pos = sorted(out.rglob("zh_Hans.po"))
    if len(pos) != 1:
        return Run(ok=False, error=f"expected one zh_Hans.po, found {len(pos)}", report=data, seconds=seconds)
    po = pos[0]
    msgids = [e.msgid for e in polib.pofile(str(po)) if not e.obsolete]
    accept_all(po, identity=not engine)
    edition = out / f"edition.{fmt}"
    built = cli(["build", str(po), "--format", fmt, "--layout", "target-only", "--out", str(edition)], env=env, cwd=workdir)
    run = Run(ok=False, report=data, seconds=seconds, po=po, msgids=msgids, warnings=done.stdout + done.stderr)
    if built.returncode or not edition.exists():
        run.error = f"build exit {built.returncode}: {_tail(built.stdout + built.stderr)}"
        return run
    run.ok = True
    run.output = edition.read_text(encoding="utf-8")
    return run


def _tail(text: str, lines: int = 4) -> str:
    kept = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return " / ".join(kept[-lines:])[:400]


# --- HTML ---------------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
#: Elements whose text a reader never sees as prose.
HIDDEN = {"script", "style", "template", "noscript", "svg", "math", "iframe", "pre", "code", "textarea", "object"}


def _space(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


class _Walker(HTMLParser):
    """Start tags and text of a page, each text run with whether a reader sees it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, str, bool, bool]] = []  # (kind, value, in_body, visible)
        self.stack: list[tuple[str, bool]] = []  # (tag, hides)
        self.in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.in_body = True
        self.events.append(("tag", tag, self.in_body, False))
        if tag in VOID:
            return
        values = dict(attrs)
        hides = (
            tag in HIDDEN
            or (tag == "head")
            or "hidden" in values
            or (values.get("translate") or "").lower() == "no"
        )
        self.stack.append((tag, hides))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.in_body = True
        self.events.append(("tag", tag, self.in_body, False))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        # a <title> in the <head> is seen (in the tab); the rest of the head is not
        in_title = any(tag == "title" for tag, _ in self.stack)
        visible = not any(hides for tag, hides in self.stack if not (in_title and tag == "head"))
        self.events.append(("text", data, self.in_body, visible))


def _walk(page: str) -> _Walker:
    walker = _Walker()
    walker.feed(page)
    walker.close()
    return walker


def html_body_sequence(page: str) -> list[tuple[str, str]]:
    """The body as (start tag, "") and ("#text", normalised text) items, adjacent text merged."""
    walker = _walk(page)
    has_body = any(kind == "tag" and value == "body" for kind, value, _, _ in walker.events)
    items: list[tuple[str, str]] = []
    for kind, value, in_body, _ in walker.events:
        if has_body and not in_body:
            continue
        if kind == "tag":
            items.append((value, ""))
            continue
        text = _space(value)
        if not text:
            continue
        if items and items[-1][0] == "#text":
            items[-1] = ("#text", items[-1][1] + " " + text)
        else:
            items.append(("#text", text))
    return items


def html_tags(page: str) -> list[str]:
    """Every start tag of the page, in order, but ``meta``: an edition declares its encoding (UTF-8) where the page did not."""
    return [value for kind, value, _, _ in _walk(page).events if kind == "tag" and value != "meta"]


LETTER = re.compile(r"[^\W\d_]")
#: A pymdown-extensions block fence, ``/// tab | Title`` (its type, then its title).
PYMDOWN_BLOCK = re.compile(r"^/{3,}\s*([\w-]+)(?:\s*\|\s*(.*))?$")


def _unseen_text(page: str) -> list[str]:
    """The text of *page* a reader does not see as prose (scripts, code, comments aside): never translated."""
    return [_space(value) for kind, value, _, visible in _walk(page).events if kind == "text" and not visible and _space(value)]


def html_visible_runs(page: str) -> list[str]:
    """The text runs a reader sees (see the module docstring), normalised, with at least one letter."""
    runs = []
    for kind, value, _, visible in _walk(page).events:
        if kind == "text" and visible:
            text = _space(value)
            if text and LETTER.search(text):
                runs.append(text)
    return runs


def html_text(fragment: str) -> str:
    """The text of an HTML fragment (a msgid): tags dropped, references resolved, spaces normalised."""
    return _space(html.unescape(re.sub(r"<[^>]*>", " ", fragment)))


# --- Markdown -------------------------------------------------------------------

#: MyST directives whose body is code, math or markup, not prose.
CODE_DIRECTIVES = {
    "code", "code-block", "code-cell", "sourcecode", "literalinclude", "math", "eval-rst", "raw", "mermaid",
    "graphviz", "csv-table", "jupyter-execute", "toctree", "include", "autodoc", "automodule", "autoclass",
    "image", "figure-md", "highlight", "doctest", "testcode", "testoutput", "ipython",
}
#: MyST/Sphinx directives whose body is Markdown prose and whose argument is a title.
TITLED_DIRECTIVES = {
    "admonition", "dropdown", "tab", "tab-item", "card", "grid-item-card", "sidebar", "topic", "rubric",
    "table", "list-table",  # a caption, then a Markdown table or a list of lists
}
#: Admonitions that take no argument: text after the name is the start of the body (MyST's short-hand).
UNTITLED_DIRECTIVES = {
    "attention", "caution", "danger", "error", "hint", "important", "note", "seealso", "tip", "warning", "todo",
}
#: Version notes: the argument is a version, then an optional explanation (text); the body is prose.
VERSION_DIRECTIVES = {"versionadded", "versionchanged", "deprecated", "versionremoved"}
#: Containers whose body is prose and whose argument (if any) is not shown.
CONTAINER_DIRECTIVES = {"tab-set", "grid", "div", "margin", "epigraph", "container", "figure"}
#: A Docusaurus admonition's marker: ``:::note``, ``:::note Title``, ``:::note[Title]`` (no braces).
DOCUSAURUS = re.compile(r"^([A-Za-z][\w-]*)[ \t]*(?:\[(.*)\]|(.*))$")
DIRECTIVE = re.compile(r"^\{([\w:.-]+)\}\s*(.*)$")
#: A definition's marker line (Python-Markdown takes any block before it as its term).
DEFINITION = re.compile(r"^ {0,3}:[ \t]+(?=\S)")
TABS = re.compile(r"^(\s*)===([+!]{0,2})\s+(\"[^\"]*\"|'[^']*')\s*$", re.M)
ALERT = re.compile(r"^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]$", re.I)


@lru_cache(maxsize=1)
def markdown_parser() -> Any:
    """markdown-it-py with the plugins that cover the corpus's constructs."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.admon import admon_plugin
    from mdit_py_plugins.colon_fence import colon_fence_plugin
    from mdit_py_plugins.deflist import deflist_plugin
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin
    from mdit_py_plugins.tasklists import tasklists_plugin

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    for plugin in (front_matter_plugin, footnote_plugin, deflist_plugin, tasklists_plugin, dollarmath_plugin,
                   admon_plugin, colon_fence_plugin):
        md.use(plugin)
    try:
        from mdit_py_plugins.gfm import gfm_plugin  # GitHub alerts, where the plugin version has them

        md.use(gfm_plugin)
    except Exception:  # noqa: BLE001 - an older mdit-py-plugins: alerts stay blockquotes
        pass
    return md


def _toml_front_matter(text: str) -> tuple[str, str]:
    """Split a TOML ``+++`` front matter off (markdown-it's plugin knows ``---`` only)."""
    match = re.match(r"\A\+\+\+[ \t]*\n.*?\n\+\+\+[ \t]*(\n|\Z)", text, re.S)
    return (match.group(0), text[match.end():]) if match else ("", text)


def _tabs_as_admonitions(text: str) -> str:
    """mkdocs content tabs (``=== "Title"``) read as admonitions, so their indented body is Markdown, not code."""
    return TABS.sub(lambda m: f"{m.group(1)}!!! tab {m.group(3)}", text)


HUGO_HIGHLIGHT = re.compile(r"^\{\{<\s*highlight\s+(\w+)[^>]*>\}\}\n(.*?)\n\{\{<\s*/highlight\s*>\}\}$", re.M | re.S)
#: Jekyll's code blocks (``{% highlight ruby %}``, Octopress ``{% codeblock %}``): read as fenced code; and
#: ``{% comment %}``, which Liquid renders as nothing: read as blank lines (line numbers kept).
LIQUID_HIGHLIGHT = re.compile(r"^\{%-?\s*(highlight|codeblock)\b[ \t]*([\w+-]*)[^\n]*?-?%\}\n(.*?)\n\{%-?\s*end\1\s*-?%\}$", re.M | re.S)
LIQUID_COMMENT = re.compile(r"^\{%-?\s*comment\s*-?%\}\n.*?\n\{%-?\s*endcomment\s*-?%\}$", re.M | re.S)
TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


def markdown_tokens(text: str) -> list[Any]:
    """The token stream of *text*: TOML front matter read as a front matter token, Hugo's ``highlight``
    shortcode and Jekyll's ``{% highlight %}`` as fenced code blocks, a Liquid ``{% comment %}`` as
    blank lines, mkdocs content tabs as admonitions."""
    toml, rest = _toml_front_matter(text)
    rest = HUGO_HIGHLIGHT.sub(lambda m: f"```{m.group(1)}\n{m.group(2)}\n```", rest)
    rest = LIQUID_HIGHLIGHT.sub(lambda m: f"```{m.group(2)}\n{m.group(3)}\n```", rest)
    rest = LIQUID_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), rest)
    tokens = markdown_parser().parse(_tabs_as_admonitions(rest))
    if toml:
        from markdown_it.token import Token

        tokens.insert(0, Token("front_matter", "", 0, markup="+++", content=toml))
    return tokens


def markdown_structure(text: str) -> list[tuple[str, ...]]:
    """Block tokens and non-text inline tokens; code and math compared with their content, prose without."""
    items: list[tuple[str, ...]] = []
    verbatim = {"fence", "code_block", "math_block", "math_block_label", "code_inline", "math_inline", "html_block",
                "html_inline"}
    for token in markdown_tokens(text):
        if token.type == "inline":
            before = ""
            for child in token.children or []:
                if child.type in ("text", "softbreak"):
                    before = child.content if child.type == "text" else ""
                    continue
                role = ROLE_NAME.search(before) if child.type == "code_inline" else None
                items.append(_role_key(role.group(1), child.content) if role else _token_key(child, verbatim))
                before = ""
        elif token.type == "front_matter":
            items.append(("front_matter", token.markup))
        else:
            items.append(_token_key(token, verbatim))
    return items


def markdown_rendering(text: str) -> list[tuple[str, ...]]:
    """What a reader of the rendered page gets: the structure of :func:`markdown_structure` with the text of
    each run (whitespace-normalised, so re-wrapped lines compare equal) and the front matter's content."""
    items: list[tuple[str, ...]] = []
    for token in markdown_tokens(text):
        children = token.children or [] if token.type == "inline" else [token]
        for child in children:
            if child.type in ("text", "softbreak"):
                chunk = child.content if child.type == "text" else " "
                if items and items[-1][0] == "#text":
                    items[-1] = ("#text", items[-1][1] + chunk)
                else:
                    items.append(("#text", chunk))
            elif child.type == "front_matter":
                items.append(("front_matter", child.markup, _space(child.content)))
            else:
                items.append(_token_key(child, set()) + (_space(child.content),))
    return [("#text", _space(i[1])) if i[0] == "#text" else i for i in items if i[0] != "#text" or _space(i[1])]


#: A MyST role's name before its code span (``{term}`text```).
ROLE_NAME = re.compile(r"\{([\w:.-]+)\}$")
#: MyST roles whose content is text a reader sees; ``term``'s is also its glossary entry.
TEXT_ROLES = {"abbr", "sub", "sup", "subscript", "superscript", "guilabel", "menuselection", "term", "emphasis",
              "strong", "title-reference"}


def _role_key(name: str, content: str) -> tuple[str, ...]:
    """A MyST role as its name and target: an explicit title (``Text <target>``) and a text role's content
    are text; a ``{term}``'s content is its glossary entry (``{term}`译文 <entry>``` links the same)."""
    explicit = re.match(r"(?s)(.*?\S)\s*<([^<>]+)>$", content)
    if explicit:
        return ("role", name, explicit.group(2))
    if name.split(":")[-1] == "term":
        return ("role", name, content)
    return ("role", name, "" if name.split(":")[-1] in TEXT_ROLES else content)


def _token_key(token: Any, verbatim: set[str]) -> tuple[str, ...]:
    key: tuple[str, ...] = (token.type, token.tag, token.markup, token.info if token.type == "fence" else "")
    if token.type == "html_block" and "html_block" in verbatim:
        # its text is translated (the HTML reader's): its start tags and what no reader sees (script, code) stay
        key += (" ".join(html_tags(token.content)), " ".join(_unseen_text(token.content)))
    elif token.type in verbatim and not (token.type == "fence" and _directive_is_prose(token.info)):
        key += (token.content,)
    if token.type in ("link_open", "image"):
        key += (str(token.attrGet("href") or token.attrGet("src") or ""),)
    return key


def _directive_is_prose(info: str) -> bool:
    match = DIRECTIVE.match(info.strip())
    return match is not None and _directive_kind(match.group(1)) != "code"


def _directive_kind(name: str) -> str:
    """``code`` (not text), ``titled``, ``untitled``, ``version``, ``container`` (body prose) or ``unknown``."""
    if name in CODE_DIRECTIVES:
        return "code"
    for kind, names in (("titled", TITLED_DIRECTIVES), ("untitled", UNTITLED_DIRECTIVES),
                        ("version", VERSION_DIRECTIVES), ("container", CONTAINER_DIRECTIVES)):
        if name in names:
            return kind
    return "unknown"


def _directive_body(content: str) -> tuple[str, int]:
    """A MyST directive's body without its options (``:key: value`` lines or a ``---`` YAML block),
    and how many lines were left out before it."""
    lines = content.splitlines()
    skipped = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), 0)
        skipped = end + 1
    while skipped < len(lines) and re.match(r"^:[\w-]+:", lines[skipped]):
        skipped += 1
    return "\n".join(lines[skipped:]), skipped


def markdown_visible_runs(text: str) -> list[str]:
    """The text runs a reader of the rendered page sees (see the module docstring)."""
    runs: list[str] = []
    _markdown_runs(text, 0, runs, [])
    return runs


def markdown_left(text: str) -> list[tuple[int, str, str]]:
    """What a reader sees but no reader can know to be text or code: ``(1-based line, what, its text)`` of each
    directive this measure does not know, in a backtick fence (its content and argument) or in a colon
    fence (its argument). The run's report must list each, at its line or by the start of its text
    (issue 20: "what is deliberately left untranslated is listed with where it is")."""
    left: list[tuple[int, str, str]] = []
    _markdown_runs(text, 0, [], left)
    return left


def _markdown_runs(text: str, line0: int, runs: list[str], left: list[tuple[int, str, str]]) -> None:
    found: list[str] = []
    title_given = False
    generated = False  # inside a title the renderer makes up ("Note" for `!!! note`, `> [!NOTE]`)
    tokens = markdown_tokens(text)
    skip = 0
    for i, token in enumerate(tokens):
        if skip:
            skip -= 1
            continue
        if (token.type == "paragraph_open" and token.level == 0 and i + 1 < len(tokens)
                and DEFINITION.match(tokens[i + 1].content)):
            # a definition whose term is no paragraph (markdown-it's deflist wants one; Python-Markdown takes
            # any block): its content is Markdown, its further blocks indented four spaces (a code block here)
            body = DEFINITION.sub("", tokens[i + 1].content)
            skip = 2
            if i + 3 < len(tokens) and tokens[i + 3].type == "code_block" and tokens[i + 3].level == 0:
                body += "\n\n" + tokens[i + 3].content
                skip = 3
            _markdown_runs(body, line0 + (token.map[0] if token.map else 0), found, left)
            continue
        if token.type == "admonition_open":
            title_given = '"' in token.info or "'" in token.info
        elif token.type == "admonition_title_open":
            generated = not title_given
        elif token.type == "alert_title_open":
            generated = True
        elif token.type in ("admonition_title_close", "alert_title_close"):
            generated = False
        if generated:
            continue
        if token.type == "colon_fence" and not DIRECTIVE.match(token.info.strip()):
            docusaurus = DOCUSAURUS.match(token.info.strip())
            if docusaurus:  # its title, then its body as Markdown
                title = docusaurus.group(2) if docusaurus.group(2) is not None else docusaurus.group(3)
                if title and LETTER.search(title):
                    found.append(markdown_text(title))
                _markdown_runs(token.content, line0 + (token.map[0] if token.map else 0) + 1, found, left)
            continue
        if token.type in ("fence", "colon_fence"):
            match = DIRECTIVE.match(token.info.strip())
            if not match:
                continue
            kind = _directive_kind(match.group(1))
            line = line0 + (token.map[0] if token.map else 0) + 1
            argument = markdown_text(match.group(2)) if LETTER.search(match.group(2)) else ""
            if kind == "code":
                continue
            if kind == "unknown" and token.type == "fence":
                if argument or LETTER.search(token.content):
                    left.append((line, f"```{{{match.group(1)}}}", _space(f"{match.group(2)} {token.content}")))
                continue
            if argument:
                if kind == "version":
                    argument = markdown_text(match.group(2).split(None, 1)[1]) if len(match.group(2).split()) > 1 else ""
                if kind == "unknown":
                    left.append((line, f"argument of :::{{{match.group(1)}}}", _space(match.group(2))))
                elif kind != "container" and LETTER.search(argument):
                    found.append(argument)
            body, skipped = _directive_body(token.content)
            _markdown_runs(body, line + skipped, found, left)
            continue
        if token.type == "inline":
            for child in token.children or []:
                if child.type in ("text",) and LETTER.search(child.content):
                    chunk = _space(child.content)
                    block = PYMDOWN_BLOCK.match(chunk)
                    if block:  # a pymdown block's fence: only its title is text (an html block names a tag)
                        if block.group(2) and block.group(1) != "html":
                            found.append(block.group(2))
                    elif not ALERT.match(chunk):
                        found.append(chunk)
                elif child.type == "html_inline":
                    continue
                elif child.type == "image":
                    for grandchild in child.children or []:
                        if grandchild.type == "text" and LETTER.search(grandchild.content):
                            found.append(_space(grandchild.content))
        elif token.type == "html_block":
            found.extend(html_visible_runs(token.content))
    # template syntax (Hugo shortcodes, Liquid tags) is not text
    runs.extend(r for r in (_space(TEMPLATE.sub(" ", r)) for r in found) if LETTER.search(r))


def markdown_text(fragment: str) -> str:
    """The text of a Markdown msgid: rendered inline, tags dropped."""
    try:
        rendered = markdown_parser().renderInline(fragment)
    except Exception:  # noqa: BLE001 - a fragment the plugins choke on: compare its raw text
        rendered = html.escape(fragment)
    return _space(TEMPLATE.sub(" ", html_text(rendered)))


# --- measuring ----------------------------------------------------------------------


@dataclass
class Measure:
    """What one file showed."""

    name: str
    kind: str
    segments: int = 0
    identity: bool = False
    identity_detail: str = ""
    #: Markdown: the identity edition renders the same (text and markup; lines may be re-wrapped).
    renders_same: bool = False
    rendering_detail: str = ""
    byte_identical: bool = False
    structure: bool = False
    structure_detail: str = ""
    visible_runs: int = 0
    missing_runs: list[str] = field(default_factory=list)
    missing_words: int = 0
    reported_untranslated: int = 0
    engine_inputs: int = 0
    w4w_segments: int = 0
    identity_seconds: float = 0.0
    w4w_seconds: float = 0.0
    #: With ``--plain``: the same sentences as a plain-text article (the msgids' text, one a line).
    plain_seconds: float = 0.0
    plain_engine_inputs: int = 0
    plain_segments: int = 0

    @property
    def visible(self) -> bool:
        return not self.missing_runs

    @property
    def inputs_per_segment(self) -> float | None:
        return self.engine_inputs / self.w4w_segments if self.w4w_segments else None


def _first_difference(a: list[Any], b: list[Any]) -> str:
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return f"item {i}: source {_short(x)} vs edition {_short(y)}"
    return f"length {len(a)} vs {len(b)}" + (f"; source then {_short(a[len(b)])}" if len(a) > len(b) else
                                              f"; edition then {_short(b[len(a)])}" if len(b) > len(a) else "")


def _short(item: Any) -> str:
    text = repr(item)
    return text if len(text) <= 160 else text[:157] + "..."


def _first_line_difference(a: str, b: str) -> str:
    al, bl = a.splitlines(), b.splitlines()
    for i, (x, y) in enumerate(zip(al, bl)):
        if x != y:
            return f"line {i + 1}: {_short(x)} -> {_short(y)}"
    return f"{len(al)} lines vs {len(bl)} lines" if len(al) != len(bl) else "line ends or final newline differ"


def untranslated_lines(report: dict[str, Any]) -> set[int]:
    """The lines at which the ``--report`` JSON lists something left untranslated."""
    found: set[int] = set()
    for article in report.get("per_article", []):
        for item in article.get("untranslated", []) or []:
            if isinstance(item, dict) and isinstance(item.get("line"), int):
                found.add(item["line"])
    return found


def untranslated_in_report(report: dict[str, Any]) -> list[str]:
    """What the ``--report`` JSON lists as left untranslated (texts), under whichever key it uses."""
    found: list[str] = []
    for article in report.get("per_article", []):
        for key, value in article.items():
            if "untranslated" in key or key in ("left", "skipped_text", "not_translated"):
                for item in value if isinstance(value, list) else []:
                    found.append(item if isinstance(item, str) else str(item.get("text", "")))
    return found


def missing_runs(runs: list[str], known: list[str]) -> list[str]:
    """The runs found in none of *known* (texts), whitespace-normalised, as substrings of their concatenation."""
    haystack = " ".join(_space(k) for k in known)
    squeezed = haystack.replace(" ", "")
    missing = []
    for run in runs:
        if run in haystack or run.replace(" ", "") in squeezed:
            continue
        missing.append(run)
    return missing


def plain_run(texts: list[str], workdir: Path, *, env: dict[str, str]) -> tuple[float, int, int]:
    """Translate *texts* as a plain-text article with the installed model: (seconds, engine inputs, segments)."""
    workdir.mkdir(parents=True, exist_ok=True)
    article = workdir / "plain.txt"
    article.write_text("\n\n".join(t for t in texts if t.strip()) + "\n", encoding="utf-8")
    report = workdir / "report.json"
    started = time.perf_counter()
    done = cli(["translate", str(article), "-o", str(workdir / "out"), "--no-memory", "--offline", "--report",
                str(report)], env=env, cwd=workdir)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise RuntimeError(f"plain-text run failed: {_tail(done.stdout + done.stderr)}")
    data = json.loads(report.read_text(encoding="utf-8"))
    return seconds, int(data.get("engine_inputs", 0)), int(data.get("segments", 0))


def measure(source: Path, workdir: Path, *, env: dict[str, str], engine: bool = True, plain: bool = False) -> Measure:
    """Run *source* through the CLI (identity, and word-for-word when *engine*) and measure it; with *plain*,
    also translate the same sentences as a plain-text article (the markup-free baseline)."""
    fmt = SUFFIXES[source.suffix]
    original = source.read_text(encoding="utf-8")
    result = Measure(name=source.name, kind=fmt)

    identity = translate_and_build(source, workdir / "a", env=env, engine=False)
    result.identity_seconds = identity.seconds
    result.segments = int(identity.report.get("segments", 0))
    if not identity.ok:
        result.identity_detail = identity.error
    elif fmt == "md":
        result.byte_identical = result.identity = identity.output == original
        if not result.identity:
            result.identity_detail = _first_line_difference(original, identity.output)
        rendered = markdown_rendering(original), markdown_rendering(identity.output)
        result.renders_same = rendered[0] == rendered[1]
        if not result.renders_same:
            result.rendering_detail = _first_difference(*rendered)
    else:
        result.byte_identical = identity.output == original
        body = html_body_sequence(original), html_body_sequence(identity.output)
        result.identity = body[0] == body[1]
        if not result.identity:
            result.identity_detail = _first_difference(*body)

    # a Markdown msgid is Markdown, or HTML when it came from an HTML block ('\\(' is an escape in one, text in the other)
    texts = [(markdown_text if fmt == "md" else html_text)(m) for m in identity.msgids]
    if fmt == "md":
        texts += [html_text(m) for m in identity.msgids]
    runs = markdown_visible_runs(original) if fmt == "md" else html_visible_runs(original)
    reported = untranslated_in_report(identity.report)
    result.visible_runs = len(runs)
    result.reported_untranslated = len(reported)
    result.missing_runs = missing_runs(runs, texts + reported)
    if fmt == "md":
        listed = untranslated_lines(identity.report)
        result.missing_runs += [
            f"line {line}: {what} (not listed)" for line, what, shown in markdown_left(original)
            if line not in listed and not any(_space(r).startswith(shown[:30]) for r in reported)
        ]
    result.missing_words = sum(len(r.split()) for r in result.missing_runs)

    if engine:
        w4w = translate_and_build(source, workdir / "b", env=env, engine=True)
        result.w4w_seconds = w4w.seconds
        result.engine_inputs = int(w4w.report.get("engine_inputs", 0))
        result.w4w_segments = int(w4w.report.get("segments", 0))
        if not w4w.ok:
            result.structure_detail = w4w.error
        else:
            shapes: tuple[list[Any], list[Any]] = (
                (markdown_structure(original), markdown_structure(w4w.output)) if fmt == "md"
                else (html_tags(original), html_tags(w4w.output))
            )
            result.structure = shapes[0] == shapes[1]
            if not result.structure:
                result.structure_detail = _first_difference(*shapes)
        if plain:
            result.plain_seconds, result.plain_engine_inputs, result.plain_segments = plain_run(
                texts, workdir / "c", env=env
            )
    return result


# --- the table ---------------------------------------------------------------------


def plain_table(measures: list[Measure]) -> str:
    """The page's run against the same sentences as plain text: engine inputs per segment and time."""
    lines = [
        "| file | segments | inputs/segment | plain-text segments | plain inputs/segment | w4w s | plain s | ratio |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    groups: dict[str, list[Measure]] = {}
    for m in measures:
        groups.setdefault(m.kind, []).append(m)
        ratio = m.w4w_seconds / m.plain_seconds if m.plain_seconds else 0.0
        plain_ips = m.plain_engine_inputs / m.plain_segments if m.plain_segments else 0.0
        lines.append(
            f"| {m.name} | {m.w4w_segments} | {m.inputs_per_segment or 0:.2f} | {m.plain_segments} | "
            f"{plain_ips:.2f} | {m.w4w_seconds:.1f} | {m.plain_seconds:.1f} | {ratio:.2f} |"
        )
    for kind, group in groups.items():
        segs, psegs = sum(m.w4w_segments for m in group), sum(m.plain_segments for m in group)
        w4w, plain = sum(m.w4w_seconds for m in group), sum(m.plain_seconds for m in group)
        lines.append(
            f"| **{'Markdown' if kind == 'md' else 'news pages'}: {len(group)}** | {segs} | "
            f"{sum(m.engine_inputs for m in group) / segs if segs else 0:.2f} | {psegs} | "
            f"{sum(m.plain_engine_inputs for m in group) / psegs if psegs else 0:.2f} | {w4w:.1f} | {plain:.1f} | "
            f"{w4w / plain if plain else 0:.2f} |"
        )
    return "\n".join(lines)


def table(measures: list[Measure]) -> str:
    """A Markdown table per file and totals."""
    yes = {True: "yes", False: "**no**"}
    lines = [
        "| file | segments | identity | structure | visible runs | missing (words) | engine inputs/segment | translate s (none / w4w) |",
        "| --- | ---: | --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for m in measures:
        ident = yes[m.identity] + (" (bytes)" if m.byte_identical and m.kind == "html" else "")
        if m.kind == "md" and not m.identity:
            ident += " (renders the same)" if m.renders_same else " (renders differently)"
        ips = f"{m.inputs_per_segment:.2f}" if m.inputs_per_segment is not None else "-"
        lines.append(
            f"| {m.name} | {m.segments} | {ident} | {yes[m.structure]} | {m.visible_runs} | "
            f"{len(m.missing_runs)} ({m.missing_words}) | {ips} | {m.identity_seconds:.1f} / {m.w4w_seconds:.1f} |"
        )
    for kind, label in (("md", "Markdown"), ("html", "news pages")):
        group = [m for m in measures if m.kind == kind]
        if not group:
            continue
        inputs = sum(m.engine_inputs for m in group)
        segs = sum(m.w4w_segments for m in group)
        lines.append(
            f"| **{label}: {len(group)}** | {sum(m.segments for m in group)} | "
            f"{sum(m.identity for m in group)}/{len(group)}"
            + (f" ({sum(m.renders_same for m in group)} render the same)" if kind == "md" else "")
            + f" | {sum(m.structure for m in group)}/{len(group)} | "
            f"{sum(m.visible_runs for m in group)} | {sum(len(m.missing_runs) for m in group)} "
            f"({sum(m.missing_words for m in group)}); {sum(m.visible for m in group)}/{len(group)} files complete | "
            f"{inputs / segs if segs else 0:.2f} | {sum(m.identity_seconds for m in group):.1f} / "
            f"{sum(m.w4w_seconds for m in group):.1f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=None, help="file names (or parts of them) to run")
    parser.add_argument("--no-model", action="store_true", help="identity and visible text only")
    parser.add_argument("--json", type=Path, default=None, help="also write every measure as JSON here")
    parser.add_argument("--details", action="store_true", help="print each failure's first difference")
    parser.add_argument("--plain", action="store_true",
                        help="also translate each file's sentences as plain text (engine inputs and time without markup)")
    args = parser.parse_args(argv)
    files = [f for f in corpus_files() if not args.only or any(o in f.name for o in args.only)]
    with tempfile.TemporaryDirectory(prefix="mtpipe-wild-") as tmp:
        work = Path(tmp)
        env = cli_env(work / "home")
        if not args.no_model:
            install_test_model(env, work)
        measures = []
        for i, source in enumerate(files):
            measures.append(measure(source, work / f"{i:02d}", env=env, engine=not args.no_model,
                                    plain=args.plain and not args.no_model))
            print(f"[{i + 1}/{len(files)}] {source.name}", file=sys.stderr, flush=True)
    print(table(measures))
    if args.plain and not args.no_model:
        print()
        print(plain_table(measures))
    if args.details:
        for m in measures:
            for label, ok, detail in (("identity", m.identity, m.identity_detail),
                                      ("rendering", m.renders_same or m.kind != "md", m.rendering_detail),
                                      ("structure", m.structure or args.no_model, m.structure_detail)):
                if not ok:
                    print(f"- {m.name} {label}: {detail}")
            if m.missing_runs:
                shown = "; ".join(_short(r) for r in m.missing_runs[:5])
                print(f"- {m.name} visible: {len(m.missing_runs)} runs missing, e.g. {shown}")
    if args.json:
        args.json.write_text(json.dumps([asdict(m) | {"visible": m.visible} for m in measures], indent=1,
                                        ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
