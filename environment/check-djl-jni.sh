#!/usr/bin/env bash
# Does DJL's PyTorch JNI (from the pytorch-jni jar) link against a given libtorch?
#
#   environment/check-djl-jni.sh TORCH_LIB_DIR [cpu|cu128]
#
# TORCH_LIB_DIR is a folder holding libc10.so, libtorch_cpu.so (and libtorch_cuda.so, libc10_cuda.so for cu128),
# for example the lib/ folder of a Python torch install: python -c 'import torch, os; print(os.path.dirname(torch.__file__) + "/lib")'
# It lists every c10/at/torch symbol the JNI needs that the libtorch does not export, and exits 1 if any is missing.
# Run it before spending GPU time: a missing symbol means DJL would fail to load that libtorch.
set -euo pipefail
lib_dir=${1:?usage: $0 TORCH_LIB_DIR [cpu|cu128]}
flavor=${2:-cu128}
here="$(cd "$(dirname "$0")/.." && pwd)"
# The first pytorch-jni jar of target/lib, target/gpu/lib (environment/jlink-runtime.sh) or the Maven cache.
jar=""
for candidate in "$here"/target/lib/pytorch-jni-*.jar "$here"/target/gpu/lib/pytorch-jni-*.jar \
                 "$HOME"/.m2/repository/ai/djl/pytorch/pytorch-jni/*/pytorch-jni-*.jar; do
  [ -f "$candidate" ] && { jar=$candidate; break; }
done
[ -n "$jar" ] || { echo "No pytorch-jni jar: run 'mvn -B package -DskipTests' first" >&2; exit 2; }
command -v nm >/dev/null || { echo "nm is missing: install binutils" >&2; exit 2; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
unzip -q -o "$jar" "jnilib/linux-x86_64/$flavor/libdjl_torch.so" -d "$work" \
  || { echo "$jar has no jnilib/linux-x86_64/$flavor/libdjl_torch.so" >&2; exit 2; }
jni="$work/jnilib/linux-x86_64/$flavor/libdjl_torch.so"
libs=(libc10.so libtorch_cpu.so libtorch.so)
[ "$flavor" = cpu ] || libs+=(libc10_cuda.so libtorch_cuda.so)
for l in "${libs[@]}"; do
  [ -f "$lib_dir/$l" ] || { echo "$lib_dir/$l is missing (needed by the $flavor JNI)" >&2; exit 2; }
  nm -D --defined-only "$lib_dir/$l" | awk '{print $3}'
done | sort -u > "$work/exported"
nm -D --undefined-only "$jni" | awk '{print $2}' | grep -E '^_ZN(3c10|2at|5torch|6caffe2)' | sort -u > "$work/needed"
comm -23 "$work/needed" "$work/exported" > "$work/missing"
echo "JNI:      $(basename "$jar") ($flavor), needs $(wc -l < "$work/needed") libtorch symbols"
ver=$(grep -m1 -E "^__version__" "$lib_dir/../version.py" 2>/dev/null | sed -E "s/.*= *'([^']*)'.*/\1/" || true)
echo "libtorch: $lib_dir (torch ${ver:-version unknown})"
if [ -s "$work/missing" ]; then
  echo "MISSING $(wc -l < "$work/missing") symbols: DJL cannot load this libtorch."
  c++filt < "$work/missing" | cut -c1-160 | sed 's/^/  /'
  exit 1
fi
echo "All symbols present: the JNI links against this libtorch."
