"""Policies, business calendars, deadlines and the alarm tick."""
from __future__ import annotations

import unittest

import redress
from redress import AlarmLevel, Channel, DeadlineKind, DeadlineState, Policy, Span, SpanUnit

from .helpers import DAY, HOUR, T0, DeskCase, at

OFFICE = "mon-fri 09:00-17:00  # UTC\nholiday 2026-01-02"


class Calendars(DeskCase):
    def test_business_arithmetic(self):
        with self.desk.calendar(OFFICE) as cal:  # T0 is Thursday 2026-01-01, 00:00 UTC
            self.assertEqual(cal.spec, OFFICE)
            self.assertFalse(cal.is_open(T0))
            self.assertTrue(cal.is_open(T0 + 9 * HOUR))
            self.assertEqual(cal.add(T0, 8 * HOUR), at(T0 + 17 * HOUR))
            self.assertEqual(cal.add(T0, 9 * HOUR), at(T0 + 4 * DAY + 10 * HOUR))  # Friday off
            self.assertEqual(cal.add(T0, 1, SpanUnit.BUSINESS_DAYS), at(T0 + 4 * DAY + 17 * HOUR))
            self.assertEqual(cal.add(T0, 60, SpanUnit.CALENDAR_SECONDS), at(T0 + 60))
            self.assertEqual(cal.elapsed(T0, T0 + DAY), 8 * HOUR)
            self.assertEqual(cal.elapsed(T0 + DAY, T0), -8 * HOUR)
            with self.assertRaises(redress.InvalidError):
                cal.add(T0, 0, SpanUnit.BUSINESS_DAYS)

    def test_spec_errors_name_their_byte_offset(self):
        with self.assertRaises(redress.ParseError) as cm:
            self.desk.calendar("mon-fri 25:00-26:00")
        self.assertIn("at byte 8", cm.exception.message)
        with self.assertRaises(redress.ParseError) as cm:
            self.desk.add_calendar("bad", "holiday 2026-02-30")
        self.assertRegex(cm.exception.message, r"impossible date at byte \d+")
        with self.assertRaises(redress.NotFoundError) as cm:
            self.desk.calendar("tz=Nowhere/City")
        self.assertIn("Nowhere/City", cm.exception.message)


class Deadlines(DeskCase):
    def setUp(self):
        super().setUp()
        self.desk.add_calendar("office", OFFICE)
        self.desk.add_policy(Policy(
            "email-fast", channels=[Channel.EMAIL], calendar="office",
            acknowledge=Span.business_hours(2), update_every=Span.days(7),
            resolve=Span.business_days(5), warn_percent=50,
            pause_when_awaiting_customer=True, max_compensation=10000))

    def test_a_matching_policy_sets_business_deadlines(self):
        c = self.complaint(channel=Channel.EMAIL)
        dl = c.deadlines(T0)
        self.assertEqual(dl.policy, "email-fast")
        ack = dl.of_kind(DeadlineKind.ACKNOWLEDGE)[0]
        # 09:00 Thursday + 2 open hours
        self.assertEqual((ack.state, ack.due, ack.warn_at, ack.met_at, ack.anchor),
                         (DeadlineState.PENDING, at(T0 + 11 * HOUR), at(T0 + 10 * HOUR), None, 1))
        resolve = dl.of_kind(DeadlineKind.RESOLVE)[0]
        # five business days after Thursday, Friday being a holiday: Mon..Fri, 17:00
        self.assertEqual(resolve.due, at(T0 + 8 * DAY + 17 * HOUR))
        self.assertEqual(dl.next_alarm, at(T0 + 10 * HOUR))
        self.assertEqual(len(dl), len(list(dl)))

    def test_the_default_policy_and_met_deadlines(self):
        c = self.complaint(channel=Channel.PHONE)
        c.acknowledge(T0 + HOUR, "ann")
        dl = c.deadlines(T0 + 2 * HOUR)
        self.assertEqual(dl.policy, "default")
        ack = dl.of_kind(DeadlineKind.ACKNOWLEDGE)[0]
        self.assertEqual((ack.state, ack.met_at, ack.due), (DeadlineState.MET, at(T0 + HOUR),
                                                            at(T0 + DAY)))

    def test_waiting_for_the_customer_pauses(self):
        c = self.complaint(channel=Channel.EMAIL)
        c.acknowledge(T0 + 9 * HOUR, "ann").investigate(T0 + 9 * HOUR, "ann", "why")
        c.await_customer(T0 + 10 * HOUR, "ann")
        resolve = c.deadlines(T0 + 11 * HOUR).of_kind(DeadlineKind.RESOLVE)[0]
        self.assertEqual((resolve.state, resolve.due), (DeadlineState.PAUSED, None))

    def test_a_promise_is_a_deadline(self):
        c = self.complaint(channel=Channel.EMAIL)
        c.acknowledge(T0 + 9 * HOUR, "ann").promise(T0 + 9 * HOUR, "ann", T0 + 2 * DAY)
        promise = c.deadlines(T0 + 3 * DAY).of_kind(DeadlineKind.PROMISE)[0]
        self.assertEqual((promise.due, promise.state), (at(T0 + 2 * DAY), DeadlineState.BREACHED))

    def test_policy_errors(self):
        with self.assertRaises(redress.ExistsError):
            self.desk.add_policy(Policy("email-fast"))
        with self.assertRaises(redress.ExistsError):
            self.desk.add_policy(Policy("default"))
        with self.assertRaises(redress.NotFoundError):
            self.desk.add_policy(Policy("p", calendar="no-such-calendar"))
        with self.assertRaises(redress.InvalidError):
            self.desk.add_policy(Policy("p", warn_percent=100))
        with self.assertRaises(redress.InvalidError):
            self.desk.add_policy(Policy("p", acknowledge=Span(-1)))

    def test_tick_reports_each_alarm_once(self):
        c = self.complaint(channel=Channel.EMAIL)
        self.desk.save(c)
        self.assertEqual(self.desk.tick(T0 + 9 * HOUR), [])
        seen = []
        alarms = self.desk.tick(T0 + 10 * HOUR,
                                on_alarm=lambda a, cpl: seen.append((cpl.id, cpl.state)))
        self.assertEqual(alarms, [redress.Alarm("c-1", DeadlineKind.ACKNOWLEDGE,
                                                AlarmLevel.WARNING, at(T0 + 11 * HOUR))])
        self.assertEqual(seen, [("c-1", redress.State.RECEIVED)])
        self.assertEqual(self.desk.tick(T0 + 10 * HOUR), [])  # recorded: not again
        breach = self.desk.tick(T0 + 12 * HOUR)
        self.assertEqual([(a.kind, a.level) for a in breach],
                         [(DeadlineKind.ACKNOWLEDGE, AlarmLevel.BREACH)])
        self.assertEqual(self.store.records["c-1"].revision, 3)  # each alarm saved

    def test_tick_defaults_to_the_desk_clock(self):
        self.desk.save(self.complaint(channel=Channel.EMAIL))
        self.clock.now = T0 + 12 * HOUR
        self.assertEqual(len(self.desk.tick()), 2)  # the warning and the breach

    def test_an_exception_in_on_alarm_stops_the_tick_and_propagates(self):
        self.desk.save(self.complaint(channel=Channel.EMAIL))

        class Stop(Exception):
            pass

        def refuse(alarm, complaint):
            raise Stop(alarm.kind)
        with self.assertRaises(Stop):
            self.desk.tick(T0 + 10 * HOUR, on_alarm=refuse)
        # the alarm was saved before it was reported, so it is not reported again
        self.assertEqual(self.desk.tick(T0 + 10 * HOUR), [])

    def test_tick_time_out_of_range(self):
        with self.assertRaises(redress.InvalidError) as cm:
            self.desk.tick(-5)
        self.assertTrue(cm.exception.message)


if __name__ == "__main__":
    unittest.main()
