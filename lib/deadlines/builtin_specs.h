/* The calendar and regime specs compiled into the library (builtin_specs.c, generated
 * by tools/gen_builtin_specs.py). Not installed. */
#ifndef RD_BUILTIN_SPECS_H
#define RD_BUILTIN_SPECS_H

#include <stddef.h>

typedef struct rd_builtin_spec {
  const char *name; /* "calendar/gb-eng", "regime/uk-fca-disp", ... */
  const char *text; /* NUL-terminated */
  size_t len;       /* without the NUL */
} rd_builtin_spec;

/* Sorted by name (strcmp). */
extern const rd_builtin_spec rd_builtin_specs[];
extern const size_t rd_builtin_spec_count;

#endif
