#!/usr/bin/env bash
# Runs the walkthrough headless: notebooks/01..04 in order on the real Java kernel, executed copies in
# target/notebooks/, stopping at the first cell error (shown with its cell).
#
# Usage: environment/run-notebooks.sh [--quick|--full] [--out DIR] [NOTEBOOK ...]
#   --quick     a few hundred reviews, short sequences, small enough for a CPU (the default)
#   --full      all of IMDB and gpt2; meant for a GPU
#   NOTEBOOK    run these instead of exactly 01..04 (paths, or names in notebooks/, e.g. 00-kernel-check)
# Environment (the notebooks' parameter cells read them):
#   GPT2_SENTIMENT_MODEL        hub id or local folder of the model (default: gpt2 from the Hugging Face hub)
#   GPT2_SENTIMENT_DATA         IMDB archive or extracted folder (default: the official download)
#   GPT2_SENTIMENT_MODE         quick or full; set from --quick/--full
#   GPT2_SENTIMENT_CELL_TIMEOUT seconds one cell may run (default: no limit)
#   GPT2_SENTIMENT_VENV         the virtual environment made by setup.sh (default: .venv at the repository root)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${GPT2_SENTIMENT_VENV:-$root/.venv}"
case "${1:-}" in
  -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
esac
if [ ! -x "$venv/bin/python" ]; then
  echo "run-notebooks.sh: no virtual environment at $venv: run environment/setup.sh first" >&2
  exit 1
fi

# Committed notebooks carry no outputs; catch one before spending minutes running it.
notebooks=()
for arg in "$@"; do
  case "$arg" in
    -*) ;;
    *.ipynb) notebooks+=("$arg") ;;
    *) if [ -f "$root/notebooks/$arg.ipynb" ]; then notebooks+=("$root/notebooks/$arg.ipynb"); fi ;;
  esac
done
if [ ${#notebooks[@]} -eq 0 ]; then
  "$venv/bin/python" "$root/environment/check-notebooks.py"
else
  "$venv/bin/python" "$root/environment/check-notebooks.py" "${notebooks[@]}"
fi

exec "$venv/bin/python" "$root/environment/run_notebooks.py" "$@"
