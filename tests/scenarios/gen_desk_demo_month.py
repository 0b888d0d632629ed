#!/usr/bin/env python3
"""Writes desk-demo-month.scenario: the month `redress-desk demo` replays, as a scenario.

  gen_desk_demo_month.py REDRESS_DESK > tests/scenarios/desk-demo-month.scenario
  gen_desk_demo_month.py REDRESS_DESK --check tests/scenarios/desk-demo-month.scenario

The setting is the desk's own (its office calendar from examples/desk/desk.conf, the default config, and
its policies as `redress-desk policies` prints them); the timeline is the bundled
sample's receipts and actions (examples/desk/data/sample.jsonl) in the demo's order,
with the demo's hourly tick. The expectations come from the demo itself, run here
through the desk's own code path (SQLite, its option parsing): the alarms each tick
printed, exactly and in order, and the figures of its closing report. So the scenario
proves that the runner and the desk tell the same month.
"""
import datetime as dt
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "desk" / "data" / "sample.jsonl"
DESK_CONF = ROOT / "examples" / "desk" / "desk.conf"

CREATE_KEYS = {"customer": "customer", "tier": "tier", "customer_value": "customer-value",
               "channel": "channel", "category": "category", "product": "product",
               "cause": "cause", "severity": "severity",
               "text": "text", "order_value": "order-value", "claimed": "claimed",
               "remedy": "remedy", "expectation": "expectation", "bottom_line": "bottom-line",
               "prior_complaints": "prior-complaints"}
VERB_KEYS = {"actor": "by", "note": "note", "decision": "decision", "remedy": "remedy",
             "point": "point", "demand": "demand", "satisfaction": "satisfaction",
             "compensation": "compensation", "due": "due", "legitimacy": "legitimacy",
             "to": "to", "severity": "severity", "owner": "owner", "team": "team"}


def seconds(duration):
    units = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}
    return sum(int(n) * units[u] for n, u in re.findall(r"(\d+)([wdhms])", duration))


def utc(text):
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)


def when(t):
    return t.strftime("%Y-%m-%d %H:%M")


def quote(text):
    text = str(text)
    if re.fullmatch(r"[A-Za-z0-9_.:+-]+", text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def office_calendar():
    """The lines of the default config's `calendar office` block, indentation cut."""
    lines, inside = [], False
    for line in DESK_CONF.read_text(encoding="utf-8").splitlines():
        if line.startswith("calendar office"):
            inside = True
        elif inside and line[:1] in (" ", "\t"):
            lines.append(line.strip())
        elif inside:
            break
    return lines


def demo_output(desk):
    svg = pathlib.Path(tempfile.gettempdir()) / f"gen-demo-month-{os.getpid()}.svg"
    out = subprocess.run([desk, "demo", "--svg", str(svg)], capture_output=True, text=True,
                         check=True).stdout
    svg.unlink(missing_ok=True)
    alarms = {}
    for line in out.splitlines():
        m = re.match(r"(\S+Z)\s+(\S+)\s+(\S+)\s+(\S+)\s+due (\S+Z)", line)
        if m:
            alarms.setdefault(utc(m.group(1)), []).append(
                (m.group(4), m.group(3), m.group(2), utc(m.group(5))))
    return out, alarms


def timeline(items, start, end):
    steps = []
    for n, item in enumerate(items):
        at = utc(item["at"])
        if at < end:
            steps.append((at, n, -1))
        for k, action in enumerate(item.get("plan", [])):
            t = at + dt.timedelta(seconds=seconds(action["after"]))
            if t < end:
                steps.append((t, n, k))
    steps.sort()
    return steps


def create_line(item):
    words = [f"create {item['id']}"]
    for key, name in CREATE_KEYS.items():
        if key in item:
            words.append(f"{name}={quote(item[key])}")
    return " ".join(words)


def verb_line(item, action):
    words = [f"{action['verb'].replace('_', '-')} {item['id']}"]
    for key, name in VERB_KEYS.items():
        if key not in action:
            continue
        value = action[key]
        if key == "due":
            value = f"+{seconds(value) // 60} minutes"
        words.append(f"{name}={quote(value)}")
    return " ".join(words)


def report_figures(out):
    """The report's figures the scenario checks, as (metric, value) pairs."""
    figures = []
    m = re.search(r"Retention report as of \S+: (\d+) complaints", out)
    figures.append(("complaints", m.group(1)))
    states = re.search(r"received (\d+) · acknowledged (\d+) · investigating (\d+) · "
                       r"awaiting-customer (\d+)\s+responded (\d+) · resolved (\d+) · "
                       r"closed (\d+) · withdrawn (\d+)", out)
    for name, value in zip(["received", "acknowledged", "investigating", "awaiting-customer",
                            "responded", "resolved", "closed", "withdrawn"], states.groups()):
        figures.append((f"state-{name}", value))
    figures.append(("first-contact-resolution-rate",
                    re.search(r"first-contact resolution\s+(\S+%)", out).group(1)))
    figures.append(("resolved", re.search(r"resolved and standing\s+(\d+)", out).group(1)))
    for kind in ["acknowledge", "update", "resolve", "promise", "follow-up"]:
        m = re.search(rf"^  {kind}\s+(\d+)\s+(\S+%)\s+(\d+)", out, re.M)
        figures += [(f"{kind}-deadlines", m.group(1)), (f"{kind}-on-time-rate", m.group(2)),
                    (f"{kind}-breaches", m.group(3))]
    figures.append(("satisfaction-answers",
                    re.search(r"of (\d+) answers", out).group(1)))
    figures.append(("satisfaction-mean", re.search(r"satisfaction \(1-5\)\s+(\S+)", out).group(1)))
    figures.append(("compensated", re.search(r"compensation paid\s+\S+\s+\((\d+) complaints",
                                             out).group(1)))
    paid = re.search(r"compensation paid\s+(\S+)", out).group(1).replace(",", "")
    figures.append(("compensation-paid", str(round(float(paid) * 100))))
    figures.append(("expected-retained",
                    re.search(r"expected retained complainants\s+(\S+)", out).group(1)))
    for channel in ["phone", "email", "regulator"]:
        m = re.search(rf"^  {channel}\s+(\d+)\s+(\S+%)\s+(\S+%)\s+(\S+%)", out, re.M)
        figures.append((f"complaints for channel {channel}", m.group(1)))
        figures.append((f"acknowledge-on-time-rate for channel {channel}", m.group(3)))
    return figures


def main():
    desk = sys.argv[1]
    items = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line]
    first = min(utc(i["at"]) for i in items)
    start = first.replace(day=1, hour=0, minute=0, second=0)
    end = (start + dt.timedelta(days=32)).replace(day=1)
    out, alarms = demo_output(desk)
    steps = timeline(items, start, end)
    lines = [
        "# The month `redress-desk demo` replays, as a scenario (generated by",
        "# tests/scenarios/gen_desk_demo_month.py from examples/desk/data/sample.jsonl;",
        "# regenerate it rather than editing it). The desk's calendar and policies, its",
        "# complaints and the actions agents took, the hourly tick with the alarms the demo",
        "# printed, and at the end the figures of the demo's report.",
        'scenario "redress-desk demo: March 2026"',
        "zone UTC",
        "actor agent",
        "",
        "calendar office",
    ]
    lines += ["  " + l for l in office_calendar()]
    with tempfile.TemporaryDirectory() as tmp:
        policies = subprocess.run([desk, "--db", os.path.join(tmp, "p.db"), "policies"],
                                  capture_output=True, text=True, check=True).stdout
    lines += ["", "policies"] + ["  " + l if l else "" for l in policies.splitlines()] + [""]
    tick = start + dt.timedelta(hours=1)
    clock = None

    def at(t):
        nonlocal clock
        if t != clock:
            lines.append(f"at {when(t)}")
            clock = t

    def tick_until(limit):
        nonlocal tick
        while tick <= limit:
            at(tick)
            lines.append("tick")
            raised = alarms.pop(tick, [])
            if raised:
                lines.append("expect alarms")
                for cid, kind, level, due in raised:
                    lines.append(f"  {cid} {kind} {level} due {when(due)}")
            else:
                lines.append("expect no alarms")
            tick += dt.timedelta(hours=1)

    for t, n, k in steps:
        tick_until(t)
        at(t)
        item = items[n]
        lines.append(create_line(item) if k < 0 else verb_line(item, item["plan"][k]))
    tick_until(end)
    if alarms:
        sys.exit(f"alarms the timeline never ticked at: {sorted(alarms)[:3]}")
    lines += ["", "# the demo's report, as of the end of the month"]
    for metric, value in report_figures(out):
        name, _, group = metric.partition(" for ")
        lines.append(f"expect metric {name} {value}" + (f" for {group}" if group else ""))
    text = "\n".join(lines) + "\n"
    if len(sys.argv) > 3 and sys.argv[2] == "--check":
        with open(sys.argv[3], encoding="utf-8") as f:
            if f.read() != text:
                sys.exit(f"{sys.argv[3]} is not what the sample and the demo give now: "
                         "regenerate it (see its first lines)")
        return
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
