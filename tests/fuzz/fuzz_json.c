/* libFuzzer target: the canonical JSON decoder on arbitrary bytes.
 *
 * Whatever the decoder accepts must survive the round trip: encoding it gives a
 * canonical document A; decoding A and encoding again gives A byte for byte, and the
 * two complaints agree on what the getters say; and the verbs alone, called with what
 * the complaint's events hold, rebuild the same document (alarms aside, which only
 * ticks record): the decoder accepts no history the verbs could not have produced.
 * A refusal must be one of the documented codes and must explain itself. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "redress.h"
#include "../support/read.h"
#include "verbs_replay.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static redress_desk *desk_once(void) {
  static redress_desk *desk; /* one desk per process: the decoder keeps no state in it */
  if (desk == NULL && redress_desk_open(&desk, NULL) != REDRESS_OK) abort();
  return desk;
}

static void check_refusal(redress_desk *desk, int rc) {
  if (rc != REDRESS_ERR_PARSE && rc != REDRESS_ERR_RANGE) abort();
  if (redress_desk_errmsg(desk)[0] == '\0') abort();
}

static void same_getters(const redress_complaint *a, const redress_complaint *b) {
  if (strcmp(redress_complaint_id(a), redress_complaint_id(b)) != 0) abort();
  if (redress_complaint_state(a) != redress_complaint_state(b)) abort();
  if (((int)th_number(a, REDRESS_FIELD_SEVERITY)) != ((int)th_number(b, REDRESS_FIELD_SEVERITY))) abort();
  if (((int)th_number(a, REDRESS_FIELD_DECISION)) != ((int)th_number(b, REDRESS_FIELD_DECISION))) abort();
  if (redress_complaint_event_count(a) != redress_complaint_event_count(b)) abort();
  if (redress_complaint_attr_count(a) != redress_complaint_attr_count(b)) abort();
  if (((unsigned)th_number(a, REDRESS_FIELD_REOPEN_COUNT)) != ((unsigned)th_number(b, REDRESS_FIELD_REOPEN_COUNT))) abort();
  if (th_number(a, REDRESS_FIELD_UPDATED_AT) != th_number(b, REDRESS_FIELD_UPDATED_AT)) abort();
}

/* The events of a decoded complaint are numbered 1..n in order and never go back in time. */
static void check_history(const redress_complaint *c) {
  size_t n = redress_complaint_event_count(c);
  if (n == 0 || ((int)th_event_number(redress_complaint_event(c, 0), REDRESS_FIELD_KIND)) != REDRESS_EVENT_CREATE) abort();
  for (size_t i = 0; i < n; i++) {
    const redress_event *ev = redress_complaint_event(c, i);
    if (((uint32_t)th_event_number(ev, REDRESS_FIELD_SEQ)) != i + 1) abort();
    if (i > 0 && th_event_number(ev, REDRESS_FIELD_AT) < th_event_number(redress_complaint_event(c, i - 1), REDRESS_FIELD_AT))
      abort();
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  redress_desk *desk = desk_once();
  redress_complaint *first = NULL, *second = NULL;
  int rc = redress_complaint_from_json(&first, desk, (const char *)data, size);
  if (rc != REDRESS_OK) {
    check_refusal(desk, rc);
    if (first != NULL) abort(); /* out-parameters are only written on success */
    return 0;
  }
  check_history(first);
  tv_result res;
  if (tv_check(desk, first, &res) != 0) abort();
  tv_result_free(&res);
  char *a = NULL, *b = NULL;
  size_t a_len = 0, b_len = 0;
  if (redress_complaint_to_json(&a, &a_len, first) != REDRESS_OK) abort();
  if (redress_complaint_from_json(&second, desk, a, a_len) != REDRESS_OK) abort();
  if (redress_complaint_to_json(&b, &b_len, second) != REDRESS_OK) abort();
  if (a_len != b_len || memcmp(a, b, a_len) != 0) abort();
  same_getters(first, second);
  redress_deadlines *l = NULL;
  rc = redress_complaint_deadlines(&l, second, th_number(second, REDRESS_FIELD_UPDATED_AT));
  if (rc != REDRESS_OK && rc != REDRESS_ERR_RANGE) abort();
  redress_deadlines_free(l);
  redress_free(a);
  redress_free(b);
  redress_complaint_free(first);
  redress_complaint_free(second);
  return 0;
}
