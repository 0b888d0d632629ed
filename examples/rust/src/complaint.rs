//! Complaints: creation, fields, attributes, lifecycle verbs, history and JSON.
use std::os::raw::{c_char, c_int};
use std::ptr;

use crate::convert::amount;
use crate::deadlines::Deadlines;
use crate::desk::Desk;
use crate::enums::{Channel, Decision, EventKind, Field, Legitimacy, Severity, State};
use crate::error::{strerror, Error, ErrorCode, Result};
use crate::sys;
use crate::text::{c_string, from_c, opt_c_string, ptr_of};

fn known(value: i64) -> Option<i64> {
    (value != sys::REDRESS_AMOUNT_UNKNOWN).then_some(value)
}

/// What a complaint is created from (redress_complaint_fields); amounts in minor units,
/// `None` when unknown (a negative amount is refused: C would read -1 as unknown).
#[derive(Clone, Debug)]
pub struct NewComplaint<'a> {
    pub id: Option<&'a str>,
    pub customer_id: &'a str,
    pub customer_tier: Option<&'a str>,
    pub customer_value: Option<i64>,
    pub channel: Channel,
    pub category: Option<&'a str>,
    pub severity: Severity,
    pub text: Option<&'a str>,
    pub received_at: i64,
    pub order_value: Option<i64>,
    pub claimed_amount: Option<i64>,
    pub requested_remedy: Option<&'a str>,
    pub expectation: Option<i64>,
    pub bottom_line: Option<i64>,
    pub prior_complaints: u32,
    pub prior_compensation: i64,
}

impl<'a> NewComplaint<'a> {
    /// The defaults of REDRESS_COMPLAINT_FIELDS_INIT for one customer and time.
    pub fn new(customer_id: &'a str, received_at: i64) -> Self {
        NewComplaint {
            id: None,
            customer_id,
            customer_tier: None,
            customer_value: None,
            channel: Channel::Phone,
            category: None,
            severity: Severity::Normal,
            text: None,
            received_at,
            order_value: None,
            claimed_amount: None,
            requested_remedy: None,
            expectation: None,
            bottom_line: None,
            prior_complaints: 0,
            prior_compensation: 0,
        }
    }

    pub(crate) fn create<'d>(&self, desk: &'d Desk) -> Result<Complaint<'d>> {
        // The C strings must outlive the call that copies them.
        let id = opt_c_string(self.id, "id")?;
        let customer = c_string(self.customer_id, "customer_id")?;
        let tier = opt_c_string(self.customer_tier, "customer_tier")?;
        let category = opt_c_string(self.category, "category")?;
        let text = opt_c_string(self.text, "text")?;
        let remedy = opt_c_string(self.requested_remedy, "requested_remedy")?;
        // SAFETY: the init function only fills a struct.
        let mut init = unsafe { sys::redress_complaint_fields_init() };
        init.id = ptr_of(&id);
        init.customer_id = customer.as_ptr();
        init.customer_tier = ptr_of(&tier);
        init.customer_value = amount(self.customer_value, "customer_value")?;
        init.channel = self.channel.raw();
        init.category = ptr_of(&category);
        init.severity = self.severity.raw();
        init.text = ptr_of(&text);
        init.received_at = self.received_at;
        init.order_value = amount(self.order_value, "order_value")?;
        init.claimed_amount = amount(self.claimed_amount, "claimed_amount")?;
        init.requested_remedy = ptr_of(&remedy);
        init.expectation = amount(self.expectation, "expectation")?;
        init.bottom_line = amount(self.bottom_line, "bottom_line")?;
        init.prior_complaints = self.prior_complaints;
        init.prior_compensation = self.prior_compensation;
        let mut out = ptr::null_mut();
        // SAFETY: every pointer in `init` is valid for the call.
        desk.check(unsafe { sys::redress_complaint_create(&mut out, desk.raw(), &init) })?;
        Ok(Complaint::owned(desk, out))
    }
}

/// A complaint of a desk; freed on drop.
pub struct Complaint<'d> {
    raw: *mut sys::redress_complaint,
    desk: &'d Desk,
    owned: bool,
}

/// One event of the history, copied out of the complaint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub seq: u32,
    pub kind: EventKind,
    pub at: i64,
    pub actor: String,
    pub note: Option<String>,
    /// The number fields of its kind the event carries (decision, compensation, due,
    /// visible, ...), among `Field::OF_EVENTS`.
    pub numbers: Vec<(Field, i64)>,
    /// The text fields of its kind the event carries (point, demand, remedy, to).
    pub texts: Vec<(Field, String)>,
}

impl Event {
    /// The value of a number field, if the event carries it.
    pub fn number(&self, field: Field) -> Option<i64> {
        self.numbers
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, v)| *v)
    }

    /// The value of a text field, if the event carries it.
    pub fn text(&self, field: Field) -> Option<&str> {
        self.texts
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, v)| v.as_str())
    }
}

/// Iterator over a complaint's history, oldest first.
pub struct Events<'c, 'd> {
    complaint: &'c Complaint<'d>,
    next: usize,
}

impl Iterator for Events<'_, '_> {
    type Item = Event;

    fn next(&mut self) -> Option<Event> {
        // SAFETY: the complaint is alive for 'c; an out-of-range index gives NULL.
        let ev = unsafe { sys::redress_complaint_event(self.complaint.raw, self.next) };
        if ev.is_null() {
            return None;
        }
        self.next += 1;
        Some(read_event(ev))
    }
}

/// A number field of an event, None when the event does not carry it.
fn event_number(ev: *const sys::redress_event, field: Field) -> Option<i64> {
    let mut value = 0i64;
    // SAFETY: `ev` is a live event; NOTFOUND leaves `value` alone.
    let rc = unsafe { sys::redress_event_number(&mut value, ev, field.raw()) };
    (rc == sys::REDRESS_OK).then_some(value)
}

/// A text field of an event, copied; None when absent.
fn event_string(ev: *const sys::redress_event, field: Field) -> Option<String> {
    // SAFETY: `ev` is a live event; the text is copied at once.
    from_c(unsafe { sys::redress_event_string(ev, field.raw()) })
}

/// A number every event carries (sequence, kind, time): its absence is a broken
/// invariant of the library.
fn event_always(ev: *const sys::redress_event, field: Field) -> i64 {
    event_number(ev, field).unwrap_or_else(|| panic!("libredress gave an event without {field:?}"))
}

fn read_event(ev: *const sys::redress_event) -> Event {
    let mut numbers = Vec::new();
    let mut texts = Vec::new();
    for &field in Field::OF_EVENTS {
        if field.is_text() {
            if let Some(t) = event_string(ev, field) {
                texts.push((field, t));
            }
        } else if let Some(v) = event_number(ev, field) {
            numbers.push((field, v));
        }
    }
    let seq = event_always(ev, Field::Seq);
    Event {
        seq: u32::try_from(seq).unwrap_or_else(|_| panic!("libredress gave sequence {seq}")),
        kind: EventKind::from_library(narrow(event_always(ev, Field::Kind))),
        at: event_always(ev, Field::At),
        actor: event_string(ev, Field::Actor).unwrap_or_default(),
        note: event_string(ev, Field::Note),
        numbers,
        texts,
    }
}

/// An enumeration value the library gave as an i64, as the c_int of its enum (a value
/// outside c_int is passed on as -1, which no enumeration has: from_library refuses it).
fn narrow(value: i64) -> c_int {
    c_int::try_from(value).unwrap_or(-1)
}

/// Defines the verbs that take only a time, an actor and a note.
macro_rules! plain_verbs {
    ($($name:ident => $c:ident,)*) => {$(
        pub fn $name(&mut self, at: i64, actor: &str, note: Option<&str>) -> Result<()> {
            // SAFETY (every verb): the complaint is alive and exclusively borrowed, and
            // the strings live until the call returns.
            self.verb(actor, note, |c, a, n| unsafe { sys::$c(c, at, a, n) })
        }
    )*};
}

/// The C verbs that record a decision, remedy and compensation.
type DecisionVerb = unsafe extern "C" fn(
    *mut sys::redress_complaint,
    sys::redress_time,
    *const c_char,
    *const c_char,
    c_int,
    *const c_char,
    i64,
) -> c_int;

/// Defines getters that read one field of the complaint through the library's field
/// getters (`number` or `string`) and convert it.
macro_rules! getters {
    ($($(#[$m:meta])* $name:ident -> $ty:ty = |$v:ident| $conv:expr, $read:ident($field:ident);)*) => {$(
        $(#[$m])*
        pub fn $name(&self) -> $ty {
            let $v = self.$read(Field::$field);
            $conv
        }
    )*};
}

impl<'d> Complaint<'d> {
    pub(crate) fn owned(desk: &'d Desk, raw: *mut sys::redress_complaint) -> Self {
        Complaint {
            raw,
            desk,
            owned: true,
        }
    }

    /// A view of a complaint the library lends to a callback; never freed here.
    pub(crate) fn borrowed(desk: &'d Desk, raw: *const sys::redress_complaint) -> Self {
        Complaint {
            raw: raw as *mut _,
            desk,
            owned: false,
        }
    }

    pub(crate) fn raw(&self) -> *const sys::redress_complaint {
        self.raw
    }

    pub(crate) fn raw_mut(&mut self) -> *mut sys::redress_complaint {
        self.raw
    }

    /// An independent copy, owned by the caller.
    pub fn try_clone(&self) -> Result<Complaint<'d>> {
        let mut out = ptr::null_mut();
        // SAFETY: the complaint is alive.
        self.desk
            .check(unsafe { sys::redress_complaint_clone(&mut out, self.raw) })?;
        Ok(Complaint::owned(self.desk, out))
    }

    /// A number field (redress_complaint_number), as the library gives it: -1 for an
    /// unknown amount, 0 for a satisfaction not given. Invalid for a text field,
    /// NotFound for a field only events carry.
    pub fn number(&self, field: Field) -> Result<i64> {
        let mut out = 0i64;
        // SAFETY: the complaint is alive.
        let rc = unsafe { sys::redress_complaint_number(&mut out, self.raw, field.raw()) };
        if rc != sys::REDRESS_OK {
            // The library leaves the desk's message alone here (it may still hold an
            // earlier failure's sentence), so the field is named here.
            return Err(Error {
                code: ErrorCode::from_raw(rc),
                message: format!("complaint field {field:?}: {}", strerror(rc)),
            });
        }
        Ok(out)
    }

    /// A text field (redress_complaint_string), copied; None when the complaint does
    /// not have it or for a field that is not a text of complaints.
    pub fn string(&self, field: Field) -> Option<String> {
        // SAFETY: the complaint is alive; the text is copied at once.
        from_c(unsafe { sys::redress_complaint_string(self.raw, field.raw()) })
    }

    /// A number field every complaint carries: a failure is a broken invariant.
    fn known_number(&self, field: Field) -> i64 {
        self.number(field)
            .unwrap_or_else(|e| panic!("libredress refused complaint field {field:?}: {e}"))
    }

    /// The complaint's id.
    pub fn id(&self) -> String {
        // SAFETY: the complaint is alive; the id is copied at once.
        from_c(unsafe { sys::redress_complaint_id(self.raw) }).unwrap_or_default()
    }

    /// The lifecycle state.
    pub fn state(&self) -> State {
        // SAFETY: the complaint is alive.
        State::from_library(unsafe { sys::redress_complaint_state(self.raw) })
    }

    getters! {
        customer_id -> String = |v| v.unwrap_or_default(), string(CustomerId);
        customer_tier -> Option<String> = |v| v, string(CustomerTier);
        category -> Option<String> = |v| v, string(Category);
        text -> String = |v| v.unwrap_or_default(), string(Text);
        requested_remedy -> Option<String> = |v| v, string(RequestedRemedy);
        point -> Option<String> = |v| v, string(Point);
        demand -> Option<String> = |v| v, string(Demand);
        remedy -> Option<String> = |v| v, string(Remedy);
        /// The channel it came in on (kept when the conversation moves).
        channel -> Channel = |v| Channel::from_library(narrow(v)), known_number(Channel);
        /// The channel the conversation is on now (the last move_channel's).
        current_channel -> Channel = |v| Channel::from_library(narrow(v)), known_number(CurrentChannel);
        owner -> Option<String> = |v| v, string(Owner);
        team -> Option<String> = |v| v, string(Team);
        severity -> Severity = |v| Severity::from_library(narrow(v)), known_number(Severity);
        decision -> Decision = |v| Decision::from_library(narrow(v)), known_number(Decision);
        legitimacy -> Legitimacy = |v| Legitimacy::from_library(narrow(v)), known_number(Legitimacy);
        /// 1..5 from confirm; None if not confirmed.
        satisfaction -> Option<u8> = |v| u8::try_from(v).ok().filter(|s| *s > 0), known_number(Satisfaction);
        reopen_count -> u32 = |v| u32::try_from(v).unwrap_or(u32::MAX), known_number(ReopenCount);
        escalation_count -> u32 = |v| u32::try_from(v).unwrap_or(u32::MAX), known_number(EscalationCount);
        on_the_spot -> bool = |v| v != 0, known_number(OnTheSpot);
        customer_value -> Option<i64> = |v| known(v), known_number(CustomerValue);
        order_value -> Option<i64> = |v| known(v), known_number(OrderValue);
        claimed_amount -> Option<i64> = |v| known(v), known_number(ClaimedAmount);
        expectation -> Option<i64> = |v| known(v), known_number(Expectation);
        bottom_line -> Option<i64> = |v| known(v), known_number(BottomLine);
        compensation -> Option<i64> = |v| known(v), known_number(Compensation);
        received_at -> i64 = |v| v, known_number(ReceivedAt);
        updated_at -> i64 = |v| v, known_number(UpdatedAt);
        /// The stored revision this copy was loaded or saved at (0: never saved).
        revision -> u64 = |v| u64::try_from(v).unwrap_or_default(), known_number(Revision);
    }

    /// The history, oldest first.
    pub fn events(&self) -> Events<'_, 'd> {
        Events {
            complaint: self,
            next: 0,
        }
    }

    /// Number of events.
    pub fn event_count(&self) -> usize {
        // SAFETY: the complaint is alive.
        unsafe { sys::redress_complaint_event_count(self.raw) }
    }

    /// The deadlines as they stand at `now`.
    pub fn deadlines(&self, now: i64) -> Result<Deadlines> {
        Deadlines::compute(self.desk, self.raw, now)
    }

    /// The canonical JSON document.
    pub fn to_json(&self) -> Result<String> {
        let mut out: *mut c_char = ptr::null_mut();
        let mut len = 0usize;
        // SAFETY: the complaint is alive; the document is copied, then freed (the block
        // knows its allocator, the desk's, and the desk outlives this borrow).
        self.desk
            .check(unsafe { sys::redress_complaint_to_json(&mut out, &mut len, self.raw) })?;
        let bytes = unsafe { std::slice::from_raw_parts(out as *const u8, len) }.to_vec();
        unsafe { sys::redress_free(out.cast()) };
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    // -- attributes --------------------------------------------------------

    /// Set (or replace) a custom attribute.
    pub fn set_attr(&mut self, key: &str, value: &str) -> Result<()> {
        let (key, value) = (c_string(key, "key")?, c_string(value, "value")?);
        // SAFETY: valid C strings; the complaint is exclusively borrowed.
        self.desk.check(unsafe {
            sys::redress_complaint_set_attr(self.raw, key.as_ptr(), value.as_ptr())
        })
    }

    /// Remove a custom attribute (NotFound if absent).
    pub fn unset_attr(&mut self, key: &str) -> Result<()> {
        let key = c_string(key, "key")?;
        // SAFETY: as above.
        self.desk
            .check(unsafe { sys::redress_complaint_unset_attr(self.raw, key.as_ptr()) })
    }

    /// The value of a custom attribute.
    pub fn attr(&self, key: &str) -> Option<String> {
        let key = c_string(key, "key").ok()?;
        // SAFETY: as above; the value is copied at once.
        from_c(unsafe { sys::redress_complaint_attr(self.raw, key.as_ptr()) })
    }

    /// Every attribute, keys in ascending byte order.
    pub fn attrs(&self) -> Vec<(String, String)> {
        // SAFETY: the complaint is alive and every index is in range.
        let n = unsafe { sys::redress_complaint_attr_count(self.raw) };
        (0..n)
            .filter_map(|i| {
                let (mut k, mut v) = (ptr::null(), ptr::null());
                let rc = unsafe { sys::redress_complaint_attr_at(&mut k, &mut v, self.raw, i) };
                (rc == sys::REDRESS_OK)
                    .then(|| (from_c(k).unwrap_or_default(), from_c(v).unwrap_or_default()))
            })
            .collect()
    }

    // -- lifecycle verbs ---------------------------------------------------

    /// Runs a verb with its actor and note as C strings.
    fn verb(
        &mut self,
        actor: &str,
        note: Option<&str>,
        call: impl FnOnce(*mut sys::redress_complaint, *const c_char, *const c_char) -> c_int,
    ) -> Result<()> {
        let actor = c_string(actor, "actor")?;
        let note = opt_c_string(note, "note")?;
        self.desk
            .check(call(self.raw, actor.as_ptr(), ptr_of(&note)))
    }

    plain_verbs! {
        acknowledge => redress_complaint_acknowledge,
        await_customer => redress_complaint_await_customer,
        customer_reply => redress_complaint_customer_reply,
        fulfill => redress_complaint_fulfill,
        close => redress_complaint_close,
        withdraw => redress_complaint_withdraw,
        reopen => redress_complaint_reopen,
        update => redress_complaint_update,
        hold => redress_complaint_hold,
        customer_message => redress_complaint_customer_message,
    }

    /// Runs a verb that records a decision (respond, resolve_on_the_spot).
    #[allow(clippy::too_many_arguments)]
    fn decide(
        &mut self,
        c_verb: DecisionVerb,
        at: i64,
        actor: &str,
        note: Option<&str>,
        decision: Decision,
        remedy: Option<&str>,
        compensation: Option<i64>,
    ) -> Result<()> {
        let remedy = opt_c_string(remedy, "remedy")?;
        let compensation = amount(compensation, "compensation")?;
        // SAFETY: as for every verb; the remedy also lives until the call returns.
        self.verb(actor, note, |c, a, n| unsafe {
            c_verb(c, at, a, n, decision.raw(), ptr_of(&remedy), compensation)
        })
    }

    pub fn investigate(
        &mut self,
        at: i64,
        actor: &str,
        note: Option<&str>,
        point: &str,
        demand: Option<&str>,
    ) -> Result<()> {
        let point = c_string(point, "point")?;
        let demand = opt_c_string(demand, "demand")?;
        self.verb(actor, note, |c, a, n| unsafe {
            sys::redress_complaint_investigate(c, at, a, n, point.as_ptr(), ptr_of(&demand))
        })
    }

    pub fn respond(
        &mut self,
        at: i64,
        actor: &str,
        note: Option<&str>,
        decision: Decision,
        remedy: Option<&str>,
        compensation: Option<i64>,
    ) -> Result<()> {
        self.decide(
            sys::redress_complaint_respond,
            at,
            actor,
            note,
            decision,
            remedy,
            compensation,
        )
    }

    pub fn resolve_on_the_spot(
        &mut self,
        at: i64,
        actor: &str,
        note: Option<&str>,
        decision: Decision,
        remedy: Option<&str>,
        compensation: Option<i64>,
    ) -> Result<()> {
        self.decide(
            sys::redress_complaint_resolve_on_the_spot,
            at,
            actor,
            note,
            decision,
            remedy,
            compensation,
        )
    }

    pub fn confirm(
        &mut self,
        at: i64,
        actor: &str,
        note: Option<&str>,
        satisfaction: u8,
    ) -> Result<()> {
        self.verb(actor, note, |c, a, n| unsafe {
            sys::redress_complaint_confirm(c, at, a, n, c_int::from(satisfaction))
        })
    }

    pub fn note(&mut self, at: i64, actor: &str, note: &str, customer_visible: bool) -> Result<()> {
        self.verb(actor, Some(note), |c, a, n| unsafe {
            sys::redress_complaint_note(c, at, a, n, c_int::from(customer_visible))
        })
    }

    pub fn promise(&mut self, at: i64, actor: &str, note: Option<&str>, due: i64) -> Result<()> {
        self.verb(actor, note, |c, a, n| unsafe {
            sys::redress_complaint_promise(c, at, a, n, due)
        })
    }

    pub fn assess(
        &mut self,
        at: i64,
        actor: &str,
        note: Option<&str>,
        legitimacy: Legitimacy,
    ) -> Result<()> {
        self.verb(actor, note, |c, a, n| unsafe {
            sys::redress_complaint_assess(c, at, a, n, legitimacy.raw())
        })
    }

    pub fn escalate(
        &mut self,
        at: i64,
        actor: &str,
        note: Option<&str>,
        to: Option<&str>,
    ) -> Result<()> {
        let to = opt_c_string(to, "to")?;
        self.verb(actor, note, |c, a, n| unsafe {
            sys::redress_complaint_escalate(c, at, a, n, ptr_of(&to))
        })
    }

    pub fn set_severity(
        &mut self,
        at: i64,
        actor: &str,
        note: Option<&str>,
        severity: Severity,
    ) -> Result<()> {
        self.verb(actor, note, |c, a, n| unsafe {
            sys::redress_complaint_set_severity(c, at, a, n, severity.raw())
        })
    }

    /// The conversation moved to another channel; `channel()` keeps the original.
    pub fn move_channel(
        &mut self,
        at: i64,
        actor: &str,
        note: Option<&str>,
        channel: Channel,
    ) -> Result<()> {
        self.verb(actor, note, |c, a, n| unsafe {
            sys::redress_complaint_move_channel(c, at, a, n, channel.raw())
        })
    }

    /// The whole assignment: the owner and the team as given, None for none.
    pub fn assign(
        &mut self,
        at: i64,
        actor: &str,
        note: Option<&str>,
        owner: Option<&str>,
        team: Option<&str>,
    ) -> Result<()> {
        let owner = opt_c_string(owner, "owner")?;
        let team = opt_c_string(team, "team")?;
        self.verb(actor, note, |c, a, n| unsafe {
            sys::redress_complaint_assign(c, at, a, n, ptr_of(&owner), ptr_of(&team))
        })
    }
}

impl Drop for Complaint<'_> {
    fn drop(&mut self) {
        if self.owned {
            // SAFETY: an owned complaint is freed exactly once, before its desk.
            unsafe { sys::redress_complaint_free(self.raw) }
        }
    }
}

impl std::fmt::Debug for Complaint<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Complaint")
            .field("id", &self.id())
            .field("state", &self.state())
            .field("revision", &self.revision())
            .finish()
    }
}
