"""Splices into a finished HTML page: its UTF-8 declaration and an added ``<style>`` element."""

from __future__ import annotations

import re

from pipeline.publish.safety import html_tokens, start_tag


def style_text(css: str) -> str:
    """CSS (a ``--css`` file) as the text of a ``<style>`` element: it cannot close the element (``</`` → ``<\\/``)."""
    return css.replace("</", "<\\/")


_META = re.compile(r"<meta\b", re.IGNORECASE)
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)


def utf8_declared(page: str) -> str:
    """*page* declaring UTF-8, the encoding editions are written in.

    A source stored as UTF-8 may still declare another encoding
    (``<meta charset=windows-1252>``): kept, it would make a browser show
    mojibake. Each ``<meta charset>`` and ``http-equiv="Content-Type"``
    declaration is replaced; a page with a ``<head>`` and none gains one.
    """
    out: list[str] = []
    declared = False
    for token in html_tokens(page):
        raw = token.raw
        if token.kind == "markup" and _META.match(raw):
            tag = start_tag(raw)
            if tag is not None:
                attrs = {name.lower(): (value or "") for name, value in tag[1]}
                if "charset" in attrs:
                    raw, declared = '<meta charset="utf-8">', True
                elif attrs.get("http-equiv", "").lower() == "content-type":
                    raw, declared = '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">', True
        out.append(raw)
    page = "".join(out)
    if not declared:
        page = _HEAD.sub(lambda m: m.group(0) + '\n<meta charset="utf-8">', page, count=1)
    return page


_BODY, _HEAD_END, _PROLOGUE = re.compile(r"<body\b", re.I), re.compile(r"</head\b", re.I), re.compile(r"<(?:!doctype|html|head)\b", re.I)


def _body_start(page: str) -> int:
    """Where a page's body content starts: after ``<body>``; without one, after ``</head>``, else after the leading
    doctype, ``<html>`` and ``<head>`` tags (never before the doctype: that would switch the page to quirks mode)."""
    at = after_head = after_prologue = 0
    for token in html_tokens(page):
        at += len(token.raw)
        if token.kind == "markup" and _BODY.match(token.raw):
            return at
        if token.kind == "markup" and _HEAD_END.match(token.raw):
            after_head = at
        elif token.kind == "markup" and _PROLOGUE.match(token.raw) and after_prologue == at - len(token.raw):
            after_prologue = at
        elif token.kind == "text" and not token.raw.strip() and after_prologue == at - len(token.raw):
            after_prologue = at
    return after_head or after_prologue


def _add_style(page: str, css: str) -> str:
    """*page* with a ``<style>`` of *css* last in its head (before ``</head>``; without one, after the body's start)."""
    element = f"<style>\n{style_text(css)}\n</style>\n"
    found = _HEAD_END.search(page)
    at = found.start() if found is not None else _body_start(page)
    return page[:at] + element + page[at:]
