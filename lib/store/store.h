/* The store layer: the host's store as the desk holds it, the contract checks and
 * the built-in memory store. Saving, loading and listing complaints (persist.c) are
 * public functions. Not installed. */
#ifndef RD_STORE_INTERNAL_H
#define RD_STORE_INTERNAL_H

#include "deadlines/deadline.h"

/* The part of the desk this layer owns (base/base.h explains the chain). The clock
 * is here because the store layer stamps the changes it writes to the feed (a save
 * without events, a removal) with the desk's time. */
typedef struct rd_store_ctx {
  rd_deadline_ctx deadlines;
  redress_store store;    /* every call goes here: the host's store, or its tenant's */
  redress_store host;     /* the host's store when `store` is its tenant's; else unused */
  int scoped;             /* 1: `store` came from host.for_tenant */
  char *tenant;           /* the desk's tenant, "" for the default (the desk's memory) */
  redress_clock_fn clock;
  void *clock_ud;
} rd_store_ctx;

static inline rd_store_ctx *rd_store_ctx_of(redress_desk *desk) {
  return (rd_store_ctx *)(void *)desk;
}
static inline const rd_store_ctx *rd_store_ctx_of_const(const redress_desk *desk) {
  return (const rd_store_ctx *)(const void *)desk;
}

/* Checks a host store: version and *must* slots. */
int rd_store_check(redress_desk *desk, const redress_store *s);
/* Copies a checked host store into *out, by its version (later members NULL). */
void rd_store_copy(redress_store *out, const redress_store *s);

/* ---- the desk's store and tenant (attach.c) ------------------------------- */

/* Gives the desk its store: the host's (checked, copied) or a new memory store when
 * host is NULL, scoped to `tenant` (NULL or "": the default tenant) through the
 * store's for_tenant slot. On failure nothing of the host's is destroyed and the desk
 * holds nothing to release. */
int rd_store_attach(redress_desk *desk, const redress_store *host, const char *tenant);
/* Destroys the tenant's store, then the host's (each when it has destroy), and frees
 * the tenant. */
void rd_store_detach(redress_desk *desk);
/* The desk's tenant: "" for the default. */
const char *rd_store_tenant(const redress_desk *desk);
/* The record's tenant ("" for a record of version 1 or with a NULL tenant). */
const char *rd_record_tenant(const redress_record *rec);
/* The desk's clock (the host's, or the wall clock). */
redress_time rd_store_now(const redress_desk *desk);
/* The record version the desk hands its store: the store's own version, capped at
 * this header's. */
unsigned rd_store_record_version(const redress_desk *desk);
/*
 * Every message about a failed slot of the desk's store is made here. Records that
 * `slot` ("load", "scan", ...) failed with rc and returns what the caller returns:
 * REDRESS_ERR_NOMEM for NOMEM ("WHO: store.SLOT: out of memory"), else
 * REDRESS_ERR_STORE ("WHO: store.SLOT failed: CODE: sentence", then the store's own
 * reason when its errmsg slot gives one). who names the operation ("tick"); NULL for
 * the desk's own save, load, remove and each, whose messages start at "store.".
 */
int rd_store_fail(redress_desk *desk, const char *who, const char *slot, int rc);
int rd_memory_store_new(redress_store *out, const redress_allocator *a);

/* ---- reading and writing records (records.c, persist.c) ------------------ */

/* A record as a complaint: decoded, checked to hold the complaint its id names, and
 * given its revision. PARSE (or the decoder's code) with a message on failure. */
int rd_store_decode(redress_complaint **out, redress_desk *desk, const redress_record *rec);

/* Which records a query reads. DUE and CUSTOMER use the store's due and by_customer
 * slots when it has them, else scan; the range is checked on every record either way,
 * so that a scan and an index give the same records. */
typedef enum rd_store_range { RD_STORE_ALL = 0, RD_STORE_DUE, RD_STORE_CUSTOMER } rd_store_range;

typedef struct rd_store_query {
  const char *who;          /* names the operation in messages ("tick"); NULL for
                             * redress_desk_each, whose messages start at "store." */
  rd_store_range range;
  redress_time until;       /* DUE: the records whose next_alarm <= until */
  const char *customer_id;  /* CUSTOMER: the records of this customer */
  /* 1 takes a record, 0 passes it by, judged on its columns before anything is
   * copied or decoded; NULL takes every record in the range */
  int (*keep)(const redress_record *rec, void *payload);
  void *payload;            /* keep's */
} rd_store_query;

/* Ids copied out of a query, in the order the store gave them, in the desk's memory. */
typedef struct rd_store_ids {
  char **ids;
  size_t n, cap;
} rd_store_ids;

/*
 * The ids of the records q takes, copied: records live only during the store's
 * callback, and a store must not be re-entered from inside its own iteration, so a
 * caller that loads or saves each one collects the ids first. *out starts empty;
 * free it with rd_store_ids_free, also on failure. A record without an id fails
 * with REDRESS_ERR_STORE.
 */
int rd_store_ids_of(rd_store_ids *out, redress_desk *desk, const rd_store_query *q);
void rd_store_ids_free(rd_store_ids *ids, redress_desk *desk);

/*
 * Calls cb with each record q takes, decoded (rd_store_decode) inside the store's
 * iteration: cb must not call the store. The complaint is freed when cb returns.
 * cb returns REDRESS_OK to go on, anything else to stop: that code is returned as
 * it is (cb words the message). A record that does not decode stops with the
 * decoder's code and message.
 */
typedef int (*rd_store_visit_cb)(const redress_complaint *c, void *payload);
int rd_store_visit(redress_desk *desk, const rd_store_query *q, rd_store_visit_cb cb,
                   void *payload);

/* persist.c: redress_desk_save with the complaint's deadlines given: the tick has just
 * derived them, so the record's next alarm and the due times of its alarm changes need
 * no second replay of the history; arguments unchecked. */
int rd_store_save(redress_desk *desk, redress_complaint *c, const redress_deadlines *l);

/* ---- the change feed (changes.c, feed.c) ---------------------------------- */

/* What saving c changes since its stored revision, as the feed entries of its record
 * (in the desk's memory; free with rd_free). l gives the due times of new alarms. */
int rd_store_changes(redress_change **out, size_t *n, redress_desk *desk,
                     const redress_complaint *c, const redress_deadlines *l);
/* The name of a redress_change_kind, or NULL. */
const char *rd_change_kind_name(int kind);

#endif
