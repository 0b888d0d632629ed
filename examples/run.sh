#!/bin/sh
# The main job: sets up a fresh machine, builds everything, and runs the desk
# application's demo: a month of about 200 complaints replayed on a simulated clock
# over SQLite, with the alarms as they fire, ending with the retention report. The
# chart of the report is written to build/demo-report.svg, the dashboard to
# build/demo-dashboard.html (the demo prints their paths).
set -eu
cd "$(dirname "$0")/.."
sh tests/install-deps.sh
[ -d build ] || meson setup build
meson compile -C build
desk=./build/examples/desk/redress-desk
if [ ! -x "$desk" ]; then
  echo "run.sh: $desk was not built (is libsqlite3-dev installed?)" >&2
  exit 1
fi
"$desk" demo --svg build/demo-report.svg --html build/demo-dashboard.html
