"""The change feed (Desk.feed) and tenants (Desk(tenant=...)) over the built-in memory
store, shared between desks through MemoryStore."""
from __future__ import annotations

import unittest

import redress
from redress import AlarmLevel, ChangeKind, EventType

from .helpers import DAY, T0, Clock, at


class Feed(unittest.TestCase):
    def setUp(self) -> None:
        self.clock = Clock()
        self.desk = redress.Desk(clock=self.clock)  # a memory store of its own
        self.addCleanup(self.desk.close)

    def save_new(self, id: str, **fields) -> None:
        with self.desk.create(id=id, customer_id=fields.pop("customer_id", "cust-1"),
                              received_at=T0, **fields) as c:
            self.desk.save(c)

    def test_every_change_once_in_order(self):
        with self.desk.create(id="c-1", customer_id="cust-1", received_at=T0) as c:
            self.desk.save(c)
            c.acknowledge(T0 + 60, "ann")
            self.desk.save(c)
            c.attrs["crm"] = "case-7"
            self.clock.now = T0 + 500
            self.desk.save(c)
        alarms = self.desk.tick(T0 + 31 * DAY)
        self.assertTrue(alarms)
        changes = self.desk.feed()
        self.assertEqual([ch.cursor for ch in changes], list(range(1, len(changes) + 1)))
        created, ack, saved = changes[:3]
        self.assertEqual((created.kind, created.event, created.seq, created.at, created.revision),
                         (ChangeKind.CREATED, EventType.CREATE, 1, at(T0), 1))
        self.assertEqual((ack.kind, ack.event, ack.seq, ack.at), (ChangeKind.EVENT,
                                                                 EventType.ACKNOWLEDGE, 2, at(T0 + 60)))
        self.assertEqual((saved.kind, saved.event, saved.at), (ChangeKind.SAVED, None, at(T0 + 500)))
        ticked = changes[3:]
        self.assertEqual(len(ticked), len(alarms))
        for change, alarm in zip(ticked, alarms):
            self.assertEqual((change.kind, change.deadline, change.level, change.due, change.at),
                             (ChangeKind.ALARM, alarm.kind, alarm.level, alarm.due, at(T0 + 31 * DAY)))
            self.assertIsInstance(change.level, AlarmLevel)
            self.assertEqual(change.complaint_id, "c-1")
        self.desk.remove("c-1", 4)
        removed = self.desk.feed(after=changes[-1].cursor)
        self.assertEqual([(ch.kind, ch.revision) for ch in removed], [(ChangeKind.REMOVED, 4)])

    def test_warning_levels_and_a_third_party_wait(self):
        self.desk.load_policies("policy tiered version 1\n  acknowledge 1 day\n  resolve 10 days\n"
                                "  warn resolve 50% 75% 90%\n"
                                "  pause awaiting-third-party stops resolve\n")
        with self.desk.create(id="w-1", customer_id="cust-1", received_at=T0) as c:
            c.acknowledge(T0, "ann").investigate(T0, "ann", "lost parcel")
            c.await_third_party(T0 + DAY, "ann", "courier")
            self.desk.save(c)
            c.third_party_reply(T0 + 2 * DAY, "ann")
            self.desk.save(c)
        alarms = self.desk.tick(T0 + 30 * DAY)
        changes = self.desk.feed()
        self.assertEqual([(ch.kind, ch.event, ch.seq) for ch in changes[3:5]],
                         [(ChangeKind.EVENT, EventType.AWAIT_THIRD_PARTY, 4),
                          (ChangeKind.EVENT, EventType.THIRD_PARTY_REPLY, 5)])
        ticked = changes[5:]
        self.assertEqual([ch.level for ch in ticked],
                         [AlarmLevel.WARNING, AlarmLevel.WARNING_2, AlarmLevel.WARNING_3,
                          AlarmLevel.BREACH])
        self.assertEqual([ch.level for ch in ticked], [a.level for a in alarms])
        self.assertTrue(all(ch.due == at(T0 + 11 * DAY) for ch in ticked))
        self.desk.tick(T0 + 31 * DAY)
        self.assertEqual(self.desk.feed(after=changes[-1].cursor), [])

    def test_resuming_and_two_readers(self):
        for i in range(30):
            self.save_new(f"r-{i:02d}")
        whole = self.desk.feed(limit=100)
        self.assertEqual(len(whole), 30)
        for page_size in (1, 7):
            read, cursor = [], 0
            while True:
                page = self.desk.feed(after=cursor, limit=page_size)
                read += page
                if len(page) < page_size:
                    break
                cursor = page[-1].cursor
            self.assertEqual(read, whole)
        self.assertEqual(self.desk.feed(after=30), [])

    def test_bad_arguments(self):
        with self.assertRaises(redress.InvalidError):
            self.desk.feed(limit=0)
        with self.assertRaises(OverflowError):
            self.desk.feed(after=-1)

    def test_a_python_store_has_no_feed(self):
        with redress.Desk(store=redress.DictStore()) as desk:
            with self.assertRaises(redress.VersionError) as cm:
                desk.feed()
            self.assertIn("no change feed", str(cm.exception))


class Tenants(unittest.TestCase):
    def test_tenants_on_one_memory_store(self):
        with redress.MemoryStore() as shared:
            home = redress.Desk(store=shared)
            acme = redress.Desk(store=shared, tenant="acme")
            globex = redress.Desk(store=shared, tenant="globex")
            for desk, customer in ((home, "home-1"), (acme, "acme-1"), (globex, "globex-1")):
                with desk.create(id="c-1", customer_id=customer, received_at=T0) as c:
                    desk.save(c)
            with acme.create(id="c-2", customer_id="acme-2", received_at=T0) as c:
                acme.save(c)
            for desk, customer in ((home, "home-1"), (acme, "acme-1"), (globex, "globex-1")):
                with desk.load("c-1") as c:
                    self.assertEqual(c.customer_id, customer)
            with self.assertRaises(redress.NotFoundError):
                globex.load("c-2")
            self.assertEqual(sorted(c.id for c in acme.complaints()), ["c-1", "c-2"])
            self.assertEqual([c.id for c in globex.complaints()], ["c-1"])
            self.assertEqual([ch.complaint_id for ch in acme.feed()], ["c-1", "c-2"])
            self.assertEqual([ch.cursor for ch in globex.feed()], [1])
            self.assertEqual(len(globex.tick(T0 + 31 * DAY)), len(home.tick(T0 + 31 * DAY)))
            with self.assertRaises(RuntimeError):
                shared.close()  # desks are still open
            for desk in (globex, acme, home):
                desk.close()
            again = redress.Desk(store=shared, tenant="acme")
            with again.load("c-2") as c:
                self.assertEqual(c.customer_id, "acme-2")
            again.close()
        with self.assertRaises(ValueError):
            redress.Desk(store=shared)  # closed

    def test_tenant_keys_are_ids(self):
        with self.assertRaises(redress.InvalidError):
            redress.Desk(tenant="bad\x1btenant")
        with self.assertRaises(redress.RangeError):
            redress.Desk(tenant="t" * 129)
        with self.assertRaises(ValueError):
            redress.Desk(tenant="nul\0inside")
        redress.Desk(tenant="t" * 128).close()
        redress.Desk(tenant="").close()  # the default tenant

    def test_a_python_store_has_no_tenants(self):
        with self.assertRaises(redress.InvalidError):
            redress.Desk(store=redress.DictStore(), tenant="acme")


if __name__ == "__main__":
    unittest.main()
