"""Retention metrics: totals, groups, the retention model and errors."""
from __future__ import annotations

import math
import unittest

import redress
from redress import Channel, Decision, GroupBy, Metric, RetentionModel

from .helpers import DAY, HOUR, T0, DeskCase


class Metrics(DeskCase):
    def fill(self):
        spot = self.complaint(id="spot", channel=Channel.PHONE, category="billing",
                              customer_value=10000)
        spot.resolve_on_the_spot(T0 + HOUR, "ann", Decision.UPHELD, compensation=500)
        later = self.complaint(id="later", channel=Channel.EMAIL, category="delivery")
        later.acknowledge(T0 + 2 * HOUR, "ann").investigate(T0 + 3 * HOUR, "ann", "late")
        later.respond(T0 + DAY, "ann", Decision.UPHELD).fulfill(T0 + 2 * DAY, "ops")
        later.confirm(T0 + 3 * DAY, "ann", 4)
        ignored = self.complaint(id="ignored", channel=Channel.EMAIL, category="delivery",
                                 customer_value=20000)
        for c in (spot, later, ignored):
            self.desk.save(c)
        return spot, later, ignored

    def test_totals(self):
        self.fill()
        with self.desk.metrics(as_of=T0 + 10 * DAY) as m:
            m.add_store()
            self.assertEqual(m.value(Metric.COMPLAINTS), 3)
            self.assertEqual(m.value(Metric.ON_THE_SPOT), 1)
            self.assertAlmostEqual(m.value(Metric.FIRST_CONTACT_RESOLUTION_RATE), 1 / 3)
            self.assertEqual(m.value(Metric.RESOLVED), 2)
            self.assertEqual(m.value(Metric.SATISFACTION_MEAN), 4)
            self.assertEqual(m.value(Metric.ACKNOWLEDGE_BREACHES), 1)  # "ignored"
            self.assertEqual(m.value(Metric.COMPENSATION_PAID), 500)
            # the default model: 0.95 + 0.70 + 0.09 complainants kept
            self.assertAlmostEqual(m.value(Metric.EXPECTED_RETAINED), 1.74)
            self.assertAlmostEqual(m.value(Metric.REVENUE_AT_RISK),
                                   0.05 * 10000 + 0.91 * 20000)
            self.assertEqual(m.group_count, 0)
            self.assertEqual(len(m.values()), len(Metric))

    def test_groups_by_channel_and_category(self):
        spot, later, ignored = self.fill()
        with self.desk.metrics(GroupBy.CHANNEL, as_of=T0 + 10 * DAY) as m:
            for c in (spot, later, ignored):
                m.add(c)
            self.assertEqual(m.group_count, len(Channel))
            email = m.group("email")
            self.assertEqual(email, Channel.EMAIL)
            self.assertEqual(m.value(Metric.COMPLAINTS, email), 2)
            self.assertEqual(m.value(Metric.COMPLAINTS, m.group("phone")), 1)
            with self.assertRaises(redress.NotFoundError):
                m.value(Metric.COMPLAINTS, 99)
        with self.desk.metrics(GroupBy.CATEGORY, as_of=T0 + 10 * DAY) as m:
            m.add_store()
            self.assertEqual(m.group_keys, ["delivery", "billing"])  # ascending id order
            with self.assertRaises(redress.NotFoundError):
                m.group("nope")

    def test_add_many_counts_as_add_does(self):
        complaints = self.fill()
        with self.desk.metrics(GroupBy.CATEGORY, as_of=T0 + 10 * DAY) as one_by_one, \
                self.desk.metrics(GroupBy.CATEGORY, as_of=T0 + 10 * DAY) as m:
            for c in complaints:
                one_by_one.add(c)
            m.add_many(complaints).add_many([])
            self.assertEqual(m.group_keys, one_by_one.group_keys)
            for group in [None] + list(range(m.group_count)):
                for metric in Metric:
                    want, got = one_by_one.value(metric, group), m.value(metric, group)
                    self.assertTrue(want == got or (math.isnan(want) and math.isnan(got)),
                                    (metric, group, want, got))

    def test_add_many_stops_at_a_complaint_of_another_desk(self):
        spot, later, _ = self.fill()
        with redress.Desk() as other:
            stranger = other.create(customer_id="x", received_at=T0)
            with self.desk.metrics(as_of=T0 + 10 * DAY) as m:
                with self.assertRaises(redress.InvalidError) as caught:
                    m.add_many([spot, later, stranger])
                self.assertIn("complaint 2 is of another desk", str(caught.exception))
                self.assertEqual(m.value(Metric.COMPLAINTS), 2)  # those before it
            stranger.close()

    def test_windows_and_empty_values(self):
        self.fill()
        with self.desk.metrics(as_of=T0) as m:
            self.assertTrue(math.isnan(m.value(Metric.RETENTION_RATE)))
            self.assertEqual(m.value(Metric.COMPLAINTS), 0)
            m.add_store(received_from=T0 + 1)
            self.assertEqual(m.value(Metric.COMPLAINTS), 0)
            m.add_store(received_from=T0, received_before=T0 + 1)
            self.assertEqual(m.value(Metric.COMPLAINTS), 3)
            with self.assertRaises(redress.InvalidError):
                m.add_store(received_from=T0 + 5, received_before=T0)

    def test_the_retention_model(self):
        self.fill()
        model = RetentionModel(retention_unresolved=0.0, word_of_mouth=10)
        with self.desk.metrics(as_of=T0 + 10 * DAY, model=model) as m:
            m.add_store()
            self.assertAlmostEqual(m.value(Metric.EXPECTED_RETAINED), 1.65)
        with self.assertRaises(redress.InvalidError) as cm:
            self.desk.metrics(model=RetentionModel(voice_rate=0))
        self.assertIn("voice_rate", cm.exception.message)
        with self.assertRaises(redress.InvalidError):
            self.desk.metrics(model=RetentionModel(word_of_mouth=math.inf))


if __name__ == "__main__":
    unittest.main()
