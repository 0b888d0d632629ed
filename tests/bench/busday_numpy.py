#!/usr/bin/env python3
"""The numpy side of bench_busday: the due day of 15 business days from each start.

    busday_numpy.py STARTS HOLIDAYS OUT [RUNS]

STARTS: start instants, native int64 seconds since the epoch (UTC), as written by
bench_busday. HOLIDAYS: one YYYY-MM-DD per line. OUT: receives the due days, int64
days since the epoch, for bench_busday to compare with its own.

After one untimed warm-up pass, timed, per run, in CPU seconds of this thread: turning the seconds into days and
numpy.busday_offset(days, 15, roll='backward') on a Monday-Friday busdaycalendar
holding the holidays (built once, untimed). roll='backward' gives "the 15th business
day strictly after the start's day" even when the start falls on a closed day, which
is what the library computes. Prints one JSON line with the median.
"""
import json
import statistics
import sys
import time

import numpy as np


def main() -> int:
    starts_path, holidays_path, out_path = sys.argv[1:4]
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    starts = np.fromfile(starts_path, dtype=np.int64)
    with open(holidays_path, encoding="ascii") as f:
        holidays = [line.strip() for line in f if line.strip()]
    cal = np.busdaycalendar(weekmask="1111100", holidays=holidays)
    seconds = []
    due = np.busday_offset((starts // 86400).astype("datetime64[D]"), 15, roll="backward",
                           busdaycal=cal)  # untimed warm-up, as on the C side
    for _ in range(runs):
        t0 = time.thread_time()
        days = (starts // 86400).astype("datetime64[D]")
        due = np.busday_offset(days, 15, roll="backward", busdaycal=cal)
        seconds.append(time.thread_time() - t0)
    due.astype(np.int64).tofile(out_path)
    print(json.dumps({"numpy": np.__version__, "runs": seconds,
                      "seconds": statistics.median(seconds)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
