/* A program built against an installed libredress, the way a host application is:
 * the header and library come from the install tree (pkg-config or CMake). It
 * checks that the header and the library it runs with are the same release, and
 * that a complaint goes through the lifecycle and the store. */
#include <stdio.h>
#include <string.h>

#include <redress.h>

static int run(redress_desk *desk) {
  redress_complaint_fields init = REDRESS_COMPLAINT_FIELDS_INIT;
  init.customer_id = "consumer-1";
  init.text = "The installed library works.";
  init.received_at = 1795424400; /* 2026-11-23T09:00:00Z */
  redress_complaint *c = NULL;
  int rc = redress_complaint_create(&c, desk, &init);
  if (rc == REDRESS_OK)
    rc = redress_complaint_resolve_on_the_spot(c, init.received_at + 60, "agent", NULL,
                                               REDRESS_DECISION_UPHELD, "apology", 0);
  if (rc == REDRESS_OK) rc = redress_desk_save(desk, c);
  if (rc == REDRESS_OK)
    printf("complaint %s is %s\n", redress_complaint_id(c),
           redress_enum_name(REDRESS_ENUM_STATE, redress_complaint_state(c)));
  else
    fprintf(stderr, "consumer: %s (%s)\n", redress_strerror(rc), redress_desk_errmsg(desk));
  redress_complaint_free(c);
  return rc;
}

int main(void) {
  if (strcmp(redress_version(), REDRESS_VERSION_STRING) != 0 ||
      redress_version_number() != REDRESS_VERSION_NUMBER) {
    fprintf(stderr, "consumer: header %s but library %s\n", REDRESS_VERSION_STRING,
            redress_version());
    return 1;
  }
  redress_desk *desk = NULL;
  if (redress_desk_open(&desk, NULL) != REDRESS_OK) return 1;
  int rc = run(desk);
  redress_desk_close(desk);
  printf("libredress %s\n", redress_version());
  return rc == REDRESS_OK ? 0 : 1;
}
