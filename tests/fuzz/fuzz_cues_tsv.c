/* libFuzzer target: the runtime cue loader (TSV) on arbitrary bytes. Whatever it
 * accepts must compile into a matcher that classifies text, including the TSV itself. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "redress.h"
#include "redress/experimental.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  redress_desk *desk = NULL;
  if (redress_desk_open(&desk, NULL) != REDRESS_OK) abort();
  const char *tsv = (const char *)data;
  int rc = redress_desk_add_cues(desk, tsv, size);
  if (rc != REDRESS_OK && rc != REDRESS_ERR_PARSE && rc != REDRESS_ERR_INVALID &&
      rc != REDRESS_ERR_RANGE)
    abort();
  if (rc != REDRESS_OK && redress_desk_errmsg(desk)[0] == '\0') abort(); /* explained */
  redress_verdict *v = NULL;
  static const char probe[] = "I am furious!!! 화났어요 ㅠㅠ 我要投诉到12315 order #A-1001";
  if (redress_classify_text(&v, desk, probe, sizeof probe - 1) != REDRESS_OK) abort();
  redress_verdict_free(v);
  if (redress_classify_text(&v, desk, tsv, size) == REDRESS_OK) redress_verdict_free(v);
  redress_desk_close(desk);
  return 0;
}
