"""Inputs of the Spark engine: the articles as a Spark DataFrame, one row per article.

Two ways in, with the readers' semantics (copydesk/corpus/readers.py: every record is an
article or an ingest error; the [fields] mapping; ids unique, the first occurrence wins):

* *On the driver*, with copydesk's own readers (every input kind: text, JSON, CSV, HTML,
  WARC, compressed files, standard input); the pandas corpus then goes to Spark as is.
* *By Spark* (`spark_read`), for JSON Lines and Parquet, local or at a Spark-readable URI
  (``s3a://``, ``hdfs://``, ``file://``): lines are read as bytes (Spark's text source,
  cast to binary), numbered per file, and each is parsed on the executors as
  `read_jsonl` parses a line (the same messages for invalid JSON,
  undecodable bytes, a record over max_record_bytes, a missing body); Parquet rows go
  through the same RecordMapper. Duplicate ids are found with a window over (file order,
  line). The driver never holds the corpus, only its ingest errors.

Differences from the driver readers, by construction: Hadoop's line reader also ends a
line at a lone carriage return (JSON text never holds a raw one inside a string) and
counts "\r\n" as one byte in the byte offsets of undecodable-bytes messages; a
UTF-16/UTF-32 JSONL file (a byte-order mark) is read on the driver instead; a URI input
that is not JSON Lines or Parquet is listed as skipped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from copydesk.backends.spark.executor import FURNITURE, ORDER, dumps
from copydesk.corpus.tables import ARTICLE_COLUMNS


@dataclass
class SparkInput:
    """The articles as a Spark DataFrame, and the driver's side of the inputs: `corpus` is
    the whole pandas corpus when copydesk's readers read everything on the driver
    (`local`), else a corpus holding the ingest errors, files and skipped entries, to which
    the flagged articles are added after the run."""

    articles: Any
    corpus: Any
    local: bool
    #: (displayed file name -> the raw lines of its records that findings point at), filled
    #: after the run for the Spark-read JSONL files (below)
    spark_files: dict[str, str] = field(default_factory=dict)


#: URI schemes read by Spark (and not by copydesk's readers)
URI_SCHEMES = ("s3a://", "s3://", "s3n://", "hdfs://", "file://", "gs://", "abfs://", "abfss://", "wasb://")
SPARK_KINDS = ("jsonl", "parquet")
#: articles per partition of a driver-read corpus, at most two partitions per core: each
#: Spark task costs a Python worker's round trip, which a few hundred articles outweigh
ARTICLES_PER_SLICE = 500

BASE_SCHEMA = [("id", "string"), ("source", "string"), ("url", "string"), ("published", "string"),
               ("title", "string"), ("lede", "string"), ("body", "string"), ("file", "string"), ("line", "bigint")]


def is_uri(path: str | Path) -> bool:
    return str(path).startswith(URI_SCHEMES)


def _extra_type(values: list) -> tuple[str, Any]:
    """A Spark type for an extra column of the driver's articles table, and the value
    conversion: uniform scalars keep their type, anything else is text."""
    present = [v for v in values if v is not None and not (isinstance(v, float) and v != v)]
    if present and all(isinstance(v, bool) for v in present):
        return "boolean", bool
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present) \
            and all(-(2 ** 63) <= v < 2 ** 63 for v in present):
        return "bigint", int
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return "double", float
    return "string", lambda v: v if isinstance(v, str) else dumps(v) if isinstance(v, (list, dict)) else str(v)


def from_corpus(spark, corpus, partitions: int | None = None):
    """The driver's pandas corpus as a Spark DataFrame of articles (input order kept in
    ORDER, page furniture as JSON in FURNITURE), in `partitions` contiguous slices."""
    arts = corpus.articles
    columns: dict[str, list] = {}
    for c in ("id", "source", "url", "published", "title", "lede", "body", "file"):
        columns[c] = [None if v is None or (isinstance(v, float) and v != v) else str(v) for v in arts[c].tolist()]
    columns["line"] = [None if pd.isna(v) else int(v) for v in arts["line"].tolist()]
    schema = list(BASE_SCHEMA)
    for c in arts.columns:
        if c in ARTICLE_COLUMNS:
            continue
        values = [None if v is None or (isinstance(v, float) and v != v) else v for v in arts[c].tolist()]
        kind, convert = _extra_type(values)
        columns[c] = [None if v is None else convert(v) for v in values]
        schema.append((c, kind))
    columns[ORDER] = list(range(len(arts)))
    columns[FURNITURE] = [dumps(corpus.furniture[i]) if i in corpus.furniture else None for i in columns["id"]]
    schema += [(ORDER, "bigint"), (FURNITURE, "string")]
    ddl = ", ".join(f"`{n}` {t}" for n, t in schema)
    rows = list(zip(*columns.values()))
    slices = partitions or min(spark.sparkContext.defaultParallelism * 2, -(-len(rows) // ARTICLES_PER_SLICE))
    slices = max(1, min(slices, len(rows)))
    return spark.createDataFrame(spark.sparkContext.parallelize(rows, slices), ddl)


def split_paths(paths: Iterable[str | Path]) -> tuple[list[str], list[str]]:
    """(URIs for Spark, local paths for copydesk's scan)."""
    uris, local = [], []
    for p in paths:
        (uris if is_uri(p) else local).append(str(p))
    return uris, local


# --------------------------------------------------------------------------- reading by Spark

#: JSONL and Parquet inputs of at least this many bytes in all are read by Spark, smaller
#: ones on the driver (Spark's per-job cost outweighs reading a few megabytes);
#: COPYDESK_SPARK_READ=spark|driver overrides
SPARK_READ_MIN_BYTES = 16 * 2 ** 20
#: compressions Hadoop's line reader decompresses itself
HADOOP_COMPRESSIONS = (None, "gz", "bz2")

ROW_SCHEMA = ("kind string, id string, source string, url string, published string, title string, lede string, "
              "body string, file string, line bigint, extra string, furniture string, ord bigint, error string")
#: file order and line in one sortable number: the readers' order (files in turn, lines in order)
LINE_BITS = 40


def _order(file_index: int, line: int) -> int:
    return (file_index << LINE_BITS) | line


def _article_row(item, ord_: int) -> tuple:
    from copydesk.model import Article

    if not isinstance(item, Article):
        return ("e", None, None, None, None, None, None, None, item.file, item.line, None, None, ord_, item.error)
    extra = {k: v for k, v in item.extra.items() if k != "page_furniture"}
    furniture = item.extra.get("page_furniture")
    return ("a", item.id, item.source, item.url, item.published, item.title, item.lede, item.body, item.file,
            item.line, dumps(extra) if extra else None, dumps(furniture) if furniture is not None else None, ord_,
            None)


def parse_jsonl_lines(rows, field_map, max_record_bytes: int, displays: dict[int, str], stems: dict[int, str]):
    """(file index, 1-based line, raw bytes) -> ROW_SCHEMA tuples, as readers._jsonl_records
    turns each line into an article or an ingest error."""
    from copydesk.corpus.readers import _TOO_DEEP, RecordMapper

    mapper = RecordMapper(field_map, max_record_bytes)
    for index, lineno, raw, offset in rows:
        display = displays[index]
        ord_ = _order(index, lineno)
        if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        size = len(raw)
        if size > max_record_bytes:
            yield ("e", None, None, None, None, None, None, None, display, lineno, None, None, ord_,
                   mapper.size_error(size) or "line over the size limit")
            continue
        if not raw.strip():
            continue
        from copydesk.model import IngestError

        try:
            record = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            item = IngestError(display, lineno, f"undecodable bytes (not UTF-8) at line {lineno}, "
                               f"byte {offset + exc.start} of the file (byte {exc.start + 1} of the line)")
        except json.JSONDecodeError as exc:
            item = IngestError(display, lineno, f"invalid JSON: {exc.msg} (column {exc.colno})")
        except RecursionError:
            item = IngestError(display, lineno, _TOO_DEEP)
        else:
            item = mapper.article_or_error(record, f"{stems[index]}:{lineno}", display, lineno)
        yield _article_row(item, ord_)


def parse_parquet_rows(rows, field_map, max_record_bytes: int, displays: dict[int, str], stems: dict[int, str]):
    """(file index, 1-based row, record dict) -> ROW_SCHEMA tuples (readers.read_parquet)."""
    from copydesk.corpus.readers import RecordMapper

    mapper = RecordMapper(field_map, max_record_bytes)
    for index, row_no, record in rows:
        item = mapper.article_or_error(record, f"{stems[index]}:{row_no}", displays[index], row_no)
        yield _article_row(item, _order(index, row_no))


def _numbered_lines(spark, uri: str, index: int):
    """(file index, 1-based line, raw bytes, byte offset of the line) of one text file.

    Spark's text source keeps a line's bytes as they are (a string column cast to binary
    gives them back, invalid UTF-8 included, where RDD textFile decodes with replacement
    characters); offsets come from each partition's byte total (a newline counted as one
    byte)."""
    from pyspark.sql import functions as F

    rdd = spark.read.text(uri).select(F.col("value").cast("binary").alias("b")).rdd.map(lambda r: bytes(r[0]))
    sizes = rdd.mapPartitionsWithIndex(lambda p, it: [_lines_and_bytes(p, it)]).collect()  # one job
    starts: dict[int, tuple[int, int]] = {}  # partition -> (its first line number, its byte offset)
    line, pos = 1, 0
    for p, lines, size in sorted(sizes):
        starts[p] = (line, pos)
        line, pos = line + lines, pos + size

    def number(p, it, index=index, starts=starts):
        line, offset = starts.get(p, (1, 0))
        for raw in it:
            yield index, line, raw, offset
            line, offset = line + 1, offset + len(raw) + 1

    return rdd.mapPartitionsWithIndex(number)


def _lines_and_bytes(partition: int, lines) -> tuple[int, int, int]:
    count = size = 0
    for raw in lines:
        count, size = count + 1, size + len(raw) + 1
    return partition, count, size


def _numbered_parquet(spark, uri: str, index: int):
    frame = spark.read.parquet(uri)
    return frame.rdd.zipWithIndex().map(lambda p, i=index: (i, p[1] + 1, p[0].asDict(recursive=True)))


def list_uri_files(spark, uri: str) -> list[str]:
    """The files under a Spark-readable URI (a file, or a folder walked recursively, hidden
    entries and Hadoop's _SUCCESS markers left out), sorted, through Hadoop's FileSystem."""
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    path = jvm.org.apache.hadoop.fs.Path(uri)
    fs = path.getFileSystem(conf)
    if not fs.exists(path):
        from copydesk.corpus.readers import InputError

        raise InputError(f"{uri}: no such file or folder")
    if fs.getFileStatus(path).isFile():
        return [uri]
    found = []
    it = fs.listFiles(path, True)
    while it.hasNext():
        name = it.next().getPath().toString()
        if any(part.startswith((".", "_")) for part in name[len(uri.rstrip("/")):].split("/") if part):
            continue
        found.append(name)
    return sorted(found)


def restore_uri(path: str | Path) -> str:
    """A URI as typed: pathlib folds "s3a://bucket/key" to "s3a:/bucket/key"."""
    text = str(path)
    if is_uri(text):
        return text
    if text.startswith("file:/"):  # "file:///tmp/x" folds to "file:/tmp/x"
        return "file://" + text[len("file:"):]
    for scheme in URI_SCHEMES:
        folded = scheme[:-1]  # "s3a:/"
        if text.startswith(folded):
            return scheme + text[len(folded):]
    return text


def spark_read(spark, paths, field_map=None, max_record_bytes=None, exclude=(), stdin_format="jsonl",
               read: str | None = None, on_file=None):
    """The inputs as a SparkInput (copydesk/backends/spark/check.py): URIs and big local
    JSONL/Parquet files read by Spark, every other input by copydesk's readers on the
    driver (see the module doc). `read`: "spark" (every JSONL/Parquet file by Spark),
    "driver" (none), or None for SPARK_READ_MIN_BYTES (COPYDESK_SPARK_READ overrides)."""
    import os

    from pyspark import StorageLevel
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    from copydesk.config import DEFAULT_MAX_RECORD_BYTES
    from copydesk.corpus import Corpus, load_corpus
    from copydesk.corpus.readers import _display, scan
    from copydesk.corpus.sources import bom_encoding, input_kind, stem

    max_record_bytes = max_record_bytes or DEFAULT_MAX_RECORD_BYTES
    read = read or os.environ.get("COPYDESK_SPARK_READ") or None
    paths = [restore_uri(p) for p in paths]
    uris = [p for p in paths if is_uri(p)]
    local = [p for p in paths if not is_uri(p)]
    files, unreadable, skipped = scan(local, exclude) if local else ([], [], [])
    by_spark: list[tuple[str, str, str]] = []  # (uri, display, kind)
    for uri in uris:
        for name in list_uri_files(spark, uri):
            kind, compression = input_kind(name)
            if kind in SPARK_KINDS and compression in HADOOP_COMPRESSIONS:
                by_spark.append((name, name, kind))
            else:
                skipped.append({"file": name, "reason": "not JSON Lines or Parquet: a URI input is read by Spark, "
                                                        "which reads only those; copy it to a local path"})
    on_driver: list[Path] = []
    candidates: list[tuple[Path, str]] = []
    for p in files:
        kind, compression = input_kind(p)
        if str(p) != "-" and kind in SPARK_KINDS and compression in HADOOP_COMPRESSIONS:
            with open(p, "rb") as fh:
                if kind == "jsonl" and bom_encoding(fh.read(4)) and not compression:
                    on_driver.append(p)  # UTF-16/32 text: copydesk's reader decodes it
                    continue
            candidates.append((p, kind))
        else:
            on_driver.append(p)
    size = sum(p.stat().st_size for p, _ in candidates)
    if read == "driver" or (read != "spark" and size < SPARK_READ_MIN_BYTES and not uris):
        on_driver = list(files)
        candidates = []

    # the readers' order: URI files as given, then local files in scan order
    order = [u for u, _, _ in by_spark] + [str(p) for p in files]
    by_spark += [(p.resolve().as_uri(), _display(p, None), kind) for p, kind in candidates]
    index_of = {u: order.index(u) for u, _, _ in by_spark[:len(by_spark) - len(candidates)]}
    index_of.update({u: order.index(str(p)) for (u, _, _), (p, _) in zip(by_spark[len(by_spark) - len(candidates):],
                                                                       candidates)})
    file_index = {d: index_of[u] for u, d, _ in by_spark}
    file_index.update({_display(p, None): order.index(str(p)) for p in on_driver if str(p) != "-"})
    displays = {index_of[u]: d for u, d, _ in by_spark}
    stems = {index_of[u]: (Path(d).stem if k == "parquet" else stem(d)) for u, d, k in by_spark}
    errors = [IngestError_(p, r) for p, r in unreadable]
    driver = None
    if on_driver:
        driver = load_corpus(on_driver, field_map, max_record_bytes=max_record_bytes, stdin_format=stdin_format)
    if not by_spark:  # everything on the driver: the pandas corpus, whole
        corpus = driver if driver is not None else Corpus.from_articles([])
        corpus.ingest_errors = errors + list(corpus.ingest_errors)
        corpus.skipped = _displayed(skipped) + list(corpus.skipped)
        corpus.root = Path.cwd().resolve()
        return SparkInput(from_corpus(spark, corpus), corpus, True)

    from copydesk.model import IngestError

    sc = spark.sparkContext
    fmap = dict(field_map or {})
    parsed = []
    lines = [_numbered_lines(spark, u, index_of[u]) for u, _, k in by_spark if k == "jsonl"]
    if lines:
        rdd = lines[0] if len(lines) == 1 else sc.union(lines)
        parsed.append(rdd.mapPartitions(lambda rows: parse_jsonl_lines(rows, fmap, max_record_bytes, displays, stems)))
    for u, d, k in by_spark:
        if k == "parquet":
            try:
                rows = _numbered_parquet(spark, u, index_of[u])
            except Exception as exc:  # noqa: BLE001 - Spark raises its own types for bad files
                errors.append(IngestError(d, None, f"unreadable Parquet file: {exc}"))
                continue
            parsed.append(rows.mapPartitions(lambda r: parse_parquet_rows(r, fmap, max_record_bytes, displays, stems)))
    frame = spark.createDataFrame(parsed[0] if len(parsed) == 1 else sc.union(parsed), ROW_SCHEMA)
    if driver is not None and len(driver.articles):  # articles read on the driver take part in the duplicate check
        local = from_corpus(spark, driver)
        extra_cols = [c for c in local.columns if c not in ARTICLE_COLUMNS and c not in (ORDER, FURNITURE)]
        index_map = F.create_map(*[x for d, i in file_index.items() for x in (F.lit(d), F.lit(i))])
        extra = (F.to_json(F.struct(*[F.col(f"`{c}`").cast("string").alias(c) for c in extra_cols]))
                 if extra_cols else F.lit(None).cast("string"))
        frame = frame.unionByName(local.select(
            F.lit("a").alias("kind"), "id", "source", "url", "published", "title", "lede", "body", "file", "line",
            extra.alias("extra"), F.col(FURNITURE).alias("furniture"),
            (F.shiftleft(F.coalesce(index_map[F.col("file")], F.lit(len(order))).cast("bigint"), LINE_BITS)
             + F.col(ORDER)).alias("ord"),
            F.lit(None).cast("string").alias("error")))
    frame = frame.persist(StorageLevel.MEMORY_AND_DISK)
    w = Window.partitionBy("id").orderBy("ord")
    ranked = (frame.filter(F.col("kind") == "a")
              .withColumn("_rank", F.row_number().over(w))
              .withColumn("_first_file", F.first("file").over(w))
              .withColumn("_first_line", F.first("line").over(w))
              .persist(StorageLevel.MEMORY_AND_DISK))  # read by three jobs below: one shuffle
    found = []
    for r in frame.filter(F.col("kind") == "e").select("file", "line", "ord", "error").collect():
        found.append((r["ord"], IngestError(r["file"], r["line"], r["error"])))
    for r in ranked.filter(F.col("_rank") > 1).select("id", "file", "line", "ord", "_first_file", "_first_line").collect():
        where = f"{r['_first_file']}:{r['_first_line']}" if r["_first_line"] else r["_first_file"]
        found.append((r["ord"], IngestError(r["file"], r["line"], f"duplicate id {r['id']!r} (first seen at {where})")))
    found.sort(key=lambda t: t[0])
    if driver is not None:  # a driver file's own errors, in its reading order, at its place among the files
        found += [(file_index.get(e.file, len(order)) << LINE_BITS, e) for e in driver.ingest_errors]
        found.sort(key=lambda t: t[0] >> LINE_BITS)
    errors += [e for _, e in found]
    articles = ranked.filter(F.col("_rank") == 1)
    keys = sorted(r["k"] for r in articles.filter(F.col("extra").isNotNull()).select(
        F.explode(F.map_keys(F.from_json("extra", "map<string,string>"))).alias("k")).distinct().collect())
    extra = F.from_json("extra", "map<string,string>")
    articles = articles.select(
        "id", "source", "url", "published", "title", "lede", "body", "file", "line",
        *[extra[k].alias(k) for k in keys if k not in ARTICLE_COLUMNS],
        F.col("ord").alias(ORDER), F.col("furniture").alias(FURNITURE)).persist(StorageLevel.MEMORY_AND_DISK)
    articles.count()  # materialised, so the parsed and ranked rows need not be kept beside it
    ranked.unpersist()
    frame.unpersist()
    shown = [d for _, d, _ in by_spark] + (list(driver.files) if driver is not None else [])
    shown.sort(key=lambda d: file_index.get(d, len(order)))
    corpus = Corpus.from_articles([], errors, shown)
    corpus.skipped = _displayed(skipped) + (list(driver.skipped) if driver is not None else [])
    corpus.root = Path.cwd().resolve()
    if driver is not None:  # where the driver-read records are (plain text: each field's origin)
        corpus.aliases = dict(driver.aliases)
        corpus.origins = dict(driver.origins)
    source = SparkInput(articles, corpus, False)
    source.spark_files = {d: u for u, d, k in by_spark if k == "jsonl"}
    return source


def _displayed(skipped: list[dict]) -> list[dict]:
    from copydesk.corpus.readers import _display

    return [e if is_uri(e["file"]) else dict(e, file=_display(Path(e["file"]), None)) for e in skipped]


def IngestError_(path, reason: str):
    from copydesk.corpus.readers import _display
    from copydesk.model import IngestError

    return IngestError(path if isinstance(path, str) else _display(path, None), None, reason)
