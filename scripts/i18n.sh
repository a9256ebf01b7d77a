#!/usr/bin/env bash
# Re-extract every translatable message, update the sv and nb catalogues, compile .mo and .qm.
# See scripts/i18n.py (also: `todo LANG`, `fill LANG FILE.json`, `check`).
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python scripts/i18n.py "${@:-update}"
