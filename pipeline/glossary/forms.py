"""The forms a glossary term takes in running text, besides plurals and possessives (:mod:`.matching` folds those).

* **Verb forms**: ``-s``, ``-ed`` and ``-ing`` with e-drop, consonant
  doubling and y→i, and irregular verbs (ban → banned, banning; quarantine →
  quarantined; apply → applied; run → ran, running; flee → fled). The data is
  LemmInflect's (MIT; built from the Automatically Generated Inflection
  Database and the SPECIALIST lexicon), not a hand-written table. Only words
  that LemmInflect knows as verbs get verb forms, and only lower-case words
  (``COVID``, ``Hong Kong`` never do). A multi-word term inflects its head
  word: the last word when it is a verb (``exit ban`` → ``exit banned``),
  else the first (``wash hands`` → ``washed hands``).
* **British and American spellings**, for an entry flagged ``uk-us``:
  ``-ise``/``-ize``, ``-isation``/``-ization``, ``-yse``/``-yze``
  (hospitalised, hospitalized), each then inflected.
* **Compounds** (lower-case words only): the open and hyphenated forms (``hand washing``,
  ``hand-washing``; the tokenizer already makes those one) match the closed
  one (``handwashing``), and a closed term matches its open form when it
  splits in exactly one way into two words LemmInflect knows. The guard
  against false matches (``any one``/``anyone``, ``in put``): every part has
  at least :data:`MIN_COMPOUND_PART` letters, and only letters.

The ``match`` column of a glossary (:data:`MATCH_FLAGS`) turns these off or on
per entry.
"""

from __future__ import annotations

import importlib
import re
from functools import lru_cache
from typing import Any

#: Values of a glossary entry's ``match`` column (several separated by ``|``), and what each does.
MATCH_FLAGS: dict[str, str] = {
    "as-written": "only the forms as written: no plural, verb form or compound form",
    "no-verb": "no verb forms (plurals and compounds still match)",
    "no-compound": "open, hyphenated and closed compounds do not match each other",
    "uk-us": "British and American spellings match each other (hospitalised, hospitalized)",
    "inside": "may match inside a longer hyphenated compound (COVID in COVID-19) or capitalised name",
}

#: Letters each part of a compound needs before its closed and open forms match each other.
MIN_COMPOUND_PART = 4

_LOWER_WORD = re.compile(r"[a-z]+")
_LOWER_WORD_IN = re.compile(r"(?<![^\W\d_])[a-z]+(?![^\W\d_])")
#: British → American endings, and back (applied to one word at a time).
_SPELLINGS = (("isation", "ization"), ("ise", "ize"), ("ised", "ized"), ("ising", "izing"), ("yse", "yze"))
_SEPARATOR = re.compile(r"[\s\-\u2010\u2011]+")


@lru_cache(maxsize=1)
def _lemminflect() -> Any:
    import lemminflect  # the data loads on first use (about 0.2 s)

    return lemminflect


def _table_keys(name: str, table: str) -> frozenset[str] | None:
    """The words of LemmInflect's ``lemminflect.core.<name>`` table *table* and its overrides.

    These are LemmInflect internals: ``None`` if they moved (then every word is
    looked up through the public API).
    """
    try:
        tables = getattr(importlib.import_module(f"lemminflect.core.{name}"), name)()
        return frozenset(getattr(tables, table)()) | frozenset(tables._getOverridesDict())
    except (ImportError, AttributeError):  # pragma: no cover - another LemmInflect version
        return None


@lru_cache(maxsize=1)
def _known_lemmas() -> frozenset[str] | None:
    """Every lemma in LemmInflect's inflection tables, for a fast ``no forms`` answer (a
    100,000-entry glossary of unknown words)."""
    return _table_keys("Inflections", "_getInflDict")


@lru_cache(maxsize=65536)
def verb_forms(word: str) -> tuple[str, ...]:
    """Inflected forms of a lower-case English verb, without the base form: ``ban`` → banned, banning, bans."""
    if not _LOWER_WORD.fullmatch(word) or len(word) < 2:
        return ()
    known = _known_lemmas()
    if known is not None and word not in known:
        return ()
    table = _lemminflect().getAllInflections(word, upos="VERB")
    forms = dict.fromkeys(f for tag in ("VBD", "VBN", "VBG", "VBZ") for f in table.get(tag, ()))
    forms.pop(word, None)
    return tuple(f for f in forms if _LOWER_WORD.fullmatch(f))


@lru_cache(maxsize=1)
def _known_words() -> frozenset[str] | None:
    """Every word form in LemmInflect's lemma tables (see :func:`_is_word`)."""
    return _table_keys("Lemmatizer", "_getLemmaDict")


@lru_cache(maxsize=65536)
def _is_word(word: str) -> bool:
    """A word LemmInflect knows (any part of speech, any inflection)."""
    known = _known_words()
    if known is not None:
        return word.lower() in known
    return bool(_lemminflect().getAllLemmas(word.lower()))  # pragma: no cover - another LemmInflect version


def spelling_variants(word: str) -> tuple[str, ...]:
    """The other spelling of a British or American ``-ise``/``-ize`` word: ``hospitalise`` → ``hospitalize``."""
    low = word.lower()
    out: list[str] = []
    for british, american in _SPELLINGS:
        for a, b in ((british, american), (american, british)):
            if low.endswith(a) and len(low) > len(a) + 2:
                out.append(word[: -len(a)] + b)
    return tuple(dict.fromkeys(out))


def _head_index(words: list[str]) -> int | None:
    """Which word of a term inflects as a verb: the last when it is a verb, else the first; ``None``: neither."""
    if verb_forms(words[-1]):
        return len(words) - 1
    if len(words) > 1 and verb_forms(words[0]) and not words[-1].endswith(("ing", "ed")):
        return 0
    return None


def closed_form(form: str) -> str | None:
    """``hand washing`` / ``hand-washing`` → ``handwashing`` when every part passes the guard, else ``None``."""
    parts = _SEPARATOR.split(form.strip())
    if len(parts) < 2 or not all(_LOWER_WORD.fullmatch(p) and len(p) >= MIN_COMPOUND_PART for p in parts):
        return None
    return "".join(parts)


def open_form(form: str) -> str | None:
    """``handwashing`` → ``hand washing``: the one split into two known words that pass the guard, else ``None``."""
    if not _LOWER_WORD.fullmatch(form) or len(form) < 2 * MIN_COMPOUND_PART:
        return None
    splits = [
        (form[:k], form[k:])
        for k in range(MIN_COMPOUND_PART, len(form) - MIN_COMPOUND_PART + 1)
        if _is_word(form[:k]) and _is_word(form[k:])
    ]
    return f"{splits[0][0]} {splits[0][1]}" if len(splits) == 1 else None


def expand_form(form: str, flags: frozenset[str] = frozenset()) -> list[str]:
    """Every form *form* stands for in text (itself first), plurals aside.

    >>> expand_form("exit ban")
    ['exit ban', 'exit banned', 'exit banning']
    >>> expand_form("hospitalise", frozenset({"uk-us"}))[:3]
    ['hospitalise', 'hospitalize', 'hospitalised']
    """
    return list(_expand_form(form, flags))


@lru_cache(maxsize=262144)
def _expand_form(form: str, flags: frozenset[str]) -> tuple[str, ...]:
    if "as-written" in flags or not _LOWER_WORD_IN.search(form):
        return (form,)  # nothing to inflect or join (``COVID``, ``Hong Kong`` have no lower-case word)
    bases = [form]
    if "uk-us" in flags:
        words = _SEPARATOR.split(form.strip())
        for index, word in enumerate(words):
            for other in spelling_variants(word):
                bases += [" ".join([*_SEPARATOR.split(b.strip())[:index], other, *_SEPARATOR.split(b.strip())[index + 1 :]]) for b in list(bases)]
    compounds: list[str] = []
    if "no-compound" not in flags:
        for base in bases:
            joined = closed_form(base) or open_form(base)
            if joined:
                compounds.append(joined)
    out = dict.fromkeys([*bases, *compounds])
    if "no-verb" not in flags:
        for base in bases:  # a compound form made here is not inflected again (``lock down`` from ``lockdown``)
            words = _SEPARATOR.split(base.strip())
            head = _head_index(words) if all(_LOWER_WORD.fullmatch(w) for w in words) else None
            if head is None:
                continue
            for inflected in verb_forms(words[head]):
                if inflected.endswith("s") and head == len(words) - 1:
                    continue  # -s on the last word: the plural fold already matches it
                out.setdefault(" ".join([*words[:head], inflected, *words[head + 1 :]]), None)
    return tuple(out)
