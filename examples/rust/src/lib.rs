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
//! `sys` holds the raw declarations of the headers (include/redress.h and the headers
//! under include/redress/); everything else is safe. The crate links libredress by
//! its SONAME, libredress.so.1 (the 1.x releases).
//! Objects made from a desk borrow it, so they are freed before it, as the C API requires.
//!
//! One desk, and everything made from it, is used by one thread at a time (the C rule,
//! include/redress/common.h, "Thread rules"): a desk may be handed to another thread
//! (with the happens-before that moving a value gives), so `Desk` is `Send`; it is not
//! `Sync`, so two threads never use it at once. Complaints and accumulators borrow
//! their desk and write its message, so they stay on the desk's thread: not `Send`.
//!
//! ```
//! fn send<T: Send>(_: T) {}
//! send(redress::Desk::open().unwrap());
//! ```
//!
//! ```compile_fail
//! fn share<T: Sync>(_: &T) {}
//! share(&redress::Desk::open().unwrap());
//! ```
//!
//! ```compile_fail
//! fn send<T: Send>(_: T) {}
//! let desk = redress::Desk::open().unwrap();
//! send(desk.create(&redress::NewComplaint::new("cust-1", desk.now())).unwrap());
//! ```

pub mod complaint;
mod convert;
pub mod deadlines;
pub mod desk;
pub mod enums;
pub mod error;
pub mod feed;
pub mod metrics;
pub mod store;
pub use redress_sys as sys;
mod text;
pub mod time;
pub mod verdict;

pub use complaint::{Complaint, Event, Events, NewComplaint};
pub use deadlines::{Alarm, Deadline, Deadlines, Policy, Span};
pub use desk::{Desk, DeskBuilder};
pub use enums::{
    playbook, risk, AlarmLevel, ChangeKind, Channel, DeadlineKind, DeadlineState, Decision,
    EnumKind, EventKind, Field, Formality, GroupBy, Legitimacy, Metric, PauseReason, Severity,
    SpanUnit, State, Temperament,
};
pub use error::{strerror, Error, ErrorCode, Result};
pub use feed::{Change, MemoryStore};
pub use metrics::Metrics;
pub use store::{MapStore, RawStore, Record, Store, StoreError};
pub use time::{from_system_time, to_system_time};
pub use verdict::{Reason, Reasons, Verdict};

/// The version of the library actually linked, "major.minor.patch".
pub fn version() -> String {
    // SAFETY: a static string.
    text::from_c(unsafe { sys::redress_version() }).unwrap_or_default()
}

/// The stable snake_case name of a value of an enumeration, as the canonical JSON and
/// reports use it ("awaiting_customer"); None outside the enumeration. For
/// `EnumKind::Risk` and `EnumKind::Playbook` the value is one flag bit.
pub fn enum_name(kind: EnumKind, value: i32) -> Option<String> {
    // SAFETY: the name function accepts any value and returns a static string or NULL.
    text::from_c(unsafe { sys::redress_enum_name(kind.raw(), value) })
}

/// The library's names of the risk bits set in `mask` ("media", "legal", ...).
pub fn risk_names(mask: u32) -> Vec<String> {
    flag_names(EnumKind::Risk, mask)
}

/// The library's names of the playbook bits set in `mask` ("empathize", ...).
pub fn playbook_names(mask: u32) -> Vec<String> {
    flag_names(EnumKind::Playbook, mask)
}

fn flag_names(kind: EnumKind, mask: u32) -> Vec<String> {
    // Bits 0..30, each a positive c_int; the library's flags stop well below bit 31,
    // which has no name.
    (0..31)
        .filter(|bit| mask & (1u32 << bit) != 0)
        .filter_map(|bit| enum_name(kind, 1i32 << bit))
        .collect()
}
