/*
 * The scenario's grammar (docs/scenarios.md): the setting first, then the timeline of
 * steps and expectations. Everything is checked here, before anything runs, so that a
 * malformed scenario is refused with its line, its column and what was expected.
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sc.h"

typedef struct parser {
  sc_arena *a;
  sc_scenario *s;
  sc_error *err;
  const char **ids; /* complaints created so far */
  size_t nids;
  size_t cap_steps;
} parser;

static int fail_at(parser *p, unsigned line, unsigned col, const char *fmt, const char *arg) {
  p->err->line = line;
  p->err->col = col;
  snprintf(p->err->message, sizeof p->err->message, fmt, arg);
  return -1;
}

static int fail(parser *p, const sc_token *t, const char *fmt, const char *arg) {
  return fail_at(p, t->line, t->col, fmt, arg);
}

/* The token after the last one, for "expected ... at the end of the line". */
static int fail_end(parser *p, const sc_stmt *st, const char *fmt, const char *arg) {
  const sc_token *t = &st->tok[st->ntok - 1];
  return fail_at(p, t->line, t->col + (unsigned)strlen(t->text) + (t->quoted ? 2u : 0u),
                 fmt, arg);
}

/* ---- the setting ---------------------------------------------------------------------- */

static int word_count(parser *p, const sc_stmt *st, size_t want, const char *what) {
  if (st->ntok < want) return fail_end(p, st, "expected %s", what);
  if (st->ntok > want) return fail(p, &st->tok[want], "expected the end of the line after %s", what);
  for (size_t i = 0; i < st->ntok; i++)
    if (st->tok[i].key != NULL) return fail(p, &st->tok[i], "expected %s, not key=value", what);
  return 0;
}

static int no_body(parser *p, const sc_stmt *st) {
  if (st->body == NULL) return 0;
  return fail_at(p, st->body_line, st->body_indent + 1,
                 "expected no indented lines under '%s'", st->tok[0].text);
}

/* `calendar NAME` with its spec indented below, `calendar NAME from FILE`, or a bare
 * `calendar NAME`: a built-in calendar. */
static int setting_calendar(parser *p, const sc_stmt *st) {
  sc_scenario *s = p->s;
  if (st->ntok != 2 && !(st->ntok == 4 && strcmp(st->tok[2].text, "from") == 0))
    return st->ntok < 2 ? fail_end(p, st, "expected the calendar's name%s", "")
                        : fail(p, &st->tok[2], "expected 'from FILE' or the end of the line%s", "");
  for (size_t i = 0; i < s->ncalendars; i++)
    if (strcmp(s->calendars[i].name, st->tok[1].text) == 0)
      return fail(p, &st->tok[1], "expected a new calendar name: '%s' is given twice",
                  st->tok[1].text);
  sc_calendar *cals = sc_alloc(p->a, (s->ncalendars + 1) * sizeof *cals);
  if (cals == NULL) return -2;
  if (s->ncalendars) memcpy(cals, s->calendars, s->ncalendars * sizeof *cals);
  sc_calendar *c = &cals[s->ncalendars];
  c->name = st->tok[1].text;
  c->line = st->line;
  if (st->ntok == 4) {
    if (no_body(p, st) != 0) return -1;
    const char *path = sc_path(p->a, s, st->tok[3].text);
    c->spec = path != NULL ? sc_read_file(p->a, path, &c->len) : NULL;
    if (c->spec == NULL)
      return fail(p, &st->tok[3], "expected a readable calendar file: cannot read '%s'", path);
    if (memchr(c->spec, '\0', c->len) != NULL) /* the spec would be cut there */
      return fail(p, &st->tok[3], "expected a text file: '%s' holds a NUL byte", path);
  } else if (st->body != NULL) {
    c->spec = st->body;
    c->len = st->body_len;
    c->body_line = st->body_line;
    c->body_indent = st->body_indent;
  }
  s->calendars = cals;
  s->ncalendars++;
  return 0;
}

static int setting_policies(parser *p, const sc_stmt *st) {
  sc_scenario *s = p->s;
  if (s->policies != NULL) return fail(p, &st->tok[0], "expected one 'policies' block%s", "");
  s->policies_line = st->line;
  if (st->ntok == 3 && strcmp(st->tok[1].text, "from") == 0) {
    if (no_body(p, st) != 0) return -1;
    const char *path = sc_path(p->a, s, st->tok[2].text);
    s->policies = path != NULL ? sc_read_file(p->a, path, &s->policies_len) : NULL;
    if (s->policies == NULL)
      return fail(p, &st->tok[2], "expected a readable policy file: cannot read '%s'", path);
    if (memchr(s->policies, '\0', s->policies_len) != NULL) /* the spec would be cut there */
      return fail(p, &st->tok[2], "expected a text file: '%s' holds a NUL byte", path);
    return 0;
  }
  if (st->ntok != 1) return fail(p, &st->tok[1], "expected 'from FILE' or the policies indented below%s", "");
  if (st->body == NULL) return fail_end(p, st, "expected the policy spec indented below 'policies'%s", "");
  s->policies = st->body;
  s->policies_len = st->body_len;
  s->policies_body_line = st->body_line;
  s->policies_indent = st->body_indent;
  return 0;
}

static int setting_regime(parser *p, const sc_stmt *st) {
  sc_scenario *s = p->s;
  int rc = word_count(p, st, 2, "the regime's name");
  if (rc != 0) return rc;
  const char **names = sc_alloc(p->a, (s->nregimes + 1) * sizeof *names);
  unsigned *lines = sc_alloc(p->a, (s->nregimes + 1) * sizeof *lines);
  if (names == NULL || lines == NULL) return -2;
  if (s->nregimes) {
    memcpy(names, s->regimes, s->nregimes * sizeof *names);
    memcpy(lines, s->regime_lines, s->nregimes * sizeof *lines);
  }
  names[s->nregimes] = st->tok[1].text;
  lines[s->nregimes] = st->line;
  s->regimes = names;
  s->regime_lines = lines;
  s->nregimes++;
  return 0;
}

/* 1 if the statement is a setting line (and was read), 0 if not one, <0 on error. */
static int setting(parser *p, const sc_stmt *st) {
  const char *w = st->tok[0].text;
  sc_scenario *s = p->s;
  int rc;
  if (strcmp(w, "calendar") == 0) rc = setting_calendar(p, st);
  else if (strcmp(w, "policies") == 0) rc = setting_policies(p, st);
  else if (strcmp(w, "regime") == 0) rc = setting_regime(p, st);
  else if (strcmp(w, "scenario") == 0) {
    if ((rc = word_count(p, st, 2, "the title (quoted when it has blanks)")) == 0)
      s->title = st->tok[1].text;
  } else if (strcmp(w, "zoneinfo") == 0) {
    if ((rc = word_count(p, st, 2, "the folder of the zone files")) == 0)
      s->zoneinfo = sc_path(p->a, s, st->tok[1].text);
  } else if (strcmp(w, "tenant") == 0) {
    if ((rc = word_count(p, st, 2, "the tenant")) == 0) s->tenant = st->tok[1].text;
  } else if (strcmp(w, "actor") == 0) {
    if ((rc = word_count(p, st, 2, "the name verbs are done by")) == 0) s->actor = st->tok[1].text;
  } else if (strcmp(w, "zone") == 0) {
    if ((rc = word_count(p, st, 2, "a calendar's name, or UTC")) == 0)
      s->zone_calendar = st->tok[1].text;
  } else {
    return 0;
  }
  if (rc == 0 && strcmp(w, "calendar") != 0 && strcmp(w, "policies") != 0) rc = no_body(p, st);
  return rc == 0 ? 1 : rc;
}

/* ---- steps -------------------------------------------------------------------------- */

static sc_step *new_step(parser *p, const sc_stmt *st, int kind) {
  sc_scenario *s = p->s;
  if (s->nsteps == p->cap_steps) {
    size_t cap = p->cap_steps ? p->cap_steps * 2 : 32;
    sc_step *steps = sc_alloc(p->a, cap * sizeof *steps);
    if (steps == NULL) return NULL;
    if (s->nsteps) memcpy(steps, s->steps, s->nsteps * sizeof *steps);
    s->steps = steps;
    p->cap_steps = cap;
  }
  sc_step *step = &s->steps[s->nsteps++];
  memset(step, 0, sizeof *step);
  step->kind = kind;
  step->line = st->line;
  step->col = st->col;
  step->source = st->source;
  step->dstate = -1;
  return step;
}

/* The statement's tokens with those of its continuation lines. */
static int all_tokens(parser *p, const sc_stmt *st, sc_token **out, size_t *n) {
  size_t cap = st->ntok + 1;
  for (size_t i = 0; i < st->body_len; i++) cap += st->body[i] == '\n' || st->body[i] == ' ';
  sc_token *tok = sc_alloc(p->a, cap * sizeof *tok);
  if (tok == NULL) return -2;
  memcpy(tok, st->tok, st->ntok * sizeof *tok);
  size_t count = st->ntok;
  const char *line = st->body;
  for (unsigned k = 0; line != NULL && line < st->body + st->body_len; k++) {
    const char *end = memchr(line, '\n', (size_t)(st->body + st->body_len - line));
    char *copy = sc_strndup(p->a, line, (size_t)(end - line));
    sc_token *more = NULL;
    size_t nmore = 0;
    if (copy == NULL) return -2;
    int rc = sc_lex_words(&more, &nmore, p->a, copy, st->body_line + k, st->body_indent + 1,
                          p->err);
    if (rc != 0) return rc;
    if (count + nmore > cap) return fail_at(p, st->body_line + k, 1, "expected fewer words%s", "");
    memcpy(tok + count, more, nmore * sizeof *tok);
    count += nmore;
    line = end + 1;
  }
  *out = tok;
  *n = count;
  return 0;
}

static int known_id(parser *p, const sc_token *t) {
  for (size_t i = 0; i < p->nids; i++)
    if (strcmp(p->ids[i], t->text) == 0) return 0;
  return fail(p, t, "expected a complaint created above: no 'create %s' before this line",
              t->text);
}

enum value_type { V_TEXT, V_MONEY, V_ENUM, V_COUNT, V_SATISFACTION, V_TIME, V_YESNO };

typedef struct key_spec {
  const char *key;
  int type, enumeration;
  size_t offset;
} key_spec;

#define KEY(k, t, e, m) {k, t, e, offsetof(sc_values, m)}
static const key_spec verb_keys[] = {
    KEY("by", V_TEXT, 0, actor), KEY("note", V_TEXT, 0, note), KEY("point", V_TEXT, 0, point),
    KEY("demand", V_TEXT, 0, demand), KEY("remedy", V_TEXT, 0, remedy),
    KEY("to", V_TEXT, 0, to), KEY("party", V_TEXT, 0, to), KEY("owner", V_TEXT, 0, owner),
    KEY("team", V_TEXT, 0, team),
    KEY("decision", V_ENUM, REDRESS_ENUM_DECISION, decision),
    KEY("legitimacy", V_ENUM, REDRESS_ENUM_LEGITIMACY, legitimacy),
    KEY("severity", V_ENUM, REDRESS_ENUM_SEVERITY, severity),
    KEY("channel", V_ENUM, REDRESS_ENUM_CHANNEL, channel),
    KEY("compensation", V_MONEY, 0, compensation),
    KEY("satisfaction", V_SATISFACTION, 0, satisfaction),
    KEY("visible", V_YESNO, 0, visible), KEY("due", V_TIME, 0, due),
    {NULL, 0, 0, 0}};
static const key_spec create_keys[] = {
    KEY("customer", V_TEXT, 0, customer), KEY("tier", V_TEXT, 0, tier),
    KEY("category", V_TEXT, 0, category), KEY("text", V_TEXT, 0, text),
    KEY("remedy", V_TEXT, 0, requested), KEY("product", V_TEXT, 0, product),
    KEY("cause", V_TEXT, 0, cause),
    KEY("channel", V_ENUM, REDRESS_ENUM_CHANNEL, channel),
    KEY("severity", V_ENUM, REDRESS_ENUM_SEVERITY, severity),
    KEY("order-value", V_MONEY, 0, order_value), KEY("claimed", V_MONEY, 0, claimed),
    KEY("expectation", V_MONEY, 0, expectation), KEY("bottom-line", V_MONEY, 0, bottom_line),
    KEY("customer-value", V_MONEY, 0, customer_value),
    KEY("prior-compensation", V_MONEY, 0, prior_compensation),
    KEY("prior-complaints", V_COUNT, 0, prior_complaints),
    {NULL, 0, 0, 0}};

static int read_value(parser *p, const key_spec *k, const sc_token *t, sc_values *v) {
  char *base = (char *)v;
  switch (k->type) {
  case V_TEXT:
    *(const char **)(void *)(base + k->offset) = t->text;
    return 0;
  case V_MONEY:
    if (sc_money((int64_t *)(void *)(base + k->offset), t->text) != 0)
      return fail(p, t, "expected an amount of money such as 49.90 for %s", t->key);
    return 0;
  case V_COUNT:
    if (sc_integer((int64_t *)(void *)(base + k->offset), t->text, 0, UINT32_MAX) != 0)
      return fail(p, t, "expected a whole number for %s", t->key);
    return 0;
  case V_SATISFACTION: {
    int64_t n = 0;
    if (sc_integer(&n, t->text, 1, 5) != 0)
      return fail(p, t, "expected a satisfaction from 1 to 5%s", "");
    *(int *)(void *)(base + k->offset) = (int)n;
    return 0;
  }
  case V_YESNO:
    if (strcmp(t->text, "yes") != 0 && strcmp(t->text, "no") != 0)
      return fail(p, t, "expected yes or no for %s", t->key);
    *(int *)(void *)(base + k->offset) = strcmp(t->text, "yes") == 0;
    return 0;
  case V_TIME: {
    sc_token *words = NULL;
    size_t n = 0, i = 0;
    int rc = sc_lex_words(&words, &n, p->a, t->text, t->line, t->col, p->err);
    if (rc == 0 && n == 0) return fail(p, t, "expected a time for %s", t->key);
    if (rc == 0) rc = sc_time_parse(&v->due, words, n, &i, p->err);
    if (rc == 0 && i < n) return fail(p, &words[i], "expected the end of the time%s", "");
    v->has_due = 1;
    return rc;
  }
  default: {
    int value = sc_enum_find(k->enumeration, t->text);
    if (value < 0 || (k->enumeration == REDRESS_ENUM_DECISION && value == 0) ||
        (k->enumeration == REDRESS_ENUM_LEGITIMACY && value == 0)) {
      const char *list = sc_enum_list(p->a, k->enumeration);
      p->err->line = t->line;
      p->err->col = t->col;
      snprintf(p->err->message, sizeof p->err->message, "expected a %s: one of %s", t->key, list);
      return -1;
    }
    *(int *)(void *)(base + k->offset) = value;
    return 0;
  }
  }
}

static int has_word(const char *list, const char *word) {
  size_t n = strlen(word);
  for (const char *s = list; (s = strstr(s, word)) != NULL; s += n)
    if ((s == list || s[-1] == ' ') && (s[n] == '\0' || s[n] == ' ')) return 1;
  return 0;
}

/* A key given twice in one step: keeping either value would drop the other silently. */
static int key_repeated(parser *p, const sc_token *tok, size_t from, size_t i) {
  for (size_t j = from; j < i; j++)
    if (strcmp(tok[j].key, tok[i].key) == 0)
      return fail(p, &tok[i], "expected each key once in a step: %s= is given twice", tok[i].key);
  return 0;
}

/* key=value pairs from tok[from]; `allowed` limits the keys (NULL: every key of the table). */
static int read_values(parser *p, sc_values *v, const sc_token *tok, size_t n, size_t from,
                       const key_spec *table, const char *allowed, const char *what) {
  for (size_t i = from; i < n; i++) {
    const sc_token *t = &tok[i];
    if (t->key == NULL) return fail(p, t, "expected key=value (such as note=\"...\") after %s", what);
    const key_spec *k = table;
    while (k->key != NULL && strcmp(k->key, t->key) != 0) k++;
    int ok = k->key != NULL &&
             (allowed == NULL || strcmp(t->key, "by") == 0 || strcmp(t->key, "note") == 0 ||
              has_word(allowed, t->key));
    if (!ok) {
      p->err->line = t->line;
      p->err->col = t->col;
      snprintf(p->err->message, sizeof p->err->message, "expected one of the keys of %s: %s%s%s",
               what, allowed != NULL ? "by note " : "", allowed != NULL ? allowed : "",
               allowed != NULL ? "" : "customer tier channel category product cause severity text remedy "
                                      "order-value claimed expectation bottom-line "
                                      "customer-value prior-complaints prior-compensation");
      return -1;
    }
    int rc = key_repeated(p, tok, from, i);
    if (rc == 0) rc = read_value(p, k, t, v);
    if (rc != 0) return rc;
  }
  return 0;
}

static void default_values(sc_values *v) {
  memset(v, 0, sizeof *v);
  v->channel = -1;
  v->severity = -1;
  v->decision = -1;
  v->compensation = REDRESS_AMOUNT_UNKNOWN;
  v->order_value = v->claimed = v->expectation = v->bottom_line = v->customer_value =
      REDRESS_AMOUNT_UNKNOWN;
  v->prior_compensation = 0;
}

static int step_create(parser *p, const sc_stmt *st) {
  sc_token *tok = NULL;
  size_t n = 0;
  int rc = all_tokens(p, st, &tok, &n);
  if (rc != 0) return rc;
  if (n < 2 || tok[1].key != NULL)
    return n < 2 ? fail_end(p, st, "expected the complaint's id after 'create'%s", "")
                 : fail(p, &tok[1], "expected the complaint's id after 'create'%s", "");
  for (size_t i = 0; i < p->nids; i++)
    if (strcmp(p->ids[i], tok[1].text) == 0)
      return fail(p, &tok[1], "expected a new id: '%s' is created above", tok[1].text);
  static const char *const reserved[] = {"text", "alarms", "no", "refused", "metric"};
  for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
    if (strcmp(tok[1].text, reserved[i]) == 0)
      return fail(p, &tok[1], "expected an id other than '%s' (a word of 'expect')", tok[1].text);
  sc_step *step = new_step(p, st, SC_CREATE);
  if (step == NULL) return -2;
  step->id = tok[1].text;
  default_values(&step->v);
  if ((rc = read_values(p, &step->v, tok, n, 2, create_keys, NULL, "create")) != 0) return rc;
  const char **ids = sc_alloc(p->a, (p->nids + 1) * sizeof *ids);
  if (ids == NULL) return -2;
  if (p->nids) memcpy(ids, p->ids, p->nids * sizeof *ids);
  ids[p->nids++] = tok[1].text;
  p->ids = ids;
  return 0;
}

static int step_verb(parser *p, const sc_stmt *st, int verb) {
  sc_token *tok = NULL;
  size_t n = 0;
  int rc = all_tokens(p, st, &tok, &n);
  if (rc != 0) return rc;
  if (n < 2 || tok[1].key != NULL)
    return n < 2 ? fail_end(p, st, "expected the complaint's id after '%s'", tok[0].text)
                 : fail(p, &tok[1], "expected the complaint's id after '%s'", tok[0].text);
  if ((rc = known_id(p, &tok[1])) != 0) return rc;
  sc_step *step = new_step(p, st, SC_VERB);
  if (step == NULL) return -2;
  step->id = tok[1].text;
  step->verb = verb;
  default_values(&step->v);
  char what[64];
  snprintf(what, sizeof what, "'%s'", sc_verbs[verb].name);
  if ((rc = read_values(p, &step->v, tok, n, 2, verb_keys, sc_verbs[verb].keys, what)) != 0)
    return rc;
  const char *need = NULL;
  if (sc_verbs[verb].required_note && step->v.note == NULL) need = "note=\"...\"";
  else if (has_word(sc_verbs[verb].keys, "decision") && step->v.decision < 0) need = "decision=";
  else if (has_word(sc_verbs[verb].keys, "satisfaction") && step->v.satisfaction == 0)
    need = "satisfaction=";
  else if (has_word(sc_verbs[verb].keys, "due") && !step->v.has_due) need = "due=\"...\"";
  else if (has_word(sc_verbs[verb].keys, "legitimacy") && step->v.legitimacy == 0)
    need = "legitimacy=";
  else if (has_word(sc_verbs[verb].keys, "severity") && step->v.severity < 0) need = "severity=";
  else if (has_word(sc_verbs[verb].keys, "channel") && step->v.channel < 0) need = "channel=";
  else if (strcmp(sc_verbs[verb].name, "investigate") == 0 && step->v.point == NULL)
    need = "point=\"...\"";
  if (need != NULL) return fail_end(p, st, "expected %s on this verb", need);
  return 0;
}

/* ---- expectations ---------------------------------------------------------------------- */

static int expect_alarms(parser *p, const sc_stmt *st, sc_step *step) {
  if (st->body == NULL) return fail_end(p, st, "expected the alarms indented below 'expect alarms' (or 'expect no alarms')%s", "");
  size_t lines = 0;
  for (size_t i = 0; i < st->body_len; i++) lines += st->body[i] == '\n';
  step->alarms = sc_alloc(p->a, (lines + 1) * sizeof *step->alarms);
  if (step->alarms == NULL) return -2;
  const char *line = st->body;
  for (unsigned k = 0; line < st->body + st->body_len; k++) {
    const char *end = memchr(line, '\n', (size_t)(st->body + st->body_len - line));
    char *copy = sc_strndup(p->a, line, (size_t)(end - line));
    sc_token *tok = NULL;
    size_t n = 0, i = 3;
    if (copy == NULL) return -2;
    int rc = sc_lex_words(&tok, &n, p->a, copy, st->body_line + k, st->body_indent + 1, p->err);
    if (rc != 0) return rc;
    line = end + 1;
    if (n == 0) continue;
    sc_alarm *al = &step->alarms[step->nalarms++];
    al->line = st->body_line + k;
    if (n < 3) return fail(p, &tok[n - 1], "expected an alarm: ID KIND LEVEL [due TIME], such as 'c1 acknowledge breach'%s", "");
    if ((rc = known_id(p, &tok[0])) != 0) return rc;
    al->id = tok[0].text;
    al->kind = sc_enum_find(REDRESS_ENUM_DEADLINE_KIND, tok[1].text);
    if (al->kind < 0) return fail(p, &tok[1], "expected a deadline kind: one of %s", sc_enum_list(p->a, REDRESS_ENUM_DEADLINE_KIND));
    al->level = sc_enum_find(REDRESS_ENUM_ALARM_LEVEL, tok[2].text);
    if (al->level < 0) return fail(p, &tok[2], "expected an alarm level: one of %s", sc_enum_list(p->a, REDRESS_ENUM_ALARM_LEVEL));
    if (i < n && strcmp(tok[i].text, "due") == 0) {
      i++;
      al->has_due = 1;
      if ((rc = sc_time_parse(&al->due, tok, n, &i, p->err)) != 0) return rc;
    }
    if (i < n) return fail(p, &tok[i], "expected 'due TIME' or the end of the line%s", "");
  }
  return 0;
}

static int read_flags(parser *p, sc_step *step, const sc_token *tok, size_t n, size_t i, int enumeration) {
  step->value = 0;
  if (i >= n) return fail(p, &tok[i - 1], "expected flag names, or none%s", "");
  if (n == i + 1 && strcmp(tok[i].text, "none") == 0) return 0;
  for (; i < n; i++) {
    int bit = sc_flag_find(enumeration, tok[i].text);
    if (bit < 0) return fail(p, &tok[i], "expected a flag: one of %s, or none", sc_enum_list(p->a, enumeration));
    step->value |= bit;
  }
  return 0;
}

/* temperament X | legitimacy X | risks A B | playbook A B, from tok[i]. */
static int expect_verdict(parser *p, sc_step *step, const sc_token *tok, size_t n, size_t i) {
  step->kind = SC_EXPECT_VERDICT;
  const char *w = tok[i].text;
  if (strcmp(w, "risks") == 0 || strcmp(w, "playbook") == 0) {
    step->what = w[0] == 'r' ? SC_RISKS : SC_PLAYBOOK;
    return read_flags(p, step, tok, n, i + 1, w[0] == 'r' ? REDRESS_ENUM_RISK : REDRESS_ENUM_PLAYBOOK);
  }
  int e = strcmp(w, "temperament") == 0 ? REDRESS_ENUM_TEMPERAMENT : REDRESS_ENUM_LEGITIMACY;
  step->what = e == REDRESS_ENUM_TEMPERAMENT ? SC_TEMPERAMENT : SC_LEGITIMACY;
  if (i + 1 >= n) return fail(p, &tok[i], "expected a value after '%s'", w);
  if (i + 2 < n) return fail(p, &tok[i + 2], "expected the end of the line%s", "");
  step->value = sc_enum_find(e, tok[i + 1].text);
  if (step->value < 0) return fail(p, &tok[i + 1], "expected one of %s", sc_enum_list(p->a, e));
  return 0;
}

static int is_verdict_word(const char *w) {
  return strcmp(w, "temperament") == 0 || strcmp(w, "legitimacy") == 0 ||
         strcmp(w, "risks") == 0 || strcmp(w, "playbook") == 0;
}

static int expect_metric(parser *p, sc_step *step, const sc_token *tok, size_t n) {
  step->kind = SC_EXPECT_METRIC;
  if (n < 4) return fail(p, &tok[n - 1], "expected 'expect metric NAME VALUE', such as 'expect metric complaints 3'%s", "");
  step->metric = sc_enum_find(REDRESS_ENUM_METRIC, tok[2].text);
  if (step->metric < 0) return fail(p, &tok[2], "expected a metric of docs/metrics.md: one of %s", sc_enum_list(p->a, REDRESS_ENUM_METRIC));
  const char *v = tok[3].text;
  if (strcmp(v, "none") == 0) {
    step->expected = NAN;
  } else {
    char *end = NULL;
    errno = 0;
    step->expected = strtod(v, &end);
    if (end == v || errno != 0 || !isfinite(step->expected) || (*end != '\0' && strcmp(end, "%") != 0) || v[0] == '+' ||
        strchr(v, 'e') || strchr(v, 'E') || strchr(v, 'x') || strchr(v, 'X'))
      return fail(p, &tok[3], "expected a number (3, 0.75, 75%%) or none%s", "");
    step->percent = *end == '%';
    if (step->percent) step->expected /= 100.0;
    const char *dot = strchr(v, '.');
    step->decimals = dot ? (int)(end - dot - 1) : 0;
  }
  size_t i = 4;
  if (i < n) {
    if (strcmp(tok[i].text, "for") != 0 || i + 2 >= n)
      return fail(p, &tok[i], "expected 'for GROUPING KEY' (such as 'for channel email') or the end of the line%s", "");
    step->group_by = sc_enum_find(REDRESS_ENUM_GROUP_BY, tok[i + 1].text);
    if (step->group_by <= 0) return fail(p, &tok[i + 1], "expected a grouping: one of %s", sc_enum_list(p->a, REDRESS_ENUM_GROUP_BY));
    step->group_key = tok[i + 2].text;
    if (i + 3 < n) return fail(p, &tok[i + 3], "expected the end of the line%s", "");
  }
  return 0;
}

/* expect ID KIND [STATE] [due TIME] */
static int expect_deadline(parser *p, sc_step *step, const sc_token *tok, size_t n) {
  step->kind = SC_EXPECT_DEADLINE;
  size_t i = 3;
  if (i < n && strcmp(tok[i].text, "due") != 0) {
    step->dstate = sc_enum_find(REDRESS_ENUM_DEADLINE_STATE, tok[i].text);
    if (step->dstate < 0) return fail(p, &tok[i], "expected a deadline state (one of %s) or 'due TIME'", sc_enum_list(p->a, REDRESS_ENUM_DEADLINE_STATE));
    i++;
  }
  if (i < n && strcmp(tok[i].text, "due") == 0) {
    i++;
    step->has_due = 1;
    int rc = sc_time_parse(&step->due, tok, n, &i, p->err);
    if (rc != 0) return rc;
  }
  if (i == 3) return fail(p, &tok[2], "expected a deadline state or 'due TIME' after '%s'", tok[2].text);
  if (i < n) return fail(p, &tok[i], "expected 'due TIME' or the end of the line%s", "");
  return 0;
}

static int expect_complaint(parser *p, sc_step *step, const sc_token *tok, size_t n) {
  int rc = known_id(p, &tok[1]);
  if (rc != 0) return rc;
  step->id = tok[1].text;
  if (n < 3) return fail(p, &tok[1], "expected state, policy, a deadline kind, temperament, legitimacy, risks or playbook after '%s'", tok[1].text);
  const char *w = tok[2].text;
  if (strcmp(w, "state") == 0 || strcmp(w, "policy") == 0) {
    if (n != 4) return fail(p, n < 4 ? &tok[2] : &tok[4], n < 4 ? "expected a value after '%s'" : "expected the end of the line%s", n < 4 ? w : "");
    step->kind = w[0] == 's' ? SC_EXPECT_STATE : SC_EXPECT_POLICY;
    step->name = tok[3].text;
    if (step->kind == SC_EXPECT_STATE && (step->state = sc_enum_find(REDRESS_ENUM_STATE, tok[3].text)) < 0)
      return fail(p, &tok[3], "expected a state: one of %s", sc_enum_list(p->a, REDRESS_ENUM_STATE));
    return 0;
  }
  if (is_verdict_word(w)) return expect_verdict(p, step, tok, n, 2);
  step->dkind = sc_enum_find(REDRESS_ENUM_DEADLINE_KIND, w);
  if (step->dkind < 0)
    return fail(p, &tok[2], "expected state, policy, temperament, legitimacy, risks, playbook or a deadline kind (one of %s)", sc_enum_list(p->a, REDRESS_ENUM_DEADLINE_KIND));
  return expect_deadline(p, step, tok, n);
}

static int step_expect(parser *p, const sc_stmt *st) {
  const sc_token *tok = st->tok;
  size_t n = st->ntok;
  if (n < 2) return fail_end(p, st, "expected what to expect: a complaint's id, text, alarms, no alarms, refused or metric%s", "");
  sc_step *step = new_step(p, st, SC_EXPECT_STATE);
  if (step == NULL) return -2;
  for (size_t i = 0; i < n; i++)
    if (tok[i].key != NULL) return fail(p, &tok[i], "expected words, not key=value%s", "");
  const char *w = tok[1].text;
  if (strcmp(w, "alarms") == 0 && n == 2) {
    step->kind = SC_EXPECT_ALARMS;
    return expect_alarms(p, st, step);
  }
  if (no_body(p, st) != 0) return -1;
  if (strcmp(w, "no") == 0) {
    if (n != 3 || strcmp(tok[2].text, "alarms") != 0) return fail(p, n > 2 ? &tok[2] : &tok[1], "expected 'expect no alarms'%s", "");
    step->kind = SC_EXPECT_ALARMS;
    return 0;
  }
  if (strcmp(w, "refused") == 0) {
    step->kind = SC_EXPECT_REFUSED;
    if (n == 2) return 0;
    if (n > 3) return fail(p, &tok[3], "expected the end of the line%s", "");
    static const struct { const char *name; int code; } codes[] = {
        {"state", REDRESS_ERR_STATE}, {"invalid", REDRESS_ERR_INVALID}, {"range", REDRESS_ERR_RANGE},
        {"notfound", REDRESS_ERR_NOTFOUND}};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
      if (strcmp(tok[2].text, codes[i].name) == 0) step->refused = codes[i].code;
    if (step->refused == 0) return fail(p, &tok[2], "expected why: state, invalid, range or notfound%s", "");
    return 0;
  }
  if (strcmp(w, "metric") == 0) return expect_metric(p, step, tok, n);
  if (strcmp(w, "text") == 0) {
    if (n < 4 || !is_verdict_word(tok[3].text))
      return fail(p, n < 4 ? &tok[n - 1] : &tok[3], "expected 'expect text \"...\" temperament|legitimacy|risks|playbook VALUE'%s", "");
    step->text = tok[2].text;
    return expect_verdict(p, step, tok, n, 3);
  }
  return expect_complaint(p, step, tok, n);
}

static int step(parser *p, const sc_stmt *st) {
  const char *w = st->tok[0].text;
  int verb = sc_verb_find(w);
  if (st->tok[0].key != NULL) return fail(p, &st->tok[0], "expected a step, not key=value%s", "");
  if (strcmp(w, "at") == 0) {
    sc_step *step = new_step(p, st, SC_AT);
    size_t i = 1;
    if (step == NULL) return -2;
    if (st->ntok < 2) return fail_end(p, st, "expected a time after 'at'%s", "");
    int rc = sc_time_parse(&step->time, st->tok, st->ntok, &i, p->err);
    if (rc == 0 && i < st->ntok) return fail(p, &st->tok[i], "expected the end of the line after the time%s", "");
    return rc != 0 ? rc : no_body(p, st);
  }
  if (strcmp(w, "create") == 0) return step_create(p, st);
  if (strcmp(w, "tick") == 0) {
    if (st->ntok > 1) return fail(p, &st->tok[1], "expected the end of the line after 'tick'%s", "");
    return new_step(p, st, SC_TICK) == NULL ? -2 : no_body(p, st);
  }
  if (strcmp(w, "expect") == 0) return step_expect(p, st);
  if (verb >= 0) return step_verb(p, st, verb);
  static const char *const settings[] = {"calendar", "policies", "regime", "zone", "zoneinfo",
                                         "tenant", "actor", "scenario"};
  for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++)
    if (strcmp(w, settings[i]) == 0)
      return fail(p, &st->tok[0], "expected a step: '%s' belongs to the setting, before the first step", w);
  return fail(p, &st->tok[0], "expected a setting (calendar, policies, regime, zone, zoneinfo, tenant, actor, scenario) or a step (at, create, a lifecycle verb, tick, expect), not '%s'", w);
}

int sc_parse(sc_scenario *out, sc_arena *a, const char *file, const char *text, size_t len,
             sc_error *err) {
  memset(out, 0, sizeof *out);
  out->file = file;
  const char *slash = strrchr(file, '/');
  out->dir = slash != NULL ? sc_strndup(a, file, (size_t)(slash - file + 1)) : "";
  out->title = slash != NULL ? slash + 1 : file;
  out->actor = "agent";
  parser p = {a, out, err, NULL, 0, 0};
  sc_stmt *stmts = NULL;
  size_t n = 0;
  int rc = out->dir == NULL ? -2 : sc_lex(&stmts, &n, a, text, len, err);
  for (size_t i = 0; rc == 0 && i < n; i++) {
    rc = out->nsteps == 0 ? setting(&p, &stmts[i]) : 0;
    if (rc == 1) {
      rc = 0;
      continue;
    }
    if (rc == 0) rc = step(&p, &stmts[i]);
  }
  if (a->failed) return -2;
  return rc;
}

const char *sc_path(sc_arena *a, const sc_scenario *s, const char *name) {
  if (name[0] == '/' || s->dir[0] == '\0') return name;
  return sc_printf(a, "%s%s", s->dir, name);
}

char *sc_read_file(sc_arena *a, const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  while (buf != NULL) {
    n += fread(buf + n, 1, cap - n, f);
    if (n < cap) break;
    char *more = realloc(buf, cap * 2);
    if (more == NULL) {
      free(buf);
      buf = NULL;
      break;
    }
    buf = more;
    cap *= 2;
  }
  int bad = buf == NULL || ferror(f);
  fclose(f);
  char *out = bad ? NULL : sc_strndup(a, buf, n);
  free(buf);
  if (out != NULL) *len = n;
  return out;
}
