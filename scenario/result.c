/* The public calls: running a scenario from a file or text, and reading its checks. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sc.h"
#include <redress/sys/store.h>

static char *dup_or_empty(redress_scenario_result *r, const char *s) {
  char *out = strdup(s != NULL ? s : "");
  if (out == NULL) r->failed_alloc = 1;
  return out;
}

void sc_result_add(redress_scenario_result *r, int outcome, unsigned line, unsigned column,
                   const char *step, const char *when, const char *expected,
                   const char *actual, const char *message) {
  if (r->n == r->cap) {
    size_t cap = r->cap ? r->cap * 2 : 16;
    sc_check *checks = realloc(r->checks, cap * sizeof *checks);
    if (checks == NULL) {
      r->failed_alloc = 1;
      return;
    }
    r->checks = checks;
    r->cap = cap;
  }
  sc_check *c = &r->checks[r->n];
  c->outcome = outcome;
  c->line = line;
  c->column = column;
  c->step = dup_or_empty(r, step);
  c->when = dup_or_empty(r, when);
  c->expected = dup_or_empty(r, expected);
  c->actual = dup_or_empty(r, actual);
  c->message = dup_or_empty(r, message);
  r->n++;
}

void redress_scenario_result_free(redress_scenario_result *r) {
  if (r == NULL) return;
  for (size_t i = 0; i < r->n; i++) {
    free(r->checks[i].step);
    free(r->checks[i].when);
    free(r->checks[i].expected);
    free(r->checks[i].actual);
    free(r->checks[i].message);
  }
  free(r->checks);
  free(r->file);
  free(r->title);
  free(r);
}

/* The source line of a parse error, for the check's `step`. */
static char *source_line(sc_arena *a, const char *text, size_t len, unsigned line) {
  const char *s = text, *end = text + len;
  for (unsigned l = 1; l < line && s < end; l++) {
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    s = nl != NULL ? nl + 1 : end;
  }
  const char *nl = memchr(s, '\n', (size_t)(end - s));
  size_t n = (size_t)((nl != NULL ? nl : end) - s);
  if (n > 0 && s[n - 1] == '\r') n--;
  return sc_strndup(a, s, n);
}

static int run(redress_scenario_result *r, const char *name, const char *text, size_t len,
               const redress_scenario_options *o, sc_arena *a) {
  sc_scenario s;
  sc_error err = {0, 0, ""};
  int rc = sc_parse(&s, a, name, text, len, &err);
  if (rc != 0 && o->store != NULL && o->store->destroy != NULL) o->store->destroy(o->store->ud);
  if (rc == -2) return -2;
  if (rc != 0) {
    free(r->title);
    r->title = dup_or_empty(r, s.title);
    char *src = source_line(a, text, len, err.line);
    sc_result_add(r, REDRESS_SCENARIO_ERROR, err.line, err.col, src, "", "", "", err.message);
    return 0;
  }
  free(r->title);
  r->title = dup_or_empty(r, s.title);
  return sc_run_scenario(r, &s, o, a);
}

static int start(redress_scenario_result **out, const char *name,
                 const redress_scenario_options *options, redress_scenario_options *o) {
  static const redress_scenario_options defaults = REDRESS_SCENARIO_OPTIONS_INIT;
  if (options != NULL && options->version != REDRESS_SCENARIO_OPTIONS_VERSION)
    return REDRESS_ERR_VERSION;
  *o = options != NULL ? *options : defaults;
  redress_scenario_result *r = calloc(1, sizeof *r);
  if (r == NULL) return REDRESS_ERR_NOMEM;
  r->file = dup_or_empty(r, name);
  r->title = dup_or_empty(r, name);
  if (r->failed_alloc) {
    redress_scenario_result_free(r);
    return REDRESS_ERR_NOMEM;
  }
  *out = r;
  return REDRESS_OK;
}

static int finish(redress_scenario_result **out, redress_scenario_result *r, int rc,
                  sc_arena *a) {
  sc_arena_free(a);
  if (rc == -2 || r->failed_alloc) {
    redress_scenario_result_free(r);
    return REDRESS_ERR_NOMEM;
  }
  *out = r;
  return REDRESS_OK;
}

static void drop_store(const redress_scenario_options *o) {
  if (o != NULL && o->version == REDRESS_SCENARIO_OPTIONS_VERSION && o->store != NULL &&
      o->store->destroy != NULL)
    o->store->destroy(o->store->ud);
}

int redress_scenario_run_text(redress_scenario_result **out, const char *name,
                              const char *text, size_t len,
                              const redress_scenario_options *options) {
  if (out == NULL || (text == NULL && len > 0)) {
    drop_store(options);
    return REDRESS_ERR_INVALID;
  }
  redress_scenario_options o;
  redress_scenario_result *r = NULL;
  int rc = start(&r, name != NULL ? name : "scenario", options, &o);
  if (rc != REDRESS_OK) {
    drop_store(options);
    return rc;
  }
  sc_arena a = {NULL, 0};
  rc = run(r, r->file, text != NULL ? text : "", len, &o, &a);
  return finish(out, r, rc, &a);
}

int redress_scenario_run_file(redress_scenario_result **out, const char *path,
                              const redress_scenario_options *options) {
  if (out == NULL || path == NULL) {
    drop_store(options);
    return REDRESS_ERR_INVALID;
  }
  redress_scenario_options o;
  redress_scenario_result *r = NULL;
  int rc = start(&r, path, options, &o);
  if (rc != REDRESS_OK) {
    drop_store(options);
    return rc;
  }
  sc_arena a = {NULL, 0};
  size_t len = 0;
  errno = 0;
  char *text = sc_read_file(&a, path, &len);
  if (text == NULL && !a.failed) {
    char msg[600];
    snprintf(msg, sizeof msg, "cannot read the scenario: %s", strerror(errno ? errno : EIO));
    sc_result_add(r, REDRESS_SCENARIO_ERROR, 0, 0, "", "", "", "", msg);
    drop_store(&o);
    return finish(out, r, 0, &a);
  }
  rc = text == NULL ? -2 : run(r, path, text, len, &o, &a);
  return finish(out, r, rc, &a);
}

int redress_scenario_result_outcome(const redress_scenario_result *r) {
  if (r == NULL) return REDRESS_ERR_INVALID;
  int worst = REDRESS_SCENARIO_PASS;
  for (size_t i = 0; i < r->n; i++)
    if (r->checks[i].outcome > worst) worst = r->checks[i].outcome;
  return worst;
}

const char *redress_scenario_title(const redress_scenario_result *r) {
  return r != NULL ? r->title : NULL;
}

const char *redress_scenario_file(const redress_scenario_result *r) {
  return r != NULL ? r->file : NULL;
}

size_t redress_scenario_check_count(const redress_scenario_result *r) {
  return r != NULL ? r->n : 0;
}

int redress_scenario_check_get(redress_scenario_check *out, const redress_scenario_result *r,
                               size_t i) {
  if (out == NULL || r == NULL) return REDRESS_ERR_INVALID;
  if (out->version != REDRESS_SCENARIO_CHECK_VERSION) return REDRESS_ERR_VERSION;
  if (i >= r->n) return REDRESS_ERR_NOTFOUND;
  const sc_check *c = &r->checks[i];
  out->outcome = c->outcome;
  out->line = c->line;
  out->column = c->column;
  out->step = c->step;
  out->when = c->when;
  out->expected = c->expected;
  out->actual = c->actual;
  out->message = c->message;
  return REDRESS_OK;
}
