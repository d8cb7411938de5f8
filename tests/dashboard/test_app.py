"""The dashboard through Streamlit's AppTest (no browser)."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


@pytest.fixture(autouse=True)
def base_model_only(monkeypatch, tmp_path):
    monkeypatch.delenv("NERPIPE_MODEL", raising=False)
    monkeypatch.setenv("NERPIPE_MODELS_DIR", str(tmp_path))


def test_pasted_text_gives_entities_and_the_sidebar_names_the_pipeline():
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert any("en_core_web_sm" in m.value for m in at.sidebar.markdown)
    at.text_area(key="paste_text_input").input("The Latin Kings sold fentanyl to Maria Lopez in Chicago.")
    at.button(key="paste_text_run").click().run()
    assert not at.exception
    table = at.main.dataframe[0].value
    rows = set(zip(table["text"], table["label"], strict=True))
    assert {("Latin Kings", "GANG_ORG"), ("fentanyl", "DRUG")} <= rows


def test_empty_text_asks_for_text():
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.button(key="paste_text_run").click().run()
    assert [w.value for w in at.warning] == ["Paste some text first."]


def test_unloadable_model_is_a_message_not_a_traceback(monkeypatch, tmp_path):
    monkeypatch.setenv("NERPIPE_MODEL", str(tmp_path / "missing-model"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert any("could not be loaded" in e.value for e in at.error)
