/* Memory: every allocation of a desk goes through its redress_allocator. */
#include "base/base.h"

#include <stdlib.h>
#include <string.h>

static void *default_alloc(size_t size, void *ud) {
  (void)ud;
  return malloc(size);
}

static void *default_realloc(void *ptr, size_t size, void *ud) {
  (void)ud;
  return realloc(ptr, size);
}

static void default_free(void *ptr, void *ud) {
  (void)ud;
  free(ptr);
}

redress_allocator rd_default_allocator(void) {
  redress_allocator a = {REDRESS_ALLOCATOR_VERSION, default_alloc, default_realloc,
                         default_free, NULL};
  return a;
}

redress_allocator redress_allocator_init(void) {
  redress_allocator a = REDRESS_ALLOCATOR_INIT;
  return a;
}

int rd_allocator_check(const redress_allocator *a) {
  if (a == NULL) return REDRESS_ERR_INVALID;
  if (a->version != REDRESS_ALLOCATOR_VERSION) return REDRESS_ERR_VERSION;
  if (a->alloc == NULL || a->realloc == NULL || a->free == NULL) return REDRESS_ERR_INVALID;
  return REDRESS_OK;
}

void *rd_alloc(const redress_allocator *a, size_t size) {
  /* A zero-byte request would be implementation-defined for malloc; never ask. */
  return a->alloc(size == 0 ? 1 : size, a->ud);
}

void *rd_realloc(const redress_allocator *a, void *ptr, size_t size) {
  if (ptr == NULL) return rd_alloc(a, size);
  return a->realloc(ptr, size == 0 ? 1 : size, a->ud);
}

void rd_free(const redress_allocator *a, void *ptr) {
  if (ptr != NULL) a->free(ptr, a->ud);
}

char *rd_memdup(const redress_allocator *a, const char *s, size_t len) {
  if (len == SIZE_MAX) return NULL;
  char *copy = rd_alloc(a, len + 1);
  if (copy == NULL) return NULL;
  if (len > 0) memcpy(copy, s, len);
  copy[len] = '\0';
  return copy;
}

int rd_reserve(const redress_allocator *a, void **items, size_t *cap, size_t need,
               size_t item_size) {
  if (need <= *cap) return REDRESS_OK;
  size_t grown = *cap < 4 ? 4 : *cap;
  while (grown < need) {
    if (grown > SIZE_MAX / 2) return REDRESS_ERR_NOMEM;
    grown *= 2;
  }
  if (grown > SIZE_MAX / item_size) return REDRESS_ERR_NOMEM;
  void *bigger = rd_realloc(a, *items, grown * item_size);
  if (bigger == NULL) return REDRESS_ERR_NOMEM;
  *items = bigger;
  *cap = grown;
  return REDRESS_OK;
}

/* A block handed to the host remembers its allocator in a header in front of it, so
 * that redress_free() needs no desk. The union keeps the data suitably aligned. */
typedef union rd_block_header {
  redress_allocator alloc;
  long double align_ld;
  void *align_ptr;
  int64_t align_i64;
} rd_block_header;

void *rd_block_new(const redress_allocator *a, size_t size) {
  if (size > SIZE_MAX - sizeof(rd_block_header)) return NULL;
  rd_block_header *h = rd_alloc(a, sizeof *h + size);
  if (h == NULL) return NULL;
  h->alloc = *a;
  return h + 1;
}

void redress_free(void *ptr) {
  if (ptr == NULL) return;
  rd_block_header *h = (rd_block_header *)ptr - 1;
  redress_allocator a = h->alloc;
  rd_free(&a, h);
}
