"""Print fonts: the CJK font of a variant as a TrueType-outline subset, so a PDF embeds it as a named CID font.

Chromium (Skia) embeds a font with CFF outlines, as Noto Sans CJK's are,
as many unnamed Type 3 fonts, which print preflight rejects; a font with
TrueType (quadratic) outlines it embeds as a named ``CIDFontType2`` font.
:func:`truetype_subset` cuts the installed CJK font down to the characters a
book uses (:func:`pipeline.publish.cjk_fonts.subset_font`) and converts its cubic
outlines to quadratic ones with fontTools' ``cu2qu`` (within 1 font unit),
and :func:`print_font_faces` gives the ``@font-face`` rules that put it
first in the print stylesheet.
"""

from __future__ import annotations

import base64
import io

from pipeline.languages.variants import Variant

#: The family name the print stylesheet gives the converted font.
PRINT_CJK_FAMILY = "mtpipe print CJK"
#: Largest distance, in font units, between a cubic outline and its quadratic approximation.
MAX_ERROR = 1.0


def to_truetype(data: bytes) -> bytes:
    """An OpenType font with CFF outlines (*data*) rewritten with TrueType ``glyf`` outlines."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(io.BytesIO(data))
    if "glyf" in font:
        return data
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 1 if field == "maxZones" else 0)
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    # The em box as ascent and descent (880/-120, the font's typo metrics) rather than its tall line metrics
    # (1160/-288): text extractors take a glyph's box from them, and boxes taller than the line made
    # pdftotext read the two columns of a side-by-side page as one.
    os2, hhea = font["OS/2"], font["hhea"]
    hhea.ascent, hhea.descent, hhea.lineGap = os2.sTypoAscender, os2.sTypoDescender, 0
    os2.usWinAscent, os2.usWinDescent = os2.sTypoAscender, -os2.sTypoDescender
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    font.sfntVersion = "\x00\x01\x00\x00"
    out = io.BytesIO()
    font.save(out)  # recalculates bounding boxes and maxp
    return out.getvalue()


def truetype_subset(variant: Variant, text: str, *, bold: bool = False) -> bytes | None:
    """The variant's installed CJK font cut down to *text*, with TrueType outlines; None when none is installed."""
    from pipeline.publish.cjk_fonts import find_cjk_font, subset_font

    found = find_cjk_font(variant, bold=bold)
    if found is None:
        return None
    _family, path, index = found
    return to_truetype(subset_font(path, index, text))


def print_font_faces(variant: Variant, text: str) -> str:
    """``@font-face`` rules (``data:`` URIs) for the converted CJK font, regular and bold, and the rule naming it
    first for Chinese; empty when no CJK font of the variant is installed (Chromium then picks one itself)."""
    rules = []
    for weight in (400, 700):
        data = truetype_subset(variant, text, bold=weight == 700)
        if data is None:
            continue
        encoded = base64.b64encode(data).decode("ascii")
        rules.append(
            f'@font-face {{ font-family: "{PRINT_CJK_FAMILY}"; font-weight: {weight}; font-style: normal; '
            f'src: url("data:font/ttf;base64,{encoded}") format("truetype"); }}'
        )
    if not rules:
        return ""
    stack = ", ".join(f'"{f}"' for f in (PRINT_CJK_FAMILY, *variant.fonts))
    # English keeps its own Latin stack (edition.css): the CJK font's quotes and apostrophes are full-width.
    return "\n".join(rules) + f"\n:lang({variant.html_lang}) {{ font-family: {stack}, sans-serif; }}\n"
