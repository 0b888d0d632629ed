"""A complaint's deadlines and the alarms of a tick, as Python values."""
from __future__ import annotations

import ctypes
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterator, List, Optional

from . import _types as t
from ._lib import lib, output
from ._util import check, text_out, time_out
from .enums import AlarmLevel, DeadlineKind, DeadlineState


@dataclass(frozen=True)
class Deadline:
    """One deadline as it stood at the list's `now`; None stands for "never"."""
    kind: DeadlineKind
    state: DeadlineState
    due: Optional[datetime]
    warn_at: Optional[datetime]
    met_at: Optional[datetime]
    anchor: int


class Deadlines:
    """The deadlines of a complaint at one instant (redress_deadlines), copied out of
    the library's list, which is freed at once. Iterating yields Deadline values."""

    def __init__(self, policy: str, next_alarm: Optional[datetime], items: List[Deadline],
                 policy_version: int = 0) -> None:
        self.policy = policy
        self.policy_version = policy_version
        self.next_alarm = next_alarm
        self.items = items

    @classmethod
    def compute(cls, complaint: Any, desk: Any, now: int) -> "Deadlines":
        """(The caller holds the desk's lock.)"""
        handle = t.deadlines_p()
        check(lib.redress_complaint_deadlines(ctypes.byref(handle), complaint, now), desk)
        try:
            items = [_read(handle, i) for i in range(lib.redress_deadlines_count(handle))]
            return cls(text_out(lib.redress_deadlines_policy(handle)) or "",
                       time_out(lib.redress_deadlines_next_alarm(handle)), items,
                       lib.redress_deadlines_policy_version(handle))
        finally:
            lib.redress_deadlines_free(handle)

    def __iter__(self) -> Iterator[Deadline]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def of_kind(self, kind: DeadlineKind) -> List[Deadline]:
        return [d for d in self.items if d.kind == kind]


def _read(handle: Any, i: int) -> Deadline:
    d = output(t.Deadline)
    check(lib.redress_deadlines_get(ctypes.byref(d), handle, i))
    return Deadline(DeadlineKind(d.kind), DeadlineState(d.state), time_out(d.due),
                    time_out(d.warn_at), time_out(d.met_at), d.anchor)


@dataclass(frozen=True)
class Alarm:
    """One warning or breach reported by Desk.tick()."""
    complaint_id: str
    kind: DeadlineKind
    level: AlarmLevel
    due: datetime
