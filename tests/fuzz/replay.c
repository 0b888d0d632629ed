/* Replays inputs through a libFuzzer target without libFuzzer, so that the seed
 * corpora and every crash input kept in tests/fuzz/corpus_* run in the ordinary test
 * suites (plain, AddressSanitizer, valgrind) with any compiler. Arguments are files
 * or directories of files; the target aborts on a broken invariant. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    perror(path);
    return 1;
  }
  size_t cap = 4096, len = 0;
  uint8_t *buf = malloc(cap);
  size_t got = 0;
  while (buf != NULL && (got = fread(buf + len, 1, cap - len, f)) > 0) {
    len += got;
    if (len == cap) {
      uint8_t *bigger = realloc(buf, cap * 2);
      if (bigger == NULL) free(buf);
      buf = bigger;
      cap *= 2;
    }
  }
  fclose(f);
  if (buf == NULL) return 1;
  (void)LLVMFuzzerTestOneInput(buf, len);
  free(buf);
  return 0;
}

static int replay_dir(const char *dir, size_t *count) {
  DIR *d = opendir(dir);
  if (d == NULL) {
    perror(dir);
    return 1;
  }
  int failed = 0;
  for (struct dirent *e = readdir(d); e != NULL; e = readdir(d)) {
    if (e->d_name[0] == '.') continue;
    size_t n = strlen(dir) + strlen(e->d_name) + 2;
    char *path = malloc(n);
    if (path == NULL) return 1;
    (void)snprintf(path, n, "%s/%s", dir, e->d_name);
    failed |= replay_file(path);
    ++*count;
    free(path);
  }
  closedir(d);
  return failed;
}

int main(int argc, char **argv) {
  int failed = 0;
  size_t count = 0;
  for (int i = 1; i < argc; i++) {
    struct stat st;
    if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
      failed |= replay_dir(argv[i], &count);
    } else {
      failed |= replay_file(argv[i]);
      count++;
    }
  }
  printf("replayed %zu inputs\n", count);
  return failed || count == 0;
}
