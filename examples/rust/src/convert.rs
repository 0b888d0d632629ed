//! Rust values to the C conventions, refused when C would read them as something else.
//! The C side gives -1 a meaning of its own (an unknown amount, the total of an
//! accumulator), so a negative passed through would be taken silently for it.
use std::os::raw::c_int;

use crate::error::{Error, Result};
use crate::sys;

/// An amount of money in minor units; `None` is REDRESS_AMOUNT_UNKNOWN.
pub(crate) fn amount(value: Option<i64>, what: &str) -> Result<i64> {
    match value {
        None => Ok(sys::REDRESS_AMOUNT_UNKNOWN),
        Some(v) if v < 0 => Err(Error::invalid(format!(
            "{what}: {v} is negative (None stands for unknown)"
        ))),
        Some(v) => Ok(v),
    }
}

/// A group index of an accumulator; `None` is REDRESS_METRICS_TOTAL.
pub(crate) fn group(value: Option<i32>) -> Result<c_int> {
    match value {
        None => Ok(sys::REDRESS_METRICS_TOTAL),
        Some(g) if g < 0 => Err(Error::invalid(format!(
            "group {g} is negative (None stands for the total)"
        ))),
        Some(g) => Ok(g),
    }
}

/// `n` times `factor` seconds, or `SPAN_OVERFLOW` when that does not fit an i64.
pub(crate) fn seconds(n: i64, factor: i64) -> i64 {
    n.checked_mul(factor).unwrap_or(SPAN_OVERFLOW)
}

/// The amount of a span whose seconds overflowed: refused by `Policy` before C sees it
/// (a wrapped product would be a different, valid-looking span).
pub(crate) const SPAN_OVERFLOW: i64 = i64::MIN;
