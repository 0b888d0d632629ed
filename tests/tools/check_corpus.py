#!/usr/bin/env python3
"""Checks labelled complaint files against tests/data/classify/README.md (columns, label
values, unique ids, the optional tenth column) and prints their label counts; exit 1 on
any problem."""
import re
import sys, collections
DOM = set("ecommerce telecom banking insurance airline food_delivery utility saas healthcare_billing car_repair".split())
RISK = set("media social regulator legal churn abuse manager".split())
def main(path):
    bad = 0; c = collections.defaultdict(collections.Counter); ids = set(); n = 0
    for ln, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line or line.startswith("#"): continue
        f = line.split("\t")
        def err(m):
            nonlocal bad; bad += 1; print(f"{path}:{ln}: {m}")
        if len(f) not in (9, 10): err(f"{len(f)} columns, want 9 or 10"); continue
        i, lang, dom, style, temp, legit, risks, reg, text = f[:9]
        if len(f) == 10 and f[9] != "-" and not re.fullmatch(
                r"(order|claim|paid_before|complaints_before)=\d+(,(order|claim|paid_before|complaints_before)=\d+)*", f[9]):
            err(f"CRM column {f[9]!r}")
        n += 1
        if i in ids: err(f"duplicate id {i}")
        ids.add(i)
        if lang not in ("en", "ko", "zh"): err("lang")
        if dom not in DOM: err(f"domain {dom}")
        if temp not in ("rational", "emotional", "mixed"): err(f"temperament {temp}")
        if legit not in ("reasonable", "misinformed", "unrealistic", "malicious"): err(f"legitimacy {legit}")
        if risks != "-" and not set(risks.split(",")) <= RISK: err(f"risks {risks}")
        if reg not in ("formal", "informal"): err(f"register {reg}")
        if len(text) < 15: err("text too short")
        for k, v in (("lang", lang), ("domain", dom), ("temperament", temp), ("legitimacy", legit), ("register", reg)):
            c[k][v] += 1
        for r in ([] if risks == "-" else risks.split(",")): c["risk"][r] += 1
        if risks == "-": c["risk"]["(none)"] += 1
    print(f"{path}: {n} texts, {bad} problems")
    for k in c: print(f"  {k}: " + ", ".join(f"{a}={b}" for a, b in sorted(c[k].items())))
    return 1 if bad else 0
sys.exit(max(main(p) for p in sys.argv[1:]))
