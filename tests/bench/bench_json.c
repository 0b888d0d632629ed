/*
 * Canonical JSON of complaints, side by side with jansson: MB/s (10^6 bytes of JSON
 * per second, one core) over the same documents, those of typical complaints (a
 * 500-byte text, 8 events; bench_complaint.c).
 *   - decode: redress_complaint_from_json() produces a full complaint (every field
 *     validated, UTF-8 checked, the history replayed through the lifecycle table);
 *     jansson's json_loadb() produces its generic tree of the same document.
 *   - encode: redress_complaint_to_json() from the complaint objects; jansson's
 *     json_dumps(JSON_COMPACT) from its trees.
 *
 *   bench_json [documents]      (default 20000, about 30 MB)
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_complaint.h"
#include "bench_util.h"

#define TEXT_BYTES 500

typedef struct docs {
  char **text;
  size_t *len;
  size_t n, bytes;
} docs;

typedef double (*pass_fn)(void *ctx, size_t *bytes);

/* Median MB/s over BENCH_RUNS passes. */
static double rate(pass_fn pass, void *ctx, double *runs) {
  for (int r = 0; r < BENCH_RUNS; r++) {
    size_t bytes = 0;
    double secs = pass(ctx, &bytes);
    runs[r] = (double)bytes / 1e6 / secs;
  }
  return bench_median(runs, BENCH_RUNS);
}

typedef struct ctx {
  redress_desk *desk;
  redress_complaint **complaints;
  json_t **trees;
  docs *d;
} ctx;

static double ours_decode(void *p, size_t *bytes) {
  ctx *c = p;
  double t0 = bench_cpu_seconds();
  for (size_t i = 0; i < c->d->n; i++) {
    redress_complaint *x = NULL;
    bench_check(redress_complaint_from_json(&x, c->desk, c->d->text[i], c->d->len[i]), c->desk,
                "from_json");
    redress_complaint_free(x);
  }
  *bytes = c->d->bytes;
  return bench_cpu_seconds() - t0;
}

static double jansson_decode(void *p, size_t *bytes) {
  ctx *c = p;
  double t0 = bench_cpu_seconds();
  for (size_t i = 0; i < c->d->n; i++) {
    json_error_t err;
    json_t *t = json_loadb(c->d->text[i], c->d->len[i], 0, &err);
    if (t == NULL) {
      fprintf(stderr, "jansson: %s\n", err.text);
      exit(1);
    }
    json_decref(t);
  }
  *bytes = c->d->bytes;
  return bench_cpu_seconds() - t0;
}

static double ours_encode(void *p, size_t *bytes) {
  ctx *c = p;
  size_t total = 0;
  double t0 = bench_cpu_seconds();
  for (size_t i = 0; i < c->d->n; i++) {
    char *out = NULL;
    size_t len = 0;
    bench_check(redress_complaint_to_json(&out, &len, c->complaints[i]), c->desk, "to_json");
    total += len;
    redress_free(out);
  }
  *bytes = total;
  return bench_cpu_seconds() - t0;
}

static double jansson_encode(void *p, size_t *bytes) {
  ctx *c = p;
  size_t total = 0;
  double t0 = bench_cpu_seconds();
  for (size_t i = 0; i < c->d->n; i++) {
    char *out = json_dumps(c->trees[i], JSON_COMPACT);
    if (out == NULL) exit(1);
    total += strlen(out);
    free(out);
  }
  *bytes = total;
  return bench_cpu_seconds() - t0;
}

static void report(const char *workload, double ours, double theirs, const double *runs_ours,
                   const double *runs_theirs, double target) {
  char sp_ours[64], sp_theirs[64];
  bench_spread(sp_ours, sizeof sp_ours, runs_ours, BENCH_RUNS);
  bench_spread(sp_theirs, sizeof sp_theirs, runs_theirs, BENCH_RUNS);
  printf("%s: MB/s, median of %d [min..max]: ours %.0f [%s], jansson %.0f [%s]\n", workload,
         BENCH_RUNS, ours, sp_ours, theirs, sp_theirs);
  bench_result r = {workload, ours, theirs, "MB/s", "jansson", 0, target, NULL, -1};
  bench_report(&r);
}

int main(int argc, char **argv) {
  size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 20000;
  if (n == 0) return 1;
  redress_desk *desk = NULL;
  bench_check(redress_desk_open(&desk, NULL), NULL, "desk_open");
  docs d = {malloc(n * sizeof(char *)), malloc(n * sizeof(size_t)), n, 0};
  ctx c = {desk, malloc(n * sizeof(redress_complaint *)), malloc(n * sizeof(json_t *)), &d};
  if (d.text == NULL || d.len == NULL || c.complaints == NULL || c.trees == NULL) return 1;
  uint64_t rng = 11;
  for (size_t i = 0; i < n; i++) {
    c.complaints[i] = bench_typical_complaint(desk, i, TEXT_BYTES, &rng);
    bench_check(redress_complaint_to_json(&d.text[i], &d.len[i], c.complaints[i]), desk,
                "to_json");
    d.bytes += d.len[i];
    json_error_t err;
    c.trees[i] = json_loadb(d.text[i], d.len[i], 0, &err);
    if (c.trees[i] == NULL) return 1;
  }
  printf("json: %zu documents of typical complaints, %.1f MB (%.0f bytes each); jansson %s\n", n,
         (double)d.bytes / 1e6, (double)d.bytes / (double)n, JANSSON_VERSION);

  double runs_ours[BENCH_RUNS], runs_theirs[BENCH_RUNS];
  double dec_ours = rate(ours_decode, &c, runs_ours);
  double dec_theirs = rate(jansson_decode, &c, runs_theirs);
  report("JSON decode (full complaint vs generic tree)", dec_ours, dec_theirs, runs_ours,
         runs_theirs, 1);
  double enc_ours = rate(ours_encode, &c, runs_ours);
  double enc_theirs = rate(jansson_encode, &c, runs_theirs);
  report("JSON encode", enc_ours, enc_theirs, runs_ours, runs_theirs, 0);

  for (size_t i = 0; i < n; i++) {
    redress_complaint_free(c.complaints[i]);
    redress_free(d.text[i]);
    json_decref(c.trees[i]);
  }
  free(c.complaints);
  free(c.trees);
  free(d.text);
  free(d.len);
  redress_desk_close(desk);
  return 0;
}
