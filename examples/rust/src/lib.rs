//! redress: a safe Rust wrapper of libredress, an embeddable complaint-handling engine.
//!
//! ```no_run
//! use redress::{Decision, Desk, NewComplaint};
//! let desk = Desk::open()?;
//! let t = desk.now();
//! let mut c = desk.create(&NewComplaint { text: Some("Parcel broken."), ..NewComplaint::new("cust-42", t) })?;
//! c.resolve_on_the_spot(t + 60, "ann", None, Decision::Upheld, Some("replacement"), Some(0))?;
//! desk.save(&mut c)?;
//! # Ok::<(), redress::Error>(())
//! ```
//!
//! `sys` holds the raw declarations of include/redress.h; everything else is safe.
//! Objects made from a desk borrow it, so they are freed before it, as the C API requires.
//!
//! One desk, and everything made from it, is used by one thread at a time (the C rule).
//! The wrapper holds raw pointers, so it is neither `Send` nor `Sync`: the compiler
//! refuses to hand a desk to another thread or to share it.
//!
//! ```compile_fail
//! fn send<T: Send>(_: T) {}
//! send(redress::Desk::open().unwrap());
//! ```
//!
//! ```compile_fail
//! fn share<T: Sync>(_: &T) {}
//! share(&redress::Desk::open().unwrap());
//! ```

pub mod complaint;
mod convert;
pub mod deadlines;
pub mod desk;
pub mod enums;
pub mod error;
pub mod metrics;
pub mod sys;
mod text;
pub mod verdict;

pub use complaint::{Complaint, Event, Events, NewComplaint};
pub use deadlines::{Alarm, Deadline, Deadlines, Policy, Span};
pub use desk::Desk;
pub use enums::{
    playbook, risk, AlarmLevel, Channel, DeadlineKind, DeadlineState, Decision, EventKind, Field,
    GroupBy, Legitimacy, Metric, Severity, SpanUnit, State, Temperament,
};
pub use error::{strerror, Error, ErrorCode, Result};
pub use metrics::Metrics;
pub use verdict::{Reason, Reasons, Verdict};

/// The version of the library actually linked, "major.minor.patch".
pub fn version() -> String {
    // SAFETY: a static string.
    text::from_c(unsafe { sys::redress_version() }).unwrap_or_default()
}

/// The library's names of the risk bits set in `mask` ("media", "legal", ...).
pub fn risk_names(mask: u32) -> Vec<String> {
    // SAFETY: the name function accepts any value and returns a static string or NULL.
    flag_names(mask, |bit| unsafe { sys::redress_risk_name(bit) })
}

/// The library's names of the playbook bits set in `mask` ("empathize", ...).
pub fn playbook_names(mask: u32) -> Vec<String> {
    // SAFETY: as above.
    flag_names(mask, |bit| unsafe { sys::redress_playbook_name(bit) })
}

fn flag_names(mask: u32, name_of: impl Fn(u32) -> *const std::os::raw::c_char) -> Vec<String> {
    (0..32)
        .map(|bit| 1u32 << bit)
        .filter(|bit| mask & bit != 0)
        .filter_map(|bit| text::from_c(name_of(bit)))
        .collect()
}
