/* The verdict object: its reasons, its getters and the names of its flags. */
#include "classify/classify.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

int rd_verdict_new(redress_verdict **out, const redress_allocator *a) {
  redress_verdict *v = rd_alloc(a, sizeof *v);
  if (v == NULL) return REDRESS_ERR_NOMEM;
  memset(v, 0, offsetof(redress_verdict, inline_reasons)); /* the rest is scratch room */
  v->alloc = *a;
  v->reasons = v->inline_reasons;
  v->cap_reasons = RD_INLINE_REASONS;
  v->strings = v->inline_strings;
  v->cap_strings = RD_INLINE_STRINGS;
  v->temperament = REDRESS_TEMPERAMENT_UNKNOWN;
  v->legitimacy = REDRESS_LEGITIMACY_UNKNOWN;
  v->severity = REDRESS_SEVERITY_NORMAL;
  v->offer = REDRESS_AMOUNT_UNKNOWN;
  v->tally.assessed = REDRESS_LEGITIMACY_UNKNOWN;
  *out = v;
  return REDRESS_OK;
}

void redress_verdict_free(redress_verdict *verdict) {
  if (verdict == NULL) return;
  redress_allocator a = verdict->alloc;
  if (verdict->reasons != verdict->inline_reasons) rd_free(&a, verdict->reasons);
  if (verdict->strings != verdict->inline_strings) rd_free(&a, verdict->strings);
  rd_free(&a, verdict);
}

/* Makes room for `need` items in *items, which may still be the verdict's inline
 * room (never handed to the allocator): the first growth copies it to the heap. */
static int reserve(redress_verdict *v, void **items, const void *inline_room, size_t *cap,
                   size_t need, size_t item_size) {
  if (need <= *cap) return REDRESS_OK;
  if (*items != inline_room) return rd_reserve(&v->alloc, items, cap, need, item_size);
  void *heap = NULL;
  size_t heap_cap = 0;
  int rc = rd_reserve(&v->alloc, &heap, &heap_cap, need > 2 * *cap ? need : 2 * *cap, item_size);
  if (rc != REDRESS_OK) return rc;
  memcpy(heap, *items, *cap * item_size);
  *items = heap;
  *cap = heap_cap;
  return REDRESS_OK;
}

/* Appends s[0..len) and a NUL to the string pool; *at receives its offset. */
static int add_string(redress_verdict *v, const char *s, size_t len, size_t *at) {
  int rc = reserve(v, (void **)&v->strings, v->inline_strings, &v->cap_strings,
                   v->n_strings + len + 1, 1);
  if (rc != REDRESS_OK) return rc;
  *at = v->n_strings;
  if (len > 0) memcpy(v->strings + v->n_strings, s, len);
  v->strings[v->n_strings + len] = '\0';
  v->n_strings += len + 1;
  return REDRESS_OK;
}

static int add_reason(redress_verdict *v, const rd_reason *r, const char *value, size_t value_len) {
  int rc = reserve(v, (void **)&v->reasons, v->inline_reasons, &v->cap_reasons,
                   v->n_reasons + 1, sizeof *v->reasons);
  size_t at = 0;
  if (rc == REDRESS_OK) rc = add_string(v, value, value_len, &at);
  if (rc != REDRESS_OK) return rc;
  v->reasons[v->n_reasons] = *r;
  v->reasons[v->n_reasons].value = at;
  v->n_reasons++;
  return REDRESS_OK;
}

int rd_verdict_add_text(redress_verdict *v, const char *rule, int32_t weight, const char *text,
                        size_t offset, size_t length) {
  rd_reason r = {rule, NULL, weight, (uint32_t)offset, (uint32_t)length, 0};
  return add_reason(v, &r, text + offset, length);
}

int rd_verdict_add_field(redress_verdict *v, const char *rule, const char *field,
                         int32_t weight, const char *fmt, ...) {
  char value[160];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(value, sizeof value, fmt, ap);
  va_end(ap);
  size_t len = n < 0 ? 0 : (size_t)n < sizeof value ? (size_t)n : sizeof value - 1;
  rd_reason r = {rule, field, weight, 0, 0, 0};
  return add_reason(v, &r, value, len);
}

void rd_format_milli(char *buf, size_t size, int64_t milli) {
  const char *sign = milli < 0 ? "-" : "";
  uint64_t m = milli < 0 ? (uint64_t)(-(milli + 1)) + 1u : (uint64_t)milli;
  uint64_t hundredths = (m + 5) / 10;
  (void)snprintf(buf, size, "%s%llu.%02llu", sign, (unsigned long long)(hundredths / 100),
                 (unsigned long long)(hundredths % 100));
}

int64_t rd_add_sat(int64_t a, int64_t b) { return a > INT64_MAX - b ? INT64_MAX : a + b; }

/* ---- getters ------------------------------------------------------------------ */

int redress_verdict_get(redress_verdict_summary *out, const redress_verdict *v) {
  if (out == NULL || v == NULL) return REDRESS_ERR_INVALID;
  if (out->version != 1u && out->version != REDRESS_VERDICT_SUMMARY_VERSION)
    return REDRESS_ERR_VERSION;
  out->temperament = v->temperament;
  out->rational = v->rational;
  out->emotional = v->emotional;
  out->legitimacy = v->legitimacy;
  out->confidence = v->confidence;
  out->risks = v->risks;
  out->playbook = v->playbook;
  out->severity = v->severity;
  out->offer = v->offer;
  out->reason_count = v->n_reasons;
  /* A version-1 caller's struct ends before `formality`. */
  if (out->version >= 2u) out->formality = v->formality;
  return REDRESS_OK;
}

int redress_verdict_reason(redress_reason *out, const redress_verdict *v, size_t i) {
  if (out == NULL || v == NULL) return REDRESS_ERR_INVALID;
  if (out->version != REDRESS_REASON_VERSION) return REDRESS_ERR_VERSION;
  if (i >= v->n_reasons) return REDRESS_ERR_NOTFOUND;
  const rd_reason *r = &v->reasons[i];
  out->rule = r->rule;
  out->weight = (double)r->weight / RD_POINT;
  out->has_span = r->field == NULL;
  out->offset = r->field == NULL ? r->offset : 0;
  out->length = r->field == NULL ? r->length : 0;
  out->field = r->field;
  out->value = v->strings + r->value;
  return REDRESS_OK;
}

/* ---- names -------------------------------------------------------------------- */

static const char *const formality_names[REDRESS_FORMALITY_COUNT] = {"unknown", "formal",
                                                                     "informal"};

const char *rd_formality_name(int formality) {
  return formality >= 0 && formality < REDRESS_FORMALITY_COUNT ? formality_names[formality] : NULL;
}

static const char *const temperament_names[REDRESS_TEMPERAMENT_COUNT] = {
  "unknown", "rational", "emotional", "mixed"};
static const char *const risk_names[REDRESS_RISK_COUNT] = {
  "media", "social", "regulator", "legal", "churn", "abuse", "repeat", "manager"};
static const char *const playbook_names[REDRESS_PLAYBOOK_COUNT] = {
  "empathize", "apologize", "explain_cause", "give_facts", "offer_remedy", "give_deadline",
  "move_to_phone", "escalate", "follow_up", "decline_politely", "refund_and_part"};

const char *rd_temperament_name(int temperament) {
  if (temperament < 0 || temperament >= REDRESS_TEMPERAMENT_COUNT) return NULL;
  return temperament_names[temperament];
}

/* The index of the only bit set in flag, or -1. */
static int single_bit(uint32_t flag, int count) {
  if (flag == 0 || (flag & (flag - 1)) != 0) return -1;
  for (int i = 0; i < count; i++)
    if (flag == (1u << i)) return i;
  return -1;
}

const char *rd_risk_name(uint32_t risk) {
  int i = single_bit(risk, REDRESS_RISK_COUNT);
  return i < 0 ? NULL : risk_names[i];
}

const char *rd_playbook_name(uint32_t action) {
  int i = single_bit(action, REDRESS_PLAYBOOK_COUNT);
  return i < 0 ? NULL : playbook_names[i];
}

/* ---- ordering ------------------------------------------------------------------ */

static int text_reason_before(const rd_reason *a, const rd_reason *b) {
  if (a->offset != b->offset) return a->offset < b->offset;
  return a->length > b->length;
}

void rd_verdict_sort_text(redress_verdict *v, size_t n_text) {
  /* Insertion sort: stable (ties keep the order they were found in) and fast on
   * the nearly sorted lists the two text passes produce. */
  for (size_t i = 1; i < n_text; i++) {
    rd_reason r = v->reasons[i];
    size_t j = i;
    while (j > 0 && text_reason_before(&r, &v->reasons[j - 1])) {
      v->reasons[j] = v->reasons[j - 1];
      j--;
    }
    v->reasons[j] = r;
  }
}

int rd_risk_index(uint32_t risk) {
  for (int i = 0; i < REDRESS_RISK_COUNT; i++)
    if (risk == (1u << i)) return i;
  return -1;
}
