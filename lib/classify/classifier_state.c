/* The desk's classifier: options, runtime cues and the compiled matcher. It is
 * created on first use so that desks that never classify pay nothing. */
#include "classify/classify.h"

#include <math.h>
#include <string.h>

redress_classifier_options redress_classifier_options_init(void) {
  redress_classifier_options o = REDRESS_CLASSIFIER_OPTIONS_INIT;
  return o;
}

int rd_classifier_new(rd_classifier **out, const redress_allocator *a) {
  rd_classifier *c = rd_alloc(a, sizeof *c);
  if (c == NULL) return REDRESS_ERR_NOMEM;
  memset(c, 0, sizeof *c);
  c->options = redress_classifier_options_init();
  *out = c;
  return REDRESS_OK;
}

void rd_classifier_free(rd_classifier *c, const redress_allocator *a) {
  if (c == NULL) return;
  rd_matcher_free(c->matcher, a);
  rd_host_cues_free(c->host, c->n_host, a);
  rd_free(a, c->host);
  rd_matches_free(&c->scratch, a);
  rd_free(a, c);
}

/* The desk's classifier, created on first use; NULL (with the desk's message set)
 * when out of memory. */
static rd_classifier *classifier_of(redress_desk *desk) {
  rd_classify_ctx *cx = rd_classify_ctx_of(desk);
  if (cx->classifier == NULL && rd_classifier_new(&cx->classifier, rd_desk_alloc(desk)) != REDRESS_OK) {
    rd_fail(desk, REDRESS_ERR_NOMEM, "classifier: out of memory");
    return NULL;
  }
  return cx->classifier;
}

int rd_classifier_ready(rd_classifier **out, redress_desk *desk) {
  rd_classifier *c = classifier_of(desk);
  if (c == NULL) return REDRESS_ERR_NOMEM;
  int rc = REDRESS_OK;
  if (c->matcher == NULL) {
    rc = rd_matcher_build(&c->matcher, rd_desk_alloc(desk), c->host, c->n_host);
    if (rc != REDRESS_OK) return rd_fail(desk, rc, "classifier: cannot build the cue matcher");
  }
  *out = c;
  return REDRESS_OK;
}

/* ---- options -------------------------------------------------------------- */

static int in_unit(double x) { return isfinite(x) && x >= 0.0 && x <= 1.0; }
static int non_negative(double x) { return isfinite(x) && x >= 0.0; }

static int check_amounts(redress_desk *desk, const redress_classifier_options *o) {
  int rc = rd_check_amount(desk, "classifier max_compensation", o->max_compensation);
  if (rc == REDRESS_OK) rc = rd_check_amount(desk, "classifier min_compensation", o->min_compensation);
  if (rc == REDRESS_OK && o->max_compensation != REDRESS_AMOUNT_UNKNOWN &&
      o->min_compensation != REDRESS_AMOUNT_UNKNOWN && o->min_compensation > o->max_compensation)
    rc = rd_fail(desk, REDRESS_ERR_INVALID, "classifier min_compensation is above max_compensation");
  return rc;
}

static int check_options(redress_desk *desk, const redress_classifier_options *o) {
  if (o->version != REDRESS_CLASSIFIER_OPTIONS_VERSION)
    return rd_fail(desk, REDRESS_ERR_VERSION, "classifier options version %u is unknown", o->version);
  if (!in_unit(o->emotional_threshold) || !in_unit(o->rational_threshold) || !in_unit(o->mixed_ratio))
    return rd_fail(desk, REDRESS_ERR_INVALID, "classifier thresholds and mixed_ratio must be in [0, 1]");
  if (!non_negative(o->claim_ratio_max) || !non_negative(o->serial_min_ratio))
    return rd_fail(desk, REDRESS_ERR_INVALID, "classifier ratios must be finite and >= 0");
  if (o->serial_min_count == 0 || o->repeat_min_count == 0)
    return rd_fail(desk, REDRESS_ERR_INVALID, "classifier minimum counts must be at least 1");
  if (o->history_days < 1 || o->history_days > 3650)
    return rd_fail(desk, REDRESS_ERR_INVALID, "classifier history_days must be in 1..3650");
  if (o->use_store_history != 0 && o->use_store_history != 1)
    return rd_fail(desk, REDRESS_ERR_INVALID, "classifier use_store_history must be 0 or 1");
  return check_amounts(desk, o);
}

int redress_desk_set_classifier(redress_desk *desk, const redress_classifier_options *options) {
  if (desk == NULL) return REDRESS_ERR_INVALID;
  redress_classifier_options defaults = REDRESS_CLASSIFIER_OPTIONS_INIT;
  const redress_classifier_options *o = options != NULL ? options : &defaults;
  int rc = check_options(desk, o);
  if (rc != REDRESS_OK) return rc;
  rd_classifier *c = classifier_of(desk);
  if (c == NULL) return REDRESS_ERR_NOMEM;
  c->options = *o;
  rd_ok(desk);
  return REDRESS_OK;
}

int redress_desk_classifier(redress_classifier_options *out, const redress_desk *desk) {
  const rd_classify_ctx *cx = rd_classify_ctx_of_const(desk);
  if (out == NULL || desk == NULL) return REDRESS_ERR_INVALID;
  if (cx->classifier == NULL) *out = redress_classifier_options_init();
  else *out = cx->classifier->options;
  return REDRESS_OK;
}

/* ---- runtime cues ---------------------------------------------------------- */

/* Parses the TSV into a longer cue list and compiles a new matcher from it; only
 * when both succeed do they replace the old ones, so a failure changes nothing. */
int redress_desk_add_cues(redress_desk *desk, const char *tsv, size_t len) {
  if (desk == NULL) return REDRESS_ERR_INVALID;
  if (tsv == NULL && len > 0)
    return rd_fail(desk, REDRESS_ERR_INVALID, "add_cues: tsv is NULL");
  rd_classifier *c = classifier_of(desk);
  if (c == NULL) return REDRESS_ERR_NOMEM;
  size_t n_before = c->n_host;
  int rc = rd_cues_parse_tsv(desk, tsv != NULL ? tsv : "", len, &c->host, &c->n_host, &c->cap_host);
  if (rc != REDRESS_OK) return rc;
  rd_matcher *m = NULL;
  rc = rd_matcher_build(&m, rd_desk_alloc(desk), c->host, c->n_host);
  if (rc != REDRESS_OK) rc = rd_fail(desk, rc, "add_cues: cannot build the cue matcher");
  /* Only once nothing else can fail: dropping an earlier entry cannot be undone. */
  else rc = rd_host_cues_drop_repeated(desk, c->host, &c->n_host);
  if (rc != REDRESS_OK) {
    rd_matcher_free(m, rd_desk_alloc(desk));
    rd_host_cues_free(c->host + n_before, c->n_host - n_before, rd_desk_alloc(desk));
    c->n_host = n_before;
    return rc;
  }
  rd_matcher_free(c->matcher, rd_desk_alloc(desk));
  c->matcher = m;
  rd_ok(desk);
  return REDRESS_OK;
}
