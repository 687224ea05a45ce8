#!/usr/bin/env bash
# Makes the notebooks' environment: a Python virtual environment with JupyterLab, the JJava kernel and the
# headless runner (pinned in requirements.txt and constraints.txt), the project's jar, and the Jupyter kernel
# "Java (gpt2-sentiment)" (name gpt2-sentiment-java) that puts that jar on the kernel's classpath.
# The README's quickstart, CI (environment/ci-notebooks.sh) and the Dockerfile all run this same script.
#
# Runs on Linux and macOS as shipped (bash 3.2, BSD sed; no readlink -f); on Windows, inside WSL2.
#
# Usage: environment/setup.sh [--build]      --build: rebuild the jar even if target/gpt2-sentiment.jar exists
# Environment:
#   GPT2_SENTIMENT_VENV      where the virtual environment goes (default: .venv at the repository root)
#   PYTHON                   the Python that makes it (default: python3; 3.9 or newer)
#   JAVA_HOME                the JDK the kernel runs on and Maven builds with (default: the java on PATH, else
#                            on macOS /usr/libexec/java_home or Homebrew's openjdk; a JDK 17+, not a JRE)
#   GPT2_SENTIMENT_JVM_OPTS  extra JVM options for the kernel, e.g. "-Xmx16g"
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${GPT2_SENTIMENT_VENV:-$root/.venv}"
python="${PYTHON:-python3}"
build=false
for arg in "$@"; do
  case "$arg" in
    --build) build=true ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown argument '$arg' (expected --build or --help)" >&2; exit 2 ;;
  esac
done
started=$SECONDS

fail() { echo "setup.sh: $*" >&2; exit 1; }

# JJava evaluates cells with JShell, which lives in the JDK only; the project itself needs Java 17.
# Which java: JAVA_HOME, else the one on PATH if it runs, else on macOS the JDK /usr/libexec/java_home knows
# (/usr/bin/java is only a stub there) or Homebrew's keg-only openjdk.
runs() { [ -x "$1" ] && "$1" -version >/dev/null 2>&1; }
java=""
if [ -n "${JAVA_HOME:-}" ]; then
  java="$JAVA_HOME/bin/java"
elif runs "$(command -v java || true)"; then
  java="$(command -v java)"
elif [ "$(uname -s)" = Darwin ]; then
  for candidate in "$(/usr/libexec/java_home -v 17+ 2>/dev/null || true)/bin/java" \
      /opt/homebrew/opt/openjdk@21/bin/java /opt/homebrew/opt/openjdk@17/bin/java /opt/homebrew/opt/openjdk/bin/java \
      /usr/local/opt/openjdk@21/bin/java /usr/local/opt/openjdk@17/bin/java /usr/local/opt/openjdk/bin/java; do
    if runs "$candidate"; then java="$candidate"; break; fi
  done
fi
runs "$java" || fail "no working java found: install a JDK 17 or newer (macOS: brew install openjdk@17), or set JAVA_HOME"
# The JDK's real home, asked from java itself: it sees through /usr/bin/java, alternatives and Homebrew's links
# (portable where readlink -f is not).
settings="$("$java" -XshowSettings:properties -version 2>&1)"
java_home="$(printf '%s\n' "$settings" | sed -n 's/^ *java\.home = //p')"
java_major="$(printf '%s\n' "$settings" | sed -n 's/^ *java\.specification\.version = //p')"
[ -n "$java_home" ] && [ -x "$java_home/bin/java" ] || fail "$java does not report its java.home"
java="$java_home/bin/java"
[ "${java_major:-0}" -ge 17 ] 2>/dev/null || fail "$java is Java ${java_major:-unknown}; the project needs 17 or newer"
"$java" --list-modules 2>/dev/null | grep -q '^jdk\.jshell@' \
  || fail "$java has no jdk.jshell module: the Java kernel needs a full JDK, not a JRE"
# Maven builds with the same JDK.
export JAVA_HOME="$java_home"

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
