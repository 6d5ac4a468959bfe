"""The `newlines` check (pofilter's name): a line break at one end of the target and not the source,
which GNU msgfmt --check rejects (issue 25: a trailing newline added in Poedit was not flagged)."""

from __future__ import annotations

import shutil
import subprocess

import polib
import pytest

from conftest import REVIEWED_PO
from pipeline.qa.text_checks import check_newlines


@pytest.mark.parametrize(
    ("source", "target", "flagged"),
    [
        ("It rose.", "它上涨了。", False),
        ("It rose.", "它上涨了。\n", True),
        ("It rose.\n", "它上涨了。", True),
        ("It rose.\n", "它上涨了。\n", False),
        ("\nIt rose.", "它上涨了。", True),
        ("It\nrose.", "它\n上涨了。", False),  # inside the text: fine
    ],
)
def test_newlines_golden(source, target, flagged):
    assert bool(check_newlines.messages(source, target)) is flagged


def test_check_flags_what_msgfmt_rejects(cli, tmp_path):
    po_path = tmp_path / "zh_Hans.po"
    shutil.copy(REVIEWED_PO, po_path)
    po = polib.pofile(str(po_path))
    entry = next(e for e in po if e.msgstr)
    entry.msgstr += "\n"
    po.save(str(po_path))
    assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po_path)], capture_output=True).returncode != 0
    result = cli("check", po_path, "--severity", "error")
    assert result.exit_code == 1
    assert f"error: [newlines] the target ends with a line break" in result.output
