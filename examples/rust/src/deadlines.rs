//! Policies, deadlines and alarms.
use std::ptr;

use crate::convert::{self, amount, SPAN_OVERFLOW};
use crate::desk::Desk;
use crate::enums::{
    AlarmLevel, Channel, DeadlineKind, DeadlineState, PauseReason, Severity, SpanUnit,
};
use crate::error::{Error, Result};
use crate::sys;
use crate::text::{c_string, from_c, opt_c_string, ptr_of};

fn never_to_none(t: i64) -> Option<i64> {
    (t != sys::REDRESS_TIME_NEVER).then_some(t)
}

/// An amount of time in a unit; an amount of 0 means "no target". The constructors
/// that multiply (`hours`, `days`, `business_hours`) mark a product that overflows an
/// i64, and `Desk::add_policy` refuses such a span (ErrorCode::Invalid).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub amount: i64,
    pub unit: SpanUnit,
}

impl Span {
    pub const NONE: Span = Span {
        amount: 0,
        unit: SpanUnit::CalendarSeconds,
    };

    pub fn hours(n: i64) -> Span {
        Span {
            amount: convert::seconds(n, 3600),
            unit: SpanUnit::CalendarSeconds,
        }
    }

    pub fn days(n: i64) -> Span {
        Span {
            amount: convert::seconds(n, 86400),
            unit: SpanUnit::CalendarSeconds,
        }
    }

    pub fn business_hours(n: i64) -> Span {
        Span {
            amount: convert::seconds(n, 3600),
            unit: SpanUnit::BusinessSeconds,
        }
    }

    pub fn business_days(n: i64) -> Span {
        Span {
            amount: n,
            unit: SpanUnit::BusinessDays,
        }
    }

    fn raw(self) -> sys::redress_span {
        sys::redress_span {
            amount: self.amount,
            unit: self.unit.raw(),
        }
    }
}

/// A service-level policy (redress_policy).
#[derive(Clone, Debug)]
pub struct Policy<'a> {
    pub name: &'a str,
    /// Channels it matches; empty: any.
    pub channels: &'a [Channel],
    pub min_severity: Severity,
    pub category: Option<&'a str>,
    pub customer_tier: Option<&'a str>,
    pub calendar: Option<&'a str>,
    pub acknowledge: Span,
    pub update_every: Span,
    pub resolve: Span,
    pub resolve_extended: Span,
    pub follow_up: Span,
    /// Reply to a customer message within (NEXT_REPLY); `Span::NONE`: none owed.
    pub next_reply: Span,
    pub warn_percent: i32,
    pub pause_when_awaiting_customer: bool,
    pub min_compensation: Option<i64>,
    pub max_compensation: Option<i64>,
    /// The policy's own version in the desk's set (1 or more).
    pub policy_version: u32,
    /// Warning levels per deadline kind: ascending percentages (up to 4), each raised
    /// once by a tick; a kind left out warns once at `warn_percent`.
    pub warn_levels: &'a [(DeadlineKind, &'a [i32])],
    /// Per pause reason, the deadline kinds whose clocks it stops (PROMISE cannot);
    /// `pause_when_awaiting_customer` adds RESOLVE and UPDATE to the customer's.
    pub pause_stops: &'a [(PauseReason, &'a [DeadlineKind])],
    /// Summary resolution within (SUMMARY_RESOLVE, FCA DISP 1.5); `Span::NONE`: none.
    /// Once it passes unresolved it reads `Lapsed`: no breach, no alarm.
    pub summary_resolve: Span,
    /// Matches only complaints of this team (`assign`) at the event that chooses the
    /// policy: create, set_severity, migrate_policy. `None`: any team.
    pub team: Option<&'a str>,
}

impl<'a> Policy<'a> {
    /// The defaults of REDRESS_POLICY_INIT: matches everything, no targets.
    pub fn new(name: &'a str) -> Self {
        Policy {
            name,
            channels: &[],
            min_severity: Severity::Low,
            category: None,
            customer_tier: None,
            calendar: None,
            acknowledge: Span::NONE,
            update_every: Span::NONE,
            resolve: Span::NONE,
            resolve_extended: Span::NONE,
            follow_up: Span::NONE,
            next_reply: Span::NONE,
            warn_percent: 0,
            pause_when_awaiting_customer: false,
            min_compensation: None,
            max_compensation: None,
            policy_version: 1,
            warn_levels: &[],
            pause_stops: &[],
            summary_resolve: Span::NONE,
            team: None,
        }
    }

    pub(crate) fn add_to(&self, desk: &Desk) -> Result<()> {
        self.with_c(|p| {
            // SAFETY: every pointer in `p` is valid for the call, which copies them.
            desk.check(unsafe { sys::redress_desk_add_policy(desk.raw(), p) })
        })
    }

    /// The canonical spec text of this policy (redress_policy_spec).
    pub(crate) fn spec(&self, desk: &Desk) -> Result<String> {
        self.with_c(|p| desk.policy_spec_of(p))
    }

    /// Calls `f` with the C struct, whose strings live for the call.
    fn with_c<T>(&self, f: impl FnOnce(&sys::redress_policy) -> Result<T>) -> Result<T> {
        let spans = [
            ("acknowledge", self.acknowledge),
            ("update_every", self.update_every),
            ("resolve", self.resolve),
            ("resolve_extended", self.resolve_extended),
            ("follow_up", self.follow_up),
            ("next_reply", self.next_reply),
            ("summary_resolve", self.summary_resolve),
        ];
        if let Some((what, _)) = spans.iter().find(|(_, s)| s.amount == SPAN_OVERFLOW) {
            return Err(Error::invalid(format!(
                "policy: {what} overflows the seconds an i64 holds"
            )));
        }
        let name = c_string(self.name, "name")?;
        let category = opt_c_string(self.category, "category")?;
        let tier = opt_c_string(self.customer_tier, "customer_tier")?;
        let team = opt_c_string(self.team, "team")?;
        let calendar = opt_c_string(self.calendar, "calendar")?;
        // SAFETY: the init function only fills a struct.
        let mut p = unsafe { sys::redress_policy_init() };
        p.name = name.as_ptr();
        p.channels = self
            .channels
            .iter()
            .fold(0u32, |bits, c| bits | (1u32 << c.raw()));
        p.min_severity = self.min_severity.raw();
        p.category = ptr_of(&category);
        p.customer_tier = ptr_of(&tier);
        p.team = ptr_of(&team);
        p.calendar = ptr_of(&calendar);
        p.acknowledge = self.acknowledge.raw();
        p.update_every = self.update_every.raw();
        p.resolve = self.resolve.raw();
        p.resolve_extended = self.resolve_extended.raw();
        p.follow_up = self.follow_up.raw();
        p.next_reply = self.next_reply.raw();
        p.summary_resolve = self.summary_resolve.raw();
        p.warn_percent = self.warn_percent;
        p.pause_when_awaiting_customer = i32::from(self.pause_when_awaiting_customer);
        p.min_compensation = amount(self.min_compensation, "policy min_compensation")?;
        p.max_compensation = amount(self.max_compensation, "policy max_compensation")?;
        p.policy_version = self.policy_version;
        for (kind, levels) in self.warn_levels {
            if levels.len() > sys::REDRESS_POLICY_WARN_LEVELS {
                return Err(Error::invalid("policy: at most 4 warning levels a kind"));
            }
            let row = &mut p.warn_levels[kind.raw() as usize];
            row[..levels.len()].copy_from_slice(levels);
        }
        for (reason, kinds) in self.pause_stops {
            p.pause_stops[reason.raw() as usize] =
                kinds.iter().fold(0u32, |bits, k| bits | (1u32 << k.raw()));
        }
        f(&p)
    }
}

/// One deadline as it stood at the list's `now`; None stands for "never".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub state: DeadlineState,
    pub due: Option<i64>,
    pub warn_at: Option<i64>,
    pub met_at: Option<i64>,
    pub anchor: u32,
}

/// A complaint's deadlines at one instant, copied out of the library's list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deadlines {
    pub policy: String,
    /// The version of that policy (its `policy_version`).
    pub policy_version: u32,
    pub next_alarm: Option<i64>,
    items: Vec<Deadline>,
}

impl Deadlines {
    pub(crate) fn compute(
        desk: &Desk,
        complaint: *const sys::redress_complaint,
        now: i64,
    ) -> Result<Self> {
        let mut list = ptr::null_mut();
        // SAFETY: the complaint is alive; the list is read, then freed here.
        desk.check(unsafe { sys::redress_complaint_deadlines(&mut list, complaint, now) })?;
        // SAFETY: the list is alive until freed below; its policy name is copied.
        let n = unsafe { sys::redress_deadlines_count(list) };
        let items: Result<Vec<Deadline>> = (0..n).map(|i| read_deadline(desk, list, i)).collect();
        let out = items.map(|items| Deadlines {
            policy: from_c(unsafe { sys::redress_deadlines_policy(list) }).unwrap_or_default(),
            policy_version: unsafe { sys::redress_deadlines_policy_version(list) },
            next_alarm: never_to_none(unsafe { sys::redress_deadlines_next_alarm(list) }),
            items,
        });
        unsafe { sys::redress_deadlines_free(list) };
        out
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Deadline> {
        self.items.iter()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The deadlines of one kind.
    pub fn of_kind(&self, kind: DeadlineKind) -> impl Iterator<Item = &Deadline> {
        self.items.iter().filter(move |d| d.kind == kind)
    }
}

impl<'a> IntoIterator for &'a Deadlines {
    type Item = &'a Deadline;
    type IntoIter = std::slice::Iter<'a, Deadline>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

/// The i-th deadline of a live list, through the versioned output struct.
fn read_deadline(desk: &Desk, list: *const sys::redress_deadlines, i: usize) -> Result<Deadline> {
    let mut d = sys::redress_deadline {
        version: sys::REDRESS_DEADLINE_VERSION,
        ..Default::default()
    };
    // SAFETY: the list is alive and `d` is a whole struct of the version it carries.
    desk.check(unsafe { sys::redress_deadlines_get(&mut d, list, i) })?;
    Ok(Deadline {
        kind: DeadlineKind::from_library(d.kind),
        state: DeadlineState::from_library(d.state),
        due: never_to_none(d.due),
        warn_at: never_to_none(d.warn_at),
        met_at: never_to_none(d.met_at),
        anchor: d.anchor,
    })
}

/// One warning or breach reported by a tick.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alarm {
    pub complaint_id: String,
    pub kind: DeadlineKind,
    pub level: AlarmLevel,
    pub due: i64,
}
