"""Great Expectations Data Docs that render offline and keep article text inert.

GX (checked on 1.24.1) renders Data Docs from Jinja templates that load jQuery, Bootstrap
4.3.1, Popper, Font Awesome 6, bootstrap-table 1.19 (+ filter-control), bootstrap-datepicker,
a dark theme and Vega from CDNs, and the navbar logo from S3. Offline, the index page's tables
stay empty (bootstrap-table fills them from inline JSON) and every page is unstyled. GX offers
no supported way to override those templates, so copydesk post-processes the written site:

* :func:`localize_site` copies the third-party files copydesk needs from their PyPI packages
  (XStatic-jQuery, XStatic-Bootstrap whose ``bootstrap.bundle.min.js`` includes Popper,
  XStatic-Font-Awesome; located through each ``xstatic.pkg.<name>.BASE_DIR``) into
  ``<site>/static/vendor/``, adds copydesk's own small script and stylesheet
  (``copydesk/backends/gx/assets/``: a bootstrap-table replacement that fills the index tables from
  the options GX inlines, a filter box for static tables and a stand-in for ``vegaEmbed``),
  and rewrites every page so that no ``<script src>``, ``<link href>``, ``<img src>`` or
  inline-CSS ``url()`` points off the machine. Tags are matched by the library name in the
  URL, not the exact URL, so a GX upgrade that bumps a CDN version still maps; an external
  asset that matches nothing is reported (:class:`ExternalAssetWarning`, or
  :class:`DataDocsLocalizationError` with ``strict=True``) and its tag removed.

* GX escapes the *parameters* of its string templates but inserts plain-string table cells
  (the unexpected-value tables, observed values) and ``<code>`` templates without params
  (exception tracebacks, the "retrieve all unexpected values" query) raw, so an article
  containing ``<script>`` would run in the report. :func:`build_site_config` therefore sets
  :class:`EscapingJinjaPageView` (created lazily, so importing this module does not import GX)
  as the view of every site section; it HTML-escapes exactly those raw strings and nothing
  that GX already escapes.

* copydesk writes Data Docs only into a folder it owns (:func:`check_docs_dir`): a missing
  or empty folder, or one holding copydesk's manifest (:data:`MANIFEST`, the tool, its
  version and every file it wrote there). Any other folder is refused with
  :class:`DocsDirError`, so ``--docs-dir .`` can never delete or rewrite the user's files.
  :func:`publish_site` builds the site into a fresh staging folder inside the owned one,
  post-processes only those pages, moves them into place page by page (``index.html``
  last, so it only ever links to pages that exist) and then removes the files of the
  previous site that the manifest lists and the new one does not have.
"""

from __future__ import annotations

import html
import importlib
import json
import os
import re
import shutil
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable
from urllib.parse import unquote

from copydesk import __version__
from copydesk.fsutil import atomic_open, files_under, is_safe_relpath, move_files, remove_files, temp_dir

__all__ = [
    "MANIFEST",
    "DataDocsLocalizationError",
    "add_editor_pages",
    "DocsDirError",
    "ExternalAssetWarning",
    "build_site_config",
    "check_docs_dir",
    "localize_site",
    "publish_site",
]

#: Where vendor files and copydesk's own assets go, relative to the site root.
VENDOR_DIR = "static/vendor"
COPYDESK_DIR = "static/copydesk"
#: copydesk's own script and stylesheet, shipped as package data next to this module.
ASSETS_DIR = Path(__file__).with_name("assets")
OWN_JS = "datadocs.js"
OWN_CSS = "datadocs.css"

#: The site sections whose pages GX renders through a page view (see SiteBuilder).
_SECTIONS = ("expectations", "validations", "profiling")


class DataDocsLocalizationError(RuntimeError):
    """A Data Docs page still references an external asset copydesk cannot serve locally."""


class ExternalAssetWarning(UserWarning):
    """An unknown external asset was removed from a Data Docs page."""


class DocsDirError(Exception):
    """The Data Docs folder is not copydesk's to write (exit 2: nothing was touched)."""


# --------------------------------------------------------------------------- site config


def build_site_config(site_dir: Path) -> dict:
    """Return a GX ``data_docs_sites`` entry that writes Data Docs into ``site_dir``.

    A filesystem store at ``site_dir``, the default site index, no "how to" buttons, and
    :class:`EscapingJinjaPageView` for every section, so article text in unexpected-value
    tables renders as text. Call :func:`localize_site` after every build.

    Hooking it up with GX 1.24.1 and ``gx.get_context(mode="ephemeral")`` (checked): the
    ephemeral context already holds a ``local_site`` that writes to a fresh temp folder, so
    replace it::

        context = gx.get_context(mode="ephemeral")
        context.delete_data_docs_site("local_site")   # else build_data_docs() also writes /tmp
        context.add_data_docs_site(site_name="copydesk", site_config=build_site_config(dir))
        ...
        checkpoint = gx.Checkpoint(..., actions=[
            gx.checkpoint.UpdateDataDocsAction(name="data_docs", site_names=["copydesk"])])
        checkpoint.run(...)        # or context.build_data_docs(site_names=["copydesk"])
        localize_site(dir)

    ``add_data_docs_site`` keeps the config in the in-memory project config, which is all an
    ephemeral context has; passing ``project_config=DataContextConfig(data_docs_sites=...)``
    to ``get_context`` would also work but replaces every other default store setting.
    """
    view = {"module_name": __name__, "class_name": "EscapingJinjaPageView"}
    return {
        "class_name": "SiteBuilder",
        "show_how_to_buttons": False,
        "store_backend": {
            "class_name": "TupleFilesystemStoreBackend",
            "base_directory": str(Path(site_dir).resolve()),
        },
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        # GX merges this into its default section builders (nested_update): only the view
        # changes, renderers and source stores stay GX's own.
        "site_section_builders": {section: {"view": dict(view)} for section in _SECTIONS},
    }


def _escape_cell(cell: Any) -> Any:
    """Escape a table cell that GX would emit raw: a plain string, or strings in a list."""
    if isinstance(cell, str):
        return html.escape(cell, quote=False)
    if isinstance(cell, list):
        return [_escape_cell(el) if isinstance(el, str) else el for el in cell]
    return cell  # content blocks (dicts) go through GX's own, escaping, templates


def _make_escaping_view() -> type:
    """Build :class:`EscapingJinjaPageView`; GX is imported only when a site is rendered."""
    from great_expectations.render.view.view import DefaultJinjaPageView, contextfilter

    class EscapingJinjaPageView(DefaultJinjaPageView):
        """GX's page view, with the raw-HTML holes for data values closed.

        * ``table`` blocks: plain-string cells and header cells are escaped (GX's table.j2
          prints them unescaped; unexpected values and observed values arrive this way);
        * ``string_template`` blocks with a ``code`` tag and no params are escaped (GX uses
          them for exception tracebacks and the unexpected-index query, built from data).
        Everything else, including string-template params that GX escapes itself, is
        untouched, so nothing is escaped twice.
        """

        @contextfilter
        def render_content_block(self, jinja_context, content_block, *args, **kwargs):
            if isinstance(content_block, dict) and content_block.get("content_block_type") == "table":
                content_block = dict(content_block)
                content_block["table"] = [
                    [_escape_cell(cell) for cell in row] if isinstance(row, list) else row
                    for row in content_block.get("table") or []
                ]
                if isinstance(content_block.get("header_row"), list):
                    content_block["header_row"] = [
                        _escape_cell(cell) for cell in content_block["header_row"]
                    ]
            return super().render_content_block(jinja_context, content_block, *args, **kwargs)

        def render_string_template(self, template):
            if (
                isinstance(template, dict)
                and template.get("tag") == "code"
                and not template.get("params")
                and isinstance(template.get("template"), str)
            ):
                template = dict(template)
                template["template"] = html.escape(template["template"], quote=False)
            return super().render_string_template(template)

    EscapingJinjaPageView.__module__ = __name__
    return EscapingJinjaPageView


_lazy: dict[str, type] = {}


def __getattr__(name: str) -> Any:
    # GX's instantiate_class_from_config does getattr(module, class_name): build on demand.
    if name == "EscapingJinjaPageView":
        if name not in _lazy:
            _lazy[name] = _make_escaping_view()
        return _lazy[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --------------------------------------------------------------------------- vendor assets


@dataclass(frozen=True)
class _Library:
    """A third-party library copydesk serves from a PyPI package.

    ``js``/``css`` are paths inside the package's ``BASE_DIR``; files that a stylesheet
    references with ``url(...)`` (web fonts) are copied with it.
    """

    package: str
    js: str | None = None
    css: str | None = None


_LIBRARIES: dict[str, _Library] = {
    "jquery": _Library("xstatic.pkg.jquery", js="jquery.min.js"),
    # The bundle includes Popper (Bootstrap 4 dropdowns/tooltips need it): no separate file.
    "bootstrap": _Library(
        "xstatic.pkg.bootstrap", js="js/bootstrap.bundle.min.js", css="css/bootstrap.min.css"
    ),
    "fontawesome": _Library("xstatic.pkg.font_awesome", css="css/all.min.css"),
}
#: Pseudo-library for copydesk's own replacement of bootstrap-table (+ its CSS).
_OWN = "copydesk"

#: How an external <script>/<link> is handled, by library name found in its URL; first
#: match wins (bootstrap-table and friends before bootstrap). ``None`` drops the tag.
_URL_RULES: tuple[tuple[re.Pattern[str], str | None], ...] = tuple(
    (re.compile(pattern, re.I), target)
    for pattern, target in (
        # bootstrap-table and its filter-control extension: copydesk's datadocs.js/.css.
        (r"bootstrap-table", _OWN),
        # Date filter is a native <input type=date> in datadocs.js.
        (r"bootstrap-datepicker", None),
        # Dark theme (@forevolve/bootstrap-dark): no packaged build; pages stay light.
        (r"bootstrap-dark|bootstrap-prefers-dark", None),
        # Popper ships inside bootstrap.bundle.min.js.
        (r"popper", None),
        (r"jquery", "jquery"),
        (r"bootstrap", "bootstrap"),
        (r"font-?awesome", "fontawesome"),
        # vega, vega-lite, vega-embed: no offline package; datadocs.js stands in for
        # vegaEmbed and shows a notice where a chart would be.
        (r"vega", None),
    )
)
#: External images by file name -> file in GX's own static/images (copied into every site).
_IMAGE_ALIASES = {"full_logo_dark.png": "logo-long.png"}

_EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.\-]*:)?//", re.I)
_SCRIPT_TAG = re.compile(
    r"<script\b[^>]*?\bsrc\s*=\s*([\"'])(?P<url>.*?)\1[^>]*>\s*</script\s*>", re.I | re.S
)
_LINK_TAG = re.compile(r"<link\b[^>]*?\bhref\s*=\s*([\"'])(?P<url>.*?)\1[^>]*>", re.I | re.S)
_IMG_TAG = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*([\"'])(?P<url>.*?)\1[^>]*>", re.I | re.S)
_CSS_URL = re.compile(r"url\(\s*([\"']?)(?P<url>[^\"')]*)\1\s*\)", re.I)
_STYLE_BLOCK = re.compile(r"(<style\b[^>]*>)(.*?)(</style\s*>)", re.I | re.S)
_HEAD_END = re.compile(r"</head\s*>", re.I)
_LINK_REL = re.compile(r"\brel\s*=\s*([\"'])(.*?)\1", re.I | re.S)
_HINT_RELS = {"preconnect", "dns-prefetch", "prefetch", "preload", "modulepreload"}


def _package_dir(module_name: str) -> Path:
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:  # pragma: no cover - dependency missing from the install
        dist = module_name.split(".")[-1].replace("_", "-")
        raise DataDocsLocalizationError(
            f"{module_name} is not installed (pip install XStatic-{dist})"
        ) from exc
    return Path(module.BASE_DIR)


def _copy(src: Path, dst: Path) -> None:
    """Copy unless an identical-looking file (same size, not older) is already there."""
    try:
        s, d = src.stat(), dst.stat()
        if s.st_size == d.st_size and d.st_mtime >= s.st_mtime:
            return
    except FileNotFoundError:
        pass
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dst)


def _copy_with_css_urls(base: Path, rel: str, dest_root: Path) -> None:
    """Copy ``base/rel`` to ``dest_root/rel`` and, for CSS, every local file it url()s."""
    src = base / rel
    _copy(src, dest_root / rel)
    if not rel.endswith(".css"):
        return
    for match in _CSS_URL.finditer(src.read_text(encoding="utf-8")):
        url = match.group("url").split("?")[0].split("#")[0]
        if not url or url.startswith("data:") or _EXTERNAL.match(url):
            continue
        ref = (Path(rel).parent / url).as_posix()
        if (base / ref).is_file():
            _copy(base / ref, dest_root / os.path.normpath(ref))


def _install_assets(site_dir: Path) -> dict[tuple[str, str], Path]:
    """Copy vendor and own assets into the site; return (library, kind) -> site-relative path."""
    targets: dict[tuple[str, str], Path] = {}
    for name, lib in _LIBRARIES.items():
        base = _package_dir(lib.package)
        dest_root = site_dir / VENDOR_DIR / name
        for kind, rel in (("js", lib.js), ("css", lib.css)):
            if rel is None:
                continue
            _copy_with_css_urls(base, rel, dest_root)
            targets[(name, kind)] = Path(VENDOR_DIR, name, rel)
    for kind, fname in (("js", OWN_JS), ("css", OWN_CSS)):
        _copy(ASSETS_DIR / fname, site_dir / COPYDESK_DIR / fname)
        targets[(_OWN, kind)] = Path(COPYDESK_DIR, fname)
    return targets


# --------------------------------------------------------------------------- page rewriting


def _library_for(url: str) -> tuple[bool, str | None]:
    """(known, target library or None to drop) for an external URL."""
    path = url.split("?")[0]
    for pattern, target in _URL_RULES:
        if pattern.search(path):
            return True, target
    return False, None


def _rel(site_dir: Path, page_dir: Path, site_path: Path | str) -> str:
    return Path(os.path.relpath(site_dir / site_path, page_dir)).as_posix()


def _tag(kind: str, href: str) -> str:
    if kind == "js":
        return f'<script src="{html.escape(href)}"></script>'
    return f'<link rel="stylesheet" href="{html.escape(href)}">'


def _rewrite_page(
    text: str,
    page: Path,
    site_dir: Path,
    targets: dict[tuple[str, str], Path],
    unknown: list[tuple[Path, str]],
) -> str:
    page_dir = page.parent
    emitted: set[tuple[str, str]] = set()
    images = site_dir / "static" / "images"

    def with_url(match: re.Match[str], url: str) -> str:
        start, end = match.span("url")
        whole, base = match.group(0), match.start()
        return whole[: start - base] + html.escape(url) + whole[end - base :]

    def local_ref(match: re.Match[str]) -> str:
        # GX 1.24.1 computes some static paths one "../" short on validation pages (the
        # favicon: dot count + 3 where the page is dot count + 4 deep): re-anchor a
        # missing static/... reference at the site root when the file exists there.
        url = match.group("url")
        path = unquote(url.split("?")[0].split("#")[0])
        if not path or ":" in path.split("/")[0] or (page_dir / path).exists():
            return match.group(0)
        _, sep, rest = path.partition("static/")
        if sep and (site_dir / "static" / rest).is_file():
            return with_url(match, _rel(site_dir, page_dir, Path("static", rest)))
        return match.group(0)

    def asset_tag(match: re.Match[str], kind: str) -> str:
        url = match.group("url")
        if not _EXTERNAL.match(url):
            return local_ref(match)
        if kind == "css":
            rel = _LINK_REL.search(match.group(0))
            rel_value = rel.group(2).lower() if rel else ""
            if _HINT_RELS.intersection(rel_value.split()):
                return ""  # preconnect/dns-prefetch hints: meaningless offline
            if "stylesheet" not in rel_value.split():
                unknown.append((page, url))  # e.g. an external icon: nothing local to use
                return ""
        known, lib = _library_for(url)
        if not known:
            unknown.append((page, url))
            return ""
        key = (lib, kind) if lib else None
        if key is None or key in emitted:
            return ""
        if key not in targets:
            unknown.append((page, url))  # e.g. a jQuery stylesheet: nothing to map it to
            return ""
        emitted.add(key)
        return _tag(kind, _rel(site_dir, page_dir, targets[key]))

    def local_image(url: str) -> str | None:
        name = url.split("?")[0].split("#")[0].rstrip("/").rsplit("/", 1)[-1]
        name = _IMAGE_ALIASES.get(name, name)
        if name and (images / name).is_file():
            return _rel(site_dir, page_dir, Path("static", "images", name))
        unknown.append((page, url))
        return None

    def img_tag(match: re.Match[str]) -> str:
        url = match.group("url")
        if not _EXTERNAL.match(url):
            return local_ref(match)
        local = local_image(url)
        return "" if local is None else with_url(match, local)

    def css_url(match: re.Match[str]) -> str:
        url = match.group("url")
        if not _EXTERNAL.match(url):
            return match.group(0)
        local = local_image(url)
        return f"url('{local}')" if local else "none"

    def style_block(match: re.Match[str]) -> str:
        return match.group(1) + _CSS_URL.sub(css_url, match.group(2)) + match.group(3)

    text = _SCRIPT_TAG.sub(lambda m: asset_tag(m, "js"), text)
    text = _LINK_TAG.sub(lambda m: asset_tag(m, "css"), text)
    text = _IMG_TAG.sub(img_tag, text)
    text = _STYLE_BLOCK.sub(style_block, text)

    # copydesk's own CSS/JS belong on every page (static-table search, vegaEmbed stand-in),
    # even if a future GX stops loading bootstrap-table there.
    missing = [
        _tag(kind, _rel(site_dir, page_dir, targets[(_OWN, kind)]))
        for kind in ("css", "js")
        if (_OWN, kind) not in emitted
        and _rel(site_dir, page_dir, targets[(_OWN, kind)]) not in text
    ]
    if missing:
        head_end = _HEAD_END.search(text)
        at = head_end.start() if head_end else 0
        text = text[:at] + "\n".join(missing) + "\n" + text[at:]
    return text


def localize_site(site_dir: Path, *, strict: bool = False) -> None:
    """Make the Data Docs site in ``site_dir`` render with no network access.

    Copies jQuery, Bootstrap (CSS + bundle with Popper) and Font Awesome (CSS + web fonts)
    from their XStatic packages into ``site_dir/static/vendor/``, copydesk's own
    ``datadocs.js``/``datadocs.css`` into ``site_dir/static/copydesk/``, and rewrites every
    ``*.html`` under ``site_dir`` to load them by relative path, so ``site_dir`` must hold
    only pages GX just wrote: :func:`publish_site` calls it on its staging folder, never on
    the user's folder. Idempotent; pages that are already local are left untouched.

    External ``<script>``/``<link>``/``<img>``/CSS ``url()`` references that match no known
    library are removed and reported with :class:`ExternalAssetWarning`; with
    ``strict=True`` a :class:`DataDocsLocalizationError` naming page and URL is raised
    instead (pages are still rewritten first).
    """
    site_dir = Path(site_dir).resolve()
    if not (site_dir / "index.html").is_file():
        raise DataDocsLocalizationError(f"no Data Docs site in {site_dir} (index.html missing)")
    targets = _install_assets(site_dir)
    unknown: list[tuple[Path, str]] = []
    for page in sorted(site_dir.rglob("*.html")):
        if VENDOR_DIR in page.relative_to(site_dir).as_posix():
            continue
        text = page.read_text(encoding="utf-8")
        new = _rewrite_page(text, page, site_dir, targets, unknown)
        if new != text:
            page.write_text(new, encoding="utf-8")
    if unknown:
        listing = "\n".join(
            f"  {page.relative_to(site_dir).as_posix()}: {url}" for page, url in unknown[:20]
        )
        more = f"\n  ... and {len(unknown) - 20} more" if len(unknown) > 20 else ""
        message = (
            f"Data Docs in {site_dir} referenced {len(unknown)} external asset(s) copydesk "
            f"has no local copy of; the tags were removed:\n{listing}{more}"
        )
        if strict:
            raise DataDocsLocalizationError(message)
        warnings.warn(message, ExternalAssetWarning, stacklevel=2)


# --------------------------------------------------------------------------- owned folder

#: The manifest that marks a Data Docs folder as copydesk's and lists what it wrote there.
MANIFEST = ".copydesk-docs.json"
#: Prefix of the staging folder a build writes into (inside the owned folder).
STAGING_PREFIX = ".copydesk-staging-"
_INDEX = "index.html"


def check_docs_dir(docs_dir: Path) -> list[str]:
    """The files copydesk wrote in ``docs_dir`` before ([] for a new site), or
    :class:`DocsDirError` when the folder is not copydesk's to write.

    Owned: a missing or empty folder, or one with a readable copydesk :data:`MANIFEST`.
    Reads only; creates nothing. Run it before any work, so a wrong ``--docs-dir`` fails
    at once, and again right before writing.
    """
    docs_dir = Path(docs_dir)
    where = f"Data Docs folder {docs_dir}" + ("" if docs_dir.is_absolute() else f" ({docs_dir.absolute()})")
    if not docs_dir.exists():
        if docs_dir.is_symlink():
            raise DocsDirError(f"{where} is a broken symlink")
        return []
    if not docs_dir.is_dir():
        raise DocsDirError(f"{where} is not a folder")
    manifest = docs_dir / MANIFEST
    if manifest.exists():
        try:
            doc = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise DocsDirError(f"{where}: cannot read {MANIFEST}: {exc}; remove the folder to rebuild it") from exc
        files = doc.get("files") if isinstance(doc, dict) else None
        tool = doc.get("tool") if isinstance(doc, dict) else None
        if (not isinstance(tool, dict) or tool.get("name") != "copydesk" or not isinstance(files, list)
                or not all(isinstance(f, str) for f in files)):
            raise DocsDirError(f"{where}: {MANIFEST} is not a copydesk Data Docs manifest; "
                               "copydesk does not write into it")
        return [f for f in files if is_safe_relpath(f)]
    try:
        entries = sorted(e.name for e in docs_dir.iterdir() if not e.name.startswith(STAGING_PREFIX))
    except OSError as exc:
        raise DocsDirError(f"{where}: cannot list it: {exc}") from exc
    if entries:
        shown = ", ".join(entries[:5]) + (", ..." if len(entries) > 5 else "")
        raise DocsDirError(
            f"{where} is not empty ({shown}) and was not created by copydesk (it has no {MANIFEST}); "
            "copydesk builds Data Docs only in an empty or new folder, or one it built before, so it "
            "never deletes or rewrites files it did not write. Choose another --docs-dir "
            f"(e.g. {docs_dir / 'data-docs'}) or --no-docs")
    return []


def _write_manifest(docs_dir: Path, files: list[str]) -> None:
    doc = {"tool": {"name": "copydesk", "version": __version__}, "index": _INDEX, "files": sorted(set(files))}
    with atomic_open(docs_dir / MANIFEST) as fh:
        json.dump(doc, fh, indent=1)
        fh.write("\n")


def publish_site(docs_dir: Path, build: Callable[[Path], None], *, strict: bool = False) -> Path:
    """Build a Data Docs site with ``build(staging_folder)`` and make it the site in
    ``docs_dir``; return its ``index.html``.

    The site is built and localized (:func:`localize_site`) in a staging folder inside
    ``docs_dir``, so only copydesk's own pages are post-processed. Then: the manifest is
    widened to the old and new files (a crash from here on leaves nothing unlisted), the new
    files are moved in one by one with ``index.html`` last, the previous site's files that
    the new one lacks are removed (only those the manifest lists), and the manifest is
    narrowed to the new site. If ``build`` fails, or a path the new site needs holds a file
    copydesk did not write (:class:`DocsDirError`), nothing in ``docs_dir`` changes.
    """
    docs_dir = Path(docs_dir)
    previous = check_docs_dir(docs_dir)
    created = [p for p in (docs_dir, *docs_dir.parents) if not p.exists()]  # innermost first
    docs_dir.mkdir(parents=True, exist_ok=True)
    try:
        with temp_dir(docs_dir, STAGING_PREFIX) as staging:
            build(staging)
            localize_site(staging, strict=strict)
            new = [f for f in files_under(staging) if f != MANIFEST]
            ours = set(previous)
            clashes = [f for f in new if f not in ours and _occupied(docs_dir, f)]
            if clashes:
                raise DocsDirError(f"Data Docs folder {docs_dir}: {', '.join(clashes[:5])} "
                                   f"{'is' if len(clashes) == 1 else 'are'} not listed in {MANIFEST} "
                                   "(copydesk did not write it); nothing was changed")
            _write_manifest(docs_dir, previous + new)
            move_files(staging, docs_dir, [f for f in new if f != _INDEX] + [f for f in new if f == _INDEX])
    except BaseException:
        for folder in created:  # a failed first build leaves no empty folders behind
            try:
                folder.rmdir()
            except OSError:
                break
        raise
    remove_files(docs_dir, sorted(ours - set(new)))
    _write_manifest(docs_dir, new)
    return docs_dir / _INDEX


# --------------------------------------------------------------------------- editor pages

_MAIN_COLUMN = re.compile(r'<div class="col-md-10[^"]*"[^>]*>', re.I)
_BODY_START = re.compile(r"<body\b[^>]*>", re.I)
_EDITOR_BLOCK = "copydesk-editor-block"


def _insert_block(text: str, block: str) -> str:
    """``block`` at the top of a GX page's main column (else right after ``<body>``)."""
    at = _MAIN_COLUMN.search(text) or _BODY_START.search(text)
    if at is None or _EDITOR_BLOCK in text:
        return text
    return text[: at.end()] + "\n" + block + "\n" + text[at.end():]


#: fewer article pages than this per worker are written in one process (a fork and its
#: start cost more than ~0.5 ms of rendering and writing a page saves)
MIN_PAGES_PER_JOB = 1000


def _write_article_pages(site_dir: Path, pages: list[tuple[str, dict, list[dict]]], jobs: int) -> None:
    """Each (article id, its record, its located findings) as its page, in `jobs` forked workers
    (copydesk/backends/local.py `fork_map`; 0: every core) when there are enough pages.

    Plain writes, as GX's own pages here: `site_dir` is publish_site's staging folder,
    which is moved into place only once whole (atomic_open's fsync per page took the
    editor pages from 17.4 s to 28.3 s on 100k articles, benchmarks/speed.py)."""
    from copydesk.backends.local import fork_map, workers_for
    from copydesk.reports.findings_html import article_page, render_article

    def write(share: list[tuple[str, dict, list[dict]]]) -> None:
        folders: set[Path] = set()
        for article_id, record, items in share:
            path = site_dir / article_page(article_id)
            if path.parent not in folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                folders.add(path.parent)
            path.write_text(render_article(record, items), encoding="utf-8")

    n = workers_for(len(pages), jobs, MIN_PAGES_PER_JOB)
    if n <= 1:
        write(pages)
    else:  # every n-th page to each worker: pages of long articles spread evenly
        fork_map(lambda i: write(pages[i::n]), n, n)


def add_editor_pages(site_dir: Path, corpus, findings, outcomes, only_articles: set[str] | None = None,
                     jobs: int = 1) -> None:
    """Add copydesk's pages for editors to a GX site just built in ``site_dir`` (before
    :func:`localize_site`, which styles them like GX's pages).

    * ``overview.html`` (copydesk/reports/overview.py): corpus size, finding rates per
      source and per check as inline SVG charts, the top rules and the worst articles;
      the index page links to it first.
    * ``articles/<slug>-<hash>.html`` for every article with findings: each finding in
      context, then the article with its flagged spans marked.
    * every validation page gets, above GX's own sections, the findings of its suite's
      checks: ordered by severity then article, the article named once, file:line, the
      flagged span in ``<mark>`` inside its line, the suggestion. (GX's own tables show
      at most 20 sampled cells, sorted as text, with the ids repeated.)

    Every value from the corpus is HTML-escaped (copydesk/reports/findings_html.py).
    Article pages are written by `jobs` processes (0: every core) on large sites.
    """
    from copydesk.reports import overview
    from copydesk.reports.findings_html import findings_table, located

    site_dir = Path(site_dir)
    articles = corpus.articles
    if only_articles is not None:
        articles = articles[articles["id"].isin(only_articles)]
    found = located(corpus, findings)
    records = {str(r["id"]): r for r in articles.to_dict("records")}
    by_article: dict[str, list[dict]] = {}
    for d in found:
        by_article.setdefault(d["article_id"], []).append(d)
    _write_article_pages(site_dir, [(a, records[a], items) for a, items in by_article.items() if a in records], jobs)

    texts = {(str(r["id"]), name): r.get(name) or "" for r in records.values() for name in ("title", "lede", "body")}
    checks_of: dict[str, set[str]] = {}
    for o in outcomes:
        if o.check:
            checks_of.setdefault(o.suite, set()).add(o.check)
    links = []
    for page in sorted((site_dir / "validations").rglob("*.html")):
        rel = page.relative_to(site_dir)
        suite = rel.parts[1] if len(rel.parts) > 2 else None
        links.append((suite or rel.stem, rel.as_posix()))
        text = page.read_text(encoding="utf-8")
        if suite:  # GX 1.24 prints "Data asset: None" for dataframe batches; copydesk names
            # each asset after its suite (engine.validate_corpus)
            text = text.replace("Data asset: None<br>", f"Data asset: {html.escape(suite)}<br>", 1)
        checks = checks_of.get(suite or "", set())
        if not checks:
            page.write_text(text, encoding="utf-8")
            continue
        mine = [d for d in found if d["check"] in checks]
        prefix = "../" * (len(rel.parts) - 1)
        head = (f'<h2 class="h5">copydesk findings: {len(mine)} ({_esc_names(sorted(checks))})</h2>'
                '<p class="small text-muted">Every flagged row, errors first, then by article; the flagged '
                'text is marked in its line. The article links to all its findings. '
                f'<a href="{prefix}overview.html">Corpus overview</a></p>')
        table = findings_table(mine, texts, prefix) if mine else "<p>No findings.</p>"
        block = f'<div class="{_EDITOR_BLOCK} card card-body mb-3">{head}{table}</div>'
        page.write_text(_insert_block(text, block), encoding="utf-8")

    stats = overview.compute(articles, found, files=len(corpus.files), ingest_errors=len(corpus.ingest_errors))
    (site_dir / "overview.html").write_text(overview.render(stats, links), encoding="utf-8")
    index = site_dir / _INDEX
    if index.is_file():
        sources = len(stats.sources)
        block = (f'<div class="{_EDITOR_BLOCK} alert alert-primary mb-3"><a class="h5 alert-link" '
                 'href="overview.html">Corpus overview for editors</a><div>'
                 f'{stats.articles:,} articles, {stats.words:,} words, {sources:,} source'
                 f'{"s" if sources != 1 else ""}: {stats.findings:,} findings '
                 f'({stats.by_severity["error"]:,} errors, {stats.by_severity["warning"]:,} warnings), '
                 'with rates per source and check, top rules and the worst articles.</div></div>')
        index.write_text(_insert_block(index.read_text(encoding="utf-8"), block), encoding="utf-8")


def _esc_names(names: list[str]) -> str:
    return html.escape(", ".join(names), quote=True)


def _occupied(root: Path, rel: str) -> bool:
    """Something is at ``root/rel``, or a parent of it is not a folder."""
    path = root / rel
    if path.exists() or path.is_symlink():
        return True
    return any(p.exists() and not p.is_dir() for p in path.parents if root in p.parents)
