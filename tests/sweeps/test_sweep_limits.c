/*
 * Every REDRESS_MAX_* limit of redress.h, swept at its edge: the limit itself is
 * accepted, one more is refused with REDRESS_ERR_RANGE (or the code the header gives
 * for that limit) and changes nothing. Then the arithmetic at the ends of the ranges:
 * times near REDRESS_TIME_MAX in calendars, deadlines, saves and ticks, and amounts near
 * INT64_MAX in metrics sums, settlements, the customer's history and JSON numbers.
 * UndefinedBehaviorSanitizer (--setup=asan) turns any signed overflow into a failure.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "redress/experimental.h"

#define HOUR ((redress_time)3600)
#define DAY (24 * HOUR)

/* n copies of 'x' (plus a NUL), malloc'd. */
static char *text_of(size_t n) {
  char *s = malloc(n + 1);
  assert_non_null(s);
  memset(s, 'x', n);
  s[n] = '\0';
  return s;
}

static char *json_of(const redress_complaint *c) {
  char *doc = NULL;
  assert_int_equal(redress_complaint_to_json(&doc, NULL, c), REDRESS_OK);
  char *copy = malloc(strlen(doc) + 1);
  assert_non_null(copy);
  strcpy(copy, doc);
  redress_free(doc);
  return copy;
}

/* ---- creation fields -------------------------------------------------------------- */

typedef struct field_limit {
  const char *name;
  size_t max;
} field_limit;

static int create_with(th_desk *t, int field, const char *value) {
  redress_complaint_fields in = th_full_init("c-1");
  switch (field) {
  case 0: in.id = value; break;
  case 1: in.customer_id = value; break;
  case 2: in.customer_tier = value; break;
  case 3: in.category = value; break;
  case 4: in.text = value; break;
  default: in.requested_remedy = value; break;
  }
  redress_complaint *c = NULL;
  int rc = redress_complaint_create(&c, t->desk, &in);
  if (rc != REDRESS_OK) assert_null(c);
  redress_complaint_free(c);
  return rc;
}

static void creation_fields(void **state) {
  (void)state;
  static const field_limit fields[] = {
      {"id", REDRESS_MAX_ID_BYTES},          {"customer_id", REDRESS_MAX_ID_BYTES},
      {"customer_tier", REDRESS_MAX_NAME_BYTES}, {"category", REDRESS_MAX_NAME_BYTES},
      {"text", REDRESS_MAX_TEXT_BYTES},      {"requested_remedy", REDRESS_MAX_NOTE_BYTES}};
  th_desk t;
  th_desk_open(&t);
  for (int i = 0; i < 6; i++) {
    char *at = text_of(fields[i].max), *over = text_of(fields[i].max + 1);
    if (create_with(&t, i, at) != REDRESS_OK) fail_msg("%s at its limit refused", fields[i].name);
    if (create_with(&t, i, over) != REDRESS_ERR_RANGE)
      fail_msg("%s over its limit not RANGE", fields[i].name);
    assert_non_null(strstr(redress_desk_errmsg(t.desk), fields[i].name));
    free(at);
    free(over);
  }
  th_desk_close(&t);
}

/* ---- verbs: actor, note, point, demand, remedy, escalation target ------------------------- */

static int verb_with(redress_complaint *c, int which, const char *s, redress_time at) {
  switch (which) {
  case 0: return redress_complaint_note(c, at, s, "n", 0);                 /* actor */
  case 1: return redress_complaint_note(c, at, "ann", s, 0);               /* note */
  case 2: return redress_complaint_investigate(c, at, "ann", NULL, s, NULL); /* point */
  case 3: return redress_complaint_investigate(c, at, "ann", NULL, "p", s);  /* demand */
  case 4: return redress_complaint_respond(c, at, "ann", NULL, REDRESS_DECISION_UPHELD, s, 0);
  default: return redress_complaint_escalate(c, at, "ann", NULL, s);        /* to */
  }
}

static void verb_fields(void **state) {
  (void)state;
  static const field_limit fields[] = {
      {"actor", REDRESS_MAX_NAME_BYTES}, {"note", REDRESS_MAX_NOTE_BYTES},
      {"point", REDRESS_MAX_NOTE_BYTES}, {"demand", REDRESS_MAX_NOTE_BYTES},
      {"remedy", REDRESS_MAX_NOTE_BYTES}, {"to", REDRESS_MAX_NAME_BYTES}};
  th_desk t;
  th_desk_open(&t);
  for (int i = 0; i < 6; i++) {
    redress_complaint_fields in = th_full_init("c-1");
    redress_complaint *c = NULL;
    assert_int_equal(redress_complaint_create(&c, t.desk, &in), REDRESS_OK);
    if (i >= 2) assert_int_equal(redress_complaint_acknowledge(c, TH_T0, "ann", NULL), REDRESS_OK);
    if (i == 4)
      assert_int_equal(redress_complaint_investigate(c, TH_T0, "ann", NULL, "p", NULL), REDRESS_OK);
    char *at = text_of(fields[i].max), *over = text_of(fields[i].max + 1);
    char *before = json_of(c);
    if (verb_with(c, i, over, TH_T0 + 60) != REDRESS_ERR_RANGE)
      fail_msg("%s over its limit not RANGE", fields[i].name);
    char *after = json_of(c);
    assert_string_equal(before, after);
    if (verb_with(c, i, at, TH_T0 + 60) != REDRESS_OK)
      fail_msg("%s at its limit refused: %s", fields[i].name, redress_desk_errmsg(t.desk));
    free(before);
    free(after);
    free(at);
    free(over);
    redress_complaint_free(c);
  }
  th_desk_close(&t);
}

/* ---- attributes --------------------------------------------------------------------- */

static void attributes(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint_fields in = th_full_init("c-1");
  redress_complaint *c = NULL;
  assert_int_equal(redress_complaint_create(&c, t.desk, &in), REDRESS_OK);
  char *key = text_of(REDRESS_MAX_ATTR_KEY_BYTES), *long_key = text_of(REDRESS_MAX_ATTR_KEY_BYTES + 1);
  char *value = text_of(REDRESS_MAX_ATTR_VALUE_BYTES);
  char *long_value = text_of(REDRESS_MAX_ATTR_VALUE_BYTES + 1);
  assert_int_equal(redress_complaint_set_attr(c, long_key, "v"), REDRESS_ERR_RANGE);
  assert_int_equal(redress_complaint_set_attr(c, "k", long_value), REDRESS_ERR_RANGE);
  assert_int_equal(redress_complaint_attr_count(c), 0);
  assert_int_equal(redress_complaint_set_attr(c, key, value), REDRESS_OK);
  for (int i = 1; i < REDRESS_MAX_ATTRS; i++) {
    char k[16];
    snprintf(k, sizeof k, "k%03d", i);
    assert_int_equal(redress_complaint_set_attr(c, k, "v"), REDRESS_OK);
  }
  assert_int_equal(redress_complaint_attr_count(c), REDRESS_MAX_ATTRS);
  char *before = json_of(c);
  assert_int_equal(redress_complaint_set_attr(c, "one-more", "v"), REDRESS_ERR_RANGE);
  char *after = json_of(c);
  assert_string_equal(before, after);
  assert_int_equal(redress_complaint_set_attr(c, "k001", "replaced"), REDRESS_OK); /* not a new one */
  /* A full set round-trips; a document with one more attribute is refused. */
  redress_complaint *back = NULL;
  char *doc = json_of(c);
  assert_int_equal(redress_complaint_from_json(&back, t.desk, doc, strlen(doc)), REDRESS_OK);
  redress_complaint_free(back);
  back = NULL;
  char *more = malloc(strlen(doc) + 32);
  assert_non_null(more);
  char *attrs = strstr(doc, "\"attrs\":{");
  assert_non_null(attrs);
  size_t head = (size_t)(attrs - doc) + strlen("\"attrs\":{");
  memcpy(more, doc, head);
  strcpy(more + head, "\"aaa\":\"v\",");
  strcat(more, doc + head);
  assert_int_equal(redress_complaint_from_json(&back, t.desk, more, strlen(more)), REDRESS_ERR_PARSE);
  assert_null(back);
  free(more);
  free(doc);
  free(before);
  free(after);
  free(key);
  free(long_key);
  free(value);
  free(long_value);
  redress_complaint_free(c);
  th_desk_close(&t);
}

/* ---- the history: REDRESS_MAX_EVENTS ------------------------------------------------------ */

static void events_per_complaint(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint_fields in = th_full_init("c-1");
  redress_complaint *c = NULL;
  assert_int_equal(redress_complaint_create(&c, t.desk, &in), REDRESS_OK);
  while (redress_complaint_event_count(c) < REDRESS_MAX_EVENTS)
    assert_int_equal(redress_complaint_note(c, TH_T0, "ann", "n", 0), REDRESS_OK);
  size_t len_before = 0;
  char *before = NULL;
  assert_int_equal(redress_complaint_to_json(&before, &len_before, c), REDRESS_OK);
  assert_int_equal(redress_complaint_note(c, TH_T0, "ann", "n", 0), REDRESS_ERR_RANGE);
  assert_int_equal(redress_complaint_withdraw(c, TH_T0, "ann", NULL), REDRESS_ERR_RANGE);
  assert_int_equal(redress_complaint_event_count(c), REDRESS_MAX_EVENTS);
  /* A full history round-trips; one event more is a corrupt document. */
  redress_complaint *back = NULL;
  assert_int_equal(redress_complaint_from_json(&back, t.desk, before, len_before), REDRESS_OK);
  assert_int_equal(redress_complaint_event_count(back), REDRESS_MAX_EVENTS);
  redress_complaint_free(back);
  char extra[128];
  int n = snprintf(extra, sizeof extra, ",{\"seq\":%d,\"kind\":\"note\",\"at\":%lld,\"actor\":\"a\",\"note\":\"n\"}",
                   REDRESS_MAX_EVENTS + 1, (long long)TH_T0);
  char *end = strstr(before, "]}"); /* the end of "events": no alarms */
  assert_non_null(end);
  size_t head = (size_t)(end - before);
  char *more = malloc(len_before + (size_t)n + 1);
  assert_non_null(more);
  memcpy(more, before, head);
  memcpy(more + head, extra, (size_t)n);
  strcpy(more + head + n, end);
  assert_int_equal(redress_complaint_from_json(&back, t.desk, more, strlen(more)), REDRESS_ERR_PARSE);
  assert_non_null(strstr(redress_desk_errmsg(t.desk), "history is full"));
  free(more);
  redress_free(before);
  redress_complaint_free(c);
  th_desk_close(&t);
}


/* ---- alarms: REDRESS_MAX_ALARMS ----------------------------------------------------------- */

/* Appends printf output to a growing buffer. */
typedef struct buf {
  char *s;
  size_t len, cap;
} buf;

static void put(buf *b, const char *fmt, ...) {
  for (;;) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    assert_true(n >= 0);
    if ((size_t)n < b->cap - b->len) {
      b->len += (size_t)n;
      return;
    }
    b->cap = b->cap * 2 + (size_t)n + 1;
    b->s = realloc(b->s, b->cap);
    assert_non_null(b->s);
  }
}

static void put_alarm(buf *b, const char *kind, size_t anchor, redress_time at) {
  put(b, "%s{\"kind\":\"%s\",\"anchor\":%zu,\"level\":\"warning\",\"at\":%lld}", b->s[b->len - 1] == '[' ? "" : ",",
      kind, anchor, (long long)at);
  put(b, ",{\"kind\":\"%s\",\"anchor\":%zu,\"level\":\"breach\",\"at\":%lld}", kind, anchor,
      (long long)at);
}

/*
 * A complaint of n events (create, acknowledge on time, then one promise a second)
 * whose ticks recorded every alarm its history owes but those of its last promise:
 * 4n - 8 alarms, and 4 still owed (the last promise and the update it started).
 */
static char *alarmed_doc(size_t n) {
  buf b = {malloc(64), 0, 64};
  assert_non_null(b.s);
  redress_time t0 = TH_T0, last = t0 + (redress_time)n;
  put(&b, "{\"v\":1,\"id\":\"c-1\",\"customer_id\":\"u1\",\"channel\":\"email\",\"severity\":\"normal\","
          "\"received_at\":%lld,\"events\":[{\"seq\":1,\"kind\":\"create\",\"at\":%lld,\"actor\":\"u1\"},"
          "{\"seq\":2,\"kind\":\"acknowledge\",\"at\":%lld,\"actor\":\"a\"}",
      (long long)t0, (long long)t0, (long long)t0 + 2);
  for (size_t i = 3; i <= n; i++)
    put(&b, ",{\"seq\":%zu,\"kind\":\"promise\",\"at\":%lld,\"actor\":\"a\",\"due\":%lld}", i,
        (long long)(t0 + (redress_time)i), (long long)(t0 + (redress_time)i + 1));
  put(&b, "],\"alarms\":[");
  put_alarm(&b, "resolve", 1, last);
  put_alarm(&b, "update", 2, last);
  for (size_t i = 3; i < n; i++) {
    put_alarm(&b, "update", i, last);
    put_alarm(&b, "promise", i, last);
  }
  put(&b, "]}");
  return b.s;
}

static int count_alarms(const redress_complaint *c, int kind, int level, redress_time due,
                        void *payload) {
  (void)c, (void)kind, (void)level, (void)due;
  ++*(int *)payload;
  return 0;
}

/* Every alarm a history can owe fits REDRESS_MAX_ALARMS, so no complaint stops its
 * own tick: with 5002 events and 20000 alarms (the 20000 the limit once was), one
 * event below the event limit, and at it, each tick reports the 4 owed alarms once. */
static void alarms_per_complaint(void **state) {
  (void)state;
  const size_t sizes[] = {5002, REDRESS_MAX_EVENTS - 1, REDRESS_MAX_EVENTS};
  for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
    size_t n = sizes[k];
    th_desk t;
    th_desk_open(&t);
    char *doc = alarmed_doc(n);
    redress_complaint *c = NULL;
    if (redress_complaint_from_json(&c, t.desk, doc, strlen(doc)) != REDRESS_OK)
      fail_msg("%zu events: %s", n, redress_desk_errmsg(t.desk));
    assert_int_equal(redress_desk_save(t.desk, c), REDRESS_OK);
    redress_complaint_free(c);
    int reported = 0;
    redress_time later = TH_T0 + 365 * DAY;
    if (redress_desk_tick(t.desk, later, count_alarms, &reported) != REDRESS_OK)
      fail_msg("%zu events: %s", n, redress_desk_errmsg(t.desk));
    assert_int_equal(reported, 4);
    assert_int_equal(redress_desk_tick(t.desk, later + DAY, count_alarms, &reported), REDRESS_OK);
    assert_int_equal(reported, 4);
    assert_int_equal(redress_desk_load(&c, t.desk, "c-1"), REDRESS_OK);
    char *full = json_of(c);
    /* counted by hand: strstr in a loop is quadratic under AddressSanitizer */
    size_t alarms = 0;
    for (const char *p = strstr(full, "\"alarms\""); *p != '\0'; p++)
      alarms += strncmp(p, "\"level\"", 7) == 0;
    assert_int_equal(alarms, 4 * n - 4);
    assert_true(alarms + 2 <= (size_t)REDRESS_MAX_ALARMS);
    if (n == REDRESS_MAX_EVENTS) {
      /* one alarm more than the history owes is refused */
      assert_int_equal(redress_complaint_note(c, later, "ann", "n", 0), REDRESS_ERR_RANGE);
      full = realloc(full, strlen(full) + 64);
      assert_non_null(full);
      char *end = strstr(full, "]}");
      assert_non_null(end);
      sprintf(end, ",{\"kind\":\"resolve\",\"anchor\":1,\"level\":\"breach\",\"at\":%lld}]}",
              (long long)later);
      redress_complaint *more = NULL;
      assert_int_equal(redress_complaint_from_json(&more, t.desk, full, strlen(full)),
                       REDRESS_ERR_PARSE);
      assert_non_null(strstr(redress_desk_errmsg(t.desk), "recorded twice"));
    }
    free(full);
    redress_complaint_free(c);
    free(doc);
    th_desk_close(&t);
  }
}

/* ---- JSON: nesting depth and document size -------------------------------------------------- */

/* A minimal document with an unknown member nested `arrays` deep. */
static char *nested_doc(int arrays) {
  static const char head[] = "{\"v\":1,\"x\":";
  static const char tail[] =
      ",\"id\":\"a\",\"customer_id\":\"c\",\"channel\":\"phone\",\"severity\":\"low\","
      "\"received_at\":0,\"events\":[{\"seq\":1,\"kind\":\"create\",\"at\":0,\"actor\":\"c\"}]}";
  char *s = malloc(sizeof head + sizeof tail + 2 * (size_t)arrays);
  assert_non_null(s);
  strcpy(s, head);
  size_t n = strlen(s);
  for (int i = 0; i < arrays; i++) s[n++] = '[';
  for (int i = 0; i < arrays; i++) s[n++] = ']';
  strcpy(s + n, tail);
  return s;
}

static void json_depth_and_size(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint *c = NULL;
  /* The document object is level 1: REDRESS_MAX_JSON_DEPTH - 1 arrays inside it fit. */
  char *deep = nested_doc(REDRESS_MAX_JSON_DEPTH - 1), *deeper = nested_doc(REDRESS_MAX_JSON_DEPTH);
  assert_int_equal(redress_complaint_from_json(&c, t.desk, deep, strlen(deep)), REDRESS_OK);
  redress_complaint_free(c);
  c = NULL;
  assert_int_equal(redress_complaint_from_json(&c, t.desk, deeper, strlen(deeper)), REDRESS_ERR_PARSE);
  assert_non_null(strstr(redress_desk_errmsg(t.desk), "nesting"));
  free(deep);
  free(deeper);
  /* The size is checked before a byte is read: no need to fill 64 MiB. */
  char *big = malloc((size_t)REDRESS_MAX_JSON_BYTES + 1);
  assert_non_null(big);
  big[0] = '{';
  assert_int_equal(redress_complaint_from_json(&c, t.desk, big, (size_t)REDRESS_MAX_JSON_BYTES + 1),
                   REDRESS_ERR_RANGE);
  free(big);
  th_desk_close(&t);
}

/* A complaint whose document would pass REDRESS_MAX_JSON_BYTES: encoding is refused
 * (a store would keep a document the decoder refuses), and so is saving it. */
static void json_too_large_to_encode(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint_fields in = th_full_init("big");
  redress_complaint *c = NULL;
  assert_int_equal(redress_complaint_create(&c, t.desk, &in), REDRESS_OK);
  char *note = text_of(REDRESS_MAX_NOTE_BYTES);
  size_t events = REDRESS_MAX_JSON_BYTES / REDRESS_MAX_NOTE_BYTES + 1;
  for (size_t i = 0; i < events; i++)
    assert_int_equal(redress_complaint_note(c, TH_T0, "ann", note, 0), REDRESS_OK);
  free(note);
  char *doc = NULL;
  assert_int_equal(redress_complaint_to_json(&doc, NULL, c), REDRESS_ERR_RANGE);
  assert_null(doc);
  assert_int_equal(redress_desk_save(t.desk, c), REDRESS_ERR_RANGE);
  assert_int_equal(((uint64_t)th_number(c, REDRESS_FIELD_REVISION)), 0);
  redress_complaint *none = NULL;
  assert_int_equal(redress_desk_load(&none, t.desk, "big"), REDRESS_ERR_NOTFOUND);
  redress_complaint_free(c);
  th_desk_close(&t);
}

/* ---- cues ------------------------------------------------------------------------------------ */

static int matches(redress_desk *desk, const char *text) {
  redress_verdict *v = NULL;
  assert_int_equal(redress_classify_text(&v, desk, text, strlen(text)), REDRESS_OK);
  int found = 0;
  for (size_t i = 0; i < th_summary(v).reason_count; i++)
    found |= strcmp(th_reason(v, i).rule, "host.legal") == 0;
  redress_verdict_free(v);
  return found;
}

static void cues(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  /* A term of REDRESS_MAX_CUE_TERM_BYTES is accepted, one byte more is not. */
  char line[512];
  char *term = text_of(REDRESS_MAX_CUE_TERM_BYTES);
  snprintf(line, sizeof line, "%s\tlegal\t1\n", term);
  assert_int_equal(redress_desk_add_cues(t.desk, line, strlen(line)), REDRESS_OK);
  snprintf(line, sizeof line, "%sx\tlegal\t1\n", term);
  assert_int_equal(redress_desk_add_cues(t.desk, line, strlen(line)), REDRESS_ERR_RANGE);
  free(term);
  /* REDRESS_MAX_CUES in all: the first call fills the desk up, the next is refused whole. */
  size_t cap = (size_t)REDRESS_MAX_CUES * 24;
  char *tsv = malloc(cap);
  assert_non_null(tsv);
  size_t len = 0;
  for (int i = 1; i < REDRESS_MAX_CUES; i++) /* the long term above is one */
    len += (size_t)snprintf(tsv + len, cap - len, "zq%05d\tlegal\t1\n", i);
  assert_true(len <= REDRESS_MAX_CUES_TSV_BYTES);
  assert_int_equal(redress_desk_add_cues(t.desk, tsv, len), REDRESS_OK);
  static const char more[] = "zqnew\tlegal\t1\n";
  assert_int_equal(redress_desk_add_cues(t.desk, more, sizeof more - 1), REDRESS_ERR_RANGE);
  assert_false(matches(t.desk, "zqnew"));
  assert_true(matches(t.desk, "zq00042"));
  /* A term given again replaces its entry (redress.h): a host reloading its cue file,
   * or correcting one weight, never runs into the limit. */
  static const char known[] = "zq00042\tlegal\t2\n";
  assert_int_equal(redress_desk_add_cues(t.desk, known, sizeof known - 1), REDRESS_OK);
  assert_int_equal(redress_desk_add_cues(t.desk, tsv, len), REDRESS_OK);
  assert_int_equal(redress_desk_add_cues(t.desk, more, sizeof more - 1), REDRESS_ERR_RANGE);
  assert_true(matches(t.desk, "zq00042"));
  /* More than REDRESS_MAX_CUES_TSV_BYTES of text in one call. */
  char *huge = text_of(REDRESS_MAX_CUES_TSV_BYTES + 1);
  assert_int_equal(redress_desk_add_cues(t.desk, huge, REDRESS_MAX_CUES_TSV_BYTES + 1),
                   REDRESS_ERR_RANGE);
  free(huge);
  free(tsv);
  /* Text given to the classifier: REDRESS_MAX_TEXT_BYTES. */
  char *text = text_of(REDRESS_MAX_TEXT_BYTES + 1);
  redress_verdict *v = NULL;
  assert_int_equal(redress_classify_text(&v, t.desk, text, REDRESS_MAX_TEXT_BYTES), REDRESS_OK);
  redress_verdict_free(v);
  v = NULL;
  assert_int_equal(redress_classify_text(&v, t.desk, text, REDRESS_MAX_TEXT_BYTES + 1),
                   REDRESS_ERR_RANGE);
  assert_null(v);
  free(text);
  /* Found by fuzz_classify: a caps run crossing a NUL byte gave a reason whose value
   * (a C string) was cut short of its span. Text with a NUL is refused, as the JSON
   * decoder and the cue loader refuse it. */
  static const char nul[] = "STOP THIS\0\0\0.NOW PLEASE";
  assert_int_equal(redress_classify_text(&v, t.desk, nul, sizeof nul - 1), REDRESS_ERR_INVALID);
  assert_null(v);
  assert_non_null(strstr(redress_desk_errmsg(t.desk), "NUL byte at byte 9"));
  th_desk_close(&t);
}

/* ---- names of calendars and policies, precedents, calendar specs ---------------------------- */

static void desk_names_and_lists(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  char *name = text_of(REDRESS_MAX_NAME_BYTES), *long_name = text_of(REDRESS_MAX_NAME_BYTES + 1);
  assert_int_equal(redress_desk_add_calendar(t.desk, long_name, "24x7", 4), REDRESS_ERR_RANGE);
  assert_int_equal(redress_desk_add_calendar(t.desk, name, "24x7", 4), REDRESS_OK);
  redress_policy p = REDRESS_POLICY_INIT;
  p.name = long_name;
  assert_int_equal(redress_desk_add_policy(t.desk, &p), REDRESS_ERR_RANGE);
  p.name = "p";
  p.category = long_name;
  assert_int_equal(redress_desk_add_policy(t.desk, &p), REDRESS_ERR_RANGE);
  p.category = NULL;
  p.customer_tier = long_name;
  assert_int_equal(redress_desk_add_policy(t.desk, &p), REDRESS_ERR_RANGE);
  p.customer_tier = NULL;
  p.calendar = long_name;
  assert_int_equal(redress_desk_add_policy(t.desk, &p), REDRESS_ERR_RANGE);
  p.calendar = name;
  p.category = name;
  p.customer_tier = name;
  assert_int_equal(redress_desk_add_policy(t.desk, &p), REDRESS_OK);
  /* Precedents: 1..REDRESS_MAX_PRECEDENTS (the header gives INVALID outside). */
  redress_complaint_fields in = th_full_init("c-1");
  redress_complaint *c = NULL;
  assert_int_equal(redress_complaint_create(&c, t.desk, &in), REDRESS_OK);
  redress_precedents *list = NULL;
  assert_int_equal(redress_desk_precedents(&list, t.desk, c, REDRESS_MAX_PRECEDENTS), REDRESS_OK);
  redress_precedents_free(list);
  list = NULL;
  assert_int_equal(redress_desk_precedents(&list, t.desk, c, REDRESS_MAX_PRECEDENTS + 1),
                   REDRESS_ERR_INVALID);
  assert_null(list);
  redress_complaint_free(c);
  free(name);
  free(long_name);
  th_desk_close(&t);
}

/* REDRESS_MAX_METRIC_GROUPS categories fit in one accumulator; a new one beyond is
 * RANGE and leaves the accumulator as it was; known categories still count. */
static void metric_groups(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_metrics *m = NULL;
  assert_int_equal(redress_metrics_new(&m, t.desk, NULL, REDRESS_GROUP_BY_CATEGORY, TH_T0),
                   REDRESS_OK);
  redress_complaint_fields in = REDRESS_COMPLAINT_FIELDS_INIT;
  in.id = "g";
  in.customer_id = "cust";
  in.received_at = TH_T0;
  char category[32];
  in.category = category;
  redress_complaint *c = NULL;
  for (int i = 0; i <= REDRESS_MAX_METRIC_GROUPS; i++) {
    snprintf(category, sizeof category, "cat-%d", i);
    assert_int_equal(redress_complaint_create(&c, t.desk, &in), REDRESS_OK);
    int rc = redress_metrics_add(m, c);
    redress_complaint_free(c);
    if (i < REDRESS_MAX_METRIC_GROUPS) assert_int_equal(rc, REDRESS_OK);
    else assert_int_equal(rc, REDRESS_ERR_RANGE);
  }
  assert_int_equal(redress_metrics_group_count(m), REDRESS_MAX_METRIC_GROUPS);
  double n = 0;
  assert_int_equal(redress_metrics_value(&n, m, REDRESS_METRICS_TOTAL, REDRESS_METRIC_COMPLAINTS),
                   REDRESS_OK);
  assert_true(n == REDRESS_MAX_METRIC_GROUPS);
  snprintf(category, sizeof category, "cat-%d", 7);
  assert_int_equal(redress_complaint_create(&c, t.desk, &in), REDRESS_OK);
  assert_int_equal(redress_metrics_add(m, c), REDRESS_OK);
  redress_complaint_free(c);
  redress_metrics_free(m);
  th_desk_close(&t);
}

/* The calendar limits the header states in words: 1 MiB of spec, 10000 holidays, 48
 * opening intervals on one weekday. */
static void calendar_spec_limits(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_calendar *cal = NULL;
  size_t cap = 10001 * 20 + 64;
  char *spec = malloc(cap);
  assert_non_null(spec);
  size_t len = (size_t)snprintf(spec, cap, "mon-fri 09:00-17:00\n");
  for (int i = 0; i < 10000; i++) { /* 10000 distinct days from 2027-01-01 on */
    int y = 2027 + i / 336, m = 1 + (i / 28) % 12, d = 1 + i % 28;
    len += (size_t)snprintf(spec + len, cap - len, "holiday %04d-%02d-%02d\n", y, m, d);
  }
  assert_int_equal(redress_calendar_parse(&cal, t.desk, spec, len), REDRESS_OK);
  redress_calendar_free(cal);
  cal = NULL;
  len += (size_t)snprintf(spec + len, cap - len, "holiday 2026-12-25\n");
  assert_int_equal(redress_calendar_parse(&cal, t.desk, spec, len), REDRESS_ERR_RANGE);
  assert_null(cal);
  /* 48 intervals on Monday fit, 49 do not. */
  len = (size_t)snprintf(spec, cap, "mon ");
  for (int i = 0; i < 49; i++)
    len += (size_t)snprintf(spec + len, cap - len, "%s%02d:%02d-%02d:%02d", i ? "," : "", i / 2,
                            (i % 2) * 30, i / 2, (i % 2) * 30 + 10);
  assert_int_equal(redress_calendar_parse(&cal, t.desk, spec, len), REDRESS_ERR_RANGE);
  char *last = strrchr(spec, ',');
  assert_int_equal(redress_calendar_parse(&cal, t.desk, spec, (size_t)(last - spec)), REDRESS_OK);
  redress_calendar_free(cal);
  cal = NULL;
  free(spec);
  /* More than 1 MiB of spec (comments are cheap to make). */
  size_t big_len = 1024u * 1024u + 1;
  char *big = malloc(big_len);
  assert_non_null(big);
  memset(big, ' ', big_len);
  big[0] = '#';
  assert_int_equal(redress_calendar_parse(&cal, t.desk, big, big_len), REDRESS_ERR_RANGE);
  assert_int_equal(redress_calendar_parse(&cal, t.desk, big, big_len - 1), REDRESS_OK);
  redress_calendar_free(cal);
  free(big);
  th_desk_close(&t);
}

/* ---- time arithmetic at REDRESS_TIME_MAX ---------------------------------------------------------- */

static void calendar_arithmetic_at_the_end_of_time(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_calendar *always = NULL, *office = NULL;
  assert_int_equal(redress_calendar_parse(&always, t.desk, "24x7", 4), REDRESS_OK);
  static const char spec[] = "tz=CET-1CEST,M3.5.0,M10.5.0/3\nmon-fri 09:00-17:00";
  assert_int_equal(redress_calendar_parse(&office, t.desk, spec, sizeof spec - 1), REDRESS_OK);
  const redress_time max = REDRESS_TIME_MAX;
  redress_time due = 0;
  const redress_calendar *cals[2] = {always, office};
  for (int i = 0; i < 2; i++) {
    const redress_calendar *cal = cals[i];
    for (int unit = REDRESS_SPAN_CALENDAR_SECONDS; unit <= REDRESS_SPAN_BUSINESS_DAYS; unit++) {
      assert_int_equal(redress_calendar_add(&due, cal, 0, INT64_MAX, unit), REDRESS_ERR_RANGE);
      assert_int_equal(redress_calendar_add(&due, cal, max, INT64_MAX, unit), REDRESS_ERR_RANGE);
      assert_int_equal(redress_calendar_add(&due, cal, max, 1, unit), REDRESS_ERR_RANGE);
      assert_int_equal(redress_calendar_add(&due, cal, max + 1, 1, unit), REDRESS_ERR_INVALID);
      /* Counting back from the first instant leaves the range. */
      assert_int_equal(redress_calendar_add(&due, cal, 0, -1, unit), REDRESS_ERR_RANGE);
      assert_int_equal(redress_calendar_add(&due, cal, max, INT64_MIN, unit), REDRESS_ERR_RANGE);
    }
    int64_t open = 0, back = 0;
    assert_int_equal(redress_calendar_elapsed(&open, cal, 0, max), REDRESS_OK);
    assert_true(open > 0 && open <= max);
    assert_int_equal(redress_calendar_elapsed(&back, cal, max, 0), REDRESS_OK);
    assert_true(back == -open);
    /* The open seconds from 0 lead back to the last open second's end. */
    assert_int_equal(redress_calendar_add(&due, cal, 0, open, REDRESS_SPAN_BUSINESS_SECONDS), REDRESS_OK);
    assert_true(due <= max + 0 && due > max - 8 * DAY);
    assert_int_equal(redress_calendar_add(&due, cal, 0, open + 1, REDRESS_SPAN_BUSINESS_SECONDS),
                     REDRESS_ERR_RANGE);
    /* And back from the end to the first open second. */
    assert_int_equal(redress_calendar_add(&due, cal, max, -open, REDRESS_SPAN_BUSINESS_SECONDS), REDRESS_OK);
    assert_true(due >= 0 && due < 8 * DAY);
    assert_int_equal(redress_calendar_add(&due, cal, max, -open - 1, REDRESS_SPAN_BUSINESS_SECONDS),
                     REDRESS_ERR_RANGE);
  }
  assert_int_equal(redress_calendar_add(&due, always, max, 0, REDRESS_SPAN_CALENDAR_SECONDS), REDRESS_OK);
  assert_true(due == max);
  assert_int_equal(redress_calendar_add(&due, always, max - 10, 10, REDRESS_SPAN_BUSINESS_SECONDS),
                   REDRESS_OK);
  assert_true(due == max);
  redress_calendar_free(always);
  redress_calendar_free(office);
  th_desk_close(&t);
}

/* A complaint whose targets would fall after REDRESS_TIME_MAX: its deadlines are RANGE,
 * and so is saving it (nothing is stored, nothing changes). */
static void deadlines_past_the_end_of_time(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint_fields in = th_full_init("late");
  in.received_at = REDRESS_TIME_MAX - HOUR;
  redress_complaint *c = NULL;
  assert_int_equal(redress_complaint_create(&c, t.desk, &in), REDRESS_OK);
  assert_int_equal(redress_complaint_acknowledge(c, REDRESS_TIME_MAX, "ann", NULL), REDRESS_OK);
  assert_int_equal(redress_complaint_acknowledge(c, REDRESS_TIME_MAX, "ann", NULL),
                   REDRESS_ERR_STATE);
  assert_int_equal(redress_complaint_note(c, REDRESS_TIME_MAX + 1, "ann", "n", 0),
                   REDRESS_ERR_INVALID);
  assert_int_equal(redress_complaint_promise(c, REDRESS_TIME_MAX, "ann", NULL, REDRESS_TIME_MAX),
                   REDRESS_OK);
  assert_int_equal(redress_complaint_promise(c, REDRESS_TIME_MAX, "ann", NULL, REDRESS_TIME_MAX + 1),
                   REDRESS_ERR_INVALID);
  redress_deadlines *l = NULL;
  assert_int_equal(redress_complaint_deadlines(&l, c, REDRESS_TIME_MAX), REDRESS_ERR_RANGE);
  assert_null(l);
  char *before = json_of(c);
  assert_int_equal(redress_desk_save(t.desk, c), REDRESS_ERR_RANGE);
  char *after = json_of(c);
  assert_string_equal(before, after);
  assert_int_equal(((uint64_t)th_number(c, REDRESS_FIELD_REVISION)), 0);
  free(before);
  free(after);
  /* The tick at the end of time is fine on a store without such complaints. */
  assert_int_equal(redress_desk_tick(t.desk, REDRESS_TIME_MAX, NULL, NULL), REDRESS_OK);
  assert_int_equal(redress_desk_tick(t.desk, REDRESS_TIME_MAX + 1, NULL, NULL), REDRESS_ERR_INVALID);
  /* A policy with the longest spans: accepted, and every target is out of range. */
  redress_policy p = REDRESS_POLICY_INIT;
  p.name = "forever";
  p.acknowledge = (redress_span){INT64_MAX, REDRESS_SPAN_CALENDAR_SECONDS};
  p.resolve = (redress_span){INT64_MAX, REDRESS_SPAN_BUSINESS_DAYS};
  p.warn_percent = 99;
  assert_int_equal(redress_desk_add_policy(t.desk, &p), REDRESS_OK);
  redress_complaint *d = NULL;
  in.id = "d";
  in.received_at = TH_T0;
  assert_int_equal(redress_complaint_create(&d, t.desk, &in), REDRESS_OK);
  assert_int_equal(redress_complaint_deadlines(&l, d, TH_T0), REDRESS_ERR_RANGE);
  redress_complaint_free(d);
  redress_complaint_free(c);
  th_desk_close(&t);
}

/* ---- money near INT64_MAX -------------------------------------------------------------------------- */

static void metrics_sums_near_int64_max(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_metrics *m = NULL, *from_store = NULL;
  assert_int_equal(redress_metrics_new(&m, t.desk, NULL, REDRESS_GROUP_BY_NONE, TH_T0 + 60 * DAY),
                   REDRESS_OK);
  const int n = 4;
  for (int i = 0; i < n; i++) {
    redress_complaint_fields in = th_full_init(NULL);
    in.customer_value = INT64_MAX;
    in.order_value = INT64_MAX;
    in.claimed_amount = INT64_MAX;
    in.expectation = INT64_MAX;
    in.bottom_line = INT64_MAX;
    in.prior_compensation = INT64_MAX;
    in.received_at = TH_T0 + i;
    redress_complaint *c = NULL;
    assert_int_equal(redress_complaint_create(&c, t.desk, &in), REDRESS_OK);
    assert_int_equal(redress_complaint_resolve_on_the_spot(c, TH_T0 + DAY, "ann", NULL,
                                                           REDRESS_DECISION_UPHELD, NULL, INT64_MAX),
                     REDRESS_OK);
    if (i % 2) assert_int_equal(redress_complaint_reopen(c, TH_T0 + DAY, "ann", NULL), REDRESS_OK);
    assert_int_equal(redress_metrics_add(m, c), REDRESS_OK);
    assert_int_equal(redress_desk_save(t.desk, c), REDRESS_OK);
    /* the classifier reads these amounts and the history (saturating sums) */
    redress_verdict *v = NULL;
    assert_int_equal(redress_classify(&v, t.desk, c), REDRESS_OK);
    redress_verdict_free(v);
    redress_complaint_free(c);
  }
  double paid = 0, risk = 0, value_unknown = 0;
  assert_int_equal(redress_metrics_value(&paid, m, REDRESS_METRICS_TOTAL, REDRESS_METRIC_COMPENSATION_PAID),
                   REDRESS_OK);
  assert_true(paid == 2.0 * (double)INT64_MAX); /* the two that stayed resolved */
  /* exactly, past what a double or an int64_t holds: 2 * (2^63 - 1) */
  char exact[REDRESS_METRICS_EXACT_SIZE];
  assert_int_equal(redress_metrics_exact(exact, sizeof exact, m, REDRESS_METRICS_TOTAL,
                                         REDRESS_METRIC_COMPENSATION_PAID),
                   REDRESS_OK);
  assert_string_equal(exact, "18446744073709551614");
  assert_int_equal(redress_metrics_value(&risk, m, REDRESS_METRICS_TOTAL, REDRESS_METRIC_REVENUE_AT_RISK),
                   REDRESS_OK);
  /* two on the spot (keep 0.95) and two reopened (keep 0.09): 2 * 0.05 + 2 * 0.91 */
  double expected = (2 * 0.05 + 2 * 0.91) * (double)INT64_MAX;
  assert_true(isfinite(risk) && fabs(risk - expected) <= expected * 1e-12);
  assert_int_equal(redress_metrics_value(&value_unknown, m, REDRESS_METRICS_TOTAL,
                                         REDRESS_METRIC_VALUE_UNKNOWN),
                   REDRESS_OK);
  assert_true(value_unknown == 0);
  /* The same through the store. */
  assert_int_equal(redress_metrics_new(&from_store, t.desk, NULL, REDRESS_GROUP_BY_NONE,
                                       TH_T0 + 60 * DAY),
                   REDRESS_OK);
  assert_int_equal(redress_metrics_add_store(from_store, REDRESS_METRICS_FROM_ALL, REDRESS_METRICS_TO_ALL),
                   REDRESS_OK);
  double paid2 = 0;
  assert_int_equal(redress_metrics_value(&paid2, from_store, REDRESS_METRICS_TOTAL,
                                         REDRESS_METRIC_COMPENSATION_PAID),
                   REDRESS_OK);
  assert_true(paid2 == paid);
  redress_metrics_free(m);
  redress_metrics_free(from_store);
  th_desk_close(&t);
}

static void settlement_near_int64_max(void **state) {
  (void)state;
  redress_negotiation n = REDRESS_NEGOTIATION_INIT;
  int outcome = -1;
  int64_t offer = 0, low = 0, high = 0;
  n.expectation = INT64_MAX - 1;
  n.bottom_line = 0;
  n.policy_max = INT64_MAX - 1;
  n.offer_permille = 1000;
  assert_int_equal(redress_settle(&outcome, &offer, &low, &high, &n), REDRESS_OK);
  assert_int_equal(outcome, REDRESS_SETTLEMENT_OFFER);
  assert_true(offer == INT64_MAX - 1 && low == 0 && high == INT64_MAX - 1);
  n.offer_permille = 999;
  assert_int_equal(redress_settle(&outcome, &offer, &low, &high, &n), REDRESS_OK);
  assert_true(offer > 0 && offer < INT64_MAX - 1);
  assert_true(offer == (INT64_MAX - 1) / 1000 * 999 + (INT64_MAX - 1) % 1000 * 999 / 1000);
  /* No limits at all: the zone is unbounded, the offer its low end. */
  redress_negotiation open = REDRESS_NEGOTIATION_INIT;
  open.bottom_line = INT64_MAX - 5;
  assert_int_equal(redress_settle(&outcome, &offer, &low, &high, &open), REDRESS_OK);
  assert_true(offer == INT64_MAX - 5 && high == INT64_MAX);
  /* A bottom line above the policy maximum escalates at the maximum. */
  n.bottom_line = INT64_MAX - 1;
  n.expectation = INT64_MAX - 1;
  n.policy_max = INT64_MAX - 2;
  assert_int_equal(redress_settle(&outcome, &offer, &low, &high, &n), REDRESS_OK);
  assert_int_equal(outcome, REDRESS_SETTLEMENT_ESCALATE);
  assert_true(offer == INT64_MAX - 2);
  n.bottom_line = INT64_MIN;
  assert_int_equal(redress_settle(&outcome, &offer, &low, &high, &n), REDRESS_ERR_INVALID);
}

/* JSON integers at the edges of int64_t and of the time range. */
static void json_numbers_at_the_edges(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  static const char *const docs[] = {
      "9223372036854775807", "0", "253402300799", /* accepted */
      "9223372036854775808", "-9223372036854775809", "253402300800", "-2", "1e3", "1.0"};
  for (int i = 0; i < 9; i++) {
    char doc[512];
    snprintf(doc, sizeof doc,
             "{\"v\":1,\"id\":\"a\",\"customer_id\":\"c\",\"customer_value\":%s,\"channel\":\"phone\","
             "\"severity\":\"low\",\"received_at\":%s,\"events\":[{\"seq\":1,\"kind\":\"create\","
             "\"at\":%s,\"actor\":\"c\"}]}",
             i == 2 || i == 5 ? "1" : docs[i], i == 2 || i == 5 ? docs[i] : "0",
             i == 2 || i == 5 ? docs[i] : "0");
    redress_complaint *c = NULL;
    int rc = redress_complaint_from_json(&c, t.desk, doc, strlen(doc));
    if (i < 3) {
      if (rc != REDRESS_OK) fail_msg("%s refused: %s", docs[i], redress_desk_errmsg(t.desk));
    } else if (rc != REDRESS_ERR_PARSE) {
      fail_msg("%s gave %s", docs[i], redress_strerror(rc));
    }
    redress_complaint_free(c);
  }
  th_desk_close(&t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(creation_fields),
      cmocka_unit_test(verb_fields),
      cmocka_unit_test(attributes),
      cmocka_unit_test(events_per_complaint),
      cmocka_unit_test(alarms_per_complaint),
      cmocka_unit_test(json_depth_and_size),
      cmocka_unit_test(json_too_large_to_encode),
      cmocka_unit_test(cues),
      cmocka_unit_test(desk_names_and_lists),
      cmocka_unit_test(metric_groups),
      cmocka_unit_test(calendar_spec_limits),
      cmocka_unit_test(calendar_arithmetic_at_the_end_of_time),
      cmocka_unit_test(deadlines_past_the_end_of_time),
      cmocka_unit_test(metrics_sums_near_int64_max),
      cmocka_unit_test(settlement_near_int64_max),
      cmocka_unit_test(json_numbers_at_the_edges),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
