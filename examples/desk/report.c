/*
 * report: what the desk's complaint handling is worth, through the redress_metrics_*
 * API: outcomes, on-time rates, durations, satisfaction, and the retention model's
 * expected retained and lost customers. As a table, as JSON, and as an SVG chart.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "redress/experimental.h"

double metric(redress_metrics *m, int group, int which) {
  double v = NAN;
  if (redress_metrics_value(&v, m, group, which) != REDRESS_OK) return NAN;
  return v;
}

int metric_exact(char *buf, redress_metrics *m, int group, int which) {
  return redress_metrics_exact(buf, REDRESS_METRICS_EXACT_SIZE, m, group, which) == REDRESS_OK;
}

/* Money the desk summed (compensation paid) to the minor unit, however large: a double
 * would round it past 2^53 minor units, an int64_t overflow past 2^63. */
static void format_money_sum(char *buf, size_t size, redress_metrics *m, int group, int which) {
  char digits[REDRESS_METRICS_EXACT_SIZE];
  if (metric_exact(digits, m, group, which)) format_money_digits(buf, size, digits, 0);
  else format_money(buf, size, metric(m, group, which));
}

/* ---- the table ------------------------------------------------------------------- */

static void percent(char *buf, size_t size, double rate) {
  if (isnan(rate)) snprintf(buf, size, "-");
  else snprintf(buf, size, "%.1f%%", rate * 100.0);
}

static void print_states(FILE *out, redress_metrics *m) {
  fprintf(out, "Where they stand\n ");
  for (int s = 0; s < REDRESS_STATE_COUNT; s++) {
    char name[32];
    format_enum(name, sizeof name, REDRESS_ENUM_STATE, s);
    fprintf(out, " %s %.0f%s", name, metric(m, -1, REDRESS_METRIC_STATE_RECEIVED + s),
            s == 3 ? "\n " : s + 1 < REDRESS_STATE_COUNT ? " ·" : "\n");
  }
  fprintf(out, "  decisions: upheld %.0f · partly upheld %.0f · declined %.0f · none %.0f\n\n",
          metric(m, -1, REDRESS_METRIC_DECISION_UPHELD),
          metric(m, -1, REDRESS_METRIC_DECISION_PARTLY_UPHELD),
          metric(m, -1, REDRESS_METRIC_DECISION_DECLINED),
          metric(m, -1, REDRESS_METRIC_DECISION_NONE));
}

static void print_handling(FILE *out, redress_metrics *m) {
  char fcr[16], reopen[16], satisfied[16], paid[MONEY_TEXT_SIZE];
  percent(fcr, sizeof fcr, metric(m, -1, REDRESS_METRIC_FIRST_CONTACT_RESOLUTION_RATE));
  percent(reopen, sizeof reopen, metric(m, -1, REDRESS_METRIC_REOPEN_RATE));
  percent(satisfied, sizeof satisfied, metric(m, -1, REDRESS_METRIC_SATISFIED_SHARE));
  format_money_sum(paid, sizeof paid, m, -1, REDRESS_METRIC_COMPENSATION_PAID);
  fprintf(out, "Handling\n");
  fprintf(out, "  %-34s %10s  (%.0f on the spot)\n", "first-contact resolution", fcr,
          metric(m, -1, REDRESS_METRIC_ON_THE_SPOT));
  fprintf(out, "  %-34s %10.0f\n", "resolved and standing", metric(m, -1, REDRESS_METRIC_RESOLVED));
  fprintf(out, "  %-34s %10s  (%.0f reopens)\n", "reopen rate", reopen,
          metric(m, -1, REDRESS_METRIC_REOPENS));
  fprintf(out, "  %-34s %10.2f  (%s gave 4 or 5, of %.0f answers)\n", "satisfaction (1-5)",
          metric(m, -1, REDRESS_METRIC_SATISFACTION_MEAN), satisfied,
          metric(m, -1, REDRESS_METRIC_SATISFACTION_ANSWERS));
  fprintf(out, "  %-34s %10s  (%.0f complaints)\n\n", "compensation paid", paid,
          metric(m, -1, REDRESS_METRIC_COMPENSATED));
}

static void print_deadlines(FILE *out, redress_metrics *m) {
  static const char *const kinds[] = {"acknowledge", "update", "resolve", "promise", "follow-up"};
  fprintf(out, "Deadlines          decided   on time  missed\n");
  for (int k = 0; k < 5; k++) {
    int base = REDRESS_METRIC_ACKNOWLEDGE_DEADLINES + 3 * k; /* deadlines, rate, breaches */
    char rate[16];
    percent(rate, sizeof rate, metric(m, -1, base + 1));
    fprintf(out, "  %-14s %9.0f %9s %7.0f\n", kinds[k], metric(m, -1, base), rate,
            metric(m, -1, base + 2));
  }
  fprintf(out, "\n");
}

static void print_durations(FILE *out, redress_metrics *m) {
  static const struct { const char *label; int first; } rows[] = {
      {"to acknowledge", REDRESS_METRIC_TIME_TO_ACKNOWLEDGE_MEAN},
      {"  in office time", REDRESS_METRIC_TIME_TO_ACKNOWLEDGE_BUSINESS_MEAN},
      {"to resolve", REDRESS_METRIC_TIME_TO_RESOLVE_MEAN},
      {"  in office time", REDRESS_METRIC_TIME_TO_RESOLVE_BUSINESS_MEAN}};
  fprintf(out, "Durations                   mean     median        p90\n");
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    char mean[24], median[24], p90[24];
    format_duration(mean, sizeof mean, metric(m, -1, rows[i].first));
    format_duration(median, sizeof median, metric(m, -1, rows[i].first + 1));
    format_duration(p90, sizeof p90, metric(m, -1, rows[i].first + 2));
    fprintf(out, "  %-18s %10s %10s %10s\n", rows[i].label, mean, median, p90);
  }
  fprintf(out, "\n");
}

static void print_retention(FILE *out, redress_metrics *m) {
  char rate[16], at_risk[MONEY_TEXT_SIZE];
  percent(rate, sizeof rate, metric(m, -1, REDRESS_METRIC_RETENTION_RATE));
  format_money(at_risk, sizeof at_risk, metric(m, -1, REDRESS_METRIC_REVENUE_AT_RISK));
  fprintf(out, "Retention (the default model: 4%% of the dissatisfied complain; kept: 95%% on "
               "the spot,\n           70%% resolved later, 9%% unresolved)\n");
  fprintf(out, "  %-34s %10.1f  (%s)\n", "expected retained complainants",
          metric(m, -1, REDRESS_METRIC_EXPECTED_RETAINED), rate);
  fprintf(out, "  %-34s %10.1f\n", "expected lost complainants",
          metric(m, -1, REDRESS_METRIC_EXPECTED_LOST));
  fprintf(out, "  %-34s %10s\n", "revenue at risk", at_risk);
  char silent[24], leaving[24], told[24];
  format_count(silent, sizeof silent, metric(m, -1, REDRESS_METRIC_SILENT_DISSATISFIED));
  format_count(leaving, sizeof leaving, metric(m, -1, REDRESS_METRIC_SILENT_LOST));
  format_count(told, sizeof told, metric(m, -1, REDRESS_METRIC_WORD_OF_MOUTH_REACH));
  fprintf(out, "  %-34s %10s\n", "silent dissatisfied customers", silent);
  fprintf(out, "  %-34s %10s\n", "  of whom expected to leave", leaving);
  fprintf(out, "  %-34s %10s\n", "people told by the dissatisfied", told);
  fprintf(out, "  %-34s %10.1f\n", "customers saved by the handling",
          metric(m, -1, REDRESS_METRIC_CUSTOMERS_SAVED));
}

static void print_groups(FILE *out, redress_metrics *m, const char *by) {
  fprintf(out, "\nBy %-12s %10s %7s %12s %12s %10s %13s\n", by, "complaints", "FCR",
          "acknowledged", "resolved", "retention", "revenue");
  fprintf(out, "%-15s %10s %7s %12s %12s %10s %13s\n", "", "", "", "on time", "on time", "",
          "at risk");
  for (int g = 0; g < (int)redress_metrics_group_count(m); g++) {
    double n = metric(m, g, REDRESS_METRIC_COMPLAINTS);
    if (n == 0) continue;
    char fcr[16], ack[16], res[16], kept[16], risk[MONEY_TEXT_SIZE];
    percent(fcr, sizeof fcr, metric(m, g, REDRESS_METRIC_FIRST_CONTACT_RESOLUTION_RATE));
    percent(ack, sizeof ack, metric(m, g, REDRESS_METRIC_ACKNOWLEDGE_ON_TIME_RATE));
    percent(res, sizeof res, metric(m, g, REDRESS_METRIC_RESOLVE_ON_TIME_RATE));
    percent(kept, sizeof kept, metric(m, g, REDRESS_METRIC_RETENTION_RATE));
    format_money(risk, sizeof risk, metric(m, g, REDRESS_METRIC_REVENUE_AT_RISK));
    const char *key = redress_metrics_group_key(m, g);
    fputs("  ", out);
    print_column(out, *key ? key : "(none)", 13);
    fprintf(out, " %10.0f %7s %12s %12s %10s %13s\n", n, fcr, ack, res, kept, risk);
  }
}

static void print_table(FILE *out, redress_metrics *m, redress_time as_of, const char *by) {
  char when[32];
  format_time(when, sizeof when, as_of);
  fprintf(out, "Retention report as of %s: %.0f complaints\n\n", when,
          metric(m, -1, REDRESS_METRIC_COMPLAINTS));
  print_states(out, m);
  print_handling(out, m);
  print_deadlines(out, m);
  print_durations(out, m);
  print_retention(out, m);
  if (by != NULL) print_groups(out, m, by);
}

/* ---- JSON ------------------------------------------------------------------------ */

/* Whole numbers as integers, the rest with full precision, NaN as null. */
static void json_number(FILE *out, double v) {
  if (isnan(v) || isinf(v)) fprintf(out, "null");
  else if (v == floor(v) && fabs(v) < 1e15) fprintf(out, "%.0f", v);
  else fprintf(out, "%.17g", v);
}

/* Counts and money summed exactly (JSON numbers have no limit of their own; a reader
 * that keeps them exact, as Python's, gets every minor unit), the rest as doubles. */
void json_metric(FILE *out, redress_metrics *m, int group, int which) {
  char digits[REDRESS_METRICS_EXACT_SIZE];
  if (metric_exact(digits, m, group, which)) fputs(digits, out);
  else json_number(out, metric(m, group, which));
}

static void json_values(FILE *out, redress_metrics *m, int group) {
  fputc('{', out);
  for (int i = 0; i < REDRESS_METRIC_COUNT; i++) {
    fprintf(out, "%s\"%s\":", i ? "," : "", redress_enum_name(REDRESS_ENUM_METRIC, i));
    json_metric(out, m, group, i);
  }
  fputc('}', out);
}

static void print_json(FILE *out, redress_metrics *m, redress_time as_of, const char *by) {
  char when[32];
  format_time_utc(when, sizeof when, as_of);
  fprintf(out, "{\"as_of\":\"%s\",\"total\":", when);
  json_values(out, m, REDRESS_METRICS_TOTAL);
  if (by != NULL) {
    fprintf(out, ",\"by\":\"%s\",\"groups\":[", by);
    for (int g = 0; g < (int)redress_metrics_group_count(m); g++) {
      fprintf(out, "%s{\"key\":", g ? "," : "");
      print_json_string(out, redress_metrics_group_key(m, g));
      fprintf(out, ",\"values\":");
      json_values(out, m, g);
      fputc('}', out);
    }
    fputc(']', out);
  }
  fprintf(out, "}\n");
}

/* ---- the command ------------------------------------------------------------------ */

static const char *const groupings[REDRESS_GROUP_BY_COUNT] = {
    NULL, "channel", "category", "temperament", "legitimacy", "severity", "owner", "team",
    "week", "month"};

int report_run(app *a, const report_options *o, FILE *out) {
  redress_metrics *m = NULL;
  int lib = redress_metrics_new(&m, a->desk, NULL, o->group_by, o->as_of);
  if (lib == REDRESS_OK)
    lib = redress_metrics_add_store(m, REDRESS_METRICS_FROM_ALL, REDRESS_METRICS_TO_ALL);
  int rc = lib == REDRESS_OK ? EXIT_OK : app_fail_rc(a, lib, "report");
  if (rc == EXIT_OK && o->json) print_json(out, m, o->as_of, groupings[o->group_by]);
  else if (rc == EXIT_OK) print_table(out, m, o->as_of, groupings[o->group_by]);
  if (rc == EXIT_OK && o->svg_path != NULL) rc = svg_write(a, m, o->as_of, o->svg_path);
  if (rc == EXIT_OK && o->html_path != NULL) rc = dashboard_write(a, o->as_of, o->html_path);
  redress_metrics_free(m);
  return rc;
}

static int read_grouping(int *out, app *a, const char *by) {
  for (int g = 1; g < REDRESS_GROUP_BY_COUNT; g++)
    if (strcmp(by, groupings[g]) == 0) {
      *out = g;
      return EXIT_OK;
    }
  return app_usage(a, "--by: '%s' is not one of channel, category, temperament, legitimacy, "
                      "severity, owner, team, week, month", by);
}

int cmd_report(app *a, const args *in, const command *self) {
  (void)self;
  if (in->npos > 0) return app_usage(a, "report: unexpected argument '%s'", in->pos[0]);
  report_options o = {redress_desk_now(a->desk), REDRESS_GROUP_BY_NONE, arg_flag(in, "json"),
                      arg_get(in, "svg"), arg_get(in, "html")};
  int rc = arg_time(&o.as_of, a, in, "at", o.as_of);
  if (rc == EXIT_OK && arg_get(in, "by") != NULL)
    rc = read_grouping(&o.group_by, a, arg_get(in, "by"));
  if (rc == EXIT_OK) rc = report_run(a, &o, stdout);
  if (rc == EXIT_OK && o.svg_path != NULL) {
    fputs("chart written to ", stderr);
    print_text(stderr, o.svg_path);
    fputc('\n', stderr);
  }
  if (rc == EXIT_OK && o.html_path != NULL) {
    fputs("dashboard written to ", stderr);
    print_text(stderr, o.html_path);
    fputc('\n', stderr);
  }
  return rc;
}
