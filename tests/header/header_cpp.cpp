// The public header compiles as C++ and links with C linkage.
#include "redress.h"

#include <cstring>

int main() {
  redress_complaint_fields init = REDRESS_COMPLAINT_FIELDS_INIT;
  redress_desk_options options = REDRESS_DESK_OPTIONS_INIT;
  redress_desk *desk = nullptr;
  if (redress_desk_open(&desk, &options) != REDRESS_OK) return 1;
  init.customer_id = "k";
  redress_complaint *c = nullptr;
  int rc = redress_complaint_create(&c, desk, &init);
  redress_complaint_free(c);
  redress_desk_close(desk);
  return rc == REDRESS_OK && std::strcmp(redress_version(), REDRESS_VERSION_STRING) == 0 ? 0 : 1;
}
