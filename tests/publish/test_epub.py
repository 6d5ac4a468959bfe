"""`mtpipe build --format epub`: EPUB 3 books that pass epubcheck.

epubcheck (Debian package ``epubcheck``, a Java jar) checks every book built
here; without it those tests skip, unless ``CI`` is set: then they fail.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import zipfile
import zlib
import tempfile
from pathlib import Path
from xml.etree import ElementTree

import polib
import pytest

from conftest import REVIEWED_PO, ROOT

REVIEWED_TW = ROOT / "translations" / "run-movement" / "zh_TW.po"
XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
LAYOUTS = ("side-by-side", "interleaved", "target-only")


def epubcheck_command() -> list[str] | None:
    found = shutil.which("epubcheck")
    if found is None:
        return None
    real = os.path.realpath(found)
    if real.endswith(".jar"):  # Debian's /usr/bin/epubcheck is the jar itself (run through binfmt_misc)
        java = shutil.which("java")
        # the quick JIT tier only: a one-shot check starts twice as fast
        return [java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", real] if java else None
    return [found]


class Running:
    """One epubcheck process, started now and waited for on :meth:`result`.

    Processes are started from the test's own thread (no thread pool: forking
    from worker threads once failed here with EFAULT on exec), and several run
    at once because each check is mostly JVM start-up.
    """

    def __init__(self, args: list[str]) -> None:
        self.output = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        self.proc = subprocess.Popen(args, stdout=self.output, stderr=subprocess.STDOUT, text=True)

    def result(self) -> subprocess.CompletedProcess:
        code = self.proc.wait(timeout=600)
        self.output.seek(0)
        text = self.output.read()
        return subprocess.CompletedProcess(self.proc.args, code, text, "")


class EpubCheck:
    """Runs epubcheck on several books at once."""

    def __init__(self, command: list[str]) -> None:
        self.command = command
        self.running: list[Running] = []

    def submit(self, path: Path) -> Running:
        check = Running([*self.command, str(path)])
        self.running.append(check)
        return check


@pytest.fixture(scope="module")
def epubcheck():
    command = epubcheck_command()
    if command is None:
        if os.environ.get("CI"):
            pytest.fail("epubcheck is not installed (CI is set, so the EPUB checks must run)")
        pytest.skip("epubcheck is not installed (apt-get install epubcheck)")
    checker = EpubCheck(command)
    yield checker
    for check in checker.running:
        check.proc.wait(timeout=600)
        check.output.close()


def assert_epubcheck_passes(check: Running | subprocess.CompletedProcess) -> None:
    proc = check.result() if isinstance(check, Running) else check
    report = proc.stdout + proc.stderr
    assert proc.returncode == 0, report
    assert re.search(r"Messages: 0 fatals / 0 errors / 0 warnings", report), report


def read_epub(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
        assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
        return {info.filename: zf.read(info) for info in infos}


def xml(data: bytes) -> ElementTree.Element:
    return ElementTree.fromstring(data)  # raises on anything not well-formed


def chapters(files: dict[str, bytes]) -> list[ElementTree.Element]:
    return [xml(data) for name, data in sorted(files.items()) if re.search(r"chapter-\d+\.xhtml$", name)]


def opf(files: dict[str, bytes]) -> ElementTree.Element:
    return xml(files["OEBPS/content.opf"])


def nav_text(files: dict[str, bytes]) -> str:
    return "".join(xml(files["OEBPS/nav.xhtml"]).itertext())


def make_po(path: Path, entries: list[tuple[str, str, str, str]], *, language: str = "zh_Hans", fuzzy: tuple[str, ...] = ()) -> Path:
    """A small reviewed PO: (msgctxt, msgid, msgstr, kind note)."""
    po = polib.POFile(wrapwidth=0)
    po.metadata = {"Project-Id-Version": path.parent.name, "Language": language, "Content-Type": "text/plain; charset=UTF-8"}
    for ctx, src, tgt, kind in entries:
        flags = ["fuzzy"] if ctx in fuzzy else []
        po.append(polib.POEntry(msgctxt=ctx, msgid=src, msgstr=tgt, comment=kind, flags=flags))
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return path


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\0" + b"\xc0\x30\x30" * 8 for _ in range(8))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


# -- every book epubcheck looks at, built first so the checks run side by side -----------------


SCRIPTY = [
    ("p1.s1", 'Breaking: <script>alert("x")</script> & "quotes" \'too\'', '突发：<script>alert("x")</script> & “引号”', "kind: title"),
    ("p2.s1", "A <b onclick=\"steal()\">bold</b> claim & <img src=x onerror=alert(1)> more.", "一个 <b onclick=\"steal()\">粗体</b> 说法 & <img src=x onerror=alert(1)>。", ""),
    ("p3.s1", "Heading <i>with</i> </div></section> tags", "标题 <i>带</i> </div></section> 标签", "kind: heading"),
    ("p4.s1", "Fin & done.", "完 & 毕。", ""),
]
SCRIPTY_TITLE = 'T <script>x</script> & "q"'
SAMPLES = [(REVIEWED_PO, "zh-Hans", "“"), (REVIEWED_TW, "zh-Hant-TW", "「")]


def build(*args) -> Path:
    from typer.testing import CliRunner

    from pipeline.cli import app

    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return Path(result.output.strip().splitlines()[-1])


def cjk_font_installed() -> bool:
    from pipeline.languages.variants import resolve
    from pipeline.publish.cjk_fonts import find_cjk_font

    return find_cjk_font(resolve("zh-TW")) is not None


@pytest.fixture(scope="module")
def books(epubcheck, tmp_path_factory) -> dict[str, tuple[Path, Running]]:
    tmp = tmp_path_factory.mktemp("books")
    made: dict[str, Path] = {}
    if cjk_font_installed():  # the slowest check first
        made["fonts"] = build(
            "build", REVIEWED_TW, "--format", "epub", "--layout", "target-only", "--embed-fonts", "--vertical", "--out", tmp / "v.epub"
        )
    for po, _, _ in SAMPLES:
        for layout in LAYOUTS:
            made[f"{po.stem}/{layout}"] = build("build", po, "--format", "epub", "--layout", layout, "--out", tmp / f"{po.stem}.{layout}.epub")
    scripty = make_po(tmp / "scripty" / "zh_Hans.po", SCRIPTY)
    made["scripty"] = build("build", scripty, "--format", "epub", "--out", tmp / "scripty.epub", "--title", SCRIPTY_TITLE)
    make_po(
        tmp / "alpha" / "zh_Hans.po",
        [("p1.s1", "Alpha News", "甲新闻", "kind: title"), ("p2.s1", "One.", "一。", ""), ("p2.s2", "Two.", "", "")],
        fuzzy=("p2.s1",),
    )
    make_po(tmp / "beta" / "zh_Hans.po", [("p1.s1", "Beta News", "乙新闻", "kind: title"), ("p2.s1", "Two.", "二。", "")])
    toc = tmp / "book.toc"
    toc.write_text("# the order of the book\nbeta/zh_Hans.po\n\nalpha/zh_Hans.po\n", encoding="utf-8")
    cover = tmp / "cover.png"
    cover.write_bytes(tiny_png())
    made["toc"] = build(
        "build", "--format", "epub", "--toc", toc, "--out", tmp / "toc.epub", "--title", "Two articles",
        "--author", "Desk", "--cover", cover, "--allow-draft",
    )
    made["metadata"] = build(
        "build", REVIEWED_PO, "--format", "epub", "--out", tmp / "meta.epub", "--publisher", "Desk & Co",
        "--date", "2026-12-07", "--rights", "CC BY 4.0", "--identifier", "978-3-16-148410-0",
    )
    return {name: (path, epubcheck.submit(path)) for name, path in made.items()}


# -- the reviewed sample, every layout, both variants ------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(("po", "lang", "quote"), SAMPLES)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_reviewed_sample_passes_epubcheck(books, po, lang, quote, layout):
    out, check = books[f"{po.stem}/{layout}"]
    assert_epubcheck_passes(check)
    files = read_epub(out)
    assert files["mimetype"] == b"application/epub+zip"
    languages = [e.text for e in opf(files).iter(f"{DC}language")]
    assert languages[0] == lang and languages[1:] == ([] if layout == "target-only" else ["en"])
    (chapter,) = chapters(files)
    cells = [e for e in chapter.iter() if "cell" in (e.get("class") or "").split()]
    for cell in cells:  # every source and target element says its language, in HTML and in XML
        side = "src" if "src" in cell.get("class", "").split() else "tgt"
        assert cell.get("lang") == cell.get(XML_LANG) == ("en" if side == "src" else lang)
    sides = {c.get("lang") for c in cells}
    assert sides == ({lang} if layout == "target-only" else {lang, "en"})
    assert quote in "".join(chapter.itertext())
    # the table of contents: the headings in both languages
    toc = nav_text(files)
    assert "Different Routes" in toc and ("不同的路线" in toc or "不同的路線" in toc)
    assert not any(name.startswith("OEBPS/fonts/") for name in files), "fonts are referenced, not embedded, by default"
    assert "Noto Sans CJK" in files["OEBPS/book.css"].decode()


def test_side_by_side_rows_pair_source_and_target(tmp_path):
    from pipeline.publish.epub import write_epub
    from pipeline.publish import load_edition

    out = write_epub([REVIEWED_PO], out=tmp_path / "b.epub", layout="side-by-side")
    (chapter,) = chapters(read_epub(out))
    rows = [e for e in chapter.iter(f"{XHTML}div") if (e.get("class") or "").startswith("row kind-")]
    assert [r.get("id") for r in rows] == [b.id for b in load_edition(REVIEWED_PO).blocks]
    for row in rows:
        assert [c.get("class") for c in row] == ["cell src", "cell tgt"], row.get("id")


@pytest.mark.slow
def test_toc_order_bilingual_titles_cover_and_marked_draft(books):
    out, check = books["toc"]
    assert_epubcheck_passes(check)
    files = read_epub(out)
    package = opf(files)
    assert [e.text for e in package.iter(f"{DC}title")] == ["[DRAFT] Two articles"]
    assert [e.text for e in package.iter(f"{DC}creator")] == ["Desk"]
    hrefs = {item.get("id"): item.get("href") for item in package.iter(f"{OPF}item")}
    spine = [ref.get("idref") for ref in package.iter(f"{OPF}itemref")]
    assert spine[0] == "cover" and hrefs["cover-image"] == "cover.png" and files["OEBPS/cover.png"] == tiny_png()
    assert [i.get("properties") for i in package.iter(f"{OPF}item") if i.get("id") == "cover-image"] == ["cover-image"]
    assert spine[1] == "nav"  # the contents page is read, after the cover (issue 21)
    spine = spine[1:]
    texts = ["".join(xml(files["OEBPS/" + hrefs[i]]).itertext()) for i in spine[1:]]
    assert "Beta News" in texts[0] and "Alpha News" in texts[1]  # the --toc file's order
    toc = next(xml(files["OEBPS/nav.xhtml"]).iter(f"{XHTML}nav"))
    labels = ["".join(a.itertext()) for a in toc.iter(f"{XHTML}a")]
    assert labels == ["乙新闻 / Beta News", "[DRAFT] 甲新闻 / Alpha News"]
    spans = [s for s in toc.iter(f"{XHTML}span") if s.text in ("乙新闻", "Beta News")]
    assert [(s.get("lang"), s.get(XML_LANG)) for s in spans] == [("zh-Hans", "zh-Hans"), ("en", "en")]
    # the draft chapter: a banner, and every unreviewed sentence marked
    draft = xml(files["OEBPS/" + hrefs[spine[2]]])
    classes = [e.get("class") or "" for e in draft.iter()]
    assert "draft-banner" in classes and "seg fuzzy" in classes and "seg untranslated" in classes
    assert "DRAFT" in "".join(draft.itertext())
    reviewed = xml(files["OEBPS/" + hrefs[spine[1]]])
    assert not [c for c in (e.get("class") or "" for e in reviewed.iter()) if "draft" in c or "fuzzy" in c]


@pytest.mark.slow
def test_embedded_fonts_vertical_traditional(books):
    if "fonts" not in books:
        if os.environ.get("CI"):
            pytest.fail("no Noto/Source Han CJK font (CI is set: fonts-noto-cjk must be installed)")
        pytest.skip("no CJK font installed to embed (apt-get install fonts-noto-cjk)")
    out, check = books["fonts"]
    assert_epubcheck_passes(check)
    files = read_epub(out)
    fonts = {n: d for n, d in files.items() if n.startswith("OEBPS/fonts/")}
    assert fonts and all(d[:4] == b"OTTO" for d in fonts.values())
    assert all(len(d) < 1_000_000 for d in fonts.values()), "a subset, not the 20 MB collection"
    import io

    from fontTools.ttLib import TTFont

    cmap = TTFont(io.BytesIO(files["OEBPS/fonts/cjk-400.otf"])).getBestCmap()
    chapter_text = "".join(chapters(files)[0].itertext())
    assert all(ord(ch) in cmap for ch in set(chapter_text) if ord(ch) > 0x2E80)  # every Chinese character drawn
    assert len(cmap) < 2000
    css = files["OEBPS/book.css"].decode()
    assert '@font-face { font-family: "mtpipe CJK"' in css and "writing-mode: vertical-rl" in css
    assert chapters(files)[0].get("class") == "vertical"
    assert next(opf(files).iter(f"{OPF}spine")).get("page-progression-direction") == "rtl"
    assert "「" in chapter_text


# -- escaping: nothing in a PO becomes markup ---------------------------------------------------


def assert_no_markup_from_text(files: dict[str, bytes], layout: str) -> None:
    for name, data in files.items():
        if name.endswith((".xhtml", ".opf")):
            root = xml(data)
            tags = {e.tag.split("}")[-1] for e in root.iter()}
            assert not tags & {"script", "img", "b", "i"}, (name, tags)
            assert not any(a.startswith("on") for e in root.iter() for a in e.attrib), name
    text = "".join(chapters(files)[0].itertext())
    assert '<script>alert("x")</script>' in text and "“引号”" in text  # shown as text, not lost
    if layout != "target-only":
        assert '<b onclick="steal()">bold</b>' in text
    assert [e.text for e in opf(files).iter(f"{DC}title")] == [SCRIPTY_TITLE]


@pytest.mark.slow
def test_script_like_text_is_escaped_and_passes_epubcheck(books):
    out, check = books["scripty"]
    assert_epubcheck_passes(check)
    files = read_epub(out)
    assert_no_markup_from_text(files, "side-by-side")
    assert "<script>" in nav_text(files)


@pytest.mark.parametrize("layout", ["interleaved", "target-only"])
def test_script_like_text_is_escaped_in_every_layout(tmp_path, layout):
    from pipeline.publish.epub import write_epub

    po = make_po(tmp_path / "scripty" / "zh_Hans.po", SCRIPTY)
    out = write_epub([po], out=tmp_path / "s.epub", layout=layout, title=SCRIPTY_TITLE)
    assert_no_markup_from_text(read_epub(out), layout)


# -- refusals: nothing written -------------------------------------------------------------------


def test_draft_refused_without_allow_draft(cli, tmp_path):
    po = make_po(tmp_path / "d" / "zh_Hans.po", [("p1.s1", "One.", "一。", ""), ("p1.s2", "Two.", "", "")], fuzzy=("p1.s1",))
    out = tmp_path / "d.epub"
    result = cli("build", po, "--format", "epub", "--out", out)
    assert result.exit_code == 1 and "p1.s1" in result.output and "p1.s2" in result.output
    assert not out.exists()


def test_mixed_variants_refused_with_the_list(cli, tmp_path):
    out = tmp_path / "m.epub"
    result = cli("build", REVIEWED_PO, REVIEWED_TW, "--format", "epub", "--out", out)
    assert result.exit_code != 0
    assert "zh_Hans.po (zh-Hans)" in result.output and "zh_TW.po (zh-TW)" in result.output
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--cover", "missing.png"], "cover image missing.png does not exist"),
        (["--cover", "not-an-image.png"], "is not a PNG, JPEG or GIF image"),
        (["--vertical"], "--vertical does not combine with the side-by-side layout"),
        (["--paper", "A4"], "--paper applies to --format pdf, not to --format epub"),
    ],
)
def test_bad_input_one_line_nothing_written(cli, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "not-an-image.png").write_text("<svg/>", encoding="utf-8")
    out = tmp_path / "book.epub"
    result = cli("build", REVIEWED_PO, "--format", "epub", "--out", out, *args)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("Error: ") and message in lines[0], result.output
    assert lines[1].startswith("Hint: ") and "Traceback" not in result.output
    assert not out.exists()


def test_missing_po_refused_before_anything_is_built(cli, tmp_path):
    out = tmp_path / "book.epub"
    result = cli("build", REVIEWED_PO, tmp_path / "gone" / "zh_Hans.po", "--format", "epub", "--out", out)
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {tmp_path / 'gone' / 'zh_Hans.po'}: no such file")
    assert not out.exists()


def test_a_po_whose_source_document_is_missing_leaves_nothing(cli, tmp_path):
    """A PO that records its source document (as translate writes it) whose
    document is gone stops the whole book before anything is written."""
    second = tmp_path / "second" / "zh_Hans.po"
    second.parent.mkdir()
    text = REVIEWED_PO.read_text(encoding="utf-8")
    second.write_text(
        text.replace('"Language: zh_Hans\\n"', '"Language: zh_Hans\\n"\n"X-Source-Document: ../articles/second.txt\\n"', 1),
        encoding="utf-8",
    )
    from pipeline.catalog import load_catalog

    assert load_catalog(second).header["X-Source-Document"] == "../articles/second.txt"
    out = tmp_path / "book.epub"
    out.write_bytes(b"an earlier book")
    result = cli("build", REVIEWED_PO, second, "--format", "epub", "--out", out)
    assert result.exit_code == 2, result.output
    assert "source document" in result.output and "second.txt is missing" in result.output
    assert "--source PATH" in result.output
    assert out.read_bytes() == b"an earlier book"


def test_toc_and_po_arguments_together_refused(cli, tmp_path):
    toc = tmp_path / "book.toc"
    toc.write_text(f"{REVIEWED_PO}\n", encoding="utf-8")
    out = tmp_path / "b.epub"
    result = cli("build", REVIEWED_PO, "--toc", toc, "--format", "epub", "--out", out)
    assert result.exit_code == 2 and result.output.startswith("Error: PO files given both as arguments and in --toc")
    result = cli("build", "--toc", tmp_path / "none.toc", "--format", "epub", "--out", out)
    assert result.exit_code == 2 and result.output.startswith(f"Error: table of contents {tmp_path / 'none.toc'} does not exist")
    assert not out.exists()


def test_several_pos_make_one_book_but_one_page_each(cli, tmp_path):
    result = cli("build", REVIEWED_PO, REVIEWED_TW, "--format", "html", "--out", tmp_path / "site")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "site").rglob("*.html")) == [
        "zh_Hans.side-by-side.html", "zh_TW.side-by-side.html"]
    result = cli("build", REVIEWED_PO, REVIEWED_TW, "--format", "epub")
    assert result.exit_code == 2 and "give --out BOOK.epub" in result.output


def test_default_output_is_beside_the_po(cli, tmp_path):
    po = tmp_path / "zh_TW.po"
    po.write_bytes(REVIEWED_TW.read_bytes())
    result = cli("build", po, "--format", "epub", "--layout", "interleaved")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(tmp_path / "zh_TW.interleaved.epub")
    assert read_epub(tmp_path / "zh_TW.interleaved.epub")["mimetype"] == b"application/epub+zip"


def test_same_inputs_same_bytes_with_source_date_epoch(tmp_path, monkeypatch):
    from pipeline.publish.epub import write_epub

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = write_epub([REVIEWED_PO], out=tmp_path / "1.epub").read_bytes()
    second = write_epub([REVIEWED_PO], out=tmp_path / "2.epub").read_bytes()
    assert first == second
    assert b"2023-11-14T22:13:20Z" in read_epub(tmp_path / "1.epub")["OEBPS/content.opf"]


def test_embed_fonts_without_a_cjk_font_is_one_line(cli, tmp_path, monkeypatch):
    import pipeline.publish.cjk_fonts

    monkeypatch.setattr(pipeline.publish.cjk_fonts, "find_cjk_font", lambda variant, bold=False: None)
    out = tmp_path / "f.epub"
    result = cli("build", REVIEWED_TW, "--format", "epub", "--embed-fonts", "--out", out)
    assert result.exit_code == 2
    assert result.output.startswith("Error: --embed-fonts: none of the zh-TW fonts is installed")
    assert "apt-get install fonts-noto-cjk" in result.output and not out.exists()


# -- publication metadata, NCX, zip modes (issue 21) ---------------------------------------------

NCX = "{http://www.daisy.org/z3986/2005/ncx/}"


@pytest.mark.slow
def test_publication_metadata_and_ncx(books):
    out, check = books["metadata"]
    assert_epubcheck_passes(check)
    files = read_epub(out)
    package = opf(files)
    assert [e.text for e in package.iter(f"{DC}publisher")] == ["Desk & Co"]
    assert [e.text for e in package.iter(f"{DC}date")] == ["2026-12-07"]
    assert [e.text for e in package.iter(f"{DC}rights")] == ["CC BY 4.0"]
    assert [e.text for e in package.iter(f"{DC}identifier")] == ["urn:isbn:9783161484100"]
    # the EPUB 2 table of contents: in the manifest, named by the spine, listing the chapter and its headings
    items = {i.get("id"): i for i in package.iter(f"{OPF}item")}
    assert items["ncx"].get("href") == "toc.ncx" and items["ncx"].get("media-type") == "application/x-dtbncx+xml"
    assert next(package.iter(f"{OPF}spine")).get("toc") == "ncx"
    assert [r.get("idref") for r in package.iter(f"{OPF}itemref")] == ["nav", "c001"]  # a visible contents page first
    ncx = xml(files["OEBPS/toc.ncx"])
    assert [m.get("content") for m in ncx.iter(f"{NCX}meta") if m.get("name") == "dtb:uid"] == ["urn:isbn:9783161484100"]
    labels = ["".join(t.itertext()) for t in ncx.iter(f"{NCX}text")]
    assert any("Different Routes" in label and "不同的路线" in label for label in labels)
    orders = [int(p.get("playOrder")) for p in ncx.iter(f"{NCX}navPoint")]
    assert sorted(orders) == list(range(1, len(orders) + 1))


@pytest.mark.slow
def test_every_book_has_an_ncx_and_members_readable_by_all(books):
    for name, (out, _) in books.items():
        with zipfile.ZipFile(out) as zf:
            assert "OEBPS/toc.ncx" in zf.namelist(), name
            for info in zf.infolist():
                assert info.external_attr >> 16 == 0o100644, (name, info.filename, oct(info.external_attr >> 16))


@pytest.mark.parametrize(
    ("given", "urn"),
    [
        ("978-3-16-148410-0", "urn:isbn:9783161484100"),
        ("ISBN 0-306-40615-2", "urn:isbn:0306406152"),
        ("0e6f4a4e-1f5b-4a8e-9f0e-2d1c3b4a5f60", "urn:uuid:0e6f4a4e-1f5b-4a8e-9f0e-2d1c3b4a5f60"),
        ("urn:doi:10.1000/182", "urn:doi:10.1000/182"),
    ],
)
def test_identifier_is_written_as_a_urn(given, urn):
    from pipeline.publish.epub import Metadata, check_metadata_fields

    assert check_metadata_fields(Metadata(identifier=given)).identifier == urn


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--identifier", "978-3-16-148410-1"), "Error: --identifier '978-3-16-148410-1' is not an ISBN, a UUID or a URN"),
        (("--date", "07/12/2026"), "Error: --date '07/12/2026' is not a date"),
        (("--publisher", "Desk\x00"), "Error: --publisher contains a control character (U+0000)"),
    ],
)
def test_bad_metadata_is_one_line(cli, tmp_path, args, message):
    out = tmp_path / "m.epub"
    result = cli("build", REVIEWED_PO, "--format", "epub", "--out", out, *args)
    assert result.exit_code == 2 and result.output.startswith(message), result.output
    assert not out.exists()


def test_metadata_options_are_for_epub_only(cli, tmp_path):
    result = cli("build", REVIEWED_PO, "--format", "pdf", "--out", tmp_path / "x.pdf", "--rights", "CC0")
    assert result.exit_code == 2 and result.output.startswith("Error: --rights applies to --format epub, not to --format pdf")


def test_one_po_into_a_folder_is_named_by_its_article(cli, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    assert cli("build", REVIEWED_PO, "--out", site).exit_code == 0
    other = tmp_path / "other-article" / "zh_Hans.po"
    other.parent.mkdir()
    other.write_bytes(REVIEWED_PO.read_bytes())
    result = cli("build", other, "--out", site)
    assert result.exit_code == 0, result.output
    assert sorted(str(p.relative_to(site)) for p in site.rglob("*.html")) == [
        "other-article/zh_Hans.side-by-side.html", "run-movement/zh_Hans.side-by-side.html"]

