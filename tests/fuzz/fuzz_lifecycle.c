/* libFuzzer target: one complaint driven through a sequence of verbs chosen by the
 * input, with fuzzed time steps, actors, notes and arguments. After every call:
 *   - the history is append-only: the events that existed before are the same
 *     objects with the same content, and a successful verb appended exactly one
 *     event of its kind;
 *   - a refused verb changed nothing (the canonical JSON is byte-equal) and its code
 *     is one the header documents (STATE, INVALID, RANGE);
 *   - the JSON round trip gives the same bytes;
 *   - the deadlines are consistent: computing them twice, or on a clone, gives the
 *     same list; every state is a redress_deadline_state; paused ones have no due
 *     time, met ones a met time, and a warning never comes after its due time;
 *   - saving, loading and ticking keep the complaint, and a second tick at the same
 *     time reports no alarm again.
 * Each input opens its own desk, so a crash replays from its input alone. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "redress.h"
#include "../support/read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define T0 ((redress_time)1795424400) /* 2026-11-23T09:00:00Z, a Monday */
#define MAX_TRACKED 4096

typedef struct run {
  const uint8_t *p;
  size_t n;
  redress_desk *desk;
  redress_complaint *c;
  redress_time at;     /* the time of the next verb */
  const redress_event *events[MAX_TRACKED];
  uint64_t hashes[MAX_TRACKED];
  size_t tracked;
  unsigned alarms;     /* alarms reported by the last tick */
} run;

static unsigned byte(run *r) {
  if (r->n == 0) return 0;
  r->n--;
  return *r->p++;
}

/* ---- the desk: a business-hours policy for serious complaints, the default for the rest */

static const char office[] =
    "tz=CET-1CEST,M3.5.0,M10.5.0/3\n"
    "mon-fri 09:00-12:30,13:30-18:00\n"
    "sat 10:00-14:00\n"
    "holiday 2026-12-25\n"
    "holiday 2026-12-31 13:00-18:00\n";

static redress_desk *open_desk(void) {
  redress_desk *desk = NULL;
  if (redress_desk_open(&desk, NULL) != REDRESS_OK) abort();
  if (redress_desk_add_calendar(desk, "office", office, sizeof office - 1) != REDRESS_OK) abort();
  redress_policy p = REDRESS_POLICY_INIT;
  p.name = "serious";
  p.min_severity = REDRESS_SEVERITY_HIGH;
  p.calendar = "office";
  p.acknowledge = (redress_span){4 * 3600, REDRESS_SPAN_BUSINESS_SECONDS};
  p.update_every = (redress_span){2, REDRESS_SPAN_BUSINESS_DAYS};
  p.resolve = (redress_span){10, REDRESS_SPAN_BUSINESS_DAYS};
  p.resolve_extended = (redress_span){25, REDRESS_SPAN_BUSINESS_DAYS};
  p.follow_up = (redress_span){7 * 86400, REDRESS_SPAN_CALENDAR_SECONDS};
  p.next_reply = (redress_span){3600, REDRESS_SPAN_BUSINESS_SECONDS};
  p.warn_percent = 75;
  /* several warning levels, and a third party that stops RESOLVE and NEXT_REPLY */
  p.warn_levels[REDRESS_DEADLINE_RESOLVE][0] = 50;
  p.warn_levels[REDRESS_DEADLINE_RESOLVE][1] = 90;
  p.pause_stops[REDRESS_PAUSE_AWAITING_THIRD_PARTY] =
      1u << REDRESS_DEADLINE_RESOLVE | 1u << REDRESS_DEADLINE_NEXT_REPLY;
  p.pause_when_awaiting_customer = 1;
  if (redress_desk_add_policy(desk, &p) != REDRESS_OK) abort();
  return desk;
}

/* ---- fuzzed arguments --------------------------------------------------------------- */

static char long_name[REDRESS_MAX_NAME_BYTES + 2];

static const char *actor(run *r) {
  static const char *const actors[] = {"ann", "bob", "cust-42", "", NULL, long_name, "\xff"};
  return actors[byte(r) % (sizeof actors / sizeof actors[0])];
}

static const char *note(run *r) {
  static const char *const notes[] = {NULL, "ok", "", "so sorry \xec\xa3\x84\xec\x86\xa1",
                                      "\xc3\x28"};
  return notes[byte(r) % (sizeof notes / sizeof notes[0])];
}

/* Mostly forward, sometimes not at all, sometimes backwards (which must be refused). */
static redress_time step(run *r) {
  unsigned b = byte(r);
  redress_time n = (redress_time)(b & 63);
  switch (b >> 6) {
  case 0: return -n;
  case 1: return n * 60;
  case 2: return n * 3600;
  default: return n * 86400;
  }
}

static int small_int(run *r, int lo, int hi) {
  return lo + (int)(byte(r) % (unsigned)(hi - lo + 1));
}

static int64_t amount(run *r) {
  unsigned b = byte(r);
  if (b == 255) return INT64_MAX;
  if (b == 254) return -5; /* invalid */
  return b == 0 ? REDRESS_AMOUNT_UNKNOWN : (int64_t)b * 100;
}

/* ---- the history, tracked ------------------------------------------------------------ */

static uint64_t mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  return h;
}

static uint64_t mix_text(uint64_t h, const char *s) {
  if (s == NULL) return mix(h, 0xdeadull);
  for (; *s; s++) h = mix(h, (unsigned char)*s);
  return mix(h, 0xfeedull);
}

static uint64_t event_hash(const redress_event *ev) {
  uint64_t h = mix(0, ((uint32_t)th_event_number(ev, REDRESS_FIELD_SEQ)));
  h = mix(h, (uint64_t)((int)th_event_number(ev, REDRESS_FIELD_KIND)));
  h = mix(h, (uint64_t)th_event_number(ev, REDRESS_FIELD_AT));
  h = mix_text(h, redress_event_string(ev, REDRESS_FIELD_ACTOR));
  h = mix_text(h, redress_event_string(ev, REDRESS_FIELD_NOTE));
  for (int f = REDRESS_FIELD_DECISION; f <= REDRESS_FIELD_DUE; f++) {
    int64_t v = 0;
    h = mix(h, redress_event_number(&v, ev, f) == REDRESS_OK ? (uint64_t)v : 0x5151ull);
  }
  for (int f = REDRESS_FIELD_POINT; f <= REDRESS_FIELD_TO; f++)
    h = mix_text(h, redress_event_string(ev, f));
  return h;
}

/* Every tracked event is still there, unchanged; events beyond are tracked too.
 * same_objects: the complaint is the one tracked (not reloaded), so the events must
 * be the very same objects. */
static void check_history(run *r, int same_objects) {
  size_t n = redress_complaint_event_count(r->c);
  if (n < r->tracked) abort();
  for (size_t i = 0; i < n && i < MAX_TRACKED; i++) {
    const redress_event *ev = redress_complaint_event(r->c, i);
    uint64_t h = event_hash(ev);
    if (i < r->tracked) {
      if (same_objects && ev != r->events[i]) abort();
      if (h != r->hashes[i]) abort();
    }
    r->events[i] = ev;
    r->hashes[i] = h;
  }
  r->tracked = n < MAX_TRACKED ? n : MAX_TRACKED;
}

/* ---- checks of the whole complaint --------------------------------------------------- */

static char *to_json(const redress_complaint *c, size_t *len) {
  char *doc = NULL;
  if (redress_complaint_to_json(&doc, len, c) != REDRESS_OK) abort();
  return doc;
}

static void check_round_trip(run *r) {
  size_t a_len = 0, b_len = 0;
  char *a = to_json(r->c, &a_len);
  redress_complaint *back = NULL;
  if (redress_complaint_from_json(&back, r->desk, a, a_len) != REDRESS_OK) abort();
  char *b = to_json(back, &b_len);
  if (a_len != b_len || memcmp(a, b, a_len) != 0) abort();
  redress_free(a);
  redress_free(b);
  redress_complaint_free(back);
}

static void check_deadline(const redress_deadlines *l, size_t i) {
  int state = th_deadline(l, i).state, kind = th_deadline(l, i).kind;
  redress_time due = th_deadline(l, i).due, warn = th_deadline(l, i).warn_at;
  redress_time met = th_deadline(l, i).met_at;
  if (state < 0 || state >= REDRESS_DEADLINE_STATE_COUNT) abort();
  if (kind < 0 || kind >= REDRESS_DEADLINE_KIND_COUNT) abort();
  if (state == REDRESS_DEADLINE_PAUSED && due != REDRESS_TIME_NEVER) abort();
  int met_state = state == REDRESS_DEADLINE_MET || state == REDRESS_DEADLINE_MET_LATE;
  if (met_state != (met != REDRESS_TIME_NEVER)) abort();
  if (state == REDRESS_DEADLINE_MET && met > due) abort();
  if (state == REDRESS_DEADLINE_MET_LATE && met <= due) abort();
  if (warn != REDRESS_TIME_NEVER && due != REDRESS_TIME_NEVER && warn > due) abort();
  if (th_deadline(l, i).anchor == 0) abort();
}

static int same_deadlines(const redress_deadlines *a, const redress_deadlines *b) {
  size_t n = redress_deadlines_count(a);
  if (n != redress_deadlines_count(b)) return 0;
  if (redress_deadlines_next_alarm(a) != redress_deadlines_next_alarm(b)) return 0;
  for (size_t i = 0; i < n; i++)
    if (th_deadline(a, i).kind != th_deadline(b, i).kind ||
        th_deadline(a, i).state != th_deadline(b, i).state ||
        th_deadline(a, i).due != th_deadline(b, i).due ||
        th_deadline(a, i).warn_at != th_deadline(b, i).warn_at ||
        th_deadline(a, i).met_at != th_deadline(b, i).met_at ||
        th_deadline(a, i).anchor != th_deadline(b, i).anchor)
      return 0;
  return 1;
}

static void check_deadlines(run *r, redress_time now) {
  redress_deadlines *a = NULL, *b = NULL, *c = NULL;
  redress_complaint *copy = NULL;
  int rc = redress_complaint_deadlines(&a, r->c, now);
  if (rc == REDRESS_ERR_RANGE) return; /* a target past year 9999 */
  if (rc != REDRESS_OK) abort();
  if (redress_complaint_deadlines(&b, r->c, now) != REDRESS_OK) abort();
  if (redress_complaint_clone(&copy, r->c) != REDRESS_OK) abort();
  if (redress_complaint_deadlines(&c, copy, now) != REDRESS_OK) abort();
  if (!same_deadlines(a, b) || !same_deadlines(a, c)) abort();
  for (size_t i = 0; i < redress_deadlines_count(a); i++) check_deadline(a, i);
  redress_deadlines_free(a);
  redress_deadlines_free(b);
  redress_deadlines_free(c);
  redress_complaint_free(copy);
}

/* ---- verbs ---------------------------------------------------------------------------- */

enum { V_VERBS = 24, V_SET_ATTR = V_VERBS, V_UNSET_ATTR, V_SAVE_LOAD, V_TICK, V_COUNT };

/* Calls verb v on the complaint; the event kind it appends is v + 1 for v < V_VERBS
 * (acknowledge is REDRESS_EVENT_ACKNOWLEDGE = 1, and so on). */
static int call_verb(run *r, int v, redress_time at) {
  redress_complaint *c = r->c;
  const char *who = actor(r), *what = note(r);
  switch (v + 1) {
  case REDRESS_EVENT_ACKNOWLEDGE: return redress_complaint_acknowledge(c, at, who, what);
  case REDRESS_EVENT_INVESTIGATE:
    return redress_complaint_investigate(c, at, who, what, note(r), note(r));
  case REDRESS_EVENT_AWAIT_CUSTOMER: return redress_complaint_await_customer(c, at, who, what);
  case REDRESS_EVENT_CUSTOMER_REPLY: return redress_complaint_customer_reply(c, at, who, what);
  case REDRESS_EVENT_RESPOND:
    return redress_complaint_respond(c, at, who, what, small_int(r, 0, 4), note(r), amount(r));
  case REDRESS_EVENT_FULFILL: return redress_complaint_fulfill(c, at, who, what);
  case REDRESS_EVENT_RESOLVE_ON_THE_SPOT:
    return redress_complaint_resolve_on_the_spot(c, at, who, what, small_int(r, 0, 4), note(r),
                                                 amount(r));
  case REDRESS_EVENT_CONFIRM: return redress_complaint_confirm(c, at, who, what, small_int(r, 0, 6));
  case REDRESS_EVENT_CLOSE: return redress_complaint_close(c, at, who, what);
  case REDRESS_EVENT_WITHDRAW: return redress_complaint_withdraw(c, at, who, what);
  case REDRESS_EVENT_REOPEN: return redress_complaint_reopen(c, at, who, what);
  case REDRESS_EVENT_NOTE: return redress_complaint_note(c, at, who, what, small_int(r, 0, 2));
  case REDRESS_EVENT_UPDATE: return redress_complaint_update(c, at, who, what);
  case REDRESS_EVENT_PROMISE: return redress_complaint_promise(c, at, who, what, at + step(r));
  case REDRESS_EVENT_HOLD: return redress_complaint_hold(c, at, who, what);
  case REDRESS_EVENT_ASSESS: return redress_complaint_assess(c, at, who, what, small_int(r, 0, 5));
  case REDRESS_EVENT_ESCALATE: return redress_complaint_escalate(c, at, who, what, actor(r));
  case REDRESS_EVENT_CUSTOMER_MESSAGE: return redress_complaint_customer_message(c, at, who, what);
  case REDRESS_EVENT_MOVE_CHANNEL:
    return redress_complaint_move_channel(c, at, who, what, small_int(r, -1, 10));
  case REDRESS_EVENT_ASSIGN: return redress_complaint_assign(c, at, who, what, actor(r), actor(r));
  case REDRESS_EVENT_MIGRATE_POLICY: return redress_complaint_migrate_policy(c, at, who, what);
  case REDRESS_EVENT_AWAIT_THIRD_PARTY:
    return redress_complaint_await_third_party(c, at, who, what, actor(r));
  case REDRESS_EVENT_THIRD_PARTY_REPLY: return redress_complaint_third_party_reply(c, at, who, what);
  default: return redress_complaint_set_severity(c, at, who, what, small_int(r, 0, 4));
  }
}

static void do_verb(run *r, int v) {
  size_t len_before = 0, len_after = 0;
  char *before = to_json(r->c, &len_before);
  size_t n = redress_complaint_event_count(r->c);
  redress_time at = r->at + step(r);
  int rc = call_verb(r, v, at);
  check_history(r, 1);
  if (rc == REDRESS_OK) {
    if (redress_complaint_event_count(r->c) != n + 1) abort();
    const redress_event *last = redress_complaint_event(r->c, n);
    if (((int)th_event_number(last, REDRESS_FIELD_KIND)) != v + 1 || th_event_number(last, REDRESS_FIELD_AT) != at) abort();
    r->at = at;
  } else {
    if (rc != REDRESS_ERR_STATE && rc != REDRESS_ERR_INVALID && rc != REDRESS_ERR_RANGE) abort();
    if (redress_desk_errmsg(r->desk)[0] == '\0') abort();
    char *after = to_json(r->c, &len_after);
    if (len_before != len_after || memcmp(before, after, len_before) != 0) abort();
    redress_free(after);
  }
  redress_free(before);
}

static void do_attr(run *r, int set) {
  static const char *const keys[] = {"region", "ticket", "", "\xff"};
  const char *key = keys[byte(r) % 4];
  size_t n = redress_complaint_attr_count(r->c);
  int rc = set ? redress_complaint_set_attr(r->c, key, note(r))
               : redress_complaint_unset_attr(r->c, key);
  if (rc != REDRESS_OK && rc != REDRESS_ERR_INVALID && rc != REDRESS_ERR_NOTFOUND) abort();
  if (rc != REDRESS_OK && redress_complaint_attr_count(r->c) != n) abort();
  check_history(r, 1);
}

/* Saved, then loaded back: the copy is the same complaint at the next revision. */
static void do_save_load(run *r) {
  uint64_t rev = ((uint64_t)th_number(r->c, REDRESS_FIELD_REVISION));
  if (redress_desk_save(r->desk, r->c) != REDRESS_OK) abort();
  if (((uint64_t)th_number(r->c, REDRESS_FIELD_REVISION)) != rev + 1) abort();
  redress_complaint *back = NULL;
  if (redress_desk_load(&back, r->desk, redress_complaint_id(r->c)) != REDRESS_OK) abort();
  size_t a_len = 0, b_len = 0;
  char *a = to_json(r->c, &a_len), *b = to_json(back, &b_len);
  if (a_len != b_len || memcmp(a, b, a_len) != 0) abort();
  if (((uint64_t)th_number(back, REDRESS_FIELD_REVISION)) != rev + 1) abort();
  redress_free(a);
  redress_free(b);
  redress_complaint_free(back);
}

static int count_alarm(const redress_complaint *c, int kind, int level, redress_time due,
                       void *payload) {
  run *r = payload;
  (void)c;
  if (kind < 0 || kind >= REDRESS_DEADLINE_KIND_COUNT) abort();
  if (level < REDRESS_ALARM_WARNING || level >= REDRESS_ALARM_LEVEL_COUNT) abort();
  if (level == REDRESS_ALARM_BREACH && due > r->at) abort();
  r->alarms++;
  return 0;
}

/* Ticks the saved complaint at the current time, twice: the second tick owes nothing.
 * The complaint is then reloaded (the tick saved the alarms it recorded). */
static void do_tick(run *r) {
  do_save_load(r);
  r->alarms = 0;
  int rc = redress_desk_tick(r->desk, r->at, count_alarm, r);
  if (rc == REDRESS_ERR_RANGE) return;
  if (rc != REDRESS_OK) abort();
  r->alarms = 0;
  if (redress_desk_tick(r->desk, r->at, count_alarm, r) != REDRESS_OK || r->alarms != 0) abort();
  redress_complaint *back = NULL;
  if (redress_desk_load(&back, r->desk, redress_complaint_id(r->c)) != REDRESS_OK) abort();
  redress_complaint_free(r->c);
  r->c = back;
  check_history(r, 0);
}

static void do_op(run *r) {
  int v = (int)(byte(r) % V_COUNT);
  switch (v) {
  case V_SET_ATTR: do_attr(r, 1); break;
  case V_UNSET_ATTR: do_attr(r, 0); break;
  case V_SAVE_LOAD: do_save_load(r); break;
  case V_TICK: do_tick(r); break;
  default: do_verb(r, v); break;
  }
  check_round_trip(r);
  check_deadlines(r, r->at + step(r) * 7);
}

static void create(run *r) {
  redress_complaint_fields in = REDRESS_COMPLAINT_FIELDS_INIT;
  in.id = "fuzz-1";
  in.customer_id = "cust-42";
  in.customer_value = amount(r);
  if (in.customer_value < 0 && in.customer_value != REDRESS_AMOUNT_UNKNOWN) in.customer_value = 1;
  in.channel = small_int(r, 0, REDRESS_CHANNEL_COUNT - 1);
  in.severity = small_int(r, 0, REDRESS_SEVERITY_COUNT - 1);
  in.category = "billing";
  in.text = "I was charged twice for order #A-1001!!";
  in.received_at = T0 + step(r);
  if (redress_complaint_create(&r->c, r->desk, &in) != REDRESS_OK) abort();
  r->at = in.received_at;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  memset(long_name, 'x', sizeof long_name - 1);
  static run r;
  memset(&r, 0, sizeof r);
  r.p = data;
  r.n = size;
  r.desk = open_desk();
  create(&r);
  check_history(&r, 1);
  while (r.n > 0) do_op(&r);
  redress_complaint_free(r.c);
  redress_desk_close(r.desk);
  return 0;
}
