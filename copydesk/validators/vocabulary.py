"""English vocabulary, word-pair statistics and a SymSpell-style candidate generator.

Everything here comes from data shipped inside installed wheels; nothing is downloaded
at run time:

* unigram frequencies: `wordfreq` (Speer et al., Apache-2.0), the "large" English list
  (321k words, Zipf scale: log10 of frequency per billion words). It mixes British and
  American sources, so both spellings of "colour/color" are known words.
* word-pair (bigram) counts: `symspellpy`'s `frequency_bigramdictionary_en_243_342.txt`
  and unigram counts `frequency_dictionary_en_82_765.txt` (Google Web 1T derived, MIT),
  used only as positive evidence that a candidate fits between its neighbours.

The candidate generator is the symmetric-delete algorithm of SymSpell (Wolf Garbe, 2012):
every vocabulary word is indexed under all strings reachable by deleting up to
`max_distance` characters; a query's own deletes are looked up in that index and the hits
are verified with the optimal-string-alignment (Damerau) distance. Only words frequent
enough to be a plausible *intended* word are indexed (`candidate_min_zipf`), which keeps
the index small (~28k words, ~680k keys) and fast to build (about 1.5 s, once per process).
"""

from __future__ import annotations

import math
import threading
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

try:  # optional accelerator (rapidfuzz is MIT, C++); results are identical without it
    from rapidfuzz.distance.OSA import distance as _RF_OSA
except ImportError:  # pragma: no cover - exercised only without rapidfuzz
    _RF_OSA = None

# Words at or above this Zipf frequency (about 1 per million words) can be suggested as
# corrections; rarer words are still *known* (never flagged for being rare alone).
CANDIDATE_MIN_ZIPF = 3.0
# Total tokens behind the symspellpy bigram/unigram counts (Google Web 1T: ~1.02e12).
WEB1T_TOKENS = 1.0e12


def osa_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (Levenshtein + adjacent transposition).

    Returns limit + 1 when the distance exceeds `limit`. Uses rapidfuzz's C++ OSA when
    installed, else the pure-Python dynamic programme below.
    """
    if _RF_OSA is not None:
        return _RF_OSA(a, b, score_cutoff=limit)
    return _osa_python(a, b, limit)


def _osa_python(a: str, b: str, limit: int) -> int:
    if a == b:
        return 0
    la, lb = len(a), len(b)
    if abs(la - lb) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(lb + 1))
    for i in range(1, la + 1):
        cur = [i] + [0] * lb
        ai = a[i - 1]
        row_min = cur[0]
        for j in range(1, lb + 1):
            cost = 0 if ai == b[j - 1] else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ai == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
            if v < row_min:
                row_min = v
        if row_min > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[lb] if prev[lb] <= limit else limit + 1


def deletes(word: str, max_distance: int) -> set[str]:
    """All strings made by deleting up to `max_distance` characters from `word`."""
    out = {word}
    frontier = {word}
    for _ in range(max_distance):
        frontier = {w[:i] + w[i + 1:] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


class CandidateIndex:
    """SymSpell symmetric-delete index over a set of words (see module docstring).

    As in SymSpell, only the first `prefix_length` characters are indexed (an edit
    within the prefix still leaves a shared delete; edits after it leave the prefix
    intact), which halves the index for long words; hits are verified on whole words.
    """

    def __init__(self, words: Iterable[str], max_distance: int = 2, prefix_length: int = 7):
        self.max_distance = max_distance
        self.prefix_length = prefix_length
        self.words: set[str] = set()
        self._index: dict[str, list[str]] = defaultdict(list)
        self.add(words)

    def add(self, words: Iterable[str]) -> None:
        index = self._index
        n = self.prefix_length
        for w in words:
            if w in self.words:
                continue
            self.words.add(w)
            for d in deletes(w[:n], self.max_distance):
                index[d].append(w)

    def lookup(self, query: str, max_distance: int | None = None) -> dict[str, int]:
        """Indexed words within `max_distance` edits of `query` (query itself excluded)."""
        limit = self.max_distance if max_distance is None else min(max_distance, self.max_distance)
        found: dict[str, int] = {}
        seen: set[str] = {query}
        index = self._index
        for d in deletes(query[: self.prefix_length], limit):
            for w in index.get(d, ()):
                if w in seen:
                    continue
                seen.add(w)
                dist = osa_distance(query, w, limit)
                if dist <= limit:
                    found[w] = dist
        return found


class Vocabulary:
    """Zipf frequencies, bigram counts and a candidate index for English."""

    def __init__(self, zipf: dict[str, float], bigrams: dict[tuple[str, str], int],
                 unigrams: dict[str, int], candidate_min_zipf: float, max_distance: int):
        self.zipf = zipf
        self.bigrams = bigrams
        self.unigrams = unigrams
        self.candidate_min_zipf = candidate_min_zipf
        self.index = CandidateIndex(
            (w for w, z in zipf.items() if z >= candidate_min_zipf and w.isalpha()), max_distance
        )

    def frequency(self, word: str) -> float:
        """Probability of the (lower-case) word in general English, 0.0 when unknown."""
        z = self.zipf.get(word)
        return 10.0 ** (z - 9.0) if z is not None else 0.0

    def bigram_lift(self, left: str, right: str) -> float:
        """P(right | left) / P(right) from web bigram counts; 1.0 when the pair is not listed.

        The bigram list is truncated to frequent pairs, so absence is no evidence against
        a pair; only listed pairs count, as positive evidence that the two words go together.
        """
        pair = self.bigrams.get((left, right))
        if not pair:
            return 1.0
        n_left = self.unigrams.get(left)
        n_right = self.unigrams.get(right)
        if not n_left or not n_right:
            return 1.0
        return pair * WEB1T_TOKENS / (n_left * n_right)


def _symspell_dir() -> Path:
    import symspellpy

    return Path(symspellpy.__file__).resolve().parent


def _read_counts(path: Path, arity: int) -> dict:
    counts: dict = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) != arity + 1:
                continue
            key = parts[0] if arity == 1 else (parts[0], parts[1])
            counts[key] = int(parts[arity])
    return counts


def _zipf_table() -> dict[str, float]:
    from wordfreq import get_frequency_list

    zipf: dict[str, float] = {}
    for centibels, words in enumerate(get_frequency_list("en", wordlist="large")):
        z = 9.0 - centibels / 100.0
        for w in words:
            zipf.setdefault(w, z)
    return zipf


_LOCK = threading.Lock()


@lru_cache(maxsize=4)
def _load(candidate_min_zipf: float, max_distance: int) -> Vocabulary:
    folder = _symspell_dir()
    bigrams = _read_counts(folder / "frequency_bigramdictionary_en_243_342.txt", 2)
    unigrams = _read_counts(folder / "frequency_dictionary_en_82_765.txt", 1)
    return Vocabulary(_zipf_table(), bigrams, unigrams, candidate_min_zipf, max_distance)


def load_vocabulary(candidate_min_zipf: float = CANDIDATE_MIN_ZIPF, max_distance: int = 2) -> Vocabulary:
    """The shared English vocabulary (built once per process; ~2 s, ~250 MB)."""
    with _LOCK:
        return _load(float(candidate_min_zipf), int(max_distance))


def zipf_of(probability: float) -> float:
    """Zipf value of a probability (log10 per billion words); -inf for 0."""
    return math.log10(probability) + 9.0 if probability > 0 else float("-inf")
