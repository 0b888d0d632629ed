//! src/sys.rs declares every function of include/redress.h, and the struct mirrors
//! list the header's members in its order.
use std::collections::BTreeSet;
use std::path::PathBuf;

fn read(path: PathBuf) -> String {
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn header() -> String {
    let path = std::env::var_os("REDRESS_HEADER")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../include/redress.h")
        });
    strip_comments(&read(path))
}

fn sys_rs() -> String {
    read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/sys.rs"))
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
    assert_eq!(c_functions.len(), 151, "the header parse looks wrong");
    assert_eq!(c_functions, rust_functions);
}

/// Member names of `typedef struct NAME { ... }` in the header, in order.
fn c_members(header: &str, name: &str) -> Vec<String> {
    let open = format!("typedef struct {name} {{");
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
            None => d
                .rsplit(|c: char| c.is_whitespace() || c == '*')
                .next()
                .unwrap()
                .to_string(),
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
        "redress_complaint_init",
        "redress_span",
        "redress_policy",
        "redress_retention_model",
        "redress_classifier_options",
        "redress_negotiation",
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
