"""Users, case memberships, credentials (login sessions and API tokens) and failed logins.

Secrets never reach this module: it stores the argon2 hash of a password and the SHA-256 of a
token, made by nerpipe.auth. Every change writes its audit entry in its own transaction.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, Select, and_, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from nerpipe.auth.roles import Role, parse_role
from nerpipe.errors import UserError, UserExistsError, UserNotFoundError
from nerpipe.store.audit import write_entry
from nerpipe.store.case_refs import case_ref, matching_cases, resolve_case
from nerpipe.store.schema import cases, credentials, documents, failed_logins, memberships, users

SESSION, TOKEN = "session", "token"
_NAME = re.compile(r"[a-z0-9][a-z0-9._@-]{0,99}")


@dataclass(frozen=True, slots=True)
class User:
    id: int
    name: str
    role: Role
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Credential:
    id: int
    user: User
    kind: str
    label: str
    created_at: datetime
    expires_at: datetime | None
    ended_at: datetime | None

    def valid_at(self, moment: datetime) -> bool:
        return self.ended_at is None and (self.expires_at is None or moment < self.expires_at)


@dataclass(frozen=True, slots=True)
class CaseRow:
    """A case with its id, for the API (which addresses cases by id) and access checks."""

    id: int
    name: str
    created_at: datetime
    documents: int

    @property
    def ref(self) -> str:
        """NAME#ID: what store and access methods are given for this very case (store/case_refs.py)."""
        return case_ref(self.name, self.id)


def user_name(name: str) -> str:
    """Names are lower case: letters, digits and . _ @ -, up to 100 characters."""
    cleaned = name.strip().lower()
    if not _NAME.fullmatch(cleaned):
        raise UserError(
            f"'{name}' cannot be a user name: use up to 100 letters, digits and . _ @ - (starting with a "
            "letter or digit)."
        )
    return cleaned


def utc(moment: datetime | None) -> datetime | None:
    """SQLite gives back times without their zone; every time stored here is UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _now() -> datetime:
    return datetime.now(UTC)


class UserStore:
    """Users and what hangs off them; `actor` is who is recorded as making each change."""

    def __init__(self, engine: Engine, actor: str) -> None:
        self.engine = engine
        self.actor = actor

    # -- users -----------------------------------------------------------------------------------

    def add_user(self, name: str, role: Role | str, password_hash: str) -> User:
        name, role = user_name(name), parse_role(role)
        try:
            with self.engine.begin() as connection:
                user_id = connection.execute(
                    insert(users)
                    .values(name=name, role=role.value, password_hash=password_hash, created_at=_now())
                    .returning(users.c.id)
                ).scalar_one()
                write_entry(connection, self.actor, "user.add", target=name, details={"role": role.value})
        except IntegrityError:
            raise UserExistsError(f"A user named '{name}' already exists.") from None
        return self._user(user_id)

    def remove_user(self, name: str) -> None:
        with self.engine.begin() as connection:
            user = self._require(connection, name)
            if user.role == Role.ADMIN:
                self._keep_an_admin(connection, user)
            connection.execute(delete(users).where(users.c.id == user.id))
            write_entry(connection, self.actor, "user.remove", target=user.name, details={"role": user.role.value})

    def set_role(self, name: str, role: Role | str) -> None:
        role = parse_role(role)
        with self.engine.begin() as connection:
            user = self._require(connection, name)
            if user.role == role:
                return
            if user.role == Role.ADMIN:
                self._keep_an_admin(connection, user)
            connection.execute(update(users).where(users.c.id == user.id).values(role=role.value))
            write_entry(
                connection, self.actor, "user.role", target=user.name, details={"from": user.role, "to": role.value}
            )

    def set_password(self, name: str, password_hash: str) -> None:
        """A new password ends the user's login sessions (API tokens stay until revoked)."""
        with self.engine.begin() as connection:
            user = self._require(connection, name)
            connection.execute(update(users).where(users.c.id == user.id).values(password_hash=password_hash))
            ended = connection.execute(
                update(credentials)
                .where(
                    credentials.c.user_id == user.id, credentials.c.kind == SESSION, credentials.c.ended_at.is_(None)
                )
                .values(ended_at=_now())
            ).rowcount
            write_entry(connection, self.actor, "user.password", target=user.name, details={"sessions_ended": ended})

    def list_users(self) -> list[User]:
        with self.engine.connect() as connection:
            rows = connection.execute(select(users).order_by(users.c.name)).all()
        return [_user(row) for row in rows]

    def find(self, name: str) -> User | None:
        with self.engine.connect() as connection:
            return self._find(connection, name)

    def password_hash(self, name: str) -> str | None:
        try:
            name = user_name(name)
        except UserError:
            return None
        with self.engine.connect() as connection:
            return connection.execute(select(users.c.password_hash).where(users.c.name == name)).scalar()

    def count(self, role: Role | None = None) -> int:
        query = select(func.count(users.c.id))
        if role is not None:
            query = query.where(users.c.role == role.value)
        with self.engine.connect() as connection:
            return connection.execute(query).scalar_one()

    def _user(self, user_id: int) -> User:
        with self.engine.connect() as connection:
            return _user(connection.execute(select(users).where(users.c.id == user_id)).one())

    @staticmethod
    def _find(connection: Connection, name: str) -> User | None:
        try:
            name = user_name(name)
        except UserError:
            return None
        row = connection.execute(select(users).where(users.c.name == name)).first()
        return _user(row) if row is not None else None

    def _require(self, connection: Connection, name: str) -> User:
        user = self._find(connection, name)
        if user is None:
            raise UserNotFoundError(f"No user named '{name}': see `nerpipe user list`.")
        return user

    @staticmethod
    def _keep_an_admin(connection: Connection, leaving: User) -> None:
        others = connection.execute(
            select(func.count(users.c.id)).where(users.c.role == Role.ADMIN.value, users.c.id != leaving.id)
        ).scalar_one()
        if not others:
            raise UserError(f"'{leaving.name}' is the only admin: make another user admin first.")

    # -- case membership -------------------------------------------------------------------------

    def add_member(self, name: str, case: str) -> None:
        with self.engine.begin() as connection:
            user = self._require(connection, name)
            case_id, case = resolve_case(connection, case)
            present = connection.execute(
                select(memberships.c.id).where(memberships.c.user_id == user.id, memberships.c.case_id == case_id)
            ).first()
            if present is not None:
                return
            add_membership(connection, user.id, case_id)
            write_entry(connection, self.actor, "member.add", case_id=case_id, case=case, target=user.name)

    def remove_member(self, name: str, case: str) -> None:
        with self.engine.begin() as connection:
            user = self._require(connection, name)
            case_id, case = resolve_case(connection, case)
            removed = connection.execute(
                delete(memberships).where(memberships.c.user_id == user.id, memberships.c.case_id == case_id)
            ).rowcount
            if removed:
                write_entry(connection, self.actor, "member.remove", case_id=case_id, case=case, target=user.name)

    def members(self, case: str) -> list[User]:
        with self.engine.connect() as connection:
            case_id, _ = resolve_case(connection, case)
            rows = connection.execute(
                select(users)
                .join(memberships, memberships.c.user_id == users.c.id)
                .where(memberships.c.case_id == case_id)
                .order_by(users.c.name)
            ).all()
        return [_user(row) for row in rows]

    def is_member(self, user_id: int, case: str) -> bool:
        """Whether `case` (a name, or NAME#ID) names a case the user is a member of."""
        with self.engine.connect() as connection:
            return bool(matching_cases(connection, case, among=member_case_ids(user_id)))

    def member_case_ref(self, user_id: int, case: str) -> str:
        """NAME#ID of the one case of the user's that `case` names; not one of theirs reads as a
        case that does not exist, several of theirs as a choice to make (store/case_refs.py)."""
        with self.engine.connect() as connection:
            case_id, name = resolve_case(connection, case, among=member_case_ids(user_id))
        return case_ref(name, case_id)

    def is_member_by_id(self, user_id: int, case_id: int) -> bool:
        with self.engine.connect() as connection:
            found = connection.execute(
                select(memberships.c.id).where(memberships.c.user_id == user_id, memberships.c.case_id == case_id)
            ).first()
        return found is not None

    def case_rows(self, user_id: int | None = None) -> list[CaseRow]:
        """Every case, or only those `user_id` is a member of, by name."""
        query = (
            select(cases.c.id, cases.c.name, cases.c.created_at, func.count(documents.c.id))
            .select_from(cases.outerjoin(documents, documents.c.case_id == cases.c.id))
            .group_by(cases.c.id)
            .order_by(cases.c.name, cases.c.id)
        )
        if user_id is not None:
            query = query.where(cases.c.id.in_(select(memberships.c.case_id).where(memberships.c.user_id == user_id)))
        with self.engine.connect() as connection:
            return [CaseRow(i, name, utc(created), count) for i, name, created, count in connection.execute(query)]

    def case_row(self, case_id: int) -> CaseRow | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                select(cases.c.id, cases.c.name, cases.c.created_at, func.count(documents.c.id))
                .select_from(cases.outerjoin(documents, documents.c.case_id == cases.c.id))
                .where(cases.c.id == case_id)
                .group_by(cases.c.id)
            ).first()
        return CaseRow(row[0], row[1], utc(row[2]), row[3]) if row is not None else None

    def document_case(self, document_id: int) -> str | None:
        """The case a stored document belongs to, as NAME#ID (names may be shared)."""
        with self.engine.connect() as connection:
            row = connection.execute(
                select(cases.c.id, cases.c.name)
                .join(documents, documents.c.case_id == cases.c.id)
                .where(documents.c.id == document_id)
            ).first()
        return case_ref(row.name, row.id) if row is not None else None

    # -- sessions and API tokens -------------------------------------------------------------------

    def open_session(
        self, user: User, secret_sha256: str, expires_at: datetime, via: str, attempt: LoginAttempt | None = None
    ) -> int:
        """A login: the session, the entry, and the name's failed logins forgotten, together (up to
        this `attempt`: guesses being checked at this moment still count)."""
        forgotten = failed_logins.c.name == user.name
        if attempt is not None:  # this address's failures: another one's guesses still count
            forgotten = and_(forgotten, failed_logins.c.id <= attempt.id, failed_logins.c.source == attempt.source)
        with self.engine.begin() as connection:
            credential_id = self._insert_credential(connection, user, SESSION, secret_sha256, via, expires_at)
            connection.execute(delete(failed_logins).where(forgotten))
            write_entry(
                connection, user.name, "login", target=user.name, details={"via": via, "expires_at": expires_at}
            )
        return credential_id

    def end_session(self, secret_sha256: str) -> bool:
        """A logout; False when the session had already ended."""
        with self.engine.begin() as connection:
            credential = self._credential(connection, secret_sha256)
            if credential is None or credential.kind != SESSION or credential.ended_at is not None:
                return False
            connection.execute(update(credentials).where(credentials.c.id == credential.id).values(ended_at=_now()))
            write_entry(
                connection,
                credential.user.name,
                "logout",
                target=credential.user.name,
                details={"via": credential.label},
            )
        return True

    def add_token(self, name: str, secret_sha256: str, label: str, expires_at: datetime | None) -> Credential:
        label = " ".join(label.split())[:100]
        with self.engine.begin() as connection:
            user = self._require(connection, name)
            credential_id = self._insert_credential(connection, user, TOKEN, secret_sha256, label, expires_at)
            write_entry(
                connection,
                self.actor,
                "token.create",
                target=user.name,
                details={"token_id": credential_id, "label": label, "expires_at": expires_at},
            )
        return self._credential_by_id(credential_id)

    def revoke_token(self, token_id: int, *, owner: str | None = None) -> None:
        """End an API token now; `owner` limits this to that user's tokens (anyone else's reads as missing)."""
        with self.engine.begin() as connection:
            row = connection.execute(
                select(credentials, users)
                .join(users, users.c.id == credentials.c.user_id)
                .where(credentials.c.id == token_id, credentials.c.kind == TOKEN)
            ).first()
            if row is None or (owner is not None and row.name != user_name(owner)):
                raise UserNotFoundError(f"No API token {token_id}.")
            if row.ended_at is not None:
                return
            connection.execute(update(credentials).where(credentials.c.id == token_id).values(ended_at=_now()))
            write_entry(connection, self.actor, "token.revoke", target=row.name, details={"token_id": token_id})

    def tokens(self, name: str) -> list[Credential]:
        with self.engine.connect() as connection:
            user = self._require(connection, name)
            rows = connection.execute(
                select(credentials.c.id)
                .where(credentials.c.user_id == user.id, credentials.c.kind == TOKEN)
                .order_by(credentials.c.id)
            ).scalars()
            return [self._credential_row(connection, credential_id) for credential_id in rows]

    def credential(self, secret_sha256: str) -> Credential | None:
        with self.engine.connect() as connection:
            return self._credential(connection, secret_sha256)

    @staticmethod
    def _insert_credential(
        connection: Connection, user: User, kind: str, secret_sha256: str, label: str, expires_at: datetime | None
    ) -> int:
        return connection.execute(
            insert(credentials)
            .values(
                user_id=user.id,
                kind=kind,
                secret_sha256=secret_sha256,
                label=label,
                created_at=_now(),
                expires_at=expires_at,
            )
            .returning(credentials.c.id)
        ).scalar_one()

    def _credential_by_id(self, credential_id: int) -> Credential:
        with self.engine.connect() as connection:
            return self._credential_row(connection, credential_id)

    @staticmethod
    def _credential_row(connection: Connection, credential_id: int) -> Credential:
        row = connection.execute(
            select(credentials, users.c.name, users.c.role, users.c.created_at.label("user_created_at"))
            .join(users, users.c.id == credentials.c.user_id)
            .where(credentials.c.id == credential_id)
        ).one()
        return _credential(row)

    @staticmethod
    def _credential(connection: Connection, secret_sha256: str) -> Credential | None:
        row = connection.execute(
            select(credentials, users.c.name, users.c.role, users.c.created_at.label("user_created_at"))
            .join(users, users.c.id == credentials.c.user_id)
            .where(credentials.c.secret_sha256 == secret_sha256)
        ).first()
        return _credential(row) if row is not None else None

    # -- failed logins -----------------------------------------------------------------------------

    def start_login(
        self, name: str, via: str, *, since: datetime, limit: int, source: str = "", name_limit: int | None = None
    ) -> LoginAttempt | None:
        """Take a place for one password check of `name` from `source`, or None (refused, with its
        entry) when `limit` failures from that source, or `name_limit` from anywhere, are recorded
        since `since` already.

        The attempt is recorded as failed before its password is checked, and counting and
        recording hold a lock for the name, so guesses sent at the same moment from any number of
        processes get `limit` checks in all, like guesses sent one after another. Counting per
        source keeps an outsider from locking a user out of their own address; `name_limit`
        bounds guessing spread over many addresses. Refusals are not recorded as failures: the
        lockout ends `since` after the failures that caused it."""
        recorded, source = _attempt_name(name), source[:64]
        with self.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(select(func.pg_advisory_xact_lock(_login_lock_key(recorded))))
            # The first statement is a write, so on SQLite the transaction holds the database's
            # write lock from here to its commit: the counts below see every earlier attempt.
            attempt_id = connection.execute(
                insert(failed_logins).values(name=recorded, at=_now(), source=source).returning(failed_logins.c.id)
            ).scalar_one()
            recent = and_(failed_logins.c.name == recorded, failed_logins.c.at >= since)
            from_source, from_anywhere = connection.execute(
                select(
                    func.count(failed_logins.c.id).filter(failed_logins.c.source == source),
                    func.count(failed_logins.c.id),
                ).where(recent)
            ).one()
            within_name = name_limit is None or from_anywhere <= name_limit
            if from_source <= limit and within_name:
                starts = from_source == limit or (name_limit is not None and from_anywhere == name_limit)
                return LoginAttempt(attempt_id, from_source, lockout_starts=starts, source=source)
            connection.execute(delete(failed_logins).where(failed_logins.c.id == attempt_id))
            reason = "locked out" if within_name or from_source > limit else "locked out (guesses from many addresses)"
            _failed_entry(connection, recorded, via, reason, from_source - 1, source=source)
        return None

    def record_failed_login(self, name: str, via: str, attempt: LoginAttempt | None = None, source: str = "") -> None:
        """A wrong name or password: its entry (the failure itself was counted by `start_login`;
        without an attempt, it is counted here)."""
        recorded = _attempt_name(name)
        source = attempt.source if attempt is not None else source[:64]
        with self.engine.begin() as connection:
            if attempt is None:
                connection.execute(insert(failed_logins).values(name=recorded, at=_now(), source=source))
            _failed_entry(
                connection,
                recorded,
                via,
                "wrong name or password",
                attempt.failures if attempt else None,
                lockout_starts=attempt is not None and attempt.lockout_starts,
                source=source,
            )

    def failed_logins_since(self, name: str, since: datetime) -> int:
        recorded = _attempt_name(name)
        with self.engine.connect() as connection:
            return connection.execute(
                select(func.count(failed_logins.c.id)).where(
                    and_(failed_logins.c.name == recorded, failed_logins.c.at >= since)
                )
            ).scalar_one()


@dataclass(frozen=True, slots=True)
class LoginAttempt:
    """A place for one password check, counted as a failure until the login succeeds."""

    id: int
    #: Failures of the name from this source in the lockout window, this attempt included.
    failures: int
    #: Failing this attempt locks the name out (for this source, or for all).
    lockout_starts: bool
    #: Where the attempt came from (a client's address; "" when not known).
    source: str = ""


def _attempt_name(name: str) -> str:
    """Failed logins are counted per name as typed, folded like user names (case and spaces)."""
    return " ".join(name.split()).lower()[:100]


def _login_lock_key(name: str) -> int:
    """A PostgreSQL advisory lock key (a signed 64-bit number) of its own for each name."""
    return int.from_bytes(hashlib.sha256(f"nerpipe login {name}".encode()).digest()[:8], "big", signed=True)


def _failed_entry(
    connection: Connection,
    name: str,
    via: str,
    reason: str,
    failures: int | None,
    *,
    lockout_starts: bool = False,
    source: str = "",
) -> None:
    details: dict[str, object] = {"via": via, "reason": reason}
    if source:
        details["from"] = source
    if failures is not None:
        details["failures"] = failures
    if lockout_starts:
        details["lockout_starts"] = True
    write_entry(connection, name or "(no name)", "login.failed", target=name, details=details)


def add_membership(connection: Connection, user_id: int, case_id: int) -> None:
    """In the caller's transaction (creating a case makes its creator a member at once)."""
    connection.execute(insert(memberships).values(user_id=user_id, case_id=case_id, created_at=_now()))


def member_case_ids(user_id: int) -> Select:
    """The ids of the cases a user is a member of, as a subquery: the cases they can see."""
    return select(memberships.c.case_id).where(memberships.c.user_id == user_id)


def _user(row) -> User:
    return User(row.id, row.name, Role(row.role), utc(row.created_at))


def _credential(row) -> Credential:
    user = User(row.user_id, row.name, Role(row.role), utc(row.user_created_at))
    return Credential(row.id, user, row.kind, row.label, utc(row.created_at), utc(row.expires_at), utc(row.ended_at))
