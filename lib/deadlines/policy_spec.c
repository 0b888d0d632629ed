/* Policies as text: a desk's policy set loaded from a spec, and a policy printed back
 * as its canonical spec (docs/deadlines.md, "Policy specs"). */
#include "deadlines/policy.h"

#include <string.h>

#define MAX_SPEC_BYTES (1u << 20)

/* Adds every policy of l, or none: on a refusal the ones added are taken back. */
static int add_all(redress_desk *desk, const rd_policy_list *l) {
  for (size_t i = 0; i < l->n; i++) {
    int rc = rd_policy_add(desk, &l->items[i]);
    if (rc == REDRESS_OK) continue;
    char msg[RD_ERRMSG_BYTES];
    memcpy(msg, rd_ctx_of(desk)->errmsg, sizeof msg);
    for (size_t k = 0; k < i; k++) rd_policy_remove_last(desk);
    return rd_fail(desk, rc, "policy spec: policy %zu ('%.64s'): %.400s", i + 1, l->items[i].name,
                   msg);
  }
  return REDRESS_OK;
}

int redress_desk_load_policies(redress_desk *desk, const char *spec, size_t len) {
  if (desk == NULL) return REDRESS_ERR_INVALID;
  if (spec == NULL) return rd_fail(desk, REDRESS_ERR_INVALID, "load_policies: spec is required");
  rd_ok(desk);
  if (len > MAX_SPEC_BYTES)
    return rd_fail(desk, REDRESS_ERR_RANGE, "policy spec: longer than %u bytes", MAX_SPEC_BYTES);
  if (!rd_utf8_valid(spec, len))
    return rd_fail(desk, REDRESS_ERR_INVALID, "policy spec: not UTF-8");
  rd_policy_list l;
  int rc = rd_policy_spec_parse(&l, desk, spec, len);
  if (rc != REDRESS_OK) return rc;
  rc = add_all(desk, &l);
  rd_policy_list_free(desk, &l);
  return rc;
}

/* Hands the text to the host in a block it frees with redress_free(). */
static int hand_over(char **out, size_t *out_len, redress_desk *desk, rd_text *t) {
  char *block = t->failed ? NULL : rd_block_new(rd_desk_alloc(desk), t->len + 1);
  if (block != NULL) {
    if (t->len > 0) memcpy(block, t->buf, t->len);
    block[t->len] = '\0';
  }
  rd_free(rd_desk_alloc(desk), t->buf);
  if (block == NULL) return rd_fail(desk, REDRESS_ERR_NOMEM, "policy_spec: out of memory");
  *out = block;
  if (out_len != NULL) *out_len = t->len;
  return REDRESS_OK;
}

int redress_policy_spec(char **out, size_t *out_len, redress_desk *desk,
                        const redress_policy *policy) {
  if (desk == NULL) return REDRESS_ERR_INVALID;
  if (out == NULL) return rd_fail(desk, REDRESS_ERR_INVALID, "policy_spec: out is required");
  rd_ok(desk);
  rd_text t = {rd_desk_alloc(desk), NULL, 0, 0, 0};
  if (policy != NULL) {
    /* printed only what the desk would take, so that the text parses back */
    int rc = rd_policy_check(desk, policy);
    if (rc != REDRESS_OK) return rc;
    redress_policy given = rd_policy_of_version(policy);
    rd_policy_print(&t, &given);
  } else {
    const rd_deadline_ctx *dx = rd_deadline_ctx_of_const(desk);
    for (size_t i = 0; i < dx->n_policies; i++) {
      if (i > 0) rd_text_put(&t, "\n", 1);
      rd_policy_print(&t, &dx->policies[i]->p);
    }
  }
  return hand_over(out, out_len, desk, &t);
}
