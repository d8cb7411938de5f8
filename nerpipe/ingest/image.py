"""Image files as documents: a photographed letter, a faxed page, a multi-page TIFF scan.

Every page (a TIFF's frames; one for the other formats) is turned upright by its EXIF
orientation, as a phone means it to be seen, and OCR'd through nerpipe.ingest.scanned like a
scanned PDF page. Pillow decodes lazily, so an image is checked before anything is decoded: its
pixel count against Pillow's decompression-bomb limit, its page count against the OCR page limit.
"""

from __future__ import annotations

import io
import struct
import warnings
from collections.abc import Iterator
from typing import Any

from nerpipe.config import Settings
from nerpipe.errors import CorruptFileError, UnsafeFileError
from nerpipe.ingest.extracted import Extracted, TextBuilder, tidy
from nerpipe.ingest.scanned import ScannedPages

#: What Pillow raises on damaged image data: its plugins parse headers by hand and fail in many
#: ways (a TIFF's missing dimensions are a TypeError, a WebP its decoder refuses an OSError).
DECODING_ERRORS = (OSError, ValueError, TypeError, SyntaxError, EOFError, IndexError, KeyError, struct.error)
#: Pillow's format name -> the media type nerpipe records.
MEDIA_TYPES = {
    "PNG": "image/png",
    "JPEG": "image/jpeg",
    "MPO": "image/jpeg",  # a phone's JPEG with a second picture in it: the first is read
    "TIFF": "image/tiff",
    "BMP": "image/bmp",
    "WEBP": "image/webp",
}


def read(data: bytes, name: str, settings: Settings) -> Extracted:
    """The OCR'd text of every page of the image, each page marked as a page."""
    image = _open(data, name)
    try:
        pages = _page_count(image, name, settings)
        scans = ScannedPages(name, settings, pages)
        builder = TextBuilder()
        for number, page in enumerate(_pages(image, name, pages), start=1):
            builder.start_page()
            try:
                if scans.wanted():
                    builder.add(tidy(scans.read_page(number, page)))
                else:
                    scans.skip(number)
            finally:
                page.close()
    finally:
        image.close()
    metadata: dict[str, Any] = {"width": image.width, "height": image.height, **scans.metadata()}
    return builder.extracted(metadata=metadata, warnings=scans.warnings())


def _open(data: bytes, name: str) -> Any:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UnsafeFileError(name, _too_many_pixels()) from None
    except UnidentifiedImageError:  # its message names the in-memory file object: nothing for the user
        raise CorruptFileError(name, "the image is damaged or of a kind that cannot be decoded") from None
    except DECODING_ERRORS as exc:
        raise CorruptFileError(name, f"the image is damaged or of a kind that cannot be decoded ({exc})") from None


def _page_count(image: Any, name: str, settings: Settings) -> int:
    """A TIFF's frames are counted by walking them (cheap: no pixels are decoded); refused past
    the OCR page limit, which is where a crafted file with endless pages would be stopped."""
    pages = 1
    while getattr(image, "is_animated", False) or image.format == "TIFF":
        try:
            image.seek(pages)
        except EOFError:
            break
        except DECODING_ERRORS as exc:
            raise CorruptFileError(name, f"page {pages + 1} of the image is damaged ({exc})") from None
        pages += 1
        if pages > settings.max_ocr_pages:
            raise UnsafeFileError(
                name,
                f"the image has more than {settings.max_ocr_pages:,} pages, the limit for one image file "
                "(split it, or raise NERPIPE_MAX_OCR_PAGES)",
            )
    image.seek(0)
    return pages


def _pages(image: Any, name: str, pages: int) -> Iterator[Any]:
    """Each page decoded, upright and in greyscale, one at a time."""
    from PIL import Image, ImageOps

    for index in range(pages):
        try:
            image.seek(index)
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                page = ImageOps.exif_transpose(image.copy())
            yield _greyscale(page)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise UnsafeFileError(name, _too_many_pixels()) from None
        except DECODING_ERRORS as exc:
            where = f"page {index + 1} of the image" if pages > 1 else "the image"
            raise CorruptFileError(name, f"{where} is damaged or truncated ({exc})") from None


def _greyscale(page: Any) -> Any:
    """What Tesseract reads best: 8-bit grey, a transparent background made white."""
    from PIL import Image

    if page.mode in ("RGBA", "LA", "PA") or (page.mode == "P" and "transparency" in page.info):
        rgba = page.convert("RGBA")
        flat = Image.new("RGBA", rgba.size, "white")
        flat.alpha_composite(rgba)
        page.close()
        rgba.close()
        page = flat
    if page.mode != "L":
        grey = page.convert("L")
        page.close()
        return grey
    return page


def _too_many_pixels() -> str:
    from PIL import Image

    limit = Image.MAX_IMAGE_PIXELS or 0
    return (
        f"the image is larger than {limit:,} pixels, the safe limit for decoding: it may be built to "
        "exhaust memory (a decompression bomb); scale it down and upload it again"
    )
