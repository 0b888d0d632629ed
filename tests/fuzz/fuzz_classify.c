/* libFuzzer target: the classifier on arbitrary bytes, as text and as a complaint.
 * Checks that every text reason lies inside the text and names its bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "redress.h"
#include "../support/read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static redress_desk *desk_once(void) {
  static redress_desk *desk; /* one desk per process keeps the matcher built once */
  if (desk == NULL && redress_desk_open(&desk, NULL) != REDRESS_OK) abort();
  return desk;
}

static void check(const redress_verdict *v, const char *text, size_t len) {
  for (size_t i = 0; i < th_summary(v).reason_count; i++) {
    redress_reason r = th_reason(v, i);
    if (!r.has_span) continue;
    size_t off = r.offset, n = r.length;
    if (off > len || n > len - off || strlen(r.value) != n || memcmp(text + off, r.value, n) != 0)
      abort();
  }
  double e = th_summary(v).emotional, r = th_summary(v).rational;
  if (!(e >= 0.0 && e <= 1.0 && r >= 0.0 && r <= 1.0)) abort();
}

static void as_complaint(redress_desk *desk, const char *text) {
  redress_complaint_fields in = REDRESS_COMPLAINT_FIELDS_INIT;
  in.customer_id = "fuzz";
  in.text = text;
  in.received_at = 1800000000;
  in.order_value = 1000;
  in.claimed_amount = (int64_t)strlen(text) * 100;
  redress_complaint *c = NULL;
  if (redress_complaint_create(&c, desk, &in) != REDRESS_OK) return;
  redress_verdict *v = NULL;
  if (redress_classify(&v, desk, c) == REDRESS_OK) check(v, text, strlen(text));
  redress_verdict_free(v);
  redress_complaint_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  redress_desk *desk = desk_once();
  const char *text = (const char *)data;
  redress_verdict *v = NULL;
  if (redress_classify_text(&v, desk, text, size) == REDRESS_OK) {
    check(v, text, size);
    redress_verdict_free(v);
    char *copy = malloc(size + 1);
    if (copy == NULL) return 0;
    memcpy(copy, data, size);
    copy[size] = '\0';
    as_complaint(desk, copy);
    free(copy);
  }
  return 0;
}
