/* Structured signals: the channel, the agent's recorded assessment, the claim
 * against the order value and the policy, the settlement zone, and the customer's
 * history (serial claims are a ratio with a minimum count, never a count alone). */
#include "classify/classify.h"

#define PERMILLE_CAP 1000000000LL

static int channel_signal(redress_verdict *v, const redress_complaint *c) {
  uint32_t risk = c->channel == REDRESS_CHANNEL_SOCIAL      ? REDRESS_RISK_SOCIAL
                  : c->channel == REDRESS_CHANNEL_MEDIA     ? REDRESS_RISK_MEDIA
                  : c->channel == REDRESS_CHANNEL_REGULATOR ? REDRESS_RISK_REGULATOR
                                                            : 0u;
  if (risk == 0) return REDRESS_OK;
  v->tally.risk[rd_risk_index(risk)] += RD_POINT;
  return rd_verdict_add_field(v, "field.channel", "channel", RD_POINT, "%s",
                              rd_enum_name(REDRESS_ENUM_CHANNEL, c->channel));
}

/* The agent's verdict outranks every guess; MISINFORMED is a recorded staff error. */
static int assessment_signal(redress_verdict *v, const redress_complaint *c) {
  if (c->legitimacy == REDRESS_LEGITIMACY_UNKNOWN) return REDRESS_OK;
  v->tally.assessed = c->legitimacy;
  const char *rule = c->legitimacy == REDRESS_LEGITIMACY_MISINFORMED ? "field.staff_error"
                                                                     : "field.assessed";
  return rd_verdict_add_field(v, rule, "legitimacy", RD_POINT, "%s",
                              rd_enum_name(REDRESS_ENUM_LEGITIMACY, c->legitimacy));
}

static void count_known(rd_signal_tally *t, const redress_complaint *c) {
  const int64_t amounts[] = {c->claimed_amount, c->order_value, c->expectation, c->bottom_line};
  for (size_t i = 0; i < sizeof amounts / sizeof amounts[0]; i++)
    if (amounts[i] != REDRESS_AMOUNT_UNKNOWN) t->fields++;
}

/* Claimed / order value as a deterministic per-mille (IEEE division is exact enough
 * and the same on every platform). */
static int64_t ratio_permille(int64_t num, int64_t den) {
  double r = (double)num / (double)den * 1000.0;
  return r >= (double)PERMILLE_CAP ? PERMILLE_CAP : (int64_t)r;
}

static int claim_vs_order(redress_verdict *v, const redress_complaint *c, double max_ratio) {
  if (c->claimed_amount == REDRESS_AMOUNT_UNKNOWN || c->order_value == REDRESS_AMOUNT_UNKNOWN ||
      c->order_value == 0)
    return REDRESS_OK;
  int64_t permille = ratio_permille(c->claimed_amount, c->order_value);
  v->tally.claim_ratio_permille = permille;
  if ((double)c->claimed_amount <= max_ratio * (double)c->order_value) return REDRESS_OK;
  v->tally.unrealistic += RD_POINT;
  v->tally.field_unrealistic += RD_POINT;
  char ratio[32];
  rd_format_milli(ratio, sizeof ratio, permille);
  return rd_verdict_add_field(v, "field.claim_ratio", "claimed_amount", RD_POINT,
                              "%lld = %s x order_value %lld", (long long)c->claimed_amount, ratio,
                              (long long)c->order_value);
}

static int claim_vs_policy(redress_verdict *v, const redress_complaint *c, int64_t max) {
  if (max == REDRESS_AMOUNT_UNKNOWN || c->claimed_amount == REDRESS_AMOUNT_UNKNOWN ||
      c->claimed_amount <= max)
    return REDRESS_OK;
  v->tally.unrealistic += RD_POINT;
  v->tally.field_unrealistic += RD_POINT;
  return rd_verdict_add_field(v, "field.claim_over_policy", "claimed_amount", RD_POINT,
                              "%lld > policy max_compensation %lld",
                              (long long)c->claimed_amount, (long long)max);
}

static int settlement_signal(redress_verdict *v, const redress_complaint *c, int64_t min,
                             int64_t max) {
  if (c->expectation == REDRESS_AMOUNT_UNKNOWN && c->bottom_line == REDRESS_AMOUNT_UNKNOWN)
    return REDRESS_OK;
  redress_negotiation n = REDRESS_NEGOTIATION_INIT;
  n.expectation = c->expectation;
  n.bottom_line = c->bottom_line;
  n.policy_min = min;
  n.policy_max = max;
  int outcome;
  int64_t offer;
  if (redress_settle(&outcome, &offer, NULL, NULL, &n) != REDRESS_OK) return REDRESS_OK;
  v->offer = offer;
  if (outcome != REDRESS_SETTLEMENT_ESCALATE) return REDRESS_OK;
  v->tally.escalate = 1;
  return rd_verdict_add_field(v, "settle.escalate", "bottom_line", RD_POINT,
                              "%lld > policy max_compensation %lld", (long long)c->bottom_line,
                              (long long)max);
}

static int64_t max64(int64_t a, int64_t b) { return a > b ? a : b; }

static int serial_signal(redress_verdict *v, const redress_complaint *c,
                         const redress_classifier_options *o, uint32_t complaints, int64_t paid) {
  if (complaints < o->serial_min_count || c->customer_value == REDRESS_AMOUNT_UNKNOWN ||
      c->customer_value == 0 || paid <= 0)
    return REDRESS_OK;
  if ((double)paid < o->serial_min_ratio * (double)c->customer_value) return REDRESS_OK;
  v->tally.serial = 1;
  v->tally.malicious += RD_POINT;
  v->tally.field_malicious += RD_POINT;
  char ratio[32];
  rd_format_milli(ratio, sizeof ratio, ratio_permille(paid, c->customer_value));
  return rd_verdict_add_field(v, "field.serial_claims", "prior_compensation", RD_POINT,
                              "%u complaints, %lld paid = %s x customer_value %lld in %u days",
                              complaints, (long long)paid, ratio, (long long)c->customer_value,
                              o->history_days);
}

static int repeat_signal(redress_verdict *v, const redress_complaint *c,
                         const redress_classifier_options *o, uint32_t same_category) {
  int rc = REDRESS_OK;
  if (c->reopen_count > 0) {
    v->tally.risk[rd_risk_index(REDRESS_RISK_REPEAT)] += RD_POINT;
    rc = rd_verdict_add_field(v, "field.reopened", "reopen_count", RD_POINT, "%u", c->reopen_count);
  }
  if (rc != REDRESS_OK || same_category < o->repeat_min_count) return rc;
  v->tally.risk[rd_risk_index(REDRESS_RISK_REPEAT)] += RD_POINT;
  return rd_verdict_add_field(v, "history.same_category", "history", RD_POINT,
                              "%u earlier complaints on '%.64s' in %u days", same_category,
                              c->category, o->history_days);
}

static int history_signals(redress_verdict *v, redress_desk *desk, const redress_complaint *c,
                           const redress_classifier_options *o) {
  rd_history h = {0, 0, 0};
  if (o->use_store_history) {
    int rc = rd_history_collect(&h, desk, c, o->history_days);
    if (rc != REDRESS_OK) return rc;
  }
  uint32_t complaints = h.complaints > c->prior_complaints ? h.complaints : c->prior_complaints;
  int64_t paid = max64(h.compensation, c->prior_compensation);
  int rc = serial_signal(v, c, o, complaints, paid);
  if (rc == REDRESS_OK) rc = repeat_signal(v, c, o, h.same_category);
  return rc;
}

int rd_field_signals(redress_verdict *v, redress_desk *desk, const rd_classifier *cls,
                     const redress_complaint *c) {
  const redress_classifier_options *o = &cls->options;
  const redress_policy *p = &rd_policy_select(c, c->severity)->p;
  int64_t max = p->max_compensation != REDRESS_AMOUNT_UNKNOWN ? p->max_compensation
                                                              : o->max_compensation;
  int64_t min = p->min_compensation != REDRESS_AMOUNT_UNKNOWN ? p->min_compensation
                                                              : o->min_compensation;
  count_known(&v->tally, c);
  int rc = channel_signal(v, c);
  if (rc == REDRESS_OK) rc = assessment_signal(v, c);
  if (rc == REDRESS_OK) rc = claim_vs_order(v, c, o->claim_ratio_max);
  if (rc == REDRESS_OK) rc = claim_vs_policy(v, c, max);
  if (rc == REDRESS_OK) rc = settlement_signal(v, c, min, max);
  if (rc == REDRESS_OK) rc = history_signals(v, desk, c, o);
  return rc;
}
