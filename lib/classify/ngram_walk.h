/* The model's n-grams of a text, read one unit at a time: Latin words and word pairs,
 * Hangul and CJK characters and character pairs, other symbols (model.c says what the
 * model makes of them). The steps are inline so that one walk over the text serves
 * two readers: the cue matcher's scan (cues.c, rd_matcher_scan_ngrams) feeds every
 * unit it reads to them as well, and model.c's own walk (rd_model_tokens, for the
 * trainer's inputs and texts too long for one list) is made of the same steps, so
 * both give the same n-grams in the same order, and mark the same n-grams as the first
 * of a sentence (for the window heads, model_windows.c). */
#ifndef RD_NGRAM_WALK_H
#define RD_NGRAM_WALK_H

#include "classify/classify.h"

#define RD_FNV_OFFSET 2166136261u
#define RD_FNV_PRIME 16777619u
/* Seeds that keep the kinds of n-gram apart in the hash space. */
#define RD_SEED_WORD 0x57u
#define RD_SEED_WORD_PAIR 0x9E3779B1u
#define RD_SEED_CHAR 0x43u
#define RD_SEED_CHAR_PAIR 0x85EBCA6Bu
#define RD_SEED_SYMBOL 0x53u

/* The n-grams of a text are kept (most texts have a few hundred) so that their rows are
 * summed in a tight loop and the strongest n-grams are looked for only in the heads the
 * model concluded. A longer text is summed a chunk at a time (rd_ngrams_sum) and walked
 * again for its strongest n-grams. At most 4096: a chunk's int32 sums must not
 * overflow. */
#define RD_NGRAM_CAP 512
#define RD_NGRAM_EXPLAINED 5 /* heads whose strongest n-grams become reasons (model.c) */

/* One n-gram read: its row, the bytes it covers, and (once its row was summed) its
 * weights in the explained heads and the window columns. */
typedef struct rd_ngram {
  uint32_t row;
  uint32_t start, end;
  int16_t explained[RD_NGRAM_EXPLAINED];
  int16_t window[RD_MODEL_WINDOWS];
} rd_ngram;

/* The sentences the window heads read (model_windows.c): each sentence's sums of the
 * window columns, scored two sentences at a time, the best window kept per head. */
typedef struct rd_windows {
  int64_t cur[RD_MODEL_WINDOWS];      /* the window columns' sums of the sentence being read */
  int64_t prev[RD_MODEL_WINDOWS];     /* those of the sentence before it */
  unsigned prev_n;                    /* its n-grams; 0: there is none */
  uint32_t prev_start, prev_end;      /* its bytes */
  unsigned cur_opened;                /* the ordinal of the current sentence's first n-gram */
  uint32_t cur_start;                 /* its first byte */
  uint32_t last_end;                  /* the last byte of the n-grams read so far */
  int scored;                         /* a window was scored: best holds one */
  double best[RD_MODEL_WINDOWS];      /* per column: sum / sqrt(n-grams), in table units */
  uint32_t best_start[RD_MODEL_WINDOWS], best_end[RD_MODEL_WINDOWS];
} rd_windows;

/* Closes the sentence being read (its sums in cur) before the n-gram of the given
 * ordinal, which opens the next at next_start; end is the last byte of the one closed. */
void rd_windows_close(rd_windows *w, unsigned ordinal, uint32_t end, uint32_t next_start);
/* After the last n-gram (tokens of them, ending at byte end) was read: closes the last
 * sentence and scores it alone. */
void rd_windows_finish(rd_windows *w, unsigned tokens, uint32_t end);

struct rd_ngrams {
  const rd_model_table *m;
  uint32_t mask;
  int64_t sum[RD_MODEL_ROW];
  unsigned tokens;  /* every n-gram read, summed or not */
  size_t n;         /* kept in items, not yet summed */
  int overflowed;   /* a chunk was summed and dropped: the spans must be walked again */
  rd_windows windows;
  size_t n_openers; /* the items that open a sentence: their indices in openers */
  rd_ngram items[RD_NGRAM_CAP];
  uint16_t openers[RD_NGRAM_CAP]; /* after items: rd_ngrams_start need not clear the lists */
};
typedef char rd_openers_fit_uint16[RD_NGRAM_CAP <= 65536 ? 1 : -1];

/* model.c: empties the list for a new text; adds the rows of the kept n-grams to the
 * sums, notes their explained weights and reads their sentences for the windows (the
 * list stays, for the reasons). */
void rd_ngrams_start(rd_ngrams *g);
void rd_ngrams_sum(rd_ngrams *g);

static inline uint32_t rd_fnv_byte(uint32_t h, unsigned char b) { return (h ^ b) * RD_FNV_PRIME; }

static inline uint32_t rd_mix_pair(uint32_t seed, uint32_t a, uint32_t b) {
  uint32_t h = seed ^ (a * 0xCC9E2D51u);
  h = (h << 13 | h >> 19) * 5u + 0xE6546B64u;
  h ^= b * 0x1B873593u;
  h ^= h >> 16;
  h *= 0x85EBCA6Bu;
  h ^= h >> 13;
  return h;
}

static inline uint32_t rd_unit_hash(uint32_t seed, const unsigned char *u, size_t n) {
  uint32_t h = rd_fnv_byte(RD_FNV_OFFSET, (unsigned char)seed);
  for (size_t i = 0; i < n; i++) h = rd_fnv_byte(h, u[i]);
  return h;
}

/* The walk's state between units. */
typedef struct rd_ngram_walk {
  rd_ngrams *sink;      /* where the n-grams go; NULL: to cb */
  rd_token_cb cb;
  void *payload;
  uint32_t word;        /* hash of the Latin word being read; 0: none */
  size_t word_start, word_end;
  int in_digits;        /* the word's last unit was a digit run (digits read as one 0) */
  uint32_t prev_word;   /* the word before it in the clause; 0: none */
  size_t prev_word_start;
  uint32_t prev_char;   /* the Hangul or CJK character right before; 0: none */
  int prev_char_kind;
  size_t prev_char_start;
  int sentence_ended;   /* the next n-gram opens a sentence */
} rd_ngram_walk;

static inline void rd_ngram_emit(rd_ngram_walk *w, uint32_t hash, size_t start, size_t end) {
  rd_ngrams *g = w->sink;
  int opens = w->sentence_ended;
  w->sentence_ended = 0;
  if (g == NULL) {
    w->cb(hash, start, end, opens, w->payload);
    return;
  }
  if (g->n == RD_NGRAM_CAP) { /* a long text: sum this chunk and start another */
    rd_ngrams_sum(g);
    g->n = 0;
    g->n_openers = 0;
    g->overflowed = 1;
  }
  rd_ngram *t = &g->items[g->n++]; /* its explained weights: in rd_ngrams_sum */
  t->row = hash & g->mask;
  RD_PREFETCH(g->m->rows[t->row]); /* summed after the walk: the row is on its way */
  t->start = (uint32_t)start;
  t->end = (uint32_t)end;
  if (opens) g->openers[g->n_openers++] = (uint16_t)(g->n - 1);
  g->tokens++;
}

static inline void rd_ngram_emit_word(rd_ngram_walk *w) {
  rd_ngram_emit(w, w->word, w->word_start, w->word_end);
  if (w->prev_word != 0)
    rd_ngram_emit(w, rd_mix_pair(RD_SEED_WORD_PAIR, w->prev_word, w->word), w->prev_word_start,
                  w->word_end);
  w->prev_word = w->word;
  w->prev_word_start = w->word_start;
  w->word = 0;
  w->in_digits = 0;
}

/* Ends the Latin word being read, if any. */
static inline void rd_ngram_end_word(rd_ngram_walk *w) {
  if (w->word != 0) rd_ngram_emit_word(w);
}

/* A letter or digit (digits of a number read as one `0`: an order number is a number,
 * whichever it is). */
static inline void rd_ngram_word_unit(rd_ngram_walk *w, const unsigned char *u, size_t n,
                                      int digit, size_t start, size_t end) {
  if (w->word == 0) {
    w->word = rd_fnv_byte(RD_FNV_OFFSET, RD_SEED_WORD);
    w->word_start = start;
  }
  w->word_end = end;
  if (digit) {
    if (!w->in_digits) w->word = rd_fnv_byte(w->word, '0');
    w->in_digits = 1;
    return;
  }
  w->in_digits = 0;
  for (size_t i = 0; i < n; i++) w->word = rd_fnv_byte(w->word, u[i]);
}

/* A Hangul or CJK character (kind RD_CH_HANGUL or RD_CH_CJK), the word before it ended. */
static inline void rd_ngram_wide_unit(rd_ngram_walk *w, const unsigned char *u, size_t n,
                                      int kind, size_t start, size_t end) {
  uint32_t h = rd_unit_hash(RD_SEED_CHAR, u, n);
  rd_ngram_emit(w, h, start, end);
  if (w->prev_char != 0 && w->prev_char_kind == kind)
    rd_ngram_emit(w, rd_mix_pair(RD_SEED_CHAR_PAIR, w->prev_char, h), w->prev_char_start, end);
  w->prev_char = h;
  w->prev_char_kind = kind;
  w->prev_char_start = start;
}

static inline int rd_ngram_is_apostrophe(const unsigned char *u, size_t n) {
  return (n == 1 && u[0] == '\'') || (n == 3 && u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0x99);
}

/* Whether the unit cp ends a sentence (the window heads read two at a time): . ! ? ;
 * a newline or … (。 and the fullwidth forms were folded to ASCII before this). */
static inline int rd_ngram_ends_sentence(uint32_t cp) {
  return cp == '.' || cp == '!' || cp == '?' || cp == ';' || cp == '\n' || cp == 0x2026;
}

/* One normalised unit u[0..n) of the text, code point cp of kind `kind`, covering
 * text[start, end). */
static inline void rd_ngram_on_unit(rd_ngram_walk *w, const unsigned char *u, size_t n,
                                    uint32_t cp, int kind, size_t start, size_t end) {
  if (kind == RD_CH_LETTER || kind == RD_CH_DIGIT ||
      (w->word != 0 && rd_ngram_is_apostrophe(u, n))) {
    w->prev_char = 0;
    rd_ngram_word_unit(w, u, n, kind == RD_CH_DIGIT, start, end);
    return;
  }
  rd_ngram_end_word(w);
  if (kind == RD_CH_HANGUL || kind == RD_CH_CJK) {
    rd_ngram_wide_unit(w, u, n, kind, start, end);
    return;
  }
  w->prev_char = 0;
  if (kind == RD_CH_SPACE) return;
  if (kind == RD_CH_BREAK) w->prev_word = 0; /* pairs stay inside a clause */
  if (!(kind == RD_CH_BREAK && cp != '!' && cp != '?'))
    rd_ngram_emit(w, rd_unit_hash(RD_SEED_SYMBOL, u, n), start, end);
  if (rd_ngram_ends_sentence(cp)) w->sentence_ended = 1; /* after its own n-gram: `!` ends it */
}

/* The ASCII byte b at text[start]: no decoding, no folding beyond case; a letter
 * inside a word (most bytes of an English text) is one multiply. */
static inline void rd_ngram_ascii(rd_ngram_walk *w, unsigned char b, size_t start) {
  unsigned char u = b >= 'A' && b <= 'Z' ? (unsigned char)(b + 32) : b;
  int kind = rd_ascii_kind[b];
  if (kind == RD_CH_LETTER && w->word != 0 && !w->in_digits) {
    w->word = rd_fnv_byte(w->word, u); /* a hash of 0 makes the next letter start a word */
    w->word_end = start + 1;
    return;
  }
  rd_ngram_on_unit(w, &u, 1, u, kind, start, start + 1);
}

/* The Hangul or CJK kind of the three-byte character at s (lead byte 0xE4..0xED, which
 * normalisation leaves as it is when no jamo follows), else 0. */
static inline int rd_ngram_wide_kind(const unsigned char *s) {
  uint32_t cp = rd_utf8_decode3(s);
  if (cp >= 0xAC00 && cp <= 0xD7A3) return RD_CH_HANGUL;
  if (cp >= 0x4E00 && cp <= 0x9FFF) return RD_CH_CJK;
  return 0;
}

/* Any other normalised unit u[0..n) (n > 0) covering text[start, end). */
static inline void rd_ngram_unit(rd_ngram_walk *w, const unsigned char *u, size_t n, size_t start,
                                 size_t end) {
  size_t p = 0;
  uint32_t cp = rd_utf8_next(u, n, &p);
  rd_ngram_on_unit(w, u, n, cp, rd_char_kind(cp), start, end);
}

/* The three-byte character text[start, start + 3) that normalisation leaves as it is
 * (the matcher's verbatim characters). */
static inline void rd_ngram_verbatim3(rd_ngram_walk *w, const unsigned char *s, size_t start) {
  int kind = rd_ngram_wide_kind(s + start);
  if (kind == 0) {
    rd_ngram_unit(w, s + start, 3, start, start + 3);
    return;
  }
  rd_ngram_end_word(w);
  rd_ngram_wide_unit(w, s + start, 3, kind, start, start + 3);
}

#endif
