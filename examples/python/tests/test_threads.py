"""One desk shared by threads. ctypes releases the GIL during each call, so without the
desk's lock two threads ran in the desk's matcher scratch at once (a heap-buffer-
overflow and a double free in push_match, an abort in one run of three)."""
from __future__ import annotations

import threading
import unittest

import redress
from redress import Decision, Metric

from .helpers import T0, Clock

THREADS = 8
ROUNDS = 40
ANGRY = "I am furious: the parcel arrived broken and I want a full refund right now!"
# Long enough that the matcher's scratch grows while another thread would be in it.
RANT = ("I am furious and disgusted, this is the third time, the parcel arrived broken, "
        "I want a full refund and compensation right now or I go to the press! ") * 20


def run_threads(target, count=THREADS):
    errors = []

    def guarded(k):
        try:
            target(k)
        except BaseException as exc:  # noqa: B902 - reported by the test below
            errors.append(exc)
    threads = [threading.Thread(target=guarded, args=(k,)) for k in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


class OneCallAtATime(unittest.TestCase):
    def test_a_call_waits_while_another_thread_is_in_the_desk(self):
        # Deterministic, where a crash needs luck: thread A parks inside a callback of
        # each(); thread B calls now(), whose clock callback tells whether B got into
        # the library while A was still in it.
        inside, b_done, overlaps = threading.Event(), threading.Event(), []

        def clock():
            if inside.is_set():
                overlaps.append("now() ran inside each()")
            return T0
        desk = redress.Desk(clock=clock)
        self.addCleanup(desk.close)
        with desk.create("cust-1", id="c-1", received_at=T0) as c:
            desk.save(c)

        def park(c):
            inside.set()
            b_done.wait(0.5)  # with the lock B cannot finish meanwhile
            inside.clear()

        def b():
            inside.wait(5)
            desk.now()
            b_done.set()
        other = threading.Thread(target=b)
        other.start()
        desk.each(park)
        other.join()
        self.assertEqual(overlaps, [])
        self.assertTrue(b_done.is_set())


class SharedDesk(unittest.TestCase):
    def setUp(self):
        self.store = redress.DictStore()
        self.desk = redress.Desk(store=self.store, clock=Clock())
        self.addCleanup(self.desk.close)

    def test_classify_and_save_from_many_threads(self):
        # The built-in store: no Python callback takes the GIL back during the calls, so
        # without the lock the threads really run in the library together.
        desk = redress.Desk(clock=Clock())
        self.addCleanup(desk.close)

        def work(k):
            for i in range(ROUNDS * 2):
                with desk.create(f"cust-{k}", id=f"c-{k}-{i}", received_at=T0, text=RANT,
                                 order_value=4990) as c:
                    with desk.classify(c) as verdict:
                        self.assertTrue(verdict.reasons)
                    c.resolve_on_the_spot(T0 + 60, "ann", Decision.UPHELD, remedy="refund",
                                          compensation=100 * i)
                    desk.save(c)
                    with desk.load(c.id) as back:
                        self.assertEqual(back.compensation, 100 * i)
                    with desk.classify_text(RANT) as verdict:
                        verdict.temperament
        self.assertEqual(run_threads(work), [])
        with desk.metrics(as_of=T0 + 3600) as m:
            m.add_store()
            self.assertEqual(m.value(Metric.COMPLAINTS), THREADS * ROUNDS * 2)

    def test_a_python_store_from_many_threads(self):
        def work(k):
            for i in range(ROUNDS):
                with self.desk.create(f"cust-{k}", id=f"c-{k}-{i}", received_at=T0,
                                      text=ANGRY) as c:
                    self.desk.classify(c).close()
                    self.desk.save(c)
        self.assertEqual(run_threads(work), [])
        self.assertEqual(len(self.store.records), THREADS * ROUNDS)

    def test_callbacks_and_reads_interleave_with_writers(self):
        with self.desk.create("cust-0", id="seed", received_at=T0) as c:
            self.desk.save(c)

        def work(k):
            for i in range(ROUNDS):
                if k % 2:
                    self.desk.each(lambda c: c.revision)
                    with self.desk.load("seed") as seed, self.desk.classify(seed):
                        pass
                    with self.desk.metrics(as_of=T0) as m:
                        m.add_store()
                else:
                    with self.desk.create(f"cust-{k}", id=f"w-{k}-{i}", received_at=T0,
                                          text=ANGRY) as c:
                        c.attrs["round"] = str(i)
                        self.desk.save(c)
                        self.assertEqual(len(list(c.events())), 1)
        self.assertEqual(run_threads(work), [])
        self.assertEqual(len(self.store.records), 1 + (THREADS // 2) * ROUNDS)

    def test_one_complaint_shared_by_threads(self):
        c = self.desk.create("cust-1", id="c-1", received_at=T0, text=ANGRY)
        self.addCleanup(c.close)

        def work(k):
            for i in range(ROUNDS // 4):  # to_json grows with the history
                c.note(T0 + 1, f"agent-{k}", f"note {i}")
                c.attrs[f"k{k}"] = str(i)
                self.assertTrue(c.to_json())
                list(c.events())
        self.assertEqual(run_threads(work), [])
        self.assertEqual(c.event_count, 1 + THREADS * (ROUNDS // 4))

    def test_closing_while_other_threads_work_never_crashes(self):
        started = threading.Barrier(THREADS + 1)

        def work(k):
            started.wait()
            try:
                for i in range(ROUNDS * 10):
                    with self.desk.create(f"cust-{k}", received_at=T0, text=RANT) as c:
                        self.desk.classify(c).close()
            except ValueError:
                pass  # the desk closed under us: refused, not a crash
        threads = [threading.Thread(target=work, args=(k,)) for k in range(THREADS)]
        for t in threads:
            t.start()
        started.wait()
        self.desk.close()
        for t in threads:
            t.join()
        with self.assertRaises(ValueError):
            self.desk.now()


if __name__ == "__main__":
    unittest.main()
