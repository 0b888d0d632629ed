/* A libredress store over PostgreSQL (see store_postgres.h for the schema and why). */
#include "store_postgres.h"

#include "pg_schema.h"

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
#define OID_INT8_ARRAY 1016

#define STR_(x) #x
#define STR(x) STR_(x)
#define PAGE " LIMIT " STR(PG_STORE_PAGE_ROWS)

#define COLUMNS                                                                               \
  "id, customer_id, state::int8, severity::int8, channel::int8, received_at, updated_at, " \
  "next_alarm, revision, doc_bytes, tenant, owner, team"
#define SELECT_FROM "SELECT " COLUMNS " FROM complaints "

typedef struct statement {
  const char *name;
  const char *sql;
  int n_params;
  Oid types[15];
} statement;

enum {
  ST_LOAD, ST_SAVE, ST_REMOVE, ST_SCAN_FIRST, ST_SCAN_NEXT, ST_DUE_FIRST, ST_DUE_NEXT,
  ST_CUSTOMER_FIRST, ST_CUSTOMER_NEXT, ST_OWNER_FIRST, ST_OWNER_NEXT, ST_TEAM_FIRST,
  ST_TEAM_NEXT, ST_FEED, ST_BEGIN, ST_COMMIT, ST_ROLLBACK, ST_COUNT
};

/* Every query reads one tenant's rows: $1 is the tenant. */
static const statement statements[ST_COUNT] = {
    [ST_LOAD] = {"redress_load", SELECT_FROM "WHERE tenant = $1 AND id = $2", 2,
                 {OID_TEXT, OID_TEXT}},
    /* The record and its changes in one round trip (redress_save() in the schema). */
    [ST_SAVE] = {"redress_save",
                 "SELECT redress_save($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
                 "$14, $15)::int8",
                 15,
                 {OID_TEXT, OID_TEXT, OID_TEXT, OID_INT8, OID_INT8, OID_INT8, OID_INT8, OID_INT8,
                  OID_INT8, OID_INT8, OID_BYTEA, OID_TEXT, OID_TEXT, OID_INT8, OID_INT8_ARRAY}},
    [ST_REMOVE] = {"redress_remove", "SELECT redress_remove($1, $2, $3, $4)::int8", 4,
                   {OID_TEXT, OID_TEXT, OID_INT8, OID_INT8_ARRAY}},
    [ST_SCAN_FIRST] = {"redress_scan_first", SELECT_FROM "WHERE tenant = $1 ORDER BY id" PAGE, 1,
                       {OID_TEXT}},
    [ST_SCAN_NEXT] = {"redress_scan_next",
                      SELECT_FROM "WHERE tenant = $1 AND id > $2 ORDER BY id" PAGE, 2,
                      {OID_TEXT, OID_TEXT}},
    [ST_DUE_FIRST] = {"redress_due_first",
                      SELECT_FROM "WHERE tenant = $1 AND next_alarm IS NOT NULL AND "
                                  "next_alarm <= $2 ORDER BY next_alarm, id" PAGE,
                      2, {OID_TEXT, OID_INT8}},
    [ST_DUE_NEXT] = {"redress_due_next",
                     SELECT_FROM "WHERE tenant = $1 AND next_alarm IS NOT NULL AND "
                                 "next_alarm <= $2 AND (next_alarm, id) > ($3, $4) "
                                 "ORDER BY next_alarm, id" PAGE,
                     4, {OID_TEXT, OID_INT8, OID_INT8, OID_TEXT}},
    [ST_CUSTOMER_FIRST] = {"redress_customer_first",
                           SELECT_FROM "WHERE tenant = $1 AND customer_id = $2 ORDER BY id" PAGE,
                           2, {OID_TEXT, OID_TEXT}},
    [ST_CUSTOMER_NEXT] = {"redress_customer_next",
                          SELECT_FROM "WHERE tenant = $1 AND customer_id = $2 AND id > $3 "
                                      "ORDER BY id" PAGE,
                          3, {OID_TEXT, OID_TEXT, OID_TEXT}},
    /* pg_store_assigned(): the (tenant, owner, state, id) and (tenant, team, state, id)
     * indexes */
    [ST_OWNER_FIRST] = {"redress_owner_first",
                        SELECT_FROM "WHERE tenant = $1 AND owner = $2 AND state BETWEEN $3 AND $4 "
                                    "AND ($5::text IS NULL OR team = $5) ORDER BY id" PAGE,
                        5, {OID_TEXT, OID_TEXT, OID_INT8, OID_INT8, OID_TEXT}},
    [ST_OWNER_NEXT] = {"redress_owner_next",
                       SELECT_FROM "WHERE tenant = $1 AND owner = $2 AND state BETWEEN $3 AND $4 "
                                   "AND ($5::text IS NULL OR team = $5) AND id > $6 "
                                   "ORDER BY id" PAGE,
                       6, {OID_TEXT, OID_TEXT, OID_INT8, OID_INT8, OID_TEXT, OID_TEXT}},
    [ST_TEAM_FIRST] = {"redress_team_first",
                       SELECT_FROM "WHERE tenant = $1 AND team = $2 AND state BETWEEN $3 AND $4 "
                                   "ORDER BY id" PAGE,
                       4, {OID_TEXT, OID_TEXT, OID_INT8, OID_INT8}},
    [ST_TEAM_NEXT] = {"redress_team_next",
                      SELECT_FROM "WHERE tenant = $1 AND team = $2 AND state BETWEEN $3 AND $4 "
                                  "AND id > $5 ORDER BY id" PAGE,
                      5, {OID_TEXT, OID_TEXT, OID_INT8, OID_INT8, OID_TEXT}},
    [ST_FEED] = {"redress_feed",
                 "SELECT cursor, complaint_id, revision, kind::int8, event_kind::int8, event_seq, "
                 "deadline_kind::int8, level::int8, anchor, at, due FROM redress_feed "
                 "WHERE tenant = $1 AND cursor > $2 ORDER BY cursor LIMIT $3",
                 3, {OID_TEXT, OID_INT8, OID_INT8}},
    [ST_BEGIN] = {"redress_begin", "BEGIN", 0, {0}},
    [ST_COMMIT] = {"redress_commit", "COMMIT", 0, {0}},
    [ST_ROLLBACK] = {"redress_rollback", "ROLLBACK", 0, {0}},
};

/* One connection, shared by the default tenant's store and every tenant's. */
typedef struct pg_store {
  PGconn *conn;
  int in_transaction;
  int prepared;     /* this session has every statement prepared */
  char errmsg[512];
  char notice[512]; /* the server's last notice or warning, "" if none */
} pg_store;

/* What a vtable's ud points to: the connection and the tenant whose rows it reads and
 * writes ("" for the default tenant). pg_store_open makes the default tenant's, which
 * owns the connection; for_tenant makes the others, which own only themselves. */
typedef struct pg_view {
  pg_store *s;
  int owner;
  char tenant[];
} pg_view;

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
  return ((const pg_view *)store->ud)->s->errmsg;
}

const char *pg_store_notice(const redress_store *store) {
  if (store == NULL || store->ud == NULL) return "";
  return ((const pg_view *)store->ud)->s->notice;
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

/* Parameters of one call: values, their lengths, binary but for arrays. */
typedef struct params {
  int n;
  const char *values[15];
  int lengths[15];
  int formats[15];
  char ints[15][8];
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

/* An int8[] in text form ("{1,2,NULL}"): NULL text is SQL NULL. */
static void param_array(params *p, const char *text) {
  p->values[p->n] = text;
  p->lengths[p->n] = 0;
  p->formats[p->n++] = 0;
}

/* $1.. of redress_save(): the tenant, then the record's columns; a version-1 record has
 * no owner or team member. */
static void params_record(params *p, const char *tenant, const redress_record *r) {
  param_text(p, tenant);
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
  r->tenant = PQgetvalue(res, row, 10);
  r->owner = PQgetisnull(res, row, 11) ? NULL : PQgetvalue(res, row, 11);
  r->team = PQgetisnull(res, row, 12) ? NULL : PQgetvalue(res, row, 12);
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
  pg_view *v = ud;
  pg_store *s = v->s;
  if (id == NULL || cb == NULL) return fail(s, REDRESS_ERR_INVALID, "postgres store: load: NULL");
  ok(s);
  params p = {0};
  param_text(&p, v->tenant);
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

/* A record of another tenant would be filed where no reader of this one looks. */
static int check_tenant(pg_view *v, const redress_record *r) {
  const char *tenant = r->version >= 2 && r->tenant != NULL ? r->tenant : "";
  if (strcmp(tenant, v->tenant) == 0) return REDRESS_OK;
  return fail(v->s, REDRESS_ERR_INVALID,
              "postgres store: save: a record of tenant '%.128s' given to the store of tenant "
              "'%.128s'", tenant, v->tenant);
}

static int check_record(pg_view *v, const redress_record *r, uint64_t expected) {
  pg_store *s = v->s;
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
  if (r->version >= 2 && r->changes == NULL && r->n_changes > 0)
    return fail(s, REDRESS_ERR_INVALID, "postgres store: save: changes missing");
  return check_tenant(v, r);
}

/* ---- changes as an int8[] in text form: eight numbers each (pg_schema.c) ---------- */

typedef struct text_buf {
  char *text;
  size_t len, cap;
} text_buf;

static int put(text_buf *b, const char *piece) {
  size_t n = strlen(piece);
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap == 0 ? 256 : b->cap;
    while (b->len + n + 1 > cap) cap *= 2;
    char *grown = realloc(b->text, cap);
    if (grown == NULL) return -1;
    b->text = grown;
    b->cap = cap;
  }
  memcpy(b->text + b->len, piece, n + 1);
  b->len += n;
  return 0;
}

static int put_change(text_buf *b, const redress_change *ch, int first) {
  char piece[200];
  char due[24] = "NULL";
  if (ch->due != REDRESS_TIME_NEVER) snprintf(due, sizeof due, "%lld", (long long)ch->due);
  snprintf(piece, sizeof piece, "%s%d,%d,%lu,%d,%d,%lu,%lld,%s", first ? "" : ",", ch->kind,
           ch->event_kind, (unsigned long)ch->event_seq, ch->deadline_kind, ch->level,
           (unsigned long)ch->anchor, (long long)ch->at, due);
  return put(b, piece);
}

/* "{...}" of the changes, or NULL text (SQL NULL) when there are none. */
static int changes_text(pg_store *s, const redress_change *changes, size_t n, text_buf *b) {
  memset(b, 0, sizeof *b);
  if (n == 0) return REDRESS_OK;
  int bad = put(b, "{");
  for (size_t i = 0; !bad && i < n; i++) bad = put_change(b, &changes[i], i == 0);
  if (!bad) bad = put(b, "}");
  if (!bad) return REDRESS_OK;
  free(b->text);
  b->text = NULL;
  return fail(s, REDRESS_ERR_NOMEM, "postgres store: out of memory");
}

/* The record and its changes in one statement (redress_save() in the schema). */
static int store_save(void *ud, const redress_record *r, uint64_t expected) {
  pg_view *v = ud;
  pg_store *s = v->s;
  int rc = check_record(v, r, expected);
  if (rc != REDRESS_OK) return rc;
  ok(s);
  text_buf changes;
  rc = changes_text(s, r->version >= 2 ? r->changes : NULL, r->version >= 2 ? r->n_changes : 0,
                    &changes);
  if (rc != REDRESS_OK) return rc;
  params p = {0};
  params_record(&p, v->tenant, r);
  param_int(&p, (int64_t)expected);
  param_array(&p, changes.text);
  PGresult *res = NULL;
  rc = exec(s, ST_SAVE, &p, &res);
  free(changes.text);
  if (rc != REDRESS_OK) return rc;
  int64_t answer = get_be64(PQgetvalue(res, 0, 0));
  PQclear(res);
  if (answer != 0)
    return fail(s, REDRESS_ERR_CONFLICT, "postgres store: '%.128s' is not at revision %llu",
                r->id, (unsigned long long)expected);
  return REDRESS_OK;
}

/* The removal and its change (when given) in one statement (redress_remove()). */
static int store_remove_logged(void *ud, const char *id, uint64_t expected,
                               const redress_change *change) {
  pg_view *v = ud;
  pg_store *s = v->s;
  if (id == NULL) return fail(s, REDRESS_ERR_INVALID, "postgres store: remove: NULL id");
  ok(s);
  text_buf text;
  int rc = changes_text(s, change, change != NULL ? 1 : 0, &text);
  if (rc != REDRESS_OK) return rc;
  params p = {0};
  param_text(&p, v->tenant);
  param_text(&p, id);
  param_int(&p, expected > (uint64_t)INT64_MAX ? 0 : (int64_t)expected);
  param_array(&p, text.text);
  PGresult *res = NULL;
  rc = exec(s, ST_REMOVE, &p, &res);
  free(text.text);
  if (rc != REDRESS_OK) return rc;
  int64_t answer = get_be64(PQgetvalue(res, 0, 0));
  PQclear(res);
  if (answer == 0) return REDRESS_OK;
  if (answer == 1)
    return fail(s, REDRESS_ERR_CONFLICT, "postgres store: '%.128s' is not at revision %llu", id,
                (unsigned long long)expected);
  return fail(s, REDRESS_ERR_NOTFOUND, "postgres store: no complaint '%.128s'", id);
}

static int store_remove(void *ud, const char *id, uint64_t expected) {
  return store_remove_logged(ud, id, expected, NULL);
}

/*
 * Keyset pagination: the first page, then pages after the last key seen, until a
 * page comes back short. The tenant is $1; `until`, `customer` or the assignee (with
 * the state range, and the team beside an owner) the query's own parameters; `by_alarm`
 * adds next_alarm to the key (due order).
 */
typedef struct pager {
  int first, next;
  const char *tenant;
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
  param_text(p, pg->tenant);
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
  pg_view *v = ud;
  pg_store *s = v->s;
  if (cb == NULL) return fail(s, REDRESS_ERR_INVALID, "postgres store: scan: NULL callback");
  ok(s);
  pager pg = {ST_SCAN_FIRST, ST_SCAN_NEXT, v->tenant, 0, 0, NULL, 0, NULL, 0, 0, NULL};
  return paginate(s, &pg, "scan", cb, payload);
}

static int store_due(void *ud, redress_time until, redress_record_cb cb, void *payload) {
  pg_view *v = ud;
  pg_store *s = v->s;
  if (cb == NULL) return fail(s, REDRESS_ERR_INVALID, "postgres store: due: NULL callback");
  ok(s);
  pager pg = {ST_DUE_FIRST, ST_DUE_NEXT, v->tenant, 1, until, NULL, 1, NULL, 0, 0, NULL};
  return paginate(s, &pg, "due", cb, payload);
}

static int store_by_customer(void *ud, const char *customer_id, redress_record_cb cb,
                             void *payload) {
  pg_view *v = ud;
  pg_store *s = v->s;
  if (customer_id == NULL || cb == NULL)
    return fail(s, REDRESS_ERR_INVALID, "postgres store: by_customer: NULL");
  ok(s);
  pager pg = {ST_CUSTOMER_FIRST, ST_CUSTOMER_NEXT, v->tenant, 1, 0, customer_id, 0,
              NULL, 0, 0, NULL};
  return paginate(s, &pg, "by_customer", cb, payload);
}

int pg_store_assigned(const redress_store *store, const char *owner, const char *team,
                      int open_only, redress_record_cb cb, void *payload) {
  if (store == NULL || store->ud == NULL) return REDRESS_ERR_INVALID;
  pg_view *v = store->ud;
  pg_store *s = v->s;
  if ((owner == NULL && team == NULL) || cb == NULL)
    return fail(s, REDRESS_ERR_INVALID, "postgres store: assigned: an owner or a team is required");
  ok(s);
  /* open states are RECEIVED .. RESPONDED, one range of the state column */
  int64_t hi = open_only ? REDRESS_STATE_RESPONDED : REDRESS_STATE_COUNT - 1;
  pager pg = {ST_TEAM_FIRST, ST_TEAM_NEXT, v->tenant, 0, 0, NULL, 0, team, hi, 0, NULL};
  if (owner != NULL)
    pg = (pager){ST_OWNER_FIRST, ST_OWNER_NEXT, v->tenant, 0, 0, NULL, 0, owner, hi, 1, team};
  return paginate(s, &pg, "assigned", cb, payload);
}

/* ---- the feed -------------------------------------------------------------------- */

/* Row `row` of a feed page as a change; valid until the result is cleared. */
static void read_change(redress_change *ch, const PGresult *res, int row) {
  redress_change blank = REDRESS_CHANGE_INIT;
  *ch = blank;
  ch->cursor = (uint64_t)get_be64(PQgetvalue(res, row, 0));
  ch->complaint_id = PQgetvalue(res, row, 1);
  ch->revision = (uint64_t)get_be64(PQgetvalue(res, row, 2));
  ch->kind = (int)get_be64(PQgetvalue(res, row, 3));
  ch->event_kind = (int)get_be64(PQgetvalue(res, row, 4));
  ch->event_seq = (uint32_t)get_be64(PQgetvalue(res, row, 5));
  ch->deadline_kind = (int)get_be64(PQgetvalue(res, row, 6));
  ch->level = (int)get_be64(PQgetvalue(res, row, 7));
  ch->anchor = (uint32_t)get_be64(PQgetvalue(res, row, 8));
  ch->at = get_be64(PQgetvalue(res, row, 9));
  ch->due = PQgetisnull(res, row, 10) ? REDRESS_TIME_NEVER : get_be64(PQgetvalue(res, row, 10));
}

/* Pages of at most PG_STORE_PAGE_ROWS, until `limit` changes or the end. Cursors are
 * taken in commit order (pg_schema.c), so a page read later never holds a cursor below
 * one read before. */
static int store_feed(void *ud, uint64_t after, size_t limit, redress_change_cb cb,
                      void *payload) {
  pg_view *v = ud;
  pg_store *s = v->s;
  if (cb == NULL || limit == 0)
    return fail(s, REDRESS_ERR_INVALID, "postgres store: feed: NULL callback or limit 0");
  ok(s);
  int64_t cursor = after > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)after;
  while (limit > 0) {
    size_t want = limit < PG_STORE_PAGE_ROWS ? limit : PG_STORE_PAGE_ROWS;
    params p = {0};
    param_text(&p, v->tenant);
    param_int(&p, cursor);
    param_int(&p, (int64_t)want);
    PGresult *res = NULL;
    int rc = exec(s, ST_FEED, &p, &res);
    if (rc != REDRESS_OK) return rc;
    int rows = PQntuples(res);
    for (int row = 0; row < rows; row++) {
      redress_change ch;
      read_change(&ch, res, row);
      cursor = (int64_t)ch.cursor;
      if (cb(&ch, payload) != 0) {
        PQclear(res);
        return fail(s, REDRESS_ERR_USER, "postgres store: feed stopped by the callback");
      }
    }
    PQclear(res);
    if ((size_t)rows < want) break;
    limit -= want;
  }
  return REDRESS_OK;
}

/* ---- the host's transactions ----------------------------------------------------- */

static int run_plain(pg_store *s, int which) {
  PGresult *res = NULL;
  int rc = exec(s, which, NULL, &res);
  PQclear(res);
  return rc;
}

static int store_begin(pg_store *s) {
  ok(s);
  int rc = run_plain(s, ST_BEGIN);
  if (rc == REDRESS_OK) s->in_transaction = 1;
  return rc;
}

static int store_commit(pg_store *s) {
  ok(s);
  int rc = run_plain(s, ST_COMMIT);
  s->in_transaction = 0; /* a failed COMMIT ends the transaction too (rolled back) */
  return rc;
}

static int store_rollback(pg_store *s) {
  ok(s);
  s->in_transaction = 0;
  if (PQstatus(s->conn) != CONNECTION_OK) return REDRESS_OK; /* the server rolled back */
  return run_plain(s, ST_ROLLBACK);
}

/* The default tenant's store disconnects; a tenant's releases itself. */
static void store_destroy(void *ud) {
  pg_view *v = ud;
  if (v == NULL) return;
  if (v->owner && v->s != NULL) {
    PQfinish(v->s->conn);
    free(v->s);
  }
  free(v);
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

static int exec_steps(pg_store *s, const char *const *steps, const char *what) {
  int rc = REDRESS_OK;
  for (size_t i = 0; rc == REDRESS_OK && steps[i] != NULL; i++)
    rc = exec_sql(s, steps[i], what, NULL);
  return rc;
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
  if (version == -1 && !has_complaints) return exec_steps(s, pg_schema_create, "create schema");
  if (version == -1)
    return fail(s, REDRESS_ERR_VERSION,
                "postgres store: database %s has a table 'complaints' that is not a libredress "
                "store (no redress_meta table)", PQdb(s->conn));
  if (version == 1)
    return exec_steps(s, pg_schema_migrate_1, "migrate schema version 1 to 2");
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
static const char *store_errmsg(void *ud) { return ((const pg_view *)ud)->s->errmsg; }

static pg_view *view_new(pg_store *s, const char *tenant, int owner) {
  size_t len = strlen(tenant);
  pg_view *v = malloc(sizeof *v + len + 1);
  if (v == NULL) return NULL;
  v->s = s;
  v->owner = owner;
  memcpy(v->tenant, tenant, len + 1);
  return v;
}

static int store_for_tenant(void *ud, const char *tenant, redress_store *out);

static void fill_vtable(redress_store *out, pg_view *view) {
  redress_store v = REDRESS_STORE_INIT;
  v.ud = view;
  v.load = store_load;
  v.save = store_save;
  v.remove = store_remove;
  v.scan = store_scan;
  v.due = store_due;
  v.by_customer = store_by_customer;
  v.destroy = store_destroy;
  v.errmsg = store_errmsg;
  v.feed = store_feed;
  v.remove_logged = store_remove_logged;
  v.for_tenant = store_for_tenant;
  *out = v;
}

/* A store over the same connection that reads and writes the tenant's rows only. */
static int store_for_tenant(void *ud, const char *tenant, redress_store *out) {
  pg_store *s = ((pg_view *)ud)->s;
  if (tenant == NULL || tenant[0] == '\0' || out == NULL)
    return fail(s, REDRESS_ERR_INVALID, "postgres store: for_tenant: a tenant is required");
  pg_view *v = view_new(s, tenant, 0);
  if (v == NULL) return fail(s, REDRESS_ERR_NOMEM, "postgres store: out of memory");
  fill_vtable(out, v);
  return REDRESS_OK;
}

static void say(char *err, size_t errlen, const char *text) {
  if (err != NULL && errlen > 0) snprintf(err, errlen, "%s", text);
}

int pg_store_open(redress_store *out, const char *conninfo, char *err, size_t errlen) {
  say(err, errlen, "");
  if (out == NULL || conninfo == NULL) {
    say(err, errlen, "postgres store: out and conninfo are required");
    return REDRESS_ERR_INVALID;
  }
  pg_store *s = calloc(1, sizeof *s);
  pg_view *v = s != NULL ? view_new(s, "", 1) : NULL;
  if (v == NULL) {
    free(s);
    say(err, errlen, "postgres store: out of memory");
    return REDRESS_ERR_NOMEM;
  }
  int rc = connect_db(s, conninfo);
  if (rc != REDRESS_OK) {
    say(err, errlen, s->errmsg);
    store_destroy(v);
    return rc;
  }
  fill_vtable(out, v);
  return REDRESS_OK;
}

/* ---- transactions: the host's, around several saves (the desk opens none) ------- */

static pg_store *conn_of(const redress_store *store) {
  return store != NULL && store->ud != NULL ? ((const pg_view *)store->ud)->s : NULL;
}

int pg_store_begin(const redress_store *store) {
  pg_store *s = conn_of(store);
  return s == NULL ? REDRESS_ERR_INVALID : store_begin(s);
}

int pg_store_commit(const redress_store *store) {
  pg_store *s = conn_of(store);
  return s == NULL ? REDRESS_ERR_INVALID : store_commit(s);
}

int pg_store_rollback(const redress_store *store) {
  pg_store *s = conn_of(store);
  return s == NULL ? REDRESS_ERR_INVALID : store_rollback(s);
}
