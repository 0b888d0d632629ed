/* The SQLite store's change feed. Each tenant's last cursor is a row of feed_heads,
 * read and moved on inside the write transaction that saves the record: SQLite has one
 * writer at a time, so cursors are taken in commit order and never skip one, and a
 * rolled-back save takes its changes and its cursors with it. */
#include <stdint.h>
#include <string.h>

#include "sqlite_internal.h"

/* The tenant's last cursor (0 before its first change). */
static int read_head(sqlite_conn *s, const char *tenant, uint64_t *last) {
  sqlite3_stmt *st = sqlite_take(s, ST_HEAD);
  if (st == NULL) return REDRESS_ERR_STORE;
  if (sqlite3_bind_text(st, 1, tenant, -1, SQLITE_STATIC) != SQLITE_OK) {
    sqlite_give_back(st);
    return sqlite_fail_call(s, "feed head");
  }
  int rc = sqlite3_step(st);
  *last = rc == SQLITE_ROW ? (uint64_t)sqlite3_column_int64(st, 0) : 0;
  sqlite_give_back(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? REDRESS_OK : sqlite_fail_call(s, "feed head");
}

static int write_head(sqlite_conn *s, const char *tenant, uint64_t last) {
  sqlite3_stmt *st = sqlite_take(s, ST_HEAD_SET);
  if (st == NULL) return REDRESS_ERR_STORE;
  if (sqlite3_bind_text(st, 1, tenant, -1, SQLITE_STATIC) != SQLITE_OK ||
      sqlite3_bind_int64(st, 2, (sqlite3_int64)last) != SQLITE_OK) {
    sqlite_give_back(st);
    return sqlite_fail_call(s, "feed head");
  }
  return sqlite_run(s, st, "feed head");
}

static int bind_never(sqlite3_stmt *st, int index, redress_time t) {
  if (t == REDRESS_TIME_NEVER) return sqlite3_bind_null(st, index);
  return sqlite3_bind_int64(st, index, t);
}

static int bind_change(sqlite3_stmt *st, const char *tenant, uint64_t cursor, const char *id,
                       uint64_t revision, const redress_change *ch) {
  int rc = sqlite3_bind_text(st, 1, tenant, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(st, 2, (sqlite3_int64)cursor);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(st, 3, id, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(st, 4, (sqlite3_int64)revision);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int(st, 5, ch->kind);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int(st, 6, ch->event_kind);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(st, 7, ch->event_seq);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int(st, 8, ch->deadline_kind);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int(st, 9, ch->level);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(st, 10, ch->anchor);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(st, 11, ch->at);
  if (rc == SQLITE_OK) rc = bind_never(st, 12, ch->due);
  return rc;
}

int sqlite_feed_write(sqlite_conn *s, const char *tenant, const char *id, uint64_t revision,
                      const redress_change *changes, size_t n) {
  if (n == 0) return REDRESS_OK;
  uint64_t last = 0;
  int rc = read_head(s, tenant, &last);
  for (size_t i = 0; rc == REDRESS_OK && i < n; i++) {
    sqlite3_stmt *st = sqlite_take(s, ST_FEED_ADD);
    if (st == NULL) return REDRESS_ERR_STORE;
    if (bind_change(st, tenant, last + 1 + i, id, revision, &changes[i]) != SQLITE_OK) {
      sqlite_give_back(st);
      return sqlite_fail_call(s, "feed");
    }
    rc = sqlite_run(s, st, "feed");
  }
  return rc == REDRESS_OK ? write_head(s, tenant, last + n) : rc;
}

/* The current row as a change; its text is valid until the statement steps again. */
static void read_change(redress_change *ch, sqlite3_stmt *st) {
  redress_change blank = REDRESS_CHANGE_INIT;
  *ch = blank;
  ch->cursor = (uint64_t)sqlite3_column_int64(st, 0);
  ch->complaint_id = (const char *)sqlite3_column_text(st, 1);
  ch->revision = (uint64_t)sqlite3_column_int64(st, 2);
  ch->kind = sqlite3_column_int(st, 3);
  ch->event_kind = sqlite3_column_int(st, 4);
  ch->event_seq = (uint32_t)sqlite3_column_int64(st, 5);
  ch->deadline_kind = sqlite3_column_int(st, 6);
  ch->level = sqlite3_column_int(st, 7);
  ch->anchor = (uint32_t)sqlite3_column_int64(st, 8);
  ch->at = sqlite3_column_int64(st, 9);
  ch->due = sqlite3_column_type(st, 10) == SQLITE_NULL ? REDRESS_TIME_NEVER
                                                       : sqlite3_column_int64(st, 10);
}

int sqlite_feed_read(sqlite_conn *s, const char *tenant, uint64_t after, size_t limit,
                     redress_change_cb cb, void *payload) {
  sqlite3_stmt *st = sqlite_take(s, ST_FEED_READ);
  if (st == NULL) return REDRESS_ERR_STORE;
  /* cursors are below 2^63; a reader past them all reads nothing */
  sqlite3_int64 from = after > (uint64_t)INT64_MAX ? INT64_MAX : (sqlite3_int64)after;
  sqlite3_int64 count = limit > (size_t)INT64_MAX ? INT64_MAX : (sqlite3_int64)limit;
  if (sqlite3_bind_text(st, 1, tenant, -1, SQLITE_STATIC) != SQLITE_OK ||
      sqlite3_bind_int64(st, 2, from) != SQLITE_OK || sqlite3_bind_int64(st, 3, count) != SQLITE_OK) {
    sqlite_give_back(st);
    return sqlite_fail_call(s, "feed");
  }
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    redress_change ch;
    read_change(&ch, st);
    if (ch.complaint_id == NULL) {
      sqlite_give_back(st);
      return sqlite_fail(s, REDRESS_ERR_NOMEM, "sqlite store: feed: out of memory");
    }
    if (cb(&ch, payload) != 0) {
      sqlite_give_back(st);
      return sqlite_fail(s, REDRESS_ERR_USER, "sqlite store: feed stopped by the callback");
    }
  }
  int result = rc == SQLITE_DONE ? REDRESS_OK : sqlite_fail_call(s, "feed");
  sqlite_give_back(st);
  return result;
}
