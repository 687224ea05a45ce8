"""Writes the fixtures that the Java data and tokenization tests compare against, computed independently in Python
from the real IMDB archive with the walkthrough's own tokenizer engine (Hugging Face `tokenizers`).

    reference/.venv/bin/python reference/data_fixtures.py [DATA_DIR]

DATA_DIR defaults to ../shared/data (it holds imdb/aclImdb_v1.tar.gz and gpt2/tokenizer.json). Writes
src/test/resources/reference/imdb_stats.json and gpt2_tokenization.json. No review text is copied into the
fixtures: reviews are named by split, label and id, and checked through a sha256 of their text.
"""
import collections
import hashlib
import json
import pathlib
import re
import sys
import tarfile

import numpy as np
from tokenizers import Tokenizer

root = pathlib.Path(__file__).resolve().parent.parent
data = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else root.parent / "shared" / "data")
out = root / "src" / "test" / "resources" / "reference"
out.mkdir(parents=True, exist_ok=True)

NAME = re.compile(r"(?:.*/)?(train|test)/(pos|neg)/(\d+)_(\d+)\.txt$")
CUT_OFFS = [128, 256, 512, 1024]


def clean(text):
    return text.replace("<br />", "\n")


reviews = []  # (split, label, id, rating, raw text)
with tarfile.open(data / "imdb" / "aclImdb_v1.tar.gz", "r:gz") as tar:
    for member in tar:
        m = NAME.match(member.name)
        if member.isfile() and m:
            raw = tar.extractfile(member).read().decode("utf-8", errors="strict")
            reviews.append((m[1], 1 if m[2] == "pos" else 0, int(m[3]), int(m[4]), raw))

tok = Tokenizer.from_file(str(data / "gpt2" / "tokenizer.json"))
tok.no_truncation()
tok.no_padding()


def stats(values):
    v = np.asarray(values, dtype=np.float64)
    return {"mean": float(v.mean()), "median": float(np.percentile(v, 50)), "p90": float(np.percentile(v, 90)),
            "p99": float(np.percentile(v, 99)), "max": int(v.max())}


summary = {}
for split in ("train", "test"):
    rows = [r for r in reviews if r[0] == split]
    texts = [clean(r[4]) for r in rows]
    tokens = [len(e.ids) for e in tok.encode_batch(texts, add_special_tokens=False)]
    summary[split] = {
        "reviews": len(rows),
        "positive": sum(r[1] for r in rows),
        "negative": sum(1 - r[1] for r in rows),
        "ratings": {str(k): v for k, v in sorted(collections.Counter(r[3] for r in rows).items())},
        "chars": stats([len(t) for t in texts]),
        "words": stats([len(t.split()) for t in texts]),
        "tokens": dict(stats(tokens), cut={str(c): sum(t > c for t in tokens) / len(tokens) for c in CUT_OFFS}),
    }

train_texts = [clean(r[4]) for r in reviews if r[0] == "train"]
test_texts = [clean(r[4]) for r in reviews if r[0] == "test"]
train_set = set(train_texts)
labels = collections.defaultdict(set)
for r in reviews:
    labels[clean(r[4])].add(r[1])
summary["duplicates"] = {
    "train": len(train_texts) - len(train_set),
    "test": len(test_texts) - len(set(test_texts)),
    "test_in_train": sum(t in train_set for t in test_texts),
    "conflicting_labels": sum(len(v) == 2 for v in labels.values()),
}

# Known reviews: the first of each folder, and the first few with non-ASCII text (strict UTF-8 decoding).
by_key = {(r[0], r[1], r[2]): r for r in reviews}
known = [by_key[(s, l, 0)] for s in ("train", "test") for l in (1, 0)]
known += sorted((r for r in reviews if any(ord(c) > 127 for c in r[4])), key=lambda r: (r[0], r[1], r[2]))[:4]
summary["known"] = [{
    "split": r[0], "label": r[1], "id": r[2], "rating": r[3],
    "sha256_raw": hashlib.sha256(r[4].encode("utf-8")).hexdigest(),
    "sha256_clean": hashlib.sha256(clean(r[4]).encode("utf-8")).hexdigest(),
} for r in known]
(out / "imdb_stats.json").write_text(json.dumps(summary, indent=1) + "\n")

# Tokenization: hand-written edge cases and a few real reviews, then truncation and padding as transformers does it.
texts = [
    "Hello world! This movie was great.",
    "",
    " leading space, trailing space ",
    "Tabs\tand\nnew\n\nlines",
    "Caf\u00e9 cr\u00e8me, na\u00efve, \u00fcber, \u0141\u00f3d\u017a",
    "Emoji \U0001F600\U0001F3AC and CJK \u96fb\u5f71\u5f88\u597d",
    "It's   the    1990's!!! <br /><br />HTML stays",
    "A review<|endoftext|>with the end-of-text token written out",
]
review_refs = [("train", 1, 0), ("train", 0, 0), ("test", 1, 0), ("test", 0, 0)] + [
    (r["split"], r["label"], r["id"]) for r in summary["known"][4:]]
review_texts = [clean(by_key[k][4]) for k in review_refs]
encode = lambda batch: [e.ids for e in tok.encode_batch(batch, add_special_tokens=False)]

long_text = review_texts[0]
tok.enable_truncation(16, direction="right")
head16 = encode([long_text])[0]
tok.enable_truncation(16, direction="left")
tail16 = encode([long_text])[0]
tok.no_truncation()

batch = ["Hello world!", "This movie was great, really great.", "Bad."]
padded = {}
for side in ("right", "left"):
    tok.enable_padding(direction=side, pad_id=50256, pad_token="<|endoftext|>")
    enc = tok.encode_batch(batch, add_special_tokens=False)
    padded[side] = {"ids": [e.ids for e in enc], "attention_mask": [e.attention_mask for e in enc]}
tok.no_padding()

(out / "gpt2_tokenization.json").write_text(json.dumps({
    "texts": [{"text": t, "ids": ids} for t, ids in zip(texts, encode(texts))],
    "reviews": [{"split": k[0], "label": k[1], "id": k[2], "ids": ids}
                for k, ids in zip(review_refs, encode(review_texts))],
    "truncation": {"review": {"split": "train", "label": 1, "id": 0}, "head16": head16, "tail16": tail16},
    "padding": {"texts": batch, **padded},
}, indent=None, separators=(",", ":"), ensure_ascii=True) + "\n")
print("wrote", out / "imdb_stats.json", "and", out / "gpt2_tokenization.json")
