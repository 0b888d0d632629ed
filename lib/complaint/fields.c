/* The redress_field table: each field's JSON name, whether it is a number or a
 * text, and which objects carry it. One table so that the complaint getters, the
 * event getters and redress_enum_name() agree. */
#include "complaint/complaint.h"

typedef struct field_info {
  const char *name;
  bool text;
  bool on_event;
  bool on_complaint;
} field_info;

#define NUM(name, ev, co) {name, false, ev, co}
#define TXT(name, ev, co) {name, true, ev, co}

static const field_info fields[REDRESS_FIELD_COUNT] = {
    [REDRESS_FIELD_DECISION] = NUM("decision", true, true),
    [REDRESS_FIELD_COMPENSATION] = NUM("compensation", true, true),
    [REDRESS_FIELD_SATISFACTION] = NUM("satisfaction", true, true),
    [REDRESS_FIELD_LEGITIMACY] = NUM("legitimacy", true, true),
    [REDRESS_FIELD_SEVERITY] = NUM("severity", true, true),
    [REDRESS_FIELD_VISIBLE] = NUM("visible", true, false),
    [REDRESS_FIELD_DUE] = NUM("due", true, false),
    [REDRESS_FIELD_POINT] = TXT("point", true, true),
    [REDRESS_FIELD_DEMAND] = TXT("demand", true, true),
    [REDRESS_FIELD_REMEDY] = TXT("remedy", true, true),
    [REDRESS_FIELD_TO] = TXT("to", true, false),
    [REDRESS_FIELD_SEQ] = NUM("seq", true, false),
    [REDRESS_FIELD_KIND] = NUM("kind", true, false),
    [REDRESS_FIELD_AT] = NUM("at", true, false),
    [REDRESS_FIELD_ACTOR] = TXT("actor", true, false),
    [REDRESS_FIELD_NOTE] = TXT("note", true, false),
    [REDRESS_FIELD_ID] = TXT("id", false, true),
    [REDRESS_FIELD_CUSTOMER_ID] = TXT("customer_id", false, true),
    [REDRESS_FIELD_CUSTOMER_TIER] = TXT("customer_tier", false, true),
    [REDRESS_FIELD_CATEGORY] = TXT("category", false, true),
    [REDRESS_FIELD_TEXT] = TXT("text", false, true),
    [REDRESS_FIELD_REQUESTED_REMEDY] = TXT("requested_remedy", false, true),
    [REDRESS_FIELD_CHANNEL] = NUM("channel", true, true),
    [REDRESS_FIELD_STATE] = NUM("state", false, true),
    [REDRESS_FIELD_REOPEN_COUNT] = NUM("reopen_count", false, true),
    [REDRESS_FIELD_ESCALATION_COUNT] = NUM("escalation_count", false, true),
    [REDRESS_FIELD_ON_THE_SPOT] = NUM("on_the_spot", false, true),
    [REDRESS_FIELD_CUSTOMER_VALUE] = NUM("customer_value", false, true),
    [REDRESS_FIELD_ORDER_VALUE] = NUM("order_value", false, true),
    [REDRESS_FIELD_CLAIMED_AMOUNT] = NUM("claimed_amount", false, true),
    [REDRESS_FIELD_EXPECTATION] = NUM("expectation", false, true),
    [REDRESS_FIELD_BOTTOM_LINE] = NUM("bottom_line", false, true),
    [REDRESS_FIELD_PRIOR_COMPENSATION] = NUM("prior_compensation", false, true),
    [REDRESS_FIELD_PRIOR_COMPLAINTS] = NUM("prior_complaints", false, true),
    [REDRESS_FIELD_RECEIVED_AT] = NUM("received_at", false, true),
    [REDRESS_FIELD_UPDATED_AT] = NUM("updated_at", false, true),
    [REDRESS_FIELD_REVISION] = NUM("revision", false, true),
    [REDRESS_FIELD_OWNER] = TXT("owner", true, true),
    [REDRESS_FIELD_TEAM] = TXT("team", true, true),
    [REDRESS_FIELD_CURRENT_CHANNEL] = NUM("current_channel", false, true),
    [REDRESS_FIELD_PRODUCT] = TXT("product", false, true),
    [REDRESS_FIELD_CAUSE] = TXT("cause", false, true),
};

/* The fields events keep in slots beyond the first ones (slot == field up to TO). */
static const int later_slots[RD_SLOT_COUNT - RD_SLOT_OWNER][2] = {
    {RD_SLOT_OWNER, REDRESS_FIELD_OWNER},
    {RD_SLOT_TEAM, REDRESS_FIELD_TEAM},
    {RD_SLOT_CHANNEL, REDRESS_FIELD_CHANNEL},
};

int rd_slot_of(int field) {
  if (field >= 0 && field <= REDRESS_FIELD_TO) return field;
  for (int i = 0; i < RD_SLOT_COUNT - RD_SLOT_OWNER; i++)
    if (later_slots[i][1] == field) return later_slots[i][0];
  return -1;
}

int rd_slot_field(int slot) {
  if (slot >= 0 && slot <= REDRESS_FIELD_TO) return slot;
  for (int i = 0; i < RD_SLOT_COUNT - RD_SLOT_OWNER; i++)
    if (later_slots[i][0] == slot) return later_slots[i][1];
  return -1;
}

static const field_info *info(int field) {
  return field >= 0 && field < REDRESS_FIELD_COUNT ? &fields[field] : NULL;
}

const char *rd_field_name(int field) {
  const field_info *f = info(field);
  return f != NULL ? f->name : NULL;
}

int rd_field_check(int field, bool text, bool on_event) {
  const field_info *f = info(field);
  if (f == NULL || f->text != text) return REDRESS_ERR_INVALID;
  if (on_event ? !f->on_event : !f->on_complaint) return REDRESS_ERR_NOTFOUND;
  return REDRESS_OK;
}
