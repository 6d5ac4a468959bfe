"""Site-generator syntax inside Markdown text: template tags (Jekyll/Liquid, Hugo shortcodes) and MyST roles.

What :mod:`pipeline.documents.markdown_inline` protects or reads as text inside a block: a template tag
is syntax (its reader-visible attributes become entries of their own); a MyST role's text is translated
when a reader sees it.
"""

from __future__ import annotations

import re

from pipeline.documents.blocks import BlockKind, Slot, Span

#: Template syntax: an output (``{{ page.title }}``), a Liquid/Jinja tag (``{% if x %}``), a Hugo shortcode (``{{< figure >}}``, ``{{% notice %}}``).
#: (Never across a closer: the text between two tags is no tag.)
TEMPLATE = r"\{%(?:[^%]|%(?!\}))*%\}|\{\{(?:[^}]|\}(?!\}))*\}\}"
#: A template *tag*: a Liquid/Jinja tag or a Hugo shortcode, which prints no text of its own where it stands
#: (an output ``{{ … }}`` does: it is part of its sentence).
#: (A tag's body never holds its closer, so a line of many tags is matched in one pass, without backtracking.)
TEMPLATE_TAG = re.compile(r"\{%(?:[^%]|%(?!\}))*%\}|\{\{[<%](?:[^}]|\}(?!\}))*?[>%]\}\}")
#: A line of template tags and nothing else (``{% endif %}``, ``{{< /alert >}}``): syntax, never part of a slot.
TEMPLATE_LINE = re.compile(rf"^[ \t]*(?:(?:{TEMPLATE_TAG.pattern})[ \t]*)+$")
#: An end tag: ``{% endif %}``, ``{{< /alert >}}``, ``{{% /notice %}}``: it closes what the sentence before it opened.
TEMPLATE_END = re.compile(r"\{%-?\s*end\w*|\{\{[<%]\s*/")
#: The attributes of a template tag that readers see (``{{< figure caption="…" alt="…" >}}``, ``{% include
#: figure.html caption="…" %}``): each is translated as an entry of its own, as an image's alt text is.
TEMPLATE_TEXT_ATTRIBUTES: dict[str, BlockKind] = {"alt": BlockKind.ALT_TEXT, "caption": BlockKind.ALT_TEXT, "title": BlockKind.LINK_TITLE}
_TEMPLATE_ATTRIBUTE = re.compile(r"""(?<![\w-])(\w+)[ \t]*=[ \t]*(?:"([^"\n]*)"|'([^'\n]*)')""")


def template_attribute_slots(parent: int, slot: Slot, whole: Span) -> list[Slot]:
    """Slots for the attributes of the template tag at *whole* in *slot* that readers see (:data:`TEMPLATE_TEXT_ATTRIBUTES`)."""
    a, b = whole
    construct = slot.text[a:b]
    if not TEMPLATE_TAG.fullmatch(construct) or "\n" in construct or any(a < at < b for at in slot.line_offsets):
        return []  # a tag over several source lines: kept as it is (as an image over several lines is)
    found = []
    for m in _TEMPLATE_ATTRIBUTE.finditer(construct):
        kind = TEMPLATE_TEXT_ATTRIBUTES.get(m.group(1).lower())
        group = 2 if m.group(2) is not None else 3
        if kind is None or not any(ch.isalpha() for ch in m.group(group)):
            continue
        quote = construct[m.start(group) - 1]
        found.append(
            Slot(start=slot.start, end=slot.start, text=m.group(group), kind=kind, line=slot.line,
                 escape=f"tpl-attr{quote}", parent=parent, construct=construct, inner=m.span(group))
        )
    return found


#: MyST roles whose content is text a reader sees (``{abbr}`CPU (central processing unit)```,
#: ``{term}`exit ban```); any other role's content is a target or code, unless it has an explicit title.
TEXT_ROLES = frozenset({"abbr", "sub", "sup", "subscript", "superscript", "guilabel", "menuselection", "term", "emphasis", "strong", "title-reference"})
#: A role's explicit title: ``{ref}`The guide <guide-label>```.
_EXPLICIT_TITLE = re.compile(r"(.*?\S)\s*<[^<>]+>$", re.DOTALL)


def role_text_span(name: str, content: str) -> Span | None:
    """The span of a MyST role's *content* that is translated: all of a text role's
    (:data:`TEXT_ROLES`), an explicit title (``The guide`` of ``The guide <label>``); None for a
    target or code."""
    title = _EXPLICIT_TITLE.match(content)
    if title is not None:
        return 0, title.end(1)
    if name.split(":")[-1] in TEXT_ROLES and content.strip():
        return 0, len(content)
    return None


#: What no engine may see and no sentence may cut, beyond CommonMark: math (``$…$``,
#: ``$$…$$``, ``\(…\)``), template syntax (``{{ … }}``, ``{% … %}``, Hugo's ``{{< … >}}``),
#: footnote references (``[^1]``), a MyST role's name before its code span (``{ref}`), an
#: attribute list (``{#purpose}``, ``{ .annotate }``, kramdown's ``{: .note}``) and a task box
#: (``[ ]``, ``[x]``) that is not a link: its space is syntax, in any language.
PROTECTED_SYNTAX = re.compile(
    r"\$\$.+?\$\$"
    r"|(?<![\\$\w])\$(?=[^\s$])[^$\n]*?(?<=[^\s\\])\$(?![\d$])"
    r"|\\\(.+?\\\)"
    rf"|{TEMPLATE}"
    r"|\[\^[^\]\s]+\]"
    r"|\{[\w:.-]+\}(?=`)"
    r"|\{:?[ \t]*[#.][\w-][^{}\n]*\}"
    r"|(?<![\\\]])\[[ xX]\](?![(\[:])",
    re.DOTALL,
)


#: A text without one of these holds nothing :data:`PROTECTED_SYNTAX` finds.
MAY_PROTECT = re.compile(r"[${]|\\\(|\[\^|\[[ xX]\]")


def syntax_kind(found: str) -> str:
    """What a :data:`PROTECTED_SYNTAX` match is: ``template``, ``footnote`` (a reference ``[^1]``) or ``syntax`` (math, a role's name, ...)."""
    if found.startswith("[^"):
        return "footnote"
    if found.startswith(("{{", "{%")):
        return "template"
    return "syntax"
