"""Stores written in Python: the redress_store vtable over Python methods.

Subclass Store and implement load, save, remove and scan; implement due and
by_customer to spare the desk full scans. When a slot fails, the desk's message ends
with the store's reason (the vtable's errmsg slot): the text of the exception the slot
raised, or what the store's own errmsg() returns if it defines one. The desk never opens
a transaction (each change is one compare-and-swap save or remove); a host that needs
several saves to land together uses its storage's own transactions around them.
DictStore is a complete example over a dict.

A Python store has neither a change feed nor tenants (the vtable's feed, remove_logged
and for_tenant slots stay NULL): Desk.feed() over it raises VersionError, and a desk with
a tenant refuses it. For both, share the library's MemoryStore, or use a C adapter.
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

from . import _types as t
from ._lib import VERSIONS
from ._util import Pending
from .enums import Channel, Error, Severity, State
from .errors import ConflictError, NotFoundError, RedressError


@dataclass(frozen=True)
class Record:
    """What a store keeps for one complaint (redress_record), copied out of the call."""
    id: str
    customer_id: str
    state: State
    severity: Severity
    channel: Channel
    received_at: int
    updated_at: int
    next_alarm: int
    revision: int
    doc: bytes
    owner: Optional[str] = None  # the last assign's owner and team (record version 2)
    team: Optional[str] = None
    tenant: str = ""

    @classmethod
    def from_c(cls, rec: t.Record) -> "Record":
        # The record lives only during the call: copy every byte now. Version 1 records
        # end before owner, team and tenant (the default tenant's).
        doc = ctypes.string_at(rec.doc, rec.doc_len) if rec.doc_len else b""
        newer = rec.version >= 2
        owner = rec.owner.decode("utf-8") if newer and rec.owner is not None else None
        team = rec.team.decode("utf-8") if newer and rec.team is not None else None
        tenant = rec.tenant.decode("utf-8") if newer and rec.tenant else ""
        return cls(rec.id.decode("utf-8"), rec.customer_id.decode("utf-8"), State(rec.state),
                   Severity(rec.severity), Channel(rec.channel), rec.received_at,
                   rec.updated_at, rec.next_alarm, rec.revision, doc, owner, team, tenant)

    def to_c(self) -> Tuple[t.Record, Any]:
        """The C record and the buffer its `doc` points into (keep both for the call)."""
        doc = ctypes.create_string_buffer(self.doc, len(self.doc))
        rec = t.Record(VERSIONS["RECORD"], self.id, self.customer_id, self.state, self.severity,
                       self.channel, self.received_at, self.updated_at, self.next_alarm,
                       self.revision, ctypes.cast(doc, ctypes.c_void_p), len(self.doc),
                       self.owner, self.team, self.tenant, None, 0)
        return rec, doc


class Store:
    """Base of Python stores. Raise NotFoundError or ConflictError for the contract's
    answers; any other exception makes the slot fail with REDRESS_ERR_STORE, its text
    ends the desk's message ("...: REDRESS_ERR_STORE: ...: OSError: disk full") and it
    is chained to the StoreError the desk call raises."""

    # Optional slots: a subclass defines them as methods to fill the vtable slot.
    due: Optional[Callable[[int], Iterable[Record]]] = None
    by_customer: Optional[Callable[[str], Iterable[Record]]] = None
    #: Why the last slot call failed, as one sentence (None or "": nothing to add). The
    #: desk asks right after a slot failed; when a subclass does not define it, the
    #: binding answers with the exception the slot raised.
    errmsg: Optional[Callable[[], Optional[str]]] = None

    def load(self, id: str) -> Optional[Record]:
        raise NotImplementedError

    def save(self, record: Record, expected_revision: int) -> None:
        raise NotImplementedError

    def remove(self, id: str, expected_revision: int) -> None:
        raise NotImplementedError

    def scan(self) -> Iterable[Record]:
        raise NotImplementedError

    def destroy(self) -> None:
        """Called once when the desk that uses the store closes."""

    def vtable(self, pending: Pending) -> Tuple[t.Store, List[Any]]:
        """The C vtable and the ctypes callbacks it points to: the caller must keep the
        list alive for as long as the library may call the store."""
        return _VTableBuilder(self, pending).build()


def _deliver(records: Iterable[Record], cb: Any, payload: Any) -> int:
    """Hand records to the library's callback one by one; stop when it says so."""
    for record in records:
        rec, doc = record.to_c()
        stop = cb(ctypes.byref(rec), payload)
        del doc  # the record was valid during the callback only
        if stop != 0:
            return Error.USER
    return Error.OK


def _sentence(text: str) -> bytes:
    """Text for C: UTF-8 (a lone surrogate replaced), NUL-terminated, so without NULs."""
    return text.replace("\0", " ").encode("utf-8", "replace")


class _VTableBuilder:
    def __init__(self, store: Store, pending: Pending) -> None:
        self.store = store
        self.pending = pending
        self.keep: List[Any] = []
        # The exception text of the last slot call that failed, and the buffer errmsg
        # last handed out: the contract wants it valid until the store's next call.
        self.failure: Optional[str] = None
        self.reason: Optional[Any] = None

    def slot(self, ctype: Any, fn: Callable[..., int]) -> Any:
        def call(*args: Any) -> int:
            self.failure = None
            try:
                return int(fn(*args))
            except RedressError as err:  # a contract answer, not a failure of the store
                return int(err.code)
            except BaseException as exc:  # noqa: B902 - nothing may cross the C frames
                self.pending.record(exc)
                self.failure = f"{type(exc).__name__}: {exc}"
                return Error.STORE
        cfn = ctype(call)
        self.keep.append(cfn)
        return cfn

    def errmsg(self, ud: Any) -> Optional[int]:
        """The errmsg slot: the store's own sentence, else the failed slot's exception."""
        try:
            own = self.store.errmsg
            text = own() if own is not None else self.failure
        except BaseException as exc:  # noqa: B902 - nothing may cross the C frames
            self.pending.record(exc)
            return None
        if not text:
            return None
        self.reason = ctypes.create_string_buffer(_sentence(str(text)))
        return ctypes.addressof(self.reason)

    def build(self) -> Tuple[t.Store, List[Any]]:
        s = self.store
        vt = t.Store()
        vt.version = VERSIONS["STORE"]
        vt.load = self.slot(t.LOAD_FN, self.load)
        vt.save = self.slot(t.SAVE_FN, lambda ud, rec, expected: self.ok(
            s.save, Record.from_c(rec.contents), expected))
        vt.remove = self.slot(t.REMOVE_FN, lambda ud, id, expected: self.ok(
            s.remove, id.decode("utf-8"), expected))
        vt.scan = self.slot(t.SCAN_FN, lambda ud, cb, payload: _deliver(s.scan(), cb, payload))
        if s.due is not None:
            due: Callable[[int], Iterable[Record]] = s.due
            vt.due = self.slot(t.DUE_FN, lambda ud, until, cb, payload: _deliver(
                due(until), cb, payload))
        if s.by_customer is not None:
            by_customer: Callable[[str], Iterable[Record]] = s.by_customer
            vt.by_customer = self.slot(t.BY_CUSTOMER_FN, lambda ud, cid, cb, payload: _deliver(
                by_customer(cid.decode("utf-8")), cb, payload))
        vt.destroy = self.slot(t.DESTROY_FN, lambda ud: self.ok(s.destroy))
        errmsg = t.ERRMSG_FN(self.errmsg)
        self.keep.append(errmsg)  # the struct member holds the pointer, not the object
        vt.errmsg = errmsg
        return vt, self.keep

    @staticmethod
    def ok(slot: Callable[..., None], *args: Any) -> int:
        """Call a slot of the store that answers nothing; success is REDRESS_OK."""
        slot(*args)
        return Error.OK

    def load(self, ud: Any, id: bytes, cb: Any, payload: Any) -> int:
        record = self.store.load(id.decode("utf-8"))
        if record is None:
            return Error.NOTFOUND
        return _deliver([record], cb, payload)


class DictStore(Store):
    """A store over a dict of Records keyed by id, with compare-and-swap revisions.

    Iterations walk a snapshot, so the desk may save while a scan is under way.
    """

    def __init__(self) -> None:
        self.records: Dict[str, Record] = {}
        self.destroyed = 0

    def load(self, id: str) -> Optional[Record]:
        return self.records.get(id)

    def save(self, record: Record, expected_revision: int) -> None:
        current = self.records.get(record.id)
        stored_revision = current.revision if current is not None else 0
        if stored_revision != expected_revision:
            raise ConflictError(f"'{record.id}' is at revision {stored_revision}, "
                                f"not {expected_revision}")
        self.records[record.id] = record

    def remove(self, id: str, expected_revision: int) -> None:
        current = self.records.get(id)
        if current is None:
            raise NotFoundError(f"no record '{id}'")
        if current.revision != expected_revision:
            raise ConflictError(f"'{id}' is at revision {current.revision}")
        del self.records[id]

    def scan(self) -> List[Record]:
        return list(self.records.values())

    def due(self, until: int) -> List[Record]:  # type: ignore[override]
        due = [r for r in self.records.values() if r.next_alarm <= until]
        return sorted(due, key=lambda r: (r.next_alarm, r.id.encode("utf-8")))

    def by_customer(self, customer_id: str) -> List[Record]:  # type: ignore[override]
        return [r for r in self.records.values() if r.customer_id == customer_id]

    def destroy(self) -> None:
        self.destroyed += 1
