"""Closing a desk, or an object of it, while the library is still using it: from a
callback of a call on the desk, or through the garbage collector in any order. Each case
once freed memory the running call then read (a crash, or a heap-use-after-free under
ASan): none may crash, and the desk must work afterwards."""
from __future__ import annotations

import gc
import unittest

import redress
from redress import Metric

from .helpers import DAY, HOUR, T0, Clock, DeskCase, at


class CloseFromACallback(DeskCase):
    def setUp(self):
        super().setUp()
        for i in range(3):
            c = self.complaint(f"c-{i}", text="The parcel arrived broken.")
            self.desk.save(c)

    def assert_desk_still_works(self):
        self.assertEqual(len(self.desk.complaints()), 3)
        with self.desk.load("c-0") as c:
            self.assertEqual(c.revision, 1)

    def test_each_refuses_to_close_its_desk(self):
        with self.assertRaises(RuntimeError) as caught:
            self.desk.each(lambda c: self.desk.close())
        self.assertIn("callback", str(caught.exception))
        self.assert_desk_still_works()

    def test_tick_refuses_to_close_its_desk(self):
        self.desk.add_policy(redress.Policy("fast", acknowledge=redress.Span.hours(1)))
        with self.desk.create("cust-9", id="late", received_at=T0) as c:
            self.desk.save(c)
        with self.assertRaises(RuntimeError):
            self.desk.tick(T0 + 2 * HOUR, on_alarm=lambda alarm, c: self.desk.close())
        self.assertEqual(len(self.desk.complaints()), 4)

    def test_a_store_slot_cannot_close_the_desk(self):
        # every call that reaches the store: save, load, each, classify, precedents,
        # metrics over the store
        desk = self.desk
        self.store.scan = lambda: desk.close()  # the instance attribute wins
        self.store.load = lambda id: desk.close()
        with self.complaint("c-new") as fresh, desk.metrics(as_of=T0) as m:
            calls = [lambda: desk.load("c-1"), lambda: desk.each(lambda c: None),
                     lambda: m.add_store(), lambda: desk.precedents(fresh)]
            for call in calls:
                with self.assertRaises(redress.StoreError) as caught:
                    call()
                self.assertIsInstance(caught.exception.__cause__, RuntimeError)
        del self.store.scan, self.store.load
        self.assert_desk_still_works()

    def test_the_clock_cannot_close_the_desk(self):
        closing = [False]

        def clock():
            if closing[0]:
                desk.close()
            return T0
        desk = redress.Desk(clock=clock)
        closing[0] = True
        with self.assertRaises(RuntimeError):
            desk.create("cust-1")  # received_at from the clock
        closing[0] = False
        with desk.create("cust-1") as c:
            self.assertEqual(c.received_at, at(T0))
        desk.close()

    def test_a_complaint_closed_while_it_is_being_saved_lives_until_the_save_returns(self):
        c = self.desk.load("c-0")
        c.acknowledge(T0 + 60, "ann")
        inner_save = self.store.save
        self.store.save = lambda record, rev: (c.close(), inner_save(record, rev))
        self.desk.save(c)  # the library went on reading it after the slot closed it
        del self.store.save
        with self.assertRaises(ValueError):
            c.state
        with self.desk.load("c-0") as back:
            self.assertEqual((back.state, back.revision), (redress.State.ACKNOWLEDGED, 2))

    def test_an_accumulator_closed_by_the_scan_it_is_fed_by(self):
        m = self.desk.metrics(as_of=T0 + DAY)
        inner_scan = self.store.scan
        self.store.scan = lambda: (m.close(), inner_scan())[1]
        m.add_store()
        del self.store.scan
        with self.assertRaises(ValueError):
            m.value(Metric.COMPLAINTS)

    def test_complaints_may_be_made_and_closed_in_a_callback(self):
        seen = []

        def visit(c):
            with c.clone() as copy:
                seen.append(copy.id)
            with self.desk.classify(c) as verdict:
                verdict.temperament
        self.desk.each(visit)
        self.assertEqual(sorted(seen), ["c-0", "c-1", "c-2"])


class ObjectsOutlivingTheirDesk(unittest.TestCase):
    def test_closing_the_desk_invalidates_what_was_made_from_it(self):
        desk = redress.Desk(clock=Clock())
        c = desk.create("cust-1", received_at=T0)
        verdict = desk.classify(c)
        m, cal = desk.metrics(as_of=T0), desk.calendar("mon-fri 09:00-17:00")
        events = c.events()
        desk.close()
        for use in (lambda: c.id, lambda: c.acknowledge(T0 + 1, "ann"), lambda: next(events),
                    lambda: m.value(Metric.COMPLAINTS), lambda: cal.is_open(T0),
                    lambda: c.attrs["x"]):
            with self.assertRaises(ValueError):
                use()
        self.assertIsInstance(verdict.temperament, redress.Temperament)  # its own
        verdict.close()

    def test_the_garbage_collector_may_finalise_a_desk_before_its_complaints(self):
        # A cycle through the desk: the collector calls the finalizers of the desk, the
        # complaints, the accumulator and the calendar in no set order.
        for round in range(20):
            desk = redress.Desk(store=redress.DictStore(), clock=Clock())
            desk.keep = [desk.create("cust-1", id=f"c-{i}", received_at=T0)
                         for i in range(round % 4 + 1)]
            desk.keep += [desk.metrics(as_of=T0), desk.calendar("mon-fri 09:00-17:00")]
            for c in desk.keep[:round % 4 + 1]:
                desk.save(c)
            desk.keep.append(desk)
            del desk, c
            gc.collect()

    def test_a_verdict_may_outlive_its_desk(self):
        with redress.Desk(clock=Clock()) as desk:
            verdict = desk.classify_text("I am furious, I want my money back!")
        self.assertTrue(verdict.reasons)
        verdict.close()


if __name__ == "__main__":
    unittest.main()
