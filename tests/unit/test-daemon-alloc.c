/* Allocation failure in a precisd job (issue 8 item 7): for every N, fail
 * the Nth allocation while one file goes through a real job on a real
 * loop: the event, the job, the worker on libuv's pool (the store lookups,
 * ingest prepare: read, hash, pipeline), the writer's batch and commit.
 * No memory must never lose the file nor record a failure against it:
 * once memory is back it is stored, its job has left the table and the
 * writer is idle.  The inotify watch is not set up (events are fed by
 * hand); the watcher's scans and rescan timer are real.  Leaks: the
 * AddressSanitizer pass.  What the allocator sees: failalloc.h.
 * test-alloc-fail does the same over the pipeline alone. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include <precis/ingest.h>
#include <precis/init.h>
#include <precis/store.h>

#include "failalloc.h"
#include "precisd.h"

/* ---- a precisd job ---- */

static struct precis_store *test_rd; /* read-only; the test's checks */

struct dfix {
        struct daemon d;
        struct precis_store *rd;   /* the test's own read-only handle */
        char dir[64];
        char inbox[128];
        char db[128];
};

static int daemon_setup(void **state)
{
        struct precis_error err = { 0 };
        struct dfix *f = calloc(1, sizeof(*f));
        struct daemon *d;

        assert_non_null(f);
        d = &f->d;
        strcpy(f->dir, "/tmp/precis-alloc-XXXXXX");
        assert_non_null(mkdtemp(f->dir));
        snprintf(f->inbox, sizeof(f->inbox), "%s/inbox", f->dir);
        snprintf(f->db, sizeof(f->db), "%s/precis.db", f->dir);
        assert_int_equal(mkdir(f->inbox, 0700), 0);
        log_init(-4);
        assert_int_equal(uv_loop_init(&d->loop), 0);
        assert_int_equal(uv_mutex_init(&d->readers_lock), 0);
        d->conf = daemon_conf_load(d, NULL, f->inbox, f->db, NULL, &err);
        assert_non_null(d->conf);
        d->conf->c.settle_ms = 0;
        /* The store is open before any job, as in precisd. */
        assert_int_equal(precis_store_open(f->db, 0, &d->store, &err), 0);
        assert_int_equal(precis_store_open(f->db, PRECIS_STORE_READONLY,
                                           &f->rd, &err), 0);
        test_rd = f->rd;
        d->db_real = strdup(f->db);
        assert_non_null(d->db_real);
        assert_int_equal(job_table_init(d), 0);
        d->settle_timer.data = d;
        assert_int_equal(writer_init(d), 0);
        d->w.inbox_real = strdup(f->inbox);
        assert_non_null(d->w.inbox_real);
        /* No inotify: events are fed by hand.  The watcher's scans and
         * its rescan timer are real (a lost event is found by a rescan). */
        d->w.d = d;
        d->w.fd = -1;
        assert_int_equal(uv_timer_init(&d->loop, &d->w.rescan), 0);
        d->w.rescan.data = d;
        d->max_workers = 1;
        *state = f;
        return 0;
}

static int daemon_teardown(void **state)
{
        struct dfix *f = *state;
        struct daemon *d = &f->d;
        char cmd[160];

        job_table_done(d);
        uv_close((uv_handle_t *) &d->settle_timer, NULL);
        uv_close((uv_handle_t *) &d->wr.retry, NULL);
        uv_close((uv_handle_t *) &d->w.rescan, NULL);
        uv_run(&d->loop, UV_RUN_DEFAULT);
        assert_int_equal(uv_loop_close(&d->loop), 0);
        writer_done(d);
        worker_readers_close(d);
        uv_mutex_destroy(&d->readers_lock);
        precis_store_close(d->store);
        precis_store_close(f->rd);
        free(d->w.inbox_real);
        free(d->db_real);
        dconf_unref(d->conf);
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
        assert_int_equal(system(cmd), 0);
        free(f);
        return 0;
}

static int store_outcome(struct precis_store *rd, const char *path);

/* Run the loop until the store has @path's outcome, its job has left the
 * table and nothing is in flight.  A job that could not start (no memory
 * for its work) waits in the queue for the next dispatch, and a store
 * write that failed waits for the writer's back-off: both are done here
 * at once instead of after their timers. */
static void run_job(struct daemon *d, const char *path, long n)
{
        struct job *j;

        int rounds;

        for (rounds = 0; rounds < 1000; rounds++) {
                if (store_outcome(test_rd, path) != 0 && d->n_jobs == 0 &&
                    writer_idle(d) && d->w.scans == 0)
                        return;
                if (uv_is_active((uv_handle_t *) &d->wr.retry)) {
                        uv_timer_stop(&d->wr.retry);
                        writer_kick(d);
                }
                job_dispatch(d);
                uv_run(&d->loop, UV_RUN_ONCE);
        }
        j = job_find(d, path);
        fail_msg("allocation %ld failed: the job for %s never finished "
                 "(outcome %d, %zu jobs, state %s, writer %s, %u scans, "
                 "rescan timer %s)", n, path, store_outcome(test_rd, path),
                 d->n_jobs, j != NULL ? job_state_name(j->state) : "-",
                 writer_idle(d) ? "idle" : "busy", d->w.scans,
                 uv_is_active((uv_handle_t *) &d->w.rescan) ? "on" : "off");
}

static void write_file(const char *path, const char *text, long n)
{
        FILE *fp = fopen(path, "w");

        assert_non_null(fp);
        fprintf(fp, "%s\nThis is copy %ld of the story.\n", text, n);
        assert_int_equal(fclose(fp), 0);
}

/* Whether the store has @path as it is now: stored (1), its failure
 * recorded for this size and mtime (2), or neither (0). */
static int store_outcome(struct precis_store *rd, const char *path)
{
        struct stat st;
        int64_t mtime_ns;

        assert_int_equal(stat(path, &st), 0);
        mtime_ns = (int64_t) st.st_mtim.tv_sec * 1000000000 +
                   st.st_mtim.tv_nsec;
        if (precis_store_path_unchanged(rd, path, st.st_size, mtime_ns,
                                        (int64_t) st.st_ino, NULL) == 1)
                return 1;
        if (precis_store_failure_unchanged(rd, path, st.st_size,
                                           mtime_ns, NULL) == 1)
                return 2;
        return 0;
}

static void daemon_job(void **state)
{
        struct dfix *f = *state;
        struct daemon *d = &f->d;
        char path[256];
        long n, total = 0;

        snprintf(path, sizeof(path), "%s/story.txt", f->inbox);
        for (n = 0;; n++) {
                bool hit;
                int out;

                write_file(path, failalloc_plain_doc, n);
                failalloc_arm(n); /* 0: the reference run */
                job_event_moved_in(d, path);
                run_job(d, path, n);
                hit = failalloc_hit();
                if (n == 0)
                        total = failalloc_count();
                failalloc_arm(0);
                /* Never lost, never stuck, and no failure on record:
                 * out of memory is tried again, not held against the
                 * file. */
                out = store_outcome(test_rd, path);
                if (out != 1)
                        fail_msg("allocation %ld of %ld failed: the file "
                                 "is %s", n, total,
                                 out == 2 ? "recorded as failed" :
                                            "neither stored nor failed");
                assert_int_equal(d->n_jobs, 0);
                assert_true(writer_idle(d));
                unlink(path);
                if (n > 0 && !hit)
                        break;
        }
        print_message("daemon job: %ld allocations, each failed once\n",
                      n - 1);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(daemon_job, daemon_setup,
                                                daemon_teardown),
        };

        failalloc_install();
        if (precis_init() != 0)
                return 1;
        return cmocka_run_group_tests(tests, NULL, NULL);
}
