/* A libredress store over PostgreSQL (see store_postgres.h for the schema and why). */
#include "store_postgres.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

/* Parameter type OIDs (pg_type.h is server-side; these numbers are fixed). */
#define OID_BYTEA 17
#define OID_INT8 20
#define OID_TEXT 25

#define STR_(x) #x
#define STR(x) STR_(x)
#define PAGE " LIMIT " STR(PG_STORE_PAGE_ROWS)

#define COLUMNS                                                                               \
  "id, customer_id, state::int8, severity::int8, channel::int8, received_at, updated_at, " \
  "next_alarm, revision, doc_bytes, owner, team"
#define SELECT_FROM "SELECT " COLUMNS " FROM complaints "

typedef struct statement {
  const char *name;
  const char *sql;
  int n_params;
  Oid types[13];
} statement;

enum {
  ST_LOAD, ST_INSERT, ST_UPDATE, ST_REMOVE, ST_SCAN_FIRST, ST_SCAN_NEXT, ST_DUE_FIRST,
  ST_DUE_NEXT, ST_CUSTOMER_FIRST, ST_CUSTOMER_NEXT, ST_OWNER_FIRST, ST_OWNER_NEXT, ST_TEAM_FIRST,
  ST_TEAM_NEXT, ST_BEGIN, ST_COMMIT, ST_ROLLBACK, ST_COUNT
};

#define RECORD_TYPES                                                                     \
  OID_TEXT, OID_TEXT, OID_INT8, OID_INT8, OID_INT8, OID_INT8, OID_INT8, OID_INT8, OID_INT8, \
      OID_BYTEA, OID_TEXT, OID_TEXT

static const statement statements[ST_COUNT] = {
    [ST_LOAD] = {"redress_load", SELECT_FROM "WHERE id = $1", 1, {OID_TEXT}},
    [ST_INSERT] = {"redress_insert",
                   "INSERT INTO complaints (id, customer_id, state, severity, channel, "
                   "received_at, updated_at, next_alarm, revision, doc_bytes, owner, team) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
                   "ON CONFLICT (id) DO NOTHING",
                   12, {RECORD_TYPES}},
    [ST_UPDATE] = {"redress_update",
                   "UPDATE complaints SET customer_id = $2, state = $3, severity = $4, "
                   "channel = $5, received_at = $6, updated_at = $7, next_alarm = $8, "
                   "revision = $9, doc_bytes = $10, owner = $11, team = $12 "
                   "WHERE id = $1 AND revision = $13",
                   13, {RECORD_TYPES, OID_INT8}},
    /* One round trip: what was deleted, and whether the id existed before. */
    [ST_REMOVE] = {"redress_remove",
                   "WITH gone AS (DELETE FROM complaints WHERE id = $1 AND revision = $2 "
                   "RETURNING 1) SELECT (SELECT count(*) FROM gone)::int8, "
                   "(SELECT count(*) FROM complaints WHERE id = $1)::int8",
                   2, {OID_TEXT, OID_INT8}},
    [ST_SCAN_FIRST] = {"redress_scan_first", SELECT_FROM "ORDER BY id" PAGE, 0, {0}},
    [ST_SCAN_NEXT] = {"redress_scan_next", SELECT_FROM "WHERE id > $1 ORDER BY id" PAGE, 1,
                      {OID_TEXT}},
    [ST_DUE_FIRST] = {"redress_due_first",
                      SELECT_FROM "WHERE next_alarm IS NOT NULL AND next_alarm <= $1 "
                                  "ORDER BY next_alarm, id" PAGE,
                      1, {OID_INT8}},
    [ST_DUE_NEXT] = {"redress_due_next",
                     SELECT_FROM "WHERE next_alarm IS NOT NULL AND next_alarm <= $1 "
                                 "AND (next_alarm, id) > ($2, $3) ORDER BY next_alarm, id" PAGE,
                     3, {OID_INT8, OID_INT8, OID_TEXT}},
    [ST_CUSTOMER_FIRST] = {"redress_customer_first",
                           SELECT_FROM "WHERE customer_id = $1 ORDER BY id" PAGE, 1,
                           {OID_TEXT}},
    [ST_CUSTOMER_NEXT] = {"redress_customer_next",
                          SELECT_FROM "WHERE customer_id = $1 AND id > $2 ORDER BY id" PAGE, 2,
                          {OID_TEXT, OID_TEXT}},
    /* pg_store_assigned(): the (owner, state, id) and (team, state, id) indexes */
    [ST_OWNER_FIRST] = {"redress_owner_first",
                        SELECT_FROM "WHERE owner = $1 AND state BETWEEN $2 AND $3 "
                                    "AND ($4::text IS NULL OR team = $4) ORDER BY id" PAGE,
                        4, {OID_TEXT, OID_INT8, OID_INT8, OID_TEXT}},
    [ST_OWNER_NEXT] = {"redress_owner_next",
                       SELECT_FROM "WHERE owner = $1 AND state BETWEEN $2 AND $3 "
                                   "AND ($4::text IS NULL OR team = $4) AND id > $5 ORDER BY id" PAGE,
                       5, {OID_TEXT, OID_INT8, OID_INT8, OID_TEXT, OID_TEXT}},
    [ST_TEAM_FIRST] = {"redress_team_first",
                       SELECT_FROM "WHERE team = $1 AND state BETWEEN $2 AND $3 ORDER BY id" PAGE,
                       3, {OID_TEXT, OID_INT8, OID_INT8}},
    [ST_TEAM_NEXT] = {"redress_team_next",
                      SELECT_FROM "WHERE team = $1 AND state BETWEEN $2 AND $3 AND id > $4 "
                                  "ORDER BY id" PAGE,
                      4, {OID_TEXT, OID_INT8, OID_INT8, OID_TEXT}},
    [ST_BEGIN] = {"redress_begin", "BEGIN", 0, {0}},
    [ST_COMMIT] = {"redress_commit", "COMMIT", 0, {0}},
    [ST_ROLLBACK] = {"redress_rollback", "ROLLBACK", 0, {0}},
};

/* Schema version 2. The function turns the stored bytes into jsonb, or NULL when
 * they are not JSON, so that the generated column never makes a save fail. Version 1
 * lacked owner and team: migrate_v1_sql adds them. */
static const char schema_sql[] =
    "CREATE FUNCTION redress_doc_jsonb(doc bytea) RETURNS jsonb "
    "LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$ "
    "BEGIN RETURN convert_from(doc, 'UTF8')::jsonb; "
    "EXCEPTION WHEN others THEN RETURN NULL; END $$;"
    "CREATE TABLE complaints ("
    "  id text COLLATE \"C\" NOT NULL PRIMARY KEY,"
    "  customer_id text COLLATE \"C\" NOT NULL,"
    "  state integer NOT NULL,"
    "  severity integer NOT NULL,"
    "  channel integer NOT NULL,"
    "  received_at bigint NOT NULL,"
    "  updated_at bigint NOT NULL,"
    "  next_alarm bigint," /* NULL: REDRESS_TIME_NEVER */
    "  revision bigint NOT NULL CHECK (revision >= 1),"
    "  doc_bytes bytea NOT NULL,"
    "  doc jsonb GENERATED ALWAYS AS (redress_doc_jsonb(doc_bytes)) STORED,"
    "  owner text COLLATE \"C\"," /* NULL: none */
    "  team text COLLATE \"C\");"
    "CREATE INDEX complaints_due ON complaints (next_alarm, id) WHERE next_alarm IS NOT NULL;"
    "CREATE INDEX complaints_customer ON complaints (customer_id, id);"
    "CREATE INDEX complaints_state ON complaints (state, updated_at);"
    "CREATE INDEX complaints_owner ON complaints (owner, state, id) WHERE owner IS NOT NULL;"
    "CREATE INDEX complaints_team ON complaints (team, state, id) WHERE team IS NOT NULL;"
    "CREATE TABLE redress_meta (schema_version integer NOT NULL);"
    "INSERT INTO redress_meta VALUES (2);";

/* Version 1 to 2: complaints stored under version 1 predate assign, so NULL columns
 * are what they hold. */
static const char migrate_v1_sql[] =
    "ALTER TABLE complaints ADD COLUMN owner text COLLATE \"C\","
    "  ADD COLUMN team text COLLATE \"C\";"
    "CREATE INDEX complaints_owner ON complaints (owner, state, id) WHERE owner IS NOT NULL;"
    "CREATE INDEX complaints_team ON complaints (team, state, id) WHERE team IS NOT NULL;"
    "UPDATE redress_meta SET schema_version = 2;";

typedef struct pg_store {
  PGconn *conn;
  int in_transaction;
  int prepared;     /* this session has every statement prepared */
  char errmsg[512];
  char notice[512]; /* the server's last notice or warning, "" if none */
} pg_store;

/* ---- errors ------------------------------------------------------------------ */

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int fail(pg_store *s, int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(s->errmsg, sizeof s->errmsg, fmt, ap);
  va_end(ap);
  return code;
}

/* PostgreSQL's message (its first line); no result and no message: libpq ran out
 * of memory. */
static int fail_pg(pg_store *s, const char *what, const PGresult *res) {
  const char *msg = res != NULL ? PQresultErrorMessage(res) : "";
  if (msg[0] == '\0') msg = PQerrorMessage(s->conn);
  if (msg[0] == '\0') return fail(s, REDRESS_ERR_NOMEM, "postgres store: %s: out of memory", what);
  return fail(s, REDRESS_ERR_STORE, "postgres store: %s: %.*s", what, (int)strcspn(msg, "\n"),
              msg);
}

static void ok(pg_store *s) { s->errmsg[0] = '\0'; }

const char *pg_store_errmsg(const redress_store *store) {
  if (store == NULL || store->ud == NULL) return "no store";
  return ((const pg_store *)store->ud)->errmsg;
}

const char *pg_store_notice(const redress_store *store) {
  if (store == NULL || store->ud == NULL) return "";
  return ((const pg_store *)store->ud)->notice;
}

/* ---- values on the wire (binary format: integers in network byte order) ---- */

static void put_be64(char out[8], int64_t value) {
  uint64_t v = (uint64_t)value;
  for (int i = 7; i >= 0; i--) {
    out[i] = (char)(v & 0xff);
    v >>= 8;
  }
}

static int64_t get_be64(const char *in) {
  uint64_t v = 0;
  for (int i = 0; i < 8; i++) v = (v << 8) | (unsigned char)in[i];
  return (int64_t)v;
}

/* Parameters of one call: values, their lengths, all binary. */
typedef struct params {
  int n;
  const char *values[13];
  int lengths[13];
  int formats[13];
  char ints[13][8];
} params;

static void param_text(params *p, const char *text) {
  p->values[p->n] = text;
  p->lengths[p->n] = (int)strlen(text);
  p->formats[p->n++] = 1;
}

static void param_int(params *p, int64_t v) {
  put_be64(p->ints[p->n], v);
  p->values[p->n] = p->ints[p->n];
  p->lengths[p->n] = 8;
  p->formats[p->n++] = 1;
}

/* NULL stands for REDRESS_TIME_NEVER in next_alarm. */
static void param_alarm(params *p, redress_time alarm) {
  if (alarm != REDRESS_TIME_NEVER) {
    param_int(p, alarm);
    return;
  }
  p->values[p->n] = NULL;
  p->lengths[p->n] = 0;
  p->formats[p->n++] = 1;
}

/* NULL text is SQL NULL. */
static void param_text_or_null(params *p, const char *text) {
  if (text != NULL) {
    param_text(p, text);
    return;
  }
  p->values[p->n] = NULL;
  p->lengths[p->n] = 0;
  p->formats[p->n++] = 1;
}

static void param_bytes(params *p, const char *bytes, size_t len) {
  p->values[p->n] = len > 0 ? bytes : ""; /* a NULL pointer would be SQL NULL */
  p->lengths[p->n] = (int)len;
  p->formats[p->n++] = 1;
}

/* $1..$12 in the order of the insert's columns; a version-1 record has no owner or
 * team member. */
static void params_record(params *p, const redress_record *r) {
  param_text(p, r->id);
  param_text(p, r->customer_id);
  param_int(p, r->state);
  param_int(p, r->severity);
  param_int(p, r->channel);
  param_int(p, r->received_at);
  param_int(p, r->updated_at);
  param_alarm(p, r->next_alarm);
  param_int(p, (int64_t)r->revision);
  param_bytes(p, r->doc, r->doc_len);
  param_text_or_null(p, r->version >= 2 ? r->owner : NULL);
  param_text_or_null(p, r->version >= 2 ? r->team : NULL);
}

/* Row `row` of a binary result as a record; valid until the result is cleared. */
static void read_record(redress_record *r, const PGresult *res, int row) {
  memset(r, 0, sizeof *r);
  r->version = REDRESS_RECORD_VERSION;
  r->id = PQgetvalue(res, row, 0);
  r->customer_id = PQgetvalue(res, row, 1);
  r->state = (int)get_be64(PQgetvalue(res, row, 2));
  r->severity = (int)get_be64(PQgetvalue(res, row, 3));
  r->channel = (int)get_be64(PQgetvalue(res, row, 4));
  r->received_at = get_be64(PQgetvalue(res, row, 5));
  r->updated_at = get_be64(PQgetvalue(res, row, 6));
  r->next_alarm = PQgetisnull(res, row, 7) ? REDRESS_TIME_NEVER : get_be64(PQgetvalue(res, row, 7));
  r->revision = (uint64_t)get_be64(PQgetvalue(res, row, 8));
  r->doc = PQgetvalue(res, row, 9);
  r->doc_len = (size_t)PQgetlength(res, row, 9);
  r->owner = PQgetisnull(res, row, 10) ? NULL : PQgetvalue(res, row, 10);
  r->team = PQgetisnull(res, row, 11) ? NULL : PQgetvalue(res, row, 11);
}

/* ---- connection and statements --------------------------------------------------- */

/* DEALLOCATE ALL first: an earlier attempt on this session may have prepared some
 * statements before failing, and preparing them again would fail. */
static int prepare_all(pg_store *s) {
  PGresult *clear = PQexec(s->conn, "DEALLOCATE ALL");
  int cleared = clear != NULL && PQresultStatus(clear) == PGRES_COMMAND_OK;
  int rc = cleared ? REDRESS_OK : fail_pg(s, "deallocate", clear);
  PQclear(clear);
  if (rc != REDRESS_OK) return rc;
  for (int i = 0; i < ST_COUNT; i++) {
    const statement *st = &statements[i];
    PGresult *res = PQprepare(s->conn, st->name, st->sql, st->n_params, st->types);
    int good = res != NULL && PQresultStatus(res) == PGRES_COMMAND_OK;
    rc = good ? REDRESS_OK : fail_pg(s, st->name, res);
    PQclear(res);
    if (rc != REDRESS_OK) return rc;
  }
  s->prepared = 1;
  return REDRESS_OK;
}

/*
 * A dropped connection is reopened between transactions. PQreset() connects again
 * with the parameters of the first connection (client_encoding, options), so the
 * session settings hold; the prepared statements died with the old session and are
 * prepared again, and a preparation that failed is tried again at the next call.
 * Inside a transaction the transaction is lost: the call fails and the host rolls
 * back.
 */
static int ensure_connected(pg_store *s) {
  if (PQstatus(s->conn) != CONNECTION_OK) {
    if (s->in_transaction)
      return fail(s, REDRESS_ERR_STORE, "postgres store: connection lost inside a transaction");
    s->prepared = 0;
    PQreset(s->conn);
    if (PQstatus(s->conn) != CONNECTION_OK) return fail_pg(s, "reconnect", NULL);
  }
  return s->prepared ? REDRESS_OK : prepare_all(s);
}

/* Runs prepared statement `which`; *out gets the result when it succeeded. */
static int exec(pg_store *s, int which, const params *p, PGresult **out) {
  int rc = ensure_connected(s);
  if (rc != REDRESS_OK) return rc;
  const statement *st = &statements[which];
  PGresult *res = PQexecPrepared(s->conn, st->name, p != NULL ? p->n : 0,
                                 p != NULL ? p->values : NULL, p != NULL ? p->lengths : NULL,
                                 p != NULL ? p->formats : NULL, 1);
  ExecStatusType status = res != NULL ? PQresultStatus(res) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    rc = fail_pg(s, st->name + strlen("redress_"), res);
    PQclear(res);
    return rc;
  }
  *out = res;
  return REDRESS_OK;
}

/* ---- the slots ------------------------------------------------------------------ */

static int store_load(void *ud, const char *id, redress_record_cb cb, void *payload) {
  pg_store *s = ud;
  if (id == NULL || cb == NULL) return fail(s, REDRESS_ERR_INVALID, "postgres store: load: NULL");
  ok(s);
  params p = {0};
  param_text(&p, id);
  PGresult *res = NULL;
  int rc = exec(s, ST_LOAD, &p, &res);
  if (rc != REDRESS_OK) return rc;
  if (PQntuples(res) == 0) {
    PQclear(res);
    return fail(s, REDRESS_ERR_NOTFOUND, "postgres store: no complaint '%.128s'", id);
  }
  redress_record r;
  read_record(&r, res, 0);
  int stop = cb(&r, payload);
  PQclear(res);
  if (stop != 0) return fail(s, REDRESS_ERR_USER, "postgres store: load stopped by the callback");
  return REDRESS_OK;
}

static int check_record(pg_store *s, const redress_record *r, uint64_t expected) {
  if (r == NULL || r->id == NULL || r->customer_id == NULL || (r->doc == NULL && r->doc_len))
    return fail(s, REDRESS_ERR_INVALID, "postgres store: save: incomplete record");
  if (r->version < 1 || r->version > REDRESS_RECORD_VERSION)
    return fail(s, REDRESS_ERR_VERSION, "postgres store: save: record version %u", r->version);
  if (r->revision != expected + 1 || r->revision > (uint64_t)INT64_MAX)
    return fail(s, REDRESS_ERR_INVALID,
                "postgres store: save: revision %llu does not follow expected revision %llu",
                (unsigned long long)r->revision, (unsigned long long)expected);
  if (r->doc_len > (size_t)INT_MAX)
    return fail(s, REDRESS_ERR_RANGE, "postgres store: save: document of %zu bytes", r->doc_len);
  return REDRESS_OK;
}

static int store_save(void *ud, const redress_record *r, uint64_t expected) {
  pg_store *s = ud;
  int rc = check_record(s, r, expected);
  if (rc != REDRESS_OK) return rc;
  ok(s);
  params p = {0};
  params_record(&p, r);
  if (expected != 0) param_int(&p, (int64_t)expected);
  PGresult *res = NULL;
  rc = exec(s, expected == 0 ? ST_INSERT : ST_UPDATE, &p, &res);
  if (rc != REDRESS_OK) return rc;
  int changed = strcmp(PQcmdTuples(res), "1") == 0;
  PQclear(res);
  if (!changed)
    return fail(s, REDRESS_ERR_CONFLICT, "postgres store: '%.128s' is not at revision %llu",
                r->id, (unsigned long long)expected);
  return REDRESS_OK;
}

static int store_remove(void *ud, const char *id, uint64_t expected) {
  pg_store *s = ud;
  if (id == NULL) return fail(s, REDRESS_ERR_INVALID, "postgres store: remove: NULL id");
  ok(s);
  params p = {0};
  param_text(&p, id);
  param_int(&p, expected > (uint64_t)INT64_MAX ? 0 : (int64_t)expected);
  PGresult *res = NULL;
  int rc = exec(s, ST_REMOVE, &p, &res);
  if (rc != REDRESS_OK) return rc;
  int64_t gone = get_be64(PQgetvalue(res, 0, 0));
  int64_t existed = get_be64(PQgetvalue(res, 0, 1));
  PQclear(res);
  if (gone == 1) return REDRESS_OK;
  if (existed > 0)
    return fail(s, REDRESS_ERR_CONFLICT, "postgres store: '%.128s' is not at revision %llu", id,
                (unsigned long long)expected);
  return fail(s, REDRESS_ERR_NOTFOUND, "postgres store: no complaint '%.128s'", id);
}

/*
 * Keyset pagination: the first page, then pages after the last key seen, until a
 * page comes back short. `fixed` is the query's own parameter (until, customer),
 * `by_alarm` adds next_alarm to the key (due order).
 */
typedef struct pager {
  int first, next;
  int has_fixed;
  int64_t until;
  const char *customer;
  int by_alarm;
  /* assigned(): the owner or team, the state range, and the team beside an owner */
  const char *assignee;
  int64_t state_hi;
  int with_team;
  const char *team;
} pager;

static void page_params(params *p, const pager *pg, const PGresult *last, int row) {
  if (pg->assignee != NULL) {
    param_text(p, pg->assignee);
    param_int(p, REDRESS_STATE_RECEIVED);
    param_int(p, pg->state_hi);
    if (pg->with_team) param_text_or_null(p, pg->team);
  }
  if (pg->customer != NULL) param_text(p, pg->customer);
  if (pg->has_fixed && pg->customer == NULL) param_int(p, pg->until);
  if (last == NULL) return;
  if (pg->by_alarm) param_int(p, get_be64(PQgetvalue(last, row, 7)));
  param_text(p, PQgetvalue(last, row, 0));
}

/* Hands every row of one page to cb; returns REDRESS_USER when it stops. */
static int deliver(pg_store *s, const PGresult *res, const char *what, redress_record_cb cb,
                   void *payload) {
  for (int row = 0; row < PQntuples(res); row++) {
    redress_record r;
    read_record(&r, res, row);
    if (cb(&r, payload) != 0)
      return fail(s, REDRESS_ERR_USER, "postgres store: %s stopped by the callback", what);
  }
  return REDRESS_OK;
}

static int paginate(pg_store *s, const pager *pg, const char *what, redress_record_cb cb,
                    void *payload) {
  PGresult *last = NULL;
  int rc = REDRESS_OK;
  for (;;) {
    params p = {0};
    page_params(&p, pg, last, last != NULL ? PQntuples(last) - 1 : 0);
    PGresult *res = NULL;
    rc = exec(s, last == NULL ? pg->first : pg->next, &p, &res);
    PQclear(last); /* p pointed into it until the query was sent */
    last = NULL;
    if (rc != REDRESS_OK) break;
    rc = deliver(s, res, what, cb, payload);
    if (rc != REDRESS_OK || PQntuples(res) < PG_STORE_PAGE_ROWS) {
      PQclear(res);
      break;
    }
    last = res;
  }
  return rc;
}

static int store_scan(void *ud, redress_record_cb cb, void *payload) {
  pg_store *s = ud;
  if (cb == NULL) return fail(s, REDRESS_ERR_INVALID, "postgres store: scan: NULL callback");
  ok(s);
  pager pg = {ST_SCAN_FIRST, ST_SCAN_NEXT, 0, 0, NULL, 0, NULL, 0, 0, NULL};
  return paginate(s, &pg, "scan", cb, payload);
}

static int store_due(void *ud, redress_time until, redress_record_cb cb, void *payload) {
  pg_store *s = ud;
  if (cb == NULL) return fail(s, REDRESS_ERR_INVALID, "postgres store: due: NULL callback");
  ok(s);
  pager pg = {ST_DUE_FIRST, ST_DUE_NEXT, 1, until, NULL, 1, NULL, 0, 0, NULL};
  return paginate(s, &pg, "due", cb, payload);
}

static int store_by_customer(void *ud, const char *customer_id, redress_record_cb cb,
                             void *payload) {
  pg_store *s = ud;
  if (customer_id == NULL || cb == NULL)
    return fail(s, REDRESS_ERR_INVALID, "postgres store: by_customer: NULL");
  ok(s);
  pager pg = {ST_CUSTOMER_FIRST, ST_CUSTOMER_NEXT, 1, 0, customer_id, 0, NULL, 0, 0, NULL};
  return paginate(s, &pg, "by_customer", cb, payload);
}

int pg_store_assigned(const redress_store *store, const char *owner, const char *team,
                      int open_only, redress_record_cb cb, void *payload) {
  if (store == NULL || store->ud == NULL) return REDRESS_ERR_INVALID;
  pg_store *s = store->ud;
  if ((owner == NULL && team == NULL) || cb == NULL)
    return fail(s, REDRESS_ERR_INVALID, "postgres store: assigned: an owner or a team is required");
  ok(s);
  /* open states are RECEIVED .. RESPONDED, one range of the state column */
  int64_t hi = open_only ? REDRESS_STATE_RESPONDED : REDRESS_STATE_COUNT - 1;
  pager pg = {ST_TEAM_FIRST, ST_TEAM_NEXT, 0, 0, NULL, 0, team, hi, 0, NULL};
  if (owner != NULL) pg = (pager){ST_OWNER_FIRST, ST_OWNER_NEXT, 0, 0, NULL, 0, owner, hi, 1, team};
  return paginate(s, &pg, "assigned", cb, payload);
}

static int run_plain(pg_store *s, int which) {
  PGresult *res = NULL;
  int rc = exec(s, which, NULL, &res);
  PQclear(res);
  return rc;
}

static int store_begin(void *ud) {
  pg_store *s = ud;
  ok(s);
  int rc = run_plain(s, ST_BEGIN);
  if (rc == REDRESS_OK) s->in_transaction = 1;
  return rc;
}

static int store_commit(void *ud) {
  pg_store *s = ud;
  ok(s);
  int rc = run_plain(s, ST_COMMIT);
  s->in_transaction = 0; /* a failed COMMIT ends the transaction too (rolled back) */
  return rc;
}

static int store_rollback(void *ud) {
  pg_store *s = ud;
  ok(s);
  s->in_transaction = 0;
  if (PQstatus(s->conn) != CONNECTION_OK) return REDRESS_OK; /* the server rolled back */
  return run_plain(s, ST_ROLLBACK);
}

static void store_destroy(void *ud) {
  pg_store *s = ud;
  if (s == NULL) return;
  PQfinish(s->conn);
  free(s);
}

/* ---- opening ------------------------------------------------------------------ */

static int exec_sql(pg_store *s, const char *sql, const char *what, PGresult **out) {
  PGresult *res = PQexec(s->conn, sql);
  ExecStatusType status = res != NULL ? PQresultStatus(res) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    int rc = fail_pg(s, what, res);
    PQclear(res);
    return rc;
  }
  if (out != NULL)
    *out = res;
  else
    PQclear(res);
  return REDRESS_OK;
}

/* Which of our tables exist, and the version recorded (-1: no meta table). */
static int read_version(pg_store *s, int *version, int *has_complaints) {
  PGresult *res = NULL;
  int rc = exec_sql(s,
                    "SELECT to_regclass('redress_meta') IS NOT NULL, "
                    "to_regclass('complaints') IS NOT NULL",
                    "inspect schema", &res);
  if (rc != REDRESS_OK) return rc;
  int has_meta = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
  *has_complaints = strcmp(PQgetvalue(res, 0, 1), "t") == 0;
  PQclear(res);
  *version = -1;
  if (!has_meta) return REDRESS_OK;
  rc = exec_sql(s, "SELECT max(schema_version) FROM redress_meta", "read schema version", &res);
  if (rc != REDRESS_OK) return rc;
  *version = PQgetisnull(res, 0, 0) ? 0 : atoi(PQgetvalue(res, 0, 0));
  PQclear(res);
  return REDRESS_OK;
}

static int check_or_create(pg_store *s) {
  int version = -1, has_complaints = 0;
  int rc = read_version(s, &version, &has_complaints);
  if (rc != REDRESS_OK) return rc;
  if (version == -1 && !has_complaints) return exec_sql(s, schema_sql, "create schema", NULL);
  if (version == 1) return exec_sql(s, migrate_v1_sql, "migrate schema 1 to 2", NULL);
  if (version == -1)
    return fail(s, REDRESS_ERR_VERSION,
                "postgres store: database %s has a table 'complaints' that is not a libredress "
                "store (no redress_meta table)", PQdb(s->conn));
  if (version != PG_STORE_SCHEMA_VERSION)
    return fail(s, REDRESS_ERR_VERSION,
                "postgres store: database %s has schema version %d; this program knows version "
                "%d (upgrade the program, or migrate the database)",
                PQdb(s->conn), version, PG_STORE_SCHEMA_VERSION);
  return REDRESS_OK;
}

/* Under an advisory lock, so that servers starting together create the schema once. */
static int ensure_schema(pg_store *s) {
  int rc = exec_sql(s, "BEGIN", "begin", NULL);
  if (rc == REDRESS_OK)
    rc = exec_sql(s, "SELECT pg_advisory_xact_lock(7306412)", "lock the schema", NULL);
  if (rc == REDRESS_OK) rc = check_or_create(s);
  if (rc == REDRESS_OK) return exec_sql(s, "COMMIT", "commit", NULL);
  PGresult *res = PQexec(s->conn, "ROLLBACK");
  PQclear(res);
  return rc;
}

/* libpq would print notices and warnings on the host's stderr; the store keeps the
 * last one instead (pg_store_notice()), on one line. */
static void keep_notice(void *arg, const char *message) {
  pg_store *s = arg;
  snprintf(s->notice, sizeof s->notice, "%.*s", (int)strcspn(message, "\n"), message);
}

/*
 * Every session setting is a connection parameter, never a statement run after
 * connecting: PQreset() replays the parameters but not such statements, so a
 * setting made by a statement would silently vanish at the first reconnect (with
 * PQsetClientEncoding(), ids saved after a reconnect would be read in the
 * environment's PGCLIENTENCODING and stored re-encoded). client_encoding comes
 * after the host's string, so it wins over the string and the environment; the
 * host's own settings (options='-c search_path=...') travel in its string.
 */
static int connect_db(pg_store *s, const char *conninfo) {
  const char *const keys[] = {"dbname", "client_encoding", NULL};
  const char *const values[] = {conninfo, "UTF8", NULL};
  s->conn = PQconnectdbParams(keys, values, 1);
  if (s->conn == NULL) return fail(s, REDRESS_ERR_NOMEM, "postgres store: out of memory");
  PQsetNoticeProcessor(s->conn, keep_notice, s);
  if (PQstatus(s->conn) != CONNECTION_OK) {
    const char *msg = PQerrorMessage(s->conn);
    return fail(s, REDRESS_ERR_STORE, "postgres store: cannot connect: %.*s",
                (int)strcspn(msg, "\n"), msg);
  }
  int rc = ensure_schema(s);
  if (rc == REDRESS_OK) rc = prepare_all(s);
  return rc;
}

/* The errmsg slot: the desk appends this sentence to its own message. */
static const char *store_errmsg(void *ud) { return ((const pg_store *)ud)->errmsg; }

static void fill_vtable(redress_store *out, pg_store *s) {
  redress_store v = REDRESS_STORE_INIT;
  v.ud = s;
  v.load = store_load;
  v.save = store_save;
  v.remove = store_remove;
  v.scan = store_scan;
  v.due = store_due;
  v.by_customer = store_by_customer;
  v.destroy = store_destroy;
  v.errmsg = store_errmsg;
  *out = v;
}

int pg_store_open(redress_store *out, const char *conninfo, char *err, size_t errlen) {
  if (err != NULL && errlen > 0) err[0] = '\0';
  if (out == NULL || conninfo == NULL) {
    if (err != NULL && errlen > 0) snprintf(err, errlen, "postgres store: out and conninfo are required");
    return REDRESS_ERR_INVALID;
  }
  pg_store *s = calloc(1, sizeof *s);
  if (s == NULL) {
    if (err != NULL && errlen > 0) snprintf(err, errlen, "postgres store: out of memory");
    return REDRESS_ERR_NOMEM;
  }
  int rc = connect_db(s, conninfo);
  if (rc != REDRESS_OK) {
    if (err != NULL && errlen > 0) snprintf(err, errlen, "%s", s->errmsg);
    store_destroy(s);
    return rc;
  }
  fill_vtable(out, s);
  return REDRESS_OK;
}

/* ---- transactions: the host's, around several saves (the desk opens none) ------- */

int pg_store_begin(const redress_store *store) {
  if (store == NULL || store->ud == NULL) return REDRESS_ERR_INVALID;
  return store_begin(store->ud);
}

int pg_store_commit(const redress_store *store) {
  if (store == NULL || store->ud == NULL) return REDRESS_ERR_INVALID;
  return store_commit(store->ud);
}

int pg_store_rollback(const redress_store *store) {
  if (store == NULL || store->ud == NULL) return REDRESS_ERR_INVALID;
  return store_rollback(store->ud);
}
