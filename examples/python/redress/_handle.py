"""The lock and the lifetime shared by a desk and every object made from it.

The C rule is "one desk, and every object created from it, used by one thread at a
time", and ctypes releases the GIL during each call, so the binding enforces it: each
desk has a Core whose reentrant lock is held around every library call on the desk or
on an object tied to it (_lib.py takes it for any argument that is a Bound), and by
the methods that make several calls which belong together (a call and the desk's
message about its failure). Reentrant, because callbacks run on the calling thread
and may call back into the desk.

The Core also makes freeing safe:
- an object closed from a callback of a library call that uses it (a store slot
  during desk.save(c)) is unusable at once but freed in C only when that call has
  returned, since the library is still using it;
- the desk itself refuses to close during such a call (RuntimeError);
- the desk is closed in C only once every object made from it is freed, whatever
  order the garbage collector finalises them in.
"""
from __future__ import annotations

import contextlib
import functools
import threading
from typing import Any, Callable, Iterator, List, Optional, Sequence, Tuple, TypeVar

T = TypeVar("T", bound="OwnedHandle")
F = TypeVar("F", bound=Callable[..., Any])

Free = Callable[[Any], None]


class Core:
    """One desk's lock, calls in progress, and the C objects it must outlive."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.live = 0        # objects of the desk not yet freed in C
        self._in_use: List[Any] = []  # the objects of the calls in progress (this thread's)
        self._depth = 0      # library calls in progress, all on the thread holding the lock
        self._deferred: List[Tuple[Free, Any]] = []
        self._last: Optional[Tuple[Free, Any]] = None  # the desk's close, waiting for `live`

    def call(self, fn: Callable[..., Any], args: Sequence[Any], objects: Sequence[Any]) -> Any:
        """One library call that uses `objects` (the caller holds the lock). calling()
        written out: some functions are called per reason or per event."""
        self._depth += 1
        mark = len(self._in_use)
        self._in_use.extend(objects)
        try:
            return fn(*args)
        finally:
            del self._in_use[mark:]
            self._depth -= 1
            if self._depth == 0 and self._deferred:
                self._run_deferred()

    @contextlib.contextmanager
    def calling(self, objects: Sequence[Any]) -> Iterator[None]:
        """Around library calls that use `objects` (the caller holds the lock)."""
        self._depth += 1
        mark = len(self._in_use)
        self._in_use.extend(objects)
        try:
            yield
        finally:
            del self._in_use[mark:]
            self._depth -= 1
            if self._depth == 0 and self._deferred:
                self._run_deferred()

    def busy(self) -> bool:
        """Whether a library call on the desk is running (so we are in one of its
        callbacks: the lock is this thread's)."""
        with self.lock:
            return self._depth > 0

    def free(self, obj: Any, free: Free, handle: Any, counted: bool) -> None:
        """Free the C object of `obj` now or, if a running call uses it, when the
        outermost call returns."""
        def release(h: Any) -> None:
            free(h)
            if counted:
                self._forget_one()
        with self.lock:
            if any(o is obj for o in self._in_use):
                self._deferred.append((release, handle))
            else:
                release(handle)

    def close_last(self, close: Free, handle: Any) -> None:
        """Close the desk now if nothing made from it is left, else when the last goes
        (the garbage collector finalises a cycle in no particular order)."""
        with self.lock:
            if self.live == 0:
                close(handle)
            else:
                self._last = (close, handle)

    def _forget_one(self) -> None:
        self.live -= 1
        if self.live == 0 and self._last is not None:
            close, desk_handle = self._last
            self._last = None
            close(desk_handle)

    def _run_deferred(self) -> None:
        while self._deferred:
            release, handle = self._deferred.pop(0)
            release(handle)


def locked(method: F) -> F:
    """Run a method under its object's desk lock, so that its calls are not interleaved
    with another thread's (the desk's message belongs to the call that failed)."""
    @functools.wraps(method)
    def run(self: Any, *args: Any, **kwargs: Any) -> Any:
        with self._core.lock:
            return method(self, *args, **kwargs)
    return run  # type: ignore[return-value]


class Bound:
    """An object whose C handle may be passed to the library (_lib.py resolves it under
    `_core.lock`, so it cannot be freed by another thread meanwhile)."""
    _core: Core
    _handle: Optional[Any]
    #: How the error of a closed object names it ("the calendar is closed").
    _what = "object"
    #: The C type of the handle ("redress_complaint"): _lib.py lets the object stand
    #: only for a parameter of that type.
    _c_type = ""

    @property
    def handle(self) -> Any:
        """The C handle; ValueError once the object is closed."""
        if self._handle is None:
            raise ValueError(f"the {self._what} is closed")
        return self._handle


def expect(value: Any, cls: type, what: str) -> Any:
    """`value` if it is a `cls` (a Complaint where a complaint goes), else TypeError: C
    would read an int, or an object of another class, as whatever its address holds."""
    if not isinstance(value, cls):
        raise TypeError(f"{what} must be a {cls.__name__}, not {type(value).__name__}")
    return value


class OwnedHandle(Bound):
    """The lifetime every wrapper of a C object shares: freed by close(), a with-block
    or garbage collection, whichever comes first; unusable (ValueError) once freed.

    core: the desk's Core for an object made from a desk (the desk outlives it in C),
    or None for an object of its own (a verdict). owned: False for an object the
    library lends to a callback, never freed here."""

    def __init__(self, handle: Any, core: Optional[Core] = None, owned: bool = True) -> None:
        self._counted = core is not None and owned
        self._core = core if core is not None else Core()
        self._owned = owned
        self._handle: Optional[Any] = handle
        if self._counted:
            with self._core.lock:
                self._core.live += 1

    def _free(self, handle: Any) -> None:
        """Release the C object; called once, by close()."""
        raise NotImplementedError

    def close(self) -> None:
        """Free the C object. Idempotent. Called from a callback of a library call that
        uses this object (a store slot during save(c), say) it makes the object unusable
        at once and frees it when that call has returned."""
        core = getattr(self, "_core", None)
        if core is None:  # __init__ did not finish
            return
        with core.lock:
            handle, self._handle = self._handle, None
            if handle is not None and self._owned:
                core.free(self, self._free, handle, self._counted)

    def __enter__(self: T) -> T:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        self.close()
