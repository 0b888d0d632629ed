/* "Did you mean": the known name nearest to what was typed, by edit distance
 * (insertions, deletions, substitutions and swaps of two neighbours: the optimal
 * string alignment distance), or the one name it begins. */
#include <string.h>

#include "cli.h"

#define MAX_NAME 64

static size_t min3(size_t a, size_t b, size_t c) {
  size_t m = a < b ? a : b;
  return m < c ? m : c;
}

/* Three rows of the table; names longer than MAX_NAME are never near. */
static size_t distance(const char *a, const char *b) {
  size_t n = strlen(a), m = strlen(b);
  if (n > MAX_NAME || m > MAX_NAME) return (size_t)-1;
  size_t before[MAX_NAME + 1] = {0}, prev[MAX_NAME + 1], cur[MAX_NAME + 1];
  for (size_t j = 0; j <= m; j++) prev[j] = j;
  for (size_t i = 1; i <= n; i++) {
    cur[0] = i;
    for (size_t j = 1; j <= m; j++) {
      cur[j] = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]));
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
          before[j - 2] + 1 < cur[j])
        cur[j] = before[j - 2] + 1; /* "lsit": a swap is one edit */
    }
    memcpy(before, prev, (m + 1) * sizeof *prev);
    memcpy(prev, cur, (m + 1) * sizeof *cur);
  }
  return prev[m];
}

const char *suggest(const char *typed, const char *const *names, size_t count) {
  const char *best = NULL, *prefixed = NULL;
  size_t best_distance = (size_t)-1, n_prefixed = 0, len = strlen(typed);
  for (size_t i = 0; count ? i < count : names[i] != NULL; i++) {
    size_t d = distance(typed, names[i]);
    if (d < best_distance) {
      best_distance = d;
      best = names[i];
    }
    if (len >= 2 && strncmp(names[i], typed, len) == 0) {
      prefixed = names[i];
      n_prefixed++;
    }
  }
  /* a typo: one edit in a short name, up to a third of a longer one */
  size_t allowed = len <= 4 ? 1 : len / 3;
  if (best != NULL && best_distance > 0 && best_distance <= allowed) return best;
  return n_prefixed == 1 ? prefixed : NULL;
}

void suggest_option(char *buf, size_t size, const char *typed, const opt_spec *const *tables) {
  const char *names[128];
  size_t n = 0;
  for (size_t t = 0; tables[t] != NULL; t++)
    for (const opt_spec *s = tables[t]; s->name != NULL && n < 128; s++) names[n++] = s->name;
  const char *near = n ? suggest(typed, names, n) : NULL;
  if (near != NULL) snprintf(buf, size, " (did you mean --%s?)", near);
  else snprintf(buf, size, " (see --help)");
}
