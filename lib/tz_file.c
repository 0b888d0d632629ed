/* IANA zones: the POSIX rule in the footer of a TZif v2+ file (RFC 8536).
 *
 * Only the footer is read. It describes the zone's current rules, which is what
 * business calendars need: they schedule the present and the future. The
 * transition table for the past is skipped, so historic offsets are not modelled. */
#include "tz.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define MAX_NAME_BYTES 255
/* Real TZif files are a few kilobytes; anything this large is not one. */
#define MAX_FILE_BYTES (1024u * 1024u)
#define HEADER_BYTES 44u

static int name_char_ok(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '/' || c == '_' || c == '-' || c == '+' || c == '.';
}

/* Names stay inside the zoneinfo directory: relative, no "..", a plain alphabet. */
static int check_name(redress_desk *desk, const char *name, size_t len, size_t at) {
  if (len == 0 || len > MAX_NAME_BYTES)
    return rd_fail(desk, REDRESS_ERR_PARSE, "calendar: zone name is empty or too long at byte %zu", at);
  if (name[0] == '/')
    return rd_fail(desk, REDRESS_ERR_PARSE, "calendar: zone name must be relative at byte %zu", at);
  for (size_t i = 0; i < len; i++) {
    if (!name_char_ok(name[i]))
      return rd_fail(desk, REDRESS_ERR_PARSE, "calendar: bad character in zone name at byte %zu",
                     at + i);
    if (name[i] == '.' && i + 1 < len && name[i + 1] == '.')
      return rd_fail(desk, REDRESS_ERR_PARSE, "calendar: \"..\" in zone name at byte %zu", at + i);
  }
  return REDRESS_OK;
}

static char *join_path(const redress_allocator *a, const char *dir, const char *name,
                       size_t len) {
  size_t dlen = strlen(dir);
  char *path = rd_alloc(a, dlen + len + 2);
  if (path == NULL) return NULL;
  memcpy(path, dir, dlen);
  path[dlen] = '/';
  memcpy(path + dlen + 1, name, len);
  path[dlen + 1 + len] = '\0';
  return path;
}

/* Reads a whole (small) file. NOTFOUND when it cannot be opened or read. */
static int read_file(redress_desk *desk, const char *path, char **out, size_t *out_len) {
  FILE *f = fopen(path, "rb");
  if (f == NULL)
    return rd_fail(desk, REDRESS_ERR_NOTFOUND, "calendar: time zone file %s %s", path,
                   errno == ENOENT ? "does not exist" : "cannot be opened");
  char *buf = NULL;
  size_t cap = 0, len = 0;
  int rc = REDRESS_OK;
  for (;;) {
    rc = rd_reserve(&desk->alloc, (void **)&buf, &cap, len + 4096, 1);
    if (rc != REDRESS_OK) break;
    size_t got = fread(buf + len, 1, cap - len, f);
    len += got;
    if (got == 0 || len > MAX_FILE_BYTES) break;
  }
  if (rc == REDRESS_OK && ferror(f))
    rc = rd_fail(desk, REDRESS_ERR_NOTFOUND, "calendar: time zone file %s cannot be read", path);
  else if (rc == REDRESS_OK && len > MAX_FILE_BYTES)
    rc = rd_fail(desk, REDRESS_ERR_PARSE, "calendar: %s is too large for a TZif file", path);
  else if (rc != REDRESS_OK)
    rc = rd_fail(desk, rc, "calendar: out of memory reading %s", path);
  (void)fclose(f);
  if (rc != REDRESS_OK) {
    rd_free(&desk->alloc, buf);
    return rc;
  }
  *out = buf;
  *out_len = len;
  return REDRESS_OK;
}

static uint32_t be32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/*
 * Size of the data block after the header at p, whose times are time_bytes wide
 * (4 in the version 1 block, 8 in the version 2+ block). 0 when the header is
 * not a TZif header or the block does not fit in `room` bytes.
 */
static size_t block_bytes(const unsigned char *p, size_t room, size_t time_bytes) {
  if (room < HEADER_BYTES || memcmp(p, "TZif", 4) != 0) return 0;
  /* Counts: isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt. */
  size_t n[6];
  for (int i = 0; i < 6; i++) {
    n[i] = be32(p + 20 + 4 * i);
    if (n[i] > room) return 0; /* also keeps the sums below from overflowing */
  }
  size_t total = HEADER_BYTES + n[0] + n[1] + n[2] * (time_bytes + 4) +
                 n[3] * (time_bytes + 1) + n[4] * 6 + n[5];
  return total <= room ? total : 0;
}

/* Finds the footer line of a TZif v2+ file: the text between the last two newlines
 * that follow the version 2 data block. */
static int find_footer(const char *buf, size_t len, const char **rule, size_t *rule_len) {
  const unsigned char *p = (const unsigned char *)buf;
  size_t v1 = block_bytes(p, len, 4);
  if (v1 == 0 || p[4] < '2') return 0;
  size_t v2 = block_bytes(p + v1, len - v1, 8);
  if (v2 == 0) return 0;
  size_t at = v1 + v2;
  if (at >= len || buf[at] != '\n') return 0;
  const char *start = buf + at + 1;
  const char *nl = memchr(start, '\n', len - at - 1);
  if (nl == NULL) return 0;
  *rule = start;
  *rule_len = (size_t)(nl - start);
  return 1;
}

static int parse_footer(rd_tz *out, redress_desk *desk, const char *buf, size_t len,
                        const char *path) {
  const char *rule = NULL;
  size_t rule_len = 0, err_at = 0;
  if (!find_footer(buf, len, &rule, &rule_len))
    return rd_fail(desk, REDRESS_ERR_PARSE, "calendar: %s is not a TZif file of version 2 or later",
                   path);
  if (rule_len == 0)
    return rd_fail(desk, REDRESS_ERR_PARSE, "calendar: %s has no current rule in its footer", path);
  if (rd_tz_parse_posix(out, rule, rule_len, &err_at) != REDRESS_OK)
    return rd_fail(desk, REDRESS_ERR_PARSE,
                   "calendar: the rule in the footer of %s is malformed at its byte %zu", path,
                   err_at);
  return REDRESS_OK;
}

int rd_tz_load(rd_tz *out, redress_desk *desk, const char *name, size_t len, size_t at) {
  int rc = check_name(desk, name, len, at);
  if (rc != REDRESS_OK) return rc;
  const char *dir = desk->zoneinfo_dir != NULL ? desk->zoneinfo_dir : RD_TZ_DEFAULT_DIR;
  char *path = join_path(&desk->alloc, dir, name, len);
  if (path == NULL) return rd_fail(desk, REDRESS_ERR_NOMEM, "calendar: out of memory");
  char *buf = NULL;
  size_t buf_len = 0;
  rc = read_file(desk, path, &buf, &buf_len);
  if (rc == REDRESS_OK) rc = parse_footer(out, desk, buf, buf_len, path);
  rd_free(&desk->alloc, buf);
  rd_free(&desk->alloc, path);
  return rc;
}
