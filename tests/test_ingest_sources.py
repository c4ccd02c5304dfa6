"""Inputs as corpora arrive: compressed files, WARC crawls, standard input, globs and
excludes, and configuration found from the checked path (through the CLI)."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
from pathlib import Path

import pytest
from typer.testing import CliRunner

from copydesk.cli import app
from copydesk.corpus import load_corpus
from tests.warc_files import crawl_records, write_warc

runner = CliRunner()
BODY = "The council voted on Tuesday to close the pool, the clerk said.\n\nIt was close."


def _jsonl(*ids: str, body: str = BODY) -> bytes:
    return "".join(json.dumps({"id": i, "title": f"Story {i}", "body": body}) + "\n" for i in ids).encode()


def _report(args: list[str], **kwargs) -> tuple[int, dict]:
    """Exit code and JSON report of a check, or {"output": ...} when no report was written."""
    Path("report.json").unlink(missing_ok=True)
    result = runner.invoke(app, ["check", *args, "--no-docs", "-q", "-f", "json=report.json"], **kwargs)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    try:
        with open("report.json", encoding="utf-8") as fh:
            return result.exit_code, json.load(fh)
    except FileNotFoundError:
        return result.exit_code, {"output": result.output}


def _zstd(data: bytes) -> bytes:
    import zstandard

    return zstandard.ZstdCompressor().compress(data)


COMPRESSORS = {".gz": gzip.compress, ".bz2": bz2.compress, ".xz": lzma.compress, ".zst": _zstd}


@pytest.mark.parametrize("suffix", sorted(COMPRESSORS))
def test_compressed_jsonl_is_read_with_lines_of_the_decompressed_text(tmp_path, suffix):
    bad = b'{"id": "broken", "body": \n'
    (tmp_path / f"news.jsonl{suffix}").write_bytes(COMPRESSORS[suffix](_jsonl("a1", "a2") + bad + _jsonl("a4")))
    corpus = load_corpus([tmp_path], base=tmp_path)
    assert corpus.articles["id"].tolist() == ["a1", "a2", "a4"]
    assert corpus.articles["line"].tolist() == [1, 2, 4]
    [err] = corpus.ingest_errors
    assert (err.file, err.line) == (f"news.jsonl{suffix}", 3) and err.error.startswith("invalid JSON")
    # a finding offset maps to line and column of the decompressed text
    column = len('{"id": "a2", "title": "Story a2", "body": "') + 1
    assert corpus.locate("a2", "body", 0) == (2, column)


@pytest.mark.parametrize("name", ["rows.csv.gz", "rows.tsv.bz2"])
def test_compressed_csv_and_tsv(tmp_path, name):
    sep = "\t" if ".tsv" in name else ","
    text = f"id{sep}title{sep}body\nc1{sep}One{sep}First body.\nc2{sep}Two{sep}Second body.\n".encode()
    (tmp_path / name).write_bytes(COMPRESSORS["." + name.rsplit(".", 1)[1]](text))
    corpus = load_corpus([tmp_path / name], base=tmp_path)
    assert corpus.articles["id"].tolist() == ["c1", "c2"]
    assert corpus.locate("c2", "body", 0) == (3, len(f"c2{sep}Two{sep}") + 1)


def test_compressed_txt_takes_its_name_without_both_suffixes(tmp_path):
    (tmp_path / "story.txt.gz").write_bytes(gzip.compress(b"A headline\nA lede\nThe body text here.\n"))
    corpus = load_corpus([tmp_path], base=tmp_path)
    assert corpus.articles["id"].tolist() == ["story"]
    assert corpus.articles.iloc[0]["body"] == "The body text here."


def test_truncated_gzip_keeps_the_records_before_the_cut(tmp_path):
    data = gzip.compress(_jsonl(*[f"t{i}" for i in range(200)]))
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) - 40])
    corpus = load_corpus([tmp_path], base=tmp_path)
    assert len(corpus.articles) > 0
    [err] = corpus.ingest_errors
    assert err.file == "cut.jsonl.gz" and "cannot read or decompress" in err.error


def test_warc_through_the_cli_counts_skips_and_locates_by_offset(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "crawl").mkdir()
    offsets = write_warc(tmp_path / "crawl" / "news.warc.gz", crawl_records())
    code, report = _report(["crawl"])
    assert code in (0, 1), report
    corpus = report["corpus"]
    assert corpus["articles"] == 2 and corpus["ingest_errors"] == []
    counts = {(s["file"], s["reason"]): s["records"] for s in corpus["skipped"]}
    assert counts == {("crawl/news.warc.gz", r): 1 for r in (
        "warcinfo record", "request record", "non-HTML response (image/png)", "HTTP 404 response",
        "HTTP 301 response")}
    for finding in report["findings"]:
        assert finding["file"] == "crawl/news.warc.gz"
        assert finding["record_offset"] in (offsets[2], offsets[3])


def test_stdin_is_read_as_jsonl_and_named_stdin(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = _jsonl("s1", "s2") + b"not json\n"
    code, report = _report(["-"], input=data)
    assert report["corpus"]["articles"] == 2
    assert report["corpus"]["files"] == ["<stdin>"]
    assert report["corpus"]["ingest_errors"] == [{"file": "<stdin>", "line": 3, "error": "invalid JSON: Expecting value (column 1)"}]
    assert code == 1  # the broken record fails the run


def test_stdin_csv_with_stdin_format(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, report = _report(["-", "--stdin-format", "csv"], input=b"id,title,body\nk1,Head,Some body text.\n")
    assert report["corpus"]["articles"] == 1 and report["corpus"]["ingest_errors"] == []
    code, report = _report(["-", "--stdin-format", "yaml"], input=b"")
    assert code == 2 and "--stdin-format must be one of" in report["output"]


def _tree(tmp_path):
    (tmp_path / "corpus" / "drafts").mkdir(parents=True)
    (tmp_path / "corpus" / "2024").mkdir()
    (tmp_path / "corpus" / "2024" / "a.jsonl").write_bytes(_jsonl("y1"))
    (tmp_path / "corpus" / "b.jsonl").write_bytes(_jsonl("y2"))
    (tmp_path / "corpus" / "c.csv").write_bytes(b"id,body\ny3,Body text.\n")
    (tmp_path / "corpus" / "drafts" / "d.jsonl").write_bytes(_jsonl("draft"))


def test_quoted_glob_and_excludes_with_skips_listed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _tree(tmp_path)
    code, report = _report(["corpus/**/*.jsonl", "--exclude", "drafts/"])
    assert sorted(report["corpus"]["files"]) == ["corpus/2024/a.jsonl", "corpus/b.jsonl"]
    assert {s["file"]: s["reason"] for s in report["corpus"]["skipped"]} == {
        "corpus/drafts/d.jsonl": "excluded by 'drafts/'"}
    code, report = _report(["corpus", "--exclude", "drafts", "--exclude", "*.csv"])
    assert sorted(report["corpus"]["files"]) == ["corpus/2024/a.jsonl", "corpus/b.jsonl"]
    assert {s["file"]: s["reason"] for s in report["corpus"]["skipped"]} == {
        "corpus/drafts": "excluded by 'drafts'", "corpus/c.csv": "excluded by '*.csv'"}
    code, report = _report(["corpus/*.parquet"])
    assert code == 2 and "the pattern matches no file or folder" in report["output"]


def test_exclude_in_configuration_found_from_the_checked_path(tmp_path, monkeypatch):
    _tree(tmp_path)
    (tmp_path / "copydesk.toml").write_text('exclude = ["drafts/"]\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # the working folder has no configuration above it
    code, report = _report([str(tmp_path / "corpus")])
    assert report["corpus"]["articles"] == 3
    assert [s["reason"] for s in report["corpus"]["skipped"]] == ["excluded by 'drafts/'"]


def test_unknown_configuration_key_is_an_error_naming_the_known_ones(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.jsonl").write_bytes(_jsonl("k1"))
    (tmp_path / "copydesk.toml").write_text('fail-on = "warning"\n')
    code, report = _report(["a.jsonl"])
    assert code == 2
    out = " ".join(report["output"].split())
    assert "unknown configuration key 'fail-on' ('fail-on' is spelt 'fail_on')" in out
    assert "known: docs_dir, fail_on" in out
