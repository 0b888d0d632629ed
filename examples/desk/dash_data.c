/*
 * The dashboard's figures. The totals and the breakdowns are accumulators over the
 * whole store (redress_metrics_add_store), judged as of the report's time; the trend
 * is one accumulator grouped by ISO week of receipt (REDRESS_GROUP_BY_WEEK); the
 * tables come from one scan of the store's records, decoding only the complaints
 * still open.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dashboard.h"

#define DAY 86400
#define WEEK (7 * DAY)

static const struct {
  int group_by;
  const char *name;
} breakdowns[DASH_BREAKDOWNS] = {
    [DASH_BY_CHANNEL] = {REDRESS_GROUP_BY_CHANNEL, "channel"},
    [DASH_BY_TEAM] = {REDRESS_GROUP_BY_TEAM, "team"},
    [DASH_BY_CATEGORY] = {REDRESS_GROUP_BY_CATEGORY, "category"},
};

int dash_grouping(int breakdown) { return breakdowns[breakdown].group_by; }
const char *dash_grouping_name(int breakdown) { return breakdowns[breakdown].name; }

/* An accumulator over the stored complaints received in [from, to). */
static int accumulate(app *a, redress_metrics **out, int group_by, redress_time as_of,
                      redress_time from, redress_time to) {
  int lib = redress_metrics_new(out, a->desk, NULL, group_by, as_of);
  if (lib == REDRESS_OK) lib = redress_metrics_add_store(*out, from, to);
  return lib == REDRESS_OK ? EXIT_OK : app_fail_rc(a, lib, "report --html");
}

/* ---- the weeks ------------------------------------------------------------------------ */

/* The Monday 00:00 UTC of the week holding t (1970-01-01 was a Thursday). */
static redress_time week_start(redress_time t) {
  redress_time days = t / DAY - (t % DAY < 0);
  redress_time weekday = ((days + 3) % 7 + 7) % 7; /* Monday 0 */
  return (days - weekday) * DAY;
}

/* "2026-W10": the ISO week belongs to the year of its Thursday. */
static void iso_week_key(char *buf, size_t size, redress_time monday) {
  time_t thursday = (time_t)(monday + 3 * DAY);
  struct tm tm;
  gmtime_r(&thursday, &tm);
  snprintf(buf, size, "%04d-W%02d", tm.tm_year + 1900, tm.tm_yday / 7 + 1);
}

/*
 * The weekly series: one accumulator grouped by ISO week of receipt (UTC), over the
 * complaints received in the weeks shown; a week without complaints reads the figures
 * of an empty accumulator (0 complaints, rates with nothing to measure).
 */
static int collect_weeks(app *a, dash_data *d) {
  if (d->first > d->last) return EXIT_OK;
  redress_time from = week_start(d->first), last = week_start(d->last);
  size_t count = (size_t)((last - from) / WEEK) + 1;
  if (count > DASH_MAX_WEEKS) {
    d->weeks_left_out = count - DASH_MAX_WEEKS;
    from = last - (DASH_MAX_WEEKS - 1) * WEEK;
  }
  int rc = accumulate(a, &d->by_week, REDRESS_GROUP_BY_WEEK, d->as_of, from, last + WEEK);
  int lib = REDRESS_OK;
  if (rc == EXIT_OK &&
      (lib = redress_metrics_new(&d->no_week, a->desk, NULL, REDRESS_GROUP_BY_NONE, d->as_of)) !=
          REDRESS_OK)
    rc = app_fail_rc(a, lib, "report --html");
  for (redress_time monday = from; rc == EXIT_OK && monday <= last; monday += WEEK) {
    dash_week *w = &d->weeks[d->n_weeks++];
    iso_week_key(w->key, sizeof w->key, monday);
    w->start = monday;
    w->m = d->by_week;
    if (redress_metrics_group_find(&w->group, d->by_week, w->key) != REDRESS_OK) {
      w->m = d->no_week;
      w->group = REDRESS_METRICS_TOTAL;
    }
  }
  return rc;
}

/* ---- the open complaints ---------------------------------------------------------------- */

typedef struct scan {
  app *a;
  dash_data *d;
  int rc; /* the first failure inside the callback */
} scan;

static char *copy(const char *s) {
  if (s == NULL) return NULL;
  size_t n = strlen(s) + 1;
  char *c = malloc(n);
  if (c != NULL) memcpy(c, s, n);
  return c;
}

static int add_breach(dash_data *d, size_t case_index, const redress_deadline *dl) {
  if (d->n_breaches == d->cap_breaches) {
    size_t cap = d->cap_breaches ? 2 * d->cap_breaches : 32;
    dash_breach *b = realloc(d->breaches, cap * sizeof *b);
    if (b == NULL) return -1;
    d->breaches = b;
    d->cap_breaches = cap;
  }
  d->breaches[d->n_breaches++] = (dash_breach){case_index, dl->kind, dl->due};
  return 0;
}

/* The breached deadlines of the case, and its nearest pending one. */
static int judge(scan *s, dash_case *c, const redress_record *r) {
  redress_complaint *complaint = NULL;
  redress_deadlines *list = NULL;
  int lib = redress_complaint_from_json(&complaint, s->a->desk, r->doc, r->doc_len);
  if (lib == REDRESS_OK) lib = redress_complaint_deadlines(&list, complaint, s->d->as_of);
  if (lib != REDRESS_OK) {
    char what[REDRESS_MAX_ID_BYTES + 48];
    snprintf(what, sizeof what, "report --html: complaint '%s'", r->id);
    s->rc = app_fail_rc(s->a, lib, what);
  }
  c->next_due = REDRESS_TIME_NEVER;
  for (size_t i = 0; i < redress_deadlines_count(list) && s->rc == EXIT_OK; i++) {
    redress_deadline dl = REDRESS_DEADLINE_INIT;
    redress_deadlines_get(&dl, list, i); /* cannot fail: i is below the count */
    if (dl.state == REDRESS_DEADLINE_PENDING && dl.due < c->next_due) c->next_due = dl.due;
    if (dl.state != REDRESS_DEADLINE_BREACHED) continue;
    if (add_breach(s->d, s->d->n_cases, &dl) != 0) s->rc = app_fail(s->a, "out of memory");
    else s->d->breached_cases += c->breaches++ == 0;
  }
  redress_deadlines_free(list);
  redress_complaint_free(complaint);
  return s->rc;
}

static int take_case(scan *s, const redress_record *r) {
  dash_data *d = s->d;
  if (d->n_cases == d->cap_cases) {
    size_t cap = d->cap_cases ? 2 * d->cap_cases : 64;
    dash_case *c = realloc(d->cases, cap * sizeof *c);
    if (c == NULL) return s->rc = app_fail(s->a, "out of memory");
    d->cases = c;
    d->cap_cases = cap;
  }
  dash_case *c = &d->cases[d->n_cases];
  memset(c, 0, sizeof *c);
  c->id = copy(r->id);
  c->team = copy(r->team);
  c->owner = copy(r->owner);
  if (c->id == NULL || (r->team && !c->team) || (r->owner && !c->owner)) {
    free(c->id), free(c->team), free(c->owner);
    return s->rc = app_fail(s->a, "out of memory");
  }
  c->state = r->state;
  c->severity = r->severity;
  c->channel = r->channel;
  c->received_at = r->received_at;
  if (judge(s, c, r) != EXIT_OK) {
    free(c->id), free(c->team), free(c->owner);
    return s->rc;
  }
  d->n_cases++;
  return EXIT_OK;
}

/* Records live only during the callback: a case copies what it shows. */
static int each_record(const redress_record *r, void *payload) {
  scan *s = payload;
  dash_data *d = s->d;
  if (r->received_at < d->first) d->first = r->received_at;
  if (r->received_at > d->last) d->last = r->received_at;
  if (r->state == REDRESS_STATE_CLOSED || r->state == REDRESS_STATE_WITHDRAWN) return 0;
  return take_case(s, r) != EXIT_OK;
}

static int oldest_first(const void *x, const void *y) {
  const dash_case *a = x, *b = y;
  if (a->received_at != b->received_at) return a->received_at < b->received_at ? -1 : 1;
  return strcmp(a->id, b->id);
}

/* Sorting the cases moves them: the breaches follow by id. */
static int longest_overdue(const void *x, const void *y) {
  const dash_breach *a = x, *b = y;
  if (a->due != b->due) return a->due < b->due ? -1 : 1;
  if (a->case_index != b->case_index) return a->case_index < b->case_index ? -1 : 1;
  return a->kind - b->kind;
}

static int collect_cases(app *a, dash_data *d) {
  scan s = {a, d, EXIT_OK};
  int lib = a->records.scan(a->records.ud, each_record, &s);
  if (s.rc != EXIT_OK) return s.rc;
  if (lib != REDRESS_OK) return app_fail_store(a, lib, "report --html");
  /* sort the cases, then point each breach at its case's new place */
  char **ids = malloc((d->n_cases ? d->n_cases : 1) * sizeof *ids);
  if (ids == NULL) return app_fail(a, "out of memory");
  for (size_t i = 0; i < d->n_cases; i++) ids[i] = d->cases[i].id;
  qsort(d->cases, d->n_cases, sizeof *d->cases, oldest_first);
  for (size_t b = 0; b < d->n_breaches; b++) {
    const char *id = ids[d->breaches[b].case_index];
    for (size_t i = 0; i < d->n_cases; i++)
      if (d->cases[i].id == id) d->breaches[b].case_index = i;
  }
  free(ids);
  qsort(d->breaches, d->n_breaches, sizeof *d->breaches, longest_overdue);
  return EXIT_OK;
}

/* ---- all of it ------------------------------------------------------------------------ */

int dash_collect(app *a, dash_data *d, redress_time as_of) {
  memset(d, 0, sizeof *d);
  d->as_of = as_of;
  d->first = REDRESS_TIME_MAX;
  d->last = REDRESS_TIME_MIN;
  int rc = accumulate(a, &d->total, REDRESS_GROUP_BY_NONE, as_of, REDRESS_METRICS_FROM_ALL,
                      REDRESS_METRICS_TO_ALL);
  for (int b = 0; rc == EXIT_OK && b < DASH_BREAKDOWNS; b++)
    rc = accumulate(a, &d->by[b], breakdowns[b].group_by, as_of, REDRESS_METRICS_FROM_ALL,
                    REDRESS_METRICS_TO_ALL);
  if (rc == EXIT_OK) rc = collect_cases(a, d);
  if (rc == EXIT_OK) rc = collect_weeks(a, d);
  return rc;
}

void dash_free(dash_data *d) {
  redress_metrics_free(d->total);
  for (int b = 0; b < DASH_BREAKDOWNS; b++) redress_metrics_free(d->by[b]);
  redress_metrics_free(d->by_week);
  redress_metrics_free(d->no_week);
  for (size_t i = 0; i < d->n_cases; i++) {
    free(d->cases[i].id);
    free(d->cases[i].team);
    free(d->cases[i].owner);
  }
  free(d->cases);
  free(d->breaches);
  memset(d, 0, sizeof *d);
}
