/* Rebuilding a decoded complaint through the public verbs only (tests/support/verbs_replay.c). */
#ifndef REDRESS_TEST_VERBS_REPLAY_H
#define REDRESS_TEST_VERBS_REPLAY_H

#include <stddef.h>

#include "redress.h"
#include "read.h"

typedef struct tv_result {
  char *decoded;       /* the complaint's document (redress_free) */
  size_t decoded_len;
  char *verbs;         /* the document of its rebuild through the verbs, or NULL */
  size_t verbs_len;
  size_t failed_event; /* 1-based event a verb refused (the desk's message says why), or 0 */
} tv_result;

/* Rebuilds d through redress_complaint_create, redress_complaint_set_attr and the
 * verbs, with the arguments its events and getters give. 0 when the rebuild encodes
 * as d does, alarms aside, and agrees on state and severity; -1 otherwise, with what
 * is known in res. Free res with tv_result_free in either case. */
int tv_check(redress_desk *desk, const redress_complaint *d, tv_result *res);
void tv_result_free(tv_result *res);

#endif
