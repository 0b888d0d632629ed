"""Policies as data: specs parsed and printed back, policy versions recorded in each
complaint, migrate_policy (docs/deadlines.md, "Policy specs", "Policy versions")."""
from __future__ import annotations

import unittest

import redress
from redress import DeadlineKind, DeadlineState, EventType, Policy, Span

from .helpers import T0, DeskCase, at

DAY = 86400
V1 = "policy standard version 1\n  resolve 10 days\n"
V2 = "policy standard version 2\n  resolve 30 days\n"


class Specs(DeskCase):
    def test_the_spec_prints_back_canonically(self):
        self.desk.load_policies("policy fast   version 2 # comment\n  resolve 86400 seconds\n"
                                "  warn 50%\n")
        self.assertEqual(self.desk.policy_spec(),
                         "policy fast version 2\n  resolve 1 day\n  warn 50%\n")
        p = self.desk.policy("fast")
        self.assertEqual((p.policy_version, p.resolve, p.warn_percent),
                         (2, Span.days(1), 50))
        self.assertEqual(self.desk.policy_spec(p), self.desk.policy_spec())
        self.assertEqual(self.desk.policy("fast", 2), p)

    def test_errors_name_line_and_column(self):
        with self.assertRaises(redress.ParseError) as caught:
            self.desk.load_policies("policy a version 1\n  resolve 3 weeks\n")
        self.assertIn("line 2, column 13: expected a unit", str(caught.exception))
        with self.assertRaises(redress.NotFoundError):
            self.desk.policy("a")

    def test_a_policy_struct_prints_with_its_version(self):
        text = self.desk.policy_spec(Policy("p", resolve=Span.hours(5), policy_version=7))
        self.assertEqual(text, "policy p version 7\n  resolve 5 hours\n")


class Versions(DeskCase):
    def resolve(self, c, now):
        d = c.deadlines(now)
        return d.of_kind(DeadlineKind.RESOLVE)[0].state, d.policy_version

    def test_an_edit_never_rewrites_a_stored_complaint(self):
        self.desk.load_policies(V1)
        c = self.complaint()
        self.assertEqual(self.resolve(c, T0 + 12 * DAY), (DeadlineState.BREACHED, 1))
        self.desk.load_policies(V2)
        again = self.desk.from_json(c.to_json())
        self.addCleanup(again.close)
        self.assertEqual(self.resolve(again, T0 + 12 * DAY), (DeadlineState.BREACHED, 1))
        self.assertEqual(self.resolve(self.complaint("c-new"), T0 + 12 * DAY),
                         (DeadlineState.PENDING, 2))

    def test_migrate_policy_is_recorded(self):
        self.desk.load_policies(V1)
        c = self.complaint()
        self.desk.load_policies(V2)
        c.migrate_policy(T0 + 10 * DAY - 1, "lead", "to version 2")
        self.assertEqual(self.resolve(c, T0 + 12 * DAY), (DeadlineState.PENDING, 2))
        self.assertEqual(list(c.events())[-1].kind, EventType.MIGRATE_POLICY)
        self.assertIn('"policies":[{"seq":1,"name":"standard","version":1,', c.to_json())

    def test_a_team_policy_is_chosen_when_assigned_to_the_team(self):
        self.desk.add_policy(Policy("escalations", team="escalations", resolve=Span.days(2)))
        self.desk.load_policies(V1)
        self.assertIn("policy escalations version 1\n  team escalations\n",
                      self.desk.policy_spec())
        self.assertEqual(self.desk.policy("escalations").team, "escalations")
        c = self.complaint()
        self.assertEqual(self.resolve(c, T0 + 3 * DAY), (DeadlineState.PENDING, 1))
        c.assign(T0 + 60, "lead", "kim", "escalations")
        self.assertEqual(c.deadlines(T0 + 3 * DAY).policy, "escalations")
        self.assertEqual(self.resolve(c, T0 + 2 * DAY - 1)[0], DeadlineState.PENDING)
        self.assertEqual(self.resolve(c, T0 + 2 * DAY)[0], DeadlineState.BREACHED)
        with self.assertRaises(redress.InvalidError):
            self.desk.add_policy(Policy("empty", team=""))


class PauseReasons(DeskCase):
    def test_a_third_party_stops_what_the_policy_says(self):
        from redress import PauseReason
        self.desk.add_policy(Policy(
            "courier", resolve=Span.days(10), update_every=Span.days(2),
            pause_stops={PauseReason.AWAITING_THIRD_PARTY: [DeadlineKind.RESOLVE]}))
        self.assertIn("  pause awaiting-third-party stops resolve\n", self.desk.policy_spec())
        self.assertEqual(self.desk.policy("courier").pause_stops,
                         {PauseReason.AWAITING_THIRD_PARTY: [DeadlineKind.RESOLVE]})
        c = self.complaint()
        c.acknowledge(T0, "ann").investigate(T0, "ann", "lost parcel")
        c.await_third_party(T0 + DAY, "ann", "courier")
        d = c.deadlines(T0 + 3 * DAY)
        self.assertEqual(d.of_kind(DeadlineKind.RESOLVE)[0].state, DeadlineState.PAUSED)
        c.third_party_reply(T0 + 4 * DAY, "ann")
        self.assertEqual(c.deadlines(T0 + 4 * DAY).of_kind(DeadlineKind.RESOLVE)[0].due,
                         at(T0 + 13 * DAY))
        self.assertEqual(list(c.events())[-2].kind, EventType.AWAIT_THIRD_PARTY)
        with self.assertRaises(redress.StateError):
            c.third_party_reply(T0 + 5 * DAY, "ann")



class WarningLevels(DeskCase):
    def test_each_level_once_with_its_level(self):
        self.desk.add_policy(Policy("tiered", resolve=Span.days(10),
                                    warn_levels={DeadlineKind.RESOLVE: [50, 75, 90]}))
        self.assertIn("  warn resolve 50% 75% 90%\n", self.desk.policy_spec())
        self.assertEqual(self.desk.policy("tiered").warn_levels,
                         {DeadlineKind.RESOLVE: [50, 75, 90]})
        c = self.complaint()
        self.desk.save(c)
        levels = [a.level for a in self.desk.tick(T0 + 9 * DAY)]
        self.assertEqual(levels, [redress.AlarmLevel.WARNING, redress.AlarmLevel.WARNING_2,
                                  redress.AlarmLevel.WARNING_3])
        self.assertEqual(self.desk.tick(T0 + 9 * DAY), [])
        with self.assertRaises(redress.InvalidError):
            self.desk.add_policy(Policy("bad", warn_levels={DeadlineKind.RESOLVE: [90, 50]}))


if __name__ == "__main__":
    unittest.main()
