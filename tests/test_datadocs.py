"""Offline GX Data Docs: localized assets, filled index table, escaped article text."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from copydesk.backends.gx import datadocs
from copydesk.backends.gx.datadocs import (
    DataDocsLocalizationError,
    ExternalAssetWarning,
    build_site_config,
    localize_site,
)

SITE_NAME = "copydesk"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.\-]*:)?//", re.I)


class _Refs(HTMLParser):
    """Collect asset references and event-handler attributes with the stdlib parser."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.assets: list[tuple[str, str]] = []  # (tag, url)
        self.handlers: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.assets.append((tag, a["src"]))
        elif tag == "link" and a.get("href"):
            self.assets.append((tag, a["href"]))
        elif tag == "img" and a.get("src"):
            self.assets.append((tag, a["src"]))
        self.handlers += [(tag, k) for k in a if k.startswith("on") and k != "onclick"]


def _refs(page: Path) -> _Refs:
    parser = _Refs()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    gx = pytest.importorskip("great_expectations")
    import pandas as pd

    site_dir = tmp_path_factory.mktemp("datadocs") / "reports"
    context = gx.get_context(mode="ephemeral")
    context.delete_data_docs_site("local_site")
    context.add_data_docs_site(site_name=SITE_NAME, site_config=build_site_config(site_dir))
    frame = pd.DataFrame(
        {
            "article_id": ["ok", "xss-script", "xss-img", "empty"],
            "text": ["Fine text.", f"Body {SCRIPT} here", IMG, None],
        }
    )
    asset = context.data_sources.add_pandas("corpus").add_dataframe_asset("sentences")
    batch = asset.add_batch_definition_whole_dataframe("all")
    suite = context.suites.add(gx.ExpectationSuite(name="copydesk.sentences"))
    suite.add_expectation(gx.expectations.ExpectColumnValuesToNotBeNull(column="text"))
    suite.add_expectation(
        gx.expectations.ExpectColumnValuesToMatchRegex(column="text", regex=r"^[A-Z][a-z ]+\.$")
    )
    definition = context.validation_definitions.add(
        gx.ValidationDefinition(name="sentences", data=batch, suite=suite)
    )
    checkpoint = context.checkpoints.add(
        gx.Checkpoint(
            name="copydesk",
            validation_definitions=[definition],
            actions=[gx.checkpoint.UpdateDataDocsAction(name="docs", site_names=[SITE_NAME])],
            result_format={"result_format": "COMPLETE", "unexpected_index_column_names": ["article_id"]},
        )
    )
    result = checkpoint.run(batch_parameters={"dataframe": frame})
    assert not result.success
    localize_site(site_dir, strict=True)
    return site_dir


def _pages(site_dir: Path) -> list[Path]:
    pages = sorted(site_dir.rglob("*.html"))
    assert pages
    return pages


def _validation_page(site_dir: Path) -> Path:
    (page,) = sorted((site_dir / "validations").rglob("*.html"))
    return page


def test_site_has_index_validation_and_suite_pages(site):
    rel = {p.relative_to(site).parts[0] for p in _pages(site)}
    assert rel == {"index.html", "validations", "expectations"}


def test_no_external_scripts_stylesheets_or_images(site):
    for page in _pages(site):
        text = page.read_text(encoding="utf-8")
        for tag, url in _refs(page).assets:
            assert not EXTERNAL.match(url), (page, tag, url)
        assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", text), page
        assert "integrity=" not in text  # SRI hashes of CDN files must go with their tags


def test_every_local_asset_exists(site):
    for page in _pages(site):
        refs = _refs(page).assets
        kinds = {url.rsplit("/", 1)[-1] for _, url in refs}
        assert {"jquery.min.js", "bootstrap.bundle.min.js", "bootstrap.min.css", "all.min.css",
                "datadocs.js", "datadocs.css"} <= kinds, page
        for _, url in refs:
            target = (page.parent / unquote(url.split("?")[0].split("#")[0])).resolve()
            assert target.is_file(), (page, url)
            assert site in target.parents, (page, url)


def test_vendor_css_references_exist(site):
    for css in (site / datadocs.VENDOR_DIR).rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8")):
            if url.startswith("data:"):
                continue
            assert (css.parent / url.split("?")[0].split("#")[0]).is_file(), (css, url)


def test_bootstrap_bundle_includes_popper(site):
    bundle = site / datadocs.VENDOR_DIR / "bootstrap/js/bootstrap.bundle.min.js"
    assert "Popper" in bundle.read_text(encoding="utf-8")


def test_article_markup_is_escaped(site):
    page = _validation_page(site)
    text = page.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    for any_page in _pages(site):
        html_text = any_page.read_text(encoding="utf-8")
        assert "<script>alert" not in html_text
        assert "<img src=x" not in html_text
        assert not _refs(any_page).handlers, any_page


def test_escaping_view_escapes_code_templates_once():
    pytest.importorskip("great_expectations")
    view = datadocs.EscapingJinjaPageView()
    trace = view.render_string_template({"template": "KeyError: '<b>x</b>'", "tag": "code"})
    assert "&lt;b&gt;x&lt;/b&gt;" in trace and "<b>" not in trace
    # params are escaped by GX itself: not twice
    param = view.render_string_template(
        {"template": "value $v", "params": {"v": "a<b"}, "tag": "code"}
    )
    assert "a&lt;b" in param and "&amp;lt;" not in param


def test_localize_is_idempotent(site):
    before = {p: p.read_bytes() for p in _pages(site)}
    localize_site(site, strict=True)
    assert {p: p.read_bytes() for p in _pages(site)} == before


def _fake_site(tmp_path: Path, head: str) -> Path:
    site_dir = tmp_path / "site"
    (site_dir / "static/images").mkdir(parents=True)
    (site_dir / "static/images/logo-long.png").write_bytes(b"\x89PNG")
    (site_dir / "index.html").write_text(
        f"<html><head>{head}</head><body><p>x</p></body></html>", encoding="utf-8"
    )
    return site_dir


def test_rewrite_matches_library_names_not_exact_urls(tmp_path):
    head = (
        '<link rel="stylesheet" href="https://cdn.example.org/bootstrap/4.6.2/css/bootstrap.min.css">'
        '<link rel="stylesheet" href="//unpkg.com/bootstrap-table@1.22.0/dist/bootstrap-table.min.css">'
        '<script src="https://cdn.example.org/jquery-3.8.0.min.js" integrity="sha384-x" crossorigin="anonymous"></script>'
        '<script src="https://cdn.example.org/@popperjs/core@2/dist/umd/popper.min.js"></script>'
        '<script src="https://cdn.example.org/bootstrap/4.6.2/js/bootstrap.min.js"></script>'
        '<script src="https://cdn.example.org/bootstrap-table@1.22.0/dist/bootstrap-table.min.js"></script>'
        '<link rel="stylesheet" href="https://cdn.example.org/font-awesome/6.7.0/css/all.min.css">'
        '<script src="https://cdn.jsdelivr.net/npm/vega-lite@6"></script>'
        "<style>.a { background: url('https://assets.example.org/full_logo_dark.png') }</style>"
        '<link rel="preconnect" href="https://fonts.example.org">'
    )
    site_dir = _fake_site(tmp_path, head)
    localize_site(site_dir, strict=True)
    text = (site_dir / "index.html").read_text(encoding="utf-8")
    srcs = re.findall(r'<script src="([^"]+)"', text)
    hrefs = re.findall(r'<link rel="stylesheet" href="([^"]+)"', text)
    assert srcs == [
        "static/vendor/jquery/jquery.min.js",
        "static/vendor/bootstrap/js/bootstrap.bundle.min.js",
        "static/copydesk/datadocs.js",
    ]
    assert hrefs == [
        "static/vendor/bootstrap/css/bootstrap.min.css",
        "static/copydesk/datadocs.css",
        "static/vendor/fontawesome/css/all.min.css",
    ]
    assert "url('static/images/logo-long.png')" in text
    assert "//" not in text and "integrity" not in text


def test_unknown_external_asset_is_reported(tmp_path):
    head = '<script src="https://cdn.example.org/mystery-widget.js"></script>'
    site_dir = _fake_site(tmp_path, head)
    with pytest.raises(DataDocsLocalizationError, match="mystery-widget.js"):
        localize_site(site_dir, strict=True)
    site_dir = _fake_site(tmp_path / "again", head)
    with pytest.warns(ExternalAssetWarning, match="mystery-widget.js"):
        localize_site(site_dir)
    assert "mystery" not in (site_dir / "index.html").read_text(encoding="utf-8")


def test_missing_site_is_an_error(tmp_path):
    with pytest.raises(DataDocsLocalizationError, match="index.html"):
        localize_site(tmp_path)


def test_site_config_and_lazy_gx_import(tmp_path):
    config = build_site_config(tmp_path / "reports")
    assert config["store_backend"]["base_directory"] == str((tmp_path / "reports").resolve())
    assert config["show_how_to_buttons"] is False
    assert config["site_index_builder"] == {"class_name": "DefaultSiteIndexBuilder"}
    views = {s["view"]["class_name"] for s in config["site_section_builders"].values()}
    assert views == {"EscapingJinjaPageView"}
    code = (
        "import sys, copydesk.backends.gx.datadocs as d; d.build_site_config('x'); "
        "assert 'great_expectations' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})


# ----------------------------------------------------------------- headless Chromium, offline

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


def _offline_prefix() -> list[str]:
    """Run Chromium in a network namespace when allowed (root); else rely on resolver rules."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0:
        return [unshare, "-n"]
    return []


def _dump_dom(page: Path) -> tuple[str, str]:
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.run(
            _offline_prefix()
            + [
                CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--host-resolver-rules=MAP * ~NOTFOUND", f"--user-data-dir={profile}",
                "--enable-logging=stderr", "--v=0", "--window-size=1400,1000",
                "--dump-dom", page.as_uri(),
            ],
            capture_output=True, text=True, timeout=60,
        )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout, proc.stderr


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed")
def test_pages_render_offline_in_chromium(site):
    dom, log = _dump_dom(site / "index.html")
    assert "Uncaught" not in log, log
    # one filled row in each index table (validation results, expectation suites)
    rows = re.findall(r'<tr data-copydesk-row="\d+"[^>]*data-href="([^"]+)"', dom)
    assert len(rows) == 2 and any(r.startswith("validations/") for r in rows), rows
    assert "table table-bordered" in dom and "copydesk.sentences" in dom

    dom, log = _dump_dom(_validation_page(site))
    assert "Uncaught" not in log, log
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    assert '<img src="x"' not in dom  # the <img onerror> string did not become an element
    assert "copydesk-table-search" in dom  # datadocs.js ran on the static results table


# ----------------------------------------------------------------- copydesk's editor pages

from .editor_site import ODD_ID, editor_site, validation_page  # noqa: E402


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    return editor_site(tmp_path_factory)


def _block(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    start = text.index('class="copydesk-editor-block')
    return text[start:text.index("</table>", start)]


def _rows(block: str) -> list[str]:
    return re.findall(r"<tr>(.*?)</tr>", block.split("<tbody>", 1)[1], re.S)


def test_validation_page_marks_the_flagged_span_with_suggestion_and_place(editor):
    docs, report = editor
    block = _block(validation_page(docs, "sentences"))
    typo = next(f for f in report["findings"] if f["check"] == "typos")
    assert f"<mark>{typo['text']}</mark>" in block
    assert "<td class=\"copydesk-suggestion\">government</td>" in block
    assert f"news.jsonl:{typo['line']}:{typo['column']}" in block
    assert "possible misspelling of &#x27;government&#x27;" in block
    assert "Data asset: sentences<br>" in validation_page(docs, "sentences").read_text(encoding="utf-8")
    # the flagged word sits in its own line, not alone
    assert re.search(r"The <mark>goverment</mark> will pay for the new playground", block)


def test_validation_rows_go_by_severity_then_article_naming_each_article_once(editor):
    docs, report = editor
    rows = _rows(_block(validation_page(docs, "sentences")))
    expected = [f for f in report["findings"] if f["check"] in ("typos", "attribution")]
    assert len(rows) == len(expected) == 4
    severities = [re.search(r"badge-(\w+)", r).group(1) if "badge-" in r else None for r in rows]
    # gz-1's two errors share one severity cell and one article cell (rowspan)
    assert severities == ["danger", None, "danger", "warning"]
    articles = [html.unescape(m) for r in rows for m in re.findall(r'class="copydesk-article"><a [^>]*>([^<]+)<', r)]
    assert articles == ["gz-1", ODD_ID, "gz-1"]
    assert 'rowspan="2"' in rows[0]


def test_article_page_lists_every_finding_in_context(editor):
    docs, report = editor
    from copydesk.reports.findings_html import article_page

    page = (docs / article_page("gz-1")).read_text(encoding="utf-8")
    mine = [f for f in report["findings"] if f["article_id"] == "gz-1"]
    assert {f["check"] for f in mine} == {"typos", "attribution", "boilerplate"}
    assert len(_rows(_block_of(page))) == len(mine)
    body = page.split("flagged spans marked", 1)[1]
    assert body.count("<mark ") == len(mine)  # each span marked in the full text
    assert "<mark title=\"typos/misspelling: possible misspelling of &#x27;government&#x27;\">goverment</mark>" in body


def _block_of(text: str) -> str:
    start = text.index('<table class="table table-sm table-bordered copydesk-findings')
    return text[start:text.index("</table>", start)]


def test_editor_pages_escape_article_text_and_ids(editor):
    docs, _ = editor
    pages = [docs / "overview.html", validation_page(docs, "sentences"), *(docs / "articles").glob("*.html")]
    seen_script = False
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<b>bold" not in text, page
        seen_script |= "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        assert not _refs(page).handlers, page
    assert seen_script
    assert html.escape(ODD_ID) in validation_page(docs, "sentences").read_text(encoding="utf-8")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed")
def test_editor_pages_render_offline_in_chromium(editor):
    docs, _ = editor
    dom, log = _dump_dom(docs / "overview.html")
    assert "Uncaught" not in log, log
    assert dom.count("<svg") == 2 and "Harbor Gazette" in dom
    dom, log = _dump_dom(validation_page(docs, "sentences"))
    assert "Uncaught" not in log, log
    assert "<mark>goverment</mark>" in dom and "copydesk-editor-block" in dom
