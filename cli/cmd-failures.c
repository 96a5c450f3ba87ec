#include <errno.h>
#include <getopt.h>

#include <precis/store.h>

#include "cli.h"
#include "options.h"
#include "output.h"
#include "term.h"

static const char failures_usage[] =
        "usage: precis failures [--json]\n"
        "Files that could not be summarized, newest first, with the "
        "reason.  A failed\n"
        "file is retried only once it changes.\n"
        "  --json   an array of objects: path, error, hash, failed_at, size, "
        "attempts\n"
        "Exit 0 when there are failures, 1 when there are none.\n";

struct failures_out {
        struct cli_ctx *ctx; /* borrowed */
        json_t *array;       /* owned; NULL for text */
};

static int failures_cb(const struct precis_store_failure *f, void *data)
{
        struct failures_out *o = data;
        char t[32];

        if (o->array != NULL) {
                json_t *j = json_object();

                if (j == NULL)
                        return -ENOMEM;
                json_object_set_new(j, "path", json_string(f->path));
                json_object_set_new(j, "error", json_string(f->error));
                json_object_set_new(j, "hash", f->hash != NULL
                                                       ? json_string(f->hash)
                                                       : json_null());
                json_object_set_new(j, "failed_at",
                                    json_string(cli_time(f->failed_at, t)));
                json_object_set_new(j, "size", json_integer(f->size));
                json_object_set_new(j, "attempts", json_integer(f->attempts));
                /* Always present (the JSON contract): null when the
                 * store keeps no hosts. */
                json_object_set_new(j, "host", f->host != NULL
                                                       ? json_string(f->host)
                                                       : json_null());
                if (json_array_append_new(o->array, j) != 0)
                        return -ENOMEM;
                return 0;
        }
        cli_put_escaped(o->ctx->out, f->path);
        if (f->host != NULL) {
                fputs(" (on ", o->ctx->out);
                cli_put_escaped(o->ctx->out, f->host);
                fputc(')', o->ctx->out);
        }
        fprintf(o->ctx->out, "\n    %s (%s, %lld bytes", f->error,
                cli_local_time(f->failed_at, t), (long long) f->size);
        if (f->attempts > 1)
                fprintf(o->ctx->out, ", %lld attempts",
                        (long long) f->attempts);
        fputs(")\n", o->ctx->out);
        return 0;
}

static int failures_run(struct cli_ctx *ctx, int argc, char **argv)
{
        struct precis_error err = { 0 };
        struct failures_out o = { ctx, NULL };
        struct precis_store *st;
        int rc, json = 0;

        if (cli_json_only(ctx, argc, argv, failures_usage, 0, &json, &rc) < 0)
                return rc;
        rc = cli_store_open(ctx, PRECIS_STORE_READONLY, &st, NULL);
        if (rc != CLI_EXIT_OK)
                return rc;
        if (json)
                o.array = json_array();
        else
                cli_pager_start(ctx); /* a long list, on a terminal */
        rc = precis_store_failures(st, failures_cb, &o, &err);
        precis_store_close(st);
        if (rc < 0) {
                json_decref(o.array);
                return cli_store_fail(ctx, rc, &err);
        }
        if (json && cli_json_print(ctx, o.array, 0) != 0)
                return cli_fail(ctx, CLI_EXIT_INTERNAL, "cannot write output");
        return rc > 0 ? CLI_EXIT_OK : CLI_EXIT_NOTFOUND;
}

const struct cli_command cli_cmd_failures = {
        .name = "failures",
        .usage = "[--json]",
        .help = "files that failed, with the reason",
        .run = failures_run,
};
