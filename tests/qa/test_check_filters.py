"""`mtpipe check --severity` and `--reviewed-only` narrow what is reported, and the exit code follows."""

from __future__ import annotations

import json

import pytest

PO = """msgid ""
msgstr ""
"Language: zh_Hans\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgctxt "p1.s1"
msgid "Visit https://example.org now."
msgstr "现在访问。"

#, fuzzy
msgctxt "p2.s1"
msgid "Hello, world."
msgstr "你好,世界."
"""


@pytest.fixture
def po(tmp_path):
    path = tmp_path / "zh_Hans.po"
    path.write_text(PO, encoding="utf-8")
    return path


def findings(cli, po, *options):
    result = cli("check", po, "--json", *options)
    return result.exit_code, [(f["msgctxt"], f["severity"]) for f in json.loads(result.output)["files"][0]["findings"]]


def test_everything_by_default(cli, po):
    assert findings(cli, po) == (1, [("p1.s1", "error"), ("p2.s1", "warning")])


def test_severity_keeps_one_kind(cli, po):
    assert findings(cli, po, "--severity", "warning") == (0, [("p2.s1", "warning")])
    assert findings(cli, po, "--severity", "error") == (1, [("p1.s1", "error")])


@pytest.mark.slow
def test_reviewed_only_leaves_drafts_out(cli, po):
    assert findings(cli, po, "--reviewed-only") == (1, [("p1.s1", "error")])
    assert findings(cli, po, "--reviewed-only", "--severity", "warning") == (0, [])


def test_an_unknown_severity_is_refused(cli, po):
    result = cli("check", po, "--severity", "fatal")
    assert result.exit_code == 2 and "Traceback" not in result.output
