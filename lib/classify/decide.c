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

/* MIXED needs both sides strong: the weaker at least mixed_min likely (the model's
 * table sets it from cross-validation; 0.5 for the cue scores of a short text),
 * besides the ratio. */
static int temperament(double e, double r, double mixed_min, const redress_classifier_options *o) {
  int emotional = e >= o->emotional_threshold && e > 0.0;
  int rational = r >= o->rational_threshold && r > 0.0;
  if (!emotional && !rational) return REDRESS_TEMPERAMENT_UNKNOWN;
  if (emotional && !rational) return REDRESS_TEMPERAMENT_EMOTIONAL;
  if (rational && !emotional) return REDRESS_TEMPERAMENT_RATIONAL;
  /* Both: mixed only when both are strong and neither clearly dominates (the weaker at
   * least mixed_ratio of the stronger). */
  double weaker = e < r ? e : r, stronger = e < r ? r : e;
  if (weaker >= mixed_min && weaker >= o->mixed_ratio * stronger) return REDRESS_TEMPERAMENT_MIXED;
  return e >= r ? REDRESS_TEMPERAMENT_EMOTIONAL : REDRESS_TEMPERAMENT_RATIONAL;
}

/* The model's verdict on one head. */
static int model_says(const redress_verdict *v, int head) {
  return v->model.ran && v->model.p[head] >= rd_model_weights.threshold[head];
}

/* The legitimacy the text shows, by the strongest model head over its threshold. */
static int text_legitimacy(const redress_verdict *v, double *p) {
  static const struct { int head, label; } heads[] = {
    {RD_HEAD_MALICIOUS, REDRESS_LEGITIMACY_MALICIOUS},
    {RD_HEAD_MISINFORMED, REDRESS_LEGITIMACY_MISINFORMED},
    {RD_HEAD_UNREALISTIC, REDRESS_LEGITIMACY_UNREALISTIC}};
  int label = REDRESS_LEGITIMACY_UNKNOWN;
  *p = 0.0;
  for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
    if (model_says(v, heads[i].head) && v->model.p[heads[i].head] > *p) {
      label = heads[i].label;
      *p = v->model.p[heads[i].head];
    }
  return label;
}

static int64_t clamp64(int64_t x, int64_t lo, int64_t hi) { return x < lo ? lo : x > hi ? hi : x; }

/* Order of precedence: the agent's recorded verdict; what the fields prove (serial
 * claims, a claim beyond the order value or the policy); what the text says, as the
 * model reads it (on a short text the model does not read, its cues); else reasonable
 * if there is anything to judge. Behaviour (insults
 * alone) is not merit. */
static void legitimacy(redress_verdict *v) {
  const rd_signal_tally *t = &v->tally;
  int64_t permille = 0;
  int label = REDRESS_LEGITIMACY_UNKNOWN;
  double p = 0.0;
  int from_text = text_legitimacy(v, &p);
  if (t->assessed != REDRESS_LEGITIMACY_UNKNOWN) {
    label = t->assessed;
    permille = 950;
  } else if (t->field_malicious >= RD_POINT) {
    label = REDRESS_LEGITIMACY_MALICIOUS;
    permille = clamp64(500 + t->malicious / 10, 600, 900);
  } else if (from_text != REDRESS_LEGITIMACY_UNKNOWN) {
    label = from_text;
    permille = clamp64((int64_t)(p * 1000.0), 500, 950);
  } else if (t->field_unrealistic >= RD_POINT) {
    label = REDRESS_LEGITIMACY_UNREALISTIC;
    permille = clamp64(500 + t->unrealistic / 10, 600, 900);
  } else if (!v->model.ran && t->malicious >= RD_POINT) {
    label = REDRESS_LEGITIMACY_MALICIOUS;
    permille = clamp64(500 + t->malicious / 10, 600, 900);
  } else if (!v->model.ran && t->misinformed >= RD_POINT) {
    label = REDRESS_LEGITIMACY_MISINFORMED;
    permille = clamp64(500 + t->misinformed / 10, 600, 800);
  } else if (!v->model.ran && t->unrealistic >= RD_POINT) {
    label = REDRESS_LEGITIMACY_UNREALISTIC;
    permille = clamp64(500 + t->unrealistic / 10, 600, 900);
  } else if (v->n_reasons > 0 || t->fields > 0) {
    label = REDRESS_LEGITIMACY_REASONABLE;
    permille = 500 + 100 * (int64_t)(t->facts < 4 ? t->facts : 4);
  }
  v->legitimacy = label;
  v->confidence = (double)permille / 1000.0;
}

/* A risk is flagged when a cue for it counted (not negated, not disowned) and, on a
 * text the model reads, the model agrees enough (the words that name a risk are often
 * used for something else: "the manager was lovely", 理财经理, "I won't post
 * anything"); or when the model is sure on its own (an indirect threat no cue names).
 * Both probabilities are the table's, per head, chosen in cross-validation so that a
 * false flag costs twice a miss. Structured signals (channel, history) need no text. */
static int risk_head(int i) {
  static const int heads[REDRESS_RISK_COUNT] = {RD_HEAD_MEDIA, RD_HEAD_SOCIAL, RD_HEAD_REGULATOR,
                                                RD_HEAD_LEGAL, RD_HEAD_CHURN, RD_HEAD_ABUSE,
                                                -1, RD_HEAD_MANAGER};
  return heads[i];
}

static int cue_stands(const redress_verdict *v, int head) {
  return head < 0 || !v->model.ran || v->model.p[head] >= rd_model_weights.agree[head];
}

static uint32_t risks(const redress_verdict *v) {
  const rd_signal_tally *t = &v->tally;
  uint32_t flags = 0;
  for (int i = 0; i < REDRESS_RISK_COUNT; i++) {
    int h = risk_head(i);
    int structured = t->risk[i] - t->text_risk[i] >= RD_POINT;
    int cue = t->text_risk[i] >= RD_POINT && cue_stands(v, h);
    int alone = h >= 0 && model_says(v, h);
    if (structured || cue || alone) flags |= 1u << i;
  }
  return flags;
}

static int severity(const redress_verdict *v) {
  const uint32_t critical = REDRESS_RISK_MEDIA | REDRESS_RISK_REGULATOR | REDRESS_RISK_LEGAL;
  const uint32_t high = REDRESS_RISK_SOCIAL | REDRESS_RISK_CHURN | REDRESS_RISK_REPEAT |
                        REDRESS_RISK_ABUSE | REDRESS_RISK_MANAGER;
  if ((v->risks & critical) || v->tally.violence) return REDRESS_SEVERITY_CRITICAL;
  if ((v->risks & high) || v->emotional >= 0.75 || v->tally.escalate ||
      v->legitimacy == REDRESS_LEGITIMACY_MISINFORMED)
    return REDRESS_SEVERITY_HIGH;
  if (v->temperament == REDRESS_TEMPERAMENT_UNKNOWN) return REDRESS_SEVERITY_LOW;
  return REDRESS_SEVERITY_NORMAL;
}

/* The model's register; a short text is formal only when a courtesy cue says so. */
static int formality(const redress_verdict *v) {
  if (v->model.ran)
    return model_says(v, RD_HEAD_FORMAL) ? REDRESS_FORMALITY_FORMAL : REDRESS_FORMALITY_INFORMAL;
  return v->tally.polite >= RD_POINT ? REDRESS_FORMALITY_FORMAL : REDRESS_FORMALITY_UNKNOWN;
}

void rd_verdict_decide(redress_verdict *v, const redress_classifier_options *o) {
  /* With text to read the scores are the model's probabilities; without, the cue
   * sums as before (there are none then, and the verdict says UNKNOWN). */
  v->emotional = v->model.ran ? v->model.p[RD_HEAD_EMOTIONAL] : score(v->tally.emotional);
  v->rational = v->model.ran ? v->model.p[RD_HEAD_RATIONAL] : score(v->tally.rational);
  v->temperament = temperament(v->emotional, v->rational,
                               v->model.ran ? rd_model_weights.mixed_min : 0.5, o);
  v->risks = risks(v);
  v->formality = formality(v);
  legitimacy(v);
  v->severity = severity(v);
}
