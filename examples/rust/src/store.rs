//! Stores written in Rust: the `Store` trait a host implements to keep complaints in its
//! own storage, and the adapter that presents it to the library as a `redress_store`
//! vtable (include/redress/sys/store.h).
//!
//! The adapter owns the store behind the vtable's `ud`. Every slot:
//! - catches a panic of the store (it must not unwind into C), answers
//!   `REDRESS_ERR_STORE` with "the store panicked" as the store's reason, and keeps the
//!   payload; the desk resumes it in its caller once the library call has returned;
//! - maps `StoreError::NotFound` and `StoreError::Conflict` to the contract's answers and
//!   `StoreError::Failed(reason)` to `REDRESS_ERR_STORE`, the reason handed to the desk
//!   through the `errmsg` slot (it ends the desk's message);
//! - hands records to the library's callback one at a time, each valid for that call,
//!   and stops with `REDRESS_ERR_USER` when the callback asks to stop.
//!
//! The store is called with `&mut self`: one desk owns it and the C thread rule (one
//! thread at a time per desk) makes those calls exclusive. Records are returned as
//! owned values before any callback runs, so a callback that calls the desk again
//! (which calls the store) finds the store free.
use std::any::Any;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::ffi::{CStr, CString};
use std::os::raw::{c_char, c_int, c_void};
use std::panic::{self, AssertUnwindSafe};
use std::ptr;
use std::sync::{Arc, Mutex};

use crate::sys;

/// One stored complaint as the store keeps it: the indexed columns and the canonical
/// JSON document (`doc`, bytes, kept exactly). `state`, `severity` and `channel` are the
/// raw `redress_state`, `redress_severity` and `redress_channel` values; `next_alarm` is
/// `sys::REDRESS_TIME_NEVER` when nothing is due.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub id: String,
    pub customer_id: String,
    pub state: i32,
    pub severity: i32,
    pub channel: i32,
    pub received_at: i64,
    pub updated_at: i64,
    pub next_alarm: i64,
    /// 1 on the first save, +1 on each save.
    pub revision: u64,
    pub doc: Vec<u8>,
    /// Who handles it (the last assign), for the store's own indexes.
    pub owner: Option<String>,
    /// Its team (the last assign).
    pub team: Option<String>,
}

/// A store's answer other than success.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// No record has this id (`load`, `remove`).
    NotFound,
    /// Compare-and-swap refused: the stored revision is not the expected one.
    Conflict,
    /// Anything else (a broken connection, a full disk): the sentence ends the desk's
    /// message, and the desk call fails with `ErrorCode::Store`.
    Failed(String),
}

/// The storage a host plugs into a desk (`Desk::builder().host_store(...)`). The
/// contract is the C one (include/redress/sys/store.h): a failing call changes nothing,
/// `save` and `remove` are compare-and-swap on the revision, each atomic on its own (the
/// desk opens no transaction). A Rust store has no change feed and no tenants.
pub trait Store: Send {
    /// The record of `id`, or `StoreError::NotFound`.
    fn load(&mut self, id: &str) -> Result<Record, StoreError>;

    /// Store `record` if the stored revision of its id is `expected_revision` (0: the id
    /// must not exist yet), else `StoreError::Conflict` and nothing changes.
    /// `record.revision` is `expected_revision + 1`.
    fn save(&mut self, record: &Record, expected_revision: u64) -> Result<(), StoreError>;

    /// Delete `id` if its revision is `expected_revision`: `NotFound` if absent,
    /// `Conflict` on another revision.
    fn remove(&mut self, id: &str, expected_revision: u64) -> Result<(), StoreError>;

    /// Every record, in any order.
    fn scan(&mut self) -> Result<Vec<Record>, StoreError>;

    /// The records with `next_alarm <= until`, ascending by `next_alarm`, ties by id.
    /// The default filters `scan`; a store with an index answers from it.
    fn due(&mut self, until: i64) -> Result<Vec<Record>, StoreError> {
        let mut due: Vec<Record> = self
            .scan()?
            .into_iter()
            .filter(|r| r.next_alarm <= until)
            .collect();
        due.sort_by(|a, b| (a.next_alarm, &a.id).cmp(&(b.next_alarm, &b.id)));
        Ok(due)
    }

    /// The records of one customer, in any order. The default filters `scan`.
    fn by_customer(&mut self, customer_id: &str) -> Result<Vec<Record>, StoreError> {
        Ok(self
            .scan()?
            .into_iter()
            .filter(|r| r.customer_id == customer_id)
            .collect())
    }
}

/// A complete store over an ordered map, in memory: the simplest host store, and the
/// model for one over a database.
#[derive(Clone, Debug, Default)]
pub struct MapStore {
    records: BTreeMap<String, Record>,
}

impl MapStore {
    pub fn new() -> MapStore {
        MapStore::default()
    }
}

impl Store for MapStore {
    fn load(&mut self, id: &str) -> Result<Record, StoreError> {
        self.records.get(id).cloned().ok_or(StoreError::NotFound)
    }

    fn save(&mut self, record: &Record, expected_revision: u64) -> Result<(), StoreError> {
        let stored = self.records.get(&record.id).map_or(0, |r| r.revision);
        if stored != expected_revision {
            return Err(StoreError::Conflict);
        }
        self.records.insert(record.id.clone(), record.clone());
        Ok(())
    }

    fn remove(&mut self, id: &str, expected_revision: u64) -> Result<(), StoreError> {
        match self.records.get(id) {
            None => Err(StoreError::NotFound),
            Some(r) if r.revision != expected_revision => Err(StoreError::Conflict),
            Some(_) => {
                self.records.remove(id);
                Ok(())
            }
        }
    }

    fn scan(&mut self) -> Result<Vec<Record>, StoreError> {
        Ok(self.records.values().cloned().collect())
    }
}

/// Where a panic of the store waits for the desk's caller.
pub(crate) type PanicSlot = Arc<Mutex<Option<Box<dyn Any + Send>>>>;

/// Takes the kept panic of a store, if any, and resumes it.
pub(crate) fn resume(slot: &PanicSlot) {
    let payload = slot
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .take();
    if let Some(payload) = payload {
        panic::resume_unwind(payload);
    }
}

/// What the vtable's `ud` points to.
struct Adapter {
    store: RefCell<Box<dyn Store>>,
    /// The reason of the last failure, for the `errmsg` slot (valid until the next call).
    errmsg: RefCell<CString>,
    panic: PanicSlot,
}

/// A Rust store presented as a C `redress_store` vtable. Dropping it destroys the
/// store, unless a desk took it over (it destroys it on close). `vtable()` is there for
/// C code that takes a store, and for checking a store against the C contract directly.
pub struct RawStore {
    vtable: sys::redress_store,
    panic: PanicSlot,
}

// SAFETY: the vtable's `ud` is an Adapter that only this RawStore (or the desk it is
// given to) reaches; its store is `Send`, its RefCells are used only through `&mut`-free
// slot calls made by the one thread that holds the RawStore or the desk.
unsafe impl Send for RawStore {}

impl RawStore {
    pub fn new(store: impl Store + 'static) -> RawStore {
        let panic: PanicSlot = Arc::new(Mutex::new(None));
        let adapter = Box::new(Adapter {
            store: RefCell::new(Box::new(store)),
            errmsg: RefCell::new(CString::default()),
            panic: Arc::clone(&panic),
        });
        // SAFETY: the init function only fills a struct.
        let mut vtable = unsafe { sys::redress_store_init() };
        vtable.ud = Box::into_raw(adapter).cast();
        vtable.load = Some(slot_load);
        vtable.save = Some(slot_save);
        vtable.remove = Some(slot_remove);
        vtable.scan = Some(slot_scan);
        vtable.due = Some(slot_due);
        vtable.by_customer = Some(slot_by_customer);
        vtable.destroy = Some(slot_destroy);
        vtable.errmsg = Some(slot_errmsg);
        RawStore { vtable, panic }
    }

    /// The vtable; its slots are valid while this RawStore lives. Not for a desk: give
    /// the store to `DeskBuilder::host_store`, which hands ownership over.
    pub fn vtable(&self) -> &sys::redress_store {
        &self.vtable
    }

    /// Resume a panic the store raised in a slot called since (its slot answered
    /// `REDRESS_ERR_STORE`).
    pub fn resume_panic(&self) {
        resume(&self.panic);
    }

    /// The vtable for a desk, which destroys it on close, and the panic slot the desk
    /// resumes from; `self` no longer owns the store.
    pub(crate) fn into_desk(self) -> (sys::redress_store, PanicSlot) {
        // Not dropped (that would destroy the store), so its panic slot is moved out
        // by hand: cloning it would leave this one's count behind, a leak.
        let this = std::mem::ManuallyDrop::new(self);
        // SAFETY: `this` is never dropped or used again; the Arc is moved out once.
        let panic = unsafe { ptr::read(&this.panic) };
        (this.vtable, panic)
    }

    /// Undo `into_desk` when the desk refused the store (it destroys nothing then).
    pub(crate) fn from_desk(vtable: sys::redress_store, panic: PanicSlot) -> RawStore {
        RawStore { vtable, panic }
    }
}

impl Drop for RawStore {
    fn drop(&mut self) {
        // SAFETY: `ud` is the adapter made in `new`, owned by this RawStore.
        unsafe { slot_destroy(self.vtable.ud) }
    }
}

/// A slot's failure: a contract answer, or a store failure with its reason.
enum Fail {
    Code(c_int),
    Store(String),
}

impl From<StoreError> for Fail {
    fn from(err: StoreError) -> Fail {
        match err {
            StoreError::NotFound => Fail::Code(sys::REDRESS_ERR_NOTFOUND),
            StoreError::Conflict => Fail::Code(sys::REDRESS_ERR_CONFLICT),
            StoreError::Failed(reason) => Fail::Store(reason),
        }
    }
}

/// Runs one slot over the adapter: catches panics, maps failures to codes and keeps the
/// reason for `errmsg`.
unsafe fn run_slot(ud: *mut c_void, body: impl FnOnce(&Adapter) -> Result<(), Fail>) -> c_int {
    if ud.is_null() {
        return sys::REDRESS_ERR_INVALID;
    }
    // SAFETY: `ud` is the Adapter of a live RawStore or desk.
    let adapter = unsafe { &*(ud as *const Adapter) };
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| body(adapter)));
    let reason = match outcome {
        Ok(Ok(())) => return sys::REDRESS_OK,
        Ok(Err(Fail::Code(code))) => return code,
        Ok(Err(Fail::Store(reason))) => reason,
        Err(payload) => {
            let what = panic_text(&*payload);
            let mut kept = adapter.panic.lock().unwrap_or_else(|p| p.into_inner());
            kept.get_or_insert(payload);
            format!("the store panicked: {what}")
        }
    };
    // A NUL in the reason cannot cross as a C string: cut it there.
    let cut = reason.split('\0').next().unwrap_or_default().to_owned();
    *adapter.errmsg.borrow_mut() = CString::new(cut).unwrap_or_default();
    sys::REDRESS_ERR_STORE
}

fn panic_text(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "(a non-text payload)".to_owned()
    }
}

/// The store, exclusively: refused (not a second borrow) if a slot were ever re-entered.
fn with_store<T>(
    adapter: &Adapter,
    call: impl FnOnce(&mut dyn Store) -> Result<T, StoreError>,
) -> Result<T, Fail> {
    let mut store = adapter
        .store
        .try_borrow_mut()
        .map_err(|_| Fail::Store("the store was called again during one of its calls".into()))?;
    Ok(call(&mut **store)?)
}

/// A borrowed C string argument as &str.
unsafe fn arg<'a>(p: *const c_char, what: &str) -> Result<&'a str, Fail> {
    if p.is_null() {
        return Err(Fail::Code(sys::REDRESS_ERR_INVALID));
    }
    // SAFETY: a NUL-terminated string valid for the slot call.
    unsafe { CStr::from_ptr(p) }
        .to_str()
        .map_err(|_| Fail::Store(format!("{what} is not UTF-8")))
}

unsafe fn opt_arg(p: *const c_char, what: &str) -> Result<Option<String>, Fail> {
    if p.is_null() {
        Ok(None)
    } else {
        // SAFETY: as in `arg`.
        Ok(Some(unsafe { arg(p, what) }?.to_owned()))
    }
}

/// A record handed to `save`, copied: the store keeps nothing of the C one.
unsafe fn record_from_c(r: *const sys::redress_record) -> Result<Record, Fail> {
    if r.is_null() {
        return Err(Fail::Code(sys::REDRESS_ERR_INVALID));
    }
    // SAFETY: the desk's record, valid for the call; members past `doc_len` exist only
    // from version 2 on.
    let r = unsafe { &*r };
    if r.version < 1 || (r.doc.is_null() && r.doc_len > 0) {
        return Err(Fail::Code(sys::REDRESS_ERR_INVALID));
    }
    let doc = if r.doc_len == 0 {
        Vec::new()
    } else {
        // SAFETY: `doc` holds `doc_len` bytes.
        unsafe { std::slice::from_raw_parts(r.doc as *const u8, r.doc_len) }.to_vec()
    };
    let v2 = r.version >= 2;
    Ok(Record {
        id: unsafe { arg(r.id, "the record's id") }?.to_owned(),
        customer_id: unsafe { arg(r.customer_id, "the record's customer id") }?.to_owned(),
        state: r.state,
        severity: r.severity,
        channel: r.channel,
        received_at: r.received_at,
        updated_at: r.updated_at,
        next_alarm: r.next_alarm,
        revision: r.revision,
        doc,
        owner: if v2 {
            unsafe { opt_arg(r.owner, "the record's owner") }?
        } else {
            None
        },
        team: if v2 {
            unsafe { opt_arg(r.team, "the record's team") }?
        } else {
            None
        },
    })
}

fn c_text(text: &str, what: &str, id: &str) -> Result<CString, Fail> {
    CString::new(text)
        .map_err(|_| Fail::Store(format!("the {what} of record {id:?} holds a NUL byte")))
}

/// Hands each record to the library's callback; `REDRESS_ERR_USER` when it stops.
fn deliver(
    records: &[Record],
    cb: sys::redress_record_cb,
    payload: *mut c_void,
) -> Result<(), Fail> {
    let cb = cb.ok_or(Fail::Code(sys::REDRESS_ERR_INVALID))?;
    for rec in records {
        let id = c_text(&rec.id, "id", &rec.id)?;
        let customer = c_text(&rec.customer_id, "customer id", &rec.id)?;
        let owner = rec
            .owner
            .as_deref()
            .map(|o| c_text(o, "owner", &rec.id))
            .transpose()?;
        let team = rec
            .team
            .as_deref()
            .map(|t| c_text(t, "team", &rec.id))
            .transpose()?;
        let raw = sys::redress_record {
            version: sys::REDRESS_RECORD_VERSION,
            id: id.as_ptr(),
            customer_id: customer.as_ptr(),
            state: rec.state,
            severity: rec.severity,
            channel: rec.channel,
            received_at: rec.received_at,
            updated_at: rec.updated_at,
            next_alarm: rec.next_alarm,
            revision: rec.revision,
            doc: rec.doc.as_ptr().cast(),
            doc_len: rec.doc.len(),
            owner: owner.as_ref().map_or(ptr::null(), |o| o.as_ptr()),
            team: team.as_ref().map_or(ptr::null(), |t| t.as_ptr()),
            tenant: ptr::null(),
            changes: ptr::null(),
            n_changes: 0,
        };
        // SAFETY: the library's callback with its payload; the record and its strings
        // live until it returns.
        if unsafe { cb(&raw, payload) } != 0 {
            return Err(Fail::Code(sys::REDRESS_ERR_USER));
        }
    }
    Ok(())
}

unsafe extern "C" fn slot_load(
    ud: *mut c_void,
    id: *const c_char,
    cb: sys::redress_record_cb,
    payload: *mut c_void,
) -> c_int {
    unsafe {
        run_slot(ud, |a| {
            let id = arg(id, "the id")?;
            let record = with_store(a, |s| s.load(id))?;
            deliver(std::slice::from_ref(&record), cb, payload)
        })
    }
}

unsafe extern "C" fn slot_save(
    ud: *mut c_void,
    record: *const sys::redress_record,
    expected_revision: u64,
) -> c_int {
    unsafe {
        run_slot(ud, |a| {
            let record = record_from_c(record)?;
            with_store(a, |s| s.save(&record, expected_revision))
        })
    }
}

unsafe extern "C" fn slot_remove(
    ud: *mut c_void,
    id: *const c_char,
    expected_revision: u64,
) -> c_int {
    unsafe {
        run_slot(ud, |a| {
            let id = arg(id, "the id")?;
            with_store(a, |s| s.remove(id, expected_revision))
        })
    }
}

unsafe extern "C" fn slot_scan(
    ud: *mut c_void,
    cb: sys::redress_record_cb,
    payload: *mut c_void,
) -> c_int {
    unsafe { run_slot(ud, |a| deliver(&with_store(a, |s| s.scan())?, cb, payload)) }
}

unsafe extern "C" fn slot_due(
    ud: *mut c_void,
    until: i64,
    cb: sys::redress_record_cb,
    payload: *mut c_void,
) -> c_int {
    unsafe {
        run_slot(ud, |a| {
            deliver(&with_store(a, |s| s.due(until))?, cb, payload)
        })
    }
}

unsafe extern "C" fn slot_by_customer(
    ud: *mut c_void,
    customer_id: *const c_char,
    cb: sys::redress_record_cb,
    payload: *mut c_void,
) -> c_int {
    unsafe {
        run_slot(ud, |a| {
            let customer = arg(customer_id, "the customer id")?;
            deliver(&with_store(a, |s| s.by_customer(customer))?, cb, payload)
        })
    }
}

unsafe extern "C" fn slot_errmsg(ud: *mut c_void) -> *const c_char {
    if ud.is_null() {
        return ptr::null();
    }
    // SAFETY: the adapter of a live store; the string stays until the next slot call.
    let adapter = unsafe { &*(ud as *const Adapter) };
    adapter.errmsg.borrow().as_ptr()
}

unsafe extern "C" fn slot_destroy(ud: *mut c_void) {
    if ud.is_null() {
        return;
    }
    // SAFETY: called once, by the desk's close or the RawStore's drop, for the adapter
    // `new` leaked. A panic in the store's Drop must not unwind into C: it is dropped.
    let adapter = unsafe { Box::from_raw(ud as *mut Adapter) };
    let _ = panic::catch_unwind(AssertUnwindSafe(move || drop(adapter)));
}
