"""Service-level policies and their spans of time."""
from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from typing import Any, Iterable, List, NamedTuple, Optional

from . import _convert
from . import _types as t
from ._lib import lib
from ._util import Text, amount_in
from .enums import Channel, Severity, SpanUnit


class Span(NamedTuple):
    """An amount of time in a unit; an amount of 0 means "no target"."""
    amount: int = 0
    unit: SpanUnit = SpanUnit.CALENDAR_SECONDS

    @classmethod
    def hours(cls, n: int) -> "Span":
        return cls(n * 3600)

    @classmethod
    def days(cls, n: int) -> "Span":
        return cls(n * 86400)

    @classmethod
    def business_days(cls, n: int) -> "Span":
        return cls(n, SpanUnit.BUSINESS_DAYS)

    @classmethod
    def business_hours(cls, n: int) -> "Span":
        return cls(n * 3600, SpanUnit.BUSINESS_SECONDS)


@dataclass
class Policy:
    """A policy (redress_policy); the defaults are REDRESS_POLICY_INIT's."""
    name: Text
    channels: Iterable[Channel] = field(default_factory=list)  # empty: any channel
    min_severity: Severity = Severity.LOW
    category: Optional[Text] = None
    customer_tier: Optional[Text] = None
    calendar: Optional[Text] = None
    acknowledge: Span = Span()
    update_every: Span = Span()
    resolve: Span = Span()
    resolve_extended: Span = Span()
    follow_up: Span = Span()
    next_reply: Span = Span()  # reply to a customer message within; 0: none owed
    warn_percent: int = 0
    pause_when_awaiting_customer: bool = False
    min_compensation: Optional[int] = None
    max_compensation: Optional[int] = None

    def to_c(self) -> t.Policy:
        """The C struct; its strings live as long as it does."""
        p = lib.redress_policy_init()  # version and defaults from the library itself
        p.name = self.name
        p.channels = _channel_bits(self.channels)
        p.min_severity = self.min_severity
        p.category = self.category
        p.customer_tier = self.customer_tier
        p.calendar = self.calendar
        for name in ("acknowledge", "update_every", "resolve", "resolve_extended", "follow_up",
                     "next_reply"):
            span = getattr(self, name)
            setattr(p, name, t.Span(span[0], span[1]))
        p.warn_percent = self.warn_percent
        p.pause_when_awaiting_customer = int(self.pause_when_awaiting_customer)
        p.min_compensation = amount_in(self.min_compensation, "min_compensation")
        p.max_compensation = amount_in(self.max_compensation, "max_compensation")
        return p


def _channel_bits(channels: Iterable[Any]) -> int:
    bits = 0
    for channel in channels:
        # An int (TypeError for 1.0 or True), and a channel (ValueError for 42).
        bits |= 1 << Channel(_convert.integer(channel, ctypes.c_int, "channel"))
    return bits


def channel_list(bits: int) -> List[Channel]:
    return [c for c in Channel if bits & (1 << c)]
