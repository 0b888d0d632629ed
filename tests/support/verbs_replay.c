/* Rebuilding a complaint through the public verbs only: the oracle for "the decoder
 * accepts only histories the verbs produce" (tests/unit/test_json.c, tests/fuzz/fuzz_json.c).
 * Written apart from the library's own replay (lib/verbs.c), so that each checks the
 * other. */
#include "verbs_replay.h"

#include <string.h>

static int64_t num_of(const redress_event *e, int field) {
  int64_t v = 0;
  return redress_event_number(&v, e, field) == REDRESS_OK ? v : REDRESS_AMOUNT_UNKNOWN;
}

/* Calls the public verb that records an event like e (written here, apart from the
 * library's own replay, so that the two check each other). */
static int replay_event(redress_complaint *c, const redress_event *e) {
  redress_time at = th_event_number(e, REDRESS_FIELD_AT);
  const char *who = redress_event_string(e, REDRESS_FIELD_ACTOR), *note = redress_event_string(e, REDRESS_FIELD_NOTE);
  switch (((int)th_event_number(e, REDRESS_FIELD_KIND))) {
  case REDRESS_EVENT_ACKNOWLEDGE: return redress_complaint_acknowledge(c, at, who, note);
  case REDRESS_EVENT_INVESTIGATE:
    return redress_complaint_investigate(c, at, who, note, redress_event_string(e, REDRESS_FIELD_POINT),
                                         redress_event_string(e, REDRESS_FIELD_DEMAND));
  case REDRESS_EVENT_AWAIT_CUSTOMER: return redress_complaint_await_customer(c, at, who, note);
  case REDRESS_EVENT_CUSTOMER_REPLY: return redress_complaint_customer_reply(c, at, who, note);
  case REDRESS_EVENT_RESPOND:
    return redress_complaint_respond(c, at, who, note, (int)num_of(e, REDRESS_FIELD_DECISION),
                                     redress_event_string(e, REDRESS_FIELD_REMEDY),
                                     num_of(e, REDRESS_FIELD_COMPENSATION));
  case REDRESS_EVENT_FULFILL: return redress_complaint_fulfill(c, at, who, note);
  case REDRESS_EVENT_RESOLVE_ON_THE_SPOT:
    return redress_complaint_resolve_on_the_spot(
        c, at, who, note, (int)num_of(e, REDRESS_FIELD_DECISION),
        redress_event_string(e, REDRESS_FIELD_REMEDY), num_of(e, REDRESS_FIELD_COMPENSATION));
  case REDRESS_EVENT_CONFIRM:
    return redress_complaint_confirm(c, at, who, note, (int)num_of(e, REDRESS_FIELD_SATISFACTION));
  case REDRESS_EVENT_CLOSE: return redress_complaint_close(c, at, who, note);
  case REDRESS_EVENT_WITHDRAW: return redress_complaint_withdraw(c, at, who, note);
  case REDRESS_EVENT_REOPEN: return redress_complaint_reopen(c, at, who, note);
  case REDRESS_EVENT_NOTE:
    return redress_complaint_note(c, at, who, note, (int)num_of(e, REDRESS_FIELD_VISIBLE));
  case REDRESS_EVENT_UPDATE: return redress_complaint_update(c, at, who, note);
  case REDRESS_EVENT_PROMISE:
    return redress_complaint_promise(c, at, who, note, num_of(e, REDRESS_FIELD_DUE));
  case REDRESS_EVENT_HOLD: return redress_complaint_hold(c, at, who, note);
  case REDRESS_EVENT_ASSESS:
    return redress_complaint_assess(c, at, who, note, (int)num_of(e, REDRESS_FIELD_LEGITIMACY));
  case REDRESS_EVENT_ESCALATE:
    return redress_complaint_escalate(c, at, who, note, redress_event_string(e, REDRESS_FIELD_TO));
  case REDRESS_EVENT_SET_SEVERITY:
    return redress_complaint_set_severity(c, at, who, note, (int)num_of(e, REDRESS_FIELD_SEVERITY));
  case REDRESS_EVENT_CUSTOMER_MESSAGE: return redress_complaint_customer_message(c, at, who, note);
  case REDRESS_EVENT_MOVE_CHANNEL:
    return redress_complaint_move_channel(c, at, who, note, (int)num_of(e, REDRESS_FIELD_CHANNEL));
  case REDRESS_EVENT_ASSIGN:
    return redress_complaint_assign(c, at, who, note, redress_event_string(e, REDRESS_FIELD_OWNER),
                                    redress_event_string(e, REDRESS_FIELD_TEAM));
  default: return -1;
  }
}

/* The top-level "severity" of a canonical document: the one it was created with. */
static int created_severity(const char *doc) {
  const char *p = strstr(doc, "\"severity\":\"");
  if (p == NULL) return -1;
  p += 12;
  for (int s = 0; s < REDRESS_SEVERITY_COUNT; s++) {
    const char *name = redress_enum_name(REDRESS_ENUM_SEVERITY, s);
    if (strncmp(p, name, strlen(name)) == 0 && p[strlen(name)] == '"') return s;
  }
  return -1;
}


static int rebuild(redress_complaint **out, redress_desk *desk, const redress_complaint *d,
                   const char *ddoc, size_t *failed_event) {
  redress_complaint_fields in = REDRESS_COMPLAINT_FIELDS_INIT;
  in.id = redress_complaint_id(d);
  in.customer_id = redress_complaint_string(d, REDRESS_FIELD_CUSTOMER_ID);
  in.customer_tier = redress_complaint_string(d, REDRESS_FIELD_CUSTOMER_TIER);
  in.customer_value = th_number(d, REDRESS_FIELD_CUSTOMER_VALUE);
  in.channel = ((int)th_number(d, REDRESS_FIELD_CHANNEL));
  in.category = redress_complaint_string(d, REDRESS_FIELD_CATEGORY);
  in.severity = created_severity(ddoc);
  in.text = redress_complaint_string(d, REDRESS_FIELD_TEXT);
  in.received_at = th_number(d, REDRESS_FIELD_RECEIVED_AT);
  in.order_value = th_number(d, REDRESS_FIELD_ORDER_VALUE);
  in.claimed_amount = th_number(d, REDRESS_FIELD_CLAIMED_AMOUNT);
  in.requested_remedy = redress_complaint_string(d, REDRESS_FIELD_REQUESTED_REMEDY);
  in.expectation = th_number(d, REDRESS_FIELD_EXPECTATION);
  in.bottom_line = th_number(d, REDRESS_FIELD_BOTTOM_LINE);
  in.prior_complaints = ((uint32_t)th_number(d, REDRESS_FIELD_PRIOR_COMPLAINTS));
  in.prior_compensation = th_number(d, REDRESS_FIELD_PRIOR_COMPENSATION);
  *failed_event = 1;
  redress_complaint *r = NULL;
  int rc = redress_complaint_create(&r, desk, &in);
  for (size_t i = 0; rc == REDRESS_OK && i < redress_complaint_attr_count(d); i++) {
    const char *k = NULL, *v = NULL;
    rc = redress_complaint_attr_at(&k, &v, d, i);
    if (rc == REDRESS_OK) rc = redress_complaint_set_attr(r, k, v);
  }
  for (size_t i = 1; rc == REDRESS_OK && i < redress_complaint_event_count(d); i++) {
    *failed_event = i + 1;
    rc = replay_event(r, redress_complaint_event(d, i));
  }
  if (rc != REDRESS_OK) {
    redress_complaint_free(r);
    return rc;
  }
  *failed_event = 0;
  *out = r;
  return REDRESS_OK;
}

int tv_check(redress_desk *desk, const redress_complaint *d, tv_result *res) {
  memset(res, 0, sizeof *res);
  if (redress_complaint_to_json(&res->decoded, &res->decoded_len, d) != REDRESS_OK) return -1;
  redress_complaint *r = NULL;
  if (rebuild(&r, desk, d, res->decoded, &res->failed_event) != REDRESS_OK) return -1;
  int rc = redress_complaint_to_json(&res->verbs, &res->verbs_len, r);
  int same = rc == REDRESS_OK && ((int)th_number(r, REDRESS_FIELD_SEVERITY)) == ((int)th_number(d, REDRESS_FIELD_SEVERITY)) &&
             th_number(r, REDRESS_FIELD_CURRENT_CHANNEL) == th_number(d, REDRESS_FIELD_CURRENT_CHANNEL) &&
             redress_complaint_state(r) == redress_complaint_state(d);
  redress_complaint_free(r);
  if (!same) return -1;
  /* the verbs' document is the decoded one without its alarms, which only ticks record */
  const char *alarms = strstr(res->decoded, ",\"alarms\":[");
  size_t body = alarms != NULL ? (size_t)(alarms - res->decoded) : res->decoded_len - 1;
  return res->verbs_len == body + 1 && memcmp(res->verbs, res->decoded, body) == 0 ? 0 : -1;
}

void tv_result_free(tv_result *res) {
  redress_free(res->decoded);
  redress_free(res->verbs);
}
