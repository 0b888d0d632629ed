/* Reports of scenario results: text for people, TAP and JUnit XML for CI systems. The
 * desk's `test` command and the Python helper both print these, so they agree. */
#include <stdlib.h>
#include <string.h>

#include "sc.h"

static const char *const outcome_names[] = {"PASS", "FAIL", "ERROR"};

/* file:line:column, or file alone for a check about the whole file. */
static void place(sc_buf *b, const redress_scenario_result *r, const sc_check *c) {
  if (c->line == 0) sc_buf_printf(b, "%s", r->file);
  else sc_buf_printf(b, "%s:%u:%u", r->file, c->line, c->column ? c->column : 1);
}

static void text_check(sc_buf *b, const redress_scenario_result *r, const sc_check *c) {
  place(b, r, c);
  sc_buf_printf(b, ": %s: %s\n", outcome_names[c->outcome], c->message);
  if (*c->step) sc_buf_printf(b, "    step:     %s\n", c->step);
  if (*c->when) sc_buf_printf(b, "    at:       %s\n", c->when);
  if (*c->expected) sc_buf_printf(b, "    expected: %s\n", c->expected);
  if (*c->actual) sc_buf_printf(b, "    actual:   %s\n", c->actual);
}

static void text_report(sc_buf *b, const redress_scenario_result *const *rs, size_t n) {
  size_t counts[3] = {0, 0, 0};
  for (size_t i = 0; i < n; i++) {
    const redress_scenario_result *r = rs[i];
    size_t bad = 0;
    for (size_t k = 0; k < r->n; k++)
      if (r->checks[k].outcome != REDRESS_SCENARIO_PASS) {
        text_check(b, r, &r->checks[k]);
        bad++;
      }
    int o = redress_scenario_result_outcome(r);
    counts[o]++;
    sc_buf_printf(b, "%s %s (%s): ", outcome_names[o], r->file, r->title);
    if (o == REDRESS_SCENARIO_PASS) sc_buf_printf(b, "%zu checks passed\n", r->n);
    else sc_buf_printf(b, "%zu of %zu checks did not pass\n", bad, r->n);
  }
  sc_buf_printf(b, "%zu scenarios: %zu passed, %zu failed, %zu in error\n", n, counts[0],
                counts[1], counts[2]);
}

/* A double-quoted string as JSON writes it (valid YAML too). */
static void quoted(sc_buf *b, const char *s) {
  sc_buf_puts(b, "\"");
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') sc_buf_printf(b, "\\%c", c);
    else if (c == '\n') sc_buf_puts(b, "\\n");
    else if (c < 0x20 || c == 0x7f) sc_buf_printf(b, "\\u%04x", c);
    else sc_buf_add(b, s, 1);
  }
  sc_buf_puts(b, "\"");
}

/* A description on one line: TAP ends it at '#' and at the line's end. */
static void tap_description(sc_buf *b, const char *s) {
  for (; *s; s++) sc_buf_add(b, *s == '#' ? "\\#" : (*s == '\n' || *s == '\r') ? " " : s,
                             *s == '#' ? 2 : 1);
}

static void tap_report(sc_buf *b, const redress_scenario_result *const *rs, size_t n) {
  size_t points = 0, k = 0;
  for (size_t i = 0; i < n; i++) points += rs[i]->n ? rs[i]->n : 1;
  sc_buf_printf(b, "TAP version 13\n1..%zu\n", points);
  for (size_t i = 0; i < n; i++) {
    const redress_scenario_result *r = rs[i];
    if (r->n == 0) sc_buf_printf(b, "ok %zu - %s: no expectations\n", ++k, r->file);
    for (size_t j = 0; j < r->n; j++) {
      const sc_check *c = &r->checks[j];
      sc_buf_printf(b, "%s %zu - ", c->outcome == REDRESS_SCENARIO_PASS ? "ok" : "not ok", ++k);
      place(b, r, c);
      sc_buf_puts(b, " ");
      tap_description(b, *c->step ? c->step : c->message);
      sc_buf_puts(b, "\n");
      if (c->outcome == REDRESS_SCENARIO_PASS) continue;
      sc_buf_printf(b, "  ---\n  outcome: %s\n  message: ", outcome_names[c->outcome]);
      quoted(b, c->message);
      const char *keys[] = {"at", "expected", "actual"};
      const char *vals[] = {c->when, c->expected, c->actual};
      for (size_t v = 0; v < 3; v++) {
        if (!*vals[v]) continue;
        sc_buf_printf(b, "\n  %s: ", keys[v]);
        quoted(b, vals[v]);
      }
      sc_buf_puts(b, "\n  ...\n");
    }
  }
}

static void xml(sc_buf *b, const char *s) {
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '&') sc_buf_puts(b, "&amp;");
    else if (c == '<') sc_buf_puts(b, "&lt;");
    else if (c == '>') sc_buf_puts(b, "&gt;");
    else if (c == '"') sc_buf_puts(b, "&quot;");
    else if (c == '\n') sc_buf_puts(b, "&#10;");
    else if (c < 0x20 && c != '\t') sc_buf_puts(b, "?"); /* XML 1.0 has no way to say them */
    else sc_buf_add(b, s, 1);
  }
}

static void junit_case(sc_buf *b, const redress_scenario_result *r, const sc_check *c) {
  sc_buf_puts(b, "    <testcase classname=\"");
  xml(b, r->file);
  sc_buf_puts(b, "\" name=\"");
  sc_buf t = {NULL, 0, 0, 0};
  place(&t, r, c);
  sc_buf_puts(&t, " ");
  sc_buf_puts(&t, *c->step ? c->step : c->message);
  xml(b, t.text != NULL ? t.text : "");
  b->failed |= t.failed;
  free(t.text);
  if (c->outcome == REDRESS_SCENARIO_PASS) {
    sc_buf_puts(b, "\"/>\n");
    return;
  }
  const char *tag = c->outcome == REDRESS_SCENARIO_FAIL ? "failure" : "error";
  sc_buf_printf(b, "\">\n      <%s type=\"%s\" message=\"", tag, outcome_names[c->outcome]);
  xml(b, c->message);
  sc_buf_puts(b, "\">");
  if (*c->when) { sc_buf_puts(b, "at: "); xml(b, c->when); sc_buf_puts(b, "\n"); }
  if (*c->expected) { sc_buf_puts(b, "expected: "); xml(b, c->expected); sc_buf_puts(b, "\n"); }
  if (*c->actual) { sc_buf_puts(b, "actual: "); xml(b, c->actual); sc_buf_puts(b, "\n"); }
  sc_buf_printf(b, "</%s>\n    </testcase>\n", tag);
}

static void junit_report(sc_buf *b, const redress_scenario_result *const *rs, size_t n) {
  size_t tests = 0, counts[3] = {0, 0, 0};
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < rs[i]->n; j++) {
      tests++;
      counts[rs[i]->checks[j].outcome]++;
    }
  sc_buf_printf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<testsuites name=\"redress scenarios\" tests=\"%zu\" failures=\"%zu\" "
                   "errors=\"%zu\">\n", tests, counts[1], counts[2]);
  for (size_t i = 0; i < n; i++) {
    const redress_scenario_result *r = rs[i];
    size_t c[3] = {0, 0, 0};
    for (size_t j = 0; j < r->n; j++) c[r->checks[j].outcome]++;
    sc_buf_puts(b, "  <testsuite name=\"");
    xml(b, r->title);
    sc_buf_puts(b, "\" file=\"");
    xml(b, r->file);
    sc_buf_printf(b, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\">\n", r->n, c[1], c[2]);
    for (size_t j = 0; j < r->n; j++) junit_case(b, r, &r->checks[j]);
    sc_buf_puts(b, "  </testsuite>\n");
  }
  sc_buf_puts(b, "</testsuites>\n");
}

int redress_scenario_report(char **out, size_t *out_len,
                            const redress_scenario_result *const *results, size_t count,
                            int format) {
  if (out == NULL || (results == NULL && count > 0)) return REDRESS_ERR_INVALID;
  if (format < REDRESS_SCENARIO_FORMAT_TEXT || format > REDRESS_SCENARIO_FORMAT_JUNIT)
    return REDRESS_ERR_INVALID;
  for (size_t i = 0; i < count; i++)
    if (results[i] == NULL) return REDRESS_ERR_INVALID;
  sc_buf b = {NULL, 0, 0, 0};
  if (format == REDRESS_SCENARIO_FORMAT_TEXT) text_report(&b, results, count);
  else if (format == REDRESS_SCENARIO_FORMAT_TAP) tap_report(&b, results, count);
  else junit_report(&b, results, count);
  if (b.failed || b.text == NULL) {
    free(b.text);
    return REDRESS_ERR_NOMEM;
  }
  *out = b.text;
  if (out_len != NULL) *out_len = b.len;
  return REDRESS_OK;
}

void redress_scenario_text_free(char *text) { free(text); }
