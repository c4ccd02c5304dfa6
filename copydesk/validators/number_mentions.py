"""Number mentions in news text: where each number is, what it is worth, what it counts.

Helpers for copydesk.validators.numbers (no GX, no pandas). One compiled regex scans a
whole field for

* digits with thousands separators and decimals, fractions ("7-1/4"), currency prefixes
  ("$3bn", "£600m", "US$"), scale words and suffixes ("1.2 million", "$11K", "150 mln"),
  percentages ("32%", "5 pct", "10 per cent"), ordinals ("3rd"), decades ("1990s"),
  clipped years ("'86"), clock times ("2:17 PM") and day-of-month dates ("Sep 4");
* spelled-out numbers: runs of number words ("eight", "forty-two", "three hundred and
  five", "two million"), ordinals ("second", "twenty-first"), "a dozen", "half a dozen",
  and vague quantities ("dozens", "scores of", "several hundred", "a few", "a handful",
  "tens of thousands", "decades": VAGUE_QUANTITIES, kept as ranges, not points).

Values of multi-word runs come from text2num (`text_to_num.text2num`, the maintained
Rust-backed parser from Allo-Media): it is ~0.4 us a call, so calling it only on the
rare multi-word runs (single words are looked up in a table built with it at import)
keeps the scan well above 1M words/s. quantulum3 was measured at ~1,700 words/s on
perf.jsonl (its unit disambiguation runs per token in Python), 180x too slow for the
300k words/s budget, and word2number is 5x slower than text2num and has no position
information; neither is used.

Qualifiers ("at least", "more than", "nearly", "about", "up to", "N or more") are kept
as bounds: every mention carries an interval [lo, hi] that also covers the rounding its
written precision implies ("1.1bn" is 1.05bn..1.15bn). Each mention is bound to the noun
phrase it counts (the words after it up to a function word, verb or punctuation:
"Azerbaijani soldiers", "border guards") and, where the clause says so, an event
(killed, injured, arrested, missing, rose, fell) found just before the number or shortly
after its noun phrase. A unit right after the number is the head ("31 years later"), and a
participle after a plural starts a new phrase ("three students studying abroad").

Also recorded, for the headline check's NumHG derivations: time spans in words ("a
century", "a decade", "a half-hour", "four and a half"), units written onto the number
("80mph"), a count that leaves one out ("four other people": extra["plus_one"]), a
fraction of an amount ("half of the $700 billion": extra["fraction_of"]), a span of years
and what it counts from ("50 years ago": extra["span"], extra["span_base"]), the month
(and year) of a day-of-month date, each end's own interval in a range (extra["own"]), a
rate ("1 in 5": extra["ratio"]), a share that counts what its whole counts ("126 of its
134 employees"), and names that carry a number ("the Top 40", "S&P 500", "Category 3":
extra["list"]).
"N to M" after a change verb is a change and a new level, not a range, when M is far
larger ("fell 266 to 11,867"), and never after "from".
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from dataclasses import dataclass, field

import text_to_num

from copydesk.validators.text import lowercase, trie_pattern

# --- number words (English vocabulary; values computed by text2num) -------------------

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = "hundred thousand million billion trillion".split()
_SCALE_ABBREVIATIONS = {"mln": "million", "bln": "billion"}  # Reuters style: "two mln shares"
_ORDINAL_WORDS = {
    "first": "one", "second": "two", "third": "three", "fifth": "five", "eighth": "eight",
    "ninth": "nine", "twelfth": "twelve",
}
# Vague quantities as ranges (kind "vague", lo..hi). No style guide gives them numbers
# -- the AP Stylebook's advice is to write the figure when it is known -- so the ranges
# follow the words' own arithmetic and dictionary senses (Merriam-Webster: "dozen" 12,
# "score" 20, "couple" two, "few" a small number, "several" more than two but not many,
# "handful" a small quantity, "as many as the hand will hold"):
# * a plural of a unit word is at least two of that unit and at most the next unit word,
#   which a writer would have used for more: "dozens" 24..100, "scores of" 40..200,
#   "hundreds" 200..1,000, "thousands" 2,000..10,000, "tens of thousands" 20,000..100,000,
#   "hundreds of thousands" 200,000..1 million, "millions" 2..10 million, and so on;
#   "decades" 20..100 years, "centuries" 200..1,000 years;
# * the small words stay below ten, where AP spells numbers out and a writer who knew
#   the count would give it: "a couple of" 2..3, "a few" 2..6, "a handful" 2..6,
#   "several" 3..9; with a scale word they scale ("several hundred" 300..900).
# Qualified counts ("nearly a dozen", "more than a dozen") are counts with a qualifier,
# bounded like any other (see _bounds): 7..12 and 12..17.
VAGUE_QUANTITIES: dict[str, tuple[float, float]] = {
    "a couple of": (2.0, 3.0), "a few": (2.0, 6.0), "a handful": (2.0, 6.0), "several": (3.0, 9.0),
    "dozens": (24.0, 100.0), "scores of": (40.0, 200.0), "hundreds": (200.0, 1e3),
    "thousands": (2e3, 1e4), "tens of thousands": (2e4, 1e5), "hundreds of thousands": (2e5, 1e6),
    "millions": (2e6, 1e7), "tens of millions": (2e7, 1e8), "hundreds of millions": (2e8, 1e9),
    "billions": (2e9, 1e10), "decades": (20.0, 100.0), "centuries": (200.0, 1e3),
}
_VAGUE_SCALE = re.compile(r"\s+(hundred|thousand|million|billion)\b")
# Vague spans of time count years ("for decades", "centuries-old").
_VAGUE_HEADS = {"decades": "year", "centuries": "year"}


def _ordinal_to_cardinal(word: str) -> str | None:
    """'twenty-first' -> 'twenty one', 'fourth' -> 'four', 'twentieth' -> 'twenty'."""
    parts = word.replace("-", " ").split()
    last = parts[-1]
    if last in _ORDINAL_WORDS:
        card = _ORDINAL_WORDS[last]
    elif last.endswith("ieth"):
        card = last[:-4] + "y"
    elif last.endswith("th"):
        card = last[:-2]
    else:
        return None
    return " ".join(parts[:-1] + [card])


def _ordinal_forms() -> list[str]:
    forms = list(_ORDINAL_WORDS)
    forms += [w + "th" for w in _UNITS[4:] if w not in ("five", "eight", "nine", "twelve")]
    forms += [t[:-1] + "ieth" for t in _TENS] + [s + "th" for s in _SCALES]
    return forms


_ORDINALS = _ordinal_forms()
_CARDINAL_WORDS = _UNITS + _TENS + _SCALES + ["dozen"]
_RUN_WORDS = _CARDINAL_WORDS + list(_SCALE_ABBREVIATIONS)


def _word_value(word: str) -> float | None:
    if word == "dozen":
        return 12.0
    try:
        return float(text_to_num.text2num(word, "en"))
    except ValueError:
        return None


WORD_VALUES: dict[str, float] = {w: v for w in _CARDINAL_WORDS if (v := _word_value(w)) is not None}
ORDINAL_VALUES: dict[str, float] = {}
for _w in _ORDINALS:
    _card = _ordinal_to_cardinal(_w)
    if _card and (_v := _word_value(_card)) is not None:
        ORDINAL_VALUES[_w] = _v

_MONTHS = (
    "jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|"
    "sep|sept|september|oct|october|nov|november|dec|december"
)


_W_CARD = trie_pattern(_RUN_WORDS)
_W_ORD = trie_pattern(_ORDINALS)
_W_ANY = f"(?:{_W_CARD})(?:-(?:{_W_ORD}|{_W_CARD}))?|{_W_ORD}"

ROUND_NUMBER_SLACK = 0.05  # "$900K" may stand for $905,000, not for $960,000

SCALE_SUFFIX = {
    "trillion": 1e12, "tn": 1e12, "trn": 1e12,
    "billion": 1e9, "bn": 1e9, "bln": 1e9, "b": 1e9,
    "million": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6,
    "thousand": 1e3, "k": 1e3, "hundred": 1e2,
}

# Two scans, each written in lower case and run on the lower-cased text (see
# text.lowercase: offsets are those of the original). Every branch of the digit scan starts
# with a digit, so Python's re skips straight to digits; context that a look-behind
# would test (currency sign, month name, letters before) is checked in Python on the
# ~1 match per 20 words instead. A case-insensitive 80-word alternation is 5x slower.
_DIGIT_SRC = r"""
    (?P<time>\d{1,2}:\d{2}(?:\s?[ap]\.?m\b\.?)?)
  | (?P<slash>\d{1,2}/\d{1,2}(?:/\d{2,4})?(?![\w/]))
  | (?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)
        (?P<frac>[- ]\d/\d{1,2}\b)?
        (?:(?P<glued>mph|kph|km|kg|mm|cm|ft|lbs?)(?![\w])
          |(?P<sfx>[kmb]|bn|mn|tn|mln|bln|trn)(?![\w])
          |[\s-](?P<scale>trillion|billion|million|thousand|hundred|bn|mln|bln|mn)\b)?
        (?P<ord>st|nd|rd|th)?
        (?P<decade>s\b)?
        (?P<pct>\s?%|\s?(?:percent|per\s+cent|pct)\b)?
        (?![\w])
"""
# Units written onto a number ("80mph", "200lbs", "70mm"), as the head they stand for.
_GLUED_UNITS = {"ft": "foot", "lb": "pound", "lbs": "pound"}
_DATE_YEAR = re.compile(r",?\s+(1[89]\d\d|20\d\d)\b")
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTHS})\.?\s+$")
_CLOCK_AFTER = re.compile(r"\s?(?:gmt|utc|est|edt|cst|cdt|pst|pdt|bst|cet|local\s+time|hrs|hours\s+(?:gmt|est|edt))\b")
_CURRENCY = "$£€¥"

# Qualifiers right before a number, normalised to a bound type. Looked up as the last one
# to three words before the number (a dict lookup, ~10x cheaper than a regex search).
QUALIFIERS = {
    "at least": "ge", "no fewer than": "ge", "no less than": "ge", "more than": "gt",
    "over": "gt", "upwards of": "gt", "in excess of": "gt", "just over": "gt",
    "nearly": "le", "almost": "le", "just under": "le", "up to": "le", "as many as": "le",
    "at most": "le", "no more than": "le", "fewer than": "lt", "less than": "lt", "under": "lt",
    "about": "approx", "around": "approx", "roughly": "approx", "approximately": "approx",
    "some": "approx", "an estimated": "approx", "estimated": "approx", "approx.": "approx",
    "circa": "approx", "more or less": "approx", "close to": "approx",
    # heads and features bound a number with verbs and prepositions too ("Nearing 50",
    # "Well Over 1,000", "Topping $1M"): the same bounds, in the same words' senses
    "nearing": "le", "approaching": "le", "just shy of": "le", "as much as": "le",
    "well over": "gt", "well above": "gt", "above": "gt", "topping": "gt", "tops": "gt",
    "a little over": "gt", "a little more than": "gt", "just more than": "gt", "upward of": "gt",
    "well under": "lt", "below": "lt", "just below": "lt", "as few as": "ge",
    "in the region of": "approx", "on the order of": "approx", "as little as": "ge",
}


def qualifier_before(low: str, start: int) -> str | None:
    """Bound type of the qualifier ending just before `start` in lower-cased text."""
    window = low[max(0, start - 30) : start]
    if not window[-1:].isspace():
        return None
    tokens = window.split()
    if tokens and tokens[-1] == "the":  # "about the 50 ..." is rare but harmless
        tokens.pop()
    for k in (3, 2, 1):
        if len(tokens) >= k:
            kind = QUALIFIERS.get(" ".join(tokens[-k:]))
            if kind:
                return kind
    return None


_POST_QUALIFIER = re.compile(r"\s*(?:\+|-?plus\b|or\s+more\b|or\s+so\b|or\s+fewer\b)", re.IGNORECASE)

# Words that end a noun phrase (function words and auxiliaries).
STOP_WORDS = frozenset(
    """a an the and or but nor of in on at to from by for with without into onto over under
    about after before since during than as per vs versus that which who whom whose this these
    those it its they them their he she his her we our you your i my me is are was were be been
    being am has have had do does did will would shall should can could may might must not no
    yes so if then also along amid within behind near toward towards inside outside via like
    upon beyond below above around nearly almost roughly still only just even more most less least some any all each every both
    either neither other another such own same there here when where while because although
    though whether said says say told according including among out up down off against
    between through across per cent percent pct year-on-year""".split()
)

# Event lexicon: word -> event class (what happened to the counted thing).
EVENTS: dict[str, str] = {}
for _cls, _words in {
    "killed": "kill kills killed killing dead die dies died dying death deaths slain slaying "
    "perished fatalities fatality fatal toll murdered executed massacred",
    "injured": "injure injures injured injuring injuries wounded wounding wounds hurt",
    "hospitalized": "hospital hospitalized hospitalised hospitals",
    "arrested": "arrest arrests arrested arresting detained detaining detain jailed "
    "charged indicted convicted",
    "missing": "missing",
    "rescued": "rescued evacuated",
    "rose": "rise rises rose rising risen increase increased increases increasing gained "
    "climbed jumped surged grew soared",
    "fell": "fall falls fell falling fallen decrease decreased decline declined declining "
    "dropped drop drops slid plunged slumped shed lost",
}.items():
    for _w in _words.split():
        EVENTS[_w] = _cls

_EVENT_ALT = trie_pattern(EVENTS)
_VAGUE_ALT = trie_pattern(VAGUE_QUANTITIES).replace(re.escape(" "), r"\s+")  # "tens of\nthousands"
_WORD_SRC = rf"""
    (?<![\w-])
    (?:(?P<event>{_EVENT_ALT})\b
      |(?P<fraction>(?:one|two|three)-(?:half|thirds?|quarters?)(?!-)
                   |(?:(?:one|two|three|a)\s)?(?:half|thirds?|quarters?)(?=\s+of\b))
      |(?P<vague>(?:{_VAGUE_ALT})\b)
      |(?P<unitword>century\b|decade\b|half[-\s](?:an\s+)?hour\b)
      |(?P<words>(?:(?:a\s+half|half\s+an?|an?|one)\s+(?=dozen|hundred|thousand|million|billion))?
        (?:{_W_ANY})(?:(?:\s+and\s+|\s+|-)(?:{_W_ANY}))*(?!\w)))
"""
_DIGIT_AT = re.compile(_DIGIT_SRC, re.VERBOSE)
_DIGIT_START = re.compile(r"\d+")  # first op is a digit class: re jumps from digit to digit
_WORD_SCAN = re.compile(_WORD_SRC, re.VERBOSE)
CURRENCY_WORDS = frozenset(
    """dlr dlrs dollar dollars ct cts cent cents yen stg sterling pound pounds marks francs
    euro euros lire pesos rupees yuan""".split()
)

# Heads that denote the same group (crude synonym classes, singular forms).
_SYNONYMS = {
    "soldier": "military", "serviceman": "military", "servicemen": "military",
    "troop": "military", "trooper": "military", "service member": "military",
    "person": "people", "people": "people", "persons": "people", "individual": "people",
    "cop": "police", "officer": "police", "policeman": "police", "policemen": "police",
    "child": "children", "children": "children", "kid": "children",
    "worker": "workers", "employee": "workers", "staffer": "workers", "staff": "workers",
    "man": "men", "men": "men", "woman": "women", "women": "women",
    "feet": "foot", "metre": "meter", "litre": "liter",  # units: one spelling per unit
}

# Units of measure and time. Right after a number such a word is the head of what is
# counted, so the noun phrase ends there: "31 years later" counts years, not "later";
# "6 decades carry" counts decades. (Time, length, weight, speed, area units.)
UNIT_NOUNS = frozenset(
    """year month week day hour minute second decade century centuries time mile kilometer km
    meter metre foot feet inch pound ton tonne kg gallon acre mph degree point percent cent
    yard kilogram gram liter litre""".split()
)

# A word of a noun phrase; initialisms ("U.S.") and the abbreviated titles of place and
# rank names ("St. Louis", "Sgt.") keep their dots, so "nine U.S. soldiers" counts soldiers.
_WORD = re.compile(r"[ \t]*(?:-[ \t]*)?((?:[A-Z]\.){2,}|(?:St|Mt|Ft|Gov|Sen|Rep|Gen|Lt|Col|Sgt|Dr)\.(?= [A-Z])"
                   r"|[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*)")
_HYPHEN_UNIT = re.compile(r"-([A-Za-z]+)")
_OF = re.compile(r"\s+of\s+(?:the\s+|them\s*|those\s+)?", re.IGNORECASE)


def singular(word: str) -> str:
    """A cheap singular form for matching heads ('guards' -> 'guard', 'men' stays)."""
    w = word.lower().replace("’", "'")
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "xes", "ches", "shes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def group_of(head: str | None) -> str | None:
    """The synonym class of a head noun (or the singular head itself)."""
    if not head:
        return None
    return _SYNONYMS.get(head, head)


@dataclass(slots=True)
class Mention:
    """One number in a field: span, parsed value, bounds and what it counts."""

    start: int
    end: int
    text: str
    value: float
    lo: float
    hi: float
    kind: str  # count | money | percent | ordinal | year | decade | date | time | vague
    unit: float = 1.0  # the rounding unit of the written form (1.1bn -> 1e8)
    qualifier: str | None = None  # ge | gt | le | lt | approx
    spelled: bool = False
    head: str | None = None  # singular head noun of the counted thing
    mods: tuple[str, ...] = ()  # other words of the noun phrase (lower case)
    proper_mods: tuple[str, ...] = ()  # capitalised modifiers ("Azerbaijani")
    np_end: int = 0  # end offset of the bound noun phrase
    event: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def group(self) -> str | None:
        return group_of(self.head)

    def as_related(self, field_name: str) -> dict:
        d = {"field": field_name, "start": self.start, "end": self.end, "text": self.text,
             "value": self.value, "lo": self.lo, "hi": self.hi, "kind": self.kind}
        if self.qualifier:
            d["qualifier"] = self.qualifier
        if self.head:
            d["counts"] = " ".join((*self.mods, self.head)) if self.mods else self.head
        if self.event:
            d["event"] = self.event
        return d


def _precision_unit(digits: str, scale: float) -> float:
    """Rounding unit of a written number: '1.13' -> 0.01, '50' -> 1 (times its scale)."""
    if "." in digits:
        return 10.0 ** -len(digits.split(".", 1)[1]) * scale
    return scale


def _magnitude(value: float) -> float:
    """10 ** floor(log10(value)): the step of the leading digit (50 -> 10, 700 -> 100)."""
    if value <= 0:
        return 1.0
    return 10.0 ** math.floor(math.log10(value))


def _bounds(value: float, unit: float, qualifier: str | None) -> tuple[float, float]:
    """Interval a qualified mention allows: up to half a leading-digit step (at least its
    rounding unit) above a floor ("at least 50" -> 50..55), below a ceiling, or half that
    either side of an approximation; an unqualified one keeps its rounding interval."""
    step = max(_magnitude(value) / 2, unit)
    if qualifier in ("ge", "gt"):
        return value, value + step
    if qualifier in ("le", "lt"):
        return value - step, value
    if qualifier == "approx":
        return value - step / 2, value + step / 2
    return value - unit / 2, value + unit / 2


_FRACTIONS = {"half": 0.5, "third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25, "quarters": 0.25}


def _fraction_value(phrase: str) -> float:
    """'two-thirds' -> 0.667, 'a quarter' -> 0.25, 'half' -> 0.5."""
    words = phrase.lower().replace("-", " ").split()
    count = {"a": 1, "one": 1, "two": 2, "three": 3}.get(words[0], 1) if len(words) > 1 else 1
    return count * _FRACTIONS[words[-1]]


def _words_value(run: str) -> tuple[float | None, bool]:
    """(value, is_ordinal) of a spelled-out run like 'forty-two' or 'twenty-first'."""
    low = run.lower()
    if low in WORD_VALUES:
        return WORD_VALUES[low], False
    if low in ORDINAL_VALUES:
        return ORDINAL_VALUES[low], True
    if low.startswith(("half ", "a half ")):  # "half a dozen", "a half million"
        whole = _words_value(low.split("half ", 1)[1])[0]
        return (whole / 2 if whole is not None else None), False
    norm = re.sub(r"^(?:an?)\s+", "one ", low).replace("-", " ")
    for abbr, word in _SCALE_ABBREVIATIONS.items():
        norm = norm.replace(abbr, word)
    is_ord = False
    last = norm.rsplit(" ", 1)[-1]
    if last in ORDINAL_VALUES or last.endswith("th") and last not in WORD_VALUES:
        card = _ordinal_to_cardinal(norm)
        if card is None:
            return None, False
        norm, is_ord = card, True
    if norm.endswith("dozen"):
        rest = norm[: -len("dozen")].strip()
        mult = _words_value(rest)[0] if rest else 1.0
        return (12.0 * mult if mult is not None else None), False
    try:
        return float(text_to_num.text2num(norm, "en")), is_ord
    except ValueError:
        return None, False


def _split_words_run(run: str, offset: int) -> list[tuple[int, int, str]]:
    """Split a run text2num rejects ('one two', 'twenty-first and second') into words."""
    out = []
    for m in re.finditer(r"[A-Za-z]+(?:-[A-Za-z]+)?", run):
        if m.group().lower() != "and":
            out.append((offset + m.start(), offset + m.end(), m.group()))
    return out


def _bind(text: str, m: Mention, limit: int, events: list[tuple[int, str]], event_pos: list[int]) -> None:
    """Attach the counted noun phrase and the event to a mention (in place).

    `events` are the (offset, class) of every event word in the text, from the word scan.
    """
    pos = m.end
    hy = _HYPHEN_UNIT.match(text, pos)
    words: list[str] = []
    raw: list[str] = []
    if hy and hy.group(1).lower() not in EVENTS:  # "44-day war", "3-year-old"
        words.append(hy.group(1).lower())
        raw.append(hy.group(1))
        pos = hy.end()
    else:
        of = _OF.match(text, pos)
        if of and m.kind == "vague":  # "dozens of soldiers"
            pos = of.end()
        while len(words) < 4:
            w = _WORD.match(text, pos, limit)
            if not w:
                break
            low = w.group(1).lower()
            if low in STOP_WORDS or low in EVENTS or low in WORD_VALUES:
                if low in EVENTS:
                    m.event = EVENTS[low]
                break
            if words and low.endswith("ing") and singular(words[-1]) != words[-1]:
                break  # "three students studying abroad": the participle starts a new phrase
            words.append(low)
            raw.append(w.group(1))
            pos = w.end()
            if len(words) == 1 and singular(low) in UNIT_NOUNS:
                break  # "31 years later", "80 mph winds": the unit is the head
    m.np_end = pos
    if words:
        m.head = singular(words[-1])
        if m.kind == "count" and words[0] in CURRENCY_WORDS:  # "150 mln dlrs", "20 cts"
            m.kind = "money"
        m.mods = tuple(words[:-1])
        m.proper_mods = tuple(r.lower() for r in raw[:-1] if r[:1].isupper())
    if m.event is not None or not events:
        return
    i = bisect_left(event_pos, m.start)
    # 1. just before: "killing at least 50 people", "Kill 70"
    if i and _no_clause_break(text, event_pos[i - 1], m.start, 30):
        m.event = events[i - 1][1]
        return
    # 2. later in the clause: "... soldiers have been killed", "guards died"
    j = bisect_left(event_pos, pos)
    if j < len(events) and _no_clause_break(text, pos, event_pos[j], 80):
        m.event = events[j][1]
        return
    # 3. further back in the clause: "the death toll rose to 50"
    if i and _no_clause_break(text, event_pos[i - 1], m.start, 48):
        m.event = events[i - 1][1]


def _no_clause_break(text: str, start: int, end: int, max_gap: int) -> bool:
    return end - start <= max_gap and not _CLAUSE_BREAK.search(text, start, end)


_CLAUSE_BREAK = re.compile(r"[.;:!?()\"“”\n]|,\s|\s[–—]\s")


def find_mentions(text: str) -> list[Mention]:
    """Every number mention in `text`, in order, with values, bounds and bindings."""
    out: list[Mention] = []
    if not text:
        return out
    n = len(text)
    low = lowercase(text)
    last_end = 0
    for cand in _DIGIT_START.finditer(low):
        s = cand.start()
        if s < last_end:
            continue  # "7-1/4": the "1/4" belongs to the number before
        prev = low[s - 1] if s else " "
        if prev.isalnum() or prev in "_.,/:":
            continue  # inside a token: "A4", "3.5.1", "10:30:15"
        mt = _DIGIT_AT.match(low, s)
        if mt is None:
            continue
        g = mt.lastgroup
        if g == "time":
            m = Mention(s, mt.end(), text[s : mt.end()], 0.0, 0.0, 0.0, "time")
        elif g == "slash":  # "9/11", "3/14/2020": a date, not a fraction
            m = Mention(s, mt.end(), text[s : mt.end()], 0.0, 0.0, 0.0, "date")
        else:
            m = _from_digits(text, low, mt)
            if m is None:
                continue
        out.append(m)
        last_end = mt.end()
    words = []
    events: list[tuple[int, str]] = []
    for mt in _WORD_SCAN.finditer(low):
        g = mt.lastgroup
        s, e = mt.span()
        if g == "event":
            events.append((s, EVENTS[mt.group()]))
        elif g == "fraction":
            v = _fraction_value(mt.group())
            words.append(Mention(s, e, text[s:e], v, v, v, "fraction", spelled=True))
        elif g == "unitword":
            value, head = _UNIT_WORDS[mt.group().split()[-1].rsplit("-", 1)[-1]]
            article = _UNIT_ARTICLE.search(low, max(0, s - 5), s)
            if article:
                s = article.start()
            elif head == "year":
                continue  # "the decade", "decades": not one decade
            words.append(Mention(s, e, text[s:e], value, value, value, "count", spelled=True, head=head,
                                 np_end=e, extra={"unitword": True}))
        elif g == "vague":
            key = " ".join(mt.group().split())
            lo, hi = VAGUE_QUANTITIES[key]
            if hi < 10 and (scale := _VAGUE_SCALE.match(low, e)):  # "several hundred": 300..900
                e = scale.end()
                lo, hi = lo * SCALE_SUFFIX[scale.group(1)], hi * SCALE_SUFFIX[scale.group(1)]
            vm = Mention(s, e, text[s:e], lo, lo, hi, "vague", unit=hi - lo)
            if key in _VAGUE_HEADS:
                vm.head, vm.np_end, vm.extra["unitword"] = _VAGUE_HEADS[key], e, True
            words.append(vm)
        else:
            words.extend(_from_words(text, mt))
    if words:
        out = sorted(out + words, key=lambda m: m.start)
        # "2 Decades", "two hundreds": a number before the plural makes it a count of units
        out = [m for i, m in enumerate(out) if m.kind != "vague" or not i
               or text[out[i - 1].end : m.start].strip(" -") or m.start - out[i - 1].end > 2]
    for m in out:
        if m.kind == "count" and (half := _AND_A_HALF.match(low, m.end)):  # "four and a half years"
            m.value += 0.5
            m.lo, m.hi = m.lo + 0.5, m.hi + 0.5
            m.end = half.end()
            m.text = text[m.start : m.end]
    event_pos = [p for p, _ in events]
    spans = False
    for m in out:
        if m.kind in ("count", "money", "percent", "vague", "ordinal"):
            q = qualifier_before(low, m.start)
            post = None if q or m.kind == "ordinal" else _POST_QUALIFIER.match(text, m.end)
            if q:
                m.qualifier = q
            elif post:
                word = post.group().strip().lower()
                m.qualifier = "approx" if word == "or so" else ("le" if "fewer" in word else "ge")
            if m.qualifier and m.kind != "vague":
                m.lo, m.hi = _bounds(m.value, m.unit, m.qualifier)
        if m.kind not in ("time", "date", "year") and "unitword" not in m.extra:
            _bind(text, m, n, events, event_pos)
            if m.kind == "count" and m.start > 2 and low[m.start - 1] == " " \
                    and (name := _LIST_NAME_BEFORE.search(low, max(0, m.start - 16), m.start)) \
                    and (name.group(1) != "the top" or m.head is None):
                m.extra["list"] = " ".join(name.group(1).split())
            if "glued" in m.extra:
                m.head, m.mods, m.proper_mods = m.extra["glued"], (), ()
        if m.kind == "count" and (_OTHERS_AFTER.match(low, m.end)
                                  or m.np_end and _AND_ONE_AFTER.match(low, m.np_end)):
            m.extra["plus_one"] = True
        if m.head == "year" and (rel := _SPAN_RELATION.match(low, m.np_end or m.end)):
            m.extra["span"] = rel.group(1)  # "50 years ago", "121 years after"
            spans = True
    _join_ranges(text, out)
    _shares_of(low, out)
    _ordinal_fractions(text, low, out)
    _ratios(low, out)
    if words:
        _fractions_of(low, out)
    if spans:
        _span_bases(text, out)
    return out


_A_BEFORE = re.compile(r"(?<![\w-])(?:a|one)\s+$")


def _ordinal_fractions(text: str, low: str, mentions: list[Mention]) -> None:
    """'a sixth of the population', 'one-tenth of': an ordinal word after "a"/"one" and
    before "of" is the fraction 1/n, not the nth."""
    for m in mentions:
        if m.kind == "ordinal" and m.spelled and m.value > 2 and low.startswith(" of ", m.end):
            art = _A_BEFORE.search(low, max(0, m.start - 5), m.start)
            if art:
                v = 1.0 / m.value
                m.start, m.kind, m.value, m.lo, m.hi = art.start(), "fraction", v, v, v
                m.text = text[m.start : m.end]


_RATIO_GAP = re.compile(r"\s+(?:in|out\s+of)\s+")


def _ratios(low: str, mentions: list[Mention]) -> None:
    """'1 in 5', 'two out of three': a rate, kept on the first number as extra["ratio"]
    (numerator, denominator); the second is marked extra["ratio_of"]."""
    for a, b in zip(mentions, mentions[1:]):
        if a.kind == b.kind == "count" and 0 < a.value < b.value:
            gap = _RATIO_GAP.match(low, a.end)
            if gap and gap.end() == b.start:
                a.extra["ratio"] = (a.value, b.value)
                b.extra["ratio_of"] = True


# Names that carry a number: charts and rankings ("the Top 40", "the Hot 100", "Fortune
# 500"), market indexes ("S&P 500", "FTSE 100", "Russell 2000") and ranked labels
# ("Category 2", "Level 4", "Stage 3"): extra["list"] holds the name, and the
# number is compared with the same name only. "the top" names a chart only
# when no noun follows ("the top 10 cities" counts cities).
LIST_NAMES = ("fortune", "hot", "billboard", "s&p", "ftse", "nikkei", "russell", "dax", "inc.", "the top",
              "category", "level", "stage", "phase", "grade")
# Of these, ranked labels: when the body never uses the label, the number is judged as
# a count (a "Category 4" storm may be described in words); names are then left alone.
RANKED_LABELS = frozenset(("category", "level", "stage", "phase", "grade"))
_LIST_NAME_BEFORE = re.compile(r"(?<![\w&])(" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in LIST_NAMES)
                               + r")\s+$")
_OF_WHOLE = re.compile(r"\s+of\s+(?:the|its|their|his|her|our|all|all\s+the)?\s*")


def _shares_of(low: str, mentions: list[Mention]) -> None:
    """'126 of its 134 employees': the share counts what the whole counts."""
    for a, b in zip(mentions, mentions[1:]):
        if a.head is None and b.head and a.kind == b.kind == "count":
            of = _OF_WHOLE.match(low, a.end)
            if of and of.end() == b.start:
                a.head, a.mods, a.proper_mods = b.head, b.mods, b.proper_mods
                a.event = a.event or b.event


_OF_THE = re.compile(r"\s+of\s+(?:the\s+|its\s+|their\s+|an?\s+)?")


def _fractions_of(low: str, mentions: list[Mention]) -> None:
    """'half of the $700 billion': the amount also stands for its fraction (NumHG's
    Divide(700,2) for "$350B"), kept on the amount as extra["fraction_of"]."""
    for f, n in zip(mentions, mentions[1:]):
        if f.kind == "fraction" and n.kind in ("count", "money"):
            of = _OF_THE.match(low, f.end)
            if of and of.end() == n.start:
                n.extra["fraction_of"] = f.value


def _span_bases(text: str, mentions: list[Mention]) -> None:
    """Years a span counts from: "N years after/before" counts from a year named in its own
    sentence ("in 1917 ... 100 years later"); with none there, from the date of publication
    ("Some 121 years after the war broke out"), as "N years ago" always does."""
    for m in mentions:
        if "span" not in m.extra or m.extra["span"] == "ago":
            continue
        start = max(text.rfind(". ", 0, m.start), text.rfind("\n", 0, m.start)) + 1
        stop = text.find(". ", m.end)
        stop = len(text) if stop < 0 else stop
        m.extra["span_base"] = tuple(y.value for y in mentions
                                     if y.kind == "year" and y.value >= 1000 and start <= y.start < stop)


# Time spans written as words: "a century later" is 100 years, "a decade" 10 years,
# "a half-hour" 30 minutes (NumHG's Trans/Paraphrase derivations of "100 Years Later",
# "30-Minute Deliveries").
_UNIT_WORDS = {"century": (100.0, "year"), "decade": (10.0, "year"), "hour": (30.0, "minute")}
# A count that leaves one out: "the Volt ... five other sedans", "one dead and three others
# wounded", "nine officers and a trooper". The whole is the count plus one (NumHG's
# Add(N,1) headlines: "6 Discontinued Cars", "4 Shot", "10 Cops Injured").
_OTHERS_AFTER = re.compile(r"\s+others?\b")
_AND_ONE_AFTER = re.compile(r"\s+and\s+(?:a|an|one)\s+[a-z]")
_SPAN_RELATION = re.compile(r"\s+(ago|after|later|before|earlier)\b")
_UNIT_ARTICLE = re.compile(r"\b(?:a|one)\s+$")
_AND_A_HALF = re.compile(r"\s+and\s+a\s+half\b(?!\s+(?:hundred|thousand|million|billion|trillion)\b)")


_CODE_PREFIX = re.compile(r"(?<![\w-])([A-Za-z]*[A-Z][A-Za-z]*)-$")
_RANGE_GAP = re.compile(r"\s?(?:-|–|—|to|or)\s?$|\s(?:to|or)\s$", re.IGNORECASE)
_RANGE_KINDS = frozenset(("count", "money", "percent"))
_FROM_BEFORE = re.compile(r"\bfrom\s+$", re.IGNORECASE)
# After a change verb, "N to M" is a range of estimates when the ends are close ("fell 40 to
# 50 feet", "rise 2 to 3 percent") and a change followed by the new level when M is far
# larger ("the Dow fell 266 to 11,867", "the S&P shed 2.37 to 940.09"): a level is many
# times the day's move, an estimate range spans less than a factor of three.
CHANGE_TO_LEVEL_RATIO = 3.0


def _join_ranges(text: str, mentions: list[Mention]) -> None:
    """'10-15 people', '10 to 15 people', 'between 10 and 15': both ends get the range."""
    for a, b in zip(mentions, mentions[1:]):
        if a.kind not in _RANGE_KINDS or b.kind not in _RANGE_KINDS or b.start - a.end > 5:
            continue
        gap = text[a.end : b.start]
        between = gap.strip().lower() == "and" and text[max(0, a.start - 8) : a.start].lower().endswith("between ")
        if not (between or _RANGE_GAP.fullmatch(gap)) or b.value < a.value:
            continue
        if "-" not in gap and (_FROM_BEFORE.search(text, max(0, a.start - 6), a.start)
                               or a.event in ("rose", "fell") and b.value > CHANGE_TO_LEVEL_RATIO * a.value):
            continue  # "grew from $3.8bn to $8.5bn", "fell 266 to 11,867": a change, two values
        lo, hi = min(a.lo, b.lo), max(a.hi, b.hi)
        for m in (a, b):
            m.extra["own"] = (m.lo, m.hi)  # the end's own rounding interval
            m.lo, m.hi = lo, hi
            m.extra["range"] = True
        if a.head is None:
            a.head, a.mods, a.proper_mods, a.np_end = b.head, b.mods, b.proper_mods, b.np_end
        a.event = a.event or b.event


def _from_digits(text: str, low: str, mt: re.Match) -> Mention | None:
    digits = mt.group("digits")
    try:
        value = float(digits.replace(",", ""))
    except ValueError:
        return None
    s, e = mt.span()
    kind = "count"
    if len(digits) <= 2 and not mt.group("sfx") and not mt.group("scale") and not mt.group("pct") \
            and (month := _MONTH_BEFORE.search(low, max(0, s - 11), s)):
        extra = {"month": month.group().strip(" .")[:3]}
        if year := _DATE_YEAR.match(low, s + len(digits)):  # "Feb 1, 1986"
            extra["year"] = float(year.group(1))
        return Mention(s, s + len(digits), text[s : s + len(digits)], value, value, value, "date", extra=extra)
    if len(digits) == 4 and _CLOCK_AFTER.match(low, e):
        return Mention(s, e, text[s:e], 0.0, 0.0, 0.0, "time")  # "1600 GMT"
    cur = clip = False
    if s and low[s - 1] in _CURRENCY:
        cur, s = True, s - 1
    elif s > 1 and low[s - 1] == " " and low[s - 2] in _CURRENCY:
        cur, s = True, s - 2
    elif s and low[s - 1] in "'’" and len(digits) == 2 and e == s + 2 and not (s > 1 and low[s - 2].isalnum()):
        clip, s = True, s - 1
    if cur and low[max(0, s - 2) : s] == "us":  # "US$5"
        s -= 2
    elif cur and s and low[s - 1] in "ac" and (s == 1 or not low[s - 2].isalnum()):  # "A$5"
        s -= 1
    sfx = mt.group("sfx") or mt.group("scale")
    scale = SCALE_SUFFIX[sfx] if sfx else 1.0
    frac = mt.group("frac")
    if frac:
        a, b = frac.strip("- ").split("/")
        if int(b):
            value += int(a) / int(b)
    unit = _precision_unit(digits, scale)
    value *= scale
    # a lower-case one-letter suffix may be a unit ("100m" metres, "3b" a grade); "10M",
    # "$3B", "bn" and "mln" are scales only
    sfx_text = text[mt.start("sfx") : mt.end("sfx")] if mt.group("sfx") else ""
    extra = {"letter_scale": scale} if len(sfx_text) == 1 and sfx_text.islower() else {}
    if sfx_text:
        extra["scale_letter"] = sfx_text
    if mt.group("glued"):  # "80mph", "200lbs": the unit is written onto the number
        extra["glued"] = _GLUED_UNITS.get(mt.group("glued"), mt.group("glued"))
    code = _CODE_PREFIX.search(text, max(0, s - 12), s) if s and text[s - 1] == "-" else None
    if code and not cur:
        extra["code"] = code.group(1).lower()
    if mt.group("pct"):
        kind = "percent"
    elif cur:
        kind = "money"
    elif mt.group("ord"):
        kind = "ordinal"
    elif mt.group("decade"):
        kind = "decade"
    elif clip:
        kind = "year"
    elif scale == 1.0 and "," not in digits and "." not in digits and len(digits) == 4 and 1000 <= value <= 2100:
        kind = "year"
    lo, hi = _rounding_interval(value, digits, unit, kind)
    return Mention(s, e, text[s:e], value, lo, hi, kind, unit=unit, extra=extra)


def _rounding_interval(value: float, digits: str, unit: float, kind: str) -> tuple[float, float]:
    """Body values a written number may stand for once rounded.

    Nearest rounding or truncation to the last written digit ("217" covers 216.5..217.99:
    NumHG headlines write the Dow's 217.52 as 217); a round number of 100 or more may be
    rounded further, by at most ROUND_NUMBER_SLACK of its value ("$900K" for $905,000).
    """
    lo, hi = value - unit / 2, value + unit * 0.999
    if kind != "year" and value >= 100 and "." not in digits:
        mantissa = digits.replace(",", "")
        zeros = len(mantissa) - len(mantissa.rstrip("0"))
        if zeros:
            slack = min(unit * 10**zeros / 2, ROUND_NUMBER_SLACK * value)
            lo, hi = min(lo, value - slack), max(hi, value + slack)
    return lo, hi


def _from_words(text: str, mt: re.Match) -> list[Mention]:
    s, e = mt.span()
    run = mt.group()
    value, is_ord = _words_value(run)
    pieces = [(s, e, run)] if value is not None else _split_words_run(run, s)
    out = []
    for ps, pe, pt in pieces:
        if value is None:
            v, o = _words_value(pt)
            if v is None:
                continue
        else:
            v, o = value, is_ord
        kind = "ordinal" if o else "count"
        low = pt.lower()
        if low in ("hundred", "thousand", "million", "billion", "trillion", "mln", "bln"):
            continue  # a bare scale word is not a number ("a hundred" is caught whole)
        out.append(Mention(ps, pe, text[ps:pe], v, v, v, kind, spelled=True))
    return out
