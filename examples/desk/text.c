/*
 * Free text on its way out. Every text the desk prints that it did not write itself
 * (ids, customer ids, texts, notes, categories, remedies, actors, attribute values,
 * error messages echoing what was typed) goes through print_text() and its kin.
 *
 * Stored text is anyone's: ESC [2J in a customer's text would clear the agent's
 * terminal (and OSC sequences retitle it or worse), a newline or carriage return in
 * an id would break the one-record-per-line output that cron jobs parse, and a bidi
 * override (U+202E) shows text in another order than it is stored. So the escaping
 * is always on, terminal or pipe, and turns
 *
 *   newline, carriage return, tab        into \n \r \t
 *   the other C0 controls and DEL        into \xHH
 *   C1 controls (U+0080..U+009F)         into \u0085 ...
 *   bidi embeddings, overrides, isolates (U+202A..U+202E, U+2066..U+2069) and the
 *   line and paragraph separators (U+2028, U+2029)   into \u202e ...
 *   bytes that do not begin valid UTF-8  into \xHH
 *
 * Backslashes are left as they are: this is text for people to read, and
 * `show --json` gives the exact text.
 */
#include <stdio.h>
#include <string.h>

#include "desk.h"

size_t utf8_char(const char *text, size_t avail, uint32_t *cp) {
  const unsigned char *p = (const unsigned char *)text;
  if (avail == 0) return 0;
  if (p[0] < 0x80) return *cp = p[0], 1;
  size_t n = 0;
  unsigned char lead = p[0], lo = 0x80, hi = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) n = 2;
  else if (lead >= 0xE0 && lead <= 0xEF) n = 3;
  else if (lead >= 0xF0 && lead <= 0xF4) n = 4;
  if (n == 0 || n > avail) return 0;
  if (lead == 0xE0) lo = 0xA0; /* overlong */
  if (lead == 0xED) hi = 0x9F; /* surrogates */
  if (lead == 0xF0) lo = 0x90; /* overlong */
  if (lead == 0xF4) hi = 0x8F; /* above U+10FFFF */
  if (p[1] < lo || p[1] > hi) return 0;
  uint32_t v = lead & (0x7Fu >> n);
  for (size_t i = 1; i < n; i++) {
    if (i > 1 && (p[i] < 0x80 || p[i] > 0xBF)) return 0;
    v = v << 6 | (p[i] & 0x3Fu);
  }
  *cp = v;
  return n;
}

int text_is_control(uint32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x2028 && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

/* The escape of one character (or of one stray byte when cp is UINT32_MAX). */
static size_t escape(char out[8], uint32_t cp, unsigned char byte) {
  int n;
  if (cp == '\n') n = snprintf(out, 8, "\\n");
  else if (cp == '\r') n = snprintf(out, 8, "\\r");
  else if (cp == '\t') n = snprintf(out, 8, "\\t");
  else if (cp == UINT32_MAX || cp < 0x80)
    n = snprintf(out, 8, "\\x%02x", (unsigned)(cp < 0x80 ? cp : byte));
  else n = snprintf(out, 8, "\\u%04x", (unsigned)cp);
  return n > 0 ? (size_t)n : 0;
}

size_t print_span(FILE *out, const char *text, size_t len) {
  size_t written = 0, run = 0; /* bytes printed; the start of the run printed as it is */
  for (size_t i = 0; i < len;) {
    uint32_t cp = 0;
    size_t n = utf8_char(text + i, len - i, &cp);
    if (n > 0 && !text_is_control(cp)) {
      i += n;
      continue;
    }
    fwrite(text + run, 1, i - run, out);
    char esc[8];
    size_t e = escape(esc, n > 0 ? cp : UINT32_MAX, (unsigned char)text[i]);
    fwrite(esc, 1, e, out);
    written += i - run + e;
    i += n > 0 ? n : 1;
    run = i;
  }
  fwrite(text + run, 1, len - run, out);
  return written + len - run;
}

size_t print_text(FILE *out, const char *text) {
  return text != NULL ? print_span(out, text, strlen(text)) : 0;
}

void print_column(FILE *out, const char *text, int width) {
  size_t n = print_text(out, text);
  for (; n < (size_t)width; n++) fputc(' ', out);
}

/* Control characters (text_is_control: C1 and bidi overrides too) as \u escapes,
 * which JSON reads back exactly: the output stays safe to show in a terminal. */
void print_json_string(FILE *out, const char *text) {
  size_t len = strlen(text);
  fputc('"', out);
  for (size_t i = 0; i < len;) {
    uint32_t cp = 0;
    size_t n = utf8_char(text + i, len - i, &cp);
    if (n == 0) fputs("\\ufffd", out); /* not UTF-8: the library never stores that */
    else if (cp == '"' || cp == '\\') fprintf(out, "\\%c", (char)cp);
    else if (text_is_control(cp)) fprintf(out, "\\u%04x", (unsigned)cp);
    else fwrite(text + i, 1, n, out);
    i += n > 0 ? n : 1;
  }
  fputc('"', out);
}
