"""Complaints: fields, attributes, every lifecycle verb, history and JSON."""
from __future__ import annotations

import json
import unittest

import redress
from redress import Decision, EventType, Field, Legitimacy, Severity, State

from .helpers import DAY, HOUR, T0, DeskCase, at


class Fields(DeskCase):
    def test_create_reads_back_every_field(self):
        c = self.complaint(customer_tier="gold", customer_value=120000,
                           channel=redress.Channel.SOCIAL, category="billing",
                           severity=Severity.HIGH, text="Zahlung doppelt abgebucht — bitte prüfen",
                           order_value=4990, claimed_amount=4990, requested_remedy="refund",
                           expectation=4990, bottom_line=2000, prior_complaints=2,
                           prior_compensation=500)
        self.assertEqual((c.id, c.customer_id, c.customer_tier, c.category),
                         ("c-1", "cust-1", "gold", "billing"))
        self.assertEqual(c.text, "Zahlung doppelt abgebucht — bitte prüfen")
        self.assertEqual((c.channel, c.severity, c.state, c.decision),
                         (redress.Channel.SOCIAL, Severity.HIGH, State.RECEIVED, Decision.NONE))
        self.assertEqual((c.customer_value, c.order_value, c.claimed_amount, c.expectation,
                          c.bottom_line), (120000, 4990, 4990, 4990, 2000))
        self.assertEqual((c.prior_complaints, c.prior_compensation), (2, 500))
        self.assertEqual((c.requested_remedy, c.point, c.demand, c.remedy),
                         ("refund", None, None, None))
        self.assertEqual((c.received_at, c.updated_at, c.revision), (at(T0), at(T0), 0))
        self.assertIsNone(c.satisfaction)
        self.assertIsNone(c.compensation)
        self.assertEqual(c.legitimacy, Legitimacy.UNKNOWN)

    def test_unknown_amounts_are_none_and_the_clock_gives_received_at(self):
        self.clock.now = T0 + 42
        c = self.desk.create("cust-9")
        self.addCleanup(c.close)
        self.assertEqual(c.received_at, at(T0 + 42))
        self.assertIsNone(c.customer_value)
        self.assertEqual(c.text, "")
        self.assertTrue(c.id)  # generated

    def test_any_field_through_the_two_getters(self):
        c = self.complaint(channel=redress.Channel.WEB, category="billing")
        self.assertEqual(c.number(Field.CHANNEL), redress.Channel.WEB)
        self.assertEqual(c.number(Field.CLAIMED_AMOUNT), redress.AMOUNT_UNKNOWN)  # raw
        self.assertEqual(c.string(Field.CATEGORY), "billing")
        self.assertIsNone(c.string(Field.POINT))      # not investigated yet
        self.assertIsNone(c.string(Field.CHANNEL))    # a number, not a text
        with self.assertRaises(redress.InvalidError):
            c.number(Field.CATEGORY)                   # a text, not a number
        with self.assertRaises(redress.StateError):
            c.fulfill(T0 + 1, "ann")                   # leaves a sentence on the desk
        with self.assertRaises(redress.NotFoundError) as cm:
            c.number(Field.SEQ)                        # only events carry it
        self.assertIn("field seq", cm.exception.message)
        self.assertNotIn("fulfill", cm.exception.message)  # not the earlier failure's
        with self.assertRaises(OverflowError):
            c.number(2**31)                            # checked against the C int

    def test_attributes_behave_as_a_mapping(self):
        c = self.complaint()
        c.attrs["zeta"] = "last"
        c.attrs["alpha"] = "first"
        c.attrs["alpha"] = "replaced"
        self.assertEqual(list(c.attrs), ["alpha", "zeta"])  # ascending byte order
        self.assertEqual(dict(c.attrs), {"alpha": "replaced", "zeta": "last"})
        del c.attrs["zeta"]
        self.assertNotIn("zeta", c.attrs)
        with self.assertRaises(KeyError):
            del c.attrs["zeta"]
        with self.assertRaises(redress.InvalidError):
            c.attrs[""] = "empty key"
        with self.assertRaises(redress.RangeError):
            c.attrs["k" * 65] = "key too long"


class Verbs(DeskCase):
    def test_the_full_path_and_its_history(self):
        c = self.complaint(text="Charged twice for order A-1001.")
        t = T0
        c.acknowledge(t + 60, "ann", "Sorry about that.")
        c.note(t + 90, "ann", "internal remark")
        c.note(t + 95, "ann", "told the customer", customer_visible=True)
        c.assess(t + 100, "ann", Legitimacy.REASONABLE)
        c.set_severity(t + 110, "ann", Severity.HIGH, note="VIP")
        c.escalate(t + 120, "ann", to="billing-team")
        c.investigate(t + 200, "ann", "charged twice", demand="refund")
        c.promise(t + 210, "ann", t + DAY, note="answer tomorrow")
        c.hold(t + 220, "ann", "still checking")
        c.update(t + 230, "ann", "bank contacted")
        c.await_customer(t + 300, "ann", "statement please")
        c.customer_reply(t + HOUR, "customer", "attached")
        c.respond(t + 2 * HOUR, "ann", Decision.UPHELD, remedy="refund", compensation=4990)
        self.assertEqual((c.state, c.decision, c.remedy, c.compensation),
                         (State.RESPONDED, Decision.UPHELD, "refund", 4990))
        c.fulfill(t + DAY, "billing", "refund sent")
        self.assertEqual(c.state, State.RESOLVED)
        c.confirm(t + 2 * DAY, "ann", 5)
        self.assertEqual((c.state, c.satisfaction), (State.CLOSED, 5))
        c.reopen(t + 3 * DAY, "ann", "customer came back")
        self.assertEqual((c.state, c.reopen_count, c.satisfaction, c.decision),
                         (State.INVESTIGATING, 1, None, Decision.NONE))
        c.respond(t + 4 * DAY, "ann", Decision.PARTLY_UPHELD, compensation=1000)
        c.close_case(t + 5 * DAY, "ann", "no answer to follow-up")
        self.assertEqual(c.state, State.CLOSED)
        self.assertEqual((c.severity, c.legitimacy, c.escalation_count, c.point, c.demand),
                         (Severity.HIGH, Legitimacy.REASONABLE, 1, "charged twice", "refund"))

        events = list(c.events())
        self.assertEqual(len(events), c.event_count)
        self.assertEqual([e.seq for e in events], list(range(1, len(events) + 1)))
        kinds = [e.kind for e in events]
        self.assertEqual(kinds[:4], [EventType.CREATE, EventType.ACKNOWLEDGE, EventType.NOTE,
                                     EventType.NOTE])
        by_kind = {e.kind: e for e in events}
        self.assertEqual(by_kind[EventType.ESCALATE].fields[Field.TO], "billing-team")
        self.assertEqual(by_kind[EventType.INVESTIGATE].fields[Field.POINT], "charged twice")
        self.assertEqual(by_kind[EventType.PROMISE].fields[Field.DUE], at(t + DAY))
        self.assertEqual(by_kind[EventType.SET_SEVERITY].fields[Field.SEVERITY], Severity.HIGH)
        self.assertEqual(by_kind[EventType.CONFIRM].fields[Field.SATISFACTION], 5)
        self.assertEqual(by_kind[EventType.ASSESS].fields[Field.LEGITIMACY],
                         Legitimacy.REASONABLE)
        self.assertEqual(events[2].fields[Field.VISIBLE], 0)
        self.assertEqual(events[3].fields[Field.VISIBLE], 1)
        respond = [e for e in events if e.kind == EventType.RESPOND][0]
        self.assertEqual((respond.fields[Field.DECISION], respond.fields[Field.COMPENSATION],
                          respond.fields[Field.REMEDY], respond.actor),
                         (Decision.UPHELD, 4990, "refund", "ann"))
        self.assertEqual(events[-1].note, "no answer to follow-up")

    def test_resolve_on_the_spot_and_withdraw(self):
        c = self.complaint()
        c.resolve_on_the_spot(T0 + 60, "ann", Decision.UPHELD, remedy="replacement",
                              compensation=0)
        self.assertEqual((c.state, c.on_the_spot, c.compensation),
                         (State.RESOLVED, True, 0))
        d = self.complaint(id="c-2")
        d.withdraw(T0 + 60, "customer", "sorted it out myself")
        self.assertEqual(d.state, State.WITHDRAWN)

    def test_verbs_chain(self):
        c = self.complaint()
        self.assertIs(c.acknowledge(T0 + 1, "ann").investigate(T0 + 2, "ann", "why"), c)
        self.assertEqual(c.state, State.INVESTIGATING)


class Refusals(DeskCase):
    def test_a_verb_in_the_wrong_state_raises_state_error_and_changes_nothing(self):
        c = self.complaint()
        with self.assertRaises(redress.StateError) as cm:
            c.fulfill(T0 + 60, "ann")
        err = cm.exception
        self.assertIsInstance(err, redress.RedressError)
        self.assertEqual(err.code, redress.Error.STATE)
        self.assertIn("fulfill", err.message)
        self.assertIn("received", err.message)
        self.assertIn("REDRESS_ERR_STATE", str(err))
        self.assertEqual((c.state, c.event_count), (State.RECEIVED, 1))
        self.assertEqual(self.desk.errmsg, err.message)

    def test_time_going_backwards_is_invalid(self):
        c = self.complaint()
        c.acknowledge(T0 + 100, "ann")
        with self.assertRaises(redress.InvalidError) as cm:
            c.investigate(T0 + 50, "ann", "why")
        self.assertEqual(cm.exception.code, redress.Error.INVALID)
        self.assertTrue(cm.exception.message)

    def test_bad_arguments(self):
        c = self.complaint()
        with self.assertRaises(redress.InvalidError):
            c.acknowledge(T0 + 1, "")  # the actor is required
        c.resolve_on_the_spot(T0 + 2, "ann", Decision.UPHELD)
        with self.assertRaises(redress.InvalidError):
            c.confirm(T0 + 3, "ann", 6)  # satisfaction is 1..5
        with self.assertRaises(redress.InvalidError):
            c.set_severity(T0 + 3, "ann", c.severity)  # the same severity

    def test_invalid_utf8_is_refused_with_the_field_named(self):
        with self.assertRaises(redress.InvalidError) as cm:
            self.desk.create("cust-1", text=b"caf\xc3")
        self.assertIn("UTF-8", cm.exception.message)
        self.assertIn("text", cm.exception.message)
        # a str with lone surrogates is not text: refused before the library, never
        # turned into bytes that might happen to be valid UTF-8 ("\udcc3\udca9" is "é")
        for bad in ("cust-\udcff", "cust-\udcc3\udca9"):
            with self.assertRaises(ValueError):
                self.desk.create(bad)
        c = self.complaint()
        with self.assertRaises(redress.InvalidError):
            c.acknowledge(T0 + 1, "ann", note=b"\xff\xfe")
        self.assertEqual(c.event_count, 1)

    def test_too_long_text_is_a_range_error(self):
        with self.assertRaises(redress.RangeError):
            self.desk.create("x" * 129)

    def test_a_closed_complaint_cannot_be_used(self):
        c = self.desk.create("cust-1")
        c.close()
        c.close()  # idempotent
        with self.assertRaises(ValueError):
            c.acknowledge(T0, "ann")
        self.assertIn("closed", repr(c))


class Json(DeskCase):
    def test_round_trip(self):
        c = self.complaint(text="héllo 你好", category="billing")
        c.attrs["ticket"] = "Z-9"
        c.acknowledge(T0 + 60, "ann", "sorry")
        doc = c.to_json()
        parsed = json.loads(doc)
        self.assertEqual((parsed["id"], parsed["text"]), ("c-1", "héllo 你好"))
        with self.desk.from_json(doc) as back:
            self.assertEqual(back.to_json(), doc)
            self.assertEqual((back.state, back.attrs["ticket"]), (State.ACKNOWLEDGED, "Z-9"))
            self.assertEqual([e.kind for e in back.events()],
                             [EventType.CREATE, EventType.ACKNOWLEDGE])

    def test_a_syntax_error_names_its_byte_offset(self):
        with self.assertRaises(redress.ParseError) as cm:
            self.desk.from_json('{"v":1, "id": ')
        self.assertEqual(cm.exception.code, redress.Error.PARSE)
        self.assertRegex(cm.exception.message, r"at byte 14\b")
        with self.assertRaises(redress.ParseError) as cm:
            self.desk.from_json('{"v":1,}')
        self.assertRegex(cm.exception.message, r"at byte \d+")

    def test_clone_is_independent(self):
        c = self.complaint()
        with c.clone() as copy:
            copy.acknowledge(T0 + 1, "ann")
            self.assertEqual((copy.state, c.state), (State.ACKNOWLEDGED, State.RECEIVED))


if __name__ == "__main__":
    unittest.main()
