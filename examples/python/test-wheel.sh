#!/bin/sh
# The Python binding as pip installs it: build the wheel of this directory (meson-python,
# the library compiled from this tree and bundled inside), install it into a fresh
# virtual environment, offline, and run the unittest suite against that installed copy
# with no REDRESS_LIBRARY and no LD_LIBRARY_PATH. Skipped (exit 77) when no Python has
# the build backend (Debian: apt-get install python3-mesonpy python3-venv).
# Usage: test-wheel.sh INCLUDE_DIR   (meson test runs it as python_wheel)
set -eu
include=$1
here=$(cd "$(dirname "$0")" && pwd)
python=""
for candidate in ${REDRESS_WHEEL_PYTHON:-} /usr/bin/python3 python3; do
  if "$candidate" -c 'import mesonpy, venv, ensurepip' 2>/dev/null; then
    python=$candidate
    break
  fi
done
if [ -z "$python" ]; then
  echo "SKIP: no python3 with meson-python (mesonpy), venv and ensurepip: on Debian," \
       "apt-get install python3-mesonpy python3-venv" >&2
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "== $python -m venv --system-site-packages $work/v"
"$python" -m venv --system-site-packages "$work/v"
echo "== pip install --no-build-isolation --no-index $here"
# --no-build-isolation: the build backend (meson-python, meson, ninja) is the system's,
# seen through --system-site-packages; --no-index: nothing is downloaded.
"$work/v/bin/pip" install --no-build-isolation --no-index --no-cache-dir \
  --disable-pip-version-check --quiet "$here"
# The tests, away from the source tree, so that `import redress` finds the installed one.
mkdir "$work/run"
cp -R "$here/tests" "$work/run/tests"
cd "$work/run"
unset REDRESS_LIBRARY LD_LIBRARY_PATH PYTHONPATH
export REDRESS_INCLUDE="$include" REDRESS_EXPECT_BUNDLED=1 PYTHONDONTWRITEBYTECODE=1
echo "== the unittest suite against $("$work/v/bin/python" -c 'import redress; print(redress.__file__)')"
"$work/v/bin/python" -m unittest discover -s tests -t .
