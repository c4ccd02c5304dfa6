"""Readers: files and folders of articles -> Article records + IngestErrors.

Every input record becomes either an `Article` or an `IngestError(file, line, reason)`;
nothing is dropped silently. Supported inputs (by extension, folders recursively):
`.txt` (one article: title line, lede line, body), `.jsonl`/`.ndjson` (one object a line),
`.json` (an array of objects, one object, or {"articles": [...]}), `.csv`/`.tsv`,
`.parquet`, `.html`/`.htm` (main text extracted with trafilatura), `.warc`/`.warc.gz`
(web crawls, copydesk/corpus/warc.py), and the text kinds compressed (`.gz`, `.bz2`,
`.xz`, `.zst`, read as streams; copydesk/corpus/sources.py); `-` is standard input.
JSON Lines and CSV files are read a line at a time, so memory does not grow with the
size of one file beyond the tables themselves.

Hostile or broken input never aborts the run: a record over `max_record_bytes` (default
10 MB; per-record cost of every check grows with its size), JSON nested deeper than
Python's recursion limit, an unclosed CSV quote, bytes that are not UTF-8 -- each is an
ingest error naming file, line (or byte) and problem, and reading goes on with the next
record. UTF-16 and UTF-32 files (detected by their byte-order mark) are read. In folders,
entries that are not read are reported, never skipped silently: a dangling symbolic link
or a named pipe with an input extension is an ingest error (a pipe is never opened, so it
cannot block the run); corpus files in containers copydesk does not read (`.csv.zip`,
`.parquet.gz`, ...), files matching an exclude pattern, other special files and symbolic
links to folders are listed in the report's `corpus.skipped`, and WARC records that are
not pages are counted there by reason.
"""

from __future__ import annotations

import csv
import io
import json
import re
import stat
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from copydesk.config import DEFAULT_MAX_RECORD_BYTES
from copydesk.corpus.sources import (
    STDIN,
    STDIN_NAME,
    bom_encoding,
    compressed_errors,
    excluded_by,
    expand_glob,
    has_magic,
    inner_suffix,
    input_kind,
    looks_like_unread_corpus,
    open_input,
    read_input,
    spool_stdin,
    stem,
)
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

class InputError(Exception):
    """A path given on the command line does not exist or holds no readable input."""


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def scan(paths: Iterable[str | Path], exclude: Iterable[str] = ()) -> tuple[list[Path], list[tuple[Path, str]], list[dict[str, str]]]:
    """(files to read, (path, ingest error) for inputs that cannot be read, skipped entries).

    Folders are walked recursively (hidden entries skipped, symbolic links to folders not
    followed but listed). A path with glob characters is expanded (a glob that matches
    nothing is a usage error, like a missing path). `exclude` patterns drop files found in
    folders or by globs, and each dropped file is listed as skipped. `-` (standard input)
    is passed on as it is. Nothing is opened here: a FIFO is only stat()ed, so it cannot
    block.
    """
    patterns = list(exclude)
    files: list[Path] = []
    unreadable: list[tuple[Path, str]] = []
    skipped: list[tuple[Path, str]] = []

    def consider(p: Path, relative: str, explicit: bool) -> None:
        if not explicit and (pattern := excluded_by(relative, patterns)):
            skipped.append((p, f"excluded by {pattern!r}"))
            return
        wanted = input_kind(p)[0] is not None
        try:
            mode = p.stat().st_mode
        except OSError as exc:  # a dangling or looping symbolic link, or no permission
            if p.is_symlink():
                reason = f"dangling symbolic link (to {_link_target(p)}): not read"
            else:
                reason = f"cannot be read: {exc.strerror or exc}"
            (unreadable if wanted else skipped).append((p, reason))
            return
        if stat.S_ISDIR(mode):
            if p.is_symlink():
                skipped.append((p, "symbolic link to a folder: not followed"))
        elif stat.S_ISREG(mode):
            if wanted or explicit:
                files.append(p)
            elif looks_like_unread_corpus(p):
                skipped.append((p, f"{p.suffix.lower()} container: not read; unpack it to a "
                                   f"{p.suffixes[-2].lower()} file to check it"))
        else:
            reason = f"{_special_kind(mode)}, not a regular file: not read"
            (unreadable if wanted else skipped).append((p, reason))

    def walk(folder: Path) -> None:
        for p in sorted(folder.rglob("*")):
            relative = p.relative_to(folder).as_posix()
            if any(part.startswith(".") for part in p.relative_to(folder).parts):
                continue
            if any(excluded_by(parent, patterns) for parent in _parents(relative)):
                continue  # inside an excluded folder: the folder itself is listed once
            if p.is_dir() and not p.is_symlink() and (pattern := excluded_by(relative, patterns)):
                skipped.append((p, f"excluded by {pattern!r}"))
                continue
            consider(p, relative, explicit=False)

    for raw in paths:
        text = str(raw)
        if text == STDIN:
            files.append(Path(STDIN))
            continue
        path = Path(raw)
        if not path.exists() and not path.is_symlink() and has_magic(text):
            matched = expand_glob(text)
            if not matched:
                raise InputError(f"{text}: the pattern matches no file or folder")
            for p in matched:
                if p.is_dir():
                    walk(p)
                else:
                    consider(p, p.as_posix(), explicit=False)
            continue
        if path.is_dir():
            walk(path)
        elif path.is_file():
            files.append(path)
        elif path.is_symlink() and not path.exists():
            raise InputError(f"{path}: dangling symbolic link (to {_link_target(path)})")
        elif path.exists():
            raise InputError(f"{path}: {_special_kind(path.stat().st_mode)}, not a file or folder")
        else:
            raise InputError(f"{path}: no such file or folder")
    if sum(1 for f in files if str(f) == STDIN) > 1:
        raise InputError("standard input (-) can be read only once")
    return files, unreadable, [{"file": p.as_posix(), "reason": r} for p, r in skipped]


def _parents(relative: str) -> list[str]:
    """'a/b/c.txt' -> ['a', 'a/b']: the folders a relative path sits in."""
    parts = PurePosixPath(relative).parts[:-1]
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def _link_target(path: Path) -> str:
    try:
        return repr(str(path.readlink()))
    except OSError:
        return "an unreadable target"


class RecordMapper:
    """Turns one input record (a dict) into an Article, using aliases and config mapping."""

    def __init__(self, field_map: dict[str, str] | None = None,
                 max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES):
        self.field_map = dict(field_map or {})
        self.max_record_bytes = max_record_bytes

    def size_error(self, nbytes: int, what: str = "record") -> str | None:
        """The ingest error for a record of `nbytes` over the limit, else None."""
        if nbytes <= self.max_record_bytes:
            return None
        megabytes = f" ({nbytes / 1e6:.1f} MB)" if nbytes >= 100_000 else ""
        return (f"{what} is {nbytes:,} bytes{megabytes}, over the limit of "
                f"{self.max_record_bytes:,} bytes (max_record_bytes): not read")

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
        except RecursionError:
            return IngestError(file, line, _TOO_DEEP)

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
        if (problem := self.size_error(sum(_utf8_size(values[n], self.max_record_bytes) for n in TEXT_FIELDS),
                                       "record text")):
            raise ValueError(problem)
        if not values["body"].strip():
            wanted = self.field_map.get("body") or "/".join(FIELD_ALIASES["body"])
            raise ValueError(f"missing body (no non-empty {wanted} field)")
        ident = values["id"]
        if _missing(ident) or (isinstance(ident, str) and not ident.strip()):
            ident = default_id  # Parquet/pandas nulls (None, NaN) too, never the id "nan"
        elif isinstance(ident, bool) or not isinstance(ident, (str, int, float)):
            raise ValueError(f"field 'id' must be text or a number, got {type(ident).__name__}")
        extra = {k: _stored_extra(k, v) for k, v in record.items() if k not in used}
        meta = {}
        for name in ("source", "url", "published"):
            v = values[name]
            if isinstance(v, (dict, list, tuple)):
                raise ValueError(f"field {name!r} must be text, got {type(v).__name__}")
            meta[name] = None if _missing(v) or v == "" else str(v)
        for name, v in (("id", str(ident)), *meta.items(), *((k, v) for k, v in extra.items() if isinstance(v, str))):
            if isinstance(v, str) and (bad := _LONE_SURROGATE.search(v)) is not None:
                raise ValueError(f"field {name!r} holds an unpaired surrogate U+{ord(bad.group()):04X} "
                                 f"at character {bad.start()} (broken escape sequence)")
        return Article(
            id=str(ident), title=values["title"], lede=values["lede"], body=values["body"],
            file=file, line=line, extra=extra, **meta,
        )


_TOO_DEEP = (f"JSON nested too deeply (over Python's limit of about {sys.getrecursionlimit()} levels): "
             "not read")


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _utf8_size(text: str, limit: int) -> int:
    """UTF-8 size of `text`; exact only where it matters (between len and 4 x len bytes)."""
    n = len(text)
    if n > limit or 4 * n <= limit:
        return n
    return len(text.encode("utf-8", "surrogatepass"))


def _span_size(text: str, start: int, end: int, limit: int) -> int:
    """`_utf8_size(text[start:end])`, without copying the span when its length decides."""
    n = end - start
    return n if n > limit or 4 * n <= limit else _utf8_size(text[start:end], limit)


def _stored_extra(key: str, value: Any) -> Any:
    """Extra fields are kept as columns: scalars (also Parquet dates, decimals, bytes) as
    they are, containers (JSON lists and objects, Parquet lists and structs) as JSON text,
    so every column is flat and hashable for GX (a deep list made GX fail hashing the frame)."""
    if not isinstance(value, (dict, list, tuple)):
        return value
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except RecursionError:
        raise ValueError(f"field {key!r}: {_TOO_DEEP}") from None
    except (TypeError, ValueError) as exc:
        raise ValueError(f"field {key!r} cannot be stored as JSON text: {exc}") from None


class UndecodableError(ValueError):
    """Bytes that are not UTF-8; `line` is the 1-based line holding the first bad byte."""

    def __init__(self, raw: bytes, start: int):
        self.line = raw.count(b"\n", 0, start) + 1
        super().__init__(f"undecodable bytes (not UTF-8) at line {self.line}, byte {start}")


def _decode(raw: bytes) -> str:
    """A file's text: UTF-16/UTF-32 by their byte-order mark, else UTF-8 (mark stripped)."""
    encoding = bom_encoding(raw)
    if encoding is not None:
        try:
            return raw.decode(encoding)  # strips the mark
        except UnicodeDecodeError as exc:
            raise ValueError(f"invalid {encoding.upper()} at byte {exc.start} ({exc.reason}): "
                             "the file was not read") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UndecodableError(raw, exc.start) from exc
    return text[1:] if text.startswith("\ufeff") else text


def _read_whole(path: Path, mapper: RecordMapper, display: str) -> tuple[str | None, IngestError | None]:
    """A one-article file's text, or the ingest error (size checked before reading)."""
    try:
        if input_kind(path)[1] is None:
            if problem := mapper.size_error(path.stat().st_size, "file"):
                return None, IngestError(display, None, problem)
            raw = path.read_bytes()
        else:  # compressed: its size is known only by decompressing, so stop past the limit
            raw = read_input(path, mapper.max_record_bytes)
            if len(raw) > mapper.max_record_bytes:
                return None, IngestError(display, None, f"file decompresses to more than {mapper.max_record_bytes:,} "
                                                        "bytes, over the limit (max_record_bytes): not read")
        return _decode(raw), None
    except (ValueError, *compressed_errors()) as exc:
        return None, IngestError(display, getattr(exc, "line", None), _read_problem(exc))


def read_txt(path: Path, mapper: RecordMapper, display: str) -> Iterator[Article | IngestError]:
    """Seed format: line 1 title, line 2 lede, rest (stripped) the body."""
    text, error = _read_whole(path, mapper, display)
    if error is not None:
        yield error
        return
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
    yield Article(id=stem(path), file=display, line=1, origin=origin, **fields)


def _read_problem(exc: BaseException) -> str:
    """A reader-facing reason: a decoding problem as it is, a read or decompression error
    (a truncated .gz, a corrupt .zst) named as such."""
    if isinstance(exc, ValueError):
        return str(exc)
    return f"cannot read or decompress the file: {exc or type(exc).__name__}"


def _bounded_lines(fh, limit: int) -> Iterator[tuple[bytes | None, int, int]]:
    """(line without its newline, or None when longer than `limit`; its byte offset; its
    length) for each line of a binary stream, holding at most one line of `limit` bytes."""
    offset = 0
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        size = len(line)
        if size == limit + 1 and not line.endswith(b"\n"):
            while True:  # over the limit: skip to the end of the line without keeping it
                rest = fh.readline(1 << 20)
                size += len(rest)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None, offset, size - (1 if rest.endswith(b"\n") else 0)
        else:
            yield line[:-1] if line.endswith(b"\n") else line, offset, size
        offset += size


def read_jsonl(path: Path, mapper: RecordMapper, display: str) -> Iterator[Article | IngestError]:
    """One object a line, read a line at a time (also from a compressed stream); a line's
    size is checked before it is decoded or parsed."""
    try:
        fh = open_input(path)
    except OSError as exc:
        yield IngestError(display, None, str(exc))
        return
    with fh:
        try:
            yield from _jsonl_records(fh, path, mapper, display)
        except compressed_errors() as exc:
            yield IngestError(display, None, f"{_read_problem(exc)}; the rest of this file was not read")


def _jsonl_records(fh, path: Path, mapper: RecordMapper, display: str) -> Iterator[Article | IngestError]:
    head = fh.read(4)
    encoding = bom_encoding(head)
    if encoding:  # UTF-16/32 (rare): decoded whole, then read as UTF-8 lines
        try:
            text = _decode(head + fh.read())
        except ValueError as exc:
            yield IngestError(display, None, str(exc))
            return
        lines = _bounded_lines(io.BytesIO(text.encode("utf-8")), mapper.max_record_bytes)
    else:
        lines = _bounded_lines(_Prepend(head[3:] if head.startswith(b"\xef\xbb\xbf") else head, fh),
                               mapper.max_record_bytes)
    for lineno, (chunk, offset, size) in enumerate(lines, start=1):
        if chunk is None:
            yield IngestError(display, lineno, mapper.size_error(size) or "line over the size limit")
            continue
        if not chunk.strip():
            continue
        try:
            record = json.loads(chunk.decode("utf-8"))
        except UnicodeDecodeError as exc:
            yield IngestError(display, lineno, f"undecodable bytes (not UTF-8) at line {lineno}, "
                              f"byte {offset + exc.start} of the file (byte {exc.start + 1} of the line)")
        except json.JSONDecodeError as exc:
            yield IngestError(display, lineno, f"invalid JSON: {exc.msg} (column {exc.colno})")
        except RecursionError:
            yield IngestError(display, lineno, _TOO_DEEP)
        else:
            yield mapper.article_or_error(record, f"{stem(path)}:{lineno}", display, lineno)


class _Prepend:
    """A binary stream with some bytes already read put back in front (readline only)."""

    def __init__(self, head: bytes, fh):
        self.head, self.fh = head, fh

    def readline(self, limit: int) -> bytes:
        if not self.head:
            return self.fh.readline(limit)
        cut = self.head.find(b"\n")
        if cut != -1 and cut < limit:
            line, self.head = self.head[: cut + 1], self.head[cut + 1:]
            return line
        line, self.head = self.head[:limit], self.head[limit:]
        if self.head or len(line) >= limit:
            return line
        return line + self.fh.readline(limit - len(line))


_WS = re.compile(r"\s*")


def _trailing_data(text: str, end: int, display: str) -> Iterator[IngestError]:
    """Text after the file's one JSON value would be lost silently: report it."""
    rest = _WS.match(text, end).end()
    if rest < len(text):
        yield IngestError(display, text.count("\n", 0, rest) + 1,
                          "invalid JSON: unexpected data after the end of the JSON value (several objects "
                          "one per line are JSON Lines: name the file .jsonl); the rest of this file was not read")


# a JSON string token, and the next bracket or string start (for skipping without recursion)
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_JSON_STRUCTURE = re.compile(r'["\[\]{}]')


def _skip_value(text: str, pos: int, decoder: json.JSONDecoder) -> int:
    """End of the JSON value at `pos`, found without recursion (json's decoder recurses once
    per nesting level and raises RecursionError on a hostile 10,000-deep value). Brackets
    are only counted, not validated: this finds where to carry on after a value that could
    not be decoded. Raises ValueError when the value does not end."""
    if not text.startswith(("[", "{"), pos):
        return decoder.raw_decode(text, pos)[1]  # a scalar or string: no recursion
    depth = 0
    while True:
        m = _JSON_STRUCTURE.search(text, pos)
        if m is None:
            raise ValueError("unterminated JSON value")
        if m.group() == '"':
            string = _JSON_STRING.match(text, m.start())
            if string is None:
                raise ValueError("unterminated JSON string")
            pos = string.end()
            continue
        depth += 1 if m.group() in "[{" else -1
        pos = m.end()
        if depth == 0:
            return pos


def _top_level_value(text: str, pos: int, wanted: str, decoder: json.JSONDecoder) -> int | None:
    """Offset of the value of the object's own key `wanted` (a nested key of the same name is
    skipped), or None when the object has no such key. The object at `pos` is valid JSON or
    too deep to decode."""
    pos += 1  # "{"
    while True:
        pos = _WS.match(text, pos).end()
        if text.startswith("}", pos):
            return None
        key, pos = decoder.raw_decode(text, pos)
        pos = _WS.match(text, pos).end() + 1  # ":"
        pos = _WS.match(text, pos).end()
        if key == wanted:
            return pos
        pos = _skip_value(text, pos, decoder)
        pos = _WS.match(text, pos).end()
        if text.startswith(",", pos):
            pos += 1


def read_json(path: Path, mapper: RecordMapper, display: str) -> Iterator[Article | IngestError]:
    """A JSON array of objects (line numbers found by decoding element by element)."""
    try:
        text = _decode(read_input(path))
    except (ValueError, *compressed_errors()) as exc:
        yield IngestError(display, getattr(exc, "line", None), _read_problem(exc))
        return
    decoder = json.JSONDecoder()
    pos = _WS.match(text, 0).end()
    top_is_object = text.startswith("{", pos)
    if top_is_object:
        line = text.count("\n", 0, pos) + 1
        try:
            obj, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            yield IngestError(display, exc.lineno, f"invalid JSON: {exc.msg} (column {exc.colno})")
            return
        except RecursionError:
            # too deep to decode whole: an {"articles": [...]} file is still read element
            # by element (only the deep element is an error); one object is one record
            try:
                obj, end = None, _skip_value(text, pos, decoder)
                articles_at = _top_level_value(text, pos, "articles", decoder)
            except ValueError as exc:
                yield IngestError(display, line, f"invalid JSON: {exc}")
                return
            if articles_at is None or not text.startswith("[", articles_at):
                yield from _trailing_data(text, end, display)
                yield IngestError(display, line, _TOO_DEEP)
                return
        yield from _trailing_data(text, end, display)
        if obj is None:
            pos = articles_at
        elif isinstance(obj.get("articles"), list):
            # re-locate the array so each element gets its own line number
            pos = _top_level_value(text, pos, "articles", decoder)
        else:
            if problem := mapper.size_error(_span_size(text, pos, end, mapper.max_record_bytes)):
                yield IngestError(display, line, problem)
            else:
                yield mapper.article_or_error(obj, stem(path), display, line)
            return
    if not text.startswith("[", pos):
        line = text.count("\n", 0, pos) + 1
        yield IngestError(display, line, "invalid JSON: expected an array of article objects")
        return
    pos += 1
    index = 0
    line, line_pos = 1, 0  # line number at offset line_pos (counted on, not from the start each time)
    while True:
        pos = _WS.match(text, pos).end()
        if text.startswith("]", pos):
            if not top_is_object:
                yield from _trailing_data(text, pos + 1, display)
            return
        line += text.count("\n", line_pos, pos)
        line_pos = start = pos
        index += 1
        try:
            obj, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            yield IngestError(display, exc.lineno, f"invalid JSON: {exc.msg} (column {exc.colno}); "
                              "the rest of this file was not read")
            return
        except RecursionError:
            try:
                pos = _skip_value(text, pos, decoder)
            except ValueError as exc:
                yield IngestError(display, line, f"invalid JSON: {exc}; the rest of this file was not read")
                return
            yield IngestError(display, line, _TOO_DEEP)
        else:
            if problem := mapper.size_error(_span_size(text, start, pos, mapper.max_record_bytes)):
                yield IngestError(display, line, problem)
            else:
                yield mapper.article_or_error(obj, f"{stem(path)}:{index}", display, line)
        pos = _WS.match(text, pos).end()
        if text.startswith(",", pos):
            pos += 1
        elif not text.startswith("]", pos):
            line = text.count("\n", 0, pos) + 1
            yield IngestError(display, line, "invalid JSON: expected ',' or ']' after an article; "
                              "the rest of this file was not read")
            return


class _LineFeed:
    """Lines of a text file for csv.reader, with the lines of the current record kept so
    that, after a bad record, reading can resume at the line after the record's first one."""

    def __init__(self, fh):
        self.fh = fh
        self.pending: list[str] = []  # lines given back, last one first
        self.taken: list[str] = []
        self.next_line = 1

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = self.pending.pop() if self.pending else next(self.fh)
        self.taken.append(line)
        self.next_line += 1
        return line

    def start_record(self) -> int:
        """Line number of the record about to be read."""
        self.taken = []
        return self.next_line

    def resume_after_first(self) -> int:
        """Give back every line of the current record but its first; how many were given back."""
        rest = self.taken[1:]
        self.pending.extend(reversed(rest))
        self.next_line -= len(rest)
        self.taken = []
        return len(rest)


def read_csv(path: Path, mapper: RecordMapper, display: str) -> Iterator[Article | IngestError]:
    """CSV/TSV with a header row; line numbers are those of each record's first line.

    Strict quoting: an unclosed quotation mark is an error at the row that opened it (not a
    cell that silently swallows the rest of the file), and reading resumes at the next line,
    so the rows after it are still read. A row spanning several lines with the wrong number
    of columns is treated the same way (usually a stray quote). UTF-16/32 by byte-order mark."""
    delimiter = "\t" if inner_suffix(path) == ".tsv" else ","
    try:
        with open_input(path) as head:
            encoding = bom_encoding(head.read(4))
        fh = io.TextIOWrapper(open_input(path), encoding=encoding or "utf-8-sig",
                              errors="strict" if encoding else "surrogateescape", newline="")
    except (ValueError, *compressed_errors()) as exc:
        yield IngestError(display, None, _read_problem(exc))
        return
    with fh:
        feed = _LineFeed(fh)
        try:
            yield from _csv_rows(feed, delimiter, mapper, display, stem(path))
        except UnicodeDecodeError as exc:  # UTF-16/32 only: UTF-8 is read with surrogateescape
            yield IngestError(display, feed.next_line - 1, f"invalid {encoding.upper()} ({exc.reason}): "
                              "the rest of this file was not read")
        except compressed_errors() as exc:
            yield IngestError(display, feed.next_line - 1, f"{_read_problem(exc)}; the rest of this file was not read")


def _csv_rows(feed: _LineFeed, delimiter: str, mapper: RecordMapper, display: str, stem: str):
    # bodies may exceed csv's 128 KiB default; a record's size is checked after it is parsed
    csv.field_size_limit(2**31 - 1)
    reader = csv.reader(feed, delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        yield IngestError(display, 1, "empty CSV file (no header row)")
        return
    except csv.Error as exc:
        yield IngestError(display, 1, f"invalid CSV header: {exc}")
        return
    while True:
        line = feed.start_record()
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            spanned = len(feed.taken)
            if feed.resume_after_first():
                reason = f"invalid CSV: {exc} (a quoted cell opened here runs over {spanned} lines: unclosed quote?)"
            else:
                reason = f"invalid CSV: {exc}"
            yield IngestError(display, line, reason + "; reading resumes at the next line")
            reader = csv.reader(feed, delimiter=delimiter, strict=True)
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            reason = f"expected {len(header)} columns, found {len(row)}"
            if (spanned := len(feed.taken)) > 1:
                feed.resume_after_first()
                reader = csv.reader(feed, delimiter=delimiter, strict=True)
                reason += (f" in a row running over {spanned} lines (a stray quote?); "
                           "reading resumes at the next line")
            yield IngestError(display, line, reason)
            continue
        if problem := mapper.size_error(sum(_utf8_size(cell, mapper.max_record_bytes) for cell in row)):
            yield IngestError(display, line, problem)
            continue
        if any("\udc80" <= ch <= "\udcff" for cell in row for ch in cell):
            yield IngestError(display, line, "undecodable bytes (not UTF-8)")
            continue
        yield mapper.article_or_error(dict(zip(header, row)), f"{stem}:{line}", display, line)


def read_parquet(path: Path, mapper: RecordMapper, display: str) -> Iterator[Article | IngestError]:
    """Parquet rows; `line` is the 1-based row number (a row's size is that of its text fields)."""
    try:
        import pyarrow.parquet as pq

        batches = pq.ParquetFile(path).iter_batches(batch_size=1024)  # streamed, a batch at a time
        row_no = 0
        for batch in batches:
            for record in batch.to_pylist():
                row_no += 1
                yield mapper.article_or_error(record, f"{path.stem}:{row_no}", display, row_no)
    except Exception as exc:  # pyarrow raises several unrelated types for bad files
        yield IngestError(display, None, f"unreadable Parquet file: {exc}")


def read_html(path: Path, mapper: RecordMapper, display: str) -> Iterator[Article | IngestError]:
    """One saved web page; title, description, date and main text from trafilatura
    (copydesk/corpus/pages.py, shared with WARC records)."""
    from copydesk.corpus.pages import article_from_html

    html, error = _read_whole(path, mapper, display)
    yield error if error is not None else article_from_html(html, default_id=stem(path), file=display)


def read_warc(path: Path, mapper: RecordMapper, display: str):
    """A web crawl: articles, ingest errors and SkippedRecords (copydesk/corpus/warc.py)."""
    from copydesk.corpus.warc import read_warc as read_records

    yield from read_records(path, mapper.max_record_bytes, display)


# readers whose one article per file takes the file's name as id
FILE_NAMED = frozenset({"txt", "html"})

READERS = {
    "txt": read_txt,
    "jsonl": read_jsonl,
    "json": read_json,
    "csv": read_csv,
    "parquet": read_parquet,
    "html": read_html,
    "warc": read_warc,
}


@dataclass
class ReadResult:
    """What reading the inputs gave: every record is an article or an ingest error."""

    articles: list[Article]
    errors: list[IngestError]
    files: list[str]  # as displayed in the report
    # entries not read: folder entries ({"file", "reason"}) and non-page WARC records
    # counted by file and reason ({"file", "reason", "records"})
    skipped: list[dict[str, Any]]
    # displayed name -> the file holding its bytes, where they differ (<stdin>)
    aliases: dict[str, Path] = field(default_factory=dict)


def read_paths(
    paths: Iterable[str | Path], field_map: dict[str, str] | None = None, base: Path | None = None,
    on_file=None, max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES, exclude: Iterable[str] = (),
    stdin_format: str = "jsonl",
) -> ReadResult:
    """Read every file (`-` is standard input, in `stdin_format`).

    Duplicate ids become ingest errors (first occurrence wins). `on_file(done, total)`,
    when given, is called after each file (progress bars)."""
    from copydesk.corpus.warc import SkippedRecord

    mapper = RecordMapper(field_map, max_record_bytes)
    articles: list[Article] = []
    files, unreadable, skipped = scan(paths, exclude)
    errors = [IngestError(_display(p, base), None, reason) for p, reason in unreadable]
    for entry in skipped:
        entry["file"] = _display(Path(entry["file"]), base)
    seen: dict[str, tuple[str, int | None]] = {}
    displays: list[str] = []
    aliases: dict[str, Path] = {}
    for path in files:
        if str(path) == STDIN:
            path = spool_stdin(stdin_format)
            display = STDIN_NAME
            aliases[display] = path
        else:
            display = _display(path, base)
            if _LONE_SURROGATE.search(display):  # a file name that is not UTF-8 (bad\xff.txt)
                display = display.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
                aliases[display] = path.resolve()
        displays.append(display)
        kind = input_kind(path)[0]
        if kind is None:
            errors.append(IngestError(display, None, f"unsupported file type {''.join(path.suffixes[-2:])!r}"))
            continue
        record_skips: Counter[str] = Counter()
        for item in READERS[kind](path, mapper, display):
            if isinstance(item, IngestError):
                errors.append(item)
                continue
            if isinstance(item, SkippedRecord):
                record_skips[item.reason] += 1
                continue
            if item.id in seen and kind in FILE_NAMED and item.id == stem(path):
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
        skipped.extend({"file": display, "reason": reason, "records": n} for reason, n in sorted(record_skips.items()))
        if on_file is not None:
            on_file(len(displays), len(files))
    return ReadResult(articles, errors, displays, skipped, aliases)


def _display(path: Path, base: Path | None) -> str:
    base = base or Path.cwd()
    try:
        # the link itself, not its target (a dangling link has none)
        return (path.parent.resolve() / path.name).relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
