/* nftw() is an XSI function. */
#define _XOPEN_SOURCE 700

#include "tmpdir.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int td_make(char *out, size_t outlen, const char *tag) {
  const char *base = getenv("TMPDIR");
  if (base == NULL || base[0] == '\0') base = "/tmp";
  int n = snprintf(out, outlen, "%s/redress-%s-XXXXXX", base, tag);
  if (n < 0 || (size_t)n >= outlen) return -1;
  if (mkdtemp(out) == NULL) {
    fprintf(stderr, "cannot create a directory under %s: %s\n", base, strerror(errno));
    return -1;
  }
  return 0;
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)sb;
  (void)flag;
  (void)ftw;
  return remove(path);
}

int td_remove(const char *dir) {
  return nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS) == 0 ? 0 : -1;
}

void td_path(char *out, size_t outlen, const char *dir, const char *name) {
  int n = snprintf(out, outlen, "%s/%s", dir, name);
  if (n < 0 || (size_t)n >= outlen) {
    fprintf(stderr, "path too long: %s/%s\n", dir, name);
    abort();
  }
}
