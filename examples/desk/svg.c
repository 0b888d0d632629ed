/*
 * The report as a self-contained SVG chart (no scripts, fonts or links): the
 * retention funnel of the complainants, the silent dissatisfied behind them, and the
 * on-time rate of each kind of deadline. Every bar is a <rect class="bar"> carrying
 * data-metric (the redress_metric_name) and data-value, so tools and tests can read
 * the figures back, and a <title> that browsers show on hover.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "desk.h"

#define WIDTH 960
#define HEIGHT 560
#define LABEL_W 200 /* the labels left of the horizontal bars */
#define BAR_AREA 300

static void escaped(FILE *out, const char *s) {
  for (; *s != '\0'; s++) {
    switch (*s) {
    case '&': fputs("&amp;", out); break;
    case '<': fputs("&lt;", out); break;
    case '>': fputs("&gt;", out); break;
    case '"': fputs("&quot;", out); break;
    default: fputc(*s, out);
    }
  }
}

static void text(FILE *out, double x, double y, const char *anchor, int size, const char *style,
                 const char *s) {
  fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\"%s>", x, y,
          anchor, size, style);
  escaped(out, s);
  fputs("</text>\n", out);
}

static void bar(FILE *out, double x, double y, double w, double h, const char *fill, int which,
                double value, const char *label) {
  fprintf(out,
          "<rect class=\"bar\" data-metric=\"%s\" data-value=\"%.6g\" x=\"%.1f\" y=\"%.1f\" "
          "width=\"%.1f\" height=\"%.1f\" fill=\"%s\" rx=\"2\"><title>",
          redress_enum_name(REDRESS_ENUM_METRIC, which), value, x, y, w, h, fill);
  escaped(out, label);
  fprintf(out, ": %.6g</title></rect>\n", value);
}

/* ---- horizontal bars: the funnel and the silent majority ---------------------- */

typedef struct hbar {
  const char *label;
  int which;
  const char *fill;
} hbar;

static void hbars(FILE *out, redress_metrics *m, double x, double y, const char *title,
                  const hbar *rows, size_t n, double scale_max) {
  text(out, x, y, "start", 15, " font-weight=\"bold\"", title);
  if (!(scale_max > 0)) scale_max = 1;
  for (size_t i = 0; i < n; i++) {
    double v = metric(m, REDRESS_METRICS_TOTAL, rows[i].which);
    double row_y = y + 16 + 30.0 * (double)i;
    double w = isnan(v) || v < 0 ? 0 : BAR_AREA * v / scale_max;
    char value[32];
    snprintf(value, sizeof value, v == floor(v) ? "%.0f" : "%.1f", isnan(v) ? 0 : v);
    text(out, x + LABEL_W - 8, row_y + 15, "end", 12, "", rows[i].label);
    bar(out, x + LABEL_W, row_y, w, 20, rows[i].fill, rows[i].which, v, rows[i].label);
    text(out, x + LABEL_W + w + 6, row_y + 15, "start", 12, "", value);
  }
}

static const hbar funnel[] = {
    {"Complainants", REDRESS_METRIC_COMPLAINTS, "#475569"},
    {"Resolved on the spot", REDRESS_METRIC_OUTCOME_ON_THE_SPOT, "#15803d"},
    {"Resolved later", REDRESS_METRIC_OUTCOME_RESOLVED, "#65a30d"},
    {"Unresolved or declined", REDRESS_METRIC_OUTCOME_UNRESOLVED, "#dc2626"},
    {"Expected to stay", REDRESS_METRIC_EXPECTED_RETAINED, "#2563eb"},
    {"Expected to leave", REDRESS_METRIC_EXPECTED_LOST, "#b91c1c"},
    {"Saved by the handling", REDRESS_METRIC_CUSTOMERS_SAVED, "#0891b2"},
};

static const hbar silent[] = {
    {"Complainants", REDRESS_METRIC_COMPLAINTS, "#475569"},
    {"Silent dissatisfied", REDRESS_METRIC_SILENT_DISSATISFIED, "#a16207"},
    {"Silent, expected to leave", REDRESS_METRIC_SILENT_LOST, "#b91c1c"},
};

static void silent_panel(FILE *out, redress_metrics *m, double x, double y) {
  double top = metric(m, -1, REDRESS_METRIC_SILENT_DISSATISFIED);
  double complaints = metric(m, -1, REDRESS_METRIC_COMPLAINTS);
  hbars(out, m, x, y, "Behind every complaint: the silent dissatisfied", silent, 3,
        fmax(top, complaints));
  char line[160], risk[32], told[32];
  format_money(risk, sizeof risk, metric(m, -1, REDRESS_METRIC_REVENUE_AT_RISK));
  format_count(told, sizeof told, metric(m, -1, REDRESS_METRIC_WORD_OF_MOUTH_REACH));
  snprintf(line, sizeof line, "The dissatisfied tell about %s people; revenue at risk "
                              "among complainants: %s", told, risk);
  text(out, x, y + 16 + 30 * 3 + 14, "start", 12, " fill=\"#334155\"", line);
}

/* ---- vertical bars: on-time rates ------------------------------------------------- */

static void rate_axis(FILE *out, double x, double y, double w, double h) {
  for (int p = 0; p <= 100; p += 25) {
    double gy = y + h - h * p / 100.0;
    char label[8];
    snprintf(label, sizeof label, "%d%%", p);
    fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#cbd5e1\" "
                 "stroke-width=\"1\"/>\n", x, gy, x + w, gy);
    text(out, x - 6, gy + 4, "end", 11, " fill=\"#64748b\"", label);
  }
}

static void rate_panel(FILE *out, redress_metrics *m, double x, double y) {
  static const char *const kinds[] = {"acknowledge", "update", "resolve", "promise", "follow-up"};
  const double h = 250, w = 320, slot = w / 5;
  text(out, x - 30, y, "start", 15, " font-weight=\"bold\"", "Deadlines met on time");
  rate_axis(out, x, y + 30, w, h);
  for (int k = 0; k < 5; k++) {
    int rate_metric = REDRESS_METRIC_ACKNOWLEDGE_ON_TIME_RATE + 3 * k;
    double rate = metric(m, -1, rate_metric);
    double decided = metric(m, -1, rate_metric - 1);
    double bx = x + slot * k + slot * 0.2, bw = slot * 0.6, bottom = y + 30 + h;
    char label[32], count[32];
    snprintf(label, sizeof label, isnan(rate) ? "n/a" : "%.0f%%", rate * 100);
    snprintf(count, sizeof count, "of %.0f", decided);
    const char *fill = rate >= 0.9 ? "#15803d" : rate >= 0.7 ? "#ca8a04" : "#dc2626";
    if (!isnan(rate))
      bar(out, bx, bottom - h * rate, bw, h * rate, fill, rate_metric, rate, kinds[k]);
    text(out, bx + bw / 2, bottom - (isnan(rate) ? 0 : h * rate) - 6, "middle", 12, "", label);
    text(out, bx + bw / 2, bottom + 16, "middle", 11, "", kinds[k]);
    text(out, bx + bw / 2, bottom + 30, "middle", 11, " fill=\"#64748b\"", count);
  }
  text(out, x, y + 30 + h + 56, "start", 11, " fill=\"#64748b\"",
       "green: 90% or more on time, amber: 70% or more, red: less");
}

/* ---- the document ------------------------------------------------------------------ */

static void document(FILE *out, redress_metrics *m, redress_time as_of) {
  char when[32], subtitle[160];
  format_time(when, sizeof when, as_of);
  snprintf(subtitle, sizeof subtitle, "as of %s · %.0f complaints · default retention model",
           when, metric(m, -1, REDRESS_METRIC_COMPLAINTS));
  fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
               "viewBox=\"0 0 %d %d\" font-family=\"Helvetica, Arial, sans-serif\" "
               "fill=\"#0f172a\">\n", WIDTH, HEIGHT, WIDTH, HEIGHT);
  fprintf(out, "<title>Complaint handling: retention report</title>\n"
               "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", WIDTH, HEIGHT);
  text(out, 30, 38, "start", 22, " font-weight=\"bold\"", "Complaint handling: retention report");
  text(out, 30, 62, "start", 13, " fill=\"#475569\"", subtitle);
  hbars(out, m, 30, 110, "What happened to the complainants", funnel,
        sizeof funnel / sizeof funnel[0], metric(m, -1, REDRESS_METRIC_COMPLAINTS));
  silent_panel(out, m, 30, 380);
  rate_panel(out, m, 610, 110);
  text(out, 30, HEIGHT - 20, "start", 11, " fill=\"#64748b\"",
       "Model: 4% of dissatisfied customers complain, 91% of the silent leave; kept: 95% on "
       "the spot, 70% resolved later, 9% unresolved. Written by redress-desk.");
  fputs("</svg>\n", out);
}

int svg_write(app *a, redress_metrics *m, redress_time as_of, const char *path) {
  FILE *out = fopen(path, "w");
  if (out == NULL) return app_fail(a, "cannot write %s: %s", path, strerror(errno));
  document(out, m, as_of);
  int failed = ferror(out);
  if (fclose(out) != 0 || failed) return app_fail(a, "cannot write %s", path);
  return EXIT_OK;
}
