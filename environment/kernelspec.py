"""Registers the Jupyter kernel "Java (gpt2-sentiment)" inside the running virtual environment (sys-prefix).

It is JJava's kernel with three project settings:
- the classpath (JJAVA_CLASSPATH): target/gpt2-sentiment.jar and every jar in target/lib;
- the JVM options: ai.djl.offline=true (DJL uses the libtorch it has and never downloads one behind your back),
  java.awt.headless=true (charts render to images, no display needed), quieter logs, plus any given after "--";
- GPT2_SENTIMENT_HOME, the repository root, so notebooks find the project wherever they run.

The JVM is started directly rather than through JJava's launcher jar, which would start a second JVM and take
the kernel's Java from PATH instead of the JDK checked by setup.sh.

Usage (setup.sh runs it): .venv/bin/python environment/kernelspec.py --java /path/to/java --root . [-- -Xmx16g]
"""

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from jupyter_client.kernelspec import KernelSpecManager

KERNEL_NAME = "gpt2-sentiment-java"
DISPLAY_NAME = "Java (gpt2-sentiment)"
BASE_JVM_OPTIONS = ["-Dai.djl.offline=true", "-Djava.awt.headless=true",
                    # Library INFO lines (DJL's platform and thread counts) would clutter every notebook's output.
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"]
# JJava's own INFO lines (its message loops starting and stopping) go to the console of whoever started it.
LOGGING_PROPERTIES = """handlers = java.util.logging.ConsoleHandler
.level = WARNING
java.util.logging.ConsoleHandler.level = WARNING
"""


def jjava_jar() -> Path:
    """The kernel jar that `pip install jjava` put into this environment's share/jupyter/kernels/java."""
    jar = Path(sys.prefix) / "share" / "jupyter" / "kernels" / "java" / "jjava.jar"
    if not jar.is_file():
        sys.exit(f"kernelspec.py: {jar} is missing: is jjava installed in {sys.prefix}?")
    return jar


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--java", required=True, help="absolute path of the JDK's java executable")
    parser.add_argument("--root", required=True, help="the repository root (holds target/gpt2-sentiment.jar)")
    parser.add_argument("jvm_options", nargs="*", help="extra JVM options, after --")
    args = parser.parse_args()

    root = Path(args.root).resolve()
    jar = root / "target" / "gpt2-sentiment.jar"
    lib = root / "target" / "lib"
    if not jar.is_file() or not lib.is_dir():
        sys.exit(f"kernelspec.py: {jar} or {lib} is missing: build it with mvn -B package -DskipTests")

    jvm_options = BASE_JVM_OPTIONS + args.jvm_options
    spec = {
        "argv": [args.java, *jvm_options,
                 "-Djava.util.logging.config.file={resource_dir}/logging.properties",
                 # What JJava's own launcher adds: JJava reaches into JShell's internals.
                 "--add-opens", "jdk.jshell/jdk.jshell=ALL-UNNAMED",
                 "-jar", "{resource_dir}/jjava.jar", "{connection_file}"],
        "display_name": DISPLAY_NAME,
        "language": "java",
        "interrupt_mode": "message",
        "env": {
            # JJava expands the trailing /* to every jar in the folder.
            "JJAVA_CLASSPATH": f"{jar}:{lib}/*",
            # Read by JJava's launcher only; kept so the options are visible in one place for either way of
            # starting the kernel.
            "JJAVA_JVM_OPTS": " ".join(jvm_options),
            "GPT2_SENTIMENT_HOME": str(root),
        },
        "metadata": {"gpt2-sentiment": {"jar": str(jar)}},
    }

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / KERNEL_NAME
        folder.mkdir()
        shutil.copy2(jjava_jar(), folder / "jjava.jar")
        (folder / "logging.properties").write_text(LOGGING_PROPERTIES)
        (folder / "kernel.json").write_text(json.dumps(spec, indent=2) + "\n")
        installed = KernelSpecManager().install_kernel_spec(
            str(folder), kernel_name=KERNEL_NAME, prefix=sys.prefix)
    print(f"Kernel '{DISPLAY_NAME}' ({KERNEL_NAME}) registered in {installed}")
    print(f"  classpath: {jar} and {lib}/*")
    print(f"  JVM options: {' '.join(jvm_options)}")


if __name__ == "__main__":
    main()
