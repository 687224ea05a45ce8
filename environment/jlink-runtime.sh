#!/usr/bin/env bash
# Packs what the Java side needs on a GPU machine that has no Java and no network into ONE folder, target/gpu,
# small enough to carry there (64 MiB):
#   target/gpu/jre/                  a jlink'ed Java runtime with only the modules the jar and its libraries use
#                                    (found with jdeps)
#   target/gpu/gpt2-sentiment.jar    the project jar; its manifest finds lib/ next to it
#   target/gpu/lib/                  target/lib without pytorch-native-cpu (a CPU libtorch, 107 MB, useless there)
#                                    and with the other platforms' native libraries removed from the tokenizers
#                                    and pytorch-jni jars (Linux x86_64 only)
#   target/gpu/classes/              environment/GpuExactness.class, the Java half of the GPU exactness check
# environment/gpu-figures.sh uses it: target/gpu/jre/bin/java when no java is on PATH.
#
# Usage: environment/jlink-runtime.sh [exactness|full]   (after mvn -B package -DskipTests; a JDK 17+, zip)
#   exactness (default): the model path only (DJL, tokenizers, picocli, gson...): no Tablesaw, no XChart and their
#                        dependencies (fastutil alone is 23 MB), no java.desktop; fits the carry limit.
#   full:                every jar but pytorch-native-cpu and icu4j, the modules jdeps finds: what the training
#                        code needs today (training.History uses Tablesaw, TrainingCharts XChart); over the limit.
# Environment: GPU_CARRY_LIMIT_MB (default 64): exit 1 when target/gpu is larger.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fail() { echo "jlink-runtime.sh: $*" >&2; exit 1; }
[ -f "$root/target/gpt2-sentiment.jar" ] && [ -d "$root/target/lib" ] \
  || fail "no target/gpt2-sentiment.jar or target/lib: run 'mvn -B package -DskipTests' first"
for tool in jlink jdeps javac zip; do command -v "$tool" >/dev/null || fail "$tool is missing (a JDK 17+ and zip are needed)"; done

out="$root/target/gpu"
rm -rf "$out"; mkdir -p "$out/lib" "$out/classes"
cp "$root/target/gpt2-sentiment.jar" "$out/"
profile=${1:-exactness}
case "$profile" in
  exactness) skip=(pytorch-native- icu4j- tablesaw- fastutil- RoaringBitmap- univocity- commons-math3- xchart- pdfbox-
                   fontbox- VectorGraphics2D- graphics2d- animated-gif-lib-) ;;
  full) skip=(pytorch-native- icu4j-) ;;
  *) fail "unknown profile '$profile' (expected exactness or full)" ;;
esac
for jar in "$root"/target/lib/*.jar; do
  keep=1
  for prefix in "${skip[@]}"; do [[ "$(basename "$jar")" == "$prefix"* ]] && keep=0; done
  [ "$keep" = 0 ] || cp "$jar" "$out/lib/"
done
# Natives for other platforms: DJL picks native/lib/linux-x86_64 and jnilib/linux-x86_64 on this one.
zip -q -d "$out"/lib/tokenizers-*.jar 'native/lib/linux-aarch64/*' 'native/lib/osx-*' 'native/lib/win-*'
zip -q -d "$out"/lib/pytorch-jni-*.jar 'jnilib/linux-aarch64/*' 'jnilib/osx-*' 'jnilib/win-*'

jars=("$out"/lib/*.jar)
classpath="$(IFS=:; echo "${jars[*]}")"
if [ "$profile" = exactness ]; then
  # jdeps would also list java.desktop, for the chart classes this profile leaves unused.
  modules=java.base,java.logging,java.management,jdk.management,jdk.unsupported,java.net.http,java.sql,java.compiler,java.xml
else modules="$(jdeps --ignore-missing-deps --print-module-deps --multi-release 17 --class-path "$classpath" \
  "$out/gpt2-sentiment.jar" | tail -n 1)"; fi
[ -n "$modules" ] || fail "jdeps printed no modules"
echo "profile $profile, modules: $modules"
jlink --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=2 --output "$out/jre"
javac -d "$out/classes" -cp "$out/gpt2-sentiment.jar:$classpath" "$root/environment/GpuExactness.java"

size_mb() { du -sm "$1" | cut -f1; }
echo "target/gpu/jre                 $(size_mb "$out/jre") MB"
echo "target/gpu/lib                 $(size_mb "$out/lib") MB (${#jars[@]} jars; pytorch-native-cpu and others left out)"
echo "target/gpu/gpt2-sentiment.jar  $(du -sk "$out/gpt2-sentiment.jar" | cut -f1) KB"
total_bytes=$(du -sb "$out" | cut -f1)
total_mib=$(( (total_bytes + 1048575) / 1048576 ))
limit=${GPU_CARRY_LIMIT_MB:-64}
echo "target/gpu in all              $total_mib MiB ($total_bytes bytes; carry limit $limit MiB)"
"$out/jre/bin/java" -version 2>&1 | head -n 1
[ "$total_mib" -le "$limit" ] || fail "target/gpu is $total_mib MiB, over the $limit MiB carry limit"
