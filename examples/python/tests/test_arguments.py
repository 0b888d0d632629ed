"""Values that C cannot represent are refused before they reach the library. ctypes on
its own stored 2**64 + t + 60 as t + 60, -1 as 4294967295, 49.90 as 49, and cut
"cust\\x00evil" to "cust": data changed without a word."""
from __future__ import annotations

import ctypes
import decimal
from datetime import date, datetime, timedelta, timezone
import unittest

import redress
from redress import Channel, Decision, Metric, Policy, Span
from redress._convert import integer

from .helpers import HOUR, T0, DeskCase, at

U64 = 2**64


class Integers(DeskCase):
    def test_times_out_of_int64_are_refused_not_wrapped(self):
        c = self.complaint()
        with self.assertRaises(OverflowError):
            c.acknowledge(U64 + T0 + 60, "ann")
        self.assertEqual((c.event_count, c.updated_at), (1, at(T0)))
        with self.assertRaises(OverflowError):
            self.desk.tick(U64 + T0)
        with self.assertRaises(OverflowError):
            self.complaint("c-2", received_at=-2**63 - 1)

    def test_amounts_out_of_range_are_refused(self):
        c = self.complaint()
        with self.assertRaises(OverflowError):
            c.resolve_on_the_spot(T0 + 60, "ann", Decision.UPHELD, compensation=U64 + 100)
        self.assertIsNone(c.compensation)
        with self.assertRaises(OverflowError):
            self.complaint("c-2", customer_value=U64 + 5)
        with self.assertRaises(ValueError):
            self.complaint("c-3", order_value=-1)  # None, not -1, is "unknown"

    def test_unsigned_counts_refuse_negatives(self):
        with self.assertRaises(OverflowError):
            self.complaint(prior_complaints=-1)
        c = self.complaint("c-2")
        self.desk.save(c)
        with self.assertRaises(OverflowError):
            self.desk.remove("c-2", -1)
        with self.assertRaises(OverflowError):
            redress.ClassifierOptions(history_days=-1).to_c()

    def test_enums_out_of_int_are_refused(self):
        with self.assertRaises(OverflowError):
            self.complaint(channel=2**32 + 1)  # was PHONE/EMAIL after the wrap
        with self.assertRaises(redress.InvalidError):
            self.complaint(channel=99)  # an int: the library judges it
        with self.assertRaises(ValueError):
            self.desk.add_policy(Policy("p", channels=[99]))
        with self.assertRaises(OverflowError):
            self.desk.add_policy(Policy("p", warn_percent=2**40))
        with self.assertRaises(OverflowError):
            self.desk.add_policy(Policy("p", resolve=Span(U64)))
        with self.desk.metrics(as_of=T0) as m:
            with self.assertRaises(OverflowError):
                m.value(Metric.COMPLAINTS, 2**31)

    def test_non_integers_are_type_errors(self):
        c = self.complaint()
        for at in (T0 + 60.5, True, "1767225660", decimal.Decimal(T0 + 60)):
            with self.assertRaises(TypeError, msg=repr(at)):
                c.acknowledge(at, "ann")
        with self.assertRaises(TypeError):
            self.complaint("c-2", prior_complaints=1.0)
        with self.assertRaises(TypeError):
            self.desk.add_policy(Policy("p", channels=[1.0]))
        self.assertEqual(c.event_count, 1)

    def test_a_clock_must_give_an_int64(self):
        for bad, error in ((U64 + T0, OverflowError), (T0 + 0.5, TypeError)):
            with redress.Desk(clock=lambda: bad) as desk:
                with self.assertRaises(error):
                    desk.now()

    def test_the_bounds_are_those_of_the_c_types(self):
        self.assertEqual(integer(2**63 - 1, ctypes.c_int64), 2**63 - 1)
        self.assertEqual(integer(-2**63, ctypes.c_int64), -2**63)
        self.assertEqual(integer(2**32 - 1, ctypes.c_uint32), 2**32 - 1)
        self.assertEqual(integer(Channel.EMAIL, ctypes.c_int), 1)
        for value, ctype in ((2**63, ctypes.c_int64), (2**32, ctypes.c_uint32),
                             (-1, ctypes.c_uint64), (2**31, ctypes.c_int), (-1, ctypes.c_size_t)):
            with self.assertRaises(OverflowError, msg=(value, ctype)):
                integer(value, ctype)


class Money(DeskCase):
    def test_floats_are_refused_for_amounts(self):
        for value in (49.90, 49.0, True, "49.90"):
            with self.assertRaises(TypeError, msg=repr(value)):
                self.complaint(order_value=value)
        c = self.complaint("c-2")
        with self.assertRaises(TypeError):
            c.respond(T0 + 60, "ann", Decision.UPHELD, compensation=12.5)
        with self.assertRaises(TypeError):
            redress.settle(expectation=10.5, bottom_line=20)
        with self.assertRaises(TypeError):
            self.desk.add_policy(Policy("p", max_compensation=100.0))
        with self.assertRaises(TypeError):
            self.desk.classifier = redress.ClassifierOptions(max_compensation=1e3)

    def test_int_minor_units_pass_exactly(self):
        c = self.complaint(order_value=4990, claimed_amount=2**62)
        self.assertEqual((c.order_value, c.claimed_amount), (4990, 2**62))

    def test_decimals_are_major_units_converted_exactly(self):
        D = decimal.Decimal
        c = self.complaint(order_value=D("49.90"), claimed_amount=D("0.01"),
                           expectation=D("49.900"), customer_value=D(12))
        self.assertEqual((c.order_value, c.claimed_amount, c.expectation, c.customer_value),
                         (4990, 1, 4990, 1200))
        c.resolve_on_the_spot(T0 + 60, "ann", Decision.UPHELD, compensation=D("12.50"))
        self.assertEqual(c.compensation, 1250)
        self.assertEqual(redress.settle(expectation=D("120.00"), bottom_line=D("40")),
                         redress.settle(expectation=12000, bottom_line=4000))

    def test_a_decimal_finer_than_the_currency_is_refused_not_rounded(self):
        D = decimal.Decimal
        for value in (D("49.905"), D("0.001"), D("NaN"), D("Infinity")):
            with self.assertRaises(ValueError, msg=repr(value)) as caught:
                self.complaint(order_value=value)
        self.assertIn("order_value", str(caught.exception))
        with self.assertRaisesRegex(ValueError, "more than 2 decimal places"):
            self.desk.add_policy(Policy("p", max_compensation=D("1.234")))
        with self.assertRaises(ValueError):
            self.complaint(order_value=D("-1.00"))  # negative: None is unknown

    def test_the_desk_names_its_currency_places(self):
        D = decimal.Decimal
        yen = redress.Desk(store=redress.DictStore(), clock=lambda: T0, currency_places=0)
        with yen:
            with yen.create("cust-1", order_value=D("4990")) as c:
                self.assertEqual(c.order_value, 4990)
            with self.assertRaisesRegex(ValueError, "more than 0 decimal places"):
                yen.create("cust-1", order_value=D("49.90"))
        with redress.Desk(currency_places=3) as dinar:
            with dinar.create("cust-1", order_value=D("1.005")) as c:
                self.assertEqual(c.order_value, 1005)
        for bad in (-1, 7, 2.0, True):
            with self.assertRaises(ValueError, msg=repr(bad)):
                redress.Desk(currency_places=bad)


class Times(DeskCase):
    def test_aware_datetimes_go_in_wherever_a_time_does(self):
        one = datetime(2026, 1, 1, 1, 0, tzinfo=timezone.utc)
        paris = datetime(2026, 1, 1, 2, 0, 0, 999999, tzinfo=timezone(timedelta(hours=1)))
        c = self.desk.create("cust-1", received_at=datetime(2026, 1, 1, tzinfo=timezone.utc))
        self.assertEqual(c.received_at, datetime(2026, 1, 1, tzinfo=timezone.utc))
        c.acknowledge(one, "ann").investigate(paris, "ann", "the parcel")
        self.assertEqual([e.at for e in c.events()][-2:], [at(T0 + HOUR), at(T0 + HOUR)])
        c.promise(one, "ann", one + timedelta(days=2))
        self.assertEqual(redress.to_datetime(T0), datetime(2026, 1, 1, tzinfo=timezone.utc))
        self.assertIsNone(redress.to_datetime(None))
        self.assertEqual(c.updated_at.tzinfo, timezone.utc)
        self.desk.save(c)
        self.desk.tick(one + timedelta(days=30))
        with self.desk.metrics(as_of=one) as m:
            m.add_store(one - timedelta(days=1), one + timedelta(days=1))
        clocked = redress.Desk(clock=lambda: datetime(2026, 1, 1, tzinfo=timezone.utc))
        with clocked:
            self.assertEqual(clocked.now(), at(T0))

    def test_naive_datetimes_and_other_types_are_refused_with_a_reason(self):
        c = self.complaint()
        with self.assertRaisesRegex(ValueError, "naive datetime"):
            c.acknowledge(datetime(2026, 1, 1, 1, 0), "ann")
        with self.assertRaisesRegex(ValueError, "naive datetime"):
            self.desk.create("cust-1", received_at=datetime(2026, 1, 1))
        for bad in (date(2026, 1, 1), 1.5e9, "2026-01-01", True):
            with self.assertRaises(TypeError, msg=repr(bad)):
                c.acknowledge(bad, "ann")
        self.assertEqual(c.event_count, 1, "nothing was recorded")


class Strings(DeskCase):
    def test_a_nul_is_refused_in_every_field_of_create(self):
        for field in ("customer_id", "id", "text", "customer_tier", "category",
                      "requested_remedy"):
            fields = {"customer_id": "cust-1", "id": "c-9", field: "cut\x00here"}
            with self.assertRaises(ValueError, msg=field) as caught:
                self.desk.create(received_at=T0, **fields)
            self.assertIn(field, str(caught.exception))
            fields[field] = b"cut\x00here"
            with self.assertRaises(ValueError, msg=field):
                self.desk.create(received_at=T0, **fields)

    def test_the_reported_create_stores_nothing_cut(self):
        with self.assertRaises(ValueError):
            self.desk.create("cust\x00evil", text="refund\x00 NOW", id="c-1\x00x",
                             received_at=T0)
        self.assertEqual(self.desk.complaints(), [])

    def test_a_nul_is_refused_by_verbs_attributes_and_lookups(self):
        c = self.complaint()
        self.desk.save(c)
        refused = [lambda: c.acknowledge(T0 + 1, "ann\x00", "x"),
                   lambda: c.acknowledge(T0 + 1, "ann", "note\x00hidden"),
                   lambda: c.investigate(T0 + 1, "ann", point="p\x00"),
                   lambda: c.escalate(T0 + 1, "ann", to="boss\x00"),
                   lambda: c.attrs.__setitem__("k\x00", "v"),
                   lambda: c.attrs.__setitem__("k", "v\x00w"),
                   lambda: c.attrs["k\x00"],
                   lambda: self.desk.load("c-1\x00x"),
                   lambda: self.desk.remove("c-1\x00x", 1),
                   lambda: self.desk.add_calendar("office\x00", "mon-fri 09:00-17:00"),
                   lambda: self.desk.add_policy(Policy("p\x00")),
                   lambda: self.desk.add_policy(Policy("p", category="billing\x00")),
                   lambda: redress.Desk(zoneinfo_dir="/usr\x00/share")]
        for i, call in enumerate(refused):
            with self.assertRaises(ValueError, msg=i):
                call()
        self.assertEqual((c.event_count, len(c.attrs)), (1, 0))
        with self.desk.load("c-1") as back:  # c-1 was not removed as "c-1"
            self.assertEqual(back.event_count, 1)

    def test_texts_with_a_length_reach_the_library_whole(self):
        # The library sees every byte of these and names the NUL's offset itself.
        with self.assertRaises(redress.InvalidError) as caught:
            self.desk.classify_text("I want a re\x00fund")
        self.assertIn("NUL", caught.exception.message)
        with self.assertRaises(redress.ParseError):
            self.desk.calendar("tz=UTC\x00; mon-fri 09:00-17:00")

    def test_non_text_and_lone_surrogates_are_refused(self):
        for bad, error in ((42, TypeError), (["cust"], TypeError),
                           ("cust-\udcc3\udca9", ValueError), ("\ud800", ValueError)):
            with self.assertRaises(error, msg=repr(bad)):
                self.desk.create(bad, received_at=T0)
        with self.assertRaises(ValueError):
            self.desk.classify_text("angry \udcff")

    def test_a_python_store_record_with_a_nul_fails_the_store(self):
        c = self.complaint()
        self.desk.save(c)
        record = self.store.records["c-1"]
        self.store.records["c-1"] = redress.Record(
            "c-1\x00x", record.customer_id, record.state, record.severity, record.channel,
            record.received_at, record.updated_at, record.next_alarm, record.revision,
            record.doc)
        with self.assertRaises(redress.StoreError) as caught:
            self.desk.load("c-1")
        self.assertIsInstance(caught.exception.__cause__, ValueError)


if __name__ == "__main__":
    unittest.main()
