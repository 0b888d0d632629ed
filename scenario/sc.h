/*
 * libredress-scenario's own declarations. The runner reads a scenario in two passes:
 * lex.c cuts the text into statements (a line and its indented continuation) and
 * tokens; parse.c turns them into a setting and typed steps, refusing anything
 * malformed with its line and column before anything runs; run.c opens a desk and
 * plays the steps; expect.c judges the expectations; result.c keeps the checks and
 * report.c prints them. Everything a scenario allocates lives in one arena.
 */
#ifndef SC_H
#define SC_H

#include <stddef.h>
#include <stdint.h>

#include "redress-scenario.h"

/* ---- memory (arena.c) ----------------------------------------------------------- */

typedef struct sc_chunk sc_chunk;
typedef struct sc_arena {
  sc_chunk *head;
  int failed; /* an allocation failed: the run ends with REDRESS_ERR_NOMEM */
} sc_arena;

void *sc_alloc(sc_arena *a, size_t size); /* zeroed; NULL (and a->failed) on failure */
char *sc_strndup(sc_arena *a, const char *s, size_t len);
char *sc_strdup(sc_arena *a, const char *s);
/* printf's checks; on mingw-w64 its C99 stdio (%zu), as in lib/base/base.h */
#if defined(__MINGW32__)
#  define SC_PRINTF(f, a) __attribute__((format(gnu_printf, f, a)))
#elif defined(__GNUC__)
#  define SC_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#  define SC_PRINTF(f, a)
#endif
char *sc_printf(sc_arena *a, const char *fmt, ...) SC_PRINTF(2, 3);
void sc_arena_free(sc_arena *a);

/* A growable text buffer on malloc (the reports). */
typedef struct sc_buf {
  char *text;
  size_t len, cap;
  int failed;
} sc_buf;
void sc_buf_add(sc_buf *b, const char *s, size_t len);
void sc_buf_puts(sc_buf *b, const char *s);
void sc_buf_printf(sc_buf *b, const char *fmt, ...) SC_PRINTF(2, 3);

/* ---- statements and tokens (lex.c) ------------------------------------------------ */

typedef struct sc_token {
  const char *key;  /* key=value: the key; else NULL */
  const char *text; /* the word, or the value (unquoted, unescaped) */
  unsigned line, col;
  int quoted;
} sc_token;

typedef struct sc_stmt {
  unsigned line, col;  /* of the first token */
  const char *source;  /* the first line, trimmed, comment left on */
  sc_token *tok;       /* the tokens of the line and its continuation lines */
  size_t ntok;
  const char *body;    /* the continuation lines as raw text, common indent removed */
  size_t body_len;
  unsigned body_line;  /* line of the first continuation line (0: none) */
  unsigned body_indent; /* columns removed from each */
} sc_stmt;

/* A syntax error: where and what was expected. */
typedef struct sc_error {
  unsigned line, col;
  char message[512];
} sc_error;

/* Cuts text into statements. 0, or -1 with err set (-2: out of memory). */
int sc_lex(sc_stmt **out, size_t *count, sc_arena *a, const char *text, size_t len,
           sc_error *err);
/* Tokenises one string (a value holding a time) as the lexer would a line. */
int sc_lex_words(sc_token **out, size_t *count, sc_arena *a, const char *text, unsigned line,
                 unsigned col, sc_error *err);

/* ---- times (times.c) -------------------------------------------------------------- */

/* A time as written: absolute (local wall time in the scenario's zone, or UTC), or
 * relative to the clock (+N unit). */
typedef struct sc_time {
  int relative;
  int64_t amount; /* relative: seconds or days */
  int unit;       /* relative: a redress_span_unit */
  int year, month, day, hour, minute, second;
  int utc;        /* absolute: written with Z or UTC */
} sc_time;

/* Reads a time from tokens at *i (advancing it). 0, or -1 with err set. */
int sc_time_parse(sc_time *out, const sc_token *tok, size_t ntok, size_t *i, sc_error *err);
redress_time sc_civil(int year, int month, int day, int hour, int minute, int second);

/* ---- the scenario (parse.c) -------------------------------------------------------- */

enum sc_step_kind {
  SC_AT, SC_CREATE, SC_VERB, SC_TICK,
  SC_EXPECT_STATE, SC_EXPECT_POLICY, SC_EXPECT_DEADLINE, SC_EXPECT_ALARMS,
  SC_EXPECT_REFUSED, SC_EXPECT_VERDICT, SC_EXPECT_METRIC
};

/* The values a create or a verb may be given (key=value). */
typedef struct sc_values {
  const char *actor, *note, *point, *demand, *remedy, *to, *owner, *team;
  const char *customer, *tier, *category, *text, *requested, *product, *cause;
  int decision, satisfaction, legitimacy, severity, channel, visible;
  int64_t compensation, order_value, claimed, expectation, bottom_line, customer_value,
      prior_compensation, prior_complaints;
  sc_time due;
  int has_due;
} sc_values;

typedef struct sc_alarm {
  const char *id;
  int kind, level;
  int has_due;
  sc_time due;
  unsigned line;
} sc_alarm;

enum sc_verdict_what { SC_TEMPERAMENT, SC_RISKS, SC_PLAYBOOK, SC_LEGITIMACY };

typedef struct sc_step {
  int kind;          /* enum sc_step_kind */
  unsigned line, col;
  const char *source;
  const char *id;    /* the complaint, when the step names one */
  sc_time time;      /* SC_AT */
  int verb;          /* SC_VERB: index in sc_verbs */
  sc_values v;       /* SC_CREATE, SC_VERB */
  int state;         /* SC_EXPECT_STATE */
  const char *name;  /* SC_EXPECT_POLICY: the policy */
  int dkind, dstate; /* SC_EXPECT_DEADLINE: kind; state or -1 */
  int has_due;
  sc_time due;
  sc_alarm *alarms;  /* SC_EXPECT_ALARMS */
  size_t nalarms;
  int refused;       /* SC_EXPECT_REFUSED: the error code, or 0 for any */
  const char *text;  /* SC_EXPECT_VERDICT: the text, or NULL for the complaint `id` */
  int what;          /* SC_EXPECT_VERDICT: enum sc_verdict_what */
  int value;         /* SC_EXPECT_VERDICT: temperament/legitimacy, or flag bits */
  int metric;        /* SC_EXPECT_METRIC */
  double expected;   /* SC_EXPECT_METRIC: NaN for "none" */
  int decimals, percent;
  int group_by;
  const char *group_key;
} sc_step;

typedef struct sc_calendar {
  const char *name;
  const char *spec; /* NULL: a built-in calendar */
  size_t len;
  unsigned line, body_line, body_indent;
} sc_calendar;

typedef struct sc_scenario {
  const char *file, *dir; /* dir: where named files are read ("" for the current one) */
  const char *title;
  const char *zoneinfo, *tenant;
  const char *actor;       /* the default actor of verbs */
  const char *zone_calendar; /* whose zone local times are in; NULL: the first */
  sc_calendar *calendars;
  size_t ncalendars;
  const char *policies;    /* the policy spec, or NULL */
  size_t policies_len;
  unsigned policies_line, policies_body_line, policies_indent;
  const char **regimes;
  unsigned *regime_lines;
  size_t nregimes;
  sc_step *steps;
  size_t nsteps;
} sc_scenario;

/* Reads a scenario; 0, or -1 with err set (-2: out of memory). */
int sc_parse(sc_scenario *out, sc_arena *a, const char *file, const char *text, size_t len,
             sc_error *err);
/* Reads a whole file into the arena; NULL with errno set. */
char *sc_read_file(sc_arena *a, const char *path, size_t *len);
/* A path relative to the scenario's folder (absolute paths stay). */
const char *sc_path(sc_arena *a, const sc_scenario *s, const char *name);

/* ---- names (words.c) ---------------------------------------------------------------- */

typedef struct sc_verb {
  const char *name;   /* as written: acknowledge, await-customer ... */
  const char *keys;   /* the keys it takes besides by= and note=, blank-separated */
  int required_note;
} sc_verb;
extern const sc_verb sc_verbs[];
extern const size_t sc_verb_count;
int sc_verb_find(const char *name);

/* A value of a libredress enumeration by its name ('-' and '_' alike); -1 if none. */
int sc_enum_find(int enumeration, const char *name);
/* A flag set of REDRESS_ENUM_RISK / _PLAYBOOK by name; -1 if unknown. */
int sc_flag_find(int enumeration, const char *name);
/* Names of the enumeration's values, for "expected one of ...". */
const char *sc_enum_list(sc_arena *a, int enumeration);
/* Money "49.90" as minor units; -1 if malformed. */
int sc_money(int64_t *out, const char *text);
/* A whole number; -1 if malformed. */
int sc_integer(int64_t *out, const char *text, int64_t min, int64_t max);

/* ---- results (result.c) --------------------------------------------------------------- */

typedef struct sc_check {
  int outcome;
  unsigned line, column;
  char *step, *when, *expected, *actual, *message;
} sc_check;

struct redress_scenario_result {
  char *file, *title;
  sc_check *checks;
  size_t n, cap;
  int failed_alloc;
};

/* Appends a check (strings copied; NULL as ""). */
void sc_result_add(redress_scenario_result *r, int outcome, unsigned line, unsigned column,
                   const char *step, const char *when, const char *expected,
                   const char *actual, const char *message);

/* ---- running (run.c, expect.c) --------------------------------------------------------- */

typedef struct sc_seen_alarm {
  char *id;
  int kind, level;
  redress_time due;
} sc_seen_alarm;

typedef struct sc_run {
  const sc_scenario *s;
  redress_scenario_result *r;
  sc_arena *a;
  redress_desk *desk;
  redress_time now;
  int clock_set;
  const char *zone;        /* the tz= of the zone calendar, or NULL for UTC */
  redress_calendar *cal;   /* the zone calendar, for relative business time */
  const sc_step *last_verb; /* the verb just run, for expect refused */
  int last_verb_rc;
  char last_verb_msg[512];
  sc_seen_alarm *alarms;   /* the last tick's */
  size_t nalarms, cap_alarms;
  int ticked;
} sc_run;

/* Resolves a written time against the run's clock and zone. 0, or -1 with msg set. */
int sc_time_resolve(redress_time *out, sc_run *run, const sc_time *t, char *msg, size_t size);
/* An instant for people: local wall time in the run's zone ("2026-03-30 17:00"), or
 * UTC with Z when the scenario has no zone. */
void sc_time_format(char *buf, size_t size, sc_run *run, redress_time t);

int sc_expect(sc_run *run, const sc_step *st);
/* Plays a parsed scenario; 0, or -2 when memory ran out. */
int sc_run_scenario(redress_scenario_result *r, const sc_scenario *s,
                    const redress_scenario_options *o, sc_arena *a);
/* Records a check for a step; `when` is the run's clock. */
void sc_record(sc_run *run, const sc_step *st, int outcome, const char *expected,
              const char *actual, const char *message);

#endif
