#!/usr/bin/env bash
# Set up, then run the whole test suite (Qt tests offscreen, one real-window test on Xvfb).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
