#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <precis/config.h>
#include <precis/doc.h>
#include <precis/lang.h>

#include "cli.h"
#include "input.h"
#include "options.h"
#include "output.h"

static const char summarize_usage[] =
        "usage: precis summarize [--sentences N | --words N | --ratio R] "
        "[--algorithm NAME]\n"
        "                        [--lang L] [--keywords N] [--scores] "
        "[--json] FILE|-...\n"
        "  --sentences N   summary of N sentences (default 5)\n"
        "  --words N       about N words (at least one sentence)\n"
        "  --ratio R       a share of the sentences: 0.2 or 20%\n"
        "  --algorithm A   default, textrank or lead\n"
        "  --lang L        language (Snowball name or ISO code; default: "
        "detect)\n"
        "  --keywords N    keywords in --json output (default 10)\n"
        "  --scores        prefix each sentence with its index and score\n"
        "  --json          the article object of docs/json.md (summary, "
        "keywords, ...),\n"
        "                  one object per line (JSON lines)\n"
        "Several files: each summary under a \"==> FILE <==\" header; a "
        "file that\n"
        "fails is reported and the others are still summarized (exit: the "
        "first\nfailure's code).\n";

static void summarize_help(FILE *f)
{
        const char *const *names = precis_lang_names();
        size_t i, col = 2;

        fputs(summarize_usage, f);
        fputs("\nlanguages (--lang also takes ISO 639 codes):\n ", f);
        for (i = 0; names[i] != NULL; i++) {
                /* "porter" is a stemmer variant, not a language. */
                if (strcmp(names[i], "porter") == 0)
                        continue;
                if (col + strlen(names[i]) + 1 > 78) {
                        fputs("\n ", f);
                        col = 2;
                }
                fprintf(f, " %s", names[i]);
                col += strlen(names[i]) + 1;
        }
        fputc('\n', f);
}

static int summarize_print_json(struct cli_ctx *ctx, const char *path,
                                const struct precis_doc *d,
                                const struct precis_summary_opts *o)
{
        struct precis_store_article a;
        int rc;

        json_t *j;

        rc = cli_doc_article(d, path, o, &a);
        if (rc != 0)
                return rc;
        j = cli_article_json(&a, 0);
        /* The chosen sentences once more under the name the first
         * summarize output gave them, which tools written against it read
         * (../shared/tools/summary_hygiene.py); the same array as
         * "summary" (docs/json.md). */
        if (j != NULL && json_object_set_new(j, "sentences", json_deep_copy(
                                 json_object_get(j, "summary"))) != 0) {
                json_decref(j);
                j = NULL;
        }
        rc = cli_json_print(ctx, j, 1);
        cli_doc_article_done(&a);
        return rc;
}

/* Summarize @path (or "-") and print it: the sentences, under a "==> PATH
 * <==" header (as head(1) does) when there are several files, or one
 * compact JSON object on its own line.  Returns a cli_exit code, having
 * printed any error. */
static int summarize_one(struct cli_ctx *ctx, const char *path,
                         const struct precis_summary_opts *o, int json,
                         int scores, int several, int first)
{
        struct precis_error err = { 0 };
        struct precis_doc d;
        char *data = NULL;
        size_t len = 0, i;
        int rc;

        rc = cli_input_read(path, CLI_INPUT_MAX, &data, &len, &err);
        if (rc != 0)
                return cli_fail(ctx, CLI_EXIT_USAGE, "%s: %s", path,
                                precis_error_msg(&err, rc));
        rc = precis_doc_build(data, len, o, &d, &err);
        if (rc != 0) {
                precis_doc_done(&d);
                free(data);
                return cli_fail(ctx, rc == -ENOMEM ? CLI_EXIT_INTERNAL
                                                   : CLI_EXIT_USAGE,
                                "%s: %s", path, precis_error_msg(&err, rc));
        }
        if (json) {
                rc = summarize_print_json(ctx, path, &d, o);
        } else {
                if (several) {
                        fputs(first ? "==> " : "\n==> ", ctx->out);
                        cli_put_escaped(ctx->out, path);
                        fputs(" <==\n", ctx->out);
                }
                for (i = 0; i < d.summary.n_picks; i++) {
                        if (scores)
                                fprintf(ctx->out, "%zu\t%.4f\t",
                                        d.summary.picks[i].index,
                                        d.summary.picks[i].score);
                        fprintf(ctx->out, "%s\n", d.summary.picks[i].text);
                }
                rc = ferror(ctx->out) ? -EIO : 0;
        }
        precis_doc_done(&d);
        free(data);
        return cli_write_status(ctx, rc);
}

static int summarize_with(struct cli_ctx *ctx, int argc, char **argv,
                          struct precis_summary_opts *op)
{
        static const struct option longopts[] = {
                CLI_SUMMARY_LONGOPTS,
                { "scores", no_argument, NULL, 'S' },
                { "json", no_argument, NULL, 'j' },
                CLI_LONGOPTS_END,
        };
        struct precis_summary_opts o = *op;
        size_t i;
        int c, json = 0, scores = 0, lengths = 0, rc;
        int exit_code = CLI_EXIT_OK;

        /* --help comes back as 'h': it lists the languages too. */
        while ((c = cli_getopt(ctx, argc, argv, "", longopts, NULL, &rc)) >
               0) {
                switch (c) {
                case 'S':
                        scores = 1;
                        break;
                case 'j':
                        json = 1;
                        break;
                case 'h':
                        summarize_help(ctx->out);
                        return CLI_EXIT_OK;
                default:
                        rc = cli_summary_option(ctx, c, optarg, &o, &lengths);
                        if (rc != CLI_EXIT_OK)
                                return rc;
                        break;
                }
        }
        if (c < 0)
                return rc;
        if (optind >= argc)
                return cli_usage_fail(ctx, argv[0], summarize_usage,
                                      "which file? give one or more FILEs, "
                                      "or - for standard input");
        /* Every file is tried; the exit code is the first failure's, and
         * a failure does not stop the files after it. */
        for (i = (size_t) optind; i < (size_t) argc; i++) {
                rc = summarize_one(ctx, argv[i], &o, json, scores,
                                   argc - optind > 1, i == (size_t) optind);
                if (rc != CLI_EXIT_OK && exit_code == CLI_EXIT_OK)
                        exit_code = rc;
                if (rc == CLI_EXIT_INTERNAL)
                        break;
        }
        return exit_code;
}

static int summarize_run(struct cli_ctx *ctx, int argc, char **argv)
{
        struct precis_summary_opts o;
        struct precis_config cfg;
        int rc;

        /* [summary] of the configuration gives the defaults, as in the
         * daemon; the options override it. */
        rc = cli_config_load(ctx, &cfg, NULL);
        if (rc != CLI_EXIT_OK)
                return rc;
        precis_config_summary_opts(&cfg, &o);
        rc = summarize_with(ctx, argc, argv, &o);
        precis_config_done(&cfg);
        return rc;
}

const struct cli_command cli_cmd_summarize = {
        .name = "summarize",
        .usage = "[--sentences N|--words N|--ratio R] [--algorithm NAME] "
                 "[--lang L] [--json] FILE|-...",
        .help = "summarize files (no store needed)",
        .run = summarize_run,
};
