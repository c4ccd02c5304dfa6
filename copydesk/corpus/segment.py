"""Paragraph and sentence segmentation with offsets into the field text.

Sentence splitting is a small rule-based splitter rather than pysbd/NLTK: pysbd is pure
Python and roughly 50x slower on news text, and NLTK's Punkt needs a model download at
run time. The rules are the usual ones for edited English news copy: a sentence ends at
`.`, `!` or `?` (plus any closing quotes/brackets) followed by white space and a capital
letter, digit or opening quote -- unless the token before the period is a known
abbreviation (Mr., Gen., U.S., Jan., ...) or a single initial ("Nikol V. Pashinyan").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Titles, months, corporate suffixes and Latin abbreviations common in AP/Reuters style.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen lt col maj capt cmdr adm sgt cpl pvt rev gov sen rep rept pres
    supt atty hon st ste mt ft jan feb mar apr jun jul aug sep sept oct nov dec inc corp co
    ltd llc plc bros vol vs v etc approx dept est fig al jr sr ph
    u.s u.k u.n e.g i.e a.m p.m d.c u.s.a""".split()
)

_BOUNDARY = re.compile(r"""[.!?]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])""")
_TOKEN_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_INITIALS = re.compile(r"(?:[A-Z]\.)+[A-Z]")


def iter_lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-empty line, trimmed of surrounding white space."""
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        if nl == -1:
            nl = n
        start, end = pos, nl
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            yield start, end
        pos = nl + 1


def _is_abbreviation(text: str, dot: int) -> bool:
    m = _TOKEN_BEFORE.search(text, max(0, dot - 12), dot)
    if not m:
        return False
    token = m.group(1).rstrip(".").lower()
    if token in ABBREVIATIONS:
        return True
    if token in ("no", "nos"):  # "No. 10 Downing Street", but not the answer "No."
        rest = text[dot + 1 : dot + 3].lstrip()
        return rest[:1].isdigit()
    # a single capital initial ("Nikol V. Pashinyan") or dotted initials ("E.F. Hutton")
    if len(token) == 1:
        return text[m.start(1)].isupper()
    return _INITIALS.fullmatch(m.group(1)) is not None


def iter_sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence inside text[start:end], trimmed of white space."""
    sent_start = start
    for m in _BOUNDARY.finditer(text, start, end):
        stop = m.end()
        if m.group() == "." and _is_abbreviation(text, m.start()):
            continue
        yield sent_start, stop
        sent_start = stop
        while sent_start < end and text[sent_start].isspace():
            sent_start += 1
    if sent_start < end:
        yield sent_start, end
