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

int rd_policy_parse_warn(redress_desk *desk, redress_policy *p, size_t line, const rd_token *toks,
                         size_t n) {
  if (n < 2) return rd_policy_fail_at(desk, line, toks[0].col + toks[0].n + 1, "a percentage");
  if (p->warn_percent != 0) return rd_policy_fail_at(desk, line, toks[0].col, "one warn clause");
  int v = percent(&toks[1]);
  if (v < 0) return rd_policy_fail_at(desk, line, toks[1].col, "a percentage from 1% to 99%");
  p->warn_percent = v;
  return end_of_line(desk, line, toks, n, 2);
}

static int word_is(const rd_token *t, const char *w) {
  return t->n == strlen(w) && memcmp(t->s, w, t->n) == 0;
}

int rd_policy_parse_pause(redress_desk *desk, redress_policy *p, size_t line,
                          const rd_token *toks, size_t n) {
  if (n < 2 || !word_is(&toks[1], "awaiting-customer"))
    return rd_policy_fail_at(desk, line, n < 2 ? toks[0].col + toks[0].n + 1 : toks[1].col,
                             "a pause reason (awaiting-customer)");
  if (p->pause_when_awaiting_customer)
    return rd_policy_fail_at(desk, line, toks[1].col, "each pause reason once");
  p->pause_when_awaiting_customer = 1;
  return end_of_line(desk, line, toks, n, 2);
}
