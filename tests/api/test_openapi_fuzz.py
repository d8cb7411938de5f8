"""Schemathesis over the OpenAPI document: generated requests to every operation, valid and
invalid, as an analyst and as an admin, and not one 5xx answer. The examples per operation are
bounded (the suite's time). Schemathesis's own pytest plugin does not run on this pytest, so the
operations are walked here, each under hypothesis."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from nerpipe.auth.login import authenticate, create_token
from nerpipe.errors import AuthError
from tests.api.conftest import REPORT, make_api

EXAMPLES = 6


def fresh_token(api, who: str) -> None:
    """A generated request may have revoked the token or removed the user: make new ones."""
    try:
        authenticate(api.store, api.tokens[who])
    except AuthError:
        if api.store.users.find(who) is None:
            api.store.users.add_user(who, "admin" if who == "ada" else "analyst", "$argon2id$x")
            api.store.users.add_member(who, "Tide") if api.store.case_exists("Tide") else None
        api.tokens[who] = create_token(api.store, who)[0]


@pytest.mark.slow
@pytest.mark.parametrize("who", ["ana", "ada"])
def test_no_generated_request_gets_a_server_error(tmp_path, pipeline, who):
    api = make_api(tmp_path, pipeline)
    failures: list[str] = []
    with api.client:
        case_id = api.post("/v1/cases", json={"name": "Tide"}).json()["id"]
        api.upload(case_id, [("report.txt", REPORT.encode())])
        schema = schemathesis.openapi.from_asgi("/openapi.json", api.client.app)
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 30
        for operation in operations:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

                @given(case=operation.as_strategy(generation_mode=mode))
                @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
                def run(case):
                    fresh_token(api, who)
                    case.call_and_validate(headers=api.as_(who), checks=[not_a_server_error])

                try:
                    run()
                except Exception as exc:  # one operation's failure is reported with the others
                    failures.append(f"{operation.label} ({mode.value}): {str(exc).splitlines()[0][:300]}")
    api.store.close()
    assert failures == []
