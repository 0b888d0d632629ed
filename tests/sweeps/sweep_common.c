/* What the sweeps share (sweep_common.h). */
#include "sweep_common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

char *sw_copy_text(const char *s) {
  size_t n = strlen(s);
  char *copy = malloc(n + 1);
  assert_non_null(copy);
  memcpy(copy, s, n + 1);
  return copy;
}

char *sw_complaint_json(const redress_complaint *c) {
  char *doc = NULL;
  assert_int_equal(redress_complaint_to_json(&doc, NULL, c), REDRESS_OK);
  char *copy = sw_copy_text(doc);
  redress_free(doc);
  return copy;
}

static int by_text(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

char *sw_join_sorted(char **lines, size_t n) {
  qsort(lines, n, sizeof lines[0], by_text);
  size_t len = 1;
  for (size_t i = 0; i < n; i++) len += strlen(lines[i]) + 1;
  char *all = malloc(len);
  assert_non_null(all);
  all[0] = '\0';
  for (size_t i = 0; i < n; i++) {
    strcat(all, lines[i]);
    strcat(all, "\n");
    free(lines[i]);
  }
  return all;
}

char *sw_metrics_snapshot(redress_metrics *m) {
  size_t groups = redress_metrics_group_count(m);
  size_t cap = (groups + 1) * (REDRESS_METRIC_COUNT * 40 + 64) + 1;
  char *out = malloc(cap);
  assert_non_null(out);
  size_t len = 0;
  for (int g = REDRESS_METRICS_TOTAL; g < (int)groups; g++) {
    const char *key = redress_metrics_group_key(m, g);
    len += (size_t)snprintf(out + len, cap - len, "[%.40s]", key != NULL ? key : "total");
    for (int k = 0; k < REDRESS_METRIC_COUNT; k++) {
      double v = 0;
      assert_int_equal(redress_metrics_value(&v, m, g, k), REDRESS_OK);
      len += (size_t)snprintf(out + len, cap - len, "%.17g,", v);
    }
  }
  return out;
}

redress_complaint *sw_complaint(redress_desk *desk, const char *id, const char *customer,
                                const char *category, const char *text, redress_time received) {
  redress_complaint_fields in = th_full_init(id);
  in.customer_id = customer;
  in.category = category;
  in.text = text;
  in.received_at = received;
  redress_complaint *c = NULL;
  assert_int_equal(redress_complaint_create(&c, desk, &in), REDRESS_OK);
  return c;
}

void sw_save_decided(redress_desk *desk, const char *id, const char *customer,
                     const char *category, const char *text, redress_time received) {
  redress_complaint *c = sw_complaint(desk, id, customer, category, text, received);
  assert_int_equal(redress_complaint_resolve_on_the_spot(c, received + 600, "ann", NULL,
                                                         REDRESS_DECISION_UPHELD, "refund", 4990),
                   REDRESS_OK);
  assert_int_equal(redress_desk_save(desk, c), REDRESS_OK);
  redress_complaint_free(c);
}
