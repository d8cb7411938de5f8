"""Mentions read by OCR keep saying so once stored: in the case's mentions and its CSV export."""

from __future__ import annotations

import csv
import io

import pytest

from nerpipe.batch import ADDED, ingest_into_case
from nerpipe.graph.chart import build_link_chart
from nerpipe.graph.export import write_mentions_csv
from nerpipe.ingest.ocr import unavailable_reason
from nerpipe.store import Store
from tests.ingest.test_ocr import encoded, page_image

pytestmark = pytest.mark.skipif(unavailable_reason("eng") is not None, reason="OCR cannot run here")


def test_ocr_flags_survive_the_store_and_reach_the_mentions_csv(tmp_path, settings, pipeline):
    store = Store.open(f"sqlite:///{tmp_path / 'nerpipe.db'}")
    store.create_case("Tide")
    jobs = [
        ("photo.png", encoded(page_image(), "PNG")),
        ("typed.txt", b"Marco Salazar met the Latin Kings about heroin."),
    ]
    outcomes = ingest_into_case(store, "Tide", jobs, settings, pipeline=pipeline)
    assert [o.status for o in outcomes] == [ADDED, ADDED]
    names = {d.sha256: d.filename for d in store.list_documents("Tide")}
    mentions = store.load_mentions("Tide")
    flags = {(names[m.doc], m.text): m.ocr for m in mentions}
    assert flags[("photo.png", "Latin Kings")] is True
    assert flags[("typed.txt", "Latin Kings")] is False
    chart = build_link_chart(mentions, store.document_texts("Tide"))
    out = io.StringIO()
    write_mentions_csv(chart, out, names)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    by_file = {(r["filename"], r["text"]): r["ocr"] for r in rows}
    assert by_file[("photo.png", "Latin Kings")] == "True"
    assert by_file[("typed.txt", "Latin Kings")] == "False"
    store.close()
