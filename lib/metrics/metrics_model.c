/* The retention model: defaults, validation, and the probability of each class. */
#include "metrics/metrics.h"

#include <float.h>

redress_retention_model redress_retention_model_init(void) {
  redress_retention_model model = REDRESS_RETENTION_MODEL_INIT;
  return model;
}

/* Written so that NaN fails too: every comparison with NaN is false. */
static int is_probability(double x) { return x >= 0.0 && x <= 1.0; }

static int check_probability(redress_desk *desk, const char *what, double x) {
  if (is_probability(x)) return REDRESS_OK;
  return rd_fail(desk, REDRESS_ERR_INVALID, "retention model: %s (%g) must be in [0, 1]", what,
                 x);
}

int rd_metrics_model_check(redress_desk *desk, const redress_retention_model *model) {
  if (model->version != REDRESS_RETENTION_MODEL_VERSION)
    return rd_fail(desk, REDRESS_ERR_VERSION, "retention model version %u is not %u",
                   model->version, REDRESS_RETENTION_MODEL_VERSION);
  /* (1 - v) / v silent customers per complaint: a voice rate of 0 would be infinite */
  if (!(model->voice_rate > 0.0 && model->voice_rate <= 1.0))
    return rd_fail(desk, REDRESS_ERR_INVALID,
                   "retention model: voice_rate (%g) must be in (0, 1]", model->voice_rate);
  int rc = check_probability(desk, "silent_churn", model->silent_churn);
  if (rc == REDRESS_OK)
    rc = check_probability(desk, "retention_on_the_spot", model->retention_on_the_spot);
  if (rc == REDRESS_OK)
    rc = check_probability(desk, "retention_resolved", model->retention_resolved);
  if (rc == REDRESS_OK)
    rc = check_probability(desk, "retention_unresolved", model->retention_unresolved);
  if (rc == REDRESS_OK && !(model->word_of_mouth >= 0.0 && model->word_of_mouth <= DBL_MAX))
    rc = rd_fail(desk, REDRESS_ERR_INVALID,
                 "retention model: word_of_mouth (%g) must be a finite number >= 0",
                 model->word_of_mouth);
  return rc;
}

double rd_metrics_retention(const redress_retention_model *model, int outcome) {
  switch (outcome) {
  case RD_OUTCOME_ON_THE_SPOT: return model->retention_on_the_spot;
  case RD_OUTCOME_RESOLVED: return model->retention_resolved;
  default: return model->retention_unresolved;
  }
}
