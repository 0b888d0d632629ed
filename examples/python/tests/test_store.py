"""A store written in Python: the vtable, compare-and-swap, iteration and failures."""
from __future__ import annotations

import gc
import json
import unittest

import redress
from redress import State

from .helpers import DAY, HOUR, T0, Clock, DeskCase, at


class CountingStore(redress.DictStore):
    """A DictStore that counts the calls of each slot and can be told to fail."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = {}
        self.fail_saves = False

    def count(self, slot: str) -> None:
        self.calls[slot] = self.calls.get(slot, 0) + 1

    def save(self, record, expected_revision):
        self.count("save")
        if self.fail_saves:
            raise OSError("disk full")
        super().save(record, expected_revision)

    def due(self, until):
        self.count("due")
        return super().due(until)

    def by_customer(self, customer_id):
        self.count("by_customer")
        return super().by_customer(customer_id)


class DictStoreOnTheDesk(DeskCase):
    def test_save_load_and_the_stored_record(self):
        c = self.complaint(text="broken", category="billing")
        self.desk.save(c)
        self.assertEqual(c.revision, 1)
        c.acknowledge(T0 + 60, "ann")
        self.desk.save(c)
        record = self.store.records["c-1"]
        self.assertEqual((record.id, record.customer_id, record.state, record.revision),
                         ("c-1", "cust-1", State.ACKNOWLEDGED, 2))
        self.assertEqual(record.received_at, T0)
        self.assertEqual(record.updated_at, T0 + 60)
        self.assertEqual(record.doc.decode("utf-8"), c.to_json())  # copied whole
        self.assertGreater(record.next_alarm, T0)  # the update deadline is pending
        with self.desk.load("c-1") as back:
            self.assertEqual((back.state, back.revision, back.text),
                             (State.ACKNOWLEDGED, 2, "broken"))

    def test_compare_and_swap(self):
        c = self.complaint()
        self.desk.save(c)
        with self.desk.load("c-1") as other:
            other.acknowledge(T0 + 10, "bob")
            self.desk.save(other)
        c.acknowledge(T0 + 20, "ann")
        with self.assertRaises(redress.ConflictError) as cm:
            self.desk.save(c)
        self.assertIn("revision 1", cm.exception.message)
        self.assertEqual(c.revision, 1)  # unchanged on failure
        with self.assertRaises(redress.ExistsError):
            self.desk.save(self.complaint(id="c-1"))
        with self.assertRaises(redress.NotFoundError) as cm:
            self.desk.load("nope")
        self.assertIn("nope", cm.exception.message)

    def test_remove(self):
        c = self.complaint()
        self.desk.save(c)
        with self.assertRaises(redress.ConflictError):
            self.desk.remove("c-1", 7)
        self.desk.remove("c-1", 1)
        self.assertEqual(self.store.records, {})
        with self.assertRaises(redress.NotFoundError):
            self.desk.remove("c-1", 1)

    def test_each_and_complaints(self):
        for i in range(5):
            self.desk.save(self.complaint(id=f"c-{i}"))
        seen = []
        self.assertTrue(self.desk.each(lambda c: seen.append((c.id, c.state))))
        self.assertEqual(sorted(seen), [(f"c-{i}", State.RECEIVED) for i in range(5)])
        # a true return value stops early, which is not an error
        visited = []
        self.assertFalse(self.desk.each(lambda c: visited.append(c.id) or len(visited) == 2))
        self.assertEqual(len(visited), 2)
        copies = self.desk.complaints()
        self.assertEqual(sorted(c.id for c in copies), [f"c-{i}" for i in range(5)])
        for c in copies:
            c.close()

    def test_a_borrowed_complaint_dies_with_its_callback(self):
        self.desk.save(self.complaint())
        kept = []
        self.desk.each(kept.append)
        with self.assertRaises(ValueError):
            kept[0].state

    def test_an_exception_in_each_propagates_unchanged(self):
        self.desk.save(self.complaint())

        def boom(c):
            raise KeyError("from the callback")
        with self.assertRaises(KeyError):
            self.desk.each(boom)
        self.assertEqual(len(self.desk.complaints()), 1)  # the desk still works

    def test_callbacks_survive_garbage_collection(self):
        desk = redress.Desk(store=redress.DictStore(), clock=Clock(T0 + 5))
        gc.collect()
        with desk:
            c = desk.create("cust-1", id="gc")
            self.assertEqual(c.received_at, at(T0 + 5))  # the clock callback
            desk.save(c)  # the store callbacks
            gc.collect()
            with desk.load("gc") as back:
                self.assertEqual(back.id, "gc")


class StoreFailures(unittest.TestCase):
    def test_a_failing_store_gives_store_error_chained_to_the_cause(self):
        store = CountingStore()
        with redress.Desk(store=store, clock=Clock()) as desk:
            c = desk.create("cust-1", id="c-1", received_at=T0)
            store.fail_saves = True
            with self.assertRaises(redress.StoreError) as cm:
                desk.save(c)
            self.assertEqual(cm.exception.code, redress.Error.STORE)
            self.assertIn("store.save", cm.exception.message)
            # the store's reason, through its errmsg slot, ends the desk's message
            self.assertTrue(cm.exception.message.endswith("OSError: disk full"),
                            cm.exception.message)
            self.assertIsInstance(cm.exception.__cause__, OSError)
            self.assertEqual(c.revision, 0)
            store.fail_saves = False
            desk.save(c)  # nothing left over from the failure
            self.assertEqual(c.revision, 1)

    def test_the_desk_uses_the_optional_slots(self):
        store = CountingStore()
        with redress.Desk(store=store, clock=Clock()) as desk:
            c = desk.create("cust-1", id="c-1", received_at=T0, text="refund please")
            desk.save(c)
            desk.tick(T0 + 40 * DAY)
            self.assertEqual(store.calls.get("due"), 1)
            desk.classify(c).close()  # reads the customer's history
            self.assertGreaterEqual(store.calls.get("by_customer", 0), 1)

    def test_due_is_ordered_by_alarm_then_id(self):
        store = redress.DictStore()
        with redress.Desk(store=store, clock=Clock()) as desk:
            for id, at in (("b", T0), ("a", T0), ("c", T0 - DAY)):
                desk.save(desk.create("cust", id=id, received_at=at))
            order = [r.id for r in store.due(T0 + 10 * DAY)]
            self.assertEqual(order, ["c", "a", "b"])
            self.assertEqual([r.id for r in store.due(T0 - 6 * HOUR)], ["c"])  # its warning
            self.assertEqual(store.due(T0 - DAY), [])

    def test_destroy_is_called_once_on_close(self):
        store = redress.DictStore()
        desk = redress.Desk(store=store)
        self.assertEqual(store.destroyed, 0)
        desk.close()
        desk.close()
        self.assertEqual(store.destroyed, 1)

    def test_a_store_may_give_its_own_reason(self):
        class Reasoned(CountingStore):
            def errmsg(self):
                return "replica\x00 lagging"  # a NUL cannot cross: made a space

        store = Reasoned()
        with redress.Desk(store=store, clock=Clock()) as desk:
            c = desk.create("cust-1", id="c-1", received_at=T0)
            store.fail_saves = True
            with self.assertRaises(redress.StoreError) as cm:
                desk.save(c)
            self.assertTrue(cm.exception.message.endswith(": replica  lagging"),
                            cm.exception.message)
            self.assertNotIn("disk full", cm.exception.message)

    def test_the_desk_closes_what_is_left_open(self):
        store = redress.DictStore()
        desk = redress.Desk(store=store, clock=Clock())
        c = desk.create("cust-1", received_at=T0)
        m = desk.metrics(as_of=T0)
        cal = desk.calendar("mon-fri 09:00-17:00")
        desk.close()
        for obj in (c, m, cal):
            with self.assertRaises(ValueError):
                obj.handle
        with self.assertRaises(ValueError):
            desk.now()


class RecordCopies(unittest.TestCase):
    def test_record_round_trips_through_its_c_form(self):
        doc = json.dumps({"v": 1}).encode()
        r = redress.Record("id-ü", "cust", State.CLOSED, redress.Severity.LOW,
                           redress.Channel.WEB, T0, T0 + 1, redress.TIME_NEVER, 3, doc)
        c, buffer = r.to_c()
        self.assertEqual(redress.Record.from_c(c), r)
        del buffer


if __name__ == "__main__":
    unittest.main()
