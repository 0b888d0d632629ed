/**
 * @file redress-scenario.h
 * @brief libredress-scenario: runs business-rule scenarios (docs/scenarios.md)
 * against libredress and reports what each expectation found.
 *
 * A companion library, not part of libredress: it is built on the public API of
 * `<redress.h>` only, has its own shared object (`libredress-scenario.so.1`), its own
 * symbol versions (`REDRESS_SCENARIO_1.0`) and its own header, so a host that does not
 * test rules does not carry it, and the stable headers' function budget is untouched.
 *
 * @code
 * redress_scenario_result *r = NULL;
 * if (redress_scenario_run_file(&r, "rules.scenario", NULL) == REDRESS_OK) {
 *   char *text = NULL;
 *   if (redress_scenario_report(&text, NULL, (const redress_scenario_result *const *)&r, 1,
 *                               REDRESS_SCENARIO_FORMAT_TEXT) == REDRESS_OK)
 *     fputs(text, stdout);
 *   redress_scenario_text_free(text);
 *   int failed = redress_scenario_result_outcome(r) != REDRESS_SCENARIO_PASS;
 *   redress_scenario_result_free(r);
 * }
 * @endcode
 *
 * Thread rule: each call works on its own desk and result; distinct results may be
 * used from distinct threads at once, one result by one thread at a time. The runner's
 * own memory comes from malloc; the desk it opens uses libredress's defaults.
 */
#ifndef REDRESS_SCENARIO_H
#define REDRESS_SCENARIO_H

#include <redress.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Marks a function exported by libredress-scenario.
 *
 * As REDRESS_API (redress/common.h): on Windows `__declspec(dllexport)` while the
 * runner builds (it defines `REDRESS_SCENARIO_BUILDING`), `__declspec(dllimport)` for
 * a program using its DLL, empty with `REDRESS_STATIC` (static libraries).
 */
#if defined(_WIN32) || defined(__CYGWIN__)
#  if defined(REDRESS_STATIC)
#    define REDRESS_SCENARIO_API
#  elif defined(REDRESS_SCENARIO_BUILDING)
#    define REDRESS_SCENARIO_API __declspec(dllexport)
#  else
#    define REDRESS_SCENARIO_API __declspec(dllimport)
#  endif
#else
#  define REDRESS_SCENARIO_API REDRESS_API
#endif

/** @brief Version of ::redress_scenario_options understood by this header. */
#define REDRESS_SCENARIO_OPTIONS_VERSION 1u

/** @brief How a scenario is run. */
typedef struct redress_scenario_options {
  unsigned version;            /**< ::REDRESS_SCENARIO_OPTIONS_VERSION */
  /** The store the scenario's desk uses: NULL for a new built-in memory store. Copied
   * and destroyed when the run ends, as redress_desk_open() does (so a store serves
   * one run). */
  const redress_store *store;
  /** Where `tz=Area/City` zone files are read when the scenario names no `zoneinfo`;
   * NULL: libredress's default ("/usr/share/zoneinfo"). */
  const char *zoneinfo_dir;
  /** The tenant of the desk (NULL: the scenario's own `tenant`, else the default).
   * Lets several runs share one database without seeing each other's complaints. */
  const char *tenant;
} redress_scenario_options;

/** @brief Static initialiser: memory store, default zone files, default tenant. */
#define REDRESS_SCENARIO_OPTIONS_INIT {REDRESS_SCENARIO_OPTIONS_VERSION, NULL, NULL, NULL}

/** @brief What became of a check, or of a whole scenario (the worst of its checks). */
typedef enum redress_scenario_outcome {
  REDRESS_SCENARIO_PASS = 0,  /**< The expectation held. */
  REDRESS_SCENARIO_FAIL = 1,  /**< The expectation did not hold, or a step was refused. */
  REDRESS_SCENARIO_ERROR = 2  /**< The scenario is wrong: malformed, or it names what does not exist. */
} redress_scenario_outcome;

/** @brief Report formats of redress_scenario_report(). */
typedef enum redress_scenario_format {
  REDRESS_SCENARIO_FORMAT_TEXT = 0,  /**< Each failure with its place, then one line per scenario. */
  REDRESS_SCENARIO_FORMAT_TAP = 1,   /**< TAP version 13, one test point per check. */
  REDRESS_SCENARIO_FORMAT_JUNIT = 2  /**< JUnit XML: a testsuite per scenario, a testcase per check. */
} redress_scenario_format;

/** @brief The checks of one scenario run (opaque). */
typedef struct redress_scenario_result redress_scenario_result;

/**
 * @brief Run the scenario in a file.
 *
 * A scenario that cannot be read or parsed, or that names something that does not
 * exist, still gives a result: its outcome is ::REDRESS_SCENARIO_ERROR and a check
 * says where and why (file, line, column, what was expected).
 * @param[out] out Receives the result; free it with redress_scenario_result_free().
 * @param path The scenario file; files it names (`from "..."`, `zoneinfo "..."`) are
 *   read relative to its folder.
 * @param options NULL for ::REDRESS_SCENARIO_OPTIONS_INIT.
 * @return ::REDRESS_OK (see the result's outcome); ::REDRESS_ERR_INVALID (NULL `out` or
 *   `path`); ::REDRESS_ERR_VERSION (options: their store is left alone, since their
 *   layout is unknown); ::REDRESS_ERR_NOMEM. On any other failure `*out` is untouched
 *   and a store given in the options is destroyed (it was handed over).
 */
REDRESS_SCENARIO_API int redress_scenario_run_file(redress_scenario_result **out, const char *path,
                              const redress_scenario_options *options);

/**
 * @brief Run a scenario given as text.
 * @param[out] out Receives the result; free it with redress_scenario_result_free().
 * @param name The name messages give as its file (and the folder files it names are
 *   read relative to); NULL: "scenario".
 * @param text The scenario, UTF-8; need not be NUL-terminated.
 * @param len Its length in bytes.
 * @param options NULL for ::REDRESS_SCENARIO_OPTIONS_INIT.
 * @return As redress_scenario_run_file(); ::REDRESS_ERR_INVALID also for NULL `text`
 *   with a `len` above 0.
 */
REDRESS_SCENARIO_API int redress_scenario_run_text(redress_scenario_result **out, const char *name,
                              const char *text, size_t len,
                              const redress_scenario_options *options);

/**
 * @brief Free a result.
 * @param result The result, or NULL (nothing happens).
 */
REDRESS_SCENARIO_API void redress_scenario_result_free(redress_scenario_result *result);

/**
 * @brief The outcome of a whole scenario: ::REDRESS_SCENARIO_ERROR if any check is an
 * error, else ::REDRESS_SCENARIO_FAIL if any failed, else ::REDRESS_SCENARIO_PASS.
 * @param result The result.
 * @return A ::redress_scenario_outcome; ::REDRESS_ERR_INVALID for NULL.
 */
REDRESS_SCENARIO_API int redress_scenario_result_outcome(const redress_scenario_result *result);

/**
 * @brief The scenario's title (its `scenario "..."` line, else its file's name).
 * @param result The result.
 * @return Borrowed from the result until it is freed; NULL for NULL.
 */
REDRESS_SCENARIO_API const char *redress_scenario_title(const redress_scenario_result *result);

/**
 * @brief The scenario's file name, as given to the run.
 * @param result The result.
 * @return Borrowed from the result until it is freed; NULL for NULL.
 */
REDRESS_SCENARIO_API const char *redress_scenario_file(const redress_scenario_result *result);

/**
 * @brief Number of checks: one per expectation met while running, one per step that
 * failed, one for an error that stopped the scenario.
 * @param result The result.
 * @return The count; 0 for NULL.
 */
REDRESS_SCENARIO_API size_t redress_scenario_check_count(const redress_scenario_result *result);

/** @brief Version of ::redress_scenario_check understood by this header. */
#define REDRESS_SCENARIO_CHECK_VERSION 1u

/**
 * @brief One check, filled by redress_scenario_check_get(). Strings are borrowed from
 * the result until it is freed; none is NULL ("" when it does not apply).
 */
typedef struct redress_scenario_check {
  unsigned version;     /**< ::REDRESS_SCENARIO_CHECK_VERSION, set by the caller. */
  int outcome;          /**< ::redress_scenario_outcome */
  unsigned line;        /**< The line of the step or expectation, from 1 (0: the file as a whole). */
  unsigned column;      /**< Its column in bytes from 1 (where a parse error was found). */
  const char *step;     /**< The line as written, trimmed. */
  const char *when;     /**< The scenario's clock at the check, in its zone ("" before any `at`). */
  const char *expected; /**< What was expected ("" for a step). */
  const char *actual;   /**< What was found. */
  const char *message;  /**< One sentence: what failed and why ("" for a pass). */
} redress_scenario_check;

/** @brief Static initialiser: the version set, the rest zero. */
#define REDRESS_SCENARIO_CHECK_INIT {REDRESS_SCENARIO_CHECK_VERSION, 0, 0u, 0u, NULL, NULL, NULL, NULL, NULL}

/**
 * @brief Read the i-th check of a result, in the order they were made.
 * @param[out] out Receives the check; set its `version` first.
 * @param result The result.
 * @param i 0 .. redress_scenario_check_count() - 1.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL); ::REDRESS_ERR_VERSION;
 *   ::REDRESS_ERR_NOTFOUND (`i` out of range).
 */
REDRESS_SCENARIO_API int redress_scenario_check_get(redress_scenario_check *out,
                               const redress_scenario_result *result, size_t i);

/**
 * @brief Write a report of several results, as `redress-desk test` prints it.
 * @param[out] out Receives NUL-terminated text; free it with redress_scenario_text_free().
 * @param[out] out_len Receives its length (may be NULL).
 * @param results `count` results.
 * @param count How many (0 gives an empty run's report).
 * @param format A ::redress_scenario_format.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL `out`, NULL `results` with a
 *   count, a NULL result, an unknown format); ::REDRESS_ERR_NOMEM.
 */
REDRESS_SCENARIO_API int redress_scenario_report(char **out, size_t *out_len,
                            const redress_scenario_result *const *results, size_t count,
                            int format);

/**
 * @brief Free text from redress_scenario_report().
 * @param text The text, or NULL (nothing happens).
 */
REDRESS_SCENARIO_API void redress_scenario_text_free(char *text);

#ifdef __cplusplus
}
#endif

#endif /* REDRESS_SCENARIO_H */
