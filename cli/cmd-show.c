#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <precis/store.h>

#include "cli.h"
#include "options.h"
#include "output.h"
#include "term.h"

static const char show_usage[] =
        "usage: precis show [--full] [--keywords] [--json] ID|HASH-PREFIX|PATH\n"
        "  ID            the number `precis list` shows\n"
        "  HASH-PREFIX   at least 4 hex digits of the hash, as in git\n"
        "  PATH          a path the article was stored from\n"
        "  --full        also print the extracted text\n"
        "  --keywords    also print the keywords\n"
        "  --json        one object: id, hash, title, paths, stored_at, "
        "summary,\n"
        "                keywords, ... (body with --full)\n"
        "Exit 0 when found, 1 when not, 2 for an ambiguous prefix.\n";

int cli_show_resolve(struct cli_ctx *ctx, struct precis_store *st,
                     const char *ref, int64_t *ret_id)
{
        struct precis_error err = { 0 };
        char *cand = NULL, *real;
        int rc;

        rc = precis_store_resolve(st, ref, ret_id, &cand, &err);
        if (rc == PRECIS_E_NOTFOUND) {
                real = realpath(ref, NULL);
                if (real != NULL && strcmp(real, ref) != 0) {
                        struct precis_error err2 = { 0 };

                        if (precis_store_resolve(st, real, ret_id, NULL,
                                                 &err2) == 0) {
                                free(real);
                                return CLI_EXIT_OK;
                        }
                }
                free(real);
        }
        if (rc == 0)
                return CLI_EXIT_OK;
        rc = cli_store_fail(ctx, rc, &err);
        if (cand != NULL) {
                fputs("candidates:\n", ctx->err);
                fputs(cand, ctx->err);
                free(cand);
        }
        return rc;
}

/* Print @text (paragraphs joined by "\n\n", lines by "\n") wrapped to
 * the terminal. */
static void show_paragraphs(struct cli_ctx *ctx, const char *text)
{
        const char *p = text;

        while (*p != '\0') {
                size_t n = strcspn(p, "\n");
                char *line = strndup(p, n);

                if (line == NULL)
                        return;
                if (n == 0)
                        fputc('\n', ctx->out);
                else
                        cli_put_wrapped(ctx->out, line, ctx->width, 0);
                free(line);
                p += n;
                if (*p == '\n')
                        p++;
        }
}

/* "keywords: a, b, c", wrapped under the first keyword. */
static void show_keywords(struct cli_ctx *ctx,
                          const struct precis_store_article *a)
{
        size_t i, len = 1;
        char *line;

        for (i = 0; i < a->n_keywords; i++)
                len += strlen(a->keywords[i].term) + 2;
        line = malloc(len);
        if (line == NULL)
                return;
        line[0] = '\0';
        for (i = 0; i < a->n_keywords; i++) {
                if (i > 0)
                        strcat(line, ", ");
                strcat(line, a->keywords[i].term);
        }
        fputs("\nkeywords: ", ctx->out);
        cli_put_wrapped(ctx->out, line, ctx->width, 10);
        free(line);
}

static void show_text(struct cli_ctx *ctx, const struct precis_store_article *a,
                      int full, int keywords)
{
        FILE *f = ctx->out;
        char t1[32], t2[32], sz[32];
        size_t i;

        cli_put_escaped(f, a->title != NULL ? a->title : "(untitled)");
        fprintf(f, "\nid %lld  hash %s\n", (long long) a->id, a->hash);
        fprintf(f, "%s, %s, %s, %lld %s, %lld %s\n", a->format, a->language,
                cli_human_size(a->bytes, sz), (long long) a->words,
                cli_plural(a->words, "word", "words"),
                (long long) a->sentences,
                cli_plural(a->sentences, "sentence", "sentences"));
        fprintf(f, "stored %s (first seen %s)\n",
                cli_local_time(a->stored_at, t1),
                cli_local_time(a->first_seen, t2));
        for (i = 0; i < a->n_paths; i++) {
                fputs("path ", f);
                cli_put_escaped(f, a->paths[i]);
                if (a->path_hosts != NULL && a->path_hosts[i] != NULL) {
                        fputs(" (on ", f);
                        cli_put_escaped(f, a->path_hosts[i]);
                        fputc(')', f);
                }
                fputc('\n', f);
        }
        fputs("\n", f);
        /* One sentence an item, wrapped to the terminal under its
         * dash, so that where each ends stays visible. */
        for (i = 0; i < a->n_summary; i++) {
                fputs("- ", f);
                cli_put_wrapped(f, a->summary[i].text, ctx->width, 2);
        }
        if (keywords && a->n_keywords > 0)
                show_keywords(ctx, a);
        if (full && a->body != NULL) {
                fputc('\n', f);
                show_paragraphs(ctx, a->body);
        }
}

static int show_run(struct cli_ctx *ctx, int argc, char **argv)
{
        static const struct option longopts[] = {
                { "full", no_argument, NULL, 'f' },
                { "keywords", no_argument, NULL, 'k' },
                { "json", no_argument, NULL, 'j' },
                CLI_LONGOPTS_END,
        };
        struct precis_error err = { 0 };
        struct precis_store_article a;
        struct precis_store *st;
        unsigned what = PRECIS_GET_SUMMARY;
        int c, rc, json = 0, full = 0, keywords = 0;
        int64_t id;

        while ((c = cli_getopt(ctx, argc, argv, "", longopts, show_usage,
                               &rc)) > 0) {
                switch (c) {
                case 'f':
                        full = 1;
                        break;
                case 'k':
                        keywords = 1;
                        break;
                case 'j':
                        json = 1;
                        break;
                }
        }
        if (c < 0)
                return rc;
        if (optind >= argc)
                return cli_usage_fail(ctx, argv[0], show_usage,
                                      "which article? give an ID, a hash "
                                      "prefix or a path");
        if (optind + 1 != argc)
                return cli_usage_fail(ctx, argv[0], show_usage,
                                      "one article at a time ('%s' is one "
                                      "too many)", argv[optind + 1]);
        what |= PRECIS_GET_KEYWORDS;
        if (full)
                what |= PRECIS_GET_BODY;
        rc = cli_store_open(ctx, PRECIS_STORE_READONLY, &st, NULL);
        if (rc != CLI_EXIT_OK)
                return rc;
        rc = cli_show_resolve(ctx, st, argv[optind], &id);
        if (rc != CLI_EXIT_OK) {
                precis_store_close(st);
                return rc;
        }
        rc = precis_store_get(st, id, what, &a, &err);
        precis_store_close(st);
        if (rc != 0)
                return cli_store_fail(ctx, rc, &err);
        cli_pager_start(ctx);
        if (json)
                rc = cli_json_print(ctx, cli_article_json(&a, what), 0);
        else
                show_text(ctx, &a, full, keywords);
        precis_store_article_done(&a);
        return cli_write_status(ctx, rc);
}

const struct cli_command cli_cmd_show = {
        .name = "show",
        .usage = "[--full] [--keywords] [--json] ID|HASH-PREFIX|PATH",
        .help = "show one article's summary and details",
        .run = show_run,
};
