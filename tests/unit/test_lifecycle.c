/* Every verb from every state: allowed transitions land, refused ones change nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

enum { VERBS = 21 };

/* The verbs, in the order of the lifecycle table in redress.h. */
static const int verb_kinds[VERBS] = {
    REDRESS_EVENT_ACKNOWLEDGE,   REDRESS_EVENT_INVESTIGATE, REDRESS_EVENT_AWAIT_CUSTOMER,
    REDRESS_EVENT_CUSTOMER_REPLY, REDRESS_EVENT_RESPOND,    REDRESS_EVENT_FULFILL,
    REDRESS_EVENT_RESOLVE_ON_THE_SPOT, REDRESS_EVENT_CONFIRM, REDRESS_EVENT_CLOSE,
    REDRESS_EVENT_WITHDRAW,      REDRESS_EVENT_REOPEN,      REDRESS_EVENT_NOTE,
    REDRESS_EVENT_UPDATE,        REDRESS_EVENT_PROMISE,     REDRESS_EVENT_HOLD,
    REDRESS_EVENT_ASSESS,        REDRESS_EVENT_ESCALATE,    REDRESS_EVENT_SET_SEVERITY,
    REDRESS_EVENT_CUSTOMER_MESSAGE, REDRESS_EVENT_MOVE_CHANNEL, REDRESS_EVENT_ASSIGN};

#define R REDRESS_STATE_RECEIVED
#define A REDRESS_STATE_ACKNOWLEDGED
#define I REDRESS_STATE_INVESTIGATING
#define W REDRESS_STATE_AWAITING_CUSTOMER
#define P REDRESS_STATE_RESPONDED
#define S REDRESS_STATE_RESOLVED
#define C REDRESS_STATE_CLOSED
#define X REDRESS_STATE_WITHDRAWN
#define NO (-1) /* refused with REDRESS_ERR_STATE */
#define K (-2)  /* allowed, state kept */

/* expected[verb][state], written from DESIGN section 4 and the header's table. */
static const int expected[VERBS][REDRESS_STATE_COUNT] = {
    /*                  R   A   I   W   P   S   C   X */
    /* acknowledge */ {A, NO, NO, NO, NO, NO, NO, NO},
    /* investigate */ {NO, I, NO, NO, NO, NO, NO, NO},
    /* await */       {NO, NO, W, NO, NO, NO, NO, NO},
    /* reply */       {NO, NO, NO, I, NO, NO, NO, NO},
    /* respond */     {NO, NO, P, NO, NO, NO, NO, NO},
    /* fulfill */     {NO, NO, NO, NO, S, NO, NO, NO},
    /* on the spot */ {S, S, NO, NO, NO, NO, NO, NO}, /* from A: the same contact, 3600 s on */
    /* confirm */     {NO, NO, NO, NO, NO, C, NO, NO},
    /* close */       {NO, NO, NO, NO, C, C, NO, NO},
    /* withdraw */    {X, X, X, X, X, NO, NO, NO},
    /* reopen */      {NO, NO, NO, NO, I, I, I, NO},
    /* note */        {K, K, K, K, K, K, K, K},
    /* update */      {NO, K, K, K, K, NO, NO, NO},
    /* promise */     {NO, K, K, K, K, NO, NO, NO},
    /* hold */        {NO, K, K, K, NO, NO, NO, NO},
    /* assess */      {K, K, K, K, K, NO, NO, NO},
    /* escalate */    {K, K, K, K, K, NO, NO, NO},
    /* severity */    {K, K, K, K, K, K, NO, NO},
    /* message */     {K, K, K, K, K, NO, NO, NO},
    /* move */        {K, K, K, K, K, NO, NO, NO},
    /* assign */      {K, K, K, K, K, K, K, K},
};

/* Calls the verb of kind with valid arguments at time at. */
static int call_verb(redress_complaint *c, int kind, redress_time at) {
  const char *who = "agent-7";
  switch (kind) {
  case REDRESS_EVENT_ACKNOWLEDGE: return redress_complaint_acknowledge(c, at, who, "sorry to hear");
  case REDRESS_EVENT_INVESTIGATE:
    return redress_complaint_investigate(c, at, who, NULL, "double charge", "refund");
  case REDRESS_EVENT_AWAIT_CUSTOMER: return redress_complaint_await_customer(c, at, who, "iban?");
  case REDRESS_EVENT_CUSTOMER_REPLY: return redress_complaint_customer_reply(c, at, who, NULL);
  case REDRESS_EVENT_RESPOND:
    return redress_complaint_respond(c, at, who, NULL, REDRESS_DECISION_UPHELD, "refund", 4990);
  case REDRESS_EVENT_FULFILL: return redress_complaint_fulfill(c, at, who, "refunded");
  case REDRESS_EVENT_RESOLVE_ON_THE_SPOT:
    return redress_complaint_resolve_on_the_spot(c, at, who, NULL, REDRESS_DECISION_UPHELD,
                                                 "voucher", 500);
  case REDRESS_EVENT_CONFIRM: return redress_complaint_confirm(c, at, who, NULL, 5);
  case REDRESS_EVENT_CLOSE: return redress_complaint_close(c, at, who, NULL);
  case REDRESS_EVENT_WITHDRAW: return redress_complaint_withdraw(c, at, who, NULL);
  case REDRESS_EVENT_REOPEN: return redress_complaint_reopen(c, at, who, "came back");
  case REDRESS_EVENT_NOTE: return redress_complaint_note(c, at, who, "internal", 0);
  case REDRESS_EVENT_UPDATE: return redress_complaint_update(c, at, who, "still on it");
  case REDRESS_EVENT_PROMISE: return redress_complaint_promise(c, at, who, NULL, at + 86400);
  case REDRESS_EVENT_HOLD: return redress_complaint_hold(c, at, who, NULL);
  case REDRESS_EVENT_ASSESS:
    return redress_complaint_assess(c, at, who, NULL, REDRESS_LEGITIMACY_REASONABLE);
  case REDRESS_EVENT_ESCALATE: return redress_complaint_escalate(c, at, who, NULL, "supervisor");
  case REDRESS_EVENT_SET_SEVERITY:
    return redress_complaint_set_severity(
        c, at, who, NULL,
        ((int)th_number(c, REDRESS_FIELD_SEVERITY)) == REDRESS_SEVERITY_LOW ? REDRESS_SEVERITY_CRITICAL
                                                              : REDRESS_SEVERITY_LOW);
  case REDRESS_EVENT_CUSTOMER_MESSAGE:
    return redress_complaint_customer_message(c, at, "cust-42", "hello??");
  case REDRESS_EVENT_MOVE_CHANNEL:
    return redress_complaint_move_channel(
        c, at, who, NULL,
        th_number(c, REDRESS_FIELD_CURRENT_CHANNEL) == REDRESS_CHANNEL_PHONE ? REDRESS_CHANNEL_CHAT
                                                                              : REDRESS_CHANNEL_PHONE);
  case REDRESS_EVENT_ASSIGN: return redress_complaint_assign(c, at, who, NULL, "ann", "billing");
  default: fail_msg("unknown verb %d", kind);
  }
  return REDRESS_ERR_INVALID;
}

/* The path of verbs that brings a new complaint into each state. */
static const int paths[REDRESS_STATE_COUNT][6] = {
    [R] = {-1},
    [A] = {REDRESS_EVENT_ACKNOWLEDGE, -1},
    [I] = {REDRESS_EVENT_ACKNOWLEDGE, REDRESS_EVENT_INVESTIGATE, -1},
    [W] = {REDRESS_EVENT_ACKNOWLEDGE, REDRESS_EVENT_INVESTIGATE, REDRESS_EVENT_AWAIT_CUSTOMER, -1},
    [P] = {REDRESS_EVENT_ACKNOWLEDGE, REDRESS_EVENT_INVESTIGATE, REDRESS_EVENT_RESPOND, -1},
    [S] = {REDRESS_EVENT_ACKNOWLEDGE, REDRESS_EVENT_INVESTIGATE, REDRESS_EVENT_RESPOND,
           REDRESS_EVENT_FULFILL, -1},
    [C] = {REDRESS_EVENT_ACKNOWLEDGE, REDRESS_EVENT_INVESTIGATE, REDRESS_EVENT_RESPOND,
           REDRESS_EVENT_FULFILL, REDRESS_EVENT_CONFIRM, -1},
    [X] = {REDRESS_EVENT_WITHDRAW, -1},
};

static redress_complaint *complaint_in_state(redress_desk *desk, int state) {
  redress_complaint_fields in = th_full_init("c-1");
  redress_complaint *c = NULL;
  assert_int_equal(redress_complaint_create(&c, desk, &in), REDRESS_OK);
  redress_time at = TH_T0;
  for (int i = 0; paths[state][i] != -1; i++) {
    at += 60;
    assert_int_equal(call_verb(c, paths[state][i], at), REDRESS_OK);
  }
  assert_int_equal(redress_complaint_state(c), state);
  return c;
}

static char *json_of(const redress_complaint *c) {
  char *doc = NULL;
  assert_int_equal(redress_complaint_to_json(&doc, NULL, c), REDRESS_OK);
  return doc;
}

static void check_one(redress_desk *desk, int verb, int state) {
  redress_complaint *c = complaint_in_state(desk, state);
  size_t before_events = redress_complaint_event_count(c);
  char *before = json_of(c);
  redress_time at = th_number(c, REDRESS_FIELD_UPDATED_AT) + 3600;
  int rc = call_verb(c, verb_kinds[verb], at);
  int want = expected[verb][state];
  if (want == NO) {
    assert_int_equal(rc, REDRESS_ERR_STATE);
    assert_true(strlen(redress_desk_errmsg(desk)) > 0);
    char *after = json_of(c);
    assert_string_equal(before, after);
    redress_free(after);
  } else {
    assert_int_equal(rc, REDRESS_OK);
    assert_int_equal(redress_complaint_state(c), want == K ? state : want);
    assert_int_equal(redress_complaint_event_count(c), before_events + 1);
    const redress_event *ev = redress_complaint_event(c, before_events);
    assert_int_equal(((int)th_event_number(ev, REDRESS_FIELD_KIND)), verb_kinds[verb]);
    assert_int_equal(th_event_number(ev, REDRESS_FIELD_AT), at);
    assert_int_equal(((uint32_t)th_event_number(ev, REDRESS_FIELD_SEQ)), before_events + 1);
    assert_string_equal(redress_event_string(ev, REDRESS_FIELD_ACTOR),
                        verb_kinds[verb] == REDRESS_EVENT_CUSTOMER_MESSAGE ? "cust-42" : "agent-7");
  }
  redress_free(before);
  redress_complaint_free(c);
}

static void every_verb_from_every_state(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  for (int v = 0; v < VERBS; v++)
    for (int s = 0; s < REDRESS_STATE_COUNT; s++) check_one(t.desk, v, s);
  th_desk_close(&t);
}

/* The full happy path of the issue: every step readable afterwards. */
static void happy_path_and_history(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint *c = complaint_in_state(t.desk, R);
  redress_time at = TH_T0;
  assert_int_equal(redress_complaint_acknowledge(c, at += 60, "ann", "we are sorry"), REDRESS_OK);
  assert_int_equal(redress_complaint_investigate(c, at += 60, "ann", NULL, "charged twice",
                                                 "refund the second charge"), REDRESS_OK);
  assert_int_equal(redress_complaint_await_customer(c, at += 60, "ann", "bank statement?"),
                   REDRESS_OK);
  assert_int_equal(redress_complaint_customer_reply(c, at += 60, "cust-42", "attached"),
                   REDRESS_OK);
  assert_int_equal(redress_complaint_respond(c, at += 60, "ann", NULL,
                                             REDRESS_DECISION_PARTLY_UPHELD, "refund", 2500),
                   REDRESS_OK);
  assert_int_equal(redress_complaint_fulfill(c, at += 60, "ann", NULL), REDRESS_OK);
  assert_int_equal(redress_complaint_confirm(c, at += 60, "ann", NULL, 4), REDRESS_OK);
  assert_int_equal(redress_complaint_state(c), REDRESS_STATE_CLOSED);
  assert_string_equal(redress_complaint_string(c, REDRESS_FIELD_POINT), "charged twice");
  assert_string_equal(redress_complaint_string(c, REDRESS_FIELD_DEMAND), "refund the second charge");
  assert_string_equal(redress_complaint_string(c, REDRESS_FIELD_REMEDY), "refund");
  assert_int_equal(((int)th_number(c, REDRESS_FIELD_DECISION)), REDRESS_DECISION_PARTLY_UPHELD);
  assert_int_equal(th_number(c, REDRESS_FIELD_COMPENSATION), 2500);
  assert_int_equal(((int)th_number(c, REDRESS_FIELD_SATISFACTION)), 4);
  assert_int_equal(((int)th_number(c, REDRESS_FIELD_ON_THE_SPOT)), 0);
  assert_int_equal(redress_complaint_event_count(c), 8);
  assert_int_equal(th_number(c, REDRESS_FIELD_UPDATED_AT), at);

  const redress_event *create = redress_complaint_event(c, 0);
  assert_int_equal(((int)th_event_number(create, REDRESS_FIELD_KIND)), REDRESS_EVENT_CREATE);
  assert_int_equal(th_event_number(create, REDRESS_FIELD_AT), TH_T0);
  assert_string_equal(redress_event_string(create, REDRESS_FIELD_ACTOR), "cust-42");
  const redress_event *respond = redress_complaint_event(c, 5);
  int64_t v = 0;
  assert_int_equal(redress_event_number(&v, respond, REDRESS_FIELD_DECISION), REDRESS_OK);
  assert_int_equal(v, REDRESS_DECISION_PARTLY_UPHELD);
  assert_int_equal(redress_event_number(&v, respond, REDRESS_FIELD_COMPENSATION), REDRESS_OK);
  assert_int_equal(v, 2500);
  assert_int_equal(redress_event_number(&v, respond, REDRESS_FIELD_VISIBLE), REDRESS_OK);
  assert_int_equal(v, 1);
  assert_int_equal(redress_event_number(&v, respond, REDRESS_FIELD_SATISFACTION),
                   REDRESS_ERR_NOTFOUND);
  assert_string_equal(redress_event_string(respond, REDRESS_FIELD_REMEDY), "refund");
  assert_null(redress_event_string(respond, REDRESS_FIELD_POINT));
  assert_null(redress_event_string(respond, REDRESS_FIELD_DECISION));
  assert_int_equal(redress_event_number(&v, respond, REDRESS_FIELD_REMEDY), REDRESS_ERR_INVALID);
  assert_null(redress_complaint_event(c, 8));
  const redress_event *reply = redress_complaint_event(c, 4);
  assert_int_equal(redress_event_number(&v, reply, REDRESS_FIELD_VISIBLE), REDRESS_OK);
  assert_int_equal(v, 0);
  redress_complaint_free(c);
  th_desk_close(&t);
}

static void on_the_spot_and_reopen(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint *c = complaint_in_state(t.desk, R);
  assert_int_equal(redress_complaint_resolve_on_the_spot(c, TH_T0 + 30, "bob", NULL,
                                                         REDRESS_DECISION_UPHELD, "replaced", 0),
                   REDRESS_OK);
  assert_int_equal(((int)th_number(c, REDRESS_FIELD_ON_THE_SPOT)), 1);
  assert_int_equal(((int)th_number(c, REDRESS_FIELD_DECISION)), REDRESS_DECISION_UPHELD);
  assert_int_equal(redress_complaint_reopen(c, TH_T0 + 90, "bob", "broke again"), REDRESS_OK);
  assert_int_equal(redress_complaint_state(c), REDRESS_STATE_INVESTIGATING);
  assert_int_equal(((unsigned)th_number(c, REDRESS_FIELD_REOPEN_COUNT)), 1);
  assert_int_equal(((int)th_number(c, REDRESS_FIELD_ON_THE_SPOT)), 0);
  assert_int_equal(((int)th_number(c, REDRESS_FIELD_DECISION)), REDRESS_DECISION_NONE);
  assert_null(redress_complaint_string(c, REDRESS_FIELD_REMEDY));
  assert_int_equal(th_number(c, REDRESS_FIELD_COMPENSATION), REDRESS_AMOUNT_UNKNOWN);
  assert_int_equal(redress_complaint_respond(c, TH_T0 + 100, "bob", NULL,
                                             REDRESS_DECISION_DECLINED, NULL,
                                             REDRESS_AMOUNT_UNKNOWN), REDRESS_OK);
  assert_int_equal(redress_complaint_close(c, TH_T0 + 200, "bob", NULL), REDRESS_OK);
  assert_int_equal(redress_complaint_reopen(c, TH_T0 + 300, "bob", NULL), REDRESS_OK);
  assert_int_equal(((unsigned)th_number(c, REDRESS_FIELD_REOPEN_COUNT)), 2);
  assert_int_equal(redress_complaint_escalate(c, TH_T0 + 300, "bob", NULL, NULL), REDRESS_OK);
  assert_int_equal(((unsigned)th_number(c, REDRESS_FIELD_ESCALATION_COUNT)), 1);
  assert_int_equal(redress_complaint_assess(c, TH_T0 + 301, "bob", NULL,
                                            REDRESS_LEGITIMACY_MISINFORMED), REDRESS_OK);
  assert_int_equal(((int)th_number(c, REDRESS_FIELD_LEGITIMACY)), REDRESS_LEGITIMACY_MISINFORMED);
  assert_int_equal(redress_complaint_set_severity(c, TH_T0 + 302, "bob", NULL,
                                                  REDRESS_SEVERITY_CRITICAL), REDRESS_OK);
  assert_int_equal(((int)th_number(c, REDRESS_FIELD_SEVERITY)), REDRESS_SEVERITY_CRITICAL);
  assert_int_equal(redress_complaint_note(c, TH_T0 + 303, "bob", "called back", 1), REDRESS_OK);
  int64_t visible = 0;
  const redress_event *note = redress_complaint_event(c, redress_complaint_event_count(c) - 1);
  assert_int_equal(redress_event_number(&visible, note, REDRESS_FIELD_VISIBLE), REDRESS_OK);
  assert_int_equal(visible, 1);
  redress_complaint_free(c);
  th_desk_close(&t);
}

/* Each bad call: the expected code, and the complaint exactly as it was. */
static void expect_refused(redress_complaint *c, int rc, int want) {
  assert_int_equal(rc, want);
  assert_int_equal(redress_complaint_event_count(c), 3);
  assert_int_equal(redress_complaint_state(c), REDRESS_STATE_INVESTIGATING);
}

static void bad_verb_arguments(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint *c = complaint_in_state(t.desk, I);
  redress_time at = TH_T0 + 3600;
  char big[REDRESS_MAX_NOTE_BYTES + 2];
  memset(big, 'x', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  expect_refused(c, redress_complaint_update(NULL, at, "a", NULL), REDRESS_ERR_INVALID);
  expect_refused(c, redress_complaint_update(c, at, NULL, NULL), REDRESS_ERR_INVALID);
  expect_refused(c, redress_complaint_update(c, at, "", NULL), REDRESS_ERR_INVALID);
  expect_refused(c, redress_complaint_update(c, at, "\xC3\x28", NULL), REDRESS_ERR_INVALID);
  expect_refused(c, redress_complaint_update(c, at, "a", "bad \xED\xA0\x80 surrogate"),
                 REDRESS_ERR_INVALID);
  expect_refused(c, redress_complaint_update(c, at, "a", big), REDRESS_ERR_RANGE);
  expect_refused(c, redress_complaint_update(c, TH_T0, "a", NULL), REDRESS_ERR_INVALID);
  assert_non_null(strstr(redress_desk_errmsg(t.desk), "earlier"));
  expect_refused(c, redress_complaint_update(c, -5, "a", NULL), REDRESS_ERR_INVALID);
  expect_refused(c, redress_complaint_update(c, REDRESS_TIME_MAX + 1, "a", NULL),
                 REDRESS_ERR_INVALID);
  expect_refused(c, redress_complaint_respond(c, at, "a", NULL, REDRESS_DECISION_NONE, NULL, 0),
                 REDRESS_ERR_INVALID);
  expect_refused(c, redress_complaint_respond(c, at, "a", NULL, 9, NULL, 0), REDRESS_ERR_INVALID);
  expect_refused(c, redress_complaint_respond(c, at, "a", NULL, REDRESS_DECISION_UPHELD, NULL, -7),
                 REDRESS_ERR_INVALID);
  expect_refused(c, redress_complaint_respond(c, at, "a", NULL, REDRESS_DECISION_UPHELD, big, 0),
                 REDRESS_ERR_RANGE);
  expect_refused(c, redress_complaint_assess(c, at, "a", NULL, REDRESS_LEGITIMACY_UNKNOWN),
                 REDRESS_ERR_INVALID);
  expect_refused(c, redress_complaint_assess(c, at, "a", NULL, 5), REDRESS_ERR_INVALID);
  expect_refused(c, redress_complaint_set_severity(c, at, "a", NULL, REDRESS_SEVERITY_HIGH),
                 REDRESS_ERR_INVALID);
  expect_refused(c, redress_complaint_set_severity(c, at, "a", NULL, 4), REDRESS_ERR_INVALID);
  expect_refused(c, redress_complaint_set_severity(c, at, "a", NULL, -1), REDRESS_ERR_INVALID);
  expect_refused(c, redress_complaint_promise(c, at, "a", NULL, at - 1), REDRESS_ERR_INVALID);
  expect_refused(c, redress_complaint_promise(c, at, "a", NULL, REDRESS_TIME_MAX + 1),
                 REDRESS_ERR_INVALID);
  expect_refused(c, redress_complaint_note(c, at, "a", NULL, 0), REDRESS_ERR_INVALID);
  expect_refused(c, redress_complaint_note(c, at, "a", "", 0), REDRESS_ERR_INVALID);
  expect_refused(c, redress_complaint_note(c, at, "a", "x", 2), REDRESS_ERR_INVALID);
  expect_refused(c, redress_complaint_escalate(c, at, "a", NULL, big), REDRESS_ERR_RANGE);
  redress_complaint *fresh = complaint_in_state(t.desk, A);
  assert_int_equal(redress_complaint_investigate(fresh, at, "a", NULL, NULL, "x"),
                   REDRESS_ERR_INVALID);
  assert_int_equal(redress_complaint_investigate(fresh, at, "a", NULL, "p", "\xFF"),
                   REDRESS_ERR_INVALID);
  assert_int_equal(redress_complaint_state(fresh), REDRESS_STATE_ACKNOWLEDGED);
  redress_complaint *closed = complaint_in_state(t.desk, S);
  assert_int_equal(redress_complaint_confirm(closed, at, "a", NULL, 0), REDRESS_ERR_INVALID);
  assert_int_equal(redress_complaint_confirm(closed, at, "a", NULL, 6), REDRESS_ERR_INVALID);
  assert_int_equal(redress_complaint_state(closed), REDRESS_STATE_RESOLVED);
  redress_complaint_free(closed);
  redress_complaint_free(fresh);
  redress_complaint_free(c);
  th_desk_close(&t);
}

/* Same-second events are allowed: only going back in time is refused. */
static void equal_times_are_allowed(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint *c = complaint_in_state(t.desk, R);
  assert_int_equal(redress_complaint_acknowledge(c, TH_T0, "a", NULL), REDRESS_OK);
  assert_int_equal(redress_complaint_note(c, TH_T0, "a", "same second", 0), REDRESS_OK);
  redress_complaint_free(c);
  th_desk_close(&t);
}

static void history_limit(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint *c = complaint_in_state(t.desk, R);
  for (int i = 1; i < REDRESS_MAX_EVENTS; i++)
    assert_int_equal(redress_complaint_note(c, TH_T0 + i, "a", "n", 0), REDRESS_OK);
  assert_int_equal(redress_complaint_event_count(c), REDRESS_MAX_EVENTS);
  assert_int_equal(redress_complaint_note(c, TH_T0 + REDRESS_MAX_EVENTS, "a", "n", 0),
                   REDRESS_ERR_RANGE);
  assert_int_equal(redress_complaint_event_count(c), REDRESS_MAX_EVENTS);
  redress_complaint_free(c);
  th_desk_close(&t);
}

/* The precedence rule of redress.h: every argument error (INVALID, or RANGE for an
 * argument over its size) comes before STATE, and STATE before a full history. A
 * client that fixes its arguments and still gets STATE knows the verb itself is the
 * problem. Each call below has a bad argument and is also refused by the state. */
static void argument_errors_come_before_state(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint *closed = complaint_in_state(t.desk, C);
  redress_time at = th_number(closed, REDRESS_FIELD_UPDATED_AT) + 60;
  redress_time before = th_number(closed, REDRESS_FIELD_UPDATED_AT) - 1;
  char big[REDRESS_MAX_NOTE_BYTES + 2];
  memset(big, 'x', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  /* `at` earlier than the last event */
  assert_int_equal(redress_complaint_acknowledge(closed, before, "a", NULL), REDRESS_ERR_INVALID);
  assert_non_null(strstr(redress_desk_errmsg(t.desk), "earlier"));
  assert_int_equal(redress_complaint_withdraw(closed, before, "a", NULL), REDRESS_ERR_INVALID);
  /* a field out of its domain */
  assert_int_equal(redress_complaint_respond(closed, at, "a", NULL, REDRESS_DECISION_NONE, NULL, 0),
                   REDRESS_ERR_INVALID);
  assert_non_null(strstr(redress_desk_errmsg(t.desk), "needs a decision"));
  assert_int_equal(redress_complaint_assess(closed, at, "a", NULL, REDRESS_LEGITIMACY_UNKNOWN),
                   REDRESS_ERR_INVALID);
  assert_int_equal(redress_complaint_promise(closed, at, "a", NULL, at - 1), REDRESS_ERR_INVALID);
  assert_int_equal(redress_complaint_set_severity(closed, at, "a", NULL,
                                                  ((int)th_number(closed, REDRESS_FIELD_SEVERITY))),
                   REDRESS_ERR_INVALID);
  /* an argument over its size */
  assert_int_equal(redress_complaint_escalate(closed, at, "a", big, NULL), REDRESS_ERR_RANGE);
  /* the same verbs with good arguments: the state refuses them */
  assert_int_equal(redress_complaint_respond(closed, at, "a", NULL, REDRESS_DECISION_UPHELD, NULL, 0),
                   REDRESS_ERR_STATE);
  assert_non_null(strstr(redress_desk_errmsg(t.desk), "not allowed in state closed"));
  assert_int_equal(redress_complaint_assess(closed, at, "a", NULL, REDRESS_LEGITIMACY_REASONABLE),
                   REDRESS_ERR_STATE);
  assert_int_equal(redress_complaint_set_severity(closed, at, "a", NULL, REDRESS_SEVERITY_LOW),
                   REDRESS_ERR_STATE);
  redress_complaint *fresh = complaint_in_state(t.desk, R);
  assert_int_equal(redress_complaint_confirm(fresh, TH_T0 + 60, "a", NULL, 0), REDRESS_ERR_INVALID);
  assert_int_equal(redress_complaint_investigate(fresh, TH_T0 + 60, "a", NULL, NULL, NULL),
                   REDRESS_ERR_INVALID);
  assert_int_equal(redress_complaint_confirm(fresh, TH_T0 + 60, "a", NULL, 5), REDRESS_ERR_STATE);
  assert_int_equal(redress_complaint_event_count(fresh), 1);
  assert_int_equal(redress_complaint_event_count(closed), 6);
  redress_complaint_free(fresh);
  redress_complaint_free(closed);
  th_desk_close(&t);
}

/* A verb the state refuses on a full history is STATE, not RANGE: the state is the
 * reason it can never happen, whatever room there is. */
static void state_comes_before_a_full_history(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint *c = complaint_in_state(t.desk, R);
  for (int i = 1; i < REDRESS_MAX_EVENTS; i++)
    assert_int_equal(redress_complaint_note(c, TH_T0 + i, "a", "n", 0), REDRESS_OK);
  redress_time at = TH_T0 + REDRESS_MAX_EVENTS;
  assert_int_equal(redress_complaint_fulfill(c, at, "a", NULL), REDRESS_ERR_STATE);
  assert_int_equal(redress_complaint_acknowledge(c, at, "a", NULL), REDRESS_ERR_RANGE);
  assert_int_equal(redress_complaint_acknowledge(c, TH_T0, "a", NULL), REDRESS_ERR_INVALID);
  redress_complaint_free(c);
  th_desk_close(&t);
}

/* REDRESS_FIELD_VISIBLE is the one number every event has: 1 when the customer saw
 * the event, 0 when not, never NOTFOUND (0 is a known answer, not a missing value). */
static void visible_is_answered_for_every_kind(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  static const int seen[REDRESS_EVENT_KIND_COUNT] = {
      [REDRESS_EVENT_ACKNOWLEDGE] = 1, [REDRESS_EVENT_AWAIT_CUSTOMER] = 1,
      [REDRESS_EVENT_RESPOND] = 1,     [REDRESS_EVENT_FULFILL] = 1,
      [REDRESS_EVENT_RESOLVE_ON_THE_SPOT] = 1, [REDRESS_EVENT_CONFIRM] = 1,
      [REDRESS_EVENT_UPDATE] = 1,      [REDRESS_EVENT_PROMISE] = 1,
      [REDRESS_EVENT_HOLD] = 1};
  int covered[REDRESS_EVENT_KIND_COUNT] = {0};
  for (int v = 0; v < VERBS; v++) {
    int from = -1;
    for (int s = 0; s < REDRESS_STATE_COUNT && from < 0; s++)
      if (expected[v][s] != NO) from = s;
    redress_complaint *c = complaint_in_state(t.desk, from);
    assert_int_equal(call_verb(c, verb_kinds[v], th_number(c, REDRESS_FIELD_UPDATED_AT) + 60), REDRESS_OK);
    for (size_t i = 0; i < redress_complaint_event_count(c); i++) {
      const redress_event *ev = redress_complaint_event(c, i);
      int kind = ((int)th_event_number(ev, REDRESS_FIELD_KIND));
      int64_t value = -1;
      assert_int_equal(redress_event_number(&value, ev, REDRESS_FIELD_VISIBLE), REDRESS_OK);
      assert_int_equal(value, seen[kind]); /* call_verb's notes are internal */
      covered[kind] = 1;
    }
    redress_complaint_free(c);
  }
  for (int k = 0; k < REDRESS_EVENT_KIND_COUNT; k++) assert_true(covered[k]);
  th_desk_close(&t);
}

/* Complaint functions take no desk: they report on the desk the complaint belongs
 * to, clearing its message on entry and setting it on failure, whichever of the
 * desk's complaints the previous call was about. */
static void complaint_calls_report_on_their_desk(void **state) {
  (void)state;
  th_desk t, other;
  th_desk_open(&t);
  th_desk_open(&other);
  redress_complaint *a = complaint_in_state(t.desk, R);
  redress_complaint *b = complaint_in_state(t.desk, R);
  redress_complaint *elsewhere = complaint_in_state(other.desk, R);
  assert_int_equal(redress_complaint_fulfill(a, TH_T0 + 60, "x", NULL), REDRESS_ERR_STATE);
  assert_string_equal(redress_desk_errmsg(t.desk), "fulfill is not allowed in state received");
  assert_string_equal(redress_desk_errmsg(other.desk), "");
  /* a call on another desk's complaint leaves this desk's message alone */
  assert_int_equal(redress_complaint_acknowledge(elsewhere, TH_T0 + 60, "x", NULL), REDRESS_OK);
  assert_string_equal(redress_desk_errmsg(t.desk), "fulfill is not allowed in state received");
  /* any call on any complaint of the desk clears it */
  assert_int_equal(redress_complaint_acknowledge(b, TH_T0 + 60, "x", NULL), REDRESS_OK);
  assert_string_equal(redress_desk_errmsg(t.desk), "");
  assert_int_equal(redress_complaint_unset_attr(a, "missing"), REDRESS_ERR_NOTFOUND);
  assert_string_not_equal(redress_desk_errmsg(t.desk), "");
  assert_int_equal(redress_complaint_set_attr(a, "k", "v"), REDRESS_OK);
  assert_string_equal(redress_desk_errmsg(t.desk), "");
  assert_int_equal(redress_complaint_unset_attr(a, NULL), REDRESS_ERR_INVALID);
  assert_string_not_equal(redress_desk_errmsg(t.desk), "");
  assert_int_equal(redress_complaint_unset_attr(a, "k"), REDRESS_OK);
  assert_string_equal(redress_desk_errmsg(t.desk), "");
  assert_int_equal(redress_complaint_fulfill(a, TH_T0 + 60, "x", NULL), REDRESS_ERR_STATE);
  redress_complaint *copy = NULL;
  assert_int_equal(redress_complaint_clone(&copy, a), REDRESS_OK);
  assert_string_equal(redress_desk_errmsg(t.desk), "");
  /* a NULL complaint has no desk to report on: the message stays as it was */
  assert_int_equal(redress_complaint_fulfill(a, TH_T0 + 60, "x", NULL), REDRESS_ERR_STATE);
  assert_int_equal(redress_complaint_acknowledge(NULL, TH_T0 + 60, "x", NULL), REDRESS_ERR_INVALID);
  assert_string_equal(redress_desk_errmsg(t.desk), "fulfill is not allowed in state received");
  redress_complaint_free(copy);
  redress_complaint_free(elsewhere);
  redress_complaint_free(b);
  redress_complaint_free(a);
  th_desk_close(&other);
  th_desk_close(&t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_verb_from_every_state),
      cmocka_unit_test(happy_path_and_history),
      cmocka_unit_test(on_the_spot_and_reopen),
      cmocka_unit_test(bad_verb_arguments),
      cmocka_unit_test(equal_times_are_allowed),
      cmocka_unit_test(history_limit),
      cmocka_unit_test(argument_errors_come_before_state),
      cmocka_unit_test(state_comes_before_a_full_history),
      cmocka_unit_test(visible_is_answered_for_every_kind),
      cmocka_unit_test(complaint_calls_report_on_their_desk),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
