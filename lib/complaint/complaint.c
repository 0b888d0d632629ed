/* The complaint object: creation, copying, freeing and the fields it was created with. */
#include "complaint/complaint.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* ---- redress_complaint_fields_init(): the 1.1 layout, and the 1.0 one for older programs */

/* The fields as the 1.0 header declared them (version 1: up to prior_compensation). */
typedef struct rd_complaint_fields_v1 {
  unsigned version;
  const char *id, *customer_id, *customer_tier;
  int64_t customer_value;
  int channel;
  const char *category;
  int severity;
  const char *text;
  redress_time received_at;
  int64_t order_value, claimed_amount;
  const char *requested_remedy;
  int64_t expectation, bottom_line;
  uint32_t prior_complaints;
  int64_t prior_compensation;
} rd_complaint_fields_v1;

typedef char rd_fields_v1_is_a_prefix
    [offsetof(redress_complaint_fields, product) == sizeof(rd_complaint_fields_v1) ? 1 : -1];

RD_SYMVER_IMPL redress_complaint_fields rd_complaint_fields_init_1_1(void);
RD_SYMVER_IMPL rd_complaint_fields_v1 rd_complaint_fields_init_1_0(void);

redress_complaint_fields rd_complaint_fields_init_1_1(void) {
  redress_complaint_fields init = REDRESS_COMPLAINT_FIELDS_INIT;
  return init;
}
RD_SYMVER_DEFAULT(rd_complaint_fields_init_1_1, redress_complaint_fields_init, "REDRESS_1.1");
#if !RD_HAVE_SYMVER
redress_complaint_fields redress_complaint_fields_init(void) {
  return rd_complaint_fields_init_1_1();
}
#endif

/* The 1.0 defaults, in the 1.0 layout: the members a 1.0 program has room for. */
rd_complaint_fields_v1 rd_complaint_fields_init_1_0(void) {
  redress_complaint_fields now = REDRESS_COMPLAINT_FIELDS_INIT;
  rd_complaint_fields_v1 old;
  memcpy(&old, &now, sizeof old);
  old.version = 1;
  return old;
}
RD_SYMVER_OLD(rd_complaint_fields_init_1_0, redress_complaint_fields_init, "REDRESS_1.0");

/* The members a version-2 struct added, NULL (absent) for an older caller's struct:
 * it is smaller, so they are never read from it. */
static const char *fields_product(const redress_complaint_fields *in) {
  return in->version >= 2 ? in->product : NULL;
}
static const char *fields_cause(const redress_complaint_fields *in) {
  return in->version >= 2 ? in->cause : NULL;
}

static int check_enums(redress_desk *desk, const redress_complaint_fields *in) {
  if (in->channel < 0 || in->channel >= REDRESS_CHANNEL_COUNT)
    return rd_fail(desk, REDRESS_ERR_INVALID, "channel %d is not a redress_channel", in->channel);
  if (in->severity < 0 || in->severity >= REDRESS_SEVERITY_COUNT)
    return rd_fail(desk, REDRESS_ERR_INVALID, "severity %d is not a redress_severity",
                   in->severity);
  return REDRESS_OK;
}

static int check_init(redress_desk *desk, const redress_complaint_fields *in) {
  if (in->version < 1 || in->version > REDRESS_COMPLAINT_FIELDS_VERSION)
    return rd_fail(desk, REDRESS_ERR_VERSION, "complaint init version %u is not 1..%u",
                   in->version, REDRESS_COMPLAINT_FIELDS_VERSION);
  int rc = rd_check_name(desk, "id", in->id, REDRESS_MAX_ID_BYTES, false);
  if (rc == REDRESS_OK && in->id != NULL && in->id[0] == '\0')
    rc = rd_fail(desk, REDRESS_ERR_INVALID, "id is empty (pass NULL to generate one)");
  if (rc == REDRESS_OK)
    rc = rd_check_name(desk, "customer_id", in->customer_id, REDRESS_MAX_ID_BYTES, true);
  if (rc == REDRESS_OK)
    rc = rd_check_name(desk, "customer_tier", in->customer_tier, REDRESS_MAX_NAME_BYTES, false);
  if (rc == REDRESS_OK)
    rc = rd_check_name(desk, "category", in->category, REDRESS_MAX_NAME_BYTES, false);
  if (rc == REDRESS_OK)
    rc = rd_check_name(desk, "product", fields_product(in), REDRESS_MAX_NAME_BYTES, false);
  if (rc == REDRESS_OK)
    rc = rd_check_name(desk, "cause", fields_cause(in), REDRESS_MAX_NAME_BYTES, false);
  if (rc == REDRESS_OK) rc = rd_check_string(desk, "text", in->text, REDRESS_MAX_TEXT_BYTES, false);
  if (rc == REDRESS_OK)
    rc = rd_check_string(desk, "requested_remedy", in->requested_remedy,
                         REDRESS_MAX_NOTE_BYTES, false);
  if (rc == REDRESS_OK) rc = check_enums(desk, in);
  if (rc == REDRESS_OK) rc = rd_check_time(desk, "received_at", in->received_at);
  if (rc == REDRESS_OK) rc = rd_check_amount(desk, "customer_value", in->customer_value);
  if (rc == REDRESS_OK) rc = rd_check_amount(desk, "order_value", in->order_value);
  if (rc == REDRESS_OK) rc = rd_check_amount(desk, "claimed_amount", in->claimed_amount);
  if (rc == REDRESS_OK) rc = rd_check_amount(desk, "expectation", in->expectation);
  if (rc == REDRESS_OK) rc = rd_check_amount(desk, "bottom_line", in->bottom_line);
  if (rc == REDRESS_OK && in->prior_compensation < 0)
    rc = rd_fail(desk, REDRESS_ERR_INVALID, "prior_compensation is negative");
  return rc;
}

/*
 * A generated id sorts by time: 11 hex digits of received_at, then the desk's
 * counter, then part of its nonce so that two desks never collide.
 */
static void generate_id(redress_desk *desk, redress_time received_at, char *buf, size_t size) {
  uint64_t count = ++rd_complaint_ctx_of(desk)->id_counter;
  (void)snprintf(buf, size, "c%011llx-%08llx-%08llx", (unsigned long long)received_at,
                 (unsigned long long)(count & 0xFFFFFFFFull),
                 (unsigned long long)(rd_complaint_ctx_of(desk)->id_nonce & 0xFFFFFFFFull));
}

static char *dup_or_null(const redress_allocator *a, const char *s, int *failed) {
  if (s == NULL) return NULL;
  char *copy = rd_memdup(a, s, strlen(s));
  if (copy == NULL) *failed = 1;
  return copy;
}

/* An optional string given as "" is no value: kept as NULL, so that the getters'
 * "NULL if none" holds and the complaint reads back from its JSON unchanged. */
static char *dup_optional(const redress_allocator *a, const char *s, int *failed) {
  return s != NULL && s[0] != '\0' ? dup_or_null(a, s, failed) : NULL;
}

static void copy_numbers(redress_complaint *c, const redress_complaint_fields *in) {
  c->customer_value = in->customer_value;
  c->order_value = in->order_value;
  c->claimed_amount = in->claimed_amount;
  c->expectation = in->expectation;
  c->bottom_line = in->bottom_line;
  c->prior_compensation = in->prior_compensation;
  c->prior_complaints = in->prior_complaints;
  c->channel = in->channel;
  c->initial_severity = in->severity;
  c->severity = in->severity;
  c->received_at = in->received_at;
  c->state = REDRESS_STATE_RECEIVED;
  c->compensation = REDRESS_AMOUNT_UNKNOWN;
}

static int copy_strings(redress_complaint *c, const redress_complaint_fields *in, const char *id) {
  const redress_allocator *a = rd_desk_alloc(c->desk);
  int failed = 0;
  c->id = dup_or_null(a, id, &failed);
  c->customer_id = dup_or_null(a, in->customer_id, &failed);
  c->customer_tier = dup_optional(a, in->customer_tier, &failed);
  c->category = dup_optional(a, in->category, &failed);
  c->text = dup_or_null(a, in->text != NULL ? in->text : "", &failed);
  c->requested_remedy = dup_optional(a, in->requested_remedy, &failed);
  c->product = dup_optional(a, fields_product(in), &failed);
  c->cause = dup_optional(a, fields_cause(in), &failed);
  return failed ? REDRESS_ERR_NOMEM : REDRESS_OK;
}

int rd_complaint_alloc(redress_complaint **out, redress_desk *desk,
                       const redress_complaint_fields *init) {
  int rc = check_init(desk, init);
  if (rc != REDRESS_OK) return rc;
  char generated[48];
  const char *id = init->id;
  if (id == NULL) {
    generate_id(desk, init->received_at, generated, sizeof generated);
    id = generated;
  }
  redress_complaint *c = rd_alloc(rd_desk_alloc(desk), sizeof *c);
  if (c == NULL) return rd_fail(desk, REDRESS_ERR_NOMEM, "out of memory");
  memset(c, 0, sizeof *c);
  c->desk = desk;
  copy_numbers(c, init);
  if (copy_strings(c, init, id) != REDRESS_OK) {
    redress_complaint_free(c);
    return rd_fail(desk, REDRESS_ERR_NOMEM, "out of memory");
  }
  *out = c;
  return REDRESS_OK;
}

/* The create event records no more than the complaint's fields say: the customer
 * complained when it was received. */
int rd_complaint_begin(redress_complaint *c) {
  redress_event *ev = NULL;
  int rc = rd_event_new(&ev, c->desk, REDRESS_EVENT_CREATE, c->received_at, c->customer_id, NULL);
  return rc == REDRESS_OK ? rd_complaint_append(c, ev) : rc;
}

int redress_complaint_create(redress_complaint **out, redress_desk *desk,
                             const redress_complaint_fields *init) {
  if (desk == NULL) return REDRESS_ERR_INVALID;
  if (out == NULL || init == NULL)
    return rd_fail(desk, REDRESS_ERR_INVALID, "complaint_create: out and init are required");
  rd_ok(desk);
  redress_complaint *c = NULL;
  int rc = rd_complaint_alloc(&c, desk, init);
  if (rc != REDRESS_OK) return rc;
  rc = rd_complaint_begin(c);
  if (rc != REDRESS_OK) {
    redress_complaint_free(c);
    return rc;
  }
  *out = c;
  return REDRESS_OK;
}

void redress_complaint_free(redress_complaint *complaint) {
  if (complaint == NULL) return;
  const redress_allocator *a = rd_desk_alloc(complaint->desk);
  for (size_t i = 0; i < complaint->n_events; i++) rd_event_free(a, complaint->events[i]);
  rd_free(a, complaint->events);
  for (size_t i = 0; i < complaint->n_attrs; i++) {
    rd_free(a, complaint->attrs[i].key);
    rd_free(a, complaint->attrs[i].value);
  }
  rd_free(a, complaint->attrs);
  rd_free(a, complaint->alarms);
  rd_complaint_free_pins(complaint);
  rd_free(a, complaint->id);
  rd_free(a, complaint->customer_id);
  rd_free(a, complaint->customer_tier);
  rd_free(a, complaint->category);
  rd_free(a, complaint->text);
  rd_free(a, complaint->requested_remedy);
  rd_free(a, complaint->product);
  rd_free(a, complaint->cause);
  rd_free(a, complaint);
}

/* The copy replays the same events, so its derived state is computed, not copied. */
static int clone_history(redress_complaint *copy, const redress_complaint *c) {
  for (size_t i = 0; i < c->n_events; i++) {
    redress_event *ev = NULL;
    if (rd_event_copy(&ev, rd_desk_alloc(c->desk), c->events[i]) != REDRESS_OK)
      return REDRESS_ERR_NOMEM;
    int rc = rd_complaint_append(copy, ev);
    if (rc != REDRESS_OK) return rc;
  }
  return REDRESS_OK;
}

static int clone_attrs(redress_complaint *copy, const redress_complaint *c) {
  for (size_t i = 0; i < c->n_attrs; i++) {
    int rc = redress_complaint_set_attr(copy, c->attrs[i].key, c->attrs[i].value);
    if (rc != REDRESS_OK) return rc;
  }
  return REDRESS_OK;
}

static int clone_alarms(redress_complaint *copy, const redress_complaint *c) {
  for (size_t i = 0; i < c->n_alarms; i++) {
    const rd_alarm *a = &c->alarms[i];
    int rc = rd_complaint_add_alarm(copy, a->kind, a->anchor, a->level, a->at);
    if (rc != REDRESS_OK) return rc;
  }
  return REDRESS_OK;
}

/* The copy keeps the original's pins, not the choices the desk would make today. */
static int clone_pins(redress_complaint *copy, const redress_complaint *c) {
  rd_complaint_free_pins(copy);
  for (size_t i = 0; i < c->n_pins; i++) {
    int rc = rd_complaint_add_pin(copy, &c->pins[i]);
    if (rc != REDRESS_OK) return rc;
  }
  return REDRESS_OK;
}

int redress_complaint_clone(redress_complaint **out, const redress_complaint *complaint) {
  if (complaint == NULL) return REDRESS_ERR_INVALID;
  if (out == NULL)
    return rd_fail(complaint->desk, REDRESS_ERR_INVALID, "complaint_clone: out is required");
  rd_ok(complaint->desk);
  redress_complaint_fields init = REDRESS_COMPLAINT_FIELDS_INIT;
  init.id = complaint->id;
  init.customer_id = complaint->customer_id;
  init.customer_tier = complaint->customer_tier;
  init.customer_value = complaint->customer_value;
  init.channel = complaint->channel;
  init.category = complaint->category;
  init.severity = complaint->initial_severity;
  init.text = complaint->text;
  init.received_at = complaint->received_at;
  init.order_value = complaint->order_value;
  init.claimed_amount = complaint->claimed_amount;
  init.requested_remedy = complaint->requested_remedy;
  init.expectation = complaint->expectation;
  init.bottom_line = complaint->bottom_line;
  init.prior_complaints = complaint->prior_complaints;
  init.prior_compensation = complaint->prior_compensation;
  init.product = complaint->product;
  init.cause = complaint->cause;
  redress_complaint *copy = NULL;
  int rc = rd_complaint_alloc(&copy, complaint->desk, &init);
  if (rc != REDRESS_OK) return rc;
  copy->decoding = 1; /* the pins are the original's (clone_pins) */
  rc = clone_history(copy, complaint);
  copy->decoding = 0;
  if (rc == REDRESS_OK) rc = clone_attrs(copy, complaint);
  if (rc == REDRESS_OK) rc = clone_alarms(copy, complaint);
  if (rc == REDRESS_OK) rc = clone_pins(copy, complaint);
  if (rc != REDRESS_OK) {
    redress_complaint_free(copy);
    return rd_fail(complaint->desk, rc, "out of memory");
  }
  copy->revision = complaint->revision;
  copy->saved_events = complaint->saved_events;
  copy->saved_alarms = complaint->saved_alarms;
  *out = copy;
  return REDRESS_OK;
}
