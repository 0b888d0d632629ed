/* The typical complaint of the benchmarks; see bench_complaint.h. */
#include "bench_complaint.h"

#include <stdio.h>
#include <string.h>

#include "bench_util.h"

/* Fragments written for these benchmarks. */
static const char *const fragments[] = {
  "I ordered a washing machine and it arrived with a dented door. ",
  "The delivery was two days late and nobody called me. ",
  "Your agent promised a refund within a week, that was a month ago. ",
  "I have been a customer for nine years and I am very disappointed. ",
  "Please replace the unit or refund the full price. ",
  "The invoice shows a delivery fee that was supposed to be waived. ",
  "I attach photos of the damage and the order confirmation. ",
  "If this is not sorted out I will cancel my contract. ",
};

void bench_prose(char *out, size_t len, uint64_t *rng) {
  size_t used = 0;
  while (used < len) {
    const char *f = fragments[bench_next(rng) % (sizeof fragments / sizeof fragments[0])];
    size_t n = strlen(f);
    if (n > len - used) n = len - used;
    memcpy(out + used, f, n);
    used += n;
  }
  out[len] = '\0';
}

#define HOUR ((redress_time)3600)

static void handle(redress_complaint *c, redress_desk *desk, redress_time at) {
  bench_check(redress_complaint_acknowledge(c, at + HOUR, "ann", "We are sorry, looking into it."),
              desk, "acknowledge");
  bench_check(redress_complaint_note(c, at + 2 * HOUR, "ann", "Checked the courier log.", 0), desk,
              "note");
  bench_check(redress_complaint_investigate(c, at + 3 * HOUR, "ann", NULL, "damaged in transit",
                                            "replacement"),
              desk, "investigate");
  bench_check(redress_complaint_update(c, at + 26 * HOUR, "ann", "The courier confirmed it."), desk,
              "update");
  bench_check(redress_complaint_promise(c, at + 27 * HOUR, "ann", "Replacement by Friday.",
                                        at + 96 * HOUR),
              desk, "promise");
  bench_check(redress_complaint_respond(c, at + 28 * HOUR, "ann", NULL, REDRESS_DECISION_UPHELD,
                                        "replacement and delivery fee refunded", 1500),
              desk, "respond");
  bench_check(redress_complaint_fulfill(c, at + 90 * HOUR, "bob", "Replacement delivered."), desk,
              "fulfill");
}

redress_complaint *bench_typical_complaint(redress_desk *desk, size_t index, size_t text_len,
                                           uint64_t *rng) {
  char id[32], customer[32], text[REDRESS_MAX_TEXT_BYTES + 1];
  if (text_len > REDRESS_MAX_TEXT_BYTES) text_len = REDRESS_MAX_TEXT_BYTES;
  snprintf(id, sizeof id, "t%09zu", index);
  snprintf(customer, sizeof customer, "cust-%06u", (unsigned)(bench_next(rng) % 200000));
  bench_prose(text, text_len, rng);
  redress_complaint_fields in = REDRESS_COMPLAINT_FIELDS_INIT;
  in.id = id;
  in.customer_id = customer;
  in.customer_value = (int64_t)(bench_next(rng) % 100000);
  in.channel = REDRESS_CHANNEL_EMAIL;
  in.category = "delivery";
  in.text = text;
  in.order_value = 49900;
  in.claimed_amount = 49900;
  in.received_at = BENCH_T0 + (redress_time)(bench_next(rng) % (8 * HOUR));
  redress_complaint *c = NULL;
  bench_check(redress_complaint_create(&c, desk, &in), desk, "create");
  handle(c, desk, in.received_at);
  return c;
}

#define DAY (24 * HOUR)

/* Part or all of the lifecycle, stopping at random points. */
static void handle_some(redress_complaint *c, redress_desk *desk, redress_time r, uint64_t *rng) {
  redress_time at = r + (redress_time)(bench_next(rng) % (30 * HOUR));
  bench_check(redress_complaint_acknowledge(c, at, "agent", NULL), desk, "acknowledge");
  if (bench_next(rng) % 4 == 0) return;
  at += HOUR;
  bench_check(redress_complaint_investigate(c, at, "agent", NULL, "point", NULL), desk,
              "investigate");
  at += (redress_time)(bench_next(rng) % (9 * DAY));
  int decision = 1 + (int)(bench_next(rng) % 3);
  bench_check(redress_complaint_respond(c, at, "agent", NULL, decision, NULL,
                                        (int64_t)(bench_next(rng) % 5000)),
              desk, "respond");
  if (bench_next(rng) % 4 == 0) return;
  at += (redress_time)(bench_next(rng) % (3 * DAY));
  bench_check(redress_complaint_fulfill(c, at, "agent", NULL), desk, "fulfill");
  if (bench_next(rng) % 2 == 0)
    bench_check(redress_complaint_confirm(c, at + DAY, "agent", NULL,
                                          1 + (int)(bench_next(rng) % 5)),
                desk, "confirm");
}

redress_complaint *bench_mixed_complaint(redress_desk *desk, size_t index, uint64_t *rng) {
  static const char *const categories[] = {"billing", "delivery", "service", "quality",
                                           "returns", "account", "pricing", "staff"};
  char id[32];
  snprintf(id, sizeof id, "m%09zu", index);
  redress_complaint_fields in = REDRESS_COMPLAINT_FIELDS_INIT;
  in.id = id;
  in.customer_id = "customer";
  in.customer_value =
    bench_next(rng) % 10 == 0 ? REDRESS_AMOUNT_UNKNOWN : (int64_t)(bench_next(rng) % 100000);
  in.channel = (int)(bench_next(rng) % REDRESS_CHANNEL_COUNT);
  in.category = categories[bench_next(rng) % 8];
  in.text = "The parcel arrived late and the box was damaged.";
  in.received_at = BENCH_T0 + (redress_time)(bench_next(rng) % (60 * DAY));
  redress_complaint *c = NULL;
  bench_check(redress_complaint_create(&c, desk, &in), desk, "create");
  switch (bench_next(rng) % 3) {
  case 0:
    bench_check(redress_complaint_resolve_on_the_spot(c, in.received_at + 600, "agent", NULL,
                                                      1 + (int)(bench_next(rng) % 3), NULL,
                                                      (int64_t)(bench_next(rng) % 2000)),
                desk, "resolve_on_the_spot");
    break;
  case 1: handle_some(c, desk, in.received_at, rng); break;
  default: break;
  }
  return c;
}
