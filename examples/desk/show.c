/* show: one complaint: its fields, its history, its deadlines as they stand, and
 * the classifier's verdict with every reason that counted. Stored text goes out
 * through print_text() (text.c), control characters escaped. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "desk.h"

static void field(const char *label, const char *value) {
  if (value == NULL || *value == '\0') return;
  printf("  %-20s ", label);
  print_text(stdout, value);
  putchar('\n');
}

static void amount_field(const char *label, int64_t minor) {
  char buf[32];
  if (minor == REDRESS_AMOUNT_UNKNOWN) return;
  format_amount(buf, sizeof buf, minor);
  field(label, buf);
}

static void enum_field(const char *label, int enumeration, int value) {
  char buf[40];
  format_enum(buf, sizeof buf, enumeration, value);
  field(label, buf);
}

static void show_outcome(const redress_complaint *c) {
  field("complaint point", redress_complaint_point(c));
  field("demand", redress_complaint_demand(c));
  if (redress_complaint_decision(c) != REDRESS_DECISION_NONE)
    enum_field("decision", REDRESS_ENUM_DECISION, redress_complaint_decision(c));
  field("remedy", redress_complaint_remedy(c));
  amount_field("compensation", redress_complaint_compensation(c));
  if (redress_complaint_legitimacy(c) != REDRESS_LEGITIMACY_UNKNOWN)
    enum_field("assessed as", REDRESS_ENUM_LEGITIMACY, redress_complaint_legitimacy(c));
  if (redress_complaint_satisfaction(c) > 0)
    printf("  %-20s %d of 5\n", "satisfaction", redress_complaint_satisfaction(c));
  if (redress_complaint_on_the_spot(c)) field("resolved", "on the spot (first contact)");
  if (redress_complaint_reopen_count(c) > 0)
    printf("  %-20s %u\n", "reopened", redress_complaint_reopen_count(c));
  if (redress_complaint_escalation_count(c) > 0)
    printf("  %-20s %u\n", "escalated", redress_complaint_escalation_count(c));
}

static void show_fields(const redress_complaint *c) {
  char state[40], received[32];
  format_enum(state, sizeof state, REDRESS_ENUM_STATE, redress_complaint_state(c));
  format_time(received, sizeof received, redress_complaint_received_at(c));
  print_text(stdout, redress_complaint_id(c));
  printf("  %s  (revision %" PRIu64 ")\n", state, redress_complaint_revision(c));
  field("customer", redress_complaint_customer_id(c));
  field("tier", redress_complaint_customer_tier(c));
  amount_field("customer value", redress_complaint_customer_value(c));
  enum_field("channel", REDRESS_ENUM_CHANNEL, redress_complaint_channel(c));
  field("category", redress_complaint_category(c));
  enum_field("severity", REDRESS_ENUM_SEVERITY, redress_complaint_severity(c));
  field("received", received);
  amount_field("order value", redress_complaint_order_value(c));
  amount_field("claimed", redress_complaint_claimed_amount(c));
  field("requested remedy", redress_complaint_requested_remedy(c));
  amount_field("expectation", redress_complaint_expectation(c));
  amount_field("bottom line", redress_complaint_bottom_line(c));
  if (redress_complaint_prior_complaints(c) > 0)
    printf("  %-20s %" PRIu32 " in the previous year\n", "prior complaints",
           redress_complaint_prior_complaints(c));
  show_outcome(c);
  for (size_t i = 0; i < redress_complaint_attr_count(c); i++) {
    const char *key = NULL, *value = NULL;
    redress_complaint_attr_at(c, i, &key, &value);
    fputs("  ", stdout);
    print_column(stdout, key, 20);
    putchar(' ');
    print_text(stdout, value);
    putchar('\n');
  }
  field("text", redress_complaint_text(c));
}

/* ---- history ------------------------------------------------------------------------ */

/* The fields an event carries besides time, actor and note: "decision=upheld ...". */
static void event_fields(const redress_event *ev) {
  static const struct { int field; const char *name; int enumeration; } numbers[] = {
      {REDRESS_FIELD_DECISION, "decision", REDRESS_ENUM_DECISION},
      {REDRESS_FIELD_COMPENSATION, "compensation", -1},
      {REDRESS_FIELD_SATISFACTION, "satisfaction", -2},
      {REDRESS_FIELD_LEGITIMACY, "legitimacy", REDRESS_ENUM_LEGITIMACY},
      {REDRESS_FIELD_SEVERITY, "severity", REDRESS_ENUM_SEVERITY},
      {REDRESS_FIELD_DUE, "due", -3}};
  for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
    int64_t v = 0;
    char buf[48];
    if (redress_event_number(&v, ev, numbers[i].field) != REDRESS_OK) continue;
    if (numbers[i].enumeration >= 0) format_enum(buf, sizeof buf, numbers[i].enumeration, (int)v);
    else if (numbers[i].enumeration == -1) format_amount(buf, sizeof buf, v);
    else if (numbers[i].enumeration == -3) format_time(buf, sizeof buf, v);
    else snprintf(buf, sizeof buf, "%lld", (long long)v);
    printf(" %s=%s", numbers[i].name, buf);
  }
  static const struct { int field; const char *name; } texts[] = {
      {REDRESS_FIELD_POINT, "point"}, {REDRESS_FIELD_DEMAND, "demand"},
      {REDRESS_FIELD_REMEDY, "remedy"}, {REDRESS_FIELD_TO, "to"}};
  for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
    const char *t = redress_event_text(ev, texts[i].field);
    if (t == NULL) continue;
    printf(" %s=\"", texts[i].name);
    print_text(stdout, t);
    putchar('"');
  }
}

static void show_history(const redress_complaint *c) {
  printf("\nHistory\n");
  for (size_t i = 0; i < redress_complaint_event_count(c); i++) {
    const redress_event *ev = redress_complaint_event(c, i);
    char at[32], kind[32];
    format_time(at, sizeof at, redress_event_at(ev));
    format_enum(kind, sizeof kind, REDRESS_ENUM_EVENT_KIND, redress_event_kind(ev));
    printf("  #%-3" PRIu32 " %s  %-19s by ", redress_event_seq(ev), at, kind);
    print_text(stdout, redress_event_actor(ev));
    event_fields(ev);
    const char *note = redress_event_note(ev);
    if (note != NULL) {
      printf("\n        \"");
      print_text(stdout, note);
      putchar('"');
    }
    printf("\n");
  }
}

/* ---- deadlines ---------------------------------------------------------------------- */

static int show_deadlines(app *a, const redress_complaint *c, redress_time now) {
  redress_deadlines *d = NULL;
  int rc = redress_complaint_deadlines(&d, c, now);
  if (rc != REDRESS_OK) return app_fail_rc(a, rc, "deadlines");
  char as_of[32];
  format_time(as_of, sizeof as_of, now);
  printf("\nDeadlines (policy ");
  print_text(stdout, redress_deadlines_policy(d));
  printf(", as of %s)\n", as_of);
  for (size_t i = 0; i < redress_deadlines_count(d); i++) {
    char kind[32], state[32], due[32], met[32];
    format_enum(kind, sizeof kind, REDRESS_ENUM_DEADLINE_KIND, redress_deadlines_kind(d, i));
    format_enum(state, sizeof state, REDRESS_ENUM_DEADLINE_STATE, redress_deadlines_state(d, i));
    format_time(due, sizeof due, redress_deadlines_due(d, i));
    format_time(met, sizeof met, redress_deadlines_met_at(d, i));
    printf("  %-12s %-10s due %s", kind, state, due);
    if (redress_deadlines_met_at(d, i) != REDRESS_TIME_NEVER) printf("  met %s", met);
    else if (redress_deadlines_warn_at(d, i) != REDRESS_TIME_NEVER) {
      format_time(met, sizeof met, redress_deadlines_warn_at(d, i));
      printf("  warning at %s", met);
    }
    printf("\n");
  }
  if (redress_deadlines_count(d) == 0) printf("  none\n");
  redress_deadlines_free(d);
  return EXIT_OK;
}

/* ---- classification ------------------------------------------------------------------ */

/* Names of the bits set in mask: "social, churn". */
static void bit_names(char *out, size_t size, uint32_t mask, int count,
                      const char *(*name)(uint32_t)) {
  size_t used = 0;
  out[0] = '\0';
  for (int b = 0; b < count && used < size; b++) {
    if (!(mask & (1u << b))) continue;
    int n = snprintf(out + used, size - used, "%s%s", used ? ", " : "", name(1u << b));
    if (n > 0) used += (size_t)n;
  }
  if (used == 0) snprintf(out, size, "none");
}

static void show_reason(const redress_verdict *v, size_t i, const char *text) {
  size_t off = 0, len = 0;
  printf("    %-24s %+5.2f  ", redress_verdict_reason_rule(v, i),
         redress_verdict_reason_weight(v, i));
  if (redress_verdict_reason_span(&off, &len, v, i) == REDRESS_OK) {
    putchar('"');
    print_span(stdout, text + off, len);
    printf("\" at byte %zu\n", off);
  } else {
    print_text(stdout, redress_verdict_reason_field(v, i));
    fputs(": ", stdout);
    print_text(stdout, redress_verdict_reason_value(v, i));
    putchar('\n');
  }
}

static int show_verdict(app *a, const redress_complaint *c) {
  redress_verdict *v = NULL;
  int rc = redress_classify(&v, a->desk, c);
  if (rc != REDRESS_OK) return app_fail_rc(a, rc, "classify");
  char buf[256];
  printf("\nClassification\n");
  printf("  %-20s %s (rational %.2f, emotional %.2f)\n", "temperament",
         redress_temperament_name(redress_verdict_temperament(v)), redress_verdict_rational(v),
         redress_verdict_emotional(v));
  format_enum(buf, sizeof buf, REDRESS_ENUM_LEGITIMACY, redress_verdict_legitimacy(v));
  printf("  %-20s %s (confidence %.2f)\n", "legitimacy", buf, redress_verdict_confidence(v));
  bit_names(buf, sizeof buf, redress_verdict_risks(v), REDRESS_RISK_COUNT, redress_risk_name);
  field("risks", buf);
  enum_field("suggested severity", REDRESS_ENUM_SEVERITY, redress_verdict_severity(v));
  amount_field("suggested offer", redress_verdict_offer(v));
  bit_names(buf, sizeof buf, redress_verdict_playbook(v), REDRESS_PLAYBOOK_COUNT,
            redress_playbook_name);
  field("playbook", buf);
  printf("  reasons\n");
  for (size_t i = 0; i < redress_verdict_reason_count(v); i++)
    show_reason(v, i, redress_complaint_text(c));
  redress_verdict_free(v);
  return EXIT_OK;
}

static int show_json(app *a, const redress_complaint *c) {
  char *doc = NULL;
  size_t len = 0;
  int rc = redress_complaint_to_json(&doc, &len, c);
  if (rc != REDRESS_OK) return app_fail_rc(a, rc, "json");
  fwrite(doc, 1, len, stdout);
  printf("\n");
  redress_free(a->desk, doc);
  return EXIT_OK;
}

int cmd_show(app *a, const args *in, const command *self) {
  (void)self;
  if (in->npos != 1) return app_usage(a, "show: give one complaint id (see --help)");
  redress_time now = redress_desk_now(a->desk);
  int rc = arg_time(&now, a, in, "at", now);
  if (rc != EXIT_OK) return rc;
  redress_complaint *c = NULL;
  int lib = redress_desk_load(&c, a->desk, in->pos[0]);
  if (lib != REDRESS_OK) {
    char what[REDRESS_MAX_ID_BYTES + 16];
    snprintf(what, sizeof what, "show %.*s", REDRESS_MAX_ID_BYTES, in->pos[0]);
    return app_fail_rc(a, lib, what);
  }
  if (arg_flag(in, "json")) {
    rc = show_json(a, c);
  } else {
    show_fields(c);
    show_history(c);
    rc = show_deadlines(a, c, now);
    if (rc == EXIT_OK) rc = show_verdict(a, c);
  }
  redress_complaint_free(c);
  return rc;
}
