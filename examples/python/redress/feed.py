"""The change feed (redress_desk_feed) as Python values, and the built-in memory store
shared between desks, which is how desks of several tenants meet on one store."""
from __future__ import annotations

import ctypes
import weakref
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Optional, Union

from . import _types as t
from ._lib import lib
from ._util import check, instant, time_out
from .enums import AlarmLevel, ChangeKind, DeadlineKind, EventType


def _known(enum_cls: Any, value: int) -> Any:
    """The enum member, or the plain int for a value newer than this binding."""
    try:
        return enum_cls(value)
    except ValueError:
        return value


@dataclass(frozen=True)
class Change:
    """One change of a desk's feed, copied out of the call. `cursor` is the reader's
    place: pass the last one handled as `after` to read on. Members that do not apply
    to the kind are None; `due` is None for "never"."""
    cursor: int
    complaint_id: str
    revision: int
    kind: Union[ChangeKind, int]
    at: datetime
    event: Optional[Union[EventType, int]] = None
    seq: Optional[int] = None
    deadline: Optional[Union[DeadlineKind, int]] = None
    level: Optional[Union[AlarmLevel, int]] = None
    anchor: Optional[int] = None
    due: Optional[datetime] = None

    @classmethod
    def from_c(cls, ch: t.Change) -> "Change":
        kind = _known(ChangeKind, ch.kind)
        base = dict(cursor=ch.cursor, complaint_id=ch.complaint_id.decode("utf-8"),
                    revision=ch.revision, kind=kind, at=instant(ch.at))
        if kind in (ChangeKind.CREATED, ChangeKind.EVENT):
            return cls(**base, event=_known(EventType, ch.event_kind), seq=ch.event_seq)
        if kind == ChangeKind.ALARM:
            return cls(**base, deadline=_known(DeadlineKind, ch.deadline_kind),
                       level=_known(AlarmLevel, ch.level), anchor=ch.anchor,
                       due=time_out(ch.due))
        return cls(**base)


class MemoryStore:
    """The library's built-in memory store (redress_memory_store_new), to share between
    desks in this process: Desk(store=shared, tenant="acme") and Desk(store=shared,
    tenant="globex") keep their complaints and feeds apart on it. It has the change feed
    and tenants. Close it once its desks are closed (close() refuses while one is open);
    a context manager. Safe to use from several threads, as its desks are."""

    def __init__(self) -> None:
        self._vtable: Optional[t.Store] = None
        self._desks: "weakref.WeakSet[Any]" = weakref.WeakSet()
        vtable = t.Store()
        check(lib.redress_memory_store_new(ctypes.byref(vtable), None))
        self._vtable = vtable

    def _attach(self, desk: Any) -> t.Store:
        """A copy of the vtable for a desk: without destroy, the store stays ours."""
        if self._vtable is None:
            raise ValueError("the memory store is closed")
        self._desks.add(desk)
        copy = t.Store()
        ctypes.pointer(copy)[0] = self._vtable
        copy.destroy = t.DESTROY_FN()  # type: ignore[call-overload]  # a NULL pointer
        return copy

    def close(self) -> None:
        """Free the store and everything in it. Idempotent."""
        if self._vtable is None:
            return
        if any(d._handle is not None for d in list(self._desks)):
            raise RuntimeError("close the desks over the memory store first")
        vtable, self._vtable = self._vtable, None
        vtable.destroy(vtable.ud)

    def __enter__(self) -> "MemoryStore":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        if getattr(self, "_vtable", None) is not None and not any(
                d._handle is not None for d in list(self._desks)):
            self.close()
