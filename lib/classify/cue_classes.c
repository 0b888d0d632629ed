/* The cue classes: what each kind of cue feeds, and the names hosts use in TSV. */
#include "classify/classify.h"

#include <string.h>

#define NEG RD_CLASS_NEGATABLE

/* Emotional classes are negatable ("not angry"); risk classes too ("I won't sue").
 * Rational classes are not: "no invoice" still talks facts. */
const rd_cue_class_info rd_cue_classes[RD_CUE_CLASS_COUNT] = {
  [RD_CUE_ANGER] = {"anger", "cue.anger", "host.anger", "negated.anger",
                    RD_FEEDS_EMOTIONAL, 0, NEG},
  [RD_CUE_DISTRESS] = {"distress", "cue.distress", "host.distress", "negated.distress",
                       RD_FEEDS_EMOTIONAL, 0, NEG},
  [RD_CUE_INSULT] = {"insult", "cue.insult", "host.insult", "negated.insult",
                     RD_FEEDS_EMOTIONAL, REDRESS_RISK_ABUSE, 0},
  [RD_CUE_VIOLENCE] = {"violence", "cue.violence", "host.violence", "negated.violence",
                       RD_FEEDS_EMOTIONAL, REDRESS_RISK_ABUSE, NEG | RD_CLASS_MALICIOUS},
  [RD_CUE_EXTORTION] = {"extortion", "cue.extortion", "host.extortion", "negated.extortion",
                        RD_FEEDS_RISK, REDRESS_RISK_ABUSE, RD_CLASS_MALICIOUS},
  [RD_CUE_INTENSIFIER] = {"intensifier", "cue.intensifier", "host.intensifier",
                          "negated.intensifier", RD_FEEDS_MODIFIER, 0, 0},
  [RD_CUE_NEGATOR] = {"negator", "cue.negator", "host.negator", "negated.negator",
                      RD_FEEDS_MODIFIER, 0, 0},
  [RD_CUE_NEGATOR_POST] = {"negator_post", "cue.negator_post", "host.negator_post",
                           "negated.negator_post", RD_FEEDS_MODIFIER, 0, 0},
  [RD_CUE_POLITE] = {"polite", "cue.polite", "host.polite", "negated.polite",
                     RD_FEEDS_RATIONAL, 0, 0},
  [RD_CUE_FACT] = {"fact", "cue.fact", "host.fact", "negated.fact", RD_FEEDS_RATIONAL, 0, 0},
  [RD_CUE_REQUEST] = {"request", "cue.request", "host.request", "negated.request",
                      RD_FEEDS_RATIONAL, 0, 0},
  [RD_CUE_TIME] = {"time", "cue.time", "host.time", "negated.time", RD_FEEDS_RATIONAL, 0, 0},
  [RD_CUE_CURRENCY] = {"currency", "cue.currency", "host.currency", "negated.currency",
                       RD_FEEDS_RATIONAL, 0, RD_CLASS_NEEDS_NUMBER},
  [RD_CUE_DATE_UNIT] = {"date_unit", "cue.date_unit", "host.date_unit", "negated.date_unit",
                        RD_FEEDS_RATIONAL, 0, RD_CLASS_NEEDS_NUMBER},
  /* Threatening to go public is an emotional escalation: half counts as emotion. */
  [RD_CUE_MEDIA] = {"media", "cue.media", "host.media", "negated.media", RD_FEEDS_RISK,
                    REDRESS_RISK_MEDIA, NEG | RD_CLASS_FRUSTRATION},
  [RD_CUE_SOCIAL] = {"social", "cue.social", "host.social", "negated.social", RD_FEEDS_RISK,
                     REDRESS_RISK_SOCIAL, NEG | RD_CLASS_FRUSTRATION},
  [RD_CUE_REGULATOR] = {"regulator", "cue.regulator", "host.regulator", "negated.regulator",
                        RD_FEEDS_RISK, REDRESS_RISK_REGULATOR, NEG},
  [RD_CUE_LEGAL] = {"legal", "cue.legal", "host.legal", "negated.legal", RD_FEEDS_RISK,
                    REDRESS_RISK_LEGAL, NEG},
  [RD_CUE_CHURN] = {"churn", "cue.churn", "host.churn", "negated.churn", RD_FEEDS_RISK,
                    REDRESS_RISK_CHURN, NEG},
  /* Having to complain again is frustrating: half a repeat's weight is emotional. */
  [RD_CUE_REPEAT] = {"repeat", "cue.repeat", "host.repeat", "negated.repeat", RD_FEEDS_RISK,
                     REDRESS_RISK_REPEAT, RD_CLASS_FRUSTRATION},
  [RD_CUE_STAFF_ERROR] = {"staff_error", "cue.staff_error", "host.staff_error",
                          "negated.staff_error", RD_FEEDS_RISK, 0, RD_CLASS_MISINFORMED},
  [RD_CUE_TOPIC] = {"topic", "cue.topic", "host.topic", "negated.topic", RD_FEEDS_NONE, 0, 0},
  [RD_CUE_MANAGER] = {"manager", "cue.manager", "host.manager", "negated.manager",
                      RD_FEEDS_RISK, REDRESS_RISK_MANAGER, NEG},
  [RD_CUE_EXCESSIVE] = {"excessive", "cue.excessive", "host.excessive", "negated.excessive",
                        RD_FEEDS_RISK, 0, NEG | RD_CLASS_UNREALISTIC},
  [RD_CUE_DEMAND] = {"demand", "cue.demand", "host.demand", "negated.demand", RD_FEEDS_NONE, 0,
                     0},
  /* Reported or ruled-out intent cancels the risks of its clause, like a negator. */
  [RD_CUE_DISOWN] = {"disown", "cue.disown", "host.disown", "disown", RD_FEEDS_MODIFIER, 0, 0},
};

int rd_cue_class_by_name(const char *name, size_t len) {
  for (int i = 0; i < RD_CUE_CLASS_COUNT; i++) {
    const char *n = rd_cue_classes[i].name;
    if (strlen(n) == len && memcmp(n, name, len) == 0) return i;
  }
  return -1;
}
