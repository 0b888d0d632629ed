#!/usr/bin/env python3
"""Checks `redress-desk return` on the demo's month by hand.

    test_returns.py BINARY

The demo (examples/desk/data/sample.jsonl, replayed by `redress-desk demo`) is loaded
into a temporary database. The figures of the FCA return and the records of the ASIC
report are then counted here, independently of the library: from the stored JSON
documents read straight from SQLite, by walking each complaint's events in Python with
the definitions of docs/returns.md, and with the desk's office calendar worked out by
hand (UK time: GMT until 2026-03-29 01:00 UTC, BST after; office days Monday to Friday
closing at 20:00 and Saturday at 13:00; the bank holidays of 3 and 6 April 2026). The
command's CSV and JSON must agree with these counts, figure for figure, for two
periods: the first half of March, and the second (which has complaints outstanding at
its start, and events after its end that must not count).
"""
import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
import tempfile

BIN = os.path.abspath(sys.argv[1])
DAY = 86400
MAR_1 = 1772323200  # 2026-03-01T00:00:00Z, a Sunday
BST_FROM = 1774746000  # 2026-03-29T01:00:00Z: UK clocks go forward
HOLIDAYS = {1775174400 // DAY, 1775433600 // DAY}  # 2026-04-03 and 2026-04-06
CLOSING_VERBS = {"respond", "resolve_on_the_spot", "withdraw"}


def fail(message):
    print("FAIL test_returns: " + message)
    sys.exit(1)


def run(args, db):
    p = subprocess.run([BIN, "--db", db] + args, capture_output=True, timeout=600)
    if p.returncode != 0:
        fail("%s exited %d: %s" % (" ".join(args), p.returncode, p.stderr.decode()))
    return p.stdout.decode("utf-8")


# ---- the facts of a complaint, by hand --------------------------------------------------

def facts(doc, until):
    """(closed_at or None, withdrawn, decision, compensation) with events before `until`.
    A closing verb closes the complaint unless it is closed already; reopen opens it."""
    closed_at, withdrawn, decision, compensation = None, False, None, None
    for ev in doc["events"]:
        if ev["at"] >= until:
            break
        if ev["kind"] in ("respond", "resolve_on_the_spot"):
            decision, compensation = ev.get("decision"), ev.get("compensation")
        if ev["kind"] in CLOSING_VERBS and closed_at is None:
            closed_at = ev["at"]
        if ev["kind"] == "reopen":
            closed_at = None
        withdrawn = ev["kind"] == "withdraw" or (withdrawn and ev["kind"] != "reopen")
    return closed_at, withdrawn, decision, compensation


def uk_offset(t):
    return 3600 if t >= BST_FROM else 0


def office_close(local_day):
    """The UTC close of a local day of the office calendar, or None if it is closed."""
    weekday = (local_day + 3) % 7  # 0 = Monday; 1970-01-01 was a Thursday
    if local_day in HOLIDAYS or weekday == 6:
        return None
    local_close = local_day * DAY + (13 if weekday == 5 else 20) * 3600
    # the close is late on a day after the clock change: BST applies
    return local_close - (3600 if local_close - 3600 >= BST_FROM else 0)


def three_business_days(doc):
    """The close of the third business day after the local day of receipt."""
    received = doc["received_at"]
    if doc["policies"][0].get("calendar") is None:  # always open, in UTC
        return (received // DAY + 4) * DAY
    assert doc["policies"][0]["calendar"] == "office"
    day, left = (received + uk_offset(received)) // DAY, 3
    while True:
        day += 1
        close = office_close(day)
        if close is not None:
            left -= 1
            if left == 0:
                return close


# ---- the FCA figures ----------------------------------------------------------------------

FIGURES = ["outstanding_at_start", "opened", "closed", "closed_within_3_business_days",
           "closed_after_3_business_days_within_8_weeks", "closed_after_8_weeks", "upheld",
           "upheld_percent", "redress_paid"]


def fca_by_hand(docs, start, end):
    groups = {}  # (grouping, key) -> counts

    def add(grouping, key, k):
        g = groups.setdefault((grouping, key), [0] * 8)
        for i, v in enumerate(k):
            g[i] += v

    for doc in docs:
        if doc["received_at"] >= end:
            continue
        at_start = facts(doc, start)
        closed_at, _, decision, compensation = facts(doc, end)
        outstanding = doc["received_at"] < start and at_start[0] is None
        opened = doc["received_at"] >= start
        closed = closed_at is not None and start <= closed_at < end
        k = [int(outstanding), int(opened), int(closed), 0, 0, 0, 0, 0]
        if closed:
            if closed_at <= three_business_days(doc):
                k[3] = 1
            elif closed_at - doc["received_at"] <= 56 * DAY:
                k[4] = 1
            else:
                k[5] = 1
            k[6] = int(decision in ("upheld", "partly_upheld"))
            k[7] = compensation if compensation and compensation > 0 else 0
        if not (outstanding or opened or closed):
            continue
        add("total", "", k)
        add("product", doc.get("product", ""), k)
        add("cause", doc.get("cause", ""), k)
    rows = []
    order = {"total": 0, "product": 1, "cause": 2}
    for (grouping, key), g in sorted(groups.items(),
                                     key=lambda kv: (order[kv[0][0]], kv[0][1].encode())):
        percent = "" if g[2] == 0 else "%d.%d" % divmod((2000 * g[6] + g[2]) // (2 * g[2]), 10)
        rows.append([grouping, key] + [str(v) for v in g[:7]] +
                    [percent, "%d.%02d" % divmod(g[7], 100)])
    return rows


def check_fca(db, docs, start, end, when):
    args = ["return", "fca", "--from", when[0], "--to", when[1]]
    got = list(csv.reader(io.StringIO(run(args + ["--csv"], db), newline="")))
    if got[0] != ["grouping", "key"] + FIGURES:
        fail("FCA header: %r" % got[0])
    want = fca_by_hand(docs, start, end)
    if got[1:] != want:
        fail("FCA %s..%s:\n got  %r\n want %r" % (when + (got[1:], want)))
    doc = json.loads(run(args, db))  # the JSON carries the same total
    total = dict(zip(FIGURES, want[0][2:]))
    for name in FIGURES[:7]:
        if str(doc["total"][name]) != total[name]:
            fail("FCA JSON %s: %r, CSV %r" % (name, doc["total"][name], total[name]))
    if doc["total"]["redress_paid"] != total["redress_paid"]:
        fail("FCA JSON redress %r" % doc["total"]["redress_paid"])
    return want[0]


# ---- the ASIC records ------------------------------------------------------------------

def date_of(t):
    return "%04d-%02d-%02d" % __import__("time").gmtime(t)[:3]


def asic_by_hand(docs, start, end):
    records = []
    for doc in sorted(docs, key=lambda d: d["id"].encode()):
        if doc["received_at"] >= end:
            continue
        if doc["received_at"] < start and facts(doc, start)[0] is not None:
            continue
        closed_at, withdrawn, decision, compensation = facts(doc, end)
        closed = closed_at is not None
        outcome = "" if not closed else ("withdrawn" if withdrawn else (decision or ""))
        records.append([
            doc["id"], doc.get("attrs", {}).get("brand", ""), date_of(doc["received_at"]),
            doc["channel"], doc.get("product", ""), doc.get("cause", ""),
            "closed" if closed else "open", date_of(closed_at) if closed else "",
            str(closed_at // DAY - doc["received_at"] // DAY) if closed else "", outcome,
            "%d.%02d" % divmod(compensation, 100) if closed and compensation is not None else "",
            "", "", "", ""])
    return records


def check_asic(db, docs, start, end, when):
    out = run(["return", "asic", "--from", when[0], "--to", when[1], "--csv"], db)
    got = list(csv.reader(io.StringIO(out, newline="")))
    want = asic_by_hand(docs, start, end)
    if got[1:] != want:
        diff = [(g, w) for g, w in zip(got[1:], want) if g != w][:3]
        fail("ASIC %s..%s: %d records, want %d; first differences %r" %
             (when + (len(got) - 1, len(want), diff)))
    return len(want)


def main():
    with tempfile.TemporaryDirectory(prefix="redress-desk-returns-") as tmp:
        db = os.path.join(tmp, "demo.db")
        subprocess.run([BIN, "--db", db, "demo", "--quiet", "--svg", os.path.join(tmp, "d.svg")],
                       check=True, capture_output=True, timeout=600)
        with sqlite3.connect(db) as conn:
            docs = [json.loads(d) for (d,) in conn.execute("SELECT doc FROM complaints")]
        if len(docs) != 200:
            fail("the demo stored %d complaints" % len(docs))
        mid = MAR_1 + 15 * DAY
        periods = [(MAR_1, mid, ("2026-03-01", "2026-03-16")),
                   (mid, MAR_1 + 31 * DAY, ("2026-03-16T00:00:00Z", "2026-04-01"))]
        for start, end, when in periods:
            total = check_fca(db, docs, start, end, when)
            n = check_asic(db, docs, start, end, when)
            print("ok   %s..%s: FCA total %s; ASIC %d records" % (when + (",".join(total[2:]), n)))
        # the second half must exercise what the first cannot
        second = fca_by_hand(docs, periods[1][0], periods[1][1])[0]
        if second[2] == "0":
            fail("no complaint was outstanding at 2026-03-16: the check proves less")
    print("ok   test_returns")


if __name__ == "__main__":
    main()
