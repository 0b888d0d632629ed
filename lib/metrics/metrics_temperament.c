/* The one place where metrics meet the classifier (REDRESS_GROUP_BY_TEMPERAMENT):
 * classify, keep the temperament, free the verdict. */
#include "classify/classify.h"
#include "metrics/metrics.h"

int rd_metrics_temperament(int *out, redress_desk *desk, const redress_complaint *c) {
  redress_verdict *verdict = NULL;
  int rc = redress_classify(&verdict, desk, c);
  if (rc != REDRESS_OK) return rc;
  redress_verdict_summary summary = REDRESS_VERDICT_SUMMARY_INIT;
  redress_verdict_get(&summary, verdict);
  *out = summary.temperament;
  redress_verdict_free(verdict);
  return REDRESS_OK;
}

const char *rd_metrics_temperament_key(int temperament) {
  return rd_temperament_name(temperament);
}
