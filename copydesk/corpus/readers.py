"""Readers: files and folders of articles -> Article records + IngestErrors.

Every input record becomes either an `Article` or an `IngestError(file, line, reason)`;
nothing is dropped silently. Supported inputs (by extension, folders recursively):
`.txt` (one article: title line, lede line, body), `.jsonl`/`.ndjson` (one object a line),
`.json` (an array of objects, one object, or {"articles": [...]}), `.csv`/`.tsv`,
`.parquet`, `.html`/`.htm` (main text extracted with trafilatura).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from copydesk.model import Article, IngestError

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

# REPORT_FORMAT.md: accepted input names for each article field, in order of preference.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "article_id", "guid"),
    "title": ("title", "headline"),
    "lede": ("lede", "subtitle", "standfirst", "description", "summary"),
    "body": ("body", "text", "content", "article"),
    "source": ("source", "outlet", "publisher", "site", "domain"),
    "url": ("url", "link"),
    "published": ("published", "date", "published_at", "pubdate"),
}
TEXT_FIELDS = ("title", "lede", "body")

EXTENSIONS = {
    ".txt": "txt",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "csv",
    ".parquet": "parquet",
    ".html": "html",
    ".htm": "html",
}


class InputError(Exception):
    """A path given on the command line does not exist or holds no readable input."""


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Files to read: the given files, plus supported files found recursively in folders."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in EXTENSIONS
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return files


class RecordMapper:
    """Turns one input record (a dict) into an Article, using aliases and config mapping."""

    def __init__(self, field_map: dict[str, str] | None = None):
        self.field_map = dict(field_map or {})

    def _pick(self, record: dict[str, Any], name: str) -> tuple[str | None, Any]:
        if name in self.field_map:
            key = self.field_map[name]
            return (key, record.get(key)) if key in record else (None, None)
        for key in FIELD_ALIASES[name]:
            if key in record:
                return key, record[key]
        return None, None

    def article_or_error(self, record: Any, default_id: str, file: str, line: int | None) -> Article | IngestError:
        """The record as an Article, or the IngestError saying why it is not one."""
        try:
            return self.to_article(record, default_id, file, line)
        except ValueError as exc:
            return IngestError(file, line, str(exc))

    def to_article(self, record: Any, default_id: str, file: str, line: int | None) -> Article:
        """Raises ValueError with a reader-facing reason when the record is not an article."""
        if not isinstance(record, dict):
            raise ValueError(f"expected a JSON object, got {type(record).__name__}")
        used: set[str] = set()
        values: dict[str, Any] = {}
        for name in FIELD_ALIASES:
            key, value = self._pick(record, name)
            if key is not None:
                used.add(key)
            values[name] = value
        for name in TEXT_FIELDS:
            value = values[name]
            if value is None or (isinstance(value, float) and value != value):
                values[name] = ""
            elif not isinstance(value, str):
                raise ValueError(f"field {name!r} must be text, got {type(value).__name__}")
            elif (bad := _LONE_SURROGATE.search(value)) is not None:
                # a JSON escape such as "\ud800" without its pair (a scraper's broken emoji):
                # such text cannot be written as UTF-8 to any report
                raise ValueError(f"field {name!r} holds an unpaired surrogate U+{ord(bad.group()):04X} "
                                 f"at character {bad.start()} (broken escape sequence)")
        if not values["body"].strip():
            wanted = self.field_map.get("body") or "/".join(FIELD_ALIASES["body"])
            raise ValueError(f"missing body (no non-empty {wanted} field)")
        ident = values["id"]
        if ident is None or (isinstance(ident, str) and not ident.strip()):
            ident = default_id
        extra = {k: v for k, v in record.items() if k not in used}
        meta = {}
        for name in ("source", "url", "published"):
            v = values[name]
            meta[name] = None if v is None or v == "" else str(v)
        return Article(
            id=str(ident), title=values["title"], lede=values["lede"], body=values["body"],
            file=file, line=line, extra=extra, **meta,
        )


class UndecodableError(ValueError):
    """Bytes that are not UTF-8; `line` is the 1-based line holding the first bad byte."""

    def __init__(self, raw: bytes, start: int):
        self.line = raw.count(b"\n", 0, start) + 1
        super().__init__(f"undecodable bytes (not UTF-8) at line {self.line}, byte {start}")


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UndecodableError(raw, exc.start) from exc


def read_txt(path: Path, mapper: RecordMapper, display: str) -> Iterator[Article | IngestError]:
    """Seed format: line 1 title, line 2 lede, rest (stripped) the body."""
    try:
        raw = path.read_bytes()
        text = _decode(raw)
    except (OSError, ValueError) as exc:
        yield IngestError(display, getattr(exc, "line", None), str(exc))
        return
    if text.startswith("\ufeff"):
        text = text[1:]
    fields: dict[str, str] = {}
    origin: dict[str, tuple[int, int]] = {}
    pos = 0
    for name in ("title", "lede", "body"):
        end = len(text) if name == "body" else text.find("\n", pos)
        end = len(text) if end == -1 else end
        raw_field = text[pos:end]
        stripped = raw_field.strip()
        fields[name] = stripped
        start = pos + (len(raw_field) - len(raw_field.lstrip()))
        line = text.count("\n", 0, start) + 1
        origin[name] = (line, start - (text.rfind("\n", 0, start) + 1) + 1)
        pos = min(end + 1, len(text))
    if not fields["body"]:
        yield IngestError(display, 3, "missing body (a .txt article is title line, lede line, then the body)")
        return
    yield Article(id=path.stem, file=display, line=1, origin=origin, **fields)


def read_jsonl(path: Path, mapper: RecordMapper, display: str) -> Iterator[Article | IngestError]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        yield IngestError(display, None, str(exc))
        return
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    for lineno, chunk in enumerate(raw.split(b"\n"), start=1):
        if not chunk.strip():
            continue
        try:
            record = json.loads(_decode(chunk))
        except json.JSONDecodeError as exc:
            yield IngestError(display, lineno, f"invalid JSON: {exc.msg} (column {exc.colno})")
        except ValueError as exc:
            yield IngestError(display, lineno, str(exc))
        else:
            yield mapper.article_or_error(record, f"{path.stem}:{lineno}", display, lineno)


_WS = re.compile(r"\s*")


def _trailing_data(text: str, end: int, display: str) -> Iterator[IngestError]:
    """Text after the file's one JSON value would be lost silently: report it."""
    rest = _WS.match(text, end).end()
    if rest < len(text):
        yield IngestError(display, text.count("\n", 0, rest) + 1,
                          "invalid JSON: unexpected data after the end of the JSON value (several objects "
                          "one per line are JSON Lines: name the file .jsonl); the rest of this file was not read")


def _top_level_value(text: str, pos: int, wanted: str, decoder: json.JSONDecoder) -> int:
    """Offset of the value of the object's own key `wanted` (the object at `pos` is valid JSON,
    already decoded once); a nested key of the same name is skipped."""
    pos += 1  # "{"
    while True:
        pos = _WS.match(text, pos).end()
        key, pos = decoder.raw_decode(text, pos)
        pos = _WS.match(text, pos).end() + 1  # ":"
        pos = _WS.match(text, pos).end()
        if key == wanted:
            return pos
        _, pos = decoder.raw_decode(text, pos)
        pos = _WS.match(text, pos).end() + 1  # "," (the wanted key exists, so "}" is not reached)


def read_json(path: Path, mapper: RecordMapper, display: str) -> Iterator[Article | IngestError]:
    """A JSON array of objects (line numbers found by decoding element by element)."""
    try:
        text = _decode(path.read_bytes()).lstrip("\ufeff")
    except (OSError, ValueError) as exc:
        yield IngestError(display, getattr(exc, "line", None), str(exc))
        return
    decoder = json.JSONDecoder()
    pos = _WS.match(text, 0).end()
    top_is_object = text.startswith("{", pos)
    if top_is_object:
        try:
            obj, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            yield IngestError(display, exc.lineno, f"invalid JSON: {exc.msg} (column {exc.colno})")
            return
        yield from _trailing_data(text, end, display)
        if isinstance(obj.get("articles"), list):
            # re-locate the array so each element gets its own line number
            pos = _top_level_value(text, pos, "articles", decoder)
        else:
            yield mapper.article_or_error(obj, path.stem, display, text.count("\n", 0, pos) + 1)
            return
    if not text.startswith("[", pos):
        line = text.count("\n", 0, pos) + 1
        yield IngestError(display, line, "invalid JSON: expected an array of article objects")
        return
    pos += 1
    index = 0
    while True:
        pos = _WS.match(text, pos).end()
        if text.startswith("]", pos):
            if not top_is_object:
                yield from _trailing_data(text, pos + 1, display)
            return
        line = text.count("\n", 0, pos) + 1
        try:
            obj, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            yield IngestError(display, exc.lineno, f"invalid JSON: {exc.msg} (column {exc.colno}); "
                              "the rest of this file was not read")
            return
        index += 1
        yield mapper.article_or_error(obj, f"{path.stem}:{index}", display, line)
        pos = _WS.match(text, pos).end()
        if text.startswith(",", pos):
            pos += 1
        elif not text.startswith("]", pos):
            line = text.count("\n", 0, pos) + 1
            yield IngestError(display, line, "invalid JSON: expected ',' or ']' after an article; "
                              "the rest of this file was not read")
            return


def read_csv(path: Path, mapper: RecordMapper, display: str) -> Iterator[Article | IngestError]:
    """CSV/TSV with a header row; line numbers are those of each record's first line."""
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    try:
        fh = open(path, encoding="utf-8-sig", errors="surrogateescape", newline="")
    except OSError as exc:
        yield IngestError(display, None, str(exc))
        return
    with fh:
        # strict: an unclosed quotation mark is an error at the row that opened it, not a
        # cell that silently swallows the rest of the file; bodies may exceed csv's 128 KiB default
        csv.field_size_limit(2**31 - 1)
        reader = csv.reader(fh, delimiter=delimiter, strict=True)
        try:
            header = next(reader)
        except StopIteration:
            yield IngestError(display, 1, "empty CSV file (no header row)")
            return
        except csv.Error as exc:
            yield IngestError(display, 1, f"invalid CSV header: {exc}")
            return
        row_no = 0
        while True:
            line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield IngestError(display, line, f"invalid CSV: {exc}")
                continue
            if not any(cell.strip() for cell in row):
                continue
            row_no += 1
            if len(row) != len(header):
                yield IngestError(display, line, f"expected {len(header)} columns, found {len(row)}")
                continue
            if any("\udc80" <= ch <= "\udcff" for cell in row for ch in cell):
                yield IngestError(display, line, "undecodable bytes (not UTF-8)")
                continue
            yield mapper.article_or_error(dict(zip(header, row)), f"{path.stem}:{line}", display, line)


def read_parquet(path: Path, mapper: RecordMapper, display: str) -> Iterator[Article | IngestError]:
    """Parquet rows; `line` is the 1-based row number."""
    try:
        import pyarrow.parquet as pq

        table = pq.read_table(path)
    except Exception as exc:  # pyarrow raises several unrelated types for bad files
        yield IngestError(display, None, f"unreadable Parquet file: {exc}")
        return
    for row_no, record in enumerate(table.to_pylist(), start=1):
        yield mapper.article_or_error(record, f"{path.stem}:{row_no}", display, row_no)


def read_html(path: Path, mapper: RecordMapper, display: str) -> Iterator[Article | IngestError]:
    """One saved web page; title, description, date and main text from trafilatura."""
    try:
        html = _decode(path.read_bytes())
    except (OSError, ValueError) as exc:
        yield IngestError(display, getattr(exc, "line", None), str(exc))
        return
    from trafilatura import bare_extraction

    doc = bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    if doc is None:
        yield IngestError(display, None, "no article text found in the HTML page")
        return
    get = (lambda k: getattr(doc, k, None)) if not isinstance(doc, dict) else doc.get
    body = (get("text") or "").strip()
    if not body:
        yield IngestError(display, None, "no article text found in the HTML page")
        return
    yield Article(
        id=path.stem, title=(get("title") or "").strip(), lede=(get("description") or "").strip(),
        body=body, source=get("sitename") or get("hostname"), url=get("url"),
        published=get("date"), file=display, line=None,
    )


# readers whose one article per file takes the file's name as id
FILE_NAMED = frozenset({"txt", "html"})

READERS = {
    "txt": read_txt,
    "jsonl": read_jsonl,
    "json": read_json,
    "csv": read_csv,
    "parquet": read_parquet,
    "html": read_html,
}


def read_paths(
    paths: Iterable[str | Path], field_map: dict[str, str] | None = None, base: Path | None = None,
    on_file=None,
) -> tuple[list[Article], list[IngestError], list[str]]:
    """Read every file; duplicate ids become ingest errors (first occurrence wins).

    `on_file(done, total)`, when given, is called after each file (progress bars)."""
    mapper = RecordMapper(field_map)
    articles: list[Article] = []
    errors: list[IngestError] = []
    seen: dict[str, tuple[str, int | None]] = {}
    files = discover(paths)
    displays = []
    for path in files:
        display = _display(path, base)
        displays.append(display)
        kind = EXTENSIONS.get(path.suffix.lower())
        if kind is None:
            errors.append(IngestError(display, None, f"unsupported file type {path.suffix!r}"))
            continue
        for item in READERS[kind](path, mapper, display):
            if isinstance(item, IngestError):
                errors.append(item)
                continue
            if item.id in seen and kind in FILE_NAMED and item.id == path.stem:
                # one article per file, named by its file: "a/index.html" and "b/index.html" are
                # two pages, so the second takes its path (without extension) as id
                item.id = str(PurePosixPath(display).with_suffix(""))
            if item.id in seen:
                first_file, first_line = seen[item.id]
                where = f"{first_file}:{first_line}" if first_line else first_file
                errors.append(IngestError(display, item.line, f"duplicate id {item.id!r} (first seen at {where})"))
            else:
                seen[item.id] = (display, item.line)
                articles.append(item)
        if on_file is not None:
            on_file(len(displays), len(files))
    return articles, errors, displays


def _display(path: Path, base: Path | None) -> str:
    base = base or Path.cwd()
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
