#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <precis/store.h>

#include "cli.h"
#include "output.h"

static const char search_usage[] =
        "usage: precis search [--limit N] [--json] QUERY...\n"
        "Full-text search over titles, summaries and bodies, best first.\n"
        "QUERY is FTS5 syntax: words (all must match), \"a phrase\", OR, "
        "NOT,\n"
        "prefix*, NEAR(a b), title:word.  Words are stemmed (English).\n"
        "  --limit N   at most N hits (default 20)\n"
        "  --json      an array of objects: id, hash, title, snippet, rank\n"
        "Matches are shown in [brackets] (bold on a terminal).\n"
        "Exit 0 with hits, 1 with none, 2 for a malformed query.\n";

struct search_out {
        struct cli_ctx *ctx;       /* borrowed */
        struct precis_store *st;   /* borrowed: the open store */
        json_t *array;             /* owned; NULL for text */
        double best;               /* rank of the first (best) hit */
        int n;                     /* hits seen */
};

/* bm25 ranks are negative and unbounded (lower is better): a person reads
 * them better as a share of the best hit's, 1 for the best, rounded to
 * three digits. */
static double search_relevance(struct search_out *s, double rank)
{
        double r;

        if (s->n++ == 0)
                s->best = rank;
        if (!(s->best < 0) || !(rank < 0))
                return 1;
        r = rank / s->best;
        if (r > 1)
                r = 1;
        return (double) (long) (r * 1000 + 0.5) / 1000;
}

static int search_emit(struct search_out *s, const struct precis_search_hit *h,
                       const char *snippet)
{
        double relevance = search_relevance(s, h->rank);

        if (s->array != NULL) {
                struct precis_error err = { 0 };
                struct precis_store_article a;
                json_t *o;
                int rc;

                /* A hit is the article object of every command, plus
                 * where it matched and how well. */
                rc = precis_store_get(s->st, h->id,
                                      PRECIS_GET_SUMMARY | PRECIS_GET_KEYWORDS,
                                      &a, &err);
                if (rc != 0)
                        return rc;
                o = cli_article_json(&a, 0);
                precis_store_article_done(&a);
                if (o == NULL ||
                    json_object_set_new(o, "snippet", json_string(snippet)) ||
                    json_object_set_new(o, "relevance",
                                        json_real(relevance)) ||
                    json_array_append_new(s->array, o) != 0)
                        return -ENOMEM;
                return 0;
        }
        fprintf(s->ctx->out, "%-6lld %.12s  ", (long long) h->id, h->hash);
        cli_put_escaped(s->ctx->out, h->title != NULL ? h->title
                                                      : "(untitled)");
        fputs("\n       ", s->ctx->out);
        cli_put_escaped(s->ctx->out, snippet);
        fputc('\n', s->ctx->out);
        return 0;
}

/* Snippets span paragraphs: show them on one line. */
static char *search_flatten(const char *snippet)
{
        char *out = strdup(snippet != NULL ? snippet : ""), *w = out;
        const char *r;

        if (out == NULL)
                return NULL;
        for (r = out; *r != '\0'; r++) {
                if (*r == '\n' || *r == '\r' || *r == '\t' || *r == ' ') {
                        if (w > out && w[-1] != ' ')
                                *w++ = ' ';
                        continue;
                }
                *w++ = *r;
        }
        *w = '\0';
        return out;
}

static int search_cb(const struct precis_search_hit *h, void *data)
{
        struct search_out *s = data;
        char *snippet = search_flatten(h->snippet);
        int rc = 0;

        if (snippet == NULL)
                return -ENOMEM;
        rc = search_emit(s, h, snippet);
        free(snippet);
        return rc;
}

static int search_run(struct cli_ctx *ctx, int argc, char **argv)
{
        static const struct option longopts[] = {
                { "limit", required_argument, NULL, 'n' },
                { "json", no_argument, NULL, 'j' },
                { "help", no_argument, NULL, 'h' },
                { NULL, 0, NULL, 0 },
        };
        struct precis_search_opts o = { NULL, 20, NULL, NULL, 16 };
        struct precis_error err = { 0 };
        struct search_out s = { ctx, NULL, NULL, 0, 0 };
        struct precis_store *st;
        char *query = NULL;
        size_t len = 0;
        int c, i, rc, json = 0;

        optind = 1;
        while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
                switch (c) {
                case 'n':
                        if (cli_parse_int(optarg, 1, 100000, &o.limit) != 0)
                                return cli_fail(ctx, CLI_EXIT_USAGE,
                                                "--limit needs a number from "
                                                "1 to 100000, not '%s'",
                                                optarg);
                        break;
                case 'j':
                        json = 1;
                        break;
                case 'h':
                        fputs(search_usage, ctx->out);
                        return CLI_EXIT_OK;
                default:
                        fputs(search_usage, ctx->err);
                        return CLI_EXIT_USAGE;
                }
        }
        if (optind >= argc) {
                fputs(search_usage, ctx->err);
                return CLI_EXIT_USAGE;
        }
        /* Several words on the command line form one query. */
        for (i = optind; i < argc; i++)
                len += strlen(argv[i]) + 1;
        query = malloc(len);
        if (query == NULL)
                return cli_fail(ctx, CLI_EXIT_INTERNAL, "out of memory");
        query[0] = '\0';
        for (i = optind; i < argc; i++) {
                if (i > optind)
                        strcat(query, " ");
                strcat(query, argv[i]);
        }
        o.query = query;
        if (!json && isatty(fileno(ctx->out)) == 1) {
                o.hl_start = "\033[1m";
                o.hl_end = "\033[0m";
        }
        rc = cli_store_open(ctx, PRECIS_STORE_READONLY, &st);
        if (rc != CLI_EXIT_OK) {
                free(query);
                return rc;
        }
        s.st = st;
        if (json)
                s.array = json_array();
        rc = precis_store_search(st, &o, search_cb, &s, &err);
        precis_store_close(st);
        free(query);
        if (rc < 0) {
                json_decref(s.array);
                return cli_store_fail(ctx, rc, &err);
        }
        if (json && cli_json_print(ctx, s.array, 0) != 0)
                return cli_fail(ctx, CLI_EXIT_INTERNAL, "cannot write output");
        return rc > 0 ? CLI_EXIT_OK : CLI_EXIT_NOTFOUND;
}

const struct cli_command cli_cmd_search = {
        .name = "search",
        .usage = "[--limit N] [--json] QUERY...",
        .help = "full-text search with highlighted snippets",
        .run = search_run,
};
