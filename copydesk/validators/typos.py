"""Typos: a lexicon- and corpus-aware spelling checker, with LanguageTool as an optional backend.

Detection asks whether a word is English, suggestion asks which word was meant.

**Detection.** A word is suspect when it is not in the lexicon (Hunspell's en_US and en_GB
dictionaries with every inflected form, see vocabulary.py: "colours", "organised" and
"analyzing" are words; wordfreq's web list is not a lexicon, since it counts common
misspellings), nor regularly derived from a lexicon word (`is_derived`: "reinsurers",
"unnegotiated"), nor on the allow-lists. Then:

* a lower-case non-word of `unknown_min_length`+ letters that is rare on the web (Zipf <
  `unknown_max_zipf`) and rare in this corpus (< `term_min_count` uses) is flagged even
  when no candidate is close: mid-sentence lower-case non-words are almost never names;
* a non-word the corpus uses `term_min_count`+ times (its jargon: "mln", "bbls"), one
  common on the web (Zipf >= `unknown_max_zipf`: "der", "covid"), a short one (fewer
  than `unknown_min_length` letters) or a plausible one (see `plausible`: in a larger word
  list, a closed compound, an abbreviation without vowels) is flagged only when the
  noisy-channel test below finds a much more frequent word it is a likely slip of
  ("teh" -> the); words used more than `max_suspect_count` times, or with
  Zipf >= `max_word_zipf`, are never flagged;
* capitalised words in mid-sentence are names: they are only compared with the corpus's
  own names (rule `name-variant`: "Pashinian" once vs "Pashinyan" 40 times).
  Sentence-initial capitalised non-words get the noisy-channel test with a stricter
  threshold (`initial_threshold_extra`) unless the corpus also uses them capitalised
  mid-sentence (then they are names);
* a word of the lexicon is never flagged as a misspelling: real-word errors (form/from)
  need a context model with high precision, which frequency alone is not;
* a suspect beside a rare lower-case non-word that is no likely slip itself is part of a
  foreign phrase or a lower-cased name (`foreign_runs`), a word said twice over ("X a X")
  is meant, and a word written in lower case more than `repeat_max` times is the corpus's
  term, which the channel score alone (without context) may still flag.

All-capital tokens (acronyms, wire headlines), mixed-case ones (iPhone), words glued to
digits ("10km", "1980s"), e-mail/URL parts, dictionary prefixes before a hyphen ("pre-tax")
and hyphenated compounds the lexicon holds whole are not checked; words shorter than
`min_word_length` neither. Words are tokenised by copydesk.validators.text.WORD_RE (letters
of any script, combining accents, internal apostrophes).

**Suggestions** follow the noisy-channel formulation of spelling correction (Kernighan,
Church & Gale 1990; Norvig, "How to Write a Spelling Corrector", 2007):

    score(w -> c) = log10 P(c) + log10 P(typo w | intended c) + context(c)
                  - log10 P(w) - context(w)

the best-scoring candidate is suggested, and for the noisy-channel test above `w` is
flagged when that score reaches `threshold` (log10 odds).

* Candidates: lexicon words of Zipf >= `candidate_min_zipf` within `max_edit_distance` edits
  (SymSpell index), within `wide_edit_distance` edits when the word has no candidate one
  edit away (Birkbeck's real misspellings are often two or three edits from the word), and
  words with the same Metaphone key ("filosofee" -> philosophy), at most `max_candidates`
  scored exactly, best optimistic bound first.
* P(x) mixes the general English frequency (wordfreq, see vocabulary.py) with the
  corpus's own counts as a Dirichlet prior: (n_x + prior_tokens * P_en(x)) / (N +
  prior_tokens). A word the corpus uses again and again (a ticker, a place, "mln") earns
  its own probability; the word under test is counted leave-one-out so a single-article
  corpus still works. Typos repeat far less than real words do.
* P(typo | intended) is a weighted edit distance (channel_cost) over optimal-string-
  alignment edits, each costing `edit_cost` less a discount for the slips that dominate
  real misspellings (Damerau 1964; Pollock & Zamora 1984; the Birkbeck corpus):
  `slip_discount` for transpositions, doubled letters added or dropped and one letter
  moved ("resnt"), `similar_discount` for a letter on a touching QWERTY key or one that
  sounds alike (vowels, c/k/s, ...), `omission_discount` for a letter left out, and
  `sound_discount` off the whole cost when both spell the same Metaphone key (a phonetic
  spelling: "a wrong vowel or a dropped syllable"). Adding or dropping an inflectional
  ending (-s, -d) is dearer by `inflection_penalty`; changing the ending otherwise by
  `ending_penalty` (a misspelled plural stays plural); first-letter errors are rarer
  (Yannakoudakis & Fawthrop 1983) and cost `first_letter_penalty` more.
* Repeated misspellings: a non-word seen up to `repeat_max` times, rare in English
  (< `repeat_max_zipf`), whose candidate the corpus uses `repeat_ratio` times as often,
  is scored with all its occurrences left out (big corpora repeat common slips); this
  decides detection only, the candidates are ranked on one base.
* Ranking weighs the prior down (`rank_prior_weight` x log10 P(c)), as noisy-channel
  correctors weigh their language model against the error model (the weight was chosen
  on hash half A of the dev set): the cheaper edit beats a somewhat more frequent word
  ("makrets" -> markets, not market).
* context(x): how much better x fits between its neighbours than chance, per side the
  larger of the web bigram lift (symspellpy's Google Web 1T list) and this corpus's own
  pair lift (pairs seen at least `corpus_pair_min` times), capped at `context_cap`,
  weighted by `context_weight` in detection and `rank_context_weight` in ranking the
  suggestions ("the minister sayd he" -> said, not say).

British and American spellings are both accepted; `dialect = "us"` or `"uk"` adds rule
`dialect` for spellings of the other variety (derived by the usual -our/-or, -ise/-ize,
-yse/-yze, -re/-er, -ll-/-l- patterns, checked against the vocabulary).

LanguageTool (optional, see languagetool.py): when a server URL is configured
(setting `languagetool_url`, or env COPYDESK_LANGUAGETOOL_URL), its spelling matches are
merged into `misspelling` and its grammar/style matches become rule `grammar` of this
family; if the server is unreachable the embedded checker runs alone and `status` says so.
"""

from __future__ import annotations

import math
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from copydesk.model import TEXT_FIELDS, Finding
from copydesk.settings import FamilySettings, setting
from copydesk.validators.base import Decision, ExpectationSpec, Rule, Statistic, Validator, register
from copydesk.validators.text import WORD_RE, glued_to_digits, hyphen_neighbours
from copydesk.validators.vocabulary import osa_distance

if TYPE_CHECKING:
    from copydesk.config import Config
    from copydesk.corpus.tables import Corpus
    from copydesk.validators.vocabulary import Vocabulary

# Newsroom jargon that general-English frequency lists rank as rare (wordfreq Zipf < 3):
# the words a copy desk itself writes in standfirsts, notes and metadata.
NEWSROOM_TERMS = (
    "lede", "ledes", "hed", "heds", "dek", "deks", "graf", "grafs", "nutgraf", "nutgrafs",
    "standfirst", "standfirsts", "dateline", "datelines", "byline", "bylines", "cutline",
    "cutlines", "slugline", "sluglines", "subhed", "subheds", "presser", "pressers", "copydesk",
)

HOW_TO_ALLOW = """\
Allowing words the typo check should accept
-------------------------------------------
1. A project lexicon (recommended): a plain text file, one word or name a line, '#' starts a
   comment. Lower-case entries accept every capitalisation ("flareup" also allows
   "Flareup"); entries with capitals are names and match exactly ("Pashinian").

       # copydesk-words.txt
       flareup
       Pashinian      # the paper's house spelling

   and point the check at it (path relative to the configuration file's folder):

       [tool.copydesk.checks.typos]
       lexicon = "copydesk-words.txt"        # or a list of files

2. A few words straight in the configuration:

       [tool.copydesk.checks.typos]
       ignore_words = ["flareup", "Pashinian"]

3. One article only: give the record a field `copydesk_ignore` (a list, or a string of
   words separated by commas or spaces); copydesk keeps unknown input fields, and the typo
   check accepts those words in that article alone. The field name is the setting
   `ignore_column`.

To silence a whole rule instead, lower its severity in [tool.copydesk.severity], e.g.
"typos/name-variant" = "info".
"""

# Sentence-opening context: start of text, or end punctuation/line break, then spaces and
# opening quotes/brackets.
_OPENERS = " \t\"'“‘([«—–-"
_ENDERS = ".!?:;\n"
# Hyphens in one whitespace-delimited run that make it a URL slug, not a compound (the
# longest compounds of prose, "state-of-the-art", have three).
URL_SLUG_HYPHENS = 4
# Characters between a word and its repetition in a reduplication ("mano a mano", "tut-tut").
REDUPLICATION_REACH = 4
# Suffixes after an apostrophe: possessive and clitics; the stem before them is checked.
CLITICS = frozenset({"s", "t", "d", "ll", "re", "ve", "m"})
INFLECTIONS = ("s", "es", "d", "ed")
# Productive English prefixes (see _EmbeddedChecker.is_derived).
REAL_PREFIXES = ("re", "un", "de", "non", "pre", "dis", "mis", "over", "under", "out",
                 "anti", "post", "sub", "super", "inter", "multi", "mid", "semi", "counter")
# Combining forms written before a hyphen that the dictionaries hold only inside words
# ("socio-economic", "Sino-Soviet"); with the dictionaries' own prefixes ("pre-tax").
COMBINING_FORMS = frozenset({
    "afro", "agro", "anglo", "anti", "bio", "counter", "cyber", "eco", "euro", "ex", "extra",
    "franco", "geo", "indo", "infra", "inter", "intra", "macro", "mega", "micro", "mid",
    "mini", "multi", "neo", "para", "petro", "post", "pseudo", "quasi", "semi", "sino",
    "socio", "sub", "super", "trans", "tri", "ultra", "vice",
})
DIALECT_PATTERNS = {
    # (British ending, American ending), applied at word end or before common suffixes
    "our": "or", "ise": "ize", "ised": "ized", "ising": "izing", "isation": "ization",
    "yse": "yze", "ysed": "yzed", "tre": "ter", "lled": "led", "lling": "ling",
    "ogue": "og", "ence": "ense",
}


@dataclass
class _Occurrence:
    row: int
    field: str
    start: int
    end: int
    text: str
    left: str | None
    right: str | None
    initial: bool
    # the neighbouring words as written (None across punctuation, like left/right)
    left_form: str | None = None
    right_form: str | None = None


@dataclass
class _Suspect:
    """A suspect word form: its lower-case stem, the stem's length in the token, scored
    candidates, whether it is capitalised, and whether it is flagged even without a
    candidate (a rare lower-case non-word)."""
    word: str
    length: int
    cands: list[tuple[str, float, float]]  # (candidate, detection score, ranking score)
    title: bool
    unknown: bool
    extra: float = 0.0  # added to `threshold` for this form


def _fold_accents(word: str) -> str:
    """`word` without combining accents ("naïve" -> "naive")."""
    import unicodedata

    return "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))


def _norm(word: str) -> str:
    """Typographic apostrophe as ASCII, so "Azerbaijan’s" and "Azerbaijan's" compare equal."""
    return word.replace("\u2019", "'")


def _split_words(value: Any) -> list[str]:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    if isinstance(value, str):
        return [w for w in re.split(r"[,\s;]+", value) if w]
    if isinstance(value, Iterable):
        return [str(w).strip() for w in value if str(w).strip()]
    return []


def read_lexicon(paths: str | os.PathLike | Iterable[str | os.PathLike] | None,
                 base: Path | None = None) -> list[str]:
    """Words from lexicon files: one a line, '#' comments, blank lines ignored."""
    if not paths:
        return []
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    words: list[str] = []
    for p in paths:
        path = Path(p)
        if not path.is_absolute() and base is not None:
            path = base / path
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ValueError(f"typos: cannot read lexicon {path}: {exc}") from exc
        for line in text.splitlines():
            word = line.split("#", 1)[0].strip()
            if word:
                words.append(word)
    return words


class Allowed:
    """Allow-list: lower-case entries match any case, capitalised entries match exactly."""

    def __init__(self, words: Iterable[str]):
        self.any_case: set[str] = set()
        self.exact: set[str] = set()
        for w in map(_norm, words):
            (self.any_case if w == w.lower() else self.exact).add(w)

    def __contains__(self, word: str) -> bool:
        w = _norm(word)
        return w in self.exact or w.lower() in self.any_case

    def __bool__(self) -> bool:
        return bool(self.any_case or self.exact)


@register
class TyposValidator(Validator):
    """Corpus-aware misspellings, name variants and (optionally) LanguageTool findings.

    See the module docstring for the model. Thresholds were set on the dev set of
    /work/shared/data (typos.jsonl with injected codespell/Birkbeck misspellings, clean.jsonl
    for false flags) and are all named settings below.
    """

    check = "typos"
    table = "sentences"
    expectation = ExpectationSpec(
        "ExpectSentencesToHaveNoMisspellings",
        "Sentences contain no words that look like misspellings of a more frequent word.",
        "sentences must have no misspelled words (rare words one or two edits from a frequent "
        "word, and names spelled two ways in the corpus)",
    )
    rules = {
        "misspelling": Rule(
            "misspelling", "error",
            "A word that is in no English dictionary (US or British) nor used consistently "
            "by this corpus, with the likeliest intended word as suggestion.",
            "Misspellings in published copy cost credibility and break search, entity "
            "linking and any model trained on the corpus.",
            "repelling the atack -> attack",
        ),
        "name-variant": Rule(
            "name-variant", "warning",
            "A name spelled one way a few times and another way much more often in the corpus.",
            "Inconsistent names split one person or place into two for search and analytics, "
            "and one of the spellings is usually wrong.",
            "Pashinian (1x) vs Pashinyan (40x)",
        ),
        "dialect": Rule(
            "dialect", "warning",
            "A spelling of the other English variety than the configured `dialect`.",
            "House style fixes one variety; mixed spellings look careless.",
            "colour -> color (dialect = \"us\")",
        ),
        "grammar": Rule(
            "grammar", "warning",
            "A grammar or style problem reported by the LanguageTool server (only when "
            "`languagetool_url` is configured).",
            "Agreement errors, doubled words and wrong word forms slip past spell checkers.",
            "a errors -> an errors",
        ),
    }

    @dataclass(frozen=True)
    class Settings(FamilySettings):
        """Thresholds set on the dev set of ../shared/data (typos.jsonl with injected codespell and
        Birkbeck misspellings, tuned on hash half A; clean.jsonl for false flags) unless said."""

        max_edit_distance: int = setting(
            2, 'candidates up to this many edits away, from the SymSpell index (vocabulary.py)')
        wide_edit_distance: int = setting(3, 'the wider search, for words with no candidate one edit away')
        wide_min_length: int = setting(5, 'words shorter than this get no wider search')
        phonetic_candidates: bool = setting(True, 'also words with the same Metaphone key (sound-alikes)')
        candidate_min_zipf: float = setting(3.0, 'lexicon words at least this frequent can be suggested')
        max_candidates: int = setting(20, 'candidates scored exactly per word, best optimistic bound first (a beam)')
        min_word_length: int = setting(3, 'shorter words are not checked')
        unknown_min_length: int = setting(
            4, "a lower-case non-word this long is flagged without a close candidate (if rarer than "
               "unknown_max_zipf and used fewer than term_min_count times)", "module docstring")
        unknown_max_zipf: float = setting(
            2.0, 'see unknown_min_length: rarer than this on the web', 'wordfreq Zipf; 2 is once per 100 million words')
        foreign_runs: bool = setting(True, 'a slip beside a rare lower-case non-word is let through (_foreign_run)')
        term_min_count: int = setting(3, "a non-word used this often is the corpus's term, unless a repeated slip")
        compound_min_part: int = setting(4, 'a closed compound (plausible) has two parts at least this long')
        evidence_max_distance: int = setting(1, 'plausible, capitalised and short words: slips this many edits away')
        plausible_threshold_extra: float = setting(1.5, 'extra log-odds needed against a plausible word')
        max_word_zipf: float = setting(4.5, 'non-words this frequent on the web are never flagged ("vs", "los")')
        max_suspect_count: int = setting(
            50, 'non-words this corpus uses more often are never flagged (its own jargon: mln, dlrs, cwts)')
        derived_min_stem: int = setting(5, 'is_derived: a prefix before a lexicon word this long')
        plural_max_zipf: float = setting(5.5, 'is_derived: the plural -s of a lexicon word rarer than this')
        prior_tokens: int = setting(
            10_000_000, 'weight (tokens) of English frequencies as a Dirichlet prior over the corpus counts')
        edit_cost: float = setting(2.0, 'noisy-channel cost (log10) of one edit')
        slip_discount: float = setting(
            1.0, "cost off an edit for a transposition, a doubled letter added or dropped, or a letter moved",
            "Damerau 1964; Kernighan, Church & Gale 1990; the Birkbeck corpus")
        similar_discount: float = setting(
            0.5, 'cost off substituting a letter on a touching key or one that sounds alike', 'channel_cost')
        omission_discount: float = setting(0.75, 'cost off a dropped letter', 'channel_cost')
        sound_discount: float = setting(1.0, "off the cost of a candidate with the word's Metaphone key")
        inflection_penalty: float = setting(
            1.5, 'cost added when the candidate is an inflection of the word (a real form, rarely a slip)')
        first_letter_penalty: float = setting(1.5, 'first letters are rarely wrong (tuned on hash half A)')
        ending_penalty: float = setting(
            0.75, 'a misspelled inflected form keeps its ending ("figuers" -> figures, not figure)')
        repeat_max: int = setting(
            5, 'a slip repeats at most this often; more uses make a term, flagged on channel evidence only')
        repeat_ratio: float = setting(
            10.0, "a repeated misspelling's candidate is used at least this many times as often", 'type_candidates')
        repeat_max_zipf: float = setting(2.5, 'a repeated misspelling is rarer than this on the web (wordfreq Zipf)')
        context_weight: float = setting(1.0, 'weight of the bigram context (web and corpus pairs) in the decision')
        context_cap: float = setting(2.0, "most log-odds one side's bigram context adds to a score")
        corpus_pair_min: int = setting(
            2, "the corpus's own word pairs are context evidence from this many co-occurrences",
            "one or two co-occurrences of rare words are chance")
        rank_context_weight: float = setting(1.0, 'context weight when ranking suggestions')
        rank_context_cap: float = setting(2.0, 'per-side cap of the log10 lift when ranking suggestions')
        rank_prior_weight: float = setting(0.6, 'weight of log10 P(candidate) against the edit cost when ranking')
        rank_prior_tokens: int = setting(
            1_000_000, 'prior weight (tokens) when ranking: the corpus weighs more (rank_shift)')
        threshold: float = setting(1.0, 'log-odds a candidate must beat the word by for a finding')
        initial_threshold_extra: float = setting(
            1.0, 'extra log-odds needed for a capitalised word at the start of a sentence', 'it may be a name')
        name_min_length: int = setting(5, 'name-variant: names at least this long')
        name_min_count: int = setting(3, 'name-variant: the frequent spelling occurs at least this often')
        name_min_ratio: float = setting(5.0, 'name-variant: ... and this many times as often as the rare one')
        name_max_zipf: float = setting(
            1.5, 'name-variant: a rare form this common on the web (Zipf) is a word of its own')
        name_common_zipf: float = setting(
            4.0, "name-variant: a frequent form this common in English (Zipf) only takes one-edit variants",
            'two edits from "National" is "Nazionali", a name of its own')
        lexicon: str | list[str] | None = setting(None, 'word-list file(s) of accepted words, one per line')
        lexicon_base: str | None = setting(
            None, "the folder relative `lexicon` paths are read from", "the configuration file's folder")
        ignore_words: str | list[str] = setting([], 'words accepted anywhere in the corpus')
        ignore_column: str = setting(
            'copydesk_ignore', 'the record field listing words accepted in that article (and rules it switches off)')
        dialect: str | None = setting(
            None, '"us" or "uk": spellings of the other variety are flagged (rule dialect); empty accepts both')
        languagetool_url: str | None = setting(
            None, 'a LanguageTool server (languagetool.py); none: the embedded checker alone')
        languagetool_language: str = setting('en-US', "LanguageTool's language code")
        languagetool_timeout: float = setting(10.0, 'seconds per socket read')
        languagetool_deadline: float = setting(300.0, 'seconds for the whole LanguageTool phase')
        languagetool_batch_chars: int = setting(20000, 'characters per LanguageTool request')
        languagetool_disabled_rules: str | list[str] = setting([], 'LanguageTool rule ids not reported')

    def __init__(self, **settings: Any):
        super().__init__(**settings)
        s = self.settings
        if s["dialect"] not in (None, "", "us", "uk"):
            raise ValueError("typos: dialect must be \"us\", \"uk\" or empty")
        base = Path(s["lexicon_base"]) if s["lexicon_base"] else None
        self.allowed = Allowed([*NEWSROOM_TERMS, *read_lexicon(s["lexicon"], base), *_split_words(s["ignore_words"])])
        self.status = "not run"

    @classmethod
    def settings_from_config(cls, config: Config) -> dict[str, Any]:
        """The project-wide LanguageTool server, and the configuration file's folder as the
        base of relative `lexicon` paths."""
        settings: dict[str, Any] = {}
        if config.languagetool_url:
            settings["languagetool_url"] = config.languagetool_url
        if config.path is not None:
            settings["lexicon_base"] = str(config.path.parent)
        return settings

    # ------------------------------------------------------------------ statistics
    def statistics(self) -> list[Statistic]:
        """Corpus-wide counts, then what depends on them only: the word forms of the corpus
        (finished into the per-type plan: suspects with their candidates, the other
        dialect's spellings, name variants), the word pairs that involve a suspect or a
        candidate (bigram context), and the capitalised suspects the corpus uses
        mid-sentence somewhere (names, never checked)."""
        return [
            Statistic("plan", lambda part, stats: _part_forms(part), keys=("form",), sums=("n",),
                      finish=lambda frame, stats: self._plan(frame)),
            Statistic("pairs", lambda part, stats: _part_pairs(part, stats["plan"].pair_words),
                      keys=("left", "right"), sums=("n",),
                      finish=lambda frame, stats: dict(zip(zip(frame["left"].tolist(), frame["right"].tolist()),
                                                           frame["n"].astype(int).tolist()))),
            Statistic("mid_sentence_names", lambda part, stats: self._mid_sentence_titles(part, stats["plan"]),
                      keys=("form",), finish=lambda frame, stats: frozenset(frame["form"])),
        ]

    def _vocabulary(self) -> Vocabulary:
        from copydesk.validators.vocabulary import load_vocabulary

        return load_vocabulary(self.settings["candidate_min_zipf"], self.settings["max_edit_distance"])

    def _plan(self, forms: pd.DataFrame) -> _Plan:
        """The type-level decisions of the whole corpus, made once (on the driver)."""
        counts = _CorpusCounts(dict(zip(forms["form"].tolist(), forms["n"].astype(int).tolist())))
        vocab = self._vocabulary()
        checker = _EmbeddedChecker(self, vocab, counts)
        dialect = (self.settings["dialect"] or "").lower()
        suspects = checker.suspects()
        pair_words = {v.word for v in suspects.values()} | {c[0] for v in suspects.values() for c in v.cands}
        return _Plan(counts, suspects, checker.dialect_spellings(dialect) if dialect else {},
                     _NameVariants(self, vocab, counts).variants(), frozenset(pair_words))

    def _mid_sentence_titles(self, part: Corpus, plan: _Plan) -> pd.DataFrame:
        titles = {f for f, v in plan.suspects.items() if v.title}
        ctx = _CorpusContext(part, self, plan.counts)
        used = {o.text for o in ctx.occurrences(titles) if not o.initial}
        return pd.DataFrame({"form": sorted(used)}, dtype=object)

    # ------------------------------------------------------------------ decision
    def decide(self, part: Corpus, stats) -> Decision:
        s = self.settings
        plan: _Plan = stats["plan"]
        plan.counts.pairs = stats["pairs"]
        vocab = self._vocabulary()
        ctx = _CorpusContext(part, self, plan.counts)
        findings = _EmbeddedChecker(self, vocab, ctx).decide(plan, stats["mid_sentence_names"])
        findings.extend(_NameVariants(self, vocab, ctx).findings(plan.variants))
        self.status = "embedded corpus-aware checker (Hunspell en_US + en_GB, wordfreq and corpus counts)"
        url = s["languagetool_url"] or os.environ.get("COPYDESK_LANGUAGETOOL_URL") or None
        if url:
            from copydesk.validators.languagetool import LanguageToolBackend

            backend = LanguageToolBackend(
                url, language=s["languagetool_language"], timeout=s["languagetool_timeout"],
                batch_chars=s["languagetool_batch_chars"], deadline=s["languagetool_deadline"],
                disabled_rules=_split_words(s["languagetool_disabled_rules"]),
            )
            lt_findings = [
                self.finding(ctx, m.row, m.field, m.start, m.end, m.rule, m.message, m.suggestion)
                for m in backend.check_texts(ctx.texts)
                if not (m.rule == "misspelling" and ctx.allowed(m.row, ctx.texts[m.field][m.row][m.start:m.end]))
            ]
            findings = merge_findings(findings, lt_findings)
            self.status = f"{backend.status}; {self.status}"
        findings.sort(key=lambda f: (ctx.order.get(f.article_id, 0), TEXT_FIELDS.index(f.field), f.start))
        _TOKENS.pop(id(part.articles), None)  # the partition is decided: its words are not needed again
        return Decision(findings)

    def finding(self, ctx: _CorpusContext, row: int, field: str, start: int, end: int,
                rule: str, message: str, suggestion: str | None = None,
                related: dict | None = None) -> Finding:
        """The finding for texts[field][row][start:end], with the article's id, file and line."""
        return Finding(
            article_id=ctx.ids[row], check=self.check, rule=rule, field=field, start=start,
            end=end, text=ctx.texts[field][row][start:end], message=message,
            severity=self.severity(rule), suggestion=suggestion, file=ctx.files[row],
            line=ctx.lines[row], related=related,
        )


def merge_findings(embedded: list[Finding], extra: list[Finding]) -> list[Finding]:
    """Add backend findings, dropping those whose span an embedded finding already covers."""
    taken = {(f.article_id, f.field, f.start, f.end) for f in embedded}
    spans = defaultdict(list)
    for f in embedded:
        spans[(f.article_id, f.field)].append((f.start, f.end))
    out = list(embedded)
    for f in extra:
        if (f.article_id, f.field, f.start, f.end) in taken:
            continue
        if f.rule == "misspelling" and any(
            s < f.end and f.start < e for s, e in spans[(f.article_id, f.field)]
        ):
            continue
        out.append(f)
    return out


# The texts and words of the last few partitions: the statistics and the decision each
# read a partition's words, which costs a regex pass over all of its text; one pass serves
# them all. Entries hold their articles frame, so an id is never mistaken for another's.
_TOKENS: dict[int, list] = {}
_TOKENS_KEPT = 2


def _cached(part: Corpus) -> list:
    """[articles, texts, tokens, coded]: the cache entry of the partition (see _TOKENS)."""
    arts = part.articles
    hit = _TOKENS.get(id(arts))
    if hit is not None and hit[0] is arts:
        return hit
    texts = {f: [t if isinstance(t, str) else "" for t in arts[f].tolist()] if f in arts else [""] * len(arts)
             for f in TEXT_FIELDS}
    tokens = {f: [WORD_RE.findall(t) if t else [] for t in texts[f]] for f in TEXT_FIELDS}
    while len(_TOKENS) >= _TOKENS_KEPT:
        del _TOKENS[next(iter(_TOKENS))]
    entry = _TOKENS[id(arts)] = [arts, texts, tokens, None]
    return entry


def _texts_and_tokens(part: Corpus) -> tuple[dict[str, list[str]], dict[str, list[list[str]]]]:
    """The partition's text per field and row, and its words (WORD_RE) per field and row."""
    entry = _cached(part)
    return entry[1], entry[2]


def _coded_tokens(part: Corpus) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """All the partition's words in reading order (fields, then rows) as codes into the
    distinct forms (pandas' hash-based factorize), and where each text's words start."""
    entry = _cached(part)
    if entry[3] is None:
        flat: list[str] = []
        first = []
        for rows in entry[2].values():
            for toks in rows:
                if toks:
                    first.append(len(flat))
                    flat.extend(toks)
        codes, uniq = pd.factorize(np.array(flat, dtype=object), use_na_sentinel=False)
        entry[3] = (codes, np.asarray(uniq, dtype=object), first)
    return entry[3]


def _part_forms(part: Corpus) -> pd.DataFrame:
    """(form, n): how often each exact word form occurs in the partition's text fields
    (pandas' hash-based factorize over all tokens, no per-token Python)."""
    codes, uniq, _ = _coded_tokens(part)
    counts = np.bincount(codes, minlength=len(uniq)) if len(uniq) else np.zeros(0, np.int64)
    return pd.DataFrame({"form": np.asarray(uniq, dtype=object), "n": counts.astype(np.int64)})


def _lower(forms) -> pd.Index:
    """Forms as the counts key them: lower case, typographic apostrophes as ASCII."""
    return pd.Index(forms, dtype=object).str.lower().str.replace("\u2019", "'", regex=False)


def _part_pairs(part: Corpus, words: frozenset[str]) -> pd.DataFrame:
    """(left, right, n): adjacent lower-case word pairs of one text (never across two
    texts, so a partition's pairs are its articles' own) that involve any of `words`.

    Only the pairs needed for context are counted (numpy masks over token ids), which
    costs a fraction of counting every pair of a large corpus. Adjacency is by token
    order, so a few pairs straddle punctuation; that noise only adds evidence for pairs
    that are frequent anyway."""
    empty = pd.DataFrame({"left": pd.Series(dtype=object), "right": pd.Series(dtype=object),
                          "n": pd.Series(dtype=np.int64)})
    if not words:
        return empty
    codes, uniq, first = _coded_tokens(part)  # first: where each text's tokens start
    if len(codes) < 2:
        return empty
    lcodes, luniq = pd.factorize(_lower(uniq), use_na_sentinel=False)
    ids = lcodes[codes].astype(np.int64)
    wanted = np.flatnonzero(pd.Index(luniq).isin(list(words)))
    if not len(wanted):
        return empty
    left, right = ids[:-1], ids[1:]
    mask = np.isin(right, wanted) | np.isin(left, wanted)
    mask[np.asarray(first[1:], dtype=np.int64) - 1] = False  # a pair across two texts is no pair
    k = np.int64(len(luniq))
    pair_codes, n = np.unique(left[mask] * k + right[mask], return_counts=True)
    names = np.asarray(luniq, dtype=object)
    return pd.DataFrame({"left": names[pair_codes // k], "right": names[pair_codes % k], "n": n.astype(np.int64)})


class _CorpusCounts:
    """Corpus-wide word counts (the `plan` and `pairs` statistics): the same in every
    partition of the corpus."""

    def __init__(self, forms: dict[str, int]):
        self.forms = forms
        self.total = int(sum(forms.values()))
        lower: dict[str, int] = {}
        for key, n in zip(_lower(list(forms)).tolist(), forms.values()):
            lower[key] = lower.get(key, 0) + n
        self.lower = lower
        self.pairs: dict[tuple[str, str], int] = {}

    def pair_count(self, left: str, right: str) -> int:
        """Occurrences of `left right` in the corpus (both lower-case; see _part_pairs)."""
        return self.pairs.get((left, right), 0)


@dataclass
class _Plan:
    """What the typo check decides per word type, from the corpus's counts alone."""

    counts: _CorpusCounts
    suspects: dict[str, _Suspect]
    dialect: dict[str, str]  # the other variety's spelling -> the configured one
    variants: dict[str, tuple[str, int, int]]  # rare name form -> (frequent form, its count, the rare count)
    pair_words: frozenset[str]


class _CorpusContext:
    """One partition's texts, with the corpus-wide counts they are judged by."""

    def __init__(self, corpus: Corpus, validator: TyposValidator, counts: _CorpusCounts | None = None):
        arts = corpus.articles
        self.corpus = corpus
        if counts is None:  # the corpus is the whole corpus (tests, one-off use)
            forms = _part_forms(corpus)
            counts = _CorpusCounts(dict(zip(forms["form"].tolist(), forms["n"].astype(int).tolist())))
        self.ids: list[str] = arts["id"].astype(str).tolist()
        self.order = {a: i for i, a in enumerate(self.ids)}
        self.files = arts["file"].tolist() if "file" in arts else [None] * len(self.ids)
        lines = arts["line"].tolist() if "line" in arts else [None] * len(self.ids)
        self.lines = [None if pd.isna(v) else int(v) for v in lines]  # pd.NA for HTML/text files
        self.texts, self.tokens = _texts_and_tokens(corpus)
        self.counts = counts
        self.forms, self.lower, self.total = counts.forms, counts.lower, counts.total
        self._caseless: dict[tuple[str, int], bool] = {}
        self.corpus_allowed = validator.allowed
        column = validator.settings["ignore_column"]
        self.article_allowed: dict[int, Allowed] = {}
        if column and column in arts:
            for row, value in enumerate(arts[column].tolist()):
                words = _split_words(value)
                if words:
                    self.article_allowed[row] = Allowed(words)

    def pair_count(self, left: str, right: str) -> int:
        return self.counts.pair_count(left, right)

    def count_pairs(self, words: Iterable[str]) -> None:
        """Count this corpus's pairs involving `words` (when it is the whole corpus)."""
        frame = _part_pairs(self.corpus, frozenset(words))
        self.counts.pairs.update(zip(zip(frame["left"], frame["right"]), frame["n"].astype(int)))

    def caseless(self, field: str, row: int, min_words: int = 20, max_capitalised: float = 0.02) -> bool:
        """The text is written without capitals (a lower-cased wire feed), so its lower-case
        words may be names: fewer than `max_capitalised` of its `min_words`+ words start
        with a capital."""
        key = (field, row)
        cached = self._caseless.get(key)
        if cached is None:
            toks = self.tokens[field][row]
            caps = sum(1 for t in toks if t[0].isupper())
            cached = self._caseless[key] = len(toks) >= min_words and caps < max_capitalised * len(toks)
        return cached

    def allowed(self, row: int, word: str) -> bool:
        """On the validator's allow-lists or on this article's own (`ignore_column`)."""
        if word in self.corpus_allowed:
            return True
        per = self.article_allowed.get(row)
        return per is not None and word in per

    def occurrences(self, forms: set[str]) -> Iterable[_Occurrence]:
        """Every occurrence of the given exact forms, with neighbouring words."""
        if not forms:
            return
        for field in TEXT_FIELDS:
            texts = self.texts[field]
            for row, toks in enumerate(self.tokens[field]):
                if forms.isdisjoint(toks):
                    continue
                text = texts[row]
                # WORD_RE.finditer yields the same words, in the same order, as `toks`
                matches = list(WORD_RE.finditer(text))
                for i in [i for i, w in enumerate(toks) if w in forms]:
                    m = matches[i]
                    start, end = m.span()
                    left = matches[i - 1] if i else None
                    right = matches[i + 1] if i + 1 < len(matches) else None
                    lf = _neighbour(text, left.end(), start, left.group(), lower=False) if left else None
                    rf = _neighbour(text, end, right.start(), right.group(), lower=False) if right else None
                    yield _Occurrence(
                        row, field, start, end, toks[i],
                        _norm(lf.lower()) if lf else None, _norm(rf.lower()) if rf else None,
                        _is_initial(text, start, field), lf, rf,
                    )


def _neighbour(text: str, a: int, b: int, word: str, lower: bool = True) -> str | None:
    """The neighbouring word (lower-cased, typographic apostrophes as ASCII, unless `lower`
    is false), when only spaces separate it (same clause)."""
    gap = text[a:b]
    if gap.strip() != "" or "\n" in gap:
        return None
    return _norm(word.lower()) if lower else word


def _is_initial(text: str, start: int, field: str) -> bool:
    i = start - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    return i < 0 or text[i] in _ENDERS or (field == "title" and text[i] in "|")


def _stem(form: str) -> tuple[str, int]:
    """The word to check and its length in the token: possessive/clitic stripped."""
    norm = _norm(form)
    if "'" in norm:
        head, _, tail = norm.rpartition("'")
        if tail.lower() in CLITICS and "'" not in head:
            if tail.lower() == "t" and head.lower().endswith("n"):
                return "", 0  # don't, isn't, ain't: whole contractions are not checked
            return head, len(head)
        return "", 0
    return norm, len(norm)


def _glued(text: str, start: int, end: int) -> bool:
    """Part of a number, e-mail address, URL, hashtag or code (not running prose)."""
    if glued_to_digits(text, start, end):
        return True
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if before in "@/#_\\=&" or after in "@/_\\=":
        return True
    if after == "." and end + 1 < len(text) and text[end + 1].isalnum():
        return True
    if before == "." and start >= 2 and text[start - 2].isalnum():
        return True
    # a non-ASCII symbol between letters ("GuantÃ¡namo"): a word cut by mis-decoded text
    if start >= 2 and _mojibake(before) and text[start - 2].isalpha():
        return True
    if end + 1 < len(text) and _mojibake(after) and text[end + 1].isalpha():
        return True
    # a link's slug ("a-rally-in-the-city-is-palpable"): URL_SLUG_HYPHENS+ hyphens in one run
    lo = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
    hi = min(i for i in (text.find(" ", end), text.find("\n", end), len(text)) if i >= 0)
    return text.count("-", lo, hi) >= URL_SLUG_HYPHENS


def _reduplicated(text: str, start: int, end: int, reach: int = REDUPLICATION_REACH) -> bool:
    """The same word stands again at most `reach` characters away ("mano a mano", "tut-tut"):
    a deliberate repetition (a foreign idiom, an interjection), not a slip made twice."""
    n = end - start
    word = text[start:end].lower()
    near = " " + text[max(0, start - reach - n):start].lower() + " " + text[end:end + reach + n].lower() + " "
    i = near.find(word)
    while i >= 0:  # a whole word, not part of one
        if not near[i - 1].isalnum() and not near[i + n].isalnum():
            return True
        i = near.find(word, i + 1)
    return False


def _mojibake(ch: str) -> bool:
    """A non-ASCII symbol or 'other' punctuation (¡, ©, ¨, ±): inside a word, a decoding error."""
    import unicodedata

    return not ch.isascii() and (unicodedata.category(ch)[0] == "S" or unicodedata.category(ch) == "Po")


class _EmbeddedChecker:
    """The noisy-channel decision of the module docstring, per word type then per occurrence."""

    def __init__(self, validator: TyposValidator, vocab: Vocabulary, ctx: _CorpusContext):
        self.v = validator
        self.s = validator.settings
        self.vocab = vocab
        self.ctx = ctx
        self.denominator = ctx.total + self.s["prior_tokens"]
        self._logp: dict[tuple[str, int], float] = {}
        self._rank_shift: dict[str, float] = {}

    def logp(self, word: str, leave_out: int = 0) -> float:
        """log10 of the mixed corpus/English probability, `leave_out` occurrences discounted."""
        key = (word, leave_out)
        cached = self._logp.get(key)
        if cached is None:
            n = max(self.ctx.lower.get(word, 0) - leave_out, 0)
            p = (n + self.s["prior_tokens"] * self.vocab.frequency(word)) / self.denominator
            cached = self._logp[key] = math.log10(p) if p > 0 else -12.0
        return cached

    def rank_shift(self, word: str) -> float:
        """How much likelier `word` is as the writer's intended word than logp says, when
        the corpus's own counts weigh more (`rank_prior_tokens` < `prior_tokens`): the
        suggestions are ranked as this corpus writes ("said" in a wire corpus), while
        detection keeps the broader English prior."""
        cached = self._rank_shift.get(word)
        if cached is None:
            n = self.ctx.lower.get(word, 0)
            k = self.s["rank_prior_tokens"]
            p = (n + k * self.vocab.frequency(word)) / (self.ctx.total + k)
            cached = self._rank_shift[word] = (math.log10(p) if p > 0 else -12.0) - self.logp(word)
        return cached

    def edit_logp(self, word: str, cand: str, same_sound: bool = False) -> float:
        """log10 P(typo `word` | intended `cand`): channel_cost plus position/ending penalties,
        less `sound_discount` when both spell one Metaphone key (at most down to one cheap edit)."""
        s = self.s
        cost = channel_cost(word, cand, s["edit_cost"], s["slip_discount"], s["similar_discount"],
                            s["omission_discount"])
        if same_sound:
            cost = max(min(cost, s["edit_cost"] - s["slip_discount"]), cost - s["sound_discount"])
        if _is_inflection(word, cand):
            cost += s["inflection_penalty"]
        elif _ending(word) != _ending(cand):
            cost += s["ending_penalty"]
        if word[0] != cand[0]:
            cost += s["first_letter_penalty"]
        return -cost

    def context(self, word: str, left: str | None, right: str | None, own: bool = False) -> float:
        """Positive evidence that `word` fits its neighbours, capped per side.

        Per side, the larger of two lifts P(pair) / (P(left) P(right)): from web bigram
        counts (vocabulary.py) and from this corpus's own pairs (_part_pairs; at least
        `corpus_pair_min` of them, since one or two co-occurrences of rare words are
        chance). `own` marks the word under test, whose occurrence here is left out.
        """
        cap = self.s["context_cap"]
        lw, rw = self.sides(word, left, right, own)
        return self.s["context_weight"] * (min(cap, lw) + min(cap, rw))

    def sides(self, word: str, left: str | None, right: str | None, own: bool = False) -> tuple[float, float]:
        """The uncapped log10 lifts (floored at 0) of `word` after `left` and before `right`."""
        tested = word if own else None
        lw = max(0.0, math.log10(self._lift(left, word, tested))) if left else 0.0
        rw = max(0.0, math.log10(self._lift(word, right, tested))) if right else 0.0
        return lw, rw

    def _lift(self, a: str, b: str, tested: str | None) -> float:
        """max(web lift, corpus lift) of the pair `a b`; `tested`'s own occurrence left out."""
        lift = self.vocab.bigram_lift(a, b)
        ctx = self.ctx
        skip = 1 if tested else 0
        pair = ctx.pair_count(a, b) - skip
        if pair >= self.s["corpus_pair_min"]:
            na = ctx.lower.get(a, 0) - (skip if a == tested else 0)
            nb = ctx.lower.get(b, 0) - (skip if b == tested else 0)
            if na > 0 and nb > 0:
                lift = max(lift, pair * ctx.total / (na * nb))
        return lift

    def type_candidates(self, word: str, need: float, wide: bool = False,
                        max_distance: int | None = None) -> list[tuple[str, float, float]]:
        """Candidates of a (lower-case) non-word scoring at least `need` before context, best first.

        The word's own probability is counted leave-one-out, except for a *repeated
        misspelling*: a word that occurs at most `repeat_max` times and whose candidate the
        corpus uses at least `repeat_ratio` times as often is scored as if all its
        occurrences were typos of that candidate (a big corpus repeats common slips:
        "goverment" beside thousands of "government"). `wide` adds the candidates beyond
        the index (vocabulary.within, `wide_edit_distance`) when none is one edit away, and
        the sound-alikes (same Metaphone key) when `phonetic_candidates` is on;
        `max_distance` narrows the index search.
        """
        s = self.s
        vocab = self.vocab
        n_word = self.ctx.lower.get(word, 0)
        base_one = self.logp(word, leave_out=1)
        repeated = 1 < n_word <= s["repeat_max"] and vocab.zipf.get(word, 0.0) < s["repeat_max_zipf"]
        base_all = self.logp(word, leave_out=n_word) if repeated else base_one
        found = vocab.index.lookup(word, max_distance)
        sounds: set[str] = set()
        if wide:
            if len(word) >= s["wide_min_length"] and s["wide_edit_distance"] > s["max_edit_distance"] \
                    and min(found.values(), default=99) > 1:
                for cand, dist in vocab.within(word, s["wide_edit_distance"]).items():
                    found.setdefault(cand, dist)
            if s["phonetic_candidates"]:
                for cand in vocab.sound_alikes(word):
                    if cand != word:
                        sounds.add(cand)
                        if cand not in found:
                            found[cand] = osa_distance(word, cand, len(word) + len(cand))
        # Exact channel costs only for candidates that can still matter: in order of an
        # optimistic bound (the cheapest conceivable cost per edit), until the bound falls
        # below `need` or below the best exact score minus what context can add.
        cheapest = s["edit_cost"] - max(s["slip_discount"], s["similar_discount"], s["omission_discount"])
        slack = 2 * max(s["context_cap"] * s["context_weight"], s["rank_context_cap"] * s["rank_context_weight"])
        counts = self.ctx.lower
        bounded = []
        first = word[0]
        for cand, dist in found.items():
            prior = self.logp(cand)
            steps = dist - 1 if cand in sounds else dist
            bound = prior - max(1, steps) * cheapest
            if cand[0] != first:
                bound -= s["first_letter_penalty"]
            bounded.append((bound, prior, cand))
        bounded.sort(reverse=True)
        out = []
        best = -math.inf
        for bound, prior, cand in bounded[: s["max_candidates"]]:
            base = base_all if repeated and counts.get(cand, 0) >= s["repeat_ratio"] * n_word else base_one
            if bound - base_all < need or bound - base_all < best - slack:
                break
            edit = self.edit_logp(word, cand, cand in sounds)
            score = prior + edit - base
            if score >= need:
                # the ranking score keeps one base for every candidate: the repeat rule
                # decides whether the word is a slip, not which word it is a slip of
                out.append((cand, score, s["rank_prior_weight"] * prior + edit - base_one))
                best = max(best, score)
        out.sort(key=lambda x: -x[1])
        return out

    def is_word(self, word: str, capitalised: bool = False) -> bool:
        """In the lexicon (vocabulary.py), with its accents dropped ("naive" for "naïve"),
        or regularly derived from a lexicon word (is_derived)."""
        vocab = self.vocab
        if vocab.is_word(word, capitalised):
            return True
        if not word.isascii():
            folded = _fold_accents(word)
            if folded != word and vocab.is_word(folded, capitalised):
                return True
        return self.is_derived(word)

    def is_derived(self, word: str) -> bool:
        """Regularly derived from a lexicon word, though the dictionaries lack the form.

        Derivations: a prefix from REAL_PREFIXES before a word of `derived_min_stem`+
        letters ("nonbinding", "unnegotiated", "reinsurers"), and the plural -s of a noun of
        `derived_min_stem`+ letters rarer than `plural_max_zipf` (the dictionaries give no
        plural to some nouns mostly used in the singular; an -s after a function word or
        after a plural stays a slip). Other suffixes and the other dialect's spellings are
        not derived: the dictionaries' affix rules already give every inflection of both
        spellings, and deriving more accepts slips (any suffix after a short rare word; any
        "-ling" beside a listed "-lling"); for the same reason the two-letter prefixes re-,
        un- and de- need a longer stem (before a five-letter word they make slips as often
        as words) and co- none at all (co + a word is as often a dropped letter).
        """
        known = self.vocab.words
        min_stem = self.s["derived_min_stem"]
        for prefix in REAL_PREFIXES:
            need = min_stem + 1 if len(prefix) == 2 else min_stem
            if word.startswith(prefix) and len(word) - len(prefix) >= need and word[len(prefix):] in known:
                return True
        stem = word[:-1]
        return (word.endswith("s") and len(stem) >= min_stem and not stem.endswith("s") and stem in known
                and self.vocab.zipf.get(stem, 0.0) < self.s["plural_max_zipf"])

    def plausible(self, word: str) -> bool:
        """A non-word that may well be English all the same, so that it is flagged only on
        noisy-channel evidence: in symspellpy's word list (Google n-grams through SCOWL's
        larger sizes), written without a vowel (an abbreviation or unit: "kph", "pts"), or a
        closed compound: two lexicon words of `compound_min_part`+ letters ("shipbroker",
        "sugarbeet") or a hyphenated lexicon entry written solid ("followup"). Such words need `plausible_threshold_extra` more evidence."""
        vocab = self.vocab
        if word in vocab.unigrams or not any(ch in "aeiouy" for ch in word):
            return True
        words, k = vocab.words, self.s["compound_min_part"]
        for i in range(2, len(word) - 1):
            head, tail = word[:i], word[i:]
            if head + "-" + tail in words:
                return True
            if i >= k and len(tail) >= k and head in words and tail in words:
                return True
        return False

    def suspects(self) -> dict[str, _Suspect]:
        """Per word form: whether and how it is suspect (see the module docstring)."""
        s, ctx, vocab = self.s, self.ctx, self.vocab
        min_len = s["min_word_length"]
        # Scores can rise by at most two capped context terms at occurrence level.
        need = s["threshold"] - 2 * s["context_weight"] * s["context_cap"]
        suspects: dict[str, _Suspect] = {}
        by_word: dict[tuple[str, bool], list[tuple[str, float, float]]] = {}
        for form in ctx.forms:
            if form.isupper() or not form[0].isalpha():
                continue
            lower_form = form.islower()
            title_form = not lower_form and form[0].isupper() and form[1:].islower()
            if not (lower_form or title_form):
                continue  # iPhone, McDonald: mixed case is deliberate
            stem, length = _stem(form)
            if length < min_len or not stem.isalpha():
                continue
            word = stem.lower()
            if word in self.v.allowed or self.is_word(word, capitalised=title_form):
                continue
            n = ctx.lower.get(word, 0)
            zipf = vocab.zipf.get(word, 0.0)
            if n > s["max_suspect_count"] or zipf >= s["max_word_zipf"]:
                continue
            if title_form and n != ctx.forms.get(form, 0):
                # checked only where sentence-initial, and only if the corpus never uses
                # the word in lower case and it is not a name used mid-sentence
                continue
            plausible = self.plausible(word)
            unknown = (lower_form and length >= s["unknown_min_length"] and zipf < s["unknown_max_zipf"]
                       and n < s["term_min_count"] and not plausible)
            key = (word, unknown)
            cands = by_word.get(key)
            if cands is None:
                if unknown:
                    cands = self.type_candidates(word, -math.inf, wide=True)
                elif plausible or title_form or length < s["unknown_min_length"]:
                    # likely a word, name or abbreviation the dictionaries lack: only a
                    # single slip from a much more frequent word is evidence against it,
                    # and a name keeps its first letter
                    cands = self.type_candidates(word, need, max_distance=s["evidence_max_distance"])
                    if title_form:
                        cands = [c for c in cands if c[0][0] == word[0]]
                else:
                    cands = self.type_candidates(word, need)
                by_word[key] = cands
            if cands or unknown:
                extra = s["initial_threshold_extra"] if title_form else 0.0
                if plausible:
                    extra += s["plausible_threshold_extra"]
                suspects[form] = _Suspect(word, length, cands, title_form, unknown, extra)
        return suspects

    def decide(self, plan: _Plan, mid_sentence_names: frozenset[str]) -> list[Finding]:
        """The partition's misspelling (and dialect) findings: each occurrence of a suspect
        form, judged with its neighbours. A capitalised form the corpus uses anywhere
        mid-sentence (`mid_sentence_names`) is a name: none of its uses is checked."""
        s = self.s
        ctx = self.ctx
        findings: list[Finding] = []
        dialect = (s["dialect"] or "").lower()
        if plan.dialect:
            findings.extend(self._dialect(dialect, plan.dialect))
        suspects = plan.suspects
        if not suspects:
            return findings
        occurrences = list(ctx.occurrences(set(suspects)))
        weight, cap = s["context_weight"], s["context_cap"]
        rank_weight, rank_cap = s["rank_context_weight"], s["rank_context_cap"]
        prior_weight = s["rank_prior_weight"]
        for occ in occurrences:
            sus = suspects[occ.text]
            if occ.text in mid_sentence_names:
                continue
            text = ctx.texts[occ.field][occ.row]
            end = occ.start + sus.length
            if _glued(text, occ.start, occ.end) or ctx.allowed(occ.row, occ.text[:sus.length]):
                continue
            if self._compound_part(text, occ.start, end, sus.word):
                continue
            threshold = s["threshold"] + sus.extra
            own = self.context(sus.word, occ.left, occ.right, own=True)
            term = self._term(sus)
            best, best_score, best_rank = None, -math.inf, -math.inf
            for cand, score, rank_score in sus.cands:
                lw, rw = self.sides(cand, occ.left, occ.right)
                fit = weight * (min(cap, lw) + min(cap, rw))
                best_score = max(best_score, score if term else score + fit - own)
                rank = rank_score + prior_weight * self.rank_shift(cand) + rank_weight * (min(rank_cap, lw) + min(rank_cap, rw))
                if rank > best_rank:
                    best, best_rank = cand, rank
            if sus.title and self._in_full_name(occ):
                continue
            unknown = sus.unknown and not self._names_around(occ)
            if not unknown and (best is None or best_score < threshold):
                continue
            if s["foreign_runs"] and (self._foreign_run(occ, suspects) or _reduplicated(text, occ.start, occ.end)):
                continue
            original = occ.text[:sus.length]
            if best is None:
                suggestion, message = None, f"'{original}' is in no English dictionary"
            else:
                suggestion = _match_case(best, original)
                message = f"possible misspelling of '{suggestion}'"
            findings.append(self.v.finding(ctx, occ.row, occ.field, occ.start, end, "misspelling",
                                           message, suggestion))
        return findings

    def _names_around(self, occ: _Occurrence) -> bool:
        """The occurrence may be a name or a foreign word, though lower-case: its text is
        written without capitals (ctx.caseless), or a neighbour is no English word either
        (foreign phrases, a quotation in French; names written in lower case)."""
        if self.ctx.caseless(occ.field, occ.row):
            return True
        for form in (occ.left_form, occ.right_form):
            if form and len(form) > 1 and not form.isupper():
                stem, length = _stem(form)
                if length and stem not in self.v.allowed and not self.is_word(stem.lower(), not stem.islower()):
                    return True
        return False

    def _term(self, sus: _Suspect) -> bool:
        """Written in lower case more often than a repeated slip would be (`repeat_max`):
        this corpus's term ("pik and roll", a crop's local name), which context alone does
        not make a slip; only its channel score against a much likelier word does. Uses
        written with a capital do not count ("Ann" makes no term of "ann")."""
        return self.ctx.forms.get(sus.word, 0) > self.s["repeat_max"]

    def _foreign_run(self, occ: _Occurrence, suspects: dict[str, _Suspect]) -> bool:
        """A lower-case neighbour in the same clause is a rare non-word that is no likely slip
        either ("ogni impedimento", "nuevo teapa"): such a word beside a suspect makes a
        foreign phrase, a quotation or a name written in lower case. Rare means used fewer
        than `term_min_count` times in the corpus (its jargon, "mln dlrs", does not count);
        a likely slip is a suspect with a candidate scoring its threshold before context,
        since sloppy copy does hold two slips in a row ("an efective registation")."""
        ctx, s = self.ctx, self.s
        for form in (occ.left_form, occ.right_form):
            if form and len(form) >= s["min_word_length"] and form.islower():
                stem, length = _stem(form)
                if not (length and stem.isalpha() and stem not in self.v.allowed
                        and ctx.lower.get(stem, 0) < s["term_min_count"] and not self.is_word(stem)):
                    continue
                other = suspects.get(form)
                if other is None or not any(score >= s["threshold"] + other.extra for _, score, _ in other.cands):
                    return True
        return False

    def _in_full_name(self, occ: _Occurrence) -> bool:
        """A capitalised word beside another capitalised word that is no English word
        ("Elward Edd", "Minister Ferdinand Lacina"): part of a full name."""
        for form in (occ.left_form, occ.right_form):
            if form and form[0].isupper() and not form.isupper():
                stem, length = _stem(form)
                if length and not self.is_word(stem.lower(), True):
                    return True
        return False

    def _compound_part(self, text: str, start: int, end: int, word: str) -> bool:
        """A part of a hyphenated compound that is no slip: a prefix or combining form before
        the hyphen ("pre-tax", "socio-economic"), or a compound the lexicon holds whole or
        written solid ("co-operate", "e-mail")."""
        before, after = hyphen_neighbours(text, start, end)
        if after is not None and (word in self.vocab.prefixes or word in COMBINING_FORMS):
            return True
        for left, right in ((before, word), (word, after)):
            if left is not None and right is not None:
                joined = (_norm(left) + "-" + _norm(right)).lower()
                if self.vocab.is_word(joined) or self.vocab.is_word(joined.replace("-", "")):
                    return True
        return False

    def dialect_spellings(self, dialect: str) -> dict[str, str]:
        """The corpus's spellings of the other variety -> the configured one's, by suffix
        patterns checked against the vocabulary."""
        pairs = DIALECT_PATTERNS.items()
        if dialect == "uk":
            pairs = [(us, uk) for uk, us in pairs]
        ctx, zipf = self.ctx, self.vocab.zipf
        other: dict[str, str] = {}
        for form in ctx.forms:
            if not form.islower() or len(form) < 5 or form in self.v.allowed:
                continue
            for wrong_end, right_end in pairs:
                if form.endswith(wrong_end):
                    alt = form[: -len(wrong_end)] + right_end
                    if alt != form and zipf.get(alt, 0.0) >= 3.0 and zipf.get(alt, 0.0) >= zipf.get(form, 0.0) - 0.5:
                        other[form] = alt
                        break
        return other

    def _dialect(self, dialect: str, other: dict[str, str]) -> list[Finding]:
        """The occurrences of the other variety's spellings in the partition."""
        ctx = self.ctx
        findings = []
        for occ in ctx.occurrences(set(other)):
            if ctx.allowed(occ.row, occ.text):
                continue
            alt = other[occ.text]
            findings.append(self.v.finding(
                ctx, occ.row, occ.field, occ.start, occ.end, "dialect",
                f"'{occ.text}' is not the {dialect.upper()} spelling: '{alt}'", alt,
            ))
        return findings


class _NameVariants:
    """Rule name-variant: a rare capitalised spelling close to a frequent one in the corpus.

    Counts are of capitalised tokens corpus-wide. A pair is reported when the rare form
    occurs at most 1/name_min_ratio as often as the frequent one (which occurs at least
    name_min_count times), they are within one edit (two for names of 8+ letters), share
    the first letter, neither is a prefix of the other (Armenia/Armenian, Korea/Korean are
    different words), the frequent form is a name (the corpus rarely writes it lower-case)
    and the rare form is not itself a common English word (`name_max_zipf`); a frequent
    form that is a common word (`name_common_zipf`) only takes one-edit variants. Of several
    frequent forms the most frequent is suggested, then the closest, then the first
    alphabetically (Canron: Cannon and Canon 10x each -> Cannon), the same in every run.
    """

    def __init__(self, validator: TyposValidator, vocab: Vocabulary, ctx: _CorpusContext | _CorpusCounts):
        self.v, self.s, self.vocab, self.ctx = validator, validator.settings, vocab, ctx

    def variants(self) -> dict[str, tuple[str, int, int]]:
        """Rare form -> (the frequent form suggested, its count, the rare form's count)."""
        from copydesk.validators.vocabulary import CandidateIndex

        s, ctx, zipf = self.s, self.ctx, self.vocab.zipf
        min_len = s["name_min_length"]
        names: dict[str, int] = {}
        for form, n in ctx.forms.items():
            if len(form) >= min_len and form[0].isupper() and form[1:].islower() and form.isalpha():
                if ctx.forms.get(form.lower(), 0) * 2 < n:
                    names[form] = n
        frequent = {f: n for f, n in names.items() if n >= s["name_min_count"]}
        if not frequent:
            return {}
        index = CandidateIndex(frequent, max_distance=2)
        variants: dict[str, tuple[str, int, int]] = {}
        for form, n in names.items():
            if form in self.v.allowed or zipf.get(form.lower(), 0.0) >= s["name_max_zipf"]:
                continue
            limit = 2 if len(form) >= 8 else 1
            best = None
            # index hits come in hash order: ties are broken by fewer edits, then alphabetically
            for other, dist in sorted(index.lookup(form, limit).items()):
                m = frequent[other]
                if m < n * s["name_min_ratio"] or other[0] != form[0]:
                    continue
                if dist > 1 and zipf.get(other.lower(), 0.0) >= s["name_common_zipf"]:
                    continue  # "Nazionali"/"National": a foreign name, not a slip
                if other.startswith(form) or form.startswith(other):
                    continue
                if best is None or (m, -dist) > (best[1], -best[2]):
                    best = (other, m, dist)
            if best:
                variants[form] = (best[0], best[1], n)
        return variants

    def findings(self, variants: dict[str, tuple[str, int, int]]) -> list[Finding]:
        """The partition's occurrences of the rare forms."""
        ctx = self.ctx
        findings = []
        for occ in ctx.occurrences(set(variants)):
            if ctx.allowed(occ.row, occ.text):
                continue
            other, m, n = variants[occ.text]
            findings.append(self.v.finding(
                ctx, occ.row, occ.field, occ.start, occ.end, "name-variant",
                f"'{occ.text}' ({n}x in the corpus) looks like a variant of '{other}' ({m}x)",
                other, related={"text": other, "count": m, "variant_count": n},
            ))
        return findings


def _qwerty_neighbours() -> frozenset[tuple[str, str]]:
    """Pairs of letters on touching keys of a QWERTY keyboard (rows staggered by 1/4, 1/2)."""
    rows = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
    offsets = (0.0, 0.25, 0.75)
    where = {ch: (c + offsets[r], r) for r, row in enumerate(rows) for c, ch in enumerate(row)}
    return frozenset(
        (a, b) for a, (xa, ya) in where.items() for b, (xb, yb) in where.items()
        if a != b and abs(ya - yb) <= 1 and abs(xa - xb) <= (1.0 if ya == yb else 0.75)
    )


KEY_NEIGHBOURS = _qwerty_neighbours()
# Letters confused by sound or spelling rule: vowels among themselves (the commonest
# substitutions in the Birkbeck and Holbrook corpora of real misspellings: seperate,
# definate, independant) and consonants with the same sound in some spelling (c/k/s, s/z, g/j,
# f/v, plus voiced/voiceless pairs d/t, b/p, and m/n).
SOUND_ALIKE = frozenset(
    {(a, b) for a in "aeiouy" for b in "aeiouy" if a != b}
    | {(a, b) for x, y in ("ck", "cs", "sz", "gj", "fv", "dt", "bp", "mn") for a, b in ((x, y), (y, x))}
)


def channel_cost(word: str, cand: str, edit: float, slip: float, similar: float,
                 omission: float = 0.0) -> float:
    """Cost (-log10 of P(typo `word` | intended `cand`)) of the cheapest edit sequence.

    A weighted optimal-string-alignment distance: each insertion, deletion, substitution or
    adjacent transposition costs `edit`, less a discount for the slips that dominate real
    misspellings (Damerau 1964; Kernighan, Church & Gale 1990; Birkbeck corpus):
    `slip` for a transposition, a doubled letter added or dropped ("untill", "atack") and
    for one letter moved a few places ("resnt", "wrold"); `similar` for substituting a
    letter on a touching key ("sbout") or one that sounds alike ("definate"); `omission`
    for any other letter left out, the commonest single error in the spelling-error
    studies (Pollock & Zamora 1984: "strng", "reportd"). Common prefix and suffix are
    stripped first, so the dynamic programme runs over the few differing letters.
    """
    la, lb = len(word), len(cand)
    p = 0
    while p < la and p < lb and word[p] == cand[p]:
        p += 1
    q = 0
    while q < la - p and q < lb - p and word[la - 1 - q] == cand[lb - 1 - q]:
        q += 1
    n, m = la - p - q, lb - p - q
    if n == 0 and m == 0:
        return 0.0

    # cost of word[i] being extra / of cand[j] missing: cheap when it doubles a neighbour
    ins = [edit - slip if (i > 0 and word[i - 1] == word[i]) or (i + 1 < la and word[i + 1] == word[i])
           else edit for i in range(p, p + n)]
    dele = [edit - slip if (j > 0 and cand[j - 1] == cand[j]) or (j + 1 < lb and cand[j + 1] == cand[j])
            else edit - omission for j in range(p, p + m)]
    if n == 0:
        return sum(dele)
    if m == 0:
        return sum(ins)
    a_mid, b_mid = word[p:p + n], cand[p:p + m]
    if n == 1 and m == 1:
        pair = (a_mid, b_mid)
        return edit - similar if pair in KEY_NEIGHBOURS or pair in SOUND_ALIKE else edit
    sub_similar = edit - similar
    # d[i][j]: cost of turning a_mid[:i] into b_mid[:j]
    prev2: list[float] = []
    prev = [0.0] * (m + 1)
    for j in range(1, m + 1):
        prev[j] = prev[j - 1] + dele[j - 1]
    for i in range(1, n + 1):
        x = a_mid[i - 1]
        row = [prev[0] + ins[i - 1]] + [0.0] * m
        for j in range(1, m + 1):
            y = b_mid[j - 1]
            if x == y:
                v = prev[j - 1]
            else:
                v = prev[j - 1] + (sub_similar if (x, y) in KEY_NEIGHBOURS or (x, y) in SOUND_ALIKE else edit)
            v2 = prev[j] + ins[i - 1]
            if v2 < v:
                v = v2
            v2 = row[j - 1] + dele[j - 1]
            if v2 < v:
                v = v2
            if i > 1 and j > 1 and x == b_mid[j - 2] and a_mid[i - 2] == y and x != y:
                v2 = prev2[j - 2] + edit - slip
                if v2 < v:
                    v = v2
            row[j] = v
        prev2, prev = prev, row
    best = prev[m]
    if n == m and n > 2 and best > edit - slip and _moved_letter(a_mid, b_mid):
        best = edit - slip
    return best


def _moved_letter(a: str, b: str) -> bool:
    """`b` is `a` with its first or last letter moved elsewhere (the stripped middles of
    two words differ exactly there: "sth"/"ths", "mr"/"rm" are moves; the rest is OSA)."""
    return a[1:] == b[:-1] and a[0] == b[-1] or a[:-1] == b[1:] and a[-1] == b[0]


def _ending(word: str) -> str:
    """The inflectional ending a word shows: plural/3rd person -s, past -ed, -ing, or ''."""
    if word.endswith("ing"):
        return "ing"
    if word.endswith("ed"):
        return "ed"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return "s"
    return ""


def _is_inflection(word: str, cand: str) -> bool:
    """The two differ only by an inflectional ending (-s, -es, -d, -ed)."""
    longer, shorter = (word, cand) if len(word) > len(cand) else (cand, word)
    return longer.startswith(shorter) and longer[len(shorter):] in INFLECTIONS


def _match_case(suggestion: str, original: str) -> str:
    if original[:1].isupper():
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion
