"""The audit log: who did what, when, on which case and to what.

`write_entry` takes the connection of the action's own transaction, so an action and its entry are
stored together or not at all (a killed process leaves neither half). Nothing here changes or
deletes an entry, and the database refuses to (triggers made with the table, store/schema.py).
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Select, and_, func, insert, or_, select

from nerpipe.store.case_refs import split_ref
from nerpipe.store.schema import audit_log, cases

#: Every action the log records, with how it reads in a table.
ACTIONS = {
    "login": "logged in",
    "login.failed": "failed to log in",
    "logout": "logged out",
    "case.create": "created the case",
    "case.delete": "deleted the case",
    "document.add": "added a document",
    "document.delete": "deleted a document",
    "document.reprocess": "re-extracted a document",
    "correction.reject": "rejected a mention",
    "correction.relabel": "relabelled a mention",
    "correction.add": "added a mention the pipeline missed",
    "correction.undo": "undid a correction",
    "merge": "merged entities",
    "merge.undo": "undid a merge",
    "export": "exported",
    "retrain.start": "started retraining the case model",
    "retrain.end": "finished retraining the case model",
    "model.promote": "made the case's model the team's",
    "model.withdraw": "withdrew the team's model",
    "layout.save": "saved a chart layout",
    "layout.rename": "renamed a chart layout",
    "layout.delete": "deleted a chart layout",
    "user.add": "added a user",
    "user.remove": "removed a user",
    "user.role": "changed a user's role",
    "user.password": "changed a user's password",
    "user.disable": "disabled a user",
    "user.enable": "enabled a user",
    "member.add": "made a user a member of the case",
    "member.remove": "removed a user from the case",
    "token.create": "created an API token",
    "token.revoke": "revoked an API token",
}
MAX_ACTOR = 120
#: The server-wide log's parts an admin reads apart from the cases' (dashboard Admin view, CLI).
LOGIN_ACTIONS = ("login", "login.failed", "logout")
USER_ACTIONS = tuple(action for action in ACTIONS if action.startswith(("user.", "member.", "token.")))


def local_actor() -> str:
    """Who acts when nobody logs in (the CLI, the dashboard on localhost): this computer's user."""
    try:
        name = getpass.getuser()
    except (OSError, KeyError):  # no user name in the environment or the password database
        name = "unknown"
    return f"local:{name}"[:MAX_ACTOR]


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str
    action: str
    case_id: int | None
    case: str | None
    target: str
    details: dict[str, Any]

    @property
    def description(self) -> str:
        return ACTIONS.get(self.action, self.action)


def write_entry(
    connection: Connection,
    actor: str,
    action: str,
    *,
    case_id: int | None = None,
    case: str | None = None,
    target: str = "",
    details: Mapping[str, Any] | None = None,
) -> None:
    """One entry, in the caller's transaction (the action's own)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    connection.execute(
        insert(audit_log).values(
            at=datetime.now(UTC),
            actor=actor[:MAX_ACTOR],
            action=action,
            case_id=case_id,
            case_name=case,
            target=target,
            details=json.dumps(dict(details or {}), ensure_ascii=False, default=str, sort_keys=True),
        )
    )


class AuditLog:
    """Reading the log (writing happens only through write_entry, inside an action)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def entries(
        self,
        *,
        case: str | None = None,
        current_only: bool = False,
        offset: int = 0,
        limit: int | None = None,
        newest_first: bool = False,
        actions: Collection[str] | None = None,
    ) -> list[AuditEntry]:
        """The entries of one case (by name: a deleted case's log too; NAME#ID: that case's), or
        of everything. `current_only`: only the log of the case `case` names now (by its id, since
        its last deletion where an old store gave a deleted case's id again), not that of a
        deleted case, or of another team's case, that bears the same name. `actions`: only these."""
        query = _of_case(select(audit_log), case, current_only, actions)
        query = query.order_by(audit_log.c.id.desc() if newest_first else audit_log.c.id).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        return [_entry(row) for row in rows]

    def case_names(self) -> list[str]:
        """Every case the log names, deleted ones too."""
        query = select(audit_log.c.case_name).where(audit_log.c.case_name.is_not(None)).distinct()
        with self.engine.connect() as connection:
            return sorted(connection.execute(query).scalars(), key=str.casefold)

    def count(
        self, *, case: str | None = None, current_only: bool = False, actions: Collection[str] | None = None
    ) -> int:
        query = _of_case(select(func.count(audit_log.c.id)), case, current_only, actions)
        with self.engine.connect() as connection:
            return connection.execute(query).scalar_one()


def _of_case(query: Select, case: str | None, current_only: bool, actions: Collection[str] | None = None) -> Select:
    if actions is not None:
        query = query.where(audit_log.c.action.in_(list(actions)))
    if case is None:
        return query
    name, number = split_ref(case)
    if not current_only:
        named = audit_log.c.case_name == case
        if number is not None:
            named = or_(named, and_(audit_log.c.case_name == name, audit_log.c.case_id == number))
        return query.where(named)
    live = cases.c.name == case
    if number is not None:
        live = or_(live, and_(cases.c.name == name, cases.c.id == number))
    deleted = audit_log.alias("deleted")
    # entry ids only grow (nothing is ever deleted), so "after" is "since"
    last_deletion = (
        select(func.max(deleted.c.id))
        .where(deleted.c.case_id == audit_log.c.case_id, deleted.c.action == "case.delete")
        .scalar_subquery()
    )
    return query.where(
        audit_log.c.case_id.in_(select(cases.c.id).where(live)),
        audit_log.c.id > func.coalesce(last_deletion, 0),
    )


def _entry(row) -> AuditEntry:
    at = row.at if row.at.tzinfo is not None else row.at.replace(tzinfo=UTC)  # SQLite drops the zone
    return AuditEntry(
        row.id, at, row.actor, row.action, row.case_id, row.case_name, row.target, json.loads(row.details)
    )
