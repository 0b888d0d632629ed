//! The header's enumerations as Rust enums with their C values.
use std::os::raw::c_int;

/// Defines a C-like enum whose discriminants are the header's values, with conversions.
macro_rules! c_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $value:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(i32)]
        pub enum $name { $($variant = $value),* }

        impl $name {
            /// Every value, in the header's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The enum for a C value, or None outside the enumeration.
            pub fn from_raw(value: c_int) -> Option<Self> {
                match value {
                    $($value => Some($name::$variant),)*
                    _ => None,
                }
            }

            /// The C value.
            pub fn raw(self) -> c_int {
                self as c_int
            }

            /// The enum for a value the library itself returned; the library only
            /// returns values of the enumeration, so anything else is a broken invariant.
            #[allow(dead_code)] // not every enumeration is read back from the library
            pub(crate) fn from_library(value: c_int) -> Self {
                Self::from_raw(value).unwrap_or_else(|| {
                    panic!("libredress returned {} for {}", value, stringify!($name))
                })
            }
        }
    };
}

c_enum!(
    /// Where a complaint came in (redress_channel).
    Channel { Phone = 0, Email = 1, Web = 2, Chat = 3, Social = 4, InPerson = 5, Letter = 6,
              Media = 7, Regulator = 8, Survey = 9 }
);
c_enum!(
    /// How serious a complaint is (redress_severity).
    Severity { Low = 0, Normal = 1, High = 2, Critical = 3 }
);
c_enum!(
    /// Lifecycle state (redress_state).
    State { Received = 0, Acknowledged = 1, Investigating = 2, AwaitingCustomer = 3,
            Responded = 4, Resolved = 5, Closed = 6, Withdrawn = 7 }
);
c_enum!(
    /// The company's decision (redress_decision).
    Decision { None = 0, Upheld = 1, PartlyUpheld = 2, Declined = 3 }
);
c_enum!(
    /// Whether a complaint is reasonable (redress_legitimacy).
    Legitimacy { Unknown = 0, Reasonable = 1, Misinformed = 2, Unrealistic = 3, Malicious = 4 }
);
c_enum!(
    /// Kinds of history events (redress_event_kind).
    EventKind { Create = 0, Acknowledge = 1, Investigate = 2, AwaitCustomer = 3,
                CustomerReply = 4, Respond = 5, Fulfill = 6, ResolveOnTheSpot = 7, Confirm = 8,
                Close = 9, Withdraw = 10, Reopen = 11, Note = 12, Update = 13, Promise = 14,
                Hold = 15, Assess = 16, Escalate = 17, SetSeverity = 18,
                CustomerMessage = 19, MoveChannel = 20, Assign = 21,
                MigratePolicy = 22, AwaitThirdParty = 23, ThirdPartyReply = 24 }
);
c_enum!(
    /// The fields of complaints and events (redress_field), read with
    /// `Complaint::number` / `Complaint::string` and found in `Event::numbers` / `texts`.
    Field { Decision = 0, Compensation = 1, Satisfaction = 2, Legitimacy = 3, Severity = 4,
            Visible = 5, Due = 6, Point = 7, Demand = 8, Remedy = 9, To = 10, Seq = 11,
            Kind = 12, At = 13, Actor = 14, Note = 15, Id = 16, CustomerId = 17,
            CustomerTier = 18, Category = 19, Text = 20, RequestedRemedy = 21, Channel = 22,
            State = 23, ReopenCount = 24, EscalationCount = 25, OnTheSpot = 26,
            CustomerValue = 27, OrderValue = 28, ClaimedAmount = 29, Expectation = 30,
            BottomLine = 31, PriorCompensation = 32, PriorComplaints = 33, ReceivedAt = 34,
            UpdatedAt = 35, Revision = 36, Owner = 37, Team = 38, CurrentChannel = 39,
            Product = 40, Cause = 41 }
);

impl Field {
    /// The fields an event carries according to its kind (every event also has a
    /// sequence number, kind, time, actor and maybe a note, which are `Event` members).
    pub const OF_EVENTS: &'static [Field] = &[
        Field::Decision,
        Field::Compensation,
        Field::Satisfaction,
        Field::Legitimacy,
        Field::Severity,
        Field::Visible,
        Field::Due,
        Field::Point,
        Field::Demand,
        Field::Remedy,
        Field::To,
        Field::Owner,
        Field::Team,
        Field::Channel,
    ];

    /// Whether the field is a text (read with the string getters), not a number.
    pub fn is_text(self) -> bool {
        matches!(
            self,
            Field::Point
                | Field::Demand
                | Field::Remedy
                | Field::To
                | Field::Actor
                | Field::Note
                | Field::Id
                | Field::CustomerId
                | Field::CustomerTier
                | Field::Category
                | Field::Text
                | Field::RequestedRemedy
                | Field::Owner
                | Field::Team
                | Field::Product
                | Field::Cause
        )
    }
}

c_enum!(
    /// The enumerations redress_enum_name() names (redress_enum).
    EnumKind { Channel = 0, Severity = 1, State = 2, Decision = 3, Legitimacy = 4,
               EventKind = 5, DeadlineKind = 6, DeadlineState = 7, AlarmLevel = 8,
               Temperament = 9, Risk = 10, Playbook = 11, Metric = 12, Field = 13,
               SpanUnit = 14, GroupBy = 15, ChangeKind = 16,
               Formality = 17 }
);
c_enum!(
    /// The unit of a span of time (redress_span_unit).
    SpanUnit { CalendarSeconds = 0, BusinessSeconds = 1, BusinessDays = 2 }
);
c_enum!(
    /// Kinds of deadlines (redress_deadline_kind).
    DeadlineKind { Acknowledge = 0, Update = 1, Resolve = 2, Promise = 3, FollowUp = 4,
                   NextReply = 5 }
);
c_enum!(
    /// Where a deadline stands (redress_deadline_state).
    DeadlineState { Pending = 0, Paused = 1, Met = 2, MetLate = 3, Breached = 4 }
);
c_enum!(
    /// Alarm levels of a tick (redress_alarm_level).
    AlarmLevel { Warning = 0, Breach = 1, Warning2 = 2, Warning3 = 3, Warning4 = 4 }
);
c_enum!(
    /// Why clocks may stop (redress_pause_reason).
    PauseReason { AwaitingCustomer = 0, AwaitingThirdParty = 1 }
);
c_enum!(
    /// What a change of the feed did to its complaint (redress_change_kind).
    ChangeKind { Created = 0, Event = 1, Alarm = 2, Saved = 3, Removed = 4 }
);
c_enum!(
    /// What the customer wants (redress_temperament).
    Temperament { Unknown = 0, Rational = 1, Emotional = 2, Mixed = 3 }
);
c_enum!(
    /// The register the customer writes in (redress_formality).
    Formality { Unknown = 0, Formal = 1, Informal = 2 }
);
c_enum!(
    /// How a metrics accumulator groups complaints (redress_group_by).
    GroupBy { None = 0, Channel = 1, Category = 2, Temperament = 3, Legitimacy = 4,
              Severity = 5, Owner = 6, Team = 7, Week = 8, Month = 9 }
);
c_enum!(
    /// The values a metrics accumulator reports (redress_metric).
    Metric {
        Complaints = 0, StateReceived = 1, StateAcknowledged = 2, StateInvestigating = 3,
        StateAwaitingCustomer = 4, StateResponded = 5, StateResolved = 6, StateClosed = 7,
        StateWithdrawn = 8, DecisionNone = 9, DecisionUpheld = 10, DecisionPartlyUpheld = 11,
        DecisionDeclined = 12, OnTheSpot = 13, FirstContactResolutionRate = 14, Resolved = 15,
        OutcomeOnTheSpot = 16, OutcomeResolved = 17, OutcomeUnresolved = 18,
        AcknowledgeDeadlines = 19, AcknowledgeOnTimeRate = 20, AcknowledgeBreaches = 21,
        UpdateDeadlines = 22, UpdateOnTimeRate = 23, UpdateBreaches = 24,
        ResolveDeadlines = 25, ResolveOnTimeRate = 26, ResolveBreaches = 27,
        PromiseDeadlines = 28, PromiseOnTimeRate = 29, PromiseBreaches = 30,
        FollowUpDeadlines = 31, FollowUpOnTimeRate = 32, FollowUpBreaches = 33, Contacted = 34,
        TimeToAcknowledgeMean = 35, TimeToAcknowledgeMedian = 36, TimeToAcknowledgeP90 = 37,
        TimeToAcknowledgeBusinessMean = 38, TimeToAcknowledgeBusinessMedian = 39,
        TimeToAcknowledgeBusinessP90 = 40, TimeToResolveMean = 41, TimeToResolveMedian = 42,
        TimeToResolveP90 = 43, TimeToResolveBusinessMean = 44,
        TimeToResolveBusinessMedian = 45, TimeToResolveBusinessP90 = 46, Reopened = 47,
        Reopens = 48, ReopenRate = 49, SatisfactionAnswers = 50, SatisfactionMean = 51,
        SatisfiedShare = 52, Compensated = 53, CompensationPaid = 54, ExpectedRetained = 55,
        ExpectedLost = 56, RetentionRate = 57, RevenueAtRisk = 58, ValueUnknown = 59,
        SilentDissatisfied = 60, SilentLost = 61, DissatisfiedComplainants = 62,
        WordOfMouthReach = 63, CustomersSaved = 64, NextReplyDeadlines = 65,
        NextReplyOnTimeRate = 66, NextReplyBreaches = 67,
    }
);

/// Escalation risks: bits of a mask (redress_risk).
pub mod risk {
    pub const MEDIA: u32 = 0x01;
    pub const SOCIAL: u32 = 0x02;
    pub const REGULATOR: u32 = 0x04;
    pub const LEGAL: u32 = 0x08;
    pub const CHURN: u32 = 0x10;
    pub const ABUSE: u32 = 0x20;
    pub const REPEAT: u32 = 0x40;
    pub const MANAGER: u32 = 0x80;
}

/// Recommended actions: bits of a mask (redress_playbook).
pub mod playbook {
    pub const EMPATHIZE: u32 = 0x001;
    pub const APOLOGIZE: u32 = 0x002;
    pub const EXPLAIN_CAUSE: u32 = 0x004;
    pub const GIVE_FACTS: u32 = 0x008;
    pub const OFFER_REMEDY: u32 = 0x010;
    pub const GIVE_DEADLINE: u32 = 0x020;
    pub const MOVE_TO_PHONE: u32 = 0x040;
    pub const ESCALATE: u32 = 0x080;
    pub const FOLLOW_UP: u32 = 0x100;
    pub const DECLINE_POLITELY: u32 = 0x200;
    pub const REFUND_AND_PART: u32 = 0x400;
}
