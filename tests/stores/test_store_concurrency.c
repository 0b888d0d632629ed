/*
 * Processes racing on the same complaints through a shared database (SQLite file,
 * PostgreSQL server): each worker loads, applies a verb and saves, retrying on
 * REDRESS_ERR_CONFLICT. Afterwards no update is lost or doubled and every revision
 * is exact. Then workers tick the same store at once: every alarm is reported
 * exactly once across them.
 *
 * Figures (processes, saves, conflicts retried) are printed as "# " lines.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers.h"
#include "store_sqlite.h"
#include "tmpdir.h"
#ifdef HAVE_STORE_POSTGRES
#  include "pg_cluster.h"
#  include "store_postgres.h"
#endif

enum { WORKERS = 4, UPDATES_EACH = 50, COMPLAINTS = 5, TICK_COMPLAINTS = 20 };
#define NOTE_AT (TH_T0 + 120)
#define TICK_AT (TH_T0 + 45 * 86400)

typedef struct backend {
  const char *name;
  int (*open)(redress_store *out, const char *where, char *err, size_t errlen);
  char where[512]; /* file path or connection string */
} backend;

/* ---- desks over a backend ------------------------------------------------------ */

static redress_desk *open_desk(const backend *b) {
  redress_store s;
  char err[512];
  if (b->open(&s, b->where, err, sizeof err) != REDRESS_OK) {
    fprintf(stderr, "%s: %s\n", b->name, err);
    return NULL;
  }
  redress_desk_options o = REDRESS_DESK_OPTIONS_INIT;
  o.store = &s;
  redress_desk *desk = NULL;
  if (redress_desk_open(&desk, &o) != REDRESS_OK) {
    s.destroy(s.ud);
    return NULL;
  }
  return desk;
}

static void complaint_id(char *out, size_t len, const char *prefix, int i) {
  snprintf(out, len, "%s-%02d", prefix, i);
}

/* n complaints "<prefix>-NN" received at `received`, acknowledged when asked. */
static void seed(redress_desk *desk, const char *prefix, int n, redress_time received, int ack) {
  for (int i = 0; i < n; i++) {
    char id[32];
    complaint_id(id, sizeof id, prefix, i);
    redress_complaint_fields in = th_full_init(id);
    in.received_at = received;
    in.severity = i % 4;
    redress_complaint *c = NULL;
    assert_int_equal(redress_complaint_create(&c, desk, &in), REDRESS_OK);
    if (ack) assert_int_equal(redress_complaint_acknowledge(c, received + 60, "lead", NULL), REDRESS_OK);
    assert_int_equal(redress_desk_save(desk, c), REDRESS_OK);
    redress_complaint_free(c);
  }
}

/* ---- workers (child processes) ---------------------------------------------------- */

/* A pause between load and save, as a real agent's think time would be: other
 * workers save meanwhile, so conflicts happen on every run, not by luck. */
static void widen_the_window(void) {
  struct timespec pause = {0, 1000000};
  nanosleep(&pause, NULL);
}

/* One update with retries; returns the conflicts met, or -1 on another error. */
static int update_once(redress_desk *desk, const char *id, int worker, int i) {
  char actor[16], note[32];
  snprintf(actor, sizeof actor, "w%d", worker);
  snprintf(note, sizeof note, "w%d-%d", worker, i);
  for (int conflicts = 0; conflicts < 100000; conflicts++) {
    redress_complaint *c = NULL;
    int rc = redress_desk_load(&c, desk, id);
    if (rc == REDRESS_OK)
      rc = i % 2 == 0 ? redress_complaint_note(c, NOTE_AT, actor, note, 0)
                      : redress_complaint_update(c, NOTE_AT, actor, note);
    if (rc == REDRESS_OK) widen_the_window();
    if (rc == REDRESS_OK) rc = redress_desk_save(desk, c);
    redress_complaint_free(c);
    if (rc == REDRESS_OK) return conflicts;
    if (rc != REDRESS_ERR_CONFLICT) {
      fprintf(stderr, "worker %d: %s: %s\n", worker, redress_strerror(rc),
              redress_desk_errmsg(desk));
      return -1;
    }
  }
  return -1;
}

static int update_worker(const backend *b, int worker, long *conflicts) {
  redress_desk *desk = open_desk(b);
  if (desk == NULL) return 1;
  int rc = 0;
  for (int i = 0; i < UPDATES_EACH && rc == 0; i++) {
    char id[32];
    complaint_id(id, sizeof id, "race", (i + worker) % COMPLAINTS);
    int n = update_once(desk, id, worker, i);
    if (n < 0) rc = 1;
    else *conflicts += n;
  }
  redress_desk_close(desk);
  return rc;
}

static int count_alarm(const redress_complaint *c, int kind, int level, redress_time due,
                       void *payload) {
  (void)c;
  (void)kind;
  (void)level;
  (void)due;
  ++*(long *)payload;
  return 0;
}

static int tick_worker(const backend *b, long *alarms) {
  redress_desk *desk = open_desk(b);
  if (desk == NULL) return 1;
  int rc = redress_desk_tick(desk, TICK_AT, count_alarm, alarms);
  if (rc != REDRESS_OK)
    fprintf(stderr, "tick: %s: %s\n", redress_strerror(rc), redress_desk_errmsg(desk));
  redress_desk_close(desk);
  return rc == REDRESS_OK ? 0 : 1;
}

/* ---- running workers at once ------------------------------------------------------- */

typedef struct race {
  int gate[2];    /* closed by the parent to start every worker at the same moment */
  int results[2]; /* each worker writes one number */
  pid_t pids[WORKERS];
} race;

static void worker_main(race *r, const backend *b, int worker, int ticking) {
  close(r->gate[1]);
  close(r->results[0]);
  char c;
  while (read(r->gate[0], &c, 1) < 0 && errno == EINTR) {
  }
  long figure = 0;
  int rc = ticking ? tick_worker(b, &figure) : update_worker(b, worker, &figure);
  char line[32];
  int n = snprintf(line, sizeof line, "%ld\n", figure);
  if (write(r->results[1], line, (size_t)n) != n) rc = 1;
  _exit(rc); /* no atexit handlers of the parent (cmocka) in the child */
}

/* Runs WORKERS processes; returns the sum of their figures, fails if one failed. */
static long run_race(const backend *b, int ticking) {
  race r;
  assert_int_equal(pipe(r.gate), 0);
  assert_int_equal(pipe(r.results), 0);
  fflush(NULL);
  for (int w = 0; w < WORKERS; w++) {
    r.pids[w] = fork();
    assert_true(r.pids[w] >= 0);
    if (r.pids[w] == 0) worker_main(&r, b, w, ticking);
  }
  close(r.gate[0]);
  close(r.gate[1]); /* go */
  close(r.results[1]);
  int failed = 0;
  for (int w = 0; w < WORKERS; w++) {
    int status = 0;
    assert_int_equal(waitpid(r.pids[w], &status, 0), r.pids[w]);
    failed += !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  FILE *in = fdopen(r.results[0], "r");
  long sum = 0, figure = 0;
  while (fscanf(in, "%ld", &figure) == 1) sum += figure;
  fclose(in);
  assert_int_equal(failed, 0);
  return sum;
}

/* ---- checks ------------------------------------------------------------------------ */

/* Every worker's every update is in the history exactly once, nothing else is. */
static void check_complaint(redress_desk *desk, int i) {
  char id[32];
  complaint_id(id, sizeof id, "race", i);
  redress_complaint *c = NULL;
  assert_int_equal(redress_desk_load(&c, desk, id), REDRESS_OK);
  int seen[WORKERS][UPDATES_EACH];
  memset(seen, 0, sizeof seen);
  size_t n = redress_complaint_event_count(c);
  for (size_t e = 2; e < n; e++) {
    int w = -1, k = -1;
    const char *note = redress_event_string(redress_complaint_event(c, e), REDRESS_FIELD_NOTE);
    assert_non_null(note);
    assert_int_equal(sscanf(note, "w%d-%d", &w, &k), 2);
    assert_true(w >= 0 && w < WORKERS && k >= 0 && k < UPDATES_EACH);
    assert_int_equal((k + w) % COMPLAINTS, i); /* it went to the complaint it was meant for */
    seen[w][k]++;
  }
  for (int w = 0; w < WORKERS; w++)
    for (int k = 0; k < UPDATES_EACH; k++)
      if ((k + w) % COMPLAINTS == i) assert_int_equal(seen[w][k], 1);
  const size_t per = WORKERS * UPDATES_EACH / COMPLAINTS;
  assert_int_equal(n, 2 + per);                           /* create, acknowledge, updates */
  assert_int_equal(((uint64_t)th_number(c, REDRESS_FIELD_REVISION)), 1 + per); /* seeded in one save, then one each */
  /* Out of the way of the tick race, which counts alarms of its own complaints. */
  assert_int_equal(redress_desk_remove(desk, id, 1 + per), REDRESS_OK);
  redress_complaint_free(c);
}

static void race_updates(const backend *b) {
  redress_desk *desk = open_desk(b);
  assert_non_null(desk);
  seed(desk, "race", COMPLAINTS, TH_T0, 1);
  redress_desk_close(desk); /* no connection is shared across fork */
  long conflicts = run_race(b, 0);
  assert_true(conflicts > 0); /* the race really happened */
  desk = open_desk(b);
  assert_non_null(desk);
  for (int i = 0; i < COMPLAINTS; i++) check_complaint(desk, i);
  redress_desk_close(desk);
  printf("# %s: %d processes x %d updates on %d complaints: %d saves, %ld conflicts retried, "
         "each complaint %d events at revision %d\n",
         b->name, WORKERS, UPDATES_EACH, COMPLAINTS, WORKERS * UPDATES_EACH, conflicts,
         2 + WORKERS * UPDATES_EACH / COMPLAINTS, 1 + WORKERS * UPDATES_EACH / COMPLAINTS);
}

/* The alarms one tick reports for the seeded complaints, counted on a memory store. */
static long expected_alarms(void) {
  redress_desk *desk = NULL;
  assert_int_equal(redress_desk_open(&desk, NULL), REDRESS_OK);
  seed(desk, "tick", TICK_COMPLAINTS, TH_T0, 0);
  long alarms = 0;
  assert_int_equal(redress_desk_tick(desk, TICK_AT, count_alarm, &alarms), REDRESS_OK);
  redress_desk_close(desk);
  return alarms;
}

static void race_ticks(const backend *b) {
  long want = expected_alarms();
  assert_true(want >= TICK_COMPLAINTS);
  redress_desk *desk = open_desk(b);
  assert_non_null(desk);
  seed(desk, "tick", TICK_COMPLAINTS, TH_T0, 0);
  redress_desk_close(desk);
  long got = run_race(b, 1);
  assert_int_equal(got, want);
  desk = open_desk(b);
  long again = 0;
  assert_int_equal(redress_desk_tick(desk, TICK_AT, count_alarm, &again), REDRESS_OK);
  assert_int_equal(again, 0);
  redress_desk_close(desk);
  printf("# %s: %d processes ticking %d complaints at once: %ld alarms reported, each once\n",
         b->name, WORKERS, TICK_COMPLAINTS, got);
}

/* ---- backends -------------------------------------------------------------------- */

static char sqlite_dir[256];

static void test_sqlite(void **state) {
  (void)state;
  backend b = {"sqlite", sqlite_store_open, ""};
  assert_int_equal(td_make(sqlite_dir, sizeof sqlite_dir, "race"), 0);
  td_path(b.where, sizeof b.where, sqlite_dir, "race.db");
  race_updates(&b);
  race_ticks(&b);
  td_remove(sqlite_dir);
}

#ifdef HAVE_STORE_POSTGRES
static pg_cluster cluster;

static void test_postgres(void **state) {
  (void)state;
  char why[1024];
  int rc = pgc_start(&cluster, why, sizeof why);
  if (rc == PGC_SKIP) {
    printf("# postgres: skipped: %s\n", why);
    skip();
  }
  if (rc != PGC_STARTED) fail_msg("cannot start a PostgreSQL cluster: %s", why);
  backend b = {"postgres", pg_store_open, ""};
  snprintf(b.where, sizeof b.where, "%s", cluster.conninfo);
  race_updates(&b);
  race_ticks(&b);
  pgc_stop(&cluster);
}
#endif

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_sqlite),
#ifdef HAVE_STORE_POSTGRES
      cmocka_unit_test(test_postgres),
#endif
  };
  int failed = cmocka_run_group_tests(tests, NULL, NULL);
#ifdef HAVE_STORE_POSTGRES
  pgc_stop(&cluster); /* when a check failed half-way */
#endif
  return failed;
}
