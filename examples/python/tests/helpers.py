"""Shared fixtures: a fixed clock and a desk over a DictStore."""
from __future__ import annotations

import os
import unittest
from datetime import datetime

import redress

T0 = 1767225600  # 2026-01-01T00:00:00Z, a Thursday
HOUR = 3600
DAY = 86400


def at(seconds: int) -> datetime:
    """The aware UTC datetime the binding hands out for a time of `seconds`."""
    value = redress.to_datetime(seconds)
    assert value is not None
    return value


def include_dir() -> str:
    """The library's include/ directory: $REDRESS_INCLUDE (set by meson test), else
    relative to this file."""
    env = os.environ.get("REDRESS_INCLUDE")
    if env:
        return env
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.join(here, "..", "..", "..", "include")


def header_paths() -> list:
    """Every public header: include/redress.h, the umbrella, then each header under
    include/redress/ (the module headers, experimental.h and sys/store.h), sorted."""
    root = include_dir()
    paths = [os.path.join(root, "redress.h")]
    for folder, _, files in sorted(os.walk(os.path.join(root, "redress"))):
        paths += [os.path.join(folder, f) for f in sorted(files) if f.endswith(".h")]
    return paths


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: int = T0) -> None:
        self.now = now

    def __call__(self) -> int:
        return self.now


class DeskCase(unittest.TestCase):
    """Each test gets a desk over a fresh DictStore and a hand-moved clock."""

    def setUp(self) -> None:
        self.clock = Clock()
        self.store = redress.DictStore()
        self.desk = redress.Desk(store=self.store, clock=self.clock)
        self.addCleanup(self.desk.close)

    def complaint(self, id: str = "c-1", **fields) -> redress.Complaint:
        fields.setdefault("customer_id", "cust-1")
        fields.setdefault("received_at", T0)
        c = self.desk.create(id=id, **fields)
        self.addCleanup(c.close)
        return c
