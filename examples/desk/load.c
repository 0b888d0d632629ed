/* Data loading: JSON lines as command options, and reading whole files and streams. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "desk.h"

/* "order_value" and "order-value" both name --order-value. */
static void option_name(char *out, size_t size, const char *key) {
  snprintf(out, size, "%s", key);
  for (char *p = out; *p != '\0'; p++)
    if (*p == '_') *p = '-';
}

static int listed(const char *const *names, const char *key) {
  for (size_t i = 0; names != NULL && names[i] != NULL; i++)
    if (strcmp(names[i], key) == 0) return 1;
  return 0;
}

/* "attrs": {"k": "v"} as repeated attr options "k=v"; the first '=' splits them
 * again, so a name holding one would be cut. */
static int add_attrs(args *out, app *a, const jvalue *attrs) {
  if (attrs->type != J_OBJECT) return app_fail(a, "attrs must be an object of strings");
  for (size_t i = 0; i < attrs->n; i++) {
    const jstr *key = &attrs->keys[i];
    const jvalue *value = &attrs->items[i];
    if (value->type != J_STRING) return app_fail(a, "attrs.%s must be a string", key->text);
    if (key->len == 0 || memchr(key->text, '=', key->len) != NULL)
      return app_fail(a, "attrs: \"%s\" is not an attribute name (empty, or holds '=')",
                      key->text);
    size_t n = key->len + 1 + value->len + 1;
    char *kv = malloc(n);
    if (kv != NULL) {
      memcpy(kv, key->text, key->len);
      kv[key->len] = '=';
      memcpy(kv + key->len + 1, value->text, value->len + 1);
    }
    if (args_keep(out, kv) == NULL || args_add(out, "attr", kv) != 0)
      return app_fail(a, "out of memory");
  }
  return EXIT_OK;
}

/* One member as one option: strings and numbers as their text, true as a flag. */
static int add_member(args *out, app *a, const opt_spec *spec, const jvalue *v) {
  if (v->type == J_FALSE || v->type == J_NULL) return EXIT_OK; /* not given */
  if (v->type == J_TRUE && spec->value != NULL)
    return app_fail(a, "%s needs a value, not true", spec->name);
  if ((v->type == J_STRING || v->type == J_NUMBER) && spec->value == NULL)
    return app_fail(a, "%s is a flag: give true or false", spec->name);
  if (v->type == J_ARRAY || v->type == J_OBJECT)
    return app_fail(a, "%s must be a string or a number", spec->name);
  if (args_add(out, spec->name, v->type == J_TRUE ? "1" : v->text) != 0)
    return app_fail(a, "out of memory");
  return EXIT_OK;
}

/* "order_value" and "order-value" in one object: the parser refused exact repeats, but
 * these two name one option, and keeping either would drop the other silently. */
static int alias_taken(app *a, const jvalue *object, size_t i, const char *name) {
  for (size_t j = 0; j < i; j++) {
    char earlier[64];
    option_name(earlier, sizeof earlier, object->keys[j].text);
    if (strcmp(earlier, name) == 0)
      return app_fail(a, "JSON: members \"%s\" and \"%s\" both name --%s",
                      object->keys[j].text, object->keys[i].text, name);
  }
  return EXIT_OK;
}

int args_from_json(args *out, app *a, const jvalue *object, const opt_spec *const *tables,
                   const char *const *skip) {
  if (object->type != J_OBJECT) return app_fail(a, "expected a JSON object");
  for (size_t i = 0; i < object->n; i++) {
    const char *key = object->keys[i].text;
    char name[64];
    option_name(name, sizeof name, key);
    if (alias_taken(a, object, i, name) != EXIT_OK) return EXIT_FAIL;
    if (listed(skip, key)) continue;
    int rc;
    const opt_spec *spec = opt_find(tables, name);
    if (strcmp(key, "attrs") == 0 && opt_find(tables, "attr") != NULL)
      rc = add_attrs(out, a, &object->items[i]);
    else if (spec == NULL || strcmp(name, "db") == 0 || strcmp(name, "help") == 0)
      rc = app_fail(a, "unknown member \"%s\"", key);
    else
      rc = add_member(out, a, spec, &object->items[i]);
    if (rc != EXIT_OK) return rc;
  }
  return EXIT_OK;
}

static int blank(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (strchr(" \t\r", s[i]) == NULL) return 0;
  return 1;
}

int each_line(app *a, const char *text, size_t len,
              int (*fn)(app *a, const char *line, size_t len, size_t number, void *ctx),
              void *ctx) {
  size_t number = 0;
  for (size_t start = 0; start < len;) {
    const char *nl = memchr(text + start, '\n', len - start);
    size_t end = nl != NULL ? (size_t)(nl - text) : len;
    number++;
    if (!blank(text + start, end - start)) {
      int rc = fn(a, text + start, end - start, number, ctx);
      if (rc != EXIT_OK) return rc;
    }
    start = end + 1;
  }
  return EXIT_OK;
}

int read_stream(app *a, FILE *f, const char *name, char **out, size_t *len) {
  size_t cap = 4096, n = 0;
  char *data = malloc(cap);
  while (data != NULL) {
    n += fread(data + n, 1, cap - n - 1, f);
    if (n < cap - 1) break;
    char *bigger = realloc(data, cap * 2);
    if (bigger == NULL) free(data);
    data = bigger;
    cap *= 2;
  }
  if (data == NULL) return app_fail(a, "out of memory reading %s", name);
  if (ferror(f)) {
    free(data);
    return app_fail(a, "cannot read %s", name);
  }
  data[n] = '\0';
  *out = data;
  *len = n;
  return EXIT_OK;
}

int read_file(app *a, const char *path, char **out, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return app_fail(a, "cannot open %s: %s", path, strerror(errno));
  int rc = read_stream(a, f, path, out, len);
  fclose(f);
  return rc;
}
