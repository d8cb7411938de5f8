"""nerpipe: named entities and link charts from investigative case files.

The public API; the CLI and the dashboard use only what is exported here and in the subpackages.
"""

from nerpipe.config import Settings
from nerpipe.errors import IngestError, ModelError, NerpipeError, PatternError
from nerpipe.ingest import ingest_bytes, ingest_path
from nerpipe.pipeline import Pipeline, build_pipeline, extract, extract_documents, extract_text
from nerpipe.types import Document, Mention, PipelineInfo

__version__ = "0.1.0"

__all__ = [
    "Document",
    "IngestError",
    "Mention",
    "ModelError",
    "NerpipeError",
    "PatternError",
    "Pipeline",
    "PipelineInfo",
    "Settings",
    "build_pipeline",
    "extract",
    "extract_documents",
    "extract_text",
    "ingest_bytes",
    "ingest_path",
]
