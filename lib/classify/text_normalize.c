/* Text normalisation shared by the matcher, the term compiler and the text
 * features: UTF-8 stepping, case and width folding, Hangul recomposition. */
#include "classify/classify.h"

/* Hangul syllable arithmetic (Unicode chapter 3.12). */
#define HANGUL_BASE 0xAC00u
#define HANGUL_LAST 0xD7A3u
#define JAMO_L_BASE 0x1100u
#define JAMO_V_BASE 0x1161u
#define JAMO_T_BASE 0x11A7u
#define JAMO_L_COUNT 19u
#define JAMO_V_COUNT 21u
#define JAMO_T_COUNT 28u

uint32_t rd_utf8_next(const unsigned char *s, size_t len, size_t *pos) {
  size_t i = *pos;
  unsigned char b = s[i];
  size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  if (b >= 0x80 && b < 0xC0) n = 1; /* never happens in validated text */
  if (i + n > len) n = len - i;
  uint32_t cp = n == 1 ? b : n == 2 ? (b & 0x1Fu) : n == 3 ? (b & 0x0Fu) : (b & 0x07u);
  for (size_t k = 1; k < n; k++) cp = (cp << 6) | (s[i + k] & 0x3Fu);
  *pos = i + n;
  return cp;
}

uint32_t rd_utf8_prev(const unsigned char *s, size_t pos, size_t *start) {
  if (pos == 0) {
    *start = 0;
    return 0;
  }
  size_t i = pos - 1;
  while (i > 0 && pos - i < 4 && (s[i] & 0xC0) == 0x80) i--;
  *start = i;
  size_t p = i;
  return rd_utf8_next(s, pos, &p);
}

/* Chinese, Japanese and Korean text uses full-width and typographic punctuation for
 * what English writes in ASCII; folding lets one cue ("!!", "won't") serve both. */
uint32_t rd_fold_width(uint32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) return cp - 0xFEE0;
  switch (cp) {
  case 0x3000: case 0x00A0: return ' ';
  case 0x3001: case 0xFF64: case 0xFE50: return ',';
  case 0x3002: case 0xFF61: case 0xFE52: return '.';
  case 0xFE56: return '?';
  case 0xFE57: return '!';
  case 0x2018: case 0x2019: case 0x201B: return '\'';
  case 0x201C: case 0x201D: case 0x201E: return '"';
  case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: return '-';
  default: return cp;
  }
}

static unsigned char ascii_lower(uint32_t c) {
  return (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
}

static int is_jamo_l(uint32_t cp) { return cp >= JAMO_L_BASE && cp < JAMO_L_BASE + JAMO_L_COUNT; }
static int is_jamo_v(uint32_t cp) { return cp >= JAMO_V_BASE && cp < JAMO_V_BASE + JAMO_V_COUNT; }
static int is_jamo_t(uint32_t cp) { return cp > JAMO_T_BASE && cp < JAMO_T_BASE + JAMO_T_COUNT; }
static int is_lv_syllable(uint32_t cp) {
  return cp >= HANGUL_BASE && cp <= HANGUL_LAST && (cp - HANGUL_BASE) % JAMO_T_COUNT == 0;
}

/* The code point at *pos without consuming it (0 at the end). */
static uint32_t peek(const unsigned char *s, size_t len, size_t pos, size_t *next) {
  if (pos >= len) {
    *next = pos;
    return 0;
  }
  *next = pos;
  return rd_utf8_next(s, len, next);
}

/* Decomposed Hangul (L V [T] conjoining jamo, or an LV syllable and a T jamo) is
 * recomposed so that NFD input matches the NFC lexicon. */
static uint32_t compose_hangul(uint32_t cp, const unsigned char *s, size_t len, size_t *pos) {
  size_t next;
  if (is_jamo_l(cp)) {
    uint32_t v = peek(s, len, *pos, &next);
    if (!is_jamo_v(v)) return cp;
    cp = HANGUL_BASE + ((cp - JAMO_L_BASE) * JAMO_V_COUNT + (v - JAMO_V_BASE)) * JAMO_T_COUNT;
    *pos = next;
  }
  if (is_lv_syllable(cp)) {
    uint32_t t = peek(s, len, *pos, &next);
    if (is_jamo_t(t)) {
      cp += t - JAMO_T_BASE;
      *pos = next;
    }
  }
  return cp;
}

size_t rd_norm_unit(const unsigned char *s, size_t len, size_t *pos, unsigned char out[4]) {
  unsigned char b = s[*pos];
  if (b < 0x80) {
    out[0] = ascii_lower(b);
    (*pos)++;
    return 1;
  }
  uint32_t cp = rd_fold_width(rd_utf8_next(s, len, pos));
  if (cp < 0x80) {
    out[0] = ascii_lower(cp);
    return 1;
  }
  if (cp >= JAMO_L_BASE && cp <= HANGUL_LAST) cp = compose_hangul(cp, s, len, pos);
  return rd_utf8_put(cp, out);
}

/* Breaks beyond ASCII (rd_ascii_kind has those). */
static int is_break(uint32_t cp) { return cp == 0x2026; /* … */ }

#define O_ RD_CH_OTHER
#define S_ RD_CH_SPACE
#define L_ RD_CH_LETTER
#define D_ RD_CH_DIGIT
#define B_ RD_CH_BREAK
/* Letters, digits, space and tab, and the breaks `. ! ? ; , :` newline and return. */
const unsigned char rd_ascii_kind[128] = {
  O_, O_, O_, O_, O_, O_, O_, O_, O_, S_, B_, O_, O_, B_, O_, O_, /* \t \n \r */
  O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_,
  S_, B_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, B_, O_, B_, O_, /* space ! , . */
  D_, D_, D_, D_, D_, D_, D_, D_, D_, D_, B_, B_, O_, O_, O_, B_, /* 0-9 : ; ? */
  O_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, /* A-O */
  L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, O_, O_, O_, O_, O_, /* P-Z */
  O_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, /* a-o */
  L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, O_, O_, O_, O_, O_, /* p-z */
};
#undef O_
#undef S_
#undef L_
#undef D_
#undef B_

int rd_char_kind(uint32_t cp) {
  cp = rd_fold_width(cp);
  if (cp < 0x80) return rd_ascii_kind[cp];
  if (is_break(cp)) return RD_CH_BREAK;
  if (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) return RD_CH_LETTER;
  if ((cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x1100 && cp <= 0x11FF) ||
      (cp >= 0x3130 && cp <= 0x318F))
    return RD_CH_HANGUL;
  if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
      (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x3040 && cp <= 0x30FF) ||
      (cp >= 0x20000 && cp <= 0x2FFFF))
    return RD_CH_CJK;
  return RD_CH_OTHER;
}
