/*
 * Canonical JSON encoder of complaints (the format is docs/format.md).
 *
 * Canonical means: members in one fixed order, no whitespace, absent optional
 * members omitted, so that the same complaint always gives the same bytes (stores
 * may compare or hash documents).
 *
 * The document is produced in two passes over the same emitter: the first only
 * measures, the second writes into one allocation of the exact size. A single
 * allocation keeps the out-of-memory path trivial and never regrows a buffer, and
 * the measuring pass lets us refuse a document the decoder would not read back.
 */
#include "complaint/complaint.h"

#include <stdio.h>
#include <string.h>

/* Where the emitter writes: buf == NULL while measuring. */
typedef struct rd_sink {
  char *buf;
  size_t len;
  int overflow;    /* the size no longer fits in size_t */
  const char *bad; /* member whose enumeration value has no name (corrupt object) */
} rd_sink;

static void put(rd_sink *s, const char *p, size_t n) {
  if (s->overflow) return;
  if (n > SIZE_MAX - s->len) {
    s->overflow = 1;
    return;
  }
  if (s->buf != NULL) memcpy(s->buf + s->len, p, n);
  s->len += n;
}

static void put_lit(rd_sink *s, const char *lit) { put(s, lit, strlen(lit)); }

/* The escape of one byte that may not appear raw inside a JSON string. */
static void put_escape(rd_sink *s, unsigned char b) {
  static const char hex[] = "0123456789abcdef";
  char u[6] = {'\\', 'u', '0', '0', hex[b >> 4], hex[b & 15]};
  switch (b) {
  case '"': put(s, "\\\"", 2); break;
  case '\\': put(s, "\\\\", 2); break;
  case '\n': put(s, "\\n", 2); break;
  case '\t': put(s, "\\t", 2); break;
  case '\r': put(s, "\\r", 2); break;
  case '\b': put(s, "\\b", 2); break;
  case '\f': put(s, "\\f", 2); break;
  default: put(s, u, sizeof u); break;
  }
}

/* Text in a complaint is valid UTF-8 already, so only the bytes JSON forbids raw
 * are escaped and everything else is copied in runs. */
static void put_string(rd_sink *s, const char *str) {
  const unsigned char *p = (const unsigned char *)str;
  const unsigned char *run = p;
  put(s, "\"", 1);
  for (; *p != '\0'; p++) {
    if (*p >= 0x20 && *p != '"' && *p != '\\') continue;
    put(s, (const char *)run, (size_t)(p - run));
    put_escape(s, *p);
    run = p + 1;
  }
  put(s, (const char *)run, (size_t)(p - run));
  put(s, "\"", 1);
}

static void put_int(rd_sink *s, int64_t v) {
  char tmp[24];
  size_t i = sizeof tmp;
  /* The magnitude as unsigned, so that INT64_MIN does not overflow. */
  uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  do {
    tmp[--i] = (char)('0' + (int)(m % 10));
    m /= 10;
  } while (m != 0);
  if (v < 0) tmp[--i] = '-';
  put(s, tmp + i, sizeof tmp - i);
}

/* ,"name": -- every member but the first ("v") is preceded by a comma. */
static void put_key(rd_sink *s, const char *name) {
  put(s, ",\"", 2);
  put_lit(s, name);
  put(s, "\":", 2);
}

static void member_string(rd_sink *s, const char *name, const char *value) {
  if (value == NULL) return;
  put_key(s, name);
  put_string(s, value);
}

static void member_int(rd_sink *s, const char *name, int64_t value) {
  put_key(s, name);
  put_int(s, value);
}

static void member_amount(rd_sink *s, const char *name, int64_t value) {
  if (value != REDRESS_AMOUNT_UNKNOWN) member_int(s, name, value);
}

/* A name for an enumeration value; NULL (a corrupt object) is remembered. */
static void member_name(rd_sink *s, const char *name, const char *text) {
  if (text == NULL) {
    if (s->bad == NULL) s->bad = name;
    text = "";
  }
  member_string(s, name, text);
}

static void member_enum(rd_sink *s, const char *name, int enumeration, int64_t value) {
  const char *text = NULL;
  if (value >= 0 && value <= INT32_MAX) text = rd_enum_name(enumeration, (int)value);
  member_name(s, name, text);
}

/* Event members after seq, kind, at, actor and note, in slot order (complaint.h).
 * enumeration < 0: a plain number or text, by the slot's type. */
typedef struct rd_field_member {
  const char *name;
  int enumeration;
} rd_field_member;

static const rd_field_member field_members[RD_SLOT_COUNT] = {
    [REDRESS_FIELD_DECISION] = {"decision", REDRESS_ENUM_DECISION},
    [REDRESS_FIELD_COMPENSATION] = {"compensation", -1},
    [REDRESS_FIELD_SATISFACTION] = {"satisfaction", -1},
    [REDRESS_FIELD_LEGITIMACY] = {"legitimacy", REDRESS_ENUM_LEGITIMACY},
    [REDRESS_FIELD_SEVERITY] = {"severity", REDRESS_ENUM_SEVERITY},
    [REDRESS_FIELD_VISIBLE] = {"visible", -1},
    [REDRESS_FIELD_DUE] = {"due", -1},
    [REDRESS_FIELD_POINT] = {"point", -1},
    [REDRESS_FIELD_DEMAND] = {"demand", -1},
    [REDRESS_FIELD_REMEDY] = {"remedy", -1},
    [REDRESS_FIELD_TO] = {"to", -1},
    [RD_SLOT_OWNER] = {"owner", -1},
    [RD_SLOT_TEAM] = {"team", -1},
    [RD_SLOT_CHANNEL] = {"channel", REDRESS_ENUM_CHANNEL},
};

/* "visible" is part of every event, but only a note's can differ from what its kind
 * implies, so it is written for notes only (the decoder derives the others). */
static void put_field(rd_sink *s, const redress_event *ev, int slot) {
  const rd_field_member *m = &field_members[slot];
  if (slot == REDRESS_FIELD_VISIBLE) {
    if (ev->kind != REDRESS_EVENT_NOTE) return;
    put_key(s, m->name);
    put_lit(s, ev->visible ? "true" : "false");
    return;
  }
  if (!rd_event_has(ev, slot)) return;
  if (rd_slot_is_text(slot))
    member_string(s, m->name, rd_event_text(ev, slot));
  else if (m->enumeration >= 0)
    member_enum(s, m->name, m->enumeration, rd_event_num(ev, slot));
  else
    member_int(s, m->name, rd_event_num(ev, slot));
}

static void put_event(rd_sink *s, const redress_event *ev) {
  put(s, "{\"seq\":", 7);
  put_int(s, ev->seq);
  member_enum(s, "kind", REDRESS_ENUM_EVENT_KIND, ev->kind);
  member_int(s, "at", ev->at);
  member_string(s, "actor", ev->actor);
  member_string(s, "note", ev->note);
  for (int slot = 0; slot < RD_SLOT_COUNT; slot++) put_field(s, ev, slot);
  put(s, "}", 1);
}

static void put_attrs(rd_sink *s, const redress_complaint *c) {
  put_key(s, "attrs");
  put(s, "{", 1);
  for (size_t i = 0; i < c->n_attrs; i++) {
    if (i > 0) put(s, ",", 1);
    put_string(s, c->attrs[i].key);
    put(s, ":", 1);
    put_string(s, c->attrs[i].value);
  }
  put(s, "}", 1);
}

static void put_events(rd_sink *s, const redress_complaint *c) {
  put_key(s, "events");
  put(s, "[", 1);
  for (size_t i = 0; i < c->n_events; i++) {
    if (i > 0) put(s, ",", 1);
    put_event(s, c->events[i]);
  }
  put(s, "]", 1);
}

/* The alarms already notified, so that no desk reports them again after a reload.
 * Omitted when there are none, which is most complaints. */
static void put_alarms(rd_sink *s, const redress_complaint *c) {
  if (c->n_alarms == 0) return;
  put_key(s, "alarms");
  put(s, "[", 1);
  for (size_t i = 0; i < c->n_alarms; i++) {
    const rd_alarm *al = &c->alarms[i];
    const char *kind = rd_enum_name(REDRESS_ENUM_DEADLINE_KIND, al->kind);
    if (i > 0) put(s, ",", 1);
    put_lit(s, "{\"kind\":");
    put_string(s, kind != NULL ? kind : "");
    if (kind == NULL && s->bad == NULL) s->bad = "alarm kind";
    member_int(s, "anchor", al->anchor);
    member_name(s, "level", rd_enum_name(REDRESS_ENUM_ALARM_LEVEL, al->level));
    member_int(s, "at", al->at);
    put(s, "}", 1);
  }
  put(s, "]", 1);
}

/* The policy versions the events chose (pins.c). Omitted when none is recorded, as in
 * documents written before policies had versions. */
static void put_pins(rd_sink *s, const redress_complaint *c) {
  if (c->n_pins == 0) return;
  put_key(s, "policies");
  put(s, "[", 1);
  for (size_t i = 0; i < c->n_pins; i++) {
    const rd_pin *pin = &c->pins[i];
    char hex[17];
    snprintf(hex, sizeof hex, "%016llx", (unsigned long long)pin->fingerprint);
    if (i > 0) put(s, ",", 1);
    put_lit(s, "{\"seq\":");
    put_int(s, pin->seq);
    member_string(s, "name", pin->name);
    member_int(s, "version", pin->version);
    member_string(s, "calendar", pin->calendar);
    member_string(s, "fingerprint", hex);
    put(s, "}", 1);
  }
  put(s, "]", 1);
}

/* The top-level "severity" is the one the complaint was created with: the current
 * one follows from replaying the set_severity events. */
static void put_complaint(rd_sink *s, const redress_complaint *c) {
  put_lit(s, "{\"v\":1");
  member_string(s, "id", c->id);
  member_string(s, "customer_id", c->customer_id);
  member_string(s, "customer_tier", c->customer_tier);
  member_amount(s, "customer_value", c->customer_value);
  member_enum(s, "channel", REDRESS_ENUM_CHANNEL, c->channel);
  member_string(s, "category", c->category);
  member_string(s, "product", c->product);
  member_string(s, "cause", c->cause);
  member_enum(s, "severity", REDRESS_ENUM_SEVERITY, c->initial_severity);
  member_string(s, "text", c->text != NULL ? c->text : "");
  member_int(s, "received_at", c->received_at);
  member_amount(s, "order_value", c->order_value);
  member_amount(s, "claimed_amount", c->claimed_amount);
  member_string(s, "requested_remedy", c->requested_remedy);
  member_amount(s, "expectation", c->expectation);
  member_amount(s, "bottom_line", c->bottom_line);
  member_int(s, "prior_complaints", c->prior_complaints);
  member_int(s, "prior_compensation", c->prior_compensation);
  member_enum(s, "state", REDRESS_ENUM_STATE, c->state);
  put_attrs(s, c);
  put_events(s, c);
  put_pins(s, c);
  put_alarms(s, c);
  put(s, "}", 1);
}

int rd_json_encode(char **out, size_t *out_len, const redress_complaint *c) {
  redress_desk *desk = c->desk;
  rd_sink s = {NULL, 0, 0, NULL};
  put_complaint(&s, c);
  if (s.bad != NULL)
    return rd_fail(desk, REDRESS_ERR_INVALID, "json: the complaint's %s has no name", s.bad);
  /* A document the decoder would refuse must not reach a store: it could never be
   * loaded again. */
  if (s.overflow || s.len > REDRESS_MAX_JSON_BYTES)
    return rd_fail(desk, REDRESS_ERR_RANGE, "json: the document would exceed %u bytes",
                   REDRESS_MAX_JSON_BYTES);
  size_t size = s.len;
  char *buf = rd_alloc(rd_desk_alloc(desk), size + 1);
  if (buf == NULL) return rd_fail(desk, REDRESS_ERR_NOMEM, "json: out of memory");
  s.buf = buf;
  s.len = 0;
  put_complaint(&s, c);
  buf[size] = '\0';
  *out = buf;
  if (out_len != NULL) *out_len = size;
  return REDRESS_OK;
}

int redress_complaint_to_json(char **out, size_t *out_len, const redress_complaint *complaint) {
  if (complaint == NULL) return REDRESS_ERR_INVALID;
  redress_desk *desk = complaint->desk;
  if (out == NULL) return rd_fail(desk, REDRESS_ERR_INVALID, "complaint_to_json: out is required");
  char *doc = NULL;
  size_t len = 0;
  int rc = rd_json_encode(&doc, &len, complaint);
  if (rc != REDRESS_OK) return rc;
  /* Copied into a block that remembers its allocator: the host frees it with
   * redress_free() alone. */
  char *block = rd_block_new(rd_desk_alloc(desk), len + 1);
  if (block != NULL) memcpy(block, doc, len + 1);
  rd_free(rd_desk_alloc(desk), doc);
  if (block == NULL) return rd_fail(desk, REDRESS_ERR_NOMEM, "complaint_to_json: out of memory");
  *out = block;
  if (out_len != NULL) *out_len = len;
  rd_ok(desk);
  return REDRESS_OK;
}
