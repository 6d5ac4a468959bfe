"""``mtpipe stats``: segments and source words by state, per PO file and in total."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.common import console, err_console, print_json_line


class ListWhat(str, Enum):
    fuzzy = "fuzzy"
    untranslated = "untranslated"
    changed = "changed"


def stats_cli(
    inputs: Annotated[list[str], typer.Argument(metavar="PO|DIR...", help="PO files, folders (searched for *.po) or glob patterns.", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of tables.")] = False,
    short: Annotated[
        bool,
        typer.Option(
            "--short",
            help="One line per file, as `pocount --short`: strings and source words translated (t, reviewed), "
            "fuzzy (f, any draft) and untranslated (u), with percentages.",
        ),
    ] = False,
    list_: Annotated[
        ListWhat | None,
        typer.Option("--list", help="Print FILE<TAB>ID of the fuzzy, untranslated or changed entries instead of counts."),
    ] = None,
    glossary: Annotated[
        list[Path] | None,
        typer.Option("--glossary", "-g", metavar="FILE", help="Also count translations that break this glossary (CSV/TSV/TBX); repeatable."),
    ] = None,
) -> None:
    """Show segments and source words by state: reviewed, machine draft, changed since review, reused, untranslated, obsolete.

    Per PO file and in total, with the glossary findings the PO notes record.

    Words are counted as Translate Toolkit's pocount counts them, without markup: tags, URLs,
    Markdown syntax and code are not words.

    Example: mtpipe stats translations/ --list fuzzy
    """
    from pipeline.qa.stats import STATES, project_stats

    glossary_obj = None
    if glossary:
        from pipeline.glossary import load_glossaries

        glossary_obj = load_glossaries(glossary)
    result = project_stats(inputs=inputs, glossary=glossary_obj)
    if list_ is not None:
        listed = 0
        for f in result.files:
            for msgctxt in f.listed(list_.value):
                typer.echo(f"{f.path}\t{msgctxt}")
                listed += 1
        if not listed:  # stdout stays empty for scripts; a person sees why
            err_console.print(f"no {list_.value} entries", markup=False)
        return
    if as_json:
        print_json_line(result.to_dict())
        return
    if short:
        from pipeline.qa.stats import short_line

        width = max((len(str(f.path)) for f in result.files), default=0)
        for f in result.files:
            typer.echo(short_line(str(f.path), f.states, width=width))
        if len(result.files) > 1:
            typer.echo(short_line(f"Total ({len(result.files)} files)", result.total, width=width))
        return
    from rich.markup import escape
    from rich.table import Table

    total = result.total
    rows = [(escape(str(f.path)), f.states, f.glossary) for f in result.files]
    if len(rows) > 1:
        rows.append((f"Total ({len(rows)} files)", total, result.glossary))
    for title, states, gloss in rows:
        table = Table(title=title, title_justify="left")
        table.add_column("state")
        table.add_column("segments", justify="right")
        table.add_column("words", justify="right")
        for state in STATES:
            table.add_row(state.label, str(states[state].segments), str(states[state].words))
        active = [t for s, t in states.items() if s != "obsolete"]
        table.add_row("all (not obsolete)", str(sum(t.segments for t in active)), str(sum(t.words for t in active)), style="bold")
        line = f"glossary: {gloss.terms} {'term' if gloss.terms == 1 else 'terms'} noted, {gloss.not_applied} not applied in drafts"
        if gloss.violations is not None:
            line += f", {gloss.violations} {'violation' if gloss.violations == 1 else 'violations'} of the glossary"
        table.caption = line
        table.caption_justify = "left"
        console.print(table)
