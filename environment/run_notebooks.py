"""Runs notebooks top to bottom on the real Java kernel (nbclient), writing executed copies to target/notebooks/.

Stops at the first cell that fails, shows that cell and its error, and still writes the notebook executed so far.
Called by environment/run-notebooks.sh, which picks the virtual environment; see that script for usage.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError

ROOT = Path(__file__).resolve().parent.parent
KERNEL_NAME = "gpt2-sentiment-java"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
WALKTHROUGH = ["01-explore-data", "02-zero-shot-baseline", "03-fine-tune", "04-evaluate-and-compare"]


def notebook_path(name: str) -> Path:
    """A notebook given as a path, or by its name in notebooks/ with or without .ipynb."""
    path = Path(name)
    if path.suffix != ".ipynb":
        path = path.with_name(path.name + ".ipynb")
    if not path.exists() and len(path.parts) == 1:
        path = ROOT / "notebooks" / path
    return path


def first_line(cell) -> str:
    lines = cell.source.strip().splitlines()
    return lines[0][:70] if lines else ""


def describe_error(nb, error: CellExecutionError) -> str:
    """The failing cell and the error it showed, without terminal colours.

    nbclient's own message carries the traceback of JJava's reply, which is the kernel's internal stack; the
    error output of the cell holds what the user needs (the exception and the line of the cell, or the compiler's
    complaint).
    """
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    for number, cell in enumerate(code_cells, start=1):
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                shown = "\n".join(ANSI.sub("", line) for line in output.get("traceback", []))
                return (f"--- code cell {number} of {len(code_cells)} ---\n{cell.source}\n"
                        f"--- {output.ename}: {ANSI.sub('', output.evalue)} ---\n{shown}")
    return ANSI.sub("", str(error))


def run(path: Path, out_dir: Path, cell_timeout: int | None) -> bool:
    nb = nbformat.read(path, as_version=4)
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    started = time.monotonic()
    print(f"== {path.name}: {len(code_cells)} code cells", flush=True)

    def on_cell_start(cell, cell_index):
        cell.metadata["_started"] = time.monotonic()

    def on_cell_executed(cell, cell_index, execute_reply):
        seconds = time.monotonic() - cell.metadata.pop("_started", time.monotonic())
        status = execute_reply["content"]["status"]
        number = next(i for i, c in enumerate(code_cells, start=1) if c is cell)
        print(f"   [{number}/{len(code_cells)}] {seconds:7.1f} s  {status:5}  "
              f"{first_line(cell)}", flush=True)

    client = NotebookClient(
        nb,
        kernel_name=KERNEL_NAME,
        timeout=cell_timeout,
        startup_timeout=120,
        allow_errors=False,
        record_timing=True,
        # Like JupyterLab: the kernel's working directory is the notebook's folder.
        resources={"metadata": {"path": str(path.parent.resolve())}},
        on_cell_start=on_cell_start,
        on_cell_executed=on_cell_executed,
    )
    out = out_dir / path.name
    try:
        client.execute()
        ok = True
    except CellExecutionError as e:
        print(f"\nFAILED: {path} stopped at a cell error; executed copy so far: {out}\n{describe_error(nb, e)}",
              file=sys.stderr)
        ok = False
    except DeadKernelError as e:
        print(f"\nFAILED: {path}: the kernel died ({e}); executed copy so far: {out}", file=sys.stderr)
        ok = False
    finally:
        for cell in nb.cells:
            cell.metadata.pop("_started", None)
        nbformat.write(nb, out)
    if ok:
        print(f"   ok in {time.monotonic() - started:.1f} s -> {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}",
              flush=True)
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="environment/run-notebooks.sh",
        description="Runs the walkthrough notebooks (notebooks/01..04, in order) on the Java kernel, or the ones "
                    "given, and writes executed copies to target/notebooks/.")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", dest="mode", action="store_const", const="quick",
                      help="a few hundred reviews, short sequences, small enough for a CPU (default)")
    mode.add_argument("--full", dest="mode", action="store_const", const="full",
                      help="all of IMDB and gpt2, meant for a GPU")
    parser.add_argument("notebooks", nargs="*", metavar="NOTEBOOK",
                        help="notebooks to run instead of 01..04: paths, or names in notebooks/")
    parser.add_argument("--out", default=str(ROOT / "target" / "notebooks"),
                        help="folder for the executed copies (default: target/notebooks)")
    args = parser.parse_args()
    mode_name = args.mode or os.environ.get("GPT2_SENTIMENT_MODE", "quick")
    if mode_name not in ("quick", "full"):
        parser.error(f"GPT2_SENTIMENT_MODE is {mode_name!r}; expected quick or full")

    paths = [notebook_path(n) for n in (args.notebooks or WALKTHROUGH)]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        print("run-notebooks: missing " + ", ".join(str(p) for p in missing)
              + ("" if args.notebooks else " (without arguments it runs exactly notebooks/01..04; "
                                           "name the notebooks to run only some)"), file=sys.stderr)
        return 1
    try:
        KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    except NoSuchKernel:
        print(f"run-notebooks: no Jupyter kernel {KERNEL_NAME} in {sys.prefix}: run environment/setup.sh",
              file=sys.stderr)
        return 1
    if not (ROOT / "target" / "gpt2-sentiment.jar").is_file():
        print("run-notebooks: target/gpt2-sentiment.jar is missing: run mvn -B package -DskipTests",
              file=sys.stderr)
        return 1

    # The notebooks' parameter cells read these; the kernel inherits this process's environment.
    os.environ["GPT2_SENTIMENT_MODE"] = mode_name
    timeout_text = os.environ.get("GPT2_SENTIMENT_CELL_TIMEOUT", "")
    cell_timeout = int(timeout_text) if timeout_text else None
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    print(f"run-notebooks: mode {mode_name}, model {os.environ.get('GPT2_SENTIMENT_MODEL', 'gpt2 (default)')}, "
          f"data {os.environ.get('GPT2_SENTIMENT_DATA', 'the official IMDB download (default)')}", flush=True)

    started = time.monotonic()
    passed = 0
    for path in paths:
        if not run(path, out_dir, cell_timeout):
            print(f"notebooks: {passed} passed, 1 failed")
            return 1
        passed += 1
    print(f"run-notebooks: {passed} notebook(s) ran without error in {time.monotonic() - started:.1f} s")
    print(f"notebooks: {passed} passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
