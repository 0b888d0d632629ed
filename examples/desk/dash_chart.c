/*
 * The dashboard's charts, as inline SVG styled by the page's stylesheet (classes, no
 * colours here): a meter (a bar over its track, stretched to its cell) and the two
 * weekly charts. Each chart has a <title> and a role, each mark a <title> that says
 * its figure in words; colour never carries a meaning alone (the series differ by
 * marker and dash too, and every bar has its figure written next to it).
 */
#include <math.h>
#include <string.h>

#include "dashboard.h"

void dash_meter(FILE *out, const char *title, const dash_segment *segments, size_t n,
                double max, double reference) {
  fputs("<svg class=\"meter\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" "
        "role=\"img\" aria-label=\"", out);
  html_text(out, title);
  fputs("\"><title>", out);
  html_text(out, title);
  fputs("</title><rect class=\"track\" width=\"100\" height=\"10\"/>", out);
  double x = 0;
  for (size_t i = 0; i < n; i++) {
    double v = segments[i].value, w = max > 0 && v > 0 ? 100.0 * v / max : 0;
    if (w > 100 - x) w = 100 - x;
    if (w > 0)
      fprintf(out, "<rect class=\"%s\" x=\"%.2f\" width=\"%.2f\" height=\"10\"/>",
              segments[i].cls, x, w);
    x += w;
  }
  if (!isnan(reference) && max > 0)
    fprintf(out, "<line class=\"ref\" x1=\"%.2f\" x2=\"%.2f\" y1=\"-2\" y2=\"12\" "
                 "vector-effect=\"non-scaling-stroke\"/>", 100.0 * reference / max,
            100.0 * reference / max);
  fputs("</svg>", out);
}

/* ---- the weekly charts ------------------------------------------------------------------ */

#define CW 420.0  /* the charts' coordinate space */
#define CH 220.0
#define LEFT 52.0
#define RIGHT 22.0
#define TOP 24.0
#define BOTTOM 40.0
#define PLOT_W (CW - LEFT - RIGHT)
#define PLOT_H (CH - TOP - BOTTOM)

static void chart_open(FILE *out, const char *id, const char *title, const char *desc) {
  fprintf(out, "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
               "aria-labelledby=\"%s-t %s-d\"><title id=\"%s-t\">", CW, CH, id, id, id);
  html_text(out, title);
  fprintf(out, "</title><desc id=\"%s-d\">", id);
  html_text(out, desc);
  fputs("</desc>\n", out);
}

static void label(FILE *out, double x, double y, const char *cls, const char *anchor,
                  const char *s) {
  fprintf(out, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">", cls, x, y,
          anchor);
  html_text(out, s);
  fputs("</text>", out);
}

/* The x centre of week i of n. */
static double slot_x(size_t i, size_t n) { return LEFT + PLOT_W * ((double)i + 0.5) / (double)n; }

/* At most eight weeks are labelled, counted back from the latest. */
static int labelled(size_t i, size_t n) { return (n - 1 - i) % ((n + 7) / 8) == 0; }

/* Under the labelled weeks: "W10" and the date of its Monday. */
static void week_axis(FILE *out, const dash_data *d) {
  fprintf(out, "<line class=\"axis\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", LEFT,
          CW - RIGHT, TOP + PLOT_H, TOP + PLOT_H);
  for (size_t i = 0; i < d->n_weeks; i++) {
    char day[32];
    dash_day(day, sizeof day, d->weeks[i].start);
    double x = slot_x(i, d->n_weeks);
    const char *dash = strchr(d->weeks[i].key, '-');
    if (!labelled(i, d->n_weeks)) continue;
    label(out, x, TOP + PLOT_H + 16, "tick strong", "middle", dash ? dash + 1 : d->weeks[i].key);
    label(out, x, TOP + PLOT_H + 30, "tick date", "middle", day);
  }
}

/* A round top for the count axis: 1, 2 or 5 times a power of ten, in four steps. */
static double nice_top(double max) {
  if (!(max > 0)) return 4;
  double raw = max / 4, power = pow(10, floor(log10(raw))), step = power;
  if (raw > 5 * power) step = 10 * power;
  else if (raw > 2 * power) step = 5 * power;
  else if (raw > power) step = 2 * power;
  if (step < 1) step = 1;
  return step * ceil(max / step);
}

static void grid(FILE *out, double top, int steps, int percent) {
  for (int s = 0; s <= steps; s++) {
    double v = top * s / steps, y = TOP + PLOT_H - PLOT_H * s / steps;
    char text[16];
    if (percent) snprintf(text, sizeof text, "%.0f%%", v * 100);
    else snprintf(text, sizeof text, "%.0f", v);
    fprintf(out, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", LEFT,
            CW - RIGHT, y, y);
    label(out, LEFT - 6, y + 4, "tick", "end", text);
  }
}

void dash_week_columns(FILE *out, const dash_data *d) {
  fputs("<p class=\"key\"><span><svg width=\"12\" height=\"12\" aria-hidden=\"true\">"
        "<rect class=\"col\" width=\"12\" height=\"12\"/></svg> Complaints received</span></p>\n",
        out);
  chart_open(out, "weekly-volume", "Complaints received per week",
             "Columns: the complaints received in each ISO week (UTC), with their number.");
  double max = 0;
  for (size_t i = 0; i < d->n_weeks; i++)
    max = fmax(max, metric(d->weeks[i].m, d->weeks[i].group, REDRESS_METRIC_COMPLAINTS));
  double top = nice_top(max), slot = PLOT_W / (double)(d->n_weeks ? d->n_weeks : 1);
  double bw = fmin(slot * 0.62, 46);
  grid(out, top, 4, 0);
  for (size_t i = 0; i < d->n_weeks; i++) {
    const dash_week *w = &d->weeks[i];
    dash_src src = {w->m, w->group, NULL, NULL, w->key};
    double v = metric(w->m, w->group, REDRESS_METRIC_COMPLAINTS), h = PLOT_H * v / top;
    double x = slot_x(i, d->n_weeks);
    fprintf(out, "<rect class=\"col\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"",
            x - bw / 2, TOP + PLOT_H - h, bw, h);
    dash_fig_attrs(out, &src, REDRESS_METRIC_COMPLAINTS, U_COUNT);
    fprintf(out, "><title>%s: %.0f complaints received</title></rect>", w->key, v);
    if (d->n_weeks > 13) continue; /* the counts would overlap: the titles say them */
    fprintf(out, "<text class=\"value\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\"", x,
            TOP + PLOT_H - h - 5);
    dash_fig_attrs(out, &src, REDRESS_METRIC_COMPLAINTS, U_COUNT);
    fprintf(out, ">%.0f</text>\n", v);
  }
  week_axis(out, d);
  fputs("</svg>\n", out);
}

/* ---- on-time rates as lines ------------------------------------------------------------ */

typedef struct series {
  int rate, decided; /* the metrics */
  const char *cls, *name;
} series;

static const series rate_series[] = {
    {REDRESS_METRIC_ACKNOWLEDGE_ON_TIME_RATE, REDRESS_METRIC_ACKNOWLEDGE_DEADLINES, "s-ack",
     "Acknowledged on time"},
    {REDRESS_METRIC_RESOLVE_ON_TIME_RATE, REDRESS_METRIC_RESOLVE_DEADLINES, "s-res",
     "Resolved on time"},
};

/* A point of a series, left open for its attributes: circles or squares. */
static const char *marker_open(FILE *out, const series *s, double x, double y) {
  if (s == &rate_series[0]) {
    fprintf(out, "<circle class=\"mk %s\" cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\"", s->cls, x, y);
    return "circle";
  }
  fprintf(out, "<rect class=\"mk %s\" x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"8\"",
          s->cls, x - 4, y - 4);
  return "rect";
}

static void line_series(FILE *out, const dash_data *d, const series *s) {
  fprintf(out, "<path class=\"line %s\" d=\"", s->cls);
  int pen_down = 0;
  for (size_t i = 0; i < d->n_weeks; i++) {
    double v = metric(d->weeks[i].m, d->weeks[i].group, s->rate);
    if (isnan(v)) {
      pen_down = 0;
      continue;
    }
    fprintf(out, "%c%.1f %.1f ", pen_down ? 'L' : 'M', slot_x(i, d->n_weeks),
            TOP + PLOT_H - PLOT_H * v);
    pen_down = 1;
  }
  fputs("\"/>\n", out);
  for (size_t i = 0; i < d->n_weeks; i++) {
    const dash_week *w = &d->weeks[i];
    double v = metric(w->m, w->group, s->rate);
    if (isnan(v)) continue;
    dash_src src = {w->m, w->group, NULL, NULL, w->key};
    char rate[32];
    dash_format(rate, sizeof rate, v, U_PERCENT);
    const char *element = marker_open(out, s, slot_x(i, d->n_weeks), TOP + PLOT_H - PLOT_H * v);
    dash_fig_attrs(out, &src, s->rate, U_PERCENT);
    fprintf(out, "><title>%s: %s, %s of %.0f deadlines</title></%s>\n", w->key, s->name,
            rate, metric(w->m, w->group, s->decided), element);
  }
}

/* The key, as HTML above the chart so that it wraps on a narrow screen. */
static void legend(FILE *out) {
  fputs("<p class=\"key\">", out);
  for (size_t k = 0; k < sizeof rate_series / sizeof rate_series[0]; k++) {
    const series *s = &rate_series[k];
    fprintf(out, "<span><svg width=\"30\" height=\"12\" aria-hidden=\"true\">"
                 "<line class=\"line %s\" x1=\"1\" x2=\"29\" y1=\"6\" y2=\"6\"/>", s->cls);
    marker_open(out, s, 15, 6);
    fprintf(out, "/></svg> %s</span>", s->name);
  }
  fputs("</p>\n", out);
}

void dash_week_lines(FILE *out, const dash_data *d) {
  legend(out);
  chart_open(out, "weekly-on-time", "Deadlines met on time, by week of receipt",
             "Lines: the share of acknowledge deadlines (circles, solid) and of resolve "
             "deadlines (squares, dashed) met on time, for the complaints received in each "
             "ISO week; a week without decided deadlines has no point.");
  grid(out, 1.0, 4, 1);
  for (size_t k = 0; k < sizeof rate_series / sizeof rate_series[0]; k++)
    line_series(out, d, &rate_series[k]);
  week_axis(out, d);
  fputs("</svg>\n", out);
}
