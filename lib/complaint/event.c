/* History events: construction, field access, copying. */
#include "complaint/complaint.h"

#include <string.h>

static int is_number_field(int field) { return field >= 0 && field < RD_NUM_FIELDS; }

static int is_text_field(int field) {
  return field >= RD_FIRST_TEXT_FIELD && field < RD_FIRST_TEXT_FIELD + RD_TEXT_FIELDS;
}

static char *copy_optional(const redress_allocator *a, const char *s, int *failed) {
  if (s == NULL) return NULL;
  char *copy = rd_memdup(a, s, strlen(s));
  if (copy == NULL) *failed = 1;
  return copy;
}

int rd_event_new(redress_event **out, redress_desk *desk, int kind, redress_time at,
                 const char *actor, const char *note) {
  int rc = rd_check_time(desk, "event time", at);
  if (rc == REDRESS_OK) rc = rd_check_string(desk, "actor", actor, REDRESS_MAX_NAME_BYTES, true);
  if (rc == REDRESS_OK) rc = rd_check_string(desk, "note", note, REDRESS_MAX_NOTE_BYTES, false);
  if (rc != REDRESS_OK) return rc;
  redress_event *ev = rd_alloc(rd_desk_alloc(desk), sizeof *ev);
  if (ev == NULL) return rd_fail(desk, REDRESS_ERR_NOMEM, "out of memory");
  memset(ev, 0, sizeof *ev);
  ev->kind = kind;
  ev->at = at;
  ev->visible = rd_event_kind_visible(kind);
  int failed = 0;
  ev->actor = copy_optional(rd_desk_alloc(desk), actor, &failed);
  ev->note = copy_optional(rd_desk_alloc(desk), note, &failed);
  if (failed) {
    rd_event_free(rd_desk_alloc(desk), ev);
    return rd_fail(desk, REDRESS_ERR_NOMEM, "out of memory");
  }
  *out = ev;
  return REDRESS_OK;
}

void rd_event_set_number(redress_event *ev, int field, int64_t value) {
  if (!is_number_field(field)) return;
  ev->num[field] = value;
  ev->has |= 1u << field;
}

int rd_event_set_text(redress_event *ev, redress_desk *desk, int field, const char *text,
                      size_t max) {
  if (!is_text_field(field) || text == NULL) return REDRESS_OK;
  static const char *const names[RD_TEXT_FIELDS] = {"point", "demand", "remedy", "to"};
  int rc = rd_check_string(desk, names[field - RD_FIRST_TEXT_FIELD], text, max, false);
  if (rc != REDRESS_OK) return rc;
  char *copy = rd_memdup(rd_desk_alloc(desk), text, strlen(text));
  if (copy == NULL) return rd_fail(desk, REDRESS_ERR_NOMEM, "out of memory");
  char **slot = &ev->text[field - RD_FIRST_TEXT_FIELD];
  rd_free(rd_desk_alloc(desk), *slot);
  *slot = copy;
  ev->has |= 1u << field;
  return REDRESS_OK;
}

void rd_event_free(const redress_allocator *a, redress_event *ev) {
  if (ev == NULL) return;
  rd_free(a, ev->actor);
  rd_free(a, ev->note);
  for (int i = 0; i < RD_TEXT_FIELDS; i++) rd_free(a, ev->text[i]);
  rd_free(a, ev);
}

int rd_event_copy(redress_event **out, const redress_allocator *a, const redress_event *ev) {
  redress_event *copy = rd_alloc(a, sizeof *copy);
  if (copy == NULL) return REDRESS_ERR_NOMEM;
  *copy = *ev;
  /* Until each string is copied the struct must not point into ev. */
  copy->actor = copy->note = NULL;
  memset(copy->text, 0, sizeof copy->text);
  int failed = 0;
  copy->actor = copy_optional(a, ev->actor, &failed);
  copy->note = copy_optional(a, ev->note, &failed);
  for (int i = 0; i < RD_TEXT_FIELDS; i++) copy->text[i] = copy_optional(a, ev->text[i], &failed);
  if (failed) {
    rd_event_free(a, copy);
    return REDRESS_ERR_NOMEM;
  }
  *out = copy;
  return REDRESS_OK;
}

uint32_t redress_event_seq(const redress_event *event) { return event ? event->seq : 0; }
int redress_event_kind(const redress_event *event) { return event ? event->kind : -1; }
redress_time redress_event_at(const redress_event *event) { return event ? event->at : 0; }
const char *redress_event_actor(const redress_event *event) {
  return event ? event->actor : NULL;
}
const char *redress_event_note(const redress_event *event) {
  return event ? event->note : NULL;
}

int redress_event_number(int64_t *out, const redress_event *event, int field) {
  if (out == NULL || event == NULL || !is_number_field(field)) return REDRESS_ERR_INVALID;
  if (field == REDRESS_FIELD_VISIBLE) {
    *out = event->visible;
    return REDRESS_OK;
  }
  if (!(event->has & (1u << field))) return REDRESS_ERR_NOTFOUND;
  *out = event->num[field];
  return REDRESS_OK;
}

const char *redress_event_text(const redress_event *event, int field) {
  if (event == NULL || !is_text_field(field)) return NULL;
  return event->text[field - RD_FIRST_TEXT_FIELD];
}
