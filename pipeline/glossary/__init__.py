'''Glossaries: load (CSV, TSV, TBX-Basic), validate, find their terms in text, and write them (CSV, TSV, TBX-Basic).

The package re-exports its public names. Modules, each with one job:

``model``      :class:`Term`, :class:`Glossary` and what every reader shares
``matching``   the tokenizer, English plurals and the token trie
``forms``      verb forms, British/American spellings, compounds
``tabular``    CSV/TSV reading with validation, and writing
``tbx``        TBX-Basic reading and writing
``loading``    any file by type, checks across entries, merging files
``languages``  language codes of the columns
``required``   the terms a segment requires (protected spans left out)
``suggest``    candidate terms from articles (``mtpipe glossary suggest``)

A glossary file is UTF-8 with a header row. The first column is the source
language (``en``); further language-code columns are targets (``zh`` =
zh-Hans, ``zh-Hant``, ``zh-TW``, ``zh-HK``, any other code); a target cell may
list admitted alternatives after the target, separated by ``|``
(``出境禁令|离境禁令``): they are kept, not enforced. A glossary without a
Chinese target column is an error (``translate`` would enforce none of it).
Optional columns:

``variants``   extra source forms, separated by ``|``
``case``       ``sensitive`` or ``insensitive``; empty: all-caps forms
               (``CCP``) are case-sensitive, others are not
``dnt``        do not translate (``yes``/``no``): the term stays as written
``forbidden``  Chinese renderings that must not appear, separated by ``|``
               (``forbidden:zh`` is the same column)
``forbidden:LANG``  renderings that must not appear in LANG (``forbidden:fr``,
               ``forbidden:zh-TW``); each language reads only its own list,
               through the columns it reads its target from
``match``      flags, separated by ``|``, for which forms match
               (:data:`pipeline.glossary.forms.MATCH_FLAGS`): ``as-written``,
               ``no-verb``, ``no-compound``, ``uk-us``, ``inside``
``note``       free text for reviewers

Lines whose first cell starts with ``#`` are comments. In CSV, a field that
starts with a straight double quote must be quoted (``"""run"" movement"``);
TSV has no quoting, so ``"run" movement`` is written as is.

Matching (:meth:`Glossary.find`) works on tokens, not characters: words
(letters and digits, with inner apostrophes) and single punctuation marks;
spaces and hyphens only separate tokens, so *exit ban*, *exit-ban* and
*exit  ban* are the same. Every quote mark (straight, curly, single, double)
is the same token, so ``"run" movement`` matches ``“run” movement`` and
``'run' movement`` but the verb *run* never matches it. The last word of a
form may carry an English plural (-s, -es, -ies) or a possessive ('s, ’s; the
possessive ending stays outside the match); a lower-case verb also matches
its ``-ed``, ``-ing`` and irregular forms (the head word of a multi-word
term), and a lower-case compound its closed or open form (``hand washing``,
``handwashing``), see :mod:`pipeline.glossary.forms`. A term never matches
as the start of a hyphenated compound that goes on (``COVID`` in
``COVID-19``), a capitalised term never right after another capitalised
word of the same name (``Health Service`` in ``National Health Service``),
and a lower-case term written with a capital never inside a longer
capitalised name (``Medicine`` in ``Journal of Medicine``; title-case
headlines aside), unless its ``match`` column says ``inside``. Where two
rows match the same words, the row written as the text wins over one
reached through a plural, verb or compound form (``pneumonia`` over
``pneumonias``), then the later row. Terms are case-insensitive unless
the ``case`` column says otherwise or the form is all capitals. Overlaps are
resolved longest match first. All forms are built once into a token trie, so
matching costs about one dictionary lookup per token, whatever the glossary
size.
'''

from __future__ import annotations

from pipeline.glossary.forms import MATCH_FLAGS, expand_form
from pipeline.glossary.languages import canonical_lang, is_traditional
from pipeline.glossary.loading import check_glossary, load_glossaries, load_glossaries_checked, load_glossary
from pipeline.glossary.matching import NOT_PLURAL, QUOTE_CHARS, TermMatch, form_key
from pipeline.glossary.required import required_matches
from pipeline.glossary.model import CASE_VALUES, Glossary, GlossaryProblem, TargetMap, Term, is_all_caps
from pipeline.glossary.tabular import DNT_FALSE, DNT_TRUE, OPTIONAL_COLUMNS, table_text, write_csv
from pipeline.glossary.tbx import CASE_ADMIN_TYPE, MAX_TBX_DEPTH, load_tbx, tbx_text, write_tbx

__all__ = [
    "CASE_ADMIN_TYPE",
    "CASE_VALUES",
    "DNT_FALSE",
    "DNT_TRUE",
    "Glossary",
    "MATCH_FLAGS",
    "GlossaryProblem",
    "MAX_TBX_DEPTH",
    "NOT_PLURAL",
    "OPTIONAL_COLUMNS",
    "QUOTE_CHARS",
    "TargetMap",
    "Term",
    "TermMatch",
    "canonical_lang",
    "expand_form",
    "check_glossary",
    "form_key",
    "is_all_caps",
    "is_traditional",
    "load_glossaries",
    "load_glossaries_checked",
    "load_glossary",
    "load_tbx",
    "required_matches",
    "table_text",
    "tbx_text",
    "write_csv",
    "write_tbx",
]
