"""Text helpers shared by the check families (no state, no heavy imports)."""

from __future__ import annotations

import re
from collections.abc import Iterable


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
