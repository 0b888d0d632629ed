/*
 * quickstart: a host application that handles one complaint end to end on the
 * built-in memory store, then shows what was stored.
 *
 *   build/examples/quickstart
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "redress.h"

/* Prints the failure and exits: a host would log it and answer the user. */
static void check(int rc, redress_desk *desk, const char *what) {
  if (rc == REDRESS_OK) return;
  fprintf(stderr, "quickstart: %s: %s (%s)\n", what, redress_strerror(rc),
          redress_desk_errmsg(desk));
  exit(1);
}

/* Every event carries its sequence number and kind, so these reads cannot fail. */
static void print_history(const redress_complaint *c) {
  for (size_t i = 0; i < redress_complaint_event_count(c); i++) {
    const redress_event *ev = redress_complaint_event(c, i);
    int64_t seq = 0, kind = 0;
    redress_event_number(&seq, ev, REDRESS_FIELD_SEQ);
    redress_event_number(&kind, ev, REDRESS_FIELD_KIND);
    const char *note = redress_event_string(ev, REDRESS_FIELD_NOTE);
    printf("  #%" PRId64 " %-15s by %-8s %s\n", seq,
           redress_enum_name(REDRESS_ENUM_EVENT_KIND, (int)kind),
           redress_event_string(ev, REDRESS_FIELD_ACTOR), note != NULL ? note : "");
  }
}

static void handle(redress_complaint *c, redress_desk *desk, redress_time t) {
  const char *me = "agent-ann";
  check(redress_complaint_acknowledge(c, t + 600, me, "Sorry about the double charge."), desk,
        "acknowledge");
  check(redress_complaint_investigate(c, t + 1200, me, NULL, "charged twice for one order",
                                      "refund of the second charge"), desk, "investigate");
  check(redress_complaint_await_customer(c, t + 1800, me, "Asked for the bank statement."),
        desk, "await_customer");
  check(redress_complaint_customer_reply(c, t + 7200, "customer", "Statement attached."), desk,
        "customer_reply");
  check(redress_complaint_respond(c, t + 9000, me, "Refund approved, apology sent.",
                                  REDRESS_DECISION_UPHELD, "refund the second charge", 4990),
        desk, "respond");
  check(redress_complaint_fulfill(c, t + 86400, "billing", "Refund executed."), desk, "fulfill");
  check(redress_complaint_confirm(c, t + 2 * 86400, me, "Customer happy.", 5), desk, "confirm");
}

int main(void) {
  redress_desk *desk = NULL;
  check(redress_desk_open(&desk, NULL), NULL, "desk_open");

  redress_complaint_fields init = REDRESS_COMPLAINT_FIELDS_INIT;
  init.id = "demo-0001";
  init.customer_id = "cust-42";
  init.channel = REDRESS_CHANNEL_EMAIL;
  init.category = "billing";
  init.text = "I was charged twice for order #A-1001! Please refund 49.90 EUR.";
  init.received_at = redress_desk_now(desk);
  init.order_value = 4990;
  init.claimed_amount = 4990;

  redress_complaint *c = NULL;
  check(redress_complaint_create(&c, desk, &init), desk, "complaint_create");
  check(redress_desk_save(desk, c), desk, "save");
  handle(c, desk, init.received_at);
  check(redress_desk_save(desk, c), desk, "save");
  redress_complaint_free(c);

  redress_complaint *loaded = NULL;
  check(redress_desk_load(&loaded, desk, "demo-0001"), desk, "load");
  int64_t revision = 0, satisfaction = 0;
  check(redress_complaint_number(&revision, loaded, REDRESS_FIELD_REVISION), desk, "revision");
  check(redress_complaint_number(&satisfaction, loaded, REDRESS_FIELD_SATISFACTION), desk,
        "satisfaction");
  printf("complaint %s (revision %" PRId64 "): %s, satisfaction %" PRId64 "/5\n",
         redress_complaint_id(loaded), revision,
         redress_enum_name(REDRESS_ENUM_STATE, redress_complaint_state(loaded)), satisfaction);
  print_history(loaded);

  char *json = NULL;
  size_t len = 0;
  check(redress_complaint_to_json(&json, &len, loaded), desk, "to_json");
  printf("canonical JSON, %zu bytes:\n%s\n", len, json);
  redress_free(json);
  redress_complaint_free(loaded);
  redress_desk_close(desk);
  return 0;
}
