import time

from nerpipe import ingest_bytes


def test_visible_text_with_block_structure_and_title(settings):
    page = b"""<!DOCTYPE html><html><head><title>Press release:  Arrests</title>
    <style>p {color: red}</style><script>var secret = "Sinaloa";</script></head>
    <body><noscript>Enable JS</noscript><template><p>hidden</p></template>
    <h1>Twelve charged</h1><p>The <b>Gulf Cartel</b> moved
    cocaine through Laredo.</p><div>Line one<br>Line two</div>
    <table><tr><td>Name</td><td>Age</td></tr><tr><td>Juan Perez</td><td>31</td></tr></table>
    <ul><li>first</li><li>second</li></ul></body></html>"""
    document = ingest_bytes(page, "release.html", settings)
    assert document.metadata == {"title": "Press release: Arrests"}
    assert "secret" not in document.text and "color" not in document.text
    assert "Enable JS" not in document.text and "hidden" not in document.text
    assert document.text == (
        "Twelve charged\n\nThe Gulf Cartel moved cocaine through Laredo.\n\nLine one\nLine two\n\n"
        "Name\tAge\nJuan Perez\t31\n\nfirst\nsecond"
    )


def test_charset_from_meta_and_from_bom(settings):
    latin = '<html><head><meta charset="windows-1252"></head><body><p>Caf\xe9 “Luna”</p></body></html>'
    assert ingest_bytes(latin.encode("cp1252"), "a.htm", settings).text == "Café “Luna”"
    utf16 = "\ufeff<html><body><p>Señor Pérez</p></body></html>".encode("utf-16-le")
    assert ingest_bytes(utf16, "b.html", settings).text == "Señor Pérez"


def test_deeply_nested_html_is_read_without_crashing(settings):
    depth = 20_000
    page = ("<html><body>" + "<div>" * depth + "Deep text about MS-13." + "</div>" * depth + "</body></html>").encode()
    start = time.monotonic()
    document = ingest_bytes(page, "deep.html", settings)
    assert document.text == "Deep text about MS-13."
    assert time.monotonic() - start < 60


def test_a_declared_charset_the_bytes_disagree_with_is_not_trusted(settings):
    ascii_page = b'<html><head><meta charset="utf-16"></head><body><p>John Smith met Maria.</p></body></html>'
    document = ingest_bytes(ascii_page, "utf16.html", settings, isolate=False)
    assert document.text == "John Smith met Maria."
    assert document.warnings == ("the page declares the charset utf-16, which its bytes are not: read without it",)
    utf8_page = '<meta charset="iso-8859-1"><p>Señor Pérez</p>'.encode()
    assert ingest_bytes(utf8_page, "latin.html", settings, isolate=False).text == "Señor Pérez"


def test_markup_the_html_parser_rejects_is_read_as_text(settings):
    document = ingest_bytes(b"<html><body><p>John a<![ b Smith</p></body></html>", "odd.html", settings, isolate=False)
    assert document.text == "John a<![ b Smith"
