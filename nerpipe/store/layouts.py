"""Saved chart layouts: where an analyst put each entity of a case's chart, under a name, so the
chart, its picture and the report show the same arrangement again. Entity ids are the keys, so
a layout survives new documents (their entities are placed around the saved ones). Saving,
renaming and deleting are recorded in the audit log, in the change's own transaction."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from nerpipe.errors import CaseError
from nerpipe.store.audit import write_entry
from nerpipe.store.case_refs import resolve_case
from nerpipe.store.repository import Store, _WriteTransaction
from nerpipe.store.schema import chart_layouts

MAX_NAME = 100
#: Entities one layout may place (the dashboard draws at most 2,000).
MAX_POSITIONS = 20_000


@dataclass(frozen=True, slots=True)
class SavedLayout:
    name: str
    entities: int
    saved_at: datetime


class LayoutStore:
    """A case's saved layouts (the caller checks who may use them: nerpipe.auth.access)."""

    def __init__(self, engine: Engine, actor: str) -> None:
        self.engine, self.actor = engine, actor

    @classmethod
    def of(cls, store: Store) -> LayoutStore:
        return cls(store.engine, store.actor)

    def list(self, case: str) -> list[SavedLayout]:
        with self.engine.connect() as connection:
            case_id = _case_id(connection, case)
            rows = connection.execute(
                select(chart_layouts.c.name, chart_layouts.c.positions, chart_layouts.c.saved_at)
                .where(chart_layouts.c.case_id == case_id)
                .order_by(func.lower(chart_layouts.c.name))
            ).all()
        return [SavedLayout(name, len(json.loads(positions)), saved_at) for name, positions, saved_at in rows]

    def load(self, case: str, name: str) -> dict[str, tuple[float, float]]:
        """Entity id -> (x, y) of the layout `name`."""
        with self.engine.connect() as connection:
            case_id = _case_id(connection, case)
            found = connection.execute(
                select(chart_layouts.c.positions).where(
                    chart_layouts.c.case_id == case_id, chart_layouts.c.name == _layout_name(name)
                )
            ).scalar()
        if found is None:
            raise CaseError(f"No layout named '{name}' in case '{case}': see the saved layouts' list.")
        return {key: (float(x), float(y)) for key, (x, y) in json.loads(found).items()}

    def save(self, case: str, name: str, positions: Mapping[str, tuple[float, float]]) -> None:
        """Save (or replace) the layout `name`."""
        name, stored = _layout_name(name), _positions(positions)
        with _WriteTransaction(self.engine) as connection:
            case_id, case_name = resolve_case(connection, case)
            where = (chart_layouts.c.case_id == case_id, chart_layouts.c.name == name)
            replaced = connection.execute(delete(chart_layouts).where(*where)).rowcount > 0
            connection.execute(
                insert(chart_layouts).values(case_id=case_id, name=name, positions=stored, saved_at=_now())
            )
            details = {"entities": len(positions), "replaced": replaced}
            write_entry(
                connection, self.actor, "layout.save", case_id=case_id, case=case_name, target=name, details=details
            )

    def rename(self, case: str, name: str, new_name: str) -> None:
        name, new_name = _layout_name(name), _layout_name(new_name)
        with _WriteTransaction(self.engine) as connection:
            case_id, case_name = resolve_case(connection, case)
            taken = connection.execute(
                select(chart_layouts.c.id).where(chart_layouts.c.case_id == case_id, chart_layouts.c.name == new_name)
            ).scalar()
            if taken is not None and new_name != name:
                raise CaseError(f"Case '{case}' already has a layout named '{new_name}': choose another name.")
            changed = connection.execute(
                update(chart_layouts)
                .where(chart_layouts.c.case_id == case_id, chart_layouts.c.name == name)
                .values(name=new_name)
            ).rowcount
            if not changed:
                raise CaseError(f"No layout named '{name}' in case '{case}'.")
            write_entry(
                connection,
                self.actor,
                "layout.rename",
                case_id=case_id,
                case=case_name,
                target=name,
                details={"to": new_name},
            )

    def delete(self, case: str, name: str) -> None:
        name = _layout_name(name)
        with _WriteTransaction(self.engine) as connection:
            case_id, case_name = resolve_case(connection, case)
            gone = connection.execute(
                delete(chart_layouts).where(chart_layouts.c.case_id == case_id, chart_layouts.c.name == name)
            ).rowcount
            if not gone:
                raise CaseError(f"No layout named '{name}' in case '{case}'.")
            write_entry(connection, self.actor, "layout.delete", case_id=case_id, case=case_name, target=name)


def _case_id(connection: Connection, case: str) -> int:
    return resolve_case(connection, case)[0]


def _layout_name(name: str) -> str:
    cleaned = " ".join(str(name).split())
    if not cleaned or len(cleaned) > MAX_NAME or any(ord(ch) < 32 for ch in cleaned):
        raise CaseError(f"A layout needs a name of 1 to {MAX_NAME} printable characters.")
    return cleaned


def _positions(positions: Mapping[str, tuple[float, float]]) -> str:
    """The positions as JSON, checked: a layout from a browser or a file is untrusted."""
    if not positions:
        raise CaseError("A layout needs the place of at least one entity.")
    if len(positions) > MAX_POSITIONS:
        raise CaseError(f"A layout may place at most {MAX_POSITIONS:,} entities, not {len(positions):,}.")
    cleaned = {}
    for key, place in positions.items():
        try:
            x, y = (float(value) for value in place)
        except (TypeError, ValueError):
            raise CaseError(f"The place of '{key}' in the layout is not two numbers.") from None
        if not (isinstance(key, str) and math.isfinite(x) and math.isfinite(y)):
            raise CaseError(f"The place of '{key}' in the layout is not two finite numbers.")
        cleaned[key] = [round(x, 2), round(y, 2)]
    return json.dumps(cleaned, ensure_ascii=False, sort_keys=True)


def _now() -> datetime:
    return datetime.now(UTC)
