#!/usr/bin/env bash
# Set up, then open the app; with no screen, run the demo on generated sample footage.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${VFEEDBACK_DEMO:-}" ]; then
  exec .venv/bin/vfeedback "$@"
else
  echo "No screen found: running the headless demo (vfeedback demo --out vfeedback-demo)."
  exec .venv/bin/vfeedback demo --out vfeedback-demo "$@"
fi
