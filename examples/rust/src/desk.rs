//! The desk: owns the store, the clock, policies, calendars and cues.
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::os::raw::{c_int, c_void};
use std::panic::{self, AssertUnwindSafe};
use std::ptr;
use std::sync::Arc;
use std::time::SystemTime;

use crate::complaint::{Complaint, NewComplaint};
use crate::deadlines::{Alarm, Policy};
use crate::enums::{AlarmLevel, DeadlineKind, GroupBy};
use crate::error::{check, Error, Result};
use crate::feed::{self, Change, MemoryStore, SharedStore};
use crate::metrics::Metrics;
use crate::store::{self, PanicSlot, RawStore, Store};
use crate::sys;
use crate::text::{c_string, from_c, opt_c_string, ptr_of};
use crate::verdict::Verdict;

type ClockFn = Box<dyn FnMut() -> i64 + Send>;

/// The host clock and the panic it may have raised during a library call. Shared
/// references only (the library may call it while the desk is borrowed): a clock that
/// reads the desk's time re-enters here and finds the RefCell taken, a caught panic.
struct Clock {
    read: RefCell<ClockFn>,
    panic: Cell<Option<Box<dyn Any + Send>>>,
}

/// An open desk over the built-in memory store: one of its own, or a `MemoryStore`
/// shared with other desks (`Desk::builder`). Complaints and accumulators borrow the
/// desk, so the compiler makes sure they are dropped (freed) before it is closed.
///
/// A desk and its objects are used by one thread at a time (the C rule): a desk may move
/// to another thread (`Send`), but is never shared (not `Sync`); its clock and store are
/// `Send` for that reason.
pub struct Desk {
    raw: *mut sys::redress_desk,
    // The C side keeps a pointer to the box: it must stay put until close.
    clock: Option<Box<Clock>>,
    // A shared store outlives the desk: dropped after the desk is closed.
    _store: Option<Arc<SharedStore>>,
    // Where a host store's panic waits to be resumed in the caller.
    store_panic: Option<PanicSlot>,
}

// SAFETY: include/redress/common.h, "Thread rules": the library has no global or
// thread-local state, and a desk with every object made from it may be handed to another
// thread with a happens-before (a move to another thread has one: the spawn or the
// channel). Every object made from the desk borrows it (`Complaint<'d>`, `Metrics<'d>`),
// so none can be left behind on the old thread while the desk moves; `Desk` is not
// `Sync`, so two threads never call it at once. What the desk owns moves with it: the
// clock and a host store are `Send` (bounds on `clock` and `host_store`), a shared
// memory store is guarded by its own mutex (redress_memory_store_new).
unsafe impl Send for Desk {}

/// The settings of a desk before it opens (redress_desk_options): its clock, the
/// shared memory store it works on, and its tenant.
#[derive(Default)]
pub struct DeskBuilder<'a> {
    clock: Option<ClockFn>,
    store: Option<&'a MemoryStore>,
    host_store: Option<RawStore>,
    tenant: Option<&'a str>,
}

impl<'a> DeskBuilder<'a> {
    /// The desk's clock (seconds since the epoch); the system clock otherwise.
    pub fn clock(mut self, clock: impl FnMut() -> i64 + Send + 'static) -> Self {
        self.clock = Some(Box::new(clock));
        self
    }

    /// Work on this shared memory store instead of one of the desk's own.
    pub fn store(mut self, store: &'a MemoryStore) -> Self {
        self.store = Some(store);
        self
    }

    /// Keep the complaints in a store written in Rust (`Store`), which the desk owns and
    /// drops when it closes. Not with `store` (one store per desk), nor with a tenant (a
    /// Rust store has none: `open` answers `ErrorCode::Invalid`).
    pub fn host_store(mut self, store: impl Store + 'static) -> Self {
        self.host_store = Some(RawStore::new(store));
        self
    }

    /// See only this tenant's complaints and changes ("" is the default tenant). A key
    /// like an id: up to 128 bytes of UTF-8 without control characters, else
    /// `ErrorCode::Invalid` or `ErrorCode::Range` from `open`.
    pub fn tenant(mut self, tenant: &'a str) -> Self {
        self.tenant = Some(tenant);
        self
    }

    pub fn open(self) -> Result<Desk> {
        let clock = self.clock.map(|read| {
            Box::new(Clock {
                read: RefCell::new(read),
                panic: Cell::new(None),
            })
        });
        Desk::open_with(clock, self.store, self.host_store, self.tenant)
    }
}

unsafe extern "C" fn call_clock(ud: *mut c_void) -> i64 {
    // SAFETY: `ud` is the Clock the desk owns for as long as it is open.
    let clock = unsafe { &*(ud as *const Clock) };
    // A panic must not unwind into C (the process would abort): keep it, answer the
    // earliest time, and resume it once the library has returned.
    match panic::catch_unwind(AssertUnwindSafe(|| (clock.read.borrow_mut())())) {
        Ok(now) => now,
        Err(payload) => {
            let first = clock.panic.take().unwrap_or(payload);
            clock.panic.set(Some(first));
            sys::REDRESS_TIME_MIN
        }
    }
}

impl Desk {
    /// A desk with the system clock.
    pub fn open() -> Result<Desk> {
        Self::open_with(None, None, None, None)
    }

    /// A desk whose clock is `clock` (seconds since the epoch). A panic in it is
    /// resumed in the caller once the library call that read the clock has returned.
    pub fn with_clock(clock: impl FnMut() -> i64 + Send + 'static) -> Result<Desk> {
        Self::builder().clock(clock).open()
    }

    /// Settings for a desk: clock, shared store, tenant.
    pub fn builder<'a>() -> DeskBuilder<'a> {
        DeskBuilder::default()
    }

    fn open_with(
        clock: Option<Box<Clock>>,
        store: Option<&MemoryStore>,
        host_store: Option<RawStore>,
        tenant: Option<&str>,
    ) -> Result<Desk> {
        if store.is_some() && host_store.is_some() {
            return Err(Error::invalid(
                "a desk has one store: a MemoryStore or a host store",
            ));
        }
        // SAFETY: the init function only fills a struct.
        let mut options = unsafe { sys::redress_desk_options_init() };
        if let Some(boxed) = clock.as_ref() {
            options.clock = Some(call_clock);
            options.clock_ud = &**boxed as *const Clock as *mut c_void;
        }
        let shared = store.map(MemoryStore::for_desk);
        if let Some((vtable, _)) = shared.as_ref() {
            options.store = vtable;
        }
        let tenant = opt_c_string(tenant, "tenant")?;
        options.tenant = ptr_of(&tenant);
        // The desk takes the host store over (it destroys it on close), but not when it
        // refuses to open: then the RawStore made again below destroys it.
        let host = host_store.map(RawStore::into_desk);
        if let Some((vtable, _)) = host.as_ref() {
            options.store = vtable;
        }
        let mut raw = ptr::null_mut();
        // SAFETY: options and what it points to are valid for the call; the library
        // copies them.
        let rc = unsafe { sys::redress_desk_open(&mut raw, &options) };
        if rc != sys::REDRESS_OK {
            drop(host.map(|(vtable, panic)| RawStore::from_desk(vtable, panic)));
            return Err(Error::from_code(rc));
        }
        Ok(Desk {
            raw,
            clock,
            _store: shared.map(|(_, keep)| keep),
            store_panic: host.map(|(_, panic)| panic),
        })
    }

    /// Resume a panic the clock raised during the call that just returned.
    fn resume_clock_panic(&self) {
        if let Some(payload) = self.clock.as_ref().and_then(|c| c.panic.take()) {
            panic::resume_unwind(payload);
        }
        if let Some(slot) = self.store_panic.as_ref() {
            store::resume(slot);
        }
    }

    pub(crate) fn raw(&self) -> *mut sys::redress_desk {
        self.raw
    }

    pub(crate) fn check(&self, rc: c_int) -> Result<()> {
        self.resume_clock_panic();
        check(rc, self.raw)
    }

    /// The time the desk's clock reads (a panic of the clock goes on from here).
    pub fn now(&self) -> i64 {
        // SAFETY: the desk is open.
        let now = unsafe { sys::redress_desk_now(self.raw) };
        self.resume_clock_panic();
        now
    }

    /// The time the desk's clock reads, as a `SystemTime` (`ErrorCode::Range` if the
    /// clock reads outside the library's times).
    pub fn now_system(&self) -> Result<SystemTime> {
        crate::time::to_system_time(self.now())
    }

    /// The sentence about the last failure ("" after a success).
    pub fn errmsg(&self) -> String {
        // SAFETY: the desk is open; the message is copied at once.
        from_c(unsafe { sys::redress_desk_errmsg(self.raw) }).unwrap_or_default()
    }

    /// A new complaint in state RECEIVED (stored only by `save`).
    pub fn create(&self, init: &NewComplaint<'_>) -> Result<Complaint<'_>> {
        init.create(self)
    }

    /// Store a complaint with compare-and-swap on its revision.
    pub fn save(&self, complaint: &mut Complaint<'_>) -> Result<()> {
        // SAFETY: both are live; the complaint is exclusively borrowed while it changes.
        self.check(unsafe { sys::redress_desk_save(self.raw, complaint.raw_mut()) })
    }

    /// Load a stored complaint.
    pub fn load(&self, id: &str) -> Result<Complaint<'_>> {
        let id = c_string(id, "id")?;
        let mut out = ptr::null_mut();
        // SAFETY: the desk is open and `id` a valid C string.
        self.check(unsafe { sys::redress_desk_load(&mut out, self.raw, id.as_ptr()) })?;
        Ok(Complaint::owned(self, out))
    }

    /// Remove a stored complaint if it is at `revision`.
    pub fn remove(&self, id: &str, revision: u64) -> Result<()> {
        let id = c_string(id, "id")?;
        // SAFETY: as in load.
        self.check(unsafe { sys::redress_desk_remove(self.raw, id.as_ptr(), revision) })
    }

    /// Decode canonical JSON (bytes, so that malformed input can be handed over as is).
    pub fn from_json(&self, document: impl AsRef<[u8]>) -> Result<Complaint<'_>> {
        let doc = document.as_ref();
        let mut out = ptr::null_mut();
        // SAFETY: the pointer and length describe `doc`, which outlives the call.
        self.check(unsafe {
            sys::redress_complaint_from_json(&mut out, self.raw, doc.as_ptr().cast(), doc.len())
        })?;
        Ok(Complaint::owned(self, out))
    }

    /// The ids of every stored complaint (store order).
    pub fn stored_ids(&self) -> Result<Vec<String>> {
        unsafe extern "C" fn collect(
            c: *const sys::redress_complaint,
            payload: *mut c_void,
        ) -> c_int {
            // SAFETY: payload is the Vec below, alive for the whole call; c is borrowed.
            let ids = unsafe { &mut *(payload as *mut Vec<String>) };
            ids.push(from_c(unsafe { sys::redress_complaint_id(c) }).unwrap_or_default());
            0
        }
        let mut ids: Vec<String> = Vec::new();
        // SAFETY: the callback only touches `ids` and the borrowed complaint.
        self.check(unsafe {
            sys::redress_desk_each(
                self.raw,
                Some(collect),
                &mut ids as *mut Vec<String> as *mut c_void,
            )
        })?;
        Ok(ids)
    }

    /// The changes of the desk's tenant after cursor `after`, oldest first, at most
    /// `limit` (>= 1): every event a save appended, every alarm a tick recorded, each save
    /// without events and each removal, exactly once. Keep the cursor of the last change
    /// handled and pass it next time; fewer than `limit` means caught up.
    pub fn feed(&self, after: u64, limit: usize) -> Result<Vec<Change>> {
        let mut changes: Vec<Change> = Vec::new();
        // SAFETY: the callback only pushes copies into `changes`, alive for the call.
        self.check(unsafe {
            sys::redress_desk_feed(
                self.raw,
                after,
                limit,
                Some(feed::collect),
                &mut changes as *mut Vec<Change> as *mut c_void,
            )
        })?;
        Ok(changes)
    }

    /// Give the desk a named business calendar (grammar in docs/deadlines.md).
    pub fn add_calendar(&self, name: &str, spec: impl AsRef<[u8]>) -> Result<()> {
        let name = c_string(name, "name")?;
        let spec = spec.as_ref();
        // SAFETY: valid C string; pointer and length describe `spec`.
        self.check(unsafe {
            sys::redress_desk_add_calendar(
                self.raw,
                name.as_ptr(),
                spec.as_ptr().cast(),
                spec.len(),
            )
        })
    }

    /// Append a service-level policy.
    pub fn add_policy(&self, policy: &Policy<'_>) -> Result<()> {
        policy.add_to(self)
    }

    /// Add the policies of a policy spec, all or none (docs/deadlines.md, "Policy
    /// specs"); a parse error names the line and column.
    pub fn load_policies(&self, spec: impl AsRef<[u8]>) -> Result<()> {
        let spec = spec.as_ref();
        // SAFETY: pointer and length describe `spec`.
        self.check(unsafe {
            sys::redress_desk_load_policies(self.raw, spec.as_ptr().cast(), spec.len())
        })
    }

    /// The canonical spec of a policy: one of this desk's by name and version (0: the
    /// newest), or every policy the desk was given when `name` is None.
    pub fn policy_spec(&self, name: Option<&str>, policy_version: u32) -> Result<String> {
        let Some(name) = name else {
            return self.policy_spec_raw(ptr::null());
        };
        let name = c_string(name, "name")?;
        // SAFETY: the init function only fills a struct; the desk fills it with strings
        // it keeps until it is closed, which `&self` outlives.
        let mut p = unsafe { sys::redress_policy_init() };
        self.check(unsafe {
            sys::redress_desk_policy(&mut p, self.raw, name.as_ptr(), policy_version)
        })?;
        self.policy_spec_of(&p)
    }

    /// The canonical spec of a policy given as a struct (not added).
    pub fn spec_of(&self, policy: &Policy<'_>) -> Result<String> {
        policy.spec(self)
    }

    pub(crate) fn policy_spec_of(&self, p: &sys::redress_policy) -> Result<String> {
        self.policy_spec_raw(p)
    }

    fn policy_spec_raw(&self, p: *const sys::redress_policy) -> Result<String> {
        let mut out: *mut std::os::raw::c_char = ptr::null_mut();
        let mut len = 0usize;
        // SAFETY: `p` is NULL or a valid struct for the call; the text is copied, then
        // freed with redress_free.
        self.check(unsafe { sys::redress_policy_spec(&mut out, &mut len, self.raw, p) })?;
        let bytes = unsafe { std::slice::from_raw_parts(out as *const u8, len) }.to_vec();
        unsafe { sys::redress_free(out.cast()) };
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// Record and report every warning and breach due by `now` among stored complaints.
    /// `on_alarm` sees each alarm with its complaint, borrowed for the call; a panic in it
    /// stops the tick and resumes once the library has returned.
    pub fn tick<F>(&self, now: i64, on_alarm: F) -> Result<Vec<Alarm>>
    where
        F: FnMut(&Alarm, &Complaint<'_>),
    {
        let mut state = TickState {
            desk: self,
            on_alarm,
            alarms: Vec::new(),
            panic: None,
        };
        // SAFETY: the trampoline receives `state`, alive for the whole call.
        let rc = unsafe {
            sys::redress_desk_tick(
                self.raw,
                now,
                Some(report::<F>),
                &mut state as *mut TickState<'_, F> as *mut c_void,
            )
        };
        if let Some(payload) = state.panic.take() {
            panic::resume_unwind(payload);
        }
        self.check(rc)?;
        Ok(state.alarms)
    }

    /// Classify a complaint of this desk.
    pub fn classify(&self, complaint: &Complaint<'_>) -> Result<Verdict> {
        let mut out = ptr::null_mut();
        // SAFETY: both are live.
        self.check(unsafe { sys::redress_classify(&mut out, self.raw, complaint.raw()) })?;
        Ok(Verdict::from_raw(out))
    }

    /// Classify text alone (bytes: the library validates the UTF-8).
    pub fn classify_text(&self, text: impl AsRef<[u8]>) -> Result<Verdict> {
        let text = text.as_ref();
        let mut out = ptr::null_mut();
        // SAFETY: pointer and length describe `text`.
        self.check(unsafe {
            sys::redress_classify_text(&mut out, self.raw, text.as_ptr().cast(), text.len())
        })?;
        Ok(Verdict::from_raw(out))
    }

    /// An empty metrics accumulator with the default retention model.
    pub fn metrics(&self, group_by: GroupBy, as_of: i64) -> Result<Metrics<'_>> {
        Metrics::new(self, group_by, as_of)
    }
}

impl Drop for Desk {
    fn drop(&mut self) {
        // SAFETY: every borrowing object is gone (the borrow checker saw to it).
        unsafe { sys::redress_desk_close(self.raw) }
    }
}

struct TickState<'d, F> {
    desk: &'d Desk,
    on_alarm: F,
    alarms: Vec<Alarm>,
    panic: Option<Box<dyn Any + Send>>,
}

unsafe extern "C" fn report<F>(
    complaint: *const sys::redress_complaint,
    kind: c_int,
    level: c_int,
    due: i64,
    payload: *mut c_void,
) -> c_int
where
    F: FnMut(&Alarm, &Complaint<'_>),
{
    // SAFETY: payload is the TickState of the running tick.
    let state = unsafe { &mut *(payload as *mut TickState<'_, F>) };
    let borrowed = Complaint::borrowed(state.desk, complaint);
    let alarm = Alarm {
        complaint_id: borrowed.id(),
        kind: DeadlineKind::from_library(kind),
        level: AlarmLevel::from_library(level),
        due,
    };
    // A panic must not unwind into C: catch it, stop the tick, resume it afterwards.
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| (state.on_alarm)(&alarm, &borrowed)));
    state.alarms.push(alarm);
    match outcome {
        Ok(()) => 0,
        Err(payload) => {
            state.panic = Some(payload);
            1
        }
    }
}
