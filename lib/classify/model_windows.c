/* The window heads' reading of a text (classify.h, RD_MODEL_WINDOWS): the n-grams'
 * window columns summed a sentence at a time, each pair of neighbouring sentences
 * (and the last sentence alone) scored as sum / sqrt(n-grams), the best window kept
 * per head with its span: a threat said in one sentence also counts at the length of
 * its own sentences, not only spread over the whole text (docs/classification.md, "The
 * model", says what it bought and what it does not fix). */
#include "classify/ngram_walk.h"

static void keep_best(rd_windows *w, const int64_t sum[RD_MODEL_WINDOWS], unsigned n,
                      uint32_t start, uint32_t end) {
  double root = rd_sqrt_count(n);
  for (int k = 0; k < RD_MODEL_WINDOWS; k++) {
    double score = (double)sum[k] / root;
    if (w->scored && score <= w->best[k]) continue;
    w->best[k] = score;
    w->best_start[k] = start;
    w->best_end[k] = end;
  }
  w->scored = 1;
}

void rd_windows_close(rd_windows *w, unsigned ordinal, uint32_t end, uint32_t next_start) {
  unsigned n = ordinal - w->cur_opened;
  if (n > 0) {
    int64_t pair[RD_MODEL_WINDOWS];
    for (int k = 0; k < RD_MODEL_WINDOWS; k++) pair[k] = w->prev[k] + w->cur[k];
    if (w->prev_n > 0) keep_best(w, pair, w->prev_n + n, w->prev_start, end);
    for (int k = 0; k < RD_MODEL_WINDOWS; k++) w->prev[k] = w->cur[k];
    w->prev_n = n;
    w->prev_start = w->cur_start;
    w->prev_end = end;
  }
  for (int k = 0; k < RD_MODEL_WINDOWS; k++) w->cur[k] = 0;
  w->cur_opened = ordinal;
  w->cur_start = next_start;
}

void rd_windows_finish(rd_windows *w, unsigned tokens, uint32_t end) {
  rd_windows_close(w, tokens, end, end);
  if (w->prev_n > 0) keep_best(w, w->prev, w->prev_n, w->prev_start, w->prev_end);
}
