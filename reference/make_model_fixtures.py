"""Reference fixtures for the Java GPT-2 (package io.github.gpt2sentiment.model), made with transformers.

Two jobs:

  make (default)   Builds small random GPT-2 checkpoints in several configurations and storage formats, and
                   records what transformers computes on them: language-model logits for right- and left-padded
                   batches, classifier logits, a classifier gradient, 32 greedy tokens and sampling filters.
                   Writes src/test/resources/fixtures/model/ (kept under 2 MB; the JUnit tests read it).

  --check-java DIR Loads every checkpoint the Java tests saved under DIR (one folder each, with
                   java_outputs.safetensors holding the inputs and the logits Java computed), with
                   from_pretrained and no missing or unexpected keys, and checks transformers gets the same logits.

Run from the repository root:

  reference/.venv/bin/python reference/make_model_fixtures.py
  mvn -B -q test -Dtest=CheckpointTest && \
      reference/.venv/bin/python reference/make_model_fixtures.py --check-java target/java-checkpoints

Weights are random (no download): a vocabulary of 512 keeps every file small; the texts used with the real GPT-2
tokenizer are chosen so all their token ids are below 512.
"""

import argparse
import json
import math
import os
import shutil
import sys
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file
from tokenizers import Tokenizer
from transformers import (
    GPT2Config,
    GPT2ForSequenceClassification,
    GPT2LMHeadModel,
)
from transformers.generation.logits_process import (
    TemperatureLogitsWarper,
    TopKLogitsWarper,
    TopPLogitsWarper,
)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src/test/resources/fixtures/model"
VOCAB = 512
TOLERANCE = 1e-4
# Texts whose real GPT-2 token ids all lie below VOCAB, so the CLI can run the fixtures with the real tokenizer.
PROMPTS = ["in the", "it is", "and the re"]
TEXTS = ["in the", "it is", "and the re", "it was on", "at the st", "he and I"]


def base_config(**overrides):
    settings = dict(
        vocab_size=VOCAB, n_positions=64, n_embd=32, n_layer=2, n_head=4, n_inner=None,
        activation_function="gelu_new", layer_norm_epsilon=1e-5, initializer_range=0.02,
        embd_pdrop=0.1, attn_pdrop=0.1, resid_pdrop=0.1,
        # Out of the tiny vocabulary: generation never stops early, like the real gpt2 config (50256).
        bos_token_id=50256, eos_token_id=50256,
    )
    settings.update(overrides)
    return GPT2Config(**settings)


def randomize(model, seed, std=0.2):
    """Every tensor random, biases and layer norms included, so a mix-up of any two would show."""
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            noise = torch.randn(p.shape, generator=gen) * std
            p.copy_(1.0 + noise if ("ln_" in name and name.endswith("weight")) else noise)
    model.eval()
    return model


def round_to(model, dtype):
    """The fp32 model whose weights are exactly those stored in a lower precision."""
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(p.to(dtype).to(torch.float32))
    return model


def mask_positions(mask):
    """Position ids as generate() derives them from the attention mask (what the Java model always uses)."""
    positions = mask.long().cumsum(-1) - 1
    positions.masked_fill_(mask == 0, 1)
    return positions


def padded(rows, length, pad_id, left):
    ids = torch.full((len(rows), length), pad_id, dtype=torch.long)
    mask = torch.zeros((len(rows), length), dtype=torch.long)
    for i, row in enumerate(rows):
        n = len(row)
        span = slice(length - n, length) if left else slice(0, n)
        ids[i, span] = torch.tensor(row)
        mask[i, span] = 1
    return ids, mask


def random_rows(seed, lengths):
    gen = torch.Generator().manual_seed(seed)
    return [torch.randint(0, VOCAB, (n,), generator=gen).tolist() for n in lengths]


def lm_logits(model, ids, mask):
    with torch.no_grad():
        return model(input_ids=ids, attention_mask=mask, position_ids=mask_positions(mask)).logits


def greedy(model, ids, mask, steps=32):
    with torch.no_grad():
        out = model.generate(input_ids=ids, attention_mask=mask, max_new_tokens=steps, do_sample=False,
                             pad_token_id=0, output_scores=True, return_dict_in_generate=True)
    # A near tie between the best two tokens would make the check depend on rounding: insist on a margin.
    margin = min(float((s.topk(2).values[:, 0] - s.topk(2).values[:, 1]).min()) for s in out.scores)
    assert margin > 1e-3, f"greedy margin {margin} too small for a stable fixture: change the seed"
    return out.sequences[:, ids.shape[1]:], margin


def save_plain(model, folder, dtype, with_buffers):
    """The published hub layout: GPT2Model keys without prefix, optionally the attention mask buffers."""
    state = {k: v.to(dtype).contiguous() for k, v in model.transformer.state_dict().items()}
    if with_buffers:
        n = model.config.n_positions
        for i in range(model.config.n_layer):
            state[f"h.{i}.attn.bias"] = torch.tril(torch.ones(n, n)).view(1, 1, n, n)
            state[f"h.{i}.attn.masked_bias"] = torch.tensor(-1e4)
    save_file(state, str(folder / "model.safetensors"), metadata={"format": "pt"})
    model.config.save_pretrained(folder)


def lm_fixture(name, config, seed, dtype, layout, greedy_prompts):
    folder = OUT / name
    folder.mkdir(parents=True)
    model = randomize(GPT2LMHeadModel(config), seed)
    if dtype != torch.float32:
        round_to(model, dtype)
    if layout == "save_pretrained":
        model.save_pretrained(folder, safe_serialization=True)
        if dtype != torch.float32:  # save_pretrained keeps fp32: store the lower precision ourselves
            state = load_file(str(folder / "model.safetensors"))
            save_file({k: v.to(dtype) for k, v in state.items()}, str(folder / "model.safetensors"),
                      metadata={"format": "pt"})
    else:
        save_plain(model, folder, dtype, with_buffers=(layout == "plain+buffers"))
    rows = random_rows(seed + 1, [10, 7, 4])
    expected = {}
    for side in ("right", "left"):
        ids, mask = padded(rows, 10, pad_id=VOCAB - 1, left=(side == "left"))
        expected[f"{side}.input_ids"] = ids
        expected[f"{side}.attention_mask"] = mask
        expected[f"{side}.logits"] = lm_logits(model, ids, mask)
    ids, mask = padded(greedy_prompts, max(map(len, greedy_prompts)), pad_id=0, left=True)
    tokens, margin = greedy(model, ids, mask)
    expected["greedy.prompt_ids"] = ids
    expected["greedy.attention_mask"] = mask
    expected["greedy.generated_ids"] = tokens
    save_file({k: v.contiguous() for k, v in expected.items()}, str(folder / "expected.safetensors"))
    print(f"{name}: {dtype}, {layout}, greedy margin {margin:.4f}")
    return model, tokens


def classifier_fixture(name, seed):
    folder = OUT / name
    folder.mkdir(parents=True)
    pad = VOCAB - 1
    config = base_config(num_labels=3, id2label={0: "NEGATIVE", 1: "NEUTRAL", 2: "POSITIVE"},
                         label2id={"NEGATIVE": 0, "NEUTRAL": 1, "POSITIVE": 2},
                         pad_token_id=pad, eos_token_id=pad)
    model = randomize(GPT2ForSequenceClassification(config), seed)
    model.save_pretrained(folder, safe_serialization=True)
    rows = random_rows(seed + 1, [9, 6, 3, 7])
    rows = [[t if t != pad else 0 for t in r] for r in rows]
    rows[1][2] = pad   # the padding id inside a text: not the last real token, so it changes nothing
    rows[3][-1] = pad  # a real trailing pad/eos id: transformers skips it and reads the token before
    expected = {}
    for side in ("right", "left"):
        ids, mask = padded(rows, 9, pad_id=pad, left=(side == "left"))
        with torch.no_grad():
            logits = model(input_ids=ids, attention_mask=mask, position_ids=mask_positions(mask)).logits
        expected[f"{side}.input_ids"] = ids
        expected[f"{side}.attention_mask"] = mask
        expected[f"{side}.logits"] = logits
    # The gradient a trainer would follow: mean cross-entropy of the right-padded batch, dropout off.
    ids, mask = expected["right.input_ids"], expected["right.attention_mask"]
    labels = torch.tensor([0, 2, 1, 2])
    model.zero_grad()
    out = model(input_ids=ids, attention_mask=mask, labels=labels)
    out.loss.backward()
    expected["grad.labels"] = labels
    expected["grad.loss"] = out.loss.detach().reshape(1)
    for pname in ("score.weight", "transformer.h.0.attn.c_attn.weight", "transformer.ln_f.weight",
                  "transformer.wpe.weight"):
        expected["grad." + pname.removeprefix("transformer.")] = dict(model.named_parameters())[pname].grad
    save_file({k: v.contiguous() for k, v in expected.items()}, str(folder / "expected.safetensors"))
    print(f"{name}: classifier, pad_token_id == eos_token_id == {pad}")
    return model


def cli_fixture(tokenizer, lm, classifier):
    """What `generate` and `classify` must print for real-tokenizer texts on the fixture models."""
    prompt = PROMPTS[0]
    prompt_ids = tokenizer.encode(prompt, add_special_tokens=False).ids
    ids = torch.tensor([prompt_ids])
    with torch.no_grad():
        out = lm.generate(input_ids=ids, attention_mask=torch.ones_like(ids), max_new_tokens=12,
                          do_sample=False, pad_token_id=0)
    generated = out[0, len(prompt_ids):].tolist()
    encodings = [tokenizer.encode(t, add_special_tokens=False).ids for t in TEXTS]
    results = []
    for text, row in zip(TEXTS, encodings):
        with torch.no_grad():
            logits = classifier(input_ids=torch.tensor([row])).logits[0]
        probs = logits.softmax(-1)
        results.append({"text": text, "logits": logits.tolist(), "probabilities": probs.tolist(),
                        "label": classifier.config.id2label[int(logits.argmax())]})
    doc = {
        "generate": {"model": "lm_plain", "prompt": prompt, "max_new_tokens": 12, "prompt_ids": prompt_ids,
                     "generated_ids": generated, "text": tokenizer.decode(prompt_ids + generated,
                                                                          skip_special_tokens=False)},
        "classify": {"model": "cls_eos_pad", "results": results},
    }
    (OUT / "cli.json").write_text(json.dumps(doc, indent=1) + "\n")


def sampling_fixture():
    """Probabilities after transformers' temperature, top-k and top-p warpers, in generate()'s order."""
    gen = torch.Generator().manual_seed(7)
    logits = torch.randn((1, VOCAB), generator=gen) * 3
    expected = {"logits": logits[0]}
    cases = [(0.7, 50, 1.0), (1.0, 0, 0.9), (1.3, 20, 0.8), (0.5, 0, 0.5), (1.0, 1, 1.0)]
    for i, (temperature, top_k, top_p) in enumerate(cases):
        scores = logits.clone()
        if temperature != 1.0:
            scores = TemperatureLogitsWarper(temperature)(None, scores)
        if top_k:
            scores = TopKLogitsWarper(top_k)(None, scores)
        if top_p < 1.0:
            scores = TopPLogitsWarper(top_p)(None, scores)
        expected[f"case{i}.settings"] = torch.tensor([temperature, top_k, top_p], dtype=torch.float32)
        expected[f"case{i}.probabilities"] = scores.softmax(-1)[0]
    save_file(expected, str(OUT / "sampling.safetensors"))


def make(data):
    torch.manual_seed(0)
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    tokenizer = Tokenizer.from_file(str(data / "gpt2/tokenizer.json"))
    prompts = [tokenizer.encode(p, add_special_tokens=False).ids for p in PROMPTS]
    for text in PROMPTS + TEXTS:
        assert max(tokenizer.encode(text, add_special_tokens=False).ids) < VOCAB, text
    lm, _ = lm_fixture("lm_plain", base_config(), 11, torch.float32, "plain+buffers", prompts)
    lm_fixture("lm_inner_f16", base_config(n_embd=48, n_head=3, n_inner=40, layer_norm_epsilon=1e-6), 23,
               torch.float16, "save_pretrained", random_rows(5, [5, 3]))
    lm_fixture("lm_bf16", base_config(n_layer=3, n_head=2, n_positions=48), 37, torch.bfloat16, "plain",
               random_rows(6, [1, 6, 4]))
    classifier = classifier_fixture("cls_eos_pad", 41)
    cli_fixture(tokenizer, lm, classifier)
    sampling_fixture()
    total = sum(f.stat().st_size for f in OUT.rglob("*") if f.is_file())
    print(f"wrote {OUT.relative_to(ROOT)}: {total / 1e6:.2f} MB")
    assert total < 2e6, "fixtures must stay under 2 MB"


def check_java(folder):
    failures = 0
    checked = 0
    for sub in sorted(p for p in Path(folder).iterdir() if (p / "java_outputs.safetensors").is_file()):
        config = json.loads((sub / "config.json").read_text())
        cls = GPT2ForSequenceClassification if "GPT2ForSequenceClassification" in config["architectures"] \
            else GPT2LMHeadModel
        model, info = cls.from_pretrained(sub, output_loading_info=True, dtype=torch.float32)
        model.eval()
        problems = {k: v for k, v in info.items() if v}
        outputs = load_file(str(sub / "java_outputs.safetensors"))
        ids, mask = outputs["input_ids"], outputs["attention_mask"]
        with torch.no_grad():
            logits = model(input_ids=ids, attention_mask=mask, position_ids=mask_positions(mask)).logits
        java = outputs["logits"]
        if cls is GPT2LMHeadModel:  # positions that are padding carry no meaning
            keep = mask.bool()
            diff = (logits[keep] - java[keep]).abs().max().item()
        else:
            diff = (logits - java).abs().max().item()
        ok = diff <= TOLERANCE and not problems
        failures += not ok
        checked += 1
        print(f"{'OK  ' if ok else 'FAIL'} {sub.name}: {cls.__name__}, max |diff| {diff:.2e}"
              + (f", loading problems {problems}" if problems else ""))
    if checked == 0:
        print(f"no java_outputs.safetensors under {folder}: run the Java CheckpointTest first")
        return 1
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check-java", metavar="DIR", help="check checkpoints the Java tests saved under DIR")
    parser.add_argument("--data", default=os.environ.get("GPT2_SENTIMENT_DATA_DIR", str(ROOT / "../shared/data")),
                        help="data folder holding gpt2/tokenizer.json")
    args = parser.parse_args()
    torch.set_num_threads(1)
    if args.check_java:
        sys.exit(check_java(args.check_java))
    make(Path(args.data))


if __name__ == "__main__":
    main()
