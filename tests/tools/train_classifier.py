#!/usr/bin/python3
"""Trains the classifier's statistical model and writes it as a C table.

    train_classifier.py --tool BUILD/tests/classify_corpus          # retrain, write the table
    train_classifier.py --check                                     # is the table current?

It trains on tests/data/classify/train/*.tsv and the older tests/data/corpus.tsv
(temperament and risks only) and writes lib/classify/model_weights.c. --check compares the
digest of those files with the one the table records, so that a corpus edited without
retraining fails the test suite.

The model is one logistic head per estimate (lib/classify/classify.h, RD_HEAD_*) over the
dense inputs the cues produce and hashed n-grams of the text; the window heads
(WINDOW_HEADS) add their best window of two sentences (class Windows).
`classify_corpus --inputs` prints exactly what the library reads, sentence openings
included, so the features are never computed twice. Training
is full-batch gradient descent with L2 penalties, deterministic (no random state). Five-fold
cross-validation on the training files picks the penalty and then the decision's numbers
(risk_rule, tune_mixed, tune_legitimacy), which the table carries; the cross-validated
figures are printed. Nothing here reads the held-out files.

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
# Risk heads that also read the text two sentences at a time (lib/classify/classify.h,
# RD_MODEL_WINDOWS): their best window's score is added to their sum. The three of the
# seven that gained most from it in cross-validation; their weights fill the row's three
# spare columns, so the table keeps its size.
WINDOW_HEADS = ["legal", "churn", "manager"]
WINDOW_PENALTY = 1e-5
ROW = 16
BUCKET_BITS = 15
# Texts with fewer n-grams are judged by the cues alone (lib/classify/model.c): the
# model is trained on texts of a sentence or more, not on one-word exclamations.
MIN_TOKENS = 40
FOLDS = 5
PENALTIES = [(1e-5, 1e-3), (3e-6, 1e-3)]
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
    windows = Windows(rows, 1 << BUCKET_BITS)
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
    return rows, xs, xd, y, mask, labels, windows


class Windows:
    """The texts' n-grams a sentence at a time, for the window heads: each pair of
    neighbouring sentences (and each text's last sentence alone) is a window scored
    sum / sqrt(n-grams); a text's score is its best window's (lib/classify/model_windows.c).
    Training follows the best window (multiple-instance learning with max pooling)."""

    def __init__(self, rows, buckets):
        tb, ts, td = [], [], []
        sentence = -1
        for d, r in enumerate(rows):
            opens = set(r["opens"])
            for i, h in enumerate(r["tokens"]):
                if i == 0 or i in opens:
                    sentence += 1
                tb.append(h & (buckets - 1))
                ts.append(sentence)
                td.append(d)
        self.buckets, self.docs = buckets, len(rows)
        self.tb, self.ts = np.array(tb, dtype=np.int64), np.array(ts, dtype=np.int64)
        td = np.array(td, dtype=np.int64)
        self.s_starts = np.flatnonzero(np.r_[True, self.ts[1:] != self.ts[:-1]]) if len(tb) else \
            np.array([], dtype=np.int64)
        s_doc = td[self.s_starts]
        n_s = np.diff(np.r_[self.s_starts, len(tb)]).astype(float)
        self.has_next = np.r_[s_doc[1:] == s_doc[:-1], False]
        n_w = n_s + np.r_[n_s[1:], 0.0] * self.has_next
        self.scale = 1 / np.sqrt(n_w)
        self.d_starts = np.flatnonzero(np.r_[True, s_doc[1:] != s_doc[:-1]])
        self.d_ids = s_doc[self.d_starts]
        self.w_doc = np.repeat(np.arange(len(self.d_starts)), np.diff(np.r_[self.d_starts, len(n_w)]))

    def forward(self, u):
        """Each text's best window per column, noting which window it was."""
        s = np.add.reduceat(u[self.tb], self.s_starts, axis=0)
        z = (s + np.r_[s[1:], np.zeros((1, u.shape[1]))] * self.has_next[:, None]) * self.scale[:, None]
        best = np.maximum.reduceat(z, self.d_starts, axis=0)
        first = np.where(z >= best[self.w_doc], np.arange(len(z))[:, None], len(z))
        self.argmax = np.minimum.reduceat(first, self.d_starts, axis=0)
        out = np.zeros((self.docs, u.shape[1]))
        out[self.d_ids] = best
        return out

    def backward(self, g):
        """The gradient of the weights u from g, the gradient of each text's score (the
        last forward's best windows)."""
        gw = np.zeros((len(self.scale), g.shape[1]))
        for k in range(g.shape[1]):
            a = self.argmax[:, k]
            np.add.at(gw[:, k], a, g[self.d_ids, k] * self.scale[a])
        gs = gw + np.r_[np.zeros((1, g.shape[1])), gw[:-1] * self.has_next[:-1, None]]
        tg = gs[self.ts]
        return np.stack([np.bincount(self.tb, weights=tg[:, k], minlength=self.buckets)
                         for k in range(g.shape[1])], axis=1)


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


WINDOW_COLS = None  # the heads' indices, set in main


def logits(params, xs, xd, win, docs):
    """Every head's sum; win and docs (the rows' indices among win's texts) add the
    window heads' best windows."""
    ws, wd, bias, u = params
    x = xs @ ws + xd @ wd + bias
    x[:, WINDOW_COLS] += win.forward(u)[docs]
    return x


def fit(xs, xd, y, mask, penalty, win, docs):
    """Full-batch Adam on the masked, class-balanced log loss."""
    ls, ld = penalty
    n, h = y.shape
    pos = (y * mask).sum(0)
    neg = ((1 - y) * mask).sum(0)
    wpos = np.where(pos > 0, np.clip(neg / np.maximum(pos, 1), 1.0, 4.0), 1.0)
    sw = mask * np.where(y > 0, wpos, 1.0)
    params = [np.zeros((xs.shape[1], h)), np.zeros((xd.shape[1], h)), np.zeros(h),
              np.zeros((xs.shape[1], len(WINDOW_COLS)))]
    mom = [np.zeros_like(p) for p in params]
    vel = [np.zeros_like(p) for p in params]
    lr, b1, b2 = 0.05, 0.9, 0.999
    for step in range(1, STEPS + 1):
        ws, wd, bias, u = params
        p = 1 / (1 + np.exp(-logits(params, xs, xd, win, docs)))
        g = (p - y) * sw / n
        g_texts = np.zeros((win.docs, len(WINDOW_COLS)))
        g_texts[docs] = g[:, WINDOW_COLS]
        grads = [xs.t_matmul(g) + 2 * ls * ws, xd.T @ g + 2 * ld * wd, g.sum(0),
                 win.backward(g_texts) + 2 * WINDOW_PENALTY * u]
        for k in range(4):
            mom[k] = b1 * mom[k] + (1 - b1) * grads[k]
            vel[k] = b2 * vel[k] + (1 - b2) * grads[k] ** 2
            params[k] -= lr * (mom[k] / (1 - b1 ** step)) / (np.sqrt(vel[k] / (1 - b2 ** step)) + 1e-8)
    return params


def predict(params, xs, xd, win, docs):
    return 1 / (1 + np.exp(-logits(params, xs, xd, win, docs)))


def cross_validate(xs, xd, y, mask, penalty, win):
    n = len(y)
    p = np.zeros(y.shape)
    for k in range(FOLDS):
        test = np.arange(n) % FOLDS == k
        params = fit(xs[~test], xd[~test], y[~test], mask[~test], penalty, win,
                     np.flatnonzero(~test))
        p[test] = predict(params, xs[test], xd[test], win, np.flatnonzero(test))
    return p


def temperament_accuracy(p, y, mask):
    rows = np.flatnonzero(mask[:, 0] > 0)
    right = sum(temperament_of(p[i, 0], p[i, 1], 0.5) == gold_temperament(y, i) for i in rows)
    return right / max(len(rows), 1)


# The batches whose misses the risk lexicons were extended from (A to C for 1.1; D to S
# since): their cue flags are optimistic, so the risk rule is chosen on the other batches
# (X, Y, Z, AA, AB), where the cues meet phrasings they were not written from, as they
# will in use.
LEXICON_ERA = {lang + batch for lang in ("en", "ko", "zh")
               for batch in ("A", "B", "C", "D", "E", "F", "G", "K", "L", "M", "P", "Q", "S")}

# Risk index of each risk head in the dense inputs (RD_DENSE_RISK + the REDRESS_RISK_*
# bit number: media 0 ... abuse 5, repeat 6 has no head, manager 7).
RISK_DENSE = {name: 3 + bit for name, bit in zip(RISK_HEADS, (0, 1, 2, 3, 4, 5, 7))}
CUE_POINT = float(np.log(2.0)) if np is not None else 0.0  # log(1 + 1 point)
GRID = [round(0.05 * k, 2) for k in range(0, 20)]


def cue_flags(xd):
    """Per risk head, whether its cues counted a point (what lib/classify/decide.c reads)."""
    return {name: xd[:, d] >= CUE_POINT - 1e-9 for name, d in RISK_DENSE.items()}


def risk_flags(prob, cue, agree, alone):
    """lib/classify/decide.c on a text the model reads: a cue the model agrees with, or
    the model alone."""
    return (cue & (prob >= agree)) | (prob >= alone)


def negative_weights(y, mask, y_ref, mask_ref):
    """Per risk head, how much a text without the flag weighs in risk_rule, so that the
    batches the rule is tuned on (y, mask) count as often flagged as the reference
    batches (y_ref, mask_ref: the other realistic training texts, D to S) do: the
    batches written for the risks (X, Z, AA, AB: two thirds to three quarters flagged)
    would otherwise make a flag look cheap, and the decision flag too often on ordinary
    intake. Never below 1."""
    return {name: max(1.0, flag_odds(y_ref, mask_ref, i) / flag_odds(y, mask, i))
            for i, name in enumerate(RISK_HEADS, 6)}


def flag_odds(y, mask, head):
    """Texts without the head's flag per text with it (1 when either is missing)."""
    sel = mask[:, head] > 0
    pos = float((y[sel, head] > 0).mean()) if sel.any() else 0.0
    return (1 - pos) / pos if 0 < pos < 1 else 1.0


def risk_rule(p, y, mask, cues, neg_weight):
    """Per risk head, the two probabilities of lib/classify/decide.c: `agree`, what a
    cue's flag needs from the model (a cue in a negated, disowned or lookalike use is
    vetoed), and `alone`, what flags without a cue (an indirect threat no cue names).
    Chosen on the cross-validated probabilities to maximise true flags minus twice the
    false ones (each false one weighted by neg_weight): a false flag escalates a calm
    customer, which costs more than a miss."""
    out = {}
    for i, name in enumerate(RISK_HEADS, 6):
        sel = mask[:, i] > 0
        gold, prob, cue = y[sel, i] > 0, p[sel, i], cues[name][sel]
        best = None
        for agree in GRID[:13]:
            for alone in GRID[10:] + [1.01]:
                flag = risk_flags(prob, cue, agree, alone)
                gain = int((flag & gold).sum()) - 2 * neg_weight[name] * int((flag & ~gold).sum())
                if best is None or gain > best[0]:
                    best = (gain, agree, alone)
        out[name] = (best[1], min(best[2], 1.0))
    return out


def temperament_of(pe, pr, mixed_min):
    """lib/classify/decide.c with the default options (thresholds 0.3, mixed ratio 0.65)."""
    emotional, rational = pe >= 0.3, pr >= 0.3
    if not emotional and not rational:
        return "unknown"
    if emotional and rational:
        weak, strong = min(pe, pr), max(pe, pr)
        if weak >= mixed_min and weak >= 0.65 * strong:
            return "mixed"
    return "emotional" if pe >= pr else "rational"


def gold_temperament(y, i):
    return "mixed" if y[i, 0] and y[i, 1] else "emotional" if y[i, 0] else "rational"


def tune_mixed(p, y, mask):
    """The weaker side's probability MIXED needs, chosen for temperament accuracy."""
    rows = np.flatnonzero(mask[:, 0] > 0)
    def right(m):
        return sum(temperament_of(p[i, 0], p[i, 1], m) == gold_temperament(y, i) for i in rows)
    return max([0.5, 0.6, 0.7, 0.8, 0.9, 1.01], key=lambda m: (right(m), -m))


# The legitimacy heads, in the order lib/classify/decide.c weighs them.
LEGITIMACY_HEADS = ((4, "malicious"), (2, "misinformed"), (3, "unrealistic"))


def legitimacy_of(p_row, th):
    best, label = 0.0, "reasonable"
    for h, name in LEGITIMACY_HEADS:
        if p_row[h] >= th[h] and p_row[h] > best:
            best, label = p_row[h], name
    return label


def gold_legitimacy(y, i):
    for h, name in LEGITIMACY_HEADS:
        if y[i, h]:
            return name
    return "reasonable"


def tune_legitimacy(p, y, mask):
    """Each legitimacy head's threshold, by coordinate search for accuracy."""
    rows = np.flatnonzero(mask[:, 2] > 0)
    th = {2: 0.5, 3: 0.5, 4: 0.5}
    def right():
        return sum(legitimacy_of(p[i], th) == gold_legitimacy(y, i) for i in rows)
    for _ in range(2):
        for h in (2, 3, 4):
            scores = []
            for t in GRID[6:]:
                th[h] = t
                scores.append((right(), -abs(t - 0.5), t))
            th[h] = max(scores)[2]
    return {HEADS[h]: t for h, t in th.items()}


def cv_report(p, y, mask, cues, rule, mixed_min, legit, langs):
    """The verdict's figures on the cross-validated probabilities, as the library
    decides on texts the model reads."""
    rows = np.flatnonzero(mask[:, 0] > 0)
    for lang in ("en", "ko", "zh", None):
        sel = [i for i in rows if lang is None or langs[i] == lang]
        right = sum(temperament_of(p[i, 0], p[i, 1], mixed_min) == gold_temperament(y, i)
                    for i in sel)
        print(f"  cv temperament {lang or 'all'}: {right}/{len(sel)} "
              f"({100 * right / max(len(sel), 1):.1f} %)")
    lrows = np.flatnonzero(mask[:, 2] > 0)
    th = {HEADS.index(k): v for k, v in legit.items()}
    right = sum(legitimacy_of(p[i], th) == gold_legitimacy(y, i) for i in lrows)
    print(f"  cv legitimacy: {right}/{len(lrows)} ({100 * right / max(len(lrows), 1):.1f} %)")
    frows = mask[:, 5] > 0
    right = int(((p[frows, 5] >= 0.5) == (y[frows, 5] > 0)).sum())
    print(f"  cv register: {right}/{int(frows.sum())}")
    sel = mask[:, 6] > 0
    any_false = np.zeros(len(y), dtype=bool)
    tp = total = 0
    for i, name in enumerate(RISK_HEADS, 6):
        agree, alone = rule[name]
        flag = risk_flags(p[:, i], cues[name], agree, alone)
        gold = y[:, i] > 0
        any_false |= sel & flag & ~gold
        tp += int((sel & flag & gold).sum())
        total += int((sel & gold).sum())
        print(f"  {name:10s} agree {agree:.2f} alone {alone:.2f}: recall "
              f"{int((sel & flag & gold).sum())}/{int((sel & gold).sum())}, "
              f"false {int((sel & flag & ~gold).sum())}")
    print(f"  cv risk recall {tp}/{total}; texts with a false flag "
          f"{int(any_false.sum())}/{int(sel.sum())}")


def digest(paths):
    h = hashlib.sha256()
    for path in sorted(paths):
        with open(path, "rb") as f:
            h.update(os.path.basename(path).encode() + b"\0" + f.read())
    return h.hexdigest()


def c_table(params, decision, trained_on, penalty):
    """The weights and the decision's probabilities as C (lib/classify/classify.h,
    rd_model_table)."""
    rule, mixed_min, legit = decision
    threshold = {**legit, **{name: alone for name, (_, alone) in rule.items()}}
    agree = {name: a for name, (a, _) in rule.items()}
    ws, wd, bias, u = params
    both = np.concatenate([ws, u], axis=1)  # the window columns after the heads'
    scale = float(np.abs(both).max()) / 32767 or 1.0
    q = np.rint(both / scale).astype(np.int64)
    lines = [
        "/* Generated by tests/tools/train_classifier.py from tests/data/classify/train:",
        " * do not edit. docs/classification.md (\"The model\") says how to retrain. */",
        '#include "classify/classify.h"', "",
        f"/* penalties {penalty[0]:g} (n-grams), {penalty[1]:g} (dense), {WINDOW_PENALTY:g} (windows); {STEPS} steps */",
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
                 ", ".join(f"{threshold.get(name, 0.5):.2f}" for name in HEADS) + "};")
    lines.append("")
    lines.append("static const double agree[RD_HEAD_COUNT] = {" +
                 ", ".join(f"{agree.get(name, 0.0):.2f}" for name in HEADS) + "};")
    lines.append("")
    lines.append("static const int window_heads[RD_MODEL_WINDOWS] = {" +
                 ", ".join(f"RD_HEAD_{name.upper()}" for name in WINDOW_HEADS) + "};")
    lines.append("")
    lines.append("const rd_model_table rd_model_weights = {")
    lines.append(f'  "{trained_on}", {BUCKET_BITS}u, {MIN_TOKENS}u, {scale:.9g}, rows, dense, bias,')
    lines.append(f"  threshold, agree, {mixed_min:.2f}, window_heads,")
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
    global WINDOW_COLS
    WINDOW_COLS = [HEADS.index(name) for name in WINDOW_HEADS]
    rows, xs, xd, y, mask, labels, win = load(a.tool, a.files)
    print(f"{len(rows)} texts, {xd.shape[1]} dense inputs, {xs.shape[1]} buckets")
    best = None
    for penalty in PENALTIES:
        p = cross_validate(xs, xd, y, mask, penalty, win)
        acc = temperament_accuracy(p, y, mask)
        print(f"penalty {penalty}: cross-validated temperament {acc:.3f}")
        if best is None or acc > best[0]:
            best = (acc, penalty, p)
    _, penalty, p = best
    # The decision is tuned and reported on the realistic texts (those labelled with a
    # register), not on the older corpus of short, lexicon-era sentences.
    real = mask[:, 5] > 0
    pr, yr, mr = p[real], y[real], mask[real]
    cues = cue_flags(xd[real])
    fresh = np.array([r["id"].split("-")[0] not in LEXICON_ERA for r, keep in zip(rows, real)
                      if keep])
    neg_weight = negative_weights(yr[fresh], mr[fresh], yr[~fresh], mr[~fresh])
    print("risk rule: a false flag on the tuning batches weighs " +
          ", ".join(f"{k} {v:.2f}" for k, v in neg_weight.items()))
    rule = risk_rule(pr[fresh], yr[fresh], mr[fresh], {k: v[fresh] for k, v in cues.items()},
                     neg_weight)
    mixed_min = tune_mixed(pr, yr, mr)
    legit = tune_legitimacy(pr, yr, mr)
    print(f"decision: mixed needs {mixed_min:.2f}; legitimacy thresholds {legit}")
    langs = [labels[r["id"]]["lang"] for r, keep in zip(rows, real) if keep]
    print("cross-validated, all realistic training texts:")
    cv_report(pr, yr, mr, cues, rule, mixed_min, legit, langs)
    print("cross-validated, the batches the lexicons were not extended from:")
    cv_report(pr[fresh], yr[fresh], mr[fresh], {k: v[fresh] for k, v in cues.items()}, rule,
              mixed_min, legit, [g for g, f in zip(langs, fresh) if f])
    params = fit(xs, xd, y, mask, penalty, win, np.arange(len(rows)))
    with open(a.out, "w", encoding="utf-8") as f:
        f.write(c_table(params, (rule, mixed_min, legit), digest(a.files), penalty))
    print(f"wrote {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
