/* The "typical complaint" of the benchmarks: a text of a chosen length written from
 * fixed fragments, and a history of eight events (create, acknowledge, an internal
 * note, investigate, an update, a promise, respond, fulfill), every field
 * deterministic. Used by the JSON and memory benchmarks (tests/bench). */
#ifndef REDRESS_BENCH_COMPLAINT_H
#define REDRESS_BENCH_COMPLAINT_H

#include <stddef.h>
#include <stdint.h>

#include "redress.h"

/* 2026-11-23T09:00:00Z, a Monday: the epoch of every generated data set. */
#define BENCH_T0 ((redress_time)1795424400)

/* Writes `len` bytes of English complaint prose (no NUL inside) into out[0..len],
 * NUL-terminated; the fragments are picked by `rng`. */
void bench_prose(char *out, size_t len, uint64_t *rng);

/* A new typical complaint "t<index>", received at BENCH_T0 plus a few hours. */
redress_complaint *bench_typical_complaint(redress_desk *desk, size_t index, size_t text_len,
                                           uint64_t *rng);

#endif

/*
 * A complaint of a mixed population (the metrics benchmarks): received over 60 days
 * from BENCH_T0 on every channel and 8 categories; a third resolved on the spot, a
 * third handled through part or all of the lifecycle (acknowledge, investigate,
 * respond with any decision, fulfill, confirm with a satisfaction), the rest left
 * as received. Short text; `rng` picks everything.
 */
redress_complaint *bench_mixed_complaint(redress_desk *desk, size_t index, uint64_t *rng);
