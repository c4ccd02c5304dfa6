"""Attribution: quotes, claims and figures whose source the reader cannot tell.

Journalism's first rule is that a reader can tell who says so (AP Stylebook,
"attribution"; Reuters Handbook of Journalism, "sourcing"). Five rules, over the
sentences of the lede and body:

* ``unattributed-quote`` -- a direct quotation (straight, curly, ``''...''`` or
  guillemet marks; it may run over several sentences and, AP style, over several
  paragraphs) with no reporting cue outside the quotation marks in its own sentences,
  in the ``quote_context_before`` sentences before it in the same paragraph (the
  speaker of '"A," he said. "B."'), or within the first ``quote_after_lead_words``
  words of the ``quote_context_after`` sentences after it ('"Who pays?" Trump went
  on.'), and no ``Speaker: "..."`` colon introduction. A new quote-led paragraph
  needs its own speaker (AP: a quote running on into the next paragraph leaves the
  first one open; a closed quote followed by a new one is a new quotation) unless
  ``quote_carry_paragraphs`` lets the previous paragraph's speaker carry over -- or the
  previous paragraph is itself one attributed quotation from end to end ("The
  minister said:" then two quoted paragraphs; ``quote_carry_whole_paragraphs``).
  A pronoun continuation cue ("he added", "she continued", "he also said") names no
  speaker: it attributes only when a cue before it names one, otherwise the first
  attribution was cut and the quotation is flagged (``continuation_lookback``).
  Quoted text of fewer than ``min_quote_words`` words is a scare quote or a term
  ("saboteurs", "wounded"), and quoted titles, slogans and names ("a group called
  "...", all words capitalised) are not quotations of a speaker.
* ``unbalanced-quote`` (warning; info when the only evidence is a closing mark missing
  at the end of a paragraph) -- a quotation mark that opens and never closes (or
  closes with nothing open). Reported as its own rule rather than crashing (textacy's
  quotation extractor raises on unbalanced marks). Newsroom conventions are not
  breakage (``_scan_quotes``): a quote running over paragraphs reopens each one (AP),
  also when text extraction joined those paragraphs into one line; quotes inside
  quotes, straight and curly marks, curly marks typed the wrong way round, wire
  copy's '"' apostrophes ('Kuwait"s') and inch marks are handled.
* ``unattributed-claim`` -- a sentence stating a checkable assertion of one of the
  kinds in ``claim_kinds`` (casualty counts, accusations of wrongdoing, optionally
  declarations of certainty, money figures and statistics; lists in
  attribution_lexicon.py) with no reporting cue outside quotation marks in the
  sentence or anywhere in its paragraph (in the sentence itself for the
  ``sentence_scope_kinds``). Everything else -- dates, places, ages, durations,
  descriptions of events ("the two former Soviet states") -- is taken as the
  reporter's own verifiable description and never flagged.
* ``dropped-attribution`` -- a sentence that another version of the same story in the
  corpus states with its source ("..., officials said") and this one without it
  (attribution_versions.py). It replaces a quote or claim finding on the same sentence:
  its message names the cut source and its ``related`` span is the other version's
  sentence. ``compare_versions=false`` turns it off.
* ``vague-source`` (warning) -- anonymous or evasive sourcing: "reportedly", "it is
  believed", "sources said", "officials say", "experts believe", "according to
  reports" (WP:WEASEL, AP's guidance on anonymous sources). A source noun is vague
  only when bare ("Officials said", "..., sources said"), not when named or placed
  ("U.S. officials said") or referring back ("the officials said").

The cue lexicon (REPORTING_VERBS and SOURCE_PHRASES in attribution_lexicon.py, with
their provenance) is matched as whole words, case-insensitively, and only outside
quotation marks: a quoted "I said no" does not attribute its own quotation.

Tuning (benchmarks/attribution_eval.py, dev set, every figure also on two halves split
by article group; README numbers in the lead's report): on the edited copies of the dev
set, whose published versions are in the same corpus, dropped-attribution finds 0.99 of
the cut sources with no flag on attributed sentences or clean copy. Checked alone, the
edited copies show 0.34 of them, nearly all through the quotation rule, and that is
close to what one article can show under the context rules above: 219 of the 533 cut
sentences are covered by a cue those rules accept (a quote whose speaker is named in the
sentence before or after it, a claim whose paragraph says "said" or "according to"
elsewhere), so no rule that honours that context finds more than 0.59 of them; of the
rest, 179 are found and 135 (125 of them claims with no quotation) are missed. Measured
and rejected for those (counts over the 128 cut sentences with no cue in their paragraph
against the 3,763 such sentences of clean.jsonl): a pronoun-led one-sentence paragraph (11 for 20), "he/she/they" with
"would/will/should" (6 for 6), a leftover "and that" clause (6 for 3), predictions and
evaluations stated as fact ("would trigger", "is a mistake"; 3 for 5), and a logistic
regression over 37 general features (modals, tense, pronouns, evaluative and hedging
words, paragraph shape, the next sentence's cue) trained on one half: 10 of 64 cut
sentences of the other half for 20 clean flags, i.e. +0.03 recall for +0.7 findings
per 10k words, so no model is shipped. A quote-led paragraph taking its speaker from a
cue in the previous paragraph (``quote_context_previous_paragraph=1``) halves the
standalone recall (0.34 -> 0.17): an edited copy's '"...," he added' cut to '"..."'
is exactly that shape; ``quote_carry_paragraphs=1`` costs 0.06. ``claim_kinds`` leaves
out ``perception`` (+0.09 recall on PolNeAR's no-source sentences for +1 finding per
10k words of clean copy), ``money`` and ``statistic`` (+0.01 recall each for +10 to +14
findings per 10k words: most figures in wire copy are the reporter's own data).
Accusations include provocation and lying stated as fact ("provoked by", "lied"; no
cost on clean copy); a bare "attacked" is left out (+4 clean flags, no cut source
found: in political copy it is mostly a verbal attack).

No NLP library is used: spaCy's parser would find speakers better but costs two
orders of magnitude in speed (about 10k words/s against the 300k words/s budget)
and its English models are a separate download; all matching here is compiled
regular expressions over whole field texts with positions mapped to sentences by
binary search.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from copydesk.model import Finding
from copydesk.validators import attribution_lexicon as lex
from copydesk.validators import attribution_versions as versions
from copydesk.settings import FamilySettings, setting
from copydesk.validators.base import Decision, ExpectationSpec, Rule, SourceShare, Statistic, Validator, register
from copydesk.validators.text import lowercase, trie_pattern

if TYPE_CHECKING:
    from copydesk.corpus.tables import Corpus


def phrase_regex(phrases) -> re.Pattern[str]:
    """Whole-word match of any of the lower-case `phrases` (on lowercased text); a phrase
    that starts with an apostrophe attaches to the word before it ("in Bolton’s view").

    A leading ``\b`` does both (before a letter it needs a non-word character, before an
    apostrophe a word character) and is about 1.6x faster in `re` than the equivalent
    look-behind alternation, with the same matches on perf.jsonl."""
    return re.compile(r"\b(?:" + trie_pattern(sorted(set(phrases))) + r")(?![\w])")


# Quotation marks: straight, curly, doubled apostrophes/backticks (NYT and PTB style),
# low-9 and guillemets. Single curly quotes are left out: ’ is also the apostrophe.
_QUOTE_MARK = re.compile(r"``|''|[\"“”„«»]")
_OPENERS = frozenset(("“", "„", "``", "«"))
_CLOSERS = frozenset(("”", "»"))
_PARA_LEAD = " \t\u00a0-–—•*>("  # what may stand before a paragraph's reopening mark
_SENTENCE_END = re.compile(r"[.?!…]\s+\Z")  # before a mark that opens a sentence
_PRONOUN_BEFORE = re.compile(r"\b(?:he|she|they)\s+(?:also\s+|later\s+|then\s+|further\s+)?\Z")
_FEET = re.compile(r"\d['’]\s?\d{1,2}\Z")  # the 6'2 of a height 6'2" (then " is an inch mark)
_CAP_WORD = re.compile(r"[^\W\d_][\w'’\-]{3,}")
_TOKEN = re.compile(r"[\w'’][\w'’.,/\-]*")
_YEAR = re.compile(r"(?:1[89]|20)\d\d(?:s|/\d\d)?\Z")
_FIGURE_AFTER = re.compile(
    r"\s+(?:(?:at least|more than|nearly|almost|about|some|over|up to|an estimated|around|as many as|of|at|to|stood at|rose to|reached|climbed to)\s+)*"
    r"(\d[\d,.]*|[a-z]+)"
)


def _is_figure(token: str) -> bool:
    """A count: digits (not a year, a time, an ordinal or a compound such as
    '6-year-old') or a number word."""
    token = token.strip(".,")
    if token[:1].isdigit():
        return (not _YEAR.match(token) and token[-2:] not in ("st", "nd", "rd", "th")
                and ":" not in token and not any(c.isalpha() for c in token))
    return token in lex.NUMBER_WORDS


def _counts(tokens: list[str]) -> bool:
    """Whether some token is a figure not followed by a unit of time or rate."""
    return any(
        _is_figure(tok) and (j + 1 == len(tokens) or tokens[j + 1].strip(".,") not in lex.NOT_COUNT_UNITS)
        for j, tok in enumerate(tokens)
    )


class _Text:
    """One field of one article: its text, sentences and paragraphs, with position
    look-ups (binary search over sentence starts)."""

    __slots__ = ("article_id", "field", "text", "low", "starts", "ends", "para", "para_first", "para_last")

    def __init__(self, article_id, field_name, text, starts, ends, paras):
        self.article_id, self.field, self.text = article_id, field_name, text
        self.low = lowercase(text)
        self.starts, self.ends = starts, ends
        # paragraph ordinal (0..P-1) of each sentence, first/last sentence of each paragraph
        self.para: list[int] = []
        self.para_first: list[int] = []
        self.para_last: list[int] = []
        prev = None
        for i, p in enumerate(paras):
            if p != prev:
                if self.para_first:
                    self.para_last.append(i - 1)
                self.para_first.append(i)
                prev = p
            self.para.append(len(self.para_first) - 1)
        if self.para_first:
            self.para_last.append(len(paras) - 1)

    def sent_of(self, pos: int) -> int:
        return max(0, bisect_right(self.starts, pos) - 1)

    def para_span(self, p: int) -> tuple[int, int]:
        return self.starts[self.para_first[p]], self.ends[self.para_last[p]]


@register
class AttributionValidator(Validator):
    """Unattributed quotations and claims, unbalanced quotation marks, vague sources."""

    check = "attribution"
    table = "sentences"
    expectation = ExpectationSpec(
        "ExpectSentencesToBeAttributed",
        "Quotes, claims and figures name who says so.",
        "quotes, claims and figures must name their source (\"said\", \"according to\", ...) "
        "in the sentence or its paragraph, and keep the source other versions of the story give",
    )
    rules = {
        "unattributed-quote": Rule(
            "unattributed-quote", "error",
            "A direct quotation with no speaker: no reporting cue (said, told, according "
            "to, ...) in its sentence or the sentence next to it, and no 'Name:' introduction.",
            "Readers must be able to tell who is speaking; a quote without a speaker cannot "
            "be checked or weighed, and often means the attribution was cut in editing.",
            '"Any candidate I can stand next to, I will stand next to them."',
        ),
        "unbalanced-quote": Rule(
            "unbalanced-quote", "warning",
            "A quotation mark that opens and never closes, or closes with nothing open "
            "(a quote running on into the next paragraph that reopens is fine, also when "
            "the paragraphs were joined into one line; severity info when the only "
            "evidence is a closing mark missing at the end of a paragraph).",
            "An unclosed quote leaves the reader unsure where the speaker's words end and "
            "the reporter's begin; it usually marks a cut or a paste error.",
            '"We will respond, he said.',
        ),
        "unattributed-claim": Rule(
            "unattributed-claim", "error",
            "A sentence stating a checkable claim (a casualty count, an accusation, "
            "and optionally money figures, statistics or declarations of certainty) "
            "with no source in the sentence or its paragraph.",
            "Contested figures and accusations must say who makes them; stated bare they "
            "become the publication's own claim.",
            "49 Armenian soldiers were killed while repelling the attack.",
        ),
        "dropped-attribution": Rule(
            "dropped-attribution", "error",
            "A sentence that another version of the same story in the corpus (a rewrite, "
            "an update, a republished or edited copy) states with its source, and this "
            "one states without it.",
            "A source cut in editing turns a sourced claim into the publication's own; "
            "the other version shows who said it.",
            "She had no plans to yell anything. (other version: She said she had no plans ...)",
        ),
        "vague-source": Rule(
            "vague-source", "warning",
            "Anonymous or evasive sourcing: 'reportedly', 'sources said', 'officials say', "
            "'it is believed', 'experts believe', 'according to reports'.",
            "A vague source gives the reader no way to judge the claim; name the source or "
            "say why it cannot be named.",
            "The minister reportedly resigned.",
        ),
    }
    @dataclass(frozen=True)
    class Settings(FamilySettings):
        """Where a default comes from is said after its doc; AP = AP Stylebook, "quotations"."""

        fields: list[str] = setting(["lede", "body"], "article fields checked")
        min_quote_words: int = setting(4, "quotations shorter than this are scare quotes or terms, not a speaker's words")
        quote_context_before: int = setting(1, "sentences before a quotation (same paragraph) searched for its speaker")
        quote_context_after: int = setting(1, "sentences after a quotation (same paragraph) searched for its speaker")
        quote_after_lead_words: int = setting(
            4, "a following sentence attributes a quotation only if its cue comes within its first this-many words",
            "'\"Who pays?\" Trump went on.' is split after the question mark")
        quote_carry_paragraphs: int = setting(
            0, "a quote-led paragraph continues the speaker of an attributed quotation this many paragraphs back "
               "(0 = never)", "AP: a new paragraph of quotation is attributed unless the quote runs on")
        quote_carry_whole_paragraphs: bool = setting(
            True, "a paragraph that is one attributed quotation passes its speaker to a quote-led paragraph right "
                  "after it", "no narrative stands between them, so the speaker cannot have changed")
        quote_context_previous_paragraph: int = setting(
            0, "a quote-led paragraph takes its speaker from a cue in the last this-many sentences of the previous "
               "paragraph (0 = only a colon introduction does)")
        skip_title_case_quotes: bool = setting(True, "quotations whose words (4+ letters) are all capitalised are "
                                                     "titles or slogans")
        continuation_lookback: int | None = setting(
            0, "a pronoun continuation cue (\"he added\") attributes only when a cue within this many sentences "
               "before it names a speaker (0 = anywhere before; None turns the test off)",
            "otherwise the first attribution was cut")
        claim_kinds: list[str] = setting(["casualty", "accusation"], "kinds of claim that need a source: casualty, "
                                         "accusation, perception, money, statistic")
        sentence_scope_kinds: list[str] = setting(
            ["perception"], "claim kinds whose source must be in the sentence itself (the others: its paragraph)",
            "a perception's holder is named where it is stated")
        casualty_window_words: int = setting(6, "a casualty count's figure stands at most this many words before "
                                                "the term")
        report_unbalanced: bool = setting(True, "report unbalanced quotation marks")
        report_vague: bool = setting(True, "report vague sources")
        compare_versions: bool = setting(True, "compare versions of one story in the corpus (attribution_versions.py)")
        version_min_shared: int = setting(versions.DEFAULTS["min_shared"],
                                          "two articles are versions when they share this many identical sentences")
        version_min_pair_words: int = setting(versions.DEFAULTS["min_pair_words"],
                                              "... of at least this many words")
        version_max_fanout: int = setting(versions.DEFAULTS["max_fanout"],
                                          "a sentence in more articles than this (a stock line) pairs none",
                                          "keeps the pairing linear in corpus size")
        version_min_words: int = setting(versions.DEFAULTS["min_words"],
                                         "shorter sentences are not compared for a dropped source")
        version_containment: float = setting(versions.DEFAULTS["containment"],
                                             "share of a sentence's words the sourced version must contain, in order")

    source_shares = (SourceShare("source_unattributed_share", "unattributed_claims", "attribution_candidates"),)
    article_columns = ("attribution_candidates", "unattributed_claims", "vague_sources", "attributed_share")
    CLAIM_KINDS = ("casualty", "accusation", "perception", "money", "statistic")

    def __init__(self, **settings: Any):
        super().__init__(**settings)
        kinds = list(self.settings["claim_kinds"])
        unknown = set(kinds) - set(self.CLAIM_KINDS)
        if unknown:
            raise TypeError(f"attribution: unknown claim kind(s) {', '.join(sorted(unknown))}")
        self._cue = phrase_regex(lex.REPORTING_VERBS + lex.SOURCE_PHRASES)
        self._bare_vague = {f"{n} {v}" for n in lex.VAGUE_NOUNS for v in lex.VAGUE_VERBS}
        self._cut_cue = phrase_regex(lex.CUT_CUES)
        self._vague = phrase_regex(lex.VAGUE_PHRASES + tuple(self._bare_vague))
        self._claim_kind: dict[str, str] = {}
        for kind, phrases in (("casualty", lex.CASUALTY_TERMS), ("accusation", lex.ACCUSATION_PHRASES),
                              ("perception", lex.PERCEPTION_PHRASES)):
            if kind in kinds:
                self._claim_kind.update(dict.fromkeys(phrases, kind))
        self._claim = phrase_regex(self._claim_kind) if self._claim_kind else None
        self._claim_regex = [(k, re.compile(p)) for k, p in (("money", lex.MONEY_PATTERN),
                                                             ("statistic", lex.STATISTIC_PATTERN)) if k in kinds]
        naming = "|".join(re.escape(w) for w in lex.NAMING_WORDS)
        self._naming = re.compile(r"\b(?:" + naming + r")\s*[,:]?\s*\Z")

    # ------------------------------------------------------------------ statistics
    def statistics(self) -> list[Statistic]:
        """Story versions (attribution_versions.py): identical long sentences pair articles,
        then the sentences of paired articles give the dropped sources."""
        if not self.settings["compare_versions"]:
            return []
        opts = self._version_options()
        return [
            Statistic("shared_sentences",
                      lambda part, stats: versions.sentence_signatures(self._field_sentences(part),
                                                                       opts["min_pair_words"]),
                      keys=("h",), sums=("n",), gather="a", having=("n", 2, opts["max_fanout"]),
                      finish=lambda frame, stats: versions.pairs_from_groups(frame["a"], opts["min_shared"])),
            Statistic("dropped",
                      lambda part, stats: versions.paired_sentences(self._field_sentences(part),
                                                                    stats["shared_sentences"], part.articles),
                      keys=versions.SENTENCE_KEYS,
                      finish=lambda frame, stats: versions.dropped_by_article(
                          frame, stats["shared_sentences"], self._cut_cue, **opts)),
        ]

    def _version_options(self) -> dict[str, Any]:
        return {k[len("version_"):]: v for k, v in self.settings.items() if k.startswith("version_")}

    # ------------------------------------------------------------------ decision
    def decide(self, part: Corpus, stats) -> Decision:
        findings: list[Finding] = []
        candidates: dict[str, int] = {}  # article_id -> attributable units (see _columns)
        files = dict(zip(part.articles["id"].tolist(), part.articles["file"].tolist()))
        for t in self._texts(part):
            found, n = self._check(t)
            candidates[t.article_id] = candidates.get(t.article_id, 0) + n
            for rule, start, end, message, *severity in found:
                findings.append(Finding(
                    article_id=t.article_id, check=self.check, rule=rule, field=t.field,
                    start=start, end=end, text=t.text[start:end], message=message,
                    severity=severity[0] if severity else self.severity(rule), file=files.get(t.article_id),
                ))
        if self.settings["compare_versions"]:
            findings = self._dropped(part, findings, files, candidates, stats["dropped"])
        findings.sort(key=lambda f: (f.article_id, f.field, f.start))
        return Decision(findings, self._columns(part, findings, candidates))

    def _dropped(self, part: Corpus, findings: list[Finding], files, candidates,
                 dropped_sources: dict[str, list]) -> list[Finding]:
        """dropped-attribution findings of the partition's articles; they replace a
        quote/claim finding on the same sentence, whose message says less."""
        dropped = []
        texts = part.articles.drop_duplicates("id").set_index("id")
        for article_id in texts.index:
            for d in dropped_sources.get(article_id, ()):
                cut = d.cut if len(d.cut) <= 100 else d.cut[:99].rstrip() + "…"
                dropped.append(Finding(
                    article_id=d.article_id, check=self.check, rule="dropped-attribution", field=d.field,
                    start=d.start, end=d.end, text=texts.at[d.article_id, d.field][d.start:d.end],
                    message=f"source dropped: article {d.other_id} has this sentence with “{cut}”",
                    severity=self.severity("dropped-attribution"), file=files.get(d.article_id),
                    related={"article_id": d.other_id, "file": d.other_file, "field": d.other_field,
                             "start": d.other_start, "end": d.other_end, "text": d.other_text},
                ))
        if not dropped:
            return findings
        spans: dict[tuple[str, str], list[tuple[int, int]]] = {}
        for f in dropped:
            spans.setdefault((f.article_id, f.field), []).append((f.start, f.end))
        replaced = {"unattributed-quote", "unattributed-claim"}
        kept = []
        for f in findings:
            if f.rule in replaced and any(s < f.end and f.start < e for s, e in spans.get((f.article_id, f.field), ())):
                candidates[f.article_id] -= 1  # its unit is counted once, with the dropped finding
                continue
            kept.append(f)
        for f in dropped:
            candidates[f.article_id] = candidates.get(f.article_id, 0) + 1
        return kept + dropped

    def _field_sentences(self, corpus: Corpus) -> pd.DataFrame:
        """The corpus's sentences in the configured fields."""
        sents = corpus.sentences
        return sents[sents["field"].isin(self.settings["fields"])]

    def _texts(self, corpus: Corpus):
        """A _Text per (article, field) that has sentences, fields as configured."""
        sents = self._field_sentences(corpus)
        if sents.empty:
            return
        sents = sents.sort_values(["field", "article_id", "start"], kind="stable")
        art = corpus.articles.drop_duplicates("id").set_index("id")
        texts = {f: art[f].to_dict() for f in self.settings["fields"]}
        ids = sents["article_id"].tolist()
        fields = sents["field"].tolist()
        starts = sents["start"].tolist()
        ends = sents["end"].tolist()
        paras = sents["paragraph"].tolist()
        keys = list(zip(fields, ids))
        a = 0
        n = len(keys)
        for b in range(1, n + 1):
            if b == n or keys[b] != keys[a]:
                f, art_id = keys[a]
                yield _Text(art_id, f, texts[f][art_id], starts[a:b], ends[a:b], paras[a:b])
                a = b

    # ------------------------------------------------------------------ one text
    def _check(self, t: _Text) -> tuple[list[tuple], int]:
        """Findings (rule, start, end, message[, severity when not the rule's]) for one
        field, and its number of attributable units (quotations of a speaker + claim
        sentences)."""
        n = len(t.starts)
        quotes, unbalanced, masked = self._scan_quotes(t)
        mask_starts = [s for s, _ in masked]

        def matches(rx: re.Pattern[str]):
            """(match, sentence index) of each match of `rx` in the lowercased text
            that starts outside quotation marks."""
            for m in rx.finditer(t.low):
                pos = m.start()
                k = bisect_right(mask_starts, pos) - 1
                if k < 0 or pos >= masked[k][1]:
                    yield m, t.sent_of(pos)

        cue_at: list[int] = [-1] * n  # first cue outside quotation marks, per sentence
        names = [False] * n  # some cue of the sentence names its speaker (not "he added")
        for m, i in matches(self._cue):
            if cue_at[i] < 0:
                cue_at[i] = m.start()
            if not names[i] and not self._continues(t.low, m):
                names[i] = True
        orphans = self._orphans(cue_at, names)
        for i in orphans:
            cue_at[i] = -1
        cue_sent = [c >= 0 for c in cue_at]
        cue_para = [False] * len(t.para_first)
        for i in range(n):
            if cue_sent[i]:
                cue_para[t.para[i]] = True

        found: list[tuple] = []
        covered = [False] * n  # sentences already carrying a finding about sourcing
        vague_sent = self._vague_sources(t, matches, found) if self.settings["report_vague"] else set()
        if self.settings["report_unbalanced"]:
            for pos, severity in unbalanced:
                i = t.sent_of(pos)
                if covered[i]:
                    continue
                covered[i] = True
                message = (f"quotation mark {t.text[pos]!r} at offset {pos} is not closed by the end of its paragraph"
                           if severity == "info" else
                           f"quotation mark {t.text[pos]!r} at offset {pos} is never closed (or never opened)")
                found.append(("unbalanced-quote", t.starts[i], t.ends[i], message, severity))
        candidates, quote_sent = self._quotes(t, quotes, cue_at, covered, found, set(orphans))
        claims = self._claims(t, matches)
        sentence_scope = self.settings["sentence_scope_kinds"]
        for i, kind in claims.items():
            if quote_sent[i]:
                continue  # the quotation rule already judged this sentence's source
            candidates += 1
            in_context = cue_para[t.para[i]] and kind not in sentence_scope
            if cue_sent[i] or i in vague_sent or in_context or covered[i]:
                continue
            found.append(("unattributed-claim", t.starts[i], t.ends[i],
                          f"{kind} claim with no source in the sentence or its paragraph"))
        return found, candidates

    def _continues(self, low: str, m: re.Match[str]) -> bool:
        """Whether cue `m` only continues an earlier speaker: a continuation verb ("he
        added", "she continued", "they went on") or "also said" with a pronoun subject."""
        cue = m.group()
        if cue not in lex.CONTINUATION_CUES and not (
                cue in lex.SAY_FORMS and low.endswith("also ", 0, m.start())):
            return False
        return bool(_PRONOUN_BEFORE.search(low, max(0, m.start() - 24), m.start()))

    def _orphans(self, cue_at: list[int], names: list[bool]) -> list[int]:
        """Sentences whose only cues continue a speaker ("he added") when no cue in the
        ``continuation_lookback`` sentences before them (0: in the field) names one:
        the first attribution was cut, so "he added" attributes nothing."""
        back = self.settings["continuation_lookback"]
        if back is None:
            return []
        back = back or len(cue_at)
        out = []
        last_named = -10**9
        for i, c in enumerate(cue_at):
            if c >= 0 and not names[i] and i - last_named > back:
                out.append(i)
            if names[i]:
                last_named = i
        return out

    def _vague_sources(self, t: _Text, matches, found) -> set[int]:
        """vague-source findings; returns the sentences that have one."""
        sents: set[int] = set()
        for m, i in matches(self._vague):
            if i in sents:
                continue
            pos = m.start()
            if m.group() in self._bare_vague and not self._bare(t.low, t.starts[i], pos):
                continue
            sents.add(i)
            found.append(("vague-source", pos, m.end(), f"vague source '{t.text[pos:m.end()]}': name who says so"))
        return sents

    @staticmethod
    def _bare(low: str, sent_start: int, pos: int) -> bool:
        """Whether the source noun at `pos` stands bare: only vague determiners between
        it and the start of its clause ("Officials said", "but some senior officials
        say"), not a name or a place ("U.S. officials said", "Pentagon officials said")."""
        words = low[max(sent_start, pos - 60):pos].split()
        if pos - 60 > sent_start:
            words = words[1:]  # the first one may be cut
        while words and words[-1] in lex.VAGUE_DETERMINERS:
            words.pop()
        if not words:
            return True
        last = words[-1]
        return last in lex.VAGUE_CLAUSE_WORDS or last[-1] in ",;:(—–\"“”'"

    def _quotes(self, t: _Text, quotes, cue_at, covered, found, orphans: set[int]) -> tuple[int, list[bool]]:
        """unattributed-quote findings; returns the number of quotations of a speaker
        and which sentences carry one. `orphans` are the sentences whose "he added"
        follows no named speaker (their cue was dropped from `cue_at`)."""
        n = len(t.starts)
        before = self.settings["quote_context_before"]
        after = self.settings["quote_context_after"]
        lead = self.settings["quote_after_lead_words"]
        carry = self.settings["quote_carry_paragraphs"]
        whole = self.settings["quote_carry_whole_paragraphs"]
        prev_para = self.settings["quote_context_previous_paragraph"]
        attributed_para: set[int] = set()
        whole_para: set[int] = set()  # paragraphs that are one attributed quotation, end to end
        quote_sent = [False] * n
        candidates = 0
        for qs, qe in quotes:
            if not self._is_speech(t, qs, qe):
                continue
            candidates += 1
            i0, i1 = t.sent_of(qs), t.sent_of(qe - 1)
            for i in range(i0, i1 + 1):
                quote_sent[i] = True
            p0, p1 = t.para[i0], t.para[i1]
            lo = max(i0 - before, t.para_first[p0])
            hi = min(i1 + after, t.para_last[p1])
            ok = (
                any(c >= 0 for c in cue_at[lo:i1 + 1])
                or any(0 <= cue_at[j] and len(t.text[t.starts[j]:cue_at[j]].split()) <= lead
                       for j in range(i1 + 1, hi + 1))
                or self._colon_intro(t, qs, i0, p0)
            )
            opens_para = qs == t.para_span(p0)[0]
            if not ok and opens_para:
                ok = (p0 - 1 in whole_para
                      or (carry and any(p in attributed_para for p in range(max(0, p0 - carry), p0)))
                      or (prev_para and p0 > 0 and any(
                          c >= 0 for c in cue_at[max(t.para_first[p0 - 1], i0 - prev_para):i0])))
            if ok:
                attributed_para.update(range(p0, p1 + 1))
                if whole and opens_para and not t.text[qe:t.para_span(p1)[1]].strip():
                    whole_para.add(p1)
                continue
            for i in range(i0, i1 + 1):
                covered[i] = True
            if orphans.intersection(range(lo, hi + 1)):
                message = "direct quotation whose 'he added' follows no named speaker: the attribution was cut?"
            else:
                message = "direct quotation with no speaker: say who said it"
            found.append(("unattributed-quote", qs, qe, message))
        return candidates, quote_sent

    def _claims(self, t: _Text, matches) -> dict[int, str]:
        """Sentences stating a claim of an enabled kind -> the kind (first found)."""
        claims: dict[int, str] = {}
        if self._claim is not None:
            for m, i in matches(self._claim):
                if i in claims:
                    continue
                kind = self._claim_kind[m.group()]
                if kind == "casualty" and not self._casualty_count(t.low, t.starts[i], t.ends[i], m.start(), m.end()):
                    continue
                claims[i] = kind
        for kind, rx in self._claim_regex:
            for _, i in matches(rx):
                claims.setdefault(i, kind)
        return claims

    def _casualty_count(self, low: str, s: int, e: int, ts: int, te: int) -> bool:
        """Whether the casualty term at [ts, te) comes with a count: a figure a few words
        before it in the sentence ("49 Armenian soldiers were killed") or right after it
        ("killing at least 12", "a death toll of 300")."""
        window = self.settings["casualty_window_words"]
        if _counts(_TOKEN.findall(low, max(s, ts - 12 * window), ts)[-window:]):
            return True
        m = _FIGURE_AFTER.match(low, te, e)
        return bool(m) and _counts(_TOKEN.findall(low, m.start(1), min(e, m.end(1) + 20))[:2])

    # ------------------------------------------------------------------ quotes
    def _scan_quotes(self, t: _Text):
        """Pair quotation marks paragraph by paragraph.

        Returns (quotes, unbalanced, masked): outermost quotations as (open, close_end)
        spans, marks that never pair as (position, severity), and the spans to treat
        as quoted text when looking for cues (the quotations, plus the rest of the
        paragraph after an opening mark that never closes).

        Straight marks and doubled apostrophes are ambiguous, so a mark's direction
        is read from its neighbours: after a space and before a word it opens
        (nesting inside an open quotation: 'tweeted, "Reporting that he shouted
        "Allah hu Akbar!" as ..."'), otherwise it closes. A mark between two letters
        or after a digit is an apostrophe or an inch sign (wire copy's 'Kuwait"s'),
        except that a mark after a digit closes an open quotation when no word follows
        it and it is not a height's inches ('tweeted, "Thank you Indiana! #Trump2016"
        on Friday' against '"He is 6'2" tall," she said'). A straight mark shaped
        as a closer (after a word, before a space) with nothing open closes nothing
        (a warning), except after an "s", where wire copy types a plural possessive
        with it ('the United States" oil'). A curly mark typed the
        wrong way round is read by its neighbours too ('the film “Frozen“ and',
        'aides ”get close'): a slip of typing, not a broken quotation.

        Newsroom conventions for long quotations (AP Stylebook, "quotation marks":
        each paragraph of a quotation opens with a mark and only the last one closes):

        * a paragraph whose quotation is still open and the next paragraph opening
          with a quotation mark is one quotation running on;
        * the same inside one line, where text extraction joined such paragraphs
          ('... for the clinic. "We will appeal ...'): an opening mark at the start of
          a sentence while a quotation is open continues it (a nested quotation starts
          inside a sentence: 'he said "no" twice');
        * a quotation left open at the end of a paragraph that the next paragraph does
          not continue is still reported, at severity ``info`` (a closing mark is
          missing and nothing else is wrong); a closing mark with nothing open, or a
          nested quotation left open, is a ``warning`` (real breakage).
        """
        text = t.text
        quotes: list[tuple[int, int]] = []
        unbalanced: list[tuple[int, str]] = []
        masked: list[tuple[int, int]] = []
        marks = [(m.start(), m.group()) for m in _QUOTE_MARK.finditer(text)]
        if not marks:
            return quotes, unbalanced, masked
        size = len(text)
        k = 0
        stack: list[int] = []  # positions of open marks, outermost first
        open_end = 0
        for p in range(len(t.para_first)):
            ps, pe = t.para_span(p)
            here = []
            while k < len(marks) and marks[k][0] < pe:
                if marks[k][0] >= ps:
                    here.append(marks[k])
                k += 1
            if stack:
                if here and here[0][1] not in _CLOSERS and not text[ps:here[0][0]].strip(_PARA_LEAD):
                    stack = stack[:1]  # AP: a quote running on reopens each paragraph
                    here = here[1:]
                else:
                    unbalanced.append((stack[0], "info" if len(stack) == 1 else "warning"))
                    masked.append((stack[0], open_end))
                    stack = []
            for pos, mark in here:
                after = pos + len(mark)
                prev_ch = text[pos - 1] if pos > 0 else " "
                next_ch = text[after] if after < size else " "
                if mark in ('"', "''") and (
                    (prev_ch.isalpha() and next_ch.isalpha())
                    or (prev_ch.isdigit() and (not stack or next_ch.isalnum() or _FEET.search(text, max(0, pos - 8), pos)))
                ):
                    continue  # apostrophe or inch mark
                opener_like = not prev_ch.isalnum() and not next_ch.isspace() and next_ch not in ".,;:!?"
                closer_like = not prev_ch.isspace()
                if mark in _OPENERS:
                    opens = not (stack and closer_like and not opener_like)
                elif mark in _CLOSERS:
                    opens = not stack and opener_like and not closer_like
                elif not stack and closer_like and not opener_like:
                    if prev_ch == "s" and next_ch.isspace():
                        continue  # wire copy's plural possessive ('the United States" oil')
                    unbalanced.append((pos, "warning"))  # closes with nothing open
                    continue
                else:
                    opens = not stack or (opener_like and not closer_like)
                if opens:
                    if len(stack) == 1 and _SENTENCE_END.search(text, max(ps, pos - 4), pos):
                        continue  # extraction joined the paragraphs of a running quote
                    stack.append(pos)
                elif stack:
                    start = stack.pop()
                    if not stack:
                        quotes.append((start, after))
                else:
                    unbalanced.append((pos, "warning"))  # closes with nothing open
            open_end = pe
        if stack:
            unbalanced.append((stack[0], "info" if len(stack) == 1 else "warning"))
            masked.append((stack[0], open_end))
        masked.extend(quotes)
        masked.sort()
        return quotes, unbalanced, masked

    def _is_speech(self, t: _Text, qs: int, qe: int) -> bool:
        """Whether the quoted text is a speaker's words rather than a scare quote,
        a term, a title or a name."""
        inner = _QUOTE_MARK.sub(" ", t.text[qs:qe])
        if len(inner.split()) < self.settings["min_quote_words"]:
            return False
        if self.settings["skip_title_case_quotes"]:
            words = _CAP_WORD.findall(inner)
            if words and all(w[0].isupper() for w in words):
                return False
        return not self._naming.search(t.low, max(0, qs - 30), qs)

    @staticmethod
    def _colon_intro(t: _Text, qs: int, i0: int, p0: int) -> bool:
        """`Speaker: "..."` in the same sentence, or a paragraph introduced by a colon."""
        if t.text[t.starts[i0]:qs].rstrip().endswith(":"):
            return True
        return p0 > 0 and qs == t.para_span(p0)[0] and t.text[: t.para_span(p0 - 1)[1]].endswith(":")

    # ------------------------------------------------------------------ per-article columns
    def _columns(self, part: Corpus, findings: list[Finding], candidates: dict[str, int]) -> pd.DataFrame:
        """Per-article attribution columns, which suites may set expectations on:

        * ``attribution_candidates`` -- quotations of a speaker + sentences with a claim
          of an enabled kind (the units that need a source);
        * ``unattributed_claims`` -- how many of them have none (unattributed-quote,
          unattributed-claim and dropped-attribution findings);
        * ``vague_sources`` -- vague-source findings;
        * ``attributed_share`` -- 1 - unattributed / candidates (1.0 with no candidates);
        * ``source_unattributed_share`` (SourceShare, pooled by the engine) -- the same
          ratio over the article's source, so a suite can bound each outlet's share.
        """
        ids = part.articles["id"].astype(str).drop_duplicates()
        counts = pd.DataFrame({"id": [f.article_id for f in findings], "rule": [f.rule for f in findings]})
        unattributed = counts[counts["rule"].isin(["unattributed-quote", "unattributed-claim", "dropped-attribution"])].groupby("id").size()
        vague = counts[counts["rule"] == "vague-source"].groupby("id").size()
        cand = ids.map(pd.Series(candidates, dtype="int64")).fillna(0).astype("int64")
        una = ids.map(unattributed).fillna(0).astype("int64")
        share = np.where(cand > 0, 1.0 - una / cand.where(cand > 0, 1), 1.0)
        return pd.DataFrame({
            "id": ids.to_numpy(),
            "attribution_candidates": cand.to_numpy(),
            "unattributed_claims": una.to_numpy(),
            "vague_sources": ids.map(vague).fillna(0).astype("int64").to_numpy(),
            "attributed_share": np.clip(share, 0.0, 1.0),
        })
