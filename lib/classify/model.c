/* The statistical model beside the cues: one logistic head per estimate over the
 * dense inputs (what the cues and shapes found) and hashed n-grams of the text
 * (Latin words and word pairs; Hangul and CJK characters and character pairs, which
 * carry Korean and Chinese without a tokenizer; emoji and other symbols). The
 * weights are a generated table (model_weights.c), trained by
 * tests/tools/train_classifier.py from tests/data/classify/train: no model file,
 * no runtime dependency, the same verdict on every platform for the same text. */
#include "classify/classify.h"

#include <stddef.h>
#include <string.h>

#define FNV_OFFSET 2166136261u
#define FNV_PRIME 16777619u
/* Seeds that keep the kinds of n-gram apart in the hash space. */
#define SEED_WORD 0x57u
#define SEED_WORD_PAIR 0x9E3779B1u
#define SEED_CHAR 0x43u
#define SEED_CHAR_PAIR 0x85EBCA6Bu
#define SEED_SYMBOL 0x53u
#define TOP_REASONS 2 /* n-grams named per decided head */

static uint32_t fnv_byte(uint32_t h, unsigned char b) { return (h ^ b) * FNV_PRIME; }

static uint32_t mix_pair(uint32_t seed, uint32_t a, uint32_t b) {
  uint32_t h = seed ^ (a * 0xCC9E2D51u);
  h = (h << 13 | h >> 19) * 5u + 0xE6546B64u;
  h ^= b * 0x1B873593u;
  h ^= h >> 16;
  h *= 0x85EBCA6Bu;
  h ^= h >> 13;
  return h;
}

static uint32_t unit_hash(uint32_t seed, const unsigned char *u, size_t n) {
  uint32_t h = fnv_byte(FNV_OFFSET, (unsigned char)seed);
  for (size_t i = 0; i < n; i++) h = fnv_byte(h, u[i]);
  return h;
}

typedef struct scoring scoring;
static void on_token(uint32_t hash, size_t start, size_t end, void *payload);

typedef struct token_walk {
  rd_token_cb cb;       /* NULL when scoring: on_token is called directly (inlined) */
  void *payload;
  uint32_t word;        /* hash of the Latin word being read; 0: none */
  size_t word_start, word_end;
  int in_digits;        /* the word's last unit was a digit run (digits read as one 0) */
  uint32_t prev_word;   /* the word before it in the clause; 0: none */
  size_t prev_word_start;
  uint32_t prev_char;   /* the Hangul or CJK character right before; 0: none */
  int prev_char_kind;
  size_t prev_char_start;
} token_walk;

static inline void emit(token_walk *w, uint32_t hash, size_t start, size_t end) {
  if (w->cb == NULL) on_token(hash, start, end, w->payload);
  else w->cb(hash, start, end, w->payload);
}

static void emit_word(token_walk *w) {
  emit(w, w->word, w->word_start, w->word_end);
  if (w->prev_word != 0)
    emit(w, mix_pair(SEED_WORD_PAIR, w->prev_word, w->word), w->prev_word_start, w->word_end);
  w->prev_word = w->word;
  w->prev_word_start = w->word_start;
  w->word = 0;
  w->in_digits = 0;
}

/* Ends the Latin word being read, if any (most calls find none: inline). */
static inline void end_word(token_walk *w) {
  if (w->word != 0) emit_word(w);
}

/* A letter or digit (digits of a number read as one `0`: an order number is a number,
 * whichever it is). */
static void word_unit(token_walk *w, const unsigned char *u, size_t n, int digit, size_t start,
                      size_t end) {
  if (w->word == 0) {
    w->word = fnv_byte(FNV_OFFSET, SEED_WORD);
    w->word_start = start;
  }
  w->word_end = end;
  if (digit) {
    if (!w->in_digits) w->word = fnv_byte(w->word, '0');
    w->in_digits = 1;
    return;
  }
  w->in_digits = 0;
  for (size_t i = 0; i < n; i++) w->word = fnv_byte(w->word, u[i]);
}

static void wide_unit(token_walk *w, const unsigned char *u, size_t n, int kind, size_t start,
                      size_t end) {
  uint32_t h = unit_hash(SEED_CHAR, u, n);
  emit(w, h, start, end);
  if (w->prev_char != 0 && w->prev_char_kind == kind)
    emit(w, mix_pair(SEED_CHAR_PAIR, w->prev_char, h), w->prev_char_start, end);
  w->prev_char = h;
  w->prev_char_kind = kind;
  w->prev_char_start = start;
}

static int is_apostrophe(const unsigned char *u, size_t n) {
  return (n == 1 && u[0] == '\'') || (n == 3 && u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0x99);
}

static void on_unit(token_walk *w, const unsigned char *u, size_t n, uint32_t cp, int kind,
                    size_t start, size_t end) {
  if (kind == RD_CH_LETTER || kind == RD_CH_DIGIT || (w->word != 0 && is_apostrophe(u, n))) {
    w->prev_char = 0;
    word_unit(w, u, n, kind == RD_CH_DIGIT, start, end);
    return;
  }
  end_word(w);
  if (kind == RD_CH_HANGUL || kind == RD_CH_CJK) {
    wide_unit(w, u, n, kind, start, end);
    return;
  }
  w->prev_char = 0;
  if (kind == RD_CH_SPACE) return;
  if (kind == RD_CH_BREAK) w->prev_word = 0; /* pairs stay inside a clause */
  if (kind != RD_CH_SPACE && !(kind == RD_CH_BREAK && cp != '!' && cp != '?'))
    emit(w, unit_hash(SEED_SYMBOL, u, n), start, end);
}

/* A Hangul syllable or a CJK ideograph in three bytes that no normalisation changes
 * (no decomposed jamo follows to recompose): its kind, else 0. */
static int plain_wide_kind(const unsigned char *s, size_t len, size_t pos) {
  unsigned char b = s[pos];
  if (b < 0xE4 || b > 0xED || pos + 3 > len) return 0;
  if (pos + 3 < len && s[pos + 3] == 0xE1) return 0; /* maybe a jamo to recompose */
  uint32_t cp = rd_utf8_decode3(s + pos);
  if (cp >= 0xAC00 && cp <= 0xD7A3) return RD_CH_HANGUL;
  if (cp >= 0x4E00 && cp <= 0x9FFF) return RD_CH_CJK;
  return 0;
}

static void walk(const char *text, size_t len, token_walk *w) {
  const unsigned char *s = (const unsigned char *)text;
  size_t pos = 0;
  while (pos < len) {
    unsigned char u[4];
    size_t start = pos;
    if (s[pos] < 0x80) { /* most bytes: no decoding, no folding beyond case */
      unsigned char b = s[pos++];
      u[0] = b >= 'A' && b <= 'Z' ? (unsigned char)(b + 32) : b;
      int kind = rd_ascii_kind[b];
      if (kind == RD_CH_LETTER && w->word != 0 && !w->in_digits) { /* inside a word */
        uint32_t h = fnv_byte(w->word, u[0]);
        /* and the letters after it, in registers (a hash of 0 would start a new word) */
        while (h != 0 && pos < len && s[pos] < 0x80 && rd_ascii_kind[s[pos]] == RD_CH_LETTER) {
          unsigned char c = s[pos++];
          h = fnv_byte(h, c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c);
        }
        w->word = h;
        w->word_end = pos;
        continue;
      }
      on_unit(w, u, 1, u[0], kind, start, pos);
      continue;
    }
    int wide = plain_wide_kind(s, len, pos);
    if (wide != 0) { /* most of a Korean or Chinese text */
      pos += 3;
      end_word(w);
      wide_unit(w, s + start, 3, wide, start, pos);
      continue;
    }
    size_t n = rd_norm_unit(s, len, &pos, u);
    if (n == 0) continue;
    size_t p = 0;
    uint32_t cp = rd_utf8_next(u, n, &p);
    on_unit(w, u, n, cp, rd_char_kind(cp), start, pos);
  }
  end_word(w);
}

void rd_model_tokens(const char *text, size_t len, rd_token_cb cb, void *payload) {
  token_walk w;
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

/* One n-gram read: its row, the bytes it covers, and (once its row was summed) its
 * weights in the explained heads, which find_top then reads in sequence. */
typedef struct seen_token {
  uint32_t row;
  uint32_t start, end;
  int16_t explained[N_EXPLAINED];
} seen_token;

/* The n-grams of a text are kept (most texts have a few hundred) so that their rows
 * are summed in a tight loop and the strongest n-grams are looked for only in the
 * heads the model concluded, once their probabilities are known. A longer text is
 * summed a chunk at a time and walked again for its strongest n-grams. */
#define SEEN_CAP 512 /* 12 KB of stack; at most 4096: a chunk's int32 sums must not overflow */

struct scoring {
  const rd_model_table *m;
  uint32_t mask;
  int64_t sum[RD_MODEL_ROW];
  unsigned tokens;
  size_t n_seen;
  int overflowed;   /* a chunk was summed and dropped: the spans must be walked again */
  seen_token seen[SEEN_CAP];
};

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

/* A hint to start loading a row (the table is larger than the first-level cache). */
#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

/* 4096 weights of at most 32767 fit an int32. */
typedef char seen_cap_fits_int32[SEEN_CAP <= 4096 ? 1 : -1];

/* Adds the rows of the kept n-grams to the sums, and notes their explained weights. */
static void sum_seen(scoring *sc) {
  int32_t partial[RD_MODEL_ROW] = {0}; /* int32 adds vectorise */
  for (size_t i = 0; i < sc->n_seen; i++) {
    seen_token *t = &sc->seen[i];
    const int16_t *row = sc->m->rows[t->row];
    for (int h = 0; h < RD_MODEL_ROW; h++) partial[h] += row[h];
    for (size_t k = 0; k < N_EXPLAINED; k++) t->explained[k] = row[explained[k].head];
  }
  for (int h = 0; h < RD_MODEL_ROW; h++) sc->sum[h] += partial[h];
}

static void on_token(uint32_t hash, size_t start, size_t end, void *payload) {
  scoring *sc = payload;
  if (sc->n_seen == SEEN_CAP) {
    sum_seen(sc);
    sc->n_seen = 0;
    sc->overflowed = 1;
  }
  seen_token *t = &sc->seen[sc->n_seen++]; /* its explained weights: in sum_seen */
  t->row = hash & sc->mask;
  PREFETCH(sc->m->rows[t->row]); /* summed after the walk: the row is on its way */
  t->start = (uint32_t)start;
  t->end = (uint32_t)end;
  sc->tokens++;
}

/* The strongest n-grams of one head, in text order as the walk meets them. */
typedef struct top_walk {
  const rd_model_table *m;
  uint32_t mask;
  int head;
  top_ngram *top;
} top_walk;

static void on_top_token(uint32_t hash, size_t start, size_t end, void *payload) {
  top_walk *tw = payload;
  keep_top(tw->top, tw->m->rows[hash & tw->mask][tw->head], start, end);
}

/* The strongest n-grams of explained head k. */
static void find_top(const scoring *sc, const char *text, size_t len, size_t k,
                     top_ngram top[TOP_REASONS]) {
  memset(top, 0, TOP_REASONS * sizeof *top);
  if (sc->overflowed) {
    top_walk tw = {sc->m, sc->mask, explained[k].head, top};
    rd_model_tokens(text, len, on_top_token, &tw);
    return;
  }
  for (size_t i = 0; i < sc->n_seen; i++) {
    const seen_token *t = &sc->seen[i];
    keep_top(top, t->explained[k], t->start, t->end);
  }
}

/* The model reads texts at least as long as those it was trained on (the table's
 * min_tokens n-grams); shorter ones ("angry", "I'm upset.", 测试) are judged by their
 * cues alone, as a lexicon judges them best, and give UNKNOWN when no cue counts. */
static int long_enough(const rd_model_table *m, unsigned tokens) { return tokens >= m->min_tokens; }

static int add_reasons(redress_verdict *v, const scoring *sc, const char *text, size_t len,
                       double norm) {
  for (size_t k = 0; k < N_EXPLAINED; k++) {
    int head = explained[k].head;
    if (v->model.p[head] < sc->m->threshold[head]) continue; /* only what the model concluded */
    top_ngram top[TOP_REASONS];
    find_top(sc, text, len, k, top);
    for (size_t i = 0; i < TOP_REASONS; i++) {
      const top_ngram *t = &top[i];
      if (t->weight <= 0) break;
      int32_t milli = (int32_t)((double)t->weight * norm * RD_POINT + 0.5);
      int rc = rd_verdict_add_text(v, explained[k].rule, milli, text, t->start, t->end - t->start);
      if (rc != REDRESS_OK) return rc;
    }
  }
  return REDRESS_OK;
}

int rd_model_apply(redress_verdict *v, const char *text, size_t len) {
  const rd_model_table *m = &rd_model_weights;
  scoring sc;
  memset(&sc, 0, offsetof(scoring, seen)); /* the list is written before it is read */
  sc.m = m;
  sc.mask = (1u << m->bucket_bits) - 1u;
  token_walk w;
  memset(&w, 0, sizeof w);
  w.payload = &sc;
  walk(text, len, &w);
  sum_seen(&sc); /* the list stays for find_top */
  if (!long_enough(m, sc.tokens)) return REDRESS_OK;
  double dense[RD_DENSE_COUNT];
  rd_model_dense(dense, &v->tally, len);
  /* n-gram counts are divided by the square root of their number, so that a long
   * text does not outvote its own cues by length alone. */
  double norm = m->scale / rd_sqrt((double)sc.tokens);
  /* Each head's sum in the order x = bias + n-grams + dense[0] + dense[1] ..., the
   * heads side by side; then p = 1 / (1 + exp(-x)). */
  double x[RD_HEAD_COUNT], e[RD_HEAD_COUNT];
  for (int h = 0; h < RD_HEAD_COUNT; h++) x[h] = m->bias[h] + (double)sc.sum[h] * norm;
  for (int d = 0; d < RD_DENSE_COUNT; d++)
    for (int h = 0; h < RD_HEAD_COUNT; h++) x[h] += m->dense[h][d] * dense[d];
  for (int h = 0; h < RD_HEAD_COUNT; h++) x[h] = -x[h];
  rd_exp_many(x, e, RD_HEAD_COUNT);
  for (int h = 0; h < RD_HEAD_COUNT; h++) v->model.p[h] = 1.0 / (1.0 + e[h]);
  v->model.ran = 1;
  return add_reasons(v, &sc, text, len, norm);
}
