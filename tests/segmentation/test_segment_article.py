"""The sample article segments correctly: per-paragraph counts, exact sentences
for the tricky paragraphs, and spans that join back into each paragraph."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.documents.article import BlockKind, read_article, segment_article
from pipeline.segmentation.segment import split_sentences

ARTICLE = Path(__file__).resolve().parents[2] / "articles" / "run-movement.txt"

#: Sentences per line of the sample article (one paragraph per line).
EXPECTED_COUNTS = {
    1: 1, 2: 1, 3: 1, 4: 3, 5: 2, 6: 2, 7: 2, 8: 2, 9: 1, 10: 2,
    11: 1, 12: 3, 13: 3, 14: 1, 15: 3, 16: 3, 17: 1, 18: 2, 19: 2, 20: 2,
    21: 1, 22: 1, 23: 2, 24: 2, 25: 1, 26: 1, 27: 1, 28: 1,
}  # fmt: skip
EXPECTED_TOTAL = 48

#: Exact sentences of the paragraphs that trip segmenters up.
EXPECTED_SENTENCES = {
    # ``Times.People``: a sentence end with no space after it; ``U.S. southern``.
    4: [
        "Chinese nationals at various economic strata take different routes into the United States, "
        "according to media reports and what fleeing citizens told The Epoch Times.",
        "People with sufficient funds can enter Mexico after getting a European Schengen visa or a short visit visa.",
        "Some use a Korean visa to enter Panama without a visa, and some people directly obtain a Mexican visa "
        "under the arrangement of an agency and cross the U.S. southern border via the shortest route.",
    ],
    # ``Mr.`` is not a sentence end.
    6: [
        "Mr. Lu, who is doing business in Thailand, told The Epoch Times that the Chinese regime has tightened "
        "its exit controls.",
        "His full name, along with others mentioned in this story, is being withheld for his safety.",
    ],
    # A quotation, its attribution, then a new quotation.
    8: [
        "“The authorities are worried that after people go to Thailand, they may go from Thailand to Turkey, "
        "South America, and then enter the United States,” he said.",
        "“Some people from Chengdu, Luoyang, and other parts of China told me that when they were leaving China "
        "as individuals, they’re all interrogated; the shortest questioning time was 25 minutes.”",
    ],
    # A quotation running over several sentences, interrupted by ``he said``.
    12: [
        "“He bought a ticket that required a layover in Chengdu, in China.",
        "That is, he flew from Bangkok to Chengdu and then to Turkey,” he said.",
        "“When he entered Chengdu Airport, the Chinese airport staff stopped him and tried to drag him to the "
        "Chinese domestic area, preventing him from leaving.",
    ],
    13: [
        "“Fortunately, he stayed with another passenger, who is Turkish, in the international area of the airport "
        "and didn’t cross to the Chinese side at the airport.",
        "Once he enters the Chinese area at the airport, he would definitely not be able to get out of the country.",
        "He thought about it now and felt it’s rather scary.”",
    ],
    # ``COVID-19``, ``,“ Mr. Yang``, ``. ”There`` and ``slowly.”He said``.
    15: [
        "“Those Chinese who have the means to flee, most of them have already left after the CCP abandoned the "
        "COVID-19 controls,“ Mr. Yang, a Chinese expatriate in Thailand, told The Epoch Times.",
        "”There are still more people leaving now because they needed time to take care of families, children, "
        "real estate, and businesses in China, so they are leaving slowly.”",
        "He said the communist regime is trying to suppress that because too many Chinese people are fleeing now.",
    ],
    18: [
        "Li Beixing, who traveled to the United States last year, said, “The CCP’s customs staff asked me to take "
        "out everything from my bag, and then they took my cellphone to check my communication records.",
        "They interrogated me for at least two hours, asking every question they could think of.”",
    ],
    # ``[does the CCP]`` and a question mark mid-paragraph.
    24: [
        "“Why [does the CCP] need to crack down on it?",
        "People are all gone, there is no one here anymore, and it sounds bad in the international community,” "
        "Mr. Wu said.",
    ],
    # Parentheses inside a long quotation.
    27: [
        "International human rights group Safeguard Defenders published a report last May that the CCP “is "
        "increasingly resorting to exit bans to punish human rights defenders (HRD) and their families, hold people "
        "hostage to force targets overseas to come back to China (a practice called persuade to return, a form of "
        "transnational repression), control ethnic-religious groups, engage in hostage diplomacy and intimidate "
        "foreign journalists.”",
    ],
}


def _lines() -> list[str]:
    return ARTICLE.read_text(encoding="utf-8-sig").splitlines()


@pytest.mark.parametrize("number", sorted(EXPECTED_COUNTS))
def test_paragraph_count_and_lossless(number: int) -> None:
    line = _lines()[number - 1]
    spans = split_sentences(line)
    assert "".join(line[s:e] for s, e in spans) == line
    assert all(line[s:e].strip() for s, e in spans)
    assert len(spans) == EXPECTED_COUNTS[number]


@pytest.mark.parametrize("number", sorted(EXPECTED_SENTENCES))
def test_tricky_paragraph_sentences(number: int) -> None:
    line = _lines()[number - 1]
    got = [line[s:e].strip() for s, e in split_sentences(line)]
    assert got == EXPECTED_SENTENCES[number]


def test_article_segments_through_the_reader() -> None:
    article = read_article(ARTICLE)
    segments = segment_article(article)
    assert len(segments) == EXPECTED_TOTAL
    assert sum(EXPECTED_COUNTS.values()) == EXPECTED_TOTAL
    ids = [s.id for s in segments]
    assert len(set(ids)) == len(ids)
    assert [s.text for s in segments if s.kind is BlockKind.HEADING] == [
        "Different Routes",
        "CCP Tightens Control to Save Face",
    ]
    by_block: dict[int, int] = {}
    for segment in segments:
        by_block[segment.block] = by_block.get(segment.block, 0) + 1
        block = article.blocks[segment.block - 1]
        assert block.text[segment.start : segment.end] == segment.text
    assert by_block == EXPECTED_COUNTS
    p4 = [s for s in segments if s.block == 4]
    assert [s.id for s in p4] == ["p4.s1", "p4.s2", "p4.s3"]
    assert p4[1].text.startswith("People with sufficient funds")
