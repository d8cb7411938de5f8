#!/usr/bin/env bash
# Installs the Debian packages named as arguments that are missing, so that `make run` and `make test` set up a
# fresh machine by themselves (pip cannot install Chromium or Tesseract's language data). With everything present
# it costs one dpkg-query per package and prints nothing. As root it runs apt-get, else `sudo -n apt-get`; with
# neither it stops, printing the command to run. On a system without dpkg/apt it names the packages and goes on.
# Usage: scripts/system-packages.sh PACKAGE...
set -euo pipefail

is_installed() {
  local status
  status=$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) || return 1
  [[ $status == *" ok installed" ]]
}

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "nerpipe: not a Debian/Ubuntu system (no dpkg-query/apt-get); install the equivalents of these packages yourself: $*" >&2
  exit 0
fi

missing=()
for package in "$@"; do
  is_installed "$package" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  if ! sudo -n true 2>/dev/null; then
    echo "nerpipe: missing Debian packages; run this, then make again: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  as_root=(sudo -n)
else
  echo "nerpipe: missing Debian packages; run this as root, then make again: apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "nerpipe: installing missing Debian packages: ${missing[*]}" >&2
apt=("${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get)
# Quiet: apt's progress (stdout) is dropped, its warnings and errors (stderr) still show.
"${apt[@]}" update -qq >/dev/null || echo "nerpipe: apt-get update failed; trying the install anyway" >&2
if ! "${apt[@]}" install -y -qq "${missing[@]}" >/dev/null; then
  echo "nerpipe: apt-get could not install: ${missing[*]} (its error is above)" >&2
  exit 1
fi
