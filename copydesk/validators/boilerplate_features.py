"""Transferable line features for the boilerplate model, and the model that weighs them.

Each paragraph (a line of the body) becomes one row of numeric features that say nothing
about any particular site's wording:

* **cue vocabulary families** -- how many of the line's words belong to each family of
  page-furniture vocabulary (share/social, subscribe/newsletter, comments, account/login,
  legal/privacy/copyright, ads/sponsored, navigation/related, credits/bylines/dates,
  app/podcast/RSS, time stamps, reader-reply chat). The families are the widget and link vocabulary of web
  templates as boilerplate-removal work describes it (jusText's stop-phrase idea,
  Boilerpipe's link/text cues, Kohlschütter et al. 2010 "shallow text features"); each family
  is a handful of general words, not lines of any page;
* **line shape** -- word and character counts, terminal punctuation, title case, capitals,
  digits, separators (``|``, ``»``, ``•``), URLs, handles and e-mail addresses, an imperative
  opening, the stop-word share (jusText's main signal: prose is rich in function words,
  furniture is not), exclamation marks and the share of first/second-person words (reader replies);
* **position** -- relative place in the body, first/last lines, distance to the nearest long
  prose line before and after (menus sit before the story, comment threads after it);
* **context** -- the shape of the neighbouring lines, also against the page's own mean, the
  share of short lines in the body, whether the body is laid out one paragraph per line (an
  extracted page), and whether a comment-section heading stands above the line (a reader
  thread) or below it;
* **blocks** -- lines of one hard-wrapped paragraph are read as one block: shape, cues,
  position and context are the block's, so the neighbours of a wrapped fragment are the
  story's other paragraphs;
* **corpus statistics** -- the line's repetition across one source's articles and the
  ``phrase`` rule's family hit, both computed by :mod:`copydesk.validators.boilerplate`.

The weights are a logistic regression fitted by ``benchmarks/boilerplate_train.py`` (two
weight sets: one for article copy, one for extracted pages) and stored as JSON beside this
module; scoring is a dot product in numpy.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from itertools import chain, repeat
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

MODEL_FILE = Path(__file__).with_name("boilerplate_model.json")

# ---- cue vocabulary families (lower-case words; a line's count is the number of distinct ones)
CUE_FAMILIES: dict[str, tuple[str, ...]] = {
    "social": ("share", "shared", "shares", "tweet", "retweet", "facebook", "twitter", "linkedin", "pinterest",
               "reddit", "whatsapp", "instagram", "youtube", "tumblr", "digg", "stumbleupon", "delicious",
               "google+", "myspace", "flickr", "like", "follow", "bookmark", "permalink", "trackback", "email",
               "e-mail", "print", "printable", "forward", "recommend"),
    "subscribe": ("subscribe", "subscription", "subscriber", "newsletter", "inbox", "alerts", "sign", "signup",
                  "register", "registration", "unsubscribe", "delivered", "briefing", "digest", "membership",
                  "member", "join", "free"),
    "comments": ("comment", "comments", "reply", "replies", "responded", "wrote", "posted", "discussion",
                 "discuss", "forum", "thread", "moderator", "moderated", "moderation", "spam", "flag", "offensive", "report", "abuse",
                 "votes", "rating", "rate", "reader", "readers", "feedback"),
    "account": ("login", "log", "logout", "password", "username", "account", "profile", "dashboard", "sign-in",
                "signin", "avatar", "user", "users", "admin"),
    "legal": ("copyright", "rights", "reserved", "privacy", "policy", "terms", "conditions", "cookie", "cookies",
              "disclaimer", "trademark", "licence", "license", "licensed", "legal", "reprint", "reprints",
              "permission", "permissions", "dmca", "gdpr", "consent", "accessibility"),
    "ads": ("advertisement", "advertisements", "advertising", "advertise", "advertiser", "advert", "sponsor", "sponsored", "promoted", "promotion", "partner", "partners",
            "affiliate", "ad", "ads", "adchoices", "deals", "offer", "shop", "buy", "coupon", "sale"),
    "navigation": ("home", "homepage", "menu", "next", "previous", "prev", "back", "top", "more", "related",
                   "popular", "latest", "archive", "archives", "categories", "category", "tags", "tag", "topics",
                   "sitemap", "site", "search", "index", "page", "pages", "skip", "jump", "contact", "about",
                   "faq", "help", "read", "view", "see", "click", "here", "links", "link", "recent", "trending",
                   "recommended", "gallery", "photos", "videos", "video", "slideshow", "watch", "listen", "load",
                   "show", "hide", "continue", "full", "story", "stories", "headlines", "section", "browse"),
    "credit": ("by", "photo", "photos", "image", "images", "credit", "courtesy", "staff", "writer", "reporter",
               "correspondent", "editor", "editing", "reporting", "contributed", "contributor", "author",
               "published", "updated", "posted", "filed", "getty", "reuters", "afp", "ap", "wire", "source"),
    "app": ("app", "apps", "download", "android", "iphone", "ipad", "ios", "mobile", "podcast", "podcasts",
            "rss", "feed", "feeds", "atom", "xml", "widget", "itunes", "spotify", "kindle", "desktop"),
    # reader replies: thanks, greetings, praise and agreement (comment threads under a story)
    "chat": ("thanks", "thank", "thx", "lol", "agree", "agreed", "awesome", "cool", "wow", "omg", "cheers",
             "congrats", "congratulations", "hi", "hey", "hello", "haha", "yes", "yeah", "yep", "nope", "gotta",
             "love", "lovely", "nice", "great", "glad", "sorry", "please", "dear", "btw", "imho", "imo"),
    "time": ("ago", "am", "pm", "a.m.", "p.m.", "edt", "est", "gmt", "pdt", "pst", "bst", "utc", "ist", "cet",
             "yesterday", "today", "minutes", "hours", "mins", "hrs"),
}
IMPERATIVES = frozenset((
    "share", "follow", "subscribe", "sign", "log", "click", "tap", "read", "view", "see", "watch", "get", "join",
    "download", "listen", "leave", "post", "add", "email", "e-mail", "print", "like", "visit", "contact", "learn",
    "find", "check", "register", "enter", "submit", "reply", "report", "load", "show", "hide", "go", "back",
    "skip", "continue", "browse", "search", "send", "save", "tweet", "explore", "discover", "try", "buy", "shop",
    "order", "call", "write", "tell", "vote", "rate", "comment", "support", "donate", "please", "return", "jump",
    "more", "next", "previous", "home",
))
STOP_WORDS = frozenset((
    "the", "of", "and", "to", "a", "in", "that", "is", "was", "for", "it", "with", "as", "he", "she", "his", "her",
    "they", "be", "at", "have", "had", "has", "from", "this", "but", "not", "are", "were", "said", "an", "which",
    "who", "will", "would", "their", "its", "or", "been", "we", "i", "you", "there", "if", "when", "than", "them",
    "so", "can", "could", "also", "about", "into", "after", "more", "one", "all", "what", "out", "up", "some",
    "no", "our", "my", "do", "did", "him", "these", "those", "other", "any", "over", "because", "then", "may",
    "such", "only", "us", "very", "just", "most", "while", "where", "how", "should", "being", "both",
))
_FAMILY_OF: dict[str, list[int]] = {}
for _i, (_name, _stems) in enumerate(CUE_FAMILIES.items()):
    for _stem in _stems:
        _FAMILY_OF.setdefault(_stem, []).append(_i)
_FAMILY_WORDS = frozenset(_FAMILY_OF)

_WORD = re.compile(r"[a-z][a-z0-9+'’.-]*[a-z0-9+]|[a-z]")
_SEPARATORS = re.compile(r"[|»«›‹•·>]|\s[-–—/]\s|::")
_URL = re.compile(r"https?://|www\.|\.(?:com|org|net|co\.uk|gov|edu|info|ca|au|in)\b", re.I)
_HANDLE = re.compile(r"(?<!\w)@\w{2,}|\b[\w.+-]+@[\w-]+\.\w+")
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}\s?[ap]\.?m\b", re.I)
_MONTH_WORDS = frozenset(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
                          "january", "february", "march", "april", "june", "july", "august", "september",
                          "october", "november", "december"))
_NUMERIC_DATE = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b(?:19|20)\d\d\b")
_COUNT = re.compile(r"^\(?\d[\d,.]*\)?\s+\w|\(\d+\)")
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s+[\"“‘(]?[A-Z]")

SHAPE_NAMES = (
    "bias", "log_words", "words_le2", "words_le5", "words_le10", "words_gt25", "log_chars",
    "end_sentence", "end_colon", "end_quote_paren", "end_alnum", "end_other",
    "first_upper", "title_share", "caps_share", "digit_share", "alpha_share",
    "separators", "url", "handle", "time", "date", "count_pattern", "copyright_sign",
    "imperative_start", "stop_share", "stop_share_long", "sentences", "parens", "question",
    "bullet_start", "ellipsis", "exclaim", "person_share", "table_row",
)
CUE_NAMES = tuple(f"cue_{name}" for name in CUE_FAMILIES) + tuple(f"cue_{name}_share" for name in CUE_FAMILIES) + (
    "cue_families", "cue_any",
)
POSITION_NAMES = (
    "pos_rel", "pos_first", "pos_last", "pos_first3", "pos_last3", "pos_edge_dist",
    "before_prose", "after_prose", "prose_lines_log", "short_share", "body_lines_log",
)
CONTEXT_NAMES = (
    "prev_short", "next_short", "prev_end_sentence", "next_end_sentence", "prev_cue", "next_cue",
    "prev_phrase", "next_phrase", "near_phrase", "block_short_run",
    "win2_words", "win2_sentence", "win2_stop", "win2_cue", "win5_words", "win5_sentence", "win5_stop",
    "win5_cue", "win5_phrase", "in_main", "main_dist", "main_before", "main_after", "main_share",
    "comment_head_above", "comment_head_below", "comment_head_above_outside_main",
    "rel_words", "rel_win2_words", "rel_win5_words", "rel_win5_sentence",
)
WRAP_NAMES = ("starts_lower", "next_starts_lower", "continues_prev", "continued_next", "wrap_share", "wrapped_page")
_N_BASE = len(SHAPE_NAMES) + len(CUE_NAMES)
_STOP_COL = SHAPE_NAMES.index("stop_share")
STAT_NAMES = ("phrase_hit", "repeated", "repeat_log", "overlap_share", "overlap_none", "content_words_log",
              "wrapped_lines_log")


_DIGITS = re.compile(r"\d+")
_HAS_DIGIT = re.compile(r"\d")
_NOT_DIGIT = re.compile(r"\D+")
_NOT_UPPER = re.compile(r"[^A-ZÀ-ÖØ-ÞĀ-Ž]+")
_UPPER_INITIAL = re.compile(r"(?<!\S)[\"“‘(]?[A-ZÀ-ÖØ-Þ]")
_BLOCK_END = frozenset(".!?:;\"”’')]|")
PROSE_GATE_WORDS = 30  # article copy: a block with more words than this that ends a sentence is prose
MID_GATE_WORDS = 12    # ... and so is one of more than this many words away from the body's edges
EDGE_LINES = 2         # ... (the first and last EDGE_LINES lines)
WRAP_QUANTILE = 0.8   # hard-wrapped pages (_wrap_widths): the line length taken as the wrap width ...
WRAP_MIN, WRAP_MAX = 40, 110  # ... must lie in this range (typewriter and e-mail widths are 60-80) ...
WRAP_FILL = 0.6       # ... a line this share of it or longer is filled to the width (wrapped on) ...
WRAP_SHARE = 0.3      # ... and at least this share of the page's lines are filled ...
WRAP_MIN_LINES = 4    # ... and at least this many
_WRAP_STOP = frozenset(":|")  # a filled line ending so is a heading or a table cell, not wrapped prose
_OPEN_STOP = frozenset(".!?:;|\"”’')]")  # a line ending otherwise stops in mid-sentence
_LIST_MARKS = frozenset("-–—•*·|>")  # a line starting so opens a list item
HEAD_WORDS = 6  # a comment-section heading has at most this many words (see _thread_head) ...
HEAD_STORY_WORDS = 8  # ... and a sentence of at least this many words above it
THREAD_WORDS = frozenset(("comment", "comments", "reply", "replies", "response", "responses", "reactions",
                          "trackback", "trackbacks", "pingback", "pingbacks", "discussion"))
THREAD_PLURALS = frozenset(("comments", "replies", "responses", "reactions", "trackbacks", "pingbacks"))
PERSON_WORDS = frozenset(("i", "i'm", "i’m", "i've", "i’ve", "i'd", "i’d", "i'll", "i’ll", "me", "my", "you",
                          "your", "you're", "you’re", "u", "im", "ur"))  # first/second person: reader replies
HEAD_CHARS = 240  # character statistics read at most this much of a line
Z_CLIP = 6.0  # standardised features are clipped to +-this (a value never seen in training extrapolates no further)


def line_tokens(toks: list[str]) -> list[str]:
    """The line's bag of words for the model's vocabulary weights: lower-case words (digit runs
    already folded to one ``0``), plus the first word marked ``^`` and the last marked ``$`` (an
    imperative opening, a line that stops on "here" or "more")."""
    if not toks:
        return []
    out = list(set(toks))
    out.append("^" + toks[0])
    out.append(toks[-1] + "$")
    return out


HASH_BITS = 14  # the bag of words is hashed into 2**HASH_BITS buckets: the model stores no words


class _BucketCache(dict):
    """word -> hash bucket, filled on first use (a corpus repeats its words: one dict lookup
    instead of encode + crc32 per token); emptied when it grows past ``limit`` words."""

    limit = 1 << 20

    def __missing__(self, token: str) -> int:
        if len(self) >= self.limit:
            self.clear()
        bucket = self[token] = zlib.crc32(token.encode("utf-8")) & ((1 << HASH_BITS) - 1)
        return bucket


_BUCKETS = _BucketCache()


def token_buckets(tokens: list[str]) -> list[int]:
    """Hashed buckets of a line's bag of words (crc32, stable across processes and machines)."""
    return list(map(_BUCKETS.__getitem__, tokens))


def _shape_and_cues(text: str, tokens_out: list | None = None) -> list[float]:
    """Shape and cue features of one line; character and word counts go through C-level regex
    and set operations (this runs on every line of the corpus). The line's bag of words is
    appended to ``tokens_out`` when given."""
    stripped = text.strip()
    n_chars = len(stripped)
    lower = stripped.lower()
    words = stripped.split()
    n_words = len(words)
    n = n_words or 1
    has_digit = _HAS_DIGIT.search(stripped) is not None
    toks = _WORD.findall(_DIGITS.sub("0", lower) if has_digit else lower)
    if tokens_out is not None:
        tokens_out.append(line_tokens(toks))
    last = stripped[-1:]
    cues = [0.0] * len(CUE_FAMILIES)
    for tok in _FAMILY_WORDS.intersection(toks):
        for f in _FAMILY_OF[tok]:
            cues[f] += 1.0
    n_tok = len(toks) or 1
    n_stop = sum(map(STOP_WORDS.__contains__, toks))
    # character statistics and pattern searches read the line's head: a long line is prose
    # whatever its tail holds, and this keeps the cost per line bounded
    head = stripped[:HEAD_CHARS]
    n_head = len(head) or 1
    letters = min(sum(map(len, toks)), n_head)  # word characters, from the tokens (no second pass)
    digits = len(_NOT_DIGIT.sub("", head)) if has_digit else 0
    caps = len(_NOT_UPPER.sub("", head))
    head_words = min(n, head.count(" ") + 1)
    first = toks[0] if toks else ""
    stop_share = n_stop / n_tok
    row = [
        1.0, math.log1p(n_words), float(n_words <= 2), float(n_words <= 5), float(n_words <= 10),
        float(n_words > 25), math.log1p(n_chars),
        float(last in ".!?"), float(last == ":"), float(last in "\"”’')]"), float(last.isalnum()),
        float(bool(last) and not last.isalnum() and last not in ".!?:\"”’')]"),
        float(stripped[:1].isupper()), min(len(_UPPER_INITIAL.findall(head)) / head_words, 1.0),
        caps / (letters or 1), digits / n_head, letters / n_head,
        min(len(_SEPARATORS.findall(head)), 5.0),
        float("." in head and _URL.search(head) is not None),
        float("@" in head and _HANDLE.search(head) is not None),
        float(has_digit and _TIME.search(head) is not None),
        float(has_digit and (not _MONTH_WORDS.isdisjoint(toks) or _NUMERIC_DATE.search(head) is not None)),
        float(has_digit and _COUNT.search(head) is not None),
        float("©" in stripped or "(c)" in lower or "copyright" in lower),
        float(first in IMPERATIVES), stop_share, stop_share * float(n_words > 10),
        min(len(_SENTENCE_END.findall(stripped)), 5.0), float("(" in stripped), float(last == "?"),
        float(stripped[:1] in "•*-–—·>"), float("..." in stripped or "…" in stripped),
        min(stripped.count("!"), 3.0), len(PERSON_WORDS.intersection(toks)) / n_tok,
        float(last == "|" and stripped[:1] == "|" and stripped.count("|") >= 3),  # a table's row of cells
    ]
    fam_hits = sum(1 for c in cues if c)
    row.extend(cues)
    row.extend(c / n_tok for c in cues)
    row.extend((float(fam_hits), float(fam_hits > 0)))
    return row


def _prose_row(text: str, tokens_out: list) -> list[float]:
    """The features of a long prose line that its neighbours' context reads (length, sentence
    end, stop-word share, cue families); the rest stay 0 (the line itself is never flagged)."""
    stripped = text.strip()
    lower = stripped.lower()
    toks = _WORD.findall(lower)
    tokens_out.append([*set(toks), "^", "$"])  # no bag of words is scored: distinct words for the overlap only
    row = [0.0] * _N_BASE
    n_words = stripped.count(" ") + 1
    row[0], row[1], row[5], row[6], row[7] = 1.0, math.log1p(n_words), float(n_words > 25), math.log1p(len(stripped)), 1.0
    row[_STOP_COL] = sum(map(STOP_WORDS.__contains__, toks)) / (len(toks) or 1)
    hits = _FAMILY_WORDS.intersection(toks)
    if hits:
        cues = [0.0] * len(CUE_FAMILIES)
        for tok in hits:
            for f in _FAMILY_OF[tok]:
                cues[f] += 1.0
        row[len(SHAPE_NAMES):len(SHAPE_NAMES) + len(cues)] = cues
        fam_hits = sum(1 for c in cues if c)
        row[-2], row[-1] = float(fam_hits), 1.0
    return row


def feature_names() -> tuple[str, ...]:
    return SHAPE_NAMES + CUE_NAMES + POSITION_NAMES + CONTEXT_NAMES + WRAP_NAMES + STAT_NAMES


def prose_lines(paras: pd.DataFrame) -> np.ndarray:
    """The line-level form of the prose gate of :func:`line_features` (lines of article copy
    that end a sentence and have more than PROSE_GATE_WORDS words, or more than MID_GATE_WORDS
    away from the body's edges), computed with vectorised string operations so that the
    ``phrase`` screen can skip them; :func:`line_features` treats them as gated too."""
    n = len(paras)
    if not n:
        return np.zeros(0, dtype=bool)
    text = paras["text"]
    spaces = text.str.strip().str.count(" ").to_numpy()
    ends = text.str.contains(r"""[.!?"”’']\s*$""", regex=True).to_numpy()
    new, gid, starts, sizes = field_runs(paras)
    idx = np.arange(n) - starts[gid]
    from_end = sizes[gid] - 1 - idx
    gap = paras["start"].to_numpy()[1:] - paras["end"].to_numpy()[:-1]
    single = np.zeros(n)
    single[1:] = (gap == 1) & ~new[1:]
    page = (np.add.reduceat(single, starts) / np.maximum(sizes - 1, 1) >= 0.5)[gid]
    mid = (idx >= EDGE_LINES) & (from_end >= EDGE_LINES)
    return ~page & ends & (spaces >= np.where(mid, MID_GATE_WORDS, PROSE_GATE_WORDS))


def field_runs(paras: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Runs of consecutive rows of one article field: (row starts a run, run number of each
    row, first row of each run, run sizes)."""
    n = len(paras)
    key = (paras["article_id"].astype(str) + "\x00" + paras["field"].astype(str)).to_numpy()
    new = np.ones(n, dtype=bool)
    new[1:] = key[1:] != key[:-1]
    gid = np.cumsum(new) - 1
    starts = np.flatnonzero(new)
    return new, gid, starts, np.diff(np.append(starts, n))


def line_features(paras: pd.DataFrame, phrase_hit: np.ndarray, repeat_n: np.ndarray,
                  prose_words: int = 20, prose: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, list[list[str]], np.ndarray, np.ndarray]:
    """Feature matrix (one row per paragraph, in ``paras`` order), the page-layout flag, each
    line's bag of words (:func:`line_tokens`), the long prose lines of article copy that are
    never flagged (see PROSE_GATE_WORDS) and each line's hard-wrap block number (lines of one
    wrapped sentence share it; see :func:`block_mean`).

    ``paras`` holds consecutive paragraphs of each article field (copydesk's paragraphs
    table); ``phrase_hit`` is 1 where the ``phrase`` rule matched, ``repeat_n`` the number of
    articles of the source that repeat the line (0 when it is not repeated). A *prose* line
    has more than ``prose_words`` words and ends a sentence."""
    texts = paras["text"].tolist()
    n = len(texts)
    new_group, gid, starts, sizes = field_runs(paras)

    # layout: consecutive paragraphs one newline apart (an extracted page)
    gap = paras["start"].to_numpy()[1:] - paras["end"].to_numpy()[:-1]
    single = np.zeros(n)
    single[1:] = (gap == 1) & ~new_group[1:]
    page_share = np.add.reduceat(single, starts) / np.maximum(sizes - 1, 1) if n else np.zeros(0)
    page = (page_share >= 0.5)[gid] if n else np.zeros(0, dtype=bool)

    # hard-wrapped prose: a line that starts in lower case after a line with no sentence end
    # continues that sentence (older pages and e-mail text wrap at ~70 characters), and on a
    # hard-wrapped page (see _wrap_widths) so does a line after one filled to the wrap width.
    # All features but the per-line wrap marks are read from these blocks (logical paragraphs):
    # shape, cue and word features from the joined text, position and context from the
    # neighbouring blocks, so a fragment of a story's sentence looks like the prose it is and
    # its neighbours are the story's other paragraphs, not the other fragments.
    stripped = [t.strip() for t in texts]
    lengths = np.fromiter(map(len, stripped), dtype=np.int64, count=n)
    width = _wrap_widths(stripped, lengths, page, starts, sizes)[gid] if n else np.zeros(0)
    filled = (lengths >= WRAP_FILL * width) & (width > 0)
    joins = np.zeros(n, dtype=bool)
    filled_at = set(np.flatnonzero(filled).tolist())  # empty outside hard-wrapped pages
    for i in np.flatnonzero(~new_group).tolist():
        cur, prev = stripped[i], stripped[i - 1]
        if not prev or not cur:
            continue
        if cur[:1].islower() and prev[-1] not in _BLOCK_END:
            joins[i] = True
        elif (i - 1) in filled_at and prev[-1] not in _WRAP_STOP and cur[:1] not in _LIST_MARKS and not cur[:1].isdigit():
            joins[i] = True
    block = np.cumsum(~joins) - 1
    block_starts = np.flatnonzero(~joins)
    nb = len(block_starts)
    block_texts = [" ".join(stripped[a:b]) for a, b in zip(block_starts, np.append(block_starts[1:], n))]
    # in article copy a long block that ends a sentence is prose (no such line of the dev set's
    # injected furniture but one has more than PROSE_GATE_WORDS words), and so is a sentence of
    # more than MID_GATE_WORDS words away from the body's edges (the article model never scores
    # one as furniture: copy furniture sits above or below the story). Such a block gets only
    # the cheap features its neighbours' context needs, and is never flagged.
    block_page = page[block_starts] if n else page
    block_tokens: list[list[str]] = []
    block_rows = []
    prose_block = np.zeros(nb, dtype=bool)
    line_idx = np.arange(n) - starts[gid]
    line_from_end = sizes[gid] - 1 - line_idx
    block_ends = np.append(block_starts[1:], n) - 1
    mid_body = ((line_idx[block_starts] >= EDGE_LINES) & (line_from_end[block_ends] >= EDGE_LINES)).tolist() if n else []
    for b, text in enumerate(block_texts):
        if (not block_page[b] and text[-1:] in ".!?\"”’'"
                and text.count(" ") >= (MID_GATE_WORDS if mid_body[b] else PROSE_GATE_WORDS)):
            prose_block[b] = True
            block_rows.append(_prose_row(text, block_tokens))
        else:
            block_rows.append(_shape_and_cues(text, block_tokens))
    ub = np.array(block_rows, dtype=np.float64).reshape(nb, -1)  # per block
    gated = prose_block[block] if n else prose_block
    if prose is not None:
        gated = gated | prose
    tokens = [block_tokens[b] for b in block.tolist()]
    ugid_raw = gid[block_starts] if n else gid
    b_new = np.ones(nb, dtype=bool)
    b_new[1:] = ugid_raw[1:] != ugid_raw[:-1]
    ustarts = np.flatnonzero(b_new)
    usizes = np.diff(np.append(ustarts, nb))
    ugid = np.cumsum(b_new) - 1
    b_overlap, b_content = _story_overlap(block_tokens, ustarts, usizes)
    block_lines = np.bincount(block, minlength=nb) if n else np.zeros(0)

    n_shape = len(SHAPE_NAMES)
    n_cue = len(CUE_FAMILIES)
    words = np.expm1(ub[:, 1])
    end_sentence = ub[:, 7]
    cue_any = ub[:, n_shape + 2 * n_cue + 1]
    short = (words <= 10) & (end_sentence == 0)
    prose_u = (words > prose_words) & (end_sentence == 1)

    idx = np.arange(nb) - ustarts[ugid]
    size = usizes[ugid]
    from_end = size - 1 - idx
    pos_rel = idx / np.maximum(size - 1, 1)

    def upto(values: np.ndarray) -> np.ndarray:
        """Per block: the sum of ``values`` over its group's blocks up to and including it."""
        cum = np.cumsum(values)
        before = np.where(ustarts > 0, cum[ustarts - 1], 0)[ugid]
        return cum - before

    def group_sum(values: np.ndarray) -> np.ndarray:
        return np.add.reduceat(values, ustarts)[ugid] if nb else np.zeros(0)

    # prose blocks before / after each block within its group (cumulative counts)
    prose_i = prose_u.astype(np.int64)
    prose_upto = upto(prose_i)
    prose_total = group_sum(prose_i)
    before_prose = (prose_upto - prose_i) == 0  # no prose block above
    after_prose = (prose_total - prose_upto) == 0  # no prose block below
    short_share = group_sum(short.astype(np.float64)) / size

    def shifted(values: np.ndarray, by: int, gids: np.ndarray = ugid) -> np.ndarray:
        m = len(values)
        out = np.zeros(m)
        same = np.zeros(m, dtype=bool)
        if by > 0:
            out[by:] = values[:-by]
            same[by:] = gids[by:] == gids[:-by]
        else:
            out[:by] = values[-by:]
            same[:by] = gids[:by] == gids[-by:]
        return np.where(same, out, 0.0)

    def window_mean(values: np.ndarray, k: int) -> np.ndarray:
        """Mean of ``values`` over blocks i-k..i+k of the same group."""
        cum = np.concatenate([[0.0], np.cumsum(values)])
        lo = np.maximum(np.arange(nb) - k, ustarts[ugid])
        hi = np.minimum(np.arange(nb) + k + 1, ustarts[ugid] + size)
        return (cum[hi] - cum[lo]) / (hi - lo)

    # per-line wrap marks (the article model reads them; see the trainer's EXCLUDE for pages)
    starts_lower = np.fromiter((t[:1].islower() for t in stripped), dtype=np.float64, count=n)
    continues_prev = joins.astype(np.float64)
    continued_next = shifted(continues_prev, -1, gid)
    wrap_share = (np.add.reduceat(continues_prev, starts) / sizes)[gid] if n else np.zeros(0)
    ph_line = phrase_hit.astype(np.float64)
    ph = np.maximum.reduceat(ph_line, block_starts) if n else np.zeros(0)
    logw = ub[:, 1]
    stop = ub[:, _STOP_COL]
    main_in, main_dist, main_before, main_after, main_share = _main_block(words, end_sentence, ustarts, usizes)
    windows = [window_mean(v, k) for k in (2, 5) for v in (logw, end_sentence, stop, cue_any)]
    windows.append(window_mean(ph, 5))
    page_logw = group_sum(logw) / size
    page_sentence = group_sum(end_sentence) / size
    near = np.maximum.reduce([shifted(ph, 1), shifted(ph, -1), shifted(ph, 2), shifted(ph, -2)])
    short_f = short.astype(np.float64)
    run = short_f + shifted(short_f, 1) * short_f + shifted(short_f, -1) * short_f
    # a comment section's heading ("12 comments", "Leave a reply"): a short block with comment
    # vocabulary; the blocks below one (and above a closing one) are the thread
    story_upto = upto(((words >= HEAD_STORY_WORDS) & (end_sentence == 1)).astype(np.int64))
    head = np.zeros(nb, dtype=np.int64)  # a heading, with story above it, that names a thread
    for b in np.flatnonzero((words <= HEAD_WORDS) & (story_upto > 0) & (end_sentence == 0)).tolist():
        head[b] = _thread_head(block_texts[b], block_tokens[b])
    head_upto = upto(head)
    head_above = (head_upto - head) > 0
    head_below = (group_sum(head) - head_upto) > 0
    position = np.column_stack([
        pos_rel, idx == 0, from_end == 0, idx < 3, from_end < 3, np.log1p(np.minimum(idx, from_end)),
        before_prose, after_prose, np.log1p(prose_total), short_share, np.log1p(size),
    ]).astype(np.float64)
    context = np.column_stack([
        shifted(short_f, 1), shifted(short_f, -1), shifted(end_sentence, 1), shifted(end_sentence, -1),
        shifted(cue_any, 1), shifted(cue_any, -1), shifted(ph, 1), shifted(ph, -1), near, run,
        *windows, main_in, main_dist, main_before, main_after, main_share,
        head_above, head_below, head_above & ~main_in.astype(bool),
        # the same shapes against the page's own mean: a list page is all short lines, a menu
        # on a news page is short among long paragraphs
        logw - page_logw, windows[4] - page_logw, windows[0] - page_logw, windows[5] - page_sentence,
    ])
    wrap = np.column_stack([starts_lower, shifted(starts_lower, -1, gid), continues_prev, continued_next, wrap_share,
                            (width > 0).astype(np.float64)])
    ustats = np.column_stack([b_overlap, (b_overlap == 0) & (b_content > 0), np.log1p(b_content), np.log1p(block_lines)])
    stats = np.column_stack([ph_line, repeat_n > 0, np.log1p(repeat_n)])
    X = np.empty((n, len(feature_names())))
    col = 0
    for part, per in ((ub, block), (position, block), (context, block), (wrap, None), (stats, None), (ustats, block)):
        width_ = part.shape[1]
        X[:, col:col + width_] = part[per] if per is not None else part  # one copy into place
        col += width_
    return X, page, tokens, gated, block


def _thread_head(text: str, tokens: list[str]) -> bool:
    """A comment section's heading by its words: a thread word with a count ("12 comments",
    "Comments (3)", "1 reply") or in the plural ("Comments", "Responses to this post", "Leave
    a reply" is a singular prompt and needs the count); the shape (short, no sentence end,
    story above) is checked by the caller. A lone "Comment" is a link or a label. ``tokens``
    is the block's bag of words (line_tokens: the first word marked ``^`` next to last)."""
    if THREAD_WORDS.isdisjoint(tokens) or (not text[:1].isdigit() and tokens[-2][1:] in IMPERATIVES):
        return False  # an invitation ("Send us your comments", "Post a comment") is no heading
    return not THREAD_PLURALS.isdisjoint(tokens) or _HAS_DIGIT.search(text) is not None


def _wrap_widths(lines: list[str], lengths: np.ndarray, page: np.ndarray, starts: np.ndarray,
                 sizes: np.ndarray) -> np.ndarray:
    """Per article field: the wrap width of a hard-wrapped page, 0 for any other body.

    A page is hard-wrapped (older pages, mailing-list archives, text typed with line breaks)
    when its lines stop at a common width: the WRAP_QUANTILE of its line lengths lies between
    WRAP_MIN and WRAP_MAX characters and at least WRAP_SHARE of its lines (and WRAP_MIN_LINES)
    come within WRAP_FILL of it and stop in mid-sentence (no end punctuation, _OPEN_STOP).
    A page of one-sentence paragraphs of even length is not wrapped. Extracted news pages, whose paragraphs run to hundreds of
    characters, and menus of short items never qualify."""
    out = np.zeros(len(starts))
    for g, (s0, m) in enumerate(zip(starts.tolist(), sizes.tolist())):
        if m < WRAP_MIN_LINES or not page[s0]:
            continue
        group = lengths[s0:s0 + m]
        w = float(np.quantile(group, WRAP_QUANTILE))
        if WRAP_MIN <= w <= WRAP_MAX:
            open_end = np.fromiter((t[-1:] not in _OPEN_STOP for t in lines[s0:s0 + m]), dtype=bool, count=m)
            near = int(((group >= WRAP_FILL * w) & (group <= w * 1.15) & open_end).sum())
            if near >= WRAP_MIN_LINES and near >= WRAP_SHARE * m:
                out[g] = w
    return out


def block_mean(values: np.ndarray, block: np.ndarray) -> np.ndarray:
    """Each line's value replaced by the mean over its hard-wrap block: the lines of one
    wrapped sentence are decided together, so a fragment of a story's sentence is never
    flagged apart from the rest of it."""
    if not len(values):
        return values
    sums = np.bincount(block, weights=values)
    counts = np.bincount(block)
    return (sums / np.maximum(counts, 1))[block]


def _story_overlap(tokens: list[list[str]], starts: np.ndarray, sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Share of each line's content words (three letters or more, not stop words) that occur
    in another line of the same body, and the number of content words.

    Furniture is written for every page of a site, not for this story: a sign-up prompt or a
    related headline shares few words with the article around it, whereas a story's own closing
    line ("He gave no more details.", "Smith declined to comment.") names its people and things
    (the cohesion idea of lexical-chain segmentation, Hearst's TextTiling)."""
    n = len(tokens)
    share = np.zeros(n)
    count = np.zeros(n)
    # line_tokens puts the two position markers last; the rest are the line's distinct words
    content = []
    for toks in tokens:
        words = set(toks[:-2])
        words -= STOP_WORDS
        content.append([t for t in words if len(t) >= 3])
    if not n:
        return share, count
    # a word occurs once in its body when its (body, word) pair is unique: one sort over the
    # whole corpus instead of a Counter per body
    lens = np.fromiter(map(len, content), dtype=np.int64, count=n)
    body = np.repeat(np.arange(len(starts)), sizes)
    word_ids, vocab = pd.factorize(pd.Series(list(chain.from_iterable(content)), dtype=object))
    pair = np.repeat(body, lens) * max(len(vocab), 1) + word_ids
    _, inverse, occurrences = np.unique(pair, return_inverse=True, return_counts=True)
    singles = np.bincount(np.repeat(np.arange(n), lens), weights=(occurrences[inverse] == 1), minlength=n)
    has = lens > 0
    count[has] = lens[has]
    share[has] = 1.0 - singles[has] / lens[has]
    return share, count


def _main_block(words: np.ndarray, end_sentence: np.ndarray, starts: np.ndarray, sizes: np.ndarray,
                min_words: float = 12.0, cap: float = 60.0):
    """The body's main text block and each line's place relative to it.

    The block is the run of lines that maximises the sum of ``min(words, cap) - min_words``
    (plus a bonus for ending a sentence): Finn, Kushmerick & Smyth's Body Text Extraction
    (2001), with lines instead of HTML tokens -- long prose lines pay for the short ones
    between them, menus and link lists around the story cost more than they bring. Returns
    per line: inside the block, log distance to it in lines, before it, after it, and the share
    of the body's words inside it."""
    n = len(words)
    inside = np.zeros(n)
    dist = np.zeros(n)
    before = np.zeros(n)
    after = np.zeros(n)
    share = np.zeros(n)
    gain = (np.minimum(words, cap) - min_words + 4.0 * end_sentence).tolist()
    wl = words.tolist()
    for s0, m in zip(starts.tolist(), sizes.tolist()):
        best, best_lo, best_hi = -1e18, s0, s0
        run, lo = 0.0, s0
        for i in range(s0, s0 + m):
            if run <= 0:
                run, lo = 0.0, i
            run += gain[i]
            if run > best:
                best, best_lo, best_hi = run, lo, i + 1
        inside[best_lo:best_hi] = 1.0
        idx = np.arange(s0, s0 + m)
        before[s0:best_lo] = 1.0
        after[best_hi:s0 + m] = 1.0
        dist[s0:s0 + m] = np.log1p(np.maximum(best_lo - idx, 0) + np.maximum(idx - (best_hi - 1), 0))
        total = sum(wl[s0:s0 + m]) or 1.0
        share[s0:s0 + m] = sum(wl[best_lo:best_hi]) / total
    return inside, dist, before, after, share


@dataclass(frozen=True)
class LineModel:
    """Logistic-regression weights for one layout:
    ``p = sigmoid((x - mean) / scale . w + sum(bucket weights of the line's words) / sqrt(words) + b)``."""

    weights: np.ndarray
    mean: np.ndarray
    scale: np.ndarray
    bias: float
    threshold: float
    token_weights: dict[int, float]  # hashed word bucket (token_buckets) -> weight

    def logit(self, features: np.ndarray, tokens: list[list[str]]) -> np.ndarray:
        z = np.clip((features - self.mean) / self.scale, -Z_CLIP, Z_CLIP) @ self.weights + self.bias
        tw = self.token_weights
        if tw:
            z = z + np.fromiter(((sum(map(tw.get, map(_BUCKETS.__getitem__, toks), repeat(0.0))) / math.sqrt(len(toks))) if toks
                                 else 0.0 for toks in tokens), dtype=np.float64, count=len(tokens))
        return z

    def probability(self, features: np.ndarray, tokens: list[list[str]]) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-np.clip(self.logit(features, tokens), -40, 40)))

    def contributions(self, row: np.ndarray) -> np.ndarray:
        return np.clip((row - self.mean) / self.scale, -Z_CLIP, Z_CLIP) * self.weights

    def to_dict(self) -> dict:
        return {"weights": self.weights.round(5).tolist(), "mean": self.mean.round(6).tolist(),
                "scale": self.scale.round(6).tolist(), "bias": round(float(self.bias), 6),
                "threshold": round(float(self.threshold), 4),
                "token_weights": {str(b): round(w, 4) for b, w in sorted(self.token_weights.items()) if abs(w) >= 1e-3}}

    @classmethod
    def from_dict(cls, d: dict) -> LineModel:
        return cls(np.asarray(d["weights"], dtype=np.float64), np.asarray(d["mean"], dtype=np.float64),
                   np.asarray(d["scale"], dtype=np.float64), float(d["bias"]), float(d["threshold"]),
                   {int(b): w for b, w in d.get("token_weights", {}).items()})


def save_models(models: dict[str, LineModel], path: Path, meta: dict) -> None:
    payload = {"features": list(feature_names()), **meta,
               "layouts": {name: m.to_dict() for name, m in models.items()}}
    path.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")


@lru_cache(maxsize=4)
def load_models(path: str = str(MODEL_FILE)) -> dict[str, LineModel]:
    """The shipped weights ({"article": ..., "page": ...}); the feature list must match this module."""
    payload = json.loads(Path(path).read_text(encoding="utf-8"))
    if tuple(payload["features"]) != feature_names():
        raise ValueError(f"{path}: model features do not match copydesk's feature extractor; retrain it "
                         "with benchmarks/boilerplate_train.py")
    return {name: LineModel.from_dict(d) for name, d in payload["layouts"].items()}
