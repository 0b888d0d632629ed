/*
 * list: complaints as rows, read from the store's records. The record's indexed
 * columns (state, severity, channel, times, next alarm, owner, team) are enough for a
 * row, so the JSON document is decoded only to judge --breached. --owner and --team go
 * through the adapter's owner and team indexes (sqlite_store_assigned), --customer and
 * --due through the store's (by_customer, due), instead of a full scan.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "store_sqlite.h"

typedef struct row {
  char id[REDRESS_MAX_ID_BYTES + 1];
  char customer[REDRESS_MAX_ID_BYTES + 1];
  int state, severity, channel;
  redress_time received_at, next_alarm;
  char breached[96]; /* the kinds of the breached deadlines */
} row;

typedef struct listing {
  app *a;
  redress_time now, due_until;
  int open_only, due_only, breached_only;
  const char *customer, *owner, *team;
  row *rows;
  size_t n, cap;
  int rc; /* the first failure inside a store callback */
} listing;

/* Writes the breached deadline kinds of a stored complaint; how many there are. */
static int breached_kinds(listing *l, const redress_record *r, char *out, size_t size) {
  redress_complaint *c = NULL;
  redress_deadlines *d = NULL;
  int lib = redress_complaint_from_json(&c, l->a->desk, r->doc, r->doc_len);
  if (lib == REDRESS_OK) lib = redress_complaint_deadlines(&d, c, l->now);
  if (lib != REDRESS_OK) {
    char what[REDRESS_MAX_ID_BYTES + 32];
    snprintf(what, sizeof what, "list: complaint '%s'", r->id);
    l->rc = app_fail_rc(l->a, lib, what);
  }
  int count = 0;
  out[0] = '\0';
  for (size_t i = 0; i < redress_deadlines_count(d); i++) {
    redress_deadline dl = REDRESS_DEADLINE_INIT;
    redress_deadlines_get(&dl, d, i); /* cannot fail: i is below the count */
    if (dl.state != REDRESS_DEADLINE_BREACHED) continue;
    char kind[32];
    format_enum(kind, sizeof kind, REDRESS_ENUM_DEADLINE_KIND, dl.kind);
    size_t used = strlen(out);
    snprintf(out + used, size - used, "%s%s", count++ ? "," : "", kind);
  }
  redress_deadlines_free(d);
  redress_complaint_free(c);
  return lib == REDRESS_OK ? count : -1;
}

static int wanted(listing *l, const redress_record *r, char *breached, size_t size) {
  int closed = r->state == REDRESS_STATE_CLOSED || r->state == REDRESS_STATE_WITHDRAWN;
  if (l->open_only && closed) return 0;
  if (l->due_only && r->next_alarm > l->due_until) return 0;
  if (l->customer != NULL && strcmp(r->customer_id, l->customer) != 0) return 0;
  if (l->owner != NULL && (r->owner == NULL || strcmp(r->owner, l->owner) != 0)) return 0;
  if (l->team != NULL && (r->team == NULL || strcmp(r->team, l->team) != 0)) return 0;
  breached[0] = '\0';
  if (!l->breached_only) return 1;
  return breached_kinds(l, r, breached, size) > 0;
}

/* Records live only during the callback: the row copies what it shows. */
static int collect(const redress_record *r, void *payload) {
  listing *l = payload;
  char breached[sizeof l->rows->breached];
  if (!wanted(l, r, breached, sizeof breached)) return l->rc != EXIT_OK;
  if (l->n == l->cap) {
    size_t cap = l->cap == 0 ? 64 : l->cap * 2;
    row *rows = realloc(l->rows, cap * sizeof *rows);
    if (rows == NULL) {
      l->rc = app_fail(l->a, "out of memory");
      return 1;
    }
    l->rows = rows;
    l->cap = cap;
  }
  row *w = &l->rows[l->n++];
  snprintf(w->id, sizeof w->id, "%s", r->id);
  snprintf(w->customer, sizeof w->customer, "%s", r->customer_id);
  snprintf(w->breached, sizeof w->breached, "%s", breached);
  w->state = r->state;
  w->severity = r->severity;
  w->channel = r->channel;
  w->received_at = r->received_at;
  w->next_alarm = r->next_alarm;
  return 0;
}

/* The narrowest index the filters allow. */
static int query(listing *l) {
  const redress_store *s = &l->a->records;
  int rc;
  if (l->owner != NULL || l->team != NULL)
    /* every state: --open here also keeps RESOLVED, which the adapter's open_only does not */
    rc = sqlite_store_assigned(s, l->owner, l->team, 0, collect, l);
  else if (l->customer != NULL && s->by_customer != NULL)
    rc = s->by_customer(s->ud, l->customer, collect, l);
  else if (l->due_only && s->due != NULL) rc = s->due(s->ud, l->due_until, collect, l);
  else rc = s->scan(s->ud, collect, l);
  if (l->rc != EXIT_OK) return l->rc;
  return rc == REDRESS_OK ? EXIT_OK : app_fail_store(l->a, rc, "list");
}

static int newest_first(const void *x, const void *y) {
  const row *a = x, *b = y;
  if (a->received_at != b->received_at) return a->received_at > b->received_at ? -1 : 1;
  return strcmp(a->id, b->id);
}

static int soonest_alarm(const void *x, const void *y) {
  const row *a = x, *b = y;
  if (a->next_alarm != b->next_alarm) return a->next_alarm < b->next_alarm ? -1 : 1;
  return strcmp(a->id, b->id);
}

/* ---- printing: a table fitted to its data, or JSON lines ----------------------------- */

typedef struct cells {
  char state[32], severity[16], channel[16], received[40], alarm[40];
} cells;

static void row_cells(cells *c, const row *r) {
  format_enum(c->state, sizeof c->state, REDRESS_ENUM_STATE, r->state);
  format_enum(c->severity, sizeof c->severity, REDRESS_ENUM_SEVERITY, r->severity);
  format_enum(c->channel, sizeof c->channel, REDRESS_ENUM_CHANNEL, r->channel);
  format_time(c->received, sizeof c->received, r->received_at);
  format_time(c->alarm, sizeof c->alarm, r->next_alarm);
}

enum { C_ID, C_STATE, C_SEVERITY, C_CHANNEL, C_CUSTOMER, C_RECEIVED, C_ALARM, C_COUNT };
static const char *const headings[C_COUNT] = {"ID", "STATE", "SEVERITY", "CHANNEL", "CUSTOMER",
                                              "RECEIVED", "NEXT ALARM"};

static void widen(int *width, const char *text) {
  int n = (int)strlen(text); /* bytes: ids and names are ASCII in practice; never less */
  if (n > *width) *width = n;
}

static void fit(int width[C_COUNT], const listing *l) {
  for (int c = 0; c < C_COUNT; c++) width[c] = (int)strlen(headings[c]);
  for (size_t i = 0; i < l->n; i++) {
    cells c;
    row_cells(&c, &l->rows[i]);
    const char *texts[C_COUNT] = {l->rows[i].id, c.state, c.severity, c.channel,
                                  l->rows[i].customer, c.received, c.alarm};
    for (int k = 0; k < C_COUNT; k++) widen(&width[k], texts[k]);
  }
}

static void print_rows(const listing *l) {
  if (l->n == 0) {
    printf("no complaints\n");
    return;
  }
  int width[C_COUNT], colour = use_colour();
  fit(width, l);
  for (int c = 0; c < C_COUNT; c++)
    printf("%-*s%s", c + 1 < C_COUNT || l->breached_only ? width[c] : 0, headings[c],
           c + 1 < C_COUNT ? "  " : "");
  printf("%s\n", l->breached_only ? "  BREACHED" : "");
  for (size_t i = 0; i < l->n; i++) {
    const row *r = &l->rows[i];
    cells c;
    row_cells(&c, r);
    print_column(stdout, r->id, width[C_ID]);
    printf("  %-*s  %-*s  %-*s  ", width[C_STATE], c.state, width[C_SEVERITY], c.severity,
           width[C_CHANNEL], c.channel);
    print_column(stdout, r->customer, width[C_CUSTOMER]);
    printf("  %-*s  %-*s", width[C_RECEIVED], c.received, r->breached[0] ? width[C_ALARM] : 0,
           c.alarm);
    if (r->breached[0])
      printf("  %s%s%s", colour_start(colour, "breach"), r->breached, colour_end(colour));
    putchar('\n');
  }
}

static void print_json_rows(const listing *l) {
  for (size_t i = 0; i < l->n; i++) {
    const row *r = &l->rows[i];
    fputc('{', stdout);
    json_member_string(stdout, "id", r->id, 1);
    json_member_enum(stdout, "state", REDRESS_ENUM_STATE, r->state);
    json_member_enum(stdout, "severity", REDRESS_ENUM_SEVERITY, r->severity);
    json_member_enum(stdout, "channel", REDRESS_ENUM_CHANNEL, r->channel);
    json_member_string(stdout, "customer", r->customer, 0);
    json_member_time(stdout, "received_at", r->received_at);
    json_member_time(stdout, "next_alarm", r->next_alarm);
    if (l->breached_only) { /* the kinds, as the library names them */
      fputs(",\"breached\":[", stdout);
      for (const char *k = r->breached; *k;) {
        size_t n = strcspn(k, ",");
        printf("%s\"", k == r->breached ? "" : ",");
        for (size_t j = 0; j < n; j++) putchar(k[j] == '-' ? '_' : k[j]);
        putchar('"');
        k += n + (k[n] == ',');
      }
      fputc(']', stdout);
    }
    fputs("}\n", stdout);
  }
}

static int read_filters(listing *l, app *a, const args *in) {
  int64_t within = 0;
  l->now = redress_desk_now(a->desk);
  int rc = arg_time(&l->now, a, in, "at", l->now);
  if (rc == EXIT_OK) rc = arg_duration(&within, a, in, "within");
  if (rc == EXIT_OK && arg_flag(in, "within") && !arg_flag(in, "due"))
    rc = app_usage(a, "--within goes with --due");
  l->due_until = l->now + within;
  l->open_only = arg_flag(in, "open");
  l->due_only = arg_flag(in, "due");
  l->breached_only = arg_flag(in, "breached");
  l->customer = arg_get(in, "customer");
  l->owner = arg_get(in, "owner");
  l->team = arg_get(in, "team");
  return rc;
}

int cmd_list(app *a, const args *in, const command *self) {
  (void)self;
  if (in->npos > 0) return app_usage(a, "list: unexpected argument '%s'", in->pos[0]);
  listing l;
  memset(&l, 0, sizeof l);
  l.a = a;
  int rc = read_filters(&l, a, in);
  if (rc == EXIT_OK) rc = query(&l);
  if (rc == EXIT_OK) {
    if (l.n > 1) qsort(l.rows, l.n, sizeof *l.rows, l.due_only ? soonest_alarm : newest_first);
    if (arg_flag(in, "json")) print_json_rows(&l);
    else print_rows(&l);
  }
  free(l.rows);
  return rc;
}
