#!/usr/bin/env bash
# DJL's libtorch for this project: checks which one loads, or fetches DJL's CUDA build into DJL's cache so that
# later runs need no network (the Dockerfile runs --fetch-cuda while the image builds).
#
# Usage: environment/djl-libtorch.sh             loads the engine offline, prints the libtorch it found, computes
#        environment/djl-libtorch.sh --fetch-cuda downloads DJL's CUDA libtorch (cu128 for PyTorch 2.7.1) into the
#                                                cache and writes $ENGINE_CACHE_DIR/pytorch/cuda.env, the three
#                                                variables that make DJL use it
# Environment: ENGINE_CACHE_DIR (DJL's engine cache; default ~/.djl.ai), CUDA_FLAVOR (default cu128)
#
# Why: pytorch-native-cpu (the CPU libtorch, from Maven Central) is on the classpath so CPU runs work offline, and
# DJL 0.36 then always takes it, even on a GPU machine and even with PYTORCH_VERSION set (its version 2.7.1-2025...
# starts with 2.7.1). DJL's CUDA libtorch is not on Maven Central: DJL downloads it from its own site, into
# ENGINE_CACHE_DIR/pytorch, only when no native jar is on the classpath. So the download runs here without that
# jar, and later runs point DJL at the downloaded folder with PYTORCH_LIBRARY_PATH (checked before any jar), with
# PYTORCH_VERSION and PYTORCH_FLAVOR naming the JNI glue (shipped inside pytorch-jni, extracted here too).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
lib="$root/target/lib"
fail() { echo "djl-libtorch.sh: $*" >&2; exit 1; }

jars=("$lib"/pytorch-jni-*.jar)
jni_jar="${jars[0]}"
[ -f "$jni_jar" ] || fail "no $lib/pytorch-jni-*.jar: build the project first (mvn -B package -DskipTests)"
# pytorch-jni-2.7.1-0.36.0.jar: PyTorch 2.7.1, DJL 0.36.0.
versions="$(basename "$jni_jar" .jar)"; versions="${versions#pytorch-jni-}"
pytorch_version="${versions%-*}"
djl_version="${versions##*-}"
flavor="${CUDA_FLAVOR:-cu128}"
cache="${ENGINE_CACHE_DIR:-$HOME/.djl.ai}/pytorch"
classpath="$root/target/gpt2-sentiment.jar:$lib/*"

check() {
  java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "$@" -cp "$classpath" "$root/environment/DjlEngineCheck.java"
}

case "${1:-}" in
  "")
    check -Dai.djl.offline=true
    ;;
  --fetch-cuda)
    dir="$cache/$pytorch_version-$flavor-linux-x86_64"
    if [ ! -f "$dir/libtorch_cuda.so" ]; then
      echo "Fetching DJL's libtorch $pytorch_version ($flavor) into $dir ..."
      # Every DJL jar but the CPU libtorch and the project jar (whose manifest would bring that one back).
      download_classpath=""
      for jar in "$lib"/*.jar; do
        case "$jar" in */pytorch-native-*) ;; *) download_classpath="$download_classpath${download_classpath:+:}$jar" ;; esac
      done
      # Loading it needs the NVIDIA driver (libcuda.so.1), which an image build does not have; the download
      # happens before the load, and the files are checked below. OPT_OUT_TRACKING: no DJL telemetry call.
      OPT_OUT_TRACKING=true PYTORCH_FLAVOR="$flavor" \
        java -Dai.djl.offline=false -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$download_classpath" \
        "$root/environment/DjlEngineCheck.java" \
        || echo "(could not load it here, as expected without a GPU; checking the download)"
    fi
    for so in libtorch.so libtorch_cpu.so libtorch_cuda.so libc10.so libc10_cuda.so; do
      [ -f "$dir/$so" ] || fail "$dir/$so is missing: the download of DJL's $flavor libtorch failed (see above;
  $cache holds: $(cd "$cache" 2>/dev/null && echo *))"
    done
    # The JNI library DJL would extract from pytorch-jni on first use, put where it looks for it.
    jni="$dir/$djl_version-libdjl_torch.so"
    unzip -p "$jni_jar" "jnilib/linux-x86_64/$flavor/libdjl_torch.so" > "$jni.tmp" \
      || fail "$jni_jar has no jnilib/linux-x86_64/$flavor/libdjl_torch.so: DJL $djl_version lacks a $flavor JNI"
    mv "$jni.tmp" "$jni"
    printf 'PYTORCH_LIBRARY_PATH=%s\nPYTORCH_VERSION=%s\nPYTORCH_FLAVOR=%s\n' "$dir" "$pytorch_version" "$flavor" \
      > "$cache/cuda.env"
    echo "DJL's libtorch $pytorch_version ($flavor) is in $dir ($(du -sh "$dir" | cut -f1)); $cache/cuda.env selects it."
    ;;
  -h|--help) sed -n '2,9p' "$0" ;;
  *) fail "unknown argument '$1' (expected nothing, --fetch-cuda or --help)" ;;
esac
