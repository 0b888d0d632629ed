"""Classification: verdicts with their reasons, classifier options, and the library's
experimental settlement and precedents (redress/experimental.h)."""
from __future__ import annotations

import ctypes
from dataclasses import dataclass, fields
from typing import Any, List, NamedTuple, Optional, Tuple, cast

from . import _convert
from . import _types as t
from ._handle import OwnedHandle, locked
from ._lib import lib, output
from ._convert import AmountIn
from ._util import amount_in, amount_out, check, text_out
from .enums import (Decision, EnumKind, Formality, Legitimacy, Playbook, Risk, Settlement,
                    Severity, Temperament)


@dataclass(frozen=True)
class Reason:
    """One signal that counted: its rule, weight, and either where it is in the text
    (`span`: byte offset and length) or the structured `field` it read."""
    rule: str
    weight: float
    span: Optional[Tuple[int, int]]
    field: Optional[str]
    value: str


class Verdict(OwnedHandle):
    """A classification result (redress_verdict). It may outlive its desk; free it with
    close() or a with-block. It has a lock of its own (any thread may read it)."""

    _what = "verdict"
    _c_type = "redress_verdict"

    def _free(self, handle: Any) -> None:
        lib.raw.redress_verdict_free(handle)

    def _summary(self) -> t.VerdictSummary:
        """What the verdict concludes (redress_verdict_get), read afresh each time: it
        is a few numbers, and a verdict never changes."""
        out = output(t.VerdictSummary)
        check(lib.redress_verdict_get(ctypes.byref(out), self))
        return cast(t.VerdictSummary, out)

    temperament = property(lambda self: Temperament(self._summary().temperament))
    rational = property(lambda self: self._summary().rational)
    emotional = property(lambda self: self._summary().emotional)
    legitimacy = property(lambda self: Legitimacy(self._summary().legitimacy))
    confidence = property(lambda self: self._summary().confidence)
    risks = property(lambda self: Risk(self._summary().risks))
    playbook = property(lambda self: Playbook(self._summary().playbook))
    severity = property(lambda self: Severity(self._summary().severity))
    offer = property(lambda self: amount_out(self._summary().offer))
    formality = property(lambda self: Formality(self._summary().formality))

    @property
    @locked
    def reasons(self) -> List[Reason]:
        """The reasons, in the library's order (text signals by offset, then structured
        ones), copied: their strings are borrowed from the verdict."""
        return [self._reason(i) for i in range(self._summary().reason_count)]

    def _reason(self, i: int) -> Reason:
        r = output(t.Reason)
        check(lib.redress_verdict_reason(ctypes.byref(r), self, i))
        span = (r.offset, r.length) if r.has_span else None
        return Reason(text_out(r.rule) or "", r.weight, span, text_out(r.field),
                      text_out(r.value) or "")

    def __repr__(self) -> str:
        if self._handle is None:
            return "<Verdict (closed)>"
        return (f"<Verdict {self.temperament.name} {self.legitimacy.name} "
                f"risks={self.risks!r} playbook={self.playbook!r}>")


@dataclass
class ClassifierOptions:
    """A desk's classifier thresholds (redress_classifier_options); defaults are the
    library's (REDRESS_CLASSIFIER_OPTIONS_INIT)."""
    emotional_threshold: float = 0.3
    rational_threshold: float = 0.3
    mixed_ratio: float = 0.65
    claim_ratio_max: float = 1.5
    max_compensation: Optional[int] = None
    min_compensation: Optional[int] = None
    serial_min_count: int = 3
    serial_min_ratio: float = 0.25
    repeat_min_count: int = 1
    history_days: int = 365
    use_store_history: bool = True

    _AMOUNTS = ("max_compensation", "min_compensation")

    @classmethod
    def from_c(cls, c: t.ClassifierOptions) -> "ClassifierOptions":
        values = {}
        for f in fields(cls):
            raw = getattr(c, f.name)
            values[f.name] = amount_out(raw) if f.name in cls._AMOUNTS else raw
        values["use_store_history"] = bool(c.use_store_history)
        return cls(**values)

    def to_c(self, places: int = 2) -> t.ClassifierOptions:
        c = lib.redress_classifier_options_init()
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in self._AMOUNTS:
                value = amount_in(value, f.name, places)
            elif f.name == "use_store_history":
                value = _convert.flag(value, f.name)
            setattr(c, f.name, value)  # range-checked by the struct
        return cast(t.ClassifierOptions, c)


class SettlementResult(NamedTuple):
    outcome: Settlement
    offer: int
    zone_low: int
    zone_high: Optional[int]  # None: unbounded


def settle(expectation: AmountIn = None, bottom_line: AmountIn = None,
           policy_min: AmountIn = None, policy_max: AmountIn = None,
           offer_permille: int = 500, currency_places: int = 2) -> SettlementResult:
    """The zone of agreement and an offer in it (redress_settle, experimental in the
    library: redress/experimental.h); None is "unknown"."""
    currency_places = _convert.currency_places(currency_places)
    n = lib.redress_negotiation_init()
    n.expectation = amount_in(expectation, "expectation", currency_places)
    n.bottom_line = amount_in(bottom_line, "bottom_line", currency_places)
    n.policy_min = amount_in(policy_min, "policy_min", currency_places)
    n.policy_max = amount_in(policy_max, "policy_max", currency_places)
    n.offer_permille = offer_permille
    outcome, offer = ctypes.c_int(), ctypes.c_int64()
    low, high = ctypes.c_int64(), ctypes.c_int64()
    check(lib.redress_settle(ctypes.byref(outcome), ctypes.byref(offer), ctypes.byref(low),
                             ctypes.byref(high), ctypes.byref(n)))
    zone_high = None if high.value == 2**63 - 1 else high.value
    return SettlementResult(Settlement(outcome.value), offer.value, low.value, zone_high)


@dataclass(frozen=True)
class Precedent:
    """A resolved complaint similar to another one."""
    id: str
    similarity: float
    decision: Decision
    remedy: Optional[str]
    compensation: Optional[int]


def read_precedents(handle: Any) -> List[Precedent]:
    """Copy a redress_precedents list into Python values (the caller frees it).
    Precedents are experimental in the library (redress/experimental.h)."""
    return [_precedent(handle, i) for i in range(lib.redress_precedents_count(handle))]


def _precedent(handle: Any, i: int) -> Precedent:
    p = output(t.Precedent)
    check(lib.redress_precedents_get(ctypes.byref(p), handle, i))
    return Precedent(text_out(p.id) or "", p.similarity, Decision(p.decision),
                     text_out(p.remedy), amount_out(p.compensation))


def risk_names(risks: Risk) -> List[str]:
    """The library's names of the set bits ("media", "churn", ...)."""
    return [lib.redress_enum_name(EnumKind.RISK, bit).decode("utf-8")
            for bit in Risk if bit in risks]


def playbook_names(playbook: Playbook) -> List[str]:
    return [lib.redress_enum_name(EnumKind.PLAYBOOK, bit).decode("utf-8")
            for bit in Playbook if bit in playbook]
