/* redress_classify and redress_classify_text: gather the signals, decide, and
 * hand back a verdict that explains itself. */
#include "classify/amount_starts.h"
#include "classify/ngram_walk.h"

#include <string.h>

static int build(redress_verdict **out, redress_desk *desk, const char *text, size_t len,
                 const redress_complaint *c) {
  rd_classifier *cls = NULL;
  int rc = rd_classifier_ready(&cls, desk);
  if (rc != REDRESS_OK) return rc;
  redress_verdict *v = NULL;
  rc = rd_verdict_new(&v, rd_desk_alloc(desk));
  if (rc != REDRESS_OK) return rd_fail(desk, rc, "classify: out of memory");
  rd_ngrams ngrams; /* on the stack, as the model's own walk kept them */
  rd_amount_starts starts;
  rc = rd_text_signals(v, cls, text, len, &ngrams, &starts);
  if (rc == REDRESS_OK) rc = rd_model_apply(v, &ngrams, text, len);
  size_t n_text = v->n_reasons;
  if (rc == REDRESS_OK && c != NULL) rc = rd_field_signals(v, desk, cls, c);
  if (rc != REDRESS_OK) {
    redress_verdict_free(v);
    if (rc == REDRESS_ERR_NOMEM) return rd_fail(desk, rc, "classify: out of memory");
    return rc; /* the history reader explained it */
  }
  rd_verdict_sort_text(v, n_text);
  rd_verdict_decide(v, &cls->options);
  v->playbook = rd_playbook(v);
  *out = v;
  rd_ok(desk);
  return REDRESS_OK;
}

int redress_classify(redress_verdict **out, redress_desk *desk,
                     const redress_complaint *complaint) {
  if (desk == NULL) return REDRESS_ERR_INVALID;
  if (out == NULL || complaint == NULL)
    return rd_fail(desk, REDRESS_ERR_INVALID, "classify: out and complaint are required");
  if (complaint->desk != desk)
    return rd_fail(desk, REDRESS_ERR_INVALID, "classify: the complaint belongs to another desk");
  const char *text = complaint->text != NULL ? complaint->text : "";
  return build(out, desk, text, strlen(text), complaint);
}

int redress_classify_text(redress_verdict **out, redress_desk *desk, const char *text,
                          size_t len) {
  if (desk == NULL) return REDRESS_ERR_INVALID;
  if (out == NULL || (text == NULL && len > 0))
    return rd_fail(desk, REDRESS_ERR_INVALID, "classify_text: out and text are required");
  if (len > REDRESS_MAX_TEXT_BYTES)
    return rd_fail(desk, REDRESS_ERR_RANGE, "classify_text: the text is longer than %d bytes",
                   REDRESS_MAX_TEXT_BYTES);
  if (len > 0 && !rd_utf8_valid(text, len))
    return rd_fail(desk, REDRESS_ERR_INVALID, "classify_text: the text is not valid UTF-8");
  /* Reasons hand the matched text out as C strings, which a NUL would cut short; a
   * complaint's own text (a C string) never holds one either. */
  const char *nul = len > 0 ? memchr(text, '\0', len) : NULL;
  if (nul != NULL)
    return rd_fail(desk, REDRESS_ERR_INVALID, "classify_text: NUL byte at byte %zu",
                   (size_t)(nul - text));
  return build(out, desk, len > 0 ? text : "", len, NULL);
}
