"""Link chart view: the chart downloads as PNG and SVG through the audited download (one audit
entry a click, the bytes in this session's page only); a viewer gets no such button."""

from __future__ import annotations

import base64
import io
import re
import xml.etree.ElementTree as ET

import pypdfium2 as pdfium
from PIL import Image

from nerpipe.auth.passwords import hash_password
from tests.dashboard.helpers import (
    app,
    go,
    isolated,  # noqa: F401 (autouse fixture)
    labelled,
    open_store,
    seeded_case,
)

PASSWORD = "correct horse battery"


def saved_file(at) -> bytes:
    scripts = [h.proto.body for h in at.get("html") if "base64," in h.proto.body]
    assert len(scripts) == 1
    return base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)", scripts[0])[1])


def test_the_chart_downloads_as_png_and_svg_as_shown_each_recorded():
    seeded_case()
    at = go(app(), "Link chart")
    assert not at.get("download_button")
    at.button(key="chart_image_png").click().run()
    picture = Image.open(io.BytesIO(saved_file(at)))
    assert picture.format == "PNG" and abs(picture.size[0] - 3508) <= 2
    labelled(at.selectbox, "Focus on an entity").set_value("PERSON:maria lopez").run()
    at.button(key="chart_image_svg").click().run()
    root = ET.fromstring(saved_file(at))
    texts = "\n".join("".join(e.itertext()) for e in root.iter())
    assert "Op Tide — link chart" in texts and "focus: Maria Lopez (radius 1)" in texts
    assert "Maria Lopez" in texts and "Tijuana" not in texts  # the focused chart, as shown
    exports = [e for e in open_store().audit.entries(case="Op Tide") if e.action == "export"]
    assert [e.target for e in exports] == ["chart.png", "chart.svg"]
    assert exports[1].details["focus"] == "PERSON:maria lopez"


def test_a_viewer_gets_no_chart_image_download(monkeypatch):
    monkeypatch.setenv("NERPIPE_AUTH", "1")
    seeded_case()
    store = open_store()
    store.users.add_user("ada", "admin", hash_password(PASSWORD))
    store.users.add_user("val", "viewer", hash_password(PASSWORD))
    store.users.add_member("val", "Op Tide")
    store.close()
    at = app()
    at.text_input(key="login_name").input("val")
    at.text_input(key="login_password").input(PASSWORD)
    at = go(next(b for b in at.button if b.label == "Log in").click().run(), "Link chart")
    assert at.get("iframe"), "the viewer reads the chart"
    assert not [b for b in at.button if b.key and b.key.startswith("chart_image_")]


def test_the_case_report_downloads_from_the_chart_view_and_is_recorded():
    seeded_case()
    at = go(app(), "Link chart")
    at.button(key="chart_image_report_pdf").click().run()
    data = saved_file(at)
    assert data.startswith(b"%PDF")
    text = " ".join(" ".join(p.get_textpage().get_text_range().split()) for p in pdfium.PdfDocument(data))
    assert "Op Tide — case report" in text and "report.pdf" in text and "affidavit.docx" in text
    at.button(key="chart_image_report_html").click().run()
    assert "Op Tide — case report</h1>" in saved_file(at).decode("utf-8")
    exports = [e.target for e in open_store().audit.entries(case="Op Tide") if e.action == "export"]
    assert exports == ["report.pdf", "report.html"]
