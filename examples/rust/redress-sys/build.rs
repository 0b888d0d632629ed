//! Find libredress for the linker, one of three ways, first match wins:
//!
//! 1. feature `bundled`: compile the library's C sources (`lib/` of the source tree,
//!    `$REDRESS_SOURCE_DIR` or three directories up from this crate) with `$CC` (else
//!    `cc`) and link them statically, with `ar` (`$AR`) making the archive;
//! 2. `$REDRESS_LIB_DIR`: the directory holding libredress.so (a meson build's `lib/`);
//!    it goes on the link path, and to dependents as `DEP_REDRESS_LIBDIR`;
//! 3. the `pkg-config` program (`$PKG_CONFIG`, else `pkg-config`) asked for
//!    `redress >= 1.0 < 2` (`$PKG_CONFIG_PATH` finds an installed copy anywhere); its
//!    `-L` directories go on the link path and to dependents as `DEP_REDRESS_LIBDIR`,
//!    whose build script puts them in the rpath of their binaries (the tests of an
//!    installed copy outside the loader's path then run without LD_LIBRARY_PATH).
//!
//! No crate is downloaded (no `cc`, no `pkg-config` crate): `std::process::Command`
//! runs the programs. A failure says which ways were tried.
use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    for var in [
        "REDRESS_LIB_DIR",
        "REDRESS_SOURCE_DIR",
        "PKG_CONFIG",
        "PKG_CONFIG_PATH",
        "PKG_CONFIG_LIBDIR",
        "PKG_CONFIG_SYSROOT_DIR",
        "CC",
        "AR",
        "CFLAGS",
    ] {
        println!("cargo:rerun-if-env-changed={var}");
    }
    if env::var_os("CARGO_FEATURE_BUNDLED").is_some() {
        bundled::build();
    } else if let Some(dir) = env::var_os("REDRESS_LIB_DIR") {
        let dir = PathBuf::from(dir);
        link_dynamic(&[dir]);
    } else {
        match pkg_config() {
            Ok(dirs) => link_dynamic(&dirs),
            Err(why) => panic!(
                "libredress not found: {why}. Install it (libredress-dev) or point \
                 PKG_CONFIG_PATH at the directory of its redress.pc, set REDRESS_LIB_DIR to \
                 the directory holding libredress.so, or build with --features bundled"
            ),
        }
    }
}

/// Link `-lredress` from these directories. They are also handed to the crates that
/// depend on this one as `DEP_REDRESS_LIBDIR` (`:`-separated): cargo applies a
/// link argument only to the package that prints it, so the rpath of their tests is
/// theirs to add (the `redress` crate's build.rs does).
fn link_dynamic(dirs: &[PathBuf]) {
    for dir in dirs {
        println!("cargo:rustc-link-search=native={}", dir.display());
    }
    let joined: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
    println!("cargo:libdir={}", joined.join(":"));
    println!("cargo:rustc-link-lib=dylib=redress");
}

/// The `-L` directories of `pkg-config --libs redress`, the library checked to be 1.x.
fn pkg_config() -> Result<Vec<PathBuf>, String> {
    let program = env::var("PKG_CONFIG").unwrap_or_else(|_| "pkg-config".to_owned());
    let output = Command::new(&program)
        .args(["--libs", "redress >= 1.0", "redress < 2"])
        .output()
        .map_err(|err| format!("running `{program}` failed ({err})"))?;
    if !output.status.success() {
        return Err(format!(
            "`{program} --libs 'redress >= 1.0' 'redress < 2'` failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let flags = String::from_utf8(output.stdout).map_err(|_| "pkg-config printed non-UTF-8")?;
    Ok(flags
        .split_whitespace()
        .filter_map(|flag| flag.strip_prefix("-L"))
        .map(PathBuf::from)
        .collect())
}

mod bundled {
    use super::*;

    /// Compile every `.c` under `lib/` and archive them as libredress.a in OUT_DIR.
    pub fn build() {
        let source = source_dir();
        let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
        let cc = env::var("CC").unwrap_or_else(|_| "cc".to_owned());
        let mut sources = Vec::new();
        collect_sources(&source.join("lib"), &mut sources);
        sources.sort();
        let objects = compile_all(&cc, &source, &out, &sources);
        let archive = out.join("libredress.a");
        let _ = std::fs::remove_file(&archive);
        let ar = env::var("AR").unwrap_or_else(|_| "ar".to_owned());
        run(
            Command::new(&ar).arg("crs").arg(&archive).args(&objects),
            &ar,
        );
        println!("cargo:rustc-link-search=native={}", out.display());
        println!("cargo:rustc-link-lib=static=redress");
        // What the shared library links besides libc: threads (part of libc since glibc
        // 2.34, a library of its own before).
        println!("cargo:rustc-link-lib=dylib=pthread");
        println!("cargo:include={}", source.join("include").display());
        println!("cargo:rerun-if-changed={}", source.join("lib").display());
        println!(
            "cargo:rerun-if-changed={}",
            source.join("include").display()
        );
    }

    fn source_dir() -> PathBuf {
        let dir = match env::var_os("REDRESS_SOURCE_DIR") {
            Some(dir) => PathBuf::from(dir),
            None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.."),
        };
        if !dir.join("lib/redress.map").is_file() || !dir.join("include/redress.h").is_file() {
            panic!(
                "feature `bundled`: {} is not a libredress source tree (no lib/redress.map or \
                 include/redress.h); set REDRESS_SOURCE_DIR",
                dir.display()
            );
        }
        dir
    }

    fn collect_sources(dir: &Path, out: &mut Vec<PathBuf>) {
        let entries =
            std::fs::read_dir(dir).unwrap_or_else(|err| panic!("reading {}: {err}", dir.display()));
        for entry in entries {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                collect_sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "c") {
                out.push(path);
            }
        }
    }

    /// Compile the sources, as many at a time as cargo's job count allows.
    fn compile_all(cc: &str, source: &Path, out: &Path, sources: &[PathBuf]) -> Vec<PathBuf> {
        let jobs: usize = env::var("NUM_JOBS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(1);
        let lib = source.join("lib");
        let mut objects = Vec::new();
        for chunk in sources.chunks(jobs.max(1)) {
            let mut running = Vec::new();
            for src in chunk {
                let rel = src.strip_prefix(&lib).expect("under lib/");
                let object = out
                    .join(rel.to_string_lossy().replace('/', "_"))
                    .with_extension("o");
                let mut cmd = Command::new(cc);
                // The flags of the meson build that matter for the code: C99, POSIX 2008,
                // position-independent, only the REDRESS_API symbols visible.
                cmd.args(["-std=c99", "-O2", "-fPIC", "-fvisibility=hidden"])
                    .arg("-D_POSIX_C_SOURCE=200809L")
                    .arg("-I")
                    .arg(source.join("include"))
                    .arg("-I")
                    .arg(&lib)
                    .args(env::var("CFLAGS").unwrap_or_default().split_whitespace())
                    .arg("-c")
                    .arg(src)
                    .arg("-o")
                    .arg(&object);
                let child = cmd
                    .spawn()
                    .unwrap_or_else(|err| panic!("running the C compiler `{cc}` failed: {err}"));
                running.push((child, src.clone()));
                objects.push(object);
            }
            for (mut child, src) in running {
                let status = child.wait().expect("waiting for the C compiler");
                if !status.success() {
                    panic!("`{cc}` failed on {} ({status})", src.display());
                }
            }
        }
        objects
    }

    fn run(cmd: &mut Command, what: &str) {
        let status = cmd
            .status()
            .unwrap_or_else(|err| panic!("running `{what}` failed: {err}"));
        if !status.success() {
            panic!("`{what}` failed ({status})");
        }
    }
}
