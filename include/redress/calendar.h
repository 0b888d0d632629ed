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
 * open 2027-01-09 09:00-13:00       # hours on one date besides the weekly ones
 * @endcode
 * An instant is open when its local wall time lies in an opening interval of its
 * weekday or in an `open` interval of its date, and in no holiday: a wall-clock hour skipped by DST is never open, a
 * repeated one is open twice. A zone named from the tz database (`tz=Europe/London`)
 * follows its TZif file: the file's table of past and announced changes, then the
 * rule in its footer; a POSIX rule (`tz=CET-1CEST,M3.5.0,M10.5.0/3`) applies to
 * every year alike.
 *
 * A calendar is immutable once parsed. redress_calendar_add(),
 * redress_calendar_elapsed(), redress_calendar_is_open(), redress_calendar_period(),
 * redress_calendar_periods() and redress_calendar_spec() neither allocate nor touch
 * the desk, so any number of threads may call them on one calendar at the same
 * time. redress_calendar_parse() and redress_calendar_free() use the desk's
 * allocator and follow the desk's thread rule. Arithmetic never loops over days or
 * weeks: its cost grows with the number of DST changes a span crosses (two a year),
 * not with its length. Business days inside the years the dated clauses span
 * (holidays, `open`) are read from a table built at parse: two lookups.
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
  int64_t amount; /**< Seconds or days, >= 0 in a policy (redress_calendar_add() also counts back). */
  int unit;       /**< ::redress_span_unit */
} redress_span;

/**
 * @brief Parse a calendar spec.
 *
 * Clauses are separated by `;` or newlines and `#` starts a comment. An empty
 * spec (or one with no opening-hours clause) is always open ("24x7") in UTC.
 * `tz=Area/City` reads the zone's TZif file (version 2 or later) under the desk's
 * `zoneinfo_dir`; the file is read once, here. `open YYYY-MM-DD intervals` opens
 * those local hours of that date besides the weekly pattern (a Saturday shift, a
 * working weekend); holidays still close what they cover, and a spec whose only
 * hours are `open` clauses is closed at all other times.
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
 *   before they start (`open` intervals of one date, in one clause or several,
 *   included), an `open` clause without hours, an unknown weekday, a malformed TZ rule, a zone name that
 *   is absolute or contains "..", a zone file that is not TZif version 2+ or
 *   whose transition table or footer is malformed);
 *   ::REDRESS_ERR_NOTFOUND (no zone file of that name; the message names the path);
 *   ::REDRESS_ERR_RANGE (spec longer than 1 MiB, more than 10000 `holiday` clauses,
 *   more than 10000 `open` clauses, more than 48 opening intervals on one weekday
 *   or in one clause); ::REDRESS_ERR_NOMEM.
 *   On failure `*out` is untouched.
 */
REDRESS_API int redress_calendar_parse(redress_calendar **out, redress_desk *desk,
                                       const char *spec, size_t len);

/**
 * @brief Add an amount of time to an instant, or count it back.
 *
 * - ::REDRESS_SPAN_CALENDAR_SECONDS: `start + amount`.
 * - ::REDRESS_SPAN_BUSINESS_SECONDS: the earliest instant by which `amount` open
 *   seconds have passed since `start`. A start outside opening hours starts the
 *   clock at the next opening, and the result is never later than needed: eight
 *   hours from 09:00 on a 09:00-17:00 day is 17:00 that day, not 09:00 the next.
 *   An amount of 0 gives `start`. A negative amount counts back: the latest
 *   instant `r` such that `-amount` open seconds lie in [r, start) ("two business
 *   hours before the deadline"); a start outside opening hours counts from the
 *   previous closing, and eight hours before 17:00 is 09:00 that day, not 17:00
 *   the day before.
 * - ::REDRESS_SPAN_BUSINESS_DAYS: the close of the `amount`-th business day strictly
 *   after the local day of `start`. A business day is a local day with at least
 *   one open instant (so whole-day holidays, days whose openings holidays cover,
 *   and days whose only openings fall into a skipped DST hour are not; a day an
 *   `open` clause opens is). Its close is the end of its last open instant, which
 *   a part-day holiday can move earlier. A negative amount gives the opening (the
 *   start of the first open instant) of the `-amount`-th business day strictly
 *   before the local day of `start`: -1 from any time on a Wednesday of a
 *   Monday-to-Friday calendar is Tuesday's opening. An amount of 0 is
 *   ::REDRESS_ERR_INVALID.
 *
 * @param[out] out Receives the instant.
 * @param cal The calendar.
 * @param start The instant to count from, in [::REDRESS_TIME_MIN, ::REDRESS_TIME_MAX].
 * @param amount Seconds or days; negative counts back.
 * @param unit A ::redress_span_unit.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL, `start` out of range, unknown
 *   unit, 0 business days); ::REDRESS_ERR_RANGE (the result would be outside
 *   [::REDRESS_TIME_MIN, ::REDRESS_TIME_MAX], or the calendar has no opening time
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

/** @brief Which way redress_calendar_period() looks from its instant. */
typedef enum redress_period_dir {
  /** The first open period that ends after the instant: the one holding it, or the next. */
  REDRESS_PERIOD_NEXT = 1,
  /** The last open period that starts before the instant: the one holding the
   * second before it, or the one before. */
  REDRESS_PERIOD_PREV = -1
} redress_period_dir;

/**
 * @brief The open period holding an instant, or the next or previous one.
 *
 * An open period is a maximal run of open instants within one local day,
 * [opens, closes) in UTC: periods split at local midnight (an always-open calendar
 * has one a day), never at a DST change inside an opening interval, so an
 * interval that spans a skipped hour is one period an hour shorter. For a time to
 * draw in a schedule, "open again at", or "closed since".
 *
 * @param cal The calendar.
 * @param at An instant in [::REDRESS_TIME_MIN, ::REDRESS_TIME_MAX].
 * @param dir ::REDRESS_PERIOD_NEXT: the first period with `closes > at` (its
 *   `opens` is after `at` when `at` is closed: the next opening);
 *   ::REDRESS_PERIOD_PREV: the last period with `opens < at` (its `closes` is at or
 *   before `at` when the second before `at` is closed: the last closing).
 * @param[out] opens Receives the period's first instant.
 * @param[out] closes Receives the instant after its last (at most
 *   ::REDRESS_TIME_MAX + 1).
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL, `at` out of range, unknown
 *   `dir`); ::REDRESS_ERR_NOTFOUND (no open second that way within
 *   [::REDRESS_TIME_MIN, ::REDRESS_TIME_MAX]). Allocates nothing; any thread.
 */
REDRESS_API int redress_calendar_period(const redress_calendar *cal, redress_time at, int dir,
                                        redress_time *opens, redress_time *closes);

/**
 * @brief Receives one open period from redress_calendar_periods().
 * @param user The pointer given to redress_calendar_periods().
 * @param opens, closes The period [opens, closes), clipped to the range asked for.
 * @return 0 to go on; anything else stops the listing.
 */
typedef int (*redress_period_fn)(void *user, redress_time opens, redress_time closes);

/**
 * @brief List the open periods (see redress_calendar_period()) that meet [from, to),
 * in order, clipped to it: a schedule, or the open time behind a due date.
 *
 * The cost is that of one redress_calendar_period() per period listed. The
 * callback runs on the calling thread and must not free `cal`.
 * @param cal The calendar.
 * @param from, to Instants in [::REDRESS_TIME_MIN, ::REDRESS_TIME_MAX], `from <= to`.
 * @param fn Called once per period.
 * @param user Passed to `fn`; may be NULL.
 * @return ::REDRESS_OK (also when there is none); ::REDRESS_ERR_INVALID (NULL `cal`
 *   or `fn`, a time out of range, `from > to`); ::REDRESS_ERR_USER (`fn` returned
 *   non-zero).
 */
REDRESS_API int redress_calendar_periods(const redress_calendar *cal, redress_time from,
                                         redress_time to, redress_period_fn fn, void *user);

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
