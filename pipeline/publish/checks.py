"""Refuses to publish an edition that is unreviewed or whose URLs or markup differ from the source."""

from __future__ import annotations

from pipeline.errors import DraftError
from pipeline.publish.model import UNTRANSLATED, Edition


def check_protected(edition: Edition, *, allow_draft: bool) -> None:
    """Refuse translations whose URLs or markup differ from their source, or whose reference links no longer resolve.

    Raw HTML the source does not have is refused even in a draft: it would
    reach every page that shows the edition. Other differences (a changed
    URL, a lost link title) are refused unless *allow_draft*.
    """
    from pipeline.qa.framework import CheckContext
    from pipeline.qa.markup_checks import check_markup, check_reflinks, check_urls, foreign_html

    fmt = edition.document.name
    references = {ref.label: {"href": ref.href, "title": ref.title} for ref in edition.references}
    # An HTML article's texts are read as HTML; a Markdown article's reference links resolve against its definitions.
    context = CheckContext(document_format=fmt, references=references)
    foreign: list[str] = []
    broken: list[str] = []
    for s in edition.sentences:
        if s.state == UNTRANSLATED:
            continue
        target = s.own or s.target
        if target == s.source:
            continue  # kept as it is (a name, a number, code): nothing can differ
        if foreign_html(s.source, target, fmt=fmt):
            foreign.append(s.id)
        elif any(c.messages(s.source, target, context) for c in (check_urls, check_markup, check_reflinks)):
            broken.append(s.id)
    if foreign:
        raise DraftError(
            f"{edition.name}: raw HTML that is not in the source in {', '.join(foreign)}",
            hint="remove it from the translation (run 'mtpipe check' on the PO to see it)",
        )
    if broken and not allow_draft:
        raise DraftError(
            f"{edition.name}: URLs or markup differ from the source in {', '.join(broken)}",
            hint="fix them as 'mtpipe check' shows, or build a marked draft with --allow-draft",
        )


def check_draft(edition: Edition, *, allow_draft: bool) -> None:
    check_protected(edition, allow_draft=allow_draft)
    if allow_draft or not edition.is_draft:
        return
    count = len(edition.fuzzy_ids) + len(edition.untranslated_ids)
    raise DraftError(
        f"{edition.name}: {count} of {len(edition.sentences)} entries are not reviewed ({edition.unreviewed_summary})",
        hint="review them in a PO editor (clearing the fuzzy flag), or build a marked draft with --allow-draft",
    )


