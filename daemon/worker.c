#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <precis/ingest.h>

#include "precisd.h"

/* Workers: prepare one file (lib/ingest.c) on libuv's thread pool.  The
 * work callback touches only its own struct work and the immutable parts of
 * its job (path, seen time) and configuration; the after-work callback runs
 * on the loop and hands the result to the job. */

/* Borrow a read-only store handle for this pool thread (NULL when none
 * can be opened: the checks it serves are optimisations).  Workers and
 * scans (watcher.c) share them. */
struct precis_store *worker_reader_get(struct daemon *d, const char *db,
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

void worker_reader_put(struct daemon *d, struct precis_store *st,
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

/* Whether the store has @path as it is now (same size, mtime and inode):
 * then it was stored already and is not read again (after = keep; under
 * move or delete such a file still needs its after-action, which only the
 * writer does).  The table forgets
 * stored files (job.c), so an event or a scan that a stored file gives
 * rise to ends here.  Returns 1 (w->in says UNCHANGED), 0 or an error. */
static int worker_stored_same(struct work *w, struct precis_store *rd,
                              const char *path)
{
        struct stat st;
        int64_t mtime_ns;
        int rc;

        if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
                return 0;
        mtime_ns = (int64_t) st.st_mtim.tv_sec * 1000000000 +
                   st.st_mtim.tv_nsec;
        rc = precis_store_path_unchanged(rd, path, st.st_size, mtime_ns,
                                         (int64_t) st.st_ino, NULL);
        if (rc != 1)
                return rc;
        w->in.kind = PRECIS_INGEST_UNCHANGED;
        w->in.rec.src.size = st.st_size;
        w->in.rec.src.mtime_ns = mtime_ns;
        w->stored_same = true;
        return 1;
}

/* Prepare the job's file through the shared ingest path (lib/ingest.c):
 * confined beneath the inbox, checked, read once, hashed, summarized. */
static void worker_work_cb(uv_work_t *req)
{
        struct work *w = req->data;
        struct job *j = w->job;
        struct daemon *d = j->d;
        const struct precis_config *c = &w->conf->c;
        struct precis_ingest_opts o;
        struct precis_store *rd;

        precis_ingest_opts_init(&o);
        o.root = w->inbox_real;
        o.follow_symlinks = c->follow_symlinks;
        o.max_bytes = c->max_bytes;
        o.sum = &w->conf->sum;
        /* A failure recorded and still in the inbox although failed_dir
         * is set was not moved yet (a crash or power cut between the
         * commit and the move): take it again, to fail and move it. */
        o.retry = w->retry || c->failed_dir != NULL;
        if (w->scan_check) {
                o.want_size = w->want_size;
                o.want_mtime_ns = w->want_mtime_ns;
        }
        rd = worker_reader_get(d, c->store_path, &w->reader_gen);
        if (rd != NULL && c->after == PRECIS_AFTER_KEEP &&
            worker_stored_same(w, rd, j->path) == 1)
                goto out;
        (void) precis_ingest_prepare(&w->in, j->path, j->seen_ms, &o, rd);
out:
        worker_reader_put(d, rd, w->reader_gen);
}

static void worker_after_cb(uv_work_t *req, int status)
{
        struct work *w = req->data;

        if (status != 0) {
                /* Cancelled: treat as changed so it is looked at again. */
                w->in.kind = PRECIS_INGEST_UNSTABLE;
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
        precis_ingest_done(&w->in);
        dconf_unref(w->conf);
        free(w->after_path);
        free(w->inbox_real);
        free(w);
}
