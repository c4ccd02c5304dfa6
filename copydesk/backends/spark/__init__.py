"""The Spark engine (`copydesk check --engine spark`, the `copydesk[spark]` extra).

The run (copydesk/run.py) is the same as the pandas engine's: each family's statistics are
computed partition-wise and reduced with groupBy/agg (`executor.SparkExecutor`, mirroring
`Statistic.reduce`), finished on the driver and broadcast; its decisions run partition-wise
with `mapInPandas`; the tables (articles, paragraphs, sentences) are built partition-wise
with their evidence columns and validated with GX's Spark execution engine
(copydesk/backends/gx/validate.py `Validation("spark")`). pyspark is imported only inside
this package, and only when the engine is used.
"""

from __future__ import annotations

import os

#: the cluster when neither --spark-master nor COPYDESK_SPARK_MASTER names one
DEFAULT_MASTER = "local[*]"
MASTER_ENV = "COPYDESK_SPARK_MASTER"
INSTALL_HINT = "the Spark engine needs pyspark: pip install 'copydesk[spark]' (and Java 17)"


class SparkUnavailable(RuntimeError):
    """pyspark is not installed (or cannot start)."""


def master(option: str | None = None) -> str:
    """The Spark master URL: the option, else $COPYDESK_SPARK_MASTER, else local[*]."""
    return option or os.environ.get(MASTER_ENV) or DEFAULT_MASTER


def require_pyspark():
    """The pyspark module, or SparkUnavailable telling how to install it."""
    try:
        import pyspark
    except ImportError as exc:
        raise SparkUnavailable(INSTALL_HINT) from exc
    return pyspark
