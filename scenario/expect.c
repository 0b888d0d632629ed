/*
 * The expectations: each one judged against what the desk holds now, recorded as a
 * check with what was expected and what was found. An expectation about something
 * that cannot exist (a deadline kind the complaint's policy sets no target for) is an
 * error of the scenario, never a pass.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sc.h"

static const char *name_of(char *buf, size_t size, int enumeration, int value) {
  const char *n = redress_enum_name(enumeration, value);
  snprintf(buf, size, "%s", n != NULL ? n : "?");
  for (char *p = buf; *p; p++)
    if (*p == '_') *p = '-';
  return buf;
}

static int judge(sc_run *run, const sc_step *st, const char *expected, const char *actual,
                 const char *what) {
  int same = strcmp(expected, actual) == 0;
  char msg[1200] = "";
  if (!same) snprintf(msg, sizeof msg, "%s: expected %s, got %s", what, expected, actual);
  sc_record(run, st, same ? REDRESS_SCENARIO_PASS : REDRESS_SCENARIO_FAIL, expected, actual, msg);
  return same ? 0 : -1;
}

static int error(sc_run *run, const sc_step *st, const char *msg) {
  sc_record(run, st, REDRESS_SCENARIO_ERROR, "", "", msg);
  return -1;
}

static int load(redress_complaint **c, sc_run *run, const sc_step *st) {
  int rc = redress_desk_load(c, run->desk, st->id);
  if (rc == REDRESS_OK) return 0;
  char msg[768];
  snprintf(msg, sizeof msg, "complaint '%s' cannot be read: %s", st->id,
           redress_desk_errmsg(run->desk));
  return error(run, st, msg);
}

static int expect_state(sc_run *run, const sc_step *st) {
  redress_complaint *c = NULL;
  if (load(&c, run, st) != 0) return -1;
  char want[64], got[64];
  name_of(want, sizeof want, REDRESS_ENUM_STATE, st->state);
  name_of(got, sizeof got, REDRESS_ENUM_STATE, redress_complaint_state(c));
  redress_complaint_free(c);
  return judge(run, st, want, got, "state");
}

static int deadlines(redress_deadlines **out, sc_run *run, const sc_step *st) {
  redress_complaint *c = NULL;
  if (load(&c, run, st) != 0) return -1;
  int rc = redress_complaint_deadlines(out, c, run->now);
  redress_complaint_free(c);
  if (rc == REDRESS_OK) return 0;
  char msg[768];
  snprintf(msg, sizeof msg, "the deadlines of '%s' cannot be computed: %s", st->id,
           redress_desk_errmsg(run->desk));
  return error(run, st, msg);
}

static int expect_policy(sc_run *run, const sc_step *st) {
  redress_deadlines *d = NULL;
  if (deadlines(&d, run, st) != 0) return -1;
  char got[160];
  snprintf(got, sizeof got, "%s", redress_deadlines_policy(d));
  redress_deadlines_free(d);
  return judge(run, st, st->name, got, "policy");
}

/* The policy's target for a kind; 1 if it sets one (PROMISE: always, a promise makes it). */
static int policy_sets(const redress_policy *p, int kind) {
  switch (kind) {
  case REDRESS_DEADLINE_ACKNOWLEDGE: return p->acknowledge.amount > 0;
  case REDRESS_DEADLINE_UPDATE: return p->update_every.amount > 0;
  case REDRESS_DEADLINE_RESOLVE: return p->resolve.amount > 0;
  case REDRESS_DEADLINE_FOLLOW_UP: return p->follow_up.amount > 0;
  case REDRESS_DEADLINE_NEXT_REPLY: return p->next_reply.amount > 0;
#ifdef SC_HAVE_SUMMARY_RESOLVE
  case REDRESS_DEADLINE_SUMMARY_RESOLVE: return p->summary_resolve.amount > 0;
#endif
  default: return 1;
  }
}

static void describe(char *buf, size_t size, sc_run *run, int state, int has_due,
                     redress_time due) {
  char s[32] = "", t[64] = "";
  if (state >= 0) name_of(s, sizeof s, REDRESS_ENUM_DEADLINE_STATE, state);
  if (has_due) sc_time_format(t, sizeof t, run, due);
  snprintf(buf, size, "%s%s%s%s", s, state >= 0 && has_due ? ", " : "", has_due ? "due " : "", t);
}

static int expect_deadline(sc_run *run, const sc_step *st) {
  redress_deadlines *d = NULL;
  if (deadlines(&d, run, st) != 0) return -1;
  redress_deadline found = REDRESS_DEADLINE_INIT;
  int have = 0;
  for (size_t i = 0; i < redress_deadlines_count(d); i++) {
    redress_deadline one = REDRESS_DEADLINE_INIT;
    if (redress_deadlines_get(&one, d, i) == REDRESS_OK && one.kind == st->dkind) {
      found = one;
      have = 1;
    }
  }
  redress_policy pol = REDRESS_POLICY_INIT;
  int known = redress_desk_policy(&pol, run->desk, redress_deadlines_policy(d),
                                  redress_deadlines_policy_version(d)) == REDRESS_OK;
  char kind[40], msg[800];
  name_of(kind, sizeof kind, REDRESS_ENUM_DEADLINE_KIND, st->dkind);
  if (!have && known && !policy_sets(&pol, st->dkind)) {
    snprintf(msg, sizeof msg, "policy '%s' of '%s' sets no %s target: no %s deadline can exist",
             redress_deadlines_policy(d), st->id, kind, kind);
    redress_deadlines_free(d);
    return error(run, st, msg);
  }
  redress_deadlines_free(d);
  redress_time want_due = 0;
  if (st->has_due && sc_time_resolve(&want_due, run, &st->due, msg, sizeof msg) != 0)
    return error(run, st, msg);
  char want[160], got[160], what[96];
  describe(want, sizeof want, run, st->dstate, st->has_due, want_due);
  if (have) describe(got, sizeof got, run, st->dstate >= 0 ? found.state : -1, st->has_due, found.due);
  else snprintf(got, sizeof got, "no %s deadline", kind);
  snprintf(what, sizeof what, "%s deadline of '%s'", kind, st->id);
  return judge(run, st, want, got, what);
}

static void alarm_text(char *buf, size_t size, sc_run *run, const char *id, int kind, int level,
                       int has_due, redress_time due) {
  char k[40], l[40], t[64] = "";
  if (has_due) sc_time_format(t, sizeof t, run, due);
  snprintf(buf, size, "%s %s %s%s%s", id, name_of(k, sizeof k, REDRESS_ENUM_DEADLINE_KIND, kind),
           name_of(l, sizeof l, REDRESS_ENUM_ALARM_LEVEL, level), has_due ? " due " : "", t);
}

static int expect_alarms(sc_run *run, const sc_step *st) {
  if (!run->ticked) return error(run, st, "no tick before this line: 'expect alarms' judges the last tick");
  sc_buf want = {0}, got = {0};
  char one[256], msg[160];
  for (size_t i = 0; i < st->nalarms; i++) {
    const sc_alarm *al = &st->alarms[i];
    redress_time due = 0;
    if (al->has_due && sc_time_resolve(&due, run, &al->due, msg, sizeof msg) != 0) {
      free(want.text);
      free(got.text);
      return error(run, st, msg);
    }
    alarm_text(one, sizeof one, run, al->id, al->kind, al->level, al->has_due, due);
    sc_buf_printf(&want, "%s%s", i ? "; " : "", one);
    /* the due time is shown for the alarm found only where it was expected */
    if (i < run->nalarms) {
      const sc_seen_alarm *a = &run->alarms[i];
      alarm_text(one, sizeof one, run, a->id, a->kind, a->level, al->has_due, a->due);
      sc_buf_printf(&got, "%s%s", i ? "; " : "", one);
    }
  }
  for (size_t i = st->nalarms; i < run->nalarms; i++) {
    const sc_seen_alarm *a = &run->alarms[i];
    alarm_text(one, sizeof one, run, a->id, a->kind, a->level, 0, 0);
    sc_buf_printf(&got, "%s%s", i ? "; " : "", one);
  }
  if (want.failed || got.failed) {
    free(want.text);
    free(got.text);
    run->a->failed = 1;
    return -1;
  }
  int rc = judge(run, st, want.text != NULL ? want.text : "no alarms",
                 got.text != NULL ? got.text : "no alarms", "the last tick's alarms");
  free(want.text);
  free(got.text);
  return rc;
}

static int expect_refused(sc_run *run, const sc_step *st) {
  const sc_step *prev = st - 1;
  if (st == run->s->steps || (prev->kind != SC_VERB && prev->kind != SC_CREATE) ||
      run->last_verb != prev)
    return error(run, st, "'expect refused' must follow a verb or a create");
  char want[160], got[700];
  snprintf(want, sizeof want, "refused%s%s", st->refused ? ": " : "",
           st->refused ? redress_strerror(st->refused) : "");
  if (run->last_verb_rc == REDRESS_OK) snprintf(got, sizeof got, "done");
  else if (st->refused == 0) snprintf(got, sizeof got, "refused");
  else snprintf(got, sizeof got, "refused: %s", redress_strerror(run->last_verb_rc));
  return judge(run, st, want, got, "the step above");
}

static void flags_text(char *buf, size_t size, int enumeration, uint32_t bits) {
  buf[0] = '\0';
  for (int b = 0; b < 31; b++) {
    if (!(bits & (1u << b))) continue;
    char n[40];
    name_of(n, sizeof n, enumeration, 1 << b);
    size_t len = strlen(buf);
    snprintf(buf + len, size - len, "%s%s", len ? " " : "", n);
  }
  if (buf[0] == '\0') snprintf(buf, size, "none");
}

static int expect_verdict(sc_run *run, const sc_step *st) {
  redress_verdict *v = NULL;
  int rc;
  if (st->text != NULL) {
    rc = redress_classify_text(&v, run->desk, st->text, strlen(st->text));
  } else {
    redress_complaint *c = NULL;
    if (load(&c, run, st) != 0) return -1;
    rc = redress_classify(&v, run->desk, c);
    redress_complaint_free(c);
  }
  redress_verdict_summary sum = REDRESS_VERDICT_SUMMARY_INIT;
  if (rc == REDRESS_OK) rc = redress_verdict_get(&sum, v);
  redress_verdict_free(v);
  if (rc != REDRESS_OK) {
    char msg[700];
    snprintf(msg, sizeof msg, "cannot classify: %s", redress_desk_errmsg(run->desk));
    return error(run, st, msg);
  }
  char want[400], got[400];
  static const char *const what[] = {"temperament", "risks", "playbook", "legitimacy"};
  switch (st->what) {
  case SC_TEMPERAMENT:
    name_of(want, sizeof want, REDRESS_ENUM_TEMPERAMENT, st->value);
    name_of(got, sizeof got, REDRESS_ENUM_TEMPERAMENT, sum.temperament);
    break;
  case SC_LEGITIMACY:
    name_of(want, sizeof want, REDRESS_ENUM_LEGITIMACY, st->value);
    name_of(got, sizeof got, REDRESS_ENUM_LEGITIMACY, sum.legitimacy);
    break;
  default: {
    int e = st->what == SC_RISKS ? REDRESS_ENUM_RISK : REDRESS_ENUM_PLAYBOOK;
    flags_text(want, sizeof want, e, (uint32_t)st->value);
    flags_text(got, sizeof got, e, st->what == SC_RISKS ? sum.risks : sum.playbook);
  }
  }
  return judge(run, st, want, got, what[st->what]);
}

static void metric_text(char *buf, size_t size, const sc_step *st, double v) {
  if (isnan(v)) snprintf(buf, size, "none");
  else if (st->percent) snprintf(buf, size, "%.*f%%", st->decimals, v * 100.0);
  else if (st->decimals > 0) snprintf(buf, size, "%.*f", st->decimals, v);
  else snprintf(buf, size, "%.10g", v);
}

static int expect_metric(sc_run *run, const sc_step *st) {
  redress_metrics *m = NULL;
  int group = REDRESS_METRICS_TOTAL;
  double value = 0;
  char msg[800];
  int rc = redress_metrics_new(&m, run->desk, NULL, st->group_by, run->now);
  if (rc == REDRESS_OK)
    rc = redress_metrics_add_store(m, REDRESS_METRICS_FROM_ALL, REDRESS_METRICS_TO_ALL);
  if (rc == REDRESS_OK && st->group_key != NULL &&
      redress_metrics_group_find(&group, m, st->group_key) != REDRESS_OK) {
    snprintf(msg, sizeof msg, "no group '%s' among the complaints", st->group_key);
    redress_metrics_free(m);
    return error(run, st, msg);
  }
  if (rc == REDRESS_OK) rc = redress_metrics_value(&value, m, group, st->metric);
  redress_metrics_free(m);
  if (rc != REDRESS_OK) {
    snprintf(msg, sizeof msg, "metrics: %s", redress_desk_errmsg(run->desk));
    return error(run, st, msg);
  }
  char want[64], got[64], what[96];
  metric_text(want, sizeof want, st, st->expected);
  metric_text(got, sizeof got, st, value);
  name_of(what, sizeof what, REDRESS_ENUM_METRIC, st->metric);
  if (!isnan(value) && !isnan(st->expected) && !st->percent && st->decimals == 0 &&
      fabs(value - st->expected) >= 1e-9 && strcmp(want, got) == 0)
    snprintf(got, sizeof got, "%.17g", value); /* printed alike, not equal */
  return judge(run, st, want, got, what);
}

int sc_expect(sc_run *run, const sc_step *st) {
  switch (st->kind) {
  case SC_EXPECT_STATE: return expect_state(run, st);
  case SC_EXPECT_POLICY: return expect_policy(run, st);
  case SC_EXPECT_DEADLINE: return expect_deadline(run, st);
  case SC_EXPECT_ALARMS: return expect_alarms(run, st);
  case SC_EXPECT_REFUSED: return expect_refused(run, st);
  case SC_EXPECT_VERDICT: return expect_verdict(run, st);
  default: return expect_metric(run, st);
  }
}
