/* The top layer: the desk itself. Every layer's part of it comes first, in layer
 * order (base/base.h explains the chain); what follows is the desk's alone. */
#ifndef RD_DESK_INTERNAL_H
#define RD_DESK_INTERNAL_H

#include "classify/classify.h"

struct redress_desk {
  rd_classify_ctx layers; /* must stay first: lower layers reach their part through it */
};

#endif
