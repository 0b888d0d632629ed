/* Runs the classifier over labelled complaint files and prints one line per text, for
 * tests/tools/score_classifier.py (scores, confusion matrices, baselines) and
 * tests/tools/train_classifier.py (the model's inputs).
 *
 *   classify_corpus FILE...            id, gold labels and the verdict, TAB-separated
 *   classify_corpus --inputs FILE...   id and what the model reads, as JSON lines: the
 *                                      dense inputs, the n-grams' hashes and the ordinals
 *                                      of the n-grams that open a sentence ("opens")
 *   classify_corpus --reasons FILE...  id and every member of the verdict, then each reason
 *                                      (rule, weight, span, field, value) on a line of its
 *                                      own, numbers with 17 digits: two builds that print
 *                                      the same give the same verdicts (for speed work)
 *   classify_corpus --fields FILE...   as the first, but a text with a tenth column (what
 *                                      a CRM knows: order=N,claim=N,paid_before=N,
 *                                      complaints_before=N) is classified as a complaint
 *                                      with those fields (amounts times 100, minor units)
 *
 * Files are in the format of tests/data/classify/README.md (nine columns) or the older
 * four-column corpus format (lang, temperament, risks, text), whose texts are named
 * FILE:LINE. In text, the two characters \n stand for a line break.
 * Built from the library's sources: --inputs calls the model's internal functions.
 * Compiled with -DPREDICT_ONLY it needs only the public header, and scores any version
 * of the library (docs/classification.md compares 1.0 with this one that way). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef PREDICT_ONLY
#include "classify/amount_starts.h"
#include "classify/ngram_walk.h"
#endif
#include "redress.h"

#define MAX_FIELDS 10

typedef struct labelled {
  char id[128];
  const char *lang, *temperament, *legitimacy, *risks, *formality, *fields;
  char *text;
} labelled;

static char *read_all(const char *path) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  size_t cap = 1 << 16, n = 0, got;
  char *buf = malloc(cap + 1);
  while (buf != NULL && (got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      char *bigger = realloc(buf, 2 * cap + 1);
      if (bigger == NULL) free(buf);
      buf = bigger;
      cap *= 2;
    }
  }
  fclose(f);
  if (buf != NULL) buf[n] = '\0';
  return buf;
}

/* "\n" (two characters) becomes a line break, in place. */
static void unescape(char *s) {
  char *w = s;
  for (char *r = s; *r != '\0'; r++) {
    if (r[0] == '\\' && r[1] == 'n') {
      *w++ = '\n';
      r++;
    } else {
      *w++ = *r;
    }
  }
  *w = '\0';
}

static int split(char *line, char *f[MAX_FIELDS]) {
  int n = 0;
  f[n++] = line;
  for (char *p = line; *p != '\0' && n < MAX_FIELDS; p++)
    if (*p == '\t') {
      *p = '\0';
      f[n++] = p + 1;
    }
  return n;
}

static int parse_line(labelled *l, char *line, const char *path, int lineno) {
  char *f[MAX_FIELDS];
  int n = split(line, f);
  memset(l, 0, sizeof *l);
  if (n == 9 || n == 10) {
    snprintf(l->id, sizeof l->id, "%s", f[0]);
    l->lang = f[1], l->temperament = f[4], l->legitimacy = f[5], l->risks = f[6];
    l->formality = f[7], l->text = f[8], l->fields = n == 10 ? f[9] : "-";
  } else if (n == 4) {
    const char *base = strrchr(path, '/');
    snprintf(l->id, sizeof l->id, "%s:%d", base != NULL ? base + 1 : path, lineno);
    l->lang = f[0], l->temperament = f[1], l->risks = f[2], l->text = f[3];
    l->legitimacy = "-", l->formality = "-", l->fields = "-";
  } else {
    return -1;
  }
  unescape(l->text);
  return 0;
}

static void risk_names(char *buf, size_t size, uint32_t risks) {
  size_t used = 0;
  buf[0] = '\0';
  for (int i = 0; i < REDRESS_RISK_COUNT; i++)
    if (risks & (1u << i))
      used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? "," : "",
                               redress_enum_name(REDRESS_ENUM_RISK, (int)(1u << i)));
  if (used == 0) snprintf(buf, size, "-");
}

/* The CRM column as complaint fields; 0 on a malformed column. */
static int crm_fields(redress_complaint_fields *in, const char *col) {
  char key[32];
  long long value;
  int used = 0;
  while (*col != '\0') {
    if (sscanf(col, "%31[a-z_]=%lld%n", key, &value, &used) != 2 || value < 0) return 0;
    if (strcmp(key, "order") == 0) in->order_value = value * 100;
    else if (strcmp(key, "claim") == 0) in->claimed_amount = value * 100;
    else if (strcmp(key, "paid_before") == 0) in->prior_compensation = value * 100;
    else if (strcmp(key, "complaints_before") == 0) in->prior_complaints = (uint32_t)value;
    else return 0;
    col += used;
    if (*col == ',') col++;
  }
  return 1;
}

static int with_fields; /* --fields */

static int classify(redress_verdict **v, redress_desk *desk, const labelled *l) {
  if (!with_fields || strcmp(l->fields, "-") == 0)
    return redress_classify_text(v, desk, l->text, strlen(l->text));
  redress_complaint_fields in = REDRESS_COMPLAINT_FIELDS_INIT;
  in.customer_id = "customer";
  in.received_at = 1767225600; /* 2026-01-01T00:00:00Z: any fixed time */
  in.text = l->text;
  if (!crm_fields(&in, l->fields)) {
    fprintf(stderr, "%s: bad CRM column %s\n", l->id, l->fields);
    return REDRESS_ERR_INVALID;
  }
  redress_complaint *c = NULL;
  int rc = redress_complaint_create(&c, desk, &in);
  if (rc == REDRESS_OK) rc = redress_classify(v, desk, c);
  redress_complaint_free(c);
  return rc;
}

static int with_reasons; /* --reasons */

static int print_reasons(const redress_verdict *v, const redress_verdict_summary *s,
                         const labelled *l) {
  int formality = -1; /* a 1.0 library (PREDICT_ONLY) has no register */
#ifdef REDRESS_FORMALITY_COUNT
  formality = s->formality;
#endif
  printf("%s\ttemperament=%d rational=%.17g emotional=%.17g legitimacy=%d confidence=%.17g "
         "risks=%u playbook=%u severity=%d offer=%lld formality=%d reasons=%zu\n",
         l->id, s->temperament, s->rational, s->emotional, s->legitimacy, s->confidence,
         (unsigned)s->risks, (unsigned)s->playbook, s->severity, (long long)s->offer,
         formality, s->reason_count);
  for (size_t i = 0; i < s->reason_count; i++) {
    redress_reason r = REDRESS_REASON_INIT;
    int rc = redress_verdict_reason(&r, v, i);
    if (rc != REDRESS_OK) return rc;
    printf("\t%s\t%.17g\t%d\t%zu\t%zu\t%s\t%s\n", r.rule, r.weight, r.has_span, r.offset,
           r.length, r.field != NULL ? r.field : "-", r.value);
  }
  return REDRESS_OK;
}

static int predict(redress_desk *desk, const labelled *l) {
  redress_verdict *v = NULL;
  int rc = classify(&v, desk, l);
  if (rc != REDRESS_OK) return rc;
  redress_verdict_summary s = REDRESS_VERDICT_SUMMARY_INIT;
  rc = redress_verdict_get(&s, v);
  if (rc == REDRESS_OK && with_reasons) {
    rc = print_reasons(v, &s, l);
  } else if (rc == REDRESS_OK) {
    char risks[160];
    risk_names(risks, sizeof risks, s.risks);
#ifdef REDRESS_FORMALITY_COUNT
    const char *formality = redress_enum_name(REDRESS_ENUM_FORMALITY, s.formality);
#else
    const char *formality = "unknown"; /* scoring a 1.0 library, which has no register */
#endif
    printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.3f\t%.3f\n", l->id, l->lang, l->temperament,
           l->legitimacy, l->risks, l->formality,
           redress_enum_name(REDRESS_ENUM_TEMPERAMENT, s.temperament),
           redress_enum_name(REDRESS_ENUM_LEGITIMACY, s.legitimacy), risks, formality,
           s.emotional, s.rational);
  }
  redress_verdict_free(v);
  return rc;
}

#ifndef PREDICT_ONLY
typedef struct token_list {
  size_t n;          /* n-grams printed */
  int print_opening; /* 0: the hashes; 1: the ordinals of those that open a sentence */
  int first;
} token_list;

static void print_token(uint32_t hash, size_t start, size_t end, int opens_sentence,
                        void *payload) {
  token_list *t = payload;
  (void)start, (void)end;
  if (!t->print_opening) {
    printf("%s%u", t->n ? "," : "", hash);
  } else if (opens_sentence) {
    printf("%s%zu", t->first ? "" : ",", t->n);
    t->first = 0;
  }
  t->n++;
}

/* What the model reads: the dense inputs after the cues ran, and every n-gram. */
static int inputs(redress_desk *desk, const labelled *l) {
  rd_classifier *cls = NULL;
  int rc = rd_classifier_ready(&cls, desk);
  redress_verdict *v = NULL;
  if (rc == REDRESS_OK) rc = rd_verdict_new(&v, rd_desk_alloc(desk));
  size_t len = strlen(l->text);
  static rd_ngrams ngrams; /* read by the scan, unused here: the walk below prints them */
  static rd_amount_starts starts;
  if (rc == REDRESS_OK) rc = rd_text_signals(v, cls, l->text, len, &ngrams, &starts);
  if (rc != REDRESS_OK) {
    redress_verdict_free(v);
    return rc;
  }
  double dense[RD_DENSE_COUNT];
  rd_model_dense(dense, &v->tally, len);
  printf("{\"id\":\"%s\",\"dense\":[", l->id);
  for (int d = 0; d < RD_DENSE_COUNT; d++) printf("%s%.17g", d ? "," : "", dense[d]);
  printf("],\"tokens\":[");
  token_list t = {0, 0, 1};
  rd_model_tokens(l->text, len, print_token, &t);
  printf("],\"opens\":[");
  t = (token_list){0, 1, 1};
  rd_model_tokens(l->text, len, print_token, &t);
  printf("]}\n");
  redress_verdict_free(v);
  return REDRESS_OK;
}
#else
static int inputs(redress_desk *desk, const labelled *l) {
  (void)desk, (void)l;
  fprintf(stderr, "--inputs needs the library's sources (built without PREDICT_ONLY)\n");
  return REDRESS_ERR_INVALID;
}
#endif

static int run_file(redress_desk *desk, const char *path, int want_inputs) {
  char *all = read_all(path);
  if (all == NULL) {
    fprintf(stderr, "%s: cannot read\n", path);
    return 1;
  }
  int lineno = 0, failed = 0;
  for (char *line = all; line != NULL && *line != '\0' && !failed;) {
    char *nl = strchr(line, '\n');
    if (nl != NULL) *nl = '\0';
    lineno++;
    labelled l;
    if (line[0] != '#' && line[0] != '\0') {
      if (parse_line(&l, line, path, lineno) != 0) {
        fprintf(stderr, "%s:%d: expected 4, 9 or 10 TAB-separated columns\n", path, lineno);
        failed = 1;
      } else if ((want_inputs ? inputs(desk, &l) : predict(desk, &l)) != REDRESS_OK) {
        fprintf(stderr, "%s:%d: %s\n", path, lineno, redress_desk_errmsg(desk));
        failed = 1;
      }
    }
    line = nl != NULL ? nl + 1 : NULL;
  }
  free(all);
  return failed;
}

int main(int argc, char **argv) {
  int first = 1, want_inputs = 0;
  if (argc > 1 && strcmp(argv[1], "--inputs") == 0) want_inputs = 1, first = 2;
  if (argc > 1 && strcmp(argv[1], "--fields") == 0) with_fields = 1, first = 2;
  if (argc > 1 && strcmp(argv[1], "--reasons") == 0) with_reasons = 1, first = 2;
  if (first >= argc) {
    fprintf(stderr, "usage: classify_corpus [--inputs | --fields | --reasons] FILE...\n");
    return 2;
  }
  redress_desk *desk = NULL;
  if (redress_desk_open(&desk, NULL) != REDRESS_OK) return 2;
  int failed = 0;
  for (int i = first; i < argc && !failed; i++) failed = run_file(desk, argv[i], want_inputs);
  redress_desk_close(desk);
  return failed;
}
