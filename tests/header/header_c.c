/* Every public header compiles as strict C99 (built with -std=c99 -pedantic -Werror),
 * each module header alone (tests/header/header_each_*.c) and all together here. */
#include "redress.h"
#include "redress/experimental.h"
#include "redress/sys/store.h"

int main(void) {
  redress_complaint_fields fields = REDRESS_COMPLAINT_FIELDS_INIT;
  redress_desk_options options = REDRESS_DESK_OPTIONS_INIT;
  redress_store store = REDRESS_STORE_INIT;
  redress_allocator allocator = REDRESS_ALLOCATOR_INIT;
  redress_deadline deadline = REDRESS_DEADLINE_INIT;
  redress_verdict_summary summary = REDRESS_VERDICT_SUMMARY_INIT;
  redress_reason reason = REDRESS_REASON_INIT;
  redress_precedent precedent = REDRESS_PRECEDENT_INIT;
  redress_negotiation negotiation = REDRESS_NEGOTIATION_INIT;
  (void)fields, (void)options, (void)store, (void)allocator, (void)deadline, (void)summary;
  (void)reason, (void)precedent, (void)negotiation;
  return redress_version_number() == REDRESS_VERSION_NUMBER ? 0 : 1;
}
