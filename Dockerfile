# gpt2-sentiment for NVIDIA GPU machines: JupyterLab on the project's Java kernel, the command line, and DJL's
# CUDA 12.8 build of libtorch 2.7.1 fetched while the image builds, so a container starts without network.
# The logic lives in environment/ scripts that CI runs too; this file only orders them. See docs/docker-and-gpu.md.
#
#   docker build -t gpt2-sentiment .
#   docker run --gpus all -p 8888:8888 -v "$PWD/notebooks:/workspace/notebooks" gpt2-sentiment
FROM nvidia/cuda:12.8.1-runtime-ubuntu24.04

ARG DEBIAN_FRONTEND=noninteractive
# A JDK (the kernel runs cells with JShell), Maven, Python for JupyterLab, fonts for charts, tini to reap kernels.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        openjdk-17-jdk-headless maven python3 python3-venv \
        ca-certificates unzip fontconfig fonts-dejavu-core tini \
    && rm -rf /var/lib/apt/lists/*

# A non-root user with uid 1000 (usually the host user's, so mounted folders stay writable); the base image's
# own uid-1000 user "ubuntu" makes way for it.
RUN if id ubuntu >/dev/null 2>&1; then userdel --remove ubuntu; fi \
    && useradd --create-home --uid 1000 --shell /bin/bash app \
    && mkdir -p /workspace/reports /opt/djl \
    && chown -R app:app /workspace /opt/djl

USER 1000:1000
WORKDIR /workspace
# DJL's engine cache (the CUDA libtorch, the tokenizers' native library) outside the home folder, so a volume on
# the home folder does not hide it.
ENV ENGINE_CACHE_DIR=/opt/djl \
    OPT_OUT_TRACKING=true \
    PATH=/workspace/.venv/bin:/workspace/environment:$PATH

# Dependencies first: this layer is rebuilt only when pom.xml changes.
COPY --chown=1000:1000 pom.xml ./
RUN mvn -B -q dependency:go-offline

COPY --chown=1000:1000 src ./src
COPY --chown=1000:1000 environment ./environment
COPY --chown=1000:1000 notebooks ./notebooks
# The same script as the README and CI: venv, jar, kernelspec. Then the CUDA libtorch into /opt/djl.
RUN environment/setup.sh --build \
    && environment/djl-libtorch.sh --fetch-cuda

VOLUME ["/workspace/notebooks", "/workspace/reports"]
EXPOSE 8888
ENTRYPOINT ["/usr/bin/tini", "--", "/workspace/environment/docker-entrypoint.sh"]
CMD ["jupyter", "lab", "--ip=0.0.0.0", "--port=8888", "--no-browser", "--ServerApp.root_dir=/workspace/notebooks"]
