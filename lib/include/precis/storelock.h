#ifndef PRECIS_STORELOCK_H
#define PRECIS_STORELOCK_H

#include <sys/types.h>

/* One daemon per store: precisd holds a write lock on <store>.lock for as
 * long as it runs.  The lock is a POSIX record lock (fcntl F_SETLK), so
 * the kernel drops it when the process ends in any way, a crash or
 * SIGKILL included, and a reader can ask who holds it (F_GETLK) without
 * taking it, which would race with a daemon starting. */

/* The lock file of the store at @db: <realpath of db>.lock when the store
 * exists (two spellings of one store share a lock), else <db>.lock.
 * Returns a new string, NULL on -ENOMEM. */
char *precis_storelock_path(const char *db);

/* Take the lock of @db, creating the lock file.  On success *ret_fd is the
 * open descriptor that holds it (close it to release).  Returns 0,
 * -EWOULDBLOCK when another process holds it (*ret_holder its pid, 0 when
 * the kernel cannot tell, as across pid namespaces), or -errno. */
int precis_storelock_take(const char *db, int *ret_fd, pid_t *ret_holder);

/* Whether a process holds the lock of @db, without taking it.  Returns 1
 * (held; *ret_holder its pid or 0), 0 (free), -ENOENT (no lock file: no
 * precisd that locks has run on it) or -errno (e.g. -EACCES). */
int precis_storelock_probe(const char *db, pid_t *ret_holder);

#endif /* PRECIS_STORELOCK_H */
