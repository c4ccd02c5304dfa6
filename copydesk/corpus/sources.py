"""Where input bytes come from: file kinds by extension, compressed files read as streams,
standard input, globs and excludes.

* Kinds: `.txt`, `.jsonl`/`.ndjson`, `.json`, `.csv`/`.tsv`, `.parquet`, `.html`/`.htm`,
  `.warc` -- and each text kind compressed as `.gz`, `.bz2`, `.xz` or `.zst`
  (`x.jsonl.gz`), decompressed as a stream by the standard library's gzip/bz2/lzma and
  the `zstandard` package (Zstandard has no standard-library module). A `.warc.gz` is
  read by the WARC reader itself (one gzip member per record, as crawlers write them).
* Standard input (`-`) is spooled to a temporary file that copydesk owns and removes at
  exit, because locating a finding to its line and column re-reads the record; it is
  named `<stdin>` in every error and location.
* Globs (`'corpus/**/*.jsonl'`, quoted so the shell leaves them) are expanded here;
  `--exclude` patterns and `exclude = [...]` in configuration match a path relative to
  the folder given (or the path as given), or any of its folder names, with fnmatch.
"""

from __future__ import annotations

import atexit
import bz2
import fnmatch
import glob
import gzip
import io
import lzma
import shutil
import sys
import tempfile
import zlib
from pathlib import Path, PurePosixPath
from typing import BinaryIO

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
    ".warc": "warc",
}
#: Compression suffixes read as streams; the kind comes from the suffix before them.
COMPRESSIONS = (".gz", ".bz2", ".xz", ".zst")
#: Archive and compression suffixes copydesk does not read: listed as skipped in folders.
NOT_READ = frozenset({".gzip", ".lzma", ".zstd", ".lz4", ".zip", ".7z", ".tar", ".tgz", ".br", ".snappy"})
#: Kinds that make no sense compressed from outside (Parquet compresses itself).
STREAMABLE = frozenset({"txt", "jsonl", "json", "csv", "html"})

# Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


STDIN = "-"
STDIN_NAME = "<stdin>"
STDIN_FORMATS = ("jsonl", "csv", "tsv", "txt", "json")


def input_kind(path: str | Path) -> tuple[str | None, str | None]:
    """(kind, compression suffix or None) of a file name; kind None when not an input.

    `a.jsonl` -> ("jsonl", None); `a.jsonl.gz` -> ("jsonl", ".gz"); `a.warc.gz` ->
    ("warc", None) (the WARC reader decompresses per record); `a.zip` -> (None, None)."""
    suffixes = [s.lower() for s in PurePosixPath(str(path)).suffixes]
    if not suffixes:
        return None, None
    last = suffixes[-1]
    if last in EXTENSIONS:
        return EXTENSIONS[last], None
    if last in COMPRESSIONS and len(suffixes) >= 2:
        kind = EXTENSIONS.get(suffixes[-2])
        if kind == "warc" and last == ".gz":
            return "warc", None
        if kind in STREAMABLE:
            return kind, last
    return None, None


def _input_suffixes(path: str | Path) -> list[str]:
    """The file name's suffixes that say its kind: the extension, and the compression
    suffix after it when there is one (x.tsv.gz -> ['.tsv', '.gz'], x.warc.gz likewise)."""
    suffixes = [s.lower() for s in PurePosixPath(str(path)).suffixes]
    if len(suffixes) >= 2 and suffixes[-1] in COMPRESSIONS and suffixes[-2] in EXTENSIONS:
        return suffixes[-2:]
    return suffixes[-1:]


def inner_suffix(path: str | Path) -> str:
    """The input extension under any compression suffix (x.tsv.gz -> .tsv)."""
    suffixes = _input_suffixes(path)
    return suffixes[0] if suffixes else ""


def stem(path: str | Path) -> str:
    """The file name without its extension and compression suffix (x.jsonl.gz -> x): the
    id of a one-article file and the prefix of a multi-record file's derived ids."""
    name = PurePosixPath(str(path)).name
    return name[: len(name) - len("".join(_input_suffixes(path)))] or name


def looks_like_unread_corpus(path: str | Path) -> bool:
    """`x.jsonl.zip`, `x.csv.7z`, `x.parquet.gz`...: a corpus file in a container copydesk
    does not read (listed as skipped in folders, so it is never ignored silently)."""
    suffixes = [s.lower() for s in PurePosixPath(str(path)).suffixes]
    return (len(suffixes) >= 2 and suffixes[-2] in EXTENSIONS
            and (suffixes[-1] in NOT_READ or suffixes[-1] in COMPRESSIONS))


def open_input(path: Path) -> BinaryIO:
    """The file's (decompressed) bytes as a binary stream."""
    _, compression = input_kind(path)
    if compression == ".gz":
        return gzip.open(path, "rb")
    if compression == ".bz2":
        return bz2.open(path, "rb")
    if compression == ".xz":
        return lzma.open(path, "rb")
    if compression == ".zst":
        import zstandard

        # buffered: the raw zstandard reader has no readline
        return io.BufferedReader(zstandard.ZstdDecompressor().stream_reader(open(path, "rb"), closefd=True))
    return open(path, "rb")


def read_input(path: Path, limit: int | None = None) -> bytes:
    """The whole (decompressed) content; with `limit`, at most limit + 1 bytes (so a caller
    can tell the content is over the limit without decompressing all of it)."""
    with open_input(path) as fh:
        return fh.read() if limit is None else fh.read(limit + 1)


def compressed_errors() -> tuple[type[BaseException], ...]:
    """Exceptions a broken compressed stream raises while reading."""
    errors: list[type[BaseException]] = [OSError, EOFError, lzma.LZMAError, zlib.error]
    try:
        import zstandard

        errors.append(zstandard.ZstdError)
    except ImportError:  # pragma: no cover - zstandard is a dependency
        pass
    return tuple(errors)


def spool_stdin(fmt: str, stream: BinaryIO | None = None) -> Path:
    """Copy standard input to a temporary file copydesk owns (removed at exit); its suffix
    says the format, so the readers and the locator treat it like any file."""
    if fmt not in STDIN_FORMATS:
        raise ValueError(f"--stdin-format must be one of {', '.join(STDIN_FORMATS)}, not {fmt!r}")
    folder = Path(tempfile.mkdtemp(prefix="copydesk-stdin-"))
    atexit.register(shutil.rmtree, folder, True)
    target = folder / f"stdin.{fmt}"
    source = stream if stream is not None else sys.stdin.buffer
    with open(target, "wb") as out:
        shutil.copyfileobj(source, out, 1 << 20)
    return target


def bom_encoding(raw: bytes) -> str | None:
    """"utf-16" or "utf-32" when `raw` starts with that encoding's byte-order mark."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return encoding
    return None


def has_magic(path: str) -> bool:
    return glob.has_magic(path)


def expand_glob(pattern: str) -> list[Path]:
    """Files and folders a quoted glob names (`**` spans folders), sorted; hidden names are
    matched only by a pattern that names them, as in the shell."""
    return [Path(p) for p in sorted(glob.glob(pattern, recursive=True))]


def excluded_by(relative: str, patterns: list[str]) -> str | None:
    """The first pattern that excludes `relative` (a POSIX path), matched against the whole
    path or any one of its folder or file names; None when none does."""
    parts = PurePosixPath(relative).parts
    for pattern in patterns:
        pat = pattern.rstrip("/")
        if fnmatch.fnmatch(relative, pat) or any(fnmatch.fnmatch(part, pat) for part in parts):
            return pattern
        if "/" in pat:
            # a folder pattern (drafts/ or corpus/drafts) covers everything under it
            prefix = pat if not pat.startswith("./") else pat[2:]
            if relative == prefix or relative.startswith(prefix + "/"):
                return pattern
            if fnmatch.fnmatch(relative, prefix + "/*"):
                return pattern
    return None


__all__ = [
    "COMPRESSIONS", "EXTENSIONS", "STDIN", "STDIN_NAME", "bom_encoding",
    "compressed_errors", "excluded_by",
    "expand_glob", "has_magic", "input_kind", "looks_like_unread_corpus", "open_input",
    "read_input", "spool_stdin", "stem", "inner_suffix",
]
