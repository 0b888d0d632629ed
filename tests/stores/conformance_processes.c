/*
 * The conformance kit's clauses with several writers (see conformance_kit.h):
 *
 *   feed-several-writers  writers save at once, some racing on one complaint with
 *                         compare-and-swap, while a reader follows the feed with its
 *                         cursor: the reader never sees a gap (a cursor that skips one),
 *                         and in the end it has seen every committed change exactly once.
 *                         Writers are processes, each with its own handle (reopen), or
 *                         threads sharing the vtable for a store in one process's memory.
 *   feed-writer-killed    a writer process is killed (SIGKILL) in the middle of its saves,
 *                         twice: afterwards the feed holds exactly the changes of the
 *                         saves whose records are stored, each once, without a gap; every
 *                         save the writer saw commit is there; and the next save takes
 *                         the next cursor.
 *   feed-ticker-killed    a desk's tick is killed while its callback reports a
 *                         complaint's alarms, after their save: the alarms it recorded
 *                         but never reported (the callback is at most once) are in the
 *                         feed, and after a second tick the feed holds every alarm the
 *                         complaints owe exactly once, as a tick that ran alone would.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "conformance_feed.h"

enum { KP_WRITERS = 4, KP_SAVES_EACH = 25, KP_KILL_AFTER = 40, KP_KILL_ROUNDS = 2, KP_IDS = 7,
       KP_TICKED = 120, KP_TICK_KILL_AFTER = 30 };

static void kp_pause(long nanos) {
  struct timespec t = {0, nanos};
  nanosleep(&t, NULL);
}

/* ---- one writer's work --------------------------------------------------------------- */

/* The stored revision of id through s (0: absent), or -1 on a failure. */
typedef struct kp_rev {
  uint64_t revision;
} kp_rev;

static int kp_note_rev(const redress_record *r, void *payload) {
  ((kp_rev *)payload)->revision = r->revision;
  return 0;
}

static int64_t kp_revision(const redress_store *s, const char *id) {
  kp_rev r = {0};
  int rc = s->load(s->ud, id, kp_note_rev, &r);
  if (rc == REDRESS_ERR_NOTFOUND) return 0;
  return rc == REDRESS_OK ? (int64_t)r.revision : -1;
}

/* One more revision of the shared complaint, retried on conflicts. 0 or -1. */
static int kp_bump_hot(const redress_store *s, unsigned seed) {
  for (int attempt = 0; attempt < 100000; attempt++) {
    int64_t rev = kp_revision(s, "hot");
    if (rev <= 0) return -1;
    redress_change ch;
    kc_make_changes(&ch, 1, (uint64_t)rev + 1, seed);
    int rc = kc_save_with(s, NULL, "hot", (uint64_t)rev + 1, &ch, 1);
    if (rc == REDRESS_OK) return 0;
    if (rc != REDRESS_ERR_CONFLICT) return -1;
  }
  return -1;
}

/* Writer w: its own complaints (two changes each) and a revision of "hot" each time. */
static int kp_write(const redress_store *s, int w) {
  for (int j = 0; j < KP_SAVES_EACH; j++) {
    char id[32];
    snprintf(id, sizeof id, "w%d-%02d", w, j);
    redress_change ch[2];
    kc_make_changes(ch, 2, 1, (unsigned)(w * 100 + j));
    if (kc_save_with(s, NULL, id, 1, ch, 2) != REDRESS_OK) return -1;
    if (kp_bump_hot(s, (unsigned)(w * 100 + j)) != 0) return -1;
  }
  return 0;
}

/* ---- the reader ------------------------------------------------------------------------- */

typedef struct kp_reader {
  kc_feed log;
  uint64_t cursor;
  int gap;             /* a page did not continue from the cursor */
  uint64_t gap_at, gap_got;
  int rc;              /* the first failure of a read */
} kp_reader;

/* One page after the reader's cursor; 1 when it held changes. */
static int kp_follow(const redress_store *s, kp_reader *r) {
  size_t before = r->log.n;
  int rc = kc_read_page(s, r->cursor, 17, &r->log);
  if (rc != REDRESS_OK && r->rc == REDRESS_OK) r->rc = rc;
  for (size_t i = before; i < r->log.n; i++) {
    if (r->log.items[i].ch.cursor != r->cursor + 1 && !r->gap) {
      r->gap = 1;
      r->gap_at = r->cursor;
      r->gap_got = r->log.items[i].ch.cursor;
    }
    r->cursor = r->log.items[i].ch.cursor;
  }
  return r->log.n > before;
}

static void kp_catch_up(const redress_store *s, kp_reader *r) {
  while (kp_follow(s, r) && r->rc == REDRESS_OK) {
  }
}

/* ---- checking what the reader saw ------------------------------------------------------ */

static int kp_check_writers(kc *c, const kp_reader *r) {
  if (r->rc != REDRESS_OK) return kc_fail(c, "the reader's feed call returned %s", kc_code(r->rc));
  if (r->gap)
    return kc_fail(c, "the reader at cursor %llu was handed cursor %llu: a gap seen while "
                      "writers wrote", (unsigned long long)r->gap_at, (unsigned long long)r->gap_got);
  const size_t per_writer = (size_t)KP_SAVES_EACH * 2;
  size_t own = 0, hot = 0;
  uint64_t hot_rev = 0;
  for (size_t i = 0; i < r->log.n; i++) {
    const redress_change *ch = &r->log.items[i].ch;
    if (strcmp(ch->complaint_id, "hot") == 0) {
      if (ch->revision != hot_rev + 1)
        return kc_fail(c, "\"hot\" revision %llu follows revision %llu in the feed",
                       (unsigned long long)ch->revision, (unsigned long long)hot_rev);
      hot_rev = ch->revision;
      hot++;
    } else {
      own++;
    }
  }
  if (own != KP_WRITERS * per_writer)
    return kc_fail(c, "the reader saw %zu changes of the writers' own complaints, want %zu", own,
                   (size_t)KP_WRITERS * per_writer);
  if (hot != 1 + (size_t)KP_WRITERS * KP_SAVES_EACH)
    return kc_fail(c, "the reader saw %zu revisions of \"hot\", want %d", hot,
                   1 + KP_WRITERS * KP_SAVES_EACH);
  /* what it followed live is what the feed holds */
  kc_feed whole = {0};
  int res = kc_read_feed(c, &c->s, "the whole feed after the writers", 0, 500, &whole);
  if (res == 0) res = kc_same_feed(c, "the feed followed live", &r->log, &whole, 1);
  kc_feed_free(&whole);
  return res;
}

/* ---- writers as processes --------------------------------------------------------------- */

static pid_t kp_spawn(kc *c, int w) {
  fflush(NULL);
  pid_t pid = fork();
  if (pid != 0) return pid;
  redress_store mine = REDRESS_STORE_INIT;
  int rc = c->adapter->reopen(&mine, c->adapter->arg);
  int result = rc == 0 ? kp_write(&mine, w) : -1;
  if (rc == 0 && mine.destroy != NULL) mine.destroy(mine.ud);
  _exit(result == 0 ? 0 : 1); /* no atexit handlers of the parent in the child */
}

static int kp_all_exited(pid_t *pids, int *failed) {
  int running = 0;
  for (int w = 0; w < KP_WRITERS; w++) {
    if (pids[w] <= 0) continue;
    int status = 0;
    pid_t got = waitpid(pids[w], &status, WNOHANG);
    if (got == 0) {
      running = 1;
      continue;
    }
    if (got < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) (*failed)++;
    pids[w] = 0;
  }
  return !running;
}

static void kp_writers_as_processes(kc *c, kp_reader *r) {
  pid_t pids[KP_WRITERS];
  for (int w = 0; w < KP_WRITERS; w++) pids[w] = kp_spawn(c, w);
  int failed = 0;
  while (!kp_all_exited(pids, &failed)) {
    if (!kp_follow(&c->s, r)) kp_pause(1000000);
  }
  if (failed) kc_fail(c, "%d of %d writer processes failed", failed, KP_WRITERS);
}

/* ---- writers as threads (a store in one process's memory) ---------------------------- */

typedef struct kp_thread {
  const redress_store *s;
  int w;
  int rc;
  volatile int *done;
  pthread_mutex_t *lock;
} kp_thread;

static void *kp_thread_main(void *arg) {
  kp_thread *t = arg;
  t->rc = kp_write(t->s, t->w);
  pthread_mutex_lock(t->lock);
  (*t->done)++;
  pthread_mutex_unlock(t->lock);
  return NULL;
}

static void kp_writers_as_threads(kc *c, kp_reader *r) {
  pthread_t ids[KP_WRITERS];
  kp_thread t[KP_WRITERS];
  volatile int done = 0;
  pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
  for (int w = 0; w < KP_WRITERS; w++) {
    t[w] = (kp_thread){&c->s, w, 0, &done, &lock};
    if (pthread_create(&ids[w], NULL, kp_thread_main, &t[w]) != 0) abort();
  }
  for (;;) {
    pthread_mutex_lock(&lock);
    int finished = done == KP_WRITERS;
    pthread_mutex_unlock(&lock);
    if (finished) break;
    if (!kp_follow(&c->s, r)) kp_pause(100000);
  }
  int failed = 0;
  for (int w = 0; w < KP_WRITERS; w++) {
    pthread_join(ids[w], NULL);
    failed += t[w].rc != 0;
  }
  if (failed) kc_fail(c, "%d of %d writer threads failed", failed, KP_WRITERS);
}

void kc_clause_several_writers(kc *c) {
  if (!kc_has_feed(c)) return;
  if (c->adapter->reopen == NULL && !c->adapter->threads) {
    kc_skip(c, "the adapter gives no second handle (reopen) and is not shared by threads");
    return;
  }
  redress_change ch;
  kc_make_changes(&ch, 1, 1, 0);
  int rc = kc_save_with(&c->s, NULL, "hot", 1, &ch, 1);
  if (rc != REDRESS_OK) {
    kc_fail(c, "save(\"hot\") returned %s", kc_code(rc));
    return;
  }
  kp_reader r;
  memset(&r, 0, sizeof r);
  if (c->adapter->reopen != NULL)
    kp_writers_as_processes(c, &r);
  else
    kp_writers_as_threads(c, &r);
  kp_catch_up(&c->s, &r);
  if (!c->failed) kp_check_writers(c, &r);
  kc_feed_free(&r.log);
}

/* ---- a writer killed in the middle ------------------------------------------------------- */

/* The child: saves revision after revision of KP_IDS complaints, two changes each, and
 * reports each save that returned REDRESS_OK, until it is killed. */
static void kp_doomed_writer(kc *c, int out) {
  redress_store s = REDRESS_STORE_INIT;
  if (c->adapter->reopen(&s, c->adapter->arg) != 0) _exit(1);
  uint64_t rev[KP_IDS];
  for (int i = 0; i < KP_IDS; i++) {
    char id[16];
    snprintf(id, sizeof id, "k-%d", i);
    int64_t r = kp_revision(&s, id);
    if (r < 0) _exit(1);
    rev[i] = (uint64_t)r;
  }
  for (unsigned n = 0;; n++) {
    int i = (int)(n % KP_IDS);
    char id[16];
    snprintf(id, sizeof id, "k-%d", i);
    redress_change ch[2];
    kc_make_changes(ch, 2, rev[i] + 1, n);
    if (kc_save_with(&s, NULL, id, rev[i] + 1, ch, 2) != REDRESS_OK) _exit(2);
    rev[i]++;
    char line[48];
    int len = snprintf(line, sizeof line, "%s %llu\n", id, (unsigned long long)rev[i]);
    if (write(out, line, (size_t)len) != len) _exit(3);
  }
}

typedef struct kp_committed {
  uint64_t rev[KP_IDS]; /* the highest revision the writer saw commit, per id */
  size_t lines;
} kp_committed;

/* Kills the writer once it has reported KP_KILL_AFTER commits; reads every report. */
static int kp_kill_a_writer(kc *c, kp_committed *seen) {
  int fds[2];
  if (pipe(fds) != 0) return kc_fail(c, "pipe: %s", strerror(errno));
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    kp_doomed_writer(c, fds[1]);
  }
  close(fds[1]);
  FILE *in = fdopen(fds[0], "r");
  char line[64];
  size_t before = seen->lines;
  int killed = 0;
  while (fgets(line, sizeof line, in) != NULL) {
    int i = -1;
    unsigned long long rev = 0;
    if (sscanf(line, "k-%d %llu", &i, &rev) == 2 && i >= 0 && i < KP_IDS && rev > seen->rev[i])
      seen->rev[i] = rev;
    if (++seen->lines - before == KP_KILL_AFTER && !killed) {
      kill(pid, SIGKILL); /* in the middle of its next save, most likely */
      killed = 1;
    }
  }
  fclose(in);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!killed || !WIFSIGNALED(status))
    return kc_fail(c, "the writer ended by itself (status %d) after %zu saves, want it killed",
                   status, seen->lines - before);
  return 0;
}

/* The stored revision of each id, through the parent's own handle. */
static int kp_stored(kc *c, uint64_t *stored) {
  for (int i = 0; i < KP_IDS; i++) {
    char id[16];
    snprintf(id, sizeof id, "k-%d", i);
    int64_t r = kp_revision(&c->s, id);
    if (r < 0) return kc_fail(c, "load(\"%s\") failed after the writer was killed", id);
    stored[i] = (uint64_t)r;
  }
  return 0;
}

/* Exactly the changes of the stored revisions, two per save, each once, in order. */
static int kp_check_killed(kc *c, const kp_committed *seen, size_t *feed_n) {
  uint64_t stored[KP_IDS];
  if (kp_stored(c, stored)) return -1;
  kc_feed whole = {0};
  int res = kc_read_feed(c, &c->s, "the feed after a writer was killed", 0, 500, &whole);
  uint64_t next[KP_IDS] = {0}; /* per id: the changes seen of each revision, in order */
  size_t half[KP_IDS] = {0};
  for (size_t k = 0; res == 0 && k < whole.n; k++) {
    const redress_change *ch = &whole.items[k].ch;
    int i = -1;
    if (ch->cursor != k + 1)
      res = kc_fail(c, "after a writer was killed the feed's change %zu has cursor %llu", k,
                    (unsigned long long)ch->cursor);
    else if (sscanf(ch->complaint_id, "k-%d", &i) != 1 || i < 0 || i >= KP_IDS)
      res = kc_fail(c, "a change of \"%s\" in the feed", ch->complaint_id);
    else if (ch->revision != next[i] + 1)
      res = kc_fail(c, "\"%s\": a change of revision %llu after revision %llu (a save written "
                       "twice, in part, or out of order)", ch->complaint_id,
                    (unsigned long long)ch->revision, (unsigned long long)next[i]);
    else if (++half[i] == 2) {
      next[i] = ch->revision;
      half[i] = 0;
    }
  }
  for (int i = 0; res == 0 && i < KP_IDS; i++) {
    if (half[i] != 0 || next[i] != stored[i])
      res = kc_fail(c, "\"k-%d\" is stored at revision %llu but the feed holds its saves up to "
                       "revision %llu%s", i, (unsigned long long)stored[i],
                    (unsigned long long)next[i], half[i] ? " and half of the next" : "");
    else if (seen->rev[i] > stored[i])
      res = kc_fail(c, "the writer saw revision %llu of \"k-%d\" commit, but %llu is stored",
                    (unsigned long long)seen->rev[i], i, (unsigned long long)stored[i]);
  }
  *feed_n = whole.n;
  kc_feed_free(&whole);
  return res;
}

void kc_clause_writer_killed(kc *c) {
  if (!kc_has_feed(c)) return;
  if (c->adapter->reopen == NULL) {
    kc_skip(c, "the store lives in one process's memory (no reopen): nothing outlives a kill");
    return;
  }
  kp_committed seen;
  memset(&seen, 0, sizeof seen);
  size_t n = 0;
  for (int round = 0; round < KP_KILL_ROUNDS; round++)
    if (kp_kill_a_writer(c, &seen) || kp_check_killed(c, &seen, &n)) return;
  /* the crash left no hole: the next save continues the cursors */
  uint64_t stored[KP_IDS];
  if (kp_stored(c, stored)) return;
  redress_change ch[2];
  kc_make_changes(ch, 2, stored[0] + 1, 99);
  int rc = kc_save_with(&c->s, NULL, "k-0", stored[0] + 1, ch, 2);
  if (rc != REDRESS_OK) {
    kc_fail(c, "a save after the writer was killed returned %s", kc_code(rc));
    return;
  }
  kc_feed after = {0};
  if (kc_read_feed(c, &c->s, "the feed after the next save", n, 100, &after) == 0 &&
      (after.n != 2 || after.items[0].ch.cursor != n + 1))
    kc_fail(c, "after the next save the feed continues with %zu changes from cursor %llu, want 2 "
               "from %zu", after.n, after.n > 0 ? (unsigned long long)after.items[0].ch.cursor : 0ull,
            n + 1);
  kc_feed_free(&after);
}

/* ---- a ticker killed in the middle --------------------------------------------------- */

#define KP_TICK_AT (KC_T0 + 40 * 86400)

static redress_time kp_clock(void *ud) {
  (void)ud;
  return KC_T0;
}

static redress_desk *kp_desk(const redress_store *s) {
  redress_desk_options o = REDRESS_DESK_OPTIONS_INIT;
  o.store = s;
  o.clock = kp_clock;
  redress_desk *desk = NULL;
  return redress_desk_open(&desk, &o) == REDRESS_OK ? desk : NULL;
}

/* KP_TICKED open complaints whose deadlines are breached by KP_TICK_AT; 0 or -1. */
static int kp_seed(redress_desk *desk) {
  for (int i = 0; i < KP_TICKED; i++) {
    char id[16];
    snprintf(id, sizeof id, "t-%03d", i);
    redress_complaint_fields in = REDRESS_COMPLAINT_FIELDS_INIT;
    in.id = id;
    in.customer_id = "cust-tick";
    in.text = "Nobody answers.";
    in.received_at = KC_T0 + i * 60;
    redress_complaint *c = NULL;
    int rc = redress_complaint_create(&c, desk, &in);
    if (rc == REDRESS_OK && i % 2 == 0)
      rc = redress_complaint_acknowledge(c, in.received_at + 3600, "ann", NULL);
    if (rc == REDRESS_OK) rc = redress_desk_save(desk, c);
    redress_complaint_free(c);
    if (rc != REDRESS_OK) return -1;
  }
  return 0;
}

static int kp_count_alarm(const redress_complaint *c, int kind, int level, redress_time due,
                          void *payload) {
  (void)c, (void)kind, (void)level, (void)due;
  ++*(size_t *)payload;
  return 0;
}

/* The alarms a tick that runs alone reports for the seeded complaints. */
static size_t kp_reference_alarms(void) {
  redress_desk *desk = kp_desk(NULL);
  size_t n = 0;
  if (desk != NULL && kp_seed(desk) == 0) redress_desk_tick(desk, KP_TICK_AT, kp_count_alarm, &n);
  redress_desk_close(desk);
  return n;
}

typedef struct kp_reporter {
  int out;
  int reported;
} kp_reporter;

/* Reports each alarm on the pipe; the alarm after the first KP_TICK_KILL_AFTER stalls
 * in the callback: its complaint's alarms are saved, the rest never reported, when the
 * kill comes. That is the window the callback cannot close and the feed does. */
static int kp_report_alarm(const redress_complaint *c, int kind, int level, redress_time due,
                           void *payload) {
  (void)due;
  kp_reporter *r = payload;
  char line[64];
  int len = snprintf(line, sizeof line, "%s %d %d\n", redress_complaint_id(c), kind, level);
  if (write(r->out, line, (size_t)len) != len) return 1;
  if (++r->reported > KP_TICK_KILL_AFTER)
    for (;;) kp_pause(100000000);
  return 0;
}

static void kp_doomed_ticker(kc *c, int out) {
  redress_store s = REDRESS_STORE_INIT;
  if (c->adapter->reopen(&s, c->adapter->arg) != 0) _exit(1);
  redress_desk *desk = kp_desk(&s);
  if (desk == NULL) _exit(1);
  kp_reporter r = {out, 0};
  redress_desk_tick(desk, KP_TICK_AT, kp_report_alarm, &r);
  _exit(0); /* a tick that finished before the kill: the clause says so */
}

/* The reported alarms before the kill; -1 when the ticker was not killed mid-tick. */
static long kp_kill_a_ticker(kc *c) {
  int fds[2];
  if (pipe(fds) != 0) return kc_fail(c, "pipe: %s", strerror(errno));
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    kp_doomed_ticker(c, fds[1]);
  }
  close(fds[1]);
  FILE *in = fdopen(fds[0], "r");
  char line[64];
  long reported = 0;
  while (fgets(line, sizeof line, in) != NULL)
    if (++reported == KP_TICK_KILL_AFTER + 1) kill(pid, SIGKILL); /* it stalls there */
  fclose(in);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFSIGNALED(status))
    return kc_fail(c, "the ticker ended by itself (status %d) after %ld alarms, want it killed",
                   status, reported);
  return reported;
}

typedef struct kp_alarms {
  size_t n;
  int twice;
  char seen[KP_TICKED][8]; /* per complaint: each (kind, level) once */
} kp_alarms;

static int kp_feed_alarm(const redress_change *ch, void *payload) {
  kp_alarms *a = payload;
  int i = -1;
  if (ch->kind != REDRESS_CHANGE_ALARM) return 0;
  if (sscanf(ch->complaint_id, "t-%d", &i) != 1 || i < 0 || i >= KP_TICKED) return 1;
  int slot = ch->deadline_kind * 2 + ch->level;
  if (slot < 0 || slot >= 8 || ch->level < 0 || ch->level > 1) return 1; /* kit bug */
  a->twice |= a->seen[i][slot]++ > 0;
  a->n++;
  return 0;
}

static int kp_feed_alarms(kc *c, redress_desk *desk, kp_alarms *a, const char *when) {
  memset(a, 0, sizeof *a);
  int rc = redress_desk_feed(desk, 0, 100000, kp_feed_alarm, a);
  if (rc != REDRESS_OK) return kc_fail(c, "%s: desk_feed returned %s", when, kc_code(rc));
  if (a->twice) return kc_fail(c, "%s: an alarm is twice in the feed", when);
  return 0;
}

static void kp_ticker_after_kill(kc *c, redress_desk *desk, long reported_before, size_t want) {
  kp_alarms a;
  if (kp_feed_alarms(c, desk, &a, "after the ticker was killed")) return;
  if (a.n <= (size_t)reported_before) {
    kc_fail(c, "the killed ticker reported %ld alarms and the feed holds %zu: want the alarms "
               "it saved but never reported in the feed too", reported_before, a.n);
    return;
  }
  size_t reported_after = 0;
  int rc = redress_desk_tick(desk, KP_TICK_AT, kp_count_alarm, &reported_after);
  if (rc != REDRESS_OK) {
    kc_fail(c, "the tick after the kill returned %s", kc_code(rc));
    return;
  }
  size_t in_feed_before = a.n;
  if (kp_feed_alarms(c, desk, &a, "after the second tick")) return;
  if (a.n != want || in_feed_before + reported_after != want)
    kc_fail(c, "the feed holds %zu alarms (%zu before the second tick, which reported %zu), "
               "want %zu: each alarm the complaints owe, once", a.n, in_feed_before,
            reported_after, want);
}

void kc_clause_ticker_killed(kc *c) {
  if (!kc_has_feed(c)) return;
  if (c->adapter->reopen == NULL) {
    kc_skip(c, "the store lives in one process's memory (no reopen): nothing outlives a kill");
    return;
  }
  size_t want = kp_reference_alarms();
  redress_store shared = c->s;
  shared.destroy = NULL;
  redress_desk *desk = kp_desk(&shared);
  if (desk == NULL || kp_seed(desk) != 0 || want < KP_TICK_KILL_AFTER * 2) {
    kc_fail(c, "seeding %d complaints (owing %zu alarms) failed", KP_TICKED, want);
  } else {
    long reported = kp_kill_a_ticker(c);
    if (reported >= 0) kp_ticker_after_kill(c, desk, reported, want);
  }
  redress_desk_close(desk);
}
