"""Service-level policies and their spans of time."""
from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, NamedTuple, Optional, cast

from . import _convert
from . import _types as t
from ._lib import lib
from ._util import Text, amount_in, amount_out, text_out
from .enums import Channel, DeadlineKind, PauseReason, Severity, SpanUnit


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
    policy_version: int = 1  # the policy's own version in the desk's set
    # DeadlineKind -> ascending percentages (up to 4), each raised once by a tick; a kind
    # left out warns once at warn_percent
    warn_levels: Dict[int, List[int]] = field(default_factory=dict)
    # PauseReason -> the DeadlineKinds whose clocks it stops (pause_when_awaiting_customer
    # adds RESOLVE and UPDATE to AWAITING_CUSTOMER)
    pause_stops: Dict[int, List[int]] = field(default_factory=dict)
    # summary resolution within (FCA DISP 1.5); 0: none. Once passed unresolved the
    # SUMMARY_RESOLVE deadline reads LAPSED: no breach, no alarm
    summary_resolve: Span = Span()
    # matches only complaints of this team (Complaint.assign) at the event that chooses
    # the policy: create, set_severity, migrate_policy; None: any team
    team: Optional[Text] = None

    def to_c(self, places: int = 2) -> t.Policy:
        """The C struct; its strings live as long as it does."""
        p = lib.redress_policy_init()  # version and defaults from the library itself
        p.name = self.name
        p.channels = _channel_bits(self.channels)
        p.min_severity = self.min_severity
        p.category = self.category
        p.customer_tier = self.customer_tier
        p.calendar = self.calendar
        p.team = self.team
        for name in ("acknowledge", "update_every", "resolve", "resolve_extended", "follow_up",
                     "next_reply", "summary_resolve"):
            span = getattr(self, name)
            setattr(p, name, t.Span(span[0], span[1]))
        p.warn_percent = self.warn_percent
        p.pause_when_awaiting_customer = _convert.flag(self.pause_when_awaiting_customer,
                                                       "pause_when_awaiting_customer")
        p.min_compensation = amount_in(self.min_compensation, "min_compensation", places)
        p.max_compensation = amount_in(self.max_compensation, "max_compensation", places)
        p.policy_version = _convert.integer(self.policy_version, ctypes.c_uint, "policy_version")
        for kind, levels in self.warn_levels.items():
            kind = DeadlineKind(_convert.integer(kind, ctypes.c_int, "warn_levels kind"))
            if len(levels) > 4:
                raise ValueError("warn_levels: at most 4 levels a kind")
            for i, level in enumerate(levels):
                p.warn_levels[kind][i] = _convert.integer(level, ctypes.c_int, "warn level")
        for reason, kinds in self.pause_stops.items():
            reason = PauseReason(_convert.integer(reason, ctypes.c_int, "pause reason"))
            for kind in kinds:
                p.pause_stops[reason] |= 1 << DeadlineKind(
                    _convert.integer(kind, ctypes.c_int, "pause kind"))
        return cast(t.Policy, p)

    @classmethod
    def from_c(cls, p: t.Policy) -> "Policy":
        """The policy a C struct holds (its strings copied)."""
        spans = {name: Span(getattr(p, name).amount, SpanUnit(getattr(p, name).unit))
                 for name in ("acknowledge", "update_every", "resolve", "resolve_extended",
                              "follow_up", "next_reply", "summary_resolve")}
        return cls(name=text_out(p.name) or "", channels=channel_list(p.channels),
                   min_severity=Severity(p.min_severity), category=text_out(p.category),
                   customer_tier=text_out(p.customer_tier), calendar=text_out(p.calendar),
                   team=text_out(p.team),
                   warn_percent=p.warn_percent,
                   pause_when_awaiting_customer=bool(p.pause_when_awaiting_customer),
                   min_compensation=amount_out(p.min_compensation),
                   max_compensation=amount_out(p.max_compensation),
                   policy_version=p.policy_version, warn_levels=_levels_of(p),
                   pause_stops={r: [k for k in DeadlineKind if p.pause_stops[r] & (1 << k)]
                                for r in PauseReason if p.pause_stops[r]}, **spans)


def _levels_of(p: t.Policy) -> Dict[int, List[int]]:
    levels: Dict[int, List[int]] = {}
    for kind in DeadlineKind:
        row = [v for v in p.warn_levels[kind] if v != 0]
        if row:
            levels[kind] = row
    return levels


def _channel_bits(channels: Iterable[Any]) -> int:
    bits = 0
    for channel in channels:
        # An int (TypeError for 1.0 or True), and a channel (ValueError for 42).
        bits |= 1 << Channel(_convert.integer(channel, ctypes.c_int, "channel"))
    return bits


def channel_list(bits: int) -> List[Channel]:
    return [c for c in Channel if bits & (1 << c)]
