#!/usr/bin/env bash
# Makes the notebooks' environment: a Python virtual environment with JupyterLab, the JJava kernel and the
# headless runner (pinned in requirements.txt and constraints.txt), the project's jar, and the Jupyter kernel
# "Java (gpt2-sentiment)" (name gpt2-sentiment-java) that puts that jar on the kernel's classpath.
# The README's quickstart, CI (environment/ci-notebooks.sh) and the Dockerfile all run this same script.
#
# Usage: environment/setup.sh [--build]      --build: rebuild the jar even if target/gpt2-sentiment.jar exists
# Environment:
#   GPT2_SENTIMENT_VENV      where the virtual environment goes (default: .venv at the repository root)
#   PYTHON                   the Python that makes it (default: python3; 3.9 or newer)
#   JAVA_HOME                the JDK the kernel runs on (default: the java on PATH; a JDK 17+, not a JRE)
#   GPT2_SENTIMENT_JVM_OPTS  extra JVM options for the kernel, e.g. "-Xmx16g"
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${GPT2_SENTIMENT_VENV:-$root/.venv}"
python="${PYTHON:-python3}"
build=false
for arg in "$@"; do
  case "$arg" in
    --build) build=true ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown argument '$arg' (expected --build or --help)" >&2; exit 2 ;;
  esac
done
started=$SECONDS

fail() { echo "setup.sh: $*" >&2; exit 1; }

# JJava evaluates cells with JShell, which lives in the JDK only; the project itself needs Java 17.
if [ -n "${JAVA_HOME:-}" ]; then
  java="$JAVA_HOME/bin/java"
else
  java="$(command -v java || true)"
fi
[ -n "$java" ] && [ -x "$java" ] || fail "no java found: install a JDK 17 or newer, or set JAVA_HOME"
java="$(readlink -f "$java")"
java_major="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')"
[ "${java_major:-0}" -ge 17 ] 2>/dev/null || fail "$java is Java ${java_major:-unknown}; the project needs 17 or newer"
"$java" --list-modules 2>/dev/null | grep -q '^jdk\.jshell@' \
  || fail "$java has no jdk.jshell module: the Java kernel needs a full JDK, not a JRE"

# The virtual environment, with every package pinned.
if [ ! -x "$venv/bin/python" ]; then
  "$python" -c 'import sys; sys.exit(sys.version_info < (3, 9))' \
    || fail "$python is older than Python 3.9 (set PYTHON to a newer one)"
  "$python" -m venv "$venv" \
    || fail "could not make a virtual environment with $python -m venv (on Debian/Ubuntu: apt-get install python3-venv)"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  -r "$root/environment/requirements.txt" -c "$root/environment/constraints.txt"

# The jar the kernel loads: target/gpt2-sentiment.jar with its dependencies in target/lib.
if $build || [ ! -f "$root/target/gpt2-sentiment.jar" ] || [ ! -d "$root/target/lib" ]; then
  command -v mvn >/dev/null || fail "Maven (mvn) is needed to build target/gpt2-sentiment.jar"
  echo "Building target/gpt2-sentiment.jar ..."
  (cd "$root" && mvn -B -q -Dstyle.color=never package -DskipTests)
fi

# shellcheck disable=SC2086  # the JVM options are a space-separated list on purpose
"$venv/bin/python" "$root/environment/kernelspec.py" --java "$java" --root "$root" -- ${GPT2_SENTIMENT_JVM_OPTS:-}

echo "Ready in $((SECONDS - started)) s: $venv (Java $java_major at $java)."
echo "  JupyterLab:  $venv/bin/jupyter lab notebooks/"
echo "  Headless:    environment/run-notebooks.sh --quick"
