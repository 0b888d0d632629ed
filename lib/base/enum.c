/* Stable snake_case names of the public enumerations (used by JSON and hosts). */
#include "base/base.h"

#include <string.h>

static const char *const channel_names[REDRESS_CHANNEL_COUNT] = {
    "phone", "email", "web", "chat", "social", "in_person", "letter", "media", "regulator",
    "survey"};

static const char *const severity_names[REDRESS_SEVERITY_COUNT] = {"low", "normal", "high",
                                                                   "critical"};

static const char *const state_names[REDRESS_STATE_COUNT] = {
    "received", "acknowledged", "investigating", "awaiting_customer",
    "responded", "resolved", "closed", "withdrawn"};

static const char *const decision_names[REDRESS_DECISION_COUNT] = {"none", "upheld",
                                                                   "partly_upheld", "declined"};

static const char *const legitimacy_names[REDRESS_LEGITIMACY_COUNT] = {
    "unknown", "reasonable", "misinformed", "unrealistic", "malicious"};

static const char *const event_kind_names[REDRESS_EVENT_KIND_COUNT] = {
    "create", "acknowledge", "investigate", "await_customer", "customer_reply",
    "respond", "fulfill", "resolve_on_the_spot", "confirm", "close",
    "withdraw", "reopen", "note", "update", "promise",
    "hold", "assess", "escalate", "set_severity", "customer_message",
    "move_channel", "assign", "migrate_policy", "await_third_party",
    "third_party_reply"};

static const char *const deadline_kind_names[REDRESS_DEADLINE_KIND_COUNT] = {
    "acknowledge", "update", "resolve", "promise", "follow_up", "next_reply", "summary_resolve"};

static const char *const deadline_state_names[REDRESS_DEADLINE_STATE_COUNT] = {
    "pending", "paused", "met", "met_late", "breached", "lapsed"};

static const char *const alarm_level_names[REDRESS_ALARM_LEVEL_COUNT] = {
    "warning", "breach", "warning_2", "warning_3", "warning_4"};

typedef struct name_table {
  const char *const *names;
  int count;
} name_table;

static const name_table tables[] = {
    {channel_names, REDRESS_CHANNEL_COUNT},       {severity_names, REDRESS_SEVERITY_COUNT},
    {state_names, REDRESS_STATE_COUNT},           {decision_names, REDRESS_DECISION_COUNT},
    {legitimacy_names, REDRESS_LEGITIMACY_COUNT}, {event_kind_names, REDRESS_EVENT_KIND_COUNT},
    {deadline_kind_names, REDRESS_DEADLINE_KIND_COUNT},
    {deadline_state_names, REDRESS_DEADLINE_STATE_COUNT},
    {alarm_level_names, REDRESS_ALARM_LEVEL_COUNT},
};

#define TABLE_COUNT ((int)(sizeof tables / sizeof tables[0]))

const char *rd_enum_name(int enumeration, int value) {
  if (enumeration < 0 || enumeration >= TABLE_COUNT) return NULL;
  if (value < 0 || value >= tables[enumeration].count) return NULL;
  return tables[enumeration].names[value];
}

int rd_enum_value(int enumeration, const char *name, size_t len) {
  if (enumeration < 0 || enumeration >= TABLE_COUNT || name == NULL) return -1;
  const name_table *t = &tables[enumeration];
  for (int v = 0; v < t->count; v++)
    if (strlen(t->names[v]) == len && memcmp(t->names[v], name, len) == 0) return v;
  return -1;
}
