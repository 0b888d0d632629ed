/* Retention metrics: declarations shared by the metrics*.c files. Not installed.
 *
 * An accumulator keeps, for the total and for each group, integer tallies and the
 * raw duration samples (docs/metrics.md). Every value is computed when read: the
 * model's coefficients multiply integer counts, so the result never depends on the
 * order complaints were added, and the tallies stay exact. */
#ifndef RD_METRICS_INTERNAL_H
#define RD_METRICS_INTERNAL_H

#include "store/store.h"

/* Retention classes (docs/metrics.md, "Outcome"). */
enum {
  RD_OUTCOME_ON_THE_SPOT = 0,
  RD_OUTCOME_RESOLVED = 1,
  RD_OUTCOME_UNRESOLVED = 2,
  RD_OUTCOME_COUNT = 3
};

/* The duration sample sets. */
enum {
  RD_SAMPLES_ACK = 0,          /* receipt -> first customer-visible contact, calendar seconds */
  RD_SAMPLES_ACK_BUSINESS = 1, /* the same in open seconds of the policy's calendar */
  RD_SAMPLES_RESOLVE = 2,      /* receipt -> the resolution that stands */
  RD_SAMPLES_RESOLVE_BUSINESS = 3,
  RD_SAMPLES_COUNT = 4
};

/* An unsigned 128-bit sum: sums of seconds or money can pass 2^63 in theory. */
typedef struct rd_wide {
  uint64_t hi, lo;
} rd_wide;

/*
 * Durations of one set: every sample (for exact quantiles) and their sum.
 *
 * A business set shares the samples of the plain set before it (ACK for
 * ACK_BUSINESS, RESOLVE for RESOLVE_BUSINESS) for as long as every business
 * duration it took equalled the plain one, as it does for every complaint whose
 * policy has no calendar: it then holds nothing (v NULL) and is read through the
 * plain set. The first sample that differs gives it a copy of its own
 * (rd_samples_reserve). Storing the samples once halves the memory an accumulator
 * fills, and fresh memory (page faults) is most of what counting a sample costs.
 */
typedef struct rd_samples {
  int64_t *v; /* all >= 0: events never precede the receipt */
  size_t n, cap;
  rd_wide sum;
  int separate; /* business sets only: 1 once it holds samples of its own */
} rd_samples;

/* What a group has counted. Every field only ever grows. */
typedef struct rd_metrics_tally {
  uint64_t complaints;
  uint64_t by_state[REDRESS_STATE_COUNT];
  uint64_t by_decision[REDRESS_DECISION_COUNT];
  uint64_t by_outcome[RD_OUTCOME_COUNT];
  rd_wide value_by_outcome[RD_OUTCOME_COUNT]; /* known customer values, minor units */
  uint64_t value_unknown;
  uint64_t on_the_spot;
  uint64_t resolved;
  uint64_t contacted;
  uint64_t deadlines[REDRESS_DEADLINE_KIND_COUNT][REDRESS_DEADLINE_STATE_COUNT];
  uint64_t reopened, reopens;
  uint64_t satisfaction_answers, satisfaction_sum, satisfied;
  uint64_t dissatisfied;
  uint64_t compensated;
  rd_wide compensation_paid;
} rd_metrics_tally;

typedef struct rd_mgroup {
  const char *key; /* static for enumeration groups, owned for categories */
  int key_owned;
  rd_metrics_tally tally;
  rd_samples samples[RD_SAMPLES_COUNT];
} rd_mgroup;

struct redress_metrics {
  redress_desk *desk;
  redress_allocator alloc;
  redress_retention_model model;
  int group_by;
  redress_time as_of;
  rd_mgroup total;
  rd_mgroup *groups; /* slots [n_groups, cap_groups) may hold a group being prepared */
  size_t n_groups, cap_groups;
  /* index of a keyed grouping's groups: open addressing, slot = group index + 1, 0 = empty */
  uint32_t *slots;
  size_t n_slots; /* a power of two, or 0 */
  /* Scratch for the deadlines of the complaint being added, reused from one
   * complaint to the next: a list of its own would cost each add two allocations. */
  redress_deadlines scratch;
  /* The digest of the complaint being added when it cannot be kept in the complaint. */
  rd_digest digest;
};

/*
 * What one complaint contributes (metrics_observe.c). Its deadlines are not copied
 * here but counted straight from the digest into each tally: an add then writes
 * and reads as little as possible, so that the wait for the next complaint's first
 * cache line overlaps the work on this one.
 */
typedef struct rd_observation {
  int state, decision, outcome;
  int on_the_spot, resolved, contacted;
  unsigned reopens;
  int satisfaction; /* 0: no answer */
  int dissatisfied;
  int64_t customer_value;      /* or REDRESS_AMOUNT_UNKNOWN */
  int64_t compensation_paid;   /* 0 unless resolved with a known compensation */
  const rd_digest *digest;     /* the deadlines, counted as of as_of */
  const redress_deadlines *replayed; /* instead of the digest's, when they did not fit */
  redress_time as_of;
  int has_sample[RD_SAMPLES_COUNT];
  int64_t sample[RD_SAMPLES_COUNT];
  int group;                   /* enumeration groupings: the value; else -1 */
  const char *key;             /* keyed groupings: borrowed key ("" for none) */
  char period[16];             /* week and month groupings: the key, which key points to */
} rd_observation;

/* ---- metrics_model.c ----------------------------------------------------- */

/* Checks a host's model; failures name the field in the desk's message. */
int rd_metrics_model_check(redress_desk *desk, const redress_retention_model *model);
/* The probability that a complainant of a retention class stays. */
double rd_metrics_retention(const redress_retention_model *model, int outcome);

/* ---- metrics_digest.c ---------------------------------------------------- */

/*
 * The complaint's digest (internal.h): the one it keeps if it is current, else one
 * derived now by replaying its history into m->scratch, and kept in the complaint
 * unless its deadlines did not fit (then *out points into m, valid until the next add).
 */
int rd_metrics_digest(const rd_digest **out, redress_metrics *m, const redress_complaint *c);
/* Adds the observation's deadlines, by kind and state as of obs->as_of, into counts. */
void rd_metrics_digest_count(uint64_t counts[][REDRESS_DEADLINE_STATE_COUNT],
                             const rd_observation *obs);

/* ---- metrics_observe.c --------------------------------------------------- */

/* Reads one complaint: its outcome, deadlines as of m->as_of, durations, group. */
int rd_metrics_observe(rd_observation *obs, redress_metrics *m, const redress_complaint *c);

/* ---- metrics_temperament.c ----------------------------------------------- */

/* The complaint's ::redress_temperament, as the desk's classifier sees it. */
int rd_metrics_temperament(int *out, redress_desk *desk, const redress_complaint *c);
/* The key of a temperament group. */
const char *rd_metrics_temperament_key(int temperament);
/* metrics_values.c: the snake_case names of a metric and of a grouping; NULL when out
 * of range. */
const char *rd_metric_name(int metric);
const char *rd_group_by_name(int group_by);

/* ---- metrics_tally.c ----------------------------------------------------- */

void rd_wide_add(rd_wide *sum, uint64_t x);
void rd_wide_merge(rd_wide *sum, rd_wide x);
double rd_wide_value(rd_wide x);
/* Decimal digits of the largest rd_wide, 2^128 - 1. */
#define RD_WIDE_DIGITS 39
/* x in decimal digits, NUL-terminated. */
void rd_wide_decimal(char out[RD_WIDE_DIGITS + 1], rd_wide x);
/* Counts one observation into a group's tally (its samples are pushed apart). */
void rd_metrics_tally_observe(rd_metrics_tally *t, const rd_observation *obs);
/* Adds every count of src into dst. */
void rd_metrics_tally_merge(rd_metrics_tally *dst, const rd_metrics_tally *src);
/*
 * Makes room for more[i] more samples in set i. A shared business set (see
 * rd_samples) with own[i] set first gets its own copy of the plain set's samples;
 * one without takes no room (own NULL: none). Harmless on failure: what it did
 * (spare room, a copy equal to what was shared) changes no value.
 */
int rd_samples_reserve(const redress_allocator *a, rd_samples *sets, const size_t *more,
                       const int *own);
/* Which shared business sets of `sets` must have their own samples to take obs's
 * (sets NULL: a new group's, all shared). */
void rd_samples_own_for_observe(int *own, const rd_samples *sets, const rd_observation *obs);
/* Which shared business sets of dst must have their own samples to take src's
 * (dst NULL: a new group's). */
void rd_samples_own_for_merge(int *own, const rd_samples *dst, const rd_samples *src);
/* How many samples set i holds, shared or not. */
size_t rd_samples_count(const rd_samples *sets, int i);
/* The set that holds set i's samples: itself, or the plain set it shares. */
rd_samples *rd_samples_holder(rd_samples *sets, int i);
/* Whether sets can take the observation's samples without allocating: no shared
 * business set would need its own copy, every other set has room. */
int rd_samples_have_room(const rd_samples *sets, const rd_observation *obs);
/* Appends the observation's samples; room was reserved (own from observe). */
void rd_samples_observe(rd_samples *sets, const rd_observation *obs);
/* Appends src's samples to dst; room was reserved (own from merge). */
void rd_samples_merge(rd_samples *dst, const rd_samples *src);
void rd_mgroup_release(const redress_allocator *a, rd_mgroup *g);

/* ---- metrics_quantile.c -------------------------------------------------- */

/* The mean of a sample set; NaN when empty. */
double rd_samples_mean(const rd_samples *s);
/*
 * The num/den quantile of v[0..n) by linear interpolation between closest ranks
 * (rank h = (n - 1) * num / den, counted from 0). Reorders v; NaN when n is 0.
 */
double rd_quantile(int64_t *v, size_t n, uint64_t num, uint64_t den);

/* ---- metrics_groups.c ---------------------------------------------------- */

/* 1 for the groupings whose groups are keyed by text and appended as keys arrive
 * (category, owner, team, week, month); 0 for none and the enumeration groupings. */
static inline int rd_metrics_keyed(int group_by) {
  return group_by == REDRESS_GROUP_BY_CATEGORY || group_by == REDRESS_GROUP_BY_OWNER ||
         group_by == REDRESS_GROUP_BY_TEAM || group_by == REDRESS_GROUP_BY_WEEK ||
         group_by == REDRESS_GROUP_BY_MONTH;
}
/* metrics_period.c: the key of the week (`2026-W05`, ISO 8601) or month (`2026-02`)
 * holding instant t in UTC, into buf (16 bytes suffice for years up to 9999). */
void rd_metrics_period_key(char *buf, size_t size, int group_by, redress_time t);
/* Sets up the groups of an enumeration grouping (none for NONE and the keyed ones). */
int rd_metrics_groups_init(redress_metrics *m);
void rd_metrics_groups_free(redress_metrics *m);
/* Index of the group with this key, or -1. */
long rd_metrics_group_lookup(const redress_metrics *m, const char *key);
/*
 * Makes sure `extra` more keyed groups can be inserted without allocating
 * (the group array and the index). Harmless on failure.
 */
int rd_metrics_groups_reserve(redress_metrics *m, size_t extra);
/*
 * Prepares a keyed group in the slot after the last one (room was reserved):
 * owned key copy, samples with room for `more` (NULL: none) and business sets
 * of their own where `own` says (see rd_samples_reserve). Invisible until
 * rd_metrics_group_commit(); undone with rd_mgroup_release().
 */
int rd_metrics_group_prepare(redress_metrics *m, size_t slot, const char *key,
                             const size_t *more, const int *own);
/* Makes the prepared group in slot n_groups visible and indexed. */
void rd_metrics_group_commit(redress_metrics *m);

/* ---- metrics_values.c ---------------------------------------------------- */

/* Computes one metric of a group. */
double rd_metrics_compute(redress_metrics *m, rd_mgroup *g, int metric);
/* 1 and the exact value for a whole-number metric (a count, money summed); else 0. */
int rd_metrics_exact(const rd_mgroup *g, int metric, rd_wide *out);

/* ---- metrics.c ----------------------------------------------------------- */

/* The core of redress_metrics_add(), without argument checks. */
int rd_metrics_add(redress_metrics *m, const redress_complaint *c);
/* Creates an empty accumulator like m (same desk, model, grouping, as_of). */
int rd_metrics_twin(redress_metrics **out, const redress_metrics *m);

/* ---- metrics_merge.c ----------------------------------------------------- */

/* Adds everything src counted into m, all or nothing. */
int rd_metrics_merge(redress_metrics *m, const redress_metrics *src);

#endif
