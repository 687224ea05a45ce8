"""Registers the Jupyter kernel "Java (gpt2-sentiment)" inside the running virtual environment (sys-prefix).

It is JJava's kernel with three project settings:
- the classpath (JJAVA_CLASSPATH): target/gpt2-sentiment.jar and every jar in target/lib;
- the JVM options: ai.djl.offline=true (DJL uses the libtorch it has and never downloads one behind your back),
  java.awt.headless=true (charts render to images, no display needed), plus any given after "--";
- GPT2_SENTIMENT_HOME, the repository root, so notebooks find the project wherever they run.
The library itself keeps DJL's and libtorch's log lines out of the notebooks (GPT2_SENTIMENT_VERBOSE=1 in the
environment of `jupyter lab` brings them back).

It is the only Java kernel offered afterwards: the generic "java" kernel that `pip install jjava` registers in the
same environment (without the project's classpath) is removed once its jar has been copied into this one.

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
BASE_JVM_OPTIONS = ["-Dai.djl.offline=true", "-Djava.awt.headless=true"]
# The kernel `pip install jjava` registers, and where it lives.
GENERIC_KERNEL = Path(sys.prefix) / "share" / "jupyter" / "kernels" / "java"
# JJava's own INFO lines (its message loops starting and stopping) go to the console of whoever started it.
LOGGING_PROPERTIES = """handlers = java.util.logging.ConsoleHandler
.level = WARNING
java.util.logging.ConsoleHandler.level = WARNING
"""


def jjava_jar() -> Path:
    """JJava's kernel jar: from the generic kernel `pip install jjava` just put into this environment, else from
    ours (an earlier run removed the generic one, and pip does not put it back for a package already installed)."""
    ours = Path(sys.prefix) / "share" / "jupyter" / "kernels" / KERNEL_NAME / "jjava.jar"
    for jar in (GENERIC_KERNEL / "jjava.jar", ours):
        if jar.is_file():
            return jar
    sys.exit(f"kernelspec.py: neither {GENERIC_KERNEL / 'jjava.jar'} nor {ours} exists: "
             f"reinstall jjava in {sys.prefix} (pip install --force-reinstall jjava)")


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
    if GENERIC_KERNEL.is_dir():
        # Two Java kernels would make every newcomer guess; the generic one cannot see the project's jar.
        shutil.rmtree(GENERIC_KERNEL)
        print(f"  removed JJava's generic kernel 'java' ({GENERIC_KERNEL}): only '{DISPLAY_NAME}' is offered")
    print(f"  classpath: {jar} and {lib}/*")
    print(f"  JVM options: {' '.join(jvm_options)}")


if __name__ == "__main__":
    main()
