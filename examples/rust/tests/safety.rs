//! Safe Rust must neither crash the process nor change data silently: a panicking clock
//! (it unwound into C: an abort), values that C would read as something else (-1 is
//! "unknown" to an amount, "the total" to a group index), and spans whose seconds
//! overflow.
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use redress::{Decision, Desk, ErrorCode, GroupBy, Metric, NewComplaint, Policy, Span};

const T0: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

#[test]
fn a_panicking_clock_panics_in_the_caller_and_the_desk_goes_on() {
    let broken = Arc::new(AtomicBool::new(true));
    let flag = broken.clone();
    let desk = Desk::with_clock(move || {
        if flag.load(Ordering::SeqCst) {
            panic!("the clock broke");
        }
        T0
    })
    .unwrap();
    let payload = catch_unwind(AssertUnwindSafe(|| desk.now())).unwrap_err();
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"the clock broke"));
    // through a call that reads the clock inside the library
    let payload = catch_unwind(AssertUnwindSafe(|| {
        desk.metrics(GroupBy::None, desk.now()).map(|_| ())
    }))
    .unwrap_err();
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"the clock broke"));
    broken.store(false, Ordering::SeqCst);
    assert_eq!(desk.now(), T0);
    let c = desk.create(&NewComplaint::new("cust-1", T0)).unwrap();
    assert_eq!(c.received_at(), T0);
}

#[test]
fn a_negative_amount_is_refused_not_taken_for_unknown() {
    let desk = Desk::with_clock(|| T0).unwrap();
    for value in [-1, -100, i64::MIN] {
        let err = desk
            .create(&NewComplaint {
                order_value: Some(value),
                ..NewComplaint::new("cust-1", T0)
            })
            .map(|_| ())
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Invalid, "{value}");
    }
    let mut c = desk.create(&NewComplaint::new("cust-1", T0)).unwrap();
    let err = c
        .resolve_on_the_spot(T0 + 60, "ann", None, Decision::Upheld, None, Some(-1))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Invalid);
    assert_eq!(c.event_count(), 1);
    let policy = Policy {
        max_compensation: Some(-1),
        ..Policy::new("p")
    };
    assert_eq!(
        desk.add_policy(&policy).unwrap_err().code,
        ErrorCode::Invalid
    );
}

#[test]
fn a_negative_group_is_refused_not_taken_for_the_total() {
    let desk = Desk::with_clock(|| T0).unwrap();
    let mut m = desk.metrics(GroupBy::Channel, T0).unwrap();
    let err = m.value(Metric::Complaints, Some(-1)).unwrap_err();
    assert_eq!(err.code, ErrorCode::Invalid);
    assert_eq!(m.value(Metric::Complaints, None).unwrap(), 0.0);
}

#[test]
fn a_span_whose_seconds_overflow_is_refused() {
    let desk = Desk::with_clock(|| T0).unwrap();
    for span in [
        Span::hours(i64::MAX / 1000),
        Span::days(i64::MIN / 2),
        Span::business_hours(i64::MAX),
    ] {
        let policy = Policy {
            resolve: span,
            ..Policy::new("p")
        };
        let err = desk.add_policy(&policy).unwrap_err();
        assert!(
            matches!(err.code, ErrorCode::Invalid | ErrorCode::Range),
            "{err}"
        );
    }
}

#[test]
fn an_interior_nul_is_refused_in_every_kind_of_string() {
    let desk = Desk::with_clock(|| T0).unwrap();
    let err = desk
        .create(&NewComplaint {
            text: Some("refund\0 NOW"),
            ..NewComplaint::new("cust\0evil", T0)
        })
        .map(|_| ())
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Invalid);
    let mut c = desk.create(&NewComplaint::new("cust-1", T0)).unwrap();
    assert_eq!(
        c.acknowledge(T0 + 1, "ann\0x", None).unwrap_err().code,
        ErrorCode::Invalid
    );
    assert_eq!(
        c.set_attr("k", "v\0w").unwrap_err().code,
        ErrorCode::Invalid
    );
    assert_eq!(
        desk.load("c-1\0x").map(|_| ()).unwrap_err().code,
        ErrorCode::Invalid
    );
    assert_eq!(c.event_count(), 1);
}
