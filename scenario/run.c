/*
 * Running a parsed scenario: a desk on the given store with the scenario's calendars
 * and policies and a clock the steps set; each step done as a host would (load,
 * verb, save), each expectation judged by expect.c.
 */
#include <stdio.h>
#include <string.h>

#include "sc.h"
#include <redress/sys/store.h>

static redress_time scenario_clock(void *ud) { return ((const sc_run *)ud)->now; }

void sc_record(sc_run *run, const sc_step *st, int outcome, const char *expected,
              const char *actual, const char *message) {
  char when[64] = "";
  if (run->clock_set) sc_time_format(when, sizeof when, run, run->now);
  sc_result_add(run->r, outcome, st->line, st->col, st->source, when, expected, actual,
                message);
}

/* An error of the setting, at a line (and column) of the scenario. */
static int setting_error_at(sc_run *run, unsigned line, unsigned col, const char *fmt,
                            const char *arg, const char *why) {
  char msg[1024];
  snprintf(msg, sizeof msg, fmt, arg, why);
  sc_result_add(run->r, REDRESS_SCENARIO_ERROR, line, col, "", "", "", "", msg);
  return -1;
}

static int setting_error(sc_run *run, unsigned line, const char *fmt, const char *arg,
                         const char *why) {
  return setting_error_at(run, line, 1, fmt, arg, why);
}

/* A calendar written in the scenario that the library refused "... at byte N": the
 * error at the line and column of the scenario where that byte is. */
static int calendar_error(sc_run *run, const sc_calendar *c) {
  const char *msg = redress_desk_errmsg(run->desk), *at = strstr(msg, " at byte ");
  size_t byte = 0;
  unsigned line = c->line, col = 1;
  if (c->body_line != 0 && at != NULL && sscanf(at, " at byte %zu", &byte) == 1 &&
      byte <= c->len) {
    line = c->body_line;
    const char *start = c->spec;
    for (const char *p = c->spec; p < c->spec + byte; p++)
      if (*p == '\n') {
        line++;
        start = p + 1;
      }
    col = c->body_indent + (unsigned)(c->spec + byte - start) + 1;
  }
  return setting_error_at(run, line, col, "calendar '%s': %s", c->name, msg);
}

/* "policy spec: line L, column C: ..." of a block read from the scenario: the error at
 * that place of the scenario file, the message saying the same. */
static int policies_error(sc_run *run) {
  const sc_scenario *s = run->s;
  const char *msg = redress_desk_errmsg(run->desk), *at = strstr(msg, "line ");
  unsigned l = 0, c = 0, line = s->policies_line, col = 1;
  int n = 0;
  char place[768];
  snprintf(place, sizeof place, "%s", msg);
  if (s->policies_body_line && at != NULL &&
      sscanf(at, "line %u, column %u:%n", &l, &c, &n) == 2 && n > 0 && l > 0) {
    line = s->policies_body_line + l - 1;
    col = c + s->policies_indent;
    snprintf(place, sizeof place, "%.*sline %u, column %u:%s", (int)(at - msg), msg, line,
             col, at + n);
  }
  return setting_error_at(run, line, col, "policies: %s%s", place, "");
}

/* A spec libredress ships ("calendar/gb-eng", "regime/uk-fca-disp"), when this
 * libredress has them (redress_builtin_spec(), found at configure time). */
static int builtin_text(const char **text, size_t *len, const char *kind, const char *name) {
#ifdef SC_HAVE_BUILTIN_SPEC
  char full[256];
  snprintf(full, sizeof full, "%s/%s", kind, name);
  return redress_builtin_spec(full, 0, NULL, text, len) == REDRESS_OK ? 0 : -1;
#else
  (void)text, (void)len, (void)kind, (void)name;
  return -1;
#endif
}

static int no_builtin(sc_run *run, const char *what, const char *name, unsigned line) {
#ifdef SC_HAVE_BUILTIN_SPEC
  return setting_error(run, line, "no built-in %s named '%s' in this libredress: give its "
                       "spec instead", what, name);
#else
  return setting_error(run, line,
                       "no built-in %s named '%s' in this libredress (it has no built-in "
                       "regimes or holiday calendars): give its spec instead", what, name);
#endif
}

static int has_calendar(const sc_scenario *s, const char *name, size_t len) {
  for (size_t i = 0; i < s->ncalendars; i++)
    if (strlen(s->calendars[i].name) == len && strncmp(s->calendars[i].name, name, len) == 0)
      return 1;
  return 0;
}

/* The built-in calendars a regime names ("  calendar gb-eng") that the scenario does
 * not give itself: added under their names, so `regime uk-fca-disp` alone works. */
static int regime_calendars(sc_run *run, const char *text, size_t len) {
  for (const char *line = text; line < text + len;) {
    const char *end = memchr(line, '\n', (size_t)(text + len - line));
    if (end == NULL) end = text + len;
    const char *w = line;
    while (w < end && (*w == ' ' || *w == '\t')) w++;
    if (end - w > 9 && strncmp(w, "calendar ", 9) == 0) {
      const char *name = w + 9;
      size_t n = strcspn(name, " \t\r\n#");
      char *copy = sc_strndup(run->a, name, n);
      const char *spec = NULL;
      size_t spec_len = 0;
      if (copy == NULL) return -2;
      if (!has_calendar(run->s, name, n) && builtin_text(&spec, &spec_len, "calendar", copy) == 0 &&
          redress_desk_add_calendar(run->desk, copy, spec, spec_len) != REDRESS_OK &&
          !strstr(redress_desk_errmsg(run->desk), "taken") &&
          !strstr(redress_desk_errmsg(run->desk), "exists"))
        return -1;
    }
    line = end + 1;
  }
  return 0;
}

static int load_regimes(sc_run *run) {
  const sc_scenario *s = run->s;
  for (size_t i = 0; i < s->nregimes; i++) {
    const char *text = NULL;
    size_t len = 0;
    if (builtin_text(&text, &len, "regime", s->regimes[i]) != 0)
      return no_builtin(run, "regime", s->regimes[i], s->regime_lines[i]);
    int rc = regime_calendars(run, text, len);
    if (rc == -2) return rc;
    if (rc == 0 && redress_desk_load_policies(run->desk, text, len) == REDRESS_OK) continue;
    return setting_error(run, s->regime_lines[i], "regime %s: %s", s->regimes[i],
                         redress_desk_errmsg(run->desk));
  }
  return 0;
}

static int zone_of(sc_run *run, const sc_calendar *c) {
  if (c->spec == NULL) return 0;
  const char *tz = NULL;
  for (const char *s = c->spec; s < c->spec + c->len && (s = strstr(s, "tz=")) != NULL; s += 3)
    if (s == c->spec || s[-1] == '\n' || s[-1] == ' ' || s[-1] == ';') {
      tz = s + 3;
      break;
    }
  if (tz == NULL) return 0;
  size_t n = strcspn(tz, " \t\r\n;#");
  run->zone = sc_strndup(run->a, tz, n);
  return run->zone == NULL ? -2 : 0;
}

static int setting(sc_run *run) {
  const sc_scenario *s = run->s;
  const sc_calendar *zone_cal = NULL;
  for (size_t i = 0; i < s->ncalendars; i++) {
    sc_calendar *c = &s->calendars[i];
    if (c->spec == NULL && builtin_text(&c->spec, &c->len, "calendar", c->name) != 0)
      return no_builtin(run, "calendar", c->name, c->line);
    int rc = redress_desk_add_calendar(run->desk, c->name, c->spec, c->len);
    if (rc != REDRESS_OK) return calendar_error(run, c);
    if (s->zone_calendar != NULL ? strcmp(s->zone_calendar, c->name) == 0 : zone_cal == NULL)
      zone_cal = c;
  }
  if (s->zone_calendar != NULL && zone_cal == NULL && strcmp(s->zone_calendar, "UTC") != 0)
    return setting_error(run, 1, "zone %s: no calendar of that name above%s", s->zone_calendar, "");
  int loaded = load_regimes(run);
  if (loaded != 0) return loaded;
  if (s->policies != NULL) {
    int rc = redress_desk_load_policies(run->desk, s->policies, s->policies_len);
    if (rc != REDRESS_OK) return policies_error(run);
  }
  if (zone_cal != NULL) {
    if (zone_of(run, zone_cal) != 0) return -2;
    int rc = redress_calendar_parse(&run->cal, run->desk, zone_cal->spec, zone_cal->len);
    if (rc != REDRESS_OK)
      return setting_error(run, zone_cal->line, "calendar '%s': %s", zone_cal->name,
                           redress_desk_errmsg(run->desk));
  }
  return 0;
}

/* ---- steps -------------------------------------------------------------------------- */

static int step_at(sc_run *run, const sc_step *st) {
  redress_time t = 0;
  char msg[512];
  if (!st->time.relative || run->clock_set) {
    if (sc_time_resolve(&t, run, &st->time, msg, sizeof msg) != 0) {
      sc_record(run, st, REDRESS_SCENARIO_ERROR, "", "", msg);
      return -1;
    }
  } else {
    sc_record(run, st, REDRESS_SCENARIO_ERROR, "", "", "the first 'at' needs a date, not a relative time");
    return -1;
  }
  if (run->clock_set && t < run->now) {
    char now[64], then[64];
    sc_time_format(now, sizeof now, run, run->now);
    sc_time_format(then, sizeof then, run, t);
    snprintf(msg, sizeof msg, "the clock cannot go back from %s to %s", now, then);
    sc_record(run, st, REDRESS_SCENARIO_ERROR, "", "", msg);
    return -1;
  }
  run->now = t;
  run->clock_set = 1;
  return 0;
}

static int need_clock(sc_run *run, const sc_step *st) {
  if (run->clock_set) return 0;
  sc_record(run, st, REDRESS_SCENARIO_ERROR, "", "", "set the clock first: 'at 2026-03-27 17:00'");
  return -1;
}

/* A step the library refused: a failure, unless the next step expects it. */
static int step_failed(sc_run *run, const sc_step *st, int rc, const char *what) {
  const sc_step *next = st + 1;
  int last = st == &run->s->steps[run->s->nsteps - 1];
  run->last_verb = st;
  run->last_verb_rc = rc;
  snprintf(run->last_verb_msg, sizeof run->last_verb_msg, "%s", redress_desk_errmsg(run->desk));
  if (!last && next->kind == SC_EXPECT_REFUSED) return 0;
  char msg[1024];
  snprintf(msg, sizeof msg, "%s refused: %s (%s)", what, run->last_verb_msg, redress_strerror(rc));
  sc_record(run, st, REDRESS_SCENARIO_FAIL, "done", "refused", msg);
  return -1;
}

static int step_create(sc_run *run, const sc_step *st) {
  const sc_values *v = &st->v;
  redress_complaint_fields f = REDRESS_COMPLAINT_FIELDS_INIT;
  f.id = st->id;
  f.customer_id = v->customer != NULL ? v->customer : "customer";
  f.customer_tier = v->tier;
  f.category = v->category;
  f.text = v->text;
  f.requested_remedy = v->requested;
  f.product = v->product;
  f.cause = v->cause;
  if (v->channel >= 0) f.channel = v->channel;
  if (v->severity >= 0) f.severity = v->severity;
  f.received_at = run->now;
  f.order_value = v->order_value;
  f.claimed_amount = v->claimed;
  f.expectation = v->expectation;
  f.bottom_line = v->bottom_line;
  f.customer_value = v->customer_value;
  f.prior_compensation = v->prior_compensation;
  f.prior_complaints = (uint32_t)v->prior_complaints;
  redress_complaint *c = NULL;
  int rc = redress_complaint_create(&c, run->desk, &f);
  if (rc == REDRESS_OK) rc = redress_desk_save(run->desk, c);
  redress_complaint_free(c);
  return rc == REDRESS_OK ? 0 : step_failed(run, st, rc, "create");
}

static int apply_verb(sc_run *run, redress_complaint *c, const sc_step *st) {
  const sc_values *v = &st->v;
  redress_time t = run->now;
  const char *by = v->actor != NULL ? v->actor : run->s->actor, *note = v->note;
  int64_t pay = v->compensation;
  redress_time due = 0;
  char msg[512];
  switch (st->verb) {
  case 0: return redress_complaint_acknowledge(c, t, by, note);
  case 1: return redress_complaint_investigate(c, t, by, note, v->point, v->demand);
  case 2: return redress_complaint_await_customer(c, t, by, note);
  case 3: return redress_complaint_customer_reply(c, t, by, note);
  case 4: return redress_complaint_customer_message(c, t, by, note);
  case 5: return redress_complaint_respond(c, t, by, note, v->decision, v->remedy, pay);
  case 6: return redress_complaint_fulfill(c, t, by, note);
  case 7: return redress_complaint_resolve_on_the_spot(c, t, by, note, v->decision, v->remedy, pay);
  case 8: return redress_complaint_confirm(c, t, by, note, v->satisfaction);
  case 9: return redress_complaint_close(c, t, by, note);
  case 10: return redress_complaint_withdraw(c, t, by, note);
  case 11: return redress_complaint_reopen(c, t, by, note);
  case 12: return redress_complaint_note(c, t, by, note, v->visible);
  case 13: return redress_complaint_update(c, t, by, note);
  case 14:
    if (sc_time_resolve(&due, run, &v->due, msg, sizeof msg) != 0) return REDRESS_ERR_INVALID;
    return redress_complaint_promise(c, t, by, note, due);
  case 15: return redress_complaint_hold(c, t, by, note);
  case 16: return redress_complaint_assess(c, t, by, note, v->legitimacy);
  case 17: return redress_complaint_escalate(c, t, by, note, v->to);
  case 18: return redress_complaint_set_severity(c, t, by, note, v->severity);
  case 19: return redress_complaint_await_third_party(c, t, by, note, v->to);
  case 20: return redress_complaint_third_party_reply(c, t, by, note);
  case 21: return redress_complaint_migrate_policy(c, t, by, note);
  case 22: return redress_complaint_move_channel(c, t, by, note, v->channel);
  default: return redress_complaint_assign(c, t, by, note, v->owner, v->team);
  }
}

static int step_verb(sc_run *run, const sc_step *st) {
  redress_complaint *c = NULL;
  int rc = redress_desk_load(&c, run->desk, st->id);
  if (rc == REDRESS_OK) rc = apply_verb(run, c, st);
  if (rc == REDRESS_OK) rc = redress_desk_save(run->desk, c);
  redress_complaint_free(c);
  if (rc != REDRESS_OK) return step_failed(run, st, rc, sc_verbs[st->verb].name);
  run->last_verb = st;
  run->last_verb_rc = REDRESS_OK;
  return 0;
}

static int on_alarm(const redress_complaint *c, int kind, int level, redress_time due,
                    void *payload) {
  sc_run *run = payload;
  if (run->nalarms == run->cap_alarms) {
    size_t cap = run->cap_alarms ? run->cap_alarms * 2 : 16;
    sc_seen_alarm *more = sc_alloc(run->a, cap * sizeof *more);
    if (more == NULL) return 1;
    if (run->nalarms) memcpy(more, run->alarms, run->nalarms * sizeof *more);
    run->alarms = more;
    run->cap_alarms = cap;
  }
  sc_seen_alarm *al = &run->alarms[run->nalarms];
  al->id = sc_strdup(run->a, redress_complaint_id(c));
  if (al->id == NULL) return 1;
  al->kind = kind;
  al->level = level;
  al->due = due;
  run->nalarms++;
  return 0;
}

static int step_tick(sc_run *run, const sc_step *st) {
  run->nalarms = 0;
  run->ticked = 1;
  int rc = redress_desk_tick(run->desk, run->now, on_alarm, run);
  if (rc == REDRESS_OK) return 0;
  if (run->a->failed) return -2;
  char msg[1024];
  snprintf(msg, sizeof msg, "tick failed: %s (%s)", redress_desk_errmsg(run->desk), redress_strerror(rc));
  sc_record(run, st, REDRESS_SCENARIO_FAIL, "", "", msg);
  return -1;
}

static int run_step(sc_run *run, const sc_step *st) {
  if (st->kind == SC_AT) return step_at(run, st);
  if (need_clock(run, st) != 0) return -1;
  switch (st->kind) {
  case SC_CREATE: return step_create(run, st);
  case SC_VERB: return step_verb(run, st);
  case SC_TICK: return step_tick(run, st);
  default: return sc_expect(run, st);
  }
}

/* Opens the desk, plays the setting and the steps; checks go to run->r. A step that
 * fails stops the run (what follows would judge a different story). */
static int play(sc_run *run, const redress_scenario_options *o) {
  redress_desk_options d = REDRESS_DESK_OPTIONS_INIT;
  d.store = o->store;
  d.clock = scenario_clock;
  d.clock_ud = run;
  d.zoneinfo_dir = run->s->zoneinfo != NULL ? run->s->zoneinfo : o->zoneinfo_dir;
  d.tenant = o->tenant != NULL ? o->tenant : run->s->tenant;
  int rc = redress_desk_open(&run->desk, &d);
  if (rc != REDRESS_OK) {
    if (o->store != NULL && o->store->destroy != NULL) o->store->destroy(o->store->ud);
    if (rc == REDRESS_ERR_NOMEM) return -2;
    return setting_error(run, 0, "cannot open the desk: %s%s", redress_strerror(rc), "");
  }
  rc = setting(run);
  for (size_t i = 0; rc == 0 && i < run->s->nsteps; i++) {
    rc = run_step(run, &run->s->steps[i]);
    if (rc == -1 && run->s->steps[i].kind >= SC_EXPECT_STATE) rc = 0; /* judged; go on */
  }
  redress_calendar_free(run->cal);
  redress_desk_close(run->desk);
  return run->a->failed ? -2 : 0;
}

int sc_run_scenario(redress_scenario_result *r, const sc_scenario *s,
                    const redress_scenario_options *o, sc_arena *a) {
  sc_run run;
  memset(&run, 0, sizeof run);
  run.s = s;
  run.r = r;
  run.a = a;
  return play(&run, o);
}
