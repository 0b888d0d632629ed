/* The scenario's arena (everything a run parses lives until the run ends) and the
 * growable buffer the reports are written into. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sc.h"

struct sc_chunk {
  sc_chunk *next;
  union {
    long double ld;
    void *p;
    long long ll;
  } data[];
};

void *sc_alloc(sc_arena *a, size_t size) {
  if (size > SIZE_MAX - sizeof(sc_chunk)) {
    a->failed = 1;
    return NULL;
  }
  sc_chunk *c = calloc(1, sizeof *c + (size ? size : 1));
  if (c == NULL) {
    a->failed = 1;
    return NULL;
  }
  c->next = a->head;
  a->head = c;
  return c->data;
}

char *sc_strndup(sc_arena *a, const char *s, size_t len) {
  char *out = sc_alloc(a, len + 1);
  if (out != NULL && len > 0) memcpy(out, s, len);
  return out;
}

char *sc_strdup(sc_arena *a, const char *s) { return sc_strndup(a, s, strlen(s)); }

char *sc_printf(sc_arena *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return NULL;
  char *out = sc_alloc(a, (size_t)n + 1);
  if (out == NULL) return NULL;
  va_start(ap, fmt);
  vsnprintf(out, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return out;
}

void sc_arena_free(sc_arena *a) {
  while (a->head != NULL) {
    sc_chunk *next = a->head->next;
    free(a->head);
    a->head = next;
  }
}

void sc_buf_add(sc_buf *b, const char *s, size_t len) {
  if (b->failed) return;
  if (b->len + len + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + len + 1) cap *= 2;
    char *text = realloc(b->text, cap);
    if (text == NULL) {
      b->failed = 1;
      return;
    }
    b->text = text;
    b->cap = cap;
  }
  memcpy(b->text + b->len, s, len);
  b->len += len;
  b->text[b->len] = '\0';
}

void sc_buf_puts(sc_buf *b, const char *s) { sc_buf_add(b, s, strlen(s)); }

void sc_buf_printf(sc_buf *b, const char *fmt, ...) {
  char small[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) {
    b->failed = 1;
    return;
  }
  if ((size_t)n < sizeof small) {
    sc_buf_add(b, small, (size_t)n);
    return;
  }
  char *big = malloc((size_t)n + 1);
  if (big == NULL) {
    b->failed = 1;
    return;
  }
  va_start(ap, fmt);
  vsnprintf(big, (size_t)n + 1, fmt, ap);
  va_end(ap);
  sc_buf_add(b, big, (size_t)n);
  free(big);
}
