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
  RD_CUE_MANAGER,   /* asks for a manager, supervisor, someone in charge */
  RD_CUE_EXCESSIVE, /* a demand out of proportion: "for life", "a year free", 평생, 终身 */
  RD_CUE_DEMAND,    /* what the customer asks to be paid or given: the anchor of an amount */
  RD_CUE_DISOWN,    /* reported or ruled-out intent: "I told her not to", "I won't" */
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
#define RD_CLASS_UNREALISTIC 0x20u  /* its weight is evidence of an unrealistic demand */

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

/* The code point of a three-byte UTF-8 sequence at s (validated text): the fast paths
 * over Hangul syllables and CJK ideographs (lead bytes 0xE4..0xED), which no folding
 * changes. */
static inline uint32_t rd_utf8_decode3(const unsigned char *s) {
  return ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3Fu);
}

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
/* All the cues, indexed by a match's cue: for loops over many matches, which then read
 * a cue without a call each. */
const rd_cue *rd_matcher_cues(const rd_matcher *m);
size_t rd_matcher_cue_count(const rd_matcher *m);

/*
 * Finds the cues in text (validated UTF-8) in one pass: word boundaries checked,
 * overlaps resolved (the longer match wins), ordered by start. Replaces the
 * contents of out, growing it with a.
 */
int rd_matcher_scan(const rd_matcher *m, const redress_allocator *a, const char *text,
                    size_t len, rd_matches *out);
/* The model's n-grams of a text (ngram_walk.h). */
typedef struct rd_ngrams rd_ngrams;
/* The places of a text where an amount may start (amount_starts.h). */
typedef struct rd_amount_starts rd_amount_starts;
/* rd_matcher_scan that also reads the model's n-grams of the text into g (started with
 * rd_ngrams_start) in the same pass, as rd_model_tokens would give them, and notes in
 * starts (emptied first) the places where an amount may start. */
int rd_matcher_scan_ngrams(const rd_matcher *m, const redress_allocator *a, const char *text,
                           size_t len, rd_matches *out, rd_ngrams *g, rd_amount_starts *starts);
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

/* ---- the statistical model (model.c, model_weights.c) --------------------- */

/* What the model estimates, each a probability from its own logistic head. The order
 * is that of the generated table (tests/tools/train_classifier.py writes it). */
enum {
  RD_HEAD_EMOTIONAL = 0,
  RD_HEAD_RATIONAL,
  RD_HEAD_MISINFORMED,
  RD_HEAD_UNREALISTIC,
  RD_HEAD_MALICIOUS,
  RD_HEAD_FORMAL,
  RD_HEAD_MEDIA,
  RD_HEAD_SOCIAL,
  RD_HEAD_REGULATOR,
  RD_HEAD_LEGAL,
  RD_HEAD_CHURN,
  RD_HEAD_ABUSE,
  RD_HEAD_MANAGER,
  RD_HEAD_COUNT
};
#define RD_MODEL_ROW 16 /* int16 weights per bucket: the heads, padded for vector loads */
/* Risk heads that also read the text two sentences at a time, so that a threat said in
 * one sentence also counts at the length of its own sentences, not only spread over the
 * whole text: the best window's score is added to the head's sum. Their n-gram weights fill the row's spare columns,
 * RD_HEAD_COUNT + k for the k-th (the table says which heads). */
#define RD_MODEL_WINDOWS 3
typedef char rd_window_columns_fit_the_row[RD_HEAD_COUNT + RD_MODEL_WINDOWS <= RD_MODEL_ROW ? 1 : -1];

/* The dense inputs: what the cues and shapes found, on a log scale. */
enum {
  RD_DENSE_EMOTIONAL = 0,
  RD_DENSE_RATIONAL,
  RD_DENSE_FACTS,
  RD_DENSE_RISK, /* REDRESS_RISK_COUNT of them, one per risk bit */
  RD_DENSE_MALICIOUS = RD_DENSE_RISK + REDRESS_RISK_COUNT,
  RD_DENSE_MISINFORMED,
  RD_DENSE_UNREALISTIC,
  RD_DENSE_LENGTH,
  RD_DENSE_AMOUNT_SPREAD,
  RD_DENSE_POLITE,
  RD_DENSE_COUNT
};

typedef struct rd_model_table {
  const char *trained_on;          /* sha256 of the training corpus, for the staleness test */
  uint32_t bucket_bits;            /* 2^bucket_bits rows */
  uint32_t min_tokens;             /* shorter texts are judged by their cues alone */
  double scale;                    /* an int16 weight times scale is its real weight */
  const int16_t (*rows)[RD_MODEL_ROW];
  const double (*dense)[RD_DENSE_COUNT]; /* [RD_HEAD_COUNT][RD_DENSE_COUNT] */
  const double *bias;              /* [RD_HEAD_COUNT] */
  const double *threshold;         /* [RD_HEAD_COUNT]: the probability that decides */
  const double *agree;             /* [RD_HEAD_COUNT]: for a risk head, the probability a
                                      cue's flag needs from the model (a cue in a negated,
                                      disowned or lookalike use is vetoed) */
  double mixed_min;                /* MIXED needs the weaker side at least this likely */
  const int *window_heads;         /* [RD_MODEL_WINDOWS]: the head each window column adds to */
} rd_model_table;

extern const rd_model_table rd_model_weights;

/* ---- the verdict under construction (verdict.c) -------------------------- */

#define RD_POINT 1000 /* one point in milli-points */

/* verdict.c: the snake_case names of a temperament, one risk bit, one playbook bit;
 * NULL when out of range or not exactly one known bit. */
const char *rd_temperament_name(int temperament);
const char *rd_formality_name(int formality);
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
  int64_t text_risk[REDRESS_RISK_COUNT]; /* the part of risk[] the text's cues gave */
  int64_t field_malicious;      /* malice the fields prove (serial claims) */
  int64_t field_unrealistic;    /* a claim beyond the order value or the policy */
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
  int64_t polite;               /* politeness cues (the register) */
  uint32_t amounts;             /* money amounts in the text */
  double amount_min, amount_max;/* the smallest and largest of them */
  int64_t demand_ratio_permille;/* largest demanded amount / largest other amount */
} rd_signal_tally;

/* What the model concluded on the text, kept in the verdict for the decision. */
typedef struct rd_model_result {
  int ran;                      /* the text had n-grams to read */
  double p[RD_HEAD_COUNT];
} rd_model_result;

/* Room inside the verdict for the reasons and values of most texts, so that a verdict
 * usually costs one allocation; more moves them to the heap (one allocation and a copy
 * each). Sized before the model's reasons: on the benchmark's texts (1.1, with the model)
 * 68% of verdicts have at most 16 reasons (median 14, 95th percentile 23, at most 38)
 * and 99% need under 256 bytes of values (at most 329). Growing the room changes the
 * verdict's layout, which is left as it is. */
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
  int formality;
  rd_signal_tally tally;
  rd_model_result model;
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

/* ---- the statistical model: functions (model.c, model_math.c) ------------- */

/* exp, natural log (x > 0) and square root without libm, the same everywhere. */
double rd_exp(double x);
/* out[i] = rd_exp(x[i]), bit for bit, for n values at once (faster than one by one). */
void rd_exp_many(const double *x, double *out, size_t n);
double rd_log(double x);
double rd_sqrt(double x);
/* rd_sqrt(n) for a count, from a table for the small counts of most texts. */
double rd_sqrt_count(unsigned n);

/* One hashed n-gram of the text: its bucket, the bytes it covers and whether it is the
 * first of a sentence (the window heads' sentences). */
typedef void (*rd_token_cb)(uint32_t hash, size_t start, size_t end, int opens_sentence,
                            void *payload);
/* Calls cb for every n-gram the model reads, in text order: Latin words and word
 * pairs, Hangul and CJK characters and character pairs, other symbols. */
void rd_model_tokens(const char *text, size_t len, rd_token_cb cb, void *payload);
/* The dense inputs from what the cues and shapes found in the text. */
void rd_model_dense(double out[RD_DENSE_COUNT], const rd_signal_tally *t, size_t len);
/* Runs the model on the text, whose n-grams rd_text_signals read into g: fills v->model
 * and adds the strongest n-grams of the decided heads as reasons. Called after
 * rd_text_signals, before the fields. */
int rd_model_apply(redress_verdict *v, rd_ngrams *g, const char *text, size_t len);

/* ---- signals and decisions ----------------------------------------------- */

/* classify_text.c: cue matches, negation and intensifier windows; the model's n-grams
 * of the text into g and the places where an amount may start into starts (the
 * caller's: 13 KB together), read in the same pass. */
int rd_text_signals(redress_verdict *v, rd_classifier *cls, const char *text, size_t len,
                    rd_ngrams *g, rd_amount_starts *starts);
/* amounts.c: money amounts in the text and the demands among them; starts (NULL: the
 * whole text is read) are the places the scan noted. */
int rd_amount_signals(redress_verdict *v, const rd_matcher *m, const rd_match *ms, size_t n,
                      const char *text, size_t len, const rd_amount_starts *starts);
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
