/**
 * @file redress/calendar.h
 * @brief Business calendars: opening hours, holidays and time zones, and time
 * arithmetic on them (spans of calendar seconds, business seconds, business days).
 */
#ifndef REDRESS_CALENDAR_H
#define REDRESS_CALENDAR_H

#include "redress/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------- */
/** @name Calendars
 * A business calendar says when a desk is open: a time zone, weekly opening hours
 * in local wall time and holidays, written as text (grammar and worked examples in
 * docs/deadlines.md):
 * @code
 * tz=Europe/London                  # or a POSIX rule: tz=CET-1CEST,M3.5.0,M10.5.0/3
 * mon-fri 09:00-12:30,13:30-18:00   # weekly opening intervals; 24:00 may end one
 * sat 10:00-14:00
 * holiday 2026-12-25                # the whole local day closed
 * holiday 2026-12-31 13:00-18:00    # part of a day closed
 * @endcode
 * An instant is open when its local wall time lies in an opening interval of its
 * weekday and in no holiday: a wall-clock hour skipped by DST is never open, a
 * repeated one is open twice. A zone named from the tz database (`tz=Europe/London`)
 * follows its TZif file: the file's table of past and announced changes, then the
 * rule in its footer; a POSIX rule (`tz=CET-1CEST,M3.5.0,M10.5.0/3`) applies to
 * every year alike.
 *
 * A calendar is immutable once parsed. redress_calendar_add(),
 * redress_calendar_elapsed(), redress_calendar_is_open() and
 * redress_calendar_spec() neither allocate nor touch the desk, so any number of
 * threads may call them on one calendar at the same time. redress_calendar_parse()
 * and redress_calendar_free() use the desk's allocator and follow the desk's
 * thread rule. Arithmetic never loops over days or weeks: its cost grows with the
 * number of DST changes a span crosses (two a year), not with its length.
 * @{ */

/** @brief The unit of an amount of time added with redress_calendar_add(). */
typedef enum redress_span_unit {
  /** Plain seconds: opening hours and holidays do not matter. */
  REDRESS_SPAN_CALENDAR_SECONDS = 0,
  /** Open seconds: only time when the calendar is open counts. */
  REDRESS_SPAN_BUSINESS_SECONDS = 1,
  /** Business days, ending at the close of the last one (see redress_calendar_add()). */
  REDRESS_SPAN_BUSINESS_DAYS = 2
} redress_span_unit;

/** @brief An amount of time in a ::redress_span_unit; an amount of 0 means "no target". */
typedef struct redress_span {
  int64_t amount; /**< Seconds or days, >= 0. */
  int unit;       /**< ::redress_span_unit */
} redress_span;

/**
 * @brief Parse a calendar spec.
 *
 * Clauses are separated by `;` or newlines and `#` starts a comment. An empty
 * spec (or one with no opening-hours clause) is always open ("24x7") in UTC.
 * `tz=Area/City` reads the zone's TZif file (version 2 or later) under the desk's
 * `zoneinfo_dir`; the file is read once, here.
 *
 * @param[out] out Receives the calendar; free it with redress_calendar_free()
 *   before the desk is closed (it uses the desk's allocator).
 * @param desk The desk: its allocator, its zoneinfo directory, and its message,
 *   which explains a failure (with the byte offset for ::REDRESS_ERR_PARSE).
 * @param spec The spec text, UTF-8, need not be NUL-terminated; it is copied.
 * @param len Its length in bytes (at most 1 MiB).
 * @return ::REDRESS_OK;
 *   ::REDRESS_ERR_INVALID (`out`, `desk` or `spec` NULL; not UTF-8);
 *   ::REDRESS_ERR_PARSE (a malformed clause, a bad time such as 25:00, an
 *   impossible date such as 2026-02-30, opening intervals that overlap or end
 *   before they start, an unknown weekday, a malformed TZ rule, a zone name that
 *   is absolute or contains "..", a zone file that is not TZif version 2+ or
 *   whose transition table or footer is malformed);
 *   ::REDRESS_ERR_NOTFOUND (no zone file of that name; the message names the path);
 *   ::REDRESS_ERR_RANGE (spec longer than 1 MiB, more than 10000 holidays, more
 *   than 48 opening intervals on one weekday); ::REDRESS_ERR_NOMEM.
 *   On failure `*out` is untouched.
 */
REDRESS_API int redress_calendar_parse(redress_calendar **out, redress_desk *desk,
                                       const char *spec, size_t len);

/**
 * @brief Add an amount of time to an instant.
 *
 * - ::REDRESS_SPAN_CALENDAR_SECONDS: `start + amount`.
 * - ::REDRESS_SPAN_BUSINESS_SECONDS: the earliest instant by which `amount` open
 *   seconds have passed since `start`. A start outside opening hours starts the
 *   clock at the next opening, and the result is never later than needed: eight
 *   hours from 09:00 on a 09:00-17:00 day is 17:00 that day, not 09:00 the next.
 *   An amount of 0 gives `start`.
 * - ::REDRESS_SPAN_BUSINESS_DAYS: the close of the `amount`-th business day strictly
 *   after the local day of `start`. A business day is a local day with at least
 *   one open instant (so whole-day holidays, days whose openings holidays cover,
 *   and days whose only openings fall into a skipped DST hour are not). Its close
 *   is the end of its last open instant, which a part-day holiday can move
 *   earlier. An amount of 0 is ::REDRESS_ERR_INVALID.
 *
 * @param[out] out Receives the instant.
 * @param cal The calendar.
 * @param start The instant to count from, in [::REDRESS_TIME_MIN, ::REDRESS_TIME_MAX].
 * @param amount Seconds or days, >= 0.
 * @param unit A ::redress_span_unit.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL, `start` out of range,
 *   negative amount, unknown unit, 0 business days); ::REDRESS_ERR_RANGE (the
 *   result would be after ::REDRESS_TIME_MAX, or the calendar has no opening time
 *   at all for a business unit).
 */
REDRESS_API int redress_calendar_add(redress_time *out, const redress_calendar *cal,
                                     redress_time start, int64_t amount, int unit);

/**
 * @brief Open seconds between two instants: those of [from, to) when the
 * calendar is open (a repeated DST hour counts twice).
 * @param[out] out Receives the seconds. When `from > to` it is the negative of
 *   the open seconds of [to, from), so that a late answer reads as negative time left.
 * @param cal The calendar.
 * @param from, to Instants in [::REDRESS_TIME_MIN, ::REDRESS_TIME_MAX].
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL or a time out of range).
 */
REDRESS_API int redress_calendar_elapsed(int64_t *out, const redress_calendar *cal,
                                         redress_time from, redress_time to);

/**
 * @brief Whether the calendar is open at an instant (the second starting at `at`).
 * @param cal The calendar.
 * @param at An instant in [::REDRESS_TIME_MIN, ::REDRESS_TIME_MAX].
 * @return 1 open, 0 closed; ::REDRESS_ERR_INVALID (NULL or `at` out of range).
 */
REDRESS_API int redress_calendar_is_open(const redress_calendar *cal, redress_time at);

/**
 * @brief Free a calendar.
 * @param cal The calendar, or NULL (nothing happens).
 */
REDRESS_API void redress_calendar_free(redress_calendar *cal);

/**
 * @brief The spec the calendar was parsed from, exactly as given (for storing).
 * @param cal The calendar.
 * @return NUL-terminated text borrowed from the calendar until it is freed;
 *   NULL if `cal` is NULL.
 */
REDRESS_API const char *redress_calendar_spec(const redress_calendar *cal);

/**
 * @brief Give the desk a named business calendar for its policies.
 * @param desk The desk.
 * @param name 1..::REDRESS_MAX_NAME_BYTES bytes of UTF-8; copied.
 * @param spec The calendar spec (grammar of redress_calendar_parse()); copied.
 * @param len Bytes in `spec`.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID; ::REDRESS_ERR_EXISTS (name taken);
 *   the errors of redress_calendar_parse(); ::REDRESS_ERR_NOMEM.
 */
REDRESS_API int redress_desk_add_calendar(redress_desk *desk, const char *name,
                                          const char *spec, size_t len);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* REDRESS_CALENDAR_H */
