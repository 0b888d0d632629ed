/* Throwaway directories for tests that need files (database files, clusters). */
#ifndef REDRESS_TEST_TMPDIR_H
#define REDRESS_TEST_TMPDIR_H

#include <stddef.h>

/* Creates a fresh directory under $TMPDIR (or /tmp) named after `tag`; writes its
 * path to out (at least 256 bytes). Returns 0, or -1 with a message on stderr. */
int td_make(char *out, size_t outlen, const char *tag);

/* Deletes the directory and everything under it. Returns 0 or -1. */
int td_remove(const char *dir);

/* dir + "/" + name into out; aborts the test program if it does not fit. */
void td_path(char *out, size_t outlen, const char *dir, const char *name);

#endif
