/* Internal declarations of the classifier: cue classes, lexicons, the matcher, the
 * per-desk classifier state and the verdict under construction. Not installed. */
#ifndef RD_CLASSIFY_INTERNAL_H
#define RD_CLASSIFY_INTERNAL_H

#include "store/store.h"

/* ---- cue classes (cue_classes.c) ----------------------------------------- */

/* What a matched term means. Values index rd_cue_classes[]; append only. */
typedef enum rd_cue_class {
  RD_CUE_ANGER = 0,
  RD_CUE_DISTRESS,
  RD_CUE_INSULT,
  RD_CUE_VIOLENCE,
  RD_CUE_EXTORTION,
  RD_CUE_INTENSIFIER,
  RD_CUE_NEGATOR,
  RD_CUE_NEGATOR_POST,
  RD_CUE_POLITE,
  RD_CUE_FACT,
  RD_CUE_REQUEST,
  RD_CUE_TIME,
  RD_CUE_CURRENCY,
  RD_CUE_DATE_UNIT,
  RD_CUE_MEDIA,
  RD_CUE_SOCIAL,
  RD_CUE_REGULATOR,
  RD_CUE_LEGAL,
  RD_CUE_CHURN,
  RD_CUE_REPEAT,
  RD_CUE_STAFF_ERROR,
  RD_CUE_TOPIC,
  RD_CUE_CLASS_COUNT
} rd_cue_class;

/* Where a class's weight goes. */
enum {
  RD_FEEDS_NONE = 0,
  RD_FEEDS_EMOTIONAL = 1,  /* the emotional score */
  RD_FEEDS_RATIONAL = 2,   /* the rational score */
  RD_FEEDS_RISK = 3,       /* only the risk flag of the class */
  RD_FEEDS_MODIFIER = 4    /* negators and intensifiers act on other cues */
};

/* Class flags. */
#define RD_CLASS_NEEDS_NUMBER 0x01u /* counts only right after a number ("5 days", "3만 원") */
#define RD_CLASS_NEGATABLE 0x02u    /* a negator nearby cancels it */
#define RD_CLASS_MALICIOUS 0x04u    /* its weight is evidence of a malicious complaint */
#define RD_CLASS_MISINFORMED 0x08u  /* its weight is evidence of a staff error */
#define RD_CLASS_FRUSTRATION 0x10u  /* half its weight also feeds the emotional score */

typedef struct rd_cue_class_info {
  const char *name;      /* TSV name, e.g. "anger" */
  const char *rule;      /* reason id of built-in cues, e.g. "cue.anger" */
  const char *host_rule; /* reason id of runtime cues, e.g. "host.anger" */
  const char *negated;   /* reason id when negated, e.g. "negated.anger" */
  int feeds;             /* RD_FEEDS_* */
  uint32_t risk;         /* REDRESS_RISK_* raised when the class's weight reaches 1 */
  unsigned flags;        /* RD_CLASS_* */
} rd_cue_class_info;

extern const rd_cue_class_info rd_cue_classes[RD_CUE_CLASS_COUNT];

/* The class of a TSV cue name, or -1. */
int rd_cue_class_by_name(const char *name, size_t len);

/* ---- lexicons (lexicon_*.c) ---------------------------------------------- */

/*
 * A built-in cue. `weight` is in tenths of a point. Term markers: a trailing `*`
 * matches an ASCII word prefix, a trailing `-` marks a Korean verb or adjective
 * stem (its inflected forms are generated), a leading `^` matches only at the
 * start of a word.
 */
typedef struct rd_lex_entry {
  const char *term;
  unsigned char cls;
  signed char weight;
} rd_lex_entry;

typedef struct rd_lexicon {
  const char *lang;
  const rd_lex_entry *entries;
  size_t count;
} rd_lexicon;

extern const rd_lexicon rd_lexicon_en;
extern const rd_lexicon rd_lexicon_ko;
extern const rd_lexicon rd_lexicon_zh;
extern const rd_lexicon rd_lexicon_common;

/* ---- text normalisation (text_normalize.c) ------------------------------- */

/* The longest normalised term the matcher accepts (bytes). */
#define RD_MAX_NORM_TERM 255

/* Decodes the code point at s[*pos] (the text was validated) and advances *pos. */
uint32_t rd_utf8_next(const unsigned char *s, size_t len, size_t *pos);
/* The code point that ends right before byte `pos` (0 at the start), and its start. */
uint32_t rd_utf8_prev(const unsigned char *s, size_t pos, size_t *start);

/*
 * Normalises the unit of text starting at s[*pos]: folds ASCII case and
 * full-width forms, maps CJK punctuation to ASCII, recomposes a decomposed Hangul
 * syllable. Writes 0..4 bytes to out, returns their count and advances *pos past
 * the unit (one code point, or the jamo of one syllable).
 */
size_t rd_norm_unit(const unsigned char *s, size_t len, size_t *pos, unsigned char out[4]);

/* Full-width ASCII forms (U+FF01..U+FF5E) and the ideographic space as ASCII. */
uint32_t rd_fold_width(uint32_t cp);

/* Kinds of characters for word boundaries and windows. */
enum { RD_CH_OTHER = 0, RD_CH_SPACE, RD_CH_LETTER, RD_CH_DIGIT, RD_CH_HANGUL, RD_CH_CJK,
       RD_CH_BREAK /* ends a sentence or clause */ };
int rd_char_kind(uint32_t cp);
/* rd_char_kind of the ASCII characters, for the loops that meet mostly ASCII. */
extern const unsigned char rd_ascii_kind[128];

/* ---- Korean stems (cue_korean.c) ----------------------------------------- */

/* Receives one form of a stem. Returns REDRESS_OK or an error that stops. */
typedef int (*rd_form_cb)(const unsigned char *form, size_t len, void *payload);
/* Calls cb with the stem itself and the forms inflection contracts it into
 * (화나 -> 화난, 화날, 화남, 화납, 화났; 하 -> 해, 했; 워, 웠 for ㅂ stems ...). */
int rd_korean_forms(const unsigned char *stem, size_t len, rd_form_cb cb, void *payload);

/* ---- the matcher (cues.c) ------------------------------------------------ */

/* A cue as the matcher knows it: class and weight in milli-points. */
typedef struct rd_cue {
  uint8_t cls;
  uint8_t host;     /* added at runtime */
  int32_t weight;   /* milli-points */
} rd_cue;

/* A cue added at runtime (TSV): the term as given, with its markers. */
typedef struct rd_host_cue {
  char *term;
  uint8_t cls;
  int32_t weight;
} rd_host_cue;

typedef struct rd_matcher rd_matcher;

/* One match in the original text: [start, end) bytes, the cue's index. */
typedef struct rd_match {
  uint32_t start;
  uint32_t end;
  uint32_t cue;
} rd_match;

typedef struct rd_matches {
  rd_match *items;
  size_t count;
  size_t cap;
} rd_matches;

/* Compiles the built-in lexicons and the host cues into one automaton. */
int rd_matcher_build(rd_matcher **out, const redress_allocator *a, const rd_host_cue *host,
                     size_t n_host);
void rd_matcher_free(rd_matcher *m, const redress_allocator *a);
/* The cue of a match. */
const rd_cue *rd_matcher_cue(const rd_matcher *m, uint32_t cue);
size_t rd_matcher_cue_count(const rd_matcher *m);

/*
 * Finds the cues in text (validated UTF-8) in one pass: word boundaries checked,
 * overlaps resolved (the longer match wins), ordered by start. Replaces the
 * contents of out, growing it with a.
 */
int rd_matcher_scan(const rd_matcher *m, const redress_allocator *a, const char *text,
                    size_t len, rd_matches *out);
void rd_matches_free(rd_matches *ms, const redress_allocator *a);

/* Checks a term's markers and length, and normalises it. Returns REDRESS_OK,
 * INVALID or RANGE with a short reason in *why. */
int rd_term_check(const char *term, size_t len, int cls, const char **why);

/* ---- per-desk classifier state (classifier_state.c) ---------------------- */

struct rd_classifier {
  redress_classifier_options options;
  rd_matcher *matcher;  /* NULL until first needed */
  rd_host_cue *host;    /* runtime cues, in the order they were added */
  size_t n_host;
  size_t cap_host;
  rd_matches scratch;   /* matches of the text being classified */
};
typedef struct rd_classifier rd_classifier;

/* The part of the desk this layer owns (base/base.h explains the chain): the
 * classifier, created on first classification. */
typedef struct rd_classify_ctx {
  rd_store_ctx store;
  rd_classifier *classifier;
} rd_classify_ctx;

static inline rd_classify_ctx *rd_classify_ctx_of(redress_desk *desk) {
  return (rd_classify_ctx *)(void *)desk;
}
static inline const rd_classify_ctx *rd_classify_ctx_of_const(const redress_desk *desk) {
  return (const rd_classify_ctx *)(const void *)desk;
}

int rd_classifier_new(rd_classifier **out, const redress_allocator *a);
void rd_classifier_free(rd_classifier *c, const redress_allocator *a);
/* The desk's classifier with its matcher built, created on first use. */
int rd_classifier_ready(rd_classifier **out, redress_desk *desk);

/* cue_tsv.c: parses TSV cues into new host cues appended to *host (on failure
 * *host is as before). */
int rd_cues_parse_tsv(redress_desk *desk, const char *tsv, size_t len, rd_host_cue **host,
                      size_t *n_host, size_t *cap_host);
void rd_host_cues_free(rd_host_cue *host, size_t n, const redress_allocator *a);
/*
 * A term given again (a host reloading its cue file) replaces its earlier entry, as
 * redress.h promises, instead of piling up: the latest entry is kept where it is (the
 * last word on a term still wins in the matcher) and REDRESS_MAX_CUES counts distinct
 * terms. Fails with NOMEM or RANGE before changing anything.
 */
int rd_host_cues_drop_repeated(redress_desk *desk, rd_host_cue *host, size_t *n_host);

/* ---- the verdict under construction (verdict.c) -------------------------- */

#define RD_POINT 1000 /* one point in milli-points */

/* verdict.c: the snake_case names of a temperament, one risk bit, one playbook bit;
 * NULL when out of range or not exactly one known bit. */
const char *rd_temperament_name(int temperament);
const char *rd_risk_name(uint32_t risk);
const char *rd_playbook_name(uint32_t action);

typedef struct rd_reason {
  const char *rule;   /* static */
  const char *field;  /* static field name; NULL for a text reason */
  int32_t weight;     /* milli-points */
  uint32_t offset;    /* text reasons: span in the complaint text */
  uint32_t length;
  size_t value;       /* offset of the NUL-terminated value in strings */
} rd_reason;

/* Sums of the evidence, in milli-points; integers so that order never matters. */
typedef struct rd_signal_tally {
  int64_t emotional;
  int64_t rational;
  int64_t risk[REDRESS_RISK_COUNT];
  int64_t malicious;
  int64_t misinformed;
  int64_t unrealistic;
  int64_t claim_ratio_permille; /* claimed / order value, 0 if unknown */
  unsigned facts;               /* fact signals seen */
  unsigned fields;              /* structured fields known */
  int assessed;                 /* the agent's legitimacy, or REDRESS_LEGITIMACY_UNKNOWN */
  int escalate;                 /* bottom line above the policy maximum */
  int serial;                   /* serial claims */
  int violence;                 /* threats of harm */
  int text_present;             /* the text is not empty */
} rd_signal_tally;

/* Room inside the verdict for the reasons and values of most texts (95% of the
 * benchmark's texts have at most 16 reasons, 99% under 256 bytes of values), so that a
 * verdict usually costs one allocation; more moves them to the heap. */
#define RD_INLINE_REASONS 16
#define RD_INLINE_STRINGS 256

struct redress_verdict {
  redress_allocator alloc;
  int temperament;
  double rational;
  double emotional;
  int legitimacy;
  double confidence;
  uint32_t risks;
  uint32_t playbook;
  int severity;
  int64_t offer;
  rd_signal_tally tally;
  rd_reason *reasons;
  size_t n_reasons;
  size_t cap_reasons;
  char *strings;
  size_t n_strings;
  size_t cap_strings;
  rd_reason inline_reasons[RD_INLINE_REASONS]; /* reasons until they outgrow it */
  char inline_strings[RD_INLINE_STRINGS];     /* strings until they outgrow it */
};

int rd_verdict_new(redress_verdict **out, const redress_allocator *a);
/* A reason naming text[offset, offset + length). */
int rd_verdict_add_text(redress_verdict *v, const char *rule, int32_t weight, const char *text,
                        size_t offset, size_t length);
/* A reason naming a structured field; the value is formatted with printf rules. */
int rd_verdict_add_field(redress_verdict *v, const char *rule, const char *field,
                         int32_t weight, const char *fmt, ...) RD_PRINTF(5, 6);
/* Orders the first n_text reasons (the text reasons) by offset, longer first. */
void rd_verdict_sort_text(redress_verdict *v, size_t n_text);
/* The index (0..REDRESS_RISK_COUNT-1) of a single risk bit, or -1. */
int rd_risk_index(uint32_t risk);
/* Formats milli-units as a decimal with two places ("1.50"), locale-free. */
void rd_format_milli(char *buf, size_t size, int64_t milli);

/* ---- signals and decisions ----------------------------------------------- */

/* classify_text.c: cue matches, negation and intensifier windows. */
int rd_text_signals(redress_verdict *v, rd_classifier *cls, const char *text, size_t len);
/* text_shapes.c: punctuation runs, capitals, elongation, jamo runs, numbers. */
int rd_text_features(redress_verdict *v, const char *text, size_t len);
/* classify_fields.c: amounts, policy, history, assessment, channel. */
int rd_field_signals(redress_verdict *v, redress_desk *desk, const rd_classifier *cls,
                     const redress_complaint *c);
/* decide.c: temperament, legitimacy, risks and severity from the tally. */
void rd_verdict_decide(redress_verdict *v, const redress_classifier_options *o);
/* playbook.c: the recommended actions for a decided verdict. */
uint32_t rd_playbook(const redress_verdict *v);

/* history.c: the customer's earlier complaints in the store. */
typedef struct rd_history {
  uint32_t complaints;     /* in the window, before this one */
  int64_t compensation;    /* paid on them */
  uint32_t same_category;  /* of them, on this complaint's category */
} rd_history;
int rd_history_collect(rd_history *out, redress_desk *desk, const redress_complaint *c,
                       uint32_t days);

/* Adds up a and b, saturating at INT64_MAX (amounts are never negative here). */
int64_t rd_add_sat(int64_t a, int64_t b);

#endif
