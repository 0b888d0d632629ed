#!/bin/sh
# The Rust crates' tests as a user runs them: against a copy of the library installed
# from BUILD (`meson install --destdir` into a temporary directory), found through the
# pkg-config program (redress-sys/build.rs), then once more with feature `bundled`,
# which compiles the C sources of this tree instead (no installed library at all).
# Usage: test-installed.sh BUILD TARGET_DIR   (meson test runs it as rust_binding)
set -eu
build=$1
target=$2
here=$(cd "$(dirname "$0")" && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
meson install -C "$build" --destdir "$stage" --no-rebuild --quiet >/dev/null
pc=$(find "$stage" -name redress.pc -path '*pkgconfig*' | head -n 1)
[ -n "$pc" ] || { echo "test-installed.sh: no redress.pc under $stage" >&2; exit 1; }
# Only the pkg-config search path (and, as the copy is staged and not installed, the
# sysroot that pkg-config prefixes to its -L and -I paths); no REDRESS_LIB_DIR.
unset REDRESS_LIB_DIR LD_LIBRARY_PATH
export PKG_CONFIG_PATH="$(dirname "$pc")"
export PKG_CONFIG_SYSROOT_DIR="$stage"
echo "== cargo test --offline, the library from pkg-config: $PKG_CONFIG_PATH"
cargo test --offline --manifest-path "$here/Cargo.toml" --target-dir "$target/pkg-config"
# The Rust store adapter and the desk under memcheck: what crosses the FFI is freed once.
if command -v valgrind >/dev/null 2>&1; then
  store_test=$(cargo test --offline --no-run --test store --manifest-path "$here/Cargo.toml" \
    --target-dir "$target/pkg-config" 2>&1 | sed -n 's/.*Executable tests\/store.rs (\(.*\))$/\1/p')
  echo "== valgrind $store_test"
  valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect \
    --quiet "$store_test" --test-threads=1
fi
unset PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
echo "== cargo test --offline --features bundled (the C sources of this tree)"
cargo test --offline --features bundled --manifest-path "$here/Cargo.toml" \
  --target-dir "$target/bundled"
