#include <getopt.h>
#include <stdlib.h>

#include <precis/store.h>

#include "cli.h"
#include "options.h"
#include "output.h"

static const char forget_usage[] =
        "usage: precis forget [--dry-run] ID|HASH-PREFIX|PATH...\n"
        "Delete articles from the store: summary, keywords, text, paths and "
        "search\n"
        "entry.  The files themselves are not touched; a file still in the "
        "inbox is\n"
        "stored again only if it changes or is dropped in again.\n"
        "All or nothing: every reference is resolved first, and if one "
        "does not\n"
        "resolve, nothing is deleted.\n"
        "  -n, --dry-run   list what would be forgotten, delete nothing\n"
        "Exit 0 when every article was forgotten (or would be), 1 when a "
        "reference\n"
        "matched nothing, 2 when a hash prefix is ambiguous, 3 when the "
        "store fails;\n"
        "in every case but 0 nothing was deleted.\n";

/* The articles named on the command line, each once. */
struct forget_set {
        struct precis_store_article *a; /* owned array */
        size_t n;
};

static void forget_set_done(struct forget_set *fs)
{
        size_t i;

        for (i = 0; i < fs->n; i++)
                precis_store_article_done(&fs->a[i]);
        free(fs->a);
}

static void forget_line(struct cli_ctx *ctx, const char *verb,
                        const struct precis_store_article *a)
{
        fprintf(ctx->out, "%s %lld %.12s ", verb, (long long) a->id, a->hash);
        cli_put_escaped(ctx->out, a->title != NULL ? a->title : "(untitled)");
        fputc('\n', ctx->out);
}

/* Resolve every reference, reporting each that fails.  Returns
 * CLI_EXIT_OK with @fs filled, else the most serious exit code met. */
static int forget_resolve(struct cli_ctx *ctx, struct precis_store *st,
                          int n, char **refs, struct forget_set *fs)
{
        int i, rc, worst = CLI_EXIT_OK;
        size_t j;

        fs->a = calloc((size_t) n, sizeof(*fs->a));
        fs->n = 0;
        if (fs->a == NULL)
                return cli_fail(ctx, CLI_EXIT_INTERNAL, "out of memory");
        for (i = 0; i < n; i++) {
                struct precis_error err = { 0 };
                int64_t id;

                rc = cli_show_resolve(ctx, st, refs[i], &id);
                if (rc != CLI_EXIT_OK) {
                        if (rc > worst)
                                worst = rc;
                        continue;
                }
                for (j = 0; j < fs->n && fs->a[j].id != id; j++)
                        ;
                if (j < fs->n)
                        continue; /* named twice: once is enough */
                rc = precis_store_get(st, id, 0, &fs->a[fs->n], &err);
                if (rc != 0) {
                        rc = cli_store_fail(ctx, rc, &err);
                        if (rc > worst)
                                worst = rc;
                        continue;
                }
                fs->n++;
        }
        return worst;
}

static int forget_run(struct cli_ctx *ctx, int argc, char **argv)
{
        static const struct option longopts[] = {
                { "dry-run", no_argument, NULL, 'n' },
                CLI_LONGOPTS_END,
        };
        struct precis_error err = { 0 };
        struct forget_set fs = { NULL, 0 };
        struct precis_store *st;
        int c, rc, dry = 0;
        size_t i;

        while ((c = cli_getopt(ctx, argc, argv, "nh", longopts, forget_usage,
                               &rc)) > 0)
                dry = 1; /* 'n', the only option left */
        if (c < 0)
                return rc;
        if (optind >= argc)
                return cli_usage_fail(ctx, argv[0], forget_usage,
                                      "which articles? give an ID, a hash "
                                      "prefix or a path");
        rc = cli_store_open(ctx, dry ? PRECIS_STORE_READONLY
                                     : PRECIS_STORE_NOCREATE, &st, NULL);
        if (rc != CLI_EXIT_OK)
                return rc;
        rc = forget_resolve(ctx, st, argc - optind, argv + optind, &fs);
        if (rc != CLI_EXIT_OK) {
                cli_fail(ctx, 0, "nothing %s: every reference must resolve",
                         dry ? "would be forgotten" : "forgotten");
                goto out;
        }
        if (dry) {
                for (i = 0; i < fs.n; i++)
                        forget_line(ctx, "would forget", &fs.a[i]);
                goto out;
        }
        /* One transaction: a failure half-way leaves every article. */
        rc = precis_store_begin(st, &err);
        for (i = 0; rc == 0 && i < fs.n; i++)
                rc = precis_store_forget(st, fs.a[i].id, &err);
        if (rc == 0)
                rc = precis_store_commit(st, &err);
        if (rc != 0) {
                precis_store_rollback(st);
                rc = cli_store_fail(ctx, rc, &err);
                cli_fail(ctx, 0, "nothing forgotten");
                goto out;
        }
        for (i = 0; i < fs.n; i++)
                forget_line(ctx, "forgot", &fs.a[i]);
out:
        forget_set_done(&fs);
        precis_store_close(st);
        return rc;
}

const struct cli_command cli_cmd_forget = {
        .name = "forget",
        .usage = "[--dry-run] ID|HASH-PREFIX|PATH...",
        .help = "delete articles from the store",
        .run = forget_run,
};
