#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include <precis/json.h>

#include "precisd.h"

/* The status file <db>.status: a small JSON object that `precis status`
 * reads (the CLI needs no socket and no libuv).  It is rebuilt on the loop
 * at most once a second when something changed, and written on the pool
 * through a temporary file, fsync() and rename(), so a reader never sees
 * half of it, not even after a power cut.  The same counts go to the service manager as STATUS=. */

#define STATUS_PERIOD_MS 1000

void status_line(struct daemon *d, char *buf, size_t n)
{
        snprintf(buf, n,
                 "%s%s%s%s%llu stored, %llu duplicates, %llu failed, %zu in "
                 "progress%s",
                 d->n.store_error[0] ? "store refuses writes: " : "",
                 d->n.store_error, d->n.store_error[0] ? "; " : "",
                 d->w.missing ? "inbox missing; " : "",
                 (unsigned long long) d->n.stored,
                 (unsigned long long) d->n.duplicates,
                 (unsigned long long) d->n.failed, job_queue_depth(d),
                 d->n.events_lost ? "; events were lost, rescanned" : "");
}

static const char *status_state(struct daemon *d, bool final)
{
        if (final)
                return "stopped";
        if (d->stopping)
                return "stopping";
        return d->ready ? "running" : "starting";
}

static char *status_json(struct daemon *d, bool final)
{
        json_t *o = json_object();
        char *s;

        if (o == NULL)
                return NULL;
        json_object_set_new(o, "pid", json_integer(getpid()));
        json_object_set_new(o, "state",
                            json_string(status_state(d, final)));
        json_object_set_new(o, "started_at", json_integer(d->started_ms));
        json_object_set_new(o, "updated_at",
                            json_integer(daemon_wall_ms()));
        json_object_set_new(o, "inbox",
                            json_string(d->w.inbox_real ?
                                                d->w.inbox_real :
                                                d->conf->c.inbox_path));
        json_object_set_new(o, "db", json_string(d->db_real ?
                                                         d->db_real :
                                                         d->store_shown));
        json_object_set_new(o, "config",
                            d->config_path ? json_string(d->config_path) :
                                             json_null());
        json_object_set_new(o, "watch",
                            json_string(d->w.polling ? "polling" :
                                                       "inotify"));
        json_object_set_new(o, "inbox_missing", json_boolean(d->w.missing));
        json_object_set_new(o, "stored", json_integer((json_int_t)
                                                      d->n.stored));
        json_object_set_new(o, "duplicates",
                            json_integer((json_int_t) d->n.duplicates));
        json_object_set_new(o, "failed", json_integer((json_int_t)
                                                      d->n.failed));
        json_object_set_new(o, "skipped", json_integer((json_int_t)
                                                       d->n.skipped));
        json_object_set_new(o, "queue",
                            json_integer((json_int_t) job_queue_depth(d)));
        json_object_set_new(o, "settling", json_integer((json_int_t)
                            d->n_state[JOB_SETTLING]));
        json_object_set_new(o, "queued", json_integer((json_int_t)
                            d->n_state[JOB_QUEUED]));
        json_object_set_new(o, "working", json_integer((json_int_t)
                            d->n_state[JOB_WORKING]));
        json_object_set_new(o, "writing", json_integer((json_int_t)
                            d->n_state[JOB_WRITING]));
        json_object_set_new(o, "events_lost",
                            json_integer((json_int_t) d->n.events_lost));
        json_object_set_new(o, "rescans", json_integer((json_int_t)
                                                       d->n.rescans));
        json_object_set_new(o, "last_error",
                            d->n.last_error[0] ?
                                    json_string(d->n.last_error) :
                                    json_null());
        json_object_set_new(o, "store_error",
                            d->n.store_error[0] ?
                                    json_string(d->n.store_error) :
                                    json_null());
        json_object_set_new(o, "last_error_at",
                            json_integer(d->n.last_error_ms));
        json_object_set_new(o, "last_ingest_at",
                            json_integer(d->n.last_ingest_ms));
        s = precis_json_dumps(o, JSON_COMPACT);
        json_decref(o);
        return s;
}

/* Write @text to @path atomically.  Returns 0 or -errno.  Any thread. */
static int status_write_file(const char *path, const char *text)
{
        size_t n = strlen(path) + 5, len = strlen(text), off = 0;
        char *tmp = malloc(n);
        int fd, rc = 0;

        if (tmp == NULL)
                return -ENOMEM;
        snprintf(tmp, n, "%s.tmp", path);
        fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
        if (fd < 0) {
                rc = -errno;
                goto out;
        }
        while (off < len) {
                ssize_t w = write(fd, text + off, len - off);

                if (w < 0 && errno == EINTR)
                        continue;
                if (w < 0) {
                        rc = -errno;
                        break;
                }
                off += (size_t) w;
        }
        /* Written, synced, then renamed: after a power cut the file is
         * the old status or the new one, never an empty or torn one (a
         * rename may reach the disk before the data it names).  At most
         * one sync a second, on the pool. */
        if (rc == 0 && fsync(fd) != 0 && errno != EINVAL)
                rc = -errno;
        if (close(fd) != 0 && rc == 0)
                rc = -errno;
        if (rc == 0 && rename(tmp, path) != 0)
                rc = -errno;
        if (rc != 0)
                unlink(tmp);
out:
        free(tmp);
        return rc;
}

static void status_work_cb(uv_work_t *req)
{
        struct daemon *d = req->data;
        /* Only the loop logs: leave the result where it looks. */
        d->status_rc = status_write_file(d->status_path, d->status_json);
}

static void status_after_cb(uv_work_t *req, int status)
{
        struct daemon *d = req->data;

        (void) status;
        /* Keyed: a full disk would repeat this every second. */
        if (d->status_rc != 0)
                log_keyed(LOG_WARNING, d->status_path,
                          "cannot write the status file %s: %s",
                          log_quote(d->status_path),
                          strerror(-d->status_rc));
        free(d->status_json);
        d->status_json = NULL;
        d->status_busy = false;
}

static void status_flush(struct daemon *d)
{
        char line[512];
        int rc;

        if (d->status_busy || d->closing)
                return;
        status_line(d, line, sizeof(line));
        /* Only news goes to the service manager: sd_notify() blocks when
         * its queue is full, and the loop must not. */
        if (d->ready && !d->stopping &&
            strcmp(line, d->status_sent) != 0) {
                notify_status(d, line);
                snprintf(d->status_sent, sizeof(d->status_sent), "%s", line);
        }
        d->status_json = status_json(d, false);
        if (d->status_json == NULL)
                return;
        d->status_dirty = false;
        d->status_req.data = d;
        rc = uv_queue_work(&d->loop, &d->status_req, status_work_cb,
                           status_after_cb);
        if (rc != 0) {
                free(d->status_json);
                d->status_json = NULL;
                return;
        }
        d->status_busy = true;
}

static void status_timer_cb(uv_timer_t *t)
{
        struct daemon *d = t->data;

        log_tick();
        if (d->status_dirty)
                status_flush(d);
}

int status_start(struct daemon *d)
{
        int rc = uv_timer_init(&d->loop, &d->status_timer);

        if (rc != 0)
                return rc;
        d->status_timer.data = d;
        d->status_dirty = true;
        return uv_timer_start(&d->status_timer, status_timer_cb,
                              STATUS_PERIOD_MS, STATUS_PERIOD_MS);
}

void status_changed(struct daemon *d)
{
        d->status_dirty = true;
}

/* Write the status now, from the main thread, once the loop has closed. */
void status_write_final(struct daemon *d)
{
        char *s;
        int rc;

        if (d->status_path == NULL)
                return;
        s = status_json(d, true);
        if (s == NULL)
                return;
        rc = status_write_file(d->status_path, s);
        if (rc != 0)
                log_warning("cannot write %s: %s", log_quote(d->status_path),
                            strerror(-rc));
        free(s);
}

/* Write it soon (a state change worth showing at once). */
void status_now(struct daemon *d)
{
        d->status_dirty = true;
        status_flush(d);
}
