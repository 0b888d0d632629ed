/*
 * Statements and tokens. A statement starts at the beginning of a line; the lines
 * indented under it continue it (a step's more fields, or the body of a calendar or
 * policy block, kept raw). Blank lines and lines holding only a comment separate
 * nothing. Tokens are words, "quoted text" (\" \\ \n inside) and key=value pairs whose
 * value may be quoted; '#' at the start of a word starts a comment.
 */
#include <stdio.h>
#include <string.h>

#include "sc.h"

typedef struct line_view {
  const char *text;
  size_t len;
  unsigned number, indent;
} line_view;

static int fail(sc_error *err, unsigned line, unsigned col, const char *message) {
  err->line = line;
  err->col = col;
  snprintf(err->message, sizeof err->message, "%s", message);
  return -1;
}

static int is_blank(char c) { return c == ' ' || c == '\t'; }

/* A quoted string at text[*i] (the opening quote); appends its text to `value`. */
static int read_quoted(char *value, size_t *vlen, const char *text, size_t len, size_t *i,
                       unsigned line, unsigned col0, sc_error *err) {
  size_t start = *i;
  (*i)++;
  while (*i < len && text[*i] != '"') {
    char c = text[*i];
    if (c == '\\') {
      if (*i + 1 >= len)
        return fail(err, line, col0 + (unsigned)*i, "expected a character after '\\'");
      char e = text[*i + 1];
      if (e == 'n') c = '\n';
      else if (e == '"' || e == '\\') c = e;
      else return fail(err, line, col0 + (unsigned)*i, "expected \\\", \\\\ or \\n");
      (*i)++;
    }
    value[(*vlen)++] = c;
    (*i)++;
  }
  if (*i >= len)
    return fail(err, line, col0 + (unsigned)start, "expected the closing '\"' on this line");
  (*i)++;
  if (*i < len && !is_blank(text[*i]))
    return fail(err, line, col0 + (unsigned)*i, "expected a blank after the closing '\"'");
  return 0;
}

typedef struct tok_list {
  sc_token *tok;
  size_t n, cap;
} tok_list;

static int push(tok_list *l, sc_arena *a, const sc_token *t) {
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 8;
    sc_token *tok = sc_alloc(a, cap * sizeof *tok);
    if (tok == NULL) return -2;
    if (l->n) memcpy(tok, l->tok, l->n * sizeof *tok);
    l->tok = tok;
    l->cap = cap;
  }
  l->tok[l->n++] = *t;
  return 0;
}

/* Tokens of one line (text[0] is at column col0). */
static int lex_line(tok_list *l, sc_arena *a, const char *text, size_t len, unsigned line,
                    unsigned col0, sc_error *err) {
  char *value = sc_alloc(a, len + 1);
  if (value == NULL) return -2;
  size_t i = 0;
  while (i < len) {
    while (i < len && is_blank(text[i])) i++;
    if (i >= len || text[i] == '#') break;
    sc_token t = {NULL, NULL, line, col0 + (unsigned)i, 0};
    size_t vlen = 0;
    char *start = value;
    if (text[i] == '"') {
      t.quoted = 1;
      if (read_quoted(value, &vlen, text, len, &i, line, col0, err) != 0) return -1;
    } else {
      size_t w = i;
      while (i < len && !is_blank(text[i]) && text[i] != '"') i++;
      const char *eq = memchr(text + w, '=', i - w);
      if (eq != NULL && eq > text + w) {
        size_t klen = (size_t)(eq - (text + w));
        t.key = sc_strndup(a, text + w, klen);
        if (t.key == NULL) return -2;
        memcpy(value, eq + 1, (size_t)(text + i - (eq + 1)));
        vlen = (size_t)(text + i - (eq + 1));
        if (vlen == 0 && i < len && text[i] == '"') {
          t.quoted = 1;
          if (read_quoted(value, &vlen, text, len, &i, line, col0, err) != 0) return -1;
        }
      } else {
        memcpy(value, text + w, i - w);
        vlen = i - w;
      }
      if (i < len && text[i] == '"')
        return fail(err, line, col0 + (unsigned)i, "expected a blank before '\"'");
    }
    t.text = sc_strndup(a, start, vlen);
    if (t.text == NULL || push(l, a, &t) != 0) return -2;
  }
  return 0;
}

int sc_lex_words(sc_token **out, size_t *count, sc_arena *a, const char *text, unsigned line,
                 unsigned col, sc_error *err) {
  tok_list l = {NULL, 0, 0};
  int rc = lex_line(&l, a, text, strlen(text), line, col, err);
  if (rc != 0) return rc;
  *out = l.tok;
  *count = l.n;
  return 0;
}

static int blank_or_comment(const line_view *v) {
  size_t i = v->indent;
  return i >= v->len || v->text[i] == '#';
}

static size_t split_lines(line_view *lines, const char *text, size_t len) {
  size_t n = 0, i = 0;
  while (i < len) {
    size_t start = i;
    while (i < len && text[i] != '\n') i++;
    size_t end = i;
    if (end > start && text[end - 1] == '\r') end--;
    line_view v = {text + start, end - start, (unsigned)(n + 1), 0};
    while (v.indent < v.len && is_blank(v.text[v.indent])) v.indent++;
    lines[n++] = v;
    if (i < len) i++;
  }
  return n;
}

/* The continuation lines as one text, their common indent removed. */
static int gather_body(sc_stmt *st, sc_arena *a, const line_view *lines, size_t from,
                       size_t to) {
  unsigned indent = ~0u;
  size_t total = 0;
  for (size_t k = from; k < to; k++) {
    if (!blank_or_comment(&lines[k]) && lines[k].indent < indent) indent = lines[k].indent;
    total += lines[k].len + 1;
  }
  if (indent == ~0u) return 0;
  char *body = sc_alloc(a, total + 1);
  if (body == NULL) return -2;
  size_t n = 0;
  for (size_t k = from; k < to; k++) {
    size_t skip = lines[k].indent < indent ? lines[k].indent : indent;
    memcpy(body + n, lines[k].text + skip, lines[k].len - skip);
    n += lines[k].len - skip;
    body[n++] = '\n';
  }
  st->body = body;
  st->body_len = n;
  st->body_line = lines[from].number;
  st->body_indent = indent;
  return 0;
}

/* Every value is handed on as a C string, where a NUL byte would end it silently
 * (text="refund<NUL><bad bytes>" reaching the desk as "refund", the rest never
 * checked): a file holding one is refused where it is. */
static int no_nul_byte(const char *text, size_t len, sc_error *err) {
  const char *nul = memchr(text, '\0', len);
  if (nul == NULL) return 0;
  unsigned line = 1;
  const char *line_start = text;
  for (const char *p = text; p < nul; p++)
    if (*p == '\n') line++, line_start = p + 1;
  return fail(err, line, (unsigned)(nul - line_start) + 1,
              "a NUL byte in the file (not a text file?)");
}

int sc_lex(sc_stmt **out, size_t *count, sc_arena *a, const char *text, size_t len,
           sc_error *err) {
  if (no_nul_byte(text, len, err) != 0) return -1;
  size_t max_lines = 1;
  for (size_t i = 0; i < len; i++) max_lines += text[i] == '\n';
  line_view *lines = sc_alloc(a, max_lines * sizeof *lines);
  sc_stmt *stmts = sc_alloc(a, max_lines * sizeof *stmts);
  if (lines == NULL || stmts == NULL) return -2;
  size_t n = split_lines(lines, text, len), ns = 0;
  for (size_t k = 0; k < n;) {
    const line_view *v = &lines[k];
    if (blank_or_comment(v)) {
      k++;
      continue;
    }
    if (v->indent > 0)
      return fail(err, v->number, v->indent + 1,
                  "expected a statement at the start of the line (indented lines continue "
                  "the statement above them)");
    sc_stmt *st = &stmts[ns++];
    memset(st, 0, sizeof *st);
    st->line = v->number;
    st->col = 1;
    size_t end = v->len;
    st->source = sc_strndup(a, v->text, end);
    if (st->source == NULL) return -2;
    tok_list l = {NULL, 0, 0};
    int rc = lex_line(&l, a, v->text, v->len, v->number, 1, err);
    if (rc != 0) return rc;
    size_t next = k + 1;
    while (next < n && (blank_or_comment(&lines[next]) || lines[next].indent > 0)) next++;
    /* trailing blank lines belong to no block */
    size_t last = next;
    while (last > k + 1 && blank_or_comment(&lines[last - 1]) && lines[last - 1].indent == 0)
      last--;
    if ((rc = gather_body(st, a, lines, k + 1, last)) != 0) return rc;
    st->tok = l.tok;
    st->ntok = l.n;
    k = next;
  }
  *out = stmts;
  *count = ns;
  return 0;
}
