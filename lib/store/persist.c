/* Saving, loading and listing complaints through the desk's store. */
#include "store/store.h"

#include <string.h>

/* The record of c's next revision. Version 2 (given to a store of version 2) carries
 * the owner, team, the desk's tenant and what the save changes; a store of version 1
 * gets version 1. */
static void fill_record(redress_record *rec, redress_desk *desk, const redress_complaint *c,
                        const char *doc, size_t doc_len, redress_time next_alarm) {
  memset(rec, 0, sizeof *rec);
  rec->version = rd_store_record_version(desk);
  rec->id = c->id;
  rec->customer_id = c->customer_id;
  rec->state = c->state;
  rec->severity = c->severity;
  rec->channel = c->channel;
  rec->received_at = c->received_at;
  rec->updated_at = rd_complaint_updated_at(c);
  rec->next_alarm = next_alarm;
  rec->revision = c->revision + 1;
  rec->doc = doc;
  rec->doc_len = doc_len;
  if (rec->version < 2) return;
  rec->owner = rd_complaint_owner(c);
  rec->team = rd_complaint_team(c);
  rec->tenant = rd_store_tenant(desk);
}

/* Writes the record with its changes: they travel with it to a store that reads
 * version 2. The store's answer. */
static int write_record(redress_desk *desk, const redress_complaint *c,
                        const redress_deadlines *l, const redress_change *changes,
                        size_t n_changes, const char *doc, size_t doc_len) {
  const redress_store *s = &rd_store_ctx_of(desk)->store;
  redress_record rec;
  fill_record(&rec, desk, c, doc, doc_len, l->next_alarm);
  if (rec.version >= 2) {
    rec.changes = changes;
    rec.n_changes = n_changes;
  }
  return s->save(s->ud, &rec, c->revision);
}

/* What the store answered, as the desk's code and message. */
static int save_failed(redress_desk *desk, const redress_complaint *c, int rc) {
  if (rc == REDRESS_ERR_CONFLICT && c->revision == 0)
    return rd_fail(desk, REDRESS_ERR_EXISTS, "complaint '%s' is already stored", c->id);
  if (rc == REDRESS_ERR_CONFLICT)
    return rd_fail(desk, rc, "complaint '%s' was saved by someone else since revision %llu",
                   c->id, (unsigned long long)c->revision);
  return rd_store_fail(desk, NULL, "save", rc);
}

int rd_store_save(redress_desk *desk, redress_complaint *c, const redress_deadlines *l) {
  redress_change *changes = NULL;
  size_t n_changes = 0;
  int rc = REDRESS_OK;
  if (rd_store_record_version(desk) >= 2) rc = rd_store_changes(&changes, &n_changes, desk, c, l);
  if (rc != REDRESS_OK) return rc;
  char *doc = NULL;
  size_t doc_len = 0;
  rc = rd_json_encode(&doc, &doc_len, c);
  if (rc != REDRESS_OK) {
    rd_free(rd_desk_alloc(desk), changes);
    return rd_fail(desk, rc, "desk_save: could not encode the complaint");
  }
  rc = write_record(desk, c, l, changes, n_changes, doc, doc_len);
  rd_free(rd_desk_alloc(desk), doc);
  rd_free(rd_desk_alloc(desk), changes);
  if (rc != REDRESS_OK) return save_failed(desk, c, rc);
  c->revision++;
  c->saved_events = c->n_events;
  c->saved_alarms = c->n_alarms;
  return REDRESS_OK;
}

int redress_desk_save(redress_desk *desk, redress_complaint *complaint) {
  if (desk == NULL) return REDRESS_ERR_INVALID;
  if (complaint == NULL || complaint->desk != desk)
    return rd_fail(desk, REDRESS_ERR_INVALID, "desk_save: the complaint must belong to this desk");
  rd_ok(desk);
  /* the deadlines as the history leaves them: the record's next alarm, and the due
   * times of alarms the feed reports (a complaint from JSON may bring some) */
  redress_deadlines l;
  memset(&l, 0, sizeof l);
  l.alloc = *rd_desk_alloc(desk);
  int rc = rd_deadlines_replay(&l, complaint, rd_complaint_updated_at(complaint));
  if (rc == REDRESS_OK) rc = rd_store_save(desk, complaint, &l);
  rd_free(&l.alloc, l.items);
  return rc;
}

typedef struct load_ctx {
  redress_desk *desk;
  redress_complaint *complaint;
  int rc;
} load_ctx;

static int on_load(const redress_record *rec, void *payload) {
  load_ctx *ctx = payload;
  if (ctx->complaint != NULL) return 0; /* a store that calls twice keeps the first */
  ctx->rc = rd_store_decode(&ctx->complaint, ctx->desk, rec);
  return ctx->rc != REDRESS_OK;
}

int redress_desk_load(redress_complaint **out, redress_desk *desk, const char *id) {
  rd_store_ctx *sx = rd_store_ctx_of(desk);
  if (desk == NULL) return REDRESS_ERR_INVALID;
  if (out == NULL || id == NULL)
    return rd_fail(desk, REDRESS_ERR_INVALID, "desk_load: out and id are required");
  /* Checked as create checks it: an id no complaint can have is the caller's error,
   * not a miss, and its bytes never reach the store or the message. */
  int bad = rd_check_name(desk, "desk_load: id", id, REDRESS_MAX_ID_BYTES, true);
  if (bad != REDRESS_OK) return bad;
  rd_ok(desk);
  load_ctx ctx = {desk, NULL, REDRESS_OK};
  int rc = sx->store.load(sx->store.ud, id, on_load, &ctx);
  if (ctx.rc != REDRESS_OK) return ctx.rc;
  if (rc == REDRESS_OK && ctx.complaint == NULL) rc = REDRESS_ERR_NOTFOUND;
  if (rc != REDRESS_OK) {
    redress_complaint_free(ctx.complaint);
    if (rc == REDRESS_ERR_NOTFOUND)
      return rd_fail(desk, rc, "no stored complaint '%.128s'", id);
    return rd_store_fail(desk, NULL, "load", rc);
  }
  *out = ctx.complaint;
  return REDRESS_OK;
}

/* A store with a feed hears of the removal with its change, to write both at once. */
static int remove_record(redress_desk *desk, const char *id, uint64_t revision) {
  const redress_store *s = &rd_store_ctx_of(desk)->store;
  if (s->version < 2 || s->remove_logged == NULL) return s->remove(s->ud, id, revision);
  redress_change change = REDRESS_CHANGE_INIT;
  change.complaint_id = id;
  change.revision = revision;
  change.kind = REDRESS_CHANGE_REMOVED;
  change.at = rd_store_now(desk);
  return s->remove_logged(s->ud, id, revision, &change);
}

int redress_desk_remove(redress_desk *desk, const char *id, uint64_t revision) {
  if (desk == NULL) return REDRESS_ERR_INVALID;
  int bad = rd_check_name(desk, "desk_remove: id", id, REDRESS_MAX_ID_BYTES, true);
  if (bad != REDRESS_OK) return bad;
  rd_ok(desk);
  int rc = remove_record(desk, id, revision);
  if (rc == REDRESS_OK) return REDRESS_OK;
  if (rc == REDRESS_ERR_NOTFOUND) return rd_fail(desk, rc, "no stored complaint '%.128s'", id);
  if (rc == REDRESS_ERR_CONFLICT)
    return rd_fail(desk, rc, "complaint '%.128s' is not at revision %llu", id,
                   (unsigned long long)revision);
  return rd_store_fail(desk, NULL, "remove", rc);
}

typedef struct each_ctx {
  redress_complaint_cb cb;
  void *payload;
  int stopped;
} each_ctx;

static int on_each(const redress_complaint *c, void *payload) {
  each_ctx *ctx = payload;
  ctx->stopped = ctx->cb(c, ctx->payload) != 0;
  return ctx->stopped ? REDRESS_ERR_USER : REDRESS_OK;
}

int redress_desk_each(redress_desk *desk, redress_complaint_cb cb, void *payload) {
  if (desk == NULL) return REDRESS_ERR_INVALID;
  if (cb == NULL) return rd_fail(desk, REDRESS_ERR_INVALID, "desk_each: cb is required");
  rd_ok(desk);
  each_ctx ctx = {cb, payload, 0};
  rd_store_query q = {NULL, RD_STORE_ALL, 0, NULL, NULL, NULL};
  int rc = rd_store_visit(desk, &q, on_each, &ctx);
  if (ctx.stopped) return rd_fail(desk, REDRESS_ERR_USER, "desk_each: stopped by the callback");
  return rc;
}
