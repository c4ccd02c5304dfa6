"""copydesk's journalism-aware expectations, one per check family.

Expectation names come from the class names (GX converts CamelCase to snake_case):
`ExpectParagraphsToHaveNoBoilerplate` is `expect_paragraphs_to_have_no_boilerplate` in
suite JSON.
"""

from __future__ import annotations

from typing import ClassVar

from copydesk.expectations.core import CopydeskExpectation


class ExpectParagraphsToHaveNoBoilerplate(CopydeskExpectation):
    """Paragraphs are article prose, not share/subscribe/cookie/comment furniture or lines
    repeated across one outlet's articles."""

    check: str = "boilerplate"
    corpus_table: str = "paragraphs"
    column: str = "boilerplate_evidence"
    sentence: ClassVar[str] = (
        "paragraphs must be article prose, not page furniture (share, subscribe, cookie, comment, "
        "related-link or credit lines) nor lines repeated across one outlet's articles"
    )


class ExpectSentencesToHaveNoMisspellings(CopydeskExpectation):
    """Sentences contain no words that look like misspellings of a more frequent word."""

    check: str = "typos"
    corpus_table: str = "sentences"
    column: str = "typos_evidence"
    sentence: ClassVar[str] = (
        "sentences must have no misspelled words (rare words one or two edits from a frequent "
        "word, and names spelled two ways in the corpus)"
    )


class ExpectSentencesToBeAttributed(CopydeskExpectation):
    """Quotes, claims and figures name who says so."""

    check: str = "attribution"
    corpus_table: str = "sentences"
    column: str = "attribution_evidence"
    sentence: ClassVar[str] = (
        "quotes, claims and figures must name their source (\"said\", \"according to\", ...) "
        "in the sentence or its paragraph, and keep the source other versions of the story give"
    )


class ExpectArticlesToHaveConsistentNumbers(CopydeskExpectation):
    """Headline and lede numbers agree with the body, and parts add up to totals."""

    check: str = "numbers"
    corpus_table: str = "articles"
    column: str = "numbers_evidence"
    sentence: ClassVar[str] = (
        "numbers in the headline and lede must agree with the body, and parts must add up to "
        "their stated totals"
    )


CUSTOM_EXPECTATIONS = (
    ExpectParagraphsToHaveNoBoilerplate,
    ExpectSentencesToHaveNoMisspellings,
    ExpectSentencesToBeAttributed,
    ExpectArticlesToHaveConsistentNumbers,
)
