/* UTF-8 validation: text enters the library only when well formed. */
#include "base/base.h"

#include <string.h>

/* Length of the sequence starting with lead byte b, or 0 if b cannot start one. */
static size_t sequence_length(unsigned char b) {
  if (b < 0x80) return 1;
  if (b >= 0xC2 && b <= 0xDF) return 2;
  if (b >= 0xE0 && b <= 0xEF) return 3;
  if (b >= 0xF0 && b <= 0xF4) return 4;
  return 0;
}

/* The allowed range of the second byte depends on the lead byte (RFC 3629 table). */
static int second_byte_ok(unsigned char lead, unsigned char b) {
  if (lead == 0xE0) return b >= 0xA0 && b <= 0xBF; /* no overlongs */
  if (lead == 0xED) return b >= 0x80 && b <= 0x9F; /* no surrogates */
  if (lead == 0xF0) return b >= 0x90 && b <= 0xBF; /* no overlongs */
  if (lead == 0xF4) return b >= 0x80 && b <= 0x8F; /* nothing above U+10FFFF */
  return b >= 0x80 && b <= 0xBF;
}

int rd_utf8_valid(const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    uint64_t word;
    if (len - i >= 8 && (memcpy(&word, p + i, 8), (word & 0x8080808080808080ull) == 0)) {
      i += 8; /* eight ASCII bytes: most of an English text */
      continue;
    }
    unsigned char lead = p[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    /* Three-byte sequences but those of E0 (whose second byte must avoid overlongs):
     * most Hangul and CJK, read one after another while they last. ED's second byte
     * stops at 0x9F (no surrogates); the others' ranges are the plain 0x80..0xBF. */
    if (lead >= 0xE1 && lead <= 0xEF && len - i >= 3) {
      do {
        unsigned char second = p[i + 1], last = lead == 0xED ? 0x9F : 0xBF;
        if (second < 0x80 || second > last || (p[i + 2] & 0xC0) != 0x80) return 0;
        i += 3;
      } while (len - i >= 3 && (lead = p[i]) >= 0xE1 && lead <= 0xEF);
      continue;
    }
    size_t n = sequence_length(lead);
    if (n == 0 || len - i < n) return 0;
    if (!second_byte_ok(lead, p[i + 1])) return 0;
    for (size_t k = 2; k < n; k++)
      if ((p[i + k] & 0xC0) != 0x80) return 0;
    i += n;
  }
  return 1;
}

size_t rd_utf8_put(uint32_t cp, unsigned char *out) {
  if (cp < 0x80) {
    out[0] = (unsigned char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (unsigned char)(0xC0 | (cp >> 6));
    out[1] = (unsigned char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (unsigned char)(0xE0 | (cp >> 12));
    out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (unsigned char)(0xF0 | (cp >> 18));
  out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (unsigned char)(0x80 | (cp & 0x3F));
  return 4;
}

/* C0 (U+0000..U+001F), DEL (U+007F) and C1 (U+0080..U+009F, the UTF-8 pairs
 * 0xC2 0x80..0x9F); s is valid UTF-8, so a 0xC2 always has its second byte. */
size_t rd_utf8_find_control(const char *s, size_t len, uint32_t *cp) {
  const unsigned char *p = (const unsigned char *)s;
  for (size_t i = 0; i < len; i++) {
    if (p[i] < 0x20 || p[i] == 0x7F) {
      *cp = p[i];
      return i;
    }
    if (p[i] == 0xC2 && i + 1 < len && p[i + 1] <= 0x9F) {
      *cp = p[i + 1];
      return i;
    }
  }
  return SIZE_MAX;
}
