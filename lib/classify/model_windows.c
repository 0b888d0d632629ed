/* The window heads' reading of a text (classify.h, RD_MODEL_WINDOWS): the n-grams'
 * window columns summed a sentence at a time, each pair of neighbouring sentences
 * (and the last sentence alone) scored as sum / sqrt(n-grams), the best window kept
 * per head with its span. Scoring a window rather than the whole text keeps a threat
 * said once in a long letter from being diluted by the rest of it
 * (docs/classification.md, "The model"). */
#include "classify/ngram_walk.h"

static void keep_best(rd_windows *w, const int64_t sum[RD_MODEL_WINDOWS], unsigned n,
                      uint32_t start, uint32_t end) {
  double root = rd_sqrt((double)n);
  for (int k = 0; k < RD_MODEL_WINDOWS; k++) {
    double score = (double)sum[k] / root;
    if (w->scored && score <= w->best[k]) continue;
    w->best[k] = score;
    w->best_start[k] = start;
    w->best_end[k] = end;
  }
  w->scored = 1;
}

/* The window columns' sums so far: what was summed before this chunk and in it. */
static void running_sums(int64_t out[RD_MODEL_WINDOWS], const int64_t sum[RD_MODEL_ROW],
                         const int32_t partial[RD_MODEL_ROW]) {
  for (int k = 0; k < RD_MODEL_WINDOWS; k++)
    out[k] = sum[RD_HEAD_COUNT + k] + partial[RD_HEAD_COUNT + k];
}

void rd_windows_close(rd_windows *w, const int64_t sum[RD_MODEL_ROW],
                      const int32_t partial[RD_MODEL_ROW], unsigned ordinal, uint32_t end,
                      uint32_t next_start) {
  unsigned n = ordinal - w->cur_opened;
  if (n > 0) {
    int64_t now[RD_MODEL_WINDOWS], cur[RD_MODEL_WINDOWS], pair[RD_MODEL_WINDOWS];
    running_sums(now, sum, partial);
    for (int k = 0; k < RD_MODEL_WINDOWS; k++) {
      cur[k] = now[k] - w->at_start[k];
      pair[k] = cur[k] + w->prev[k];
      w->prev[k] = cur[k];
      w->at_start[k] = now[k];
    }
    if (w->prev_n > 0) keep_best(w, pair, w->prev_n + n, w->prev_start, end);
    w->prev_n = n;
    w->prev_start = w->cur_start;
    w->prev_end = end;
  }
  w->cur_opened = ordinal;
  w->cur_start = next_start;
}

void rd_windows_finish(rd_windows *w, const int64_t sum[RD_MODEL_ROW], unsigned tokens,
                       uint32_t end) {
  static const int32_t none[RD_MODEL_ROW];
  rd_windows_close(w, sum, none, tokens, end, end);
  if (w->prev_n > 0) keep_best(w, w->prev, w->prev_n, w->prev_start, w->prev_end);
}
