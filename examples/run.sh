#!/bin/sh
# The main job: sets up a fresh machine, builds, and runs the example host application.
set -eu
cd "$(dirname "$0")/.."
sh tests/install-deps.sh
[ -d build ] || meson setup build
meson compile -C build
./build/examples/quickstart
