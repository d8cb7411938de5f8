import hashlib

import pytest
from sqlalchemy import select, text

from nerpipe.errors import CaseError, StoreError
from nerpipe.graph.entities import Merge
from nerpipe.store import Store, migrations
from nerpipe.store import engine as engine_module
from nerpipe.store.schema import SCHEMA_VERSION, mentions, schema_info
from nerpipe.types import Document, Mention, PipelineInfo

INFO = PipelineInfo("en_test", "1.0", "/models/test", "test", ("ner",), {"DRUG": 1}, "p" * 64)


def document(body: str, name: str = "memo.txt") -> Document:
    return Document(
        id=hashlib.sha256(body.encode()).hexdigest(),
        filename=name,
        media_type="text/plain",
        text=body,
        size=len(body),
        metadata={"author": "Det. Ruiz"},
        warnings=("a warning",),
    )


def mention(doc: Document, phrase: str, label: str) -> Mention:
    start = doc.text.index(phrase)
    return Mention(
        doc.id,
        phrase,
        label,
        start,
        start + len(phrase),
        0,
        "pattern",
        phrase,
        1.0,
        sentence_start=0,
        sentence_end=len(doc.text),
        head_path=((start, ""), (0, "sell")),
    )


def test_cases_are_created_listed_and_refused_twice(store):
    store.create_case("Operation  Tide")
    with pytest.raises(CaseError, match="already exists"):
        store.create_case("Operation Tide")
    with pytest.raises(CaseError, match="needs a name"):
        store.create_case("   ")
    assert [c.name for c in store.list_cases()] == ["Operation Tide"]
    with pytest.raises(CaseError, match="No case named 'Other'"):
        store.list_documents("Other")


def test_a_document_and_its_mentions_round_trip(store):
    store.create_case("A")
    doc = document("Ana sold heroin to the Crips.")
    found = [mention(doc, "heroin", "DRUG"), mention(doc, "Crips", "GANG_ORG")]
    result = store.add_document("A", doc, found, INFO, INFO.patterns_hash)
    assert result.added
    (row,) = store.list_documents("A")
    assert (row.filename, row.mention_count, row.model, row.warnings) == ("memo.txt", 2, "en_test 1.0", ("a warning",))
    assert store.load_mentions("A") == found
    assert store.load_document("A", row.id).metadata == {"author": "Det. Ruiz"}
    assert store.document_texts("A") == {doc.id: doc.text}


def test_same_bytes_twice_is_one_document_and_two_cases_each_get_it(store):
    for case in ("A", "B"):
        store.create_case(case)
    doc = document("The Bloods met.")
    assert store.add_document("A", doc, [], INFO, "h").added
    again = store.add_document("A", doc, [], INFO, "h")
    assert not again.added
    assert store.add_document("B", doc, [], INFO, "h").added
    assert len(store.list_documents("A")) == len(store.list_documents("B")) == 1
    assert store.has_document("A", doc.id)


def test_deleting_a_document_or_a_case_removes_what_hangs_off_it(store):
    store.create_case("A")
    first, second = document("heroin one"), document("heroin two")
    store.add_document("A", first, [mention(first, "heroin", "DRUG")], INFO, "h")
    store.add_document("A", second, [mention(second, "heroin", "DRUG")], INFO, "h")
    store.reject_mention("A", first.id, 0, 6)
    store.merge_entities("A", "DRUG:heroin", ["DRUG:smack"])
    store.delete_document("A", store.list_documents("A")[0].id)
    assert [m.doc for m in store.load_mentions("A")] == [second.id]
    store.delete_case("A")
    assert store.list_cases() == []
    with store.engine.connect() as connection:
        assert connection.execute(select(mentions)).all() == []


def test_reject_relabel_and_undo(store):
    store.create_case("A")
    doc = document("Snow met Ana about heroin.")
    found = [mention(doc, "Snow", "DRUG"), mention(doc, "Ana", "ORG"), mention(doc, "heroin", "DRUG")]
    store.add_document("A", doc, found, INFO, "h")
    store.reject_mention("A", doc.id, 0, 4)
    store.relabel_mention("A", doc.id, 9, 12, "person")
    loaded = {m.text: m for m in store.load_mentions("A")}
    assert set(loaded) == {"Ana", "heroin"}
    assert (loaded["Ana"].label, loaded["Ana"].pattern_id) == ("PERSON", None)
    assert len(store.load_mentions("A", apply_decisions=False)) == 3
    store.undo_decision("A", doc.id, 0, 4)
    assert {m.text for m in store.load_mentions("A")} == {"Snow", "Ana", "heroin"}


def test_merges_persist_and_can_be_undone(store_url):
    store = Store.open(store_url)
    store.create_case("A")
    store.merge_entities("A", "PERSON:joaquin guzman", ["PERSON:el chapo", "PERSON:joaquin guzman"])
    store.close()
    reopened = Store.open(store_url)
    assert reopened.list_merges("A") == [Merge("PERSON:joaquin guzman", ("PERSON:el chapo",))]
    reopened.unmerge("A", "PERSON:el chapo")
    assert reopened.list_merges("A") == []
    reopened.close()


def test_an_older_database_is_migrated_on_open(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    Store.open(url).close()
    calls = []

    def to_next(connection):
        calls.append(True)
        connection.execute(text("ALTER TABLE documents ADD COLUMN language VARCHAR(10)"))

    monkeypatch.setattr(engine_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(migrations.STEPS, SCHEMA_VERSION, to_next)
    store = Store.open(url)
    with store.engine.connect() as connection:
        assert connection.execute(select(schema_info.c.version)).scalar_one() == SCHEMA_VERSION + 1
        connection.execute(text("SELECT language FROM documents"))
    assert calls == [True]


def test_a_newer_database_is_refused_with_advice(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    store = Store.open(url)
    with store.engine.begin() as connection:
        connection.execute(schema_info.update().values(version=SCHEMA_VERSION + 5))
    store.close()
    with pytest.raises(StoreError, match="made by a newer nerpipe"):
        Store.open(url)


def test_an_unusable_database_url_is_a_store_error(tmp_path):
    with pytest.raises(StoreError):
        Store.open("postgresql+psycopg://nobody:secret@127.0.0.1:1/none")
    with pytest.raises(StoreError):
        Store.open("notadb://x")
