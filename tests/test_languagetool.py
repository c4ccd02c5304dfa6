"""LanguageTool backend against a loopback server speaking LanguageTool's HTTP API v2.

The fake server answers GET /v2/languages and POST /v2/check in the documented JSON shapes
(https://languagetool.org/http-api/ , "LanguageTool API" swagger): it reports the word
"atack" as a TYPOS/misspelling match and "a errors" as a GRAMMAR match, with realistic
`software`, `language`, `context`, `sentence` and `rule` members.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pandas as pd
import pytest

from copydesk.corpus import Corpus
from copydesk.validators.languagetool import LanguageToolBackend, normalise_url, paragraph_batches
from copydesk.validators.typos import TyposValidator

LANGUAGES = [
    {"name": "English", "code": "en", "longCode": "en"},
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
    {"name": "German (Germany)", "code": "de", "longCode": "de-DE"},
]

SPELLING_RULE = {
    "id": "MORFOLOGIK_RULE_EN_US", "description": "Possible spelling mistake",
    "issueType": "misspelling", "category": {"id": "TYPOS", "name": "Possible Typo"},
}
GRAMMAR_RULE = {
    "id": "EN_A_VS_AN", "description": "Use of 'a' vs. 'an'", "issueType": "grammar",
    "category": {"id": "MISC", "name": "Miscellaneous"},
}


def _match(text: str, offset: int, length: int, rule: dict, message: str, replacements: list[str]) -> dict:
    start = max(0, offset - 20)
    return {
        "message": message,
        "shortMessage": "Spelling mistake" if rule is SPELLING_RULE else "",
        "replacements": [{"value": r} for r in replacements],
        "offset": offset,
        "length": length,
        "context": {"text": text[start:offset + length + 20], "offset": offset - start, "length": length},
        "sentence": text,
        "type": {"typeName": "Other"},
        "rule": rule,
        "ignoreForIncompleteSentence": False,
        "contextForSureMatch": 0,
    }


def check_response(text: str, language: str) -> dict:
    matches = []
    pos = text.find("atack")
    while pos != -1:
        matches.append(_match(text, pos, 5, SPELLING_RULE, "Possible spelling mistake found.",
                              ["attack", "tack", "stack"]))
        pos = text.find("atack", pos + 1)
    pos = text.find("a errors")
    if pos != -1:
        matches.append(_match(text, pos, 1, GRAMMAR_RULE,
                              "Use \u201can\u201d instead of \u2018a\u2019 if the following word starts with a vowel sound.",
                              ["an"]))
    return {
        "software": {"name": "LanguageTool", "version": "6.4", "buildDate": "2024-03-28 13:02:50 +0000",
                     "apiVersion": 1, "premium": False, "status": ""},
        "warnings": {"incompleteResults": False},
        "language": {"name": "English (US)", "code": language,
                     "detectedLanguage": {"name": "English (US)", "code": "en-US", "confidence": 0.99}},
        "matches": matches,
    }


class FakeLanguageTool(BaseHTTPRequestHandler):
    delay = 0.0
    requests: list[tuple[str, str]] = []

    def log_message(self, *args):  # keep pytest output clean
        pass

    def _send(self, payload, status=200):
        body = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        type(self).requests.append(("GET", self.path))
        if self.path.split("?")[0] == "/v2/languages":
            self._send(LANGUAGES)
        else:
            self._send({"error": "not found"}, 404)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        form = parse_qs(self.rfile.read(length).decode("utf-8"))
        type(self).requests.append(("POST", self.path))
        if self.delay:
            time.sleep(self.delay)
        if self.path != "/v2/check":
            self._send({"error": "not found"}, 404)
            return
        self._send(check_response(form["text"][0], form["language"][0]))


@pytest.fixture
def server():
    handler = type("Handler", (FakeLanguageTool,), {"requests": [], "delay": 0.0})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd, handler, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


BODY = ("Armenian officials said on Tuesday that soldiers were killed while repelling the atack "
        "near the border, according to the government.\n\nThe report listed a errors in the count.")


def corpus() -> Corpus:
    return Corpus.from_frame(pd.DataFrame([{"id": "lt1", "title": "Border clashes", "body": BODY}]))


def test_normalise_url_strips_v2_so_the_library_does_not_double_it():
    assert normalise_url("http://lt:8010") == "http://lt:8010/"
    assert normalise_url("http://lt:8010/v2/") == "http://lt:8010/"
    assert normalise_url("lt:8010/v2") == "http://lt:8010/"
    assert normalise_url("https://host/lt/v2/check") == "https://host/lt/"


def test_paragraph_batches_cover_text_exactly():
    text = "\n".join(f"Paragraph {i} " + "word " * 30 for i in range(20))
    pieces = list(paragraph_batches(text, 500))
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 500 for _, p in pieces)
    assert all(text[o:o + len(p)] == p for o, p in pieces)
    long_line = "x" * 1200
    assert "".join(p for _, p in paragraph_batches(long_line, 500)) == long_line


@pytest.mark.parametrize("suffix", ["", "/", "/v2", "/v2/"])
def test_languagetool_matches_are_merged(server, suffix):
    _, handler, url = server
    v = TyposValidator(languagetool_url=url + suffix, languagetool_batch_chars=120)
    findings = v.run(corpus())
    rows = {(f.rule, f.text, f.suggestion) for f in findings}
    # the embedded checker and LanguageTool agree on atack: reported once
    assert [f.text for f in findings].count("atack") == 1
    assert ("grammar", "a", "an") in rows
    for f in findings:
        assert corpus().articles.iloc[0][f.field][f.start:f.end] == f.text
    grammar = next(f for f in findings if f.rule == "grammar")
    assert grammar.severity == "warning" and "EN_A_VS_AN" in grammar.message
    assert v.status.startswith(f"LanguageTool at {url}/")
    assert all(path.startswith(("/v2/languages", "/v2/check")) for _, path in handler.requests)
    # batches of at most 120 characters: the body went in several requests
    assert sum(1 for m, p in handler.requests if p == "/v2/check") > 2


def test_backend_matches_are_located_in_the_field_texts(server):
    _, _, url = server
    backend = LanguageToolBackend(url, batch_chars=120)
    matches = backend.check_texts({"title": ["", "Border clashes"], "body": ["  ", BODY]})
    assert sorted((m.row, m.field, m.rule, BODY[m.start:m.end], m.suggestion) for m in matches) == [
        (1, "body", "grammar", "a", "an"), (1, "body", "misspelling", "atack", "attack")]
    assert BODY[matches[-1].start:matches[-1].end + 7] == "a errors"  # offsets span the batches
    assert backend.status.startswith(f"LanguageTool at {url}/ (")


def test_languagetool_spelling_on_allowed_word_is_dropped(server):
    _, _, url = server
    findings = TyposValidator(languagetool_url=url, ignore_words=["atack"]).run(corpus())
    assert "atack" not in {f.text for f in findings}


def test_environment_variable_enables_backend(server, monkeypatch):
    _, handler, url = server
    monkeypatch.setenv("COPYDESK_LANGUAGETOOL_URL", url)
    v = TyposValidator()
    assert any(f.rule == "grammar" for f in v.run(corpus()))
    assert handler.requests


def test_unreachable_server_falls_back_to_embedded_checker():
    v = TyposValidator(languagetool_url="http://127.0.0.1:9", languagetool_timeout=1)
    t0 = time.perf_counter()
    findings = v.run(corpus())
    assert time.perf_counter() - t0 < 10
    assert [(f.rule, f.text) for f in findings] == [("misspelling", "atack")]
    assert "unreachable" in v.status and "embedded" in v.status


def test_slow_server_times_out_once_and_stops(server):
    _, handler, url = server
    handler.delay = 3.0
    v = TyposValidator(languagetool_url=url, languagetool_timeout=0.5, languagetool_batch_chars=60)
    t0 = time.perf_counter()
    findings = v.run(corpus())
    elapsed = time.perf_counter() - t0
    assert "unreachable" in v.status
    assert [(f.rule, f.text) for f in findings] == [("misspelling", "atack")]
    # the library retries a failed check once; after that no more batches are sent
    assert sum(1 for m, p in handler.requests if p == "/v2/check") <= 2
    assert elapsed < 8


def test_backend_never_starts_a_local_server(monkeypatch):
    import language_tool_python

    def forbidden(*args, **kwargs):
        raise AssertionError("local LanguageTool download/start attempted")

    monkeypatch.setattr(language_tool_python.LanguageTool, "_start_server_on_free_port", forbidden)
    backend = LanguageToolBackend("http://127.0.0.1:9", timeout=0.5)
    assert backend.check_texts({"body": [BODY]}) == []
    assert "unreachable" in backend.status


class TricklingLanguageTool(FakeLanguageTool):
    """Answers /v2/check with a real response, but one byte every 50 ms: every socket read
    succeeds well inside the per-read timeout, so only an overall deadline can stop it.
    The first check (the first batch) is answered at full speed."""

    checks = 0

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        form = parse_qs(self.rfile.read(length).decode("utf-8"))
        type(self).checks += 1
        body = json.dumps(check_response(form["text"][0], form["language"][0])).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if type(self).checks == 1:
            self.wfile.write(body)
            return
        for i in range(min(len(body), 200)):  # bounded: at most 10 s, then the peer gives up
            try:
                self.wfile.write(body[i:i + 1])
                self.wfile.flush()
            except OSError:
                return
            time.sleep(0.05)


def test_trickling_server_is_cut_by_the_overall_deadline():
    handler = type("Handler", (TricklingLanguageTool,), {"requests": [], "checks": 0})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        # batches of 120 characters: "atack" is in the first (answered), grammar in a later one
        backend = LanguageToolBackend(url, timeout=5, batch_chars=120, deadline=1.0)
        t0 = time.perf_counter()
        matches = backend.check_texts({"body": [BODY]})
        elapsed = time.perf_counter() - t0
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert elapsed < 5  # the trickle alone would take 10 s per batch
    assert "1 s deadline" in backend.status and "embedded checker only for the rest" in backend.status
    # the answered batch's match is kept; the unanswered grammar batch is not there
    assert [(m.rule, BODY[m.start:m.end]) for m in matches] == [("misspelling", "atack")]
    assert handler.checks >= 2


def test_deadline_is_a_typos_setting(server):
    _, _, url = server
    v = TyposValidator(languagetool_url=url, languagetool_deadline=30)
    assert v.settings["languagetool_deadline"] == 30
    assert any(f.rule == "grammar" for f in v.run(corpus()))  # a quick server finishes in time
