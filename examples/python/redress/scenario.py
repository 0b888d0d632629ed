"""Business-rule scenarios (docs/scenarios.md) from Python, through libredress-scenario,
the same runner `redress-desk test` uses, so both give the same results.

    from redress import scenario
    result = scenario.run("tests/scenarios/easter-london.scenario")
    assert result.passed, scenario.report([result])

    # in a pytest suite, one test per file:
    @pytest.mark.parametrize("path", glob.glob("rules/*.scenario"))
    def test_rules(path):
        scenario.assert_passes(path)

The runner is the copy bundled in the package (libredress-scenario.so.1 next to this
file, as pip installs it), else $REDRESS_SCENARIO_LIBRARY (a path), else
libredress-scenario.so.1 through the dynamic loader. Scenarios run on the memory store.
"""
from __future__ import annotations

import ctypes
import os
from pathlib import Path
from ctypes import POINTER, c_char_p, c_int, c_size_t, c_uint, c_void_p
from dataclasses import dataclass
from typing import Iterable, List, Optional, Sequence, Union

from . import _convert
from ._lib import lib as _redress  # loads libredress first, which the runner links

SONAME = "libredress-scenario.so.1"
OUTCOMES = ("pass", "fail", "error")
FORMATS = {"text": 0, "tap": 1, "junit": 2}


class _Options(ctypes.Structure):
    _fields_ = [("version", c_uint), ("store", c_void_p), ("zoneinfo_dir", c_char_p),
                ("tenant", c_char_p)]


class _Check(ctypes.Structure):
    _fields_ = [("version", c_uint), ("outcome", c_int), ("line", c_uint), ("column", c_uint),
                ("step", c_char_p), ("when", c_char_p), ("expected", c_char_p),
                ("actual", c_char_p), ("message", c_char_p)]


def _load() -> ctypes.CDLL:
    bundled = Path(__file__).resolve().with_name(SONAME)  # the wheel's copy
    path = str(bundled) if bundled.is_file() else (
        os.environ.get("REDRESS_SCENARIO_LIBRARY") or SONAME)
    try:
        raw = ctypes.CDLL(path)
    except OSError as err:
        raise OSError(f"libredress-scenario not found ({err}): install it, or set "
                      f"REDRESS_SCENARIO_LIBRARY to the path of {SONAME}") from None
    res = POINTER(c_void_p)
    for name, restype, argtypes in [
            ("redress_scenario_run_file", c_int, [res, c_char_p, POINTER(_Options)]),
            ("redress_scenario_run_text", c_int, [res, c_char_p, c_char_p, c_size_t,
                                                  POINTER(_Options)]),
            ("redress_scenario_result_free", None, [c_void_p]),
            ("redress_scenario_result_outcome", c_int, [c_void_p]),
            ("redress_scenario_title", c_char_p, [c_void_p]),
            ("redress_scenario_file", c_char_p, [c_void_p]),
            ("redress_scenario_check_count", c_size_t, [c_void_p]),
            ("redress_scenario_check_get", c_int, [POINTER(_Check), c_void_p, c_size_t]),
            ("redress_scenario_report", c_int, [POINTER(c_void_p), POINTER(c_size_t),
                                                POINTER(c_void_p), c_size_t, c_int]),
            ("redress_scenario_text_free", None, [c_void_p])]:
        fn = getattr(raw, name)
        fn.restype = restype
        fn.argtypes = argtypes
    return raw


_raw = _load()


@dataclass(frozen=True)
class Check:
    """One check of a scenario: an expectation judged, a step that failed, or an error
    of the scenario itself (malformed, or naming what does not exist)."""
    outcome: str     # "pass", "fail" or "error"
    line: int        # 0: the file as a whole
    column: int
    step: str        # the line as written
    when: str        # the scenario's clock then
    expected: str
    actual: str
    message: str     # "" for a pass


class Result:
    """The checks of one scenario run. `passed` is True when every check passed."""

    def __init__(self, handle: int) -> None:
        self._handle = c_void_p(handle)
        h = self._handle
        self.file: str = os.fsdecode(_raw.redress_scenario_file(h))
        self.title: str = _shown(_raw.redress_scenario_title(h))
        self.outcome: str = OUTCOMES[_raw.redress_scenario_result_outcome(h)]
        self.checks: List[Check] = []
        for i in range(_raw.redress_scenario_check_count(h)):
            c = _Check(version=1)
            if _raw.redress_scenario_check_get(ctypes.byref(c), h, i) != 0:
                raise RuntimeError("redress_scenario_check_get failed")
            self.checks.append(Check(OUTCOMES[c.outcome], c.line, c.column, _shown(c.step),
                                     _shown(c.when), _shown(c.expected), _shown(c.actual),
                                     _shown(c.message)))

    @property
    def passed(self) -> bool:
        return self.outcome == "pass"

    @property
    def failures(self) -> List[Check]:
        return [c for c in self.checks if c.outcome != "pass"]

    def __del__(self) -> None:
        if getattr(self, "_handle", None) is not None and self._handle.value:
            _raw.redress_scenario_result_free(self._handle)
            self._handle = c_void_p()

    def __repr__(self) -> str:
        return f"<scenario.Result {self.file} {self.outcome}: {len(self.checks)} checks>"


def _shown(raw: Optional[bytes]) -> str:
    """A text of a result: the step as written may hold bytes that are not UTF-8 (the
    check that refused them says so); they are shown escaped, as \\xff."""
    return (raw or b"").decode("utf-8", "backslashreplace")


def _options(zoneinfo: Optional[str], tenant: Optional[str]) -> _Options:
    # Checked as the binding checks every string it hands C: a NUL would cut it.
    return _Options(1, None, _convert.text(zoneinfo or None, "zoneinfo"),
                    _convert.text(tenant or None, "tenant"))


def _result(rc: int, out: c_void_p) -> Result:
    if rc != 0:
        raise RuntimeError(f"scenario runner: {_redress.raw.redress_strerror(rc).decode()}")
    if out.value is None:
        raise RuntimeError("scenario runner: no result")
    return Result(out.value)


def run(path: Union[str, "os.PathLike[str]"], *, zoneinfo: Optional[str] = None,
        tenant: Optional[str] = None) -> Result:
    """Runs the scenario file at `path` (files it names are read relative to it)."""
    out = c_void_p()
    opts = _options(zoneinfo, tenant)
    raw_path = _convert.text(os.fsencode(path), "path")
    return _result(_raw.redress_scenario_run_file(ctypes.byref(out), raw_path,
                                                  ctypes.byref(opts)), out)


def run_text(text: str, name: str = "scenario", *, zoneinfo: Optional[str] = None,
             tenant: Optional[str] = None) -> Result:
    """Runs a scenario given as text; `name` stands for its file in messages."""
    # A NUL is refused here: the runner would read the text only up to it.
    data = _convert.text(text, "text") or b""
    out = c_void_p()
    opts = _options(zoneinfo, tenant)
    return _result(_raw.redress_scenario_run_text(ctypes.byref(out), _convert.text(name, "name"),
                                                  data, len(data), ctypes.byref(opts)), out)


def report(results: Sequence[Result], format: str = "text") -> str:
    """The report `redress-desk test --format FORMAT` prints: text, tap or junit."""
    if format not in FORMATS:
        raise ValueError(f"format {format!r} is not one of {', '.join(FORMATS)}")
    for i, r in enumerate(results):
        if not isinstance(r, Result):
            raise TypeError(f"results[{i}] must be a scenario.Result, not {type(r).__name__}")
    handles = (c_void_p * max(len(results), 1))(*[r._handle for r in results])
    text, size = c_void_p(), c_size_t()
    rc = _raw.redress_scenario_report(ctypes.byref(text), ctypes.byref(size), handles,
                                      len(results), FORMATS[format])
    if rc != 0:
        raise RuntimeError(f"scenario report: {_redress.raw.redress_strerror(rc).decode()}")
    try:
        return ctypes.string_at(text, size.value).decode()
    finally:
        _raw.redress_scenario_text_free(text)


def run_all(paths: Iterable[str], **options: Optional[str]) -> List[Result]:
    return [run(p, **options) for p in paths]


def assert_passes(path: str, **options: Optional[str]) -> Result:
    """For pytest (or unittest): raises AssertionError with the report when the scenario
    does not pass; returns the result otherwise."""
    result = run(path, **options)
    if not result.passed:
        raise AssertionError("\n" + report([result]))
    return result
