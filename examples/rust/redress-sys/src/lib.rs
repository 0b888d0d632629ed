//! Raw declarations of the libredress headers: include/redress.h and the module headers
//! under include/redress/, with redress/experimental.h and redress/sys/store.h: structs,
//! callback types, constants and every function, exactly as C sees them. Everything
//! here is `unsafe` to call; the rest of the crate wraps it. `tests/header.rs` checks
//! this file against the headers.
//!
//! The crate links `-lredress`, whose SONAME, libredress.so.1, is what the binaries
//! record and load: a library of another major version is never picked up.
#![allow(non_camel_case_types)]

use std::os::raw::{c_char, c_int, c_uint, c_void};

pub type redress_time = i64;

pub const REDRESS_VERSION_MAJOR: c_uint = 1;

pub const REDRESS_OK: c_int = 0;
pub const REDRESS_ERR_INVALID: c_int = -1;
pub const REDRESS_ERR_NOMEM: c_int = -2;
pub const REDRESS_ERR_NOTFOUND: c_int = -3;
pub const REDRESS_ERR_EXISTS: c_int = -4;
pub const REDRESS_ERR_CONFLICT: c_int = -5;
pub const REDRESS_ERR_STATE: c_int = -6;
pub const REDRESS_ERR_STORE: c_int = -7;
pub const REDRESS_ERR_PARSE: c_int = -8;
pub const REDRESS_ERR_RANGE: c_int = -9;
pub const REDRESS_ERR_VERSION: c_int = -10;
pub const REDRESS_ERR_USER: c_int = -11;

pub const REDRESS_TIME_MIN: redress_time = 0;
pub const REDRESS_TIME_MAX: redress_time = 253_402_300_799;
pub const REDRESS_TIME_NEVER: redress_time = i64::MAX;
pub const REDRESS_AMOUNT_UNKNOWN: i64 = -1;
pub const REDRESS_SAME_CONTACT_SECONDS: i64 = 3600;
pub const REDRESS_METRICS_TOTAL: c_int = -1;

pub const REDRESS_ALLOCATOR_VERSION: c_uint = 1;
pub const REDRESS_RECORD_VERSION: c_uint = 2;
pub const REDRESS_STORE_VERSION: c_uint = 2;
pub const REDRESS_DESK_OPTIONS_VERSION: c_uint = 2;
pub const REDRESS_CHANGE_VERSION: c_uint = 1;
pub const REDRESS_COMPLAINT_FIELDS_VERSION: c_uint = 2;
pub const REDRESS_POLICY_VERSION: c_uint = 5;
pub const REDRESS_POLICY_KIND_SLOTS: usize = 8;
pub const REDRESS_POLICY_WARN_LEVELS: usize = 4;
pub const REDRESS_POLICY_PAUSE_SLOTS: usize = 4;
pub const REDRESS_DEADLINE_VERSION: c_uint = 1;
pub const REDRESS_RETENTION_MODEL_VERSION: c_uint = 1;
pub const REDRESS_CLASSIFIER_OPTIONS_VERSION: c_uint = 1;
pub const REDRESS_VERDICT_SUMMARY_VERSION: c_uint = 2;
pub const REDRESS_REASON_VERSION: c_uint = 1;
pub const REDRESS_NEGOTIATION_VERSION: c_uint = 1;
pub const REDRESS_PRECEDENT_VERSION: c_uint = 1;

/// Declares opaque handle types: only ever used behind pointers.
macro_rules! opaque {
    ($($name:ident),*) => {$(
        #[repr(C)]
        pub struct $name {
            _private: [u8; 0],
        }
    )*};
}
opaque!(
    redress_desk,
    redress_complaint,
    redress_event,
    redress_deadlines,
    redress_metrics,
    redress_calendar,
    redress_verdict,
    redress_precedents
);

#[repr(C)]
#[derive(Clone, Copy)]
pub struct redress_allocator {
    pub version: c_uint,
    pub alloc: Option<unsafe extern "C" fn(size: usize, ud: *mut c_void) -> *mut c_void>,
    pub realloc:
        Option<unsafe extern "C" fn(ptr: *mut c_void, size: usize, ud: *mut c_void) -> *mut c_void>,
    pub free: Option<unsafe extern "C" fn(ptr: *mut c_void, ud: *mut c_void)>,
    pub ud: *mut c_void,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct redress_change {
    pub version: c_uint,
    pub cursor: u64,
    pub complaint_id: *const c_char,
    pub revision: u64,
    pub kind: c_int,
    pub event_kind: c_int,
    pub event_seq: u32,
    pub deadline_kind: c_int,
    pub level: c_int,
    pub anchor: u32,
    pub at: redress_time,
    pub due: redress_time,
}

/// redress_write_cb (experimental): the next `len` bytes of a return, not NUL-terminated.
pub type redress_write_cb =
    Option<unsafe extern "C" fn(data: *const c_char, len: usize, payload: *mut c_void) -> c_int>;

pub type redress_change_cb =
    Option<unsafe extern "C" fn(change: *const redress_change, payload: *mut c_void) -> c_int>;

#[repr(C)]
#[derive(Clone, Copy)]
pub struct redress_record {
    pub version: c_uint,
    pub id: *const c_char,
    pub customer_id: *const c_char,
    pub state: c_int,
    pub severity: c_int,
    pub channel: c_int,
    pub received_at: redress_time,
    pub updated_at: redress_time,
    pub next_alarm: redress_time,
    pub revision: u64,
    pub doc: *const c_char,
    pub doc_len: usize,
    // version 2
    pub owner: *const c_char,
    pub team: *const c_char,
    pub tenant: *const c_char,
    pub changes: *const redress_change,
    pub n_changes: usize,
}

pub type redress_record_cb =
    Option<unsafe extern "C" fn(record: *const redress_record, payload: *mut c_void) -> c_int>;

#[repr(C)]
#[derive(Clone, Copy)]
pub struct redress_store {
    pub version: c_uint,
    pub ud: *mut c_void,
    pub load: Option<
        unsafe extern "C" fn(
            ud: *mut c_void,
            id: *const c_char,
            cb: redress_record_cb,
            payload: *mut c_void,
        ) -> c_int,
    >,
    pub save: Option<
        unsafe extern "C" fn(
            ud: *mut c_void,
            record: *const redress_record,
            expected_revision: u64,
        ) -> c_int,
    >,
    pub remove: Option<
        unsafe extern "C" fn(ud: *mut c_void, id: *const c_char, expected_revision: u64) -> c_int,
    >,
    pub scan: Option<
        unsafe extern "C" fn(ud: *mut c_void, cb: redress_record_cb, payload: *mut c_void) -> c_int,
    >,
    pub due: Option<
        unsafe extern "C" fn(
            ud: *mut c_void,
            until: redress_time,
            cb: redress_record_cb,
            payload: *mut c_void,
        ) -> c_int,
    >,
    pub by_customer: Option<
        unsafe extern "C" fn(
            ud: *mut c_void,
            customer_id: *const c_char,
            cb: redress_record_cb,
            payload: *mut c_void,
        ) -> c_int,
    >,
    pub destroy: Option<unsafe extern "C" fn(ud: *mut c_void)>,
    pub errmsg: Option<unsafe extern "C" fn(ud: *mut c_void) -> *const c_char>,
    pub feed: Option<
        unsafe extern "C" fn(
            ud: *mut c_void,
            after: u64,
            limit: usize,
            cb: redress_change_cb,
            payload: *mut c_void,
        ) -> c_int,
    >,
    pub remove_logged: Option<
        unsafe extern "C" fn(
            ud: *mut c_void,
            id: *const c_char,
            expected_revision: u64,
            change: *const redress_change,
        ) -> c_int,
    >,
    pub for_tenant: Option<
        unsafe extern "C" fn(
            ud: *mut c_void,
            tenant: *const c_char,
            out: *mut redress_store,
        ) -> c_int,
    >,
}

pub type redress_clock_fn = Option<unsafe extern "C" fn(ud: *mut c_void) -> redress_time>;
pub type redress_period_fn = Option<
    unsafe extern "C" fn(user: *mut c_void, opens: redress_time, closes: redress_time) -> c_int,
>;

#[repr(C)]
#[derive(Clone, Copy)]
pub struct redress_desk_options {
    pub version: c_uint,
    pub allocator: *const redress_allocator,
    pub clock: redress_clock_fn,
    pub clock_ud: *mut c_void,
    pub store: *const redress_store,
    pub zoneinfo_dir: *const c_char,
    pub tenant: *const c_char,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct redress_complaint_fields {
    pub version: c_uint,
    pub id: *const c_char,
    pub customer_id: *const c_char,
    pub customer_tier: *const c_char,
    pub customer_value: i64,
    pub channel: c_int,
    pub category: *const c_char,
    pub severity: c_int,
    pub text: *const c_char,
    pub received_at: redress_time,
    pub order_value: i64,
    pub claimed_amount: i64,
    pub requested_remedy: *const c_char,
    pub expectation: i64,
    pub bottom_line: i64,
    pub prior_complaints: u32,
    pub prior_compensation: i64,
    pub product: *const c_char,
    pub cause: *const c_char,
}

#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct redress_span {
    pub amount: i64,
    pub unit: c_int,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct redress_policy {
    pub version: c_uint,
    pub name: *const c_char,
    pub channels: u32,
    pub min_severity: c_int,
    pub category: *const c_char,
    pub customer_tier: *const c_char,
    pub calendar: *const c_char,
    pub acknowledge: redress_span,
    pub update_every: redress_span,
    pub resolve: redress_span,
    pub resolve_extended: redress_span,
    pub follow_up: redress_span,
    pub warn_percent: c_int,
    pub pause_when_awaiting_customer: c_int,
    pub min_compensation: i64,
    pub max_compensation: i64,
    // version 2
    pub next_reply: redress_span,
    // version 3
    pub policy_version: c_uint,
    pub warn_levels: [[c_int; REDRESS_POLICY_WARN_LEVELS]; REDRESS_POLICY_KIND_SLOTS],
    pub pause_stops: [u32; REDRESS_POLICY_PAUSE_SLOTS],
    // version 4
    pub summary_resolve: redress_span,
    // version 5
    pub team: *const c_char,
}

/// Output of redress_deadlines_get: the caller sets `version`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct redress_deadline {
    pub version: c_uint,
    pub kind: c_int,
    pub state: c_int,
    pub due: redress_time,
    pub warn_at: redress_time,
    pub met_at: redress_time,
    pub anchor: u32,
}

pub type redress_alarm_cb = Option<
    unsafe extern "C" fn(
        complaint: *const redress_complaint,
        kind: c_int,
        level: c_int,
        due: redress_time,
        payload: *mut c_void,
    ) -> c_int,
>;

pub type redress_complaint_cb = Option<
    unsafe extern "C" fn(complaint: *const redress_complaint, payload: *mut c_void) -> c_int,
>;

#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct redress_retention_model {
    pub version: c_uint,
    pub voice_rate: f64,
    pub silent_churn: f64,
    pub retention_on_the_spot: f64,
    pub retention_resolved: f64,
    pub retention_unresolved: f64,
    pub word_of_mouth: f64,
}

#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct redress_classifier_options {
    pub version: c_uint,
    pub emotional_threshold: f64,
    pub rational_threshold: f64,
    pub mixed_ratio: f64,
    pub claim_ratio_max: f64,
    pub max_compensation: i64,
    pub min_compensation: i64,
    pub serial_min_count: u32,
    pub serial_min_ratio: f64,
    pub repeat_min_count: u32,
    pub history_days: u32,
    pub use_store_history: c_int,
}

/// Output of redress_verdict_get: the caller sets `version`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct redress_verdict_summary {
    pub version: c_uint,
    pub temperament: c_int,
    pub rational: f64,
    pub emotional: f64,
    pub legitimacy: c_int,
    pub confidence: f64,
    pub risks: u32,
    pub playbook: u32,
    pub severity: c_int,
    pub offer: i64,
    pub reason_count: usize,
    pub formality: c_int,
}

/// Output of redress_verdict_reason: the caller sets `version`; the strings are
/// borrowed from the verdict.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct redress_reason {
    pub version: c_uint,
    pub rule: *const c_char,
    pub weight: f64,
    pub has_span: c_int,
    pub offset: usize,
    pub length: usize,
    pub field: *const c_char,
    pub value: *const c_char,
}

#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct redress_negotiation {
    pub version: c_uint,
    pub expectation: i64,
    pub bottom_line: i64,
    pub policy_min: i64,
    pub policy_max: i64,
    pub offer_permille: c_int,
}

/// Output of redress_precedents_get (experimental): the caller sets `version`; the
/// strings are borrowed from the list.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct redress_precedent {
    pub version: c_uint,
    pub id: *const c_char,
    pub similarity: f64,
    pub decision: c_int,
    pub remedy: *const c_char,
    pub compensation: i64,
}

#[link(name = "redress")]
extern "C" {
    // redress/common.h
    pub fn redress_version() -> *const c_char;
    pub fn redress_version_number() -> c_uint;
    pub fn redress_strerror(code: c_int) -> *const c_char;
    pub fn redress_allocator_init() -> redress_allocator;
    pub fn redress_enum_name(enumeration: c_int, value: c_int) -> *const c_char;
    pub fn redress_free(ptr: *mut c_void);
    // redress/desk.h
    pub fn redress_desk_options_init() -> redress_desk_options;
    pub fn redress_desk_open(
        out: *mut *mut redress_desk,
        options: *const redress_desk_options,
    ) -> c_int;
    pub fn redress_desk_close(desk: *mut redress_desk);
    pub fn redress_desk_errmsg(desk: *const redress_desk) -> *const c_char;
    pub fn redress_desk_now(desk: *const redress_desk) -> redress_time;
    pub fn redress_desk_save(desk: *mut redress_desk, complaint: *mut redress_complaint) -> c_int;
    pub fn redress_desk_load(
        out: *mut *mut redress_complaint,
        desk: *mut redress_desk,
        id: *const c_char,
    ) -> c_int;
    pub fn redress_desk_remove(desk: *mut redress_desk, id: *const c_char, revision: u64) -> c_int;
    pub fn redress_desk_each(
        desk: *mut redress_desk,
        cb: redress_complaint_cb,
        payload: *mut c_void,
    ) -> c_int;
    pub fn redress_desk_feed(
        desk: *mut redress_desk,
        after: u64,
        limit: usize,
        cb: redress_change_cb,
        payload: *mut c_void,
    ) -> c_int;
    // redress/complaint.h
    pub fn redress_complaint_fields_init() -> redress_complaint_fields;
    pub fn redress_complaint_create(
        out: *mut *mut redress_complaint,
        desk: *mut redress_desk,
        fields: *const redress_complaint_fields,
    ) -> c_int;
    pub fn redress_complaint_free(complaint: *mut redress_complaint);
    pub fn redress_complaint_clone(
        out: *mut *mut redress_complaint,
        complaint: *const redress_complaint,
    ) -> c_int;
    pub fn redress_complaint_number(
        out: *mut i64,
        complaint: *const redress_complaint,
        field: c_int,
    ) -> c_int;
    pub fn redress_complaint_string(
        complaint: *const redress_complaint,
        field: c_int,
    ) -> *const c_char;
    pub fn redress_complaint_id(complaint: *const redress_complaint) -> *const c_char;
    pub fn redress_complaint_state(complaint: *const redress_complaint) -> c_int;
    pub fn redress_complaint_set_attr(
        complaint: *mut redress_complaint,
        key: *const c_char,
        value: *const c_char,
    ) -> c_int;
    pub fn redress_complaint_unset_attr(
        complaint: *mut redress_complaint,
        key: *const c_char,
    ) -> c_int;
    pub fn redress_complaint_attr(
        complaint: *const redress_complaint,
        key: *const c_char,
    ) -> *const c_char;
    pub fn redress_complaint_attr_count(complaint: *const redress_complaint) -> usize;
    pub fn redress_complaint_attr_at(
        key: *mut *const c_char,
        value: *mut *const c_char,
        complaint: *const redress_complaint,
        index: usize,
    ) -> c_int;
    pub fn redress_complaint_to_json(
        out: *mut *mut c_char,
        out_len: *mut usize,
        complaint: *const redress_complaint,
    ) -> c_int;
    pub fn redress_complaint_from_json(
        out: *mut *mut redress_complaint,
        desk: *mut redress_desk,
        json: *const c_char,
        len: usize,
    ) -> c_int;
    // redress/lifecycle.h
    pub fn redress_complaint_acknowledge(
        complaint: *mut redress_complaint,
        at: redress_time,
        actor: *const c_char,
        note: *const c_char,
    ) -> c_int;
    pub fn redress_complaint_investigate(
        complaint: *mut redress_complaint,
        at: redress_time,
        actor: *const c_char,
        note: *const c_char,
        point: *const c_char,
        demand: *const c_char,
    ) -> c_int;
    pub fn redress_complaint_await_customer(
        complaint: *mut redress_complaint,
        at: redress_time,
        actor: *const c_char,
        note: *const c_char,
    ) -> c_int;
    pub fn redress_complaint_customer_reply(
        complaint: *mut redress_complaint,
        at: redress_time,
        actor: *const c_char,
        note: *const c_char,
    ) -> c_int;
    pub fn redress_complaint_respond(
        complaint: *mut redress_complaint,
        at: redress_time,
        actor: *const c_char,
        note: *const c_char,
        decision: c_int,
        remedy: *const c_char,
        compensation: i64,
    ) -> c_int;
    pub fn redress_complaint_fulfill(
        complaint: *mut redress_complaint,
        at: redress_time,
        actor: *const c_char,
        note: *const c_char,
    ) -> c_int;
    pub fn redress_complaint_resolve_on_the_spot(
        complaint: *mut redress_complaint,
        at: redress_time,
        actor: *const c_char,
        note: *const c_char,
        decision: c_int,
        remedy: *const c_char,
        compensation: i64,
    ) -> c_int;
    pub fn redress_complaint_confirm(
        complaint: *mut redress_complaint,
        at: redress_time,
        actor: *const c_char,
        note: *const c_char,
        satisfaction: c_int,
    ) -> c_int;
    pub fn redress_complaint_close(
        complaint: *mut redress_complaint,
        at: redress_time,
        actor: *const c_char,
        note: *const c_char,
    ) -> c_int;
    pub fn redress_complaint_withdraw(
        complaint: *mut redress_complaint,
        at: redress_time,
        actor: *const c_char,
        note: *const c_char,
    ) -> c_int;
    pub fn redress_complaint_reopen(
        complaint: *mut redress_complaint,
        at: redress_time,
        actor: *const c_char,
        note: *const c_char,
    ) -> c_int;
    pub fn redress_complaint_note(
        complaint: *mut redress_complaint,
        at: redress_time,
        actor: *const c_char,
        note: *const c_char,
        customer_visible: c_int,
    ) -> c_int;
    pub fn redress_complaint_update(
        complaint: *mut redress_complaint,
        at: redress_time,
        actor: *const c_char,
        note: *const c_char,
    ) -> c_int;
    pub fn redress_complaint_promise(
        complaint: *mut redress_complaint,
        at: redress_time,
        actor: *const c_char,
        note: *const c_char,
        due: redress_time,
    ) -> c_int;
    pub fn redress_complaint_hold(
        complaint: *mut redress_complaint,
        at: redress_time,
        actor: *const c_char,
        note: *const c_char,
    ) -> c_int;
    pub fn redress_complaint_assess(
        complaint: *mut redress_complaint,
        at: redress_time,
        actor: *const c_char,
        note: *const c_char,
        legitimacy: c_int,
    ) -> c_int;
    pub fn redress_complaint_escalate(
        complaint: *mut redress_complaint,
        at: redress_time,
        actor: *const c_char,
        note: *const c_char,
        to: *const c_char,
    ) -> c_int;
    pub fn redress_complaint_set_severity(
        complaint: *mut redress_complaint,
        at: redress_time,
        actor: *const c_char,
        note: *const c_char,
        severity: c_int,
    ) -> c_int;
    pub fn redress_complaint_customer_message(
        complaint: *mut redress_complaint,
        at: redress_time,
        actor: *const c_char,
        note: *const c_char,
    ) -> c_int;
    pub fn redress_complaint_await_third_party(
        complaint: *mut redress_complaint,
        at: redress_time,
        actor: *const c_char,
        note: *const c_char,
        party: *const c_char,
    ) -> c_int;
    pub fn redress_complaint_third_party_reply(
        complaint: *mut redress_complaint,
        at: redress_time,
        actor: *const c_char,
        note: *const c_char,
    ) -> c_int;
    pub fn redress_complaint_migrate_policy(
        complaint: *mut redress_complaint,
        at: redress_time,
        actor: *const c_char,
        note: *const c_char,
    ) -> c_int;
    pub fn redress_complaint_move_channel(
        complaint: *mut redress_complaint,
        at: redress_time,
        actor: *const c_char,
        note: *const c_char,
        channel: c_int,
    ) -> c_int;
    pub fn redress_complaint_assign(
        complaint: *mut redress_complaint,
        at: redress_time,
        actor: *const c_char,
        note: *const c_char,
        owner: *const c_char,
        team: *const c_char,
    ) -> c_int;
    pub fn redress_complaint_event_count(complaint: *const redress_complaint) -> usize;
    pub fn redress_complaint_event(
        complaint: *const redress_complaint,
        index: usize,
    ) -> *const redress_event;
    pub fn redress_event_number(out: *mut i64, event: *const redress_event, field: c_int) -> c_int;
    pub fn redress_event_string(event: *const redress_event, field: c_int) -> *const c_char;
    // redress/calendar.h
    pub fn redress_calendar_parse(
        out: *mut *mut redress_calendar,
        desk: *mut redress_desk,
        spec: *const c_char,
        len: usize,
    ) -> c_int;
    pub fn redress_calendar_add(
        out: *mut redress_time,
        cal: *const redress_calendar,
        start: redress_time,
        amount: i64,
        unit: c_int,
    ) -> c_int;
    pub fn redress_calendar_elapsed(
        out: *mut i64,
        cal: *const redress_calendar,
        from: redress_time,
        to: redress_time,
    ) -> c_int;
    pub fn redress_calendar_is_open(cal: *const redress_calendar, at: redress_time) -> c_int;
    pub fn redress_calendar_period(
        cal: *const redress_calendar,
        at: redress_time,
        dir: c_int,
        opens: *mut redress_time,
        closes: *mut redress_time,
    ) -> c_int;
    pub fn redress_calendar_periods(
        cal: *const redress_calendar,
        from: redress_time,
        to: redress_time,
        fn_: redress_period_fn,
        user: *mut c_void,
    ) -> c_int;
    pub fn redress_calendar_free(cal: *mut redress_calendar);
    pub fn redress_calendar_spec(cal: *const redress_calendar) -> *const c_char;
    pub fn redress_desk_add_calendar(
        desk: *mut redress_desk,
        name: *const c_char,
        spec: *const c_char,
        len: usize,
    ) -> c_int;
    // redress/deadlines.h
    pub fn redress_policy_init() -> redress_policy;
    pub fn redress_desk_add_policy(desk: *mut redress_desk, policy: *const redress_policy)
        -> c_int;
    pub fn redress_builtin_spec(
        name: *const c_char,
        index: usize,
        out_name: *mut *const c_char,
        text: *mut *const c_char,
        len: *mut usize,
    ) -> c_int;
    pub fn redress_desk_load_policies(
        desk: *mut redress_desk,
        spec: *const c_char,
        len: usize,
    ) -> c_int;
    pub fn redress_desk_policy(
        out: *mut redress_policy,
        desk: *mut redress_desk,
        name: *const c_char,
        policy_version: c_uint,
    ) -> c_int;
    pub fn redress_policy_spec(
        out: *mut *mut c_char,
        out_len: *mut usize,
        desk: *mut redress_desk,
        policy: *const redress_policy,
    ) -> c_int;
    pub fn redress_complaint_deadlines(
        out: *mut *mut redress_deadlines,
        complaint: *const redress_complaint,
        now: redress_time,
    ) -> c_int;
    pub fn redress_deadlines_free(deadlines: *mut redress_deadlines);
    pub fn redress_deadlines_count(deadlines: *const redress_deadlines) -> usize;
    pub fn redress_deadlines_policy(deadlines: *const redress_deadlines) -> *const c_char;
    pub fn redress_deadlines_policy_version(deadlines: *const redress_deadlines) -> c_uint;
    pub fn redress_deadlines_next_alarm(deadlines: *const redress_deadlines) -> redress_time;
    pub fn redress_deadlines_get(
        out: *mut redress_deadline,
        deadlines: *const redress_deadlines,
        i: usize,
    ) -> c_int;
    pub fn redress_desk_tick(
        desk: *mut redress_desk,
        now: redress_time,
        on_alarm: redress_alarm_cb,
        payload: *mut c_void,
    ) -> c_int;
    // redress/classify.h
    pub fn redress_classifier_options_init() -> redress_classifier_options;
    pub fn redress_desk_set_classifier(
        desk: *mut redress_desk,
        options: *const redress_classifier_options,
    ) -> c_int;
    pub fn redress_desk_classifier(
        out: *mut redress_classifier_options,
        desk: *const redress_desk,
    ) -> c_int;
    pub fn redress_classify(
        out: *mut *mut redress_verdict,
        desk: *mut redress_desk,
        complaint: *const redress_complaint,
    ) -> c_int;
    pub fn redress_classify_text(
        out: *mut *mut redress_verdict,
        desk: *mut redress_desk,
        text: *const c_char,
        len: usize,
    ) -> c_int;
    pub fn redress_verdict_free(verdict: *mut redress_verdict);
    pub fn redress_verdict_get(
        out: *mut redress_verdict_summary,
        verdict: *const redress_verdict,
    ) -> c_int;
    pub fn redress_verdict_reason(
        out: *mut redress_reason,
        verdict: *const redress_verdict,
        i: usize,
    ) -> c_int;
    // redress/metrics.h
    pub fn redress_retention_model_init() -> redress_retention_model;
    pub fn redress_metrics_new(
        out: *mut *mut redress_metrics,
        desk: *mut redress_desk,
        model: *const redress_retention_model,
        group_by: c_int,
        as_of: redress_time,
    ) -> c_int;
    pub fn redress_metrics_free(metrics: *mut redress_metrics);
    pub fn redress_metrics_add(
        metrics: *mut redress_metrics,
        complaint: *const redress_complaint,
    ) -> c_int;
    pub fn redress_metrics_add_many(
        added: *mut usize,
        metrics: *mut redress_metrics,
        complaints: *const *mut redress_complaint,
        count: usize,
    ) -> c_int;
    pub fn redress_metrics_add_store(
        metrics: *mut redress_metrics,
        from: redress_time,
        to: redress_time,
    ) -> c_int;
    pub fn redress_metrics_value(
        out: *mut f64,
        metrics: *mut redress_metrics,
        group: c_int,
        metric: c_int,
    ) -> c_int;
    pub fn redress_metrics_group_count(metrics: *const redress_metrics) -> usize;
    pub fn redress_metrics_group_key(
        metrics: *const redress_metrics,
        group: c_int,
    ) -> *const c_char;
    pub fn redress_metrics_group_find(
        out: *mut c_int,
        metrics: *const redress_metrics,
        key: *const c_char,
    ) -> c_int;
    // redress/experimental.h: outside the ABI promise (docs/abi.md)
    pub fn redress_negotiation_init() -> redress_negotiation;
    pub fn redress_settle(
        outcome: *mut c_int,
        offer: *mut i64,
        zone_low: *mut i64,
        zone_high: *mut i64,
        negotiation: *const redress_negotiation,
    ) -> c_int;
    pub fn redress_desk_precedents(
        out: *mut *mut redress_precedents,
        desk: *mut redress_desk,
        complaint: *const redress_complaint,
        max_count: usize,
    ) -> c_int;
    pub fn redress_precedents_free(precedents: *mut redress_precedents);
    pub fn redress_precedents_count(precedents: *const redress_precedents) -> usize;
    pub fn redress_precedents_get(
        out: *mut redress_precedent,
        precedents: *const redress_precedents,
        i: usize,
    ) -> c_int;
    pub fn redress_desk_add_cues(desk: *mut redress_desk, tsv: *const c_char, len: usize) -> c_int;
    pub fn redress_desk_return(
        desk: *mut redress_desk,
        kind: c_int,
        format: c_int,
        from: redress_time,
        to: redress_time,
        write: redress_write_cb,
        payload: *mut c_void,
    ) -> c_int;
    pub fn redress_metrics_exact(
        buf: *mut c_char,
        size: usize,
        metrics: *mut redress_metrics,
        group: c_int,
        metric: c_int,
    ) -> c_int;
    // redress/sys/store.h
    pub fn redress_store_init() -> redress_store;
    pub fn redress_memory_store_new(
        out: *mut redress_store,
        allocator: *const redress_allocator,
    ) -> c_int;
}
