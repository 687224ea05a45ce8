#!/usr/bin/env bash
# Creates reference/.venv with the Python peers (transformers, torch, scikit-learn, tokenizers) from PyPI.
# Used by the reference scripts and by the `bench` commands; CI never runs it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ ! -x "$here/.venv/bin/python" ]; then
  python3 -m venv "$here/.venv"
fi
"$here/.venv/bin/pip" install -q --upgrade pip
"$here/.venv/bin/pip" install -q -r "$here/requirements.txt"
echo "Python peers ready: $here/.venv/bin/python"
