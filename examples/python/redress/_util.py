"""Conversions between Python values and the C conventions, and error checking."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Callable, Optional

from . import _convert
from ._convert import Text as Text
from ._lib import AMOUNT_UNKNOWN, TIME_NEVER, lib
from .errors import error_for

amount_in = _convert.amount


def buffer_in(value: Optional[Text], what: str) -> bytes:
    """Text handed to the library with its length (None is empty)."""
    return _convert.buffer(value, what) or b""


def text_out(raw: Optional[bytes]) -> Optional[str]:
    """Text from the library: it validates UTF-8 on entry, so decoding is strict."""
    return None if raw is None else raw.decode("utf-8")


def amount_out(value: int) -> Optional[int]:
    """REDRESS_AMOUNT_UNKNOWN -> None."""
    return None if value == AMOUNT_UNKNOWN else value


def time_out(value: int) -> Optional[datetime]:
    """A time from the library as an aware UTC datetime; REDRESS_TIME_NEVER -> None."""
    return None if value == TIME_NEVER else _convert.datetime_of(value)


def instant(value: int) -> datetime:
    """A time from the library that is never "never" (an event's, a clock's)."""
    return _convert.datetime_of(value)


def strerror(code: int) -> str:
    return str(lib.redress_strerror(code).decode("utf-8"))


def fail(code: int, desk_handle: Any = None) -> Exception:
    """The exception for a failed call, with the desk's sentence when there is a desk
    (read at once: it is borrowed until the desk's next call)."""
    if desk_handle is not None:
        message = lib.redress_desk_errmsg(desk_handle).decode("utf-8", "replace")
    else:
        message = strerror(code)
    return error_for(code, message)


def check(rc: int, desk_handle: Any = None) -> None:
    """Raise the exception for `rc` unless it is REDRESS_OK."""
    if rc != 0:
        raise fail(rc, desk_handle)


class Pending:
    """Holds an exception raised by Python code called back from C.

    A ctypes callback cannot let an exception cross the C frames, so the callback
    records it and returns a failure; the caller raises it once the C call returns.
    """

    def __init__(self) -> None:
        self.exception: Optional[BaseException] = None

    def guard(self, fn: Callable[..., Any], failure: Any) -> Callable[..., Any]:
        """Wrap `fn`: an exception is recorded (the first one wins) and `failure` returned."""
        def guarded(*args: Any) -> Any:
            try:
                return fn(*args)
            except BaseException as exc:  # noqa: B902 - even KeyboardInterrupt must not cross C
                self.record(exc)
                return failure
        return guarded

    def record(self, exc: BaseException) -> None:
        if self.exception is None:
            self.exception = exc

    def take(self) -> Optional[BaseException]:
        exc, self.exception = self.exception, None
        return exc
