"""Map an offset inside an ingested field back to (line, column) in its source file.

Plain-text articles keep their fields verbatim, so `Corpus.locate` maps them through
`Article.origin`. Record formats store a field *encoded*: a JSON string escapes quotes,
backslashes and control characters (``\\n``, ``\\"``, ``\\u00e9``, surrogate pairs such as
``\\ud83d\\ude00`` for one emoji), and a quoted CSV cell doubles its quotes and may run
over several lines. This module finds the encoded token of a field in the record's raw
text and maps decoded offsets (Python string indices, as findings use) to raw positions.

Files are re-read lazily and only for articles with findings, so ingest stays as fast as
before. Each located token gets an `OffsetMap` built in one pass over its raw text, so a
record with many findings costs one scan plus a binary search per finding (rescanning the
token per finding made a 5 MB record with thousands of findings take minutes). A location is returned only when the token found decodes to exactly the field
text, so a file edited after the run (or a CSV cell the tokenizer does not understand)
gives the record's line without a column instead of a wrong place. Lines and columns are
1-based and count Unicode code points, like the `.txt` origins; SARIF output declares
`columnKind: unicodeCodePoints`.
"""

from __future__ import annotations

import json
import re
from array import array
from bisect import bisect_left
from pathlib import Path

from copydesk.corpus.sources import bom_encoding, inner_suffix, input_kind, read_input

# JSON escapes, each one decoded character: a surrogate pair (one code point in Python's
# json), any other \uXXXX, or a one-letter escape (\" \\ \/ \b \f \n \r \t).
JSON_ESCAPE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\.")
# A JSON string token; group 1 is its raw content. JSON strings never hold a raw newline.
# Unrolled ("plain run, then escape + plain run" repeated): the simpler (?:[^"\\]|\\.)*
# makes the regex engine keep state per character, 650 MB for one 5 MB string.
JSON_STRING = re.compile(r'"([^"\\\n]*(?:\\.[^"\\\n]*)*)"')
_AFTER_TOKEN = re.compile(r"[ \t\r]*")
# Inside a quoted CSV cell a doubled quote is one quote character.
CSV_ESCAPE = re.compile(r'""')


class OffsetMap:
    """Decoded index -> raw offset for one encoded token, built in one pass over `raw`.

    Every match of `escape` decodes to one character; everything else maps one to one.
    Only the escapes are stored (decoded index of each, and the raw characters gained up to
    and including it), so lookups are a binary search and the map is small for plain text.
    """

    __slots__ = ("decoded", "extra")

    def __init__(self, raw: str, escape: re.Pattern[str] | None):
        self.decoded = array("q")
        self.extra = array("q")
        if escape is None:
            return
        gained = 0
        for m in escape.finditer(raw):
            self.decoded.append(m.start() - gained)
            gained += m.end() - m.start() - 1
            self.extra.append(gained)

    def raw(self, index: int) -> int:
        """Raw offset of decoded `index` (`len(decoded)` gives the raw length: an exclusive end)."""
        k = bisect_left(self.decoded, index)  # escapes that decode before `index`
        return index + (self.extra[k - 1] if k else 0)


def raw_offset(raw: str, index: int, escape: re.Pattern[str]) -> int:
    """Position in `raw` (encoded text) of the character at `index` in its decoded form.

    One-off form of `OffsetMap` (build the map once when locating many offsets).
    """
    return OffsetMap(raw, escape).raw(index)


def json_string_tokens(text: str, start: int, stop: int | None = None):
    """(content_start, content_end) of each JSON string *value* (not key) in text[start:stop]."""
    stop = len(text) if stop is None else stop
    for m in JSON_STRING.finditer(text, start, stop):
        after = _AFTER_TOKEN.match(text, m.end()).end()
        if text.startswith(":", after):
            continue  # an object key
        yield m.start(1), m.end(1)


def csv_record_cells(text: str, pos: int, delimiter: str = ","):
    """Cells of the CSV record starting at `pos`: (content_start, content_end, quoted).

    Excel dialect, as Python's csv module reads it by default: a cell is either bare (up
    to the delimiter or end of line) or quoted, with doubled quotes inside and newlines
    allowed.
    """
    n = len(text)
    cells = []
    while True:
        if text.startswith('"', pos):
            start = j = pos + 1
            while True:
                k = text.find('"', j)
                if k == -1:
                    end, pos = n, n
                    break
                if text.startswith('"', k + 1):
                    j = k + 2
                    continue
                end, pos = k, k + 1
                break
            cells.append((start, end, True))
            while pos < n and text[pos] not in (delimiter, "\r", "\n"):
                pos += 1  # stray text after a closing quote (the caller verifies the cell)
        else:
            end = pos
            while end < n and text[end] not in (delimiter, "\r", "\n"):
                end += 1
            cells.append((pos, end, False))
            pos = end
        if pos < n and text[pos] == delimiter:
            pos += 1
            continue
        return cells


class SourceFile:
    """One source file as UTF-8 bytes with the byte offset of each line start.

    Text is decoded only for the lines of records being located, so a big corpus file is
    not held as a str (up to 4 bytes a character) nor its line index as Python ints. A
    UTF-16/32 file (by its byte-order mark, as the readers take it) is re-encoded once.
    """

    def __init__(self, data: bytes):
        self.data = data
        self.starts = array("q", [3 if data.startswith(b"\xef\xbb\xbf") else 0])  # after a BOM
        find, append = data.find, self.starts.append
        pos = find(b"\n")
        while pos != -1:
            append(pos + 1)
            pos = find(b"\n", pos + 1)

    def window(self, line: int, lines: int) -> _Window | None:
        """Lines `line` .. `line + lines - 1` (1-based) decoded, or None past the end."""
        if not 1 <= line <= len(self.starts):
            return None
        stop = line - 1 + lines
        end = self.starts[stop] if stop < len(self.starts) else len(self.data)
        text = self.data[self.starts[line - 1]:end].decode("utf-8", errors="surrogateescape")
        return _Window(text, line, end >= len(self.data))


class _Window:
    """Decoded text of consecutive lines starting at line `first`, for (line, column) arithmetic."""

    __slots__ = ("text", "first", "at_end", "newlines")

    def __init__(self, text: str, first: int, at_end: bool):
        self.text, self.first, self.at_end = text, first, at_end
        self.newlines = array("q", (m.start() for m in re.finditer("\n", text)))

    def position(self, pos: int) -> tuple[int, int]:
        before = bisect_left(self.newlines, pos)  # newlines before `pos`
        line_start = self.newlines[before - 1] + 1 if before else 0
        return self.first + before, pos - line_start + 1


class RecordLocator:
    """Locates offsets of fields of records read from JSONL, JSON and CSV/TSV files.

    `root` is the folder that the articles' `file` names are relative to (the working
    folder at load time). Files and the token found for each (file, line, text) are
    cached for the run. A JSONL record is its line; a JSON or CSV record may run over
    several lines, so it is decoded in a window of lines that grows (x4) until the token
    (JSON) or the whole record (CSV) is inside it.
    """

    KINDS = {"jsonl": "json", "json": "json", "csv": "csv"}

    def __init__(self, root: Path | None, aliases: dict[str, Path] | None = None):
        self.root = root
        self.aliases = dict(aliases or {})
        self._files: dict[str, SourceFile | None] = {}
        self._tokens: dict[tuple[str, int, str], tuple[_Window, int, OffsetMap] | None] = {}

    def _path(self, file: str) -> Path:
        if file in self.aliases:
            return self.aliases[file]
        return Path(file) if self.root is None else self.root / file

    def _source(self, file: str) -> SourceFile | None:
        if file not in self._files:
            try:
                raw = read_input(self._path(file))  # decompressed, as the readers saw it
                encoding = bom_encoding(raw)  # UTF-16/32 files are read too (copydesk/corpus/readers.py)
                if encoding:
                    raw = raw.decode(encoding).encode("utf-8")
            except (OSError, EOFError, ValueError):  # gone, or a stream that no longer decompresses
                self._files[file] = None
            else:
                self._files[file] = SourceFile(raw)
        return self._files[file]

    def _token(self, file: str, line: int, field_text: str):
        """(window, raw_start, offset map) of the field's token, or None (built once per token)."""
        key = (file, line, field_text)
        if key in self._tokens:
            return self._tokens[key]
        found = None
        input_type = input_kind(self._path(file))[0]
        kind = self.KINDS.get(input_type)
        src = self._source(file) if kind else None
        lines = 1 if input_type == "jsonl" else 16
        while src is not None and found is None:
            win = src.window(line, lines)
            if win is None:
                break
            if kind == "json":
                found = _json_token(win, field_text)
                if found is None and (lines == 1 or win.at_end):
                    break
            else:
                cells = csv_record_cells(win.text, 0, "\t" if inner_suffix(file) == ".tsv" else ",")
                if win.at_end or cells[-1][1] < len(win.text):  # the whole record is in the window
                    found = _csv_token(win, cells, field_text)
                    break
            lines *= 4
        self._tokens[key] = found
        return found

    def locate(self, file: str, line: int, field_text: str, offset: int) -> tuple[int, int] | None:
        """(line, column) in `file` of `field_text[offset]`, for the record at `line`."""
        token = self._token(file, line, field_text)
        if token is None:
            return None
        win, a, offsets = token
        return win.position(a + offsets.raw(offset))


def _json_token(win: _Window, field_text: str):
    for a, b in json_string_tokens(win.text, 0):
        if b - a < len(field_text):
            continue  # an encoded string is never shorter than its text
        try:
            if json.loads(f'"{win.text[a:b]}"') == field_text:
                return win, a, OffsetMap(win.text[a:b], JSON_ESCAPE)
        except ValueError:
            continue
    return None


def _csv_token(win: _Window, cells, field_text: str):
    for a, b, quoted in cells:
        raw = win.text[a:b]
        if (raw.replace('""', '"') if quoted else raw) == field_text:
            return win, a, OffsetMap(raw, CSV_ESCAPE if quoted else None)
    return None

