//! Conversations and ownership through the safe wrapper: customer messages and the
//! NEXT_REPLY deadline, first-contact resolution after a greeting, channel moves,
//! owner and team.
use redress::sys::REDRESS_SAME_CONTACT_SECONDS;
use redress::{
    Channel, DeadlineKind, DeadlineState, Decision, Desk, ErrorCode, EventKind, GroupBy, Metric,
    NewComplaint, Policy, Span, State,
};

const T0: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z
const HOUR: i64 = 3600;

fn desk() -> Desk {
    Desk::with_clock(|| T0).expect("desk")
}

#[test]
fn a_customer_message_owes_a_reply() -> redress::Result<()> {
    let desk = desk();
    desk.add_policy(&Policy {
        next_reply: Span::hours(1),
        ..Policy::new("chat")
    })?;
    let mut c = desk.create(&NewComplaint {
        id: Some("c-1"),
        ..NewComplaint::new("cust-1", T0)
    })?;
    c.acknowledge(T0 + 60, "ann", None)?;
    c.customer_message(T0 + 600, "cust-1", Some("hello??"))?;
    c.customer_message(T0 + 900, "cust-1", Some("anyone?"))?;
    assert_eq!(c.state(), State::Acknowledged);
    let due = T0 + 600 + HOUR;
    let owed = c.deadlines(due - 1)?;
    let next = owed.of_kind(DeadlineKind::NextReply).next().unwrap();
    assert_eq!(
        (next.state, next.due, next.anchor),
        (DeadlineState::Pending, Some(due), 3)
    );
    let owed = c.deadlines(due)?;
    let next = owed.of_kind(DeadlineKind::NextReply).next().unwrap();
    assert_eq!(next.state, DeadlineState::Breached);
    c.update(due + 1, "ann", None)?;
    let after = c.deadlines(due + 2)?;
    let next = after.of_kind(DeadlineKind::NextReply).next().unwrap();
    assert_eq!(
        (next.state, next.met_at),
        (DeadlineState::MetLate, Some(due + 1))
    );
    assert_eq!(c.events().nth(2).unwrap().kind, EventKind::CustomerMessage);
    let mut m = desk.metrics(GroupBy::None, due + 2)?;
    m.add(&c)?;
    assert_eq!(m.value(Metric::NextReplyBreaches, None)?, 1.0);
    Ok(())
}

#[test]
fn resolved_in_the_call_after_a_greeting() -> redress::Result<()> {
    let desk = desk();
    let mut c = desk.create(&NewComplaint::new("cust-1", T0))?;
    c.acknowledge(T0 + 60, "ann", None)?;
    let late = c.resolve_on_the_spot(
        T0 + 61 + REDRESS_SAME_CONTACT_SECONDS,
        "ann",
        None,
        Decision::Upheld,
        None,
        None,
    );
    assert_eq!(late.unwrap_err().code, ErrorCode::State);
    c.resolve_on_the_spot(
        T0 + 60 + REDRESS_SAME_CONTACT_SECONDS,
        "ann",
        None,
        Decision::Upheld,
        None,
        None,
    )?;
    assert!(c.on_the_spot());
    Ok(())
}

#[test]
fn channel_moves_and_assignment() -> redress::Result<()> {
    let desk = desk();
    let mut c = desk.create(&NewComplaint {
        id: Some("c-1"),
        channel: Channel::Social,
        ..NewComplaint::new("cust-1", T0)
    })?;
    c.move_channel(T0 + 60, "ann", Some("called back"), Channel::Phone)?;
    assert_eq!(
        (c.channel(), c.current_channel()),
        (Channel::Social, Channel::Phone)
    );
    let again = c.move_channel(T0 + 61, "ann", None, Channel::Phone);
    assert_eq!(again.unwrap_err().code, ErrorCode::Invalid);
    c.assign(T0 + 62, "lead", None, Some("ann"), Some("billing"))?;
    assert_eq!(
        (c.owner(), c.team()),
        (Some("ann".into()), Some("billing".into()))
    );
    let bad = c.assign(T0 + 63, "lead", None, Some("a\nb"), None);
    assert_eq!(bad.unwrap_err().code, ErrorCode::Invalid);
    desk.save(&mut c)?;
    let back = desk.load("c-1")?;
    assert_eq!(
        (back.current_channel(), back.owner()),
        (Channel::Phone, Some("ann".into()))
    );
    let mut m = desk.metrics(GroupBy::Owner, T0 + HOUR)?;
    m.add(&back)?;
    assert_eq!(m.group_keys(), ["ann"]);
    c.assign(T0 + 64, "lead", None, None, None)?;
    assert_eq!((c.owner(), c.team()), (None, None));
    Ok(())
}
