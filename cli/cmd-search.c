#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <precis/store.h>

#include "cli.h"
#include "options.h"
#include "output.h"
#include "term.h"

static const char search_usage[] =
        "usage: precis search [--fts] [--limit N] [--json] QUERY...\n"
        "Full-text search over titles, summaries and bodies, best first.\n"
        "QUERY is the words you would type, matched literally (punctuation "
        "inside a\n"
        "word as in the text: solar-power, don't, U.S.); every word must "
        "match.\n"
        "  \"a phrase\"    the words in this order\n"
        "  -word         articles without the word (or -\"a phrase\")\n"
        "  title:word    the word in the title (or title:\"a phrase\")\n"
        "  word*         words starting with it\n"
        "Words are stemmed (English): zebra finds zebras.\n"
        "  --fts       read QUERY as SQLite FTS5 syntax instead (OR, NOT, "
        "NEAR(),\n"
        "              column filters)\n"
        "  --limit N   at most N hits (default 20)\n"
        "  --json      an array of article objects (docs/json.md) with "
        "snippet and\n"
        "              relevance (1 for the best hit)\n"
        "Matches are bold on a terminal, in [brackets] when piped, unmarked "
        "with\n"
        "--color=never or NO_COLOR.\n"
        "Exit 0 with hits, 1 with none, 2 for a query with nothing to look "
        "for\n"
        "(or a malformed --fts query).\n";

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

/* Snippets span paragraphs: show them on one line.  The JSON snippet
 * marks matches with [brackets]. */
static char *search_flatten(const char *snippet, int brackets)
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
                if (brackets && (*r == '\001' || *r == '\002')) {
                        *w++ = *r == '\001' ? '[' : ']';
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
        double relevance = search_relevance(s, h->rank);
        char *snippet = search_flatten(h->snippet, s->array != NULL);
        FILE *f;
        int rc = 0;

        if (snippet == NULL)
                return -ENOMEM;
        if (s->array != NULL) {
                struct precis_error err = { 0 };
                struct precis_store_article a;
                json_t *o;

                /* A hit is the article object of every command, plus
                 * where it matched and how well. */
                rc = precis_store_get(s->st, h->id,
                                      PRECIS_GET_SUMMARY | PRECIS_GET_KEYWORDS,
                                      &a, &err);
                if (rc != 0) {
                        free(snippet);
                        return rc;
                }
                o = cli_article_json(&a, 0);
                precis_store_article_done(&a);
                if (o == NULL ||
                    json_object_set_new(o, "snippet", json_string(snippet)) ||
                    json_object_set_new(o, "relevance",
                                        json_real(relevance)) ||
                    json_array_append_new(s->array, o) != 0)
                        rc = -ENOMEM;
                free(snippet);
                return rc;
        }
        /* The pager starts with the first hit, so that a query that
         * fails or finds nothing prints its message without one. */
        cli_pager_start(s->ctx);
        f = s->ctx->out;
        /* The order is the ranking: a number would add nothing. */
        fprintf(f, "%-5lld ", (long long) h->id);
        if (h->title_marked != NULL && *h->title_marked != '\0')
                cli_put_fit_marked(f, h->title_marked,
                                   s->ctx->width > 6 ? s->ctx->width - 6 : 0,
                                   (enum cli_mark) s->ctx->mark);
        else
                fputs("(untitled)", f);
        fputs("\n      ", f);
        cli_put_wrapped_marked(f, snippet, s->ctx->width, 6, s->ctx->mark);
        free(snippet);
        return ferror(f) ? -EIO : 0;
}

/* Parse the options (the query's words are already out of @argv).
 * Returns -1 to go on, else the exit code. */
static int search_options(struct cli_ctx *ctx, int argc, char **argv,
                          struct precis_search_opts *o, int *json)
{
        static const struct option longopts[] = {
                { "limit", required_argument, NULL, 'n' },
                { "fts", no_argument, NULL, 'f' },
                { "json", no_argument, NULL, 'j' },
                CLI_LONGOPTS_END,
        };
        int c, rc;

        while ((c = cli_getopt(ctx, argc, argv, "h", longopts, search_usage,
                               &rc)) > 0) {
                switch (c) {
                case 'n':
                        rc = cli_number_option(ctx, NULL, "--limit", optarg,
                                               1, 100000, &o->limit);
                        if (rc != CLI_EXIT_OK)
                                return rc;
                        break;
                case 'f':
                        o->syntax = PRECIS_QUERY_FTS5;
                        break;
                case 'j':
                        *json = 1;
                        break;
                }
        }
        return c < 0 ? rc : -1;
}

static int search_run(struct cli_ctx *ctx, int argc, char **argv)
{
        struct precis_search_opts o = { NULL, 20, NULL, NULL, 16,
                                        PRECIS_QUERY_WORDS };
        struct precis_error err = { 0 };
        struct search_out s = { ctx, NULL, NULL, 0, 0 };
        struct precis_store *st;
        char *query = NULL, **words;
        size_t len = 0, off = 0;
        int i, j, nwords = 0, rc, json = 0;

        /* "-word" excludes a word: only "--option" is an option (and
         * -h, as for every command), so the query's words are taken
         * out first and getopt sees the options alone. */
        words = calloc((size_t) argc + 1, sizeof(*words));
        if (words == NULL)
                return cli_fail(ctx, CLI_EXIT_INTERNAL, "out of memory");
        for (i = 1, j = 1; i < argc; i++) {
                if (strcmp(argv[i], "--") == 0) {
                        while (++i < argc)
                                words[nwords++] = argv[i];
                        break;
                }
                if (strncmp(argv[i], "--", 2) == 0 ||
                    strcmp(argv[i], "-h") == 0) {
                        argv[j++] = argv[i];
                        if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc)
                                argv[j++] = argv[++i];
                        continue;
                }
                words[nwords++] = argv[i];
        }
        argc = j;
        argv[argc] = NULL;
        rc = search_options(ctx, argc, argv, &o, &json);
        if (rc != -1) {
                free(words);
                return rc;
        }
        if (nwords == 0) {
                free(words);
                return cli_usage_fail(ctx, argv[0], search_usage,
                                      "what to search for? give a query");
        }
        /* Several words on the command line form one query. */
        for (i = 0; i < nwords; i++)
                len += strlen(words[i]) + 1;
        query = malloc(len);
        if (query == NULL) {
                free(words);
                return cli_fail(ctx, CLI_EXIT_INTERNAL, "out of memory");
        }
        for (i = 0; i < nwords; i++) {
                size_t n = strlen(words[i]);

                if (i > 0)
                        query[off++] = ' ';
                memcpy(query + off, words[i], n);
                off += n;
        }
        query[off] = '\0';
        free(words);
        o.query = query;
        /* Marks the text cannot contain (the extractor keeps no C0
         * control characters), turned into bold, brackets or nothing by
         * cli_put_marked(); never escape sequences inside the text. */
        o.hl_start = "\001";
        o.hl_end = "\002";
        rc = cli_store_open(ctx, PRECIS_STORE_READONLY, &st, NULL);
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
                if (rc == -EIO)
                        return cli_fail(ctx, CLI_EXIT_INTERNAL,
                                        "cannot write output");
                return cli_store_fail(ctx, rc, &err);
        }
        if (json)
                cli_pager_start(ctx);
        if (json && cli_json_print(ctx, s.array, 0) != 0)
                return cli_fail(ctx, CLI_EXIT_INTERNAL, "cannot write output");
        if (rc == 0 && !json)
                return cli_fail(ctx, CLI_EXIT_NOTFOUND,
                                "no article matches the query");
        return rc > 0 ? CLI_EXIT_OK : CLI_EXIT_NOTFOUND;
}

const struct cli_command cli_cmd_search = {
        .name = "search",
        .usage = "[--fts] [--limit N] [--json] QUERY...",
        .help = "full-text search with highlighted snippets",
        .run = search_run,
};
