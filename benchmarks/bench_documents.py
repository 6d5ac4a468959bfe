"""Document speed: ``translate --engine none`` plus ``build`` of a 1 MB Markdown document.

Usage: ``python benchmarks/bench_documents.py [--mb 1.0]``

End to end through the library calls the CLI makes (no subprocess, no model):
``translate_articles(engine=None)`` reads, segments and writes the POT and
the zh-Hans PO; every entry is then marked reviewed with msgstr = msgid
(not timed), and ``build_edition`` re-reads the source, checks its hash,
rebuilds the Markdown (target-only) and renders the HTML (side-by-side)
edition. The document is a mix of headings, wrapped paragraphs with links,
emphasis and code spans, nested lists, block quotes, GFM tables and code
blocks, repeated to the size asked. The target (issue 11) is under 3 s each.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from pipeline.article import read_article, segment_article
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


if __name__ == "__main__":
    main()
