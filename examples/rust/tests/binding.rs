//! The safe wrapper against the freshly built library.
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use redress::{
    playbook, risk, AlarmLevel, Channel, DeadlineKind, DeadlineState, Decision, Desk, ErrorCode,
    EventKind, Field, GroupBy, Legitimacy, Metric, NewComplaint, Policy, Severity, Span, State,
    Temperament,
};

const T0: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z
const HOUR: i64 = 3600;
const DAY: i64 = 86_400;

fn desk() -> Desk {
    Desk::with_clock(|| T0).expect("desk")
}

#[test]
fn version_and_names() {
    // (the exact version against the header: tests/header.rs)
    assert!(
        redress::version().starts_with("1."),
        "{}",
        redress::version()
    );
    assert!(redress::strerror(-6).starts_with("REDRESS_ERR_STATE"));
    assert_eq!(
        redress::enum_name(redress::EnumKind::State, State::AwaitingCustomer.raw()).as_deref(),
        Some("awaiting_customer")
    );
    assert_eq!(
        redress::enum_name(redress::EnumKind::Field, Field::Remedy.raw()).as_deref(),
        Some("remedy")
    );
    assert_eq!(redress::enum_name(redress::EnumKind::State, 99), None);
    assert_eq!(
        redress::risk_names(risk::MEDIA | risk::CHURN),
        ["media", "churn"]
    );
}

#[test]
fn every_verb_and_the_history() -> redress::Result<()> {
    let desk = desk();
    let mut c = desk.create(&NewComplaint {
        id: Some("c-1"),
        channel: Channel::Email,
        category: Some("billing"),
        text: Some("Charged twice for order A-1001."),
        order_value: Some(4990),
        ..NewComplaint::new("cust-1", T0)
    })?;
    assert_eq!(
        (c.id(), c.state(), c.order_value(), c.claimed_amount()),
        ("c-1".to_string(), State::Received, Some(4990), None)
    );
    c.acknowledge(T0 + 60, "ann", Some("Sorry!"))?;
    c.note(T0 + 70, "ann", "internal", false)?;
    c.assess(T0 + 80, "ann", None, Legitimacy::Reasonable)?;
    c.set_severity(T0 + 90, "ann", None, Severity::High)?;
    c.escalate(T0 + 95, "ann", None, Some("billing-team"))?;
    c.investigate(T0 + 100, "ann", None, "charged twice", Some("refund"))?;
    c.promise(T0 + 110, "ann", None, T0 + DAY)?;
    c.hold(T0 + 120, "ann", Some("checking"))?;
    c.update(T0 + 130, "ann", Some("bank asked"))?;
    c.await_customer(T0 + 140, "ann", None)?;
    c.customer_reply(T0 + HOUR, "customer", Some("statement attached"))?;
    c.respond(
        T0 + 2 * HOUR,
        "ann",
        None,
        Decision::Upheld,
        Some("refund"),
        Some(4990),
    )?;
    c.fulfill(T0 + DAY, "billing", None)?;
    c.confirm(T0 + 2 * DAY, "ann", None, 5)?;
    assert_eq!((c.state(), c.satisfaction()), (State::Closed, Some(5)));
    c.reopen(T0 + 3 * DAY, "ann", None)?;
    c.respond(
        T0 + 4 * DAY,
        "ann",
        None,
        Decision::PartlyUpheld,
        None,
        None,
    )?;
    c.close(T0 + 5 * DAY, "ann", None)?;
    assert_eq!(
        (c.state(), c.reopen_count(), c.escalation_count()),
        (State::Closed, 1, 1)
    );
    assert_eq!(
        (c.severity(), c.legitimacy()),
        (Severity::High, Legitimacy::Reasonable)
    );

    let events: Vec<_> = c.events().collect();
    assert_eq!(events.len(), c.event_count());
    assert_eq!(events[0].kind, EventKind::Create);
    assert!(events
        .iter()
        .enumerate()
        .all(|(i, e)| e.seq as usize == i + 1));
    let escalate = events
        .iter()
        .find(|e| e.kind == EventKind::Escalate)
        .unwrap();
    assert_eq!(escalate.text(Field::To), Some("billing-team"));
    let respond = events
        .iter()
        .find(|e| e.kind == EventKind::Respond)
        .unwrap();
    assert_eq!(respond.number(Field::Compensation), Some(4990));
    assert_eq!(respond.text(Field::Remedy), Some("refund"));
    assert_eq!(events[1].note.as_deref(), Some("Sorry!"));

    let mut spot = desk.create(&NewComplaint::new("cust-2", T0))?;
    spot.resolve_on_the_spot(T0 + 1, "ann", None, Decision::Upheld, None, Some(0))?;
    assert!(spot.on_the_spot());
    let mut gone = desk.create(&NewComplaint::new("cust-3", T0))?;
    gone.withdraw(T0 + 1, "customer", None)?;
    assert_eq!(gone.state(), State::Withdrawn);
    Ok(())
}

#[test]
fn a_refused_verb_carries_code_and_message() {
    let desk = desk();
    let mut c = desk.create(&NewComplaint::new("cust-1", T0)).unwrap();
    let err = c.fulfill(T0 + 1, "ann", None).unwrap_err();
    assert_eq!(err.code, ErrorCode::State);
    assert_eq!(err.code.raw(), -6);
    assert!(err.message.contains("fulfill"), "{err}");
    assert_eq!(err.message, desk.errmsg());
    assert_eq!((c.state(), c.event_count()), (State::Received, 1));

    let err = c.acknowledge(T0 - 1, "ann", None).unwrap_err(); // before the last event
    assert_eq!(err.code, ErrorCode::Invalid);
    let err = c.acknowledge(T0 + 1, "a\0b", None).unwrap_err(); // no C string
    assert_eq!(err.code, ErrorCode::Invalid);
    assert!(err.message.contains("NUL"));
}

#[test]
fn any_field_through_the_two_getters() {
    let desk = desk();
    let mut c = desk
        .create(&NewComplaint {
            channel: Channel::Web,
            category: Some("billing"),
            ..NewComplaint::new("cust-1", T0)
        })
        .unwrap();
    assert_eq!(c.number(Field::Channel), Ok(i64::from(Channel::Web.raw())));
    assert_eq!(c.number(Field::ClaimedAmount), Ok(-1)); // as the library gives it
    assert_eq!(c.string(Field::Category).as_deref(), Some("billing"));
    assert_eq!(c.string(Field::Point), None); // not investigated yet
    assert_eq!(c.string(Field::Channel), None); // a number, not a text
    assert_eq!(
        c.number(Field::Category).unwrap_err().code,
        ErrorCode::Invalid
    );
    c.fulfill(T0 + 1, "ann", None).unwrap_err(); // leaves a sentence on the desk
    let err = c.number(Field::Seq).unwrap_err(); // only events carry it
    assert_eq!(err.code, ErrorCode::NotFound);
    assert!(err.message.contains("Seq"), "{err}");
    assert!(
        !err.message.contains("fulfill"),
        "the earlier failure's: {err}"
    );
}

#[test]
fn invalid_utf8_and_json_syntax_errors() {
    let desk = desk();
    let err = desk.classify_text(b"caf\xc3").err().unwrap();
    assert_eq!(err.code, ErrorCode::Invalid);
    assert!(err.message.contains("UTF-8"), "{err}");
    let err = desk.from_json(r#"{"v":1, "id": "#).err().unwrap();
    assert_eq!(err.code, ErrorCode::Parse);
    assert!(err.message.contains("at byte 14"), "{err}");
}

#[test]
fn json_round_trip_and_attributes() -> redress::Result<()> {
    let desk = desk();
    let mut c = desk.create(&NewComplaint {
        text: Some("héllo 你好"),
        ..NewComplaint::new("cust-1", T0)
    })?;
    c.set_attr("zeta", "z")?;
    c.set_attr("alpha", "a")?;
    assert_eq!(
        c.attrs(),
        vec![("alpha".into(), "a".into()), ("zeta".into(), "z".into())]
    );
    c.unset_attr("zeta")?;
    assert_eq!(c.unset_attr("zeta").unwrap_err().code, ErrorCode::NotFound);
    assert_eq!(c.attr("alpha").as_deref(), Some("a"));
    let doc = c.to_json()?;
    let back = desk.from_json(&doc)?;
    assert_eq!(back.to_json()?, doc);
    assert_eq!(back.text(), "héllo 你好");
    let copy = c.try_clone()?;
    assert_eq!(copy.id(), c.id());
    Ok(())
}

#[test]
fn save_load_remove_with_compare_and_swap() -> redress::Result<()> {
    let desk = desk();
    let mut c = desk.create(&NewComplaint {
        id: Some("c-1"),
        ..NewComplaint::new("cust-1", T0)
    })?;
    desk.save(&mut c)?;
    assert_eq!(c.revision(), 1);
    let mut other = desk.load("c-1")?;
    other.acknowledge(T0 + 1, "bob", None)?;
    desk.save(&mut other)?;
    c.acknowledge(T0 + 2, "ann", None)?;
    let err = desk.save(&mut c).unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    assert_eq!(c.revision(), 1);
    let mut twin = desk.create(&NewComplaint {
        id: Some("c-1"),
        ..NewComplaint::new("cust-1", T0)
    })?;
    assert_eq!(desk.save(&mut twin).unwrap_err().code, ErrorCode::Exists);
    assert_eq!(desk.stored_ids()?, vec!["c-1".to_string()]);
    assert_eq!(desk.remove("c-1", 1).unwrap_err().code, ErrorCode::Conflict);
    desk.remove("c-1", 2)?;
    assert_eq!(desk.load("c-1").unwrap_err().code, ErrorCode::NotFound);
    Ok(())
}

#[test]
fn policies_deadlines_and_the_tick() -> redress::Result<()> {
    let now = Arc::new(AtomicI64::new(T0));
    let clock = now.clone();
    let desk = Desk::with_clock(move || clock.load(Ordering::SeqCst))?;
    desk.add_calendar("office", "mon-fri 09:00-17:00\nholiday 2026-01-02")?;
    desk.add_policy(&Policy {
        channels: &[Channel::Email],
        calendar: Some("office"),
        acknowledge: Span::business_hours(2),
        resolve: Span::business_days(5),
        warn_percent: 50,
        ..Policy::new("email-fast")
    })?;
    assert_eq!(
        desk.add_policy(&Policy::new("email-fast"))
            .unwrap_err()
            .code,
        ErrorCode::Exists
    );
    let err = desk.add_calendar("bad", "mon-fri 25:00-26:00").unwrap_err();
    assert_eq!(err.code, ErrorCode::Parse);
    assert!(err.message.contains("at byte 8"), "{err}");

    let mut c = desk.create(&NewComplaint {
        id: Some("c-1"),
        channel: Channel::Email,
        ..NewComplaint::new("cust-1", desk.now())
    })?;
    let deadlines = c.deadlines(T0)?;
    assert_eq!(deadlines.policy, "email-fast");
    let ack = deadlines.of_kind(DeadlineKind::Acknowledge).next().unwrap();
    assert_eq!(
        (ack.state, ack.due, ack.warn_at),
        (
            DeadlineState::Pending,
            Some(T0 + 11 * HOUR),
            Some(T0 + 10 * HOUR)
        )
    );
    let resolve = deadlines
        .iter()
        .find(|d| d.kind == DeadlineKind::Resolve)
        .unwrap();
    assert_eq!(resolve.due, Some(T0 + 8 * DAY + 17 * HOUR));
    assert_eq!((&deadlines).into_iter().count(), deadlines.len());
    desk.save(&mut c)?;

    let mut seen = Vec::new();
    let alarms = desk.tick(T0 + 10 * HOUR, |alarm, complaint| {
        seen.push((alarm.level, complaint.id(), complaint.state()));
    })?;
    assert_eq!(alarms.len(), 1);
    assert_eq!(
        (alarms[0].kind, alarms[0].level, alarms[0].due),
        (
            DeadlineKind::Acknowledge,
            AlarmLevel::Warning,
            T0 + 11 * HOUR
        )
    );
    assert_eq!(
        seen,
        vec![(AlarmLevel::Warning, "c-1".to_string(), State::Received)]
    );
    assert!(desk.tick(T0 + 10 * HOUR, |_, _| {})?.is_empty()); // reported once
    now.store(T0 + 12 * HOUR, Ordering::SeqCst);
    assert_eq!(
        desk.tick(desk.now(), |_, _| {})?[0].level,
        AlarmLevel::Breach
    );
    Ok(())
}

#[test]
fn a_panic_in_the_alarm_callback_resumes_after_the_tick() {
    let desk = desk();
    let mut c = desk.create(&NewComplaint::new("cust-1", T0)).unwrap();
    desk.save(&mut c).unwrap();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        desk.tick(T0 + 40 * DAY, |_, _| panic!("stop here")).ok();
    }));
    let payload = outcome.unwrap_err();
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"stop here"));
    // the desk is intact, and the alarm was saved before it was reported
    let next = desk.tick(T0 + 40 * DAY, |_, _| {}).unwrap();
    assert!(next
        .iter()
        .all(|a| !(a.kind == DeadlineKind::Acknowledge && a.level == AlarmLevel::Warning)));
}

#[test]
fn classification_reasons_point_into_the_text() -> redress::Result<()> {
    let desk = desk();
    let text = "This is outrageous!!! I will post this on Twitter and call my lawyer.";
    let verdict = desk.classify_text(text)?;
    assert!(matches!(
        verdict.temperament(),
        Temperament::Emotional | Temperament::Mixed
    ));
    assert_ne!(verdict.risks() & risk::LEGAL, 0);
    assert_ne!(verdict.playbook() & playbook::EMPATHIZE, 0);
    assert!(redress::risk_names(verdict.risks()).contains(&"legal".to_string()));
    assert!(redress::playbook_names(verdict.playbook()).contains(&"empathize".to_string()));
    let reasons: Vec<_> = verdict.reasons().collect();
    assert!(reasons.iter().any(|r| r.rule == "cue.anger"));
    for r in &reasons {
        if let Some((offset, length)) = r.span {
            assert_eq!(&text[offset..offset + length], r.value);
        }
    }
    drop(desk); // a verdict may outlive its desk
    assert!(verdict.emotional() > 0.0);
    Ok(())
}

#[test]
fn metrics_totals_and_groups() -> redress::Result<()> {
    let desk = desk();
    let mut spot = desk.create(&NewComplaint {
        channel: Channel::Phone,
        ..NewComplaint::new("a", T0)
    })?;
    spot.resolve_on_the_spot(T0 + HOUR, "ann", None, Decision::Upheld, None, Some(500))?;
    let mut open = desk.create(&NewComplaint {
        channel: Channel::Email,
        ..NewComplaint::new("b", T0)
    })?;
    desk.save(&mut spot)?;
    desk.save(&mut open)?;
    let mut m = desk.metrics(GroupBy::Channel, T0 + 10 * DAY)?;
    m.add_store(None, None)?;
    assert_eq!(m.value(Metric::Complaints, None)?, 2.0);
    assert_eq!(m.value(Metric::FirstContactResolutionRate, None)?, 0.5);
    assert_eq!(m.value(Metric::CompensationPaid, None)?, 500.0);
    let email = m.group("email")?;
    assert_eq!(email, Channel::Email.raw());
    assert_eq!(m.value(Metric::AcknowledgeBreaches, Some(email))?, 1.0);
    assert_eq!(m.group_keys().len(), Channel::ALL.len());
    assert_eq!(
        m.value(Metric::Complaints, Some(99)).unwrap_err().code,
        ErrorCode::NotFound
    );
    let mut empty = desk.metrics(GroupBy::None, T0)?;
    assert!(empty.value(Metric::RetentionRate, None)?.is_nan());
    empty.add(&spot)?;
    assert_eq!(empty.value(Metric::OnTheSpot, None)?, 1.0);
    let mut many = desk.metrics(GroupBy::Channel, T0 + 10 * DAY)?;
    many.add_many(&[&spot, &open])?;
    for metric in [
        Metric::Complaints,
        Metric::CompensationPaid,
        Metric::AcknowledgeBreaches,
    ] {
        assert_eq!(many.value(metric, None)?, m.value(metric, None)?);
        assert_eq!(
            many.value(metric, Some(email))?,
            m.value(metric, Some(email))?
        );
    }
    let other = Desk::open()?;
    let stranger = other.create(&NewComplaint::new("c", T0))?;
    let refused = many.add_many(&[&spot, &stranger]).unwrap_err();
    assert_eq!(refused.code, ErrorCode::Invalid);
    assert!(refused.message.contains("complaint 1 is of another desk"));
    assert_eq!(many.value(Metric::Complaints, None)?, 3.0); // the first one counted
    Ok(())
}
