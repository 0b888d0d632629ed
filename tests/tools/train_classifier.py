#!/usr/bin/python3
"""Trains the classifier's statistical model and writes it as a C table.

    train_classifier.py --tool BUILD/tests/classify_corpus          # retrain, write the table
    train_classifier.py --check                                     # is the table current?

It trains on tests/data/classify/train/*.tsv and the older tests/data/corpus.tsv
(temperament and risks only) and writes lib/classify/model_weights.c. --check compares the
digest of those files with the one the table records, so that a corpus edited without
retraining fails the test suite.

The model is one logistic head per estimate (lib/classify/classify.h, RD_HEAD_*) over the
dense inputs the cues produce and hashed n-grams of the text; `classify_corpus --inputs`
prints exactly what the library reads, so the features are never computed twice. Training
is full-batch gradient descent with L2 penalties, deterministic (no random state). Five-fold
cross-validation on the training files picks the penalty and each head's threshold, and is
printed; nothing here reads the held-out files.

Needs numpy (Debian: python3-numpy). See docs/classification.md, "The model".
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys

import glob

try:
    import numpy as np
except ImportError:  # --check needs no numpy
    np = None

HEADS = ["emotional", "rational", "misinformed", "unrealistic", "malicious", "formal",
         "media", "social", "regulator", "legal", "churn", "abuse", "manager"]
RISK_HEADS = HEADS[6:]
ROW = 16
BUCKET_BITS = 13
# Texts with fewer n-grams are judged by the cues alone (lib/classify/model.c): the
# model is trained on texts of a sentence or more, not on one-word exclamations.
MIN_TOKENS = 40
FOLDS = 5
PENALTIES = [(1e-3, 1e-3), (3e-4, 1e-3), (1e-4, 1e-3)]
STEPS = 400


def read_labels(paths):
    """Gold labels by text id, in the id scheme of classify_corpus."""
    labels = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                line = line.rstrip("\n")
                if not line or line.startswith("#"):
                    continue
                cols = line.split("\t")
                if len(cols) in (9, 10):
                    labels[cols[0]] = {"lang": cols[1], "temperament": cols[4],
                                       "legitimacy": cols[5], "risks": cols[6],
                                       "formality": cols[7]}
                elif len(cols) == 4:
                    labels[f"{os.path.basename(path)}:{lineno}"] = {
                        "lang": cols[0], "temperament": cols[1], "legitimacy": "-",
                        "risks": cols[2], "formality": "-"}
                else:
                    sys.exit(f"{path}:{lineno}: expected 4, 9 or 10 columns")
    return labels


def targets(lab):
    """One target per head (1, 0) and a mask (1: labelled)."""
    y = np.zeros(len(HEADS))
    m = np.zeros(len(HEADS))
    t = lab["temperament"]
    if t in ("emotional", "rational", "mixed"):
        y[0] = t in ("emotional", "mixed")
        y[1] = t in ("rational", "mixed")
        m[0] = m[1] = 1
    if lab["legitimacy"] != "-":
        for i, name in ((2, "misinformed"), (3, "unrealistic"), (4, "malicious")):
            y[i] = lab["legitimacy"] == name
            m[i] = 1
    if lab["formality"] != "-":
        y[5] = lab["formality"] == "formal"
        m[5] = 1
    risks = set() if lab["risks"] == "-" else set(lab["risks"].split(","))
    for i, name in enumerate(RISK_HEADS, 6):
        y[i] = name in risks
        m[i] = 1
    return y, m


def load(tool, paths):
    out = subprocess.run([tool, "--inputs", *paths], check=True, capture_output=True,
                         text=True).stdout
    labels = read_labels(paths)
    rows = [json.loads(line) for line in out.splitlines()]
    n, b = len(rows), 1 << BUCKET_BITS
    xd = np.array([r["dense"] for r in rows])
    y = np.zeros((n, len(HEADS)))
    mask = np.zeros((n, len(HEADS)))
    ri, ci, val = [], [], []
    for i, r in enumerate(rows):
        toks = r["tokens"]
        counts = {}
        for h in toks:
            counts[h & (b - 1)] = counts.get(h & (b - 1), 0) + 1
        for col, c in sorted(counts.items()):
            ri.append(i)
            ci.append(col)
            val.append(c / np.sqrt(len(toks)))
        y[i], mask[i] = targets(labels[r["id"]])
        if len(toks) < MIN_TOKENS:
            mask[i] = 0  # the library never runs the model on it
    xs = Sparse(np.array(ri, dtype=np.int64), np.array(ci, dtype=np.int64), np.array(val), n, b)
    return rows, xs, xd, y, mask, labels


class Sparse:
    """Rows of n-gram counts as coordinate lists (row-major), with the two products
    training needs done by segment sums."""

    def __init__(self, ri, ci, val, n, cols):
        self.ri, self.ci, self.val, self.n, self.cols = ri, ci, val, n, cols
        self.shape = (n, cols)
        self.row_starts, self.rows_present = segments(ri)
        self.by_col = np.argsort(ci, kind="stable")
        self.col_starts, self.cols_present = segments(ci[self.by_col])

    def __matmul__(self, w):
        out = np.zeros((self.n, w.shape[1]))
        if len(self.val):
            out[self.rows_present] = np.add.reduceat(self.val[:, None] * w[self.ci],
                                                     self.row_starts, axis=0)
        return out

    def t_matmul(self, g):
        out = np.zeros((self.cols, g.shape[1]))
        if len(self.val):
            o = self.by_col
            out[self.cols_present] = np.add.reduceat(self.val[o, None] * g[self.ri[o]],
                                                     self.col_starts, axis=0)
        return out

    def __getitem__(self, rows):
        keep = rows[self.ri]
        renumber = np.cumsum(rows) - 1
        return Sparse(renumber[self.ri[keep]], self.ci[keep], self.val[keep], int(rows.sum()),
                      self.cols)


def segments(sorted_keys):
    """Start of each run of equal keys, and the keys."""
    if len(sorted_keys) == 0:
        return np.array([], dtype=np.int64), np.array([], dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    return starts, sorted_keys[starts]


def fit(xs, xd, y, mask, penalty):
    """Full-batch Adam on the masked, class-balanced log loss."""
    ls, ld = penalty
    n, h = y.shape
    pos = (y * mask).sum(0)
    neg = ((1 - y) * mask).sum(0)
    wpos = np.where(pos > 0, np.clip(neg / np.maximum(pos, 1), 1.0, 4.0), 1.0)
    sw = mask * np.where(y > 0, wpos, 1.0)
    params = [np.zeros((xs.shape[1], h)), np.zeros((xd.shape[1], h)), np.zeros(h)]
    mom = [np.zeros_like(p) for p in params]
    vel = [np.zeros_like(p) for p in params]
    lr, b1, b2 = 0.05, 0.9, 0.999
    for step in range(1, STEPS + 1):
        ws, wd, bias = params
        p = 1 / (1 + np.exp(-(xs @ ws + xd @ wd + bias)))
        g = (p - y) * sw / n
        grads = [xs.t_matmul(g) + 2 * ls * ws, xd.T @ g + 2 * ld * wd, g.sum(0)]
        for k in range(3):
            mom[k] = b1 * mom[k] + (1 - b1) * grads[k]
            vel[k] = b2 * vel[k] + (1 - b2) * grads[k] ** 2
            params[k] -= lr * (mom[k] / (1 - b1 ** step)) / (np.sqrt(vel[k] / (1 - b2 ** step)) + 1e-8)
    return params


def predict(params, xs, xd):
    ws, wd, bias = params
    return 1 / (1 + np.exp(-(xs @ ws + xd @ wd + bias)))


def temperament(pe, pr):
    if pe >= 0.5 and pr >= 0.5 and min(pe, pr) >= 0.65 * max(pe, pr):
        return "mixed"
    return "emotional" if pe >= pr else "rational"


def cross_validate(xs, xd, y, mask, penalty):
    n = len(y)
    p = np.zeros(y.shape)
    for k in range(FOLDS):
        test = np.arange(n) % FOLDS == k
        params = fit(xs[~test], xd[~test], y[~test], mask[~test], penalty)
        p[test] = predict(params, xs[test], xd[test])
    return p


def temperament_accuracy(p, y, mask):
    right = total = 0
    for i in range(len(y)):
        if not mask[i, 0]:
            continue
        gold = "mixed" if y[i, 0] and y[i, 1] else "emotional" if y[i, 0] else "rational"
        right += temperament(p[i, 0], p[i, 1]) == gold
        total += 1
    return right / max(total, 1)


def risk_thresholds(p, y, mask):
    """Per risk head: the lowest threshold in [0.5, 0.95] at which the model alone
    flags at most 1 % of the texts without the flag in cross-validation (cues flag the
    rest: lib/classify/decide.c)."""
    out = {}
    for i, name in enumerate(RISK_HEADS, 6):
        neg = p[(y[:, i] == 0) & (mask[:, i] > 0), i]
        best = 0.95
        for t in np.arange(0.50, 0.951, 0.05):
            if len(neg) == 0 or (neg >= t).mean() <= 0.01:
                best = float(t)
                break
        out[name] = round(best, 2)
    return out


def digest(paths):
    h = hashlib.sha256()
    for path in sorted(paths):
        with open(path, "rb") as f:
            h.update(os.path.basename(path).encode() + b"\0" + f.read())
    return h.hexdigest()


def c_table(params, thresholds, trained_on, penalty):
    ws, wd, bias = params
    scale = float(np.abs(ws).max()) / 32767 or 1.0
    q = np.rint(ws / scale).astype(np.int64)
    lines = [
        "/* Generated by tests/tools/train_classifier.py from tests/data/classify/train:",
        " * do not edit. docs/classification.md (\"The model\") says how to retrain. */",
        '#include "classify/classify.h"', "",
        f"/* penalties {penalty[0]:g} (n-grams), {penalty[1]:g} (dense); {STEPS} steps */",
        f"static const int16_t rows[{1 << BUCKET_BITS}][RD_MODEL_ROW] = {{"]
    for r in range(q.shape[0]):
        vals = list(q[r]) + [0] * (ROW - q.shape[1])
        lines.append("  {" + ",".join(str(int(v)) for v in vals) + "},")
    lines.append("};")
    lines.append("")
    lines.append("static const double dense[RD_HEAD_COUNT][RD_DENSE_COUNT] = {")
    for h in range(wd.shape[1]):
        lines.append("  {" + ", ".join(f"{float(v):.9g}" for v in wd[:, h]) + "},")
    lines.append("};")
    lines.append("")
    lines.append("static const double bias[RD_HEAD_COUNT] = {" +
                 ", ".join(f"{float(v):.9g}" for v in bias) + "};")
    lines.append("")
    lines.append("static const double threshold[RD_HEAD_COUNT] = {" +
                 ", ".join(f"{thresholds.get(name, 0.5):.2f}" for name in HEADS) + "};")
    lines.append("")
    lines.append("const rd_model_table rd_model_weights = {")
    lines.append(f'  "{trained_on}", {BUCKET_BITS}u, {MIN_TOKENS}u, {scale:.9g}, rows, dense, bias,')
    lines.append("  threshold,")
    lines.append("};")
    return "\n".join(lines) + "\n"


ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TABLE = os.path.join(ROOT, "lib", "classify", "model_weights.c")


def training_files():
    return sorted(glob.glob(os.path.join(ROOT, "tests", "data", "classify", "train", "*.tsv"))) + [
        os.path.join(ROOT, "tests", "data", "corpus.tsv")]


def check():
    with open(TABLE, encoding="utf-8") as f:
        table = f.read()
    want = digest(training_files())
    if f'"{want}"' not in table:
        print(f"{TABLE} was not trained on the current corpus (digest {want}): retrain with "
              "tests/tools/train_classifier.py --tool BUILD/tests/classify_corpus")
        return 1
    print(f"model table current (corpus digest {want[:16]}...)")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tool")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--out", default=TABLE)
    a = ap.parse_args()
    if a.check:
        return check()
    if a.tool is None or np is None:
        ap.error("training needs --tool and numpy (Debian: python3-numpy)")
    a.files = training_files()
    rows, xs, xd, y, mask, _ = load(a.tool, a.files)
    print(f"{len(rows)} texts, {xd.shape[1]} dense inputs, {xs.shape[1]} buckets")
    best = None
    for penalty in PENALTIES:
        p = cross_validate(xs, xd, y, mask, penalty)
        acc = temperament_accuracy(p, y, mask)
        print(f"penalty {penalty}: cross-validated temperament {acc:.3f}")
        if best is None or acc > best[0]:
            best = (acc, penalty, p)
    _, penalty, p = best
    thresholds = risk_thresholds(p, y, mask)
    for i, name in enumerate(HEADS):
        if name in ("emotional", "rational"):
            continue
        t = thresholds.get(name, 0.5)
        sel = mask[:, i] > 0
        pred, gold = p[sel, i] >= t, y[sel, i] > 0
        tp = int((pred & gold).sum())
        print(f"  {name:12s} threshold {t:.2f} cv recall {tp}/{int(gold.sum())} "
              f"false {int((pred & ~gold).sum())}/{int(sel.sum())}")
    params = fit(xs, xd, y, mask, penalty)
    with open(a.out, "w", encoding="utf-8") as f:
        f.write(c_table(params, thresholds, digest(a.files), penalty))
    print(f"wrote {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
