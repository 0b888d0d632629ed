/* The statistical model beside the cues: one logistic head per estimate over the
 * dense inputs (what the cues and shapes found) and hashed n-grams of the text
 * (Latin words and word pairs; Hangul and CJK characters and character pairs, which
 * carry Korean and Chinese without a tokenizer; emoji and other symbols). The
 * weights are a generated table (model_weights.c), trained by
 * tests/tools/train_classifier.py from tests/data/classify/train: no model file,
 * no runtime dependency, the same verdict on every platform for the same text. */
#include "classify/ngram_walk.h"

#include <stddef.h>
#include <string.h>

#define TOP_REASONS 2 /* n-grams named per decided head */

/* Walks the text unit by unit as the matcher's scan does (ngram_walk.h). */
static void walk(const char *text, size_t len, rd_ngram_walk *w) {
  const unsigned char *s = (const unsigned char *)text;
  size_t pos = 0;
  while (pos < len) {
    size_t start = pos;
    if (s[pos] < 0x80) { /* most bytes */
      rd_ngram_ascii(w, s[pos++], start);
      continue;
    }
    if (s[pos] >= 0xE4 && s[pos] <= 0xED && pos + 3 <= len &&
        (pos + 3 == len || s[pos + 3] != 0xE1)) { /* most of a Korean or Chinese text */
      rd_ngram_verbatim3(w, s, start);
      pos += 3;
      continue;
    }
    unsigned char u[4];
    size_t n = rd_norm_unit(s, len, &pos, u);
    if (n > 0) rd_ngram_unit(w, u, n, start, pos);
  }
  rd_ngram_end_word(w);
}

void rd_model_tokens(const char *text, size_t len, rd_token_cb cb, void *payload) {
  rd_ngram_walk w;
  memset(&w, 0, sizeof w);
  w.cb = cb;
  w.payload = payload;
  walk(text, len, &w);
}

static double log_points(int64_t milli) { return milli > 0 ? rd_log(1.0 + (double)milli / RD_POINT) : 0.0; }

void rd_model_dense(double out[RD_DENSE_COUNT], const rd_signal_tally *t, size_t len) {
  out[RD_DENSE_EMOTIONAL] = log_points(t->emotional);
  out[RD_DENSE_RATIONAL] = log_points(t->rational);
  out[RD_DENSE_FACTS] = rd_log(1.0 + (double)t->facts);
  for (int i = 0; i < REDRESS_RISK_COUNT; i++) out[RD_DENSE_RISK + i] = log_points(t->risk[i]);
  out[RD_DENSE_MALICIOUS] = log_points(t->malicious);
  out[RD_DENSE_MISINFORMED] = log_points(t->misinformed);
  out[RD_DENSE_UNREALISTIC] = log_points(t->unrealistic);
  out[RD_DENSE_LENGTH] = rd_log(1.0 + (double)len / 100.0);
  out[RD_DENSE_AMOUNT_SPREAD] =
      t->amounts >= 2 && t->amount_min > 0.0 ? rd_log(t->amount_max / t->amount_min) : 0.0;
  out[RD_DENSE_POLITE] = log_points(t->polite);
}

/* ---- applying the table ------------------------------------------------------- */

/* The heads whose strongest n-grams become reasons, and their rule ids. */
static const struct {
  int head;
  const char *rule;
} explained[] = {
  {RD_HEAD_EMOTIONAL, "model.emotional"},     {RD_HEAD_RATIONAL, "model.rational"},
  {RD_HEAD_MISINFORMED, "model.misinformed"}, {RD_HEAD_UNREALISTIC, "model.unrealistic"},
  {RD_HEAD_MALICIOUS, "model.malicious"},
};
#define N_EXPLAINED (sizeof explained / sizeof explained[0])

typedef struct top_ngram {
  int32_t weight;
  size_t start, end;
} top_ngram;

typedef char explained_fit_the_list[N_EXPLAINED == RD_NGRAM_EXPLAINED ? 1 : -1];
/* RD_NGRAM_CAP weights of at most 32767 fit an int32. */
typedef char ngram_cap_fits_int32[RD_NGRAM_CAP <= 4096 ? 1 : -1];

/* Keeps the TOP_REASONS strongest positive contributions of a head. */
static void keep_top(top_ngram *top, int32_t weight, size_t start, size_t end) {
  if (weight <= top[TOP_REASONS - 1].weight) return;
  size_t i = TOP_REASONS - 1;
  while (i > 0 && top[i - 1].weight < weight) {
    top[i] = top[i - 1];
    i--;
  }
  top[i] = (top_ngram){weight, start, end};
}

void rd_ngrams_start(rd_ngrams *g) {
  memset(g, 0, offsetof(rd_ngrams, items)); /* the list is written before it is read */
  g->m = &rd_model_weights;
  g->mask = (1u << g->m->bucket_bits) - 1u;
}

/* Adds the rows of the kept n-grams to the sums and notes their weights in the
 * explained heads and the window columns. */
static void sum_rows(rd_ngrams *g) {
  int32_t partial[RD_MODEL_ROW] = {0}; /* int32 adds vectorise */
  for (size_t i = 0; i < g->n; i++) {
    rd_ngram *t = &g->items[i];
    const int16_t *row = g->m->rows[t->row];
    for (int h = 0; h < RD_MODEL_ROW; h++) partial[h] += row[h];
    for (size_t k = 0; k < N_EXPLAINED; k++) t->explained[k] = row[explained[k].head];
    for (int k = 0; k < RD_MODEL_WINDOWS; k++) t->window[k] = row[RD_HEAD_COUNT + k];
  }
  for (int h = 0; h < RD_MODEL_ROW; h++) g->sum[h] += partial[h];
}

/* The summed n-grams' window weights, a sentence at a time, to the windows
 * (model_windows.c). A pass of its own: handing the running sums to the windows inside
 * sum_rows's loop costs that loop its vector code (measured: twice as long). */
static void read_sentences(rd_ngrams *g) {
  rd_windows *w = &g->windows;
  unsigned first = g->tokens - (unsigned)g->n; /* the ordinal of items[0] */
  if (g->n == 0) return;
  if (first == 0) w->cur_start = g->items[0].start;
  int64_t cur[RD_MODEL_WINDOWS];
  memcpy(cur, w->cur, sizeof cur);
  size_t at = 0;
  for (size_t s = 0; s <= g->n_openers; s++) {
    size_t end = s < g->n_openers ? g->openers[s] : g->n; /* the run before the next opener */
    for (size_t i = at; i < end; i++)
      for (int k = 0; k < RD_MODEL_WINDOWS; k++) cur[k] += g->items[i].window[k];
    if (s == g->n_openers) break;
    memcpy(w->cur, cur, sizeof cur); /* the sentence ends at the n-gram before the opener */
    rd_windows_close(w, first + (unsigned)end, end > 0 ? g->items[end - 1].end : w->last_end,
                     g->items[end].start);
    memset(cur, 0, sizeof cur);
    at = end;
  }
  memcpy(w->cur, cur, sizeof cur);
  w->last_end = g->items[g->n - 1].end;
}

/* A full list, in the middle of a long text (which the model reads). */
void rd_ngrams_sum(rd_ngrams *g) {
  sum_rows(g);
  read_sentences(g);
}

/* The strongest n-grams of one head, in text order as the walk meets them. */
typedef struct top_walk {
  const rd_model_table *m;
  uint32_t mask;
  int head;
  top_ngram *top;
} top_walk;

static void on_top_token(uint32_t hash, size_t start, size_t end, int opens_sentence,
                         void *payload) {
  top_walk *tw = payload;
  (void)opens_sentence;
  keep_top(tw->top, tw->m->rows[hash & tw->mask][tw->head], start, end);
}

/* The strongest n-grams of explained head k. */
static void find_top(const rd_ngrams *g, const char *text, size_t len, size_t k,
                     top_ngram top[TOP_REASONS]) {
  memset(top, 0, TOP_REASONS * sizeof *top);
  if (g->overflowed) {
    top_walk tw = {g->m, g->mask, explained[k].head, top};
    rd_model_tokens(text, len, on_top_token, &tw);
    return;
  }
  for (size_t i = 0; i < g->n; i++) {
    const rd_ngram *t = &g->items[i];
    keep_top(top, t->explained[k], t->start, t->end);
  }
}

/* The model reads texts at least as long as those it was trained on (the table's
 * min_tokens n-grams); shorter ones ("angry", "I'm upset.", 测试) are judged by their
 * cues alone, as a lexicon judges them best, and give UNKNOWN when no cue counts. */
static int long_enough(const rd_model_table *m, unsigned tokens) { return tokens >= m->min_tokens; }

/* The rule a window head's reason is named by: the risk it estimates. */
static const char *window_rule(int head) {
  static const char *const rules[RD_HEAD_COUNT] = {
    [RD_HEAD_MEDIA] = "model.media",     [RD_HEAD_SOCIAL] = "model.social",
    [RD_HEAD_REGULATOR] = "model.regulator", [RD_HEAD_LEGAL] = "model.legal",
    [RD_HEAD_CHURN] = "model.churn",     [RD_HEAD_ABUSE] = "model.abuse",
    [RD_HEAD_MANAGER] = "model.manager",
  };
  return head >= 0 && head < RD_HEAD_COUNT ? rules[head] : NULL;
}

/* For each window head that flags on its own, the two sentences that weighed most. */
static int add_window_reasons(redress_verdict *v, const rd_ngrams *g, const char *text) {
  const rd_model_table *m = g->m;
  const rd_windows *w = &g->windows;
  for (int k = 0; k < RD_MODEL_WINDOWS && w->scored; k++) {
    int head = m->window_heads[k];
    const char *rule = window_rule(head);
    if (rule == NULL || v->model.p[head] < m->threshold[head] || w->best[k] <= 0.0) continue;
    int32_t milli = (int32_t)(w->best[k] * m->scale * RD_POINT + 0.5);
    int rc = rd_verdict_add_text(v, rule, milli, text, w->best_start[k],
                                 w->best_end[k] - w->best_start[k]);
    if (rc != REDRESS_OK) return rc;
  }
  return REDRESS_OK;
}

static int add_reasons(redress_verdict *v, const rd_ngrams *g, const char *text, size_t len,
                       double norm) {
  for (size_t k = 0; k < N_EXPLAINED; k++) {
    int head = explained[k].head;
    if (v->model.p[head] < g->m->threshold[head]) continue; /* only what the model concluded */
    top_ngram top[TOP_REASONS];
    find_top(g, text, len, k, top);
    for (size_t i = 0; i < TOP_REASONS; i++) {
      const top_ngram *t = &top[i];
      if (t->weight <= 0) break;
      int32_t milli = (int32_t)((double)t->weight * norm * RD_POINT + 0.5);
      int rc = rd_verdict_add_text(v, explained[k].rule, milli, text, t->start, t->end - t->start);
      if (rc != REDRESS_OK) return rc;
    }
  }
  return add_window_reasons(v, g, text);
}

/* Each window head's best window, in the head's sum (the table's units times scale). */
static void add_windows(double x[RD_HEAD_COUNT], rd_ngrams *g) {
  rd_windows_finish(&g->windows, g->tokens, g->windows.last_end);
  if (!g->windows.scored) return;
  for (int k = 0; k < RD_MODEL_WINDOWS; k++)
    x[g->m->window_heads[k]] += g->windows.best[k] * g->m->scale;
}

int rd_model_apply(redress_verdict *v, rd_ngrams *g, const char *text, size_t len) {
  const rd_model_table *m = g->m;
  sum_rows(g); /* the list stays for find_top */
  if (!long_enough(m, g->tokens)) return REDRESS_OK;
  read_sentences(g); /* only for a text the model reads */
  double dense[RD_DENSE_COUNT];
  rd_model_dense(dense, &v->tally, len);
  /* n-gram counts are divided by the square root of their number, so that a long
   * text does not outvote its own cues by length alone. */
  double norm = m->scale / rd_sqrt_count(g->tokens);
  /* Each head's sum in the order x = bias + n-grams + dense[0] + dense[1] ..., the
   * heads side by side; then p = 1 / (1 + exp(-x)). */
  double x[RD_HEAD_COUNT], e[RD_HEAD_COUNT];
  for (int h = 0; h < RD_HEAD_COUNT; h++) x[h] = m->bias[h] + (double)g->sum[h] * norm;
  add_windows(x, g);
  for (int d = 0; d < RD_DENSE_COUNT; d++)
    for (int h = 0; h < RD_HEAD_COUNT; h++) x[h] += m->dense[h][d] * dense[d];
  for (int h = 0; h < RD_HEAD_COUNT; h++) x[h] = -x[h];
  rd_exp_many(x, e, RD_HEAD_COUNT);
  for (int h = 0; h < RD_HEAD_COUNT; h++) v->model.p[h] = 1.0 / (1.0 + e[h]);
  v->model.ran = 1;
  return add_reasons(v, g, text, len, norm);
}
