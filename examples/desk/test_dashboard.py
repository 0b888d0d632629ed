#!/usr/bin/env python3
"""Renders the dashboard of `redress-desk report --html` in headless Chromium and reads
the rendered DOM back.

    test_dashboard.py BINARY

- the page is self-contained: no script, no remote style, font or image;
- the charts are there: every <svg role="img"> has a title, the weekly charts too;
- every figure the page shows from the metrics (data-metric) equals the figure of
  `report --json` for the same database and --at, as a value and as the text shown;
- the breakdowns by channel, team and category list the groups of `report --json --by`,
  the most complaints first;
- the weekly trend shows the figures of `report --json --by week` (0 and nothing to
  measure for a week without complaints), and counts the complaints of each ISO week
  of the demo's sample;
- the tables of open breaches and oldest open complaints match `list`;
- text from the database is escaped; an unwritable file is one error line.

Times are given with --at, so nothing depends on the host's date or time zone. Without
Chromium the test is skipped (exit 77) with a message saying what to install.
"""
import datetime
import html.parser
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

BIN = os.path.abspath(sys.argv[1])
HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "data", "sample.jsonl")
AT = "2026-04-01T00:00:00Z"
SKIP = 77


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def run(args, db, ok=True):
    p = subprocess.run([BIN, "--db", db] + args, capture_output=True, text=True, timeout=600)
    if ok:
        check(p.returncode == 0, "%s failed (%d): %s" % (" ".join(args), p.returncode, p.stderr))
    return p


def browser():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


def dump_dom(chromium, page, tmp):
    """The DOM after Chromium parsed and laid out the page (no JavaScript involved)."""
    p = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-dev-shm-usage", "--user-data-dir=" + os.path.join(tmp, "chr"),
                        "--dump-dom", "file://" + page],
                       capture_output=True, text=True, timeout=300)
    check(p.returncode == 0 and "<html" in p.stdout,
          "chromium --dump-dom failed (%d): %s" % (p.returncode, p.stderr[-2000:]))
    return p.stdout


# ---- a small DOM from the dump -------------------------------------------------------

VOID = {"meta", "br", "img", "input", "link", "hr", "wbr", "source", "area", "col", "base"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def walk(self):
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.walk()

    def find_all(self, tag=None, **attrs):
        return [n for n in self.walk() if (tag is None or n.tag == tag) and
                all(n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())]


class Builder(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.node = self.root

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.node)
        self.node.children.append(n)
        if tag not in VOID:
            self.node = n

    def handle_startendtag(self, tag, attrs):
        self.node.children.append(Node(tag, attrs, self.node))

    def handle_endtag(self, tag):
        n = self.node
        while n is not None and n.tag != tag:
            n = n.parent
        if n is not None and n.parent is not None:
            self.node = n.parent

    def handle_data(self, data):
        self.node.children.append(data)


def parse(text):
    b = Builder()
    b.feed(text)
    b.close()
    return b.root


# ---- figures as the page writes them -----------------------------------------------------

def half_away(x):
    return math.copysign(math.floor(abs(x) + 0.5), x)


def grouped(n):
    return "{:,}".format(int(n))


def duration(seconds):
    s = int(half_away(seconds))
    sign = "-" if s < 0 else ""
    s = abs(s)
    if s >= 86400:
        return "%s%dd %02dh" % (sign, s // 86400, s % 86400 // 3600)
    if s >= 3600:
        return "%s%dh %02dm" % (sign, s // 3600, s % 3600 // 60)
    if s >= 60:
        return "%s%dm %02ds" % (sign, s // 60, s % 60)
    return "%s%ds" % (sign, s)


FORMATS = {
    "count": lambda v: grouped(v),
    "percent": lambda v: "%.1f%%" % (v * 100.0),
    "duration": duration,
    "money": lambda v: grouped(half_away(v / 100.0)),
    "score": lambda v: "%.2f" % v,
    "customers": lambda v: "%.1f" % v,
}


def shown(value, unit):
    return "n/a" if value is None else FORMATS[unit](value)


def figure_value(node):
    raw = node.attrs.get("value", node.attrs.get("data-value"))
    check(raw is not None, "a figure without its value: %r" % node.attrs)
    return None if raw == "null" else float(raw)


# ---- the checks ---------------------------------------------------------------------------

def check_self_contained(raw):
    lower = raw.lower()
    for bad in ("<script", "<link", "<img", "<iframe", "@import", "http://", "https://",
                "src=", "javascript:"):
        check(bad not in lower, "the page is not self-contained: it holds %r" % bad)
    check(lower.count("url(") == lower.count("url(#hatch)"), "a url() that is not the page's")


def check_charts(dom):
    charts = [s for s in dom.find_all("svg") if s.attrs.get("role") == "img"]
    check(len(charts) >= 20, "only %d charts and meters" % len(charts))
    for s in charts:
        titles = [c for c in s.children if isinstance(c, Node) and c.tag == "title"]
        check(titles and titles[0].text().strip(), "an svg without a title: %r" % s.attrs)
        check("aria-label" in s.attrs or "aria-labelledby" in s.attrs,
              "an svg without an accessible name: %r" % s.attrs)
    names = {t.text().strip() for s in charts for t in s.children
             if isinstance(t, Node) and t.tag == "title"}
    for title in ("Complaints received per week", "Deadlines met on time, by week of receipt"):
        check(title in names, "the chart %r is missing" % title)
    check(any(n.startswith("Acknowledge deadlines met on time") for n in names),
          "the deadline meters are missing")
    return len(charts)


def check_figures(dom, report, groups):
    """Every figure with data-metric against report --json; returns the weekly ones."""
    weekly, checked = {}, 0
    for n in dom.walk():
        name = n.attrs.get("data-metric")
        if name is None:
            continue
        value, unit = figure_value(n), n.attrs["data-unit"]
        if "data-week" in n.attrs:
            week = n.attrs["data-week"]
            weekly.setdefault(week, {})[name] = value
            values = groups["week"].get(week)
            want = values[name] if values else (0 if name == "complaints" else None)
            check(value == want, "week %s %s: the page holds %r, report --json --by week %r"
                  % (week, name, value, want))
            if n.tag == "text":
                check(n.text().strip() == shown(want, unit), "week figure %r" % n.text())
            checked += 1
            continue
        if "data-by" in n.attrs:
            want = groups[n.attrs["data-by"]][n.attrs["data-key"]][name]
            where = "%s %r" % (n.attrs["data-by"], n.attrs["data-key"])
        else:
            want, where = report["total"][name], "total"
        check(value == want, "%s %s: the page holds %r, report --json %r" % (where, name, value,
                                                                             want))
        text = n.text().strip()
        check(text == shown(want, unit), "%s %s: the page shows %r, report --json gives %r"
              " (%r)" % (where, name, text, shown(want, unit), want))
        checked += 1
    check(checked >= 100, "only %d figures on the page" % checked)
    return weekly, checked


def check_breakdowns(dom, groups):
    for by, keys in groups.items():
        if by == "week":
            continue
        table = dom.find_all("table", id="by-" + by)
        check(len(table) == 1, "no table by %s" % by)
        rows = [r for r in table[0].find_all("tr") if r.find_all("th", scope="row")]
        shown_keys = [r.find_all("data", **{"data-metric": "complaints"})[0].attrs["data-key"]
                      for r in rows]
        want = sorted((k for k, v in keys.items() if v["complaints"] > 0),
                      key=lambda k: -keys[k]["complaints"])
        check(sorted(shown_keys) == sorted(want), "by %s: rows %r, groups %r" % (by, shown_keys,
                                                                                  want))
        counts = [keys[k]["complaints"] for k in shown_keys]
        check(counts == sorted(counts, reverse=True), "by %s: not the most first" % by)


def iso_week(at):
    t = datetime.datetime.strptime(at, "%Y-%m-%dT%H:%M:%SZ")
    year, week, _ = t.isocalendar()
    return "%04d-W%02d" % (year, week)


def check_weeks(weekly, report):
    want = {}
    with open(SAMPLE, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                week = iso_week(json.loads(line)["at"])
                want[week] = want.get(week, 0) + 1
    got = {w: v["complaints"] for w, v in weekly.items()}
    check(got == want, "complaints per week: the page %r, the sample %r" % (got, want))
    check(sum(got.values()) == report["total"]["complaints"], "the weeks do not add up")
    for w, v in weekly.items():
        for name in ("acknowledge_on_time_rate", "resolve_on_time_rate"):
            check(name in v and (v[name] is None or 0 <= v[name] <= 1), "week %s: %s" % (w, name))


def list_rows(db, flags):
    out = run(["list", "--at", AT] + flags, db).stdout.splitlines()
    return [line.split() for line in out[1:] if line.strip()]


def check_tables(dom, db):
    breached = {r[0]: set(r[-1].split(",")) for r in list_rows(db, ["--open", "--breached"])}
    table = dom.find_all("table", id="breaches")[0]
    rows = {}
    for r in table.find_all("tr"):
        head = r.find_all("th", scope="row")
        if head:
            kinds = r.find_all("td")[0].text()
            rows[head[0].text().strip()] = {k.strip() for k in kinds.split(",")}
    check(rows == breached, "open breaches: the page %r, list %r" % (rows, breached))
    kpi = dom.find_all("data", **{"data-table": "breaches"})[0]
    check(int(kpi.text()) == sum(len(k) for k in breached.values()), "the breaches' count")

    # oldest open: not yet resolved, closed or withdrawn, the oldest first
    open_rows = [r for r in list_rows(db, ["--open"]) if r[1] != "resolved"]
    open_rows.sort(key=lambda r: (r[5], r[0]))  # RECEIVED, then the id
    table = dom.find_all("table", id="oldest")[0]
    ids = [h.text().strip() for h in table.find_all("th", scope="row")]
    check(ids == [r[0] for r in open_rows[:len(ids)]] and len(ids) == min(10, len(open_rows)),
          "oldest open: the page %r, list %r" % (ids, [r[0] for r in open_rows[:10]]))


def check_escaping(chromium, tmp):
    db, page = os.path.join(tmp, "esc.db"), os.path.join(tmp, "esc.html")
    team = "<script>alert(1)</script> & \"'"
    cid = run(["add", "--customer", "c<1>", "--channel", "email", "--category", "a<b>&c",
               "--text", "x", "--at", "2026-03-02T10:00:00Z"], db).stdout.strip()
    run(["assign", cid, "--team", team, "--owner", "o", "--at", "2026-03-02T11:00:00Z"], db)
    run(["report", "--at", AT, "--html", page], db)
    with open(page, encoding="utf-8") as f:
        raw = f.read()
    check("<script" not in raw and "a<b>" not in raw, "text from the database is not escaped")
    dom = parse(dump_dom(chromium, page, tmp))
    heads = [h.text() for h in dom.find_all("table", id="by-team")[0].find_all("th", scope="row")]
    check(team in heads, "the team is not shown as typed: %r" % heads)
    heads = [h.text() for h in dom.find_all("table", id="by-category")[0].find_all("th")]
    check("a<b>&c" in heads, "the category is not shown as typed: %r" % heads)


def check_unwritable(db, tmp):
    p = run(["report", "--at", AT, "--html", os.path.join(tmp, "no", "such", "dir.html")], db,
            ok=False)
    check(p.returncode == 1 and "cannot write" in p.stderr and p.stderr.count("\n") == 1,
          "an unwritable --html file: %d %r" % (p.returncode, p.stderr))


def main():
    chromium = browser()
    if chromium is None:
        print("SKIP: chromium is not installed (apt-get install chromium, as "
              "tests/install-deps.sh does); this test renders the dashboard in it")
        return SKIP
    with tempfile.TemporaryDirectory() as tmp:
        db, page = os.path.join(tmp, "demo.db"), os.path.join(tmp, "dashboard.html")
        run(["demo", "--quiet", "--svg", os.path.join(tmp, "demo.svg")], db)
        run(["report", "--at", AT, "--html", page], db)
        report = json.loads(run(["report", "--at", AT, "--json"], db).stdout)
        groups = {}
        for by in ("channel", "team", "category", "week"):
            doc = json.loads(run(["report", "--at", AT, "--json", "--by", by], db).stdout)
            groups[by] = {g["key"]: g["values"] for g in doc["groups"]}
        with open(page, encoding="utf-8") as f:
            check_self_contained(f.read())
        dom = parse(dump_dom(chromium, page, tmp))
        charts = check_charts(dom)
        weekly, figures = check_figures(dom, report, groups)
        check_breakdowns(dom, groups)
        check_weeks(weekly, report)
        check_tables(dom, db)
        check_escaping(chromium, tmp)
        check_unwritable(db, tmp)
        print("ok: %d charts, %d figures equal to report --json, %d weeks" % (
            charts, figures, len(weekly)))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Failure as e:
        print("FAIL: %s" % e)
        sys.exit(1)
