/*
 * A small JSON reader for the desk's input lines: objects, arrays, strings (with
 * every escape, surrogate pairs included), numbers kept as their literal text,
 * true, false, null. It builds a tree; inputs are lines of a few kilobytes.
 *
 * The desk hands every string on as a C string (to options, then to the library), so
 * a string holding U+0000 is refused here, where the line and member are known:
 * past this reader it would silently end the string ("refund\u0000 or I sue" stored
 * as "refund"). Strings must be UTF-8 (RFC 3629: no overlongs, no surrogates, nothing
 * above U+10FFFF), surrogate escapes must pair, numbers follow RFC 8259 (without
 * exponents, which no option takes), and no object names a member twice. A failure
 * names the member it happened in.
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
  const char *members[MAX_DEPTH + 1]; /* the names of the members being read, outermost first */
  size_t n_members;
  int in_name; /* reading a member's name */
} reader;

/* "JSON: <what> in member "attrs.region" at byte 36", "JSON: <what> in a member name
 * (inside "attrs") at byte 29". */
static int fail(reader *r, const char *what) {
  char path[256] = "";
  size_t used = 0;
  for (size_t i = 0; i < r->n_members && used < sizeof path; i++) {
    int n = snprintf(path + used, sizeof path - used, "%s%.64s", i ? "." : "", r->members[i]);
    if (n < 0) break;
    used += (size_t)n;
  }
  char where[300] = "";
  if (r->in_name && r->n_members)
    snprintf(where, sizeof where, " in a member name (inside \"%s\")", path);
  else if (r->in_name) snprintf(where, sizeof where, " in a member name");
  else if (r->n_members) snprintf(where, sizeof where, " in member \"%s\"", path);
  snprintf(r->err, r->errlen, "JSON: %s%s at byte %zu", what, where, r->pos);
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
  if (hi == 0) return r->pos -= 6, fail(r, "NUL character (\\u0000)");
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

/* One character of a string, as it is or unescaped. */
static int string_char(reader *r, buf *b) {
  int c = peek(r);
  if (c < 0) return fail(r, "unterminated string");
  if (c < 0x20) return fail(r, c == 0 ? "NUL character" : "control character in a string");
  if (c == '\\') {
    r->pos++;
    return escape(r, b);
  }
  uint32_t cp = 0;
  size_t n = utf8_char(r->s + r->pos, r->len - r->pos, &cp);
  if (n == 0) return fail(r, "invalid UTF-8");
  int rc = put(r, b, r->s + r->pos, n);
  r->pos += n;
  return rc;
}

/* A string: its text (NUL-terminated, no NUL inside) and length. `name`: it is a
 * member's name, which failures say, since the member is not known yet. */
static int parse_string(reader *r, jstr *out, int name) {
  buf b = {NULL, 0, 0};
  r->pos++; /* the opening quote */
  r->in_name = name;
  int rc = put(r, &b, "", 0);
  while (rc == 0 && peek(r) != '"') rc = string_char(r, &b);
  r->in_name = 0;
  if (rc != 0) {
    free(b.p);
    return -1;
  }
  r->pos++;
  out->text = b.p;
  out->len = b.n;
  return 0;
}

/* ---- numbers and words ------------------------------------------------------------ */

/* -?(0|[1-9][0-9]*)(.[0-9]+)? as RFC 8259 writes it, exponents aside. */
static int parse_number(reader *r, jvalue *out) {
  size_t start = r->pos;
  if (peek(r) == '-') r->pos++;
  size_t digits = r->pos;
  while (peek(r) >= '0' && peek(r) <= '9') r->pos++;
  if (r->pos == digits) return fail(r, "bad number");
  if (r->s[digits] == '0' && r->pos - digits > 1)
    return r->pos = digits, fail(r, "bad number (a leading zero)");
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
  out->len = n;
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

/* Appends a parsed value (and, for objects, its name) to a container. */
static int push(reader *r, jvalue *c, jvalue *item, jstr *key) {
  jvalue *items = realloc(c->items, (c->n + 1) * sizeof *items);
  if (items != NULL) c->items = items;
  jstr *keys = c->type == J_OBJECT ? realloc(c->keys, (c->n + 1) * sizeof *keys) : NULL;
  if (keys != NULL) c->keys = keys;
  if (items == NULL || (c->type == J_OBJECT && keys == NULL)) {
    json_free(item);
    if (key != NULL) free(key->text);
    return fail(r, "out of memory");
  }
  c->items[c->n] = *item;
  if (keys != NULL) c->keys[c->n] = *key;
  c->n++;
  return 0;
}

/* A member named twice: JSON leaves it to the reader, and taking either value would
 * drop the other silently (RFC 8259 4), so it is refused, as the library's reader does. */
static int duplicate(reader *r, const jvalue *obj, const jstr *key, size_t at) {
  for (size_t i = 0; i < obj->n; i++) {
    if (obj->keys[i].len != key->len || memcmp(obj->keys[i].text, key->text, key->len) != 0)
      continue;
    char what[128];
    snprintf(what, sizeof what, "duplicate member \"%.64s\"", key->text);
    r->pos = at;
    return fail(r, what);
  }
  return 0;
}

static int parse_member(reader *r, jvalue *obj, int depth) {
  jstr key = {NULL, 0};
  skip_space(r);
  if (peek(r) != '"') return fail(r, "expected a member name");
  size_t at = r->pos;
  if (parse_string(r, &key, 1) != 0) return -1;
  if (duplicate(r, obj, &key, at) != 0) {
    free(key.text);
    return -1;
  }
  skip_space(r);
  if (peek(r) != ':') {
    free(key.text);
    return fail(r, "expected ':'");
  }
  r->pos++;
  jvalue item = {J_NULL, NULL, 0, NULL, NULL, 0};
  r->members[r->n_members++] = key.text; /* failures in the value name it */
  int rc = parse_value(r, &item, depth + 1);
  r->n_members--;
  if (rc != 0) {
    free(key.text);
    return -1;
  }
  return push(r, obj, &item, &key);
}

static int parse_element(reader *r, jvalue *arr, int depth) {
  jvalue item = {J_NULL, NULL, 0, NULL, NULL, 0};
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

static int parse_string_value(reader *r, jvalue *out) {
  jstr str = {NULL, 0};
  if (parse_string(r, &str, 0) != 0) return -1;
  out->type = J_STRING;
  out->text = str.text;
  out->len = str.len;
  return 0;
}

static int parse_value(reader *r, jvalue *out, int depth) {
  if (depth > MAX_DEPTH) return fail(r, "nested too deeply");
  skip_space(r);
  int c = peek(r);
  int rc;
  if (c == '{') rc = parse_container(r, out, depth, J_OBJECT);
  else if (c == '[') rc = parse_container(r, out, depth, J_ARRAY);
  else if (c == '"') rc = parse_string_value(r, out);
  else if (c == '-' || (c >= '0' && c <= '9')) rc = parse_number(r, out);
  else if (c < 0) rc = fail(r, "unexpected end of input");
  else rc = parse_word(r, out);
  if (rc != 0) json_free(out);
  return rc;
}

int json_parse(jvalue *out, const char *text, size_t len, char *err, size_t errlen) {
  reader r = {text, len, 0, err, errlen, {NULL}, 0, 0};
  jvalue v = {J_NULL, NULL, 0, NULL, NULL, 0};
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
    if (v->keys != NULL) free(v->keys[i].text);
  }
  free(v->items);
  free(v->keys);
  free(v->text);
  memset(v, 0, sizeof *v);
}

const jvalue *json_member(const jvalue *object, const char *key) {
  if (object == NULL || object->type != J_OBJECT) return NULL;
  size_t n = strlen(key);
  for (size_t i = 0; i < object->n; i++)
    if (object->keys[i].len == n && memcmp(object->keys[i].text, key, n) == 0)
      return &object->items[i];
  return NULL;
}
