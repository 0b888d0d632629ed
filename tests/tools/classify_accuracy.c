/* Prints the classifier's accuracy on the labelled corpus, per language and per risk
 * flag, and fails (exit 1) below 90% temperament accuracy or 85% flag recall.
 * Usage: classify_accuracy [-v] [corpus.tsv ...] [--report other.tsv ...]
 * (default: $REDRESS_TEST_DATA/corpus.tsv). Files after --report are scored and printed
 * but do not gate. With -v, every text whose temperament or flags differ from its label
 * is listed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus_eval.h"
#include "redress.h"

#define MIN_ACCURACY 0.90
#define MIN_RECALL 0.85

static int evaluate(redress_desk *desk, const char *path, int verbose, int gate) {
  ce_stats st;
  printf("== %s\n", path);
  int n = ce_run(desk, path, &st, verbose ? stdout : NULL);
  if (n < 0) {
    fprintf(stderr, "cannot read or classify %s\n", path);
    return 1;
  }
  ce_print(&st, stdout);
  int ok = ce_accuracy(&st) >= MIN_ACCURACY && ce_recall(&st) >= MIN_RECALL;
  if (!gate) {
    printf("%d texts (reported only)\n", n);
    return 0;
  }
  printf("%d texts: %s\n", n, ok ? "PASS" : "FAIL (needs 90% accuracy and 85% recall)");
  return ok ? 0 : 1;
}

int main(int argc, char **argv) {
  int verbose = 0, first = 1, failed = 0, gate = 1;
  if (argc > 1 && strcmp(argv[1], "-v") == 0) verbose = 1, first = 2;
  redress_desk *desk = NULL;
  if (redress_desk_open(&desk, NULL) != REDRESS_OK) return 2;
  if (first >= argc) {
    const char *dir = getenv("REDRESS_TEST_DATA");
    char path[4096];
    snprintf(path, sizeof path, "%s/corpus.tsv", dir != NULL ? dir : "tests/data");
    failed = evaluate(desk, path, verbose, 1);
  }
  for (int i = first; i < argc; i++) {
    if (strcmp(argv[i], "--report") == 0) gate = 0;
    else failed |= evaluate(desk, argv[i], verbose, gate);
  }
  redress_desk_close(desk);
  return failed;
}
