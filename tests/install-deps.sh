#!/bin/sh
# Installs the Debian packages the build and the tests need (skipped when present).
#   sh tests/install-deps.sh          everything: the build, every test, the docs
#   sh tests/install-deps.sh --main   only what the main job (examples/run.sh: build the
#                                     library and redress-desk, run its demo) needs
set -eu
main="meson ninja-build gcc pkg-config python3 libsqlite3-dev"
tests="g++ clang libcmocka-dev valgrind binutils tzdata libpq-dev postgresql doxygen cmake
  abigail-tools faketime groff-base bash chromium
  python3-mesonpy python3-venv mypy"
case "${1:-}" in
  --main) packages=$main ;;
  "") packages="$main $tests" ;;
  *) echo "usage: sh tests/install-deps.sh [--main]" >&2; exit 2 ;;
esac
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages:$missing (run as root, or install them)" >&2
  exit 1
fi
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing
