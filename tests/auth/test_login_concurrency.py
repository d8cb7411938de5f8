"""Password guessing in parallel: wrong passwords for one name sent at the same moment from
separate processes (as from several API or dashboard workers) get no more password checks than one
after another; the rest are refused by the lockout, each with its audit entry. SQLite and PostgreSQL."""

from __future__ import annotations

import multiprocessing

from nerpipe.auth import login
from nerpipe.auth.passwords import hash_password
from nerpipe.errors import AuthError, LoginRateLimitError
from nerpipe.store import Store

GUESSES = 10
PASSWORD = "correct horse battery"


def _guess(barrier, results, url: str, password: str) -> None:
    store = Store.open(url)
    barrier.wait(timeout=30)
    try:
        login.log_in(store, "ana", password, session_minutes=30, via="api")
        results.put("logged in")
    except LoginRateLimitError:
        results.put("locked")
    except AuthError:
        results.put("wrong")
    except Exception as exc:  # the test shows whatever else went wrong
        results.put(f"{type(exc).__name__}: {exc}")
    finally:
        store.close()


def _guess_together(url: str, passwords: list[str]) -> list[str]:
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(len(passwords)), context.Queue()
    children = [context.Process(target=_guess, args=(barrier, results, url, p)) for p in passwords]
    for child in children:
        child.start()
    outcomes = [results.get(timeout=120) for _ in children]
    for child in children:
        child.join(30)
    return sorted(outcomes)


def test_parallel_guesses_are_limited_like_sequential_ones(store, store_url):
    store.users.add_user("ana", "analyst", hash_password(PASSWORD))
    outcomes = _guess_together(store_url, [f"guess number {i}" for i in range(GUESSES)])
    assert outcomes == sorted(["wrong"] * login.MAX_FAILED_LOGINS + ["locked"] * (GUESSES - login.MAX_FAILED_LOGINS))
    failed = [e for e in store.audit.entries() if e.action == "login.failed"]
    assert len(failed) == GUESSES
    assert sorted(e.details["reason"] for e in failed) == sorted(
        ["wrong name or password"] * login.MAX_FAILED_LOGINS + ["locked out"] * (GUESSES - login.MAX_FAILED_LOGINS)
    )
