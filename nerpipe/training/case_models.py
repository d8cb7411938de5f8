"""Where a case's own model lives and what it was trained on.

A model retrained from a case's corrections belongs to that case: it is saved under
`models_dir/cases/case-ID` (the case's number, which a rename does not change), with `case_meta.json`
saying what it was trained on, when, and its scores. Extraction for that case (uploads, ingest,
reprocess) uses it. An admin may promote a case's model to the team's (`models_dir/team`): every case
without a model of its own then uses it instead of the default pipeline. An explicit model
(`--model`, NERPIPE_MODEL) still wins over both.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from nerpipe.config import Settings
from nerpipe.errors import NerpipeError
from nerpipe.store import Store
from nerpipe.store.case_refs import split_ref

CASES_FOLDER = "cases"
TEAM_FOLDER = "team"
META_FILE = "case_meta.json"


@dataclass(frozen=True, slots=True)
class CaseModelInfo:
    """What the sidebar says of a case's model."""

    name: str
    trained_on: str
    when: str
    path: Path
    scores: dict[str, dict[str, list[float]]]
    #: For the team's model: the case it was promoted from, by whom and when (from_case, by, when).
    promoted: dict[str, str] = field(default_factory=dict)


def case_model_dir(settings: Settings, case_id: int) -> Path:
    return settings.models_dir / CASES_FOLDER / f"case-{case_id}"


def team_model_dir(settings: Settings) -> Path:
    return settings.models_dir / TEAM_FOLDER


def case_model_info(settings: Settings, case_id: int) -> CaseModelInfo | None:
    """The case's own model, or None when it has none."""
    return _model_info(case_model_dir(settings, case_id))


def team_model_info(settings: Settings) -> CaseModelInfo | None:
    """The model an admin promoted to the team, or None."""
    return _model_info(team_model_dir(settings))


def model_for_case(settings: Settings, case_id: int | None) -> tuple[CaseModelInfo | None, str]:
    """The model that reads the case's documents and whose it is: ("case" or "team"), or (None,
    "default") for the default pipeline."""
    own = case_model_info(settings, case_id) if case_id is not None else None
    if own is not None:
        return own, "case"
    team = team_model_info(settings)
    return (team, "team") if team is not None else (None, "default")


def promote_to_team(settings: Settings, case_id: int, case_name: str, by: str) -> CaseModelInfo:
    """Copy the case's model to the team's (replacing any earlier one): copied beside it first and
    then renamed into place, so extraction never reads a half-copied model."""
    source = case_model_info(settings, case_id)
    if source is None:
        raise NerpipeError(
            f"case {case_name!r} has no model of its own to promote: retrain it from its corrections first"
        )
    target = team_model_dir(settings)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".team-", dir=target.parent))
    copied = staging / "model"
    shutil.copytree(source.path, copied)
    meta = json.loads((copied / META_FILE).read_text(encoding="utf-8"))
    meta["promoted"] = {"from_case": case_name, "case_id": case_id, "by": by, "when": _now()}
    write_case_meta(copied, meta)
    old = staging / "old"
    if target.exists():
        target.rename(old)
    copied.rename(target)
    shutil.rmtree(staging, ignore_errors=True)
    promoted = team_model_info(settings)
    assert promoted is not None  # just written
    return promoted


def withdraw_team_model(settings: Settings) -> bool:
    """Remove the team's model (cases without their own go back to the default pipeline); False
    when there was none."""
    target = team_model_dir(settings)
    if not target.exists():
        return False
    retired = target.with_name(f".team-withdrawn-{_now().replace(':', '')}")
    target.rename(retired)
    shutil.rmtree(retired, ignore_errors=True)
    return True


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _model_info(folder: Path) -> CaseModelInfo | None:
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
        {key: str(value) for key, value in dict(meta.get("promoted", {})).items()},
    )


def case_settings(settings: Settings, case_id: int | None) -> Settings:
    """The settings that extraction for the case runs with: its own model when it has one, else the
    team's when an admin promoted one, and no model was chosen explicitly."""
    if settings.model:
        return settings
    info, _ = model_for_case(settings, case_id)
    return replace(settings, model=str(info.path)) if info is not None else settings


def write_case_meta(folder: Path, meta: dict) -> None:
    (folder / META_FILE).write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")


def settings_for_case(store: Store, case: str, settings: Settings) -> Settings:
    """`case_settings` for a case named as users name it (a name, or NAME#ID)."""
    return case_settings(settings, split_ref(store.case_ref(case))[1])


def uses_model(pipeline_path: str, settings: Settings) -> bool:
    """Whether a pipeline loaded from `pipeline_path` is the model folder `settings` name."""
    return settings.model is not None and Path(pipeline_path).resolve() == Path(settings.model).resolve()
