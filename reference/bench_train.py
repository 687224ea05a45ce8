"""The Python side of `bench train`: transformers' Trainer on exactly the batches the Java trainer sees.

The Java command writes the tokenized reviews (training rows already in its batch order, validation rows) and the
settings to a JSON file and runs this script first. The script
  1. builds a randomly initialised GPT2ForSequenceClassification from the given size and seed and saves it to
     --init (unless a model is already there), so the Java trainer starts from the very same weights;
  2. trains it with Trainer for the given number of steps (AdamW, linear decay, clipping at 1.0, dropout as asked:
     0.1 like GPT-2, or 0 to take the only randomness out of training), feeding the rows in order (sequential
     sampler) so both sides see identical batches; with --adapter (bench train --method lora), peft's LoRA: the
     adapter folder the Java side drew (A Kaiming-uniform, B zero, the head) loaded trainable on the --init base;
  3. records every step's training loss (unrounded), the learning rate that step used and the gradient norm before
     clipping (what Trainer logs as grad_norm);
  4. measures tokens/s over the training loop (per wall second and per CPU second of all threads), the process's
     peak RSS, and validation accuracy;
and writes those figures as JSON to --out.

Run: reference/.venv/bin/python reference/bench_train.py --data bench.json --init DIR --out result.json
     [--adapter DIR]
"""
import argparse
import json
import os
import resource
import time

import numpy as np
import torch
from torch.utils.data import Dataset, SequentialSampler
from transformers import (GPT2Config, GPT2ForSequenceClassification, Trainer,
                          TrainerCallback, TrainingArguments, set_seed)

PAD = 50256


class Rows(Dataset):
    def __init__(self, ids, labels):
        self.ids, self.labels = ids, labels

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, i):
        return {"input_ids": self.ids[i], "attention_mask": [1] * len(self.ids[i]), "labels": self.labels[i]}


class InOrderTrainer(Trainer):
    """Keeps the rows in the order the Java side chose (its length-bucketed, shuffled batches), and keeps each
    training step's loss unrounded (Trainer's own log rounds it to 4 decimals)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.step_losses = []

    def _get_train_sampler(self, *args, **kwargs):
        return SequentialSampler(self.train_dataset)

    def compute_loss(self, model, inputs, *args, **kwargs):
        result = super().compute_loss(model, inputs, *args, **kwargs)
        if model.training:
            loss = result[0] if isinstance(result, tuple) else result
            self.step_losses.append(loss.item())
        return result


class StepLog(TrainerCallback):
    """The learning rate and pre-clipping gradient norm of every update, as Trainer logs them (logging_steps=1)."""

    def __init__(self):
        self.learning_rates, self.grad_norms = [], []

    def on_log(self, args, state, control, logs=None, **kwargs):
        if logs and "grad_norm" in logs:
            self.learning_rates.append(float(logs["learning_rate"]))
            self.grad_norms.append(float(logs["grad_norm"]))


class Clock(TrainerCallback):
    """Wall and process CPU time (all threads) of the training loop."""

    def on_train_begin(self, args, state, control, **kwargs):
        self.start = time.perf_counter()
        self.cpu_start = time.process_time()

    def on_train_end(self, args, state, control, **kwargs):
        self.seconds = time.perf_counter() - self.start
        self.cpu_seconds = time.process_time() - self.cpu_start


def collate(features):
    """Right-pads a batch with <|endoftext|> to its longest row, as the Java trainer does."""
    width = max(len(f["input_ids"]) for f in features)
    ids = [f["input_ids"] + [PAD] * (width - len(f["input_ids"])) for f in features]
    mask = [f["attention_mask"] + [0] * (width - len(f["attention_mask"])) for f in features]
    return {"input_ids": torch.tensor(ids), "attention_mask": torch.tensor(mask),
            "labels": torch.tensor([f["labels"] for f in features])}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--init", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--adapter", help="a peft LoRA adapter folder to train on the --init base")
    args = parser.parse_args()
    with open(args.data) as f:
        spec = json.load(f)
    set_seed(spec["seed"])
    dropout = spec.get("dropout", 0.1)
    if not os.path.exists(os.path.join(args.init, "model.safetensors")):
        config = GPT2Config(n_layer=spec["layers"], n_embd=spec["width"], n_head=spec["heads"],
                            n_positions=spec["positions"], vocab_size=50257, num_labels=2, pad_token_id=PAD,
                            resid_pdrop=dropout, embd_pdrop=dropout, attn_pdrop=dropout,
                            summary_first_dropout=dropout)
        GPT2ForSequenceClassification(config).save_pretrained(args.init)
    model = GPT2ForSequenceClassification.from_pretrained(args.init)
    model.config.pad_token_id = PAD
    if args.adapter:
        from peft import PeftModel
        model = PeftModel.from_pretrained(model, args.adapter, is_trainable=True)
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)

    train = Rows(spec["train_ids"], spec["train_labels"])
    steps = spec["steps"]
    training_args = TrainingArguments(
        output_dir=os.path.join(os.path.dirname(os.path.abspath(args.out)), "hf-trainer"),
        per_device_train_batch_size=spec["batch_size"], per_device_eval_batch_size=spec["batch_size"] * 2,
        max_steps=steps, learning_rate=spec["lr"], weight_decay=spec["weight_decay"], warmup_ratio=0.0,
        lr_scheduler_type="linear", max_grad_norm=1.0, optim="adamw_torch", seed=spec["seed"],
        save_strategy="no", eval_strategy="no", logging_strategy="steps", logging_steps=1, report_to=[],
        disable_tqdm=True, use_cpu=True, dataloader_num_workers=0)
    clock, log = Clock(), StepLog()
    trainer = InOrderTrainer(model=model, args=training_args, train_dataset=train,
                             data_collator=collate, callbacks=[clock, log])
    trainer.train()
    tokens = sum(len(row) for row in spec["train_ids"][: steps * spec["batch_size"]])

    predictions = trainer.predict(Rows(spec["val_ids"], spec["val_labels"])).predictions
    accuracy = float(np.mean(np.argmax(predictions, axis=-1) == np.array(spec["val_labels"])))
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    result = {"tokens_per_second": tokens / clock.seconds, "train_seconds": clock.seconds, "tokens": tokens,
              "tokens_per_cpu_second": tokens / clock.cpu_seconds, "train_cpu_seconds": clock.cpu_seconds,
              "val_accuracy": accuracy, "peak_rss_bytes": peak_rss, "torch_threads": torch.get_num_threads(),
              "torch": torch.__version__, "transformers": __import__("transformers").__version__,
              "dropout": model.config.resid_pdrop, "trainable_parameters": trainable, "losses": trainer.step_losses,
              "learning_rates": log.learning_rates, "grad_norms": log.grad_norms}
    if args.adapter:
        result["peft"] = __import__("peft").__version__
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)
    print(json.dumps({k: v for k, v in result.items() if not isinstance(v, list)}))


if __name__ == "__main__":
    main()
