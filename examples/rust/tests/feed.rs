//! The change feed (`Desk::feed`) and tenants (`Desk::builder().tenant(...)`) over the
//! built-in memory store, shared between desks through `MemoryStore`.
use redress::{AlarmLevel, ChangeKind, Desk, ErrorCode, EventKind, MemoryStore, NewComplaint};

const T0: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z
const DAY: i64 = 86_400;

fn save_new(desk: &Desk, id: &str, customer: &str) -> redress::Result<()> {
    let mut c = desk.create(&NewComplaint {
        id: Some(id),
        ..NewComplaint::new(customer, T0)
    })?;
    desk.save(&mut c)
}

#[test]
fn every_change_once_in_order() -> redress::Result<()> {
    let desk = Desk::with_clock(|| T0 + 500)?;
    let mut c = desk.create(&NewComplaint {
        id: Some("c-1"),
        ..NewComplaint::new("cust-1", T0)
    })?;
    desk.save(&mut c)?;
    c.acknowledge(T0 + 60, "ann", None)?;
    desk.save(&mut c)?;
    drop(c);
    let alarms = desk.tick(T0 + 31 * DAY, |_, _| {})?;
    assert!(!alarms.is_empty());
    let changes = desk.feed(0, 100)?;
    let cursors: Vec<u64> = changes.iter().map(|ch| ch.cursor).collect();
    assert_eq!(cursors, (1..=changes.len() as u64).collect::<Vec<_>>());
    assert_eq!(
        (
            changes[0].kind,
            changes[0].event,
            changes[0].seq,
            changes[0].at
        ),
        (
            Some(ChangeKind::Created),
            Some(EventKind::Create),
            Some(1),
            T0
        )
    );
    assert_eq!(
        (changes[1].kind, changes[1].event, changes[1].revision),
        (Some(ChangeKind::Event), Some(EventKind::Acknowledge), 2)
    );
    assert_eq!(changes.len(), 2 + alarms.len());
    for (change, alarm) in changes[2..].iter().zip(&alarms) {
        assert_eq!(change.kind, Some(ChangeKind::Alarm));
        assert_eq!(change.deadline, Some(alarm.kind));
        assert_eq!(change.level, Some(alarm.level));
        assert_eq!(change.due, Some(alarm.due));
        assert_eq!(change.at, T0 + 31 * DAY);
        assert_eq!(change.event, None);
    }
    assert!(changes[2..]
        .iter()
        .any(|ch| ch.level == Some(AlarmLevel::Breach)));
    // resumed one at a time: the same changes
    let mut read = Vec::new();
    let mut cursor = 0;
    loop {
        let page = desk.feed(cursor, 1)?;
        let Some(last) = page.last() else { break };
        cursor = last.cursor;
        read.extend(page);
    }
    assert_eq!(read, changes);
    // a removal, stamped with the desk's clock
    desk.remove("c-1", 3)?;
    let removed = desk.feed(cursor, 10)?;
    assert_eq!(removed.len(), 1);
    assert_eq!(
        (removed[0].kind, removed[0].revision, removed[0].at),
        (Some(ChangeKind::Removed), 3, T0 + 500)
    );
    assert_eq!(desk.feed(0, 0).unwrap_err().code, ErrorCode::Invalid);
    Ok(())
}

#[test]
fn tenants_on_one_memory_store() -> redress::Result<()> {
    let shared = MemoryStore::new()?;
    let home = Desk::builder().store(&shared).open()?;
    let acme = Desk::builder().store(&shared).tenant("acme").open()?;
    let globex = Desk::builder()
        .store(&shared)
        .tenant("globex")
        .clock(|| T0)
        .open()?;
    save_new(&home, "c-1", "home-1")?;
    save_new(&acme, "c-1", "acme-1")?;
    save_new(&acme, "c-2", "acme-2")?;
    save_new(&globex, "c-1", "globex-1")?;
    assert_eq!(
        home.load("c-1")?
            .string(redress::Field::CustomerId)
            .unwrap_or_default(),
        "home-1"
    );
    assert_eq!(
        acme.load("c-1")?
            .string(redress::Field::CustomerId)
            .unwrap_or_default(),
        "acme-1"
    );
    assert_eq!(
        globex
            .load("c-1")?
            .string(redress::Field::CustomerId)
            .unwrap_or_default(),
        "globex-1"
    );
    assert_eq!(globex.load("c-2").unwrap_err().code, ErrorCode::NotFound);
    let mut ids = acme.stored_ids()?;
    ids.sort();
    assert_eq!(ids, ["c-1", "c-2"]);
    assert_eq!(globex.stored_ids()?, ["c-1"]);
    let acme_feed: Vec<String> = acme
        .feed(0, 10)?
        .into_iter()
        .map(|c| c.complaint_id)
        .collect();
    assert_eq!(acme_feed, ["c-1", "c-2"]);
    assert_eq!(globex.feed(0, 10)?.len(), 1);
    assert_eq!(home.feed(0, 10)?[0].cursor, 1);
    // the store outlives the handle: the desks keep it
    drop(shared);
    drop(acme);
    assert_eq!(
        home.load("c-1")?
            .string(redress::Field::CustomerId)
            .unwrap_or_default(),
        "home-1"
    );
    Ok(())
}

#[test]
fn tenant_keys_are_ids() {
    let bad = Desk::builder().tenant("bad\u{1b}tenant").open();
    assert_eq!(bad.err().map(|e| e.code), Some(ErrorCode::Invalid));
    let long = "t".repeat(129);
    let too_long = Desk::builder().tenant(&long).open();
    assert_eq!(too_long.err().map(|e| e.code), Some(ErrorCode::Range));
    let nul = Desk::builder().tenant("nul\0inside").open();
    assert_eq!(nul.err().map(|e| e.code), Some(ErrorCode::Invalid));
    assert!(Desk::builder().tenant(&"t".repeat(128)).open().is_ok());
}
