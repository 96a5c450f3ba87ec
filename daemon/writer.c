#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <precis/array.h>

#include "precisd.h"

/* The store writer.  One writer handle, used by one pool thread at a time:
 * at most one batch is in flight, and every finished document waiting on
 * the loop joins the next batch, written in one transaction.  A file leaves
 * the inbox (after = move | delete, or failed_dir) only once the
 * transaction holding its result has committed and been synced to disk
 * (one sync per batch), and the folders it left and entered are synced
 * before the loop hears of it: a power cut then leaves every file either
 * still in the inbox or stored. */

#define WRITER_BATCH_MAX 1024        /* works per transaction */
#define WRITER_PENDING_MAX 512       /* back-pressure: stop dispatching */
#define WRITER_PENDING_BYTES (16u << 20)
#define WRITER_RETRY_MAX_MS 30000
#define WRITER_NOMEM_MS 100         /* no memory for a batch: retry */

static ino_t writer_ino_of(const char *path, const char *suffix)
{
        char p[PATH_MAX];
        struct stat st;

        if ((size_t) snprintf(p, sizeof(p), "%s%s", path, suffix) >=
                    sizeof(p) ||
            stat(p, &st) != 0)
                return 0;
        return st.st_ino;
}

/* Remember which files the writer handle has open (pool thread, or the
 * loop before the first batch). */
static void writer_note_store(struct daemon *d)
{
        struct writer *wr = &d->wr;
        struct stat st;

        if (stat(d->db_real, &st) == 0) {
                wr->db_dev = st.st_dev;
                wr->db_ino = st.st_ino;
        }
        wr->wal_ino = writer_ino_of(d->db_real, "-wal");
        wr->shm_ino = writer_ino_of(d->db_real, "-shm");
}

static bool writer_store_moved(struct daemon *d)
{
        struct stat st;

        return stat(d->db_real, &st) != 0 || st.st_dev != d->wr.db_dev ||
               st.st_ino != d->wr.db_ino;
}

/* The store file was deleted or replaced while open: a commit now would go
 * into a file nobody else can see, and the after-action would then remove
 * the inbox file with its result nowhere.  Close every handle on the old
 * file and open (or create) the one at the path, as at start-up.  Our own
 * -wal and -shm are unlinked first, so that the new file never picks up
 * the old one's log.  Pool thread, inside the writer's batch. */
static int writer_reopen(struct daemon *d, struct precis_error *err)
{
        struct writer *wr = &d->wr;
        char p[PATH_MAX];
        int rc;

        if (wr->wal_ino != 0 &&
            writer_ino_of(d->db_real, "-wal") == wr->wal_ino &&
            (size_t) snprintf(p, sizeof(p), "%s-wal", d->db_real) <
                    sizeof(p))
                (void) unlink(p);
        if (wr->shm_ino != 0 &&
            writer_ino_of(d->db_real, "-shm") == wr->shm_ino &&
            (size_t) snprintf(p, sizeof(p), "%s-shm", d->db_real) <
                    sizeof(p))
                (void) unlink(p);
        uv_mutex_lock(&d->readers_lock);
        worker_readers_close(d);
        d->readers_gen++;
        uv_mutex_unlock(&d->readers_lock);
        d->store = precis_store_close(d->store);
        wr->reopened = true;
        rc = precis_store_open(d->db_real, 0, &d->store, err);
        if (rc != 0)
                return rc;
        writer_note_store(d);
        return 0;
}

int writer_init(struct daemon *d)
{
        struct writer *wr = &d->wr;
        int rc;

        /* Room for what may wait at once (the back-pressure limit, a
         * result from every worker, a failed batch put back), so that
         * queueing a result never needs memory later. */
        wr->cap_pending = WRITER_PENDING_MAX + WRITER_BATCH_MAX + 256;
        wr->pending = malloc(wr->cap_pending * sizeof(*wr->pending));
        if (wr->pending == NULL)
                return -ENOMEM;
        rc = uv_timer_init(&d->loop, &d->wr.retry);
        d->wr.retry.data = d;
        if (d->db_real != NULL)
                writer_note_store(d);
        return rc;
}

void writer_push(struct daemon *d, struct work *w)
{
        struct writer *wr = &d->wr;

        if (PRECIS_GROW(wr->pending, wr->n_pending, wr->cap_pending,
                        64) != 0) {
                /* Keep the result in memory by failing loudly rather than
                 * dropping it: abort is the only honest choice left
                 * without memory. */
                log_err("out of memory queueing a store write");
                abort();
        }
        wr->pending[wr->n_pending++] = w;
        if (w->in.kind == PRECIS_INGEST_BUILT)
                wr->pending_bytes += (size_t) w->in.rec.bytes;
}

bool writer_full(const struct daemon *d)
{
        return d->wr.n_pending >= WRITER_PENDING_MAX ||
               d->wr.pending_bytes >= WRITER_PENDING_BYTES;
}

bool writer_idle(const struct daemon *d)
{
        return !d->wr.busy && d->wr.n_pending == 0;
}

/* Whether @a and @b hold the same bytes (false on any error). */
static bool writer_same_bytes(const char *a, const char *b)
{
        char x[16384], y[16384];
        struct stat sa, sb;
        bool same = false;
        int fa, fb;

        if (stat(a, &sa) != 0 || stat(b, &sb) != 0 ||
            !S_ISREG(sa.st_mode) || !S_ISREG(sb.st_mode) ||
            sa.st_size != sb.st_size)
                return false;
        if (sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino)
                return true;
        fa = open(a, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        fb = open(b, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fa >= 0 && fb >= 0) {
                for (;;) {
                        ssize_t n = read(fa, x, sizeof(x));

                        if (n < 0 || read(fb, y, (size_t) n) != n ||
                            memcmp(x, y, (size_t) n) != 0)
                                break;
                        if (n == 0) {
                                same = true;
                                break;
                        }
                }
        }
        if (fa >= 0)
                close(fa);
        if (fb >= 0)
                close(fb);
        return same;
}

/* Put @path into @dir under its own name, or name-N.ext when that is
 * taken, as a second name (link): the inbox name goes only once this one
 * is synced, so that a power cut at any point leaves the file in one
 * folder or both, never in neither (a rename is one step for the
 * process, but not always for the disk: the two folders may reach it
 * apart).  Never replaces a file.  A name taken by the same bytes is
 * where an earlier move of this file went (cut between the two syncs):
 * it is taken as is, and no second copy is made.  Where no hard link
 * can be made the file is renamed (*ret_moved), which journaling
 * filesystems keep whole.  Returns 0 with *ret_to owned, or -errno. */
static int writer_place(const char *path, const char *dir, char **ret_to,
                        bool *ret_moved)
{
        const char *base = strrchr(path, '/');
        const char *dot;
        char to[PATH_MAX];
        size_t stem;
        int i, n;

        *ret_moved = false;
        base = base != NULL ? base + 1 : path;
        dot = strrchr(base, '.');
        if (dot == NULL || dot == base)
                dot = base + strlen(base);
        stem = (size_t) (dot - base);
        for (i = 0; i < 10000; i++) {
                if (i == 0)
                        n = snprintf(to, sizeof(to), "%s/%s", dir, base);
                else
                        n = snprintf(to, sizeof(to), "%s/%.*s-%d%s", dir,
                                     (int) stem, base, i, dot);
                if (n < 0 || (size_t) n >= sizeof(to))
                        return -ENAMETOOLONG;
                if (!*ret_moved && link(path, to) == 0)
                        goto placed;
                if (!*ret_moved && errno != EEXIST) {
                        if (errno != EPERM && errno != EOPNOTSUPP &&
                            errno != EMLINK)
                                return -errno;
                        /* No hard links on this filesystem, or none
                         * to this file (fs.protected_hardlinks refuses
                         * a link to another user's file precisd cannot
                         * write): rename, synced new folder first. */
                        *ret_moved = true;
                }
                if (*ret_moved &&
                    renameat2(AT_FDCWD, path, AT_FDCWD, to,
                              RENAME_NOREPLACE) == 0)
                        goto placed;
                if (errno != EEXIST)
                        return -errno;
                if (writer_same_bytes(path, to)) {
                        *ret_moved = false; /* the inbox name goes */
                        goto placed;
                }
        }
        return -EEXIST;
placed:
        *ret_to = strdup(to);
        return *ret_to != NULL ? 0 : -ENOMEM;
}

/* Whether the committed work @w is to leave the inbox: moved into
 * *ret_dir, or deleted (*ret_del). */
static bool writer_after_wanted(const struct work *w, const char **ret_dir,
                                bool *ret_del)
{
        const struct precis_config *c = &w->conf->c;

        *ret_dir = NULL;
        *ret_del = false;
        if (w->in.out == PRECIS_INGEST_FAILURE) {
                *ret_dir = c->failed_dir;
        } else if (w->in.out == PRECIS_INGEST_NEW ||
                   w->in.out == PRECIS_INGEST_DUP_PATH ||
                   w->in.out == PRECIS_INGEST_DUP_SAME) {
                if (c->after == PRECIS_AFTER_MOVE)
                        *ret_dir = c->done_dir;
                else if (c->after == PRECIS_AFTER_DELETE)
                        *ret_del = true;
        }
        return *ret_dir != NULL || *ret_del;
}

/* First half of the after-action for a committed and synced work (pool
 * thread): a file to move gets its new name; w->after_rc is 2 when the
 * inbox name is to go in the second half, 0 if the file stays (or was
 * renamed already, w->after_path set), or -errno. */
static void writer_after_place(struct work *w)
{
        const char *path = w->job->path;
        const char *dir;
        bool del, moved;
        struct stat st;

        w->after_rc = 0;
        if (!writer_after_wanted(w, &dir, &del))
                return;
        /* Only the bytes we stored may leave: a file rewritten since the
         * read stays to be taken again. */
        if (stat(path, &st) != 0) {
                w->after_rc = errno == ENOENT ? 1 : -errno;
                return;
        }
        if (st.st_size != w->in.rec.src.size ||
            (int64_t) st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec !=
                    w->in.rec.src.mtime_ns)
                return;
        if (del) {
                w->after_rc = 2;
                return;
        }
        w->after_rc = writer_place(path, dir, &w->after_path, &moved);
        if (w->after_rc == 0 && !moved)
                w->after_rc = 2;
}

/* Second half: the inbox name goes.  Leaves w->after_rc as job.c reads
 * it: 1 deleted, 0 with w->after_path moved, or -errno. */
static void writer_after_unlink(struct work *w)
{
        if (w->after_rc != 2)
                return;
        if (unlink(w->job->path) != 0 && errno != ENOENT)
                w->after_rc = -errno;
        else
                w->after_rc = w->after_path != NULL ? 0 : 1;
}

/* Add the folder holding @path to @dirs (n of cap) unless it is there. */
static void writer_dir_add(char **dirs, size_t *n, size_t cap,
                           const char *path, struct writer *wr)
{
        const char *slash = strrchr(path, '/');
        size_t len = slash != NULL ? (size_t) (slash - path) : 0, i;

        for (i = 0; i < *n; i++)
                if (strlen(dirs[i]) == len &&
                    memcmp(dirs[i], path, len) == 0)
                        return;
        if (*n == cap || (dirs[*n] = strndup(path, len)) == NULL) {
                /* Cannot remember it: sync it now rather than never. */
                char dir[PATH_MAX];
                int rc;

                snprintf(dir, sizeof(dir), "%.*s", (int) len, path);
                rc = daemon_sync_dir(len > 0 ? dir : ".");
                if (rc != 0 && wr->sync_rc == 0) {
                        wr->sync_rc = rc;
                        snprintf(wr->sync_dir, sizeof(wr->sync_dir), "%s",
                                 dir);
                }
                return;
        }
        (*n)++;
}

/* fsync each folder that the files of the batch entered (@to) or left,
 * once per batch. */
static void writer_sync_dirs(struct writer *wr, bool to)
{
        char *dirs[16];
        size_t n = 0, i;

        for (i = 0; i < wr->n_batch; i++) {
                struct work *w = wr->batch[i];

                if (to && w->after_path != NULL && w->after_rc >= 0)
                        writer_dir_add(dirs, &n, 16, w->after_path, wr);
                else if (!to && (w->after_rc == 1 ||
                                 (w->after_rc == 0 && w->after_path != NULL)))
                        writer_dir_add(dirs, &n, 16, w->job->path, wr);
        }
        for (i = 0; i < n; i++) {
                int rc = daemon_sync_dir(dirs[i][0] ? dirs[i] : "/");

                if (rc != 0 && wr->sync_rc == 0) {
                        wr->sync_rc = rc;
                        snprintf(wr->sync_dir, sizeof(wr->sync_dir), "%s",
                                 dirs[i]);
                }
                free(dirs[i]);
        }
}

/* Mark every work of the batch for a retry with @rc. */
static void writer_batch_error(struct writer *wr, int rc)
{
        size_t i;

        for (i = 0; i < wr->n_batch; i++) {
                wr->batch[i]->in.out = PRECIS_INGEST_ERROR;
                wr->batch[i]->in.store_rc = rc;
        }
        wr->rc = rc;
}

static void writer_work_cb(uv_work_t *req)
{
        struct daemon *d = req->data;
        struct writer *wr = &d->wr;
        struct precis_ingest **items;
        size_t i;
        int rc;

        memset(&wr->err, 0, sizeof(wr->err));
        rc = 0;
        if (d->db_real != NULL &&
            (d->store == NULL || writer_store_moved(d)))
                rc = writer_reopen(d, &wr->err);
        if (rc != 0) {
                /* No store to write to: every work waits for a retry. */
                writer_batch_error(wr, rc);
                return;
        }
        items = malloc(wr->n_batch * sizeof(*items));
        if (items == NULL) {
                writer_batch_error(wr, precis_error_set(&wr->err, -ENOMEM,
                                                        NULL));
                return;
        }
        for (i = 0; i < wr->n_batch; i++)
                items[i] = &wr->batch[i]->in;
        wr->rc = precis_ingest_commit(d->store, items, wr->n_batch,
                                      &wr->err);
        free(items);
        if (d->db_real != NULL && writer_store_moved(d)) {
                /* Replaced under the transaction: it went to the old
                 * file.  Write it all again into the new one. */
                writer_batch_error(wr, precis_error_set(
                                               &wr->err, -ESTALE,
                                               "the store file was deleted "
                                               "or replaced during a "
                                               "write"));
                return;
        }
        /* (A server's store, PostgreSQL, has no file here to note.) */
        if (d->db_real != NULL && (wr->wal_ino == 0 || wr->shm_ino == 0))
                writer_note_store(d);
        /* Only what is committed and synced may leave the inbox: one
         * sync for the batch, and only when a file of it is to leave (a
         * file that stays is taken again after a power cut anyway). */
        for (i = 0; i < wr->n_batch; i++) {
                const char *dir;
                bool del;

                if (wr->batch[i]->in.out != PRECIS_INGEST_ERROR &&
                    writer_after_wanted(wr->batch[i], &dir, &del))
                        break;
        }
        if (i == wr->n_batch)
                return;
        rc = precis_store_sync(d->store, &wr->sync_err);
        if (rc != 0) {
                /* Every file stays; the loop says why. */
                wr->sync_rc = rc;
                return;
        }
        /* New names first, synced; then the inbox names go, synced: a
         * cut anywhere leaves each file in the inbox, in its new folder,
         * or in both (and the next start finishes the move). */
        for (i = 0; i < wr->n_batch; i++)
                if (wr->batch[i]->in.out != PRECIS_INGEST_ERROR)
                        writer_after_place(wr->batch[i]);
        writer_sync_dirs(wr, true);
        for (i = 0; i < wr->n_batch; i++)
                if (wr->batch[i]->in.out != PRECIS_INGEST_ERROR)
                        writer_after_unlink(wr->batch[i]);
        writer_sync_dirs(wr, false);
}

static void writer_retry_cb(uv_timer_t *t)
{
        writer_kick(t->data);
}

static void writer_after_cb(uv_work_t *req, int status)
{
        struct daemon *d = req->data;
        struct writer *wr = &d->wr;
        size_t n_again = 0, i;

        (void) status;
        wr->busy = false;
        if (wr->reopened) {
                wr->reopened = false;
                daemon_error(d, "the store %s was deleted or replaced while "
                             "running; %s", log_quote(d->db_real),
                             d->store != NULL ? "now writing to the file at "
                                                "that path" :
                                                "cannot open it again");
        }
        if (wr->sync_rc != 0 && wr->sync_dir[0] == '\0') {
                /* Stored, but maybe not on disk: the files stay in the
                 * inbox, to be taken again (and found stored) later. */
                daemon_error(d, "cannot sync the store: %s; the batch's "
                             "files stay in the inbox",
                             precis_error_msg(&wr->sync_err, wr->sync_rc));
        } else if (wr->sync_rc != 0) {
                /* The files have left; only their new place (or their
                 * absence) may not survive a power cut. */
                daemon_error(d, "cannot sync the folder %s after moving "
                             "files: %s", log_quote(wr->sync_dir),
                             strerror(-wr->sync_rc));
        }
        wr->sync_rc = 0;
        wr->sync_dir[0] = '\0';
        for (i = 0; i < wr->n_batch; i++) {
                struct work *w = wr->batch[i];

                if (w->in.out == PRECIS_INGEST_ERROR) {
                        /* batch[] is reused in place for the retries. */
                        wr->batch[n_again++] = w;
                        continue;
                }
                job_write_done(w->job);
        }
        if (n_again > 0) {
                unsigned ms;
                struct work **p;

                wr->failures++;
                ms = 1000u << (wr->failures < 5 ? wr->failures - 1 : 5);
                if (ms > WRITER_RETRY_MAX_MS)
                        ms = WRITER_RETRY_MAX_MS;
                daemon_error(d, "cannot write to the store: %s; %zu file(s) "
                             "kept, retrying in %u s",
                             precis_error_msg(&wr->err, wr->rc), n_again,
                             ms / 1000);
                /* For STATUS=: the status file may sit on the same full
                 * disk, or be unreadable for the same reason. */
                snprintf(d->n.store_error, sizeof(d->n.store_error), "%s",
                         precis_error_msg(&wr->err, wr->rc));
                /* Put them back in front of what arrived meanwhile, in
                 * place when the array has room (it is made big enough
                 * for a whole batch at start, so nothing is allocated
                 * here: no memory must never lose a result). */
                if (wr->cap_pending >= n_again + wr->n_pending) {
                        p = wr->pending;
                        memmove(p + n_again, p,
                                wr->n_pending * sizeof(*p));
                } else {
                        p = malloc((n_again + wr->n_pending + 64) *
                                   sizeof(*p));
                        if (p == NULL) {
                                log_err("out of memory keeping store "
                                        "writes");
                                abort();
                        }
                        memcpy(p + n_again, wr->pending,
                               wr->n_pending * sizeof(*p));
                        free(wr->pending);
                        wr->pending = p;
                        wr->cap_pending = wr->n_pending + n_again + 64;
                }
                memcpy(p, wr->batch, n_again * sizeof(*p));
                wr->n_pending += n_again;
                for (i = 0; i < n_again; i++)
                        if (p[i]->in.kind == PRECIS_INGEST_BUILT)
                                wr->pending_bytes +=
                                        (size_t) p[i]->in.rec.bytes;
                uv_timer_start(&wr->retry, writer_retry_cb, ms, 0);
        } else {
                if (wr->failures > 0)
                        log_info("the store takes writes again");
                wr->failures = 0;
                d->n.store_error[0] = '\0';
                status_changed(d);
        }
        free(wr->batch);
        wr->batch = NULL;
        wr->n_batch = 0;
        writer_kick(d);
        job_dispatch(d);
        daemon_maybe_exit(d);
}

/* Start a batch with what is pending, unless one is in flight or the
 * store asked for a pause. */
void writer_kick(struct daemon *d)
{
        struct writer *wr = &d->wr;
        size_t n, i;
        int rc;

        if (wr->busy || wr->n_pending == 0 ||
            uv_is_active((uv_handle_t *) &wr->retry))
                return;
        n = wr->n_pending < WRITER_BATCH_MAX ? wr->n_pending :
                                               WRITER_BATCH_MAX;
        wr->batch = malloc(n * sizeof(*wr->batch));
        if (wr->batch == NULL) {
                /* Nothing else may come to kick the writer again: the
                 * retry timer does, so the results are not left waiting.
                 * (Found by failing each allocation of a job in turn.) */
                log_err("out of memory starting a store batch; trying "
                        "again in %u ms", WRITER_NOMEM_MS);
                uv_timer_start(&wr->retry, writer_retry_cb, WRITER_NOMEM_MS,
                               0);
                return;
        }
        memcpy(wr->batch, wr->pending, n * sizeof(*wr->batch));
        memmove(wr->pending, wr->pending + n,
                (wr->n_pending - n) * sizeof(*wr->pending));
        wr->n_pending -= n;
        wr->n_batch = n;
        wr->pending_bytes = 0;
        for (i = 0; i < wr->n_pending; i++)
                if (wr->pending[i]->in.kind == PRECIS_INGEST_BUILT)
                        wr->pending_bytes +=
                                (size_t) wr->pending[i]->in.rec.bytes;
        wr->busy = true;
        wr->req.data = d;
        rc = uv_queue_work(&d->loop, &wr->req, writer_work_cb,
                           writer_after_cb);
        if (rc != 0) {
                log_err("cannot queue a store batch: %s", uv_strerror(rc));
                wr->busy = false;
                /* Undo: back to pending. */
                memmove(wr->pending + n, wr->pending,
                        wr->n_pending * sizeof(*wr->pending));
                memcpy(wr->pending, wr->batch, n * sizeof(*wr->batch));
                wr->n_pending += n;
                free(wr->batch);
                wr->batch = NULL;
                wr->n_batch = 0;
        }
}

void writer_done(struct daemon *d)
{
        free(d->wr.pending);
        d->wr.pending = NULL;
        d->wr.n_pending = 0;
}
