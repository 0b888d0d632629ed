"""What a caller can do from Python that once crashed the process or changed data
without a word (an audit's reproducers): each is now refused with an error that names
the parameter and what it allows, before anything reaches C."""
from __future__ import annotations

import dataclasses
import decimal
from decimal import Decimal
import os
import tempfile
import unittest

import redress
from redress import ClassifierOptions, Decision, Policy, scenario
from redress._lib import lib

from .helpers import T0, DeskCase


class ObjectsOfTheLibrary(DeskCase):
    def test_an_int_where_a_complaint_goes_is_a_type_error_not_a_crash(self):
        metrics = self.desk.metrics()
        self.addCleanup(metrics.close)
        for call in (self.desk.save, self.desk.classify, self.desk.precedents,
                     metrics.add, lambda x: metrics.add_many([x])):
            with self.subTest(call=call):
                with self.assertRaisesRegex(TypeError, r"complaint.* must be a Complaint, not int"):
                    call(42)

    def test_an_object_of_another_class_is_not_read_as_a_complaint(self):
        metrics = self.desk.metrics()
        self.addCleanup(metrics.close)
        for call in (self.desk.save, self.desk.classify, self.desk.precedents, metrics.add):
            with self.subTest(call=call):
                with self.assertRaisesRegex(TypeError, "must be a Complaint, not Metrics"):
                    call(metrics)
        self.assertEqual(self.store.records, {})  # nothing reached the store

    def test_the_library_layer_checks_every_handle_argument(self):
        # The backstop under every method: _lib.HANDLES, checked against the headers by
        # test_header.
        c = self.complaint()
        metrics = self.desk.metrics()
        self.addCleanup(metrics.close)
        with self.assertRaisesRegex(TypeError, r"redress_desk_save\(\) argument 2 must be a "
                                               r"Complaint \(redress_complaint \*\), not Metrics"):
            lib.redress_desk_save(self.desk, metrics)
        with self.assertRaisesRegex(TypeError, "argument 1 must be a Complaint"):
            lib.redress_complaint_id(12345)
        with self.assertRaisesRegex(TypeError, "argument 1 must be a Desk"):
            lib.redress_desk_now(c)
        self.assertEqual(lib.redress_complaint_id(c), b"c-1")

    def test_value_objects_are_checked_too(self):
        for call, what in ((self.desk.add_policy, "policy"), (self.desk.policy_spec, "policy"),
                           (lambda x: setattr(self.desk, "classifier", x), "classifier options"),
                           (lambda x: self.desk.metrics(model=x), "model")):
            with self.subTest(what=what):
                with self.assertRaisesRegex(TypeError, f"{what} must be a"):
                    call(7)
        with self.assertRaisesRegex(TypeError, "store must be a Store"):
            redress.Desk(store=42)


class ExactMoney(DeskCase):
    def test_decimals_do_not_depend_on_the_callers_decimal_context(self):
        with decimal.localcontext() as ctx:
            ctx.prec = 3
            c = self.complaint(order_value=Decimal("123456.78"))
            c.resolve_on_the_spot(T0 + 60, "ann", Decision.UPHELD,
                                  compensation=Decimal("49.95"))
        self.assertEqual((c.order_value, c.compensation), (12345678, 4995))

    def test_a_fraction_beyond_the_context_precision_is_refused_not_dropped(self):
        with self.assertRaisesRegex(ValueError, "more than 2 decimal places"):
            self.complaint(order_value=Decimal("1.00000000000000000000000000001"))
        with self.assertRaisesRegex(ValueError, "-1.50 is negative"):
            self.complaint(order_value=Decimal("-1.50"))
        self.assertEqual(self.complaint(order_value=Decimal("1E+2")).order_value, 10000)
        # huge exponents are refused without computing their powers of ten
        with self.assertRaises(OverflowError):
            self.complaint(order_value=Decimal("1E+999999999"))
        with self.assertRaisesRegex(ValueError, "more than 2 decimal places"):
            self.complaint(order_value=Decimal("1E-999999999"))

    def test_settle_checks_its_currency_places_as_desk_does(self):
        for bad in (-2, 7, True, 2.5, "2"):
            with self.subTest(bad=bad):
                with self.assertRaisesRegex(ValueError, r"currency_places .* must be an int in \[0, 6\]"):
                    redress.settle(expectation=Decimal("100"), currency_places=bad)
        self.assertEqual(redress.settle(expectation=Decimal("100"), bottom_line=Decimal("0"),
                                        currency_places=0).zone_low, 0)


class Flags(DeskCase):
    def test_yes_no_parameters_take_a_bool_only(self):
        c = self.complaint()
        for bad in (0.9, 1.5, "1", "no", 1, None):
            with self.subTest(bad=bad):
                with self.assertRaisesRegex(TypeError, "customer_visible must be a bool"):
                    c.note(T0 + 60, "ann", "hello", customer_visible=bad)
                with self.assertRaisesRegex(TypeError, "use_store_history must be a bool"):
                    self.desk.classifier = ClassifierOptions(use_store_history=bad)
                with self.assertRaisesRegex(TypeError, "pause_when_awaiting_customer must be"):
                    self.desk.add_policy(Policy("p", pause_when_awaiting_customer=bad))
        self.assertEqual(c.event_count, 1)
        self.assertTrue(self.desk.classifier.use_store_history)
        c.note(T0 + 60, "ann", "hello", customer_visible=True)
        self.assertEqual(c.event_count, 2)


class StoreRevisions(unittest.TestCase):
    def test_a_revision_beyond_int64_is_refused_not_read_negative(self):
        class Broken(redress.DictStore):
            def load(self, id):
                r = super().load(id)
                return None if r is None else dataclasses.replace(r, revision=2**64 - 1)

        with redress.Desk(store=Broken(), clock=lambda: T0) as desk:
            c = desk.create("cust", id="c1", text="x")
            desk.save(c)
            with self.assertRaisesRegex(redress.StoreError, "revision 18446744073709551615"):
                desk.load("c1")


class Clocks(unittest.TestCase):
    def test_a_clock_outside_the_library_range_names_the_clock_and_the_range(self):
        for bad in (-5, 2**62, 253402300800):
            with self.subTest(bad=bad):
                with redress.Desk(clock=lambda: bad) as desk:
                    with self.assertRaisesRegex(ValueError, r"the clock's time .* outside .*"
                                                            r"1970-01-01.*9999-12-31"):
                        desk.now()
                    with self.assertRaisesRegex(ValueError, "the clock's time"):
                        desk.create("cust", text="x")


class Tenants(unittest.TestCase):
    def test_a_refused_tenant_is_explained(self):
        with self.assertRaisesRegex(redress.InvalidError, r"control character \(U\+000A\)"):
            redress.Desk(tenant="a\nb")
        with self.assertRaisesRegex(redress.RangeError, "longer than the 128"):
            redress.Desk(tenant="t" * 129)
        with self.assertRaisesRegex(redress.InvalidError, "needs a store with tenants"):
            redress.Desk(tenant="acme", store=redress.DictStore())


class EachReentry(unittest.TestCase):
    def test_store_calls_from_each_over_the_memory_store_name_each(self):
        with redress.Desk() as desk:
            desk.save(desk.create("cust", id="c1", text="My parcel arrived broken."))
            for what, fn in (("load", lambda x: desk.load(x.id).close()),
                             ("save", lambda x: desk.save(desk.create("o", text="x"))),
                             ("remove", lambda x: desk.remove(x.id, x.revision)),
                             ("classify", lambda x: desk.classify(x).close())):
                with self.subTest(what=what):
                    with self.assertRaisesRegex(redress.StoreError, r"called from an each\(\) "
                                                                    "callback"):
                        desk.each(lambda x: fn(x))
            # what the docs say may be done: the rest of the desk, and the store after
            ids = []
            desk.each(lambda x: ids.append(x.clone().id))
            self.assertEqual(ids, ["c1"])
            desk.load("c1").close()

    def test_a_python_store_allows_store_calls_from_each(self):
        with redress.Desk(store=redress.DictStore()) as desk:
            desk.save(desk.create("cust", id="c1", text="x"))
            loaded = []
            desk.each(lambda x: loaded.append(desk.load(x.id).id))
            self.assertEqual(loaded, ["c1"])

    def test_a_lent_complaint_is_read_only(self):
        # C lends callbacks a const complaint: a change to it would be lost silently.
        with redress.Desk(store=redress.DictStore()) as desk:
            desk.save(desk.create("cust", id="c1", text="x", received_at=T0))
            for what, fn in (("verb", lambda x: x.acknowledge(T0 + 60, "agent")),
                             ("attribute", lambda x: x.attrs.__setitem__("k", "v")),
                             ("save", lambda x: desk.save(x))):
                with self.subTest(what=what):
                    with self.assertRaisesRegex(ValueError, "lent to a callback and read-only"):
                        desk.each(fn)
            changed = []
            desk.each(lambda x: changed.append(x.clone().acknowledge(T0 + 60, "agent").state))
            self.assertEqual(changed, [redress.State.ACKNOWLEDGED])
            with desk.load("c1") as stored:
                self.assertEqual(stored.state, redress.State.RECEIVED)
                self.assertEqual(stored.revision, 1)


BASE = "policies\n  policy complaints version 1\n    acknowledge 1 day\n\nat 2026-03-27 17:00\n"


class ScenarioStrings(unittest.TestCase):
    def setUp(self):
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.dir = folder.name

    def write(self, name, data: bytes) -> str:
        path = os.path.join(self.dir, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def test_a_nul_is_refused_not_cut(self):
        ok = self.write("ok.scenario", (BASE + "create c1 channel=email\n").encode())
        with self.assertRaisesRegex(ValueError, "path contains a NUL"):
            scenario.run(ok + "\0junk")
        with self.assertRaisesRegex(ValueError, "tenant contains a NUL"):
            scenario.run_text(BASE, tenant="acme\0evil")
        with self.assertRaisesRegex(ValueError, "name contains a NUL"):
            scenario.run_text(BASE, name="my\0name")
        with self.assertRaisesRegex(ValueError, "text contains a NUL"):
            scenario.run_text(BASE + 'create c1 channel=email text="refund\0"\n')
        self.assertTrue(scenario.run(ok).passed)

    def test_a_file_that_is_not_utf8_fails_its_check_as_the_cli_reports(self):
        bad = self.write("bad.scenario", BASE.encode() + b'create c1 channel=email text="\xff"\n')
        result = scenario.run(bad)
        self.assertEqual(result.outcome, "fail")
        self.assertIn("not valid UTF-8", result.failures[0].message)
        self.assertIn("\\xff", result.failures[0].step)

    def test_report_names_the_formats_and_takes_results_only(self):
        with self.assertRaisesRegex(ValueError, "'xml' is not one of text, tap, junit"):
            scenario.report([], "xml")
        with self.assertRaisesRegex(TypeError, r"results\[0\] must be a scenario.Result"):
            scenario.report([42])


if __name__ == "__main__":
    unittest.main()
