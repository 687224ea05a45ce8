"""Writes the expected metric values that the Java tests check against (scikit-learn is the reference).

Usage (from the repository root):
    reference/.venv/bin/python reference/make_metric_fixtures.py [--out src/test/resources/fixtures/metrics]

Each fixture holds its own inputs (labels, p_positive), generated here from a fixed seed, and the values
scikit-learn computes for them, so the Java side reads both and never re-derives an expected value.

Conventions (the same as io.github.gpt2sentiment.evaluation.Metrics; see docs/evaluation.md):
- predicted label = 1 iff p_positive > 0.5 (a tie at 0.5 goes to negative, as argmax over (negative, positive)
  picks the first);
- per-class metrics are always over both classes, labels=[0, 1], with zero_division=0: a precision, recall or F1
  whose denominator is zero is 0;
- ROC AUC is undefined (null here, NaN in Java) when the labels hold one class only; scikit-learn raises there;
- log-loss clips probabilities to [eps, 1 - eps], eps = machine epsilon of float64, as scikit-learn does.
"""

import argparse
import json
import pathlib

import numpy as np
import sklearn
from sklearn import metrics

SEED = 20261129
THRESHOLD = 0.5


def predicted(p):
    return (p > THRESHOLD).astype(int)


def expected(labels, p):
    y_pred = predicted(p)
    both = [0, 1]
    prec, rec, f1, support = metrics.precision_recall_fscore_support(
        labels, y_pred, labels=both, zero_division=0)
    tn, fp, fn, tp = metrics.confusion_matrix(labels, y_pred, labels=both).ravel()
    one_class = len(np.unique(labels)) < 2
    if one_class:
        roc_auc = None
        roc = None
    else:
        roc_auc = float(metrics.roc_auc_score(labels, p))
        fpr, tpr, _ = metrics.roc_curve(labels, p, drop_intermediate=False)
        roc = {"fpr": fpr.tolist(), "tpr": tpr.tolist()}
    return {
        "accuracy": float(metrics.accuracy_score(labels, y_pred)),
        "precision_positive": float(metrics.precision_score(labels, y_pred, zero_division=0)),
        "recall_positive": float(metrics.recall_score(labels, y_pred, zero_division=0)),
        "f1_positive": float(metrics.f1_score(labels, y_pred, zero_division=0)),
        "precision_macro": float(metrics.precision_score(
            labels, y_pred, labels=both, average="macro", zero_division=0)),
        "recall_macro": float(metrics.recall_score(
            labels, y_pred, labels=both, average="macro", zero_division=0)),
        "f1_macro": float(metrics.f1_score(labels, y_pred, labels=both, average="macro", zero_division=0)),
        "precision_negative": float(prec[0]),
        "recall_negative": float(rec[0]),
        "f1_negative": float(f1[0]),
        "roc_auc": roc_auc,
        "log_loss": float(metrics.log_loss(labels, p, labels=both)),
        "confusion_matrix": {"tn": int(tn), "fp": int(fp), "fn": int(fn), "tp": int(tp)},
        "support": {"negative": int(support[0]), "positive": int(support[1])},
        "roc_curve": roc,
    }


def cases(rng):
    """Named (description, labels, p_positive) inputs covering the awkward corners."""
    n = 300
    labels = rng.integers(0, 2, n)
    logits = rng.normal(0.0, 1.0, n) + 1.5 * (2 * labels - 1)
    yield "informative", "300 reviews, scores correlated with the label", labels, 1 / (1 + np.exp(-logits))

    labels = rng.integers(0, 2, 200)
    p = rng.choice([0.0, 0.25, 0.5, 0.75, 1.0], 200)
    yield "ties", "scores from five values: many ties, exact 0 and 1 (log-loss clipping), 0.5 (threshold)", labels, p

    labels = (rng.random(1000) < 0.1).astype(int)
    logits = rng.normal(0.0, 1.0, 1000) + 1.0 * (2 * labels - 1) - 1.0
    yield "imbalanced", "1000 reviews, about 10% positive", labels, 1 / (1 + np.exp(-logits))

    labels = rng.integers(0, 2, 50)
    yield "all_predicted_negative", "every score below 0.5: positive precision is 0/0 -> 0", labels, \
        rng.uniform(0.01, 0.49, 50)

    labels = rng.integers(0, 2, 50)
    yield "all_predicted_positive", "every score above 0.5: negative precision is 0/0 -> 0", labels, \
        rng.uniform(0.51, 0.99, 50)

    yield "one_class_labels", "every label positive: ROC AUC undefined, negative recall 0/0 -> 0", \
        np.ones(40, dtype=int), rng.uniform(0.0, 1.0, 40)

    labels = rng.integers(0, 2, 60)
    yield "perfect", "scores exactly 0 or 1 and always right: AUC 1, log-loss from the clipping only", \
        labels, labels.astype(float)

    labels = rng.integers(0, 2, 60)
    yield "inverted", "scores always wrong: AUC 0, accuracy 0", labels, 1.0 - 0.8 * labels - 0.1

    labels = rng.integers(0, 2, 80)
    yield "constant", "every score 0.5: AUC 0.5, everything predicted negative", labels, np.full(80, 0.5)

    yield "single_review", "one positive review", np.array([1]), np.array([0.7])


def percentile_cases(rng):
    """numpy's default (linear) percentiles, which the bootstrap intervals use."""
    for name, values in [("normal_1000", rng.normal(0.8, 0.05, 1000)),
                         ("uniform_7", rng.uniform(0.0, 1.0, 7)),
                         ("with_ties_20", rng.choice([0.5, 0.6, 0.7], 20)),
                         ("single", np.array([0.42]))]:
        yield name, values


def dumps(obj):
    """One top-level key per line, each value on one line: readable diffs, small files."""
    lines = [f" {json.dumps(k)}: {json.dumps(v)}" for k, v in obj.items()]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="src/test/resources/fixtures/metrics")
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    header = {"generator": "reference/make_metric_fixtures.py", "seed": SEED,
              "sklearn_version": sklearn.__version__, "numpy_version": np.__version__}
    for name, description, labels, p in cases(rng):
        labels = np.asarray(labels, dtype=int)
        p = np.asarray(p, dtype=float)
        fixture = dict(header, name=name, description=description, threshold=THRESHOLD,
                       labels=labels.tolist(), p_positive=p.tolist(), expected=expected(labels, p))
        (out / f"{name}.json").write_text(dumps(fixture))
        print(f"{name}: n={len(labels)}")
    percentiles = []
    for name, values in percentile_cases(rng):
        qs = [2.5, 50.0, 97.5]
        percentiles.append({"name": name, "values": values.tolist(), "q": qs,
                            "expected": np.percentile(values, qs).tolist()})
    (out / "percentiles.json").write_text(dumps(dict(header, name="percentiles", cases=percentiles)))
    print("percentiles: %d cases" % len(percentiles))


if __name__ == "__main__":
    main()
