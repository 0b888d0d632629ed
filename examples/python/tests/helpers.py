"""Shared fixtures: a fixed clock and a desk over a DictStore."""
from __future__ import annotations

import os
import unittest

import redress

T0 = 1767225600  # 2026-01-01T00:00:00Z, a Thursday
HOUR = 3600
DAY = 86400


def header_path() -> str:
    """include/redress.h: $REDRESS_HEADER (set by meson test), else relative to this file."""
    env = os.environ.get("REDRESS_HEADER")
    if env:
        return env
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.join(here, "..", "..", "..", "include", "redress.h")


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
