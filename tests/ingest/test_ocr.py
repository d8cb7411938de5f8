"""OCR of scanned PDF pages and image files, on images the tests draw themselves."""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import replace
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

from nerpipe.config import Settings
from nerpipe.errors import ConfigError, CorruptFileError, UnsafeFileError
from nerpipe.ingest import ingest_bytes, ocr
from nerpipe.ingest.sandbox import page_progress
from nerpipe.types import ocr_pages

pytestmark = pytest.mark.skipif(
    ocr.unavailable_reason("eng") is not None, reason=f"OCR cannot run here: {ocr.unavailable_reason('eng')}"
)

STATEMENT = [
    "Detectives seized heroin and cocaine from",
    "a house on Pier Road used by the Latin Kings.",
    "Marco Salazar was arrested in March.",
]


def page_image(lines: list[str] = STATEMENT, size: tuple[int, int] = (1700, 700)) -> Image.Image:
    """Typed lines on a white page, at about the size of text scanned at 200 dpi."""
    image = Image.new("L", size, "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=40)
    for index, line in enumerate(lines):
        draw.text((80, 80 + index * 70), line, fill="black", font=font)
    return image


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def words(text: str) -> list[str]:
    return text.split()


@pytest.fixture
def settings() -> Settings:
    return Settings.from_env(env={})


@pytest.mark.parametrize("angle", [0, 90, 180])
def test_an_image_turned_sideways_or_upside_down_reads_upright(settings, angle):
    data = encoded(page_image().rotate(angle, expand=True, fillcolor="white"), "PNG")
    document = ingest_bytes(data, f"turned-{angle}.png", settings)
    assert document.media_type == "image/png"
    assert words(document.text) == words(" ".join(STATEMENT))
    assert list(ocr_pages(document.metadata)) == [1]
    assert document.pages == 1


def test_a_phone_photo_is_turned_by_its_exif_orientation(settings, monkeypatch):
    # Orientation 6: the camera held sideways; the pixels must be turned 90° clockwise to be seen.
    sideways = page_image().rotate(90, expand=True, fillcolor="white").convert("RGB")
    exif = Image.Exif()
    exif[0x0112] = 6
    data = encoded(sideways, "JPEG", exif=exif.tobytes(), quality=95)
    monkeypatch.setattr(ocr, "_upright_turn", lambda image: 0)  # only EXIF may turn it
    document = ingest_bytes(data, "IMG_0042.jpg", settings)
    assert words(document.text) == words(" ".join(STATEMENT))


def test_a_pdf_mixing_a_typed_page_and_a_scanned_page_gives_both_on_their_pages(settings, tmp_path):
    scan = tmp_path / "scan.png"
    page_image().save(scan)
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 8, "Typed cover page: exhibit list for Operation Tide.")
    pdf.add_page()
    pdf.image(str(scan), x=0, y=0, w=210)
    document = ingest_bytes(bytes(pdf.output()), "mixed.pdf", settings)
    assert document.pages == 2
    assert document.page_at(document.text.index("Typed cover page")) == 1
    assert document.page_at(document.text.index("Marco Salazar")) == 2
    assert list(ocr_pages(document.metadata)) == [2]  # the typed page keeps its text layer
    assert document.warnings == ()


def test_a_scan_with_a_bates_number_stamped_on_it_is_still_read_by_ocr(settings, tmp_path):
    scan = tmp_path / "scan.png"
    page_image().save(scan)
    pdf = FPDF()
    pdf.set_font("helvetica", size=9)
    pdf.add_page()
    pdf.image(str(scan), x=0, y=0, w=210)
    pdf.set_xy(150, 285)
    pdf.cell(0, 5, "TIDE-000417")  # a text layer of one stamp: not the page's text
    document = ingest_bytes(bytes(pdf.output()), "stamped.pdf", settings)
    assert "Latin Kings" in document.text and "TIDE-000417" in document.text
    assert list(ocr_pages(document.metadata)) == [1]


def test_a_text_layer_of_unmapped_glyphs_is_read_by_ocr_instead(settings):
    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not font.is_file():
        pytest.skip(f"{font} is absent (Debian's fonts-dejavu-core)")
    pdf = FPDF()
    pdf.add_font("dejavu", fname=str(font))
    pdf.set_font("dejavu", size=28)
    pdf.add_page()
    pdf.multi_cell(0, 14, " ".join(STATEMENT))
    # Without its character map the font's glyphs cannot be read back as text: PDFium gives control codes.
    data = bytes(pdf.output()).replace(b"/ToUnicode", b"/XoUnicode")
    document = ingest_bytes(data, "no-cmap.pdf", settings)
    assert "Latin Kings" in document.text and "Marco Salazar" in document.text
    assert list(ocr_pages(document.metadata)) == [1]


def test_every_page_of_a_tiff_is_a_page_and_progress_is_reported(settings):
    first, second = page_image(STATEMENT[:1]), page_image(["Second page: Latin Kings ledger."])
    data = encoded(first, "TIFF", save_all=True, append_images=[second], compression="tiff_deflate")
    reports: list[tuple[str, int, int]] = []
    with page_progress(lambda *report: reports.append(report)):
        document = ingest_bytes(data, "fax.tiff", settings)
    assert reports == [("fax.tiff", 1, 2), ("fax.tiff", 2, 2)]  # from the sandboxed child, page by page
    assert document.pages == 2
    assert document.page_at(document.text.index("Second page")) == 2
    assert sorted(ocr_pages(document.metadata)) == [1, 2]


@pytest.mark.parametrize("fmt", ["BMP", "WEBP"])
def test_bmp_and_webp_images_are_read(settings, fmt):
    data = encoded(page_image().convert("RGB"), fmt, **({"lossless": True} if fmt == "WEBP" else {}))
    document = ingest_bytes(data, f"page.{fmt.lower()}", settings)
    assert "Latin Kings" in document.text


def test_with_ocr_off_an_image_is_kept_unread_and_flagged(settings):
    document = ingest_bytes(encoded(page_image(), "PNG"), "photo.png", replace(settings, ocr=False))
    assert document.text == ""
    assert document.warnings == ("page 1: no text layer: needs OCR",)
    assert ocr_pages(document.metadata) == {}


def test_a_blurred_page_is_read_with_a_low_confidence_warning(settings):
    from PIL import ImageFilter

    smudged = page_image().resize((566, 233)).filter(ImageFilter.GaussianBlur(1.5))
    document = ingest_bytes(encoded(smudged, "PNG"), "smudged.png", settings)
    confidence = ocr_pages(document.metadata)[1]
    assert document.text  # read, misread words and all...
    assert confidence < ocr.LOW_CONFIDENCE  # ...and said to be doubtful, where the analyst sees it
    assert document.warnings == (
        f"page 1: read by OCR with low confidence ({confidence:.0f}%): check the text against the scan",
    )


def test_a_page_past_the_time_limit_is_left_unread_with_its_reason(settings):
    dense = page_image([" ".join(STATEMENT)] * 20, size=(3400, 4400))
    document = ingest_bytes(encoded(dense, "PNG"), "dense.png", replace(settings, ocr_page_timeout_s=0.01))
    assert document.text == ""
    assert document.warnings == (
        "page 1: no text layer: needs OCR: OCR took longer than 0.01 s a page and was stopped "
        "(raise NERPIPE_OCR_PAGE_TIMEOUT_S to allow more)",
    )


def png_claiming(width: int, height: int) -> bytes:
    """A PNG header claiming these dimensions, with a few bytes of data: a decompression bomb's shape."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def test_a_decompression_bomb_is_refused_before_it_is_decoded(settings):
    with pytest.raises(
        UnsafeFileError, match=r"^bomb\.png: the image is larger than [\d,]+ pixels.*decompression bomb"
    ):
        ingest_bytes(png_claiming(60_000, 60_000), "bomb.png", settings)


def test_corrupt_and_truncated_images_are_refused_as_damaged(settings):
    with pytest.raises(CorruptFileError, match=r"^junk\.png: the image is damaged"):
        ingest_bytes(b"\x89PNG\r\n\x1a\n" + b"\x13\x37" * 40, "junk.png", settings)
    whole = encoded(page_image().convert("RGB"), "JPEG")
    with pytest.raises(CorruptFileError, match=r"^cut\.jpg: the image is damaged or truncated"):
        ingest_bytes(whole[: len(whole) // 3], "cut.jpg", settings)


def test_a_tiff_of_thousands_of_pages_is_refused_at_the_page_limit(settings):
    dot = Image.new("L", (8, 8), "white")
    data = encoded(dot, "TIFF", save_all=True, append_images=[dot] * 2000)
    with pytest.raises(
        UnsafeFileError, match=r"^pages\.tif: the image has more than 1,000 pages.*NERPIPE_MAX_OCR_PAGES"
    ):
        ingest_bytes(data, "pages.tif", settings)


def test_a_language_without_its_data_is_a_clear_setting_error():
    with pytest.raises(
        ConfigError, match=r"NERPIPE_OCR_LANG=zzz: .*install it with `sudo apt-get install tesseract-ocr-zzz`"
    ):
        Settings.from_env(env={"NERPIPE_OCR_LANG": "zzz"})
    with pytest.raises(ConfigError, match="NERPIPE_OCR_LANG"):
        Settings.from_env(env={"NERPIPE_OCR_LANG": "eng; rm -rf"})
    assert Settings.from_env(env={"NERPIPE_OCR": "off"}).ocr is False
    assert Settings.from_env(env={"NERPIPE_OCR_LANG": "eng+osd"}).ocr_lang == "eng+osd"


def test_after_a_first_scan_the_reader_children_start_with_the_parents_engine(settings, monkeypatch):
    import tesserocr

    ocr._engine.cache_clear()
    ocr._orientation_engine.cache_clear()
    ingest_bytes(encoded(page_image(), "PNG"), "first.png", settings)
    assert ocr._engine.cache_info().currsize == 1  # made here, in the parent, after the child's first scan

    def no_new_engines(*args, **kwargs):
        raise AssertionError("a reader child made its own Tesseract")

    monkeypatch.setattr(tesserocr, "PyTessBaseAPI", no_new_engines)  # forked children see this too
    document = ingest_bytes(encoded(page_image(["Second scan: Marco Salazar."]), "PNG"), "second.png", settings)
    assert "Marco Salazar" in document.text
