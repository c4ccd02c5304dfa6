"""copydesk never touches files it did not write, and writes what it writes atomically.

* Data Docs go only into a folder copydesk owns (missing, empty, or marked by its manifest
  `.copydesk-docs.json`); any other folder is refused with exit 2 before any work, and the
  user's files (corpus pages, an `expectations/` folder) stay byte-identical.
* Reports, baselines and the site replace the previous version whole: a writer that fails
  halfway (or Ctrl-C) leaves the previous file or site as it was, with no temp file left.
* Site paths have no space or `:` (upload-artifact and Windows reject them).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from typer.testing import CliRunner

from copydesk import __version__
from copydesk.baseline import write_baseline
from copydesk.cli import _emit, app
from copydesk.fsutil import atomic_open, files_under
from copydesk.model import Finding
from copydesk.backends.gx.datadocs import MANIFEST, STAGING_PREFIX, DocsDirError, check_docs_dir, publish_site

from .conftest import SEED_ARTICLE, SEEDS

runner = CliRunner()
RUN_DIR = re.compile(r"^copydesk-\d{8}T\d{6}Z$")


def tree_hashes(root: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file under root (folders are implied by the paths)."""
    return {rel: hashlib.sha256((root / rel).read_bytes()).hexdigest() for rel in files_under(root)}


def user_folder(root: Path) -> Path:
    """A folder of the user's own files, including a corpus page and an expectations/ folder
    (what the old `--docs-dir .` deleted or rewrote)."""
    (root / "expectations").mkdir(parents=True)
    (root / "expectations" / "articles.json").write_text('{"name": "articles", "expectations": []}\n')
    (root / "validations").mkdir()
    (root / "validations" / "notes.md").write_text("The desk's own validation notes.\n")
    (root / "page.html").write_text(
        "<html><head><title>Ferry fares rise</title>"
        '<script src="https://cdn.example.org/jquery.min.js"></script></head>'
        "<body><article><p>The harbor board raised ferry fares on Tuesday, the board said.</p>"
        "</article></body></html>\n")
    (root / "static").mkdir()
    (root / "static" / "story.html").write_text("<p>Another saved page.</p>\n")
    return root


@pytest.fixture
def no_work(monkeypatch):
    """Fail the test if copydesk starts reading the corpus (the docs folder must be refused first)."""
    def refuse(*args, **kwargs):
        raise AssertionError("the corpus was read before the docs folder was checked")

    monkeypatch.setattr("copydesk.corpus.load_corpus", refuse)


# ------------------------------------------------------------------ folders copydesk does not own


@pytest.mark.parametrize("command", ["check", "docs"])
@pytest.mark.parametrize("how", ["dot", "absolute"])
def test_folder_of_user_files_is_refused_and_left_byte_identical(tmp_path, monkeypatch, no_work, command, how):
    folder = user_folder(tmp_path / "work")
    before = tree_hashes(folder)
    if how == "dot":
        monkeypatch.chdir(folder)
    docs_arg = "." if how == "dot" else str(folder)
    res = runner.invoke(app, [command, str(SEEDS), "--docs-dir", docs_arg, "-q"])
    assert res.exit_code == 2, res.output
    assert res.stdout == ""
    message = res.stderr
    assert message.startswith(f"copydesk: Data Docs folder {docs_arg}")
    assert str(folder) in message  # the folder, absolute, even for "."
    assert "(expectations, page.html, static, validations)" in message
    assert f"was not created by copydesk (it has no {MANIFEST})" in message
    assert "never deletes or rewrites files it did not write" in message
    assert tree_hashes(folder) == before
    assert sorted(p.name for p in folder.iterdir()) == ["expectations", "page.html", "static", "validations"]


def test_corpus_folder_checked_into_itself_is_refused(tmp_path, monkeypatch, no_work):
    folder = user_folder(tmp_path / "corpus")
    before = tree_hashes(folder)
    monkeypatch.chdir(folder)
    res = runner.invoke(app, ["check", ".", "--docs-dir", ".", "-f", "json=report.json"])
    assert res.exit_code == 2
    assert tree_hashes(folder) == before  # and no report.json


def test_docs_dir_that_is_a_file_or_has_a_foreign_manifest(tmp_path, no_work):
    a_file = tmp_path / "report.html"
    a_file.write_text("<p>mine</p>")
    res = runner.invoke(app, ["check", str(SEEDS), "--docs-dir", str(a_file), "-q"])
    assert res.exit_code == 2
    assert res.stderr == f"copydesk: Data Docs folder {a_file} is not a folder\n"
    assert a_file.read_text() == "<p>mine</p>"

    for content, problem in (("{not json", f"cannot read {MANIFEST}"),
                             ('{"tool": {"name": "other"}, "files": ["index.html"]}',
                              f"{MANIFEST} is not a copydesk Data Docs manifest")):
        folder = tmp_path / f"site-{len(content)}"
        folder.mkdir()
        (folder / MANIFEST).write_text(content)
        (folder / "index.html").write_text("<p>someone's</p>")
        before = tree_hashes(folder)
        res = runner.invoke(app, ["docs", str(SEEDS), "--docs-dir", str(folder), "-q"])
        assert res.exit_code == 2
        assert problem in res.stderr and str(folder) in res.stderr
        assert tree_hashes(folder) == before


def test_run_ending_with_exit_2_writes_and_removes_nothing(tmp_path, no_work):
    out = tmp_path / "out.json"
    out.write_text('{"previous": true}\n')
    bad_suite = tmp_path / "broken.json"
    bad_suite.write_text("{")
    docs = tmp_path / "fresh-docs"
    res = runner.invoke(app, ["check", str(SEEDS), "--suite", str(bad_suite), "-f", f"json={out}",
                              "--docs-dir", str(docs)])
    assert res.exit_code == 2 and "cannot read suite" in res.stderr
    assert out.read_text() == '{"previous": true}\n'
    assert not docs.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.json", "out.json"]

    res = runner.invoke(app, ["check", str(SEEDS), "-f", f"json={tmp_path}", "--docs-dir", str(docs)])
    assert res.exit_code == 2
    assert res.stderr == f"copydesk: {tmp_path}: is a folder; give the report a file name\n"
    assert not docs.exists()


# ------------------------------------------------------------------ publishing a site (no GX)


def fake_build(pages: dict[str, str]):
    """A `build(staging)` that writes a tiny GX-like site: index.html plus the given pages."""
    def build(staging: Path) -> None:
        links = "".join(f'<a href="{rel}">{rel}</a>' for rel in pages)
        (staging / "index.html").write_text(f"<html><head></head><body>{links}</body></html>")
        for rel, body in pages.items():
            (staging / rel).parent.mkdir(parents=True, exist_ok=True)
            (staging / rel).write_text(f"<html><head></head><body>{body}</body></html>")
    return build


def manifest_files(folder: Path) -> list[str]:
    doc = json.loads((folder / MANIFEST).read_text())
    assert doc["tool"] == {"name": "copydesk", "version": __version__}
    assert doc["index"] == "index.html"
    return doc["files"]


def test_empty_folder_becomes_owned_and_manifest_lists_exactly_what_was_written(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    index = publish_site(site, fake_build({"validations/a/copydesk-20260101T000000Z/p.html": "one"}))
    assert index == site / "index.html"
    files = files_under(site)
    assert manifest_files(site) == [f for f in files if f != MANIFEST]
    assert "validations/a/copydesk-20260101T000000Z/p.html" in files
    assert any(f.startswith("static/vendor/jquery/") for f in files)  # localized in staging
    assert check_docs_dir(site) == manifest_files(site)
    assert not [p for p in site.iterdir() if p.name.startswith(STAGING_PREFIX)]


@pytest.mark.parametrize("fault", [RuntimeError, KeyboardInterrupt])
def test_failed_build_leaves_previous_site_whole(tmp_path, fault):
    site = tmp_path / "site"
    publish_site(site, fake_build({"validations/run1/p.html": "run one"}))
    (site / "notes.txt").write_text("mine\n")
    before = tree_hashes(site)

    def crashing(staging: Path) -> None:
        fake_build({"validations/run2/p.html": "run two"})(staging)
        (staging / "validations/run2/half.html").write_text("<html><body>trunc")
        raise fault("interrupted while building")

    with pytest.raises(fault):
        publish_site(site, crashing)
    assert tree_hashes(site) == before
    assert sorted(p.name for p in site.iterdir()) == [MANIFEST, "index.html", "notes.txt", "static", "validations"]

    missing = tmp_path / "new" / "site"
    with pytest.raises(fault):
        publish_site(missing, crashing)
    assert not (tmp_path / "new").exists()  # a failed first build leaves no empty folders


def test_second_publish_removes_only_listed_stale_files(tmp_path):
    site = tmp_path / "site"
    publish_site(site, fake_build({"validations/s/run1/p.html": "one", "expectations/s.html": "suite"}))
    (site / "validations" / "s" / "run1" / "mine.txt").write_text("the user's\n")
    (site / "notes.txt").write_text("the user's too\n")
    publish_site(site, fake_build({"validations/s/run2/p.html": "two", "expectations/s.html": "suite 2"}))
    files = files_under(site)
    assert "validations/s/run1/p.html" not in files
    assert "validations/s/run2/p.html" in files
    assert (site / "validations/s/run1/mine.txt").read_text() == "the user's\n"
    assert (site / "notes.txt").read_text() == "the user's too\n"
    assert "suite 2" in (site / "expectations/s.html").read_text()
    assert manifest_files(site) == [f for f in files if f not in (MANIFEST, "notes.txt",
                                                                   "validations/s/run1/mine.txt")]


def test_unlisted_file_where_the_new_site_writes_is_a_clash_and_nothing_changes(tmp_path):
    site = tmp_path / "site"
    publish_site(site, fake_build({}))
    (site / "validations").mkdir()
    (site / "validations" / "p.html").write_text("the user's page\n")
    before = tree_hashes(site)
    with pytest.raises(DocsDirError, match=r"validations/p\.html is not listed in \.copydesk-docs\.json"):
        publish_site(site, fake_build({"validations/p.html": "copydesk's"}))
    assert tree_hashes(site) == before


def test_manifest_entries_outside_the_folder_are_never_removed(tmp_path):
    site = tmp_path / "site"
    publish_site(site, fake_build({}))
    outside = tmp_path / "precious.txt"
    outside.write_text("keep\n")
    doc = json.loads((site / MANIFEST).read_text())
    doc["files"] += ["../precious.txt", str(outside)]
    (site / MANIFEST).write_text(json.dumps(doc))
    assert "../precious.txt" not in check_docs_dir(site)
    publish_site(site, fake_build({}))
    assert outside.read_text() == "keep\n"


# ------------------------------------------------------------------ reports and baselines


@pytest.mark.parametrize("fault", [RuntimeError, KeyboardInterrupt])
@pytest.mark.parametrize("fmt", ["json", "text"])
def test_report_writer_failing_midway_keeps_previous_report(tmp_path, monkeypatch, fmt, fault):
    dest = tmp_path / "out" / "report"
    dest.parent.mkdir()
    dest.write_text("previous report\n")

    def partial_json(report, fh):
        fh.write('{"findings": [')
        fh.flush()
        raise fault("disk went away")

    def partial_text(report, corpus, console, limit):
        console.print("FAILED  10 articles")
        console.file.flush()
        raise fault("disk went away")

    if fmt == "json":
        monkeypatch.setattr("copydesk.cli._writer", lambda name: partial_json)
    else:
        monkeypatch.setattr("copydesk.reports.terminal.render", partial_text)
    with pytest.raises(fault):
        _emit(fmt, dest, {}, None, 50)
    assert dest.read_text() == "previous report\n"
    assert [p.name for p in dest.parent.iterdir()] == ["report"]


def test_report_replaces_previous_and_keeps_permissions(tmp_path, monkeypatch):
    monkeypatch.setattr("copydesk.cli._writer", lambda name: lambda report, fh: fh.write("new report\n"))
    umask = os.umask(0)
    os.umask(umask)
    fresh = tmp_path / "sub" / "new.json"
    _emit("json", fresh, {}, None, 50)
    assert fresh.read_text() == "new report\n"
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask
    kept = tmp_path / "kept.json"
    kept.write_text("old\n")
    kept.chmod(0o640)
    _emit("json", kept, {}, None, 50)
    assert kept.read_text() == "new report\n" and kept.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.json", "sub"]


def test_baseline_write_failing_midway_keeps_previous_baseline(tmp_path, monkeypatch):
    path = tmp_path / "copydesk-baseline.json"
    finding = Finding(article_id="a", check="boilerplate", rule="phrase", field="body", start=0, end=5,
                      text="Share", message="m", file="x.jsonl", line=1)
    write_baseline([finding], path)
    before = path.read_bytes()

    def partial_dump(doc, fh, **kwargs):
        fh.write('{"schema": 1, "findi')
        raise KeyboardInterrupt

    monkeypatch.setattr("copydesk.baseline.json.dump", partial_dump)
    with pytest.raises(KeyboardInterrupt):
        write_baseline([], path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["copydesk-baseline.json"]


def test_atomic_open_writes_through_a_symlink(tmp_path):
    target = tmp_path / "real.json"
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    with atomic_open(link) as fh:
        fh.write("new")
    assert link.is_symlink() and target.read_text() == "new"


# ------------------------------------------------------------------ real Data Docs, built twice


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """`check` then `docs` into the same (new) folder, with a user file added in between;
    one pair of GX builds shared by the assertions below."""
    pytest.importorskip("great_expectations")
    base = tmp_path_factory.mktemp("owned")
    site = base / "reports"
    first = runner.invoke(app, ["check", str(SEED_ARTICLE), "--docs-dir", str(site), "-q",
                                "-f", f"json={base / 'report.json'}"])
    assert first.exit_code == 1, first.output
    files1 = files_under(site)
    manifest1 = manifest_files(site)
    (site / "notes.txt").write_text("kept by the user\n")
    second = runner.invoke(app, ["docs", str(SEED_ARTICLE), "--docs-dir", str(site), "-q"])
    assert second.exit_code == 0, second.output
    return {"site": site, "files1": files1, "manifest1": manifest1, "files2": files_under(site),
            "manifest2": manifest_files(site), "stdout2": second.stdout}


def _validation_pages(files: list[str]) -> list[str]:
    return [f for f in files if f.startswith("validations/") and f.endswith(".html")]


def test_first_build_marks_the_folder_with_what_it_wrote(two_builds):
    files1, manifest1 = two_builds["files1"], two_builds["manifest1"]
    assert manifest1 == [f for f in files1 if f != MANIFEST]
    assert {"index.html", "expectations/articles.html", "static/copydesk/datadocs.js"} <= set(manifest1)
    assert len(_validation_pages(files1)) == 3  # articles, paragraphs, sentences


def test_site_paths_have_no_space_or_colon(two_builds):
    for rel in two_builds["files1"] + two_builds["files2"]:
        for part in Path(rel).parts:
            assert " " not in part and ":" not in part, rel
    for page in _validation_pages(two_builds["files2"]):
        assert RUN_DIR.match(Path(page).parts[2]), page  # validations/<suite>/<run name>/<time>/x.html
    index = (two_builds["site"] / "index.html").read_text(encoding="utf-8")
    assert "%20" not in index and "%3A" not in index


def test_second_build_replaces_the_site_with_no_stale_pages(two_builds):
    site, files1, files2 = two_builds["site"], two_builds["files1"], two_builds["files2"]
    old_pages, new_pages = _validation_pages(files1), _validation_pages(files2)
    assert len(new_pages) == 3 and not set(old_pages) & set(new_pages)
    assert not [f for f in old_pages if (site / f).exists()]
    # run folders of the first build are gone, not left empty
    assert {Path(p).parts[2] for p in new_pages} == {p.name for p in (site / "validations").glob("*/*")}
    assert (site / "notes.txt").read_text() == "kept by the user\n"
    assert two_builds["manifest2"] == [f for f in files2 if f not in (MANIFEST, "notes.txt")]
    assert not [p for p in site.iterdir() if p.name.startswith(STAGING_PREFIX)]
    assert two_builds["stdout2"] == f"{site / 'index.html'}\n"
    index = (site / "index.html").read_text(encoding="utf-8")
    linked = {unquote(m) for m in re.findall(r"(validations/[^'\"\s]+?\.html)", index)}
    assert linked == set(new_pages)
