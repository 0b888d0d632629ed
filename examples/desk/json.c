/*
 * A small JSON reader for the desk's input lines: objects, arrays, strings (with
 * every escape, surrogate pairs included), numbers kept as their literal text,
 * true, false, null. It builds a tree; inputs are lines of a few kilobytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "desk.h"

#define MAX_DEPTH 16

typedef struct reader {
  const char *s;
  size_t len, pos;
  char *err;
  size_t errlen;
} reader;

static int fail(reader *r, const char *what) {
  snprintf(r->err, r->errlen, "JSON: %s at byte %zu", what, r->pos);
  return -1;
}

static void skip_space(reader *r) {
  while (r->pos < r->len && strchr(" \t\r\n", r->s[r->pos]) != NULL) r->pos++;
}

static int peek(reader *r) { return r->pos < r->len ? (unsigned char)r->s[r->pos] : -1; }

static int parse_value(reader *r, jvalue *out, int depth);

/* ---- strings ------------------------------------------------------------------- */

typedef struct buf {
  char *p;
  size_t n, cap;
} buf;

static int put(reader *r, buf *b, const char *bytes, size_t n) {
  if (b->n + n + 1 > b->cap) {
    size_t cap = b->cap == 0 ? 32 : b->cap;
    while (cap < b->n + n + 1) cap *= 2;
    char *p = realloc(b->p, cap);
    if (p == NULL) return fail(r, "out of memory");
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->n, bytes, n);
  b->n += n;
  b->p[b->n] = '\0';
  return 0;
}

static int put_utf8(reader *r, buf *b, unsigned long cp) {
  char u[4];
  size_t n;
  if (cp < 0x80) {
    u[0] = (char)cp;
    n = 1;
  } else if (cp < 0x800) {
    u[0] = (char)(0xC0 | cp >> 6);
    n = 2;
  } else if (cp < 0x10000) {
    u[0] = (char)(0xE0 | cp >> 12);
    n = 3;
  } else {
    u[0] = (char)(0xF0 | cp >> 18);
    n = 4;
  }
  for (size_t i = 1; i < n; i++) u[i] = (char)(0x80 | (cp >> (6 * (n - 1 - i)) & 0x3F));
  return put(r, b, u, n);
}

static long hex4(reader *r) {
  if (r->pos + 4 > r->len) return -1;
  long v = 0;
  for (int i = 0; i < 4; i++) {
    char c = r->s[r->pos + (size_t)i];
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
          : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  r->pos += 4;
  return v;
}

/* After "\u": one code point, joining a surrogate pair. */
static int unicode_escape(reader *r, buf *b) {
  long hi = hex4(r);
  if (hi < 0) return fail(r, "bad \\u escape");
  if (hi >= 0xDC00 && hi <= 0xDFFF) return fail(r, "lone low surrogate");
  if (hi < 0xD800 || hi > 0xDBFF) return put_utf8(r, b, (unsigned long)hi);
  if (r->pos + 2 > r->len || r->s[r->pos] != '\\' || r->s[r->pos + 1] != 'u')
    return fail(r, "lone high surrogate");
  r->pos += 2;
  long lo = hex4(r);
  if (lo < 0xDC00 || lo > 0xDFFF) return fail(r, "bad surrogate pair");
  unsigned long cp = 0x10000 + ((unsigned long)(hi - 0xD800) << 10) + (unsigned long)(lo - 0xDC00);
  return put_utf8(r, b, cp);
}

static int escape(reader *r, buf *b) {
  static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
  int c = peek(r);
  r->pos++;
  if (c == 'u') return unicode_escape(r, b);
  const char *hit = c > 0 ? strchr(from, c) : NULL;
  if (hit == NULL) return r->pos--, fail(r, "bad escape");
  return put(r, b, &to[hit - from], 1);
}

static int parse_string(reader *r, char **out) {
  buf b = {NULL, 0, 0};
  r->pos++; /* the opening quote */
  int rc = put(r, &b, "", 0);
  while (rc == 0 && peek(r) != '"') {
    int c = peek(r);
    if (c < 0) {
      rc = fail(r, "unterminated string");
    } else if (c < 0x20) {
      rc = fail(r, "control character in a string");
    } else if (c == '\\') {
      r->pos++;
      rc = escape(r, &b);
    } else {
      rc = put(r, &b, r->s + r->pos, 1);
      r->pos++;
    }
  }
  if (rc != 0) {
    free(b.p);
    return -1;
  }
  r->pos++;
  *out = b.p;
  return 0;
}

/* ---- numbers and words ------------------------------------------------------------ */

static int parse_number(reader *r, jvalue *out) {
  size_t start = r->pos;
  if (peek(r) == '-') r->pos++;
  size_t digits = r->pos;
  while (peek(r) >= '0' && peek(r) <= '9') r->pos++;
  if (r->pos == digits) return fail(r, "bad number");
  if (peek(r) == '.') {
    r->pos++;
    size_t frac = r->pos;
    while (peek(r) >= '0' && peek(r) <= '9') r->pos++;
    if (r->pos == frac) return fail(r, "bad number");
  }
  if (peek(r) == 'e' || peek(r) == 'E') return fail(r, "exponents are not accepted");
  size_t n = r->pos - start;
  out->text = malloc(n + 1);
  if (out->text == NULL) return fail(r, "out of memory");
  memcpy(out->text, r->s + start, n);
  out->text[n] = '\0';
  out->type = J_NUMBER;
  return 0;
}

static int parse_word(reader *r, jvalue *out) {
  static const struct { const char *word; jtype type; } words[] = {
      {"true", J_TRUE}, {"false", J_FALSE}, {"null", J_NULL}};
  for (size_t i = 0; i < 3; i++) {
    size_t n = strlen(words[i].word);
    if (r->len - r->pos >= n && memcmp(r->s + r->pos, words[i].word, n) == 0) {
      r->pos += n;
      out->type = words[i].type;
      return 0;
    }
  }
  return fail(r, "unexpected character");
}

/* ---- containers ------------------------------------------------------------------ */

/* Appends a parsed value (and, for objects, its key) to a container. */
static int push(reader *r, jvalue *c, jvalue *item, char *key) {
  jvalue *items = realloc(c->items, (c->n + 1) * sizeof *items);
  if (items != NULL) c->items = items;
  char **keys = c->type == J_OBJECT ? realloc(c->keys, (c->n + 1) * sizeof *keys) : NULL;
  if (keys != NULL) c->keys = keys;
  if (items == NULL || (c->type == J_OBJECT && keys == NULL)) {
    json_free(item);
    free(key);
    return fail(r, "out of memory");
  }
  c->items[c->n] = *item;
  if (keys != NULL) c->keys[c->n] = key;
  c->n++;
  return 0;
}

static int parse_member(reader *r, jvalue *obj, int depth) {
  char *key = NULL;
  skip_space(r);
  if (peek(r) != '"') return fail(r, "expected a member name");
  if (parse_string(r, &key) != 0) return -1;
  skip_space(r);
  if (peek(r) != ':') {
    free(key);
    return fail(r, "expected ':'");
  }
  r->pos++;
  jvalue item = {J_NULL, NULL, NULL, NULL, 0};
  if (parse_value(r, &item, depth + 1) != 0) {
    free(key);
    return -1;
  }
  return push(r, obj, &item, key);
}

static int parse_element(reader *r, jvalue *arr, int depth) {
  jvalue item = {J_NULL, NULL, NULL, NULL, 0};
  if (parse_value(r, &item, depth + 1) != 0) return -1;
  return push(r, arr, &item, NULL);
}

static int parse_container(reader *r, jvalue *out, int depth, jtype type) {
  char close = type == J_OBJECT ? '}' : ']';
  out->type = type;
  r->pos++;
  skip_space(r);
  if (peek(r) == close) return r->pos++, 0;
  for (;;) {
    int rc = type == J_OBJECT ? parse_member(r, out, depth) : parse_element(r, out, depth);
    if (rc != 0) return -1;
    skip_space(r);
    if (peek(r) == close) return r->pos++, 0;
    if (peek(r) != ',')
      return fail(r, type == J_OBJECT ? "expected ',' or '}'" : "expected ',' or ']'");
    r->pos++;
  }
}

static int parse_value(reader *r, jvalue *out, int depth) {
  if (depth > MAX_DEPTH) return fail(r, "nested too deeply");
  skip_space(r);
  int c = peek(r);
  int rc;
  if (c == '{') rc = parse_container(r, out, depth, J_OBJECT);
  else if (c == '[') rc = parse_container(r, out, depth, J_ARRAY);
  else if (c == '"') rc = parse_string(r, &out->text), out->type = J_STRING;
  else if (c == '-' || (c >= '0' && c <= '9')) rc = parse_number(r, out);
  else if (c < 0) rc = fail(r, "unexpected end of input");
  else rc = parse_word(r, out);
  if (rc != 0) json_free(out);
  return rc;
}

int json_parse(jvalue *out, const char *text, size_t len, char *err, size_t errlen) {
  reader r = {text, len, 0, err, errlen};
  jvalue v = {J_NULL, NULL, NULL, NULL, 0};
  if (parse_value(&r, &v, 1) != 0) return -1;
  skip_space(&r);
  if (r.pos != r.len) {
    json_free(&v);
    return fail(&r, "trailing characters");
  }
  *out = v;
  return 0;
}

void json_free(jvalue *v) {
  for (size_t i = 0; i < v->n; i++) {
    json_free(&v->items[i]);
    if (v->keys != NULL) free(v->keys[i]);
  }
  free(v->items);
  free(v->keys);
  free(v->text);
  memset(v, 0, sizeof *v);
}

const jvalue *json_member(const jvalue *object, const char *key) {
  if (object == NULL || object->type != J_OBJECT) return NULL;
  for (size_t i = 0; i < object->n; i++)
    if (strcmp(object->keys[i], key) == 0) return &object->items[i];
  return NULL;
}
