/* History events: construction, field access, copying. */
#include "complaint/complaint.h"

#include <string.h>

static int is_number_slot(int slot) { return slot >= 0 && slot < RD_SLOT_COUNT && !rd_slot_is_text(slot); }

/* Also copies events, whose strings are never "" (rd_event_new and
 * rd_event_set_text keep an empty optional text as NULL). */
static char *copy_optional(const redress_allocator *a, const char *s, int *failed) {
  if (s == NULL) return NULL;
  char *copy = rd_memdup(a, s, strlen(s));
  if (copy == NULL) *failed = 1;
  return copy;
}

int rd_event_new(redress_event **out, redress_desk *desk, int kind, redress_time at,
                 const char *actor, const char *note) {
  int rc = rd_check_time(desk, "event time", at);
  if (rc == REDRESS_OK) rc = rd_check_name(desk, "actor", actor, REDRESS_MAX_NAME_BYTES, true);
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
  /* "" is no note, as for every optional text: a note event then lacks its text */
  ev->note = note != NULL && note[0] != '\0' ? copy_optional(rd_desk_alloc(desk), note, &failed) : NULL;
  if (failed) {
    rd_event_free(rd_desk_alloc(desk), ev);
    return rd_fail(desk, REDRESS_ERR_NOMEM, "out of memory");
  }
  *out = ev;
  return REDRESS_OK;
}

void rd_event_set_number(redress_event *ev, int slot, int64_t value) {
  if (!is_number_slot(slot)) return;
  ev->num[rd_slot_num(slot)] = value;
  ev->has |= 1u << slot;
}

/* Names (whom it was escalated to, owner, team) are checked as names; the other texts
 * (point, demand, remedy) are free text. */
static int is_name_slot(int slot) {
  return slot == REDRESS_FIELD_TO || slot == RD_SLOT_OWNER || slot == RD_SLOT_TEAM;
}

int rd_event_set_text(redress_event *ev, redress_desk *desk, int slot, const char *text,
                      size_t max) {
  if (!rd_slot_is_text(slot) || text == NULL) return REDRESS_OK;
  const char *what = rd_field_name(rd_slot_field(slot));
  int rc = is_name_slot(slot) ? rd_check_name(desk, what, text, max, false)
                              : rd_check_string(desk, what, text, max, false);
  if (rc != REDRESS_OK) return rc;
  /* An optional text given as "" is no value; the point is required, and stored
   * documents may hold an empty one, so it is kept as given. */
  if (text[0] == '\0' && slot != REDRESS_FIELD_POINT) return REDRESS_OK;
  char *copy = rd_memdup(rd_desk_alloc(desk), text, strlen(text));
  if (copy == NULL) return rd_fail(desk, REDRESS_ERR_NOMEM, "out of memory");
  char **held = &ev->text[rd_slot_text(slot)];
  rd_free(rd_desk_alloc(desk), *held);
  *held = copy;
  ev->has |= 1u << slot;
  return REDRESS_OK;
}

void rd_event_free(const redress_allocator *a, redress_event *ev) {
  if (ev == NULL) return;
  rd_free(a, ev->actor);
  rd_free(a, ev->note);
  for (int i = 0; i < RD_TEXT_SLOTS; i++) rd_free(a, ev->text[i]);
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
  for (int i = 0; i < RD_TEXT_SLOTS; i++) copy->text[i] = copy_optional(a, ev->text[i], &failed);
  if (failed) {
    rd_event_free(a, copy);
    return REDRESS_ERR_NOMEM;
  }
  *out = copy;
  return REDRESS_OK;
}

/* Fields every event carries, whatever its kind. */
static bool common_number(int64_t *out, const redress_event *event, int field) {
  switch (field) {
    case REDRESS_FIELD_SEQ: *out = event->seq; return true;
    case REDRESS_FIELD_KIND: *out = event->kind; return true;
    case REDRESS_FIELD_AT: *out = event->at; return true;
    case REDRESS_FIELD_VISIBLE: *out = event->visible; return true;
    default: return false;
  }
}

int redress_event_number(int64_t *out, const redress_event *event, int field) {
  if (out == NULL || event == NULL) return REDRESS_ERR_INVALID;
  int rc = rd_field_check(field, false, true);
  if (rc != REDRESS_OK) return rc;
  if (common_number(out, event, field)) return REDRESS_OK;
  int slot = rd_slot_of(field);
  if (slot < 0 || !rd_event_has(event, slot)) return REDRESS_ERR_NOTFOUND;
  *out = rd_event_num(event, slot);
  return REDRESS_OK;
}

const char *redress_event_string(const redress_event *event, int field) {
  if (event == NULL || rd_field_check(field, true, true) != REDRESS_OK) return NULL;
  if (field == REDRESS_FIELD_ACTOR) return event->actor;
  if (field == REDRESS_FIELD_NOTE) return event->note;
  int slot = rd_slot_of(field);
  return slot >= 0 ? rd_event_text(event, slot) : NULL;
}
