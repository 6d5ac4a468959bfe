"""Document speed: ``translate --engine none`` plus ``build`` of a 1 MB Markdown and a 1 MB HTML document.

Usage: ``python benchmarks/bench_documents.py [--mb 1.0]``

End to end through the library calls the CLI makes (no subprocess, no model):
``translate_articles(engine=None)`` reads, segments and writes the POT and
the zh-Hans PO; every entry is then marked reviewed with msgstr = msgid
(not timed), and ``build_edition`` re-reads the source, checks its hash,
rebuilds the Markdown (target-only) and renders the HTML (side-by-side)
edition. The document is a mix of headings, wrapped paragraphs with links,
emphasis and code spans, nested lists, block quotes, GFM tables and code
blocks, repeated to the size asked; the HTML document has the same content
as HTML (and is built as the target-only page). The target (issue 11) is
under 3 s each.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from pipeline.documents.article import read_article, segment_article
from pipeline.catalog import load_catalog, write_catalog
from pipeline.publish import build_edition
from pipeline.translate import translate_articles

CHUNK = """\
## Section {n}: routes out

Chinese citizens take different routes, according to [media reports](https://example.org/r?id={n} "Reports")
and what fleeing citizens told *The Epoch Times*. People with sufficient funds can enter Mexico.
Some cross the U.S. southern border on foot, with `guides` paid in cash.

- Fly to **Thailand**, then Turkey.
- Cross the border at night.
  1. Via Ecuador, where no visa is needed.
  2. Then north through the Darién Gap.

> “It is rather scary,” he said.
> Then he left the city for good.

| Route | Cost | Risk |
| --- | --- | --- |
| Ecuador | $8,000 | high |
| Thailand | $12,000 | medium |

```sh
echo "code is passed through"
```

"""


HTML_CHUNK = """\
<h2>Section {n}: routes out</h2>
<p>Chinese citizens take different routes, according to <a href="https://example.org/r?id={n}" title="Reports">media reports</a>
and what fleeing citizens told <em>The Epoch Times</em>. People with sufficient funds can enter Mexico.
Some cross the U.S. southern border on foot, with <code>guides</code> paid in cash &amp; kind.</p>
<ul><li>Fly to <strong>Thailand</strong>, then Turkey.</li>
<li>Cross the border at night.<ol><li>Via Ecuador, where no visa is needed.</li><li>Then north through the Dari&eacute;n Gap.</li></ol></li></ul>
<blockquote><p>&ldquo;It is rather scary,&rdquo; he said. Then he left the city for good.</p></blockquote>
<table><tr><th>Route</th><th>Cost</th></tr><tr><td>Ecuador</td><td>$8,000</td></tr></table>
<figure><img src="map{n}.png" alt="A map of the route"><figcaption>The route north.</figcaption></figure>
<pre>echo "code is passed through"</pre>
"""


def html_document(megabytes: float) -> str:
    target = int(megabytes * 1_000_000)
    head = '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>The run movement</title></head>\n<body><article>\n'
    parts = [head]
    size = len(head)
    n = 0
    while size < target:
        n += 1
        chunk = HTML_CHUNK.format(n=n)
        parts.append(chunk)
        size += len(chunk.encode("utf-8"))
    parts.append("</article></body></html>\n")
    return "".join(parts)


def document(megabytes: float) -> str:
    target = int(megabytes * 1_000_000)
    parts = ["# The run movement\n\n"]
    size = len(parts[0])
    n = 0
    while size < target:
        n += 1
        chunk = CHUNK.format(n=n)
        parts.append(chunk)
        size += len(chunk.encode("utf-8"))
    return "".join(parts)


def timed(label: str, func):  # noqa: ANN001, ANN201
    """Run *func*; print its wall time and the process's CPU time (the fair figure on a busy machine)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = func()
    print(f"{label:<48} {time.perf_counter() - start:6.2f} s wall {time.process_time() - cpu:6.2f} s CPU")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="megabytes of Markdown (default 1)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "big.md"
        text = document(args.mb)
        source.write_text(text, encoding="utf-8")
        segments = len(segment_article(read_article(source)))
        print(f"{len(text.encode('utf-8')) / 1e6:.2f} MB Markdown, {segments} segments, engine: none")
        out = Path(tmp) / "out"
        timed("translate --engine none (read, segment, POT+PO)", lambda: translate_articles([source], out_dir=out, engine=None))
        po = out / "big" / "zh_Hans.po"
        catalog = load_catalog(po)
        catalog.entries = [replace(e, msgstr=e.msgid, flags=()) for e in catalog.entries]
        write_catalog(po, catalog)
        md = timed("build -f md -l target-only (source rebuilt)", lambda: build_edition(po, fmt="md", layout="target-only"))
        timed("build -f html -l side-by-side", lambda: build_edition(po, fmt="html", layout="side-by-side"))
        from markdown_it import MarkdownIt

        render = MarkdownIt("commonmark").enable("table")
        render.add_render_rule("softbreak", lambda *a, **k: " ")  # lines are unwrapped in the PO
        print("identity rebuild renders like the source:", render.render(md) == render.render(text))

        page = Path(tmp) / "page.html"
        page_text = html_document(args.mb)
        page.write_text(page_text, encoding="utf-8")
        segments = len(segment_article(read_article(page)))
        print(f"{len(page_text.encode('utf-8')) / 1e6:.2f} MB HTML, {segments} segments, engine: none")
        timed("translate --engine none (read, segment, POT+PO)", lambda: translate_articles([page], out_dir=out, engine=None))
        po = out / "page" / "zh_Hans.po"
        catalog = load_catalog(po)
        catalog.entries = [replace(e, msgstr=e.msgid, flags=()) for e in catalog.entries]
        write_catalog(po, catalog)
        timed("build -f html -l target-only (source rebuilt)", lambda: build_edition(po, fmt="html", layout="target-only"))


if __name__ == "__main__":
    main()
