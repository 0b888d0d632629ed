/* The window heads' reading of a text (lib/classify/model_windows.c): where the n-gram
 * walk opens sentences, how windows of two sentences are scored and kept, and that a
 * text summed a chunk at a time (longer than one list of n-grams) gives the windows a
 * direct computation over its n-grams gives. Built from the library's sources to reach
 * the walk and the windows, which are not exported. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "classify/amount_starts.h"
#include "classify/ngram_walk.h"
#include "helpers.h"
#include "redress.h"

/* cmocka's float comparison is single precision: the windows are doubles. */
#define assert_close(a, b) assert_true(fabs((double)(a) - (double)(b)) < 1e-9)

/* ---- where sentences open ------------------------------------------------------ */

#define MAX_TOKENS 8192

typedef struct token_log {
  size_t n;
  uint32_t hash[MAX_TOKENS];
  size_t start[MAX_TOKENS];
  int opens[MAX_TOKENS];
} token_log;

static void log_token(uint32_t hash, size_t start, size_t end, int opens_sentence,
                      void *payload) {
  token_log *log = payload;
  (void)end;
  assert_true(log->n < MAX_TOKENS);
  log->hash[log->n] = hash;
  log->start[log->n] = start;
  log->opens[log->n] = opens_sentence;
  log->n++;
}

/* The walk's n-grams of text (in a static log, overwritten by the next call). */
static const token_log *tokens_of(const char *text) {
  static token_log log;
  memset(&log, 0, sizeof log);
  rd_model_tokens(text, strlen(text), log_token, &log);
  return &log;
}

/* The text offsets of the n-grams that open a sentence, in order, ending with -1. */
static void expect_openings(const char *text, const char *const *first_words) {
  const token_log *log = tokens_of(text);
  size_t k = 0;
  for (size_t i = 0; i < log->n; i++) {
    if (!log->opens[i]) continue;
    assert_non_null(first_words[k]);
    const char *want = strstr(text, first_words[k]);
    assert_non_null(want);
    assert_int_equal(log->start[i], (size_t)(want - text));
    k++;
  }
  assert_null(first_words[k]); /* every expected opening was met */
}

static void sentences_open_after_their_ends(void **state) {
  (void)state;
  /* `.`, `!`, `?`, `;`, a newline and … end a sentence; `,` and `:` do not; a run of
   * ends opens one sentence; `!` and `?` are n-grams of the sentence they end. */
  expect_openings("One two, three: four. Five! Six? Seven; eight\nnine... ten… eleven",
                  (const char *const[]){"Five", "Six", "Seven", "eight", "nine", "ten", "eleven",
                                        NULL});
  /* 。 and the fullwidth forms are folded to `.` `!` `?` `;` first */
  expect_openings("你好。再见！谢谢", (const char *const[]){"再", "谢", NULL});
  const token_log *log = tokens_of("Why? Because.");
  assert_int_equal(log->n, 3); /* why, ?, because */
  assert_int_equal(log->opens[1], 0);
  assert_int_equal(log->opens[2], 1);
  /* ends before the first n-gram: it opens a sentence after an empty one, which the
   * windows skip (chunked_texts_give_the_direct_windows has such a text) */
  log = tokens_of("... Hello there");
  assert_int_equal(log->opens[0], 1);
}

/* ---- scoring and keeping windows --------------------------------------------- */

/* The window columns' sums of the sentence being read, as rd_ngrams_sum adds them. */
static void set_sentence(rd_windows *w, int64_t a, int64_t b, int64_t c) {
  w->cur[0] = a;
  w->cur[1] = b;
  w->cur[2] = c;
}

typedef char three_window_columns[RD_MODEL_WINDOWS == 3 ? 1 : -1];

static void windows_of_two_sentences_and_the_last_alone(void **state) {
  (void)state;
  rd_windows w;
  memset(&w, 0, sizeof w);
  /* sentence 0: bytes 0..40, n-grams 0..3 */
  set_sentence(&w, 10, 0, -5);
  rd_windows_close(&w, 4, 40, 41);
  assert_int_equal(w.scored, 0); /* one sentence is not a window yet */
  /* sentence 1: bytes 41..50, n-gram 4 */
  set_sentence(&w, 2, 8, 0);
  rd_windows_close(&w, 5, 50, 52);
  /* sentence 2: bytes 52..90, n-grams 5..13, the last */
  set_sentence(&w, -20, 0, 9);
  rd_windows_finish(&w, 14, 90);
  assert_int_equal(w.scored, 1);
  /* windows: s0+s1 = (12, 8, -5) / sqrt 5; s1+s2 = (-18, 8, 9) / sqrt 10; s2 = (-20, 0, 9) / 3 */
  assert_close(w.best[0], 12 / sqrt(5.0));
  assert_close(w.best[1], 8 / sqrt(5.0));
  assert_close(w.best[2], 3.0);
  assert_int_equal(w.best_start[0], 0);
  assert_int_equal(w.best_end[0], 50);
  assert_int_equal(w.best_start[1], 0);
  assert_int_equal(w.best_end[1], 50);
  assert_int_equal(w.best_start[2], 52); /* the last sentence alone */
  assert_int_equal(w.best_end[2], 90);
}

static void one_sentence_is_its_own_window(void **state) {
  (void)state;
  rd_windows w;
  memset(&w, 0, sizeof w);
  w.cur_start = 3;
  set_sentence(&w, -7, 0, 14);
  rd_windows_finish(&w, 49, 120);
  assert_int_equal(w.scored, 1);
  assert_close(w.best[0], -1.0); /* -7 / sqrt 49: negative scores count too */
  assert_close(w.best[2], 2.0);
  assert_int_equal(w.best_start[0], 3);
  assert_int_equal(w.best_end[0], 120);
  /* a window of more n-grams than the table of roots holds */
  memset(&w, 0, sizeof w);
  set_sentence(&w, 9000, 0, 0);
  rd_windows_finish(&w, 900, 5000);
  assert_close(w.best[0], 300.0);
  /* no n-grams at all: nothing scored, nothing added */
  memset(&w, 0, sizeof w);
  rd_windows_finish(&w, 0, 0);
  assert_int_equal(w.scored, 0);
}

/* ---- the library's windows against a direct computation ---------------------- */

/* The best window per column computed from the walk's n-grams and the table alone. */
static void direct_windows(const char *text, double best[RD_MODEL_WINDOWS]) {
  const token_log *log = tokens_of(text);
  const rd_model_table *m = &rd_model_weights;
  uint32_t mask = (1u << m->bucket_bits) - 1u;
  size_t open[MAX_TOKENS + 1], sentences = 0;
  for (size_t i = 0; i < log->n; i++)
    if (i == 0 || log->opens[i]) open[sentences++] = i;
  open[sentences] = log->n;
  for (int k = 0; k < RD_MODEL_WINDOWS; k++) best[k] = -INFINITY;
  for (size_t s = 0; s < sentences; s++) {
    size_t last = s + 1 < sentences ? s + 2 : s + 1; /* a pair, or the last sentence alone */
    for (int k = 0; k < RD_MODEL_WINDOWS; k++) {
      int64_t total = 0;
      for (size_t i = open[s]; i < open[last]; i++)
        total += m->rows[log->hash[i] & mask][RD_HEAD_COUNT + k];
      double score = (double)total / sqrt((double)(open[last] - open[s]));
      if (score > best[k]) best[k] = score;
    }
  }
}

static void library_windows(redress_desk *desk, const char *text, double best[RD_MODEL_WINDOWS]) {
  rd_classifier *cls = NULL;
  assert_int_equal(rd_classifier_ready(&cls, desk), REDRESS_OK);
  redress_verdict *v = NULL;
  assert_int_equal(rd_verdict_new(&v, rd_desk_alloc(desk)), REDRESS_OK);
  static rd_ngrams ngrams;
  static rd_amount_starts starts;
  assert_int_equal(rd_text_signals(v, cls, text, strlen(text), &ngrams, &starts), REDRESS_OK);
  rd_ngrams_sum(&ngrams);
  rd_windows_finish(&ngrams.windows, ngrams.tokens, ngrams.windows.last_end);
  assert_int_equal(ngrams.windows.scored, 1);
  for (int k = 0; k < RD_MODEL_WINDOWS; k++) best[k] = ngrams.windows.best[k];
  redress_verdict_free(v);
}

static void chunked_texts_give_the_direct_windows(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  static const char *const sentences[] = {
    "... My broadband has dropped every evening since the third of March. ",
    "Fix it this week or I cancel and go with someone else! ",
    "I want to speak to your supervisor; ",
    "책임자분과 통화하게 해 주세요.\n",
    "叫你们经理来。",
    "The log shows fourteen drops, between ten and forty minutes each... ",
  };
  static char text[64 * 1024];
  /* lengths from one sentence to several lists of n-grams (RD_NGRAM_CAP each) */
  for (size_t count = 1; count <= 160; count = count * 2 + 1) {
    text[0] = '\0';
    for (size_t i = 0; i < count; i++) strcat(text, sentences[(i * 7 + count) % 6]);
    double want[RD_MODEL_WINDOWS], got[RD_MODEL_WINDOWS];
    direct_windows(text, want);
    library_windows(t.desk, text, got);
    for (int k = 0; k < RD_MODEL_WINDOWS; k++) assert_close(got[k], want[k]);
  }
  th_desk_close(&t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(sentences_open_after_their_ends),
      cmocka_unit_test(windows_of_two_sentences_and_the_last_alone),
      cmocka_unit_test(one_sentence_is_its_own_window),
      cmocka_unit_test(chunked_texts_give_the_direct_windows),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
