/* The alarms a complaint has notified: a record that makes ticks exactly-once. */
#include "complaint/complaint.h"

int rd_complaint_add_alarm(redress_complaint *c, int kind, uint32_t anchor, int level,
                           redress_time at) {
  redress_desk *desk = c->desk;
  if (kind < 0 || kind >= REDRESS_DEADLINE_KIND_COUNT)
    return rd_fail(desk, REDRESS_ERR_INVALID, "alarm: unknown deadline kind %d", kind);
  if (level != REDRESS_ALARM_WARNING && level != REDRESS_ALARM_BREACH)
    return rd_fail(desk, REDRESS_ERR_INVALID, "alarm: unknown level %d", level);
  if (anchor == 0 || anchor > c->n_events)
    return rd_fail(desk, REDRESS_ERR_INVALID, "alarm: no event %u started a deadline", anchor);
  int rc = rd_check_time(desk, "alarm time", at);
  if (rc != REDRESS_OK) return rc;
  if (c->n_alarms >= 2 * (size_t)REDRESS_MAX_EVENTS)
    return rd_fail(desk, REDRESS_ERR_RANGE, "too many alarms");
  void *items = c->alarms;
  if (rd_reserve(rd_desk_alloc(desk), &items, &c->cap_alarms, c->n_alarms + 1, sizeof *c->alarms))
    return rd_fail(desk, REDRESS_ERR_NOMEM, "out of memory");
  c->alarms = items;
  c->alarms[c->n_alarms++] = (rd_alarm){kind, anchor, level, at};
  return REDRESS_OK;
}
