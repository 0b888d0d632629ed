/* add: record new complaints, from flags or from JSON lines on stdin. */
#include <stdlib.h>
#include <string.h>

#include "desk.h"

const opt_spec add_opts[] = {
    {"id", "ID", "the complaint's id (default: generated, sortable by time)"},
    {"customer", "ID", "the customer's id (required)"},
    {"tier", "NAME", "the customer's tier, e.g. gold (policies may match it)"},
    {"customer-value", "AMOUNT", "the customer's lifetime value"},
    {"channel", "NAME", "phone, email, web, chat, social, in-person, letter, media, "
                        "regulator or survey (default web)"},
    {"category", "NAME", "e.g. billing, delivery, product, service"},
    {"product", "NAME", "the product or service complained about, as returns group it"},
    {"cause", "NAME", "the complaint's main cause, as returns group it"},
    {"severity", "NAME", "low, normal, high or critical (default normal)"},
    {"text", "TEXT", "what the customer said (English, Korean and Chinese are understood)"},
    {"at", "TIME", "when the complaint was received (default now)"},
    {"order-value", "AMOUNT", "the value of the order concerned"},
    {"claimed", "AMOUNT", "the amount the customer claims"},
    {"remedy", "TEXT", "the remedy the customer asks for"},
    {"expectation", "AMOUNT", "what the customer hopes to get"},
    {"bottom-line", "AMOUNT", "the least the customer will accept"},
    {"prior-complaints", "N", "the customer's complaints in the previous 365 days"},
    {"prior-compensation", "AMOUNT", "compensation paid to the customer in the previous 365 days"},
    {"attr", "KEY=VALUE", "a custom attribute (repeatable)"},
    {NULL, NULL, NULL},
};

static int read_amounts(redress_complaint_fields *init, app *a, const args *in) {
  int rc = arg_amount(&init->customer_value, a, in, "customer-value");
  if (rc == EXIT_OK) rc = arg_amount(&init->order_value, a, in, "order-value");
  if (rc == EXIT_OK) rc = arg_amount(&init->claimed_amount, a, in, "claimed");
  if (rc == EXIT_OK) rc = arg_amount(&init->expectation, a, in, "expectation");
  if (rc == EXIT_OK) rc = arg_amount(&init->bottom_line, a, in, "bottom-line");
  if (rc == EXIT_OK) rc = arg_amount(&init->prior_compensation, a, in, "prior-compensation");
  return rc;
}

static int read_init(redress_complaint_fields *init, app *a, const args *in) {
  long long prior = 0;
  init->channel = REDRESS_CHANNEL_WEB;
  init->received_at = redress_desk_now(a->desk);
  int rc = arg_text(&init->customer_id, a, in, "customer", 1);
  if (rc == EXIT_OK) rc = arg_text(&init->id, a, in, "id", 0);
  if (rc == EXIT_OK) rc = arg_text(&init->customer_tier, a, in, "tier", 0);
  if (rc == EXIT_OK) rc = arg_text(&init->category, a, in, "category", 0);
  if (rc == EXIT_OK) rc = arg_text(&init->product, a, in, "product", 0);
  if (rc == EXIT_OK) rc = arg_text(&init->cause, a, in, "cause", 0);
  if (rc == EXIT_OK) rc = arg_text(&init->text, a, in, "text", 0);
  if (rc == EXIT_OK) rc = arg_text(&init->requested_remedy, a, in, "remedy", 0);
  if (rc == EXIT_OK) rc = arg_enum(&init->channel, a, in, "channel", REDRESS_ENUM_CHANNEL, 0);
  if (rc == EXIT_OK) rc = arg_enum(&init->severity, a, in, "severity", REDRESS_ENUM_SEVERITY, 0);
  if (rc == EXIT_OK) rc = arg_time(&init->received_at, a, in, "at", init->received_at);
  if (rc == EXIT_OK) rc = arg_int(&prior, a, in, "prior-complaints", 0, UINT32_MAX);
  if (rc == EXIT_OK) rc = read_amounts(init, a, in);
  init->prior_complaints = (uint32_t)prior;
  return rc;
}

/* An --attr KEY given before option i: setting it again would replace the first value
 * silently. */
static int attr_given_before(const args *in, size_t i, const char *kv, size_t key_len) {
  for (size_t j = 0; j < i; j++)
    if (strcmp(in->opts[j].name, "attr") == 0 && strncmp(in->opts[j].value, kv, key_len + 1) == 0)
      return 1;
  return 0;
}

/* Every --attr KEY=VALUE, in the order given; each KEY once. */
static int set_attrs(redress_complaint *c, app *a, const args *in) {
  for (size_t i = 0; i < in->n; i++) {
    if (strcmp(in->opts[i].name, "attr") != 0) continue;
    const char *kv = in->opts[i].value;
    const char *eq = strchr(kv, '=');
    if (eq == NULL || eq == kv) return app_usage(a, "--attr: '%s' is not KEY=VALUE", kv);
    if (attr_given_before(in, i, kv, (size_t)(eq - kv)))
      return app_usage(a, "--attr: '%.*s' given twice", (int)(eq - kv), kv);
    char key[REDRESS_MAX_ATTR_KEY_BYTES + 2];
    snprintf(key, sizeof key, "%.*s", (int)(eq - kv), kv);
    int rc = redress_complaint_set_attr(c, key, eq + 1);
    if (rc != REDRESS_OK) return app_fail_rc(a, rc, "--attr");
  }
  return EXIT_OK;
}

int complaint_from_args(redress_complaint **out, app *a, const args *in) {
  redress_complaint_fields init = REDRESS_COMPLAINT_FIELDS_INIT;
  int rc = read_init(&init, a, in);
  if (rc != EXIT_OK) return rc;
  redress_complaint *c = NULL;
  int lib = redress_complaint_create(&c, a->desk, &init);
  if (lib != REDRESS_OK) return app_fail_rc(a, lib, "cannot record the complaint");
  rc = set_attrs(c, a, in);
  if (rc != EXIT_OK) {
    redress_complaint_free(c);
    return rc;
  }
  *out = c;
  return EXIT_OK;
}

/* Creates and stores one complaint; its id goes to `ids`. */
static int add_one(app *a, const args *in, FILE *ids) {
  redress_complaint *c = NULL;
  int rc = complaint_from_args(&c, a, in);
  if (rc != EXIT_OK) return rc;
  int lib = redress_desk_save(a->desk, c);
  if (lib == REDRESS_OK) {
    print_text(ids, redress_complaint_id(c)); /* one id per line, whatever it holds */
    fputc('\n', ids);
  }
  else rc = app_fail_rc(a, lib, "cannot store the complaint");
  redress_complaint_free(c);
  return rc;
}

/* ---- add - : JSON lines ---------------------------------------------------------- */

typedef struct batch {
  char *text;     /* all of stdin */
  size_t len;
  FILE *ids;      /* the new ids, printed once the transaction commits */
} batch;

static int add_line(app *a, const char *line, size_t len, size_t number, void *ctx) {
  batch *b = ctx;
  char err[256];
  jvalue doc;
  if (json_parse(&doc, line, len, err, sizeof err) != 0)
    return app_fail(a, "stdin line %zu: %s", number, err);
  args in = {0};
  const opt_tables tables = {add_opts, NULL};
  static const char *const skip[] = {"plan", NULL}; /* the demo's planned actions */
  int rc = doc.type == J_OBJECT ? args_from_json(&in, a, &doc, tables, skip)
                                : app_fail(a, "a line must hold one JSON object");
  if (rc == EXIT_OK) rc = add_one(a, &in, b->ids);
  args_free(&in);
  json_free(&doc);
  if (rc != EXIT_OK) {
    char why[sizeof a->err];
    snprintf(why, sizeof why, "%s", a->err);
    app_fail(a, "stdin line %zu: %s (nothing was added)", number, why);
  }
  return rc;
}

static int add_lines(app *a, void *ctx) {
  batch *b = ctx;
  return each_line(a, b->text, b->len, add_line, b);
}

static int add_from_stdin(app *a) {
  batch b = {NULL, 0, NULL};
  char *printed = NULL;
  size_t printed_len = 0;
  int rc = read_stream(a, stdin, "stdin", &b.text, &b.len);
  if (rc == EXIT_OK && (b.ids = open_memstream(&printed, &printed_len)) == NULL)
    rc = app_fail(a, "out of memory");
  if (rc == EXIT_OK) rc = app_transaction(a, add_lines, &b);
  if (b.ids != NULL) fclose(b.ids);
  if (rc == EXIT_OK) fwrite(printed, 1, printed_len, stdout);
  free(printed);
  free(b.text);
  return rc;
}

int cmd_add(app *a, const args *in, const command *self) {
  (void)self;
  if (in->npos == 1 && strcmp(in->pos[0], "-") == 0) {
    for (size_t i = 0; i < in->n; i++)
      if (strcmp(in->opts[i].name, "db") != 0 && strcmp(in->opts[i].name, "config") != 0)
        return app_usage(a, "add -: give --%s in the JSON lines, not as an option",
                         in->opts[i].name);
    return add_from_stdin(a);
  }
  if (in->npos > 0) return app_usage(a, "add: unexpected argument '%s'", in->pos[0]);
  return add_one(a, in, stdout);
}
