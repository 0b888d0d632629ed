"""Complaint: one complaint of a desk, its fields, attributes, history and verbs."""
from __future__ import annotations

import ctypes
from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Any, Iterator, Optional

from . import _types as t
from ._handle import OwnedHandle, locked
from ._lib import lib
from ._util import Text, amount_in, amount_out, check, text_out
from .deadlines import Deadlines
from .enums import Channel, Decision, Legitimacy, Severity, State
from .events import Event, iter_events

if TYPE_CHECKING:
    from .desk import Desk


class Complaint(OwnedHandle):
    """A complaint (redress_complaint). Use it as a context manager, or call close();
    the desk frees complaints still open when it closes.

    Every verb takes the time it happened and the actor, raises the matching
    RedressError subclass when refused (StateError when the state forbids it) and
    returns the complaint, so verbs chain.
    """

    _what = "complaint"

    def __init__(self, desk: "Desk", handle: Any, owned: bool = True) -> None:
        super().__init__(handle, desk._core, owned)
        self._desk = desk
        if owned:
            desk._adopt(self)

    # -- lifetime ----------------------------------------------------------
    # close() frees the complaint, not its stored copy; handle raises ValueError once
    # it is closed or, for a complaint borrowed by a callback, once the callback
    # returned. The desk outlives a complaint: the complaint holds a reference to it,
    # and the desk's Core closes the desk in C only after its last complaint is freed.
    def _free(self, handle: Any) -> None:
        lib.raw.redress_complaint_free(handle)

    @property
    def desk(self) -> "Desk":
        return self._desk

    def _check(self, rc: int) -> "Complaint":
        self._desk._check(rc)
        return self

    def _verb(self, fn: Any, *args: Any) -> "Complaint":
        """Call fn(complaint, *args) and check its code, under the desk's lock."""
        with self._core.lock:
            return self._check(fn(self, *args))

    @locked
    def clone(self) -> "Complaint":
        """An independent copy of this complaint, owned by the caller."""
        out = t.complaint_p()
        self._check(lib.redress_complaint_clone(ctypes.byref(out), self))
        return Complaint(self._desk, out)

    @locked
    def __repr__(self) -> str:
        if self._handle is None:
            return "<Complaint (closed)>"
        return f"<Complaint {self.id!r} {self.state.name} rev {self.revision}>"

    # -- fields ------------------------------------------------------------
    def _text(self, getter: Any) -> Optional[str]:
        return text_out(getter(self))

    id = property(lambda self: self._text(lib.redress_complaint_id))
    customer_id = property(lambda self: self._text(lib.redress_complaint_customer_id))
    customer_tier = property(lambda self: self._text(lib.redress_complaint_customer_tier))
    category = property(lambda self: self._text(lib.redress_complaint_category))
    text = property(lambda self: self._text(lib.redress_complaint_text))
    requested_remedy = property(lambda self: self._text(lib.redress_complaint_requested_remedy))
    point = property(lambda self: self._text(lib.redress_complaint_point))
    demand = property(lambda self: self._text(lib.redress_complaint_demand))
    remedy = property(lambda self: self._text(lib.redress_complaint_remedy))

    channel = property(lambda self: Channel(lib.redress_complaint_channel(self)))
    severity = property(lambda self: Severity(lib.redress_complaint_severity(self)))
    state = property(lambda self: State(lib.redress_complaint_state(self)))
    decision = property(lambda self: Decision(lib.redress_complaint_decision(self)))
    legitimacy = property(lambda self: Legitimacy(lib.redress_complaint_legitimacy(self)))
    reopen_count = property(lambda self: lib.redress_complaint_reopen_count(self))
    escalation_count = property(lambda self: lib.redress_complaint_escalation_count(self))
    on_the_spot = property(lambda self: bool(lib.redress_complaint_on_the_spot(self)))

    @property
    def satisfaction(self) -> Optional[int]:
        """1..5 from confirm, None if not confirmed."""
        value = lib.redress_complaint_satisfaction(self)
        return value if value > 0 else None

    def _amount(self, getter: Any) -> Optional[int]:
        return amount_out(getter(self))

    customer_value = property(lambda self: self._amount(lib.redress_complaint_customer_value))
    order_value = property(lambda self: self._amount(lib.redress_complaint_order_value))
    claimed_amount = property(lambda self: self._amount(lib.redress_complaint_claimed_amount))
    expectation = property(lambda self: self._amount(lib.redress_complaint_expectation))
    bottom_line = property(lambda self: self._amount(lib.redress_complaint_bottom_line))
    compensation = property(lambda self: self._amount(lib.redress_complaint_compensation))
    prior_compensation = property(lambda self: lib.redress_complaint_prior_compensation(self))
    prior_complaints = property(lambda self: lib.redress_complaint_prior_complaints(self))
    received_at = property(lambda self: lib.redress_complaint_received_at(self))
    updated_at = property(lambda self: lib.redress_complaint_updated_at(self))
    revision = property(lambda self: lib.redress_complaint_revision(self))

    @property
    def attrs(self) -> "Attributes":
        """The custom attributes as a mutable mapping of str to str."""
        return Attributes(self)

    # -- history, deadlines, JSON -----------------------------------------
    def events(self) -> Iterator[Event]:
        """The history, oldest first; each Event is a copy."""
        return iter_events(self)

    @property
    def event_count(self) -> int:
        return lib.redress_complaint_event_count(self)

    @locked
    def deadlines(self, now: Optional[int] = None) -> Deadlines:
        """The deadlines as they stand at `now` (default: the desk's clock)."""
        at = self._desk.now() if now is None else now
        return Deadlines.compute(self, self._desk, at)

    @locked
    def to_json(self) -> str:
        """The canonical JSON document (docs/format.md)."""
        out = ctypes.c_void_p()
        size = ctypes.c_size_t()
        self._check(lib.redress_complaint_to_json(ctypes.byref(out), ctypes.byref(size), self))
        try:
            return ctypes.string_at(out, size.value).decode("utf-8")
        finally:
            lib.redress_free(self._desk, out)

    # -- lifecycle verbs ---------------------------------------------------
    def acknowledge(self, at: int, actor: Text, note: Optional[Text] = None) -> "Complaint":
        return self._verb(lib.redress_complaint_acknowledge, at, actor, note)

    def investigate(self, at: int, actor: Text, point: Text, demand: Optional[Text] = None,
                    note: Optional[Text] = None) -> "Complaint":
        return self._verb(lib.redress_complaint_investigate, at, actor, note, point, demand)

    def await_customer(self, at: int, actor: Text, note: Optional[Text] = None) -> "Complaint":
        return self._verb(lib.redress_complaint_await_customer, at, actor, note)

    def customer_reply(self, at: int, actor: Text, note: Optional[Text] = None) -> "Complaint":
        return self._verb(lib.redress_complaint_customer_reply, at, actor, note)

    def respond(self, at: int, actor: Text, decision: Decision, remedy: Optional[Text] = None,
                compensation: Optional[int] = None, note: Optional[Text] = None) -> "Complaint":
        return self._verb(lib.redress_complaint_respond, at, actor, note, decision, remedy,
                          amount_in(compensation, "compensation"))

    def fulfill(self, at: int, actor: Text, note: Optional[Text] = None) -> "Complaint":
        return self._verb(lib.redress_complaint_fulfill, at, actor, note)

    def resolve_on_the_spot(self, at: int, actor: Text, decision: Decision,
                            remedy: Optional[Text] = None, compensation: Optional[int] = None,
                            note: Optional[Text] = None) -> "Complaint":
        return self._verb(lib.redress_complaint_resolve_on_the_spot, at, actor, note,
                          decision, remedy, amount_in(compensation, "compensation"))

    def confirm(self, at: int, actor: Text, satisfaction: int,
                note: Optional[Text] = None) -> "Complaint":
        return self._verb(lib.redress_complaint_confirm, at, actor, note, satisfaction)

    def close_case(self, at: int, actor: Text, note: Optional[Text] = None) -> "Complaint":
        """The `close` verb (close after follow-up); named so to keep close() for freeing."""
        return self._verb(lib.redress_complaint_close, at, actor, note)

    def withdraw(self, at: int, actor: Text, note: Optional[Text] = None) -> "Complaint":
        return self._verb(lib.redress_complaint_withdraw, at, actor, note)

    def reopen(self, at: int, actor: Text, note: Optional[Text] = None) -> "Complaint":
        return self._verb(lib.redress_complaint_reopen, at, actor, note)

    def note(self, at: int, actor: Text, note: Text,
             customer_visible: bool = False) -> "Complaint":
        return self._verb(lib.redress_complaint_note, at, actor, note, int(customer_visible))

    def update(self, at: int, actor: Text, note: Optional[Text] = None) -> "Complaint":
        return self._verb(lib.redress_complaint_update, at, actor, note)

    def promise(self, at: int, actor: Text, due: int,
                note: Optional[Text] = None) -> "Complaint":
        return self._verb(lib.redress_complaint_promise, at, actor, note, due)

    def hold(self, at: int, actor: Text, note: Optional[Text] = None) -> "Complaint":
        return self._verb(lib.redress_complaint_hold, at, actor, note)

    def assess(self, at: int, actor: Text, legitimacy: Legitimacy,
               note: Optional[Text] = None) -> "Complaint":
        return self._verb(lib.redress_complaint_assess, at, actor, note, legitimacy)

    def escalate(self, at: int, actor: Text, to: Optional[Text] = None,
                 note: Optional[Text] = None) -> "Complaint":
        return self._verb(lib.redress_complaint_escalate, at, actor, note, to)

    def set_severity(self, at: int, actor: Text, severity: Severity,
                     note: Optional[Text] = None) -> "Complaint":
        return self._verb(lib.redress_complaint_set_severity, at, actor, note, severity)


class Attributes(MutableMapping):
    """A live view of a complaint's custom attributes, keys in ascending byte order."""

    def __init__(self, complaint: Complaint) -> None:
        self._c = complaint

    def __getitem__(self, key: str) -> str:
        value = lib.redress_complaint_attr(self._c, key)
        if value is None:
            raise KeyError(key)
        return value.decode("utf-8")

    def __setitem__(self, key: Text, value: Text) -> None:
        self._c._verb(lib.redress_complaint_set_attr, key, value)

    def __delitem__(self, key: Text) -> None:
        with self._c._core.lock:
            if lib.redress_complaint_attr(self._c, key) is None:
                raise KeyError(key)
            self._c._verb(lib.redress_complaint_unset_attr, key)

    def __iter__(self) -> Iterator[str]:
        for i in range(len(self)):
            yield self._key_at(i)

    def _key_at(self, i: int) -> str:
        # The key is borrowed from the complaint: copy it before releasing the lock.
        key = ctypes.c_char_p()
        with self._c._core.lock:
            check(lib.redress_complaint_attr_at(self._c, i, ctypes.byref(key), None))
            return key.value.decode("utf-8")

    def __len__(self) -> int:
        return lib.redress_complaint_attr_count(self._c)
