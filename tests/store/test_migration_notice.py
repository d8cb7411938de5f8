"""Opening a store made by an older nerpipe says that it is being upgraded before the upgrade runs
(every document's keys, dates and links: minutes for a big store, with nothing else to show for it)."""

from __future__ import annotations

import logging

from nerpipe.store import Store
from nerpipe.store.schema import ACCESS_AND_AUDIT_TABLES, SCHEMA_VERSION, schema_info


def test_an_old_store_is_said_to_be_upgraded_and_a_current_one_is_not(store_url, caplog):
    opened = Store.open(store_url)
    opened.create_case("Tide")
    with opened.engine.begin() as connection:
        for table in reversed(ACCESS_AND_AUDIT_TABLES):
            table.drop(connection)
        connection.execute(schema_info.update().values(version=2))
    opened.close()
    with caplog.at_level(logging.WARNING, logger="nerpipe.store"):
        Store.open(store_url).close()
        said = [r.getMessage() for r in caplog.records if r.name == "nerpipe.store"]
        assert said == [f"upgrading the case store from schema 2 to {SCHEMA_VERSION}, once: every document's "
                        "entity keys, dates and links are computed again (minutes for tens of thousands of "
                        "documents)"]  # fmt: skip
        caplog.clear()
        Store.open(store_url).close()
        assert not [r for r in caplog.records if r.name == "nerpipe.store"]
