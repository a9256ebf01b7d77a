#!/usr/bin/env bash
# Set up vfeedback on a fresh Debian/Ubuntu machine: system packages (when run as root or
# with sudo), a virtual environment in .venv, and the Python packages. Safe to run again.
# `postgresql` is for the clinic-server tests (scripts/pg-test-server.sh starts a throwaway
# cluster; Debian's package does not need its own `main` cluster running).
# `openbox` (a window manager) and `x11-utils` (xprop, xwininfo) are for the real-window tests
# under Xvfb (tests/gui/test_xvfb*.py).
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES="ffmpeg xvfb xauth fonts-dejavu-core poppler-utils libegl1 libgl1 libglib2.0-0 \
libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 \
libxcb-keysyms1 libxcb-shape0 libxcb-render-util0 libxcb-image0 libxcb-xinerama0 libxcb-randr0 \
libxcb-xfixes0 libxcb-xkb1 libpulse0 libasound2 espeak-ng postgresql openbox x11-utils"

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in $SYSTEM_PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
  if [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; then
    echo "Installing system packages: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Please install these system packages first: ${missing[*]}" >&2
  fi
fi

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
stamp=.venv/.vfeedback-installed
want=$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[analysis,dev]"
  echo "$want" > "$stamp"
fi
