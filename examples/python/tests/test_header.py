"""The binding mirrors the headers: include/redress.h and every header under
include/redress/ (module headers, experimental.h, sys/store.h): enums, struct layouts,
versions and prototypes."""
from __future__ import annotations

import ctypes
import os
import re
import unittest

import redress
from redress import _lib, _types
from redress.enums import HEADER_PREFIXES

from .helpers import header_paths


def _header() -> str:
    """Every public header, concatenated, comments out."""
    text = []
    for path in header_paths():
        with open(path, encoding="utf-8") as f:
            text.append(re.sub(r"/\*.*?\*/", " ", f.read(), flags=re.S))
    return "\n".join(text)


HEADER = _header()

# The ctypes type each C spelling maps to in this binding.
C_TYPES = {
    "unsigned": ctypes.c_uint, "int": ctypes.c_int, "double": ctypes.c_double,
    "int64_t": ctypes.c_int64, "uint64_t": ctypes.c_uint64, "uint32_t": ctypes.c_uint32,
    "size_t": ctypes.c_size_t, "redress_time": ctypes.c_int64, "const char *": ctypes.c_char_p,
    "void *": ctypes.c_void_p, "void": None,
}


def header_enum_values() -> dict:
    """Every REDRESS_NAME = value inside an enum body."""
    values = {}
    for body in re.findall(r"typedef enum \w+ \{(.*?)\}", HEADER, flags=re.S):
        for name, value in re.findall(r"(REDRESS_\w+)\s*=\s*(-?(?:0x)?[0-9a-fA-F]+)", body):
            values[name] = int(value, 0)
    return values


def struct_members(name: str) -> list:
    """(C type, member name) of a struct in declaration order; function pointers give
    ("fn", name)."""
    # `typedef struct NAME {...} NAME;`, or `struct NAME {...};` for redress_store, whose
    # typedef is in redress/common.h
    found = re.search(r"(?:typedef )?struct %s \{(.*?)\}\s*(?:%s)?;" % (name, name), HEADER, re.S)
    body = found.group(1)
    members = []
    for decl in (d.strip() for d in body.split(";") if d.strip()):
        fn = re.match(r".*\(\*(\w+)\)\s*\(", decl, re.S)
        if fn:
            members.append(("fn", fn.group(1)))
            continue
        m = re.match(r"(.*?)(\w+)((?:\[\w+\])*)$", " ".join(decl.split()))
        dims = re.findall(r"\[(\w+)\]", m.group(3))
        spelling = m.group(1).strip().replace(" *", " *")
        members.append((spelling + "".join("[%s]" % d for d in dims), m.group(2)))
    return members


def ctype_of(spelling: str):
    spelling = " ".join(spelling.replace("*", " *").split()).replace(" *", " *")
    if spelling in C_TYPES:
        return C_TYPES[spelling]
    if spelling.endswith("*"):
        return "pointer"
    m = re.match(r"(?:const )?(redress_\w+)$", spelling)
    if m and m.group(1) in _types.STRUCTS:
        return _types.STRUCTS[m.group(1)]
    return "opaque"


class HeaderMirror(unittest.TestCase):
    def test_the_parse_reads_every_public_header(self):
        names = {os.path.relpath(p, os.path.dirname(header_paths()[0])) for p in header_paths()}
        for expected in ("redress.h", "redress/common.h", "redress/complaint.h",
                         "redress/metrics.h", "redress/experimental.h",
                         os.path.join("redress", "sys", "store.h")):
            self.assertIn(expected, names)
        # every module header the umbrella includes is one of them
        with open(header_paths()[0], encoding="utf-8") as f:
            included = re.findall(r'#include "(redress/[\w/]+\.h)"', f.read())
        self.assertGreaterEqual(len(included), 8)
        self.assertTrue(set(included) <= names, set(included) - names)

    def test_every_enum_member_matches(self):
        values = header_enum_values()
        checked = 0
        for enum_cls, prefix in HEADER_PREFIXES.items():
            for member in enum_cls:
                c_name = "REDRESS_OK" if (enum_cls is redress.Error and member.name == "OK") \
                    else "REDRESS_" + (prefix + "_" if prefix else "") + member.name
                self.assertIn(c_name, values, f"{enum_cls.__name__}.{member.name}")
                self.assertEqual(values[c_name], int(member), c_name)
                checked += 1
        # and no header enum member is missing from the binding
        self.assertEqual(checked, len(values))

    def test_struct_layouts_match(self):
        for c_name, mirror in _types.STRUCTS.items():
            members = struct_members(c_name)
            self.assertEqual([n for _, n in members], [f[0] for f in mirror._fields_], c_name)
            for (spelling, name), (_, ctype) in zip(members, mirror._fields_):
                if spelling == "fn":
                    self.assertTrue(issubclass(ctype, ctypes._CFuncPtr), f"{c_name}.{name}")
                    continue
                if name == "doc":  # not NUL-terminated: a raw pointer read with doc_len
                    self.assertIs(ctype, ctypes.c_void_p)
                elif "[" in spelling:  # an array: its element type and every dimension
                    self.assert_array(spelling, ctype, f"{c_name}.{name}")
                else:
                    self.assert_type(spelling, ctype, f"{c_name}.{name}")

    def assert_array(self, spelling, ctype, where):
        base, *dims = re.split(r"\[", spelling.replace("]", ""))
        for dim in dims:
            m = re.search(r"#define %s (\d+)" % dim, HEADER)
            size = int(m.group(1)) if m else int(dim)
            self.assertTrue(issubclass(ctype, ctypes.Array), where)
            self.assertEqual(ctype._length_, size, where)
            ctype = ctype._type_
        self.assert_type(base.strip(), ctype, where)

    def test_version_macros_match(self):
        for name, version in _lib.VERSIONS.items():
            m = re.search(r"#define REDRESS_%s_VERSION (\d+)u" % name, HEADER)
            self.assertIsNotNone(m, name)
            self.assertEqual(int(m.group(1)), version, name)

    def test_init_functions_fill_the_documented_defaults(self):
        # A misplaced field would read another member's default.
        p = _lib.lib.redress_policy_init()
        self.assertEqual((p.version, p.warn_percent, p.min_compensation, p.max_compensation,
                          p.next_reply.amount, p.next_reply.unit, p.policy_version, p.team),
                         (5, 0, -1, -1, 0, 0, 1, None))
        c = _lib.lib.redress_complaint_fields_init()
        self.assertEqual((c.version, c.channel, c.severity, c.customer_value, c.bottom_line,
                          c.prior_complaints, c.prior_compensation, c.product, c.cause),
                         (2, 0, 1, -1, -1, 0, 0, None, None))
        o = _lib.lib.redress_classifier_options_init()
        self.assertEqual((o.mixed_ratio, o.serial_min_count, o.serial_min_ratio,
                          o.history_days, o.use_store_history), (0.65, 3, 0.25, 365, 1))
        m = _lib.lib.redress_retention_model_init()
        self.assertEqual((m.voice_rate, m.word_of_mouth), (0.04, 20.0))
        n = _lib.lib.redress_negotiation_init()
        self.assertEqual((n.policy_max, n.offer_permille), (-1, 500))
        s = _lib.lib.redress_store_init()
        self.assertEqual(s.version, 2)
        self.assertFalse(s.load)
        self.assertFalse(s.errmsg)
        self.assertFalse(s.feed)
        self.assertFalse(s.for_tenant)
        o = _lib.lib.redress_desk_options_init()
        self.assertEqual(o.version, 2)
        self.assertIsNone(o.tenant)

    def test_output_structs_carry_the_version_they_were_written_for(self):
        for struct_type, name in _lib._OUTPUT_VERSIONS.items():
            self.assertEqual(_lib.output(struct_type).version, _lib.VERSIONS[name])
        # the library refuses a version it does not know and writes nothing
        with redress.Desk() as desk, desk.classify_text("hello") as verdict:
            summary = _types.VerdictSummary()
            summary.version = _lib.VERSIONS["VERDICT_SUMMARY"] + 1
            summary.temperament = 7
            self.assertEqual(_lib.lib.redress_verdict_get(ctypes.byref(summary), verdict),
                             redress.Error.VERSION)
            self.assertEqual(summary.temperament, 7)

    def test_the_library_is_the_soname_of_the_header_major(self):
        major = int(re.search(r"#define REDRESS_VERSION_MAJOR (\d+)", HEADER).group(1))
        self.assertEqual(_lib.SONAME, f"libredress.so.{major}")
        self.assertEqual(_lib.MAJOR, major)
        self.assertEqual(redress.version_number() // 10000, major)
        with self.assertRaises(OSError) as cm:  # what a libredress.so.0 or .2 would get
            _lib.check_major("libredress.so.2", (major + 1) * 10000)
        self.assertIn(f"needs version {major}.x", str(cm.exception))
        _lib.check_major("libredress.so.1", major * 10000 + 203)

    def test_every_function_is_declared_with_its_signature(self):
        protos = re.findall(r"^REDRESS_API\s+([^;]*?)\b(redress_\w+)\s*\(([^)]*)\)\s*;",
                            HEADER, flags=re.M)
        self.assertEqual(len(protos), len(_lib.PROTOTYPES))
        for ret, name, args in protos:
            self.assertIn(name, _lib.PROTOTYPES)
            restype, argtypes = _lib.PROTOTYPES[name]
            self.assert_type(ret, restype, name + " return")
            params = [] if args.strip() == "void" else [a.strip() for a in args.split(",")]
            self.assertEqual(len(params), len(argtypes), name)
            for param, argtype in zip(params, argtypes):
                spelling = re.sub(r"\s*\b\w+$", "", param)  # drop the parameter name
                self.assert_type(spelling, argtype, f"{name}({param})")

    def test_texts_with_a_length_are_the_buffers(self):
        # Every other char* is NUL-terminated, and the binding refuses a NUL in it.
        found = {}
        for name, args in re.findall(r"^REDRESS_API\s+[^;]*?\b(redress_\w+)\s*\(([^)]*)\)\s*;",
                                     HEADER, flags=re.M):
            params = [a.strip() for a in args.split(",")]
            for i, param in enumerate(params[:-1]):
                if param.startswith("const char *") and params[i + 1] == "size_t len":
                    found[name] = i
        self.assertEqual(found, _lib.BUFFERS)

    def test_object_parameters_are_the_handles(self):
        # Every `redress_X *` parameter of an opaque type (by pointer, not a pointer to
        # one): only the binding's object of that type may stand there.
        found = {}
        for name, args in re.findall(r"^REDRESS_API\s+[^;]*?\b(redress_\w+)\s*\(([^)]*)\)\s*;",
                                     HEADER, flags=re.M):
            params = [a.strip() for a in args.split(",")]
            handles = {}
            for i, param in enumerate(params):
                m = re.match(r"(?:const )?(redress_\w+) \*\s*(?:const )?\w+$", param)
                if m and m.group(1) in _lib.CLASSES:
                    handles[i] = m.group(1)
            if handles:
                found[name] = handles
        self.assertEqual(found, _lib.HANDLES)
        # and CLASSES names every opaque type of the headers
        opaque = set(re.findall(r"typedef struct (redress_\w+) \1;", HEADER))
        self.assertEqual(set(_lib.CLASSES), opaque - {"redress_store"} - set(_types.STRUCTS))

    def test_times_by_value_are_the_times(self):
        # Every redress_time parameter (not a pointer to one) takes a datetime as well.
        found = {}
        for name, args in re.findall(r"^REDRESS_API\s+[^;]*?\b(redress_\w+)\s*\(([^)]*)\)\s*;",
                                     HEADER, flags=re.M):
            params = [a.strip() for a in args.split(",")]
            times = tuple(i for i, p in enumerate(params) if re.match(r"redress_time \w+$", p))
            if times:
                found[name] = times
        self.assertEqual(found, _lib.TIMES)

    def assert_type(self, spelling, ctype, what):
        expected = ctype_of(spelling)
        if expected == "pointer" or expected == "opaque" and spelling.endswith("*"):
            ok = ctype is ctypes.c_void_p or (isinstance(ctype, type) and (
                issubclass(ctype, ctypes._Pointer) or issubclass(ctype, ctypes._CFuncPtr)))
            self.assertTrue(ok, f"{what}: {spelling} as {ctype}")
        elif expected == "opaque":  # a callback typedef passed by value
            self.assertTrue(issubclass(ctype, ctypes._CFuncPtr), f"{what}: {spelling}")
        else:
            self.assertIs(ctype, expected, f"{what}: {spelling}")

    def test_enum_names_agree_with_the_library(self):
        for state in redress.State:
            self.assertEqual(redress.enum_name(redress.EnumKind.STATE, state), state.name.lower())
        for metric in redress.Metric:
            self.assertEqual(redress.metric_name(metric), metric.name.lower())
        for t in redress.Temperament:
            self.assertEqual(redress.temperament_name(t), t.name.lower())
        for f in redress.Field:
            self.assertEqual(redress.enum_name(redress.EnumKind.FIELD, f), f.name.lower())
        self.assertEqual(redress.risk_names(redress.Risk.MEDIA | redress.Risk.CHURN),
                         ["media", "churn"])
        self.assertEqual(redress.playbook_names(redress.Playbook.MOVE_TO_PHONE), ["move_to_phone"])
        with self.assertRaises(ValueError):
            redress.enum_name(redress.EnumKind.STATE, 99)

    def test_version(self):
        m = re.search(r'#define REDRESS_VERSION_STRING "([^"]+)"', HEADER)
        self.assertEqual(redress.version(), m.group(1))
        major, minor, patch = (int(x) for x in m.group(1).split("."))
        self.assertEqual(redress.version_number(), major * 10000 + minor * 100 + patch)


if __name__ == "__main__":
    unittest.main()
