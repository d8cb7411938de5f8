"""Where a case's own model lives and what it was trained on.

A model retrained from a case's corrections belongs to that case: it is saved under
`models_dir/cases/case-ID` (the case's number, which a rename does not change), with `case_meta.json`
saying what it was trained on, when, and its scores. Extraction for that case (uploads, ingest,
reprocess) uses it; every other case keeps the default pipeline. An explicit model (`--model`,
NERPIPE_MODEL) still wins over it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from nerpipe.config import Settings
from nerpipe.store import Store
from nerpipe.store.case_refs import split_ref

CASES_FOLDER = "cases"
META_FILE = "case_meta.json"


@dataclass(frozen=True, slots=True)
class CaseModelInfo:
    """What the sidebar says of a case's model."""

    name: str
    trained_on: str
    when: str
    path: Path
    scores: dict[str, dict[str, list[float]]]


def case_model_dir(settings: Settings, case_id: int) -> Path:
    return settings.models_dir / CASES_FOLDER / f"case-{case_id}"


def case_model_info(settings: Settings, case_id: int) -> CaseModelInfo | None:
    """The case's model in use, or None when the case uses the default pipeline."""
    folder = case_model_dir(settings, case_id)
    try:
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not (folder / "config.cfg").is_file():
        return None
    return CaseModelInfo(
        str(meta.get("name", folder.name)),
        str(meta.get("trained_on", "")),
        str(meta.get("when", "")),
        folder,
        dict(meta.get("scores", {})),
    )


def case_settings(settings: Settings, case_id: int | None) -> Settings:
    """The settings that extraction for the case runs with: its own model when it has one and no
    model was chosen explicitly."""
    if case_id is None or settings.model:
        return settings
    info = case_model_info(settings, case_id)
    return replace(settings, model=str(info.path)) if info is not None else settings


def write_case_meta(folder: Path, meta: dict) -> None:
    (folder / META_FILE).write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")


def settings_for_case(store: Store, case: str, settings: Settings) -> Settings:
    """`case_settings` for a case named as users name it (a name, or NAME#ID)."""
    return case_settings(settings, split_ref(store.case_ref(case))[1])


def uses_model(pipeline_path: str, settings: Settings) -> bool:
    """Whether a pipeline loaded from `pipeline_path` is the model folder `settings` name."""
    return settings.model is not None and Path(pipeline_path).resolve() == Path(settings.model).resolve()
