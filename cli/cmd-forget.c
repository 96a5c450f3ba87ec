#include <getopt.h>

#include <precis/store.h>

#include "cli.h"
#include "output.h"

static const char forget_usage[] =
        "usage: precis forget ID|HASH-PREFIX|PATH...\n"
        "Delete articles from the store: summary, keywords, text, paths and "
        "search\n"
        "entry.  The files themselves are not touched; a file still in the "
        "inbox is\n"
        "stored again only if it changes or is dropped in again.\n"
        "Exit 0 when every article was forgotten, 1 when one was not found.\n";

static int forget_run(struct cli_ctx *ctx, int argc, char **argv)
{
        static const struct option longopts[] = {
                { "help", no_argument, NULL, 'h' },
                { NULL, 0, NULL, 0 },
        };
        struct precis_store *st;
        int c, i, rc, exit_code = CLI_EXIT_OK;

        optind = 1;
        while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
                switch (c) {
                case 'h':
                        fputs(forget_usage, ctx->out);
                        return CLI_EXIT_OK;
                default:
                        fputs(forget_usage, ctx->err);
                        return CLI_EXIT_USAGE;
                }
        }
        if (optind >= argc) {
                fputs(forget_usage, ctx->err);
                return CLI_EXIT_USAGE;
        }
        rc = cli_store_open(ctx, PRECIS_STORE_NOCREATE, &st);
        if (rc != CLI_EXIT_OK)
                return rc;
        for (i = optind; i < argc; i++) {
                struct precis_error err = { 0 };
                struct precis_store_article a;
                int64_t id;

                rc = cli_show_resolve(ctx, st, argv[i], &id);
                if (rc != CLI_EXIT_OK) {
                        if (exit_code == CLI_EXIT_OK ||
                            exit_code == CLI_EXIT_NOTFOUND)
                                exit_code = rc;
                        continue;
                }
                rc = precis_store_get(st, id, 0, &a, &err);
                if (rc == 0)
                        rc = precis_store_forget(st, id, &err);
                if (rc != 0) {
                        exit_code = cli_store_fail(ctx, rc, &err);
                        if (rc != PRECIS_E_NOTFOUND)
                                break;
                        continue;
                }
                fprintf(ctx->out, "forgot %lld %.12s ", (long long) a.id,
                        a.hash);
                cli_put_escaped(ctx->out,
                                a.title != NULL ? a.title : "(untitled)");
                fputc('\n', ctx->out);
                precis_store_article_done(&a);
        }
        precis_store_close(st);
        return exit_code;
}

const struct cli_command cli_cmd_forget = {
        .name = "forget",
        .usage = "ID|HASH-PREFIX|PATH...",
        .help = "delete articles from the store",
        .run = forget_run,
};
