/* What a save changes: the feed entries a record carries to its store. One entry per
 * event appended and per alarm recorded since the stored revision; the first save
 * starts with CREATED (the complaint and its create event), and a save that adds
 * neither writes one SAVED, so that every revision of a complaint is in the feed. */
#include "store/store.h"

#include <string.h>

static const char *const change_kind_names[REDRESS_CHANGE_KIND_COUNT] = {
    "created", "event", "alarm", "saved", "removed"};

const char *rd_change_kind_name(int kind) {
  if (kind < 0 || kind >= REDRESS_CHANGE_KIND_COUNT) return NULL;
  return change_kind_names[kind];
}

static redress_change blank(const redress_complaint *c, int kind) {
  redress_change ch = REDRESS_CHANGE_INIT;
  ch.complaint_id = c->id;
  ch.revision = c->revision + 1;
  ch.kind = kind;
  return ch;
}

static redress_change of_event(const redress_complaint *c, size_t i) {
  const redress_event *ev = c->events[i];
  redress_change ch = blank(c, i == 0 ? REDRESS_CHANGE_CREATED : REDRESS_CHANGE_EVENT);
  ch.event_kind = ev->kind;
  ch.event_seq = ev->seq;
  ch.at = ev->at;
  return ch;
}

/* The due time of the deadline an alarm is about, from the deadlines the save was
 * computed with; NEVER when it is not among them. */
static redress_time due_of(const redress_deadlines *l, const rd_alarm *a) {
  for (size_t i = 0; l != NULL && i < l->n; i++)
    if (l->items[i].kind == a->kind && l->items[i].anchor == a->anchor) return l->items[i].due;
  return REDRESS_TIME_NEVER;
}

static redress_change of_alarm(const redress_complaint *c, const rd_alarm *a,
                               const redress_deadlines *l) {
  redress_change ch = blank(c, REDRESS_CHANGE_ALARM);
  ch.deadline_kind = a->kind;
  ch.level = a->level;
  ch.anchor = a->anchor;
  ch.at = a->at;
  ch.due = due_of(l, a);
  return ch;
}

int rd_store_changes(redress_change **out, size_t *n, redress_desk *desk,
                     const redress_complaint *c, const redress_deadlines *l) {
  /* a stored revision holds the whole history up to saved_events: never more than
   * the complaint has (events and alarms are only ever appended) */
  size_t from_event = c->revision == 0 ? 0 : c->saved_events;
  size_t from_alarm = c->revision == 0 ? 0 : c->saved_alarms;
  size_t events = c->n_events - (from_event < c->n_events ? from_event : c->n_events);
  size_t alarms = c->n_alarms - (from_alarm < c->n_alarms ? from_alarm : c->n_alarms);
  size_t count = events + alarms > 0 ? events + alarms : 1;
  redress_change *list = rd_alloc(rd_desk_alloc(desk), count * sizeof *list);
  if (list == NULL) return rd_fail(desk, REDRESS_ERR_NOMEM, "desk_save: out of memory");
  size_t k = 0;
  for (size_t i = c->n_events - events; i < c->n_events; i++) list[k++] = of_event(c, i);
  for (size_t i = c->n_alarms - alarms; i < c->n_alarms; i++)
    list[k++] = of_alarm(c, &c->alarms[i], l);
  if (k == 0) {
    list[k] = blank(c, REDRESS_CHANGE_SAVED);
    list[k++].at = rd_store_now(desk);
  }
  *out = list;
  *n = k;
  return REDRESS_OK;
}
