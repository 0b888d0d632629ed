"""Complaint: one complaint of a desk, its fields, attributes, history and verbs."""
from __future__ import annotations

import ctypes
from datetime import datetime
from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Any, Iterator, Optional

from . import _types as t
from ._handle import OwnedHandle, locked
from ._lib import lib
from . import _convert
from ._convert import AmountIn, TimeIn
from ._util import Text, instant, amount_in, amount_out, check, strerror, text_out
from .deadlines import Deadlines
from .enums import Channel, Decision, Field, Legitimacy, Severity, State
from .errors import error_for
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
    _c_type = "redress_complaint"

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

    def _writable(self) -> "Complaint":
        """self, unless the library lent it to a callback: C hands each(), tick and feed
        callbacks a const complaint, a copy whose changes would be lost without a word."""
        if not self._owned:
            raise ValueError("the complaint is lent to a callback and read-only: "
                             "clone() it, or load() it after the callback, to change it")
        return self

    def _verb(self, fn: Any, *args: Any) -> "Complaint":
        """Call fn(complaint, *args) and check its code, under the desk's lock."""
        self._writable()
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
    # Each property reads one redress_field through the library's two getters, so a
    # field added to the header is one enumerator here, never a new function.
    @locked
    def number(self, field: Field) -> int:
        """A number field (redress_complaint_number), as the library gives it: -1 for an
        unknown amount, 0 for a satisfaction not given. InvalidError for a text field,
        NotFoundError for a field only events carry."""
        out = ctypes.c_int64()
        rc = lib.redress_complaint_number(ctypes.byref(out), self, field)
        if rc != 0:
            # The library leaves the desk's message alone here (it may still hold an
            # earlier failure's sentence), so the binding names the field itself. And
            # not self._check: a getter must not take over an exception that a store
            # callback of a running desk call (this may be its callback) recorded.
            name = Field(field).name.lower() if field in Field._value2member_map_ else field
            raise error_for(rc, f"complaint field {name}: {strerror(rc)}")
        return out.value

    def string(self, field: Field) -> Optional[str]:
        """A text field (redress_complaint_string), copied; None when the complaint does
        not have it (an optional text not given, a point before investigate) or for a
        field that is not a text of complaints."""
        return text_out(lib.redress_complaint_string(self, field))

    id = property(lambda self: text_out(lib.redress_complaint_id(self)))
    customer_id = property(lambda self: self.string(Field.CUSTOMER_ID))
    customer_tier = property(lambda self: self.string(Field.CUSTOMER_TIER))
    category = property(lambda self: self.string(Field.CATEGORY))
    text = property(lambda self: self.string(Field.TEXT))
    requested_remedy = property(lambda self: self.string(Field.REQUESTED_REMEDY))
    point = property(lambda self: self.string(Field.POINT))
    demand = property(lambda self: self.string(Field.DEMAND))
    remedy = property(lambda self: self.string(Field.REMEDY))

    channel = property(lambda self: Channel(self.number(Field.CHANNEL)))
    """The channel the complaint came in on (kept when the conversation moves)."""
    current_channel = property(lambda self: Channel(self.number(Field.CURRENT_CHANNEL)))
    """The channel the conversation is on now (the last move_channel's)."""
    owner = property(lambda self: self.string(Field.OWNER))
    team = property(lambda self: self.string(Field.TEAM))
    severity = property(lambda self: Severity(self.number(Field.SEVERITY)))
    state = property(lambda self: State(lib.redress_complaint_state(self)))
    decision = property(lambda self: Decision(self.number(Field.DECISION)))
    legitimacy = property(lambda self: Legitimacy(self.number(Field.LEGITIMACY)))
    reopen_count = property(lambda self: self.number(Field.REOPEN_COUNT))
    escalation_count = property(lambda self: self.number(Field.ESCALATION_COUNT))
    on_the_spot = property(lambda self: bool(self.number(Field.ON_THE_SPOT)))

    @property
    def satisfaction(self) -> Optional[int]:
        """1..5 from confirm, None if not confirmed."""
        value = self.number(Field.SATISFACTION)
        return value if value > 0 else None

    customer_value = property(lambda self: amount_out(self.number(Field.CUSTOMER_VALUE)))
    order_value = property(lambda self: amount_out(self.number(Field.ORDER_VALUE)))
    claimed_amount = property(lambda self: amount_out(self.number(Field.CLAIMED_AMOUNT)))
    expectation = property(lambda self: amount_out(self.number(Field.EXPECTATION)))
    bottom_line = property(lambda self: amount_out(self.number(Field.BOTTOM_LINE)))
    compensation = property(lambda self: amount_out(self.number(Field.COMPENSATION)))
    prior_compensation = property(lambda self: self.number(Field.PRIOR_COMPENSATION))
    prior_complaints = property(lambda self: self.number(Field.PRIOR_COMPLAINTS))
    @property
    def received_at(self) -> datetime:
        """When the complaint was received (aware, UTC)."""
        return instant(self.number(Field.RECEIVED_AT))

    @property
    def updated_at(self) -> datetime:
        """The time of its last event (aware, UTC)."""
        return instant(self.number(Field.UPDATED_AT))
    revision = property(lambda self: self.number(Field.REVISION))

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
        return int(lib.redress_complaint_event_count(self))

    @locked
    def deadlines(self, now: Optional[TimeIn] = None) -> Deadlines:
        """The deadlines as they stand at `now` (default: the desk's clock)."""
        at = self._desk.now() if now is None else now
        return Deadlines.compute(self, self._desk, _convert.time(at, "now"))

    @locked
    def to_json(self) -> str:
        """The canonical JSON document (docs/format.md)."""
        out = ctypes.c_void_p()
        size = ctypes.c_size_t()
        self._check(lib.redress_complaint_to_json(ctypes.byref(out), ctypes.byref(size), self))
        try:
            return ctypes.string_at(out, size.value).decode("utf-8")
        finally:
            lib.redress_free(out)

    # -- lifecycle verbs ---------------------------------------------------
    def acknowledge(self, at: TimeIn, actor: Text, note: Optional[Text] = None) -> "Complaint":
        return self._verb(lib.redress_complaint_acknowledge, at, actor, note)

    def investigate(self, at: TimeIn, actor: Text, point: Text, demand: Optional[Text] = None,
                    note: Optional[Text] = None) -> "Complaint":
        return self._verb(lib.redress_complaint_investigate, at, actor, note, point, demand)

    def await_customer(self, at: TimeIn, actor: Text, note: Optional[Text] = None) -> "Complaint":
        return self._verb(lib.redress_complaint_await_customer, at, actor, note)

    def customer_reply(self, at: TimeIn, actor: Text, note: Optional[Text] = None) -> "Complaint":
        return self._verb(lib.redress_complaint_customer_reply, at, actor, note)

    def customer_message(self, at: TimeIn, actor: Text,
                         note: Optional[Text] = None) -> "Complaint":
        """The customer wrote or spoke, in any open state; a reply is now owed
        (NEXT_REPLY, where the policy sets next_reply)."""
        return self._verb(lib.redress_complaint_customer_message, at, actor, note)

    def respond(self, at: TimeIn, actor: Text, decision: Decision, remedy: Optional[Text] = None,
                compensation: AmountIn = None, note: Optional[Text] = None) -> "Complaint":
        return self._verb(lib.redress_complaint_respond, at, actor, note, decision, remedy,
                          amount_in(compensation, "compensation", self._desk.currency_places))

    def fulfill(self, at: TimeIn, actor: Text, note: Optional[Text] = None) -> "Complaint":
        return self._verb(lib.redress_complaint_fulfill, at, actor, note)

    def resolve_on_the_spot(self, at: TimeIn, actor: Text, decision: Decision,
                            remedy: Optional[Text] = None, compensation: AmountIn = None,
                            note: Optional[Text] = None) -> "Complaint":
        return self._verb(lib.redress_complaint_resolve_on_the_spot, at, actor, note,
                          decision, remedy, amount_in(compensation, "compensation", self._desk.currency_places))

    def confirm(self, at: TimeIn, actor: Text, satisfaction: int,
                note: Optional[Text] = None) -> "Complaint":
        return self._verb(lib.redress_complaint_confirm, at, actor, note, satisfaction)

    def close_case(self, at: TimeIn, actor: Text, note: Optional[Text] = None) -> "Complaint":
        """The `close` verb (close after follow-up); named so to keep close() for freeing."""
        return self._verb(lib.redress_complaint_close, at, actor, note)

    def withdraw(self, at: TimeIn, actor: Text, note: Optional[Text] = None) -> "Complaint":
        return self._verb(lib.redress_complaint_withdraw, at, actor, note)

    def reopen(self, at: TimeIn, actor: Text, note: Optional[Text] = None) -> "Complaint":
        return self._verb(lib.redress_complaint_reopen, at, actor, note)

    def note(self, at: TimeIn, actor: Text, note: Text,
             customer_visible: bool = False) -> "Complaint":
        return self._verb(lib.redress_complaint_note, at, actor, note,
                          _convert.flag(customer_visible, "customer_visible"))

    def update(self, at: TimeIn, actor: Text, note: Optional[Text] = None) -> "Complaint":
        return self._verb(lib.redress_complaint_update, at, actor, note)

    def promise(self, at: TimeIn, actor: Text, due: TimeIn,
                note: Optional[Text] = None) -> "Complaint":
        return self._verb(lib.redress_complaint_promise, at, actor, note, due)

    def hold(self, at: TimeIn, actor: Text, note: Optional[Text] = None) -> "Complaint":
        return self._verb(lib.redress_complaint_hold, at, actor, note)

    def assess(self, at: TimeIn, actor: Text, legitimacy: Legitimacy,
               note: Optional[Text] = None) -> "Complaint":
        return self._verb(lib.redress_complaint_assess, at, actor, note, legitimacy)

    def escalate(self, at: TimeIn, actor: Text, to: Optional[Text] = None,
                 note: Optional[Text] = None) -> "Complaint":
        return self._verb(lib.redress_complaint_escalate, at, actor, note, to)

    def set_severity(self, at: TimeIn, actor: Text, severity: Severity,
                     note: Optional[Text] = None) -> "Complaint":
        return self._verb(lib.redress_complaint_set_severity, at, actor, note, severity)

    def await_third_party(self, at: TimeIn, actor: Text, party: Optional[Text] = None,
                          note: Optional[Text] = None) -> "Complaint":
        """The desk waits for a third party (courier, payment provider, underwriter)."""
        return self._verb(lib.redress_complaint_await_third_party, at, actor, note, party)

    def third_party_reply(self, at: TimeIn, actor: Text,
                          note: Optional[Text] = None) -> "Complaint":
        """The third party answered: the clocks its wait stopped run again."""
        return self._verb(lib.redress_complaint_third_party_reply, at, actor, note)

    def migrate_policy(self, at: TimeIn, actor: Text, note: Optional[Text] = None) -> "Complaint":
        """Move the deadlines still to come to the policy the desk would choose now."""
        return self._verb(lib.redress_complaint_migrate_policy, at, actor, note)

    def move_channel(self, at: TimeIn, actor: Text, channel: Channel,
                     note: Optional[Text] = None) -> "Complaint":
        """The conversation moved to another channel; `channel` keeps the original."""
        return self._verb(lib.redress_complaint_move_channel, at, actor, note, channel)

    def assign(self, at: TimeIn, actor: Text, owner: Optional[Text] = None,
               team: Optional[Text] = None, note: Optional[Text] = None) -> "Complaint":
        """The whole assignment: owner and team as given, None for none."""
        return self._verb(lib.redress_complaint_assign, at, actor, note, owner, team)


class Attributes(MutableMapping[str, str]):
    """A live view of a complaint's custom attributes, keys in ascending byte order."""

    def __init__(self, complaint: Complaint) -> None:
        self._c = complaint

    def __getitem__(self, key: str) -> str:
        value = lib.redress_complaint_attr(self._c, key)
        if value is None:
            raise KeyError(key)
        return str(value.decode("utf-8"))

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
            check(lib.redress_complaint_attr_at(ctypes.byref(key), None, self._c, i))
            return (key.value or b"").decode("utf-8")

    def __len__(self) -> int:
        return int(lib.redress_complaint_attr_count(self._c))
