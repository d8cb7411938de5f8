"""A batch goes on past a document the pipeline fails on: that file is a failed outcome, the rest
are stored."""

from __future__ import annotations

from nerpipe import batch
from nerpipe.batch import ADDED, FAILED, ingest_into_case
from nerpipe.store import Store


def test_a_document_the_pipeline_fails_on_fails_alone(tmp_path, settings, pipeline, monkeypatch):
    extract_documents = batch.extract_documents

    def failing_on_one(nlp, parts, **options):
        if any("BOOM" in part.text for part in parts):
            raise ValueError("[E088] Text of length 1000001 exceeds maximum")
        return extract_documents(nlp, parts, **options)

    monkeypatch.setattr(batch, "extract_documents", failing_on_one)
    store = Store.open(f"sqlite:///{tmp_path / 'nerpipe.db'}")
    store.create_case("C")
    jobs = [(f"{i}.txt", text.encode()) for i, text in enumerate(["The Crips sold heroin.", "BOOM", "MS-13 met."])]
    outcomes = ingest_into_case(store, "C", jobs, settings, pipeline=pipeline)
    assert [(o.name, o.status) for o in outcomes] == [("0.txt", ADDED), ("1.txt", FAILED), ("2.txt", ADDED)]
    assert (
        outcomes[1].reason
        == "entities could not be extracted (ValueError: [E088] Text of length 1000001 exceeds maximum)"
    )
    assert sorted(d.filename for d in store.list_documents("C")) == ["0.txt", "2.txt"]
    store.close()
