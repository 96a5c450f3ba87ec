#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <precis/array.h>

#include "precisd.h"

/* The inbox watcher.  It owns an inotify descriptor polled by the loop
 * (uv_poll_t), not uv_fs_event_t: libuv's Linux backend never reports
 * IN_CLOSE_WRITE, folds create/delete/move into one event and drops
 * IN_Q_OVERFLOW, and all three matter here (DESIGN.md §3, known traps).
 *
 * Order matters: a directory is watched first and listed second, so a file
 * that arrives in between is seen at least once.  Listings run on the pool
 * (struct scan) and come back as job_scan_found() calls.  Where the kernel
 * gives no events (network and FUSE filesystems, or no watches left) the
 * watcher polls: a full scan every poll interval, with size and mtime
 * deciding alone. */

#define WATCH_MASK (IN_CREATE | IN_OPEN | IN_MODIFY | IN_ATTRIB |        \
                    IN_CLOSE_WRITE | IN_CLOSE_NOWRITE | IN_MOVED_FROM | \
                    IN_MOVED_TO |                                       \
                    IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF |         \
                    IN_EXCL_UNLINK | IN_ONLYDIR)
#define WATCH_BUF (64 * 1024)
#define WATCH_DEFAULT_POLL_MS 2000
#define WATCH_REARM_MS 1000

/* Scans list a directory in chunks of SCAN_CHUNK entries, so that a
 * folder of a million files never sits in memory at once, and pause while
 * more than SCAN_PAUSE_DEPTH jobs are on their way (settling, queued or in
 * work), going on below SCAN_RESUME_DEPTH: the table stays small however
 * many new files a scan finds. */
#define SCAN_CHUNK 1024
#define SCAN_PAUSE_DEPTH 4096
#define SCAN_RESUME_DEPTH 2048

struct scan_ent {
        char *name;       /* owned */
        bool dir;         /* a directory (not followed through links) */
        bool known;       /* the store has it as it is (or its failure) */
        int64_t size;     /* lstat size */
        int64_t mtime_ns; /* lstat mtime */
};

/* One directory listing, done on the pool a chunk at a time. */
struct scan {
        uv_work_t req;            /* scan_work_cb on the pool */
        struct daemon *d;         /* borrowed */
        struct dconf *conf;       /* reference: names and store path */
        char *dir;                /* owned; absolute */
        DIR *dh;                  /* owned; open between chunks */
        bool root;                /* the inbox itself */
        bool eof;                 /* the listing is complete */
        unsigned gen;             /* full-scan generation */
        struct scan_ent *ents;    /* owned; this chunk */
        size_t n, cap;
        int rc;                   /* 0 or -errno of opendir/readdir */
        struct scan *next;        /* in the watcher's parked list */
};

static void watcher_scan_dir(struct daemon *d, const char *dir, bool root);
static void watcher_gone(struct daemon *d, const char *why);

static const char *watcher_fs_name(long type)
{
        switch ((unsigned long) type) {
        case 0x6969:
                return "NFS";
        case 0x517b:
                return "SMB";
        case 0xff534d42:
                return "CIFS";
        case 0xfe534d42:
                return "SMB2";
        case 0x65735546:
                return "FUSE";
        case 0x01021997:
                return "9P";
        case 0x00c36400:
                return "Ceph";
        case 0x5346414f:
                return "AFS";
        case 0x73757245:
                return "Coda";
        default:
                return NULL;
        }
}

bool watcher_name_wanted(struct daemon *d, const char *name)
{
        /* Dot-files are hidden work in progress (rsync, editors, our own
         * temporary files), whatever the ignore list says. */
        if (name[0] == '.' || name[0] == '\0')
                return false;
        return precis_config_name_wanted(&d->conf->c, name) == 1;
}

/* Whether directory @path is one precisd must not look into. */
static bool watcher_dir_excluded(struct daemon *d, const char *path)
{
        struct watcher *w = &d->w;

        return (w->done_real != NULL && strcmp(path, w->done_real) == 0) ||
               (w->failed_real != NULL && strcmp(path, w->failed_real) == 0);
}

static char *watcher_join(const char *dir, const char *name)
{
        size_t a = strlen(dir), b = strlen(name);
        char *p = malloc(a + b + 2);

        if (p == NULL)
                return NULL;
        memcpy(p, dir, a);
        p[a] = '/';
        memcpy(p + a + 1, name, b + 1);
        return p;
}

static void watcher_forget_wd(struct watcher *w, int wd)
{
        if (wd < 0 || (size_t) wd >= w->cap_wds || w->wds[wd] == NULL)
                return;
        free(w->wds[wd]->path);
        free(w->wds[wd]);
        w->wds[wd] = NULL;
}

static void watcher_forget_all(struct watcher *w)
{
        size_t i;

        for (i = 0; i < w->cap_wds; i++) {
                if (w->wds[i] != NULL && w->fd >= 0)
                        inotify_rm_watch(w->fd, (int) i);
                watcher_forget_wd(w, (int) i);
        }
}

/* Folder @path moved away: stop watching it and everything below, and
 * forget the files there.  If it only moved within the inbox, the
 * IN_MOVED_TO that follows watches and lists it under its new name. */
static void watcher_unwatch_tree(struct daemon *d, const char *path)
{
        struct watcher *w = &d->w;
        size_t n = strlen(path), i;

        for (i = 0; i < w->cap_wds; i++) {
                struct wdir *wd = w->wds[i];

                if (wd == NULL || wd->root ||
                    strncmp(wd->path, path, n) != 0 ||
                    (wd->path[n] != '\0' && wd->path[n] != '/'))
                        continue;
                if (w->fd >= 0)
                        inotify_rm_watch(w->fd, (int) i);
                watcher_forget_wd(w, (int) i);
        }
        job_gone_under(d, path);
}

static void watcher_rescan_cb(uv_timer_t *t);

static void watcher_poll_closed_cb(uv_handle_t *h)
{
        struct daemon *d = h->data;

        if (d->w.closing_fd >= 0)
                close(d->w.closing_fd);
        d->w.closing_fd = -1;
}

/* Stop reading kernel events.  libuv wants a polled descriptor to stay
 * open until its handle is closed (closing it first can leave epoll
 * watching a number the kernel hands out again), so the inotify fd is
 * closed from the handle's close callback. */
static void watcher_close_inotify(struct watcher *w)
{
        if (w->fd < 0)
                return;
        watcher_forget_all(w);
        if (w->poll_init && !uv_is_closing((uv_handle_t *) &w->poll)) {
                w->closing_fd = w->fd;
                uv_close((uv_handle_t *) &w->poll, watcher_poll_closed_cb);
        } else {
                close(w->fd);
        }
        w->fd = -1;
}

/* Give up on kernel events and poll instead (never exit for lack of
 * them). */
static void watcher_to_polling(struct daemon *d, const char *why)
{
        struct watcher *w = &d->w;

        w->poll_ms = d->conf->c.poll_interval > 0 ?
                             d->conf->c.poll_interval * 1000 :
                             WATCH_DEFAULT_POLL_MS;
        log_warning("%s; polling %s every %u ms instead", why,
                    log_quote(w->inbox_real), w->poll_ms);
        watcher_close_inotify(w);
        w->polling = true;
        job_events_lost(d);
        uv_timer_start(&w->rescan, watcher_rescan_cb, w->poll_ms, w->poll_ms);
}

/* Watch directory @path.  Returns 0, or -errno (ENOSPC: switched to
 * polling; ENOENT: it is gone). */
static int watcher_watch(struct daemon *d, const char *path, bool root)
{
        struct watcher *w = &d->w;
        struct wdir *wd;
        int n;

        if (w->polling)
                return 0;
        n = inotify_add_watch(w->fd, path, WATCH_MASK);
        if (n < 0) {
                int rc = -errno;

                if (rc == -ENOSPC) {
                        watcher_to_polling(
                                d, "no inotify watches left (raise the "
                                   "sysctl fs.inotify.max_user_watches)");
                } else if (rc != -ENOENT && rc != -ENOTDIR) {
                        log_warning("cannot watch %s: %s, skipping",
                                    log_quote(path), strerror(-rc));
                }
                return rc;
        }
        if ((size_t) n >= w->cap_wds) {
                size_t old = w->cap_wds;

                if (PRECIS_GROW(w->wds, (size_t) n, w->cap_wds, 64) != 0) {
                        inotify_rm_watch(w->fd, n);
                        log_err("out of memory watching %s", log_quote(path));
                        return -ENOMEM;
                }
                memset(w->wds + old, 0, (w->cap_wds - old) * sizeof(*w->wds));
        }
        if (w->wds[n] != NULL && strcmp(w->wds[n]->path, path) == 0)
                return 0; /* Already watched (a rescan). */
        watcher_forget_wd(w, n);
        wd = calloc(1, sizeof(*wd));
        if (wd != NULL)
                wd->path = strdup(path);
        if (wd == NULL || wd->path == NULL) {
                free(wd);
                inotify_rm_watch(w->fd, n);
                return -ENOMEM;
        }
        wd->wd = n;
        wd->root = root;
        w->wds[n] = wd;
        log_debug("watching %s", log_quote(path));
        return 0;
}

static void scan_clear(struct scan *s)
{
        size_t i;

        for (i = 0; i < s->n; i++)
                free(s->ents[i].name);
        s->n = 0;
}

static void scan_free(struct scan *s)
{
        scan_clear(s);
        free(s->ents);
        if (s->dh != NULL)
                closedir(s->dh);
        dconf_unref(s->conf);
        free(s->dir);
        free(s);
}

/* Whether the store already has @name (in @s->dir) as it is, or its
 * failure for this size and mtime: then no job is made for it. */
static bool scan_known(struct scan *s, struct precis_store *rd,
                       const char *name, const struct stat *st)
{
        char path[PATH_MAX];
        int64_t mtime_ns = (int64_t) st->st_mtim.tv_sec * 1000000000 +
                           st->st_mtim.tv_nsec;
        int n;

        if (rd == NULL || !S_ISREG(st->st_mode) || name[0] == '.' ||
            precis_config_name_wanted(&s->conf->c, name) != 1)
                return false;
        n = snprintf(path, sizeof(path), "%s/%s", s->dir, name);
        if (n < 0 || (size_t) n >= sizeof(path))
                return false;
        /* A stored file still in the inbox under after = move or delete
         * has its after-action to come (a crash, or the setting changed):
         * it goes through the writer again, which does it. */
        if (s->conf->c.after == PRECIS_AFTER_KEEP &&
            precis_store_path_unchanged(rd, path, st->st_size, mtime_ns,
                                        (int64_t) st->st_ino, NULL) == 1)
                return true;
        /* Likewise a recorded failure still in the inbox although
         * failed_dir is set: its move is to come (a crash between the
         * commit and the move). */
        return s->conf->c.failed_dir == NULL &&
               precis_store_failure_unchanged(rd, path, st->st_size,
                                              mtime_ns, NULL) == 1;
}

static void scan_work_cb(uv_work_t *req)
{
        struct scan *s = req->data;
        struct precis_store *rd;
        struct dirent *de;
        struct stat st;
        unsigned gen;

        if (s->dh == NULL) {
                s->dh = opendir(s->dir);
                if (s->dh == NULL) {
                        s->rc = -errno;
                        s->eof = true;
                        return;
                }
        }
        rd = worker_reader_get(s->d, s->conf->c.store_path, &gen);
        while (s->n < SCAN_CHUNK) {
                struct scan_ent *e;

                errno = 0;
                de = readdir(s->dh);
                if (de == NULL) {
                        if (errno != 0)
                                s->rc = -errno;
                        s->eof = true;
                        break;
                }
                if (strcmp(de->d_name, ".") == 0 ||
                    strcmp(de->d_name, "..") == 0)
                        continue;
                if (fstatat(dirfd(s->dh), de->d_name, &st,
                            AT_SYMLINK_NOFOLLOW) != 0)
                        continue; /* Gone meanwhile. */
                if (PRECIS_GROW(s->ents, s->n, s->cap, 64) != 0) {
                        s->rc = -ENOMEM;
                        s->eof = true;
                        break;
                }
                e = &s->ents[s->n];
                e->name = strdup(de->d_name);
                if (e->name == NULL) {
                        s->rc = -ENOMEM;
                        s->eof = true;
                        break;
                }
                e->dir = S_ISDIR(st.st_mode);
                e->known = !e->dir && scan_known(s, rd, de->d_name, &st);
                e->size = st.st_size;
                e->mtime_ns = (int64_t) st.st_mtim.tv_sec * 1000000000 +
                              st.st_mtim.tv_nsec;
                s->n++;
        }
        worker_reader_put(s->d, rd, gen);
        if (s->eof) {
                closedir(s->dh);
                s->dh = NULL;
        }
}

static void scan_after_cb(uv_work_t *req, int status);

/* Queue the next chunk of @s on the pool.  On failure @s is freed. */
static void scan_queue(struct daemon *d, struct scan *s)
{
        int rc;

        s->req.data = s;
        rc = uv_queue_work(&d->loop, &s->req, scan_work_cb, scan_after_cb);
        if (rc != 0) {
                daemon_error(d, "cannot scan %s: %s", log_quote(s->dir),
                             uv_strerror(rc));
                scan_free(s);
                d->w.scans--;
        }
}

/* What a scan does once no listing is left in flight or parked. */
static void scan_finished(struct daemon *d)
{
        struct watcher *w = &d->w;

        if (w->scans > 0 || d->stopping || d->closing)
                return;
        if (!w->missing)
                job_scan_sweep(d, w->gen);
        if (w->rescan_wanted && !w->missing) {
                w->rescan_wanted = false;
                watcher_rescan(d, "events were lost during the last scan");
        }
}

/* Subfolders of a non-recursive inbox remembered as logged; past this
 * many, the last line says the others go unlogged (a flood of folders
 * must not grow the daemon). */
#define WATCHER_IGNORED_MAX 256

/* Subfolder @path of a non-recursive inbox is not looked into: say so
 * once for each, not at every rescan or event. */
static void watcher_note_subfolder(struct daemon *d, const char *path)
{
        struct watcher *w = &d->w;
        char *copy;
        size_t i;

        /* done_dir and failed_dir inside the inbox are precisd's own. */
        if (watcher_dir_excluded(d, path))
                return;
        for (i = 0; i < w->n_ignored; i++)
                if (strcmp(w->ignored[i], path) == 0)
                        return;
        if (w->n_ignored >= WATCHER_IGNORED_MAX)
                return;
        copy = strdup(path);
        if (copy == NULL ||
            PRECIS_GROW(w->ignored, w->n_ignored, w->cap_ignored, 8) != 0) {
                free(copy);
                return; /* Logged again next time: better than never. */
        }
        w->ignored[w->n_ignored++] = copy;
        log_info("ignoring subfolder %s: [inbox] recursive is false%s",
                 log_quote(path),
                 w->n_ignored == WATCHER_IGNORED_MAX
                         ? "; further subfolders are ignored without a "
                           "line each"
                         : "");
}
static void scan_after_cb(uv_work_t *req, int status)
{
        struct scan *s = req->data;
        struct daemon *d = s->d;
        struct watcher *w = &d->w;
        size_t i, files = 0, known = 0;

        (void) status;
        if (d->stopping || d->closing || s->gen != w->gen || w->missing) {
                /* Stale: the inbox went away or a newer scan runs. */
                scan_free(s);
                w->scans--;
                goto done;
        }
        if (s->rc < 0 && s->root) {
                if (s->rc == -ENOENT || s->rc == -ENOTDIR)
                        watcher_gone(d, "is gone");
                else
                        daemon_error(d, "cannot list the inbox %s: %s",
                                     log_quote(s->dir), strerror(-s->rc));
                scan_free(s);
                w->scans--;
                goto done;
        }
        if (s->rc < 0 && s->rc != -ENOENT)
                log_warning("cannot list %s: %s, skipping", log_quote(s->dir),
                            strerror(-s->rc));
        for (i = 0; i < s->n; i++) {
                struct scan_ent *e = &s->ents[i];
                char *path;

                if (!e->dir && !watcher_name_wanted(d, e->name))
                        continue;
                if (e->dir && e->name[0] == '.')
                        continue;
                path = watcher_join(s->dir, e->name);
                if (path == NULL) {
                        daemon_error(d, "out of memory scanning %s",
                                     log_quote(s->dir));
                        break;
                }
                if (e->dir && !d->conf->c.recursive) {
                        watcher_note_subfolder(d, path);
                } else if (e->dir) {
                        /* Watch before listing, as for the inbox. */
                        if (!watcher_dir_excluded(d, path) &&
                            watcher_watch(d, path, false) == 0)
                                watcher_scan_dir(d, path, false);
                } else {
                        job_scan_found(d, path, e->size, e->mtime_ns, s->gen,
                                       e->known);
                        files++;
                        known += e->known;
                }
                free(path);
        }
        log_debug("scanned %s: %zu file(s)%s, %zu unchanged since stored "
                  "or failed", log_quote(s->dir), files,
                  s->eof ? "" : " so far", known);
        scan_clear(s);
        if (s->eof) {
                scan_free(s);
                w->scans--;
        } else if (job_queue_depth(d) >= SCAN_PAUSE_DEPTH) {
                s->next = w->parked;
                w->parked = s;
        } else {
                scan_queue(d, s);
        }
done:
        scan_finished(d);
        job_dispatch(d);
        daemon_maybe_exit(d);
}

/* Go on with the paused listings once their jobs have drained. */
void watcher_scan_resume(struct daemon *d)
{
        struct watcher *w = &d->w;

        if (w->parked == NULL || d->stopping || d->closing ||
            job_queue_depth(d) >= SCAN_RESUME_DEPTH)
                return;
        while (w->parked != NULL) {
                struct scan *s = w->parked;

                w->parked = s->next;
                s->next = NULL;
                scan_queue(d, s);
        }
        scan_finished(d);
}

/* Free the paused listings (stopping, or the inbox went away). */
static void watcher_drop_parked(struct daemon *d)
{
        struct watcher *w = &d->w;

        while (w->parked != NULL) {
                struct scan *s = w->parked;

                w->parked = s->next;
                scan_free(s);
                w->scans--;
        }
}

/* List @dir on the pool (it must already be watched). */
static void watcher_scan_dir(struct daemon *d, const char *dir, bool root)
{
        struct scan *s = calloc(1, sizeof(*s));

        if (s != NULL)
                s->dir = strdup(dir);
        if (s == NULL || s->dir == NULL) {
                free(s);
                daemon_error(d, "out of memory scanning %s", log_quote(dir));
                return;
        }
        s->d = d;
        s->conf = dconf_ref(d->conf);
        s->root = root;
        s->gen = d->w.gen;
        d->w.scans++;
        scan_queue(d, s);
}

/* Start a full scan of the inbox (watching the root first). */
static void watcher_scan_full(struct daemon *d)
{
        struct watcher *w = &d->w;

        if (w->missing || d->stopping)
                return;
        if (w->scans > 0) {
                w->rescan_wanted = true;
                return;
        }
        w->gen++;
        watcher_scan_dir(d, w->inbox_real, true);
}

void watcher_rescan(struct daemon *d, const char *why)
{
        d->n.rescans++;
        status_changed(d);
        log_info("rescanning the inbox: %s", why);
        watcher_scan_full(d);
}

static void watcher_rescan_cb(uv_timer_t *t)
{
        struct daemon *d = t->data;

        /* Polling: a scan per period is the whole mechanism.  A periodic
         * rescan is a safety net: counted, but not worth a line each. */
        if (!d->w.polling) {
                d->n.rescans++;
                status_changed(d);
                log_debug("periodic rescan");
        }
        watcher_scan_full(d);
}

/* Something (an event) was lost for want of memory: rescan in a second,
 * unless a periodic scan (polling, rescan_interval) will do it anyway.
 * Allocates nothing. */
void watcher_rescan_soon(struct daemon *d)
{
        struct watcher *w = &d->w;

        if (w->missing || d->stopping ||
            uv_is_active((uv_handle_t *) &w->rescan))
                return;
        uv_timer_start(&w->rescan, watcher_rescan_cb, WATCH_REARM_MS, 0);
}

/* With kernel events, rescan every rescan_interval seconds when set. */
static void watcher_rescan_timer(struct daemon *d)
{
        struct watcher *w = &d->w;
        uint64_t ms = (uint64_t) d->conf->c.rescan_interval * 1000;

        if (w->polling)
                return; /* The poll timer is in charge. */
        if (ms == 0 || w->missing || d->stopping)
                uv_timer_stop(&w->rescan);
        else
                uv_timer_start(&w->rescan, watcher_rescan_cb, ms, ms);
}

static void watcher_rearm_cb(uv_timer_t *t);

/* The inbox vanished (deleted, moved, unmounted): say so, forget what was
 * in it, and look for it again every second.  Never exit, never spin. */
static void watcher_gone(struct daemon *d, const char *why)
{
        struct watcher *w = &d->w;

        if (w->missing)
                return;
        w->missing = true;
        daemon_error(d, "inbox %s %s; waiting for it to come back",
                     log_quote(d->conf->c.inbox_path), why);
        watcher_forget_all(w);
        watcher_drop_parked(d);
        job_drop_passive(d);
        uv_timer_stop(&w->rescan);
        uv_timer_start(&w->rearm, watcher_rearm_cb, WATCH_REARM_MS,
                       WATCH_REARM_MS);
        status_changed(d);
}

/* Resolve and watch the inbox, then scan it.  Returns 0 when armed. */
static int watcher_arm(struct daemon *d)
{
        struct watcher *w = &d->w;
        char *real = realpath(d->conf->c.inbox_path, NULL);
        struct stat st;
        int rc;

        if (real == NULL)
                return -errno;
        if (stat(real, &st) != 0 || !S_ISDIR(st.st_mode)) {
                free(real);
                return -ENOTDIR;
        }
        free(w->inbox_real);
        w->inbox_real = real;
        if (!w->polling) {
                rc = watcher_watch(d, real, true);
                if (rc < 0 && rc != -ENOSPC)
                        return rc;
        }
        w->missing = false;
        if (w->polling && !uv_is_active((uv_handle_t *) &w->rescan))
                uv_timer_start(&w->rescan, watcher_rescan_cb, w->poll_ms,
                               w->poll_ms);
        watcher_rescan_timer(d);
        watcher_scan_full(d);
        return 0;
}

static void watcher_rearm_cb(uv_timer_t *t)
{
        struct daemon *d = t->data;

        if (watcher_arm(d) != 0)
                return;
        uv_timer_stop(&d->w.rearm);
        log_notice("inbox %s is back", log_quote(d->w.inbox_real));
        status_changed(d);
}

/* Handle one inotify event. */
static void watcher_event(struct daemon *d, const struct inotify_event *ev)
{
        struct watcher *w = &d->w;
        struct wdir *wd;
        char *path;
        uint32_t m = ev->mask;

        if (m & IN_Q_OVERFLOW) {
                d->n.events_lost++;
                log_warning("the kernel's event queue overflowed; "
                            "rescanning the inbox");
                job_events_lost(d);
                watcher_rescan(d, "event queue overflow");
                return;
        }
        if (ev->wd < 0 || (size_t) ev->wd >= w->cap_wds ||
            w->wds[ev->wd] == NULL)
                return; /* A watch already removed. */
        wd = w->wds[ev->wd];
        if (m & (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT)) {
                if (wd->root) {
                        watcher_gone(d, m & IN_MOVE_SELF ? "was moved away" :
                                        m & IN_UNMOUNT ? "was unmounted" :
                                                         "is gone");
                        return;
                }
                /* A subfolder: its parent's IN_MOVED_FROM/IN_MOVED_TO
                 * already dealt with a move (and a move within the inbox
                 * keeps this very watch, re-registered under the new
                 * name), so only deletion and the watch's end matter. */
                if (m & IN_DELETE_SELF)
                        job_gone_under(d, wd->path);
                if (m & IN_IGNORED)
                        watcher_forget_wd(w, ev->wd);
                return;
        }
        if (ev->len == 0 || ev->name[0] == '\0')
                return; /* About the directory itself. */
        path = watcher_join(wd->path, ev->name);
        if (path == NULL) {
                daemon_error(d, "out of memory handling an event in %s",
                             log_quote(wd->path));
                return;
        }
        if (m & IN_ISDIR) {
                if ((m & (IN_CREATE | IN_MOVED_TO)) && d->conf->c.recursive &&
                    ev->name[0] != '.' && !watcher_dir_excluded(d, path) &&
                    watcher_watch(d, path, false) == 0)
                        watcher_scan_dir(d, path, false);
                else if (m & IN_MOVED_FROM)
                        watcher_unwatch_tree(d, path);
                else if ((m & (IN_CREATE | IN_MOVED_TO)) &&
                         !d->conf->c.recursive && ev->name[0] != '.')
                        watcher_note_subfolder(d, path);
                free(path);
                return;
        }
        if (!watcher_name_wanted(d, ev->name)) {
                free(path);
                return;
        }
        if (m & IN_CREATE)
                job_event_created(d, path);
        if (m & IN_OPEN)
                job_event_open(d, path);
        if (m & IN_MODIFY)
                job_event_modify(d, path);
        if (m & IN_CLOSE_WRITE)
                job_event_close(d, path, true);
        if (m & IN_CLOSE_NOWRITE)
                job_event_close(d, path, false);
        if (m & IN_MOVED_TO)
                job_event_moved_in(d, path);
        if (m & IN_ATTRIB)
                job_event_attrib(d, path);
        if (m & (IN_MOVED_FROM | IN_DELETE))
                job_event_gone(d, path);
        free(path);
}

static void watcher_read_cb(uv_poll_t *h, int status, int events)
{
        struct daemon *d = h->data;
        struct watcher *w = &d->w;
        ssize_t n;

        (void) events;
        if (status < 0) {
                daemon_error(d, "inotify poll failed: %s",
                             uv_strerror(status));
                return;
        }
        /* Drain the descriptor; a handler may switch to polling and close
         * it, so check the fd on every round. */
        while (w->fd >= 0) {
                char *p;

                n = read(w->fd, w->buf, WATCH_BUF);
                if (n < 0) {
                        if (errno != EAGAIN && errno != EINTR)
                                daemon_error(d, "reading inotify events: %s",
                                             strerror(errno));
                        if (errno != EINTR)
                                break;
                        continue;
                }
                for (p = w->buf; w->fd >= 0 && p < w->buf + n;) {
                        const struct inotify_event *ev = (const void *) p;

                        watcher_event(d, ev);
                        p += sizeof(*ev) + ev->len;
                }
        }
        job_dispatch(d);
}

/* Start watching: decide between kernel events and polling, watch the
 * inbox and queue the first scan.  A missing inbox is not an error: it is
 * reported and looked for every second.  Returns 0 or a negative error for
 * what cannot be recovered (out of memory, a libuv failure). */
int watcher_start(struct daemon *d)
{
        struct watcher *w = &d->w;
        const struct precis_config *c = &d->conf->c;
        struct statfs sf;
        const char *fs;
        int rc;

        w->d = d;
        w->fd = -1;
        w->closing_fd = -1;
        w->buf = aligned_alloc(__alignof__(struct inotify_event), WATCH_BUF);
        if (w->buf == NULL)
                return -ENOMEM;
        rc = uv_timer_init(&d->loop, &w->rearm);
        if (rc == 0)
                rc = uv_timer_init(&d->loop, &w->rescan);
        if (rc != 0)
                return rc;
        w->rearm.data = d;
        w->rescan.data = d;
        if (c->done_dir != NULL)
                w->done_real = realpath(c->done_dir, NULL);
        if (c->failed_dir != NULL)
                w->failed_real = realpath(c->failed_dir, NULL);
        w->poll_ms = c->poll_interval > 0 ? c->poll_interval * 1000 :
                                            WATCH_DEFAULT_POLL_MS;
        if (c->poll_interval > 0) {
                w->polling = true;
        } else if (statfs(c->inbox_path, &sf) == 0 &&
                   (fs = watcher_fs_name((long) sf.f_type)) != NULL) {
                char why[128];

                snprintf(why, sizeof(why),
                         "the inbox is on %s, where the kernel reports no "
                         "events",
                         fs);
                log_warning("%s; polling every %u ms (set poll_interval to "
                            "choose)",
                            why, w->poll_ms);
                w->polling = true;
        } else {
                w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
                if (w->fd < 0) {
                        log_warning("inotify is not available (%s; see the "
                                    "sysctl fs.inotify.max_user_instances); "
                                    "polling every %u ms",
                                    strerror(errno), w->poll_ms);
                        w->polling = true;
                } else {
                        rc = uv_poll_init(&d->loop, &w->poll, w->fd);
                        if (rc != 0)
                                return rc;
                        w->poll_init = true;
                        w->poll.data = d;
                        rc = uv_poll_start(&w->poll, UV_READABLE,
                                           watcher_read_cb);
                        if (rc != 0)
                                return rc;
                }
        }
        rc = watcher_arm(d);
        if (rc != 0) {
                w->missing = false; /* So that watcher_gone() reports. */
                watcher_gone(d, rc == -ENOTDIR ? "is not a directory" :
                                                 "does not exist");
        } else {
                log_info("watching %s (%s%s)", log_quote(w->inbox_real),
                         w->polling ? "polling" : "inotify",
                         c->recursive ? ", recursive" : "");
        }
        return 0;
}

/* Stop watching (SIGTERM): no new files are taken after this. */
void watcher_stop(struct daemon *d)
{
        struct watcher *w = &d->w;

        uv_timer_stop(&w->rearm);
        uv_timer_stop(&w->rescan);
        watcher_drop_parked(d);
        watcher_close_inotify(w);
}

/* Free what the watcher owns (after the loop has closed). */
void watcher_done(struct daemon *d)
{
        struct watcher *w = &d->w;
        size_t i;

        for (i = 0; i < w->n_ignored; i++)
                free(w->ignored[i]);
        free(w->ignored);
        w->ignored = NULL;
        w->n_ignored = 0;
        w->cap_ignored = 0;

        watcher_forget_all(w);
        /* The loop has closed every handle by now (the walk at exit may
         * have closed the poll handle without our callback). */
        if (w->fd >= 0)
                close(w->fd);
        w->fd = -1;
        watcher_drop_parked(d);
        free(w->wds);
        w->wds = NULL;
        w->cap_wds = 0;
        free(w->inbox_real);
        free(w->done_real);
        free(w->failed_real);
        free(w->buf);
        w->inbox_real = w->done_real = w->failed_real = w->buf = NULL;
}

/* A reload changed the rules: look again, so files the old rules left
 * alone are taken now. */
void watcher_conf_changed(struct daemon *d)
{
        if (d->w.missing)
                return;
        watcher_rescan_timer(d);
        watcher_rescan(d, "configuration reloaded");
}
