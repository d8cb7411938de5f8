"""A text file with a few damaged bytes (flipped bits, a zeroed block, a run of NULs, bytes that
are not UTF-8) is read: the damaged stretches become U+FFFD, the rest keeps its characters and
offsets, and the document says how much was damaged and where (issue 39 item 8: 26 of 176
fuzzed copies of a text file were refused as binary). Random bytes stay refused."""

from __future__ import annotations

import io
import random
import re
import struct
import tarfile

import pytest

from nerpipe import ingest_bytes
from nerpipe.errors import UnsupportedFormatError
from tests.ingest.languages import PROSE

MARK = "\ufffd"
NAMES = ("Carlos Mendez", "Ana Ruiz", "José Peña Núñez", "Jürgen Müller", "Hélène Lefèvre", "Tijuana")
REPORT = (
    "Det. Ana Ruiz met Carlos Mendez in Tijuana on the night of the fourth. He said the shipment had "
    "crossed two days before, in a grey van registered to a company in Ensenada, and that the money "
    "would be paid in cash at the usual place. Ruiz wrote down the plate and the names he gave her.\n"
)
#: About 16 KB of UTF-8 prose in four languages, the names spread through it.
STORY = "\n\n".join([REPORT * 4, PROSE["Spanish"], REPORT * 3, PROSE["German"], REPORT * 4, PROSE["French"]] * 3)
DATA = STORY.encode()


def read(data: bytes, settings):
    return ingest_bytes(data, "statement.txt", settings, isolate=False)


def damage_warning(document) -> str:
    found = [w for w in document.warnings if "damaged" in w]
    assert len(found) == 1, document.warnings
    return found[0]


def quiet_spot(data: bytes, near: int) -> int:
    """A byte offset at or after `near` at the start of an ASCII word (no name cut in two)."""
    return data.index(b" the ", near) + 1


def test_a_zeroed_block_of_4_kb_is_one_marked_stretch_and_the_rest_is_read_exactly(settings):
    start = quiet_spot(DATA, 3000)
    end = start + 4096
    end = quiet_spot(DATA, end)  # end at an ASCII boundary too, so the expected text is exact
    damaged = DATA[:start] + b"\x00" * (end - start) + DATA[end:]
    document = read(damaged, settings)
    expected = DATA[:start].decode() + MARK + DATA[end:].decode()
    assert document.text == expected
    position = document.text.index(MARK)
    warning = damage_warning(document)
    assert warning.startswith(f"1 damaged stretch ({(end - start) / 1024:.1f} KB) replaced by")
    assert f"near character {position:,}" in warning
    for name in NAMES:
        assert name in document.text


def test_flipped_bits_are_marked_where_they_are_and_nothing_else_moves(settings):
    damaged = bytearray(DATA)
    spots = [quiet_spot(DATA, near) + 1 for near in (500, 6000, 11000)]  # the "h" of "the"
    damaged[spots[0]] ^= 0x80  # no longer UTF-8
    damaged[spots[1]] ^= 0x68  # NUL
    damaged[spots[2]] ^= 0x70  # another control character
    document = read(bytes(damaged), settings)
    assert len(document.text) == len(STORY)
    assert [i for i, char in enumerate(document.text) if char != STORY[i]] == [
        len(DATA[:spot].decode()) for spot in spots
    ]
    assert document.text.count(MARK) == 3
    warning = damage_warning(document)
    assert warning.startswith("3 damaged stretches (3 bytes) replaced by")
    for name in NAMES:
        assert name in document.text


def test_a_run_of_nuls_at_the_start_and_bytes_that_are_not_utf8_are_marked(settings):
    middle = quiet_spot(DATA, 7000)
    damaged = DATA[:10] + b"\x00" * 37 + DATA[10:middle] + b"\xc3\x28\xff\xed\xa0\x80" + DATA[middle:]
    document = read(damaged, settings)
    assert document.text.count(MARK) == 2
    # The "(" between the bad bytes is within the damaged stretch, the rest is the story.
    assert document.text == STORY[:10] + MARK + DATA[10:middle].decode() + MARK + DATA[middle:].decode()
    assert damage_warning(document).startswith("2 damaged stretches (43 bytes)")
    for name in NAMES:
        assert name in document.text


def test_a_damaged_windows_1252_text_is_read_in_windows_1252(settings):
    data = bytearray(PROSE["Spanish"].encode("cp1252") * 3)
    data[300:340] = b"\x00" * 40
    document = read(bytes(data), settings)
    assert "José Peña Núñez" in document.text
    assert document.text.count(MARK) == 1
    assert "not UTF-8: read as Windows-1252" in document.warnings
    assert damage_warning(document).startswith("1 damaged stretch (40 bytes)")


def _mutant(rng: random.Random) -> tuple[bytes, bool]:
    """The story with one to three kinds of damage; whether any of it is sure to show."""
    data = bytearray(DATA)
    visible = False
    for _ in range(rng.randint(1, 3)):
        kind = rng.choice(("flip", "zero", "nul", "utf8"))
        at = rng.randrange(len(data))
        if kind == "flip":
            for _ in range(rng.randint(1, 8)):
                data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        elif kind == "zero":
            size = rng.randint(1, 4096)
            data[at : at + size] = bytes(len(data[at : at + size]))
            visible = True
        elif kind == "nul":
            data[at:at] = b"\x00" * rng.randint(1, 64)
            visible = True
        else:
            data[at:at] = rng.choice((b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\x80\x80"))
            visible = True
    return bytes(data), visible


def test_150_seeded_mutants_with_a_few_damaged_bytes_are_all_read(settings):
    rng = random.Random(39)
    names_found = 0
    for index in range(150):
        data, visible = _mutant(rng)
        try:
            document = read(data, settings)
        except UnsupportedFormatError as exc:
            pytest.fail(f"mutant {index} refused: {exc}")
        if visible:
            assert any(re.match(r"\d+ damaged stretch", w) for w in document.warnings), (index, document.warnings)
        assert len(document.text) >= len(STORY) - 3 * 4096
        names_found += sum(name in document.text for name in NAMES)
    assert names_found >= 0.9 * 150 * len(NAMES)


@pytest.mark.parametrize(
    "data",
    [
        DATA[:2000] + random.Random(1).randbytes(64 * 1024),
        bytes(random.Random(2).randbytes(100_000)),
        STORY.encode("utf-16-le"),  # no byte-order mark: a NUL every other byte
        b"".join(struct.pack("<I24sI", i, f"Carlos Mendez {i}".encode(), 7 * i) for i in range(300)),
        b"\x00" * 8192,
    ],
    ids=["text-then-random", "random", "utf16-without-bom", "records-of-names-and-numbers", "zeros"],
)
def test_binary_content_with_some_text_is_still_refused(settings, data):
    with pytest.raises(UnsupportedFormatError, match=r"^statement\.txt: binary content, not text"):
        read(data, settings)


def test_a_tar_archive_of_text_files_is_refused_as_an_archive_not_read_as_damaged_text(settings):
    """Its headers are text among NUL padding: read as damaged text, it would pass for a document."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for index in range(3):
            info = tarfile.TarInfo(f"statement-{index}.txt")
            info.size = len(DATA)
            archive.addfile(info, io.BytesIO(DATA))
    with pytest.raises(UnsupportedFormatError, match=r"^bundle\.tar: a tar archive: unpack it"):
        ingest_bytes(buffer.getvalue(), "bundle.tar", settings, isolate=False)
