/* Creating complaints: every field kept, every bad input refused with nothing leaked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

static void every_field_is_kept(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint_fields in = th_full_init("c-1");
  redress_complaint *c = NULL;
  assert_int_equal(redress_complaint_create(&c, t.desk, &in), REDRESS_OK);
  assert_string_equal(redress_desk_errmsg(t.desk), "");
  assert_string_equal(redress_complaint_id(c), "c-1");
  assert_string_equal(redress_complaint_string(c, REDRESS_FIELD_CUSTOMER_ID), "cust-42");
  assert_string_equal(redress_complaint_string(c, REDRESS_FIELD_CUSTOMER_TIER), "gold");
  assert_string_equal(redress_complaint_string(c, REDRESS_FIELD_CATEGORY), "billing");
  assert_string_equal(redress_complaint_string(c, REDRESS_FIELD_TEXT), in.text);
  assert_string_equal(redress_complaint_string(c, REDRESS_FIELD_REQUESTED_REMEDY), "refund");
  assert_int_equal(th_number(c, REDRESS_FIELD_CUSTOMER_VALUE), 250000);
  assert_int_equal(((int)th_number(c, REDRESS_FIELD_CHANNEL)), REDRESS_CHANNEL_EMAIL);
  assert_int_equal(((int)th_number(c, REDRESS_FIELD_SEVERITY)), REDRESS_SEVERITY_HIGH);
  assert_int_equal(th_number(c, REDRESS_FIELD_RECEIVED_AT), TH_T0);
  assert_int_equal(th_number(c, REDRESS_FIELD_UPDATED_AT), TH_T0);
  assert_int_equal(th_number(c, REDRESS_FIELD_ORDER_VALUE), 4990);
  assert_int_equal(th_number(c, REDRESS_FIELD_CLAIMED_AMOUNT), 4990);
  assert_int_equal(th_number(c, REDRESS_FIELD_EXPECTATION), 4990);
  assert_int_equal(th_number(c, REDRESS_FIELD_BOTTOM_LINE), 2500);
  assert_int_equal(((uint32_t)th_number(c, REDRESS_FIELD_PRIOR_COMPLAINTS)), 2);
  assert_int_equal(th_number(c, REDRESS_FIELD_PRIOR_COMPENSATION), 1000);
  assert_int_equal(redress_complaint_state(c), REDRESS_STATE_RECEIVED);
  assert_int_equal(((int)th_number(c, REDRESS_FIELD_DECISION)), REDRESS_DECISION_NONE);
  assert_int_equal(((int)th_number(c, REDRESS_FIELD_LEGITIMACY)), REDRESS_LEGITIMACY_UNKNOWN);
  assert_int_equal(((int)th_number(c, REDRESS_FIELD_SATISFACTION)), 0);
  assert_int_equal(th_number(c, REDRESS_FIELD_COMPENSATION), REDRESS_AMOUNT_UNKNOWN);
  assert_int_equal(((uint64_t)th_number(c, REDRESS_FIELD_REVISION)), 0);
  assert_int_equal(redress_complaint_event_count(c), 1);
  assert_null(redress_complaint_string(c, REDRESS_FIELD_POINT));
  assert_null(redress_complaint_string(c, REDRESS_FIELD_DEMAND));
  assert_null(redress_complaint_string(c, REDRESS_FIELD_REMEDY));
  redress_complaint_free(c);
  th_desk_close(&t);
}

static void minimal_init_defaults(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint_fields in = redress_complaint_fields_init();
  in.customer_id = "k";
  in.received_at = 0;
  redress_complaint *c = NULL;
  assert_int_equal(redress_complaint_create(&c, t.desk, &in), REDRESS_OK);
  assert_string_equal(redress_complaint_string(c, REDRESS_FIELD_TEXT), "");
  assert_null(redress_complaint_string(c, REDRESS_FIELD_CATEGORY));
  assert_null(redress_complaint_string(c, REDRESS_FIELD_CUSTOMER_TIER));
  assert_int_equal(((int)th_number(c, REDRESS_FIELD_CHANNEL)), REDRESS_CHANNEL_PHONE);
  assert_int_equal(((int)th_number(c, REDRESS_FIELD_SEVERITY)), REDRESS_SEVERITY_NORMAL);
  assert_int_equal(th_number(c, REDRESS_FIELD_ORDER_VALUE), REDRESS_AMOUNT_UNKNOWN);
  assert_int_equal(th_number(c, REDRESS_FIELD_BOTTOM_LINE), REDRESS_AMOUNT_UNKNOWN);
  redress_complaint_free(c);
  th_desk_close(&t);
}

/* Compared member by member: padding bytes are indeterminate. */
static void init_macro_matches_function(void **state) {
  (void)state;
  redress_complaint_fields a = REDRESS_COMPLAINT_FIELDS_INIT, b = redress_complaint_fields_init();
  assert_int_equal(a.version, b.version);
  assert_int_equal(a.version, REDRESS_COMPLAINT_FIELDS_VERSION);
  assert_true(a.id == b.id && a.customer_id == b.customer_id && a.customer_tier == b.customer_tier);
  assert_true(a.category == b.category && a.text == b.text && a.requested_remedy == b.requested_remedy);
  assert_int_equal(a.customer_value, b.customer_value);
  assert_int_equal(a.channel, b.channel);
  assert_int_equal(a.severity, b.severity);
  assert_int_equal(a.received_at, b.received_at);
  assert_int_equal(a.order_value, b.order_value);
  assert_int_equal(a.claimed_amount, b.claimed_amount);
  assert_int_equal(a.expectation, b.expectation);
  assert_int_equal(a.bottom_line, b.bottom_line);
  assert_int_equal(a.prior_complaints, b.prior_complaints);
  assert_int_equal(a.prior_compensation, b.prior_compensation);
  redress_desk_options oa = REDRESS_DESK_OPTIONS_INIT, ob = redress_desk_options_init();
  assert_int_equal(oa.version, ob.version);
  assert_true(oa.allocator == ob.allocator && oa.clock == ob.clock && oa.clock_ud == ob.clock_ud);
  assert_true(oa.store == ob.store && oa.zoneinfo_dir == ob.zoneinfo_dir);
  redress_allocator aa = REDRESS_ALLOCATOR_INIT, ab = redress_allocator_init();
  assert_int_equal(aa.version, ab.version);
  assert_true(aa.alloc == ab.alloc && aa.realloc == ab.realloc && aa.free == ab.free &&
              aa.ud == ab.ud);
  redress_store sa = REDRESS_STORE_INIT, sb = redress_store_init();
  assert_int_equal(sa.version, sb.version);
  assert_true(sa.ud == sb.ud && sa.load == sb.load && sa.save == sb.save &&
              sa.remove == sb.remove && sa.scan == sb.scan && sa.due == sb.due &&
              sa.by_customer == sb.by_customer && sa.destroy == sb.destroy);
}

static void generated_ids_are_unique_and_sortable(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  char prev[REDRESS_MAX_ID_BYTES + 1] = "";
  for (int i = 0; i < 50; i++) {
    redress_complaint_fields in = th_full_init(NULL);
    in.received_at = TH_T0 + i / 10;
    redress_complaint *c = NULL;
    assert_int_equal(redress_complaint_create(&c, t.desk, &in), REDRESS_OK);
    const char *id = redress_complaint_id(c);
    assert_true(strlen(id) > 0);
    assert_true(strcmp(prev, id) < 0);
    snprintf(prev, sizeof prev, "%s", id);
    redress_complaint_free(c);
  }
  th_desk_close(&t);
}

/* A bad init returns want, writes nothing to *out and leaks nothing. */
static void expect_bad(redress_desk *desk, const redress_complaint_fields *in, int want) {
  redress_complaint *c = (redress_complaint *)(uintptr_t)0x1;
  assert_int_equal(redress_complaint_create(&c, desk, in), want);
  assert_ptr_equal(c, (redress_complaint *)(uintptr_t)0x1);
  assert_true(strlen(redress_desk_errmsg(desk)) > 0);
}

static void bad_init_is_refused(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  static char big_text[REDRESS_MAX_TEXT_BYTES + 2];
  memset(big_text, 'a', sizeof big_text - 1);
  char long_id[REDRESS_MAX_ID_BYTES + 2];
  memset(long_id, 'i', sizeof long_id - 1);
  long_id[sizeof long_id - 1] = '\0';
  redress_complaint_fields in;
#define BAD(field, value, code) \
  in = th_full_init("c-1");     \
  in.field = value;             \
  expect_bad(t.desk, &in, code)
  BAD(version, 0, REDRESS_ERR_VERSION);
  BAD(version, REDRESS_COMPLAINT_FIELDS_VERSION + 1, REDRESS_ERR_VERSION);
  BAD(customer_id, NULL, REDRESS_ERR_INVALID);
  BAD(customer_id, "", REDRESS_ERR_INVALID);
  BAD(customer_id, "bad\xC0\xAF", REDRESS_ERR_INVALID);
  BAD(id, "", REDRESS_ERR_INVALID);
  BAD(id, long_id, REDRESS_ERR_RANGE);
  BAD(text, big_text, REDRESS_ERR_RANGE);
  BAD(text, "caf\xE9", REDRESS_ERR_INVALID);
  BAD(text, "\xF4\x90\x80\x80", REDRESS_ERR_INVALID);
  BAD(text, "\xE0\x80\xAF", REDRESS_ERR_INVALID);
  BAD(category, "\x80", REDRESS_ERR_INVALID);
  BAD(customer_tier, "\xF0\x9F\x98", REDRESS_ERR_INVALID);
  BAD(requested_remedy, "\xFE", REDRESS_ERR_INVALID);
  BAD(channel, -1, REDRESS_ERR_INVALID);
  BAD(channel, REDRESS_CHANNEL_COUNT, REDRESS_ERR_INVALID);
  BAD(severity, REDRESS_SEVERITY_COUNT, REDRESS_ERR_INVALID);
  BAD(received_at, -1, REDRESS_ERR_INVALID);
  BAD(received_at, REDRESS_TIME_MAX + 1, REDRESS_ERR_INVALID);
  BAD(received_at, INT64_MIN, REDRESS_ERR_INVALID);
  BAD(order_value, -2, REDRESS_ERR_INVALID);
  BAD(claimed_amount, INT64_MIN, REDRESS_ERR_INVALID);
  BAD(customer_value, -100, REDRESS_ERR_INVALID);
  BAD(expectation, -3, REDRESS_ERR_INVALID);
  BAD(bottom_line, -3, REDRESS_ERR_INVALID);
  BAD(prior_compensation, -1, REDRESS_ERR_INVALID);
#undef BAD
  redress_complaint *c = NULL;
  in = th_full_init("c-1");
  assert_int_equal(redress_complaint_create(NULL, t.desk, &in), REDRESS_ERR_INVALID);
  assert_int_equal(redress_complaint_create(&c, NULL, &in), REDRESS_ERR_INVALID);
  assert_int_equal(redress_complaint_create(&c, t.desk, NULL), REDRESS_ERR_INVALID);
  assert_null(c);
  th_desk_close(&t);
}

static void valid_utf8_is_accepted(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint_fields in = th_full_init("고객-불만-1");
  in.text = "배송이 너무 늦어요 ㅠㅠ 退款！ \xF0\x9F\x98\xA1 \xF4\x8F\xBF\xBF";
  in.customer_id = "客户-7";
  redress_complaint *c = NULL;
  assert_int_equal(redress_complaint_create(&c, t.desk, &in), REDRESS_OK);
  assert_string_equal(redress_complaint_id(c), "고객-불만-1");
  assert_string_equal(redress_complaint_string(c, REDRESS_FIELD_TEXT), in.text);
  redress_complaint_free(c);
  th_desk_close(&t);
}


/* Ids and names are printed by hosts on one line and matched: a control character
 * (C0, DEL, C1) in one could rewrite a terminal or split a line, so it is refused.
 * Free text (the complaint's text, notes) keeps them. */
static const char *const controls[] = {
    "a\x1b[31mred",   /* ESC, a terminal colour */
    "a\rb",           /* carriage return */
    "a\nb",           /* newline */
    "\x01",           /* the first C0 after NUL */
    "a\x1f",          /* the last C0 */
    "a\x7f",          /* DEL */
    "a\xc2\x80",      /* U+0080, the first C1 */
    "a\xc2\x85",      /* U+0085 NEL, a line break */
    ("a\xc2\x9b" "2J"), /* U+009B CSI, split so that "2J" is not read as hex */
    "a\xc2\x9f",      /* U+009F, the last C1 */
};

static void expect_control_refused(redress_desk *desk, int rc, const char *what) {
  assert_int_equal(rc, REDRESS_ERR_INVALID);
  const char *msg = redress_desk_errmsg(desk);
  if (strncmp(msg, what, strlen(what)) != 0 || strstr(msg, "control character") == NULL)
    fail_msg("message \"%s\" does not name %s and the control character", msg, what);
}

static void ids_refuse_control_characters(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint_fields in = th_full_init("c-ok");
  redress_complaint *c = NULL;
  assert_int_equal(redress_complaint_create(&c, t.desk, &in), REDRESS_OK);
  for (size_t i = 0; i < sizeof controls / sizeof controls[0]; i++) {
    redress_complaint *bad = (redress_complaint *)(uintptr_t)0x1;
    in = th_full_init(controls[i]);
    expect_control_refused(t.desk, redress_complaint_create(&bad, t.desk, &in), "id ");
    in = th_full_init("c-1");
    in.customer_id = controls[i];
    expect_control_refused(t.desk, redress_complaint_create(&bad, t.desk, &in), "customer_id ");
    in = th_full_init("c-1");
    in.category = controls[i];
    expect_control_refused(t.desk, redress_complaint_create(&bad, t.desk, &in), "category ");
    in = th_full_init("c-1");
    in.customer_tier = controls[i];
    expect_control_refused(t.desk, redress_complaint_create(&bad, t.desk, &in), "customer_tier ");
    assert_ptr_equal(bad, (redress_complaint *)(uintptr_t)0x1);
    expect_control_refused(t.desk, redress_complaint_acknowledge(c, TH_T0, controls[i], NULL),
                           "actor ");
    expect_control_refused(t.desk, redress_complaint_set_attr(c, controls[i], "v"),
                           "attribute key ");
    expect_control_refused(t.desk,
                           redress_complaint_escalate(c, TH_T0, "ann", NULL, controls[i]), "to ");
  }
  assert_int_equal(redress_complaint_event_count(c), 1);
  assert_int_equal(redress_complaint_attr_count(c), 0);
  /* just above the C1 block, and free text, are accepted */
  assert_int_equal(redress_complaint_acknowledge(c, TH_T0, "ann\xc2\xa0lee", "line 1\r\nline 2\x1b"),
                   REDRESS_OK);
  assert_int_equal(redress_complaint_set_attr(c, "k\xc2\xa0", "a\nb\x7f"), REDRESS_OK);
  redress_complaint_free(c);
  in = th_full_init("c-\xc2\xa0~");
  in.text = "tab\there\x1b[0m";
  assert_int_equal(redress_complaint_create(&c, t.desk, &in), REDRESS_OK);
  redress_complaint_free(c);
  th_desk_close(&t);
}

/* Every field read on a NULL complaint or event, and every misuse of the field
 * getters: a number read as text, an event-only field on a complaint, an unknown field. */
static void null_getters(void **state) {
  (void)state;
  assert_null(redress_complaint_id(NULL));
  assert_int_equal(redress_complaint_state(NULL), -1);
  int64_t v = 42;
  for (int f = 0; f < REDRESS_FIELD_COUNT; f++) {
    assert_null(redress_complaint_string(NULL, f));
    assert_int_equal(redress_complaint_number(&v, NULL, f), REDRESS_ERR_INVALID);
    assert_null(redress_event_string(NULL, f));
    assert_int_equal(redress_event_number(&v, NULL, f), REDRESS_ERR_INVALID);
  }
  assert_int_equal(v, 42); /* outputs are written only on success */
  assert_int_equal(redress_complaint_event_count(NULL), 0);
  assert_null(redress_complaint_event(NULL, 0));

  th_desk t;
  th_desk_open(&t);
  redress_complaint_fields in = th_full_init("c-1");
  redress_complaint *c = NULL;
  assert_int_equal(redress_complaint_create(&c, t.desk, &in), REDRESS_OK);
  const redress_event *e = redress_complaint_event(c, 0);
  assert_int_equal(redress_complaint_number(NULL, c, REDRESS_FIELD_CHANNEL), REDRESS_ERR_INVALID);
  assert_int_equal(redress_event_number(NULL, e, REDRESS_FIELD_SEQ), REDRESS_ERR_INVALID);
  /* a text field read as a number, a number read as text: refused */
  assert_int_equal(redress_complaint_number(&v, c, REDRESS_FIELD_CATEGORY), REDRESS_ERR_INVALID);
  assert_null(redress_complaint_string(c, REDRESS_FIELD_CHANNEL));
  assert_int_equal(redress_event_number(&v, e, REDRESS_FIELD_ACTOR), REDRESS_ERR_INVALID);
  assert_null(redress_event_string(e, REDRESS_FIELD_KIND));
  /* unknown fields */
  assert_int_equal(redress_complaint_number(&v, c, -1), REDRESS_ERR_INVALID);
  assert_int_equal(redress_complaint_number(&v, c, REDRESS_FIELD_COUNT), REDRESS_ERR_INVALID);
  assert_null(redress_complaint_string(c, REDRESS_FIELD_COUNT));
  assert_int_equal(redress_event_number(&v, e, REDRESS_FIELD_COUNT), REDRESS_ERR_INVALID);
  /* fields only events carry, and fields only complaints carry */
  assert_int_equal(redress_complaint_number(&v, c, REDRESS_FIELD_SEQ), REDRESS_ERR_NOTFOUND);
  assert_int_equal(redress_complaint_number(&v, c, REDRESS_FIELD_DUE), REDRESS_ERR_NOTFOUND);
  assert_null(redress_complaint_string(c, REDRESS_FIELD_ACTOR));
  assert_int_equal(redress_event_number(&v, e, REDRESS_FIELD_REVISION), REDRESS_ERR_NOTFOUND);
  assert_null(redress_event_string(e, REDRESS_FIELD_CUSTOMER_ID));
  assert_int_equal(v, 42);
  /* and the fields every event carries, on the CREATE event */
  assert_int_equal(th_event_number(e, REDRESS_FIELD_SEQ), 1);
  assert_int_equal(th_event_number(e, REDRESS_FIELD_KIND), REDRESS_EVENT_CREATE);
  assert_int_equal(th_event_number(e, REDRESS_FIELD_AT), TH_T0);
  assert_string_equal(redress_event_string(e, REDRESS_FIELD_ACTOR), "cust-42");
  assert_null(redress_event_string(e, REDRESS_FIELD_NOTE));
  assert_int_equal(redress_event_number(&v, e, REDRESS_FIELD_DUE), REDRESS_ERR_NOTFOUND);
  redress_complaint_free(c);
  th_desk_close(&t);
  redress_complaint_free(NULL);
}

static void attributes(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint_fields in = th_full_init("c-1");
  redress_complaint *c = NULL;
  assert_int_equal(redress_complaint_create(&c, t.desk, &in), REDRESS_OK);
  assert_int_equal(redress_complaint_set_attr(c, "store", "Berlin"), REDRESS_OK);
  assert_int_equal(redress_complaint_set_attr(c, "agent_team", "B"), REDRESS_OK);
  assert_int_equal(redress_complaint_set_attr(c, "언어", "한국어"), REDRESS_OK);
  assert_int_equal(redress_complaint_set_attr(c, "store", "Hamburg"), REDRESS_OK);
  assert_int_equal(redress_complaint_attr_count(c), 3);
  assert_string_equal(redress_complaint_attr(c, "store"), "Hamburg");
  assert_null(redress_complaint_attr(c, "missing"));
  const char *k = NULL, *v = NULL;
  assert_int_equal(redress_complaint_attr_at(&k, &v, c, 0), REDRESS_OK);
  assert_string_equal(k, "agent_team");
  assert_int_equal(redress_complaint_attr_at(&k, NULL, c, 2), REDRESS_OK);
  assert_string_equal(k, "언어");
  assert_int_equal(redress_complaint_attr_at(&k, &v, c, 3), REDRESS_ERR_NOTFOUND);
  assert_int_equal(redress_complaint_attr_at(&k, &v, NULL, 0), REDRESS_ERR_INVALID);
  assert_int_equal(redress_complaint_unset_attr(c, "agent_team"), REDRESS_OK);
  assert_int_equal(redress_complaint_unset_attr(c, "agent_team"), REDRESS_ERR_NOTFOUND);
  assert_int_equal(redress_complaint_unset_attr(NULL, "x"), REDRESS_ERR_INVALID);
  assert_int_equal(redress_complaint_unset_attr(c, NULL), REDRESS_ERR_INVALID);
  assert_int_equal(redress_complaint_attr_count(c), 2);
  /* bad input, nothing changed */
  char long_key[REDRESS_MAX_ATTR_KEY_BYTES + 2];
  memset(long_key, 'k', sizeof long_key - 1);
  long_key[sizeof long_key - 1] = '\0';
  static char long_value[REDRESS_MAX_ATTR_VALUE_BYTES + 2];
  memset(long_value, 'v', sizeof long_value - 1);
  assert_int_equal(redress_complaint_set_attr(NULL, "a", "b"), REDRESS_ERR_INVALID);
  assert_int_equal(redress_complaint_set_attr(c, NULL, "b"), REDRESS_ERR_INVALID);
  assert_int_equal(redress_complaint_set_attr(c, "", "b"), REDRESS_ERR_INVALID);
  assert_int_equal(redress_complaint_set_attr(c, "a", NULL), REDRESS_ERR_INVALID);
  assert_int_equal(redress_complaint_set_attr(c, "a", "\xC3"), REDRESS_ERR_INVALID);
  assert_int_equal(redress_complaint_set_attr(c, long_key, "b"), REDRESS_ERR_RANGE);
  assert_int_equal(redress_complaint_set_attr(c, "a", long_value), REDRESS_ERR_RANGE);
  assert_int_equal(redress_complaint_attr_count(c), 2);
  for (int i = 2; i < REDRESS_MAX_ATTRS; i++) {
    char key[16];
    snprintf(key, sizeof key, "k%03d", i);
    assert_int_equal(redress_complaint_set_attr(c, key, "v"), REDRESS_OK);
  }
  assert_int_equal(redress_complaint_set_attr(c, "one-too-many", "v"), REDRESS_ERR_RANGE);
  assert_int_equal(redress_complaint_set_attr(c, "store", "replacing is fine"), REDRESS_OK);
  assert_int_equal(redress_complaint_attr_count(c), REDRESS_MAX_ATTRS);
  assert_null(redress_complaint_attr(NULL, "store"));
  assert_null(redress_complaint_attr(c, NULL));
  assert_int_equal(redress_complaint_attr_count(NULL), 0);
  redress_complaint_free(c);
  th_desk_close(&t);
}

static void clone_is_independent(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint_fields in = th_full_init("c-1");
  redress_complaint *c = NULL, *copy = NULL;
  assert_int_equal(redress_complaint_create(&c, t.desk, &in), REDRESS_OK);
  assert_int_equal(redress_complaint_set_attr(c, "a", "1"), REDRESS_OK);
  assert_int_equal(redress_complaint_acknowledge(c, TH_T0 + 1, "ann", "hello"), REDRESS_OK);
  assert_int_equal(redress_complaint_clone(&copy, c), REDRESS_OK);
  assert_int_equal(redress_complaint_acknowledge(copy, TH_T0 + 2, "ann", NULL),
                   REDRESS_ERR_STATE);
  assert_int_equal(redress_complaint_investigate(copy, TH_T0 + 2, "ann", NULL, "p", NULL),
                   REDRESS_OK);
  assert_int_equal(redress_complaint_state(c), REDRESS_STATE_ACKNOWLEDGED);
  assert_int_equal(redress_complaint_state(copy), REDRESS_STATE_INVESTIGATING);
  assert_string_equal(redress_complaint_attr(copy, "a"), "1");
  assert_string_equal(redress_event_string(redress_complaint_event(copy, 1), REDRESS_FIELD_NOTE), "hello");
  assert_int_equal(redress_complaint_clone(NULL, c), REDRESS_ERR_INVALID);
  assert_int_equal(redress_complaint_clone(&copy, NULL), REDRESS_ERR_INVALID);
  redress_complaint_free(copy);
  redress_complaint_free(c);
  th_desk_close(&t);
}

static void enum_names(void **state) {
  (void)state;
  assert_string_equal(redress_enum_name(REDRESS_ENUM_CHANNEL, REDRESS_CHANNEL_IN_PERSON),
                      "in_person");
  assert_string_equal(redress_enum_name(REDRESS_ENUM_STATE, REDRESS_STATE_AWAITING_CUSTOMER),
                      "awaiting_customer");
  assert_string_equal(redress_enum_name(REDRESS_ENUM_DECISION, REDRESS_DECISION_PARTLY_UPHELD),
                      "partly_upheld");
  assert_string_equal(redress_enum_name(REDRESS_ENUM_LEGITIMACY, REDRESS_LEGITIMACY_MALICIOUS),
                      "malicious");
  assert_string_equal(redress_enum_name(REDRESS_ENUM_SEVERITY, REDRESS_SEVERITY_CRITICAL),
                      "critical");
  assert_string_equal(redress_enum_name(REDRESS_ENUM_EVENT_KIND, REDRESS_EVENT_SET_SEVERITY),
                      "set_severity");
  assert_null(redress_enum_name(REDRESS_ENUM_CHANNEL, REDRESS_CHANNEL_COUNT));
  assert_null(redress_enum_name(REDRESS_ENUM_CHANNEL, -1));
  assert_null(redress_enum_name(99, 0));
  assert_null(redress_enum_name(-1, 0));
}

/* An optional string given as "" is no value: the getters promise "or NULL if none",
 * so a host tests one thing, and the complaint, its JSON and its reloaded copy agree. */
static void empty_optional_strings_are_none(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint_fields in = REDRESS_COMPLAINT_FIELDS_INIT;
  in.id = "c-empty";
  in.customer_id = "cust-1";
  in.customer_tier = "";
  in.category = "";
  in.requested_remedy = "";
  in.received_at = TH_T0;
  redress_complaint *c = NULL;
  assert_int_equal(redress_complaint_create(&c, t.desk, &in), REDRESS_OK);
  assert_null(redress_complaint_string(c, REDRESS_FIELD_CUSTOMER_TIER));
  assert_null(redress_complaint_string(c, REDRESS_FIELD_CATEGORY));
  assert_null(redress_complaint_string(c, REDRESS_FIELD_REQUESTED_REMEDY));
  assert_string_equal(redress_complaint_string(c, REDRESS_FIELD_TEXT), ""); /* required text: NULL reads "" */
  assert_int_equal(redress_complaint_acknowledge(c, TH_T0 + 1, "ann", ""), REDRESS_OK);
  assert_int_equal(redress_complaint_investigate(c, TH_T0 + 2, "ann", NULL, "", ""), REDRESS_OK);
  assert_int_equal(redress_complaint_escalate(c, TH_T0 + 3, "ann", "", ""), REDRESS_OK);
  assert_int_equal(redress_complaint_respond(c, TH_T0 + 4, "ann", "", REDRESS_DECISION_DECLINED,
                                             "", REDRESS_AMOUNT_UNKNOWN), REDRESS_OK);
  assert_null(redress_event_string(redress_complaint_event(c, 1), REDRESS_FIELD_NOTE));
  const redress_event *investigate = redress_complaint_event(c, 2);
  assert_string_equal(redress_event_string(investigate, REDRESS_FIELD_POINT), ""); /* required */
  assert_null(redress_event_string(investigate, REDRESS_FIELD_DEMAND));
  assert_null(redress_complaint_string(c, REDRESS_FIELD_DEMAND));
  assert_null(redress_event_string(redress_complaint_event(c, 3), REDRESS_FIELD_TO));
  assert_null(redress_event_string(redress_complaint_event(c, 3), REDRESS_FIELD_NOTE));
  assert_null(redress_event_string(redress_complaint_event(c, 4), REDRESS_FIELD_REMEDY));
  assert_null(redress_complaint_string(c, REDRESS_FIELD_REMEDY));

  const char *want =
      "{\"v\":1,\"id\":\"c-empty\",\"customer_id\":\"cust-1\",\"channel\":\"phone\","
      "\"severity\":\"normal\",\"text\":\"\",\"received_at\":1795424400,\"prior_complaints\":0,"
      "\"prior_compensation\":0,\"state\":\"responded\",\"attrs\":{},\"events\":["
      "{\"seq\":1,\"kind\":\"create\",\"at\":1795424400,\"actor\":\"cust-1\"},"
      "{\"seq\":2,\"kind\":\"acknowledge\",\"at\":1795424401,\"actor\":\"ann\"},"
      "{\"seq\":3,\"kind\":\"investigate\",\"at\":1795424402,\"actor\":\"ann\",\"point\":\"\"},"
      "{\"seq\":4,\"kind\":\"escalate\",\"at\":1795424403,\"actor\":\"ann\"},"
      "{\"seq\":5,\"kind\":\"respond\",\"at\":1795424404,\"actor\":\"ann\",\"decision\":\"declined\"}]}";
  char *doc = NULL;
  assert_int_equal(redress_complaint_to_json(&doc, NULL, c), REDRESS_OK);
  assert_string_equal(doc, want);
  redress_free(doc);

  /* A document that spells the empty values out (as older versions wrote them) reads
   * as the same complaint and re-encodes to the same bytes. */
  const char *spelled =
      "{\"v\":1,\"id\":\"c-empty\",\"customer_id\":\"cust-1\",\"customer_tier\":\"\","
      "\"channel\":\"phone\",\"category\":\"\",\"severity\":\"normal\",\"text\":\"\","
      "\"received_at\":1795424400,\"requested_remedy\":\"\",\"attrs\":{},\"events\":["
      "{\"seq\":1,\"kind\":\"create\",\"at\":1795424400,\"actor\":\"cust-1\"},"
      "{\"seq\":2,\"kind\":\"acknowledge\",\"at\":1795424401,\"actor\":\"ann\",\"note\":\"\"},"
      "{\"seq\":3,\"kind\":\"investigate\",\"at\":1795424402,\"actor\":\"ann\",\"point\":\"\",\"demand\":\"\"},"
      "{\"seq\":4,\"kind\":\"escalate\",\"at\":1795424403,\"actor\":\"ann\",\"note\":\"\",\"to\":\"\"},"
      "{\"seq\":5,\"kind\":\"respond\",\"at\":1795424404,\"actor\":\"ann\",\"note\":\"\",\"decision\":\"declined\",\"remedy\":\"\"}]}";
  redress_complaint *back = NULL;
  assert_int_equal(redress_complaint_from_json(&back, t.desk, spelled, strlen(spelled)), REDRESS_OK);
  assert_null(redress_complaint_string(back, REDRESS_FIELD_CATEGORY));
  assert_null(redress_complaint_string(back, REDRESS_FIELD_CUSTOMER_TIER));
  assert_null(redress_complaint_string(back, REDRESS_FIELD_REQUESTED_REMEDY));
  assert_null(redress_complaint_string(back, REDRESS_FIELD_REMEDY));
  assert_int_equal(redress_complaint_to_json(&doc, NULL, back), REDRESS_OK);
  assert_string_equal(doc, want);
  redress_free(doc);
  redress_complaint_free(back);
  redress_complaint_free(c);
  th_desk_close(&t);
}

/* A policy filter of "" could never match (no complaint keeps an empty category or
 * tier), so it is refused rather than silently dead; NULL matches any. */
static void empty_policy_filters_are_refused(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_policy p = REDRESS_POLICY_INIT;
  p.name = "empty-category";
  p.category = "";
  assert_int_equal(redress_desk_add_policy(t.desk, &p), REDRESS_ERR_INVALID);
  assert_non_null(strstr(redress_desk_errmsg(t.desk), "pass NULL to match any"));
  p.category = NULL;
  p.customer_tier = "";
  assert_int_equal(redress_desk_add_policy(t.desk, &p), REDRESS_ERR_INVALID);
  p.customer_tier = NULL;
  assert_int_equal(redress_desk_add_policy(t.desk, &p), REDRESS_OK);
  th_desk_close(&t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_field_is_kept),
      cmocka_unit_test(minimal_init_defaults),
      cmocka_unit_test(init_macro_matches_function),
      cmocka_unit_test(generated_ids_are_unique_and_sortable),
      cmocka_unit_test(bad_init_is_refused),
      cmocka_unit_test(valid_utf8_is_accepted),
      cmocka_unit_test(ids_refuse_control_characters),
      cmocka_unit_test(null_getters),
      cmocka_unit_test(attributes),
      cmocka_unit_test(clone_is_independent),
      cmocka_unit_test(enum_names),
      cmocka_unit_test(empty_optional_strings_are_none),
      cmocka_unit_test(empty_policy_filters_are_refused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
