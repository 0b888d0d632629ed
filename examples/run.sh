#!/bin/sh
# The main job: sets up a fresh machine, builds everything, and runs the desk
# application's demo: a month of about 200 complaints replayed on a simulated clock
# over SQLite, with the alarms as they fire, ending with the retention report. The
# chart of the report is written to build/demo-report.svg, the dashboard to
# build/demo-dashboard.html (the demo prints their paths).
# It installs only what it needs (a compiler, meson, ninja, pkg-config, SQLite's headers);
# `sh tests/install-deps.sh` installs the rest, for the tests. Without cmocka the test
# suites are left out of a new build directory.
set -eu
cd "$(dirname "$0")/.."
sh tests/install-deps.sh --main
if [ ! -d build ]; then
  tests=false
  pkg-config --exists cmocka && tests=true
  meson setup build -Dtests=$tests
fi
meson compile -C build
desk=./build/examples/desk/redress-desk
if [ ! -x "$desk" ]; then
  echo "run.sh: $desk was not built (is libsqlite3-dev installed?)" >&2
  exit 1
fi
"$desk" demo --svg build/demo-report.svg --html build/demo-dashboard.html
