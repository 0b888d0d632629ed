"""Classification: verdicts and reasons, options, runtime cues, settlement, precedents."""
from __future__ import annotations

import math
import unittest

import redress
from redress import ClassifierOptions, Decision, Playbook, Risk, Settlement, Temperament

from .helpers import DAY, T0, DeskCase

ANGRY = "This is outrageous!!! I will post this on Twitter and call my lawyer."
CALM = "Order A-1001 was charged twice on 3 March: please refund 49.90 EUR."


class Verdicts(DeskCase):
    def test_text_reasons_point_into_the_utf8_text(self):
        text = "정말 화나요!! " + ANGRY
        with self.desk.classify_text(text) as v:
            self.assertIn(v.temperament, (Temperament.EMOTIONAL, Temperament.MIXED))
            self.assertTrue(Risk.LEGAL in v.risks and Risk.SOCIAL in v.risks)
            self.assertIn(Playbook.EMPATHIZE, v.playbook)
            self.assertEqual(redress.risk_names(Risk.LEGAL | Risk.SOCIAL), ["social", "legal"])
            self.assertTrue(0 <= v.rational <= 1 and 0 < v.emotional <= 1)
            raw = text.encode("utf-8")
            reasons = v.reasons
            self.assertTrue(any(r.rule == "cue.anger" for r in reasons))
            for r in reasons:
                if r.span is not None:
                    offset, length = r.span
                    self.assertEqual(raw[offset:offset + length].decode("utf-8"), r.value)
                    self.assertIsNone(r.field)
            self.assertIn("화나", [r.value for r in reasons])

    def test_a_calm_factual_complaint_is_rational(self):
        with self.desk.classify_text(CALM) as v:
            self.assertEqual(v.temperament, Temperament.RATIONAL)
            self.assertEqual(v.risks, Risk(0))
            self.assertIn(Playbook.GIVE_FACTS, v.playbook)
            self.assertIn("give_facts", redress.playbook_names(v.playbook))

    def test_a_complaint_with_fields_and_an_offer(self):
        c = self.complaint(text=CALM, order_value=4990, claimed_amount=50000,
                           expectation=6000, bottom_line=1000)
        self.desk.add_policy(redress.Policy("cap", max_compensation=5000))
        with self.desk.classify(c) as v:
            self.assertEqual(v.legitimacy, redress.Legitimacy.UNREALISTIC)
            self.assertGreater(v.confidence, 0)
            structured = [r for r in v.reasons if r.field is not None]
            self.assertTrue(any(r.field == "claimed_amount" for r in structured))
            self.assertTrue(all(r.span is None for r in structured))
            self.assertEqual(v.offer, 3000)  # the middle of [1000, 5000]
            self.assertIsInstance(v.severity, redress.Severity)

    def test_empty_text_is_unknown_and_a_verdict_outlives_its_desk(self):
        desk = redress.Desk()
        v = desk.classify_text("")
        desk.close()
        self.assertEqual((v.temperament, v.reasons), (Temperament.UNKNOWN, []))
        v.close()
        with self.assertRaises(ValueError):
            v.temperament

    def test_invalid_utf8_is_refused(self):
        with self.assertRaises(redress.InvalidError) as cm:
            self.desk.classify_text(b"bad \xc0\xaf byte")
        self.assertIn("UTF-8", cm.exception.message)


class Options(DeskCase):
    def test_round_trip_and_defaults(self):
        self.assertEqual(self.desk.classifier, ClassifierOptions())
        changed = ClassifierOptions(emotional_threshold=0.5, max_compensation=9000,
                                    history_days=30, use_store_history=False)
        self.desk.classifier = changed
        self.assertEqual(self.desk.classifier, changed)
        self.desk.classifier = None
        self.assertEqual(self.desk.classifier, ClassifierOptions())

    def test_out_of_range_options_are_refused_and_nothing_changes(self):
        with self.assertRaises(redress.InvalidError) as cm:
            self.desk.classifier = ClassifierOptions(mixed_ratio=2.0)
        self.assertIn("mixed_ratio", cm.exception.message)
        with self.assertRaises(redress.InvalidError):
            self.desk.classifier = ClassifierOptions(rational_threshold=math.nan)
        self.assertEqual(self.desk.classifier, ClassifierOptions())

    def test_runtime_cues(self):
        with self.desk.classify_text("the gizmo is a fiasco") as v:
            self.assertNotIn("host.anger", [r.rule for r in v.reasons])
        self.desk.add_cues("# product slang\nfiasco\tanger\t2.5\r\n")
        with self.desk.classify_text("the gizmo is a fiasco") as v:
            hits = [r for r in v.reasons if r.value == "fiasco"]
            self.assertEqual(len(hits), 1)
            self.assertEqual(hits[0].weight, 2.5)
            self.assertEqual(v.temperament, Temperament.EMOTIONAL)

    def test_malformed_cues_name_line_and_byte(self):
        with self.assertRaises(redress.ParseError) as cm:
            self.desk.add_cues("refund*\tanger\t2.5\nbad line here")
        self.assertIn("line 2", cm.exception.message)
        self.assertIn("byte 18", cm.exception.message)
        with self.assertRaises(redress.ParseError):
            self.desk.add_cues("x\tnot_a_cue\t1")


class Settle(unittest.TestCase):
    def test_zone_and_offer(self):
        r = redress.settle(expectation=10000, bottom_line=2000, policy_max=8000)
        self.assertEqual(r, (Settlement.OFFER, 5000, 2000, 8000))
        r = redress.settle(bottom_line=2000, offer_permille=0)
        self.assertEqual((r.offer, r.zone_high), (2000, None))  # unbounded zone

    def test_escalation(self):
        r = redress.settle(bottom_line=9000, policy_max=8000)
        self.assertEqual((r.outcome, r.offer), (Settlement.ESCALATE, 8000))

    def test_errors_without_a_desk_carry_the_library_name(self):
        with self.assertRaises(redress.InvalidError) as cm:
            redress.settle(expectation=100, bottom_line=200)
        self.assertEqual(cm.exception.message, redress.strerror(redress.Error.INVALID))


class Precedents(DeskCase):
    def test_similar_decided_complaints_come_first(self):
        for i, (text, category) in enumerate([(CALM, "billing"), (CALM, "delivery"),
                                              ("Nice weather.", "other")]):
            with self.desk.create("cust-%d" % i, id="old-%d" % i, received_at=T0,
                                  text=text, category=category) as old:
                old.resolve_on_the_spot(T0 + 60, "ann", Decision.UPHELD, remedy="refund",
                                        compensation=4990)
                self.desk.save(old)
        undecided = self.complaint(id="open", text=CALM, category="billing")
        self.desk.save(undecided)
        c = self.complaint(id="new", text=CALM, category="billing", received_at=T0 + DAY)
        found = self.desk.precedents(c, max_count=5)
        self.assertEqual([p.id for p in found][:2], ["old-0", "old-1"])
        self.assertNotIn("open", [p.id for p in found])
        best = found[0]
        self.assertAlmostEqual(best.similarity, 1.0)
        self.assertEqual((best.decision, best.remedy, best.compensation),
                         (Decision.UPHELD, "refund", 4990))
        with self.assertRaises(redress.InvalidError):
            self.desk.precedents(c, max_count=0)


if __name__ == "__main__":
    unittest.main()
