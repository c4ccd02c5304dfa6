"""Text helpers shared by the check families (no state, no heavy imports)."""

from __future__ import annotations

import re
from collections.abc import Iterable

# A word: letters of any script (`[^\W\d_]` is every Unicode letter: é, ü, ø, ł, ß, Greek,
# Cyrillic...), with the combining marks (U+0300-U+036F) of text in decomposed form ("e" +
# U+0301), which `\w` does not match, so "fiancé" stays one word in either normal form; and
# internal apostrophes (ASCII ' and typographic ’: "don't", "Azerbaijan’s", "O'Brien"). Hyphens
# and digits end a word, so "Nagorno-Karabakh" is two words (see `hyphen_neighbours`) and "10km"
# holds the word "km" glued to a number (see `glued_to_digits`); quotes around a word are not
# part of it. Marks are matched only after a letter run, which keeps the scan at the speed of
# a plain character class.
_PART = "[^\\W\\d_]+(?:[\u0300-\u036f]+[^\\W\\d_]*)*"
WORD_RE = re.compile(f"{_PART}(?:['\u2019]{_PART})*")
_WORD_BEFORE = re.compile(f"{_PART}$")


def word_tokens(text: str) -> list[str]:
    """The words of `text` (WORD_RE), in order."""
    return WORD_RE.findall(text)


def glued_to_digits(text: str, start: int, end: int) -> bool:
    """The word text[start:end] touches a digit ("10km", "1980s", "3rd", "B52"): a unit, an
    ordinal or a code, not a word of running prose."""
    return (start > 0 and text[start - 1].isdigit()) or (end < len(text) and text[end].isdigit())


def hyphen_neighbours(text: str, start: int, end: int) -> tuple[str | None, str | None]:
    """The words joined to text[start:end] by a hyphen ("flare" in "flare-up": (None, "up"))."""
    before = after = None
    if start >= 2 and text[start - 1] == "-":
        m = _WORD_BEFORE.search(text, max(0, start - 65), start - 1)
        if m and m.end() == start - 1:
            before = m.group()
    if end + 1 < len(text) and text[end] == "-":
        m = WORD_RE.match(text, end + 1)
        if m:
            after = m.group()
    return before, after


def trie_pattern(words: Iterable[str]) -> str:
    """A regex alternation of `words` factored as a prefix trie ("t(?:wo|hree|en)").

    Python's `re` tries the branches of a flat alternation one by one at every position;
    factoring common prefixes lets it reject most positions after one character, which
    keeps lexicons of hundreds of phrases at wire speed. Longer words win over their
    prefixes ("fourteen" before "four").
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        optional = "" in node
        if len(branches) == 1 and not optional:
            return branches[0]
        return "(?:" + "|".join(branches) + ")" + ("?" if optional else "")

    return build(trie)


def lowercase(text: str) -> str:
    """`text.lower()` with the offsets of `text`.

    Only "İ" (U+0130) lowers to two characters; it becomes "i", as re's IGNORECASE folds
    it, so the rare text holding one is scanned like any other.
    """
    low = text.lower()
    if len(low) != len(text):
        low = "".join(ch.lower()[0] for ch in text)
    return low
