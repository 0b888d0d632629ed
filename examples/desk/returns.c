/* return: the complaints returns regulators ask for (the FCA complaints return figures,
 * the ASIC IDR data report), computed by the library over a reporting period and
 * printed as JSON or CSV (redress_desk_return, docs/returns.md). */
#include <stdio.h>
#include <string.h>

#include "desk.h"
#include "redress/experimental.h"

const opt_spec return_opts[] = {
    {"from", "TIME", "the first instant of the reporting period (required; a date is its "
                     "00:00 UTC)"},
    {"to", "TIME", "the instant after its last (required): --from 2026-01-01 --to "
                   "2026-07-01 is the first half of 2026"},
    {"csv", NULL, "print CSV (RFC 4180) instead of JSON"},
    {NULL, NULL, NULL},
};

static int write_stdout(const char *data, size_t len, void *payload) {
  return fwrite(data, 1, len, (FILE *)payload) == len ? 0 : 1;
}

static int read_kind(int *out, app *a, const args *in) {
  if (in->npos != 1)
    return app_usage(a, "return: name one return, fca or asic (see --help)");
  if (strcmp(in->pos[0], "fca") == 0) *out = REDRESS_RETURN_FCA;
  else if (strcmp(in->pos[0], "asic") == 0) *out = REDRESS_RETURN_ASIC_IDR;
  else return app_usage(a, "return: '%s' is not a return (fca or asic)", in->pos[0]);
  return EXIT_OK;
}

int cmd_return(app *a, const args *in, const command *self) {
  (void)self;
  int kind = 0;
  redress_time from = 0, to = 0;
  int rc = read_kind(&kind, a, in);
  if (rc == EXIT_OK) rc = arg_required_time(&from, a, in, "from", redress_desk_now(a->desk));
  if (rc == EXIT_OK) rc = arg_required_time(&to, a, in, "to", redress_desk_now(a->desk));
  if (rc == EXIT_OK && to <= from)
    rc = app_usage(a, "return: --to must be after --from (the period is [from, to))");
  if (rc != EXIT_OK) return rc;
  int format = arg_flag(in, "csv") ? REDRESS_RETURN_CSV : REDRESS_RETURN_JSON;
  int lib = redress_desk_return(a->desk, kind, format, from, to, write_stdout, stdout);
  if (lib == REDRESS_ERR_USER) return app_fail(a, "return: cannot write the output");
  return lib == REDRESS_OK ? EXIT_OK : app_fail_rc(a, lib, "return");
}
