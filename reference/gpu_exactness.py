"""The Python half of the GPU exactness check: transformers' logits on the committed model fixtures, on a GPU.

For each fixture under src/test/resources/fixtures/model that has inputs (lm_plain, lm_inner_f16, lm_bf16,
cls_eos_pad), loads the checkpoint with from_pretrained in fp32 (eager attention, TF32 off: the exact path), runs
the fixture's right- and left-padded inputs on --device, writes <fixture>.safetensors with right.logits and
left.logits into --out, and prints how far they are from the committed CPU logits. environment/GpuExactness.java
then compares our model on the GPU against these files.

Run: python reference/gpu_exactness.py --out /tmp/gpu-logits [--device cuda]
"""
import argparse
import os
import sys

import torch
from safetensors.torch import load_file, save_file
from transformers import GPT2ForSequenceClassification, GPT2LMHeadModel

FIXTURES = ("lm_plain", "lm_inner_f16", "lm_bf16", "cls_eos_pad")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fixtures", default=os.path.join(here, "..", "src", "test", "resources", "fixtures", "model"))
    parser.add_argument("--out", required=True)
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    args = parser.parse_args()
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    os.makedirs(args.out, exist_ok=True)
    name_of = torch.cuda.get_device_name(0) if args.device == "cuda" else args.device
    print(f"transformers on {args.device} ({name_of}), fp32, eager attention, TF32 off")
    for name in FIXTURES:
        folder = os.path.join(args.fixtures, name)
        if not os.path.exists(os.path.join(folder, "expected.safetensors")):
            sys.exit(f"gpu_exactness.py: {folder}/expected.safetensors is missing")
        cls = GPT2ForSequenceClassification if name.startswith("cls") else GPT2LMHeadModel
        model = cls.from_pretrained(folder, dtype=torch.float32, attn_implementation="eager").to(args.device).eval()
        expected = load_file(os.path.join(folder, "expected.safetensors"))
        logits = {}
        for side in ("right", "left"):
            ids = expected[f"{side}.input_ids"]
            mask = expected[f"{side}.attention_mask"]
            # Positions count real tokens only, as in make_model_fixtures.py (and our model): left padding shifts none.
            positions = (mask.long().cumsum(-1) - 1).masked_fill(mask == 0, 1)
            with torch.no_grad():
                out = model(input_ids=ids.to(args.device), attention_mask=mask.to(args.device),
                            position_ids=positions.to(args.device)).logits.float().cpu()
            keep = mask.bool() if out.dim() == 3 else torch.ones(out.shape[0], dtype=torch.bool)
            diff = (out - expected[f"{side}.logits"]).abs()[keep].max().item()
            print(f"transformers {name:<13} {side:<5} padding: max |{args.device} - committed cpu| = {diff:.3g}")
            logits[f"{side}.logits"] = out.contiguous()
        save_file(logits, os.path.join(args.out, f"{name}.safetensors"))


if __name__ == "__main__":
    main()
