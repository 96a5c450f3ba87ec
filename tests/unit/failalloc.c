#define _GNU_SOURCE
#include "failalloc.h"

#include <malloc.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libxml/xmlmemory.h>
#include <sqlite3.h>
#include <uv.h>

/* The real allocator, under -Wl,--wrap.  In programs linked without the
 * wrap these names do not exist: they are weak, and the hooks then use
 * the plain functions. */
extern void *__real_malloc(size_t n) __attribute__((weak));
extern void *__real_calloc(size_t n, size_t m) __attribute__((weak));
extern void *__real_realloc(void *p, size_t n) __attribute__((weak));
extern char *__real_strdup(const char *s) __attribute__((weak));
extern char *__real_strndup(const char *s, size_t n) __attribute__((weak));
extern void *__real_aligned_alloc(size_t a, size_t n)
        __attribute__((weak));

void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);
void *__wrap_aligned_alloc(size_t a, size_t n);

static atomic_long fa_count;
static atomic_long fa_at;
static atomic_bool fa_hit;

void failalloc_arm(long n)
{
        atomic_store(&fa_count, 0);
        atomic_store(&fa_hit, false);
        atomic_store(&fa_at, n);
}

long failalloc_count(void)
{
        return atomic_load(&fa_count);
}

bool failalloc_hit(void)
{
        return atomic_load(&fa_hit);
}

/* Called for each injected failure: a place for a debugger's
 * breakpoint. */
__attribute__((noinline)) void failalloc_injected(long n);
__attribute__((noinline)) void failalloc_injected(long n)
{
        __asm__ volatile("" : : "r"(n) : "memory");
}

/* Count one allocation; true when it is the one to fail. */
static bool fa_fail(void)
{
        long at = atomic_load(&fa_at);
        long c = atomic_fetch_add(&fa_count, 1) + 1;

        if (at > 0 && c == at) {
                atomic_store(&fa_hit, true);
                failalloc_injected(c);
                return true;
        }
        return false;
}

static void *fa_real_malloc(size_t n)
{
        return __real_malloc != NULL ? __real_malloc(n) : malloc(n);
}

static void *fa_real_realloc(void *p, size_t n)
{
        return __real_realloc != NULL ? __real_realloc(p, n) : realloc(p, n);
}

void *__wrap_malloc(size_t n)
{
        return fa_fail() ? NULL : fa_real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t m)
{
        if (fa_fail())
                return NULL;
        return __real_calloc != NULL ? __real_calloc(n, m) : calloc(n, m);
}

void *__wrap_realloc(void *p, size_t n)
{
        /* realloc(p, 0) frees: it cannot fail in a way callers check. */
        if (n > 0 && fa_fail())
                return NULL;
        return fa_real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
        if (fa_fail())
                return NULL;
        return __real_strdup != NULL ? __real_strdup(s) : strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
        if (fa_fail())
                return NULL;
        return __real_strndup != NULL ? __real_strndup(s, n) : strndup(s, n);
}

void *__wrap_aligned_alloc(size_t a, size_t n)
{
        if (fa_fail())
                return NULL;
        return __real_aligned_alloc != NULL ? __real_aligned_alloc(a, n) :
                                              aligned_alloc(a, n);
}

/* ---- library hooks ---- */

static void *fa_lib_malloc(size_t n)
{
        return __wrap_malloc(n);
}

static void *fa_lib_calloc(size_t n, size_t m)
{
        return __wrap_calloc(n, m);
}

static void *fa_lib_realloc(void *p, size_t n)
{
        return __wrap_realloc(p, n);
}

static atomic_bool fa_xml_on = true;

void failalloc_libxml2(bool on)
{
        atomic_store(&fa_xml_on, on);
}

static void *fa_xml_malloc(size_t n)
{
        return atomic_load(&fa_xml_on) ? __wrap_malloc(n) : fa_real_malloc(n);
}

static void *fa_xml_realloc(void *p, size_t n)
{
        return atomic_load(&fa_xml_on) ? __wrap_realloc(p, n) :
                                         fa_real_realloc(p, n);
}

static char *fa_xml_strdup(const char *s)
{
        if (atomic_load(&fa_xml_on))
                return __wrap_strdup(s);
        return __real_strdup != NULL ? __real_strdup(s) : strdup(s);
}

static void *fa_sqlite_malloc(int n)
{
        return __wrap_malloc((size_t) n);
}

static void *fa_sqlite_realloc(void *p, int n)
{
        return __wrap_realloc(p, (size_t) n);
}

static int fa_sqlite_size(void *p)
{
        return (int) malloc_usable_size(p);
}

static int fa_sqlite_roundup(int n)
{
        return (n + 7) & ~7;
}

static int fa_sqlite_init(void *data)
{
        (void) data;
        return SQLITE_OK;
}

static void fa_sqlite_shutdown(void *data)
{
        (void) data;
}

void failalloc_install(void)
{
        static const sqlite3_mem_methods m = {
                .xMalloc = fa_sqlite_malloc,
                .xFree = free,
                .xRealloc = fa_sqlite_realloc,
                .xSize = fa_sqlite_size,
                .xRoundup = fa_sqlite_roundup,
                .xInit = fa_sqlite_init,
                .xShutdown = fa_sqlite_shutdown,
        };

        (void) sqlite3_config(SQLITE_CONFIG_MALLOC, &m);
        (void) xmlMemSetup(free, fa_xml_malloc, fa_xml_realloc,
                           fa_xml_strdup);
        json_set_alloc_funcs(fa_lib_malloc, free);
        (void) uv_replace_allocator(fa_lib_malloc, fa_lib_realloc,
                                    fa_lib_calloc, free);
}

const char failalloc_plain_doc[] =
        "Harbour reopens after three-day storm\n\n"
        "The harbour at Port Ellen reopened on Friday after a storm closed "
        "it for three days. Fishing boats returned to the quay early in the "
        "morning, and the ferry resumed its crossings at noon.\n\n"
        "The harbour master, Ms. Ruth Campbell, said damage to the "
        "breakwater was lighter than feared. Engineers found two cracked "
        "blocks and a loose mooring ring.\n\n"
        "Fishermen said the closure had cost them a week of catches. "
        "\"Three days in port is three days without pay,\" said one "
        "skipper. The council will review its storm warnings.\n";
