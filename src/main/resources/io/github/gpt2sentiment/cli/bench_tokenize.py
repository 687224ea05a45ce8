"""The Python side of `bench data`: the same texts through Hugging Face `tokenizers` (the engine of the
walkthrough's fast GPT-2 tokenizer), timed the same way. Prints one JSON line.

Usage: python bench_tokenize.py TEXTS.jsonl tokenizer.json ROUNDS
"""
import json
import sys
import time

import numpy as np
import tokenizers
from tokenizers import Tokenizer

texts_path, tokenizer_path, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(texts_path, encoding="utf-8") as f:
    texts = [json.loads(line) for line in f]
tok = Tokenizer.from_file(tokenizer_path)
tok.no_truncation()
tok.no_padding()
tok.encode_batch(texts[:1000], add_special_tokens=False)  # warm-up, as on the Java side

seconds = []
ids = None
for _ in range(rounds):
    start = time.perf_counter()
    ids = [e.ids for e in tok.encode_batch(texts, add_special_tokens=False)]
    seconds.append(time.perf_counter() - start)

flat = np.concatenate([np.asarray(x, dtype=np.int64) for x in ids])
weights = np.arange(flat.size, dtype=np.int64) % 1000003 + 1
print(json.dumps({
    "tokenizers": tokenizers.__version__,
    "texts": len(texts),
    "tokens": int(flat.size),
    "checksum": int(np.sum(flat * weights)),
    "seconds": seconds,
}))
