"""LanguageTool backend for the typos family (optional; needs a running LanguageTool server).

Uses language-tool-python's client (`LanguageTool(remote_server=...)`) and its `Match`
parsing, with these guards (measured on language-tool-python 3.4.0):

* never constructed without `remote_server`: without it the library downloads a ~250 MB
  LanguageTool zip and starts Java;
* the URL is normalised to the server root: the library appends `v2/` with urljoin, so a
  configured ".../v2" or ".../v2/" would become /v2/v2/;
* the library waits up to 300 s per request (class attribute `_TIMEOUT`) and retries a
  failed check once; a subclass sets our own `timeout`, and after the first failure the
  backend stops calling the server for the rest of the run;
* text goes in batches of whole paragraphs up to `batch_chars` characters (LanguageTool's
  public API limit is 20,000 characters per request; self-hosted servers default to no
  limit), so offsets map back to the field exactly;
* `timeout` bounds each socket read, not a request: a server that trickles a byte a second
  never trips it. So the whole LanguageTool phase also has one overall `deadline`
  (seconds): the requests run in a daemon worker thread, and when the deadline passes the
  run keeps the matches of the batches that finished, stops waiting for the rest (the
  worker is abandoned; it cannot hold up the interpreter's exit) and says so in `status`;
* any failure (unreachable, timeout, bad JSON, rate limit) is reported once in `status`
  ("LanguageTool unreachable at URL: reason; ...") and the embedded checker carries on.

Matches in LanguageTool's TYPOS category (issue type "misspelling") become rule
`misspelling`; every other match becomes rule `grammar`. The backend returns plain
matches with offsets into the field texts; typos.py turns them into findings (allow-lists,
article ids, severities) like its own.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator, Mapping, Sequence
from typing import NamedTuple
from urllib.parse import urlsplit, urlunsplit

log = logging.getLogger(__name__)

SPELLING_CATEGORIES = frozenset({"TYPOS"})
SPELLING_ISSUE_TYPES = frozenset({"misspelling"})


class LanguageToolMatch(NamedTuple):
    """One LanguageTool match, located in texts[field][row][start:end]."""

    row: int
    field: str
    start: int
    end: int
    rule: str  # "misspelling" or "grammar"
    message: str
    suggestion: str | None


def normalise_url(url: str) -> str:
    """Server root URL ending in '/', without a trailing 'v2' or 'v2/check' path."""
    url = url.strip()
    if "://" not in url:
        url = "http://" + url
    parts = urlsplit(url)
    path = re.sub(r"/+$", "", parts.path)
    path = re.sub(r"/v2(/(check|languages))?$", "", path)
    return urlunsplit((parts.scheme, parts.netloc, path + "/", "", ""))


def paragraph_batches(text: str, batch_chars: int) -> Iterator[tuple[int, str]]:
    """(offset, chunk) pieces of `text`, cut after line breaks, each at most batch_chars
    long when possible (a single longer paragraph is cut at the last space before the limit)."""
    pos, n = 0, len(text)
    while pos < n:
        if n - pos <= batch_chars:
            yield pos, text[pos:]
            return
        cut = text.rfind("\n", pos, pos + batch_chars)
        if cut <= pos:
            cut = text.rfind(" ", pos, pos + batch_chars)
        if cut <= pos:
            cut = pos + batch_chars - 1
        yield pos, text[pos : cut + 1]
        pos = cut + 1


class LanguageToolBackend:
    """Checks texts on a LanguageTool server; `status` says what happened."""

    def __init__(self, url: str, language: str = "en-US", timeout: float = 10.0,
                 batch_chars: int = 20000, disabled_rules: list[str] | None = None,
                 deadline: float = 300.0):
        self.url = normalise_url(url)
        self.language = language
        self.timeout = float(timeout)
        self.deadline = float(deadline)
        self.batch_chars = int(batch_chars)
        self.disabled_rules = list(disabled_rules or [])
        self.status = f"LanguageTool at {self.url} not contacted"
        self.checked_chars = 0

    def _client(self):
        from language_tool_python import LanguageTool

        timeout = self.timeout

        class _TimedLanguageTool(LanguageTool):
            _TIMEOUT = timeout  # the library reads self._TIMEOUT for every request

        tool = _TimedLanguageTool(self.language, remote_server=self.url)
        if self.disabled_rules:
            tool.disabled_rules = set(self.disabled_rules)
        return tool

    def _fail(self, exc: BaseException) -> None:
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        self.status = f"LanguageTool unreachable at {self.url} ({reason}); embedded checker only"
        log.warning("copydesk: %s", self.status)

    def check_texts(self, texts: Mapping[str, Sequence[str]]) -> list[LanguageToolMatch]:
        """Matches in every text of `texts` (field -> one text per row; empty texts are
        skipped), or those found before the server failed or the deadline passed."""
        matches: list[LanguageToolMatch] = []
        outcome: dict[str, BaseException | None] = {}
        worker = threading.Thread(target=self._check_all, args=(texts, matches, outcome),
                                  name="copydesk-languagetool", daemon=True)
        worker.start()
        worker.join(self.deadline)
        if worker.is_alive():
            self.status = (f"LanguageTool at {self.url} stopped at the {self.deadline:g} s deadline "
                           f"({self.checked_chars:,} characters checked); embedded checker only for the rest")
            log.warning("copydesk: %s", self.status)
            return list(matches)  # the worker may still append; hand back a snapshot
        if outcome.get("error") is not None:
            self._fail(outcome["error"])
            return matches
        self.status = f"LanguageTool at {self.url} ({self.checked_chars:,} characters checked)"
        return matches

    def _check_all(self, texts: Mapping[str, Sequence[str]], matches: list[LanguageToolMatch],
                   outcome: dict[str, BaseException | None]) -> None:
        """The worker: every batch in order, appending whole batches' matches to `matches`."""
        outcome["error"] = None
        try:
            tool = self._client()
        except Exception as exc:  # LanguageToolError, requests errors, bad language code
            outcome["error"] = exc
            return
        try:
            for field, rows in texts.items():
                for row, text in enumerate(rows):
                    if not isinstance(text, str) or not text.strip():
                        continue
                    for offset, chunk in paragraph_batches(text, self.batch_chars):
                        if not chunk.strip():
                            continue
                        found = [_match(m, row, field, offset, len(text)) for m in tool.check(chunk)]
                        matches.extend(m for m in found if m is not None)
                        self.checked_chars += len(chunk)
        except Exception as exc:
            outcome["error"] = exc
        finally:
            try:
                tool.close()
            except Exception:  # pragma: no cover - remote close is a no-op
                pass


def _match(m, row: int, field: str, offset: int, text_length: int) -> LanguageToolMatch | None:
    """A language_tool_python Match as a LanguageToolMatch; None if it falls outside the text."""
    start = offset + int(m.offset)
    end = start + int(m.error_length)
    if not (0 <= start < end <= text_length):
        return None
    spelling = m.category in SPELLING_CATEGORIES or m.rule_issue_type in SPELLING_ISSUE_TYPES
    return LanguageToolMatch(
        row, field, start, end, "misspelling" if spelling else "grammar",
        f"{m.message} (LanguageTool {m.rule_id})", m.replacements[0] if m.replacements else None,
    )
