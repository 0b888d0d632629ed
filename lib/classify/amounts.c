/* Money amounts read from the text, as customers write them in English, Korean and
 * Chinese ($1,000, £20, 49.90 EUR, 2k, 38만원, 3만 원, 12,900원, 백만원, 2万块, 3800元,
 * ￥199, 五百块, 1.5万), and what they say of them: an amount right next to a demand,
 * request or extortion cue ("compensation of", "refund", 보상, 赔偿) is what the
 * customer asks for. A
 * demand many times the largest other amount of the text (what was paid, the fee) is
 * evidence of an unrealistic claim ("a $500 credit for a $20 late fee"). */
#include "classify/amount_starts.h"

#include <string.h>

#define DEMAND_REACH 40       /* bytes from a demand cue to the amount after it */
#define DEMAND_AFTER_REACH 12 /* bytes from an amount to a demand cue after it (50만원 요구) */
#define UNREALISTIC_RATIO 5.0 /* a demand this many times the other amounts */

typedef struct amount {
  double value;
  size_t start, end;
} amount;

static uint32_t at(const unsigned char *s, size_t len, size_t pos, size_t *next) {
  if (pos >= len) {
    *next = pos;
    return 0;
  }
  *next = pos;
  return rd_fold_width(rd_utf8_next(s, len, next));
}

static int is_currency_symbol(uint32_t c) {
  return c == '$' || c == 0x20AC || c == 0xA3 || c == 0xA5 || c == 0x20A9 || c == 0xFFE5 ||
         c == 0xFFE6 || c == 0x20B9;
}

/* Korean and Chinese numerals: digit values, and the multipliers that follow them. */
static int numeral_digit(uint32_t c) {
  switch (c) {
    case 0x4E00: case 0xC77C: return 1;                 /* 一 일 */
    case 0x4E8C: case 0x4E24: case 0xC774: return 2;    /* 二 两 이 */
    case 0x4E09: case 0xC0BC: return 3;                 /* 三 삼 */
    case 0x56DB: case 0xC0AC: return 4;                 /* 四 사 */
    case 0x4E94: case 0xC624: return 5;                 /* 五 오 */
    case 0x516D: case 0xC721: return 6;                 /* 六 육 */
    case 0x4E03: case 0xCE60: return 7;                 /* 七 칠 */
    case 0x516B: case 0xD314: return 8;                 /* 八 팔 */
    case 0x4E5D: case 0xAD6C: return 9;                 /* 九 구 */
    default: return -1;
  }
}

static double multiplier(uint32_t c) {
  switch (c) {
    case 0x5341: case 0xC2ED: return 10.0;     /* 十 십 */
    case 0x767E: case 0xBC31: return 100.0;    /* 百 백 */
    case 0x5343: case 0xCC9C: return 1e3;      /* 千 천 */
    case 0x4E07: case 0x842C: case 0xB9CC: return 1e4; /* 万 萬 만 */
    case 0x4EBF: case 0x5104: case 0xC5B5: return 1e8; /* 亿 億 억 */
    default: return 0.0;
  }
}

static int ascii_digit(const unsigned char *s, size_t len, size_t pos) {
  return pos < len && s[pos] >= '0' && s[pos] <= '9';
}

/* "1,234.50", "1.000": digits with thousands separators; a point followed by one or two
 * digits is a decimal point. Returns the end, or 0. */
static size_t read_digits(const unsigned char *s, size_t len, size_t pos, double *out) {
  double v = 0.0, scale = 0.0;
  size_t start = pos;
  while (pos < len) {
    unsigned char c = s[pos];
    if (c >= '0' && c <= '9') {
      if (scale > 0.0) v += (c - '0') * scale, scale /= 10.0;
      else v = v * 10.0 + (c - '0');
      pos++;
    } else if ((c == ',' || c == '.') && pos > start && scale == 0.0 && ascii_digit(s, len, pos + 1)) {
      size_t k = pos + 1;
      while (ascii_digit(s, len, k)) k++;
      if (c == '.' && k - pos - 1 <= 2) scale = 0.1;
      pos++;
    } else {
      break;
    }
  }
  *out = v;
  return pos > start ? pos : 0;
}

/* Numerals and multipliers after a number or alone: 38만, 1.5万, 五百, 백만, 两千三百. */
static size_t read_cjk_number(const unsigned char *s, size_t len, size_t pos, double base,
                              int have_base, double *out) {
  double total = 0.0, section = 0.0, digit = have_base ? base : -1.0;
  int any = have_base;
  size_t next;
  for (;;) {
    uint32_t c = at(s, len, pos, &next);
    int d = numeral_digit(c);
    double m = multiplier(c);
    if (d >= 0 && digit < 0) {
      digit = d;
    } else if (m >= 1e4) {
      section += digit >= 0 ? digit : 0.0;
      total += (section > 0 ? section : 1.0) * m;
      section = 0.0, digit = -1.0;
    } else if (m > 0.0) {
      section += (digit >= 0 ? digit : 1.0) * m;
      digit = -1.0;
    } else {
      break;
    }
    any = 1;
    pos = next;
  }
  if (!any) return 0;
  *out = total + section + (digit >= 0 ? digit : 0.0);
  return pos;
}

/* The currency words and units after a number, in the order they are tried. */
typedef struct currency_word {
  const char *word;
  size_t len;
} currency_word;

#define CW(w) {w, sizeof w - 1}
static const currency_word currency_words[] = {
  CW("dollars"), CW("dollar"), CW("bucks"), CW("quid"), CW("pounds"), CW("euros"), CW("euro"),
  CW("usd"), CW("eur"), CW("gbp"), CW("aud"), CW("cad"), CW("rupees"), CW("rs"), CW("krw"),
  CW("rmb"), CW("cny"), CW("hkd"), CW("twd"), CW("nt$"), CW("yuan"), CW("won"),
  CW("\xEC\x9B\x90"),             /* 원 */
  CW("\xE5\x85\x83"),             /* 元 */
  CW("\xE5\x9D\x97"),             /* 块 */
  CW("\xE5\xA1\x8A"),             /* 塊 */
  CW("\xE6\xB8\xAF\xE5\xB9\xA3"), /* 港幣 */
};
#undef CW

/* Whether some currency word starts with the (case-folded) byte b: most bytes after a
 * number start none, and are answered without trying the words. */
static int may_start_currency_word(unsigned char b) {
  switch (b) {
    case 'a': case 'b': case 'c': case 'd': case 'e': case 'g': case 'h': case 'k': case 'n':
    case 'p': case 'q': case 'r': case 't': case 'u': case 'w': case 'y':
    case 0xE5: case 0xE6: case 0xEC:
      return 1;
    default:
      return 0;
  }
}

static int starts_with(const unsigned char *s, size_t len, size_t pos, const currency_word *w) {
  if (pos + w->len > len) return 0;
  for (size_t i = 0; i < w->len; i++) {
    unsigned char c = s[pos + i];
    if (c >= 'A' && c <= 'Z') c = (unsigned char)(c + 32);
    if (c != (unsigned char)w->word[i]) return 0;
  }
  return 1;
}

/* A currency word or unit after the number: the length it takes, or 0. */
static size_t currency_after(const unsigned char *s, size_t len, size_t pos) {
  size_t p = pos;
  if (p < len && s[p] == ' ') p++;
  if (p >= len) return 0;
  unsigned char first = s[p] >= 'A' && s[p] <= 'Z' ? (unsigned char)(s[p] + 32) : s[p];
  if (!may_start_currency_word(first)) return 0;
  for (size_t i = 0; i < sizeof currency_words / sizeof currency_words[0]; i++) {
    const currency_word *w = &currency_words[i];
    if ((unsigned char)w->word[0] == first && starts_with(s, len, p, w)) {
      size_t end = p + w->len;
      int ascii = (unsigned char)w->word[0] < 0x80;
      if (ascii && end < len && ((s[end] | 32) >= 'a' && (s[end] | 32) <= 'z')) continue;
      return end - pos;
    }
  }
  return 0;
}

/* A numeral word alone (이, 一, 百: common syllables and characters) is an amount only
 * when a currency follows it directly; checked first, since most are not. */
static int end_digits_or_unit(const unsigned char *s, size_t len, size_t start, size_t end) {
  if (start < len && s[start] >= '0' && s[start] <= '9') return 1;
  return currency_after(s, len, end) > 0;
}

/* An amount starting at pos, or 0. */
static size_t read_amount(const unsigned char *s, size_t len, size_t pos, amount *a) {
  size_t next, p = pos;
  int symbol = 0;
  uint32_t c = at(s, len, p, &next);
  if (is_currency_symbol(c)) {
    symbol = 1;
    p = next;
    if (p < len && s[p] == ' ') p++;
  }
  double v = 0.0;
  size_t end = read_digits(s, len, p, &v);
  size_t cjk = read_cjk_number(s, len, end ? end : p, v, end != 0, &v);
  if (cjk) end = cjk;
  if (end == 0) return 0;
  if (cjk && !symbol && !end_digits_or_unit(s, len, p, end)) return 0;
  if (!cjk && end < len && (s[end] == 'k' || s[end] == 'K') &&
      (end + 1 >= len || !((s[end + 1] | 32) >= 'a' && (s[end + 1] | 32) <= 'z'))) {
    v *= 1e3;
    end++;
  }
  size_t unit = currency_after(s, len, end);
  if (!symbol && unit == 0) return 0;
  a->value = v;
  a->start = pos;
  a->end = end + unit;
  return a->end;
}

static int is_clause_break(const unsigned char *s, size_t i) {
  unsigned char c = s[i];
  if (c == '.' || c == ',' || c == ';' || c == '!' || c == '?' || c == '\n') return 1;
  /* 。 and ， (U+3002, U+FF0C); the text is valid UTF-8, so the bytes are there */
  return (c == 0xE3 && s[i + 1] == 0x80 && s[i + 2] == 0x82) ||
         (c == 0xEF && s[i + 1] == 0xBC && s[i + 2] == 0x8C);
}

static int same_clause(const unsigned char *s, size_t from, size_t to) {
  for (size_t i = from; i < to; i++)
    if (is_clause_break(s, i)) return 0;
  return 1;
}

/* A demand, request or extortion cue in the same clause as the amount: before it
 * ("refund me $500", "赔偿2万块"), or right after it ("50만원 요구합니다"). */
static int demanded(const rd_matcher *m, const rd_match *ms, size_t n, const unsigned char *s,
                    const amount *a) {
  const rd_cue *cues = rd_matcher_cues(m);
  for (size_t i = 0; i < n; i++) {
    int cls = cues[ms[i].cue].cls;
    if (cls != RD_CUE_DEMAND && cls != RD_CUE_REQUEST && cls != RD_CUE_EXTORTION) continue;
    if (ms[i].end <= a->start && a->start - ms[i].end <= DEMAND_REACH &&
        same_clause(s, ms[i].end, a->start))
      return 1;
    if (ms[i].start >= a->end && ms[i].start - a->end <= DEMAND_AFTER_REACH &&
        same_clause(s, a->end, ms[i].start))
      return 1;
  }
  return 0;
}

typedef struct amount_tally {
  double demand_max, other_max;
  amount demand;
} amount_tally;

static void count_amount(rd_signal_tally *t, amount_tally *at_, const amount *a, int demand) {
  if (t->amounts == 0 || a->value < t->amount_min) t->amount_min = a->value;
  if (a->value > t->amount_max) t->amount_max = a->value;
  t->amounts++;
  if (demand && a->value > at_->demand_max) {
    at_->demand_max = a->value;
    at_->demand = *a;
  }
  if (!demand && a->value > at_->other_max) at_->other_max = a->value;
}

/* Whether an amount may start at s[pos]: a digit, a currency sign, a numeral. Most
 * bytes are none, and are passed over without decoding. */
static int may_start(const unsigned char *s, size_t len, size_t pos) {
  unsigned char b = s[pos];
  if (b < 0x80) return (b >= '0' && b <= '9') || b == '$';
  if (b >= 0xE4 && b <= 0xED && pos + 3 <= len) /* Hangul and CJK: no folding applies */
    return rd_is_numeral(rd_utf8_decode3(s + pos));
  if (b != 0xC2 && b != 0xE2 && b != 0xEF) return 0;
  size_t next = pos;
  uint32_t cp = rd_fold_width(rd_utf8_next(s, len, &next));
  return is_currency_symbol(cp) || numeral_digit(cp) >= 0 || multiplier(cp) > 0.0 ||
         (cp >= '0' && cp <= '9');
}

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/* Whether the eight bytes at s are ASCII none of which is a digit or `$` (most of an
 * English text): per byte, b + 0x50 has its high bit set from '0' up and b + 0x46
 * from ':' up, without carries since b < 0x80; a byte equal to `$` makes
 * haszero(w ^ "$$$$$$$$") (which may also flag a byte next to it, never miss one). */
static int plain_ascii8(const unsigned char *s) {
  uint64_t w;
  memcpy(&w, s, sizeof w);
  if (w & HIGHS) return 0;
  uint64_t digits = (w + 0x50 * ONES) & ~(w + 0x46 * ONES) & HIGHS;
  uint64_t dollar = w ^ ('$' * ONES);
  dollar = (dollar - ONES) & ~dollar & HIGHS;
  return (digits | dollar) == 0;
}

typedef struct reader {
  redress_verdict *v;
  const rd_matcher *m;
  const rd_match *ms;
  size_t n;
  const unsigned char *s;
  size_t len;
  amount_tally tl;
} reader;

/* At a place where an amount may start (may_start): reads and counts it. Returns where
 * reading goes on. */
static size_t read_at(reader *r, size_t pos) {
  const unsigned char *s = r->s;
  size_t len = r->len;
  amount a;
  int boundary = pos == 0 || s[pos - 1] >= 0x80 || rd_ascii_kind[s[pos - 1]] != RD_CH_LETTER;
  size_t end = boundary && may_start(s, len, pos) ? read_amount(s, len, pos, &a) : 0;
  if (end > pos && a.value > 0.0) {
    count_amount(&r->v->tally, &r->tl, &a, demanded(r->m, r->ms, r->n, s, &a));
    return end;
  }
  if (boundary && s[pos] >= '0' && s[pos] <= '9') {
    /* No amount starts at this digit, nor at the digits after it: each would read
     * the same digits to the same end and find the same thing (or nothing) after
     * them, with a value no larger. The run is passed over instead of read again
     * from each of its digits ("order 4419027": one reading, not seven). */
    do pos++; while (pos < len && s[pos] >= '0' && s[pos] <= '9');
    return pos;
  }
  pos++;
  while (pos < len && (s[pos] & 0xC0) == 0x80) pos++;
  return pos;
}

/* Every place of the text in turn, passing over what starts no amount. */
static void read_all(reader *r) {
  const unsigned char *s = r->s;
  size_t pos = 0, len = r->len;
  while (pos < len) {
    if (len - pos >= 8 && plain_ascii8(s + pos)) {
      pos += 8;
      continue;
    }
    unsigned char b = s[pos];
    if (b < 0x80 && !((b >= '0' && b <= '9') || b == '$')) {
      pos++; /* most bytes */
      continue;
    }
    if (b >= 0xE4 && b <= 0xED && pos + 3 <= len && !rd_is_numeral(rd_utf8_decode3(s + pos))) {
      pos += 3; /* most Hangul and CJK: may_start's first case, inline */
      continue;
    }
    if (b >= 0x80 && !may_start(s, len, pos)) {
      pos += s[pos] >= 0xF0 ? 4 : s[pos] >= 0xE0 ? 3 : 2; /* valid UTF-8: a whole character */
      continue;
    }
    pos = read_at(r, pos);
  }
}

/* The places the matcher's scan noted (a superset of those where may_start holds), in
 * order: read_all stops at exactly those of them it reaches. */
static void read_noted(reader *r, const rd_amount_starts *st) {
  size_t next = 0;
  for (size_t i = 0; i < st->n; i++) {
    size_t pos = st->at[i];
    if (pos >= next && may_start(r->s, r->len, pos)) next = read_at(r, pos);
  }
}

int rd_amount_signals(redress_verdict *v, const rd_matcher *m, const rd_match *ms, size_t n,
                      const char *text, size_t len, const rd_amount_starts *starts) {
  reader r = {v, m, ms, n, (const unsigned char *)text, len, {0.0, 0.0, {0.0, 0, 0}}};
  if (starts != NULL && !starts->overflowed) read_noted(&r, starts);
  else read_all(&r);
  const amount_tally tl = r.tl;
  if (tl.demand_max <= 0.0 || tl.other_max <= 0.0) return REDRESS_OK;
  double ratio = tl.demand_max / tl.other_max;
  v->tally.demand_ratio_permille = ratio >= 1e6 ? 1000000000LL : (int64_t)(ratio * 1000.0);
  if (ratio < UNREALISTIC_RATIO) return REDRESS_OK;
  v->tally.unrealistic += RD_POINT;
  return rd_verdict_add_text(v, "text.claim_ratio", RD_POINT, text, tl.demand.start,
                             tl.demand.end - tl.demand.start);
}
