/* Korean verb and adjective stems in their inflected forms.
 *
 * Korean endings attach to a stem, so a stem is usually a prefix of its forms
 * (화나다, 화나요, 화나서 all start with 화나). Some endings merge into the stem's
 * last syllable instead: a final consonant is added (화난, 화날, 화남, 화납니다),
 * or the vowel contracts with the ending 아/어 (하 -> 해, 되 -> 돼, 주 -> 줘,
 * 기다리 -> 기다려), and the past tense adds ㅆ to that (화났, 했, 됐). The
 * ㅂ-irregular stems turn ㅂ into 우/워 (어렵 -> 어려워, 어려운), and ㄹ stems drop
 * their ㄹ before ㄴ and ㅂ (힘들 -> 힘든, 힘듭니다). This file generates those
 * syllables so that one stem in the lexicon matches every form at once. */
#include "classify/classify.h"

#include <string.h>

#define SYL_BASE 0xAC00u
#define SYL_LAST 0xD7A3u

/* Jamo indices used below. */
enum { L_IEUNG = 11, L_HIEUH = 18 };
enum { V_A = 0, V_AE = 1, V_EO = 4, V_E = 5, V_YEO = 6, V_O = 8, V_WA = 9, V_WAE = 10,
       V_OE = 11, V_U = 13, V_WO = 14, V_EU = 18, V_I = 20 };
enum { T_NONE = 0, T_NIEUN = 4, T_RIEUL = 8, T_MIEUM = 16, T_BIEUP = 17, T_SSANG_SIOS = 20 };

typedef struct syllable {
  unsigned l, v, t;
} syllable;

static uint32_t compose(unsigned l, unsigned v, unsigned t) {
  return SYL_BASE + (l * 21u + v) * 28u + t;
}

static syllable decompose(uint32_t cp) {
  uint32_t i = cp - SYL_BASE;
  syllable s = {i / (21u * 28u), (i / 28u) % 21u, i % 28u};
  return s;
}

static int is_syllable(uint32_t cp) { return cp >= SYL_BASE && cp <= SYL_LAST; }

typedef struct forms {
  const unsigned char *prefix; /* the stem without its last syllable */
  size_t prefix_len;
  rd_form_cb cb;
  void *payload;
} forms;

/* Emits prefix + the given syllables. */
static int emit(const forms *f, const uint32_t *syl, size_t n) {
  unsigned char buf[RD_MAX_NORM_TERM + 8];
  if (f->prefix_len + 3 * n > RD_MAX_NORM_TERM) return REDRESS_OK;
  memcpy(buf, f->prefix, f->prefix_len);
  size_t len = f->prefix_len;
  for (size_t i = 0; i < n; i++) len += rd_utf8_put(syl[i], buf + len);
  return f->cb(buf, len, f->payload);
}

static int emit1(const forms *f, uint32_t a) { return emit(f, &a, 1); }

/* The vowel 아/어 contracts into, for a stem ending in an open syllable. */
static unsigned contracted_vowel(syllable s, int bright_before) {
  if (s.l == L_HIEUH && s.v == V_A) return V_AE; /* 하 -> 해 */
  switch (s.v) {
  case V_O: return V_WA;
  case V_U: return V_WO;
  case V_I: return V_YEO;
  case V_OE: return V_WAE;
  case V_EU: return bright_before ? V_A : V_EO; /* 아프 -> 아파, 슬프 -> 슬퍼 */
  default: return s.v; /* ㅏ ㅓ ㅐ ㅔ ㅕ absorb the ending */
  }
}

static int open_stem_forms(const forms *f, syllable s, int bright_before) {
  static const unsigned finals[] = {T_NIEUN, T_RIEUL, T_MIEUM, T_BIEUP};
  int rc = REDRESS_OK;
  for (size_t i = 0; i < sizeof finals / sizeof finals[0] && rc == REDRESS_OK; i++)
    rc = emit1(f, compose(s.l, s.v, finals[i]));
  unsigned v = contracted_vowel(s, bright_before);
  if (rc == REDRESS_OK && v != s.v) rc = emit1(f, compose(s.l, v, T_NONE));
  if (rc == REDRESS_OK) rc = emit1(f, compose(s.l, v, T_SSANG_SIOS));
  return rc;
}

static int bieup_stem_forms(const forms *f, syllable s) {
  uint32_t open = compose(s.l, s.v, T_NONE);
  const uint32_t tails[4] = {compose(L_IEUNG, V_WO, T_NONE), compose(L_IEUNG, V_WO, T_SSANG_SIOS),
                             compose(L_IEUNG, V_U, T_NIEUN), compose(L_IEUNG, V_U, T_RIEUL)};
  int rc = REDRESS_OK;
  for (size_t i = 0; i < 4 && rc == REDRESS_OK; i++) {
    uint32_t two[2] = {open, tails[i]};
    rc = emit(f, two, 2);
  }
  return rc;
}

static int rieul_stem_forms(const forms *f, syllable s) {
  int rc = emit1(f, compose(s.l, s.v, T_NIEUN));
  if (rc == REDRESS_OK) rc = emit1(f, compose(s.l, s.v, T_BIEUP));
  return rc;
}

int rd_korean_forms(const unsigned char *stem, size_t len, rd_form_cb cb, void *payload) {
  int rc = cb(stem, len, payload);
  size_t start;
  uint32_t last = rd_utf8_prev(stem, len, &start);
  if (rc != REDRESS_OK || !is_syllable(last)) return rc;
  size_t before_start;
  uint32_t before = rd_utf8_prev(stem, start, &before_start);
  int bright = is_syllable(before) &&
               (decompose(before).v == V_A || decompose(before).v == V_O);
  forms f = {stem, start, cb, payload};
  syllable s = decompose(last);
  if (s.t == T_NONE) return open_stem_forms(&f, s, bright);
  if (s.t == T_BIEUP) return bieup_stem_forms(&f, s);
  if (s.t == T_RIEUL) return rieul_stem_forms(&f, s);
  return REDRESS_OK;
}
