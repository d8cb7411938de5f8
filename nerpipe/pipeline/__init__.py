"""The NER pipeline: pattern files, base-model choice, assembly and extraction."""

from nerpipe.pipeline.build import Pipeline, build_pipeline
from nerpipe.pipeline.extract import extract, extract_documents, extract_text

__all__ = ["Pipeline", "build_pipeline", "extract", "extract_documents", "extract_text"]
