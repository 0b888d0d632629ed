/* The alarm tick: record each warning and breach in its complaint, save, then report. */
#include "desk/desk.h"

#include <stdio.h>

#define TICK_RETRIES 16

typedef struct owed {
  int kind;
  uint32_t anchor;
  int level;
  redress_time due;
} owed;

enum { MAX_OWED = 64, PER_DEADLINE = REDRESS_POLICY_WARN_LEVELS + 1 };

/* Alarms of c due by now and not yet notified (warnings before their breach). */
static size_t find_owed(owed *out, const redress_complaint *c, const redress_deadlines *l,
                        redress_time now) {
  size_t n = 0;
  for (size_t i = 0; i < l->n && n + PER_DEADLINE <= MAX_OWED; i++) {
    const rd_deadline *d = &l->items[i];
    if (!rd_deadline_open(d) || d->paused_now || !rd_kind_alarms(d->kind)) continue;
    /* each level once, in level order; a late tick raises the levels it passed */
    for (int w = 0; w < d->n_warns; w++)
      if (d->warns[w] <= now && !rd_alarm_notified(c, d, rd_warning_level(w)))
        out[n++] = (owed){d->kind, d->anchor, rd_warning_level(w), d->due};
    if (d->due <= now && !rd_alarm_notified(c, d, REDRESS_ALARM_BREACH))
      out[n++] = (owed){d->kind, d->anchor, REDRESS_ALARM_BREACH, d->due};
  }
  return n;
}

/* The alarms of one complaint were saved together, so all of them are reported even
 * when the callback asks to stop midway: otherwise the rest would be recorded as
 * notified and never reach anyone. The stop takes effect after the complaint. */
static int report(redress_desk *desk, const redress_complaint *c, const owed *alarms, size_t n,
                  redress_alarm_cb cb, void *payload) {
  int stop = 0;
  for (size_t i = 0; cb != NULL && i < n; i++)
    stop |= cb(c, alarms[i].kind, alarms[i].level, alarms[i].due, payload) != 0;
  return stop ? rd_fail(desk, REDRESS_ERR_USER, "tick: stopped by the callback") : REDRESS_OK;
}

/* One attempt: 1 when done, 0 to retry after a conflict, negative on error. */
static int try_tick(redress_desk *desk, const char *id, redress_time now, redress_alarm_cb cb,
                    void *payload) {
  redress_complaint *c = NULL;
  int rc = redress_desk_load(&c, desk, id);
  if (rc == REDRESS_ERR_NOTFOUND) return 1; /* removed since the query */
  if (rc != REDRESS_OK) return rc;
  redress_deadlines *l = NULL;
  owed alarms[MAX_OWED];
  size_t n = 0;
  rc = rd_deadlines_compute(&l, c, now);
  if (rc == REDRESS_OK) n = find_owed(alarms, c, l, now);
  for (size_t i = 0; rc == REDRESS_OK && i < n; i++)
    rc = rd_complaint_add_alarm(c, alarms[i].kind, alarms[i].anchor, alarms[i].level, now);
  /* the record's next alarm from the deadlines just derived: no second replay */
  if (rc == REDRESS_OK && n > 0) rd_deadlines_refresh_alarm(l, c);
  if (rc == REDRESS_OK && n > 0) rc = rd_store_save(desk, c, l);
  redress_deadlines_free(l);
  if (rc == REDRESS_OK) rc = report(desk, c, alarms, n, cb, payload);
  redress_complaint_free(c);
  if (rc == REDRESS_ERR_CONFLICT) return 0;
  if (rc == REDRESS_OK && n + PER_DEADLINE > MAX_OWED) return 0; /* more than one round holds */
  return rc == REDRESS_OK ? 1 : rc;
}

static int tick_one(redress_desk *desk, const char *id, redress_time now, redress_alarm_cb cb,
                    void *payload) {
  for (int attempt = 0; attempt < TICK_RETRIES; attempt++) {
    int rc = try_tick(desk, id, now, cb, payload);
    if (rc != 0) return rc > 0 ? REDRESS_OK : rc;
  }
  return rd_fail(desk, REDRESS_ERR_CONFLICT, "tick: '%s' kept changing under %d attempts", id,
                 TICK_RETRIES);
}

/* A complaint whose document is corrupt or whose deadlines cannot be computed (RANGE,
 * or NOTFOUND: the policy version it recorded is not in this desk) is a fault of that
 * complaint alone: it must not keep the alarms of the others from being raised, tick
 * after tick. (A complaint removed since the query is not a fault: try_tick skips it.) */
static int complaint_fault(int rc) {
  return rc == REDRESS_ERR_PARSE || rc == REDRESS_ERR_RANGE || rc == REDRESS_ERR_NOTFOUND;
}

int redress_desk_tick(redress_desk *desk, redress_time now, redress_alarm_cb on_alarm,
                      void *payload) {
  if (desk == NULL) return REDRESS_ERR_INVALID;
  rd_ok(desk);
  int rc = rd_check_time(desk, "tick time", now);
  if (rc != REDRESS_OK) return rc;
  rd_store_ids ids;
  rd_store_query due = {"tick", RD_STORE_DUE, now, NULL, NULL, NULL};
  rc = rd_store_ids_of(&ids, desk, &due);
  int first_fault = REDRESS_OK;
  char fault_msg[RD_ERRMSG_BYTES];
  for (size_t i = 0; rc == REDRESS_OK && i < ids.n; i++) {
    rc = tick_one(desk, ids.ids[i], now, on_alarm, payload);
    if (!complaint_fault(rc)) continue;
    if (first_fault == REDRESS_OK) {
      first_fault = rc;
      snprintf(fault_msg, sizeof fault_msg, "tick: complaint '%.64s' skipped: %.400s", ids.ids[i],
               rd_ctx_of(desk)->errmsg);
    }
    rc = REDRESS_OK;
  }
  rd_store_ids_free(&ids, desk);
  if (rc == REDRESS_OK && first_fault != REDRESS_OK)
    return rd_fail(desk, first_fault, "%s", fault_msg);
  return rc;
}
