//! The change feed as Rust values, and the built-in memory store shared between desks
//! (which is how desks of several tenants meet on one store).
use std::os::raw::c_void;
use std::ptr;
use std::sync::Arc;

use crate::enums::{AlarmLevel, ChangeKind, DeadlineKind, EventKind};
use crate::error::{Error, Result};
use crate::sys;
use crate::text::from_c;

/// One change of a desk's feed, copied out of the call. `cursor` is the reader's place:
/// pass the last one handled as `after` to read on. What a kind does not carry is None
/// (so are values newer than this crate); `due` is None for "never".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub cursor: u64,
    pub complaint_id: String,
    pub revision: u64,
    pub kind: Option<ChangeKind>,
    pub at: i64,
    /// CREATED, EVENT: the verb, and its event's `seq`.
    pub event: Option<EventKind>,
    pub seq: Option<u32>,
    /// ALARM: the deadline, the level, the event that started the deadline, its due time.
    pub deadline: Option<DeadlineKind>,
    pub level: Option<AlarmLevel>,
    pub anchor: Option<u32>,
    pub due: Option<i64>,
}

impl Change {
    pub(crate) fn from_c(ch: &sys::redress_change) -> Change {
        let kind = ChangeKind::from_raw(ch.kind);
        let is_event = matches!(kind, Some(ChangeKind::Created | ChangeKind::Event));
        let is_alarm = kind == Some(ChangeKind::Alarm);
        Change {
            cursor: ch.cursor,
            complaint_id: from_c(ch.complaint_id).unwrap_or_default(),
            revision: ch.revision,
            kind,
            at: ch.at,
            event: is_event
                .then(|| EventKind::from_raw(ch.event_kind))
                .flatten(),
            seq: is_event.then_some(ch.event_seq),
            deadline: is_alarm
                .then(|| DeadlineKind::from_raw(ch.deadline_kind))
                .flatten(),
            level: is_alarm.then(|| AlarmLevel::from_raw(ch.level)).flatten(),
            anchor: is_alarm.then_some(ch.anchor),
            due: (is_alarm && ch.due != sys::REDRESS_TIME_NEVER).then_some(ch.due),
        }
    }
}

/// The vtable of a memory store, destroyed when the last holder lets go.
pub(crate) struct SharedStore {
    vtable: sys::redress_store,
}

// SAFETY: the built-in memory store "is safe to share between desks in different
// threads (an internal mutex guards it)" (redress_memory_store_new); the vtable itself
// is never written after creation, and destroy runs once, from the last holder's drop.
unsafe impl Send for SharedStore {}
unsafe impl Sync for SharedStore {}

impl Drop for SharedStore {
    fn drop(&mut self) {
        if let Some(destroy) = self.vtable.destroy {
            // SAFETY: every desk over it is closed: each held an Arc to this.
            unsafe { destroy(self.vtable.ud) }
        }
    }
}

/// The library's built-in memory store, to share between desks:
/// `Desk::builder().store(&shared).tenant("acme").open()` and one for "globex" keep
/// their complaints and feeds apart on it. Cloning gives another handle to the same
/// store; the store is freed once the last handle and the last desk over it are gone.
#[derive(Clone)]
pub struct MemoryStore {
    shared: Arc<SharedStore>,
}

impl MemoryStore {
    pub fn new() -> Result<MemoryStore> {
        // SAFETY: the init function only fills a struct; the store writes `vtable`.
        let mut vtable = unsafe { sys::redress_store_init() };
        let rc = unsafe { sys::redress_memory_store_new(&mut vtable, ptr::null()) };
        if rc != sys::REDRESS_OK {
            return Err(Error::from_code(rc));
        }
        Ok(MemoryStore {
            shared: Arc::new(SharedStore { vtable }),
        })
    }

    /// A copy of the vtable for a desk (without destroy: the store stays ours), and the
    /// handle the desk keeps so that the store outlives it.
    pub(crate) fn for_desk(&self) -> (sys::redress_store, Arc<SharedStore>) {
        let mut copy = self.shared.vtable;
        copy.destroy = None;
        (copy, Arc::clone(&self.shared))
    }
}

/// Collects the changes of one redress_desk_feed call.
pub(crate) unsafe extern "C" fn collect(
    ch: *const sys::redress_change,
    payload: *mut c_void,
) -> i32 {
    // SAFETY: payload is the Vec of the running call; the change is borrowed for it.
    let out = unsafe { &mut *(payload as *mut Vec<Change>) };
    out.push(Change::from_c(unsafe { &*ch }));
    0
}
