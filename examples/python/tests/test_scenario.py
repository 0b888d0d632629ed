"""redress.scenario: the scenario runner from Python (docs/scenarios.md)."""
import os
import pathlib
import unittest

from redress import scenario

from tests.helpers import include_dir

# The source tree: the include/ directory's parent (the suite also runs from a copy of
# the tests beside an installed wheel, where the tree is not this file's grandparent).
ROOT = pathlib.Path(include_dir()).resolve().parent
ZONES = str(ROOT / "tests" / "data" / "zoneinfo")

SETTING = """calendar office
  tz=Europe/London
  mon-fri 09:00-17:00
policies
  policy p version 1
    calendar office
    acknowledge 1 business-day
"""


class ScenarioTest(unittest.TestCase):
    def test_pass(self):
        r = scenario.run_text(SETTING + "at 2026-03-27 17:00\ncreate c1\n"
                              "expect c1 acknowledge pending due 2026-03-30 17:00\n",
                              "py.scenario", zoneinfo=ZONES)
        self.assertTrue(r.passed)
        self.assertEqual(r.file, "py.scenario")
        self.assertEqual([c.outcome for c in r.checks], ["pass"])
        self.assertEqual(r.checks[0].actual, "pending, due 2026-03-30 17:00")

    def test_fail_and_error(self):
        r = scenario.run_text(SETTING + "at 2026-03-27 17:00\ncreate c1\n"
                              "expect c1 state closed\nexpect c1 follow-up pending\n",
                              zoneinfo=ZONES)
        self.assertEqual(r.outcome, "error")
        fail, error = r.checks
        self.assertEqual((fail.outcome, fail.line, fail.expected, fail.actual),
                         ("fail", 10, "closed", "received"))
        self.assertEqual(error.outcome, "error")
        self.assertIn("sets no follow-up target", error.message)
        self.assertEqual(len(r.failures), 2)

    def test_parse_error_place(self):
        r = scenario.run_text("at tomorrow\n")
        (c,) = r.checks
        self.assertEqual((c.outcome, c.line, c.column), ("error", 1, 4))
        self.assertTrue(c.message.startswith("expected a time"))

    def test_assert_passes_and_report(self):
        path = ROOT / "tests" / "scenarios" / "failing" / "wrong-alarms.scenario"
        with self.assertRaises(AssertionError) as caught:
            scenario.assert_passes(str(path))
        self.assertIn("FAIL: the last tick's alarms", str(caught.exception))
        ok = scenario.assert_passes(str(ROOT / "tests" / "scenarios" / "easter-london.scenario"))
        self.assertTrue(ok.passed)
        self.assertTrue(scenario.report([ok], "junit").startswith("<?xml"))
        with self.assertRaisesRegex(ValueError, "not one of text, tap, junit"):
            scenario.report([ok], "yaml")


if __name__ == "__main__":
    unittest.main()
