"""Logging in over the API: tokens and sessions, wrong passwords, the rate limit, expiry,
revocation, logout; problem details for each refusal."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from nerpipe.auth.login import MAX_FAILED_LOGINS
from nerpipe.store.schema import credentials
from tests.api.conftest import PASSWORD


def assert_problem(answer, status: int, detail: str | None = None) -> dict:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    body = answer.json()
    assert body["status"] == status and body["title"] and body["type"] == "about:blank"
    assert "Traceback" not in answer.text
    if detail is not None:
        assert body["detail"] == detail
    return body


def test_without_a_token_nothing_is_served(api):
    for path in ("/v1/cases", f"/v1/cases/{api.case_id}/entities", "/v1/me", "/v1/users"):
        answer = api.get(path, who=None)
        assert_problem(answer, 401)
        assert answer.headers["www-authenticate"].startswith("Bearer")
    assert_problem(api.post("/v1/extract", who=None, json={"text": "Bob sold heroin."}), 401)


def test_the_docs_are_served(api):
    assert api.get("/docs", who=None).status_code == 200
    schema = api.get("/openapi.json", who=None).json()
    assert "/v1/cases/{case_id}/documents" in schema["paths"]


def test_a_session_from_a_login_works_until_logout(api):
    login = api.post("/v1/sessions", who=None, json={"name": "val", "password": PASSWORD})
    assert login.status_code == 201, login.text
    session = {"Authorization": f"Bearer {login.json()['token']}"}
    assert api.client.get("/v1/me", headers=session).json() == {"name": "val", "role": "viewer", "logins": True}
    assert api.client.delete("/v1/sessions/current", headers=session).status_code == 204
    assert_problem(api.client.get("/v1/me", headers=session), 401)
    actions = [e.action for e in api.store.audit.entries() if e.actor == "val"]
    assert actions[-2:] == ["login", "logout"]


def test_a_wrong_password_and_an_unknown_name_read_the_same(api):
    wrong = api.post("/v1/sessions", who=None, json={"name": "val", "password": "not the password"})
    unknown = api.post("/v1/sessions", who=None, json={"name": "nobody", "password": PASSWORD})
    assert (
        assert_problem(wrong, 401)["detail"]
        == assert_problem(unknown, 401)["detail"]
        == ("Wrong user name or password.")
    )


def test_failed_logins_are_rate_limited(api):
    for _ in range(MAX_FAILED_LOGINS):
        assert api.post("/v1/sessions", who=None, json={"name": "val", "password": "guess guess"}).status_code == 401
    limited = api.post("/v1/sessions", who=None, json={"name": "val", "password": PASSWORD})
    assert "Too many failed logins for 'val'" in assert_problem(limited, 429)["detail"]


def test_wrong_passwords_sent_at_once_are_limited_like_one_after_another(api):
    """Guesses in parallel (the server's worker threads check them together) get MAX_FAILED_LOGINS
    password checks in all; the others are refused by the lockout; each refusal is audited."""
    guesses = 12

    def guess(number: int) -> int:
        return api.post("/v1/sessions", who=None, json={"name": "val", "password": f"guess {number:04}"}).status_code

    with ThreadPoolExecutor(max_workers=guesses) as pool:
        answers = sorted(pool.map(guess, range(guesses)))
    assert answers == [401] * MAX_FAILED_LOGINS + [429] * (guesses - MAX_FAILED_LOGINS)
    assert [e.action for e in api.store.audit.entries()].count("login.failed") == guesses


def test_an_expired_session_is_refused(api):
    token = api.post("/v1/sessions", who=None, json={"name": "ana", "password": PASSWORD}).json()["token"]
    with api.store.engine.begin() as connection:
        connection.execute(
            update(credentials)
            .where(credentials.c.kind == "session")
            .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
    assert_problem(api.client.get("/v1/me", headers={"Authorization": f"Bearer {token}"}), 401)


def test_a_revoked_token_is_refused_at_once(api):
    made = api.post("/v1/tokens", json={"label": "script", "days": 30})
    assert made.status_code == 201
    secret, token_id = made.json()["token"], made.json()["id"]
    headers = {"Authorization": f"Bearer {secret}"}
    assert api.client.get("/v1/cases", headers=headers).status_code == 200
    assert [t["id"] for t in api.get("/v1/tokens").json() if not t["revoked"]][-1] == token_id
    assert_problem(api.delete(f"/v1/tokens/{token_id}", who="val"), 404)  # not val's token
    assert api.delete(f"/v1/tokens/{token_id}").status_code == 204
    assert_problem(api.client.get("/v1/cases", headers=headers), 401)


def test_users_are_managed_by_admins_only(api):
    new = {"name": "zed", "role": "viewer", "password": PASSWORD}
    assert_problem(api.post("/v1/users", json=new), 403)
    assert api.post("/v1/users", who="ada", json=new).status_code == 201
    assert_problem(api.post("/v1/users", who="ada", json=new), 409, "A user named 'zed' already exists.")
    assert api.put("/v1/users/zed/role", who="ada", json={"role": "analyst"}).json()["role"] == "analyst"
    assert "zed" in [u["name"] for u in api.get("/v1/users", who="ada").json()]
    assert api.delete("/v1/users/zed", who="ada").status_code == 204
    assert_problem(api.delete("/v1/users/zed", who="ada"), 404)
    assert_problem(api.post("/v1/users", who="ada", json={**new, "password": "short"}), 400)
    actions = [e.action for e in api.store.audit.entries() if e.actor == "ada"]
    assert actions == ["user.add", "user.role", "user.remove"]


def test_a_body_that_is_not_json_says_so(api):
    headers = {**api.as_("ana"), "content-type": "application/json"}
    answer = api.client.post("/v1/cases", content=b'{"name": "Tide', headers=headers)
    detail = assert_problem(answer, 422)["detail"]
    assert detail == "body: not valid JSON: Unterminated string starting at character 9"


def test_an_api_token_lasts_at_most_the_servers_maximum(api):
    for days in (None, 366, 3650):
        refused = api.post("/v1/tokens", who="val", json={"label": "forever", "days": days})
        assert refused.status_code in (400, 422), refused.text
    assert "1 to 365 days" in api.post("/v1/tokens", who="val", json={"days": 400}).json()["detail"]
    assert api.post("/v1/tokens", who="val", json={"label": "ok", "days": 365}).status_code == 201
