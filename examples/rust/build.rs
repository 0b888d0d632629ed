//! The library is found by redress-sys (redress-sys/build.rs: pkg-config,
//! $REDRESS_LIB_DIR, or feature `bundled`). When it links a shared library from a
//! directory of its own choosing, that directory arrives here as DEP_REDRESS_LIBDIR and
//! goes into the rpath of this crate's tests and examples, so they run against that copy
//! without LD_LIBRARY_PATH (cargo applies link arguments only to the package printing
//! them).
fn main() {
    println!("cargo:rerun-if-env-changed=DEP_REDRESS_LIBDIR");
    if let Ok(dirs) = std::env::var("DEP_REDRESS_LIBDIR") {
        for dir in dirs.split(':').filter(|d| !d.is_empty()) {
            println!("cargo:rustc-link-arg=-Wl,-rpath,{dir}");
        }
    }
}
