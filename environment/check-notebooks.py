#!/usr/bin/env python3
"""Checks that the committed notebooks are clean: no outputs, no execution counts, the project's Java kernel.

Outputs belong in target/notebooks/ (written by run-notebooks.sh), never in git: they bloat diffs, go stale and
can hide a notebook that no longer runs. Standard library only, so it runs before any setup.

Usage: environment/check-notebooks.py [--strip] [NOTEBOOK ...]    (default: every notebooks/*.ipynb)
  --strip  clears outputs and execution counts in place instead of failing on them
"""

import json
import sys
from pathlib import Path

KERNEL_NAME = "gpt2-sentiment-java"
ROOT = Path(__file__).resolve().parent.parent


def problems_of(path: Path, strip: bool) -> list[str]:
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        return [f"not a readable JSON notebook ({e})"]
    if nb.get("nbformat") != 4 or not isinstance(nb.get("cells"), list):
        return ["not an nbformat 4 notebook (expected \"nbformat\": 4 and a \"cells\" list)"]
    problems = []
    kernel = nb.get("metadata", {}).get("kernelspec", {})
    if kernel.get("name") != KERNEL_NAME:
        problems.append(f"metadata.kernelspec.name is {kernel.get('name')!r}, expected {KERNEL_NAME!r}")
    changed = False
    for number, cell in enumerate(nb["cells"], start=1):
        if cell.get("cell_type") != "code":
            continue
        dirty = []
        if cell.get("outputs"):
            dirty.append(f"{len(cell['outputs'])} output(s)")
        if cell.get("execution_count") is not None:
            dirty.append(f"execution_count {cell['execution_count']}")
        if not dirty:
            continue
        if strip:
            cell["outputs"], cell["execution_count"] = [], None
            changed = True
        else:
            first_line = "".join(cell.get("source", "")).strip().splitlines()[:1]
            problems.append(f"cell {number} ({first_line[0][:60] if first_line else 'empty'!r}) has "
                            + " and ".join(dirty))
    if changed:
        path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"stripped {path}")
    return problems


def main(argv: list[str]) -> int:
    strip = "--strip" in argv
    names = [a for a in argv if a != "--strip"]
    if any(a.startswith("-") for a in names):
        print(__doc__, file=sys.stderr)
        return 2
    paths = [Path(a) for a in names] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    if not paths:
        print("check-notebooks: no notebooks found in notebooks/", file=sys.stderr)
        return 1
    failed = False
    for path in paths:
        for problem in problems_of(path, strip):
            print(f"{path}: {problem}", file=sys.stderr)
            failed = True
    if failed:
        print("check-notebooks: commit notebooks without outputs (environment/check-notebooks.py --strip cleans "
              "them)", file=sys.stderr)
        return 1
    print(f"check-notebooks: {len(paths)} notebook(s) clean")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
