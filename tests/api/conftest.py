"""The API in-process (FastAPI's TestClient), with logins on, over a fresh SQLite store and the
base pipeline: an admin, an analyst and a viewer who are members of the case 'Tide', and an
analyst who is a member of nothing."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest

with warnings.catch_warnings():  # Starlette would have its test client on httpx2, which PyPI does not have here
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from nerpipe import Settings
from nerpipe.api import create_app
from nerpipe.auth.login import create_token
from nerpipe.auth.passwords import hash_password
from nerpipe.store import Store

PASSWORD = "correct horse battery"
REPORT = (
    "Detective Ana Ruiz met Carlos Mendez in Tijuana. Carlos Mendez sold fentanyl to the Latin Kings.\n\n"
    "The Sinaloa Cartel supplied heroin to the Latin Kings in Denver."
)
PEOPLE = {"ada": "admin", "ana": "analyst", "val": "viewer", "out": "analyst"}
#: argon2 takes about a third of a second by design: hashed once for every test user.
HASHED = hash_password(PASSWORD)


@dataclass
class Api:
    client: TestClient
    store: Store
    tokens: dict[str, str]
    case_id: int
    settings: Settings

    def as_(self, name: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[name]}"} if name else {}

    def get(self, path: str, who: str | None = "ana", **kwargs):
        return self.client.get(path, headers=self.as_(who), **kwargs)

    def post(self, path: str, who: str | None = "ana", **kwargs):
        return self.client.post(path, headers=self.as_(who), **kwargs)

    def delete(self, path: str, who: str | None = "ana", **kwargs):
        return self.client.delete(path, headers=self.as_(who), **kwargs)

    def put(self, path: str, who: str | None = "ana", **kwargs):
        return self.client.put(path, headers=self.as_(who), **kwargs)

    def upload(self, case_id: int, files: list[tuple[str, bytes]], who: str = "ana", **params):
        sent = [("files", (name, data, "application/octet-stream")) for name, data in files]
        return self.post(f"/v1/cases/{case_id}/documents", who, files=sent, params=params)


def api_settings(tmp_path: Path, **overrides) -> Settings:
    return Settings.from_env(env={}, data_dir=tmp_path / "data", models_dir=tmp_path / "no-models", **overrides)


def make_api(tmp_path: Path, pipeline, *, auth: bool = True, **overrides) -> Api:
    settings = api_settings(tmp_path, **overrides)
    store = Store.open(settings.store_url)
    users = store.users
    for name, role in PEOPLE.items():
        users.add_user(name, role, HASHED)
    tokens = {name: create_token(store, name, label="tests")[0] for name in PEOPLE}
    built = lambda: pipeline  # noqa: E731 - one callable for both: the pipelines share one lock
    client = TestClient(create_app(settings, auth=auth, store=store, extract_pipeline=built, case_pipeline=built))
    api = Api(client, store, tokens, 0, settings)
    return api


@pytest.fixture
def api(tmp_path, pipeline):
    """Logins on; 'Tide' made by the analyst, with one report; the viewer a member too."""
    made = make_api(tmp_path, pipeline)
    with made.client:
        answer = made.post("/v1/cases", json={"name": "Tide"})
        assert answer.status_code == 201, answer.text
        made.case_id = answer.json()["id"]
        done = made.upload(made.case_id, [("report.txt", REPORT.encode())])
        assert done.status_code == 200 and done.json()["status"] == "done", done.text
        made.store.users.add_member("val", "Tide")
        yield made
    made.store.close()
