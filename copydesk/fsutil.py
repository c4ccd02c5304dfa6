"""Atomic writes: a file or a folder of files replaces the previous version whole, or not at all.

Reports, baselines and the Data Docs site are written to a temporary file or folder next to
their destination (same folder, so the same file system) and moved into place with
``os.replace``, which is atomic on POSIX and Windows. Ctrl-C, an exception or a killed
process therefore leaves the previous version intact, never a truncated report or an index
page that links to pages not written yet. Temporary names start with a dot and are removed
on any exception (``KeyboardInterrupt`` included); only a hard kill can leave one behind.

Nothing here deletes a path it was not given: :func:`remove_files` unlinks exactly the
listed files and then only folders that became empty.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import IO

__all__ = ["atomic_open", "files_under", "is_safe_relpath", "move_files", "remove_files", "temp_dir"]


@contextmanager
def atomic_open(path: Path | str, mode: str = "w", encoding: str | None = "utf-8",
                newline: str | None = None) -> Iterator[IO]:
    """Open a temporary file next to ``path`` for writing; on a clean exit it replaces ``path``.

    The temporary file is created with the permissions a plain ``open`` would give a new
    file (0o666 minus the umask), or the existing file's, so replacing a report does not
    change who may read it. A symlink at ``path`` is written through (its target is
    replaced), as ``open(path, "w")`` would. On any exception the temporary file is removed
    and ``path`` is untouched.
    """
    if "w" not in mode:
        raise ValueError(f"atomic_open writes a whole file: mode {mode!r} must contain 'w'")
    dest = Path(os.path.realpath(path))
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        try:
            os.chmod(tmp, os.stat(dest).st_mode & 0o7777)
        except FileNotFoundError:
            pass
        text_args = {} if "b" in mode else {"encoding": encoding, "newline": newline}
        with os.fdopen(fd, mode, **text_args) as fh:
            fd = -1  # owned by fh now
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
    except BaseException:
        if fd != -1:
            os.close(fd)
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def temp_dir(parent: Path, prefix: str) -> Iterator[Path]:
    """A fresh folder inside ``parent`` (created for this call), removed with its contents
    on exit, whatever happens; move what should stay out of it first."""
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def files_under(root: Path) -> list[str]:
    """Every file (or symlink) under ``root``, as sorted relative POSIX paths."""
    out = []
    for dirpath, _dirs, names in os.walk(root):
        for name in names:
            out.append(Path(dirpath, name).relative_to(root).as_posix())
    return sorted(out)


def is_safe_relpath(rel: str) -> bool:
    """A relative POSIX path that stays inside its root (no absolute path, no ``..``)."""
    p = PurePosixPath(rel)
    return bool(rel) and not p.is_absolute() and ".." not in p.parts and "\\" not in rel and ":" not in p.parts[0]


def move_files(src_root: Path, dst_root: Path, rel_paths: Iterable[str]) -> None:
    """Move each listed file from ``src_root`` to the same place under ``dst_root``, in
    order, each with one atomic ``os.replace`` (so a reader sees the old or the new file)."""
    for rel in rel_paths:
        dst = dst_root / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        os.replace(src_root / rel, dst)


def remove_files(root: Path, rel_paths: Iterable[str]) -> None:
    """Unlink exactly the listed files under ``root`` (missing ones are skipped, folders
    never removed recursively), then remove the folders that this left empty, up to
    ``root`` (exclusive)."""
    root = Path(root)
    parents: set[Path] = set()
    for rel in rel_paths:
        if not is_safe_relpath(rel):
            continue
        path = root / rel
        if path.is_file() or path.is_symlink():
            path.unlink()
            parents.update(p for p in path.parents if root in p.parents)
    for folder in sorted(parents, key=lambda p: len(p.parts), reverse=True):
        try:
            folder.rmdir()  # only succeeds when empty: a file someone else put there stays
        except OSError:
            pass
