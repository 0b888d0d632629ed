/*
 * The policies command and --policies FILE. The desk's calendars and policies come from
 * its config file (config.c); the default config, desk.conf, is built into the program
 * and installed beside it. Deadlines are not stored: they are derived from each
 * complaint's history and its policy whenever they are needed, so every command opens
 * the desk with the same config.
 */
#include "desk.h"

#include <stdlib.h>

const char desk_policies_help[] =
    "Service levels of the default config (first match wins; office = mon-fri 08-20,\n"
    "sat 09-13 UK time; 'config show' prints those in effect):\n"
    "  critical   severity critical, round the clock: acknowledge 2h, update daily,\n"
    "             respond 3d (7d after a holding reply), follow up in 2d\n"
    "  regulator  complaints via a regulator, office days: acknowledge 1, update 5,\n"
    "             respond 15 (35 after a holding reply, as PSD2), follow up 5\n"
    "  public     social and media, round the clock: acknowledge 2h, update daily,\n"
    "             respond 5d (10d), follow up in 3d\n"
    "  priority   severity high, office time: acknowledge 4h, update 2 days,\n"
    "             respond 5 days (10), follow up 3 days\n"
    "  standard   the rest, office days: acknowledge 1, update 5, respond 10 (20),\n"
    "             follow up 5\n"
    "Warnings fire at 75% of a deadline; waiting for the customer pauses the clock\n"
    "(except for regulator complaints).\n";

int app_load_policies(app *a, const char *path) {
  if (path == NULL) return EXIT_OK;
  char *text = NULL;
  size_t len = 0;
  int rc = read_file(a, path, &text, &len);
  if (rc != EXIT_OK) return rc;
  int lib_rc = redress_desk_load_policies(a->desk, text, len);
  free(text);
  return lib_rc == REDRESS_OK ? EXIT_OK : app_fail_rc(a, lib_rc, path);
}

int cmd_policies(app *a, const args *in, const command *self) {
  (void)in;
  (void)self;
  char *text = NULL;
  int rc = redress_policy_spec(&text, NULL, a->desk, NULL);
  if (rc != REDRESS_OK) return app_fail_rc(a, rc, "policies");
  fputs(text, stdout);
  redress_free(text);
  return EXIT_OK;
}
