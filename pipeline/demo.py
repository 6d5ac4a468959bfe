"""``mtpipe demo``: the whole pipeline offline, with the word-for-word test model.

The demonstration model is built on the fly (:mod:`pipeline.testing.lexical_model`)
into a temporary Argos package folder, so nothing is installed for real and
no network is used. It renders English word by word: it shows the pipeline,
it is not a translator.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import InputError
from pipeline.fsutil import sweep_stale, temp_prefix
from pipeline.translate import RunReport

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_ARTICLE = PROJECT_ROOT / "articles" / "run-movement.txt"
SAMPLE_GLOSSARY = PROJECT_ROOT / "glossary" / "run-movement.csv"


#: The languages the demo writes besides Simplified Chinese (word-for-word test pairs).
DEMO_LANGUAGES = ("ja", "fr")


@dataclass(frozen=True)
class DemoResult:
    po_path: Path
    report: RunReport
    #: Every PO the demo wrote, by language code (zh-Hans first).
    languages: dict[str, Path] = field(default_factory=dict)


@contextmanager
def temporary_argos_home():
    """Point Argos's package folder at a temporary folder for the duration."""
    old = os.environ.get("ARGOS_PACKAGES_DIR")
    sweep_stale(tempfile.gettempdir())  # what a killed demo left
    with tempfile.TemporaryDirectory(prefix=temp_prefix("demo", hidden=False)) as tmp:
        os.environ["ARGOS_PACKAGES_DIR"] = str(Path(tmp) / "packages")
        try:
            yield Path(tmp)
        finally:
            if old is None:
                os.environ.pop("ARGOS_PACKAGES_DIR", None)
            else:
                os.environ["ARGOS_PACKAGES_DIR"] = old


def run_demo(*, out: Path | None = None, on_step: Callable[[str], None] = lambda _: None) -> DemoResult:
    from pipeline.translate.engine import ArgosEngine
    from pipeline.models.packages import install_from_file
    from pipeline.testing.lexical_model import build_lexical_model
    from pipeline.translate import translate_articles

    if not SAMPLE_ARTICLE.is_file():
        raise InputError(f"the sample article is missing ({SAMPLE_ARTICLE})", hint="run the demo from a clone of the repository")
    out = Path(out) if out is not None else Path(tempfile.mkdtemp(prefix="mtpipe-demo-"))
    with temporary_argos_home() as home:
        on_step("building the demonstration model ...")
        model_file = build_lexical_model(home / "mtpipe-test-en_zh.argosmodel")
        model = install_from_file(model_file)
        on_step(f"installed it in a temporary package folder ({model.path})")
        glossary = None
        if SAMPLE_GLOSSARY.is_file():
            from pipeline.glossary import load_glossaries

            glossary = load_glossaries([SAMPLE_GLOSSARY])
            on_step(f"using the project's glossary {SAMPLE_GLOSSARY.name}")
        on_step(f"translating {SAMPLE_ARTICLE.name} ...")
        engine = ArgosEngine(model)
        report = translate_articles([SAMPLE_ARTICLE], out_dir=out, engine=engine, glossary=glossary, stop_on_error=True)
        po_path = next(p for p in report.articles[0].outputs if p.suffix == ".po")
        languages = {"zh-Hans": po_path}
        for code in DEMO_LANGUAGES:  # one article, three languages: each its own test pair and PO
            pair = install_from_file(build_lexical_model(home / f"mtpipe-test-en_{code}.argosmodel", target=code))
            on_step(f"translating {SAMPLE_ARTICLE.name} into {code} with the en→{code} test model ...")
            run = translate_articles(
                [SAMPLE_ARTICLE], out_dir=out, engine=ArgosEngine(pair), glossary=glossary, stop_on_error=True,
                language=code, write_template=False,
            )
            languages[code] = next(p for p in run.articles[0].outputs if p.suffix == ".po")
            on_step(f"{code}: {languages[code]}")
    return DemoResult(po_path=po_path, report=report, languages=languages)
