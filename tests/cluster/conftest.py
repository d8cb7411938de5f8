"""A local Dask cluster of 2 worker processes (started once for these tests) against the PostgreSQL
of `.ci/run`; skipped with a reason when NERPIPE_TEST_DATABASE_URL is not set."""

from __future__ import annotations

import random
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from nerpipe import Settings
from nerpipe.cluster import open_cluster
from nerpipe.store import Store
from nerpipe.store.schema import metadata
from nerpipe.store.search_index import CHUNK_TABLE
from tests.databases import postgres_test_url

POSTGRES_URL = postgres_test_url()
NAMES = ["Maria Lopez", "Carlos Mendez", "Ana Ruiz", "Pedro Diaz", "Rosa Ortega", "Luis Vargas"]
GROUPS = ["the Latin Kings", "MS-13", "the Sinaloa Cartel", "the Crips"]
PLACES = ["Denver", "El Paso", "Phoenix", "Chicago"]
DRUGS = ["heroin", "fentanyl", "cocaine"]


def report_text(seed: int, sentences: int = 30) -> str:
    """A made-up case report, different for every seed."""
    rng = random.Random(seed)
    lines = [f"Report {seed}."]
    for _ in range(sentences):
        lines.append(
            f"On {rng.randint(1, 28)} March 2026 {rng.choice(NAMES)} met {rng.choice(NAMES)} in "
            f"{rng.choice(PLACES)} and bought {rng.choice(DRUGS)} from {rng.choice(GROUPS)}."
        )
    return " ".join(lines)


def email_with_attachment() -> bytes:
    message = EmailMessage()
    message["From"] = "Maria Lopez <maria@example.org>"
    message["To"] = "Carlos Mendez <carlos@example.org>"
    message["Subject"] = "Denver"
    message["Date"] = "Tue, 03 Mar 2026 10:00:00 +0000"
    message.set_content("The Latin Kings want the heroin in Denver by Friday.")
    message.add_attachment(report_text(999, 5).encode(), maintype="text", subtype="plain", filename="notes.txt")
    return bytes(message)


def make_corpus(folder: Path, reports: int) -> Path:
    """`reports` text reports, an e-mail with an attachment and a damaged PDF."""
    folder.mkdir(parents=True)
    for index in range(reports):
        (folder / f"report-{index:02d}.txt").write_text(report_text(index))
    (folder / "message.eml").write_bytes(email_with_attachment())
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 garbage \x00\x01")
    return folder


@pytest.fixture(scope="session")
def postgres_url() -> str:
    if not POSTGRES_URL:
        pytest.skip("NERPIPE_TEST_DATABASE_URL is not set (.ci/run starts PostgreSQL and sets it)")
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {CHUNK_TABLE}")
        metadata.drop_all(connection)
    engine.dispose()
    return POSTGRES_URL


@pytest.fixture(scope="session")
def cluster_settings(postgres_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The base pipeline (no trained model), the test database."""
    return Settings.from_env(env={}, models_dir=tmp_path_factory.mktemp("no-models"), database_url=postgres_url)


@pytest.fixture(scope="module")
def cluster(cluster_settings: Settings):
    """A client of 2 local worker processes, shared by a module's tests (starting one takes seconds),
    stopped after them."""
    with open_cluster("local:2") as client:
        yield client


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("cluster") / "case", reports=12)


@pytest.fixture
def store(cluster_settings: Settings):
    opened = Store.open(cluster_settings.store_url)
    yield opened
    opened.close()


def case_contents(store: Store, case: str) -> list[tuple]:
    """What a case holds, comparable across runs: each document (by content hash, with its name,
    parent and text length) and its mentions, sorted."""
    by_id = {d.id: d for d in store.list_documents(case)}
    sha = {d.id: d.sha256 for d in by_id.values()}
    mentions: dict[str, list] = {}
    for mention in store.load_mentions(case, apply_decisions=False):
        mentions.setdefault(mention.doc, []).append(
            (mention.start, mention.end, mention.label, mention.text, mention.source, mention.head_path)
        )
    return sorted(
        (
            d.sha256,
            Path(d.filename).name,
            sha.get(d.parent_id) if d.parent_id else None,
            d.mention_count,
            tuple(sorted(mentions.get(d.sha256, []))),
        )
        for d in by_id.values()
    )
