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

#include "cli.h"
#include "options.h"
#include "output.h"

/* `precis status`: whether precisd runs, read from the status file it keeps
 * next to its store (<db>.status, replaced atomically about once a second
 * while anything changes).  No socket: the CLI stays a plain reader. */

static const char status_usage[] =
        "usage: precis status [--json]\n"
        "Whether precisd runs on this store, its uptime, counts, queue "
        "depth, last\n"
        "error, events lost and rescans (from <db>.status, which precisd "
        "keeps).\n"
        "Exit 0 when it runs, 4 when it does not.\n"
        "  --json   the daemon's status object plus running and "
        "uptime_seconds\n";

/* The store path the other commands would open, + ".status". */
static int status_path(struct cli_ctx *ctx, char **ret)
{
        struct precis_config cfg;
        const char *db;
        char *path;
        int rc;

        if (ctx->db_path != NULL) {
                db = ctx->db_path;
                path = malloc(strlen(db) + 8);
                if (path == NULL)
                        return cli_fail(ctx, CLI_EXIT_INTERNAL,
                                        "out of memory");
                sprintf(path, "%s.status", db);
                *ret = path;
                return CLI_EXIT_OK;
        }
        rc = cli_config_load(ctx, &cfg, NULL);
        if (rc != CLI_EXIT_OK)
                return rc;
        if (ctx->config_path == NULL &&
            access(precis_config_default_path(), F_OK) != 0)
                db = "./precis.db";
        else
                db = cfg.store_path;
        path = malloc(strlen(db) + 8);
        if (path != NULL)
                sprintf(path, "%s.status", db);
        precis_config_done(&cfg);
        if (path == NULL)
                return cli_fail(ctx, CLI_EXIT_INTERNAL, "out of memory");
        *ret = path;
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

static void status_text(struct cli_ctx *ctx, json_t *o, int running,
                        long long uptime)
{
        FILE *f = ctx->out;
        char t[32];

        if (running) {
                fprintf(f, "precisd:     %s (pid %lld), up ",
                        status_str(o, "state"),
                        (long long) status_int(o, "pid"));
                status_uptime(f, uptime);
                fputc('\n', f);
        } else {
                fprintf(f, "precisd:     not running (last status %s at "
                           "%s)\n",
                        status_str(o, "state"),
                        cli_time(status_int(o, "updated_at"), t));
        }
        fputs("inbox:       ", f);
        cli_put_escaped(f, status_str(o, "inbox"));
        fprintf(f, " (%s)%s\n", status_str(o, "watch"),
                json_is_true(json_object_get(o, "inbox_missing")) ?
                        " MISSING" : "");
        fputs("store:       ", f);
        cli_put_escaped(f, status_str(o, "db"));
        fputc('\n', f);
        fprintf(f, "files:       %lld stored, %lld duplicates, %lld failed, "
                   "%lld skipped\n",
                (long long) status_int(o, "stored"),
                (long long) status_int(o, "duplicates"),
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
                        cli_time(status_int(o, "last_ingest_at"), t));
        fputs("last error:  ", f);
        if (json_is_string(json_object_get(o, "last_error"))) {
                cli_put_escaped(f, status_str(o, "last_error"));
                fprintf(f, " (%s)\n",
                        cli_time(status_int(o, "last_error_at"), t));
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

static int status_run(struct cli_ctx *ctx, int argc, char **argv)
{
        json_error_t jerr;
        json_t *o;
        char *path = NULL;
        int rc, json = 0, running;
        long long uptime = 0;

        if (cli_json_only(ctx, argc, argv, status_usage, 0, &json, &rc) < 0)
                return rc;
        rc = status_path(ctx, &path);
        if (rc != CLI_EXIT_OK)
                return rc;
        o = json_load_file(path, 0, &jerr);
        if (o == NULL || !json_is_object(o)) {
                int missing = access(path, F_OK) != 0;

                json_decref(o);
                if (json) {
                        json_t *n = json_pack("{s:b, s:s}", "running", 0,
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
        running = strcmp(status_str(o, "state"), "stopped") != 0 &&
                  status_pid_alive(status_int(o, "pid"));
        if (running)
                uptime = ((long long) time(NULL) * 1000 -
                          status_int(o, "started_at")) / 1000;
        if (json) {
                json_object_set_new(o, "running", json_boolean(running));
                json_object_set_new(o, "uptime_seconds",
                                    running ? json_integer(uptime) :
                                              json_null());
                json_object_set_new(o, "status_file", json_string(path));
                status_json_times(o);
                cli_json_print(ctx, o, 0);
        } else {
                status_text(ctx, o, running, uptime);
                json_decref(o);
        }
        free(path);
        return running ? CLI_EXIT_OK : CLI_EXIT_DAEMON;
}

const struct cli_command cli_cmd_status = {
        .name = "status",
        .usage = "[--json]",
        .help = "whether precisd runs: uptime, counts, queue, last error",
        .run = status_run,
};
