/*
 * Retention metrics, side by side with SQL: every metric of 1,000,000 in-memory
 * complaints through a redress_metrics accumulator (new, add_many, read all 65
 * values), versus the same figures as SQL aggregates over an SQLite table (in
 * memory) holding one row of facts per complaint: the state, decision and outcome,
 * the deadline verdicts, the durations. A host keeping its complaints in SQL would
 * maintain such columns; here they are derived once through the public API (not
 * timed). Counts, rates and means come from one aggregate query; each median and
 * p90 from `ORDER BY x LIMIT 2 OFFSET k` (the two closest ranks, interpolated as the
 * library does). Before any figure is printed, the SQL answers are checked against
 * the accumulator's.
 *
 * Both sides start from per-complaint facts: SQL's columns, and the digests the
 * accumulator keeps in each complaint (derived by a first accumulation, timed and
 * reported apart). Also: the time to accumulate alone (issue #5: under 100 ms for
 * 1,000,000) with add_many and with one add per complaint, and the accumulator's
 * peak memory (a counting allocator) and the process's peak RSS.
 *
 *   bench_metrics_sql [complaints] [--label TEXT]   (default 1000000; the label is
 *                                                    added to each workload's name)
 */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_complaint.h"
#include "bench_util.h"
#include "../support/read.h"

#define DAY ((redress_time)86400)
#define RUNS 3 /* a run is seconds long on both sides */

/* ---- facts of one complaint, as a SQL host would keep them ------------------- */

typedef struct facts {
  int state, decision, outcome, on_the_spot, resolved, contacted, dissatisfied;
  int64_t ack_secs, res_secs; /* -1: no sample */
  unsigned reopens;
  int satisfaction;           /* 0: none */
  int64_t customer_value;     /* -1: unknown */
  int64_t compensation_paid;
  int deadlines[REDRESS_DEADLINE_KIND_COUNT][3]; /* met, met late, breached */
} facts;

static void read_events(facts *f, const redress_complaint *c) {
  redress_time received = th_number(c, REDRESS_FIELD_RECEIVED_AT), resolved_at = 0;
  f->ack_secs = f->res_secs = -1;
  for (size_t i = 0; i < redress_complaint_event_count(c); i++) {
    const redress_event *ev = redress_complaint_event(c, i);
    int64_t visible = 0;
    int kind = ((int)th_event_number(ev, REDRESS_FIELD_KIND));
    if (!f->contacted && redress_event_number(&visible, ev, REDRESS_FIELD_VISIBLE) == REDRESS_OK &&
        visible) {
      f->contacted = 1;
      f->ack_secs = th_event_number(ev, REDRESS_FIELD_AT) - received;
    }
    if (kind == REDRESS_EVENT_FULFILL || kind == REDRESS_EVENT_RESOLVE_ON_THE_SPOT) {
      f->resolved = 1;
      resolved_at = th_event_number(ev, REDRESS_FIELD_AT);
    } else if (kind == REDRESS_EVENT_REOPEN) {
      f->resolved = 0;
    }
  }
  if (f->resolved) f->res_secs = resolved_at - received;
}

static void read_deadlines(facts *f, const redress_complaint *c, redress_time as_of) {
  redress_deadlines *l = NULL;
  bench_check(redress_complaint_deadlines(&l, c, as_of), NULL, "deadlines");
  for (size_t i = 0; i < redress_deadlines_count(l); i++) {
    int kind = th_deadline(l, i).kind, state = th_deadline(l, i).state;
    if (state == REDRESS_DEADLINE_MET) f->deadlines[kind][0]++;
    if (state == REDRESS_DEADLINE_MET_LATE) f->deadlines[kind][1]++;
    if (state == REDRESS_DEADLINE_BREACHED) f->deadlines[kind][2]++;
  }
  redress_deadlines_free(l);
}

static facts facts_of(const redress_complaint *c, redress_time as_of) {
  facts f;
  memset(&f, 0, sizeof f);
  f.state = redress_complaint_state(c);
  f.decision = ((int)th_number(c, REDRESS_FIELD_DECISION));
  f.on_the_spot = ((int)th_number(c, REDRESS_FIELD_ON_THE_SPOT));
  f.reopens = ((unsigned)th_number(c, REDRESS_FIELD_REOPEN_COUNT));
  f.satisfaction = ((int)th_number(c, REDRESS_FIELD_SATISFACTION));
  f.customer_value = th_number(c, REDRESS_FIELD_CUSTOMER_VALUE);
  read_events(&f, c);
  read_deadlines(&f, c, as_of);
  f.outcome = f.decision == REDRESS_DECISION_DECLINED ? 2 : f.on_the_spot ? 0 : f.resolved ? 1 : 2;
  f.dissatisfied = f.outcome == 2 || (f.satisfaction >= 1 && f.satisfaction <= 2);
  int64_t comp = th_number(c, REDRESS_FIELD_COMPENSATION);
  if (f.resolved && comp != REDRESS_AMOUNT_UNKNOWN) f.compensation_paid = comp;
  return f;
}

/* ---- the SQLite table -------------------------------------------------------- */

static void sql_ok(int rc, sqlite3 *db, const char *what) {
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return;
  fprintf(stderr, "bench_metrics_sql: %s: %s\n", what, sqlite3_errmsg(db));
  exit(1);
}

#define DEADLINE_COLUMNS(k) " d" #k "_met INTEGER, d" #k "_late INTEGER, d" #k "_breached INTEGER,"
static const char schema[] =
  "CREATE TABLE f(id INTEGER PRIMARY KEY, state INTEGER, decision INTEGER, outcome INTEGER,"
  " on_the_spot INTEGER, resolved INTEGER, contacted INTEGER, dissatisfied INTEGER,"
  " ack_secs INTEGER, ack_bsecs INTEGER, res_secs INTEGER, res_bsecs INTEGER,"
  " reopens INTEGER, satisfaction INTEGER, customer_value INTEGER,"
  DEADLINE_COLUMNS(0) DEADLINE_COLUMNS(1) DEADLINE_COLUMNS(2) DEADLINE_COLUMNS(3)
  DEADLINE_COLUMNS(4) " compensation_paid INTEGER)";

static void bind_or_null(sqlite3_stmt *st, int col, int64_t v) {
  if (v < 0)
    sqlite3_bind_null(st, col);
  else
    sqlite3_bind_int64(st, col, v);
}

static void insert_facts(sqlite3_stmt *st, size_t id, const facts *f) {
  int col = 1;
  sqlite3_bind_int64(st, col++, (sqlite3_int64)id);
  const int ints[] = {f->state,     f->decision,  f->outcome,     f->on_the_spot,
                      f->resolved,  f->contacted, f->dissatisfied};
  for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) sqlite3_bind_int(st, col++, ints[i]);
  /* The default policy has no calendar: business seconds equal calendar seconds. */
  bind_or_null(st, col++, f->ack_secs);
  bind_or_null(st, col++, f->ack_secs);
  bind_or_null(st, col++, f->res_secs);
  bind_or_null(st, col++, f->res_secs);
  sqlite3_bind_int(st, col++, (int)f->reopens);
  bind_or_null(st, col++, f->satisfaction > 0 ? f->satisfaction : -1);
  bind_or_null(st, col++, f->customer_value);
  for (int k = 0; k < REDRESS_DEADLINE_KIND_COUNT; k++)
    for (int s = 0; s < 3; s++) sqlite3_bind_int(st, col++, f->deadlines[k][s]);
  sqlite3_bind_int64(st, col, f->compensation_paid);
  if (sqlite3_step(st) != SQLITE_DONE) exit(1);
  sqlite3_reset(st);
}

static sqlite3 *fill_sqlite(redress_complaint **cs, size_t n, redress_time as_of) {
  sqlite3 *db = NULL;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) exit(1);
  sql_ok(sqlite3_exec(db, schema, NULL, NULL, NULL), db, "schema");
  sql_ok(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), db, "begin");
  sqlite3_stmt *st = NULL;
  sql_ok(sqlite3_prepare_v2(db,
                            "INSERT INTO f VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,"
                            "?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                            -1, &st, NULL),
         db, "prepare insert");
  for (size_t i = 0; i < n; i++) {
    facts f = facts_of(cs[i], as_of);
    insert_facts(st, i, &f);
  }
  sqlite3_finalize(st);
  sql_ok(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), db, "commit");
  return db;
}

/* ---- the SQL side of the workload -------------------------------------------- */

#define DEADLINE_SUMS(k) ", SUM(d" #k "_met), SUM(d" #k "_late), SUM(d" #k "_breached)"
/* Column order is what sql_metrics() reads; the retention coefficients are the
 * defaults of REDRESS_RETENTION_MODEL_INIT. */
static const char aggregate[] =
  "SELECT COUNT(*), SUM(state=0), SUM(state=1), SUM(state=2), SUM(state=3), SUM(state=4),"
  " SUM(state=5), SUM(state=6), SUM(state=7), SUM(decision=0), SUM(decision=1),"
  " SUM(decision=2), SUM(decision=3), SUM(on_the_spot), SUM(resolved), SUM(outcome=0),"
  " SUM(outcome=1), SUM(outcome=2)" DEADLINE_SUMS(0) DEADLINE_SUMS(1) DEADLINE_SUMS(2)
  DEADLINE_SUMS(3) DEADLINE_SUMS(4)
  ", SUM(contacted), AVG(ack_secs), AVG(ack_bsecs), AVG(res_secs), AVG(res_bsecs),"
  " COUNT(ack_secs), COUNT(ack_bsecs), COUNT(res_secs), COUNT(res_bsecs),"
  " SUM(reopens>0), SUM(reopens), COUNT(satisfaction), AVG(satisfaction),"
  " SUM(satisfaction>=4), SUM(compensation_paid>0), SUM(compensation_paid),"
  " SUM(customer_value IS NULL), SUM(dissatisfied),"
  " SUM(CASE outcome WHEN 0 THEN 0.95 WHEN 1 THEN 0.70 ELSE 0.09 END),"
  " SUM(CASE outcome WHEN 0 THEN 0.05 WHEN 1 THEN 0.30 ELSE 0.91 END"
  "     * COALESCE(customer_value, 0)) FROM f";
#define AGG_COLUMNS 53

static const char *const quantile_sql[4] = {
  "SELECT ack_secs FROM f WHERE ack_secs IS NOT NULL ORDER BY ack_secs LIMIT 2 OFFSET ?",
  "SELECT ack_bsecs FROM f WHERE ack_bsecs IS NOT NULL ORDER BY ack_bsecs LIMIT 2 OFFSET ?",
  "SELECT res_secs FROM f WHERE res_secs IS NOT NULL ORDER BY res_secs LIMIT 2 OFFSET ?",
  "SELECT res_bsecs FROM f WHERE res_bsecs IS NOT NULL ORDER BY res_bsecs LIMIT 2 OFFSET ?",
};

/* The q = num/den quantile of the n values of query `sql`, interpolated between the
 * two closest ranks as the library does. */
static double sql_quantile(sqlite3 *db, const char *sql, double n, double num, double den) {
  if (n < 1) return NAN;
  double h = (n - 1) * num / den, lo = floor(h);
  sqlite3_stmt *st = NULL;
  sql_ok(sqlite3_prepare_v2(db, sql, -1, &st, NULL), db, "prepare quantile");
  sqlite3_bind_int64(st, 1, (sqlite3_int64)lo);
  double v[2] = {NAN, NAN};
  for (int i = 0; i < 2 && sqlite3_step(st) == SQLITE_ROW; i++) v[i] = sqlite3_column_double(st, 0);
  sqlite3_finalize(st);
  return h > lo ? v[0] + (h - lo) * (v[1] - v[0]) : v[0];
}

/* Every figure: the aggregate row, then the 8 quantiles. */
typedef struct sql_figures {
  double agg[AGG_COLUMNS];
  double quantile[4][2]; /* ack, ack business, resolve, resolve business x median, p90 */
} sql_figures;

static void sql_metrics(sqlite3 *db, sql_figures *out) {
  sqlite3_stmt *st = NULL;
  sql_ok(sqlite3_prepare_v2(db, aggregate, -1, &st, NULL), db, "prepare aggregate");
  sql_ok(sqlite3_step(st), db, "aggregate");
  for (int i = 0; i < AGG_COLUMNS; i++) out->agg[i] = sqlite3_column_double(st, i);
  sqlite3_finalize(st);
  const int count_col[4] = {38, 39, 40, 41}; /* COUNT(ack_secs) .. COUNT(res_bsecs) */
  for (int s = 0; s < 4; s++) {
    out->quantile[s][0] = sql_quantile(db, quantile_sql[s], out->agg[count_col[s]], 1, 2);
    out->quantile[s][1] = sql_quantile(db, quantile_sql[s], out->agg[count_col[s]], 9, 10);
  }
}

/* ---- our side ------------------------------------------------------------------- */

typedef struct our_figures {
  double value[REDRESS_METRIC_COUNT];
  double add_seconds, total_seconds;
  size_t accumulator_peak; /* bytes the accumulator held at its largest */
} our_figures;

/* How the complaints are given to the accumulator. */
enum { ONE_BY_ONE, AS_ARRAY };

static void our_metrics(redress_desk *desk, const bench_counter *counter, redress_complaint **cs,
                        size_t n, redress_time as_of, int how, our_figures *out) {
  size_t before = counter->live;
  double t0 = bench_cpu_seconds();
  redress_metrics *m = NULL;
  bench_check(redress_metrics_new(&m, desk, NULL, REDRESS_GROUP_BY_NONE, as_of), desk, "new");
  if (how == AS_ARRAY)
    bench_check(redress_metrics_add_many(NULL, m, cs, n), desk, "add_many");
  else
    for (size_t i = 0; i < n; i++) bench_check(redress_metrics_add(m, cs[i]), desk, "add");
  double t1 = bench_cpu_seconds();
  size_t held = counter->live - before;
  for (int k = 0; k < REDRESS_METRIC_COUNT; k++)
    bench_check(redress_metrics_value(&out->value[k], m, REDRESS_METRICS_TOTAL, k), desk, "value");
  redress_metrics_free(m);
  double t2 = bench_cpu_seconds();
  out->add_seconds = t1 - t0;
  out->total_seconds = t2 - t0;
  out->accumulator_peak = held;
}

/* ---- agreement ------------------------------------------------------------------ */

static int close_enough(double a, double b) {
  if (a != a || b != b) return a != a && b != b;
  return fabs(a - b) <= 1e-9 * fmax(1.0, fmax(fabs(a), fabs(b)));
}

/* Pairs of (metric, SQL figure) that must agree. */
static int agreement(const our_figures *o, const sql_figures *s) {
  const double *a = s->agg;
  double decided_ack = a[18] + a[19] + a[20], decided_res = a[24] + a[25] + a[26];
  struct { int metric; double sql; } pairs[] = {
    {REDRESS_METRIC_COMPLAINTS, a[0]},
    {REDRESS_METRIC_STATE_RECEIVED, a[1]},
    {REDRESS_METRIC_STATE_RESOLVED, a[6]},
    {REDRESS_METRIC_STATE_CLOSED, a[7]},
    {REDRESS_METRIC_DECISION_DECLINED, a[12]},
    {REDRESS_METRIC_OUTCOME_UNRESOLVED, a[17]},
    {REDRESS_METRIC_ACKNOWLEDGE_ON_TIME_RATE, a[18] / decided_ack},
    {REDRESS_METRIC_RESOLVE_ON_TIME_RATE, a[24] / decided_res},
    {REDRESS_METRIC_FOLLOW_UP_BREACHES, a[31] + a[32]},
    {REDRESS_METRIC_TIME_TO_ACKNOWLEDGE_MEAN, a[34]},
    {REDRESS_METRIC_TIME_TO_ACKNOWLEDGE_MEDIAN, s->quantile[0][0]},
    {REDRESS_METRIC_TIME_TO_ACKNOWLEDGE_P90, s->quantile[0][1]},
    {REDRESS_METRIC_TIME_TO_RESOLVE_MEDIAN, s->quantile[2][0]},
    {REDRESS_METRIC_TIME_TO_RESOLVE_P90, s->quantile[2][1]},
    {REDRESS_METRIC_TIME_TO_RESOLVE_BUSINESS_P90, s->quantile[3][1]},
    {REDRESS_METRIC_SATISFACTION_MEAN, a[45]},
    {REDRESS_METRIC_COMPENSATION_PAID, a[48]},
    {REDRESS_METRIC_DISSATISFIED_COMPLAINANTS, a[50]},
    {REDRESS_METRIC_EXPECTED_RETAINED, a[51]},
    {REDRESS_METRIC_REVENUE_AT_RISK, a[52]},
  };
  int bad = 0;
  for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
    double ours = o->value[pairs[i].metric];
    /* Sums of doubles in another order: allow a relative 1e-9. */
    if (close_enough(ours, pairs[i].sql)) continue;
    fprintf(stderr, "disagree: %s ours %.10g, SQL %.10g\n", redress_enum_name(REDRESS_ENUM_METRIC, pairs[i].metric),
            ours, pairs[i].sql);
    bad++;
  }
  printf("checked %zu figures: %s\n", sizeof pairs / sizeof pairs[0],
         bad == 0 ? "SQL and the accumulator agree" : "DISAGREEMENT (see stderr)");
  return bad == 0;
}

int main(int argc, char **argv) {
  size_t n = 1000000;
  const char *label = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--label") == 0 && i + 1 < argc)
      label = argv[++i];
    else
      n = (size_t)strtoull(argv[i], NULL, 10);
  }
  if (n == 0) return 1;
  char suffix[64] = "";
  if (label != NULL) snprintf(suffix, sizeof suffix, " (%s)", label);
  bench_counter counter = {0, 0, 0};
  redress_allocator alloc = bench_counting_allocator(&counter);
  redress_desk_options opts = REDRESS_DESK_OPTIONS_INIT;
  opts.allocator = &alloc;
  redress_desk *desk = NULL;
  bench_check(redress_desk_open(&desk, &opts), NULL, "desk_open");
  redress_complaint **cs = malloc(n * sizeof *cs);
  if (cs == NULL) return 1;
  uint64_t rng = 42;
  double t0 = bench_wall_seconds();
  for (size_t i = 0; i < n; i++) cs[i] = bench_mixed_complaint(desk, i, &rng);
  redress_time as_of = BENCH_T0 + 70 * DAY;
  double t1 = bench_wall_seconds();
  sqlite3 *db = fill_sqlite(cs, n, as_of);
  double t2 = bench_wall_seconds();
  double rss_before = bench_peak_rss_bytes();
  printf("metrics: %zu complaints built in %.1f s, their facts put in SQLite %s (:memory:) in"
         " %.1f s\n",
         n, t1 - t0, sqlite3_libversion(), t2 - t1);

  /* The first accumulation derives every complaint's digest (a replay of its
   * history); later ones read the digests. Both are figures a host sees: the first
   * after the complaints changed, the others when they did not. */
  our_figures o;
  our_metrics(desk, &counter, cs, n, as_of, ONE_BY_ONE, &o);
  double first_add = o.add_seconds * 1e3;
  double ours_total[RUNS], ours_add[RUNS], ours_many[RUNS], theirs[RUNS];
  sql_figures s;
  for (int r = 0; r < RUNS; r++) {
    our_metrics(desk, &counter, cs, n, as_of, ONE_BY_ONE, &o);
    ours_add[r] = o.add_seconds * 1e3;
    our_metrics(desk, &counter, cs, n, as_of, AS_ARRAY, &o);
    ours_total[r] = o.total_seconds * 1e3;
    ours_many[r] = o.add_seconds * 1e3;
    double q0 = bench_cpu_seconds();
    sql_metrics(db, &s);
    theirs[r] = (bench_cpu_seconds() - q0) * 1e3;
  }
  int agree = agreement(&o, &s);
  char sp_ours[64], sp_add[64], sp_many[64], sp_theirs[64];
  bench_spread(sp_ours, sizeof sp_ours, ours_total, RUNS);
  bench_spread(sp_add, sizeof sp_add, ours_add, RUNS);
  bench_spread(sp_many, sizeof sp_many, ours_many, RUNS);
  bench_spread(sp_theirs, sizeof sp_theirs, theirs, RUNS);
  double med_total = bench_median(ours_total, RUNS), med_add = bench_median(ours_add, RUNS);
  double med_many = bench_median(ours_many, RUNS), med_theirs = bench_median(theirs, RUNS);
  printf("CPU ms, median of %d [min..max]: ours all 65 metrics %.0f [%s] of which accumulating"
         " (add_many) %.0f [%s]; SQL %.0f [%s]\n",
         RUNS, med_total, sp_ours, med_many, sp_many, med_theirs, sp_theirs);
  printf("accumulating one add per complaint: %.0f [%s]; the first time (digests derived):"
         " %.0f\n",
         med_add, sp_add, first_add);
  printf("accumulator peak %.1f MB (%.1f bytes/complaint); process peak RSS %.0f MiB (%.0f MiB"
         " before accumulating: the complaints and SQLite)\n",
         (double)o.accumulator_peak / 1e6, (double)o.accumulator_peak / (double)n,
         bench_peak_rss_bytes() / 1048576.0, rss_before / 1048576.0);

  char workload[160];
  snprintf(workload, sizeof workload, "Metrics: all 65 over %zu complaints%s", n, suffix);
  bench_result all = {workload, med_total, med_theirs, "ms", "SQLite", 1, 5, NULL,
                      agree ? -1 : 0};
  bench_report(&all);
  snprintf(workload, sizeof workload, "Metrics: accumulate %zu complaints, add_many%s", n, suffix);
  bench_result many = {workload, med_many, 0, "ms", NULL, 1, 0, "< 100 ms", med_many < 100};
  bench_report(&many);
  snprintf(workload, sizeof workload, "Metrics: accumulate %zu complaints, add each%s", n, suffix);
  bench_result add = {workload, med_add, 0, "ms", NULL, 1, 0, "< 100 ms", med_add < 100};
  bench_report(&add);
  snprintf(workload, sizeof workload, "Metrics: accumulate %zu complaints, first time%s", n, suffix);
  bench_result first = {workload, first_add, 0, "ms", NULL, 1, 0, "-", -1};
  bench_report(&first);
  snprintf(workload, sizeof workload, "Metrics: accumulator peak memory, %zu complaints%s", n, suffix);
  bench_result mem = {workload, (double)o.accumulator_peak / 1e6, 0, "MB", NULL, 1, 0, NULL, -1};
  bench_report(&mem);

  sqlite3_close(db);
  for (size_t i = 0; i < n; i++) redress_complaint_free(cs[i]);
  free(cs);
  redress_desk_close(desk);
  return 0;
}
