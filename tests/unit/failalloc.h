#ifndef PRECIS_TEST_FAILALLOC_H
#define PRECIS_TEST_FAILALLOC_H

#include <stdbool.h>

/* A failing allocator for tests (dqlite's test/lib/fault.h, scaled down).
 *
 * What it sees: every malloc, calloc, realloc, strdup, strndup and
 * aligned_alloc made by precis's own code (lib/, daemon/, linked
 * statically into the test program, which is linked with
 * -Wl,--wrap=malloc,... so those calls come here), plus the allocations
 * that SQLite, libxml2, jansson and libuv make through the hooks
 * failalloc_install() sets (sqlite3_config(SQLITE_CONFIG_MALLOC),
 * xmlMemSetup(), json_set_alloc_funcs(), uv_replace_allocator()).
 *
 * What it cannot see: allocations inside libc (realpath(), opendir(),
 * fopen()...), libstemmer and md4c, which call the C library's malloc
 * from their own shared objects and have no hook.  Those never fail here.
 *
 * Thread-safe (atomics): libuv's pool threads allocate too. */

/* Install the library hooks.  Call once, first thing in main(), before
 * SQLite, libxml2 or libuv allocate anything. */
void failalloc_install(void);

/* Whether libxml2's allocations are counted (and may fail); on at first.
 * libxml2 2.9.14 (Debian 12) loops for ever inside htmlParseDocument()
 * after some of its own allocations fail (upstream fixed such paths in
 * 2.11 by fuzzing with failing mallocs), so the HTML runs turn this off:
 * what they measure is precis's handling of every other allocation,
 * including what it does with libxml2's results. */
void failalloc_libxml2(bool on);

/* Fail the @n-th counted allocation from now (1 = the next one), once;
 * 0 disarms.  Resets the count and the hit flag. */
void failalloc_arm(long n);

/* Allocations counted since the last failalloc_arm(). */
long failalloc_count(void);

/* Whether the armed failure has happened. */
bool failalloc_hit(void);

/* A plain-text article for the failing-allocator runs, enough to run
 * every stage: title, paragraphs, abbreviations, a quote, several
 * sentences to score, keywords. */
extern const char failalloc_plain_doc[];

#endif /* PRECIS_TEST_FAILALLOC_H */
