"""A complaint's history as Python values."""
from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, Optional, Union

from ._lib import lib
from ._util import text_out
from .enums import TEXT_FIELDS, EventType, Field


@dataclass(frozen=True)
class Event:
    """One event (redress_event), copied: it stays valid after its complaint is freed."""
    seq: int
    kind: EventType
    at: int
    actor: str
    note: Optional[str]
    fields: Dict[Field, Union[int, str]] = field(default_factory=dict)

    @classmethod
    def from_c(cls, handle: Any) -> "Event":
        return cls(lib.redress_event_seq(handle), EventType(lib.redress_event_kind(handle)),
                   lib.redress_event_at(handle), text_out(lib.redress_event_actor(handle)) or "",
                   text_out(lib.redress_event_note(handle)), _fields(handle))


def _fields(handle: Any) -> Dict[Field, Union[int, str]]:
    """Every field the event carries: numbers through event_number, texts through event_text."""
    out: Dict[Field, Union[int, str]] = {}
    number = ctypes.c_int64()
    for f in Field:
        if f in TEXT_FIELDS:
            text = text_out(lib.redress_event_text(handle, f))
            if text is not None:
                out[f] = text
        elif lib.redress_event_number(ctypes.byref(number), handle, f) == 0:
            out[f] = number.value
    return out


def iter_events(complaint: Any) -> Iterator[Event]:
    """The events of a complaint, oldest first (index 0 is CREATE). Each is copied under
    the desk's lock: an event is borrowed from its complaint."""
    for i in range(lib.redress_complaint_event_count(complaint)):
        with complaint._core.lock:
            event = Event.from_c(lib.redress_complaint_event(complaint, i))
        yield event
