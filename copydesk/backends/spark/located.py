"""Line and column of findings in JSONL files read by Spark, from only the flagged lines.

copydesk/corpus/locate.py's RecordLocator reads a whole source file into memory to find a
record's token; for a file Spark read, the driver fetches just the lines of the flagged
records (a filter over the file's numbered lines) and the locator reads those, so the
report's line/column are the pandas engine's without the file on the driver.
"""

from __future__ import annotations

from copydesk.corpus.locate import RecordLocator, _Window


class _Lines:
    """The SourceFile interface (window) over some lines of a file."""

    def __init__(self, lines: dict[int, bytes]):
        self.lines = lines

    def window(self, line: int, lines: int):
        raw = self.lines.get(line)
        if raw is None or lines != 1:
            return None
        return _Window(raw.decode("utf-8", errors="surrogateescape"), line, False)


class LineLocator(RecordLocator):
    def __init__(self, root, aliases, fetched: dict[str, dict[int, bytes]]):
        super().__init__(root, aliases)
        self.fetched = fetched

    def _source(self, file: str):
        if file in self.fetched:
            return _Lines(self.fetched[file])
        return super()._source(file)


def attach_located_lines(spark, corpus, findings, spark_files: dict[str, str]) -> None:
    """Let `corpus.locate` find the flagged records of the Spark-read JSONL files by reading
    only their lines (copydesk/corpus/locate.py reads a whole file otherwise)."""
    if not spark_files:
        return
    _attach(spark, corpus, findings, spark_files)


def _attach(spark, corpus, findings, spark_files: dict[str, str]) -> None:
    from copydesk.backends.spark.inputs import _numbered_lines

    arts = corpus.articles
    wanted: dict[str, set[int]] = {}
    for file, line in zip(arts["file"].tolist(), arts["line"].tolist()):
        if isinstance(file, str) and file in spark_files and line is not None and line == line:
            wanted.setdefault(file, set()).add(int(line))
    fetched: dict[str, dict[int, bytes]] = {}
    sc = spark.sparkContext
    for index, (file, lines) in enumerate(wanted.items()):
        keep = sc.broadcast(lines)
        rows = _numbered_lines(spark, spark_files[file], index).filter(lambda t: t[1] in keep.value).collect()
        raw = {}
        for _, n, data, _ in rows:
            if n == 1 and data.startswith(b"\xef\xbb\xbf"):
                data = data[3:]
            raw[n] = data
        fetched[file] = raw
        keep.unpersist()
    corpus.__dict__["_locator"] = LineLocator(corpus.root, corpus.aliases, fetched)
