"""Expected values for the trainer's tests, computed by transformers and torch (never by our Java code).

Writes src/test/resources/fixtures/training/:
  decay_parameters.json  every parameter of a tiny GPT2ForSequenceClassification and whether transformers'
                         Trainer gives it weight decay (Trainer.get_decay_parameter_names)
  adamw.json             torch.optim.AdamW (two parameter groups: decay 0.01 and 0) driven by
                         get_linear_schedule_with_warmup and clip_grad_norm_(1.0), step by step

Run: reference/.venv/bin/python reference/training_fixtures.py
"""
import json
import pathlib

import torch
from transformers import GPT2Config, GPT2ForSequenceClassification, Trainer
from transformers.optimization import get_linear_schedule_with_warmup

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


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "decay_parameters.json").write_text(json.dumps(decay_parameters(), indent=1) + "\n")
    (OUT / "adamw.json").write_text(json.dumps(adamw(), indent=1) + "\n")
    print("wrote", OUT)
