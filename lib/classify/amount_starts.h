/* Where a money amount may start in a text: an ASCII digit or `$`, a Korean or Chinese
 * numeral, or a character a currency sign or full-width digit may fold from (lead
 * bytes 0xC2, 0xE2, 0xEF). The cue matcher's scan (cues.c) notes these places as it
 * reads each unit, so that the amounts reader (amounts.c) looks at them alone instead
 * of walking the text again. The list is a superset: the reader still asks each place
 * what it asked when it walked. */
#ifndef RD_AMOUNT_STARTS_H
#define RD_AMOUNT_STARTS_H

#include "classify/classify.h"

#define RD_AMOUNT_STARTS_CAP 256 /* more, and the reader walks the whole text as before */

struct rd_amount_starts {
  size_t n;
  int overflowed;
  uint32_t at[RD_AMOUNT_STARTS_CAP];
};

/* The 31 numerals and multipliers of amounts.c in a table of 64 by a multiplicative
 * hash that gives each its own slot (found by trying multipliers), so that the test of
 * a Hangul syllable or CJK ideograph, most of them no numeral, is one load and one
 * branch that is rarely taken. */
#define RD_NUMERAL_HASH(cp) ((uint32_t)((cp) * 0xAC640E1Du) >> 26)
static const uint16_t rd_numeral_slots[64] = {
  0x0000, 0x0000, 0x0000, 0x516D, 0x0000, 0x56DB, 0x4EBF, 0x4E5D, 0x0000, 0x4E94, 0xCE60,
  0x0000, 0x4E07, 0x5341, 0x842C, 0x0000, 0x0000, 0xC77C, 0x0000, 0x0000, 0x0000, 0xAD6C,
  0x5104, 0x0000, 0x0000, 0x0000, 0xC2ED, 0x0000, 0x0000, 0x0000, 0xBC31, 0x4E00, 0x4E03,
  0x0000, 0x4E09, 0x5343, 0x0000, 0x0000, 0x0000, 0x0000, 0xC624, 0xC0BC, 0x0000, 0xB9CC,
  0x0000, 0x516B, 0x4E24, 0x0000, 0x4E8C, 0x0000, 0xCC9C, 0x0000, 0x0000, 0x0000, 0x0000,
  0xC0AC, 0xC5B5, 0xC774, 0x0000, 0xD314, 0x0000, 0x767E, 0x0000, 0xC721,
};

static inline int rd_is_numeral(uint32_t cp) {
  return cp != 0 && rd_numeral_slots[RD_NUMERAL_HASH(cp)] == cp;
}

static inline void rd_amount_starts_note(rd_amount_starts *st, size_t pos) {
  if (st->n == RD_AMOUNT_STARTS_CAP) {
    st->overflowed = 1;
    return;
  }
  st->at[st->n++] = (uint32_t)pos;
}

/* The ASCII byte b at pos. */
static inline void rd_amount_starts_ascii(rd_amount_starts *st, unsigned char b, size_t pos) {
  if ((unsigned char)(b - '0') < 10 || b == '$') rd_amount_starts_note(st, pos);
}

/* The three-byte character at s + pos with lead byte 0xE4..0xED (Hangul and CJK). */
static inline void rd_amount_starts_wide(rd_amount_starts *st, const unsigned char *s,
                                         size_t pos) {
  if (rd_is_numeral(rd_utf8_decode3(s + pos))) rd_amount_starts_note(st, pos);
}

/* Any other character (or recomposed unit, whose later jamo start nothing) at s + pos. */
static inline void rd_amount_starts_other(rd_amount_starts *st, const unsigned char *s,
                                          size_t pos) {
  unsigned char b = s[pos];
  if (b == 0xC2 || b == 0xE2 || b == 0xEF) rd_amount_starts_note(st, pos);
  else if (b >= 0xE4 && b <= 0xED) rd_amount_starts_wide(st, s, pos);
}

#endif
