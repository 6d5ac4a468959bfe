"""Front matter read with real parsers (YAML, TOML, JSON): only the translatable keys' values change (issue 20)."""

from __future__ import annotations

import json
import tomllib

import pytest
import yaml

from pipeline.documents.markdown import markdown_skeleton
from pipeline.documents.skeleton import rebuild

TOML = '''+++
title = "Markdown Syntax Guide"
date = "2019-03-11"
description = 'Sample article, with "quotes"'
tags = ["markdown", "css"]
[params]
summary = "not top level"
+++

Body text here.
'''

JSON = '''{
  "title": "A \\"JSON\\" page",
  "summary": "Short text",
  "draft": false
}

Body text here.
'''

YAML = '''---
title: Plain title
description: 'It''s single'
summary: >
  A folded block.
author: Ann
---

Body text here.
'''


def _texts(text: str, **kwargs) -> list[str]:
    return [s.text for s in markdown_skeleton(text, **kwargs).slots]


def test_toml_front_matter_is_never_prose() -> None:
    assert _texts(TOML) == ["Markdown Syntax Guide", 'Sample article, with "quotes"', "Body text here."]
    skeleton = markdown_skeleton(TOML)
    out = rebuild(skeleton, ['语法 "指南"', "示例'文章'", "正文。"])
    front = out.split("+++")[1]
    data = tomllib.loads(front)
    assert data["title"] == '语法 "指南"' and data["description"] == "示例'文章'"
    assert data["date"] == "2019-03-11" and data["tags"] == ["markdown", "css"] and data["params"]["summary"] == "not top level"
    assert out.endswith("+++\n\n正文。\n")


def test_json_front_matter() -> None:
    assert _texts(JSON) == ['A "JSON" page', "Short text", "Body text here."]
    skeleton = markdown_skeleton(JSON)
    out = rebuild(skeleton, ['一个"JSON"页面', "短文", "正文。"])
    data, end = json.JSONDecoder().raw_decode(out)
    assert data == {"title": '一个"JSON"页面', "summary": "短文", "draft": False}


def test_yaml_front_matter_with_the_keys_chosen() -> None:
    assert _texts(YAML) == ["Plain title", "It's single", "A folded block.", "Body text here."]
    skeleton = markdown_skeleton(YAML)
    out = rebuild(skeleton, ["标题: 一", "它是'单'", "折叠的块。\n第二行", "正文。"])
    data = yaml.safe_load(out.split("---")[1])
    assert data == {"title": "标题: 一", "description": "它是'单'", "summary": "折叠的块。 第二行\n", "author": "Ann"}
    assert _texts(YAML, front_matter_keys=("author",)) == ["Ann", "Body text here."]


def test_invalid_yaml_front_matter_is_named_and_kept() -> None:
    text = "---\ntitle: a: b\n---\n\nBody.\n"
    skeleton = markdown_skeleton(text)
    assert [s.text for s in skeleton.slots] == ["Body."]
    assert skeleton.warnings == ("line 1: the front matter is not valid YAML and is not translated",)


@pytest.mark.parametrize("text", [TOML, JSON, YAML])
def test_identity_is_byte_exact(text: str) -> None:
    skeleton = markdown_skeleton(text)
    assert rebuild(skeleton, [s.text for s in skeleton.slots]) == text
