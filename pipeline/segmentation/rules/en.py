"""English sentence segmentation rules for news text (data only).

Read by :mod:`pipeline.segmentation.segment`. The table in :data:`RULES` is ordered: the
first rule that matches a candidate sentence end decides it. Word lists are
lowercase and without their final period; dotted abbreviations (``U.S.``,
``a.m.``, ``e.g.``) and initials (``J.``) are recognised by shape instead of
by list.
"""

from __future__ import annotations

from pipeline.segmentation.rules import Action, LanguageRules, Rule

KEEP = Action.KEEP
BREAK = Action.BREAK

#: Titles written before a name: never the end of a sentence.
TITLES = frozenset(
    """
    mr mrs ms messrs mmes mx dr prof gen sen sens rep reps gov govs lt col capt
    cpt sgt cpl pvt adm maj brig cmdr cmdt hon pres supt insp det rev fr msgr
    atty amb gens rt
    """.split()
)

#: Abbreviations that are never the end of a sentence, whatever follows.
NEVER_FINAL = frozenset("e.g i.e cf viz vs v approx".split())

#: Abbreviations that stay joined to a number after them (``No. 5``,
#: ``Art. 3``); before anything else they are ordinary words.
NUMBER_ABBREVIATIONS = frozenset("no nos n° nº art arts p pp vol vols ch chap sec secs fig figs para op nr".split())

#: Months and days as abbreviated in news text, leaving out those that are
#: also ordinary words (``mar``, ``wed``, ``sat``, ``sun``: see :data:`WORD_ABBREVIATIONS`).
MONTHS = frozenset("jan feb apr jun jul aug sep sept oct nov dec".split())
DAYS = frozenset("mon tue tues thu thur thurs fri".split())

#: Abbreviations that are also ordinary words or units written after a number
#: (``plenty of sun.``, ``The couple wed.``, ``It rose 5 mm.``): they end a
#: sentence before a capital, and stay joined only to a number or a lower-case
#: word after them (``Wed. 5``, ``5 mm. long``) or to a month (``Sat. Jan. 4``).
WORD_ABBREVIATIONS = frozenset(
    """
    mar wed sat sun
    mm cm km kg mg oz lb lbs mi gal hr hrs yr yrs min max
    """.split()
)

#: U.S. state abbreviations in AP style, leaving out those that are also
#: common words (``Ill.``, ``Mass.``, ``Wash.``, ``Ore.``, ...).
STATES = frozenset("ala ariz calif colo conn fla kan ky md mich minn mont neb nev okla tenn tex vt va wis wyo".split())

#: Other abbreviations that usually do not end a sentence; they do when the
#: next word is a typical sentence opener (:data:`SENTENCE_STARTERS`).
ABBREVIATIONS = (
    frozenset(
        """
        inc co corp ltd llc plc bros assn assoc dept univ est etc jr sr st ave
        blvd rd mt ft hwy pl sq gov't natl intl govt
        al approx ca rs
        """.split()
    )
    | STATES
    | MONTHS
    | DAYS
)

#: Words that typically open an English sentence. After an abbreviation
#: (``Inc.``, ``U.S.``, ``a.m.``, an initial) one of these means the
#: abbreviation also ended the sentence.
SENTENCE_STARTERS = frozenset(
    """
    A After Also Although An And Another As At Because Before Being But By
    Both Despite Did During Each Earlier Even For From He Her Here His How
    However I If In Instead It Its Last Later Many Meanwhile More Most My
    Now On One Other Others Our She Since So Some Still Such That The Their
    Then There These They This Those Though Thus To Today Under Unlike We
    What When Where Whether Which While Who Why With Yet You Your
    """.split()
)

#: Verbs of an attribution after a quotation (``“Is it over?” Smith asked.``).
SPEECH_VERBS = (
    "said|says|asked|asks|added|adds|explained|explains|wrote|writes|replied|"
    "recalled|noted|notes|stated|insisted|argued|continued|warned|urged|declared|"
    "claimed|concluded|exclaimed|shouted|cried|whispered|admitted|acknowledged|"
    "suggested|answered|tweeted|posted|remarked|recounted|laughed|joked|sighed"
)

#: Lower- and upper-case letters (Latin-1 included) for the "what follows" tests.
LOWER = "[a-zß-öø-ÿ]"
UPPER = "[A-ZÀ-ÖØ-Þ]"

#: Opening quotes and brackets a sentence may start with (and Markdown
#: emphasis delimiters).
OPENERS = "\"'“”‘’«‹(\\[{*_"
OPEN = f"[{OPENERS}]*"
#: A capitalised name of one to four words (``Mr. Yang``, ``The Epoch Times``).
_NAME = r"(?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’-]*"
#: An apposition after the name (``Mr. Yang, a Chinese expatriate in Thailand,``).
_APPOSITIVE = r"(?:,\s[^.?!“”\"]{1,60},)?"
#: A short adverbial after the verb of an attribution (``on Monday``,
#: ``in a statement``).
_WHEN = r"(?:\s+(?:on|in|at|during|after|last|this|late|early|later|again|earlier|then)(?:\s+[\w'’-]+){0,3})?"
#: An attribution that follows a quotation and ends the sentence.
ATTRIBUTION = (
    rf"{_NAME}{_APPOSITIVE}\s+(?:(?:{SPEECH_VERBS}){_WHEN}\s*[,.;:]"
    rf"|(?:told|asked|tells|asks)\s+(?:[A-Z][\w'’-]*\s+){{0,3}}[\w'’-]+{_WHEN}\s*[,.;:])"
)

#: An attribution after a quotation or an epigraph, on the same line and
#: alone to its end (``"…" - Matthew Ingram``, ``… a bee. — Muhammad Ali``);
#: a dash that starts a line is a list bullet.
DASH_ATTRIBUTION = rf"(?<=[^\S\n])[-–—]{{1,2}}[^\S\n]?{_NAME}[^\S\n]*(?:\n|\Z)"

#: A dotted abbreviation (``U.S``, ``a.m``, ``Ph.D``, ``e.g``) or an
#: initial (``J``), as the word before the final period.
DOTTED = r"(?:[A-Za-z]{1,2}\.)+[A-Za-z]{1,2}|[A-Z]"

#: Clock times: ``a.m``, ``P.M`` as the word before the final period.
CLOCK = r"[ap]\.m|[AP]\.M"

#: Month names and abbreviations as written (``Jan``, ``January``), for ``Sat. Jan. 4``.
CAPITALISED_MONTHS = frozenset(
    [m.capitalize() for m in (*MONTHS, "mar", "may")]
    + "January February March April June July August September October November December".split()
)

#: Titles as written before a name (``Mr``, ``Dr``), for the word after a time.
CAPITALISED_TITLES = frozenset(title.capitalize() for title in TITLES)

#: A time phrase that opens its sentence (``At 5``, ``On Tuesday at 5:30``,
#: ``Shortly after 6``): prepositions and capitalised words from the start
#: of the sentence up to the clock time.
_TIME_PREPOSITION = r"(?:[Aa]t|[Bb]y|[Aa]round|[Aa]bout|[Aa]fter|[Bb]efore|[Uu]ntil|[Ff]rom|[Ss]ince|[Oo]n|[Ii]n)"
FRONTED_TIME = (
    r"(?:^|\n|[.?!][\"'”’)\]]*\s)\s*(?:(?:[A-Z][a-z]+|" + _TIME_PREPOSITION + r"),?\s+)*"
    + _TIME_PREPOSITION + r"\s+\d{1,2}(?:[:.]\d\d)?\s*"
)

#: An in-text citation after a quotation, ending the sentence: ``"…" (Smith 55).``
CITATION = r"\((?:[A-Z][\w'’.-]*,?\s+){1,4}(?:pp?\.\s*)?\d+(?:[-–]\d+)?\)[.?!]"

#: An inline list-item marker: an optional bullet, then ``2.)``, ``2)``,
#: ``2.`` or a lower-case ``b.``/``b)``.
LIST_MARKER = r"(?<!\S)(?:[•⁃‣◦▪●]\s?)?(?P<n>\d{1,3}|[a-z])(?:\.\)|[.)])"

#: A number, maybe with a currency sign, after an abbreviation.
NUMBER = r"[$€£¥]?\d"

#: An ellipsis: ``...``, ``…`` or ``. . .`` (with or without a final period).
ELLIPSIS = r"\.{3,}|…+\.?|\.(?: \.){2,}"

RULES = LanguageRules(
    lang="en",
    terminator=r"\.(?: \.){2,}|[.?!…‽]+",
    # An opening quote glued to the end with a space after it is a closing
    # quote typed the wrong way round (``the decision.“ However``).
    closers=r"(?:[\"'”’»›)\]}*_]|[“‘](?=\s|\Z))",
    quotes="\"'”’»›“‘",
    openers=f"[{OPENERS}]",
    hard_break=r"\n[^\S\n]*\n\s*",
    rules=(
        # Lower case after the end: the sentence goes on (``U.S. southern``,
        # ``“Why?” he asked``, ``... well``).
        Rule("lowercase follows", KEEP, after=f"{OPEN}{LOWER}"),
        # No space after the end: only a clear new sentence breaks.
        Rule("glued quote then capital", BREAK, glued=True, quoted=True, after=f"{OPEN}{UPPER}"),
        Rule("glued opening quote", BREAK, glued=True, after=f"[“‘«]{UPPER}"),
        Rule("glued word then word", BREAK, glued=True, term=r"[.?!]", before=f".*{LOWER}{{2}}", after=UPPER + LOWER),
        Rule("glued dotted then opener", BREAK, glued=True, term=r"\.", before=DOTTED, after_in=SENTENCE_STARTERS),
        Rule("glued", KEEP, glued=True),
        # ``“Absolutely!” Mr. Yang said.``: the attribution belongs to the quote;
        # after a quote closed by a single period (``partners." He added, "…"``)
        # it starts a new sentence.
        Rule("quotation attribution", KEEP, quoted=True, term=r"[^.].*|\.\..*", after=ATTRIBUTION),
        # ``"…" - Matthew Ingram``: the attribution belongs to the quotation.
        Rule("dash attribution", KEEP, after=DASH_ATTRIBUTION),
        # Abbreviations.
        Rule("title", KEEP, term=r"\.", before_in=TITLES),
        Rule("never final", KEEP, term=r"\.", before_in=NEVER_FINAL),
        # ``At 5 a.m. Mr. Smith went out`` but ``He left at 6 P.M. Mr. Smith
        # then went``: a clock time that opens its sentence is followed by the
        # rest of it; elsewhere, a title after the time starts a new sentence.
        Rule("fronted time", KEEP, term=r"\.", before=CLOCK, after_in=CAPITALISED_TITLES, preceded_by=FRONTED_TIME),
        Rule("time then title", BREAK, term=r"\.", before=CLOCK, after_in=CAPITALISED_TITLES),
        Rule("number abbreviation", KEEP, term=r"\.", before_in=NUMBER_ABBREVIATIONS, after=rf"{OPEN}[\d#]"),
        Rule("abbreviation before number", KEEP, term=r"\.", before_in=ABBREVIATIONS | WORD_ABBREVIATIONS, after=NUMBER),
        Rule("day or month before a month", KEEP, term=r"\.", before_in=WORD_ABBREVIATIONS, after_in=CAPITALISED_MONTHS),
        Rule("dotted before number", KEEP, term=r"\.", before=DOTTED, after=NUMBER),
        Rule("abbreviation ends sentence", BREAK, term=r"\.", before_in=ABBREVIATIONS, after_in=SENTENCE_STARTERS),
        Rule("dotted ends sentence", BREAK, term=r"\.", before=DOTTED, after_in=SENTENCE_STARTERS),
        Rule("abbreviation", KEEP, term=r"\.", before_in=ABBREVIATIONS, after=f"{OPEN}{UPPER}"),
        Rule("dotted abbreviation or initial", KEEP, term=r"\.", before=DOTTED, after=f"{OPEN}{UPPER}"),
        # A citation after a quotation belongs to it: ``[...]" (Smith 55).``
        Rule("citation follows", KEEP, after=CITATION),
        # ``. . .`` (spaced, three periods) marks an omission inside a
        # sentence; an omission that ends one takes a fourth period.
        Rule("spaced ellipsis", KEEP, term=r"\.(?: \.){2}"),
        # An ellipsis that opens a sentence (``… the church. ... The next thing``)
        # marks an omission before it: it stays with the words after it.
        Rule("ellipsis opens a sentence", KEEP, term=ELLIPSIS, before="", preceded_by=r"[.?!][\"'”’)\]]*\s+"),
        # Other ellipses end a sentence only before a capital.
        Rule("ellipsis before capital", BREAK, term=ELLIPSIS, after=f"{OPEN}{UPPER}"),
        Rule("ellipsis", KEEP, term=ELLIPSIS),
        # ``1. The first item`` at the start of a paragraph.
        Rule("list number", KEEP, term=r"\.", before=r"\d{1,3}|[a-zA-Z]|[ivxIVX]{1,4}", at_start=True),
    ),
    clause_breaks=(
        # Semicolons, colons and dashes.
        r"[;:]\s+|\s[—–]\s*|—\s*|\s--\s+",
        # A comma before a conjunction or a relative pronoun.
        r",\s+(?=(?:and|but|or|so|yet|which|who|whom|whose|while|whereas|because|although|though|when|where"
        r"|after|before|since|until|unless|as|with|including|according|saying|adding)\b)",
        # Any comma.
        r",\s+",
        # Whitespace before a conjunction or a preposition.
        r"\s+(?=(?:and|but|or|because|while|whereas|which|who|that|when|where|after|before|since|until|unless"
        r"|then|via|with|without|from|under|for|by|through|during|into|across)\b)",
    ),
    list_marker=LIST_MARKER,
    # An item starts with a capital.
    list_item=rf"\s+{OPEN}{UPPER}",
    # A list starts a paragraph, a line or a sentence (``… as follows: 1. …``).
    list_start=r"\n\s*|[.?!:…][\"'”’»)\]]*\s+",
    # Numbered lists may start anywhere; lettered ones at ``a``.
    list_first=r"\d+|a",
    default=BREAK,
)
