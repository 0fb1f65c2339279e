"""Shared test configuration: Hypothesis profiles, test data paths and engine sessions."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, settings

if TYPE_CHECKING:
    from collections.abc import Iterator

DATA = Path(__file__).parent / "data"

# Hypothesis loads its own "ci" profile when the CI variable is set. Locally the
# default profile runs; `--hypothesis-profile=fast` gives a quick smoke run.
settings.register_profile("fast", max_examples=20, deadline=None)
settings.register_profile(
    "thorough",
    max_examples=2_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
if not os.environ.get("CI"):
    settings.register_profile("dev", deadline=None)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


# Engines (Dask, Spark).
# Real components, started once per session: Dask's distributed scheduler with two
# worker processes and Spark in local mode. Without an engine (or Java, for Spark) the
# tests that need it are skipped with a loud reason, unless SERVICEKIT_REQUIRE_ENGINES=1
# (set by .ci/run), which turns the skip into a failure.


def engine_missing(reason: str) -> None:
    """Skip loudly, or fail under ``SERVICEKIT_REQUIRE_ENGINES=1``."""
    if os.environ.get("SERVICEKIT_REQUIRE_ENGINES") == "1":
        pytest.fail(f"{reason} (SERVICEKIT_REQUIRE_ENGINES=1)")
    pytest.skip(reason)


def _java_major() -> int:
    java = shutil.which("java")
    if java is None:
        return 0
    found = subprocess.run(  # noqa: S603 - a fixed program
        [java, "-version"], capture_output=True, text=True, check=False, timeout=60
    ).stderr
    version = found.partition('version "')[2].partition('"')[0]
    major = version.split(".")[0]
    return int(major) if major.isdigit() else 0


@pytest.fixture(scope="session")
def dask_client() -> Iterator[Any]:
    """A ``distributed.Client`` on a LocalCluster of two single-threaded worker processes."""
    try:
        import dask.dataframe  # noqa: F401, PLC0415
        from distributed import Client, LocalCluster  # noqa: PLC0415
    except ImportError:
        engine_missing(
            "DASK NOT INSTALLED: the Dask engine was NOT tested; "
            "install it with `pip install 'servicekit[dask]'`"
        )
    cluster = LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        dashboard_address=":0",
        memory_limit="1GiB",
    )
    # Not the default client: tests hand it their graphs (client.compute, as_current),
    # and the ones that run Dask's synchronous scheduler in this process stay quiet.
    client = Client(cluster, set_as_default=False)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """A SparkSession in local mode on two cores: small shuffles, no UI, UTC."""
    try:
        from pyspark.sql import SparkSession  # noqa: PLC0415
    except ImportError:
        engine_missing(
            "PYSPARK NOT INSTALLED: the Spark engine was NOT tested; "
            "install it with `pip install 'servicekit[spark]'`"
        )
    if _java_major() < 17:
        engine_missing(
            "JAVA 17+ NOT FOUND: the Spark engine was NOT tested; "
            "install a runtime with `apt-get install default-jre-headless`"
        )
    # The workers run this interpreter, which has servicekit installed.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("servicekit-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()
