#!/bin/sh
# Installs the Debian packages the build and the tests need (skipped when present).
set -eu
packages="meson ninja-build gcc g++ clang pkg-config libcmocka-dev valgrind python3 binutils tzdata
  libsqlite3-dev libpq-dev postgresql doxygen cmake abigail-tools faketime
  python3-mesonpy python3-venv mypy"
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
