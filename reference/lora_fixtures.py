"""LoRA adapters in peft's format, both ways (the Java side: io.github.gpt2sentiment.model.LoraAdapter).

Two jobs:

  make (default)   Builds a tiny random GPT2ForSequenceClassification, wraps it with peft LoRA (SEQ_CLS, r=4,
                   fan_in_fan_out), gives lora_B random non-zero values (peft starts it at zero, which would test
                   nothing) and saves the base model folder, the adapter folders and what peft computes on a padded
                   batch into src/test/resources/fixtures/lora/ (LoraAdapterTest reads them):
                     base/              config.json, model.safetensors (save_pretrained)
                     c_attn/            adapter_config.json, adapter_model.safetensors (save_pretrained of peft)
                     all/               the same with target_modules c_attn, c_proj, c_fc
                     expected.safetensors  input_ids, attention_mask, and each adapter's logits

  --check-java DIR Loads every adapter folder the Java tests saved under DIR (java_outputs.safetensors beside it
                   holds the inputs and the logits Java computed) with PeftModel.from_pretrained on its
                   base_model_name_or_path and checks peft gets the same logits.

  --check-merged DIR
                   Loads a folder `export --merge` wrote (ExportCommandTest leaves target/java-merged, the "all"
                   adapter merged) with plain transformers, no peft, and checks it gives the logits peft gives with
                   the adapter on its base (expected.safetensors) on the same batch.

Run from the repository root:

  reference/.venv/bin/python reference/lora_fixtures.py
  mvn -B -q test -Dtest=LoraAdapterTest && reference/.venv/bin/python reference/lora_fixtures.py --check-java target/java-lora
  mvn -B -q test -Dtest=ExportCommandTest && \
    reference/.venv/bin/python reference/lora_fixtures.py --check-merged target/java-merged
"""

import argparse
import json
import shutil
import sys
from pathlib import Path

import torch
from peft import LoraConfig, PeftModel, get_peft_model
from safetensors.torch import load_file, save_file
from transformers import GPT2ForSequenceClassification

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_model_fixtures import VOCAB, base_config, mask_positions, padded, randomize, random_rows  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src/test/resources/fixtures/lora"
# What the adapters name as their base: relative to the repository root, where Maven runs the tests.
BASE = "src/test/resources/fixtures/lora/base"
TOLERANCE = 1e-4


def base_model(seed):
    pad = VOCAB - 1
    config = base_config(num_labels=2, id2label={0: "NEGATIVE", 1: "POSITIVE"},
                         label2id={"NEGATIVE": 0, "POSITIVE": 1}, pad_token_id=pad, eos_token_id=pad)
    return randomize(GPT2ForSequenceClassification(config), seed)


def adapter(base, targets, seed):
    config = LoraConfig(task_type="SEQ_CLS", r=4, lora_alpha=8, lora_dropout=0.05, target_modules=targets,
                        fan_in_fan_out=True)
    model = get_peft_model(base, config)
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "lora_B" in name or "modules_to_save" in name:
                p.copy_(torch.randn(p.shape, generator=gen) * 0.3)
    model.eval()
    return model


def batch(seed):
    pad = VOCAB - 1
    rows = [[t if t != pad else 0 for t in r] for r in random_rows(seed, [9, 5, 2, 7])]
    return padded(rows, 9, pad_id=pad, left=False)


def make():
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    torch.manual_seed(0)
    base_model(11).save_pretrained(OUT / "base", safe_serialization=True)
    ids, mask = batch(12)
    expected = {"input_ids": ids, "attention_mask": mask}
    for name, targets, seed in (("c_attn", ["c_attn"], 13), ("all", ["c_attn", "c_proj", "c_fc"], 14)):
        base = GPT2ForSequenceClassification.from_pretrained(BASE)
        model = adapter(base, targets, seed)
        model.save_pretrained(OUT / name)
        (OUT / name / "README.md").unlink()  # peft's model card template: nothing a test reads
        with torch.no_grad():
            expected[name + ".logits"] = model(input_ids=ids, attention_mask=mask,
                                               position_ids=mask_positions(mask)).logits
        config = json.loads((OUT / name / "adapter_config.json").read_text())
        keys = sorted(load_file(str(OUT / name / "adapter_model.safetensors")))
        print(f"{name}: {len(keys)} tensors, e.g. {keys[0]}, {keys[-1]}; base {config['base_model_name_or_path']};"
              f" modules_to_save {config['modules_to_save']}")
    save_file({k: v.contiguous() for k, v in expected.items()}, str(OUT / "expected.safetensors"))


def check_java(folder):
    failures = 0
    outputs = sorted(Path(folder).glob("*/java_outputs.safetensors"))
    if not outputs:
        sys.exit(f"No */java_outputs.safetensors under {folder}: run the Java test first")
    for path in outputs:
        adapter_dir = path.parent
        config = json.loads((adapter_dir / "adapter_config.json").read_text())
        base = GPT2ForSequenceClassification.from_pretrained(config["base_model_name_or_path"])
        model = PeftModel.from_pretrained(base, adapter_dir).eval()
        java = load_file(str(path))
        ids, mask = java["input_ids"], java["attention_mask"]
        with torch.no_grad():
            logits = model(input_ids=ids, attention_mask=mask, position_ids=mask_positions(mask)).logits
        diff = (logits - java["logits"]).abs().max().item()
        nonzero_b = any(("lora_B" in n and p.abs().max() > 0) for n, p in model.named_parameters())
        ok = diff <= TOLERANCE and nonzero_b
        failures += not ok
        print(f"{adapter_dir.name}: max |peft - java| = {diff:.2e}, lora_B non-zero: {nonzero_b}, "
              f"{'OK' if ok else 'FAIL'}")
    sys.exit(1 if failures else 0)


def check_merged(folder, name="all"):
    folder = Path(folder)
    model, info = GPT2ForSequenceClassification.from_pretrained(folder, output_loading_info=True)
    model.eval()
    missing = info["missing_keys"] + info["unexpected_keys"] + info["mismatched_keys"]
    tensors = load_file(str(folder / "model.safetensors"))
    lora = [k for k in tensors if "lora" in k]
    expected = load_file(str(OUT / "expected.safetensors"))
    ids, mask = expected["input_ids"], expected["attention_mask"]
    with torch.no_grad():
        logits = model(input_ids=ids, attention_mask=mask, position_ids=mask_positions(mask)).logits
        # And peft itself, on the same inputs, from the adapter the folder was exported from.
        base = GPT2ForSequenceClassification.from_pretrained(BASE)
        peft = PeftModel.from_pretrained(base, OUT / name).eval()
        peft_logits = peft(input_ids=ids, attention_mask=mask, position_ids=mask_positions(mask)).logits
    diff = (logits - peft_logits).abs().max().item()
    fixture = (peft_logits - expected[name + ".logits"]).abs().max().item()
    labels = model.config.id2label == {0: "NEGATIVE", 1: "POSITIVE"}
    ok = diff <= TOLERANCE and not lora and not missing and labels
    print(f"{folder}: {len(tensors)} tensors, lora tensors: {len(lora)}, missing/unexpected: {missing}, "
          f"id2label {model.config.id2label}, pad_token_id {model.config.pad_token_id}; max |transformers(merged) - peft({name})| = {diff:.2e} "
          f"(peft vs fixture {fixture:.2e}) {'OK' if ok else 'FAIL'}")
    sys.exit(0 if ok else 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check-java", metavar="DIR")
    parser.add_argument("--check-merged", metavar="DIR")
    args = parser.parse_args()
    if args.check_merged:
        check_merged(args.check_merged)
    elif args.check_java:
        check_java(args.check_java)
    else:
        make()


if __name__ == "__main__":
    main()
