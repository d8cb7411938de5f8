"""nerpipe dashboard entry point: `streamlit run dashboard/app.py` (or `make run`)."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

# Streamlit runs this file as a script: make the sibling `views` package importable.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from views import paste_text, sidebar

st.set_page_config(page_title="nerpipe", page_icon="🕸️", layout="wide")
pipeline = sidebar.render()
if pipeline is not None:
    paste_text.render(pipeline)
