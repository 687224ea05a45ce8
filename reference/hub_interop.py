"""Cross-checks the Java hub client against Python's huggingface_hub on one loopback "hub".

Both clients download the same repository, each into its own cache, from the test suite's FakeHub (started here as
a process); then each reads the other's cache offline, and the two caches must be identical file for file, link for
link. Finally transformers loads the model and tokenizer from the cache Java filled.

Run from the repository root (needs the Python peers of reference/setup.sh and a JDK; CI never runs it):

    reference/.venv/bin/python reference/hub_interop.py            # builds with Maven first
    reference/.venv/bin/python reference/hub_interop.py --no-build # reuse target/

Exit code 0 and "hub interop: OK" when everything matches.
"""
import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPO = "someone/tiny-gpt2"
COMMIT = "607a30d783dfa663caf39e06633721c8d4cfcd7e"
# What a GPT-2 checkpoint folder holds on the hub; special_tokens_map.json is left out on purpose so that both
# clients record a missing file (.no_exist).
FILES = ["config.json", "model.safetensors", "tokenizer.json", "vocab.json", "merges.txt", "tokenizer_config.json",
         "special_tokens_map.json", "generation_config.json"]
TEXT = "Hello world! This movie was great."
IDS = [15496, 995, 0, 770, 3807, 373, 1049, 13]


def make_repo(folder: Path, data: Path) -> None:
    """A real (tiny, random) GPT-2 checkpoint saved by transformers, with GPT-2's published tokenizer files."""
    import torch
    from transformers import GPT2Config, GPT2LMHeadModel

    config = GPT2Config.from_json_file(str(data / "gpt2" / "config.json"))
    config.n_layer, config.n_embd, config.n_head = 2, 64, 2
    torch.manual_seed(0)
    GPT2LMHeadModel(config).save_pretrained(folder, safe_serialization=True)
    for name in ["tokenizer.json", "vocab.json", "merges.txt", "tokenizer_config.json"]:
        shutil.copy(data / "gpt2" / name, folder / name)


def python_side(env: dict, code: str) -> str:
    """Runs code in a fresh interpreter: huggingface_hub reads its environment variables once, at import."""
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"Python side failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout.strip()


def java_download(env: dict) -> str:
    result = subprocess.run(["java", "-jar", str(ROOT / "target" / "gpt2-sentiment.jar"), "download", "--model", REPO],
                            env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"Java download failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout.strip().splitlines()[-1]


PY_DOWNLOAD = f"""
from huggingface_hub import hf_hub_download
from huggingface_hub.utils import EntryNotFoundError
paths = []
for name in {FILES!r}:
    try:
        paths.append(hf_hub_download({REPO!r}, name))
    except EntryNotFoundError:
        pass
import os
print(os.path.dirname(paths[0]))
"""

PY_READ_OFFLINE = f"""
import json
from huggingface_hub import hf_hub_download, try_to_load_from_cache, scan_cache_dir, _CACHED_NO_EXIST
from transformers import AutoModelForCausalLM, AutoTokenizer
import torch
found = {{}}
for name in {FILES!r}:
    hit = try_to_load_from_cache({REPO!r}, name)
    found[name] = "missing" if hit is _CACHED_NO_EXIST else hit
    if isinstance(hit, str):
        assert hf_hub_download({REPO!r}, name) == hit
report = scan_cache_dir()
repos = [(r.repo_id, sorted(r.refs), r.nb_files) for r in report.repos]
warnings = [str(w) for w in report.warnings]
if warnings or not all(isinstance(hit, str) or hit == "missing" for hit in found.values()):
    print(json.dumps({{"found": {{k: str(v) for k, v in found.items()}}, "warnings": warnings, "repos": repos}}))
    raise SystemExit(0)
tokenizer = AutoTokenizer.from_pretrained({REPO!r})
model = AutoModelForCausalLM.from_pretrained({REPO!r})
ids = tokenizer({TEXT!r})["input_ids"]
with torch.no_grad():
    logits = model(torch.tensor([ids])).logits
print(json.dumps({{"found": found, "warnings": warnings, "repos": repos, "ids": ids,
                  "logits_finite": bool(torch.isfinite(logits).all())}}))
"""


def tree(cache: Path) -> dict:
    """Every entry of a repository's cache folder: links with their targets, files with their sha256."""
    out = {}
    base = cache / ("models--" + REPO.replace("/", "--"))
    for path in sorted(base.rglob("*")):
        rel = str(path.relative_to(base))
        if path.is_symlink():
            out[rel] = "link -> " + os.readlink(path)
        elif path.is_file():
            out[rel] = "file " + hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            out[rel] = "dir"
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-build", action="store_true", help="reuse target/ instead of running Maven")
    parser.add_argument("--keep", action="store_true", help="keep the two caches and print where they are")
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"), help="the shared data folder")
    args = parser.parse_args()
    if not args.no_build:
        subprocess.run(["mvn", "-B", "-q", "-DskipTests", "package"], cwd=ROOT, check=True)

    work = Path(tempfile.mkdtemp(prefix="hub-interop-"))
    repo_folder = work / "repo"
    repo_folder.mkdir()
    make_repo(repo_folder, Path(args.data))

    classpath = os.pathsep.join([str(ROOT / "target" / "test-classes"), str(ROOT / "target" / "classes"),
                                 str(ROOT / "target" / "lib" / "*")])
    server = subprocess.Popen(["java", "-cp", classpath, "io.github.gpt2sentiment.hub.FakeHub", REPO, COMMIT,
                               str(repo_folder)], stdout=subprocess.PIPE, text=True)
    try:
        endpoint = server.stdout.readline().strip()
        if not endpoint.startswith("http://"):
            sys.exit(f"FakeHub did not start (printed {endpoint!r})")
        base = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HUGGINGFACE_", "TRANSFORMERS_"))}
        base.update(HF_ENDPOINT=endpoint, HF_HUB_DISABLE_TELEMETRY="1", HF_HUB_DISABLE_PROGRESS_BARS="1")
        py_cache, java_cache = work / "python-cache", work / "java-cache"

        # 1. Python downloads; Java, offline, finds the very same snapshot.
        py_snapshot = python_side({**base, "HF_HUB_CACHE": str(py_cache)}, PY_DOWNLOAD)
        java_reads_py = java_download({**base, "HF_HUB_CACHE": str(py_cache), "HF_HUB_OFFLINE": "1"})
        check(java_reads_py == py_snapshot, f"Java read Python's cache as {java_reads_py}, expected {py_snapshot}")

        # 2. Java downloads; Python and transformers, offline, read it.
        java_snapshot = java_download({**base, "HF_HUB_CACHE": str(java_cache)})
        check(java_snapshot == py_snapshot.replace(str(py_cache), str(java_cache)),
              f"Java's snapshot {java_snapshot} is not where Python puts it")
        report = json.loads(python_side({**base, "HF_HUB_CACHE": str(java_cache), "HF_HUB_OFFLINE": "1"},
                                        PY_READ_OFFLINE))
        for name, hit in report["found"].items():
            expected = "missing" if name == "special_tokens_map.json" else str(Path(java_snapshot) / name)
            check(hit == expected, f"Python finds {name} in Java's cache as {hit}, expected {expected}")
        check(report["warnings"] == [], f"scan_cache_dir warns about Java's cache: {report['warnings']}")
        check([(r[0], r[1]) for r in report["repos"]] == [(REPO, ["main"])], f"scan_cache_dir sees {report['repos']}")
        check(report["ids"] == IDS and report["logits_finite"], f"transformers on Java's cache: {report}")

        # 3. The two caches are the same, entry for entry.
        py_tree, java_tree = tree(py_cache), tree(java_cache)
        for rel in sorted(set(py_tree) | set(java_tree)):
            check(py_tree.get(rel) == java_tree.get(rel),
                  f"{rel}: Python {py_tree.get(rel)!r} vs Java {java_tree.get(rel)!r}")
        print(f"hub interop: OK ({len(java_tree)} cache entries identical; huggingface_hub read Java's cache, "
              f"Java read huggingface_hub's; transformers loaded the model from Java's cache)")
    finally:
        server.kill()
        server.wait()
        if args.keep:
            print(f"caches kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def check(condition: bool, message: str) -> None:
    if not condition:
        sys.exit("hub interop: FAILED: " + message)


if __name__ == "__main__":
    main()
