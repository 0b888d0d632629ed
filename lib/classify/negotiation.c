/* The settlement helper: a zone of agreement between what the customer will accept
 * and what the policy allows, and an offer inside it (DESIGN section 1). */
#include "classify/classify.h"

redress_negotiation redress_negotiation_init(void) {
  redress_negotiation n = REDRESS_NEGOTIATION_INIT;
  return n;
}

static int known(int64_t x) { return x != REDRESS_AMOUNT_UNKNOWN; }

static int check(const redress_negotiation *n) {
  const int64_t amounts[] = {n->expectation, n->bottom_line, n->policy_min, n->policy_max};
  for (size_t i = 0; i < sizeof amounts / sizeof amounts[0]; i++)
    if (amounts[i] < 0 && amounts[i] != REDRESS_AMOUNT_UNKNOWN) return REDRESS_ERR_INVALID;
  if (known(n->expectation) && known(n->bottom_line) && n->bottom_line > n->expectation)
    return REDRESS_ERR_INVALID;
  if (known(n->policy_min) && known(n->policy_max) && n->policy_min > n->policy_max)
    return REDRESS_ERR_INVALID;
  if (n->offer_permille < 0 || n->offer_permille > 1000) return REDRESS_ERR_INVALID;
  return REDRESS_OK;
}

/* low + (high - low) * permille / 1000 without overflowing on huge zones. A zone with
 * no upper bound (no expectation, no policy maximum) offers its low end; a known
 * INT64_MAX is a bound like any other. */
static int64_t point_in(int64_t low, int64_t high, int permille, int bounded) {
  if (!bounded) return low;
  int64_t width = high - low;
  return low + width / 1000 * permille + width % 1000 * permille / 1000;
}

int redress_settle(int *outcome, int64_t *offer, int64_t *zone_low, int64_t *zone_high,
                   const redress_negotiation *negotiation) {
  const redress_negotiation *n = negotiation;
  if (outcome == NULL || offer == NULL || n == NULL) return REDRESS_ERR_INVALID;
  if (n->version != REDRESS_NEGOTIATION_VERSION) return REDRESS_ERR_VERSION;
  int rc = check(n);
  if (rc != REDRESS_OK) return rc;
  int64_t policy_low = known(n->policy_min) ? n->policy_min : 0;
  int64_t policy_high = known(n->policy_max) ? n->policy_max : INT64_MAX;
  int64_t low, high;
  int result = REDRESS_SETTLEMENT_OFFER;
  if (known(n->bottom_line) && n->bottom_line > policy_high) {
    /* no zone: the most the agent may offer before a supervisor decides */
    low = high = policy_high;
    result = REDRESS_SETTLEMENT_ESCALATE;
  } else {
    int64_t bottom = known(n->bottom_line) ? n->bottom_line : policy_low;
    int64_t expect = known(n->expectation) ? n->expectation : policy_high;
    low = bottom > policy_low ? bottom : policy_low;
    high = expect < policy_high ? expect : policy_high;
    if (high < low) high = low = policy_low; /* expects less than the policy's minimum */
  }
  *outcome = result;
  int bounded = known(n->expectation) || known(n->policy_max);
  *offer = result == REDRESS_SETTLEMENT_ESCALATE ? high
                                                 : point_in(low, high, n->offer_permille, bounded);
  if (zone_low != NULL) *zone_low = low;
  if (zone_high != NULL) *zone_high = high;
  return REDRESS_OK;
}
