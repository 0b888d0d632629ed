"""The header's enumerations as Python enums; values are the C values, never renumbered.

tests/test_header.py parses the headers (include/redress.h and include/redress/) and
checks every member here against them.
"""
from __future__ import annotations

import enum


class Error(enum.IntEnum):
    """Return codes (redress_error): 0 is success, failures are negative."""
    OK = 0
    INVALID = -1
    NOMEM = -2
    NOTFOUND = -3
    EXISTS = -4
    CONFLICT = -5
    STATE = -6
    STORE = -7
    PARSE = -8
    RANGE = -9
    VERSION = -10
    USER = -11


class Channel(enum.IntEnum):
    """Where a complaint came in (redress_channel)."""
    PHONE = 0
    EMAIL = 1
    WEB = 2
    CHAT = 3
    SOCIAL = 4
    IN_PERSON = 5
    LETTER = 6
    MEDIA = 7
    REGULATOR = 8
    SURVEY = 9


class Severity(enum.IntEnum):
    """How serious a complaint is (redress_severity)."""
    LOW = 0
    NORMAL = 1
    HIGH = 2
    CRITICAL = 3


class State(enum.IntEnum):
    """Lifecycle state (redress_state)."""
    RECEIVED = 0
    ACKNOWLEDGED = 1
    INVESTIGATING = 2
    AWAITING_CUSTOMER = 3
    RESPONDED = 4
    RESOLVED = 5
    CLOSED = 6
    WITHDRAWN = 7


class Decision(enum.IntEnum):
    """The company's decision (redress_decision)."""
    NONE = 0
    UPHELD = 1
    PARTLY_UPHELD = 2
    DECLINED = 3


class Legitimacy(enum.IntEnum):
    """Whether a complaint is reasonable (redress_legitimacy)."""
    UNKNOWN = 0
    REASONABLE = 1
    MISINFORMED = 2
    UNREALISTIC = 3
    MALICIOUS = 4


class EventType(enum.IntEnum):
    """Kinds of history events, one per verb (redress_event_kind)."""
    CREATE = 0
    ACKNOWLEDGE = 1
    INVESTIGATE = 2
    AWAIT_CUSTOMER = 3
    CUSTOMER_REPLY = 4
    RESPOND = 5
    FULFILL = 6
    RESOLVE_ON_THE_SPOT = 7
    CONFIRM = 8
    CLOSE = 9
    WITHDRAW = 10
    REOPEN = 11
    NOTE = 12
    UPDATE = 13
    PROMISE = 14
    HOLD = 15
    ASSESS = 16
    ESCALATE = 17
    SET_SEVERITY = 18
    CUSTOMER_MESSAGE = 19
    MOVE_CHANNEL = 20
    ASSIGN = 21
    MIGRATE_POLICY = 22
    AWAIT_THIRD_PARTY = 23
    THIRD_PARTY_REPLY = 24


class EnumKind(enum.IntEnum):
    """Enumerations known to redress_enum_name() (redress_enum)."""
    CHANNEL = 0
    SEVERITY = 1
    STATE = 2
    DECISION = 3
    LEGITIMACY = 4
    EVENT_KIND = 5
    DEADLINE_KIND = 6
    DEADLINE_STATE = 7
    ALARM_LEVEL = 8
    TEMPERAMENT = 9
    RISK = 10
    PLAYBOOK = 11
    METRIC = 12
    FIELD = 13
    SPAN_UNIT = 14
    GROUP_BY = 15
    CHANGE_KIND = 16
    FORMALITY = 17


class Field(enum.IntEnum):
    """The fields of complaints and events (redress_field), read with
    Complaint.number() / Complaint.string() and found in Event.fields."""
    DECISION = 0
    COMPENSATION = 1
    SATISFACTION = 2
    LEGITIMACY = 3
    SEVERITY = 4
    VISIBLE = 5
    DUE = 6
    POINT = 7
    DEMAND = 8
    REMEDY = 9
    TO = 10
    SEQ = 11
    KIND = 12
    AT = 13
    ACTOR = 14
    NOTE = 15
    ID = 16
    CUSTOMER_ID = 17
    CUSTOMER_TIER = 18
    CATEGORY = 19
    TEXT = 20
    REQUESTED_REMEDY = 21
    CHANNEL = 22
    STATE = 23
    REOPEN_COUNT = 24
    ESCALATION_COUNT = 25
    ON_THE_SPOT = 26
    CUSTOMER_VALUE = 27
    ORDER_VALUE = 28
    CLAIMED_AMOUNT = 29
    EXPECTATION = 30
    BOTTOM_LINE = 31
    PRIOR_COMPENSATION = 32
    PRIOR_COMPLAINTS = 33
    RECEIVED_AT = 34
    UPDATED_AT = 35
    REVISION = 36
    OWNER = 37
    TEAM = 38
    CURRENT_CHANNEL = 39
    PRODUCT = 40
    CAUSE = 41


#: The text fields (read with redress_complaint_string() / redress_event_string());
#: the others are numbers.
TEXT_FIELDS = frozenset({Field.POINT, Field.DEMAND, Field.REMEDY, Field.TO, Field.ACTOR,
                         Field.NOTE, Field.ID, Field.CUSTOMER_ID, Field.CUSTOMER_TIER,
                         Field.CATEGORY, Field.TEXT, Field.REQUESTED_REMEDY, Field.OWNER,
                         Field.TEAM, Field.PRODUCT, Field.CAUSE})

#: The fields an event carries according to its kind, kept in Event.fields; every event
#: also has SEQ, KIND, AT and ACTOR, and maybe a NOTE, which are Event attributes.
EVENT_FIELDS = (Field.DECISION, Field.COMPENSATION, Field.SATISFACTION, Field.LEGITIMACY,
                Field.SEVERITY, Field.VISIBLE, Field.DUE, Field.POINT, Field.DEMAND,
                Field.REMEDY, Field.TO, Field.OWNER, Field.TEAM, Field.CHANNEL)


class SpanUnit(enum.IntEnum):
    """The unit of an amount of time (redress_span_unit)."""
    CALENDAR_SECONDS = 0
    BUSINESS_SECONDS = 1
    BUSINESS_DAYS = 2


class DeadlineKind(enum.IntEnum):
    """Kinds of deadlines (redress_deadline_kind)."""
    ACKNOWLEDGE = 0
    UPDATE = 1
    RESOLVE = 2
    PROMISE = 3
    FOLLOW_UP = 4
    NEXT_REPLY = 5


class ChangeKind(enum.IntEnum):
    """What a change of the feed did (redress_change_kind)."""
    CREATED = 0
    EVENT = 1
    ALARM = 2
    SAVED = 3
    REMOVED = 4


class DeadlineState(enum.IntEnum):
    """Where a deadline stands (redress_deadline_state)."""
    PENDING = 0
    PAUSED = 1
    MET = 2
    MET_LATE = 3
    BREACHED = 4


class AlarmLevel(enum.IntEnum):
    """Alarm levels reported by a tick (redress_alarm_level)."""
    WARNING = 0
    BREACH = 1
    WARNING_2 = 2  # the kind's second warning level (Policy.warn_levels)
    WARNING_3 = 3
    WARNING_4 = 4


class Temperament(enum.IntEnum):
    """What the customer wants (redress_temperament)."""
    UNKNOWN = 0
    RATIONAL = 1
    EMOTIONAL = 2
    MIXED = 3


class Risk(enum.IntFlag):
    """Escalation risks, bits of a mask (redress_risk)."""
    MEDIA = 0x01
    SOCIAL = 0x02
    REGULATOR = 0x04
    LEGAL = 0x08
    CHURN = 0x10
    ABUSE = 0x20
    REPEAT = 0x40
    MANAGER = 0x80


class Formality(enum.IntEnum):
    """The register the customer writes in (redress_formality)."""
    UNKNOWN = 0
    FORMAL = 1
    INFORMAL = 2


class Playbook(enum.IntFlag):
    """Recommended actions, bits of a mask (redress_playbook)."""
    EMPATHIZE = 0x001
    APOLOGIZE = 0x002
    EXPLAIN_CAUSE = 0x004
    GIVE_FACTS = 0x008
    OFFER_REMEDY = 0x010
    GIVE_DEADLINE = 0x020
    MOVE_TO_PHONE = 0x040
    ESCALATE = 0x080
    FOLLOW_UP = 0x100
    DECLINE_POLITELY = 0x200
    REFUND_AND_PART = 0x400


class Settlement(enum.IntEnum):
    """Outcomes of settle() (redress_settlement)."""
    OFFER = 0
    ESCALATE = 1


class GroupBy(enum.IntEnum):
    """How a metrics accumulator splits complaints into groups (redress_group_by)."""
    NONE = 0
    CHANNEL = 1
    CATEGORY = 2
    TEMPERAMENT = 3
    LEGITIMACY = 4
    SEVERITY = 5
    OWNER = 6
    TEAM = 7
    WEEK = 8
    MONTH = 9


class ReturnKind(enum.IntEnum):
    """The regulators' returns (redress_return_kind, experimental)."""
    FCA = 0
    ASIC_IDR = 1


class ReturnFormat(enum.IntEnum):
    """The formats of a return (redress_return_format, experimental)."""
    JSON = 0
    CSV = 1


class Metric(enum.IntEnum):
    """The values a metrics accumulator reports (redress_metric)."""
    COMPLAINTS = 0
    STATE_RECEIVED = 1
    STATE_ACKNOWLEDGED = 2
    STATE_INVESTIGATING = 3
    STATE_AWAITING_CUSTOMER = 4
    STATE_RESPONDED = 5
    STATE_RESOLVED = 6
    STATE_CLOSED = 7
    STATE_WITHDRAWN = 8
    DECISION_NONE = 9
    DECISION_UPHELD = 10
    DECISION_PARTLY_UPHELD = 11
    DECISION_DECLINED = 12
    ON_THE_SPOT = 13
    FIRST_CONTACT_RESOLUTION_RATE = 14
    RESOLVED = 15
    OUTCOME_ON_THE_SPOT = 16
    OUTCOME_RESOLVED = 17
    OUTCOME_UNRESOLVED = 18
    ACKNOWLEDGE_DEADLINES = 19
    ACKNOWLEDGE_ON_TIME_RATE = 20
    ACKNOWLEDGE_BREACHES = 21
    UPDATE_DEADLINES = 22
    UPDATE_ON_TIME_RATE = 23
    UPDATE_BREACHES = 24
    RESOLVE_DEADLINES = 25
    RESOLVE_ON_TIME_RATE = 26
    RESOLVE_BREACHES = 27
    PROMISE_DEADLINES = 28
    PROMISE_ON_TIME_RATE = 29
    PROMISE_BREACHES = 30
    FOLLOW_UP_DEADLINES = 31
    FOLLOW_UP_ON_TIME_RATE = 32
    FOLLOW_UP_BREACHES = 33
    CONTACTED = 34
    TIME_TO_ACKNOWLEDGE_MEAN = 35
    TIME_TO_ACKNOWLEDGE_MEDIAN = 36
    TIME_TO_ACKNOWLEDGE_P90 = 37
    TIME_TO_ACKNOWLEDGE_BUSINESS_MEAN = 38
    TIME_TO_ACKNOWLEDGE_BUSINESS_MEDIAN = 39
    TIME_TO_ACKNOWLEDGE_BUSINESS_P90 = 40
    TIME_TO_RESOLVE_MEAN = 41
    TIME_TO_RESOLVE_MEDIAN = 42
    TIME_TO_RESOLVE_P90 = 43
    TIME_TO_RESOLVE_BUSINESS_MEAN = 44
    TIME_TO_RESOLVE_BUSINESS_MEDIAN = 45
    TIME_TO_RESOLVE_BUSINESS_P90 = 46
    REOPENED = 47
    REOPENS = 48
    REOPEN_RATE = 49
    SATISFACTION_ANSWERS = 50
    SATISFACTION_MEAN = 51
    SATISFIED_SHARE = 52
    COMPENSATED = 53
    COMPENSATION_PAID = 54
    EXPECTED_RETAINED = 55
    EXPECTED_LOST = 56
    RETENTION_RATE = 57
    REVENUE_AT_RISK = 58
    VALUE_UNKNOWN = 59
    SILENT_DISSATISFIED = 60
    SILENT_LOST = 61
    DISSATISFIED_COMPLAINANTS = 62
    WORD_OF_MOUTH_REACH = 63
    CUSTOMERS_SAVED = 64
    NEXT_REPLY_DEADLINES = 65
    NEXT_REPLY_ON_TIME_RATE = 66
    NEXT_REPLY_BREACHES = 67


class PauseReason(enum.IntEnum):
    """Why clocks may stop (redress_pause_reason)."""
    AWAITING_CUSTOMER = 0
    AWAITING_THIRD_PARTY = 1


#: Each Python enum and the prefix its members carry in the header (REDRESS_<prefix>_<NAME>),
#: used by the header check; Error's OK is the lone REDRESS_OK.
HEADER_PREFIXES = {
    Error: "ERR", Channel: "CHANNEL", Severity: "SEVERITY", State: "STATE",
    Decision: "DECISION", Legitimacy: "LEGITIMACY", EventType: "EVENT", EnumKind: "ENUM",
    Field: "FIELD", DeadlineKind: "DEADLINE", DeadlineState: "DEADLINE",
    AlarmLevel: "ALARM", Temperament: "TEMPERAMENT", Risk: "RISK", Playbook: "PLAYBOOK",
    Formality: "FORMALITY",
    Settlement: "SETTLEMENT", GroupBy: "GROUP_BY", Metric: "METRIC", SpanUnit: "SPAN",
    ChangeKind: "CHANGE", PauseReason: "PAUSE", ReturnKind: "RETURN", ReturnFormat: "RETURN",
}
