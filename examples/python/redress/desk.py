"""Desk: the handle that owns a store, a clock, policies, calendars and cues."""
from __future__ import annotations

import ctypes
from datetime import datetime
import weakref
from typing import Any, Callable, List, Optional, Union

from . import _convert
from . import _types as t
from . import calendar as _calendar
from . import metrics as _metrics
from ._handle import Bound, Core, locked
from ._lib import lib
from ._convert import AmountIn, TimeIn
from ._util import instant, Pending, Text, amount_in, buffer_in, fail
from .calendar import Calendar
from .classify import ClassifierOptions, Precedent, Verdict, read_precedents
from .complaint import Complaint
from .deadlines import Alarm
from .enums import AlarmLevel, Channel, DeadlineKind, Error, GroupBy, Severity
from .feed import Change, MemoryStore
from .metrics import Metrics, RetentionModel
from .policy import Policy
from .store import Store


class Desk(Bound):
    """An open desk (redress_desk); a context manager. Closing it frees the complaints,
    calendars and accumulators made from it that are still open, then the desk.

    store: a Python Store (e.g. DictStore), a MemoryStore shared with other desks, or
    None for a built-in memory store of the desk's own.
    clock: a callable returning the time in seconds since the epoch as an int, or None
    for the system clock. Both are called back from C; the desk keeps them alive.
    tenant: the tenant whose complaints the desk sees (None or "": the default tenant);
    an id like a complaint's. Needs a store with tenants (a MemoryStore; not a Python
    Store, which InvalidError refuses rather than share).

    Threads: a desk may be shared by threads. Its lock (reentrant) is held by every call
    on it and on the objects made from it, so they run one at a time; a callback runs
    on the calling thread with the lock held and may call back into the desk.
    """

    _what = "desk"

    def __init__(self, store: Optional[Union[Store, MemoryStore]] = None,
                 clock: Optional[Callable[[], TimeIn]] = None,
                 zoneinfo_dir: Optional[Text] = None, tenant: Optional[Text] = None,
                 currency_places: int = 2) -> None:
        if isinstance(currency_places, bool) or not isinstance(currency_places, int) \
                or not 0 <= currency_places <= 6:
            raise ValueError(f"currency_places {currency_places!r} must be an int in [0, 6] "
                             "(the decimal places of the currency's minor unit)")
        #: Decimal places of the currency's minor unit: a decimal.Decimal amount given to
        #: this desk is major units at this many places (int amounts are minor units).
        self.currency_places = currency_places
        self._core = Core()
        self._handle: Optional[Any] = None
        self._pending = Pending()        # exceptions raised by the store or the clock
        self._keep: List[Any] = []       # ctypes callbacks the C side points to
        self._children: "weakref.WeakSet[Any]" = weakref.WeakSet()
        self.store = store
        options = lib.redress_desk_options_init()
        if clock is not None:
            read = clock
            options.clock = self._keep_alive(t.CLOCK_FN(self._pending.guard(
                lambda ud: _convert.time(read(), "the clock's time"), 0)))
        if isinstance(store, MemoryStore):
            options.store = ctypes.pointer(store._attach(self))  # copied by desk_open
        elif store is not None:
            vtable, callbacks = store.vtable(self._pending)
            self._keep.extend(callbacks)
            options.store = ctypes.pointer(vtable)  # copied by desk_open
        options.zoneinfo_dir = zoneinfo_dir
        options.tenant = tenant
        out = t.desk_p()
        rc = lib.redress_desk_open(ctypes.byref(out), ctypes.byref(options))
        if rc != Error.OK:
            raise fail(rc) from self._pending.take()
        self._handle = out

    def _keep_alive(self, callback: Any) -> Any:
        self._keep.append(callback)
        return callback

    # -- lifetime ----------------------------------------------------------
    def close(self) -> None:
        """Free every object of the desk still open, then the desk (which destroys its
        store). Idempotent. RuntimeError from a callback of a call on the desk (each,
        tick, a store slot, the clock): the call is still using the desk."""
        with self._core.lock:
            if self._handle is None:
                return
            if self._core.busy():
                raise RuntimeError("the desk cannot be closed from a callback of one of its "
                                   "calls; close it once the call has returned")
            for child in list(self._children):
                child.close()
            handle, self._handle = self._handle, None
            self._core.close_last(lib.raw.redress_desk_close, handle)
        exc = self._pending.take()
        if exc is not None:
            raise exc

    def __enter__(self) -> "Desk":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        if getattr(self, "_handle", None) is not None:
            self.close()

    def _adopt(self, child: Any) -> None:
        """Track an object that must be freed before the desk."""
        self._children.add(child)

    def _check(self, rc: int) -> None:
        """Raise for a failed call with the desk's message, chained to the exception a
        store or clock callback raised during it; raise that exception alone if the
        call succeeded regardless. The caller holds the lock since the call: the message
        is the desk's last, which another thread's call would replace."""
        exc = self._pending.take()
        if rc != Error.OK:
            raise fail(rc, self) from exc
        if exc is not None:
            raise exc

    def _call(self, fn: Callable[..., int], *args: Any) -> None:
        """One library call returning a code, checked, under the lock."""
        with self._core.lock:
            self._check(fn(*args))

    @property
    def errmsg(self) -> str:
        """The desk's sentence about its last failure ("" after a success)."""
        return str(lib.redress_desk_errmsg(self).decode("utf-8", "replace"))

    @locked
    def now(self) -> datetime:
        """The desk's clock, as an aware UTC datetime."""
        value = lib.redress_desk_now(self)
        self._check(Error.OK)
        return instant(value)

    # -- complaints --------------------------------------------------------
    @locked
    def create(self, customer_id: Text, *, received_at: Optional[TimeIn] = None,
               id: Optional[Text] = None, customer_tier: Optional[Text] = None,
               customer_value: AmountIn = None, channel: Channel = Channel.PHONE,
               category: Optional[Text] = None, severity: Severity = Severity.NORMAL,
               text: Optional[Text] = None, order_value: AmountIn = None,
               claimed_amount: AmountIn = None, requested_remedy: Optional[Text] = None,
               expectation: AmountIn = None, bottom_line: AmountIn = None,
               prior_complaints: int = 0, prior_compensation: int = 0) -> Complaint:
        """A new complaint in state RECEIVED (not stored until save()). Amounts are ints
        of minor units (cents) or decimal.Decimals of major units (at the desk's
        currency_places), None when unknown; received_at (an aware datetime or int
        seconds) defaults to the desk's clock. Integers out of their C range, floats, and strings with a NUL raise
        (TypeError, OverflowError, ValueError) before anything is stored."""
        f = lib.redress_complaint_fields_init()
        f.id, f.customer_id = id, customer_id
        f.customer_tier, f.category = customer_tier, category
        f.text, f.requested_remedy = text, requested_remedy
        f.customer_value = amount_in(customer_value, "customer_value", self.currency_places)
        f.order_value = amount_in(order_value, "order_value", self.currency_places)
        f.claimed_amount = amount_in(claimed_amount, "claimed_amount", self.currency_places)
        f.expectation = amount_in(expectation, "expectation", self.currency_places)
        f.bottom_line = amount_in(bottom_line, "bottom_line", self.currency_places)
        f.channel, f.severity = channel, severity
        f.received_at = _convert.time(self.now() if received_at is None else received_at,
                                      "received_at")
        f.prior_complaints, f.prior_compensation = prior_complaints, prior_compensation
        out = t.complaint_p()
        self._check(lib.redress_complaint_create(ctypes.byref(out), self, ctypes.byref(f)))
        return Complaint(self, out)

    def save(self, complaint: Complaint) -> None:
        """Store with compare-and-swap: ExistsError for a new complaint whose id is taken,
        ConflictError when someone saved a newer revision."""
        self._call(lib.redress_desk_save, self, complaint)

    @locked
    def load(self, id: Text) -> Complaint:
        out = t.complaint_p()
        self._check(lib.redress_desk_load(ctypes.byref(out), self, id))
        return Complaint(self, out)

    def remove(self, id: Text, revision: int) -> None:
        self._call(lib.redress_desk_remove, self, id, revision)

    @locked
    def from_json(self, document: Text) -> Complaint:
        raw = buffer_in(document, "document")
        out = t.complaint_p()
        self._check(lib.redress_complaint_from_json(ctypes.byref(out), self, raw, len(raw)))
        return Complaint(self, out)

    def each(self, fn: Callable[[Complaint], Any]) -> bool:
        """Call fn with every stored complaint, borrowed for the call (clone() to keep
        one). A true return value stops early; returns False then, True when done.
        fn may call back into the desk, but not close it (RuntimeError)."""
        return self._walk(lambda c: bool(fn(c)))

    def complaints(self) -> List[Complaint]:
        """Every stored complaint, as owned copies (close them, or let the desk do it)."""
        found: List[Complaint] = []
        self._walk(lambda c: found.append(c.clone()))
        return found

    @locked
    def _walk(self, visit: Callable[[Complaint], Any]) -> bool:
        own = Pending()
        stopped = []

        def on_complaint(handle: Any, payload: Any) -> int:
            borrowed = Complaint(self, handle, owned=False)
            try:
                stop = bool(visit(borrowed))
            finally:
                borrowed._handle = None  # the complaint is gone when the callback returns
            stopped.append(stop)
            return int(stop)

        callback = t.COMPLAINT_CB(own.guard(on_complaint, 1))
        rc = lib.redress_desk_each(self, callback, None)
        _raise_callback_error(own, self._pending)
        if rc == Error.USER and stopped and stopped[-1]:
            self._check(Error.OK)
            return False
        self._check(rc)
        return True

    # -- the change feed ---------------------------------------------------
    @locked
    def feed(self, after: int = 0, limit: int = 1000) -> List[Change]:
        """The changes of the desk's tenant after cursor `after`, oldest first, at most
        `limit` (>= 1): every event a save appended, every alarm a tick recorded, each
        save without events and each removal, exactly once. Keep the cursor of the last
        one you handled and pass it next time; fewer than `limit` means caught up.
        VersionError when the store keeps no feed (a Python Store)."""
        changes: List[Change] = []
        own = Pending()

        def take(change: Any, payload: Any) -> int:
            changes.append(Change.from_c(change.contents))
            return 0

        callback = t.CHANGE_CB(own.guard(take, 1))
        rc = lib.redress_desk_feed(self, after, limit, callback, None)
        _raise_callback_error(own, self._pending)
        self._check(rc)
        return changes

    # -- policies, calendars, deadlines -----------------------------------
    def add_calendar(self, name: Text, spec: Text) -> None:
        """A named business calendar for policies (grammar in docs/deadlines.md)."""
        raw = buffer_in(spec, "spec")
        self._call(lib.redress_desk_add_calendar, self, name, raw, len(raw))

    def calendar(self, spec: Text) -> Calendar:
        """Parse a calendar for arithmetic of your own."""
        return _calendar.parse(self, spec)

    def add_policy(self, policy: Policy) -> None:
        c_policy = policy.to_c(self.currency_places)
        self._call(lib.redress_desk_add_policy, self, ctypes.byref(c_policy))

    def load_policies(self, spec: Text) -> None:
        """Add the policies of a policy spec, all or none (grammar in docs/deadlines.md,
        "Policy specs"); a ParseError names the line and column."""
        raw = buffer_in(spec, "spec")
        self._call(lib.redress_desk_load_policies, self, raw, len(raw))

    @locked
    def policy(self, name: Text, policy_version: int = 0) -> Policy:
        """A policy of the desk by name and version (0: the newest)."""
        out = t.Policy()
        self._check(lib.redress_desk_policy(ctypes.byref(out), self, name, policy_version))
        return Policy.from_c(out)

    @locked
    def policy_spec(self, policy: Optional[Policy] = None) -> str:
        """The canonical spec of one policy, or of every policy the desk was given."""
        out = ctypes.c_void_p()
        size = ctypes.c_size_t()
        c_policy = policy.to_c(self.currency_places) if policy is not None else None
        self._check(lib.redress_policy_spec(ctypes.byref(out), ctypes.byref(size), self,
                                            ctypes.byref(c_policy) if c_policy else None))
        try:
            return ctypes.string_at(out, size.value).decode("utf-8")
        finally:
            lib.redress_free(out)

    @locked
    def tick(self, now: Optional[TimeIn] = None,
             on_alarm: Optional[Callable[[Alarm, Complaint], Any]] = None) -> List[Alarm]:
        """Record and report every warning and breach due by `now` (default: the desk's
        clock) among stored complaints, each once. on_alarm gets each Alarm and the
        complaint, borrowed for the call; an exception it raises stops the tick and
        propagates; it may call back into the desk, but not close it (RuntimeError).
        Returns the alarms reported."""
        at = self.now() if now is None else now
        alarms: List[Alarm] = []
        own = Pending()

        def report(handle: Any, kind: int, level: int, due: int, payload: Any) -> int:
            borrowed = Complaint(self, handle, owned=False)
            try:
                alarm = Alarm(borrowed.id or "", DeadlineKind(kind), AlarmLevel(level), instant(due))
                alarms.append(alarm)
                if on_alarm is not None:
                    on_alarm(alarm, borrowed)
            finally:
                borrowed._handle = None
            return 0

        callback = t.ALARM_CB(own.guard(report, 1))
        rc = lib.redress_desk_tick(self, at, callback, None)
        _raise_callback_error(own, self._pending)
        self._check(rc)
        return alarms

    # -- classification ----------------------------------------------------
    @property
    def classifier(self) -> ClassifierOptions:
        out = t.ClassifierOptions()
        self._call(lib.redress_desk_classifier, ctypes.byref(out), self)
        return ClassifierOptions.from_c(out)

    @classifier.setter
    def classifier(self, options: Optional[ClassifierOptions]) -> None:
        """Set the thresholds; None restores the defaults."""
        c = options.to_c(self.currency_places) if options is not None else None
        self._call(lib.redress_desk_set_classifier, self,
                   ctypes.byref(c) if c is not None else None)

    def add_cues(self, tsv: Text) -> None:
        """Add cues from `term<TAB>cue<TAB>weight` lines (redress/experimental.h, outside
        the library's ABI promise)."""
        raw = buffer_in(tsv, "tsv")
        self._call(lib.redress_desk_add_cues, self, raw, len(raw))

    @locked
    def classify(self, complaint: Complaint) -> Verdict:
        out = t.verdict_p()
        self._check(lib.redress_classify(ctypes.byref(out), self, complaint))
        return Verdict(out)

    @locked
    def classify_text(self, text: Text) -> Verdict:
        raw = buffer_in(text, "text")
        out = t.verdict_p()
        self._check(lib.redress_classify_text(ctypes.byref(out), self, raw, len(raw)))
        return Verdict(out)

    @locked
    def precedents(self, complaint: Complaint, max_count: int = 10) -> List[Precedent]:
        """Stored complaints with a decision most similar to `complaint`, best first.
        Experimental in the library (redress/experimental.h): a minor release may
        change it."""
        out = t.precedents_p()
        self._check(lib.redress_desk_precedents(ctypes.byref(out), self, complaint,
                                                max_count))
        try:
            return read_precedents(out)
        finally:
            lib.redress_precedents_free(out)

    # -- metrics -----------------------------------------------------------
    @locked
    def metrics(self, group_by: GroupBy = GroupBy.NONE, as_of: Optional[TimeIn] = None,
                model: Optional[RetentionModel] = None) -> Metrics:
        """An empty accumulator judging deadlines at `as_of` (default: the desk's clock)."""
        return _metrics.new(self, group_by, as_of, model)


def _raise_callback_error(own: Pending, desk_pending: Pending) -> None:
    """A host callback's own exception propagates as if the callback were called directly
    (what the store may have raised meanwhile is dropped: the callback stopped the call)."""
    exc = own.take()
    if exc is not None:
        desk_pending.take()
        raise exc
