import pytest
from fpdf import FPDF

from nerpipe import Settings, ingest_bytes
from nerpipe.errors import CorruptFileError, EncryptedFileError
from nerpipe.ingest.pdf import clean_page_text, page_ranges
from tests.ingest.conftest import make_pdf

ENGINES = ["pdfium", "pdfplumber"]


@pytest.mark.parametrize("engine", ENGINES)
def test_pages_are_read_in_order_with_a_page_map(engine):
    settings = Settings.from_env(env={}, pdf_engine=engine)
    data = make_pdf(
        ["Maria Lopez met the courier.", "The Latin Kings paid cash.", "Agents seized heroin."],
        title="Incident report 2026-114",
    )
    document = ingest_bytes(data, "report.pdf", settings)
    assert document.pages == 3
    for page, phrase in enumerate(["Maria Lopez", "Latin Kings", "heroin"], start=1):
        offset = document.text.index(phrase)
        assert document.page_at(offset) == page
    assert document.metadata["title"] == "Incident report 2026-114"
    assert document.metadata["author"] == "Det. Sgt. Alvarez"


def test_hyphenated_line_ends_are_joined_and_spacing_accents_composed():
    assert clean_page_text("the suspect's associ-\nates left") == "the suspect's associates left"
    assert clean_page_text("import\x02ance and import\ufffe\r\nance") == "importance and importance"
    assert clean_page_text("prote\u00b4ge\u00b4 of Lui\u00b4s") == "protégé of Luís"
    assert clean_page_text("line one\r\nline\u00a0two\t end") == "line one\nline two end"


@pytest.mark.parametrize("engine", ENGINES)
def test_a_page_without_text_layer_is_a_warning_not_an_error(engine):
    settings = Settings.from_env(env={}, pdf_engine=engine)
    document = ingest_bytes(make_pdf(["Typed page.", None]), "scan.pdf", settings)
    assert document.text == "Typed page."
    assert document.pages == 2
    assert document.warnings == ("page 2: no text and no image: nothing to read",)


@pytest.mark.parametrize("engine", ENGINES)
def test_encrypted_pdf_asks_for_the_password_to_be_removed(engine):
    settings = Settings.from_env(env={}, pdf_engine=engine)
    with pytest.raises(EncryptedFileError, match=r"^locked\.pdf: encrypted — remove the password and upload again$"):
        ingest_bytes(make_pdf(["Secret."], password="s3cret"), "locked.pdf", settings)


@pytest.mark.parametrize("engine", ENGINES)
def test_corrupt_and_truncated_pdfs_are_named(engine):
    settings = Settings.from_env(env={}, pdf_engine=engine)
    with pytest.raises(CorruptFileError, match=r"^broken\.pdf: not a readable PDF"):
        ingest_bytes(b"%PDF-1.7\n" + b"\x8f garbage \x00" * 50, "broken.pdf", settings)
    data = make_pdf(["First page text.", "Second page text."])
    try:
        document = ingest_bytes(data[: len(data) // 3], "cut.pdf", settings)
    except CorruptFileError as exc:
        assert str(exc).startswith("cut.pdf: ")
    else:  # PDFium repairs some truncations: then whatever it read is kept
        assert isinstance(document.text, str)


def test_page_limit_reads_the_first_pages_and_says_so():
    settings = Settings.from_env(env={}, max_pdf_pages=2)
    document = ingest_bytes(make_pdf(["One.", "Two.", "Three.", "Four."]), "long.pdf", settings)
    assert "Three" not in document.text and "Two." in document.text
    assert any("only the first 2 of 4 pages" in w for w in document.warnings)


def test_five_thousand_blank_pages_are_one_warning_naming_the_range(settings):
    pdf = FPDF()
    for _ in range(5000):
        pdf.add_page()
    document = ingest_bytes(bytes(pdf.output()), "blank.pdf", settings)
    assert document.pages == 5000
    assert document.warnings == ("pages 1–5,000: no text and no image: nothing to read",)


def test_page_ranges_name_runs_and_count_what_is_past_the_first_ranges():
    assert page_ranges([2]) == "page 2"
    assert page_ranges([1, 2, 3, 7, 9, 10, 11, 12]) == "pages 1–3, 7, 9–12"
    assert page_ranges(list(range(1, 60, 2))) == "pages 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, and 20 more"
