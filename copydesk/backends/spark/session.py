"""The SparkSession of a run: the master from --spark-master / COPYDESK_SPARK_MASTER."""

from __future__ import annotations

import os
import sys

from copydesk.backends.spark import master as resolve_master
from copydesk.backends.spark import require_pyspark

#: articles per Arrow batch handed to mapInPandas, the part of the corpus a Python worker
#: builds tables for and decides at a time (executor.article_parts): its memory follows
#: this, not the partition size; any size gives the same findings (pyspark's default 10,000)
ARROW_BATCH_ROWS = 2000

DRIVER_MEMORY_ENV = "COPYDESK_SPARK_DRIVER_MEMORY"
#: bounds of the local-mode heap copydesk picks when nothing sets spark.driver.memory: in
#: local mode the driver JVM is also the executor, and Spark's own default heap (1g) runs
#: out while caching a 1 GB JSONL read (java.lang.OutOfMemoryError in the read's cache,
#: measured on a 1M-article corpus); a quarter of the machine's memory, within these bounds
LOCAL_HEAP_MIN_MB, LOCAL_HEAP_MAX_MB = 1024, 8192


def driver_memory(master: str, environ=os.environ) -> str | None:
    """spark.driver.memory for a session copydesk starts: $COPYDESK_SPARK_DRIVER_MEMORY
    (e.g. 4g) if set; else, on a local master, a quarter of physical memory within
    LOCAL_HEAP_MIN_MB..LOCAL_HEAP_MAX_MB; else None (the cluster's own setting stands).
    Never overrides a driver memory given to spark-submit (PYSPARK_SUBMIT_ARGS)."""
    submit_args = environ.get("PYSPARK_SUBMIT_ARGS", "")
    if "--driver-memory" in submit_args or "spark.driver.memory" in submit_args:
        return None
    if environ.get(DRIVER_MEMORY_ENV):
        return environ[DRIVER_MEMORY_ENV]
    if not master.startswith("local"):
        return None
    try:
        total_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2 ** 20
    except (ValueError, OSError, AttributeError):  # no sysconf (Windows): Spark's default
        return None
    return f"{max(LOCAL_HEAP_MIN_MB, min(LOCAL_HEAP_MAX_MB, total_mb // 4))}m"


def get_session(master: str | None = None, app_name: str = "copydesk"):
    """A SparkSession on `master` (an existing active session is reused, e.g. under
    spark-submit, where the master comes from spark-submit itself).

    The workers run the driver's Python (PYSPARK_PYTHON unless set), so copydesk and its
    validators import there the same way.
    """
    require_pyspark()
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app_name)
    # under spark-submit (its launcher hands pyspark a gateway) the master is spark-submit's
    if master or "PYSPARK_GATEWAY_PORT" not in os.environ:
        url = resolve_master(master)
        builder = builder.master(url)
        memory = driver_memory(url)
        if memory:  # read when the JVM starts, i.e. by this getOrCreate
            builder = builder.config("spark.driver.memory", memory)
    spark = (builder
             .config("spark.sql.execution.arrow.pyspark.enabled", "true")
             .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(ARROW_BATCH_ROWS))
             .config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", os.environ.get("COPYDESK_SPARK_SHUFFLE_PARTITIONS", "8"))
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    return spark
