/* The playbook: what the agent should do, following DESIGN section 1. Rational
 * customers get facts, the cause, a remedy and a date; emotional ones are heard,
 * get empathy and an apology when the company erred; public complaints move to a
 * direct channel; threats of regulators and lawyers go to a supervisor; malicious
 * claims are declined politely, and serial or extorting claimants refunded and let go. */
#include "classify/classify.h"

#define P(x) REDRESS_PLAYBOOK_##x

static uint32_t for_temperament(int temperament) {
  switch (temperament) {
  case REDRESS_TEMPERAMENT_EMOTIONAL: return P(EMPATHIZE) | P(OFFER_REMEDY) | P(FOLLOW_UP);
  case REDRESS_TEMPERAMENT_RATIONAL:
    return P(GIVE_FACTS) | P(EXPLAIN_CAUSE) | P(OFFER_REMEDY) | P(GIVE_DEADLINE);
  case REDRESS_TEMPERAMENT_MIXED:
    return P(EMPATHIZE) | P(GIVE_FACTS) | P(EXPLAIN_CAUSE) | P(OFFER_REMEDY) | P(GIVE_DEADLINE) |
           P(FOLLOW_UP);
  default: return P(OFFER_REMEDY) | P(GIVE_DEADLINE);
  }
}

static uint32_t for_legitimacy(const redress_verdict *v) {
  int feelings = v->temperament == REDRESS_TEMPERAMENT_EMOTIONAL ||
                 v->temperament == REDRESS_TEMPERAMENT_MIXED;
  switch (v->legitimacy) {
  case REDRESS_LEGITIMACY_REASONABLE: return feelings ? P(APOLOGIZE) : 0u;
  case REDRESS_LEGITIMACY_MISINFORMED: return P(APOLOGIZE) | P(EXPLAIN_CAUSE) | P(OFFER_REMEDY);
  case REDRESS_LEGITIMACY_UNREALISTIC: return P(EXPLAIN_CAUSE) | P(GIVE_FACTS);
  case REDRESS_LEGITIMACY_MALICIOUS:
    /* with evidence (extortion, threats, serial claims) rather than only the agent's word */
    return P(DECLINE_POLITELY) | (v->tally.malicious >= RD_POINT ? P(REFUND_AND_PART) : 0u);
  default: return 0u;
  }
}

static uint32_t for_risks(uint32_t risks) {
  uint32_t p = 0;
  if (risks & REDRESS_RISK_SOCIAL) p |= P(MOVE_TO_PHONE);
  if (risks & REDRESS_RISK_MEDIA) p |= P(MOVE_TO_PHONE) | P(ESCALATE);
  if (risks & (REDRESS_RISK_REGULATOR | REDRESS_RISK_LEGAL)) p |= P(ESCALATE) | P(GIVE_FACTS);
  if (risks & REDRESS_RISK_CHURN) p |= P(OFFER_REMEDY) | P(FOLLOW_UP);
  if (risks & REDRESS_RISK_REPEAT) p |= P(APOLOGIZE) | P(ESCALATE) | P(FOLLOW_UP);
  if (risks & REDRESS_RISK_ABUSE) p |= P(ESCALATE);
  if (risks & REDRESS_RISK_MANAGER) p |= P(ESCALATE); /* good practice: a superior answers */
  return p;
}

uint32_t rd_playbook(const redress_verdict *v) {
  uint32_t p = for_temperament(v->temperament) | for_legitimacy(v) | for_risks(v->risks);
  if (v->tally.escalate) p |= P(ESCALATE);
  /* A malicious claim is not remedied, apologised for or courted back. */
  if (v->legitimacy == REDRESS_LEGITIMACY_MALICIOUS)
    p &= ~(uint32_t)(P(APOLOGIZE) | P(OFFER_REMEDY) | P(FOLLOW_UP));
  return p;
}
