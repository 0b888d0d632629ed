/*
 * The PostgreSQL store adapter (examples/store-postgres) against a real server: a
 * throwaway cluster (tests/stores/pg_cluster.c) runs the conformance kit, then what the
 * kit cannot see: schema versions, the jsonb copy, "never" as NULL, the due index,
 * a lost connection (the session's settings and statements survive it), notices
 * kept off stderr, callbacks that use the store, and a desk working through it.
 * Exits 77 (skip) with the reason when the server binaries are not installed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libpq-fe.h>

#include "helpers.h"
#include "pg_cluster.h"
#include "store_conformance.h"
#include "store_postgres.h"

static pg_cluster cluster;

/* An administrative connection of the test's own, beside the adapter's. */
static PGconn *admin(const char *dbname) {
  char conninfo[600];
  snprintf(conninfo, sizeof conninfo, "host=%s port=54329 user=redress dbname=%s", cluster.sock,
           dbname);
  PGconn *conn = PQconnectdb(conninfo);
  if (PQstatus(conn) != CONNECTION_OK) fail_msg("admin connection: %s", PQerrorMessage(conn));
  return conn;
}

static void sql(PGconn *conn, const char *text) {
  PGresult *res = PQexec(conn, text);
  ExecStatusType st = PQresultStatus(res);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
    fail_msg("%s: %s", text, PQresultErrorMessage(res));
  PQclear(res);
}

/* The first column of the first row as text ("" for NULL). */
static void sql_text(PGconn *conn, const char *text, char *out, size_t outlen) {
  PGresult *res = PQexec(conn, text);
  if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) < 1)
    fail_msg("%s: %s", text, PQresultErrorMessage(res));
  snprintf(out, outlen, "%s", PQgetvalue(res, 0, 0));
  PQclear(res);
}

static void open_store(redress_store *out, const char *conninfo) {
  char err[512];
  int rc = pg_store_open(out, conninfo, err, sizeof err);
  if (rc != REDRESS_OK) fail_msg("pg_store_open: %s", err);
}

/* Empty tables for each clause (the schema is created by the first open). */
static int make_store(redress_store *out, rd_conformance_tx *tx, void *arg) {
  tx->begin = pg_store_begin;
  tx->commit = pg_store_commit;
  tx->rollback = pg_store_rollback;
  PGconn *conn = arg;
  PGresult *res = PQexec(conn, "SELECT to_regclass('complaints') IS NOT NULL");
  int exists = PQresultStatus(res) == PGRES_TUPLES_OK && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
  PQclear(res);
  if (exists) sql(conn, "TRUNCATE complaints, redress_feed, redress_feed_heads");
  char err[512];
  int rc = pg_store_open(out, cluster.conninfo, err, sizeof err);
  if (rc != REDRESS_OK) fprintf(stderr, "make_store: %s\n", err);
  return rc;
}

/* Another connection to the same database (for another process). */
static int reopen_store(redress_store *out, void *arg) {
  (void)arg;
  char err[512];
  int rc = pg_store_open(out, cluster.conninfo, err, sizeof err);
  if (rc != REDRESS_OK) fprintf(stderr, "reopen_store: %s\n", err);
  return rc;
}

static void test_conformance(void **state) {
  (void)state;
  PGconn *conn = admin("redress_test");
  rd_conformance_adapter adapter = {make_store, reopen_store, 0, conn};
  int failed = rd_conformance_run_with("postgres", &adapter, stdout);
  PQfinish(conn);
  assert_int_equal(failed, 0);
}

static void reset_tables(PGconn *conn) {
  sql(conn, "TRUNCATE complaints, redress_feed, redress_feed_heads");
  sql(conn, "UPDATE redress_meta SET schema_version = 2");
}

static void test_other_schema_version_refused(void **state) {
  (void)state;
  PGconn *conn = admin("redress_test");
  redress_store s;
  open_store(&s, cluster.conninfo); /* the schema exists */
  s.destroy(s.ud);
  sql(conn, "UPDATE redress_meta SET schema_version = 7");
  redress_store untouched = REDRESS_STORE_INIT;
  char err[512];
  assert_int_equal(pg_store_open(&untouched, cluster.conninfo, err, sizeof err),
                   REDRESS_ERR_VERSION);
  assert_non_null(strstr(err, "schema version 7"));
  assert_non_null(strstr(err, "knows version 2"));
  assert_null(untouched.ud);
  reset_tables(conn);
  PQfinish(conn);
}

static void test_foreign_table_refused(void **state) {
  (void)state;
  PGconn *conn = admin("redress_test");
  sql(conn, "DROP DATABASE IF EXISTS foreign_db");
  sql(conn, "CREATE DATABASE foreign_db");
  PQfinish(conn);
  conn = admin("foreign_db");
  sql(conn, "CREATE TABLE complaints (id integer)");
  PQfinish(conn);
  char conninfo[600];
  snprintf(conninfo, sizeof conninfo, "host=%s port=54329 user=redress dbname=foreign_db",
           cluster.sock);
  redress_store s = REDRESS_STORE_INIT;
  char err[512];
  assert_int_equal(pg_store_open(&s, conninfo, err, sizeof err), REDRESS_ERR_VERSION);
  assert_non_null(strstr(err, "not a libredress store"));
  assert_int_equal(pg_store_open(&s, "host=/nonexistent/socket dbname=x", err, sizeof err),
                   REDRESS_ERR_STORE);
  assert_non_null(strstr(err, "cannot connect"));
  assert_int_equal(pg_store_open(NULL, conninfo, err, sizeof err), REDRESS_ERR_INVALID);
}

static int count_cb(const redress_record *r, void *payload) {
  (void)r;
  ++*(int *)payload;
  return 0;
}

/* NULL for "never"; the jsonb copy is the document when it is JSON, else NULL. */
static void test_columns(void **state) {
  (void)state;
  PGconn *conn = admin("redress_test");
  reset_tables(conn);
  redress_store s;
  open_store(&s, cluster.conninfo);
  redress_record json = {REDRESS_RECORD_VERSION, "j-1", "cust", 0, 1, 2, TH_T0, TH_T0,
                         REDRESS_TIME_NEVER, 1, "{\"v\":1,\"b\":2,\"a\":1}", 19, NULL, NULL, NULL, NULL, 0};
  redress_record bytes = {REDRESS_RECORD_VERSION, "j-2", "cust", 0, 1, 2, TH_T0, TH_T0,
                          TH_T0, 1, "not json", 8, NULL, NULL, NULL, NULL, 0};
  assert_int_equal(s.save(s.ud, &json, 0), REDRESS_OK);
  assert_int_equal(s.save(s.ud, &bytes, 0), REDRESS_OK);
  char out[256];
  sql_text(conn, "SELECT coalesce(next_alarm::text, 'null') FROM complaints WHERE id = 'j-1'",
           out, sizeof out);
  assert_string_equal(out, "null");
  sql_text(conn, "SELECT doc->>'b' FROM complaints WHERE id = 'j-1'", out, sizeof out);
  assert_string_equal(out, "2");
  sql_text(conn, "SELECT (doc IS NULL)::text FROM complaints WHERE id = 'j-2'", out, sizeof out);
  assert_string_equal(out, "true");
  int n = 0;
  assert_int_equal(s.due(s.ud, REDRESS_TIME_NEVER, count_cb, &n), REDRESS_OK);
  assert_int_equal(n, 1);
  s.destroy(s.ud);
  PQfinish(conn);
}

typedef struct listed {
  char ids[8][16];
  char owner[8][16];
  size_t n;
} listed;

static int list_ids(const redress_record *r, void *payload) {
  listed *l = payload;
  if (l->n < 8) {
    snprintf(l->ids[l->n], sizeof l->ids[0], "%s", r->id);
    snprintf(l->owner[l->n++], sizeof l->owner[0], "%s", r->owner != NULL ? r->owner : "-");
  }
  return 0;
}

/* "My open complaints" and "a team's complaints", over more than one page. */
static void test_assigned_query(void **state) {
  (void)state;
  PGconn *conn = admin("redress_test");
  reset_tables(conn);
  redress_store s;
  open_store(&s, cluster.conninfo);
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
  listed l = {{{0}}, {{0}}, 0};
  assert_int_equal(pg_store_assigned(&s, "ann", NULL, 1, list_ids, &l), REDRESS_OK);
  assert_int_equal(l.n, 2);
  assert_string_equal(l.ids[0], "a-1");
  assert_string_equal(l.ids[1], "a-3");
  l.n = 0;
  assert_int_equal(pg_store_assigned(&s, "ann", "billing", 0, list_ids, &l), REDRESS_OK);
  assert_int_equal(l.n, 2);
  l.n = 0;
  assert_int_equal(pg_store_assigned(&s, NULL, "billing", 0, list_ids, &l), REDRESS_OK);
  assert_int_equal(l.n, 4);
  l.n = 0;
  assert_int_equal(pg_store_assigned(&s, NULL, "billing", 1, list_ids, &l), REDRESS_OK);
  assert_int_equal(l.n, 2);
  assert_int_equal(pg_store_assigned(&s, NULL, NULL, 0, list_ids, &l), REDRESS_ERR_INVALID);
  redress_store acme = REDRESS_STORE_INIT; /* another tenant's store sees none of them */
  assert_int_equal(s.for_tenant(s.ud, "acme", &acme), REDRESS_OK);
  l.n = 0;
  assert_int_equal(pg_store_assigned(&acme, "ann", NULL, 0, list_ids, &l), REDRESS_OK);
  assert_int_equal(pg_store_assigned(&acme, NULL, "billing", 0, list_ids, &l), REDRESS_OK);
  assert_int_equal(l.n, 0);
  acme.destroy(acme.ud);
  /* past one page: every row once, in id order */
  for (int i = 0; i < PG_STORE_PAGE_ROWS + 3; i++) {
    char id[16];
    snprintf(id, sizeof id, "p-%04d", i);
    redress_record r = {REDRESS_RECORD_VERSION, id, "cust", REDRESS_STATE_RECEIVED, 1, 0, TH_T0,
                        TH_T0, REDRESS_TIME_NEVER, 1, "{}", 2, "pat", "paging", NULL, NULL, 0};
    assert_int_equal(s.save(s.ud, &r, 0), REDRESS_OK);
  }
  int n = 0;
  assert_int_equal(pg_store_assigned(&s, "pat", "paging", 1, count_cb, &n), REDRESS_OK);
  assert_int_equal(n, PG_STORE_PAGE_ROWS + 3);
  n = 0;
  assert_int_equal(pg_store_assigned(&s, NULL, "paging", 0, count_cb, &n), REDRESS_OK);
  assert_int_equal(n, PG_STORE_PAGE_ROWS + 3);
  s.destroy(s.ud);
  reset_tables(conn);
  PQfinish(conn);
}

static void test_due_index_usable(void **state) {
  (void)state;
  PGconn *conn = admin("redress_test");
  sql(conn, "SET enable_seqscan = off");
  sql(conn, "SET enable_sort = off");
  PGresult *res = PQexec(conn, "EXPLAIN SELECT id FROM complaints WHERE tenant = 'acme' AND "
                               "next_alarm IS NOT NULL AND next_alarm <= 5 "
                               "ORDER BY next_alarm, id LIMIT 500");
  int found = 0;
  for (int i = 0; i < PQntuples(res); i++)
    found |= strstr(PQgetvalue(res, i, 0), "complaints_due") != NULL;
  PQclear(res);
  PQfinish(conn);
  assert_true(found);
}

typedef struct reentry {
  redress_store *s;
  int loads;
} reentry;

static int load_inside(const redress_record *r, void *payload) {
  (void)r;
  reentry *e = payload;
  int n = 0;
  if (e->s->load(e->s->ud, r->id, count_cb, &n) == REDRESS_OK && n == 1) e->loads++;
  return 0;
}

/* Pages are read whole, so a callback may call the store (here: load). */
static void test_callbacks_may_use_store(void **state) {
  (void)state;
  PGconn *conn = admin("redress_test");
  reset_tables(conn);
  PQfinish(conn);
  redress_store s;
  open_store(&s, cluster.conninfo);
  for (int i = 0; i < PG_STORE_PAGE_ROWS + 20; i++) {
    char id[32];
    snprintf(id, sizeof id, "r-%04d", i);
    redress_record r = {REDRESS_RECORD_VERSION, id, "cust", 0, 1, 2, TH_T0, TH_T0,
                        TH_T0 + i, 1, "{}", 2, NULL, NULL, NULL, NULL, 0};
    assert_int_equal(s.save(s.ud, &r, 0), REDRESS_OK);
  }
  reentry e = {&s, 0};
  assert_int_equal(s.scan(s.ud, load_inside, &e), REDRESS_OK);
  assert_int_equal(e.loads, PG_STORE_PAGE_ROWS + 20);
  e.loads = 0;
  assert_int_equal(s.due(s.ud, TH_T0 + 10000, load_inside, &e), REDRESS_OK);
  assert_int_equal(e.loads, PG_STORE_PAGE_ROWS + 20);
  s.destroy(s.ud);
}

/* The server ends the session: one call may fail, the next one reconnects. */
static void test_reconnects(void **state) {
  (void)state;
  PGconn *conn = admin("redress_test");
  reset_tables(conn);
  redress_store s;
  open_store(&s, cluster.conninfo);
  redress_record r = {REDRESS_RECORD_VERSION, "k-1", "cust", 0, 1, 2, TH_T0, TH_T0, TH_T0, 1,
                      "{}", 2, NULL, NULL, NULL, NULL, 0};
  assert_int_equal(s.save(s.ud, &r, 0), REDRESS_OK);
  sql(conn, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = 'redress_test' AND pid <> pg_backend_pid()");
  int n = 0;
  int rc = s.load(s.ud, "k-1", count_cb, &n);
  if (rc != REDRESS_OK) {
    assert_int_equal(rc, REDRESS_ERR_STORE);
    assert_true(strlen(pg_store_errmsg(&s)) > 0);
    rc = s.load(s.ud, "k-1", count_cb, &n);
  }
  assert_int_equal(rc, REDRESS_OK);
  assert_int_equal(n, 1);
  s.destroy(s.ud);
  PQfinish(conn);
}

/* Records whose id is the given UTF-8 text, for the encoding test. */
static redress_record utf8_record(const char *id) {
  redress_record r = {REDRESS_RECORD_VERSION, id, "cust-\xc3\xa4", 0, 1, 2, TH_T0, TH_T0,
                      TH_T0, 1, "{}", 2, NULL, NULL, NULL, NULL, 0};
  return r;
}

/* Ends every session of the adapter's database but the admin's own. */
static void terminate_others(PGconn *conn) {
  sql(conn, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = 'redress_test' AND pid <> pg_backend_pid()");
}

/* A save right after the server ended the session may fail once (the loss is seen
 * then); the next call reconnects. */
static void save_across_loss(redress_store *s, const redress_record *r) {
  int rc = s->save(s->ud, r, 0);
  if (rc == REDRESS_ERR_STORE) rc = s->save(s->ud, r, 0);
  if (rc != REDRESS_OK) fail_msg("save %s: %s", r->id, pg_store_errmsg(s));
}

typedef struct id_copy {
  char id[64];
  int n;
} id_copy;

static int copy_id(const redress_record *r, void *payload) {
  id_copy *c = payload;
  snprintf(c->id, sizeof c->id, "%s", r->id);
  c->n++;
  return 0;
}

/* A store opened afresh (UTF-8 from its first statement) finds `id` byte for byte. */
static void assert_loads_back(redress_store *fresh, const char *id) {
  id_copy got = {"", 0};
  int rc = fresh->load(fresh->ud, id, copy_id, &got);
  if (rc != REDRESS_OK) fail_msg("load %s: %s", id, pg_store_errmsg(fresh));
  assert_int_equal(got.n, 1);
  assert_memory_equal(got.id, id, strlen(id) + 1);
}

/*
 * Where the host's default client encoding is not UTF-8 (PGCLIENTENCODING=LATIN1),
 * ids saved after a reconnect must still arrive as UTF-8, and session settings given
 * in the connection string (here search_path) must hold on the new session too.
 */
static void test_reconnect_keeps_session_settings(void **state) {
  (void)state;
  PGconn *conn = admin("redress_test");
  sql(conn, "DROP SCHEMA IF EXISTS tenant CASCADE");
  sql(conn, "CREATE SCHEMA tenant");
  char conninfo[700];
  snprintf(conninfo, sizeof conninfo, "%s options='-c search_path=tenant'", cluster.conninfo);
  setenv("PGCLIENTENCODING", "LATIN1", 1);
  redress_store s;
  open_store(&s, conninfo);
  redress_record first = utf8_record("c-\xc3\xa4-1"), second = utf8_record("c-\xc3\xa4-2");
  save_across_loss(&s, &first);
  terminate_others(conn);
  save_across_loss(&s, &second);
  s.destroy(s.ud);
  unsetenv("PGCLIENTENCODING");
  char out[64];
  sql_text(conn, "SELECT count(*) FROM tenant.complaints", out, sizeof out);
  assert_string_equal(out, "2");
  redress_store fresh;
  open_store(&fresh, conninfo);
  assert_loads_back(&fresh, first.id);
  assert_loads_back(&fresh, second.id);
  fresh.destroy(fresh.ud);
  sql(conn, "DROP SCHEMA tenant CASCADE");
  PQfinish(conn);
}

/* A reconnect whose preparation fails (the table is away for a moment) is not
 * final: once the table is back, the next call prepares again and works. */
static void test_reconnect_prepares_again(void **state) {
  (void)state;
  PGconn *conn = admin("redress_test");
  reset_tables(conn);
  redress_store s;
  open_store(&s, cluster.conninfo);
  redress_record r = utf8_record("p-1");
  assert_int_equal(s.save(s.ud, &r, 0), REDRESS_OK);
  sql(conn, "ALTER TABLE complaints RENAME TO complaints_away");
  terminate_others(conn);
  int n = 0;
  for (int i = 0; i < 2; i++) /* the loss, then the failed preparation */
    assert_int_equal(s.load(s.ud, "p-1", count_cb, &n), REDRESS_ERR_STORE);
  assert_non_null(strstr(pg_store_errmsg(&s), "does not exist"));
  sql(conn, "ALTER TABLE complaints_away RENAME TO complaints");
  int rc = s.load(s.ud, "p-1", count_cb, &n);
  if (rc != REDRESS_OK) fail_msg("load after the table came back: %s", pg_store_errmsg(&s));
  assert_int_equal(n, 1);
  s.destroy(s.ud);
  PQfinish(conn);
}

/* Bytes written to stderr (fd 2) while `run` ran. */
static long stderr_bytes_during(void (*run)(void *), void *arg) {
  fflush(stderr);
  FILE *capture = tmpfile();
  assert_non_null(capture);
  int saved = dup(STDERR_FILENO);
  assert_true(saved >= 0);
  assert_true(dup2(fileno(capture), STDERR_FILENO) >= 0);
  run(arg);
  fflush(stderr);
  assert_true(dup2(saved, STDERR_FILENO) >= 0);
  close(saved);
  fseek(capture, 0, SEEK_END);
  long n = ftell(capture);
  fclose(capture);
  return n;
}

typedef struct noisy {
  redress_store *s;
  PGconn *admin;
  int rollback_rc, load_rc, reload_rc;
} noisy;

/* A warning (ROLLBACK outside a transaction) and a session ended by the server. */
static void make_noise(void *arg) {
  noisy *n = arg;
  int count = 0;
  n->rollback_rc = pg_store_rollback(n->s);
  terminate_others(n->admin);
  n->load_rc = n->s->load(n->s->ud, "n-1", count_cb, &count);
  n->reload_rc = n->s->load(n->s->ud, "n-1", count_cb, &count);
}

/* The server's notices are kept by the store, not printed on the host's stderr. */
static void test_notices_kept_not_printed(void **state) {
  (void)state;
  PGconn *conn = admin("redress_test");
  reset_tables(conn);
  redress_store s;
  open_store(&s, cluster.conninfo);
  redress_record r = utf8_record("n-1");
  assert_int_equal(s.save(s.ud, &r, 0), REDRESS_OK);
  noisy n = {&s, conn, 0, 0, 0};
  assert_int_equal(stderr_bytes_during(make_noise, &n), 0);
  assert_int_equal(n.rollback_rc, REDRESS_OK);
  assert_int_equal(n.reload_rc, REDRESS_OK);
  assert_non_null(strstr(pg_store_notice(&s), "no transaction in progress"));
  s.destroy(s.ud);
  PQfinish(conn);
}

/* The desk's message for a lost connection names the server's reason, not only the
 * code; the next call reconnects. */
static void test_desk_names_the_cause(void **state) {
  (void)state;
  PGconn *conn = admin("redress_test");
  reset_tables(conn);
  redress_store s;
  open_store(&s, cluster.conninfo);
  th_desk t;
  th_desk_open_store(&t, &s);
  redress_complaint_fields in = th_full_init("pg-cause");
  redress_complaint *c = NULL;
  assert_int_equal(redress_complaint_create(&c, t.desk, &in), REDRESS_OK);
  assert_int_equal(redress_desk_save(t.desk, c), REDRESS_OK);
  redress_complaint_free(c);
  c = NULL;
  terminate_others(conn);
  assert_int_equal(redress_desk_load(&c, t.desk, "pg-cause"), REDRESS_ERR_STORE);
  const char *msg = redress_desk_errmsg(t.desk);
  if (strstr(msg, "store.load failed") == NULL ||
      (strstr(msg, "terminating connection") == NULL &&
       strstr(msg, "server closed the connection") == NULL))
    fail_msg("the desk's message does not name the cause: \"%s\"", msg);
  assert_int_equal(redress_desk_load(&c, t.desk, "pg-cause"), REDRESS_OK);
  redress_complaint_free(c);
  th_desk_close(&t);
  PQfinish(conn);
}

/* Schema version 1, as that version of the adapter created it. */
static const char schema_v1[] =
    "CREATE FUNCTION redress_doc_jsonb(doc bytea) RETURNS jsonb "
    "LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$ "
    "BEGIN RETURN convert_from(doc, 'UTF8')::jsonb; "
    "EXCEPTION WHEN others THEN RETURN NULL; END $$;"
    "CREATE TABLE complaints (id text COLLATE \"C\" NOT NULL PRIMARY KEY, "
    "customer_id text COLLATE \"C\" NOT NULL, state integer NOT NULL, "
    "severity integer NOT NULL, channel integer NOT NULL, received_at bigint NOT NULL, "
    "updated_at bigint NOT NULL, next_alarm bigint, "
    "revision bigint NOT NULL CHECK (revision >= 1), doc_bytes bytea NOT NULL, "
    "doc jsonb GENERATED ALWAYS AS (redress_doc_jsonb(doc_bytes)) STORED);"
    "CREATE INDEX complaints_due ON complaints (next_alarm, id) WHERE next_alarm IS NOT NULL;"
    "CREATE INDEX complaints_customer ON complaints (customer_id, id);"
    "CREATE INDEX complaints_state ON complaints (state, updated_at);"
    "CREATE TABLE redress_meta (schema_version integer NOT NULL);"
    "INSERT INTO redress_meta VALUES (1);";

/* A database of version 1 is migrated when opened: its complaints become the default
 * tenant's, untouched and with no owner or team, and the feed starts with the next
 * save, which fills the owner and team columns. */
static void test_migrates_version_1(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint_fields in = th_full_init("old-1");
  redress_complaint *c = NULL;
  assert_int_equal(redress_complaint_create(&c, t.desk, &in), REDRESS_OK);
  char *json = NULL;
  assert_int_equal(redress_complaint_to_json(&json, NULL, c), REDRESS_OK);
  redress_complaint_free(c);
  char insert[8192];
  snprintf(insert, sizeof insert,
           "INSERT INTO complaints (id, customer_id, state, severity, channel, received_at, "
           "updated_at, next_alarm, revision, doc_bytes) VALUES ('old-1', 'cust-42', 0, 1, 1, "
           "%lld, %lld, NULL, 3, convert_to('%s', 'UTF8'))",
           (long long)TH_T0, (long long)TH_T0, json);
  redress_free(json);
  th_desk_close(&t);
  PGconn *conn = admin("redress_test");
  sql(conn, "DROP DATABASE IF EXISTS v1_db");
  sql(conn, "CREATE DATABASE v1_db");
  PQfinish(conn);
  conn = admin("v1_db");
  sql(conn, schema_v1);
  sql(conn, insert);
  char conninfo[600];
  snprintf(conninfo, sizeof conninfo, "host=%s port=54329 user=redress dbname=v1_db",
           cluster.sock);
  redress_store s;
  open_store(&s, conninfo);
  char out[64];
  sql_text(conn, "SELECT schema_version::text FROM redress_meta", out, sizeof out);
  assert_string_equal(out, "2");
  sql_text(conn, "SELECT tenant || '|' || revision FROM complaints WHERE id = 'old-1'", out,
           sizeof out);
  assert_string_equal(out, "|3");
  listed l = {{{0}}, {{0}}, 0};
  assert_int_equal(s.load(s.ud, "old-1", list_ids, &l), REDRESS_OK);
  assert_string_equal(l.owner[0], "-");
  th_desk_open_store(&t, &s);
  assert_int_equal(redress_desk_load(&c, t.desk, "old-1"), REDRESS_OK);
  assert_int_equal(redress_complaint_acknowledge(c, TH_T0 + 60, "ann", NULL), REDRESS_OK);
  assert_int_equal(redress_desk_save(t.desk, c), REDRESS_OK);
  assert_int_equal(redress_complaint_assign(c, TH_T0 + 120, "lead", NULL, "ann", "billing"),
                   REDRESS_OK);
  assert_int_equal(redress_desk_save(t.desk, c), REDRESS_OK);
  redress_complaint_free(c);
  th_desk_close(&t);
  sql_text(conn, "SELECT cursor || ':' || revision || ':' || coalesce(due::text, 'never') "
                 "FROM redress_feed WHERE complaint_id = 'old-1' AND cursor = 1", out, sizeof out);
  assert_string_equal(out, "1:4:never");
  open_store(&s, conninfo); /* a migrated schema opens as it is */
  l.n = 0;
  assert_int_equal(pg_store_assigned(&s, "ann", "billing", 1, list_ids, &l), REDRESS_OK);
  assert_int_equal(l.n, 1);
  assert_string_equal(l.ids[0], "old-1");
  s.destroy(s.ud);
  PQfinish(conn);
}

static void test_desk_round_trip(void **state) {
  (void)state;
  PGconn *conn = admin("redress_test");
  reset_tables(conn);
  redress_store s;
  open_store(&s, cluster.conninfo);
  th_desk t;
  th_desk_open_store(&t, &s);
  redress_complaint_fields in = th_full_init("pg-1");
  redress_complaint *c = NULL;
  assert_int_equal(redress_complaint_create(&c, t.desk, &in), REDRESS_OK);
  assert_int_equal(redress_desk_save(t.desk, c), REDRESS_OK);
  assert_int_equal(redress_complaint_acknowledge(c, TH_T0 + 60, "ann", "sorry"), REDRESS_OK);
  assert_int_equal(redress_desk_save(t.desk, c), REDRESS_OK);
  redress_complaint_free(c);
  char out[256];
  sql_text(conn, "SELECT doc->>'state' || ' ' || revision FROM complaints WHERE id = 'pg-1'",
           out, sizeof out);
  assert_string_equal(out, "acknowledged 2");
  assert_int_equal(redress_desk_tick(t.desk, TH_T0 + 31 * 86400, NULL, NULL), REDRESS_OK);
  assert_int_equal(redress_desk_load(&c, t.desk, "pg-1"), REDRESS_OK);
  uint64_t rev = ((uint64_t)th_number(c, REDRESS_FIELD_REVISION));
  assert_true(rev > 2);
  redress_complaint_free(c);
  assert_int_equal(redress_desk_remove(t.desk, "pg-1", rev), REDRESS_OK);
  th_desk_close(&t);
  PQfinish(conn);
}

int main(void) {
  char why[1024];
  int rc = pgc_start(&cluster, why, sizeof why);
  if (rc == PGC_SKIP) {
    printf("SKIP: %s\n", why);
    return 77;
  }
  if (rc != PGC_STARTED) {
    fprintf(stderr, "cannot start a PostgreSQL cluster: %s\n", why);
    return 1;
  }
  printf("# PostgreSQL cluster in %s (server binaries: %s)\n", cluster.root, cluster.bin);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_conformance),
      cmocka_unit_test(test_other_schema_version_refused),
      cmocka_unit_test(test_migrates_version_1),
      cmocka_unit_test(test_foreign_table_refused),
      cmocka_unit_test(test_columns),
      cmocka_unit_test(test_due_index_usable),
      cmocka_unit_test(test_assigned_query),
      cmocka_unit_test(test_callbacks_may_use_store),
      cmocka_unit_test(test_reconnects),
      cmocka_unit_test(test_reconnect_keeps_session_settings),
      cmocka_unit_test(test_reconnect_prepares_again),
      cmocka_unit_test(test_notices_kept_not_printed),
      cmocka_unit_test(test_desk_names_the_cause),
      cmocka_unit_test(test_desk_round_trip),
  };
  int failed = cmocka_run_group_tests(tests, NULL, NULL);
  pgc_stop(&cluster);
  return failed;
}
