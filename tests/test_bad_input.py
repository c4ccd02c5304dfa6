"""The bad-input catalogue (issue 11): every hostile or broken input is an article or an
ingest error naming file, line (or byte) and problem; the rest of the corpus is still
checked, nothing blocks, and the user's files are left byte-identical.

One folder holds one file per case and the real CLI (`copydesk check --no-docs -f json`)
runs over it once; each case then asserts its own outcome in that report. Cases that need
their own run (a record over the size limit, a FIFO named on the command line) run alone.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from copydesk.cli import app
from copydesk.corpus import load_corpus
from copydesk.corpus.locate import JSON_ESCAPE, OffsetMap

runner = CliRunner()
BODY = "The council met on Tuesday and approved the harbor budget after a long debate."
DEEP = 10_000  # over Python's recursion limit: json raises RecursionError


def _line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False)


def _deep(levels: int) -> str:
    return "[" * levels + "]" * levels


# file name -> (content as bytes, number of input records in it)
def _catalogue() -> dict[str, tuple[bytes, int]]:
    good = [_line({"id": f"g{i}", "title": f"Title {i}", "body": BODY}) for i in range(3)]
    bad_utf8_first = (_line({"id": "u1", "title": "One", "body": BODY}) + "\n").encode()
    bad_utf8_second = b'{"id": "u2", "title": "Two", "body": "caf\xe9 au lait"}\n'
    return {
        # CSV: an unclosed quote at line 3 runs to the end of the file; lines 4 and 5 are still rows
        "unclosed.csv": (f"id,title,body\nq1,T1,{BODY}\nq2,T2,\"{BODY}\nq3,T3,{BODY}\nq4,T4,{BODY}\n".encode(), 4),
        # UTF-16 (little-endian, with its byte-order mark) and UTF-32 files are read
        "wide16.jsonl": (("\n".join(_line({"id": f"w{i}", "title": "Café", "body": BODY}) for i in range(2))
                          + "\n").encode("utf-16"), 2),
        "wide16.csv": (b"\xfe\xff" + f"id,title,body\nc16,Naïve,{BODY}\n".encode("utf-16-be"), 1),  # big-endian
        "wide32.txt": (f"A headline\nA lede\n{BODY}\n".encode("utf-32"), 1),
        # invalid UTF-8 on line 2: the error names that line and the byte of the file
        "bytes.jsonl": (bad_utf8_first + bad_utf8_second + (good[0].replace("g0", "u3") + "\n").encode(), 3),
        # ids that are lists or objects
        "ids.jsonl": ("\n".join([_line({"id": ["a", "b"], "body": BODY}), _line({"id": {"k": 1}, "body": BODY}),
                                 _line({"id": "i3", "body": BODY})]).encode() + b"\n", 3),
        # 10,000-deep nesting: a whole record, an extra field; 300 levels in an extra field is fine
        "deep.jsonl": ("\n".join([
            _deep(DEEP),
            '{"id": "d2", "body": "' + BODY + '", "tree": ' + _deep(DEEP) + "}",
            '{"id": "d3", "body": "' + BODY + '", "tree": ' + _deep(300) + ', "tags": ["a", "b"]}',
            _line({"id": "d4", "body": BODY}),
        ]).encode() + b"\n", 4),
        # a JSON array whose middle element is 10,000 deep: the elements after it are still read
        "deep.json": (("[\n" + _line({"id": "j1", "body": BODY}) + ",\n"
                       + '{"id": "j2", "body": "x", "tree": ' + _deep(DEEP) + "},\n"
                       + _line({"id": "j3", "body": BODY}) + "\n]\n").encode(), 3),
        "deep-object.json": (('{"articles": [\n' + _line({"id": "o1", "body": BODY}) + ",\n"
                              + _deep(DEEP) + "\n]}\n").encode(), 2),
        # compressed files are read as streams; a broken one is one error; archives copydesk
        # does not unpack are listed as skipped; notes are ignored
        "archive.jsonl.gz": (gzip.compress(("\n".join(good[1:]) + "\n").encode()), 2),
        "broken.jsonl.gz": (b"\x1f\x8b\x08\x00 not really gzip", 1),
        "sub/export.csv.zip": (b"PK\x03\x04 not really zip", 0),
        "notes.md": (b"# not an input\n", 0),
    }


class _FifoWatch:
    """Opens the FIFO's write end whenever a reader has it open (so a reader that should
    never have opened it gets end-of-file instead of hanging the test) and records it."""

    def __init__(self, path: Path):
        self.path, self.opened, self.done = path, False, threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.done.wait(0.05):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:
                continue  # ENXIO: nobody is reading, as it should be
            self.opened = True
            os.close(fd)

    def stop(self) -> None:
        self.done.set()
        self.thread.join()


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


def _check(args: list[str]) -> tuple[int, dict | None, str]:
    result = runner.invoke(app, ["check", *args, "--no-docs", "-q", "-f", "json", "-o", "report.json"])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    report = json.loads(Path("report.json").read_text(encoding="utf-8")) if Path("report.json").exists() else None
    return result.exit_code, report, result.output


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """The catalogue folder, checked once: (exit code, report, file hashes before, after)."""
    root = tmp_path_factory.mktemp("bad-input")
    corpus = root / "corpus"
    for name, (content, _) in _catalogue().items():
        (corpus / name).parent.mkdir(parents=True, exist_ok=True)
        (corpus / name).write_bytes(content)
    (corpus / "gone.jsonl").symlink_to(corpus / "deleted.jsonl")  # dangling link with an input name
    (corpus / "gone-notes").symlink_to(corpus / "nowhere")         # dangling link, other name
    os.mkfifo(corpus / "pipe.jsonl")                               # a FIFO with an input name
    os.mkfifo(corpus / "pipe")                                     # a FIFO with another name
    before = _snapshot(corpus)
    watch = _FifoWatch(corpus / "pipe.jsonl")
    cwd = os.getcwd()
    os.chdir(root)
    try:
        code, report, output = _check(["corpus"])
    finally:
        os.chdir(cwd)
        watch.stop()
    return {"code": code, "report": report, "output": output, "before": before, "after": _snapshot(corpus),
            "fifo_opened": watch.opened}


def _errors(run, name: str) -> list[dict]:
    return [e for e in run["report"]["corpus"]["ingest_errors"] if e["file"] == f"corpus/{name}"]


def test_run_finishes_with_findings_exit_and_touches_nothing(run):
    assert run["report"] is not None, run["output"]
    assert run["code"] == 1  # ingest errors fail the gate; no traceback (exit 2 or a crash)
    assert run["before"] == run["after"]  # user files byte-identical
    assert not run["fifo_opened"]  # the FIFO was never opened, so it could not block
    assert not any(e.get("exception") for e in run["report"]["expectations"])  # GX hashed every column


@pytest.fixture(scope="module")
def articles_by_file(run, tmp_path_factory):
    """Article ids per file: the run's own corpus, reloaded from the same bytes (the JSON
    report counts articles, it does not list them)."""
    root = tmp_path_factory.mktemp("reload")
    for name, (content, _) in _catalogue().items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    corpus = load_corpus([root], base=root)
    assert len(corpus.articles) == run["report"]["corpus"]["articles"]
    by_file: dict[str, list[str]] = {}
    for ident, file in zip(corpus.articles["id"], corpus.articles["file"]):
        by_file.setdefault(file, []).append(ident)
    return by_file, corpus


@pytest.mark.parametrize("name", [n for n, (_, records) in _catalogue().items() if records])
def test_every_record_is_an_article_or_an_error(run, articles_by_file, name):
    by_file, _ = articles_by_file
    records = _catalogue()[name][1]
    assert len(by_file.get(name, [])) + len(_errors(run, name)) == records


def test_unclosed_csv_quote_is_one_error_and_reading_resumes(run, articles_by_file):
    assert articles_by_file[0]["unclosed.csv"] == ["q1", "q3", "q4"]
    [err] = _errors(run, "unclosed.csv")
    assert err["line"] == 3
    assert err["error"].startswith("invalid CSV: unexpected end of data")
    assert "unclosed quote" in err["error"] and "resumes at the next line" in err["error"]


def test_utf16_and_utf32_files_are_read(run, articles_by_file):
    by_file, corpus = articles_by_file
    assert by_file["wide16.jsonl"] == ["w0", "w1"] and by_file["wide16.csv"] == ["c16"]
    assert by_file["wide32.txt"] == ["wide32"]
    assert _errors(run, "wide16.jsonl") == _errors(run, "wide16.csv") == _errors(run, "wide32.txt") == []
    assert corpus.article("w0")["title"] == "Café" and corpus.article("c16")["title"] == "Naïve"
    # a field of a UTF-16 record is still located to its column
    assert corpus.locate("w1", "body", 4) == (2, len('{"id": "w1", "title": "Café", "body": "') + 5)


def test_invalid_utf8_names_the_line_and_byte(run, articles_by_file):
    assert articles_by_file[0]["bytes.jsonl"] == ["u1", "u3"]
    [err] = _errors(run, "bytes.jsonl")
    first_line = len(_line({"id": "u1", "title": "One", "body": BODY}).encode()) + 1
    column = b'{"id": "u2", "title": "Two", "body": "caf\xe9'.index(b"\xe9")
    assert err["line"] == 2
    assert err["error"] == (f"undecodable bytes (not UTF-8) at line 2, byte {first_line + column} of the file "
                            f"(byte {column + 1} of the line)")


def test_list_and_object_ids_are_errors(run, articles_by_file):
    assert articles_by_file[0]["ids.jsonl"] == ["i3"]
    assert [(e["line"], e["error"]) for e in _errors(run, "ids.jsonl")] == [
        (1, "field 'id' must be text or a number, got list"),
        (2, "field 'id' must be text or a number, got dict"),
    ]


def test_deep_json_is_an_error_for_its_record_only(run, articles_by_file):
    by_file, corpus = articles_by_file
    assert by_file["deep.jsonl"] == ["d3", "d4"]
    assert [e["line"] for e in _errors(run, "deep.jsonl")] == [1, 2]
    assert all(e["error"].startswith("JSON nested too deeply") for e in _errors(run, "deep.jsonl"))
    assert by_file["deep.json"] == ["j1", "j3"]
    assert [(e["line"], e["error"][:22]) for e in _errors(run, "deep.json")] == [(3, "JSON nested too deeply")]
    assert by_file["deep-object.json"] == ["o1"]
    assert [(e["line"], e["error"][:22]) for e in _errors(run, "deep-object.json")] == [(3, "JSON nested too deeply")]
    # non-scalar extra fields are stored as JSON text (a string column GX can hash)
    d3 = corpus.article("d3")
    assert d3["tree"] == _deep(300) and d3["tags"] == '["a", "b"]'


def test_dangling_links_and_fifos_are_reported_never_silent(run):
    [gone] = _errors(run, "gone.jsonl")
    assert gone["line"] is None
    assert gone["error"].startswith("dangling symbolic link (to '") and gone["error"].endswith("deleted.jsonl'): not read")
    assert [e["error"] for e in _errors(run, "pipe.jsonl")] == ["a named pipe (FIFO), not a regular file: not read"]
    skipped = {s["file"]: s["reason"] for s in run["report"]["corpus"]["skipped"]}
    assert skipped["corpus/pipe"] == "a named pipe (FIFO), not a regular file: not read"
    assert skipped["corpus/gone-notes"].startswith("dangling symbolic link")


def test_compressed_files_are_read_and_archives_listed_as_skipped(run, articles_by_file):
    skipped = {s["file"]: s["reason"] for s in run["report"]["corpus"]["skipped"]}
    assert skipped["corpus/sub/export.csv.zip"] == (".zip container: not read; unpack it to a .csv file to check it")
    assert "corpus/notes.md" not in skipped  # ordinary non-corpus files are not noise
    assert set(skipped) == {"corpus/sub/export.csv.zip", "corpus/pipe", "corpus/gone-notes"}
    assert articles_by_file[0]["archive.jsonl.gz"] == ["g1", "g2"]
    [err] = _errors(run, "broken.jsonl.gz")
    assert err["error"].startswith("cannot read or decompress the file: ")
    assert err["error"].endswith("the rest of this file was not read")


def test_terminal_summary_names_skipped_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.jsonl").write_text(_line({"id": "a", "title": "T", "body": BODY}) + "\n")
    (tmp_path / "c" / "b.ndjson.7z").write_bytes(b"7z\xbc\xaf\x27\x1c")
    result = runner.invoke(app, ["check", "c", "--no-docs", "-q"])
    assert result.exit_code in (0, 1)
    assert "skipped c/b.ndjson.7z: .7z container: not read" in result.output


def test_parquet_nan_and_null_ids_get_the_file_derived_id(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    import datetime

    when = datetime.date(2026, 12, 1)
    table = pa.table({"id": pa.array([float("nan"), None, 7.0], type=pa.float64()),
                      "body": [BODY, BODY, BODY], "tags": [["a"], [], None],
                      "meta": [{"k": 1}, None, {"k": 2}], "issued": [when, when, None]})
    pq.write_table(table, tmp_path / "rows.parquet")
    corpus = load_corpus([tmp_path / "rows.parquet"], base=tmp_path)
    assert corpus.ingest_errors == []
    assert corpus.articles["id"].tolist() == ["rows:1", "rows:2", "7.0"]
    assert corpus.articles["tags"].tolist()[:2] == ['["a"]', "[]"]  # lists and structs as JSON text
    assert corpus.articles["meta"].tolist()[::2] == ['{"k": 1}', '{"k": 2}']
    assert corpus.articles["issued"].tolist()[0] == when  # scalars are kept as they are


def test_record_over_the_size_limit_is_an_error_naming_size_and_limit(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "copydesk.toml").write_text("max_record_bytes = 2000\n")
    big = _line({"id": "big", "title": "Big", "body": (BODY + " ") * 40})
    (tmp_path / "c.jsonl").write_text(big + "\n" + _line({"id": "small", "title": "T", "body": BODY}) + "\n")
    (tmp_path / "c.csv").write_text(f"id,body\nbigcsv,\"{(BODY + ' ') * 40}\"\nsmallcsv,{BODY}\n")
    (tmp_path / "big.txt").write_text("Title\nLede\n" + (BODY + "\n") * 40)
    code, report, output = _check(["c.jsonl", "c.csv", "big.txt"])
    assert code == 1, output
    assert report["corpus"]["articles"] == 2
    errors = [(e["file"], e["line"], e["error"]) for e in report["corpus"]["ingest_errors"]]
    limit = "over the limit of 2,000 bytes (max_record_bytes): not read"
    assert errors == [
        ("c.jsonl", 1, f"record is {len(big.encode()):,} bytes, {limit}"),
        ("c.csv", 2, f"record is {len(BODY) * 40 + 40 + len('bigcsv'):,} bytes, {limit}"),
        ("big.txt", None, f"file is {(tmp_path / 'big.txt').stat().st_size:,} bytes, {limit}"),
    ]


@pytest.mark.parametrize("value", ["0", "-5", '"10MB"', "true"])
def test_bad_max_record_bytes_is_a_configuration_error(tmp_path, monkeypatch, value):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "copydesk.toml").write_text(f"max_record_bytes = {value}\n")
    (tmp_path / "c.jsonl").write_text(_line({"id": "a", "title": "T", "body": BODY}) + "\n")
    result = runner.invoke(app, ["check", "c.jsonl", "--no-docs", "-q"])
    assert result.exit_code == 2 and "max_record_bytes must be a positive whole number" in result.output


def test_fifo_or_dangling_link_named_on_the_command_line_is_exit_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.mkfifo(tmp_path / "p.jsonl")
    (tmp_path / "l.jsonl").symlink_to(tmp_path / "missing.jsonl")
    watch = _FifoWatch(tmp_path / "p.jsonl")
    try:
        fifo = runner.invoke(app, ["check", "p.jsonl", "--no-docs", "-q"])
    finally:
        watch.stop()
    assert fifo.exit_code == 2 and "p.jsonl: a named pipe (FIFO), not a file or folder" in fifo.output
    assert not watch.opened
    link = runner.invoke(app, ["check", "l.jsonl", "--no-docs", "-q"])
    assert link.exit_code == 2 and "l.jsonl: dangling symbolic link" in link.output


def test_offset_map_agrees_with_a_character_walk():
    """Locating is one pass per token plus a binary search per offset: same answers as
    decoding the token character by character."""
    text = 'Caf\u00e9 "quoted"\n\tline two \\ end \U0001f600 and \u2028 more ' * 5
    raw = json.dumps(text)[1:-1]  # JSON-escaped (\\u00e9, \\", \\n, surrogate pair, ...)
    walk, pos = [], 0
    for m in JSON_ESCAPE.finditer(raw):
        walk.extend(range(pos, m.start()))
        walk.append(m.start())
        pos = m.end()
    walk.extend(range(pos, len(raw)))
    assert len(walk) == len(text)
    offsets = OffsetMap(raw, JSON_ESCAPE)
    assert [offsets.raw(i) for i in range(len(text))] == walk
    assert offsets.raw(len(text)) == len(raw)


def test_lone_surrogates_in_ids_sources_and_extras_are_errors_of_their_record(tmp_path):
    lines = ['{"id": "a\\ud800b", "body": "Body one."}', '{"id": "s1", "source": "Wire\\udc00", "body": "Body two."}',
             '{"id": "x1", "note": "\\ud83d", "body": "Body three."}', '{"id": "ok", "body": "Body four."}']
    (tmp_path / "s.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus = load_corpus([tmp_path], base=tmp_path)
    assert corpus.articles["id"].tolist() == ["ok"]
    assert [(e.line, e.error.split(" holds")[0]) for e in corpus.ingest_errors] == [
        (1, "field 'id'"), (2, "field 'source'"), (3, "field 'note'")]


def test_file_name_that_is_not_utf8_is_read_under_an_escaped_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = os.fsdecode(b"bad\xff.jsonl")
    (tmp_path / name).write_text(_line({"id": "n1", "title": "T", "body": BODY}) + "\n", encoding="utf-8")
    code, report, output = _check(["."])
    assert code in (0, 1), output
    assert report["corpus"]["files"] == ["bad\\xff.jsonl"] and report["corpus"]["articles"] == 1
    json.dumps(report, ensure_ascii=False).encode("utf-8")  # the report is valid UTF-8 text
