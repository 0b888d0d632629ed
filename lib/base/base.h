/* The bottom layer: memory, UTF-8, enumeration names and the error sink. Every other
 * layer may include this header; it includes only the public one. Not installed. */
#ifndef RD_BASE_INTERNAL_H
#define RD_BASE_INTERNAL_H

#include "redress.h"
#include "redress/experimental.h"
#include "redress/sys/store.h"

#include <stdarg.h>
#include <stdbool.h>

#if defined(__MINGW32__)
/* mingw-w64 with its C99 stdio (__USE_MINGW_ANSI_STDIO, set by the build): %zu, %lld */
#  define RD_PRINTF(f, a) __attribute__((format(gnu_printf, f, a)))
#elif defined(__GNUC__)
#  define RD_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#  define RD_PRINTF(f, a)
#endif

#define RD_ERRMSG_BYTES 512

/*
 * Symbol versions for a function whose struct grew (docs/abi.md, "Add a member to an
 * input struct", step 4): the current implementation is bound to the public name at
 * the newest node as the default (name@@node), the implementation writing the older
 * layout at the older node (name@node), so programs linked against that node keep
 * getting the layout they have room for. Both implementations are RD_SYMVER_IMPL (the
 * version script hides their own names). Without ELF symbol versions
 * (RD_HAVE_SYMVER 0) the file defines the public name as a call of the current one.
 */
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 10 && defined(__ELF__)
/* gcc's attribute: a top-level .symver does not survive link-time optimisation */
#  define RD_HAVE_SYMVER 1
#  define RD_SYMVER_DEFAULT(impl, name, node) \
    extern __typeof__(impl) impl __attribute__((symver(#name "@@" node)))
#  define RD_SYMVER_OLD(impl, name, node) \
    extern __typeof__(impl) impl __attribute__((symver(#name "@" node)))
#elif defined(__GNUC__) && defined(__ELF__)
#  define RD_HAVE_SYMVER 1
#  define RD_SYMVER_DEFAULT(impl, name, node) __asm__(".symver " #impl ", " #name "@@" node)
#  define RD_SYMVER_OLD(impl, name, node) __asm__(".symver " #impl ", " #name "@" node)
#else
#  define RD_HAVE_SYMVER 0
#  define RD_SYMVER_DEFAULT(impl, name, node) typedef int rd_symver_##impl
#  define RD_SYMVER_OLD(impl, name, node) typedef int rd_symver_##impl
#endif
/* The implementations are exported only where a version binds them to the public
 * name; elsewhere (a Windows DLL) they stay inside and only the public name is seen. */
#if RD_HAVE_SYMVER
#  define RD_SYMVER_IMPL REDRESS_API
#else
#  define RD_SYMVER_IMPL
#endif

/* A hint to start reading the line at p into the caches; nothing where unsupported. */
#if defined(__GNUC__)
#  define RD_PREFETCH(p) __builtin_prefetch(p)
#else
#  define RD_PREFETCH(p) ((void)(p))
#endif

/* ---- memory (alloc.c) ---------------------------------------------------- */

/* The default allocator: malloc/realloc/free. */
redress_allocator rd_default_allocator(void);
/* Checks an allocator given by a host: version and every function present. */
int rd_allocator_check(const redress_allocator *a);
void *rd_alloc(const redress_allocator *a, size_t size);
void *rd_realloc(const redress_allocator *a, void *ptr, size_t size);
void rd_free(const redress_allocator *a, void *ptr);
/* Copy of s[0..len) plus a NUL; NULL when out of memory. */
char *rd_memdup(const redress_allocator *a, const char *s, size_t len);
/* A block for the host, released with redress_free() (which needs no desk). */
void *rd_block_new(const redress_allocator *a, size_t size);
/* Grows *items (of item_size bytes) so that it can hold need items. */
int rd_reserve(const redress_allocator *a, void **items, size_t *cap, size_t need,
               size_t item_size);

/* ---- UTF-8 (utf8.c) ------------------------------------------------------ */

/* 1 when s[0..len) is well-formed UTF-8 (no overlongs, surrogates, > U+10FFFF). */
int rd_utf8_valid(const char *s, size_t len);
/* Writes code point cp as UTF-8 into out (room for 4 bytes); returns the length. */
size_t rd_utf8_put(uint32_t cp, unsigned char *out);
/* The offset of the first control character (C0, DEL or C1) of the valid UTF-8
 * s[0..len), its code point in *cp; SIZE_MAX when there is none. */
size_t rd_utf8_find_control(const char *s, size_t len, uint32_t *cp);

/* ---- enumeration names (enum.c) ------------------------------------------ */

/* The value of a snake_case name in an enumeration, or -1. */
int rd_enum_value(int enumeration, const char *name, size_t len);
/* The name of a value, for the enumerations kept here (channel .. alarm level). */
const char *rd_enum_name(int enumeration, int value);

/* ---- the error sink (error_sink.c) --------------------------------------- */

/*
 * What every layer may use of a desk: its allocator and the message explaining the
 * last failure. The desk owns it, but a layer must not need to know the desk (which
 * sits on top of them all) to allocate or explain a failure, so the desk's struct
 * starts with an rd_ctx, and each layer that owns a part of the desk extends the one
 * below it the same way (rd_time_ctx, rd_complaint_ctx, ... up to struct
 * redress_desk): a pointer to the desk is a pointer to each of them (C99 6.7.2.1),
 * and a layer sees its own part and those below, never one above.
 */
typedef struct rd_ctx {
  redress_allocator alloc;
  char errmsg[RD_ERRMSG_BYTES];
} rd_ctx;

/* The desk seen as its error sink and allocator; NULL for NULL. */
static inline rd_ctx *rd_ctx_of(redress_desk *desk) {
  return (rd_ctx *)(void *)desk;
}
static inline const rd_ctx *rd_ctx_of_const(const redress_desk *desk) {
  return (const rd_ctx *)(const void *)desk;
}
/* The desk's allocator (desk not NULL). */
static inline const redress_allocator *rd_desk_alloc(const redress_desk *desk) {
  return &rd_ctx_of_const(desk)->alloc;
}

/* Records a failure in the desk's message and returns code. desk may be NULL. */
int rd_fail(redress_desk *desk, int code, const char *fmt, ...) RD_PRINTF(3, 4);
/* Clears the desk's message (a call succeeded). desk may be NULL. */
void rd_ok(redress_desk *desk);

/*
 * Checks an optional string argument: NULL is allowed unless required; otherwise
 * it must be UTF-8 of at most max bytes (and non-empty if required). Returns
 * REDRESS_OK, or INVALID/RANGE with the desk's message naming `what`.
 */
int rd_check_string(redress_desk *desk, const char *what, const char *s, size_t max,
                    bool required);
/* Checks a time is within [REDRESS_TIME_MIN, REDRESS_TIME_MAX]. */
/*
 * rd_check_string for an identifier or a name (ids, actors, categories, attribute
 * keys, ...): it must also hold no control character (C0, DEL, C1), since hosts
 * print these on one line and match them; free text (notes, the complaint's text)
 * may. INVALID with the desk's message naming `what`, the code point and its offset.
 */
int rd_check_name(redress_desk *desk, const char *what, const char *s, size_t max,
                  bool required);
int rd_check_time(redress_desk *desk, const char *what, redress_time t);
/* Checks an amount is >= 0 or REDRESS_AMOUNT_UNKNOWN. */
int rd_check_amount(redress_desk *desk, const char *what, int64_t amount);

#endif
