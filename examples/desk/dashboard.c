/*
 * report --html: the dashboard, one self-contained HTML page (inline CSS and SVG; no
 * script, no remote style, font or image) that reads at a glance: the headline
 * figures, the retention funnel, deadline compliance per kind, the weekly trend, the
 * open breaches and the oldest open complaints, and the breakdowns by channel, team
 * and category. Its palette is blue for what went well and hatched vermillion for
 * what did not (apart for every kind of colour vision, and in grey print); the page
 * stacks to one column on a phone and prints without its backgrounds.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dashboard.h"

#define BREACH_ROWS 12 /* the tables show this many, and say how many more there are */
#define OLDEST_ROWS 10
#define REFERENCE_RATE 0.9 /* the mark on the on-time meters */

static const char stylesheet[] =
    "*{box-sizing:border-box}\n"
    "body{margin:0;background:#f3f4f6;color:#1c232b;font:15px/1.45 system-ui,-apple-system,"
    "'Segoe UI',Roboto,'Noto Sans','Noto Sans CJK SC','Noto Sans CJK KR',Helvetica,Arial,"
    "sans-serif}\n"
    "main{max-width:1240px;margin:0 auto;padding:28px 24px 40px}\n"
    "header{margin-bottom:18px}\n"
    "h1{font-size:1.65rem;line-height:1.2;margin:0 0 6px;letter-spacing:-.01em}\n"
    "h2{font-size:1.08rem;margin:0 0 2px}\n"
    ".meta,.note{color:#56616c;margin:0}\n"
    ".note{font-size:.84rem;margin:0 0 12px}\n"
    ".kpis{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:12px;"
    "margin:0 0 16px}\n"
    ".kpi,.card{background:#fff;border:1px solid #dadfe5;border-radius:10px}\n"
    ".kpi{padding:12px 14px 13px}\n"
    ".kpi h3{margin:0;font-size:.74rem;font-weight:600;letter-spacing:.05em;"
    "text-transform:uppercase;color:#56616c}\n"
    ".kpi .big{margin:2px 0 1px;font-size:1.85rem;font-weight:700;line-height:1.15}\n"
    ".kpi .sub{margin:0;font-size:.82rem;color:#56616c}\n"
    ".kpi.alert{border-left:5px solid #d55e00}\n"
    ".row{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:16px;"
    "margin:0 0 16px}\n"
    ".card{padding:16px 18px 14px;min-width:0}\n"
    ".card+.card{margin-top:0}\n"
    "section.wide{margin:0 0 16px}\n"
    ".charts{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:8px 24px}\n"
    ".chart{display:block;width:100%;height:auto}\n"
    "table{border-collapse:collapse;width:100%}\n"
    "caption{text-align:left;font-weight:600;padding:0 0 6px}\n"
    "th,td{padding:6px 6px;border-bottom:1px solid #e7eaee;text-align:left;"
    "vertical-align:middle}\n"
    "thead th{font-size:.74rem;font-weight:600;letter-spacing:.03em;color:#56616c;"
    "border-bottom:1px solid #c9cfd6;vertical-align:bottom}\n"
    "tbody tr:last-child th,tbody tr:last-child td{border-bottom:0}\n"
    "tbody th{font-weight:500}\n"
    ".num{text-align:right;white-space:nowrap}\n"
    "thead th.num{white-space:normal}\n"
    ".num,.big,.fig,.val{font-variant-numeric:tabular-nums}\n"
    ".id{font-family:ui-monospace,'SFMono-Regular',Menlo,Consolas,monospace;font-size:.86rem}\n"
    ".muted{color:#56616c}\n"
    ".scroll{overflow-x:auto}\n"
    ".bars th{width:11.5em;padding-left:0}\n"
    ".bars td.val{width:15em;padding-right:0}\n"
    ".bars td{padding-top:7px;padding-bottom:7px}\n"
    ".bars tr:last-child th,.bars tr:last-child td{border-bottom:0}\n"
    ".meter{display:block;width:100%;height:16px;overflow:visible}\n"
    "td.count .meter{height:8px;margin-top:3px}\n"
    ".track{fill:#e9ecf0}\n"
    ".good{fill:#0072b2}\n"
    ".light{fill:#7fb7e0}\n"
    ".bad{fill:url(#hatch)}\n"
    ".neutral{fill:#5f6b77}\n"
    ".ref{stroke:#1c232b;stroke-width:2}\n"
    ".tag{display:inline-block;margin-left:6px;padding:0 6px;border-radius:8px;"
    "font-size:.72rem;font-weight:600;color:#a03f00;border:1px solid #e3b79c}\n"
    ".legend-key{display:inline-block;width:.8em;height:.8em;margin:0 4px 0 12px;"
    "vertical-align:-.05em;border-radius:2px}\n"
    ".k-good{background:#0072b2}.k-light{background:#7fb7e0}"
    ".k-bad{background:repeating-linear-gradient(135deg,#d55e00 0 3px,#f2c2a0 3px 5px)}\n"
    ".chart text{font-size:12px;fill:#3b4550}\n"
    ".chart .strong{font-weight:600;fill:#1c232b}\n"
    ".chart .value{font-size:12.5px;font-weight:600;fill:#1c232b}\n"
    ".chart .legend{font-size:12.5px;fill:#1c232b}\n"
    ".grid{stroke:#e3e7eb;stroke-width:1}\n"
    ".axis{stroke:#8a949e;stroke-width:1}\n"
    ".col{fill:#0072b2}\n"
    ".line{fill:none;stroke-width:2.5}\n"
    ".s-ack{stroke:#0072b2}.mk.s-ack{fill:#0072b2;stroke:#fff;stroke-width:1.5}\n"
    ".s-res{stroke:#3d4852;stroke-dasharray:6 4}"
    ".mk.s-res{fill:#3d4852;stroke:#fff;stroke-width:1.5;stroke-dasharray:none}\n"
    ".key{margin:0;font-size:.86rem;color:#1c232b}.key span{margin-right:18px;"
    "white-space:nowrap}.key svg{vertical-align:-1px}\n"
    ".breakdowns{display:grid;grid-template-columns:minmax(0,1fr);gap:16px}\n"
    "footer{color:#56616c;font-size:.8rem;margin-top:20px}\n"
    "footer p{margin:0 0 4px}\n";

/* The stylesheet for narrow screens and for print (C99 caps a literal's length). */
static const char stylesheet_media[] =
    "@media (max-width:880px){.row,.charts{grid-template-columns:minmax(0,1fr)}"
    ".kpis{grid-template-columns:repeat(2,minmax(0,1fr))}"
    "main{padding:18px 12px 32px}.bars th{width:8.5em}.bars td.val{width:9.5em}}\n"
    "@media (max-width:520px){.kpi .big{font-size:1.5rem}h1{font-size:1.35rem}th,td{padding:5px 5px}"
    ".hide-narrow,.chart .date{display:none}.chart text,.chart .value,.chart .legend{font-size:16px}"
    ".bars tr{display:grid;grid-template-columns:minmax(0,1fr) auto;column-gap:8px;"
    "border-bottom:1px solid #e7eaee}.bars tr:last-child{border-bottom:0}"
    ".bars th,.bars td,.bars td.val{width:auto;border:0;padding:6px 0 2px}"
    ".bars td.val{text-align:right}.bars td:not(.val){grid-column:1/-1;order:3;"
    "padding:0 0 8px}}\n"
    "@media print{body{background:#fff;font-size:11pt}main{max-width:none;padding:0}"
    ".kpi,.card{border-color:#b8bfc7;break-inside:avoid}.row,.charts{gap:10px}"
    ".scroll{overflow:visible}}\n";

/* The hatching of what went wrong: one pattern the page's SVGs share. */
static const char patterns[] =
    "<svg width=\"0\" height=\"0\" style=\"position:absolute\" aria-hidden=\"true\" "
    "focusable=\"false\"><defs><pattern id=\"hatch\" width=\"6\" height=\"6\" "
    "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
    "<rect width=\"6\" height=\"6\" fill=\"#f2c2a0\"/><rect width=\"3.6\" height=\"6\" "
    "fill=\"#d55e00\"/></pattern></defs></svg>\n";

static double total(const dash_data *d, int which) {
  return metric(d->total, REDRESS_METRICS_TOTAL, which);
}

/* ---- the head and the headline figures --------------------------------------------------- */

static void page_header(FILE *out, const dash_data *d) {
  char as_of[64], first[32], last[32];
  dash_long_time(as_of, sizeof as_of, d->as_of);
  fputs("<header><h1>Complaint handling dashboard</h1><p class=\"meta\">As of ", out);
  html_text(out, as_of);
  fprintf(out, " &middot; %.0f complaints", total(d, REDRESS_METRIC_COMPLAINTS));
  if (d->first <= d->last) {
    dash_short_time(first, sizeof first, d->first);
    dash_short_time(last, sizeof last, d->last);
    fprintf(out, " received from %.10s to %.10s", first, last);
  }
  fputs(" &middot; times in UTC</p></header>\n", out);
}

static void kpi_open(FILE *out, const char *title, int alert) {
  fprintf(out, "<div class=\"kpi%s\"><h3>%s</h3><p class=\"big\">", alert ? " alert" : "",
          title);
}

static void kpis(FILE *out, const dash_data *d) {
  dash_src t = {d->total, REDRESS_METRICS_TOTAL, NULL, NULL, NULL};
  fputs("<section class=\"kpis\" aria-label=\"Headline figures\">\n", out);
  kpi_open(out, "Complaints", 0);
  dash_fig(out, &t, REDRESS_METRIC_COMPLAINTS, U_COUNT);
  fputs("</p><p class=\"sub\">", out);
  size_t open = d->n_cases;
  fprintf(out, "%zu still open (not closed or withdrawn)</p></div>\n", open);

  kpi_open(out, "Expected retention", 0);
  dash_fig(out, &t, REDRESS_METRIC_RETENTION_RATE, U_PERCENT);
  fputs("</p><p class=\"sub\">", out);
  dash_fig(out, &t, REDRESS_METRIC_EXPECTED_RETAINED, U_CUSTOMERS);
  fputs(" complainants expected to stay</p></div>\n", out);

  kpi_open(out, "First-contact resolution", 0);
  dash_fig(out, &t, REDRESS_METRIC_FIRST_CONTACT_RESOLUTION_RATE, U_PERCENT);
  fputs("</p><p class=\"sub\">", out);
  dash_fig(out, &t, REDRESS_METRIC_ON_THE_SPOT, U_COUNT);
  fputs(" resolved on the spot</p></div>\n", out);

  kpi_open(out, "Resolved on time", 0);
  dash_fig(out, &t, REDRESS_METRIC_RESOLVE_ON_TIME_RATE, U_PERCENT);
  fputs("</p><p class=\"sub\">", out);
  dash_fig(out, &t, REDRESS_METRIC_RESOLVE_BREACHES, U_COUNT);
  fputs(" late of ", out);
  dash_fig(out, &t, REDRESS_METRIC_RESOLVE_DEADLINES, U_COUNT);
  fputs(" decided</p></div>\n", out);

  kpi_open(out, "Time to resolve", 0);
  dash_fig(out, &t, REDRESS_METRIC_TIME_TO_RESOLVE_MEDIAN, U_DURATION);
  fputs("</p><p class=\"sub\">median; 90% within ", out);
  dash_fig(out, &t, REDRESS_METRIC_TIME_TO_RESOLVE_P90, U_DURATION);
  fputs("</p></div>\n", out);

  kpi_open(out, "Satisfaction", 0);
  dash_fig(out, &t, REDRESS_METRIC_SATISFACTION_MEAN, U_SCORE);
  fputs("<span class=\"muted\" style=\"font-size:1rem;font-weight:500\"> / 5</span></p>"
        "<p class=\"sub\">", out);
  dash_fig(out, &t, REDRESS_METRIC_SATISFIED_SHARE, U_PERCENT);
  fputs(" gave 4 or 5, of ", out);
  dash_fig(out, &t, REDRESS_METRIC_SATISFACTION_ANSWERS, U_COUNT);
  fputs(" answers</p></div>\n", out);

  kpi_open(out, "Revenue at risk", 0);
  dash_fig(out, &t, REDRESS_METRIC_REVENUE_AT_RISK, U_MONEY);
  fputs("</p><p class=\"sub\">customer value &times; chance of leaving</p></div>\n", out);

  kpi_open(out, "Open breaches", d->n_breaches > 0);
  fprintf(out, "<data class=\"fig\" value=\"%zu\" data-table=\"breaches\">%zu</data></p>"
               "<p class=\"sub\">deadlines past due and unmet, in %zu complaints</p></div>\n",
          d->n_breaches, d->n_breaches, d->breached_cases);
  fputs("</section>\n", out);
}

/* ---- the funnel and the deadlines -------------------------------------------------------- */

static void bar_row_open(FILE *out, const char *label, const char *title,
                         const dash_segment *segments, size_t n, double max, double reference) {
  fputs("<tr><th scope=\"row\">", out);
  html_text(out, label);
  fputs("</th><td>", out);
  dash_meter(out, title, segments, n, max, reference);
  fputs("</td><td class=\"val\">", out);
}

static void funnel(FILE *out, const dash_data *d) {
  dash_src t = {d->total, REDRESS_METRICS_TOTAL, NULL, NULL, NULL};
  double n = total(d, REDRESS_METRIC_COMPLAINTS), spot = total(d, REDRESS_METRIC_OUTCOME_ON_THE_SPOT);
  double later = total(d, REDRESS_METRIC_OUTCOME_RESOLVED);
  double unresolved = total(d, REDRESS_METRIC_OUTCOME_UNRESOLVED);
  double kept = total(d, REDRESS_METRIC_EXPECTED_RETAINED), lost = total(d, REDRESS_METRIC_EXPECTED_LOST);
  char title[160];
  fputs("<section class=\"card\" aria-labelledby=\"funnel-h\"><h2 id=\"funnel-h\">Retention "
        "funnel</h2><p class=\"note\">What became of the complainants, and how many the "
        "retention model expects to keep. Bars are shares of all complainants."
        "<span class=\"legend-key k-good\"></span>kept or resolved"
        "<span class=\"legend-key k-bad\"></span>lost or unresolved</p>\n"
        "<table class=\"bars\"><tbody>\n", out);

  snprintf(title, sizeof title, "%.0f complainants", n);
  bar_row_open(out, "Complained", title, (dash_segment[]){{n, "neutral"}}, 1, n, NAN);
  dash_fig(out, &t, REDRESS_METRIC_COMPLAINTS, U_COUNT);
  fputs(" complainants</td></tr>\n", out);

  snprintf(title, sizeof title, "Resolved: %.0f on the spot and %.0f later, of %.0f", spot,
           later, n);
  bar_row_open(out, "Resolved", title, (dash_segment[]){{spot, "good"}, {later, "light"}}, 2, n,
               NAN);
  dash_fig(out, &t, REDRESS_METRIC_OUTCOME_ON_THE_SPOT, U_COUNT);
  fputs(" on the spot + ", out);
  dash_fig(out, &t, REDRESS_METRIC_OUTCOME_RESOLVED, U_COUNT);
  fputs(" later</td></tr>\n", out);

  snprintf(title, sizeof title, "Not resolved (declined, open or withdrawn): %.0f of %.0f",
           unresolved, n);
  bar_row_open(out, "Not resolved", title, (dash_segment[]){{unresolved, "bad"}}, 1, n, NAN);
  dash_fig(out, &t, REDRESS_METRIC_OUTCOME_UNRESOLVED, U_COUNT);
  fputs(" declined, open or withdrawn</td></tr>\n", out);

  snprintf(title, sizeof title, "Expected to stay: %.1f, to leave: %.1f, of %.0f", kept, lost, n);
  bar_row_open(out, "Expected to stay", title, (dash_segment[]){{kept, "good"}, {lost, "bad"}}, 2,
               n, NAN);
  dash_fig(out, &t, REDRESS_METRIC_EXPECTED_RETAINED, U_CUSTOMERS);
  fputs(" stay &middot; ", out);
  dash_fig(out, &t, REDRESS_METRIC_EXPECTED_LOST, U_CUSTOMERS);
  fputs(" leave</td></tr>\n", out);

  double saved = total(d, REDRESS_METRIC_CUSTOMERS_SAVED);
  snprintf(title, sizeof title, "Kept thanks to the handling: %.1f of %.0f", saved, n);
  bar_row_open(out, "Saved by handling", title, (dash_segment[]){{saved, "good"}}, 1, n, NAN);
  dash_fig(out, &t, REDRESS_METRIC_CUSTOMERS_SAVED, U_CUSTOMERS);
  fputs(" more than with no handling</td></tr>\n</tbody></table>\n<p class=\"note\" "
        "style=\"margin:12px 0 0\">Behind them, the model estimates ", out);
  dash_fig(out, &t, REDRESS_METRIC_SILENT_DISSATISFIED, U_COUNT);
  fputs(" dissatisfied customers who did not complain (", out);
  dash_fig(out, &t, REDRESS_METRIC_SILENT_LOST, U_COUNT);
  fputs(" of them expected to leave); the dissatisfied tell ", out);
  dash_fig(out, &t, REDRESS_METRIC_WORD_OF_MOUTH_REACH, U_COUNT);
  fputs(" people.</p></section>\n", out);
}

static void deadlines(FILE *out, const dash_data *d) {
  static const struct {
    const char *label;
    int decided; /* the kind's DEADLINES metric; ON_TIME_RATE and BREACHES follow it */
  } kinds[] = {
      {"Acknowledge", REDRESS_METRIC_ACKNOWLEDGE_DEADLINES},
      {"Update", REDRESS_METRIC_UPDATE_DEADLINES},
      {"Resolve", REDRESS_METRIC_RESOLVE_DEADLINES},
      {"Promise", REDRESS_METRIC_PROMISE_DEADLINES},
      {"Follow-up", REDRESS_METRIC_FOLLOW_UP_DEADLINES},
      {"Reply to the customer", REDRESS_METRIC_NEXT_REPLY_DEADLINES},
  };
  dash_src t = {d->total, REDRESS_METRICS_TOTAL, NULL, NULL, NULL};
  fputs("<section class=\"card\" aria-labelledby=\"deadlines-h\"><h2 id=\"deadlines-h\">"
        "Deadline compliance</h2><p class=\"note\">Share of the deadlines decided by the "
        "report's time (met, met late or breached) that were met on time, per kind. "
        "The black mark is at 90%; hatched bars fall short of it.</p>\n<table class=\"bars\"><tbody>\n", out);
  for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
    int base = kinds[k].decided;
    double decided = total(d, base), rate = total(d, base + 1);
    char title[160], pct[32];
    dash_format(pct, sizeof pct, rate, U_PERCENT);
    snprintf(title, sizeof title, "%s deadlines met on time: %s of %.0f", kinds[k].label, pct,
             decided);
    bar_row_open(out, kinds[k].label, title,
                 (dash_segment[]){{isnan(rate) ? 0 : rate, rate >= REFERENCE_RATE ? "good" : "bad"}},
                 1, 1.0, REFERENCE_RATE);
    if (decided == 0) {
      fputs("<span class=\"muted\">none decided (", out);
      dash_fig(out, &t, base, U_COUNT);
      fputs(")</span></td></tr>\n", out);
      continue;
    }
    fputs("<b>", out);
    dash_fig(out, &t, base + 1, U_PERCENT);
    fputs("</b> &middot; ", out);
    dash_fig(out, &t, base + 2, U_COUNT);
    fputs(" late of ", out);
    dash_fig(out, &t, base, U_COUNT);
    fputs("</td></tr>\n", out);
  }
  fputs("</tbody></table>\n<p class=\"note\" style=\"margin:12px 0 0\">Time to acknowledge: "
        "median ", out);
  dash_fig(out, &t, REDRESS_METRIC_TIME_TO_ACKNOWLEDGE_MEDIAN, U_DURATION);
  fputs(" (", out);
  dash_fig(out, &t, REDRESS_METRIC_TIME_TO_ACKNOWLEDGE_BUSINESS_MEDIAN, U_DURATION);
  fputs(" of office time); to resolve: median ", out);
  dash_fig(out, &t, REDRESS_METRIC_TIME_TO_RESOLVE_MEDIAN, U_DURATION);
  fputs(" (", out);
  dash_fig(out, &t, REDRESS_METRIC_TIME_TO_RESOLVE_BUSINESS_MEDIAN, U_DURATION);
  fputs(" of office time).</p></section>\n", out);
}

/* ---- the trend ------------------------------------------------------------------------ */

static void trends(FILE *out, const dash_data *d) {
  fputs("<section class=\"card wide\" aria-labelledby=\"trend-h\"><h2 id=\"trend-h\">Weekly "
        "trend</h2><p class=\"note\">Complaints by the ISO week they were received in (UTC; "
        "the first and last weeks of the period may be partial); their deadlines judged as "
        "of the report's time.", out);
  if (d->weeks_left_out > 0)
    fprintf(out, " The %zu weeks before are left out.", d->weeks_left_out);
  fputs("</p>\n", out);
  if (d->n_weeks == 0) {
    fputs("<p>No complaints yet.</p></section>\n", out);
    return;
  }
  fputs("<div class=\"charts\"><figure style=\"margin:0\">", out);
  dash_week_columns(out, d);
  fputs("</figure><figure style=\"margin:0\">", out);
  dash_week_lines(out, d);
  fputs("</figure></div></section>\n", out);
}

/* ---- the tables of complaints --------------------------------------------------------------- */

static void enum_cell(FILE *out, int enumeration, int value, const char *cls) {
  char name[48];
  format_enum(name, sizeof name, enumeration, value);
  fprintf(out, "<td%s%s%s>%s</td>", cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "",
          name);
}

static void team_cell(FILE *out, const dash_case *c) {
  fputs("<td class=\"hide-narrow\">", out);
  if (c->team != NULL && *c->team) html_text(out, c->team);
  else fputs("<span class=\"muted\">none</span>", out);
  fputs("</td>", out);
}

static void more_rows(FILE *out, size_t shown, size_t all, const char *shell_command) {
  if (all > shown)
    fprintf(out, "<p class=\"note\" style=\"margin:8px 0 0\">and %zu more: <code>%s</code></p>",
            all - shown, shell_command);
}

/* The breaches of one complaint are next to each other once sorted by complaint. */
static int by_complaint(const void *x, const void *y) {
  const dash_breach *a = x, *b = y;
  if (a->case_index != b->case_index) return a->case_index < b->case_index ? -1 : 1;
  if (a->due != b->due) return a->due < b->due ? -1 : 1;
  return a->kind - b->kind;
}

/* One row per complaint: its breached kinds, the longest overdue first. */
static void breach_row(FILE *out, const dash_data *d, const dash_breach *first, size_t n) {
  const dash_case *c = &d->cases[first->case_index];
  char late[32], due[32];
  format_duration(late, sizeof late, (double)(d->as_of - first->due));
  dash_short_time(due, sizeof due, first->due);
  fputs("<tr><th scope=\"row\" class=\"id\">", out);
  html_text(out, c->id);
  fputs("</th><td>", out);
  for (size_t k = 0; k < n; k++) {
    char kind[32];
    format_enum(kind, sizeof kind, REDRESS_ENUM_DEADLINE_KIND, first[k].kind);
    fprintf(out, "%s<span class=\"kind\">%s</span>", k ? ", " : "", kind);
  }
  fprintf(out, "</td><td class=\"num\" title=\"due %s UTC\"><b>%s</b></td>", due, late);
  enum_cell(out, REDRESS_ENUM_STATE, c->state, "hide-narrow");
  team_cell(out, c);
  fputs("</tr>\n", out);
}

static void breach_table(FILE *out, const dash_data *d) {
  fputs("<section class=\"card\" aria-labelledby=\"breach-h\"><h2 id=\"breach-h\">Open "
        "breaches</h2><p class=\"note\">Complaints not closed or withdrawn with deadlines "
        "past due and unmet; the longest overdue first.</p>\n", out);
  if (d->n_breaches == 0) {
    fputs("<p>None: every deadline due so far was met.</p></section>\n", out);
    return;
  }
  /* d->breaches is sorted by due time: the first breach of each complaint says where
   * its row goes; its breaches are then gathered from a copy sorted by complaint */
  dash_breach *grouped = malloc(d->n_breaches * sizeof *grouped);
  unsigned char *listed = calloc(d->n_cases, 1);
  if (grouped == NULL || listed == NULL) {
    free(grouped);
    free(listed);
    fputs("<p>Out of memory.</p></section>\n", out);
    return;
  }
  memcpy(grouped, d->breaches, d->n_breaches * sizeof *grouped);
  qsort(grouped, d->n_breaches, sizeof *grouped, by_complaint);
  fputs("<div class=\"scroll\"><table id=\"breaches\"><thead><tr><th scope=\"col\">Complaint"
        "</th><th scope=\"col\">Breached</th><th scope=\"col\" class=\"num\">Overdue by</th>"
        "<th scope=\"col\" class=\"hide-narrow\">State</th><th scope=\"col\" class=\"hide-narrow\">Team</th></tr>"
        "</thead><tbody>\n", out);
  size_t shown = 0;
  for (size_t i = 0; i < d->n_breaches && shown < BREACH_ROWS; i++) {
    size_t c = d->breaches[i].case_index, j = 0;
    if (listed[c]) continue;
    listed[c] = 1;
    while (grouped[j].case_index != c) j++;
    breach_row(out, d, &grouped[j], d->cases[c].breaches);
    shown++;
  }
  free(grouped);
  free(listed);
  fputs("</tbody></table></div>", out);
  more_rows(out, shown, d->breached_cases, "redress-desk list --open --breached");
  fputs("</section>\n", out);
}

/* Not yet resolved: received, acknowledged, investigating, awaiting the customer,
 * responded (the states before RESOLVED). */
static int unresolved(const dash_case *c) { return c->state < REDRESS_STATE_RESOLVED; }

static void oldest_table(FILE *out, const dash_data *d) {
  size_t all = 0;
  for (size_t i = 0; i < d->n_cases; i++) all += unresolved(&d->cases[i]) ? 1 : 0;
  fputs("<section class=\"card\" aria-labelledby=\"oldest-h\"><h2 id=\"oldest-h\">Oldest "
        "open complaints</h2><p class=\"note\">Not yet resolved, closed or withdrawn; the "
        "oldest first, with their breached deadlines or the next one due.</p>\n", out);
  if (all == 0) {
    fputs("<p>None: every complaint is resolved.</p></section>\n", out);
    return;
  }
  fputs("<div class=\"scroll\"><table id=\"oldest\"><thead><tr><th scope=\"col\">Complaint"
        "</th><th scope=\"col\" class=\"num\">Age</th><th scope=\"col\" class=\"hide-narrow\">State</th>"
        "<th scope=\"col\" class=\"hide-narrow\">Severity</th>"
        "<th scope=\"col\" class=\"hide-narrow\">Team</th><th scope=\"col\" class=\"num\">"
        "Deadlines</th></tr></thead><tbody>\n", out);
  size_t shown = 0;
  for (size_t i = 0; i < d->n_cases && shown < OLDEST_ROWS; i++) {
    const dash_case *c = &d->cases[i];
    if (!unresolved(c)) continue;
    shown++;
    char age[32], next[32], next_at[32], received[32];
    format_duration(age, sizeof age, (double)(d->as_of - c->received_at));
    format_duration(next, sizeof next, (double)(c->next_due - d->as_of));
    dash_short_time(next_at, sizeof next_at, c->next_due);
    dash_short_time(received, sizeof received, c->received_at);
    fputs("<tr><th scope=\"row\" class=\"id\">", out);
    html_text(out, c->id);
    fprintf(out, "</th><td class=\"num\" title=\"received %s UTC\"><b>%s</b></td>", received,
            age);
    enum_cell(out, REDRESS_ENUM_STATE, c->state, "hide-narrow");
    enum_cell(out, REDRESS_ENUM_SEVERITY, c->severity, "hide-narrow");
    team_cell(out, c);
    if (c->breaches > 0)
      fprintf(out, "<td class=\"num\"><span class=\"tag\">%zu breached</span></td></tr>\n",
              c->breaches);
    else if (c->next_due == REDRESS_TIME_NEVER)
      fputs("<td class=\"num\"><span class=\"muted\">none pending</span></td></tr>\n", out);
    else
      fprintf(out, "<td class=\"num\" title=\"due %s UTC\">next in %s</td></tr>\n", next_at,
              next);
  }
  fputs("</tbody></table></div>", out);
  more_rows(out, shown, all, "redress-desk list --open");
  fputs("</section>\n", out);
}

/* ---- the breakdowns -------------------------------------------------------------------- */

typedef struct ranked {
  int group;
  double complaints;
} ranked;

static int most_first(const void *x, const void *y) {
  const ranked *a = x, *b = y;
  if (a->complaints != b->complaints) return a->complaints > b->complaints ? -1 : 1;
  return a->group - b->group;
}

static void breakdown_row(FILE *out, const dash_data *d, int b, int g, double max) {
  redress_metrics *m = d->by[b];
  const char *key = redress_metrics_group_key(m, g);
  dash_src src = {m, g, dash_grouping_name(b), key, NULL};
  double n = metric(m, g, REDRESS_METRIC_COMPLAINTS);
  fputs("<tr><th scope=\"row\">", out);
  if (*key == '\0') fprintf(out, "<span class=\"muted\">no %s</span>", dash_grouping_name(b));
  else if (dash_grouping(b) == REDRESS_GROUP_BY_CHANNEL) {
    char name[48];
    format_enum(name, sizeof name, REDRESS_ENUM_CHANNEL, g);
    html_text(out, name);
  } else html_text(out, key);
  fputs("</th><td class=\"num count\">", out);
  dash_fig(out, &src, REDRESS_METRIC_COMPLAINTS, U_COUNT);
  char title[64];
  snprintf(title, sizeof title, "%.0f of %.0f complaints", n, total(d, REDRESS_METRIC_COMPLAINTS));
  dash_meter(out, title, (dash_segment[]){{n, "good"}}, 1, max, NAN);
  static const struct {
    int which;
    dash_unit unit;
    int narrow; /* shown on a phone too */
  } cells[] = {{REDRESS_METRIC_FIRST_CONTACT_RESOLUTION_RATE, U_PERCENT, 0},
               {REDRESS_METRIC_ACKNOWLEDGE_ON_TIME_RATE, U_PERCENT, 0},
               {REDRESS_METRIC_RESOLVE_ON_TIME_RATE, U_PERCENT, 1},
               {REDRESS_METRIC_SATISFACTION_MEAN, U_SCORE, 0},
               {REDRESS_METRIC_RETENTION_RATE, U_PERCENT, 1},
               {REDRESS_METRIC_REVENUE_AT_RISK, U_MONEY, 0}};
  for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
    fprintf(out, "</td><td class=\"num%s\">", cells[i].narrow ? "" : " hide-narrow");
    dash_fig(out, &src, cells[i].which, cells[i].unit);
  }
  fputs("</td></tr>\n", out);
}

static int breakdown(FILE *out, const dash_data *d, int b) {
  redress_metrics *m = d->by[b];
  const char *name = dash_grouping_name(b);
  size_t count = redress_metrics_group_count(m), n = 0;
  ranked *rows = malloc((count ? count : 1) * sizeof *rows);
  if (rows == NULL) return -1;
  double max = 0;
  for (size_t g = 0; g < count; g++) {
    double c = metric(m, (int)g, REDRESS_METRIC_COMPLAINTS);
    if (c > 0) rows[n++] = (ranked){(int)g, c};
    max = fmax(max, c);
  }
  qsort(rows, n, sizeof *rows, most_first);
  fprintf(out, "<section class=\"card\" aria-labelledby=\"by-%s-h\"><h2 id=\"by-%s-h\">By %s"
               "</h2>\n<div class=\"scroll\"><table id=\"by-%s\"><thead><tr>"
               "<th scope=\"col\">%c%s</th><th scope=\"col\" class=\"num\">Complaints</th>"
               "<th scope=\"col\" class=\"num hide-narrow\">First-contact resolution</th>"
               "<th scope=\"col\" class=\"num hide-narrow\">Acknowledged on time</th>"
               "<th scope=\"col\" class=\"num\">Resolved on time</th>"
               "<th scope=\"col\" class=\"num hide-narrow\">Satisfaction (1&ndash;5)</th>"
               "<th scope=\"col\" class=\"num\">Expected retention</th>"
               "<th scope=\"col\" class=\"num hide-narrow\">Revenue at risk</th></tr></thead>"
               "<tbody>\n", name, name, name, name, name[0] - 'a' + 'A', name + 1);
  for (size_t i = 0; i < n; i++) breakdown_row(out, d, b, rows[i].group, max);
  if (n == 0) fputs("<tr><td colspan=\"8\">No complaints.</td></tr>\n", out);
  fputs("</tbody></table></div></section>\n", out);
  free(rows);
  return 0;
}

/* ---- the document ------------------------------------------------------------------------ */

static void footer(FILE *out, const dash_data *d) {
  char count[32];
  format_count(count, sizeof count, total(d, REDRESS_METRIC_VALUE_UNKNOWN));
  fprintf(out, "<footer><p>Figures from the library's retention metrics "
               "(libredress %s), the same as <code>redress-desk report --json</code> for this "
               "time. Money is in the desk's currency, in whole units; %s complaints have no known customer "
               "value and count as 0 at risk.</p>"
               "<p>Retention model: 4%% of dissatisfied customers complain and 91%% of the "
               "silent ones leave; complainants kept: 95%% resolved on the spot, 70%% "
               "resolved later, 9%% not resolved (docs/metrics.md). Written by "
               "redress-desk report --html.</p></footer>\n",
          redress_version(), count);
}

/* The page; -1 when out of memory. */
static int document(FILE *out, const dash_data *d) {
  fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"color-scheme\" content=\"light\">\n"
        "<title>Complaint handling dashboard</title>\n<style>\n", out);
  fputs(stylesheet, out);
  fputs(stylesheet_media, out);
  fputs("</style></head>\n<body>\n", out);
  fputs(patterns, out);
  fputs("<main>\n", out);
  page_header(out, d);
  kpis(out, d);
  fputs("<div class=\"row\">\n", out);
  funnel(out, d);
  deadlines(out, d);
  fputs("</div>\n", out);
  trends(out, d);
  fputs("<div class=\"row\">\n", out);
  breach_table(out, d);
  oldest_table(out, d);
  fputs("</div>\n<div class=\"breakdowns\">\n", out);
  for (int b = 0; b < DASH_BREAKDOWNS; b++)
    if (breakdown(out, d, b) != 0) return -1;
  fputs("</div>\n", out);
  footer(out, d);
  fputs("</main>\n</body></html>\n", out);
  return 0;
}

int dashboard_write(app *a, redress_time as_of, const char *path) {
  dash_data d;
  int rc = dash_collect(a, &d, as_of);
  FILE *out = NULL;
  if (rc == EXIT_OK && (out = fopen(path, "w")) == NULL)
    rc = app_fail(a, "cannot write %s: %s", path, strerror(errno));
  if (out != NULL) {
    int no_memory = document(out, &d) != 0, failed = ferror(out);
    if (fclose(out) != 0 || failed) rc = app_fail(a, "cannot write %s", path);
    if (no_memory) rc = app_fail(a, "out of memory");
  }
  dash_free(&d);
  return rc;
}
