/* The SQLite store adapter (examples/store-sqlite): the conformance kit on a real
 * file, then what the kit cannot see: schema versions, WAL, "never" as NULL,
 * durability across reopening, and a desk working through it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "helpers.h"
#include "store_conformance.h"
#include "store_sqlite.h"
#include "tmpdir.h"

typedef struct fixture {
  char dir[256];
  char db[320];
  unsigned made; /* databases made for the kit, one per clause */
} fixture;

static int setup(void **state) {
  static fixture f;
  memset(&f, 0, sizeof f);
  if (td_make(f.dir, sizeof f.dir, "sqlite") != 0) return -1;
  td_path(f.db, sizeof f.db, f.dir, "test.db");
  *state = &f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  return td_remove(f->dir);
}

static void open_store(redress_store *out, const char *path) {
  char err[512];
  int rc = sqlite_store_open(out, path, err, sizeof err);
  if (rc != REDRESS_OK) fail_msg("sqlite_store_open(%s): %s", path, err);
}

/* A fresh file per clause: the kit wants an empty store each time. */
static int make_store(redress_store *out, rd_conformance_tx *tx, void *arg) {
  tx->begin = sqlite_store_begin;
  tx->commit = sqlite_store_commit;
  tx->rollback = sqlite_store_rollback;
  fixture *f = arg;
  char name[64];
  char path[400];
  snprintf(name, sizeof name, "kit-%u.db", f->made++);
  td_path(path, sizeof path, f->dir, name);
  char err[512];
  int rc = sqlite_store_open(out, path, err, sizeof err);
  if (rc != REDRESS_OK) fprintf(stderr, "make_store: %s\n", err);
  return rc;
}

/* Another connection to the database make_store made last (for another process). */
static int reopen_store(redress_store *out, void *arg) {
  fixture *f = arg;
  char name[64];
  char path[400];
  snprintf(name, sizeof name, "kit-%u.db", f->made - 1);
  td_path(path, sizeof path, f->dir, name);
  char err[512];
  int rc = sqlite_store_open(out, path, err, sizeof err);
  if (rc != REDRESS_OK) fprintf(stderr, "reopen_store: %s\n", err);
  return rc;
}

static void test_conformance(void **state) {
  rd_conformance_adapter adapter = {make_store, reopen_store, 0, *state};
  assert_int_equal(rd_conformance_run_with("sqlite", &adapter, stdout), 0);
}

/* Runs SQL on the file behind the adapter's back. */
typedef struct columns_seen {
  uint64_t revision;
  int has_owner, has_team;
  char owner[32], team[32];
} columns_seen;

static int see_columns(const redress_record *r, void *payload) {
  columns_seen *c = payload;
  assert_int_equal(r->version, REDRESS_RECORD_VERSION);
  c->revision = r->revision;
  c->has_owner = r->owner != NULL;
  c->has_team = r->team != NULL;
  snprintf(c->owner, sizeof c->owner, "%s", r->owner != NULL ? r->owner : "");
  snprintf(c->team, sizeof c->team, "%s", r->team != NULL ? r->team : "");
  return 0;
}

static void sql(const char *path, const char *text) {
  sqlite3 *db = NULL;
  assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
  char *msg = NULL;
  int rc = sqlite3_exec(db, text, NULL, NULL, &msg);
  if (rc != SQLITE_OK) fail_msg("%s: %s", text, msg);
  sqlite3_close(db);
}

static long long sql_int(const char *path, const char *text) {
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
  assert_int_equal(sqlite3_prepare_v2(db, text, -1, &st, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  long long v = sqlite3_column_type(st, 0) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

static void test_schema_created_with_version(void **state) {
  fixture *f = *state;
  redress_store s;
  open_store(&s, f->db);
  s.destroy(s.ud);
  assert_int_equal(sql_int(f->db, "PRAGMA user_version"), SQLITE_STORE_SCHEMA_VERSION);
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
  assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
  sqlite3_finalize(st);
  sqlite3_close(db);
  /* Opening again keeps the schema (and does not try to create it twice). */
  open_store(&s, f->db);
  s.destroy(s.ud);
}

static void test_other_schema_version_refused(void **state) {
  fixture *f = *state;
  redress_store s;
  open_store(&s, f->db);
  s.destroy(s.ud);
  sql(f->db, "PRAGMA user_version = 7");
  redress_store untouched = REDRESS_STORE_INIT;
  char err[512];
  assert_int_equal(sqlite_store_open(&untouched, f->db, err, sizeof err), REDRESS_ERR_VERSION);
  assert_non_null(strstr(err, "schema version 7"));
  assert_non_null(strstr(err, "knows version 2"));
  assert_null(untouched.ud);
}

static void test_foreign_database_refused(void **state) {
  fixture *f = *state;
  char path[400];
  td_path(path, sizeof path, f->dir, "foreign.db");
  sql(path, "CREATE TABLE orders (id INTEGER PRIMARY KEY)");
  redress_store s = REDRESS_STORE_INIT;
  char err[512];
  assert_int_equal(sqlite_store_open(&s, path, err, sizeof err), REDRESS_ERR_VERSION);
  assert_non_null(strstr(err, "not a libredress database"));
}

static void test_not_a_database(void **state) {
  fixture *f = *state;
  char path[400];
  td_path(path, sizeof path, f->dir, "text.db");
  FILE *fp = fopen(path, "w");
  assert_non_null(fp);
  for (int i = 0; i < 200; i++) fputs("this is not a database file\n", fp);
  fclose(fp);
  redress_store s = REDRESS_STORE_INIT;
  char err[512];
  assert_int_equal(sqlite_store_open(&s, path, err, sizeof err), REDRESS_ERR_STORE);
  assert_non_null(strstr(err, "not a database"));
  td_path(path, sizeof path, f->dir, "no/such/dir/x.db");
  assert_int_equal(sqlite_store_open(&s, path, err, sizeof err), REDRESS_ERR_STORE);
  assert_non_null(strstr(err, "cannot open"));
  assert_int_equal(sqlite_store_open(NULL, path, err, sizeof err), REDRESS_ERR_INVALID);
  assert_int_equal(sqlite_store_open(&s, NULL, err, sizeof err), REDRESS_ERR_INVALID);
}

static int count_cb(const redress_record *r, void *payload) {
  (void)r;
  ++*(int *)payload;
  return 0;
}

/* A record with no alarm is stored as NULL and read back as REDRESS_TIME_NEVER. */
static void test_never_is_null(void **state) {
  fixture *f = *state;
  redress_store s;
  open_store(&s, f->db);
  redress_record r = {REDRESS_RECORD_VERSION, "n-1", "cust", 0, 1, 2, TH_T0, TH_T0,
                      REDRESS_TIME_NEVER, 1, "{}", 2, NULL, NULL, NULL, NULL, 0};
  assert_int_equal(s.save(s.ud, &r, 0), REDRESS_OK);
  int n = 0;
  assert_int_equal(s.due(s.ud, REDRESS_TIME_NEVER, count_cb, &n), REDRESS_OK);
  assert_int_equal(n, 0);
  s.destroy(s.ud);
  assert_int_equal(sql_int(f->db, "SELECT next_alarm FROM complaints WHERE id = 'n-1'"), -1);
  assert_int_equal(sql_int(f->db, "SELECT next_alarm IS NULL FROM complaints"), 1);
}

/* The query plan of due() uses the index rather than sorting the table. */
static void test_due_uses_index(void **state) {
  fixture *f = *state;
  redress_store s;
  open_store(&s, f->db);
  s.destroy(s.ud);
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
  const char *plan = "EXPLAIN QUERY PLAN SELECT id FROM complaints WHERE tenant = 'acme' AND "
                     "next_alarm IS NOT NULL AND next_alarm <= 5 ORDER BY next_alarm, id";
  assert_int_equal(sqlite3_prepare_v2(db, plan, -1, &st, NULL), SQLITE_OK);
  char all[1024] = "";
  while (sqlite3_step(st) == SQLITE_ROW) {
    strncat(all, (const char *)sqlite3_column_text(st, 3), sizeof all - strlen(all) - 2);
    strcat(all, ";");
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  assert_non_null(strstr(all, "complaints_due"));
  assert_null(strstr(all, "TEMP B-TREE"));
}

/* The plan of the query behind sqlite_store_assigned(), as the adapter prepares it. */
static void assert_plan_uses(const char *path, const char *query, const char *index) {
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  char plan[512];
  snprintf(plan, sizeof plan, "EXPLAIN QUERY PLAN %s", query);
  assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
  assert_int_equal(sqlite3_prepare_v2(db, plan, -1, &st, NULL), SQLITE_OK);
  char all[1024] = "";
  while (sqlite3_step(st) == SQLITE_ROW) {
    strncat(all, (const char *)sqlite3_column_text(st, 3), sizeof all - strlen(all) - 2);
    strcat(all, ";");
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  if (strstr(all, index) == NULL) fail_msg("%s: %s", query, all);
}

/* A file of schema version 1 (before owner and team) is migrated when opened: its
 * rows keep everything and read no owner or team; new saves fill the columns. */
static void test_version_1_is_migrated(void **state) {
  fixture *f = *state;
  sql(f->db, "CREATE TABLE complaints (id TEXT NOT NULL PRIMARY KEY, customer_id TEXT NOT NULL,"
             " state INTEGER NOT NULL, severity INTEGER NOT NULL, channel INTEGER NOT NULL,"
             " received_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, next_alarm INTEGER,"
             " revision INTEGER NOT NULL CHECK (revision >= 1), doc BLOB NOT NULL);"
             "CREATE INDEX complaints_due ON complaints (next_alarm, id)"
             " WHERE next_alarm IS NOT NULL;"
             "CREATE INDEX complaints_customer ON complaints (customer_id);"
             "CREATE INDEX complaints_state ON complaints (state, updated_at);"
             "INSERT INTO complaints VALUES ('old-1', 'cust', 2, 1, 0, 1, 2, NULL, 3, x'7B7D');"
             "PRAGMA user_version = 1;");
  redress_store s;
  open_store(&s, f->db);
  assert_int_equal(sql_int(f->db, "PRAGMA user_version"), 2);
  columns_seen seen;
  memset(&seen, 0, sizeof seen);
  assert_int_equal(s.load(s.ud, "old-1", see_columns, &seen), REDRESS_OK);
  assert_int_equal(seen.revision, 3);
  assert_false(seen.has_owner || seen.has_team);
  redress_record r = {REDRESS_RECORD_VERSION, "old-1", "cust", 2, 1, 0, 1, 3,
                      REDRESS_TIME_NEVER, 4, "{}", 2, "ann", "billing", NULL, NULL, 0};
  assert_int_equal(s.save(s.ud, &r, 3), REDRESS_OK);
  assert_int_equal(s.load(s.ud, "old-1", see_columns, &seen), REDRESS_OK);
  assert_string_equal(seen.owner, "ann");
  assert_string_equal(seen.team, "billing");
  s.destroy(s.ud);
  open_store(&s, f->db); /* opening a migrated file again changes nothing */
  s.destroy(s.ud);
  assert_int_equal(sql_int(f->db, "SELECT count(*) FROM complaints WHERE owner = 'ann'"), 1);
}

typedef struct listed {
  char ids[8][16];
  size_t n;
} listed;

static int list_ids(const redress_record *r, void *payload) {
  listed *l = payload;
  if (l->n < 8) snprintf(l->ids[l->n++], sizeof l->ids[0], "%s", r->id);
  return 0;
}

/* "My open complaints" and "a team's complaints" through the owner and team indexes;
 * a version-1 record (no owner, no team member) stores neither. */
static void test_assigned_query(void **state) {
  fixture *f = *state;
  redress_store s;
  open_store(&s, f->db);
  static const struct {
    const char *id, *owner, *team;
    int state;
  } rows[] = {{"a-1", "ann", "billing", REDRESS_STATE_INVESTIGATING},
              {"a-2", "ann", "billing", REDRESS_STATE_CLOSED},
              {"a-3", "ann", "care", REDRESS_STATE_RECEIVED},
              {"a-4", "bob", "billing", REDRESS_STATE_RESPONDED},
              {"a-5", NULL, "billing", REDRESS_STATE_WITHDRAWN}};
  for (size_t i = 0; i < 5; i++) {
    redress_record r = {REDRESS_RECORD_VERSION, rows[i].id, "cust", rows[i].state, 1, 0, TH_T0,
                        TH_T0, REDRESS_TIME_NEVER, 1, "{}", 2, rows[i].owner,
                        rows[i].team, NULL, NULL, 0};
    assert_int_equal(s.save(s.ud, &r, 0), REDRESS_OK);
  }
  redress_record old = {1, "a-6", "cust", 0, 1, 0, TH_T0, TH_T0, REDRESS_TIME_NEVER, 1, "{}", 2,
                        "ann", "billing", NULL, NULL, 0}; /* version 1: owner and team unread */
  assert_int_equal(s.save(s.ud, &old, 0), REDRESS_OK);
  listed l = {{{0}}, 0};
  assert_int_equal(sqlite_store_assigned(&s, "ann", NULL, 1, list_ids, &l), REDRESS_OK);
  assert_int_equal(l.n, 2);
  assert_string_equal(l.ids[0], "a-1");
  assert_string_equal(l.ids[1], "a-3");
  l.n = 0;
  assert_int_equal(sqlite_store_assigned(&s, "ann", "billing", 0, list_ids, &l), REDRESS_OK);
  assert_int_equal(l.n, 2); /* a-1 a-2 */
  l.n = 0;
  assert_int_equal(sqlite_store_assigned(&s, NULL, "billing", 0, list_ids, &l), REDRESS_OK);
  assert_int_equal(l.n, 4); /* a-1 a-2 a-4 a-5 */
  l.n = 0;
  assert_int_equal(sqlite_store_assigned(&s, NULL, "billing", 1, list_ids, &l), REDRESS_OK);
  assert_int_equal(l.n, 2); /* a-1 a-4 */
  assert_int_equal(sqlite_store_assigned(&s, NULL, NULL, 1, list_ids, &l), REDRESS_ERR_INVALID);
  assert_int_equal(sqlite_store_assigned(NULL, "ann", NULL, 1, list_ids, &l), REDRESS_ERR_INVALID);
  redress_store acme = REDRESS_STORE_INIT; /* another tenant's store sees none of them */
  assert_int_equal(s.for_tenant(s.ud, "acme", &acme), REDRESS_OK);
  l.n = 0;
  assert_int_equal(sqlite_store_assigned(&acme, "ann", NULL, 0, list_ids, &l), REDRESS_OK);
  assert_int_equal(sqlite_store_assigned(&acme, NULL, "billing", 0, list_ids, &l), REDRESS_OK);
  assert_int_equal(l.n, 0);
  acme.destroy(acme.ud);
  s.destroy(s.ud);
  assert_plan_uses(f->db,
                   "SELECT id FROM complaints WHERE tenant = '' AND owner = 'ann' AND "
                   "state BETWEEN 0 AND 4",
                   "complaints_owner");
  assert_plan_uses(f->db,
                   "SELECT id FROM complaints WHERE tenant = '' AND team = 'care' AND "
                   "state BETWEEN 0 AND 7",
                   "complaints_team");
}

static void test_errmsg_explains(void **state) {
  fixture *f = *state;
  redress_store s;
  open_store(&s, f->db);
  redress_record r = {REDRESS_RECORD_VERSION, "e-1", "cust", 0, 1, 2, TH_T0, TH_T0,
                      TH_T0, 1, "{}", 2, NULL, NULL, NULL, NULL, 0};
  assert_int_equal(s.save(s.ud, &r, 0), REDRESS_OK);
  assert_string_equal(sqlite_store_errmsg(&s), "");
  assert_int_equal(s.save(s.ud, &r, 0), REDRESS_ERR_CONFLICT);
  assert_non_null(strstr(sqlite_store_errmsg(&s), "e-1"));
  r.revision = 5;
  assert_int_equal(s.save(s.ud, &r, 1), REDRESS_ERR_INVALID); /* 5 does not follow 1 */
  assert_non_null(strstr(sqlite_store_errmsg(&s), "does not follow"));
  assert_int_equal(s.save(s.ud, NULL, 0), REDRESS_ERR_INVALID);
  assert_string_equal(sqlite_store_errmsg(NULL), "no store");
  s.destroy(s.ud);
}

/* A desk over the adapter: save, reopen the file in a second desk, tick, remove. */
static void test_desk_round_trip(void **state) {
  fixture *f = *state;
  redress_store s;
  open_store(&s, f->db);
  th_desk t;
  th_desk_open_store(&t, &s);
  redress_complaint_fields in = th_full_init("sq-1");
  redress_complaint *c = NULL;
  assert_int_equal(redress_complaint_create(&c, t.desk, &in), REDRESS_OK);
  assert_int_equal(redress_desk_save(t.desk, c), REDRESS_OK);
  assert_int_equal(redress_complaint_acknowledge(c, TH_T0 + 60, "ann", "sorry"), REDRESS_OK);
  assert_int_equal(redress_desk_save(t.desk, c), REDRESS_OK);
  char *json = NULL;
  assert_int_equal(redress_complaint_to_json(&json, NULL, c), REDRESS_OK);
  char before[4096];
  snprintf(before, sizeof before, "%s", json);
  redress_free(json);
  redress_complaint_free(c);
  th_desk_close(&t); /* closes the store too */

  open_store(&s, f->db);
  th_desk_open_store(&t, &s);
  assert_int_equal(redress_desk_load(&c, t.desk, "sq-1"), REDRESS_OK);
  assert_int_equal(((uint64_t)th_number(c, REDRESS_FIELD_REVISION)), 2);
  assert_int_equal(redress_complaint_to_json(&json, NULL, c), REDRESS_OK);
  assert_string_equal(before, json);
  redress_free(json);
  redress_complaint_free(c);
  /* Thirty-one days on, the resolve deadline of the default policy is breached:
   * the tick records the alarms, so the stored revision moves on. */
  assert_int_equal(redress_desk_tick(t.desk, TH_T0 + 31 * 86400, NULL, NULL), REDRESS_OK);
  assert_int_equal(redress_desk_remove(t.desk, "sq-1", 2), REDRESS_ERR_CONFLICT);
  assert_int_equal(redress_desk_load(&c, t.desk, "sq-1"), REDRESS_OK);
  uint64_t rev = ((uint64_t)th_number(c, REDRESS_FIELD_REVISION));
  assert_true(rev > 2);
  redress_complaint_free(c);
  assert_int_equal(redress_desk_remove(t.desk, "sq-1", rev), REDRESS_OK);
  c = NULL;
  assert_int_equal(redress_desk_load(&c, t.desk, "sq-1"), REDRESS_ERR_NOTFOUND);
  assert_null(c);
  th_desk_close(&t);
}

/* A file of schema version 1 (before tenants and the feed), made as that version did. */
static const char schema_v1[] =
    "CREATE TABLE complaints (id TEXT NOT NULL PRIMARY KEY, customer_id TEXT NOT NULL, "
    "state INTEGER NOT NULL, severity INTEGER NOT NULL, channel INTEGER NOT NULL, "
    "received_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, next_alarm INTEGER, "
    "revision INTEGER NOT NULL CHECK (revision >= 1), doc BLOB NOT NULL);"
    "CREATE INDEX complaints_due ON complaints (next_alarm, id) WHERE next_alarm IS NOT NULL;"
    "CREATE INDEX complaints_customer ON complaints (customer_id);"
    "CREATE INDEX complaints_state ON complaints (state, updated_at);"
    "PRAGMA user_version = 1;";

/* Opening a version-1 file migrates it: its complaints become the default tenant's,
 * untouched, and the feed starts with the next save. */
static void test_migrates_version_1(void **state) {
  fixture *f = *state;
  /* the complaint, saved by a desk, copied into the old table by hand */
  th_desk t;
  th_desk_open(&t);
  redress_complaint_fields in = th_full_init("old-1");
  redress_complaint *c = NULL;
  assert_int_equal(redress_complaint_create(&c, t.desk, &in), REDRESS_OK);
  char *json = NULL;
  assert_int_equal(redress_complaint_to_json(&json, NULL, c), REDRESS_OK);
  redress_complaint_free(c);
  char doc[8192];
  snprintf(doc, sizeof doc, "%s", json);
  redress_free(json);
  th_desk_close(&t);
  sqlite3 *db = NULL;
  assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db, schema_v1, NULL, NULL, NULL), SQLITE_OK);
  sqlite3_stmt *st = NULL;
  assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO complaints VALUES ('old-1', 'cust-42', 0, "
                                          "1, 1, ?1, ?1, ?2, 3, ?3)", -1, &st, NULL),
                   SQLITE_OK);
  sqlite3_bind_int64(st, 1, TH_T0);
  sqlite3_bind_int64(st, 2, TH_T0 + 3600);
  sqlite3_bind_blob(st, 3, doc, (int)strlen(doc), SQLITE_TRANSIENT);
  assert_int_equal(sqlite3_step(st), SQLITE_DONE);
  sqlite3_finalize(st);
  sqlite3_close(db);

  redress_store s;
  open_store(&s, f->db);
  assert_int_equal(sql_int(f->db, "PRAGMA user_version"), 2);
  assert_int_equal(sql_int(f->db, "SELECT count(*) FROM complaints WHERE tenant = ''"), 1);
  assert_int_equal(sql_int(f->db, "SELECT count(*) FROM feed"), 0);
  th_desk_open_store(&t, &s);
  assert_int_equal(redress_desk_load(&c, t.desk, "old-1"), REDRESS_OK);
  assert_int_equal(th_number(c, REDRESS_FIELD_REVISION), 3);
  assert_int_equal(redress_complaint_acknowledge(c, TH_T0 + 60, "ann", NULL), REDRESS_OK);
  assert_int_equal(redress_desk_save(t.desk, c), REDRESS_OK);
  redress_complaint_free(c);
  th_desk_close(&t);
  assert_int_equal(sql_int(f->db, "SELECT cursor FROM feed WHERE complaint_id = 'old-1'"), 1);
  assert_int_equal(sql_int(f->db, "SELECT revision FROM feed"), 4);
  assert_int_equal(sql_int(f->db, "SELECT last FROM feed_heads WHERE tenant = ''"), 1);
  /* and a second open finds version 2 */
  open_store(&s, f->db);
  s.destroy(s.ud);
}

/* The feed's rows: one per change, "never" as NULL, the tenant in every row. */
static void test_feed_rows(void **state) {
  fixture *f = *state;
  redress_store s;
  open_store(&s, f->db);
  redress_store acme = REDRESS_STORE_INIT;
  assert_int_equal(s.for_tenant(s.ud, "acme", &acme), REDRESS_OK);
  redress_change ch[2] = {REDRESS_CHANGE_INIT, REDRESS_CHANGE_INIT};
  ch[0].kind = REDRESS_CHANGE_CREATED;
  ch[0].event_kind = REDRESS_EVENT_CREATE;
  ch[0].event_seq = 1;
  ch[1].kind = REDRESS_CHANGE_ALARM;
  ch[1].deadline_kind = REDRESS_DEADLINE_RESOLVE;
  ch[1].level = REDRESS_ALARM_BREACH;
  ch[1].due = TH_T0 + 99;
  redress_record r = {REDRESS_RECORD_VERSION, "fr-1", "cust", 0, 1, 2, TH_T0, TH_T0,
                      REDRESS_TIME_NEVER, 1, "{}", 2, NULL, NULL, "acme", ch, 2};
  assert_int_equal(acme.save(acme.ud, &r, 0), REDRESS_OK);
  acme.destroy(acme.ud);
  s.destroy(s.ud);
  assert_int_equal(sql_int(f->db, "SELECT count(*) FROM feed WHERE tenant = 'acme'"), 2);
  assert_int_equal(sql_int(f->db, "SELECT due FROM feed WHERE cursor = 1"), -1);
  assert_int_equal(sql_int(f->db, "SELECT due FROM feed WHERE cursor = 2"), TH_T0 + 99);
  assert_int_equal(sql_int(f->db, "SELECT count(*) FROM complaints WHERE tenant = 'acme'"), 1);
  assert_int_equal(sql_int(f->db, "SELECT count(*) FROM complaints WHERE tenant = ''"), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_conformance, setup, teardown),
      cmocka_unit_test_setup_teardown(test_schema_created_with_version, setup, teardown),
      cmocka_unit_test_setup_teardown(test_other_schema_version_refused, setup, teardown),
      cmocka_unit_test_setup_teardown(test_foreign_database_refused, setup, teardown),
      cmocka_unit_test_setup_teardown(test_not_a_database, setup, teardown),
      cmocka_unit_test_setup_teardown(test_never_is_null, setup, teardown),
      cmocka_unit_test_setup_teardown(test_due_uses_index, setup, teardown),
      cmocka_unit_test_setup_teardown(test_version_1_is_migrated, setup, teardown),
      cmocka_unit_test_setup_teardown(test_assigned_query, setup, teardown),
      cmocka_unit_test_setup_teardown(test_errmsg_explains, setup, teardown),
      cmocka_unit_test_setup_teardown(test_desk_round_trip, setup, teardown),
      cmocka_unit_test_setup_teardown(test_migrates_version_1, setup, teardown),
      cmocka_unit_test_setup_teardown(test_feed_rows, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
