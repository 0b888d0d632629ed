"""Loads libredress and declares the prototype of every function of its headers.

The library is the one bundled in the package (libredress.so.1 next to this file, as
the wheel built by pyproject.toml installs it), else the one named by the
REDRESS_LIBRARY environment variable (a path, as `meson test` sets it), else the dynamic
loader's libredress.so.1, the SONAME of the 1.x releases this binding is written for.
A library of another major version is refused.
tests/test_header.py checks this table against include/redress.h and the headers under
include/redress/ (sys/store.h and experimental.h included).
"""
from __future__ import annotations

import ctypes
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Tuple
from ctypes import POINTER, c_char_p, c_double, c_int, c_int64, c_size_t, c_uint, \
    c_uint64, c_void_p

from . import _convert
from . import _types as t
from ._handle import Bound
from .errors import InvalidError

_str = c_char_p
_time = t.time_t
_i64 = c_int64
_sz = c_size_t
_desk, _cpl, _ev, _dl = t.desk_p, t.complaint_p, t.event_p, t.deadlines_p
_met, _cal, _ver, _prec = t.metrics_p, t.calendar_p, t.verdict_p, t.precedents_p

# The four-argument verbs: (complaint, at, actor, note).
_VERB = [_cpl, _time, _str, _str]

#: name -> (return type, argument types), in the order of the headers: redress/common.h,
#: desk.h, complaint.h, lifecycle.h, calendar.h, deadlines.h, classify.h, metrics.h, then
#: redress/experimental.h and redress/sys/store.h.
PROTOTYPES: Dict[str, Tuple[Any, List[Any]]] = {
    # redress/common.h
    "redress_version": (_str, []),
    "redress_version_number": (c_uint, []),
    "redress_strerror": (_str, [c_int]),
    "redress_allocator_init": (t.Allocator, []),
    "redress_enum_name": (_str, [c_int, c_int]),
    "redress_free": (None, [c_void_p]),
    # redress/desk.h
    "redress_desk_options_init": (t.DeskOptions, []),
    "redress_desk_open": (c_int, [POINTER(_desk), POINTER(t.DeskOptions)]),
    "redress_desk_close": (None, [_desk]),
    "redress_desk_errmsg": (_str, [_desk]),
    "redress_desk_now": (_time, [_desk]),
    "redress_desk_save": (c_int, [_desk, _cpl]),
    "redress_desk_load": (c_int, [POINTER(_cpl), _desk, _str]),
    "redress_desk_remove": (c_int, [_desk, _str, c_uint64]),
    "redress_desk_each": (c_int, [_desk, t.COMPLAINT_CB, c_void_p]),
    "redress_desk_feed": (c_int, [_desk, c_uint64, _sz, t.CHANGE_CB, c_void_p]),
    # redress/complaint.h
    "redress_complaint_fields_init": (t.ComplaintFields, []),
    "redress_complaint_create": (c_int, [POINTER(_cpl), _desk, POINTER(t.ComplaintFields)]),
    "redress_complaint_free": (None, [_cpl]),
    "redress_complaint_clone": (c_int, [POINTER(_cpl), _cpl]),
    "redress_complaint_number": (c_int, [POINTER(_i64), _cpl, c_int]),
    "redress_complaint_string": (_str, [_cpl, c_int]),
    "redress_complaint_id": (_str, [_cpl]),
    "redress_complaint_state": (c_int, [_cpl]),
    "redress_complaint_set_attr": (c_int, [_cpl, _str, _str]),
    "redress_complaint_unset_attr": (c_int, [_cpl, _str]),
    "redress_complaint_attr": (_str, [_cpl, _str]),
    "redress_complaint_attr_count": (_sz, [_cpl]),
    "redress_complaint_attr_at": (c_int, [POINTER(_str), POINTER(_str), _cpl, _sz]),
    "redress_complaint_to_json": (c_int, [POINTER(c_void_p), POINTER(_sz), _cpl]),
    "redress_complaint_from_json": (c_int, [POINTER(_cpl), _desk, _str, _sz]),
    # redress/lifecycle.h
    "redress_complaint_acknowledge": (c_int, _VERB),
    "redress_complaint_investigate": (c_int, _VERB + [_str, _str]),
    "redress_complaint_await_customer": (c_int, _VERB),
    "redress_complaint_customer_reply": (c_int, _VERB),
    "redress_complaint_respond": (c_int, _VERB + [c_int, _str, _i64]),
    "redress_complaint_fulfill": (c_int, _VERB),
    "redress_complaint_resolve_on_the_spot": (c_int, _VERB + [c_int, _str, _i64]),
    "redress_complaint_confirm": (c_int, _VERB + [c_int]),
    "redress_complaint_close": (c_int, _VERB),
    "redress_complaint_withdraw": (c_int, _VERB),
    "redress_complaint_reopen": (c_int, _VERB),
    "redress_complaint_note": (c_int, _VERB + [c_int]),
    "redress_complaint_update": (c_int, _VERB),
    "redress_complaint_promise": (c_int, _VERB + [_time]),
    "redress_complaint_hold": (c_int, _VERB),
    "redress_complaint_assess": (c_int, _VERB + [c_int]),
    "redress_complaint_escalate": (c_int, _VERB + [_str]),
    "redress_complaint_set_severity": (c_int, _VERB + [c_int]),
    "redress_complaint_await_third_party": (c_int, _VERB + [_str]),
    "redress_complaint_third_party_reply": (c_int, _VERB),
    "redress_complaint_migrate_policy": (c_int, _VERB),
    "redress_complaint_customer_message": (c_int, _VERB),
    "redress_complaint_move_channel": (c_int, _VERB + [c_int]),
    "redress_complaint_assign": (c_int, _VERB + [_str, _str]),
    "redress_complaint_event_count": (_sz, [_cpl]),
    "redress_complaint_event": (_ev, [_cpl, _sz]),
    "redress_event_number": (c_int, [POINTER(_i64), _ev, c_int]),
    "redress_event_string": (_str, [_ev, c_int]),
    # redress/calendar.h
    "redress_calendar_parse": (c_int, [POINTER(_cal), _desk, _str, _sz]),
    "redress_calendar_add": (c_int, [POINTER(_time), _cal, _time, _i64, c_int]),
    "redress_calendar_elapsed": (c_int, [POINTER(_i64), _cal, _time, _time]),
    "redress_calendar_is_open": (c_int, [_cal, _time]),
    "redress_calendar_period": (c_int, [_cal, _time, c_int, POINTER(_time), POINTER(_time)]),
    "redress_calendar_periods": (c_int, [_cal, _time, _time, t.PERIOD_CB, c_void_p]),
    "redress_calendar_free": (None, [_cal]),
    "redress_calendar_spec": (_str, [_cal]),
    "redress_desk_add_calendar": (c_int, [_desk, _str, _str, _sz]),
    # redress/deadlines.h
    "redress_policy_init": (t.Policy, []),
    "redress_desk_add_policy": (c_int, [_desk, POINTER(t.Policy)]),
    "redress_desk_load_policies": (c_int, [_desk, _str, _sz]),
    "redress_builtin_spec": (c_int, [_str, _sz, POINTER(_str), POINTER(_str), POINTER(_sz)]),
    "redress_desk_policy": (c_int, [POINTER(t.Policy), _desk, _str, c_uint]),
    "redress_policy_spec": (c_int, [POINTER(c_void_p), POINTER(_sz), _desk, POINTER(t.Policy)]),
    "redress_complaint_deadlines": (c_int, [POINTER(_dl), _cpl, _time]),
    "redress_deadlines_free": (None, [_dl]),
    "redress_deadlines_count": (_sz, [_dl]),
    "redress_deadlines_policy": (_str, [_dl]),
    "redress_deadlines_policy_version": (c_uint, [_dl]),
    "redress_deadlines_next_alarm": (_time, [_dl]),
    "redress_deadlines_get": (c_int, [POINTER(t.Deadline), _dl, _sz]),
    "redress_desk_tick": (c_int, [_desk, _time, t.ALARM_CB, c_void_p]),
    # redress/classify.h
    "redress_classifier_options_init": (t.ClassifierOptions, []),
    "redress_desk_set_classifier": (c_int, [_desk, POINTER(t.ClassifierOptions)]),
    "redress_desk_classifier": (c_int, [POINTER(t.ClassifierOptions), _desk]),
    "redress_classify": (c_int, [POINTER(_ver), _desk, _cpl]),
    "redress_classify_text": (c_int, [POINTER(_ver), _desk, _str, _sz]),
    "redress_verdict_free": (None, [_ver]),
    "redress_verdict_get": (c_int, [POINTER(t.VerdictSummary), _ver]),
    "redress_verdict_reason": (c_int, [POINTER(t.Reason), _ver, _sz]),
    # redress/metrics.h
    "redress_retention_model_init": (t.RetentionModel, []),
    "redress_metrics_new": (c_int, [POINTER(_met), _desk, POINTER(t.RetentionModel), c_int,
                                    _time]),
    "redress_metrics_free": (None, [_met]),
    "redress_metrics_add": (c_int, [_met, _cpl]),
    "redress_metrics_add_many": (c_int, [POINTER(_sz), _met, POINTER(_cpl), _sz]),
    "redress_metrics_add_store": (c_int, [_met, _time, _time]),
    "redress_metrics_value": (c_int, [POINTER(c_double), _met, c_int, c_int]),
    "redress_metrics_group_count": (_sz, [_met]),
    "redress_metrics_group_key": (_str, [_met, c_int]),
    "redress_metrics_group_find": (c_int, [POINTER(c_int), _met, _str]),
    # redress/experimental.h: outside the ABI promise (docs/abi.md)
    "redress_negotiation_init": (t.Negotiation, []),
    "redress_settle": (c_int, [POINTER(c_int), POINTER(_i64), POINTER(_i64), POINTER(_i64),
                               POINTER(t.Negotiation)]),
    "redress_desk_precedents": (c_int, [POINTER(_prec), _desk, _cpl, _sz]),
    "redress_precedents_free": (None, [_prec]),
    "redress_precedents_count": (_sz, [_prec]),
    "redress_precedents_get": (c_int, [POINTER(t.Precedent), _prec, _sz]),
    "redress_desk_add_cues": (c_int, [_desk, _str, _sz]),
    "redress_desk_return": (c_int, [_desk, c_int, c_int, _time, _time, t.WRITE_CB, c_void_p]),
    "redress_metrics_exact": (c_int, [c_void_p, _sz, _met, c_int, c_int]),
    # redress/sys/store.h
    "redress_store_init": (t.Store, []),
    "redress_memory_store_new": (c_int, [POINTER(t.Store), POINTER(t.Allocator)]),
}


#: The functions that take a text with its length (`const char *text, size_t len`):
#: name -> index of the text. The library reads every byte of these and refuses a NUL
#: itself, naming its offset. (Found by name: size_t and uint64_t are one ctypes type.)
BUFFERS = {
    "redress_desk_add_calendar": 2,
    "redress_desk_load_policies": 1,
    "redress_complaint_from_json": 2,
    "redress_calendar_parse": 2,
    "redress_desk_add_cues": 1,
    "redress_classify_text": 2,
}


#: The functions' parameters of type redress_time (by value): name -> their indexes.
#: They take an aware datetime as well as an int of seconds (_convert.time), and refuse
#: a naive datetime. (Found by name: redress_time and int64_t are one ctypes type;
#: tests/test_header.py checks this table against the headers.)
TIMES: Dict[str, Tuple[int, ...]] = {name: (1,) for name in (
    "redress_complaint_acknowledge", "redress_complaint_investigate",
    "redress_complaint_await_customer", "redress_complaint_customer_reply",
    "redress_complaint_fulfill", "redress_complaint_confirm", "redress_complaint_close",
    "redress_complaint_withdraw", "redress_complaint_reopen", "redress_complaint_note",
    "redress_complaint_update", "redress_complaint_hold", "redress_complaint_assess",
    "redress_complaint_escalate", "redress_complaint_set_severity",
    "redress_complaint_await_third_party", "redress_complaint_third_party_reply",
    "redress_complaint_migrate_policy", "redress_complaint_customer_message",
    "redress_complaint_move_channel", "redress_complaint_assign",
    "redress_calendar_is_open", "redress_desk_tick")}
TIMES.update({
    "redress_complaint_respond": (1,),
    "redress_complaint_resolve_on_the_spot": (1,),
    "redress_complaint_promise": (1, 4),
    "redress_calendar_add": (2,),
    "redress_calendar_elapsed": (2, 3),
    "redress_calendar_period": (1,),
    "redress_calendar_periods": (1, 2),
    "redress_complaint_deadlines": (2,),
    "redress_metrics_new": (4,),
    "redress_metrics_add_store": (1, 2),
    "redress_desk_return": (3, 4),
})


def _handles(c_type: str, index: int, *names: str) -> Dict[str, Dict[int, str]]:
    return {name: {index: c_type} for name in names}


#: The functions' parameters that are objects of the library (`redress_complaint *`
#: and the like): name -> {index: C type}. Only the binding's object of that type may
#: stand there (a Complaint for a redress_complaint *), or a handle the binding holds
#: itself (a ctypes pointer) or None: C would read an int, or an object of another
#: class, as whatever its address holds. (Found by name, as all handles are c_void_p;
#: tests/test_header.py checks this table against the headers.)
HANDLES: Dict[str, Dict[int, str]] = {
    **_handles("redress_desk", 0, *(name for name in PROTOTYPES if name.startswith(
        "redress_desk_") and name not in ("redress_desk_options_init", "redress_desk_open",
                                          "redress_desk_load", "redress_desk_policy",
                                          "redress_desk_classifier",
                                          "redress_desk_precedents"))),
    **_handles("redress_desk", 1, "redress_calendar_parse", "redress_desk_classifier",
               "redress_classify_text", "redress_complaint_create",
               "redress_complaint_from_json", "redress_desk_policy", "redress_desk_load",
               "redress_metrics_new"),
    **_handles("redress_desk", 2, "redress_policy_spec"),
    **_handles("redress_complaint", 0, *(name for name in TIMES if name.startswith(
        "redress_complaint_") and name != "redress_complaint_deadlines")),
    **_handles("redress_complaint", 0, "redress_complaint_free", "redress_complaint_string",
               "redress_complaint_id", "redress_complaint_state", "redress_complaint_set_attr",
               "redress_complaint_unset_attr", "redress_complaint_attr",
               "redress_complaint_attr_count", "redress_complaint_event_count",
               "redress_complaint_event"),
    **_handles("redress_complaint", 1, "redress_complaint_clone", "redress_complaint_number",
               "redress_complaint_deadlines"),
    **_handles("redress_complaint", 2, "redress_complaint_attr_at", "redress_complaint_to_json"),
    **_handles("redress_event", 0, "redress_event_string"),
    **_handles("redress_event", 1, "redress_event_number"),
    **_handles("redress_calendar", 0, "redress_calendar_is_open", "redress_calendar_period",
               "redress_calendar_periods", "redress_calendar_free", "redress_calendar_spec"),
    **_handles("redress_calendar", 1, "redress_calendar_add", "redress_calendar_elapsed"),
    **_handles("redress_deadlines", 0, "redress_deadlines_free", "redress_deadlines_count",
               "redress_deadlines_policy", "redress_deadlines_policy_version",
               "redress_deadlines_next_alarm"),
    **_handles("redress_deadlines", 1, "redress_deadlines_get"),
    **_handles("redress_verdict", 0, "redress_verdict_free"),
    **_handles("redress_verdict", 1, "redress_verdict_get", "redress_verdict_reason"),
    **_handles("redress_precedents", 0, "redress_precedents_free", "redress_precedents_count"),
    **_handles("redress_precedents", 1, "redress_precedents_get"),
    **_handles("redress_metrics", 0, "redress_metrics_free", "redress_metrics_add_store",
               "redress_metrics_group_count", "redress_metrics_group_key"),
    **_handles("redress_metrics", 1, "redress_metrics_add_many", "redress_metrics_value",
               "redress_metrics_group_find"),
    **_handles("redress_metrics", 2, "redress_metrics_exact"),
}
# The functions that take two objects.
HANDLES["redress_desk_save"] = {0: "redress_desk", 1: "redress_complaint"}
HANDLES["redress_metrics_add"] = {0: "redress_metrics", 1: "redress_complaint"}
for _name in ("redress_classify", "redress_desk_precedents"):
    HANDLES[_name] = {1: "redress_desk", 2: "redress_complaint"}

#: The binding's class for each C type, for the errors.
CLASSES = {"redress_desk": "Desk", "redress_complaint": "Complaint",
           "redress_event": "an event handle", "redress_calendar": "Calendar",
           "redress_deadlines": "a deadlines handle", "redress_verdict": "Verdict",
           "redress_precedents": "a precedents handle", "redress_metrics": "Metrics"}


#: The SONAME of the releases this binding is written for, and their major version.
SONAME = "libredress.so.1"
MAJOR = 1


#: Where the wheel installs the library: next to this module.
BUNDLED = Path(__file__).resolve().with_name(SONAME)


def library_path() -> str:
    """What the library is loaded from: the copy bundled with the package when there is
    one (an installed wheel), else $REDRESS_LIBRARY, else the SONAME, which the dynamic
    loader looks up (LD_LIBRARY_PATH, the ld.so cache, the system directories).
    Not ctypes.util.find_library("redress"): it returns whichever libredress.so.N the
    system has, and another major version has another interface."""
    if BUNDLED.is_file():
        return str(BUNDLED)
    return os.environ.get("REDRESS_LIBRARY") or SONAME


class _Checked:
    """One library function behind the binding's rules: each argument goes through the
    converter of its C type (_convert.py), and objects (Desk, Complaint, ...) stand for
    their handles, resolved and used under their desk's lock (_handle.py)."""

    def __init__(self, name: str, fn: Any, argtypes: List[Any]) -> None:
        self.__name__ = name
        self._fn = fn
        # (index, converter, name for errors) of the arguments that need converting,
        # and the indexes where a handle (and so an object) may stand: worked out once,
        # as some functions are called per reason or per event.
        self._converters = []
        for i, argtype in enumerate(argtypes):
            convert: Optional[Callable[[Any, str], Any]]
            if BUFFERS.get(name) == i:
                convert = _convert.buffer
            elif i in TIMES.get(name, ()):
                convert = _convert.time
            else:
                convert = _convert.converter(argtype)
            if convert is not None:
                self._converters.append((i, convert, f"{name}() argument {i + 1}"))
        self._handles = [i for i, argtype in enumerate(argtypes) if argtype is c_void_p]
        self._c_types = sorted(HANDLES.get(name, {}).items())

    def _check_objects(self, values: List[Any]) -> None:
        """TypeError for an argument that cannot stand for its object parameter."""
        for i, c_type in self._c_types:
            value = values[i]
            if isinstance(value, Bound):
                if value._c_type == c_type:
                    continue
            elif value is None or isinstance(value, c_void_p):
                continue  # NULL (the library refuses it), or a handle the binding holds
            raise TypeError(f"{self.__name__}() argument {i + 1} must be a "
                            f"{CLASSES[c_type]} ({c_type} *), not {type(value).__name__}")

    def __call__(self, *args: Any) -> Any:
        values = list(args)
        for i, convert, what in self._converters:
            values[i] = convert(values[i], what)
        self._check_objects(values)
        objects = [values[i] for i in self._handles if isinstance(values[i], Bound)]
        if not objects:
            return self._fn(*values)
        core = objects[0]._core
        if any(o._core is not core for o in objects):
            # The library refuses it too, but only after reading an object whose desk's
            # lock this thread does not hold.
            raise InvalidError("an object of the call belongs to another desk")
        with core.lock:
            for i in self._handles:
                if isinstance(values[i], Bound):
                    values[i] = values[i].handle  # under the lock: not freed meanwhile
            return core.call(self._fn, values, objects)


class _Library:
    """The loaded library, every function of PROTOTYPES checked (`raw`: unchecked)."""

    def __init__(self, raw: ctypes.CDLL) -> None:
        self.raw = raw
        for name, (restype, argtypes) in PROTOTYPES.items():
            fn = getattr(raw, name)
            fn.restype = restype
            fn.argtypes = argtypes
            setattr(self, name, _Checked(name, fn, argtypes))

    if TYPE_CHECKING:
        # The functions are set from PROTOTYPES at run time: to a type checker each is
        # a callable of unknown signature (tests/test_header.py checks the signatures).
        def __getattr__(self, name: str) -> Any: ...


def _load() -> _Library:
    path = library_path()
    try:
        raw = ctypes.CDLL(path)
    except OSError as err:
        raise OSError(f"libredress not found ({err}): install the package with pip (it bundles "
                      f"the library), install the library, or set REDRESS_LIBRARY to the path "
                      f"of {SONAME}") from None
    # Checked before any prototype is declared: a library of another major version has
    # other functions, or the same names with other meanings.
    raw.redress_version_number.restype = c_uint
    raw.redress_version_number.argtypes = []
    check_major(path, raw.redress_version_number())
    return _Library(raw)


def check_major(path: str, number: int) -> None:
    """OSError unless `number` (redress_version_number()) is of major version MAJOR."""
    if number // 10000 != MAJOR:
        raise OSError(f"{path} is libredress {number // 10000}.{number // 100 % 100}."
                      f"{number % 100}; this binding needs version {MAJOR}.x ({SONAME})")


lib = _load()

# Constants of the header that are not enumerations.
AMOUNT_UNKNOWN = -1
TIME_MIN = 0
TIME_MAX = 253402300799
TIME_NEVER = 2**63 - 1
METRICS_TOTAL = -1
SAME_CONTACT_SECONDS = 3600
#: The `*_VERSION` of every versioned struct, input and output.
VERSIONS = {
    "ALLOCATOR": 1, "RECORD": 2, "STORE": 2, "DESK_OPTIONS": 2, "COMPLAINT_FIELDS": 2,
    "POLICY": 5, "DEADLINE": 1, "RETENTION_MODEL": 1, "CLASSIFIER_OPTIONS": 1,
    "VERDICT_SUMMARY": 2, "REASON": 1, "NEGOTIATION": 1, "PRECEDENT": 1, "CHANGE": 1,
}


_OUTPUT_VERSIONS = {t.Deadline: "DEADLINE", t.VerdictSummary: "VERDICT_SUMMARY",
                    t.Reason: "REASON", t.Precedent: "PRECEDENT"}


def output(struct_type: Any) -> Any:
    """An output struct for a getter to fill, with `version` set to the one this binding
    was written against: the library then writes only the members of that version."""
    out = struct_type()
    out.version = VERSIONS[_OUTPUT_VERSIONS[struct_type]]
    return out
