from pathlib import Path

import pytest

from nerpipe import Settings
from nerpipe.config import serves_beyond_this_computer
from nerpipe.errors import ConfigError


def test_environment_variables_are_read_and_overrides_win():
    env = {
        "NERPIPE_WORKERS": "2",
        "NERPIPE_MAX_FILE_MB": "1.5",
        "NERPIPE_PATTERNS_DIR": "/tmp/p",
        "NERPIPE_PDF_ENGINE": "pdfplumber",
    }
    settings = Settings.from_env(env=env, workers=3)
    assert settings.workers == 3
    assert settings.max_file_bytes == int(1.5 * 1024 * 1024)
    assert settings.patterns_dir == Path("/tmp/p")
    assert settings.pdf_engine == "pdfplumber"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("NERPIPE_WORKERS", "two"),
        ("NERPIPE_WORKERS", "0"),
        ("NERPIPE_MAX_FILE_MB", "lots"),
        ("NERPIPE_PDF_ENGINE", "magic"),
    ],
)
def test_bad_environment_values_are_clear_errors(variable, value):
    with pytest.raises(ConfigError, match=f"{variable}='{value}' is not valid"):
        Settings.from_env(env={variable: value})


@pytest.mark.parametrize(
    ("address", "exposed"),
    [
        ("127.0.0.1", False),
        ("localhost", False),
        ("::1", False),
        ("[::1]", False),
        ("127.0.1.1", False),
        ("0.0.0.0", True),
        ("", True),
        ("::", True),
        ("192.168.1.20", True),
        ("analyst-server.local", True),
    ],
)
def test_serves_beyond_this_computer(address, exposed):
    assert serves_beyond_this_computer(address) is exposed
