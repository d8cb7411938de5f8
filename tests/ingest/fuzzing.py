"""Byte-level mutants of real and generated files, each read in a child process under a time and
memory cap, to show that every outcome is a Document or a clean per-file IngestError.

The child calls the readers directly (`ingest_bytes(..., isolate=False)`), not through the
sandbox that turns any exception into a per-file failure: a reader that lets a library's error
escape is a bug, and shows up here as a crash. Used by tests/ingest/test_fuzz.py (a few hundred
mutants per format) and by `make fuzz` (thousands): `python -m tests.ingest.fuzzing --mutants 2000`.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import signal
import sys
import time
import traceback
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from nerpipe import Settings
from nerpipe.errors import IngestError
from nerpipe.ingest import ingest_bytes
from tests.ingest.conftest import REAL_WORLD, make_docx, make_email, make_pdf

#: A mutant that reads for longer than this has hung (the real files read in well under a second).
HANG_S = 20.0
#: Memory a child may add to what it inherits before its read counts as a blow-up.
MEMORY_HEADROOM_BYTES = 2 * 1024**3
DOCUMENT, REFUSED, CRASH, HANG, MEMORY = "document", "refused", "crash", "hang", "memory"
FAILURES = (CRASH, HANG, MEMORY)


@dataclass(frozen=True, slots=True)
class Outcome:
    kind: str
    detail: str = ""


def make_odt(paragraphs: list[str]) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="Incident report"))
    for paragraph in paragraphs:
        document.text.addElement(P(text=paragraph))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def generated_seeds() -> dict[str, list[bytes]]:
    """Small files of every format nerpipe can write without help, by extension."""
    story = ["Det. Ana Ruiz met Carlos Mendez in Tijuana.", "He sold 2 kg of fentanyl to the Sinaloa Cartel."]
    html = (
        "<html><head><title>Tip</title></head>"
        "<body><p>Carlos Mendez</p><table><tr><td>a</td></tr></table></body></html>"
    )
    return {
        ".docx": [make_docx(story, table=[["Name", "Role"], ["Carlos Mendez", "courier"]], header="Case 7")],
        ".odt": [make_odt(story)],
        ".pdf": [make_pdf([story[0], None, story[1]], title="Report")],
        ".eml": [
            make_email(
                story[0],
                html=f"<p>{story[1]}</p>",
                attachments=[
                    ("note.txt", "text/plain", story[1].encode()),
                    ("s.docx", "application/zip", b"PK\x03\x04"),
                ],
            )
        ],
        ".html": [html.encode()],
        ".txt": ["\n\n".join(story).encode("utf-8"), "Café Müller, señor Peña.".encode("cp1252")],
        ".rtf": [rb"{\rtf1\ansi{\fonttbl\f0 Arial;}\f0 Det. Ana Ruiz met \b Carlos Mendez\b0 .\par Caf\'e9.}"],
        **image_seeds(story[0]),
    }


def image_seeds(line: str) -> dict[str, list[bytes]]:
    """One small typed line in each image format OCR reads (small, so each mutant reads fast)."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (520, 40), "white")
    ImageDraw.Draw(image).text((8, 8), line, fill="black", font=ImageFont.load_default(size=20))
    seeds: dict[str, list[bytes]] = {}
    for suffix, fmt, options in (
        (".png", "PNG", {}),
        (".jpg", "JPEG", {"quality": 90}),
        (".tif", "TIFF", {"save_all": True, "append_images": [image]}),
        (".bmp", "BMP", {}),
        (".webp", "WEBP", {"lossless": True}),
    ):
        buffer = io.BytesIO()
        image.save(buffer, fmt, **options)
        seeds[suffix] = [buffer.getvalue()]
    return seeds


def real_world_seeds() -> dict[str, list[bytes]]:
    """The real office files of ../shared, when present (the only .doc and .msg seeds)."""
    seeds: dict[str, list[bytes]] = {}
    if REAL_WORLD.is_dir():
        for path in sorted(REAL_WORLD.glob("*/*")):
            if path.suffix != ".txt" or path.parent.name == "txt":
                seeds.setdefault(path.suffix.lower(), []).append(path.read_bytes())
    return seeds


def all_seeds() -> dict[str, list[bytes]]:
    seeds = generated_seeds()
    for suffix, files in real_world_seeds().items():
        seeds.setdefault(suffix, []).extend(files)
    return seeds


_INTERESTING = (0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF)


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to three byte-level edits (and, for ZIP files, sometimes an edit inside one member)."""
    if data.startswith(b"PK\x03\x04") and rng.random() < 0.3:
        data = _mutate_member(data, rng)
        if rng.random() < 0.5:
            return data
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        rng.choice(_EDITS)(buffer, rng)
    return bytes(buffer)


def _flip_bits(buffer: bytearray, rng: random.Random) -> None:
    for _ in range(rng.randint(1, 8)):
        if buffer:
            buffer[rng.randrange(len(buffer))] ^= 1 << rng.randrange(8)


def _random_bytes(buffer: bytearray, rng: random.Random) -> None:
    if buffer:
        start = rng.randrange(len(buffer))
        length = min(rng.randint(1, 64), len(buffer) - start)
        buffer[start : start + length] = rng.randbytes(length)


def _insert(buffer: bytearray, rng: random.Random) -> None:
    position = rng.randrange(len(buffer) + 1)
    buffer[position:position] = rng.randbytes(rng.randint(1, 256))


def _delete(buffer: bytearray, rng: random.Random) -> None:
    if buffer:
        start = rng.randrange(len(buffer))
        del buffer[start : start + rng.randint(1, 512)]


def _duplicate(buffer: bytearray, rng: random.Random) -> None:
    if buffer:
        start = rng.randrange(len(buffer))
        piece = buffer[start : start + rng.randint(1, 1024)]
        position = rng.randrange(len(buffer) + 1)
        buffer[position:position] = piece * rng.randint(1, 4)


def _truncate(buffer: bytearray, rng: random.Random) -> None:
    if buffer:
        del buffer[rng.randrange(len(buffer)) :]


def _interesting_number(buffer: bytearray, rng: random.Random) -> None:
    if len(buffer) >= 4:
        position = rng.randrange(len(buffer) - 3)
        width = rng.choice((1, 2, 4))
        value = rng.choice(_INTERESTING) & ((1 << (8 * width)) - 1)
        buffer[position : position + width] = value.to_bytes(width, rng.choice(("little", "big")))


_EDITS: tuple[Callable[[bytearray, random.Random], None], ...] = (
    _flip_bits,
    _random_bytes,
    _insert,
    _delete,
    _duplicate,
    _truncate,
    _interesting_number,
)


def _mutate_member(data: bytes, rng: random.Random) -> bytes:
    """Rewrite the archive with one member's inflated bytes mutated (reaches the XML parsers)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            members = [(info.filename, source.read(info)) for info in source.infolist()]
    except Exception:  # already broken by an earlier edit: leave it to the byte-level edits
        return data
    if not members:
        return data
    index = rng.randrange(len(members))
    buffer = bytearray(members[index][1])
    for _ in range(rng.randint(1, 3)):
        rng.choice(_EDITS)(buffer, rng)
    members[index] = (members[index][0], bytes(buffer))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, payload in members:
            target.writestr(name, payload)
    return out.getvalue()


@dataclass(slots=True)
class _Child:
    index: int
    pid: int
    pipe: int
    deadline: float


def read_in_children(
    files: Iterator[tuple[bytes, str]], settings: Settings, *, parallel: int = 2
) -> Iterator[tuple[int, Outcome]]:
    """(index, outcome) for each (data, name), each read in its own forked child under HANG_S and
    a memory cap, `parallel` children at a time; in the order they finish."""
    running: list[_Child] = []
    pending = enumerate(files)
    exhausted = False
    while running or not exhausted:
        while not exhausted and len(running) < parallel:
            item = next(pending, None)
            if item is None:
                exhausted = True
                break
            index, (data, name) = item
            running.append(_start_child(index, data, name, settings))
        time.sleep(0.001)
        for child in list(running):
            outcome = _finished(child)
            if outcome is not None:
                running.remove(child)
                yield child.index, outcome


def read_in_child(data: bytes, name: str, settings: Settings) -> Outcome:
    """One file read as `read_in_children` reads each."""
    return next(read_in_children(iter([(data, name)]), settings, parallel=1))[1]


def _start_child(index: int, data: bytes, name: str, settings: Settings) -> _Child:
    receiver, sender = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(receiver)
        code = 0
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)  # odfpy prints the XML it cannot parse
            os.dup2(devnull, 2)
            outcome = _read_capped(data, name, settings)
            os.write(sender, f"{outcome.kind}\n{outcome.detail}"[:4000].encode("utf-8", "replace"))
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(sender)
    return _Child(index, pid, receiver, time.monotonic() + HANG_S)


def _finished(child: _Child) -> Outcome | None:
    done, status = os.waitpid(child.pid, os.WNOHANG)
    if not done:
        if time.monotonic() < child.deadline:
            return None
        os.kill(child.pid, signal.SIGKILL)
        os.waitpid(child.pid, 0)
        os.close(child.pipe)
        return Outcome(HANG, f"still reading after {HANG_S:g} s")
    with os.fdopen(child.pipe, "rb") as stream:
        message = stream.read().decode("utf-8", "replace")
    if os.WIFSIGNALED(status):
        return Outcome(CRASH, f"the reader died (signal {os.WTERMSIG(status)})")
    kind, _, detail = message.partition("\n")
    return Outcome(kind, detail) if kind else Outcome(CRASH, "the child exited without a result")


def _read_capped(data: bytes, name: str, settings: Settings) -> Outcome:
    inherited = _virtual_memory_bytes()
    cap = inherited + MEMORY_HEADROOM_BYTES
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    try:
        ingest_bytes(data, name, settings, isolate=False)
    except IngestError as exc:
        return Outcome(REFUSED, f"{type(exc).__name__}: {exc.problem}")
    except MemoryError:
        return Outcome(MEMORY, "MemoryError")
    except Exception as exc:  # a reader bug: what the fuzz run is looking for
        frames = traceback.extract_tb(exc.__traceback__)
        where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
        return Outcome(CRASH, f"{type(exc).__name__} at {where}: {exc}"[:500])
    return Outcome(DOCUMENT)


def _virtual_memory_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0


def mutants(seeds: list[bytes], count: int, seed: int) -> Iterator[bytes]:
    rng = random.Random(seed)
    for index in range(count):
        yield mutate(seeds[index % len(seeds)], rng)


def _import_readers_once() -> None:
    """Readers import their libraries on first use; import them here, before the children fork."""
    import extract_msg  # noqa: F401
    import odf.opendocument  # noqa: F401
    import pypdfium2  # noqa: F401


def fuzz_format(
    suffix: str, seeds: list[bytes], count: int, settings: Settings, *, seed: int = 0, parallel: int = 2
) -> tuple[Counter[str], list[tuple[int, Outcome]]]:
    """Outcome counts for `count` mutants of `seeds`, and the failures (index, outcome)."""
    _import_readers_once()
    counts: Counter[str] = Counter()
    failures = []
    files = ((data, f"mutant-{index}{suffix}") for index, data in enumerate(mutants(seeds, count, seed)))
    for index, outcome in read_in_children(files, settings, parallel=parallel):
        counts[outcome.kind] += 1
        if outcome.kind in FAILURES:
            failures.append((index, outcome))
    return counts, sorted(failures, key=lambda failure: failure[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mutants", type=int, default=2000, help="mutants per format")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--formats", nargs="*", help="extensions, e.g. .docx .msg (default: all)")
    parser.add_argument("--parallel", type=int, default=os.cpu_count() or 2, help="children at a time")
    parser.add_argument("--json", type=Path, help="also write counts and failures per format to this file")
    options = parser.parse_args(argv)
    # Two OCR'd pages a mutant at most: the render and OCR path runs, a scan's every page does not,
    # and the two-page TIFF seed is still read (past the limit it would only be refused).
    settings = Settings.from_env(env={}, max_ocr_pages=2)
    seeds = all_seeds()
    wanted = [suffix for suffix in options.formats if suffix in seeds] if options.formats else sorted(seeds)
    if not REAL_WORLD.is_dir():
        print(f"note: {REAL_WORLD} not found: no .doc or .msg seeds", file=sys.stderr)
    totals: Counter[str] = Counter()
    report: dict[str, dict] = {}
    for suffix in wanted:
        started = time.monotonic()
        counts, failures = fuzz_format(
            suffix, seeds[suffix], options.mutants, settings, seed=options.seed, parallel=options.parallel
        )
        totals.update(counts)
        report[suffix] = {"counts": dict(counts), "failures": [[i, o.kind, o.detail] for i, o in failures]}
        summary = ", ".join(f"{kind} {counts[kind]}" for kind in (DOCUMENT, REFUSED, *FAILURES))
        print(
            f"{suffix:6} {options.mutants} mutants of {len(seeds[suffix])} seed(s): {summary} "
            f"({time.monotonic() - started:.0f} s)",
            flush=True,
        )
        for index, outcome in failures[:20]:
            print(f"    mutant {index}: {outcome.kind}: {outcome.detail}", flush=True)
    print(
        f"all   {sum(totals.values())} mutants: "
        + ", ".join(f"{kind} {totals[kind]}" for kind in (DOCUMENT, REFUSED, *FAILURES)),
        flush=True,
    )
    if options.json:
        options.json.write_text(json.dumps(report, indent=1))
    return 1 if any(totals[kind] for kind in FAILURES) else 0


if __name__ == "__main__":
    sys.exit(main())
