/**
 * @file redress.h
 * @brief libredress: an embeddable complaint-handling engine. The one header a host
 * includes.
 *
 * It includes every stable module header; each also reads well alone:
 *
 * | header | what |
 * |---|---|
 * | redress/common.h | conventions, versions, errors, limits, the allocator, enumeration names |
 * | redress/desk.h | the desk: allocator, clock, store, settings; save, load, remove, each |
 * | redress/complaint.h | complaint objects, their fields and attributes, canonical JSON |
 * | redress/lifecycle.h | the verbs that move a complaint, and its history |
 * | redress/calendar.h | business calendars and time arithmetic on them |
 * | redress/deadlines.h | policies, deadlines and the tick that raises alarms |
 * | redress/classify.h | temperament, legitimacy, risks, playbook, with reasons |
 * | redress/metrics.h | retention metrics |
 *
 * Two headers stand apart and are included explicitly: redress/sys/store.h, the
 * contract for writing a store adapter, and redress/experimental.h, calls outside
 * the ABI promise (docs/abi.md).
 */
/**
 * @page api_overview The API at a glance
 *
 * libredress handles customer complaints: each complaint is an object with a
 * lifecycle and an append-only history, checked against one transition table,
 * persisted through a store the host plugs in, with deadlines on business
 * calendars, a classifier that explains itself and retention metrics.
 *
 * A host includes redress.h, which includes the stable module headers listed on its
 * page; the conventions every call follows (return codes, outputs first, ownership,
 * versioned structs, thread rules) are set out at the top of redress/common.h. A store adapter also
 * includes redress/sys/store.h; calls outside the ABI promise are in
 * redress/experimental.h. Everything these headers declare, except
 * redress/experimental.h, is stable for the whole of libredress.so.1 (docs/abi.md).
 *
 * The guides are pages of this reference (and files of the source tree): the main
 * page is README.md (building, the desk application, storage), then guide.md (the
 * handling process on the API), deadlines.md, classification.md, metrics.md,
 * format.md (canonical JSON), abi.md, packaging.md, scaling.md and the others.
 */
#ifndef REDRESS_H
#define REDRESS_H

#include "redress/common.h"
#include "redress/desk.h"
#include "redress/complaint.h"
#include "redress/lifecycle.h"
#include "redress/calendar.h"
#include "redress/deadlines.h"
#include "redress/classify.h"
#include "redress/metrics.h"

#endif /* REDRESS_H */
