"""Retrain model: teach the case's model from the analyst's own corrections, then see before and
after on documents it did not train on, and whether the new model is used.

The retrain runs on a thread of its own (nerpipe.retrain_jobs), one at a time for the server, so
the analyst can read other views meanwhile; its progress, its Cancel button and then its verdict
are here whenever they come back. Viewers see the model in use and the last verdict, no controls.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from safe import md
from state import USER_KEY, may, settings, store

from nerpipe.auth import admin
from nerpipe.auth.roles import Role
from nerpipe.errors import NerpipeError
from nerpipe.retrain_jobs import CANCELLED_JOB, STOPPED, RetrainJob, RetrainJobs, RetrainState
from nerpipe.store.case_refs import split_ref
from nerpipe.training.case_data import MIN_DOCUMENTS
from nerpipe.training.case_models import case_model_info, model_for_case, team_model_info
from views.admin import shown_to

KEY = "retrain"
#: How often a running retrain's progress is redrawn (seconds).
REFRESH_S = 1.0
#: The columns of the before/after table, in reading order (others the function adds follow).
MODELS = ("base + patterns", "current", "retrained")
#: The last promote or withdraw's outcome (kind, text), shown once.
TEAM_OUTCOME = f"{KEY}_team_outcome"


@st.cache_resource(show_spinner=False)
def _jobs(url: str) -> RetrainJobs:
    """The server's retrains: they outlive reruns, views and sessions."""
    return RetrainJobs()


def jobs() -> RetrainJobs:
    return _jobs(settings().store_url)


def job_of(case: str) -> RetrainJob | None:
    return jobs().get(store().case_ref(case))


def model_in_use(case: str) -> str:
    """The case's own model and what it was trained on, the team's, or the default pipeline."""
    _, case_id = split_ref(store().case_ref(case))
    info, whose = model_for_case(settings(), case_id)
    if info is None:
        return "No model of its own yet: the default pipeline reads its documents."
    day = info.when[:10]
    when = f" (saved {md(info.when.replace('T', ' ')[:16])} UTC)" if info.when and day not in info.trained_on else ""
    described = f"**{md(info.name)}**, trained on {md(info.trained_on)}{when}"
    if whose == "team":
        return f"the team's model (this case has none of its own): {described}"
    return described


def render(case: str) -> None:
    st.header(f"Retrain the model of {md(case)}")
    st.markdown(f"Model in use: {model_in_use(case)}")
    decisions = store().list_decisions(case)
    corrected = len({d["sha256"] for d in decisions})
    total = len(store().list_documents(case))
    st.write(
        f"{corrected} of {total} document(s) corrected ({len(decisions)} correction(s): names added, rejected "
        "or relabelled). Retraining learns from the corrected documents, holds some of them out, and uses the "
        "new model only if it is not worse on those than the model in use."
    )
    job = job_of(case)
    running = job is not None and job.state().running
    if corrected < MIN_DOCUMENTS:
        st.info(
            f"Retraining needs corrections in at least {MIN_DOCUMENTS} documents: some to learn from, one held out "
            "to check the result. Add a missed name in Documents, or reject or relabel one in Entities."
        )
    if may(case, Role.ANALYST):
        busy = jobs().running()
        clicked = st.button(
            "Retrain from this case",
            type="primary",
            key=f"{KEY}_start",
            disabled=running or corrected < MIN_DOCUMENTS,
            help=f"Correct names in at least {MIN_DOCUMENTS} documents first (Documents and Entities)."
            if corrected < MIN_DOCUMENTS
            else None,
        )
        if clicked and _start(case) is not None:
            st.rerun()  # drawn again with the button off, the progress and the sidebar's note
        if busy is not None and busy is not job and not running:
            st.caption("Another retrain is running on this server: one runs at a time.")
    elif job is None:
        st.info("Retraining needs the analyst role (ask an admin).")
    if job is not None:
        _show(job, case)
    if shown_to(st.session_state.get(USER_KEY)):  # admins (the Admin view's rule)
        _team_model(case)


def _team_model(case: str) -> None:
    """Promote this case's model to the team's (every case without its own uses it), or withdraw it."""
    st.subheader("The team's model", anchor=False)
    outcome = st.session_state.pop(TEAM_OUTCOME, None)
    if outcome is not None:
        (st.success if outcome[0] == "ok" else st.error)(md(outcome[1]))
    _, case_id = split_ref(store().case_ref(case))
    team = team_model_info(settings())
    if team is None:
        st.caption("No team model: cases without a model of their own use the default pipeline.")
    else:
        source = team.promoted
        st.caption(
            f"Team model: {md(team.name)}, trained on {md(team.trained_on)}; made the team's from case "
            f"{md(source.get('from_case', '?'))} by {md(source.get('by', '?'))} ({md(source.get('when', '')[:10])})."
        )
    own = case_model_info(settings(), case_id) if case_id is not None else None
    left, right = st.columns(2)
    left.button(
        "Make this case's model the team's",
        key=f"{KEY}_promote",
        disabled=own is None,
        on_click=_team_action,
        args=(case, "promote"),
        help="Every case without a model of its own reads new documents with it."
        if own
        else "This case has no model of its own: retrain it first.",
    )
    if team is not None:
        right.button("Withdraw the team's model", key=f"{KEY}_withdraw", on_click=_team_action, args=(case, "withdraw"))


def _team_action(case: str, action: str) -> None:
    """A button's callback: done before the view is drawn again, so the view shows the result."""
    try:
        if action == "promote":
            admin.promote_case_model(store(), case, settings())
            done = "This case's model is now the team's: cases without their own read new documents with it."
        else:
            admin.withdraw_team_model(store(), settings())
            done = "The team's model is withdrawn: cases without their own use the default pipeline."
        st.session_state[TEAM_OUTCOME] = ("ok", done)
    except NerpipeError as exc:
        st.session_state[TEAM_OUTCOME] = ("error", str(exc))


def _start(case: str) -> RetrainJob | None:
    user = st.session_state.get(USER_KEY)
    try:
        return jobs().start(store(), case, settings(), started_by=user.name if user is not None else "")
    except NerpipeError as exc:
        st.error(md(str(exc)))
        return None


def _show(job: RetrainJob, case: str) -> None:
    state = job.state()
    if state.running:
        _live(case)
        return
    if state.step == CANCELLED_JOB:
        st.warning("The retrain was cancelled. The model in use for this case is unchanged.")
    elif state.step == STOPPED:
        st.error(md(state.error))
    else:
        _verdict(state)
    if may(case, Role.ANALYST) and st.button("Clear this report", key=f"{KEY}_clear"):
        jobs().clear(store().case_ref(case))
        st.rerun()


@st.fragment(run_every=REFRESH_S)
def _live(case: str) -> None:
    """The running retrain: what it is doing, and Cancel. When it ends, the whole view is drawn
    again, with its verdict."""
    job = job_of(case)
    state = job.state() if job is not None else None
    if job is None or state is None or not state.running:
        st.rerun()
        return
    st.progress(state.fraction, text=f"Retraining: {md(state.what)}")
    st.caption("It goes on while you read other views; the model in use stays until a better one is ready.")
    if state.cancelling:
        st.info("Cancelling at the next step: the model in use stays.")
    elif may(case, Role.ANALYST) and st.button("Cancel retraining", key=f"{KEY}_cancel"):
        job.cancel()
        st.info("Cancelling at the next step: the model in use stays.")


def _verdict(state: RetrainState) -> None:
    outcome = state.outcome
    if outcome.accepted:
        st.success(f"**Retrained model: used for this case.** {md(outcome.reason)}")
    else:
        st.warning(f"**Retrained model: kept aside, the model in use stays.** {md(outcome.reason)}")
    st.caption(f"Trained on {md(outcome.trained_on)}.")
    if outcome.accepted:
        st.caption(
            "Documents added to this case from now on are read with it; `nerpipe reprocess` reads those already "
            "in it again, keeping every correction."
        )
    rows = score_rows(outcome.scores)
    if rows:
        st.markdown("Before and after, on the held-out documents (precision / recall / F per label):")
        # A handful of rows: a plain table, every figure on screen at once.
        st.table(pd.DataFrame(rows).set_index("label"))


def score_rows(scores: dict[str, dict[str, tuple[float, float, float]]]) -> list[dict[str, str]]:
    """One row per label, one column per model: "P / R / F", or "–" where a model has no figure."""
    models = [m for m in MODELS if m in scores] + sorted(m for m in scores if m not in MODELS)
    labels = sorted({label for figures in scores.values() for label in figures})
    rows = []
    for label in labels:
        row = {"label": label}
        for model in models:
            figures = scores[model].get(label)
            row[model] = " / ".join(f"{x:.2f}" for x in figures) if figures else "–"
        rows.append(row)
    return rows
