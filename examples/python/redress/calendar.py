"""Business calendars: opening hours, holidays and time zones."""
from __future__ import annotations

import ctypes
from datetime import datetime
from typing import TYPE_CHECKING, Any

from . import _types as t
from ._handle import OwnedHandle
from ._lib import lib
from ._convert import TimeIn
from ._util import Text, buffer_in, check, instant, text_out
from .enums import SpanUnit

if TYPE_CHECKING:
    from .desk import Desk


class Calendar(OwnedHandle):
    """A parsed calendar (redress_calendar). Made by Desk.calendar(); a context manager.
    Its arithmetic needs no desk, so errors carry the library's name of the code."""

    _what = "calendar"
    _c_type = "redress_calendar"

    def __init__(self, desk: "Desk", handle: Any) -> None:
        super().__init__(handle, desk._core)
        self._desk = desk
        desk._adopt(self)

    def _free(self, handle: Any) -> None:
        lib.raw.redress_calendar_free(handle)

    @property
    def spec(self) -> str:
        return text_out(lib.redress_calendar_spec(self)) or ""

    def add(self, start: TimeIn, amount: int,
            unit: SpanUnit = SpanUnit.BUSINESS_SECONDS) -> datetime:
        """The instant `amount` (seconds or days, in `unit`) after `start`."""
        out = t.time_t()
        check(lib.redress_calendar_add(ctypes.byref(out), self, start, amount, unit))
        return instant(out.value)

    def elapsed(self, start: TimeIn, end: TimeIn) -> int:
        """Open seconds in [start, end); negative when end is before start."""
        out = ctypes.c_int64()
        check(lib.redress_calendar_elapsed(ctypes.byref(out), self, start, end))
        return out.value

    def is_open(self, at: TimeIn) -> bool:
        rc = lib.redress_calendar_is_open(self, at)
        if rc < 0:
            check(rc)
        return bool(rc == 1)


def parse(desk: "Desk", spec: Text) -> Calendar:
    raw = buffer_in(spec, "spec")
    out = t.calendar_p()
    with desk._core.lock:
        desk._check(lib.redress_calendar_parse(ctypes.byref(out), desk, raw, len(raw)))
        return Calendar(desk, out)
