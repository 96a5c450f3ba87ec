#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/openat2.h>

#include "precisd.h"

/* Workers: read, hash and summarize one file on libuv's thread pool.  The
 * work callback touches only its own struct work and the immutable parts of
 * its job (path, seen time) and configuration; the after-work callback runs
 * on the loop and hands the result to the job. */

static int64_t worker_mtime_ns(const struct stat *st)
{
        return (int64_t) st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

static const char *worker_type_name(mode_t m)
{
        if (S_ISFIFO(m))
                return "a FIFO";
        if (S_ISSOCK(m))
                return "a socket";
        if (S_ISCHR(m) || S_ISBLK(m))
                return "a device";
        if (S_ISDIR(m))
                return "a directory";
        return "not a regular file";
}

/* Borrow a read-only store handle for this pool thread (NULL when none
 * can be opened: the checks it serves are optimisations). */
static struct precis_store *worker_reader_get(struct daemon *d,
                                              const char *db,
                                              unsigned *ret_gen)
{
        struct precis_store *st = NULL;

        uv_mutex_lock(&d->readers_lock);
        if (d->n_readers > 0)
                st = d->readers[--d->n_readers];
        *ret_gen = d->readers_gen;
        uv_mutex_unlock(&d->readers_lock);
        if (st != NULL)
                return st;
        if (precis_store_open(db, PRECIS_STORE_READONLY, &st, NULL) != 0)
                return NULL;
        /* Two look-ups per file: a small cache does, and no mapping that
         * would count the whole store in our resident size. */
        (void) precis_store_limit_memory(st, 512, 0, NULL);
        return st;
}

static void worker_reader_put(struct daemon *d, struct precis_store *st,
                              unsigned gen)
{
        if (st == NULL)
                return;
        uv_mutex_lock(&d->readers_lock);
        /* A handle on a store file that has since been replaced would
         * answer from the old file: close it. */
        if (gen == d->readers_gen &&
            d->n_readers < sizeof(d->readers) / sizeof(d->readers[0])) {
                d->readers[d->n_readers++] = st;
                st = NULL;
        }
        uv_mutex_unlock(&d->readers_lock);
        precis_store_close(st);
}

void worker_readers_close(struct daemon *d)
{
        while (d->n_readers > 0)
                precis_store_close(d->readers[--d->n_readers]);
}

/* Decide what @path is and where to read it.  Returns 0 with *ret_real
 * set (owned, or NULL to read @path itself) and @st filled, or 1 when
 * w->kind already says the outcome. */
static int worker_resolve(struct work *w, const char *path, struct stat *st,
                          char **ret_real)
{
        const struct precis_config *c = &w->conf->c;
        char *real;
        size_t n;

        *ret_real = NULL;
        if (lstat(path, st) != 0) {
                if (errno == ENOENT || errno == ENOTDIR) {
                        w->kind = WORK_VANISHED;
                } else {
                        w->kind = WORK_FAILED;
                        w->rc = -errno;
                        precis_error_set(&w->err, w->rc, "cannot stat: %s",
                                         strerror(-w->rc));
                }
                return 1;
        }
        if (S_ISREG(st->st_mode))
                return 0;
        w->size = st->st_size;
        w->mtime_ns = worker_mtime_ns(st);
        if (!S_ISLNK(st->st_mode)) {
                /* FIFOs, sockets and devices are never opened: opening a
                 * FIFO alone can block a thread for ever. */
                w->kind = WORK_SKIPPED;
                precis_error_set(&w->err, PRECIS_E_FORMAT, "%s",
                                 worker_type_name(st->st_mode));
                return 1;
        }
        w->kind = WORK_SKIPPED;
        if (!c->follow_symlinks) {
                precis_error_set(&w->err, PRECIS_E_FORMAT,
                                 "a symbolic link (follow_symlinks is off)");
                return 1;
        }
        real = realpath(path, NULL);
        if (real == NULL) {
                precis_error_set(&w->err, -errno,
                                 "a symbolic link that cannot be resolved "
                                 "(%s)", strerror(errno));
                return 1;
        }
        n = strlen(w->inbox_real);
        if (strncmp(real, w->inbox_real, n) != 0 || real[n] != '/') {
                precis_error_set(&w->err, PRECIS_E_FORMAT,
                                 "a symbolic link to outside the inbox");
                free(real);
                return 1;
        }
        if (stat(real, st) != 0 || !S_ISREG(st->st_mode)) {
                precis_error_set(&w->err, PRECIS_E_FORMAT,
                                 "a symbolic link to something other than "
                                 "a regular file");
                free(real);
                return 1;
        }
        *ret_real = real;
        return 0;
}

/* Open @path for reading without ever leaving the inbox, and only if it is
 * still the file @checked described.  @path is the job's path, or for a
 * followed symlink its realpath(), so it holds no symlink any more.
 * Between worker_resolve()'s lstat() and the open, anyone who may write to
 * the inbox can swap the file, or a folder on its path, for a symlink to a
 * file outside; opening by name would then read that file.  openat2()
 * resolves beneath the inbox with no symlinks at all (RESOLVE_BENEATH |
 * RESOLVE_NO_SYMLINKS), and the device and inode of what was opened must
 * match @checked.  Without openat2() (Linux < 5.6), O_NOFOLLOW guards the
 * last component and the inode check the rest.  Returns an fd, or -1 with
 * w->kind set (UNSTABLE when the file changed under us, so it settles and
 * is looked at again; FAILED with the reason otherwise). */
static int worker_open(struct work *w, const char *path,
                       const struct stat *checked)
{
        int flags = O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC;
        size_t n = w->inbox_real != NULL ? strlen(w->inbox_real) : 0;
        struct stat st;
        int fd = -1, dfd, e = ENOSYS;

        if (n > 0 && strncmp(path, w->inbox_real, n) == 0 &&
            path[n] == '/') {
                struct open_how how = {
                        .flags = (unsigned) flags,
                        .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS,
                };

                dfd = open(w->inbox_real, O_PATH | O_DIRECTORY | O_CLOEXEC);
                if (dfd >= 0) {
                        fd = (int) syscall(SYS_openat2, dfd, path + n + 1,
                                           &how, sizeof(how));
                        e = fd < 0 ? errno : 0;
                        close(dfd);
                }
        }
        if (fd < 0 && e == ENOSYS) {
                fd = open(path, flags | O_NOFOLLOW);
                e = fd < 0 ? errno : 0;
        }
        if (fd < 0) {
                if (e == EACCES || e == EPERM || e == EMFILE ||
                    e == ENFILE || e == ENOMEM) {
                        w->kind = WORK_FAILED;
                        w->rc = -e;
                        precis_error_set(&w->err, w->rc, "cannot open: %s",
                                         strerror(e));
                } else {
                        /* ENOENT, ELOOP (now a symlink), EXDEV (leads out
                         * of the inbox)...: not what was checked. */
                        w->kind = WORK_UNSTABLE;
                }
                return -1;
        }
        if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
            st.st_dev != checked->st_dev || st.st_ino != checked->st_ino) {
                close(fd);
                w->kind = WORK_UNSTABLE;
                return -1;
        }
        return fd;
}

/* Whether some process has @fd's file open for writing.  A read lease
 * (F_SETLEASE F_RDLCK) is refused with EAGAIN exactly then; it is let go
 * at once (no F_SETOWN, so a writer opening meanwhile breaks it without a
 * signal to us).  Events tell this for files whose open the watch saw; a
 * file found by a scan, say after a crash, while its writer pauses with it
 * open, is caught only here.  Leases need the file's owner or CAP_LEASE:
 * for anyone else's file (EACCES), size and mtime decide alone. */
static bool worker_has_writer(int fd)
{
        if (fcntl(fd, F_SETLEASE, F_RDLCK) == 0) {
                (void) fcntl(fd, F_SETLEASE, F_UNLCK);
                return false;
        }
        return errno == EAGAIN;
}

static void worker_work_cb(uv_work_t *req)
{
        struct work *w = req->data;
        struct job *j = w->job;
        struct daemon *d = j->d;
        const struct precis_config *c = &w->conf->c;
        struct precis_store *rd = NULL;
        struct stat st, st2;
        char *real = NULL, *data = NULL;
        const char *rpath;
        size_t len = 0;
        unsigned char hash[PRECIS_HASH_BYTES];
        int rc, fd;

        w->size = -1;
        w->mtime_ns = -1;
        if (worker_resolve(w, j->path, &st, &real) != 0)
                return;
        rpath = real != NULL ? real : j->path;
        w->size = st.st_size;
        w->mtime_ns = worker_mtime_ns(&st);
        if (w->scan_check && (w->size != w->want_size ||
                              w->mtime_ns != w->want_mtime_ns)) {
                w->kind = WORK_UNSTABLE;
                goto out;
        }
        rd = worker_reader_get(d, c->store_path, &w->reader_gen);
        if (rd != NULL && !w->retry &&
            precis_store_failure_unchanged(rd, j->path, w->size, w->mtime_ns,
                                           NULL) == 1) {
                w->kind = WORK_UNCHANGED;
                goto out;
        }
        fd = worker_open(w, rpath, &st);
        if (fd < 0)
                goto out;
        if (worker_has_writer(fd)) {
                close(fd);
                w->kind = WORK_UNSTABLE;
                w->writer_open = true;
                goto out;
        }
        rc = precis_fd_read(fd, c->max_bytes, &data, &len, &w->err);
        close(fd);
        if (rc == -ENOENT) {
                w->kind = WORK_VANISHED;
                goto out;
        }
        if (rc == PRECIS_E_FORMAT) {
                w->kind = WORK_SKIPPED;
                goto out;
        }
        if (rc < 0) {
                w->kind = WORK_FAILED;
                w->rc = rc;
                if (rc == PRECIS_E_TOOBIG)
                        precis_error_set(&w->err, rc,
                                         "larger than max_bytes (%llu)",
                                         (unsigned long long) c->max_bytes);
                else if (w->err.code == 0)
                        precis_error_set(&w->err, rc, "%s",
                                         precis_strerror(rc));
                goto out;
        }
        /* A writer that slipped in between the stat and the read (or during
         * it) makes these bytes a snapshot of nothing: settle again. */
        if (stat(rpath, &st2) != 0 || st2.st_size != st.st_size ||
            worker_mtime_ns(&st2) != w->mtime_ns ||
            (int64_t) len != w->size) {
                w->kind = WORK_UNSTABLE;
                if (stat(rpath, &st2) == 0) {
                        w->size = st2.st_size;
                        w->mtime_ns = worker_mtime_ns(&st2);
                }
                goto out;
        }
        precis_hash(data, len, hash, w->hash_hex);
        if (rd != NULL &&
            precis_store_has_hash(rd, w->hash_hex, &w->known_id, NULL) == 1) {
                w->kind = WORK_KNOWN;
                goto out;
        }
        w->have_doc = true;
        rc = precis_doc_build(data, len, &w->conf->sum, &w->doc, &w->err);
        if (rc < 0) {
                w->kind = WORK_FAILED;
                w->rc = rc;
                if (w->err.code == 0)
                        precis_error_set(&w->err, rc, "%s",
                                         precis_strerror(rc));
                goto out;
        }
        w->kind = WORK_BUILT;
out:
        worker_reader_put(d, rd, w->reader_gen);
        free(data);
        free(real);
}

static void worker_after_cb(uv_work_t *req, int status)
{
        struct work *w = req->data;

        if (status != 0) {
                /* Cancelled: treat as changed so it is looked at again. */
                w->kind = WORK_UNSTABLE;
        }
        job_work_done(w->job);
}

/* Queue @j (just moved to WORKING) on the pool. */
void worker_start(struct job *j)
{
        struct daemon *d = j->d;
        struct work *w;
        int rc;

        w = calloc(1, sizeof(*w));
        if (w != NULL && d->w.inbox_real != NULL) {
                w->inbox_real = strdup(d->w.inbox_real);
                if (w->inbox_real == NULL) {
                        free(w);
                        w = NULL;
                }
        }
        if (w == NULL) {
                daemon_error(d, "out of memory starting %s",
                             log_quote(j->path));
                job_set_state(j, JOB_QUEUED);
                return;
        }
        w->job = j;
        w->conf = dconf_ref(d->conf);
        w->req.data = w;
        w->scan_check = (j->flags & JOB_F_SCAN) != 0;
        w->retry = (j->flags & JOB_F_RETRY) != 0;
        j->flags &= ~JOB_F_RETRY;
        w->want_size = j->size;
        w->want_mtime_ns = j->mtime_ns;
        j->work = w;
        rc = uv_queue_work(&d->loop, &w->req, worker_work_cb, worker_after_cb);
        if (rc != 0) {
                j->work = NULL;
                worker_free(w);
                daemon_error(d, "cannot queue %s: %s", log_quote(j->path),
                             uv_strerror(rc));
                job_set_state(j, JOB_QUEUED);
        }
}

/* Free @w and what it owns (loop thread). */
void worker_free(struct work *w)
{
        if (w == NULL)
                return;
        if (w->have_doc)
                precis_doc_done(&w->doc);
        dconf_unref(w->conf);
        free(w->after_path);
        free(w->inbox_real);
        free(w);
}
