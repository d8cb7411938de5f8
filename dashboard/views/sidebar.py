"""Sidebar: which pipeline is in use and the pattern lists behind it."""

from __future__ import annotations

import streamlit as st

from nerpipe import NerpipeError, Pipeline, Settings, build_pipeline


@st.cache_resource(show_spinner="Loading the NER pipeline…")
def load_pipeline(settings_key: str, _settings: Settings) -> Pipeline:
    """Loaded once per server process and settings (`settings_key` is their repr): sessions share it."""
    return build_pipeline(_settings)


def render() -> Pipeline | None:
    """Show the pipeline in use; None (with the reason on the page) when it cannot be loaded."""
    st.sidebar.title("nerpipe")
    try:
        settings = Settings.from_env()
        pipeline = load_pipeline(repr(settings), settings)
    except NerpipeError as exc:
        st.error(f"The NER pipeline could not be loaded: {exc}")
        return None
    info = pipeline.info
    st.sidebar.subheader("Pipeline")
    st.sidebar.markdown(f"**{info.name}** {info.version}  \n{info.reason}")
    st.sidebar.caption(info.path)
    st.sidebar.subheader("Pattern lists")
    st.sidebar.dataframe(
        [{"label": label, "patterns": count} for label, count in sorted(info.pattern_counts.items())],
        hide_index=True,
    )
    return pipeline
