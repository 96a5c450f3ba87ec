#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <precis/hash.h>

#include "precisd.h"

/* Jobs: one per inbox path, in a hash table owned by the daemon.  A job
 * follows the state table below (dqlite sm.h style); the event handlers
 * translate inotify events and scan results into moves of that table, and
 * keep the promise that a path is never queued twice at once.
 *
 * With kernel events a file becomes a candidate when nobody has it open
 * (opens == 0, counted from IN_OPEN and IN_CLOSE_*) and nothing has changed
 * for settle_ms: so a writer that pauses with the file open is never
 * overtaken.  A file found by a scan (or when events were lost) carries
 * JOB_F_SCAN: then its size and mtime must hold for settle_ms, which the
 * worker checks before reading.
 *
 * The table holds only files in flight: a job is freed once its result is
 * committed (STORED, FAILED), so precisd's memory does not grow with the
 * files kept in the inbox (after = keep).  What was stored is recognised
 * from the store instead: scans ask it (path, size, mtime, inode, or a
 * failure with the same size and mtime) before making a job, and a worker
 * asks again before reading.  A file that is only opened (read by someone)
 * gets a PASSIVE job that counts the opens, so a writer that opens a kept
 * file and pauses is still waited for; it is forgotten at the last close
 * when nothing changed.  SKIPPED jobs (FIFOs, links not followed) stay:
 * the store knows nothing of them, and there are few. */

static uint64_t job_now(struct daemon *d)
{
        if (d->clock.mono_ms != NULL)
                return d->clock.mono_ms(d->clock.data);
        return uv_now(&d->loop);
}

static int64_t job_wall_ms(struct daemon *d)
{
        if (d->clock.wall_ms != NULL)
                return d->clock.wall_ms(d->clock.data);
        return daemon_wall_ms();
}

#define S(x) (1u << (x))

static const unsigned job_moves[JOB_NSTATES] = {
        [JOB_SEEN] = S(JOB_SETTLING) | S(JOB_QUEUED) | S(JOB_SEEN),
        [JOB_SETTLING] = S(JOB_SEEN) | S(JOB_SETTLING) | S(JOB_QUEUED),
        [JOB_QUEUED] = S(JOB_SEEN) | S(JOB_SETTLING) | S(JOB_WORKING) |
                       S(JOB_QUEUED),
        [JOB_WORKING] = S(JOB_WRITING) | S(JOB_SETTLING) | S(JOB_SEEN) |
                        S(JOB_QUEUED) | S(JOB_STORED) | S(JOB_FAILED) |
                        S(JOB_SKIPPED),
        [JOB_WRITING] = S(JOB_STORED) | S(JOB_FAILED) | S(JOB_SEEN) |
                        S(JOB_SETTLING) | S(JOB_QUEUED),
        [JOB_STORED] = S(JOB_SEEN) | S(JOB_SETTLING) | S(JOB_QUEUED),
        [JOB_FAILED] = S(JOB_SEEN) | S(JOB_SETTLING) | S(JOB_QUEUED),
        [JOB_SKIPPED] = S(JOB_SEEN) | S(JOB_SETTLING) | S(JOB_QUEUED),
};

static const char *const job_names[JOB_NSTATES] = {
        "seen", "settling", "queued", "working",
        "writing", "stored", "failed", "skipped",
};

const char *job_state_name(enum job_state s)
{
        return s < JOB_NSTATES ? job_names[s] : "?";
}

static bool job_busy(const struct job *j)
{
        return j->state == JOB_WORKING || j->state == JOB_WRITING;
}

int job_table_init(struct daemon *d)
{
        d->n_table = 1024;
        d->table = calloc(d->n_table, sizeof(*d->table));
        if (d->table == NULL)
                return -ENOMEM;
        return uv_timer_init(&d->loop, &d->settle_timer);
}

/* Free every job; called once the loop has stopped, when no work is in
 * flight any more. */
void job_table_done(struct daemon *d)
{
        size_t i;

        for (i = 0; d->table != NULL && i < d->n_table; i++) {
                while (d->table[i] != NULL) {
                        struct job *j = d->table[i];

                        assert(j->work == NULL);
                        job_free(j);
                }
        }
        free(d->table);
        d->table = NULL;
}

struct job *job_find(struct daemon *d, const char *path)
{
        uint64_t h = precis_table_hash(path, strlen(path));
        struct job *j;

        for (j = d->table[h & (d->n_table - 1)]; j != NULL; j = j->hnext)
                if (j->hash == h && strcmp(j->path, path) == 0)
                        return j;
        return NULL;
}

static void job_table_grow(struct daemon *d)
{
        size_t n = d->n_table * 2, i;
        struct job **t = calloc(n, sizeof(*t));

        if (t == NULL)
                return; /* Longer chains, still correct. */
        for (i = 0; i < d->n_table; i++) {
                while (d->table[i] != NULL) {
                        struct job *j = d->table[i];

                        d->table[i] = j->hnext;
                        j->hnext = t[j->hash & (n - 1)];
                        t[j->hash & (n - 1)] = j;
                }
        }
        free(d->table);
        d->table = t;
        d->n_table = n;
}

/* Find or create the job for @path (copied).  NULL only when out of
 * memory, which is logged. */
struct job *job_get(struct daemon *d, const char *path)
{
        struct job *j = job_find(d, path);
        size_t b;

        if (j != NULL)
                return j;
        j = calloc(1, sizeof(*j));
        if (j != NULL)
                j->path = strdup(path);
        if (j == NULL || j->path == NULL) {
                free(j);
                daemon_error(d, "out of memory tracking %s; looking again "
                             "soon", log_quote(path));
                /* The event is lost with the job: a rescan finds the file
                 * again (nothing is missed). */
                watcher_rescan_soon(d);
                return NULL;
        }
        j->d = d;
        j->hash = precis_table_hash(path, strlen(path));
        j->state = JOB_SEEN;
        j->seen_ms = job_wall_ms(d);
        j->gen = d->w.gen;
        j->size = -1;
        j->mtime_ns = -1;
        if (d->n_jobs >= d->n_table)
                job_table_grow(d);
        b = j->hash & (d->n_table - 1);
        j->hnext = d->table[b];
        d->table[b] = j;
        d->n_jobs++;
        d->n_state[JOB_SEEN]++;
        log_debug("%s: seen", log_quote(path));
        return j;
}

/* Take @j off whichever list (settling or run queue) holds it. */
static void job_unlink(struct job *j)
{
        struct daemon *d = j->d;
        struct job **head, **tail;

        if (j->state == JOB_SETTLING) {
                head = &d->settle_head;
                tail = &d->settle_tail;
        } else if (j->state == JOB_QUEUED) {
                head = &d->run_head;
                tail = &d->run_tail;
        } else {
                return;
        }
        if (j->prev != NULL)
                j->prev->next = j->next;
        else
                *head = j->next;
        if (j->next != NULL)
                j->next->prev = j->prev;
        else
                *tail = j->prev;
        j->prev = j->next = NULL;
}

static void job_append(struct job *j, struct job **head, struct job **tail)
{
        j->prev = *tail;
        j->next = NULL;
        if (*tail != NULL)
                (*tail)->next = j;
        else
                *head = j;
        *tail = j;
}

/* Move @j to state @to, keeping the lists and counts right.  An illegal
 * move is a bug in precisd, not bad input: assert. */
void job_set_state(struct job *j, enum job_state to)
{
        struct daemon *d = j->d;
        enum job_state from = j->state;

        /* Checked in release builds too (assert() is compiled out): a
         * wrong move would break the never-twice promise silently. */
        if (!(job_moves[from] & S(to))) {
                log_err("bug: job %s moved %s -> %s", log_quote(j->path),
                        job_names[from], job_names[to]);
                abort();
        }
        job_unlink(j);
        d->n_state[from]--;
        d->n_state[to]++;
        j->state = to;
        if (to == JOB_QUEUED)
                job_append(j, &d->run_head, &d->run_tail);
        else if (to == JOB_SETTLING)
                job_append(j, &d->settle_head, &d->settle_tail);
        if (from != to)
                log_debug("%s: %s -> %s", log_quote(j->path),
                          job_names[from], job_names[to]);
        status_changed(d);
}

/* Remove @j from the table and free it.  Not while work is in flight. */
void job_free(struct job *j)
{
        struct daemon *d = j->d;
        struct job **pp;

        assert(j->work == NULL);
        job_unlink(j);
        d->n_state[j->state]--;
        for (pp = &d->table[j->hash & (d->n_table - 1)]; *pp != NULL;
             pp = &(*pp)->hnext) {
                if (*pp == j) {
                        *pp = j->hnext;
                        break;
                }
        }
        d->n_jobs--;
        free(j->path);
        free(j);
        status_changed(d);
}

static void job_settle_cb(uv_timer_t *t);

static void job_timer_arm(struct daemon *d)
{
        uint64_t now = job_now(d);
        uint64_t due;

        if (d->settle_head == NULL || d->stopping) {
                uv_timer_stop(&d->settle_timer);
                return;
        }
        due = d->settle_head->deadline;
        uv_timer_start(&d->settle_timer, job_settle_cb,
                       due > now ? due - now : 0, 0);
}

/* Start (or restart) @j's quiet period: to the tail of the settling list,
 * which stays ordered by deadline because every period is settle_ms. */
static void job_arm(struct job *j)
{
        struct daemon *d = j->d;

        j->deadline = job_now(d) + d->conf->c.settle_ms;
        job_set_state(j, JOB_SETTLING);
        if (d->settle_head == j)
                job_timer_arm(d);
}

static void job_queue(struct job *j)
{
        if (j->state == JOB_QUEUED)
                return;
        job_set_state(j, JOB_QUEUED);
        job_dispatch(j->d);
}

/* Queue every settling job whose quiet period is over, and re-arm the
 * timer for the next one.  The timer's callback; the unit test calls it
 * after moving its clock. */
void job_settle_expire(struct daemon *d)
{
        uint64_t now = job_now(d);

        while (d->settle_head != NULL && d->settle_head->deadline <= now)
                job_set_state(d->settle_head, JOB_QUEUED);
        job_timer_arm(d);
        job_dispatch(d);
}

static void job_settle_cb(uv_timer_t *t)
{
        job_settle_expire(t->data);
}

/* Something changed at @j: settle again, or wait while it is open. */
static void job_touch(struct job *j)
{
        j->flags &= ~JOB_F_PASSIVE;
        if (job_busy(j)) {
                /* The latest event wins: it is back if it had gone. */
                j->flags |= JOB_F_DIRTY;
                j->flags &= ~JOB_F_GONE;
                return;
        }
        if (j->opens > 0) {
                if (j->state != JOB_SEEN)
                        job_set_state(j, JOB_SEEN);
                return;
        }
        job_arm(j);
}

void job_event_created(struct daemon *d, const char *path)
{
        struct job *j = job_get(d, path);

        if (j == NULL)
                return;
        /* A new inode: opens of the one it replaced no longer count. */
        j->opens = 0;
        j->flags &= ~JOB_F_SCAN;
        job_touch(j);
}

void job_event_open(struct daemon *d, const char *path)
{
        struct job *j = job_find(d, path);

        if (j == NULL) {
                /* A file the table does not hold: stored and kept, or not
                 * yet scanned.  Count its opens, so that a writer who
                 * opens it and pauses is waited for like any other. */
                j = job_get(d, path);
                if (j == NULL)
                        return;
                j->flags |= JOB_F_PASSIVE;
        }
        j->opens++;
        /* A file renamed in is complete: someone reading it (a backup, an
         * indexer, a person) must not send it back to settle, or a reader
         * that looks more often than settle_ms would hold it for ever.  A
         * writer that opens it again changes it, and a change clears
         * JOB_F_MOVED; the worker's lease check refuses a file open for
         * writing in any case. */
        if (j->state == JOB_SETTLING ||
            (j->state == JOB_QUEUED && !(j->flags & JOB_F_MOVED)))
                job_set_state(j, JOB_SEEN);
}

void job_event_modify(struct daemon *d, const char *path)
{
        struct job *j = job_get(d, path);

        if (j == NULL)
                return;
        j->flags &= ~(JOB_F_SCAN | JOB_F_MOVED);
        job_touch(j);
}

void job_event_close(struct daemon *d, const char *path, bool wrote)
{
        struct job *j = wrote ? job_get(d, path) : job_find(d, path);

        if (j == NULL)
                return;
        if (j->opens > 0)
                j->opens--;
        if (wrote) {
                j->flags &= ~(JOB_F_SCAN | JOB_F_MOVED);
                job_touch(j);
        } else if (j->opens == 0 && j->state == JOB_SEEN) {
                /* The last reader left: a file only read is what it was
                 * (forget it), one we were waiting on may go now. */
                if (j->flags & JOB_F_PASSIVE)
                        job_free(j);
                else
                        job_arm(j);
        }
}

void job_event_moved_in(struct daemon *d, const char *path)
{
        struct job *j = job_get(d, path);

        if (j == NULL)
                return;
        /* Renamed in: complete by contract, so no quiet period. */
        j->opens = 0;
        j->flags &= ~(JOB_F_SCAN | JOB_F_PASSIVE);
        j->flags |= JOB_F_MOVED;
        if (job_busy(j)) {
                j->flags |= JOB_F_DIRTY | JOB_F_NOW;
                j->flags &= ~JOB_F_GONE;
                return;
        }
        job_queue(j);
}

/* Mode, owner or ACL changed: only a failed file cares (a file it could
 * not open may be readable now); its bytes did not change, so the worker
 * must not pass it over as an unchanged failure. */
void job_event_attrib(struct daemon *d, const char *path)
{
        struct job *j = job_find(d, path);

        /* Failed files are not kept in the table: any file it does not
         * hold (or holds only for its opens) may be one.  The worker asks
         * the store first, so a stored file is not read again. */
        if (j == NULL) {
                j = job_get(d, path);
                if (j == NULL)
                        return;
        } else if (j->state != JOB_FAILED && !(j->flags & JOB_F_PASSIVE)) {
                return;
        }
        j->flags |= JOB_F_RETRY;
        job_touch(j);
}

static void job_gone(struct job *j)
{
        if (job_busy(j)) {
                j->flags |= JOB_F_GONE;
                j->flags &= ~(JOB_F_DIRTY | JOB_F_NOW);
                return;
        }
        log_debug("%s: left the inbox", log_quote(j->path));
        job_free(j);
}

void job_event_gone(struct daemon *d, const char *path)
{
        struct job *j = job_find(d, path);

        if (j != NULL)
                job_gone(j);
}

/* Every job under directory @dir left the inbox (moved away or deleted). */
void job_gone_under(struct daemon *d, const char *dir)
{
        size_t n = strlen(dir), i;

        for (i = 0; i < d->n_table; i++) {
                struct job *j = d->table[i], *next;

                for (; j != NULL; j = next) {
                        next = j->hnext;
                        if (strncmp(j->path, dir, n) == 0 &&
                            j->path[n] == '/')
                                job_gone(j);
                }
        }
}

/* A scan listed @path with this size and mtime. */
void job_scan_found(struct daemon *d, const char *path, int64_t size,
                    int64_t mtime_ns, unsigned gen, bool known)
{
        struct job *j = job_find(d, path);
        int64_t age_ms;
        bool changed;

        if (known) {
                /* The store has this file as it is now (or its failure):
                 * nothing to do, and no job to make for it. */
                if (j != NULL)
                        j->gen = gen;
                return;
        }
        if (j != NULL && (j->flags & JOB_F_PASSIVE)) {
                /* Not stored, and open: its close decides, as for any
                 * file whose open we saw. */
                j->flags &= ~JOB_F_PASSIVE;
                j->gen = gen;
                return;
        }
        if (j == NULL) {
                j = job_get(d, path);
                if (j == NULL)
                        return;
                j->flags |= JOB_F_SCAN;
        }
        j->gen = gen;
        changed = j->size != size || j->mtime_ns != mtime_ns;
        switch (j->state) {
        case JOB_QUEUED:
        case JOB_WORKING:
        case JOB_WRITING:
                return; /* Never twice at once. */
        case JOB_SEEN:
        case JOB_SETTLING:
                /* Events decide for files they describe; size and mtime
                 * decide for the rest. */
                if (!(j->flags & JOB_F_SCAN))
                        return;
                if (!changed && j->state == JOB_SETTLING)
                        return;
                break;
        case JOB_STORED:
        case JOB_FAILED:
        case JOB_SKIPPED:
                if (!changed)
                        return;
                j->flags |= JOB_F_SCAN;
                break;
        default:
                return;
        }
        j->size = size;
        j->mtime_ns = mtime_ns;
        /* Unchanged for settle_ms already (it arrived while we were down,
         * or long ago): no need to wait another period. */
        age_ms = job_wall_ms(d) - mtime_ns / 1000000;
        if (age_ms >= (int64_t) d->conf->c.settle_ms)
                job_queue(j);
        else
                job_arm(j);
}

/* After a full scan of generation @gen: forget what it did not find. */
void job_scan_sweep(struct daemon *d, unsigned gen)
{
        size_t i;

        for (i = 0; i < d->n_table; i++) {
                struct job *j = d->table[i], *next;

                for (; j != NULL; j = next) {
                        next = j->hnext;
                        if (j->gen != gen && !job_busy(j) &&
                            j->state != JOB_QUEUED)
                                job_free(j);
                }
        }
}

/* The kernel dropped events: open counts and pending closes can no longer
 * be trusted, so the files not yet taken fall back to size+mtime. */
void job_events_lost(struct daemon *d)
{
        size_t i;

        for (i = 0; i < d->n_table; i++) {
                struct job *j, *next;

                for (j = d->table[i]; j != NULL; j = next) {
                        next = j->hnext;
                        if (j->flags & JOB_F_PASSIVE) {
                                /* Held only for opens we can no longer
                                 * count: the rescan decides. */
                                job_free(j);
                                continue;
                        }
                        j->opens = 0;
                        if (j->state == JOB_SEEN ||
                            j->state == JOB_SETTLING)
                                j->flags |= JOB_F_SCAN;
                }
        }
}

/* Forget every job not in work (stopping, or the inbox vanished). */
void job_drop_passive(struct daemon *d)
{
        size_t i;

        for (i = 0; i < d->n_table; i++) {
                struct job *j = d->table[i], *next;

                for (; j != NULL; j = next) {
                        next = j->hnext;
                        if (!job_busy(j))
                                job_free(j);
                }
        }
        uv_timer_stop(&d->settle_timer);
}

/* Start queued jobs while worker slots are free and the writer keeps up
 * (back-pressure: built documents must not pile up in memory). */
void job_dispatch(struct daemon *d)
{
        while (d->run_head != NULL && !d->stopping &&
               d->n_state[JOB_WORKING] < d->max_workers && !writer_full(d)) {
                struct job *j = d->run_head;

                job_set_state(j, JOB_WORKING);
                worker_start(j);
                if (j->state != JOB_WORKING)
                        break; /* Could not start: retried later. */
        }
        /* A scan paused for the jobs it made to drain goes on. */
        watcher_scan_resume(d);
}

/* Where a job goes after its work when it changed meanwhile. */
static void job_after_dirty(struct job *j)
{
        unsigned now = j->flags & JOB_F_NOW;

        j->flags &= ~(JOB_F_DIRTY | JOB_F_NOW);
        if (now)
                job_queue(j);
        else
                job_touch(j);
}

/* @j is STORED or FAILED and nothing changed meanwhile: the store now
 * answers for it, so the table lets it go.  While someone still has the
 * file open it stays, PASSIVE, to count the closes: a writer that opened
 * it must still be waited for. */
static void job_settled(struct job *j)
{
        if (j->opens > 0) {
                j->flags |= JOB_F_PASSIVE;
                job_set_state(j, JOB_SEEN);
                return;
        }
        job_free(j);
}

/* A worker finished @j's work (loop thread, from the after-work callback). */
void job_work_done(struct job *j)
{
        struct daemon *d = j->d;
        struct work *w = j->work;

        if (w->in.kind == PRECIS_INGEST_FAILED &&
            (w->in.rc == -ENOMEM || w->in.rc == -EMFILE ||
             w->in.rc == -ENFILE)) {
                /* Out of memory or descriptors is the machine's state, not
                 * the file's: a failure on record would stick until the
                 * file changes.  It settles and is tried again instead.
                 * (Found by failing each allocation of a job in turn.) */
                daemon_error(d, "%s: %s; trying again", log_quote(j->path),
                             precis_strerror(w->in.rc));
                w->in.kind = PRECIS_INGEST_UNSTABLE;
        }
        switch (w->in.kind) {
        case PRECIS_INGEST_BUILT:
        case PRECIS_INGEST_KNOWN:
        case PRECIS_INGEST_FAILED:
                job_set_state(j, JOB_WRITING);
                writer_push(d, w);
                writer_kick(d);
                job_dispatch(d);
                return;
        default:
                break;
        }
        j->work = NULL;
        if (w->in.rec.src.size >= 0) {
                j->size = w->in.rec.src.size;
                j->mtime_ns = w->in.rec.src.mtime_ns;
        }
        switch (w->in.kind) {
        case PRECIS_INGEST_UNSTABLE:
                if (w->in.writer_open) {
                        /* Its open came before our watch (a restart):
                         * wait for the close event, as for an open we
                         * saw, unless an event (perhaps that close) came
                         * during the work.  Scans still look at it when
                         * there are no events (polling). */
                        log_debug("%s: open for writing, waiting for it "
                                  "to be closed", log_quote(j->path));
                        if (j->opens == 0 && !(j->flags & JOB_F_DIRTY))
                                j->opens = 1;
                        j->flags |= JOB_F_SCAN;
                        job_set_state(j, JOB_SEEN);
                        break;
                }
                log_debug("%s: still changing, settling again",
                          log_quote(j->path));
                j->flags |= JOB_F_SCAN;
                job_set_state(j, JOB_SEEN);
                break;
        case PRECIS_INGEST_VANISHED:
                /* Unless it came back while we looked. */
                if (!(j->flags & JOB_F_DIRTY))
                        j->flags |= JOB_F_GONE;
                break;
        case PRECIS_INGEST_SKIPPED:
                d->n.skipped++;
                log_info("skipped %s: %s", log_quote(j->path), w->in.err.msg);
                job_set_state(j, JOB_SKIPPED);
                break;
        case PRECIS_INGEST_UNCHANGED:
                if (w->stored_same) {
                        log_debug("%s: stored and unchanged since, skipping",
                                  log_quote(j->path));
                        job_set_state(j, JOB_STORED);
                        break;
                }
                log_debug("%s: failed before and unchanged since, skipping",
                          log_quote(j->path));
                job_set_state(j, JOB_FAILED);
                break;
        default:
                break;
        }
        worker_free(w);
        if (j->flags & JOB_F_GONE) {
                job_free(j);
        } else if (j->flags & JOB_F_DIRTY || j->state == JOB_SEEN) {
                j->flags &= ~JOB_F_DIRTY;
                job_after_dirty(j);
        } else if (j->state == JOB_STORED || j->state == JOB_FAILED) {
                job_settled(j);
        }
        job_dispatch(d);
        daemon_maybe_exit(d);
}

/* The writer committed (or recorded the failure of) @j's work. */
void job_write_done(struct job *j)
{
        struct daemon *d = j->d;
        struct work *w = j->work;
        bool left = false;

        j->work = NULL;
        j->size = w->in.rec.src.size;
        j->mtime_ns = w->in.rec.src.mtime_ns;
        d->n.last_ingest_ms = daemon_wall_ms();
        switch (w->in.out) {
        case PRECIS_INGEST_NEW:
                d->n.stored++;
                log_info("stored %s as " LOG_ARTICLE, log_quote(j->path),
                         w->in.rec.hash);
                break;
        case PRECIS_INGEST_DUP_PATH:
                d->n.duplicates++;
                log_info("duplicate %s: already stored as " LOG_ARTICLE,
                         log_quote(j->path), w->in.rec.hash);
                break;
        case PRECIS_INGEST_DUP_SAME:
                log_debug("unchanged %s: already stored as " LOG_ARTICLE,
                          log_quote(j->path), w->in.rec.hash);
                break;
        case PRECIS_INGEST_FAILURE:
                d->n.failed++;
                daemon_file_failed(d, "failed %s: %s", log_quote(j->path),
                             precis_error_msg(&w->in.err, w->in.rc));
                break;
        default:
                break;
        }
        job_set_state(j, w->in.out == PRECIS_INGEST_FAILURE ? JOB_FAILED : JOB_STORED);
        if (w->after_path != NULL && w->after_rc == 0) {
                log_info("moved %s to %s", log_quote(j->path),
                         log_quote(w->after_path));
                left = true;
        } else if (w->after_rc == 1) {
                left = true; /* deleted */
        } else if (w->after_rc < 0) {
                daemon_error(d, "cannot %s %s after storing it: %s",
                             w->after_path != NULL ? "move" : "delete",
                             log_quote(j->path),
                             precis_strerror(w->after_rc));
        }
        if (w->in.requeue)
                j->flags |= JOB_F_DIRTY | JOB_F_NOW;
        worker_free(w);
        if (left || j->flags & JOB_F_GONE)
                job_free(j);
        else if (j->flags & JOB_F_DIRTY)
                job_after_dirty(j);
        else
                job_settled(j);
        job_dispatch(d);
}

size_t job_queue_depth(const struct daemon *d)
{
        return d->n_state[JOB_SETTLING] + d->n_state[JOB_QUEUED] +
               d->n_state[JOB_WORKING] + d->n_state[JOB_WRITING];
}
