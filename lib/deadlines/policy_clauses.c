/* The warning and pause clauses of a policy spec: read here and printed by
 * policy_print.c, so that the two stay each other's inverse. */
#include "deadlines/policy.h"

#include <string.h>

int rd_policy_fail_at(redress_desk *desk, size_t line, size_t col, const char *expected) {
  return rd_fail(desk, REDRESS_ERR_PARSE, "policy spec: line %zu, column %zu: expected %s", line,
                 col, expected);
}

static int end_of_line(redress_desk *desk, size_t line, const rd_token *toks, size_t n, size_t i) {
  return i < n ? rd_policy_fail_at(desk, line, toks[i].col, "the end of the line") : REDRESS_OK;
}

/* "NN%" with NN in 1..99. */
static int percent(const rd_token *t) {
  if (t->n < 2 || t->n > 3 || t->s[t->n - 1] != '%') return -1;
  int v = 0;
  for (size_t i = 0; i + 1 < t->n; i++) {
    if (t->s[i] < '0' || t->s[i] > '9') return -1;
    v = v * 10 + (t->s[i] - '0');
  }
  return v >= 1 && v <= 99 ? v : -1;
}

static int word_is(const rd_token *t, const char *w) {
  return t->n == strlen(w) && memcmp(t->s, w, t->n) == 0;
}

/* A deadline kind as the spec spells it: its enum name with '-' for '_'. */
const char *rd_kind_word(int kind) {
  static const char *const words[REDRESS_DEADLINE_KIND_COUNT] = {
      "acknowledge", "update", "resolve", "promise", "follow-up", "next-reply",
      "summary-resolve"};
  return kind >= 0 && kind < REDRESS_DEADLINE_KIND_COUNT ? words[kind] : NULL;
}

static int kind_of_word(const rd_token *t) {
  for (int k = 0; k < REDRESS_DEADLINE_KIND_COUNT; k++)
    if (strlen(rd_kind_word(k)) == t->n && memcmp(rd_kind_word(k), t->s, t->n) == 0) return k;
  return -1;
}

/* "warn KIND P% [P% ...]": the kind's levels, strictly ascending. */
static int parse_levels(redress_desk *desk, redress_policy *p, size_t line, const rd_token *toks,
                        size_t n, int kind) {
  int *row = p->warn_levels[kind];
  if (row[0] != 0) return rd_policy_fail_at(desk, line, toks[1].col, "one warn clause a kind");
  if (n < 3) return rd_policy_fail_at(desk, line, toks[1].col + toks[1].n + 1, "a percentage");
  if (n > 2 + REDRESS_POLICY_WARN_LEVELS)
    return rd_policy_fail_at(desk, line, toks[2 + REDRESS_POLICY_WARN_LEVELS].col,
                             "at most 4 warning levels");
  for (size_t i = 2; i < n; i++) {
    int v = percent(&toks[i]);
    if (v < 0 || (i > 2 && v <= row[i - 3]))
      return rd_policy_fail_at(desk, line, toks[i].col,
                               i > 2 ? "a larger percentage (levels ascend), up to 99%"
                                     : "a percentage from 1% to 99%");
    row[i - 2] = v;
  }
  return REDRESS_OK;
}

int rd_policy_parse_warn(redress_desk *desk, redress_policy *p, size_t line, const rd_token *toks,
                         size_t n) {
  if (n < 2) return rd_policy_fail_at(desk, line, toks[0].col + toks[0].n + 1, "a percentage");
  int kind = kind_of_word(&toks[1]);
  if (kind >= 0) return parse_levels(desk, p, line, toks, n, kind);
  if (p->warn_percent != 0) return rd_policy_fail_at(desk, line, toks[0].col, "one warn clause");
  int v = percent(&toks[1]);
  if (v < 0)
    return rd_policy_fail_at(desk, line, toks[1].col,
                             "a percentage from 1% to 99%, or a deadline kind (acknowledge, "
                             "update, resolve, promise, follow-up, next-reply)");
  p->warn_percent = v;
  return end_of_line(desk, line, toks, n, 2);
}


static const char *const reason_words[REDRESS_PAUSE_REASON_COUNT] = {"awaiting-customer",
                                                                    "awaiting-third-party"};

const char *rd_reason_word(int reason) {
  return reason >= 0 && reason < REDRESS_PAUSE_REASON_COUNT ? reason_words[reason] : NULL;
}

/* "k1,k2,...": deadline kinds, each once, as bits. */
static int kind_list(redress_desk *desk, size_t line, const rd_token *t, uint32_t *out) {
  uint32_t bits = 0;
  for (size_t i = 0; i < t->n;) {
    size_t j = i;
    while (j < t->n && t->s[j] != ',') j++;
    rd_token part = {t->s + i, j - i, t->col + i};
    int k = kind_of_word(&part);
    if (k < 0 || k == REDRESS_DEADLINE_PROMISE || (bits & (1u << k)))
      return rd_policy_fail_at(desk, line, part.col,
                               "a deadline kind (acknowledge, update, resolve, follow-up, "
                               "next-reply), each once");
    bits |= 1u << k;
    if (j + 1 == t->n) return rd_policy_fail_at(desk, line, t->col + j + 1, "a kind after ','");
    i = j + 1;
  }
  *out = bits;
  return REDRESS_OK;
}

/* "pause awaiting-customer" (pause_when_awaiting_customer), or "pause REASON stops
 * KINDS" (pause_stops). */
int rd_policy_parse_pause(redress_desk *desk, redress_policy *p, size_t line,
                          const rd_token *toks, size_t n) {
  int reason = -1;
  for (int r = 0; n >= 2 && r < REDRESS_PAUSE_REASON_COUNT; r++)
    if (word_is(&toks[1], reason_words[r])) reason = r;
  if (reason < 0)
    return rd_policy_fail_at(desk, line, n < 2 ? toks[0].col + toks[0].n + 1 : toks[1].col,
                             "a pause reason (awaiting-customer, awaiting-third-party)");
  if (n == 2 && reason == REDRESS_PAUSE_AWAITING_CUSTOMER) {
    if (p->pause_when_awaiting_customer)
      return rd_policy_fail_at(desk, line, toks[1].col, "each pause clause once");
    p->pause_when_awaiting_customer = 1;
    return REDRESS_OK;
  }
  if (n < 3 || !word_is(&toks[2], "stops"))
    return rd_policy_fail_at(desk, line, n < 3 ? toks[1].col + toks[1].n + 1 : toks[2].col,
                             "'stops' and the kinds it stops");
  if (p->pause_stops[reason] != 0)
    return rd_policy_fail_at(desk, line, toks[1].col, "each pause clause once");
  if (n < 4) return rd_policy_fail_at(desk, line, toks[2].col + toks[2].n + 1, "deadline kinds");
  int rc = kind_list(desk, line, &toks[3], &p->pause_stops[reason]);
  return rc == REDRESS_OK ? end_of_line(desk, line, toks, n, 4) : rc;
}
