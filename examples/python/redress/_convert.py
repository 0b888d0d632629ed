"""Typed conversions of Python values to the C types of the header: the one place that
decides what may cross into the library.

ctypes on its own wraps integers modulo 2**bits (2**64 + 5 becomes 5, -1 becomes
4294967295), truncates a char* at its first NUL and accepts floats where the binding
would call int() on them. Every argument of every library function (_lib.py) and every
member written into a mirrored struct (_types.CheckedStructure) goes through
`converter(ctype)` instead, so such a value raises before anything reaches C:

- TypeError for a value of the wrong type: an integer parameter takes an int (an
  IntEnum member is one); bool, float, Decimal and str are refused.
- OverflowError for an int outside the C type's range.
- ValueError for a str or bytes holding a NUL (C would see only the text before it),
  and for a str with lone surrogates (not Unicode: it has no UTF-8 form).
"""
from __future__ import annotations

import ctypes
import datetime as _dt
import decimal
from typing import Any, Callable, Dict, Optional, Tuple, Union

Text = Union[str, bytes]
#: A time going in: an aware datetime, or seconds since the epoch (UTC) as an int.
TimeIn = Union[_dt.datetime, int]
#: An amount going in: int minor units, a Decimal of major units, or None for unknown.
AmountIn = Optional[Union[int, decimal.Decimal]]

_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
_SECOND = _dt.timedelta(seconds=1)

#: The C integer types of the header, each with its range.
_INT_TYPES = (ctypes.c_int, ctypes.c_uint, ctypes.c_int32, ctypes.c_uint32,
              ctypes.c_int64, ctypes.c_uint64, ctypes.c_size_t)


def _bounds(ctype: Any) -> Tuple[int, int, str]:
    bits = 8 * ctypes.sizeof(ctype)
    if ctype(-1).value < 0:
        return -(1 << (bits - 1)), (1 << (bits - 1)) - 1, f"a signed {bits}-bit integer"
    return 0, (1 << bits) - 1, f"an unsigned {bits}-bit integer"


_RANGES: Dict[Any, Tuple[int, int, str]] = {ctype: _bounds(ctype) for ctype in _INT_TYPES}


def integer(value: Any, ctype: Any, what: str = "value") -> int:
    """`value` as an int that fits `ctype`, or TypeError / OverflowError."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, not {type(value).__name__}")
    low, high, kind = _RANGES[ctype]
    if not low <= value <= high:
        raise OverflowError(f"{what} {value} does not fit {kind} [{low}, {high}]")
    return int(value)  # an IntEnum member crosses as its plain value


def real(value: Any, what: str = "value") -> float:
    """A C double: int or float (bool refused, as for integers)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{what} must be a float or an int, not {type(value).__name__}")
    return float(value)


def text(value: Optional[Text], what: str = "text") -> Optional[bytes]:
    """A NUL-terminated C string: str (encoded to UTF-8 strictly) or bytes (passed as
    they are: the library judges their UTF-8), None for NULL. A NUL is refused."""
    raw = buffer(value, what)
    if raw is not None and b"\0" in raw:
        raise ValueError(f"{what} contains a NUL character at byte {raw.index(0)}; "
                         "the library would see only the text before it")
    return raw


def buffer(value: Optional[Text], what: str = "text") -> Optional[bytes]:
    """Text handed over with its length (JSON, calendar specs, cues): the library sees
    every byte and refuses NULs itself, naming their offset."""
    if value is None or isinstance(value, bytes):
        return value
    if not isinstance(value, str):
        raise TypeError(f"{what} must be str or bytes, not {type(value).__name__}")
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError as err:
        raise ValueError(f"{what} has a lone surrogate at index {err.start}: "
                         "it is not Unicode text") from None


def amount(value: AmountIn, what: str = "amount", places: int = 2) -> int:
    """An amount of money as the library's int64 minor units, None for unknown
    (REDRESS_AMOUNT_UNKNOWN, -1): an int is minor units (cents) already; a
    decimal.Decimal is major units of a currency with `places` decimal places (2 for EUR
    and USD, 0 for JPY and KRW, 3 for KWD), converted exactly: Decimal("49.90") is 4990
    at 2 places, and a Decimal that is no whole number of minor units (Decimal("49.905")
    at 2 places, Decimal("1.5") at 0) is refused with ValueError rather than rounded.
    Floats are refused with TypeError: 49.90 as a float is not exactly 49.90."""
    if value is None:
        return -1
    if isinstance(value, decimal.Decimal):
        if value.is_signed() and value:
            raise ValueError(f"{what} {value} is negative; None stands for unknown")
        value = _decimal_minor_units(value, what, places)
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int of minor units (cents), a decimal.Decimal "
                        f"or None, not {type(value).__name__}: a float is not exact money")
    if value < 0:
        raise ValueError(f"{what} {value} is negative; None stands for unknown")
    return integer(value, ctypes.c_int64, what)


def _decimal_minor_units(value: decimal.Decimal, what: str, places: int) -> int:
    # Integer arithmetic on the digits, not scaleb() and friends: those round to the
    # caller's decimal context (prec=5 would make 123456.78 into 123460), and money
    # must come out exact whatever the thread's context is.
    if not value.is_finite():
        raise ValueError(f"{what} {value} is not an amount of money")
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # a finite Decimal has an int exponent
    coefficient = int("".join(map(str, digits)) or "0")
    shift = exponent + places
    if coefficient == 0:
        return 0
    # Bounded before any power of ten is computed: Decimal("1E+999999999") must not
    # build a billion-digit int on its way to OverflowError.
    if shift > 0 and len(digits) + shift > 20:
        raise OverflowError(f"{what} {value} does not fit a signed 64-bit integer of "
                            "minor units")
    if shift < 0 and (-shift > len(digits) or coefficient % int(10 ** -shift)):
        raise ValueError(f"{what} {value} has more than {places} decimal place"
                         f"{'s' if places != 1 else ''}, the currency's minor unit: "
                         "round it yourself, knowing the rounding you want")
    minor = coefficient * int(10 ** shift) if shift >= 0 else coefficient // int(10 ** -shift)
    return -minor if sign else minor


def currency_places(value: Any, what: str = "currency_places") -> int:
    """The decimal places of a currency's minor unit: an int in [0, 6]."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 6:
        raise ValueError(f"{what} {value!r} must be an int in [0, 6] "
                         "(the decimal places of the currency's minor unit)")
    return int(value)


def flag(value: Any, what: str) -> int:
    """A yes/no parameter as the library's int 0 or 1: only a bool is one (0.9, "no"
    and None would each be read some way the caller did not mean)."""
    if not isinstance(value, bool):
        raise TypeError(f"{what} must be a bool (True or False), not {type(value).__name__}")
    return int(value)


def time(value: Any, what: str = "time") -> int:
    """A time going into the library (seconds since the epoch, UTC): an aware datetime
    (its second: a fraction is dropped toward the past) or an int of seconds. A naive
    datetime is refused with ValueError: it names no instant."""
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"{what} {value.isoformat()} is a naive datetime: give it a time "
                             "zone (tzinfo=datetime.timezone.utc, or a zoneinfo.ZoneInfo) so "
                             "that it names one instant")
        return integer((value - _EPOCH) // _SECOND, ctypes.c_int64, what)
    if isinstance(value, _dt.date):
        raise TypeError(f"{what} must be an aware datetime or an int of seconds, not a date "
                        "(which day's which second?)")
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an aware datetime or an int of seconds since the "
                        f"epoch, not {type(value).__name__}")
    return integer(value, ctypes.c_int64, what)


def datetime_of(value: int) -> _dt.datetime:
    """The aware (UTC) datetime of a library time (seconds since the epoch)."""
    return _EPOCH + _dt.timedelta(seconds=value)


def converter(ctype: Any) -> Optional[Callable[[Any, str], Any]]:
    """The conversion for a value of C type `ctype`, None when ctypes' own checks are
    enough (pointers, handles, callbacks, structs)."""
    if ctype in _RANGES:
        return lambda value, what: integer(value, ctype, what)
    if ctype is ctypes.c_double:
        return real
    if ctype is ctypes.c_char_p:
        return text
    return None
