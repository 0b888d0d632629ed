/* Text signals from cue matches: each match counts with its class's effect, unless
 * a negator nearby cancels it ("not angry", "해지는 안 할게요", "不会投诉"); an
 * intensifier right before an emotional cue makes it count half as much again. */
#include "classify/ngram_walk.h"

#define MAX_COUNTED 32     /* occurrences of one class that count: repetition saturates */
#define WINDOW_UNITS 6     /* a modifier's reach: three English words or six CJK characters */
#define POST_WINDOW_UNITS 4
#define MAX_INTENSIFIERS 2
#define FAR 1000           /* beyond any window (a clause break lies between) */

typedef struct text_ctx {
  redress_verdict *v;
  const rd_cue *cues;   /* the matcher's, by a match's cue */
  const char *text;
  size_t len;
  const rd_match *ms;
  size_t n;
  unsigned counted[RD_CUE_CLASS_COUNT];
} text_ctx;

/* Distance between two offsets in window units: a Latin word counts 2, a Hangul or
 * CJK character 1; a clause break (. , ! ? ; newline) puts them out of reach. */
static int gap_units(const char *text, size_t from, size_t to) {
  const unsigned char *s = (const unsigned char *)text;
  int units = 0, in_word = 0;
  size_t pos = from;
  while (pos < to && units <= WINDOW_UNITS) {
    int k = rd_char_kind(rd_utf8_next(s, to, &pos));
    if (k == RD_CH_BREAK) return FAR;
    int wordy = k == RD_CH_LETTER || k == RD_CH_DIGIT;
    if (wordy && !in_word) units += 2;
    if (k == RD_CH_HANGUL || k == RD_CH_CJK) units += 1;
    in_word = wordy;
  }
  return units;
}

static int cls_of(const text_ctx *t, size_t i) { return t->cues[t->ms[i].cue].cls; }

static int is_modifier(int cls) { return rd_cue_classes[cls].feeds == RD_FEEDS_MODIFIER; }

/* A Korean pre-negator (안, 못) negates only the word right after it: in "해결 안
 * 되면 해지할게요" it belongs to 되면, and the churn threat stands. */
static int reach_of_negator(const text_ctx *t, size_t j) {
  const unsigned char *s = (const unsigned char *)t->text;
  size_t at = t->ms[j].end;
  uint32_t cp = 0;
  while (at > t->ms[j].start && (cp = rd_utf8_prev(s, at, &at)) == ' ') continue;
  return rd_char_kind(cp) == RD_CH_HANGUL ? 0 : WINDOW_UNITS;
}

/* The pre-negator that reaches match i, or -1. Looks back over modifiers only. */
static long negator_before(const text_ctx *t, size_t i) {
  for (size_t j = i; j-- > 0;) {
    int c = cls_of(t, j);
    if (!is_modifier(c)) return -1;
    int gap = gap_units(t->text, t->ms[j].end, t->ms[i].start);
    if (gap > WINDOW_UNITS) return -1;
    if (c == RD_CUE_NEGATOR) return gap <= reach_of_negator(t, j) ? (long)j : -1;
  }
  return -1;
}

/* The post-negator right after match i ("해지 안 할게요"), or -1. */
static long negator_after(const text_ctx *t, size_t i) {
  size_t j = i + 1;
  if (j >= t->n || cls_of(t, j) != RD_CUE_NEGATOR_POST) return -1;
  if (gap_units(t->text, t->ms[i].end, t->ms[j].start) > POST_WINDOW_UNITS) return -1;
  return (long)j;
}

/* Intensifiers within reach before match i (at most MAX_INTENSIFIERS), nearest first. */
static size_t intensifiers_before(const text_ctx *t, size_t i, size_t *found) {
  size_t k = 0;
  for (size_t j = i; j-- > 0 && k < MAX_INTENSIFIERS;) {
    int c = cls_of(t, j);
    if (!is_modifier(c)) break;
    if (gap_units(t->text, t->ms[j].end, t->ms[i].start) > WINDOW_UNITS) break;
    if (c == RD_CUE_INTENSIFIER) found[k++] = j;
  }
  return k;
}

/* "5 days", "3만 원", "五百元": a unit counts only right after a number. */
static int number_before(const char *text, size_t start) {
  const unsigned char *s = (const unsigned char *)text;
  size_t at;
  uint32_t cp = rd_utf8_prev(s, start, &at);
  if (cp == ' ' && at > 0) cp = rd_utf8_prev(s, at, &at);
  cp = rd_fold_width(cp);
  if (cp >= '0' && cp <= '9') return 1;
  static const uint32_t numerals[] = {0x3007, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D,
                                      0x4E03, 0x516B, 0x4E5D, 0x5341, 0x767E, 0x5343, 0x4E07,
                                      0x4EBF, 0x4E24, 0xB9CC, 0xCC9C, 0xBC31, 0xC5B5, 0xC2ED};
  for (size_t i = 0; i < sizeof numerals / sizeof numerals[0]; i++)
    if (cp == numerals[i]) return 1;
  return 0;
}

/* Disowned intent reaches across clauses ("my daughter wanted to post it; I told her
 * not to") but not past the end of a sentence. */
#define DISOWN_REACH 120 /* bytes */

static int ends_sentence(const unsigned char *s, size_t i, size_t end) {
  if (s[i] == '.' || s[i] == '!' || s[i] == '?' || s[i] == '\n') return 1;
  if (i + 3 > end) return 0;
  return (s[i] == 0xE3 && s[i + 1] == 0x80 && s[i + 2] == 0x82) || /* 。 */
         (s[i] == 0xEF && s[i + 1] == 0xBC && (s[i + 2] == 0x81 || s[i + 2] == 0x9F)); /* ！？ */
}

static int same_sentence(const char *text, size_t from, size_t to) {
  const unsigned char *s = (const unsigned char *)text;
  for (size_t i = from; i < to; i++)
    if (ends_sentence(s, i, to)) return 0;
  return 1;
}

/* A disowning cue in the same sentence as risk match i, within reach, or -1. */
static long disowned_by(const text_ctx *t, size_t i) {
  const rd_match *mi = &t->ms[i];
  for (size_t j = i; j-- > 0 && t->ms[j].end + DISOWN_REACH >= mi->start;)
    if (cls_of(t, j) == RD_CUE_DISOWN && same_sentence(t->text, t->ms[j].end, mi->start))
      return (long)j;
  for (size_t j = i + 1; j < t->n && t->ms[j].start <= mi->end + DISOWN_REACH; j++)
    if (cls_of(t, j) == RD_CUE_DISOWN && same_sentence(t->text, mi->end, t->ms[j].start))
      return (long)j;
  return -1;
}

/* Adds one counted cue's weight to the tally. */
static void tally_cue(rd_signal_tally *tl, int cls, int32_t w) {
  const rd_cue_class_info *ci = &rd_cue_classes[cls];
  if (ci->feeds == RD_FEEDS_EMOTIONAL) tl->emotional += w;
  if (ci->feeds == RD_FEEDS_RATIONAL) tl->rational += w;
  if (ci->flags & RD_CLASS_FRUSTRATION) tl->emotional += w / 2;
  if (cls == RD_CUE_FACT || cls == RD_CUE_CURRENCY || cls == RD_CUE_DATE_UNIT) tl->facts++;
  int r = ci->risk != 0 ? rd_risk_index(ci->risk) : -1; /* most classes raise no risk */
  if (r >= 0) tl->risk[r] += w, tl->text_risk[r] += w;
  if (ci->flags & RD_CLASS_MALICIOUS) tl->malicious += w;
  if (ci->flags & RD_CLASS_MISINFORMED) tl->misinformed += w;
  if (ci->flags & RD_CLASS_UNREALISTIC) tl->unrealistic += w;
  if (cls == RD_CUE_POLITE) tl->polite += w;
  if (cls == RD_CUE_VIOLENCE && w > 0) tl->violence = 1;
}

static const char *rule_of(const rd_cue *cue) {
  return cue->host ? rd_cue_classes[cue->cls].host_rule : rd_cue_classes[cue->cls].rule;
}

static int add_match_reason(text_ctx *t, size_t i, const char *rule, int32_t w) {
  const rd_match *mt = &t->ms[i];
  return rd_verdict_add_text(t->v, rule, w, t->text, mt->start, mt->end - mt->start);
}

static int negated(text_ctx *t, size_t i, long by) {
  int cls = cls_of(t, i);
  int rc = add_match_reason(t, (size_t)by, rd_cue_classes[cls_of(t, (size_t)by)].rule, 0);
  if (rc == REDRESS_OK) rc = add_match_reason(t, i, rd_cue_classes[cls].negated, 0);
  return rc;
}

static int intensified(text_ctx *t, const size_t *found, size_t k, int32_t base, int32_t *w) {
  int32_t extra = base / 2;
  for (size_t j = 0; j < k; j++) {
    int rc = add_match_reason(t, found[j], rd_cue_classes[RD_CUE_INTENSIFIER].rule, extra);
    if (rc != REDRESS_OK) return rc;
    *w += extra;
  }
  return REDRESS_OK;
}

static int count_match(text_ctx *t, size_t i) {
  const rd_cue *cue = &t->cues[t->ms[i].cue];
  const rd_cue_class_info *ci = &rd_cue_classes[cue->cls];
  if (ci->feeds == RD_FEEDS_MODIFIER || cue->weight == 0) return REDRESS_OK;
  if ((ci->flags & RD_CLASS_NEEDS_NUMBER) && !number_before(t->text, t->ms[i].start))
    return REDRESS_OK;
  if (t->counted[cue->cls] >= MAX_COUNTED) return REDRESS_OK;
  t->counted[cue->cls]++;
  if (ci->flags & RD_CLASS_NEGATABLE) {
    long by = negator_before(t, i);
    if (by < 0) by = negator_after(t, i);
    if (by < 0 && ci->risk != 0) by = disowned_by(t, i);
    if (by >= 0) return negated(t, i, by);
  }
  /* The cue's reason carries its own weight and each intensifier's reason the extra
   * it added, so that the reasons add up to what was counted. */
  int32_t w = cue->weight;
  if (ci->feeds == RD_FEEDS_EMOTIONAL && w > 0) {
    size_t found[MAX_INTENSIFIERS];
    size_t k = intensifiers_before(t, i, found);
    int rc = intensified(t, found, k, cue->weight, &w);
    if (rc != REDRESS_OK) return rc;
  }
  tally_cue(&t->v->tally, cue->cls, w);
  return add_match_reason(t, i, rule_of(cue), cue->weight);
}

int rd_text_signals(redress_verdict *v, rd_classifier *cls, const char *text, size_t len,
                    rd_ngrams *g, rd_amount_starts *starts) {
  v->tally.text_present = len > 0;
  rd_ngrams_start(g);
  if (len == 0) return REDRESS_OK;
  int rc = rd_matcher_scan_ngrams(cls->matcher, &v->alloc, text, len, &cls->scratch, g, starts);
  if (rc != REDRESS_OK) return rc;
  text_ctx t = {v, rd_matcher_cues(cls->matcher), text, len, cls->scratch.items,
               cls->scratch.count, {0}};
  for (size_t i = 0; i < t.n && rc == REDRESS_OK; i++) rc = count_match(&t, i);
  if (rc == REDRESS_OK) rc = rd_text_features(v, text, len);
  if (rc == REDRESS_OK) rc = rd_amount_signals(v, cls->matcher, t.ms, t.n, text, len, starts);
  return rc;
}
