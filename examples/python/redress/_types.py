"""ctypes mirrors of the header's structs and callback types.

Field order and C types follow the headers exactly (include/redress.h and the module
headers under include/redress/, `version` member first); tests/test_header.py compares
each _fields_ list with the header's struct. Input structs are filled by the binding;
output structs (Deadline, VerdictSummary, Reason, Precedent) are filled by the library
after the binding has set their `version`. Members are
written through the binding's converters (_convert.py): out-of-range integers, floats,
and strings with a NUL raise instead of being wrapped or cut.
"""
from __future__ import annotations

from ctypes import (CFUNCTYPE, POINTER, Structure, c_char_p, c_double, c_int, c_int64,
                    c_size_t, c_uint, c_uint32, c_uint64, c_void_p)
from typing import Any

from . import _convert


class CheckedStructure(Structure):
    """A struct mirror whose members are set through the converter of their C type
    (positional construction goes through __setattr__ as well)."""

    def __setattr__(self, name: str, value: Any) -> None:
        ctype = dict(self._fields_).get(name)
        convert = _convert.converter(ctype) if ctype is not None else None
        if convert is not None:
            value = convert(value, name)
        super().__setattr__(name, value)


time_t = c_int64  # redress_time

# Opaque handles are plain pointers: the Python classes own them.
desk_p = c_void_p
complaint_p = c_void_p
event_p = c_void_p
deadlines_p = c_void_p
metrics_p = c_void_p
calendar_p = c_void_p
verdict_p = c_void_p
precedents_p = c_void_p

ALLOC_FN = CFUNCTYPE(c_void_p, c_size_t, c_void_p)
REALLOC_FN = CFUNCTYPE(c_void_p, c_void_p, c_size_t, c_void_p)
FREE_FN = CFUNCTYPE(None, c_void_p, c_void_p)


class Allocator(CheckedStructure):
    _fields_ = [
        ("version", c_uint),
        ("alloc", ALLOC_FN),
        ("realloc", REALLOC_FN),
        ("free", FREE_FN),
        ("ud", c_void_p),
    ]


class Change(CheckedStructure):
    """One change of the feed (redress_change); its string is borrowed for the call."""
    _fields_ = [
        ("version", c_uint),
        ("cursor", c_uint64),
        ("complaint_id", c_char_p),
        ("revision", c_uint64),
        ("kind", c_int),
        ("event_kind", c_int),
        ("event_seq", c_uint32),
        ("deadline_kind", c_int),
        ("level", c_int),
        ("anchor", c_uint32),
        ("at", time_t),
        ("due", time_t),
    ]


CHANGE_CB = CFUNCTYPE(c_int, POINTER(Change), c_void_p)
#: redress_write_cb: the bytes are not NUL-terminated, so a raw pointer read with len.
WRITE_CB = CFUNCTYPE(c_int, c_void_p, c_size_t, c_void_p)


class Record(CheckedStructure):
    # `doc` is not NUL-terminated, so it is a raw pointer read with its length.
    _fields_ = [
        ("version", c_uint),
        ("id", c_char_p),
        ("customer_id", c_char_p),
        ("state", c_int),
        ("severity", c_int),
        ("channel", c_int),
        ("received_at", time_t),
        ("updated_at", time_t),
        ("next_alarm", time_t),
        ("revision", c_uint64),
        ("doc", c_void_p),
        ("doc_len", c_size_t),
        # version 2
        ("owner", c_char_p),
        ("team", c_char_p),
        ("tenant", c_char_p),
        ("changes", POINTER(Change)),
        ("n_changes", c_size_t),
    ]


RECORD_CB = CFUNCTYPE(c_int, POINTER(Record), c_void_p)
LOAD_FN = CFUNCTYPE(c_int, c_void_p, c_char_p, RECORD_CB, c_void_p)
SAVE_FN = CFUNCTYPE(c_int, c_void_p, POINTER(Record), c_uint64)
REMOVE_FN = CFUNCTYPE(c_int, c_void_p, c_char_p, c_uint64)
SCAN_FN = CFUNCTYPE(c_int, c_void_p, RECORD_CB, c_void_p)
DUE_FN = CFUNCTYPE(c_int, c_void_p, time_t, RECORD_CB, c_void_p)
BY_CUSTOMER_FN = CFUNCTYPE(c_int, c_void_p, c_char_p, RECORD_CB, c_void_p)
DESTROY_FN = CFUNCTYPE(None, c_void_p)
# The store's reason for its last failure (const char *). A void pointer, not c_char_p:
# the text must stay where it is until the store's next call, so the binding returns
# the address of a buffer it keeps (store.py), not a bytes object ctypes would copy.
ERRMSG_FN = CFUNCTYPE(c_void_p, c_void_p)
FEED_FN = CFUNCTYPE(c_int, c_void_p, c_uint64, c_size_t, CHANGE_CB, c_void_p)
REMOVE_LOGGED_FN = CFUNCTYPE(c_int, c_void_p, c_char_p, c_uint64, POINTER(Change))


class Store(CheckedStructure):
    """The store vtable (redress_store); _fields_ follow, as for_tenant names Store."""


FOR_TENANT_FN = CFUNCTYPE(c_int, c_void_p, c_char_p, POINTER(Store))
Store._fields_ = [
    ("version", c_uint),
    ("ud", c_void_p),
    ("load", LOAD_FN),
    ("save", SAVE_FN),
    ("remove", REMOVE_FN),
    ("scan", SCAN_FN),
    ("due", DUE_FN),
    ("by_customer", BY_CUSTOMER_FN),
    ("destroy", DESTROY_FN),
    ("errmsg", ERRMSG_FN),
    ("feed", FEED_FN),
    ("remove_logged", REMOVE_LOGGED_FN),
    ("for_tenant", FOR_TENANT_FN),
]


CLOCK_FN = CFUNCTYPE(time_t, c_void_p)


class DeskOptions(CheckedStructure):
    _fields_ = [
        ("version", c_uint),
        ("allocator", POINTER(Allocator)),
        ("clock", CLOCK_FN),
        ("clock_ud", c_void_p),
        ("store", POINTER(Store)),
        ("zoneinfo_dir", c_char_p),
        ("tenant", c_char_p),
    ]


class ComplaintFields(CheckedStructure):
    _fields_ = [
        ("version", c_uint),
        ("id", c_char_p),
        ("customer_id", c_char_p),
        ("customer_tier", c_char_p),
        ("customer_value", c_int64),
        ("channel", c_int),
        ("category", c_char_p),
        ("severity", c_int),
        ("text", c_char_p),
        ("received_at", time_t),
        ("order_value", c_int64),
        ("claimed_amount", c_int64),
        ("requested_remedy", c_char_p),
        ("expectation", c_int64),
        ("bottom_line", c_int64),
        ("prior_complaints", c_uint32),
        ("prior_compensation", c_int64),
        ("product", c_char_p),
        ("cause", c_char_p),
    ]


class Span(CheckedStructure):
    _fields_ = [("amount", c_int64), ("unit", c_int)]


class Policy(CheckedStructure):
    _fields_ = [
        ("version", c_uint),
        ("name", c_char_p),
        ("channels", c_uint32),
        ("min_severity", c_int),
        ("category", c_char_p),
        ("customer_tier", c_char_p),
        ("calendar", c_char_p),
        ("acknowledge", Span),
        ("update_every", Span),
        ("resolve", Span),
        ("resolve_extended", Span),
        ("follow_up", Span),
        ("warn_percent", c_int),
        ("pause_when_awaiting_customer", c_int),
        ("min_compensation", c_int64),
        ("max_compensation", c_int64),
        # version 2
        ("next_reply", Span),
        # version 3
        ("policy_version", c_uint),
        ("warn_levels", (c_int * 4) * 8),
        ("pause_stops", c_uint32 * 4),
        # version 4
        ("summary_resolve", Span),
        # version 5
        ("team", c_char_p),
    ]


class Deadline(CheckedStructure):
    """Output: one deadline of a list (redress_deadlines_get)."""
    _fields_ = [
        ("version", c_uint),
        ("kind", c_int),
        ("state", c_int),
        ("due", time_t),
        ("warn_at", time_t),
        ("met_at", time_t),
        ("anchor", c_uint32),
    ]


ALARM_CB = CFUNCTYPE(c_int, complaint_p, c_int, c_int, time_t, c_void_p)
COMPLAINT_CB = CFUNCTYPE(c_int, complaint_p, c_void_p)
PERIOD_CB = CFUNCTYPE(c_int, c_void_p, c_int64, c_int64)


class RetentionModel(CheckedStructure):
    _fields_ = [
        ("version", c_uint),
        ("voice_rate", c_double),
        ("silent_churn", c_double),
        ("retention_on_the_spot", c_double),
        ("retention_resolved", c_double),
        ("retention_unresolved", c_double),
        ("word_of_mouth", c_double),
    ]


class ClassifierOptions(CheckedStructure):
    _fields_ = [
        ("version", c_uint),
        ("emotional_threshold", c_double),
        ("rational_threshold", c_double),
        ("mixed_ratio", c_double),
        ("claim_ratio_max", c_double),
        ("max_compensation", c_int64),
        ("min_compensation", c_int64),
        ("serial_min_count", c_uint32),
        ("serial_min_ratio", c_double),
        ("repeat_min_count", c_uint32),
        ("history_days", c_uint32),
        ("use_store_history", c_int),
    ]


class VerdictSummary(CheckedStructure):
    """Output: what a verdict concludes (redress_verdict_get)."""
    _fields_ = [
        ("version", c_uint),
        ("temperament", c_int),
        ("rational", c_double),
        ("emotional", c_double),
        ("legitimacy", c_int),
        ("confidence", c_double),
        ("risks", c_uint32),
        ("playbook", c_uint32),
        ("severity", c_int),
        ("offer", c_int64),
        ("reason_count", c_size_t),
        ("formality", c_int),
    ]


class Reason(CheckedStructure):
    """Output: one reason of a verdict (redress_verdict_reason); its strings are
    borrowed from the verdict."""
    _fields_ = [
        ("version", c_uint),
        ("rule", c_char_p),
        ("weight", c_double),
        ("has_span", c_int),
        ("offset", c_size_t),
        ("length", c_size_t),
        ("field", c_char_p),
        ("value", c_char_p),
    ]


class Negotiation(CheckedStructure):
    _fields_ = [
        ("version", c_uint),
        ("expectation", c_int64),
        ("bottom_line", c_int64),
        ("policy_min", c_int64),
        ("policy_max", c_int64),
        ("offer_permille", c_int),
    ]


class Precedent(CheckedStructure):
    """Output: one precedent of a list (redress_precedents_get, experimental); its
    strings are borrowed from the list."""
    _fields_ = [
        ("version", c_uint),
        ("id", c_char_p),
        ("similarity", c_double),
        ("decision", c_int),
        ("remedy", c_char_p),
        ("compensation", c_int64),
    ]


#: Header struct name -> its mirror, for the layout check.
STRUCTS = {
    "redress_allocator": Allocator, "redress_record": Record, "redress_store": Store,
    "redress_desk_options": DeskOptions, "redress_complaint_fields": ComplaintFields,
    "redress_span": Span, "redress_policy": Policy, "redress_deadline": Deadline,
    "redress_retention_model": RetentionModel, "redress_classifier_options": ClassifierOptions,
    "redress_verdict_summary": VerdictSummary, "redress_reason": Reason,
    "redress_negotiation": Negotiation, "redress_precedent": Precedent,
    "redress_change": Change,
}
