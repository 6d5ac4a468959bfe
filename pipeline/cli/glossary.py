"""``mtpipe glossary``: validate glossaries and show where their terms match.

Thin commands over :func:`pipeline.glossary.check_glossary`,
:func:`pipeline.glossary.load_glossaries` and :meth:`Glossary.find`;
library errors propagate as :class:`~pipeline.errors.PipelineError` for the
root app to report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.article import read_article, segment_article
from pipeline.cli.common import console, err_console, print_json_line
from pipeline.errors import GlossaryError
from pipeline.glossary import check_glossary, load_glossaries, load_glossary
from pipeline.terms import required_target

app = typer.Typer(
    no_args_is_help=True,
    help=(
        "Check glossary files and show where their terms match in an article.\n\n"
        "A glossary is a UTF-8 CSV/TSV with a header (en,zh,zh-Hant,variants,case,dnt,forbidden,note) "
        "or a TBX-Basic file.\n\n"
        "Example: mtpipe glossary check glossary/run-movement.csv"
    ),
)


@app.command("check")
def check_cli(
    file: Annotated[
        Path,
        typer.Argument(help="Glossary file (.csv, .tsv or .tbx).", exists=True, dir_okay=False, show_default=False),
    ],
) -> None:
    """Validate a glossary: duplicate sources, conflicting or empty targets, overlapping entries,
    unknown columns, bad values and bad encoding, each with its line number.

    Exits with 1 when there are errors (warnings alone exit 0).

    Example: mtpipe glossary check glossary/run-movement.csv
    """
    problems = check_glossary(file)
    for problem in problems:
        where = f"{file}:{problem.line}" if problem.line else f"{file}"
        console.out(f"{where}: {problem.severity}: {problem.message}", highlight=False)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    summary = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    try:
        summary = f"{_plural(len(load_glossary(file).terms), 'term')}, {summary}"
    except GlossaryError:
        pass  # unreadable: the problem above says why
    console.out(f"{file}: {summary}", highlight=False)
    if errors:
        raise typer.Exit(1)


@app.command("find")
def find_cli(
    article: Annotated[
        Path,
        typer.Argument(help="Article file (.txt or .md).", exists=True, dir_okay=False, show_default=False),
    ],
    glossary: Annotated[
        list[Path],
        typer.Option(
            "--glossary",
            "-g",
            help="Glossary file; repeat to combine (a later file overrides an earlier one).",
            exists=True,
            dir_okay=False,
            show_default=False,
        ),
    ],
    variant: Annotated[str, typer.Option("--variant", help="Target variant whose rendering is shown.")] = "zh",
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per match, one per line.")] = False,
) -> None:
    """Show each segment's glossary matches: the span in the segment, the text matched, and the entry.

    Example: mtpipe glossary find articles/run-movement.txt --glossary glossary/run-movement.csv
    """
    terms = load_glossaries(glossary)
    for note in terms.notes:
        err_console.out(note, highlight=False)
    segments = segment_article(read_article(article))
    total = 0
    hit_segments = 0
    entries: set[str] = set()
    for segment in segments:
        matches = terms.find(segment.text)
        if not matches:
            continue
        hit_segments += 1
        if not as_json:
            console.out(f"{segment.id} (line {segment.line})", highlight=False)
        for match in matches:
            total += 1
            entries.add(match.term.origin or match.term.source)
            target = required_target(match.term, variant, as_written=match.text) or ""
            if as_json:
                print_json_line(
                    {
                        "segment": segment.id,
                        "line": segment.line,
                        "start": match.start,
                        "end": match.end,
                        "text": match.text,
                        "source": match.term.source,
                        "target": target,
                        "dnt": match.term.dnt,
                        "origin": match.term.origin,
                    }
                )
            else:
                rendering = (
                    f"{match.term.source} → {target}" if target else f"{match.term.source} (no {variant} target)"
                )
                console.out(
                    f"  {match.start}-{match.end}  {match.text}  =  {rendering}  ({match.term.origin})",
                    highlight=False,
                )
    if not as_json:
        console.out(
            f"{_plural(total, 'match', 'matches')} of {_plural(len(entries), 'entry', 'entries')} "
            f"in {hit_segments} of {_plural(len(segments), 'segment')}",
            highlight=False,
        )


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"
