#!/usr/bin/env bash
# The image's entrypoint: chooses DJL's libtorch for this container, then runs the command (JupyterLab by default).
# With a GPU visible (docker run --gpus ...) it selects the CUDA build fetched while the image was built, through
# the variables in ENGINE_CACHE_DIR/pytorch/cuda.env (written by djl-libtorch.sh --fetch-cuda); without one, the
# CPU build inside the project's jars, so the same image also runs on a machine without a GPU.
#
# Usage: docker-entrypoint.sh COMMAND [ARG ...]
# Environment: GPT2_SENTIMENT_LIBTORCH  auto (default), cuda or cpu: force the choice
#              GPT2_SENTIMENT_ENTRYPOINT_DRY_RUN=1  print the choice and exit (used by lint-docker.sh)
set -euo pipefail

cuda_env="${ENGINE_CACHE_DIR:-$HOME/.djl.ai}/pytorch/cuda.env"
choice="${GPT2_SENTIMENT_LIBTORCH:-auto}"

gpu_visible() {
  # The NVIDIA container toolkit mounts the driver library and the device nodes only into containers given GPUs.
  [ -e /dev/nvidiactl ] && ldconfig -p 2>/dev/null | grep -q 'libcuda\.so\.1 '
}

if [ "$choice" = auto ]; then
  if gpu_visible; then choice=cuda; else choice=cpu; fi
fi
case "$choice" in
  cuda)
    if [ ! -f "$cuda_env" ]; then
      echo "gpt2-sentiment: $cuda_env is missing: this image was built without DJL's CUDA libtorch" >&2
      exit 1
    fi
    set -a
    # shellcheck source=/dev/null
    . "$cuda_env"
    set +a
    echo "gpt2-sentiment: using DJL's CUDA libtorch ($PYTORCH_FLAVOR) from $PYTORCH_LIBRARY_PATH" >&2
    ;;
  cpu)
    echo "gpt2-sentiment: using the CPU libtorch (no GPU visible, or GPT2_SENTIMENT_LIBTORCH=cpu; give the" \
         "container GPUs with docker run --gpus all)" >&2
    ;;
  *)
    echo "gpt2-sentiment: GPT2_SENTIMENT_LIBTORCH is '$choice'; expected auto, cuda or cpu" >&2
    exit 2
    ;;
esac

if [ "${GPT2_SENTIMENT_ENTRYPOINT_DRY_RUN:-}" = 1 ]; then
  echo "libtorch=$choice PYTORCH_LIBRARY_PATH=${PYTORCH_LIBRARY_PATH:-} PYTORCH_FLAVOR=${PYTORCH_FLAVOR:-}"
  exit 0
fi
exec "$@"
