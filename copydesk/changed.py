"""Which articles changed since a git ref (`copydesk check --changed-since REF`).

Files added or modified since REF (committed, staged or in the working tree, plus new
untracked files that git does not ignore) come from `git diff --name-only --no-renames
--diff-filter=AM REF` and `git ls-files --others --exclude-standard`; a renamed file counts
as added. One-article files (.txt, .html) and binary ones (.parquet) change as a whole. In
multi-record text files (.jsonl, .json, .csv, .tsv) only the records whose lines changed
count: `git diff -U0` gives the changed line ranges of the new file, and a record spans
from its first line to the line before the next record (so appending one article to a
large JSONL file checks that article only). A changed CSV header changes every row.

The corpus-wide context (vocabulary, lines repeated across a source) is still computed
over the whole corpus by the engine; only the tables and findings are restricted.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

MULTI_RECORD = (".jsonl", ".ndjson", ".json", ".csv", ".tsv")
HEADER_FORMATS = (".csv", ".tsv")
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.MULTILINE)


class GitError(Exception):
    """git is missing, the paths are not in a repository, or the ref does not resolve."""


@dataclass
class Changes:
    ref: str
    # absolute path -> changed line numbers of the new file, or None for the whole file
    files: dict[Path, set[int] | None]


def _git(args: list[str], cwd: Path) -> str:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                              encoding="utf-8", errors="surrogateescape")
    except FileNotFoundError as exc:
        raise GitError("--changed-since needs git, which is not installed") from exc
    if proc.returncode != 0:
        raise GitError(proc.stderr.strip() or f"git {' '.join(args)} failed")
    return proc.stdout


def changed_lines(diff: str) -> set[int]:
    """New-file line numbers touched by the hunks of a `git diff -U0` (a pure deletion
    marks the line before it, so the record it was cut from is re-checked)."""
    lines: set[int] = set()
    for m in _HUNK.finditer(diff):
        start, count = int(m.group(1)), int(m.group(2) or 1)
        if count == 0:
            lines.add(max(start, 1))
        else:
            lines.update(range(start, start + count))
    return lines


def changed_files(paths: list[Path], ref: str) -> Changes:
    """Files under `paths` added or modified since `ref`, with their changed lines."""
    first = Path(paths[0]).resolve() if paths else Path.cwd()
    where = first if first.is_dir() else first.parent
    top = Path(_git(["rev-parse", "--show-toplevel"], where).strip())
    specs = [str(Path(p).resolve()) for p in paths]
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top)
    except GitError:
        try:
            _git(["rev-parse", "--verify", "--quiet", "HEAD"], top)
        except GitError:  # no commit yet: everything is new
            tracked = _git(["ls-files", "-z", "--", *specs], top).split("\0")
            others = _git(["ls-files", "-z", "--others", "--exclude-standard", "--", *specs], top).split("\0")
            return Changes(ref, {(top / n).resolve(): None for n in tracked + others if n})
        raise GitError(f"--changed-since: {ref!r} is not a commit in {top} "
                       "(in CI, fetch enough history: actions/checkout with fetch-depth: 0)") from None
    names = _git(["diff", "--name-only", "-z", "--no-renames", "--diff-filter=AM", ref, "--", *specs], top)
    untracked = _git(["ls-files", "-z", "--others", "--exclude-standard", "--", *specs], top)
    files: dict[Path, set[int] | None] = {}
    for name in names.split("\0"):
        if not name:
            continue
        path = (top / name).resolve()
        if path.suffix.lower() in MULTI_RECORD:
            diff = _git(["diff", "-U0", "--no-color", "--no-ext-diff", "--no-renames", ref, "--", str(path)], top)
            lines = changed_lines(diff)
            files[path] = None if not lines or (path.suffix.lower() in HEADER_FORMATS and 1 in lines) else lines
        else:
            files[path] = None
    for name in untracked.split("\0"):
        if name:
            files[(top / name).resolve()] = None
    return Changes(ref, files)


def _line(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):  # None, NaN, pd.NA
        return None


def changed_articles(corpus, changes: Changes) -> set[str]:
    """Ids of the articles whose records lie in changed files or changed lines."""
    root = corpus.root or Path.cwd()
    arts = corpus.articles[["id", "file", "line"]]
    starts: dict[str, list[int]] = {}
    for e in corpus.ingest_errors:  # erroneous records bound the records around them
        if e.line:
            starts.setdefault(e.file, []).append(int(e.line))
    for file, line in zip(arts["file"], arts["line"]):
        if isinstance(file, str) and _line(line) is not None:
            starts.setdefault(file, []).append(_line(line))
    bounds = {f: sorted(set(v)) for f, v in starts.items()}
    selected: set[str] = set()
    resolved: dict[str, set[int] | None | bool] = {}
    for art_id, file, line in zip(arts["id"], arts["file"], arts["line"]):
        if not isinstance(file, str):
            continue
        if file not in resolved:
            path = (root / file).resolve()
            resolved[file] = changes.files[path] if path in changes.files else False
        lines = resolved[file]
        line = _line(line)
        if lines is False:
            continue
        if lines is None or line is None:
            selected.add(art_id)
            continue
        b = bounds[file]
        i = b.index(line)
        end = b[i + 1] - 1 if i + 1 < len(b) else None
        if any(n >= line and (end is None or n <= end) for n in lines):
            selected.add(art_id)
    return selected


def in_changes(corpus, changes: Changes, file: str, line: int | None) -> bool:
    """Whether an ingest error at file:line lies in what changed."""
    path = ((corpus.root or Path.cwd()) / file).resolve()
    if path not in changes.files:
        return False
    lines = changes.files[path]
    return lines is None or line is None or line in lines
