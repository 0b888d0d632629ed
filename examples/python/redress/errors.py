"""Exceptions carrying the library's return code and the desk's sentence about it."""
from __future__ import annotations

from typing import Dict, Optional, Type

from .enums import Error


class RedressError(Exception):
    """A failed call: `code` is the Error, `message` the desk's explanation.

    Raise a subclass from a Python store to give the library a contract answer
    (NotFoundError, ConflictError, UserError); anything else becomes REDRESS_ERR_STORE.
    """

    def __init__(self, code: int, message: str = "") -> None:
        self.code = Error(code) if code in Error._value2member_map_ else code
        self.message = message
        super().__init__(code, message)

    def __str__(self) -> str:
        name = self.code.name if isinstance(self.code, Error) else str(self.code)
        return f"REDRESS_ERR_{name}: {self.message}" if self.message else f"REDRESS_ERR_{name}"


class _CodedError(RedressError):
    """A subclass fixed to one code, so it is raised with the message alone."""
    CODE = Error.OK

    def __init__(self, message: str = "") -> None:
        super().__init__(self.CODE, message)


class InvalidError(_CodedError):
    """An argument is malformed, out of its domain or not UTF-8."""
    CODE = Error.INVALID


class OutOfMemoryError(_CodedError):
    """The allocator returned NULL."""
    CODE = Error.NOMEM


class NotFoundError(_CodedError):
    """No such complaint, attribute, event or item."""
    CODE = Error.NOTFOUND


class ExistsError(_CodedError):
    """A complaint with that id is already stored (or a name is taken)."""
    CODE = Error.EXISTS


class ConflictError(_CodedError):
    """The stored revision is not the expected one: load, reapply, save again."""
    CODE = Error.CONFLICT


class StateError(_CodedError):
    """The verb is not allowed in the complaint's state."""
    CODE = Error.STATE


class StoreError(_CodedError):
    """The store failed."""
    CODE = Error.STORE


class ParseError(_CodedError):
    """Malformed text (JSON, calendar spec, cues); the message names the byte offset."""
    CODE = Error.PARSE


class RangeError(_CodedError):
    """A size limit or numeric range was exceeded."""
    CODE = Error.RANGE


class VersionError(_CodedError):
    """An input struct carries an unknown version."""
    CODE = Error.VERSION


class UserError(_CodedError):
    """A host callback asked to stop."""
    CODE = Error.USER


_BY_CODE: Dict[int, Type[_CodedError]] = {
    cls.CODE: cls for cls in (InvalidError, OutOfMemoryError, NotFoundError, ExistsError,
                              ConflictError, StateError, StoreError, ParseError, RangeError,
                              VersionError, UserError)
}


def error_for(code: int, message: str) -> RedressError:
    """The exception for a return code: its subclass, or RedressError for an unknown code."""
    cls: Optional[Type[_CodedError]] = _BY_CODE.get(code)
    return cls(message) if cls is not None else RedressError(code, message)
