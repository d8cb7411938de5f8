"""`nerpipe user ...` and `nerpipe audit`: users, roles, memberships and tokens from the command
line, each change in the audit log, which `nerpipe audit` writes as CSV."""

from __future__ import annotations

import csv
import io

import pytest
from typer.testing import CliRunner

from nerpipe.auth.login import authenticate
from nerpipe.cli import app
from nerpipe.errors import AuthError
from nerpipe.store import Store
from nerpipe.store.audit import local_actor

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    for name in ("NERPIPE_DATABASE_URL", "NERPIPE_AUTH", "NERPIPE_ADMIN_USER", "NERPIPE_ADMIN_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NERPIPE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)


def run(*args: str, given: str | None = None):
    return CliRunner().invoke(app, list(args), input=given)


def store() -> Store:
    from nerpipe import Settings

    return Store.open(Settings.from_env().store_url)


def test_users_are_added_with_a_role_listed_changed_and_removed():
    assert run("user", "add", "Ana", "--role", "admin", "--password-stdin", given=PASSWORD + "\n").exit_code == 0
    added = run("user", "add", "bob", "--password-stdin", given=PASSWORD + "\n")
    assert added.exit_code == 0 and "user 'bob' added (analyst)" in added.stdout
    assert run("case", "create", "Tide").exit_code == 0
    assert run("user", "join", "bob", "--case", "Tide").exit_code == 0
    listed = run("user", "list").stdout.splitlines()
    assert listed == ["ana\tadmin\t(no cases)", "bob\tanalyst\tTide"]
    assert run("user", "role", "bob", "viewer").stdout.strip() == "user 'bob' is now viewer"
    assert run("user", "leave", "bob", "--case", "Tide").exit_code == 0
    assert run("user", "remove", "bob", "--yes").exit_code == 0
    assert run("user", "list").stdout.splitlines() == ["ana\tadmin\t(no cases)"]


def test_a_password_is_asked_twice_at_the_terminal():
    result = run("user", "add", "ana", given=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert run("user", "add", "bob", given=f"{PASSWORD}\nsomething else\n{PASSWORD}\n{PASSWORD}\n").exit_code == 0


@pytest.mark.parametrize(
    ("args", "given", "message"),
    [
        (("user", "add", "ana", "--password-stdin"), "short\n", "A password needs at least 10 characters."),
        (("user", "add", "a b", "--password-stdin"), PASSWORD + "\n", "'a b' cannot be a user name"),
        (("user", "add", "ana", "--role", "boss", "--password-stdin"), PASSWORD + "\n", "Unknown role 'boss'"),
        (("user", "role", "nobody", "admin"), None, "No user named 'nobody': see `nerpipe user list`."),
        (("user", "join", "nobody", "--case", "Tide"), None, "No user named 'nobody'"),
        (("user", "revoke-token", "42"), None, "No API token 42."),
    ],
)
def test_bad_input_is_one_clear_line(args, given, message):
    result = run(*args, given=given)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_a_token_is_printed_once_and_works_until_revoked():
    run("user", "add", "ana", "--password-stdin", given=PASSWORD + "\n")
    forever = run("user", "token", "ana", "--days", "0")
    assert forever.exit_code != 0 and "1 to 365 days" in forever.stderr and not forever.stdout
    made = run("user", "token", "ana", "--label", "nightly import", "--days", "30")
    assert made.exit_code == 0
    secret = made.stdout.strip()
    assert secret.startswith("npt_") and "expires 20" in made.stderr
    opened = store()
    assert authenticate(opened, secret).user.name == "ana"
    listed = run("user", "tokens", "ana").stdout
    assert listed.startswith("1\tnightly import\tcreated ")
    assert run("user", "revoke-token", "1").exit_code == 0
    with pytest.raises(AuthError):
        authenticate(opened, secret)
    assert "revoked" in run("user", "tokens", "ana").stdout


def test_the_first_admin_is_made_only_when_logins_are_on(monkeypatch):
    assert run("user", "ensure-admin").exit_code == 0  # localhost, logins off: nothing to do
    assert run("user", "list").stdout == ""
    refused = run("user", "ensure-admin", "--host", "0.0.0.0")
    assert refused.exit_code == 2 and "NERPIPE_ADMIN_USER and NERPIPE_ADMIN_PASSWORD" in refused.stderr
    monkeypatch.setenv("NERPIPE_ADMIN_USER", "chief")
    monkeypatch.setenv("NERPIPE_ADMIN_PASSWORD", PASSWORD)
    made = run("user", "ensure-admin", "--host", "0.0.0.0")
    assert made.exit_code == 0 and "admin 'chief' created" in made.stderr
    assert run("user", "ensure-admin", "--host", "0.0.0.0").stderr == ""
    assert run("user", "list").stdout.splitlines() == ["chief\tadmin\t(no cases)"]


def test_the_audit_log_of_a_case_as_csv_even_after_its_deletion(tmp_path):
    run("case", "create", "Tide")
    run("user", "add", "ana", "--password-stdin", given=PASSWORD + "\n")
    run("user", "join", "ana", "--case", "Tide")
    assert run("case", "delete", "Tide", "--yes").exit_code == 0
    result = run("audit", "--case", "Tide")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["action"] for r in rows] == ["case.create", "member.add", "case.delete"]
    assert {r["actor"] for r in rows} == {local_actor()}
    assert rows[1]["target"] == "ana" and rows[1]["case"] == "Tide"
    written = run("audit", "--out", "audit.csv")
    assert "4 entries written to audit.csv" in written.stderr
    assert (tmp_path / "audit.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert "no audit entries for case 'Other'" in run("audit", "--case", "Other").stderr


@pytest.mark.parametrize(
    ("what", "extra", "filters"),
    [
        ("gexf", ["--labels", "DRUG", "--from", "2026-01-01"], {"labels": ["DRUG"], "window": "sentence"}),
        ("entities", [], {"labels": None, "min_weight": 1}),
        ("timeline", ["--to", "2026-12-31"], {"from": None, "to": "2026-12-31"}),
        ("training", [], {}),
    ],
)
def test_every_cli_export_is_in_the_audit_log_with_its_filters(tmp_path, what, extra, filters):
    run("case", "create", "Tide")
    result = run("export", "--case", "Tide", "--what", what, "--out", str(tmp_path / "out"), *extra)
    assert result.exit_code == 0, result.output
    entry = store().audit.entries(case="Tide")[-1]
    assert (entry.action, entry.target, entry.actor) == ("export", what, local_actor())
    assert filters.items() <= entry.details.items()
