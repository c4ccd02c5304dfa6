"""Attribution dropped between two versions of one story (rule ``dropped-attribution``).

News corpora hold several versions of the same story: a wire story and the outlets'
rewrites of it, the updates of a web article, a piece republished elsewhere, a copy
edited for length. When one version states a sentence with its source ("..., officials
said", "According to the ministry, ...") and another states the same sentence without
it, the source was cut in editing -- the usual way a sourced claim turns into the
publication's own (Reuters Handbook of Journalism, "sourcing": attribution must survive
editing; AP Stylebook, "attribution"). A single article cannot show this; the corpus
can, so it is computed once per corpus:

1. *Versions*: two articles are versions of one story when they share at least
   ``min_shared`` identical sentences of ``min_pair_words`` words or more. Sentences
   found in more than ``max_fanout`` articles (a site's stock lines) do not pair
   articles, which keeps the pairing linear in corpus size.
2. *Dropped source*: within a pair, a sentence of one version that has no identical
   twin in the other is matched against the other's unmatched sentences that carry a
   reporting cue. It is flagged when at least ``containment`` of its words appear, in
   order, in the longer sentence and the words only the longer one has contain a cue
   (``said``, ``according to``, ...; the attribution lexicon). The finding's ``related``
   span is that sentence in the other article, and the message quotes what was cut.

A sentence that differs for any other reason (a figure updated, a clause added without
a cue) is not flagged: that is a change of content, not of sourcing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pandas as pd
from rapidfuzz.distance import Indel

from copydesk.model import TEXT_FIELDS
from copydesk.validators.attribution_lexicon import SAY_NOT_AFTER

_WORD = re.compile(r"\w+")

DEFAULTS = {
    "min_shared": 2,
    "min_pair_words": 6,
    "max_fanout": 20,
    "min_words": 4,
    "containment": 0.9,
}


@dataclass(frozen=True)
class DroppedSource:
    """Sentence `start:end` of `article_id`/`field` is `other`'s sentence minus `cut`."""

    article_id: str
    field: str
    start: int
    end: int
    other_id: str
    other_field: str
    other_start: int
    other_end: int
    cut: str  # the other version's words that this one lacks, as written there
    other_text: str = ""  # the other version's sentence
    other_file: str | None = None


#: the columns of the sentences gathered for the comparison (paired_sentences)
SENTENCE_KEYS = ("article_id", "field", "start", "end", "text", "file")


def sentence_signatures(sentences: pd.DataFrame, min_pair_words: int) -> pd.DataFrame:
    """(h, a, n=1) per distinct long sentence `h` (a hash of its stripped text) of article
    `a`: the partial rows of the sentence-sharing statistic. Summed over whole articles,
    `n` is the number of articles that have the sentence."""
    text = sentences["text"].str.strip()
    long = (text.str.count(r"\s+") + 1 >= min_pair_words).to_numpy()
    if not long.any():
        return pd.DataFrame({"h": pd.Series(dtype="uint64"), "a": pd.Series(dtype=object), "n": pd.Series(dtype="int64")})
    keyed = pd.DataFrame({
        "h": pd.util.hash_pandas_object(text[long], index=False).to_numpy(),
        "a": sentences["article_id"].to_numpy()[long],
    }).drop_duplicates()
    return keyed.assign(n=1)


def pairs_from_groups(groups: Iterable[list[str]], min_shared: int) -> pd.Series:
    """(article_a, article_b) -> number of shared sentences, for the pairs sharing at least
    `min_shared` (a < b), sorted; `groups` are the articles of each shared sentence (those
    in more than `max_fanout` articles already dropped by the statistic's `having`)."""
    counts: Counter[tuple[str, str]] = Counter()
    for articles in groups:
        articles = sorted(articles)
        for i, a in enumerate(articles):
            for b in articles[i + 1:]:
                counts[(a, b)] += 1
    kept = sorted((pair, n) for pair, n in counts.items() if n >= min_shared)
    if not kept:
        return pd.Series(dtype="int64")
    return pd.Series([n for _, n in kept], index=pd.MultiIndex.from_tuples([p for p, _ in kept]), dtype="int64")


def paired_sentences(sentences: pd.DataFrame, pairs: pd.Series, articles: pd.DataFrame) -> pd.DataFrame:
    """The SENTENCE_KEYS rows of the articles that are a version of another (in `pairs`)."""
    if pairs.empty:
        return pd.DataFrame(columns=list(SENTENCE_KEYS))
    paired = set(pairs.index.get_level_values(0)) | set(pairs.index.get_level_values(1))
    sub = sentences[sentences["article_id"].isin(paired)]
    files = articles.drop_duplicates("id").set_index("id")["file"] if "file" in articles else pd.Series(dtype=object)
    return sub.assign(file=sub["article_id"].map(files))[list(SENTENCE_KEYS)]


def dropped_by_article(sentences: pd.DataFrame, pairs: pd.Series, cue: re.Pattern[str],
                       **settings) -> dict[str, list[DroppedSource]]:
    """Article id -> the DroppedSource of its sentences (one per sentence: the first version
    found, pairs in sorted order), from the gathered sentences of paired articles."""
    out: dict[str, list[DroppedSource]] = {}
    seen: set[tuple[str, str, int]] = set()
    for d in dropped_sources(sentences, pairs, cue, **settings):
        if (d.article_id, d.field, d.start) in seen:
            continue  # a third version says the same
        seen.add((d.article_id, d.field, d.start))
        out.setdefault(d.article_id, []).append(d)
    return out


def dropped_sources(sentences: pd.DataFrame, pairs: pd.Series, cue: re.Pattern[str],
                    **settings) -> Iterator[DroppedSource]:
    """Sentences whose source another version of the story states (see module doc).

    `sentences` holds at least the sentences (SENTENCE_KEYS) of the articles in `pairs`,
    restricted to the fields to check; `cue` matches reporting cues on lowercased text.
    """
    opts = {**DEFAULTS, **settings}
    if pairs.empty:
        return
    rank = {f: i for i, f in enumerate(TEXT_FIELDS)}  # the sentences table's order, whatever order they came in
    sub = sentences.assign(_rank=sentences["field"].map(rank)).sort_values(["article_id", "_rank", "start"],
                                                                           kind="stable")
    ids = sub["article_id"].tolist()
    files = dict(zip(ids, sub["file"].tolist())) if "file" in sub else {}
    rows = list(zip(sub["field"].tolist(), sub["start"].tolist(), sub["end"].tolist(), sub["text"].tolist()))
    versions = {}
    a = 0
    for b in range(1, len(ids) + 1):  # one slice per article (a groupby costs 10x more)
        if b == len(ids) or ids[b] != ids[a]:
            versions[ids[a]] = _Version(rows[a:b], cue)
            a = b
    for a, b in pairs.index:
        va, vb = versions.get(a), versions.get(b)
        if va is None or vb is None or va.texts == vb.texts:
            continue  # identical copies (syndication): nothing was cut
        yield from _dropped_between(a, va, b, vb, opts, files)
        yield from _dropped_between(b, vb, a, va, opts, files)


class _Version:
    """One article's sentences (field, start, end, text), with what the comparison
    needs computed once however many versions it is paired with."""

    __slots__ = ("sents", "texts", "_cue", "_sourced", "_words")

    def __init__(self, sents, cue):
        self.sents = sents
        self.texts = frozenset(s[3].strip() for s in sents)
        self._cue = cue
        self._sourced = None
        self._words: dict[int, list[str]] = {}

    def sourced(self):
        """Sentences that carry a cue: (sentence, lowercased words, word spans)."""
        if self._sourced is None:
            self._sourced = []
            for sent in self.sents:
                if self._cue.search(sent[3].lower()):
                    spans = [m.span() for m in _WORD.finditer(sent[3])]
                    self._sourced.append((sent, [sent[3][s:e].lower() for s, e in spans], spans))
        return self._sourced

    def words(self, k: int) -> list[str]:
        if k not in self._words:
            self._words[k] = [w.lower() for w in _WORD.findall(self.sents[k][3])]
        return self._words[k]


def _dropped_between(x, vx: _Version, y, vy: _Version, opts, files) -> Iterator[DroppedSource]:
    """Sentences of version `x` that are a sentence of version `y` minus its source."""
    sourced = [s for s in vy.sourced() if s[0][3].strip() not in vx.texts]
    if not sourced:
        return
    for k, sent in enumerate(vx.sents):
        if sent[3].strip() in vy.texts:
            continue
        words = vx.words(k)
        if len(words) < opts["min_words"]:
            continue
        vocab = set(words)
        need = opts["containment"] * len(words)
        for other, other_words, spans in sourced:
            if len(other_words) <= len(words) or len(vocab.intersection(other_words)) < opts["containment"] * len(vocab):
                continue
            ops = Indel.opcodes(words, other_words)
            kept = sum(op.src_end - op.src_start for op in ops if op.tag == "equal")
            if kept < need:
                continue
            cut = _cut_with_cue(ops, other[3], spans, vy._cue)
            if cut is None:
                continue
            yield DroppedSource(x, sent[0], sent[1], sent[2], y, other[0], other[1], other[2], cut,
                                other[3], files.get(y))
            break


def _cut_with_cue(ops, text: str, spans, cue) -> str | None:
    """The first run of words only the longer sentence has that holds a reporting cue,
    as written there (e.g. 'said David Nevins, the chief executive of Showtime').
    A bare "say" after a negation or an auxiliary ("did not say") is no cue."""
    for op in ops:
        if op.tag == "equal" or op.dest_end == op.dest_start:
            continue
        start = spans[op.dest_start][0]
        cut = text[start:spans[op.dest_end - 1][1]]
        for m in cue.finditer(cut.lower()):
            if m.group() == "say":
                before = text[:start + m.start()].split()
                if not before or before[-1].lower() in SAY_NOT_AFTER:
                    continue
            return cut
    return None
