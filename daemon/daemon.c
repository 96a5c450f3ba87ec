#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <precis/storelock.h>

#include "precisd.h"

/* SQLite page cache of the writer, KiB: enough for the indexes' hot
 * pages; more only grows the resident size. */
#define DAEMON_CACHE_KIB 2048

/* The daemon: configuration, start-up in a fixed order (store, watch, scan,
 * READY), reload and the orderly stop that ends with uv_loop_close() == 0. */

int64_t daemon_wall_ms(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_REALTIME, &ts);
        return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void daemon_verror(struct daemon *d, int prio, const void *key,
                          const char *fmt, va_list ap)
{
        vsnprintf(d->n.last_error, sizeof(d->n.last_error), fmt, ap);
        d->n.last_error_ms = daemon_wall_ms();
        log_keyed(prio, key, "%s", d->n.last_error);
        status_changed(d);
}

/* Log an error and remember it for the status (loop thread). */
void daemon_error(struct daemon *d, const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        daemon_verror(d, LOG_ERR, fmt, fmt, ap);
        va_end(ap);
}

/* A file that could not be summarized: an outcome, not a daemon error, so
 * a warning, and one line per file however many fail (the rate limit is
 * for the same error repeating); still the status's "last error". */
void daemon_file_failed(struct daemon *d, const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        daemon_verror(d, LOG_WARNING, NULL, fmt, ap);
        va_end(ap);
}

struct dconf *dconf_ref(struct dconf *c)
{
        c->refs++;
        return c;
}

void dconf_unref(struct dconf *c)
{
        if (c == NULL || --c->refs > 0)
                return;
        precis_config_done(&c->c);
        free(c->local_path);
        free(c);
}

/* Build a configuration: the file at @path (NULL = built-in defaults with
 * ./inbox and ./precis.db, the quick start), then the command-line paths.
 * Returns a new reference, or NULL with @err (and *ret_msgs, every problem
 * one per line, when the file has several) set. */
struct dconf *daemon_conf_load(struct daemon *d, const char *path,
                               const char *inbox, const char *db,
                               char **ret_msgs, struct precis_error *err)
{
        struct dconf *dc = calloc(1, sizeof(*dc));
        int rc;

        (void) d;
        if (dc == NULL) {
                precis_error_set(err, -ENOMEM, "out of memory");
                return NULL;
        }
        dc->refs = 1;
        if (path != NULL) {
                rc = precis_config_load(path, &dc->c, ret_msgs, err);
                if (rc == -ENOENT || (rc < 0 && rc > -4096 && err->code == 0))
                        precis_error_set(err, rc, "cannot read %s: %s", path,
                                         strerror(-rc));
        } else {
                rc = precis_config_init_defaults(&dc->c);
                if (rc == 0)
                        rc = precis_config_set(&dc->c, "inbox", "path",
                                               "./inbox", err);
        }
        if (rc == 0 && inbox != NULL)
                rc = precis_config_set(&dc->c, "inbox", "path", inbox, err);
        if (rc == 0) {
                const char *store = precis_config_store_path(
                        &dc->c, path != NULL, db);

                dc->local_path = strdup(precis_config_local_path(
                        &dc->c, path != NULL, db));
                if (dc->local_path == NULL)
                        rc = precis_error_set(err, -ENOMEM, "out of memory");
                else if (store != dc->c.store_path)
                        rc = precis_config_set(&dc->c, "store", "path", store,
                                               err);
        }
        if (rc == 0 && precis_config_cross_check(&dc->c) != NULL)
                rc = precis_error_set(err, PRECIS_E_CONFIG, "%s: %s",
                                      path ? path : "defaults",
                                      precis_config_cross_check(&dc->c));
        if (rc == 0 && (dc->c.inbox_path == NULL || dc->c.store_path == NULL))
                rc = precis_error_set(err, PRECIS_E_CONFIG,
                                      "%s: the inbox and store paths must "
                                      "be set", path ? path : "defaults");
        if (rc < 0) {
                precis_config_done(&dc->c);
                free(dc);
                return NULL;
        }
        precis_config_summary_opts(&dc->c, &dc->sum);
        return dc;
}

/* Print a configuration failure: every message when there are several. */
static void daemon_conf_report(const char *what, char *msgs,
                               const struct precis_error *err, int prio)
{
        char *line, *save = NULL;

        if (msgs == NULL || msgs[0] == '\0') {
                log_msg(prio, "%s: %s", what, err->msg);
                return;
        }
        log_msg(prio, "%s:", what);
        for (line = strtok_r(msgs, "\n", &save); line != NULL;
             line = strtok_r(NULL, "\n", &save))
                log_msg(prio, "  %s", line);
}

/* Keep the running value @old of path setting @key in *@val, and say
 * what precisd goes on @doing with it.  If the copy fails for want of
 * memory, *@val keeps the new value. */
static void daemon_keep_path(const char *key, const char *doing,
                             const char *old, char **val)
{
        char *tmp;

        if (strcmp(old, *val) == 0)
                return;
        log_warning("changing %s needs a restart; still %s %s", key, doing,
                    log_quote(old));
        tmp = strdup(old);
        if (tmp != NULL) {
                free(*val);
                *val = tmp;
        }
}

/* Keep what only a restart may change, and say so. */
static void daemon_keep_paths(struct daemon *d, struct dconf *nc)
{
        struct precis_config *o = &d->conf->c, *n = &nc->c;

        daemon_keep_path("[inbox] path", "watching", o->inbox_path,
                         &n->inbox_path);
        daemon_keep_path("[store] path", "writing", o->store_path,
                         &n->store_path);
        if (o->recursive != n->recursive) {
                log_warning("changing [inbox] recursive needs a restart");
                n->recursive = o->recursive;
        }
        if (o->poll_interval != n->poll_interval) {
                log_warning("changing [inbox] poll_interval needs a restart");
                n->poll_interval = o->poll_interval;
        }
}

/* SIGHUP: read the file again; switch only to a valid configuration. */
void daemon_reload(struct daemon *d)
{
        struct precis_error err = { 0 };
        struct dconf *nc, *old;
        char *msgs = NULL;

        if (d->stopping)
                return;
        notify_reloading(d);
        if (d->config_path == NULL) {
                log_info("SIGHUP: running without a configuration file, "
                         "nothing to reload");
                notify_ready(d);
                return;
        }
        nc = daemon_conf_load(d, d->config_path, d->opt_inbox, d->opt_db,
                              &msgs, &err);
        if (nc == NULL) {
                daemon_conf_report("reload failed, keeping the running "
                                   "configuration",
                                   msgs, &err, LOG_ERR);
                snprintf(d->n.last_error, sizeof(d->n.last_error),
                         "reload of %s failed: %s", d->config_path, err.msg);
                d->n.last_error_ms = daemon_wall_ms();
                free(msgs);
                status_changed(d);
                notify_ready(d);
                return;
        }
        free(msgs);
        daemon_keep_paths(d, nc);
        old = d->conf;
        d->conf = nc;
        dconf_unref(old);
        log_info("configuration reloaded from %s",
                 log_quote(d->config_path));
        watcher_conf_changed(d);
        status_changed(d);
        notify_ready(d);
}

/* SIGTERM: take nothing new, finish what is in work, commit, exit 0. */
void daemon_stop(struct daemon *d)
{
        if (d->stopping)
                return;
        d->stopping = true;
        notify_stopping(d);
        watcher_stop(d);
        uv_timer_stop(&d->settle_timer);
        /* Files not yet in work stay in the inbox for the next start. */
        job_drop_passive(d);
        status_now(d);
        daemon_maybe_exit(d);
}

static void daemon_close_walk_cb(uv_handle_t *h, void *arg)
{
        (void) arg;
        if (!uv_is_closing(h))
                uv_close(h, NULL);
}

/* Once stopping and nothing is in flight, close every handle so the loop
 * runs dry. */
void daemon_maybe_exit(struct daemon *d)
{
        struct writer *wr = &d->wr;

        if (!d->stopping || d->closing)
                return;
        if (d->n_state[JOB_WORKING] > 0 || wr->busy)
                return;
        if (wr->n_pending > 0) {
                if (!uv_is_active((uv_handle_t *) &wr->retry)) {
                        writer_kick(d);
                        return;
                }
                /* The store is refusing writes: the files stay in the inbox
                 * and are taken again at the next start. */
                log_warning("exiting with %zu result(s) not stored; their "
                            "files stay in the inbox", wr->n_pending);
                while (wr->n_pending > 0) {
                        struct work *w = wr->pending[--wr->n_pending];
                        struct job *j = w->job;

                        j->work = NULL;
                        worker_free(w);
                        job_free(j);
                }
        }
        d->closing = true;
        log_info("stopped: %llu stored, %llu duplicates, %llu failed",
                 (unsigned long long) d->n.stored,
                 (unsigned long long) d->n.duplicates,
                 (unsigned long long) d->n.failed);
        uv_walk(&d->loop, daemon_close_walk_cb, NULL);
}

int daemon_sync_dir(const char *dir)
{
        int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        int rc = 0;

        if (fd < 0)
                return -errno;
        /* Some filesystems cannot sync a directory and say EINVAL: they
         * have nothing more to write for it. */
        if (fsync(fd) != 0 && errno != EINVAL)
                rc = -errno;
        close(fd);
        return rc;
}

int daemon_sync_parent(const char *path)
{
        const char *slash = strrchr(path, '/');
        char dir[PATH_MAX];

        if (slash == NULL)
                return daemon_sync_dir(".");
        if (slash == path)
                return daemon_sync_dir("/");
        if ((size_t) (slash - path) >= sizeof(dir))
                return -ENAMETOOLONG;
        memcpy(dir, path, (size_t) (slash - path));
        dir[slash - path] = '\0';
        return daemon_sync_dir(dir);
}

/* Make directory @dir (one level) if it is missing.  A new one is synced
 * into its parent: files moved into it later are synced with it, and
 * would be lost with it. */
static int daemon_mkdir(const char *dir, mode_t mode)
{
        if (mkdir(dir, mode) == 0) {
                log_info("created %s", log_quote(dir));
                (void) daemon_sync_parent(dir);
                return 0;
        }
        return errno == EEXIST ? 0 : -errno;
}

/* Make the optional folder @what at @dir when it is set and missing. */
static void daemon_mkdir_opt(const char *what, const char *dir)
{
        int rc;

        if (dir == NULL)
                return;
        rc = daemon_mkdir(dir, 0770);
        if (rc != 0)
                log_warning("cannot create %s %s: %s", what, log_quote(dir),
                            strerror(-rc));
}

static unsigned daemon_threads(void)
{
        const char *e = getenv("UV_THREADPOOL_SIZE");
        long n = e != NULL ? strtol(e, NULL, 10) : 4;

        return n > 0 ? (unsigned) n : 4;
}

static void daemon_free(struct daemon *d)
{
        job_table_done(d);
        writer_done(d);
        watcher_done(d);
        worker_readers_close(d);
        d->store = precis_store_close(d->store);
        dconf_unref(d->conf);
        free(d->config_path);
        free(d->opt_inbox);
        free(d->opt_db);
        free(d->status_path);
        free(d->db_real);
        free(d->store_shown);
        /* Last: the lock covers the final status write above. */
        if (d->lock_fd >= 0)
                close(d->lock_fd);
        free(d);
}

static char *daemon_strdup_opt(const char *s)
{
        return s != NULL ? strdup(s) : NULL;
}

int daemon_run(const struct daemon_opts *o)
{
        struct precis_error err = { 0 };
        struct daemon *d;
        char *msgs = NULL;
        const struct precis_config *c;
        unsigned threads;
        pid_t holder = 0;
        int rc;

        d = calloc(1, sizeof(*d));
        if (d == NULL) {
                log_err("out of memory");
                return 1;
        }
        d->lock_fd = -1;
        d->w.fd = -1;
        d->w.closing_fd = -1;
        d->started_ms = daemon_wall_ms();
        d->config_path = daemon_strdup_opt(o->config_path);
        d->opt_inbox = daemon_strdup_opt(o->inbox);
        d->opt_db = daemon_strdup_opt(o->db);
        d->conf = daemon_conf_load(d, o->config_path, o->inbox, o->db, &msgs,
                                   &err);
        if (d->conf == NULL) {
                daemon_conf_report("invalid configuration", msgs, &err,
                                   LOG_ERR);
                free(msgs);
                daemon_free(d);
                return DAEMON_EXIT_USAGE;
        }
        c = &d->conf->c;
        d->store_shown = precis_store_display_name(c->store_path);
        if (d->store_shown == NULL) {
                daemon_free(d);
                return 1;
        }
        if (o->check_only) {
                printf("%s: configuration OK (inbox %s, store %s)\n",
                       o->config_path ? o->config_path : "defaults",
                       c->inbox_path, d->store_shown);
                daemon_free(d);
                return 0;
        }
        /* One daemon per store, decided before anything is created or
         * written: a second one must leave the first one's status file,
         * folders and store alone. */
        rc = precis_storelock_take(d->conf->local_path, &d->lock_fd,
                                   &holder);
        if (rc != 0) {
                if (rc == -EWOULDBLOCK && holder > 0)
                        log_err("another precisd (pid %ld) is running on "
                                "the store %s; exiting",
                                (long) holder, log_quote(d->store_shown));
                else if (rc == -EWOULDBLOCK)
                        log_err("another precisd is running on the store "
                                "%s; exiting", log_quote(d->store_shown));
                else
                        log_err("cannot lock the store %s: %s",
                                log_quote(d->store_shown), strerror(-rc));
                daemon_free(d);
                return rc == -EWOULDBLOCK ? DAEMON_EXIT_LOCKED
                                          : DAEMON_EXIT_FAILURE;
        }
        /* The quick start (no configuration file) makes its own inbox; a
         * configured one is the administrator's, and may come later. */
        if (o->config_path == NULL) {
                rc = daemon_mkdir(c->inbox_path, 0777);
                if (rc != 0)
                        log_warning("cannot create %s: %s",
                                    log_quote(c->inbox_path),
                                    strerror(-rc));
        }
        daemon_mkdir_opt("done_dir", c->done_dir);
        daemon_mkdir_opt("failed_dir", c->failed_dir);

        /* Opened before the loop runs: nothing is waiting on the loop yet,
         * and without a store there is nothing to do. */
        rc = precis_store_open(c->store_path, 0, &d->store, &err);
        if (rc != 0) {
                log_err("cannot open the store %s: %s",
                        log_quote(d->store_shown), precis_error_msg(&err, rc));
                daemon_free(d);
                return 1;
        }
        /* The store file may be new: its name must outlive a power cut
         * as surely as the commits inside it. */
        rc = precis_store_is_url(c->store_path)
                     ? 0 /* a server's store: its durability is its own */
                     : daemon_sync_parent(c->store_path);
        if (rc != 0)
                log_warning("cannot sync the folder of the store %s: %s",
                            log_quote(d->store_shown), strerror(-rc));
        /* The store's defaults suit bulk imports (a 64 MB page cache, 256
         * MB mapped); a daemon's resident size must not grow with the
         * store. */
        rc = precis_store_limit_memory(d->store, DAEMON_CACHE_KIB, 0, &err);
        if (rc != 0)
                log_warning("cannot limit the store's memory: %s",
                            precis_error_msg(&err, rc));
        rc = precis_store_set_host(d->store, c->host_name);
        if (rc != 0) {
                daemon_free(d);
                return 1;
        }
        if (!precis_store_is_url(c->store_path))
                d->db_real = realpath(c->store_path, NULL);
        d->status_path = precis_config_status_path(d->conf->local_path);
        if (d->status_path == NULL) {
                daemon_free(d);
                return 1;
        }

        threads = daemon_threads();
        /* One pool thread stays free for the store writer and listings. */
        d->max_workers = threads > 1 ? threads - 1 : 1;
        rc = uv_loop_init(&d->loop);
        if (rc != 0) {
                log_err("cannot start the event loop: %s", uv_strerror(rc));
                daemon_free(d);
                return 1;
        }
        uv_mutex_init(&d->readers_lock);
        rc = job_table_init(d);
        d->settle_timer.data = d;
        if (rc == 0)
                rc = writer_init(d);
        if (rc == 0)
                rc = signals_start(d);
        if (rc == 0)
                rc = notify_watchdog_start(d);
        if (rc == 0)
                rc = status_start(d);
        if (rc == 0)
                rc = watcher_start(d);
        if (rc != 0) {
                log_err("cannot start: %s", precis_strerror(rc));
                d->exit_code = 1;
                d->stopping = true;
                daemon_maybe_exit(d);
        } else {
                log_info("ready: store %s", log_quote(d->store_shown));
                notify_ready(d);
                status_now(d);
        }
        uv_run(&d->loop, UV_RUN_DEFAULT);
        rc = uv_loop_close(&d->loop);
        if (rc != 0) {
                log_err("event loop still busy at exit: %s", uv_strerror(rc));
                d->exit_code = 1;
        }
        uv_mutex_destroy(&d->readers_lock);
        status_write_final(d);
        rc = d->exit_code;
        daemon_free(d);
        return rc;
}
