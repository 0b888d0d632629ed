#!/usr/bin/env python3
"""Drives redress-desk through its commands on temporary databases.

    test_desk.py BINARY

- help: the program and every command answer --help;
- round trip: add (flags and JSON lines), list and its filters, every lifecycle verb,
  show (text and JSON), tick (each alarm once), report (table, JSON, SVG);
- errors: bad input exits non-zero with one line on stderr and leaves the database
  exactly as it was (compared row by row, revisions included);
- input: JSON lines with NUL characters, lone surrogates, bytes that are not UTF-8 or
  malformed numbers are refused, naming the line and the member;
- store failures (a read-only database, a full disk, a damaged file, a corrupt stored
  document) name their cause and the complaint, on every command;
- control characters and bidi overrides in stored text never reach the output raw;
- demo: replays the bundled month, prints the report, writes a well-formed SVG whose
  bars carry the report's figures;
- where the database goes: --db, REDRESS_DESK_DB, XDG_DATA_HOME, ~/.local/share;
- the change feed as JSON lines (every change once, resumable from any cursor), and
  tenants sharing one database without seeing each other;
- the config file: found through --config, REDRESS_DESK_CONFIG, XDG_CONFIG_HOME, HOME
  and XDG_CONFIG_DIRS; an edited deadline takes effect; config check and show; every
  kind of bad line reported as FILE:LINE:COLUMN, before any database is opened;
- --json on list, show, tick, report and feed; exit status 0, 1, 2 and 3 (breaches);
  tick --dry-run saving nothing; ids by prefix (unique, ambiguous, too short); list's
  columns fitted; getopt_long's short options, abbreviations and "did you mean"; times
  in the config's zone (zone files from tests/data/zoneinfo, never the host's);
  colour only on a pseudo-terminal and never with NO_COLOR; the manual checked by groff
  and against every --help; bash completion of commands, options and ids.
"""
import json
import math
import os
import re
import resource
import signal
import sqlite3
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

BIN = os.path.abspath(sys.argv[1])
SVG = "{http://www.w3.org/2000/svg}"


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


# No config file of the host's: XDG_CONFIG_HOME points where none is, so every run
# uses the built-in default config unless a test gives one.
BASE_ENV = {k: v for k, v in os.environ.items() if k not in ("REDRESS_DESK_CONFIG", "NO_COLOR")}
BASE_ENV["XDG_CONFIG_HOME"] = "/nonexistent/redress-desk-test"
BASE_ENV["XDG_CONFIG_DIRS"] = "/nonexistent/redress-desk-test-system"


def run(args, db=None, stdin=None, env=None, ok=True, cwd=None, preexec_fn=None):
    """Runs the binary; ok=True wants exit 0, ok=False wants a failure, None either, a
    number that exit status.
    stdin is text, or bytes given as they are (to feed bytes that are not UTF-8). The
    output must be UTF-8; it is decoded without newline translation, so that a stray
    carriage return stays visible."""
    argv = [BIN] + (["--db", db] if db else []) + list(args)
    if isinstance(stdin, str):
        stdin = stdin.encode("utf-8")
    p = subprocess.run(argv, input=stdin, capture_output=True, env=env if env is not None else BASE_ENV, timeout=600, cwd=cwd,
                       preexec_fn=preexec_fn)
    try:
        p.stdout, p.stderr = p.stdout.decode("utf-8"), p.stderr.decode("utf-8")
    except UnicodeDecodeError as e:
        raise Failure("%s printed bytes that are not UTF-8: %s" % (" ".join(args), e))
    if ok is None:  # the caller judges
        pass
    elif ok is not True and ok is not False:
        check(p.returncode == ok, "%s exited %d, not %d: %s" % (" ".join(args), p.returncode, ok,
                                                                p.stderr))
    elif ok:
        check(p.returncode == 0, "%s exited %d: %s" % (" ".join(args), p.returncode, p.stderr))
    else:
        check(p.returncode != 0, "%s should have failed:\n%s" % (" ".join(args), p.stdout))
    return p


def rows(db):
    """Every stored complaint with its revision and document, for before/after checks."""
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT id, revision, doc FROM complaints ORDER BY id").fetchall()


def table_ids(output):
    lines = [l for l in output.splitlines() if l and not l.startswith("ID ")]
    return [] if lines == ["no complaints"] else [l.split()[0] for l in lines]


# ---- help -----------------------------------------------------------------------------

COMMANDS = ["add", "list", "show", "tick", "feed", "report", "demo", "help", "return"]
VERBS = ["acknowledge", "investigate", "await-customer", "customer-reply", "respond",
         "fulfill", "resolve-on-the-spot", "confirm", "close", "withdraw", "reopen", "note",
         "update", "promise", "hold", "assess", "escalate", "set-severity",
         "customer-message", "move-channel", "assign"]


def test_help(tmp):
    out = run(["--help"]).stdout
    for name in COMMANDS + VERBS:
        check("  %s " % name in out, "--help does not list %s" % name)
        sub = run([name, "--help"]).stdout
        check(sub.startswith("usage: redress-desk %s" % name), "%s --help: %s" % (name, sub))
    check("--decision" in run(["help", "respond"]).stdout, "help respond lacks --decision")


# ---- the round trip ------------------------------------------------------------------

T0 = "2026-03-02T09:00:00Z"
LINES = [
    {"id": "c-3", "customer": "cust-3", "channel": "social", "category": "delivery",
     "text": "택배가 일주일째 안 와요!! 정말 화가 나요 ㅠㅠ", "at": "2026-03-02T11:00:00Z",
     "order_value": 25.5, "attrs": {"region": "KR"}, "plan": [{"ignored": True}]},
    {"id": "c-4", "customer": "cust-4", "channel": "phone", "category": "billing",
     "text": "账单多收了30元，请退款。", "at": "2026-03-02T12:00:00Z", "severity": "low"},
]


def add_complaints(db):
    out = run(["add", "--id", "c-1", "--customer", "cust-1", "--channel", "email",
               "--category", "billing", "--at", T0, "--order-value", "49.90", "--claimed",
               "49.90", "--tier", "gold", "--customer-value", "1200", "--attr", "region=UK",
               "--text", "I was charged twice for order #A-1001. Please refund 49.90 EUR."],
              db).stdout
    check(out == "c-1\n", "add printed %r" % out)
    generated = run(["add", "--customer", "cust-2", "--at", "2026-03-02T10:00:00Z",
                     "--text", "Nobody answers my emails."], db).stdout.strip()
    check(generated and "\n" not in generated, "add printed %r" % generated)
    lines = "\n".join(json.dumps(l, ensure_ascii=False) for l in LINES) + "\n"
    out = run(["add", "-"], db, stdin=lines).stdout
    check(out == "c-3\nc-4\n", "add - printed %r" % out)
    return generated


def verbs_on(db, cid, steps):
    for verb, *args in steps:
        out = run([verb, cid, "--actor", "ann"] + args, db).stdout
        check(out.startswith(cid + ": "), "%s %s printed %r" % (verb, cid, out))


def handle_complaints(db):
    verbs_on(db, "c-1", [
        ("acknowledge", "--at", "2026-03-02T10:00:00Z", "--note", "So sorry, on it."),
        ("investigate", "--at", "2026-03-02T11:00:00Z", "--point", "double charge",
         "--demand", "refund"),
        ("promise", "--at", "2026-03-02T11:05:00Z", "--due", "+2d", "--note", "by Wednesday"),
        ("note", "--at", "2026-03-02T11:10:00Z", "--note", "PSP shows two captures"),
        ("respond", "--at", "2026-03-03T09:00:00Z", "--decision", "upheld", "--remedy",
         "refund", "--compensation", "49.90"),
        ("fulfill", "--at", "2026-03-03T12:00:00Z"),
        ("confirm", "--at", "2026-03-04T12:00:00Z", "--satisfaction", "5")])
    verbs_on(db, "c-3", [
        ("acknowledge", "--at", "2026-03-02T11:30:00Z"),
        ("escalate", "--at", "2026-03-02T11:40:00Z", "--to", "lead-park"),
        ("set-severity", "--at", "2026-03-02T11:41:00Z", "--severity", "high"),
        ("assess", "--at", "2026-03-02T11:50:00Z", "--legitimacy", "reasonable"),
        ("hold", "--at", "2026-03-02T12:00:00Z", "--note", "answer within ten days"),
        ("investigate", "--at", "2026-03-02T13:00:00Z", "--point", "parcel lost"),
        ("await-customer", "--at", "2026-03-02T14:00:00Z"),
        ("customer-reply", "--at", "2026-03-03T14:00:00Z"),
        ("update", "--at", "2026-03-03T15:00:00Z", "--note", "courier is searching"),
        ("respond", "--at", "2026-03-04T09:00:00Z", "--decision", "declined"),
        ("close", "--at", "2026-03-10T09:00:00Z")])
    verbs_on(db, "c-4", [
        ("resolve-on-the-spot", "--at", "2026-03-02T12:10:00Z", "--decision", "upheld",
         "--remedy", "30 CNY credited"),
        ("reopen", "--at", "2026-03-03T12:00:00Z", "--note", "credit did not arrive"),
        ("respond", "--at", "2026-03-03T13:00:00Z", "--decision", "partly-upheld"),
        ("withdraw", "--at", "2026-03-03T14:00:00Z")])


def check_show(db):
    text = run(["show", "c-1", "--at", "2026-03-05T00:00:00Z"], db).stdout
    for part in ["c-1  closed", "History", "Deadlines (policy", "Classification",
                 "temperament", "reasons", "confirm", "satisfaction=5", "region"]:
        check(part in text, "show c-1 lacks %r:\n%s" % (part, text))
    doc = json.loads(run(["show", "c-1", "--json"], db).stdout)
    check(doc["state"] == "closed" and len(doc["events"]) == 8, "show --json: %s" % doc)
    respond = [e for e in doc["events"] if e["kind"] == "respond"][0]
    check(respond["compensation"] == 4990 and doc["attrs"] == {"region": "UK"},
          "show --json lost fields: %s" % doc)
    doc3 = json.loads(run(["show", "c-3", "--json"], db).stdout)
    check(doc3["text"] == LINES[0]["text"] and doc3["order_value"] == 2550,
          "JSON line did not round-trip: %s" % doc3)
    kinds = {e["kind"] for d in (doc, doc3) for e in d["events"]}
    kinds |= {e["kind"] for e in json.loads(run(["show", "c-4", "--json"], db).stdout)["events"]}
    check(len(kinds) == 19, "not every verb was recorded: %s" % sorted(kinds))


def check_list_and_tick(db, neglected):
    check(sorted(table_ids(run(["list"], db).stdout)) == sorted(["c-1", "c-3", "c-4",
                                                                 neglected]), "list")
    check(table_ids(run(["list", "--customer", "cust-1"], db).stdout) == ["c-1"], "--customer")
    check(set(table_ids(run(["list", "--open"], db).stdout)) == {neglected}, "--open")
    due = run(["list", "--due", "--at", T0, "--within", "30d"], db).stdout
    check(neglected in table_ids(due), "--due --within:\n" + due)
    late = "2026-03-20T00:00:00Z"
    breached = run(["list", "--breached", "--at", late], db).stdout
    check(set(table_ids(breached)) == {neglected, "c-3"}, breached)  # c-3 closed late
    breached = run(["list", "--breached", "--open", "--at", late], db).stdout
    check(table_ids(breached) == [neglected] and "acknowledge,resolve" in breached, breached)
    alarms = run(["tick", "--at", late], db, ok=3).stdout  # 3: it raised breaches
    check(neglected in alarms and "breach" in alarms and "acknowledge" in alarms, alarms)
    check(run(["tick", "--at", late], db).stdout == "no alarms\n", "tick reported twice")


def check_report(db, tmp):
    at = "2026-03-31T00:00:00Z"
    report = json.loads(run(["report", "--json", "--at", at, "--by", "channel"], db).stdout)
    total = report["total"]
    check(total["complaints"] == 4 and total["satisfaction_answers"] == 1, str(total))
    check(total["state_closed"] == 2 and total["state_withdrawn"] == 1, str(total))
    check(total["reopened"] == 1 and total["decision_declined"] == 1, str(total))
    check({g["key"] for g in report["groups"] if g["values"]["complaints"]} ==
          {"email", "web", "social", "phone"}, str(report["groups"]))
    table = run(["report", "--at", at, "--by", "category"], db).stdout
    check("Retention report as of " + at in table and "By category" in table, table)
    svg = os.path.join(tmp, "report.svg")
    run(["report", "--at", at, "--svg", svg], db)
    check_svg(svg, total)


# ---- the SVG --------------------------------------------------------------------------

FUNNEL = ["complaints", "outcome_on_the_spot", "outcome_resolved", "outcome_unresolved",
          "expected_retained", "expected_lost", "customers_saved"]
SILENT = ["silent_dissatisfied", "silent_lost"]
RATES = ["acknowledge_on_time_rate", "update_on_time_rate", "resolve_on_time_rate",
         "promise_on_time_rate", "follow_up_on_time_rate"]


def check_svg(path, total):
    root = ET.parse(path).getroot()  # raises on malformed XML
    check(root.tag == SVG + "svg", "root is %s" % root.tag)
    check(not [e for e in root.iter() if e.tag in (SVG + "script", SVG + "image")] and
          "href" not in open(path, encoding="utf-8").read(), "the SVG is not self-contained")
    bars = [r for r in root.iter(SVG + "rect") if r.get("class") == "bar"]
    first = {}
    for r in bars:
        first.setdefault(r.get("data-metric"), r)
    want = FUNNEL + SILENT + [r for r in RATES if not math.isnan(total[r] or math.nan)]
    check(set(want) <= set(first), "missing bars: %s" % (set(want) - set(first)))
    for name in want:
        value = float(first[name].get("data-value"))
        check(math.isclose(value, total[name], rel_tol=1e-5), "%s: %s vs %s" %
              (name, value, total[name]))
    width = lambda n: float(first[n].get("width"))
    for name in FUNNEL[1:]:
        check(abs(width(name) / width("complaints") - total[name] / total["complaints"]) < 0.01,
              "bar %s is not to scale" % name)
    for name in want:
        if name in RATES:
            check(abs(float(first[name].get("height")) - 250 * total[name]) < 0.2,
                  "bar %s is not to scale" % name)
    check(any(t.text and "retention report" in t.text for t in root.iter(SVG + "text")),
          "the SVG has no title text")


# ---- errors ---------------------------------------------------------------------------

LATER = "2026-03-20T09:00:00Z"  # after every time of the round trip


def check_errors(db, neglected):
    before = rows(db)
    bad = [
        ["acknowledge", "no-such-id"],
        ["acknowledge", neglected, "--at", "2026-13-45T00:00:00Z"],
        ["acknowledge", neglected, "--at", "yesterday-ish"],
        # Fixed times after the receipts: "now" is the host's clock, which may be any date.
        ["fulfill", neglected, "--at", LATER],         # RECEIVED cannot be fulfilled
        ["confirm", "c-1", "--at", LATER, "--satisfaction", "5"],  # already closed
        ["acknowledge", neglected, "--at", "2026-03-01T00:00:00Z"],  # before its receipt
        ["respond", neglected],                       # --decision missing
        ["confirm", "c-1", "--satisfaction", "9"],
        ["set-severity", "c-3", "--severity", "urgent"],
        ["add", "--customer", "x", "--channel", "pigeon"],
        ["add", "--channel", "email"],                # no customer
        ["add", "--id", "c-1", "--customer", "x"],    # id taken
        ["add", "--customer", "x", "--order-value", "12.345"],
        ["add", "--customer", "x", "--attr", "k=v", "--attr", "k=w"],
        ["list", "--frobnicate"],
        ["show"],
        ["nonsense"],
    ]
    for args in bad:
        p = run(args, db, ok=False)
        lines = p.stderr.splitlines()
        check(len(lines) == 1 and lines[0].startswith("redress-desk: "),
              "%s: stderr %r" % (args, p.stderr))
        check(rows(db) == before, "%s changed the database" % args)
    # A batch with one bad line adds nothing, and says which line.
    batch = json.dumps({"id": "c-9", "customer": "cust-9"}) + "\n{\"customer\": }\n"
    p = run(["add", "-"], db, stdin=batch, ok=False)
    check("line 2" in p.stderr and p.stdout == "", "add - error: %r" % p.stderr)
    batch = json.dumps({"id": "c-9", "customer": "cust-9"}) + "\n" + \
        json.dumps({"id": "c-1", "customer": "cust-9"}) + "\n"
    run(["add", "-"], db, stdin=batch, ok=False)
    check(rows(db) == before, "a failed batch left complaints behind")
    check("REDRESS_ERR_STATE" in run(["fulfill", neglected, "--at", LATER], db, ok=False).stderr,
          "a refused verb does not name its code")


# ---- money totals are exact ----------------------------------------------------------

def paid_line(db):
    return [l for l in run(["report"], db).stdout.splitlines() if "compensation paid" in l][0]


def test_money_totals(tmp):
    """report prints the compensation paid to the minor unit however large: past 2**53
    minor units (where a double rounds) and past 2**63 (where an int64_t overflows),
    in the table, in JSON and in the dashboard's data-value."""
    db = os.path.join(tmp, "desk.db")
    run(["add", "--id", "m-0", "--customer", "c", "--at", T0], db)
    run(["resolve-on-the-spot", "m-0", "--decision", "upheld", "--compensation",
         "90071992547409.93", "--at", T0], db)  # 2**53 + 1 minor units
    check("90,071,992,547,409.93" in paid_line(db), paid_line(db))
    largest = "92233720368547758.07"  # INT64_MAX minor units, the most --compensation takes
    for i in (1, 2, 3):
        run(["add", "--id", "m-%d" % i, "--customer", "c", "--at", T0], db)
        run(["resolve-on-the-spot", "m-%d" % i, "--decision", "upheld", "--compensation",
             largest, "--at", T0], db)
    want = 9007199254740993 + 3 * (2 ** 63 - 1)
    text = "{:,}".format(want // 100) + ".%02d" % (want % 100)
    check(text in paid_line(db) and "-" not in paid_line(db), "%s, not %s" % (paid_line(db), text))
    doc = json.loads(run(["report", "--json", "--by", "channel"], db).stdout)
    check(doc["total"]["compensation_paid"] == want, str(doc["total"]["compensation_paid"]))
    web = [g for g in doc["groups"] if g["key"] == "web"][0]["values"]
    check(web["compensation_paid"] == want and web["complaints"] == 4, str(web))
    check(isinstance(doc["total"]["revenue_at_risk"], (int, float)), str(doc["total"]))
    p = run(["add", "--customer", "c", "--order-value", "92233720368547758.08"], db, ok=2)
    one_error_line(p, "--order-value", "too large", largest)


# ---- errors say one line, and say it once ------------------------------------------

# "tick: tick: ..." or "show: show: ...": a prefix said twice.
DOUBLED = re.compile(r"(?:^|: )([^:]+): \1: ")


def one_error_line(p, *parts):
    lines = p.stderr.splitlines()
    check(len(lines) == 1 and lines[0].startswith("redress-desk: "), "stderr %r" % p.stderr)
    line = lines[0]
    for part in parts:
        check(part in line, "the error %r does not say %r" % (line, part))
    check(not DOUBLED.search(line), "the error %r repeats a prefix" % line)
    return line


# ---- JSON lines the desk must refuse ------------------------------------------------

BAD_LINES = [  # (the second line of a batch, as bytes; what the error must say)
    (b'{"id":"nul\\u0000id","customer":"a\\u0000b","text":"refund\\u0000 or I sue"}',
     ['"id"', "NUL"]),
    (b'{"customer":"a\\u0000b"}', ['"customer"', "NUL"]),
    (b'{"customer":"a","text":"refund\\u0000 or I sue"}', ['"text"', "NUL"]),
    (b'{"customer":"a","attrs":{"region":"U\\u0000K"}}', ['"attrs.region"', "NUL"]),
    (b'{"customer":"a","attrs":{"reg\\u0000ion":"UK"}}', ['"attrs"', "NUL", "member name"]),
    (b'{"cust\\u0000omer":"a"}', ["NUL", "member name"]),
    (b'{"customer":"a","attrs":{"a=b":"c"}}', ["attrs", "="]),
    (b'{"customer":"a","text":"\\ud800"}', ['"text"', "surrogate"]),
    (b'{"customer":"a","text":"\\udc00x"}', ['"text"', "surrogate"]),
    (b'{"customer":"a","text":"\\ud800\\u0041"}', ['"text"', "surrogate"]),
    (b'{"customer":"a","text":"\xff"}', ['"text"', "UTF-8"]),
    (b'{"customer":"a","text":"\xc0\xaf"}', ['"text"', "UTF-8"]),          # overlong '/'
    (b'{"customer":"a","text":"\xe0\x80\xaf"}', ['"text"', "UTF-8"]),      # overlong too
    (b'{"customer":"a","text":"\xed\xa0\x80"}', ['"text"', "UTF-8"]),      # a surrogate
    (b'{"customer":"a","text":"\xf4\x90\x80\x80"}', ['"text"', "UTF-8"]),  # > U+10FFFF
    (b'{"customer":"a","text":"\xe2\x82"}', ['"text"', "UTF-8"]),          # cut short
    (b'{"customer":"a","order_value":01}', ['"order_value"', "number"]),
    (b'{"customer":"a","order_value":1e3}', ['"order_value"', "exponent"]),
    (b'{"customer":"a","order_value":-}', ['"order_value"', "number"]),
    (b'{"customer":"a","order_value":123456789012345678901234567890}', ["order-value"]),
    (b'{"customer":"a","prior_complaints":99999999999999999999999}', ["prior-complaints"]),
    (b'{"customer":"a","prior_complaints":-1}', ["prior-complaints"]),
    # a member given twice: neither value may be dropped silently
    (b'{"customer":"a","text":"dup1","text":"dup2"}', ['duplicate member "text"']),
    (b'{"customer":"a","order_value":"1.00","order-value":"2.00"}',
     ['"order_value"', '"order-value"', "--order-value"]),
    (b'{"customer":"a","attrs":{"k":"v","k":"w"}}', ['duplicate member "k"', '"attrs"']),
    (b'{"customer":"a","attr":"k=v","attrs":{"k":"w"}}', ["--attr", "'k' given twice"]),
]


def test_json_input(tmp):
    db = os.path.join(tmp, "desk.db")
    run(["add", "--id", "c-0", "--customer", "cust-0"], db)
    before = rows(db)
    for line, parts in BAD_LINES:
        p = run(["add", "-"], db, stdin=b'{"id":"c-1","customer":"c"}\n' + line + b"\n",
                ok=False)
        one_error_line(p, "stdin line 2", *parts)
        check(p.stdout == "" and rows(db) == before, "%r: added something" % line)
    # What is valid still goes through, exactly.
    good = {"id": "c-2", "customer": "c\u00e9", "text": "\U0001F600 \u00e9\u4e2d\u00f6"}
    run(["add", "-"], db, stdin=json.dumps(good) + "\n")
    doc = json.loads(run(["show", "c-2", "--json"], db).stdout)
    check(doc["text"] == good["text"] and doc["customer_id"] == good["customer"], str(doc))


# ---- store failures name their cause ------------------------------------------------

def file_size_limit(size):
    """For preexec_fn: a process that may not write files past `size` bytes, as on a
    full disk (root included, unlike permissions)."""
    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    return limit


def damage_table(db):
    """Overwrites the page type of the complaints table's root page: reads fail."""
    with sqlite3.connect(db) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_schema WHERE name = 'complaints'"
                            ).fetchone()[0]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(db, "r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(b"\x00")


def test_store_failures(tmp):
    db = os.path.join(tmp, "desk.db")
    late = "2026-03-20T00:00:00Z"
    run(["add", "--id", "c-1", "--customer", "cust-1", "--at", T0], db)
    before = rows(db)
    # Read-only through SQLite's own read-only mode, which binds root as well.
    ro = "file:desk.db?mode=ro"
    for args, stdin in [(["add", "--customer", "cust-2", "--at", late], None),
                        (["acknowledge", "c-1", "--at", late], None),
                        (["tick", "--at", late], None),
                        (["add", "-"], '{"customer": "cust-3"}\n')]:
        p = run(args, ro, stdin=stdin, ok=False, cwd=tmp)
        one_error_line(p, "attempt to write a readonly database")
    check(rows(db) == before, "a read-only database was changed")
    # No room to write. SQLite says "disk I/O error" for a write past the file size
    # limit (EFBIG) where a full disk (ENOSPC) reads "database or disk is full": either
    # way its own sentence must reach the user, not just REDRESS_ERR_STORE.
    # 60000 bytes leave room for the new schema (three tables, six indexes: about 45 KB
    # of write-ahead log) and none for a 60000-byte complaint or the demo's first saves.
    full = file_size_limit(60000)
    p = run(["add", "--customer", "cust-2", "--text", "x" * 60000], db, ok=False,
            preexec_fn=full)
    one_error_line(p, "cannot store the complaint: sqlite store: save: disk I/O error")
    p = run(["demo", "--quiet", "--svg", os.path.join(tmp, "d.svg")],
            os.path.join(tmp, "demo.db"), ok=False, preexec_fn=full)
    one_error_line(p, "sqlite store: save: disk I/O error")
    # A damaged file: the readers.
    damage_table(db)
    for args in (["list"], ["list", "--customer", "cust-1"], ["show", "c-1"], ["report"],
                 ["tick", "--at", late]):
        one_error_line(run(args, db, ok=False), "database disk image is malformed")


def test_corrupt_document(tmp):
    db = os.path.join(tmp, "desk.db")
    for cid in ("c-1", "c-2", "c-3"):
        run(["add", "--id", cid, "--customer", "cust-1", "--at", T0], db)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE complaints SET doc = ? WHERE id = 'c-2'", (b'{"id":1,}',))
    conn.close()
    late = "2026-03-20T00:00:00Z"
    for args in (["report"], ["report", "--json"], ["show", "c-2"], ["show", "c-2", "--json"],
                 ["list", "--breached", "--at", late], ["tick", "--at", late],
                 ["acknowledge", "c-2"]):
        one_error_line(run(args, db, ok=False), "c-2", "REDRESS_ERR_PARSE")


# ---- control characters never reach the output raw -----------------------------------

# C0 but the newline, DEL, C1, and the bidi embeddings, overrides and isolates.
CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def check_clean(text, what):
    found = CONTROLS.findall(text)
    check(not found, "%s printed control characters %r:\n%r" % (what, found, text))


def check_refused_name(db, member, value):
    """A name or id holding a control character is refused by the library: one clean
    error line, nothing added."""
    fields = {"id": "c-bad", "customer": "cust-1", "at": T0}
    fields[member] = value
    p = run(["add", "-"], db, stdin=json.dumps(fields) + "\n", ok=False)
    check_clean(one_error_line(p, "REDRESS_ERR_INVALID"), "add - with a control in " + member)
    check("c-bad" not in run(["list"], db).stdout, "a refused complaint was stored")


def test_control_characters(tmp):
    db = os.path.join(tmp, "desk.db")
    line = {"id": "c-ok", "customer": "cust-1", "at": T0, "category": "bill\u202eing",
            "text": "Refund\r\nnow \u202eevil\u202c \u0085 \x7f", "remedy": "a\x9b2Jb",
            "tier": "gold\u2066", "attrs": {"region": "U\nK"}}
    run(["add", "-"], db, stdin=json.dumps(line) + "\n")
    verbs_on(db, "c-ok", [
        ("acknowledge", "--at", "2026-03-02T10:00:00Z", "--note", "hi\x1b]0;pwned\x07"),
        ("investigate", "--at", "2026-03-02T11:00:00Z", "--point", "p\x1b[2J",
         "--demand", "d\r"),
        ("escalate", "--at", "2026-03-02T11:10:00Z", "--to", "lead\u2066"),
        ("respond", "--at", "2026-03-02T12:00:00Z", "--decision", "upheld", "--remedy",
         "r\x08\x08ok")])
    run(["note", "c-ok", "--at", "2026-03-02T12:30:00Z", "--actor", "ann\u202d", "--note",
         "line one\nline two"], db)
    show = run(["show", "c-ok"], db).stdout
    check_clean(show, "show")
    for shown in ["bill\\u202eing", "Refund\\r\\nnow \\u202eevil\\u202c \\u0085 \\x7f",
                  "U\\nK", "hi\\x1b]0;pwned\\x07", "ann\\u202d", "line one\\nline two",
                  "a\\u009b2Jb", "gold\\u2066", "r\\x08\\x08ok", "lead\\u2066"]:
        check(shown in show, "show does not print %r:\n%s" % (shown, show))
    doc = json.loads(run(["show", "c-ok", "--json"], db).stdout)  # JSON keeps them exact
    check(doc["text"] == line["text"] and doc["category"] == line["category"], str(doc))
    table = run(["report", "--by", "category"], db).stdout
    check_clean(table, "report")
    check("bill\\u202eing" in table, table)
    raw = run(["report", "--json", "--by", "category"], db).stdout  # escaped, and exact
    check_clean(raw, "report --json")
    check(line["category"] in {g["key"] for g in json.loads(raw)["groups"]}, raw)
    for member, value in (("id", "c-\x1b[2Jx"), ("customer", "cust-\x9b2J"),
                          ("id", "c-line\nbreak"), ("customer", "cust\r-3"),
                          ("category", "bill\x1b[31m"), ("tier", "gold\x85")):
        check_refused_name(db, member, value)
    p = run(["note", "c-ok", "--at", "2026-03-02T12:40:00Z", "--actor", "ann\x1b[8m", "--note",
             "n"], db, ok=False)
    check_clean(one_error_line(p, "REDRESS_ERR_INVALID"), "note with a control in the actor")
    listing = run(["list"], db).stdout
    check_clean(listing, "list")
    check(len(listing.splitlines()) == 1 + len(rows(db)), "list is not one row per line")
    alarms = run(["tick", "--at", "2026-03-20T00:00:00Z"], db, ok=3).stdout
    check_clean(alarms, "tick")
    # Errors that echo what was typed.
    for args in (["show", "nope\x1b[2J"], ["list", "--at", "\x1b[2J"], ["add", "-x\x9b"]):
        p = run(args, db, ok=False)
        check_clean(one_error_line(p), " ".join(args))
    check("nope\\x1b[2J" in run(["show", "nope\x1b[2J"], db, ok=False).stderr, "not escaped")


# ---- the demo -------------------------------------------------------------------------

def test_demo(tmp):
    db, svg = os.path.join(tmp, "demo.db"), os.path.join(tmp, "demo.svg")
    out = run(["demo", "--svg", svg], db).stdout
    for part in ["Replayed 200 complaints", "Retention report as of 2026-04-01T00:00:00Z",
                 "By channel", "Chart of the report", svg]:
        check(part in out, "the demo's output lacks %r" % part)
    check(" breach " in out and " warning " in out, "the demo printed no alarms")
    check(len(table_ids(run(["list"], db).stdout)) == 200, "the demo did not store 200")
    report = json.loads(run(["report", "--json", "--at", "2026-04-01T00:00:00Z"], db).stdout)
    check_svg(svg, report["total"])
    check(run(["tick", "--at", "2026-04-01T00:00:00Z"], db).stdout == "no alarms\n",
          "the demo's alarms were not recorded")
    p = run(["demo", "--quiet"], db, ok=False)  # the database is no longer fresh
    check(len(p.stderr.splitlines()) == 1 and "fresh" in p.stderr, p.stderr)
    env = dict(BASE_ENV, TMPDIR=tmp)
    before = set(os.listdir(tmp))
    run(["demo", "--quiet", "--svg", os.path.join(tmp, "quiet.svg")], env=env)
    check(set(os.listdir(tmp)) - before == {"quiet.svg"}, "the temporary database was kept")


# ---- where the database lives --------------------------------------------------------

def test_locations(tmp):
    base = {k: v for k, v in BASE_ENV.items()
            if k not in ("REDRESS_DESK_DB", "XDG_DATA_HOME")}
    home = os.path.join(tmp, "home")
    cases = [
        (dict(base, HOME=home, XDG_DATA_HOME=os.path.join(tmp, "xdg")),
         os.path.join(tmp, "xdg", "redress", "desk.db")),
        (dict(base, HOME=home), os.path.join(home, ".local", "share", "redress", "desk.db")),
        (dict(base, HOME=home, REDRESS_DESK_DB=os.path.join(tmp, "env", "d.db")),
         os.path.join(tmp, "env", "d.db")),
    ]
    for env, path in cases:
        run(["add", "--customer", "cust-1"], env=env)
        check(os.path.exists(path) and len(rows(path)) == 1, "no database at " + path)
    # --db "" (an unset variable) is no database, not the default one
    env, default = cases[2]
    for args in (["--db", "", "add", "--customer", "cust-2"], ["add", "--db", "", "--customer", "c"]):
        one_error_line(run(args, env=env, ok=2), "--db: an empty path")
    check(len(rows(default)) == 1, "--db '' wrote to the default database")
    # --db in a folder that does not exist: refused, naming it, nothing created
    missing = os.path.join(tmp, "no-such", "folder")
    for command in (["add", "--customer", "c"], ["demo", "--quiet"], ["test", "x.scenario"]):
        p = run(["--db", os.path.join(missing, "d.db")] + command, env=env, ok=1)
        one_error_line(p, "--db: no folder " + missing)
    check(not os.path.exists(os.path.join(tmp, "no-such")), "--db created folders")


# ---- the change feed, tenants ------------------------------------------------------

def feed(db, *args):
    out = run(["feed"] + list(args), db).stdout
    lines = [json.loads(l) for l in out.splitlines()]
    check(all(l["cursor"] == lines[0]["cursor"] + i for i, l in enumerate(lines)),
          "feed cursors are not consecutive: %r" % [l["cursor"] for l in lines])
    return lines


def test_feed(tmp):
    db = os.path.join(tmp, "desk.db")
    run(["add", "--id", "c-1", "--customer", "cust-1", "--at", T0, "--text", "Broken."], db)
    verbs_on(db, "c-1", [("acknowledge", "--at", "2026-03-02T10:00:00Z")])
    ticked = run(["tick", "--at", "2026-04-30T00:00:00Z"], db, ok=3).stdout.splitlines()
    lines = feed(db)
    check(len(lines) == 2 + len(ticked), "feed: %d lines for %d alarms" % (len(lines), len(ticked)))
    check(lines[0] == {"cursor": 1, "complaint": "c-1", "revision": 1, "change": "created",
                       "at": T0, "event": "create", "seq": 1}, "feed line 1: %r" % lines[0])
    check(lines[1]["change"] == "event" and lines[1]["event"] == "acknowledge" and
          lines[1]["seq"] == 2 and lines[1]["revision"] == 2, "feed line 2: %r" % lines[1])
    for line, alarm in zip(lines[2:], ticked):
        words = alarm.split()
        check(line["change"] == "alarm" and line["level"] == words[1] and
              line["deadline"] == words[2].replace("-", "_") and line["due"] == words[5] and
              line["at"] == "2026-04-30T00:00:00Z" and line["revision"] == 3,
              "feed %r against tick %r" % (line, alarm))
    # resumed from each cursor, one line at a time: the same lines, once each
    resumed, cursor = [], 0
    while True:
        page = feed(db, "--after", str(cursor), "--limit", "1")
        if not page:
            break
        resumed += page
        cursor = page[-1]["cursor"]
    check(resumed == lines, "feed resumed line by line differs")
    check(feed(db, "--after", "2") == lines[2:], "feed --after 2")
    run(["tick", "--at", "2026-04-30T00:00:00Z"], db)
    check(feed(db, "--after", str(len(lines))) == [], "a quiet tick added to the feed")
    for bad in (["--after", "-1"], ["--after", "x"], ["--limit", "0"], ["extra"]):
        p = run(["feed"] + bad, db, ok=False)
        check(p.returncode == 2 and p.stderr.count("\n") == 1, "feed %s: %r" % (bad, p.stderr))


def test_feed_levels_and_waits(tmp):
    """A policy with several warning levels and a third-party wait: the feed prints the
    wait's two verbs as events and each warning level as its own alarm, once."""
    db = os.path.join(tmp, "desk.db")
    printed = run(["policies"], db).stdout
    standard = printed[printed.index("policy standard version 1"):]
    standard = standard[:standard.index("\n\n") + 1] if "\n\n" in standard else standard
    spec = os.path.join(tmp, "levels.policy")
    with open(spec, "w") as f:
        f.write(standard.replace("version 1", "version 2") +
                "  warn resolve 50% 75% 90%\n  pause awaiting-third-party stops resolve\n")
    run(["add", "--id", "w-1", "--customer", "cust-w", "--channel", "email", "--at", T0,
         "--text", "Where is my parcel?", "--policies", spec], db)
    run(["acknowledge", "w-1", "--at", "2026-03-02T10:00:00Z", "--policies", spec], db)
    run(["await-third-party", "w-1", "--at", "2026-03-02T11:00:00Z", "--party", "courier",
         "--policies", spec], db)
    run(["third-party-reply", "w-1", "--at", "2026-03-03T11:00:00Z", "--policies", spec], db)
    ticked = run(["tick", "--at", "2026-05-30T00:00:00Z", "--policies", spec],
                 db, ok=3).stdout.splitlines()
    lines = feed(db)
    events = [l["event"] for l in lines if l["change"] in ("created", "event")]
    check(events == ["create", "acknowledge", "await_third_party", "third_party_reply"],
          "feed events: %r" % events)
    alarms = [(l["deadline"], l["level"]) for l in lines if l["change"] == "alarm"]
    check(len(alarms) == len(ticked), "feed: %d alarms for %d ticked" % (len(alarms), len(ticked)))
    resolve = [level for kind, level in alarms if kind == "resolve"]
    check(resolve == ["warning", "warning_2", "warning_3", "breach"],
          "resolve alarms in the feed: %r" % resolve)
    for line, alarm in zip([l for l in lines if l["change"] == "alarm"], ticked):
        check(line["level"] == alarm.split()[1].replace("-", "_"),
              "feed %r against tick %r" % (line, alarm))
    run(["tick", "--at", "2026-05-30T00:00:00Z", "--policies", spec], db)
    check(feed(db, "--after", str(lines[-1]["cursor"])) == [], "a quiet tick added to the feed")


def test_tenants(tmp):
    db = os.path.join(tmp, "desk.db")
    run(["add", "--id", "c-1", "--customer", "home-1", "--at", T0], db)
    run(["add", "--tenant", "acme", "--id", "c-1", "--customer", "acme-1", "--at", T0], db)
    run(["--tenant", "acme", "add", "--id", "c-2", "--customer", "acme-2", "--at", T0], db)
    check(table_ids(run(["list"], db).stdout) == ["c-1"], "the default tenant lists acme's")
    check(sorted(table_ids(run(["list", "--tenant", "acme"], db).stdout)) == ["c-1", "c-2"],
          "acme does not list its own")
    check("acme-1" in run(["show", "c-1", "--tenant", "acme"], db).stdout, "show for acme")
    check("home-1" in run(["show", "c-1"], db).stdout, "show for the default tenant")
    run(["show", "c-2"], db, ok=False)
    check([l["complaint"] for l in feed(db, "--tenant", "acme")] == ["c-1", "c-2"], "acme's feed")
    check([l["cursor"] for l in feed(db)] == [1], "the default tenant's feed")
    run(["assign", "c-1", "--tenant", "acme", "--at", "2026-03-02T09:06:00Z", "--owner", "ann"],
        db)
    check(table_ids(run(["list", "--owner", "ann", "--tenant", "acme"], db).stdout) == ["c-1"],
          "acme's owner index")
    check(table_ids(run(["list", "--owner", "ann"], db).stdout) == [],
          "the default tenant lists acme's owner")
    p = run(["list", "--tenant", "bad\x1btenant"], db, ok=False)
    check(p.returncode == 2 and "tenant" in p.stderr, "a bad tenant: %r" % p.stderr)


def test_conversation(tmp):
    """Customer messages, a move to the phone, a greeting then a resolution in the same
    call, owner and team through list --owner/--team and report --by team."""
    db = os.path.join(tmp, "desk.db")
    for cid, channel in (("s-1", "social"), ("s-2", "email"), ("s-3", "chat")):
        run(["add", "--id", cid, "--customer", "cust-" + cid, "--channel", channel,
             "--at", T0, "--text", "Where is my parcel?"], db)
    verbs_on(db, "s-1", [
        ("customer-message", "--at", "2026-03-02T09:05:00Z", "--note", "hello??"),
        ("assign", "--at", "2026-03-02T09:06:00Z", "--owner", "ann", "--team", "care"),
        ("move-channel", "--at", "2026-03-02T09:07:00Z", "--channel", "phone"),
        ("acknowledge", "--at", "2026-03-02T09:08:00Z"),
        ("resolve-on-the-spot", "--at", "2026-03-02T09:30:00Z", "--decision", "upheld"),
        ("confirm", "--at", "2026-03-02T09:31:00Z", "--satisfaction", "5")])
    verbs_on(db, "s-2", [
        ("assign", "--at", "2026-03-02T09:06:00Z", "--owner", "ann", "--team", "billing"),
        ("acknowledge", "--at", "2026-03-02T09:08:00Z"),
        ("hold", "--at", "2026-03-02T09:09:00Z")])
    verbs_on(db, "s-3", [("assign", "--at", "2026-03-02T09:06:00Z", "--team", "care")])
    # a greeting, a holding reply: the contact has ended
    out = run(["resolve-on-the-spot", "s-2", "--at", "2026-03-02T09:10:00Z",
               "--decision", "upheld"], db, ok=False)
    check("contact" in out.stderr, out.stderr)
    run(["move-channel", "s-2", "--at", "2026-03-02T09:11:00Z", "--channel", "email"], db,
        ok=False)  # already there
    text = run(["show", "s-1"], db).stdout
    for part in ["moved to", "phone", "owner", "ann", "team", "care", "customer-message",
                 "channel=phone", "on the spot"]:
        check(part in text, "show s-1 lacks %r:\n%s" % (part, text))
    check(table_ids(run(["list", "--owner", "ann"], db).stdout) == ["s-1", "s-2"], "--owner")
    check(table_ids(run(["list", "--owner", "ann", "--open"], db).stdout) == ["s-2"],
          "--owner --open")
    check(sorted(table_ids(run(["list", "--team", "care"], db).stdout)) == ["s-1", "s-3"],
          "--team")
    check(table_ids(run(["list", "--owner", "ann", "--team", "care"], db).stdout) == ["s-1"],
          "--owner --team")
    report = json.loads(run(["report", "--json", "--at", "2026-03-10T00:00:00Z", "--by",
                             "team"], db).stdout)
    groups = {g["key"]: g for g in report["groups"]}
    check(set(groups) == {"care", "billing"}, str(groups.keys()))
    check(groups["care"]["values"]["on_the_spot"] == 1, str(groups["care"]))
    check("next_reply_deadlines" in report["total"], str(report["total"]))


def test_policy_versions(tmp):
    """--policies FILE adds a version of a built-in policy; a complaint keeps the version
    it started under until migrate-policy; the policies command prints the set."""
    db = os.path.join(tmp, "desk.db")
    run(["add", "--id", "p-1", "--customer", "cust-p", "--channel", "email", "--at", T0,
         "--text", "Where is my parcel?"], db)
    printed = run(["policies"], db).stdout
    check("policy standard version 1\n" in printed, printed)
    spec = os.path.join(tmp, "v2.policy")
    with open(spec, "w") as f:
        f.write(printed[printed.index("policy standard version 1"):]
                .replace("version 1", "version 2").replace("resolve 10 business-days",
                                                           "resolve 30 business-days"))
    both = run(["policies", "--policies", spec], db).stdout
    check("policy standard version 2\n" in both and "resolve 30 business-days" in both, both)
    shown = run(["show", "p-1", "--policies", spec], db).stdout
    check("policy standard version 1" in shown, shown)
    run(["migrate-policy", "p-1", "--at", "2026-03-03T09:00:00Z", "--policies", spec], db)
    shown = run(["show", "p-1", "--policies", spec], db).stdout
    check("policy standard version 2" in shown and "migrate-policy" in shown, shown)
    # without the file the desk lacks version 2: it says so rather than guess
    out = run(["show", "p-1"], db, ok=False)
    check("does not have" in out.stderr, out.stderr)
    run(["acknowledge", "p-1", "--at", "2026-03-03T09:30:00Z", "--policies", spec], db)
    run(["await-third-party", "p-1", "--at", "2026-03-03T10:00:00Z", "--party", "courier",
         "--policies", spec], db)
    run(["third-party-reply", "p-1", "--at", "2026-03-03T11:00:00Z", "--policies", spec], db)
    run(["third-party-reply", "p-1", "--at", "2026-03-03T12:00:00Z", "--policies", spec], db,
        ok=False)  # none awaited
    shown = run(["show", "p-1", "--policies", spec], db).stdout
    check("await-third-party" in shown and "courier" in shown, shown)
    with open(spec, "w") as f:
        f.write("policy standard version 3\n  resolve 3 weeks\n")
    out = run(["policies", "--policies", spec], db, ok=False)
    check("line 2, column 13" in out.stderr, out.stderr)


def test_round_trip(tmp):
    db = os.path.join(tmp, "desk.db")
    neglected = add_complaints(db)
    handle_complaints(db)
    check_show(db)
    check_list_and_tick(db, neglected)
    check_report(db, tmp)
    check_errors(db, neglected)


def test_returns(tmp):
    """return fca|asic: the product and cause given at add reach both returns; bad
    requests fail with one line and leave the database as it was. (test_returns.py
    checks the figures of the demo's month by hand.)"""
    db = os.path.join(tmp, "desk.db")
    run(["add", "--id", "r-1", "--customer", "c1", "--at", T0, "--product", "cards",
         "--cause", "fees, \"hidden\"", "--channel", "email"], db)
    run(["acknowledge", "r-1", "--at", "2026-03-02T10:00:00Z"], db)
    run(["investigate", "r-1", "--at", "2026-03-02T11:00:00Z", "--point", "p", "--demand", "d"], db)
    run(["respond", "r-1", "--at", "2026-03-03T12:00:00Z", "--decision", "upheld",
         "--remedy", "refund", "--compensation", "25.50"], db)
    run(["add", "--id", "r-2", "--customer", "c2", "--at", "2026-03-05T09:00:00Z"], db)
    shown = run(["show", "r-1"], db).stdout
    check(re.search(r"\n  product +cards\n", shown) and "\n  cause " in shown, shown)
    fca = json.loads(run(["return", "fca", "--from", "2026-03-01", "--to", "2026-04-01"], db).stdout)
    check(fca["total"]["opened"] == 2 and fca["total"]["closed"] == 1 and
          fca["total"]["closed_within_3_business_days"] == 1 and
          fca["total"]["upheld_percent"] == 100.0 and fca["total"]["redress_paid"] == "25.50",
          str(fca["total"]))
    check([g["product"] for g in fca["by_product"]] == ["", "cards"], str(fca["by_product"]))
    out = run(["return", "fca", "--from", "2026-03-01", "--to", "2026-04-01", "--csv"], db).stdout
    check('\r\ncause,"fees, ""hidden""",0,1,1,1,0,0,1,100.0,25.50\r\n' in out, out)
    out = run(["return", "asic", "--from", "2026-03-01", "--to", "2026-04-01", "--csv"], db).stdout
    check(out.count("\r\n") == 3 and
          "\r\nr-1,,2026-03-02,email,cards,\"fees, \"\"hidden\"\"\",closed,2026-03-03,1,upheld,"
          "25.50,,,,\r\n" in out, out)
    by_week = json.loads(run(["report", "--json", "--by", "week"], db).stdout)  # a trend
    check(sorted(g["key"] for g in by_week["groups"]) == ["2026-W10"], str(by_week["groups"]))
    by_month = json.loads(run(["report", "--json", "--by", "month"], db).stdout)
    check([g["key"] for g in by_month["groups"]] == ["2026-03"], str(by_month["groups"]))
    asic = json.loads(run(["return", "asic", "--from", "2026-03-04", "--to", "2026-04-01"], db).stdout)
    check([r["complaint_id"] for r in asic["records"]] == ["r-2"], str(asic))
    before = rows(db)
    for args, part in ((["return"], "name one return"), (["return", "fcb", "--from", "2026-03-01",
                       "--to", "2026-04-01"], "'fcb' is not a return"),
                       (["return", "fca", "--to", "2026-04-01"], "--from is required"),
                       (["return", "fca", "--from", "2026-03-01"], "--to is required"),
                       (["return", "asic", "--from", "2026-13-01", "--to", "2026-04-01"], "not a time"),
                       (["return", "fca", "--from", "2026-04-01", "--to", "2026-03-01"], "after --from"),
                       (["return", "fca", "fca", "--from", "2026-03-01", "--to", "2026-04-01"],
                        "name one return")):
        p = run(args, db, ok=False)
        check(part in p.stderr and p.stderr.count("\n") == 1 and p.stdout == "",
              "%s: %r" % (args, p.stderr))
    check(rows(db) == before, "a refused return changed the database")


# ---- the config file ---------------------------------------------------------------

HERE = os.path.dirname(os.path.abspath(__file__))
ZONEINFO = os.path.join(HERE, "..", "..", "tests", "data", "zoneinfo")


def write(path, text):
    """Writes text as UTF-8; "\udcff" (a surrogate escape) writes the byte 0xFF."""
    with open(path, "w", encoding="utf-8", errors="surrogateescape") as f:
        f.write(text)
    return path


def test_config(tmp):
    """The default config is the old compiled-in set; a config file edited by hand
    changes a deadline without recompiling; errors say file:line:column."""
    db = os.path.join(tmp, "desk.db")
    out = run(["config", "check"]).stdout
    check(out == "(built-in default): ok (1 calendar, 5 policies)\n", out)
    default = os.path.join(HERE, "desk.conf")
    check(run(["config", "check", default]).stdout.endswith(": ok (1 calendar, 5 policies)\n"),
          "the installed default config does not check")
    shown = run(["config", "show"]).stdout
    for part in ["timezone  UTC", "calendar office\n  tz=GMT0BST,M3.5.0/1,M10.5.0\n",
                 "policy standard version 1\n", "resolve 10 business-days"]:
        check(part in shown, "config show lacks %r:\n%s" % (part, shown))
    # what config show prints is a config that checks, with the same policies
    again = write(os.path.join(tmp, "shown.conf"), shown)
    run(["config", "check", again])
    check(run(["policies", "--config", again], db).stdout == run(["policies"], db).stdout,
          "config show does not give back the same policies")
    # a calendar the library ships, by its key: the England and Wales bank holidays
    # (Good Friday 2026-04-03 and Easter Monday 2026-04-06 closed), read in London time
    shipped = write(os.path.join(tmp, "shipped.conf"),
                    "zoneinfo %s\ncalendar bank builtin gb-eng\n"
                    "policy uk version 1\n  calendar bank\n  acknowledge 1 business-day\n"
                    % ZONEINFO)
    check(run(["config", "check", shipped]).stdout.endswith(": ok (1 calendar, 1 policy)\n"),
          "a config naming a built-in calendar does not check")
    db2 = os.path.join(tmp, "shipped.db")
    run(["--config", shipped, "add", "--id", "b-1", "--customer", "c",
         "--at", "2026-04-02T12:00:00Z"], db2)
    shown_b = run(["--config", shipped, "show", "b-1", "--at", "2026-04-02T13:00:00Z"], db2).stdout
    check(re.search(r"\n  acknowledge +pending +due 2026-04-07T16:00:00Z\n", shown_b),
          "acknowledge is not due at the close of Tuesday 7 April: %s" % shown_b)
    # an edited deadline, from --config, $REDRESS_DESK_CONFIG and XDG_CONFIG_HOME
    edited = open(default, encoding="utf-8").read().replace(
        "policy standard version 1\n  calendar office\n  acknowledge 1 business-day",
        "policy standard version 1\n  calendar office\n  acknowledge 4 business-hours")
    check("4 business-hours" in edited, "the default config changed shape")
    conf = write(os.path.join(tmp, "edited.conf"), "actor care-desk\n" + edited)
    run(["add", "--id", "e-1", "--customer", "c", "--at", T0, "--config", conf], db)
    shown = run(["show", "e-1", "--config", conf], db).stdout
    check(re.search(r"acknowledge\s+\S+\s+due 2026-03-02T13:00:00Z", shown), shown)
    xdg = os.path.join(tmp, "xdg")
    os.makedirs(os.path.join(xdg, "redress"))
    write(os.path.join(xdg, "redress", "desk.conf"), "actor care-desk\n" + edited)
    home = os.path.join(tmp, "home")
    os.makedirs(os.path.join(home, ".config"))
    os.symlink(os.path.join(xdg, "redress"), os.path.join(home, ".config", "redress"))
    no_xdg = {k: v for k, v in BASE_ENV.items() if k != "XDG_CONFIG_HOME"}
    for env in (dict(BASE_ENV, REDRESS_DESK_CONFIG=conf), dict(BASE_ENV, XDG_CONFIG_HOME=xdg),
                dict(no_xdg, HOME=home), dict(BASE_ENV, XDG_CONFIG_DIRS="relative:/nowhere:" + xdg)):
        check("due 2026-03-02T13:00:00Z" in run(["show", "e-1"], db, env=env).stdout,
              "the config was not found through the environment")
    out = run(["add", "-", "--config", conf], db, stdin='{"id": "e-2", "customer": "c"}\n').stdout
    check(out == "e-2\n", "add - --config: %r" % out)
    run(["acknowledge", "e-1", "--at", "2026-03-02T10:00:00Z", "--config", conf], db)
    doc = json.loads(run(["show", "e-1", "--json", "--config", conf], db).stdout)
    check(doc["events"][-1]["actor"] == "care-desk", "the config's actor: %r" % doc["events"][-1])
    # the database setting, relative to the config file
    write(os.path.join(tmp, "db.conf"), "database data/mine.db\n" + edited)
    run(["add", "--customer", "c", "--config", os.path.join(tmp, "db.conf")])
    check(len(rows(os.path.join(tmp, "data", "mine.db"))) == 1, "the config's database")
    p = run(["show", "e-1", "--config", os.path.join(tmp, "missing.conf")], db, ok=1)
    check("missing.conf" in p.stderr, p.stderr)


BAD_CONFIGS = [
    ("actr ann\n", "1:1: unknown setting 'actr'", "did you mean 'actor'"),
    ("actor ann\nactor bob\n", "2:1: a setting given twice", "first set at line 1"),
    ("timezone\n", "1:9: expected a value", ""),
    ("  mon 09:00-10:00\n", "1:3: an indented line outside", ""),
    ("calendar\n", "1:9: expected the calendar's name", ""),
    ("calendar a\n  24x7\ncalendar a\n  24x7\n", "3:10: a second calendar of this name", ""),
    ("calendar a extra\n", "1:12: expected 'builtin KEY'", ""),
    ("calendar a\n", "1:1: a calendar without lines", ""),
    ("calendar a builtin uk-banks\n", "1:1: no built-in calendar 'uk-banks'", ""),
    ("calendar office\n  # hours\n  mon-fri 09:00-25:00\n", "3:17: calendar office: bad time", ""),
    ("calendar office\n  mon-fri 09:00-17:00\n    tz=Europe/Nowhere\n",
     "3:5: calendar office: time zone file", "REDRESS_ERR_NOTFOUND"),
    ("policy a version 1\n  resolve 3 weeks\n", "2:13: expected a unit", "REDRESS_ERR_PARSE"),
    ("policy a version 1\n  resolve 99999999999999999999 days\n",
     "2:11: 99999999999999999999 is too large (at most 106751991167300 days)", "REDRESS_ERR_PARSE"),
    ("# first\npolicy a version 1\n  resolve 3 days\n\npolicy b version 1\n  calendar nope\n",
     "5:1: policy 2 ('b')", "no calendar 'nope'"),
    ("timezone Europe/Nowhere\n", "1:10: timezone: time zone file", "Nowhere"),
    ("timezone CET-1CEST,M3\n", "1:20: timezone: malformed TZ rule", ""),
    # an actor every verb would refuse, refused as the verbs refuse it, before any verb
    ("actor \x1b[31mred\n", "1:7: actor holds a control character (U+001B) at byte 0",
     "REDRESS_ERR_INVALID"),
    ("actor ann\udcff\udcfe\n", "1:7: actor is not valid UTF-8", "REDRESS_ERR_INVALID"),
    ("actor " + "x" * 200 + "\n", "1:7: actor is longer than", "REDRESS_ERR_RANGE"),
    # values config show would print escaped, so that they no longer read back the same
    ("database /tmp/a\x1bb.db\n", "1:16: database: holds a control character (U+001B) at byte 6",
     ""),
    ("zoneinfo /usr/share/zone\udcffinfo\n", "1:25: zoneinfo: not valid UTF-8 at byte 15", ""),
]


def test_config_errors(tmp):
    db = os.path.join(tmp, "desk.db")
    for i, (text, want, also) in enumerate(BAD_CONFIGS):
        path = write(os.path.join(tmp, "bad%d.conf" % i), "zoneinfo %s\n" % ZONEINFO + text
                     if "Nowhere" in text else text)
        shift = 1 if "Nowhere" in text else 0
        line, rest = want.split(":", 1) if want[0].isdigit() else ("", want)
        expect = "%s:%d:%s" % (path, int(line) + shift, rest) if line else path + rest
        for args in (["config", "check", path], ["list", "--config", path]):
            p = run(args, db, ok=1)
            check(len(p.stderr.splitlines()) == 1 and expect in p.stderr and also in p.stderr,
                  "%r: wanted %r and %r, got %r" % (text, expect, also, p.stderr))
    check(not os.path.exists(db), "a bad config still opened the database")
    check(run(["config", "frob"], ok=2).stderr.startswith("redress-desk: config: give check"),
          "config frob")


# ---- JSON on every read command, exit codes ------------------------------------------

def test_json_read_commands(tmp):
    db = os.path.join(tmp, "desk.db")
    run(["add", "--id", "j-1", "--customer", "cust-1", "--channel", "email", "--at", T0], db)
    run(["add", "--id", "j-2", "--customer", "cust-2", "--at", "2026-03-02T10:00:00Z"], db)
    lines = [json.loads(l) for l in run(["list", "--json"], db).stdout.splitlines()]
    check([l["id"] for l in lines] == ["j-2", "j-1"], "list --json: %r" % lines)
    check(lines[1] == {"id": "j-1", "state": "received", "severity": "normal",
                       "channel": "email", "customer": "cust-1", "received_at": T0,
                       "next_alarm": lines[1]["next_alarm"]}, "list --json: %r" % lines[1])
    late = "2026-03-20T00:00:00Z"
    breached = [json.loads(l) for l in run(["list", "-j", "--breached", "--at", late],
                                           db).stdout.splitlines()]
    check(all(b["breached"] == ["acknowledge", "resolve"] for b in breached) and
          len(breached) == 2, "list --breached --json: %r" % breached)
    check(run(["list", "--json", "--customer", "nobody"], db).stdout == "", "an empty list")
    check(json.loads(run(["show", "j-1", "-j"], db).stdout)["id"] == "j-1", "show -j")
    check("total" in json.loads(run(["report", "--json"], db).stdout), "report --json")
    check(json.loads(run(["feed", "--json"], db).stdout.splitlines()[0])["cursor"] == 1, "feed")
    # tick: warnings exit 0, breaches 3, nothing 0; JSON lines
    warn = "2026-03-03T18:00:00Z"
    p = run(["tick", "--json", "--at", warn], db, ok=0)
    alarms = [json.loads(l) for l in p.stdout.splitlines()]
    check(len(alarms) == 2 and all(a["level"] == "warning" and a["at"] == warn for a in alarms),
          "tick --json warnings: %r" % alarms)
    check(set(alarms[0]) == {"at", "level", "deadline", "complaint", "due", "channel",
                             "customer"}, "tick --json members: %r" % alarms[0])
    p = run(["tick", "-j", "--at", late], db, ok=3)
    check(p.stderr == "" and {json.loads(l)["level"] for l in p.stdout.splitlines()} ==
          {"warning", "breach"}, "tick breaches: %r %r" % (p.stdout, p.stderr))
    check(run(["tick", "-j", "--at", late], db, ok=0).stdout == "", "a quiet tick in JSON")
    for name in ("list", "show", "tick", "report", "feed"):
        text = run([name, "--help"]).stdout
        check("--json" in text and "Exit status: 0" in text and "3 tick" in text,
              "%s --help does not document --json and the exit codes" % name)


def test_dry_run(tmp):
    """tick --dry-run previews and saves nothing: the real tick after it still raises
    every alarm, and the database is unchanged."""
    db = os.path.join(tmp, "desk.db")
    run(["add", "--id", "d-1", "--customer", "cust-1", "--at", T0], db)
    before, feed_before = rows(db), run(["feed"], db).stdout
    ahead = "2026-03-20T00:00:00Z"
    preview = run(["tick", "--dry-run", "--at", ahead], db, ok=3).stdout
    check(preview.count("breach") == 2, preview)
    check(run(["tick", "-n", "-a", ahead], db, ok=3).stdout == preview, "a second preview")
    check(rows(db) == before and run(["feed"], db).stdout == feed_before,
          "a dry run changed the database")
    check(run(["tick", "--at", ahead], db, ok=3).stdout == preview, "the real tick differs")
    check(run(["tick", "-n", "--at", ahead], db).stdout == "no alarms would be raised\n",
          "a preview after the tick")
    check("--dry-run" in run(["tick", "--help"]).stdout, "tick --help")


# ---- ids by prefix, the columns of list -------------------------------------------------

def test_id_prefixes(tmp):
    db = os.path.join(tmp, "desk.db")
    ids = [run(["add", "--customer", "cust-%d" % i, "--at", T0], db).stdout.strip()
           for i in range(3)]
    run(["add", "--id", "abcd-1", "--customer", "x", "--at", T0], db)
    run(["add", "--id", "abcd-12", "--customer", "y", "--at", T0], db)
    run(["add", "--id", "abce-1", "--customer", "z", "--at", T0], db)
    check(len(ids[0]) == 30 and ids[0][:12] == ids[1][:12], "generated ids: %r" % ids)
    # unique prefix -> the id; the whole id still works
    unique = ids[2][:-1]  # the ids differ in their random last part
    check(run(["show", unique], db).stdout.startswith(ids[2] + "  "), "show by prefix")
    out = run(["acknowledge", unique, "--at", "2026-03-02T10:00:00Z"], db).stdout
    check(out.startswith(ids[2] + ": acknowledged"), out)
    check(run(["show", "abcd-1"], db).stdout.startswith("abcd-1  "), "an exact id wins")
    check(run(["show", "abcd-12"], db).stdout.startswith("abcd-12  "), "abcd-12")
    check(run(["show", "abce"], db).stdout.startswith("abce-1  "), "abce")
    # ambiguous -> every candidate named, exit 2; too short -> exit 2; none -> not found
    p = run(["show", ids[0][:12]], db, ok=2)
    check(all(i in p.stderr for i in ids) and "ambiguous" in p.stderr and
          len(p.stderr.splitlines()) == 1, p.stderr)
    p = run(["acknowledge", "abcd-"], db, ok=2)
    check("abcd-1," in p.stderr and "abcd-12" in p.stderr, p.stderr)
    p = run(["show", "abc"], db, ok=2)
    check("4 characters" in p.stderr, p.stderr)
    p = run(["show", "zzzz"], db, ok=1)
    check("REDRESS_ERR_NOTFOUND" in p.stderr, p.stderr)
    # list: the id column as wide as the longest id, every column aligned
    table = run(["list"], db).stdout.splitlines()
    starts = [[m.start() for m in re.finditer(r"(?<=  )\S", line)] for line in table]
    check(all(s[:6] == starts[0][:6] for s in starts), "list columns misaligned:\n" +
          "\n".join(table))
    check(table[0].index("STATE") == 30 + 2, "the id column is not fitted:\n" + table[0])


# ---- options -------------------------------------------------------------------------

def test_options(tmp):
    db = os.path.join(tmp, "desk.db")
    run(["add", "--id", "o-1", "--customer", "c", "--at", T0], db)
    check(run(["list", "-h"]).stdout.startswith("usage: redress-desk list"), "list -h")
    check(run(["-h"]).stdout.startswith("usage: redress-desk"), "-h")
    check(run(["-V"]).stdout.startswith("redress-desk (libredress"), "-V")
    check(run(["list", "--jso"], db).stdout.startswith("{"), "an abbreviation")
    check(run(["list", "--at=2026-03-02T09:00:00Z", "-o"], db).stdout.startswith("ID"), "=value")
    check(run(["show", "--", "o-1"], db).stdout.startswith("o-1"), "--")
    check(run(["list", "--json", "--tenant", "t"], db).stdout == "", "options after options")
    cases = [
        (["lsit"], "no command 'lsit' (did you mean list?)"),
        (["acknowlege", "o-1"], "did you mean acknowledge?"),
        (["frobnicate"], "no command 'frobnicate' (see --help)"),
        (["list", "--jsno"], "unknown option --jsno (did you mean --json?)"),
        (["list", "--breachd"], "did you mean --breached?"),
        (["list", "--o"], "option --o is ambiguous: --open, --owner"),
        (["list", "-x"], "unknown option -x"),
        (["list", "--open=yes"], "--open takes no value"),
        (["list", "--within"], "--within needs a value (DURATION)"),
        (["tick", "-a"], "--at needs a value (TIME)"),
        (["--frob", "list"], "unknown option --frob before the command"),
        (["--db"], "--db needs a value"),
        ([], "no command given"),
    ]
    for args, want in cases:
        p = run(args, db, ok=2)
        check(p.stderr.startswith("redress-desk: ") and want in p.stderr and
              len(p.stderr.splitlines()) == 1, "%s: %r" % (args, p.stderr))
    # POSIXLY_CORRECT does not stop options after a positional
    env = dict(BASE_ENV, POSIXLY_CORRECT="1")
    check(run(["show", "o-1", "--json"], db, env=env).stdout.startswith("{"), "POSIXLY_CORRECT")


# ---- the display zone and colour ------------------------------------------------------

def test_zone_and_colour(tmp):
    db = os.path.join(tmp, "desk.db")
    run(["add", "--id", "z-1", "--customer", "c", "--at", "2026-06-01T09:00:00Z"], db)
    run(["add", "--id", "z-2", "--customer", "c", "--at", "2026-01-05T09:00:00Z"], db)
    default = open(os.path.join(HERE, "desk.conf")).read()
    check("\ntimezone UTC\n" in default, "the default config names no zone")
    london = write(os.path.join(tmp, "london.conf"), default.replace(
        "\ntimezone UTC\n", "\ntimezone Europe/London\nzoneinfo %s\n" % ZONEINFO))
    ny = write(os.path.join(tmp, "ny.conf"), default.replace(
        "\ntimezone UTC\n", "\ntimezone EST5EDT,M3.2.0,M11.1.0\n"))
    text = run(["list", "--config", london], db).stdout
    check("2026-06-01T10:00:00+01:00" in text and "2026-01-05T09:00:00Z" in text, text)
    check("2026-06-01T05:00:00-04:00" in run(["show", "z-1", "--config", ny], db).stdout, "ny")
    check("2026-06-01T09:00:00Z" in run(["list"], db).stdout, "UTC by default")
    env = dict(BASE_ENV, TZ="Asia/Seoul")
    check("2026-06-01T09:00:00Z" in run(["list"], db, env=env).stdout, "the host's TZ showed")
    # JSON stays in UTC
    doc = [json.loads(l) for l in run(["list", "--json", "--config", london], db).stdout.split()]
    check(doc[0]["received_at"] == "2026-06-01T09:00:00Z", "JSON in the display zone: %r" % doc)
    # times typed with an offset are read back to the same instant
    run(["acknowledge", "z-1", "--at", "2026-06-01T11:00:00+01:00", "--config", london], db)
    acked = json.loads(run(["show", "z-1", "--json"], db).stdout)["events"][-1]["at"]
    check(acked == 1780308000, "acknowledged at %r, not 2026-06-01T10:00:00Z" % acked)
    # colour: only on a terminal, never with NO_COLOR; never in a pipe
    late = "2026-12-31T00:00:00Z"
    check("\x1b[" not in run(["list", "--breached", "--at", late], db).stdout, "colour in a pipe")
    on_tty = tty_output([BIN, "--db", db, "list", "--breached", "--at", late], BASE_ENV)
    check("\x1b[1;31m" in on_tty, "no colour on a terminal: %r" % on_tty)
    off = tty_output([BIN, "--db", db, "list", "--breached", "--at", late],
                     dict(BASE_ENV, NO_COLOR="1"))
    check("\x1b[" not in off and "z-1" in off, "colour with NO_COLOR: %r" % off)
    ticked = tty_output([BIN, "--db", db, "tick", "--dry-run", "--at", late], BASE_ENV)
    check("\x1b[1;31mbreach" in ticked and "\x1b[33mwarning" in ticked, "tick on a tty: %r" % ticked)
    check("\x1b[" not in tty_output([BIN, "--db", db, "tick", "-n", "-a", late, "--json"],
                                    BASE_ENV), "colour in JSON")
    check("\x1b[" not in run(["tick", "-n", "-a", late], db, ok=3).stdout, "tick colour in a pipe")


def tty_output(argv, env):
    """Runs argv with its stdout on a pseudo-terminal; returns what it printed. The test
    keeps the terminal's other end open until the program has exited and its output is
    read: a terminal hung up by the program's exit may drop what it still held."""
    import select
    master, slave = os.openpty()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            chunks.append(os.read(master, 4096))
        elif proc.poll() is not None:
            break  # exited, and nothing more arrived for 0.2 s
    os.close(slave)
    os.close(master)
    return b"".join(chunks).decode("utf-8")


# ---- the manual and bash completion ----------------------------------------------------

def test_man_page(tmp):
    page = os.path.join(HERE, "redress-desk.1")
    p = subprocess.run(["groff", "-man", "-ww", "-z", page], capture_output=True, text=True)
    check(p.returncode == 0 and p.stderr == "", "groff warns: %s" % p.stderr)
    text = subprocess.run(["groff", "-man", "-Tutf8", "-P-cbou", page], capture_output=True,
                          text=True, env=dict(BASE_ENV, MANWIDTH="80")).stdout
    text = text.replace("\u2010", "-").replace("\u2212", "-")
    for name in COMMANDS + VERBS + ["config", "policies"]:
        check(name in text, "the man page does not mention %s" % name)
    for name in ("list", "show", "tick", "report", "feed", "add", "demo", "return"):
        for option in re.findall(r"--[a-z][a-z-]*", run([name, "--help"]).stdout):
            check(option in text, "the man page lacks %s of %s" % (option, name))
    for part in ["EXIT STATUS", "REDRESS_DESK_CONFIG", "NO_COLOR", "--dry-run", "CONFIG"]:
        check(part in text, "the man page lacks %s" % part)


def test_completion(tmp):
    db = os.path.join(tmp, "desk.db")
    run(["add", "--id", "comp-1", "--customer", "c", "--at", T0], db)
    script = os.path.join(HERE, "redress-desk.bash")
    bindir = os.path.join(tmp, "bin")
    os.makedirs(bindir)
    os.symlink(BIN, os.path.join(bindir, "redress-desk"))

    def complete(*words):
        words = ["redress-desk"] + list(words)
        shell = ('source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); '
                 '_redress_desk; printf "%s\\n" "${COMPREPLY[@]}"')
        p = subprocess.run(["bash", "-c", shell, "bash", script] + words, capture_output=True,
                           text=True, env=dict(BASE_ENV, PATH=bindir + ":" + BASE_ENV["PATH"]))
        check(p.returncode == 0, "completion failed: %s" % p.stderr)
        return sorted(w for w in p.stdout.split("\n") if w)

    check(complete("li") == ["list"], "commands: %r" % complete("li"))
    check("acknowledge" in complete("ac") and "critical" not in complete("c"), "verbs")
    check(complete("list", "--o") == ["--open", "--owner"], "options: %r" % complete("list", "--o"))
    check(complete("tick", "--d") == ["--db", "--dry-run"], "tick options")
    check(complete("--db", db, "show", "co") == ["comp-1"], "ids: %r" %
          complete("--db", db, "show", "co"))
    check(complete("config", "") == ["check", "show"], "config")


def main():
    tests = [test_help, test_round_trip, test_conversation, test_policy_versions, test_json_input,
             test_money_totals, test_store_failures, test_corrupt_document, test_control_characters, test_demo,
             test_locations, test_feed, test_feed_levels_and_waits, test_tenants, test_returns,
             test_config,
             test_config_errors, test_json_read_commands, test_dry_run, test_id_prefixes,
             test_options, test_zone_and_colour, test_man_page, test_completion]
    failed = 0
    for test in tests:
        with tempfile.TemporaryDirectory(prefix="redress-desk-test-") as tmp:
            try:
                test(tmp)
                print("ok   %s" % test.__name__)
            except Failure as e:
                failed += 1
                print("FAIL %s: %s" % (test.__name__, e))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
