"""The Python side of `bench model`: forward throughput and peak memory of transformers' GPT-2 on CPU.

Builds the model from a config.json with random weights (no download) and feeds random token ids of shape
[batch, seq] with an all-ones attention mask under torch.no_grad(), after one warm-up forward.

Alone it times --runs forwards and prints one JSON line. With --serve (how `bench model` drives it, so that Java
and Python forwards alternate and see the same machine load) it prints "ready", then times one forward per "run"
line read from stdin (printing {"seconds": ...}), and prints the summary on "stats".

Summary: {"tokens_per_s", "ms_per_forward", "cpu_s_per_forward", "peak_rss_mb", "baseline_rss_mb", "threads", ...}:
CPU seconds (all threads) are what a forward costs even when other processes share the machine; the peak is the
process's VmHWM (weights, warm-up and timed forwards), the baseline its RSS once torch and transformers are imported.

  reference/.venv/bin/python reference/bench_model.py --config ../shared/data/gpt2/config.json --batch 8 --seq 256
"""

import argparse
import json
import statistics
import sys
import time

import torch
import transformers
from transformers import GPT2Config, GPT2ForSequenceClassification, GPT2LMHeadModel


def status_mb(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--config", required=True)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--seq", type=int, default=256)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--head", choices=["classifier", "lm"], default="classifier")
    p.add_argument("--serve", action="store_true")
    args = p.parse_args()

    baseline = status_mb("VmRSS")
    torch.manual_seed(0)
    config = GPT2Config.from_json_file(args.config)
    if args.head == "classifier":
        config.pad_token_id = config.eos_token_id
        model = GPT2ForSequenceClassification(config)
    else:
        model = GPT2LMHeadModel(config)
    model.eval()
    ids = torch.randint(0, config.vocab_size - 1, (args.batch, args.seq))
    mask = torch.ones_like(ids)

    def forward():
        with torch.no_grad():
            cpu = time.process_time()
            start = time.perf_counter()
            out = model(input_ids=ids, attention_mask=mask).logits
            seconds = time.perf_counter() - start
            cpu_seconds.append(time.process_time() - cpu)
            del out
        return seconds

    cpu_seconds = []
    forward()  # warm-up
    cpu_seconds.clear()
    times = []
    commands = (line.strip() for line in sys.stdin) if args.serve else iter(["run"] * args.runs + ["stats"])
    if args.serve:
        print("ready", flush=True)
    for command in commands:
        if command == "run":
            times.append(forward())
            if args.serve:
                print(json.dumps({"seconds": times[-1], "cpu_seconds": cpu_seconds[-1]}), flush=True)
        elif command == "stats":
            median = statistics.median(times)
            print(json.dumps({
                "tokens_per_s": args.batch * args.seq / median,
                "ms_per_forward": median * 1000,
                "cpu_s_per_forward": statistics.median(cpu_seconds),
                "peak_rss_mb": status_mb("VmHWM"),
                "baseline_rss_mb": baseline,
                "threads": torch.get_num_threads(),
                "attention": model.config._attn_implementation,
                "versions": f"torch {torch.__version__}, transformers {transformers.__version__}",
            }), flush=True)
            break


if __name__ == "__main__":
    main()
