//! redress-sys/src/lib.rs declares every function of the headers (include/redress.h and every
//! header under include/redress/, experimental.h and sys/store.h included), the struct
//! mirrors list the headers' members in their order, and the constants, versions and
//! enumerations carry the headers' values.
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The include/ directory: $REDRESS_INCLUDE (set by meson test), else next to the crate.
fn include_dir() -> PathBuf {
    std::env::var_os("REDRESS_INCLUDE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../include"))
}

/// include/redress.h, then every header under include/redress/, sorted.
fn header_paths() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|x| x == "h") {
                out.push(path);
            }
        }
    }
    let root = include_dir();
    let mut paths = vec![root.join("redress.h")];
    walk(&root.join("redress"), &mut paths);
    paths
}

/// Every public header, concatenated, comments out.
fn header() -> String {
    header_paths()
        .iter()
        .map(|p| strip_comments(&read(p)))
        .collect::<Vec<_>>()
        .join("\n")
}

fn sys_rs() -> String {
    read(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("redress-sys/src/lib.rs"))
}

#[test]
fn the_parse_reads_every_public_header() {
    let root = include_dir();
    let found: BTreeSet<PathBuf> = header_paths()
        .iter()
        .map(|p| p.strip_prefix(&root).unwrap().to_path_buf())
        .collect();
    for name in [
        "redress.h",
        "redress/common.h",
        "redress/complaint.h",
        "redress/experimental.h",
        "redress/sys/store.h",
    ] {
        assert!(found.contains(Path::new(name)), "{name} not read");
    }
    // every module header the umbrella includes is read
    let umbrella = read(&root.join("redress.h"));
    let included: Vec<&str> = umbrella
        .lines()
        .filter_map(|l| l.strip_prefix("#include \""))
        .filter_map(|l| l.strip_suffix('"'))
        .collect();
    assert!(included.len() >= 8, "{included:?}");
    for name in included {
        assert!(found.contains(Path::new(name)), "{name} not read");
    }
}

fn strip_comments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    out.push_str(rest);
    out
}

/// The identifier just before each "(" that follows `marker` up to the next ";".
fn declared_names(text: &str, marker: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|line| line.trim_start().strip_prefix(marker))
        .filter_map(|rest| {
            let before = &rest[..rest.find('(')?];
            let name = before
                .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()?;
            name.starts_with("redress_").then(|| name.to_string())
        })
        .collect()
}

#[test]
fn every_header_function_is_declared_and_nothing_else() {
    let c_functions = declared_names(&header(), "REDRESS_API ");
    let rust_functions = declared_names(&sys_rs(), "pub fn ");
    assert_eq!(c_functions.len(), 111, "the header parse looks wrong");
    assert_eq!(c_functions, rust_functions);
}

/// Member names of `struct NAME { ... }` in the header (a typedef or not: redress_store
/// is typedef'd in redress/common.h and defined in redress/sys/store.h), in order.
fn c_members(header: &str, name: &str) -> Vec<String> {
    let open = format!("struct {name} {{");
    let start = header
        .find(&open)
        .unwrap_or_else(|| panic!("no struct {name}"))
        + open.len();
    let body = &header[start..start + header[start..].find('}').unwrap()];
    body.split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| match d.find("(*") {
            Some(p) => d[p + 2..d[p..].find(')').unwrap() + p].to_string(),
            None => {
                let d = &d[..d.find('[').unwrap_or(d.len())]; // an array's name
                d.rsplit(|c: char| c.is_whitespace() || c == '*')
                    .next()
                    .unwrap()
                    .to_string()
            }
        })
        .collect()
}

/// Field names of `pub struct NAME { ... }` in sys.rs, in order.
fn rust_fields(sys: &str, name: &str) -> Vec<String> {
    let open = format!("pub struct {name} {{");
    let start = sys
        .find(&open)
        .unwrap_or_else(|| panic!("no struct {name}"))
        + open.len();
    let mut depth = 0;
    let mut fields = Vec::new();
    for line in sys[start..].lines() {
        let line = line.trim();
        if depth == 0 && line.starts_with('}') {
            break;
        }
        if depth == 0 {
            if let Some(rest) = line.strip_prefix("pub ") {
                fields.push(rest[..rest.find(':').unwrap()].to_string());
            }
        }
        depth += line.matches(['<', '(']).count() as i32 - line.matches(['>', ')']).count() as i32;
        depth += line.matches("->").count() as i32; // "->" is not a closing bracket
    }
    fields
}

#[test]
fn struct_members_match_in_order() {
    let (header, sys) = (header(), sys_rs());
    for name in [
        "redress_allocator",
        "redress_record",
        "redress_store",
        "redress_desk_options",
        "redress_complaint_fields",
        "redress_span",
        "redress_policy",
        "redress_deadline",
        "redress_retention_model",
        "redress_classifier_options",
        "redress_verdict_summary",
        "redress_reason",
        "redress_negotiation",
        "redress_precedent",
        "redress_change",
    ] {
        assert_eq!(c_members(&header, name), rust_fields(&sys, name), "{name}");
    }
}

#[test]
fn enum_values_match() {
    let header = header();
    let value_of = |name: &str| -> i32 {
        let at = header
            .find(&format!("{name} = "))
            .unwrap_or_else(|| panic!("{name}"));
        let rest = &header[at + name.len() + 3..];
        let end = rest.find([',', '\n', ' ']).unwrap();
        rest[..end].parse().unwrap()
    };
    for s in redress::State::ALL {
        let name = format!("REDRESS_STATE_{}", snake_upper(&format!("{s:?}")));
        assert_eq!(value_of(&name), s.raw(), "{name}");
    }
    for m in redress::Metric::ALL {
        let name = format!("REDRESS_METRIC_{}", snake_upper(&format!("{m:?}")));
        assert_eq!(value_of(&name), m.raw(), "{name}");
    }
    for k in redress::EventKind::ALL {
        let name = format!("REDRESS_EVENT_{}", snake_upper(&format!("{k:?}")));
        assert_eq!(value_of(&name), k.raw(), "{name}");
    }
    for f in redress::Field::ALL {
        let name = format!("REDRESS_FIELD_{}", snake_upper(&format!("{f:?}")));
        assert_eq!(value_of(&name), f.raw(), "{name}");
    }
    assert_eq!(
        redress::Field::ALL.len(),
        count_of(&header, "REDRESS_FIELD_COUNT")
    );
    for e in redress::EnumKind::ALL {
        let name = format!("REDRESS_ENUM_{}", snake_upper(&format!("{e:?}")));
        assert_eq!(value_of(&name), e.raw(), "{name}");
    }
    assert_eq!(
        redress::EnumKind::ALL.len(),
        count_of(&header, "REDRESS_ENUM_COUNT")
    );
    for u in redress::SpanUnit::ALL {
        let name = format!("REDRESS_SPAN_{}", snake_upper(&format!("{u:?}")));
        assert_eq!(value_of(&name), u.raw(), "{name}");
    }
    for k in redress::ChangeKind::ALL {
        let name = format!("REDRESS_CHANGE_{}", snake_upper(&format!("{k:?}")));
        assert_eq!(value_of(&name), k.raw(), "{name}");
    }
    assert_eq!(
        redress::ChangeKind::ALL.len(),
        count_of(&header, "REDRESS_CHANGE_KIND_COUNT")
    );
}

/// The value of `#define NAME <number>` in the header.
fn count_of(header: &str, name: &str) -> usize {
    define(header, name)
        .parse()
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The text after `#define NAME ` up to the end of its line.
fn define<'h>(header: &'h str, name: &str) -> &'h str {
    let open = format!("#define {name} ");
    let at = header.find(&open).unwrap_or_else(|| panic!("no {name}")) + open.len();
    header[at..].lines().next().unwrap().trim()
}

#[test]
fn versions_and_the_soname_match() {
    let (header, sys) = (header(), sys_rs());
    // every `pub const REDRESS_*_VERSION` of sys.rs, against the header's `NNu`
    let mut checked = 0;
    for line in sys.lines() {
        let Some(rest) = line.strip_prefix("pub const ") else {
            continue;
        };
        let name = &rest[..rest.find(':').unwrap()];
        if !name.ends_with("_VERSION") || name.starts_with("REDRESS_ERR_") {
            continue;
        }
        let value = rest[rest.find('=').unwrap() + 1..]
            .trim()
            .trim_end_matches(';');
        assert_eq!(define(&header, name), format!("{value}u"), "{name}");
        checked += 1;
    }
    assert_eq!(checked, 14, "a struct version is missing from sys.rs");
    let major = define(&header, "REDRESS_VERSION_MAJOR");
    assert_eq!(major, redress::sys::REDRESS_VERSION_MAJOR.to_string());
    let string = define(&header, "REDRESS_VERSION_STRING").trim_matches('"');
    assert_eq!(
        redress::version(),
        string,
        "the library linked is another release"
    );
    // the binaries load the library by its SONAME, libredress.so.<major>
    // (the mapped file is the SONAME's target, libredress.so.<major>.<minor>.<patch>)
    let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
    let soname = format!("libredress.so.{major}.");
    if cfg!(feature = "bundled") {
        // feature `bundled`: the library is compiled into the test binary itself
        assert!(
            !maps.lines().any(|l| l.contains("libredress.so")),
            "a shared libredress is mapped although the crate bundles the library"
        );
        return;
    }
    assert!(
        maps.lines().any(|l| l.contains(&soname)),
        "no {soname}* mapped"
    );
}

/// "AwaitingCustomer" -> "AWAITING_CUSTOMER", "TimeToResolveP90" -> "TIME_TO_RESOLVE_P90".
fn snake_upper(camel: &str) -> String {
    let mut out = String::new();
    for (i, c) in camel.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}
