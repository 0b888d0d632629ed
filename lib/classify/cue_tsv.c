/* Runtime cues from TSV text: `term<TAB>cue<TAB>weight` per line. */
#include "classify/classify.h"

#include <stdlib.h>
#include <string.h>

typedef struct tsv_line {
  const char *text;   /* the whole TSV */
  size_t start, end;  /* this line, without its line break */
  unsigned number;    /* 1-based */
} tsv_line;

static int line_error(redress_desk *desk, int code, const tsv_line *l, size_t at, const char *what) {
  return rd_fail(desk, code, "add_cues: line %u (byte %zu): %s", l->number, at, what);
}

/* The byte offset of the first malformed UTF-8 sequence. */
static size_t first_invalid(const char *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    unsigned char b = (unsigned char)s[i];
    size_t n = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
    if (n > len - i || !rd_utf8_valid(s + i, n)) return i;
    i += n;
  }
  return len;
}

/* A decimal in [-10, 10] with up to three decimals, as milli-points. Written by
 * hand: strtod would follow the host's locale. */
static int parse_weight(const char *s, size_t len, int32_t *out) {
  size_t i = 0;
  int negative = 0;
  if (i < len && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  int64_t whole = 0, frac = 0;
  size_t digits = 0, decimals = 0;
  for (; i < len && s[i] >= '0' && s[i] <= '9' && digits < 3; i++, digits++)
    whole = whole * 10 + (s[i] - '0');
  if (i < len && s[i] == '.') {
    for (i++; i < len && s[i] >= '0' && s[i] <= '9' && decimals < 3; i++, decimals++)
      frac = frac * 10 + (s[i] - '0');
    if (decimals == 0) return 0;
  }
  if (i != len || digits == 0) return 0;
  while (decimals++ < 3) frac *= 10;
  int64_t milli = whole * 1000 + frac;
  if (milli > 10 * RD_POINT) return 0;
  *out = (int32_t)(negative ? -milli : milli);
  return 1;
}

/* Splits a line at its two tabs; returns 0 if it does not have exactly three fields. */
static int split_fields(const tsv_line *l, size_t field_start[3], size_t field_end[3]) {
  size_t f = 0;
  field_start[0] = l->start;
  for (size_t i = l->start; i < l->end; i++) {
    if (l->text[i] != '\t') continue;
    if (f == 2) return 0;
    field_end[f++] = i;
    field_start[f] = i + 1;
  }
  if (f != 2) return 0;
  field_end[2] = l->end;
  return 1;
}

typedef struct cue_list {
  rd_host_cue **items;
  size_t *count;
  size_t *cap;
} cue_list;

/* No limit on the count here: the text's own limit bounds one call, and the limit on
 * cues counts distinct terms (rd_host_cues_drop_repeated). */
static int append_cue(redress_desk *desk, cue_list *list, const char *term, size_t len, int cls,
                      int32_t weight) {
  int rc = rd_reserve(rd_desk_alloc(desk), (void **)list->items, list->cap, *list->count + 1,
                      sizeof **list->items);
  if (rc != REDRESS_OK) return rd_fail(desk, rc, "add_cues: out of memory");
  char *copy = rd_memdup(rd_desk_alloc(desk), term, len);
  if (copy == NULL) return rd_fail(desk, REDRESS_ERR_NOMEM, "add_cues: out of memory");
  rd_host_cue c = {copy, (uint8_t)cls, weight};
  (*list->items)[(*list->count)++] = c;
  return REDRESS_OK;
}

static int parse_line(redress_desk *desk, const tsv_line *l, cue_list *list) {
  size_t fs[3], fe[3];
  if (!split_fields(l, fs, fe))
    return line_error(desk, REDRESS_ERR_PARSE, l, l->start, "expected term<TAB>cue<TAB>weight");
  const char *term = l->text + fs[0];
  size_t term_len = fe[0] - fs[0];
  const char *why = NULL;
  int rc = rd_term_check(term, term_len, 0, &why);
  if (rc == REDRESS_ERR_RANGE) return line_error(desk, rc, l, fs[0], why);
  if (rc != REDRESS_OK) return line_error(desk, REDRESS_ERR_PARSE, l, fs[0], why);
  int cls = rd_cue_class_by_name(l->text + fs[1], fe[1] - fs[1]);
  if (cls < 0) return line_error(desk, REDRESS_ERR_PARSE, l, fs[1], "unknown cue class");
  int32_t weight = 0;
  if (!parse_weight(l->text + fs[2], fe[2] - fs[2], &weight))
    return line_error(desk, REDRESS_ERR_PARSE, l, fs[2],
                      "the weight must be a decimal in [-10, 10] with up to 3 decimals");
  return append_cue(desk, list, term, term_len, cls, weight);
}

static int parse_lines(redress_desk *desk, const char *tsv, size_t len, cue_list *list) {
  tsv_line l = {tsv, 0, 0, 0};
  size_t pos = 0;
  while (pos < len) {
    const char *nl = memchr(tsv + pos, '\n', len - pos);
    size_t end = nl != NULL ? (size_t)(nl - tsv) : len;
    l.start = pos;
    l.end = end > pos && tsv[end - 1] == '\r' ? end - 1 : end;
    l.number++;
    pos = nl != NULL ? end + 1 : len;
    if (l.end == l.start || tsv[l.start] == '#') continue;
    int rc = parse_line(desk, &l, list);
    if (rc != REDRESS_OK) return rc;
  }
  return REDRESS_OK;
}

void rd_host_cues_free(rd_host_cue *host, size_t n, const redress_allocator *a) {
  for (size_t i = 0; i < n; i++) rd_free(a, host[i].term);
}

int rd_cues_parse_tsv(redress_desk *desk, const char *tsv, size_t len, rd_host_cue **host,
                      size_t *n_host, size_t *cap_host) {
  if (len > REDRESS_MAX_CUES_TSV_BYTES)
    return rd_fail(desk, REDRESS_ERR_RANGE, "add_cues: the text is longer than %u bytes",
                   REDRESS_MAX_CUES_TSV_BYTES);
  size_t bad = first_invalid(tsv, len);
  if (bad < len)
    return rd_fail(desk, REDRESS_ERR_INVALID, "add_cues: invalid UTF-8 at byte %zu", bad);
  const char *nul = memchr(tsv, '\0', len);
  if (nul != NULL)
    return rd_fail(desk, REDRESS_ERR_PARSE, "add_cues: NUL byte at byte %zu", (size_t)(nul - tsv));
  size_t n_before = *n_host;
  cue_list list = {host, n_host, cap_host};
  int rc = parse_lines(desk, tsv, len, &list);
  if (rc != REDRESS_OK) {
    rd_host_cues_free(*host + n_before, *n_host - n_before, rd_desk_alloc(desk));
    *n_host = n_before;
  }
  return rc;
}

/* ---- repeated terms ------------------------------------------------------------ */

static int by_term_then_position(const void *a, const void *b) {
  const rd_host_cue *x = *(const rd_host_cue *const *)a, *y = *(const rd_host_cue *const *)b;
  int cmp = strcmp(x->term, y->term);
  if (cmp != 0) return cmp;
  return x < y ? -1 : x > y;
}

int rd_host_cues_drop_repeated(redress_desk *desk, rd_host_cue *host, size_t *n_host) {
  const redress_allocator *a = rd_desk_alloc(desk);
  size_t n = *n_host, distinct = 0;
  if (n == 0) return REDRESS_OK;
  rd_host_cue **order = rd_alloc(a, n * sizeof *order);
  if (order == NULL) return rd_fail(desk, REDRESS_ERR_NOMEM, "add_cues: out of memory");
  for (size_t i = 0; i < n; i++) order[i] = &host[i];
  qsort(order, n, sizeof *order, by_term_then_position);
  for (size_t i = 0; i < n; i++)
    distinct += i + 1 == n || strcmp(order[i]->term, order[i + 1]->term) != 0;
  if (distinct > REDRESS_MAX_CUES) {
    rd_free(a, order);
    return rd_fail(desk, REDRESS_ERR_RANGE, "add_cues: more than %d runtime cues",
                   REDRESS_MAX_CUES);
  }
  for (size_t i = 0; i + 1 < n; i++) {
    if (strcmp(order[i]->term, order[i + 1]->term) != 0) continue;
    rd_free(a, order[i]->term); /* an earlier entry of a term given again */
    order[i]->term = NULL;
  }
  rd_free(a, order);
  size_t kept = 0;
  for (size_t i = 0; i < n; i++)
    if (host[i].term != NULL) host[kept++] = host[i];
  *n_host = kept;
  return REDRESS_OK;
}
