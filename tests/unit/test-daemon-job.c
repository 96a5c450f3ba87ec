/* precisd's job state machine (daemon/job.c) driven by the event handlers
 * the watcher calls, on a real libuv loop, with no workers: the promises of
 * DESIGN.md §3 that live in the table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "precisd.h"

#define SETTLE_MS 30

/* The injected clock: time moves only when a test says so, so no test
 * depends on how fast a loaded machine runs it. */
struct fake_clock {
        uint64_t mono; /* ms */
        int64_t wall;  /* ms since the epoch */
};

static uint64_t fake_mono(void *data)
{
        return ((struct fake_clock *) data)->mono;
}

static int64_t fake_wall(void *data)
{
        return ((struct fake_clock *) data)->wall;
}

struct fixture {
        struct daemon d;       /* first: tests cast the state to it */
        struct fake_clock clk;
};

/* Let @ms milliseconds pass, and fire the settle timer as the loop would
 * once its deadline is reached. */
static void advance(struct daemon *d, uint64_t ms)
{
        struct fake_clock *c = d->clock.data;

        c->mono += ms;
        c->wall += (int64_t) ms;
        job_settle_expire(d);
}

static int setup(void **state)
{
        struct precis_error err = { 0 };
        struct fixture *f = calloc(1, sizeof(*f));
        struct daemon *d;

        assert_non_null(f);
        d = &f->d;
        log_init(-4); /* Quiet: only critical lines. */
        assert_int_equal(uv_loop_init(&d->loop), 0);
        f->clk.mono = 1000;
        f->clk.wall = 1700000000000LL;
        d->clock.mono_ms = fake_mono;
        d->clock.wall_ms = fake_wall;
        d->clock.data = &f->clk;
        d->conf = daemon_conf_load(d, NULL, "/tmp/inbox", "/tmp/t.db", NULL,
                                   &err);
        assert_non_null(d->conf);
        d->conf->c.settle_ms = SETTLE_MS;
        assert_int_equal(job_table_init(d), 0);
        d->settle_timer.data = d;
        d->max_workers = 0; /* Queued jobs stay queued. */
        *state = d;
        return 0;
}

static int teardown(void **state)
{
        struct daemon *d = *state;

        job_table_done(d);
        uv_close((uv_handle_t *) &d->settle_timer, NULL);
        uv_run(&d->loop, UV_RUN_DEFAULT);
        assert_int_equal(uv_loop_close(&d->loop), 0);
        dconf_unref(d->conf);
        free(d);
        return 0;
}

static enum job_state state_of(struct daemon *d, const char *p)
{
        struct job *j = job_find(d, p);

        assert_non_null(j);
        return j->state;
}

/* A writer that keeps the file open is never overtaken, however long it
 * pauses; once it closes and stays quiet for settle_ms the file goes. */
static void open_file_waits_for_close(void **state)
{
        struct daemon *d = *state;
        const char *p = "/tmp/inbox/a.txt";

        job_event_created(d, p);
        job_event_open(d, p);
        job_event_modify(d, p);
        assert_int_equal(state_of(d, p), JOB_SEEN);
        advance(d, 4 * SETTLE_MS);
        assert_int_equal(state_of(d, p), JOB_SEEN);
        job_event_close(d, p, true);
        assert_int_equal(state_of(d, p), JOB_SETTLING);
        advance(d, 3 * SETTLE_MS);
        assert_int_equal(state_of(d, p), JOB_QUEUED);
}

/* Every change re-arms the quiet period. */
static void modify_rearms_settle(void **state)
{
        struct daemon *d = *state;
        const char *p = "/tmp/inbox/b.txt";
        int i;

        job_event_created(d, p);
        job_event_close(d, p, true);
        for (i = 0; i < 4; i++) {
                advance(d, SETTLE_MS / 2);
                job_event_modify(d, p);
                assert_int_equal(state_of(d, p), JOB_SETTLING);
        }
        /* Exactly settle_ms after the last change, not a moment sooner. */
        advance(d, SETTLE_MS - 1);
        assert_int_equal(state_of(d, p), JOB_SETTLING);
        advance(d, 1);
        assert_int_equal(state_of(d, p), JOB_QUEUED);
}

/* Several open/close rounds: the last reader or writer leaving counts. */
static void reopened_file_waits(void **state)
{
        struct daemon *d = *state;
        const char *p = "/tmp/inbox/c.txt";

        job_event_created(d, p);
        job_event_open(d, p);
        job_event_close(d, p, true);
        job_event_open(d, p);
        assert_int_equal(state_of(d, p), JOB_SEEN);
        advance(d, 3 * SETTLE_MS);
        assert_int_equal(state_of(d, p), JOB_SEEN);
        job_event_open(d, p); /* a reader too */
        job_event_close(d, p, true);
        assert_int_equal(state_of(d, p), JOB_SEEN);
        job_event_close(d, p, false);
        assert_int_equal(state_of(d, p), JOB_SETTLING);
}

/* Renamed in: complete, queued at once; repeated events and scans never
 * queue it twice. */
static void moved_in_is_queued_once(void **state)
{
        struct daemon *d = *state;
        const char *p = "/tmp/inbox/d.txt";

        job_event_moved_in(d, p);
        assert_int_equal(state_of(d, p), JOB_QUEUED);
        job_event_moved_in(d, p);
        job_scan_found(d, p, 10, 1, d->w.gen, false);
        assert_int_equal(state_of(d, p), JOB_QUEUED);
        assert_int_equal(d->n_state[JOB_QUEUED], 1);
        assert_int_equal(d->n_jobs, 1);
}

/* A change while in work marks the job dirty instead of queueing it
 * again; leaving the inbox marks it gone. */
static void busy_job_is_not_requeued(void **state)
{
        struct daemon *d = *state;
        const char *p = "/tmp/inbox/e.txt";
        struct job *j;

        job_event_moved_in(d, p);
        j = job_find(d, p);
        job_set_state(j, JOB_WORKING);
        job_event_modify(d, p);
        job_event_close(d, p, true);
        job_event_moved_in(d, p);
        assert_int_equal(j->state, JOB_WORKING);
        assert_true(j->flags & JOB_F_DIRTY);
        assert_int_equal(d->n_state[JOB_QUEUED], 0);
        job_event_gone(d, p);
        assert_ptr_equal(job_find(d, p), j);
        assert_true(j->flags & JOB_F_GONE);
        assert_false(j->flags & JOB_F_DIRTY);
        /* Back to a state that may be freed, as job_work_done() would. */
        job_set_state(j, JOB_SKIPPED);
}

/* Files found by a scan: old ones go at once, fresh ones settle by size
 * and mtime; an unchanged stored file is not taken again. */
static void scan_found_files(void **state)
{
        struct daemon *d = *state;
        int64_t now_ns = fake_wall(d->clock.data) * 1000000;
        struct job *j;

        job_scan_found(d, "/tmp/inbox/old.txt", 5, now_ns - 10000000000LL,
                       d->w.gen, false);
        assert_int_equal(state_of(d, "/tmp/inbox/old.txt"), JOB_QUEUED);
        job_scan_found(d, "/tmp/inbox/new.txt", 5, now_ns, d->w.gen, false);
        j = job_find(d, "/tmp/inbox/new.txt");
        assert_int_equal(j->state, JOB_SETTLING);
        assert_true(j->flags & JOB_F_SCAN);
        job_set_state(j, JOB_QUEUED);
        job_set_state(j, JOB_WORKING);
        job_set_state(j, JOB_WRITING);
        job_set_state(j, JOB_STORED);
        job_scan_found(d, "/tmp/inbox/new.txt", 5, now_ns, d->w.gen, false);
        assert_int_equal(j->state, JOB_STORED);
        job_scan_found(d, "/tmp/inbox/new.txt", 6, now_ns + 1, d->w.gen, false);
        assert_int_equal(j->state, JOB_SETTLING);
}

/* Deleted before it was taken: forgotten; a sweep forgets what a full scan
 * did not see. */
static void gone_and_swept(void **state)
{
        struct daemon *d = *state;

        job_event_created(d, "/tmp/inbox/f.txt");
        job_event_gone(d, "/tmp/inbox/f.txt");
        assert_null(job_find(d, "/tmp/inbox/f.txt"));
        job_event_created(d, "/tmp/inbox/g.txt");
        job_scan_sweep(d, d->w.gen + 1);
        assert_null(job_find(d, "/tmp/inbox/g.txt"));
        assert_int_equal(d->n_jobs, 0);
}

/* After an overflow the open counts mean nothing: size and mtime rule. */
static void events_lost_resets_opens(void **state)
{
        struct daemon *d = *state;
        struct job *j;

        job_event_created(d, "/tmp/inbox/h.txt");
        job_event_open(d, "/tmp/inbox/h.txt");
        job_event_open(d, "/tmp/inbox/h.txt");
        j = job_find(d, "/tmp/inbox/h.txt");
        job_events_lost(d);
        assert_int_equal(j->opens, 0);
        assert_true(j->flags & JOB_F_SCAN);
        job_scan_found(d, j->path, 3, fake_wall(d->clock.data) * 1000000,
                       d->w.gen, false);
        assert_int_equal(j->state, JOB_SETTLING);
}

/* A file the table does not hold (stored and kept) that is only read:
 * tracked while open, forgotten at the last close. */
static void read_only_open_is_forgotten(void **state)
{
        struct daemon *d = *state;
        const char *p = "/tmp/inbox/kept.txt";
        struct job *j;

        job_event_open(d, p);
        job_event_open(d, p);
        j = job_find(d, p);
        assert_non_null(j);
        assert_true(j->flags & JOB_F_PASSIVE);
        assert_int_equal(j->state, JOB_SEEN);
        job_event_close(d, p, false);
        assert_non_null(job_find(d, p));
        job_event_close(d, p, false);
        assert_null(job_find(d, p));
        assert_int_equal(d->n_jobs, 0);
}

/* A kept file opened by a writer who pauses is waited for, as any other:
 * its first change makes the job an ordinary one. */
static void kept_file_rewritten_waits(void **state)
{
        struct daemon *d = *state;
        const char *p = "/tmp/inbox/kept2.txt";

        job_event_open(d, p);
        job_event_modify(d, p);
        assert_false(job_find(d, p)->flags & JOB_F_PASSIVE);
        advance(d, 10 * SETTLE_MS);
        assert_int_equal(state_of(d, p), JOB_SEEN);
        job_event_close(d, p, true);
        advance(d, SETTLE_MS);
        assert_int_equal(state_of(d, p), JOB_QUEUED);
}

/* A scan entry the store already has (stored or failed, unchanged) makes
 * no job: the table stays empty however many files are kept. */
static void known_scan_entries_make_no_job(void **state)
{
        struct daemon *d = *state;
        char p[64];
        int i;

        for (i = 0; i < 1000; i++) {
                snprintf(p, sizeof(p), "/tmp/inbox/k%d.txt", i);
                job_scan_found(d, p, 10, 1, d->w.gen, true);
        }
        assert_int_equal(d->n_jobs, 0);
        /* A sweep after it forgets nothing it should keep. */
        job_event_created(d, "/tmp/inbox/new.txt");
        job_scan_found(d, "/tmp/inbox/new.txt", 10, 1, d->w.gen + 1, false);
        job_scan_sweep(d, d->w.gen + 1);
        assert_non_null(job_find(d, "/tmp/inbox/new.txt"));
}

/* Run @j, which must be QUEUED or WORKING, through a worker verdict of @kind. */
static void finish_work(struct job *j, enum precis_ingest_kind kind,
                        bool stored_same)
{
        struct work *w = calloc(1, sizeof(*w));

        assert_non_null(w);
        w->job = j;
        w->conf = dconf_ref(j->d->conf);
        w->in.kind = kind;
        w->in.rec.src.size = 10;
        w->in.rec.src.mtime_ns = 1;
        w->stored_same = stored_same;
        if (j->state != JOB_WORKING)
                job_set_state(j, JOB_WORKING);
        j->work = w;
        job_work_done(j);
}

/* Once its outcome is settled the table lets a job go: the store answers
 * for it from then on.  Unless someone still has the file open. */
static void settled_jobs_are_freed(void **state)
{
        struct daemon *d = *state;
        struct job *j;

        job_event_moved_in(d, "/tmp/inbox/s.txt");
        finish_work(job_find(d, "/tmp/inbox/s.txt"),
                    PRECIS_INGEST_UNCHANGED, true);
        assert_null(job_find(d, "/tmp/inbox/s.txt"));
        job_event_moved_in(d, "/tmp/inbox/f.txt");
        finish_work(job_find(d, "/tmp/inbox/f.txt"),
                    PRECIS_INGEST_UNCHANGED, false);
        assert_null(job_find(d, "/tmp/inbox/f.txt"));
        job_event_moved_in(d, "/tmp/inbox/o.txt");
        j = job_find(d, "/tmp/inbox/o.txt");
        job_set_state(j, JOB_WORKING);
        job_event_open(d, j->path); /* someone reads it meanwhile */
        finish_work(j, PRECIS_INGEST_UNCHANGED, true);
        assert_ptr_equal(job_find(d, "/tmp/inbox/o.txt"), j);
        assert_true(j->flags & JOB_F_PASSIVE);
        job_event_close(d, "/tmp/inbox/o.txt", false);
        assert_null(job_find(d, "/tmp/inbox/o.txt"));
        assert_int_equal(d->n_jobs, 0);
}

/* A file renamed in is complete: a reader that opens it (again and
 * again, faster than settle_ms) neither sends it back to settle nor holds
 * it; a write after the rename does. */
static void reader_does_not_hold_moved_in_file(void **state)
{
        struct daemon *d = *state;
        const char *p = "/tmp/inbox/m.txt";
        struct job *j;
        int i;

        job_event_moved_in(d, p);
        j = job_find(d, p);
        assert_int_equal(j->state, JOB_QUEUED);
        for (i = 0; i < 10; i++) {
                job_event_open(d, p);
                assert_int_equal(j->state, JOB_QUEUED);
                advance(d, SETTLE_MS / 4);
                job_event_close(d, p, false);
                assert_int_equal(j->state, JOB_QUEUED);
        }
        /* Written after the rename: the usual rules again. */
        job_event_modify(d, p);
        assert_int_equal(j->state, JOB_SETTLING);
        job_event_open(d, p);
        assert_int_equal(j->state, JOB_SEEN);
}

/* A mode change on a file the table forgot (perhaps a failure that may
 * be readable now) is looked at again, with the failure record ignored. */
static void attrib_retries_forgotten_file(void **state)
{
        struct daemon *d = *state;
        struct job *j;

        job_event_attrib(d, "/tmp/inbox/locked.txt");
        j = job_find(d, "/tmp/inbox/locked.txt");
        assert_non_null(j);
        assert_true(j->flags & JOB_F_RETRY);
        advance(d, SETTLE_MS);
        assert_int_equal(j->state, JOB_QUEUED);
        /* On a file in progress it changes nothing. */
        job_event_created(d, "/tmp/inbox/w.txt");
        job_event_attrib(d, "/tmp/inbox/w.txt");
        assert_false(job_find(d, "/tmp/inbox/w.txt")->flags & JOB_F_RETRY);
}

/* Log lines quote names and escape what could forge a line. */
static void log_quote_escapes(void **state)
{
        (void) state;
        assert_string_equal(log_quote("a b.txt"), "'a b.txt'");
        assert_string_equal(log_quote("a\nb"), "'a\\nb'");
        assert_string_equal(log_quote("it's"), "'it\\'s'");
        assert_string_equal(log_quote("\x1b[31m"), "'\\x1b[31m'");
        assert_string_equal(log_quote("caf\xc3\xa9"), "'caf\xc3\xa9'");
        assert_string_equal(log_quote("bad\xff"), "'bad\\xff'");
        assert_string_equal(log_quote("\xc0\xaf"), "'\\xc0\\xaf'");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(open_file_waits_for_close,
                                                setup, teardown),
                cmocka_unit_test_setup_teardown(modify_rearms_settle, setup,
                                                teardown),
                cmocka_unit_test_setup_teardown(reopened_file_waits, setup,
                                                teardown),
                cmocka_unit_test_setup_teardown(moved_in_is_queued_once,
                                                setup, teardown),
                cmocka_unit_test_setup_teardown(busy_job_is_not_requeued,
                                                setup, teardown),
                cmocka_unit_test_setup_teardown(scan_found_files, setup,
                                                teardown),
                cmocka_unit_test_setup_teardown(gone_and_swept, setup,
                                                teardown),
                cmocka_unit_test_setup_teardown(events_lost_resets_opens,
                                                setup, teardown),
                cmocka_unit_test_setup_teardown(read_only_open_is_forgotten,
                                                setup, teardown),
                cmocka_unit_test_setup_teardown(kept_file_rewritten_waits,
                                                setup, teardown),
                cmocka_unit_test_setup_teardown(
                        known_scan_entries_make_no_job, setup, teardown),
                cmocka_unit_test_setup_teardown(
                        reader_does_not_hold_moved_in_file, setup, teardown),
                cmocka_unit_test_setup_teardown(settled_jobs_are_freed,
                                                setup, teardown),
                cmocka_unit_test_setup_teardown(
                        attrib_retries_forgotten_file, setup, teardown),
                cmocka_unit_test(log_quote_escapes),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
