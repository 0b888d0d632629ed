"""A complaint's history as Python values."""
from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Dict, Iterator, Optional, Union

from ._lib import lib
from ._util import instant, text_out
from .enums import EVENT_FIELDS, TEXT_FIELDS, EventType, Field


@dataclass(frozen=True)
class Event:
    """One event (redress_event), copied: it stays valid after its complaint is freed."""
    seq: int
    kind: EventType
    at: datetime
    actor: str
    note: Optional[str]
    fields: Dict[Field, Union[int, str, datetime]] = field(default_factory=dict)

    @classmethod
    def from_c(cls, handle: Any) -> "Event":
        return cls(_number(handle, Field.SEQ), EventType(_number(handle, Field.KIND)),
                   instant(_number(handle, Field.AT)),
                   text_out(lib.redress_event_string(handle, Field.ACTOR)) or "",
                   text_out(lib.redress_event_string(handle, Field.NOTE)), _fields(handle))


def _number(handle: Any, field: Field) -> int:
    """A number every event carries (SEQ, KIND, AT)."""
    out = ctypes.c_int64()
    rc = lib.redress_event_number(ctypes.byref(out), handle, field)
    if rc != 0:  # the header promises these on every event
        raise RuntimeError(f"redress_event_number({field.name}) failed with {rc}")
    return out.value


def _fields(handle: Any) -> Dict[Field, Union[int, str, datetime]]:
    """The fields of its kind the event carries: numbers through redress_event_number
    (the promise's DUE as an aware datetime), texts through redress_event_string (absent
    ones are left out)."""
    out: Dict[Field, Union[int, str, datetime]] = {}
    number = ctypes.c_int64()
    for f in EVENT_FIELDS:
        if f in TEXT_FIELDS:
            text = text_out(lib.redress_event_string(handle, f))
            if text is not None:
                out[f] = text
        elif lib.redress_event_number(ctypes.byref(number), handle, f) == 0:
            out[f] = instant(number.value) if f == Field.DUE else number.value
    return out


def iter_events(complaint: Any) -> Iterator[Event]:
    """The events of a complaint, oldest first (index 0 is CREATE). Each is copied under
    the desk's lock: an event is borrowed from its complaint."""
    for i in range(lib.redress_complaint_event_count(complaint)):
        with complaint._core.lock:
            # The handle as a pointer, as every handle the binding passes on.
            event = Event.from_c(ctypes.c_void_p(lib.redress_complaint_event(complaint, i)))
        yield event
