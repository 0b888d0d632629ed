//! Link against libredress. REDRESS_LIB_DIR names the directory holding libredress.so
//! (meson's build directory `lib/` under `meson test`); it goes on the link search path
//! and, as an rpath, lets the tests run without LD_LIBRARY_PATH. Without it the system's
//! library path is searched (an installed libredress).
fn main() {
    println!("cargo:rerun-if-env-changed=REDRESS_LIB_DIR");
    if let Ok(dir) = std::env::var("REDRESS_LIB_DIR") {
        println!("cargo:rustc-link-search=native={dir}");
        println!("cargo:rustc-link-arg=-Wl,-rpath,{dir}");
    }
}
