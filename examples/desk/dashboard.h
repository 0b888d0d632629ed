/*
 * The HTML dashboard of `report --html FILE`, in four files:
 *
 *   dash_data.c   gathers the figures: accumulators (total, by channel, team,
 *                 category and week) and the open complaints for the tables
 *   dash_html.c   writing HTML: escaped text, the figures with their units, times
 *   dash_chart.c  the inline SVG charts: meters, weekly columns and lines
 *   dashboard.c   the page: its sections, its stylesheet, the file
 *
 * Every figure taken from the metrics is written with the metric's name and its exact
 * value (data-metric, value or data-value), so a test or a tool reads the page back
 * and compares it with `report --json`.
 */
#ifndef REDRESS_DESK_DASHBOARD_H
#define REDRESS_DESK_DASHBOARD_H

#include "desk.h"

/* ---- the figures (dash_data.c) ---------------------------------------------------- */

enum { DASH_BY_CHANNEL, DASH_BY_TEAM, DASH_BY_CATEGORY, DASH_BREAKDOWNS };
#define DASH_MAX_WEEKS 26 /* the trend shows at most this many weeks, the latest */

/* One week of the trend: where its figures are read. */
typedef struct dash_week {
  char key[32];       /* the ISO week, "2026-W10" */
  redress_time start; /* its Monday, 00:00 UTC */
  redress_metrics *m; /* the accumulator holding it (by_week, or no_week when none came) */
  int group;          /* ... and its group there */
} dash_week;

/* An open complaint (neither closed nor withdrawn), for the tables. */
typedef struct dash_case {
  char *id, *team, *owner; /* team and owner: NULL when not assigned */
  int state, severity, channel;
  redress_time received_at;
  redress_time next_due; /* the nearest deadline still pending; REDRESS_TIME_NEVER if none */
  size_t breaches;       /* its deadlines past due and unmet */
} dash_case;

/* A deadline of an open complaint that is past due and unmet. */
typedef struct dash_breach {
  size_t case_index;
  int kind; /* a redress_deadline_kind */
  redress_time due;
} dash_breach;

typedef struct dash_data {
  redress_time as_of;
  redress_time first, last; /* the first and last receipt; first > last when none */
  redress_metrics *total;
  redress_metrics *by[DASH_BREAKDOWNS];
  dash_week weeks[DASH_MAX_WEEKS];
  size_t n_weeks, weeks_left_out; /* weeks_left_out: earlier weeks not shown */
  redress_metrics *by_week;  /* grouped by ISO week, over the weeks shown */
  redress_metrics *no_week;  /* empty: the figures of a week without complaints */
  dash_case *cases; /* sorted oldest first */
  size_t n_cases, cap_cases;
  dash_breach *breaches; /* sorted by due time, the longest overdue first */
  size_t n_breaches, cap_breaches;
  size_t breached_cases; /* the cases with at least one breach */
} dash_data;

/* Fills d with the figures as of `as_of`; dash_free() it whatever the result. */
int dash_collect(app *a, dash_data *d, redress_time as_of);
void dash_free(dash_data *d);
/* The grouping of a breakdown and its name ("channel", "team", "category"). */
int dash_grouping(int breakdown);
const char *dash_grouping_name(int breakdown);

/* ---- writing HTML (dash_html.c) ----------------------------------------------------- */

/* How a figure reads. */
typedef enum dash_unit {
  U_COUNT,    /* 4,800 */
  U_PERCENT,  /* 82.0% (the value is a share in [0, 1]) */
  U_DURATION, /* 3d 13h (seconds) */
  U_MONEY,    /* 206,610 (minor units, shown in whole major units) */
  U_SCORE,    /* 4.08 (satisfaction, 1..5) */
  U_CUSTOMERS /* 117.5 (an expected number of customers) */
} dash_unit;

/* Where a figure comes from: an accumulator's group, and what the page says it is. */
typedef struct dash_src {
  redress_metrics *m;
  int group;           /* REDRESS_METRICS_TOTAL or a group index */
  const char *by;      /* the grouping's name, or NULL for the total */
  const char *key;     /* the group's key, with by */
  const char *week;    /* the ISO week, for the trend's figures; else NULL */
} dash_src;

/* Text for HTML: & < > " ' escaped, control characters and bytes that are not UTF-8
 * replaced by U+FFFD. NULL writes nothing. */
void html_text(FILE *out, const char *s);
/* A figure as people read it ("n/a" when there is nothing to measure). */
void dash_format(char *buf, size_t size, double value, dash_unit unit);
/* The attributes that name a figure: data-metric, the exact value, the unit, the group. */
void dash_fig_attrs(FILE *out, const dash_src *src, int which, dash_unit unit);
/* A figure in the text: <data class="fig" value=...>82.0%</data>; returns its value. */
double dash_fig(FILE *out, const dash_src *src, int which, dash_unit unit);
/* "Wed 1 Apr 2026, 00:00 UTC", "1 Apr", "2026-03-02 14:50". */
void dash_long_time(char *buf, size_t size, redress_time t);
void dash_day(char *buf, size_t size, redress_time t);
void dash_short_time(char *buf, size_t size, redress_time t);

/* ---- charts (dash_chart.c) ---------------------------------------------------------- */

/* One segment of a meter: its value and its CSS class (the colour). */
typedef struct dash_segment {
  double value;
  const char *cls;
} dash_segment;

/* A horizontal bar of segments over a track of `max`, with an optional reference
 * mark (NaN: none), as an inline SVG titled `title`; it stretches to its cell. */
void dash_meter(FILE *out, const char *title, const dash_segment *segments, size_t n,
                double max, double reference);
/* The complaints received per week, as columns with their counts. */
void dash_week_columns(FILE *out, const dash_data *d);
/* The acknowledge and resolve on-time rates per week, as two lines. */
void dash_week_lines(FILE *out, const dash_data *d);

#endif
