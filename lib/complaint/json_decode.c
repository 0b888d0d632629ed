/*
 * Canonical JSON decoder of complaints (the format is docs/format.md).
 *
 * One left-to-right pass over the bytes and no document tree: members are decoded
 * straight into a redress_complaint_fields and into events. The complaint is built as
 * soon as its fields are known (at the first of "attrs" or "events"), so that each
 * event is replayed through the lifecycle the moment it has been read. Strings are
 * unescaped into one scratch buffer that is reused, so a document costs a handful of
 * allocations besides the complaint's own.
 *
 * Syntax errors name the offset of the offending byte. Errors found by the shared
 * validation (complaint.c, lifecycle.c, attrs.c) keep their message and gain the
 * offset of the member being decoded. All of them are REDRESS_ERR_PARSE, because a
 * document either is a valid complaint or is corrupt; only running out of memory is
 * reported as such.
 */
#include "complaint/complaint.h"

#include <stdio.h>
#include <string.h>

#define ABSENT SIZE_MAX /* scratch offset of a string member that was not given */

typedef struct rd_parser {
  const char *base; /* first byte of the document: offsets count from here */
  const char *p;    /* next byte to read */
  const char *end;
  redress_desk *desk;
  char *scratch; /* unescaped strings, each NUL-terminated */
  size_t slen;
  size_t scap;
} rd_parser;

/* ---- errors -------------------------------------------------------------- */

static int fail(rd_parser *ps, const char *at, const char *fmt, ...) RD_PRINTF(3, 4);

static int fail(rd_parser *ps, const char *at, const char *fmt, ...) {
  char what[RD_ERRMSG_BYTES];
  va_list ap;
  va_start(ap, fmt);
  (void)vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  /* The message is cut before the offset can be, so the offset is never lost. */
  return rd_fail(ps->desk, REDRESS_ERR_PARSE, "json: %.400s at byte %zu", what,
                 (size_t)(at - ps->base));
}

static int eof(rd_parser *ps) { return fail(ps, ps->end, "unexpected end of input"); }

static int nomem(rd_parser *ps) {
  return rd_fail(ps->desk, REDRESS_ERR_NOMEM, "json: out of memory");
}

/* The shared validation has set the desk's message: keep it and say where. */
static int rethrow(rd_parser *ps, int rc, const char *at) {
  if (rc == REDRESS_ERR_NOMEM) return rc;
  char msg[RD_ERRMSG_BYTES];
  memcpy(msg, rd_ctx_of(ps->desk)->errmsg, sizeof msg);
  msg[sizeof msg - 1] = '\0';
  return fail(ps, at, "%s", msg);
}

/* ---- scratch buffer ------------------------------------------------------ */

static int scratch_put(rd_parser *ps, const void *src, size_t n) {
  if (n == 0) return REDRESS_OK;
  if (n > ps->scap - ps->slen) {
    if (n > SIZE_MAX - ps->slen) return nomem(ps);
    /* Start at a size most documents never outgrow, then double. */
    size_t need = ps->slen + n < 256 ? 256 : ps->slen + n;
    void *items = ps->scratch;
    int rc = rd_reserve(rd_desk_alloc(ps->desk), &items, &ps->scap, need, 1);
    ps->scratch = items;
    if (rc != REDRESS_OK) return nomem(ps);
  }
  memcpy(ps->scratch + ps->slen, src, n);
  ps->slen += n;
  return REDRESS_OK;
}

/* ---- lexical layer ------------------------------------------------------- */

static int is_digit(int c) { return c >= '0' && c <= '9'; }

/* Bytes that stand for themselves inside a string: printable ASCII but '"' and '\\'.
 * Control characters are refused and bytes >= 0x80 are checked as UTF-8. */
#define Z16 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
#define O16 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
static const unsigned char plain[256] = {
    Z16, Z16,                                       /* 0x00-0x1f */
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x20-0x2f: '"' */
    O16, O16,                                       /* 0x30-0x4f */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, /* 0x50-0x5f: '\\' */
    O16, O16,                                       /* 0x60-0x7f */
    Z16, Z16, Z16, Z16, Z16, Z16, Z16, Z16};        /* 0x80-0xff */

static void skip_ws(rd_parser *ps) {
  const char *p = ps->p;
  while (p < ps->end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) p++;
  ps->p = p;
}

/* The next byte after whitespace, not consumed; -1 at the end of the input. */
static int peek(rd_parser *ps) {
  skip_ws(ps);
  return ps->p < ps->end ? (unsigned char)*ps->p : -1;
}

static int expect(rd_parser *ps, char c) {
  int b = peek(ps);
  if (b < 0) return eof(ps);
  if (b != (unsigned char)c) return fail(ps, ps->p, "expected '%c'", c);
  ps->p++;
  return REDRESS_OK;
}

/* After an item of an array or object: ',' goes on, close ends (*done = 1). */
static int next_item(rd_parser *ps, char close, int *done) {
  int b = peek(ps);
  if (b < 0) return eof(ps);
  if (b != ',' && b != (unsigned char)close)
    return fail(ps, ps->p, "expected ',' or '%c'", close);
  ps->p++;
  *done = b == (unsigned char)close;
  return REDRESS_OK;
}

/* One UTF-8 sequence with a lead byte >= 0x80 (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF). JSON text must be UTF-8. */
static int lex_utf8(rd_parser *ps, const unsigned char **pp) {
  const unsigned char *p = *pp;
  size_t avail = (size_t)((const unsigned char *)ps->end - p);
  unsigned char lead = p[0], lo = 0x80, hi = 0xBF;
  size_t n = 0;
  if (lead >= 0xC2 && lead <= 0xDF) n = 2;
  else if (lead >= 0xE0 && lead <= 0xEF) n = 3;
  else if (lead >= 0xF0 && lead <= 0xF4) n = 4;
  if (n == 0) return fail(ps, (const char *)p, "invalid UTF-8");
  if (lead == 0xE0) lo = 0xA0;
  if (lead == 0xED) hi = 0x9F;
  if (lead == 0xF0) lo = 0x90;
  if (lead == 0xF4) hi = 0x8F;
  for (size_t i = 1; i < n; i++) {
    if (i == avail) return eof(ps);
    unsigned char b = p[i];
    if (i == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF))
      return fail(ps, (const char *)p, "invalid UTF-8");
  }
  *pp = p + n;
  return REDRESS_OK;
}

/* Four hex digits at p, part of the escape that starts at esc. */
static int hex4(rd_parser *ps, const unsigned char *p, const unsigned char *esc, unsigned *out) {
  size_t avail = (size_t)((const unsigned char *)ps->end - p);
  unsigned v = 0;
  for (size_t i = 0; i < 4; i++) {
    if (i == avail) return eof(ps);
    unsigned char c = p[i];
    unsigned d;
    if (c >= '0' && c <= '9') d = (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f') d = (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') d = (unsigned)(c - 'A' + 10);
    else return fail(ps, (const char *)esc, "invalid \\u escape");
    v = v * 16 + d;
  }
  *out = v;
  return REDRESS_OK;
}

/* The low half of a surrogate pair: q is where "\uDC00".."\uDFFF" must be. */
static int low_surrogate(rd_parser *ps, const unsigned char *q, const unsigned char *esc,
                         unsigned *lo) {
  size_t avail = (size_t)((const unsigned char *)ps->end - q);
  if (avail < 2 && (avail == 0 || q[0] == '\\')) return eof(ps);
  if (avail < 2 || q[0] != '\\' || q[1] != 'u')
    return fail(ps, (const char *)esc, "lone surrogate");
  int rc = hex4(ps, q + 2, q, lo);
  if (rc != REDRESS_OK) return rc;
  if (*lo < 0xDC00 || *lo > 0xDFFF) return fail(ps, (const char *)esc, "lone surrogate");
  return REDRESS_OK;
}

/* A \uXXXX escape (or a surrogate pair of them) at *pp. */
static int lex_unicode(rd_parser *ps, const unsigned char **pp, int keep) {
  const unsigned char *esc = *pp;
  unsigned cp = 0, lo = 0;
  int rc = hex4(ps, esc + 2, esc, &cp);
  if (rc != REDRESS_OK) return rc;
  const unsigned char *q = esc + 6;
  if (cp >= 0xDC00 && cp <= 0xDFFF) return fail(ps, (const char *)esc, "lone surrogate");
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    rc = low_surrogate(ps, q, esc, &lo);
    if (rc != REDRESS_OK) return rc;
    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
    q += 6;
  }
  *pp = q;
  if (!keep) return REDRESS_OK;
  /* The library hands strings out as C strings: a NUL would silently cut them. */
  if (cp == 0) return fail(ps, (const char *)esc, "NUL character (\\u0000) in string");
  unsigned char utf8[4];
  return scratch_put(ps, utf8, rd_utf8_put(cp, utf8));
}

/* The escape at *pp (a backslash). */
static int lex_escape(rd_parser *ps, const unsigned char **pp, int keep) {
  const unsigned char *p = *pp;
  char c;
  if ((const char *)p + 1 == ps->end) return eof(ps);
  switch (p[1]) {
  case '"': c = '"'; break;
  case '\\': c = '\\'; break;
  case '/': c = '/'; break;
  case 'b': c = '\b'; break;
  case 'f': c = '\f'; break;
  case 'n': c = '\n'; break;
  case 'r': c = '\r'; break;
  case 't': c = '\t'; break;
  case 'u': return lex_unicode(ps, pp, keep);
  default: return fail(ps, (const char *)p, "invalid escape");
  }
  *pp = p + 2;
  return keep ? scratch_put(ps, &c, 1) : REDRESS_OK;
}

/*
 * The string at ps->p (a '"'). With keep, it is appended unescaped and
 * NUL-terminated to the scratch buffer; otherwise it is only validated. Plain bytes
 * are copied in runs between escapes.
 */
static int lex_string(rd_parser *ps, int keep) {
  const unsigned char *p = (const unsigned char *)ps->p + 1;
  const unsigned char *end = (const unsigned char *)ps->end;
  const unsigned char *run = p;
  int rc;
  for (;;) {
    while (p < end && plain[*p]) p++;
    if (p == end) return eof(ps);
    if (*p >= 0x80) {
      if ((rc = lex_utf8(ps, &p)) != REDRESS_OK) return rc;
      continue;
    }
    if (keep && (rc = scratch_put(ps, run, (size_t)(p - run))) != REDRESS_OK) return rc;
    if (*p == '"') break;
    if (*p != '\\') return fail(ps, (const char *)p, "control character in string");
    if ((rc = lex_escape(ps, &p, keep)) != REDRESS_OK) return rc;
    run = p;
  }
  ps->p = (const char *)p + 1;
  return keep ? scratch_put(ps, "", 1) : REDRESS_OK;
}

/* One or more digits at *pp. */
static int lex_digits(rd_parser *ps, const char **pp) {
  const char *p = *pp;
  if (p == ps->end) return eof(ps);
  if (!is_digit(*p)) return fail(ps, p, "expected a digit");
  while (p < ps->end && is_digit(*p)) p++;
  *pp = p;
  return REDRESS_OK;
}

/* The digits [p, end) as an int64_t, without ever overflowing: the magnitude is
 * checked against the limit of the sign before each step. */
static int to_int64(rd_parser *ps, const char *start, int neg, const char *p, const char *end,
                    int64_t *out) {
  const uint64_t limit = neg ? (uint64_t)INT64_MAX + 1u : (uint64_t)INT64_MAX;
  uint64_t v = 0;
  for (; p < end; p++) {
    unsigned d = (unsigned)(*p - '0');
    if (v > (limit - d) / 10) return fail(ps, start, "number out of range");
    v = v * 10 + d;
  }
  if (!neg) *out = (int64_t)v;
  else *out = v == limit ? INT64_MIN : -(int64_t)v;
  return REDRESS_OK;
}

/* The number at ps->p, by the JSON grammar. With out, it must be an integer that
 * fits an int64_t; without, any valid number is skipped. */
static int lex_number(rd_parser *ps, int64_t *out) {
  const char *start = ps->p, *p = start, *end = ps->end;
  int neg = *p == '-';
  if (neg) p++;
  const char *int_start = p;
  int rc = lex_digits(ps, &p);
  if (rc != REDRESS_OK) return rc;
  if (*int_start == '0' && p - int_start > 1)
    return fail(ps, int_start + 1, "leading zero in number");
  const char *int_end = p;
  if (p < end && *p == '.') {
    p++;
    if ((rc = lex_digits(ps, &p)) != REDRESS_OK) return rc;
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    p++;
    if (p < end && (*p == '+' || *p == '-')) p++;
    if ((rc = lex_digits(ps, &p)) != REDRESS_OK) return rc;
  }
  ps->p = p;
  if (out == NULL) return REDRESS_OK;
  if (p != int_end) return fail(ps, int_end, "expected an integer");
  return to_int64(ps, start, neg, int_start, int_end, out);
}

static int lex_literal(rd_parser *ps, const char *word) {
  size_t n = strlen(word), avail = (size_t)(ps->end - ps->p);
  for (size_t i = 0; i < n; i++) {
    if (i == avail) return eof(ps);
    if (ps->p[i] != word[i]) return fail(ps, ps->p, "invalid literal");
  }
  ps->p += n;
  return REDRESS_OK;
}

/* ---- objects and skipped values ----------------------------------------- */

/* How the members of one object are decoded. */
typedef struct rd_members {
  const char *const *names; /* known member names, or NULL (see value) */
  int count;
  /* Decodes the value of a known member (index in names). With names NULL it is
   * called for every member with index -1 and the key left NUL-terminated in the
   * scratch buffer at key_off. NULL: every member is skipped. */
  int (*value)(rd_parser *ps, int index, const char *key_at, size_t key_off, void *ctx);
  void *ctx;
  uint32_t seen; /* bit i: names[i] was seen (duplicates are refused) */
  int next;      /* the member expected next: tried first */
} rd_members;

static int parse_object(rd_parser *ps, unsigned depth, rd_members *m);

static int too_deep(rd_parser *ps) {
  return fail(ps, ps->p, "nesting deeper than %d", REDRESS_MAX_JSON_DEPTH);
}

/* A value of a member this version does not know: validated, then forgotten.
 * depth is that of the container holding the value. */
static int skip_value(rd_parser *ps, unsigned depth);

static int skip_array(rd_parser *ps, unsigned depth) {
  if (depth > REDRESS_MAX_JSON_DEPTH) return too_deep(ps);
  ps->p++;
  if (peek(ps) == ']') {
    ps->p++;
    return REDRESS_OK;
  }
  for (int done = 0; !done;) {
    int rc = skip_value(ps, depth);
    if (rc == REDRESS_OK) rc = next_item(ps, ']', &done);
    if (rc != REDRESS_OK) return rc;
  }
  return REDRESS_OK;
}

static int skip_value(rd_parser *ps, unsigned depth) {
  rd_members skip = {NULL, 0, NULL, NULL, 0, 0};
  int b = peek(ps);
  switch (b) {
  case -1: return eof(ps);
  case '{': return parse_object(ps, depth + 1, &skip);
  case '[': return skip_array(ps, depth + 1);
  case '"': return lex_string(ps, 0);
  case 't': return lex_literal(ps, "true");
  case 'f': return lex_literal(ps, "false");
  case 'n': return lex_literal(ps, "null");
  default:
    if (b == '-' || is_digit(b)) return lex_number(ps, NULL);
    return fail(ps, ps->p, "unexpected character");
  }
}

/* Whether name (NUL-terminated) is key[0..len). key[0] is readable even when len is
 * 0 (a quote or a NUL follows every key), and the first byte rules most names out
 * without a call. */
static int same_name(const char *name, const char *key, size_t len) {
  return name[0] == key[0] && strncmp(name, key, len) == 0 && name[len] == '\0';
}

/* Documents are usually in canonical order, so the search starts at the member
 * that follows the last one found. */
static int lookup(rd_members *m, const char *key, size_t len) {
  for (int i = 0; i < m->count; i++) {
    int j = (m->next + i) % m->count;
    if (same_name(m->names[j], key, len)) {
      m->next = (j + 1) % m->count;
      return j;
    }
  }
  return -1;
}

/* A key of plain ASCII (all known names, nearly all keys) is compared where it
 * lies, without unescaping. 0: the key needs lex_string. */
static int raw_key(rd_parser *ps, const char **key, size_t *len) {
  const unsigned char *start = (const unsigned char *)ps->p + 1, *p = start;
  const unsigned char *end = (const unsigned char *)ps->end;
  while (p < end && plain[*p]) p++;
  if (p == end || *p != '"') return 0;
  *key = (const char *)start;
  *len = (size_t)(p - start);
  ps->p = (const char *)p + 1;
  return 1;
}

/* The key of a member; *index tells which known member it is (-1: none). With no
 * names, the key is left NUL-terminated in the scratch buffer at *key_off. */
static int lex_key(rd_parser *ps, rd_members *m, int *index, size_t *key_off) {
  const char *key = NULL;
  size_t len = 0;
  *key_off = ps->slen;
  *index = -1;
  if (m->value == NULL) return lex_string(ps, 0);
  if (m->names != NULL && raw_key(ps, &key, &len)) {
    *index = lookup(m, key, len);
    return REDRESS_OK;
  }
  int rc = lex_string(ps, 1);
  if (rc != REDRESS_OK || m->names == NULL) return rc;
  *index = lookup(m, ps->scratch + *key_off, ps->slen - *key_off - 1);
  ps->slen = *key_off;
  return REDRESS_OK;
}

/* The key of a member and its ':'; duplicates of known members are refused. */
static int member_key(rd_parser *ps, rd_members *m, int *index, size_t *key_off) {
  const char *key_at = ps->p;
  int rc = lex_key(ps, m, index, key_off);
  if (rc != REDRESS_OK) return rc;
  if (*index >= 0) {
    if (m->seen & (1u << *index))
      return fail(ps, key_at, "duplicate member \"%s\"", m->names[*index]);
    m->seen |= 1u << *index;
  }
  return expect(ps, ':');
}

/* The object at ps->p (a '{'), of nesting depth depth. */
static int parse_object(rd_parser *ps, unsigned depth, rd_members *m) {
  if (depth > REDRESS_MAX_JSON_DEPTH) return too_deep(ps);
  ps->p++;
  if (peek(ps) == '}') {
    ps->p++;
    return REDRESS_OK;
  }
  for (int done = 0; !done;) {
    int b = peek(ps);
    if (b < 0) return eof(ps);
    if (b != '"') return fail(ps, ps->p, "expected a member name");
    const char *key_at = ps->p;
    int index;
    size_t key_off;
    int rc = member_key(ps, m, &index, &key_off);
    if (rc != REDRESS_OK) return rc;
    if (m->value != NULL && (index >= 0 || m->names == NULL))
      rc = m->value(ps, index, key_at, key_off, m->ctx);
    else
      rc = skip_value(ps, depth);
    if (rc == REDRESS_OK) rc = next_item(ps, '}', &done);
    if (rc != REDRESS_OK) return rc;
  }
  return REDRESS_OK;
}

/* ---- typed values -------------------------------------------------------- */

/* A string value, left in the scratch buffer at *off. */
static int value_string(rd_parser *ps, size_t *off) {
  int b = peek(ps);
  if (b < 0) return eof(ps);
  if (b != '"') return fail(ps, ps->p, "expected a string");
  *off = ps->slen;
  return lex_string(ps, 1);
}

static int value_int(rd_parser *ps, int64_t *out) {
  int b = peek(ps);
  if (b < 0) return eof(ps);
  if (b != '-' && !is_digit(b)) return fail(ps, ps->p, "expected an integer");
  return lex_number(ps, out);
}

static int value_bool(rd_parser *ps, int64_t *out) {
  int b = peek(ps);
  if (b < 0) return eof(ps);
  *out = b == 't';
  if (b == 't') return lex_literal(ps, "true");
  if (b == 'f') return lex_literal(ps, "false");
  return fail(ps, ps->p, "expected true or false");
}

/* The value of a name in a table of names, or -1. */
static int value_enum(rd_parser *ps, int enumeration, const char *what, int *out) {
  size_t off = 0;
  (void)peek(ps);
  const char *at = ps->p;
  int rc = value_string(ps, &off);
  if (rc != REDRESS_OK) return rc;
  const char *name = ps->scratch + off;
  int v = rd_enum_value(enumeration, name, ps->slen - off - 1);
  if (v < 0) return fail(ps, at, "unknown %s \"%.64s\"", what, name);
  ps->slen = off;
  *out = v;
  return REDRESS_OK;
}

/* ---- the complaint -------------------------------------------------------- */

/* Top-level members. Those before T_STATE fill the init struct and so must come
 * before "attrs" and "events", where the complaint is built. */
enum {
  T_V, T_ID, T_CUSTOMER_ID, T_CUSTOMER_TIER, T_CUSTOMER_VALUE, T_CHANNEL, T_CATEGORY,
  T_SEVERITY, T_TEXT, T_RECEIVED_AT, T_ORDER_VALUE, T_CLAIMED_AMOUNT, T_REQUESTED_REMEDY,
  T_EXPECTATION, T_BOTTOM_LINE, T_PRIOR_COMPLAINTS, T_PRIOR_COMPENSATION, T_PRODUCT, T_CAUSE,
  T_STATE, T_ATTRS, T_EVENTS, T_ALARMS, T_POLICIES, T_COUNT
};

static const char *const top_names[T_COUNT] = {
    "v", "id", "customer_id", "customer_tier", "customer_value", "channel", "category",
    "severity", "text", "received_at", "order_value", "claimed_amount", "requested_remedy",
    "expectation", "bottom_line", "prior_complaints", "prior_compensation", "product", "cause",
    "state", "attrs", "events", "alarms", "policies"};

#define BIT(i) (1u << (i))
#define REQUIRED_INIT                                                                  \
  (BIT(T_V) | BIT(T_ID) | BIT(T_CUSTOMER_ID) | BIT(T_CHANNEL) | BIT(T_SEVERITY) |       \
   BIT(T_RECEIVED_AT))

typedef struct rd_doc {
  rd_parser *ps;
  rd_members *members;        /* the top-level object's, for the members seen */
  redress_complaint_fields init;
  size_t str[T_COUNT];        /* scratch offsets of the string members */
  redress_complaint *c;       /* built at the first of attrs and events */
  int state;
  const char *state_at;
  uint32_t *alarmed;          /* per event: bit kind * LEVELS + level of each alarm read */
} rd_doc;

static int check_required(rd_parser *ps, uint32_t seen, uint32_t required, const char *at) {
  for (int i = 0; i < T_COUNT; i++)
    if ((required & BIT(i)) && !(seen & BIT(i)))
      return fail(ps, at, "missing member \"%s\"", top_names[i]);
  return REDRESS_OK;
}

static const char *string_member(const rd_doc *doc, int index) {
  return doc->str[index] == ABSENT ? NULL : doc->ps->scratch + doc->str[index];
}

/* Builds the complaint from the members read so far; at is the member that needs it. */
static int build_complaint(rd_doc *doc, const char *at) {
  rd_parser *ps = doc->ps;
  int rc = check_required(ps, doc->members->seen, REQUIRED_INIT, at);
  if (rc != REDRESS_OK) return rc;
  doc->init.id = string_member(doc, T_ID);
  doc->init.customer_id = string_member(doc, T_CUSTOMER_ID);
  doc->init.customer_tier = string_member(doc, T_CUSTOMER_TIER);
  doc->init.category = string_member(doc, T_CATEGORY);
  doc->init.text = string_member(doc, T_TEXT);
  doc->init.requested_remedy = string_member(doc, T_REQUESTED_REMEDY);
  doc->init.product = string_member(doc, T_PRODUCT);
  doc->init.cause = string_member(doc, T_CAUSE);
  rc = rd_complaint_alloc(&doc->c, ps->desk, &doc->init);
  if (rc != REDRESS_OK) return rethrow(ps, rc, at);
  doc->c->decoding = 1; /* the policy versions are the document's ("policies") */
  ps->slen = 0; /* the init strings were copied */
  return REDRESS_OK;
}

/* ---- attributes ---------------------------------------------------------- */

static int attr_value(rd_parser *ps, int index, const char *key_at, size_t key_off, void *ctx) {
  rd_doc *doc = ctx;
  size_t value_off = 0;
  (void)index;
  int rc = value_string(ps, &value_off);
  if (rc != REDRESS_OK) return rc;
  const char *key = ps->scratch + key_off, *value = ps->scratch + value_off;
  if (redress_complaint_attr(doc->c, key) != NULL)
    return fail(ps, key_at, "duplicate attribute \"%.64s\"", key);
  rc = redress_complaint_set_attr(doc->c, key, value);
  ps->slen = key_off;
  return rc == REDRESS_OK ? REDRESS_OK : rethrow(ps, rc, key_at);
}

static int parse_attrs(rd_parser *ps, rd_doc *doc) {
  rd_members m = {NULL, 0, attr_value, doc, 0, 0};
  int b = peek(ps);
  if (b < 0) return eof(ps);
  if (b != '{') return fail(ps, ps->p, "expected an object");
  return parse_object(ps, 2, &m);
}

/* ---- events -------------------------------------------------------------- */

/* Event members: five common ones, then one per slot (complaint.h). */
enum {
  E_SEQ, E_KIND, E_AT, E_ACTOR, E_NOTE, E_FIELD,
  E_COUNT = E_FIELD + RD_SLOT_COUNT
};

static const char *const event_names[E_COUNT] = {
    "seq", "kind", "at", "actor", "note",
    [E_FIELD + REDRESS_FIELD_DECISION] = "decision",
    [E_FIELD + REDRESS_FIELD_COMPENSATION] = "compensation",
    [E_FIELD + REDRESS_FIELD_SATISFACTION] = "satisfaction",
    [E_FIELD + REDRESS_FIELD_LEGITIMACY] = "legitimacy",
    [E_FIELD + REDRESS_FIELD_SEVERITY] = "severity",
    [E_FIELD + REDRESS_FIELD_VISIBLE] = "visible",
    [E_FIELD + REDRESS_FIELD_DUE] = "due",
    [E_FIELD + REDRESS_FIELD_POINT] = "point",
    [E_FIELD + REDRESS_FIELD_DEMAND] = "demand",
    [E_FIELD + REDRESS_FIELD_REMEDY] = "remedy",
    [E_FIELD + REDRESS_FIELD_TO] = "to",
    [E_FIELD + RD_SLOT_OWNER] = "owner",
    [E_FIELD + RD_SLOT_TEAM] = "team",
    [E_FIELD + RD_SLOT_CHANNEL] = "channel"};

typedef struct rd_event_doc {
  int64_t seq;
  int kind;
  int64_t at;
  size_t actor, note;            /* scratch offsets, ABSENT if not given */
  int64_t num[RD_NUM_SLOTS];     /* as an event's num[] */
  size_t text[RD_TEXT_SLOTS];    /* scratch offsets, ABSENT if not given */
  const char *value_at[E_COUNT]; /* where each member's value starts */
} rd_event_doc;

/* The slots each kind carries (bits 1u << slot), as the verbs write them. */
static uint32_t kind_fields(int kind) {
  switch (kind) {
  case REDRESS_EVENT_INVESTIGATE: return BIT(REDRESS_FIELD_POINT) | BIT(REDRESS_FIELD_DEMAND);
  case REDRESS_EVENT_RESPOND:
  case REDRESS_EVENT_RESOLVE_ON_THE_SPOT:
    return BIT(REDRESS_FIELD_DECISION) | BIT(REDRESS_FIELD_COMPENSATION) |
           BIT(REDRESS_FIELD_REMEDY);
  case REDRESS_EVENT_CONFIRM: return BIT(REDRESS_FIELD_SATISFACTION);
  case REDRESS_EVENT_NOTE: return BIT(REDRESS_FIELD_VISIBLE);
  case REDRESS_EVENT_PROMISE: return BIT(REDRESS_FIELD_DUE);
  case REDRESS_EVENT_ASSESS: return BIT(REDRESS_FIELD_LEGITIMACY);
  case REDRESS_EVENT_ESCALATE:
  case REDRESS_EVENT_AWAIT_THIRD_PARTY: return BIT(REDRESS_FIELD_TO);
  case REDRESS_EVENT_SET_SEVERITY: return BIT(REDRESS_FIELD_SEVERITY);
  case REDRESS_EVENT_MOVE_CHANNEL: return BIT(RD_SLOT_CHANNEL);
  case REDRESS_EVENT_ASSIGN: return BIT(RD_SLOT_OWNER) | BIT(RD_SLOT_TEAM);
  default: return 0;
  }
}

static int event_field_value(rd_parser *ps, rd_event_doc *e, int slot) {
  int v = 0, rc = REDRESS_OK;
  switch (slot) {
  case REDRESS_FIELD_DECISION: rc = value_enum(ps, REDRESS_ENUM_DECISION, "decision", &v); break;
  case REDRESS_FIELD_LEGITIMACY:
    rc = value_enum(ps, REDRESS_ENUM_LEGITIMACY, "legitimacy", &v);
    break;
  case REDRESS_FIELD_SEVERITY: rc = value_enum(ps, REDRESS_ENUM_SEVERITY, "severity", &v); break;
  case RD_SLOT_CHANNEL: rc = value_enum(ps, REDRESS_ENUM_CHANNEL, "channel", &v); break;
  case REDRESS_FIELD_VISIBLE: return value_bool(ps, &e->num[rd_slot_num(slot)]);
  default:
    if (rd_slot_is_text(slot)) return value_string(ps, &e->text[rd_slot_text(slot)]);
    return value_int(ps, &e->num[rd_slot_num(slot)]);
  }
  e->num[rd_slot_num(slot)] = v;
  return rc;
}

static int event_value(rd_parser *ps, int index, const char *key_at, size_t key_off, void *ctx) {
  rd_event_doc *e = ctx;
  (void)key_at;
  (void)key_off;
  (void)peek(ps);
  e->value_at[index] = ps->p;
  switch (index) {
  case E_SEQ: return value_int(ps, &e->seq);
  case E_KIND: return value_enum(ps, REDRESS_ENUM_EVENT_KIND, "event kind", &e->kind);
  case E_AT: {
    int rc = value_int(ps, &e->at);
    if (rc == REDRESS_OK) rc = rd_check_time(ps->desk, "at", e->at);
    return rc == REDRESS_OK ? REDRESS_OK : rethrow(ps, rc, e->value_at[index]);
  }
  case E_ACTOR: return value_string(ps, &e->actor);
  case E_NOTE: return value_string(ps, &e->note);
  default: return event_field_value(ps, e, index - E_FIELD);
  }
}

static const char *scratch_at(const rd_parser *ps, size_t off) {
  return off == ABSENT ? NULL : ps->scratch + off;
}

/* The semantic checks that belong to the format rather than to the lifecycle. */
static int check_event(rd_parser *ps, const rd_event_doc *e, uint32_t seen, const char *obj_at,
                       size_t position) {
  for (int i = E_SEQ; i <= E_AT; i++)
    if (!(seen & BIT(i))) return fail(ps, obj_at, "event lacks member \"%s\"", event_names[i]);
  if (e->seq < 0 || (uint64_t)e->seq != position)
    return fail(ps, e->value_at[E_SEQ], "seq %lld where %zu was expected", (long long)e->seq,
                position);
  uint32_t extra = (seen >> E_FIELD) & ~kind_fields(e->kind);
  for (int f = 0; f < RD_SLOT_COUNT; f++)
    if (extra & BIT(f))
      return fail(ps, e->value_at[E_FIELD + f], "member \"%s\" does not belong to a \"%s\" event",
                  event_names[E_FIELD + f], rd_enum_name(REDRESS_ENUM_EVENT_KIND, e->kind));
  return REDRESS_OK;
}

static int same_text(const char *a, const char *b) {
  return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

/* What a verb recorded against what the document says. An optional text given as ""
 * is recorded as none (older documents spelled such values out), so "" in the
 * document matches a value the verb left out. */
static bool same_recorded(const char *recorded, const char *given) {
  return same_text(recorded, given) || (recorded == NULL && given != NULL && given[0] == '\0');
}

/* Whether the number slot of e (given or not) is what the verb kept in ev. A note's
 * "visible" may be absent: it then means false, as the verb records it. */
static int same_number(const rd_event_doc *e, uint32_t fields, const redress_event *ev,
                       int slot) {
  int given = (fields & BIT(slot)) != 0, kept = rd_event_has(ev, slot);
  int64_t value = e->num[rd_slot_num(slot)];
  if (slot == REDRESS_FIELD_VISIBLE) return !given || value == ev->visible;
  return given == kept && (!given || value == rd_event_num(ev, slot));
}

/* The first member of e (given the slots in `fields`) that ev, the event the verb
 * recorded from it, does not hold alike; NULL when they agree. */
static const char *first_difference(const rd_parser *ps, const rd_event_doc *e, uint32_t fields,
                                    const redress_event *ev) {
  if (ev->at != e->at) return "at";
  if (!same_text(ev->actor, scratch_at(ps, e->actor))) return "actor";
  if (!same_recorded(ev->note, scratch_at(ps, e->note))) return "note";
  for (int slot = 0; slot < RD_SLOT_COUNT; slot++) {
    if (!rd_slot_is_text(slot)) {
      if (!same_number(e, fields, ev, slot)) return event_names[E_FIELD + slot];
      continue;
    }
    const char *given =
        (fields & BIT(slot)) ? scratch_at(ps, e->text[rd_slot_text(slot)]) : NULL;
    if (!same_recorded(rd_event_text(ev, slot), given)) return event_names[E_FIELD + slot];
  }
  return NULL;
}

static void verb_args(const rd_parser *ps, const rd_event_doc *e, uint32_t fields,
                      rd_verb_args *a) {
  memset(a, 0, sizeof *a);
  a->kind = e->kind;
  a->at = e->at;
  a->actor = scratch_at(ps, e->actor);
  a->note = scratch_at(ps, e->note);
  a->has = fields;
  for (int i = 0; i < RD_NUM_SLOTS; i++) a->num[i] = e->num[i];
  /* by slot: a storage place serves the text slot of the event's kind that is given */
  for (int slot = RD_FIRST_TEXT_SLOT; slot < RD_SLOT_COUNT; slot++)
    if (rd_slot_is_text(slot) && (fields & BIT(slot)))
      a->text[rd_slot_text(slot)] = scratch_at(ps, e->text[rd_slot_text(slot)]);
}

/*
 * Replays a decoded event through the verb of its kind, the code that recorded it,
 * then compares what the verb recorded with the document: a member the verb would
 * have written otherwise (a create whose actor is not the customer, a number the
 * verb reads as "none") means the verbs could not have produced this history.
 */
static int append_event(rd_parser *ps, rd_doc *doc, const rd_event_doc *e, uint32_t seen,
                        const char *obj_at) {
  size_t position = doc->c->n_events + 1;
  int rc = check_event(ps, e, seen, obj_at, position);
  if (rc != REDRESS_OK) return rc;
  uint32_t fields = seen >> E_FIELD;
  rd_verb_args a;
  verb_args(ps, e, fields, &a);
  rc = rd_verb_replay(doc->c, &a);
  if (rc != REDRESS_OK) return rethrow(ps, rc, obj_at);
  const char *member = first_difference(ps, e, fields, doc->c->events[position - 1]);
  if (member != NULL)
    return fail(ps, obj_at, "event %zu (%s): \"%s\" is not what the %s verb records", position,
                rd_enum_name(REDRESS_ENUM_EVENT_KIND, e->kind), member,
                rd_enum_name(REDRESS_ENUM_EVENT_KIND, e->kind));
  return REDRESS_OK;
}

static int parse_event(rd_parser *ps, rd_doc *doc) {
  rd_event_doc e;
  memset(&e, 0, sizeof e);
  e.actor = e.note = ABSENT;
  for (int i = 0; i < RD_TEXT_SLOTS; i++) e.text[i] = ABSENT;
  const char *obj_at = ps->p;
  rd_members m = {event_names, E_COUNT, event_value, &e, 0, 0};
  int rc = parse_object(ps, 3, &m);
  if (rc == REDRESS_OK) rc = append_event(ps, doc, &e, m.seen, obj_at);
  ps->slen = 0; /* the event's strings were copied */
  return rc;
}

/* ---- alarms -------------------------------------------------------------- */

/* every kind and level of one event's alarms fits in the bits of one word */
typedef char rd_alarm_levels_fit[REDRESS_DEADLINE_KIND_COUNT * REDRESS_ALARM_LEVEL_COUNT <= 32 ? 1 : -1];

enum { A_KIND, A_ANCHOR, A_LEVEL, A_AT, A_COUNT };
static const char *const alarm_names[A_COUNT] = {"kind", "anchor", "level", "at"};

typedef struct rd_alarm_doc {
  int kind;
  int level;
  int64_t anchor;
  int64_t at;
} rd_alarm_doc;

static int alarm_value(rd_parser *ps, int index, const char *key_at, size_t key_off, void *ctx) {
  rd_alarm_doc *a = ctx;
  (void)key_at;
  (void)key_off;
  (void)peek(ps);
  const char *at = ps->p;
  int rc;
  switch (index) {
  case A_KIND:
    return value_enum(ps, REDRESS_ENUM_DEADLINE_KIND, "deadline kind", &a->kind);
  case A_LEVEL: return value_enum(ps, REDRESS_ENUM_ALARM_LEVEL, "alarm level", &a->level);
  case A_ANCHOR:
    rc = value_int(ps, &a->anchor);
    if (rc == REDRESS_OK && (a->anchor < 1 || a->anchor > (int64_t)UINT32_MAX))
      return fail(ps, at, "anchor %lld out of range", (long long)a->anchor);
    return rc;
  default:
    rc = value_int(ps, &a->at);
    if (rc == REDRESS_OK) rc = rd_check_time(ps->desk, "alarm time", a->at);
    return rc == REDRESS_OK ? REDRESS_OK : rethrow(ps, rc, at);
  }
}

/*
 * A tick records an alarm once, for a deadline its anchor started, once that deadline
 * had begun; anything else is an alarm no tick wrote. This also bounds the alarms of
 * a complaint by what its history can owe (REDRESS_MAX_ALARMS), so recording the next
 * one never fails.
 */
static int check_alarm(rd_parser *ps, rd_doc *doc, const rd_alarm_doc *a, const char *obj_at) {
  const redress_complaint *c = doc->c;
  if ((uint64_t)a->anchor > c->n_events)
    return fail(ps, obj_at, "alarm: no event %lld started a deadline", (long long)a->anchor);
  const redress_event *ev = c->events[a->anchor - 1];
  const char *kind = rd_enum_name(REDRESS_ENUM_DEADLINE_KIND, a->kind);
  if (!(rd_deadlines_started(ev) & BIT(a->kind)))
    return fail(ps, obj_at, "alarm: event %lld (%s) starts no %s deadline", (long long)a->anchor,
                rd_enum_name(REDRESS_ENUM_EVENT_KIND, ev->kind), kind);
  if (a->at < ev->at)
    return fail(ps, obj_at, "alarm: raised at %lld, before event %lld started its deadline",
                (long long)a->at, (long long)a->anchor);
  if (doc->alarmed == NULL) {
    doc->alarmed = rd_alloc(rd_desk_alloc(ps->desk), c->n_events * sizeof *doc->alarmed);
    if (doc->alarmed == NULL) return nomem(ps);
    memset(doc->alarmed, 0, c->n_events * sizeof *doc->alarmed);
  }
  uint32_t bit = 1u << (a->kind * REDRESS_ALARM_LEVEL_COUNT + a->level);
  if (doc->alarmed[a->anchor - 1] & bit)
    return fail(ps, obj_at, "alarm: the %s %s of event %lld is recorded twice", kind,
                rd_enum_name(REDRESS_ENUM_ALARM_LEVEL, a->level), (long long)a->anchor);
  doc->alarmed[a->anchor - 1] |= bit;
  return REDRESS_OK;
}

static int parse_alarm(rd_parser *ps, rd_doc *doc) {
  rd_alarm_doc a = {0, 0, 0, 0};
  const char *obj_at = ps->p;
  rd_members m = {alarm_names, A_COUNT, alarm_value, &a, 0, 0};
  int rc = parse_object(ps, 3, &m);
  if (rc != REDRESS_OK) return rc;
  for (int i = 0; i < A_COUNT; i++)
    if (!(m.seen & BIT(i))) return fail(ps, obj_at, "alarm lacks member \"%s\"", alarm_names[i]);
  rc = check_alarm(ps, doc, &a, obj_at);
  if (rc != REDRESS_OK) return rc;
  rc = rd_complaint_add_alarm(doc->c, a.kind, (uint32_t)a.anchor, a.level, a.at);
  return rc == REDRESS_OK ? REDRESS_OK : rethrow(ps, rc, obj_at);
}

/* ---- policy versions ----------------------------------------------------- */

enum { P_SEQ, P_NAME, P_VERSION, P_CALENDAR, P_FINGERPRINT, P_COUNT };
static const char *const pin_names[P_COUNT] = {"seq", "name", "version", "calendar",
                                               "fingerprint"};

typedef struct rd_pin_doc {
  int64_t seq, version;
  size_t name, calendar, fingerprint; /* scratch offsets */
  const char *at[P_COUNT];
} rd_pin_doc;

static int pin_value(rd_parser *ps, int index, const char *key_at, size_t key_off, void *ctx) {
  rd_pin_doc *d = ctx;
  (void)key_at;
  (void)key_off;
  (void)peek(ps);
  d->at[index] = ps->p;
  switch (index) {
  case P_SEQ: return value_int(ps, &d->seq);
  case P_VERSION: return value_int(ps, &d->version);
  case P_NAME: return value_string(ps, &d->name);
  case P_CALENDAR: return value_string(ps, &d->calendar);
  default: return value_string(ps, &d->fingerprint);
  }
}

/* Sixteen lowercase hex digits, as the encoder writes them. */
static int parse_fingerprint(uint64_t *out, const char *hex) {
  uint64_t v = 0;
  if (strlen(hex) != 16) return 0;
  for (int i = 0; i < 16; i++) {
    int c = (unsigned char)hex[i];
    int digit = is_digit(c) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
    if (digit < 0) return 0;
    v = v << 4 | (uint64_t)digit;
  }
  *out = v;
  return 1;
}

static int parse_pin(rd_parser *ps, rd_doc *doc) {
  rd_pin_doc d;
  memset(&d, 0, sizeof d);
  d.calendar = ABSENT;
  const char *obj_at = ps->p;
  rd_members m = {pin_names, P_COUNT, pin_value, &d, 0, 0};
  int rc = parse_object(ps, 3, &m);
  if (rc != REDRESS_OK) return rc;
  for (int i = 0; i < P_COUNT; i++)
    if (i != P_CALENDAR && !(m.seen & BIT(i)))
      return fail(ps, obj_at, "policy version lacks member \"%s\"", pin_names[i]);
  if (d.seq < 1 || d.seq > (int64_t)UINT32_MAX)
    return fail(ps, d.at[P_SEQ], "seq %lld out of range", (long long)d.seq);
  if (d.version < 1 || d.version > (int64_t)UINT32_MAX)
    return fail(ps, d.at[P_VERSION], "policy version %lld out of range", (long long)d.version);
  rd_pin pin = {(uint32_t)d.seq, (uint32_t)d.version, 0, ps->scratch + d.name,
                (char *)(uintptr_t)scratch_at(ps, d.calendar)};
  if (!parse_fingerprint(&pin.fingerprint, ps->scratch + d.fingerprint))
    return fail(ps, d.at[P_FINGERPRINT], "fingerprint is not 16 lowercase hex digits");
  rc = rd_complaint_add_pin(doc->c, &pin);
  ps->slen = 0;
  return rc == REDRESS_OK ? REDRESS_OK : rethrow(ps, rc, obj_at);
}

/* ---- arrays of objects ---------------------------------------------------- */

/* An array whose items are objects read by item; empty, when not NULL, is the
 * complaint about an empty array. */
static int parse_items(rd_parser *ps, rd_doc *doc, int (*item)(rd_parser *, rd_doc *),
                       const char *empty) {
  int b = peek(ps);
  if (b < 0) return eof(ps);
  if (b != '[') return fail(ps, ps->p, "expected an array");
  ps->p++;
  if (peek(ps) == ']') {
    if (empty != NULL) return fail(ps, ps->p, "%s", empty);
    ps->p++;
    return REDRESS_OK;
  }
  for (int done = 0; !done;) {
    b = peek(ps);
    if (b < 0) return eof(ps);
    if (b != '{') return fail(ps, ps->p, "expected an object");
    int rc = item(ps, doc);
    if (rc == REDRESS_OK) rc = next_item(ps, ']', &done);
    if (rc != REDRESS_OK) return rc;
  }
  return REDRESS_OK;
}

/* ---- top-level members --------------------------------------------------- */

static int64_t *amount_slot(rd_doc *doc, int index) {
  switch (index) {
  case T_CUSTOMER_VALUE: return &doc->init.customer_value;
  case T_ORDER_VALUE: return &doc->init.order_value;
  case T_CLAIMED_AMOUNT: return &doc->init.claimed_amount;
  case T_EXPECTATION: return &doc->init.expectation;
  case T_BOTTOM_LINE: return &doc->init.bottom_line;
  default: return &doc->init.prior_compensation;
  }
}

/* A number member of the init struct, checked here so that the offset is exact. */
static int number_member(rd_parser *ps, rd_doc *doc, int index, const char *at) {
  int64_t v = 0;
  int rc = value_int(ps, &v);
  if (rc != REDRESS_OK) return rc;
  switch (index) {
  case T_V:
    if (v != 1) return fail(ps, at, "unsupported format version %lld", (long long)v);
    return REDRESS_OK;
  case T_RECEIVED_AT:
    doc->init.received_at = v;
    rc = rd_check_time(ps->desk, "received_at", v);
    break;
  case T_PRIOR_COMPLAINTS:
    if (v < 0 || v > (int64_t)UINT32_MAX)
      return fail(ps, at, "prior_complaints %lld out of range", (long long)v);
    doc->init.prior_complaints = (uint32_t)v;
    return REDRESS_OK;
  case T_PRIOR_COMPENSATION: doc->init.prior_compensation = v; return REDRESS_OK;
  default:
    *amount_slot(doc, index) = v;
    rc = rd_check_amount(ps->desk, top_names[index], v);
    break;
  }
  return rc == REDRESS_OK ? REDRESS_OK : rethrow(ps, rc, at);
}

static int top_value(rd_parser *ps, int index, const char *key_at, size_t key_off, void *ctx) {
  rd_doc *doc = ctx;
  (void)key_off;
  if (index < T_STATE && doc->c != NULL)
    return fail(ps, key_at, "member \"%s\" must come before \"attrs\" and \"events\"",
                top_names[index]);
  if ((index == T_ATTRS || index == T_EVENTS) && doc->c == NULL) {
    int rc = build_complaint(doc, key_at);
    if (rc != REDRESS_OK) return rc;
  }
  (void)peek(ps);
  const char *at = ps->p;
  switch (index) {
  case T_ID: case T_CUSTOMER_ID: case T_CUSTOMER_TIER: case T_CATEGORY: case T_TEXT:
  case T_REQUESTED_REMEDY: case T_PRODUCT: case T_CAUSE:
    return value_string(ps, &doc->str[index]);
  case T_CHANNEL: return value_enum(ps, REDRESS_ENUM_CHANNEL, "channel", &doc->init.channel);
  case T_SEVERITY: return value_enum(ps, REDRESS_ENUM_SEVERITY, "severity", &doc->init.severity);
  case T_STATE:
    doc->state_at = at;
    return value_enum(ps, REDRESS_ENUM_STATE, "state", &doc->state);
  case T_ATTRS: return parse_attrs(ps, doc);
  case T_EVENTS:
    return parse_items(ps, doc, parse_event, "no events: the history starts with create");
  case T_ALARMS:
    /* An alarm names the event that started its deadline: the history comes first. */
    if (!(doc->members->seen & BIT(T_EVENTS)))
      return fail(ps, key_at, "\"alarms\" must come after \"events\"");
    return parse_items(ps, doc, parse_alarm, NULL);
  case T_POLICIES:
    if (!(doc->members->seen & BIT(T_EVENTS)))
      return fail(ps, key_at, "\"policies\" must come after \"events\"");
    return parse_items(ps, doc, parse_pin, NULL);
  default: return number_member(ps, doc, index, at);
  }
}

/* The checks that need the whole document: events given, state as replayed. */
static int finish(rd_parser *ps, rd_doc *doc, uint32_t seen, const char *close_at) {
  int rc = check_required(ps, seen, REQUIRED_INIT | BIT(T_EVENTS), close_at);
  if (rc != REDRESS_OK) return rc;
  if ((seen & BIT(T_STATE)) && doc->state != doc->c->state)
    return fail(ps, doc->state_at, "state \"%s\" differs from the history's \"%s\"",
                rd_enum_name(REDRESS_ENUM_STATE, doc->state),
                rd_enum_name(REDRESS_ENUM_STATE, doc->c->state));
  skip_ws(ps);
  if (ps->p != ps->end) return fail(ps, ps->p, "unexpected data after the document");
  return REDRESS_OK;
}

static int parse_document(rd_parser *ps, rd_doc *doc) {
  rd_members m = {top_names, T_COUNT, top_value, doc, 0, 0};
  doc->members = &m;
  int b = peek(ps);
  if (b < 0) return eof(ps);
  if (b != '{') return fail(ps, ps->p, "expected '{'");
  int rc = parse_object(ps, 1, &m);
  doc->members = NULL;
  return rc == REDRESS_OK ? finish(ps, doc, m.seen, ps->p - 1) : rc;
}

int rd_json_decode(redress_complaint **out, redress_desk *desk, const char *json, size_t len) {
  if (len > REDRESS_MAX_JSON_BYTES)
    return rd_fail(desk, REDRESS_ERR_RANGE, "json: the document has %zu bytes, more than %u",
                   len, REDRESS_MAX_JSON_BYTES);
  rd_parser ps = {json, json, json + len, desk, NULL, 0, 0};
  redress_complaint_fields init = REDRESS_COMPLAINT_FIELDS_INIT;
  rd_doc doc;
  memset(&doc, 0, sizeof doc);
  doc.ps = &ps;
  doc.init = init;
  /* Absent members take the defaults of REDRESS_COMPLAINT_FIELDS_INIT: amounts unknown,
   * prior complaints and compensation zero, optional strings NULL. */
  for (int i = 0; i < T_COUNT; i++) doc.str[i] = ABSENT;
  int rc = parse_document(&ps, &doc);
  rd_free(rd_desk_alloc(desk), ps.scratch);
  rd_free(rd_desk_alloc(desk), doc.alarmed);
  if (doc.c != NULL) doc.c->decoding = 0;
  if (rc != REDRESS_OK) {
    redress_complaint_free(doc.c);
    return rc;
  }
  *out = doc.c;
  return REDRESS_OK;
}

int redress_complaint_from_json(redress_complaint **out, redress_desk *desk, const char *json,
                                size_t len) {
  if (desk == NULL) return REDRESS_ERR_INVALID;
  if (out == NULL || json == NULL)
    return rd_fail(desk, REDRESS_ERR_INVALID, "complaint_from_json: out and json are required");
  int rc = rd_json_decode(out, desk, json, len);
  if (rc == REDRESS_OK) rd_ok(desk);
  return rc;
}
