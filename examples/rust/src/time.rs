//! `std::time::SystemTime` to and from the library's times (seconds since the epoch,
//! UTC, from `REDRESS_TIME_MIN`, 1970-01-01T00:00:00Z, to `REDRESS_TIME_MAX`,
//! 9999-12-31T23:59:59Z). A time outside that range is refused with `ErrorCode::Range`
//! rather than clamped: a clamped deadline would be a wrong one.
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::error::{Error, ErrorCode, Result};
use crate::sys;

/// The library's time of `t`, the fraction of a second dropped (times are whole
/// seconds; the second that `t` falls in).
pub fn from_system_time(t: SystemTime) -> Result<i64> {
    let seconds = t
        .duration_since(UNIX_EPOCH)
        .map_err(|_| range(format!("{t:?} is before 1970-01-01T00:00:00Z")))?
        .as_secs();
    i64::try_from(seconds)
        .ok()
        .filter(|&s| s <= sys::REDRESS_TIME_MAX)
        .ok_or_else(|| range(format!("{t:?} is after 9999-12-31T23:59:59Z")))
}

/// The `SystemTime` of a library time; `ErrorCode::Range` outside the library's range
/// (`REDRESS_TIME_NEVER` included: "never" is no point in time).
pub fn to_system_time(t: i64) -> Result<SystemTime> {
    if !(sys::REDRESS_TIME_MIN..=sys::REDRESS_TIME_MAX).contains(&t) {
        return Err(range(format!(
            "{t} is outside the library's times [{}, {}]",
            sys::REDRESS_TIME_MIN,
            sys::REDRESS_TIME_MAX
        )));
    }
    Ok(UNIX_EPOCH + Duration::from_secs(t as u64))
}

fn range(message: String) -> Error {
    Error {
        code: ErrorCode::Range,
        message,
    }
}
