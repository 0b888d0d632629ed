"""Conversations and ownership: customer messages and NEXT_REPLY, first-contact
resolution after a greeting, channel moves, owner and team (docs/guide.md)."""
from __future__ import annotations

import json
import unittest

import redress
from redress import (Channel, Decision, DeadlineKind, DeadlineState, EventType, Field, GroupBy,
                     Metric, Policy, Span, State)

from .helpers import HOUR, T0, DeskCase, at


class CustomerMessages(DeskCase):
    def setUp(self):
        super().setUp()
        self.desk.add_policy(Policy("chat", next_reply=Span.hours(1), acknowledge=Span.hours(4)))

    def next_reply(self, c, now):
        return c.deadlines(now).of_kind(DeadlineKind.NEXT_REPLY)

    def test_a_message_owes_a_reply_and_the_next_contact_meets_it(self):
        c = self.complaint()
        c.acknowledge(T0 + 60, "ann").investigate(T0 + 120, "ann", "late parcel")
        c.customer_message(T0 + 600, "cust-1", "hello??")
        c.customer_message(T0 + 900, "cust-1", "anyone?")  # keeps the first start
        self.assertEqual(c.state, State.INVESTIGATING)
        [owed] = self.next_reply(c, T0 + 1000)
        self.assertEqual((owed.state, owed.due, owed.anchor), (DeadlineState.PENDING,
                                                               at(T0 + 600 + HOUR), 4))
        c.update(T0 + 600 + HOUR, "ann", "on it")  # exactly at the due time: on time
        [met] = self.next_reply(c, T0 + 2 * HOUR)
        self.assertEqual((met.state, met.met_at), (DeadlineState.MET, at(T0 + 600 + HOUR)))
        events = list(c.events())
        self.assertEqual(events[3].kind, EventType.CUSTOMER_MESSAGE)
        self.assertEqual(events[3].fields[Field.VISIBLE], 0)  # not contact from the desk

    def test_breach_one_second_after_and_a_tick_exactly_at_the_due_time(self):
        c = self.complaint()
        c.acknowledge(T0 + 60, "ann").customer_message(T0 + 600, "cust-1")
        self.desk.save(c)
        due = T0 + 600 + HOUR
        self.assertEqual(self.next_reply(c, due - 1)[0].state, DeadlineState.PENDING)
        self.assertEqual(self.next_reply(c, due)[0].state, DeadlineState.BREACHED)
        kinds = [(a.kind, a.level) for a in self.desk.tick(due)]
        self.assertIn((DeadlineKind.NEXT_REPLY, redress.AlarmLevel.BREACH), kinds)
        self.assertEqual(self.desk.tick(due), [])  # once
        late = self.desk.load("c-1")
        self.addCleanup(late.close)
        late.update(due + 1, "ann")
        self.assertEqual(self.next_reply(late, due + 2)[0].state, DeadlineState.MET_LATE)

    def test_refused_after_the_resolution(self):
        c = self.complaint()
        c.resolve_on_the_spot(T0 + 60, "ann", Decision.UPHELD)
        with self.assertRaises(redress.StateError):
            c.customer_message(T0 + 120, "cust-1", "thanks")

    def test_metrics_count_next_reply(self):
        c = self.complaint()
        c.acknowledge(T0 + 60, "ann").customer_message(T0 + 600, "cust-1")
        m = self.desk.metrics(as_of=T0 + 3 * HOUR).add(c)
        self.addCleanup(m.close)
        self.assertEqual(m.value(Metric.NEXT_REPLY_DEADLINES), 1)
        self.assertEqual(m.value(Metric.NEXT_REPLY_BREACHES), 1)


class SameContact(DeskCase):
    def test_resolved_in_the_call_after_a_greeting_keeps_the_credit(self):
        c = self.complaint()
        c.acknowledge(T0 + 60, "ann").note(T0 + 120, "ann", "checking the order")
        c.resolve_on_the_spot(T0 + 60 + redress.SAME_CONTACT_SECONDS, "ann", Decision.UPHELD)
        self.assertTrue(c.on_the_spot)
        m = self.desk.metrics(as_of=T0 + 2 * HOUR).add(c)
        self.addCleanup(m.close)
        self.assertEqual(m.value(Metric.OUTCOME_ON_THE_SPOT), 1)

    def test_a_second_later_or_after_a_hold_it_is_another_contact(self):
        c = self.complaint()
        c.acknowledge(T0 + 60, "ann")
        with self.assertRaises(redress.StateError):
            c.resolve_on_the_spot(T0 + 61 + redress.SAME_CONTACT_SECONDS, "ann",
                                  Decision.UPHELD)
        d = self.complaint("c-2")
        d.acknowledge(T0 + 60, "ann").hold(T0 + 61, "ann")
        with self.assertRaises(redress.StateError):
            d.resolve_on_the_spot(T0 + 62, "ann", Decision.UPHELD)


class ChannelsAndOwners(DeskCase):
    def test_a_move_keeps_the_original_channel(self):
        c = self.complaint(channel=Channel.SOCIAL)
        c.move_channel(T0 + 60, "ann", Channel.PHONE, note="called back")
        self.assertEqual((c.channel, c.current_channel), (Channel.SOCIAL, Channel.PHONE))
        with self.assertRaises(redress.InvalidError):
            c.move_channel(T0 + 61, "ann", Channel.PHONE)  # already there
        doc = json.loads(c.to_json())
        self.assertEqual(doc["channel"], "social")
        self.assertEqual(doc["events"][1]["channel"], "phone")
        again = self.desk.from_json(c.to_json())
        self.addCleanup(again.close)
        self.assertEqual(again.current_channel, Channel.PHONE)

    def test_assign_reads_back_goes_to_the_record_and_groups_metrics(self):
        c = self.complaint()
        c.assign(T0 + 60, "lead", owner="ann", team="billing")
        self.assertEqual((c.owner, c.team), ("ann", "billing"))
        self.assertEqual(c.string(Field.OWNER), "ann")
        with self.assertRaises(redress.InvalidError):
            c.assign(T0 + 61, "lead", owner="ann", team="billing")
        with self.assertRaises(redress.InvalidError):
            c.assign(T0 + 61, "lead", owner="bad\nname")
        self.desk.save(c)
        record = self.store.records["c-1"]
        self.assertEqual((record.owner, record.team), ("ann", "billing"))
        d = self.complaint("c-2")
        d.assign(T0 + 60, "lead", team="billing")
        m = self.desk.metrics(GroupBy.TEAM, as_of=T0 + HOUR).add(c).add(d)
        self.addCleanup(m.close)
        self.assertEqual(m.group_keys, ["billing"])
        self.assertEqual(m.value(Metric.COMPLAINTS, m.group("billing")), 2)
        by_owner = self.desk.metrics(GroupBy.OWNER, as_of=T0 + HOUR).add(c).add(d)
        self.addCleanup(by_owner.close)
        self.assertEqual(by_owner.group_keys, ["ann", ""])
        c.assign(T0 + 120, "lead")  # unassigned again
        self.assertEqual((c.owner, c.team), (None, None))


if __name__ == "__main__":
    unittest.main()
