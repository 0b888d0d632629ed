#!/bin/sh
# The default test setup again, on a host that disagrees with the tests everywhere it
# can: TZ and the locale set to nonsense, the clock years away (faketime; by default
# before the tests' own dates), and, as root, an empty /usr/share/zoneinfo (in a
# private mount namespace; the system's copy is not touched). No test may depend on
# any of them: zone files come from tests/data/zoneinfo, and a clock a test asserts
# on is one it sets, or the host's read around the call.
#
#   sh tests/host-independence.sh [BUILD_DIR]      # default: build, already compiled
#   HOST_INDEPENDENCE_DATE="2031-07-01 12:00:00" sh tests/host-independence.sh
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
date=${HOST_INDEPENDENCE_DATE:-2019-02-28 23:59:00} # where faketime puts the clock
empty=$(mktemp -d "${TMPDIR:-/tmp}/redress-no-zoneinfo.XXXXXX")
trap 'rmdir "$empty"' EXIT

# Runs "$@" with TZ and the locale set to nonsense and, as root, no zone files at all.
odd_host() {
  if [ "$(id -u)" -eq 0 ] && unshare -m true 2>/dev/null; then
    unshare -m sh -c 'mount --bind "$1" /usr/share/zoneinfo && shift && exec "$@"' sh "$empty" \
      env TZ=garbage LC_ALL=xx_XX.garbage "$@"
  else
    echo "host-independence: not root, /usr/share/zoneinfo stays as it is" >&2
    env TZ=garbage LC_ALL=xx_XX.garbage "$@"
  fi
}

# The bindings run on the real clock: under libfaketime, threads that wait on each other
# hang (cargo's rustdoc; the Python binding's lock tests), whatever the date; and the wheel
# build (python_wheel) and the parent project that takes libredress as a subproject
# (subproject) would meet sources dated in their future, which meson refuses as clock
# skew. Their tests set the times they assert on and read no clock.
real_clock="rust_binding python_binding python_wheel python_types subproject"
others=$(meson test -C "$build" --no-rebuild --list 2>/dev/null | sed -n 's/^[^ ]* \/ //p' |
         grep -vx -e rust_binding -e python_binding -e python_wheel -e python_types \
           -e subproject)
if command -v faketime >/dev/null 2>&1; then
  # The monotonic clock moves with it (FAKETIME_DONT_FAKE_MONOTONIC=1 breaks Python's
  # sleeps under libfaketime 0.9.10: EINVAL from time.sleep).
  # shellcheck disable=SC2086 # one word per test name
  odd_host faketime "$date" \
    meson test -C "$build" --no-rebuild --print-errorlogs --logbase host-independence $others
else
  echo "host-independence: faketime not installed, the clock stays as it is" >&2
  # shellcheck disable=SC2086
  odd_host meson test -C "$build" --no-rebuild --print-errorlogs --logbase host-independence $others
fi
for name in $real_clock; do
  if meson test -C "$build" --no-rebuild --list 2>/dev/null | grep -q "/ $name\$"; then
    odd_host meson test -C "$build" --no-rebuild --print-errorlogs \
      --logbase "host-independence-$name" "$name"
  fi
done
