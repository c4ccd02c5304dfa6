"""The SparkSession of a run: the master from --spark-master / COPYDESK_SPARK_MASTER."""

from __future__ import annotations

import os
import sys

from copydesk.backends.spark import master as resolve_master
from copydesk.backends.spark import require_pyspark

#: Arrow batches handed to mapInPandas: whole articles, so any size is correct; bigger
#: batches make fewer, larger partitions of a family's decision (pyspark's default 10,000)
ARROW_BATCH_ROWS = 2000


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
        builder = builder.master(resolve_master(master))
    spark = (builder
             .config("spark.sql.execution.arrow.pyspark.enabled", "true")
             .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(ARROW_BATCH_ROWS))
             .config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", os.environ.get("COPYDESK_SPARK_SHUFFLE_PARTITIONS", "8"))
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    return spark
