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

/* A number field of a valid complaint: cannot fail for the complaint fields read here. */
static int64_t number(const redress_complaint *c, int field) {
  int64_t v = 0;
  redress_complaint_number(&v, c, field);
  return v;
}

/* The same for the fields every event carries (seq, kind, at). */
static int64_t event_number(const redress_event *ev, int field) {
  int64_t v = 0;
  redress_event_number(&v, ev, field);
  return v;
}

static void count_field(const char *label, int64_t count, const char *suffix) {
  if (count > 0) printf("  %-20s %" PRId64 "%s\n", label, count, suffix);
}

static void show_outcome(const redress_complaint *c) {
  field("complaint point", redress_complaint_string(c, REDRESS_FIELD_POINT));
  field("demand", redress_complaint_string(c, REDRESS_FIELD_DEMAND));
  int decision = (int)number(c, REDRESS_FIELD_DECISION);
  if (decision != REDRESS_DECISION_NONE) enum_field("decision", REDRESS_ENUM_DECISION, decision);
  field("remedy", redress_complaint_string(c, REDRESS_FIELD_REMEDY));
  amount_field("compensation", number(c, REDRESS_FIELD_COMPENSATION));
  int legitimacy = (int)number(c, REDRESS_FIELD_LEGITIMACY);
  if (legitimacy != REDRESS_LEGITIMACY_UNKNOWN)
    enum_field("assessed as", REDRESS_ENUM_LEGITIMACY, legitimacy);
  count_field("satisfaction", number(c, REDRESS_FIELD_SATISFACTION), " of 5");
  if (number(c, REDRESS_FIELD_ON_THE_SPOT)) field("resolved", "on the spot (first contact)");
  count_field("reopened", number(c, REDRESS_FIELD_REOPEN_COUNT), "");
  count_field("escalated", number(c, REDRESS_FIELD_ESCALATION_COUNT), "");
}

static void show_fields(const redress_complaint *c) {
  char state[40], received[32];
  format_enum(state, sizeof state, REDRESS_ENUM_STATE, redress_complaint_state(c));
  format_time(received, sizeof received, number(c, REDRESS_FIELD_RECEIVED_AT));
  print_text(stdout, redress_complaint_id(c));
  printf("  %s  (revision %" PRId64 ")\n", state, number(c, REDRESS_FIELD_REVISION));
  field("customer", redress_complaint_string(c, REDRESS_FIELD_CUSTOMER_ID));
  field("tier", redress_complaint_string(c, REDRESS_FIELD_CUSTOMER_TIER));
  amount_field("customer value", number(c, REDRESS_FIELD_CUSTOMER_VALUE));
  enum_field("channel", REDRESS_ENUM_CHANNEL, (int)number(c, REDRESS_FIELD_CHANNEL));
  if (number(c, REDRESS_FIELD_CURRENT_CHANNEL) != number(c, REDRESS_FIELD_CHANNEL))
    enum_field("moved to", REDRESS_ENUM_CHANNEL, (int)number(c, REDRESS_FIELD_CURRENT_CHANNEL));
  field("owner", redress_complaint_string(c, REDRESS_FIELD_OWNER));
  field("team", redress_complaint_string(c, REDRESS_FIELD_TEAM));
  field("category", redress_complaint_string(c, REDRESS_FIELD_CATEGORY));
  field("product", redress_complaint_string(c, REDRESS_FIELD_PRODUCT));
  field("cause", redress_complaint_string(c, REDRESS_FIELD_CAUSE));
  enum_field("severity", REDRESS_ENUM_SEVERITY, (int)number(c, REDRESS_FIELD_SEVERITY));
  field("received", received);
  amount_field("order value", number(c, REDRESS_FIELD_ORDER_VALUE));
  amount_field("claimed", number(c, REDRESS_FIELD_CLAIMED_AMOUNT));
  field("requested remedy", redress_complaint_string(c, REDRESS_FIELD_REQUESTED_REMEDY));
  amount_field("expectation", number(c, REDRESS_FIELD_EXPECTATION));
  amount_field("bottom line", number(c, REDRESS_FIELD_BOTTOM_LINE));
  count_field("prior complaints", number(c, REDRESS_FIELD_PRIOR_COMPLAINTS), " in the previous year");
  show_outcome(c);
  for (size_t i = 0; i < redress_complaint_attr_count(c); i++) {
    const char *key = NULL, *value = NULL;
    redress_complaint_attr_at(&key, &value, c, i);
    fputs("  ", stdout);
    print_column(stdout, key, 20);
    putchar(' ');
    print_text(stdout, value);
    putchar('\n');
  }
  field("text", redress_complaint_string(c, REDRESS_FIELD_TEXT));
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
      {REDRESS_FIELD_DUE, "due", -3},
      {REDRESS_FIELD_CHANNEL, "channel", REDRESS_ENUM_CHANNEL}};
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
      {REDRESS_FIELD_REMEDY, "remedy"}, {REDRESS_FIELD_TO, "to"},
      {REDRESS_FIELD_OWNER, "owner"}, {REDRESS_FIELD_TEAM, "team"}};
  for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
    const char *t = redress_event_string(ev, texts[i].field);
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
    format_time(at, sizeof at, event_number(ev, REDRESS_FIELD_AT));
    format_enum(kind, sizeof kind, REDRESS_ENUM_EVENT_KIND,
                (int)event_number(ev, REDRESS_FIELD_KIND));
    printf("  #%-3" PRId64 " %s  %-19s by ", event_number(ev, REDRESS_FIELD_SEQ), at, kind);
    print_text(stdout, redress_event_string(ev, REDRESS_FIELD_ACTOR));
    event_fields(ev);
    const char *note = redress_event_string(ev, REDRESS_FIELD_NOTE);
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
  printf(" version %u, as of %s)\n", redress_deadlines_policy_version(d), as_of);
  for (size_t i = 0; i < redress_deadlines_count(d); i++) {
    redress_deadline dl = REDRESS_DEADLINE_INIT;
    redress_deadlines_get(&dl, d, i); /* cannot fail: i is below the count */
    char kind[32], state[32], due[32], met[32];
    format_enum(kind, sizeof kind, REDRESS_ENUM_DEADLINE_KIND, dl.kind);
    format_enum(state, sizeof state, REDRESS_ENUM_DEADLINE_STATE, dl.state);
    format_time(due, sizeof due, dl.due);
    format_time(met, sizeof met, dl.met_at);
    printf("  %-12s %-10s due %s", kind, state, due);
    if (dl.met_at != REDRESS_TIME_NEVER) printf("  met %s", met);
    else if (dl.warn_at != REDRESS_TIME_NEVER) {
      format_time(met, sizeof met, dl.warn_at);
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
static void bit_names(char *out, size_t size, uint32_t mask, int count, int enumeration) {
  size_t used = 0;
  out[0] = '\0';
  for (int b = 0; b < count && used < size; b++) {
    if (!(mask & (1u << b))) continue;
    int n = snprintf(out + used, size - used, "%s%s", used ? ", " : "",
                     redress_enum_name(enumeration, (int)(1u << b)));
    if (n > 0) used += (size_t)n;
  }
  if (used == 0) snprintf(out, size, "none");
}

static void show_reason(const redress_verdict *v, size_t i, const char *text) {
  redress_reason r = REDRESS_REASON_INIT;
  redress_verdict_reason(&r, v, i); /* cannot fail: i is below the reason count */
  printf("    %-24s %+5.2f  ", r.rule, r.weight);
  if (r.has_span) {
    putchar('"');
    print_span(stdout, text + r.offset, r.length);
    printf("\" at byte %zu\n", r.offset);
  } else {
    print_text(stdout, r.field);
    fputs(": ", stdout);
    print_text(stdout, r.value);
    putchar('\n');
  }
}

static int show_verdict(app *a, const redress_complaint *c) {
  redress_verdict *v = NULL;
  int rc = redress_classify(&v, a->desk, c);
  if (rc != REDRESS_OK) return app_fail_rc(a, rc, "classify");
  redress_verdict_summary sum = REDRESS_VERDICT_SUMMARY_INIT;
  redress_verdict_get(&sum, v); /* cannot fail: a verdict and a known version */
  char buf[256];
  printf("\nClassification\n");
  printf("  %-20s %s (rational %.2f, emotional %.2f)\n", "temperament",
         redress_enum_name(REDRESS_ENUM_TEMPERAMENT, sum.temperament), sum.rational, sum.emotional);
  format_enum(buf, sizeof buf, REDRESS_ENUM_LEGITIMACY, sum.legitimacy);
  printf("  %-20s %s (confidence %.2f)\n", "legitimacy", buf, sum.confidence);
  bit_names(buf, sizeof buf, sum.risks, REDRESS_RISK_COUNT, REDRESS_ENUM_RISK);
  field("risks", buf);
  enum_field("suggested severity", REDRESS_ENUM_SEVERITY, sum.severity);
  amount_field("suggested offer", sum.offer);
  bit_names(buf, sizeof buf, sum.playbook, REDRESS_PLAYBOOK_COUNT, REDRESS_ENUM_PLAYBOOK);
  field("playbook", buf);
  printf("  reasons\n");
  for (size_t i = 0; i < sum.reason_count; i++)
    show_reason(v, i, redress_complaint_string(c, REDRESS_FIELD_TEXT));
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
  redress_free(doc);
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
