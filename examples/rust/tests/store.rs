//! Stores written in Rust. The first half checks the adapter's vtable directly, clause
//! by clause, against the behaviours the C conformance kit (tests/stores/
//! store_conformance.c) checks every adapter for, as far as they translate: a Rust store
//! has no transactions, change feed or tenants. The second half puts a Rust store under
//! a desk, and moves desks between threads.
use std::ffi::{CStr, CString};
use std::os::raw::{c_int, c_void};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use redress::sys;
use redress::{
    from_system_time, to_system_time, Decision, Desk, ErrorCode, MapStore, NewComplaint, Policy,
    RawStore, Record, Span, Store, StoreError,
};

const T0: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

fn record(id: &str, customer: &str, next_alarm: i64, revision: u64) -> Record {
    Record {
        id: id.to_owned(),
        customer_id: customer.to_owned(),
        state: 1,
        severity: 2,
        channel: 3,
        received_at: T0,
        updated_at: T0 + 10,
        next_alarm,
        revision,
        doc: format!("{{\"id\":\"{id}\",\"rev\":{revision}}}").into_bytes(),
        owner: None,
        team: None,
    }
}

/// Calls the vtable's slots as the desk does, and copies what comes back.
struct Slots<'a> {
    v: &'a sys::redress_store,
}

/// What a record callback saw, and when it asks to stop.
struct Seen {
    records: Vec<Record>,
    stop_after: usize,
}

unsafe extern "C" fn collect(r: *const sys::redress_record, payload: *mut c_void) -> c_int {
    let seen = unsafe { &mut *(payload as *mut Seen) };
    let r = unsafe { &*r };
    let text = |p: *const std::os::raw::c_char| {
        (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_owned())
    };
    seen.records.push(Record {
        id: text(r.id).unwrap(),
        customer_id: text(r.customer_id).unwrap(),
        state: r.state,
        severity: r.severity,
        channel: r.channel,
        received_at: r.received_at,
        updated_at: r.updated_at,
        next_alarm: r.next_alarm,
        revision: r.revision,
        doc: unsafe { std::slice::from_raw_parts(r.doc as *const u8, r.doc_len) }.to_vec(),
        owner: text(r.owner),
        team: text(r.team),
    });
    c_int::from(seen.records.len() >= seen.stop_after)
}

impl Slots<'_> {
    fn save(&self, rec: &Record, expected: u64) -> c_int {
        let id = CString::new(rec.id.clone()).unwrap();
        let customer = CString::new(rec.customer_id.clone()).unwrap();
        let owner = rec.owner.clone().map(|o| CString::new(o).unwrap());
        let team = rec.team.clone().map(|t| CString::new(t).unwrap());
        let mut doc = rec.doc.clone();
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
            doc: doc.as_ptr().cast(),
            doc_len: doc.len(),
            owner: owner.as_ref().map_or(ptr::null(), |o| o.as_ptr()),
            team: team.as_ref().map_or(ptr::null(), |t| t.as_ptr()),
            tenant: ptr::null(),
            changes: ptr::null(),
            n_changes: 0,
        };
        let rc = unsafe { (self.v.save.unwrap())(self.v.ud, &raw, expected) };
        // The store must have copied: scribble over the caller's buffers.
        doc.iter_mut().for_each(|b| *b = b'#');
        rc
    }

    fn remove(&self, id: &str, expected: u64) -> c_int {
        let id = CString::new(id).unwrap();
        unsafe { (self.v.remove.unwrap())(self.v.ud, id.as_ptr(), expected) }
    }

    fn load(&self, id: &str) -> (c_int, Vec<Record>) {
        let id = CString::new(id).unwrap();
        self.call(usize::MAX, |cb, p| unsafe {
            (self.v.load.unwrap())(self.v.ud, id.as_ptr(), cb, p)
        })
    }

    fn scan(&self, stop_after: usize) -> (c_int, Vec<Record>) {
        self.call(stop_after, |cb, p| unsafe {
            (self.v.scan.unwrap())(self.v.ud, cb, p)
        })
    }

    fn due(&self, until: i64, stop_after: usize) -> (c_int, Vec<Record>) {
        self.call(stop_after, |cb, p| unsafe {
            (self.v.due.unwrap())(self.v.ud, until, cb, p)
        })
    }

    fn by_customer(&self, customer: &str, stop_after: usize) -> (c_int, Vec<Record>) {
        let customer = CString::new(customer).unwrap();
        self.call(stop_after, |cb, p| unsafe {
            (self.v.by_customer.unwrap())(self.v.ud, customer.as_ptr(), cb, p)
        })
    }

    fn call(
        &self,
        stop_after: usize,
        f: impl FnOnce(sys::redress_record_cb, *mut c_void) -> c_int,
    ) -> (c_int, Vec<Record>) {
        let mut seen = Seen {
            records: Vec::new(),
            stop_after,
        };
        let rc = f(Some(collect), &mut seen as *mut Seen as *mut c_void);
        (rc, seen.records)
    }

    fn errmsg(&self) -> String {
        let p = unsafe { (self.v.errmsg.unwrap())(self.v.ud) };
        unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
    }
}

fn ids(records: &[Record]) -> Vec<&str> {
    records.iter().map(|r| r.id.as_str()).collect()
}

#[test]
fn insert_load_conflict_and_compare_and_swap() {
    let raw = RawStore::new(MapStore::new());
    let s = Slots { v: raw.vtable() };
    let first = record("c-1", "cust-1", T0 + 100, 1);
    assert_eq!(s.save(&first, 0), sys::REDRESS_OK);
    assert_eq!(s.load("c-1"), (sys::REDRESS_OK, vec![first.clone()]));
    // inserting an existing id conflicts and changes nothing
    let mut other = record("c-1", "cust-9", T0, 1);
    other.doc = b"other".to_vec();
    assert_eq!(s.save(&other, 0), sys::REDRESS_ERR_CONFLICT);
    assert_eq!(s.load("c-1").1, vec![first.clone()]);
    // compare-and-swap: the expected revision wins once
    let second = record("c-1", "cust-1", T0 + 200, 2);
    assert_eq!(s.save(&second, 1), sys::REDRESS_OK);
    assert_eq!(
        s.save(&record("c-1", "cust-1", T0, 2), 1),
        sys::REDRESS_ERR_CONFLICT
    );
    assert_eq!(s.load("c-1").1, vec![second]);
    assert_eq!(s.load("nope").0, sys::REDRESS_ERR_NOTFOUND);
    assert!(s.load("nope").1.is_empty());
}

#[test]
fn remove_is_compare_and_swap_too() {
    let raw = RawStore::new(MapStore::new());
    let s = Slots { v: raw.vtable() };
    assert_eq!(s.save(&record("c-1", "cust-1", T0, 1), 0), sys::REDRESS_OK);
    assert_eq!(s.remove("c-1", 2), sys::REDRESS_ERR_CONFLICT);
    assert_eq!(s.load("c-1").0, sys::REDRESS_OK);
    assert_eq!(s.remove("c-1", 1), sys::REDRESS_OK);
    assert_eq!(s.load("c-1").0, sys::REDRESS_ERR_NOTFOUND);
    assert_eq!(s.remove("c-1", 1), sys::REDRESS_ERR_NOTFOUND);
    // the id is free again
    assert_eq!(s.save(&record("c-1", "cust-1", T0, 1), 0), sys::REDRESS_OK);
}

#[test]
fn scan_due_and_by_customer_see_each_record_once_and_stop_on_request() {
    let raw = RawStore::new(MapStore::new());
    let s = Slots { v: raw.vtable() };
    let set = [
        record("c-b", "cust-1", T0 + 50, 1),
        record("c-a", "cust-1", T0 + 50, 1), // a tie on next_alarm: ordered by id
        record("c-c", "cust-2", T0 + 10, 1),
        record("c-d", "cust-2", sys::REDRESS_TIME_NEVER, 1),
    ];
    for r in &set {
        assert_eq!(s.save(r, 0), sys::REDRESS_OK);
    }
    let (rc, mut all) = s.scan(usize::MAX);
    assert_eq!(rc, sys::REDRESS_OK);
    all.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(ids(&all), ["c-a", "c-b", "c-c", "c-d"]);
    let (rc, due) = s.due(T0 + 50, usize::MAX);
    assert_eq!(
        (rc, ids(&due)),
        (sys::REDRESS_OK, vec!["c-c", "c-a", "c-b"])
    );
    assert_eq!(ids(&s.due(T0 + 49, usize::MAX).1), ["c-c"]);
    assert!(s.due(T0, usize::MAX).1.is_empty());
    let (rc, mut mine) = s.by_customer("cust-2", usize::MAX);
    mine.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!((rc, ids(&mine)), (sys::REDRESS_OK, vec!["c-c", "c-d"]));
    assert!(s.by_customer("cust-3", usize::MAX).1.is_empty());
    // a callback that stops: REDRESS_ERR_USER, and no record after it
    assert_eq!((s.scan(1).0, s.scan(1).1.len()), (sys::REDRESS_ERR_USER, 1));
    assert_eq!(
        (s.due(T0 + 50, 2).0, s.due(T0 + 50, 2).1.len()),
        (sys::REDRESS_ERR_USER, 2)
    );
    assert_eq!(s.by_customer("cust-1", 1).0, sys::REDRESS_ERR_USER);
    let (rc, one) = s.call(1, |cb, p| {
        let id = CString::new("c-a").unwrap();
        unsafe { (raw.vtable().load.unwrap())(raw.vtable().ud, id.as_ptr(), cb, p) }
    });
    assert_eq!((rc, one.len()), (sys::REDRESS_ERR_USER, 1));
}

#[test]
fn due_and_by_customer_follow_changes() {
    let raw = RawStore::new(MapStore::new());
    let s = Slots { v: raw.vtable() };
    assert_eq!(
        s.save(&record("c-1", "cust-1", T0 + 10, 1), 0),
        sys::REDRESS_OK
    );
    assert_eq!(ids(&s.due(T0 + 10, usize::MAX).1), ["c-1"]);
    let mut moved = record("c-1", "cust-2", T0 + 99, 2);
    moved.owner = Some("ann".into());
    assert_eq!(s.save(&moved, 1), sys::REDRESS_OK);
    assert!(s.due(T0 + 10, usize::MAX).1.is_empty());
    assert!(s.by_customer("cust-1", usize::MAX).1.is_empty());
    assert_eq!(ids(&s.by_customer("cust-2", usize::MAX).1), ["c-1"]);
    assert_eq!(s.remove("c-1", 2), sys::REDRESS_OK);
    assert!(s.due(sys::REDRESS_TIME_NEVER, usize::MAX).1.is_empty());
}

#[test]
fn documents_owner_team_and_ids_come_back_exactly() {
    let raw = RawStore::new(MapStore::new());
    let s = Slots { v: raw.vtable() };
    let mut odd = record("id with spaces, \"quotes\", 한국어 and ü", "cust/ü", T0, 1);
    odd.doc = vec![0, 1, 2, 0xff, b'{', 0, b'}']; // bytes, NULs and non-UTF-8 included
    odd.owner = Some("ann".into());
    odd.team = Some("billing team".into());
    assert_eq!(s.save(&odd, 0), sys::REDRESS_OK);
    let mut large = record("c-large", "cust-1", T0, 1);
    large.doc = (0..1_000_000u32).map(|i| (i % 251) as u8).collect();
    assert_eq!(s.save(&large, 0), sys::REDRESS_OK);
    let mut empty = record("c-empty", "cust-1", T0, 1);
    empty.doc.clear();
    assert_eq!(s.save(&empty, 0), sys::REDRESS_OK);
    // the save above scribbled over its buffers after the call: the store copied them
    assert_eq!(s.load(&odd.id).1, vec![odd]);
    assert_eq!(s.load("c-large").1, vec![large]);
    assert_eq!(s.load("c-empty").1, vec![empty]);
}

#[test]
fn many_records() {
    let raw = RawStore::new(MapStore::new());
    let s = Slots { v: raw.vtable() };
    for i in 0..2000 {
        let r = record(
            &format!("c-{i:05}"),
            &format!("cust-{}", i % 7),
            T0 + i % 13,
            1,
        );
        assert_eq!(s.save(&r, 0), sys::REDRESS_OK);
    }
    assert_eq!(s.scan(usize::MAX).1.len(), 2000);
    let due = s.due(T0 + 3, usize::MAX).1;
    assert!(due
        .windows(2)
        .all(|w| (w[0].next_alarm, &w[0].id) < (w[1].next_alarm, &w[1].id)));
    assert_eq!(due.len(), (0..2000).filter(|i| i % 13 <= 3).count());
}

/// A store that fails, or panics, on request; it counts its drops.
struct Faulty {
    inner: MapStore,
    fail: Option<&'static str>,
    panic: bool,
    drops: Arc<AtomicUsize>,
}

impl Faulty {
    fn new(drops: &Arc<AtomicUsize>) -> Faulty {
        Faulty {
            inner: MapStore::new(),
            fail: None,
            panic: false,
            drops: Arc::clone(drops),
        }
    }

    fn check(&self) -> Result<(), StoreError> {
        if self.panic {
            panic!("the disk caught fire");
        }
        self.fail
            .map_or(Ok(()), |why| Err(StoreError::Failed(why.to_owned())))
    }
}

impl Drop for Faulty {
    fn drop(&mut self) {
        self.drops.fetch_add(1, Ordering::SeqCst);
    }
}

impl Store for Faulty {
    fn load(&mut self, id: &str) -> Result<Record, StoreError> {
        self.check()?;
        self.inner.load(id)
    }
    fn save(&mut self, record: &Record, expected: u64) -> Result<(), StoreError> {
        self.check()?;
        self.inner.save(record, expected)
    }
    fn remove(&mut self, id: &str, expected: u64) -> Result<(), StoreError> {
        self.check()?;
        self.inner.remove(id, expected)
    }
    fn scan(&mut self) -> Result<Vec<Record>, StoreError> {
        self.check()?;
        self.inner.scan()
    }
}

#[test]
fn a_failure_is_explained_through_errmsg_and_a_panic_does_not_cross() {
    let drops = Arc::new(AtomicUsize::new(0));
    let mut faulty = Faulty::new(&drops);
    faulty.fail = Some("disk full");
    let raw = RawStore::new(faulty);
    let s = Slots { v: raw.vtable() };
    assert_eq!(
        s.save(&record("c-1", "cust-1", T0, 1), 0),
        sys::REDRESS_ERR_STORE
    );
    assert_eq!(s.errmsg(), "disk full");
    drop(raw);
    assert_eq!(
        drops.load(Ordering::SeqCst),
        1,
        "dropping the RawStore drops the store"
    );

    let mut burning = Faulty::new(&drops);
    burning.panic = true;
    let raw = RawStore::new(burning);
    let s = Slots { v: raw.vtable() };
    assert_eq!(s.scan(usize::MAX).0, sys::REDRESS_ERR_STORE);
    assert_eq!(s.errmsg(), "the store panicked: the disk caught fire");
    let payload = catch_unwind(AssertUnwindSafe(|| raw.resume_panic())).unwrap_err();
    assert_eq!(
        payload.downcast_ref::<&str>(),
        Some(&"the disk caught fire")
    );
    raw.resume_panic(); // taken: nothing left to resume
}

fn new_complaint(desk: &Desk, customer: &str) -> redress::Result<()> {
    let mut c = desk.create(&NewComplaint {
        text: Some("The parcel arrived broken."),
        ..NewComplaint::new(customer, T0)
    })?;
    desk.save(&mut c)
}

#[test]
fn a_desk_keeps_its_complaints_in_a_rust_store() -> redress::Result<()> {
    let desk = Desk::builder()
        .clock(|| T0 + 60)
        .host_store(MapStore::new())
        .open()?;
    new_complaint(&desk, "cust-1")?;
    new_complaint(&desk, "cust-2")?;
    let ids = desk.stored_ids()?;
    assert_eq!(ids.len(), 2);
    let mut c = desk.load(&ids[0])?;
    let mut stale = desk.load(&ids[0])?;
    c.resolve_on_the_spot(
        T0 + 60,
        "ann",
        None,
        Decision::Upheld,
        Some("refund"),
        Some(0),
    )?;
    desk.save(&mut c)?;
    stale.acknowledge(T0 + 70, "bob", None)?;
    assert_eq!(desk.save(&mut stale).unwrap_err().code, ErrorCode::Conflict);
    assert_eq!(desk.load(&ids[0])?.state(), c.state());
    let revision = c.revision();
    drop((c, stale));
    assert_eq!(
        desk.remove(&ids[0], revision + 1).unwrap_err().code,
        ErrorCode::Conflict
    );
    desk.remove(&ids[0], revision)?;
    assert_eq!(desk.load(&ids[0]).unwrap_err().code, ErrorCode::NotFound);
    assert_eq!(desk.stored_ids()?, vec![ids[1].clone()]);
    Ok(())
}

#[test]
fn the_tick_finds_due_complaints_through_the_store() -> redress::Result<()> {
    let desk = Desk::builder()
        .clock(|| T0)
        .host_store(MapStore::new())
        .open()?;
    desk.add_policy(&Policy {
        acknowledge: Span::hours(1),
        ..Policy::new("fast")
    })?;
    new_complaint(&desk, "cust-1")?;
    let alarms = desk.tick(T0 + 2 * 3600, |_, _| {})?;
    assert!(
        !alarms.is_empty(),
        "the breach of the 1-hour acknowledgement is reported"
    );
    assert!(
        desk.tick(T0 + 2 * 3600, |_, _| {})?.is_empty(),
        "and recorded: once"
    );
    Ok(())
}

#[test]
fn a_failing_or_panicking_store_fails_the_desk_call_and_the_desk_goes_on() {
    let drops = Arc::new(AtomicUsize::new(0));
    let mut faulty = Faulty::new(&drops);
    faulty.fail = Some("connection reset");
    let desk = Desk::builder()
        .clock(|| T0)
        .host_store(faulty)
        .open()
        .unwrap();
    let err = desk.load("c-1").unwrap_err();
    assert_eq!(err.code, ErrorCode::Store);
    assert!(err.message.ends_with("connection reset"), "{}", err.message);
    drop(desk);
    assert_eq!(
        drops.load(Ordering::SeqCst),
        1,
        "closing the desk drops its store"
    );

    let mut burning = Faulty::new(&drops);
    burning.panic = true;
    let desk = Desk::builder()
        .clock(|| T0)
        .host_store(burning)
        .open()
        .unwrap();
    let payload = catch_unwind(AssertUnwindSafe(|| desk.stored_ids())).unwrap_err();
    assert_eq!(
        payload.downcast_ref::<&str>(),
        Some(&"the disk caught fire")
    );
    assert_eq!(desk.now(), T0, "the desk is still usable");
}

#[test]
fn a_refused_desk_drops_the_store_it_was_given() {
    let drops = Arc::new(AtomicUsize::new(0));
    // a Rust store has no tenants: the desk refuses, and destroys nothing of the host's
    let err = Desk::builder()
        .host_store(Faulty::new(&drops))
        .tenant("acme")
        .open()
        .err();
    assert_eq!(err.map(|e| e.code), Some(ErrorCode::Invalid));
    assert_eq!(drops.load(Ordering::SeqCst), 1);
    let shared = redress::MemoryStore::new().unwrap();
    let err = Desk::builder()
        .store(&shared)
        .host_store(Faulty::new(&drops))
        .open()
        .err();
    assert_eq!(err.map(|e| e.code), Some(ErrorCode::Invalid));
    assert_eq!(drops.load(Ordering::SeqCst), 2);
}

#[test]
fn desks_move_to_other_threads() -> redress::Result<()> {
    let shared = redress::MemoryStore::new()?;
    let mut workers = Vec::new();
    for n in 0..4 {
        let desk = Desk::builder().clock(|| T0).store(&shared).open()?;
        let rust = Desk::builder()
            .clock(|| T0)
            .host_store(MapStore::new())
            .open()?;
        workers.push(std::thread::spawn(move || -> redress::Result<usize> {
            for i in 0..25 {
                new_complaint(&desk, &format!("cust-{n}-{i}"))?;
                new_complaint(&rust, &format!("cust-{n}-{i}"))?;
            }
            Ok(rust.stored_ids()?.len())
        }));
    }
    for worker in workers {
        assert_eq!(worker.join().expect("no panic")?, 25);
    }
    let desk = Desk::builder().store(&shared).open()?;
    assert_eq!(desk.stored_ids()?.len(), 100);
    Ok(())
}

#[test]
fn system_time_conversions_refuse_what_the_library_cannot_hold() {
    let t = UNIX_EPOCH + Duration::from_secs(T0 as u64);
    assert_eq!(from_system_time(t), Ok(T0));
    assert_eq!(
        from_system_time(t + Duration::from_millis(999)),
        Ok(T0),
        "whole seconds"
    );
    assert_eq!(to_system_time(T0), Ok(t));
    assert_eq!(
        to_system_time(sys::REDRESS_TIME_MAX).and_then(from_system_time),
        Ok(sys::REDRESS_TIME_MAX)
    );
    assert_eq!(to_system_time(0), Ok(UNIX_EPOCH));
    let range = |r: redress::Result<_>| r.map(|_: SystemTime| ()).unwrap_err().code;
    assert_eq!(range(to_system_time(-1)), ErrorCode::Range);
    assert_eq!(
        range(to_system_time(sys::REDRESS_TIME_MAX + 1)),
        ErrorCode::Range
    );
    assert_eq!(
        range(to_system_time(sys::REDRESS_TIME_NEVER)),
        ErrorCode::Range
    );
    let before = from_system_time(UNIX_EPOCH - Duration::from_secs(1)).unwrap_err();
    assert_eq!(before.code, ErrorCode::Range);
    let after = UNIX_EPOCH + Duration::from_secs(sys::REDRESS_TIME_MAX as u64 + 1);
    assert_eq!(from_system_time(after).unwrap_err().code, ErrorCode::Range);
    let desk = Desk::with_clock(|| T0).unwrap();
    assert_eq!(desk.now_system(), Ok(t));
}
