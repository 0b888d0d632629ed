/*
 * The lifecycle verbs of redress.h as commands: load the complaint, apply the verb,
 * save it with compare-and-swap. A verb the lifecycle refuses changes nothing, so
 * nothing is saved; a save that loses a race reloads and tries again.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* When a concurrent writer keeps winning, give up after this many tries. */
#define SAVE_ATTEMPTS 5

typedef struct verb_call {
  redress_time at;
  const char *actor;
  const char *note;
  char what[192]; /* "acknowledge c-0001", for messages */
} verb_call;

typedef int (*verb_fn)(app *a, redress_complaint *c, const args *in, const verb_call *v);

typedef struct verb {
  verb_fn apply;
} verb;

static int done(app *a, int rc, const verb_call *v) {
  return rc == REDRESS_OK ? EXIT_OK : app_fail_rc(a, rc, v->what);
}

/* ---- each verb: its own options, then the library call ------------------------- */

static int v_acknowledge(app *a, redress_complaint *c, const args *in, const verb_call *v) {
  (void)in;
  return done(a, redress_complaint_acknowledge(c, v->at, v->actor, v->note), v);
}

static int v_investigate(app *a, redress_complaint *c, const args *in, const verb_call *v) {
  const char *point = NULL, *demand = NULL;
  int rc = arg_text(&point, a, in, "point", 1);
  if (rc == EXIT_OK) rc = arg_text(&demand, a, in, "demand", 0);
  if (rc != EXIT_OK) return rc;
  return done(a, redress_complaint_investigate(c, v->at, v->actor, v->note, point, demand), v);
}

static int v_await_customer(app *a, redress_complaint *c, const args *in, const verb_call *v) {
  (void)in;
  return done(a, redress_complaint_await_customer(c, v->at, v->actor, v->note), v);
}

static int v_customer_reply(app *a, redress_complaint *c, const args *in, const verb_call *v) {
  (void)in;
  return done(a, redress_complaint_customer_reply(c, v->at, v->actor, v->note), v);
}

static int v_customer_message(app *a, redress_complaint *c, const args *in,
                              const verb_call *v) {
  (void)in;
  return done(a, redress_complaint_customer_message(c, v->at, v->actor, v->note), v);
}

/* respond and resolve-on-the-spot share their options. */
static int read_decision(int *decision, const char **remedy, int64_t *compensation, app *a,
                         const args *in) {
  int rc = arg_enum(decision, a, in, "decision", REDRESS_ENUM_DECISION, 1);
  if (rc == EXIT_OK) rc = arg_text(remedy, a, in, "remedy", 0);
  if (rc == EXIT_OK) rc = arg_amount(compensation, a, in, "compensation");
  return rc;
}

static int v_respond(app *a, redress_complaint *c, const args *in, const verb_call *v) {
  int decision = 0;
  const char *remedy = NULL;
  int64_t money = REDRESS_AMOUNT_UNKNOWN;
  int rc = read_decision(&decision, &remedy, &money, a, in);
  if (rc != EXIT_OK) return rc;
  return done(a, redress_complaint_respond(c, v->at, v->actor, v->note, decision, remedy, money),
              v);
}

static int v_resolve_on_the_spot(app *a, redress_complaint *c, const args *in,
                                 const verb_call *v) {
  int decision = 0;
  const char *remedy = NULL;
  int64_t money = REDRESS_AMOUNT_UNKNOWN;
  int rc = read_decision(&decision, &remedy, &money, a, in);
  if (rc != EXIT_OK) return rc;
  return done(a, redress_complaint_resolve_on_the_spot(c, v->at, v->actor, v->note, decision,
                                                       remedy, money), v);
}

static int v_fulfill(app *a, redress_complaint *c, const args *in, const verb_call *v) {
  (void)in;
  return done(a, redress_complaint_fulfill(c, v->at, v->actor, v->note), v);
}

static int v_confirm(app *a, redress_complaint *c, const args *in, const verb_call *v) {
  long long satisfaction = 0;
  if (arg_get(in, "satisfaction") == NULL) return app_usage(a, "--satisfaction is required");
  int rc = arg_int(&satisfaction, a, in, "satisfaction", 1, 5);
  if (rc != EXIT_OK) return rc;
  return done(a, redress_complaint_confirm(c, v->at, v->actor, v->note, (int)satisfaction), v);
}

static int v_close(app *a, redress_complaint *c, const args *in, const verb_call *v) {
  (void)in;
  return done(a, redress_complaint_close(c, v->at, v->actor, v->note), v);
}

static int v_withdraw(app *a, redress_complaint *c, const args *in, const verb_call *v) {
  (void)in;
  return done(a, redress_complaint_withdraw(c, v->at, v->actor, v->note), v);
}

static int v_reopen(app *a, redress_complaint *c, const args *in, const verb_call *v) {
  (void)in;
  return done(a, redress_complaint_reopen(c, v->at, v->actor, v->note), v);
}

static int v_note(app *a, redress_complaint *c, const args *in, const verb_call *v) {
  if (v->note == NULL) return app_usage(a, "--note is required");
  int visible = arg_flag(in, "visible");
  return done(a, redress_complaint_note(c, v->at, v->actor, v->note, visible), v);
}

static int v_update(app *a, redress_complaint *c, const args *in, const verb_call *v) {
  (void)in;
  return done(a, redress_complaint_update(c, v->at, v->actor, v->note), v);
}

static int v_migrate_policy(app *a, redress_complaint *c, const args *in, const verb_call *v) {
  (void)in;
  return done(a, redress_complaint_migrate_policy(c, v->at, v->actor, v->note), v);
}

static int v_promise(app *a, redress_complaint *c, const args *in, const verb_call *v) {
  redress_time due = 0;
  int rc = arg_required_time(&due, a, in, "due", v->at); /* "+2d": two days after --at */
  if (rc != EXIT_OK) return rc;
  return done(a, redress_complaint_promise(c, v->at, v->actor, v->note, due), v);
}

static int v_hold(app *a, redress_complaint *c, const args *in, const verb_call *v) {
  (void)in;
  return done(a, redress_complaint_hold(c, v->at, v->actor, v->note), v);
}

static int v_assess(app *a, redress_complaint *c, const args *in, const verb_call *v) {
  int legitimacy = 0;
  int rc = arg_enum(&legitimacy, a, in, "legitimacy", REDRESS_ENUM_LEGITIMACY, 1);
  if (rc != EXIT_OK) return rc;
  return done(a, redress_complaint_assess(c, v->at, v->actor, v->note, legitimacy), v);
}

static int v_escalate(app *a, redress_complaint *c, const args *in, const verb_call *v) {
  const char *to = NULL;
  (void)arg_text(&to, a, in, "to", 0);
  return done(a, redress_complaint_escalate(c, v->at, v->actor, v->note, to), v);
}

static int v_await_third_party(app *a, redress_complaint *c, const args *in,
                               const verb_call *v) {
  const char *party = NULL;
  int rc = arg_text(&party, a, in, "party", 0);
  if (rc != EXIT_OK) return rc;
  return done(a, redress_complaint_await_third_party(c, v->at, v->actor, v->note, party), v);
}

static int v_third_party_reply(app *a, redress_complaint *c, const args *in,
                               const verb_call *v) {
  (void)in;
  return done(a, redress_complaint_third_party_reply(c, v->at, v->actor, v->note), v);
}

static int v_set_severity(app *a, redress_complaint *c, const args *in, const verb_call *v) {
  int severity = 0;
  int rc = arg_enum(&severity, a, in, "severity", REDRESS_ENUM_SEVERITY, 1);
  if (rc != EXIT_OK) return rc;
  return done(a, redress_complaint_set_severity(c, v->at, v->actor, v->note, severity), v);
}

static int v_move_channel(app *a, redress_complaint *c, const args *in, const verb_call *v) {
  int channel = 0;
  int rc = arg_enum(&channel, a, in, "channel", REDRESS_ENUM_CHANNEL, 1);
  if (rc != EXIT_OK) return rc;
  return done(a, redress_complaint_move_channel(c, v->at, v->actor, v->note, channel), v);
}

/* The whole assignment: an option left out is none, so --owner alone clears the team. */
static int v_assign(app *a, redress_complaint *c, const args *in, const verb_call *v) {
  const char *owner = NULL, *team = NULL;
  int rc = arg_text(&owner, a, in, "owner", 0);
  if (rc == EXIT_OK) rc = arg_text(&team, a, in, "team", 0);
  if (rc != EXIT_OK) return rc;
  return done(a, redress_complaint_assign(c, v->at, v->actor, v->note, owner, team), v);
}

/* ---- options ---------------------------------------------------------------------- */

static const opt_spec verb_opts[] = {
    {"at", "TIME", "when it happened (default: now)"},
    {"actor", "NAME", "who did it (default: $USER)"},
    {"note", "TEXT", "a note for the file"},
    {NULL, NULL, NULL},
};
static const opt_spec investigate_opts[] = {
    {"point", "TEXT", "why the customer complains (required)"},
    {"demand", "TEXT", "what the customer wants"},
    {NULL, NULL, NULL},
};
static const opt_spec decision_opts[] = {
    {"decision", "NAME", "upheld, partly-upheld or declined (required)"},
    {"remedy", "TEXT", "what the company will do"},
    {"compensation", "AMOUNT", "money offered"},
    {NULL, NULL, NULL},
};
static const opt_spec confirm_opts[] = {
    {"satisfaction", "1..5", "how happy the customer is, 1 (very unhappy) to 5 (required)"},
    {NULL, NULL, NULL},
};
static const opt_spec note_opts[] = {
    {"visible", NULL, "the customer saw the note (it counts as contact)"},
    {NULL, NULL, NULL},
};
static const opt_spec promise_opts[] = {
    {"due", "TIME", "the date promised to the customer (required; +2d is after --at)"},
    {NULL, NULL, NULL},
};
static const opt_spec assess_opts[] = {
    {"legitimacy", "NAME", "reasonable, misinformed (a staff error), unrealistic or malicious "
                           "(required)"},
    {NULL, NULL, NULL},
};
static const opt_spec escalate_opts[] = {
    {"to", "NAME", "who it goes to: a supervisor, a team, legal"},
    {NULL, NULL, NULL},
};
static const opt_spec party_opts[] = {
    {"party", "NAME", "who is awaited: a courier, a payment provider, an underwriter"},
    {NULL, NULL, NULL},
};
static const opt_spec severity_opts[] = {
    {"severity", "NAME", "low, normal, high or critical (required)"},
    {NULL, NULL, NULL},
};
static const opt_spec move_opts[] = {
    {"channel", "NAME", "phone, email, web, chat, social, in-person, letter, ... (required)"},
    {NULL, NULL, NULL},
};
static const opt_spec assign_opts[] = {
    {"owner", "NAME", "who handles it (left out: nobody)"},
    {"team", "NAME", "the team that handles it (left out: none)"},
    {NULL, NULL, NULL},
};

/* ---- the verb commands ------------------------------------------------------------- */

static int run_verb(app *a, const args *in, const command *self);

static const verb acknowledge = {v_acknowledge}, investigate = {v_investigate},
                  await_customer = {v_await_customer}, customer_reply = {v_customer_reply},
                  respond = {v_respond}, fulfill = {v_fulfill},
                  resolve_on_the_spot = {v_resolve_on_the_spot}, confirm = {v_confirm},
                  close_ = {v_close}, withdraw = {v_withdraw}, reopen = {v_reopen},
                  note = {v_note}, update = {v_update}, promise = {v_promise}, hold = {v_hold},
                  assess = {v_assess}, escalate = {v_escalate}, set_severity = {v_set_severity},
                  customer_message = {v_customer_message}, move_channel = {v_move_channel},
                  assign = {v_assign}, migrate_policy = {v_migrate_policy},
                  await_third_party = {v_await_third_party},
                  third_party_reply = {v_third_party_reply};

#define VERB(name, summary, extra, v) \
  {name, "ID [options]", summary, NULL, {verb_opts, extra}, 1, run_verb, &v}

static const command verbs[] = {
    VERB("acknowledge", "Step 1: the customer was calmed and the complaint acknowledged.",
         NULL, acknowledge),
    VERB("investigate", "Step 2: the complaint point and the customer's demand are known.",
         investigate_opts, investigate),
    VERB("await-customer", "The desk asked the customer something and waits.", NULL,
         await_customer),
    VERB("customer-reply", "The customer answered; the investigation goes on.", NULL,
         customer_reply),
    VERB("respond", "Step 4: the decision and remedy were communicated.", decision_opts,
         respond),
    VERB("fulfill", "Every commitment and compensation was delivered.", NULL, fulfill),
    VERB("resolve-on-the-spot", "Decided and delivered at first contact.", decision_opts,
         resolve_on_the_spot),
    VERB("confirm", "The customer confirmed the outcome, with a satisfaction score.",
         confirm_opts, confirm),
    VERB("close", "Close after follow-up without a satisfaction answer.", NULL, close_),
    VERB("withdraw", "The customer withdrew the complaint.", NULL, withdraw),
    VERB("reopen", "Back to investigating after a response or resolution.", NULL, reopen),
    VERB("note", "A note on the file (--note required), in any state.", note_opts, note),
    VERB("update", "A progress report to the customer (keeps them informed).", NULL, update),
    VERB("promise", "A date promised to the customer; it becomes a deadline.", promise_opts,
         promise),
    VERB("hold", "A holding reply: extends the final-response deadline where allowed.", NULL,
         hold),
    VERB("assess", "The agent's verdict on the complaint's legitimacy.", assess_opts, assess),
    VERB("escalate", "Escalate to a supervisor, a specialist team, legal.", escalate_opts,
         escalate),
    VERB("set-severity", "Change the severity; deadlines follow the new policy.",
         severity_opts, set_severity),
    VERB("customer-message", "The customer wrote or spoke, in any open state; a reply is owed.",
         NULL, customer_message),
    VERB("move-channel", "The conversation moved to another channel (the original is kept).",
         move_opts, move_channel),
    VERB("assign", "Who handles it: --owner and --team, both as given.", assign_opts, assign),
    VERB("await-third-party", "The desk waits for a third party; the policy says which clocks stop.",
         party_opts, await_third_party),
    VERB("third-party-reply", "The third party answered; the stopped clocks run again.", NULL,
         third_party_reply),
    VERB("migrate-policy", "Move the deadlines still to come to the newest policy version.",
         NULL, migrate_policy),
};

const command *verb_commands(size_t *count) {
  *count = sizeof verbs / sizeof verbs[0];
  return verbs;
}

/* "await_customer" (the library's spelling) is "await-customer" too. */
static int same_verb(const char *command_name, const char *name) {
  for (; *command_name != '\0'; command_name++, name++)
    if (*command_name != *name && !(*command_name == '-' && *name == '_')) return 0;
  return *name == '\0';
}

const command *verb_find(const char *name) {
  for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
    if (same_verb(verbs[i].name, name)) return &verbs[i];
  return NULL;
}

/* --actor, else the config's actor, else $USER, else "desk". */
static const char *default_actor(const app *a) {
  const char *user = getenv("USER");
  if (a->conf != NULL && a->conf->actor.value != NULL) return a->conf->actor.value;
  return user != NULL && *user != '\0' ? user : "desk";
}

int verb_apply(app *a, redress_complaint *c, const command *cmd, const args *in,
               redress_time at) {
  verb_call v = {at, default_actor(a), NULL, {0}};
  snprintf(v.what, sizeof v.what, "%s %s", cmd->name, redress_complaint_id(c));
  (void)arg_text(&v.actor, a, in, "actor", 0);
  (void)arg_text(&v.note, a, in, "note", 0);
  const verb *impl = cmd->data;
  return impl->apply(a, c, in, &v);
}

/* Another writer saved the complaint between our load and our save. */
enum { RETRY = -1 };

/* Load, apply, save: an exit code, or RETRY. */
static int attempt(app *a, const args *in, const command *self, redress_time at) {
  const char *id = in->pos[0];
  redress_complaint *c = NULL;
  char what[192];
  snprintf(what, sizeof what, "%s %s", self->name, id);
  int lib = redress_desk_load(&c, a->desk, id);
  if (lib != REDRESS_OK) return app_fail_rc(a, lib, what);
  int rc = verb_apply(a, c, self, in, at);
  if (rc == EXIT_OK) lib = redress_desk_save(a->desk, c);
  if (rc == EXIT_OK && lib == REDRESS_OK) {
    char state[40];
    int64_t revision = 0;
    redress_complaint_number(&revision, c, REDRESS_FIELD_REVISION); /* every complaint has one */
    format_enum(state, sizeof state, REDRESS_ENUM_STATE, redress_complaint_state(c));
    print_text(stdout, id);
    printf(": %s (revision %lld)\n", state, (long long)revision);
  } else if (rc == EXIT_OK && lib == REDRESS_ERR_CONFLICT) {
    rc = RETRY;
  } else if (rc == EXIT_OK) {
    rc = app_fail_rc(a, lib, what);
  }
  redress_complaint_free(c);
  return rc;
}

static int run_verb(app *a, const args *in, const command *self) {
  if (in->npos != 1) return app_usage(a, "%s: give one complaint id (see --help)", self->name);
  redress_time now = redress_desk_now(a->desk), at = now;
  int rc = arg_time(&at, a, in, "at", now);
  if (rc != EXIT_OK) return rc;
  for (int i = 0; i < SAVE_ATTEMPTS; i++) {
    rc = attempt(a, in, self, at);
    if (rc != RETRY) return rc;
  }
  return app_fail(a, "%s %s: the complaint kept changing under %d attempts", self->name,
                  in->pos[0], SAVE_ATTEMPTS);
}
