#!/usr/bin/env python3
"""Generate tests/data/calendar_cases.tsv, the expected results of calendar arithmetic.

The answers are computed by brute force, independently of the library: time walks
forward (or backward) one UTC minute at a time, and each minute is converted to local
wall time with Python's zoneinfo (the zone's whole TZif file, not a POSIX rule) and
checked against the opening hours and holidays. The zone files are the ones the C
tests read, tests/data/zoneinfo (tzdata 2025b, see its README.md), never the host's:
the answers must not change with the host's tz release. Every boundary in these calendars and every
DST change of these zones falls on a whole minute, so a minute is open or closed as a
whole; partial minutes at the ends of a range are walked second by second.

Most cases use dates from 2025 on. A few use the zone files' history, which the
library reads too: London's "British Standard Time" (GMT+1 all year, 1968-1971), and
Test/Havana_Kept_DST, a made-up zone (tests/data/zoneinfo/fictional.zi) keeping
Cuba's summer time from March 2026 to November 2027, which the footer's rule alone
would get wrong. The real America/Havana follows its footer from 2026 on.

Usage: python3 tests/tools/gen_calendar_cases.py [output.tsv]
"""

import datetime as dt
import os
import sys
import zoneinfo

ZONEINFO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "zoneinfo")
UTC = dt.timezone.utc
DAY = 86400
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def hm(text):
    """'09:30' -> seconds of the day."""
    h, m = text.split(":")
    return int(h) * 3600 + int(m) * 60


class Calendar:
    """A calendar as data: zone, weekly hours and holidays, rendered to spec text."""

    def __init__(self, name, zone, weekly, holidays=()):
        self.name = name
        self.zone = zone
        with open(os.path.join(ZONEINFO, zone), "rb") as f:
            self.tz = zoneinfo.ZoneInfo.from_file(f, key=zone)
        self.weekly = weekly  # list of (days text, [intervals]) as written in the spec
        self.hours = {d: [] for d in range(7)}
        for days, intervals in weekly:
            if intervals == "24x7":
                for d in range(7):
                    self.hours[d].append((0, DAY))
                continue
            for d in expand_days(days):
                self.hours[d] += [(hm(a), hm(b)) for a, b in intervals]
        self.holidays = {}  # local date -> None (whole day) or [(a, b)]
        for date, intervals in holidays:
            day = dt.date.fromisoformat(date)
            if intervals is None:
                self.holidays[day] = None
            elif self.holidays.get(day, []) is not None:
                self.holidays.setdefault(day, [])
                self.holidays[day] += [(hm(a), hm(b)) for a, b in intervals]
        self.holiday_text = holidays

    def spec(self):
        parts = ["tz=" + self.zone]
        for days, intervals in self.weekly:
            if intervals == "24x7":
                parts.append("24x7")
            else:
                parts.append(days + " " + ",".join(a + "-" + b for a, b in intervals))
        for date, intervals in self.holiday_text:
            text = "holiday " + date
            if intervals is not None:
                text += " " + ",".join(a + "-" + b for a, b in intervals)
            parts.append(text)
        return "; ".join(parts)

    def offset(self, t):
        return int(dt.datetime.fromtimestamp(t, self.tz).utcoffset().total_seconds())

    def local(self, t):
        """Local wall time of UTC instant t as (local day number, second of day)."""
        lt = t + self.offset(t)
        return lt // DAY, lt % DAY

    def open_local(self, day, sod):
        weekday = (day + 3) % 7  # day 0 (1970-01-01) was a Thursday
        if not any(a <= sod < b for a, b in self.hours[weekday]):
            return False
        date = dt.date(1970, 1, 1) + dt.timedelta(days=day)
        closed = self.holidays.get(date, [])
        if closed is None:
            return False
        return not any(a <= sod < b for a, b in closed)

    def is_open(self, t):
        return self.open_local(*self.local(t))

    # ---- brute-force arithmetic -------------------------------------------

    def add_business_seconds(self, start, amount):
        t, left = start, amount
        while t % 60:
            if self.is_open(t):
                left -= 1
            t += 1
            if left == 0:
                return t
        while True:
            if self.is_open(t):
                if left <= 60:
                    return t + left
                left -= 60
            t += 60

    def elapsed(self, a, b):
        if a > b:
            return -self.elapsed(b, a)
        n, t = 0, a
        while t < b and t % 60:
            n += self.is_open(t)
            t += 1
        while t + 60 <= b:
            n += 60 if self.is_open(t) else 0
            t += 60
        while t < b:
            n += self.is_open(t)
            t += 1
        return n

    def day_close(self, day):
        """End of the last open UTC minute whose local date is `day`, or None."""
        t = ((day + 1) * DAY + 14 * 3600) // 60 * 60
        stop = day * DAY - 15 * 3600
        while t >= stop:
            d, sod = self.local(t)
            if d == day and self.open_local(d, sod):
                return t + 60
            t -= 60
        return None

    def add_business_days(self, start, n):
        day = self.local(start)[0]
        while True:
            day += 1
            close = self.day_close(day)
            if close is not None:
                n -= 1
                if n == 0:
                    return close


def expand_days(text):
    days = set()
    for item in text.split(","):
        ends = item.split("-")
        a = WEEKDAYS.index(ends[0])
        b = WEEKDAYS.index(ends[-1])
        d = a
        while True:
            days.add(d)
            if d == b:
                break
            d = (d + 1) % 7
    return sorted(days)


# ---- the calendars -----------------------------------------------------------

LONDON = Calendar(
    "london",
    "Europe/London",
    [("mon-fri", [("09:00", "12:30"), ("13:30", "17:30")])],
    [
        ("2026-01-01", None), ("2026-04-03", None), ("2026-04-06", None),
        ("2026-05-04", None), ("2026-05-25", None), ("2026-08-31", None),
        ("2026-12-24", [("13:00", "17:30")]), ("2026-12-25", None),
        ("2026-12-28", None), ("2026-12-31", [("12:30", "17:30")]),
        ("2027-01-01", None), ("2027-03-26", None), ("2027-03-29", None),
        ("2027-05-03", None), ("2027-05-31", None), ("2027-08-30", None),
        ("2027-12-27", None), ("2027-12-28", None), ("2028-01-03", None),
    ],
)

NEW_YORK = Calendar(
    "new_york",
    "America/New_York",
    [("mon-fri", [("08:00", "18:00")]), ("sat", [("10:00", "14:00")])],
    [
        ("2026-01-01", None), ("2026-01-19", None), ("2026-02-16", None),
        ("2026-05-25", None), ("2026-06-19", None), ("2026-07-03", None),
        ("2026-09-07", None), ("2026-10-12", None), ("2026-11-11", None),
        ("2026-11-26", None), ("2026-11-27", [("12:00", "18:00")]),
        ("2026-12-24", [("14:00", "18:00")]), ("2026-12-25", None),
        ("2027-01-01", None), ("2027-01-18", None), ("2027-02-15", None),
        ("2027-05-31", None), ("2027-06-18", None), ("2027-07-05", None),
        ("2027-09-06", None), ("2027-11-25", None), ("2027-12-24", None),
    ],
)

SYDNEY = Calendar(
    "sydney",
    "Australia/Sydney",
    [("mon-fri", [("09:00", "17:00")])],
    [
        ("2026-01-01", None), ("2026-01-26", None), ("2026-04-03", None),
        ("2026-04-06", None), ("2026-06-08", None), ("2026-10-05", None),
        ("2026-12-25", None), ("2026-12-28", None),
        ("2026-12-24", [("12:00", "17:00")]),
        ("2027-01-01", None), ("2027-01-26", None), ("2027-03-26", None),
        ("2027-03-29", None), ("2027-04-26", None), ("2027-06-14", None),
        ("2027-10-04", None), ("2027-12-27", None), ("2027-12-28", None),
    ],
)

SEOUL = Calendar(
    "seoul",
    "Asia/Seoul",
    [("mon-fri", [("09:00", "12:00"), ("13:00", "18:00")])],
    [
        ("2026-01-01", None), ("2026-02-16", None), ("2026-02-17", None),
        ("2026-02-18", None), ("2026-03-02", None), ("2026-05-05", None),
        ("2026-05-25", None), ("2026-08-17", None), ("2026-09-24", None),
        ("2026-09-25", None), ("2026-10-09", None), ("2026-12-25", None),
        ("2026-12-31", [("13:00", "18:00")]),
        ("2027-01-01", None), ("2027-02-08", None), ("2027-02-09", None),
        ("2027-03-01", None), ("2027-05-05", None), ("2027-05-13", None),
        ("2027-08-16", None), ("2027-09-14", None), ("2027-09-15", None),
        ("2027-09-16", None), ("2027-10-04", None), ("2027-10-11", None),
    ],
)

# Night hours that cross the DST changes (gaps and repeated hours).
LONDON_NIGHT = Calendar(
    "london_night",
    "Europe/London",
    [("sun", [("00:30", "03:30")]), ("mon-sat", [("22:00", "24:00")])],
    [("2026-10-24", [("23:00", "24:00")])],
)

NEW_YORK_NIGHT = Calendar(
    "new_york_night",
    "America/New_York",
    [("mon-sun", [("01:00", "03:00")])],
)

SYDNEY_NIGHT = Calendar(
    "sydney_night",
    "Australia/Sydney",
    [("sat", [("22:00", "24:00")]), ("sun", [("00:00", "03:30")])],
)

# Sunday's only opening is the hour London skips on 2026-03-29.
LONDON_GAP_DAY = Calendar(
    "london_gap_day",
    "Europe/London",
    [("sun", [("01:00", "02:00")]), ("wed", [("10:00", "11:00")])],
)

LONDON_ALWAYS = Calendar(
    "london_always",
    "Europe/London",
    [("", "24x7")],
    [("2026-12-25", None), ("2026-12-31", [("18:00", "24:00")])],
)

SEOUL_WEEKEND = Calendar(
    "seoul_weekend",
    "Asia/Seoul",
    [("fri-sun", [("10:00", "22:00")])],
    [("2026-09-26", None), ("2026-09-27", [("10:00", "21:59")])],
)


HAVANA = Calendar(
    "havana",
    "America/Havana",
    [("mon-fri", [("08:30", "12:00"), ("13:00", "17:00")])],
    [("2026-12-25", None), ("2027-01-01", None), ("2027-01-02", None)],
)

HAVANA_KEPT_DST = Calendar(
    "havana_kept_dst",
    "Test/Havana_Kept_DST",
    HAVANA.weekly,
    HAVANA.holiday_text,
)


def utc(cal, text):
    """Local wall time 'YYYY-MM-DD HH:MM[:SS]' in cal's zone -> UTC epoch (first if repeated)."""
    local = dt.datetime.fromisoformat(text).replace(tzinfo=cal.tz)
    return int(local.timestamp())


def show(cal, t):
    return dt.datetime.fromtimestamp(t, cal.tz).strftime("%Y-%m-%d %H:%M:%S%z")


# ---- the cases ---------------------------------------------------------------

HOUR = 3600


def week_open(cal):
    return sum(b - a for d in range(7) for a, b in cal.hours[d])


def office_cases(cal, starts, long_starts):
    """Business seconds, business days and elapsed for an office calendar."""
    cases = []
    for s in starts:
        t = utc(cal, s)
        for amount in (60, 15 * 60, 2 * HOUR + 30, 8 * HOUR, 45 * HOUR):
            cases.append(("add", cal, t, amount, "business_seconds"))
        for n in (1, 2, 5):
            cases.append(("add", cal, t, n, "business_days"))
        cases.append(("elapsed", cal, t, t + 3 * DAY + 7 * HOUR + 13, None))
        cases.append(("elapsed", cal, t + 9 * DAY, t, None))
    for s in long_starts:
        t = utc(cal, s)
        cases.append(("add", cal, t, 4 * week_open(cal) + 17, "business_seconds"))
        cases.append(("add", cal, t, 52 * week_open(cal), "business_seconds"))
        cases.append(("add", cal, t, 15, "business_days"))
        cases.append(("add", cal, t, 35, "business_days"))
        cases.append(("add", cal, t, 250, "business_days"))
        cases.append(("elapsed", cal, t, t + 400 * DAY + 5 * HOUR, None))
    return cases


def two_year_cases(cal, start):
    t = utc(cal, start)
    return [
        ("add", cal, t, 104 * week_open(cal) + 1234, "business_seconds"),
        ("add", cal, t, 500, "business_days"),
        ("elapsed", cal, t, t + 730 * DAY, None),
    ]


def open_cases(cal, instants):
    return [("is_open", cal, utc(cal, s) + delta, None, None) for s, delta in instants]


def all_cases():
    cases = []
    # London: lunch break, weekends, bank holidays, both DST changes (29 Mar, 25 Oct 2026).
    cases += office_cases(LONDON, [
        "2026-03-27 07:00", "2026-03-27 10:15:30", "2026-03-27 12:45", "2026-03-27 19:00",
        "2026-03-28 11:00", "2026-10-23 16:59:59", "2026-12-23 15:00", "2026-12-31 12:00",
        "2026-04-02 17:29",
    ], ["2026-03-02 09:00", "2026-10-20 13:00"])
    cases += two_year_cases(LONDON, "2026-01-05 08:00")
    # New York: Saturday hours, Thanksgiving half day, DST changes (8 Mar, 1 Nov 2026).
    cases += office_cases(NEW_YORK, [
        "2026-03-06 17:30", "2026-03-07 09:00", "2026-03-07 13:59:30", "2026-10-30 12:00",
        "2026-11-25 17:00", "2026-11-27 11:00", "2026-12-24 13:00",
    ], ["2026-02-27 08:00"])
    cases += two_year_cases(NEW_YORK, "2026-06-01 08:00")
    # Sydney: southern DST (ends 5 Apr, starts 4 Oct 2026), Easter, Labour Day.
    cases += office_cases(SYDNEY, [
        "2026-04-02 16:00", "2026-04-03 10:00", "2026-10-02 16:30", "2026-10-05 08:00",
        "2026-12-24 11:00",
    ], ["2026-03-30 09:00"])
    # Seoul: no DST, lunch break, Lunar New Year and Chuseok.
    cases += office_cases(SEOUL, [
        "2026-02-13 17:00", "2026-02-16 10:00", "2026-09-23 12:30", "2026-12-31 12:59",
    ], ["2026-01-02 09:00"])
    cases += two_year_cases(SEOUL, "2026-01-01 00:00")

    # Night calendars across the DST changes.
    for cal, starts in (
        (LONDON_NIGHT, ["2026-03-28 21:00", "2026-03-29 00:59", "2026-10-24 22:30",
                        "2026-10-25 00:45", "2026-10-25 01:30"]),
        (NEW_YORK_NIGHT, ["2026-03-07 23:00", "2026-03-08 01:30", "2026-10-31 12:00",
                          "2026-11-01 01:59:59"]),
        (SYDNEY_NIGHT, ["2026-04-04 21:00", "2026-04-05 02:30", "2026-10-03 23:00",
                        "2026-10-04 01:59"]),
    ):
        for s in starts:
            t = utc(cal, s)
            for amount in (30 * 60, 90 * 60, 3 * HOUR, 5 * HOUR + 7):
                cases.append(("add", cal, t, amount, "business_seconds"))
            for n in (1, 2):
                cases.append(("add", cal, t, n, "business_days"))
            cases.append(("elapsed", cal, t, t + 2 * DAY, None))
    cases += open_cases(LONDON_NIGHT, [
        ("2026-03-29 00:59", 59), ("2026-03-29 02:00", 0), ("2026-03-29 03:29", 59),
        ("2026-03-29 03:30", 0), ("2026-10-25 01:00", 0), ("2026-10-25 01:00", 3600),
        ("2026-10-25 01:00", 7199), ("2026-10-25 03:30", 0), ("2026-10-24 22:59", 59),
        ("2026-10-24 23:00", 0),
    ])
    cases += open_cases(NEW_YORK_NIGHT, [
        ("2026-03-08 01:59", 59), ("2026-03-08 01:59", 60), ("2026-03-08 03:00", 0),
        ("2026-11-01 01:00", 3600), ("2026-11-01 02:00", 0), ("2026-11-01 02:59", 59),
    ])
    cases += open_cases(SYDNEY_NIGHT, [
        ("2026-04-05 02:00", 0), ("2026-04-05 02:00", 3600), ("2026-04-05 03:29", 59),
        ("2026-10-04 01:59", 59), ("2026-10-04 03:00", 0), ("2026-10-03 23:59", 59),
    ])
    cases += open_cases(LONDON, [
        ("2026-03-27 09:00", 0), ("2026-03-27 09:00", -1), ("2026-03-27 12:30", 0),
        ("2026-03-27 12:29", 59), ("2026-03-27 13:30", 0), ("2026-03-27 17:30", 0),
        ("2026-03-28 11:00", 0), ("2026-04-03 11:00", 0), ("2026-12-24 12:59", 59),
        ("2026-12-24 13:00", 0), ("2026-03-30 09:00", 0),
    ])
    cases += open_cases(NEW_YORK, [
        ("2026-03-07 10:00", 0), ("2026-03-07 14:00", 0), ("2026-11-27 11:59", 59),
        ("2026-11-27 12:00", 0), ("2026-11-02 08:00", 0),
    ])
    cases += open_cases(SEOUL, [("2026-02-17 10:00", 0), ("2026-02-19 12:00", 0),
                                ("2026-02-19 11:59", 59)])

    # A day whose only opening is skipped by DST is no business day.
    t = utc(LONDON_GAP_DAY, "2026-03-25 12:00")
    cases += [("add", LONDON_GAP_DAY, t, n, "business_days") for n in (1, 2, 3)]
    cases += [("add", LONDON_GAP_DAY, t, 2 * HOUR, "business_seconds")]
    cases += [("elapsed", LONDON_GAP_DAY, t, t + 14 * DAY, None)]
    # 24x7 with holidays: business days close at local midnight.
    for s in ("2026-03-28 12:00", "2026-10-24 12:00", "2026-12-23 08:00", "2026-12-30 20:00"):
        t = utc(LONDON_ALWAYS, s)
        cases += [("add", LONDON_ALWAYS, t, n, "business_days") for n in (1, 3)]
        cases += [("add", LONDON_ALWAYS, t, 36 * HOUR, "business_seconds")]
        cases += [("elapsed", LONDON_ALWAYS, t, t + 3 * DAY, None)]
    # A weekend calendar with a holiday that leaves one minute open.
    for s in ("2026-09-24 12:00", "2026-09-27 21:00"):
        t = utc(SEOUL_WEEKEND, s)
        cases += [("add", SEOUL_WEEKEND, t, n, "business_days") for n in (1, 2)]
        cases += [("add", SEOUL_WEEKEND, t, 13 * HOUR, "business_seconds")]
    # History from the zone files: summer time kept through the winter of 2026 (a
    # table running past the footer's rule), Havana as the footer has it, and
    # London's year-round GMT+1 until 31 October 1971.
    for cal in (HAVANA_KEPT_DST, HAVANA):
        cases += office_cases(cal, ["2026-10-30 16:00", "2026-11-02 08:00",
                                    "2026-12-24 16:30", "2027-11-05 12:00"], [])
        cases += open_cases(cal, [("2026-11-02 08:30", 0), ("2026-11-02 08:29", 59),
                                  ("2027-11-08 08:30", 0), ("2027-11-08 17:00", -1)])
    cases += office_cases(LONDON, ["1970-06-01 08:45", "1971-10-29 17:00",
                                   "1972-03-24 12:00"], ["1971-01-04 09:00"])
    # Calendar seconds ignore the calendar.
    for cal in (LONDON, SYDNEY):
        t = utc(cal, "2026-03-28 11:00")
        cases += [("add", cal, t, 3 * DAY + 5, "calendar")]
    return cases


def solve(op, cal, a, b, unit):
    if op == "is_open":
        return int(cal.is_open(a))
    if op == "elapsed":
        return cal.elapsed(a, b)
    if unit == "calendar":
        return a + b
    if unit == "business_seconds":
        return cal.add_business_seconds(a, b)
    return cal.add_business_days(a, b)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "data", "calendar_cases.tsv")
    calendars, rows = [], []
    for i, (op, cal, a, b, unit) in enumerate(all_cases()):
        if cal not in calendars:
            calendars.append(cal)
        expected = solve(op, cal, a, b, unit)
        if op == "add":
            note = "%s + %d %s = %s" % (show(cal, a), b, unit, show(cal, expected))
        elif op == "elapsed":
            note = "%s .. %s" % (show(cal, a), show(cal, b))
        else:
            note = show(cal, a)
        rows.append("\t".join([
            "%s_%03d" % (cal.name, i), op, cal.name, str(a),
            "-" if b is None else str(b), unit or "-", str(expected), note,
        ]))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write("# Generated by tests/tools/gen_calendar_cases.py; do not edit.\n")
        f.write("# calendar<TAB>name<TAB>spec defines a calendar for the cases below it.\n")
        f.write("# case<TAB>op<TAB>calendar<TAB>a<TAB>b<TAB>unit<TAB>expected<TAB>note\n")
        f.write("# add: a = start, b = amount; elapsed: a = from, b = to; is_open: a = at.\n")
        f.write("# Times are seconds since the Unix epoch (UTC); the note shows them in local time.\n")
        for cal in calendars:
            f.write("calendar\t%s\t%s\n" % (cal.name, cal.spec()))
        for row in rows:
            f.write(row + "\n")
    print("%d cases over %d calendars written to %s" % (len(rows), len(calendars), path))


if __name__ == "__main__":
    main()
