#include <errno.h>
#include <getopt.h>
#include <string.h>

#include <precis/store.h>

#include "cli.h"
#include "options.h"
#include "output.h"

static const char list_usage[] =
        "usage: precis list [--since WHEN] [--until WHEN] [--limit N] "
        "[--sort time|title]\n"
        "                   [--json]\n"
        "  --since WHEN   stored at or after WHEN: today, yesterday, an age "
        "(2h, 3d,\n"
        "                 1w), 2026-11-27, 2026-11-27T10:00 (local time; a "
        "final Z\n"
        "                 for UTC) or @UNIXTIME\n"
        "  --until WHEN   stored before WHEN (same forms)\n"
        "  --limit N      at most N articles\n"
        "  --sort KEY     time (newest first, the default) or title\n"
        "  --json         an array of objects: id, hash, title, paths, "
        "stored_at, ...\n"
        "Exit 0 when something is listed, 1 when nothing is.\n";

struct list_out {
        struct cli_ctx *ctx; /* borrowed */
        json_t *array;       /* owned; NULL for text */
};

static int list_cb(const struct precis_store_article *a, void *data)
{
        struct list_out *l = data;
        char t[32];

        if (l->array != NULL) {
                json_t *o = cli_article_json(a, 0);

                if (o == NULL || json_array_append_new(l->array, o) != 0)
                        return -ENOMEM;
                return 0;
        }
        fprintf(l->ctx->out, "%-6lld %.12s  %s  ", (long long) a->id, a->hash,
                cli_time(a->stored_at, t));
        cli_put_escaped(l->ctx->out, a->title != NULL ? a->title
                                                      : "(untitled)");
        fputc('\n', l->ctx->out);
        return 0;
}

static int list_run(struct cli_ctx *ctx, int argc, char **argv)
{
        static const struct option longopts[] = {
                { "since", required_argument, NULL, 's' },
                { "until", required_argument, NULL, 'u' },
                { "limit", required_argument, NULL, 'n' },
                { "sort", required_argument, NULL, 'o' },
                { "json", no_argument, NULL, 'j' },
                { "help", no_argument, NULL, 'h' },
                { NULL, 0, NULL, 0 },
        };
        struct precis_list_opts o = { 0, 0, PRECIS_SORT_TIME, 0, 0 };
        struct precis_error err = { 0 };
        struct list_out l = { ctx, NULL };
        struct precis_store *st;
        int c, rc, json = 0;

        optind = 1;
        while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
                switch (c) {
                case 's':
                case 'u':
                        rc = cli_when_option(ctx, c == 's' ? "--since"
                                                           : "--until",
                                             optarg,
                                             c == 's' ? &o.since : &o.until);
                        if (rc != CLI_EXIT_OK)
                                return rc;
                        break;
                case 'n':
                        if (cli_parse_int(optarg, 1, INT64_MAX, &o.limit) != 0)
                                return cli_fail(ctx, CLI_EXIT_USAGE,
                                                "--limit needs a number >= 1, "
                                                "not '%s'", optarg);
                        break;
                case 'o':
                        if (strcmp(optarg, "time") == 0)
                                o.sort = PRECIS_SORT_TIME;
                        else if (strcmp(optarg, "title") == 0)
                                o.sort = PRECIS_SORT_TITLE;
                        else
                                return cli_fail(ctx, CLI_EXIT_USAGE,
                                                "--sort is time or title, "
                                                "not '%s'", optarg);
                        break;
                case 'j':
                        json = 1;
                        break;
                case 'h':
                        fputs(list_usage, ctx->out);
                        return CLI_EXIT_OK;
                default:
                        return cli_bad_option(ctx, argv, longopts);
                }
        }
        if (optind != argc)
                return cli_usage_fail(ctx, argv[0], list_usage,
                                      "unexpected argument '%s' (list "
                                      "takes options only)", argv[optind]);
        rc = cli_when_check(ctx, o.since, o.until);
        if (rc != CLI_EXIT_OK)
                return rc;
        rc = cli_store_open(ctx, PRECIS_STORE_READONLY, &st);
        if (rc != CLI_EXIT_OK)
                return rc;
        if (json) {
                /* The full article object, as in every command. */
                o.what = PRECIS_GET_SUMMARY | PRECIS_GET_KEYWORDS;
                l.array = json_array();
                if (l.array == NULL) {
                        precis_store_close(st);
                        return cli_fail(ctx, CLI_EXIT_INTERNAL,
                                        "out of memory");
                }
        }
        rc = precis_store_list(st, &o, list_cb, &l, &err);
        precis_store_close(st);
        if (rc < 0) {
                json_decref(l.array);
                return rc == -ENOMEM && err.code == 0
                               ? cli_fail(ctx, CLI_EXIT_INTERNAL,
                                          "out of memory")
                               : cli_store_fail(ctx, rc, &err);
        }
        if (json && cli_json_print(ctx, l.array, 0) != 0)
                return cli_fail(ctx, CLI_EXIT_INTERNAL, "cannot write output");
        return rc > 0 ? CLI_EXIT_OK : CLI_EXIT_NOTFOUND;
}

const struct cli_command cli_cmd_list = {
        .name = "list",
        .usage = "[--since WHEN] [--until WHEN] [--limit N] "
                 "[--sort time|title] [--json]",
        .help = "list stored articles, newest first",
        .run = list_run,
};
