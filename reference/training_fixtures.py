"""Expected values for the trainer's tests, computed by transformers and torch (never by our Java code).

Writes src/test/resources/fixtures/training/:
  decay_parameters.json  every parameter of a tiny GPT2ForSequenceClassification and whether transformers'
                         Trainer gives it weight decay (Trainer.get_decay_parameter_names)
  adamw.json             torch.optim.AdamW (two parameter groups: decay 0.01 and 0) driven by
                         get_linear_schedule_with_warmup and clip_grad_norm_(1.0), step by step
  trainer_steps/         transformers' Trainer itself fine-tuning a tiny GPT2ForSequenceClassification with dropout 0
                         (nothing random): the initial weights (model.safetensors, config.json) and, in steps.json,
                         the rows and settings and every update's unrounded training loss, learning rate and
                         gradient norm before clipping. The Java Trainer must reproduce them update by update.

Run: reference/.venv/bin/python reference/training_fixtures.py
"""
import json
import pathlib

import tempfile

import torch
from torch.utils.data import Dataset
from transformers import GPT2Config, GPT2ForSequenceClassification, Trainer, TrainingArguments, set_seed
from transformers.optimization import get_linear_schedule_with_warmup

# The same recording Trainer and step log as the benchmark's Python side (this folder is on sys.path when run).
from bench_train import InOrderTrainer, StepLog

OUT = pathlib.Path(__file__).resolve().parent.parent / "src/test/resources/fixtures/training"


def decay_parameters():
    config = GPT2Config(n_layer=2, n_embd=64, n_head=2, n_positions=128, vocab_size=50257, num_labels=2,
                        pad_token_id=50256)
    model = GPT2ForSequenceClassification(config)
    # get_decay_parameter_names does not use the Trainer instance.
    decayed = set(Trainer.get_decay_parameter_names(None, model))
    return {
        "transformers": __import__("transformers").__version__,
        "parameters": [{"name": name, "shape": list(p.shape), "decay": name in decayed}
                       for name, p in model.named_parameters()],
    }


def adamw():
    torch.manual_seed(0)
    shapes = {"w": [3, 4], "b": [4]}
    params = {name: torch.randn(shape, dtype=torch.float32) * 0.5 for name, shape in shapes.items()}
    initial = {name: p.tolist() for name, p in params.items()}
    for p in params.values():
        p.requires_grad_(True)
    lr, total, warmup = 0.05, 8, 2
    optimizer = torch.optim.AdamW([
        {"params": [params["w"]], "weight_decay": 0.01},
        {"params": [params["b"]], "weight_decay": 0.0},
    ], lr=lr, betas=(0.9, 0.999), eps=1e-8, foreach=False)
    schedule = get_linear_schedule_with_warmup(optimizer, warmup, total)
    steps = []
    for step in range(total):
        # Gradients from small to large, so clipping acts on some steps and not on others.
        scale = 0.05 * (3 ** (step % 4))
        grads = {name: torch.randn(shape) * scale for name, shape in shapes.items()}
        for name, p in params.items():
            p.grad = grads[name].clone()
        used_lr = optimizer.param_groups[0]["lr"]
        norm = torch.nn.utils.clip_grad_norm_(list(params.values()), 1.0)
        optimizer.step()
        schedule.step()
        steps.append({
            "lr": used_lr,
            "grad_norm": float(norm),
            "grads": {name: g.tolist() for name, g in grads.items()},
            "params_after": {name: p.detach().tolist() for name, p in params.items()},
        })
    return {"lr": lr, "total_steps": total, "warmup_steps": warmup, "weight_decay": {"w": 0.01, "b": 0.0},
            "initial": initial, "steps": steps, "torch": torch.__version__}


class _Rows(Dataset):
    def __init__(self, ids, labels):
        self.ids, self.labels = ids, labels

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, i):
        return {"input_ids": torch.tensor(self.ids[i]),
                "attention_mask": torch.ones(len(self.ids[i]), dtype=torch.long),
                "labels": torch.tensor(self.labels[i])}


def trainer_steps(folder):
    """Trainer on one full batch per epoch (so the Java trainer's shuffling cannot change what a step sees): 8 rows
    of 12 tokens, some ending in pad tokens (the classifier must pool the last non-pad token), 10 updates with a
    2-step warm-up (the first update at lr 0), weight decay 1.0 on the matrices only (large, so decaying the wrong
    parameters shows), and a clipping norm that some updates exceed and some do not."""
    vocab, pad = 512, 511
    set_seed(5)
    config = GPT2Config(n_layer=2, n_embd=16, n_head=2, n_positions=32, vocab_size=vocab, num_labels=2,
                        pad_token_id=pad, eos_token_id=pad, bos_token_id=pad, resid_pdrop=0.0, embd_pdrop=0.0,
                        attn_pdrop=0.0, summary_first_dropout=0.0, id2label={0: "NEGATIVE", 1: "POSITIVE"},
                        label2id={"NEGATIVE": 0, "POSITIVE": 1})
    model = GPT2ForSequenceClassification(config)
    # A larger score head than GPT-2's 0.02 init, so the loss moves visibly within 10 updates.
    with torch.no_grad():
        model.score.weight.normal_(0, 0.1)
    model.save_pretrained(folder)
    generator = torch.Generator().manual_seed(11)
    ids = torch.randint(0, pad, (8, 12), generator=generator).tolist()
    for row, keep in [(1, 9), (4, 6), (6, 11)]:
        ids[row][keep:] = [pad] * (12 - keep)
    labels = [0, 1, 1, 0, 1, 0, 0, 1]
    settings = {"lr": 1e-3, "warmup_ratio": 0.2, "weight_decay": 1.0, "max_grad_norm": 4.5, "epochs": 10,
                "batch_size": 8, "max_length": 32}
    with tempfile.TemporaryDirectory() as scratch:
        args = TrainingArguments(
            output_dir=scratch, per_device_train_batch_size=settings["batch_size"],
            num_train_epochs=settings["epochs"], learning_rate=settings["lr"], warmup_ratio=settings["warmup_ratio"],
            weight_decay=settings["weight_decay"], max_grad_norm=settings["max_grad_norm"], lr_scheduler_type="linear",
            optim="adamw_torch", seed=5, save_strategy="no", eval_strategy="no", logging_strategy="steps",
            logging_steps=1, report_to=[], disable_tqdm=True, use_cpu=True, dataloader_num_workers=0)
        log = StepLog()
        trainer = InOrderTrainer(model=GPT2ForSequenceClassification.from_pretrained(folder), args=args,
                                    train_dataset=_Rows(ids, labels), callbacks=[log])
        trainer.train()
    assert len(trainer.step_losses) == settings["epochs"], trainer.step_losses
    return {"transformers": __import__("transformers").__version__, "torch": torch.__version__,
            "settings": settings, "ids": ids, "labels": labels, "losses": trainer.step_losses,
            "learning_rates": log.learning_rates, "grad_norms": log.grad_norms}


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "decay_parameters.json").write_text(json.dumps(decay_parameters(), indent=1) + "\n")
    (OUT / "adamw.json").write_text(json.dumps(adamw(), indent=1) + "\n")
    steps_folder = OUT / "trainer_steps"
    steps_folder.mkdir(exist_ok=True)
    steps = trainer_steps(steps_folder)
    (steps_folder / "steps.json").write_text(json.dumps(steps, indent=1) + "\n")
    print("wrote", OUT)
