/* Reads the labelled corpus (tests/data/corpus.tsv) and scores the classifier on it:
 * temperament accuracy per language and recall/precision per risk flag. Shared by
 * tests/tools/classify_accuracy.c and tests/unit/test_classify.c (header-only: each
 * includes it once). */
#ifndef REDRESS_CORPUS_EVAL_H
#define REDRESS_CORPUS_EVAL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "redress.h"
#include "read.h"

#define CE_LANGS 4 /* en, ko, zh, other */
static const char *const ce_lang_names[CE_LANGS] = {"en", "ko", "zh", "other"};

typedef struct ce_stats {
  unsigned texts[CE_LANGS];
  unsigned right[CE_LANGS];            /* temperament right */
  unsigned flagged[REDRESS_RISK_COUNT]; /* labelled with the flag */
  unsigned found[REDRESS_RISK_COUNT];   /* labelled and predicted */
  unsigned predicted[REDRESS_RISK_COUNT];
  unsigned flag_langs[CE_LANGS][REDRESS_RISK_COUNT]; /* labelled, per language */
  unsigned flag_found_langs[CE_LANGS][REDRESS_RISK_COUNT];
} ce_stats;

static char *ce_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap + 1);
  size_t got;
  while (buf != NULL && (got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      char *bigger = realloc(buf, 2 * cap + 1);
      if (bigger == NULL) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = bigger;
      cap *= 2;
    }
  }
  fclose(f);
  if (buf != NULL) buf[n] = '\0';
  *len = n;
  return buf;
}

static int ce_lang_index(const char *s) {
  for (int i = 0; i < CE_LANGS - 1; i++)
    if (strcmp(s, ce_lang_names[i]) == 0) return i;
  return CE_LANGS - 1;
}

static int ce_temperament(const char *s) {
  for (int i = 0; i < REDRESS_TEMPERAMENT_COUNT; i++)
    if (strcmp(s, redress_enum_name(REDRESS_ENUM_TEMPERAMENT, i)) == 0) return i;
  return -1;
}

/* "media,legal" or "-" as a risk mask; -1 on an unknown name. */
static long ce_risks(const char *s) {
  uint32_t mask = 0;
  if (strcmp(s, "-") == 0) return 0;
  while (*s != '\0') {
    size_t n = strcspn(s, ",");
    int known = 0;
    for (int i = 0; i < REDRESS_RISK_COUNT; i++) {
      const char *name = redress_enum_name(REDRESS_ENUM_RISK, (int)(1u << i));
      if (strlen(name) == n && strncmp(s, name, n) == 0) {
        mask |= 1u << i;
        known = 1;
      }
    }
    if (!known) return -1;
    s += n;
    if (*s == ',') s++;
  }
  return (long)mask;
}

/* Splits line into up to 4 tab-separated fields in place; returns the count. */
static int ce_fields(char *line, char *field[4]) {
  int n = 0;
  field[n++] = line;
  for (char *p = line; *p != '\0' && n < 4; p++)
    if (*p == '\t') {
      *p = '\0';
      field[n++] = p + 1;
    }
  return n;
}

static void ce_score(ce_stats *st, int lang, int want_t, uint32_t want_r, int got_t, uint32_t got_r) {
  st->texts[lang]++;
  if (want_t == got_t) st->right[lang]++;
  for (int i = 0; i < REDRESS_RISK_COUNT; i++) {
    uint32_t bit = 1u << i;
    if (want_r & bit) {
      st->flagged[i]++;
      st->flag_langs[lang][i]++;
    }
    if (got_r & bit) st->predicted[i]++;
    if ((want_r & bit) && (got_r & bit)) {
      st->found[i]++;
      st->flag_found_langs[lang][i]++;
    }
  }
}

/* Classifies one corpus line; returns 0, or -1 on a malformed line or failure. */
static int ce_line(redress_desk *desk, char *line, ce_stats *st, FILE *misses) {
  char *f[4];
  if (ce_fields(line, f) != 4) return -1;
  int want_t = ce_temperament(f[1]);
  long want_r = ce_risks(f[2]);
  if (want_t < 0 || want_r < 0) return -1;
  redress_verdict *v = NULL;
  if (redress_classify_text(&v, desk, f[3], strlen(f[3])) != REDRESS_OK) return -1;
  int got_t = th_summary(v).temperament;
  uint32_t got_r = th_summary(v).risks;
  ce_score(st, ce_lang_index(f[0]), want_t, (uint32_t)want_r, got_t, got_r);
  if (misses != NULL && (got_t != want_t || got_r != (uint32_t)want_r))
    fprintf(misses, "  miss %s: want %s/%#lx got %s/%#x (e=%.2f r=%.2f) %s\n", f[0], f[1],
            want_r, redress_enum_name(REDRESS_ENUM_TEMPERAMENT, got_t), got_r, th_summary(v).emotional,
            th_summary(v).rational, f[3]);
  redress_verdict_free(v);
  return 0;
}

/* Runs the whole corpus at path; returns the number of texts, or -1. */
static int ce_run(redress_desk *desk, const char *path, ce_stats *st, FILE *misses) {
  size_t len = 0;
  char *text = ce_read_file(path, &len);
  if (text == NULL) return -1;
  memset(st, 0, sizeof *st);
  int count = 0;
  for (char *line = text; line != NULL && *line != '\0';) {
    char *nl = strchr(line, '\n');
    if (nl != NULL) *nl = '\0';
    if (line[0] != '#' && line[0] != '\0') {
      if (ce_line(desk, line, st, misses) != 0) {
        fprintf(stderr, "corpus: bad line: %.60s\n", line);
        count = -1;
        break;
      }
      count++;
    }
    line = nl != NULL ? nl + 1 : NULL;
  }
  free(text);
  return count;
}

static double ce_accuracy(const ce_stats *st) {
  unsigned n = 0, r = 0;
  for (int i = 0; i < CE_LANGS; i++) n += st->texts[i], r += st->right[i];
  return n == 0 ? 0.0 : (double)r / n;
}

static double ce_recall(const ce_stats *st) {
  unsigned n = 0, r = 0;
  for (int i = 0; i < REDRESS_RISK_COUNT; i++) n += st->flagged[i], r += st->found[i];
  return n == 0 ? 1.0 : (double)r / n;
}

static void ce_print(const ce_stats *st, FILE *out) {
  fprintf(out, "temperament accuracy:\n");
  for (int i = 0; i < CE_LANGS; i++)
    if (st->texts[i] > 0)
      fprintf(out, "  %-5s %3u/%-3u %5.1f%%\n", ce_lang_names[i], st->right[i], st->texts[i],
              100.0 * st->right[i] / st->texts[i]);
  fprintf(out, "  all   %5.1f%%\n", 100.0 * ce_accuracy(st));
  fprintf(out, "risk flags (recall / precision):\n");
  for (int i = 0; i < REDRESS_RISK_COUNT; i++) {
    unsigned fp = st->predicted[i] - st->found[i];
    fprintf(out, "  %-9s %2u/%-2u recall %5.1f%%  false alarms %u", redress_enum_name(REDRESS_ENUM_RISK, (int)(1u << i)),
            st->found[i], st->flagged[i],
            st->flagged[i] ? 100.0 * st->found[i] / st->flagged[i] : 100.0, fp);
    for (int l = 0; l < CE_LANGS; l++)
      if (st->flag_langs[l][i] > 0)
        fprintf(out, "  %s %u/%u", ce_lang_names[l], st->flag_found_langs[l][i], st->flag_langs[l][i]);
    fprintf(out, "\n");
  }
  fprintf(out, "  all       recall %5.1f%%\n", 100.0 * ce_recall(st));
}

#endif
