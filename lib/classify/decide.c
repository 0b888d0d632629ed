/* From the tally to the verdict: temperament, legitimacy with its confidence, risk
 * flags and the suggested severity. Scores are computed from integer sums, so the
 * order in which signals were found never changes a verdict. */
#include "classify/classify.h"

/* A score is S / (S + K): one strong cue (two points) gives 0.5, and more evidence
 * approaches 1 without reaching it. */
#define SCORE_K 2000

static double score(int64_t sum) {
  if (sum <= 0) return 0.0;
  return (double)sum / (double)(sum + SCORE_K);
}

static int temperament(double e, double r, const redress_classifier_options *o) {
  int emotional = e >= o->emotional_threshold && e > 0.0;
  int rational = r >= o->rational_threshold && r > 0.0;
  if (!emotional && !rational) return REDRESS_TEMPERAMENT_UNKNOWN;
  if (emotional && !rational) return REDRESS_TEMPERAMENT_EMOTIONAL;
  if (rational && !emotional) return REDRESS_TEMPERAMENT_RATIONAL;
  /* Both: mixed unless one clearly dominates (the weaker under mixed_ratio of the other). */
  double weaker = e < r ? e : r, stronger = e < r ? r : e;
  if (weaker >= o->mixed_ratio * stronger) return REDRESS_TEMPERAMENT_MIXED;
  return e > r ? REDRESS_TEMPERAMENT_EMOTIONAL : REDRESS_TEMPERAMENT_RATIONAL;
}

static int64_t clamp64(int64_t x, int64_t lo, int64_t hi) { return x < lo ? lo : x > hi ? hi : x; }

/* Order of precedence: the agent's recorded verdict; malice (extortion, threats,
 * serial claims); a staff error; a demand beyond value or policy; else reasonable
 * if there is anything to judge. Behaviour (insults alone) is not merit. */
static void legitimacy(redress_verdict *v) {
  const rd_signal_tally *t = &v->tally;
  int64_t permille = 0;
  int label = REDRESS_LEGITIMACY_UNKNOWN;
  if (t->assessed != REDRESS_LEGITIMACY_UNKNOWN) {
    label = t->assessed;
    permille = 950;
  } else if (t->malicious >= RD_POINT) {
    label = REDRESS_LEGITIMACY_MALICIOUS;
    permille = clamp64(500 + t->malicious / 10, 600, 900);
  } else if (t->misinformed >= RD_POINT) {
    label = REDRESS_LEGITIMACY_MISINFORMED;
    permille = clamp64(500 + t->misinformed / 10, 600, 800);
  } else if (t->unrealistic >= RD_POINT) {
    label = REDRESS_LEGITIMACY_UNREALISTIC;
    permille = clamp64(500 + t->unrealistic / 10, 600, 900);
  } else if (v->n_reasons > 0 || t->fields > 0) {
    label = REDRESS_LEGITIMACY_REASONABLE;
    permille = 500 + 100 * (int64_t)(t->facts < 4 ? t->facts : 4);
  }
  v->legitimacy = label;
  v->confidence = (double)permille / 1000.0;
}

static uint32_t risks(const rd_signal_tally *t) {
  uint32_t flags = 0;
  for (int i = 0; i < REDRESS_RISK_COUNT; i++)
    if (t->risk[i] >= RD_POINT) flags |= 1u << i;
  return flags;
}

static int severity(const redress_verdict *v) {
  const uint32_t critical = REDRESS_RISK_MEDIA | REDRESS_RISK_REGULATOR | REDRESS_RISK_LEGAL;
  const uint32_t high = REDRESS_RISK_SOCIAL | REDRESS_RISK_CHURN | REDRESS_RISK_REPEAT |
                        REDRESS_RISK_ABUSE;
  if ((v->risks & critical) || v->tally.violence) return REDRESS_SEVERITY_CRITICAL;
  if ((v->risks & high) || v->emotional >= 0.75 || v->tally.escalate ||
      v->legitimacy == REDRESS_LEGITIMACY_MISINFORMED)
    return REDRESS_SEVERITY_HIGH;
  if (v->temperament == REDRESS_TEMPERAMENT_UNKNOWN) return REDRESS_SEVERITY_LOW;
  return REDRESS_SEVERITY_NORMAL;
}

void rd_verdict_decide(redress_verdict *v, const redress_classifier_options *o) {
  v->emotional = score(v->tally.emotional);
  v->rational = score(v->tally.rational);
  v->temperament = temperament(v->emotional, v->rational, o);
  v->risks = risks(&v->tally);
  legitimacy(v);
  v->severity = severity(v);
}
