/* The public header alone compiles as strict C99 (built with -std=c99 -pedantic -Werror). */
#include "redress.h"

int main(void) {
  redress_complaint_fields init = REDRESS_COMPLAINT_FIELDS_INIT;
  redress_desk_options options = REDRESS_DESK_OPTIONS_INIT;
  redress_store store = REDRESS_STORE_INIT;
  redress_allocator allocator = REDRESS_ALLOCATOR_INIT;
  (void)init, (void)options, (void)store, (void)allocator;
  return redress_version_number() == REDRESS_VERSION_NUMBER ? 0 : 1;
}
