"""The Python side of `bench data`: the same texts through Hugging Face `tokenizers` (the engine of the
walkthrough's fast GPT-2 tokenizer), timed the same way.

Usage: python bench_tokenize.py TEXTS.jsonl tokenizer.json
Then, on standard input, one line per request: `round` times one batch encoding of all texts and prints
{"seconds": S, "cpu": C} (wall-clock and process CPU seconds, all threads); `summary` prints the version, token count and checksum of the last round's ids and exits.
Rounds are requested one at a time so the Java and Python rounds can alternate and share the machine's mood.
"""
import json
import sys
import time

import numpy as np
import tokenizers
from tokenizers import Tokenizer

texts_path, tokenizer_path = sys.argv[1], sys.argv[2]
with open(texts_path, encoding="utf-8") as f:
    texts = [json.loads(line) for line in f]
tok = Tokenizer.from_file(tokenizer_path)
tok.no_truncation()
tok.no_padding()
tok.encode_batch(texts[:1000], add_special_tokens=False)  # warm-up, as on the Java side
print(json.dumps({"ready": True}), flush=True)

ids = None
for command in sys.stdin:
    if command.strip() == "round":
        start, cpu = time.perf_counter(), time.process_time()
        ids = [e.ids for e in tok.encode_batch(texts, add_special_tokens=False)]
        print(json.dumps({"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu}), flush=True)
    elif command.strip() == "summary":
        flat = np.concatenate([np.asarray(x, dtype=np.int64) for x in ids])
        weights = np.arange(flat.size, dtype=np.int64) % 1000003 + 1
        print(json.dumps({"tokenizers": tokenizers.__version__, "tokens": int(flat.size),
                          "checksum": int(np.sum(flat * weights))}), flush=True)
        break
