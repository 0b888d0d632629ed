//! Policies as data through the safe wrapper: specs loaded and printed back
//! canonically, the policy version each complaint records, migrate_policy.
use redress::{
    AlarmLevel, DeadlineKind, DeadlineState, Desk, ErrorCode, EventKind, NewComplaint, PauseReason,
    Policy, Span,
};

const T0: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z
const DAY: i64 = 86_400;
const V1: &str = "policy standard version 1\n  resolve 10 days\n";
const V2: &str = "policy standard version 2\n  resolve 30 days\n";

fn desk() -> Desk {
    Desk::with_clock(|| T0).expect("desk")
}

fn resolve_at(c: &redress::Complaint<'_>, now: i64) -> redress::Result<(DeadlineState, u32)> {
    let d = c.deadlines(now)?;
    let state = d.of_kind(DeadlineKind::Resolve).next().unwrap().state;
    Ok((state, d.policy_version))
}

#[test]
fn specs_print_back_canonically() -> redress::Result<()> {
    let desk = desk();
    desk.load_policies("policy fast   version 2 # comment\n  resolve 86400 seconds\n")?;
    let printed = desk.policy_spec(None, 0)?;
    assert_eq!(printed, "policy fast version 2\n  resolve 1 day\n");
    assert_eq!(desk.policy_spec(Some("fast"), 2)?, printed);
    let other = Desk::with_clock(|| T0)?;
    other.load_policies(&printed)?;
    assert_eq!(other.policy_spec(None, 0)?, printed);
    let p = Policy {
        resolve: Span::hours(5),
        policy_version: 7,
        ..Policy::new("p")
    };
    assert_eq!(desk.spec_of(&p)?, "policy p version 7\n  resolve 5 hours\n");
    let err = desk
        .load_policies("policy a version 1\n  resolve 3 weeks\n")
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Parse);
    assert!(err.message.contains("line 2, column 13: expected a unit"));
    assert_eq!(
        desk.policy_spec(Some("a"), 0).unwrap_err().code,
        ErrorCode::NotFound
    );
    Ok(())
}

#[test]
fn an_edit_never_rewrites_history() -> redress::Result<()> {
    let desk = desk();
    desk.load_policies(V1)?;
    let mut c = desk.create(&NewComplaint {
        id: Some("c-1"),
        ..NewComplaint::new("cust-1", T0)
    })?;
    assert_eq!(resolve_at(&c, T0 + 12 * DAY)?, (DeadlineState::Breached, 1));
    desk.load_policies(V2)?;
    assert_eq!(resolve_at(&c, T0 + 12 * DAY)?, (DeadlineState::Breached, 1));
    let fresh = desk.create(&NewComplaint {
        id: Some("c-2"),
        ..NewComplaint::new("cust-1", T0)
    })?;
    assert_eq!(
        resolve_at(&fresh, T0 + 12 * DAY)?,
        (DeadlineState::Pending, 2)
    );
    c.migrate_policy(T0 + 10 * DAY - 1, "lead", Some("to version 2"))?;
    assert_eq!(resolve_at(&c, T0 + 12 * DAY)?, (DeadlineState::Pending, 2));
    assert_eq!(c.events().last().unwrap().kind, EventKind::MigratePolicy);
    Ok(())
}

#[test]
fn a_team_policy_when_assigned_to_the_team() -> redress::Result<()> {
    let desk = desk();
    desk.add_policy(&Policy {
        team: Some("escalations"),
        resolve: Span::days(2),
        ..Policy::new("escalations")
    })?;
    desk.load_policies(V1)?;
    assert!(desk
        .policy_spec(Some("escalations"), 0)?
        .contains("  team escalations\n"));
    let mut c = desk.create(&NewComplaint {
        id: Some("c-team"),
        ..NewComplaint::new("cust-1", T0)
    })?;
    assert_eq!(resolve_at(&c, T0 + 3 * DAY)?, (DeadlineState::Pending, 1));
    c.assign(T0 + 60, "lead", None, Some("kim"), Some("escalations"))?;
    assert_eq!(c.deadlines(T0 + 3 * DAY)?.policy, "escalations");
    assert_eq!(resolve_at(&c, T0 + 2 * DAY - 1)?.0, DeadlineState::Pending);
    assert_eq!(resolve_at(&c, T0 + 2 * DAY)?.0, DeadlineState::Breached);
    let empty = Policy {
        team: Some(""),
        ..Policy::new("empty")
    };
    assert_eq!(desk.add_policy(&empty).unwrap_err().code, ErrorCode::Invalid);
    Ok(())
}

#[test]
fn warning_levels_each_once() -> redress::Result<()> {
    let desk = desk();
    desk.add_policy(&Policy {
        resolve: Span::days(10),
        warn_levels: &[(DeadlineKind::Resolve, &[50, 75, 90])],
        ..Policy::new("tiered")
    })?;
    assert!(desk
        .policy_spec(None, 0)?
        .contains("  warn resolve 50% 75% 90%\n"));
    let mut c = desk.create(&NewComplaint {
        id: Some("c-1"),
        ..NewComplaint::new("cust-1", T0)
    })?;
    desk.save(&mut c)?;
    let levels: Vec<AlarmLevel> = desk
        .tick(T0 + 9 * DAY, |_, _| {})?
        .iter()
        .map(|a| a.level)
        .collect();
    assert_eq!(
        levels,
        vec![
            AlarmLevel::Warning,
            AlarmLevel::Warning2,
            AlarmLevel::Warning3
        ]
    );
    assert!(desk.tick(T0 + 9 * DAY, |_, _| {})?.is_empty());
    Ok(())
}

#[test]
fn a_third_party_stops_what_the_policy_says() -> redress::Result<()> {
    let desk = desk();
    desk.add_policy(&Policy {
        resolve: Span::days(10),
        pause_stops: &[(PauseReason::AwaitingThirdParty, &[DeadlineKind::Resolve])],
        ..Policy::new("courier")
    })?;
    assert!(desk
        .policy_spec(None, 0)?
        .contains("  pause awaiting-third-party stops resolve\n"));
    let mut c = desk.create(&NewComplaint {
        id: Some("c-1"),
        ..NewComplaint::new("cust-1", T0)
    })?;
    c.acknowledge(T0, "ann", None)?;
    c.await_third_party(T0 + DAY, "ann", None, Some("courier"))?;
    assert_eq!(resolve_at(&c, T0 + 3 * DAY)?.0, DeadlineState::Paused);
    c.third_party_reply(T0 + 4 * DAY, "ann", None)?;
    let d = c.deadlines(T0 + 4 * DAY)?;
    assert_eq!(
        d.of_kind(DeadlineKind::Resolve).next().unwrap().due,
        Some(T0 + 13 * DAY)
    );
    let err = c.third_party_reply(T0 + 5 * DAY, "ann", None).unwrap_err();
    assert_eq!(err.code, ErrorCode::State);
    Ok(())
}
