"""Shared fixtures: the real pipeline is built once per test session (it takes about a second)."""

from __future__ import annotations

import pytest

from nerpipe import Pipeline, Settings, build_pipeline


@pytest.fixture(scope="session")
def settings() -> Settings:
    """Defaults, ignoring any NERPIPE_* variables of the developer's shell and any trained model."""
    return Settings.from_env(env={})


@pytest.fixture(scope="session")
def pipeline(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    """The base model with the shipped patterns (no trained model, so results do not depend on models/)."""
    empty_models = tmp_path_factory.mktemp("no-models")
    return build_pipeline(Settings.from_env(env={}, models_dir=empty_models))
