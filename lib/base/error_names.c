/* Names of return codes and the library version. */
#include "base/base.h"

const char *redress_strerror(int code) {
  switch (code) {
  case REDRESS_OK: return "REDRESS_OK: success";
  case REDRESS_ERR_INVALID: return "REDRESS_ERR_INVALID: invalid argument";
  case REDRESS_ERR_NOMEM: return "REDRESS_ERR_NOMEM: out of memory";
  case REDRESS_ERR_NOTFOUND: return "REDRESS_ERR_NOTFOUND: not found";
  case REDRESS_ERR_EXISTS: return "REDRESS_ERR_EXISTS: already exists";
  case REDRESS_ERR_CONFLICT: return "REDRESS_ERR_CONFLICT: revision conflict";
  case REDRESS_ERR_STATE: return "REDRESS_ERR_STATE: not allowed in this state";
  case REDRESS_ERR_STORE: return "REDRESS_ERR_STORE: store failure";
  case REDRESS_ERR_PARSE: return "REDRESS_ERR_PARSE: malformed input";
  case REDRESS_ERR_RANGE: return "REDRESS_ERR_RANGE: size or value out of range";
  case REDRESS_ERR_VERSION: return "REDRESS_ERR_VERSION: unknown struct version";
  case REDRESS_ERR_USER: return "REDRESS_ERR_USER: stopped by a callback";
  default: return "unknown error";
  }
}

const char *redress_version(void) { return REDRESS_VERSION_STRING; }

unsigned redress_version_number(void) { return REDRESS_VERSION_NUMBER; }
