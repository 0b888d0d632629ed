/* A policy printed as its canonical spec text (grammar in docs/deadlines.md, "Policy
 * specs"): one clause a line in a fixed order, defaults left out, spans in the largest
 * unit that divides them, so that parsing the text gives the policy back and printing
 * it again gives the same bytes. */
#include "deadlines/policy.h"

#include <stdio.h>
#include <string.h>

#define ALL_CHANNELS ((1u << REDRESS_CHANNEL_COUNT) - 1u)

void rd_text_put(rd_text *t, const char *s, size_t n) {
  if (t->failed) return;
  void *items = t->buf;
  if (rd_reserve(t->alloc, &items, &t->cap, t->len + n + 1, 1) != REDRESS_OK) {
    t->failed = 1;
    return;
  }
  t->buf = items;
  memcpy(t->buf + t->len, s, n);
  t->len += n;
  t->buf[t->len] = '\0';
}

static void put(rd_text *t, const char *s) { rd_text_put(t, s, strlen(s)); }

static void put_int(rd_text *t, int64_t v) {
  char num[24];
  snprintf(num, sizeof num, "%lld", (long long)v);
  put(t, num);
}

/* A word is written bare when the parser reads it back as one token, else quoted. */
static int bare(const char *s) {
  if (*s == '\0') return 0;
  for (; *s; s++)
    if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n' || *s == '"' || *s == '#' ||
        *s == '\\')
      return 0;
  return 1;
}

static void put_word(rd_text *t, const char *s) {
  if (bare(s)) {
    put(t, s);
    return;
  }
  put(t, "\"");
  for (; *s; s++) {
    if (*s == '"' || *s == '\\') put(t, "\\");
    if (*s == '\n') { put(t, "\\n"); continue; }
    rd_text_put(t, s, 1);
  }
  put(t, "\"");
}

typedef struct unit_name {
  int unit;
  int64_t seconds;
  const char *one, *many;
} unit_name;

/* Largest first: a span prints in the first unit that divides it. */
static const unit_name units[] = {
    {REDRESS_SPAN_CALENDAR_SECONDS, 86400, "day", "days"},
    {REDRESS_SPAN_CALENDAR_SECONDS, 3600, "hour", "hours"},
    {REDRESS_SPAN_CALENDAR_SECONDS, 60, "minute", "minutes"},
    {REDRESS_SPAN_CALENDAR_SECONDS, 1, "second", "seconds"},
    {REDRESS_SPAN_BUSINESS_SECONDS, 3600, "business-hour", "business-hours"},
    {REDRESS_SPAN_BUSINESS_SECONDS, 60, "business-minute", "business-minutes"},
    {REDRESS_SPAN_BUSINESS_SECONDS, 1, "business-second", "business-seconds"},
    {REDRESS_SPAN_BUSINESS_DAYS, 1, "business-day", "business-days"},
};
#define UNIT_COUNT (sizeof units / sizeof units[0])

int rd_span_unit_parse(redress_span *out, const char *word, size_t n, int64_t amount) {
  for (size_t i = 0; i < UNIT_COUNT; i++) {
    const char *names[2] = {units[i].one, units[i].many};
    for (int k = 0; k < 2; k++) {
      if (strlen(names[k]) != n || memcmp(names[k], word, n) != 0) continue;
      if (amount > INT64_MAX / units[i].seconds) return REDRESS_ERR_RANGE;
      out->amount = amount * units[i].seconds;
      out->unit = units[i].unit;
      return REDRESS_OK;
    }
  }
  return REDRESS_ERR_NOTFOUND;
}

static void put_span(rd_text *t, const char *clause, redress_span s) {
  if (s.amount == 0) return;
  for (size_t i = 0; i < UNIT_COUNT; i++) {
    if (units[i].unit != s.unit || s.amount % units[i].seconds != 0) continue;
    int64_t n = s.amount / units[i].seconds;
    put(t, "  ");
    put(t, clause);
    put(t, " ");
    put_int(t, n);
    put(t, " ");
    put(t, n == 1 ? units[i].one : units[i].many);
    put(t, "\n");
    return;
  }
}

static void put_text_clause(rd_text *t, const char *clause, const char *value) {
  if (value == NULL) return;
  put(t, "  ");
  put(t, clause);
  put(t, " ");
  put_word(t, value);
  put(t, "\n");
}

static void put_channels(rd_text *t, uint32_t channels) {
  if ((channels & ALL_CHANNELS) == 0) return;
  put(t, "  channels ");
  const char *sep = "";
  for (int ch = 0; ch < REDRESS_CHANNEL_COUNT; ch++) {
    if (!(channels & (1u << ch))) continue;
    put(t, sep);
    put(t, rd_enum_name(REDRESS_ENUM_CHANNEL, ch));
    sep = ",";
  }
  put(t, "\n");
}

static void put_amount(rd_text *t, const char *clause, int64_t v) {
  if (v == REDRESS_AMOUNT_UNKNOWN) return;
  put(t, "  ");
  put(t, clause);
  put(t, " ");
  put_int(t, v);
  put(t, "\n");
}

void rd_policy_print(rd_text *t, const redress_policy *p) {
  put(t, "policy ");
  put_word(t, p->name);
  put(t, " version ");
  put_int(t, p->policy_version);
  put(t, "\n");
  put_channels(t, p->channels);
  if (p->min_severity != REDRESS_SEVERITY_LOW) {
    put(t, "  severity ");
    put(t, rd_enum_name(REDRESS_ENUM_SEVERITY, p->min_severity));
    put(t, "\n");
  }
  put_text_clause(t, "category", p->category);
  put_text_clause(t, "tier", p->customer_tier);
  put_text_clause(t, "team", p->team);
  put_text_clause(t, "calendar", p->calendar);
  put_span(t, "acknowledge", p->acknowledge);
  put_span(t, "update-every", p->update_every);
  put_span(t, "summary-resolve", p->summary_resolve);
  put_span(t, "resolve", p->resolve);
  put_span(t, "resolve-extended", p->resolve_extended);
  put_span(t, "follow-up", p->follow_up);
  put_span(t, "next-reply", p->next_reply);
  rd_policy_print_warnings(t, p);
  rd_policy_print_pauses(t, p);
  put_amount(t, "min-compensation", p->min_compensation);
  put_amount(t, "max-compensation", p->max_compensation);
}

/* "warn 75%" for warn_percent, then "warn KIND P% ..." for each kind with levels. */
void rd_policy_print_warnings(rd_text *t, const redress_policy *p) {
  if (p->warn_percent != 0) {
    put(t, "  warn ");
    put_int(t, p->warn_percent);
    put(t, "%\n");
  }
  for (int k = 0; k < REDRESS_DEADLINE_KIND_COUNT; k++) {
    if (p->warn_levels[k][0] == 0) continue;
    put(t, "  warn ");
    put(t, rd_kind_word(k));
    for (int i = 0; i < REDRESS_POLICY_WARN_LEVELS && p->warn_levels[k][i] != 0; i++) {
      put(t, " ");
      put_int(t, p->warn_levels[k][i]);
      put(t, "%");
    }
    put(t, "\n");
  }
}

void rd_policy_print_pauses(rd_text *t, const redress_policy *p) {
  if (p->pause_when_awaiting_customer) put(t, "  pause awaiting-customer\n");
  for (int r = 0; r < REDRESS_PAUSE_REASON_COUNT; r++) {
    if (p->pause_stops[r] == 0) continue;
    put(t, "  pause ");
    put(t, rd_reason_word(r));
    put(t, " stops ");
    const char *sep = "";
    for (int k = 0; k < REDRESS_DEADLINE_KIND_COUNT; k++) {
      if (!(p->pause_stops[r] & (1u << k))) continue;
      put(t, sep);
      put(t, rd_kind_word(k));
      sep = ",";
    }
    put(t, "\n");
  }
}
