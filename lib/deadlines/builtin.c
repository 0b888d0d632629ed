/* redress_builtin_spec(): the regime and calendar specs shipped in the library, found
 * by name or listed by index. Static data: no desk, no allocation, any thread. */
#include <string.h>

#include "base/base.h"
#include "deadlines/builtin_specs.h"
#include "redress/deadlines.h"

static const rd_builtin_spec *by_name(const char *name) {
  size_t lo = 0, hi = rd_builtin_spec_count;
  while (lo < hi) { /* the table is sorted by name */
    size_t mid = lo + (hi - lo) / 2;
    int cmp = strcmp(name, rd_builtin_specs[mid].name);
    if (cmp == 0) return &rd_builtin_specs[mid];
    if (cmp < 0) hi = mid;
    else lo = mid + 1;
  }
  return NULL;
}

int redress_builtin_spec(const char *name, size_t index, const char **out_name,
                         const char **text, size_t *len) {
  const rd_builtin_spec *s = NULL;
  if (name != NULL) s = by_name(name);
  else if (index < rd_builtin_spec_count) s = &rd_builtin_specs[index];
  if (s == NULL) return REDRESS_ERR_NOTFOUND;
  if (out_name != NULL) *out_name = s->name;
  if (text != NULL) *text = s->text;
  if (len != NULL) *len = s->len;
  return REDRESS_OK;
}
