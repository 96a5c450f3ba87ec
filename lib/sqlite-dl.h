/* SQLite, loaded on first use (lib/sqlite-dl.c): see dl.h.  Its shared
 * library costs ~1,600 symbol bindings at every start (its extension API
 * table), more than half of what a plain-text `precis summarize`, which
 * never opens a store, spent in the dynamic linker.
 *
 * Include this after <sqlite3.h> in store code only: each function used
 * is renamed to a pointer that precis_sqlite_load() sets.  A function not
 * listed fails to link, which is the reminder to add it. */

#ifndef PRECIS_SQLITE_DL_H
#define PRECIS_SQLITE_DL_H

#include <sqlite3.h>

#include <precis/error.h>

#define PRECIS_SQLITE_FUNCS(X)                                               \
        X(sqlite3_bind_double) X(sqlite3_bind_int) X(sqlite3_bind_int64)     \
        X(sqlite3_bind_null) X(sqlite3_bind_pointer) X(sqlite3_bind_text)    \
        X(sqlite3_bind_value) X(sqlite3_busy_timeout) X(sqlite3_changes)     \
        X(sqlite3_clear_bindings) X(sqlite3_close_v2)                        \
        X(sqlite3_column_double) X(sqlite3_column_int)                       \
        X(sqlite3_column_int64) X(sqlite3_column_text)                       \
        X(sqlite3_column_type) X(sqlite3_column_value) X(sqlite3_errcode)    \
        X(sqlite3_errmsg) X(sqlite3_errstr) X(sqlite3_exec)                  \
        X(sqlite3_extended_result_codes) X(sqlite3_file_control)             \
        X(sqlite3_finalize) X(sqlite3_get_autocommit)                        \
        X(sqlite3_last_insert_rowid) X(sqlite3_open_v2)                      \
        X(sqlite3_prepare_v2) X(sqlite3_prepare_v3) X(sqlite3_reset)         \
        X(sqlite3_step)

#define PRECIS_SQLITE_DECLARE(name) extern __typeof__(name) *sym_##name;
PRECIS_SQLITE_FUNCS(PRECIS_SQLITE_DECLARE)
#undef PRECIS_SQLITE_DECLARE

/* Load SQLite once per process (thread-safe).  Returns 0, or -ELIBACC with
 * the loader's message; the failure is remembered. */
int precis_sqlite_load(struct precis_error *err);

#ifndef PRECIS_SQLITE_DL_IMPL
#define sqlite3_bind_double sym_sqlite3_bind_double
#define sqlite3_bind_int sym_sqlite3_bind_int
#define sqlite3_bind_int64 sym_sqlite3_bind_int64
#define sqlite3_bind_null sym_sqlite3_bind_null
#define sqlite3_bind_pointer sym_sqlite3_bind_pointer
#define sqlite3_bind_text sym_sqlite3_bind_text
#define sqlite3_bind_value sym_sqlite3_bind_value
#define sqlite3_busy_timeout sym_sqlite3_busy_timeout
#define sqlite3_changes sym_sqlite3_changes
#define sqlite3_clear_bindings sym_sqlite3_clear_bindings
#define sqlite3_close_v2 sym_sqlite3_close_v2
#define sqlite3_column_double sym_sqlite3_column_double
#define sqlite3_column_int sym_sqlite3_column_int
#define sqlite3_column_int64 sym_sqlite3_column_int64
#define sqlite3_column_text sym_sqlite3_column_text
#define sqlite3_column_type sym_sqlite3_column_type
#define sqlite3_column_value sym_sqlite3_column_value
#define sqlite3_errcode sym_sqlite3_errcode
#define sqlite3_errmsg sym_sqlite3_errmsg
#define sqlite3_errstr sym_sqlite3_errstr
#define sqlite3_exec sym_sqlite3_exec
#define sqlite3_extended_result_codes sym_sqlite3_extended_result_codes
#define sqlite3_file_control sym_sqlite3_file_control
#define sqlite3_finalize sym_sqlite3_finalize
#define sqlite3_get_autocommit sym_sqlite3_get_autocommit
#define sqlite3_last_insert_rowid sym_sqlite3_last_insert_rowid
#define sqlite3_open_v2 sym_sqlite3_open_v2
#define sqlite3_prepare_v2 sym_sqlite3_prepare_v2
#define sqlite3_prepare_v3 sym_sqlite3_prepare_v3
#define sqlite3_reset sym_sqlite3_reset
#define sqlite3_step sym_sqlite3_step
#endif

#endif /* PRECIS_SQLITE_DL_H */
