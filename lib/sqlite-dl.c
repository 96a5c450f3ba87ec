/* SQLite through dlopen() on first use: see sqlite-dl.h for why. */

#define PRECIS_SQLITE_DL_IMPL
#include "sqlite-dl.h"

#include <errno.h>
#include <pthread.h>

#include "dl.h"

#define PRECIS_SQLITE_DEFINE(name) __typeof__(name) *sym_##name;
PRECIS_SQLITE_FUNCS(PRECIS_SQLITE_DEFINE)
#undef PRECIS_SQLITE_DEFINE

static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;
static int sqlite_failed;
static char sqlite_why[256];

static void sqlite_load_once(void)
{
#define PRECIS_SQLITE_SYM(name) { #name, &sym_##name },
        static const struct precis_dl_sym syms[] = {
                PRECIS_SQLITE_FUNCS(PRECIS_SQLITE_SYM)
        };
#undef PRECIS_SQLITE_SYM

        /* The soname of Debian's libsqlite3-0, the one the headers
         * describe. */
        sqlite_failed = precis_dl_open("libsqlite3.so.0", "libsqlite3-0",
                                       syms, sizeof(syms) / sizeof(syms[0]),
                                       sqlite_why, sizeof(sqlite_why)) != 0;
}

int precis_sqlite_load(struct precis_error *err)
{
        (void) pthread_once(&sqlite_once, sqlite_load_once);
        if (sqlite_failed)
                return precis_error_set(err, -ELIBACC, "%s", sqlite_why);
        return 0;
}
