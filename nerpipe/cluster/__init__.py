"""Ingestion on a Dask distributed cluster: `nerpipe ingest DIR --case NAME --cluster ADDRESS`.

The driver lists the files and keeps a bounded number of them in flight; each worker process reads,
extracts and stores whole files with the same code as `nerpipe ingest` on one machine
(nerpipe.batch), one transaction per document, so a rerun skips what is stored.
"""

from nerpipe.cluster.connect import LOCAL_PREFIX, ClusterError, open_cluster
from nerpipe.cluster.driver import ingest_on_cluster

__all__ = ["LOCAL_PREFIX", "ClusterError", "ingest_on_cluster", "open_cluster"]
