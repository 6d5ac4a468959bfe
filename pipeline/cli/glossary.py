"""``mtpipe glossary``: validate glossaries and show where their terms match.

Thin commands over :func:`pipeline.glossary.check_glossary`,
:func:`pipeline.glossary.load_glossaries`, :func:`pipeline.glossary.required_matches`,
:func:`pipeline.glossary.write_tbx` and :func:`pipeline.glossary.write_csv`;
library errors propagate as :class:`~pipeline.errors.PipelineError` for the
root app to report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from pipeline.documents.article import read_article, segment_article
from pipeline.cli.common import VARIANT_HELP, TranslationsDir, console, err_console, plural, print_json_line, resolve_variants
from pipeline.errors import GlossaryError, InputError
from pipeline.fsutil import check_writable_file, is_stdout
from pipeline.glossary import (
    Glossary,
    check_glossary,
    load_glossaries,
    load_glossary,
    required_matches,
    write_csv,
    write_tbx,
)
from pipeline.translate.masking import required_target

app = typer.Typer(
    no_args_is_help=True,
    help=(
        "Check glossary files and show where their terms match in an article.\n\n"
        "A glossary is a UTF-8 CSV/TSV with a header (en,zh,zh-Hant,variants,case,dnt,forbidden,match,note) "
        "or a TBX-Basic file. export and import convert between the two (for Weblate, OmegaT).\n\n"
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
    """Validate a glossary: duplicate sources, near-duplicate rows (plural, verb, spelling, compound
    or case variants of another row, with both line numbers), conflicting or empty targets,
    overlapping entries, unknown columns, bad values and bad encoding, each with its line number.

    Exits with 1 when there are errors (warnings alone exit 0).

    Example: mtpipe glossary check glossary/run-movement.csv
    """
    problems = check_glossary(file)
    for problem in problems:
        where = f"{file}:{problem.line}" if problem.line else f"{file}"
        console.out(f"{where}: {problem.severity}: {problem.message}", highlight=False)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    summary = f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
    try:
        summary = f"{plural(len(load_glossary(file).terms), 'term')}, {summary}"
    except GlossaryError:
        pass  # unreadable: the problem above says why
    console.out(f"{file}: {summary}", highlight=False)
    if errors:
        raise typer.Exit(1)


@app.command("find")
def find_cli(
    article: Annotated[
        Path,
        typer.Argument(help="Article file (.txt, .md or .html).", exists=True, dir_okay=False, show_default=False),
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
    variant: Annotated[str, typer.Option("--variant", metavar="CODE", help=f"Chinese variant whose rendering is shown: {VARIANT_HELP}.")] = "zh-Hans",
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per match, one per line.")] = False,
    out: TranslationsDir = Path("translations"),
) -> None:
    """Show each segment's glossary matches: the span in the segment, the text matched, and the entry.

    These are the occurrences translate enforces: none inside a URL, a code span or other markup.

    Example: mtpipe glossary find articles/run-movement.txt --glossary glossary/run-movement.csv
    """
    (variant,) = resolve_variants([variant])
    terms = load_glossaries(glossary)
    for note in terms.notes:
        err_console.out(note, highlight=False)
    from pipeline.translate.previous import stable_segments

    document = read_article(article)
    segments = stable_segments(document, out_dir=out)  # the ids of its PO
    total = 0
    hit_segments = 0
    entries: set[str] = set()
    for segment in segments:
        markup = document.format.markup_spans(segment.text, references=document.link_references)
        matches = required_matches(terms, segment.text, markup=markup)
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
            f"{plural(total, 'match', 'matches')} of {plural(len(entries), 'entry', 'entries')} "
            f"in {hit_segments} of {plural(len(segments), 'segment')}",
            highlight=False,
        )


@app.command("suggest")
def suggest_cli(
    articles: Annotated[
        list[str],
        typer.Argument(help="Article files (.txt, .md, .html), folders or glob patterns.", metavar="ARTICLE...",
                       show_default=False),
    ],
    glossary: Annotated[
        Optional[list[Path]],
        typer.Option("--glossary", "-g", help="Glossary whose terms are left out; repeat to combine.", exists=True,
                     dir_okay=False, show_default=False),
    ] = None,
    from_po: Annotated[
        Optional[list[str]],
        typer.Option("--from-po", metavar="DIR", help="Reviewed PO files or folders: propose the rendering reviewers "
                     "used most as the zh target. Repeatable.", show_default=False),
    ] = None,
    min_count: Annotated[int, typer.Option("--min-count", min=1, help="Least occurrences of a name or phrase.")] = 2,
    limit: Annotated[Optional[int], typer.Option("--limit", min=1, help="At most this many candidates.")] = None,
    to: Annotated[
        Optional[Path],
        typer.Option("--to", help="CSV file to write (default: standard output); replaced if it exists.",
                     dir_okay=False, show_default=False),
    ] = None,
) -> None:
    """List candidate terms not yet in the glossary, ranked, as a glossary CSV ready to edit.

    Acronyms with their expansion (Chinese Communist Party (CCP)), quoted coinages ("run" movement),
    recurring capitalised names and recurring noun phrases, each with its count and two contexts in
    the note column. With --from-po, the zh column holds the rendering reviewers used most.

    Example: mtpipe glossary suggest articles/ --glossary glossary/run-movement.csv --from-po translations/
    """
    from pipeline.catalog import load_catalog
    from pipeline.documents.inputs import expand_inputs, po_files
    from pipeline.fsutil import atomic_write_text
    from pipeline.glossary.suggest import candidates_csv, suggest_terms

    inputs = expand_inputs(articles)
    for item, reason in inputs.missing:
        err_console.out(f"Error: {item}: {reason}", highlight=False)
    if not inputs.paths:
        raise InputError("no articles given", hint="give .txt, .md or .html files, folders or glob patterns")
    if to is not None:
        check_writable_file(to, what="--to", inputs=[*inputs.paths, *(glossary or [])])
    texts = [segment.text for path in inputs.paths for segment in segment_article(read_article(path))]
    terms = load_glossaries(glossary) if glossary else None
    reviewed: list[tuple[str, str]] = []
    for po in po_files(from_po) if from_po else []:
        reviewed += [(e.msgid, e.msgstr) for e in load_catalog(po).entries if e.translated and not e.obsolete and e.msgstr]
    candidates = suggest_terms(texts=texts, glossary=terms, reviewed=reviewed, min_count=min_count, limit=limit)
    text = candidates_csv(candidates)
    if to is None:
        typer.echo(text, nl=False)
    else:
        atomic_write_text(to, text)
    (err_console if to is None else console).out(
        f"{plural(len(candidates), 'candidate')} from {plural(len(texts), 'segment')}"
        + (f" and {plural(len(reviewed), 'reviewed translation')}" if from_po else "")
        + (f"; written to {to}" if to is not None else ""),
        highlight=False,
    )


_TABLE_SUFFIXES = (".csv", ".tsv", ".tab")


@app.command("export")
def export_cli(
    file: Annotated[
        Path,
        typer.Argument(help="Glossary file (.csv, .tsv or .tbx).", exists=True, dir_okay=False, show_default=False),
    ],
    to: Annotated[
        Path,
        typer.Option("--to", help="TBX-Basic file to write (.tbx, or - for standard output); replaced if it exists.", dir_okay=False,
                     show_default=False),
    ],
) -> None:
    """Write a glossary as TBX-Basic, for Weblate, OmegaT and other CAT tools.

    Variants and alternatives become admitted terms, forbidden renderings deprecated terms
    of their own script (zh-Hans or Traditional), dnt, case and match notes "mtpipe:dnt=yes" ...;
    `mtpipe glossary import` reads it back. A control character XML cannot hold is refused.

    Example: mtpipe glossary export glossary/run-movement.csv --to run-movement.tbx
    """
    if to.suffix.lower() != ".tbx" and not is_stdout(to):
        raise InputError(f"--to: {to} does not end in .tbx", hint="name a .tbx file, or - for standard output")
    check_writable_file(to, what="--to", inputs=[file])
    glossary, _ = _load_reporting(file)
    write_tbx(glossary, to)
    _written(to, len(glossary.terms))


@app.command("import")
def import_cli(
    file: Annotated[
        Path,
        typer.Argument(help="TBX-Basic file (TBX 2 or 3; a CSV/TSV is rewritten too).", exists=True,
                       dir_okay=False, show_default=False),
    ],
    to: Annotated[
        Path,
        typer.Option("--to", help="Glossary table to write (.csv or .tsv, or - for standard output); replaced if it exists.", dir_okay=False,
                     show_default=False),
    ],
) -> None:
    """Convert a TBX glossary (from Weblate, OmegaT, or `mtpipe glossary export`) to the CSV that --glossary reads.

    Any error (an entry without a source or target, no Chinese language): listed, and nothing is written.

    Example: mtpipe glossary import run-movement.tbx --to glossary/run-movement.csv
    """
    if to.suffix.lower() not in _TABLE_SUFFIXES and not is_stdout(to):
        raise InputError(f"--to: {to} does not end in .csv or .tsv", hint="name a .csv or .tsv file, or - for standard output")
    check_writable_file(to, what="--to", inputs=[file])
    glossary, errors = _load_reporting(file)
    if errors or not glossary.terms:
        found = f"{plural(errors, 'error')} (above)" if errors else "no terms"
        raise GlossaryError(
            f"{file}: {found}; nothing written to {to}", hint=f"fix {file} (see `mtpipe glossary check {file}`)"
        )
    write_csv(glossary, to)
    _written(to, len(glossary.terms))


def _load_reporting(file: Path) -> tuple[Glossary, int]:
    """Load *file*; its errors (entries misread) and skipped entries (monolingual ones) are reported on stderr;
    the errors are counted."""
    glossary = load_glossary(file)
    problems = [p for p in check_glossary(file) if p.severity == "error" or p.message.endswith("skipped")]
    for problem in problems:
        where = f"{file}:{problem.line}" if problem.line else f"{file}"
        err_console.out(f"{where}: {problem.severity}: {problem.message}", highlight=False)
    return glossary, sum(p.severity == "error" for p in problems)


def _written(to: Path, terms: int) -> None:
    """Say what was written: on stdout, or on stderr when stdout carries the file (``--to -``)."""
    line = f"{'standard output' if is_stdout(to) else to}: {plural(terms, 'term')} written"
    (err_console if is_stdout(to) else console).out(line, highlight=False)
