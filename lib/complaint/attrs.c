/* Custom attributes: host key/value data kept sorted by key (byte order). */
#include "complaint/complaint.h"

#include <string.h>

/* Index of key, or of where it would be inserted; *found tells which. */
static size_t find(const redress_complaint *c, const char *key, int *found) {
  size_t lo = 0, hi = c->n_attrs;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int cmp = strcmp(c->attrs[mid].key, key);
    if (cmp == 0) {
      *found = 1;
      return mid;
    }
    if (cmp < 0) lo = mid + 1;
    else hi = mid;
  }
  *found = 0;
  return lo;
}

static int check_pair(redress_desk *desk, const char *key, const char *value) {
  int rc = rd_check_name(desk, "attribute key", key, REDRESS_MAX_ATTR_KEY_BYTES, true);
  if (rc == REDRESS_OK)
    rc = rd_check_string(desk, "attribute value", value, REDRESS_MAX_ATTR_VALUE_BYTES, false);
  if (rc == REDRESS_OK && value == NULL)
    rc = rd_fail(desk, REDRESS_ERR_INVALID, "attribute value is required");
  return rc;
}

static int insert(redress_complaint *c, size_t at, const char *key, char *value) {
  const redress_allocator *a = rd_desk_alloc(c->desk);
  if (c->n_attrs >= REDRESS_MAX_ATTRS) {
    rd_free(a, value);
    return rd_fail(c->desk, REDRESS_ERR_RANGE, "more than %d attributes", REDRESS_MAX_ATTRS);
  }
  char *key_copy = rd_memdup(a, key, strlen(key));
  rd_attr *grown = key_copy ? rd_realloc(a, c->attrs, (c->n_attrs + 1) * sizeof *grown) : NULL;
  if (grown == NULL) {
    rd_free(a, key_copy);
    rd_free(a, value);
    return rd_fail(c->desk, REDRESS_ERR_NOMEM, "out of memory");
  }
  c->attrs = grown;
  memmove(&c->attrs[at + 1], &c->attrs[at], (c->n_attrs - at) * sizeof *grown);
  c->attrs[at].key = key_copy;
  c->attrs[at].value = value;
  c->n_attrs++;
  return REDRESS_OK;
}

int redress_complaint_set_attr(redress_complaint *complaint, const char *key, const char *value) {
  if (complaint == NULL) return REDRESS_ERR_INVALID;
  redress_desk *desk = complaint->desk;
  rd_ok(desk);
  int rc = check_pair(desk, key, value);
  if (rc != REDRESS_OK) return rc;
  char *copy = rd_memdup(rd_desk_alloc(desk), value, strlen(value));
  if (copy == NULL) return rd_fail(desk, REDRESS_ERR_NOMEM, "out of memory");
  int found = 0;
  size_t at = find(complaint, key, &found);
  if (!found) return insert(complaint, at, key, copy);
  rd_free(rd_desk_alloc(desk), complaint->attrs[at].value);
  complaint->attrs[at].value = copy;
  return REDRESS_OK;
}

int redress_complaint_unset_attr(redress_complaint *complaint, const char *key) {
  if (complaint == NULL) return REDRESS_ERR_INVALID;
  rd_ok(complaint->desk);
  if (key == NULL)
    return rd_fail(complaint->desk, REDRESS_ERR_INVALID, "unset_attr: key is required");
  int found = 0;
  size_t at = find(complaint, key, &found);
  if (!found) return rd_fail(complaint->desk, REDRESS_ERR_NOTFOUND, "no attribute '%.64s'", key);
  const redress_allocator *a = rd_desk_alloc(complaint->desk);
  rd_free(a, complaint->attrs[at].key);
  rd_free(a, complaint->attrs[at].value);
  complaint->n_attrs--;
  memmove(&complaint->attrs[at], &complaint->attrs[at + 1],
          (complaint->n_attrs - at) * sizeof *complaint->attrs);
  return REDRESS_OK;
}

const char *redress_complaint_attr(const redress_complaint *complaint, const char *key) {
  if (complaint == NULL || key == NULL) return NULL;
  int found = 0;
  size_t at = find(complaint, key, &found);
  return found ? complaint->attrs[at].value : NULL;
}

size_t redress_complaint_attr_count(const redress_complaint *complaint) {
  return complaint != NULL ? complaint->n_attrs : 0;
}

int redress_complaint_attr_at(const char **key, const char **value,
                              const redress_complaint *complaint, size_t index) {
  if (complaint == NULL) return REDRESS_ERR_INVALID;
  if (index >= complaint->n_attrs) return REDRESS_ERR_NOTFOUND;
  if (key != NULL) *key = complaint->attrs[index].key;
  if (value != NULL) *value = complaint->attrs[index].value;
  return REDRESS_OK;
}
