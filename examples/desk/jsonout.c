/* Members of the JSON lines that list and tick print: strings escaped, times in UTC,
 * enum values by the library's names. */
#include "cli.h"

void json_member_string(FILE *out, const char *name, const char *value, int first) {
  fprintf(out, "%s\"%s\":", first ? "" : ",", name);
  if (value == NULL) fputs("null", out);
  else print_json_string(out, value);
}

void json_member_time(FILE *out, const char *name, redress_time t) {
  char when[32];
  if (t == REDRESS_TIME_NEVER) {
    fprintf(out, ",\"%s\":null", name);
    return;
  }
  format_time_utc(when, sizeof when, t);
  fprintf(out, ",\"%s\":\"%s\"", name, when);
}

void json_member_enum(FILE *out, const char *name, int enumeration, int value) {
  const char *text = redress_enum_name(enumeration, value);
  if (text != NULL) fprintf(out, ",\"%s\":\"%s\"", name, text);
  else fprintf(out, ",\"%s\":%d", name, value); /* a value newer than this program */
}
