#include <errno.h>
#include <getopt.h>
#include <string.h>

#include <precis/store.h>

#include "cli.h"
#include "options.h"
#include "output.h"

static const char export_usage[] =
        "usage: precis export [--format jsonl|csv] [--since WHEN] "
        "[--until WHEN]\n"
        "Every article, oldest first.\n"
        "  --since WHEN     only articles stored at or after WHEN: today, "
        "yesterday,\n"
        "                   an age (2h, 3d, 1w), 2026-11-27, "
        "2026-11-27T10:00 (local\n"
        "                   time; a final Z for UTC) or @UNIXTIME\n"
        "  --until WHEN     only articles stored before WHEN (same forms)\n"
        "  --format jsonl   one JSON object per line, as `precis show --json "
        "--full`\n"
        "                   (the default)\n"
        "  --format csv     RFC 4180 with a header row: id, hash, title, "
        "language,\n"
        "                   format, bytes, words, sentences, first_seen, "
        "stored_at,\n"
        "                   paths, summary, keywords (no body; lists one "
        "item a line)\n"
        "Exit 0 when something was exported, 1 when the store is empty.\n";

struct export_out {
        struct cli_ctx *ctx; /* borrowed */
        bool csv;            /* else jsonl */
};

/* @s inside a quoted CSV field: its quotes doubled (RFC 4180). */
static void export_csv_put(FILE *f, const char *s)
{
        for (; s != NULL && *s != '\0'; s++) {
                if (*s == '"')
                        fputc('"', f);
                fputc(*s, f);
        }
}

static void export_csv_field(FILE *f, const char *s, bool last)
{
        fputc('"', f);
        export_csv_put(f, s);
        fputc('"', f);
        fputs(last ? "\r\n" : ",", f);
}

static int export_cb(const struct precis_store_article *a, void *data)
{
        struct export_out *o = data;
        FILE *f = o->ctx->out;
        char t1[32], t2[32];
        size_t i;

        if (!o->csv)
                return cli_json_print(o->ctx,
                                      cli_article_json(a, PRECIS_GET_ALL), 1);
        fprintf(f, "%lld,", (long long) a->id);
        export_csv_field(f, a->hash, false);
        export_csv_field(f, a->title, false);
        export_csv_field(f, a->language, false);
        export_csv_field(f, a->format, false);
        fprintf(f, "%lld,%lld,%lld,%s,%s,", (long long) a->bytes,
                (long long) a->words, (long long) a->sentences,
                cli_time(a->first_seen, t1), cli_time(a->stored_at, t2));
        /* Paths and sentences one a line, keywords joined by ", ". */
        fputc('"', f);
        for (i = 0; i < a->n_paths; i++) {
                fputs(i > 0 ? "\n" : "", f);
                export_csv_put(f, a->paths[i]);
        }
        fputs("\",\"", f);
        for (i = 0; i < a->n_summary; i++) {
                fputs(i > 0 ? "\n" : "", f);
                export_csv_put(f, a->summary[i].text);
        }
        fputs("\",\"", f);
        for (i = 0; i < a->n_keywords; i++) {
                fputs(i > 0 ? ", " : "", f);
                export_csv_put(f, a->keywords[i].term);
        }
        fputs("\"\r\n", f);
        return ferror(f) ? -EIO : 0;
}

static int export_run(struct cli_ctx *ctx, int argc, char **argv)
{
        static const struct option longopts[] = {
                { "format", required_argument, NULL, 'f' },
                CLI_WHEN_LONGOPTS,
                CLI_LONGOPTS_END,
        };
        struct precis_list_opts lo = { .sort = PRECIS_SORT_TIME };
        struct precis_error err = { 0 };
        struct export_out o = { ctx, false };
        struct precis_store *st;
        int c, rc;

        while ((c = cli_getopt(ctx, argc, argv, "", longopts, export_usage,
                               &rc)) > 0) {
                switch (c) {
                case 'f':
                        if (strcmp(optarg, "csv") == 0)
                                o.csv = true;
                        else if (strcmp(optarg, "jsonl") == 0)
                                o.csv = false;
                        else
                                return cli_fail(ctx, CLI_EXIT_USAGE,
                                                "--format is jsonl or csv, "
                                                "not '%s'", optarg);
                        break;
                case 's':
                case 'u':
                        rc = cli_when_option(ctx, c, optarg, &lo.since,
                                             &lo.until);
                        if (rc != CLI_EXIT_OK)
                                return rc;
                        break;
                }
        }
        if (c < 0)
                return rc;
        rc = cli_no_operands(ctx, argc, argv, export_usage);
        if (rc != CLI_EXIT_OK)
                return rc;
        rc = cli_when_check(ctx, lo.since, lo.until);
        if (rc != CLI_EXIT_OK)
                return rc;
        lo.sort = PRECIS_SORT_OLDEST;
        lo.what = o.csv ? PRECIS_GET_SUMMARY | PRECIS_GET_KEYWORDS
                        : PRECIS_GET_ALL;
        rc = cli_store_open(ctx, PRECIS_STORE_READONLY, &st, NULL);
        if (rc != CLI_EXIT_OK)
                return rc;
        if (o.csv)
                fputs("id,hash,title,language,format,bytes,words,sentences,"
                      "first_seen,stored_at,paths,summary,keywords\r\n",
                      ctx->out);
        rc = precis_store_list(st, &lo, export_cb, &o, &err);
        precis_store_close(st);
        if (rc == -EIO || rc == -ENOMEM)
                return cli_write_status(ctx, rc);
        if (rc < 0)
                return cli_store_fail(ctx, rc, &err);
        return rc > 0 ? CLI_EXIT_OK : CLI_EXIT_NOTFOUND;
}

const struct cli_command cli_cmd_export = {
        .name = "export",
        .usage = "[--format jsonl|csv] [--since WHEN] [--until WHEN]",
        .help = "every article with its summary, as JSON lines or CSV",
        .run = export_run,
};
