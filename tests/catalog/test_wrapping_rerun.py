"""``mtpipe translate`` keeps each PO's wrapping: an unchanged re-run leaves a Poedit- or msgcat-wrapped PO
byte-identical, a changed one changes only the changed entries; ``--width`` and ``--no-wrap`` as gettext has."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import GLOSSARY, tree_snapshot
from pipeline.catalog import load_catalog

pytestmark = [pytest.mark.slow, pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext is not installed")]

STYLES = {
    "msgcat --width=76": lambda text: text,
    "msgcat": lambda text: text,
    # Poedit wraps at 79 as gettext does, and names itself.
    "msgcat --width=79 poedit": lambda text: text.replace('"X-Generator: mtpipe 0.1.0\\n"', '"X-Generator: Poedit 3.4.2\\n"'),
}


def translate(cli, sample: Path, out: Path, *options: str):
    return cli("translate", sample, "--out", out, "--glossary", GLOSSARY, "--variant", "zh-TW", "--no-memory", "--offline", *options)


def resave(folder: Path, style: str) -> None:
    """Every PO of *folder* saved by the tool of *style*."""
    options = [o for o in style.split()[1:] if o.startswith("--")]
    for po in sorted(folder.glob("*.po")):
        text = subprocess.run(["msgcat", *options, str(po)], capture_output=True, text=True, check=True).stdout
        po.write_text(STYLES[style](text), encoding="utf-8")


@pytest.mark.parametrize("style", sorted(STYLES))
def test_reruns_keep_the_files_wrapping(cli, installed_model, sample, tmp_path, style):
    out = tmp_path / "out"
    assert translate(cli, sample, out).exit_code == 0
    folder = out / "run-movement"
    resave(folder, style)
    before = tree_snapshot(out)
    assert translate(cli, sample, out).exit_code == 0
    assert tree_snapshot(out) == before  # byte-identical, not even rewritten
    # A sentence changes: only its entry (and the header's source hash and draft marks) change.
    text = sample.read_text(encoding="utf-8")
    sample.write_text(text.replace("their ideal destination", "their chosen destination"), encoding="utf-8")
    assert translate(cli, sample, out).exit_code == 0
    for po in ("zh_Hans.po", "zh_TW.po"):
        old_blocks = before[f"run-movement/{po}"].decode().split("\n\n")  # type: ignore[union-attr]
        new_blocks = (folder / po).read_text(encoding="utf-8").split("\n\n")
        assert len(old_blocks) == len(new_blocks)
        differ = [i for i, (a, b) in enumerate(zip(old_blocks, new_blocks)) if a != b]
        changed = [i for i, e in enumerate(load_catalog(folder / po).entries, start=1) if "chosen" in e.msgid]
        assert differ == [0, *changed], (po, differ)
        assert "#| msgid" in new_blocks[changed[0]]


def test_width_and_no_wrap_rewrap_as_asked(cli, installed_model, sample, tmp_path):
    out = tmp_path / "out"
    assert translate(cli, sample, out).exit_code == 0
    po = out / "run-movement" / "zh_TW.po"
    unwrapped = po.read_bytes()
    assert translate(cli, sample, out, "--width", "76").exit_code == 0
    wrapped = po.read_text(encoding="utf-8")
    gnu = subprocess.run(["msgcat", "--width=76", str(po)], capture_output=True, text=True, check=True).stdout
    assert wrapped.replace("#, fuzzy, mt\n", "#, fuzzy\n") == gnu + "\n"  # msgcat drops the mt flag
    assert translate(cli, sample, out).exit_code == 0
    assert po.read_text(encoding="utf-8") == wrapped  # the file's own wrapping is kept from now on
    assert translate(cli, sample, out, "--no-wrap").exit_code == 0
    assert po.read_bytes() == unwrapped
    result = translate(cli, sample, out, "--width", "76", "--no-wrap")
    assert result.exit_code == 2 and "Error: --width and --no-wrap contradict each other" in result.output
