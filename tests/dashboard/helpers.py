"""What the dashboard tests share: the app under AppTest, a seeded case, documents stored with
hand-made mentions (to show what readers would never produce), and widget lookups by label."""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from nerpipe import Settings
from nerpipe.batch import ingest_into_case
from nerpipe.store import Store
from nerpipe.types import Document, Mention, PipelineInfo
from tests.ingest.conftest import make_docx, make_pdf

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
REPORT = (
    "Detective Ana Ruiz met Carlos Mendez in Tijuana. Carlos Mendez sold fentanyl to the Latin Kings.\n\n"
    "The Sinaloa Cartel supplied heroin to the Latin Kings in Denver."
)
BROKEN_VIEW = "Something went wrong in this view"
HAND_MADE = PipelineInfo("hand-made", "0", "tests", "stored by a test", ())


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    """Each test gets its own store and the base pipeline (never a developer's trained model)."""
    monkeypatch.delenv("NERPIPE_MODEL", raising=False)
    monkeypatch.delenv("NERPIPE_DATABASE_URL", raising=False)
    monkeypatch.setenv("NERPIPE_MODELS_DIR", str(tmp_path / "no-models"))
    monkeypatch.setenv("NERPIPE_DATA_DIR", str(tmp_path / "data"))


def app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=120).run()


def open_store() -> Store:
    return Store.open(Settings.from_env().store_url)


def seeded_case(name: str = "Op Tide") -> None:
    """A case with two documents, stored through the same function the Upload view calls."""
    settings = Settings.from_env()
    store = Store.open(settings.store_url)
    store.create_case(name)
    jobs = [
        ("report.pdf", make_pdf([REPORT])),
        ("affidavit.docx", make_docx(["Maria Lopez bought heroin from the Sinaloa Cartel."])),
    ]
    outcomes = ingest_into_case(store, name, jobs, settings)
    assert all(o.status == "added" for o in outcomes), outcomes
    store.close()


def stored_document(
    case: str,
    filename: str,
    text: str,
    names: list[tuple[str, str]],
    *,
    media_type: str = "text/plain",
    warnings: tuple[str, ...] = (),
    page_starts: tuple[int, ...] = (),
    metadata: dict | None = None,
) -> str:
    """A document put straight into the store with a mention for each (name, label) found in the
    text (one sentence per line): text no reader would hand over, as an old store may hold.
    Returns its sha256."""
    store = open_store()
    if not store.case_exists(case):
        store.create_case(case)
    sha256 = hashlib.sha256(text.encode("utf-8", "surrogatepass") + filename.encode()).hexdigest()
    starts = [0, *(m.end() for m in re.finditer("\n", text))]
    found = []
    for name, label in names:
        for match in re.finditer(re.escape(name), text):
            sentence = max(i for i, s in enumerate(starts) if s <= match.start())
            end = starts[sentence + 1] if sentence + 1 < len(starts) else len(text)
            found.append(
                Mention(
                    sha256,
                    name,
                    label,
                    match.start(),
                    match.end(),
                    sentence,
                    "model",
                    None,
                    None,
                    None,
                    starts[sentence],
                    end,
                )
            )
    document = Document(
        sha256,
        filename,
        media_type,
        text,
        size=len(text),
        metadata=metadata or {},
        warnings=warnings,
        page_starts=page_starts,
    )
    store.add_document(case, document, sorted(found, key=lambda m: m.start), HAND_MADE, "")
    store.close()
    return sha256


def go(at: AppTest, view: str) -> AppTest:
    at.sidebar.radio(key="view").set_value(view)
    return at.run()


def value_of(at: AppTest, label: str):
    """The value of the one text box or selectbox with this label."""
    found = [e for e in [*at.text_input, *at.selectbox] if e.label == label]
    assert len(found) == 1, f"{len(found)} widgets labelled {label!r}"
    return found[0].value


def labelled(elements, label: str):
    """The one widget with this label (keys of option widgets change with their options)."""
    found = [e for e in elements if e.label == label]
    assert len(found) == 1, f"{len(found)} widgets labelled {label!r}"
    return found[0]


def choose(selectbox, pair: tuple[str, str]):
    """Pick a link (a pair of entity ids, in either order) in a link picker, whether its values
    are the pairs or positions in the list."""
    for value in (pair, pair[::-1], *range(len(selectbox.options))):
        try:
            shown = selectbox.format_func(value)
        except (KeyError, TypeError):
            continue
        names = [key.split(":", 1)[1] for key in pair]
        if shown in selectbox.options and all(name in shown.casefold() for name in names):
            return selectbox.set_value(value)
    raise AssertionError(f"no link {pair} among {selectbox.options}")


def table_with(at: AppTest, *columns: str):
    """The first table on the page with these columns (dataframes have no key to look them up by)."""
    for frame in at.main.dataframe:
        if set(columns) <= set(frame.value.columns):
            return frame.value
    raise AssertionError(f"no table with columns {columns}")


def entity_names(at: AppTest) -> list[str]:
    return list(table_with(at, "name", "aliases", "documents")["name"])


def page_text(at: AppTest) -> str:
    """Everything the main area says in words (markdown, captions, alerts, text, headers), with
    the backslashes that escape document text in Markdown taken out."""
    parts = []
    for kind in ("markdown", "caption", "text", "info", "warning", "error", "success", "subheader", "header"):
        parts += [str(element.value) for element in at.main.get(kind)]
    return "\n".join(parts).replace("\\", "")


def spy_on_exports(monkeypatch) -> dict[str, bytes]:
    """Record the bytes of every download the Entities view makes (the app must have run once)."""
    module = sys.modules["views.entities"]
    made: dict[str, bytes] = {}
    real = module.export_bytes

    def spy(chart, what, filenames=None, **options):
        made[what] = real(chart, what, filenames, **options)
        return made[what]

    monkeypatch.setattr(module, "export_bytes", spy)
    return made


#: The password of every user the dashboard tests make.
PASSWORD = "correct horse battery"


def logged_in(name: str, password: str = PASSWORD) -> AppTest:
    """The app after `name` logged in on its login page (logins must be on)."""
    at = app()
    at.text_input(key="login_name").input(name)
    at.text_input(key="login_password").input(password)
    return next(b for b in at.button if b.label == "Log in").click().run()
