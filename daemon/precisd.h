#ifndef PRECISD_H
#define PRECISD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <syslog.h>
#include <sys/types.h>

#include <uv.h>

#include <precis/config.h>
#include <precis/doc.h>
#include <precis/error.h>
#include <precis/ingest.h>
#include <precis/store.h>
#include <precis/summary.h>

/* precisd's private declarations, tmux-style: one header for one binary,
 * prototypes grouped under the file that defines them.  Everything here runs
 * on the loop thread unless its comment says otherwise. */

struct daemon;
struct job;
struct work;

/* A configuration in use, shared by the loop and the work items that were
 * queued under it.  A reload swaps d->conf; work holds a reference so the
 * strings it borrows outlive the swap. */
struct dconf {
        int refs;                      /* loop thread only */
        struct precis_config c;        /* owned */
        char *local_path;              /* owned; where <path>.lock and
                                        * <path>.status go (the store
                                        * file, or [store] path for a
                                        * PostgreSQL URL) */
        struct precis_summary_opts sum; /* borrows strings from c */
};

/* Job states (DESIGN.md §3, STYLE.md §2.6).  A job is one path in the
 * inbox.  The table in job.c lists the legal moves; anything else asserts.
 *   SEEN      known, but open or not yet complete: not a candidate
 *   SETTLING  complete as far as events tell; waits settle_ms of quiet
 *   QUEUED    waiting for a worker slot
 *   WORKING   a worker reads, hashes and summarizes it
 *   WRITING   built; waiting for (or inside) a store transaction
 *   STORED    committed, or found stored and unchanged; freed at once
 *             unless the file is open (then SEEN, PASSIVE)
 *   FAILED    failure committed; not retried until the file changes;
 *             freed likewise: the store remembers it
 *   SKIPPED   not a regular file or a symlink we may not follow */
enum job_state {
        JOB_SEEN = 0,
        JOB_SETTLING,
        JOB_QUEUED,
        JOB_WORKING,
        JOB_WRITING,
        JOB_STORED,
        JOB_FAILED,
        JOB_SKIPPED,
        JOB_NSTATES,
};

enum job_flags {
        JOB_F_SCAN = 1u << 0,  /* found by a scan: stability by size+mtime */
        JOB_F_DIRTY = 1u << 1, /* changed while WORKING/WRITING */
        JOB_F_GONE = 1u << 2,  /* left the inbox while WORKING/WRITING */
        JOB_F_NOW = 1u << 3,   /* re-queue without settling (moved in) */
        JOB_F_RETRY = 1u << 4, /* failed, then its mode or owner changed:
                                * read it although size and mtime match */
        JOB_F_PASSIVE = 1u << 5, /* only opened, never changed: tracked
                                  * just for its open count, forgotten
                                  * at the last close */
        JOB_F_MOVED = 1u << 6, /* renamed in, unchanged since: complete by
                                * contract, so a reader's open does not
                                * hold it back */
};

struct job {
        struct daemon *d;         /* borrowed; outlives every job */
        char *path;               /* owned; absolute; immutable */
        uint64_t hash;            /* of path, for the table */
        struct job *hnext;        /* job table chain */
        struct job *prev, *next;  /* settling list or run queue */
        enum job_state state;     /* see above */
        unsigned flags;           /* enum job_flags */
        int opens;                /* IN_OPEN minus IN_CLOSE_* seen */
        uint64_t deadline;        /* SETTLING: uv_now() when it may go */
        int64_t seen_ms;          /* wall clock when first seen */
        int64_t size;             /* signature: size last seen or taken */
        int64_t mtime_ns;         /* signature: mtime last seen or taken */
        unsigned gen;             /* scan generation that last saw it */
        struct work *work;        /* owned while WORKING/WRITING */
};

/* One unit of work: prepared on a pool thread (worker.c, through
 * precis_ingest_prepare()), then committed by the store writer (writer.c,
 * precis_ingest_commit()).  Owned by its job. */
struct work {
        uv_work_t req;            /* worker_work_cb on the pool */
        struct job *job;          /* borrowed back-pointer; outlives work */
        struct dconf *conf;       /* reference held until freed */
        bool scan_check;          /* compare size/mtime with the job's */
        bool retry;               /* ignore a recorded unchanged failure */
        int64_t want_size;        /* ...against these */
        int64_t want_mtime_ns;
        /* Written by the pool thread (prepare, then the writer's commit),
         * read on the loop after each. */
        struct precis_ingest in;  /* owned: verdict, record, outcome */
        bool stored_same;         /* in.kind UNCHANGED because the store
                                   * has this very file (path, size,
                                   * mtime, inode), not a failure */
        char *after_path;         /* owned; where the file went, if moved */
        int after_rc;             /* 0 stayed, 1 left the inbox, -errno */
        char *inbox_real;         /* owned; realpath of the inbox */
        unsigned reader_gen;      /* readers_gen of the borrowed reader */
};

/* The store writer: one transaction at a time on the pool. */
struct writer {
        uv_work_t req;            /* writer_work_cb on the pool */
        bool busy;                /* a batch is in flight */
        struct work **batch;      /* owned array; the works stay the jobs' */
        size_t n_batch;
        struct work **pending;    /* owned array of finished works */
        size_t n_pending, cap_pending;
        size_t pending_bytes;     /* raw bytes held by pending records */
        int rc;                   /* batch commit result */
        struct precis_error err;  /* detail of rc */
        uv_timer_t retry;         /* back-off after a store failure */
        unsigned failures;        /* consecutive failed batches */
        /* The store file the writer handle has open, to notice it being
         * deleted or replaced (pool thread, one batch at a time). */
        dev_t db_dev;
        ino_t db_ino;
        ino_t wal_ino, shm_ino;   /* its -wal and -shm, 0 if unknown */
        bool reopened;            /* set by the batch: log it */
        int sync_rc;              /* a sync of the batch failed: */
        struct precis_error sync_err; /* the store's, sync_dir "" */
        char sync_dir[PATH_MAX];  /* or this folder's */
};

/* A directory being watched. */
struct wdir {
        int wd;                   /* inotify watch descriptor */
        char *path;               /* owned; absolute */
        bool root;                /* the inbox itself */
};

/* The inbox watcher: owns the inotify descriptor (polled by the loop), the
 * watch table and the scans. */
struct watcher {
        struct daemon *d;         /* borrowed */
        int fd;                   /* inotify fd or -1 when polling */
        int closing_fd;           /* inotify fd whose poll handle is
                                   * closing: closed by its close_cb */
        uv_poll_t poll;           /* readable inotify fd */
        bool poll_init;           /* poll handle initialised */
        struct wdir **wds;        /* owned; indexed by wd, NULL where
                                   * no watch is */
        size_t cap_wds;           /* entries allocated in wds */
        uv_timer_t rearm;         /* inbox missing: look again */
        uv_timer_t rescan;        /* poll_interval or periodic rescan */
        bool polling;             /* no kernel events: scans decide */
        unsigned poll_ms;         /* scan period when polling */
        bool missing;             /* inbox gone */
        unsigned gen;             /* current full-scan generation */
        unsigned scans;           /* directory scans in flight */
        bool rescan_wanted;       /* another full scan after these */
        bool lost;                /* events were lost: trust stats only */
        struct scan *parked;      /* owned; listings paused until the jobs
                                   * they made drain (singly linked) */
        char *inbox_real;         /* owned; realpath of the inbox */
        char *done_real;          /* owned; realpath of done_dir or NULL */
        char *failed_real;        /* owned; realpath of failed_dir or NULL */
        char *buf;                /* owned; inotify read buffer */
        char **ignored;           /* owned; subfolders of a non-recursive
                                   * inbox already logged as ignored */
        size_t n_ignored;         /* entries in ignored */
        size_t cap_ignored;       /* entries allocated in ignored */
};

/* Counters for STATUS= and the status file. */
struct counters {
        uint64_t stored;          /* new articles */
        uint64_t duplicates;      /* known bytes under another name */
        uint64_t failed;          /* failures recorded */
        uint64_t skipped;         /* not regular files, unfollowed links */
        uint64_t events_lost;     /* inotify queue overflows */
        uint64_t rescans;         /* full scans after the first */
        char last_error[512];     /* latest error line, "" if none */
        char store_error[256];    /* why the store refuses writes now,
                                   * "" while it takes them */
        int64_t last_error_ms;    /* when */
        int64_t last_ingest_ms;   /* last commit with an outcome */
};

/* The clocks the job table reads.  precisd uses the loop's monotonic time
 * and the wall clock; the unit test injects its own so that the state
 * machine runs without timers (tests/unit/test-daemon-job.c). */
struct daemon_clock {
        uint64_t (*mono_ms)(void *data); /* NULL: uv_now() of the loop */
        int64_t (*wall_ms)(void *data);  /* NULL: daemon_wall_ms() */
        void *data;                      /* borrowed; passed to both */
};

struct daemon {
        uv_loop_t loop;           /* the loop; closed at exit */
        struct daemon_clock clock; /* loop thread only */
        struct dconf *conf;       /* current configuration (reference) */
        char *config_path;        /* owned; NULL when run without one */
        char *opt_inbox;          /* owned; --inbox override */
        char *opt_db;             /* owned; --db override */
        struct precis_store *store; /* writer handle; used by one pool
                                     * thread at a time via the writer */
        uv_mutex_t readers_lock;  /* guards readers[] (pool threads) */
        struct precis_store *readers[8]; /* owned read-only handles that
                                          * workers borrow */
        size_t n_readers;         /* idle handles in readers[] */
        unsigned readers_gen;     /* bumped when the store is reopened:
                                   * older handles are closed, not kept */
        char *status_path;        /* owned; <db>.status */
        char *db_real;            /* owned; absolute store path (NULL
                                   * for a PostgreSQL store) */
        char *store_shown;        /* owned; the store as logged: a URL's
                                   * password is never shown */
        int lock_fd;              /* owned; holds <db>.lock (-1: none) */
        struct watcher w;         /* the inbox watcher */
        struct writer wr;         /* the store writer */
        /* Jobs. */
        struct job **table;       /* owned; chained hash of all jobs */
        size_t n_table;           /* buckets (power of two) */
        size_t n_jobs;            /* jobs in the table */
        struct job *settle_head, *settle_tail; /* SETTLING, by deadline */
        struct job *run_head, *run_tail;       /* QUEUED, FIFO */
        size_t n_state[JOB_NSTATES]; /* jobs per state */
        unsigned max_workers;     /* WORKING at most this many */
        uv_timer_t settle_timer;  /* fires at settle_head's deadline */
        /* Service. */
        uv_signal_t sig_hup, sig_term, sig_int;
        uv_timer_t watchdog;      /* WATCHDOG=1 */
        uv_timer_t status_timer;  /* status file + STATUS= refresh */
        uv_work_t status_req;     /* status file writer on the pool */
        bool status_busy;         /* status_req in flight */
        bool status_dirty;        /* changed since last written */
        char *status_json;        /* owned; text being written */
        int status_rc;            /* result of the last write */
        char status_sent[512];    /* last STATUS= text sent */
        struct counters n;        /* loop thread only */
        int64_t started_ms;       /* wall clock at start */
        bool ready;               /* READY=1 sent */
        bool stopping;            /* SIGTERM seen: finish and exit */
        bool closing;             /* handles are being closed */
        int exit_code;            /* returned by daemon_run() */
};

/* Exit codes of precisd (also in `precisd --help` and the README).  2 and
 * the meaning of "bad configuration" match `precis config`. */
enum daemon_exit {
        DAEMON_EXIT_OK = 0,      /* stopped by SIGTERM/SIGINT */
        DAEMON_EXIT_FAILURE = 1, /* could not start or run */
        DAEMON_EXIT_USAGE = 2,   /* bad option or invalid configuration */
        DAEMON_EXIT_LOCKED = 6,  /* another precisd holds the store */
};

/* Options from the command line (main.c). */
struct daemon_opts {
        const char *config_path;  /* borrowed; NULL = built-in defaults */
        const char *inbox;        /* borrowed; NULL = from config */
        const char *db;           /* borrowed; NULL = from config */
        bool check_only;          /* --check-config */
};

/* daemon.c */
int daemon_run(const struct daemon_opts *o);
struct dconf *daemon_conf_load(struct daemon *d, const char *path,
                               const char *inbox, const char *db,
                               char **ret_msgs, struct precis_error *err);
struct dconf *dconf_ref(struct dconf *c);
void dconf_unref(struct dconf *c);
void daemon_reload(struct daemon *d);
void daemon_stop(struct daemon *d);
void daemon_maybe_exit(struct daemon *d);
void daemon_error(struct daemon *d, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
void daemon_file_failed(struct daemon *d, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
int64_t daemon_wall_ms(void);
/* fsync the directory @dir, or the one holding @path, so that the names
 * created, renamed or removed in it survive a power cut.  Returns 0 or
 * -errno.  Blocks: pool threads, or before the loop runs. */
int daemon_sync_dir(const char *dir);
int daemon_sync_parent(const char *path);

/* job.c */
int job_table_init(struct daemon *d);
void job_table_done(struct daemon *d);
struct job *job_find(struct daemon *d, const char *path);
struct job *job_get(struct daemon *d, const char *path);
void job_set_state(struct job *j, enum job_state to);
void job_free(struct job *j);
void job_event_created(struct daemon *d, const char *path);
void job_event_open(struct daemon *d, const char *path);
void job_event_modify(struct daemon *d, const char *path);
void job_event_close(struct daemon *d, const char *path, bool wrote);
void job_event_moved_in(struct daemon *d, const char *path);
void job_event_attrib(struct daemon *d, const char *path);
void job_event_gone(struct daemon *d, const char *path);
void job_gone_under(struct daemon *d, const char *dir);
void job_scan_found(struct daemon *d, const char *path, int64_t size,
                    int64_t mtime_ns, unsigned gen, bool known);
void job_settle_expire(struct daemon *d);
void job_scan_sweep(struct daemon *d, unsigned gen);
void job_events_lost(struct daemon *d);
void job_drop_passive(struct daemon *d);
void job_dispatch(struct daemon *d);
void job_work_done(struct job *j);
void job_write_done(struct job *j);
size_t job_queue_depth(const struct daemon *d);
const char *job_state_name(enum job_state s);

/* worker.c */
void worker_start(struct job *j);
void worker_free(struct work *w);
void worker_readers_close(struct daemon *d);
struct precis_store *worker_reader_get(struct daemon *d, const char *db,
                                       unsigned *ret_gen);
void worker_reader_put(struct daemon *d, struct precis_store *st,
                       unsigned gen);

/* writer.c */
int writer_init(struct daemon *d);
void writer_push(struct daemon *d, struct work *w);
void writer_kick(struct daemon *d);
bool writer_full(const struct daemon *d);
bool writer_idle(const struct daemon *d);
void writer_done(struct daemon *d);

/* watcher.c */
int watcher_start(struct daemon *d);
void watcher_stop(struct daemon *d);
void watcher_rescan(struct daemon *d, const char *why);
void watcher_scan_resume(struct daemon *d);
void watcher_rescan_soon(struct daemon *d);
bool watcher_name_wanted(struct daemon *d, const char *name);
void watcher_conf_changed(struct daemon *d);
void watcher_done(struct daemon *d);

/* signals.c */
int signals_start(struct daemon *d);
void signals_stop(struct daemon *d);

/* notify.c */
void notify_ready(struct daemon *d);
void notify_reloading(struct daemon *d);
void notify_stopping(struct daemon *d);
void notify_status(struct daemon *d, const char *text);
int notify_watchdog_start(struct daemon *d);

/* status.c */
int status_start(struct daemon *d);
void status_changed(struct daemon *d);
void status_write_final(struct daemon *d);
void status_line(struct daemon *d, char *buf, size_t n);
void status_now(struct daemon *d);

/* log.c */
/* How a log line names things, the same everywhere: a file by its path
 * through log_quote(); an article as "article " and the first 12 hex
 * digits of its hash (a hash string argument), the form `precis list`
 * shows and `precis show` takes. */
#define LOG_ARTICLE "article %.12s"
void log_init(int verbosity);
void log_msg(int prio, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
void log_keyed(int prio, const void *key, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
const char *log_quote(const char *s);
void log_tick(void);
bool log_to_journal(void);

#define log_err(...) log_msg(LOG_ERR, __VA_ARGS__)
#define log_warning(...) log_msg(LOG_WARNING, __VA_ARGS__)
#define log_notice(...) log_msg(LOG_NOTICE, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif /* PRECISD_H */
