/* What the allocation-failure and store-fault sweeps share: text snapshots of what a
 * failed call must leave unchanged, and the complaints their scenarios start from. */
#ifndef REDRESS_TEST_SWEEP_COMMON_H
#define REDRESS_TEST_SWEEP_COMMON_H

#include <stddef.h>

#include "redress.h"

/* A malloc'd copy of s. */
char *sw_copy_text(const char *s);
/* The complaint's canonical JSON, malloc'd (free()). */
char *sw_complaint_json(const redress_complaint *c);
/* Sorts the n malloc'd lines, frees them, and returns them joined, each ending in '\n'. */
char *sw_join_sorted(char **lines, size_t n);
/* Every value of every group of m, bit for bit (NaN prints as nan), malloc'd. */
char *sw_metrics_snapshot(redress_metrics *m);

/* A complaint with every field set (th_full_init) and these ones. */
redress_complaint *sw_complaint(redress_desk *desk, const char *id, const char *customer,
                                const char *category, const char *text, redress_time received);
/* A complaint resolved on the spot with compensation, saved: history for the classifier
 * and a precedent. */
void sw_save_decided(redress_desk *desk, const char *id, const char *customer,
                     const char *category, const char *text, redress_time received);

#endif
