#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include <precis/config.h>
#include <precis/storelock.h>

#include "cli.h"
#include "options.h"
#include "output.h"
#include "term.h"

/* `precis status`: whether precisd runs, read from the status file it keeps
 * next to its store (<db>.status, replaced atomically about once a second
 * while anything changes).  No socket: the CLI stays a plain reader. */

static const char status_usage[] =
        "usage: precis status [--json]\n"
        "Whether precisd runs on this store, its uptime, counts, queue "
        "depth, last\n"
        "error, events lost and rescans (from <db>.status, which precisd "
        "keeps).\n"
        "It tells three cases apart: running (a precisd holds <db>.lock), "
        "not running,\n"
        "and a stale status file (the last precisd was killed or crashed).\n"
        "Exit 0 when it runs, 4 when it does not.\n"
        "  --json   the daemon's status object plus running and "
        "uptime_seconds\n";

/* The store path the other commands would open (*ret_db) and its status
 * file, + ".status" (*ret_status). */
static int status_paths(struct cli_ctx *ctx, char **ret_db, char **ret_status)
{
        char *db, *path;
        int rc;

        rc = cli_local_path(ctx, &db);
        if (rc != CLI_EXIT_OK)
                return rc;
        path = precis_config_status_path(db);
        if (path == NULL) {
                free(db);
                return cli_fail(ctx, CLI_EXIT_INTERNAL, "out of memory");
        }
        *ret_db = db;
        *ret_status = path;
        return CLI_EXIT_OK;
}

/* Whether @pid is a live precisd.  kill(pid, 0) answers "alive" (EPERM
 * too: the service runs as another user); /proc/PID/comm, where readable,
 * rules out a recycled pid. */
static int status_pid_alive(json_int_t pid)
{
        char path[64], comm[32] = "";
        FILE *f;

        if (pid <= 0)
                return 0;
        if (kill((pid_t) pid, 0) != 0 && errno != EPERM)
                return 0;
        snprintf(path, sizeof(path), "/proc/%lld/comm", (long long) pid);
        f = fopen(path, "r");
        if (f == NULL)
                return 1;
        if (fgets(comm, sizeof(comm), f) == NULL)
                comm[0] = '\0';
        fclose(f);
        comm[strcspn(comm, "\n")] = '\0';
        return strcmp(comm, "precisd") == 0;
}

static json_int_t status_int(json_t *o, const char *key)
{
        return json_integer_value(json_object_get(o, key));
}

static const char *status_str(json_t *o, const char *key)
{
        const char *s = json_string_value(json_object_get(o, key));

        return s != NULL ? s : "";
}

static void status_uptime(FILE *f, long long s)
{
        if (s >= 86400)
                fprintf(f, "%lldd %lldh", s / 86400, s % 86400 / 3600);
        else if (s >= 3600)
                fprintf(f, "%lldh %lldm", s / 3600, s % 3600 / 60);
        else if (s >= 60)
                fprintf(f, "%lldm %llds", s / 60, s % 60);
        else
                fprintf(f, "%llds", s);
}

/* What the lock and the status file say together. */
enum status_daemon {
        STATUS_RUNNING,  /* a precisd holds the store */
        STATUS_STOPPED,  /* none does; the last one stopped cleanly */
        STATUS_STALE,    /* none does, but the status file says one runs:
                          * it was killed or crashed */
};

static const char *const status_daemon_names[] = {
        "running", "not running", "stale status file",
};

static void status_text(struct cli_ctx *ctx, json_t *o, enum status_daemon sd,
                        long long uptime)
{
        FILE *f = ctx->out;
        char t[32];

        if (sd == STATUS_RUNNING) {
                fprintf(f, "precisd:     %s (pid %lld), up ",
                        status_str(o, "state"),
                        (long long) status_int(o, "pid"));
                status_uptime(f, uptime);
                fputc('\n', f);
        } else if (sd == STATUS_STALE) {
                fprintf(f, "precisd:     not running (stale status file: pid "
                           "%lld ended without stopping, last update %s)\n",
                        (long long) status_int(o, "pid"),
                        cli_local_time(status_int(o, "updated_at"), t));
        } else {
                fprintf(f, "precisd:     not running (last status %s at "
                           "%s)\n",
                        status_str(o, "state"),
                        cli_local_time(status_int(o, "updated_at"), t));
        }
        fputs("inbox:       ", f);
        cli_put_escaped(f, status_str(o, "inbox"));
        fprintf(f, " (%s)%s\n", status_str(o, "watch"),
                json_is_true(json_object_get(o, "inbox_missing")) ?
                        " MISSING" : "");
        fputs("store:       ", f);
        cli_put_escaped(f, status_str(o, "db"));
        fputc('\n', f);
        fprintf(f, "files:       %lld stored, %lld %s, %lld failed, "
                   "%lld skipped\n",
                (long long) status_int(o, "stored"),
                (long long) status_int(o, "duplicates"),
                cli_plural(status_int(o, "duplicates"), "duplicate",
                           "duplicates"),
                (long long) status_int(o, "failed"),
                (long long) status_int(o, "skipped"));
        fprintf(f, "queue:       %lld (%lld settling, %lld queued, %lld "
                   "working, %lld writing)\n",
                (long long) status_int(o, "queue"),
                (long long) status_int(o, "settling"),
                (long long) status_int(o, "queued"),
                (long long) status_int(o, "working"),
                (long long) status_int(o, "writing"));
        fprintf(f, "events lost: %lld\nrescans:     %lld\n",
                (long long) status_int(o, "events_lost"),
                (long long) status_int(o, "rescans"));
        if (status_int(o, "last_ingest_at") > 0)
                fprintf(f, "last ingest: %s\n",
                        cli_local_time(status_int(o, "last_ingest_at"), t));
        fputs("last error:  ", f);
        if (json_is_string(json_object_get(o, "last_error"))) {
                cli_put_escaped(f, status_str(o, "last_error"));
                fprintf(f, " (%s)\n",
                        cli_local_time(status_int(o, "last_error_at"), t));
        } else {
                fputs("none\n", f);
        }
}

/* The status file keeps times as Unix milliseconds (cheap for precisd to
 * write); the JSON contract has ISO 8601 UTC everywhere, so every "*_at"
 * time becomes a string (null when unset). */
static void status_json_times(json_t *o)
{
        const char *key;
        json_t *v;
        void *tmp;
        char t[32];

        json_object_foreach_safe(o, tmp, key, v)
        {
                size_t n = strlen(key);

                if (n < 3 || strcmp(key + n - 3, "_at") != 0 ||
                    !json_is_integer(v))
                        continue;
                json_object_set_new(o, key,
                                    json_integer_value(v) > 0
                                            ? json_string(cli_time(
                                                      json_integer_value(v),
                                                      t))
                                            : json_null());
        }
}

/* Which of the three states: the lock of the store decides when it can be
 * probed (a precisd holds it exactly while it runs, and the kernel drops
 * it on a crash); without a lock file (precisd never ran here, or it is
 * not readable) the status file's pid is checked instead. */
static enum status_daemon status_decide(const char *db, json_t *o,
                                        pid_t *ret_holder)
{
        int said_running = o != NULL &&
                           strcmp(status_str(o, "state"), "stopped") != 0;
        int lk = precis_storelock_probe(db, ret_holder);

        if (lk == 1)
                return STATUS_RUNNING;
        if (lk == 0)
                return said_running ? STATUS_STALE : STATUS_STOPPED;
        if (!said_running)
                return STATUS_STOPPED;
        return status_pid_alive(status_int(o, "pid")) ? STATUS_RUNNING
                                                      : STATUS_STALE;
}

/* A precisd holds the lock but has not written its status file yet (or
 * the file is an older daemon's): say so from the lock alone. */
static int status_starting(struct cli_ctx *ctx, int json, pid_t holder,
                           const char *path)
{
        if (json) {
                json_t *n = json_pack("{s:b, s:s, s:s, s:I, s:s}", "running",
                                      1, "daemon", "running", "state",
                                      "starting", "pid", (json_int_t) holder,
                                      "status_file", path);

                if (n != NULL)
                        cli_json_print(ctx, n, 0);
        } else {
                fprintf(ctx->out, "precisd:     starting (pid %ld), no "
                                  "status yet\n", (long) holder);
        }
        return CLI_EXIT_OK;
}

static int status_run(struct cli_ctx *ctx, int argc, char **argv)
{
        json_error_t jerr;
        json_t *o;
        char *path = NULL, *db = NULL;
        enum status_daemon sd;
        pid_t holder = 0;
        int rc, json = 0;
        long long uptime = 0;

        if (cli_json_only(ctx, argc, argv, status_usage, 0, &json, &rc) < 0)
                return rc;
        rc = status_paths(ctx, &db, &path);
        if (rc != CLI_EXIT_OK)
                return rc;
        o = json_load_file(path, 0, &jerr);
        if (o != NULL && !json_is_object(o)) {
                json_decref(o);
                o = NULL;
        }
        sd = status_decide(db, o, &holder);
        free(db);
        if (sd == STATUS_RUNNING &&
            (o == NULL || (holder > 0 && status_int(o, "pid") != holder))) {
                json_decref(o);
                rc = status_starting(ctx, json, holder, path);
                free(path);
                return rc;
        }
        if (o == NULL) {
                int missing = access(path, F_OK) != 0;

                if (json) {
                        json_t *n = json_pack("{s:b, s:s, s:s}", "running", 0,
                                              "daemon", "not running",
                                              "status_file", path);

                        if (n != NULL)
                                cli_json_print(ctx, n, 0);
                } else if (missing) {
                        fprintf(ctx->out, "precisd:     not running (no "
                                          "status file ");
                        cli_put_escaped(ctx->out, path);
                        fputs(")\n", ctx->out);
                } else {
                        cli_fail(ctx, 0, "cannot read %s: %s", path,
                                 jerr.text);
                }
                free(path);
                return CLI_EXIT_DAEMON;
        }
        if (sd == STATUS_RUNNING)
                uptime = ((long long) time(NULL) * 1000 -
                          status_int(o, "started_at")) / 1000;
        if (json) {
                json_object_set_new(o, "running",
                                    json_boolean(sd == STATUS_RUNNING));
                json_object_set_new(o, "daemon",
                                    json_string(status_daemon_names[sd]));
                json_object_set_new(o, "uptime_seconds",
                                    sd == STATUS_RUNNING ?
                                            json_integer(uptime) :
                                            json_null());
                json_object_set_new(o, "status_file", json_string(path));
                status_json_times(o);
                cli_json_print(ctx, o, 0);
        } else {
                status_text(ctx, o, sd, uptime);
                json_decref(o);
        }
        free(path);
        return sd == STATUS_RUNNING ? CLI_EXIT_OK : CLI_EXIT_DAEMON;
}

const struct cli_command cli_cmd_status = {
        .name = "status",
        .usage = "[--json]",
        .help = "whether precisd runs: uptime, counts, queue, last error",
        .run = status_run,
};
