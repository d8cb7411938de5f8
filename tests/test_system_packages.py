"""scripts/system-packages.sh, run against stub dpkg-query, apt-get, sudo and id programs on a fake PATH."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "system-packages.sh"
BASH = shutil.which("bash") or "/bin/bash"
ENV = shutil.which("env") or "/usr/bin/env"

# Each stub writes what it was asked into $STUB_LOG, one line per call.
STUBS = {
    "dpkg-query": """#!/bin/sh
for package; do :; done
case " $STUB_INSTALLED " in *" $package "*) printf 'install ok installed'; exit 0;; esac
case " $STUB_CONFIG_ONLY " in *" $package "*) printf 'deinstall ok config-files'; exit 0;; esac
echo "dpkg-query: no packages found matching $package" >&2
exit 1
""",
    "apt-get": """#!/bin/sh
echo "apt-get via=${STUB_VIA:-direct} frontend=$DEBIAN_FRONTEND $*" >> "$STUB_LOG"
if [ "$1" = install ] && [ "$STUB_APT_FAILS" = 1 ]; then echo "E: Unable to locate package chromium" >&2; exit 100; fi
""",
    "sudo": """#!/bin/sh
[ "$1" = -n ] || { echo "sudo called without -n" >> "$STUB_LOG"; exit 1; }
shift
if [ "$1" = true ]; then [ "$STUB_SUDO_OK" = 1 ]; exit; fi
STUB_VIA=sudo exec "$@"
""",
    "id": """#!/bin/sh
echo "$STUB_UID"
""",
}


def run_script(
    tmp_path: Path,
    *packages: str,
    installed: str = "",
    uid: int = 0,
    programs: tuple[str, ...] = ("dpkg-query", "apt-get", "sudo", "id"),
    sudo_ok: bool = True,
    config_only: str = "",
    apt_fails: bool = False,
) -> tuple[subprocess.CompletedProcess, list[str]]:
    """Runs the script with only `programs` (and env) on PATH; returns the result and the stubs' log lines."""
    stubs = tmp_path / "bin"
    stubs.mkdir()
    for name in programs:
        (stubs / name).write_text(STUBS[name])
        (stubs / name).chmod(0o755)
    (stubs / "env").symlink_to(ENV)
    log = tmp_path / "log"
    log.touch()
    env = {
        "PATH": str(stubs),
        "STUB_LOG": str(log),
        "STUB_INSTALLED": installed,
        "STUB_CONFIG_ONLY": config_only,
        "STUB_UID": str(uid),
        "STUB_SUDO_OK": "1" if sudo_ok else "0",
        "STUB_APT_FAILS": "1" if apt_fails else "0",
    }
    result = subprocess.run(
        [BASH, str(SCRIPT), *packages], env=env, capture_output=True, text=True, timeout=30, check=False
    )
    return result, log.read_text().splitlines()


PACKAGES = ("chromium", "tesseract-ocr", "tesseract-ocr-eng", "tesseract-ocr-osd")


def test_nothing_is_installed_when_all_are_present(tmp_path):
    result, calls = run_script(tmp_path, *PACKAGES, installed=" ".join(PACKAGES))
    assert result.returncode == 0, result.stderr
    assert calls == []
    assert result.stdout == result.stderr == ""


def test_root_installs_exactly_the_missing_ones_with_apt_get(tmp_path):
    result, calls = run_script(tmp_path, *PACKAGES, installed="chromium tesseract-ocr-eng", uid=0)
    assert result.returncode == 0, result.stderr
    assert calls == [
        "apt-get via=direct frontend=noninteractive update -qq",
        "apt-get via=direct frontend=noninteractive install -y -qq tesseract-ocr tesseract-ocr-osd",
    ]
    assert "installing missing Debian packages: tesseract-ocr tesseract-ocr-osd" in result.stderr


def test_a_removed_package_with_config_files_left_counts_as_missing(tmp_path):
    result, calls = run_script(
        tmp_path, "chromium", "tesseract-ocr-osd", installed="chromium", config_only="tesseract-ocr-osd"
    )
    assert result.returncode == 0, result.stderr
    assert calls[-1] == "apt-get via=direct frontend=noninteractive install -y -qq tesseract-ocr-osd"


def test_a_user_with_sudo_installs_through_sudo_non_interactively(tmp_path):
    result, calls = run_script(tmp_path, *PACKAGES, installed="tesseract-ocr tesseract-ocr-eng", uid=1000)
    assert result.returncode == 0, result.stderr
    assert calls == [
        "apt-get via=sudo frontend=noninteractive update -qq",
        "apt-get via=sudo frontend=noninteractive install -y -qq chromium tesseract-ocr-osd",
    ]


@pytest.mark.parametrize(
    ("programs", "command"),
    [
        (("dpkg-query", "apt-get", "sudo", "id"), "sudo apt-get install -y chromium tesseract-ocr-osd"),
        (("dpkg-query", "apt-get", "id"), "apt-get install -y chromium tesseract-ocr-osd"),
    ],
    ids=["sudo-needs-a-password", "no-sudo"],
)
def test_without_root_or_sudo_it_stops_with_the_exact_command(tmp_path, programs, command):
    result, calls = run_script(
        tmp_path, *PACKAGES, installed="tesseract-ocr tesseract-ocr-eng", uid=1000, programs=programs, sudo_ok=False
    )
    assert result.returncode == 1
    assert calls == []
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].endswith(": " + command)


def test_a_failed_install_stops_and_says_so_below_apt_gets_error(tmp_path):
    result, calls = run_script(tmp_path, "chromium", uid=0, apt_fails=True)
    assert result.returncode == 1
    assert calls[-1].endswith("install -y -qq chromium")
    assert result.stderr.strip().splitlines()[-2:] == [
        "E: Unable to locate package chromium",
        "nerpipe: apt-get could not install: chromium (its error is above)",
    ]


def test_a_system_without_dpkg_names_the_packages_and_goes_on(tmp_path):
    result, calls = run_script(tmp_path, *PACKAGES, programs=("id", "sudo"))
    assert result.returncode == 0
    assert calls == []
    assert result.stderr.strip().splitlines() == [
        "nerpipe: not a Debian/Ubuntu system (no dpkg-query/apt-get); install the equivalents of these packages "
        "yourself: " + " ".join(PACKAGES)
    ]


def test_the_script_is_executable():
    assert os.access(SCRIPT, os.X_OK)
