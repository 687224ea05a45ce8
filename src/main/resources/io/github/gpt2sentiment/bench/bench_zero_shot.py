"""The Python side of `bench baseline`: the same prompts through transformers' GPT2LMHeadModel, scored as the
Java side scores them (left-padded batches sorted by length, the same padded-token budget, position ids from
the attention mask, only the last position's logits), timed the same way. Prints one JSON line.

Usage: python bench_zero_shot.py MODEL_DIR PROMPTS.json
PROMPTS.json: {"prompts": [[ids...], ...], "verbalizers": [negative_id, positive_id], "batch_tokens": N,
               "threads": N}
"""
import json
import sys
import time

import torch
import transformers
from transformers import GPT2LMHeadModel

model_dir, prompts_path = sys.argv[1], sys.argv[2]
with open(prompts_path, encoding="utf-8") as f:
    spec = json.load(f)
prompts, verbalizers, budget = spec["prompts"], spec["verbalizers"], spec["batch_tokens"]
torch.set_num_threads(spec["threads"])
model = GPT2LMHeadModel.from_pretrained(model_dir, torch_dtype=torch.float32).eval()
pad = 50256


def batches(prompts):
    order = sorted(range(len(prompts)), key=lambda i: (-len(prompts[i]), i))
    start = 0
    while start < len(order):
        items = max(1, budget // len(prompts[order[start]]))
        yield order[start:start + items]
        start += items


def score(prompts):
    out = [None] * len(prompts)
    with torch.inference_mode():
        for rows in batches(prompts):
            width = len(prompts[rows[0]])
            ids = torch.full((len(rows), width), pad, dtype=torch.long)
            mask = torch.zeros((len(rows), width), dtype=torch.long)
            for r, i in enumerate(rows):
                ids[r, width - len(prompts[i]):] = torch.tensor(prompts[i])
                mask[r, width - len(prompts[i]):] = 1
            positions = (mask.cumsum(1) - 1).clamp(min=0)
            logits = model(input_ids=ids, attention_mask=mask, position_ids=positions, logits_to_keep=1).logits
            logp = torch.log_softmax(logits[:, -1, :].float(), dim=-1)[:, verbalizers]
            for r, i in enumerate(rows):
                out[i] = logp[r].tolist()
    return out


score(prompts[:1])  # warm-up on one prompt, as on the Java side
start = time.perf_counter()
scores = score(prompts)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "scores": scores, "torch": torch.__version__,
                  "transformers": transformers.__version__, "threads": torch.get_num_threads()}))
