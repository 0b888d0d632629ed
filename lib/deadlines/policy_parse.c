/* The policy spec parser (grammar in docs/deadlines.md, "Policy specs"): one clause a
 * line, "#" comments, words bare or "quoted". Every failure names the line and column
 * (both from 1; columns count bytes) and what was expected there. */
#include "deadlines/policy.h"

#include <string.h>

enum { MAX_TOKENS = 16 };

typedef rd_token token;

typedef struct parser {
  redress_desk *desk;
  const char *s;
  size_t len, pos, line, line_start;
  char *scratch; /* unescaped quoted words: never longer than the text */
  size_t used;
  rd_policy_list *out;
  redress_policy *cur; /* the policy clauses go to; NULL before the first */
  uint32_t seen;       /* clauses of cur given so far */
} parser;

static int fail_at(parser *p, size_t col, const char *expected) {
  return rd_policy_fail_at(p->desk, p->line, col, expected);
}

static int is_blank(int c) { return c == ' ' || c == '\t' || c == '\r'; }

static int word_is(const token *t, const char *w) {
  return t->n == strlen(w) && memcmp(t->s, w, t->n) == 0;
}

static int quoted(parser *p, token *t) {
  size_t start = p->pos++;
  t->s = p->scratch + p->used;
  t->n = 0;
  for (;;) {
    if (p->pos >= p->len || p->s[p->pos] == '\n')
      return fail_at(p, start - p->line_start + 1, "a closing '\"' on the same line");
    char c = p->s[p->pos++];
    if (c == '"') break;
    if (c == '\\') {
      if (p->pos >= p->len || (p->s[p->pos] != '"' && p->s[p->pos] != '\\' && p->s[p->pos] != 'n'))
        return fail_at(p, p->pos - p->line_start + 1, "'\\\"', '\\\\' or '\\n' after '\\'");
      c = p->s[p->pos] == 'n' ? '\n' : p->s[p->pos];
      p->pos++;
    }
    p->scratch[p->used + t->n++] = c;
  }
  p->scratch[p->used + t->n] = '\0';
  p->used += t->n + 1;
  return REDRESS_OK;
}

/* Splits the line at the cursor into tokens; leaves the cursor after its newline. */
static int tokenize(parser *p, token *toks, size_t *n) {
  *n = 0;
  for (;;) {
    while (p->pos < p->len && is_blank((unsigned char)p->s[p->pos])) p->pos++;
    if (p->pos >= p->len || p->s[p->pos] == '\n' || p->s[p->pos] == '#') break;
    if (*n == MAX_TOKENS) return fail_at(p, p->pos - p->line_start + 1, "the end of the clause");
    token *t = &toks[(*n)++];
    t->col = p->pos - p->line_start + 1;
    if (p->s[p->pos] == '"') {
      int rc = quoted(p, t);
      if (rc != REDRESS_OK) return rc;
      continue;
    }
    t->s = p->s + p->pos;
    while (p->pos < p->len && !is_blank((unsigned char)p->s[p->pos]) && p->s[p->pos] != '\n' &&
           p->s[p->pos] != '#' && p->s[p->pos] != '"')
      p->pos++;
    t->n = (size_t)(p->s + p->pos - t->s);
  }
  while (p->pos < p->len && p->s[p->pos] != '\n') p->pos++; /* the comment */
  return REDRESS_OK;
}

/* A number that is well formed but above max: said so, with the largest, rather than
 * "expected ..." as if it were no number ("99999999999999999999 days"). */
static int too_large(parser *p, const token *t, int64_t max, const char *unit, size_t unit_len) {
  return rd_fail(p->desk, REDRESS_ERR_PARSE,
                 "policy spec: line %zu, column %zu: %.*s is too large (at most %lld%s%.*s)",
                 p->line, t->col, (int)(t->n < 64 ? t->n : 64), t->s, (long long)max,
                 unit_len ? " " : "", (int)unit_len, unit ? unit : "");
}

/* A whole token as a decimal number in [min, max]; 1 (nothing reported) when it is one,
 * but above max. */
static int number_or_too_large(parser *p, const token *t, int64_t min, int64_t max, int64_t *out,
                               const char *expected) {
  int64_t v = 0;
  int over = 0;
  size_t i = t->s[0] == '-' ? 1 : 0;
  if (i == t->n) return fail_at(p, t->col, expected);
  for (; i < t->n; i++) {
    int c = (unsigned char)t->s[i];
    if (c < '0' || c > '9') return fail_at(p, t->col, expected);
    if (v > (INT64_MAX - (c - '0')) / 10) over = 1; /* exact: INT64_MAX itself is read */
    else v = v * 10 + (c - '0');
  }
  if (t->s[0] == '-') v = -v;
  if (over || (v > max && t->s[0] != '-')) return 1;
  if (v < min) return fail_at(p, t->col, expected);
  *out = v;
  return REDRESS_OK;
}

static int number(parser *p, const token *t, int64_t min, int64_t max, int64_t *out,
                  const char *expected) {
  int rc = number_or_too_large(p, t, min, max, out, expected);
  return rc == 1 ? too_large(p, t, max, NULL, 0) : rc;
}

static int copy_word(parser *p, const char **out, const token *t) {
  char *copy = rd_memdup(rd_desk_alloc(p->desk), t->s, t->n);
  if (copy == NULL) return rd_fail(p->desk, REDRESS_ERR_NOMEM, "out of memory");
  *out = copy;
  return REDRESS_OK;
}

static int start_policy(parser *p, const token *toks, size_t n) {
  if (n < 2) return fail_at(p, toks[0].col + toks[0].n + 1, "a policy name");
  if (n < 3 || !word_is(&toks[2], "version"))
    return fail_at(p, n < 3 ? toks[1].col + toks[1].n + 1 : toks[2].col, "'version'");
  if (n < 4) return fail_at(p, toks[2].col + toks[2].n + 1, "a version number");
  int64_t version = 0;
  int rc = number(p, &toks[3], 1, UINT32_MAX, &version, "a version number from 1");
  if (rc == REDRESS_OK && n > 4) rc = fail_at(p, toks[4].col, "the end of the line");
  if (rc != REDRESS_OK) return rc;
  rd_policy_list *l = p->out;
  void *items = l->items;
  if (rd_reserve(rd_desk_alloc(p->desk), &items, &l->cap, l->n + 1, sizeof *l->items))
    return rd_fail(p->desk, REDRESS_ERR_NOMEM, "out of memory");
  l->items = items;
  redress_policy init = REDRESS_POLICY_INIT;
  p->cur = &l->items[l->n++];
  *p->cur = init;
  p->cur->policy_version = (unsigned)version;
  p->seen = 0;
  return copy_word(p, &p->cur->name, &toks[1]);
}

static int channels(parser *p, const token *t) {
  uint32_t bits = 0;
  for (size_t i = 0; i < t->n;) {
    size_t j = i;
    while (j < t->n && t->s[j] != ',') j++;
    int ch = rd_enum_value(REDRESS_ENUM_CHANNEL, t->s + i, j - i);
    if (ch < 0 || (bits & (1u << ch)))
      return fail_at(p, t->col + i, "a channel (phone, email, web, chat, social, in_person, "
                                    "letter, media, regulator, survey), each once");
    bits |= 1u << ch;
    i = j + 1;
    if (j + 1 == t->n) return fail_at(p, t->col + j + 1, "a channel after ','");
  }
  p->cur->channels = bits;
  return REDRESS_OK;
}

static int span(parser *p, redress_span *out, const token *toks, size_t n) {
  if (n < 2) return fail_at(p, toks[0].col + toks[0].n + 1, "an amount");
  int64_t amount = 0;
  int rc = number_or_too_large(p, &toks[1], 1, INT64_MAX, &amount, "an amount from 1");
  if (rc != REDRESS_OK && rc != 1) return rc;
  redress_span one;
  if (n >= 3 && rd_span_unit_parse(&one, toks[2].s, toks[2].n, 1) == REDRESS_OK &&
      (rc == 1 || amount > INT64_MAX / one.amount)) /* the most seconds a span holds */
    return too_large(p, &toks[1], INT64_MAX / one.amount, toks[2].s, toks[2].n);
  if (rc == 1) return too_large(p, &toks[1], INT64_MAX, NULL, 0); /* and the unit unknown */
  if (n < 3) return fail_at(p, toks[1].col + toks[1].n + 1, "a unit");
  rc = rd_span_unit_parse(out, toks[2].s, toks[2].n, amount);
  if (rc != REDRESS_OK)
    return fail_at(p, toks[2].col, "a unit (days, hours, minutes, seconds, business-days, "
                                   "business-hours, business-minutes, business-seconds)");
  return n > 3 ? fail_at(p, toks[3].col, "the end of the line") : REDRESS_OK;
}

static int amount(parser *p, int64_t *out, const token *toks, size_t n) {
  if (n < 2) return fail_at(p, toks[0].col + toks[0].n + 1, "an amount in minor units");
  int rc = number(p, &toks[1], 0, INT64_MAX, out, "an amount in minor units, 0 or more");
  return rc == REDRESS_OK && n > 2 ? fail_at(p, toks[2].col, "the end of the line") : rc;
}

/* The clauses a policy may hold, in canonical order. */
static const char *const clause_names[] = {
    "channels", "severity", "category", "tier", "calendar", "acknowledge", "update-every",
    "resolve", "resolve-extended", "follow-up", "next-reply", "warn", "pause",
    "min-compensation", "max-compensation", "summary-resolve", "team"};
enum { CLAUSE_COUNT = sizeof clause_names / sizeof clause_names[0] };

static int one_word(parser *p, const token *toks, size_t n, const char *expected) {
  if (n < 2) return fail_at(p, toks[0].col + toks[0].n + 1, expected);
  return n > 2 ? fail_at(p, toks[2].col, "the end of the line") : REDRESS_OK;
}

static int clause_body(parser *p, int which, const token *toks, size_t n) {
  redress_policy *q = p->cur;
  int rc;
  switch (which) {
  case 0:
    rc = one_word(p, toks, n, "channels separated by ','");
    return rc == REDRESS_OK ? channels(p, &toks[1]) : rc;
  case 1:
    rc = one_word(p, toks, n, "a severity");
    if (rc != REDRESS_OK) return rc;
    q->min_severity = rd_enum_value(REDRESS_ENUM_SEVERITY, toks[1].s, toks[1].n);
    return q->min_severity < 0 ? fail_at(p, toks[1].col, "a severity (low, normal, high, critical)")
                               : REDRESS_OK;
  case 2: case 3: case 4: {
    const char **field = which == 2 ? &q->category : which == 3 ? &q->customer_tier : &q->calendar;
    rc = one_word(p, toks, n, "a name");
    return rc == REDRESS_OK ? copy_word(p, field, &toks[1]) : rc;
  }
  case 5: return span(p, &q->acknowledge, toks, n);
  case 6: return span(p, &q->update_every, toks, n);
  case 7: return span(p, &q->resolve, toks, n);
  case 8: return span(p, &q->resolve_extended, toks, n);
  case 9: return span(p, &q->follow_up, toks, n);
  case 10: return span(p, &q->next_reply, toks, n);
  case 11: return rd_policy_parse_warn(p->desk, q, p->line, toks, n);
  case 12: return rd_policy_parse_pause(p->desk, q, p->line, toks, n);
  case 13: return amount(p, &q->min_compensation, toks, n);
  case 14: return amount(p, &q->max_compensation, toks, n);
  case 15: return span(p, &q->summary_resolve, toks, n);
  default:
    rc = one_word(p, toks, n, "a name");
    return rc == REDRESS_OK ? copy_word(p, &q->team, &toks[1]) : rc;
  }
}

static int clause(parser *p, const token *toks, size_t n) {
  if (word_is(&toks[0], "policy")) return start_policy(p, toks, n);
  int which = -1;
  for (int i = 0; i < CLAUSE_COUNT; i++)
    if (word_is(&toks[0], clause_names[i])) which = i;
  if (which < 0)
    return fail_at(p, toks[0].col, p->cur ? "a clause (see docs/deadlines.md, Policy specs)"
                                          : "'policy'");
  if (p->cur == NULL) return fail_at(p, toks[0].col, "'policy' before its clauses");
  /* warn may repeat: one line a deadline kind */
  if ((p->seen & (1u << which)) && which != 11 && which != 12)
    return fail_at(p, toks[0].col, "each clause once in a policy");
  p->seen |= 1u << which;
  return clause_body(p, which, toks, n);
}

void rd_policy_list_free(redress_desk *desk, rd_policy_list *l) {
  const redress_allocator *a = rd_desk_alloc(desk);
  for (size_t i = 0; i < l->n; i++) {
    redress_policy *q = &l->items[i];
    rd_free(a, (void *)(uintptr_t)q->name);
    rd_free(a, (void *)(uintptr_t)q->category);
    rd_free(a, (void *)(uintptr_t)q->customer_tier);
    rd_free(a, (void *)(uintptr_t)q->team);
    rd_free(a, (void *)(uintptr_t)q->calendar);
  }
  rd_free(a, l->items);
  memset(l, 0, sizeof *l);
}

int rd_policy_spec_parse(rd_policy_list *out, redress_desk *desk, const char *spec, size_t len) {
  memset(out, 0, sizeof *out);
  parser p;
  memset(&p, 0, sizeof p);
  p.desk = desk;
  p.s = spec;
  p.len = len;
  p.line = 1;
  p.out = out;
  p.scratch = rd_alloc(rd_desk_alloc(desk), len + 1);
  if (p.scratch == NULL) return rd_fail(desk, REDRESS_ERR_NOMEM, "out of memory");
  int rc = REDRESS_OK;
  while (rc == REDRESS_OK && p.pos < len) {
    token toks[MAX_TOKENS];
    size_t n = 0;
    p.used = 0;
    rc = tokenize(&p, toks, &n);
    if (rc == REDRESS_OK && n > 0) rc = clause(&p, toks, n);
    p.pos++; /* the newline */
    p.line++;
    p.line_start = p.pos;
  }
  rd_free(rd_desk_alloc(desk), p.scratch);
  if (rc != REDRESS_OK) rd_policy_list_free(desk, out);
  return rc;
}
