"""Numbers: headline, lede and body must agree, and parts must add up.

A headline that contradicts its own story is the copy desk's classic catch (the AP
Stylebook's "numbers" and "headlines" entries; every desk's checklist: "do the numbers in
the head, the lede and the body match, and do the parts add up?"). Three rules:

* ``headline-mismatch`` -- a number in the title or lede that the body does not support.
  What "supports" means follows NumHG (Huang et al., "NumHG: A Dataset for Number-Focused
  Headline Generation", 2023), whose annotators derived each headline number from the
  body by Copy, Trans (spelled-out), Paraphrase (unit change "$2K"), Round, or simple
  arithmetic (Add/Subtract). A claim is compared first with body mentions that count the
  *same thing* (same head noun or synonym class, no clashing proper modifier such as
  "Azerbaijani" vs "Armenian", same event: killed/injured/arrested/...): if one of them
  is compatible -- a claim's qualifier is a bound, so "At least 50" agrees with 50..55,
  "Nearly 500" with 450..500, "About 200" with 175..225 (number_mentions._bounds), and
  rounding agrees ("$1.1bn" vs "$1.13bn"), while a body number is the point it writes
  (headlines copy or round the body: "at least three" supports 3, not 4; each end of a
  range is its own point) -- or the sum of all of them is (not for ages and spans; a pair
  picked out of many sums to most small claims by chance), the claim holds; if none is,
  the claim is flagged with high confidence against the best of them. When no body
  mention counts the same thing, the claim holds if any body number (of a compatible kind: a count, money, a percentage, a year)
  supports it directly, after rounding or scale change, or as the sum/difference of two
  related counts or sums of money (years: also the distance between two years, or from a
  span: "50 years ago"). NumHG's other derivations are accepted too: time units converted
  ("6 Decades" <- "60 years"; "a century", "a half-hour", "four and a half years"), a
  count that leaves one out ("five other sedans" plus the one named -> 6), a fraction of
  an amount ("half of the $700 billion"), a percentage as the ratio of or change between
  two amounts. Otherwise the claim is flagged with medium confidence when some body
  mention shares only its noun or event, or low confidence against the nearest candidate
  (claims of 3 or more, or any percentage, sum of money or "1 <plural noun>"; ordinals
  too, except reporting periods such as "4TH QTR", which label rather than count). A day
  of the month in the head ("May 20") is checked against the body's dates in that month
  (the same day, unless ``date_slack_days`` allows more; a reporting period's end date in
  an earnings head is a label).
  Vague quantities are ranges (number_mentions.VAGUE_QUANTITIES, with where each range
  comes from): "Dozens Evacuated" agrees with 40 evacuated and not with 8, "12 Hurt"
  disagrees with "dozens were injured" while "30 Hurt" does not, "Thousands March" is held
  against "about 800 people" (low confidence: the body's counts of things, not its
  measures), and ranges meet ranges ("Hundreds" and "several hundred"). A vague body word
  backs a count only when it counts the same thing. Rates are judged whole ("1 in 5"
  against the body's rates, else its percentages to the rate's precision), named lists
  and indexes only against the same name ("the Top 40", "S&P 500", "Category 3"), a
  remainder of a breakdown holds ("14 Kids, 8 Adults" <- "22 people, including 14
  children"), an ordinal of years counts up to the publication year ("For 4th Year" of an
  event held since 2017, in 2020; a "40th Anniversary" exactly), and a sum or difference
  of money (or a percentage from two amounts) comes from amounts near each other
  (``arith_window``).
  Parts of a breakdown ("including 42 army soldiers") are sub-groups and never stand for
  the whole, but do support a head that names that sub-group ("6 Kids Among 8 Killed").
* ``sum-mismatch`` -- "N X, including A Y and B Z" (also "among them", "of whom", "of
  which") whose parts exceed the total, or a complete breakdown ("N X: A Y and B Z",
  "comprising", "made up of", "split between") whose parts do not equal it; and
  percentages of one whole, listed in one sentence without a change verb, that sum past
  100 (plus a rounding allowance).
* ``conflicting-values`` -- the same group and event given two incompatible counts in
  one body (e.g. "12 people were killed" ... "15 people were killed") with no update cue
  ("rose to", "later", "updated", "now", "climbed", "revised") near the second one.
  Restricted to counts of casualties, arrests, missing and rescued people, where a second
  value is an error rather than a comparison (financial copy compares periods routinely).

Every finding's span is the claim (the number in the title/lede, the total, or the first
value) and ``related`` is the conflicting span in the article
(field/start/end/text/value/lo/hi/kind, plus what it counts and its event), so both can be
shown in place.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from itertools import combinations

import pandas as pd

from copydesk.model import Finding
from copydesk.settings import FamilySettings, setting
from copydesk.validators.base import Decision, ExpectationSpec, Rule, Validator, register
from copydesk.validators.number_mentions import _MONTHS, RANKED_LABELS, Mention, find_mentions, singular

# Kinds that can stand for one another when a claim is compared with the body.
_COMPARABLE = {
    "count": ("count", "vague", "ordinal", "money", "percent", "decade", "year"),
    "vague": ("count", "vague"),
    "ordinal": ("ordinal", "count"),
    "money": ("money", "count"),
    "percent": ("percent", "count", "fraction"),
    "year": ("year", "count", "decade"),
    "decade": ("decade", "year"),
}
_ARITH_KINDS = frozenset(("count", "money", "percent"))
_FACT_EVENTS = frozenset(("killed", "injured", "arrested", "missing", "rescued"))

_BREAKDOWN = re.compile(
    r"(?P<open>,?\s*[\"”’']?,?\s*(?:including|among\s+them|among\s+whom|of\s+whom|of\s+which)\s+)"
    r"|(?P<complete>\s*(?::|\s[–—]\s)\s*|,?\s+(?:comprising|consisting\s+of|made\s+up\s+of|"
    r"split\s+between|divided\s+into|broken\s+down\s+into)\s+)",
    re.IGNORECASE,
)
# Between two parts of a list: a connector, optionally after a short place/time tail
# ("12 in Aville and 10 in Btown").
_LIST_GAP = re.compile(
    r"(?:\s+(?:in|at|from|on)\s+[A-Za-z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})?"
    r"\s*(?:,\s*(?:and\s+|plus\s+)?|\s+and\s+|\s+plus\s+|\s+as\s+well\s+as\s+)\s*",
    re.IGNORECASE,
)
_UPDATE_CUE = re.compile(
    r"\b(?:rose|risen|rising|climbed|increased|jumped|grew|updated|revised|later|now|since|"
    r"raised|brought|bringing|up\s+from|down\s+from|earlier|initially|first\s+reported|"
    r"previously|originally|latest|new\s+toll|had\s+said|at\s+first|so\s+far|total)\b",
    re.IGNORECASE,
)
_CHANGE_WORDS = re.compile(
    r"\b(?:rose|rise|rises|fell|fall|falls|up|down|increase[ds]?|decrease[ds]?|gain(?:ed|s)?|"
    r"drop(?:ped|s)?|declined?|from|to|compared|versus|vs|than|jumped|climbed|grew|growth|"
    r"slipped|higher|lower|margin|points?|year|annual|rate|yield|interest|stake|owns?|"
    r"holds?|share\s+of|tax|chance|probability|likely)\b",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(r"(1[89]\d\d|20\d\d)")
# "50 servicemen of the Armed Forces," including ...: a short tail between total and cue
_TAIL_BEFORE_CUE = re.compile(
    r"[^.;:\n\d]{0,40}?(?=,?\s*[\"”’']?,?\s*(?:including|among\s+them|of\s+whom)\s)"
)
# What ends a run of listed percentages: a sentence end or a bracket.
_PERCENT_RUN_BREAK = re.compile(r"[.;!?](?:\s|$)|[()\[\]]")
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s")
_SCOPE_NAME = re.compile(
    r"\b(?:in|on|at|near|from|outside|during|since)\s+(?:the\s+)?([A-Z][a-z]+(?:\s+[A-Z][a-z]+)*)"
)
# Words that put a count in a narrower or other scope than the story's total.
_SCOPE_BEFORE = re.compile(
    r"\b(?:another|other|more|additional|further|each|of\s+the|of\s+those|of\s+them|among|"
    r"the\s+remaining|last|this|previous|past|first|final|only|all)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_SCOPE_AFTER = re.compile(
    r"[^.;]{0,40}?\b(?:in\s+(?:19|20)\d\d|last\s+(?:year|month|week)|this\s+year|a\s+year|per\s+|"
    r"each|every|since|before|in\s+(?:january|february|march|april|may|june|july|august|september|"
    r"october|november|december))\b",
    re.IGNORECASE,
)


def _publication_year(published) -> float | None:
    y = _YEAR_RE.search(str(published or ""))
    return float(y.group(1)) if y else None


@functools.lru_cache(maxsize=4096)
def _publication_day(published: str) -> tuple[str, int] | None:
    """("apr", 7) for "7-APR-1987 03:36:40.77" or "2024-04-07"; None when unparseable.
    Parsed only for heads that carry a date (dateutil is slow per call)."""
    from dateutil import parser

    try:
        day = parser.parse(published)
    except (ValueError, OverflowError):
        return None
    return day.strftime("%b").lower(), day.day


def _sentence_start(text: str, pos: int) -> int:
    """Start of the sentence holding `pos` (after the last ". " or newline)."""
    return max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos)) + 1


def _scope_names(text: str, m: Mention) -> frozenset[str]:
    """Places and days named in the sentence around a mention ("in Quezon", "on Tuesday")."""
    end_m = _SENTENCE_END.search(text, m.end)
    end = end_m.start() if end_m else len(text)
    return frozenset(n.group(1) for n in _SCOPE_NAME.finditer(text, _sentence_start(text, m.start), end))


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if v == int(v) else f"{v:,.4g}"


def _claim_value(c: Mention) -> str:
    """'40' for a number, 'dozens (24-100)' for a vague quantity."""
    return f"{c.text.lower()} ({_fmt(c.lo)}-{_fmt(c.hi)})" if c.kind == "vague" else _fmt(c.value)


def _intersects(a_lo: float, a_hi: float, b_lo: float, b_hi: float) -> bool:
    return a_lo <= b_hi + 1e-9 and b_lo <= a_hi + 1e-9


# Time units in days, for NumHG's unit changes ("6 Decades" from "nearly 60 years", "50 Years"
# from "five-decade", "9 Months" from "268 days"); the converted body value must fall in the
# claim's rounding interval. A month is the mean Gregorian month.
TIME_UNITS = {"minute": 1 / 1440, "hour": 1 / 24, "day": 1.0, "week": 7.0, "month": 30.44,
              "year": 365.25, "decade": 3652.5, "century": 36525.0}


def _compatible(c: Mention, m: Mention) -> bool:
    """Can one true value satisfy both the claim (its rounding/bounds) and body mention m?

    A body number is taken as written (a point): headlines copy or round what the body
    writes, not the other way round, so "$12B" is not supported by "$11 billion". That
    holds for qualified and range body numbers too: NumHG's derivations (Copy, Trans,
    Paraphrase, Round) start from the written value, so "about $2 million" supports "$2M"
    but not "$3M", "at least three" supports "3" but not "Kills 4", and the range
    "4-8 hours" supports 4 and 8 (each end is its own mention) but not 7. Qualifiers
    stay bounds on the *claim* side ("At least 50" agrees with 50..55).
    A vague body word ("dozens", "hundreds", "several": number_mentions.VAGUE_QUANTITIES)
    is a range: a vague claim agrees with it when the ranges meet ("Dozens" over "scores
    of"), and so does a count inside it ("30 Hurt" over "dozens were injured"), while one
    outside it disagrees ("12 Hurt" over "dozens were injured").
    """
    if m.kind == "vague":
        return c.kind in ("vague", "count") and _intersects(c.lo, c.hi, m.lo, m.hi)
    if m.kind == "year" and c.kind not in ("year", "decade"):
        return False  # "2,000 cases" is not the year 2020 rounded
    if c.kind == "ordinal" and m.unit < 1:
        return False  # "6th in a Row" is not the Dow's 5.60 points
    if c.group != m.group and c.head in MEASURE_HEADS and m.head in MEASURE_HEADS \
            and not (c.head in TIME_UNITS and m.head in TIME_UNITS):
        return False  # "13 tons" vs "17.5 pounds": other units, other quantities
    c_lo, c_hi = c.extra.get("own", (c.lo, c.hi))
    if _intersects(c_lo, c_hi, m.value, m.value):
        return True
    if "fraction_of" in m.extra and c.kind == m.kind and c_lo <= m.value * m.extra["fraction_of"] <= c_hi:
        return True  # "$350B" <- "half of the $700 billion"
    if (m.extra.get("plus_one") and c_lo <= m.value + 1 <= c_hi and c.head not in MEASURE_HEADS
            and not (c.event and m.event and c.event != m.event)):
        return True  # "five other sedans" (+ the Volt) -> 6; not an age or span, not another event
    if c.head != m.head and c.head in TIME_UNITS and m.head in TIME_UNITS:  # "6 decades" <- "60 years"
        v = m.value * TIME_UNITS[m.head] / TIME_UNITS[c.head]
        return c_lo <= v <= c_hi
    if m.kind == "fraction" and c.kind == "percent":  # "two-thirds" -> 67%
        return c_lo - 0.5 <= m.value * 100 <= c_hi + 0.5
    if m.kind == "year" and m.value < 100:  # "'86" stands for 1986 / 2086
        return any(_intersects(c_lo, c_hi, m.value + base - 0.5, m.value + base + 0.5) for base in (1900, 2000))
    if c.kind == "year" and c.value < 100:
        return any(_intersects(c.value + base - 0.5, c.value + base + 0.5, m.lo, m.hi) for base in (1900, 2000))
    return False


def _same_thing(c: Mention, m: Mention) -> bool:
    """Does body mention m count the same group (and event) as claim c?"""
    if c.head and m.head:
        if c.group != m.group:
            return False
        if c.proper_mods and m.proper_mods and not set(c.proper_mods) & set(m.proper_mods):
            return False
        return not (c.event and m.event and c.event != m.event)
    if c.head is None and m.head is None:
        return bool(c.event and c.event == m.event)
    if c.event and m.event == c.event:  # one side has no noun ("11 Dead"), events agree
        return True
    return False


# Heads that are units of measure, not groups: "22 years" and "59 years" are not one fact.
MEASURE_HEADS = frozenset(
    """year month week day hour minute second decade century time mile kilometer km meter
    foot feet inch pound ton tonne kg gallon acre mph degree point percent cent
    yard""".split()
)


def _one_with_plural(text: str, c: Mention) -> bool:
    """A digit 1 counting a plural noun ("1 US Troops Killed"): number and noun disagree,
    so the 1 is not the idiomatic "one" a small-claim threshold protects. The noun is the
    first word after the number that the binder kept ("US" is a modifier, "Troops" the
    plural head); plurals are regular "-s" forms, not "-ss/-us/-is" singulars."""
    if c.value != 1 or c.spelled or c.kind != "count" or not c.head:
        return False
    word = text[c.end : c.np_end].split()[-1].lower() if c.np_end > c.end else ""
    return (word.endswith("s") and not word.endswith(("ss", "us", "is", "ics", "'s", "’s"))
            and singular(word) != word)


# Reporting periods named by an ordinal in earnings heads ("4TH QTR NET", "1ST HALF
# LOSS", "SECOND MARCH HALF", "3RD QT", and "4TH NET" with the quarter left implicit):
# labels of the period, not counts the body repeats.
PERIOD_HEADS = frozenset("qtr qt quarter half period net loss profit earnings results".split())
# The same label with a cardinal: a span of months or weeks ending on a date, as earnings
# heads give the accounting period ("SIX MTHS DEC 31 NET", "NINE MONTHS TO DECEMBER 31",
# "53 WEEKS TO JANUARY 3"). The body reports that period's figures, not the span's length.
_PERIOD_SPAN_AFTER = re.compile(
    rf"\s*(?:mths|months|mos|weeks|wks)\.?\s+(?:(?:to|ended|ending|thru|through)\s+)?(?:{_MONTHS})\b",
    re.IGNORECASE)
# The period's end date after its label ("3RD QTR FEB 22 NET", "YEAR ENDED MARCH 31"): a
# label too, not a day the body must repeat (the body may date the year-ago period).
_PERIOD_END_BEFORE = re.compile(
    rf"\b(?:qtr|qt|quarter|half|mths|months|weeks|wks|year|yr|period)\.?\s+"
    rf"(?:(?:to|ended|ending|thru|through)\s+)?(?:{_MONTHS})\.?\s+$", re.IGNORECASE)


# Heads that count the pieces of a quoted phrase ("3-Word Reply", "4-Letter Word", "in
# 140 Characters"): the body quotes the phrase instead of counting it, so with no body
# mention of that count the claim is not flagged.
QUOTE_COUNT_HEADS = frozenset(("word", "letter", "character", "syllable"))


def _strong_match(c: Mention, m: Mention) -> bool:
    """Same non-measure group and the same stated event on both sides."""
    return bool(c.head and m.head and c.head not in MEASURE_HEADS and c.group == m.group
                and c.event and c.event == m.event)


def _related(c: Mention, m: Mention) -> bool:
    """Loosely about the same thing: shared event, or shared non-measure head."""
    if c.event and c.event == m.event:
        return True
    return bool(c.head and m.head and c.group == m.group and c.head not in MEASURE_HEADS)


def _score(c: Mention, m: Mention) -> float:
    """How good a stand-in for the claim a body mention is (for choosing `related`)."""
    s = 0.0
    if c.head and m.head:
        s += 3.0 if c.head == m.head else (2.0 if c.group == m.group else 0.0)
    if c.event and c.event == m.event:
        s += 2.0
    if c.kind == m.kind:
        s += 1.0
    if m.kind in _ARITH_KINDS:
        s += 0.5
    rel = abs(c.value - m.value) / max(abs(c.value), abs(m.value), 1.0)
    return s - rel


@register
class NumbersValidator(Validator):
    """Headline/lede vs body, parts vs totals, and one fact given two values.

    Settings (all thresholds named here; see the module docstring for sources):
      check_fields            claim fields compared with the body ("title", "lede"); the
                              lede's numbers support the title either way.
      arithmetic_support      a claim also holds when two body numbers add/subtract to it
                              (NumHG's Add/Subtract derivations, ~3% of real headlines), and
                              a percentage when it is a ratio of two body counts.
      arithmetic_scope        which body numbers may be combined: "related" (default: counts
                              sharing the claim's event or head; money with money), "kind"
                              (same kind) or "all". On the dev set "all" finds a sum or
                              difference for ~20% of changed headline numbers by chance
                              (recall 0.73), "related" keeps recall at 0.86. Never for
                              percentages (shares of different wholes do not add: on the
                              dev set such sums only ever "supported" changed numbers) nor
                              for counts of units (ages, spans).
      year_arithmetic         "N years" claims may be the distance between two years or
                              from the publication year (NumHG's Subtract(2013,1797)).
      year_slack              a year claim within this many years of the publication
                              year holds ("this year", "last year" name it in words).
      max_arith_mentions      skip pairwise arithmetic over bodies with more numbers than
                              this (keeps the cost bounded; more numbers = more chance hits).
      arith_window            a sum or difference of money, and a percentage as the ratio
                              of or change between two amounts, takes amounts at most this
                              many characters apart in one field (about two news
                              sentences): the real headline sums of the dev set add amounts
                              given in one or two adjacent sentences ("withdrew $10 million
                              ... also withdrew $5.5 million"), while amounts paragraphs
                              apart "supported" changed heads by chance (dev set: three more
                              changed heads found at 300, no real one lost; 150 lost three
                              real money sums). Counts keep the `arithmetic_scope` rule.
      flag_unmatched          also flag claims no body mention counts the same thing for
                              (low confidence) when no body number supports them.
      trust_same_thing        when body mentions count the same thing and none agrees,
                              flag even if the value appears elsewhere in the body.
      min_claim_value         ignore claims below this value (0 keeps "1" and "2").
      min_unmatched_value     ignore low-confidence claims (no body mention counts the same
                              thing) below this value.
      percent_total_slack     points past 100 allowed for rounding per listed share.
      update_window           characters before a second value searched for update cues.
      date_slack_days         a day of the month in the head agrees with a body date this
                              many days away (time zones, "overnight"). 0: on the dev set no
                              real head needed a day's slack (0 of 1,291 real heads, none on
                              clean.jsonl), while a slack of 1 let a head a day off its body
                              ("Sept. 10" over "Sept. 9") pass.
    """

    check = "numbers"
    table = "articles"
    rules = {
        "headline-mismatch": Rule(
            "headline-mismatch",
            "error",
            "A number in the title or lede is not supported by the body.",
            "A headline that contradicts its own story is the fastest way to lose readers' trust; "
            "the head and lede are what most readers see.",
            'Lede "At least 60 Azerbaijani soldiers have been killed" vs body "50 servicemen ... died".',
        ),
        "sum-mismatch": Rule(
            "sum-mismatch",
            "error",
            "Parts of a breakdown add up to more than the total (or, for a complete list, not to it).",
            "Arithmetic errors in breakdowns are easy to check and embarrassing to publish.",
            '"50 servicemen, including 52 army soldiers and eight border guards" (52 + 8 = 60 > 50).',
        ),
        "conflicting-values": Rule(
            "conflicting-values",
            "warning",
            "The same group and event are given two different counts without an update cue.",
            "Two tolls for one event in one story means one of them is wrong or stale.",
            '"12 people were killed" ... later "15 people were killed" with no "rose to".',
        ),
    }
    expectation = ExpectationSpec(
        "ExpectArticlesToHaveConsistentNumbers",
        "Headline and lede numbers agree with the body, and parts add up to totals.",
        "numbers in the headline and lede must agree with the body, and parts must add up to "
        "their stated totals",
    )

    @dataclass(frozen=True)
    class Settings(FamilySettings):
        """Each setting is explained at length in the class docstring."""

        check_fields: tuple[str, ...] = setting(("title", "lede"), "claim fields compared with the body")
        arithmetic_support: bool = setting(
            True, "a claim may be a sum/difference of body numbers",
            "NumHG's Add/Subtract derivations, ~3% of real headlines")
        arithmetic_scope: str = setting(
            "related", "which body numbers combine: related | kind | all",
            "dev set: 'all' finds a chance sum for ~20% of changed heads (recall 0.73), 'related' keeps 0.86")
        year_arithmetic: bool = setting(True, '"N years" may be the distance between two years',
                                        "NumHG's Subtract(2013,1797)")
        year_slack: int = setting(1, "a year claim this close to the publication year holds",
                                  '"this year", "last year" name it in words')
        max_arith_mentions: int = setting(60, "no pairwise arithmetic over bodies with more distinct numbers",
                                          "bounds the cost; more numbers give more chance hits")
        arith_window: int = setting(
            300, "characters between amounts summed or divided (money, percentages)",
            "dev set: real sums take amounts one or two sentences apart; 150 lost three real sums")
        flag_unmatched: bool = setting(True, "flag claims nothing in the body counts (low confidence)")
        trust_same_thing: bool = setting(True, "same group and event disagree: flag even if the value is elsewhere")
        min_claim_value: float = setting(0.0, "ignore claims below this value", "0 keeps \"1\" and \"2\"")
        min_unmatched_value: float = setting(3.0, 'ignore low-confidence count claims below this ("One Last Chance")')
        percent_total_slack: float = setting(0.5, "points past 100 allowed per listed share", "rounding")
        update_window: int = setting(160, "characters before a second value searched for update cues")
        date_slack_days: int = setting(
            0, "days a head date may be off a body date of that month",
            "dev set: 0 of 1,291 real heads needed a day's slack; 1 let a head a day off pass")

    # ------------------------------------------------------------------ decision
    def decide(self, part, stats) -> Decision:
        """Every article on its own: the family needs no corpus-wide statistics."""
        arts = part.articles
        findings: list[Finding] = []
        cols = [arts[c].tolist() if c in arts.columns else [None] * len(arts)
                for c in ("id", "title", "lede", "body", "file", "line", "published")]
        for art_id, title, lede, body, file, line, published in zip(*cols):
            title = title if isinstance(title, str) else ""
            lede = lede if isinstance(lede, str) else ""
            body = body if isinstance(body, str) else ""
            line = None if pd.isna(line) else int(line)  # HTML and text files have no line (pd.NA)
            new = self.check_article(title, lede, body, published)
            for f in new:
                f.article_id, f.file, f.line = str(art_id), file, line
            findings.extend(new)
        return Decision(findings)

    def check_article(self, title: str, lede: str, body: str, published=None) -> list[Finding]:
        """Findings for one article (article_id/file/line are filled in by run)."""
        out: list[Finding] = []
        body_m = find_mentions(body)
        parts = self._breakdowns(body, body_m, out)
        part_ids = {id(p) for p in parts}
        if body_m:
            checked = self.settings["check_fields"]
            pool = [("body", m) for m in body_m if id(m) not in part_ids]
            pub_year = _publication_year(published)
            lede_m = find_mentions(lede)  # also supports the title when lede claims are not checked
            title_m = find_mentions(title) if "title" in checked else []
            if title_m:
                self._headline(title, "title", title_m, pool + [("lede", m) for m in lede_m], pub_year, out,
                               parts, published)
            if lede_m and "lede" in checked:
                self._headline(lede, "lede", lede_m, pool, pub_year, out, parts, published)
        self._conflicts(body, body_m, part_ids, out)
        return out

    def _finding(self, rule: str, fld: str, m: Mention, message: str, related: dict | None,
                 suggestion: str | None = None) -> Finding:
        return Finding(article_id="", check=self.check, rule=rule, field=fld, start=m.start,
                       end=m.end, text=m.text, message=message, severity=self.severity(rule),
                       suggestion=suggestion, related=related)

    # ------------------------------------------------------- headline-mismatch
    def _headline(self, text: str, fld: str, claims: list[Mention], pool: list[tuple[str, Mention]],
                  pub_year: float | None, out: list[Finding], parts: list[Mention] = (),
                  published=None) -> None:
        """Flag claims the body does not support. `parts` are sub-groups of a breakdown: they
        never stand for a whole, but do support a head that names that sub-group."""
        min_value = self.settings["min_claim_value"]
        for c in claims:
            if c.kind == "date" and "month" in c.extra:
                if not _PERIOD_END_BEFORE.search(text, max(0, c.start - 24), c.start):
                    self._date_claim(c, fld, pool, pub_year, out, published)
                continue
            if c.kind == "vague" and c.head in MEASURE_HEADS:
                continue  # "In a Few Days", "For Decades": a vague span is idiom, not a claim
            if "ratio_of" in c.extra or ("ratio" in c.extra and self._ratio_claim(c, fld, pool, out)):
                continue  # a rate ("One in 6") is judged whole, by its numerator
            if c.kind in ("date", "time") or c.value < min_value or (c.spelled and c.value == 1) \
                    or "unitword" in c.extra:
                continue  # "One", "First", "in a Decade" in a head are idiom more often than counts
            if _PERIOD_SPAN_AFTER.match(text, c.end) or (
                    c.kind == "ordinal" and PERIOD_HEADS.intersection((*c.mods, c.head))):
                continue  # a reporting period's label, see PERIOD_HEADS
            if "list" in c.extra and self._list_claim(c, fld, pool, out):
                continue
            if c.extra.get("code"):
                self._code_claim(c, fld, pool, out)
                continue
            kinds = _COMPARABLE.get(c.kind, ())
            cands = [(f, m) for f, m in pool if m.kind in kinds]
            if not cands:
                continue
            same = [(f, m) for f, m in cands if _same_thing(c, m)]
            precise = [(f, m) for f, m in same if m.kind != "vague" and not m.extra.get("range")]
            judged = precise or same
            if judged and (any(_compatible(c, m) for _, m in judged)
                           or self._sum_supports(c, [m for _, m in judged])):
                continue
            if c.head and any(p.head and p.kind in kinds and _same_thing(c, p) and _compatible(c, p)
                              for p in parts):
                continue  # a sub-group named in the head: "6 Kids Among 8 Killed" <- "including six children"
            if c.kind == "count" and any(p.kind == "count" and c.lo <= p.extra["part_of"] - p.value <= c.hi
                                         for p in parts):
                continue  # the rest of a breakdown: "14 Kids, 8 Adults" <- "22 people, including 14 children"
            strong = [(f, m) for f, m in judged if _strong_match(c, m)]
            if strong and self.settings["trust_same_thing"]:
                confidence, best = "high", max(strong, key=lambda fm: _score(c, fm[1]))
            elif self._supported(c, cands, pub_year, pool):
                continue
            elif judged:
                confidence, best = "medium", max(judged, key=lambda fm: _score(c, fm[1]))
            elif (self.settings["flag_unmatched"]
                  and (c.value >= self.settings["min_unmatched_value"] or c.kind in ("percent", "money", "vague")
                       or _one_with_plural(text, c))):
                # a claim of 1 or 2 is often idiom ("One Last Chance"); a share or a sum is not.
                # An ordinal names the nth of something the body should mention. A vague
                # claim ("Thousands March") is held against the body's counts of things,
                # not its measures ("122 degrees").
                near = cands if c.kind != "vague" else [(f, m) for f, m in cands if m.head not in MEASURE_HEADS]
                if not near or (c.kind == "count" and c.head is None and "scale_letter" in c.extra
                                and not any(m.value >= c.value / 100 for _, m in near)):
                    continue  # a bare "3M" over a story with no such amounts names a company
                if c.head in QUOTE_COUNT_HEADS:
                    continue  # "A 3-Word Reply": the body quotes the words, it does not count them
                confidence, best = "low", max(near, key=lambda fm: _score(c, fm[1]))
            else:
                continue
            f_rel, m_rel = best
            related = m_rel.as_related(f_rel)
            related["confidence"] = confidence
            noun = text[c.end : c.np_end].strip(" -") if c.np_end > c.end else ""
            what = f" ({noun})" if noun else ""
            msg = (f"{fld} says {c.text!r}{what} but the {f_rel} gives {m_rel.text!r}"
                   f"{' for the same ' + ('group' if c.head else 'event') if confidence == 'high' else ''}"
                   f"; no {f_rel} number supports {_claim_value(c)}"
                   f" ({confidence} confidence)")
            suggestion = m_rel.text if confidence == "high" else None
            out.append(self._finding("headline-mismatch", fld, c, msg, related, suggestion=suggestion))

    def _date_claim(self, c: Mention, fld: str, pool: list[tuple[str, Mention]], pub_year: float | None,
                    out: list[Finding], published=None) -> None:
        """'May 20' in the head vs 'May 29' in the body: the body dates that month, never that
        day (nor within `date_slack_days` of it). Body dates of
        another year ("year-ago period ended Feb 1, 1986") are other days. A head date that is
        the publication day (±1) is a dateline, not a claim: wire digests head themselves
        "MONEY NEWS HIGHLIGHTS 1145 GMT - APRIL 7" over items dated other days."""
        if published is not None and published == published:  # NaN/NaT != itself
            pub_day = _publication_day(str(published))
            if pub_day and pub_day[0] == c.extra["month"] and abs(pub_day[1] - c.value) <= 1:
                return
        year = c.extra.get("year", pub_year)
        same = [(f, m) for f, m in pool if m.kind == "date" and m.extra.get("month") == c.extra["month"]
                and (year is None or m.extra.get("year", year) == year)]
        if not same or any(abs(m.value - c.value) <= self.settings["date_slack_days"] for _, m in same):
            return
        f_rel, m_rel = same[-1]
        related = {**m_rel.as_related(f_rel), "confidence": "medium"}
        msg = (f"{fld} dates it {c.extra['month'].title()} {c.text} but the {f_rel} gives "
               f"{c.extra['month'].title()} {m_rel.text}")
        out.append(self._finding("headline-mismatch", fld, c, msg, related))

    def _ratio_claim(self, c: Mention, fld: str, pool: list[tuple[str, Mention]], out: list[Finding]) -> bool:
        """'2 in 5' in the head vs 'one in five' or '20%' in the body: the rate must be one the
        body gives as a rate or, when it gives none, a fraction ("a sixth of") or a
        percentage the rate rounds (within 15% of the rate: "1 in 5" for 21.9%). False when
        the body gives no rate, fraction or percentage at all (the claim is then judged as
        a count)."""
        a, b = c.extra["ratio"]
        rates = ([(f, m) for f, m in pool if "ratio" in m.extra]
                 or [(f, m) for f, m in pool if m.kind in ("percent", "fraction")])
        if not rates:
            return False
        for _, m in rates:
            if "ratio" in m.extra:  # the same rate, maybe in other terms ("2 in 10" = "1 in 5")
                if abs(m.extra["ratio"][0] / m.extra["ratio"][1] - a / b) <= 0.005:
                    return True
            elif m.kind == "fraction":  # "1 in 6" <- "a sixth of"
                if abs(m.value - a / b) <= 0.005:
                    return True
            elif round(m.value * b / 100) == a and abs(m.value - a / b * 100) <= 0.15 * a / b * 100:
                return True  # the percentage, to the rate's precision ("1 in 5" <- 21.9%)
        f_rel, m_rel = next(((f, m) for f, m in rates if "ratio" in m.extra), rates[0])
        related = {**m_rel.as_related(f_rel), "confidence": "medium"}
        msg = (f"{fld} gives the rate {_fmt(a)} in {_fmt(b)} but the {f_rel} gives {m_rel.text!r}"
               f"{' in ' + _fmt(m_rel.extra['ratio'][1]) if 'ratio' in m_rel.extra else ''}")
        out.append(self._finding("headline-mismatch", fld, c, msg, related))
        return True

    def _list_claim(self, c: Mention, fld: str, pool: list[tuple[str, Mention]], out: list[Finding]) -> bool:
        """'the Hot 60' in the head vs 'the Hot 100' in the body: a chart, ranking or index
        name (number_mentions.LIST_NAMES) is checked against the body's uses of that name
        only; a name the body never uses counts nothing ("Cracked the Top 40"), while a ranked
        label it never uses is judged as a count (False: not judged here)."""
        same = [(f, m) for f, m in pool if m.extra.get("list") == c.extra["list"]]
        if not same:
            return c.extra["list"] not in RANKED_LABELS
        if any(m.value == c.value for _, m in same):
            return True
        f_rel, m_rel = same[0]
        related = {**m_rel.as_related(f_rel), "confidence": "high"}
        msg = f"{fld} names {c.extra['list'].title()} {c.text!r} but the {f_rel} says {m_rel.text!r}"
        out.append(self._finding("headline-mismatch", fld, c, msg, related, suggestion=m_rel.text))
        return True

    def _code_claim(self, c: Mention, fld: str, pool: list[tuple[str, Mention]], out: list[Finding]) -> None:
        """'AK-33' in the head vs 'AK-47' in the body: same designator, other number."""
        same = [(f, m) for f, m in pool if m.extra.get("code") == c.extra["code"]]
        if not same or any(m.value == c.value for _, m in same):
            return
        f_rel, m_rel = same[0]
        related = {**m_rel.as_related(f_rel), "confidence": "high"}
        msg = (f"{fld} says {c.extra['code'].upper()}-{c.text} but the {f_rel} says "
               f"{c.extra['code'].upper()}-{m_rel.text}")
        out.append(self._finding("headline-mismatch", fld, c, msg, related, suggestion=m_rel.text))

    @staticmethod
    def _sum_supports(c: Mention, ms: list[Mention]) -> bool:
        """The claim as the total of body counts of the same thing (NumHG's Add). Not for
        units of measure: ages and spans ("2 years", "8 years") are not parts of a whole."""
        if c.head in MEASURE_HEADS or c.kind == "percent":
            return False  # nor for shares, which are of different wholes (see _supported)
        values = {m.value for m in ms if m.kind in _ARITH_KINDS}
        if len(values) < 2 or len(values) > 8:
            return False
        total = sum(values)  # all of them: a pair picked from many sums to most small claims
        return _intersects(c.lo, c.hi, total, total)

    @staticmethod
    def _nth_year(c: Mention, pool: list[tuple[str, Mention]], pub_year: float) -> bool:
        """An ordinal of years counts from a body year to the publication year: inclusively
        for a yearly event ("For 4th Year" of one held since 2017, in 2020), exactly for an
        anniversary ("40th Anniversary" of 1977, in 2017). Ordinals are not compared with
        years as values, so the years come from the whole pool."""
        extra = (0.0,) if c.head == "anniversary" else (0.0, 1.0)
        return any(_intersects(c.lo, c.hi, pub_year - m.value + e, pub_year - m.value + e)
                   for _, m in pool if m.kind == "year" and 1000 <= m.value < pub_year for e in extra)

    @staticmethod
    def _year_from_span(c: Mention, ms: list[Mention], pub_year: float | None) -> bool:
        """A year claim reached from a span of years (NumHG's Subtract(2008,50)): "50 years ago"
        counts back from the publication year; "N years after/later/before/earlier" from a
        year named in its sentence, else from the publication year (see _span_bases)."""
        pub = (pub_year,) if pub_year is not None else ()
        for m in ms:
            rel = m.extra.get("span")
            if m.kind != "count" or rel is None or m.value < 1:
                continue
            bases = pub if rel == "ago" else (m.extra.get("span_base") or pub)
            if any(_intersects(c.lo, c.hi, y + d, y + d) for y in bases for d in (m.value, -m.value)):
                return True
        return False

    def _supported(self, c: Mention, cands: list[tuple[str, Mention]], pub_year: float | None,
                   pool: list[tuple[str, Mention]] = ()) -> bool:
        """Noun-agnostic support: direct, rounded/scaled, or simple arithmetic. A percentage
        may be the ratio of, or change between, two counts or two sums of money in `pool`
        (NumHG's "31%" from a price cut "from $42 million to $29 million")."""
        ms = [m for _, m in cands]
        # a vague body word backs a count only when it counts the same thing (the judged
        # mentions in _headline): "several" or "decades" somewhere in a story covers most
        # small numbers by chance
        # and a vague claim is backed by counts of things, not by measures ("A Few Sales"
        # is not "two weeks")
        if any(_compatible(c, m) for m in ms
               if (m.kind != "vague" or c.kind == "vague") and not (c.kind == "vague" and m.head in MEASURE_HEADS)):
            return True
        if c.extra.get("letter_scale") and c.kind != "money":
            # "100m" may be metres, "3b" a grade: also accept the bare mantissa
            mant = c.value / c.extra["letter_scale"]
            if any(m.lo <= mant <= m.hi for m in ms):
                return True
        if c.kind == "year" and pub_year is not None and abs(c.value - pub_year) <= self.settings["year_slack"]:
            return True  # "this year", "last year", "next year" name it without digits
        if self.settings["year_arithmetic"] and (c.kind == "year" or c.head in ("year", "decade", "anniversary")):
            years = {m.value for m in ms if m.kind == "year" and m.value >= 1000}
            if pub_year is not None:
                years.add(pub_year)
            if any(_intersects(c.lo, c.hi, b - a, b - a) for a, b in combinations(sorted(years), 2)):
                return True
            if c.kind == "ordinal" and pub_year is not None and self._nth_year(c, pool, pub_year):
                return True
            if c.kind == "year" and c.value < 100 and any(int(y) % 100 == c.value for y in years):
                return True  # "'86" in the head, 1986 in the body
            if c.kind == "year" and self._year_from_span(c, ms, pub_year):
                return True
        if not self.settings["arithmetic_support"]:
            return False
        max_ops = self.settings["max_arith_mentions"]
        if c.kind == "percent":  # a ratio of two counts, or a change between them
            amounts = [(f, m) for f, m in pool or cands if m.kind in ("count", "money") and m.value > 0]
            window = self.settings["arith_window"]
            if 2 <= len({m.value for _, m in amounts}) <= max_ops and any(
                    c.lo - 0.5 <= a / b * 100 <= c.hi + 0.5 or c.lo - 0.5 <= (b - a) / b * 100 <= c.hi + 0.5
                    for (fx, x), (fy, y) in combinations(amounts, 2) if fx == fy and abs(x.start - y.start) <= window
                    for a, b in (sorted((x.value, y.value)),) if a != b):
                return True
        if c.kind == "percent" or (c.kind == "count" and c.head in MEASURE_HEADS):
            # shares of different wholes do not add (a change in points is written as
            # points); ages and spans come from year arithmetic above, not from sums
            return False
        scope = self.settings["arithmetic_scope"]
        ops = [(f, m) for f, m in cands if m.kind in _ARITH_KINDS and not m.extra.get("range")]
        if scope != "all":
            ops = [(f, m) for f, m in ops if m.kind == c.kind]
        if scope == "related":
            ops = [(f, m) for f, m in ops if c.kind != "count" or _related(c, m)]
        if len({m.value for _, m in ops}) > max_ops:
            return False
        window = self.settings["arith_window"] if c.kind == "money" else None
        return any(c.lo <= a.value + b.value <= c.hi or c.lo <= abs(b.value - a.value) <= c.hi
                   for (fa, a), (fb, b) in combinations(ops, 2)
                   if a.value != b.value and (window is None or fa == fb and abs(a.start - b.start) <= window))

    # ------------------------------------------------------------ sum-mismatch
    def _breakdowns(self, text: str, ms: list[Mention], out: list[Finding]) -> list[Mention]:
        """Find "N X, including A Y and B Z" lists; flag bad sums; return the parts."""
        all_parts: list[Mention] = []
        n = len(ms)
        for i, total in enumerate(ms):
            if (total.kind not in _ARITH_KINDS or total.extra.get("range")
                    or total.head in MEASURE_HEADS):
                continue
            if i + 1 >= n:
                break
            pos = max(total.np_end, total.end)
            cue = _BREAKDOWN.match(text, pos)
            if not cue:
                tail = _TAIL_BEFORE_CUE.match(text[pos : pos + 60])
                if not tail or total.head is None:
                    continue
                cue = _BREAKDOWN.match(text, pos + tail.end())
                if not cue:
                    continue
            complete = cue.group("complete") is not None
            j = i + 1
            if ms[j].start != cue.end():
                continue
            parts = [ms[j]]
            while j + 1 < n:
                gap_start = max(ms[j].np_end, ms[j].end)
                nxt = ms[j + 1]
                if nxt.start < gap_start or not _LIST_GAP.fullmatch(text, gap_start, nxt.start):
                    break
                parts.append(nxt)
                j += 1
            if any(p.kind != total.kind for p in parts):
                continue  # parts are of the total's kind (so never years, ordinals or vague)
            if total.kind == "count" and any(p.head and p.head == total.head and p.mods == total.mods
                                             for p in parts):
                continue  # "10 cases including 5 cases in May": same noun, not a breakdown
            all_parts.extend(parts)
            for p in parts:
                p.extra["part_of"] = total.value
            if total.event is None:
                total.event = next((p.event for p in parts if p.event), None)
            if len(parts) < 2 and complete:
                continue
            if total.qualifier in ("ge", "gt", "approx"):
                continue  # "at least 50, including ...": the total is a floor
            psum = sum(p.value for p in parts)
            slack = (sum(p.hi - p.lo for p in parts) + total.hi - total.lo) / 2
            over = psum > total.hi + slack + 1e-9
            short = complete and psum < total.lo - slack - 1e-9
            if not (over or short):
                continue
            rel = {"field": "body", "start": parts[0].start, "end": parts[-1].np_end or parts[-1].end,
                   "value": psum, "kind": "parts",
                   "parts": [p.as_related("body") for p in parts]}
            rel["text"] = text[rel["start"] : rel["end"]]
            verb = "exceed" if over else "do not add up to"
            msg = (f"the parts {' + '.join(p.text for p in parts)} = {_fmt(psum)} {verb} "
                   f"the total {total.text!r}")
            out.append(self._finding("sum-mismatch", "body", total, msg, rel))
        self._percent_sums(text, ms, out)
        return all_parts

    def _percent_sums(self, text: str, ms: list[Mention], out: list[Finding]) -> None:
        """Shares of one whole listed in one sentence must not sum past 100."""
        pcts = [m for m in ms if m.kind == "percent" and not m.extra.get("range")]
        if len(pcts) < 3:
            return
        run: list[Mention] = [pcts[0]]
        for m in pcts[1:] + [None]:
            if m is not None:
                gap = text[run[-1].end : m.start]
                if len(gap) <= 80 and not _PERCENT_RUN_BREAK.search(gap):
                    run.append(m)
                    continue
            self._check_percent_run(text, run, out)
            run = [m] if m is not None else []

    def _check_percent_run(self, text: str, run: list[Mention], out: list[Finding]) -> None:
        if len(run) < 3:
            return
        if any(m.qualifier for m in run) or _CHANGE_WORDS.search(text, _sentence_start(text, run[0].start),
                                                                 run[-1].end):
            return
        total = sum(m.value for m in run)
        if total <= 100 + self.settings["percent_total_slack"] * len(run):
            return
        first, rest = run[0], run[1:]
        rel = {"field": "body", "start": rest[0].start, "end": rest[-1].end,
               "text": text[rest[0].start : rest[-1].end], "value": total, "kind": "parts",
               "parts": [m.as_related("body") for m in run]}
        msg = (f"shares {' + '.join(m.text for m in run)} of one whole sum to {_fmt(total)}%, "
               "more than 100%")
        out.append(self._finding("sum-mismatch", "body", first, msg, rel))

    # ------------------------------------------------------ conflicting-values
    def _conflicts(self, text: str, ms: list[Mention], part_ids: set[int], out: list[Finding]) -> None:
        """Two unqualified counts of one group and event, in different sentences."""
        facts = [m for m in ms if m.kind == "count" and m.event in _FACT_EVENTS and m.head
                 and m.head not in MEASURE_HEADS and not m.qualifier and id(m) not in part_ids
                 and not m.extra.get("range") and not _SCOPE_BEFORE.search(text, max(0, m.start - 30), m.start)
                 and not _SCOPE_AFTER.match(text, m.np_end or m.end)]
        if len(facts) < 2:
            return
        window = self.settings["update_window"]
        reported: set[int] = set()
        for a, b in combinations(facts, 2):
            if id(b) in reported or a.event != b.event or a.head != b.head or a.mods != b.mods:
                continue
            if set(a.proper_mods) != set(b.proper_mods) or a.value == b.value:
                continue
            if not _SENTENCE_END.search(text, a.end, b.start):
                continue  # one sentence: "5 in Samson and 4 in Geneva" contrasts scopes
            if _scope_names(text, a) != _scope_names(text, b):
                continue  # "18 soldiers on Mindanao" vs "On Tuesday, 19 soldiers ... in Quezon"
            between = text[max(a.end, b.start - window) : b.np_end or b.end]
            if _UPDATE_CUE.search(between) or _UPDATE_CUE.search(text, max(0, a.start - 60), a.end):
                continue
            reported.add(id(b))
            msg = (f"{a.text!r} {a.head} {a.event} here, but {b.text!r} later in the body "
                   "for the same group and event, with no update cue")
            out.append(self._finding("conflicting-values", "body", a, msg, b.as_related("body")))

