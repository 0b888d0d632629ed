/* IANA zones: a TZif v2+ file (RFC 8536). Two parts are read: the version 2 block's
 * transition table (64-bit times), which records the past and any changes already
 * announced (such as a country keeping summer time through one winter), and the
 * footer's POSIX rule, which applies after the table's last transition. The
 * version 1 block and leap-second records are skipped. */
#include "time/tz.h"

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
    rc = rd_reserve(rd_desk_alloc(desk), (void **)&buf, &cap, len + 4096, 1);
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
    rd_free(rd_desk_alloc(desk), buf);
    return rc;
  }
  *out = buf;
  *out_len = len;
  return REDRESS_OK;
}

static uint32_t be32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* The six counts of a TZif header, in file order. */
enum { ISUTCNT, ISSTDCNT, LEAPCNT, TIMECNT, TYPECNT, CHARCNT };

/*
 * Reads the counts of the header at p and returns the size of the header and its
 * data block, whose times are time_bytes wide (4 in the version 1 block, 8 in the
 * version 2+ block). 0 when it is not a TZif header or the block does not fit in
 * `room` bytes.
 */
static size_t block_bytes(const unsigned char *p, size_t room, size_t time_bytes, size_t n[6]) {
  if (room < HEADER_BYTES || memcmp(p, "TZif", 4) != 0) return 0;
  for (int i = 0; i < 6; i++) {
    n[i] = be32(p + 20 + 4 * i);
    if (n[i] > room) return 0; /* also keeps the sums below from overflowing */
  }
  size_t total = HEADER_BYTES + n[ISUTCNT] + n[ISSTDCNT] + n[LEAPCNT] * (time_bytes + 4) +
                 n[TIMECNT] * (time_bytes + 1) + n[TYPECNT] * 6 + n[CHARCNT];
  return total <= room ? total : 0;
}

/* Where the parts of a TZif v2+ file are. */
typedef struct tzif {
  const unsigned char *data; /* the version 2 data block */
  size_t n[6];               /* its counts */
  const char *rule;          /* the footer's POSIX rule */
  size_t rule_len;
} tzif;

static int find_parts(const char *buf, size_t len, tzif *f) {
  const unsigned char *p = (const unsigned char *)buf;
  size_t n1[6];
  size_t v1 = block_bytes(p, len, 4, n1);
  if (v1 == 0 || p[4] < '2') return 0;
  size_t v2 = block_bytes(p + v1, len - v1, 8, f->n);
  if (v2 == 0) return 0;
  f->data = p + v1 + HEADER_BYTES;
  /* The footer: a newline, the rule, a newline. */
  size_t at = v1 + v2;
  if (at >= len || buf[at] != '\n') return 0;
  const char *start = buf + at + 1;
  const char *nl = memchr(start, '\n', len - at - 1);
  if (nl == NULL) return 0;
  f->rule = start;
  f->rule_len = (size_t)(nl - start);
  return 1;
}

static int64_t be64(const unsigned char *p) {
  uint64_t v = (uint64_t)be32(p) << 32 | be32(p + 4);
  /* Two's complement without relying on an implementation-defined conversion. */
  return v <= (uint64_t)INT64_MAX ? (int64_t)v : -(int64_t)(~v) - 1;
}

/* utoff of local time type i (validated). */
static int type_offset(const tzif *f, size_t i, int32_t *off) {
  const unsigned char *t = f->data + f->n[TIMECNT] * 9 + 6 * i;
  uint32_t raw = be32(t);
  int64_t v = raw <= (uint32_t)INT32_MAX ? (int64_t)raw : (int64_t)raw - 4294967296;
  /* RFC 8536 advises offsets within -25h..+26h; the arithmetic relies on it. */
  if (v < -25 * 3600 || v > 26 * 3600) return 0;
  *off = (int32_t)v;
  return 1;
}

/* Copies the transition table into hist (allocated). */
static int read_history(rd_tz_history *hist, redress_desk *desk, const tzif *f,
                        const char *path) {
  size_t count = f->n[TIMECNT];
  hist->sw = NULL;
  hist->n = 0;
  if (f->n[TYPECNT] == 0 || !type_offset(f, 0, &hist->first_off))
    return rd_fail(desk, REDRESS_ERR_PARSE, "calendar: %s has a bad local time type", path);
  if (count == 0) return REDRESS_OK;
  hist->sw = rd_alloc(rd_desk_alloc(desk), count * sizeof *hist->sw);
  if (hist->sw == NULL) return rd_fail(desk, REDRESS_ERR_NOMEM, "calendar: out of memory");
  for (size_t i = 0; i < count; i++) {
    size_t type = f->data[count * 8 + i];
    hist->sw[i].at = be64(f->data + 8 * i);
    if (type >= f->n[TYPECNT] || !type_offset(f, type, &hist->sw[i].off) ||
        (i > 0 && hist->sw[i].at <= hist->sw[i - 1].at)) {
      rd_free(rd_desk_alloc(desk), hist->sw);
      hist->sw = NULL;
      return rd_fail(desk, REDRESS_ERR_PARSE, "calendar: %s has a bad transition table", path);
    }
  }
  hist->n = count;
  return REDRESS_OK;
}

static int parse_tzif(rd_tz *rule, rd_tz_history *hist, redress_desk *desk, const char *buf,
                      size_t len, const char *path) {
  tzif f;
  size_t err_at = 0;
  if (!find_parts(buf, len, &f))
    return rd_fail(desk, REDRESS_ERR_PARSE, "calendar: %s is not a TZif file of version 2 or later",
                   path);
  if (f.rule_len == 0)
    return rd_fail(desk, REDRESS_ERR_PARSE, "calendar: %s has no current rule in its footer", path);
  if (rd_tz_parse_posix(rule, f.rule, f.rule_len, &err_at) != REDRESS_OK)
    return rd_fail(desk, REDRESS_ERR_PARSE,
                   "calendar: the rule in the footer of %s is malformed at its byte %zu", path,
                   err_at);
  return read_history(hist, desk, &f, path);
}

int rd_tz_load(rd_tz *rule, rd_tz_history *hist, redress_desk *desk, const char *name,
               size_t len, size_t at) {
  int rc = check_name(desk, name, len, at);
  if (rc != REDRESS_OK) return rc;
  const char *dir = rd_time_ctx_of(desk)->zoneinfo_dir != NULL ? rd_time_ctx_of(desk)->zoneinfo_dir : RD_TZ_DEFAULT_DIR;
  char *path = join_path(rd_desk_alloc(desk), dir, name, len);
  if (path == NULL) return rd_fail(desk, REDRESS_ERR_NOMEM, "calendar: out of memory");
  char *buf = NULL;
  size_t buf_len = 0;
  rc = read_file(desk, path, &buf, &buf_len);
  if (rc == REDRESS_OK) rc = parse_tzif(rule, hist, desk, buf, buf_len, path);
  rd_free(rd_desk_alloc(desk), buf);
  rd_free(rd_desk_alloc(desk), path);
  return rc;
}
