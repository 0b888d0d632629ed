"""redress: a Python binding of libredress over ctypes (standard library only).

    import redress
    with redress.Desk(store=redress.DictStore()) as desk:
        with desk.create("cust-42", text="My parcel arrived broken.") as c:
            c.acknowledge(desk.now(), "ann", "So sorry!")
            desk.save(c)

The library is the copy bundled in the package (an installed wheel), else
$REDRESS_LIBRARY, else libredress.so.1 (its SONAME) through the dynamic loader; a
library of another major version is refused.

Binding rules (README.md): a desk may be shared by threads, its calls serialised by a
lock of its own; a desk cannot be closed from one of its callbacks (RuntimeError);
times are aware datetimes (or int seconds) going in and aware UTC datetimes coming
out, naive datetimes refused (ValueError); integers are checked against their C type
(TypeError, OverflowError); money is an int of minor units or an exact Decimal of major
units at the desk's currency_places (floats refused); strings with a NUL or lone
surrogates raise ValueError, before anything reaches the library.
"""
from ._convert import AmountIn, TimeIn, datetime_of
from ._lib import (AMOUNT_UNKNOWN, SAME_CONTACT_SECONDS, TIME_MAX, TIME_MIN, TIME_NEVER, lib,
                   library_path)
from datetime import datetime
from typing import Optional

from .calendar import Calendar
from .classify import (ClassifierOptions, Precedent, Reason, SettlementResult, Verdict,
                       playbook_names, risk_names, settle)
from .complaint import Attributes, Complaint
from .deadlines import Alarm, Deadline, Deadlines
from .desk import Desk
from .enums import (AlarmLevel, ChangeKind, Channel, DeadlineKind, DeadlineState, Decision,
                    EnumKind, Error, EventType, Field, Formality, GroupBy, Legitimacy, Metric,
                    PauseReason, Playbook, Risk, Settlement, Severity, SpanUnit, State,
                    Temperament)
from .errors import (ConflictError, ExistsError, InvalidError, NotFoundError, OutOfMemoryError,
                     ParseError, RangeError, RedressError, StateError, StoreError, UserError,
                     VersionError, error_for)
from .events import Event
from .feed import Change, MemoryStore
from .metrics import Metrics, RetentionModel, metric_name
from .policy import Policy, Span
from .store import DictStore, Record, Store


#: The version of this package; the library it bundles is of the same release
#: (`version()` reads the library actually loaded).
__version__ = "1.0.0"


def to_datetime(value: Optional[int]) -> Optional[datetime]:
    """The aware UTC datetime of a time the library handed out (seconds since the
    epoch), None for None ("never")."""
    return None if value is None else datetime_of(value)


def version() -> str:
    """The version of the library actually loaded, "major.minor.patch"."""
    return str(lib.redress_version().decode("ascii"))


def version_number() -> int:
    return int(lib.redress_version_number())


def strerror(code: int) -> str:
    """The library's name and gloss of a return code."""
    return str(lib.redress_strerror(code).decode("utf-8"))


def enum_name(kind: EnumKind, value: int) -> str:
    """The stable snake_case name the canonical JSON uses ("awaiting_customer")."""
    name = lib.redress_enum_name(kind, value)
    if name is None:
        raise ValueError(f"{value} is not a value of {EnumKind(kind).name}")
    return str(name.decode("ascii"))


def temperament_name(temperament: Temperament) -> str:
    """The library's name of a temperament ("rational"): enum_name(TEMPERAMENT, t)."""
    return enum_name(EnumKind.TEMPERAMENT, temperament)


__all__ = [
    "__version__", "to_datetime", "TimeIn", "AmountIn",
    "AMOUNT_UNKNOWN", "SAME_CONTACT_SECONDS", "TIME_MAX", "TIME_MIN", "TIME_NEVER", "library_path", "version",
    "version_number", "strerror", "enum_name", "temperament_name",
    "Desk", "Complaint", "Attributes", "Event", "Deadline", "Deadlines", "Alarm", "Calendar",
    "Policy", "Span", "Verdict", "Reason", "ClassifierOptions", "settle", "SettlementResult",
    "Precedent", "risk_names", "playbook_names", "Metrics", "RetentionModel", "metric_name",
    "Store", "DictStore", "Record", "MemoryStore", "Change",
    "AlarmLevel", "ChangeKind", "Channel", "DeadlineKind", "DeadlineState", "Decision", "EnumKind", "Error",
    "EventType", "Field", "Formality", "GroupBy", "Legitimacy", "Metric", "Playbook", "Risk",
    "Settlement", "Severity", "SpanUnit", "State", "Temperament", "PauseReason",
    "RedressError", "InvalidError", "OutOfMemoryError", "NotFoundError", "ExistsError",
    "ConflictError", "StateError", "StoreError", "ParseError", "RangeError", "VersionError",
    "UserError", "error_for",
]
