"""Issue 23's done-when line: one article into five languages through the CLI, with the glossary enforced in each."""

from __future__ import annotations

import json

import pytest

from conftest import SAMPLE, error_lines, isolate, msgfmt_check
from pipeline.catalog import load_catalog

#: A glossary with a target column per language (zh-TW falls back to converting zh).
GLOSSARY = """\
en,zh,ja,fr,ar,dnt,note
exit ban,出境禁令,出国禁止,interdiction de sortie,حظر السفر,,
Chinese Communist Party,中国共产党,中国共産党,Parti communiste chinois,الحزب الشيوعي الصيني,,
hostage diplomacy,人质外交,人質外交,diplomatie des otages,دبلوماسية الرهائن,,
HRD,HRD,HRD,HRD,HRD,yes,
"""

#: What each PO must contain where the source has the term.
EXPECTED = {
    "zh_Hans": ("出境禁令", "中国共产党", "人质外交"),
    "zh_TW": ("出境禁令", "中國共產黨", "人質外交"),
    "ja": ("出国禁止", "中国共産党", "人質外交"),
    "fr": ("interdiction de sortie", "Parti communiste chinois", "diplomatie des otages"),
    "ar": ("حظر السفر", "الحزب الشيوعي الصيني", "دبلوماسية الرهائن"),
}


@pytest.fixture(scope="module")
def five_languages(tmp_path_factory, test_model_file, pair_model_files):
    """One run into five languages, shared by the tests that read what it wrote: the CLI's result,
    the article's PO folder, the report and the glossary. The run has a home of its own."""
    from typer.testing import CliRunner

    from pipeline.cli import app
    from pipeline.models.packages import install_from_file

    work = tmp_path_factory.mktemp("five-languages")
    with pytest.MonkeyPatch.context() as mp:
        isolate(mp, work / "home")
        for path in (test_model_file, *pair_model_files.values()):
            install_from_file(path)
        glossary = work / "g.csv"
        glossary.write_text(GLOSSARY, encoding="utf-8")
        out = work / "out"
        args = ["translate", SAMPLE, "--to", "zh-Hans", "--to", "zh-TW", "--to", "ja", "--to", "fr", "--to", "ar",
                "--glossary", glossary, "--out", out, "--report", work / "report.json"]
        result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    return result, out / "run-movement", work / "report.json", glossary


@pytest.mark.slow
def test_five_languages_five_msgfmt_clean_pos_with_the_glossary_enforced(five_languages):
    result, folder, _, _ = five_languages
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == sorted(["run-movement.pot", *(f"{s}.po" for s in EXPECTED)])
    for stem, terms in EXPECTED.items():
        path = folder / f"{stem}.po"
        msgfmt_check(path)
        catalog = load_catalog(path)
        text = "\n".join(e.msgstr for e in catalog.active)
        for term in terms:
            assert term in text, (stem, term)
        assert "HRD" in text  # do-not-translate, in every language
        assert all(e.msgstr for e in catalog.active), stem


@pytest.mark.slow
def test_each_po_has_its_language_and_babel_plural_forms(five_languages):
    from babel.messages.plurals import get_plural

    _, folder, _, _ = five_languages
    for stem in EXPECTED:
        header = load_catalog(folder / f"{stem}.po").header
        assert header["Language"] == stem
        assert header["Plural-Forms"] == get_plural(stem).plural_forms
    assert load_catalog(folder / "ar.po").header["Plural-Forms"].startswith("nplurals=6;")


@pytest.mark.slow
def test_the_report_names_each_language_and_its_route(five_languages):
    _, _, report, _ = five_languages
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["routes"] == {"zh-Hans": "en→zh", "ja": "en→ja", "fr": "en→fr", "ar": "en→ar"}
    assert data["failed_languages"] == {}
    assert data["languages"]["fr"]["term_consistency"] == 1.0


def test_an_unknown_language_is_one_error_line_and_nothing_is_written(cli, tmp_path, installed_model):
    result = cli("translate", SAMPLE, "--to", "xx", "--out", tmp_path / "out")
    assert result.exit_code != 0
    assert error_lines(result.output) == ["Error: unknown language 'xx'"]
    assert not (tmp_path / "out").exists()


def test_a_language_no_model_serves_lists_what_is_installed(cli, tmp_path, installed_model):
    result = cli("translate", SAMPLE, "--to", "ja", "--to", "de", "--offline", "--out", tmp_path / "out")
    assert result.exit_code != 0
    [line] = error_lines(result.output)
    assert line == (
        "Error: no installed model translates English into ja, de, directly or through a pivot language (installed: en→zh)"
    )
    assert "mtpipe models install en ja" in result.output
    assert not (tmp_path / "out").exists()


#: A fr→de test lexicon (ASCII French words: the builder's source side).
FR_DE = "interdiction\tVerbot\nsortie\tAusreise\nautorites\tBehörden\n"


@pytest.mark.slow
def test_a_language_without_a_direct_model_goes_through_a_pivot_and_says_so(cli, tmp_path, pair_model_files):
    from pipeline.models.packages import install_from_file
    from pipeline.testing.lexical_model import build_lexical_model

    lexicon = tmp_path / "fr-de.tsv"
    lexicon.write_text(FR_DE, encoding="utf-8")
    install_from_file(pair_model_files["fr"])
    install_from_file(build_lexical_model(tmp_path / "fr-de.argosmodel", lexicon=lexicon, source="fr", target="de"))
    article = tmp_path / "ban.txt"
    article.write_text("The exit ban is illegal.\n", encoding="utf-8")
    result = cli("translate", article, "--to", "de", "--out", tmp_path / "out", "--report", tmp_path / "r.json", "--no-memory")
    assert result.exit_code == 0, result.output
    assert "note: de: no direct model; translated through a pivot: en→fr→de (pivot)" in result.output
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["routes"] == {"de": "en→fr→de (pivot)"}
    assert "→ fr →" in report["languages"]["de"]["model"]  # the memory is keyed by the route
    [entry] = load_catalog(tmp_path / "out" / "ban" / "de.po").active
    assert entry.msgstr == "The Ausreise Verbot is illégal."  # en→fr made "illégal"; fr→de has no entry for it
    msgfmt_check(tmp_path / "out" / "ban" / "de.po")


@pytest.mark.slow
def test_a_multilingual_nllb_model_serves_every_language_in_one_run(cli, tmp_path, multilingual_model):
    model = multilingual_model
    glossary = tmp_path / "g.csv"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    out = tmp_path / "out"
    result = cli(
        "translate", SAMPLE, "--engine", f"nllb:{model}", "--to", "ja", "--to", "fr", "--to", "ar", "--to", "de",
        "--glossary", glossary, "--out", out, "--report", tmp_path / "r.json",
    )
    assert result.exit_code == 0, result.output
    folder = out / "run-movement"
    for stem in ("ja", "fr", "ar", "de"):
        msgfmt_check(folder / f"{stem}.po")
    for stem in ("ja", "fr", "ar"):
        text = "\n".join(e.msgstr for e in load_catalog(folder / f"{stem}.po").active)
        assert all(term in text for term in EXPECTED[stem]), stem
    assert "Behörden" in "\n".join(e.msgstr for e in load_catalog(folder / "de.po").active)
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["routes"]["fr"] == "en→fr (nllb: nllb)"


def test_engine_errors_are_one_line(cli, tmp_path):
    result = cli("translate", SAMPLE, "--engine", "foo", "--out", tmp_path / "out")
    assert error_lines(result.output) == ["Error: unknown engine 'foo'"]
    result = cli("translate", SAMPLE, "--engine", f"nllb:{tmp_path}", "--to", "fr", "--out", tmp_path / "out")
    assert error_lines(result.output) == [f"Error: {tmp_path}: no model.bin: not a CTranslate2 model folder"]
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_the_same_run_on_the_dask_cluster_gives_the_same_bytes(cli, tmp_path, own_installed_model, pair_model_files, fixed_dates):
    import logging

    distributed = pytest.importorskip("distributed")
    from pipeline.models.packages import install_from_file

    for path in pair_model_files.values():
        install_from_file(path)
    glossary = tmp_path / "g.csv"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    args = ("translate", SAMPLE, "--to", "zh-TW", "--to", "ja", "--to", "ar", "--glossary", glossary, "--no-memory")
    assert cli(*args, "--out", tmp_path / "local").exit_code == 0
    with distributed.LocalCluster(
        processes=True, n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None,
        silence_logs=logging.CRITICAL,
    ) as cluster:
        result = cli(*args, "--out", tmp_path / "remote", "--cluster", cluster.scheduler_address, "--report", tmp_path / "r.json")
    assert result.exit_code == 0, result.output

    def files(folder):
        return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*.po*"))}

    assert files(tmp_path / "remote") == files(tmp_path / "local")
    assert len(files(tmp_path / "local")) == 5  # POT, zh_Hans, zh_TW, ja, ar
    ran = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["cluster"]
    assert ran["scheduler"] == cluster.scheduler_address and sum(ran["tasks_by_worker"].values()) >= 3


@pytest.mark.slow
def test_checks_run_per_language(five_languages, cli, tmp_path):
    _, folder, _, glossary = five_languages
    result = cli("check", *(folder / f"{stem}.po" for stem in EXPECTED), "--glossary", glossary)
    assert "[glossary]" not in result.output, result.output  # enforced in every language
    broken = tmp_path / "fr.po"
    broken.write_text((folder / "fr.po").read_text(encoding="utf-8").replace("interdiction de sortie", "interdiction"), encoding="utf-8")
    result = cli("check", broken, "--glossary", glossary)
    assert "error: [glossary] 'exit ban' must be rendered 'interdiction de sortie'" in result.output


def test_without_an_engine_each_language_gets_an_empty_po_and_a_missing_input_fails_the_run(cli, tmp_path):
    out = tmp_path / "out"
    result = cli("translate", SAMPLE, tmp_path / "nope.txt", "--to", "fr", "--to", "ar", "--engine", "none", "--out", out)
    assert result.exit_code == 1
    assert [line for line in error_lines(result.output) if "nope.txt" in line]
    for stem in ("fr", "ar"):
        msgfmt_check(out / "run-movement" / f"{stem}.po")
        assert all(not e.msgstr for e in load_catalog(out / "run-movement" / f"{stem}.po").active)


@pytest.mark.slow
def test_a_pivot_on_the_dask_cluster_gives_the_bytes_of_a_local_run(cli, tmp_path, own_installed_model, pair_model_files, fixed_dates):
    """Both legs of a pivot (en→fr, fr→de) run on the workers, each with its own model."""
    import logging

    distributed = pytest.importorskip("distributed")
    from pipeline.models.packages import install_from_file
    from pipeline.testing.lexical_model import build_lexical_model

    lexicon = tmp_path / "fr-de.tsv"
    lexicon.write_text(FR_DE, encoding="utf-8")
    install_from_file(pair_model_files["fr"])
    install_from_file(build_lexical_model(tmp_path / "fr-de.argosmodel", lexicon=lexicon, source="fr", target="de"))
    article = tmp_path / "ban.txt"
    article.write_text("The exit ban is illegal.\n\nThe authorities said so.\n", encoding="utf-8")
    args = ("translate", article, "--to", "de", "--to", "fr", "--no-memory")
    assert cli(*args, "--out", tmp_path / "local").exit_code == 0
    with distributed.LocalCluster(
        processes=True, n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None,
        silence_logs=logging.CRITICAL,
    ) as cluster:
        result = cli(*args, "--out", tmp_path / "remote", "--cluster", cluster.scheduler_address)
    assert result.exit_code == 0, result.output

    def files(folder):
        return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*.po*"))}

    assert files(tmp_path / "remote") == files(tmp_path / "local")
    assert "Ausreise" in (tmp_path / "remote" / "ban" / "de.po").read_text(encoding="utf-8")
