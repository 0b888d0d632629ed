/* The words of a scenario: the lifecycle verbs with the keys each takes, libredress's
 * enumeration names ('-' and '_' alike), money and whole numbers. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sc.h"

/* Every verb of redress/lifecycle.h but create (a step of its own). */
const sc_verb sc_verbs[] = {
    {"acknowledge", "", 0},
    {"investigate", "point demand", 0},
    {"await-customer", "", 0},
    {"customer-reply", "", 0},
    {"customer-message", "", 0},
    {"respond", "decision remedy compensation", 0},
    {"fulfill", "", 0},
    {"resolve-on-the-spot", "decision remedy compensation", 0},
    {"confirm", "satisfaction", 0},
    {"close", "", 0},
    {"withdraw", "", 0},
    {"reopen", "", 0},
    {"note", "visible", 1},
    {"update", "", 0},
    {"promise", "due", 0},
    {"hold", "", 0},
    {"assess", "legitimacy", 0},
    {"escalate", "to", 0},
    {"set-severity", "severity", 0},
    {"await-third-party", "party", 0},
    {"third-party-reply", "", 0},
    {"migrate-policy", "", 0},
    {"move-channel", "channel", 0},
    {"assign", "owner team", 0},
};
const size_t sc_verb_count = sizeof sc_verbs / sizeof sc_verbs[0];

/* Equal with '-' and '_' taken as the same character. */
static int same_name(const char *a, const char *b) {
  for (; *a && *b; a++, b++) {
    char x = *a == '_' ? '-' : *a, y = *b == '_' ? '-' : *b;
    if (x != y) return 0;
  }
  return *a == *b;
}

int sc_verb_find(const char *name) {
  for (size_t i = 0; i < sc_verb_count; i++)
    if (same_name(sc_verbs[i].name, name)) return (int)i;
  return -1;
}

int sc_enum_find(int enumeration, const char *name) {
  for (int v = 0; v < 256; v++) {
    const char *n = redress_enum_name(enumeration, v);
    if (n != NULL && same_name(n, name)) return v;
  }
  return -1;
}

int sc_flag_find(int enumeration, const char *name) {
  for (int bit = 0; bit < 31; bit++) {
    const char *n = redress_enum_name(enumeration, 1 << bit);
    if (n != NULL && same_name(n, name)) return 1 << bit;
  }
  return -1;
}

const char *sc_enum_list(sc_arena *a, int enumeration) {
  int flags = enumeration == REDRESS_ENUM_RISK || enumeration == REDRESS_ENUM_PLAYBOOK;
  size_t len = 1;
  for (int v = 0; v < (flags ? 31 : 256); v++) {
    const char *n = redress_enum_name(enumeration, flags ? 1 << v : v);
    if (n != NULL) len += strlen(n) + 2;
  }
  char *out = sc_alloc(a, len);
  if (out == NULL) return "";
  for (int v = 0; v < (flags ? 31 : 256); v++) {
    const char *n = redress_enum_name(enumeration, flags ? 1 << v : v);
    if (n == NULL) continue;
    if (*out) strcat(out, ", ");
    size_t at = strlen(out);
    strcat(out, n);
    for (char *p = out + at; *p; p++)
      if (*p == '_') *p = '-';
  }
  return out;
}

int sc_integer(int64_t *out, const char *text, int64_t min, int64_t max) {
  if (*text == '\0' || *text == '+' || *text == ' ') return -1;
  errno = 0;
  char *end = NULL;
  long long v = strtoll(text, &end, 10);
  if (errno != 0 || *end != '\0' || v < min || v > max) return -1;
  *out = v;
  return 0;
}

int sc_money(int64_t *out, const char *text) {
  const char *dot = strchr(text, '.');
  int64_t whole = 0, cents = 0;
  size_t int_len = dot ? (size_t)(dot - text) : strlen(text);
  char head[24];
  if (int_len == 0 || int_len >= sizeof head) return -1;
  memcpy(head, text, int_len);
  head[int_len] = '\0';
  if (sc_integer(&whole, head, 0, INT64_MAX / 100 - 1) != 0) return -1;
  if (dot != NULL) {
    size_t frac = strlen(dot + 1);
    if (frac < 1 || frac > 2 || sc_integer(&cents, dot + 1, 0, 99) != 0) return -1;
    if (dot[1] == '-') return -1;
    if (frac == 1) cents *= 10;
  }
  *out = whole * 100 + cents;
  return 0;
}
