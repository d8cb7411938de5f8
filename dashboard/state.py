"""What the dashboard keeps between reruns: the store and the pipeline (loaded once per server),
the open case, and cached link charts per case, data revision and filters."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

import streamlit as st

from nerpipe import Pipeline, Settings
from nerpipe.auth.access import CaseAccess
from nerpipe.auth.login import authenticate
from nerpipe.auth.roles import Role
from nerpipe.batch import build_case_pipeline
from nerpipe.case_chart import case_links
from nerpipe.config import auth_required
from nerpipe.errors import AuthError
from nerpipe.graph import Context, LinkChart
from nerpipe.graph.chart import LinkedEntities, chart_from
from nerpipe.graph.cooccur import DEFAULT_CONTEXT
from nerpipe.store import Store

CASE_KEY = "case"
#: The logged-in user (nerpipe.store.users.User), set by views/login.py when logins are on.
USER_KEY = "login_user"
#: The session secret of that login (shown to no one; checked against the store at each use).
SECRET_KEY = "login_secret"


def settings() -> Settings:
    return Settings.from_env()


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return Store.open(url)


def plain_store() -> Store:
    """The store itself, for logging in: everything else goes through store()."""
    return _store(settings().store_url)


def logins_on() -> bool:
    """NERPIPE_AUTH=1, or an address beyond this computer (config.auth_required)."""
    return auth_required(settings(), st.get_option("server.address") or "")


def store() -> Store | CaseAccess:
    """The store as the logged-in user may use it now; the whole store when logins are off.

    The session is checked against the store at every call, not taken from the last run: widget
    callbacks run before the login page's own check, and a user disabled, demoted or logged out
    meanwhile must not act with the role they had."""
    if not logins_on() and st.session_state.get(USER_KEY) is None:
        return plain_store()
    secret = st.session_state.get(SECRET_KEY)
    if not secret:
        raise AuthError("Log in first.")
    user = authenticate(plain_store(), secret).user
    st.session_state[USER_KEY] = user
    return CaseAccess(plain_store(), user)


def may(case: str, needed: Role) -> bool:
    """Whether the user may do what `needed` allows in `case`, to show a control only to those who
    may use it (the store checks again when it is used). Everything, with logins off."""
    current = store()
    return current.may(case, needed) if isinstance(current, CaseAccess) else True


@st.cache_resource(show_spinner="Loading the NER pipeline (once per server)…")
def _pipeline(settings_key: str, _settings: Settings) -> Pipeline:
    return build_case_pipeline(_settings)


def pipeline() -> Pipeline:
    current = settings()
    return _pipeline(repr(current), current)


def current_case() -> str | None:
    return st.session_state.get(CASE_KEY)


def scoped_key(name: str, *scope: object) -> str:
    """A widget key that changes with what the widget's options were built from (the case, the
    filters, the entity): a choice made among other options never shows, or acts, in its place."""
    digest = hashlib.sha256(repr(scope).encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{name}_{digest}"


@dataclass(frozen=True, slots=True)
class ChartFilters:
    context: Context = DEFAULT_CONTEXT
    labels: tuple[str, ...] | None = None
    min_weight: int = 1
    min_mentions: int = 1
    min_confidence: float = 0.0
    #: Every entity as a node, whatever its label (the Entities view); links as for `labels`.
    every_entity: bool = False
    #: Only evidence dated in (first, last) day, either None (the Entities view and chart filter).
    dates: tuple[date | None, date | None] = (None, None)


@st.cache_resource(max_entries=12, show_spinner="Linking the case's entities…")
def _links(
    url: str,
    case: str,
    revision: tuple[int, ...],
    context: Context,
    labels: tuple[str, ...] | None,
    confidence: float,
    dates: tuple[date | None, date | None] = (None, None),
) -> LinkedEntities:
    return case_links(_store(url), case, context=context, labels=labels, min_confidence=confidence, dates=dates)


@st.cache_resource(max_entries=24, show_spinner="Building the link chart…")
def _chart(url: str, case: str, revision: tuple[int, ...], filters: ChartFilters) -> LinkChart:
    """The Entities view's chart and the default link chart share one set of links."""
    linked = _links(url, case, revision, filters.context, filters.labels, filters.min_confidence, filters.dates)
    return chart_from(
        linked, every_entity=filters.every_entity, min_weight=filters.min_weight, min_mentions=filters.min_mentions
    )


def chart(case: str, filters: ChartFilters | None = None) -> LinkChart:
    """The case's chart for these filters; rebuilt only when the case's data changed."""
    current = store()
    ref = current.case_ref(case)  # the cache is shared by every user: keyed by the case itself
    return _chart(settings().store_url, ref, current.case_revision(ref), filters or ChartFilters())


@st.cache_resource(max_entries=12, show_spinner="Building the link chart…")
def _stored_chart(url: str, case: str, revision: tuple[int, ...], filters: ChartFilters) -> LinkChart:
    linked = case_links(_store(url), case, context=filters.context, labels=filters.labels, evidence=False)
    return chart_from(
        linked, every_entity=filters.every_entity, min_weight=filters.min_weight, min_mentions=filters.min_mentions
    )


def link_chart(case: str, filters: ChartFilters | None = None) -> LinkChart:
    """The Link chart view's chart: from the entities and links the store keeps (no mention is
    read; links carry no evidence: link_evidence reads a link's when it is chosen), or, with a
    date or confidence filter, as chart() builds it."""
    filters = filters or ChartFilters()
    if filters.dates != (None, None) or filters.min_confidence > 0:
        return chart(case, filters)
    current = store()
    ref = current.case_ref(case)
    return _stored_chart(settings().store_url, ref, current.case_revision(ref), filters)


@st.cache_resource(max_entries=64, show_spinner=False)
def _link_evidence(url: str, case: str, revision: tuple[int, ...], pair: tuple[str, str], context: Context, _table):
    found = _store(url).link_evidence(case, pair, context=context, table=_table)
    return found.evidence, dict(sorted(found.relations.items(), key=lambda item: (-item[1], item[0])))


def link_evidence(case: str, pair: tuple[str, str], context: Context, table=None) -> tuple[list, dict[str, int]]:
    """One link's evidence (the first 50 contexts) and relation words, read when it is chosen
    (Store.link_evidence: only the documents where both entities occur), cached per revision;
    `table`: the case's cached entity table (dashboard/case_entities.py), so it is not read again."""
    current = store()
    ref = current.case_ref(case)  # case_revision checks the user may read the case
    return _link_evidence(settings().store_url, ref, current.case_revision(ref), tuple(pair), context, table)


@st.cache_resource(max_entries=8, show_spinner=False)
def _texts(url: str, case: str, revision: tuple[int, ...]) -> tuple[dict[str, str], dict[str, str]]:
    opened = _store(url)
    return opened.document_texts(case), opened.filenames(case)


def texts_and_names(case: str) -> tuple[dict[str, str], dict[str, str]]:
    """sha256 → text, and sha256 → filename, for the case (cached per data revision)."""
    current = store()
    ref = current.case_ref(case)  # the cache is shared by every user: keyed by the case itself
    return _texts(settings().store_url, ref, current.case_revision(ref))
