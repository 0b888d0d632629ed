/* The desk's store and tenant: which store every call goes to, and what the desk
 * releases when it closes. */
#include "store/store.h"

#include <string.h>
#include <time.h>

/* A store that cannot keep a tenant apart is refused, never shared: a desk of tenant
 * "acme" over it would see, and overwrite, every other tenant's complaints. */
static int scope(redress_desk *desk, const char *tenant) {
  rd_store_ctx *sx = rd_store_ctx_of(desk);
  const redress_store *host = &sx->host;
  if (host->version < 2 || host->for_tenant == NULL)
    return rd_fail(desk, REDRESS_ERR_INVALID,
                   "store: tenant '%s' needs a store with a for_tenant slot (version 2); this "
                   "store keeps the default tenant only",
                   tenant);
  redress_store made = REDRESS_STORE_INIT;
  int rc = host->for_tenant(host->ud, tenant, &made);
  if (rc != REDRESS_OK) return rd_store_fail(desk, NULL, "for_tenant", rc);
  /* Only version 2 tells the store's records apart by tenant. */
  rc = made.version < 2 ? rd_fail(desk, REDRESS_ERR_VERSION,
                                  "store: for_tenant gave a store of version %u (want 2)",
                                  made.version)
                        : rd_store_check(desk, &made);
  if (rc != REDRESS_OK) {
    if (made.destroy != NULL) made.destroy(made.ud);
    return rc;
  }
  rd_store_copy(&sx->store, &made);
  sx->scoped = 1;
  return REDRESS_OK;
}

static int copy_host(redress_desk *desk, const redress_store *host) {
  rd_store_ctx *sx = rd_store_ctx_of(desk);
  if (host == NULL) return rd_memory_store_new(&sx->host, rd_desk_alloc(desk));
  int rc = rd_store_check(desk, host);
  if (rc == REDRESS_OK) rd_store_copy(&sx->host, host);
  return rc;
}

int rd_store_attach(redress_desk *desk, const redress_store *host, const char *tenant) {
  rd_store_ctx *sx = rd_store_ctx_of(desk);
  if (tenant == NULL) tenant = "";
  int rc = rd_check_name(desk, "tenant", tenant, REDRESS_MAX_ID_BYTES, false);
  if (rc != REDRESS_OK) return rc;
  sx->tenant = rd_memdup(rd_desk_alloc(desk), tenant, strlen(tenant));
  if (sx->tenant == NULL) return rd_fail(desk, REDRESS_ERR_NOMEM, "out of memory");
  rc = copy_host(desk, host);
  if (rc == REDRESS_OK) sx->store = sx->host; /* its errmsg explains a failed for_tenant */
  if (rc == REDRESS_OK && tenant[0] != '\0') {
    rc = scope(desk, tenant);
    /* a memory store made here is the desk's own: release it with the failure */
    if (rc != REDRESS_OK && host == NULL) sx->host.destroy(sx->host.ud);
  }
  if (rc != REDRESS_OK) {
    rd_free(rd_desk_alloc(desk), sx->tenant);
    sx->tenant = NULL;
  }
  return rc;
}

void rd_store_detach(redress_desk *desk) {
  rd_store_ctx *sx = rd_store_ctx_of(desk);
  if (sx->scoped && sx->store.destroy != NULL) sx->store.destroy(sx->store.ud);
  if (sx->host.destroy != NULL) sx->host.destroy(sx->host.ud);
  rd_free(rd_desk_alloc(desk), sx->tenant);
  sx->tenant = NULL;
}

const char *rd_store_tenant(const redress_desk *desk) {
  const char *t = rd_store_ctx_of_const(desk)->tenant;
  return t != NULL ? t : "";
}

const char *rd_record_tenant(const redress_record *rec) {
  if (rec->version < 2 || rec->tenant == NULL) return "";
  return rec->tenant;
}

redress_time rd_store_now(const redress_desk *desk) {
  const rd_store_ctx *sx = rd_store_ctx_of_const(desk);
  return sx->clock != NULL ? sx->clock(sx->clock_ud) : (redress_time)time(NULL);
}

unsigned rd_store_record_version(const redress_desk *desk) {
  unsigned v = rd_store_ctx_of_const(desk)->store.version;
  return v < REDRESS_RECORD_VERSION ? v : REDRESS_RECORD_VERSION;
}
