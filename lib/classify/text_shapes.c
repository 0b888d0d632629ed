/* Text signals that are shapes rather than words: runs of `!` and `?`, words in
 * capitals, elongated words ("sooo"), Korean ㅠㅠ/ㅡㅡ runs, and the numbers a
 * rational customer quotes: references, dates and amounts. One pass. */
#include "classify/classify.h"

#include <string.h>

#define MAX_COUNTED 16 /* occurrences of one feature that count */

enum { F_EXCLAIM, F_EXCLAIMS, F_QUESTIONS, F_INTERROBANG, F_CAPS, F_ELONGATION, F_CRY,
       F_ANNOYED, F_REFERENCE, F_DATE, F_AMOUNT, F_COUNT };

static const struct {
  const char *rule;
  int feeds;
} features[F_COUNT] = {
  [F_EXCLAIM] = {"text.exclamation", RD_FEEDS_EMOTIONAL},
  [F_EXCLAIMS] = {"text.exclamations", RD_FEEDS_EMOTIONAL},
  [F_QUESTIONS] = {"text.questions", RD_FEEDS_EMOTIONAL},
  [F_INTERROBANG] = {"text.interrobang", RD_FEEDS_EMOTIONAL},
  [F_CAPS] = {"text.caps", RD_FEEDS_EMOTIONAL},
  [F_ELONGATION] = {"text.elongation", RD_FEEDS_EMOTIONAL},
  [F_CRY] = {"text.jamo_cry", RD_FEEDS_EMOTIONAL},
  [F_ANNOYED] = {"text.jamo_annoyed", RD_FEEDS_EMOTIONAL},
  [F_REFERENCE] = {"fact.reference", RD_FEEDS_RATIONAL},
  [F_DATE] = {"fact.date", RD_FEEDS_RATIONAL},
  [F_AMOUNT] = {"fact.amount", RD_FEEDS_RATIONAL},
};

typedef struct caps_run {
  size_t start, end;
  unsigned tokens, letters;
} caps_run;

typedef struct feat {
  redress_verdict *v;
  const unsigned char *s;
  size_t len;
  unsigned counted[F_COUNT];
  caps_run caps;
} feat;

static int emit(feat *f, int which, size_t start, size_t end, int32_t weight) {
  if (f->counted[which] >= MAX_COUNTED) return REDRESS_OK;
  f->counted[which]++;
  rd_signal_tally *t = &f->v->tally;
  if (features[which].feeds == RD_FEEDS_EMOTIONAL) t->emotional += weight;
  else {
    t->rational += weight;
    t->facts++;
  }
  return rd_verdict_add_text(f->v, features[which].rule, weight, (const char *)f->s, start,
                             end - start);
}

static uint32_t cp_at(const feat *f, size_t pos, size_t *next) {
  *next = pos;
  if (pos >= f->len) return 0;
  /* ASCII needs neither decoding nor width folding; it is most of most texts, and
   * the out-of-line calls were a sixth of classification time (docs/performance.md). */
  if (f->s[pos] < 0x80) {
    *next = pos + 1;
    return f->s[pos];
  }
  return rd_fold_width(rd_utf8_next(f->s, f->len, next));
}

static int32_t capped(int32_t base, int32_t step, size_t extra, int32_t max) {
  int64_t w = base + (int64_t)step * (int64_t)extra;
  return (int32_t)(w > max ? max : w);
}

/* ---- punctuation and jamo runs ---------------------------------------------- */

static int punct_run(feat *f, size_t start, size_t *pos) {
  size_t bangs = 0, asks = 0, end = start, next;
  for (uint32_t cp = cp_at(f, start, &next); cp == '!' || cp == '?'; cp = cp_at(f, end, &next)) {
    if (cp == '!') bangs++;
    else asks++;
    end = next;
  }
  *pos = end;
  size_t n = bangs + asks;
  if (bangs > 0 && asks > 0) return emit(f, F_INTERROBANG, start, end, capped(1000, 200, n - 2, 1600));
  if (bangs >= 2) return emit(f, F_EXCLAIMS, start, end, capped(800, 200, n - 2, 1600));
  if (bangs == 1) return emit(f, F_EXCLAIM, start, end, 300);
  if (asks >= 2) return emit(f, F_QUESTIONS, start, end, capped(500, 100, n - 2, 1000));
  return REDRESS_OK;
}

static int is_cry_jamo(uint32_t cp) { return cp == 0x3160 || cp == 0x315C; } /* ㅠ ㅜ */

static int jamo_run(feat *f, uint32_t first, size_t start, size_t *pos) {
  int cry = is_cry_jamo(first);
  size_t n = 0, end = start, next;
  for (uint32_t cp = cp_at(f, start, &next); cry ? is_cry_jamo(cp) : cp == 0x3161;
       cp = cp_at(f, end, &next)) {
    n++;
    end = next;
  }
  *pos = end;
  if (n < 2) return REDRESS_OK;
  if (cry) return emit(f, F_CRY, start, end, capped(1200, 200, n - 2, 2000));
  return emit(f, F_ANNOYED, start, end, 1000);
}

/* ---- tokens: words and numbers ------------------------------------------------- */

typedef struct token {
  size_t start, end;
  unsigned letters, upper, digits, groups;
  char seps[4];       /* the first separators between digit groups */
  unsigned group_len[5];
  int leading_hash;
  int elongated;
} token;

static int is_alnum(uint32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
static int is_sep(uint32_t c) { return c == '-' || c == '/' || c == '.' || c == ':' || c == ',' || c == '_'; }

static void take_char(token *t, uint32_t c, uint32_t *prev, unsigned *same) {
  int digit = c >= '0' && c <= '9';
  if (digit) t->digits++;
  else {
    t->letters++;
    if (c >= 'A' && c <= 'Z') t->upper++;
  }
  uint32_t lower = c | 0x20u;
  *same = !digit && *prev == lower ? *same + 1 : 1;
  if (*same >= 3 && lower != 'w' && lower != 'x' && lower != 'z' && lower != 'i') t->elongated = 1;
  *prev = digit ? 0 : lower;
  if (digit && t->groups < 5) t->group_len[t->groups]++;
}

/* Reads alphanumerics joined by inner separators ("A-1001", "2026-11-23", "49.90"). */
static void read_token(const feat *f, size_t start, token *t) {
  memset(t, 0, sizeof *t);
  t->start = start;
  size_t pos = start, next;
  uint32_t c = cp_at(f, pos, &next);
  if (c == '#') {
    t->leading_hash = 1;
    pos = next;
  }
  uint32_t prev = 0;
  unsigned same = 0;
  for (;;) {
    c = cp_at(f, pos, &next);
    if (is_alnum(c)) {
      take_char(t, c, &prev, &same);
      pos = next;
      continue;
    }
    size_t after;
    if (is_sep(c) && is_alnum(cp_at(f, next, &after))) {
      if (t->groups < 4) t->seps[t->groups] = (char)c;
      t->groups++;
      prev = 0;
      pos = next;
      continue;
    }
    break;
  }
  t->end = pos;
}

static int all_seps(const token *t, char a, char b, char c) {
  for (unsigned i = 0; i < t->groups && i < 4; i++)
    if (t->seps[i] != a && t->seps[i] != b && t->seps[i] != c) return 0;
  for (unsigned i = 1; i < t->groups && i < 4; i++)
    if (t->seps[i] != t->seps[0]) return 0;
  return 1;
}

static int is_date(const token *t) {
  if (t->letters > 0) return 0;
  const unsigned *g = t->group_len;
  if (t->groups == 2 && all_seps(t, '-', '/', '.'))
    return (g[0] == 4 && g[1] <= 2 && g[2] <= 2) ||
           (g[0] <= 2 && g[1] <= 2 && (g[2] == 2 || g[2] == 4));
  if (t->groups == 1 && t->seps[0] == '/') return g[0] <= 2 && g[1] <= 2;
  if (t->groups == 1 && t->seps[0] == ':') return g[0] <= 2 && g[1] == 2;
  return 0;
}

static int is_number(const token *t) { return t->letters == 0 && t->digits > 0 && !t->leading_hash; }

static int is_currency_symbol(uint32_t c) {
  return c == '$' || c == 0x20AC || c == 0xA3 || c == 0xA5 || c == 0x20A9 || c == 0xFFE5 ||
         c == 0xFFE6;
}

/* A currency symbol right before or after the token (one space allowed): the span grows
 * to cover it. */
static int currency_around(const feat *f, token *t) {
  size_t at;
  uint32_t c = rd_utf8_prev(f->s, t->start, &at);
  if (c == ' ' && at > 0) c = rd_utf8_prev(f->s, at, &at);
  if (is_currency_symbol(rd_fold_width(c))) {
    t->start = at;
    return 1;
  }
  size_t next;
  c = cp_at(f, t->end, &next);
  if (c == ' ') c = cp_at(f, next, &next);
  if (is_currency_symbol(c)) {
    t->end = next;
    return 1;
  }
  return 0;
}

/* "49.90": a price even without a currency. */
static int two_decimals(const token *t) {
  if (t->groups == 0 || t->groups > 4) return 0;
  return t->seps[t->groups - 1] == '.' && t->group_len[t->groups] == 2;
}

static int number_token(feat *f, token *t) {
  if (is_date(t)) return emit(f, F_DATE, t->start, t->end, 800);
  if (is_number(t) && currency_around(f, t)) return emit(f, F_AMOUNT, t->start, t->end, 1000);
  if (is_number(t) && two_decimals(t)) return emit(f, F_AMOUNT, t->start, t->end, 800);
  int reference = t->digits >= 4 || (t->digits >= 2 && t->letters >= 1 && t->end - t->start >= 5) ||
                  (t->leading_hash && t->digits >= 2);
  if (reference) return emit(f, F_REFERENCE, t->start, t->end, 1000);
  return REDRESS_OK;
}

/* Capitals: two shouted words or one long one ("I WANT MY MONEY", "UNACCEPTABLE");
 * short acronyms (FCA, CFPB) alone do not count. */
static int end_caps_run(feat *f) {
  caps_run *r = &f->caps;
  int rc = REDRESS_OK;
  if ((r->tokens >= 2 && r->letters >= 6) || (r->tokens == 1 && r->letters >= 5))
    rc = emit(f, F_CAPS, r->start, r->end, 1000);
  memset(r, 0, sizeof *r);
  return rc;
}

/* Most words end no run (there is none): that answer inline, without a call. */
static inline int flush_caps(feat *f) {
  return f->caps.tokens == 0 ? REDRESS_OK : end_caps_run(f);
}

static int word_token(feat *f, const token *t) {
  int rc = REDRESS_OK;
  if (t->elongated) rc = emit(f, F_ELONGATION, t->start, t->end, 500);
  if (rc != REDRESS_OK || t->letters < 2) return rc;
  if (t->upper != t->letters) return flush_caps(f);
  if (f->caps.tokens == 0) f->caps.start = t->start;
  f->caps.end = t->end;
  f->caps.tokens++;
  f->caps.letters += t->letters;
  return REDRESS_OK;
}

static int on_token(feat *f, size_t start, size_t *pos) {
  token t;
  read_token(f, start, &t);
  *pos = t.end > start ? t.end : start + 1;
  if (t.digits == 0 && t.groups == 0 && !t.leading_hash) return word_token(f, &t);
  int rc = t.digits > 0 ? flush_caps(f) : REDRESS_OK;
  if (rc == REDRESS_OK && t.digits > 0) rc = number_token(f, &t);
  return rc;
}

/* Hangul syllables and CJK ideographs (lead bytes 0xE4..0xED: U+4000..U+DFFF) are
 * most of a Korean or Chinese text; width folding leaves them as they are and none
 * is a jamo of a run, so they only end a run of capitals. */
static int is_plain_wide(unsigned char lead) { return lead >= 0xE4 && lead <= 0xED; }

/* ASCII that starts nothing: not a letter, digit, `#`, `!` or `?`. */
static int is_inert_ascii(unsigned char c) {
  return c < 0x80 && !is_alnum(c) && c != '#' && c != '!' && c != '?';
}

static int on_char(feat *f, size_t start, size_t *pos) {
  size_t next;
  uint32_t c = cp_at(f, start, &next);
  if (c == '!' || c == '?') return punct_run(f, start, pos);
  if (is_alnum(c) || c == '#') return on_token(f, start, pos);
  *pos = next;
  if (c >= 0x80) {
    int rc = flush_caps(f);
    if (rc == REDRESS_OK && (is_cry_jamo(c) || c == 0x3161)) rc = jamo_run(f, c, start, pos);
    return rc;
  }
  return REDRESS_OK;
}

static int is_ascii_letter(unsigned char c) { return (unsigned char)((c | 0x20) - 'a') < 26; }

/* A word of ASCII letters with at most its first a capital and no letter three times
 * in a row, ended by ASCII that neither continues the token nor joins it to the next
 * ("item.", "called,", "Please "): most words of an English text. Such a word only ends
 * a run of capitals, as read_token and word_token would conclude; returns its end, or 0
 * for anything else, which takes the full path. */
static size_t plain_word_end(const feat *f, size_t start) {
  const unsigned char *s = f->s;
  size_t pos = start + 1;
  unsigned char p1 = (unsigned char)(s[start] | 0x20), p2 = 0;
  while (pos < f->len && (unsigned char)(s[pos] - 'a') < 26) {
    if (s[pos] == p1 && p1 == p2) return 0; /* maybe elongated */
    p2 = p1;
    p1 = s[pos++];
  }
  if (pos >= f->len) return pos;
  unsigned char c = s[pos];
  if (c >= 0x80 || is_alnum(c)) return 0; /* a capital, a digit, or maybe full-width */
  if (is_sep(c) && pos + 1 < f->len && (s[pos + 1] >= 0x80 || is_alnum(s[pos + 1]))) return 0;
  return pos;
}

int rd_text_features(redress_verdict *v, const char *text, size_t len) {
  feat f;
  memset(&f, 0, sizeof f);
  f.v = v;
  f.s = (const unsigned char *)text;
  f.len = len;
  size_t pos = 0, end;
  int rc = REDRESS_OK;
  while (pos < len && rc == REDRESS_OK) {
    if (is_inert_ascii(f.s[pos])) {
      pos++; /* spaces, commas ... */
    } else if (is_ascii_letter(f.s[pos]) && (end = plain_word_end(&f, pos)) != 0) {
      if (end - pos >= 2) rc = flush_caps(&f); /* a one-letter word ("I", "a") leaves it */
      pos = end;
    } else if (is_plain_wide(f.s[pos])) {
      rc = flush_caps(&f);
      do pos += 3; while (pos < len && is_plain_wide(f.s[pos]));
    } else {
      rc = on_char(&f, pos, &pos);
    }
  }
  if (rc == REDRESS_OK) rc = flush_caps(&f);
  return rc;
}
