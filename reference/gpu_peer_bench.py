"""The Python yardsticks of the GPU goals: transformers' Trainer fine-tuning GPT2ForSequenceClassification.

Needs only Python, torch and transformers (no Java), so it runs on a GPU machine where DJL cannot. For each
setting it builds a randomly initialised model from a GPT-2 config (no download), trains it with Trainer on
random full-length rows (batch x seq, no padding, so every step does the same work), and prints
  tokens/s over the timed steps (after warm-up steps), peak GPU memory (torch.cuda.max_memory_allocated) or the
  process's peak RSS on a CPU, and model FLOPs utilisation:
    MFU = tokens/s * (6 * N + 12 * L * d * seq) / peak
  with N the parameters that do matmuls (all but the token and position embeddings: the classifier has no LM
  head), L layers, d width (the attention term is PaLM's), and peak the GPU's dense tensor-core rate for the
  setting's precision (H200: BF16 989 TFLOP/s, TF32 494 TFLOP/s; override with --peak-bf16 / --peak-fp32).
  fp32 runs keep torch's default (TF32 matmuls off) unless --tf32 is given; the MFU against the TF32 peak is
  then a lower bound of what the hardware allows, and the plain-FP32 peak (H200: 67 TFLOP/s) is printed too.

Settings (--settings, comma-separated): {fp32,tf32,bf16}-{eager,sdpa}. fp32 is Trainer's default (torch's default:
TF32 matmuls off); tf32 is Trainer's tf32=True (fp32 weights and activations, TF32 tensor-core matmuls; GPU only);
bf16 is Trainer's bf16=True: autocast to bfloat16 with fp32 master weights, the walkthrough's mixed precision.

Run on the GPU (GPT-2 small at 8 x 512, the issue's setting):
  python reference/gpu_peer_bench.py --config ../shared/data/gpt2/config.json --out gpu-peer.json
Test on a CPU with a tiny model:
  reference/.venv/bin/python reference/gpu_peer_bench.py --device cpu --tiny --batch 2 --seq 32 --steps 3 --warmup 1
"""
import argparse
import copy
import gc
import json
import os
import platform
import resource
import sys
import tempfile
import time

import torch
from torch.utils.data import Dataset, SequentialSampler
from transformers import (GPT2Config, GPT2ForSequenceClassification, Trainer, TrainerCallback,
                          TrainingArguments, set_seed)
import transformers

PAD = 50256
# Dense (no sparsity) tensor-core peaks of an H200 SXM, TFLOP/s: NVIDIA's data sheet halves the sparse figures.
H200_PEAKS = {"bf16": 989.0, "tf32": 494.0, "fp32": 67.0}


class RandomRows(Dataset):
    """Fixed random token rows of exactly seq tokens and random labels: every batch costs the same."""

    def __init__(self, count, seq, vocab, seed):
        g = torch.Generator().manual_seed(seed)
        self.ids = torch.randint(0, vocab - 1, (count, seq), generator=g)  # never the pad id
        self.labels = torch.randint(0, 2, (count,), generator=g)

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, i):
        return {"input_ids": self.ids[i], "attention_mask": torch.ones_like(self.ids[i]), "labels": self.labels[i]}


class InOrderTrainer(Trainer):
    def _get_train_sampler(self, *args, **kwargs):
        return SequentialSampler(self.train_dataset)


class StepClock(TrainerCallback):
    """Wall time of every optimizer step, the GPU drained at each boundary so a step's kernels count in it."""

    def __init__(self, cuda):
        self.cuda, self.times = cuda, []

    def _now(self):
        if self.cuda:
            torch.cuda.synchronize()
        return time.perf_counter()

    def on_step_begin(self, args, state, control, **kwargs):
        self.begin = self._now()

    def on_step_end(self, args, state, control, **kwargs):
        self.times.append(self._now() - self.begin)


def flops_per_token(model, config, seq):
    embeddings = {"transformer.wte.weight", "transformer.wpe.weight"}
    matmul_params = sum(p.numel() for name, p in model.named_parameters() if name not in embeddings)
    return matmul_params, 6 * matmul_params + 12 * config.n_layer * config.n_embd * seq


def run_setting(setting, config, args, device, work):
    precision, attn = setting.split("-")
    set_seed(args.seed)
    config = copy.deepcopy(config)
    config._attn_implementation = attn  # eager or sdpa, as from_pretrained(attn_implementation=...) sets it
    model = GPT2ForSequenceClassification(config)  # random init, in fp32 (bf16 is autocast, not a cast)
    assert model.transformer._attn_implementation == attn, model.transformer._attn_implementation
    n, per_token = flops_per_token(model, config, args.seq)
    steps = args.warmup + args.steps
    rows = RandomRows(steps * args.batch, args.seq, config.vocab_size, args.seed)
    cuda = device == "cuda"
    training_args = TrainingArguments(
        output_dir=os.path.join(work, setting), per_device_train_batch_size=args.batch, max_steps=steps,
        learning_rate=5e-5, weight_decay=0.01, warmup_ratio=0.0, lr_scheduler_type="linear", max_grad_norm=1.0,
        optim="adamw_torch", seed=args.seed, bf16=precision == "bf16",
        tf32=True if args.tf32 or precision == "tf32" else None,
        save_strategy="no", eval_strategy="no", logging_strategy="no", report_to=[], disable_tqdm=True,
        use_cpu=not cuda, dataloader_num_workers=0)
    tf32_before = (torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32)
    clock = StepClock(cuda)
    trainer = InOrderTrainer(model=model, args=training_args, train_dataset=rows,
                             data_collator=torch.utils.data.default_collate, callbacks=[clock])
    if cuda:
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats()
    # What is allocated before training (this model's weights; anything a previous setting left would show here).
    start_bytes = torch.cuda.memory_allocated() if cuda else 0
    trainer.train()
    timed = clock.times[args.warmup:]
    seconds = sum(timed)
    tokens = len(timed) * args.batch * args.seq
    tps = tokens / seconds
    if cuda:
        peak_bytes, peak_kind = torch.cuda.max_memory_allocated(), "GPU allocated"
    else:
        peak_bytes, peak_kind = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, "process RSS"
    peak_tflops = args.peak_bf16 if precision == "bf16" else args.peak_fp32
    result = {"setting": setting, "precision": precision, "attention": attn, "tokens_per_second": tps,
              "timed_steps": len(timed), "train_seconds": seconds, "ms_per_step": 1000 * seconds / len(timed),
              "peak_memory_bytes": peak_bytes, "peak_memory_kind": peak_kind, "start_gpu_bytes": start_bytes,
              "matmul_parameters": n, "flops_per_token": per_token,
              "achieved_tflops": tps * per_token / 1e12, "peak_tflops_used": peak_tflops,
              "mfu": tps * per_token / (peak_tflops * 1e12),
              "tf32_matmul": bool(torch.backends.cuda.matmul.allow_tf32)}
    # Trainer's tf32=True sets torch's global flags: put them back so the next setting starts from the default.
    torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32 = tf32_before
    del trainer, model
    gc.collect()  # the Trainer's accelerator and callbacks hold the model and optimizer in reference cycles
    if cuda:
        torch.cuda.empty_cache()
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--config", default=os.path.join(here, "..", "..", "shared", "data", "gpt2", "config.json"),
                        help="GPT-2 config.json (default: ../shared/data/gpt2/config.json, GPT-2 small)")
    parser.add_argument("--tiny", action="store_true", help="2 layers, width 64, 2 heads: a CPU smoke test")
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--seq", type=int, default=512)
    parser.add_argument("--steps", type=int, default=30, help="timed optimizer steps per setting")
    parser.add_argument("--warmup", type=int, default=5, help="untimed steps first (allocator, cuBLAS autotune)")
    parser.add_argument("--settings", default="fp32-eager,fp32-sdpa,bf16-sdpa")
    parser.add_argument("--device", choices=["auto", "cuda", "cpu"], default="auto")
    parser.add_argument("--tf32", action="store_true", help="let fp32 matmuls use TF32 tensor cores")
    parser.add_argument("--peak-bf16", type=float, default=H200_PEAKS["bf16"], help="TFLOP/s (default: H200)")
    parser.add_argument("--peak-fp32", type=float, default=H200_PEAKS["tf32"],
                        help="TFLOP/s for fp32 settings (default: H200's dense TF32 rate)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", help="write the figures as JSON here")
    args = parser.parse_args()

    device = ("cuda" if torch.cuda.is_available() else "cpu") if args.device == "auto" else args.device
    if device == "cuda" and not torch.cuda.is_available():
        sys.exit("gpu_peer_bench.py: --device cuda but torch sees no GPU (torch.cuda.is_available() is False)")
    settings = args.settings.split(",")
    known = [f"{p}-{a}" for p in ("fp32", "tf32", "bf16") for a in ("eager", "sdpa")]
    for s in settings:
        if s not in known:
            sys.exit(f"gpu_peer_bench.py: unknown setting '{s}' (expected one of {', '.join(known)})")
        if s.startswith("tf32") and device != "cuda":
            sys.exit(f"gpu_peer_bench.py: {s} needs a CUDA GPU (TF32 is a tensor-core format)")
    if args.tiny:
        config = GPT2Config(n_layer=2, n_embd=64, n_head=2, n_positions=max(64, args.seq))
    else:
        if not os.path.exists(args.config):
            sys.exit(f"gpu_peer_bench.py: no GPT-2 config at {args.config} (pass --config FILE)")
        config = GPT2Config.from_json_file(args.config)
    if args.seq > config.n_positions:
        sys.exit(f"gpu_peer_bench.py: --seq {args.seq} exceeds the config's n_positions {config.n_positions}")
    config.num_labels, config.pad_token_id = 2, PAD

    gpu = torch.cuda.get_device_name(0) if device == "cuda" else platform.processor() or platform.machine()
    print(f"device: {device} ({gpu}); torch {torch.__version__}, transformers {transformers.__version__}")
    print(f"model:  GPT-2 {config.n_layer} layers x {config.n_embd}, {config.n_head} heads, random weights; "
          f"batch {args.batch} x {args.seq} tokens; {args.warmup} warm-up + {args.steps} timed steps per setting")
    print(f"peaks:  bf16 {args.peak_bf16:g} TFLOP/s, fp32 settings {args.peak_fp32:g} TFLOP/s "
          f"(H200 dense: BF16 {H200_PEAKS['bf16']:g}, TF32 {H200_PEAKS['tf32']:g}, plain FP32 {H200_PEAKS['fp32']:g})")
    results = []
    with tempfile.TemporaryDirectory() as work:
        for setting in settings:
            r = run_setting(setting, config, args, device, work)
            results.append(r)
            print(f"{setting:<11} {r['tokens_per_second']:>10,.0f} tokens/s  {r['ms_per_step']:8.1f} ms/step  "
                  f"peak {r['peak_memory_bytes'] / 2**30:6.2f} GiB ({r['peak_memory_kind']}"
                  f"{', %.2f GiB before training' % (r['start_gpu_bytes'] / 2**30) if device == 'cuda' else ''})  "
                  f"{r['achieved_tflops']:7.2f} TFLOP/s  MFU {100 * r['mfu']:5.1f}% of {r['peak_tflops_used']:g}"
                  f"{'  (TF32 on)' if r['tf32_matmul'] and r['precision'] != 'bf16' else ''}", flush=True)
    base = results[0]
    for r in results[1:]:
        print(f"ratio {r['setting']} / {base['setting']}: {r['tokens_per_second'] / base['tokens_per_second']:.2f}x")
    print(f"flops per token: {base['flops_per_token']:,} (6 x {base['matmul_parameters']:,} matmul parameters "
          f"+ 12 x {config.n_layer} x {config.n_embd} x {args.seq} attention)")
    summary = {"device": device, "device_name": gpu, "torch": torch.__version__,
               "transformers": transformers.__version__, "batch": args.batch, "seq": args.seq,
               "layers": config.n_layer, "width": config.n_embd, "heads": config.n_head, "results": results}
    if args.out:
        with open(args.out, "w") as f:
            json.dump(summary, f, indent=1)


if __name__ == "__main__":
    main()
