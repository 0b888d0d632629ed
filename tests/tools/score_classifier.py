#!/usr/bin/env python3
"""Scores the classifier on labelled complaint files: temperament (overall, per language,
confusion matrices), legitimacy from the text, each risk flag's recall, the share of texts
with a false flag, and the register; beside two baselines (the majority class, and a
sentiment-lexicon threshold on the cue lexicons' emotional score).

    score_classifier.py --tool BUILD/tests/classify_corpus [--gate NAME=MIN ...] FILE...

Gates (fractions) make the exit status fail below them: temperament, temperament_lang,
legitimacy, risk_recall, and false_flags (a maximum). docs/classification.md shows the output.
"""
import argparse
import collections
import json
import subprocess
import sys

TEMPERAMENTS = ["rational", "emotional", "mixed", "unknown"]
LEGITIMACY = ["reasonable", "misinformed", "unrealistic", "malicious", "unknown"]
RISKS = ["media", "social", "regulator", "legal", "churn", "abuse", "manager"]


def run(tool, args):
    return subprocess.run([tool, *args], check=True, capture_output=True, text=True).stdout


def read_predictions(tool, files, saved=None, fields=False):
    text = (open(saved, encoding="utf-8").read() if saved
            else run(tool, (["--fields"] if fields else []) + list(files)))
    return parse_predictions(text)


def parse_predictions(text):
    rows = []
    for line in text.splitlines():
        c = line.split("\t")
        rows.append({"id": c[0], "lang": c[1], "temperament": c[2], "legitimacy": c[3],
                     "risks": c[4], "formality": c[5], "p_temperament": c[6],
                     "p_legitimacy": c[7], "p_risks": c[8], "p_formality": c[9]})
    return rows


def flags(s):
    return set() if s in ("-", "") else set(s.split(",")) & set(RISKS)


def matrix(pairs, labels):
    m = collections.Counter(pairs)
    used = [l for l in labels if any(g == l or p == l for g, p in m)]
    width = max(len(l) for l in used) + 2
    corner = "gold \\ said"
    out = [f"    {corner:<{width + 8}}" + "".join(f"{l[:11]:>12}" for l in used)]
    for g in used:
        out.append(f"    {g:<{width + 8}}" + "".join(f"{m[(g, p)]:>12}" for p in used))
    return "\n".join(out)


def pct(a, b):
    return f"{a}/{b} ({100.0 * a / b:.1f} %)" if b else "-"


def report(rows, baseline_rows, fields=False):
    res = {}
    t_rows = [r for r in rows if r["temperament"] in TEMPERAMENTS[:3]]
    right = sum(r["temperament"] == r["p_temperament"] for r in t_rows)
    res["temperament"] = right / max(len(t_rows), 1)
    print(f"temperament: {pct(right, len(t_rows))}")
    per_lang = []
    for lang in sorted({r["lang"] for r in t_rows}):
        lr = [r for r in t_rows if r["lang"] == lang]
        ok = sum(r["temperament"] == r["p_temperament"] for r in lr)
        per_lang.append(ok / len(lr))
        print(f"  {lang}: {pct(ok, len(lr))}")
        print(matrix([(r["temperament"], r["p_temperament"]) for r in lr], TEMPERAMENTS))
    res["temperament_lang"] = min(per_lang) if per_lang else 0.0
    l_rows = [r for r in rows if r["legitimacy"] in LEGITIMACY[:4]]
    if l_rows:
        ok = sum(r["legitimacy"] == r["p_legitimacy"] for r in l_rows)
        res["legitimacy"] = ok / len(l_rows)
        how = "with the CRM fields" if fields else "text alone"
        print(f"legitimacy ({how}): {pct(ok, len(l_rows))}")
        for lang in sorted({r["lang"] for r in l_rows}):
            lr = [r for r in l_rows if r["lang"] == lang]
            print(f"  {lang}: {pct(sum(r['legitimacy'] == r['p_legitimacy'] for r in lr), len(lr))}")
            print(matrix([(r["legitimacy"], r["p_legitimacy"]) for r in lr], LEGITIMACY))
    found = labelled = 0
    print("risk flags (recall, false flags):")
    for name in RISKS:
        g = [r for r in rows if name in flags(r["risks"])]
        f = sum(name in flags(r["p_risks"]) for r in g)
        fp = sum(name in flags(r["p_risks"]) and name not in flags(r["risks"]) for r in rows)
        found, labelled = found + f, labelled + len(g)
        print(f"  {name:10s} recall {pct(f, len(g)):22s} false {fp}")
    res["risk_recall"] = found / max(labelled, 1)
    false_texts = sum(bool(flags(r["p_risks"]) - flags(r["risks"])) for r in rows)
    res["false_flags"] = false_texts / max(len(rows), 1)
    print(f"  all        recall {pct(found, labelled)}")
    print(f"texts with a false flag: {pct(false_texts, len(rows))}")
    f_rows = [r for r in rows if r["formality"] in ("formal", "informal")]
    if f_rows:
        ok = sum(r["formality"] == r["p_formality"] for r in f_rows)
        print(f"register: {pct(ok, len(f_rows))}")
    baselines(rows, baseline_rows)
    return res


def baselines(rows, lexicon):
    """Majority class, and emotional when the lexicons' emotional score beats the
    rational one (what a sentiment-lexicon threshold does)."""
    t_rows = [r for r in rows if r["temperament"] in TEMPERAMENTS[:3]]
    if not t_rows:
        return
    major = collections.Counter(r["temperament"] for r in t_rows).most_common(1)[0]
    print(f"baseline majority temperament ({major[0]}): {pct(major[1], len(t_rows))}")
    l_rows = [r for r in rows if r["legitimacy"] in LEGITIMACY[:4]]
    if l_rows:
        lm = sum(r["legitimacy"] == "reasonable" for r in l_rows)
        print(f"baseline majority legitimacy (reasonable): {pct(lm, len(l_rows))}")
    ok = 0
    for r in t_rows:
        d = lexicon[r["id"]]
        said = "emotional" if d[0] > d[1] else "rational"
        ok += said == r["temperament"]
    print(f"baseline sentiment-lexicon threshold: {pct(ok, len(t_rows))}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tool", required=True)
    ap.add_argument("--gate", action="append", default=[])
    ap.add_argument("--fields", action="store_true",
                    help="classify texts with a CRM column as complaints with those fields")
    ap.add_argument("--predictions", help="score these saved classify_corpus lines instead "
                    "(e.g. from another version of the library built with -DPREDICT_ONLY)")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    rows = read_predictions(a.tool, a.files, a.predictions, a.fields)
    lexicon = {}
    for line in run(a.tool, ["--inputs", *a.files]).splitlines():
        j = json.loads(line)
        lexicon[j["id"]] = j["dense"]
    res = report(rows, lexicon, a.fields)
    failed = []
    for g in a.gate:
        name, value = g.split("=")
        got = res.get(name)
        if got is None:
            failed.append(f"{name}: not measured")
        elif (name == "false_flags" and got > float(value)) or (
                name != "false_flags" and got < float(value)):
            failed.append(f"{name} {got:.3f} (gate {value})")
    if failed:
        print("FAIL: " + "; ".join(failed))
        return 1
    print("PASS" if a.gate else "(reported only)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
