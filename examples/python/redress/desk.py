"""Desk: the handle that owns a store, a clock, policies, calendars and cues."""
from __future__ import annotations

import ctypes
from datetime import datetime
import threading
import weakref
from typing import Any, Callable, List, Optional, Union

from . import _convert
from . import _types as t
from . import calendar as _calendar
from . import metrics as _metrics
from ._handle import Bound, Core, expect, locked
from ._lib import TIME_MAX, TIME_MIN, lib
from ._convert import AmountIn, TimeIn
from ._util import instant, Pending, Text, amount_in, buffer_in, fail, strerror
from .calendar import Calendar
from .classify import ClassifierOptions, Precedent, Verdict, read_precedents
from .complaint import Complaint
from .deadlines import Alarm
from .errors import error_for
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
    _c_type = "redress_desk"

    def __init__(self, store: Optional[Union[Store, MemoryStore]] = None,
                 clock: Optional[Callable[[], TimeIn]] = None,
                 zoneinfo_dir: Optional[Text] = None, tenant: Optional[Text] = None,
                 currency_places: int = 2) -> None:
        currency_places = _convert.currency_places(currency_places)
        if store is not None and not isinstance(store, (Store, MemoryStore)):
            raise TypeError("store must be a Store (e.g. DictStore), a MemoryStore or None, "
                            f"not {type(store).__name__}")
        if clock is not None and not callable(clock):
            raise TypeError(f"clock must be a callable or None, not {type(clock).__name__}")
        #: Decimal places of the currency's minor unit: a decimal.Decimal amount given to
        #: this desk is major units at this many places (int amounts are minor units).
        self.currency_places = currency_places
        self._core = Core()
        self._handle: Optional[Any] = None
        self._pending = Pending()        # exceptions raised by the store or the clock
        self._keep: List[Any] = []       # ctypes callbacks the C side points to
        self._children: "weakref.WeakSet[Any]" = weakref.WeakSet()
        self.store = store
        # The memory store (the desk's own, or a shared one) stays locked while each()
        # runs: what an each() callback's store calls fail on (see _check).
        self._locked_in_each: Any = store if isinstance(store, MemoryStore) else (
            self if store is None else None)
        options = lib.redress_desk_options_init()
        if clock is not None:
            read = clock
            options.clock = self._keep_alive(t.CLOCK_FN(self._pending.guard(
                lambda ud: _clock_reading(read()), 0)))
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
            raise error_for(rc, _open_refused(rc, tenant, store)) from self._pending.take()
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
        if rc == Error.STORE and self._in_each_of_locked_store():
            raise error_for(rc, f"{self.errmsg or 'store failure'} (called from an each() "
                            f"callback: each() holds the memory store's lock until it "
                            f"returns, so {EACH_RULE})") from exc
        if rc != Error.OK:
            raise fail(rc, self) from exc
        if exc is not None:
            raise exc

    def _in_each_of_locked_store(self) -> bool:
        locked = self._locked_in_each
        return locked is not None and any(s is locked for s in _each_running())

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
        self._call(lib.redress_desk_save, self,
                   expect(complaint, Complaint, "complaint")._writable())

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
        fn may call back into the desk, but not close it (RuntimeError). Over the memory
        store (Desk() without a store, or a MemoryStore), which stays locked during the
        iteration, fn must not touch the store either: no load, save, remove, each(),
        complaints(), tick, feed, Metrics.add_store, classify with store history or
        precedents (StoreError, naming each()); copy what you need (clone(), the ids)
        and do those after each() has returned. A Python Store has no such limit."""
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
        running = _each_running()
        running.append(self._locked_in_each)
        try:
            rc = lib.redress_desk_each(self, callback, None)
        finally:
            running.pop()
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
        c_policy = expect(policy, Policy, "policy").to_c(self.currency_places)
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
        c_policy = expect(policy, Policy, "policy").to_c(self.currency_places) \
            if policy is not None else None
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
        c = expect(options, ClassifierOptions, "classifier options").to_c(
            self.currency_places) if options is not None else None
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
        expect(complaint, Complaint, "complaint")
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
        expect(complaint, Complaint, "complaint")
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
        if model is not None:
            expect(model, RetentionModel, "model")
        return _metrics.new(self, group_by, as_of, model)


#: What an each() callback may not do over the memory store, which keeps its lock
#: (and so the complaint it lends) for the whole iteration.
EACH_RULE = ("it must not load, save, remove, each(), complaints(), tick, feed, "
             "metrics add_store, classify (with store history) or precedents: copy what "
             "you need (clone(), or the ids) and do those after each() has returned")

_EACH = threading.local()


def _each_running() -> List[Any]:
    """The stores locked by the each() calls running on this thread, innermost last."""
    running: Optional[List[Any]] = getattr(_EACH, "stores", None)
    if running is None:
        running = _EACH.stores = []
    return running


#: REDRESS_MAX_ID_BYTES: the longest id (a tenant is one).
MAX_ID_BYTES = 128


def _open_refused(rc: int, tenant: Optional[Text], store: Any) -> str:
    """Why redress_desk_open refused: it leaves no desk to ask for its sentence, so the
    binding names what it can see is wrong (the library's rules for a tenant, in
    include/redress/desk.h), else the code's name."""
    raw = tenant.encode("utf-8", "surrogatepass") if isinstance(tenant, str) else tenant
    if raw:
        if len(raw) > MAX_ID_BYTES:
            return f"tenant is {len(raw)} bytes, longer than the {MAX_ID_BYTES} of an id"
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            return f"tenant {raw!r} is not valid UTF-8 (byte {err.start})"
        for i, ch in enumerate(text):
            if ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F:
                return (f"tenant {text!r} holds a control character (U+{ord(ch):04X}) at "
                        f"index {i}: a tenant is an id, up to {MAX_ID_BYTES} bytes of UTF-8 "
                        "without control characters")
        if store is not None and not isinstance(store, MemoryStore):
            return ("a tenant needs a store with tenants (a MemoryStore); a Python Store "
                    "has none, and the library refuses to share it between tenants")
    return strerror(rc)


def _clock_reading(value: Any) -> int:
    """The clock callback's answer as a library time, or ValueError naming the clock and
    the range: a time outside it would be an impossible date (-5 is 1969). (Beyond
    int64, OverflowError, as for every time argument.)"""
    seconds = _convert.time(value, "the clock's time")
    if not TIME_MIN <= seconds <= TIME_MAX:
        raise ValueError(f"the clock's time {seconds} is outside the library's range "
                         f"[{TIME_MIN}, {TIME_MAX}] (1970-01-01T00:00:00Z .. "
                         "9999-12-31T23:59:59Z)")
    return seconds


def _raise_callback_error(own: Pending, desk_pending: Pending) -> None:
    """A host callback's own exception propagates as if the callback were called directly
    (what the store may have raised meanwhile is dropped: the callback stopped the call)."""
    exc = own.take()
    if exc is not None:
        desk_pending.take()
        raise exc
